"""Stage 7: relations stated in a sentence, by the patterns of kg/data/patterns/relations.yml.

Each sentence is rewritten with every mention replaced by a placeholder of its type
(〔Person 3〕), and the patterns are regular expressions over that rewritten sentence.
So a rule is written once for every name, and a list of names gives one fact per name.
Relations that the structure of a name states (二道区委人才办 is part of 二道区委) come
from the entity stage and are kept here with their sentence as evidence.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from .errors import DataError, Errors
from .extensions import doc_text
from .lexicon import Lexicon, lexicon_for
from .model import RELATION_SIGNATURES, Entity, entity_key

TYPES = ("Person", "Organization", "Meeting", "Program", "Document", "Place", "Concept", "Title")
# A division (吉林省, 二道区) stands where an Organization acts: its government acts.
ACTING_PLACE = "Division"
_TOKEN = re.compile(r"〔(\w+) (\d+)〕")
# bodies that act in the news: party, state and CPPCC bodies, not the universities or
# associations an article mentions
OFFICIAL_EXTRACTORS = {"grammar:organization", "grammar:cppcc-committee", "grammar:pronoun-government",
                       "dictionary:national"}
_ACTOR_BEFORE = re.compile(f"〔(?:Organization|{ACTING_PLACE}) \\d+〕")
# what may stand before a sentence's subject: a date, a time phrase, a connective
_DATE = re.compile(r"^(?:本报讯\s*)?(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?P<day>\d{1,2})日|"
                   r"于(?:(?P<year2>\d{4})年)?(?P<month2>\d{1,2})月(?P<day2>\d{1,2})日")
_PRINTED = re.compile(r"\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发")
_HELD = re.compile(r"[^，。；〔]{0,6}?(?:召开|举行|开幕|闭幕|举办)")
_OPENING = re.compile(r"(?:本报讯|新华社[^，。]{0,12}电|（[^）]{0,20}）|\s)*[\d年月日号，、\s]*(?:近年来|今年以来|去年以来|一年来|同时|此外|目前|当前|近日|日前|今年|去年|"
                      r"[\d一二三四五六七八九十]+年(?:以来)?|[\d一二三四五六七八九十]+月[\d一二三四五六七八九十]+日)?[，、\s]*")


@dataclass
class RelationMention:
    subject: str
    property: str
    object: str
    sentence_start: int
    sentence_end: int
    extractor: str
    confidence: float
    title: str | None = None


def mentions_by_sentence(sentences, resolved):
    """Each sentence with the mentions inside it (both lists ordered by position)."""
    i = 0
    for sentence in sentences:
        while i < len(resolved) and resolved[i].start < sentence.start:
            i += 1
        j = i
        while j < len(resolved) and resolved[j].end <= sentence.end:
            j += 1
        yield sentence, resolved[i:j]


MACROS = ("{Person}", "{Organization}", "{Meeting}", "{Program}", "{Document}", "{Place}", "{Concept}", "{Title}",
          "{Person+}", "{Organization+}", "{Meeting+}", "{Program+}", "{Document+}", "{Place+}", "{Concept+}",
          "{Title+}", "{Posts}", "{near}", "{gap}", "{any}")
# a macro-like word in braces; {2,8} and {3} are a regular expression's own
_MACRO_LIKE = re.compile(r"\{[A-Za-z_][\w+:-]*\}")


def compile_pattern(pattern: str, source: str = "relations.yml", rule: str = "?") -> re.Pattern:
    """Expand the macros of relations.yml into a regular expression; an unknown macro or a
    pattern that is not a regular expression is a DataError naming the file and rule."""
    unknown = [m for m in _MACRO_LIKE.findall(pattern) if m not in MACROS]
    if unknown:
        raise DataError(Errors.E032.format(path=source, rule=rule, macro=", ".join(unknown),
                                           known=" ".join(MACROS)))
    try:
        return _compile_expanded(pattern)
    except re.error as exc:
        raise DataError(Errors.E031.format(path=source, rule=rule, detail=exc)) from None


def _compile_expanded(pattern: str) -> re.Pattern:
    one = {t: f"(?:〔{t} \\d+〕)" for t in TYPES}
    # a division after 赴/在/到 or inside a list of places is where, not who
    one["Organization"] = f"(?:〔Organization \\d+〕|(?<![赴在到于至、和与])〔{ACTING_PLACE} \\d+〕)"
    one["Place"] = f"(?:〔(?:Place|{ACTING_PLACE}) \\d+〕)"
    out = pattern.replace("{Posts}", "(?:(?:{Person}|{Title}|{Organization})[、，和及]?)*{Person}")
    for t, rx in one.items():
        out = out.replace("{%s+}" % t, f"{rx}(?:(?:、|和|及|与|以及)?{rx})*")  # 《甲》《乙》 too
        out = out.replace("{%s}" % t, rx)
    out = out.replace("{near}", "[^〔〕，。；！？]{0,8}?")
    out = out.replace("{gap}", "[^〔〕。；！？]{0,30}?")
    out = out.replace("{any}", "[^。；！？]{0,40}?")
    return re.compile(out)


class RelationExtractor:
    def __init__(self, lexicon: Lexicon):
        self.rules: list[tuple[str, str, re.Pattern, float, str | None]] = []
        source = "patterns/relations.yml"
        patterns = lexicon.relation_patterns or {}
        if not isinstance(patterns, dict):
            raise DataError(Errors.E034.format(path=source, detail="expected properties, each with a list of rules"))
        for prop, rules in patterns.items():
            if prop not in RELATION_SIGNATURES:
                raise DataError(Errors.E033.format(path=source, prop=prop, known=", ".join(RELATION_SIGNATURES)))
            for rule in rules or []:
                if not isinstance(rule, dict) or not {"name", "pattern", "confidence"} <= set(rule):
                    raise DataError(Errors.E034.format(path=source, detail=f"{prop}: a rule needs name, pattern and "
                                                                           f"confidence: {rule!r}"))
                try:
                    confidence = float(rule["confidence"])
                except (TypeError, ValueError):
                    confidence = -1.0
                if not 0 <= confidence <= 1:
                    raise DataError(Errors.E034.format(path=source, detail=f"rule {rule['name']!r}: confidence "
                                                                           f"must be a number from 0 to 1"))
                context = "actor" if rule.get("subject") == "actor" else \
                    "meeting" if rule.get("object") == "recent meeting" else None
                self.rules.append((prop, rule["name"], compile_pattern(str(rule["pattern"]), source, rule["name"]),
                                   confidence, context))
        self.title_orgs = lexicon.title_default_organizations
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        entities: dict[str, Entity] = doc.user_data["kg_entities"]
        governments: dict[str, list[str]] = doc.user_data.get("kg_governments", {})
        resolved = sorted((r for r in doc._.resolved or [] if not r.contained), key=lambda r: r.start)
        found: list[RelationMention] = []
        seen: set[tuple] = set()

        def add(subject, prop, obj, sentence, extractor, confidence, title=None):
            fact = (subject, prop, obj, title)
            if subject == obj or fact in seen:
                return
            seen.add(fact)
            found.append(RelationMention(subject, prop, obj, sentence.start, sentence.end, extractor,
                                         confidence, title))

        text = doc_text(doc)
        home = doc.user_data.get("kg_home", {})
        article_actor = self._signer(resolved, text, max(0, len(text) - 400)) \
            if any(r.extractor == "grammar:article-document" for r in resolved) else None
        article_actor = article_actor or self._article_actor(doc, resolved, text)
        section_actor = article_actor
        recent_meeting = None  # the meeting the text last named: 会上, 闭幕会 refer to it
        article_date = doc.user_data.get("kg_article_date")
        context_year = None  # the year the text last wrote out: 4月6日 after 2023年4月3日 is in 2023
        for sentence, inside in mentions_by_sentence(doc._.sentences, resolved):
            if sentence.kind == "heading":
                section_actor = article_actor
            if sentence.kind == "repeat" or not inside:
                context_year = self._last_year(text, sentence, context_year)
                continue
            parts, pos = [], sentence.start
            for n, r in enumerate(inside):
                parts.append(text[pos:r.start])
                kind = ACTING_PLACE if (r.type == "Place" and r.government) else r.type
                parts.append(f"〔{kind} {n}〕")
                pos = r.end
            parts.append(text[pos:sentence.end])
            abstract = "".join(parts)
            opener = self._opening_subject(inside, sentence.start, text)
            if opener is not None:
                section_actor = opener
            # a meeting the sentence opens with, or says is held (…会议召开，…在会上强调), is the
            # one the rest of it and the next sentences talk about
            held = [x for x in inside if x.type == "Meeting" and
                    (_OPENING.fullmatch(text[sentence.start:x.start]) or _HELD.match(text, x.end))]
            if held:
                recent_meeting = held[0]
                date = self._date_of(text[sentence.start:sentence.end], context_year, article_date)
                if date and entities.get(held[0].key) is not None and not entities[held[0].key].date:
                    entities[held[0].key].date = date
            context_year = self._last_year(text, sentence, context_year)
            stated_meetings: list[tuple[int, object]] = []  # meetings this sentence states facts about
            for prop, name, rx, confidence, context in self.rules:
                for m in rx.finditer(abstract):
                    groups = m.groupdict()
                    if context == "actor":
                        # a clause without a subject of its own: the sentence's opening body acts
                        # (二道区……，以打造“东城梧桐”人才品牌为牵引), else the section's actor
                        if _ACTOR_BEFORE.search(abstract[:m.start("o")]):
                            if opener is None or opener.start > inside[int(_TOKEN.search(m.group("o")).group(2))].start:
                                continue
                            subjects = [opener]
                        elif section_actor is None:
                            continue
                        else:
                            subjects = [section_actor]
                    else:
                        subjects = [inside[int(k)] for g, v in groups.items() if g.startswith("s") and v
                                    for _, k in _TOKEN.findall(v)]
                    if context == "meeting":
                        # 会上, 闭幕会: the meeting the text last named
                        if recent_meeting is None:
                            continue
                        objects = [recent_meeting]
                    else:
                        objects = [inside[int(k)] for _, k in _TOKEN.findall(groups.get("o") or "")]
                    if context != "meeting":
                        stated_meetings += [(m.start(), x) for x in subjects + objects if x.type == "Meeting"]
                    titles = [inside[int(k)].title for _, k in _TOKEN.findall(groups.get("title") or "")]
                    title = "、".join(t for t in titles if t) or None
                    for s in subjects:
                        for o in objects:
                            s_key = self._acting(s, RELATION_SIGNATURES[prop][0], entities, governments)
                            o_key = self._acting(o, RELATION_SIGNATURES[prop][1], entities, governments)
                            if s_key and o_key:
                                add(s_key, prop, o_key, sentence, f"rule:{name}", confidence, title)
            if stated_meetings and not held:
                recent_meeting = min(stated_meetings, key=lambda pm: pm[0])[1]
            # a post that names its body by itself: 某某总书记
            for a, b in zip(inside, inside[1:]):
                if a.type == "Person" and b.type == "Title" and a.end == b.start:
                    org = self._implied_body(b.title, home, entities, governments)
                    if org:
                        add(a.key, "holdsPosition", org, sentence, "rule:title-implies-body", 0.9, b.title)
            for person, org, title in self._post_chains(inside, text, home, entities, governments):
                add(person, "holdsPosition", org, sentence, "rule:post-chain", 0.85, title)
        for fact in doc.user_data.get("kg_nested", []):
            sentence = self._sentence_at(doc, fact.start)
            if sentence is not None and fact.subject in entities and fact.object in entities:
                add(fact.subject, fact.property, fact.object, sentence, "rule:name-nesting", 0.9)
        for s, prop, o, at, rule in self._letter_facts(doc, resolved, text):
            sentence = self._sentence_at(doc, at)
            if sentence is not None:
                add(s, prop, o, sentence, rule, 0.75)
        doc._.relations = found
        return doc

    @staticmethod
    def _last_year(text: str, sentence, year: int | None) -> int | None:
        years = re.findall(r"((?:19|20)\d\d)年", text[sentence.start:sentence.end])
        return int(years[-1]) if years else year

    @staticmethod
    def _date_of(sentence: str, context_year: int | None, article_date: str | None) -> str | None:
        """The date a sentence gives its meeting (1月23日，…会议开幕; …会议于2024年7月24日召开).
        When only month and day are written, the year is the one the text last wrote out,
        or else the article's own."""
        m = _DATE.search(sentence)
        if not m:
            return None
        year = m.group("year") or m.group("year2")
        month, day = int(m.group("month") or m.group("month2")), int(m.group("day") or m.group("day2"))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None  # the year is checked with the whole date below
        if year is None:
            if context_year is None and not article_date:
                return None
            year = context_year or int(article_date[:4])
            if article_date and year == int(article_date[:4]) and month > int(article_date[5:7]) + 1:
                year -= 1  # December news read in a January paper
        try:
            return datetime.date(int(year), month, day).isoformat()
        except ValueError:
            return None

    @staticmethod
    def _sentence_at(doc: Doc, offset: int):
        return next((s for s in doc._.sentences if s.start <= offset < s.end), None)

    def _letter_facts(self, doc: Doc, resolved, text: str):
        """A letter titled as a document (对…提案的答复) is issued by the body that signs it
        (its name alone on a line near the end) and by the office that prints it (…办公室
        2024年7月15日印发); a reply answers the 《proposal》 it names first."""
        titled = next((r for r in resolved if r.type == "Document" and r.extractor == "grammar:article-document"), None)
        if titled is None:
            return []
        facts = []
        tail_start = max(0, len(text) - 400)
        signer = self._signer(resolved, text, tail_start)
        if signer is not None:
            facts.append((signer.key, "issues", titled.key, signer.start, "rule:letter-signature"))
            if "答复" in text[titled.start:titled.end]:
                answered = next((r for r in resolved if r.type == "Document" and r.start > titled.end
                                 and text[r.start] == "《"), None)
                if answered is not None:
                    facts.append((signer.key, "repliesTo", answered.key, answered.start, "rule:letter-reply"))
        for r in resolved:
            if r.type == "Organization" and r.start >= tail_start and _PRINTED.match(text, r.end):
                facts.append((r.key, "issues", titled.key, r.start, "rule:letter-printed-by"))
        return facts

    @staticmethod
    def _signer(resolved, text: str, tail_start: int):
        for r in reversed(resolved):
            if r.start < tail_start:
                break
            line_start = text.rfind("\n", 0, r.start) + 1
            line_end = text.find("\n", r.end)
            line_end = len(text) if line_end < 0 else line_end
            if r.type == "Organization" and not text[line_start:r.start].strip() and \
                    not text[r.end:line_end].strip():
                return r
        return None

    def _implied_body(self, title: str | None, home: dict, entities: dict[str, Entity],
                      governments: dict[str, list[str]]) -> str | None:
        """The body a title names by itself: 总书记 the Central Committee, 市长 the city."""
        template = self.title_orgs.get(title or "")
        if not template:
            return None
        if "{" in template:
            level = template.strip("{}")
            division = home.get(level)
            if division is None:
                return None
            label = self.lexicon.full_place_name(division)
            aliases = {label + "人民政府"}
        else:
            label, aliases = template, set()
        key = entity_key("Organization", label)
        if key not in entities:
            entities[key] = Entity("Organization", label)
        entities[key].aliases.update(aliases)
        return key

    def _post_chains(self, inside, text: str, home: dict, entities: dict[str, Entity],
                     governments: dict[str, list[str]]):
        """Posts written before names, one fact per post and per name:
        市委副书记、市长孔维钧 · 省政协常委、四川农业大学教授孟知秋 ·
        省政协副主席严立峰、章若琳，秘书长滕启明 · 副主席钟广和和委员王建军、张晓晓."""
        facts = []
        last_org = None  # the body of the sentence's last post: later bare titles belong to it
        items: list[list] = []  # [org mention or None, [titles]]
        persons_of = None  # the chain the names being listed take
        prev_end = None
        for r in inside:
            gap = text[prev_end:r.start] if prev_end is not None else None
            prev_end = r.end
            is_body = r.type == "Organization" or (r.type == "Place" and r.government)
            if r.type == "Person":
                if items and items[-1][1] and gap == "":
                    persons_of = items
                    items = []
                elif persons_of is None or gap not in ("、", "和", "及"):
                    persons_of, items = None, []
                    continue
                owner = None
                for org, titles in persons_of:
                    owner = org or (last_org if owner is None else owner)
                    body = self._acting(owner, {"Organization"}, entities, governments) if owner else None
                    title = "".join(titles)
                    implied = self._implied_body(title, home, entities, governments)
                    if implied and org is None:
                        body = implied
                    if body:
                        facts.append((r.key, body, title))
                        if org is not None:
                            last_org = org
                continue
            persons_of = None if gap not in ("", "、", "和", "，") else persons_of
            if is_body:
                if gap not in ("、", "") or not items or items[-1][1] == []:
                    items = [] if gap not in ("、",) else items
                items.append([r, []])
            elif r.type == "Title":
                if items and gap in ("", "的") and (items[-1][1] == [] or gap == ""):
                    items[-1][1].append(r.title)
                elif items and gap == "、":
                    items.append([None, [r.title]])
                else:
                    items = [[None, [r.title]]]
            else:
                items = []
        return facts

    @staticmethod
    def _opening_subject(inside, start: int, text: str):
        """The body a sentence opens with (after a date or time phrase): its subject."""
        for r in inside:
            if r.start - start > 40 or r.type == "Person":
                return None
            if r.type == "Title":
                continue
            official = r.extractor.split("+")[0] in OFFICIAL_EXTRACTORS or (r.type == "Place" and r.government)
            if not official:
                continue  # a programme or place in a leading clause (为推动“吉人回乡”工作落地落实，…)
            clause = text.rfind("，", start, r.start)
            lead = text[start:r.start] if clause < 0 else text[clause + 1:r.start]
            if _OPENING.fullmatch(lead) or (clause < 0 and lead.endswith("，")):
                return r
            return None
        return None

    def _article_actor(self, doc: Doc, resolved, text: str):
        """The body that most sentences of the article open with: it acts where a sentence
        names no actor."""
        counts: dict[str, int] = {}
        first: dict[str, object] = {}
        for sentence, inside in mentions_by_sentence(doc._.sentences, resolved):
            opener = self._opening_subject(inside, sentence.start, text)
            if opener is not None and sentence.kind != "repeat":
                key = opener.government or opener.key if opener.type == "Place" else opener.key
                counts[key] = counts.get(key, 0) + 1
                first.setdefault(key, opener)
        if not counts:
            return None
        best, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        return first[best] if n >= 2 else None

    @staticmethod
    def _acting(r, allowed: set[str], entities: dict[str, Entity], governments: dict[str, list[str]]) -> str | None:
        """The entity a mention stands for in a slot: a division in an Organization slot is
        its government."""
        if r.type in allowed:
            return r.key
        if r.type == "Place" and r.government and "Organization" in allowed:
            if r.government not in entities:
                label = r.government.split(":", 1)[1]
                entities[r.government] = Entity("Organization", label)
            label = entities[r.government].label
            entities[r.government].aliases.update(a for a in [*governments.get(r.government, []), label + "人民政府"]
                                                  if a != label)
            return r.government
        return None


@Language.factory("kg_relations", default_config={"data_dirs": []})
def make_relation_extractor(nlp: Language, name: str, data_dirs: list[str]) -> RelationExtractor:
    return RelationExtractor(lexicon_for(data_dirs))
