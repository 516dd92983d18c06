"""Stage 2: make text as it arrives (PDF extracts, markdown, ASCII punctuation) uniform.

Every change is an edit of the source text, and the edits are applied in one pass that
keeps a map back to the source, so every offset kg reports points into the text of the
file the user has, not into kg's own copy.

What changes:
- markdown marks (``#`` headings, ``**`` bold) and indentation go;
- lines broken in the middle of a sentence (PDF extracts; a 《title》 split over two
  lines with a blank line between) are joined;
- ASCII punctuation inside Chinese text becomes full-width (, : ; ! ? ( ) ");
- spaces between Chinese and digits or Latin letters go (第 26 号 → 第26号);
- full-width digits and letters become ASCII.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

CJK = "\u4e00-\u9fff"
_CJK_RE = re.compile(f"[{CJK}]")
SENTENCE_END = "。！？；…!?;"
CLOSERS = "”’」』）》】)"
OPENERS = {"《": "》", "“": "”", "（": "）", "(": ")", "「": "」"}
# A line this long that stops without final punctuation was wrapped, not ended.
WRAPPED_LINE_MIN = 24
_ASCII_PUNCT = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_FULLWIDTH_ALNUM = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}
_FULLWIDTH_ALNUM.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})
_FULLWIDTH_ALNUM.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str


class OffsetMap:
    """Maps offsets in normalized text back to offsets in the source text."""

    def __init__(self, anchors: list[tuple[int, int]]):
        # anchors: (normalized offset, source offset) where an unchanged run begins
        self._norm = [a for a, _ in anchors]
        self._src = [b for _, b in anchors]

    def to_source(self, offset: int) -> int:
        i = bisect.bisect_right(self._norm, offset) - 1
        if i < 0:
            return offset
        return self._src[i] + (offset - self._norm[i])


@dataclass(frozen=True)
class NormalizedText:
    text: str
    offsets: OffsetMap


def apply_edits(source: str, edits: list[Edit]) -> NormalizedText:
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
    return NormalizedText("".join(parts), OffsetMap(anchors))


def _is_cjk(ch: str) -> bool:
    return bool(ch) and "\u4e00" <= ch <= "\u9fff"


def _is_cjkish(ch: str) -> bool:
    """Chinese characters and Chinese punctuation."""
    return bool(ch) and ("\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
                         or ch in "“”‘’…—·")


def _unclosed(line: str) -> bool:
    depth: dict[str, int] = {}
    for ch in line:
        if ch in OPENERS:
            depth[ch] = depth.get(ch, 0) + 1
        else:
            for o, c in OPENERS.items():
                if ch == c and depth.get(o):
                    depth[o] -= 1
    return any(depth.values()) or line.count('"') % 2 == 1


_HEADING_START = re.compile(r"^\s*(#|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d{1,2}[.、．](?!\d))")


def _line_edits(source: str) -> list[Edit]:
    """Markup, indentation and wrapped lines."""
    edits: list[Edit] = []
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]*", source)]
    # (start, text) of each line, empty ones included
    nonempty = [(s, t) for s, t in lines if t.strip()]
    for i, (start, line) in enumerate(nonempty):
        stripped = line.strip()
        lead = len(line) - len(line.lstrip())
        m = re.match(r"\s*(#{1,6}\s+|>\s*)", line)
        if m:
            edits.append(Edit(start, start + m.end(), ""))
        elif lead:
            edits.append(Edit(start, start + lead, ""))
        for b in re.finditer(r"\*\*", line):
            edits.append(Edit(start + b.start(), start + b.end(), ""))
        trail = len(line) - len(line.rstrip())
        line_end = start + len(line)
        following = nonempty[i + 1] if i + 1 < len(nonempty) else None
        if following and _joins(stripped, following[1].strip()):
            # delete from the end of this line's text to the start of the next line's text
            next_lead = len(following[1]) - len(following[1].lstrip())
            edits.append(Edit(line_end - trail, following[0] + next_lead, ""))
        elif trail:
            edits.append(Edit(line_end - trail, line_end, ""))
    return edits


def _joins(line: str, following: str) -> bool:
    """True when `line` was wrapped and `following` continues its sentence."""
    if not line or not following or line.startswith("#") or _HEADING_START.match(following):
        return False
    last, first = line[-1], following[0]
    if last in SENTENCE_END or (last in CLOSERS and len(line) > 1 and line[-2] in SENTENCE_END):
        return False
    if not (_is_cjkish(last) or last.isalnum()) or not (_is_cjkish(first) or first.isalnum()):
        return False
    if first in "“《（(" and not _unclosed(line):
        return len(line) >= WRAPPED_LINE_MIN and last not in "：:"
    if last in "：:" or re.fullmatch(r"[\u4e00-\u9fff]{2,10}[：:]", following):
        return False  # a salutation (王五委员：) starts a letter's body
    if (line[0] in "（(" and last in "）)") or re.match(r"[\u4e00-\u9fff]{2,4}[：:]", following):
        return False  # a whole parenthetical line; a labelled line (抄送：, 附件：)
    return _unclosed(line) or len(line) >= WRAPPED_LINE_MIN


def _char_edits(source: str) -> list[Edit]:
    """Punctuation, spaces and full-width alphanumerics."""
    edits: list[Edit] = []
    for m in re.finditer(r"[,:;!?()]", source):
        i = m.start()
        before, after = source[i - 1:i], source[i + 1:i + 2]
        ch = m.group()
        if ch in "()":
            near = source[max(0, i - 12):i + 12]
            if _CJK_RE.search(near):
                edits.append(Edit(i, i + 1, _ASCII_PUNCT[ch]))
        elif _is_cjkish(before) or (_is_cjkish(after) and not before.isdigit()):
            edits.append(Edit(i, i + 1, _ASCII_PUNCT[ch]))
    # straight double quotes inside Chinese text: alternate opening and closing, per line
    for line in re.finditer(r"[^\n]+", source):
        if '"' not in line.group() or not _CJK_RE.search(line.group()):
            continue
        opening = True
        for q in re.finditer('"', line.group()):
            edits.append(Edit(line.start() + q.start(), line.start() + q.end(), "“" if opening else "”"))
            opening = not opening
    for m in re.finditer(r"[ \t\u00a0\u3000]+", source):
        before, after = source[m.start() - 1:m.start()], source[m.end():m.end() + 1]
        if not before or not after or before == "\n" or after == "\n":
            continue  # line ends are handled with lines
        if (_is_cjkish(before) and (after.isascii() and after.isalnum())) or \
                (_is_cjkish(after) and (before.isascii() and before.isalnum())) or \
                (_is_cjkish(before) and after in "，。、；：！？”）》") or (before in "“（《" and _is_cjkish(after)):
            edits.append(Edit(m.start(), m.end(), ""))
        elif m.group() != " ":
            edits.append(Edit(m.start(), m.end(), " "))
    for m in re.finditer("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]", source):
        edits.append(Edit(m.start(), m.end(), _FULLWIDTH_ALNUM[m.group()]))
    for m in re.finditer("[\u200b-\u200f\ufeff]", source):
        edits.append(Edit(m.start(), m.end(), ""))
    return edits


def normalize(source: str) -> NormalizedText:
    source = source.replace("\r\n", "\n").replace("\r", "\n") if "\r" in source else source
    return apply_edits(source, _line_edits(source) + _char_edits(source))
