"""Programmes, brands, platforms and campaigns: a quoted name with a programme's suffix
(“吉人回乡”创新创业扶持计划), a quoted name after a verb of running one (开展“双报到”), the
work of one (推进“吉人回乡”工作), quoted names listed after one, unquoted names ending like
one after such a verb (实施人才平台赋能行动); every other short quoted phrase is a formula
(Concept), or a document when a document's word follows it (“十四五”规划)."""
from __future__ import annotations

import re

from kg.lexicon import Lexicon
from kg.model import Mention


class Programmes:
    name = "programmes"

    def __init__(self, lexicon: Lexicon, dictionary):
        self.g = lexicon.grammar_of("programmes")
        self.confidence = self.g.confidence

    def __call__(self, found) -> list[Mention]:
        text = found.text
        c = self.confidence
        out: list[Mention] = []
        spans: list[tuple[int, int]] = []  # the programmes' spans, quotes included
        g = self.g
        for m in g.quoted.finditer(text):
            core, mid, suffix = m.group("core"), m.group("mid"), m.group("suffix")
            if g.predicate_marks.search(mid):
                continue  # 以“东城梧桐”为总品牌: the words after the quote are a predicate
            if any(w in mid for w in g.describing_marks) or len(mid) > g.describing_length:
                mid = ""  # “我为人才办实事”等系列活动: the words after the quote describe it
            label = core + mid + suffix if mid else core
            aliases = (core + mid + suffix,) if not mid else ()
            out.append(Mention(m.start(), m.end(), "Program", "grammar:quoted-program", c["quoted"], label=label,
                               aliases=aliases))
            spans.append((m.start(), m.end()))
        for m in g.after_verb.finditer(text):
            s, e = m.start("core") - 1, m.end("core") + 1
            if any(ps <= s and e <= pe for ps, pe in spans):
                continue
            out.append(Mention(s, e, "Program", "grammar:program-after-verb", c["after_verb"], label=m.group("core")))
            spans.append((s, e))
        for m in g.work.finditer(text):  # 推进“吉人回乡”工作: the work of a programme
            s, e = m.start("core") - 1, m.end("core") + 1
            if g.counted_formula.match(m.group("core")):
                continue  # 做好“六稳”工作: a counted formula (Concept)
            if not any(ps <= s and e <= pe for ps, pe in spans):
                out.append(Mention(s, e, "Program", "grammar:program-work", c["work"], label=m.group("core")))
                spans.append((s, e))
        for ps, pe in sorted(spans):  # “人才政策提升年”和“人才政策落实年”
            m = g.listed_after.match(text, pe)
            while m and g.suffixes and not any(s == m.start("core") - 1 for s, _ in spans):
                s, e = m.start("core") - 1, m.end("core") + 1
                out.append(Mention(s, e, "Program", "grammar:listed-program", c["listed"], label=m.group("core")))
                spans.append((s, e))
                m = g.listed_after.match(text, e)
        for m in g.unquoted.finditer(text):
            name = m.group("name")
            if g.unquoted_not_containing.search(name) or name.startswith(g.unquoted_not_starting):
                continue
            out.append(Mention(m.start("name"), m.end("name"), "Program", "grammar:unquoted-program", c["unquoted"],
                               label=name))
        for m in g.campaign.finditer(text):  # 巩固拓展主题教育成果, 开展党纪学习教育
            if not any(ps <= m.start() < pe for ps, pe in spans):
                out.append(Mention(m.start(), m.end(), "Program", "grammar:unquoted-program", c["unquoted"], label=m.group()))
        for m in g.quoted_phrase.finditer(text):
            if any(ps <= m.start() < pe for ps, pe in spans):
                continue
            core = m.group("core")
            if re.search("[。！？]", core):
                continue  # a quoted sentence, not a name
            if g.name_end.search(core) and len(core) >= g.name_min_length \
                    and not g.counted_formula.match(core):  # “长春英才支持计划”, not “七个提升工程”
                out.append(Mention(m.start(), m.end(), "Program", "grammar:quoted-program", c["quoted_by_name"],
                                   label=core))
                continue
            document = g.quoted_document_suffix.match(text, m.end())
            if document:  # “十四五”规划
                out.append(Mention(m.start(), document.end(), "Document", "grammar:quoted-document",
                                   c["quoted_document"], label=core + document.group()))
                continue
            out.append(Mention(m.start(), m.end(), "Concept", "grammar:quoted-formula", c["formula"], label=core))
        return out
