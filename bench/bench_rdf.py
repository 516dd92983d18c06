"""Benchmark: writing a graph of about one million triples as Turtle and N-Triples.

kg writes RDF by generating its triples in a fixed order and serialising them with
Oxigraph. For comparison, the same triples go through rdflib's Turtle serializer (what
kg used first). The graph is synthetic but has kg's shape: people, bodies and meetings
with labels and aliases, posts and attendance with a sentence of evidence each.

    .venv/bin/python bench/bench_rdf.py                 # ~1M triples
    .venv/bin/python bench/bench_rdf.py --people 20000  # smaller
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import rdflib

from kg.export.rdf import triples, write_rdf


def synthetic_graph(people: int, seed: int = 1) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    g = nx.MultiDiGraph(documents={f"doc{i:05d}.txt": {"sha256": "0" * 64, "title": f"文章{i}", "date": "2024-01-01",
                                                         "path": "", "characters": 0} for i in range(people // 20)})
    docs = list(g.graph["documents"])
    bodies = [f"Organization:某市第{i}局" for i in range(people // 10)]
    meetings = [f"Meeting:某市第{i}次会议" for i in range(people // 10)]
    for node in bodies + meetings:
        type_, label = node.split(":")
        g.add_node(node, type=type_, label=label, aliases=[label[:3]], documents=[rng.choice(docs)], mentions=1,
                   extractors=["grammar:organization"], scope=None)
    for i in range(people):
        node = f"Person:人物{i}"
        g.add_node(node, type="Person", label=f"人物{i}", aliases=[], documents=[rng.choice(docs)], mentions=1,
                   extractors=["grammar:title-person"], scope=None)
        for prop, target, title in (("holdsPosition", rng.choice(bodies), "主任"),
                                    ("attends", rng.choice(meetings), None)):
            doc = rng.choice(docs)
            ev = {"document": doc, "sentence": f"人物{i}出席会议并讲话。", "start": i, "end": i + 10,
                  "extractor": "rule:post-chain", "confidence": 0.85}
            g.add_edge(node, target, key=prop, property=prop, title=title, confidence=0.85, evidence=[ev],
                       document=doc, sentence=ev["sentence"], start=i, end=i + 10, extractor=ev["extractor"])
    return g


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--people", type=int, default=27000, help="people in the synthetic graph (27,000 ≈ 1M triples)")
    ap.add_argument("--skip-rdflib", action="store_true", help="do not time rdflib's serializer")
    a = ap.parse_args()
    graph = synthetic_graph(a.people)
    count = sum(1 for _ in triples(graph))
    print(f"synthetic graph: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges, {count:,} triples")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, name in (("turtle", "graph.ttl"), ("nt", "graph.nt")):
            start = time.perf_counter()
            write_rdf(graph, Path(tmp) / name, fmt=fmt)
            seconds = time.perf_counter() - start
            size = (Path(tmp) / name).stat().st_size / 1e6
            print(f"kg write_rdf ({fmt:6}): {seconds:6.1f} s  {count / seconds:>12,.0f} triples/s  {size:6.1f} MB")
        start = time.perf_counter()
        store = ox.Store()
        store.bulk_load(path=str(Path(tmp) / "graph.ttl"), format=ox.RdfFormat.TURTLE)
        print(f"pyoxigraph load of the Turtle: {time.perf_counter() - start:6.1f} s")
        if not a.skip_rdflib:
            start = time.perf_counter()
            g = rdflib.Graph()
            g.parse(Path(tmp) / "graph.nt", format="nt")
            parsed = time.perf_counter() - start
            start = time.perf_counter()
            g.serialize(destination=str(Path(tmp) / "rdflib.ttl"), format="turtle")
            print(f"rdflib (for comparison): parse N-Triples {parsed:6.1f} s, serialize Turtle "
                  f"{time.perf_counter() - start:6.1f} s")


if __name__ == "__main__":
    main()
