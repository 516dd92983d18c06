"""A user's folder (--data) adds to, removes from and replaces kg's data; what does not
load is named."""
import re

import pytest

from kg.errors import DataError
from kg.lexicon import DATA_DIR, Confidences, Lexicon, Words, lexicon_for


def with_files(tmp_path, files: dict[str, str]) -> Lexicon:
    for relative, text in files.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text, encoding="utf-8")
    return Lexicon([DATA_DIR, tmp_path])


def test_word_lists_add_and_remove(tmp_path):
    lex = with_files(tmp_path, {"lexicon/titles.txt": "首席专家\n-书记\n", "lexicon/surnames.txt": "-王 欧阳\n"})
    assert "首席专家" in lex.titles and "书记" not in lex.titles and "副书记" in lex.titles
    assert "王" not in lex.surnames and "欧阳" in lex.surnames and "李" in lex.surnames


def test_tables_remove_by_their_first_field(tmp_path):
    lex = with_files(tmp_path, {"lexicon/divisions.tsv": "-220105\n990000\t测试省\n"})
    assert "220105" not in lex.divisions and lex.divisions["990000"].name == "测试省"


def test_yaml_lists_add_remove_and_values_replace(tmp_path):
    lex = with_files(tmp_path, {"lexicon/grammar.yml": (
        "meetings:\n  suffixes: [恳谈会]\nremove:\n  meetings:\n    suffixes: [论坛]\n"
        "replace:\n  meetings:\n    min_topic: 3\n")})
    meetings = lex.section("meetings")
    assert "恳谈会" in meetings.value("suffixes", Words) and "论坛" not in meetings.value("suffixes", Words)
    assert meetings.value("min_topic", int) == 3 and meetings.value("min_length", int) == 4
    assert lexicon_for().section("meetings").value("min_topic", int) == 6  # the built-in data is untouched


def test_a_key_kg_does_not_know_is_a_typo(tmp_path):
    lex = with_files(tmp_path, {"lexicon/grammar.yml": "meetings:\n  sufixes: [恳谈会]\n"})
    with pytest.raises(DataError, match="unknown key meetings.'sufixes'"):
        lex.grammar


def test_open_dictionaries_take_new_keys(tmp_path):
    lex = with_files(tmp_path, {"lexicon/title_organizations.yml": "州长: \"{prefecture}\"\n"})
    assert lex.title_default_organizations["州长"] == "{prefecture}" and "总书记" in lex.title_default_organizations


def test_relation_rules_replace_by_name_and_remove(tmp_path):
    lex = with_files(tmp_path, {"patterns/relations.yml": (
        "presides:\n  - name: person-zhuchi-meeting\n    pattern: \"(?P<s>{Person})主持(?P<o>{Meeting})\"\n"
        "    confidence: 0.5\nremove:\n  attends: [person-attends-meeting]\n")})
    presides = {r["name"]: r for r in lex.relation_patterns["presides"]}
    assert presides["person-zhuchi-meeting"]["confidence"] == 0.5 and len(presides) >= 3
    assert "person-attends-meeting" not in {r["name"] for r in lex.relation_patterns["attends"]}


def test_verb_sets_compose():
    lex = lexicon_for()
    assert set(lex.verbs("run_programme")) < set(lex.verbs("implement"))
    assert "推进" in lex.verbs("implement_as_actor") and "推进" not in lex.verbs("implement")


def test_a_macro_that_is_not_there_is_named(tmp_path):
    lex = with_files(tmp_path, {"lexicon/grammar.yml": "replace:\n  meetings:\n    session_term: \"{numbrals}届\"\n"})
    with pytest.raises(DataError, match="meetings.session_term.*{numbrals}"):
        lex.section("meetings").value("session_term", re.Pattern)


def test_a_value_of_the_wrong_kind_names_its_key(tmp_path):
    lex = with_files(tmp_path, {"lexicon/grammar.yml": "replace:\n  meetings:\n    min_topic: many\n"})
    with pytest.raises(DataError, match="meetings.min_topic: expected a whole number"):
        lex.section("meetings").value("min_topic", int)
    lex = with_files(tmp_path, {"lexicon/grammar.yml": "meetings:\n  confidence: {named: 2}\n"})
    with pytest.raises(DataError, match="meetings.confidence: expected rules with a confidence from 0 to 1"):
        lex.section("meetings").value("confidence", Confidences)


def test_the_built_in_grammar_conforms_to_its_schema():
    lex = lexicon_for()
    assert set(lex.grammar) == set(lex.grammar_schema)
    for name, kinds in lex.grammar_schema.items():
        if name != "verbs":
            assert set(vars(lex.grammar_of(name))) == set(kinds), name
    assert all(isinstance(p, re.Pattern) for p in vars(lex.grammar_of("meetings")).values() if not isinstance(
        p, (str, int, float, tuple, frozenset, dict)))


@pytest.mark.parametrize("rule, problem", [
    ("    objct: recent meeting\n", "rule 'mine': unknown key 'objct'"),
    ("    subject: recnt meeting\n", "rule 'mine': subject: 'recnt meeting' is not one of actor, recent meeting"),
    ("    confidence: 2\n", "rule 'mine': confidence must be a number from 0 to 1"),
])
def test_a_relation_rule_that_does_not_load_names_the_users_file(tmp_path, rule, problem):
    from kg.extract.relations import RelationExtractor
    text = "attends:\n  - name: mine\n    pattern: \"(?P<s>{Person})到会(?P<o>{Meeting})\"\n" + rule
    if "confidence" not in rule:
        text += "    confidence: 0.5\n"
    lex = with_files(tmp_path, {"patterns/relations.yml": text})
    with pytest.raises(DataError, match=re.escape(f"{tmp_path / 'patterns' / 'relations.yml'}: {problem}")):
        RelationExtractor(lex)
