"""Dates as the press writes them (2024年7月15日, 3月5日): an article's own date, and the
date a sentence gives its meeting, the year taken from the text when it is not written."""
from __future__ import annotations

import datetime

from kg.lexicon import Lexicon


def iso_date(year, month, day) -> str | None:
    """YYYY-MM-DD, or None for a date that does not exist (2025年13月45日)."""
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


class Dates:
    def __init__(self, lexicon: Lexicon):
        g = lexicon.grammar_of("dates")
        self.full, self.sentence, self.year = g.full, g.sentence, g.year

    def first_full(self, text: str) -> str | None:
        """The first full date in `text`, as an ISO date."""
        m = self.full.search(text)
        return iso_date(m.group(1), m.group(2), m.group(3)) if m else None

    def has_full(self, text: str) -> bool:
        return bool(self.full.search(text))

    def last_year(self, sentence: str, year: int | None) -> int | None:
        """The year the text last wrote out, after `sentence` (else `year`)."""
        years = self.year.findall(sentence)
        return int(years[-1]) if years else year

    def of_sentence(self, sentence: str, context_year: int | None, article_date: str | None) -> str | None:
        """The date a sentence gives its meeting (1月23日，…会议开幕; …会议于2024年7月24日召开).
        When only month and day are written, the year is the one the text last wrote out,
        or else the article's own; a month after the article's in the article's year is
        last year's (December news read in a January paper)."""
        m = self.sentence.search(sentence)
        if not m:
            return None
        year = m.group("year") or m.group("year2")
        month, day = int(m.group("month") or m.group("month2")), int(m.group("day") or m.group("day2"))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None  # the year is checked with the whole date below
        if year is None:
            if context_year is None and not article_date:
                return None
            year = context_year or int(article_date[:4])
            if article_date and year == int(article_date[:4]) and month > int(article_date[5:7]) + 1:
                year -= 1
        return iso_date(year, month, day)
