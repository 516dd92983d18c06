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


def test_courts_procuratorates_and_supervision_commissions(candidates):
    found = bodies(candidates, "四川省高级人民法院、四川省人民检察院和四川省监察委员会负责同志出席。")
    assert {"四川省高级人民法院", "四川省人民检察院", "四川省监察委员会"} <= found


def test_working_bodies_of_a_congress_and_study_groups(candidates):
    assert "省人民代表大会常务委员会法制工作委员会" in bodies(candidates, "省人民代表大会常务委员会法制工作委员会作说明。")
    assert "省委理论学习中心组" in bodies(candidates, "省委理论学习中心组举行集中学习。")


def test_national_media_by_name(candidates):
    found = candidates("新华网北京5月6日电 会议召开。", "dictionary:national")
    assert ("新华网", "Organization", "dictionary:national") in found


def test_the_paper_of_a_place(candidates):
    found = candidates("吉林日报网消息 会议召开。", "grammar:named-organization")
    assert ("吉林日报网", "Organization", "grammar:named-organization") in found


def test_an_ordinal_joins_a_named_body(candidates):
    found = candidates("他毕业于吉林第一师范学院。", "grammar:named-organization")
    assert ("吉林第一师范学院", "Organization", "grammar:named-organization") in found


def test_the_party_group_of_a_named_body(doc_after):
    doc = doc_after("会议听取中国农业科学院原党组副书记王建国的报告。", "kg_resolve")
    group = next(r for r in doc._.resolved if r.key == "Organization:中国农业科学院党组")
    assert group.part_of == "Organization:中国农业科学院"


def test_a_standing_committee_with_its_term_is_a_body_unless_a_sitting_follows(candidates):
    assert "省第十三届人大常委会" in bodies(candidates, "会议选举赵立新为省第十三届人大常委会主任。")
    assert not bodies(candidates, "省十四届人大常委会第九次会议在长春闭幕。")


def test_democratic_parties_central_committees_by_name(candidates):
    found = {s for s, t, e in candidates("会上，民进中央主席、九三学社中央副主席和全国工商联负责人先后发言。")
             if t == "Organization" and e == "dictionary:national"}
    assert {"民进中央", "九三学社中央", "全国工商联"} <= found


def test_a_unit_listed_after_a_bodys_unit_is_the_same_bodys(candidates):
    assert {"省人大环资委", "教科文卫委"} <= bodies(candidates, "省人大环资委、教科文卫委负责同志列席会议。")


def test_units_after_a_national_body_and_listed_after_it(doc_after):
    doc = doc_after("全国人大民族委员会、华侨委员会和全国人大常委会代表资格审查委员会负责同志出席。", "kg_resolve")
    keys = {r.key: r.part_of for r in doc._.resolved}
    assert keys["Organization:全国人大民族委员会"] == "Organization:全国人民代表大会"
    assert keys["Organization:全国人大华侨委员会"] == "Organization:全国人民代表大会"
    assert keys["Organization:全国人大常委会代表资格审查委员会"] == "Organization:全国人民代表大会常务委员会"
