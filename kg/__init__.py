"""kg: Chinese government and party news in; a knowledge graph out.

    import kg
    graph = kg.build_graph(["articles/"])          # a networkx.MultiDiGraph
    kg.write_outputs(graph, "output/")               # graph.ttl, graph.html, graph.graphml, CSVs
    kg.build(["articles/"], "output/")               # both, as `kg build` does

Every command of the ``kg`` command line is one of these functions, with the same
argument names: build, render_view (kg html), validate, query, make_server (kg serve),
train_ner (kg train-ner), evaluate (kg eval). They are imported when first used, so
``import kg`` is quick and loads neither spaCy nor jieba.
"""
from importlib import import_module

__version__ = "0.1.0"

_EXPORTS = {
    "BuildReport": "kg.builder", "build": "kg.builder", "build_graph": "kg.builder", "extract_all": "kg.builder",
    "write_outputs": "kg.builder", "merge_into": "kg.builder", "GraphStore": "kg.graph.store",
    "facts": "kg.graph", "find_nodes": "kg.graph", "read_graph": "kg.graph.read",
    "render_html": "kg.export.html", "write_html": "kg.export.html", "render_view": "kg.export.html",
    "to_rdf": "kg.export.rdf", "write_rdf": "kg.export.rdf", "write_turtle": "kg.export.rdf",
    "write_graphml": "kg.export.tables",
    "query": "kg.sparql.query", "make_server": "kg.sparql.serve",
    "write_store": "kg.sparql.store", "open_store": "kg.sparql.store",
    "cache_info": "kg.engine.cache", "clear_cache": "kg.engine.cache",
    "validate": "kg.quality.validate", "evaluate": "kg.quality.evaluate",
    "train_ner": ("kg.extract.ner.train", "train"),
}
__all__ = [*_EXPORTS, "__version__"]


def __getattr__(name: str):
    target = _EXPORTS.get(name)
    if target is None:
        try:  # a subpackage or module: kg.errors, kg.schema, kg.extract …
            return import_module(f"kg.{name}")
        except ModuleNotFoundError:
            raise AttributeError(f"module 'kg' has no attribute {name!r}") from None
    module, attr = target if isinstance(target, tuple) else (target, name)
    value = getattr(import_module(module), attr)
    globals()[name] = value
    return value


def __dir__():
    return sorted(__all__)
