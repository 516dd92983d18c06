"""A graph written by kg (Turtle or N-Triples) read back as the NetworkX graph
`kg.build_graph` returns, for views and notebooks that start from graph.ttl."""
from __future__ import annotations

from pathlib import Path

import networkx as nx

from kg.model import entity_key
from kg.schema import ENTITY_TYPES, PREFIXES
from kg.sparql.store import load_store


def read_graph(path: str | Path) -> nx.MultiDiGraph:
    """The networkx.MultiDiGraph of a kg graph file (what `kg.build_graph` returned)."""
    store = load_store(path)
    prefix = " ".join(f"PREFIX {p}: <{PREFIXES[p]}>" for p in ("kg", "rdfs", "skos", "rdf", "prov", "dcterms",
                                                               "schema")) + " "
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
    types = " ".join(f"kg:{t}" for t in ENTITY_TYPES)
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
