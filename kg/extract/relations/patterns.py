"""The rules of patterns/relations.yml, read and checked.

A rule has a `name` (its facts' extractor is ``rule:NAME``), a `confidence` and either a
`pattern` (a regular expression over the sentence with each mention replaced by a
placeholder of its type, 〔Person 3〕; see relations.yml's head for the macros) or a
`reader`: one of the readers of kg/extract/relations (post chains, names nesting, letters),
which need more than one sentence or more than a pattern can say. A rule that does not
load (an unknown property, reader or macro, a pattern that does not compile, a confidence
outside 0–1) is a DataError naming the rule.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.errors import DataError, Errors
from kg.lexicon import SOURCE_KEY, Lexicon, alternation
from kg.schema import PROPERTIES, TITLE, TYPES

SOURCE = "patterns/relations.yml"
# the placeholder types of an abstracted sentence; a division that can act is its own
PLACEHOLDERS = (*TYPES, TITLE)
ACTING_PLACE = "Division"
RULE_KEYS = {"name", "confidence", "pattern", "reader", "subject", "object"}
# the subject or object a rule may take from the context instead of its sentence
CONTEXTS = {"subject": ("actor", "recent meeting"),
            "object": ("recent meeting", "last post body", "presidium of recent meeting")}
_MACRO_LIKE = re.compile(r"\{[A-Za-z_][\w+.:-]*\}")


@dataclass(frozen=True)
class Rule:
    property: str
    name: str
    confidence: float
    pattern: re.Pattern | None = None
    reader: str | None = None
    context: str | None = None  # "actor": the subject is the sentence's or section's actor;
    # "meeting": the object is the meeting the text named last; "post body": the body of the
    # post the text gave last (选举甲为省人大常委会主任；乙、丙为副主任); "presidium": the
    # presidium of the meeting the text named last (大会执行主席甲、乙)

    @property
    def extractor(self) -> str:
        return f"rule:{self.name}"


class PatternCompiler:
    """Expands relations.yml's macros into regular expressions over placeholders."""

    def __init__(self, lexicon: Lexicon):
        g = lexicon.grammar_of("relations")
        self.lexicon = lexicon
        self.macros = {k: str(v) for k, v in g.macros.items()}
        joiner = g.list_joiner
        not_after = re.escape(g.place_not_after)
        self.one = {t: f"(?:〔{t} \\d+〕)" for t in PLACEHOLDERS}
        self.one["Organization"] = f"(?:〔Organization \\d+〕|(?<![{not_after}])〔{ACTING_PLACE} \\d+〕)"
        self.one["Place"] = f"(?:〔(?:Place|{ACTING_PLACE}) \\d+〕)"
        self.joiner = joiner
        self.known = [*(f"{{{t}}}" for t in PLACEHOLDERS), *(f"{{{t}+}}" for t in PLACEHOLDERS),
                      *(f"{{{m}}}" for m in self.macros),
                      *(f"{{verbs.{v}}}" for v in (lexicon.grammar.get("verbs") or {}))]

    def __call__(self, pattern: str, rule: str = "?", source: str = SOURCE) -> re.Pattern:
        unknown = [m for m in _MACRO_LIKE.findall(pattern) if m not in self.known]
        if unknown:
            raise DataError(Errors.E032.format(path=source, rule=rule, macro=", ".join(unknown),
                                               known=" ".join(self.known)))
        out = pattern
        for name, text in self.macros.items():
            out = out.replace("{%s}" % name, text)
        for t, rx in self.one.items():
            out = out.replace("{%s+}" % t, f"{rx}(?:{self.joiner}{rx})*")
            out = out.replace("{%s}" % t, rx)
        out = re.sub(r"\{verbs\.(\w+)\}", lambda m: f"(?:{alternation(self.lexicon.verbs(m.group(1), source, rule))})",
                     out)
        try:
            return re.compile(out)
        except re.error as exc:
            raise DataError(Errors.E031.format(path=source, rule=rule, detail=exc)) from None


def load_rules(lexicon: Lexicon, readers: set[str]) -> list[Rule]:
    """Every rule of relations.yml, in the file's order, checked."""
    compile_pattern = PatternCompiler(lexicon)
    rules = []
    for prop, entries in (lexicon.relation_patterns or {}).items():
        if prop not in PROPERTIES:
            raise DataError(Errors.E033.format(path=SOURCE, prop=prop, known=", ".join(PROPERTIES)))
        for entry in entries or []:
            if not isinstance(entry, dict) or "name" not in entry or "confidence" not in entry or \
                    ("pattern" in entry) == ("reader" in entry):
                raise DataError(Errors.E034.format(path=SOURCE, detail=f"{prop}: a rule needs a name, a confidence "
                                                                       f"and a pattern or a reader: {entry!r}"))
            name = str(entry["name"])
            source = entry.get(SOURCE_KEY, SOURCE)
            unknown = sorted(set(entry) - RULE_KEYS - {SOURCE_KEY})
            if unknown:
                raise DataError(Errors.E034.format(path=source, detail=f"rule {name!r}: unknown key "
                                                                      f"{', '.join(map(repr, unknown))}; the keys are "
                                                                      f"{', '.join(sorted(RULE_KEYS))}"))
            for side in ("subject", "object"):
                if side in entry and entry[side] not in CONTEXTS[side]:
                    raise DataError(Errors.E034.format(path=source, detail=f"rule {name!r}: {side}: "
                                                                          f"{entry[side]!r} is not one of "
                                                                          f"{', '.join(CONTEXTS[side])}"))
            confidence = entry["confidence"]
            if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
                raise DataError(Errors.E034.format(path=source, detail=f"rule {name!r}: confidence must be a "
                                                                       "number from 0 to 1"))
            if "reader" in entry and entry["reader"] not in readers:
                raise DataError(Errors.E034.format(path=source, detail=f"rule {name!r}: unknown reader "
                                                                       f"{entry['reader']!r}; the readers are "
                                                                       f"{', '.join(sorted(readers))}"))
            context = "actor" if entry.get("subject") == "actor" else \
                "meeting subject" if entry.get("subject") == "recent meeting" else \
                "meeting" if entry.get("object") == "recent meeting" else \
                "post body" if entry.get("object") == "last post body" else \
                "presidium" if entry.get("object") == "presidium of recent meeting" else None
            pattern = compile_pattern(str(entry["pattern"]), name, source) if "pattern" in entry else None
            rules.append(Rule(prop, name, float(confidence), pattern, entry.get("reader"), context))
    return rules


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
