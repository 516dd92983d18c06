"""Outputs for spreadsheets and graph tools: entities.csv, relations.csv, graph.graphml."""
from __future__ import annotations

import csv
import json
from contextlib import contextmanager
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from kg.export.outputs import atomic_path
from kg.graph.store import GraphStore, as_store

# A cell a spreadsheet would run as a formula (=HYPERLINK(…), +1, -1, @SUM) starts with one
# of these; such a cell is written with a leading ' so it is shown as the text it is.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ENTITY_COLUMNS = ["id", "type", "label", "aliases", "documents", "mentions", "extractors"]
RELATION_COLUMNS = ["subject", "subject_type", "property", "title", "object", "object_type", "confidence",
                    "extractor", "document", "sentence", "start", "end"]


def cell(value):
    """A CSV cell that spreadsheet tools show as text, never evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _writer(f):
    """csv.writer whose rows are neutralised cell by cell."""
    w = csv.writer(f)
    return lambda rows: w.writerows([cell(v) for v in row] for row in rows)


@contextmanager
def _rows_into(target: Path, graph: "nx.MultiDiGraph | GraphStore", columns: list[str]):
    """A function that writes rows of the CSV file `target`, and the graph as a store."""
    with as_store(graph) as store, atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as f:
        write = _writer(f)
        write([columns])
        yield write, store


def write_entities_csv(graph: "nx.MultiDiGraph | GraphStore", target: Path) -> None:
    with _rows_into(target, graph, ENTITY_COLUMNS) as (write, store):
        write([node, d["type"], d["label"], "|".join(d["aliases"]), "|".join(d["documents"]), d["mentions"],
               "|".join(d["extractors"])] for node, d in store.nodes())


def write_relations_csv(graph: "nx.MultiDiGraph | GraphStore", target: Path) -> None:
    """One row per fact and sentence, by article and offset: the same fact read in two
    articles is two rows."""
    with _rows_into(target, graph, RELATION_COLUMNS) as (write, store):
        write(store.evidence_rows())


GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GRAPHML_SCHEMA = f"{GRAPHML_NS} {GRAPHML_NS}/1.0/graphml.xsd"
# GraphML holds scalars only: lists become '|'-joined text, evidence becomes JSON
NODE_KEYS = (("type", "string"), ("label", "string"), ("aliases", "string"), ("documents", "string"),
             ("mentions", "long"), ("extractors", "string"), ("date", "string"))
EDGE_KEYS = (("property", "string"), ("title", "string"), ("confidence", "double"), ("extractor", "string"),
             ("document", "string"), ("sentence", "string"), ("start", "long"), ("end", "long"),
             ("evidence", "string"))


def _node_values(d: dict) -> tuple:
    return (d["type"], d["label"], "|".join(d["aliases"]), "|".join(d["documents"]), d["mentions"],
            "|".join(d["extractors"]), d.get("date") or "")


def _edge_values(d: dict) -> tuple:
    return (d["property"], d["title"] or "", d["confidence"], d["extractor"], d["document"], d["sentence"],
            d["start"], d["end"], json.dumps(d["evidence"], ensure_ascii=False))


def write_graphml(graph: "nx.MultiDiGraph | GraphStore", target: Path) -> None:
    """GraphML as networkx reads it (nx.read_graphml), streamed node by node and edge by
    edge (by key) from the store: an archive's graph is never held in memory."""
    with as_store(graph) as store:
        _write_graphml(store, target)


def _write_graphml(store: GraphStore, target: Path) -> None:
    keys = [(f"d{i}", "node", name, kind) for i, (name, kind) in enumerate(NODE_KEYS)]
    keys += [(f"d{i + len(NODE_KEYS)}", "edge", name, kind) for i, (name, kind) in enumerate(EDGE_KEYS)]
    node_ids = [k[0] for k in keys if k[1] == "node"]
    ids_all = [k[0] for k in keys]
    with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n'
                f'<graphml xmlns={quoteattr(GRAPHML_NS)} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                f'xsi:schemaLocation={quoteattr(GRAPHML_SCHEMA)}>')
        for id_, for_, name, kind in keys:
            f.write(f'\n  <key id="{id_}" for="{for_}" attr.name="{name}" attr.type="{kind}"/>')
        f.write('\n  <graph edgedefault="directed">')
        # XML's escaping (the standard library's), formatted directly: a node is one write, not twenty calls
        data_open = [f'\n      <data key="{id_}"' for id_ in ids_all]

        def data(i, value):
            text = str(value)
            return f"{data_open[i]}>{escape(text)}</data>" if text else f"{data_open[i]}/>"

        def element(name, attrs, first, values):
            f.write("".join([f"\n    <{name}", *(f" {k}={quoteattr(v)}" for k, v in attrs.items()), ">",
                             *(data(first + j, value) for j, value in enumerate(values)),
                             f"\n    </{name}>"]))
        for node, d in store.nodes():
            element("node", {"id": node}, 0, _node_values(d))
        for s, o, k, d in store.edges():
            element("edge", {"source": s, "target": o, "id": k}, len(node_ids), _edge_values(d))
        f.write("\n  </graph>\n</graphml>\n")
