"""Input that arrives in every shape a newsroom archive has: nothing good is lost, and every
offset points into the file as it is."""
import os
import re
import signal
import subprocess
import sys

import pytest

import kg
from helpers import GIVEN, make_corpus
from kg.builder import extract_all
from kg.ingest.load import read_source

ARTICLE = ("本报讯 3月5日，中共青川县委十五届三次全会召开，县委书记罗景明主持会议。\n"
           "县委副书记、县长许晴川，县委常委邱振宁出席会议。\n"
           "会议强调，要深入实施“清溪人才”计划，推动乡村振兴。\n")
TRADITIONAL = ("本報訊 3月5日，中共青川縣委十五屆三次全會召開，縣委書記羅景明主持會議。\n"
               "縣委副書記、縣長許晴川，縣委常委邱振寧出席會議。\n"
               "會議強調，要深入實施「清溪人才」計劃，推動鄉村振興。\n")


def nth_name(i: int) -> str:
    return "岳" + GIVEN[i % len(GIVEN)] + GIVEN[i // len(GIVEN) % len(GIVEN)]


def same_words(a: str, b: str) -> bool:
    """The same text but for white space (kg's evidence is its cleaned sentence)."""
    return re.sub(r"\s", "", a) == re.sub(r"\s", "", b)


def evidence_matches_file(graph, folder):
    """(relations whose evidence offsets cut their own sentence out of the file, all relations)"""
    matched = total = 0
    for _, _, data in graph.edges(data=True):
        for ev in data["evidence"]:
            source = read_source(folder / ev["document"]).text
            total += 1
            matched += same_words(source[ev["start"]:ev["end"]], ev["sentence"])
    return matched, total


def test_crlf_articles_have_offsets_into_the_file(tmp_path):
    (tmp_path / "crlf.txt").write_bytes(ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    graph = kg.build_graph([tmp_path])
    matched, total = evidence_matches_file(graph, tmp_path)
    assert total >= 5 and matched == total


def test_traditional_chinese_is_one_graph_with_simplified(tmp_path):
    (tmp_path / "simplified.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "traditional_utf8.txt").write_text(TRADITIONAL, encoding="utf-8")
    (tmp_path / "traditional_big5.txt").write_bytes(TRADITIONAL.encode("big5"))
    graph = kg.build_graph([tmp_path])
    people = kg.find_nodes(graph, "罗景明")
    assert people == kg.find_nodes(graph, "羅景明") == ["Person:罗景明"]
    assert set(graph.nodes[people[0]]["documents"]) == {"simplified.txt", "traditional_utf8.txt",
                                                        "traditional_big5.txt"}
    assert "羅景明" in graph.nodes[people[0]]["aliases"]
    presides = [d for _, _, d in graph.out_edges(people[0], data=True) if d["property"] == "presides"]
    assert presides
    sentences = {ev["document"]: ev["sentence"] for d in presides for ev in d["evidence"]}
    assert "縣委書記羅景明主持會議" in sentences["traditional_big5.txt"]  # the source's own words
    assert "县委书记罗景明主持会议" in sentences["simplified.txt"]
    matched, total = evidence_matches_file(graph, tmp_path)
    assert matched == total


def test_html_pages_are_read_as_their_text(tmp_path):
    page = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>青川县委召开常委会会议_青川新闻网</title>"
            "<script>var ad = '县委书记王不是主持会议';</script><style>.x{}</style></head><body>"
            "<div class=\"nav\"><a href=\"/\">首页</a></div><h1>青川县委召开常委会会议</h1>\n"
            + "".join(f"<p>{line}</p>\n" for line in ARTICLE.splitlines()) + "</body></html>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    (tmp_path / "saved_as.txt").write_text(page, encoding="utf-8")
    report = kg.BuildReport()
    graph = kg.build_graph([tmp_path], report=report)
    assert sorted(report.documents) == ["page.html", "saved_as.txt"]
    assert {d["title"] for d in graph.graph["documents"].values()} == {"青川县委召开常委会会议"}
    assert kg.find_nodes(graph, "罗景明") and not kg.find_nodes(graph, "王不是")
    for _, _, d in graph.edges(data=True):
        assert "<" not in d["sentence"] and "href" not in d["sentence"]
    for ev in (ev for _, _, d in graph.edges(data=True) for ev in d["evidence"]):
        source = read_source(tmp_path / ev["document"]).text
        assert same_words(source[ev["start"]:ev["end"]], ev["sentence"])  # one paragraph: no markup inside


def test_a_long_text_is_read_in_pieces_that_make_one_article(monkeypatch):
    from kg.extract import pipeline
    monkeypatch.setattr(pipeline, "PIECE_CHARS", 400)
    body = "".join(ARTICLE.replace("罗景明", nth_name(i)) for i in range(12))
    assert len(pipeline.pieces(body)) >= 3 and all(e - s <= 400 for s, e in pipeline.pieces(body))
    graph = kg.build_graph(texts={"long.txt": body})
    assert all(kg.find_nodes(graph, nth_name(i)) for i in range(12))
    county = graph.nodes["Organization:中共青川县委"]
    assert county["mentions"] >= 24  # one entity across the pieces
    evidence = [ev for _, _, d in graph.edges(data=True) for ev in d["evidence"]]
    assert max(ev["end"] for ev in evidence) > len(body) - len(ARTICLE)
    assert all(same_words(body[ev["start"]:ev["end"]], ev["sentence"]) for ev in evidence)


def test_pieces_are_cut_between_paragraphs_else_sentences():
    from kg.extract.pipeline import pieces
    text = "甲" * 30 + "\n" + "乙" * 30 + "。" + "丙" * 50
    assert pieces(text, 40) == [(0, 31), (31, 62), (62, 102), (102, 112)]
    assert pieces("", 40) == [(0, 0)]


@pytest.mark.slow
def test_an_article_of_a_million_and_a_half_characters_builds(tmp_path):
    paragraphs = ARTICLE * 2
    body = "".join(paragraphs.replace("罗景明", nth_name(i)) for i in range(1_500_000 // len(paragraphs) + 1))
    (tmp_path / "long.txt").write_text(body, encoding="utf-8")
    assert len(body) > 1_500_000
    report = kg.BuildReport()
    graph = kg.build_graph([tmp_path], report=report)
    assert report.documents == ["long.txt"] and not report.skipped
    last = [ev for _, _, d in graph.edges(data=True) for ev in d["evidence"]]
    assert max(ev["end"] for ev in last) > 1_400_000  # facts from the end of the text too
    assert len(kg.find_nodes(graph, nth_name(len(GIVEN) ** 2 - 1))) == 1
    assert all(same_words(body[ev["start"]:ev["end"]], ev["sentence"]) for ev in last)


@pytest.mark.slow
def test_a_fifty_megabyte_file_builds_with_bounded_memory(tmp_path):
    """An archive's dump: 50 MB in one file, mostly tables of figures, with reports among them."""
    row = "2024,03,1234.5,678.9,+3.2%,4521,0.87\n"
    report_block = ARTICLE
    with open(tmp_path / "dump.txt", "w", encoding="utf-8") as f:
        written = 0
        i = 0
        while written < 50_000_000:
            chunk = report_block.replace("罗景明", nth_name(i // 50)) if i % 50 == 0 else row * 40
            f.write(chunk)
            written += len(chunk.encode("utf-8"))
            i += 1
    assert (tmp_path / "dump.txt").stat().st_size >= 50_000_000
    script = ("import resource, kg, sys; r = kg.BuildReport(); g = kg.build_graph([sys.argv[1]], report=r); "
              "print(len(r.documents), len(r.skipped), g.number_of_nodes(), "
              "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "dump.txt")], capture_output=True,
                          text=True, timeout=3000)
    assert done.returncode == 0, done.stderr
    documents, skipped, nodes, peak_mb = map(int, done.stdout.split())
    assert (documents, skipped) == (1, 0) and nodes > 500
    assert peak_mb < 2000, peak_mb  # the file's text and one piece's pipeline, not a 50 MB spaCy doc


def test_a_killed_worker_costs_no_article(tmp_path):
    import multiprocessing
    corpus = make_corpus(tmp_path / "corpus", 120)
    results = extract_all([corpus], jobs=2)
    first = next(results)  # the workers are at work
    victim = multiprocessing.active_children()[0]
    os.kill(victim.pid, signal.SIGKILL)
    rest = list(results)
    victim.join(5)
    assert victim.exitcode == -signal.SIGKILL  # it did die; Dask ran its partitions again elsewhere
    assert not isinstance(first, kg.builder.Skipped) and len(rest) == 119
    assert not [r for r in rest if isinstance(r, kg.builder.Skipped)]


@pytest.mark.slow  # minutes of processes or training: .ci/run runs it
def test_an_article_that_kills_its_worker_twice_is_skipped_and_the_rest_built(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", 8)
    (corpus / "report_0003.txt").write_text(ARTICLE + "系统崩溃。\n", encoding="utf-8")
    # a backend given as module:factory, which every worker process imports
    results = list(extract_all([corpus], ner="helpers:crashing_ner", jobs=2))
    skipped = [r for r in results if isinstance(r, kg.builder.Skipped)]
    assert [os.path.basename(s.path) for s in skipped] == ["report_0003.txt"]
    assert "died" in skipped[0].reason
    assert len(results) == 8


def test_the_command_line_neither_hangs_on_special_files_nor_hides_them(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "good.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "folder.txt").mkdir()
    (corpus / "folder.txt" / "inside.txt").write_text(ARTICLE.replace("青川", "旺苍"), encoding="utf-8")
    os.symlink(corpus / "gone.txt", corpus / "dangling.txt")
    os.symlink(corpus, corpus / "loop")
    # in a process of its own, with a time limit: a build that blocked on the FIFO would hang
    result = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), str(corpus / "pipe.txt"),
                             "-o", str(tmp_path / "out")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "documents: 2 read, 5 skipped" in result.stdout
    for name in ("pipe.txt", "folder.txt", "dangling.txt", "loop"):
        assert f"{name}:" in result.stdout
