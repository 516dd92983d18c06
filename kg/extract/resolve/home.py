"""The article's own places: the province of the body its lead names acting (江西省委常委会
召开会议…) or of its source line (本报杭州…讯, 四川日报网), else the one most of its place
names and bodies' names lie in; and the city and county most of them lie in. 省政协 in a
Jilin article is 吉林省政协; 市委 in a 吉林市 article is 中共吉林市委, even when the article
is about a meeting on another province."""
from __future__ import annotations

from collections import Counter

from kg.lexicon import Division, Lexicon
from kg.model import BodyName, DivisionName, Home, LeadingPlace, Mention


def lead_end(lexicon: Lexicon, text: str) -> int:
    """Where the article's lead ends: its title line and the first sentence after it."""
    title_end = text.find("\n")
    title_end = len(text) if title_end < 0 else title_end + 1
    while title_end < len(text) and text[title_end:title_end + 1].isspace():
        title_end += 1
    end = lexicon.grammar_of("organizations").home_lead_sentence_end.search(text, title_end)
    return end.end() if end else len(text)


def _deciding(lexicon: Lexicon, text: str, mentions: list[Mention]) -> str | None:
    """The province of the first body named with its place in the lead, or of the place in
    the source line (本报杭州…讯, 四川日报网): the place the article is from."""
    g = lexicon.grammar_of("organizations")
    end = lead_end(lexicon, text)
    for m in sorted(mentions, key=lambda m: m.start):
        if m.start >= end:
            break
        codes = None
        if m.type == "Organization" and isinstance(m.grammar, BodyName) and m.grammar.place is not None \
                and (m.grammar.core or m.grammar.units):
            codes = m.grammar.place.divisions
        elif m.type == "Place" and isinstance(m.grammar, DivisionName) and g.home_source_after.match(text, m.end):
            codes = m.grammar.divisions
        provinces = {lexicon.divisions[c].province_code for c in codes or () if c in lexicon.divisions}
        if len(provinces) == 1:
            return provinces.pop()
    return None


def of_several_provinces(codes) -> bool:
    """Whether a name is shared by divisions of more than one province (郊区, 城区)."""
    return len({c[:2] for c in codes}) > 1


def home_places(lexicon: Lexicon, mentions: list[Mention], text: str = "") -> Home:
    """The province the lead decides (`_deciding`), else the one most candidates name (a
    name shared by divisions of several provinces names none of them); within it the city
    and county with most (at least two, and clearly more than the next)."""
    votes: dict[str, Counter] = {"province": Counter(), "prefecture": Counter(), "county": Counter()}
    for m in mentions:
        codes = None
        if m.type == "Organization" and isinstance(m.grammar, BodyName) and m.grammar.place is not None:
            codes = m.grammar.place.divisions
        elif m.type == "Place" and isinstance(m.grammar, LeadingPlace):  # a village's city
            codes = m.grammar.divisions
        elif m.type == "Place" and isinstance(m.grammar, DivisionName):
            codes = m.grammar.divisions
        if not codes:
            continue
        d = lexicon.divisions.get(codes[0])
        if d is None or of_several_provinces(codes):
            continue
        votes["province"][d.province_code] += 1
        if d.level != "province":
            votes["prefecture"][d.prefecture_code] += 1
        if d.level == "county":
            votes["county"][d.code] += 1
    home: dict[str, Division | None] = {}
    decided = _deciding(lexicon, text, mentions) if text else None
    if decided in lexicon.divisions:
        home["province"] = lexicon.divisions[decided]
    elif votes["province"]:
        home["province"] = lexicon.divisions[votes["province"].most_common(1)[0][0]]
    for level in ("prefecture", "county"):
        inside = [(c, n) for c, n in votes[level].most_common()
                  if home.get("province") and c[:2] == home["province"].code[:2]]
        if inside and inside[0][1] >= 2 and (len(inside) == 1 or inside[0][1] > inside[1][1]):
            if level == "county" and home.get("prefecture") and inside[0][0][:4] != home["prefecture"].code[:4]:
                continue
            home[level] = lexicon.divisions.get(inside[0][0])
    if home.get("county") and not home.get("prefecture"):
        home["prefecture"] = lexicon.divisions.get(home["county"].prefecture_code)
    return Home(**home)


def pick_division(lexicon: Lexicon, codes, home: Home) -> Division | None:
    """The division a name means: the one in the article's province, if any."""
    divisions = [lexicon.divisions[c] for c in codes if c in lexicon.divisions]
    if not divisions:
        return None
    if home.province:
        inside = [d for d in divisions if d.province_code == home.province.code]
        if inside:
            return inside[0]
    return divisions[0]


def own_division(lexicon: Lexicon, abbrev: str, home: Home) -> Division | None:
    """The division 省, 市, 州, 区 or 县 stands for in a body's name (organizations.yml's own_place)."""
    rule = (lexicon.organizations.get("own_place") or {}).get(abbrev)
    if not rule:
        return None
    d = home.get(rule["level"])
    if d is not None and d.name.endswith(rule.get("ends_with", "")):
        return d
    return province_standing_in(rule, home) if d is None else None


def province_standing_in(rule: dict, home: Home) -> Division | None:
    """The article's province where an own_place rule's level has no division of its own
    and the province's name ends as `or_province_ending` says (市委 in a Chongqing article
    is the municipality's, 区政协 in a Ningxia one the autonomous region's)."""
    region = rule.get("or_province_ending")
    if region and home.province is not None and home.province.name.endswith(region):
        return home.province
    return None
