"""The merged graph on disk: documents' extractions merged into an SQLite file, read back in order.

An archive's graph does not fit in memory as Python objects (a 100 MB corpus gives a
quarter of a million entities, each a dict of lists in networkx, with every evidence
sentence), so the merge writes into SQLite and every writer streams from it in the order
its file needs; only the page's view (a few thousand entities) becomes a networkx graph.
``GraphStore.to_networkx()`` gives the whole graph to Python users, as kg.build_graph does.

The merge is the one of kg.graph.merge: nodes keyed by type and canonical label, an edge
per fact keyed by its property (and post title), carrying every sentence that states it
(once per document and span), in the order of document names and offsets, whatever order
the documents arrive in; then the types that fold into others are folded.
"""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from itertools import groupby, islice
from pathlib import Path
from typing import Iterable, Iterator

import networkx as nx

from kg.model import DocumentExtraction
from kg.schema import FOLDS_INTO

SCHEMA = """
CREATE TABLE documents (name TEXT PRIMARY KEY, path TEXT, title TEXT, date TEXT, sha256 TEXT, characters INTEGER);
CREATE TABLE nodes (key TEXT PRIMARY KEY, type TEXT, label TEXT, scope TEXT, date TEXT, mentions INTEGER);
CREATE TABLE aliases (node TEXT, alias TEXT, PRIMARY KEY (node, alias)) WITHOUT ROWID;
CREATE TABLE node_documents (node TEXT, document TEXT, PRIMARY KEY (node, document)) WITHOUT ROWID;
CREATE TABLE extractors (node TEXT, extractor TEXT, PRIMARY KEY (node, extractor)) WITHOUT ROWID;
CREATE TABLE edges (s TEXT, o TEXT, k TEXT, property TEXT, title TEXT, confidence REAL, PRIMARY KEY (s, o, k));
CREATE INDEX edges_by_object ON edges (o);
CREATE TABLE evidence (s TEXT, o TEXT, k TEXT, document TEXT, start INTEGER, "end" INTEGER, sentence TEXT,
                       extractor TEXT, confidence REAL, seq INTEGER,
                       PRIMARY KEY (s, o, k, document, start, "end"));
"""
NODE_LISTS = (("aliases", "alias"), ("node_documents", "document"), ("extractors", "extractor"))
EDGE_ROWS = """SELECT e.s, e.o, e.k, e.property, e.title, e.confidence, b.type,
  v.document, v.sentence, v.start, v."end", v.extractor, v.confidence
  FROM edges e JOIN nodes b ON b.key = e.o LEFT JOIN evidence v USING (s, o, k)"""


def edge_key(prop: str, title: str | None) -> str:
    return f"{prop}:{title}" if title else prop


def _node_data(row, aliases: list, documents: list, extractors: list) -> tuple[str, dict]:
    key, type_, label, scope, date, mentions = row
    data = {"type": type_, "label": label, "aliases": aliases, "documents": documents,
            "mentions": mentions, "extractors": extractors, "scope": scope}
    if date:
        data["date"] = date
    return key, data


def _edge_data(property_, title, confidence, rows, limit: int | None = None) -> dict:
    rows = (row for row in rows if row[-6] is not None)
    evidence = [{"document": d, "sentence": s, "start": a, "end": b, "extractor": x, "confidence": c}
                for *_, d, s, a, b, x, c in islice(rows, limit)]
    first = evidence[0] if evidence else dict.fromkeys(("document", "sentence", "start", "end", "extractor"))
    data = {"property": property_, "title": title, "confidence": confidence, "evidence": evidence,
            "document": first["document"], "sentence": first["sentence"], "start": first["start"],
            "end": first["end"], "extractor": first["extractor"]}
    if limit is not None:
        data["evidence_count"] = len(evidence) + sum(1 for _ in rows)
    return data


class GraphStore:
    """The merged graph in an SQLite file (`path`; None for one in memory)."""

    def __init__(self, path: str | Path | None = None):
        self.db = sqlite3.connect(":memory:" if path is None else str(path), isolation_level=None)
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute("PRAGMA cache_size = -16384")  # 16 MB of pages: the bound of the merge's memory
        self.db.execute("PRAGMA temp_store = FILE")
        self.db.executescript(SCHEMA)
        self._seq = 0
        self._folded = False

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- merging -----------------------------------------------------------------------

    def add(self, ex: DocumentExtraction) -> None:
        """Merge one document's extraction."""
        db, doc = self.db, ex.document
        db.execute("BEGIN")
        db.execute("INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?)",
                   (doc, ex.path, ex.title, ex.date, ex.sha256, ex.characters))
        entities = list(ex.entities.items())
        db.executemany("INSERT OR IGNORE INTO nodes VALUES (?, ?, ?, ?, NULL, 0)",
                       [(key, e.type, e.label, e.scope) for key, e in entities])
        db.executemany("UPDATE nodes SET mentions = mentions + ?, date = coalesce(date, ?) WHERE key = ?",
                       [(e.mentions, e.date or None, key) for key, e in entities])
        db.executemany("INSERT OR IGNORE INTO aliases VALUES (?, ?)",
                       [(key, a) for key, e in entities for a in e.aliases if a != e.label])
        db.executemany("INSERT OR IGNORE INTO node_documents VALUES (?, ?)", [(key, doc) for key, _ in entities])
        db.executemany("INSERT OR IGNORE INTO extractors VALUES (?, ?)",
                       [(key, x) for key, e in entities for x in e.extractors])
        ends = {end for r in ex.relations for end in (r.subject, r.object)} - ex.entities.keys()
        db.executemany("INSERT OR IGNORE INTO nodes VALUES (?, ?, ?, NULL, NULL, 0)",
                       [(end, *_type_and_label(end)) for end in sorted(ends)])
        edges, evidence = [], []
        for r in ex.relations:
            k = edge_key(r.property, r.title)
            ev = r.evidence
            edges.append((r.subject, r.object, k, r.property, r.title, ev.confidence))
            evidence.append((r.subject, r.object, k, doc, ev.start, ev.end, ev.sentence, ev.extractor,
                             ev.confidence, self._seq))
            self._seq += 1
        db.executemany("INSERT INTO edges VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (s, o, k) "
                       "DO UPDATE SET confidence = max(confidence, excluded.confidence)", edges)
        db.executemany("INSERT OR IGNORE INTO evidence VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", evidence)
        db.execute("COMMIT")

    def add_all(self, extractions: Iterable[DocumentExtraction]) -> "GraphStore":
        for ex in extractions:
            self.add(ex)
        self.fold_types()
        return self

    def fold_types(self) -> None:
        """A node of a type that folds into another (kg.schema.FOLDS_INTO: a quoted name read
        as a slogan in one article and as a programme in another is the programme) joins the
        node of that type and label, with its names, documents, mentions and facts."""
        if self._folded:
            return
        db = self.db
        db.execute("BEGIN")
        for folded, into in FOLDS_INTO.items():
            pairs = db.execute("SELECT f.key, t.key FROM nodes f JOIN nodes t ON t.label = f.label "
                               "WHERE f.type = ? AND t.type = ? AND t.scope IS NULL ORDER BY f.key",
                               (folded, into)).fetchall()
            for node, target in pairs:
                db.execute("INSERT OR IGNORE INTO aliases SELECT ?, alias FROM aliases WHERE node = ? "
                           "AND alias != (SELECT label FROM nodes WHERE key = ?)", (target, node, target))
                for table, column in (("node_documents", "document"), ("extractors", "extractor")):
                    db.execute(f"INSERT OR IGNORE INTO {table} SELECT ?, {column} FROM {table} WHERE node = ?",
                               (target, node))
                    db.execute(f"DELETE FROM {table} WHERE node = ?", (node,))
                db.execute("DELETE FROM aliases WHERE node = ?", (node,))
                db.execute("UPDATE nodes SET mentions = mentions + (SELECT mentions FROM nodes WHERE key = ?) "
                           "WHERE key = ?", (node, target))
                moved = "CASE WHEN {c} = :node THEN :target ELSE {c} END"
                where = {"node": node, "target": target}
                db.execute(f"INSERT INTO edges SELECT {moved.format(c='s')}, {moved.format(c='o')}, k, property, "
                           "title, confidence FROM edges WHERE s = :node OR o = :node ORDER BY s, o, k "
                           "ON CONFLICT (s, o, k) DO UPDATE SET confidence = max(confidence, excluded.confidence)",
                           where)
                db.execute(f"INSERT OR IGNORE INTO evidence SELECT {moved.format(c='s')}, {moved.format(c='o')}, "
                           "k, document, start, \"end\", sentence, extractor, confidence, seq FROM evidence "
                           "WHERE s = :node OR o = :node ORDER BY seq", where)
                for table in ("edges", "evidence"):
                    db.execute(f"DELETE FROM {table} WHERE s = :node OR o = :node", where)
                db.execute("DELETE FROM nodes WHERE key = ?", (node,))
        db.execute("COMMIT")
        self._folded = True

    @classmethod
    def from_networkx(cls, graph: nx.MultiDiGraph, path: str | Path | None = None) -> "GraphStore":
        """A store holding a graph kg built (or read back): what the writers read."""
        store = cls(path)
        db = store.db
        db.execute("BEGIN")
        db.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)",
                       [(name, m.get("path"), m.get("title"), m.get("date"), m.get("sha256"), m.get("characters"))
                        for name, m in (graph.graph.get("documents") or {}).items()])
        db.executemany("INSERT INTO nodes VALUES (?, ?, ?, ?, ?, ?)",
                       [(n, d["type"], d["label"], d.get("scope"), d.get("date") or None, d.get("mentions", 0))
                        for n, d in graph.nodes(data=True)])
        for table, attr in (("aliases", "aliases"), ("node_documents", "documents"), ("extractors", "extractors")):
            db.executemany(f"INSERT OR IGNORE INTO {table} VALUES (?, ?)",
                           [(n, v) for n, d in graph.nodes(data=True) for v in d.get(attr) or ()])
        db.executemany("INSERT INTO edges VALUES (?, ?, ?, ?, ?, ?)",
                       [(s, o, k, d["property"], d.get("title"), d.get("confidence"))
                        for s, o, k, d in graph.edges(keys=True, data=True)])
        rows = []
        for s, o, k, d in graph.edges(keys=True, data=True):
            for ev in d.get("evidence") or ():
                rows.append((s, o, k, ev["document"], ev["start"], ev["end"], ev["sentence"], ev["extractor"],
                             ev["confidence"], store._seq))
                store._seq += 1
        db.executemany("INSERT OR IGNORE INTO evidence VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        db.execute("COMMIT")
        store._folded = True
        return store

    # --- reading -----------------------------------------------------------------------

    def number_of_nodes(self) -> int:
        return self.db.execute("SELECT count(*) FROM nodes").fetchone()[0]

    def number_of_edges(self) -> int:
        return self.db.execute("SELECT count(*) FROM edges").fetchone()[0]

    def documents(self) -> Iterator[tuple[str, dict]]:
        """(name, metadata) of every document, by name."""
        for name, path, title, date, sha256, characters in self.db.execute(
                "SELECT * FROM documents ORDER BY name"):
            yield name, {"path": path, "title": title, "date": date, "sha256": sha256, "characters": characters}

    def nodes(self, keys: Iterable[str] | None = None) -> Iterator[tuple[str, dict]]:
        """(key, data) of every node (or of those in `keys`), by key: the attributes of
        kg's networkx nodes (type, label, aliases, documents, mentions, extractors, scope, date)."""
        sql = "SELECT key, type, label, scope, date, mentions FROM nodes"
        if keys is None:
            # each list table is read once, in its key's order, beside the nodes
            lists = [groupby(self.db.execute(f"SELECT node, {column} FROM {table} ORDER BY node, {column}"),
                             key=lambda row: row[0]) for table, column in NODE_LISTS]
            pending = [next(group, None) for group in lists]
            for row in self.db.execute(sql + " ORDER BY key"):
                values = []
                for i, group in enumerate(lists):
                    while pending[i] is not None and pending[i][0] < row[0]:  # a list of no node
                        pending[i] = next(group, None)
                    if pending[i] is not None and pending[i][0] == row[0]:
                        values.append([v for _, v in pending[i][1]])
                        pending[i] = next(group, None)
                    else:
                        values.append([])
                yield _node_data(row, *values)
        else:
            for key in sorted(set(keys)):
                row = self.db.execute(sql + " WHERE key = ?", (key,)).fetchone()
                if row is not None:
                    yield _node_data(row, *([v for (v,) in self.db.execute(
                        f"SELECT {column} FROM {table} WHERE node = ? ORDER BY {column}", (key,))]
                        for table, column in NODE_LISTS))

    def edges(self, among: set[str] | None = None, object_types: bool = False,
              evidence_limit: int | None = None) -> Iterator[tuple]:
        """(subject, object, key, data) of every edge, by subject, object and key; data as on
        kg's networkx edges (property, title, confidence, evidence and its first sentence).
        With `among`, the edges whose both ends are in it; with `object_types`, the
        object's type follows the data; with `evidence_limit`, each edge's first sentences
        only, and their number in ``evidence_count``."""
        # an edge's evidence in the order of documents and offsets (and, at one offset, as read)
        order = " ORDER BY e.s, e.o, e.k, v.document, v.start, v.seq"
        if among is None:
            rows = self.db.execute(EDGE_ROWS + order)
        else:
            rows = (row for node in sorted(among)
                    for row in self.db.execute(EDGE_ROWS + " WHERE e.s = ?" + order, (node,)) if row[1] in among)
        for (s, o, k, prop, title, confidence, type_), facts in groupby(rows, key=lambda row: row[:7]):
            data = _edge_data(prop, title, confidence, facts, evidence_limit)
            yield (s, o, k, data, type_) if object_types else (s, o, k, data)

    def evidence_rows(self) -> Iterator[tuple]:
        """(subject label, subject type, property, title, object label, object type,
        confidence, extractor, document, sentence, start, end) for every fact and sentence,
        by document, offset, property and the ends' labels."""
        yield from self.db.execute(
            "SELECT a.label, a.type, e.property, coalesce(e.title, ''), b.label, b.type, v.confidence, v.extractor, "
            "v.document, v.sentence, v.start, v.\"end\" FROM evidence v JOIN edges e USING (s, o, k) "
            "JOIN nodes a ON a.key = v.s JOIN nodes b ON b.key = v.o "
            "ORDER BY v.document, v.start, e.property, a.label, b.label, v.s, v.o, v.k, v.seq")

    def scratch(self, name: str, columns: tuple[str, ...]) -> "Scratch":
        """A table of rows put aside while reading (a writer's second pass), read back sorted."""
        return Scratch(self.db, name, columns)

    def counts_by_type(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT type, count(*) FROM nodes GROUP BY type ORDER BY type"))

    def counts_by_property(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT property, count(*) FROM edges GROUP BY property ORDER BY property"))

    def ranked(self) -> Iterator[tuple[str, str]]:
        """(key, type) of every node, the most connected first (then by label and key), as a
        view keeps them: a node's degree counts its facts either way."""
        yield from self.db.execute(
            "SELECT key, type FROM nodes n ORDER BY "
            "(SELECT count(*) FROM edges WHERE s = n.key) + (SELECT count(*) FROM edges WHERE o = n.key) DESC, "
            "label, key")

    def to_networkx(self, keys: Iterable[str] | None = None, evidence_limit: int | None = None) -> nx.MultiDiGraph:
        """The graph (or its part on the nodes `keys`, with the documents they cite) as the
        ``networkx.MultiDiGraph`` kg.build_graph returns, nodes and edges in key order;
        `evidence_limit` as in :meth:`edges` (a page's view of a hub's facts)."""
        graph = nx.MultiDiGraph(documents={})
        wanted = None if keys is None else set(keys)
        graph.add_nodes_from(self.nodes(wanted))
        graph.add_edges_from(self.edges(wanted, evidence_limit=evidence_limit))
        cited = None
        if wanted is not None:
            cited = {doc for _, d in graph.nodes(data=True) for doc in d["documents"]}
            cited |= {ev["document"] for *_, d in graph.edges(data=True) for ev in d["evidence"]}
        graph.graph["documents"] = {name: meta for name, meta in self.documents() if cited is None or name in cited}
        return graph


class Scratch:
    """Rows a writer puts aside, in a table of the store, added in batches and read back
    once, distinct and sorted by all columns."""

    BATCH = 10_000

    def __init__(self, db: sqlite3.Connection, name: str, columns: tuple[str, ...]):
        self.db, self.name, self.columns = db, f"scratch_{name}", columns
        db.execute(f"DROP TABLE IF EXISTS {self.name}")
        db.execute(f"CREATE TABLE {self.name} ({', '.join(columns)})")
        self.rows: list[tuple] = []

    def add(self, rows: Iterable[tuple]) -> None:
        self.rows.extend(rows)
        if len(self.rows) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        marks = ", ".join("?" * len(self.columns))
        self.db.execute("BEGIN")
        self.db.executemany(f"INSERT INTO {self.name} VALUES ({marks})", self.rows)
        self.db.execute("COMMIT")
        self.rows = []

    def distinct(self) -> Iterator[tuple]:
        self._flush()
        columns = ", ".join(self.columns)
        yield from self.db.execute(f"SELECT DISTINCT {columns} FROM {self.name} ORDER BY {columns}")
        self.db.execute(f"DROP TABLE {self.name}")


def _type_and_label(key: str) -> tuple[str, str]:
    """An entity that only a relation names (a body named by a post): its type and label
    from its key ("Organization:省委@浙江" → Organization, 省委)."""
    type_, label = key.split(":", 1)
    return type_, label.split("@")[0]


@contextmanager
def as_store(graph: "nx.MultiDiGraph | GraphStore") -> Iterator[GraphStore]:
    """`graph` as a store for the writers: itself, or a copy of a networkx graph closed after."""
    if isinstance(graph, GraphStore):
        yield graph
        return
    with GraphStore.from_networkx(graph) as store:
        yield store
