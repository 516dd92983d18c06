"""Fixtures: the pipeline, an extraction of a text written in a test, and the graphs of the
shared articles and of the shipped sample."""
import os
import tempfile

import pytest

import kg
from helpers import SAMPLE, SHARED_CORPUS
from kg.extract.pipeline import extract, make_nlp
from kg.ingest.load import source_from_string


# the session's fixtures (built before any test's own cache) use one of their own
os.environ["KG_CACHE_DIR"] = tempfile.mkdtemp(prefix="kg-test-cache-")


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory, monkeypatch):
    """Each test its own extraction cache: none reads what another test extracted, and
    the user's ~/.cache/kg is never touched."""
    folder = tmp_path_factory.mktemp("kgcache")
    monkeypatch.setenv("KG_CACHE_DIR", str(folder))
    return folder


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


@pytest.fixture(scope="session")
def doc_after(nlp):
    """The doc of a text written in a test after the pipeline's stages up to `stage`."""
    from kg.extract.state import new_doc

    def _run(text: str, stage: str = "kg_relations"):
        doc = new_doc(nlp.vocab, text)
        for name, component in nlp.pipeline:
            doc = component(doc)
            if name == stage:
                break
        return doc
    return _run


@pytest.fixture(scope="session")
def candidates(doc_after):
    """The candidates of the mention finders for a text: {(surface, type, extractor)}."""
    def _run(text: str, finder: str | None = None):
        doc = doc_after(text, "kg_mentions")
        return {(text[m.start:m.end], m.type, m.extractor) for m in doc._.candidates
                if finder is None or m.extractor == finder}
    return _run
