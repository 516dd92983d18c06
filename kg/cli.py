"""The ``kg`` command line.

Every command's mistakes and failures are `kg.errors.KGError`s, turned into one line and
an exit code here, in one place (`KGGroup.invoke`); Ctrl-C is one line and exit 130.
"""
from __future__ import annotations

import logging
import sys
import time

import click

from . import __version__
from .build import BuildReport, build_graph, write_outputs
from .errors import KGError
from .ner import BACKENDS

INTERRUPTED = 130  # the shell's code for a command stopped by Ctrl-C


class KGGroup(click.Group):
    """kg's commands, with kg's errors reported the same way for all of them."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KGError as exc:
            click.echo(f"kg: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("kg: interrupted; nothing new was written, the previous outputs are as they were", err=True)
            ctx.exit(INTERRUPTED)


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """kg: Chinese government and party news in, a knowledge graph out."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("-o", "--output", "out_dir", default="output", show_default=True, type=click.Path(),
              help="Folder for graph.ttl, graph.html, graph.graphml, entities.csv, relations.csv.")
@click.option("--ner", type=click.Choice(sorted(BACKENDS)), default="lexical", show_default=True,
              help="Named-entity backend for people, organizations and places.")
@click.option("--hanlp-model", default=None,
              help="With --ner hanlp: a model directory from `kg train-ner`, or a HanLP pretrained "
                   "identifier (MSRA_NER_ELECTRA_SMALL_ZH, a multi-task model …).")
@click.option("--data", "data_dirs", multiple=True, type=click.Path(exists=True, file_okay=False),
              help="A folder laid out like kg/data with your own dictionaries and patterns (repeatable).")
@click.option("--base-iri", default=None, help="Base IRI of the entities in graph.ttl.")
@click.option("-f", "--format", "rdf_format", type=click.Choice(["ttl", "nt"]), default="ttl", show_default=True,
              help="RDF output: Turtle (graph.ttl) or N-Triples (graph.nt).")
@click.option("--html-max-nodes", default=5000, show_default=True, type=click.IntRange(1, None),
              help="graph.html shows at most this many entities, the most connected (kg html draws others).")
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes for extraction.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
@click.option("-v", "--verbose", is_flag=True, help="Log each article as it is read (to stderr).")
def build(paths, out_dir, ner, hanlp_model, data_dirs, base_iri, rdf_format, html_max_nodes, jobs, quiet,
          verbose) -> None:
    """Build the graph of the articles in PATHS (files or folders of .txt/.md)."""
    from .outputs import check_output_folder
    from .rdf import DEFAULT_BASE, check_base_iri
    logging.basicConfig(format="kg: %(message)s", level=logging.INFO if verbose else logging.WARNING)
    check_output_folder(out_dir)  # before minutes of work, not after
    check_base_iri(base_iri or DEFAULT_BASE)
    report = BuildReport()
    started = time.perf_counter()
    graph = build_graph(paths, ner=ner, ner_model=hanlp_model, data_dirs=data_dirs, jobs=jobs,
                        progress=not quiet and sys.stderr.isatty(), report=report)
    if not report.documents:
        click.echo(f"kg: no readable article among {len(report.skipped)} file(s); nothing written.", err=True)
        sys.exit(1)
    write_outputs(graph, out_dir, base_iri=base_iri, rdf_format=rdf_format, html_max_nodes=html_max_nodes,
                  report=report)
    if not quiet:
        _summary(report, time.perf_counter() - started)


@main.command("html")
@click.argument("graph", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", "out_path", default="view.html", show_default=True, type=click.Path(dir_okay=False),
              help="The HTML file to write.")
@click.option("--focus", default=None, help="Only the network around this entity (canonical name or alias).")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(0, 10),
              help="With --focus: how many relations away from it.")
@click.option("--types", default=None, help="Only these types, comma-separated: Person,Organization,Program,"
                                            "Meeting,Document,Place,Concept (or 人物,机构,…).")
@click.option("--max-nodes", default=None, type=click.IntRange(1, None),
              help="At most this many entities: the most connected are kept, and the page says what was left out.")
def html_command(graph, out_path, focus, depth, types, max_nodes) -> None:
    """Render an interactive HTML view of GRAPH (graph.ttl or graph.nt from `kg build`) without rebuilding."""
    from .html import render_view, summarize_view
    info = render_view(graph, out_path, focus=focus, depth=depth, types=types, max_nodes=max_nodes)
    for line in summarize_view(info):
        click.echo(line)


@main.command("validate")
@click.argument("graph", type=click.Path(exists=True, dir_okay=False))
@click.option("--shapes", type=click.Path(exists=True, dir_okay=False), default=None,
              help="SHACL shapes to use instead of kg's own (ontology/shapes.ttl).")
def validate_command(graph, shapes) -> None:
    """Check GRAPH (Turtle or N-Triples) against kg's SHACL shapes; exit 1 on violations."""
    from .validate import validate
    conforms, report, _ = validate(graph, shapes)
    click.echo(report.rstrip("\n"))
    sys.exit(0 if conforms else 1)


@main.command("query")
@click.argument("graph", type=click.Path(exists=True, dir_okay=False))
@click.argument("query")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "xml"]), default="table",
              show_default=True, help="How to print SELECT results.")
@click.option("--allow-service", is_flag=True,
              help="Let the query use SERVICE, which fetches the URLs it names (refused by default).")
def query_command(graph, query, fmt, allow_service) -> None:
    """Run a SPARQL QUERY (a .rq file or the query text) over GRAPH (.ttl or .nt)."""
    from .query import load_store, read_query, run_query
    text = read_query(query)
    click.echo(run_query(load_store(graph), text, fmt, allow_service=allow_service).rstrip("\n"))


@main.command("serve")
@click.argument("graph", type=click.Path(exists=True, dir_okay=False))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; other machines can reach it only if this is not a loopback address.")
@click.option("-p", "--port", default=7878, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(0.1, None),
              help="Seconds a query may run before it is stopped.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Queries answered at once (one process each).")
@click.option("--allow-service", is_flag=True,
              help="Let queries use SERVICE, which makes this machine fetch the URLs they name.")
@click.option("--cors", "cors", default=None, metavar="ORIGIN",
              help="Let web pages of ORIGIN (e.g. http://localhost:8888, or *) read the answers.")
def serve_command(graph, host, port, timeout, workers, allow_service, cors) -> None:
    """Serve GRAPH as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/sparql."""
    from .query import make_server
    server = make_server(graph, host, port, workers=workers, timeout=timeout, allow_service=allow_service,
                         cors=cors)
    click.echo(f"SPARQL endpoint: http://{host}:{server.server_address[1]}/sparql (Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@main.command("train-ner")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--texts", required=True, type=click.Path(exists=True, file_okay=False),
              help="Folder with the annotated articles (the gold file's `doc` names).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Model directory to write.")
@click.option("--epochs", default=40, show_default=True, type=click.IntRange(1, 1000))
@click.option("--dev-doc", "dev_docs", multiple=True, help="Hold these documents out as the dev set "
              "(default: a random fifth of the sentences).")
@click.option("--seed", default=1, show_default=True, type=int)
@click.option("--threads", default=1, show_default=True, type=click.IntRange(1, 256),
              help="Torch threads; more than one helps only on an otherwise idle machine.")
def train_ner_command(gold, texts, out_dir, epochs, dev_docs, seed, threads) -> None:
    """Train a HanLP NER model (people, organizations, places) on GOLD annotations of the
    articles in --texts, on the CPU, downloading nothing; print its dev scores. Use it with
    `kg build --ner hanlp --hanlp-model OUT`."""
    from .train_ner import train
    scores = train(gold, texts, out_dir, epochs=epochs, dev_documents=set(dev_docs) or None, seed=seed,
                   threads=threads)
    click.echo(f"model: {out_dir}")
    click.echo(f"dev: precision {scores.precision:.3f} recall {scores.recall:.3f} F1 {scores.f1:.3f} "
               f"({scores.gold} gold spans, {scores.predicted} predicted)")


@main.command("eval")
@click.argument("graph", type=click.Path(exists=True, dir_okay=False))
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--doc", "documents", multiple=True, help="Score only these gold documents (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON.")
@click.option("--brief", is_flag=True, help="Only the table, without missed and spurious items.")
def evaluate_command(graph, gold, documents, as_json, brief) -> None:
    """Score GRAPH (Turtle) against GOLD (JSON lines, SCHEMA.md format): precision, recall
    and F1 per entity type and per property, with what was missed and what is spurious."""
    import json

    from .evaluate import evaluate, format_report
    report = evaluate(graph, gold, set(documents) or None)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        click.echo(format_report(report, show_items=not brief))


def _summary(report: BuildReport, seconds: float) -> None:
    echo = click.echo
    echo(f"documents: {len(report.documents)} read, {len(report.skipped)} skipped "
         f"({report.characters:,} characters)")
    for s in report.skipped:
        echo(f"  skipped {s.path}: {s.reason}")
    for warning in report.warnings:
        echo(f"  repaired {warning}")
    echo("entities:  " + ", ".join(f"{t} {n}" for t, n in report.entities_by_type.items())
         + f" (total {sum(report.entities_by_type.values())})")
    echo("relations: " + ", ".join(f"{p} {n}" for p, n in report.relations_by_property.items())
         + f" (total {sum(report.relations_by_property.values())})")
    echo(f"outputs:   {', '.join(report.outputs)}")
    for note in report.notes:
        echo(f"graph.html {note}")
    echo(f"time:      {seconds:.1f} s")


if __name__ == "__main__":
    main()
