"""Every message kg gives a user when it stops, in one catalogue (the way spaCy keeps its
``Errors``), and the exceptions that carry them.

A `KGError` is a user's mistake or a condition of the machine, never a bug: the command
line prints it as one line (``kg: [E001] no such file or folder: x``) and exits with its
``exit_code`` (2 for a mistake in what was asked, 1 for a failure while writing). Any
other exception is a bug and keeps its traceback.

    raise InputError(Errors.E001.format(path=path))
"""
from __future__ import annotations


class _WithCodes(type):
    """Prefix each message with its code, so a user can quote it and find it here."""

    def __getattribute__(cls, name: str):
        value = super().__getattribute__(name)
        if name[:1] in "EW" and name[1:].isdigit():
            return f"[{name}] {value}"
        return value


class Errors(metaclass=_WithCodes):
    # input
    E001 = "no such file or folder: {path}"
    E002 = "no readable article among {count} file(s); nothing written"
    # outputs
    E010 = "the output folder {path} is a file, not a folder"
    E011 = "cannot create the output folder {path}: its parent folder {parent} does not exist"
    E012 = "cannot write to the output folder {path}: {reason}"
    E013 = "--base-iri {iri!r} is not a usable base IRI: {reason}"
    E014 = "another kg build is writing to {path}; wait for it to finish"
    E015 = "no space left on the device while writing {path}; the previous outputs are kept whole"
    E016 = "could not write {path}: {reason}; the previous outputs are kept whole"
    E017 = "the output file {path} is a folder"
    # NER backends
    E020 = "unknown NER backend {name!r}; choose one of {choices}"
    E021 = "--ner hanlp: HanLP is not installed ({detail}); {hint}"
    E022 = ("--ner hanlp needs --hanlp-model: a directory made by `kg train-ner` or a HanLP pretrained "
            "identifier such as MSRA_NER_ELECTRA_SMALL_ZH")
    E023 = "--hanlp-model {model}: not a HanLP model directory (no config.json)"
    E024 = "--hanlp-model {model}: HanLP could not load it: {detail}"
    E025 = ("--hanlp-model {model}: no such directory and no HanLP pretrained model of that name "
            "(see hanlp.pretrained.ner and hanlp.pretrained.mtl)")
    E026 = ("--hanlp-model {model}: the pretrained model could not be downloaded or loaded ({detail}); on a "
            "machine with internet run kg once to fetch it into ~/.hanlp, or train one here with `kg train-ner`")
    E027 = "kg train-ner needs HanLP ({detail}); {hint}"
    E028 = "kg train-ner: {detail}"
    E029 = "--hanlp-types: unknown type {types}; the types a model can add are {known}"
    E019 = "--hanlp-model {model}: a multi-task model without a NER task (it has {tasks}); kg reads {known}"
    # data files (--data and kg/data)
    E030 = "{path}: not valid YAML: {detail}"
    E031 = "{path}: rule {rule!r}: not a valid regular expression: {detail}"
    E032 = "{path}: rule {rule!r}: unknown macro {macro}; the macros are {known}"
    E033 = "{path}: unknown property {prop!r}; the properties are {known}"
    E034 = "{path}: {detail}"
    E035 = "{path}: not readable: {detail}"
    # graph files, gold files, queries
    E040 = "{path}: not a readable {format} file: {detail}"
    E041 = "{path}, line {line}: {detail}"
    E042 = "bad query: {detail}"
    E043 = ("the query uses SERVICE, which makes this machine fetch other URLs; it is refused unless "
            "--allow-service is given")
    E044 = "{path}: not a readable query file: {detail}"
    # views
    E050 = "unknown type {types}; the types are {known}"
    E051 = "{name} must be {least} or more"
    E052 = "no entity is named {name!r} (canonical name or alias)"
    E053 = "the view is empty: no entity of type {types}"
    E054 = "the view is empty: the graph has no entity"
    # the engine: Dask and the cache
    E060 = "--scheduler {address}: cannot reach a Dask scheduler there ({detail}); start one with `dask scheduler`"
    E061 = "--cache {path}: not a folder kg can keep its cache in: {detail}"
    E062 = ("the merged graph could not be kept in {path}: {detail}; set TMPDIR to a folder with room "
            "(about 4 MB per MB of text); the previous outputs are whole")
    E063 = ("the articles' extractions could not be written to {path}: {detail}; make room there or give a folder "
            "with room (--cache, or TMPDIR with --no-cache); the previous outputs are whole")
    # SPARQL stores (a graph loaded once into Oxigraph on disk)
    E070 = ("{path}: not a SPARQL store written by kg (no {marker}); give a graph file (graph.ttl, graph.nt) "
            "or a store folder kg wrote")
    E071 = ("{path}: the folder exists and is not a SPARQL store written by kg (no {marker}); kg replaces only "
            "its own stores, so choose a new or empty folder")
    E072 = "{path}: a file, not a folder for a SPARQL store"
    E073 = "{path}: the SPARQL store cannot be opened: {detail}"
    E074 = "could not write the SPARQL store {path}: {detail}; the previous store is kept whole"


class KGError(Exception):
    """A condition kg reports in one line; `exit_code` is what the command line returns."""

    exit_code = 2


class InputError(KGError):
    """A path or option given by the user that cannot be used at all."""


class NothingReadable(KGError):
    """Not one of the paths given holds an article kg can read."""

    exit_code = 1


class OutputError(KGError):
    """The output folder cannot take the outputs (checked before any work is done)."""


class WriteError(KGError):
    """Writing the outputs failed (a full disk, an I/O error); the previous outputs are whole."""

    exit_code = 1


class DataError(KGError):
    """A dictionary or pattern file (built in or from --data) that cannot be used."""


class BackendUnavailable(KGError):
    """A NER backend that cannot run here (not installed, model not found or not
    downloadable): the message says what to do."""


class GraphFileError(KGError):
    """A graph (Turtle, N-Triples) or gold file that cannot be read."""


class QueryError(KGError):
    """A SPARQL query that is malformed or refused."""


class ViewError(KGError, ValueError):
    """An HTML view that cannot be drawn: an unknown name or type, an empty view."""
