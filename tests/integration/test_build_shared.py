"""End to end over ../shared/corpus: concrete facts, and every output read back by the
tools users open it with."""
import csv
import json
import re

import networkx as nx
import pyoxigraph
import rdflib
from rdflib.namespace import RDF, RDFS

import kg
from kg.graph import facts, find_nodes

KG = rdflib.Namespace("http://kg.example.org/ontology#")


def test_zhu_guoxian_presides_over_the_chairmens_meeting(shared_graph):
    assert find_nodes(shared_graph, "朱国贤", "Person")
    assert find_nodes(shared_graph, "省政协十三届十四次主席会议", "Meeting")
    assert any(p == "presides" for _, p, _, _ in facts(shared_graph, "朱国贤", "presides", "省政协十三届十四次主席会议"))


def test_programmes_are_programs(shared_graph):
    for name in ("吉人回乡", "东城梧桐"):
        assert find_nodes(shared_graph, name, "Program"), name


def test_one_department_under_several_names_is_one_node(shared_graph):
    nodes = {n for name in ("吉林省人力资源和社会保障厅", "吉林省人社厅", "省人社部门")
             for n in find_nodes(shared_graph, name, "Organization")}
    assert len(nodes) == 1
    node = shared_graph.nodes[nodes.pop()]
    assert node["label"] == "吉林省人力资源和社会保障厅"
    assert {"000_1abd7d2bd49a76c5.txt", "003_7b17dcd620b3a94d.txt"} <= set(node["documents"])


def test_posts_carry_title_and_body(shared_graph):
    assert ("胡斌", "holdsPosition", "中共吉林市委", "书记") in facts(shared_graph, "胡斌", "holdsPosition")
    assert ("钟广和", "holdsPosition", "吉林市政协", "副主席") in facts(shared_graph, "钟广和", "holdsPosition")


def test_edges_carry_their_evidence(shared_graph):
    for s, o, d in shared_graph.edges(data=True):
        assert d["evidence"], (s, o)
        for ev in d["evidence"]:
            assert ev["sentence"] and ev["document"] in shared_graph.graph["documents"]
            assert 0 <= ev["start"] < ev["end"] and ev["extractor"] and 0 < ev["confidence"] <= 1


def test_evidence_offsets_locate_the_sentence_in_the_source_file(shared_graph):
    from kg.ingest.load import read_source
    from pathlib import Path
    docs = shared_graph.graph["documents"]
    checked = 0
    for _, _, d in shared_graph.edges(data=True):
        ev = d["evidence"][0]
        source = read_source(Path(docs[ev["document"]]["path"])).text
        original = "".join(source[ev["start"]:ev["end"]].split())
        # the source may have ASCII punctuation and line breaks where the sentence has neither
        assert original[:4] == "".join(ev["sentence"].split())[:4].replace("，", ",") or \
            original[:4] == "".join(ev["sentence"].split())[:4]
        checked += 1
    assert checked > 20


def test_repeated_passages_give_no_duplicate_evidence(shared_graph):
    for _, _, d in shared_graph.edges(data=True):
        keys = [(e["document"], e["sentence"]) for e in d["evidence"]]
        assert len(keys) == len(set(keys))


def test_turtle_parses_in_rdflib_and_pyoxigraph(shared_outputs, shared_graph):
    ttl = shared_outputs / "graph.ttl"
    g = rdflib.Graph().parse(ttl, format="turtle")
    people = set(g.subjects(RDF.type, KG.Person))
    assert len(people) == sum(1 for _, d in shared_graph.nodes(data=True) if d["type"] == "Person")
    zhu = next(s for s in people if str(g.value(s, RDFS.label)) == "朱国贤")
    assert g.value(zhu, RDFS.label).language == "zh"
    store = pyoxigraph.Store()
    store.load(path=str(ttl), format=pyoxigraph.RdfFormat.TURTLE)
    rows = list(store.query("""
        PREFIX kg: <http://kg.example.org/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?m WHERE { ?p rdfs:label "朱国贤"@zh ; kg:presides ?m .
                          ?m skos:altLabel "省政协十三届十四次主席会议"@zh }"""))
    assert len(rows) == 1


def test_every_relation_is_reified_with_provenance(shared_outputs):
    g = rdflib.Graph().parse(shared_outputs / "graph.ttl", format="turtle")
    statements = set(g.subjects(RDF.type, RDF.Statement))
    asserted = [(s, p, o) for s, p, o in g if p in {KG[x] for x in kg.schema.PROPERTIES}]
    assert len(asserted) > 20
    reified = {(g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)) for st in statements}
    assert set(asserted) <= reified
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    for st in statements:
        assert g.value(st, prov.wasDerivedFrom) is not None and g.value(st, KG.sentence) is not None


def test_stable_iris_whatever_the_input_order(tmp_path):
    from helpers import SHARED_CORPUS
    files = sorted(SHARED_CORPUS.glob("*.txt"))
    a = kg.to_rdf(kg.build_graph(files))
    b = kg.to_rdf(kg.build_graph(list(reversed(files))))
    assert set(a) == set(b)


def test_html_holds_every_node_and_no_remote_resource(shared_outputs, shared_graph):
    html = (shared_outputs / "graph.html").read_text(encoding="utf-8")
    datasets = re.findall(r"new vis\.DataSet\((.*?)\);\n", html)
    nodes, edges = (json.loads(d) for d in datasets[:2])
    assert {n["id"] for n in nodes} == set(shared_graph.nodes)
    assert len(edges) == shared_graph.number_of_edges()
    assert any(n["label"] == "朱国贤" for n in nodes)
    assert "http://" not in html.split("<script>", 1)[0] and "https://cdn" not in html
    assert '<script src="http' not in html and '<link rel="stylesheet" href="http' not in html


def test_graphml_and_csv_read_back(shared_outputs, shared_graph):
    g = nx.read_graphml(shared_outputs / "graphml_copy.graphml" if False else shared_outputs / "graph.graphml")
    assert g.number_of_nodes() == shared_graph.number_of_nodes()
    assert g.number_of_edges() == shared_graph.number_of_edges()
    with open(shared_outputs / "entities.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == shared_graph.number_of_nodes()
    with open(shared_outputs / "relations.csv", encoding="utf-8-sig") as f:
        rels = list(csv.DictReader(f))
    assert len(rels) >= shared_graph.number_of_edges()
    assert all(r["sentence"] and r["document"] for r in rels)
