"""Stage 8: relations stated in the text, by the rules of kg/data/patterns/relations.yml.

Each sentence is rewritten with every mention replaced by a placeholder of its type
(〔Person 3〕), and a rule's pattern is a regular expression over that rewritten sentence,
so a rule is written once for every name and a list of names gives one fact per name, each
with the sentence as evidence. Rules with a `reader` (kg/extract/relations/readers.py)
read what a pattern cannot: chains of posts, names that name their parent, letters. In a
sentence the patterns run first, then the readers; the document's readers run after the
last sentence. The first rule to state a fact gives it its evidence.

What the stage hands on: the facts, the entities only a fact names (`implied`) and the
dates the text gives its meetings (`dates`); it changes nothing the earlier stages wrote.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.dates import Dates
from kg.extract.relations.bodies import Bodies
from kg.extract.relations.context import Actors
from kg.extract.relations.patterns import ACTING_PLACE, Rule, load_rules, mentions_by_sentence
from kg.extract.relations.readers import Readers
from kg.extract.resolve.names import Names
from kg.extract.state import attribute
from kg.lexicon import Lexicon, lexicon_for
from kg.model import RelationMention, Resolved
from kg.schema import RELATION_SIGNATURES, extractor

_TOKEN = re.compile(r"〔(\w+) (\d+)〕")
_ACTOR_BEFORE = re.compile(f"〔(?:Organization|{ACTING_PLACE}) \\d+〕")


class Facts:
    """The facts of one doc, each stated once: the first rule to state it gives its evidence."""

    def __init__(self, implies: dict | None = None):
        self.found: list[RelationMention] = []
        self._seen: set[tuple] = set()
        self.implies = implies or {}  # a fact that states another (who presides attends)
        self.post_body = None  # the body of the post a pattern gave last: 乙、丙为副主任 after it

    def add(self, subject, prop, obj, sentence, rule: Rule, title=None) -> None:
        fact = (subject, prop, obj, title)
        if subject == obj or fact in self._seen:
            return
        self._seen.add(fact)
        self.found.append(RelationMention(subject, prop, obj, sentence.start, sentence.end, rule.extractor,
                                          rule.confidence, title))
        if prop in self.implies:
            self.add(subject, self.implies[prop], obj, sentence, rule, title)


class RelationExtractor:
    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.readers = Readers(lexicon)
        self.rules = load_rules(lexicon, self.readers.names)
        self.patterns = [r for r in self.rules if r.pattern is not None]
        self.sentence_rules = [r for r in self.rules if r.reader in self.readers.sentence_readers]
        self.document_rules = [r for r in self.rules if r.reader in self.readers.document_readers]
        self.actors = Actors(lexicon)
        self.dates = Dates(lexicon)
        self.names = Names(lexicon)
        g = lexicon.grammar_of("relations")
        self.held, self.title_joiner, self.presidium = g.held, g.title_joiner, g.presidium
        self.implies = dict(g.implies or {})

    def __call__(self, doc: Doc) -> Doc:
        text = doc._.text
        all_resolved = doc._.resolved
        resolved = sorted((r for r in all_resolved if not r.contained), key=lambda r: r.start)
        governments = {r.government: r.government_aliases for r in all_resolved if r.government}
        bodies = Bodies(self.lexicon, doc._.entities, governments, doc._.home, self.names.governments)
        facts = Facts(self.implies)
        dates: dict[str, str] = {}
        letter = any(extractor(r.extractor).letter_title for r in resolved)
        article_actor = (self.readers.signer(resolved, text) if letter else None) or \
            self.actors.of_article(doc._.sentences, resolved, text)
        section_actor = article_actor
        recent_meeting = None  # the meeting the text last named: 会上, 闭幕会 refer to it
        context_year = None  # the year the text last wrote out: 4月6日 after 2023年4月3日 is in 2023
        for sentence, inside in mentions_by_sentence(doc._.sentences, resolved):
            words = text[sentence.start:sentence.end]
            if sentence.kind == "heading":
                section_actor = article_actor
            if sentence.kind == "repeat" or not inside:
                context_year = self.dates.last_year(words, context_year)
                continue
            abstract = self._abstract(text, sentence, inside)
            opener = self.actors.opening_subject(inside, sentence.start, text)
            if opener is not None:
                section_actor = opener
            # a meeting the sentence opens with, or says is held (…会议召开，…在会上强调), is the
            # one the rest of it and the next sentences talk about
            held = [x for x in inside if x.type == "Meeting" and
                    (self.actors.opening.fullmatch(text[sentence.start:x.start]) or self.held.match(text, x.end))]
            if held:
                recent_meeting = held[0]
                date = self.dates.of_sentence(words, context_year, doc._.article_date)
                if date and held[0].key in doc._.entities and held[0].key not in dates:
                    dates[held[0].key] = date
            context_year = self.dates.last_year(words, context_year)
            stated = self._patterns(abstract, inside, sentence, opener, section_actor, recent_meeting, bodies, facts)
            if stated and not held:
                recent_meeting = min(stated, key=lambda pm: pm[0])[1]
            for rule in self.sentence_rules:
                for subject, obj, title in self.readers.sentence_readers[rule.reader](inside, text, bodies):
                    facts.add(subject, rule.property, obj, sentence, rule, title)
        for rule in self.document_rules:
            for subject, obj, at in self.readers.document_readers[rule.reader](all_resolved, text, bodies,
                                                                               rule.property):
                sentence = next((s for s in doc._.sentences if s.start <= at < s.end), None)
                if sentence is not None:
                    facts.add(subject, rule.property, obj, sentence, rule)
        doc._.relations = facts.found
        doc._.implied = bodies.implied
        doc._.dates = dates
        return doc

    @staticmethod
    def _abstract(text: str, sentence, inside: list[Resolved]) -> str:
        """The sentence with each mention replaced by its placeholder (〔Person 3〕)."""
        parts, pos = [], sentence.start
        for n, r in enumerate(inside):
            parts.append(text[pos:r.start])
            kind = ACTING_PLACE if (r.type == "Place" and r.government) else r.type
            parts.append(f"〔{kind} {n}〕")
            pos = r.end
        parts.append(text[pos:sentence.end])
        return "".join(parts)

    def _patterns(self, abstract, inside, sentence, opener, section_actor, recent_meeting, bodies: Bodies,
                  facts: Facts) -> list[tuple[int, Resolved]]:
        """Apply the pattern rules to one sentence; return the meetings it states facts about."""
        stated: list[tuple[int, Resolved]] = []
        for rule in self.patterns:
            for m in rule.pattern.finditer(abstract):
                groups = m.groupdict()
                if rule.context == "actor":
                    # a clause without a subject of its own: the sentence's opening body acts
                    # (二道区……，以打造“东城梧桐”人才品牌为牵引), else the section's actor
                    if _ACTOR_BEFORE.search(abstract[:m.start("o")]):
                        if opener is None or opener.start > inside[int(_TOKEN.search(m.group("o")).group(2))].start:
                            continue
                        subjects = [opener]
                    elif section_actor is None:
                        continue
                    else:
                        subjects = [section_actor]
                elif rule.context == "meeting subject":  # 会议表决通过…: the meeting the text named last
                    if recent_meeting is None:
                        continue
                    subjects = [recent_meeting]
                else:
                    subjects = [inside[int(k)] for g, v in groups.items() if g.startswith("s") and v
                                for _, k in _TOKEN.findall(v)]
                if rule.context == "meeting":  # 会上, 闭幕会: the meeting the text named last
                    if recent_meeting is None:
                        continue
                    objects = [recent_meeting]
                elif rule.context == "presidium":  # 大会执行主席甲、乙: the session's presidium
                    if recent_meeting is None:
                        continue
                    objects = []
                elif rule.context == "post body" and not groups.get("o"):
                    if facts.post_body is None:
                        continue
                    objects = [facts.post_body]
                else:
                    objects = [inside[int(k)] for _, k in _TOKEN.findall(groups.get("o") or "")]
                    stated += [(m.start(), x) for x in subjects + objects if x.type == "Meeting"]
                titles = [inside[int(k)].title for _, k in _TOKEN.findall(groups.get("title") or "")]
                title = self.title_joiner.join(t for t in titles if t) or None
                if rule.context == "presidium":
                    presidium = bodies.named(bodies.label(recent_meeting.key) + self.presidium)
                    for s in subjects:
                        facts.add(s.key, rule.property, presidium, sentence, rule, title)
                if rule.property == "holdsPosition" and groups.get("o") and len(objects) == 1:
                    facts.post_body = objects[0]
                signature = RELATION_SIGNATURES[rule.property]
                for s in subjects:
                    for o in objects:
                        s_key, o_key = bodies.acting(s, signature[0]), bodies.acting(o, signature[1])
                        if s_key and o_key:
                            facts.add(s_key, rule.property, o_key, sentence, rule, title)
        return stated


@Language.factory("kg_relations", default_config={"data_dirs": []},
                  assigns=[attribute("relations"), attribute("implied"), attribute("dates")],
                  requires=[attribute("sentences"), attribute("resolved"), attribute("entities"), attribute("home")])
def make_relation_extractor(nlp: Language, name: str, data_dirs: list[str]) -> RelationExtractor:
    return RelationExtractor(lexicon_for(data_dirs))
