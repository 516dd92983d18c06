"""Who acts where a sentence names no actor: the body a sentence opens with (after a date
or a time phrase), else the section's, else the body most sentences of the article open
with (or, for a letter, the body that signs it)."""
from __future__ import annotations

from kg.extract.relations.patterns import mentions_by_sentence
from kg.lexicon import Lexicon
from kg.model import Resolved
from kg.schema import TITLE, extractor


class Actors:
    def __init__(self, lexicon: Lexicon):
        g = lexicon.grammar_of("relations")
        self.opening, self.reach = g.opening, g.opening_reach

    def opening_subject(self, inside: list[Resolved], start: int, text: str) -> Resolved | None:
        """The official body a sentence opens with (after a date or time phrase): its subject."""
        for r in inside:
            if r.start - start > self.reach or r.type == "Person":
                return None
            if r.type == TITLE:
                continue
            official = extractor(r.extractor).official or (r.type == "Place" and r.government)
            if not official:
                continue  # a programme or place in a leading clause (为推动“吉人回乡”工作落地落实，…)
            clause = text.rfind("，", start, r.start)
            lead = text[start:r.start] if clause < 0 else text[clause + 1:r.start]
            if self.opening.fullmatch(lead) or (clause < 0 and lead.endswith("，")):
                return r
            return None
        return None

    def of_article(self, sentences, resolved: list[Resolved], text: str) -> Resolved | None:
        """The body that most sentences of the article open with (at least two)."""
        counts: dict[str, int] = {}
        first: dict[str, Resolved] = {}
        for sentence, inside in mentions_by_sentence(sentences, resolved):
            opener = self.opening_subject(inside, sentence.start, text)
            if opener is not None and sentence.kind != "repeat":
                key = opener.government or opener.key if opener.type == "Place" else opener.key
                counts[key] = counts.get(key, 0) + 1
                first.setdefault(key, opener)
        if not counts:
            return None
        best, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        return first[best] if n >= 2 else None
