"""Canonical names: of a body from its place, core and units (省人社厅 in Jilin →
吉林省人力资源和社会保障厅), and of a meeting from its body and numbers (省政协十三届二次会议
→ 吉林省政协十三届二次会议)."""
from __future__ import annotations

from kg.extract.resolve.home import own_division, pick_division
from kg.lexicon import Division, Lexicon
from kg.model import BodyName, DivisionName, Home, LeadingPlace, Mention, SessionName

QUOTES = "“”\"《》「」『』‘’"


def strip_quotes(text: str) -> str:
    return "".join(ch for ch in text if ch not in QUOTES).strip()


class Names:
    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        org = lexicon.organizations
        self.cores = org.get("cores", {})
        self.abbreviations = org.get("abbreviations", {})
        self.government_aliases = org.get("government_aliases", [])
        orgs = lexicon.grammar_of("organizations")
        self.party = orgs.party_prefix
        self.cppcc = orgs.cppcc_prefix
        m = self.m = lexicon.grammar_of("meetings")
        self.whole_place = m.whole_place
        self.digits, self.ten = m.numeral_digits, m.numeral_ten

    def governments(self, place_label: str) -> list[str]:
        """The other names of the government of a place (吉林省人民政府)."""
        return [a.format(place=place_label) for a in self.government_aliases]

    def number(self, text: str) -> str:
        """Session numbers as the press writes them (13 → 十三)."""
        if text.isdigit():
            n = int(text)
            if n < 10:
                return self.digits[n]
            if n < 100:
                tens, ones = divmod(n, 10)
                return ("" if tens == 1 else self.digits[tens]) + self.ten + (self.digits[ones] if ones else "")
        return text

    def body(self, division: Division | None, core: str | None, units: tuple[str, ...], surface: str,
             place_text: str) -> tuple[str | None, list[str], str | None]:
        """(canonical label, aliases, canonical label of the parent body) of a body."""
        if division is None:
            return None, [], None
        place = self.lex.full_place_name(division)
        level_index = 0 if division.level == "province" else 1

        def expand(unit: str) -> str:
            full = self.abbreviations.get(unit, unit)
            if isinstance(full, list):
                full = full[min(level_index, len(full) - 1)]
            return full

        spec = self.cores.get(core) if core else None
        base = spec["canonical"].format(place=place) if spec else place
        under = spec.get("units_under", spec["canonical"]).format(place=place) if spec else place
        base_aliases = [a.format(place=place) for a in (spec.get("aliases", []) if spec else [])]
        if spec:
            base_aliases.append(place + core)
        label = (under + "".join(expand(u) for u in units)) if units else base
        after_place = surface[surface.find(place_text) + len(place_text):] if place_text in surface else ""
        aliases = [surface, place + after_place]
        aliases += [a + "".join(units) for a in base_aliases] if units else base_aliases
        if self.party.match(surface):
            aliases.append(self.party.sub("", surface))
        parent = None
        if units and (spec or len(units) > 1):
            parent = base if len(units) == 1 else under + "".join(expand(u) for u in units[:-1])
        return label, aliases, parent

    def parent_aliases(self, division: Division | None, core: str | None, units: tuple[str, ...]) -> list[str]:
        """The parent's names as written, abbreviations kept (省人社厅党组 → 湖北省人社厅)."""
        if division is None or len(units) < 2:
            return []
        place = self.lex.full_place_name(division)
        spec = self.cores.get(core) if core else None
        written = "".join(units[:-1])
        bases = [place + (core or "")] + [a.format(place=place) for a in (spec.get("aliases", []) if spec else [])]
        return [b + written for b in bases]

    def body_division(self, name: BodyName, home: Home) -> Division | None:
        if name.place is not None:
            return pick_division(self.lex, name.place.divisions, home)
        if name.abbrev:
            return own_division(self.lex, name.abbrev, home)
        return None

    def meeting(self, m: Mention, surface: str, home: Home, scope: str) -> tuple[str, list[str], str | None]:
        """(canonical label, aliases, scope) of a meeting; the scope is the article's for a
        short form whose body the article does not make clear."""
        name = strip_quotes(m.label or surface)  # a dictionary's canonical name (党的二十大)
        aliases = [surface, *m.aliases]
        if isinstance(m.grammar, SessionName):
            return self._session(m.grammar, name, aliases, home, scope)
        head = self.m.own_body_head.match(name)
        if head:
            division = own_division(self.lex, head.group(1), home)
            org_label, _, _ = self.body(division, head.group(2), (), "", "")
            if org_label:
                return org_label + name[head.end():], aliases + [name], None
            return name, aliases, scope
        lead = m.grammar
        if isinstance(lead, LeadingPlace):  # 长春市人才工作会议
            d = pick_division(self.lex, lead.divisions, home)
            if d is not None and d.level != "province":
                return self.lex.full_place_name(d) + name[len(lead.text):], aliases + [name], None
        whole = next((w for w in self.whole_place if name.startswith(w)), None)
        if whole:  # 全市人才工作会议 in a 洛阳 article is 洛阳市人才工作会议
            d = home.get(self.whole_place[whole])
            if d is not None:
                return self.lex.full_place_name(d) + name[len(whole):], aliases + [name], None
            return name, aliases, scope
        return name, aliases, None

    def _session(self, session: SessionName, name: str, aliases: list[str], home: Home,
                 scope: str) -> tuple[str, list[str], str | None]:
        prefix = session.prefix
        org_label = None
        if isinstance(prefix, BodyName) and (prefix.core or prefix.units or prefix.abbrev):
            org_label, _, _ = self.body(self.body_division(prefix, home), prefix.core, (), "", "")
        elif isinstance(prefix, DivisionName) and session.org_prefix.startswith(self.cppcc):
            org_label, _, _ = self.body(pick_division(self.lex, prefix.divisions, home), self.cppcc, (), "", "")
        parts = self.m.session_parts.match(session.session)
        if org_label and parts:
            kind = parts.group("kind")
            if (parts.group("standing") and kind == self.m.bare) or kind in self.m.standing_kinds:
                kind = self.m.standing_kind
            label = self.m.session_label.format(body=org_label, jie=self.number(parts.group("jie")),
                                              ci=self.number(parts.group("ci")), kind=kind)
            return label, aliases + [name], None
        return name, aliases, scope
