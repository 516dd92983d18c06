"""The spaCy pipeline of the per-document stages, and `extract`, which turns one article
into a `DocumentExtraction`.

    kg_sentences → kg_words → kg_ner → kg_mentions → kg_choose → kg_coreference →
    kg_resolve → kg_relations

Each component is registered with spaCy (``@Language.factory``), lives in its own module,
says which fields of kg/extract/state.py it assigns and requires (spaCy checks the order),
and runs through ``nlp(doc)`` with spaCy's error handling.
"""
from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language

from kg.extract import ner, relations, resolve, sentences, words  # noqa: F401  (register factories)
from kg.extract.mentions import choose, coreference  # noqa: F401
from kg.extract.resolve.names import strip_quotes
from kg.extract.state import new_doc
from kg.ingest.load import SourceText
from kg.ingest.metadata import Metadata
from kg.ingest.normalize import normalize
from kg.lexicon import lexicon_for
from kg.model import DocumentExtraction, Entity, Evidence, Relation
from kg.text import CJK

COMPONENTS = ("kg_sentences", "kg_words", "kg_ner", "kg_mentions", "kg_choose", "kg_coreference", "kg_resolve",
              "kg_relations")
# Longer texts are read in pieces of about this many characters, cut between paragraphs:
# a 50 MB file is an archive, not an article, and one doc of it would hold 50 million tokens.
PIECE_CHARS = 100_000
_CJK = re.compile(f"[{CJK}]")


class NotAnArticle(ValueError):
    """A readable file with nothing to extract from (no Chinese text): skipped, not failed."""


def make_nlp(ner_backend: str = "lexical", data_dirs: list[str] | tuple[str, ...] = (),
             ner_model: str | None = None, ner_types: list[str] | tuple[str, ...] | None = None) -> Language:
    """A blank Chinese pipeline with kg's components, checked for the order of what they
    assign and require."""
    nlp = spacy.blank("zh")
    dirs = [str(d) for d in data_dirs]
    for name in COMPONENTS:
        config = {}
        if name in ("kg_mentions", "kg_coreference", "kg_resolve", "kg_relations"):
            config = {"data_dirs": dirs}
        elif name == "kg_ner":
            config = {"backend": ner_backend, "model": ner_model, "data_dirs": dirs,
                      "types": list(ner_types) if ner_types is not None else None}
        nlp.add_pipe(name, config=config)
    nlp.meta["kg_data_dirs"] = dirs
    return nlp


@lru_cache(maxsize=None)
def _metadata(data_dirs: tuple[str, ...]) -> Metadata:
    return Metadata(lexicon_for(data_dirs))


def pieces(text: str, size: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces of `text` of at most `size` (PIECE_CHARS)
    characters, cut after a line break where there is one, else after a sentence's end,
    else anywhere."""
    size = size or PIECE_CHARS
    out = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = window.rfind("\n") + 1 or max(window.rfind(p) for p in "。！？；") + 1 or size
        out.append((start, start + cut))
        start += cut
    out.append((start, len(text)))
    return out


def _copy(e: Entity) -> Entity:
    return Entity(e.type, e.label, set(e.aliases), e.mentions, set(e.extractors), e.scope, e.date)


def _merge_entities(into: dict[str, Entity], more: dict[str, Entity]) -> None:
    for key, e in more.items():
        known = into.get(key)
        if known is None:
            into[key] = _copy(e)
        else:
            known.aliases |= e.aliases
            known.mentions += e.mentions
            known.extractors |= e.extractors
            known.date = known.date or e.date


def extract(nlp: Language, source: SourceText) -> DocumentExtraction:
    """Run the pipeline over one article and keep only what the graph needs: its entities,
    and each relation with its sentence (in the source's own script) and offsets into the
    source file."""
    norm = normalize(source.text, markup=source.markup)
    if not _CJK.search(norm.text):
        raise NotAnArticle("no Chinese text" + (" in the page's text" if source.markup else
                                                f" (decoded as {source.encoding})"))
    title, date = _metadata(tuple(nlp.meta.get("kg_data_dirs", []))).title_and_date(norm.text, source.text)
    result = DocumentExtraction(document=source.name, path=source.path, characters=len(source.text),
                                sha256=source.sha256, title=norm.title or title, date=date,
                                notes=list(source.notes))
    shown = norm.shown
    to_source = norm.offsets.to_source
    for offset, end in pieces(norm.text):
        doc = nlp(new_doc(nlp.vocab, norm.text[offset:end], source, date))
        entities = {k: _copy(e) for k, e in doc._.entities.items()}
        if norm.display is not None:  # the source's own form of each name (朱國賢) is an alias
            for r in doc._.resolved:
                e = entities.get(r.key)
                original = strip_quotes(shown[offset + r.start:offset + r.end])
                if e is not None and original and original != e.label and \
                        strip_quotes(norm.text[offset + r.start:offset + r.end]) in ({e.label} | e.aliases):
                    e.aliases.add(original)
        for key, day in doc._.dates.items():
            entities[key].date = entities[key].date or day
        _merge_entities(result.entities, entities)
        _merge_entities(result.entities, doc._.implied)
        for r in doc._.relations:
            s, e = offset + r.sentence_start, offset + r.sentence_end
            evidence = Evidence(source.name, shown[s:e], to_source(s), to_source(e), r.extractor, r.confidence)
            result.relations.append(Relation(r.subject, r.property, r.object, evidence, r.title))
    return result
