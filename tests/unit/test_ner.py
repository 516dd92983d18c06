"""The NER stage: which of a backend's types join the grammars' candidates, and how a
model's places are named. The backend here is a plug-in of the kind a user registers in
`kg.extract.ner.BACKENDS`: it reports the spans of the names it is given."""
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.errors import InputError
from kg.extract import ner
from kg.extract.ner import parse_types
from kg.extract.pipeline import make_nlp, new_doc

ARTICLE = "本报讯 上海市代表团审议报告。李晓明说，吉林市的发展和上海的经验值得借鉴。"
NAMES = {"上海": "Place", "吉林": "Place", "李晓明": "Person", "代表团": "Organization"}


class SpansOf:
    name = "spans"

    def find(self, doc):
        for name, type_ in NAMES.items():
            for m in re.finditer(name, doc._.text):
                yield m.start(), m.end(), type_, 0.9


@pytest.fixture(scope="module", autouse=True)
def spans_backend():
    ner.BACKENDS["spans"] = lambda lexicon, model: SpansOf()
    yield
    del ner.BACKENDS["spans"]


def ner_mentions(types=None):
    nlp = make_nlp("spans", ner_types=types)
    doc = new_doc(nlp.vocab, ARTICLE)
    for name, component in nlp.pipeline:
        doc = component(doc)
        if name == "kg_ner":
            break
    return {(ARTICLE[m.start:m.end], m.type, m.extractor) for m in doc._.ner_mentions}, doc._.ner_mentions


def test_all_types_join_by_default_for_a_plugged_backend():
    found, _ = ner_mentions()
    assert {t for _, t, _ in found} == {"Place", "Person", "Organization"}
    assert all(extractor == "ner:spans" for *_, extractor in found)


def test_only_the_chosen_types_join():
    found, _ = ner_mentions(["Person"])
    assert found == {("李晓明", "Person", "ner:spans")}
    found, _ = ner_mentions(["Person", "Place"])
    assert {t for _, t, _ in found} == {"Person", "Place"}


def test_a_models_place_takes_the_suffix_the_text_gives_it():
    found, mentions = ner_mentions(["Place"])
    names = sorted(text for text, *_ in found)
    # 上海|市 and 吉林|市 are read as kg names them; 上海 before 的 stays as written
    assert names == ["上海", "上海市", "吉林市"]
    by_name = {ARTICLE[m.start:m.end]: m for m in mentions}
    assert by_name["吉林市"].grammar.divisions == ("220200",)  # the city, not the province
    assert by_name["上海市"].grammar.divisions == by_name["上海"].grammar.divisions == ("310000",)


def test_types_are_read_case_blind_and_an_unknown_one_is_refused():
    assert parse_types("person, PLACE") == ("Person", "Place")
    assert parse_types(None) is None
    with pytest.raises(InputError, match="Date"):
        parse_types("Person,Date")



def test_an_unknown_type_on_the_command_line_is_one_line_and_exit_2(tmp_path):
    from helpers import cli
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = cli("build", article, "-o", tmp_path / "out", "--hanlp-types", "Person,Meeting")
    assert result.returncode == 2 and "Meeting" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


MODEL_ARTICLE = ("大家认真学习马克思主义理论，吉林人代表王建国发言。他辞去副主任职务。会议由张晓明主持。"
                 "云无常驻，柳青则归。李红梅说，要抓落实。")
MODEL_PEOPLE = ("马克思", "吉林人", "王建国", "职务", "张晓明", "吉林", "柳青", "李红梅")


def model_people(data=()):
    """The people a model that calls MODEL_PEOPLE people adds, through kg's checks."""
    saved = dict(NAMES)
    NAMES.clear()
    NAMES.update({name: "Person" for name in MODEL_PEOPLE})
    try:
        nlp = make_nlp("spans", data_dirs=data, ner_types=["Person"])
        doc = new_doc(nlp.vocab, MODEL_ARTICLE)
        for name, component in nlp.pipeline:
            doc = component(doc)
            if name == "kg_ner":
                break
        return {MODEL_ARTICLE[m.start:m.end] for m in doc._.ner_mentions}
    finally:
        NAMES.clear()
        NAMES.update(saved)


def test_a_models_person_must_look_like_a_name():
    # a place and its people, the head of a longer word, a plain word, a word of a
    # couplet: not names; a name in a short clause with a cue word after it: a name
    assert model_people() == {"王建国", "张晓明", "李红梅"}


def test_a_name_the_user_lists_as_a_person_is_kept(tmp_path):
    (tmp_path / "lexicon").mkdir()
    (tmp_path / "lexicon" / "ner_dictionary.tsv").write_text("职务\tPerson\n", encoding="utf-8")
    assert model_people([str(tmp_path)]) == {"王建国", "张晓明", "李红梅", "职务"}


@given(st.text(alphabet="甲乙丙，；、 a1", max_size=400), st.integers(min_value=5, max_value=120))
def test_a_long_sentence_goes_to_a_model_in_pieces_that_cover_it(text, limit):
    from kg.extract.ner.hanlp import pieces
    cuts = pieces(text, limit, "，；、")
    assert "".join(text[a:b] for a, b in cuts) == text
    assert all(0 < b - a <= limit for a, b in cuts)
    assert all(a == b_before for (a, _), (_, b_before) in zip(cuts[1:], cuts))
    # a piece that could have ended at a clause mark does
    for a, b in cuts[:-1]:
        if any(c in "，；、" for c in text[a + 1:b]):
            assert text[b - 1] in "，；、"


def test_a_list_of_names_is_cut_after_a_comma_not_inside_a_name():
    from kg.extract.ner.hanlp import pieces
    names = "、".join(["白振华", "宋子川", "何静"] * 20) + "出席。"
    cuts = pieces(names, 100, "，；、")
    assert len(cuts) > 1 and all(names[b - 1] == "、" for _, b in cuts[:-1])
