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

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
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


def test_without_any_cjk_font_the_notebooks_still_run_and_say_so_once():
    import subprocess
    import sys
    script = """
import sys
sys.modules["mplfonts"] = None  # no packaged font
from matplotlib import font_manager
font_manager.findSystemFonts = lambda *a, **k: []
font_manager.fontManager.ttflist = [f for f in font_manager.fontManager.ttflist if "CJK" not in f.name
                                    and "WenQuanYi" not in f.name and "Noto Sans SC" not in f.name]
import matplotlib.pyplot as plt
from nbsetup import use_cjk_font
print(use_cjk_font(), use_cjk_font())
fig, ax = plt.subplots()
ax.set_title("朱国贤")
fig.canvas.draw()
print("drawn")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=NOTEBOOKS,
                          env={"MPLBACKEND": "Agg", "PATH": ""}, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[-2:] == ["None None", "drawn"] and sum("No font with Chinese glyphs" in x for x in lines) == 1


def test_the_packaged_font_is_found_without_a_system_font():
    import subprocess
    import sys
    script = """
from matplotlib import font_manager
font_manager.findSystemFonts = lambda *a, **k: []
font_manager.fontManager.ttflist = [f for f in font_manager.fontManager.ttflist if "CJK" not in f.name
                                    and "WenQuanYi" not in f.name]
from nbsetup import use_cjk_font
print(use_cjk_font())
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=NOTEBOOKS,
                          env={"MPLBACKEND": "Agg", "PATH": ""}, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "Noto Sans CJK SC", done.stdout + done.stderr
