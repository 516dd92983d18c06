"""People where the genre puts names: by posts, in bylines, in lists."""


def people(candidates, text, finder=None):
    return {s for s, t, e in candidates(text) if t == "Person" and (finder is None or e == finder)}


def test_a_name_after_a_post(candidates):
    assert "罗景明" in people(candidates, "县委书记罗景明主持会议。", "grammar:title-person")


def test_a_name_before_a_post(candidates):
    assert "许晴川" in people(candidates, "许晴川委员提出建议。", "grammar:person-title")


def test_a_word_jieba_knows_is_no_name(candidates):
    assert "强调" not in people(candidates, "书记强调，要抓好落实。")


def test_bylines(candidates):
    assert {"杜若衡", "林晓岚"} <= people(candidates, "本报记者 杜若衡 通讯员 林晓岚\n正文从这里开始写。", "grammar:byline")


def test_a_list_of_three_names(candidates):
    assert {"吴海英", "胡家福", "张恩惠"} <= people(candidates, "参加调研的有吴海英、胡家福、张恩惠。")


def test_names_listed_after_one_found_by_its_post(candidates):
    assert "李春华" in people(candidates, "副主席王立新、李春华出席。", "grammar:name-list")
