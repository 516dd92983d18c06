"""Stage 4: words and their parts of speech (jieba), which later stages use to find the
edges of names and to check that a dictionary match is a whole word."""
from __future__ import annotations

import logging
import re

import jieba
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.state import attribute
from kg.extract.tagger import POSTokenizer
from kg.model import Word
from kg.text import CJK

_CJK = re.compile(f"[{CJK}]")

jieba.setLogLevel(logging.WARNING)


class JiebaWords:
    """Segments each sentence (never across lines) with jieba's HMM-backed POS tagger
    (kg/extract/tagger.py: jieba's own, its model decoded faster)."""

    def __init__(self) -> None:
        self._tokenizer = POSTokenizer(jieba.dt)

    def __call__(self, doc: Doc) -> Doc:
        words: list[Word] = []
        text = doc._.text
        for s in doc._.sentences:
            if not _CJK.search(text, s.start, s.end):
                continue  # figures, Latin text: no Chinese name or word to find
            pos = s.start
            for pair in self._tokenizer.cut(text[s.start:s.end]):
                words.append(Word(pos, pos + len(pair.word), pair.flag))
                pos += len(pair.word)
        doc._.words = words
        return doc


@Language.factory("kg_words", assigns=[attribute("words")], requires=[attribute("sentences")])
def make_words(nlp: Language, name: str) -> JiebaWords:
    return JiebaWords()
