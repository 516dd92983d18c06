"""``kg train-ner``: a HanLP named-entity recogniser trained here, with nothing downloaded.

Training data is a BIO corpus (one ``character<TAB>tag`` a line, a blank line between
sentences: MSRA's format, PER/LOC/ORG or kg's own type names), gold annotations in
SCHEMA.md's format with the texts they annotate, or both. Gold files name entities, not
their positions, so every occurrence of a gold name or alias (people, organizations,
places; longest first) in a sentence becomes a tagged span. Tags are kg's types
(B-Person, I-Place …), so the model speaks kg's language.

The model is HanLP's character BiLSTM tagger with randomly initialised character
embeddings and, by default, a CRF, trained on the CPU on one torch thread; the best epoch
on the dev set is kept, and training stops when the dev score has not risen for
`patience` epochs. HanLP 2.1.5 builds the CRF with its batch axis wrong; kg's
recogniser (kg/extract/ner/crf.py) sets it right, in training and when it is loaded.
"""
from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Iterable

from kg.errors import BackendUnavailable, Errors, InputError
from kg.extract.ner import NER_TYPES
from kg.extract.ner.hanlp import INSTALL_HINT, SPACE, _quietly, tag_characters, use_threads
from kg.extract.sentences import split_sentences
from kg.ingest.load import read_source
from kg.ingest.normalize import normalize
from kg.lexicon import lexicon_for
from kg.quality.scores import Scores

# corpora tagged BIOES or BMES (Weibo, Resume) read as BIO: single and begin start a name
BIOES_AS_BIO = {"S": "B", "M": "I", "E": "I"}


def read_bio(path: str | Path) -> list[dict]:
    """The sentences of a BIO corpus (BIOES and BMES read as BIO): {'token', 'tag'} each,
    tags in kg's types (a corpus's labels read through ner_labels.yml, case-blind)."""
    labels = {k: v for k, v in lexicon_for().ner_labels["labels"].items() if v in NER_TYPES}
    sentences, tokens, tags = [], [], []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(Errors.E028.format(detail=f"{path}: {getattr(exc, 'strerror', None) or exc}")) from None
    for number, line in enumerate([*lines, ""], 1):
        if not line.strip():
            if tokens:
                sentences.append({"token": tokens, "tag": tags})
            tokens, tags = [], []
            continue
        char, _, tag = line.rstrip("\n").rpartition("\t")
        if not char or not tag:
            raise InputError(Errors.E028.format(detail=f"{path}, line {number}: expected a character, a tab and a tag"))
        if tag != "O":
            prefix, _, label = tag.partition("-")
            prefix = BIOES_AS_BIO.get(prefix, prefix)
            type_ = labels.get(label) or labels.get(label.upper())
            if prefix not in ("B", "I") or type_ is None:
                raise InputError(Errors.E028.format(detail=f"{path}, line {number}: unknown tag {tag!r}"))
            tag = f"{prefix}-{type_}"
        tokens.append(SPACE if char.isspace() else char)
        tags.append(tag)
    return sentences


def tagged_sentences(gold: str | Path, texts: str | Path, documents: set[str] | None = None) -> list[dict]:
    """One {'token', 'tag', 'doc'} per sentence of the annotated texts."""
    out = []
    for line in Path(gold).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if documents is not None and record["doc"] not in documents:
            continue
        path = Path(texts) / record["doc"]
        if not path.exists():
            raise InputError(Errors.E028.format(detail=f"the text of gold document {record['doc']} is not in {texts}"))
        text = normalize(read_source(path).text).text
        names = sorted({(n, e["type"]) for e in record["entities"] if e["type"] in NER_TYPES
                        for n in [e["name"], *e.get("aliases", [])] if len(n) >= 2}, key=lambda x: -len(x[0]))
        for s in split_sentences(text):
            if s.kind == "repeat":
                continue
            sentence = text[s.start:s.end]
            tags = ["O"] * len(sentence)
            for name, type_ in names:
                i = sentence.find(name)
                while i >= 0:
                    if all(t == "O" for t in tags[i:i + len(name)]):
                        tags[i:i + len(name)] = ["B-" + type_] + ["I-" + type_] * (len(name) - 1)
                    i = sentence.find(name, i + len(name))
            out.append({"token": [SPACE if c.isspace() else c for c in sentence], "tag": tags, "doc": record["doc"]})
    return out


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    found, start, kind = set(), None, None
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and not (tag.startswith("I-") and tag[2:] == kind):
            found.add((start, i, kind))
            start = None
        if tag.startswith("B-"):
            start, kind = i, tag[2:]
    return found


def score(model, sentences: list[dict], piece_length: int | None = None) -> dict[str, Scores]:
    """Exact-span precision, recall and F1 of a loaded model on tagged sentences, for all
    spans ("ALL") and for each type. Sentences are tagged as `kg build` tags them: a
    long one in pieces (grammar.yml's ner.model_piece_length, or `piece_length`)."""
    grammar = lexicon_for().grammar_of("ner")
    predicted = tag_characters(model, [s["token"] for s in sentences], piece_length or grammar.model_piece_length,
                               grammar.clause_marks)
    scores: dict[str, Scores] = {"ALL": Scores()}
    for s, found in zip(sentences, predicted):
        gold = spans(s["tag"])
        pred = {(start, end, label) for label, start, end in found}
        for type_ in {t for *_, t in gold | pred}:
            by_type = scores.setdefault(type_, Scores())
            g, p = {x for x in gold if x[2] == type_}, {x for x in pred if x[2] == type_}
            by_type.tp += len(g & p)
            by_type.predicted += len(p)
            by_type.gold += len(g)
        scores["ALL"].tp += len(gold & pred)
        scores["ALL"].predicted += len(pred)
        scores["ALL"].gold += len(gold)
    return scores


def train(gold: str | Path | None = None, texts: str | Path | None = None, out: str | Path = "models/ner", *,
          bio: Iterable[str | Path] = (), dev: str | Path | None = None, epochs: int = 40, crf: bool = True,
          patience: int = 5, dev_fraction: float = 0.2, dev_docs: Iterable[str] | None = None, seed: int = 1,
          documents: set[str] | None = None, threads: int = 1, batch_size: int = 64,
          bigrams: bool = True) -> dict[str, Scores]:
    """`kg train-ner`: train a HanLP recogniser on a BIO corpus (`bio`), on gold annotations
    (`gold`, of the articles in the folder `texts`), or both; save it to the folder `out`
    (a model `kg build --hanlp-model out` and hanlp.load take); return its dev scores, in
    all and per type. The dev set is the BIO file `dev`, else the gold documents
    `dev_docs`, else a random fifth of the sentences. `bigrams` adds the character
    bigrams on either side of each character to its input (kg/extract/ner/crf.py)."""
    try:
        import hanlp

        from kg.extract.ner.crf import CharBigrams, CRFRecognizer
    except ImportError as exc:
        raise BackendUnavailable(Errors.E027.format(detail=exc, hint=INSTALL_HINT)) from None
    use_threads(threads)
    if gold is None and not bio:
        raise InputError(Errors.E028.format(detail="give gold annotations (GOLD --texts DIR) or a BIO corpus (--bio)"))
    if gold is not None and texts is None:
        raise InputError(Errors.E028.format(detail="gold annotations need --texts, the folder of their articles"))
    sentences = [s for path in bio for s in read_bio(path)]
    if gold is not None:
        sentences += tagged_sentences(gold, texts, documents)
    held_out = set(dev_docs or ())
    if dev is not None:
        dev_set, trn = read_bio(dev), sentences
    elif held_out:
        dev_set = [s for s in sentences if s.get("doc") in held_out]
        trn = [s for s in sentences if s.get("doc") not in held_out]
    else:
        shuffled = sentences[:]
        random.Random(seed).shuffle(shuffled)
        cut = max(1, int(len(shuffled) * dev_fraction))
        dev_set, trn = shuffled[:cut], shuffled[cut:]
    if not trn or not dev_set:
        raise InputError(Errors.E028.format(detail="not enough sentences for a training and a dev set"))
    strip = [{"token": s["token"], "tag": s["tag"]} for s in trn], [{"token": s["token"], "tag": s["tag"]}
                                                                    for s in dev_set]
    embed = CharBigrams(embed=100, bigram_embed=50) if bigrams else 100
    _quietly(CRFRecognizer().fit, strip[0], strip[1], str(out), embed=embed, rnn_hidden=256, crf=crf,
             epochs=epochs, batch_size=batch_size, lr=0.001, patience=patience, tagging_scheme="BIO",
             token_delimiter="", devices=-1, seed=seed)
    model = _quietly(hanlp.load, str(out), devices=-1)
    return score(model, dev_set)
