"""Precision, recall and F1 of a set of predictions against gold, with what was missed and
what is spurious: for graphs against annotations (kg eval) and NER models against tagged
sentences (kg train-ner)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Scores:
    tp: int = 0
    predicted: int = 0
    gold: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "pred": self.predicted, "gold": self.gold, "P": round(self.precision, 3),
                "R": round(self.recall, 3), "F1": round(self.f1, 3), "missed": self.missed,
                "spurious": self.spurious}
