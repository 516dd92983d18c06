"""``kg train-ner``: a HanLP named-entity recogniser trained here, from gold annotations
in SCHEMA.md's format and the texts they annotate, with nothing downloaded.

Gold files name entities, not their positions, so every occurrence of a gold name or
alias (people, organizations, places; longest first) in a sentence becomes a BIO-tagged
span. The model is HanLP's character RNN tagger with randomly initialised character
embeddings, trained on the CPU. HanLP 2.1.5 builds that model's CRF with the wrong batch
axis, so it is trained without CRF (``crf=False``).
"""
from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Iterable

from kg.errors import BackendUnavailable, Errors, InputError
from kg.extract.ner.hanlp import INSTALL_HINT, SPACE, _quietly, use_threads
from kg.extract.sentences import split_sentences
from kg.ingest.load import read_source
from kg.ingest.normalize import normalize
from kg.quality.scores import Scores

TYPES = ("Person", "Organization", "Place")


def tagged_sentences(gold_path: str | Path, texts_dir: str | Path, documents: set[str] | None = None) -> list[dict]:
    """One {'token', 'tag', 'doc'} per sentence of the annotated texts."""
    out = []
    for line in Path(gold_path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if documents is not None and record["doc"] not in documents:
            continue
        path = Path(texts_dir) / record["doc"]
        if not path.exists():
            raise InputError(Errors.E028.format(detail=f"the text of gold document {record['doc']} is not in "
                                                      f"{texts_dir}"))
        text = normalize(read_source(path).text).text
        names = sorted({(n, e["type"]) for e in record["entities"] if e["type"] in TYPES
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


def score(model, sentences: list[dict]) -> Scores:
    """Exact-span precision, recall and F1 of a loaded model on tagged sentences."""
    predicted = _quietly(model, [s["token"] for s in sentences]) if sentences else []
    tp = n_pred = n_gold = 0
    for s, found in zip(sentences, predicted):
        gold = spans(s["tag"])
        pred = {(start, end, label) for _, label, start, end in found}
        tp += len(gold & pred)
        n_pred += len(pred)
        n_gold += len(gold)
    return Scores(tp=tp, predicted=n_pred, gold=n_gold)


def train(gold: str | Path, texts: str | Path, out: str | Path, *, epochs: int = 40, dev_fraction: float = 0.2,
          dev_docs: Iterable[str] | None = None, seed: int = 1, documents: set[str] | None = None,
          threads: int = 1) -> Scores:
    """`kg train-ner`: train a HanLP model on the gold annotations of the articles in the
    folder `texts` (documents `dev_docs` as its dev set, else a random fifth of the
    sentences), save it to the folder `out` (loadable with ``hanlp.load``) and return its
    dev scores."""
    dev_documents = set(dev_docs) if dev_docs else None
    try:
        import hanlp
        from hanlp.components.ner.rnn_ner import RNNNamedEntityRecognizer
    except ImportError as exc:
        raise BackendUnavailable(Errors.E027.format(detail=exc, hint=INSTALL_HINT)) from None
    use_threads(threads)
    sentences = tagged_sentences(gold, texts, documents)
    if dev_documents:
        dev = [s for s in sentences if s["doc"] in dev_documents]
        trn = [s for s in sentences if s["doc"] not in dev_documents]
    else:
        shuffled = sentences[:]
        random.Random(seed).shuffle(shuffled)
        cut = max(1, int(len(shuffled) * dev_fraction))
        dev, trn = shuffled[:cut], shuffled[cut:]
    if not trn or not dev:
        raise InputError(Errors.E028.format(detail="not enough annotated sentences for a training and a dev set"))
    strip = [{"token": s["token"], "tag": s["tag"]} for s in trn], [{"token": s["token"], "tag": s["tag"]} for s in dev]
    recognizer = RNNNamedEntityRecognizer()
    _quietly(recognizer.fit, strip[0], strip[1], str(out), embed=64, rnn_hidden=128, crf=False,
             epochs=epochs, batch_size=16, lr=0.003, patience=epochs, tagging_scheme="BIO",
             token_delimiter="", devices=-1, seed=seed)
    model = _quietly(hanlp.load, str(out), devices=-1)
    return score(model, dev)
