"""SPARQL queries over a loaded graph, run and printed (``kg query``) or answered as the
SPARQL 1.1 protocol wants (``kg serve``, kg/sparql/serve.py). Both are read-only and, unless
told otherwise, refuse SERVICE, which would make this machine fetch any URL a query names.
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pyoxigraph as ox

from kg.errors import Errors, InputError, QueryError
from kg.export.rdf import WRITTEN

RESULT_FORMATS = {
    "csv": (ox.QueryResultsFormat.CSV, "text/csv; charset=utf-8"),
    "tsv": (ox.QueryResultsFormat.TSV, "text/tab-separated-values; charset=utf-8"),
    "json": (ox.QueryResultsFormat.JSON, "application/sparql-results+json"),
    "xml": (ox.QueryResultsFormat.XML, "application/sparql-results+xml"),
}


def read_query(query: str) -> str:
    """A query is a file (.rq/.sparql) or the text itself."""
    path = Path(query)
    if path.suffix in (".rq", ".sparql") or (len(query) < 4096 and "\n" not in query and path.is_file()):
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(Errors.E044.format(path=path, detail=getattr(exc, "strerror", None) or exc)) from None
    return query


# Strings, IRIs and comments of SPARQL's grammar: a SERVICE inside them is no keyword.
_SPARQL_SKIPPED = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                             r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\''
                             r'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n\r]*', re.S)
_SERVICE = re.compile(r"(?<![\w?$:.-])SERVICE(?![\w:.-])", re.I)


def uses_service(query: str) -> bool:
    """Whether a query has a SERVICE clause (outside its strings, IRIs and comments)."""
    return bool(_SERVICE.search(_SPARQL_SKIPPED.sub(" ", query)))


def _term(term) -> str:
    if term is None:
        return ""
    return term.value if hasattr(term, "value") else str(term)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(variables: list[str], rows: list[list[str]]) -> str:
    """Columns padded for a terminal where a Chinese character takes two cells."""
    widths = [max([_width(v)] + [_width(r[i]) for r in rows]) for i, v in enumerate(variables)]

    def line(cells):
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip()
    out = [line(variables), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def _evaluate(store: ox.Store, query: str, allow_service: bool):
    if not allow_service and uses_service(query):
        raise QueryError(Errors.E043)
    try:
        return store.query(query)
    except (SyntaxError, ValueError) as exc:
        raise QueryError(Errors.E042.format(detail=exc)) from None


def query(graph: str | Path, query: str, format: str = "table", allow_service: bool = False) -> str:
    """`kg query`: run a SPARQL query (its text, or a .rq file) over a graph file, or a store
    folder from `write_store`, and render its results (table, csv, tsv, json, xml; Turtle or
    N-Triples for CONSTRUCT)."""
    from kg.sparql.store import open_graph
    return run_query(open_graph(graph), read_query(query), format, allow_service)


def run_query(store: ox.Store, query: str, fmt: str = "table", allow_service: bool = False) -> str:
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query and render its results."""
    results = _evaluate(store, query, allow_service)
    try:
        if isinstance(results, ox.QuerySolutions):
            if fmt in RESULT_FORMATS:
                return results.serialize(format=RESULT_FORMATS[fmt][0]).decode("utf-8")
            variables = [v.value for v in results.variables]
            rows = [[_term(solution[v]) for v in variables] for solution in results]
            return format_table(variables, rows)
        if isinstance(results, ox.QueryBoolean):
            return "true" if bool(results) else "false"
        triples = list(results)
    except (SyntaxError, ValueError, OSError) as exc:  # raised while evaluating, lazily
        raise QueryError(Errors.E042.format(detail=exc)) from None
    syntax = WRITTEN.get(fmt, WRITTEN["ttl"])
    return ox.serialize(triples, format=syntax.oxigraph).decode("utf-8")


def answer(store: ox.Store, query: str, accept: str, allow_service: bool) -> tuple[int, str, bytes]:
    """(HTTP status, media type, body) of a query, the results in the format `accept` asks for."""
    fmt = next((k for k, (_, mime) in RESULT_FORMATS.items() if mime.split(";")[0] in accept), "json")
    try:
        results = _evaluate(store, query, allow_service)
        if isinstance(results, ox.QuerySolutions):
            return 200, RESULT_FORMATS[fmt][1], results.serialize(format=RESULT_FORMATS[fmt][0])
        if isinstance(results, ox.QueryBoolean):
            return 200, "application/sparql-results+json", json.dumps({"head": {}, "boolean": bool(results)}).encode()
        return 200, "application/n-triples", ox.serialize(list(results), format=WRITTEN["nt"].oxigraph)
    except QueryError as exc:
        return (403 if "SERVICE" in str(exc) else 400), "text/plain; charset=utf-8", f"{exc}\n".encode("utf-8")
    except (SyntaxError, ValueError, OSError) as exc:
        return 400, "text/plain; charset=utf-8", f"{Errors.E042.format(detail=exc)}\n".encode("utf-8")
