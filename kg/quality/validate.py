"""Check a built graph against the SHACL shapes of kg's output.

The shapes say what SCHEMA.md and kg/rdf.py promise about graph.ttl: one Chinese label per
entity, relations between the right classes, the materialised org:/schema: alignment,
well-formed evidence and articles. ``validate`` runs pyshacl on a Turtle (or N-Triples)
file and returns ``(conforms, report_text, violations)``; ``format_report`` turns
pyshacl's results graph into one readable line per problem. The ``kg validate GRAPH``
command prints the text and exits non-zero when ``violations`` is not 0.

    from kg.validate import validate
    conforms, text, n = validate("output/graph.ttl")
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib import RDF, RDFS, BNode, Literal, Namespace, URIRef
from rdflib.namespace import NamespaceManager

from kg.schema import PREFIXES
from kg.sparql.store import load_rdflib

SH = Namespace("http://www.w3.org/ns/shacl#")

# The shapes live in the package, the only copy (ontology/shapes.ttl is a link to it).
SHAPES = Path(__file__).parents[1] / "data" / "ontology" / "shapes.ttl"

def validate_graph(data: rdflib.Graph, shapes_path: str | Path | None = None) -> tuple[bool, rdflib.Graph]:
    """Run pyshacl on a graph already in memory; returns (conforms, results graph).

    ``inference="none"``: kg's output states its aligned types and properties itself, and
    the shapes check that it does, so nothing may be inferred. ``advanced=True`` enables
    the SPARQL-based targets that find relations without evidence in one query."""
    import pyshacl
    shapes = load_rdflib(shapes_path or SHAPES)
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True,
                                            abort_on_first=False, allow_warnings=False, meta_shacl=False)
    return bool(conforms), results


def validate(graph: str | Path, shapes: str | Path | None = None) -> tuple[bool, str, int]:
    """Validate a graph file against the shapes (by default kg's own).

    Returns ``(conforms, report_text, violations)``: the text from ``format_report`` and
    the number of results of severity sh:Violation, for the caller's exit code."""
    data = load_rdflib(graph)
    conforms, results = validate_graph(data, shapes)
    return conforms, format_report(results, data, source=str(graph)), count_violations(results)


def count_violations(results: rdflib.Graph) -> int:
    """The number of results of severity sh:Violation in a pyshacl results graph."""
    return sum(1 for _ in results.subjects(SH.resultSeverity, SH.Violation))


@dataclass(frozen=True)
class Problem:
    """One validation result, with the names a reader needs."""

    severity: str        # Violation, Warning or Info
    focus: str           # IRI (or blank node id) of the focus node
    focus_label: str     # its rdfs:label, or a description when it has none
    path: str            # the property (compact, "^p" for an inverse path), "" for node-level checks
    value: str           # the offending value, "" when there is none
    message: str


def _namespaces() -> NamespaceManager:
    nsm = NamespaceManager(rdflib.Graph(), bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        nsm.bind(prefix, ns)
    nsm.bind("sh", str(SH))
    return nsm


def _compact(term, nsm: NamespaceManager) -> str:
    if isinstance(term, URIRef):
        try:
            prefix, ns, local = nsm.compute_qname(str(term), generate=False)
            return f"{prefix}:{local}" if prefix else f"<{term}>"
        except (KeyError, ValueError):
            return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3(nsm)
    return str(term)


def _label(node, data: rdflib.Graph) -> str | None:
    labels = sorted(data.objects(node, RDFS.label), key=lambda lit: (getattr(lit, "language", None) != "zh", str(lit)))
    return str(labels[0]) if labels else None


def _kg_types(node, data: rdflib.Graph, nsm: NamespaceManager) -> list[str]:
    kg_ns = PREFIXES["kg"]
    return sorted(_compact(t, nsm) for t in data.objects(node, RDF.type) if str(t).startswith(kg_ns))


def _describe(node, data: rdflib.Graph, nsm: NamespaceManager) -> str:
    """A node as a reader knows it: its label and kg class; a statement by what it states."""
    if isinstance(node, Literal):
        return _compact(node, nsm)
    label = _label(node, data)
    types = _kg_types(node, data, nsm)
    kind = f" ({', '.join(types)})" if types else ""
    if label:
        return f"{label}{kind}"
    file_name = data.value(node, URIRef(PREFIXES["kg"] + "fileName"))
    if file_name is not None:
        return f"{file_name}{kind}"
    if (node, RDF.type, RDF.Statement) in data:
        parts = [data.value(node, p) for p in (RDF.subject, RDF.predicate, RDF.object)]
        said = " ".join(_label(p, data) or _compact(p, nsm) for p in parts if p is not None)
        return f"statement {_compact(node, nsm)} [{said}]"
    return f"{_compact(node, nsm)}{kind}"


def _path(path, results: rdflib.Graph, nsm: NamespaceManager) -> str:
    if path is None:
        return ""
    if isinstance(path, BNode):
        inverse = results.value(path, SH.inversePath)
        return f"^{_compact(inverse, nsm)}" if inverse is not None else "(complex path)"
    return _compact(path, nsm)


def _message(result, results: rdflib.Graph) -> str:
    messages = list(results.objects(result, SH.resultMessage))
    english = [m for m in messages if getattr(m, "language", None) in ("en", None)]
    if english or messages:
        return str(sorted(english or messages, key=str)[0])
    component = results.value(result, SH.sourceConstraintComponent)
    return f"fails {component.split('#')[-1] if component else 'a constraint'}"


def problems(results: rdflib.Graph, data: rdflib.Graph) -> list[Problem]:
    """The validation results of a pyshacl results graph, described from the data graph."""
    nsm = _namespaces()
    out = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        value = results.value(result, SH.value)
        severity = results.value(result, SH.resultSeverity)
        out.append(Problem(
            severity=str(severity).split("#")[-1] if severity else "Violation",
            focus=str(focus),
            focus_label=_describe(focus, data, nsm) if focus is not None else "",
            path=_path(results.value(result, SH.resultPath), results, nsm),
            value=_describe(value, data, nsm) if value is not None and value != focus else "",
            message=_message(result, results),
        ))
    return sorted(out, key=lambda p: (p.severity != "Violation", p.message, p.focus_label, p.path, p.value))


def format_report(results: rdflib.Graph, data: rdflib.Graph, *, source: str | None = None,
                  limit: int | None = None) -> str:
    """A readable summary of a pyshacl results graph: a count, then one line per problem
    (focus node by label, path, value, message), at most `limit` lines, then counts by
    message when lines were left out or there are many."""
    found = problems(results, data)
    name = f"{source}: " if source else ""
    violations = sum(1 for p in found if p.severity == "Violation")
    others = Counter(p.severity.lower() for p in found if p.severity != "Violation")
    if not found:
        return f"{name}conforms to the shapes (0 violations)."
    head = f"{name}{violations} violation{'s' if violations != 1 else ''}"
    head += "".join(f", {n} {sev}{'s' if n != 1 else ''}" for sev, n in sorted(others.items()))
    lines = [head]
    shown = found if limit is None else found[:limit]
    for p in shown:
        where = f" · {p.path}" if p.path else ""
        value = f" → {p.value}" if p.value else ""
        flag = "" if p.severity == "Violation" else f"[{p.severity.lower()}] "
        lines.append(f"  {flag}{p.focus_label}{where}{value}: {p.message}")
    if len(shown) < len(found):
        lines.append(f"  … and {len(found) - len(shown)} more")
    if len(shown) < len(found) or len(found) > 20:
        lines.append("by problem:")
        for message, n in Counter(p.message for p in found).most_common():
            lines.append(f"  {n:6d}  {message}")
    return "\n".join(lines)
