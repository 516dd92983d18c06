"""The pipeline: its stages declare what they assign and require, each field of the
document's state is written by one stage, long texts go in pieces."""
import ast
from pathlib import Path

from kg.extract.pipeline import COMPONENTS, pieces
from kg.extract.state import FIELDS
from kg.schema import EXTRACTORS, extractor

KG = Path(__file__).resolve().parents[2] / "kg"
SET_WHEN_MADE = {"text", "source", "article_date"}


def test_every_requirement_is_assigned_by_an_earlier_stage(nlp):
    assert nlp.pipe_names == list(COMPONENTS)
    assert not any(nlp.analyze_pipes()["problems"].values())


def test_each_field_of_the_state_is_written_by_one_stage(nlp):
    writers: dict[str, list[str]] = {}
    for name in nlp.pipe_names:
        for attr in nlp.get_pipe_meta(name).assigns:
            if attr.startswith("doc._."):
                writers.setdefault(attr[6:], []).append(name)
    assert all(len(stages) == 1 for stages in writers.values()), writers
    assert set(writers) | SET_WHEN_MADE == set(FIELDS)


def test_pieces_are_cut_between_paragraphs_else_sentences():
    text = "甲" * 30 + "\n" + "乙" * 30 + "。" + "丙" * 50
    assert pieces(text, 40) == [(0, 31), (31, 62), (62, 102), (102, 112)]
    assert pieces("", 40) == [(0, 0)]


def test_every_extractor_the_code_names_is_in_the_schema():
    named = set()
    for path in KG.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                    node.value.split(":")[0] in ("grammar", "dictionary") and ":" in node.value and \
                    " " not in node.value:
                named.add(node.value)
    assert named and all(extractor(n).name in EXTRACTORS for n in named), named - set(EXTRACTORS)


def test_no_stage_of_extraction_writes_another_stages_part():
    """A stage's module assigns only its own fields of the state (`doc._.x = …`)."""
    from kg.extract.state import DocumentState  # noqa: F401
    owners = {"sentences.py": {"sentences"}, "words.py": {"words"}, "ner/__init__.py": {"ner_mentions"},
              "mentions/__init__.py": {"candidates"}, "mentions/choose.py": {"chosen", "contained"},
              "mentions/coreference.py": {"references"}, "resolve/__init__.py": {"home", "resolved", "entities"},
              "relations/__init__.py": {"relations", "implied", "dates"}, "state.py": SET_WHEN_MADE}
    for path in (KG / "extract").rglob("*.py"):
        relative = str(path.relative_to(KG / "extract"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Attribute) and \
                            target.value.attr == "_":
                        assert target.attr in owners.get(relative, set()), (relative, target.attr)


def test_no_import_cycle_in_kg():
    """Module-level imports between kg's modules form no cycle (a package's own __init__
    importing its modules does not count: that is how packages export)."""
    graph: dict[str, set[str]] = {}
    for path in KG.rglob("*.py"):
        name = ".".join(path.relative_to(KG.parent).with_suffix("").parts).removesuffix(".__init__")
        deps = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kg"):
                deps.add(node.module)
                deps.update(f"{node.module}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name.startswith("kg"))
        graph[name] = deps
    graph = {m: {d for d in deps if d in graph and d != m} for m, deps in graph.items()}
    state: dict[str, int] = {}

    def visit(module, path):
        state[module] = 1
        for dep in graph[module]:
            assert state.get(dep) != 1, " → ".join(path + [dep])
            if dep not in state:
                visit(dep, path + [dep])
        state[module] = 2
    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
