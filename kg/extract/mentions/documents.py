"""Documents: 《titles》 (a newspaper's or magazine's being an Organization), the title of a
letter on its first lines (对…提案的答复), documents named after the body they govern
(制定区委人才工作领导小组工作规则), and the items after 审议通过 that end like documents."""
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
        for m in g.titled.finditer(text):
            title = m.group("title").strip()
            if title.endswith(self.orgs.periodical_suffixes) and len(title) <= self.orgs.periodical_max_length:
                out.append(Mention(m.start(), m.end(), "Organization", "grammar:periodical",
                                   self.orgs.confidence["periodical"], label=title))
            else:
                out.append(Mention(m.start(), m.end(), "Document", "grammar:titled-document", c["titled"], label=title))
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
        for m in self.g.adopted_cue.finditer(text):
            end = text.find("\n", m.end())
            end = len(text) if end < 0 else end
            stop = text.find("。", m.end(), end)
            seg_end = stop if stop >= 0 else end
            pos = m.end()
            for item in self.g.adopted_separators.split(text[m.end():seg_end]):  # separators too short for a title
                stripped = item.strip()
                if low <= len(stripped) <= high and self.g.adopted_suffix.search(stripped) and "《" not in stripped:
                    s = pos + (len(item) - len(item.lstrip()))
                    out.append(Mention(s, s + len(stripped), "Document", "grammar:adopted-document",
                                       self.confidence["adopted"]))
                pos += len(item)
        return out
