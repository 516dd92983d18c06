"""Outputs for spreadsheets and graph tools: entities.csv, relations.csv, graph.graphml."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx

from kg.export.outputs import atomic_path

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


def write_entities_csv(graph: nx.MultiDiGraph, target: Path) -> None:
    with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as f:
        write = _writer(f)
        write([ENTITY_COLUMNS])
        write([node, d["type"], d["label"], "|".join(d["aliases"]), "|".join(d["documents"]), d["mentions"],
               "|".join(d["extractors"])] for node, d in sorted(graph.nodes(data=True)))


def write_relations_csv(graph: nx.MultiDiGraph, target: Path) -> None:
    """One row per fact and sentence: the same fact read in two articles is two rows."""
    with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as f:
        write = _writer(f)
        write([RELATION_COLUMNS])
        rows = []
        for s, o, d in graph.edges(data=True):
            for ev in d["evidence"]:
                rows.append([graph.nodes[s]["label"], graph.nodes[s]["type"], d["property"], d["title"] or "",
                             graph.nodes[o]["label"], graph.nodes[o]["type"], ev["confidence"], ev["extractor"],
                             ev["document"], ev["sentence"], ev["start"], ev["end"]])
        write(sorted(rows, key=lambda r: (r[8], r[10], r[2], r[0], r[4])))


def graphml_ready(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GraphML holds scalars only: lists become '|'-joined text, evidence becomes JSON."""
    flat = nx.MultiDiGraph()
    for node, d in graph.nodes(data=True):
        flat.add_node(node, type=d["type"], label=d["label"], aliases="|".join(d["aliases"]),
                      documents="|".join(d["documents"]), mentions=d["mentions"],
                      extractors="|".join(d["extractors"]), date=d.get("date") or "")
    for s, o, k, d in graph.edges(keys=True, data=True):
        flat.add_edge(s, o, key=k, property=d["property"], title=d["title"] or "", confidence=d["confidence"],
                      extractor=d["extractor"], document=d["document"], sentence=d["sentence"],
                      start=d["start"], end=d["end"], evidence=json.dumps(d["evidence"], ensure_ascii=False))
    return flat


def write_graphml(graph: nx.MultiDiGraph, target: Path) -> None:
    with atomic_path(target) as tmp:
        nx.write_graphml(graphml_ready(graph), tmp, encoding="utf-8")
