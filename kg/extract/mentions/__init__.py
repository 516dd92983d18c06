"""Stage 5: candidate mentions, from the dictionaries and the grammars of official names.

Each finder is a small module behind one protocol (`Finder`): it is built once from the
lexicon and, for each doc, returns its candidates, seeing those of the finders before it
(a body's name starts with a place; a person's with a post). Candidates overlap freely;
kg_choose decides among them. The finders run in the order of `FINDERS`:

    national bodies · places · titles · organizations · named organizations · meetings ·
    programmes · towns · documents · people
"""
from __future__ import annotations

from functools import cached_property
from typing import Protocol

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.mentions import dictionaries, documents, meetings, organizations, people, places, programmes
from kg.extract.state import attribute
from kg.lexicon import Lexicon, lexicon_for
from kg.model import Mention


class Found:
    """One doc as the finders see it: its text and words, and what each finder found."""

    def __init__(self, doc: Doc, dictionary: "dictionaries.Dictionaries"):
        self.doc = doc
        self.text: str = doc._.text
        self.by_finder: dict[str, list[Mention]] = {}
        self._dictionary = dictionary

    def __getitem__(self, finder: str) -> list[Mention]:
        return self.by_finder[finder]

    @cached_property
    def matches(self) -> dict[str, list[tuple[int, int, str]]]:
        """The dictionaries' matches, by dictionary: (start, end, text)."""
        return self._dictionary.match(self.doc)

    @cached_property
    def word_starts(self) -> set[int]:
        return {w.start for w in self.doc._.words}

    @cached_property
    def word_ends(self) -> set[int]:
        return {w.end for w in self.doc._.words}


class Finder(Protocol):
    """A mention finder: `name` is how later finders ask for its candidates."""

    name: str

    def __call__(self, found: Found) -> list[Mention]: ...


FINDERS = (dictionaries.NationalBodies, places.Places, dictionaries.Titles, organizations.Bodies,
           organizations.NamedBodies, meetings.Meetings, programmes.Programmes, places.Towns, documents.Documents,
           people.People)


class MentionFinders:
    """The finders of FINDERS over one doc: every candidate, in finder order."""

    def __init__(self, nlp: Language, lexicon: Lexicon):
        self.dictionary = dictionaries.Dictionaries(nlp, lexicon)
        self.finders: list[Finder] = [cls(lexicon, self.dictionary) for cls in FINDERS]

    def __call__(self, doc: Doc) -> Doc:
        found = Found(doc, self.dictionary)
        candidates: list[Mention] = []
        for finder in self.finders:
            found.by_finder[finder.name] = finder(found)
            candidates += found.by_finder[finder.name]
        doc._.candidates = candidates
        return doc


@Language.factory("kg_mentions", default_config={"data_dirs": []}, assigns=[attribute("candidates")],
                  requires=[attribute("sentences"), attribute("words")])
def make_mention_finders(nlp: Language, name: str, data_dirs: list[str]) -> MentionFinders:
    return MentionFinders(nlp, lexicon_for(data_dirs))
