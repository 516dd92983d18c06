"""Stage 1: find the articles and read them as text, whatever their encoding.

Encodings are detected from the bytes (charset-normalizer for the legacy ones), not
guessed from the file's name: UTF-8 (with or without a BOM), UTF-16 (with or without a
BOM), GB18030/GBK and Big5. A few bad bytes in an otherwise good file (a file cut in the
middle of a character, one corrupt byte) are replaced by U+FFFD and reported, so the
article is kept. A file that is empty, binary or undecodable, and anything in a folder
that is not a regular file (a FIFO, a socket, a dangling link, a link back to a folder
already read) is reported and skipped; it never stops or hangs the build.
"""
from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import threading
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

from kg.errors import Errors, InputError

TEXT_SUFFIXES = {".txt", ".md", ".text"}
MARKUP_SUFFIXES = {".html", ".htm", ".xhtml"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | MARKUP_SUFFIXES
# Share of replacement or control characters above which a decoded file is not text.
MAX_NOISE = 0.02
# Share of a file's non-ASCII bytes that may be bad before the file is taken to be in
# another encoding rather than damaged UTF-8 (a GB18030 file read as UTF-8 is nearly all bad).
MAX_BAD_BYTES = 0.01
TRUNCATED_CHARACTER = 3  # bad bytes a file cut inside its last character has
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_MARKUP_START = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|p|"
                           r"table|article|section|h[1-6]|span)\b", re.I | re.S)


@dataclass(frozen=True)
class SourceText:
    name: str  # file name, used as the document's id
    path: str
    text: str  # the file's text as decoded: every offset kg reports points into it
    encoding: str
    sha256: str
    markup: bool = False  # HTML, to be reduced to its text before extraction
    notes: tuple[str, ...] = ()  # what reading had to repair (bad bytes replaced)


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    replaced: int = 0  # bad bytes replaced by U+FFFD


@dataclass
class FoundFiles:
    files: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a regular file"


def find_files(paths: list[str | Path]) -> FoundFiles:
    """Expand folders into the article files below them (.txt, .md, .html …), sorted so
    builds are reproducible. A path given that does not exist is the user's mistake
    (InputError); what cannot be read inside a folder is skipped with its reason."""
    found = FoundFiles()
    for given in paths:
        path = Path(given)
        try:
            st = path.stat()
        except OSError:
            raise InputError(Errors.E001.format(path=path)) from None
        if stat.S_ISDIR(st.st_mode):
            _walk(path, found, set())
        elif stat.S_ISREG(st.st_mode):
            found.files.append(path)
        else:
            found.skipped.append(Skipped(str(path), f"{_kind(st.st_mode)}, not an article file"))
    seen: set[tuple[int, int]] = set()
    unique = []
    for f in found.files:
        st = f.stat()
        if (st.st_dev, st.st_ino) not in seen:
            seen.add((st.st_dev, st.st_ino))
            unique.append(f)
    found.files = unique
    return found


def _walk(folder: Path, found: FoundFiles, ancestors: set[tuple[int, int]]) -> None:
    st = folder.stat()
    here = (st.st_dev, st.st_ino)
    if here in ancestors:
        found.skipped.append(Skipped(str(folder), "a link back to a folder it is inside (a loop)"))
        return
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        found.skipped.append(Skipped(str(folder), f"folder not readable: {exc.strerror}"))
        return
    inside = ancestors | {here}
    for entry in entries:
        if entry.name.startswith("."):
            continue  # hidden files and kg's own work folders
        path = Path(entry.path)
        article_name = path.suffix.lower() in ARTICLE_SUFFIXES
        try:
            st = os.stat(path)  # follows links
        except OSError as exc:
            if entry.is_symlink() or article_name:
                why = "a link to nothing (dangling)" if entry.is_symlink() else f"not readable: {exc.strerror}"
                found.skipped.append(Skipped(str(path), why))
            continue
        if stat.S_ISDIR(st.st_mode):
            if article_name:
                found.skipped.append(Skipped(str(path), "a folder named like an article; its files are read "
                                                        "as a folder's"))
            _walk(path, found, inside)
        elif article_name:
            if stat.S_ISREG(st.st_mode):
                found.files.append(path)
            else:
                found.skipped.append(Skipped(str(path), f"{_kind(st.st_mode)}, not an article file"))


_COUNT = threading.local()


def _count_and_replace(error: UnicodeDecodeError):
    _COUNT.bad = getattr(_COUNT, "bad", 0) + (error.end - error.start)
    return "\ufffd", error.end


codecs.register_error("kg.count", _count_and_replace)


def _decode_counting(data: bytes, encoding: str) -> tuple[str, int]:
    """Decode, replacing bad bytes, and say how many there were."""
    _COUNT.bad = 0
    text = data.decode(encoding, errors="kg.count")
    return text, _COUNT.bad


def _non_ascii(data: bytes) -> int:
    return len(data) - len(data.translate(None, bytes(range(0x80, 0x100))))


def _cjk_share(text: str) -> float:
    """Share of a text's visible characters that are common Chinese characters or Chinese
    punctuation (what a wrong byte order or encoding rarely gives)."""
    sample = text[:20000]
    letters = sum(1 for c in sample if not c.isspace())
    chinese = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef")
    return chinese / max(1, letters)


def _noise(text: str) -> int:
    """Replacement, control and private-use characters: what a wrong decoding gives."""
    return sum(1 for c in text if c == "\ufffd" or (ord(c) < 32 and c not in "\n\r\t\f") or "\ue000" <= c <= "\uf8ff")


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 text that starts with no BOM: readable as one byte order, mostly Chinese."""
    even = data[:len(data) - len(data) % 2]
    candidates = []
    for encoding in ("utf-16-le", "utf-16-be"):
        text, bad = _decode_counting(even, encoding)
        bad += len(data) % 2
        share = _cjk_share(text)
        if bad <= MAX_BAD_BYTES * len(data) and share >= 0.3 and _noise(text[:20000]) <= 0.01 * len(text[:20000]):
            candidates.append((share, Decoded(text, encoding, bad)))
    return max(candidates, key=lambda c: c[0])[1] if candidates else None


def decode(data: bytes) -> Decoded:
    """The text of a file's bytes, or ValueError saying why they are not text."""
    if not data.strip():
        raise ValueError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text, bad = _decode_counting(data, encoding)
            return Decoded(text.lstrip("\ufeff"), encoding, bad)
    if b"\x00" in data[:65536]:
        found = _utf16_without_bom(data)
        if found is None:
            raise ValueError("binary file (NUL bytes)")
        return found
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    text, bad = _decode_counting(data, "utf-8")
    if bad <= TRUNCATED_CHARACTER + MAX_BAD_BYTES * _non_ascii(data):
        return Decoded(text, "utf-8", bad)  # damaged UTF-8, not another encoding
    found = _utf16_without_bom(data)
    if found is not None:
        return found
    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_8"]).best()
    if best is not None:
        text = str(best)
        noise = _noise(text)
        if noise > MAX_NOISE * len(text):
            raise ValueError(f"undecodable: {best.encoding} gives {noise} control or replacement characters")
        return Decoded(text, best.encoding)
    for encoding in ("gb18030", "big5"):  # a legacy file with a bad byte of its own
        text, bad = _decode_counting(data, encoding)
        if bad <= MAX_BAD_BYTES * _non_ascii(data) and _cjk_share(text) >= 0.2:
            return Decoded(text, encoding, bad)
    raise ValueError("undecodable: not UTF-8, UTF-16, GB18030 or Big5 text")


def is_markup(name: str, text: str) -> bool:
    """HTML by its name, or a text file whose content is a web page."""
    return Path(name).suffix.lower() in MARKUP_SUFFIXES or bool(_MARKUP_START.match(text[:4096]))


def read_bytes(path: Path) -> bytes:
    """A regular file's bytes; anything else (a FIFO swapped in since the folder was
    listed) is refused without blocking on it."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise ValueError(f"{_kind(mode)}, not an article file")
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read()
    finally:
        os.close(fd)


def _source(name: str, path: str, text: str, encoding: str, sha256: str, replaced: int = 0) -> SourceText:
    notes = (f"{replaced} byte{'s' if replaced != 1 else ''} that are not {encoding} replaced by U+FFFD",) \
        if replaced else ()
    return SourceText(name, path, text, encoding, sha256, is_markup(name, text), notes)


def read_source(path: Path) -> SourceText:
    data = read_bytes(path)
    decoded = decode(data)
    return _source(path.name, str(path), decoded.text, decoded.encoding, hashlib.sha256(data).hexdigest(),
                   decoded.replaced)


def source_from_string(text: str, name: str) -> SourceText:
    return _source(name, name, text, "str", hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())
