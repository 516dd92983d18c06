"""Whatever arrives, reading and extraction neither fail nor point outside the text:
random bytes and random text (plain, with markup, in pieces of the genre's words) go
through load, normalise and extract."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.ingest.load import decode, source_from_string
from kg.ingest.normalize import normalize
from kg.extract.pipeline import NotAnArticle, extract

# the words and marks this genre is made of, so random texts hold names, posts and meetings
GENRE = ["省政协", "吉林省", "市委", "二道区委人才办", "书记", "主席", "副主席", "朱国贤", "胡斌", "宫健泽", "主持", "召开",
         "出席", "会议", "十三届二次会议", "常委会", "“", "”", "《", "》", "（", "）", "关于", "的建议", "实施", "印发",
         "，", "。", "、", "：", "；", "\n", "\r\n", "\r", " ", "\t", "\u3000", "本报讯", "3月5日", "2024年", "第26号",
         "<p>", "</p>", "<br>", "&amp;", "&#x4e00;", "**", "## ", "\ufffd", "\ufeff", "\u200b", "國", "會議", "「", "」",
         "𠀾", "A", "1", ",", "\"", "(", ")", "<", ">", "&"]
genre_text = st.lists(st.sampled_from(GENRE), max_size=120).map("".join)
any_text = st.text(max_size=400)
markup = st.lists(st.one_of(st.sampled_from(["<p>", "</p>", "<div class='x'>", "</div>", "<script>", "</script>",
                                             "<!-- c -->", "<h1>", "</h1>", "<title>", "</title>", "<br/>", "&nbsp;",
                                             "<!DOCTYPE html>", "<html>", "<body>", "&#", "<a href=\"/\">", "</a>"]),
                            st.sampled_from(GENRE)), max_size=120).map("".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def check(nlp, text: str, name: str = "t.txt") -> None:
    source = source_from_string(text, name)
    norm = normalize(text, markup=source.markup)
    for i in range(0, len(norm.text) + 1, max(1, len(norm.text) // 20)):
        assert 0 <= norm.offsets.to_source(i) <= len(text)
    try:
        result = extract(nlp, source)
    except NotAnArticle:
        return
    for r in result.relations:
        ev = r.evidence
        assert 0 <= ev.start <= ev.end <= len(text), (ev, len(text))
        assert r.subject in result.entities or r.subject.count(":") >= 1
    for e in result.entities.values():
        assert e.label and e.label == e.label.strip()


@SETTINGS
@given(data=st.binary(max_size=3000))
def test_random_bytes_decode_or_are_refused(nlp, data):
    try:
        decoded = decode(data)
    except ValueError:
        return
    check(nlp, decoded.text)


@SETTINGS
@given(text=st.one_of(any_text, genre_text))
def test_random_text_extracts_inside_its_bounds(nlp, text):
    check(nlp, text)


@SETTINGS
@given(text=markup)
def test_random_pages_extract_inside_their_bounds(nlp, text):
    check(nlp, text, "page.html")


@pytest.mark.parametrize("text", ["", "\r", "\n\n\n", "《", "“”", "<", "&#xdead;", "\ud800", "。" * 5000])
def test_edge_cases(nlp, text):
    check(nlp, text)
