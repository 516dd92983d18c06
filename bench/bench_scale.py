"""Benchmark: kg at archive scale, in one run.

What it measures
----------------
For synthetic corpora of each size in ``--sizes`` (default 10 and 100 MB of UTF-8, made
the way bench_build.py makes them: the shipped sample articles, names and quoted names
varied so the graph grows with the corpus), each in freshly spawned child processes so
that each figure is its own:

- the floor: one bare ``jieba.posseg`` pass over the same texts, and the whole
  ``kg.build`` (files found, extracted, merged, all outputs written; no cache) with one
  process: characters per second of each and their ratio (goal >= 1.0);
- the peak memory (VmHWM) of that build at each size, and the ratio of the largest to the
  smallest (goal <= 1.5 from 10 to 100 MB);
- on the smallest size: the same build on a 2-worker local Dask cluster (``jobs=2``),
  its speed-up over one process (goal >= 1.7 on 2 cores); a first build into an empty
  cache, a rebuild with nothing changed, and a rebuild with 1% new articles, each as a
  share of the first.

It prints a table and, with ``--json PATH``, writes the figures. README's "Scale" section
gives them and extrapolates to a 440-million-character archive.

    .venv/bin/python bench/bench_scale.py                      # 10 and 100 MB (an hour or more on 2 cores)
    .venv/bin/python bench/bench_scale.py --sizes 2,10 --json bench/results/scale.json
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_build import _mb, _status_kb, in_child, make_corpus, run_jieba  # noqa: E402


def run_build(folder: str, out: str, jobs: int, cache: str | None) -> dict:
    """One whole `kg build` in this (fresh) process: seconds, characters, peak memory."""
    import kg
    started = time.perf_counter()
    report = kg.build([folder], out, jobs=jobs, cache=cache)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "characters": report.characters, "documents": len(report.documents),
            "extracted": report.extracted, "reused": report.reused,
            "entities": sum(report.entities_by_type.values()), "relations": sum(report.relations_by_property.values()),
            "peak_rss_mb": _mb(_status_kb("VmHWM"))}


def measure_size(work: Path, megabytes: float, seed: int) -> dict:
    folder = work / f"corpus_{megabytes:g}"
    files = make_corpus(folder, megabytes, seed)
    print(f"{megabytes:g} MB: {len(files):,} articles; jieba floor ...", flush=True)
    floor = in_child(run_jieba, str(folder))
    print(f"{megabytes:g} MB: kg build, one process ...", flush=True)
    build = in_child(run_build, str(folder), str(work / "out"), 1, None)
    return {"megabytes": megabytes, "articles": len(files), "jieba": floor, "kg": build,
            "speed_ratio": (build["characters"] / build["seconds"]) / (floor["characters"] / floor["seconds"])}


def measure_cluster_and_cache(work: Path, megabytes: float, seed: int, one_process: dict) -> dict:
    folder = work / f"corpus_{megabytes:g}"
    print(f"{megabytes:g} MB: kg build on a 2-worker local cluster ...", flush=True)
    two = in_child(run_build, str(folder), str(work / "out2"), 2, None)
    cache = work / "cache"
    print(f"{megabytes:g} MB: first build into an empty cache, then two rebuilds ...", flush=True)
    first = in_child(run_build, str(folder), str(work / "out"), 1, str(cache))
    unchanged = in_child(run_build, str(folder), str(work / "out"), 1, str(cache))
    articles = sorted(folder.glob("*.txt"))
    new = make_corpus(work / "new", megabytes / 100, seed + 1)
    for i, (path, _, _) in enumerate(new):
        shutil.move(str(path), folder / f"new_{i:05d}_{path.name}")
    grown = in_child(run_build, str(folder), str(work / "out"), 1, str(cache))
    return {"two_workers": two, "speed_up_two_workers": one_process["seconds"] / two["seconds"],
            "cache_first": first, "cache_unchanged": unchanged, "cache_one_percent_new": grown,
            "new_articles": len(new), "old_articles": len(articles),
            "unchanged_share": unchanged["seconds"] / first["seconds"],
            "one_percent_share": grown["seconds"] / first["seconds"]}


def print_table(results: dict) -> None:
    print()
    print(f"{'size':>8} {'articles':>9} {'jieba ch/s':>11} {'kg ch/s':>9} {'ratio':>6} {'kg s':>7} {'peak MB':>8}")
    for r in results["sizes"]:
        jb, k = r["jieba"], r["kg"]
        print(f"{r['megabytes']:>6g}MB {r['articles']:>9,} {jb['characters'] / jb['seconds']:>11,.0f} "
              f"{k['characters'] / k['seconds']:>9,.0f} {r['speed_ratio']:>6.2f} {k['seconds']:>7.1f} "
              f"{k['peak_rss_mb']:>8.0f}")
    print(f"peak memory, largest / smallest size: {results['peak_ratio']:.2f} (goal <= 1.5)")
    c = results["cluster_and_cache"]
    print(f"2-worker local cluster: {c['two_workers']['seconds']:.1f} s, speed-up {c['speed_up_two_workers']:.2f} "
          f"(goal >= 1.7 on 2 cores)")
    print(f"cache: first {c['cache_first']['seconds']:.1f} s; nothing changed {c['cache_unchanged']['seconds']:.1f} s "
          f"({c['unchanged_share']:.0%}); {c['new_articles']} new of {c['old_articles']} "
          f"{c['cache_one_percent_new']['seconds']:.1f} s ({c['one_percent_share']:.0%}; goal <= 10%)")
    for cores, seconds in archive_estimate(results).items():
        print(f"440M characters on {cores:>2} core(s): about {seconds / 3600:.1f} h ({seconds / 60:,.0f} min)")


def archive_estimate(results: dict, characters: float = 440e6) -> dict[int, float]:
    """Seconds for an archive on 1, 8 and 64 cores, by Amdahl's law: the largest size's rate
    on one core, and the share that does not run in parallel (merge, writing the outputs,
    starting the workers) taken from the 2-worker speed-up S, s = 2/S - 1."""
    last = results["sizes"][-1]["kg"]
    one_core = characters / (last["characters"] / last["seconds"])
    serial = min(1.0, max(0.0, 2 / results["cluster_and_cache"]["speed_up_two_workers"] - 1))
    return {cores: one_core * (serial + (1 - serial) / cores) for cores in (1, 8, 64)}

def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100", help="corpus sizes in MB, comma-separated (default 10,100)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, default=None, help="write the figures here as JSON")
    parser.add_argument("--table", type=Path, default=None, help="print the table of an earlier run's JSON, run nothing")
    args = parser.parse_args(argv)
    if args.table:
        print_table(json.loads(args.table.read_text(encoding="utf-8")))
        return
    sizes = sorted(float(s) for s in args.sizes.split(","))
    work = Path(tempfile.mkdtemp(prefix="kg-bench-scale-"))
    try:
        results = {"cpus": os.cpu_count(), "python": platform.python_version(), "sizes": []}
        for size in sizes:
            results["sizes"].append(measure_size(work, size, args.seed))
        peaks = [r["kg"]["peak_rss_mb"] for r in results["sizes"]]
        results["peak_ratio"] = peaks[-1] / peaks[0]
        results["cluster_and_cache"] = measure_cluster_and_cache(work, sizes[0], args.seed, results["sizes"][0]["kg"])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_table(results)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
