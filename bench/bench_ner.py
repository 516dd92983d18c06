"""Benchmark: kg's default NER (``lexical``: jieba's tags and the grammars of names)
against HanLP with a model trained on the MSRA corpus, on the same texts, in one run.

What it measures
----------------
1. The model alone: exact-span precision / recall / F1 per type (Person, Organization,
   Place) on MSRA's test set (``../shared/ner/msra/test.tsv``), and the characters per
   second of the model tagging it.
2. kg with each NER setting: ``lexical``; ``hanlp`` adding all three types; ``hanlp``
   adding the recommended types (``hanlp_types`` of kg/data/lexicon/ner_labels.yml); with
   ``--grid`` also every other set of types. Each setting builds each corpus in one
   ``kg.build_graph`` call (all its articles), writes the outputs and scores the Turtle
   with ``kg.quality.evaluate`` (the same matching as ../shared/eval/score.py): F1 of
   Person, Organization, Place, all entities and all relations, on ``../shared/corpus2``
   (28 articles, not used to write the rules) and on ``../shared/corpus`` (the 5 the
   rules were written on).
3. Speed: characters per second of each build (jieba's dictionary and kg's lexicons are
   loaded by a warm-up build first); the model's loading is timed apart and the HanLP rate
   is also given without it.

The model is the user's: train it with the command in README (HanLP section); the
corpus has no clear licence, so neither it nor the model is in the repository.

How to run it
-------------
    .venv/bin/python bench/bench_ner.py --model models/msra             # ~3 minutes
    .venv/bin/python bench/bench_ner.py --model models/msra --grid      # every set of types
    .venv/bin/python bench/bench_ner.py --model models/msra --json bench/results/ner.json
"""
from __future__ import annotations

import argparse
import itertools
import logging
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from benchutil import save_json

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing kg
    sys.path.insert(0, str(ROOT))

from kg.extract.ner import NER_TYPES  # noqa: E402  (after the checkout is on the path)

SHARED = ROOT.parent / "shared"
CORPORA = {"corpus2": (SHARED / "corpus2", SHARED / "gold" / "corpus2.jsonl"),
           "corpus": (SHARED / "corpus", SHARED / "gold" / "dev.jsonl")}
# (label in the table, section of evaluate's report, key in that section)
CATEGORIES = (("Person", "entities", "Person"), ("Organization", "entities", "Organization"),
              ("Place", "entities", "Place"), ("entities", "entities", "ALL"), ("relations", "relations", "ALL"))
WARM_UP_TEXT = "本报讯 6月3日，省政协召开常委会会议。省政协主席张三主持会议。\n"


class Timed:
    """Adds up the seconds spent in a module-level function while in effect (kg's own
    calls look it up in the module, so wrapping it there is enough)."""

    def __init__(self, module, name: str):
        self.module, self.name, self.original, self.seconds = module, name, getattr(module, name), 0.0

    def __enter__(self):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return self.original(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started
        setattr(self.module, self.name, timed)
        return self

    def __exit__(self, *exc):
        setattr(self.module, self.name, self.original)


def model_alone(model_dir: Path, test: Path) -> dict:
    """The model's own scores on MSRA's test set, and how fast it tags."""
    from kg.extract.ner.hanlp import load_model
    from kg.extract.ner.train import read_bio, score
    sentences = read_bio(test)
    model = load_model(str(model_dir))
    started = time.perf_counter()
    scores = score(model, sentences)
    seconds = time.perf_counter() - started
    characters = sum(len(s["token"]) for s in sentences)
    return {"sentences": len(sentences), "characters": characters, "seconds": seconds,
            "chars_per_second": characters / seconds,
            "scores": {t: {"P": s.precision, "R": s.recall, "F1": s.f1, "gold": s.gold, "pred": s.predicted}
                       for t, s in scores.items()}}


def build_and_score(corpus: Path, gold: Path, out: Path, **settings) -> dict:
    import kg
    import kg.extract.ner.hanlp
    from kg.quality.evaluate import evaluate
    report = kg.BuildReport()
    with Timed(kg.extract.ner.hanlp, "load_model") as load:
        started = time.perf_counter()
        graph = kg.build_graph([corpus], report=report, **settings)
        seconds = time.perf_counter() - started
    kg.write_outputs(graph, out)
    scored = evaluate(out / "graph.ttl", gold)
    scores = {}
    for label, section, key in CATEGORIES:
        s = scored[section].get(key, {"tp": 0, "pred": 0, "gold": 0, "F1": 0.0})
        scores[label] = {"tp": s["tp"], "pred": s["pred"], "gold": s["gold"], "F1": s["F1"]}
    return {"documents": len(report.documents), "skipped": len(report.skipped), "characters": report.characters,
            "seconds": seconds, "model_load_seconds": load.seconds,
            "chars_per_second": report.characters / seconds,
            "chars_per_second_without_load": report.characters / (seconds - load.seconds), "scores": scores}


def settings_to_run(model: Path, grid: bool) -> dict[str, dict]:
    from kg.lexicon import lexicon_for
    recommended = tuple(lexicon_for(()).ner_labels["hanlp_types"])
    runs = {"lexical": {"ner": "lexical"},
            "hanlp all types": {"ner": "hanlp", "hanlp_model": str(model), "hanlp_types": NER_TYPES},
            f"hanlp {'+'.join(recommended)} (recommended)": {"ner": "hanlp", "hanlp_model": str(model),
                                                             "hanlp_types": recommended}}
    if grid:
        for n in (1, 2):
            for types in itertools.combinations(NER_TYPES, n):
                if set(types) != set(recommended):
                    runs[f"hanlp {'+'.join(types)}"] = {"ner": "hanlp", "hanlp_model": str(model),
                                                        "hanlp_types": types}
    return runs


def run(model: Path, msra: Path, grid: bool, work: Path) -> dict:
    import kg
    results: dict = {"model": str(model), "msra_test": model_alone(model, msra / "test.tsv"), "settings": {}}
    started = time.perf_counter()
    kg.build_graph(texts={"warm-up.txt": WARM_UP_TEXT})
    results["warm_up_seconds"] = time.perf_counter() - started
    for i, (name, settings) in enumerate(settings_to_run(model, grid).items()):
        results["settings"][name] = {"settings": {k: list(v) if isinstance(v, tuple) else v
                                                  for k, v in settings.items()}}
        for corpus_name, (corpus, gold) in CORPORA.items():
            print(f"{name}: {corpus_name} ...", flush=True)
            results["settings"][name][corpus_name] = build_and_score(corpus, gold, work / f"{i}-{corpus_name}",
                                                                     **settings)
    return results


def print_table(results: dict) -> None:
    m = results["msra_test"]
    print(f"\nNER benchmark: model {results['model']}; {results['cpus']} CPUs, torch threads 1; "
          f"Python {results['python']}")
    print(f"\nThe model alone on MSRA's test set ({m['sentences']:,} sentences, {m['characters']:,} characters, "
          f"{m['chars_per_second']:,.0f} chars/s)")
    print(f"{'type':<14}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}{'pred':>7}")
    for type_ in ("ALL", *NER_TYPES):
        s = m["scores"].get(type_)
        if s:
            print(f"{type_:<14}{s['P']:7.3f}{s['R']:7.3f}{s['F1']:7.3f}{s['gold']:7}{s['pred']:7}")
    labels = [label for label, _, _ in CATEGORIES]
    for corpus_name in CORPORA:
        first = next(iter(results["settings"].values()))[corpus_name]
        print(f"\nkg on {corpus_name} ({first['documents']} articles, {first['characters']:,} characters): F1")
        header = f"{'NER':<40}" + "".join(f"{label:>13}" for label in labels) + f"{'chars/s':>10}{'w/o load':>10}"
        print(header)
        print("-" * len(header))
        for name, setting in results["settings"].items():
            r = setting[corpus_name]
            cells = "".join(f"{r['scores'][label]['F1']:13.3f}" for label in labels)
            print(f"{name:<40}{cells}{r['chars_per_second']:10,.0f}{r['chars_per_second_without_load']:10,.0f}")
        gold = "".join(f"{first['scores'][label]['gold']:13}" for label in labels)
        print(f"{'(gold items)':<40}{gold}")
    print(f"\n(speed: one build per corpus after a warm-up build of {results['warm_up_seconds']:.1f} s; "
          f"'w/o load' leaves out loading the HanLP model)\nwhole benchmark: {results['total_seconds']:.0f} s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "msra",
                        help="a model trained with kg train-ner on MSRA (default models/msra)")
    parser.add_argument("--msra", type=Path, default=SHARED / "ner" / "msra", help="the folder of MSRA's test.tsv")
    parser.add_argument("--grid", action="store_true", help="also every set of one or two types")
    parser.add_argument("--json", metavar="PATH", help="also write the numbers to this JSON file")
    args = parser.parse_args(argv)
    if not (args.model / "config.json").exists():
        parser.exit(2, f"bench_ner.py: no model in {args.model}; train one first (README, HanLP section)\n")
    missing = [p for p in [args.msra / "test.tsv", *(p for pair in CORPORA.values() for p in pair)] if not p.exists()]
    if missing:
        parser.exit(2, f"bench_ner.py: needs {missing[0]}\n")
    try:
        import hanlp  # noqa: F401  (imported before any clock starts: torch is slow to import)
    except ImportError as exc:
        parser.exit(2, f"bench_ner.py: needs HanLP ({exc}): pip install -e '.[hanlp]'\n")
    logging.basicConfig(level=logging.ERROR)
    begun = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kg-bench-ner-") as tmp:
        results = run(args.model, args.msra, args.grid, Path(tmp))
    results.update({"cpus": os.cpu_count(), "python": platform.python_version(),
                    "total_seconds": time.perf_counter() - begun})
    print_table(results)
    if args.json:
        save_json(results, args.json)


if __name__ == "__main__":
    main()
