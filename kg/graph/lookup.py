"""Lookups over a graph built by kg: nodes by name or alias, facts by their ends, counts."""
from __future__ import annotations

import networkx as nx


def counts_by_type(graph: nx.MultiDiGraph) -> dict[str, int]:
    out: dict[str, int] = {}
    for _, data in graph.nodes(data=True):
        out[data["type"]] = out.get(data["type"], 0) + 1
    return dict(sorted(out.items()))


def counts_by_property(graph: nx.MultiDiGraph) -> dict[str, int]:
    out: dict[str, int] = {}
    for _, _, data in graph.edges(data=True):
        out[data["property"]] = out.get(data["property"], 0) + 1
    return dict(sorted(out.items()))


def find_nodes(graph: nx.MultiDiGraph, name: str, type_: str | None = None) -> list[str]:
    """Nodes whose canonical label or any alias is `name` (quote marks ignored)."""
    wanted = name.strip("“”《》\"")
    return sorted(n for n, d in graph.nodes(data=True)
                  if (type_ is None or d["type"] == type_) and (d["label"] == wanted or wanted in d["aliases"]))


def facts(graph: nx.MultiDiGraph, subject: str | None = None, prop: str | None = None,
          obj: str | None = None) -> list[tuple[str, str, str, str | None]]:
    """(subject label, property, object label, title) of the edges that fit, by label or alias."""
    subjects = set(find_nodes(graph, subject)) if subject else None
    objects = set(find_nodes(graph, obj)) if obj else None
    out = []
    for s, o, d in graph.edges(data=True):
        if (subjects is None or s in subjects) and (objects is None or o in objects) and \
                (prop is None or d["property"] == prop):
            out.append((graph.nodes[s]["label"], d["property"], graph.nodes[o]["label"], d["title"]))
    return sorted(out, key=lambda f: (f[0], f[1], f[2], f[3] or ""))
