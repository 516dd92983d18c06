"""The command line as a user runs it, and what it does with bad input."""
import re
import subprocess
import sys

import click
import pytest

from helpers import ROOT, SAMPLE, cli as kg
from kg.export.outputs import atomic_path

ARTICLE = "省政协召开常委会会议。省政协主席朱国贤主持召开省政协十三届九次主席会议，审议通过有关文件。"


def test_build_writes_every_output_and_a_summary(tmp_path):
    out = tmp_path / "out"
    result = kg("build", SAMPLE, "-o", out)
    assert result.returncode == 0, result.stderr
    for name in ("graph.ttl", "graph.html", "graph.graphml", "entities.csv", "relations.csv"):
        assert (out / name).stat().st_size > 100, name
    assert "documents: 4 read, 0 skipped" in result.stdout
    assert "Person" in result.stdout and "presides" in result.stdout and "time:" in result.stdout


def test_missing_path_exits_2_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    result = kg("build", tmp_path / "nowhere", "-o", out)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no such file" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_bad_files_are_skipped_named_and_counted(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "bom.txt").write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    (corpus / "gbk.txt").write_bytes(ARTICLE.encode("gb18030"))
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 50)
    out = tmp_path / "out"
    result = kg("build", corpus, "-o", out)
    assert result.returncode == 0, result.stderr
    assert "documents: 3 read, 2 skipped" in result.stdout
    assert "empty.txt" in result.stderr + result.stdout and "binary.txt" in result.stderr + result.stdout
    ttl = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "朱国贤" in ttl


def test_no_readable_article_is_an_error(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = kg("build", tmp_path, "-o", tmp_path / "out")
    assert result.returncode == 1 and "no readable article" in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_interrupted_write_leaves_the_previous_file_whole(tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_text("previous build\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        with atomic_path(target) as tmp:
            tmp.write_text("half a fi", encoding="utf-8")
            raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "previous build\n"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_python_api_builds_from_strings():
    import kg as kg_api
    graph = kg_api.build_graph(texts={"a.txt": ARTICLE})
    assert kg_api.find_nodes(graph, "朱国贤", "Person")
    assert kg_api.facts(graph, "朱国贤", "presides")


def test_worker_processes_build_the_same_graph():
    import kg as kg_api
    one = kg_api.build_graph([SAMPLE])
    two = kg_api.build_graph([SAMPLE], jobs=2)
    assert set(one.nodes) == set(two.nodes)
    assert set(one.edges(keys=True)) == set(two.edges(keys=True))


def test_graph_html_of_a_build_is_capped_and_says_so(tmp_path):
    out = tmp_path / "out"
    result = kg("build", SAMPLE, "-o", out, "--html-max-nodes", "15")
    assert result.returncode == 0, result.stderr
    assert "graph.html max-nodes: kept the 15 most connected" in result.stdout
    html = (out / "graph.html").read_text(encoding="utf-8")
    import json
    import re
    nodes = json.loads(re.findall(r"new vis\.DataSet\((.*?)\);\n", html)[0])
    assert len(nodes) == 15


def test_kg_help_loads_neither_spacy_nor_jieba():
    done = subprocess.run([sys.executable, "-c", "import sys; from kg.cli import main\n"
                           "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
                           "print(sorted(m for m in ('spacy', 'jieba', 'torch', 'pyoxigraph') if m in sys.modules))"],
                          capture_output=True, text=True)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout


def test_a_lexical_build_loads_no_torch_and_torch_still_imports_after_it():
    """thinc imports torch with spaCy whenever it is installed (1.6 s, 300 MB per worker);
    kg hides it while spaCy loads, without making it unimportable for HanLP later."""
    pytest.importorskip("torch")
    script = ("import sys, kg\n"
              "kg.build_graph(texts={'a.txt': '省委书记王建国主持召开省委常委会会议。'}, cache=None)\n"
              "print('torch' in sys.modules)\n"
              "import torch, thinc.compat\n"
              "print(float(torch.ones(3).sum()), thinc.compat.has_torch)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "3.0", "False"], done.stdout


def test_every_command_and_option_has_help_and_a_readme_mention():
    from kg.cli import main
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = dict(main.commands)
    for name, command in main.commands.items():
        if isinstance(command, click.Group):
            commands.update((f"{name} {sub}", c) for sub, c in command.commands.items())
    for name, command in commands.items():
        assert command.help and f"kg {name}" in readme, name
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, (name, param.opts)
                assert any(re.search(re.escape(opt) + r"(?![\w-])", readme) for opt in param.opts), (name, param.opts)


def test_every_command_wraps_the_kg_function_of_its_name():
    import kg as api
    from kg.cli import main
    wrapped = {"build": "build", "html": "render_view", "validate": "validate", "query": "query",
               "serve": "make_server", "train-ner": "train_ner", "eval": "evaluate",
               "cache info": "cache_info", "cache clear": "clear_cache"}
    commands = {}
    for name, command in main.commands.items():
        if isinstance(command, click.Group):
            commands.update((f"{name} {sub}", c) for sub, c in command.commands.items())
        else:
            commands[name] = command
    assert set(wrapped) == set(commands)
    import inspect
    for name, function in wrapped.items():
        signature = inspect.signature(getattr(api, function))
        for param in commands[name].params:
            # what the command line says about itself, and --no-cache (cache=None in Python)
            if param.name not in ("quiet", "verbose", "as_json", "brief", "no_cache"):
                assert param.name in signature.parameters, (name, param.name)
