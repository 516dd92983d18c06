"""People: a family name and one or two more characters where the grammar of the genre
puts a name: right after a post (书记张三) or before one (赵六委员), after a byline's cue
(本报记者 韩冬), in a list of three or more (周立新、郑晓光、钱文华), or listed after a name
found so (副主席王立新、李春华)."""
from __future__ import annotations

import re

import jieba.posseg

from kg.lexicon import Lexicon
from kg.model import Mention
from kg.text import CJK

_CHINESE = re.compile(f"[{CJK}]")
_NAME = re.compile(f"[{CJK}]+")
_BYLINE_TOKEN = re.compile(r"[^\s，,。（）()]+")


class NameGrammar:
    """Where a person's name can begin and end."""

    def __init__(self, lexicon: Lexicon):
        g = lexicon.grammar_of("people")
        self.surnames = lexicon.surnames
        self.compound_surnames = {s for s in self.surnames if len(s) == 2}
        self.non_name_chars = g.non_name_characters
        self.right_cues = g.right_cues
        self.titles = tuple(lexicon.titles)
        self.known_words = jieba.posseg.dt.word_tag_tab
        self.people_of_place = "".join(lexicon.grammar_of("ner").people_of_place)

    def name_at(self, text: str, start: int, listed: bool = False) -> int | None:
        """End of a person's name starting at `start`, or None: a family name and one or two
        more characters, followed by a word that can follow a name. A name `listed` between
        two 、 of a list of names may hold a character other words keep apart (…、林向晨、…)."""
        two = text[start:start + 2]
        given_from = start + (2 if two in self.compound_surnames else 1)
        if text[start:given_from] not in self.surnames:
            return None
        for length in (2, 1):
            end = given_from + length
            name = text[start:end]
            if len(name) < 2 or not _NAME.fullmatch(name) or \
                    (not listed and any(ch in self.non_name_chars for ch in text[given_from:end])) or \
                    self.known_words.get(name, "nr")[:2] != "nr":
                continue  # 强调, 吉林人: words jieba knows, not names
            if len(name) == 2 and name[0] == name[1]:
                continue  # 殷殷, 常常: a doubled character is a word, not a name
            if len(name) == 3 and name[2] in self.people_of_place and self.known_words.get(name[:2]) == "ns":
                continue  # 吉林人: the people of a place
            if len(name) == 3 and self.known_words.get(text[end - 1:end + 1]) == "v":
                continue  # 张三陪同: the last character starts the verb after the name
            if self.ends_at(text, end):
                return end
        return None

    def ends_at(self, text: str, end: int) -> bool:
        """A name can end here: punctuation, the end, a title, a word that follows names or a
        verb (张三陪同)."""
        after = text[end:end + 1]
        return (after == "" or not _CHINESE.match(after) or text.startswith(self.right_cues, end)
                or text.startswith(self.titles, end) or self.known_words.get(text[end:end + 2]) == "v")


class People:
    name = "people"

    def __init__(self, lexicon: Lexicon, dictionary):
        self.g = lexicon.grammar_of("people")
        self.names = NameGrammar(lexicon)
        self.confidence = self.g.confidence

    def __call__(self, found) -> list[Mention]:
        text = found.text
        titles = found["titles"]
        out = self._by_posts(text, titles) + self._bylines(text) + self._lists(text) + self._after_cues(text) + \
            self._pairs(text) + self._dateline(text)
        return out + self._listed_after(text, out)

    def _after_cues(self, text: str) -> list[Mention]:
        """A name right after a word the genre writes names after: 省领导周立新、…, 参加会议的有
        郑晓光, 任命钱文华为…, 免去李春华的…职务 (the names listed after it follow)."""
        out = []
        for cue in self.g.name_cues:
            pos = text.find(cue)
            while pos >= 0:
                s = pos + len(cue)
                end = self.names.name_at(text, s)
                if end == s + 2 and text[end + 1:end + 2] == "为" and _CHINESE.match(text[end:end + 1]) and \
                        text[end:end + 1] not in self.names.non_name_chars:
                    end += 1  # 任命赵立明为…: the name runs up to 为
                if end is not None and (text[end:end + 1] in ("、", "为", "的", "等", "同", "，", "在", "出") or
                                        self.names.known_words.get(text[end:end + 2]) == "v"):
                    out.append(Mention(s, end, "Person", "grammar:name-list", self.confidence["list"]))
                pos = text.find(cue, s)
        return out

    def _dateline(self, text: str) -> list[Mention]:
        """The reporters a news agency's dateline names in brackets: 新华社青川6月1日电（韩冬 许静）."""
        out = []
        for m in self.g.dateline.finditer(text):
            close = re.compile("[）)]").search(text, m.end(), m.end() + 20)
            if close is None:
                continue
            for t in re.finditer(r"[^\s、，）)]+", text[m.end():close.start()]):
                s = m.end() + t.start()
                if self.names.name_at(text, s) == s + len(t.group()):
                    out.append(Mention(s, s + len(t.group()), "Person", "grammar:byline", self.confidence["byline"]))
        return out

    def _pairs(self, text: str) -> list[Mention]:
        """Two names joined by 、 and closed by 等: 周立新、郑晓光等."""
        out = []
        for m in self.g.pair_list.finditer(text):
            first, second = m.group().split("、")
            for k in range(len(first) - 1):  # the first may carry words before it (还有周立新)
                if self.names.name_at(text, m.start() + k) == m.start() + len(first):
                    s2 = m.start() + len(first) + 1
                    if self.names.name_at(text, s2) == m.end():
                        out.append(Mention(m.start() + k, m.start() + len(first), "Person", "grammar:name-list",
                                           self.confidence["list"]))
                        out.append(Mention(s2, m.end(), "Person", "grammar:name-list", self.confidence["list"]))
                    break
        return out

    def _by_posts(self, text: str, titles: list[Mention]) -> list[Mention]:
        name_at = self.names.name_at
        out = []
        for t in titles:  # a post right before a name: 书记张三, 副主席李四, 博士生王五
            end = name_at(text, t.end)
            if end:
                out.append(Mention(t.end, end, "Person", "grammar:title-person", self.confidence["title_person"]))
        for start in {t.start for t in titles}:  # a name right before a post: 赵六委员, 某某总书记
            for length in (3, 2, 4):
                s = start - length
                if s < 0:
                    continue
                before = text[s - 1:s] if s > 0 else ""
                if before and _CHINESE.match(before) and before not in self.g.may_precede_name:
                    continue
                if name_at(text, s) == start:
                    out.append(Mention(s, start, "Person", "grammar:person-title", self.confidence["person_title"]))
                    break
        return out

    def _bylines(self, text: str) -> list[Mention]:
        """本报记者 韩冬 许静 / 设计/孟妍, with names on the lines after."""
        name_at = self.names.name_at
        out = []
        for line in re.finditer("[^\n]+", text):
            body = line.group()
            for cue in self.g.byline.finditer(body):
                if cue.start() > 0 and not (body[cue.start() - 1].isspace() or body[cue.start() - 1] in "（("):
                    continue
                rest = body[cue.end():]
                if cue.start() > 0 and body[cue.start() - 1] in "（(" and re.search("[）)]", rest):
                    rest = rest[:re.search("[）)]", rest).start()]  # （记者 韩冬 许静）: up to the bracket
                rest = self.g.byline_trailer.sub("", rest.rstrip()).rstrip()
                tokens = []
                for t in _BYLINE_TOKEN.finditer(rest):
                    if name_at(text, line.start() + cue.end() + t.start()) != line.start() + cue.end() + t.end():
                        break
                    tokens.append(t)
                # names after the cue: the rest of the line, or the start of a short one
                # (本报记者 杜若衡 通讯员 林晓岚; 联系人：刘凯 电话：…)
                if not tokens or (len(tokens) < len(_BYLINE_TOKEN.findall(rest)) and len(body) > self.g.byline_max_line):
                    continue
                for t in tokens:
                    s = line.start() + cue.end() + t.start()
                    out.append(Mention(s, s + len(t.group()), "Person", "grammar:byline", self.confidence["byline"]))
            if not self.g.byline.search(body):
                continue
            nxt = line.end() + 1
            for follow in re.finditer("[^\n]+", text[nxt:nxt + 40]):
                token = follow.group().strip()
                s = nxt + follow.start() + (len(follow.group()) - len(follow.group().lstrip()))
                if 2 <= len(token) <= 3 and name_at(text, s) == s + len(token):
                    out.append(Mention(s, s + len(token), "Person", "grammar:byline",
                                       self.confidence["byline_next_line"]))
                else:
                    break
        return out

    def _lists(self, text: str) -> list[Mention]:
        """Three or more names joined by 、: 周立新、郑晓光、钱文华."""
        name_at = self.names.name_at
        out = []
        for m in self.g.name_list.finditer(text):
            items = []
            pos = m.start()
            for part in m.group().split("、"):
                items.append((pos, part))
                pos += len(part) + 1
            ok = []
            for i, (s, part) in enumerate(items):
                if i == 0:  # the first item may carry words before it (领导还有周立新)
                    for k in range(max(0, len(part) - 4), len(part) - 1):
                        end = name_at(text, s + k)
                        if end == s + len(part):
                            ok.append((s + k, end))
                            break
                    continue
                if self.g.dotted_name.fullmatch(part):  # 阿不都·热合曼: a transliterated name
                    ok.append((s, s + len(part)))
                    continue
                end = name_at(text, s) or (name_at(text, s, listed=True) if i < len(items) - 1 else None)
                if end is None:
                    continue
                if end == s + len(part) or (i == len(items) - 1 and end <= s + len(part)):
                    ok.append((s, end))
            # a long list may hold a name or two the grammar does not know (a short given name,
            # a transliterated one): one miss in ten more is allowed, and a word between two
            # names of a list of many names is a name too
            if len(ok) >= max(self.g.name_list_min, len(items) - 1 - (len(items) - 1) // 10):
                if len(ok) >= self.g.long_list:
                    starts = {s for s, _ in ok}
                    for i in range(1, len(items) - 1):
                        s, part = items[i]
                        if s not in starts and 2 <= len(part) <= 4 and items[i - 1][0] in starts and \
                                items[i + 1][0] in starts:
                            ok.append((s, s + len(part)))
                out.extend(Mention(s, e, "Person", "grammar:name-list", self.confidence["list"]) for s, e in ok)
        return out

    def _listed_after(self, text: str, people: list[Mention]) -> list[Mention]:
        """A name found by its post carries the names listed after it: 副主席王立新、李春华."""
        out = []
        for m in list(people):
            end = m.end
            while text[end:end + 1] == "、":
                nxt = self.names.name_at(text, end + 1)
                if nxt is None or nxt - end - 1 > 4:
                    break
                out.append(Mention(end + 1, nxt, "Person", "grammar:name-list", self.confidence["list"]))
                end = nxt
        return out
