"""The dictionaries, word lists, patterns and rules of kg/data, loaded once and shared by
every stage; a user's folders (``--data``) change them without touching code.

A user's folder is laid out like kg/data and holds any subset of its files:

- in a word list (``.txt``, ``.tsv``) each line adds an entry, and a line ``-word``
  (``-220105`` in divisions.tsv) takes the built-in one out;
- in a YAML file, lists are added to the built-in ones and other values are set; a
  top-level ``remove:`` holds what to take out (the same keys, with the words to drop) and
  ``replace:`` what to put in place of the built-in value whole;
- in patterns/relations.yml a rule with the name of a built-in one replaces it.

Every file is checked when it loads: a YAML file that does not parse, a key kg does not
know, a value of the wrong kind, a pattern that does not compile or a macro that does not
exist is a `DataError` naming the file and the key or rule.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import SimpleNamespace

import yaml

from kg.errors import DataError, Errors
from kg.text import CJK

DATA_DIR = Path(__file__).parent / "data"
LEVELS = ("province", "prefecture", "county")
# files whose keys are kg's own, to this many levels (a user's unknown key is a typo);
# the other files are open dictionaries (a user's new key is a new entry)
_KNOWN_KEYS = {"lexicon/grammar.yml": 2, "lexicon/organizations.yml": 1, "lexicon/place_names.yml": 1,
               "lexicon/ner_labels.yml": 1}
_SECTIONED = {"verbs", "metadata", "places", "organizations", "meetings", "programmes", "documents", "people",
              "coreference", "ner", "relations", "sentences"}


@dataclass(frozen=True)
class Division:
    """An administrative division: 220105 二道区 (county level, in 长春市, in 吉林省)."""

    code: str
    name: str

    @property
    def level(self) -> str:
        if self.code.endswith("0000"):
            return "province"
        if self.code.endswith("00"):
            return "prefecture"
        return "county"

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"

    @property
    def prefecture_code(self) -> str | None:
        return None if self.level == "province" else self.code[:4] + "00"


def alternation(words) -> str:
    """A regular expression matching any of `words`, the longest first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_MACRO = re.compile(r"\{([A-Za-z_][\w.]*)\}")


class Chars(frozenset):
    """A text of the lexicon read as the set of its characters (非名字的字)."""


class WordSet(frozenset):
    """A word list of the lexicon read as a set."""


class Confidences(dict):
    """A mapping of rule to confidence, each a number from 0 to 1."""


Words = tuple[str, ...]  # a word list, in its order (for str.startswith and the like)
# the kinds of grammar.schema.yml
KINDS = {"pattern": re.Pattern, "words": Words, "wordset": WordSet, "chars": Chars, "text": str, "integer": int,
         "number": float, "range": tuple[int, int], "confidences": Confidences, "mapping": dict}


class Section:
    """One section of grammar.yml: its words, numbers and patterns, each read as the kind
    grammar.schema.yml gives its key (`read`); a value of the wrong kind names its key."""

    def __init__(self, lexicon: "Lexicon", name: str, data: dict, source: str):
        self.lexicon, self.name, self.data, self.source = lexicon, name, data, source

    def _problem(self, key: str, expected: str) -> DataError:
        return DataError(Errors.E034.format(path=self.source, detail=f"{self.name}.{key}: expected {expected}"))

    def _expand_words(self, words: list[str]) -> list[str]:
        out = []
        for w in words:
            m = _MACRO.fullmatch(w)
            out.extend(self.lexicon.verbs(m.group(1)[6:]) if m and m.group(1).startswith("verbs.") else [w])
        return list(dict.fromkeys(out))

    def expand(self, pattern: str, key: str = "?") -> str:
        """`pattern` with its macros expanded (see grammar.yml's head)."""
        def macro(m: re.Match) -> str:
            name = m.group(1)
            if name == "CJK":
                return CJK
            if name.startswith("verbs."):
                return alternation(self.lexicon.verbs(name[6:], self.source, key))
            if name not in self.data:
                raise DataError(Errors.E032.format(path=self.source, rule=f"{self.name}.{key}", macro="{" + name + "}",
                                                   known="the words and texts of the section, {verbs.NAME}, {CJK}"))
            value = self.data[name]
            if isinstance(value, list):
                return alternation(self._expand_words(value))
            return re.escape(str(value)) if isinstance(value, str) else str(value)
        return _MACRO.sub(macro, pattern)

    def value(self, key: str, kind):
        """The value of `key` read as `kind` (a type of a stage's grammar dataclass)."""
        if key not in self.data:
            raise DataError(Errors.E034.format(path=self.source, detail=f"{self.name}: the key {key!r} is missing"))
        value = self.data[key]
        for expected, check, description, convert in _KINDS:
            if kind == expected:
                if not check(value):
                    raise self._problem(key, description)
                return convert(self, key, value)
        raise TypeError(f"no reader for {kind!r}")  # a stage declared a type kg cannot read

    def read(self, kinds: dict[str, str]) -> SimpleNamespace:
        """Every key of the section, read as its kind (grammar.schema.yml's names)."""
        unknown = set(self.data) - set(kinds)
        if unknown:
            raise DataError(Errors.E034.format(path=self.source, detail=f"{self.name}: unknown key "
                                                                        f"{', '.join(sorted(unknown))}"))
        return SimpleNamespace(**{key: self.value(key, KINDS[kind]) for key, kind in kinds.items()})


def _words(section: Section, key: str, value) -> list[str]:
    return section._expand_words([value] if isinstance(value, str) else value)


def _pattern(section: Section, key: str, value) -> re.Pattern:
    try:
        return re.compile(section.expand(value, key))
    except re.error as exc:
        raise DataError(Errors.E031.format(path=section.source, rule=f"{section.name}.{key}", detail=exc)) from None


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_words(value) -> bool:
    return isinstance(value, str) or (isinstance(value, list) and all(isinstance(w, str) for w in value))


# what a grammar dataclass's field type reads: (type, check, what is expected, conversion)
_KINDS = (
    (re.Pattern, lambda v: isinstance(v, str), "a regular expression", _pattern),
    (Words, _is_words, "a list of words", lambda s, k, v: tuple(_words(s, k, v))),
    (WordSet, _is_words, "a list of words", lambda s, k, v: WordSet(_words(s, k, v))),
    (Chars, lambda v: isinstance(v, str), "a text of characters", lambda s, k, v: Chars(v)),
    (str, lambda v: isinstance(v, str), "a text", lambda s, k, v: v),
    (int, lambda v: isinstance(v, int) and not isinstance(v, bool), "a whole number", lambda s, k, v: v),
    (float, _is_number, "a number", lambda s, k, v: float(v)),
    (tuple[int, int], lambda v: isinstance(v, list) and len(v) == 2 and all(isinstance(x, int) for x in v),
     "two whole numbers, [low, high]", lambda s, k, v: (v[0], v[1])),
    (Confidences, lambda v: isinstance(v, dict) and all(_is_number(x) and 0 <= x <= 1 for x in v.values()),
     "rules with a confidence from 0 to 1 each", lambda s, k, v: Confidences(v)),
    (dict, lambda v: isinstance(v, dict), "a mapping", lambda s, k, v: dict(v)),
)


SOURCE_KEY = "_source"  # the file a merged relation rule was read from


@dataclass
class Lexicon:
    data_dirs: list[Path] = field(default_factory=lambda: [DATA_DIR])
    _grammars: dict = field(default_factory=dict, repr=False)

    # --- reading and merging files --------------------------------------------------
    def _files(self, relative: str) -> list[Path]:
        return [d / relative for d in self.data_dirs if (d / relative).exists()]

    def _read(self, path: Path) -> str:
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DataError(Errors.E035.format(path=path, detail=getattr(exc, "strerror", None) or exc)) from None

    def _lines(self, relative: str) -> list[tuple[Path, int, str]]:
        """The lines of a table (.tsv) over all folders; a user's ``-key`` line takes the
        built-in entry of that first field out."""
        entries: dict[str, tuple[Path, int, str]] = {}
        for path in self._files(relative):
            for number, line in enumerate(self._read(path).splitlines(), 1):
                if not line.strip() or line.startswith("#"):
                    continue
                if line.startswith("-"):
                    entries.pop(line[1:].split("\t")[0].strip(), None)
                    continue
                entries[line.split("\t")[0].strip()] = (path, number, line)
        return list(entries.values())

    def _words(self, relative: str) -> list[str]:
        """The words of a word list (.txt, several to a line) over all folders; a user's
        ``-word`` takes the built-in word out."""
        words: dict[str, None] = {}
        for path in self._files(relative):
            for line in self._read(path).splitlines():
                for word in line.split("#", 1)[0].split():
                    if word.startswith("-") and len(word) > 1:
                        words.pop(word[1:], None)
                    else:
                        words[word] = None
        return list(words)

    def _yaml_file(self, path: Path):
        try:
            return yaml.safe_load(self._read(path))
        except yaml.YAMLError as exc:
            raise DataError(Errors.E030.format(path=path, detail=" ".join(str(exc).split()))) from None

    def _yaml(self, relative: str):
        """A YAML file merged over the folders: lists added, values set, ``remove:`` and
        ``replace:`` applied; in a file of fixed keys (grammar.yml, organizations.yml) a
        user's keys must be keys the built-in file has."""
        depth = _KNOWN_KEYS.get(relative, 0)
        merged = None
        for i, path in enumerate(self._files(relative)):
            data = self._yaml_file(path)
            if merged is None:
                merged = data
                continue
            if data is None:
                continue
            if type(data) is not type(merged):
                raise DataError(Errors.E034.format(path=path, detail=f"expected a {type(merged).__name__} like "
                                                                     f"the built-in {relative}"))
            if isinstance(merged, list):
                merged.extend(data)
                continue
            data = dict(data)
            remove, replace = data.pop("remove", None) or {}, data.pop("replace", None) or {}
            _merge(merged, data, path, depth)
            _remove(merged, remove, path)
            _replace(merged, replace, path)
        return merged

    # --- shared sets ------------------------------------------------------------------
    def verbs(self, name: str, source: str = "grammar.yml", rule: str = "?", _seen: tuple = ()) -> list[str]:
        """A verb set of grammar.yml; an item ``{verbs.other}`` brings in another set."""
        sets = self.grammar.get("verbs") or {}
        if name not in sets or name in _seen:
            raise DataError(Errors.E032.format(path=source, rule=rule, macro="{verbs." + name + "}",
                                               known=" ".join(f"{{verbs.{k}}}" for k in sets)))
        out: list[str] = []
        for item in sets[name]:
            inner = _MACRO.fullmatch(str(item))
            if inner and inner.group(1).startswith("verbs."):
                out += self.verbs(inner.group(1)[6:], source, rule, (*_seen, name))
            else:
                out.append(str(item))
        return list(dict.fromkeys(out))

    def section(self, name: str) -> Section:
        """A section of grammar.yml, for a stage or mention finder."""
        data = self.grammar.get(name)
        if not isinstance(data, dict):
            raise DataError(Errors.E034.format(path="lexicon/grammar.yml", detail=f"the section {name!r} is missing"))
        return Section(self, name, data, "lexicon/grammar.yml")

    @cached_property
    def grammar_schema(self) -> dict:
        return self._yaml_file(DATA_DIR / "lexicon" / "grammar.schema.yml")

    def grammar_of(self, name: str) -> SimpleNamespace:
        """A section of grammar.yml read: each key an attribute of the kind the schema gives it
        (``grammar_of("meetings").session`` is a compiled pattern)."""
        if name not in self._grammars:
            self._grammars[name] = self.section(name).read(self.grammar_schema[name])
        return self._grammars[name]

    # --- places -------------------------------------------------------------------
    @cached_property
    def divisions(self) -> dict[str, Division]:
        out: dict[str, Division] = {}
        for path, number, line in self._lines("lexicon/divisions.tsv"):
            code, _, name = line.partition("\t")
            if not (code.isdigit() and len(code) == 6 and name.strip()):
                raise DataError(Errors.E034.format(path=path, detail=f"line {number}: expected a six-digit "
                                                                     "code, a tab and a name"))
            out[code] = Division(code, name.split("\t")[0].strip())
        return out

    @cached_property
    def place_names(self) -> dict:
        return self._yaml("lexicon/place_names.yml") or {}

    def short_name(self, name: str) -> str:
        """吉林省 → 吉林, 长春市 → 长春, 延边朝鲜族自治州 → 延边; names of two characters stay."""
        for suffix in self.place_names.get("suffixes", []):
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                core = name[: -len(suffix)]
                for ethnic in self.place_names.get("ethnic_groups", []):
                    if core.endswith(ethnic) and len(core) > len(ethnic) + 1:
                        core = core[: -len(ethnic)]
                        break
                return core
        return name

    @cached_property
    def divisions_by_name(self) -> dict[str, list[Division]]:
        """Full and short names → divisions (a name can be several: 朝阳区)."""
        index: dict[str, list[Division]] = {}
        for d in self.divisions.values():
            for name in {d.name, self.short_name(d.name)}:
                index.setdefault(name, []).append(d)
        # a province's short name means the province (吉林 → 吉林省, not 吉林市)
        for names in index.values():
            names.sort(key=lambda d: (LEVELS.index(d.level), d.code))
        return index

    def full_place_name(self, d: Division) -> str:
        """The name that places a division unambiguously: 长春市二道区 (district names repeat
        from city to city), 蛟河市, 吉林省, 吉林市."""
        if d.level == "county" and d.name.endswith(tuple(self.place_names.get("named_with_city", []))):
            parent = self.divisions.get(d.prefecture_code or "")
            if parent is not None:
                return parent.name + d.name
        return d.name

    @cached_property
    def regions(self) -> list[str]:
        return self._words("lexicon/regions.txt")

    # --- people -------------------------------------------------------------------
    @cached_property
    def surnames(self) -> set[str]:
        return set(self._words("lexicon/surnames.txt"))

    @cached_property
    def titles(self) -> list[str]:
        return sorted(self._words("lexicon/titles.txt"), key=len, reverse=True)

    @cached_property
    def title_default_organizations(self) -> dict[str, str]:
        """Titles that name their body by themselves: 总书记 → the Central Committee."""
        return dict((self._yaml("lexicon/title_organizations.yml") or {}).items())

    # --- organizations ------------------------------------------------------------
    @cached_property
    def organizations(self) -> dict:
        return self._yaml("lexicon/organizations.yml") or {}

    @cached_property
    def national_bodies(self) -> list[dict]:
        bodies = self._yaml("lexicon/national_bodies.yml") or []
        for body in bodies:
            if not isinstance(body, dict) or not isinstance(body.get("name"), str) or body.get("type") not in (
                    "Organization", "Place", "Meeting", "Program", "Document", "Person"):
                raise DataError(Errors.E034.format(path="lexicon/national_bodies.yml",
                                                   detail=f"each entry needs a name and a type: {body!r}"))
        return bodies

    @cached_property
    def grammar(self) -> dict:
        return self._yaml("lexicon/grammar.yml") or {}

    @cached_property
    def ner_labels(self) -> dict:
        return self._yaml("lexicon/ner_labels.yml") or {}

    @cached_property
    def ner_dictionary(self) -> dict[str, str]:
        entries: dict[str, str] = {}
        for _, _, line in self._lines("lexicon/ner_dictionary.tsv"):
            name, _, type_ = line.partition("\t")
            entries[name.strip()] = type_.strip()
        return entries

    @cached_property
    def relation_patterns(self) -> dict:
        """patterns/relations.yml merged: a user's rule of a built-in rule's name replaces it."""
        merged: dict[str, list[dict]] = {}
        for path in self._files("patterns/relations.yml"):
            data = self._yaml_file(path) or {}
            if not isinstance(data, dict):
                raise DataError(Errors.E034.format(path=path, detail="expected properties, each with a list of rules"))
            data = dict(data)
            remove = data.pop("remove", None) or {}
            for prop, rules in data.items():
                if not isinstance(rules, list):
                    raise DataError(Errors.E034.format(path=path, detail=f"{prop}: expected a list of rules"))
                known = merged.setdefault(prop, [])
                for rule in rules:
                    if isinstance(rule, dict):  # errors name the file a rule came from
                        rule = {**rule, SOURCE_KEY: str(path)}
                    name = rule.get("name") if isinstance(rule, dict) else None
                    at = next((i for i, r in enumerate(known) if r.get("name") == name), None)
                    if at is None:
                        known.append(rule)
                    else:
                        known[at] = rule
            for prop, names in remove.items():
                merged[prop] = [r for r in merged.get(prop, []) if r.get("name") not in set(names or [])]
        return merged


def _merge(merged: dict, data: dict, path: Path, depth: int, where: str = "") -> None:
    """Lists are added to and other values set; mappings are merged key by key down to
    `depth` levels, where only keys the built-in file has are allowed, and below that set."""
    for key, value in data.items():
        if key not in merged:
            if depth > 0:
                raise DataError(Errors.E034.format(path=path, detail=f"unknown key {where}{key!r}; the keys are "
                                                                     f"{', '.join(map(str, merged))}"))
            merged[key] = value
        elif isinstance(merged[key], list):
            if not isinstance(value, list):
                raise DataError(Errors.E034.format(path=path, detail=f"{where}{key}: expected a list, like the "
                                                                     "built-in"))
            merged[key] = merged[key] + [v for v in value if v not in merged[key]]
        elif isinstance(merged[key], dict) and isinstance(value, dict) and depth > 1:
            inner = dict(merged[key])
            _merge(inner, value, path, depth - 1, f"{where}{key}.")
            merged[key] = inner
        elif isinstance(merged[key], dict) and isinstance(value, dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value


def _remove(merged: dict, remove: dict, path: Path) -> None:
    """Take out of lists the words given (a mapping's keys, a text's characters)."""
    for key, value in remove.items():
        if key not in merged:
            raise DataError(Errors.E034.format(path=path, detail=f"remove: unknown key {key!r}"))
        current = merged[key]
        drop = set(value if isinstance(value, list) else [value]) if not isinstance(value, dict) else set()
        if isinstance(current, dict) and isinstance(value, dict):
            inner = dict(current)
            _remove(inner, value, path)
            merged[key] = inner
        elif isinstance(current, list):
            merged[key] = [v for v in current if v not in drop]
        elif isinstance(current, dict):
            merged[key] = {k: v for k, v in current.items() if k not in drop}
        elif isinstance(current, str) and isinstance(value, str):
            merged[key] = "".join(ch for ch in current if ch not in value)
        else:
            raise DataError(Errors.E034.format(path=path, detail=f"remove: {key} cannot be removed from; replace it"))


def _replace(merged: dict, replace: dict, path: Path) -> None:
    for key, value in replace.items():
        if key not in merged:
            raise DataError(Errors.E034.format(path=path, detail=f"replace: unknown key {key!r}"))
        if isinstance(merged[key], dict) and isinstance(value, dict) and key in _SECTIONED:
            inner = dict(merged[key])
            _replace(inner, value, path)
            merged[key] = inner
        else:
            merged[key] = value


_LOADED: dict[tuple[str, ...], Lexicon] = {}


def lexicon_for(extra_dirs: list[str] | tuple[str, ...] = ()) -> Lexicon:
    """The built-in data plus the user's folders, loaded once per process."""
    key = tuple(str(Path(d).resolve()) for d in extra_dirs)
    if key not in _LOADED:
        _LOADED[key] = Lexicon([DATA_DIR, *(Path(d) for d in key)])
    return _LOADED[key]
