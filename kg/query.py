"""SPARQL over a built graph: ``kg query`` prints results, ``kg serve`` answers the SPARQL
1.1 protocol on localhost. Both run on Oxigraph, so a file of a million triples loads and
answers in seconds; both are read-only."""
from __future__ import annotations

import json
import unicodedata
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyoxigraph as ox

RESULT_FORMATS = {
    "csv": (ox.QueryResultsFormat.CSV, "text/csv; charset=utf-8"),
    "tsv": (ox.QueryResultsFormat.TSV, "text/tab-separated-values; charset=utf-8"),
    "json": (ox.QueryResultsFormat.JSON, "application/sparql-results+json"),
    "xml": (ox.QueryResultsFormat.XML, "application/sparql-results+xml"),
}
RDF_FORMATS = {"nt": ox.RdfFormat.N_TRIPLES, "ttl": ox.RdfFormat.TURTLE, "turtle": ox.RdfFormat.TURTLE}


def load_store(graph_path: str | Path) -> ox.Store:
    """An in-memory Oxigraph store holding the file (Turtle or N-Triples, by extension)."""
    path = Path(graph_path)
    fmt = ox.RdfFormat.N_TRIPLES if path.suffix == ".nt" else ox.RdfFormat.TURTLE
    store = ox.Store()
    store.bulk_load(path=str(path), format=fmt)
    return store


def read_query(query: str) -> str:
    """A query is a file (.rq/.sparql) or the text itself."""
    path = Path(query)
    if path.suffix in (".rq", ".sparql") or (len(query) < 4096 and "\n" not in query and path.is_file()):
        return path.read_text(encoding="utf-8")
    return query


def _term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
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


def run_query(store: ox.Store, query: str, fmt: str = "table") -> str:
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query and render its results."""
    results = store.query(query)
    if isinstance(results, ox.QuerySolutions):
        if fmt in RESULT_FORMATS:
            return results.serialize(format=RESULT_FORMATS[fmt][0]).decode("utf-8")
        variables = [v.value for v in results.variables]
        rows = [[_term(solution[v]) for v in variables] for solution in results]
        return format_table(variables, rows)
    if isinstance(results, ox.QueryBoolean):
        return "true" if bool(results) else "false"
    triples = list(results)
    return ox.serialize(triples, format=RDF_FORMATS.get(fmt, ox.RdfFormat.TURTLE)).decode("utf-8")


class SparqlHandler(BaseHTTPRequestHandler):
    """The query part of the SPARQL 1.1 protocol: GET ?query=…, POST form or
    application/sparql-query. Updates are refused: the endpoint is read-only."""

    store: ox.Store
    server_version = "kg-sparql/1"

    def do_GET(self):
        url = urlparse(self.path)
        if url.path not in ("/sparql", "/"):
            return self._send(404, "text/plain", b"not found: use /sparql?query=...")
        query = parse_qs(url.query).get("query", [None])[0]
        if query is None:
            return self._send(200, "text/plain; charset=utf-8",
                              "kg SPARQL endpoint: GET or POST /sparql with a query\n".encode("utf-8"))
        self._answer(query)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8")
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        if kind == "application/sparql-query":
            return self._answer(body)
        if kind == "application/x-www-form-urlencoded":
            form = parse_qs(body)
            if "update" in form:
                return self._send(403, "text/plain", b"this endpoint is read-only")
            if "query" in form:
                return self._answer(form["query"][0])
        if kind == "application/sparql-update":
            return self._send(403, "text/plain", b"this endpoint is read-only")
        self._send(400, "text/plain", b"expected a SPARQL query")

    def _answer(self, query: str):
        accept = self.headers.get("Accept") or ""
        fmt = next((k for k, (_, mime) in RESULT_FORMATS.items() if mime.split(";")[0] in accept), "json")
        try:
            results = self.store.query(query)
        except (SyntaxError, ValueError, OSError) as exc:
            return self._send(400, "text/plain; charset=utf-8", f"bad query: {exc}\n".encode("utf-8"))
        if isinstance(results, ox.QuerySolutions):
            data = results.serialize(format=RESULT_FORMATS[fmt][0])
            return self._send(200, RESULT_FORMATS[fmt][1], data)
        if isinstance(results, ox.QueryBoolean):
            data = json.dumps({"head": {}, "boolean": bool(results)}).encode("utf-8")
            return self._send(200, "application/sparql-results+json", data)
        data = ox.serialize(list(results), format=ox.RdfFormat.N_TRIPLES)
        self._send(200, "application/n-triples", data)

    def _send(self, status: int, mime: str, data: bytes):
        self.send_response(status)
        self.send_header("Content-Type", mime)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):  # quiet: one line per request on stderr is enough
        pass


def make_server(store: ox.Store, host: str = "127.0.0.1", port: int = 7878) -> ThreadingHTTPServer:
    handler = type("BoundSparqlHandler", (SparqlHandler,), {"store": store})
    return ThreadingHTTPServer((host, port), handler)
