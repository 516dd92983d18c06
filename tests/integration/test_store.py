"""A graph loaded once into a persistent Oxigraph store (write_store), then queried and
served from it as from the graph file: same answers, replaced whole, only kg's own folders."""
import hashlib
import json
import subprocess
import sys
import urllib.parse
import urllib.request

import pytest

from helpers import SAMPLE, cli
from kg.errors import KGError
from kg.sparql.store import MARKER, load_store, open_store, write_store
from test_query_cli import _free_port
from test_serve_safety import COUNT, RUNAWAY, Served

PRESIDED = """PREFIX kg: <http://kg.example.org/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?person ?meeting WHERE { ?p kg:presides ?m ; rdfs:label ?person . ?m rdfs:label ?meeting }
ORDER BY ?person ?meeting"""
SMALL = ('<http://kg.example.org/e/a> <http://www.w3.org/2000/01/rdf-schema#label> "甲" .\n'
         '<http://kg.example.org/e/b> <http://www.w3.org/2000/01/rdf-schema#label> "乙" .\n')
UPDATE = "DELETE WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("store_build")
    result = cli("build", SAMPLE, "-o", out, "-q")
    assert result.returncode == 0, result.stderr
    return out / "graph.ttl"


@pytest.fixture(scope="module")
def store(built, tmp_path_factory):
    return write_store(built, tmp_path_factory.mktemp("stores") / "sample.store")


def count(store_):
    return int(next(iter(store_.query(COUNT)))["n"].value)


def test_the_store_holds_the_triples_of_the_file(built, store):
    assert count(open_store(store)) == count(load_store(built)) > 500
    info = json.loads((store / MARKER).read_text(encoding="utf-8"))
    assert info["triples"] == count(load_store(built))
    assert info["sha256"] == hashlib.sha256(built.read_bytes()).hexdigest()


def test_kg_query_prints_the_same_rows_over_a_store(built, store):
    for fmt in ("table", "csv", "json"):
        over_file, over_store = cli("query", built, PRESIDED, "-f", fmt), cli("query", store, PRESIDED, "-f", fmt)
        assert over_file.returncode == over_store.returncode == 0, over_store.stderr
        assert over_store.stdout == over_file.stdout
    assert "朱国贤" in over_store.stdout


def test_rewriting_a_store_replaces_it_whole(built, tmp_path):
    target = write_store(built, tmp_path / "g.store")
    before = open_store(target)  # a reader of the previous store, still open during the swap
    small = tmp_path / "small.nt"
    small.write_text(SMALL, encoding="utf-8")
    assert write_store(small, target) == target
    after = open_store(target)
    labels = {s["o"].value for s in after.query("SELECT ?o WHERE { ?s ?p ?o }")}
    assert labels == {"甲", "乙"}  # the new graph only, no union with the sample's
    assert json.loads((target / MARKER).read_text(encoding="utf-8"))["triples"] == 2
    assert count(before) == count(load_store(built))  # the old reader's files are intact
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.store", "small.nt"]  # no temp folders left
    write_store(built, target)
    assert count(open_store(target)) == count(load_store(built))


def test_a_bad_graph_leaves_the_previous_store(tmp_path):
    small = tmp_path / "small.nt"
    small.write_text(SMALL, encoding="utf-8")
    target = write_store(small, tmp_path / "g.store")
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix kg: <http://x/> .\nkg:a kg:b "unterminated .\n', encoding="utf-8")
    with pytest.raises(KGError) as refused:
        write_store(bad, target)
    assert refused.value.exit_code == 2 and "line 2" in str(refused.value)
    assert count(open_store(target)) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ttl", "g.store", "small.nt"]


def test_a_folder_that_is_no_kg_store_is_refused(built, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("my own file", encoding="utf-8")
    with pytest.raises(KGError) as refused:
        write_store(built, folder)
    assert refused.value.exit_code == 2 and "[E071]" in str(refused.value)
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]
    for args in (["query", folder, COUNT], ["serve", folder, "--port", "0"]):
        result = cli(*args)
        assert result.returncode == 2 and result.stderr.count("\n") == 1 and "[E070]" in result.stderr, result.stderr
    with pytest.raises(KGError) as a_file:
        write_store(built, folder / "notes.txt")
    assert a_file.value.exit_code == 2 and "[E072]" in str(a_file.value)


def test_an_empty_folder_takes_a_store(built, tmp_path):
    (tmp_path / "empty").mkdir()
    assert count(open_store(write_store(built, tmp_path / "empty"))) == count(load_store(built))


def test_an_update_is_refused_over_a_store_as_over_a_file(built, store):
    over_file, over_store = cli("query", built, UPDATE), cli("query", store, UPDATE)
    assert over_file.returncode == over_store.returncode == 2
    assert "bad query" in over_store.stderr and over_store.stderr.count("\n") == 1
    with pytest.raises(RuntimeError):  # opened read-only: not even the API can change it
        open_store(store).update(UPDATE)
    assert count(open_store(store)) == count(load_store(built))


def test_serve_answers_over_a_store_with_its_guards(built, store):
    served = Served(store, timeout=2.0)
    try:
        status, _, body = served.request(query=PRESIDED)
        assert status == 200 and "朱国贤" in {b["person"]["value"] for b in json.loads(body)["results"]["bindings"]}
        assert served.request(query="SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")[0] == 403
        assert served.request("POST", query=None, body=UPDATE.encode(),
                              headers={"Content-Type": "application/sparql-update"})[0] == 403
        assert served.request(query=UPDATE)[0] == 400
        status, _, body = served.request(query=RUNAWAY)
        assert status == 503 and b"time limit" in body
        status, _, body = served.request(query=COUNT)
        assert status == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == count(
            load_store(built))
    finally:
        served.close()
    assert (store / MARKER).is_file() and count(open_store(store)) > 500  # the user's store is never removed


def test_kg_serve_of_a_store_folder(store):
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "kg", "serve", store, "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert b"SPARQL endpoint" in server.stderr.readline()
        get = urllib.request.Request(f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": PRESIDED}),
                                     headers={"Accept": "text/csv"})
        with urllib.request.urlopen(get, timeout=30) as response:
            assert response.read().decode("utf-8").startswith("person,meeting")
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_kg_build_store_loads_the_graph_it_writes(built, tmp_path):
    """`kg build --store DIR` leaves a store that kg query opens with the answers of the Turtle."""
    out, folder = tmp_path / "out", tmp_path / "graph.store"
    result = cli("build", SAMPLE, "-o", out, "--store", folder, "-q")
    assert result.returncode == 0, result.stderr
    assert (folder / MARKER).is_file()
    assert count(open_store(folder)) == count(load_store(out / "graph.ttl")) == count(load_store(built))
    over_store, over_file = cli("query", folder, PRESIDED), cli("query", out / "graph.ttl", PRESIDED)
    assert over_store.returncode == 0 and over_store.stdout == over_file.stdout and "朱国贤" in over_store.stdout
