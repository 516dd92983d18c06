"""The engine for real: a Dask scheduler and two `dask worker` processes on 127.0.0.1,
one of them killed mid-build; the cache between builds; the progress line."""
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

import kg
from helpers import cli, make_corpus

OUTPUTS = ("graph.ttl", "entities.csv", "relations.csv", "graph.graphml", "graph.html")
DASK = Path(sys.executable).with_name("dask")


def same_outputs(a: Path, b: Path) -> None:
    for name in OUTPUTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_workers(address: str, count: int, timeout: float = 90) -> None:
    from distributed import Client
    with Client(address, timeout="30s") as client:
        client.wait_for_workers(count, timeout=timeout)


@pytest.fixture
def cluster(tmp_path):
    """A scheduler and two single-thread workers, each in its own process group."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    start = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, env=env,
                 cwd=tmp_path)
    processes = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                   "--no-dashboard"], **start)]
    for _ in range(2):
        processes.append(subprocess.Popen([str(DASK), "worker", address, "--nthreads", "1", "--nworkers", "1",
                                           "--no-dashboard", "--no-nanny"], **start))
    try:
        wait_for_workers(address, 2)
        yield address, processes[1:]
    finally:
        for p in processes:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGKILL)
            p.wait()


def cached_articles(cache) -> int:
    """Articles the cache's index holds so far; 0 while the index or its table is still being made."""
    index = next(cache.glob("*/index.sqlite"), None)
    if index is None:
        return 0
    try:
        with closing(sqlite3.connect(index)) as db:
            return db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # created, its table not yet (or locked for a moment)
        return 0


@pytest.mark.slow  # minutes of processes or training: .ci/run runs it
def test_a_build_on_a_scheduler_that_loses_a_worker_is_byte_identical_to_one_process(cluster, tmp_path):
    address, workers = cluster
    corpus = make_corpus(tmp_path / "corpus", 48)
    alone = tmp_path / "alone"
    assert cli("build", corpus, "-o", alone, "-q", "--no-cache").returncode == 0
    cache = tmp_path / "cache"
    build = subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus), "-o", str(tmp_path / "far"), "-q",
                              "--scheduler", address, "--cache", str(cache)], stderr=subprocess.PIPE, text=True)
    # once the first partitions are in, one worker goes for good
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and build.poll() is None:
        if cached_articles(cache):
            break
        time.sleep(0.05)
    assert build.poll() is None, "the build finished before a worker could be killed"
    os.killpg(workers[0].pid, signal.SIGKILL)
    _, err = build.communicate(timeout=300)
    assert build.returncode == 0, err
    assert workers[0].wait() == -signal.SIGKILL
    same_outputs(alone, tmp_path / "far")


@pytest.mark.slow  # minutes of processes or training: .ci/run runs it
def test_an_unreachable_scheduler_is_one_line_and_exit_2(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", 2)
    result = cli("build", corpus, "-o", tmp_path / "out", "--scheduler", f"tcp://127.0.0.1:{free_port()}")
    assert result.returncode == 2 and "E060" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.slow  # minutes of processes or training: .ci/run runs it
def test_a_local_cluster_and_one_process_write_the_same_bytes(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", 12)
    one, two = tmp_path / "one", tmp_path / "two"
    assert cli("build", corpus, "-o", one, "-q", "--no-cache").returncode == 0
    assert cli("build", corpus, "-o", two, "-q", "--no-cache", "-j", "2").returncode == 0
    same_outputs(one, two)


def report_of(corpus, cache, **options):
    report = kg.BuildReport()
    graph = kg.build_graph([corpus], cache=cache, report=report, **options)
    return report, graph


def test_a_cached_rebuild_extracts_only_what_is_new_or_changed(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", 20)
    cache = tmp_path / "cache"
    first, graph = report_of(corpus, cache)
    assert (first.extracted, first.reused) == (20, 0)
    again, same = report_of(corpus, cache)
    assert (again.extracted, again.reused) == (0, 20)
    out_a, out_b = tmp_path / "a", tmp_path / "b"
    kg.write_outputs(graph, out_a)
    kg.write_outputs(same, out_b)
    same_outputs(out_a, out_b)
    make_corpus(tmp_path / "more", 21, seed=9)
    (tmp_path / "more" / "report_0020.txt").rename(corpus / "report_new.txt")
    (corpus / "report_0003.txt").write_text((corpus / "report_0003.txt").read_text(encoding="utf-8")
                                            + "会议强调，要抓好落实。\n", encoding="utf-8")
    grown, graph = report_of(corpus, cache)
    assert (grown.extracted, grown.reused) == (2, 19)
    fresh, fresh_graph = report_of(corpus, None)
    kg.write_outputs(graph, out_a)
    kg.write_outputs(fresh_graph, out_b)
    same_outputs(out_a, out_b)  # the cache changes how fast, never what


def _stamps(folder):
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(folder.iterdir()) if p.name in OUTPUTS}


def test_a_rebuild_with_nothing_changed_leaves_the_outputs_as_they_are(tmp_path):
    corpus, cache, out = make_corpus(tmp_path / "corpus", 5), tmp_path / "cache", tmp_path / "out"
    first = kg.build([corpus], out, cache=cache)
    assert not first.up_to_date
    before = _stamps(out)
    again = kg.build([corpus], out, cache=cache)
    assert again.up_to_date and _stamps(out) == before
    assert (again.documents, again.characters, again.entities_by_type, again.relations_by_property) == \
        (first.documents, first.characters, first.entities_by_type, first.relations_by_property)
    # an output someone changed or removed, other options, a new article: the set is written again
    (out / "entities.csv").write_text("edited\n", encoding="utf-8")
    assert not kg.build([corpus], out, cache=cache).up_to_date
    assert (out / "entities.csv").read_bytes() == before["entities.csv"][1]
    (out / "graph.html").unlink()
    assert not kg.build([corpus], out, cache=cache).up_to_date and (out / "graph.html").is_file()
    assert not kg.build([corpus], out, cache=cache, html_max_nodes=3).up_to_date
    assert not kg.build([corpus], out, cache=cache).up_to_date  # back to 5,000: written again
    make_corpus(tmp_path / "more", 6, seed=4)
    (tmp_path / "more" / "report_0005.txt").rename(corpus / "report_new.txt")
    grown = kg.build([corpus], out, cache=cache)
    assert not grown.up_to_date and len(grown.documents) == 6
    assert kg.build([corpus], out, cache=cache).up_to_date
    (out / ".kg-staging-123-abcd").mkdir()  # what a killed build leaves: the next build clears it
    assert not kg.build([corpus], out, cache=cache).up_to_date and not any(out.glob(".kg-staging-*"))
    assert not kg.build([corpus], out, cache=None).up_to_date  # --no-cache: everything again
    assert not kg.build([corpus], out, cache=cache).up_to_date  # … after which the record is stale
    result = cli("build", corpus, "-o", out, "--cache", cache)
    assert result.returncode == 0 and "up to date" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUTS)  # the record is kept in the cache
    assert cli("cache", "clear", "--cache", cache).returncode == 0
    assert not kg.build([corpus], out, cache=cache).up_to_date


def test_a_changed_pattern_file_extracts_everything_again(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", 6)
    cache = tmp_path / "cache"
    data = tmp_path / "mydata"
    (data / "lexicon").mkdir(parents=True)
    (data / "lexicon" / "ner_dictionary.tsv").write_text("欧阳明轩\tPerson\n", encoding="utf-8")
    first, _ = report_of(corpus, cache, data=[data])
    assert first.extracted == 6
    assert report_of(corpus, cache, data=[data])[0].extracted == 0
    (data / "lexicon" / "ner_dictionary.tsv").write_text("欧阳明轩\tPerson\n司马永年\tPerson\n", encoding="utf-8")
    assert report_of(corpus, cache, data=[data])[0].extracted == 6
    assert report_of(corpus, cache)[0].extracted == 6  # no --data is other rules again


def test_no_cache_keeps_nothing_and_cache_clear_empties_it(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", 3)
    cache = tmp_path / "cache"
    assert cli("build", corpus, "-o", tmp_path / "o", "-q", "--cache", cache, "--no-cache").returncode == 0
    assert not cache.exists() or not any(cache.iterdir())
    result = cli("build", corpus, "-o", tmp_path / "o", "--cache", cache)
    assert result.returncode == 0 and "cache:" not in result.stdout
    result = cli("build", corpus, "-o", tmp_path / "o", "--cache", cache)
    assert "3 read from the cache, 0 extracted" in result.stdout
    info = cli("cache", "info", "--cache", cache)
    assert info.returncode == 0 and "3 articles" in info.stdout
    cleared = cli("cache", "clear", "--cache", cache)
    assert cleared.returncode == 0 and "removed 3 cached extractions" in cleared.stdout
    assert report_of(corpus, cache)[0].extracted == 3


def test_a_cache_folder_that_is_a_file_is_one_line_and_exit_2(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", 1)
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    result = cli("build", corpus, "-o", tmp_path / "o", "--cache", tmp_path / "afile")
    assert result.returncode == 2 and "E061" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_progress_says_what_is_done_the_rate_and_the_time_left():
    from kg.engine.progress import Progress
    progress = Progress(100, bar=False)
    progress.skip_cached(10)
    progress.started -= 10  # ten seconds ago
    progress.update(20)
    line = progress.line()
    assert line.startswith("30/100 articles, 2.0/s, 0m3") and "(10 from the cache)" in line
    progress.close()


def test_a_long_build_logs_its_progress(tmp_path, caplog, monkeypatch):
    import logging
    from kg.engine import progress
    monkeypatch.setattr(progress, "LOG_EVERY", 0.0)
    caplog.set_level(logging.INFO, logger="kg.progress")
    report_of(make_corpus(tmp_path / "corpus", 6), None)
    lines = [r.getMessage() for r in caplog.records if r.name == "kg.progress"]
    assert lines and lines[-1].startswith("6/6 articles")


@pytest.mark.slow  # minutes of processes or training: .ci/run runs it
def test_a_worker_that_cannot_build_the_pipeline_is_one_line_and_exit_2(tmp_path):
    """Worker processes build their own pipeline; a broken --data file they read is the
    user's mistake: one line from the client, no worker traceback, nothing written."""
    corpus = make_corpus(tmp_path / "corpus", 4)
    broken = tmp_path / "data" / "patterns"
    broken.mkdir(parents=True)
    (broken / "relations.yml").write_text("verbs: [主持\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "-o", str(tmp_path / "out"), "-j", "2",
                             "--no-cache", "--data", str(tmp_path / "data")], capture_output=True, text=True, timeout=300)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: [E030]"), result.stderr
    assert not (tmp_path / "out").exists()
