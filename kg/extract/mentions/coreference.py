"""Stage 6b: mentions that refer back to what the chosen ones name: a name found once,
found again (张三强调 after 张三主持); 我省, 本市 (the article's own place at that level);
您 in a letter (the person it is addressed to)."""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc
from kg.extract.state import attribute
from kg.lexicon import Lexicon, alternation, lexicon_for
from kg.model import Mention, Reference
from kg.text import CJK

_CHINESE = re.compile(f"[{CJK}]")


class Coreference:
    def __init__(self, lexicon: Lexicon):
        g = lexicon.grammar_of("coreference")
        self.pronoun_bodies = g.pronoun_bodies
        self.pronouns = re.compile(alternation(self.pronoun_bodies)) if self.pronoun_bodies else None
        self.salutation = g.salutation
        self.salutation_reach = g.salutation_reach
        self.addressee = g.addressee
        self.cues = lexicon.grammar_of("people").right_cues + tuple(lexicon.titles)
        self.confidence = g.confidence

    def __call__(self, doc: Doc) -> Doc:
        text = doc._.text
        pronouns = self._pronoun_bodies(text, doc._.chosen)
        doc._.references = pronouns + self._repeats_and_addressee(text, doc._.chosen + pronouns)
        return doc

    def _pronoun_bodies(self, text: str, chosen: list[Mention]) -> list[Mention]:
        if self.pronouns is None:
            return []
        occupied = {i for m in chosen for i in range(m.start, m.end)}
        return [Mention(m.start(), m.end(), "Organization", "grammar:pronoun-government",
                        self.confidence["pronoun_body"], grammar=Reference(level=self.pronoun_bodies[m.group()]))
                for m in self.pronouns.finditer(text) if m.start() not in occupied]

    def _repeats_and_addressee(self, text: str, chosen: list[Mention]) -> list[Mention]:
        occupied = bytearray(len(text) + 1)
        for m in chosen:
            occupied[m.start:m.end] = b"\x01" * (m.end - m.start)
        added = []
        names = {text[m.start:m.end]: m for m in chosen if m.type == "Person" and m.end - m.start >= 2}
        for name, source in names.items():
            pos = text.find(name)
            while pos >= 0:
                end = pos + len(name)
                if not any(occupied[pos:end]) and (not _CHINESE.match(text[end:end + 1] or " ")
                                                    or text.startswith(self.cues, end)):
                    added.append(Mention(pos, end, "Person", source.extractor + "+repeat",
                                         source.confidence * self.confidence["repeat"]))
                    occupied[pos:end] = b"\x01" * len(name)
                pos = text.find(name, end)
        salutation = self.salutation.search(text[:self.salutation_reach])
        if salutation:
            person = next((m for m in chosen if m.type == "Person" and m.start == salutation.start(1)), None)
            if person is not None:
                for p in re.finditer(re.escape(self.addressee), text):
                    if not occupied[p.start()]:
                        added.append(Mention(p.start(), p.end(), "Person", "grammar:addressee",
                                             self.confidence["addressee"],
                                             grammar=Reference(name=text[person.start:person.end])))
        return added


@Language.factory("kg_coreference", default_config={"data_dirs": []}, assigns=[attribute("references")],
                  requires=[attribute("chosen")])
def make_coreference(nlp: Language, name: str, data_dirs: list[str]) -> Coreference:
    return Coreference(lexicon_for(data_dirs))
