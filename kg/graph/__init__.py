"""The graph: the documents' extractions merged into one NetworkX graph (merge), and the
lookups over it (lookup)."""
from kg.graph.lookup import counts_by_property, counts_by_type, facts, find_nodes
from kg.graph.merge import edge_key, merge
from kg.graph.store import GraphStore

__all__ = ["GraphStore", "counts_by_property", "counts_by_type", "edge_key", "facts", "find_nodes", "merge"]
