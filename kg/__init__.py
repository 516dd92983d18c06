"""kg: Chinese government and party news in; a knowledge graph out.

    import kg
    graph = kg.build_graph(["articles/"])          # a networkx.MultiDiGraph
    kg.write_outputs(graph, "output/")               # graph.ttl, graph.html, graph.graphml, CSVs
"""
__version__ = "0.1.0"

from .build import BuildReport, build_graph, extract_all, write_outputs  # noqa: E402
from .graph import facts, find_nodes  # noqa: E402
from .html import render_html, write_html  # noqa: E402
from .rdf import read_graph, to_rdf, write_rdf, write_turtle  # noqa: E402
from .tables import write_graphml  # noqa: E402

__all__ = ["BuildReport", "build_graph", "facts", "find_nodes", "extract_all", "write_outputs", "render_html", "write_html", "to_rdf", "read_graph", "write_rdf",
           "write_turtle", "write_graphml", "__version__"]
