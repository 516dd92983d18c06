"""The SHACL shapes, the OWL ontology and kg.validate, against kg's real output."""
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, BNode, Namespace, URIRef

import kg
from kg.export.rdf import entity_iri
from kg.quality.validate import SHAPES, problems, validate, validate_graph
from kg.schema import DEFAULT_BASE, ENTITY_TYPES, KG_NS, PREFIXES, PROPERTIES as SCHEMA_PROPERTIES, \
    aligned_classes

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
KG = Namespace(KG_NS)

CLASSES = ["Person", "Organization", "Program", "Meeting", "Document", "Place", "Concept", "Position", "Article"]
PROPERTIES = ["holdsPosition", "presides", "attends", "convenes", "heldIn", "implements", "issues", "adopts",
              "proposes", "repliesTo", "subOrganizationOf", "locatedIn", "title", "organization", "mentionedIn",
              "sentence", "startOffset", "endOffset", "extractor", "confidence", "fileName", "sha256", "scope"]


@pytest.fixture(scope="module")
def sample_ttl(sample_graph, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample_out")
    kg.write_outputs(sample_graph, out)
    return out / "graph.ttl"


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY)


def expand(curie: str) -> URIRef:
    prefix, local = curie.split(":", 1)
    return URIRef(PREFIXES[prefix] + local)


# (a) kg's own output conforms

def test_sample_build_conforms(sample_ttl):
    conforms, text, violations = validate(sample_ttl)
    assert (conforms, violations) == (True, 0), text
    assert "conforms" in text


def test_shared_corpus_build_conforms(shared_outputs):
    conforms, text, violations = validate(shared_outputs / "graph.ttl")
    assert (conforms, violations) == (True, 0), text


# (b) a broken graph fails, for the right reasons, readably

BROKEN = """\
@prefix kg: <http://kg.example.org/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix id: <http://kg.example.org/id/> .

id:article-1 a kg:Article , schema:NewsArticle , foaf:Document , prov:Entity ;
    kg:fileName "broken.txt" ;
    kg:sha256 "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" .

# 1. a person without rdfs:label
id:person-nolabel a kg:Person , schema:Person , foaf:Person , prov:Agent ;
    kg:mentionedIn id:article-1 .

# 2. kg:presides pointing to a kg:Place (the aligned inverse is there, as kg would write it)
id:person-hubin a kg:Person , schema:Person , foaf:Person , prov:Agent ;
    rdfs:label "胡斌"@zh ; skos:prefLabel "胡斌"@zh ;
    kg:mentionedIn id:article-1 ;
    kg:presides id:place-changchun .
id:place-changchun a kg:Place , schema:Place , prov:Location ;
    rdfs:label "长春"@zh ; skos:prefLabel "长春"@zh ;
    kg:mentionedIn id:article-1 ;
    schema:organizer id:person-hubin .

# 3. evidence with confidence 1.5
id:statement-1 a rdf:Statement ;
    rdf:subject id:person-hubin ; rdf:predicate kg:presides ; rdf:object id:place-changchun ;
    prov:wasDerivedFrom id:article-1 ;
    kg:sentence "胡斌在长春主持会议。"@zh ;
    kg:startOffset 0 ; kg:endOffset 10 ;
    kg:extractor "rule:test" ;
    kg:confidence 1.5 .
"""

FIXED = (BROKEN
         .replace("kg:mentionedIn id:article-1 .\n\n# 2.", 'rdfs:label "某人"@zh ; skos:prefLabel "某人"@zh ;\n    kg:mentionedIn id:article-1 .\n\n# 2.')
         .replace("a kg:Place , schema:Place , prov:Location", "a kg:Meeting , schema:Event , prov:Activity")
         .replace("kg:confidence 1.5", "kg:confidence 0.5"))


def test_broken_graph_fails_with_readable_messages(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text(BROKEN, encoding="utf-8")
    conforms, text, violations = validate(path)
    assert not conforms
    assert violations == 3, text
    lines = text.splitlines()
    assert lines[0] == f"{path}: 3 violations"
    assert len(lines) == 4
    label_line = next(line for line in lines if "person-nolabel" in line)
    assert "rdfs:label" in label_line and "exactly one rdfs:label" in label_line
    presides_line = next(line for line in lines if line.strip().startswith("胡斌"))
    assert "kg:presides → 长春 (kg:Place)" in presides_line and "must point to a kg:Meeting" in presides_line
    confidence_line = next(line for line in lines if "kg:confidence" in line)
    assert "statement" in confidence_line and "胡斌 kg:presides 长春" in confidence_line
    assert "1.5" in confidence_line and "between 0 and 1" in confidence_line


def test_broken_graph_problems_name_path_and_value(tmp_path):
    data = rdflib.Graph().parse(data=BROKEN, format="turtle")
    conforms, results = validate_graph(data)
    found = {(p.path, p.focus) for p in problems(results, data)}
    ids = "http://kg.example.org/id/"
    assert found == {("rdfs:label", ids + "person-nolabel"), ("kg:presides", ids + "person-hubin"),
                     ("kg:confidence", ids + "statement-1")}


def test_the_broken_graph_repaired_conforms(tmp_path):
    """The three faults are the only ones: fixed, the same graph conforms."""
    path = tmp_path / "fixed.ttl"
    path.write_text(FIXED, encoding="utf-8")
    conforms, text, violations = validate(path)
    assert (conforms, violations) == (True, 0), text


def test_missing_evidence_and_alignment_are_violations(sample_ttl):
    data = rdflib.Graph().parse(sample_ttl)
    def triple(st):
        return tuple(data.value(st, p) for p in (RDF.subject, RDF.predicate, RDF.object))
    statements = list(data.subjects(RDF.type, RDF.Statement))
    statement = next(st for st in statements if [triple(x) for x in statements].count(triple(st)) == 1)
    subject, predicate, _ = triple(statement)
    data.remove((statement, None, None))                   # a relation without evidence
    person = next(data.subjects(KG.holdsPosition, None))
    data.remove((person, expand("org:holds"), None))       # a post without its org:holds
    conforms, results = validate_graph(data)
    messages = {(p.focus, p.path, p.message.split(":")[0]) for p in problems(results, data)}
    assert not conforms
    assert (str(subject), data.namespace_manager.qname(predicate), "This relation has no evidence") in messages
    assert any(f == str(person) and path == "kg:holdsPosition" for f, path, _ in messages)


# (c) the ontology parses and declares every kg term the output uses

def test_ontology_parses_in_rdflib_and_pyoxigraph(ontology):
    store = ox.Store()
    store.load(path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE)
    assert len(store) == len(ontology) > 0
    onto = URIRef("http://kg.example.org/ontology")
    assert (onto, RDF.type, OWL.Ontology) in ontology
    for prop in (expand("dcterms:title"), expand("dcterms:description"), OWL.versionInfo):
        assert ontology.value(onto, prop) is not None, prop


def _labels(ontology, term):
    return {lit.language for lit in ontology.objects(term, RDFS.label)}


def test_ontology_declares_every_kg_term_of_the_output(sample_ttl, ontology):
    data = rdflib.Graph().parse(sample_ttl)
    used = {p for p in data.predicates() if str(p).startswith(KG_NS)}
    used |= {o for o in data.objects(None, RDF.type) if str(o).startswith(KG_NS)}
    assert KG.Person in used and KG.holdsPosition in used and KG.confidence in used
    declared = set(ontology.subjects(RDF.type, OWL.Class)) | set(ontology.subjects(RDF.type, OWL.ObjectProperty)) \
        | set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    for term in sorted(used):
        assert term in declared, f"{term} is used in graph.ttl but not declared in ontology/kg.ttl"
        assert {"zh", "en"} <= _labels(ontology, term), term


def test_ontology_documents_every_class_and_property(ontology):
    for name in CLASSES:
        term = KG[name]
        assert (term, RDF.type, OWL.Class) in ontology, name
        assert {"zh", "en"} <= _labels(ontology, term), name
        assert any(c.language == "en" for c in ontology.objects(term, RDFS.comment)), name
    for name in PROPERTIES:
        term = KG[name]
        assert {(term, RDF.type, OWL.ObjectProperty), (term, RDF.type, OWL.DatatypeProperty)} & set(
            ontology.triples((term, RDF.type, None))), name
        assert {"zh", "en"} <= _labels(ontology, term), name
        assert any(c.language == "en" for c in ontology.objects(term, RDFS.comment)), name
        assert ontology.value(term, RDFS.domain) is not None, name
        assert ontology.value(term, RDFS.range) is not None, name


def test_ontology_alignment_matches_what_rdf_py_materialises(ontology):
    for name in (*ENTITY_TYPES, "Position", "Article"):
        assert set(ontology.objects(KG[name], RDFS.subClassOf)) == {expand(c) for c in aligned_classes(name)}, name
    expected = {p.name: (list(p.aligned), list(p.inverse)) for p in SCHEMA_PROPERTIES.values()}
    expected["holdsPosition"] = (["org:holds"], [])
    expected["organization"] = (["org:postIn"], [])
    for name, (same, inverse) in expected.items():
        supers = set(ontology.objects(KG[name], RDFS.subPropertyOf))
        named = {s for s in supers if not isinstance(s, BNode)}
        inverses = {ontology.value(s, OWL.inverseOf) for s in supers if isinstance(s, BNode)}
        assert named == {expand(p) for p in same}, name
        assert inverses == {expand(p) for p in inverse}, name


# (d) queries in org: and schema: terms only find the data, in rdflib and in Oxigraph

POSTS = """PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?p ?post ?org WHERE { ?p org:holds ?post . ?post org:postIn ?org }"""
ATTENDEES = """PREFIX schema: <https://schema.org/>
SELECT ?meeting ?p WHERE { ?meeting schema:attendee ?p }"""


def _edges(graph, prop):
    iri = {n: entity_iri(DEFAULT_BASE, n, d["type"]) for n, d in graph.nodes(data=True)}
    return [(iri[s], iri[o]) for s, o, d in graph.edges(data=True) if d["property"] == prop]


def _rdflib_rows(path, query):
    return [tuple(str(v) for v in row) for row in rdflib.Graph().parse(path).query(query)]


def _oxigraph_rows(path, query, names):
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return [tuple(sol[n].value for n in names) for sol in store.query(query)]


@pytest.mark.parametrize("engine", ["rdflib", "pyoxigraph"])
def test_org_query_finds_the_posts(sample_graph, sample_ttl, engine):
    rows = _rdflib_rows(sample_ttl, POSTS) if engine == "rdflib" else \
        _oxigraph_rows(sample_ttl, POSTS, ["p", "post", "org"])
    expected = _edges(sample_graph, "holdsPosition")
    assert expected
    assert sorted((p, org) for p, _, org in rows) == sorted(expected)
    assert len({post for _, post, _ in rows}) == len(expected)


@pytest.mark.parametrize("engine", ["rdflib", "pyoxigraph"])
def test_schema_query_finds_the_attendees(sample_graph, sample_ttl, engine):
    rows = _rdflib_rows(sample_ttl, ATTENDEES) if engine == "rdflib" else \
        _oxigraph_rows(sample_ttl, ATTENDEES, ["meeting", "p"])
    expected = _edges(sample_graph, "attends")
    assert expected
    assert sorted((p, meeting) for meeting, p in rows) == sorted(expected)


# (e) the package holds the only copy of the shapes and the ontology; ontology/ links to them

def test_the_package_holds_the_only_copy_of_shapes_and_ontology():
    root = SHAPES.parents[3]
    for name in ("shapes.ttl", "kg.ttl"):
        assert (root / "ontology" / name).is_symlink()
        assert (root / "ontology" / name).resolve() == (SHAPES.parent / name).resolve()
    assert len(list(root.glob("kg/**/shapes.ttl"))) == 1


def test_shapes_parse_in_rdflib_and_pyoxigraph():
    store = ox.Store()
    store.load(path=str(SHAPES), format=ox.RdfFormat.TURTLE)
    assert len(store) == len(rdflib.Graph().parse(SHAPES)) > 0


def test_kg_validate_command_exits_by_the_result(tmp_path):
    import kg as kg_api
    from helpers import SAMPLE, cli
    kg_api.write_outputs(kg_api.build_graph([SAMPLE]), tmp_path)
    good = cli("validate", tmp_path / "graph.ttl")
    assert good.returncode == 0 and "0 violations" in good.stdout
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix kg: <http://kg.example.org/ontology#> .\n<http://x/p> a kg:Person .\n', encoding="utf-8")
    result = cli("validate", bad)
    assert result.returncode == 1 and "violation" in result.stdout.lower()
