"""Meetings: numbered sittings after the body or place they belong to (省政协十三届二次会议,
政协吉林市第十四届委员会第三次会议), and named meetings by how their names end (…座谈会,
…推进会, …表彰大会), reaching left to a boundary word or mark and dropping the clause's
words before them (传达学习…座谈会精神); a congress's sittings (省十四届人大二次会议); meetings
named after a 《document》 (《…》新闻发布会); and a body's own sitting (市委常委会召开会议)."""
from __future__ import annotations

from kg.lexicon import Lexicon
from kg.model import BodyName, DivisionName, LeadingPlace, Mention, SessionName
from kg.text import is_cjk

# marks that end a meeting's name on its left; a closing quote does too unless the name
# opened the quote (在“同心圆”座谈会上)
LEFT_MARKS = "，。；：、！？\n（(《》 —△▲●■"
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
        named_prefixes = prefixes + [m for m in found["national"] if m.type == "Organization"]
        out = self._sessions(text, prefixes)
        out += self._named(text, found.doc._.sentences, named_prefixes, out)
        out += self._convened(text, found["organizations"] + found["national"])
        return out

    def _convened(self, text: str, bodies: list[Mention]) -> list[Mention]:
        """市委常委会召开会议: the bare 会议 is the body's own sitting, named after the body."""
        out = []
        by_end: dict[int, Mention] = {}
        for b in bodies:
            if b.type == "Organization" and (b.end not in by_end or by_end[b.end].start > b.start):
                by_end[b.end] = b
        for m in self.g.convened.finditer(text):
            body = by_end.get(m.start())
            if body is None:
                continue
            name = text[body.start:body.end]
            g = body.grammar
            if isinstance(g, BodyName) and g.place is not None and g.place_text and name.startswith(g.place_text) \
                    and g.place_text[-1] in self.g.levels:  # 江西省委常委会 → 省委常委会
                name = g.place_text[-1] + name[len(g.place_text):]
            out.append(Mention(m.start("kind"), m.end("kind"), "Meeting", "grammar:named-meeting",
                               self.confidence["named"], label=name + m.group("kind")))
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
            if prefix is None:  # 闵行区政协召开七届二十三次常委会议: the body that convenes it names it
                verb = self.g.convening_verb.search(text, max(0, s - 4), s)
                if verb is not None and verb.end() == s:
                    prefix = next((b for b in prefixes if b.end == verb.start() and b.type == "Organization"
                                   and isinstance(b.grammar, BodyName)), None)
                    if prefix is not None:
                        body = text[prefix.start:prefix.end]
                        out.append(Mention(s, m.end(), "Meeting", "grammar:session", self.confidence["session"],
                                           grammar=SessionName(prefix.grammar, body, m.group(), body)))
                        continue
            if prefix is None and self.g.national_congress.match(m.group()) and (
                    s == 0 or not is_cjk(text[s - 1]) or any(text.startswith(w, s - len(w)) for w in self.left_boundaries)):
                out.append(Mention(s, m.end(), "Meeting", "grammar:session", self.confidence["session"]))
                continue  # ：十四届全国人大三次会议…: the nation's congress, named in full after a boundary
            if prefix is None:
                # 省十四届人大二次会议: a congress's sitting after the level of the article's own place
                level = text[s - 1:s]
                if s > 0 and level in self.g.congress_levels and any(w in m.group() for w in self.g.congress):
                    out.append(Mention(s - 1, m.end(), "Meeting", "grammar:session", self.confidence["session"]))
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

    def _titled(self, text: str, at: int, floor: int) -> tuple[int, str, int] | None:
        """(start, title, start of the kind) of a 《title》 right before `at`, past a note in
        brackets (《…》（…简称《…》）新闻发布会), or None."""
        i = at
        while i > floor and at - i < self.g.title_kind_length and text[i - 1] not in "》）)" \
                and is_cjk(text[i - 1]):  # 《…》新闻发布会
            i -= 1
        kind = i
        if text[i - 1:i] in "）)":
            opening = max(text.rfind("（", floor, i), text.rfind("(", floor, i))
            if opening < 0 or i - opening > self.g.title_note_length:
                return None
            i = opening
        if text[i - 1:i] != "》":
            return None
        opening = text.rfind("《", floor, i)
        if opening < 0 or "》" in text[opening:i - 1]:
            return None
        return opening, text[opening + 1:i - 1], kind

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
                titled = self._titled(text, m.start(), s.start)
                if titled is not None:  # 《…实施意见》新闻发布会: a meeting named after a document
                    start, label, kind = titled
                    if m.group() not in self.g.generic or m.group() in self.g.after_title:
                        out.append(Mention(start, end, "Meeting", "grammar:named-meeting", self.confidence["named"],
                                           label=label + text[kind:end]))
                    continue
                start = self._extend_left(text, m.start())
                lead = self.g.counted.match(text[start:m.start()])
                if lead:
                    start += lead.end()
                joined = list(self.g.joined_by.finditer(text, start, m.start()))
                if joined:
                    start = joined[-1].end()
                lead = self.g.lead_words.match(text[start:m.start()])
                if lead:  # 提请…, 并接受…: a clause's word, not the name's start
                    start += lead.end()
                study = self.g.study_words.match(text[start:m.start()])
                if study and self.g.studied.match(text, end):  # 传达学习…座谈会精神
                    start += study.end()
                    lead = self.g.lead_words.match(text[start:m.start()])
                    start += lead.end() if lead else 0
                if m.group() in self.g.sitting_suffixes and not self.g.sitting_before.search(text[start:m.start()]):
                    continue  # 第十四届人民代表大会: the institution, not a sitting
                name = text[start:m.end()]
                if any(start <= a < m.end() for a, _ in session_spans):
                    continue
                if len(name) < self.g.min_length or name in self.g.generic or name.startswith(self.g.not_starting) \
                        or any(w in name for w in self.g.not_containing):
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
