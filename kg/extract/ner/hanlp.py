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

# the NER tasks of HanLP's multi-task models, in the order kg prefers them: the closed-
# corpus models have the first three, the open-corpus ones `ner` (OntoNotes labels)
NER_TASKS = ("ner/msra", "ner/pku", "ner/ontonotes", "ner")
SPACE = "␣"  # stands for white space, which HanLP's character models cannot take as a token
INSTALL_HINT = ("install it with: pip install torch==2.13.0 (a CPU build) and then pip install -e '.[hanlp]'")


def _quietly(call, *args, **kwargs):
    """HanLP prints progress bars and banners, some through streams bound to the terminal
    when it was imported (the module's printer, and the default stream of its progress
    timers); kg's terminal is for its own summary."""
    sink = io.StringIO()
    try:
        from hanlp.utils import log_util, time_util
    except ImportError:
        log_util = time_util = None
    if log_util:
        saved = log_util._printer.out, time_util.CountdownTimer.__init__.__defaults__
        log_util._printer.out, time_util.CountdownTimer.__init__.__defaults__ = sink, (sink,)
    try:
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            return call(*args, **kwargs)
    finally:
        if log_util:
            log_util._printer.out, time_util.CountdownTimer.__init__.__defaults__ = saved


def pieces(text, limit: int, marks: frozenset[str] | set[str] | str) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces of `text`, each at most `limit` characters, cut
    after the last clause mark that fits (a hard cut where none does). A character model
    learns the lengths it is trained on; a 300-character list of names goes to it in
    clauses it can read."""
    out, start = [], 0
    while len(text) - start > limit:
        cut = next((i + 1 for i in range(start + limit - 1, start, -1) if text[i] in marks), start + limit)
        out.append((start, cut))
        start = cut
    if start < len(text):
        out.append((start, len(text)))
    return out


def tag_characters(model, texts: list, limit: int, marks) -> list[list[tuple[str, int, int]]]:
    """A character model's (label, start, end) spans in each text (a string, or a list of
    characters), the text tagged in pieces of at most `limit` characters (``pieces``);
    white space goes in as SPACE."""
    cuts = [pieces(text, limit, marks) for text in texts]
    batch = [[SPACE if c.isspace() else c for c in text[a:b]] for text, spans in zip(texts, cuts)
             for a, b in spans]
    tagged = iter(_quietly(model, batch) if batch else [])
    out = []
    for spans in cuts:
        found = []
        for a, _ in spans:
            found += [(label, a + start, a + end) for _, label, start, end in next(tagged)]
        out.append(found)
    return out


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
        self.labels = {str(k): v for k, v in (lexicon.ner_labels.get("labels") or {}).items()}
        grammar = lexicon.grammar_of("ner")
        self.confidence = grammar.confidence["hanlp"]
        self.non_name_chars = lexicon.grammar_of("people").non_name_characters | grammar.person_not_ending
        self.piece_length, self.clause_marks = grammar.model_piece_length, grammar.clause_marks
        self.multitask = hasattr(self.model, "tasks")
        self.task = next((t for t in NER_TASKS
                          if self.multitask and t in self.model.tasks), None)
        if self.multitask and self.task is None:
            raise BackendUnavailable(Errors.E019.format(model=model, tasks=", ".join(self.model.tasks),
                                                        known=", ".join(NER_TASKS)))
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
        found = self._find_multitask(text, sentences) if self.multitask else self._find_characters(text, sentences)
        for s, start, end, label in found:
            type_ = self.labels.get(str(label))
            if type_ == "Person":  # 王志国等: the name ends before words that never stand in one
                while end > start and text[s.start + end - 1] in self.non_name_chars:
                    end -= 1
            if type_ and 0 <= start and start + 2 <= end <= s.end - s.start:  # no one-character names
                yield s.start + start, s.start + end, type_, self.confidence

    def _find_characters(self, text: str, sentences):
        """Character models take each sentence as characters (a long one in pieces) and give
        spans in characters."""
        tagged = tag_characters(self.model, [text[s.start:s.end] for s in sentences], self.piece_length,
                                self.clause_marks)
        for s, spans in zip(sentences, tagged):
            for label, start, end in spans:
                yield s, start, end, label

    def _find_multitask(self, text: str, sentences):
        """Multi-task models tokenize themselves and give entity spans in tokens."""
        output = _quietly(self.model, [text[s.start:s.end] for s in sentences], tasks=[self.task])
        tokenization = next(k for k in ("tok/fine", "tok", "tok/coarse") if k in output)
        tokens_of, spans_of = output[tokenization], output[self.task]
        if tokens_of and isinstance(tokens_of[0], str):  # one sentence in: HanLP gives its output unbatched
            tokens_of, spans_of = [tokens_of], [spans_of]
        for s, tokens, spans in zip(sentences, tokens_of, spans_of):
            for start, end, label in token_spans_to_characters(text[s.start:s.end], tokens, spans):
                yield s, start, end, label


def token_spans_to_characters(sentence: str, tokens: list[str], spans) -> list[tuple[int, int, str]]:
    """Spans over a model's tokens ``(text, label, first token, after last token)`` as
    ``(start, end, label)`` in the sentence's characters. Each token is found in the
    sentence from where the one before ended (a tokenizer drops white space; one that
    changed a token's characters has a span that is skipped, never misplaced)."""
    starts, pos = [], 0
    for token in tokens:
        at = sentence.find(token, pos)
        starts.append(at)
        if at >= 0:
            pos = at + len(token)
    out = []
    for _, label, first, after in spans:
        if not 0 <= first < after <= len(tokens) or starts[first] < 0 or starts[after - 1] < 0:
            continue
        out.append((starts[first], starts[after - 1] + len(tokens[after - 1]), label))
    return out
