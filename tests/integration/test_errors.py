"""One error style: a user's mistake is one line naming what is wrong and exit 2, from every
command; the messages live in one catalogue."""
import re

import pytest

from helpers import SAMPLE, cli as kg
from kg import errors

ARTICLE = "省政协召开常委会会议，省政协主席朱国贤主持会议。"


def one_line(result, *words):
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    assert re.match(r"kg: \[E\d{3}\] ", result.stderr), result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)


def user_data(tmp_path, relative, text):
    folder = tmp_path / "mine"
    (folder / relative).parent.mkdir(parents=True, exist_ok=True)
    (folder / relative).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.mark.parametrize("relative, text, words", [
    ("patterns/relations.yml", "presides:\n  - name: broken\n    pattern: \"[unclosed\"\n    confidence: 0.9\n",
     ["relations.yml", "broken", "regular expression"]),
    ("patterns/relations.yml", "presides:\n  - name: typo\n    pattern: \"{Persn}主持{Meeting}\"\n    confidence: 0.9\n",
     ["typo", "{Persn}"]),
    ("patterns/relations.yml", "chairs:\n  - name: x\n    pattern: \"{Person}\"\n    confidence: 0.9\n",
     ["unknown property", "chairs"]),
    ("patterns/relations.yml", "presides:\n  - name: x\n    pattern: \"{Person}\"\n    confidence: high\n",
     ["confidence"]),
    ("patterns/relations.yml", "presides: [\n", ["relations.yml", "YAML"]),
    ("lexicon/grammar.yml", "meeting_suffixes: [会议\n  bad: : :\n", ["grammar.yml", "YAML"]),
    ("lexicon/divisions.tsv", "220000 吉林省 no tab\n", ["divisions.tsv", "line 1"]),
])
def test_bad_data_files_are_named_in_one_line(tmp_path, article, relative, text, words):
    one_line(kg("build", article, "-o", tmp_path / "out", "--data", user_data(tmp_path, relative, text)), *words)
    assert not (tmp_path / "out").exists()


def test_malformed_gold_is_one_line_with_its_line_number(tmp_path):
    out = tmp_path / "out"
    assert kg("build", SAMPLE, "-o", out, "-q").returncode == 0
    for text, words in (('{"doc": "a.txt", "entities": [], "relations": []}\n{not json\n', ["line 2"]),
                        ('{"doc": "a.txt", "entities": [{"type": "Persn", "name": "x"}], "relations": []}\n',
                         ["line 1", "type"]),
                        ('{"doc": "a.txt", "entities": []}\n', ["line 1", "relations"])):
        gold = tmp_path / "gold.jsonl"
        gold.write_text(text, encoding="utf-8")
        one_line(kg("eval", out / "graph.ttl", gold), *words)


def test_malformed_graph_files_are_one_line_for_every_reader(tmp_path):
    bad = tmp_path / "graph.ttl"
    bad.write_text("@prefix kg: <http://x/> .\nkg:a kg:b kg:c ;\n  ,,, .\n", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc": "a.txt", "entities": [], "relations": []}\n', encoding="utf-8")
    for args in (["html", bad, "-o", tmp_path / "v.html"], ["validate", bad], ["eval", bad, gold],
                 ["query", bad, "ASK {}"]):
        one_line(kg(*args), "graph.ttl")
    assert not (tmp_path / "v.html").exists()


def test_every_catalogued_message_formats_and_has_a_code():
    for name in dir(errors.Errors):
        if re.fullmatch(r"E\d{3}", name):
            message = getattr(errors.Errors, name)
            assert message.startswith(f"[{name}] ")
            fields = set(re.findall(r"{(\w+)", message))
            message.format(**{f: "x" for f in fields})


def test_the_errors_kg_raises_are_its_own_family():
    for cls in (errors.InputError, errors.OutputError, errors.WriteError, errors.DataError, errors.BackendUnavailable,
                errors.GraphFileError, errors.QueryError, errors.ViewError):
        assert issubclass(cls, errors.KGError)
    assert errors.WriteError.exit_code == 1 and errors.InputError.exit_code == 2
