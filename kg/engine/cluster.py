"""Extraction on Dask distributed: articles in partitions, each partition one task.

Three places to run, one code path: an in-process scheduler with one worker thread (the
default), a local cluster of worker processes (``jobs`` > 1), or a cluster already
running (``scheduler="tcp://host:8786"``, started with ``dask scheduler`` and ``dask
worker``; its workers need kg installed and the articles and ``--data`` folders at the
same paths).

A worker builds the pipeline once, on its first partition, and keeps it. A partition
returns its articles' extractions as JSON lines and its skips; an article that raises is
a skip, never a failed task. A worker that dies takes its partitions with it: Dask runs
them again on another. A partition that kills workers twice is split into its articles,
and an article that kills two workers alone is skipped and counted.
"""
from __future__ import annotations

import logging
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Union

from kg.errors import Errors, InputError, KGError
from kg.ingest.load import Skipped, SourceText, read_source

log = logging.getLogger("kg")

Task = Union[str, SourceText]  # a file's path, or a text given in memory
PARTITION_DOCUMENTS = 32  # most articles in one task
PARTITION_CHARACTERS = 400_000  # most characters in one task (a long article is a partition of its own)
PARTITIONS_PER_THREAD = 4  # at least, where there are articles enough
IN_FLIGHT_PER_WORKER = 2  # partitions submitted ahead per worker thread: enough to keep it busy
ALLOWED_FAILURES = 1  # deaths of a worker holding a partition before the partition is split
DIED = "its worker process died while reading it, twice (a crash, or out of memory)"


@dataclass(frozen=True)
class PipelineConfig:
    """What a worker needs to build the pipeline: hashable, so each worker builds it once."""

    ner: str = "lexical"
    data: tuple[str, ...] = ()
    hanlp_model: str | None = None
    hanlp_types: tuple[str, ...] | None = None


@dataclass(frozen=True)
class PipelineFailed:
    """A worker could not build the pipeline (a user's mistake: no such model, a broken
    --data file): returned, not raised, so that the worker logs no traceback and the
    client raises the one-line error."""

    error: KGError


_PIPELINES: dict = {}


def pipeline(config: PipelineConfig):
    """This process's pipeline for `config`, built on first use."""
    nlp = _PIPELINES.get(config)
    if nlp is None:
        from kg.extract.pipeline import make_nlp
        nlp = _PIPELINES[config] = make_nlp(config.ner, config.data, config.hanlp_model, config.hanlp_types)
    return nlp


def task_path(task: Task) -> str:
    return task if isinstance(task, str) else task.path


def extract_task(nlp, task: Task):
    """One article's extraction, or a Skipped saying why there is none."""
    from kg.extract.pipeline import NotAnArticle, extract
    if isinstance(task, str):
        try:
            source = read_source(Path(task))
        except (OSError, ValueError) as exc:
            return Skipped(task, getattr(exc, "strerror", None) or str(exc))
    else:
        source = task
    try:
        return extract(nlp, source)
    except NotAnArticle as exc:
        return Skipped(source.path, str(exc))
    except Exception as exc:  # one broken article must not cost the others
        log.debug("extraction failed for %s", source.path, exc_info=True)
        return Skipped(source.path, f"extraction failed: {type(exc).__name__}: {exc}")


def extract_partition(config: PipelineConfig, items: list[tuple[int, Task]]
                      ) -> list[tuple[int, object]] | PipelineFailed:
    """Run on a worker: (index, JSON line) for each article extracted, (index, Skipped) for each skip."""
    from kg.engine.records import dumps
    try:
        nlp = pipeline(config)
    except KGError as exc:
        return PipelineFailed(exc)
    out = []
    for i, task in items:
        result = extract_task(nlp, task)
        out.append((i, result if isinstance(result, Skipped) else dumps(result)))
    return out


def partitions(items: list[tuple[int, Task, int]], threads: int = 1) -> list[list[tuple[int, Task]]]:
    """Consecutive batches of (index, task, characters), by count and size: at most
    PARTITION_DOCUMENTS articles and PARTITION_CHARACTERS characters, and small enough
    that each of `threads` worker threads gets several (a lost worker costs little)."""
    most = max(1, min(PARTITION_DOCUMENTS, -(-len(items) // (threads * PARTITIONS_PER_THREAD))))
    out: list[list[tuple[int, Task]]] = []
    size = 0
    for i, task, chars in items:
        if not out or len(out[-1]) >= most or size + chars > PARTITION_CHARACTERS:
            out.append([])
            size = 0
        out[-1].append((i, task))
        size += chars
    return out


def threads_of(client) -> int:
    return max(1, sum(client.nthreads().values()))


def _quiet_dask() -> None:
    """Dask's own log (workers starting, connections) is not the user's: only its errors."""
    for name in list(logging.root.manager.loggerDict):
        if name == "distributed" or name.startswith("distributed."):
            logging.getLogger(name).setLevel(logging.ERROR)


@contextmanager
def dask_client(jobs: int = 1, scheduler: str | None = None):
    """A Dask client: of the cluster at `scheduler`, of a local cluster of `jobs` worker
    processes, or of an in-process scheduler with one worker thread."""
    import dask
    from distributed import Client, LocalCluster
    _quiet_dask()
    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}):
        if scheduler:
            try:
                client = Client(scheduler, timeout="10s")
            except (OSError, TimeoutError, ValueError) as exc:
                raise InputError(Errors.E060.format(address=scheduler, detail=exc)) from None
            cluster = None
        else:
            # no dashboard; Dask's HTTP endpoints (health, metrics) on a free port of loopback
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=jobs > 1, silence_logs=logging.ERROR,
                                   dashboard_address="127.0.0.1:0", scheduler_kwargs={"dashboard": False},
                                   worker_dashboard_address=None, local_directory=tempfile.gettempdir())
            client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


def run_partitions(client, config: PipelineConfig, batches: list[list[tuple[int, Task]]]
                   ) -> Iterator[list[tuple[int, object]]]:
    """Each batch's results as it completes (not in order), a bounded number in flight."""
    from distributed import as_completed
    from distributed.scheduler import KilledWorker
    ahead = threads_of(client) * IN_FLIGHT_PER_WORKER
    pending = list(reversed(batches))
    alone: dict[str, bool] = {}
    batch_of: dict[str, list[tuple[int, Task]]] = {}

    def submit(batch, single=False):
        future = client.submit(extract_partition, config, batch, pure=False)
        alone[future.key], batch_of[future.key] = single, batch
        return future

    def outcome(future) -> list[tuple[int, object]]:
        """The future's results, released; KilledWorker if its worker died, the pipeline's
        own error if it could not be built."""
        try:
            results = future.result()
        finally:
            future.release()
        if isinstance(results, PipelineFailed):
            raise results.error
        return results

    suspects: list[tuple[int, Task]] = []
    running = as_completed([submit(pending.pop()) for _ in range(min(ahead, len(pending)))])
    for future in running:
        key = future.key
        batch, single = batch_of.pop(key), alone.pop(key)
        try:
            results = outcome(future)
        except KilledWorker:
            if single or len(batch) == 1:
                suspects.extend(batch)  # or only queued on a worker another article killed
            else:
                log.info("a worker died twice on a partition of %d articles; they are read again one at a time",
                         len(batch))
                for item in batch:
                    running.add(submit([item], single=True))
            continue
        yield results
        while pending and running.count() < ahead:
            running.add(submit(pending.pop()))
    # a last try for each article whose worker died, one at a time when nothing else runs:
    # the one that kills its worker on its own is skipped, the others it took down are read
    for i, task in suspects:
        try:
            yield outcome(client.submit(extract_partition, config, [(i, task)], pure=False))
        except KilledWorker:
            yield [(i, Skipped(task_path(task), DIED))]
