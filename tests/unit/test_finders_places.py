"""Places: divisions and regions, chains of them, the village after a division, towns."""


def surfaces(found, type_="Place"):
    return {s for s, t, _ in found if t == type_}


def test_a_chain_of_divisions_is_one_place(candidates):
    found = candidates("长春市二道区召开会议。")
    assert ("长春市二道区", "Place", "grammar:place-chain") in found


def test_divisions_that_do_not_nest_stay_apart(candidates):
    found = candidates("深圳吉林两地签约。")
    assert not any(e == "grammar:place-chain" for _, _, e in found)


def test_a_village_after_its_division(candidates):
    found = candidates("蛟河市南顶子村发展产业。")
    assert ("蛟河市南顶子村", "Place", "grammar:place-local") in found


def test_words_that_end_like_a_village_are_not_one(candidates):
    assert not any(e == "grammar:place-local" for _, _, e in candidates("长春市开展人才下乡活动。"))


def test_a_town_after_a_preposition(candidates):
    found = candidates("依托英俊镇的资源。", "grammar:town")
    assert found == {("英俊镇", "Place", "grammar:town")}
    assert not candidates("依托英俊镇政府的支持。", "grammar:town")


def test_a_province_by_its_short_name_where_it_is_a_word(candidates):
    assert "吉林" in surfaces(candidates("吉林发布人才政策。"))


def test_a_part_of_a_province_by_its_one_character_name_and_a_direction(candidates):
    assert "川东北地区" in surfaces(candidates("川东北地区加快发展。"))
    assert "川南" not in surfaces(candidates("四川南充市召开会议。"))


def test_macro_regions(candidates):
    assert {"中部地区", "长江经济带"} <= surfaces(candidates("推动中部地区崛起和长江经济带发展。"))


def test_a_village_after_a_town_after_a_division(candidates):
    assert "长春市九台区龙嘉街道红光村" in surfaces(candidates("来到长春市九台区龙嘉街道红光村。"))


def test_a_village_listed_after_a_village_lies_where_the_first_does(run):
    ex = run("王建国来到上饶市婺源县汪口村、篁岭村，与群众交流。")
    located = {(r.subject, r.object) for r in ex.relations if r.property.endswith("locatedIn")}
    assert ("Place:篁岭村", "Place:婺源县") in located and ("Place:汪口村", "Place:婺源县") in located


def test_a_listed_place_must_be_of_the_same_kind(candidates):
    found = {s for s, t, e in candidates("王建国来到婺源县汪口村、各乡镇调研。") if t == "Place"}
    assert not any(s.startswith("各") for s in found)
