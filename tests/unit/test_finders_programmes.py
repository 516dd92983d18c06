"""Programmes, formulas and quoted documents."""


def of_type(candidates, text, type_):
    return {(s, e) for s, t, e in candidates(text) if t == type_}


def test_a_quoted_name_with_a_programmes_suffix(candidates):
    found = of_type(candidates, "实施“清溪人才”计划。", "Program")
    assert ("“清溪人才”计划", "grammar:quoted-program") in found


def test_a_quoted_name_after_a_verb_of_running_one(candidates):
    assert ("“双报到”", "grammar:program-after-verb") in of_type(candidates, "开展“双报到”，服务群众。", "Program")


def test_the_work_of_a_programme(candidates):
    assert ("“桑梓回乡”", "grammar:program-work") in of_type(candidates, "推进“桑梓回乡”工作落实。", "Program")


def test_an_unquoted_programme_after_such_a_verb(candidates):
    found = of_type(candidates, "实施人才平台赋能行动。", "Program")
    assert ("人才平台赋能行动", "grammar:unquoted-program") in found


def test_a_quoted_phrase_with_nothing_more_is_a_formula(candidates):
    assert ("“两个确立”", "grammar:quoted-formula") in of_type(candidates, "深刻领悟“两个确立”的决定性意义。", "Concept")


def test_a_quoted_phrase_before_a_documents_word_is_a_document(candidates):
    assert ("“十四五”规划", "grammar:quoted-document") in of_type(candidates, "编制“十四五”规划。", "Document")


def test_words_after_the_quote_that_are_a_predicate_are_not_a_suffix(candidates):
    found = of_type(candidates, "以“东城梧桐”为总品牌。", "Program")
    assert not any(e == "grammar:quoted-program" for _, e in found)


def test_the_partys_campaigns_without_quotes(candidates):
    found = of_type(candidates, "要巩固拓展主题教育成果，组织开展好党史学习教育。", "Program")
    assert ("主题教育", "grammar:unquoted-program") in found
    assert ("党史学习教育", "grammar:unquoted-program") in found
    assert not any(s.startswith("好") for s, _ in found)


def test_a_quoted_programme_before_jingyan(candidates):
    found = of_type(candidates, "学习运用“百村振兴”工程经验。", "Program")
    assert ("“百村振兴”工程", "grammar:quoted-program") in found


def test_a_short_quoted_name_ending_like_a_programme(candidates):
    assert ("“青川工程”", "grammar:quoted-program") in of_type(candidates, "推广“青川工程”经验。", "Program")


def test_a_quoted_name_after_gongjian_is_a_programme(candidates):
    assert ("“青川走廊”", "grammar:program-after-verb") in of_type(candidates, "深度融入共建“青川走廊”。", "Program")


def test_unquoted_campaigns_and_projects_after_a_verb(candidates):
    found = of_type(candidates, "部署开展内河渡船安全生产专项整治工作，推进青川果品加工厂项目。", "Program")
    assert ("内河渡船安全生产专项整治", "grammar:unquoted-program") in found
    assert ("青川果品加工厂项目", "grammar:unquoted-program") in found


def test_a_quoted_name_opening_with_a_count_is_a_formula(candidates):
    text = "扎实做好“六稳”工作，落实“五个提升工程”要求。"
    assert not of_type(candidates, text, "Program")
    assert {("“六稳”", "grammar:quoted-formula"), ("“五个提升工程”", "grammar:quoted-formula")} <= of_type(
        candidates, text, "Concept")
