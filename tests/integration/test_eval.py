"""`kg eval --by-doc` and `--compare`: an article's figures in a graph of several equal
those of a graph built from that article alone, and a comparison names exactly the facts
a change lost."""
import json

import pytest

from helpers import ARTICLES, cli

GOLD = ARTICLES / "gold.jsonl"
DOCS = sorted(json.loads(line)["doc"] for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip())


@pytest.fixture(scope="module")
def graphs(tmp_path_factory):
    root = tmp_path_factory.mktemp("eval")
    out = {"all": root / "all"}
    assert cli("build", *(ARTICLES / d for d in DOCS), "-o", out["all"], "-q").returncode == 0
    for doc in DOCS:
        out[doc] = root / doc
        assert cli("build", ARTICLES / doc, "-o", out[doc], "-q").returncode == 0
    # the same articles without the rule that finds who presides over a meeting
    data = root / "data" / "patterns"
    data.mkdir(parents=True)
    (data / "relations.yml").write_text("remove:\n  presides: [person-zhuchi-meeting, meeting-by-person]\n",
                                        encoding="utf-8")
    out["weaker"] = root / "weaker"
    assert cli("build", *(ARTICLES / d for d in DOCS), "-o", out["weaker"], "--data", root / "data",
               "-q").returncode == 0
    return out


def report(graph, *args):
    result = cli("eval", graph / "graph.ttl", GOLD, "--json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_each_article_scores_as_if_built_alone(graphs):
    together = report(graphs["all"], "--by-doc")
    assert sorted(together["documents"]) == DOCS
    for doc in DOCS:
        alone = report(graphs[doc], "--doc", doc)
        for section in ("entities", "relations"):
            for key in ("tp", "pred", "gold"):
                assert together["documents"][doc][section]["ALL"][key] == alone[section]["ALL"][key], (doc, section)
    assert sum(d["entities"]["ALL"]["pred"] for d in together["documents"].values()) >= \
        together["entities"]["ALL"]["pred"]


def test_the_table_has_a_line_per_article(graphs):
    result = cli("eval", graphs["all"] / "graph.ttl", GOLD, "--by-doc", "--brief")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert all(any(line.startswith(doc) for line in lines) for doc in DOCS)


def test_compare_names_what_a_change_broke_and_fixed(graphs, tmp_path):
    before = tmp_path / "before.json"
    before.write_text(json.dumps(report(graphs["all"], "--by-doc"), ensure_ascii=False), encoding="utf-8")
    weaker = report(graphs["weaker"], "--by-doc")
    lost = {(doc, m) for doc, r in weaker["documents"].items() for m in r["relations"]["presides"]["missed"]} - \
        {(doc, m) for doc, r in json.loads(before.read_text(encoding="utf-8"))["documents"].items()
         for m in r["relations"]["presides"]["missed"]}
    assert lost  # removing the rules lost facts
    result = cli("eval", graphs["weaker"] / "graph.ttl", GOLD, "--compare", before)
    assert result.returncode == 0, result.stderr
    broke = result.stdout.split("broke (", 1)[1]
    for doc, fact in lost:
        assert f"{doc}: misses {fact}" in broke
    fixed_lines = result.stdout.split("fixed (", 1)[1].split("broke (", 1)[0]
    assert "presides" not in fixed_lines
    # and the other way round, what the weaker graph missed shows as fixed
    after = tmp_path / "weaker.json"
    after.write_text(json.dumps(weaker, ensure_ascii=False), encoding="utf-8")
    back = cli("eval", graphs["all"] / "graph.ttl", GOLD, "--compare", after, "--json")
    change = json.loads(back.stdout)
    assert {f"{doc}: found {fact}" for doc, fact in lost} <= set(change["fixed"])


def test_a_file_that_is_not_a_report_is_one_line_and_exit_2(graphs, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"entities": 3}', encoding="utf-8")
    result = cli("eval", graphs["all"] / "graph.ttl", GOLD, "--compare", bad)
    assert result.returncode == 2 and "E040" in result.stderr and len(result.stderr.strip().splitlines()) == 1
