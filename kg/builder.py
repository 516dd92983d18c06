"""The whole job: paths in, graph and output files out.

Documents are read and extracted one at a time (or in worker processes with ``jobs``),
each independently; only their extractions are kept and merged at the end, so memory
grows with the graph, not with the corpus. A file that cannot be read or processed is
reported and skipped; it never costs the rest of the build.
"""
from __future__ import annotations

import logging
import signal
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Union

import networkx as nx
from tqdm import tqdm

from kg.errors import Errors, NothingReadable
from kg.graph import counts_by_property, counts_by_type, merge
from kg.ingest.load import FoundFiles, Skipped, SourceText, find_files, read_source, source_from_string
from kg.model import DocumentExtraction
from kg.schema import DEFAULT_BASE

log = logging.getLogger("kg")

OUTPUT_FILES = ("graph.ttl", "graph.html", "graph.graphml", "entities.csv", "relations.csv")
RDF_FILES = ("graph.ttl", "graph.nt")
HTML_MAX_NODES = 5000


@dataclass
class BuildReport:
    documents: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    characters: int = 0
    seconds: float = 0.0
    entities_by_type: dict[str, int] = field(default_factory=dict)
    relations_by_property: dict[str, int] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the outputs leave out
    warnings: list[str] = field(default_factory=list)  # what reading repaired (bad bytes replaced)
    started: float = field(default_factory=time.perf_counter)


_WORKER_NLP = None


def _init_worker(ner: str, data: tuple[str, ...], hanlp_model: str | None = None,
                 hanlp_types: tuple[str, ...] | None = None, in_worker: bool = False) -> None:
    global _WORKER_NLP
    if in_worker:  # Ctrl-C is the parent's to handle: it stops the workers itself
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    from kg.extract.pipeline import make_nlp
    _WORKER_NLP = make_nlp(ner, data, hanlp_model, hanlp_types)


Task = Union[str, SourceText]  # a file's path, or a text given in memory


def _extract_task(task: Task) -> DocumentExtraction | Skipped:
    from kg.extract.pipeline import NotAnArticle, extract
    if isinstance(task, str):
        try:
            source = read_source(Path(task))
        except (OSError, ValueError) as exc:
            return Skipped(task, getattr(exc, "strerror", None) or str(exc))
    else:
        source = task
    try:
        return extract(_WORKER_NLP, source)
    except NotAnArticle as exc:
        return Skipped(source.path, str(exc))
    except Exception as exc:  # one broken article must not cost the others
        log.debug("extraction failed for %s", source.path, exc_info=True)
        return Skipped(source.path, f"extraction failed: {type(exc).__name__}: {exc}")


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Stop a pool's workers now (on Ctrl-C, or once one has died), not after their tasks."""
    pool.shutdown(wait=False, cancel_futures=True)
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()


def _in_pool(tasks: list[Task], jobs: int, initargs: tuple) -> Iterator[DocumentExtraction | Skipped]:
    """Extract `tasks` in `jobs` worker processes, yielding results in input order.

    A worker that dies (killed, out of memory, a crash in a compiled library) breaks the
    pool and every task in flight with it. Those tasks are run again, one at a time in a
    fresh pool, so the article that killed its worker is known: it is skipped and counted
    if it kills a worker a second time; the others are built."""
    def new_pool():
        return ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(*initargs, True))
    pool = new_pool()
    pending = deque(range(len(tasks)))
    suspects: deque[int] = deque()  # in flight when a worker died: retried alone
    in_flight: dict = {}
    results: dict[int, DocumentExtraction | Skipped] = {}
    ready = 0
    try:
        while pending or suspects or in_flight:
            while suspects and not in_flight:
                i = suspects.popleft()
                in_flight[pool.submit(_extract_task, tasks[i])] = (i, True)
            while pending and not suspects and len(in_flight) < 2 * jobs:
                i = pending.popleft()
                in_flight[pool.submit(_extract_task, tasks[i])] = (i, False)
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                i, alone = in_flight.pop(future)
                try:
                    results[i] = future.result()
                except BrokenProcessPool:
                    broken = True
                    if alone:
                        results[i] = Skipped(_task_path(tasks[i]), "its worker process died while reading it, "
                                                                    "twice (a crash, or out of memory)")
                    else:
                        suspects.append(i)
            if broken:
                suspects.extend(i for i, _ in in_flight.values())
                in_flight.clear()
                _stop_workers(pool)
                pool = new_pool()
                log.info("a worker process died; %d article(s) are read again, one at a time", len(suspects))
            while ready in results:
                yield results.pop(ready)
                ready += 1
    finally:
        _stop_workers(pool)


def _task_path(task: Task) -> str:
    return task if isinstance(task, str) else task.path


def extract_all(paths: Iterable[str | Path] = (), texts: dict[str, str] | None = None, *, ner: str = "lexical",
                hanlp_model: str | None = None, hanlp_types: Iterable[str] | None = None,
                data: Iterable[str | Path] = (), jobs: int = 1, progress: bool = False
                ) -> Iterator[DocumentExtraction | Skipped]:
    """Yield one skip for each path that is not an article file, then one extraction (or
    skip) per document, in input order."""
    found = find_files(list(paths)) if paths else FoundFiles()
    yield from found.skipped
    tasks: list[Task] = [str(p) for p in found.files]
    tasks += [source_from_string(t, name) for name, t in (texts or {}).items()]
    dirs = tuple(str(d) for d in data)
    # build the pipeline here first: a backend that cannot run fails now, once, clearly
    types = tuple(hanlp_types) if hanlp_types is not None else None
    _init_worker(ner, dirs, hanlp_model, types)
    bar = tqdm(total=len(tasks), unit="doc", desc="kg build", disable=not progress, leave=False)
    try:
        results = _in_pool(tasks, jobs, (ner, dirs, hanlp_model, types)) if jobs > 1 and len(tasks) > 1 else \
            map(_extract_task, tasks)
        for result in results:
            bar.update()
            yield result
    finally:
        bar.close()


def build_graph(paths: Iterable[str | Path] = (), texts: dict[str, str] | None = None, *, ner: str = "lexical",
                hanlp_model: str | None = None, hanlp_types: Iterable[str] | str | None = None,
                data: Iterable[str | Path] = (), jobs: int = 1, progress: bool = False,
                report: BuildReport | None = None) -> nx.MultiDiGraph:
    """Build the knowledge graph of some articles: files and folders in `paths`, and/or
    texts given as ``{name: text}``. Returns a ``networkx.MultiDiGraph``.

    `ner` is the named-entity backend (lexical, hanlp or one of your own in
    kg.extract.ner.BACKENDS), `hanlp_model` its model and `hanlp_types` the types whose
    spans it adds (Person, Organization, Place; by default ner_labels.yml's hanlp_types);
    `data` are folders laid out like
    kg/data whose dictionaries and patterns change the built-in ones; `jobs` worker
    processes extract in parallel."""
    report = report if report is not None else BuildReport()
    started = time.perf_counter()
    extractions = []
    from kg.extract.ner import parse_types
    types = parse_types(hanlp_types)
    for result in extract_all(paths, texts, ner=ner, hanlp_model=hanlp_model, hanlp_types=types, data=data, jobs=jobs,
                              progress=progress):
        if isinstance(result, Skipped):
            log.warning("skipped %s: %s", result.path, result.reason)
            report.skipped.append(result)
        else:
            log.info("read %s (%d relations)", result.path, len(result.relations))
            for note in result.notes:
                log.warning("%s: %s", result.path, note)
                report.warnings.append(f"{result.path}: {note}")
            extractions.append(result)
            report.documents.append(result.document)
            report.characters += result.characters
    _unique_names(extractions)
    graph = merge(extractions)
    report.entities_by_type = counts_by_type(graph)
    report.relations_by_property = counts_by_property(graph)
    report.seconds = time.perf_counter() - started
    return graph


def _unique_names(extractions: list[DocumentExtraction]) -> None:
    """Two files with the same name in different folders stay two documents."""
    seen: dict[str, int] = {}
    for ex in extractions:
        seen[ex.document] = seen.get(ex.document, 0) + 1
    for ex in extractions:
        if seen[ex.document] > 1:
            new = ex.path
            for r in ex.relations:
                object.__setattr__(r.evidence, "document", new)
            ex.document = new


def write_outputs(graph: nx.MultiDiGraph, output: str | Path, *, base_iri: str | None = None, format: str = "ttl",
                  html_max_nodes: int | None = HTML_MAX_NODES, report: BuildReport | None = None) -> list[Path]:
    """Write graph.ttl (or graph.nt, `format="nt"`), graph.html, graph.graphml,
    entities.csv, relations.csv into the folder `output` as one set: all are written aside
    first and then replace the previous set together, so a build that is interrupted or
    fills the disk leaves the previous outputs whole. graph.html shows at most
    `html_max_nodes` entities (the most connected; the page says what it leaves out): a
    browser draws a few thousand nodes well, not a whole archive, and `kg html` renders
    any other view of graph.ttl."""
    from kg.export.html import render_view, summarize_view, write_html
    from kg.export.outputs import OutputSet, check_output_folder
    from kg.export.rdf import check_base_iri, write_rdf
    from kg.export.tables import write_entities_csv, write_graphml, write_relations_csv
    base = check_base_iri(base_iri or DEFAULT_BASE)
    out = check_output_folder(output)
    rdf_name = "graph.nt" if format == "nt" else "graph.ttl"
    names = [rdf_name, *OUTPUT_FILES[1:]]
    stale = [n for n in RDF_FILES if n != rdf_name]
    with OutputSet(out, names, remove=stale) as outputs:
        write_rdf(graph, outputs.path(rdf_name), base, format)
        if graph.number_of_nodes():
            view = render_view(graph, outputs.path("graph.html"), max_nodes=html_max_nodes)
            if view["truncated"] and report is not None:
                report.notes.extend(summarize_view(view)[1:])
        else:
            write_html(graph, outputs.path("graph.html"))
        write_graphml(graph, outputs.path("graph.graphml"))
        write_entities_csv(graph, outputs.path("entities.csv"))
        write_relations_csv(graph, outputs.path("relations.csv"))
    paths = [out / name for name in names]
    if report is not None:
        report.outputs = [str(p) for p in paths]
    return paths


def build(paths: Iterable[str | Path], output: str | Path = "output", *, ner: str = "lexical",
          hanlp_model: str | None = None, hanlp_types: Iterable[str] | str | None = None,
          data: Iterable[str | Path] = (), base_iri: str | None = None,
          format: str = "ttl", html_max_nodes: int = HTML_MAX_NODES, jobs: int = 1,
          progress: bool = False) -> BuildReport:
    """`kg build`: the graph of the articles in `paths` written to the folder `output`.
    The output folder and the base IRI are checked before any article is read; a build
    that finds no readable article writes nothing (NothingReadable)."""
    from kg.export.outputs import check_output_folder
    from kg.export.rdf import check_base_iri
    check_output_folder(output)
    check_base_iri(base_iri or DEFAULT_BASE)
    report = BuildReport()
    graph = build_graph(paths, ner=ner, hanlp_model=hanlp_model, hanlp_types=hanlp_types, data=data, jobs=jobs,
                        progress=progress, report=report)
    if not report.documents:
        raise NothingReadable(Errors.E002.format(count=len(report.skipped)))
    write_outputs(graph, output, base_iri=base_iri, format=format, html_max_nodes=html_max_nodes, report=report)
    report.seconds = time.perf_counter() - report.started
    return report
