"""Stage 9a: the graph as RDF (SCHEMA.md's shape), written as Turtle with rdflib.

IRIs are opaque and stable: a hash of the entity's type and canonical label under a base
the user can set, so the same entity gets the same IRI in every build, whatever the
input order. Every relation is also reified as an ``rdf:Statement`` carrying its
evidence: the article, the sentence, its offsets, the extractor and its confidence.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import networkx as nx
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from .outputs import atomic_path

KG = Namespace("http://kg.example.org/ontology#")
DEFAULT_BASE = "http://kg.example.org/id/"


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def entity_iri(base: str, node: str, type_: str) -> URIRef:
    return URIRef(f"{base}{type_.lower()}/{_digest(node)}")


def article_iri(base: str, name: str) -> URIRef:
    return URIRef(f"{base}article/{_digest(name)}")


def to_rdf(graph: nx.MultiDiGraph, base: str = DEFAULT_BASE) -> Graph:
    g = Graph()
    g.bind("kg", KG)
    g.bind("skos", SKOS)
    g.bind("prov", PROV)
    g.bind("dcterms", DCTERMS)
    iri = {node: entity_iri(base, node, d["type"]) for node, d in graph.nodes(data=True)}
    for name, meta in graph.graph.get("documents", {}).items():
        a = article_iri(base, name)
        g.add((a, RDF.type, KG.Article))
        g.add((a, KG.fileName, Literal(name)))
        g.add((a, KG.sha256, Literal(meta["sha256"])))
        if meta.get("title"):
            g.add((a, DCTERMS.title, Literal(meta["title"], lang="zh")))
        if meta.get("date"):
            g.add((a, DCTERMS.date, Literal(meta["date"], datatype=XSD.date)))
    for node, d in graph.nodes(data=True):
        s = iri[node]
        g.add((s, RDF.type, KG[d["type"]]))
        g.add((s, RDFS.label, Literal(d["label"], lang="zh")))
        for alias in d["aliases"]:
            g.add((s, SKOS.altLabel, Literal(alias, lang="zh")))
        for doc in d["documents"]:
            g.add((s, KG.mentionedIn, article_iri(base, doc)))
    for subj, obj, key, d in graph.edges(keys=True, data=True):
        s, o, p = iri[subj], iri[obj], KG[d["property"]]
        target = o
        if d["property"] == "holdsPosition":
            target = URIRef(f"{base}position/{_digest(subj, obj, d['title'] or '')}")
            g.add((target, RDF.type, KG.Position))
            g.add((target, KG.organization, o))
            if d["title"]:
                g.add((target, KG.title, Literal(d["title"], lang="zh")))
        g.add((s, p, target))
        for ev in d["evidence"]:
            st = URIRef(f"{base}statement/{_digest(subj, key, obj, ev['document'], str(ev['start']))}")
            g.add((st, RDF.type, RDF.Statement))
            g.add((st, RDF.subject, s))
            g.add((st, RDF.predicate, p))
            g.add((st, RDF.object, target))
            g.add((st, PROV.wasDerivedFrom, article_iri(base, ev["document"])))
            g.add((st, KG.sentence, Literal(ev["sentence"], lang="zh")))
            g.add((st, KG.startOffset, Literal(ev["start"], datatype=XSD.integer)))
            g.add((st, KG.endOffset, Literal(ev["end"], datatype=XSD.integer)))
            g.add((st, KG.extractor, Literal(ev["extractor"])))
            g.add((st, KG.confidence, Literal(round(ev["confidence"], 3), datatype=XSD.decimal)))
    return g


def write_turtle(graph: nx.MultiDiGraph, target: Path, base: str = DEFAULT_BASE) -> None:
    with atomic_path(target) as tmp:
        to_rdf(graph, base).serialize(destination=str(tmp), format="turtle", encoding="utf-8")


__all__ = ["KG", "DEFAULT_BASE", "to_rdf", "write_turtle", "entity_iri", "BNode"]
