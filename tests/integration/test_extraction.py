"""Stages 4–7 on sentences written for the test: mentions, entities, relations."""
from helpers import fact_set, labels, names

PROVINCIAL = ("本报讯 1月10日，省政协十三届五次主席会议在长春召开。省政协主席朱国贤主持会议，"
              "会议审议通过《省政协2025年协商工作计划（草案）》。吉林省政协副主席王立新、李春华出席会议。")


def test_session_meeting_is_resolved_against_the_articles_province(run):
    ex = run(PROVINCIAL)
    assert "吉林省政协十三届五次主席会议" in labels(ex, "Meeting")
    assert "省政协十三届五次主席会议" in names(ex, "Meeting")
    assert "吉林省政协" in labels(ex, "Organization")
    facts = fact_set(ex)
    assert ("朱国贤", "holdsPosition", "吉林省政协") in facts
    assert ("吉林省政协十三届五次主席会议", "heldIn", "长春市") in facts


def test_lists_of_people_give_one_fact_each(run):
    facts = fact_set(run(PROVINCIAL))
    for person in ("王立新", "李春华"):
        assert (person, "holdsPosition", "吉林省政协") in facts


def test_presides_and_adopts(run):
    ex = run("1月5日，省政协主席朱国贤主持召开省政协十三届五次主席会议，审议通过"
             "关于政协吉林省第十三届委员会第三次会议提案审查情况的报告（草案）。")
    facts = fact_set(ex)
    assert ("朱国贤", "presides", "吉林省政协十三届五次主席会议") in facts
    assert ("吉林省政协十三届五次主席会议", "adopts",
            "关于政协吉林省第十三届委员会第三次会议提案审查情况的报告（草案）") in facts


def test_one_department_under_three_names_is_one_entity(run):
    ex = run("吉林省人力资源和社会保障厅深入实施“吉人回乡”计划。省人社厅组建专班，"
             "吉林省人社厅副厅长赵明远带队赴北京举办招才引智座谈会。")
    orgs = [e for e in ex.entities.values() if e.type == "Organization"]
    dept = [e for e in orgs if e.label == "吉林省人力资源和社会保障厅"]
    assert len(dept) == 1
    assert {"省人社厅", "吉林省人社厅"} <= dept[0].aliases
    facts = fact_set(ex)
    assert ("吉林省人力资源和社会保障厅", "implements", "吉人回乡") in facts
    assert ("赵明远", "holdsPosition", "吉林省人力资源和社会保障厅") in facts


def test_quoted_programme_with_suffix_and_district_bodies(run):
    ex = run("长春市二道区打造“东城梧桐”人才品牌。二道区委人才办联合区委组织部，实施“英俊人才”计划。")
    programs = labels(ex, "Program")
    assert {"东城梧桐", "英俊人才"} <= programs
    assert "东城梧桐人才品牌" in names(ex, "Program")
    facts = fact_set(ex)
    assert ("中共长春市二道区委人才办", "subOrganizationOf", "中共长春市二道区委") in facts
    # the district acting is its authority: an Organization labelled by the place
    assert ("长春市二道区", "implements", "东城梧桐") in facts


def test_title_before_and_after_names(run):
    ex = run("吉林市委书记胡斌参加讨论。宫健泽委员：您好。东北师范大学的博士生段丹丹说，机会难得。")
    people = labels(ex, "Person")
    assert {"胡斌", "宫健泽", "段丹丹"} <= people
    facts = fact_set(ex)
    assert ("胡斌", "holdsPosition", "中共吉林市委") in facts
    assert ("段丹丹", "holdsPosition", "东北师范大学") in facts


def test_byline_names_are_people(run):
    ex = run("本报记者 刘晓东 陈雨桐\n\n省政协召开会议，研究部署工作。")
    assert {"刘晓东", "陈雨桐"} <= labels(ex, "Person")


def test_a_short_form_whose_place_is_unclear_stays_in_its_article(run):
    a = run("在全省会议上，市政协主席孙立国作交流发言。", name="a.txt")
    b = run("在全省会议上，市政协主席钱学文作交流发言。", name="b.txt")
    key_a = {k for k, e in a.entities.items() if e.label == "市政协"}
    key_b = {k for k, e in b.entities.items() if e.label == "市政协"}
    assert key_a and key_b and not key_a & key_b


def test_evidence_offsets_point_into_the_original_text(run):
    text = "## 标题\n\n  1月5日,省政协主席朱国贤主持召开省政协十三届五次主席会议。"
    ex = run(text)
    r = next(r for r in ex.relations if r.property == "presides")
    assert text[r.evidence.start:r.evidence.end].startswith("1月5日,省政协主席朱国贤")
    assert r.evidence.sentence.startswith("1月5日，省政协主席朱国贤")
    assert r.evidence.extractor.startswith("rule:") and 0 < r.evidence.confidence <= 1


def test_a_letter_resolves_you_to_its_addressee(run):
    ex = run("李明远委员：\n\n您在省政协十三届二次会议上提出的《关于加强人才工作的建议》收悉。")
    assert ("李明远", "proposes", "关于加强人才工作的建议") in fact_set(ex)


LETTER = """河北省人力资源和社会保障厅

关于省政协十三届三次会议第 88 号提案的答复

赵书宁委员：

  您在省政协十三届三次会议上提出的《关于支持县域青年人才返乡创业的建

议》收悉。现答复如下：

  我们依托“冀才通”平台，全力打造了“燕赵英才回归”行动，累计服务返乡人才 1.2

万人次。

河北省人力资源和社会保障厅

2025 年 6 月 30 日

（联系人：魏清远，电话：0311-00000000）

抄送：省政协提案委员会，省政府办公厅。
"""


def test_a_reply_letter_is_issued_by_its_signer_and_answers_the_proposal(run):
    ex = run(LETTER, name="letter.txt")
    facts = fact_set(ex)
    dept = "河北省人力资源和社会保障厅"
    assert (dept, "repliesTo", "关于支持县域青年人才返乡创业的建议") in facts
    assert (dept, "issues", "关于省政协十三届三次会议第88号提案的答复") in facts
    assert ("赵书宁", "proposes", "关于支持县域青年人才返乡创业的建议") in facts
    assert ("赵书宁", "attends", "河北省政协十三届三次会议") in facts
    # the signer acts where the letter says 我们
    assert (dept, "implements", "燕赵英才回归") in facts
    assert "魏清远" in labels(ex, "Person")
    assert ("河北省政协提案委员会", "subOrganizationOf", "河北省政协") in facts


def test_meetings_carry_the_date_the_text_gives_them(run):
    ex = run("2025年3月2日 星期日\n\n2月26日，省政协十三届五次主席会议在长春召开。"
             "12月30日，省委人才工作会议召开。\n\n2024年9月3日，全省组织工作会议召开。9月5日，省委人才发展大会召开。",
             name="dated.txt")
    dates = {e.label: e.date for e in ex.entities.values() if e.type == "Meeting"}
    assert dates["吉林省政协十三届五次主席会议"] == "2025-02-26"
    assert dates["中共吉林省委人才工作会议"] == "2024-12-30"  # December, read in a March paper
    assert dates["中共吉林省委人才发展大会"] == "2024-09-05"  # the year the text last wrote out
