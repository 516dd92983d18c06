"""Scoring a built graph against gold annotations (SCHEMA.md's gold format), so users can
measure kg on articles they annotated themselves.

Definitions, as in SCHEMA.md: an entity is found by the local name of its rdf:type and its
labels (rdfs:label, skos:prefLabel, skos:altLabel); it matches a gold entity of the same
type when one of its labels equals the gold name or an alias (whitespace, quote marks and
《》 ignored; full-width parentheses folded); matching is one to one. Gold entities of
different articles are one when the canonical name of one is a name of the other. A
relation matches when its property is the same and both ends match.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Iterable

import networkx as nx
from rdflib.namespace import RDF, RDFS, SKOS

from kg.errors import Errors, GraphFileError
from kg.quality.scores import Scores
from kg.schema import ENTITY_TYPES, HEADLINE_TYPES, RELATION_SIGNATURES
from kg.sparql.store import load_rdflib

_IGNORED = str.maketrans({"（": "(", "）": ")", "“": None, "”": None, "‘": None, "’": None, '"': None,
                          "《": None, "》": None, "〈": None, "〉": None, "•": "·"})


def normal_name(name: str) -> str:
    return "".join(str(name).split()).translate(_IGNORED)


def _local_name(term) -> str:
    text = str(term)
    for sep in ("#", "/", ":"):
        text = text.rsplit(sep, 1)[-1]
    return text


def predictions(path: str | Path):
    """Entities (node → type), their names, primary names, and relations of a graph file."""
    g = load_rdflib(path)
    names: dict = defaultdict(set)
    primary: dict = defaultdict(set)
    for prop in (RDFS.label, SKOS.prefLabel, SKOS.altLabel):
        for s, o in g.subject_objects(prop):
            names[s].add(normal_name(o))
            if prop != SKOS.altLabel:
                primary[s].add(normal_name(o))
    types = {s: _local_name(o) for s, o in g.subject_objects(RDF.type)
             if _local_name(o) in ENTITY_TYPES and names.get(s)}
    relations = set()
    for s, p, o in g:
        prop = _local_name(p)
        if prop not in RELATION_SIGNATURES or s not in types:
            continue
        if prop == "holdsPosition":
            for p2, org in g.predicate_objects(o):
                if _local_name(p2) == "organization" and org in types:
                    relations.add((s, prop, org))
        elif o in types:
            relations.add((s, prop, o))
    return types, names, primary, relations


def _gold_record(line: str) -> dict:
    """One line of a gold file, checked: SCHEMA.md's fields, known types and properties."""
    record = json.loads(line)
    if not isinstance(record, dict):
        raise ValueError("a line must be a JSON object")
    if not isinstance(record["doc"], str):
        raise ValueError("doc must be a file name")
    for e in record["entities"]:
        if e["type"] not in ENTITY_TYPES or not isinstance(e["name"], str):
            raise ValueError(f"an entity needs a known type and a name: {e}")
    for r in record["relations"]:
        if not isinstance(r["s"], str) or not isinstance(r["o"], str):
            raise ValueError(f"a relation needs s and o names: {r}")
        if r["p"] not in RELATION_SIGNATURES:
            raise ValueError(f"unknown property in {r}")
    return record


def read_gold(path: str | Path, documents: set[str] | None = None):
    """Gold entities merged across articles (canonical name of one = a name of the other)."""
    items: list[tuple[str, str, set[str]]] = []
    raw_relations = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise GraphFileError(Errors.E040.format(path=path, format="JSON lines", detail=exc)) from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = _gold_record(line)
        except (ValueError, KeyError, TypeError) as exc:
            detail = f"missing field {exc}" if isinstance(exc, KeyError) else str(exc)
            raise GraphFileError(Errors.E041.format(path=path, line=number, detail=detail)) from None
        if documents and record["doc"] not in documents:
            continue
        by_canonical: dict[str, list[int]] = defaultdict(list)
        for e in record["entities"]:
            canonical = normal_name(e["name"])
            by_canonical[canonical].append(len(items))
            items.append((e["type"], canonical, {canonical, *(normal_name(a) for a in e.get("aliases", []))}))
        for r in record["relations"]:
            s_types, o_types = RELATION_SIGNATURES[r["p"]]
            s = next((i for i in by_canonical.get(normal_name(r["s"]), []) if items[i][0] in s_types), None)
            o = next((i for i in by_canonical.get(normal_name(r["o"]), []) if items[i][0] in o_types), None)
            if s is None or o is None:
                raise GraphFileError(Errors.E041.format(
                    path=path, line=number, detail=f"a relation's end is not an entity of its type: {r}"))
            raw_relations.append((s, r["p"], o))
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    named: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, (type_, _, all_names) in enumerate(items):
        for n in all_names:
            named[(type_, n)].append(i)
    for i, (type_, canonical, _) in enumerate(items):
        for j in named[(type_, canonical)]:
            parent[root(j)] = root(i)
    entities: dict[int, tuple[str, set[str], set[str]]] = {}
    for i, (type_, canonical, all_names) in enumerate(items):
        r = root(i)
        _, canon, known = entities.get(r, (type_, set(), set()))
        entities[r] = (type_, canon | {canonical}, known | all_names)
    relations = {(root(s), p, root(o)) for s, p, o in raw_relations}
    return entities, relations


def evaluate(graph: str | Path, gold: str | Path, docs: Iterable[str] | None = None) -> dict:
    """`kg eval`: precision, recall and F1 of a graph file against gold annotations (of the
    documents `docs`, else all), per type and property, with what was missed and spurious."""
    types, names, primary, predicted_relations = predictions(graph)
    gold_entities, gold_relations = read_gold(gold, set(docs) if docs else None)
    matched: dict = {}
    report: dict = {"entities": {}, "relations": {}}
    totals = Scores()
    for type_ in ENTITY_TYPES:
        predicted = [e for e, t in types.items() if t == type_]
        gold = [k for k, (t, _, _) in gold_entities.items() if t == type_]
        pairs = nx.Graph()
        for e in predicted:
            for k in gold:
                _, canonical, known = gold_entities[k]
                if names[e] & known:
                    weight = 3 if primary[e] & canonical else 2 if names[e] & canonical else 1
                    pairs.add_edge(("p", e), ("g", k), weight=weight)
        for a, b in nx.max_weight_matching(pairs, maxcardinality=True):
            p, g = (a, b) if a[0] == "p" else (b, a)
            matched[p[1]] = g[1]
        hit_gold = {matched[e] for e in predicted if e in matched}
        s = Scores(tp=sum(1 for e in predicted if e in matched), predicted=len(predicted), gold=len(gold),
                   missed=sorted(min(gold_entities[k][1]) for k in gold if k not in hit_gold),
                   spurious=sorted(min(names[e], key=len) for e in predicted if e not in matched))
        report["entities"][type_] = s.as_dict()
        if type_ in HEADLINE_TYPES:
            totals.tp += s.tp
            totals.predicted += s.predicted
            totals.gold += s.gold
    report["entities"]["ALL"] = totals.as_dict()
    mapped = {(matched.get(s, ("unmatched", s)), p, matched.get(o, ("unmatched", o)))
              for s, p, o in predicted_relations}

    def gold_name(k) -> str:
        return min(gold_entities[k][1]) if k in gold_entities else str(k)
    all_relations = Scores()
    for prop in RELATION_SIGNATURES:
        pred = {x for x in mapped if x[1] == prop}
        gold = {x for x in gold_relations if x[1] == prop}
        s = Scores(tp=len(pred & gold), predicted=len(pred), gold=len(gold),
                   missed=sorted(f"{gold_name(a)} {prop} {gold_name(b)}" for a, _, b in gold - pred))
        report["relations"][prop] = s.as_dict()
        all_relations.tp += s.tp
        all_relations.predicted += s.predicted
        all_relations.gold += s.gold
        all_relations.missed += s.missed
    report["relations"]["ALL"] = all_relations.as_dict()
    return report


def format_report(report: dict, show_items: bool = True) -> str:
    lines = [f"{'':24}{'P':>7}{'R':>7}{'F1':>7}{'pred':>6}{'gold':>6}"]
    for section in ("entities", "relations"):
        for name, s in report[section].items():
            lines.append(f"{section[:3]} {name:20}{s['P']:7.3f}{s['R']:7.3f}{s['F1']:7.3f}{s['pred']:6}{s['gold']:6}")
    if show_items:
        for name, s in report["entities"].items():
            if name != "ALL" and (s["missed"] or s["spurious"]):
                lines.append(f"\n{name} missed: {'、'.join(s['missed']) or '-'}")
                lines.append(f"{name} spurious: {'、'.join(s['spurious']) or '-'}")
        if report["relations"]["ALL"]["missed"]:
            lines.append("\nrelations missed:")
            lines.extend(f"  {m}" for m in report["relations"]["ALL"]["missed"])
    e, r = report["entities"]["ALL"], report["relations"]["ALL"]
    lines.append(f"entity F1 {e['F1']:.3f} relation F1 {r['F1']:.3f}")
    return "\n".join(lines)
