"""Stage 5a: named-entity recognition for people, organizations and places.

A backend is anything with a `name` and a `find(doc)` that yields
``(start, end, type, confidence)`` in characters of the doc's text; `BACKENDS` maps a
name (``--ner NAME``) to a function ``(lexicon, model) → backend``, and a user may add
one. The default, `lexical` (kg/extract/ner/lexical.py), reads the part-of-speech tags of
the word stage and keeps what the grammar of names confirms, so it needs no model.
`hanlp` (kg/extract/ner/hanlp.py) runs a HanLP model, pretrained or trained with
``kg train-ner``. Where a backend's span conflicts with a grammar's, the grammar wins
(kg/extract/mentions/choose.py): it knows the structure of the name.
"""
from __future__ import annotations

import importlib
from typing import Callable, Iterable, Protocol

from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import BackendUnavailable, Errors, InputError
from kg.extract.state import attribute
from kg.lexicon import Lexicon, lexicon_for
from kg.model import DivisionName, Mention
from kg.schema import TYPES


class NERBackend(Protocol):
    name: str

    def find(self, doc: Doc) -> Iterable[tuple[int, int, str, float]]: ...


def _lexical(lexicon: Lexicon, model: str | None) -> NERBackend:
    from kg.extract.ner.lexical import LexicalNER
    return LexicalNER(lexicon)


def _hanlp(lexicon: Lexicon, model: str | None) -> NERBackend:
    from kg.extract.ner.hanlp import HanLPNER
    return HanLPNER(lexicon, model)


BACKENDS: dict[str, Callable[[Lexicon, str | None], NERBackend]] = {"lexical": _lexical, "hanlp": _hanlp}


def make_backend(name: str, lexicon: Lexicon, model: str | None = None) -> NERBackend:
    """The backend `name`: one of BACKENDS, or ``package.module:factory``, a function of
    the same shape that each worker imports (a backend registered in BACKENDS at run time
    exists only in the process that registered it, not on a cluster's workers)."""
    if name not in BACKENDS and ":" in name:
        module, _, attr = name.partition(":")
        try:
            factory = getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError) as exc:
            raise BackendUnavailable(Errors.E020.format(name=name, choices=", ".join(BACKENDS)) +
                                     f" ({exc})") from None
        return factory(lexicon, model)
    if name not in BACKENDS:
        raise BackendUnavailable(Errors.E020.format(name=name, choices=", ".join(BACKENDS) +
                                                    ", or package.module:factory"))
    return BACKENDS[name](lexicon, model)


NER_TYPES = ("Person", "Organization", "Place")


def parse_types(types: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...] | None:
    """`--hanlp-types Person,Place` as kg's type names; an unknown one is an InputError."""
    if types is None:
        return None
    items = [t.strip() for t in (types.split(",") if isinstance(types, str) else types) if t and t.strip()]
    by_name = {t.lower(): t for t in NER_TYPES}
    unknown = [t for t in items if t.lower() not in by_name]
    if unknown:
        raise InputError(Errors.E029.format(types=", ".join(unknown), known=", ".join(NER_TYPES)))
    return tuple(by_name[t.lower()] for t in items)


class NERComponent:
    """A backend's spans, of the types it may add, as mentions; a person it finds must
    look like a name (kg/extract/ner/plausible.py); a place is named as kg names
    divisions (上海 → 上海市, the text's own 上海市 kept whole)."""

    def __init__(self, backend: NERBackend, lexicon: Lexicon, types: tuple[str, ...] | None):
        from kg.extract.ner.plausible import PersonCheck
        self.backend = backend
        self.types = set(types) if types is not None else set(TYPES)
        self.divisions = lexicon.divisions_by_name
        self.division_suffixes = lexicon.grammar_of("ner").division_suffixes
        self.person_check = PersonCheck(lexicon)

    def _place(self, text: str, start: int, end: int) -> tuple[int, DivisionName | None]:
        name, following = text[start:end], text[end:end + 1]
        if following and following in self.division_suffixes and name + following in self.divisions:
            end, name = end + 1, name + following
        found = self.divisions.get(name)
        return end, DivisionName(tuple(d.code for d in found)) if found else None

    def __call__(self, doc: Doc) -> Doc:
        out = []
        person_ok = self.person_check.for_doc(doc)
        for s, e, type_, confidence in self.backend.find(doc):
            if type_ not in self.types or type_ == "Person" and not person_ok(s, e):
                continue
            grammar = None
            if type_ == "Place":
                e, grammar = self._place(doc._.text, s, e)
            out.append(Mention(s, e, type_, f"ner:{self.backend.name}", confidence, grammar=grammar))
        doc._.ner_mentions = out
        return doc


@Language.factory("kg_ner", default_config={"backend": "lexical", "model": None, "types": None, "data_dirs": []},
                  assigns=[attribute("ner_mentions")], requires=[attribute("sentences"), attribute("words")])
def make_ner(nlp: Language, name: str, backend: str, model: str | None, types: list[str] | None,
             data_dirs: list[str]) -> NERComponent:
    lexicon = lexicon_for(data_dirs)
    if types is None and backend == "hanlp":
        types = lexicon.ner_labels.get("hanlp_types")
    return NERComponent(make_backend(backend, lexicon, model), lexicon, parse_types(types))
