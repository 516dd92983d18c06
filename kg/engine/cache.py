"""Where extractions live between the workers and the merge, and between builds.

An `ExtractionStore` is a folder of shards (one JSON-lines file per partition, written
as the partition arrives) and a SQLite index from each article's key to its line. A
build reads the shards back one article at a time, so memory holds the graph, not the
corpus. Kept, the same folder is the cache: an article whose key is in the index is not
extracted again.

An article's key is the SHA-256 of its bytes and its file name (the name scopes the
article's short forms). The folder is chosen by a fingerprint of everything extraction
depends on: kg's version and extraction code, its data files, the ``--data`` folders,
the NER backend, its model and types. Change any of them (edit a pattern file) and
the fingerprint, and so the folder, is new: everything is extracted again.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import kg
from kg.engine.records import loads
from kg.errors import Errors, WriteError
from kg.model import DocumentExtraction

PACKAGE = Path(kg.__file__).parent
# what extraction reads besides the article: kg's own code of those stages and its data
EXTRACTION_CODE = ("engine/records.py", "extract", "ingest", "model.py", "lexicon.py", "text.py", "dates.py",
                   "schema.py", "data")
NOT_EXTRACTION = ("data/sample", "data/SAMPLE.md", "data/ontology")
OPEN_SHARDS = 64  # shard files kept open while the merge reads


def default_cache_dir() -> Path:
    """$KG_CACHE_DIR, else $XDG_CACHE_HOME/kg, else ~/.cache/kg."""
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kg"


def _files(root: Path, skip: tuple[str, ...] = ()) -> Iterator[tuple[str, Path]]:
    if root.is_file():
        yield root.name, root
        return
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and "__pycache__" not in rel and not any(rel == s or rel.startswith(s + "/")
                                                                     for s in skip):
            yield rel, path


def _hash_files(h, root: Path, skip: tuple[str, ...] = ()) -> None:
    for rel, path in _files(root, skip):
        h.update(rel.encode() + b"\0")
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        h.update(b"\0")


def fingerprint(ner: str, data: Iterable[str], hanlp_model: str | None, hanlp_types) -> str:
    """A digest of what extraction depends on besides the article."""
    h = hashlib.sha256(f"kg {kg.__version__}\0ner {ner}\0types {hanlp_types}\0".encode())
    for part in EXTRACTION_CODE:
        skip = tuple(s[len(part) + 1:] for s in NOT_EXTRACTION if s.startswith(part + "/"))
        _hash_files(h, PACKAGE / part, skip)
    for folder in data:
        h.update(b"data\0")
        _hash_files(h, Path(folder))
    if hanlp_model:
        h.update(f"model {hanlp_model}\0".encode())
        if Path(hanlp_model).is_dir():
            _hash_files(h, Path(hanlp_model))
    return h.hexdigest()[:20]


def code_fingerprint() -> str:
    """A digest of all of kg's code and data, writers included: what the outputs of the same
    extractions depend on."""
    h = hashlib.sha256(f"kg {kg.__version__}\0".encode())
    _hash_files(h, PACKAGE)
    return h.hexdigest()[:20]


def article_key(sha256: str, name: str) -> str:
    return f"{sha256}/{name}"


@dataclass(frozen=True)
class Entry:
    """Where one article's extraction is: its shard, the line's byte offset and length."""

    shard: str
    offset: int
    length: int


class ExtractionStore:
    """Shards and their index in `folder`; with `keep=False`, a working set removed on close."""

    def __init__(self, folder: Path, keep: bool = True):
        self.folder, self.keep = Path(folder), keep
        (self.folder / "shards").mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.folder / "index.sqlite", timeout=60, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        # a cache, not a ledger: a commit lost to a power cut costs a re-extraction, not data (the
        # shard it points to is synced first); a working set needs no durability at all
        self.db.execute(f"PRAGMA synchronous={'NORMAL' if keep else 'OFF'}")
        self.db.execute("CREATE TABLE IF NOT EXISTS articles (key TEXT PRIMARY KEY, shard TEXT, "
                        "offset INTEGER, length INTEGER)")
        self._open: OrderedDict[str, object] = OrderedDict()

    @classmethod
    def for_build(cls, cache: str | Path | None, key: str) -> "ExtractionStore":
        """The cache folder of this fingerprint under `cache`, or (cache None) a temporary one."""
        if cache is None:
            return cls(Path(tempfile.mkdtemp(prefix="kg-shards-")), keep=False)
        folder = Path(cache) / key
        store = cls(folder)
        about = folder / "fingerprint.json"
        if not about.exists():
            about.write_text(json.dumps({"kg": kg.__version__, "fingerprint": key}), encoding="utf-8")
        return store

    def get(self, key: str) -> Entry | None:
        row = self.db.execute("SELECT shard, offset, length FROM articles WHERE key = ?", (key,)).fetchone()
        return Entry(*row) if row else None

    def add(self, items: list[tuple[str, str]]) -> dict[str, Entry]:
        """Write one partition's extractions ((key, line) pairs) as a new shard, then index it."""
        if not items:
            return {}
        try:
            return self._add(items)
        except (OSError, sqlite3.Error) as exc:
            raise WriteError(Errors.E063.format(path=self.folder, detail=getattr(exc, "strerror", None) or exc)) from None

    def _add(self, items: list[tuple[str, str]]) -> dict[str, Entry]:
        name = f"{uuid.uuid4().hex}.jsonl"
        entries, offset = {}, 0
        with open(self.folder / "shards" / name, "wb") as f:
            for key, line in items:
                data = line.encode("utf-8") + b"\n"
                f.write(data)
                entries[key] = Entry(name, offset, len(data))
                offset += len(data)
            f.flush()
            if self.keep:
                os.fsync(f.fileno())
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?)",
                                [(k, e.shard, e.offset, e.length) for k, e in entries.items()])
        return entries

    def read(self, entry: Entry) -> DocumentExtraction:
        f = self._open.pop(entry.shard, None) or open(self.folder / "shards" / entry.shard, "rb")
        self._open[entry.shard] = f
        if len(self._open) > OPEN_SHARDS:
            self._open.popitem(last=False)[1].close()
        f.seek(entry.offset)
        return loads(f.read(entry.length))

    def close(self) -> None:
        for f in self._open.values():
            f.close()
        self._open.clear()
        self.db.close()
        if not self.keep:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "ExtractionStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def cache_info(cache: str | Path | None = None) -> list[dict]:
    """Each fingerprint's folder under the cache: its articles and bytes on disk."""
    root = Path(cache) if cache is not None else default_cache_dir()
    out = []
    for folder in sorted(p for p in root.glob("*") if (p / "index.sqlite").exists()):
        db = sqlite3.connect(folder / "index.sqlite")
        try:
            articles = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        except sqlite3.DatabaseError:
            articles = 0
        finally:
            db.close()
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        out.append({"fingerprint": folder.name, "articles": articles, "bytes": size, "folder": str(folder)})
    return out


def clear_cache(cache: str | Path | None = None) -> int:
    """Remove every extraction kg cached under `cache`, and the records of which outputs
    are up to date (kg.builder); the number of articles removed."""
    root = Path(cache) if cache is not None else default_cache_dir()
    removed = 0
    for info in cache_info(root):
        removed += info["articles"]
        shutil.rmtree(info["folder"], ignore_errors=True)
    shutil.rmtree(root / "outputs", ignore_errors=True)
    return removed
