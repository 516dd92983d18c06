"""One article's extraction as one line of JSON, and back.

Shards and the cache hold extractions in this form, so a worker anywhere (another
process, another machine) can send them and the merge can read them one at a time.
Sets are written sorted, so the same extraction is always the same line.
"""
from __future__ import annotations

import json

from kg.model import DocumentExtraction, Entity, Evidence, Relation


def to_record(ex: DocumentExtraction) -> dict:
    return {
        "document": ex.document, "path": ex.path, "characters": ex.characters, "sha256": ex.sha256,
        "title": ex.title, "date": ex.date, "notes": list(ex.notes),
        "entities": [[key, e.type, e.label, sorted(e.aliases), e.mentions, sorted(e.extractors), e.scope, e.date]
                     for key, e in ex.entities.items()],
        "relations": [[r.subject, r.property, r.object, r.title, r.evidence.sentence, r.evidence.start,
                       r.evidence.end, r.evidence.extractor, r.evidence.confidence] for r in ex.relations],
    }


def from_record(record: dict) -> DocumentExtraction:
    document = record["document"]
    entities = {key: Entity(type_, label, set(aliases), mentions, set(extractors), scope, date)
                for key, type_, label, aliases, mentions, extractors, scope, date in record["entities"]}
    relations = [Relation(subject, prop, obj, Evidence(document, sentence, start, end, extractor, confidence), title)
                 for subject, prop, obj, title, sentence, start, end, extractor, confidence in record["relations"]]
    return DocumentExtraction(document, record["path"], record["characters"], record["sha256"], record["title"],
                              record["date"], entities, relations, list(record["notes"]))


def dumps(ex: DocumentExtraction) -> str:
    return json.dumps(to_record(ex), ensure_ascii=False, separators=(",", ":"))


def loads(line: str | bytes) -> DocumentExtraction:
    return from_record(json.loads(line))
