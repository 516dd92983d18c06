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
    assert {"钱海燕", "胡家明", "张恩泽"} <= people(candidates, "参加调研的有钱海燕、胡家明、张恩泽。")


def test_names_listed_after_one_found_by_its_post(candidates):
    assert "李春华" in people(candidates, "副主席王立新、李春华出席。", "grammar:name-list")


def test_names_after_a_cue_of_leaders(candidates):
    assert {"李红梅", "孙海"} <= people(candidates, "各专委会领导李红梅、孙海到会祝贺。")


def test_the_name_a_personnel_decision_gives(candidates):
    found = people(candidates, "会议决定任命赵立新为青川县教育局局长，免去孙志明的青川县财政局局长职务。")
    assert {"赵立新", "孙志明"} <= found


def test_two_names_closed_by_deng(candidates):
    assert {"周立新", "郑晓光"} <= people(candidates, "出席活动的还有周立新、郑晓光等。")


def test_a_listed_name_may_hold_a_character_other_words_keep_apart(candidates):
    assert "林向晨" in people(candidates, "参加调研的有钱海燕、林向晨、张恩泽。")


def test_no_list_of_two_without_deng(candidates):
    assert "党委" not in people(candidates, "党委、政府要抓好落实。")


def test_a_name_does_not_take_the_first_character_of_the_verb_after_it(candidates):
    found = people(candidates, "县委副书记、县委办公室主任赵奇陪同调研。")
    assert "赵奇" in found and "赵奇陪" not in found


def test_a_doubled_character_or_the_people_of_a_place_is_no_name(candidates):
    found = people(candidates, "牢记总书记殷殷嘱托，看望优秀吉林人代表。")
    assert "殷殷" not in found and "吉林人" not in found


def test_reporters_in_brackets_before_the_story(candidates):
    found = people(candidates, "青川日报消息 （记者 杜若衡 林晓岚） 3月5日上午，县政协十届三次会议开幕。")
    assert {"杜若衡", "林晓岚"} <= found


def test_reporters_a_dateline_names_in_brackets(candidates):
    assert "韩冬梅" in people(candidates, "新华社青川6月1日电（韩冬梅）6月1日，县委召开会议。", "grammar:byline")


def test_a_name_after_a_cue_before_a_verb(candidates):
    assert "孙志明" in people(candidates, "会议决定接受孙志明辞去县财政局局长职务的请求。")


def test_a_transliterated_name_in_a_list(candidates):
    found = people(candidates, "县领导赵立新、艾力·买买提、钱文华、孙志明出席。", "grammar:name-list")
    assert {"赵立新", "艾力·买买提", "钱文华", "孙志明"} <= found


def test_a_long_list_holds_a_name_the_grammar_does_not_know(candidates):
    names = ["赵立新", "钱文华", "孙志明", "李红梅", "凝夕", "周立新", "郑晓光", "王建国", "刘海英", "吴天成"]
    found = people(candidates, "出席的还有：" + "、".join(names) + "等。", "grammar:name-list")
    assert set(names) <= found


def test_a_short_list_does_not_take_unknown_words(candidates):
    assert "发展" not in people(candidates, "赵立新、发展、钱文华、孙志明出席。")


def test_a_name_before_a_post_after_weituo(candidates):
    assert "钱文华" in people(candidates, "会议委托钱文华副主任作说明。", "grammar:person-title")


def test_a_name_a_decision_gives_runs_up_to_wei(candidates):
    found = people(candidates, "会议任命赵生明为青川县教育局局长。")
    assert "赵生明" in found and "赵生" not in found


def test_less_common_family_names(candidates):
    assert {"赖晓峰", "虢建平"} <= people(candidates, "县领导赵立新、赖晓峰、虢建平、钱文华出席会议。")
