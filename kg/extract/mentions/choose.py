"""Stage 6a: where candidates overlap, one wins.

Longest first, then by type priority (kg.schema) and confidence. A model's span (a backend
of kg_ner) that crosses or swallows a span of the grammars gives way: the grammars know
the structure of official names (place, body, post), a model's boundaries are guesses; the
model adds the names the grammars do not find. Bodies that open a meeting's or document's
name (省委人才工作领导小组会议) are kept as well: entities in their own right; so are the
numbered sittings a document's title names (关于召开省十四届人大三次会议的决定).
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.state import attribute
from kg.model import Mention
from kg.schema import TITLE, TITLE_PRIORITY, TYPES, extractor, own_flags


def priority(type_: str) -> int:
    return TITLE_PRIORITY if type_ == TITLE else TYPES[type_].priority if type_ in TYPES else 0


def choose(candidates: list[Mention], text_length: int) -> list[Mention]:
    rule_spans = [(m.start, m.end) for m in candidates if not extractor(m.extractor).model]
    ruled = bytearray(text_length + 1)
    for s, e in rule_spans:
        ruled[s:e] = b"\x01" * (e - s)
    exact = set(rule_spans)
    candidates = [m for m in candidates if not extractor(m.extractor).model or (m.start, m.end) in exact
                  or not any(ruled[m.start:m.end])]
    ordered = sorted(candidates, key=lambda m: (-(m.end - m.start), -priority(m.type), -m.confidence, m.start))
    taken: list[Mention] = []
    occupied = bytearray(text_length + 1)
    for m in ordered:
        if m.end <= m.start or any(occupied[m.start:m.end]):
            continue
        taken.append(m)
        occupied[m.start:m.end] = b"\x01" * (m.end - m.start)
    return taken


def contained_bodies(candidates: list[Mention], chosen: list[Mention]) -> list[Mention]:
    """Bodies of the grammars that open a chosen meeting's or document's name
    (《政协吉林省第十三届委员会常务委员会2024年工作要点》), the longest at each start."""
    opens = {(m.start, m.end) for m in chosen if m.type in ("Meeting", "Document")}
    starts = {s for s, _ in opens} | {s + 1 for s, _ in opens}
    best: dict[int, Mention] = {}
    for m in candidates:
        if m.type == "Organization" and m.start in starts and any(s <= m.start and m.end < e for s, e in opens) \
                and extractor(m.extractor).kind == "grammar":
            if m.start not in best or m.end > best[m.start].end:
                best[m.start] = m
    # a numbered sitting named inside a document's title (关于召开省十四届人大三次会议的决定) is
    # a meeting the text names as well
    documents = [(m.start, m.end) for m in chosen if m.type == "Document"]
    sittings: dict[tuple[int, int], Mention] = {}
    for m in candidates:
        if m.type == "Meeting" and own_flags(m.extractor).numbered_sitting and any(s <= m.start and m.end <= e and
                                                                            (s, e) != (m.start, m.end)
                                                                            for s, e in documents):
            sittings.setdefault((m.start, m.end), m)
        # 《…实施意见》新闻发布会: the document a meeting is named after
        if m.type == "Document" and own_flags(m.extractor).titled and any(
                s == m.start and m.end < e for s, e in opens):
            sittings.setdefault((m.start, m.end), m)
    return list(best.values()) + list(sittings.values())


class Choose:
    def __call__(self, doc: Doc) -> Doc:
        candidates = doc._.ner_mentions + doc._.candidates
        doc._.chosen = choose(candidates, len(doc._.text))
        doc._.contained = contained_bodies(candidates, doc._.chosen)
        return doc


@Language.factory("kg_choose", assigns=[attribute("chosen"), attribute("contained")],
                  requires=[attribute("ner_mentions"), attribute("candidates")])
def make_choose(nlp: Language, name: str) -> Choose:
    return Choose()
