"""Scoring a built graph against gold annotations (SCHEMA.md's gold format), so users can
measure kg on articles they annotated themselves.

Definitions, as in SCHEMA.md: an entity is found by the local name of its rdf:type and its
labels (rdfs:label, skos:prefLabel, skos:altLabel); it matches a gold entity of the same
type when one of its labels equals the gold name or an alias (whitespace, quote marks and
《》 ignored; full-width parentheses folded); matching is one to one. Gold entities of
different articles are one when the canonical name of one is a name of the other. A
relation matches when its property is the same and both ends match.

Per document (``by_doc``), an article's predictions are the entities the graph says are
mentioned in it (kg:mentionedIn) and the facts whose evidence comes from it
(prov:wasDerivedFrom), scored against that article's gold alone. ``changes`` sets two
reports side by side: what the newer one found that the older missed (fixed), and what
it misses or invents that the older did not (broke), article by article when both
reports were made with ``by_doc``.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Iterable

import networkx as nx
from rdflib import URIRef
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


KG = "http://kg.example.org/ontology#"
PROV = "http://www.w3.org/ns/prov#"


def _sources(g) -> tuple[dict, dict]:
    """The articles (file names) each node is mentioned in, and each (s, property, o) fact's
    evidence comes from; a position's fact is keyed by its organization, as it is scored."""
    file_name = {a: str(n) for a, n in g.subject_objects(URIRef(KG + "fileName"))}
    nodes: dict = defaultdict(set)
    for node, article in g.subject_objects(URIRef(KG + "mentionedIn")):
        if article in file_name:
            nodes[node].add(file_name[article])
    facts: dict = defaultdict(set)
    for statement in g.subjects(RDF.type, RDF.Statement):
        s, p, o = (g.value(statement, RDF.subject), g.value(statement, RDF.predicate),
                   g.value(statement, RDF.object))
        docs = {file_name[a] for a in g.objects(statement, URIRef(PROV + "wasDerivedFrom")) if a in file_name}
        if s is None or p is None or o is None or not docs:
            continue
        prop = _local_name(p)
        targets = [org for p2, org in g.predicate_objects(o) if _local_name(p2) == "organization"] \
            if prop == "holdsPosition" else [o]
        for target in targets:
            facts[(s, prop, target)] |= docs
    return nodes, facts


def predictions(path: str | Path, with_sources: bool = False):
    """Entities (node → type), their names, primary names, and relations of a graph file
    (and, `with_sources`, the articles of each node and fact: ``_sources``)."""
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
    if with_sources:
        return types, names, primary, relations, _sources(g)
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


def gold_records(path: str | Path) -> list[tuple[int, dict]]:
    """The checked lines of a gold file, with their line numbers."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise GraphFileError(Errors.E040.format(path=path, format="JSON lines", detail=exc)) from None
    records = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            records.append((number, _gold_record(line)))
        except (ValueError, KeyError, TypeError) as exc:
            detail = f"missing field {exc}" if isinstance(exc, KeyError) else str(exc)
            raise GraphFileError(Errors.E041.format(path=path, line=number, detail=detail)) from None
    return records


def read_gold(path: str | Path, documents: set[str] | None = None, records: list[tuple[int, dict]] | None = None):
    """Gold entities merged across articles (canonical name of one = a name of the other),
    of the file's `records` when they were read already."""
    items: list[tuple[str, str, set[str]]] = []
    raw_relations = []
    for number, record in gold_records(path) if records is None else records:
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


def evaluate(graph: str | Path, gold: str | Path, docs: Iterable[str] | None = None, by_doc: bool = False,
             compare: str | Path | None = None) -> dict:
    """`kg eval`: precision, recall and F1 of a graph file against gold annotations (of the
    documents `docs`, else all), per type and property, with what was missed and spurious;
    `by_doc` adds ``report["documents"]``, the same report for each gold article alone.
    With `compare` (a report saved by ``kg eval --json``) the result is ``changes`` from
    that report to this one (article by article if it has documents)."""
    if compare is not None:
        before = read_report(compare)
        return changes(before, evaluate(graph, gold, docs, by_doc=by_doc or bool(before.get("documents"))))
    types, names, primary, predicted_relations, (node_docs, fact_docs) = predictions(graph, with_sources=True)
    wanted = set(docs) if docs else None
    records = gold_records(gold)
    report = _score(types, names, primary, predicted_relations, *read_gold(gold, wanted, records))
    if by_doc:
        report["documents"] = {}
        for doc in sorted({r["doc"] for _, r in records if not wanted or r["doc"] in wanted}):
            doc_types = {e: t for e, t in types.items() if doc in node_docs.get(e, ())}
            doc_relations = {r for r in predicted_relations if doc in fact_docs.get(r, ())}
            report["documents"][doc] = _score(doc_types, names, primary, doc_relations,
                                              *read_gold(gold, {doc}, records))
    return report


def _score(types: dict, names: dict, primary: dict, predicted_relations: set, gold_entities: dict,
           gold_relations: set) -> dict:
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

    def name(k) -> str:
        if isinstance(k, tuple) and k[:1] == ("unmatched",):
            return min(names.get(k[1]) or {str(k[1])}, key=len)
        return min(gold_entities[k][1]) if k in gold_entities else str(k)
    all_relations = Scores()
    for prop in RELATION_SIGNATURES:
        pred = {x for x in mapped if x[1] == prop}
        gold = {x for x in gold_relations if x[1] == prop}
        s = Scores(tp=len(pred & gold), predicted=len(pred), gold=len(gold),
                   missed=sorted(f"{name(a)} {prop} {name(b)}" for a, _, b in gold - pred),
                   spurious=sorted(f"{name(a)} {prop} {name(b)}" for a, _, b in pred - gold))
        report["relations"][prop] = s.as_dict()
        all_relations.tp += s.tp
        all_relations.predicted += s.predicted
        all_relations.gold += s.gold
        all_relations.missed += s.missed
        all_relations.spurious += s.spurious
    report["relations"]["ALL"] = all_relations.as_dict()
    return report


def read_report(path: str | Path) -> dict:
    """A report saved by `kg eval --json`, checked enough to compare with."""
    try:
        report = json.loads(Path(path).read_text(encoding="utf-8"))
        if not isinstance(report, dict) or not all(isinstance(report.get(k), dict) and "ALL" in report[k]
                                                   for k in ("entities", "relations")):
            raise ValueError("it has no entities and relations with ALL: save one with kg eval --json")
    except (ValueError, UnicodeDecodeError) as exc:
        raise GraphFileError(Errors.E040.format(path=path, format="kg eval --json report", detail=exc)) from None
    return report


def _items(report: dict) -> tuple[set[str], set[str]]:
    """What a report (or one document's) missed and what it invented, as lines to compare."""
    missed, spurious = set(), set()
    for name, s in report["entities"].items():
        if name != "ALL":
            missed |= {f"{name} {x}" for x in s.get("missed", [])}
            spurious |= {f"{name} {x}" for x in s.get("spurious", [])}
    for name, s in report["relations"].items():
        if name != "ALL":
            missed |= set(s.get("missed", []))
            spurious |= set(s.get("spurious", []))
    return missed, spurious


def changes(old: dict, new: dict) -> dict:
    """What changed from the report `old` to `new`: the headline scores of both, per
    document where both have documents, and the items fixed (missed before, found now; or
    spurious before, gone now) and broken (the reverse)."""
    out: dict = {"scores": {}, "documents": {}, "fixed": [], "broke": []}
    for section in ("entities", "relations"):
        for key, s in new[section].items():
            before = old.get(section, {}).get(key)
            if before is not None:
                out["scores"][f"{section[:3]} {key}"] = (before["F1"], s["F1"])
    pairs = [("", old, new)]
    if old.get("documents") and new.get("documents"):
        pairs = [(f"{doc}: ", old["documents"][doc], new["documents"][doc])
                 for doc in new["documents"] if doc in old["documents"]]
        for prefix, a, b in pairs:
            out["documents"][prefix[:-2]] = {
                "entities": (a["entities"]["ALL"]["F1"], b["entities"]["ALL"]["F1"]),
                "relations": (a["relations"]["ALL"]["F1"], b["relations"]["ALL"]["F1"])}
    for prefix, a, b in pairs:
        (missed_a, spurious_a), (missed_b, spurious_b) = _items(a), _items(b)
        out["fixed"] += [f"{prefix}found {x}" for x in sorted(missed_a - missed_b)]
        out["fixed"] += [f"{prefix}no longer invents {x}" for x in sorted(spurious_a - spurious_b)]
        out["broke"] += [f"{prefix}misses {x}" for x in sorted(missed_b - missed_a)]
        out["broke"] += [f"{prefix}invents {x}" for x in sorted(spurious_b - spurious_a)]
    return out


def format_comparison(change: dict) -> str:
    lines = [f"{'':24}{'before':>8}{'after':>8}{'change':>8}"]
    for key, (a, b) in change["scores"].items():
        lines.append(f"{key:24}{a:8.3f}{b:8.3f}{b - a:+8.3f}")
    if change["documents"]:
        lines.append(f"\n{'document':24}{'entity F1':>16}{'relation F1':>18}")
        for doc, d in change["documents"].items():
            (ea, eb), (ra, rb) = d["entities"], d["relations"]
            lines.append(f"{doc:24}{ea:6.3f} → {eb:.3f}{'':3}{ra:6.3f} → {rb:.3f}"
                         f"{'  ' + ('better' if eb + rb > ea + ra else 'worse') if (ea, ra) != (eb, rb) else ''}")
    lines.append(f"\nfixed ({len(change['fixed'])}):")
    lines.extend(f"  {x}" for x in change["fixed"])
    lines.append(f"broke ({len(change['broke'])}):")
    lines.extend(f"  {x}" for x in change["broke"])
    return "\n".join(lines)


def format_by_doc(report: dict) -> str:
    lines = [f"{'document':24}{'entity P':>9}{'R':>7}{'F1':>7}{'gold':>6}{'relation P':>12}{'R':>7}{'F1':>7}{'gold':>6}"]
    for doc, r in report["documents"].items():
        e, rel = r["entities"]["ALL"], r["relations"]["ALL"]
        lines.append(f"{doc:24}{e['P']:9.3f}{e['R']:7.3f}{e['F1']:7.3f}{e['gold']:6}"
                     f"{rel['P']:12.3f}{rel['R']:7.3f}{rel['F1']:7.3f}{rel['gold']:6}")
    e, rel = report["entities"]["ALL"], report["relations"]["ALL"]
    lines.append(f"{'all':24}{e['P']:9.3f}{e['R']:7.3f}{e['F1']:7.3f}{e['gold']:6}"
                 f"{rel['P']:12.3f}{rel['R']:7.3f}{rel['F1']:7.3f}{rel['gold']:6}")
    return "\n".join(lines)


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
