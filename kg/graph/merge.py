"""Merge the documents' extractions into one NetworkX graph.

Nodes are entities keyed by type and canonical label (``"Person:王建国"``); an edge is one
fact, keyed by its property (and post title), carrying every sentence that states it.
The merge is independent of the order documents arrive in.
"""
from __future__ import annotations

from typing import Iterable

import networkx as nx

from kg.model import DocumentExtraction
from kg.schema import FOLDS_INTO


def edge_key(prop: str, title: str | None) -> str:
    return f"{prop}:{title}" if title else prop


def merge(extractions: Iterable[DocumentExtraction]) -> nx.MultiDiGraph:
    return merge_sorted(sorted(extractions, key=lambda e: e.document))


def merge_sorted(extractions: Iterable[DocumentExtraction]) -> nx.MultiDiGraph:
    """The graph of extractions that arrive in the order of their documents' names, one
    at a time: none is kept once it is in the graph, so a stream of them (read back
    from disk) is merged in the memory of the graph alone."""
    graph = nx.MultiDiGraph(documents={})
    for ex in extractions:
        graph.graph["documents"][ex.document] = {
            "path": ex.path, "title": ex.title, "date": ex.date, "sha256": ex.sha256,
            "characters": ex.characters}
        for key, entity in ex.entities.items():
            if key not in graph:
                graph.add_node(key, type=entity.type, label=entity.label, aliases=[], documents=[],
                               mentions=0, extractors=[], scope=entity.scope)
            node = graph.nodes[key]
            node["aliases"] = sorted(set(node["aliases"]) | entity.aliases - {entity.label})
            documents = node["documents"]  # in name order, as the documents arrive
            if not documents or documents[-1] != ex.document:
                documents.append(ex.document)
            node["mentions"] += entity.mentions
            node["extractors"] = sorted(set(node["extractors"]) | entity.extractors)
            if entity.date and not node.get("date"):
                node["date"] = entity.date
        # this document's evidence of each fact, once per sentence span, in text order: the
        # facts' evidence lists stay sorted by document and offset without being sorted again
        stated: dict[tuple[str, str, str], dict[tuple[int, int], dict]] = {}
        for r in ex.relations:
            for end in (r.subject, r.object):
                if end not in graph:  # an entity a relation created (a body named by a post)
                    type_, label = end.split(":", 1)
                    graph.add_node(end, type=type_, label=label.split("@")[0], aliases=[], documents=[],
                                   mentions=0, extractors=[], scope=None)
            edge = (r.subject, r.object, edge_key(r.property, r.title))
            if graph.has_edge(*edge):
                data = graph.edges[edge]
                data["confidence"] = max(data["confidence"], r.evidence.confidence)
            else:
                graph.add_edge(*edge, property=r.property, title=r.title, confidence=r.evidence.confidence,
                               evidence=[])
            stated.setdefault(edge, {}).setdefault((r.evidence.start, r.evidence.end), {
                "document": ex.document, "sentence": r.evidence.sentence, "start": r.evidence.start,
                "end": r.evidence.end, "extractor": r.evidence.extractor, "confidence": r.evidence.confidence})
        for edge, spans in stated.items():
            graph.edges[edge]["evidence"].extend(sorted(spans.values(), key=lambda e: e["start"]))
    fold_types(graph)
    for _, _, data in graph.edges(data=True):
        first = data["evidence"][0]
        data.update(document=first["document"], sentence=first["sentence"], start=first["start"],
                    end=first["end"], extractor=first["extractor"])
    return graph


def fold_types(graph: nx.MultiDiGraph) -> None:
    """A node of a type that folds into another (kg.schema.FOLDS_INTO: a quoted name read as
    a slogan in one article and as a programme in another is the programme) joins the node
    of that type and label."""
    for folded, into in FOLDS_INTO.items():
        targets = {d["label"]: n for n, d in graph.nodes(data=True) if d["type"] == into and not d.get("scope")}
        for node, d in list(graph.nodes(data=True)):
            target = targets.get(d["label"]) if d["type"] == folded else None
            if target is None:
                continue
            t = graph.nodes[target]
            t["aliases"] = sorted(set(t["aliases"]) | set(d["aliases"]) - {t["label"]})
            t["documents"] = sorted(set(t["documents"]) | set(d["documents"]))
            t["mentions"] += d["mentions"]
            t["extractors"] = sorted(set(t["extractors"]) | set(d["extractors"]))
            for s, o, k, e in list(graph.in_edges(node, keys=True, data=True)) + \
                    list(graph.out_edges(node, keys=True, data=True)):
                graph.add_edge(target if s == node else s, target if o == node else o, key=k, **e)
            graph.remove_node(node)
