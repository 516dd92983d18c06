"""The page: pyvis builds the node and edge data and supplies vis-network, which kg inlines
from pyvis's own copy into its own template, so the page loads nothing from the internet.
Every text that comes from an article reaches the page as JSON data and is shown through
canvas drawing or DOM text nodes, never as markup. Colours, shapes and Chinese names of
the types and properties are kg.schema's."""
from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path
from typing import Iterable, Iterator

import networkx as nx
import pyvis
from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup
from pyvis.network import Network

from kg.export.html.layout import layout_positions, short_label
from kg.export.outputs import write_text
from kg.schema import PROPERTIES, TYPES

TEMPLATE_DIR = Path(__file__).parent / "templates"
TYPE_COLORS = {t.name: t.colour for t in TYPES.values()}
# shapes whose size can follow the degree (vis draws "box", "ellipse" and "text" around the label)
TYPE_SHAPES = {t.name: t.shape for t in TYPES.values()}
TYPE_NAMES = {t.name: t.chinese for t in TYPES.values()}
PROPERTY_LABELS = {p.name: p.chinese for p in PROPERTIES.values()}
FONT_FACE = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
             '"WenQuanYi Zen Hei", "WenQuanYi Micro Hei", sans-serif')
IMPORTANT_LABELS = 50      # names kept readable at any zoom: the most connected nodes
EVIDENCE_PER_EDGE = 20     # sentences per relation written into the page (the count says if more)
DOCUMENTS_PER_NODE = 20    # articles per entity written into the page, the latest (the count says if more)
BIG_GRAPH_EDGES = 2000     # above this, edges are hidden while dragging or zooming


def counts(graph: nx.MultiDiGraph, nodes: Iterable[str] | None = None) -> dict[str, int]:
    counts: dict[str, int] = {}
    for node in graph.nodes if nodes is None else nodes:
        t = graph.nodes[node]["type"]
        counts[t] = counts.get(t, 0) + 1
    return {t: counts[t] for t in sorted(counts, key=type_order)}


def type_order(t: str) -> tuple[int, str]:
    order = list(TYPE_COLORS)
    return (order.index(t) if t in order else len(order), t)


def _edge_label(d: dict) -> str:
    label = PROPERTY_LABELS.get(d["property"], d["property"])
    return f"{label}：{d['title']}" if d.get("title") else label


def _latest(documents: list[str], dates: dict[str, str]) -> list[str]:
    """An entity's articles as the page lists them: all, or the latest DOCUMENTS_PER_NODE
    (by date, then name) of a hub that a whole archive mentions, in name order."""
    if len(documents) <= DOCUMENTS_PER_NODE:
        return list(documents)
    latest = sorted(documents, key=lambda name: (dates.get(name, ""), name), reverse=True)[:DOCUMENTS_PER_NODE]
    return sorted(latest)


def _network_data(graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]]) -> tuple[list, list]:
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    degrees = dict(graph.degree())
    dates = {name: meta.get("date") or "" for name, meta in (graph.graph.get("documents") or {}).items()}
    for node, d in sorted(graph.nodes(data=True)):
        x, y = positions[node]
        degree = degrees.get(node, 0)
        color = TYPE_COLORS.get(d["type"], "#999999")
        net.add_node(node, label=short_label(d["label"]), name=d["label"], group=d["type"], shape=TYPE_SHAPES.get(d["type"], "dot"),
                     size=round(min(10 + 5 * math.sqrt(degree), 60), 1), x=x, y=y,
                     type=d["type"], aliases=list(d.get("aliases") or []),
                     documents=_latest(d.get("documents") or [], dates), documentCount=len(d.get("documents") or []),
                     degree=degree, date=d.get("date"))
        # pyvis drops `color` when a node has a `group`; set it on the node itself
        net.node_map[node]["color"] = color
    edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    between: dict[frozenset, int] = {}
    for i, (s, o, _k, d) in enumerate(edges):
        evidence = sorted(d.get("evidence") or [], key=lambda e: (e["document"], e["start"]))
        extra = {}
        nth = between[frozenset((s, o))] = between.get(frozenset((s, o)), -1) + 1
        if nth:  # a second relation between the same two nodes: curved, so that both can be seen
            extra["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": round(0.2 * nth, 2)}
        net.add_edge(s, o, id=f"e{i}", label=_edge_label(d), property=d["property"], post=d.get("title"),
                     confidence=d.get("confidence"), evidenceCount=d.get("evidence_count", len(evidence)),
                     evidence=[[e["document"], e["sentence"]] for e in evidence[:EVIDENCE_PER_EDGE]], **extra)
    nodes, edge_data, _, _, _, _ = net.get_network_data()
    for e in edge_data:  # pyvis's default, kept by the edge ("to") as in vis's own default
        e.pop("arrows", None)
    return nodes, edge_data


def _options(graph: nx.MultiDiGraph) -> dict:
    big = graph.number_of_edges() > BIG_GRAPH_EDGES
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "interaction": {"hover": True, "hoverConnectedEdges": True, "tooltipDelay": 100,
                        "hideEdgesOnDrag": big, "hideEdgesOnZoom": big, "multiselect": False,
                        "zoomSpeed": 0.7},
        "groups": {t: {"color": c, "shape": TYPE_SHAPES.get(t, "dot")} for t, c in TYPE_COLORS.items()},
        "nodes": {"borderWidth": 1, "borderWidthSelected": 3,
                  "font": {"size": 14, "face": FONT_FACE, "color": "#1a1a1a", "strokeWidth": 3,
                           "strokeColor": "#ffffff"},
                  "scaling": {"label": {"drawThreshold": 7, "maxVisible": 40}}},
        "edges": {"smooth": False, "width": 1, "scaling": {"label": {"drawThreshold": 8}}, "selectionWidth": 2, "hoverWidth": 1,
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "color": {"color": "#b8b8b8", "highlight": "#d1495b", "hover": "#555555", "inherit": False},
                  "font": {"size": 12, "face": FONT_FACE, "align": "middle", "color": "#555555",
                           "strokeWidth": 3, "strokeColor": "#ffffff"}},
    }


# The page's data is written in pieces: a 5,000-node view is tens of MB of JSON, which one
# string per copy (JSON, its HTML-safe escape, the page) would hold several times over.
SLOT = "\x00kg-data-{}\x00"
HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"})


def _json_pieces(value) -> Iterator[str]:
    """`value` as Jinja's tojson writes it (sorted keys, ASCII, HTML-safe), a list item by item."""
    if not isinstance(value, list):
        yield json.dumps(value, sort_keys=True).translate(HTML_SAFE)
        return
    yield "["
    for i, item in enumerate(value):
        yield (", " if i else "") + json.dumps(item, sort_keys=True).translate(HTML_SAFE)
    yield "]"


def render_html(graph: nx.MultiDiGraph, heading: str = "kg 知识图谱", *, notice: list[str] | None = None,
                focus: list[str] | None = None) -> str:
    """The whole page for `graph`: data, vis-network, styles and script in one file."""
    return "".join(page_pieces(graph, heading, notice=notice, focus=focus))


def page_pieces(graph: nx.MultiDiGraph, heading: str = "kg 知识图谱", *, notice: list[str] | None = None,
                focus: list[str] | None = None) -> Iterator[str]:
    """The page of :func:`render_html` in pieces, to be written one after another."""
    positions = layout_positions(graph)
    nodes, edges = _network_data(graph, positions)
    degrees = dict(graph.degree())
    connected = sorted((n for n in graph.nodes if degrees.get(n, 0) > 0),
                       key=lambda n: (-degrees[n], graph.nodes[n]["label"], n))
    important = connected[:IMPORTANT_LABELS]
    by_type = counts(graph)
    used_docs = {doc for n in nodes for doc in n["documents"]}
    used_docs |= {doc for e in edges for doc, _ in e["evidence"]}
    documents = {name: {"title": info.get("title"), "date": info.get("date")}
                 for name, info in (graph.graph.get("documents") or {}).items() if name in used_docs}
    meta = {"heading": f"{heading} · {graph.number_of_nodes()} 个实体 · {graph.number_of_edges()} 条关系",
            "legend": [{"type": t, "name": TYPE_NAMES.get(t, t), "color": TYPE_COLORS.get(t, "#999999"),
                        "shape": TYPE_SHAPES.get(t, "dot"), "count": n} for t, n in by_type.items()],
            "properties": PROPERTY_LABELS, "important": important, "notice": list(notice or []),
            "focus": [n for n in focus or [] if n in graph], "documents": documents}
    pyvis_templates = os.path.join(os.path.dirname(pyvis.__file__), "templates")
    env = Environment(loader=ChoiceLoader([FileSystemLoader(str(TEMPLATE_DIR)), FileSystemLoader(pyvis_templates)]),
                      autoescape=True)
    data = {"nodes": nodes, "edges": edges, "kg_meta": meta}
    env.filters["tojson"] = lambda value: next((Markup(SLOT.format(k)) for k, v in data.items() if v is value),
                                               None) or htmlsafe_json_dumps(value, sort_keys=True)
    page = env.get_template("graph.html").render(options=_options(graph), heading=heading, **data)
    for i, part in enumerate(re.split("\x00kg-data-(\\w+)\x00", page)):
        yield from _json_pieces(data[part]) if i % 2 else (part,)


def write_html(graph: nx.MultiDiGraph, target: Path, heading: str = "kg 知识图谱") -> None:
    write_text(target, page_pieces(graph, heading))
