"""Official bodies by the grammar of their names (organizations.yml):

    [中共] PLACE | 省 市 区 县 州   [TERM CORE | CORE]?   UNIT*      中共吉林市委, 省人社厅, 二道区委人才办,
                                                       省十四届人大常委会代表资格审查委员会

with the CPPCC's formal name (政协吉林省第十三届委员会), a department listed after a
body's post (中共四川省委常委、统战部部长 → 中共四川省委统战部) and the paper of a place
(四川日报网); and bodies named by how their names end (东北师范大学, 吉林省校友人才联合会,
湖南第一师范学院), bounded by the words before them."""
from __future__ import annotations

import re

from kg.lexicon import Lexicon, alternation
from kg.model import BodyName, DivisionName, Mention
from kg.text import CJK


class Bodies:
    name = "organizations"

    def __init__(self, lexicon: Lexicon, dictionary):
        org = lexicon.organizations
        g = self.g = lexicon.grammar_of("organizations")
        self.units = org.get("units", [])
        self.blockers = set(org.get("abbreviation_blockers", ""))
        core_alts = []
        for core, spec in org.get("cores", {}).items():
            nf = spec.get("not_followed_by") if isinstance(spec, dict) else None
            core_alts.append((core, re.escape(core) + (f"(?![{re.escape(nf)}])" if nf else "")))
        core_alts.sort(key=lambda c: len(c[0]), reverse=True)
        cores = "|".join(a for _, a in core_alts)
        term = f"(?:{g.body_term.pattern})?"  # 省十四届人大常委会: the term of a standing committee
        self.tail = re.compile(f"(?P<term>{g.body_term.pattern})?(?P<core>{cores})?"
                               f"(?P<units>(?:{alternation(self.units)})*)")
        self.unit = re.compile(alternation(self.units))
        levels = "".join(re.escape(k) for k in org.get("own_place", {}))
        self.abbreviated = re.compile(f"[{levels}](?={term}(?:{cores}|{alternation(self.units)}))")
        titles = alternation(lexicon.titles)
        long_units = alternation(u for u in self.units if len(u) >= g.bare_unit_min_length)
        self.bare_unit = re.compile(f"、(?P<unit>{long_units})(?=(?:{titles}))")
        self.listed_unit = re.compile(f"、(?P<unit>{alternation(self.units)})")
        self.confidence = g.confidence

    def __call__(self, found) -> list[Mention]:
        text = found.text
        places = found["places"]
        out = []
        starts = [(p.start, p.end, p) for p in places if isinstance(p.grammar, DivisionName)]
        covered = {(p.start, p.end) for p in places}
        for m in self.abbreviated.finditer(text):
            s = m.start()
            if s > 0 and text[s - 1] in self.blockers:
                continue  # 全省, 我市: part of another word
            if any(ps <= s < pe for ps, pe in covered):
                continue
            starts.append((s, s + 1, None))
        for s, e, place in starts:
            media = self.g.media_after_place.match(text, e) if place is not None else None
            if media:  # 四川日报网, 长春晚报社: the paper of a place
                out.append(Mention(s, media.end(), "Organization", "grammar:named-organization",
                                   self.confidence["named"]))
                continue
            tail = self.tail.match(text, e)
            if tail.group("term") and not tail.group("units") and self.g.body_term_sitting.match(text, tail.end()):
                continue  # 省十四届人大常委会第九次会议: a sitting's name (meetings), not a body's
            core, units_text = tail.group("core"), tail.group("units")
            if not core and not units_text:
                committee = self._cppcc_committee(text, s, e, place)
                if committee is not None:
                    out.append(committee)
                continue
            units = tuple(self.unit.findall(units_text)) if units_text else ()
            start = next((s - len(p) for p in sorted(self.g.party_prefixes, key=len) if text[max(0, s - len(p)):s] == p),
                         s)
            out.append(Mention(start, tail.end(), "Organization", "grammar:organization", self.confidence["body"],
                               grammar=BodyName(place.grammar if place else None, text[s:e], core, units,
                                                text[s] if place is None else None)))
        out += self._bare_units(text, out)
        out += self._national_units(text, found["national"])
        return out

    def _national_units(self, text: str, national: list[Mention]) -> list[Mention]:
        """全国人大民族委员会、华侨委员会: units after a national body's name (and each unit
        listed after it) are that body's; labelled by the name as written."""
        out = []
        for n in national:
            if n.type != "Organization":
                continue
            prefix, pos = text[n.start:n.end], n.end
            while True:
                unit = self.unit.match(text, pos)
                if not unit or any(o.start < unit.end() and unit.start() < o.end for o in national if o is not n):
                    break
                start = n.start if pos == n.end else pos
                out.append(Mention(start, unit.end(), "Organization", "grammar:organization", self.confidence["body"],
                                   label=prefix + unit.group(), aliases=(n.label + unit.group(),)))
                if text[unit.end():unit.end() + 1] != "、":
                    break
                pos = unit.end() + 1
        return out

    def _cppcc_committee(self, text: str, s: int, e: int, place: Mention | None) -> Mention | None:
        """政协吉林省第十三届委员会(常务委员会): the CPPCC of the place."""
        cppcc = self.g.cppcc_prefix
        if place is None or text[max(0, s - len(cppcc)):s] != cppcc:
            return None
        committee = self.g.cppcc_committee.match(text, e)
        if not committee:
            return None
        units = (self.g.cppcc_standing,) if self.g.cppcc_standing in committee.group() else ()
        return Mention(s - len(cppcc), committee.end(), "Organization", "grammar:cppcc-committee",
                       self.confidence["cppcc_committee"], grammar=BodyName(place.grammar, text[s:e], cppcc, units, None))

    def _bare_units(self, text: str, bodies: list[Mention]) -> list[Mention]:
        """A department after 、 in a list of posts belongs to the body before it."""
        out = []
        by_end = sorted(bodies, key=lambda m: m.end)
        for m in self.bare_unit.finditer(text):
            before = [o for o in by_end if o.end <= m.start() <= o.end + self.g.bare_unit_reach and o.grammar.core]
            if not before or any(o.start <= m.start() < o.end for o in bodies + out):
                continue
            body = before[-1].grammar
            out.append(Mention(m.start("unit"), m.end("unit"), "Organization", "grammar:organization",
                               self.confidence["bare_unit"],
                               grammar=BodyName(body.place, "", body.core, (m.group("unit"),), body.abbrev)))
        # 省人大环资委、教科文卫委: a unit listed right after a body's unit is the same body's
        pos = 0
        while True:
            m = self.listed_unit.search(text, pos)
            if not m:
                break
            pos = m.end()
            before = [o for o in bodies + out if o.end == m.start() and o.grammar and o.grammar.core and o.grammar.units]
            if not before or any(o.start <= m.start("unit") < o.end for o in bodies + out) or \
                    self.unit.fullmatch(text, m.start("unit"), m.end("unit")) is None:
                continue
            body = before[-1].grammar
            out.append(Mention(m.start("unit"), m.end("unit"), "Organization", "grammar:organization",
                               self.confidence["bare_unit"],
                               grammar=BodyName(body.place, "", body.core, (m.group("unit"),), body.abbrev)))
        return out


class NamedBodies:
    """Names ending in 大学, 联合会, 公司 …, bounded by the words before them: a run of nouns
    (by the word tagger's tags), one of them a proper noun's."""

    name = "named_organizations"

    def __init__(self, lexicon: Lexicon, dictionary):
        self.g = lexicon.grammar_of("organizations")
        self.ending = re.compile(f"(?:{alternation(lexicon.organizations.get('name_suffixes', []))})")
        self.chinese = re.compile(f"[{CJK}]+")

    def __call__(self, found) -> list[Mention]:
        text = found.text
        words = found.doc._.words
        out = []
        for i, (s, e, pos) in enumerate(words):
            m = self.ending.search(text, s, e)
            if not m or m.end() != e or text.endswith(self.g.named_not_ending, 0, e):
                continue
            j = i
            proper = pos in self.g.named_word_tags or m.start() > s
            while j > 0 and i - j < self.g.named_max_words:
                ps, pe, ppos = words[j - 1]
                ordinal = self.g.named_joining_ordinal.fullmatch(text[ps:pe])  # 第一师范学院
                if pe != words[j][0] or (ppos not in self.g.named_joining_tags and not ordinal) or \
                        not self.chinese.fullmatch(text[ps:pe]):
                    break
                j -= 1
                proper = proper or ppos in self.g.named_proper_tags
            start = words[j][0]
            if (e - start) < self.g.named_min_length or not proper:
                continue
            out.append(Mention(start, e, "Organization", "grammar:named-organization", self.g.confidence["named"]))
            unit = self.g.named_party_unit.match(text, e)
            if unit:  # 中国社会科学院(原)党组: the body's party group, before a post
                out.append(Mention(start, unit.end(), "Organization", "grammar:named-organization",
                                   self.g.confidence["named"], label=text[start:e] + unit.group("unit")))
        return out
