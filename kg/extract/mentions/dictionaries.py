"""The dictionaries (divisions, regions, national organs, titles) matched at once with
spaCy's PhraseMatcher, and the finders that take their matches as they are: national
bodies (中共中央, 国务院) and posts (书记, 副主席)."""
from __future__ import annotations

from collections import defaultdict

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from kg.lexicon import Lexicon
from kg.model import Mention
from kg.schema import TITLE


class Dictionaries:
    """One PhraseMatcher for every dictionary; `match` gives the matches by dictionary."""

    def __init__(self, nlp: Language, lexicon: Lexicon):
        self.matcher = PhraseMatcher(nlp.vocab)
        divisions = []
        for name, found in lexicon.divisions_by_name.items():
            if len(name) < 2:
                continue
            full = any(d.name == name for d in found)
            # short names of counties are too often ordinary words (东城, 朝阳)
            if full or any(d.level != "county" for d in found):
                divisions.append(name)
        self.national = {}
        for body in lexicon.national_bodies:
            for name in [body["name"], *body.get("aliases", [])]:
                self.national[name] = body
        for key, terms in (("DIVISION", divisions), ("REGION", lexicon.regions), ("NATIONAL", list(self.national)),
                           ("TITLE", lexicon.titles)):
            self.matcher.add(key, [nlp.make_doc(t) for t in terms])

    def match(self, doc: Doc) -> dict[str, list[tuple[int, int, str]]]:
        out: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for match_id, start, end in self.matcher(doc):
            span = doc[start:end]
            out[doc.vocab.strings[match_id]].append((span.start_char, span.end_char, span.text))
        return out


class NationalBodies:
    """National party, state and CPPCC organs by their names and short forms."""

    name = "national"

    def __init__(self, lexicon: Lexicon, dictionary: Dictionaries):
        self.bodies = dictionary.national
        self.confidence = lexicon.grammar_of("organizations").confidence["national"]
        meetings = lexicon.grammar_of("meetings")
        self.party_of, self.party_short = meetings.party_of, meetings.party_short

    def __call__(self, found) -> list[Mention]:
        out = []
        for s, e, name in found.matches["NATIONAL"]:
            body = self.bodies[name]
            aliases = tuple(body.get("aliases", []))
            # 党的二十大 is written 中共二十大 as well
            aliases += tuple(self.party_short + a[len(self.party_of):] for a in aliases if a.startswith(self.party_of))
            out.append(Mention(s, e, body["type"], "dictionary:national", self.confidence, label=body["name"],
                               aliases=aliases))
        return out


class Titles:
    """Posts (书记, 副主席, 委员) where they are posts, not part of another word (主席台)."""

    name = "titles"

    def __init__(self, lexicon: Lexicon, dictionary: Dictionaries):
        people = lexicon.grammar_of("people")
        self.not_before = people.title_not_before
        self.confidence = people.confidence["title"]

    def __call__(self, found) -> list[Mention]:
        text = found.text
        out = []
        for s, e, name in found.matches["TITLE"]:
            if text[e:e + 1] and text[e] in self.not_before:
                continue  # 主席台, 委员会, 委员们, 代表团: another word
            out.append(Mention(s, e, TITLE, "dictionary:title", self.confidence, label=name))
        return out
