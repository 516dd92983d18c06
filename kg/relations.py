"""Stage 7: relations stated in a sentence, by the patterns of kg/data/patterns/relations.yml.

Each sentence is rewritten with every mention replaced by a placeholder of its type
(〔Person 3〕), and the patterns are regular expressions over that rewritten sentence.
So a rule is written once for every name, and a list of names gives one fact per name.
Relations that the structure of a name states (二道区委人才办 is part of 二道区委) come
from the entity stage and are kept here with their sentence as evidence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from .lexicon import Lexicon, lexicon_for
from .model import RELATION_SIGNATURES, Entity, entity_key

TYPES = ("Person", "Organization", "Meeting", "Program", "Document", "Place", "Concept", "Title")
# A division (吉林省, 二道区) stands where an Organization acts: its government acts.
ACTING_PLACE = "Division"
_TOKEN = re.compile(r"〔(\w+) (\d+)〕")


@dataclass
class RelationMention:
    subject: str
    property: str
    object: str
    sentence_start: int
    sentence_end: int
    extractor: str
    confidence: float
    title: str | None = None


def compile_pattern(pattern: str) -> re.Pattern:
    """Expand the macros of relations.yml into a regular expression."""
    one = {t: f"(?:〔{t} \\d+〕)" for t in TYPES}
    one["Organization"] = f"(?:〔(?:Organization|{ACTING_PLACE}) \\d+〕)"
    one["Place"] = f"(?:〔(?:Place|{ACTING_PLACE}) \\d+〕)"
    out = pattern
    for t, rx in one.items():
        out = out.replace("{%s+}" % t, f"{rx}(?:(?:、|和|及|与|以及){rx})*")
        out = out.replace("{%s}" % t, rx)
    out = out.replace("{near}", "[^〔〕，。；！？]{0,8}?")
    out = out.replace("{gap}", "[^〔〕。；！？]{0,30}?")
    out = out.replace("{any}", "[^。；！？]{0,40}?")
    return re.compile(out)


class RelationExtractor:
    def __init__(self, lexicon: Lexicon):
        self.rules: list[tuple[str, str, re.Pattern, float]] = []
        for prop, rules in (lexicon.relation_patterns or {}).items():
            if prop not in RELATION_SIGNATURES:
                raise ValueError(f"relations.yml: unknown property {prop!r}")
            for rule in rules:
                self.rules.append((prop, rule["name"], compile_pattern(rule["pattern"]), float(rule["confidence"])))
        self.title_orgs = lexicon.title_default_organizations

    def __call__(self, doc: Doc) -> Doc:
        entities: dict[str, Entity] = doc.user_data["kg_entities"]
        governments: dict[str, list[str]] = doc.user_data.get("kg_governments", {})
        resolved = sorted(doc._.resolved or [], key=lambda r: r.start)
        found: list[RelationMention] = []
        seen: set[tuple] = set()

        def add(subject, prop, obj, sentence, extractor, confidence, title=None):
            fact = (subject, prop, obj, title)
            if subject == obj or fact in seen:
                return
            seen.add(fact)
            found.append(RelationMention(subject, prop, obj, sentence.start, sentence.end, extractor,
                                         confidence, title))

        text = doc.text
        i = 0
        for sentence in doc._.sentences:
            while i < len(resolved) and resolved[i].start < sentence.start:
                i += 1
            inside = []
            j = i
            while j < len(resolved) and resolved[j].end <= sentence.end:
                inside.append(resolved[j])
                j += 1
            if sentence.kind == "repeat" or len(inside) < 2:
                continue
            parts, pos = [], sentence.start
            for n, r in enumerate(inside):
                parts.append(text[pos:r.start])
                kind = ACTING_PLACE if (r.type == "Place" and r.government) else r.type
                parts.append(f"〔{kind} {n}〕")
                pos = r.end
            parts.append(text[pos:sentence.end])
            abstract = "".join(parts)
            for prop, name, rx, confidence in self.rules:
                for m in rx.finditer(abstract):
                    groups = m.groupdict()
                    subjects = [inside[int(k)] for _, k in _TOKEN.findall(groups.get("s") or "")]
                    objects = [inside[int(k)] for _, k in _TOKEN.findall(groups.get("o") or "")]
                    titles = [inside[int(k)].title for _, k in _TOKEN.findall(groups.get("title") or "")]
                    title = "、".join(t for t in titles if t) or None
                    for s in subjects:
                        for o in objects:
                            s_key = self._acting(s, RELATION_SIGNATURES[prop][0], entities, governments)
                            o_key = self._acting(o, RELATION_SIGNATURES[prop][1], entities, governments)
                            if s_key and o_key:
                                add(s_key, prop, o_key, sentence, f"rule:{name}", confidence, title)
            # a post that names its body by itself: 习近平总书记
            for a, b in zip(inside, inside[1:]):
                if a.type == "Person" and b.type == "Title" and a.end == b.start and b.title in self.title_orgs:
                    org = entity_key("Organization", self.title_orgs[b.title])
                    if org not in entities:
                        entities[org] = Entity("Organization", self.title_orgs[b.title])
                    add(a.key, "holdsPosition", org, sentence, "rule:title-implies-body", 0.9, b.title)
        for fact in doc.user_data.get("kg_nested", []):
            sentence = next((s for s in doc._.sentences if s.start <= fact.start < s.end), None)
            if sentence is not None and fact.subject in entities and fact.object in entities:
                add(fact.subject, fact.property, fact.object, sentence, "rule:name-nesting", 0.9)
        doc._.relations = found
        return doc

    @staticmethod
    def _acting(r, allowed: set[str], entities: dict[str, Entity], governments: dict[str, list[str]]) -> str | None:
        """The entity a mention stands for in a slot: a division in an Organization slot is
        its government."""
        if r.type in allowed:
            return r.key
        if r.type == "Place" and r.government and "Organization" in allowed:
            if r.government not in entities:
                label = r.government.split(":", 1)[1]
                entities[r.government] = Entity("Organization", label)
            entities[r.government].aliases.update(a for a in governments.get(r.government, [])
                                                  if a != entities[r.government].label)
            return r.government
        return None


@Language.factory("kg_relations", default_config={"data_dirs": []})
def make_relation_extractor(nlp: Language, name: str, data_dirs: list[str]) -> RelationExtractor:
    return RelationExtractor(lexicon_for(data_dirs))
