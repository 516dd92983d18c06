"""kg query and kg serve: SPARQL from the command line and over HTTP, on Oxigraph."""
import json
import socket
import subprocess
import sys
import urllib.parse
import urllib.request

import pytest

import kg
from helpers import SAMPLE, cli

PRESIDED = """PREFIX kg: <http://kg.example.org/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?person ?meeting WHERE { ?p kg:presides ?m ; rdfs:label ?person . ?m rdfs:label ?meeting }
ORDER BY ?person ?meeting"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("q")
    kg.write_outputs(kg.build_graph([SAMPLE]), out)
    return out


def run(*args):
    return cli(*args)


def test_query_prints_a_table_and_formats(built, tmp_path):
    result = run("query", built / "graph.ttl", PRESIDED)
    assert result.returncode == 0, result.stderr
    assert "朱国贤" in result.stdout and "rows)" in result.stdout
    rq = tmp_path / "q.rq"
    rq.write_text(PRESIDED, encoding="utf-8")
    as_json = json.loads(run("query", built / "graph.ttl", rq, "--format", "json").stdout)
    people = {b["person"]["value"] for b in as_json["results"]["bindings"]}
    assert "朱国贤" in people
    as_csv = run("query", built / "graph.ttl", rq, "-f", "csv").stdout.splitlines()
    assert as_csv[0].strip() == "person,meeting" and len(as_csv) >= 3


def test_a_bad_query_is_a_clear_error(built):
    result = run("query", built / "graph.ttl", "SELECT WHERE {")
    assert result.returncode == 2 and "bad query" in result.stderr


def test_n_triples_output_holds_the_same_triples(built, tmp_path):
    result = run("build", SAMPLE, "-o", tmp_path, "--format", "nt", "-q")
    assert result.returncode == 0, result.stderr
    import pyoxigraph as ox
    nt = set(ox.parse(path=str(tmp_path / "graph.nt"), format=ox.RdfFormat.N_TRIPLES))
    ttl = set(ox.parse(path=str(built / "graph.ttl"), format=ox.RdfFormat.TURTLE))
    assert nt == ttl and len(nt) > 500


def test_two_builds_are_byte_identical(built, tmp_path):
    assert run("build", SAMPLE, "-o", tmp_path, "-q").returncode == 0
    assert (tmp_path / "graph.ttl").read_bytes() == (built / "graph.ttl").read_bytes()


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_the_sparql_protocol(built):
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "kg", "serve", built / "graph.ttl", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}/sparql"
        assert b"SPARQL endpoint" in server.stderr.readline()  # it says so once it listens
        get = urllib.request.Request(base + "?" + urllib.parse.urlencode({"query": PRESIDED}),
                                     headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(get, timeout=10) as response:
            assert response.headers["Content-Type"].startswith("application/sparql-results+json")
            bindings = json.load(response)["results"]["bindings"]
        assert "朱国贤" in {b["person"]["value"] for b in bindings}
        post = urllib.request.Request(base, data=PRESIDED.encode("utf-8"),
                                      headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
        with urllib.request.urlopen(post, timeout=10) as response:
            assert response.read().decode("utf-8").startswith("person,meeting")
        update = urllib.request.Request(base, data=b"update=DELETE%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D",
                                        headers={"Content-Type": "application/x-www-form-urlencoded"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(update, timeout=10)
        assert refused.value.code == 403
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_written_graph_reads_back_as_the_same_networkx_graph(built):
    from kg.graph.read import read_graph
    original = kg.build_graph([SAMPLE])
    back = read_graph(built / "graph.ttl")
    assert set(back.nodes) == set(original.nodes)
    assert set(back.edges(keys=True)) == set(original.edges(keys=True))
    for node in list(original.nodes)[:40]:
        for attr in ("type", "label", "aliases", "documents"):
            assert back.nodes[node][attr] == original.nodes[node][attr], (node, attr)
    for s, o, k, d in original.edges(keys=True, data=True):
        assert [e["sentence"] for e in back.edges[s, o, k]["evidence"]] == [e["sentence"] for e in d["evidence"]]


def test_names_with_any_characters_give_valid_iris(tmp_path):
    import pyoxigraph as ox
    import rdflib
    text = ('省政协召开会议，审议通过《关于 "整改" <清单> 100% #1 的报告》。'
            "省政协主席朱国贤主持召开省政协十三届九次主席会议。")
    kg.write_outputs(kg.build_graph(texts={"weird name %#.txt": text}), tmp_path)
    g = rdflib.Graph().parse(tmp_path / "graph.ttl", format="turtle")
    labels = {str(o) for o in g.objects(None, rdflib.RDFS.label)}
    assert any("<清单>" in label and "%" in label and "#" in label for label in labels)
    assert len(list(ox.parse(path=str(tmp_path / "graph.ttl"), format=ox.RdfFormat.TURTLE))) == len(g)


def test_kg_html_renders_a_view_without_rebuilding(built, tmp_path):
    out = tmp_path / "view.html"
    result = run("html", built / "graph.ttl", "-o", out, "--focus", "朱国贤", "--depth", "1")
    assert result.returncode == 0, result.stderr
    assert out.exists() and "view:" in result.stdout and "left out" in result.stdout
    small = run("html", built / "graph.ttl", "-o", tmp_path / "small.html", "--max-nodes", "10")
    assert small.returncode == 0 and "max-nodes" in small.stdout
    unknown = run("html", built / "graph.ttl", "-o", tmp_path / "x.html", "--focus", "无名氏")
    assert unknown.returncode == 2 and not (tmp_path / "x.html").exists()
