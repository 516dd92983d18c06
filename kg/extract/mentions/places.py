"""Places: administrative divisions and regions from the dictionaries, joined into chains
(长春 + 二道区), with the town, street or village written after them (蛟河市南顶子村);
parts of a province named by its one-character name and a direction (川东北); and towns
named on their own after a preposition (依托英俊镇)."""
from __future__ import annotations

from kg.lexicon import Lexicon
from kg.model import DivisionName, LeadingPlace, Mention


def _inside(inner: tuple[str, ...], outer: tuple[str, ...]) -> bool:
    """Whether a division of `inner` lies in one of `outer` (二道区 in 长春, not 吉林 in 深圳)."""
    for o in outer:
        prefix = o[:2] if o.endswith("0000") else o[:4] if o.endswith("00") else o
        if any(i != o and i.startswith(prefix) for i in inner):
            return True
    return False


class Places:
    name = "places"

    def __init__(self, lexicon: Lexicon, dictionary):
        self.lex = lexicon
        self.g = lexicon.grammar_of("places")
        self.non_name_chars = lexicon.grammar_of("people").non_name_characters
        self.confidence = self.g.confidence

    def __call__(self, found) -> list[Mention]:
        text = found.text
        places = []
        for key, matches in (("DIVISION", found.matches["DIVISION"]), ("REGION", found.matches["REGION"])):
            for s, e, name in matches:
                if key == "DIVISION":
                    divisions = self.lex.divisions_by_name[name]
                    full = any(d.name == name for d in divisions)
                    if not full and not (s in found.word_starts and (e in found.word_ends or
                                                                     text[e:e + 1] in self.g.short_name_before)):
                        continue
                    places.append(Mention(s, e, "Place", "dictionary:division",
                                          self.confidence["division" if full else "division_short"],
                                          grammar=DivisionName(tuple(d.code for d in divisions))))
                elif s in found.word_starts or e in found.word_ends:
                    places.append(Mention(s, e, "Place", "dictionary:region", self.confidence["region"], label=name))
        for m in self.g.compass_region.finditer(text):  # 川东北, 渝东南
            if m.start() in found.word_starts:
                places.append(Mention(m.start(), m.end(), "Place", "dictionary:region+compass", self.confidence["region"],
                                      label=m.group("part")))  # 川东北 (地区)
        return self._with_locals(text, self._chains(text, places))

    def _chains(self, text: str, places: list[Mention]) -> list[Mention]:
        """Adjacent divisions, each inside the one before, are one place (长春 + 二道区)."""
        chains: list[Mention] = []
        for m in sorted(places, key=lambda m: (m.start, -m.end)):
            last = chains[-1] if chains else None
            if last and last.end == m.start and isinstance(last.grammar, DivisionName) and \
                    isinstance(m.grammar, DivisionName) and _inside(m.grammar.divisions, last.grammar.divisions):
                chain = (last.grammar.chain or (last.grammar.divisions,)) + (m.grammar.divisions,)
                chains[-1] = Mention(last.start, m.end, "Place", "grammar:place-chain", self.confidence["chain"],
                                     grammar=DivisionName(m.grammar.divisions, chain, text[last.start:last.end]))
            elif last and m.start < last.end:
                continue
            else:
                chains.append(m)
        return chains

    def _local(self, text: str, at: int) -> str | None:
        """The town, street or village written at `at`, if any."""
        tail = self.g.local_pattern.match(text[at:at + 8])
        if tail and not any(ch in self.g.local_not_containing for ch in tail.group()) and \
                not any(ch in self.non_name_chars for ch in self.g.local_suffix_at_end.sub("", tail.group())) and \
                not self.g.local_wrong_ending.search(tail.group()):
            return tail.group()
        return None

    def _with_locals(self, text: str, chains: list[Mention]) -> list[Mention]:
        """Each division, then the town, street or village written right after it, and the
        village after that town (常德市鼎城区谢家铺镇港中坪村: the village's text before it is
        its chain of places)."""
        out = []
        for m in chains:
            out.append(m)
            if not isinstance(m.grammar, DivisionName):
                continue
            end = m.end
            last = None
            for _ in range(self.g.local_depth):
                local = self._local(text, end)
                if local is None:
                    break
                last = LeadingPlace(m.grammar.divisions, text[m.start:end])
                out.append(Mention(m.start, end + len(local), "Place", "grammar:place-local",
                                   self.confidence["local"], label=local, grammar=last))
                end += len(local)
            sep = self.g.local_list_separator
            while last is not None and text.startswith(sep, end):
                local = self._local(text, end + len(sep))
                if local is None or local[-1] != text[end - 1]:
                    break  # only a place of the same kind (村 after 村)
                start = end + len(sep)
                out.append(Mention(start, start + len(local), "Place", "grammar:place-local",
                                   self.confidence["local"], label=local, grammar=last))
                end = start + len(local)
        return out


class Towns:
    """Towns and townships named on their own: a two- or three-character name before 镇/乡
    after a preposition (依托英俊镇), not a body of the town (…镇政府)."""

    name = "towns"

    def __init__(self, lexicon: Lexicon, dictionary):
        g = lexicon.grammar_of("places")
        self.town = g.town_pattern
        self.non_name_chars = lexicon.grammar_of("people").non_name_characters
        self.confidence = g.confidence["town"]

    def __call__(self, found) -> list[Mention]:
        out = []
        for m in self.town.finditer(found.text):
            name = m.group("town")
            if any(ch in self.non_name_chars for ch in name[:-1]):
                continue
            out.append(Mention(m.start("town"), m.end("town"), "Place", "grammar:town", self.confidence, label=name))
        return out
