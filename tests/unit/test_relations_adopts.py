"""adopts: a meeting and the documents it adopts (审议通过, 表决通过, 听取和审查)."""
from helpers import fact_set


def test_the_meeting_of_the_article_adopts_what_it_votes(run):
    ex = run("5月6日，省十五届人大常委会第九次会议在长春闭幕。\n"
             "会议表决通过了《吉林省人才发展条例》、新修订的《吉林省科技创新条例》；表决通过关于批准长春等3个市5项法规的决定。")
    facts = fact_set(ex)
    meeting = "吉林省十五届人大常委会第九次会议"
    for doc in ("吉林省人才发展条例", "吉林省科技创新条例", "关于批准长春等3个市5项法规的决定"):
        assert (meeting, "adopts", doc) in facts


def test_a_congress_hears_and_examines_its_reports(run):
    ex = run("中国共产党青川市第五次代表大会于5月27日至30日召开。据介绍，大会听取和审查了中国共产党青川市第四届委员会报告；"
             "审查了中国共产党青川市第四届纪律检查委员会工作报告。")
    facts = fact_set(ex)
    assert ("中国共产党青川市第五次代表大会", "adopts", "中国共产党青川市第四届委员会报告") in facts
    assert ("中国共产党青川市第五次代表大会", "adopts", "中国共产党青川市第四届纪律检查委员会工作报告") in facts


def test_a_meeting_named_in_the_sentence_adopts(run):
    ex = run("总理王建国主持召开国务院常务会议，研究有关工作，审议通过《青川流域保护规划》。")
    assert ("国务院常务会议", "adopts", "青川流域保护规划") in fact_set(ex)


def test_each_body_of_a_list_issues_the_document(run):
    facts = fact_set(run("近日，中共中央、国务院印发了《青川流域保护规划（2025—2030年）》。"))
    assert ("中国共产党中央委员会", "issues", "青川流域保护规划（2025—2030年）") in facts
    assert ("中华人民共和国国务院", "issues", "青川流域保护规划（2025—2030年）") in facts


def test_a_meeting_whose_spirit_is_studied_adopts_nothing(run):
    ex = run("吉林日报讯 5日，省政协召开党组会议暨第二十一次主席（扩大）会议。"
             "会议传达学习了全国政协十四届常委会第九次会议精神，审议了2026年省政协协商工作计划（草案）等。")
    facts = fact_set(ex)
    assert ("吉林省政协党组会议暨第二十一次主席（扩大）会议", "adopts", "2026年省政协协商工作计划（草案）") in facts
    assert not any(s.startswith("全国政协") and p == "adopts" for s, p, o in facts)


def test_a_vote_then_a_comma_then_what_is_adopted(run):
    ex = run("5月6日，省十五届人大常委会第九次会议在长春闭幕。\n会议经表决，通过了房产税法、关于修改森林法的决定。")
    facts = fact_set(ex)
    meeting = "吉林省十五届人大常委会第九次会议"
    assert (meeting, "adopts", "房产税法") in facts
    assert (meeting, "adopts", "关于修改森林法的决定") in facts
