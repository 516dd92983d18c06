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


_OPENING = "青川县政协十届三次会议在青川开幕。"


def test_names_seated_on_the_rostrum_attend(run):
    facts = fact_set(run(_OPENING + "大会执行主席张昌明、林向晨、刘海英在主席台就座。"))
    assert {(n, "attends", "青川县政协十届三次会议") for n in ("张昌明", "林向晨", "刘海英")} <= facts


def test_a_list_of_posts_and_leaders_attends(run):
    facts = fact_set(run(_OPENING + "县委书记岳晴川，县委副书记、代县长王建国，各专委会领导李红梅、孙海，"
                                    "县领导赵立新、钱文华等到会祝贺。"))
    assert {(n, "attends", "青川县政协十届三次会议") for n in ("岳晴川", "王建国", "李红梅", "孙海", "赵立新",
                                                           "钱文华")} <= facts
    assert ("王建国", "holdsPosition", "中共青川县委") in facts and ("王建国", "holdsPosition", "青川县") in facts


def test_personnel_decisions_give_posts(run):
    facts = fact_set(run("本报讯 会议决定任命赵立新为青川县教育局局长，免去孙志明的青川县财政局局长职务。"))
    assert ("赵立新", "holdsPosition", "青川县教育局") in facts
    assert ("孙志明", "holdsPosition", "青川县财政局") in facts


def test_names_given_posts_in_the_next_clause_take_its_body(run):
    facts = fact_set(run("本报讯 大会选举王建国为青川县人大常委会主任；李红梅、赵立新、钱文华为副主任。"))
    assert {("李红梅", "holdsPosition", "青川县人大常委会"), ("赵立新", "holdsPosition", "青川县人大常委会")} <= facts


def test_names_given_a_post_without_a_body_before_them_get_none(run):
    facts = fact_set(run("本报讯 李红梅、赵立新、钱文华为副主任。"))
    assert not any(p == "holdsPosition" for _, p, _ in facts)


def test_executive_chairs_hold_a_post_in_the_sessions_presidium(run):
    facts = fact_set(run(_OPENING + "大会执行主席张昌明、林向晨、刘海英在主席台就座。"))
    assert ("林向晨", "holdsPosition", "青川县政协十届三次会议主席团") in facts


def test_who_presides_over_a_meeting_attends_it(run):
    facts = fact_set(run("本报讯 县委书记岳晴川主持召开青川县委常委会会议。"))
    assert ("岳晴川", "presides", "青川县委常委会会议") in facts or \
        any(p == "presides" for _, p, _ in facts)
    assert {(s, "attends", o) for s, p, o in facts if p == "presides"} <= facts
    assert any(p == "attends" for _, p, _ in facts)


def test_names_with_their_posts_after_attendance_cue_attend(run):
    facts = fact_set(run(_OPENING + "出席会议的还有县法院院长周立新，县检察院检察长郑晓光、钱文华等。"))
    assert {(n, "attends", "青川县政协十届三次会议") for n in ("周立新", "郑晓光", "钱文华")} <= facts


def test_a_post_a_person_resigns_was_held(run):
    facts = fact_set(run("本报讯 会议决定接受孙志明辞去青川县财政局局长职务的请求。"))
    assert ("孙志明", "holdsPosition", "青川县财政局") in facts


def test_the_meeting_by_a_person_named_last(run):
    facts = fact_set(run(_OPENING + "会议由县政协主席张昌明主持。"))
    assert ("张昌明", "presides", "青川县政协十届三次会议") in facts


def test_a_long_list_of_leaders_with_a_transliterated_name_attends(run):
    names = ("赵立新", "钱文华", "孙志明", "李红梅", "周立新", "郑晓光", "王建国", "刘海英", "吴天成")
    text = _OPENING + "出席闭幕会的领导同志还有：" + "、".join(names[:4]) + "、艾力·买买提、" + \
        "、".join(names[4:]) + "等。"
    facts = fact_set(run(text))
    assert {(n, "attends", "青川县政协十届三次会议") for n in names + ("艾力·买买提",)} <= facts


def test_the_chair_of_the_closing_sitting_presides(run):
    facts = fact_set(run(_OPENING + "张昌明委员长主持闭幕会。"))
    assert ("张昌明", "presides", "青川县政协十届三次会议") in facts
    assert ("张昌明", "holdsPosition", "全国人大常委会") in facts
