"""Meetings: numbered sittings after their body or place, named meetings by their endings."""


def meetings(candidates, text):
    return {s for s, t, _ in candidates(text) if t == "Meeting"}


def test_a_numbered_sitting_after_its_body(candidates):
    assert "省政协十三届二次会议" in meetings(candidates, "省政协十三届二次会议在长春开幕。")


def test_a_second_sitting_of_the_same_term(candidates):
    found = meetings(candidates, "吉林市人大常委会第十五届第十次会议和第十一次会议审议了报告。")
    assert "第十一次会议" in found


def test_a_named_meeting_reaches_left_to_a_boundary(candidates):
    assert "新时代推动东北全面振兴座谈会" in meetings(candidates, "他在新时代推动东北全面振兴座谈会上强调。")


def test_kinds_of_meeting_are_no_names(candidates):
    assert not meetings(candidates, "各地召开座谈会，开展专题协商会。")


def test_a_count_before_a_name_is_not_part_of_it(candidates):
    found = meetings(candidates, "长春市举办三场人才工作推进会。")
    assert not any(m.startswith("三场") for m in found)


def test_two_meetings_joined_by_he_are_two(candidates):
    found = meetings(candidates, "召开专题议政性常委会会议和双月协商座谈会。")
    assert "专题议政性常委会会议和双月协商座谈会" not in found


def test_a_congress_sitting_after_the_level_of_the_articles_place(candidates):
    found = meetings(candidates, "5月6日，省十五届人大常委会第九次会议闭幕。会议决定召开省十五届人大三次会议。")
    assert {"省十五届人大常委会第九次会议", "省十五届人大三次会议"} <= found


def test_a_congress_sitting_is_named_after_its_province(run):
    from helpers import labels
    ex = run("吉林省长春市讯 5月6日，省十五届人大常委会第九次会议在长春闭幕。")
    assert "吉林省十五届人大常委会第九次会议" in labels(ex, "Meeting")


def test_a_congress_after_its_place_is_a_sitting(candidates):
    assert "吉林省十二届人大一次会议" in meetings(candidates, "吉林省十二届人大一次会议举行第二次全体会议。")


def test_a_clauses_verbs_do_not_open_a_meetings_name(candidates):
    found = meetings(candidates, "会议传达学习贯彻第二次全国青川工作座谈会精神。")
    assert "第二次全国青川工作座谈会" in found
    assert not any(m.startswith("传达") for m in found)


def test_a_meeting_after_jingshen_he_is_its_own(candidates):
    found = meetings(candidates, "全面落实十九届五中全会精神和中央经济工作会议部署。")
    assert {"十九届五中全会", "中央经济工作会议"} <= found
    assert not any("精神和" in m for m in found)


def test_a_congress_is_an_institution_not_a_sitting(candidates):
    found = meetings(candidates, "接受其辞去吉林省第十四届人民代表大会常务委员会委员职务，36名吉林省第十四届全国人民代表大会代表。")
    assert not found


def test_a_numbered_party_congress_is_a_sitting(candidates):
    assert "中国共产党青川市第五次代表大会" in meetings(candidates, "中国共产党青川市第五次代表大会隆重开幕。")


def test_national_meetings_by_their_names(candidates):
    found = meetings(candidates, "总理王建国主持召开国务院常务会议。全国两会后，他到2025中国国际青川交易会调研。")
    assert {"国务院常务会议", "全国两会", "2025中国国际青川交易会"} <= found


def test_a_body_that_holds_a_meeting_names_it(run):
    from helpers import fact_set
    ex = run("吉林省长春市讯 9月27日，吉林省委常委会召开会议，传达学习有关精神。")
    assert ("中共吉林省委常委会", "convenes", "中共吉林省委常委会会议") in fact_set(ex)


def test_a_party_congress_by_its_short_names(run):
    from helpers import names
    ex = run("他是党的二十大代表。大家一起学习二十大精神。")
    assert {"中国共产党第二十次全国代表大会", "党的二十大", "二十大", "中共二十大"} <= names(ex, "Meeting")
    assert len([e for e in ex.entities.values() if e.type == "Meeting"]) == 1


def test_a_meeting_followed_by_a_verb_ends_there(candidates):
    found = meetings(candidates, "吉林省委召开全省领导干部会议传达贯彻全国两会精神。")
    assert "全国两会" in found
    assert not any("传达" in m for m in found)


def test_a_reference_back_is_no_name(candidates):
    assert not meetings(candidates, "省政府高度关心重视这次大会。")


def test_a_meeting_named_after_a_document(doc_after):
    text = "省政府新闻办举办《关于推进青川振兴的实施意见》（吉发〔2025〕2号，简称《实施意见》）新闻发布会。"
    doc = doc_after(text, "kg_choose")
    meeting = [m for m in doc._.chosen if m.type == "Meeting"]
    assert [m.label for m in meeting] == ["关于推进青川振兴的实施意见新闻发布会"]
    assert any(m.type == "Document" and m.label == "关于推进青川振兴的实施意见" for m in doc._.contained)


def test_a_national_body_that_holds_a_meeting_names_it(doc_after):
    doc = doc_after("中共中央政治局召开会议，分析研究当前经济形势。", "kg_choose")
    assert [m.label for m in doc._.chosen if m.type == "Meeting"] == ["中共中央政治局会议"]


def test_a_sitting_named_by_the_body_that_convenes_it(run):
    from helpers import fact_set
    ex = run("长春市讯 12月3日，长春市政协召开五届十六次常委（扩大）会议。会议听取了有关通报。")
    assert ("长春市政协", "convenes", "长春市政协五届十六次常委（扩大）会议") in fact_set(ex)


def test_a_body_convenes_its_party_group_and_chairs_meeting(run):
    from helpers import names
    ex = run("吉林日报讯 5日下午，省政协召开党组会议暨第二十一次主席（扩大）会议，省政协主席王建国主持。")
    assert "吉林省政协党组会议暨第二十一次主席（扩大）会议" in names(ex, "Meeting")


def test_a_meeting_referred_to_as_relevant_is_no_name(candidates):
    assert "省委有关会议" not in meetings(candidates, "会议传达学习了省委有关会议精神。")


def test_a_sitting_of_the_national_congress_after_a_mark(candidates):
    found = meetings(candidates, "新华社消息：十五届全国人大常委会第三次会议5日在北京闭幕。")
    assert "十五届全国人大常委会第三次会议" in found
