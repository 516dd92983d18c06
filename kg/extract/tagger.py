"""jieba's part-of-speech tagger with its hidden Markov model decoded by numpy.

jieba.posseg finds the words of its dictionary itself and hands each run of characters it
does not know (a new name: 韩晓舟) to a Viterbi decoder over 256 states (B/M/E/S × tag),
written in pure Python: that decoder is about 85% of the time jieba takes, a millisecond
a character. `POSHMM` decodes the same model (jieba's own tables) with the same arithmetic
in the same order, so it gives the same words and tags, only each step is a few array
operations. Ties go where jieba's ``max((prob, state), …)`` sends them, to the larger
state: the states are numbered from the largest, and numpy's argmax takes the first.
"""
from __future__ import annotations

from functools import lru_cache

import jieba
import jieba.posseg
import numpy as np

MIN_FLOAT = -3.14e100  # jieba's log probability of an emission its tables do not list


class POSHMM:
    """The posseg model of jieba (start, transition, emission and each character's states)."""

    def __init__(self, char_states: dict, start_p: dict, trans_p: dict, emit_p: dict):
        self.states = sorted(trans_p, reverse=True)
        index = {s: i for i, s in enumerate(self.states)}
        n = len(self.states)
        self.start = np.array([start_p[s] for s in self.states])
        self.trans = np.full((n, n), -np.inf)
        self.follows = np.zeros((n, n), dtype=bool)  # follows[a, b]: jieba lists a → b
        for a, nexts in trans_p.items():
            for b, p in nexts.items():
                self.trans[index[a], index[b]] = p
                self.follows[index[a], index[b]] = True
        self.has_next = self.follows.any(axis=1)
        self._emit_p = [emit_p[s] for s in self.states]
        self._char_states = {c: tuple(index[s] for s in states) for c, states in char_states.items()}
        self._all = np.ones(n, dtype=bool)

    # per character, kept for the 4,096 most recent (3,500 characters make 99% of a text)
    @lru_cache(maxsize=4096)
    def _char(self, ch: str) -> tuple[np.ndarray, np.ndarray]:
        """The states jieba lets `ch` take (every state for a character it has not seen),
        and the log probability of each state emitting it."""
        states = self._char_states.get(ch)
        if states is None:
            allowed = self._all
        else:
            allowed = np.zeros(len(self.states), dtype=bool)
            allowed[list(states)] = True
        return allowed, np.array([e.get(ch, MIN_FLOAT) for e in self._emit_p])

    @lru_cache(maxsize=1 << 14)  # a run of new characters (名, 走实, a name) recurs
    def decode(self, text: str) -> tuple[tuple[str, str], ...]:
        """The most likely state of each character of `text`, as jieba.posseg.viterbi has it."""
        allowed, emit = self._char(text[0])
        active = np.flatnonzero(allowed)
        values = self.start[active] + emit[active]
        back = []  # per step: the states reached, and the state each came from
        for ch in text[1:]:
            keep = self.has_next[active]
            prev, prev_values = active[keep], values[keep]
            expected = self.follows[prev].any(axis=0)
            allowed, emit = self._char(ch)
            allowed = allowed & expected
            if not allowed.any():
                allowed = expected if expected.any() else self._all
            ys = np.flatnonzero(allowed)
            scores = (prev_values[:, None] + self.trans[prev][:, ys]) + emit[ys]
            best = scores.argmax(axis=0)
            values = scores[best, np.arange(len(ys))]
            back.append((ys, prev[best]))
            active = ys
        state = int(active[values.argmax()])
        route = [state]
        for ys, came in reversed(back):
            state = int(came[np.searchsorted(ys, state)])
            route.append(state)
        return tuple(self.states[s] for s in reversed(route))


@lru_cache(maxsize=None)
def jieba_hmm() -> POSHMM:
    p = jieba.posseg
    return POSHMM(p.char_state_tab_P, p.start_P, p.trans_P, p.emit_P)


class POSTokenizer(jieba.posseg.POSTokenizer):
    """jieba.posseg's tokenizer (its dictionary, its tags, its handling of figures and
    Latin text), with `POSHMM` decoding the runs it does not know."""

    def __init__(self, tokenizer: jieba.Tokenizer | None = None):
        super().__init__(tokenizer or jieba.dt)
        self.hmm = jieba_hmm()

    def _POSTokenizer__cut(self, sentence: str):  # the method jieba calls on a run of new characters
        route = self.hmm.decode(sentence)
        begin = done = 0
        for i, (position, tag) in enumerate(route):
            if position == "B":
                begin = i
            elif position in "ES":
                yield jieba.posseg.pair(sentence[begin if position == "E" else i:i + 1], tag)
                done = i + 1
        if done < len(sentence):  # a word the route leaves open runs to the end
            yield jieba.posseg.pair(sentence[done:], route[done][1])
