"""The two halves of a gold corpus for tuning rules honestly: write and tune rules looking
only at one half's articles, then measure the other half (and swap).

The split is by article: the gold file's documents sorted by name, alternately to half A
and half B, so each half spans the same provinces, years and kinds of article.

    .venv/bin/python bench/halves.py                       # build ../shared/corpus2, score A and B
    .venv/bin/python bench/halves.py --corpus ../shared/corpus --gold ../shared/gold/dev.jsonl
    .venv/bin/python bench/halves.py --list A              # the documents of half A
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import kg  # noqa: E402
from kg.quality.evaluate import evaluate, gold_records  # noqa: E402

SHARED = HERE.parent.parent / "shared"


def halves(gold: str | Path) -> dict[str, list[str]]:
    docs = sorted({record["doc"] for _, record in gold_records(gold)})
    return {"A": docs[0::2], "B": docs[1::2]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(SHARED / "corpus2"))
    ap.add_argument("--gold", default=str(SHARED / "gold" / "corpus2.jsonl"))
    ap.add_argument("--list", choices=["A", "B"], help="print the documents of one half and stop")
    args = ap.parse_args()
    split = halves(args.gold)
    if args.list:
        print("\n".join(split[args.list]))
        return 0
    print(f"{'':8}{'entity P':>9}{'R':>7}{'F1':>7}{'relation P':>12}{'R':>7}{'F1':>7}")
    for name, docs in (("A", split["A"]), ("B", split["B"]), ("both", None)):
        # each half is built on its own, so its graph holds only what its articles give
        files = [Path(args.corpus) / d for d in docs] if docs else [args.corpus]
        with tempfile.TemporaryDirectory(prefix=f"kg-half-{name}-") as out:
            kg.build(files, out)
            r = evaluate(Path(out) / "graph.ttl", args.gold, docs)
        e, rel = r["entities"]["ALL"], r["relations"]["ALL"]
        print(f"{name:8}{e['P']:9.3f}{e['R']:7.3f}{e['F1']:7.3f}{rel['P']:12.3f}{rel['R']:7.3f}{rel['F1']:7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
