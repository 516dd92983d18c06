"""An article's title and date: the title from a markdown headline or a web page's, else
its first line that looks like one; the date from the paper's header, or from under a
letter's signature."""
from __future__ import annotations

import re

from kg.dates import Dates
from kg.lexicon import Lexicon
from kg.text import CJK

HEAD = 20000  # characters of the start and the end that are looked at


class Metadata:
    def __init__(self, lexicon: Lexicon):
        g = lexicon.grammar_of("metadata")
        self.length, self.not_title = g.title_length, g.not_title_starts
        self.dates = Dates(lexicon)

    def title_and_date(self, text: str, source: str = "") -> tuple[str | None, str | None]:
        headline = re.search(r"^#\s+(.{4,80}?)\s*$", source[:HEAD], re.M)  # a markdown headline
        title = headline.group(1).replace("**", "").strip() if headline else None
        head, tail = text[:HEAD].splitlines(), text[-HEAD:].splitlines()
        low, high = self.length
        for line in ([] if title else head[:30]):
            line = line.strip()
            if low <= len(line) <= high and re.search(f"[{CJK}]{{4}}", line) and not self.dates.has_full(line) \
                    and not line.startswith(self.not_title) and not line.isdigit():
                title = line
                break
        # the paper's date stands in its header; a letter's, after its signature
        first = [line for line in head if line.strip()][:8]
        last = [line for line in tail if line.strip()][-8:]
        date = self.dates.first_full("\n".join(first)) or self.dates.first_full("\n".join(last))
        return title, date
