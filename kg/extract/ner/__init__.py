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

from typing import Callable, Iterable, Protocol

from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import BackendUnavailable, Errors
from kg.extract.state import attribute
from kg.lexicon import Lexicon, lexicon_for
from kg.model import Mention


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
    if name not in BACKENDS:
        raise BackendUnavailable(Errors.E020.format(name=name, choices=", ".join(BACKENDS)))
    return BACKENDS[name](lexicon, model)


class NERComponent:
    def __init__(self, backend: NERBackend):
        self.backend = backend

    def __call__(self, doc: Doc) -> Doc:
        doc._.ner_mentions = [Mention(s, e, t, f"ner:{self.backend.name}", c) for s, e, t, c in self.backend.find(doc)]
        return doc


@Language.factory("kg_ner", default_config={"backend": "lexical", "model": None, "data_dirs": []},
                  assigns=[attribute("ner_mentions")], requires=[attribute("sentences"), attribute("words")])
def make_ner(nlp: Language, name: str, backend: str, model: str | None, data_dirs: list[str]) -> NERComponent:
    return NERComponent(make_backend(backend, lexicon_for(data_dirs), model))
