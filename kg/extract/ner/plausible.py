"""What a span a model calls a person must look like to join the grammars' candidates.

A statistical model trained on another corpus tags, now and then, a place (吉林), a
place's people (吉林人) or the head of a longer word (殷殷嘱|托, 马克思|主义) as a person.
Three rules of the language catch these: a division's name, alone or with the word for
its people after it, is not a person's name; a name begins and ends where words do, so a
span that stops inside a word of jieba's dictionary is a fragment; and a word of that
dictionary not tagged as a name (职务) is a word. (Names made of words, 周四|龙, are
common: only the whole span being one such word says it is not a name.) A name the user lists as a
person (lexicon/ner_dictionary.tsv) is always kept.
"""
from __future__ import annotations

import bisect

import jieba
import jieba.posseg
from spacy.tokens import Doc

from kg.lexicon import Lexicon


class PersonCheck:
    def __init__(self, lexicon: Lexicon):
        g = lexicon.grammar_of("ner")
        self.divisions = lexicon.divisions_by_name
        self.people_of_place = tuple(g.people_of_place)
        self.listed = {name for name, type_ in lexicon.ner_dictionary.items() if type_ == "Person"}
        self.known_words = jieba.posseg.dt.word_tag_tab

    def is_place(self, name: str) -> bool:
        if name in self.divisions:
            return True
        return any(name.endswith(s) and name[:-len(s)] in self.divisions for s in self.people_of_place)

    def _known(self, doc: Doc, word) -> str | None:
        """The dictionary tag of a word of the word stage (None for a word jieba guessed)."""
        return self.known_words.get(doc._.text[word[0]:word[1]])

    def cuts_a_word(self, doc: Doc, starts: list[int], start: int, end: int) -> bool:
        """Whether `start` or `end` falls inside a dictionary word of the word stage."""
        words = doc._.words
        for edge in (start, end):
            i = bisect.bisect_right(starts, edge - 1) - 1
            if 0 <= i < len(words) and words[i][0] < edge < words[i][1] and self._known(doc, words[i]):
                return True
        return False

    def is_word(self, doc: Doc, starts: list[int], start: int, end: int) -> bool:
        """Whether the span is one dictionary word that is not tagged as a name."""
        i = bisect.bisect_left(starts, start)
        if i == len(starts) or starts[i] != start or doc._.words[i][1] != end:
            return False
        tag = self._known(doc, doc._.words[i])
        return tag is not None and not tag.startswith("nr")

    def for_doc(self, doc: Doc):
        """The check of a span (start, end) of `doc`: True where it may be a person."""
        jieba.dt.check_initialized()
        starts = [w[0] for w in doc._.words]

        def person_ok(start: int, end: int) -> bool:
            name = doc._.text[start:end]
            if name in self.listed:
                return True
            return not (self.is_place(name) or self.cuts_a_word(doc, starts, start, end)
                        or self.is_word(doc, starts, start, end))
        return person_ok
