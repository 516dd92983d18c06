"""The analysis notebooks are committed clean, and each checks the sample's facts.

Running them is nbmake's job (``pytest --nbmake notebooks/``, part of ``make test``);
these checks need no kernel: no outputs or execution counts are committed, the metadata
names no machine, and every notebook asserts something about the graph, so one that
silently comes out empty fails when it runs.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
EXPECTED = ["01_explore.ipynb", "02_people_and_meetings.ipynb", "03_programmes_and_policies.ipynb",
            "04_sparql.ipynb"]


def test_the_four_notebooks_are_there():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == EXPECTED


@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_is_committed_clean(name):
    text = (NOTEBOOKS / name).read_text(encoding="utf-8")
    nb = json.loads(text)
    assert set(nb["metadata"]) <= {"kernelspec", "language_info"}, nb["metadata"]
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for cell in nb["cells"]:
        assert set(cell.get("metadata", {})) <= {"tags"}, (name, cell.get("metadata"))
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, (name, "".join(cell["source"])[:60])
    for machine_path in ("/work/", "/home/", "/root/", "/tmp/", "/Users/", "C:\\\\"):
        assert machine_path not in text, (name, machine_path)


@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_asserts_facts_and_explains_each_step(name):
    cells = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    assert any(line.startswith("assert ") for source in code for line in source.splitlines())
    assert cells[0]["cell_type"] == "markdown" and "".join(cells[0]["source"]).startswith("# ")
    assert sum(c["cell_type"] == "markdown" for c in cells) >= 3
