"""The plain records that flow between stages: small, picklable, independent of spaCy.

A document's extraction (`DocumentExtraction`) holds everything the graph needs from one
article, so documents can be processed anywhere (another process, another machine) and
merged at the end.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Entity types of SCHEMA.md, in the order outputs list them.
ENTITY_TYPES = ("Person", "Organization", "Program", "Meeting", "Document", "Place", "Concept")

# Relation properties of SCHEMA.md: property -> (subject types, object types).
RELATION_SIGNATURES = {
    "holdsPosition": ({"Person"}, {"Organization"}),
    "presides": ({"Person"}, {"Meeting"}),
    "attends": ({"Person"}, {"Meeting"}),
    "convenes": ({"Organization"}, {"Meeting"}),
    "heldIn": ({"Meeting"}, {"Place"}),
    "implements": ({"Organization"}, {"Program"}),
    "issues": ({"Organization"}, {"Document"}),
    "adopts": ({"Meeting"}, {"Document"}),
    "proposes": ({"Person"}, {"Document"}),
    "repliesTo": ({"Organization"}, {"Document"}),
    "subOrganizationOf": ({"Organization"}, {"Organization"}),
    "locatedIn": ({"Organization", "Place", "Program"}, {"Place"}),
}
PROPERTIES = tuple(RELATION_SIGNATURES)


def entity_key(type_: str, label: str, scope: str | None = None) -> str:
    """The identity of an entity across documents: its type and canonical label, and a
    scope (an article, a province) for a short form that names different things in
    different places."""
    return f"{type_}:{label}" + (f"@{scope}" if scope else "")


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: the sentence, its character offsets in the source text, and
    the rule or model that produced it."""

    document: str
    sentence: str
    start: int
    end: int
    extractor: str
    confidence: float


@dataclass
class Entity:
    type: str
    label: str
    aliases: set[str] = field(default_factory=set)
    mentions: int = 0
    extractors: set[str] = field(default_factory=set)
    scope: str | None = None
    date: str | None = None  # ISO date, for meetings the text dates

    @property
    def key(self) -> str:
        return entity_key(self.type, self.label, self.scope)


@dataclass
class Relation:
    subject: str  # entity key
    property: str
    object: str  # entity key
    evidence: Evidence
    title: str | None = None  # the post, for holdsPosition


@dataclass
class DocumentExtraction:
    """Everything kg keeps from one article."""

    document: str  # the file's name, unique within a build
    path: str
    characters: int
    sha256: str
    title: str | None = None
    date: str | None = None
    entities: dict[str, Entity] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what reading repaired, for the user to know
