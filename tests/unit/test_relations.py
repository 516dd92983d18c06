"""Relation rules: patterns over placeholders, readers, and rules that do not load."""
import pytest

from helpers import fact_set
from kg.errors import DataError
from kg.extract.relations.patterns import PatternCompiler
from kg.lexicon import lexicon_for


@pytest.fixture(scope="module")
def compile_pattern():
    return PatternCompiler(lexicon_for())


def test_macros_expand_to_placeholders(compile_pattern):
    rx = compile_pattern("(?P<s>{Person}){near}主持{near}(?P<o>{Meeting})")
    assert rx.search("〔Person 0〕主持召开〔Meeting 1〕")
    assert not rx.search("〔Person 0〕，主持〔Meeting 1〕")  # {near} stays inside the clause


def test_a_list_macro_takes_every_name(compile_pattern):
    rx = compile_pattern("(?P<s>{Person+})出席")
    assert rx.fullmatch("〔Person 0〕、〔Person 1〕和〔Person 2〕出席")


def test_a_division_after_zai_is_where_not_who(compile_pattern):
    rx = compile_pattern("(?P<s>{Organization})召开")
    assert rx.search("〔Division 0〕召开") and not rx.search("在〔Division 0〕召开")


def test_verb_sets_are_macros(compile_pattern):
    rx = compile_pattern("{Organization}{verbs.issue}{Document}")
    assert rx.search("〔Organization 0〕印发〔Document 1〕")


@pytest.mark.parametrize("pattern, message", [("{Persn}主持", "{Persn}"), ("{verbs.nothing}", "verbs.nothing"),
                                              ("(unclosed", "regular expression")])
def test_a_pattern_that_does_not_load_names_its_rule(compile_pattern, pattern, message):
    with pytest.raises(DataError, match="my-rule") as raised:
        compile_pattern(pattern, "my-rule")
    assert message in str(raised.value)


def test_a_chain_of_posts_gives_each_post(run):
    facts = fact_set(run("本报讯 县委召开会议。青川县委副书记、县长许晴川出席会议。"))
    assert ("许晴川", "holdsPosition", "中共青川县委") in facts and ("许晴川", "holdsPosition", "青川县") in facts


def test_a_title_that_names_its_body(run):
    assert ("岳晴川", "holdsPosition", "中国共产党中央委员会") in fact_set(run("岳晴川总书记发表重要讲话。"))


def test_a_name_that_names_its_parent_is_a_fact_with_its_sentence(run):
    ex = run("长春市二道区委人才办组织专家服务。")
    nesting = [r for r in ex.relations if r.evidence.extractor == "rule:name-nesting"]
    assert {(r.subject, r.property, r.object) for r in nesting} >= {
        ("Organization:中共长春市二道区委人才办", "subOrganizationOf", "Organization:中共长春市二道区委")}
    assert all(r.evidence.sentence == "长春市二道区委人才办组织专家服务。" for r in nesting)


def test_a_letter_is_issued_by_its_signer_and_answers_the_proposal(run):
    text = ("关于县政协十届三次会议第12号提案的答复\n王明远委员：\n您提出的《关于加强乡村人才培养的建议》收悉，现答复如下。\n"
            "一、我们将加大培训力度。\n感谢您对我们工作的关心。\n青川县人力资源和社会保障局\n2024年7月15日\n")
    facts = fact_set(run(text))
    assert ("青川县人力资源和社会保障局", "issues", "关于县政协十届三次会议第12号提案的答复") in facts
    assert ("青川县人力资源和社会保障局", "repliesTo", "关于加强乡村人才培养的建议") in facts


def test_the_place_that_acts_is_its_government_handed_back_as_data(doc_after):
    doc = doc_after("本报讯 青川县出台《关于支持人才返乡创业的若干措施》。")
    assert "Organization:青川县" in doc._.implied
    assert "Organization:青川县" not in doc._.entities  # resolution's entities are not touched
    assert any(r.subject == "Organization:青川县" and r.property == "issues" for r in doc._.relations)


def test_the_date_a_sentence_gives_its_meeting_in_the_articles_year(run):
    ex = run("青川日报 2024年3月6日\n3月5日，中共青川县委十五届三次全会召开，县委书记岳晴川主持会议。\n")
    assert ex.date == "2024-03-06"
    assert ex.entities["Meeting:中共青川县委十五届三次全会"].date == "2024-03-05"
