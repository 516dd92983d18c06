"""What the stages of one document hand each other, declared once.

Each field of `DocumentState` is a spaCy extension of the Doc (``doc._.sentences`` …),
written by exactly one component, which says so (``assigns``), and read by later ones,
which say so too (``requires``): spaCy checks the order when the pipeline is built
(`nlp.analyze_pipes`). Data flows one way: no stage changes what an earlier one wrote.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields

from spacy.tokens import Doc

from kg.ingest.load import SourceText
from kg.model import Entity, Home, Mention, RelationMention, Resolved, Sentence, Word


@dataclass
class DocumentState:
    # set when the doc is made (kg.extract.pipeline)
    text: str = ""  # the doc's text, kept once (spaCy rebuilds Doc.text from its tokens on each access)
    source: SourceText | None = None  # the article
    article_date: str | None = None  # the article's own date (ISO), for dates written without a year
    # kg_sentences
    sentences: list[Sentence] = field(default_factory=list)
    # kg_words
    words: list[Word] = field(default_factory=list)
    # kg_ner: names a model (or the word tagger) proposes
    ner_mentions: list[Mention] = field(default_factory=list)
    # kg_mentions: every candidate of the grammars and dictionaries, overlapping
    candidates: list[Mention] = field(default_factory=list)
    # kg_choose: the mentions that win where candidates overlap, and bodies named inside a
    # meeting's or document's name (entities too, though their span is taken)
    chosen: list[Mention] = field(default_factory=list)
    contained: list[Mention] = field(default_factory=list)
    # kg_coreference: later mentions of names already found (张三强调), 我省, 您
    references: list[Mention] = field(default_factory=list)
    # kg_resolve: the article's places, each chosen mention's entity, the entities
    home: Home = field(default_factory=Home)
    resolved: list[Resolved] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    # kg_relations: the facts, the entities only a fact names (a place's government that
    # acts, the body a title implies) and the dates the text gives its meetings
    relations: list[RelationMention] = field(default_factory=list)
    implied: dict[str, Entity] = field(default_factory=dict)
    dates: dict[str, str] = field(default_factory=dict)


FIELDS = tuple(f.name for f in fields(DocumentState))


def attribute(name: str) -> str:
    """The spaCy attribute path of a state field, for `assigns` and `requires`."""
    assert name in FIELDS, name
    return f"doc._.{name}"


def register() -> None:
    for f in fields(DocumentState):
        if not Doc.has_extension(f.name):
            Doc.set_extension(f.name, default=None)


def new_doc(vocab, text: str, source: SourceText | None = None, article_date: str | None = None) -> Doc:
    """A Doc of one token per character, white space included, so that a token's index is
    its character offset (spaCy's own Chinese tokenizer aligns its words to the text in
    time quadratic in the text's length: seconds for a long article), with the state's
    starting fields set."""
    register()
    doc = Doc(vocab, words=list(text), spaces=[False] * len(text))
    doc._.text = text
    doc._.source = source
    doc._.article_date = article_date
    return doc
