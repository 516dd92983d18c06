"""Stage 9b: the interactive network (pyvis, vis-network), as one self-contained file.

pyvis builds the node and edge data; kg renders it with its own template so that the
page loads nothing from the internet (vis-network is inlined from pyvis's own copy) and
every text from an article reaches the page as JSON data, never as markup.
"""
from __future__ import annotations

import os
from pathlib import Path

import networkx as nx
import pyvis
from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from pyvis.network import Network

from .outputs import write_text

TEMPLATE_DIR = Path(__file__).parent / "templates"
TYPE_COLORS = {
    "Person": "#e4572e", "Organization": "#2e86ab", "Program": "#76b041", "Meeting": "#f3a712",
    "Document": "#8e6c8a", "Place": "#17bebb", "Concept": "#9e9e9e",
}
TYPE_SHAPES = {"Person": "dot", "Organization": "square", "Program": "triangle", "Meeting": "diamond",
               "Document": "box", "Place": "ellipse", "Concept": "text"}
TYPE_NAMES = {"Person": "人物", "Organization": "机构", "Program": "项目", "Meeting": "会议", "Document": "文件",
              "Place": "地点", "Concept": "提法"}
PROPERTY_LABELS = {
    "holdsPosition": "任职", "presides": "主持", "attends": "出席", "convenes": "召开", "heldIn": "举办地",
    "implements": "实施", "issues": "印发", "adopts": "审议通过", "proposes": "提出", "repliesTo": "答复",
    "subOrganizationOf": "隶属", "locatedIn": "位于",
}


def _node_tooltip(d: dict) -> str:
    lines = [f"{d['label']}（{d['type']}）"]
    if d["aliases"]:
        lines.append("别名：" + "、".join(d["aliases"]))
    lines.append("来源：" + "、".join(d["documents"]))
    return "\n".join(lines)


def _edge_tooltip(graph: nx.MultiDiGraph, s: str, o: str, d: dict) -> str:
    head = f"{graph.nodes[s]['label']} —{PROPERTY_LABELS.get(d['property'], d['property'])}" \
           f"{'（' + d['title'] + '）' if d['title'] else ''}→ {graph.nodes[o]['label']}"
    lines = [head]
    for ev in d["evidence"][:5]:
        lines.append(f"「{ev['sentence']}」 — {ev['document']}")
    if len(d["evidence"]) > 5:
        lines.append(f"…另有 {len(d['evidence']) - 5} 处")
    return "\n".join(lines)


def render_html(graph: nx.MultiDiGraph, heading: str = "kg 知识图谱") -> str:
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    degrees = dict(graph.degree())
    for node, d in sorted(graph.nodes(data=True)):
        net.add_node(node, label=d["label"], title=_node_tooltip(d), group=d["type"],
                     color=TYPE_COLORS.get(d["type"], "#999999"), shape=TYPE_SHAPES.get(d["type"], "dot"),
                     size=10 + 3 * min(degrees.get(node, 0), 10), font={"size": 14})
        # pyvis drops `color` when a node has a `group`; set it on the node itself
        net.node_map[node]["color"] = TYPE_COLORS.get(d["type"], "#999999")
    for s, o, k, d in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        label = PROPERTY_LABELS.get(d["property"], d["property"])
        net.add_edge(s, o, label=label, title=_edge_tooltip(graph, s, o, d), arrows="to",
                     font={"size": 11, "align": "middle"}, color="#999999")
    net.set_options("""{"physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 300}},
                        "interaction": {"hover": true, "tooltipDelay": 150},
                        "edges": {"smooth": false}}""")
    pyvis_templates = os.path.join(os.path.dirname(pyvis.__file__), "templates")
    env = Environment(loader=ChoiceLoader([FileSystemLoader(str(TEMPLATE_DIR)), FileSystemLoader(pyvis_templates)]),
                      autoescape=True)
    counts: dict[str, int] = {}
    for _, d in graph.nodes(data=True):
        counts[d["type"]] = counts.get(d["type"], 0) + 1
    meta = {"heading": f"{heading} · {graph.number_of_nodes()} 个实体 · {graph.number_of_edges()} 条关系",
            "legend": [{"type": t, "name": TYPE_NAMES[t], "color": c, "count": counts.get(t, 0)}
                       for t, c in TYPE_COLORS.items()
                       if counts.get(t)]}
    nodes, edges, _, _, _, options = net.get_network_data()
    import json
    return env.get_template("graph.html").render(nodes=nodes, edges=edges, options=json.loads(options),
                                                 heading=heading, kg_meta=meta)


def write_html(graph: nx.MultiDiGraph, target: Path, heading: str = "kg 知识图谱") -> None:
    write_text(target, render_html(graph, heading))
