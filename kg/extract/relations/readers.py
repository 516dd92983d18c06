"""Readers: the relation rules that need more than one pattern can say, named by the
`reader:` of a rule in patterns/relations.yml. A sentence reader yields
``(subject, object, title)`` for one sentence's mentions; a document reader yields
``(subject, object, offset)`` for the whole document, the offset telling which sentence
is the evidence.

- post chain: posts written before names, one fact per post and per name (市委副书记、
  市长孔维钧 · 省政协常委、四川农业大学教授孟知秋 · 省政协副主席严立峰、章若琳，秘书长滕启明);
- title implies body: a post that names its body by itself (某某总书记);
- name nesting: a body or place whose name names its parent (二道区委人才办 → 二道区委);
- letter signature, letter printed by, letter reply: a letter titled as a document
  (对…提案的答复) is issued by the body that signs it and by the office that prints it,
  and answers the 《proposal》 it names first.
"""
from __future__ import annotations

from kg.extract.relations.bodies import Bodies
from kg.lexicon import Lexicon
from kg.model import Resolved
from kg.schema import TITLE, extractor


class Readers:
    def __init__(self, lexicon: Lexicon):
        g = lexicon.grammar_of("relations")
        self.name_gaps, self.chain_gaps = g.chain_name_gaps, g.chain_gaps
        self.title_gaps, self.body_gaps = g.chain_title_gaps, g.chain_body_gaps
        self.signature_reach, self.printed, self.reply_word = g.signature_reach, g.printed, g.reply_word
        self.sentence_readers = {"post chain": self.post_chain, "title implies body": self.title_implies_body}
        self.document_readers = {"name nesting": self.name_nesting, "letter signature": self.letter_signature,
                                 "letter printed by": self.letter_printed_by, "letter reply": self.letter_reply}

    @property
    def names(self) -> set[str]:
        return set(self.sentence_readers) | set(self.document_readers)

    # ------------------------------------------------------------------ one sentence
    def title_implies_body(self, inside: list[Resolved], text: str, bodies: Bodies):
        for a, b in zip(inside, inside[1:]):
            if a.type == "Person" and b.type == TITLE and a.end == b.start:
                org = bodies.of_title(b.title)
                if org:
                    yield a.key, org, b.title

    def post_chain(self, inside: list[Resolved], text: str, bodies: Bodies):
        last_org = None  # the body of the sentence's last post: later bare titles belong to it
        items: list[list] = []  # [org mention or None, [titles]]
        persons_of = None  # the chain the names being listed take
        prev_end = None
        for r in inside:
            gap = text[prev_end:r.start] if prev_end is not None else None
            prev_end = r.end
            is_body = r.type == "Organization" or (r.type == "Place" and r.government)
            if r.type == "Person":
                if items and items[-1][1] and gap == "":
                    persons_of = items
                    items = []
                elif persons_of is None or gap not in self.name_gaps:
                    persons_of, items = None, []
                    continue
                owner = None
                for org, titles in persons_of:
                    owner = org or (last_org if owner is None else owner)
                    body = bodies.acting(owner, {"Organization"}) if owner else None
                    title = "".join(titles)
                    implied = bodies.of_title(title)
                    if implied and org is None:
                        body = implied
                    if body:
                        yield r.key, body, title
                        if org is not None:
                            last_org = org
                continue
            persons_of = None if gap not in self.chain_gaps else persons_of
            if is_body:
                if gap not in self.body_gaps or not items or items[-1][1] == []:
                    items = [] if gap not in ("、",) else items
                items.append([r, []])
            elif r.type == TITLE:
                if items and gap in self.title_gaps and (items[-1][1] == [] or gap == ""):
                    items[-1][1].append(r.title)
                elif items and gap == "、":
                    items.append([None, [r.title]])
                else:
                    items = [[None, [r.title]]]
            else:
                items = []

    # ------------------------------------------------------------------ the whole document
    @staticmethod
    def name_nesting(resolved: list[Resolved], text: str, bodies: Bodies, prop: str):
        part_type = {"subOrganizationOf": "Organization", "locatedIn": "Place"}.get(prop)
        for r in resolved:
            if r.part_of and r.type == part_type:
                yield r.key, r.part_of, r.start

    @staticmethod
    def _letter(resolved: list[Resolved]):
        """The letter's own title and the mentions outside other names, in order."""
        outside = sorted((r for r in resolved if not r.contained), key=lambda r: r.start)
        return next((r for r in outside if r.type == "Document" and extractor(r.extractor).letter_title), None), outside

    def signer(self, resolved: list[Resolved], text: str):
        """The body whose name stands alone on a line near the end."""
        tail_start = max(0, len(text) - self.signature_reach)
        for r in reversed(resolved):
            if r.start < tail_start:
                break
            line_start = text.rfind("\n", 0, r.start) + 1
            line_end = text.find("\n", r.end)
            line_end = len(text) if line_end < 0 else line_end
            if r.type == "Organization" and not text[line_start:r.start].strip() and not text[r.end:line_end].strip():
                return r
        return None

    def letter_signature(self, resolved, text, bodies, prop):
        titled, resolved = self._letter(resolved)
        signer = self.signer(resolved, text) if titled else None
        if signer is not None:
            yield signer.key, titled.key, signer.start

    def letter_reply(self, resolved, text, bodies, prop):
        titled, resolved = self._letter(resolved)
        signer = self.signer(resolved, text) if titled else None
        if signer is not None and self.reply_word in text[titled.start:titled.end]:
            answered = next((r for r in resolved if r.type == "Document" and r.start > titled.end
                             and text[r.start] == "《"), None)
            if answered is not None:
                yield signer.key, answered.key, answered.start

    def letter_printed_by(self, resolved, text, bodies, prop):
        titled, resolved = self._letter(resolved)
        if titled is None:
            return
        tail_start = max(0, len(text) - self.signature_reach)
        for r in resolved:
            if r.type == "Organization" and r.start >= tail_start and self.printed.match(text, r.end):
                yield r.key, titled.key, r.start
