"""The attributes kg's pipeline components read and write on a spaCy ``Doc``."""
from __future__ import annotations

from spacy.tokens import Doc

DOC_ATTRIBUTES = {
    "source": None,      # load.SourceText the doc was made from
    "offsets": None,     # normalize.OffsetMap back to the source text
    "sentences": None,   # list[sentences.Sentence]
    "words": None,       # list[(start, end, pos)] from the word segmenter
    "mentions": None,    # list[mentions.Mention]: every candidate, overlapping
    "resolved": None,    # list[entities.ResolvedMention]: the chosen mentions
    "relations": None,   # list[relations.RelationMention]
}


def register() -> None:
    for name, default in DOC_ATTRIBUTES.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
