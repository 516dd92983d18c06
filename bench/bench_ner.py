"""Benchmark: the default NER backend (``lexical``, jieba tags + rules) against the HanLP
backend with a model trained here, on the five annotated articles, leave-one-out.

What it measures
----------------
For each of the five articles D of ../shared/corpus (gold: ../shared/gold/dev.jsonl):

1. HanLP: a character RNN NER model is trained with ``kg.extract.ner.train.train`` on the gold of
   the *other four* articles only (``documents=others, dev_fraction=0.2, epochs=--epochs,
   seed=1``) into a temporary folder. Then D alone is built with
   ``kg.build_graph([D], ner="hanlp", hanlp_model=that folder)``, written with
   ``kg.write_outputs`` and scored with ``kg.quality.evaluate.evaluate(graph.ttl, gold,
   documents={D})``. So a document is never scored by a model that saw it.
2. lexical: D alone is built with the default backend and scored the same way.

It reports, for each backend, precision / recall / F1 of Person, Organization, Place,
all entities and all relations, per document and in total. The total is micro-averaged:
the tp / pred / gold counts that ``evaluate`` gives for each document are summed over the
five documents and P / R / F1 computed from the sums.

Speed: only ``build_graph`` is timed (not training, not writing the outputs, not scoring),
after a warm-up build of a short text so that loading jieba's dictionary and kg's lexicons
is charged to neither backend. Characters per second = characters of the five texts /
seconds of their five builds. Each build first sets up kg's pipeline (for HanLP that
includes loading the fold's model); that setup is timed on its own, by wrapping
``kg.builder._init_worker`` and ``kg.extract.ner.hanlp.load_model`` for the duration of the build,
and the rates are also given without it (with one document per build it is a large part
of the time). The training time of each fold is reported too, with the model's own dev
score (exact character spans on the 20% of the four training articles' sentences held
out by ``train``).

Read the comparison with care: leave-one-out means the HanLP numbers are on documents the
model has never seen, whereas the rules and dictionaries of the lexical backend were
written looking at all five articles. The comparison therefore favours the rules. Five
articles are also a small sample: one entity moves a per-document F1 by several points.

How to run it
-------------
From the project root (/work/main), with HanLP installed (``pip install -e '.[hanlp]'``):

    .venv/bin/python bench/bench_ner.py                        # epochs 30, ~5 minutes on 2 CPUs
    .venv/bin/python bench/bench_ner.py --epochs 5             # quick check
    .venv/bin/python bench/bench_ner.py --json bench/results/ner.json
"""
from __future__ import annotations

import argparse
import contextlib
import json
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

SHARED = ROOT.parent / "shared"
BACKENDS = ("lexical", "hanlp")
# (label in the table, section of evaluate's report, key in that section)
CATEGORIES = (
    ("Person", "entities", "Person"),
    ("Organization", "entities", "Organization"),
    ("Place", "entities", "Place"),
    ("entities ALL", "entities", "ALL"),
    ("relations ALL", "relations", "ALL"),
)
SEED = 1
DEV_FRACTION = 0.2
WARM_UP_TEXT = "本报讯 6月3日，省政协召开常委会会议。省政协主席张三主持会议。\n"


def prf(tp: int, pred: int, gold: int) -> dict:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return {"tp": tp, "pred": pred, "gold": gold, "P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0}


def counts(report: dict) -> dict:
    """tp / pred / gold (and P / R / F1) of each category of an evaluate() report."""
    out = {}
    for label, section, key in CATEGORIES:
        s = report[section][key]
        out[label] = prf(s["tp"], s["pred"], s["gold"])
    return out


class Timed:
    """Adds up the seconds spent in a module-level function while in effect; the function
    is wrapped for the duration only (kg's own calls look it up in the module)."""

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


@contextlib.contextmanager
def quiet_stdout():
    """HanLP's training writes progress bars (backspaces and blanks) straight to the
    terminal past kg's own silencing; send file descriptor 1 to /dev/null meanwhile.
    Warnings and errors (stderr) still show."""
    for stream in (sys.stdout, sys.__stdout__):
        stream.flush()
    saved = os.dup(1)
    with open(os.devnull, "w") as null:
        os.dup2(null.fileno(), 1)
    try:
        yield
    finally:
        for stream in (sys.stdout, sys.__stdout__):
            stream.flush()
        os.dup2(saved, 1)
        os.close(saved)


def build_and_score(path: Path, gold: Path, out_dir: Path, **build_kwargs) -> dict:
    """Build one document, write its outputs, score it; with the build's seconds."""
    import kg
    from kg.quality.evaluate import evaluate
    import kg.builder
    import kg.extract.ner.hanlp
    report = kg.BuildReport()
    with Timed(kg.builder, "_init_worker") as setup, Timed(kg.extract.ner.hanlp, "load_model") as load:
        started = time.perf_counter()
        graph = kg.build_graph([path], report=report, **build_kwargs)
        seconds = time.perf_counter() - started
    if report.skipped:
        raise RuntimeError(f"{path.name} was skipped: {report.skipped[0].reason}")
    kg.write_outputs(graph, out_dir)
    scored = evaluate(out_dir / "graph.ttl", gold, documents={path.name})
    return {"build_seconds": seconds, "pipeline_setup_seconds": setup.seconds, "model_load_seconds": load.seconds,
            "characters": report.characters, "scores": counts(scored)}


def run(corpus: Path, gold: Path, epochs: int, work: Path) -> dict:
    import kg
    from kg.extract.ner.train import train

    paths = sorted(corpus.glob("*.txt"))
    gold_docs = {json.loads(line)["doc"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()}
    paths = [p for p in paths if p.name in gold_docs]
    if len(paths) < 2:
        raise SystemExit(f"need at least two annotated texts in {corpus} (found {len(paths)})")
    names = [p.name for p in paths]

    # warm-up: jieba's dictionary, spaCy and kg's lexicons, charged to neither backend
    started = time.perf_counter()
    kg.build_graph(texts={"warm-up.txt": WARM_UP_TEXT})
    warm_up_seconds = time.perf_counter() - started

    documents = []
    for i, path in enumerate(paths, 1):
        others = set(names) - {path.name}
        print(f"[{i}/{len(paths)}] {path.name}: training on the other {len(others)} ({epochs} epochs) ...",
              flush=True)
        model_dir = work / f"model-{path.stem}"
        started = time.perf_counter()
        with quiet_stdout():
            dev = train(gold, corpus, model_dir, epochs=epochs, dev_fraction=DEV_FRACTION, seed=SEED,
                        documents=others)
        training_seconds = time.perf_counter() - started

        lexical = build_and_score(path, gold, work / f"out-lexical-{path.stem}")
        with quiet_stdout():
            hanlp = build_and_score(path, gold, work / f"out-hanlp-{path.stem}", ner="hanlp",
                                    hanlp_model=str(model_dir))
        documents.append({
            "document": path.name, "characters": lexical["characters"], "trained_on": sorted(others),
            "training_seconds": training_seconds,
            "training_dev": {"P": dev.precision, "R": dev.recall, "F1": dev.f1, "gold": dev.gold,
                             "pred": dev.predicted},
            "lexical": lexical, "hanlp": hanlp,
        })
        print(f"    trained in {training_seconds:.1f} s (dev F1 {dev.f1:.3f}); entity F1 "
              f"lexical {lexical['scores']['entities ALL']['F1']:.3f}, "
              f"hanlp {hanlp['scores']['entities ALL']['F1']:.3f}", flush=True)

    total = {}
    for backend in BACKENDS:
        scores = {label: prf(*(sum(d[backend]["scores"][label][k] for d in documents) for k in ("tp", "pred", "gold")))
                  for label, _, _ in CATEGORIES}
        seconds = sum(d[backend]["build_seconds"] for d in documents)
        total[backend] = {"scores": scores, "build_seconds": seconds}
    characters = sum(d["characters"] for d in documents)
    load = sum(d["hanlp"]["model_load_seconds"] for d in documents)
    speed = {"characters": characters, "documents": len(documents)}
    for backend in BACKENDS:
        seconds = total[backend]["build_seconds"]
        setup = sum(d[backend]["pipeline_setup_seconds"] for d in documents)
        speed[backend] = {"build_seconds": seconds, "chars_per_second": characters / seconds,
                          "pipeline_setup_seconds": setup,
                          "chars_per_second_without_setup": characters / (seconds - setup)}
    speed["hanlp"]["model_load_seconds"] = load
    speed["hanlp"]["chars_per_second_without_load"] = characters / (total["hanlp"]["build_seconds"] - load)
    speed["warm_up_seconds"] = warm_up_seconds
    return {"documents": documents, "total": total, "speed": speed,
            "training_seconds": sum(d["training_seconds"] for d in documents)}


def print_table(results: dict) -> None:
    docs, total, speed = results["documents"], results["total"], results["speed"]
    print()
    print(f"NER benchmark, leave-one-out over {len(docs)} documents: epochs={results['epochs']}, "
          f"dev_fraction={DEV_FRACTION}, seed={SEED}; {results['cpus']} CPUs; Python {results['python']}")
    print("(HanLP is scored on documents it was not trained on; the rules were written looking at all of "
          "them, so the comparison favours the rules)")

    print("\nF1 per document")
    labels = [label for label, _, _ in CATEGORIES]
    header = f"{'document':<26}{'chars':>7}  {'backend':<8}" + "".join(f"{label:>15}" for label in labels)
    print(header)
    print("-" * len(header))
    for d in docs:
        for n, backend in enumerate(BACKENDS):
            cells = "".join(f"{d[backend]['scores'][label]['F1']:>15.3f}" for label in labels)
            print(f"{(d['document'] if n == 0 else ''):<26}{(str(d['characters']) if n == 0 else ''):>7}  "
                  f"{backend:<8}{cells}")
    gold_cells = "".join(f"{sum(d['lexical']['scores'][label]['gold'] for d in docs):>15}" for label in labels)
    print(f"{'(gold items, all docs)':<26}{speed['characters']:>7}  {'':<8}{gold_cells}")

    print("\nTotal (micro: tp / pred / gold summed over the documents)")
    header = f"{'':<15}{'backend':<9}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'pred':>6}{'gold':>6}"
    print(header)
    print("-" * len(header))
    for label in labels:
        for n, backend in enumerate(BACKENDS):
            s = total[backend]["scores"][label]
            print(f"{(label if n == 0 else ''):<15}{backend:<9}{s['P']:7.3f}{s['R']:7.3f}{s['F1']:7.3f}"
                  f"{s['tp']:6}{s['pred']:6}{s['gold']:6}")

    print("\nExtraction speed (build_graph only, each document in its own build)")
    header = f"{'backend':<9}{'chars':>8}{'seconds':>9}{'chars/s':>9}{'setup s':>9}{'chars/s w/o setup':>19}"
    print(header)
    print("-" * len(header))
    for backend in BACKENDS:
        s = speed[backend]
        print(f"{backend:<9}{speed['characters']:>8,}{s['build_seconds']:9.2f}{s['chars_per_second']:9,.0f}"
              f"{s['pipeline_setup_seconds']:9.2f}{s['chars_per_second_without_setup']:19,.0f}")
    h = speed["hanlp"]
    print(f"(setup: building kg's pipeline, once per build, {speed['documents']} builds; for hanlp it includes\n"
          f" loading the model: {h['model_load_seconds']:.2f} s in all, without which hanlp runs at "
          f"{h['chars_per_second_without_load']:,.0f} chars/s;\n"
          f" warm-up build before timing, loading jieba and the lexicons: {speed['warm_up_seconds']:.1f} s)")

    print("\nTraining per fold (model scored on 20% held-out sentences of its own four training documents)")
    header = f"{'held-out document':<26}{'seconds':>9}{'dev P':>8}{'dev R':>8}{'dev F1':>8}"
    print(header)
    print("-" * len(header))
    for d in docs:
        t = d["training_dev"]
        print(f"{d['document']:<26}{d['training_seconds']:9.1f}{t['P']:8.3f}{t['R']:8.3f}{t['F1']:8.3f}")
    print(f"{'total':<26}{results['training_seconds']:9.1f}")
    print(f"\nwhole benchmark: {results['total_seconds']:.0f} s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=30, help="training epochs of each fold (default 30)")
    parser.add_argument("--json", metavar="PATH", help="also write the numbers to this JSON file")
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus", help=argparse.SUPPRESS)
    parser.add_argument("--gold", type=Path, default=SHARED / "gold" / "dev.jsonl", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not args.gold.exists() or not args.corpus.is_dir():
        raise SystemExit(f"needs the annotated articles: {args.corpus} and {args.gold}")
    try:
        import hanlp  # noqa: F401  (imported before any clock starts: torch is slow to import)
    except ImportError as exc:
        raise SystemExit(f"this benchmark needs HanLP ({exc}): pip install -e '.[hanlp]'")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    begun = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kg-bench-ner-") as tmp:
        results = run(args.corpus, args.gold, args.epochs, Path(tmp))
    results.update({"epochs": args.epochs, "dev_fraction": DEV_FRACTION, "seed": SEED,
                    "corpus": str(args.corpus), "gold": str(args.gold),
                    "cpus": os.cpu_count(), "python": platform.python_version(),
                    "total_seconds": time.perf_counter() - begun})
    print_table(results)
    if args.json:
        save_json(results, args.json)


if __name__ == "__main__":
    main()
