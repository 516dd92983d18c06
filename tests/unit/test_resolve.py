"""Each chosen mention resolved to one entity, against the article's own place."""
from helpers import labels, names


def test_an_abbreviation_takes_the_articles_place(run):
    ex = run("吉林省政协召开会议。省政协主席王建国主持会议，吉林市委书记李红梅出席。")
    assert "吉林省政协" in labels(ex, "Organization") and "省政协" in names(ex, "Organization")


def test_an_abbreviation_the_article_does_not_place_stays_in_its_article(run):
    ex = run("市委召开常委会会议。", name="unplaced.txt")
    scoped = [e for e in ex.entities.values() if e.type == "Organization"]
    assert scoped and all(e.scope == "unplaced.txt" for e in scoped)


def test_a_name_that_names_its_parent_says_so(doc_after):
    doc = doc_after("长春市二道区委人才办组织专家服务。", "kg_resolve")
    unit = next(r for r in doc._.resolved if r.key.endswith("人才办"))
    assert unit.part_of == "Organization:中共长春市二道区委"


def test_a_county_far_from_the_article_is_a_word(run):
    ex = run("吉林省人社厅召开会议，长春市、吉林市参加。城区建设加快推进。")
    assert not any(e.label.endswith("城区") for e in ex.entities.values() if e.type == "Place")


def test_a_slogan_that_is_a_programme_elsewhere_in_the_article_is_one(run):
    ex = run("县委实施“清溪人才”计划。会议要求，要把“清溪人才”做实。")
    assert "清溪人才" in labels(ex, "Program") and "清溪人才" not in labels(ex, "Concept")


def _facts(ex, prop):
    return {(ex.entities[r.subject].label, ex.entities[r.object].label) for r in ex.relations if r.property == prop}


def test_the_body_that_acts_in_the_lead_decides_the_province(run):
    """An article of one province about another: the body in its lead, not the place it
    names most, is the article's own."""
    ex = run("赵立新主持召开省委常委会会议\n5月6日，湖南省委常委会召开会议，传达学习西藏工作座谈会精神。"
             "会议指出，西藏工作意义重大，要支持西藏发展，助力西藏稳定，推进西藏建设。省委书记赵立新讲话。")
    assert "中共湖南省委" in labels(ex, "Organization")
    assert "中共西藏自治区委" not in labels(ex, "Organization")


def test_the_place_of_the_source_line_decides_the_province(run):
    ex = run("全省干部大会召开\n本报长沙5月6日讯（记者 张晓明）省委召开会议，学习上海、江苏经验。"
             "上海、江苏、上海的做法值得借鉴。")
    assert "中共湖南省委" in labels(ex, "Organization")


def test_a_city_abbreviation_in_a_municipality_is_the_municipality(run):
    ex = run("中共重庆市委召开会议。市委书记王建国主持会议，市政协主席李红梅出席。")
    assert {"中共重庆市委", "重庆市政协"} <= labels(ex, "Organization")


def test_a_name_shared_by_counties_of_several_provinces_places_nothing(run):
    ex = run("郊区农业发展加快，农民收入增加。")
    assert not labels(ex, "Place")


def test_a_national_body_is_part_of_the_body_its_name_nests_in(run):
    ex = run("中共中央政治局召开会议，审议有关文件。")
    assert ("中共中央政治局", "中国共产党中央委员会") in _facts(ex, "subOrganizationOf")


def test_each_place_of_a_villages_chain_lies_in_the_one_before(run):
    ex = run("记者来到吉林省长春市九台区龙嘉街道红光村，看望村民。")
    located = _facts(ex, "locatedIn")
    assert {("红光村", "龙嘉街道"), ("龙嘉街道", "长春市九台区"), ("长春市九台区", "长春市"),
            ("长春市", "吉林省")} <= located


def test_a_part_of_a_province_is_named_without_its_word_for_area(run):
    ex = run("会议研究川东北地区发展。")
    assert "川东北" in labels(ex, "Place") and "川东北地区" in names(ex, "Place")


def test_a_body_named_with_its_term_is_the_body(run):
    ex = run("广东省人大常委会召开会议。省十四届人大常委会代表资格审查委员会作报告。")
    assert "广东省人大常委会代表资格审查委员会" in labels(ex, "Organization")
    assert "广东省十四届人大常委会代表资格审查委员会" in names(ex, "Organization")


def test_the_parent_of_a_unit_keeps_its_abbreviated_name(run):
    ex = run("湖北省召开会议。省人社厅党组成员王建国出席。")
    assert "湖北省人力资源和社会保障厅" in labels(ex, "Organization")
    assert "湖北省人社厅" in names(ex, "Organization")


def test_party_work_offices_are_units_of_the_committee(doc_after):
    doc = doc_after("湖北省召开会议。省委教育工委专职副书记李红梅、省委宣传部新闻发布处处长赵立新出席。", "kg_resolve")
    parts = {r.key: r.part_of for r in doc._.resolved}
    assert parts["Organization:中共湖北省委教育工委"] == "Organization:中共湖北省委"
    assert parts["Organization:中共湖北省委宣传部新闻发布处"] == "Organization:中共湖北省委宣传部"


def test_a_mayor_in_a_province_level_city_is_of_the_citys_government(run):
    ex = run("重庆市召开会议。市委副书记、市长王建国出席。")
    posts = {(r.object, r.title) for r in ex.relations if r.property.endswith("holdsPosition")}
    assert ("Organization:重庆市", "市长") in posts
