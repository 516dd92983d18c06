"""Progress of a long build, for a person at a terminal (a bar) or for a log (a line
every so often, when there is no terminal): articles done of all, the rate, and the time
left."""
from __future__ import annotations

import logging
import time

from tqdm import tqdm

log = logging.getLogger("kg.progress")
LOG_EVERY = 30.0  # seconds between two progress lines in the log


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}h{seconds // 60 % 60:02d}m" if seconds >= 3600 else \
        f"{seconds // 60}m{seconds % 60:02d}s"


class Progress:
    def __init__(self, total: int, bar: bool, every: float | None = None):
        self.total, self.done = total, 0
        self.every = LOG_EVERY if every is None else every
        self.bar = tqdm(total=total, unit="doc", desc="kg build", disable=not bar, leave=False)
        self.started = self.logged = time.monotonic()
        self.reused = 0

    def skip_cached(self, count: int) -> None:
        """Articles whose extraction is in the cache: done, but not part of the rate."""
        self.reused += count
        self.done += count
        self.bar.update(count)

    def update(self, count: int) -> None:
        self.done += count
        self.bar.update(count)
        now = time.monotonic()
        if self.bar.disable and now - self.logged >= self.every:  # a log, not a terminal
            self.logged = now
            log.info("%s", self.line(now))

    def line(self, now: float | None = None) -> str:
        elapsed = (now or time.monotonic()) - self.started
        extracted = self.done - self.reused
        rate = extracted / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        return (f"{self.done:,}/{self.total:,} articles, {rate:.1f}/s, "
                f"{_duration(left)} left" + (f" ({self.reused:,} from the cache)" if self.reused else ""))

    def close(self) -> None:
        self.bar.close()
