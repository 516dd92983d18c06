"""Articles about other provinces, none of whose names kg's data holds: what a user in
Sichuan or Henan needs extracted, and the score of a build against their annotations."""
import json
import subprocess
import sys

import pytest

import kg
from helpers import ARTICLES, ROOT, SHARED, cli
from kg.graph import facts, find_nodes


@pytest.fixture(scope="module")
def graph():
    return kg.build_graph([ARTICLES])


def test_provincial_abbreviations_resolve_to_the_articles_province(graph):
    assert find_nodes(graph, "四川省政协", "Organization")
    assert "省政协" in graph.nodes[find_nodes(graph, "四川省政协")[0]]["aliases"]
    assert not find_nodes(graph, "吉林省政协")
    # a city body stays apart from the provincial one
    assert find_nodes(graph, "宜宾市政协", "Organization")


def test_chair_presides_and_members_attend(graph):
    assert ("何正源", "presides") in {(s, p) for s, p, _, _ in facts(graph, "何正源", "presides")}
    attended = {s for s, _, _, _ in facts(graph, prop="attends", obj="政协四川省第十三届委员会常务委员会第十二次会议")}
    assert {"严立峰", "章若琳", "薛定川", "尹文涛", "卢安澜", "滕启明"} <= attended


def test_every_post_of_a_chain(graph):
    posts = facts(graph, "孔维钧", "holdsPosition")
    assert ("孔维钧", "holdsPosition", "中共洛阳市委", "副书记") in posts
    assert any(title == "市长" and "洛阳市人民政府" in graph.nodes[find_nodes(graph, o)[0]]["aliases"]
               for _, _, o, title in posts)
    assert ("晏书恒", "holdsPosition", "中共四川省委统战部", "部长") in facts(graph, "晏书恒", "holdsPosition")


def test_city_programmes_and_sub_bodies(graph):
    assert find_nodes(graph, "洛浦英才", "Program")
    assert ("中共洛阳市委人才办", "subOrganizationOf", "中共洛阳市委", None) in facts(graph, "中共洛阳市委人才办")
    assert ("洛阳市人力资源和社会保障局", "implements", "古都智汇", None) in facts(graph, "市人社局", "implements")


def test_kg_eval_scores_the_build_against_the_annotations(tmp_path):
    out = tmp_path / "out"
    kg.write_outputs(kg.build_graph([ARTICLES]), out)
    result = cli("eval", out / "graph.ttl", ARTICLES / "gold.jsonl", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["entities"]["ALL"]["F1"] >= 0.9
    assert report["relations"]["ALL"]["F1"] >= 0.75


def test_kg_eval_agrees_with_the_shared_scorer(shared_outputs):
    scorer = SHARED / "eval" / "score.py"
    if not scorer.exists():
        pytest.skip("../shared/eval/score.py is not beside the project")
    gold = SHARED / "gold" / "dev.jsonl"
    theirs = json.loads(subprocess.run([sys.executable, scorer, shared_outputs / "graph.ttl", gold, "--json"],
                                       capture_output=True, text=True, check=True).stdout)
    from kg.quality.evaluate import evaluate
    ours = evaluate(shared_outputs / "graph.ttl", gold)
    for section in ("entities", "relations"):
        for key in ours[section]:
            assert ours[section][key]["F1"] == theirs[section][key]["F1"], (section, key)


@pytest.mark.parametrize("gold_name", ["dev.jsonl", "corpus2.jsonl"])
def test_no_dictionary_or_rule_file_names_a_person_of_the_shared_articles(gold_name):
    """A rule of the language, not of the texts: no word list or pattern the project ships
    (nor its code) holds the name of a person annotated in the shared articles."""
    gold = SHARED / "gold" / gold_name
    if not gold.exists():
        pytest.skip("../shared/gold is not beside the project")
    people = set()
    for line in gold.read_text(encoding="utf-8").splitlines():
        if line.strip():
            people |= {e["name"] for e in json.loads(line)["entities"] if e["type"] == "Person"}
    assert len(people) > 20
    data = ROOT / "kg" / "data"
    files = [*(data / "lexicon").rglob("*"), *(data / "patterns").rglob("*"), *(ROOT / "kg").rglob("*.py")]
    for path in files:
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not [p for p in people if p in text], path
