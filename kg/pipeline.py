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
from .extensions import register
from .load import SourceText
from .model import DocumentExtraction, Evidence, Relation
from .normalize import normalize

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
    headline = re.search(r"^#\s+(.{4,80}?)\s*$", source, re.M)  # a markdown headline, where there is one
    title = headline.group(1).replace("**", "").strip() if headline else None
    for line in ([] if title else text.splitlines()[:30]):
        line = line.strip()
        if 6 <= len(line) <= 60 and re.search("[\u4e00-\u9fff]{4}", line) and not _DATE.search(line) \
                and not line.startswith(("本报", "记者", "编辑", "——", "—")) and not line.isdigit():
            title = line
            break
    # the paper's date stands in its header; a letter's, after its signature
    lines = [line for line in text.splitlines() if line.strip()]
    m = _DATE.search("\n".join(lines[:8])) or _DATE.search("\n".join(lines[-8:]))
    date = iso_date(m.group(1), m.group(2), m.group(3)) if m else None
    return title, date


def iso_date(year, month, day) -> str | None:
    """YYYY-MM-DD, or None for a date that does not exist (2025年13月45日)."""
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def extract(nlp: Language, source: SourceText) -> DocumentExtraction:
    """Run the pipeline over one article and keep only what the graph needs."""
    norm = normalize(source.text)
    doc = nlp.make_doc(norm.text)
    doc.user_data["kg_text"] = norm.text
    title, date = _title_and_date(norm.text, source.text)
    doc.user_data["kg_article_date"] = date
    doc._.source = source
    for _, component in nlp.pipeline:
        doc = component(doc)
    result = DocumentExtraction(document=source.name, path=source.path, characters=len(source.text),
                                sha256=source.sha256, title=title, date=date)
    result.entities = doc.user_data["kg_entities"]
    to_source = norm.offsets.to_source
    for r in doc._.relations:
        sentence = norm.text[r.sentence_start:r.sentence_end]
        evidence = Evidence(source.name, sentence, to_source(r.sentence_start), to_source(r.sentence_end),
                            r.extractor, r.confidence)
        result.relations.append(Relation(r.subject, r.property, r.object, evidence, r.title))
    return result

