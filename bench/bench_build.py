"""Benchmark: how fast and how lean is a whole `kg` build, compared with bare jieba?

What it measures
----------------
1. It writes a synthetic corpus (default 10 MB of UTF-8, 1 MB = 1,000,000 bytes) to a
   temporary folder. The corpus is made from the project's own sample articles
   (kg/data/sample/*.txt, read with ``kg.ingest.load.read_source`` so the GB18030 one is decoded)
   repeated many times. Each copy is varied so the graph does not just see the same few
   entities again: every person's name is replaced with a generated one (a surname from
   kg/data/lexicon/surnames.txt plus 1-2 characters from a fixed pool), every short name in
   quotes (“吉人回乡”, “东城梧桐”, ...) with generated characters of the same length, and the
   article is cut at a sentence end to about a random length of 2-5 KB. Everything is seeded
   (``--seed``), so two runs build the same corpus.
2. In separate, freshly spawned child processes (so that each one's peak RSS is its own):
   - the floor: one bare ``jieba.posseg.cut`` pass over every file's text (jieba is
     initialised and the texts read before the clock starts). Any jieba-based pipeline
     costs at least this much. It is always single-process.
   - the kg build over the whole folder: ``kg.build_graph([folder], jobs=N)`` and then
     ``kg.write_outputs(graph, tmpdir)``, timed separately;
   - the same kg build over a quarter of the corpus (the first files, about 1/4 of the
     bytes), to show how peak memory grows with the size of the corpus.
   Peak RSS is the child's VmHWM (/proc/self/status). With ``--jobs N`` > 1 the extraction
   runs in worker processes, whose largest peak is reported on its own ("workers").
3. It prints a table of seconds, characters per second, peak memory and graph size, the
   throughput ratio kg / jieba (target >= 0.5), and with ``--json PATH`` writes the numbers
   as JSON.

How to run it
-------------
From the project root (/work/main):

    .venv/bin/python bench/bench_build.py                     # 10 MB, jobs=1
    .venv/bin/python bench/bench_build.py --megabytes 1       # quick check
    .venv/bin/python bench/bench_build.py --jobs 2 --json bench/results/build.json

At the default size it takes about 6 minutes on a 2-core machine.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import random
import re
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from benchutil import save_json

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing kg
    sys.path.insert(0, str(ROOT))

SAMPLE_DIR = ROOT / "kg" / "data" / "sample"
SURNAMES_FILE = ROOT / "kg" / "data" / "lexicon" / "surnames.txt"
MB = 1_000_000

# The people named in the sample articles (see kg/data/sample/README.md). Each copy of an
# article gets a fresh name for each of them.
SAMPLE_PEOPLE = (
    "朱国贤 孟庆禾 杜凌云 韩晓舟 邵立平 贺明川 崔雅楠 潘文玉 石佩兰 梁振东 林书远 赵一鸣 柳青禾 韩子墨 "
    "宋砚秋 方嘉树 金美善 许晴川 孟繁舟 贺兰舟 邱振邦 侯以宁 姜雨萌 程立新 唐若溪 柯明远 孙沐阳 "
    "孔令哲 宁思远 蒋慧敏 韦书宁"
).split()
# Characters for generated given names, and for generated programme names in quotes.
GIVEN_NAME_POOL = "国明华建立志文平海英玉兰晓思雨若宁子嘉振兴云峰静怡书远悦伟芳德秋晴川泽安澜佳慧"
PROGRAMME_POOL = "振兴英才青春桑梓梧桐凤鸣云海星光启航领航筑梦金谷银川长白松江雁归乡情同心聚力惠民创优"
# A short run of Chinese characters in quotes: a programme, brand or slogan name.
QUOTED_NAME = re.compile("“([\u4e00-\u9fff]{2,8})”")
# Articles are cut only after a paragraph that ends a sentence.
SENTENCE_END = ("。", "！", "？", "”", "）")
ARTICLE_BYTES = (2_000, 5_000)


# ---------------------------------------------------------------------------------------
# The synthetic corpus
# ---------------------------------------------------------------------------------------

def load_templates() -> list[tuple[str, str]]:
    """(file stem, decoded text) of each sample article."""
    from kg.ingest.load import read_source
    return [(p.stem, read_source(p).text) for p in sorted(SAMPLE_DIR.glob("*.txt"))]


def load_surnames() -> list[str]:
    names: list[str] = []
    for line in SURNAMES_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            names.extend(line.split())
    return names


class Variator:
    """Makes seeded, varied copies of an article."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.surnames = load_surnames()

    def person(self) -> str:
        given = "".join(self.rng.choices(GIVEN_NAME_POOL, k=self.rng.randint(1, 2)))
        return self.rng.choice(self.surnames) + given

    def programme(self, length: int) -> str:
        return "".join(self.rng.choices(PROGRAMME_POOL, k=length))

    def vary(self, text: str) -> str:
        """Rename the people and the quoted names (consistently within the article), then
        cut the article to a random length."""
        people = {name: self.person() for name in SAMPLE_PEOPLE if name in text}
        if people:
            pattern = "|".join(sorted(map(re.escape, people), key=len, reverse=True))
            text = re.sub(pattern, lambda m: people[m.group(0)], text)
        quoted: dict[str, str] = {}

        def rename(m: re.Match) -> str:
            old = m.group(1)
            if old not in quoted:
                quoted[old] = self.programme(len(old))
            return f"“{quoted[old]}”"

        text = QUOTED_NAME.sub(rename, text)
        return self.cut(text, self.rng.randint(*ARTICLE_BYTES))

    @staticmethod
    def cut(text: str, target_bytes: int) -> str:
        """The opening paragraphs of `text`, ending at a sentence end, whose size is
        closest to `target_bytes`."""
        parts = re.split(r"(\n\s*\n)", text)  # paragraphs and the blank lines between them
        ends = [i + 1 for i, part in enumerate(parts) if part.rstrip().endswith(SENTENCE_END)] or [len(parts)]

        def distance(end: int) -> int:
            return abs(len("".join(parts[:end]).encode("utf-8")) - target_bytes)

        best = min(ends, key=distance)
        return "".join(parts[:best]).strip() + "\n"


def make_corpus(folder: Path, megabytes: float, seed: int) -> list[tuple[Path, int, int]]:
    """Write the corpus into `folder`; return (path, bytes, characters) of each file."""
    folder.mkdir(parents=True, exist_ok=True)
    templates = load_templates()
    variator = Variator(seed)
    files, total, i = [], 0, 0
    while total < megabytes * MB:
        stem, template = templates[i % len(templates)]
        text = variator.vary(template)
        path = folder / f"{i:05d}_{stem}.txt"
        data = text.encode("utf-8")
        path.write_bytes(data)
        files.append((path, len(data), len(text)))
        total += len(data)
        i += 1
    return files


def link_prefix(files: list[tuple[Path, int, int]], folder: Path, fraction: float) -> list[tuple[Path, int, int]]:
    """Hard-link the first files, up to `fraction` of the corpus's bytes, into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    budget = fraction * sum(size for _, size, _ in files)
    chosen, total = [], 0
    for path, size, chars in files:
        if total + size > budget and chosen:
            break
        target = folder / path.name
        os.link(path, target)
        chosen.append((target, size, chars))
        total += size
    return chosen


# ---------------------------------------------------------------------------------------
# What runs in the child processes
# ---------------------------------------------------------------------------------------

def _status_kb(field: str) -> int:
    """A memory figure of this process from /proc/self/status, in kB."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux


def _mb(kb: int) -> float:
    return kb / 1024


def run_jieba(folder: str) -> dict:
    """The floor: one jieba.posseg.cut pass over every file's text."""
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    list(jieba.posseg.cut("初始化分词器和词性标注。"))  # load the HMM tables before timing
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(folder).glob("*.txt"))]
    rss_before = _status_kb("VmRSS")
    started = time.perf_counter()
    words = 0
    for text in texts:
        for _ in jieba.posseg.cut(text):
            words += 1
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "characters": sum(map(len, texts)), "documents": len(texts), "words": words,
            "rss_before_mb": _mb(rss_before), "peak_rss_mb": _mb(_status_kb("VmHWM"))}


def run_kg(folder: str, out_dir: str, jobs: int) -> dict:
    """The whole kg build over `folder`, then writing its outputs to `out_dir`."""
    started = time.perf_counter()
    import kg
    import_seconds = time.perf_counter() - started
    rss_after_import = _status_kb("VmRSS")

    report = kg.BuildReport()
    started = time.perf_counter()
    graph = kg.build_graph([folder], jobs=jobs, cache=None, report=report)  # extraction measured, not the cache
    build_seconds = time.perf_counter() - started
    peak_after_build = _status_kb("VmHWM")

    started = time.perf_counter()
    outputs = kg.write_outputs(graph, out_dir)
    write_seconds = time.perf_counter() - started
    workers_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if jobs > 1 else 0
    return {
        "import_seconds": import_seconds, "build_seconds": build_seconds, "write_seconds": write_seconds,
        "characters": report.characters, "documents": len(report.documents), "skipped": len(report.skipped),
        "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(),
        "entities_by_type": report.entities_by_type, "relations_by_property": report.relations_by_property,
        "output_mb": sum(p.stat().st_size for p in outputs) / MB,
        "rss_after_import_mb": _mb(rss_after_import), "peak_rss_build_mb": _mb(peak_after_build),
        "peak_rss_mb": _mb(_status_kb("VmHWM")), "workers_peak_rss_mb": _mb(workers_kb),
    }


def in_child(fn, *args) -> dict:
    """Run fn(*args) in a fresh spawned process (its own interpreter, its own peak RSS)."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


# ---------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------

def print_table(results: dict) -> None:
    corpus, jb, full, quarter = results["corpus"], results["jieba"], results["kg"], results["kg_quarter"]
    jobs = results["jobs"]
    print()
    print(f"kg build benchmark: {corpus['megabytes']:.2f} MB corpus, {corpus['files']:,} files, "
          f"{corpus['characters']:,} characters; jobs={jobs}; {results['cpus']} CPUs; Python {results['python']}")
    print()
    header = (f"{'stage':<34}{'text MB':>8}{'files':>7}{'seconds':>9}{'chars/s':>10}"
              f"{'peak RSS MB':>13}{'nodes':>9}{'edges':>9}")
    print(header)
    print("-" * len(header))

    def row(stage, mb, files, seconds, chars, peak, nodes="", edges=""):
        rate = f"{chars / seconds:,.0f}" if chars and seconds else ""
        print(f"{stage:<34}{mb:>8.2f}{files:>7,}{seconds:>9.1f}{rate:>10}{peak:>13.0f}"
              f"{nodes:>9}{edges:>9}")

    row("jieba.posseg.cut (floor, 1 proc)", corpus["megabytes"], jb["documents"], jb["seconds"], jb["characters"],
        jb["peak_rss_mb"])
    for label, r, c in (("full", full, corpus), ("1/4", quarter, results["corpus_quarter"])):
        row(f"kg build_graph ({label})", c["megabytes"], r["documents"], r["build_seconds"], r["characters"],
            r["peak_rss_build_mb"], f"{r['nodes']:,}", f"{r['edges']:,}")
        row(f"kg write_outputs ({label})", c["megabytes"], r["documents"], r["write_seconds"], 0, r["peak_rss_mb"])
        row(f"kg build + write ({label})", c["megabytes"], r["documents"], r["build_seconds"] + r["write_seconds"],
            r["characters"], r["peak_rss_mb"])
    print("(peak RSS: the process's high-water mark at the end of that step; chars/s: corpus characters per second)")
    print()
    d = results["derived"]
    verdict = "meets" if d["ratio_build"] >= 0.5 else "misses"
    print(f"throughput kg/jieba: {d['ratio_build']:.2f} for build_graph ({verdict} the target >= 0.5), "
          f"{d['ratio_build_write']:.2f} including write_outputs")
    print(f"peak RSS of the kg build: {quarter['peak_rss_mb']:.0f} MB at 1/4 size -> {full['peak_rss_mb']:.0f} MB "
          f"at full size (x{d['peak_growth']:.2f} for x{d['text_growth']:.2f} the text; "
          f"{d['mb_rss_per_mb_text']:.1f} MB of RSS per extra MB of text)")
    print(f"RSS after `import kg`: {full['rss_after_import_mb']:.0f} MB; "
          f"jieba floor RSS before its pass: {jb['rss_before_mb']:.0f} MB (texts loaded)")
    if jobs > 1:
        print(f"largest worker peak RSS: {quarter['workers_peak_rss_mb']:.0f} MB (1/4), "
              f"{full['workers_peak_rss_mb']:.0f} MB (full); the table's peak is the parent build process")
    print(f"outputs written: {full['output_mb']:.1f} MB (full), {quarter['output_mb']:.1f} MB (1/4); "
          f"skipped documents: {full['skipped']} (full), {quarter['skipped']} (1/4)")
    print(f"corpus generation: {results['generation_seconds']:.1f} s; whole benchmark: "
          f"{results['total_seconds']:.0f} s")


def corpus_stats(files: list[tuple[Path, int, int]]) -> dict:
    return {"files": len(files), "megabytes": sum(s for _, s, _ in files) / MB,
            "characters": sum(c for _, _, c in files)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=float, default=10.0, help="corpus size in MB of UTF-8 (default 10)")
    parser.add_argument("--jobs", type=int, default=1, help="jobs passed to kg.build_graph (default 1)")
    parser.add_argument("--seed", type=int, default=2025, help="seed of the generated names (default 2025)")
    parser.add_argument("--json", metavar="PATH", help="also write the numbers to this JSON file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    args = parser.parse_args(argv)

    begun = time.perf_counter()
    tmp = tempfile.TemporaryDirectory(prefix="kg-bench-")
    work = Path(tmp.name)
    try:
        started = time.perf_counter()
        files = make_corpus(work / "corpus", args.megabytes, args.seed)
        quarter = link_prefix(files, work / "corpus_quarter", 0.25)
        generation_seconds = time.perf_counter() - started
        print(f"corpus: {len(files):,} files, {sum(s for _, s, _ in files) / MB:.2f} MB in {work / 'corpus'} "
              f"({generation_seconds:.1f} s); quarter: {len(quarter):,} files", flush=True)

        print("running the jieba.posseg.cut floor ...", flush=True)
        jb = in_child(run_jieba, str(work / "corpus"))
        print(f"running the kg build at 1/4 size (jobs={args.jobs}) ...", flush=True)
        kq = in_child(run_kg, str(work / "corpus_quarter"), str(work / "out_quarter"), args.jobs)
        print(f"running the kg build at full size (jobs={args.jobs}) ...", flush=True)
        kf = in_child(run_kg, str(work / "corpus"), str(work / "out"), args.jobs)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            tmp.cleanup()

    jieba_rate = jb["characters"] / jb["seconds"]
    text_growth = kf["characters"] / kq["characters"]
    results = {
        "megabytes_requested": args.megabytes, "jobs": args.jobs, "seed": args.seed,
        "cpus": os.cpu_count(), "python": platform.python_version(),
        "corpus": corpus_stats(files), "corpus_quarter": corpus_stats(quarter),
        "generation_seconds": generation_seconds,
        "jieba": jb, "kg": kf, "kg_quarter": kq,
        "derived": {
            "jieba_chars_per_second": jieba_rate,
            "kg_build_chars_per_second": kf["characters"] / kf["build_seconds"],
            "kg_build_write_chars_per_second": kf["characters"] / (kf["build_seconds"] + kf["write_seconds"]),
            "ratio_build": kf["characters"] / kf["build_seconds"] / jieba_rate,
            "ratio_build_write": kf["characters"] / (kf["build_seconds"] + kf["write_seconds"]) / jieba_rate,
            "text_growth": text_growth,
            "peak_growth": kf["peak_rss_mb"] / kq["peak_rss_mb"],
            "mb_rss_per_mb_text": (kf["peak_rss_mb"] - kq["peak_rss_mb"])
            / (corpus_stats(files)["megabytes"] - corpus_stats(quarter)["megabytes"]),
        },
    }
    results["total_seconds"] = time.perf_counter() - begun
    print_table(results)
    if args.json:
        save_json(results, args.json)


if __name__ == "__main__":
    main()
