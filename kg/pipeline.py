"""The spaCy pipeline that runs the per-document stages, and the function that turns one
source text into a `DocumentExtraction`.

    text → kg_sentences → kg_words → kg_ner → kg_mentions → kg_entities → kg_relations

Each component is registered with spaCy (``@Language.factory``) and lives in its own
module; they pass a `Doc` and the attributes of kg/extensions.py between them.
"""
from __future__ import annotations

import datetime
import re

import spacy
from spacy.language import Language

from . import entities, mentions, ner, relations, sentences, words  # noqa: F401  (register factories)
from .entities import strip_quotes
from .extensions import char_doc, register
from .load import SourceText
from .model import DocumentExtraction, Entity, Evidence, Relation
from .normalize import normalize
from .text import is_cjk


class NotAnArticle(ValueError):
    """A readable file with nothing to extract from (no Chinese text): skipped, not failed."""

register()

COMPONENTS = ("kg_sentences", "kg_words", "kg_ner", "kg_mentions", "kg_entities", "kg_relations")


def make_nlp(ner_backend: str = "lexical", data_dirs: list[str] | tuple[str, ...] = (),
             ner_model: str | None = None) -> Language:
    """A blank Chinese pipeline (one token per character, so any span of text is a Span)
    with kg's components."""
    nlp = spacy.blank("zh")
    dirs = [str(d) for d in data_dirs]
    for name in COMPONENTS:
        config = {}
        if name in ("kg_mentions", "kg_entities", "kg_relations"):
            config = {"data_dirs": dirs}
        elif name == "kg_ner":
            config = {"backend": ner_backend, "model": ner_model, "data_dirs": dirs}
        nlp.add_pipe(name, config=config)
    return nlp


_DATE = re.compile(r"(20\d\d|19\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def _title_and_date(text: str, source: str = "") -> tuple[str | None, str | None]:
    headline = re.search(r"^#\s+(.{4,80}?)\s*$", source[:20000], re.M)  # a markdown headline, where there is one
    title = headline.group(1).replace("**", "").strip() if headline else None
    head, tail = text[:20000].splitlines(), text[-20000:].splitlines()
    for line in ([] if title else head[:30]):
        line = line.strip()
        if 6 <= len(line) <= 60 and re.search("[\u4e00-\u9fff]{4}", line) and not _DATE.search(line) \
                and not line.startswith(("本报", "记者", "编辑", "——", "—")) and not line.isdigit():
            title = line
            break
    # the paper's date stands in its header; a letter's, after its signature
    first = [line for line in head if line.strip()][:8]
    last = [line for line in tail if line.strip()][-8:]
    m = _DATE.search("\n".join(first)) or _DATE.search("\n".join(last))
    date = iso_date(m.group(1), m.group(2), m.group(3)) if m else None
    return title, date


def iso_date(year, month, day) -> str | None:
    """YYYY-MM-DD, or None for a date that does not exist (2025年13月45日)."""
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


# Longer texts are read in pieces of about this many characters, cut between paragraphs:
# a spaCy doc holds one token per character, and a 50 MB file is an archive, not an article.
PIECE_CHARS = 100_000


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


def _merge_entities(into: dict[str, Entity], more: dict[str, Entity]) -> None:
    for key, e in more.items():
        known = into.get(key)
        if known is None:
            into[key] = e
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
    if not any(is_cjk(ch) for ch in norm.text):
        raise NotAnArticle("no Chinese text" + (" in the page's text" if source.markup else
                                                f" (decoded as {source.encoding})"))
    title, date = _title_and_date(norm.text, source.text)
    result = DocumentExtraction(document=source.name, path=source.path, characters=len(source.text),
                                sha256=source.sha256, title=norm.title or title, date=date,
                                notes=list(source.notes))
    shown = norm.shown
    to_source = norm.offsets.to_source
    for offset, end in pieces(norm.text):
        doc = char_doc(nlp.vocab, norm.text[offset:end])
        doc.user_data["kg_article_date"] = date
        doc._.source = source
        for _, component in nlp.pipeline:
            doc = component(doc)
        entities: dict[str, Entity] = doc.user_data["kg_entities"]
        if norm.display is not None:  # the source's own form of each name (朱國賢) is an alias
            for r in doc._.resolved or []:
                e = entities.get(r.key)
                original = strip_quotes(shown[offset + r.start:offset + r.end])
                if e is not None and original and original != e.label and \
                        strip_quotes(norm.text[offset + r.start:offset + r.end]) in ({e.label} | e.aliases):
                    e.aliases.add(original)
        _merge_entities(result.entities, entities)
        for r in doc._.relations:
            s, e = offset + r.sentence_start, offset + r.sentence_end
            evidence = Evidence(source.name, shown[s:e], to_source(s), to_source(e), r.extractor, r.confidence)
            result.relations.append(Relation(r.subject, r.property, r.object, evidence, r.title))
    return result
