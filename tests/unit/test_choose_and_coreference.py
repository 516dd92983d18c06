"""Where candidates overlap one wins; later mentions of a name, 我省 and 您 refer back."""
from kg.extract.mentions.choose import choose
from kg.model import Mention


def test_the_longer_wins_then_the_type_then_confidence():
    a = Mention(0, 6, "Organization", "grammar:organization", 0.85)
    b = Mention(0, 3, "Place", "dictionary:division", 0.9)
    c = Mention(4, 8, "Person", "grammar:title-person", 0.85)
    assert choose([b, a, c], 10) == [a]


def test_a_models_span_across_a_grammars_gives_way():
    grammar = Mention(2, 6, "Organization", "grammar:organization", 0.85)
    model = Mention(0, 4, "Person", "ner:lexical", 0.99)
    alone = Mention(7, 9, "Person", "ner:lexical", 0.6)
    assert choose([model, grammar, alone], 10) == [grammar, alone]


def test_bodies_inside_a_meetings_name_are_kept(doc_after):
    doc = doc_after("省委人才工作领导小组会议在长春召开。", "kg_choose")
    assert any(doc._.text[m.start:m.end] == "省委人才工作领导小组" for m in doc._.contained)


def test_a_name_found_once_is_found_again(doc_after):
    doc = doc_after("县委书记岳晴川主持会议。会后岳晴川到企业调研。", "kg_coreference")
    repeats = [m for m in doc._.references if m.extractor.endswith("+repeat")]
    assert [(doc._.text[m.start:m.end], m.extractor) for m in repeats] == [("岳晴川", "grammar:title-person+repeat")]


def test_wo_sheng_is_the_articles_own_province(run):
    ex = run("吉林省人社厅召开会议。会议指出，我省人才工作成效明显，我省要再接再厉。")
    assert ex.entities["Organization:吉林省"].aliases >= {"我省"}


def test_nin_in_a_letter_is_the_addressee(doc_after):
    doc = doc_after("王明远委员：\n您提出的建议收悉。", "kg_coreference")
    assert any(m.extractor == "grammar:addressee" and m.grammar.name == "王明远" for m in doc._.references)


def test_a_sitting_named_inside_a_documents_title_is_kept(doc_after):
    doc = doc_after("会议表决通过省人大常委会关于召开省十五届人大二次会议的决定。", "kg_choose")
    assert any(doc._.text[m.start:m.end] == "省十五届人大二次会议" and m.type == "Meeting" for m in doc._.contained)
