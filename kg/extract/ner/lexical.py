"""The default NER backend: people, places and organizations from the word tagger's
part-of-speech tags (jieba: nr person, ns place, nt organization), kept where the
grammar of names confirms them. No model, nothing to download."""
from __future__ import annotations

import re

import jieba
import jieba.posseg
from spacy.tokens import Doc

from kg.lexicon import Lexicon
from kg.text import CJK

_NAME = re.compile(f"[{CJK}]+")


class LexicalNER:
    name = "lexical"

    def __init__(self, lexicon: Lexicon):
        g = lexicon.grammar_of("ner")
        self.surnames = lexicon.surnames
        self.right_cues = g.strong_person_cues
        self.frequency = jieba.dt.FREQ
        self.common = g.common_word_frequency
        self.titles = tuple(lexicon.titles)
        self.body_endings = g.body_endings
        self.place_ends = g.place_ends
        self.organization_min = g.organization_min_length
        self.confidence = g.confidence
        # jieba's own dictionary: a word it knows with another tag is a word, not a name
        self.known_tags = jieba.posseg.dt.word_tag_tab

    def _person_ok(self, text: str, start: int, end: int) -> bool:
        name = text[start:end]
        if not 2 <= len(name) <= 4 or not _NAME.fullmatch(name):
            return False
        if not (name[0] in self.surnames or name[:2] in self.surnames):
            return False
        if self.known_tags.get(name, "nr")[:2] != "nr" or (self.frequency.get(name) or 0) > self.common:
            return False  # a word jieba knows as common (智慧, 权威), whatever its tag
        if len(name) == 4 and name[:2] not in self.surnames:
            return False
        return text.startswith(self.right_cues, end) or text.startswith(self.titles, end)

    def find(self, doc: Doc):
        jieba.dt.check_initialized()
        text = doc._.text
        c = self.confidence
        for start, end, pos in doc._.words:
            if pos in ("nr", "nrfg") and self._person_ok(text, start, end):
                yield start, end, "Person", c["person"]
            elif pos == "ns" and end - start >= 2 and self.place_ends.search(text[start:end]):
                yield start, end, "Place", c["place"]
            elif pos == "nt" and end - start >= self.organization_min and text[end - 1] in self.body_endings:
                yield start, end, "Organization", c["organization"]
