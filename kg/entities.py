"""Stage 6: choose among candidate mentions and resolve each to one entity per real thing.

Resolution reads the article's own place: 省政协 in an article about Jilin province is
吉林省政协, 市委 in an article about 吉林市 is 中共吉林市委. An abbreviation whose place
the article does not make clear stays scoped to its article, so it never merges with
the same short form elsewhere. Nested names give relations for free: 二道区委人才办 is
part of 二道区委; 蛟河市南顶子村 lies in 蛟河市.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from .extensions import doc_text
from .lexicon import Division, Lexicon, lexicon_for, short_name
from .mentions import Mention
from .model import Entity, entity_key

# When candidates overlap, the longer wins; on equal length, the higher priority.
PRIORITY = {"Meeting": 8, "Document": 8, "Program": 7, "Organization": 6, "Person": 5, "Title": 5,
            "Place": 4, "Concept": 2}
QUOTES = "“”\"《》「」『』‘’"
PRONOUN_ORGS = {"我省": "province", "本省": "province", "我市": "prefecture", "本市": "prefecture",
                "我区": "county", "本区": "county", "我县": "county", "本县": "county"}


@dataclass
class ResolvedMention:
    start: int
    end: int
    type: str
    key: str
    extractor: str
    confidence: float
    title: str | None = None  # for Title mentions: the post
    government: str | None = None  # for a division: the key of its government, when it acts
    contained: bool = False  # a body named inside a meeting's or document's name


@dataclass
class NestedFact:
    """A relation read from the structure of one name (二道区委人才办 → 二道区委)."""

    subject: str
    property: str
    object: str
    start: int
    end: int


def strip_quotes(text: str) -> str:
    return "".join(ch for ch in text if ch not in QUOTES).strip()


def _cn_number(text: str) -> str:
    """Session numbers as the press writes them (第十三届 → 十三)."""
    digits = "零一二三四五六七八九"
    if text.isdigit():
        n = int(text)
        if n < 10:
            return digits[n]
        if n < 100:
            tens, ones = divmod(n, 10)
            return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")
    return text


class EntityResolver:
    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        org = lexicon.organizations
        self.cores = org.get("cores", {})
        self.abbreviations = org.get("abbreviations", {})

    # ------------------------------------------------------------------ entry point
    def __call__(self, doc: Doc) -> Doc:
        chosen = self._choose(doc)
        chosen += self._pronoun_orgs(doc, chosen)
        chosen = self._propagate(doc, chosen)
        contained = self._contained_bodies(doc, chosen)
        home = self._home_places(doc, doc._.mentions or [])
        entities: dict[str, Entity] = {}
        nested: list[NestedFact] = []
        resolved: list[ResolvedMention] = []
        # a quoted name that is a programme anywhere in the article is one everywhere in it
        programs = {m.label for m in chosen if m.type == "Program" and m.label}
        for m in chosen:
            if m.type == "Concept" and m.label in programs:
                m.type = "Program"
        for m in sorted(chosen, key=lambda m: m.start):
            r = self._resolve(doc, m, home, entities, nested)
            if r is not None:
                resolved.append(r)
        for m in contained:
            r = self._resolve(doc, m, home, entities, nested)
            if r is not None:
                r.contained = True
                resolved.append(r)
        doc._.resolved = resolved
        doc.user_data["kg_entities"] = entities
        doc.user_data["kg_nested"] = nested
        doc.user_data["kg_home"] = home
        ents = []
        for r in resolved:
            span = doc.char_span(r.start, r.end, label=r.type, kb_id=r.key)
            if span is not None and r.type != "Title" and not r.contained:
                ents.append(span)
        doc.ents = ents
        return doc

    # ------------------------------------------------------------------ choosing
    def _choose(self, doc: Doc) -> list[Mention]:
        """Longest first, then by type priority and confidence. A model's span (ner:…) that
        crosses or swallows a span of the grammars gives way: the grammars know the
        structure of official names (place, body, post) and a model's boundaries are guesses;
        the model adds the names the grammars do not find."""
        text_length = len(doc_text(doc))
        candidates = doc._.mentions or []
        grammar_spans = [(m.start, m.end) for m in candidates if not m.extractor.startswith("ner:")]
        ruled = bytearray(text_length + 1)
        for s, e in grammar_spans:
            ruled[s:e] = b"\x01" * (e - s)
        exact = set(grammar_spans)
        candidates = [m for m in candidates if not m.extractor.startswith("ner:") or (m.start, m.end) in exact
                      or not any(ruled[m.start:m.end])]
        ordered = sorted(candidates, key=lambda m: (-(m.end - m.start), -PRIORITY.get(m.type, 0),
                                                    -m.confidence, m.start))
        taken: list[Mention] = []
        occupied = bytearray(text_length + 1)
        for m in ordered:
            if m.end <= m.start or any(occupied[m.start:m.end]):
                continue
            taken.append(m)
            occupied[m.start:m.end] = b"\x01" * (m.end - m.start)
        return taken

    @staticmethod
    def _contained_bodies(doc: Doc, chosen: list[Mention]) -> list[Mention]:
        """Bodies that open the name of a meeting or document (省委人才工作领导小组会议,
        《政协吉林省第十三届委员会常务委员会2024年工作要点》): entities in their own right."""
        opens = {(m.start, m.end) for m in chosen if m.type in ("Meeting", "Document")}
        starts = {s for s, _ in opens} | {s + 1 for s, _ in opens}
        out = []
        for m in doc._.mentions or []:
            if m.type == "Organization" and m.start in starts and \
                    any(s <= m.start and m.end < e for s, e in opens) and m.extractor.startswith("grammar:"):
                out.append(m)
        best: dict[int, Mention] = {}
        for m in out:
            if m.start not in best or m.end > best[m.start].end:
                best[m.start] = m
        return list(best.values())

    def _pronoun_orgs(self, doc: Doc, chosen: list[Mention]) -> list[Mention]:
        occupied = {i for m in chosen for i in range(m.start, m.end)}
        out = []
        for m in re.finditer("|".join(PRONOUN_ORGS), doc_text(doc)):
            if m.start() not in occupied:
                out.append(Mention(m.start(), m.end(), "Organization", "grammar:pronoun-government", 0.6,
                                   info={"pronoun": PRONOUN_ORGS[m.group()]}))
        return out

    def _propagate(self, doc: Doc, chosen: list[Mention]) -> list[Mention]:
        """Find the other occurrences of names already found (张三强调 after 张三主持),
        and resolve 您 in a letter to the person it is addressed to."""
        text = doc_text(doc)
        occupied = bytearray(len(text) + 1)
        for m in chosen:
            occupied[m.start:m.end] = b"\x01" * (m.end - m.start)
        added = []
        names = {text[m.start:m.end]: m for m in chosen if m.type == "Person" and m.end - m.start >= 2}
        cues = tuple(self.lex.grammar.get("person_right_cues", [])) + tuple(self.lex.titles)
        for name, source in names.items():
            pos = text.find(name)
            while pos >= 0:
                end = pos + len(name)
                if not any(occupied[pos:end]) and (not re.match("[\u4e00-\u9fff]", text[end:end + 1] or " ")
                                                    or text.startswith(cues, end)):
                    added.append(Mention(pos, end, "Person", source.extractor + "+repeat", source.confidence * 0.95))
                    occupied[pos:end] = b"\x01" * len(name)
                pos = text.find(name, end)
        head = text[:300]
        salutation = re.search(r"^([\u4e00-\u9fff]{2,4}?)(委员|代表|同志|先生|女士)?：\s*$", head, re.M)
        if salutation:
            person = next((m for m in chosen if m.type == "Person" and m.start == salutation.start(1)), None)
            if person is not None:
                for p in re.finditer("您", text):
                    if not occupied[p.start()]:
                        added.append(Mention(p.start(), p.end(), "Person", "grammar:addressee", 0.7,
                                             info={"refers_to": text[person.start:person.end]}))
        return chosen + added

    # ------------------------------------------------------------------ the article's place
    def _pick_division(self, codes: list[str], home: dict) -> Division | None:
        divisions = [self.lex.divisions[c] for c in codes if c in self.lex.divisions]
        if not divisions:
            return None
        province = home.get("province")
        if province:
            inside = [d for d in divisions if d.province_code == province.code]
            if inside:
                return inside[0]
        return divisions[0]

    def _home_places(self, doc: Doc, chosen: list[Mention]) -> dict:
        votes: dict[str, Counter] = {"province": Counter(), "prefecture": Counter(), "county": Counter()}
        for m in chosen:
            info = m.info.get("place") if m.type in ("Organization", "Meeting") else m.info
            codes = (info or {}).get("divisions") if m.type != "Meeting" else None
            if m.type == "Place" and m.info.get("parent_divisions"):
                codes = m.info["parent_divisions"]
            if not codes:
                continue
            d = self.lex.divisions.get(codes[0])
            if d is None:
                continue
            votes["province"][d.province_code] += 1
            if d.level != "province":
                votes["prefecture"][d.prefecture_code] += 1
            if d.level == "county":
                votes["county"][d.code] += 1
        home: dict = {}
        if votes["province"]:
            home["province"] = self.lex.divisions[votes["province"].most_common(1)[0][0]]
        for level in ("prefecture", "county"):
            inside = [(c, n) for c, n in votes[level].most_common()
                      if home.get("province") and c[:2] == home["province"].code[:2]]
            if inside and inside[0][1] >= 2 and (len(inside) == 1 or inside[0][1] > inside[1][1]):
                if level == "county" and home.get("prefecture") and inside[0][0][:4] != home["prefecture"].code[:4]:
                    continue
                home[level] = self.lex.divisions.get(inside[0][0])
        if home.get("county") and not home.get("prefecture"):
            home["prefecture"] = self.lex.divisions.get(home["county"].prefecture_code)
        return home

    def _abbreviated_division(self, abbrev: str, home: dict) -> Division | None:
        if abbrev == "省":
            return home.get("province")
        if abbrev in "市州":
            d = home.get("prefecture")  # 市 is any city; 州 only an autonomous prefecture
            return d if d is not None and (abbrev == "市" or d.name.endswith(abbrev)) else None
        if abbrev in "区县":
            d = home.get("county")
            if d is not None and d.name.endswith(abbrev):
                return d
            province = home.get("province")
            if abbrev == "区" and d is None and province is not None and province.name.endswith("自治区"):
                return province  # 区政协 in a Ningxia article: the autonomous region's
            return None
        return None

    # ------------------------------------------------------------------ resolving
    def _add(self, entities: dict, type_: str, label: str, aliases, extractor: str, scope: str | None = None) -> str:
        label = label.strip()
        key = entity_key(type_, label, scope)
        e = entities.get(key)
        if e is None:
            e = entities[key] = Entity(type_, label, scope=scope)
        e.aliases.update(a for a in (strip_quotes(x) for x in aliases) if a and a != label)
        e.mentions += 1
        e.extractors.add(extractor)
        return key

    def _org_labels(self, division: Division | None, core: str | None, units: list[str],
                    surface: str, place_text: str) -> tuple[str | None, list[str], str | None]:
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
        if surface.startswith(("中共", "中国共产党")):
            aliases.append(re.sub("^(中共|中国共产党)", "", surface))
        parent = None
        if units and (spec or len(units) > 1):
            parent = base if len(units) == 1 else under + "".join(expand(u) for u in units[:-1])
        return label, aliases, parent

    def _resolve(self, doc: Doc, m: Mention, home: dict, entities: dict,
                 nested: list[NestedFact]) -> ResolvedMention | None:
        text = doc_text(doc)
        surface = text[m.start:m.end]
        name = m.label or strip_quotes(surface)
        scope = None
        aliases: list[str] = [surface, *m.aliases]
        government = None
        if m.type == "Title":
            return ResolvedMention(m.start, m.end, "Title", "", m.extractor, m.confidence, title=m.label or surface)
        if m.type == "Person" and "refers_to" in m.info:
            name = m.info["refers_to"]
            aliases = []
        elif m.type == "Organization" and "pronoun" in m.info:
            d = home.get(m.info["pronoun"])
            if d is None:
                return None
            name = self.lex.full_place_name(d)
            aliases = [surface, name + "人民政府"]
        elif m.type == "Organization" and ("core" in m.info or "units" in m.info):
            info = m.info
            division = None
            if info.get("place"):
                division = self._pick_division(info["place"]["divisions"], home)
            elif info.get("abbrev"):
                division = self._abbreviated_division(info["abbrev"], home)
            label, org_aliases, parent = self._org_labels(division, info.get("core"), info.get("units", []),
                                                          surface, info.get("place_text", ""))
            if label is None:
                scope = doc._.source.name if doc._.source else "doc"
            else:
                name, aliases = label, org_aliases
                if parent:
                    pkey = self._add(entities, "Organization", parent, [], m.extractor + "+nesting")
                    nested.append(NestedFact(entity_key("Organization", name), "subOrganizationOf", pkey,
                                             m.start, m.end))
        elif m.type == "Place" and "divisions" in m.info:
            d = self._pick_division(m.info["divisions"], home)
            province = home.get("province")
            if d is not None and d.level == "county" and not m.info.get("chain") and province is not None \
                    and d.province_code != province.code:
                return None  # a county far from the article, named without its city: a word (振兴区, 城区)
            if d is not None:
                name = self.lex.full_place_name(d)
                aliases += [d.name, short_name(d.name)]
                government = entity_key("Organization", name)
                chain = m.info.get("chain")
                if chain and len(chain) > 1:
                    parent = self._pick_division(chain[-2], home)
                    if parent is not None and parent.code != d.code:
                        pkey = self._add(entities, "Place", self.lex.full_place_name(parent),
                                         [m.info.get("parent_text", "")], m.extractor + "+nesting")
                        nested.append(NestedFact(entity_key("Place", name), "locatedIn", pkey, m.start, m.end))
        elif m.type == "Place" and "parent_divisions" in m.info:
            parent = self._pick_division(m.info["parent_divisions"], home)
            if parent is not None:
                pkey = self._add(entities, "Place", self.lex.full_place_name(parent), [m.info["parent_text"]],
                                 m.extractor + "+nesting")
                nested.append(NestedFact(entity_key("Place", name), "locatedIn", pkey, m.start, m.end))
        elif m.type == "Meeting":
            name, aliases, scope = self._meeting_labels(doc, m, surface, home, entities)
        elif m.type in ("Document", "Program", "Concept"):
            name = strip_quotes(name).replace("(", "（").replace(")", "）")
        key = self._add(entities, m.type, name, aliases, m.extractor, scope)
        if government:
            government_aliases = [surface, name]
            # kept for the relation stage: created only if the place acts
            doc.user_data.setdefault("kg_governments", {})[government] = government_aliases
        return ResolvedMention(m.start, m.end, m.type, key, m.extractor, m.confidence, government=government)

    def _meeting_labels(self, doc: Doc, m: Mention, surface: str, home: dict,
                        entities: dict) -> tuple[str, list[str], str | None]:
        name = strip_quotes(surface)
        aliases = [surface]
        if "session" in m.info:
            prefix = m.info.get("prefix") or {}
            org_label = None
            if prefix.get("core") or prefix.get("units") or prefix.get("abbrev"):
                division = None
                if prefix.get("place"):
                    division = self._pick_division(prefix["place"]["divisions"], home)
                elif prefix.get("abbrev"):
                    division = self._abbreviated_division(prefix["abbrev"], home)
                org_label, _, _ = self._org_labels(division, prefix.get("core"), [], "", "")
            elif prefix.get("divisions") and m.info.get("org_prefix", "").startswith("政协"):
                division = self._pick_division(prefix["divisions"], home)
                org_label, _, _ = self._org_labels(division, "政协", [], "", "")
            parts = re.match(r"第?(?P<jie>.+?)届(?:委员会)?(?P<standing>常务委员会|常委会)?第?(?P<ci>.+?)次(?P<kind>.+)",
                             m.info["session"])
            if org_label and parts:
                kind = parts.group("kind")
                if (parts.group("standing") and kind == "会议") or kind in ("常委会议", "常务委员会会议"):
                    kind = "常委会会议"
                canonical = f"{org_label}{_cn_number(parts.group('jie'))}届{_cn_number(parts.group('ci'))}次{kind}"
                return canonical, aliases + [name], None
            return name, aliases, doc._.source.name if doc._.source else "doc"
        head = re.match("(省|市|区|县)(委|政协|政府|人大)", name)
        if head:
            division = self._abbreviated_division(head.group(1), home)
            org_label, _, _ = self._org_labels(division, head.group(2), [], "", "")
            if org_label:
                return org_label + name[head.end():], aliases + [name], None
            return name, aliases, doc._.source.name if doc._.source else "doc"
        lead = m.info.get("place_prefix")
        if lead:
            d = self._pick_division(lead["divisions"], home)
            if d is not None and d.level != "province":
                full = self.lex.full_place_name(d)
                rest = name[lead["length"]:]
                return full + rest, aliases + [name], None
        if name.startswith(("全省", "全市", "全区", "全县")):
            # 全市人才工作会议 in a 洛阳 article is 洛阳市人才工作会议
            level = {"省": "province", "市": "prefecture", "区": "county", "县": "county"}[name[1]]
            d = home.get(level)
            if d is not None:
                return self.lex.full_place_name(d) + name[2:], aliases + [name], None
            return name, aliases, doc._.source.name if doc._.source else "doc"
        return name, aliases, None


@Language.factory("kg_entities", default_config={"data_dirs": []})
def make_entity_resolver(nlp: Language, name: str, data_dirs: list[str]) -> EntityResolver:
    return EntityResolver(lexicon_for(data_dirs))
