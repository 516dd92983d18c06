"""What every stage knows about Chinese text: which characters are Chinese, and edits of a
text that keep a map back to the text they were made from.

Each reading step (line ends, markup, script, punctuation) is a list of `Edit`s of its
input, applied in one pass by `apply_edits`; the maps of successive steps compose, so an
offset in the text kg extracts from always leads back to the file the user has.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

# Chinese characters: the unified ideographs, extension A, compatibility ideographs and the
# supplementary planes' extensions (rare characters of personal and place names).
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"


def is_cjk(ch: str) -> bool:
    return bool(ch) and ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"
                         or "\U00020000" <= ch <= "\U0003134f")


def is_cjkish(ch: str) -> bool:
    """Chinese characters and Chinese punctuation."""
    return bool(ch) and (is_cjk(ch) or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or ch in "“”‘’…—·")


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str


class OffsetMap:
    """Maps offsets in an edited text back to offsets in the text it was made from."""

    def __init__(self, anchors: list[tuple[int, int]]):
        # anchors: (edited offset, original offset) where an unchanged run begins
        self._norm = [a for a, _ in anchors]
        self._src = [b for _, b in anchors]

    def to_source(self, offset: int) -> int:
        i = bisect.bisect_right(self._norm, offset) - 1
        if i < 0:
            return offset
        return self._src[i] + (offset - self._norm[i])

    def then(self, later: "OffsetMap") -> "OffsetMap":
        """The map of this step followed by `later` (a step applied to this step's output)."""
        return _Composed(self, later)


class _Composed(OffsetMap):
    def __init__(self, first: OffsetMap, second: OffsetMap):
        self.first, self.second = first, second

    def to_source(self, offset: int) -> int:
        return self.first.to_source(self.second.to_source(offset))


IDENTITY = OffsetMap([(0, 0)])


@dataclass(frozen=True)
class EditedText:
    text: str
    offsets: OffsetMap


def apply_edits(source: str, edits: list[Edit]) -> EditedText:
    """Apply non-overlapping edits in one pass; an edit overlapping an earlier one is dropped."""
    parts: list[str] = []
    anchors: list[tuple[int, int]] = [(0, 0)]
    pos = 0
    out = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < pos:
            continue
        parts.append(source[pos:e.start])
        out += e.start - pos
        parts.append(e.text)
        # the replacement maps to the edit's start; text after it maps to the edit's end
        anchors.append((out, e.start))
        out += len(e.text)
        anchors.append((out, e.end))
        pos = e.end
    parts.append(source[pos:])
    return EditedText("".join(parts), OffsetMap(anchors))
