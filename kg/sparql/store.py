"""Loading a graph file for SPARQL: into Oxigraph (kg query, kg serve, kg html) or into
rdflib (SHACL validation, scoring), the syntax chosen by the file's suffix. A file that is
not valid RDF is a GraphFileError naming where."""
from __future__ import annotations

import logging
from pathlib import Path

import pyoxigraph as ox

from kg.errors import Errors, GraphFileError
from kg.export.rdf import syntax_of


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
