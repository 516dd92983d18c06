"""The whole job: paths in, graph and output files out.

Documents are read and extracted one at a time (or in worker processes with ``jobs``),
each independently; only their extractions are kept and merged at the end, so memory
grows with the graph, not with the corpus. A file that cannot be read or processed is
reported and skipped; it never costs the rest of the build.
"""
from __future__ import annotations

import logging
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import networkx as nx
from tqdm import tqdm

from .graph import counts_by_property, counts_by_type, merge
from .load import Skipped, SourceText, find_files, read_source, source_from_string
from .model import DocumentExtraction

log = logging.getLogger("kg")

OUTPUT_FILES = ("graph.ttl", "graph.html", "graph.graphml", "entities.csv", "relations.csv")
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


_WORKER_NLP = None


def _init_worker(ner: str, data_dirs: tuple[str, ...], ner_model: str | None = None) -> None:
    global _WORKER_NLP
    from .pipeline import make_nlp
    _WORKER_NLP = make_nlp(ner, data_dirs, ner_model)


def _extract_path(path: str) -> DocumentExtraction | Skipped:
    try:
        source = read_source(Path(path))
    except (OSError, ValueError) as exc:
        return Skipped(path, str(exc))
    return _extract_source(source)


def _extract_source(source: SourceText) -> DocumentExtraction | Skipped:
    from .pipeline import extract
    try:
        return extract(_WORKER_NLP, source)
    except Exception as exc:  # one broken article must not cost the others
        log.debug("extraction failed for %s", source.path, exc_info=True)
        return Skipped(source.path, f"extraction failed: {type(exc).__name__}: {exc}")


def extract_all(paths: Iterable[str | Path] = (), texts: dict[str, str] | None = None, *, ner: str = "lexical",
                ner_model: str | None = None, data_dirs: Iterable[str | Path] = (), jobs: int = 1,
                progress: bool = False) -> Iterator[DocumentExtraction | Skipped]:
    """Yield one extraction (or skip) per document, in input order."""
    files = [str(p) for p in find_files(list(paths))] if paths else []
    sources = [source_from_string(t, name) for name, t in (texts or {}).items()]
    dirs = tuple(str(d) for d in data_dirs)
    # build the pipeline here first: a backend that cannot run fails now, once, clearly
    _init_worker(ner, dirs, ner_model)
    total = len(files) + len(sources)
    bar = tqdm(total=total, unit="doc", desc="kg build", disable=not progress, leave=False)
    try:
        if jobs > 1 and total > 1:
            with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(ner, dirs, ner_model)) as pool:
                for result in pool.map(_extract_path, files, chunksize=4):
                    bar.update()
                    yield result
                for result in pool.map(_extract_source, sources):
                    bar.update()
                    yield result
        else:
            for path in files:
                yield _extract_path(path)
                bar.update()
            for source in sources:
                yield _extract_source(source)
                bar.update()
    finally:
        bar.close()


def build_graph(paths: Iterable[str | Path] = (), texts: dict[str, str] | None = None, *, ner: str = "lexical",
                ner_model: str | None = None, data_dirs: Iterable[str | Path] = (), jobs: int = 1,
                progress: bool = False, report: BuildReport | None = None) -> nx.MultiDiGraph:
    """Build the knowledge graph of some articles: files and folders in `paths`, and/or
    texts given as ``{name: text}``. Returns a ``networkx.MultiDiGraph``."""
    report = report if report is not None else BuildReport()
    started = time.perf_counter()
    extractions = []
    for result in extract_all(paths, texts, ner=ner, ner_model=ner_model, data_dirs=data_dirs, jobs=jobs,
                              progress=progress):
        if isinstance(result, Skipped):
            log.warning("skipped %s: %s", result.path, result.reason)
            report.skipped.append(result)
        else:
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


def write_outputs(graph: nx.MultiDiGraph, out_dir: str | Path, *, base_iri: str | None = None,
                  rdf_format: str = "ttl", html_max_nodes: int | None = HTML_MAX_NODES,
                  report: BuildReport | None = None) -> list[Path]:
    """Write graph.ttl (or graph.nt), graph.html, graph.graphml, entities.csv, relations.csv.
    graph.html shows at most `html_max_nodes` entities (the most connected; the page says
    what it leaves out): a browser draws a few thousand nodes well, not a whole archive,
    and `kg html` renders any other view of graph.ttl."""
    from .html import render_view, summarize_view
    from .rdf import DEFAULT_BASE, write_rdf
    from .tables import write_entities_csv, write_graphml, write_relations_csv
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rdf_name = "graph.nt" if rdf_format == "nt" else "graph.ttl"
    write_rdf(graph, out / rdf_name, base_iri or DEFAULT_BASE, rdf_format)
    view = render_view(graph, out / "graph.html", max_nodes=html_max_nodes) if graph.number_of_nodes() else None
    if view is not None and view["truncated"] and report is not None:
        report.notes.extend(summarize_view(view)[1:])
    write_graphml(graph, out / "graph.graphml")
    write_entities_csv(graph, out / "entities.csv")
    write_relations_csv(graph, out / "relations.csv")
    paths = [out / name for name in (rdf_name, *OUTPUT_FILES[1:])]
    if report is not None:
        report.outputs = [str(p) for p in paths]
    return paths
