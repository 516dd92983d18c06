"""The plain records that flow between stages: small, typed, picklable, independent of spaCy.

Inside a document: `Sentence` and `Word` (sentences, words), `Mention` with the structure
its grammar found (`DivisionName`, `BodyName`, `SessionName` …; mentions), `Resolved`
(resolve), `RelationMention` (relations). Out of a document: `DocumentExtraction`, which
holds everything the graph needs from one article, so documents can be processed
anywhere (another process, another machine) and merged at the end.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple, Union

if TYPE_CHECKING:
    from kg.lexicon import Division


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


# ------------------------------------------------------------------ inside a document

class Sentence(NamedTuple):
    start: int
    end: int
    kind: str  # "sentence", "heading" or "repeat"


class Word(NamedTuple):
    start: int
    end: int
    pos: str  # the segmenter's part-of-speech tag (jieba: nr, ns, nt, v …)


@dataclass(frozen=True)
class DivisionName:
    """A place name that is an administrative division: the codes it can be (朝阳区 is
    several), and for a chain of them (长春 + 二道区) each part's codes."""

    divisions: tuple[str, ...]
    chain: tuple[tuple[str, ...], ...] = ()
    parent_text: str | None = None  # the text of the chain's part before the last


@dataclass(frozen=True)
class BodyName:
    """An official body by the grammar [中共] PLACE|省市区县 CORE? UNIT*."""

    place: DivisionName | None  # the place written in the name, if any
    place_text: str
    core: str | None  # 委, 政协, 人民政府 …
    units: tuple[str, ...]  # 组织部, 人才办 …
    abbrev: str | None  # 省, 市, 区, 县, 州: the article's own place


@dataclass(frozen=True)
class SessionName:
    """A numbered sitting (省政协十三届二次会议): the body or place that opens it and its numbers."""

    prefix: Union[BodyName, DivisionName, None]
    prefix_text: str
    session: str  # 十三届二次会议
    org_prefix: str  # the text from the name's start to the numbers (政协吉林省)


@dataclass(frozen=True)
class LeadingPlace:
    """The division a name opens with, and its text: the city of a village named after it
    (蛟河市南顶子村), the city a meeting's name opens with (长春市人才工作会议)."""

    divisions: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Reference:
    """A word that refers back: 我省, 本市 (the article's own place at `level`: province,
    prefecture or county), or 您 in a letter (the person `name` it is addressed to)."""

    level: str | None = None
    name: str | None = None


Grammar = Union[DivisionName, BodyName, SessionName, LeadingPlace, Reference, None]


@dataclass
class Mention:
    start: int
    end: int
    type: str  # an entity type of kg.schema, or "Title" for a post
    extractor: str  # the rule or model that found it (kg.schema.EXTRACTORS)
    confidence: float
    label: str | None = None  # canonical label when known without context
    aliases: tuple[str, ...] = ()
    grammar: Grammar = None  # what the grammar that found it knows of its structure


@dataclass
class Resolved:
    """A chosen mention resolved to its entity."""

    start: int
    end: int
    type: str
    key: str
    extractor: str
    confidence: float
    title: str | None = None  # for Title mentions: the post
    government: str | None = None  # for a division: the key of its government, when it acts
    government_aliases: tuple[str, ...] = ()
    contained: bool = False  # a body named inside a meeting's or document's name
    part_of: str | None = None  # the entity its name names it a part of (二道区委人才办 → 二道区委)


@dataclass(frozen=True)
class Home:
    """The article's own places, one per level (None where the text does not make it clear)."""

    province: Division | None = None
    prefecture: Division | None = None
    county: Division | None = None

    def get(self, level: str):
        return getattr(self, level, None)


@dataclass
class RelationMention:
    subject: str
    property: str
    object: str
    sentence_start: int
    sentence_end: int
    extractor: str
    confidence: float
    title: str | None = None
