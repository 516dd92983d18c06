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
