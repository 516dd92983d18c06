"""Stage 2: make text as it arrives (web pages, traditional characters, PDF extracts,
markdown, ASCII punctuation) uniform for extraction.

Every change is an edit of its input, applied in one pass that keeps a map back (see
kg/text.py); the maps of the steps compose, so every offset kg reports points into the
text of the file the user has, not into kg's own copy.

The steps, in order:
- line ends: CRLF and CR become LF;
- a web page becomes its text (kg/markup.py);
- traditional characters become simplified ones, character for character (OpenCC's
  ``t2s``), and 「」 become “”; the traditional text is kept as `display`, for evidence;
- markdown marks (``#`` headings, ``**`` bold) and indentation go;
- lines broken in the middle of a sentence (PDF extracts; a 《title》 split over two
  lines with a blank line between) are joined;
- ASCII punctuation inside Chinese text becomes full-width (, : ; ! ? ( ) ");
- spaces between Chinese and digits or Latin letters go (第 26 号 → 第26号);
- full-width digits and letters become ASCII.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.ingest.markup import page_text
from kg.text import CJK, Edit, OffsetMap, apply_edits, is_cjkish

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
# Share of a text's Chinese characters that differ in simplified script, above which the
# text is in traditional characters (a simplified text has almost none).
TRADITIONAL_SHARE = 0.05
_TRADITIONAL_QUOTES = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})


@dataclass(frozen=True)
class NormalizedText:
    text: str  # what extraction reads
    offsets: OffsetMap  # from `text` to the source file's text
    display: str | None = None  # `text` in the source's own script (traditional), same offsets
    title: str | None = None  # a web page's headline

    @property
    def shown(self) -> str:
        """The text evidence is quoted from: the source's script, kg's cleaning."""
        return self.display if self.display is not None else self.text


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


def _line_edits(source: str, wrapped: bool = True) -> list[Edit]:
    """Markdown marks, indentation and (when `wrapped`) lines wrapped mid-sentence."""
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
        if wrapped and following and _joins(stripped, following[1].strip()):
            # delete from the end of this line's text to the start of the next line's text
            next_lead = len(following[1]) - len(following[1].lstrip())
            edits.append(Edit(line_end - trail, following[0] + next_lead, ""))
        elif trail:
            edits.append(Edit(line_end - trail, line_end, ""))
    return edits


def _joins(line: str, following: str) -> bool:
    """True when `line` was wrapped and `following` continues its sentence."""
    if not _CJK_RE.search(line):
        return False  # a row of figures, a line of Latin text: not a wrapped Chinese sentence
    if not line or not following or line.startswith("#") or _HEADING_START.match(following):
        return False
    last, first = line[-1], following[0]
    if last in SENTENCE_END or (last in CLOSERS and len(line) > 1 and line[-2] in SENTENCE_END):
        return False
    if not (is_cjkish(last) or last.isalnum()) or not (is_cjkish(first) or first.isalnum()):
        return False
    if first in "“《（(" and not _unclosed(line):
        return len(line) >= WRAPPED_LINE_MIN and last not in "：:"
    if last in "：:" or re.fullmatch(f"[{CJK}]{{2,10}}[：:]", following):
        return False  # a salutation (王五委员：) starts a letter's body
    if (line[0] in "（(" and last in "）)") or re.match(f"[{CJK}]{{2,4}}[：:]", following):
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
        elif is_cjkish(before) or (is_cjkish(after) and not before.isdigit()):
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
        if (is_cjkish(before) and (after.isascii() and after.isalnum())) or \
                (is_cjkish(after) and (before.isascii() and before.isalnum())) or \
                (is_cjkish(before) and after in "，。、；：！？”）》") or (before in "“（《" and is_cjkish(after)):
            edits.append(Edit(m.start(), m.end(), ""))
        elif m.group() != " ":
            edits.append(Edit(m.start(), m.end(), " "))
    for m in re.finditer("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]", source):
        edits.append(Edit(m.start(), m.end(), _FULLWIDTH_ALNUM[m.group()]))
    for m in re.finditer("[\u200b-\u200f\ufeff]", source):
        edits.append(Edit(m.start(), m.end(), ""))
    return edits


def _line_end_edits(source: str) -> list[Edit]:
    return [Edit(m.start(), m.end(), "\n") for m in re.finditer("\r\n?", source)]


@lru_cache(maxsize=None)
def _t2s():
    """OpenCC's converter to simplified characters, made once: loading its dictionaries
    takes longer than converting an article."""
    import opencc
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str | None:
    """The text in simplified characters, character for character (so offsets do not
    move), when it is written in traditional ones (劉國華 → 刘国华); else None."""
    converter = _t2s()
    sample = text[:20000]
    chinese = len(_CJK_RE.findall(sample))
    changed = sum(1 for a, b in zip(sample, converter.convert(sample)) if a != b)
    if not chinese or changed < TRADITIONAL_SHARE * chinese:
        return None
    lines = []
    for line in text.split("\n"):
        converted = converter.convert(line)
        if len(converted) != len(line):  # a phrase of another length: convert each character alone
            converted = "".join(c if len(c := converter.convert(ch)) == 1 else ch for ch in line)
        lines.append(converted.translate(_TRADITIONAL_QUOTES))
    return "\n".join(lines)


def normalize(source: str, markup: bool = False) -> NormalizedText:
    """Make `source` uniform for extraction: line ends, a web page's text (`markup`),
    simplified characters, then lines, punctuation and spaces."""
    step = apply_edits(source, _line_end_edits(source))
    offsets = step.offsets
    title = None
    if markup:
        page = page_text(step.text)
        title = page.title
        step = apply_edits(step.text, page.edits)
        offsets = offsets.then(step.offsets)
    text = step.text
    simplified = to_simplified(text) if _CJK_RE.search(text[:20000]) else None
    display = text if simplified is not None else None
    text = simplified if simplified is not None else text
    edits = _line_edits(text, wrapped=not markup) + _char_edits(text)
    final = apply_edits(text, edits)
    return NormalizedText(final.text, offsets.then(final.offsets),
                          apply_edits(display, edits).text if display is not None else None, title)
