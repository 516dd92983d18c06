"""The attributes kg's pipeline components read and write on a spaCy ``Doc``."""
from __future__ import annotations

from spacy.tokens import Doc

DOC_ATTRIBUTES = {
    "source": None,      # load.SourceText the doc was made from
    "sentences": None,   # list[sentences.Sentence]
    "words": None,       # list[(start, end, pos)] from the word segmenter
    "mentions": None,    # list[mentions.Mention]: every candidate, overlapping
    "resolved": None,    # list[entities.ResolvedMention]: the chosen mentions
    "relations": None,   # list[relations.RelationMention]
}


def register() -> None:
    for name, default in DOC_ATTRIBUTES.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def char_doc(vocab, text: str) -> Doc:
    """A Doc of one token per character, white space included, so that a token's index is
    its character offset. (spaCy's own Chinese tokenizer aligns its words to the text in
    time quadratic in the text's length: seconds for a long article.)"""
    doc = Doc(vocab, words=list(text), spaces=[False] * len(text))
    doc.user_data["kg_text"] = text
    return doc


def doc_text(doc: Doc) -> str:
    """The doc's text, built once: spaCy rebuilds ``Doc.text`` from its tokens on every
    access, which costs as much as the rest of a stage on a long article."""
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text
