"""Views of part of a graph for ``kg html``: the neighbourhood of one entity, some types,
the most connected nodes; what the view leaves out is said on the page and in the terminal."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

import networkx as nx

from kg.errors import Errors, ViewError
from kg.export.html.page import TYPE_COLORS, TYPE_NAMES, EVIDENCE_PER_EDGE, counts, page_pieces, type_order
from kg.export.outputs import write_text
from kg.graph import GraphStore, find_nodes


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


def induced_copy(graph: nx.MultiDiGraph, nodes: Iterable[str]) -> nx.MultiDiGraph:
    """The subgraph of `graph` on `nodes` as a graph of its own, nodes in `graph`'s order:
    what ``graph.subgraph(nodes).copy()`` gives, built from plain adjacency instead of
    through filtered views (five times faster on a 5,000-node view)."""
    wanted = set(nodes)
    copy = graph.__class__()
    copy.graph.update(graph.graph)
    copy.add_nodes_from((n, d) for n, d in graph.nodes(data=True) if n in wanted)
    copy.add_edges_from((u, v, k, d) for u, v, k, d in graph.edges(copy.nodes, keys=True, data=True) if v in wanted)
    return copy


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
    view = graph if len(keep) == graph.number_of_nodes() else graph.subgraph(keep)
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
        truncated = counts(graph, ranked[max_nodes:])
        view = graph.subgraph(kept)
    view = induced_copy(graph, view.nodes)
    omitted = counts(graph, set(graph.nodes) - set(view.nodes))
    info = {
        "nodes": view.number_of_nodes(), "edges": view.number_of_edges(),
        "total_nodes": graph.number_of_nodes(), "total_edges": graph.number_of_edges(),
        "omitted": omitted, "omitted_edges": graph.number_of_edges() - view.number_of_edges(),
        "truncated": truncated, "candidates": candidates,
        "focus": centres, "depth": depth if centres else None, "types": wanted_types, "max_nodes": max_nodes,
    }
    info["notice"] = _notice(graph, info)
    return view, info


def select_most_connected(store: GraphStore, max_nodes: int | None = None) -> tuple[nx.MultiDiGraph, dict]:
    """What :func:`select_view` gives with `max_nodes` alone, read from a GraphStore: the
    most connected entities (then by label), and no other part of the graph in memory."""
    if max_nodes is not None and max_nodes < 1:
        raise ViewError(Errors.E051.format(name="max_nodes", least=1))
    total_nodes, total_edges = store.number_of_nodes(), store.number_of_edges()
    if total_nodes == 0:
        raise ViewError(Errors.E054)
    kept, dropped = [], {}
    for key, type_ in store.ranked():
        if max_nodes is None or len(kept) < max_nodes:
            kept.append(key)
        else:
            dropped[type_] = dropped.get(type_, 0) + 1
    view = store.to_networkx(kept, evidence_limit=EVIDENCE_PER_EDGE)
    truncated = {t: dropped[t] for t in sorted(dropped, key=type_order)}
    info = {
        "nodes": view.number_of_nodes(), "edges": view.number_of_edges(),
        "total_nodes": total_nodes, "total_edges": total_edges,
        "omitted": truncated, "omitted_edges": total_edges - view.number_of_edges(),
        "truncated": truncated, "candidates": total_nodes,
        "focus": [], "depth": None, "types": None, "max_nodes": max_nodes,
    }
    info["notice"] = _notice(view, info)
    return view, info


def _fmtcounts(counts: dict[str, int]) -> str:
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
                     f"{info['nodes']:,} 个，另有 {_fmtcounts(info['truncated'])} 因此未显示。")
    if info["omitted"]:
        lines.append(f"未显示的实体：{_fmtcounts(info['omitted'])}；未显示的关系 {info['omitted_edges']:,} 条。")
    else:
        lines.append(f"未显示的关系 {info['omitted_edges']:,} 条。")
    return lines


def render_view(graph: str | Path | nx.MultiDiGraph | GraphStore, output: str | Path, focus: str | None = None,
                depth: int = 1,
                types: str | Iterable[str] | None = None, max_nodes: int | None = None) -> dict:
    """`kg html`: write an HTML view of a graph (a NetworkX graph from kg, or a graph.ttl /
    graph.nt read back with `kg.read_graph`, without rebuilding) to the file `output`.

    Returns what the view holds and leaves out, for the terminal: ``output``, ``nodes``,
    ``edges``, ``total_nodes``, ``total_edges``, ``omitted`` (entities not shown, by type),
    ``omitted_edges``, ``truncated`` (entities dropped by `max_nodes`, by type),
    ``focus`` (the node keys of the focus), ``notice`` (the lines the page shows).
    Raises :class:`kg.errors.ViewError` for an unknown name or type or an empty view.
    """
    if isinstance(graph, GraphStore) and focus is None and types is None:
        view, info = select_most_connected(graph, max_nodes)
        graph = view
    else:
        if isinstance(graph, GraphStore):
            graph = graph.to_networkx()
        if not isinstance(graph, nx.Graph):
            from kg.graph.read import read_graph
            graph = read_graph(graph)
        view, info = select_view(graph, focus=focus, depth=depth, types=types, max_nodes=max_nodes)
    heading = "kg 知识图谱"
    if info["focus"]:
        heading += " · " + "、".join(graph.nodes[n]["label"] for n in info["focus"])
    write_text(Path(output), page_pieces(view, heading, notice=info["notice"], focus=info["focus"]))
    info["output"] = str(output)
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
