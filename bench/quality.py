"""The README's quality table: kg's default build of three annotated sets, scored with
`kg eval` (SCHEMA.md's definitions), precision / recall / F1 per entity type and per
property, and corpus2's two halves apart (bench/halves.py).

    dev       ../shared/corpus, 5 Jilin articles (gold ../shared/gold/dev.jsonl): the
              rules' first articles
    corpus2   ../shared/corpus2, 28 articles of 20 provinces and national bodies (gold
              ../shared/gold/corpus2.jsonl), split in halves A and B by article
    own       tests/articles, 3 articles the project wrote (tests/articles/gold.jsonl)

    .venv/bin/python bench/quality.py            # prints the Markdown table (~30 s)
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

import kg  # noqa: E402
from kg.quality.evaluate import evaluate  # noqa: E402
from kg.schema import ENTITY_TYPES, HEADLINE_TYPES, RELATION_SIGNATURES  # noqa: E402

from halves import halves  # noqa: E402

SHARED = ROOT.parent / "shared"
SETS = {"dev": (SHARED / "corpus", SHARED / "gold" / "dev.jsonl"),
        "corpus2": (SHARED / "corpus2", SHARED / "gold" / "corpus2.jsonl"),
        "own": (ROOT / "tests" / "articles", ROOT / "tests" / "articles" / "gold.jsonl")}


def scored(files, gold, docs=None) -> dict:
    with tempfile.TemporaryDirectory(prefix="kg-quality-") as out:
        kg.build(files, out)
        return evaluate(Path(out) / "graph.ttl", gold, docs)


def cell(s: dict) -> str:
    return f"{s['P']:.3f} / {s['R']:.3f} / {s['F1']:.3f} ({s['gold']})" if s["gold"] or s["pred"] else "—"


def main() -> int:
    reports = {}
    for name, (corpus, gold) in SETS.items():
        if not gold.exists():
            print(f"skipped {name}: {gold} is not here", file=sys.stderr)
            continue
        reports[name] = scored([corpus], gold)
    names = list(reports)
    print("| P / R / F1 (gold) | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for type_ in [t for t in ENTITY_TYPES if t in HEADLINE_TYPES] + ["ALL"]:
        label = "**entities**" if type_ == "ALL" else type_
        print(f"| {label} | " + " | ".join(cell(reports[n]["entities"][type_]) for n in names) + " |")
    for prop in [*RELATION_SIGNATURES, "ALL"]:
        if prop != "ALL" and not any(reports[n]["relations"][prop]["gold"] for n in names):
            continue
        label = "**relations**" if prop == "ALL" else prop
        print(f"| {label} | " + " | ".join(cell(reports[n]["relations"][prop]) for n in names) + " |")
    corpus, gold = SETS["corpus2"]
    if gold.exists():
        print("\n| corpus2 half | articles | entity P / R / F1 | relation P / R / F1 |")
        print("|---|---|---|---|")
        for half, docs in halves(gold).items():
            r = scored([corpus / d for d in docs], gold, docs)
            print(f"| {half} | {len(docs)} | {cell(r['entities']['ALL'])} | {cell(r['relations']['ALL'])} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
