"""Stage 9b: the interactive network (pyvis, vis-network), as one self-contained file.

pyvis builds the node and edge data and supplies vis-network, which kg inlines from
pyvis's own copy into its own template: the page loads nothing from the internet. Every
text that comes from an article reaches the page as JSON data and is shown through
canvas drawing or DOM text nodes, never as markup.

Positions are computed here, in Python (:func:`layout_positions`), and the page starts
with physics off, so a graph of thousands of nodes is drawn at once instead of being
simulated in the browser. :func:`render_view` renders a part of an existing ``graph.ttl``
(the neighbourhood of one entity, some types, the most connected nodes) for ``kg html``.
"""
from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Iterable

import networkx as nx
import numpy as np
import pyvis
from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from pyvis.network import Network

from .errors import Errors, ViewError
from .graph import find_nodes
from .outputs import write_text

TEMPLATE_DIR = Path(__file__).parent / "templates"
TYPE_COLORS = {
    "Person": "#e4572e", "Organization": "#2e86ab", "Program": "#76b041", "Meeting": "#f3a712",
    "Document": "#8e6c8a", "Place": "#17bebb", "Concept": "#9e9e9e",
}
# shapes whose size can follow the degree (vis draws "box", "ellipse" and "text" around the label)
TYPE_SHAPES = {"Person": "dot", "Organization": "square", "Program": "triangle", "Meeting": "diamond",
               "Document": "hexagon", "Place": "triangleDown", "Concept": "star"}
TYPE_NAMES = {"Person": "人物", "Organization": "机构", "Program": "项目", "Meeting": "会议", "Document": "文件",
              "Place": "地点", "Concept": "提法"}
PROPERTY_LABELS = {
    "holdsPosition": "任职", "presides": "主持", "attends": "出席", "convenes": "召开", "heldIn": "举办地",
    "implements": "实施", "issues": "印发", "adopts": "审议通过", "proposes": "提出", "repliesTo": "答复",
    "subOrganizationOf": "隶属", "locatedIn": "位于",
}
FONT_FACE = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
             '"WenQuanYi Zen Hei", "WenQuanYi Micro Hei", sans-serif')
IMPORTANT_LABELS = 50      # names kept readable at any zoom: the most connected nodes
EVIDENCE_PER_EDGE = 20     # sentences per relation written into the page (the count says if more)
EDGE_LENGTH = 130.0        # median edge length on the canvas, in vis units (pixels at zoom 1), at least
NODE_SPACING = 45.0        # median distance from a node to its nearest neighbour on the canvas, at least
BIG_GRAPH_EDGES = 2000     # above this, edges are hidden while dragging or zooming
LABEL_CHARS = 14           # longer names are shortened on the canvas (the full name is in `name`)


# --------------------------------------------------------------------------- layout

def _mesh_kernel(size: int) -> tuple[np.ndarray, np.ndarray]:
    """FFT of the 2-D repulsion field d/|d|^2 on a (2*size)^2 grid (cell units)."""
    m = 2 * size
    d = np.arange(m)
    d = np.where(d < size, d, d - m).astype(float)
    dx, dy = np.meshgrid(d, d, indexing="ij")
    r2 = dx * dx + dy * dy
    r2[0, 0] = 1.0
    kx, ky = dx / r2, dy / r2
    kx[0, 0] = ky[0, 0] = 0.0
    return np.fft.rfft2(kx), np.fft.rfft2(ky)


def _repulsion_dense(x: np.ndarray, mass: np.ndarray) -> np.ndarray:
    delta = x[:, None, :] - x[None, :, :]
    d2 = np.maximum((delta ** 2).sum(-1), 1e-4)
    return mass[:, None] * (delta * (mass[None, :] / d2)[..., None]).sum(1)


def _repulsion_mesh(x: np.ndarray, mass: np.ndarray, kernel: tuple[np.ndarray, np.ndarray],
                    size: int) -> np.ndarray:
    """All-pairs repulsion m_i m_j d/|d|^2 in O(n + G^2 log G): masses spread on a grid
    (cloud in cell), the field from one FFT convolution, read back at each node; pairs
    closer than two cells, which the grid blurs, are added exactly (a k-d tree finds them)."""
    from scipy.spatial import cKDTree

    n = len(x)
    lo = x.min(0)
    span = float((x.max(0) - lo).max()) + 1e-9
    h = span / (size - 3)
    g = (x - (lo - h)) / h
    i0 = np.floor(g).astype(np.int64)
    f = g - i0
    fx, fy = f[:, 0], f[:, 1]
    idx = i0[:, 0] * size + i0[:, 1]
    parts = ((0, (1 - fx) * (1 - fy)), (1, (1 - fx) * fy), (size, fx * (1 - fy)), (size + 1, fx * fy))
    rho = np.zeros(size * size)
    for off, w in parts:
        rho += np.bincount(idx + off, w * mass, size * size)
    spectrum = np.fft.rfft2(rho.reshape(size, size), (2 * size, 2 * size))
    field_x = np.fft.irfft2(spectrum * kernel[0], (2 * size, 2 * size))[:size, :size].ravel()
    field_y = np.fft.irfft2(spectrum * kernel[1], (2 * size, 2 * size))[:size, :size].ravel()
    out = np.zeros((n, 2))
    for off, w in parts:
        out[:, 0] += field_x[idx + off] * w
        out[:, 1] += field_y[idx + off] * w
    out *= (mass / h)[:, None]
    pairs = cKDTree(x).query_pairs(2 * h, output_type="ndarray")
    if len(pairs):
        a, b = pairs[:, 0], pairs[:, 1]
        delta = x[a] - x[b]
        w = mass[a] * mass[b] / np.maximum((delta ** 2).sum(1), 1e-4 * h * h)
        for k in (0, 1):
            push = delta[:, k] * w
            out[:, k] += np.bincount(a, push, n) - np.bincount(b, push, n)
    return out


def _pivot_mds(n: int, u: np.ndarray, v: np.ndarray, rng: np.random.Generator, pivots: int = 40) -> np.ndarray:
    """Starting positions from graph distances (Brandes & Pich's pivot MDS): the global
    shape of a connected component, which the force layout then only has to refine."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import shortest_path

    adjacency = coo_matrix((np.ones(len(u)), (u, v)), shape=(n, n)).tocsr()
    k = min(pivots, n)
    chosen = int(rng.integers(n))
    dist = np.empty((k, n))
    nearest = np.full(n, np.inf)
    for i in range(k):
        dist[i] = shortest_path(adjacency, directed=False, unweighted=True, indices=chosen)
        nearest = np.minimum(nearest, dist[i])
        chosen = int(np.argmax(nearest))
    c = dist.T ** 2
    c = -0.5 * (c - c.mean(0) - c.mean(1)[:, None] + c.mean())
    left, sing, _ = np.linalg.svd(c, full_matrices=False)
    return left[:, :2] * sing[:2]


def _component_layout(n: int, u: np.ndarray, v: np.ndarray, seed: int) -> np.ndarray:
    """Positions of one connected component: pivot MDS, then a force layout in the manner
    of ForceAtlas2 (repulsion (deg_i+1)(deg_j+1)/d, attraction d), so that a hub's
    neighbours get room in proportion to its degree."""
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[0.0, 0.0], [1.0, 0.0]])
    rng = np.random.default_rng(seed)
    mass = 1.0 + np.bincount(u, minlength=n) + np.bincount(v, minlength=n)
    x = _pivot_mds(n, u, v, rng)
    mean_edge = float(np.sqrt(((x[u] - x[v]) ** 2).sum(1)).mean())
    x = x / (mean_edge if mean_edge > 1e-9 else 1.0) * 2.0 + rng.random((n, 2)) * 0.3
    dense = n <= 300
    if not dense:
        size = 64 if n < 1500 else 128
        kernel = _mesh_kernel(size)
    iterations = 150 if dense else 120
    step = 0.1
    for _ in range(iterations):
        disp = 0.5 * (_repulsion_dense(x, mass) if dense else _repulsion_mesh(x, mass, kernel, size))
        pull = x[u] - x[v]
        pull *= np.sqrt((pull ** 2).sum(1))[:, None]
        for k in (0, 1):
            disp[:, k] -= np.bincount(u, pull[:, k], n) - np.bincount(v, pull[:, k], n)
        temperature = step * float((x.max(0) - x.min(0)).max())
        length = np.sqrt((disp ** 2).sum(1)) + 1e-9
        x += disp * (np.minimum(length, temperature) / length)[:, None]
        step = max(step * 0.96, 0.002)
    return x - x.mean(0)


def _label_width(label: str, font: float = 14.0) -> float:
    return sum(font if ord(ch) > 0x2e80 else font * 0.6 for ch in label)


def layout_positions(graph: nx.Graph, seed: int = 1) -> dict[str, tuple[float, float]]:
    """Canvas positions of every node: each connected component laid out on its own
    (pivot MDS, then a force layout whose repulsion a grid approximates: about a second
    for 5,000 nodes and 10,000 edges, where networkx's spring_layout takes a minute),
    scaled to a common edge length and node spacing, and packed in rows, largest first,
    with the isolated nodes in tidy rows at the end."""
    und = nx.Graph()
    und.add_nodes_from(graph.nodes)
    und.add_edges_from((s, o) for s, o in graph.edges() if s != o)
    components = sorted((sorted(c) for c in nx.connected_components(und)), key=lambda c: (-len(c), c[0]))
    laid = []
    edge_lengths, spacings = [], []
    for comp in components:
        index = {node: i for i, node in enumerate(comp)}
        pairs = np.array(sorted(tuple(sorted((index[a], index[b]))) for a, b in und.subgraph(comp).edges()),
                         dtype=np.int64)
        u, v = (pairs[:, 0], pairs[:, 1]) if len(pairs) else (np.zeros(0, np.int64), np.zeros(0, np.int64))
        x = _component_layout(len(comp), u, v, seed)
        if len(u):
            edge_lengths.append(np.sqrt(((x[u] - x[v]) ** 2).sum(1)))
        if len(comp) > 2:
            from scipy.spatial import cKDTree
            spacings.append(cKDTree(x).query(x, k=2)[0][:, 1])
        laid.append((comp, x))
    # one scale for all components: edges long enough for their labels, dense parts spread
    scale = 1.0
    if edge_lengths:
        scale = EDGE_LENGTH / max(float(np.median(np.concatenate(edge_lengths))), 1e-9)
    if spacings:
        scale = max(scale, NODE_SPACING / max(float(np.median(np.concatenate(spacings))), 1e-9))

    # shelf packing of the components' boxes (a margin for labels below and beside nodes)
    boxes = []
    for comp, x in laid:
        x = x * scale
        widths = np.array([_label_width(_short(str(graph.nodes[node].get("label", node)))) for node in comp])
        margin = 30 if len(comp) > 1 else 12   # isolated nodes sit closer: their labels show only zoomed in
        left = float((x[:, 0] - widths / 2).min()) - margin
        right = float((x[:, 0] + widths / 2).max()) + margin
        top, bottom = float(x[:, 1].min()) - (40 if len(comp) > 1 else 15), float(x[:, 1].max()) + 45
        boxes.append((comp, x, left, top, right - left, bottom - top))
    area = sum(w * h for *_, w, h in boxes)
    row_width = max(max((w for *_, w, _h in boxes), default=1.0), math.sqrt(area * 1.6))
    positions: dict[str, tuple[float, float]] = {}
    cx = cy = row_height = 0.0
    for comp, x, left, top, w, h in boxes:
        if cx > 0 and cx + w > row_width:
            cx, cy, row_height = 0.0, cy + row_height, 0.0
        for node, (px, py) in zip(comp, x):
            positions[node] = (px - left + cx, py - top + cy)
        cx += w
        row_height = max(row_height, h)
    if positions:
        xs, ys = zip(*positions.values())
        mx, my = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        positions = {node: (round(px - mx, 1), round(py - my, 1)) for node, (px, py) in positions.items()}
    return positions


# --------------------------------------------------------------------------- page

def _counts(graph: nx.MultiDiGraph, nodes: Iterable[str] | None = None) -> dict[str, int]:
    counts: dict[str, int] = {}
    for node in graph.nodes if nodes is None else nodes:
        t = graph.nodes[node]["type"]
        counts[t] = counts.get(t, 0) + 1
    return {t: counts[t] for t in sorted(counts, key=_type_order)}


def _type_order(t: str) -> tuple[int, str]:
    order = list(TYPE_COLORS)
    return (order.index(t) if t in order else len(order), t)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1] + "…"


def _edge_label(d: dict) -> str:
    label = PROPERTY_LABELS.get(d["property"], d["property"])
    return f"{label}：{d['title']}" if d.get("title") else label


def _network_data(graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]]) -> tuple[list, list]:
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    degrees = dict(graph.degree())
    for node, d in sorted(graph.nodes(data=True)):
        x, y = positions[node]
        degree = degrees.get(node, 0)
        color = TYPE_COLORS.get(d["type"], "#999999")
        net.add_node(node, label=_short(d["label"]), name=d["label"], group=d["type"], shape=TYPE_SHAPES.get(d["type"], "dot"),
                     size=round(min(10 + 5 * math.sqrt(degree), 60), 1), x=x, y=y,
                     type=d["type"], aliases=list(d.get("aliases") or []),
                     documents=list(d.get("documents") or []), degree=degree, date=d.get("date"))
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
                     confidence=d.get("confidence"), evidenceCount=len(evidence),
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


def render_html(graph: nx.MultiDiGraph, heading: str = "kg 知识图谱", *, notice: list[str] | None = None,
                focus: list[str] | None = None) -> str:
    """The whole page for `graph`: data, vis-network, styles and script in one file."""
    positions = layout_positions(graph)
    nodes, edges = _network_data(graph, positions)
    degrees = dict(graph.degree())
    connected = sorted((n for n in graph.nodes if degrees.get(n, 0) > 0),
                       key=lambda n: (-degrees[n], graph.nodes[n]["label"], n))
    important = connected[:IMPORTANT_LABELS]
    counts = _counts(graph)
    used_docs = {doc for _, d in graph.nodes(data=True) for doc in d.get("documents") or []}
    used_docs |= {e["document"] for _, _, d in graph.edges(data=True) for e in d.get("evidence") or []}
    documents = {name: {"title": info.get("title"), "date": info.get("date")}
                 for name, info in (graph.graph.get("documents") or {}).items() if name in used_docs}
    meta = {"heading": f"{heading} · {graph.number_of_nodes()} 个实体 · {graph.number_of_edges()} 条关系",
            "legend": [{"type": t, "name": TYPE_NAMES.get(t, t), "color": TYPE_COLORS.get(t, "#999999"),
                        "shape": TYPE_SHAPES.get(t, "dot"), "count": n} for t, n in counts.items()],
            "properties": PROPERTY_LABELS, "important": important, "notice": list(notice or []),
            "focus": [n for n in focus or [] if n in graph], "documents": documents}
    pyvis_templates = os.path.join(os.path.dirname(pyvis.__file__), "templates")
    env = Environment(loader=ChoiceLoader([FileSystemLoader(str(TEMPLATE_DIR)), FileSystemLoader(pyvis_templates)]),
                      autoescape=True)
    return env.get_template("graph.html").render(nodes=nodes, edges=edges, options=_options(graph),
                                                 heading=heading, kg_meta=meta)


def write_html(graph: nx.MultiDiGraph, target: Path, heading: str = "kg 知识图谱") -> None:
    write_text(target, render_html(graph, heading))


# --------------------------------------------------------------------------- views

def _parse_types(types: str | Iterable[str] | None) -> list[str] | None:
    if types is None:
        return None
    items = types.split(",") if isinstance(types, str) else list(types)
    wanted = [t.strip() for t in items if t and t.strip()]
    by_name = {t.lower(): t for t in TYPE_COLORS} | {v: k for k, v in TYPE_NAMES.items()}
    unknown = [t for t in wanted if t.lower() not in by_name and t not in by_name]
    if unknown:
        raise ViewError(Errors.E050.format(types=", ".join(unknown), known=", ".join(TYPE_COLORS)))
    return [by_name.get(t.lower(), by_name.get(t)) for t in wanted]


def select_view(graph: nx.MultiDiGraph, focus: str | None = None, depth: int = 1,
                types: str | Iterable[str] | None = None, max_nodes: int | None = None
                ) -> tuple[nx.MultiDiGraph, dict]:
    """The part of `graph` a view shows, and what it leaves out.

    `types` keeps the nodes of those types (names like ``Person`` or ``人物``, a list or a
    comma-separated string); `focus` (a canonical name or an alias) keeps the entities
    within `depth` relations of it, through the kept types (the focus itself always
    stays); `max_nodes` then keeps the most connected nodes, nearest to the focus first.
    """
    if depth < 0:
        raise ViewError(Errors.E051.format(name="depth", least=0))
    if max_nodes is not None and max_nodes < 1:
        raise ViewError(Errors.E051.format(name="max_nodes", least=1))
    wanted_types = _parse_types(types)
    centres: list[str] = []
    if focus is not None:
        centres = find_nodes(graph, focus)
        if not centres:
            raise ViewError(Errors.E052.format(name=focus))
    keep = set(graph.nodes) if wanted_types is None else \
        {n for n, d in graph.nodes(data=True) if d["type"] in wanted_types}
    keep |= set(centres)
    view = graph.subgraph(keep)
    distance: dict[str, int] = {}
    if centres:
        und = view.to_undirected(as_view=True)
        for centre in centres:
            for node, dist in nx.single_source_shortest_path_length(und, centre, cutoff=depth).items():
                distance[node] = min(dist, distance.get(node, dist))
        view = graph.subgraph(distance)
    if view.number_of_nodes() == 0:
        raise ViewError(Errors.E053.format(types=", ".join(wanted_types)) if wanted_types else Errors.E054)
    candidates = view.number_of_nodes()
    truncated: dict[str, int] = {}
    if max_nodes is not None and view.number_of_nodes() > max_nodes:
        degrees = dict(view.degree())
        ranked = sorted(view.nodes, key=lambda n: (distance.get(n, 0), -degrees[n], graph.nodes[n]["label"], n))
        kept = ranked[:max_nodes]
        truncated = _counts(graph, ranked[max_nodes:])
        view = graph.subgraph(kept)
    view = view.copy()
    omitted = _counts(graph, set(graph.nodes) - set(view.nodes))
    info = {
        "nodes": view.number_of_nodes(), "edges": view.number_of_edges(),
        "total_nodes": graph.number_of_nodes(), "total_edges": graph.number_of_edges(),
        "omitted": omitted, "omitted_edges": graph.number_of_edges() - view.number_of_edges(),
        "truncated": truncated, "candidates": candidates,
        "focus": centres, "depth": depth if centres else None, "types": wanted_types, "max_nodes": max_nodes,
    }
    info["notice"] = _notice(graph, info)
    return view, info


def _fmt_counts(counts: dict[str, int]) -> str:
    return "、".join(f"{TYPE_NAMES.get(t, t)} {n:,}" for t, n in counts.items())


def _notice(graph: nx.MultiDiGraph, info: dict) -> list[str]:
    if not info["omitted"] and not info["omitted_edges"]:
        return []
    lines = [f"本视图只显示 {info['nodes']:,} / {info['total_nodes']:,} 个实体、"
             f"{info['edges']:,} / {info['total_edges']:,} 条关系。"]
    if info["focus"]:
        names = "、".join(graph.nodes[n]["label"] for n in info["focus"])
        lines.append(f"中心：{names}，{info['depth']} 步以内的关系网络。")
    if info["types"] is not None:
        lines.append("类型：" + "、".join(TYPE_NAMES.get(t, t) for t in info["types"]) + "。")
    if info["truncated"]:
        lines.append(f"实体过多（{info['candidates']:,} 个符合条件，上限 {info['max_nodes']:,}）：按连接数保留最重要的 "
                     f"{info['nodes']:,} 个，另有 {_fmt_counts(info['truncated'])} 因此未显示。")
    if info["omitted"]:
        lines.append(f"未显示的实体：{_fmt_counts(info['omitted'])}；未显示的关系 {info['omitted_edges']:,} 条。")
    else:
        lines.append(f"未显示的关系 {info['omitted_edges']:,} 条。")
    return lines


def render_view(graph_path_or_graph: str | Path | nx.MultiDiGraph, out_path: str | Path,
                focus: str | None = None, depth: int = 1, types: str | Iterable[str] | None = None,
                max_nodes: int | None = None) -> dict:
    """Write an HTML view of a graph (a NetworkX graph from kg, or a graph.ttl / graph.nt
    that is read back with :func:`kg.rdf.read_graph`, without rebuilding) to `out_path`.

    Returns what the view holds and leaves out, for the terminal: ``output``, ``nodes``,
    ``edges``, ``total_nodes``, ``total_edges``, ``omitted`` (entities not shown, by type),
    ``omitted_edges``, ``truncated`` (entities dropped by `max_nodes`, by type),
    ``focus`` (the node keys of the focus), ``notice`` (the lines the page shows).
    Raises :class:`kg.errors.ViewError` for an unknown name or type or an empty view.
    """
    if isinstance(graph_path_or_graph, nx.Graph):
        graph = graph_path_or_graph
    else:
        from .rdf import read_graph
        graph = read_graph(graph_path_or_graph)
    view, info = select_view(graph, focus=focus, depth=depth, types=types, max_nodes=max_nodes)
    heading = "kg 知识图谱"
    if info["focus"]:
        heading += " · " + "、".join(graph.nodes[n]["label"] for n in info["focus"])
    write_text(Path(out_path), render_html(view, heading, notice=info["notice"], focus=info["focus"]))
    info["output"] = str(out_path)
    return info


def summarize_view(info: dict) -> list[str]:
    """Lines for the terminal about a view that :func:`render_view` wrote."""
    lines = [f"view:      {info['output']} ({info['nodes']:,} of {info['total_nodes']:,} entities, "
             f"{info['edges']:,} of {info['total_edges']:,} relations)"]
    if info["truncated"]:
        lines.append(f"max-nodes: kept the {info['nodes']:,} most connected of {info['candidates']:,}; dropped "
                     + ", ".join(f"{t} {n:,}" for t, n in info["truncated"].items()))
    if info["omitted"] and info["omitted"] == info["truncated"]:
        lines.append(f"left out:  those {sum(info['omitted'].values()):,} entities; {info['omitted_edges']:,} relations")
    elif info["omitted"] or info["omitted_edges"]:
        lines.append("left out:  " + (", ".join(f"{t} {n:,}" for t, n in info["omitted"].items()) or "no entity")
                     + f" (total {sum(info['omitted'].values()):,}); {info['omitted_edges']:,} relations")
    return lines
