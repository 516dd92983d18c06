"""The outputs as a set: written whole or not at all, like any other file, into a folder
checked before the work starts, and safe to open in a spreadsheet."""
import csv
import hashlib
import os
import signal
import stat
import subprocess
import tempfile
import sys
import time
from pathlib import Path

import pytest

import kg
from helpers import SAMPLE, cli, make_corpus

OUTPUTS = ["entities.csv", "graph.graphml", "graph.html", "graph.ttl", "relations.csv"]


def kg_cli(*args, umask=None):
    """kg's command line in this process, under `umask` if given."""
    previous = os.umask(umask) if umask is not None else None
    try:
        return cli(*args)
    finally:
        if previous is not None:
            os.umask(previous)


def digests(folder: Path) -> dict[str, str]:
    """The files of a folder and their hashes; a folder inside (a staging folder) by name."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder"
            for p in sorted(folder.iterdir())}


def wait_for(condition, what: str, timeout: float = 120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.002)
    raise AssertionError(f"timed out waiting for {what}")


def test_outputs_follow_the_umask(tmp_path):
    out = tmp_path / "out"
    assert kg_cli("build", SAMPLE, "-o", out, "-q", umask=0o022).returncode == 0
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in out.iterdir()} == {n: 0o644 for n in OUTPUTS}
    assert kg_cli("build", SAMPLE, "-o", out, "-q", "--format", "nt", umask=0o027).returncode == 0
    assert stat.S_IMODE((out / "graph.nt").stat().st_mode) == 0o640
    view = tmp_path / "view.html"
    assert kg_cli("html", out / "graph.nt", "-o", view, umask=0o022).returncode == 0
    assert stat.S_IMODE(view.stat().st_mode) == 0o644


def test_switching_to_ntriples_leaves_no_stale_turtle(tmp_path):
    out = tmp_path / "out"
    assert kg_cli("build", SAMPLE, "-o", out, "-q").returncode == 0
    assert kg_cli("build", SAMPLE, "-o", out, "-q", "-f", "nt").returncode == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(n.replace(".ttl", ".nt") for n in OUTPUTS)


@pytest.mark.slow  # minutes of processes or training: .ci/run runs it
def test_a_build_killed_while_writing_leaves_the_previous_set_whole(tmp_path):
    out = tmp_path / "out"
    assert kg_cli("build", SAMPLE, "-o", out, "-q").returncode == 0
    before = digests(out)
    corpus = make_corpus(tmp_path / "big", 150)
    build = subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out), "-q"])
    staging = wait_for(lambda: next(out.glob(".kg-staging-*/graph.ttl"), None), "the new set being written")
    build.send_signal(signal.SIGSTOP)  # frozen in the middle of writing the set
    assert not (staging.parent / "manifest.json").exists()
    build.kill()
    build.wait()
    assert {k: v for k, v in digests(out).items() if not k.startswith(".")} == before
    assert kg_cli("build", SAMPLE, "-o", out, "-q").returncode == 0
    assert sorted(p.name for p in out.iterdir()) == OUTPUTS  # the leftovers are gone


def test_a_set_whose_move_was_interrupted_is_finished_by_the_next_build(tmp_path):
    from kg.export.outputs import OutputSet, recover
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").write_text("old a", encoding="utf-8")
    (out / "b.txt").write_text("old b", encoding="utf-8")
    (out / ".a.txt.1f2e3d4c.tmp").write_text("left by an older kg", encoding="utf-8")
    staging = out / ".kg-staging-1-abcd"
    staging.mkdir()
    (staging / "b.txt").write_text("new b", encoding="utf-8")  # a.txt was moved already
    (out / "a.txt").write_text("new a", encoding="utf-8")
    (staging / "manifest.json").write_text('{"files": ["a.txt", "b.txt"], "remove": []}', encoding="utf-8")
    recover(out, ["a.txt", "b.txt"])
    assert digests(out) == digests_of({"a.txt": "new a", "b.txt": "new b"})
    with OutputSet(out, ["a.txt", "b.txt"]) as outputs:
        outputs.path("a.txt").write_text("newer a", encoding="utf-8")
        outputs.path("b.txt").write_text("newer b", encoding="utf-8")
    assert digests(out) == digests_of({"a.txt": "newer a", "b.txt": "newer b"})


def digests_of(files: dict[str, str]) -> dict[str, str]:
    return {name: hashlib.sha256(text.encode()).hexdigest() for name, text in files.items()}


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB file system of its own (a tmpfs): a disk that fills up."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("mounting a small tmpfs needs root: " + done.stderr.decode(errors="replace").strip())
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_gives_one_line_and_keeps_the_previous_set(small_disk, tmp_path):
    out = small_disk / "out"
    assert kg_cli("build", SAMPLE, "-o", out, "-q").returncode == 0
    before = digests(out)
    result = kg_cli("build", make_corpus(tmp_path / "big", 300), "-o", out, "-q")
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1 and "no space left" in result.stderr, result.stderr
    assert digests(out) == before  # and no staging folder is left


def test_a_full_disk_under_the_merged_graph_gives_one_line_and_keeps_the_previous_set(small_disk, tmp_path,
                                                                                     monkeypatch):
    out = tmp_path / "out"
    assert kg_cli("build", SAMPLE, "-o", out, "-q").returncode == 0
    before = digests(out)
    monkeypatch.setattr(tempfile, "tempdir", str(small_disk))  # TMPDIR, where the merge keeps its file
    corpus = make_corpus(tmp_path / "big", 600)
    # the merged graph fills TMPDIR; then, without a cache, the extractions kept there for the merge
    for options, says in ((("--cache", tmp_path / "cache"), "merged graph"), (("--no-cache",), "extractions")):
        result = kg_cli("build", corpus, "-o", out, "-q", *options)
        assert result.returncode == 1, result.stderr
        assert result.stderr.count("\n") == 1 and says in result.stderr and "TMPDIR" in result.stderr, result.stderr
        assert "full" in result.stderr, result.stderr
        assert digests(out) == before
        assert not list(small_disk.glob("kg-*"))  # kg's working files went with the failed build


def test_the_output_folder_is_checked_before_any_work(tmp_path):
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    for out, expected in ((a_file, "is a file"), (tmp_path / "missing" / "out", "parent folder")):
        result = kg_cli("build", SAMPLE, "-o", out)
        assert result.returncode == 2 and expected in result.stderr and result.stderr.count("\n") == 1, result.stderr
        assert "documents:" not in result.stdout


def test_a_folder_nobody_may_write_is_refused_up_front(tmp_path):
    read_only = tmp_path / "ro"
    read_only.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(read_only)], capture_output=True)
    if done.returncode != 0:
        read_only.chmod(0o555)  # not root: a folder without write permission does the same
        if os.access(read_only, os.W_OK):
            pytest.skip("cannot make a folder this user may not write to")
    try:
        result = kg_cli("build", SAMPLE, "-o", read_only / "out")
        assert result.returncode == 2 and "cannot write" in result.stderr and result.stderr.count("\n") == 1
    finally:
        subprocess.run(["umount", "-l", str(read_only)], check=False)


def _without_root_override():
    """In the child, before exec: as root, give up the power to ignore file permissions
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so a folder's mode binds as for any user."""
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        libc.prctl(24, capability, 0, 0, 0)  # PR_CAPBSET_DROP


def test_a_folder_without_write_permission_is_refused_up_front(tmp_path):
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    theirs.chmod(0o555)
    try:
        result = subprocess.run([sys.executable, "-m", "kg", "build", str(SAMPLE), "-o", str(theirs / "out")],
                                capture_output=True, text=True, timeout=300,
                                preexec_fn=_without_root_override if os.geteuid() == 0 else None)
        assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
        assert "cannot write" in result.stderr and "ermission denied" in result.stderr
    finally:
        theirs.chmod(0o755)


def test_a_bad_base_iri_is_refused_up_front(tmp_path):
    for iri in ("no scheme/", "http://example.org/id", "http://exa mple.org/"):
        result = kg_cli("build", SAMPLE, "-o", tmp_path / "out", "--base-iri", iri)
        assert result.returncode == 2 and "base IRI" in result.stderr and result.stderr.count("\n") == 1, iri
    assert not (tmp_path / "out").exists()
    with pytest.raises(kg.errors.InputError):
        kg.write_outputs(kg.build_graph(texts={"a.txt": "省政协召开会议。"}), tmp_path / "out", base_iri="nope")


def test_formula_cells_are_neutralised_in_both_csvs(tmp_path):
    text = ("本报讯 省政协印发《=HYPERLINK(\"http://example.com\",\"点击\")》。\n"
            "省政协印发《+1+1》和《@SUM(A1)》，推动落实。\n")
    graph = kg.build_graph(texts={"formula.txt": text})
    kg.write_outputs(graph, tmp_path)
    with open(tmp_path / "entities.csv", encoding="utf-8-sig") as f:
        labels = {row["label"] for row in csv.DictReader(f)}
    assert {"'+1+1", "'@SUM（A1）"} <= labels and any(label.startswith("'=HYPERLINK") for label in labels), labels
    with open(tmp_path / "relations.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    objects = {row["object"] for row in rows}
    assert "'+1+1" in objects and not any(v.startswith(("=", "+", "-", "@")) for row in rows for v in row.values())


@pytest.mark.slow  # minutes of processes or training: .ci/run runs it
def test_ctrl_c_exits_130_with_one_line_and_the_previous_set_whole(tmp_path):
    out = tmp_path / "out"
    assert kg_cli("build", SAMPLE, "-o", out, "-q").returncode == 0
    before = digests(out)
    corpus = make_corpus(tmp_path / "big", 200)
    build = subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out), "-q", "-v"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert build.stderr.readline().startswith("kg: read ")  # the build is reading the corpus
    build.send_signal(signal.SIGINT)
    stdout, rest = build.communicate(timeout=120)
    stderr = "".join(line for line in rest.splitlines(keepends=True) if not line.startswith("kg: read "))
    assert build.returncode == 130, stderr
    assert stderr.count("\n") == 1 and "interrupted" in stderr and "Traceback" not in stderr, stderr
    assert digests(out) == before
