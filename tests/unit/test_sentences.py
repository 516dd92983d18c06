"""Stage 3: sentences, headings and repeated passages."""
from kg.extract.sentences import split_sentences


def test_sentences_end_at_final_punctuation_and_keep_closing_quotes():
    text = "他说：“要抓落实。”会议强调，要团结奋斗！你同意吗？"
    parts = [text[s.start:s.end] for s in split_sentences(text)]
    assert parts == ["他说：“要抓落实。”", "会议强调，要团结奋斗！", "你同意吗？"]


def test_short_lines_without_final_punctuation_are_headings():
    text = "深化党的建设 夯实思想基础\n坚持党的领导，把牢政治方向。"
    kinds = [s.kind for s in split_sentences(text)]
    assert kinds == ["heading", "sentence"]


def test_a_repeated_passage_is_marked_so_it_gives_no_second_evidence():
    para = "召开专题议政性常委会会议，形成高质量建议书，得到市委高度重视。"
    kinds = [s.kind for s in split_sentences(f"{para}\n其他内容在这里写着。\n{para}")]
    assert kinds == ["sentence", "sentence", "repeat"]
