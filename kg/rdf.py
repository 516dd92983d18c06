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
from pathlib import Path
from typing import Iterator

import networkx as nx
import pyoxigraph as ox

from .errors import Errors, InputError
from .model import entity_key
from .outputs import atomic_path

KG_NS = "http://kg.example.org/ontology#"
DEFAULT_BASE = "http://kg.example.org/id/"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = {
    "kg": KG_NS, "rdf": RDF_NS, "rdfs": RDFS_NS, "xsd": XSD_NS,
    "skos": "http://www.w3.org/2004/02/skos/core#", "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/", "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/", "foaf": "http://xmlns.com/foaf/0.1/",
}
FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
           "ntriples": ox.RdfFormat.N_TRIPLES}

# the aligned classes each kg class is a subclass of (ontology/kg.ttl says so too)
ALIGNED_CLASSES = {
    "Person": ["schema:Person", "foaf:Person", "prov:Agent"],
    "Organization": ["org:Organization", "schema:Organization", "foaf:Organization", "prov:Agent"],
    "Program": ["schema:Project", "prov:Activity"],
    "Meeting": ["schema:Event", "prov:Activity"],
    "Document": ["schema:CreativeWork", "foaf:Document", "prov:Entity"],
    "Place": ["schema:Place", "prov:Location"],
    "Concept": ["skos:Concept"],
    "Position": ["org:Post"],
    "Article": ["schema:NewsArticle", "foaf:Document", "prov:Entity"],
}
# relation → aligned superproperties (same direction) and inverse properties
ALIGNED_PROPERTIES = {
    "subOrganizationOf": (["org:subOrganizationOf"], []),
    "locatedIn": (["schema:containedInPlace"], []),
    "heldIn": (["schema:location"], []),
    "attends": ([], ["schema:attendee"]),
    "presides": ([], ["schema:organizer"]),
    "convenes": ([], ["schema:organizer"]),
    "implements": ([], []),
    "issues": ([], ["schema:publisher"]),
    "adopts": ([], []),
    "proposes": ([], ["schema:creator"]),
    "repliesTo": ([], []),
}


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


def triples(graph: nx.MultiDiGraph, base: str = DEFAULT_BASE) -> Iterator[ox.Triple]:
    """Every triple of the graph's RDF, in an order fixed by the graph's content."""
    T = ox.Triple
    iri = {node: ox.NamedNode(entity_iri(base, node, d["type"])) for node, d in graph.nodes(data=True)}
    for name, meta in sorted(graph.graph.get("documents", {}).items()):
        a = ox.NamedNode(article_iri(base, name))
        yield T(a, TYPE, kg("Article"))
        for aligned in ALIGNED_CLASSES["Article"]:
            yield T(a, TYPE, _expand(aligned))
        yield T(a, kg("fileName"), ox.Literal(name))
        yield T(a, kg("sha256"), ox.Literal(meta["sha256"]))
        if meta.get("title"):
            yield T(a, _expand("dcterms:title"), _zh(meta["title"]))
        if meta.get("date"):
            yield T(a, _expand("dcterms:date"), _typed(meta["date"], "date"))
    inverse: list[ox.Triple] = []
    for node in sorted(graph.nodes):
        d = graph.nodes[node]
        s = iri[node]
        yield T(s, TYPE, kg(d["type"]))
        for aligned in ALIGNED_CLASSES.get(d["type"], []):
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
        for _, obj, key, e in sorted(graph.out_edges(node, keys=True, data=True), key=lambda x: (x[1], x[2])):
            o, prop = iri[obj], e["property"]
            target = o
            if prop == "holdsPosition":
                target = ox.NamedNode(f"{base}position/{_digest(node, obj, e['title'] or '')}")
                yield T(s, kg("holdsPosition"), target)
                yield T(s, _expand("org:holds"), target)
                yield T(target, TYPE, kg("Position"))
                yield T(target, TYPE, _expand("org:Post"))
                yield T(target, kg("organization"), o)
                yield T(target, _expand("org:postIn"), o)
                if e["title"]:
                    yield T(target, kg("title"), _zh(e["title"]))
                    yield T(target, LABEL, _zh(e["title"]))
            else:
                yield T(s, kg(prop), o)
                same, inverse_props = ALIGNED_PROPERTIES.get(prop, ([], []))
                for p in same:
                    yield T(s, _expand(p), o)
                inverse += [T(o, _expand(p), s) for p in inverse_props]
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
    # inverse alignments (a meeting's schema:attendee …): one per relation, kept until the
    # end so that each subject's triples stay together; everything else streams
    for t in sorted(set(inverse), key=lambda t: (t.subject.value, t.predicate.value, str(t.object))):
        yield t


def write_rdf(graph: nx.MultiDiGraph, target: Path, base: str = DEFAULT_BASE, fmt: str = "turtle") -> None:
    """Write Turtle (`fmt="turtle"`) or N-Triples (`fmt="nt"`), atomically."""
    with atomic_path(target) as tmp:
        ox.serialize(triples(graph, base), str(tmp), FORMATS[fmt], prefixes=PREFIXES if fmt != "nt" else None)


def write_turtle(graph: nx.MultiDiGraph, target: Path, base: str = DEFAULT_BASE) -> None:
    write_rdf(graph, target, base, "turtle")


def to_rdf(graph: nx.MultiDiGraph, base: str = DEFAULT_BASE):
    """The graph as an rdflib Graph, for notebooks that work with rdflib."""
    import rdflib
    data = ox.serialize(triples(graph, base), format=ox.RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=data.decode("utf-8"), format="nt")


def read_graph(path: str | Path) -> nx.MultiDiGraph:
    """A graph written by kg (Turtle or N-Triples) read back as the NetworkX graph
    ``build_graph`` returns: for views and notebooks that start from ``graph.ttl``."""
    from .query import load_store
    store = load_store(path)
    prefix = f"PREFIX kg: <{KG_NS}> PREFIX rdfs: <{RDFS_NS}> PREFIX skos: <{PREFIXES['skos']}> " \
             f"PREFIX rdf: <{RDF_NS}> PREFIX prov: <{PREFIXES['prov']}> PREFIX dcterms: <{PREFIXES['dcterms']}> " \
             f"PREFIX schema: <{PREFIXES['schema']}> "
    graph = nx.MultiDiGraph(documents={})
    articles = {}
    for s in store.query(prefix + "SELECT ?a ?name ?sha ?title ?date WHERE { ?a a kg:Article ; kg:fileName ?name ; "
                                  "kg:sha256 ?sha OPTIONAL { ?a dcterms:title ?title } OPTIONAL { ?a dcterms:date ?date } }"):
        name = s["name"].value
        articles[s["a"].value] = name
        graph.graph["documents"][name] = {"path": name, "sha256": s["sha"].value,
                                          "title": s["title"].value if s["title"] else None,
                                          "date": s["date"].value if s["date"] else None, "characters": None}
    node_of = {}
    types = "kg:Person kg:Organization kg:Program kg:Meeting kg:Document kg:Place kg:Concept"
    for s in store.query(prefix + f"SELECT ?e ?type ?label ?date ?scope WHERE {{ VALUES ?type {{ {types} }} "
                                  "?e a ?type ; rdfs:label ?label OPTIONAL { ?e schema:startDate ?date } "
                                  "OPTIONAL { ?e kg:scope ?scope } }"):
        type_ = s["type"].value.rsplit("#", 1)[1]
        scope = s["scope"].value if s["scope"] else None
        key = entity_key(type_, s["label"].value, scope)
        node_of[s["e"].value] = key
        graph.add_node(key, type=type_, label=s["label"].value, aliases=[], documents=[], mentions=0,
                       extractors=[], scope=scope, date=s["date"].value if s["date"] else None)
    for s in store.query(prefix + "SELECT ?e ?alias WHERE { ?e skos:altLabel ?alias }"):
        if s["e"].value in node_of:
            graph.nodes[node_of[s["e"].value]]["aliases"].append(s["alias"].value)
    for s in store.query(prefix + "SELECT ?e ?a WHERE { ?e kg:mentionedIn ?a }"):
        if s["e"].value in node_of and s["a"].value in articles:
            graph.nodes[node_of[s["e"].value]]["documents"].append(articles[s["a"].value])
    for node in graph.nodes:
        graph.nodes[node]["aliases"].sort()
        graph.nodes[node]["documents"].sort()
    query = prefix + """SELECT ?s ?p ?o ?title ?article ?sentence ?start ?end ?extractor ?confidence WHERE {
        ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?target ;
            prov:wasDerivedFrom ?article ; kg:sentence ?sentence ; kg:startOffset ?start ; kg:endOffset ?end ;
            kg:extractor ?extractor ; kg:confidence ?confidence .
        OPTIONAL { ?target kg:organization ?org OPTIONAL { ?target kg:title ?title } }
        BIND(COALESCE(?org, ?target) AS ?o) }"""
    for s in store.query(query):
        subj, obj = node_of.get(s["s"].value), node_of.get(s["o"].value)
        if subj is None or obj is None:
            continue
        prop = s["p"].value.rsplit("#", 1)[1]
        title = s["title"].value if s["title"] else None
        key = f"{prop}:{title}" if title else prop
        ev = {"document": articles.get(s["article"].value, s["article"].value), "sentence": s["sentence"].value,
              "start": int(s["start"].value), "end": int(s["end"].value), "extractor": s["extractor"].value,
              "confidence": float(s["confidence"].value)}
        if graph.has_edge(subj, obj, key=key):
            data = graph.edges[subj, obj, key]
            data["evidence"].append(ev)
            data["confidence"] = max(data["confidence"], ev["confidence"])
        else:
            graph.add_edge(subj, obj, key=key, property=prop, title=title, confidence=ev["confidence"], evidence=[ev])
    for _, _, data in graph.edges(data=True):
        data["evidence"].sort(key=lambda e: (e["document"], e["start"]))
        first = data["evidence"][0]
        data.update(document=first["document"], sentence=first["sentence"], start=first["start"],
                    end=first["end"], extractor=first["extractor"])
    return graph
