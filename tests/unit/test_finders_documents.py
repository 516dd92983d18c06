"""Documents: 《titles》, letters' titles, documents named after a body, items adopted."""


def documents(candidates, text):
    return {(s, t, e) for s, t, e in candidates(text) if t in ("Document", "Organization")
            and e.startswith("grammar:") and e != "grammar:organization"}


def test_a_titled_document(candidates):
    assert ("《吉林省人才发展条例》", "Document", "grammar:titled-document") in documents(
        candidates, "审议《吉林省人才发展条例》。")


def test_a_newspaper_in_brackets_is_an_organization(candidates):
    assert ("《青川日报》", "Organization", "grammar:periodical") in documents(candidates, "据《青川日报》报道。")


def test_a_letters_own_title(candidates):
    text = "县人社局\n关于县政协十届三次会议第12号提案的答复\n王委员：您好。"
    assert ("关于县政协十届三次会议第12号提案的答复", "Document", "grammar:article-document") in documents(
        candidates, text)


def test_a_document_named_after_its_body(candidates):
    found = documents(candidates, "制定区委人才工作领导小组工作规则和办公室工作细则。")
    assert ("区委人才工作领导小组工作规则", "Document", "grammar:body-document") in found


def test_items_adopted_that_end_like_documents(candidates):
    found = documents(candidates, "会议审议通过关于加强人才工作的实施意见；关于表彰先进集体的决定。")
    assert ("关于加强人才工作的实施意见", "Document", "grammar:adopted-document") in found
    assert ("关于表彰先进集体的决定", "Document", "grammar:adopted-document") in found


def test_items_adopted_in_clauses_of_their_own(candidates):
    found = documents(candidates, "大会听取和审查了中国共产党青川市第四届委员会报告；审查了中国共产党青川市第四届纪律检查委员会工作报告。")
    assert ("中国共产党青川市第四届委员会报告", "Document", "grammar:adopted-document") in found
    assert ("中国共产党青川市第四届纪律检查委员会工作报告", "Document", "grammar:adopted-document") in found


def test_a_verb_of_adopting_inside_a_title_is_part_of_it(candidates):
    found = documents(candidates, "会议表决通过省人大有关专门委员会关于主席团交付审议的代表议案审议结果的报告。")
    assert ("省人大有关专门委员会关于主席团交付审议的代表议案审议结果的报告", "Document",
            "grammar:adopted-document") in found
    assert not any(s.startswith("的") for s, _, _ in found)


def test_an_item_adopted_ends_at_a_comma(candidates):
    found = documents(candidates, "市委常委会召开会议，审议2025青川国际博览会总体方案，听取工作汇报。")
    assert ("2025青川国际博览会总体方案", "Document", "grammar:adopted-document") in found


def test_a_short_title_is_the_longer_one_named_before(run):
    ex = run("国务院印发了《青川流域保护规划（2025—2030年）》。《规划》指出，要加强保护。"
             "吉林省印发《关于推进青川振兴的实施意见》（吉发〔2025〕2号，简称《意见》）。")
    docs = {e.label: e.aliases for e in ex.entities.values() if e.type == "Document"}
    assert "规划" in docs["青川流域保护规划（2025—2030年）"]
    assert "意见" in docs["关于推进青川振兴的实施意见"]
    assert "规划" not in docs and "意见" not in docs


def test_a_document_without_brackets_after_a_verb_of_study(candidates):
    found = documents(candidates, "要贯彻落实好中共青川市委加强基层治理的实施意见精神，认真学习党代会报告。")
    assert ("中共青川市委加强基层治理的实施意见", "Document", "grammar:adopted-document") in found
    assert ("党代会报告", "Document", "grammar:adopted-document") in found


def test_a_plan_being_drafted_is_named_without_the_verb(candidates):
    found = documents(candidates, "研究编制新一轮人才发展规划。")
    assert not any(s.startswith("编制") for s, _, _ in found)


def test_adopted_items_listed_with_dun_and_he(candidates):
    found = documents(candidates, "大会审议通过了政府工作报告、计划报告和预算报告。")
    assert {("政府工作报告", "Document", "grammar:adopted-document"), ("计划报告", "Document", "grammar:adopted-document"),
            ("预算报告", "Document", "grammar:adopted-document")} <= found


def test_a_list_of_names_and_rules_adopted_after_huiyi_tongguo(candidates):
    found = documents(candidates, "主席团第一次会议通过了大会选举办法，会议审议通过了青川市监察委员会主任人选名单。")
    assert ("大会选举办法", "Document", "grammar:adopted-document") in found
    assert ("青川市监察委员会主任人选名单", "Document", "grammar:adopted-document") in found


def test_adopted_items_in_brackets_listed_and_closed_by_deng(candidates):
    text = "会议审议了2026年县政协重点课题实施方案(草案)、县政协常委会工作要点(草案)等。"
    found = documents(candidates, text)
    assert ("2026年县政协重点课题实施方案(草案)", "Document", "grammar:adopted-document") in found
    assert ("县政协常委会工作要点(草案)", "Document", "grammar:adopted-document") in found


def test_items_agreed_on_and_discussed_and_joined_by_yiji(candidates):
    text = "会议协商决定了县政协委员调整名单，讨论了县政协常委候选人名单，审议通过了先进集体表彰名单以及县政协五届三次会议议程、日程等有关事项。"
    found = {s for s, t, e in documents(candidates, text)}
    assert {"县政协委员调整名单", "县政协常委候选人名单", "先进集体表彰名单", "县政协五届三次会议议程、日程"} <= found


def test_laws_adopted_after_a_vote_and_a_comma(candidates):
    text = "会议经表决，通过了房产税法、关于修改森林法的决定、新修订的科学普及法；决定任命人员。"
    found = {s for s, t, e in documents(candidates, text)}
    assert {"房产税法", "关于修改森林法的决定", "科学普及法"} <= found
    assert "新修订的科学普及法" not in found


def test_a_count_of_reports_and_the_bodies_putting_one_forward_are_not_titles(candidates):
    text = "会议审议3个专项工作报告。会议表决通过了农业委员会、华侨委员会分别提出的关于代表议案审议结果的报告。"
    found = {s for s, t, e in documents(candidates, text)}
    assert "3个专项工作报告" not in found
    assert "关于代表议案审议结果的报告" in found
