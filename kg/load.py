"""Stage 1: find the articles and read them as text, whatever their encoding.

Encodings are detected from the bytes (charset-normalizer), not guessed from the file's
name. A file that is empty, binary or undecodable is reported and skipped; it never
stops the build.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

TEXT_SUFFIXES = {".txt", ".md", ".text"}
# Share of replacement or control characters above which a decoded file is not text.
MAX_NOISE = 0.02


class InputError(Exception):
    """A path given on the command line that cannot be read at all."""


@dataclass(frozen=True)
class SourceText:
    name: str  # file name, used as the document's id
    path: str
    text: str
    encoding: str
    sha256: str


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


def find_files(paths: list[str | Path]) -> list[Path]:
    """Expand folders into the text files below them, sorted so builds are reproducible."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"no such file or folder: {path}")
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES
                                and not p.name.startswith(".")))
        else:
            files.append(path)
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding) or raise ValueError saying why the bytes are not text."""
    if not data.strip():
        raise ValueError("empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if b"\x00" in data[:4096] and not (data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff")):
        raise ValueError("binary file (NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=["gb18030", "utf_16", "big5", "utf_8"]).best()
    if best is None:
        raise ValueError("undecodable: not UTF-8, GB18030 or UTF-16 text")
    text = str(best)
    noise = sum(1 for c in text if c == "\ufffd" or (ord(c) < 32 and c not in "\n\r\t\f"))
    if noise > MAX_NOISE * len(text):
        raise ValueError(f"undecodable: {best.encoding} gives {noise} control or replacement characters")
    return text, best.encoding


def read_source(path: Path) -> SourceText:
    data = path.read_bytes()
    text, encoding = decode(data)
    if not any("\u4e00" <= c <= "\u9fff" for c in text[:20000]):
        raise ValueError(f"no Chinese text (decoded as {encoding})")
    return SourceText(path.name, str(path), text, encoding, hashlib.sha256(data).hexdigest())


def source_from_string(text: str, name: str) -> SourceText:
    return SourceText(name, name, text, "str", hashlib.sha256(text.encode("utf-8")).hexdigest())
