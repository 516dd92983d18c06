"""Stage 7: each chosen mention resolved to one entity per real thing.

Resolution reads the article's own place (kg/extract/resolve/home.py): 省政协 in an
article about Jilin province is 吉林省政协, 市委 in an article about 吉林市 is 中共吉林市委.
An abbreviation whose place the article does not make clear stays scoped to its article,
so it never merges with the same short form elsewhere. A name that names its parent
(二道区委人才办 in 二道区委, 蛟河市南顶子村 in 蛟河市, each place of 辽宁葫芦岛市绥中县北河村
in the one before it, 中共中央政治局 in 中共中央) says so in `Resolved.part_of`, for the
relations stage to state.
"""
from __future__ import annotations

import dataclasses

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.resolve.home import home_places, of_several_provinces, pick_division
from kg.extract.resolve.names import Names, strip_quotes
from kg.extract.state import attribute
from kg.lexicon import Lexicon, lexicon_for
from kg.model import BodyName, DivisionName, Entity, Home, LeadingPlace, Mention, Reference, Resolved, entity_key
from kg.schema import FOLDS_INTO, TITLE, own_flags

__all__ = ["EntityResolver", "strip_quotes"]


class EntityResolver:
    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        self.names = Names(lexicon)
        self.local_end = lexicon.grammar_of("places").local_suffix_at_end
        self.named_party_units = lexicon.grammar_of("organizations").named_party_units
        self._extra: list[Resolved] = []
        # national bodies that are part of another (national_bodies.yml's part_of)
        self.national_parent = {b["name"]: b["part_of"] for b in lexicon.national_bodies if b.get("part_of")}
        # a unit named after a national body (全国人大民族委员会) is part of it
        self.national_names = sorted(((n, b["name"]) for b in lexicon.national_bodies if b["type"] == "Organization"
                                      for n in [b["name"], *b.get("aliases", [])]), key=lambda x: -len(x[0]))

    def __call__(self, doc: Doc) -> Doc:
        home = home_places(self.lex, doc._.ner_mentions + doc._.candidates, doc._.text)
        scope = doc._.source.name if doc._.source else "doc"
        mentions = self._folded(doc._.chosen + doc._.references)
        entities: dict[str, Entity] = {}
        resolved: list[Resolved] = []
        text = doc._.text
        self._extra = []
        for m in sorted(mentions, key=lambda m: m.start):
            r = self._resolve(text, m, home, entities, scope)
            if r is not None:
                resolved.append(r)
        resolved += self._extra
        for m in doc._.contained:
            r = self._resolve(text, m, home, entities, scope)
            if r is not None:
                r.contained = True
                resolved.append(r)
        doc._.home = home
        doc._.resolved = resolved
        doc._.entities = entities
        doc.ents = [span for r in resolved if r.type != TITLE and not r.contained
                    for span in [doc.char_span(r.start, r.end, label=r.type, kb_id=r.key)] if span is not None]
        return doc

    @staticmethod
    def _folded(mentions: list[Mention]) -> list[Mention]:
        """A quoted name that is a programme anywhere in the article is one everywhere in it."""
        targets = {(folded, m.label) for m in mentions for folded in FOLDS_INTO.values()
                   if m.type == folded and m.label}
        return [dataclasses.replace(m, type=FOLDS_INTO[m.type])
                if m.type in FOLDS_INTO and (FOLDS_INTO[m.type], m.label) in targets else m for m in mentions]

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

    def _chain_parts(self, text: str, home: Home) -> list[tuple[int, int, object]]:
        """The places a village's leading text names, outermost first (辽宁葫芦岛市绥中县,
        常德市鼎城区谢家铺镇): (start, end, division or the town's name); [] if it does not
        read as divisions, each inside the one before, then at most a town."""
        parts: list[tuple[int, int, object]] = []
        i = 0
        by_name = self.lex.divisions_by_name
        while i < len(text):
            name = next((text[i:j] for j in range(len(text), i + 1, -1) if text[i:j] in by_name), None)
            if name is None:
                break
            found = by_name[name]
            outer = next((p[2] for p in reversed(parts) if not isinstance(p[2], str)), None)
            if outer is not None:
                prefix = outer.code[:2] if outer.level == "province" else outer.code[:4]
                found = [d for d in found if d.code != outer.code and d.code.startswith(prefix)]
                if not found:
                    return []
                d = found[0]
            else:
                d = pick_division(self.lex, [x.code for x in found], home)
            parts.append((i, i + len(name), d))
            i += len(name)
        if i < len(text):
            if not parts or not self.local_end.search(text[i:]):
                return []
            parts.append((i, len(text), text[i:]))
        return parts

    def _part_keys(self, text: str, m: Mention, parts, entities: dict) -> str | None:
        """Each place of the chain an entity, in the one before it; the key of the last."""
        previous = None
        for s, e, part in parts:
            surface = text[m.start + s:m.start + e]
            if isinstance(part, str):
                key = self._add(entities, "Place", part, [surface], m.extractor + "+nesting")
            else:
                key = self._add(entities, "Place", self.lex.full_place_name(part),
                                [surface, part.name, self.lex.short_name(part.name)], m.extractor + "+nesting")
            self._extra.append(Resolved(m.start + s, m.start + e, "Place", key, m.extractor + "+nesting",
                                        m.confidence, part_of=previous, contained=True))
            previous = key
        return previous

    def _resolve(self, text: str, m: Mention, home: Home, entities: dict, doc_scope: str) -> Resolved | None:
        surface = text[m.start:m.end]
        name = m.label or strip_quotes(surface)
        scope = None
        aliases: list[str] = [surface, *m.aliases]
        government = None
        part_of = None
        g = m.grammar
        if m.type == TITLE:
            return Resolved(m.start, m.end, TITLE, "", m.extractor, m.confidence, title=m.label or surface)
        if m.type == "Person" and isinstance(g, Reference) and g.name:
            name, aliases = g.name, []
        elif m.type == "Organization" and isinstance(g, Reference) and g.level:
            d = home.get(g.level)
            if d is None:
                return None
            name = self.lex.full_place_name(d)
            aliases = [surface, *self.names.governments(name)]
        elif m.type == "Organization" and isinstance(g, BodyName):
            division = self.names.body_division(g, home)
            label, org_aliases, parent = self.names.body(division, g.core, g.units, surface, g.place_text)
            if label is None:
                scope = doc_scope
            else:
                name, aliases = label, org_aliases
                if parent:
                    part_of = self._add(entities, "Organization", parent,
                                        self.names.parent_aliases(division, g.core, g.units), m.extractor + "+nesting")
        elif m.type == "Place" and isinstance(g, DivisionName):
            d = pick_division(self.lex, g.divisions, home)
            if d is not None and d.level == "county" and not g.chain and home.province is not None \
                    and d.province_code != home.province.code:
                return None  # a county far from the article, named without its city: a word (振兴区, 城区)
            if d is not None and d.level == "county" and not g.chain and home.province is None \
                    and of_several_provinces(g.divisions):
                return None  # a county name of several provinces, in an article of none: a word (郊区)
            if d is not None:
                name = self.lex.full_place_name(d)
                aliases += [d.name, self.lex.short_name(d.name)]
                government = entity_key("Organization", name)
                if g.chain and len(g.chain) > 1:
                    parent = pick_division(self.lex, g.chain[-2], home)
                    if parent is not None and parent.code != d.code:
                        part_of = self._add(entities, "Place", self.lex.full_place_name(parent),
                                            [g.parent_text or ""], m.extractor + "+nesting")
        elif m.type == "Place" and isinstance(g, LeadingPlace):  # a village after its city
            parts = self._chain_parts(g.text, home)
            if parts:
                part_of = self._part_keys(text, m, parts, entities)
            else:
                parent = pick_division(self.lex, g.divisions, home)
                if parent is not None:
                    part_of = self._add(entities, "Place", self.lex.full_place_name(parent),
                                        [g.text, parent.name, self.lex.short_name(parent.name)],
                                        m.extractor + "+nesting")
        elif m.type == "Meeting":
            name, aliases, scope = self.names.meeting(m, surface, home, doc_scope)
        elif m.type in ("Document", "Program", "Concept"):
            name = strip_quotes(name).replace("(", "（").replace(")", "）")
        if m.type == "Organization" and g is None and own_flags(m.extractor).body_grammar and m.label:
            body = next((b for n, b in self.national_names if name.startswith(n) and len(name) > len(n)), None)
            if body is not None:
                part_of = self._add(entities, "Organization", body, [], m.extractor + "+nesting")
        elif m.type == "Organization" and part_of is None and name in self.national_parent:
            part_of = self._add(entities, "Organization", self.national_parent[name], [], m.extractor + "+nesting")
        elif m.type == "Organization" and own_flags(m.extractor).named_unit \
                and m.label and m.label.endswith(self.named_party_units):
            body = next(m.label[:-len(u)] for u in self.named_party_units if m.label.endswith(u))
            part_of = self._add(entities, "Organization", body, [], m.extractor + "+nesting")  # …科学院党组
        key = self._add(entities, m.type, name, aliases, m.extractor, scope)
        government_aliases = (surface, name) if government else ()
        return Resolved(m.start, m.end, m.type, key, m.extractor, m.confidence, government=government,
                        government_aliases=government_aliases, part_of=part_of)


@Language.factory("kg_resolve", default_config={"data_dirs": []},
                  assigns=[attribute("home"), attribute("resolved"), attribute("entities"), "doc.ents"],
                  requires=[attribute("ner_mentions"), attribute("candidates"), attribute("chosen"),
                            attribute("contained"), attribute("references")])
def make_entity_resolver(nlp: Language, name: str, data_dirs: list[str]) -> EntityResolver:
    return EntityResolver(lexicon_for(data_dirs))
