"""The graph: the documents' extractions merged into one NetworkX graph (merge), and the
lookups over it (lookup)."""
from kg.graph.lookup import counts_by_property, counts_by_type, facts, find_nodes
from kg.graph.merge import edge_key, fold_types, merge

__all__ = ["counts_by_property", "counts_by_type", "edge_key", "facts", "find_nodes", "fold_types", "merge"]
