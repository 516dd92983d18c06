"""The HanLP backend of the NER stage: a pretrained HanLP model (by its identifier, where
it can be downloaded) or one trained here with ``kg train-ner`` (a directory).

HanLP's labels map to SCHEMA.md's types through kg/data/lexicon/ner_labels.yml
(PERSON/nr → Person, ORGANIZATION/ORG/nt → Organization, LOCATION/GPE/LOC/ns → Place);
other labels (dates, money, …) are dropped. The user's dictionary
(lexicon/ner_dictionary.tsv: name, tab, type) steers the model through HanLP's own
dictionary features: ``dict_whitelist`` on transformer and multi-task models,
``dict_tags`` on the character RNN models ``kg train-ner`` makes.
"""
from __future__ import annotations

import contextlib
import io
import logging
from pathlib import Path

from spacy.tokens import Doc

from kg.errors import BackendUnavailable, Errors
from kg.lexicon import Lexicon

SPACE = "␣"  # stands for white space, which HanLP's character models cannot take as a token
INSTALL_HINT = ("install it with: pip install torch==2.13.0 (a CPU build) and then pip install -e '.[hanlp]'")


def _quietly(call, *args, **kwargs):
    """HanLP prints progress bars and banners (some through a printer bound to the
    terminal when it was imported); kg's terminal is for its own summary."""
    sink = io.StringIO()
    try:
        from hanlp.utils import log_util
    except ImportError:
        log_util = None
    printer_out = log_util._printer.out if log_util else None
    if log_util:
        log_util._printer.out = sink
    try:
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            return call(*args, **kwargs)
    finally:
        if log_util:
            log_util._printer.out = printer_out


def use_threads(threads: int = 1) -> None:
    """Run torch on `threads` threads. One is the default: torch's own choice (one per core)
    collapses when the cores are busy (on a loaded 2-core machine a training step took
    8.7 s with two threads and 53 ms with one), and `kg build --jobs` is the way to use
    more cores."""
    import torch
    torch.set_num_threads(max(1, threads))


def load_model(model: str | None, threads: int = 1):
    """A loaded HanLP component, or BackendUnavailable with what to do."""
    try:
        import hanlp
    except ImportError as exc:
        raise BackendUnavailable(Errors.E021.format(detail=exc, hint=INSTALL_HINT)) from None
    use_threads(threads)
    if not model:
        raise BackendUnavailable(Errors.E022)
    path = Path(model)
    if path.exists():
        if not (path / "config.json").exists():
            raise BackendUnavailable(Errors.E023.format(model=model))
        try:
            return _quietly(hanlp.load, str(path), devices=-1)
        except Exception as exc:  # HanLP raises many kinds
            raise BackendUnavailable(Errors.E024.format(model=model, detail=exc)) from None
    identifier = getattr(hanlp.pretrained.ner, model, None) or getattr(hanlp.pretrained.mtl, model, None) \
        or hanlp.pretrained.ALL.get(model) or (model if "://" in model else None)
    if identifier is None:
        raise BackendUnavailable(Errors.E025.format(model=model))
    quiet = logging.getLogger("urllib3")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # HanLP's downloader retries eight times, each with a warning
    try:
        return _quietly(hanlp.load, identifier, devices=-1)
    except Exception as exc:
        raise BackendUnavailable(Errors.E026.format(model=model, detail=type(exc).__name__)) from None
    finally:
        quiet.setLevel(level)


class HanLPNER:
    name = "hanlp"

    def __init__(self, lexicon: Lexicon, model: str | None):
        self.model = load_model(model)
        self.labels = {str(k): v for k, v in (lexicon.ner_labels or {}).items()}
        grammar = lexicon.grammar_of("ner")
        self.confidence = grammar.confidence["hanlp"]
        self.non_name_chars = lexicon.grammar_of("people").non_name_characters | grammar.person_not_ending
        self.multitask = hasattr(self.model, "tasks")
        self.task = next((t for t in ("ner/msra", "ner/pku", "ner/ontonotes")
                          if self.multitask and t in self.model.tasks), None)
        self._steer(lexicon.ner_dictionary)

    def _steer(self, dictionary: dict[str, str]) -> None:
        """Names the user knows are taken as they are, through HanLP's own dictionaries."""
        if not dictionary:
            return
        labels_back = {}
        for label, type_ in self.labels.items():
            labels_back.setdefault(type_, label)
        target = self.model[self.task] if self.task else self.model
        if hasattr(target, "dict_whitelist"):
            target.dict_whitelist = {name: labels_back.get(t, t) for name, t in dictionary.items()}
        elif hasattr(target, "dict_tags"):
            # a character model: one tag per character, in the model's own BIO labels
            own = {tag[2:] for tag in getattr(target.vocabs.get("tag", None) or [], "idx_to_token", [])
                   if tag[:2] in ("B-", "I-")} if hasattr(target, "vocabs") else set()
            tags = {}
            for name, type_ in dictionary.items():
                label = type_ if type_ in own else labels_back.get(type_, type_)
                tags[tuple(name)] = tuple(["B-" + label] + ["I-" + label] * (len(name) - 1))
            target.dict_tags = tags

    def find(self, doc: Doc):
        text = doc._.text
        sentences = [s for s in doc._.sentences if s.kind != "repeat"]
        if not sentences:
            return
        if self.multitask:
            yield from self._find_multitask(text, sentences)
            return
        batch = [[SPACE if c.isspace() else c for c in text[s.start:s.end]] for s in sentences]
        results = _quietly(self.model, batch)
        for s, spans in zip(sentences, results):
            for _, label, start, end in spans:
                type_ = self.labels.get(str(label))
                if type_ == "Person":  # 王志国等: the name ends before words that never stand in one
                    while end > start and text[s.start + end - 1] in self.non_name_chars:
                        end -= 1
                if type_ and 0 <= start and start + 2 <= end <= s.end - s.start:  # no one-character names
                    yield s.start + start, s.start + end, type_, self.confidence

    def _find_multitask(self, text: str, sentences):
        """Multi-task models tokenize themselves and give entity spans in tokens."""
        output = _quietly(self.model, [text[s.start:s.end] for s in sentences], tasks=[self.task])
        for s, tokens, spans in zip(sentences, output["tok/fine"], output[self.task]):
            starts, pos = [], 0
            body = text[s.start:s.end]
            for tok in tokens:
                pos = body.find(tok, pos)
                starts.append(pos)
                pos += len(tok)
            for _, label, t0, t1 in spans:
                type_ = self.labels.get(str(label))
                if type_ and starts[t0] >= 0:
                    yield s.start + starts[t0], s.start + starts[t1 - 1] + len(tokens[t1 - 1]), type_, self.confidence
