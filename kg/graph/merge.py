"""Merge the documents' extractions into one NetworkX graph.

Nodes are entities keyed by type and canonical label (``"Person:王建国"``); an edge is one
fact, keyed by its property (and post title), carrying every sentence that states it.
The merge itself is kg.graph.store's, on disk, and independent of the order documents
arrive in; this is its result as a networkx graph, for Python users and small builds.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

import networkx as nx

from kg.graph.store import GraphStore, edge_key
from kg.model import DocumentExtraction

__all__ = ["edge_key", "merge"]


def merge(extractions: Iterable[DocumentExtraction], path: str | Path | None = None) -> nx.MultiDiGraph:
    """The graph of some documents' extractions, merged in an SQLite file at `path`
    (None: in memory), as a networkx graph."""
    with GraphStore(path) as store:
        return store.add_all(extractions).to_networkx()


