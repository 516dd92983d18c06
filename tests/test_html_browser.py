"""The interactive HTML page (kg/html.py, kg/templates/graph.html) in a real browser.

Opens the graph.html that ``kg.write_outputs`` writes in headless Chromium (through
Playwright) from a file:// URL and checks that it loads without errors, asks nothing of
the network, shows exactly the graph's nodes and edges, states the entity counts as text,
and never turns article text into markup or script.

Needs Debian's chromium at /usr/bin/chromium, a CJK font for the screenshot, and the
``playwright`` Python package (its own browser download is never used):

    apt-get install -y chromium fonts-wqy-zenhei
    pip install playwright

Without them the tests are skipped.
"""
from __future__ import annotations

import importlib.util
import json
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest

import kg

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not CHROMIUM.exists():
    pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install -y chromium)",
                allow_module_level=True)
if importlib.util.find_spec("playwright") is None:
    pytest.skip("browser tests need the playwright Python package (pip install playwright; "
                "no `playwright install`: the system Chromium is used)", allow_module_level=True)

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

pytestmark = pytest.mark.browser

# Three short articles in the style of provincial news (people and quotes are made up).
ARTICLES = {
    "jilin_zhengxie_zhuxi.txt": (
        "# 省政协召开十三届五次主席会议\n\n"
        "本报长春讯 3月12日，省政协十三届五次主席会议在长春召开。"
        "省政协主席林振邦主持召开省政协十三届五次主席会议并讲话。"
        "省政协副主席秦远航、贺晓岚出席会议。"
        "会议审议通过了《吉林省政协2024年协商工作计划》。\n"
    ),
    "jilin_renshe_jicai.txt": (
        "# 我省启动“吉才回归计划”\n\n"
        "本报讯 近日，吉林省人力资源和社会保障厅印发《关于实施“吉才回归计划”的通知》。"
        "吉林省人力资源和社会保障厅厅长周明远表示，将实施“吉才回归计划”，吸引高校毕业生返乡就业创业。\n"
    ),
    "jilin_jiuye_fuwu.txt": (
        "# 全省就业服务工作推进会召开\n\n"
        "本报讯 4月8日，全省就业服务工作推进会在长春召开。"
        "吉林省人力资源和社会保障厅副厅长韩雪松出席会议并讲话。"
        "会议要求，要深入实施“吉才回归计划”，扎实做好高校毕业生等重点群体就业工作。\n"
    ),
}

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>window.__pwned=1</script>"
EVIL_ARTICLE = {
    "jilin_evil.txt": (
        f"# 吉林省人力资源和社会保障厅{IMG}\n\n"
        f"本报讯 省政协副主席{IMG}出席会议。"
        f"吉林省人力资源和社会保障厅实施“{IMG}”。"
        f"吉林省人力资源和社会保障厅厅长周明远{SCRIPT}表示，要抓好落实。"
        f"吉林省人力资源和社会保障厅厅长周明远{IMG}强调，要优化服务。\n"
    ),
}


@dataclass
class Loaded:
    page: object
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    stable: bool = False


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def open_graph(browser):
    """Open a graph.html from a file:// URL, recording everything the page does."""
    contexts = []

    def _open(html: Path) -> Loaded:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        contexts.append(context)
        page = context.new_page()
        seen = Loaded(page)
        page.on("request", lambda r: seen.requests.append(r.url))
        page.on("console", lambda m: seen.console_errors.append(f"{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: seen.page_errors.append(str(e)))

        def on_dialog(d):
            seen.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()
        page.on("dialog", on_dialog)
        page.goto(html.resolve().as_uri(), wait_until="load")
        # the template marks the body once the layout has settled and physics is off;
        # a broken page never does, and the tests then report its errors, not a timeout
        try:
            page.wait_for_function("document.body.getAttribute('data-stable') === '1'", timeout=20_000)
            seen.stable = True
        except PlaywrightTimeout:
            pass
        return seen

    yield _open
    for c in contexts:
        c.close()


def _build(tmp_path: Path, texts: dict[str, str]) -> tuple[nx.MultiDiGraph, Path]:
    graph = kg.build_graph(texts=texts)
    assert graph.number_of_nodes() > 0 and graph.number_of_edges() > 0
    kg.write_outputs(graph, tmp_path)
    return graph, tmp_path / "graph.html"


def _assert_clean_load(seen: Loaded, html: Path) -> None:
    assert html.resolve().as_uri() in seen.requests, f"request recorder saw nothing: {seen.requests}"
    outside = [u for u in seen.requests if not u.startswith(("file:", "data:"))]
    assert not outside, f"the page asked the network for: {outside}"
    assert not seen.console_errors, seen.console_errors
    assert not seen.page_errors, seen.page_errors
    assert seen.stable, "the network never finished its layout (no data-stable on <body>)"


def _type_counts(graph: nx.MultiDiGraph) -> dict[str, int]:
    counts: dict[str, int] = {}
    for _, d in graph.nodes(data=True):
        counts[d["type"]] = counts.get(d["type"], 0) + 1
    return counts


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", head[16:24])


def test_graph_page_in_chromium(tmp_path, open_graph):
    graph, html = _build(tmp_path, ARTICLES)
    labels = {d["label"] for _, d in graph.nodes(data=True)}
    assert {"林振邦", "吉林省人力资源和社会保障厅", "吉才回归计划"} <= labels, labels
    assert any(d["type"] == "Meeting" and "十三届五次主席会议" in d["label"] for _, d in graph.nodes(data=True))

    seen = open_graph(html)
    page = seen.page

    # (a) no console error, no page error; (b) nothing but file: and data: requested
    _assert_clean_load(seen, html)

    # (c) the network holds exactly the graph's nodes and edges
    shown = page.evaluate("""() => ({
        nodes: window.kgNetwork.body.data.nodes.length, edges: window.kgNetwork.body.data.edges.length,
        dsNodes: nodes.length, dsEdges: edges.length,
        ids: nodes.getIds(), labels: nodes.get().map(n => n.label)})""")
    assert shown["nodes"] == shown["dsNodes"] == graph.number_of_nodes()
    assert shown["edges"] == shown["dsEdges"] == graph.number_of_edges()
    assert set(shown["ids"]) == set(graph.nodes)
    assert sorted(shown["labels"]) == sorted(d["label"] for _, d in graph.nodes(data=True))

    # (d) heading and legend state the counts, as text
    heading = page.inner_text("#heading")
    assert f"{graph.number_of_nodes()} 个实体" in heading, heading
    assert f"{graph.number_of_edges()} 条关系" in heading, heading
    assert page.title() == "kg 知识图谱"
    legend = page.inner_text("#legend")
    for type_, n in _type_counts(graph).items():
        assert re.search(rf"(^|\s){re.escape(type_)} {n}(\s|$)", legend), (type_, n, legend)
    tags = page.evaluate("() => Array.from(document.querySelectorAll('#legend *'), e => e.tagName)")
    assert set(tags) <= {"SPAN", "I"}, tags
    assert tags.count("SPAN") == len(_type_counts(graph))

    # the network was drawn: its canvas is not blank
    inked = page.evaluate("""() => {
        const c = document.querySelector('#mynetwork canvas');
        const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
        return n;
    }""")
    assert inked > 1000, f"only {inked} painted pixels on the network canvas"

    shot = tmp_path / "graph.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000, shot.stat().st_size
    assert _png_size(shot) == (1280, 800)
    assert not seen.dialogs and not seen.console_errors and not seen.page_errors


def test_article_text_never_becomes_markup(tmp_path, open_graph):
    graph = kg.build_graph(texts={**ARTICLES, **EVIL_ARTICLE})
    # The extractor may rightly refuse "<img …>" as a name; the page must cope with it
    # either way, so it is also given such entities directly.
    graph.add_node(f"Person:{IMG}", type="Person", label=IMG, aliases=[SCRIPT], documents=["jilin_evil.txt"],
                   mentions=1, extractors=["test"], scope=None)
    graph.add_node(f"Program:{IMG}计划", type="Program", label=f"{IMG}计划", aliases=[], documents=["jilin_evil.txt"],
                   mentions=1, extractors=["test"], scope=None)
    evidence = {"document": "jilin_evil.txt", "sentence": f"吉林省人力资源和社会保障厅实施“{IMG}计划”。{SCRIPT}",
                "start": 0, "end": 10, "extractor": "test", "confidence": 1.0}
    first = {k: v for k, v in evidence.items() if k != "confidence"}  # as kg.graph.merge copies it
    graph.add_edge("Organization:吉林省人力资源和社会保障厅", f"Program:{IMG}计划", key="implements",
                   property="implements", title=None, confidence=1.0, evidence=[evidence], **first)
    graph.add_edge(f"Person:{IMG}", "Organization:吉林省人力资源和社会保障厅", key=f"holdsPosition:{IMG}",
                   property="holdsPosition", title=IMG, confidence=1.0, evidence=[evidence], **first)
    kg.write_outputs(graph, tmp_path)
    html = tmp_path / "graph.html"

    # the article's own payload reached the graph (as evidence), so the page is really tested with it
    from_article = [e["sentence"] for _, _, d in graph.edges(data=True) for e in d["evidence"]
                    if e["document"] == "jilin_evil.txt" and e["extractor"] != "test"]
    assert any("</script><script>" in s for s in from_article), \
        f"the article's </script> payload did not reach the graph: {from_article}"
    source = html.read_text(encoding="utf-8")
    assert "<img" not in source.lower(), "an <img> tag is written into the page source"
    assert "</script><script>window" not in source.lower(), "article text closes and opens a <script> element"
    assert "window.__pwned=1" in source or "window.pwned=1" in source, "the payload is missing from the page data"

    seen = open_graph(html)
    page = seen.page

    # nothing ran, nothing was built from the text
    assert not seen.dialogs, seen.dialogs
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert page.evaluate("() => typeof window.pwned") == "undefined"  # kg's text cleaning may drop the __
    assert page.evaluate("() => document.getElementsByTagName('img').length") == 0
    assert page.evaluate("() => document.scripts.length") == 2
    _assert_clean_load(seen, html)

    # the payloads are kept as plain data
    shown = page.evaluate("() => ({n: nodes.length, e: edges.length, labels: nodes.get().map(n => n.label)})")
    assert shown["n"] == graph.number_of_nodes() and shown["e"] == graph.number_of_edges()
    assert IMG in shown["labels"] and f"{IMG}计划" in shown["labels"]

    # hover the payload node: its tooltip shows the name as text and creates no element
    pos = page.evaluate(f"""() => {{
        const id = {json.dumps(f"Person:{IMG}")};
        const p = window.kgNetwork.getPositions([id])[id];
        const d = window.kgNetwork.canvasToDOM(p);
        const r = document.getElementById('mynetwork').getBoundingClientRect();
        return {{x: d.x + r.left, y: d.y + r.top}};
    }}""")
    page.mouse.move(pos["x"] + 40, pos["y"] + 40)
    page.mouse.move(pos["x"], pos["y"], steps=5)
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    tooltip = page.inner_text("div.vis-tooltip")
    assert IMG in tooltip and SCRIPT in tooltip, tooltip
    # (innerText turns the tooltip's line breaks into <br>; nothing else may appear)
    tags = page.evaluate("() => Array.from(document.querySelectorAll('div.vis-tooltip *'), e => e.tagName)")
    assert set(tags) <= {"BR"}, tags
    assert page.evaluate("() => document.getElementsByTagName('img').length") == 0

    page.wait_for_timeout(300)
    assert not seen.dialogs, seen.dialogs
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert not seen.console_errors and not seen.page_errors, (seen.console_errors, seen.page_errors)
    shot = tmp_path / "graph_injection.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000


def test_node_colours_match_legend(tmp_path, open_graph):
    graph, html = _build(tmp_path, ARTICLES)
    seen = open_graph(html)
    _assert_clean_load(seen, html)
    drawn = seen.page.evaluate("""() => {
        const legend = Object.fromEntries(kgMeta.legend.map(l => [l.type, l.color.toLowerCase()]));
        return Object.values(window.kgNetwork.body.nodes).map(n => ({
            id: n.id, want: legend[n.options.group], got: String(n.options.color.background).toLowerCase()}));
    }""")
    assert len(drawn) == graph.number_of_nodes()
    wrong = [d for d in drawn if d["want"] != d["got"]]
    assert not wrong, f"{len(wrong)} of {len(drawn)} nodes are not drawn in their legend colour: {wrong[:3]}"
