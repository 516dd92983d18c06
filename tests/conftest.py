from pathlib import Path

import pytest

import kg
from kg.pipeline import extract, make_nlp
from kg.load import source_from_string

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SHARED_CORPUS = SHARED / "corpus"
SAMPLE = ROOT / "kg" / "data" / "sample"
ARTICLES = Path(__file__).parent / "articles"


@pytest.fixture(scope="session")
def nlp():
    return make_nlp()


@pytest.fixture(scope="session")
def run(nlp):
    """Extract one text written in the test: returns the DocumentExtraction."""
    def _run(text: str, name: str = "test.txt"):
        return extract(nlp, source_from_string(text, name))
    return _run


@pytest.fixture(scope="session")
def shared_graph():
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside the project")
    return kg.build_graph([SHARED_CORPUS])


@pytest.fixture(scope="session")
def shared_outputs(shared_graph, tmp_path_factory):
    out = tmp_path_factory.mktemp("shared_out")
    kg.write_outputs(shared_graph, out)
    return out


@pytest.fixture(scope="session")
def sample_graph():
    return kg.build_graph([SAMPLE])


def labels(extraction, type_=None):
    return {e.label for e in extraction.entities.values() if type_ is None or e.type == type_}


def names(extraction, type_=None):
    """Every label and alias of the extraction's entities of a type."""
    out = set()
    for e in extraction.entities.values():
        if type_ is None or e.type == type_:
            out.add(e.label)
            out.update(e.aliases)
    return out


def fact_set(extraction):
    """{(subject label, property, object label)} of an extraction."""
    ents = extraction.entities
    out = set()
    for r in extraction.relations:
        s = ents[r.subject].label if r.subject in ents else r.subject.split(":", 1)[1]
        o = ents[r.object].label if r.object in ents else r.object.split(":", 1)[1]
        out.add((s, r.property, o))
    return out
