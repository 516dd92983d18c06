"""The whole job: paths in, graph and output files out.

Articles are extracted in partitions on Dask (kg.engine.cluster), each independently;
each partition's extractions go to disk as it arrives (kg.engine.cache), and the merge
reads them back one at a time, so memory grows with the graph, not with the corpus.
Kept between builds, those extractions are the cache: a rebuild extracts only new or
changed articles. A file that cannot be read or processed is reported and skipped; it
never costs the rest of the build.
"""
from __future__ import annotations

import hashlib
import logging
import sqlite3
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import networkx as nx

from kg.engine.cache import Entry, ExtractionStore, article_key, code_fingerprint, default_cache_dir, fingerprint
from kg.engine.cluster import (PipelineConfig, Task, dask_client, partitions, pipeline, run_partitions, task_path,
                               threads_of)
from kg.engine.progress import Progress
from kg.engine.records import loads
from kg.errors import Errors, InputError, NothingReadable, WriteError
from kg.graph.store import GraphStore, as_store
from kg.ingest.load import FoundFiles, Skipped, SourceText, find_files, read_bytes, source_from_string
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
    extracted: int = 0  # articles extracted in this build
    reused: int = 0  # articles whose extraction came from the cache
    up_to_date: bool = False  # the outputs in place were built from the same inputs: nothing was written


CACHE_DEFAULT = "default"  # build_graph(cache=...): the user's cache folder (kg.engine.cache.default_cache_dir)


def _cache_folder(cache: str | Path | None) -> str | Path | None:
    return default_cache_dir() if cache == CACHE_DEFAULT else cache


def _tasks(paths: Iterable[str | Path], texts: dict[str, str] | None) -> tuple[FoundFiles, list[Task]]:
    found = find_files(list(paths)) if paths else FoundFiles()
    tasks: list[Task] = [str(p) for p in found.files]
    tasks += [source_from_string(t, name) for name, t in (texts or {}).items()]
    return found, tasks


def _config(ner: str, data, hanlp_model, hanlp_types) -> PipelineConfig:
    from kg.extract.ner import parse_types
    types = parse_types(hanlp_types)
    return PipelineConfig(ner, tuple(str(d) for d in data), hanlp_model, tuple(types) if types is not None else None)


def _prepare(config: PipelineConfig, jobs: int, scheduler: str | None) -> None:
    """In process, build the pipeline before Dask starts: a backend that cannot run fails
    now, once, clearly, and the worker thread finds it built. Worker processes build their
    own (its errors reach the client as the same one-line KGError), and the client does
    not pay for a pipeline it never runs."""
    if jobs <= 1 and not scheduler:
        pipeline(config)


def _size(task: Task) -> int:
    if isinstance(task, str):
        try:
            return Path(task).stat().st_size
        except OSError:
            return 0
    return len(task.text)


def _name(task: Task) -> str:
    return Path(task).name if isinstance(task, str) else task.name


def _key(task: Task) -> str | None:
    """The article's cache key, None for a file that cannot be read now (its worker says why)."""
    if isinstance(task, SourceText):
        return article_key(task.sha256, task.name)
    try:
        return article_key(hashlib.sha256(read_bytes(Path(task))).hexdigest(), Path(task).name)
    except (OSError, ValueError):
        return None


def extract_all(paths: Iterable[str | Path] = (), texts: dict[str, str] | None = None, *, ner: str = "lexical",
                hanlp_model: str | None = None, hanlp_types: Iterable[str] | None = None,
                data: Iterable[str | Path] = (), jobs: int = 1, scheduler: str | None = None,
                progress: bool = False) -> Iterator[DocumentExtraction | Skipped]:
    """Yield one skip for each path that is not an article file, then one extraction (or
    skip) per document, in input order, extracted on Dask (kg.engine.cluster) without the
    cache."""
    found, tasks = _tasks(paths, texts)
    yield from found.skipped
    config = _config(ner, data, hanlp_model, hanlp_types)
    _prepare(config, jobs, scheduler)
    bar = Progress(len(tasks), progress)
    waiting: dict[int, DocumentExtraction | Skipped] = {}
    ready = 0
    try:
        with dask_client(jobs, scheduler) as client:
            batches = partitions([(i, t, _size(t)) for i, t in enumerate(tasks)], threads_of(client))
            for results in run_partitions(client, config, batches):
                bar.update(len(results))
                for i, result in results:
                    waiting[i] = result if isinstance(result, Skipped) else loads(result)
                while ready in waiting:
                    yield waiting.pop(ready)
                    ready += 1
    finally:
        bar.close()


def _extract_into(shards: ExtractionStore, tasks: list[Task], config: PipelineConfig, jobs: int,
                  scheduler: str | None, progress: bool, report: BuildReport
                  ) -> tuple[dict[int, Entry], list[str | None]]:
    """Each article's entry in `shards`: found there (the cache), or extracted on Dask and
    written there as its partition arrives; and each article's cache key."""
    bar = Progress(len(tasks), progress)
    try:
        keys = [_key(t) if shards.keep else None for t in tasks]
        entries: dict[int, Entry] = {}
        for i, key in enumerate(keys):
            entry = shards.get(key) if key else None
            if entry is not None:
                entries[i] = entry
        bar.skip_cached(len(entries))
        report.reused = len(entries)
        todo = [(i, t, _size(t)) for i, t in enumerate(tasks) if i not in entries]
        if todo:
            _prepare(config, jobs, scheduler)
            with dask_client(jobs, scheduler) as client:
                for results in run_partitions(client, config, partitions(todo, threads_of(client))):
                    bar.update(len(results))
                    lines = []
                    for i, result in results:
                        if isinstance(result, Skipped):
                            log.warning("skipped %s: %s", result.path, result.reason)
                            report.skipped.append(result)
                        else:
                            lines.append((keys[i] or f"{i}/{_name(tasks[i])}", i, result))
                    added = shards.add([(key, line) for key, _, line in lines])
                    entries.update((i, added[key]) for key, i, _ in lines)
        report.extracted = len(todo)
        return entries, keys
    finally:
        bar.close()


def _documents(shards: ExtractionStore, tasks: list[Task], entries: dict[int, Entry],
               report: BuildReport) -> Iterator[DocumentExtraction]:
    """The extractions, read back one at a time in the order of their documents' names;
    two files of the same name in different folders stay two documents (named by path)."""
    names = {i: _name(tasks[i]) for i in entries}
    counts = Counter(names.values())
    final = {i: name if counts[name] == 1 else task_path(tasks[i]) for i, name in names.items()}
    report.documents = [names[i] for i in sorted(entries)]
    for i in sorted(entries, key=lambda i: (final[i], i)):
        ex = shards.read(entries[i])
        ex.path = task_path(tasks[i])
        if final[i] != ex.document:
            ex.document = final[i]
            for r in ex.relations:
                object.__setattr__(r.evidence, "document", ex.document)
        log.info("read %s (%d relations)", ex.path, len(ex.relations))
        for note in ex.notes:
            log.warning("%s: %s", ex.path, note)
            report.warnings.append(f"{ex.path}: {note}")
        report.characters += ex.characters
        yield ex


def _inputs_digest(extraction: str, tasks: list[Task], entries: dict[int, Entry], keys: list[str | None]) -> str:
    """A digest of what a build's outputs follow from: every article's path and content,
    the extraction rules and all of kg's code (its writers too)."""
    h = hashlib.sha256(f"{code_fingerprint()}\0{extraction}\0".encode())
    for line in sorted(f"{task_path(tasks[i])}\0{keys[i]}" for i in entries):
        h.update(line.encode("utf-8", "surrogateescape") + b"\0")
    return h.hexdigest()


def build_graph(paths: Iterable[str | Path] = (), texts: dict[str, str] | None = None, *, ner: str = "lexical",
                hanlp_model: str | None = None, hanlp_types: Iterable[str] | str | None = None,
                data: Iterable[str | Path] = (), jobs: int = 1, scheduler: str | None = None,
                cache: str | Path | None = CACHE_DEFAULT, progress: bool = False,
                report: BuildReport | None = None) -> nx.MultiDiGraph:
    """Build the knowledge graph of some articles: files and folders in `paths`, and/or
    texts given as ``{name: text}``. Returns a ``networkx.MultiDiGraph``.

    `ner` is the named-entity backend (lexical, hanlp or one of your own in
    kg.extract.ner.BACKENDS), `hanlp_model` its model and `hanlp_types` the types whose
    spans it adds (Person, Organization, Place; by default ner_labels.yml's hanlp_types);
    `data` are folders laid out like kg/data whose dictionaries and patterns change the
    built-in ones. Extraction runs on Dask: in this process, on a local cluster of `jobs`
    worker processes, or on the cluster whose scheduler is at `scheduler`. `cache` is the
    folder of extractions kept between builds (by default kg's cache folder; None for
    none): an article already extracted with the same rules is read from it."""
    with tempfile.TemporaryDirectory(prefix="kg-merge-") as scratch:
        store = merge_into(Path(scratch) / "graph.sqlite", paths, texts, ner=ner, hanlp_model=hanlp_model,
                           hanlp_types=hanlp_types, data=data, jobs=jobs, scheduler=scheduler, cache=cache,
                           progress=progress, report=report)
        with store:
            return store.to_networkx()


def merge_into(target: str | Path, paths: Iterable[str | Path] = (), texts: dict[str, str] | None = None, *,
               ner: str = "lexical", hanlp_model: str | None = None, hanlp_types: Iterable[str] | str | None = None,
               data: Iterable[str | Path] = (), jobs: int = 1, scheduler: str | None = None,
               cache: str | Path | None = CACHE_DEFAULT, progress: bool = False, report: BuildReport | None = None,
               unless: Callable[[str], bool] | None = None) -> GraphStore | None:
    """What :func:`build_graph` does, with the graph merged into a GraphStore at `target`
    (an SQLite file) and left there: the writers stream from it, so an archive's graph is
    never all in memory. With the cache, `unless` is called before the merge with a digest
    of the inputs (articles, rules, kg's code); if it returns true, nothing is merged and
    None is returned (kg.build so finds its outputs up to date)."""
    report = report if report is not None else BuildReport()
    started = time.perf_counter()
    config = _config(ner, data, hanlp_model, hanlp_types)
    found, tasks = _tasks(paths, texts)
    for skip in found.skipped:
        log.warning("skipped %s: %s", skip.path, skip.reason)
        report.skipped.append(skip)
    folder = _cache_folder(cache)
    key = fingerprint(config.ner, config.data, config.hanlp_model, config.hanlp_types) if folder is not None else ""
    try:
        shards = ExtractionStore.for_build(folder, key)
    except (OSError, sqlite3.Error) as exc:
        raise InputError(Errors.E061.format(path=folder, detail=getattr(exc, "strerror", None) or exc)) from None
    with shards:
        entries, keys = _extract_into(shards, tasks, config, jobs, scheduler, progress, report)
        if unless is not None and shards.keep and unless(_inputs_digest(key, tasks, entries, keys)):
            return None
        try:
            graph = GraphStore(target).add_all(_documents(shards, tasks, entries, report))
        except sqlite3.Error as exc:
            raise WriteError(Errors.E062.format(path=Path(target).parent, detail=exc)) from None
    report.entities_by_type = graph.counts_by_type()
    report.relations_by_property = graph.counts_by_property()
    report.seconds = time.perf_counter() - started
    return graph


def write_outputs(graph: nx.MultiDiGraph | GraphStore, output: str | Path, *, base_iri: str | None = None, format: str = "ttl",
                  html_max_nodes: int | None = HTML_MAX_NODES, report: BuildReport | None = None) -> list[Path]:
    """Write graph.ttl (or graph.nt, `format="nt"`), graph.html, graph.graphml,
    entities.csv, relations.csv into the folder `output` as one set: all are written aside
    first and then replace the previous set together, so a build that is interrupted or
    fills the disk leaves the previous outputs whole. graph.html shows at most
    `html_max_nodes` entities (the most connected; the page says what it leaves out): a
    browser draws a few thousand nodes well, not a whole archive, and `kg html` renders
    any other view of graph.ttl. Every file is streamed from a GraphStore (a networkx
    graph is copied into one first)."""
    from kg.export.html import render_view, summarize_view, write_html
    from kg.export.outputs import OutputSet, check_output_folder
    from kg.export.rdf import check_base_iri, write_rdf
    from kg.export.tables import write_entities_csv, write_graphml, write_relations_csv
    base = check_base_iri(base_iri or DEFAULT_BASE)
    out = check_output_folder(output)
    rdf_name = "graph.nt" if format == "nt" else "graph.ttl"
    names = [rdf_name, *OUTPUT_FILES[1:]]
    stale = [n for n in RDF_FILES if n != rdf_name]
    with as_store(graph) as store, OutputSet(out, names, remove=stale) as outputs:
        write_rdf(store, outputs.path(rdf_name), base, format)
        if store.number_of_nodes():
            view = render_view(store, outputs.path("graph.html"), max_nodes=html_max_nodes)
            if view["truncated"] and report is not None:
                report.notes.extend(summarize_view(view)[1:])
        else:
            write_html(store.to_networkx(), outputs.path("graph.html"))
        write_graphml(store, outputs.path("graph.graphml"))
        write_entities_csv(store, outputs.path("entities.csv"))
        write_relations_csv(store, outputs.path("relations.csv"))
    paths = [out / name for name in names]
    if report is not None:
        report.outputs = [str(p) for p in paths]
    return paths


def build(paths: Iterable[str | Path], output: str | Path = "output", *, ner: str = "lexical",
          hanlp_model: str | None = None, hanlp_types: Iterable[str] | str | None = None,
          data: Iterable[str | Path] = (), base_iri: str | None = None,
          format: str = "ttl", html_max_nodes: int = HTML_MAX_NODES, jobs: int = 1, scheduler: str | None = None,
          cache: str | Path | None = CACHE_DEFAULT, store: str | Path | None = None,
          progress: bool = False) -> BuildReport:
    """`kg build`: the graph of the articles in `paths` written to the folder `output`.
    The output folder and the base IRI are checked before any article is read; a build
    that finds no readable article writes nothing (NothingReadable). With `store`, the
    graph is also bulk-loaded into a persistent Oxigraph store in that folder, which
    `kg query` and `kg serve` open without parsing the Turtle again. With the cache, a
    build whose articles, rules, kg version and options are those the outputs in place
    were built from, and whose outputs nobody has changed since, leaves them as they are
    (``report.up_to_date``): no merge, no file rewritten (a `store` is loaded again from
    the graph file in place)."""
    from kg.export.outputs import build_record, check_output_folder, write_build_record
    from kg.export.rdf import check_base_iri
    check_output_folder(output)
    check_base_iri(base_iri or DEFAULT_BASE)
    report = BuildReport()
    names = ["graph.nt" if format == "nt" else "graph.ttl", *OUTPUT_FILES[1:]]
    options = f"base {base_iri or DEFAULT_BASE}\0format {format}\0html {html_max_nodes}"
    inputs: list[str] = []
    folder = _cache_folder(cache)
    # what the outputs in place were built from, kept with the cache, one record per output folder
    record_file = Path(folder or ".") / "outputs" / f"{hashlib.sha1(str(Path(output).resolve()).encode()).hexdigest()}.json"

    def reuse(digest: str) -> bool:
        inputs.append(hashlib.sha256(f"{digest}\0{options}".encode()).hexdigest())
        record = build_record(record_file, output, inputs[0], names)
        if record is None:
            return False
        for name in ("documents", "characters", "entities_by_type", "relations_by_property", "notes", "warnings"):
            setattr(report, name, record["report"][name])
        return True

    # the merged graph, on disk beside the system's temporary files, for the writers to stream
    try:
        scratch = tempfile.TemporaryDirectory(prefix="kg-merge-")
    except OSError as exc:
        raise WriteError(Errors.E062.format(path=tempfile.gettempdir(), detail=exc.strerror or exc)) from None
    with scratch as folder:
        graph = merge_into(Path(folder) / "graph.sqlite", paths, ner=ner, hanlp_model=hanlp_model,
                           hanlp_types=hanlp_types, data=data, jobs=jobs, scheduler=scheduler, cache=cache,
                           progress=progress, report=report, unless=reuse)
        if not report.documents:
            if graph is not None:
                graph.close()
            raise NothingReadable(Errors.E002.format(count=len(report.skipped)))
        if graph is None:
            report.up_to_date = True
            paths = [Path(output) / name for name in names]
            report.outputs = [str(p) for p in paths]
            log.info("outputs in %s are up to date: nothing changed since they were built", output)
        else:
            try:
                with graph:
                    paths = write_outputs(graph, output, base_iri=base_iri, format=format,
                                          html_max_nodes=html_max_nodes, report=report)
            except sqlite3.Error as exc:  # the merged graph's file, read back (a full TMPDIR)
                raise WriteError(Errors.E062.format(path=folder, detail=exc)) from None
            if inputs:
                write_build_record(record_file, output, inputs[0], names, report={
                    "documents": report.documents, "characters": report.characters,
                    "entities_by_type": report.entities_by_type,
                    "relations_by_property": report.relations_by_property,
                    "notes": report.notes, "warnings": report.warnings})
    if store is not None:
        from kg.sparql.store import write_store
        write_store(paths[0], store)
        report.outputs.append(str(store))
    report.seconds = time.perf_counter() - report.started
    return report
