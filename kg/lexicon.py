"""The dictionaries and word lists of kg/data, loaded once and shared by every stage.

Users extend kg by adding a folder laid out like kg/data (any subset of its files):
lists are merged, never replaced, so a user's file only adds words.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from .errors import DataError, Errors

DATA_DIR = Path(__file__).parent / "data"
PLACE_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县",
                  "地区", "新区", "省", "市", "区", "县", "盟", "旗")


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


def short_name(name: str) -> str:
    """吉林省 → 吉林, 长春市 → 长春, 延边朝鲜族自治州 → 延边; names of two characters stay."""
    for suffix in PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            core = name[: -len(suffix)]
            for ethnic in ("朝鲜族", "蒙古族", "藏族", "回族", "土家族", "苗族", "彝族", "壮族", "哈尼族", "傣族",
                           "布依族", "侗族", "白族", "羌族", "黎族", "满族", "畲族", "瑶族", "仡佬族"):
                if core.endswith(ethnic) and len(core) > len(ethnic) + 1:
                    core = core[: -len(ethnic)]
                    break
            return core
    return name


@dataclass
class Lexicon:
    data_dirs: list[Path] = field(default_factory=lambda: [DATA_DIR])

    # --- file readers -------------------------------------------------------------
    def _files(self, relative: str) -> list[Path]:
        return [d / relative for d in self.data_dirs if (d / relative).exists()]

    def _words(self, relative: str) -> list[str]:
        words: list[str] = []
        for path in self._files(relative):
            for line in self._read(path).splitlines():
                line = line.split("#", 1)[0].strip()
                words.extend(line.split())
        return list(dict.fromkeys(words))

    def _read(self, path: Path) -> str:
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DataError(Errors.E035.format(path=path, detail=getattr(exc, "strerror", None) or exc)) from None

    def _yaml(self, relative: str):
        merged = None
        for path in self._files(relative):
            try:
                data = yaml.safe_load(self._read(path))
            except yaml.YAMLError as exc:
                detail = " ".join(str(exc).split())
                raise DataError(Errors.E030.format(path=path, detail=detail)) from None
            if merged is not None and data is not None and type(data) is not type(merged):
                raise DataError(Errors.E034.format(path=path, detail=f"expected a {type(merged).__name__} like "
                                                                     f"the built-in {relative}"))
            if merged is None:
                merged = data
            elif isinstance(merged, list):
                merged.extend(data or [])
            elif isinstance(merged, dict):
                for key, value in (data or {}).items():
                    if isinstance(merged.get(key), list):
                        merged[key].extend(value)
                    elif isinstance(merged.get(key), dict):
                        merged[key].update(value)
                    else:
                        merged[key] = value
        return merged

    # --- places -------------------------------------------------------------------
    @cached_property
    def divisions(self) -> dict[str, Division]:
        out: dict[str, Division] = {}
        for path in self._files("lexicon/divisions.tsv"):
            for number, line in enumerate(self._read(path).splitlines(), 1):
                if line.startswith("#") or not line.strip():
                    continue
                code, _, name = line.partition("\t")
                if not (code.isdigit() and len(code) == 6 and name.strip()):
                    raise DataError(Errors.E034.format(path=path, detail=f"line {number}: expected a six-digit "
                                                                         "code, a tab and a name"))
                out[code] = Division(code, name.split("\t")[0].strip())
        return out

    @cached_property
    def divisions_by_name(self) -> dict[str, list[Division]]:
        """Full and short names → divisions (a name can be several: 朝阳区)."""
        index: dict[str, list[Division]] = {}
        for d in self.divisions.values():
            for name in {d.name, short_name(d.name)}:
                index.setdefault(name, []).append(d)
        # a province's short name means the province (吉林 → 吉林省, not 吉林市)
        for names in index.values():
            names.sort(key=lambda d: ({"province": 0, "prefecture": 1, "county": 2}[d.level], d.code))
        return index

    def full_place_name(self, d: Division) -> str:
        """The name that places a division unambiguously: 长春市二道区 (district names repeat
        from city to city), 蛟河市, 吉林省, 吉林市."""
        if d.level == "county" and d.name.endswith("区"):
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
        return self._yaml("lexicon/national_bodies.yml") or []

    @cached_property
    def grammar(self) -> dict:
        return self._yaml("lexicon/grammar.yml") or {}

    @cached_property
    def ner_labels(self) -> dict:
        return self._yaml("lexicon/ner_labels.yml") or {}

    @cached_property
    def ner_dictionary(self) -> dict[str, str]:
        entries: dict[str, str] = {}
        for path in self._files("lexicon/ner_dictionary.tsv"):
            for line in self._read(path).splitlines():
                if line.strip() and not line.startswith("#"):
                    name, _, type_ = line.partition("\t")
                    entries[name.strip()] = type_.strip()
        return entries

    @cached_property
    def relation_patterns(self) -> dict:
        return self._yaml("patterns/relations.yml") or {}


_LOADED: dict[tuple[str, ...], Lexicon] = {}


def lexicon_for(extra_dirs: list[str] | tuple[str, ...] = ()) -> Lexicon:
    """The built-in data plus the user's folders, loaded once per process."""
    key = tuple(str(Path(d).resolve()) for d in extra_dirs)
    if key not in _LOADED:
        _LOADED[key] = Lexicon([DATA_DIR, *(Path(d) for d in key)])
    return _LOADED[key]
