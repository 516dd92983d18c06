"""Loading a graph file for SPARQL: into Oxigraph (kg query, kg serve, kg html) or into
rdflib (SHACL validation, scoring), the syntax chosen by the file's suffix. A file that is
not valid RDF is a GraphFileError naming where.

A graph of an archive is too large to parse on every start, so it can also be loaded once
into a persistent Oxigraph store (`write_store`), which kg query and kg serve open as it is
(`open_store`). kg marks its stores with a file, `kg-store.json`, so that it replaces only
folders it wrote and reads only folders that are whole stores.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

from kg.errors import Errors, GraphFileError, InputError, OutputError, WriteError
from kg.export.rdf import syntax_of

MARKER = "kg-store.json"  # written last into a store, so a folder with it is a whole store kg wrote
STORE_VERSION = 1


def load_store(graph_path: str | Path, store_dir: str | Path | None = None) -> ox.Store:
    """An Oxigraph store holding the file: in memory, or on disk in `store_dir`."""
    path = Path(graph_path)
    syntax = syntax_of(path)
    store = ox.Store(str(store_dir)) if store_dir is not None else ox.Store()
    try:
        store.bulk_load(path=str(path), format=syntax.oxigraph)
    except (SyntaxError, OSError, ValueError) as exc:
        raise GraphFileError(Errors.E040.format(path=path, format=syntax.oxigraph.name, detail=exc)) from None
    return store


def store_info(store_dir: str | Path) -> dict | None:
    """What the marker of a store kg wrote says (source, sha256, triples), or None for any
    other path: kg must never replace or read as a store a folder it did not write."""
    marker = Path(store_dir) / MARKER
    try:
        info = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return info if isinstance(info, dict) and info.get("kg_store") == STORE_VERSION else None


def is_store(path: str | Path) -> bool:
    """Whether `path` is a store folder written by `write_store`."""
    return Path(path).is_dir() and store_info(path) is not None


def open_store(store_dir: str | Path) -> ox.Store:
    """A store written by `write_store`, opened read-only: queries cannot change it, and
    several processes (kg serve's workers) can read it at once."""
    path = Path(store_dir)
    if store_info(path) is None:
        raise InputError(Errors.E070.format(path=path, marker=MARKER))
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise GraphFileError(Errors.E073.format(path=path, detail=exc)) from None


def open_graph(graph: str | Path) -> ox.Store:
    """The store to query for `graph`: a graph file loaded in memory, or a store folder opened."""
    return open_store(graph) if Path(graph).is_dir() else load_store(graph)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable, so a power cut does not undo a swap half way."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _bulk_load(source: Path, staging: Path, syntax) -> int:
    """Load `source` into a new store in `staging` and close it (the store must be closed
    before its folder is moved); the number of triples."""
    store = ox.Store(str(staging))
    try:
        store.bulk_load(path=str(source), format=syntax.oxigraph)
    except (SyntaxError, ValueError) as exc:
        raise GraphFileError(Errors.E040.format(path=source, format=syntax.oxigraph.name, detail=exc)) from None
    store.flush()
    return len(store)


def write_store(graph_file: str | Path, store_dir: str | Path) -> Path:
    """Load a graph file kg wrote (graph.ttl, graph.nt) into a persistent Oxigraph store at
    `store_dir`, replacing a store kg wrote there before as a whole: the new store is loaded
    beside it and swapped in, so an interrupted load leaves no half store, and a process
    still reading the previous store keeps its open files. Refuses any other folder."""
    source, target = Path(graph_file), Path(store_dir)
    if not source.is_file():
        raise InputError(Errors.E001.format(path=source))
    if target.is_dir():
        if store_info(target) is None and any(target.iterdir()):
            raise OutputError(Errors.E071.format(path=target, marker=MARKER))
    elif target.exists() or target.is_symlink():
        raise OutputError(Errors.E072.format(path=target))
    syntax = syntax_of(source)
    try:
        digest = _sha256(source)
    except OSError as exc:
        raise GraphFileError(Errors.E040.format(path=source, format=syntax.oxigraph.name,
                                                detail=exc.strerror or exc)) from None
    parent = target.absolute().parent
    staging = None
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.loading-", dir=parent))
        triples = _bulk_load(source, staging, syntax)
        info = {"kg_store": STORE_VERSION, "source": source.name, "format": syntax.name, "sha256": digest,
                "triples": triples}
        with (staging / MARKER).open("w", encoding="utf-8") as f:
            json.dump(info, f, indent=1)
            f.flush()
            os.fsync(f.fileno())
        _swap(staging, target)
        staging = None
    except OSError as exc:
        raise WriteError(Errors.E074.format(path=target, detail=exc.strerror or exc)) from None
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    return target


def _swap(staging: Path, target: Path) -> None:
    """Put the complete store `staging` at `target`: the old store is renamed aside, the new
    one renamed in (the old put back if that fails), and only then the old one deleted."""
    aside = None
    if target.is_dir():
        aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=staging.parent))
        os.rename(target, aside)  # onto the empty folder mkdtemp made
    try:
        os.rename(staging, target)
    except OSError:
        if aside is not None:
            os.rename(aside, target)
        raise
    _fsync_dir(staging.parent)
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)


def load_rdflib(graph_path: str | Path):
    """An rdflib Graph holding the file."""
    import rdflib
    path = Path(graph_path)
    syntax = syntax_of(path)
    # rdflib logs a traceback for each ill-typed literal ("2025-13-45"^^xsd:date); the shapes
    # report those as violations, so keep the log quiet while parsing
    term_log = logging.getLogger("rdflib.term")
    level = term_log.level
    term_log.setLevel(logging.CRITICAL)
    try:
        return rdflib.Graph().parse(str(path), format=syntax.rdflib)
    except Exception as exc:  # rdflib raises several unrelated types for bad syntax
        detail = getattr(exc, "strerror", None) or "".join(str(exc).strip().splitlines()[-1:]) or type(exc).__name__
        raise GraphFileError(Errors.E040.format(path=path, format=syntax.rdflib, detail=detail)) from None
    finally:
        term_log.setLevel(level)
