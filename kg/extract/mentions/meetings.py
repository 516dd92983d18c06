"""Meetings: numbered sittings after the body or place they belong to (省政协十三届二次会议,
政协吉林市第十四届委员会第三次会议), and named meetings by how their names end (…座谈会,
…推进会, …表彰大会), reaching left to a boundary word or mark."""
from __future__ import annotations

from kg.lexicon import Lexicon
from kg.model import DivisionName, LeadingPlace, Mention, SessionName

# marks that end a meeting's name on its left; a closing quote does too unless the name
# opened the quote (在“同心圆”座谈会上)
LEFT_MARKS = "，。；：、！？\n（(《》 "
NAME_OPENERS_SKIPPED = "”）"


class Meetings:
    name = "meetings"

    def __init__(self, lexicon: Lexicon, dictionary):
        self.g = lexicon.grammar_of("meetings")
        self.left_boundaries = sorted(self.g.left_boundaries, key=len, reverse=True)
        self.cppcc = lexicon.grammar_of("organizations").cppcc_prefix
        self.confidence = self.g.confidence

    def __call__(self, found) -> list[Mention]:
        text = found.text
        prefixes = found["organizations"] + found["places"]
        out = self._sessions(text, prefixes)
        out += self._named(text, found.doc._.sentences, prefixes, out)
        return out

    def _sessions(self, text: str, prefixes: list[Mention]) -> list[Mention]:
        """Numbered sittings, which need a body or a place right before them."""
        out = []
        by_end: dict[int, Mention] = {}
        for p in prefixes:
            if p.end not in by_end or by_end[p.end].start > p.start:
                by_end[p.end] = p
        for m in self.g.session.finditer(text):
            s = m.start()
            prefix = by_end.get(s)
            overlapping = [p for p in prefixes if p.start < s < p.end and p.type == "Organization"]
            if prefix is None and overlapping:
                prefix = min(overlapping, key=lambda p: p.start)
            if prefix is None:
                continue
            start = prefix.start
            if prefix.type == "Place" and text[max(0, start - len(self.cppcc)):start] == self.cppcc:
                start -= len(self.cppcc)
            name = SessionName(prefix.grammar, text[prefix.start:prefix.end], text[m.start():m.end()], text[start:s])
            out.append(Mention(start, m.end(), "Meeting", "grammar:session", self.confidence["session"], grammar=name))
            term = self.g.session_term.match(name.session)
            more = self.g.session_continued.match(text, m.end())
            if term and more:
                out.append(Mention(more.start("sitting"), more.end(), "Meeting", "grammar:session",
                                   self.confidence["session_continued"],
                                   grammar=SessionName(name.prefix, name.prefix_text,
                                                       term.group() + more.group("sitting"), name.org_prefix)))
        return out

    def _extend_left(self, text: str, end: int) -> int:
        """Start of a free-standing name that ends at `end`: back to a boundary."""
        i = end
        floor = max(0, end - self.g.left_reach)
        while i > floor:
            ch = text[i - 1]
            if ch in LEFT_MARKS or (ch == "”" and "“" not in text[floor:i]):
                break
            if any(text.startswith(b, i - len(b)) for b in self.left_boundaries):
                break
            i -= 1
        while i < end and text[i] in NAME_OPENERS_SKIPPED:
            i += 1
        return i

    def _named(self, text: str, sentences, prefixes: list[Mention], sessions: list[Mention]) -> list[Mention]:
        out = []
        session_ends = {m.end for m in sessions}
        session_spans = [(m.start, m.end) for m in sessions]
        starts_of_names = {p.start for p in prefixes}
        for s in sentences:
            for m in self.g.suffix.finditer(text, s.start, s.end):
                if m.end() in session_ends:
                    continue
                end = m.end()
                if text[end:end + 1] in "（(":  # 人才工作会议（扩大）
                    close = text.find("）", end, end + 12)
                    if close > 0:
                        end = close + 1
                start = self._extend_left(text, m.start())
                lead = self.g.counted.match(text[start:m.start()])
                if lead:
                    start += lead.end()
                joined = list(self.g.joined_by.finditer(text, start, m.start()))
                if joined:
                    start = joined[-1].end()
                name = text[start:m.end()]
                if any(start <= a < m.end() for a, _ in session_spans):
                    continue
                if len(name) < self.g.min_length or name in self.g.generic or name.startswith(self.g.not_starting):
                    continue
                topic = name[: len(name) - len(m.group())]
                named_by = start in starts_of_names or self.g.naming_marks.search(name)
                if not named_by and len(topic) < self.g.min_topic:
                    continue  # 专题协商会, 学术峰会: kinds of meeting, not names
                if m.group() == self.g.bare and not (start in starts_of_names or name.startswith(self.g.bare_starts)
                                                     or any(w in name for w in self.g.bare_inside)):
                    continue
                place = next((p for p in prefixes if p.start == start and p.type == "Place"
                              and isinstance(p.grammar, DivisionName)), None)
                lead_place = LeadingPlace(place.grammar.divisions, text[place.start:place.end]) if place else None
                out.append(Mention(start, end, "Meeting", "grammar:named-meeting", self.confidence["named"],
                                   grammar=lead_place))
        return out
