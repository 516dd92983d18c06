"""Stage 2: normalising text while keeping offsets into the source."""
from kg.ingest.normalize import normalize


def test_title_broken_over_lines_is_joined():
    src = ("  您在省政协十三届二次会议上提出的《关于加强我省创新创业人才队伍建\n"
           "\n"
           "设的建议》收悉，经认真研究办理，现答复如下：\n")
    out = normalize(src).text
    assert "《关于加强我省创新创业人才队伍建设的建议》" in out


def test_wrapped_lines_of_a_pdf_are_joined_but_headings_are_not():
    src = ("一、关于人才政策的建议\n\n"
           "我们深知人才是推动发展的核心力量，近年来全省确立了人才优先发展的战\n\n"
           "略布局，取得明显成效。\n\n"
           "二、关于创新环境的建议\n")
    out = normalize(src).text
    assert "人才优先发展的战略布局" in out
    assert "一、关于人才政策的建议\n" in out and "\n二、关于创新环境的建议" in out


def test_ascii_punctuation_in_chinese_becomes_full_width():
    out = normalize('会议指出,要坚持"两个确立";制定《若干措施(3.0版)》:推动发展!').text
    assert out == "会议指出，要坚持“两个确立”；制定《若干措施（3.0版）》：推动发展！"


def test_numbers_keep_their_ascii_punctuation():
    assert normalize("累计资助1,200万元,增长3.5%").text == "累计资助1,200万元，增长3.5%"


def test_spaces_between_chinese_and_digits_go_but_bylines_keep_theirs():
    assert normalize("对第 26 号提案的答复，2024 年 7月 15 日").text == "对第26号提案的答复，2024年7月15日"
    assert normalize("本报记者 石雷 王萌").text == "本报记者 石雷 王萌"


def test_markdown_marks_go():
    assert normalize("## 省政协召开常委会会议\n\n**要点**：团结奋斗").text == "省政协召开常委会会议\n\n要点：团结奋斗"


def test_offsets_point_into_the_source():
    src = "## 标题\n\n  正文说,要推动\n\n\n“东城梧桐”品牌建设。第 3 次会议"
    norm = normalize(src)
    for needle in ("东城梧桐", "品牌建设", "会议", "正文"):
        i = norm.text.index(needle)
        j = norm.offsets.to_source(i)
        assert src[j:j + len(needle)] == needle


def _points_into(src, norm, needle):
    i = norm.text.index(needle)
    j = norm.offsets.to_source(i)
    return src[j:j + len(needle)] == needle


def test_crlf_line_ends_keep_offsets_into_the_file():
    src = "## 标题\r\n\r\n  正文说,要推动\r\n\r\n“东城梧桐”品牌建设。\r第 3 次会议\r\n"
    norm = normalize(src)
    assert "\r" not in norm.text
    for needle in ("东城梧桐", "品牌建设", "会议", "正文"):
        assert _points_into(src, norm, needle), needle


def test_a_page_becomes_its_text_with_offsets_into_the_html():
    src = ("<!DOCTYPE html>\n<html><head><title>县委召开常委会 - 青川新闻网</title>\n"
           "<style>p { color: red }</style><script>var s = \"<p>不是正文</p>\";</script></head>\n"
           "<body><h1>青川县委召开常委会会议</h1>\n<p class=\"lead\">县委书记<b>罗景明</b>主持会议&#65292;"
           "强调要实施\n    “清溪人才”计划&amp;行动。</p><!-- 注释 --><div>第二段<br>第三行</div></body></html>")
    norm = normalize(src, markup=True)
    assert norm.title == "青川县委召开常委会会议"
    assert "<" not in norm.text and "不是正文" not in norm.text and "color" not in norm.text
    assert "县委书记罗景明主持会议，强调要实施“清溪人才”计划&行动。" in norm.text
    assert "第二段\n第三行" in norm.text
    for needle in ("罗景明", "清溪人才", "第三行", "县委书记"):
        assert _points_into(src, norm, needle), needle


def test_traditional_characters_are_read_as_simplified_and_kept_for_evidence():
    src = "青川縣委書記羅景明主持會議，強調要實施「清溪人才」計劃。\n"
    norm = normalize(src)
    assert norm.text == "青川县委书记罗景明主持会议，强调要实施“清溪人才”计划。\n"
    assert norm.display == src and len(norm.display) == len(norm.text)
    assert normalize("青川县委书记罗景明主持会议。").display is None  # simplified text stays as it is
