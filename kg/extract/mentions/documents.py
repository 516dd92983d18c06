"""Documents: 《titles》 (a newspaper's or magazine's being an Organization), the title of a
letter on its first lines (对…提案的答复), documents named after the body they govern
(制定区委人才工作领导小组工作规则), the items after 审议通过, 表决通过, 听取和审查 that end like
documents, documents named without 《》 after a verb of study (贯彻落实…的实施意见精神), and short
titles (《规划》, 简称《意见》) that stand for the longer one named before."""
from __future__ import annotations

import re
from kg.lexicon import Lexicon
from kg.model import Mention


class Documents:
    name = "documents"

    def __init__(self, lexicon: Lexicon, dictionary):
        self.g = lexicon.grammar_of("documents")
        self.orgs = lexicon.grammar_of("organizations")
        self.confidence = self.g.confidence

    def __call__(self, found) -> list[Mention]:
        text = found.text
        c = self.confidence
        out = []
        g = self.g
        titles: list[str] = []  # the longer titles named so far
        for m in g.titled.finditer(text):
            title = m.group("title").strip()
            if title.endswith(self.orgs.periodical_suffixes) and len(title) <= self.orgs.periodical_max_length:
                out.append(Mention(m.start(), m.end(), "Organization", "grammar:periodical",
                                   self.orgs.confidence["periodical"], label=title))
                continue
            label = title
            if len(title) <= g.short_title_length:  # 《规划》, 简称《实施意见》: a longer one named before
                called = g.called.search(text[max(0, m.start() - 4):m.start()])
                longer = next((t for t in reversed(titles) if called or re.sub(r"（[^（）]*）$", "", t).endswith(title)),
                              None)
                label = longer or title
            else:
                titles.append(title)
            out.append(Mention(m.start(), m.end(), "Document", "grammar:titled-document", c["titled"], label=label))
        for m in g.studied_document.finditer(text):  # 贯彻落实…的实施意见精神
            if not g.studied_not_containing.search(m.group("doc")):
                out.append(Mention(m.start("doc"), m.end("doc"), "Document", "grammar:adopted-document", c["adopted"]))
        for line in list(re.finditer(r"\S[^\n]*", text))[:g.letter_lines]:  # a letter's title follows its sender
            if g.letter.fullmatch(line.group().strip()):
                out.append(Mention(line.start(), line.start() + len(line.group().strip()), "Document",
                                   "grammar:article-document", c["letter"]))
                break
        for m in g.by_body.finditer(text):
            out.append(Mention(m.start("doc"), m.end("doc"), "Document", "grammar:body-document", c["by_body"]))
            more = g.by_body_listed.match(text, m.end())
            if more:  # 工作规则和办公室工作细则: the second shares the body of the first
                out.append(Mention(more.start("doc"), more.end("doc"), "Document", "grammar:body-document",
                                   c["by_body_listed"], label=m.group("body") + more.group("doc")))
        out += self._adopted(text)
        return out

    def _adopted(self, text: str) -> list[Mention]:
        """审议通过…的报告；…的决议: each item up to the sentence's end that ends like a document."""
        out = []
        low, high = self.g.adopted_length
        covered = 0  # a cue inside an item already taken is part of its title (交付审议的…报告)
        for m in self.g.adopted_cue.finditer(text):
            if m.start() < covered:
                continue
            end = text.find("\n", m.end())
            end = len(text) if end < 0 else end
            stop = text.find("。", m.end(), end)
            seg_end = stop if stop >= 0 else end
            pos = m.end()
            for item in self.g.adopted_separators.split(text[m.end():seg_end]):  # separators too short for a title
                at0 = pos + len(item) - len(item.lstrip())  # where the item starts in the text
                stripped = item.strip()
                subject = self.g.adopted_subject.match(stripped)  # ，会议审议通过了…: a clause of its own
                # the cue read in the text, so that 通过 sees the comma before it (经表决，通过了…)
                cue = self.g.adopted_cue.match(text, at0 + (subject.end() if subject else 0), at0 + len(stripped))
                skip = cue.end() - at0 if cue else 0  # ；审查了…报告: the next item's own verb
                stripped = stripped[skip:]
                stripped = self.g.adopted_trailing.sub("", stripped)  # …议程、日程等有关事项
                for lead in (self.g.adopted_leading, self.g.adopted_by):  # 新修订的…法, …分别提出的关于…
                    leading = lead.match(stripped)
                    if leading:
                        skip += leading.end()
                        stripped = stripped[leading.end():]
                if self._adoptable(stripped, low, high):
                    s = at0 + skip
                    parts = []
                    for listed in (self.g.adopted_listed, self.g.adopted_listed_by_comma):
                        parts = listed.split(stripped)  # …普及法: 及 inside a title; 、 alone then
                        if len(parts) > 1 and all(len(p) >= 4 and self.g.adopted_suffix.search(p) for p in parts):
                            break
                    if len(parts) > 1 and all(len(p) >= 4 and self.g.adopted_suffix.search(p) for p in parts):
                        at = s  # 政府工作报告、计划报告和预算报告: three documents
                        for p in parts:
                            leading = self.g.adopted_leading.match(p)  # …、新修订的…法
                            cut = leading.end() if leading else 0
                            out.append(Mention(at + cut, at + len(p), "Document", "grammar:adopted-document",
                                               self.confidence["adopted"]))
                            at += len(p) + 1
                    else:
                        out.append(Mention(s, s + len(stripped), "Document", "grammar:adopted-document",
                                           self.confidence["adopted"]))
                    covered = max(covered, s + len(stripped))
                pos += len(item)
        return out

    def _adoptable(self, item: str, low: int, high: int) -> bool:
        """An item after a verb of adopting that reads as a title: long enough (a law, 增值税法,
        may be short), ending like a document, not a count (4个专项工作报告), not a 《title》."""
        shortest = self.g.law_length if re.search(f"(?:{self.g.law.pattern})$", item) else low
        return shortest <= len(item) <= high and bool(self.g.adopted_suffix.search(item)) \
            and not self.g.adopted_counted.match(item) \
            and not item.startswith(("《", *self.g.adopted_not_starting)) and not item.endswith("》")
