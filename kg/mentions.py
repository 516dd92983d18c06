"""Stage 5: candidate mentions from dictionaries and the grammars of official names.

Every finder adds `Mention`s, overlapping freely; the entity stage chooses among them.
Dictionaries (places, national bodies, titles) are matched with spaCy's PhraseMatcher;
the grammars of organizations, meetings, programmes, documents and people are small
functions driven by the word lists in kg/data/lexicon.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import jieba.posseg
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .extensions import doc_text
from .lexicon import Lexicon, lexicon_for

CJK = "\u4e00-\u9fff"


@dataclass
class Mention:
    start: int
    end: int
    type: str  # an entity type of SCHEMA.md, or "Title" for a post
    extractor: str  # the rule or model that found it
    confidence: float
    label: str | None = None  # canonical label when known without context
    aliases: tuple[str, ...] = ()
    info: dict = field(default_factory=dict)  # grammar details for the entity stage


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


class MentionGrammar:
    def __init__(self, nlp: Language, lexicon: Lexicon):
        self.lex = lexicon
        g = lexicon.grammar
        self.matcher = PhraseMatcher(nlp.vocab)
        place_terms: dict[str, list[str]] = {}
        for name, divisions in lexicon.divisions_by_name.items():
            if len(name) < 2:
                continue
            full = any(d.name == name for d in divisions)
            # short names of counties are too often ordinary words (东城, 朝阳)
            if full or any(d.level != "county" for d in divisions):
                place_terms.setdefault("DIVISION", []).append(name)
        place_terms["REGION"] = lexicon.regions
        for key, terms in place_terms.items():
            self.matcher.add(key, [nlp.make_doc(t) for t in terms])
        self.national = {}
        for body in lexicon.national_bodies:
            for name in [body["name"], *body.get("aliases", [])]:
                self.national[name] = body
        self.matcher.add("NATIONAL", [nlp.make_doc(t) for t in self.national])
        self.matcher.add("TITLE", [nlp.make_doc(t) for t in lexicon.titles])

        org = lexicon.organizations
        self.cores = org.get("cores", {})
        self.units = org.get("units", [])
        self.org_blockers = set(org.get("abbreviation_blockers", ""))
        core_alts = []
        for core, spec in self.cores.items():
            nf = spec.get("not_followed_by") if isinstance(spec, dict) else None
            core_alts.append((core, re.escape(core) + (f"(?![{re.escape(nf)}])" if nf else "")))
        core_alts.sort(key=lambda c: len(c[0]), reverse=True)
        self.org_tail = re.compile(
            f"(?P<core>{'|'.join(a for _, a in core_alts)})?(?P<units>(?:{_alternation(self.units)})*)")
        self.org_abbrev = re.compile(
            f"[省市区县州](?=(?:{'|'.join(a for _, a in core_alts)}|{_alternation(self.units)}))")
        self.bare_unit = re.compile(f"、(?P<unit>{_alternation(u for u in self.units if len(u) >= 3)})"
                                    f"(?=(?:{_alternation(lexicon.titles)}))")
        self.org_named = re.compile(f"(?:{_alternation(org.get('name_suffixes', []))})")
        self.numerals = g.get("numerals", "一二三四五六七八九十")
        num = re.escape(self.numerals)
        self.session = re.compile(
            f"第?[{num}]{{1,4}}届(?:委员会)?(?:常务委员会|常委会)?第?[{num}]{{1,4}}次"
            f"(?:{_alternation(g.get('session_kinds', ['会议']))})")
        self.session_continuation = re.compile(
            f"(?:和|及|、)(?P<sitting>第?[{num}]{{1,4}}次(?:{_alternation(g.get('session_kinds', ['会议']))}))")
        self.meeting_then_and = re.compile(f"(?:{_alternation(g.get('meeting_suffixes', []))})[和及、与]")
        self.meeting_suffix = re.compile(f"(?:{_alternation(g.get('meeting_suffixes', []))})")
        self.generic_meetings = set(g.get("generic_meetings", []))
        self.program_suffix = _alternation(g.get("program_suffixes", []))
        # the suffix ends the name: a boundary follows it (“吉人回乡”联络服务工作 is no programme)
        self.program_quoted = re.compile(f"“(?P<core>[^“”\\n]{{2,24}})”(?P<mid>[{CJK}\\d]{{0,20}}?)"
                                         f"(?P<suffix>{self.program_suffix})"
                                         f"(?=[^{CJK}]|[为的和与及是在中上等将已]|$)")
        # the quote must end the verb's object (开展“双报到”活动), not qualify another noun
        # (开展“四风”问题整改); “…”联络服务工作 is the programme's own work
        self.program_after_verb = re.compile(f"(?:{_alternation(g.get('program_verbs', []))})了?"
                                             f"“(?P<core>[^“”\\n]{{2,24}})”"
                                             f"(?=[^{CJK}]|[的等和及与]|[{CJK}]{{0,6}}工作|$)")
        self.program_work = re.compile(f"(?:{_alternation(g.get('programme_work_verbs', []))})"
                                       "“(?P<core>[^“”\\n]{2,16})”(?=工作)")
        self.program_listed_after = re.compile("[、和及与]“(?P<core>[^“”\\n]{2,24})”")
        self.program_unquoted = re.compile(
            f"(?:{_alternation(g.get('unquoted_program_verbs', []))})了?"
            f"(?P<name>[{CJK}]{{3,24}}?(?:{_alternation(g.get('unquoted_program_suffixes', []))}))")
        self.program_name_end = re.compile(f"(?:{_alternation(g.get('unquoted_program_suffixes', []) + ['计划'])})$")
        self.quoted_document = re.compile(f"(?:{_alternation(g.get('quoted_document_suffixes', []))})")
        self.town = re.compile(f"(?:{_alternation(g.get('town_prepositions', []))})(?P<town>[{CJK}]{{2,3}}(?:镇|乡))(?![{CJK}]{{0,2}}(?:政府|党委|人大))")
        self.quoted = re.compile("“(?P<core>[^“”\\n]{2,%d})”" % int(g.get("concept_max_length", 16)))
        self.periodical = tuple(g.get("periodical_suffixes", []))
        self.document_suffix = re.compile(
            f"(?:{_alternation(g.get('document_suffixes', []))})(?:（草案）|（试行）)?$")
        doc_words = _alternation(g.get("document_suffixes", []))
        self.article_document = re.compile(f"(?:对|关于)[^\\n《》]{{4,60}}的(?:{_alternation(g.get('letter_kinds', []))})")
        self.body_document = re.compile(
            f"(?:{_alternation(g.get('issue_verbs', []))})了?(?P<doc>(?P<body>(?:[省市区县]委|[{CJK}]{{2,12}}?)"
            f"(?:领导小组|委员会|办公室|工作组))[{CJK}]{{0,6}}?(?:{doc_words}|规则|细则|制度))")
        self.and_document = re.compile(f"(?:和|及|与)(?P<doc>[{CJK}]{{2,8}}?(?:{doc_words}|规则|细则|制度))")
        self.left_boundaries = sorted(g.get("name_left_boundaries", []), key=len, reverse=True)
        self.right_cues = tuple(g.get("person_right_cues", []))
        self.byline = re.compile(f"(?:{_alternation(g.get('byline_cues', []))})[ /：:]*")
        self.title_words = tuple(lexicon.titles)
        self.non_name_chars = set(g.get("non_name_characters", ""))
        self.title_not_before = set(g.get("title_not_before", ""))
        self.known_words = jieba.posseg.dt.word_tag_tab
        self.surnames = lexicon.surnames
        self.compound_surnames = {s for s in self.surnames if len(s) == 2}

    # ------------------------------------------------------------------ entry point
    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        found: list[Mention] = []
        word_starts = {s for s, _, _ in doc._.words}
        word_ends = {e for _, e, _ in doc._.words}
        places: list[Mention] = []
        titles: list[Mention] = []
        for match_id, start, end in self.matcher(doc):
            key = doc.vocab.strings[match_id]
            span = doc[start:end]
            s, e = span.start_char, span.end_char
            name = span.text
            if key == "DIVISION":
                full = any(d.name == name for d in self.lex.divisions_by_name[name])
                if not full and not (s in word_starts and (e in word_ends or text[e:e + 1] in "市省")):
                    continue
                places.append(Mention(s, e, "Place", "dictionary:division", 0.9 if full else 0.75,
                                      info={"divisions": [d.code for d in self.lex.divisions_by_name[name]]}))
            elif key == "REGION":
                if s in word_starts or e in word_ends:
                    places.append(Mention(s, e, "Place", "dictionary:region", 0.8, label=name))
            elif key == "NATIONAL":
                body = self.national[name]
                found.append(Mention(s, e, body["type"], "dictionary:national", 0.95, label=body["name"]))
            elif key == "TITLE":
                if text[e:e + 1] and text[e] in self.title_not_before:
                    continue  # 主席台, 委员会, 委员们, 代表团: another word
                titles.append(Mention(s, e, "Title", "dictionary:title", 0.9, label=name))
        places = self._place_chains(text, places)
        found += places + titles
        orgs = self._organizations(text, places)
        found += orgs
        found += self._named_organizations(doc)
        found += self._meetings(doc, orgs + places)
        found += self._programs(doc)
        found += self._towns(doc)
        found += self._documents(doc)
        found += self._people(doc, titles)
        doc._.mentions = (doc._.mentions or []) + found
        return doc

    # ------------------------------------------------------------------ places
    @staticmethod
    def _inside(inner: list[str], outer: list[str]) -> bool:
        """Whether a division of `inner` lies in one of `outer` (二道区 in 长春, not 吉林 in 深圳)."""
        for o in outer:
            prefix = o[:2] if o.endswith("0000") else o[:4] if o.endswith("00") else o
            if any(i != o and i.startswith(prefix) for i in inner):
                return True
        return False

    def _place_chains(self, text: str, places: list[Mention]) -> list[Mention]:
        """Join adjacent divisions (长春 + 二道区) and the town or village after them."""
        places = sorted(places, key=lambda m: (m.start, -m.end))
        chains: list[Mention] = []
        for m in places:
            last = chains[-1] if chains else None
            if last and last.end == m.start and "divisions" in last.info and "divisions" in m.info and \
                    self._inside(m.info["divisions"], last.info["divisions"]):
                chain = last.info.get("chain", [last.info["divisions"]]) + [m.info["divisions"]]
                chains[-1] = Mention(last.start, m.end, "Place", "grammar:place-chain", 0.9,
                                     info={"divisions": m.info["divisions"], "chain": chain,
                                           "parent_text": text[last.start:last.end]})
            elif last and m.start < last.end:
                continue
            else:
                chains.append(m)
        out = []
        for m in chains:
            out.append(m)
            if "divisions" in m.info:
                tail = re.match(f"[{CJK}]{{1,4}}?(?:镇|乡|村|街道)(?![{CJK}]*(?:委|政府))", text[m.end:m.end + 8])
                if tail and not re.search("[省市区县]", tail.group()) and \
                        not any(ch in self.non_name_chars for ch in re.sub("(镇|乡|村|街道)$", "", tail.group())) and \
                        not re.search("(回乡|下乡|返乡|进村|驻村|入村|城乡)$", tail.group()):
                    out.append(Mention(m.start, m.end + tail.end(), "Place", "grammar:place-local", 0.8,
                                       label=tail.group(), info={"parent_text": text[m.start:m.end],
                                                                 "parent_divisions": m.info["divisions"]}))
        return out

    def _towns(self, doc: Doc) -> list[Mention]:
        """Towns and townships named on their own (依托英俊镇…): a word of the tagger that
        ends in 镇 or 乡, or a two- or three-character name before 镇/乡 after a preposition."""
        text = doc_text(doc)
        found = []
        for m in self.town.finditer(text):
            name = m.group("town")
            if any(ch in self.non_name_chars for ch in name[:-1]):
                continue
            found.append(Mention(m.start("town"), m.end("town"), "Place", "grammar:town", 0.7, label=name))
        return found

    # ------------------------------------------------------------------ organizations
    def _organizations(self, text: str, places: list[Mention]) -> list[Mention]:
        """[中共] PLACE|省市区县 CORE? UNIT* — 中共吉林市委, 省人社厅, 二道区委人才办."""
        found = []
        starts = []  # (prefix start, prefix end, place mention or None)
        for p in places:
            if "divisions" in p.info:
                starts.append((p.start, p.end, p))
        covered = {(p.start, p.end) for p in places}
        for m in self.org_abbrev.finditer(text):
            s = m.start()
            if s > 0 and text[s - 1] in self.org_blockers:
                continue
            if any(ps <= s < pe for ps, pe in covered):
                continue
            starts.append((s, s + 1, None))
        for s, e, place in starts:
            tail = self.org_tail.match(text, e)
            core, units_text = tail.group("core"), tail.group("units")
            if not core and not units_text:
                # 政协吉林省第十三届委员会
                if place is not None and text[max(0, s - 2):s] == "政协":
                    conv = re.match(r"(?:第[一二三四五六七八九十]+届)?委员会(?:常务委员会)?", text[e:])
                    if conv:
                        found.append(Mention(s - 2, e + conv.end(), "Organization", "grammar:cppcc-committee",
                                             0.9, info={"place": place.info, "place_text": text[s:e],
                                                        "core": "政协",
                                                        "units": ["常务委员会"] if "常务" in conv.group() else [],
                                                        "abbrev": None}))
                continue
            units = re.findall(_alternation(self.units), units_text) if units_text else []
            start = s
            if text[max(0, s - 2):s] == "中共":
                start = s - 2
            elif text[max(0, s - 4):s] == "中国共产党":
                start = s - 4
            found.append(Mention(start, tail.end(), "Organization", "grammar:organization", 0.85,
                                 info={"place": place.info if place else None,
                                       "place_text": text[s:e], "core": core, "units": units,
                                       "abbrev": text[s] if place is None else None}))
        # a department after 、 in a list of posts belongs to the body before it:
        # 中共四川省委常委、统战部部长 → 中共四川省委统战部
        by_end = sorted(found, key=lambda m: m.end)
        for m in self.bare_unit.finditer(text):
            before = [o for o in by_end if o.end <= m.start() <= o.end + 12 and o.info.get("core")]
            if not before or any(o.start <= m.start() < o.end for o in found):
                continue
            body = before[-1]
            found.append(Mention(m.start("unit"), m.end("unit"), "Organization", "grammar:organization", 0.75,
                                 info={**body.info, "units": [m.group("unit")], "place_text": ""}))
        return found

    def _named_organizations(self, doc: Doc) -> list[Mention]:
        """Names ending in 大学, 联合会, 公司 …, bounded by the words before them."""
        found = []
        text = doc_text(doc)
        words = doc._.words
        for i, (s, e, pos) in enumerate(words):
            m = self.org_named.search(text, s, e)
            if not m or m.end() != e or text.endswith("协商会", 0, e):
                continue
            j = i
            proper = pos in ("nt", "ns", "nz", "nr") or m.start() > s
            while j > 0 and i - j < 5:
                ps, pe, ppos = words[j - 1]
                if pe != words[j][0] or ppos not in ("ns", "n", "nz", "nt", "j", "vn", "b", "nrt", "an", "nr") \
                        or not re.fullmatch(f"[{CJK}]+", text[ps:pe]):
                    break
                j -= 1
                proper = proper or ppos in ("ns", "nz", "nt", "nr", "j")
            start = words[j][0]
            if (e - start) < 4 or not proper:
                continue
            found.append(Mention(start, e, "Organization", "grammar:named-organization", 0.75))
        return found

    # ------------------------------------------------------------------ meetings
    def _extend_left(self, text: str, end: int, limit: int = 40) -> int:
        """Start of a free-standing name that ends at `end`: back to a boundary."""
        i = end
        floor = max(0, end - limit)
        while i > floor:
            ch = text[i - 1]
            if ch in "，。；：、！？\n（(《》 " or (ch == "”" and "“" not in text[floor:i]):
                break
            hit = next((b for b in self.left_boundaries if text.startswith(b, i - len(b))), None)
            if hit:
                break
            i -= 1
        while i < end and text[i] in "”）":
            i += 1
        return i

    def _meetings(self, doc: Doc, prefixes: list[Mention]) -> list[Mention]:
        text = doc_text(doc)
        found = []
        by_end: dict[int, Mention] = {}
        for p in prefixes:
            if p.end not in by_end or by_end[p.end].start > p.start:
                by_end[p.end] = p
        for m in self.session.finditer(text):
            s = m.start()
            prefix = by_end.get(s)
            overlapping = [p for p in prefixes if p.start < s < p.end and p.type == "Organization"]
            if prefix is None and overlapping:
                prefix = min(overlapping, key=lambda p: p.start)
            if prefix is None:
                continue
            start = prefix.start
            if prefix.type == "Place" and text[max(0, start - 2):start] == "政协":
                start -= 2
            info = {"prefix": prefix.info, "prefix_text": text[prefix.start:prefix.end],
                    "session": text[m.start():m.end()], "org_prefix": text[start:s]}
            found.append(Mention(start, m.end(), "Meeting", "grammar:session", 0.9, info=info))
            term = re.match(r"第?[^届]+届", info["session"])
            more = self.session_continuation.match(text, m.end())
            if term and more:
                found.append(Mention(more.start("sitting"), more.end(), "Meeting", "grammar:session", 0.85,
                                     info={**info, "session": term.group() + more.group("sitting")}))
        session_ends = {m.end for m in found}
        session_spans = [(m.start, m.end) for m in found]
        starts_of_names = {p.start for p in prefixes}
        for s in doc._.sentences:
            for m in self.meeting_suffix.finditer(text, s.start, s.end):
                if m.end() in session_ends:
                    continue
                end = m.end()
                if text[end:end + 1] in "（(":
                    close = text.find("）", end, end + 12)
                    if close > 0:
                        end = close + 1
                start = self._extend_left(text, m.start())
                lead = re.match(f"[\\d{self.numerals}]+(?:次|场|个|项|批)", text[start:m.start()])
                if lead:
                    start += lead.end()
                # 专题议政性常委会会议和双月协商座谈会: two meetings, not one
                joined = list(self.meeting_then_and.finditer(text, start, m.start()))
                if joined:
                    start = joined[-1].end()
                name = text[start:m.end()]
                if any(start <= a < m.end() for a, _ in session_spans):
                    continue
                if len(name) < 4 or name in self.generic_meetings or name.startswith(("会", "本次", "这次", "此次")):
                    continue
                topic = name[: len(name) - len(m.group())]
                named_by = start in starts_of_names or "“" in name or re.search("第|届|首届", name)
                if not named_by and len(topic) < 6:
                    continue  # 专题协商会, 学术峰会: kinds of meeting, not names
                # a bare 会议 needs a body or a place to name it (省委人才工作领导小组会议)
                if m.group() == "会议" and not (start in starts_of_names or name.startswith(("全国", "全省", "全市"))
                                              or "暨" in name):
                    continue
                place = next((p for p in prefixes if p.start == start and p.type == "Place" and "divisions" in p.info),
                             None)
                info = {"place_prefix": {"divisions": place.info["divisions"], "length": place.end - place.start}} \
                    if place else {}
                found.append(Mention(start, end, "Meeting", "grammar:named-meeting", 0.75, info=info))
        return found

    # ------------------------------------------------------------------ programmes
    def _programs(self, doc: Doc) -> list[Mention]:
        text = doc_text(doc)
        found = []
        program_spans = []
        for m in self.program_quoted.finditer(text):
            core, mid, suffix = m.group("core"), m.group("mid"), m.group("suffix")
            if re.search("[为作是的]", mid):
                continue  # 以“东城梧桐”为总品牌: the words after the quote are a predicate
            if "等" in mid or len(mid) > 8:
                # “我为人才办实事”等系列活动, “…”全省新提拔省管干部家属廉政教育活动: the quoted
                # name is the programme, the words after it describe it
                mid = ""
            label = core + mid + suffix if mid else core
            aliases = (core + mid + suffix,) if not mid else ()
            found.append(Mention(m.start(), m.end(), "Program", "grammar:quoted-program", 0.85,
                                 label=label, aliases=aliases))
            program_spans.append((m.start(), m.end()))
        for m in self.program_after_verb.finditer(text):
            s, e = m.start("core") - 1, m.end("core") + 1
            if any(ps <= s and e <= pe for ps, pe in program_spans):
                continue
            found.append(Mention(s, e, "Program", "grammar:program-after-verb", 0.7, label=m.group("core")))
            program_spans.append((s, e))
        for m in self.program_work.finditer(text):  # 推进“吉人回乡”工作: the work of a programme
            s, e = m.start("core") - 1, m.end("core") + 1
            if not any(ps <= s and e <= pe for ps, pe in program_spans):
                found.append(Mention(s, e, "Program", "grammar:program-work", 0.65, label=m.group("core")))
                program_spans.append((s, e))
        # “人才政策提升年”和“人才政策落实年”: quoted names listed after a programme are programmes
        for ps, pe in sorted(program_spans):
            m = self.program_listed_after.match(text, pe)
            while m and self.program_suffix and not any(s == m.start("core") - 1 for s, _ in program_spans):
                s, e = m.start("core") - 1, m.end("core") + 1
                found.append(Mention(s, e, "Program", "grammar:listed-program", 0.65, label=m.group("core")))
                program_spans.append((s, e))
                m = self.program_listed_after.match(text, e)
        for m in self.program_unquoted.finditer(text):
            name = m.group("name")
            if re.search("[，。、“”]", name) or name.startswith(("新时代党的", "党的")):
                continue
            found.append(Mention(m.start("name"), m.end("name"), "Program", "grammar:unquoted-program", 0.6,
                                 label=name))
        for m in self.quoted.finditer(text):
            if any(ps <= m.start() < pe for ps, pe in program_spans):
                continue
            core = m.group("core")
            if re.search("[。！？]", core):
                continue
            if self.program_name_end.search(core) and len(core) >= 5:  # “长春英才支持计划”: by its own name
                found.append(Mention(m.start(), m.end(), "Program", "grammar:quoted-program", 0.75, label=core))
                continue
            doc_suffix = self.quoted_document.match(text, m.end())
            if doc_suffix:  # “十四五”规划
                found.append(Mention(m.start(), doc_suffix.end(), "Document", "grammar:quoted-document", 0.7,
                                     label=core + doc_suffix.group()))
                continue
            found.append(Mention(m.start(), m.end(), "Concept", "grammar:quoted-formula", 0.5, label=core))
        return found

    # ------------------------------------------------------------------ documents
    def _documents(self, doc: Doc) -> list[Mention]:
        text = doc_text(doc)
        found = []
        for m in re.finditer("《(?P<title>[^《》\n]{2,100})》", text):
            title = m.group("title").strip()
            if title.endswith(self.periodical) and len(title) <= 12:
                found.append(Mention(m.start(), m.end(), "Organization", "grammar:periodical", 0.8, label=title))
            else:
                found.append(Mention(m.start(), m.end(), "Document", "grammar:titled-document", 0.9, label=title))
        for line in list(re.finditer(r"\S[^\n]*", text))[:3]:  # a letter's title follows its sender
            if self.article_document.fullmatch(line.group().strip()):
                found.append(Mention(line.start(), line.start() + len(line.group().strip()), "Document",
                                     "grammar:article-document", 0.85, info={"article": True}))
                break
        for m in self.body_document.finditer(text):
            found.append(Mention(m.start("doc"), m.end("doc"), "Document", "grammar:body-document", 0.7))
            more = self.and_document.match(text, m.end())
            if more:  # 工作规则和办公室工作细则: the second shares the body of the first
                prefix = m.group("body")
                found.append(Mention(more.start("doc"), more.end("doc"), "Document", "grammar:body-document",
                                     0.65, label=prefix + more.group("doc")))
        for m in re.finditer("审议通过|审议并通过|审议", text):
            end = text.find("\n", m.end())
            end = len(text) if end < 0 else end
            stop = re.search("[。]", text[m.end():end])
            seg_end = m.end() + stop.start() if stop else end
            pos = m.end()
            for item in re.split("(；|;|、(?=关于))", text[m.end():seg_end]):
                if item in ("；", ";", "、"):
                    pos += len(item)
                    continue
                stripped = item.strip()
                if 6 <= len(stripped) <= 80 and self.document_suffix.search(stripped) and "《" not in stripped:
                    s = pos + (len(item) - len(item.lstrip()))
                    found.append(Mention(s, s + len(stripped), "Document", "grammar:adopted-document", 0.8))
                pos += len(item)
        return found

    # ------------------------------------------------------------------ people
    def _name_at(self, text: str, start: int) -> int | None:
        """End of a person's name starting at `start`, or None: a family name and one or two
        more characters, followed by a word that can follow a name."""
        two = text[start:start + 2]
        given_from = start + (2 if two in self.compound_surnames else 1)
        if text[start:given_from] not in self.surnames:
            return None
        for length in (2, 1):
            end = given_from + length
            name = text[start:end]
            if len(name) < 2 or not re.fullmatch(f"[{CJK}]+", name) or \
                    any(ch in self.non_name_chars for ch in text[given_from:end]) or \
                    self.known_words.get(name, "nr")[:2] != "nr":
                continue  # 强调, 吉林人: words jieba knows, not names
            if self.name_ends_at(text, end):
                return end
        return None

    def name_ends_at(self, text: str, end: int) -> bool:
        """A name can end here: punctuation, the end, a title or a word that follows names."""
        after = text[end:end + 1]
        return (after == "" or not re.match(f"[{CJK}]", after) or text.startswith(self.right_cues, end)
                or text.startswith(self.title_words, end))

    def _people(self, doc: Doc, titles: list[Mention]) -> list[Mention]:
        text = doc_text(doc)
        found: list[Mention] = []
        # a post right before a name: 书记张三, 副主席李四, 博士生王五
        for t in titles:
            end = self._name_at(text, t.end)
            if end:
                found.append(Mention(t.end, end, "Person", "grammar:title-person", 0.85))
        # a name right before a post: 赵六委员, 某某总书记
        title_starts = {t.start for t in titles}
        for start in title_starts:
            for length in (3, 2, 4):
                s = start - length
                if s < 0:
                    continue
                before = text[s - 1:s] if s > 0 else ""
                if before and re.match(f"[{CJK}]", before) and before not in "的和与及、":
                    continue
                if self._name_at(text, s) == start:
                    found.append(Mention(s, start, "Person", "grammar:person-title", 0.8))
                    break
        # bylines: 本报记者 石雷 王萌 / 设计/杨倩, with names on the lines after
        for line in re.finditer("[^\n]+", text):
            body = line.group()
            for cue in self.byline.finditer(body):
                if cue.start() > 0 and not (body[cue.start() - 1].isspace() or body[cue.start() - 1] in "（("):
                    continue
                rest = re.sub("(摄影报道|报道|摄影|摄)$", "", body[cue.end():].rstrip()).rstrip()
                tokens = []
                for t in re.finditer(r"[^\s，,。（）()]+", rest):
                    if self._name_at(text, line.start() + cue.end() + t.start()) != line.start() + cue.end() + t.end():
                        break
                    tokens.append(t)
                # names after the cue: the rest of the line, or the start of a short one
                # (本报记者 杜若衡 通讯员 林晓岚; 联系人：刘众 电话：…)
                if not tokens or (len(tokens) < len(re.findall(r"[^\s，,。（）()]+", rest)) and len(body) > 40):
                    continue
                for t in tokens:
                    s = line.start() + cue.end() + t.start()
                    found.append(Mention(s, s + len(t.group()), "Person", "grammar:byline", 0.85))
            if not self.byline.search(body):
                continue
            nxt = line.end() + 1
            for follow in re.finditer("[^\n]+", text[nxt:nxt + 40]):
                token = follow.group().strip()
                s = nxt + follow.start() + (len(follow.group()) - len(follow.group().lstrip()))
                if 2 <= len(token) <= 3 and self._name_at(text, s) == s + len(token):
                    found.append(Mention(s, s + len(token), "Person", "grammar:byline", 0.8))
                else:
                    break
        # lists of three or more names: 吴海英、胡家福、张恩惠
        for m in re.finditer(f"(?:[{CJK}]{{2,4}}、){{2,}}[{CJK}]{{2,4}}", text):
            items = []
            pos = m.start()
            for part in m.group().split("、"):
                items.append((pos, part))
                pos += len(part) + 1
            ok = []
            for i, (s, part) in enumerate(items):
                if i == 0:
                    # the first item may carry words before it (领导还有吴海英)
                    for k in range(max(0, len(part) - 4), len(part) - 1):
                        end = self._name_at(text, s + k)
                        if end == s + len(part):
                            ok.append((s + k, end))
                            break
                    continue
                end = self._name_at(text, s)
                if end is None:
                    continue
                if end == s + len(part) or (i == len(items) - 1 and end <= s + len(part)):
                    ok.append((s, end))
            if len(ok) >= max(3, len(items) - 1):
                found.extend(Mention(s, e, "Person", "grammar:name-list", 0.75) for s, e in ok)
        # a name found by its post carries the names listed after it: 副主席王立新、李春华
        for m in list(found):
            end = m.end
            while text[end:end + 1] == "、":
                nxt = self._name_at(text, end + 1)
                if nxt is None or nxt - end - 1 > 4:
                    break
                found.append(Mention(end + 1, nxt, "Person", "grammar:name-list", 0.75))
                end = nxt
        return found


@Language.factory("kg_mentions", default_config={"data_dirs": []})
def make_mention_grammar(nlp: Language, name: str, data_dirs: list[str]) -> MentionGrammar:
    return MentionGrammar(nlp, lexicon_for(data_dirs))
