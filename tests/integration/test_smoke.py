"""The one test that runs kg as a user does, in a process of its own: `python -m kg` and the
installed `kg` script build the shipped sample."""
import subprocess
import sys
from pathlib import Path

from helpers import SAMPLE


def test_python_m_kg_builds_the_sample(tmp_path):
    result = subprocess.run([sys.executable, "-m", "kg", "build", SAMPLE, "-o", tmp_path / "out"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "documents: 4 read, 0 skipped" in result.stdout
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 1000


def test_the_console_script_is_installed():
    exe = Path(sys.executable).with_name("kg")
    result = subprocess.run([str(exe), "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and "kg" in result.stdout
