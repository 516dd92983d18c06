"""Each chosen mention resolved to one entity, against the article's own place."""
from helpers import labels, names


def test_an_abbreviation_takes_the_articles_place(run):
    ex = run("吉林省政协召开会议。省政协主席朱国贤主持会议，吉林市委书记胡斌出席。")
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
