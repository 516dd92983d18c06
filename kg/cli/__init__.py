"""The ``kg`` command line: each command a thin wrapper over the function of the ``kg``
package of the same name and argument names (kg build → kg.build, kg html →
kg.render_view, kg validate → kg.validate, kg query → kg.query, kg serve → kg.make_server,
kg train-ner → kg.train_ner, kg eval → kg.evaluate), imported when the command runs, so
``kg --help`` loads neither spaCy nor jieba.

Every mistake and failure is a `kg.errors.KGError`, turned into one line and an exit code
here, in one place (`KGGroup.invoke`); Ctrl-C is one line and exit 130.
"""
from __future__ import annotations

import logging
import sys

import click

from kg import __version__
from kg.errors import KGError

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
@click.option("-o", "--output", default="output", show_default=True, type=click.Path(),
              help="Folder for graph.ttl, graph.html, graph.graphml, entities.csv, relations.csv.")
@click.option("--ner", default="lexical", show_default=True,
              help="Named-entity backend for people, organizations and places: lexical (no model) or hanlp.")
@click.option("--hanlp-model", default=None,
              help="With --ner hanlp: a model directory from `kg train-ner`, or a HanLP pretrained "
                   "identifier (MSRA_NER_ELECTRA_SMALL_ZH, a multi-task model …).")
@click.option("--hanlp-types", default=None, metavar="TYPES",
              help="With --ner hanlp: the types whose spans the model adds to the grammars', comma-separated "
                   "(Person,Organization,Place; default: ner_labels.yml's hanlp_types, Person).")
@click.option("--data", multiple=True, type=click.Path(exists=True, file_okay=False),
              help="A folder laid out like kg/data with your own dictionaries and patterns (repeatable).")
@click.option("--base-iri", default=None, help="Base IRI of the entities in graph.ttl.")
@click.option("-f", "--format", type=click.Choice(["ttl", "nt"]), default="ttl", show_default=True,
              help="RDF output: Turtle (graph.ttl) or N-Triples (graph.nt).")
@click.option("--html-max-nodes", default=5000, show_default=True, type=click.IntRange(1, None),
              help="graph.html shows at most this many entities, the most connected (kg html draws others).")
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(1, 256),
              help="Extract on a local Dask cluster of this many worker processes (1: in this process).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Extract on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786).")
@click.option("--cache", "cache", default=None, type=click.Path(),
              help="Folder of the extractions kept between builds [default: $KG_CACHE_DIR or ~/.cache/kg].")
@click.option("--no-cache", is_flag=True, help="Extract every article again and keep nothing.")
@click.option("--store", default=None, type=click.Path(file_okay=False),
              help="Also load the graph into a persistent Oxigraph store in this folder (for kg query/serve).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
@click.option("-v", "--verbose", is_flag=True, help="Log each article as it is read (to stderr).")
def build(paths, output, ner, hanlp_model, hanlp_types, data, base_iri, format, html_max_nodes, jobs, scheduler,
          cache, no_cache, store, quiet, verbose) -> None:
    """Build the graph of the articles in PATHS (files or folders of .txt, .md, .html)."""
    import kg
    from kg.builder import CACHE_DEFAULT
    logging.basicConfig(format="kg: %(message)s", level=logging.INFO if verbose else logging.WARNING)
    if not quiet:  # progress lines in the log of a long build (a bar as well at a terminal)
        logging.getLogger("kg.progress").setLevel(logging.INFO)
    report = kg.build(paths, output, ner=ner, hanlp_model=hanlp_model, hanlp_types=hanlp_types, data=data,
                      base_iri=base_iri, format=format, html_max_nodes=html_max_nodes, jobs=jobs,
                      scheduler=scheduler, cache=None if no_cache else cache or CACHE_DEFAULT, store=store,
                      progress=not quiet and sys.stderr.isatty())
    if not quiet:
        _summary(report)


@main.group("cache")
def cache_group() -> None:
    """The extractions kg keeps between builds."""


@cache_group.command("info")
@click.option("--cache", "cache", default=None, type=click.Path(file_okay=False), help="The cache folder.")
def cache_info_command(cache) -> None:
    """Articles and bytes in the cache, per set of rules."""
    from kg.engine.cache import cache_info, default_cache_dir
    infos = cache_info(cache)
    click.echo(f"cache: {cache or default_cache_dir()}")
    for info in infos:
        click.echo(f"  {info['fingerprint']}  {info['articles']:,} articles  {info['bytes'] / 1e6:.1f} MB")
    if not infos:
        click.echo("  empty")


@cache_group.command("clear")
@click.option("--cache", "cache", default=None, type=click.Path(file_okay=False), help="The cache folder.")
def cache_clear_command(cache) -> None:
    """Remove every cached extraction: the next build extracts every article."""
    from kg.engine.cache import clear_cache, default_cache_dir
    removed = clear_cache(cache)
    click.echo(f"removed {removed:,} cached extractions from {cache or default_cache_dir()}")


@main.command("html")
@click.argument("graph", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", default="view.html", show_default=True, type=click.Path(dir_okay=False),
              help="The HTML file to write.")
@click.option("--focus", default=None, help="Only the network around this entity (canonical name or alias).")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(0, 10),
              help="With --focus: how many relations away from it.")
@click.option("--types", default=None, help="Only these types, comma-separated: Person,Organization,Program,"
                                            "Meeting,Document,Place,Concept (or 人物,机构,…).")
@click.option("--max-nodes", default=None, type=click.IntRange(1, None),
              help="At most this many entities: the most connected are kept, and the page says what was left out.")
def html_command(graph, output, focus, depth, types, max_nodes) -> None:
    """Render an interactive HTML view of GRAPH (graph.ttl or graph.nt from `kg build`) without rebuilding."""
    import kg
    from kg.export.html import summarize_view
    info = kg.render_view(graph, output, focus=focus, depth=depth, types=types, max_nodes=max_nodes)
    for line in summarize_view(info):
        click.echo(line)


@main.command("validate")
@click.argument("graph", type=click.Path(exists=True, dir_okay=False))
@click.option("--shapes", type=click.Path(exists=True, dir_okay=False), default=None,
              help="SHACL shapes to use instead of kg's own (kg/data/ontology/shapes.ttl).")
def validate_command(graph, shapes) -> None:
    """Check GRAPH (Turtle or N-Triples) against kg's SHACL shapes; exit 1 on violations."""
    import kg
    conforms, report, _ = kg.validate(graph, shapes)
    click.echo(report.rstrip("\n"))
    sys.exit(0 if conforms else 1)


@main.command("query")
@click.argument("graph", type=click.Path(exists=True))
@click.argument("query")
@click.option("-f", "--format", type=click.Choice(["table", "csv", "tsv", "json", "xml"]), default="table",
              show_default=True, help="How to print SELECT results.")
@click.option("--allow-service", is_flag=True,
              help="Let the query use SERVICE, which fetches the URLs it names (refused by default).")
def query_command(graph, query, format, allow_service) -> None:
    """Run a SPARQL QUERY (a .rq file or the query text) over GRAPH (.ttl or .nt, or a store folder kg wrote)."""
    import kg
    click.echo(kg.query(graph, query, format, allow_service=allow_service).rstrip("\n"))


@main.command("serve")
@click.argument("graph", type=click.Path(exists=True))
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
@click.option("--cors", default=None, metavar="ORIGIN",
              help="Let web pages of ORIGIN (e.g. http://localhost:8888, or *) read the answers.")
def serve_command(graph, host, port, timeout, workers, allow_service, cors) -> None:
    """Serve GRAPH (.ttl or .nt, or a store folder kg wrote) as a read-only SPARQL 1.1 endpoint at
    http://HOST:PORT/sparql."""
    import kg
    server = kg.make_server(graph, host, port, workers=workers, timeout=timeout, allow_service=allow_service,
                            cors=cors)
    click.echo(f"SPARQL endpoint: http://{host}:{server.server_address[1]}/sparql (Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@main.command("train-ner")
@click.argument("gold", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--texts", default=None, type=click.Path(exists=True, file_okay=False),
              help="With GOLD: the folder of the annotated articles (the gold file's `doc` names).")
@click.option("--bio", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="A BIO corpus to train on: character<TAB>tag lines, a blank line between sentences (MSRA's "
                   "format; repeatable).")
@click.option("--dev", default=None, type=click.Path(exists=True, dir_okay=False),
              help="A BIO corpus to pick the best epoch on and to score (else a fifth of the training sentences).")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Model directory to write.")
@click.option("--epochs", default=40, show_default=True, type=click.IntRange(1, 1000), help="Passes over the data, "
              "at most.")
@click.option("--patience", default=5, show_default=True, type=click.IntRange(1, 1000),
              help="Stop when the dev score has not risen for this many epochs.")
@click.option("--crf/--no-crf", default=True, show_default=True, help="A CRF over the tagger's output.")
@click.option("--bigrams/--no-bigrams", default=True, show_default=True,
              help="Read each character with the character bigrams on either side (hashed).")
@click.option("--dev-doc", "dev_docs", multiple=True, help="With GOLD: hold these documents out as the dev set.")
@click.option("--seed", default=1, show_default=True, type=int, help="Seed of the dev split and the model's start.")
@click.option("--threads", default=1, show_default=True, type=click.IntRange(1, 256),
              help="Torch threads; more than one helps only on an otherwise idle machine.")
def train_ner_command(gold, texts, bio, dev, out, epochs, patience, crf, bigrams, dev_docs, seed, threads) -> None:
    """Train a HanLP NER model (people, organizations, places) on GOLD annotations of the
    articles in --texts and/or a BIO corpus (--bio), on the CPU, downloading nothing;
    print its dev scores per type. Use it with `kg build --ner hanlp --hanlp-model OUT`."""
    import os

    import kg
    click.echo(f"training; progress per epoch in {os.path.join(out, 'train.log')}", err=True)
    scores = kg.train_ner(gold, texts, out, bio=bio, dev=dev, epochs=epochs, crf=crf, bigrams=bigrams,
                          patience=patience, dev_docs=dev_docs, seed=seed, threads=threads)
    click.echo(f"model: {out}")
    for type_, s in sorted(scores.items(), key=lambda kv: (kv[0] != "ALL", kv[0])):
        click.echo(f"dev {type_:<12} precision {s.precision:.3f} recall {s.recall:.3f} F1 {s.f1:.3f} "
                   f"({s.gold} gold, {s.predicted} predicted)")


@main.command("eval")
@click.argument("graph", type=click.Path(exists=True, dir_okay=False))
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--doc", "docs", multiple=True, help="Score only these gold documents (repeatable).")
@click.option("--by-doc", is_flag=True, help="Also score each gold document alone: its table, one line each.")
@click.option("--compare", type=click.Path(exists=True, dir_okay=False),
              help="A report saved by `kg eval --json` (with --by-doc for article by article): show what "
                   "changed since it, what was fixed and what broke.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON (save it for --compare).")
@click.option("--brief", is_flag=True, help="Only the table, without missed and spurious items.")
def evaluate_command(graph, gold, docs, by_doc, compare, as_json, brief) -> None:
    """Score GRAPH (Turtle) against GOLD (JSON lines, SCHEMA.md format): precision, recall
    and F1 per entity type and per property, with what was missed and what is spurious."""
    import json

    import kg
    from kg.quality.evaluate import format_by_doc, format_comparison, format_report
    report = kg.evaluate(graph, gold, docs, by_doc=by_doc, compare=compare)
    if compare:
        click.echo(json.dumps(report, ensure_ascii=False, indent=1) if as_json else format_comparison(report))
    elif as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        click.echo(format_report(report, show_items=not brief))
        if by_doc:
            click.echo("\n" + format_by_doc(report))


def _summary(report) -> None:
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
    if report.reused:
        echo(f"cache:     {report.reused:,} read from the cache, {report.extracted:,} extracted")
    if report.up_to_date:
        echo("outputs:   up to date, left as they are (same articles, rules and options as when they were built)")
    echo(f"outputs:   {', '.join(report.outputs)}")
    for note in report.notes:
        echo(f"graph.html {note}")
    echo(f"time:      {report.seconds:.1f} s")


if __name__ == "__main__":
    main()
