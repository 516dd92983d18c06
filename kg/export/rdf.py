"""Stage 9a: the graph as RDF in SCHEMA.md's shape, written as Turtle or N-Triples.

IRIs are opaque and stable: a hash of the entity's type and canonical label under a base
the user can set, so the same entity gets the same IRI in every build whatever the input
order, and any name gives a valid IRI. Every relation is also reified as an
``rdf:Statement`` with its evidence: the article (``prov:wasDerivedFrom``), the sentence,
its offsets, the extractor and its confidence.

So that queries written with the vocabularies users already know find the data, the
output also states the aligned terms of ontology/kg.ttl (W3C ORG, schema.org, FOAF,
PROV-O, SKOS, Dublin Core): the superclasses of each entity, and the superproperty or
inverse of each relation (``org:holds``/``org:postIn`` for posts, ``schema:attendee``
on meetings, …). Triples are generated in a fixed order and serialised by Oxigraph, so
two builds of the same input are byte-identical and a million triples take seconds.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import networkx as nx
import pyoxigraph as ox

from kg.errors import Errors, InputError
from kg.export.outputs import atomic_path
from kg.graph.store import GraphStore, as_store
from kg.schema import DEFAULT_BASE, KG_NS, PREFIXES, PROPERTIES, aligned_classes

RDF_NS, RDFS_NS, XSD_NS = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["xsd"]


@dataclass(frozen=True)
class Syntax:
    """An RDF syntax kg reads or writes: its file suffixes and its name in each library."""

    name: str
    suffixes: tuple[str, ...]
    oxigraph: ox.RdfFormat | None
    rdflib: str


SYNTAXES = (
    Syntax("ttl", (".ttl", ".turtle"), ox.RdfFormat.TURTLE, "turtle"),
    Syntax("nt", (".nt", ".ntriples"), ox.RdfFormat.N_TRIPLES, "nt"),
    Syntax("nq", (".nq",), ox.RdfFormat.N_QUADS, "nquads"),
    Syntax("trig", (".trig",), ox.RdfFormat.TRIG, "trig"),
    Syntax("n3", (".n3",), ox.RdfFormat.N3, "n3"),
    Syntax("xml", (".rdf", ".owl", ".xml"), ox.RdfFormat.RDF_XML, "xml"),
    Syntax("jsonld", (".jsonld",), ox.RdfFormat.JSON_LD, "json-ld"),
)
WRITTEN = {"ttl": SYNTAXES[0], "turtle": SYNTAXES[0], "nt": SYNTAXES[1], "ntriples": SYNTAXES[1]}


def syntax_of(path: str | Path) -> Syntax:
    """The syntax of a file by its suffix; Turtle, as kg writes, when the suffix says none."""
    suffix = Path(path).suffix.lower()
    return next((s for s in SYNTAXES if suffix in s.suffixes), SYNTAXES[0])


def check_base_iri(base: str) -> str:
    """`base` if entity IRIs can be made by appending to it, else InputError saying why."""
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", base):
        raise InputError(Errors.E013.format(iri=base, reason="it needs a scheme, as in http://example.org/id/"))
    if not base.endswith(("/", "#", ":")):
        raise InputError(Errors.E013.format(iri=base, reason="it must end with /, # or :"))
    try:
        ox.NamedNode(f"{base}person/0")
    except ValueError as exc:
        raise InputError(Errors.E013.format(iri=base, reason=exc)) from None
    if any(ch.isspace() for ch in base):
        raise InputError(Errors.E013.format(iri=base, reason="it contains white space"))
    return base


def _expand(curie: str) -> ox.NamedNode:
    prefix, local = curie.split(":", 1)
    return ox.NamedNode(PREFIXES[prefix] + local)


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def entity_iri(base: str, node: str, type_: str) -> str:
    return f"{base}{type_.lower()}/{_digest(node)}"


def article_iri(base: str, name: str) -> str:
    return f"{base}article/{_digest(name)}"


TYPE = ox.NamedNode(RDF_NS + "type")
LABEL = ox.NamedNode(RDFS_NS + "label")
PREF, ALT = _expand("skos:prefLabel"), _expand("skos:altLabel")


def _zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


def _typed(value, datatype: str) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD_NS + datatype))


def kg(local: str) -> ox.NamedNode:
    return ox.NamedNode(KG_NS + local)


def triples(graph: "nx.MultiDiGraph | GraphStore", base: str = DEFAULT_BASE) -> Iterator[ox.Triple]:
    """Every triple of the graph's RDF, in an order fixed by the graph's content, streamed
    from a GraphStore (a networkx graph is copied into one first)."""
    with as_store(graph) as store:
        yield from _triples(store, base)


def _triples(store: GraphStore, base: str) -> Iterator[ox.Triple]:
    T = ox.Triple
    for name, meta in store.documents():
        a = ox.NamedNode(article_iri(base, name))
        yield T(a, TYPE, kg("Article"))
        for aligned in aligned_classes("Article"):
            yield T(a, TYPE, _expand(aligned))
        yield T(a, kg("fileName"), ox.Literal(name))
        yield T(a, kg("sha256"), ox.Literal(meta["sha256"]))
        if meta.get("title"):
            yield T(a, _expand("dcterms:title"), _zh(meta["title"]))
        if meta.get("date"):
            yield T(a, _expand("dcterms:date"), _typed(meta["date"], "date"))
    # inverse alignments (a meeting's schema:attendee …): one per relation, kept aside (on
    # disk, in the store) until the end so that each subject's triples stay together
    inverse = store.scratch("inverse", ("s", "p", "o"))
    edges = store.edges(object_types=True)
    edge = next(edges, None)
    for node, d in store.nodes():
        s = ox.NamedNode(entity_iri(base, node, d["type"]))
        yield T(s, TYPE, kg(d["type"]))
        for aligned in aligned_classes(d["type"]):
            yield T(s, TYPE, _expand(aligned))
        yield T(s, LABEL, _zh(d["label"]))
        yield T(s, PREF, _zh(d["label"]))
        for alias in d["aliases"]:
            yield T(s, ALT, _zh(alias))
        if d.get("date"):
            yield T(s, _expand("schema:startDate"), _typed(d["date"], "date"))
        if d.get("scope"):  # a short form known only within an article or a place (市委)
            yield T(s, kg("scope"), ox.Literal(d["scope"]))
        for doc in d["documents"]:
            yield T(s, kg("mentionedIn"), ox.NamedNode(article_iri(base, doc)))
        while edge is not None and edge[0] == node:
            _, obj, key, e, obj_type = edge
            edge = next(edges, None)
            o, prop = ox.NamedNode(entity_iri(base, obj, obj_type)), e["property"]
            target = o
            if prop == "holdsPosition":
                target = ox.NamedNode(f"{base}position/{_digest(node, obj, e['title'] or '')}")
                yield T(s, kg("holdsPosition"), target)
                yield T(s, _expand("org:holds"), target)
                yield T(target, TYPE, kg("Position"))
                for aligned in aligned_classes("Position"):
                    yield T(target, TYPE, _expand(aligned))
                yield T(target, kg("organization"), o)
                yield T(target, _expand("org:postIn"), o)
                if e["title"]:
                    yield T(target, kg("title"), _zh(e["title"]))
                    yield T(target, LABEL, _zh(e["title"]))
            else:
                yield T(s, kg(prop), o)
                same, inverse_props = PROPERTIES[prop].aligned, PROPERTIES[prop].inverse
                for p in same:
                    yield T(s, _expand(p), o)
                inverse.add([(o.value, _expand(p).value, s.value) for p in inverse_props])
            for ev in e["evidence"]:
                st = ox.NamedNode(f"{base}statement/"
                                  f"{_digest(node, key, obj, ev['document'], str(ev['start']), str(ev['end']))}")
                yield T(st, TYPE, ox.NamedNode(RDF_NS + "Statement"))
                yield T(st, ox.NamedNode(RDF_NS + "subject"), s)
                yield T(st, ox.NamedNode(RDF_NS + "predicate"), kg(prop))
                yield T(st, ox.NamedNode(RDF_NS + "object"), target)
                yield T(st, _expand("prov:wasDerivedFrom"), ox.NamedNode(article_iri(base, ev["document"])))
                yield T(st, kg("sentence"), _zh(ev["sentence"]))
                yield T(st, kg("startOffset"), _typed(ev["start"], "integer"))
                yield T(st, kg("endOffset"), _typed(ev["end"], "integer"))
                yield T(st, kg("extractor"), ox.Literal(ev["extractor"]))
                yield T(st, kg("confidence"), _typed(f"{ev['confidence']:.3f}", "decimal"))
    for s_, p_, o_ in inverse.distinct():
        yield T(ox.NamedNode(s_), ox.NamedNode(p_), ox.NamedNode(o_))


def write_rdf(graph: nx.MultiDiGraph, target: Path, base: str = DEFAULT_BASE, fmt: str = "turtle") -> None:
    """Write Turtle (`fmt="turtle"`) or N-Triples (`fmt="nt"`), atomically."""
    with atomic_path(target) as tmp:
        syntax = WRITTEN[fmt]
        ox.serialize(triples(graph, base), str(tmp), syntax.oxigraph, prefixes=PREFIXES if syntax.name == "ttl" else None)


def write_turtle(graph: nx.MultiDiGraph, target: Path, base: str = DEFAULT_BASE) -> None:
    write_rdf(graph, target, base, "turtle")


def to_rdf(graph: nx.MultiDiGraph, base: str = DEFAULT_BASE):
    """The graph as an rdflib Graph, for notebooks that work with rdflib."""
    import rdflib
    data = ox.serialize(triples(graph, base), format=ox.RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=data.decode("utf-8"), format="nt")
