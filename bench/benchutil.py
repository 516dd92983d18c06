"""What the benchmarks share."""
from __future__ import annotations

import json
from pathlib import Path


def save_json(results: dict, path: str | Path) -> None:
    """Write a benchmark's numbers as JSON, for comparing runs."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"wrote {path}")
