"""Bodies by the grammar [中共] PLACE|省市区县 CORE? UNIT*, and by how their names end."""


def bodies(candidates, text):
    return {s for s, t, e in candidates(text) if t == "Organization" and e == "grammar:organization"}


def test_party_committee_with_its_place(candidates):
    assert "中共吉林市委" in bodies(candidates, "中共吉林市委召开会议。")


def test_a_department_under_the_articles_own_place(candidates):
    assert "省人社厅" in bodies(candidates, "省人社厅出台措施。")


def test_units_after_a_core(candidates):
    assert "二道区委人才办" in bodies(candidates, "二道区委人才办组织活动。")


def test_a_place_word_inside_another_word_is_no_body(candidates):
    assert not bodies(candidates, "全省人社系统要抓好落实。")


def test_the_cppcc_by_its_formal_name(candidates):
    found = candidates("政协吉林省第十三届委员会常务委员会召开会议。")
    assert ("政协吉林省第十三届委员会常务委员会", "Organization", "grammar:cppcc-committee") in found


def test_a_department_listed_after_a_post_belongs_to_the_body_before(candidates):
    found = candidates("中共四川省委常委、统战部部长出席。")
    assert ("统战部", "Organization", "grammar:organization") in found


def test_named_bodies_by_their_ending(candidates):
    found = candidates("东北师范大学举办论坛。", "grammar:named-organization")
    assert ("东北师范大学", "Organization", "grammar:named-organization") in found
