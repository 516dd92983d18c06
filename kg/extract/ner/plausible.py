"""What a span a model calls a person must look like to join the grammars' candidates.

A statistical model trained on another corpus tags, now and then, a place (吉林), a
place's people (吉林人) or the head of a longer word (殷殷嘱|托, 马克思|主义) as a person.
Three rules of the language catch these: a division's name, alone or with the word for
its people after it, is not a person's name; a name begins and ends where words do, so a
span that stops inside a word of jieba's dictionary is a fragment; and a word of that
dictionary not tagged as a name (职务) is a word. (Names made of words, 周四|龙, are
common: only the whole span being one such word says it is not a name.) A fourth: a
span inside a four-character clause set beside another (鸟无定栖，林茂则赴) belongs to a
couplet of classical prose, where names are not written, unless a word that follows
only people comes after it (李红梅说，要抓落实). A name the user lists as a
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
        self.couplet_length = g.couplet_clause_length
        self.couplet_marks = set(g.couplet_marks)
        self.person_cues = tuple(g.strong_person_cues)

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

    def clause_bounds(self, text: str, start: int, end: int) -> tuple[int, int]:
        """The clause around text[start:end]: from after the mark before to the mark after."""
        left = start
        while left > 0 and text[left - 1] not in self.couplet_marks and text[left - 1] != "\n":
            left -= 1
        right = end
        while right < len(text) and text[right] not in self.couplet_marks and text[right] != "\n":
            right += 1
        return left, right

    def in_couplet(self, text: str, start: int, end: int) -> bool:
        """Whether the span lies in a four-character clause next to another one."""
        left, right = self.clause_bounds(text, start, end)
        if right - left != self.couplet_length or text.startswith(self.person_cues, end):
            return False
        neighbours = []
        if left >= 2 and text[left - 1] in self.couplet_marks:
            neighbours.append(self.clause_bounds(text, left - 1, left - 1))
        if right < len(text) - 1 and text[right] in self.couplet_marks:
            neighbours.append(self.clause_bounds(text, right + 1, right + 1))
        return any(b - a == self.couplet_length for a, b in neighbours)

    def for_doc(self, doc: Doc):
        """The check of a span (start, end) of `doc`: True where it may be a person."""
        jieba.dt.check_initialized()
        starts = [w[0] for w in doc._.words]

        def person_ok(start: int, end: int) -> bool:
            name = doc._.text[start:end]
            if name in self.listed:
                return True
            return not (self.is_place(name) or self.cuts_a_word(doc, starts, start, end)
                        or self.is_word(doc, starts, start, end) or self.in_couplet(doc._.text, start, end))
        return person_ok
