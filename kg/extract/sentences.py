"""Stage 3: split a document into sentences, marking headings and repeated passages.

Lines are paragraphs; a sentence ends at 。！？； (with any closing quote after it).
A short line without final punctuation is a heading: it names a section and gives its
sentences their context. A sentence that repeats one earlier in the same document
(layout often prints a passage twice) is marked so no fact is read from it twice.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.state import attribute
from kg.model import Sentence

_SENTENCE = re.compile(r"[^。！？；\n]*(?:[。！？；]+[”’」』）]*|$)")
HEADING_MAX = 40


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    seen: set[str] = set()
    for line in re.finditer(r"[^\n]+", text):
        body = line.group()
        heading = len(body) <= HEADING_MAX and body[-1] not in "。！？；”：:，" and "。" not in body
        for m in _SENTENCE.finditer(body):
            chunk = m.group()
            if not chunk.strip():
                continue
            lead = len(chunk) - len(chunk.lstrip())
            start = line.start() + m.start() + lead
            end = line.start() + m.end() - (len(chunk) - len(chunk.rstrip()))
            key = text[start:end]
            kind = "heading" if heading else ("repeat" if key in seen and len(key) > 8 else "sentence")
            seen.add(key)
            sentences.append(Sentence(start, end, kind))
    return sentences


class SentenceSplitter:
    """Marks the doc's sentences (``doc._.sentences``, and as spans in ``doc.spans["sentences"]``)."""

    def __call__(self, doc: Doc) -> Doc:
        sentences = split_sentences(doc._.text)
        doc._.sentences = sentences
        spans = []
        for s in sentences:
            span = doc.char_span(s.start, s.end, label=s.kind, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans["sentences"] = spans
        return doc


@Language.factory("kg_sentences", assigns=[attribute("sentences")])
def make_sentence_splitter(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter()
