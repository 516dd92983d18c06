"""Stage 5b: named-entity recognition for people, organizations and places.

A backend is anything with a `name` and a `find(doc)` that yields
``(start, end, type, confidence)`` in characters of the doc's text. The default,
`lexical`, reads the part-of-speech tags of the word stage (jieba: nr person, ns place,
nt organization) and keeps what the grammar of names confirms, so it needs no model.
`hanlp` (kg/ner_hanlp.py) runs a HanLP model, pretrained or trained with
``kg train-ner``. Where a backend's span conflicts with a grammar's (kg/mentions.py),
the grammar wins (kg/entities.py): it knows the structure of the name.
"""
from __future__ import annotations

import re
from typing import Iterable, Protocol

import jieba
import jieba.posseg
from spacy.language import Language
from spacy.tokens import Doc

from .errors import BackendUnavailable, Errors
from .extensions import doc_text
from .lexicon import Lexicon, lexicon_for
from .mentions import Mention

CJK = "\u4e00-\u9fff"


class NERBackend(Protocol):
    name: str

    def find(self, doc: Doc) -> Iterable[tuple[int, int, str, float]]: ...


class LexicalNER:
    """People, places and organizations from jieba's part-of-speech tags."""

    name = "lexical"

    def __init__(self, lexicon: Lexicon):
        self.surnames = lexicon.surnames
        self.right_cues = tuple(lexicon.grammar.get("strong_person_cues", []))
        self.frequency = jieba.dt.FREQ
        self.titles = tuple(lexicon.titles)
        # the last character of a body's name (联合会, 研究院, 组织部, 人社局 …)
        self.body_endings = set("会院局厅委办部所社司行校站队团组处署室馆台")
        # jieba's own dictionary: a word it knows with another tag is a word, not a name
        self.known_tags = jieba.posseg.dt.word_tag_tab

    def _person_ok(self, text: str, start: int, end: int) -> bool:
        name = text[start:end]
        if not 2 <= len(name) <= 4 or not re.fullmatch(f"[{CJK}]+", name):
            return False
        if not (name[0] in self.surnames or name[:2] in self.surnames):
            return False
        if self.known_tags.get(name, "nr")[:2] != "nr" or (self.frequency.get(name) or 0) > 5:
            return False  # a word jieba knows as common (智慧, 权威), whatever its tag
        if len(name) == 4 and name[:2] not in self.surnames:
            return False
        return text.startswith(self.right_cues, end) or text.startswith(self.titles, end)

    def find(self, doc: Doc):
        jieba.dt.check_initialized()
        text = doc_text(doc)
        for start, end, pos in doc._.words:
            if pos in ("nr", "nrfg") and self._person_ok(text, start, end):
                yield start, end, "Person", 0.6
            elif pos == "ns" and end - start >= 2 and re.search("[镇乡村]$", text[start:end]):
                yield start, end, "Place", 0.6
            elif pos == "nt" and end - start >= 4 and text[end - 1] in self.body_endings:
                yield start, end, "Organization", 0.55


def _hanlp_backend(lexicon: Lexicon, model: str | None):
    from .ner_hanlp import HanLPNER
    return HanLPNER(lexicon, model)


BACKENDS = {"lexical": lambda lexicon, model: LexicalNER(lexicon), "hanlp": _hanlp_backend}


def make_backend(name: str, lexicon: Lexicon, model: str | None = None) -> NERBackend:
    if name not in BACKENDS:
        raise BackendUnavailable(Errors.E020.format(name=name, choices=", ".join(BACKENDS)))
    return BACKENDS[name](lexicon, model)


class NERComponent:
    def __init__(self, backend: NERBackend):
        self.backend = backend

    def __call__(self, doc: Doc) -> Doc:
        found = [Mention(s, e, t, f"ner:{self.backend.name}", c) for s, e, t, c in self.backend.find(doc)]
        doc._.mentions = (doc._.mentions or []) + found
        return doc


@Language.factory("kg_ner", default_config={"backend": "lexical", "model": None, "data_dirs": []})
def make_ner(nlp: Language, name: str, backend: str, model: str | None, data_dirs: list[str]) -> NERComponent:
    return NERComponent(make_backend(backend, lexicon_for(data_dirs), model))
