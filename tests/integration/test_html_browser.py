"""The interactive HTML page (kg/html.py, kg/templates/graph.html) in a real browser.

Opens the graph.html that ``kg.write_outputs`` writes, and the views that
``kg.render_view`` makes from a graph.ttl, in headless Chromium (through Playwright)
from a file:// URL and checks that they load without errors, ask nothing of the network,
show exactly the graph's (or the view's) nodes and edges, state the entity counts as text,
that search (names and aliases), the type filter, reset, the hover tooltip and the side
panel with the evidence work, that a 5,000-node graph is ready in under 5 seconds, and
that article text never becomes markup or script.

``KG_SAVE_SCREENSHOT=1`` makes test_sample_search_filter_reset save its 1400x900
screenshot of the sample build as docs/sample_graph.png.

Needs Debian's chromium at /usr/bin/chromium, a CJK font for the screenshot, and the
``playwright`` Python package (its own browser download is never used):

    apt-get install -y chromium fonts-wqy-zenhei
    pip install playwright

Without them the tests are skipped.
"""
from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import struct
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest

import kg
from kg.errors import ViewError
from kg.export.html import render_view

ROOT = Path(__file__).resolve().parents[2]
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

    def _open(html: Path, viewport: tuple[int, int] = (1280, 800)) -> Loaded:
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
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
            page.wait_for_function("document.body.getAttribute('data-stable') === '1' && "
                                   "document.body.getAttribute('data-ready') === '1'", timeout=20_000)
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
    assert seen.stable, "the network was never drawn (no data-ready on <body>)"


def _type_counts(graph: nx.MultiDiGraph) -> dict[str, int]:
    counts: dict[str, int] = {}
    for _, d in graph.nodes(data=True):
        counts[d["type"]] = counts.get(d["type"], 0) + 1
    return counts


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", head[16:24])


def _show(page, node_ids: list[str], scale: float = 1.5) -> None:
    """Centre the view on the middle of these nodes at `scale`, without animation."""
    page.evaluate("""([ids, scale]) => new Promise(drawn => {
        const p = Object.values(kgNetwork.getPositions(ids));
        const x = p.reduce((a, q) => a + q.x, 0) / p.length, y = p.reduce((a, q) => a + q.y, 0) / p.length;
        kgNetwork.once("afterDrawing", () => drawn());
        kgNetwork.moveTo({position: {x: x, y: y}, scale: scale, animation: false});
        kgNetwork.redraw();
    })""", [node_ids, scale])


def _frames(page, count: int) -> None:
    """Wait until the page has drawn `count` more animation frames."""
    page.evaluate("""(n) => new Promise(done => {
        const step = () => (n-- > 0 ? requestAnimationFrame(step) : done());
        step();
    })""", count)


def _page_point(page, canvas_point: dict) -> dict:
    return page.evaluate("""(p) => {
        const d = kgNetwork.canvasToDOM(p);
        const r = document.getElementById('mynetwork').getBoundingClientRect();
        return {x: d.x + r.left, y: d.y + r.top, dx: d.x, dy: d.y};
    }""", canvas_point)


def _node_point(page, node_id: str) -> dict:
    pos = page.evaluate("(id) => kgNetwork.getPositions([id])[id]", node_id)
    return _page_point(page, pos)


def _edge_point(page, edge_id: str) -> dict:
    """A point on the edge (as vis sees it: getEdgeAt) with no node on it."""
    for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.45, 0.55):
        # the point as vis draws the edge (a second edge between the same two nodes is a curve)
        canvas = page.evaluate("""([id, t]) => {
            const drawn = kgNetwork.body.edges[id];
            if (drawn && drawn.edgeType && drawn.edgeType.getPoint) {
                const q = drawn.edgeType.getPoint(t);
                return {x: q.x, y: q.y};
            }
            const e = edges.get(id), p = kgNetwork.getPositions([e.from, e.to]);
            return {x: p[e.from].x + t * (p[e.to].x - p[e.from].x), y: p[e.from].y + t * (p[e.to].y - p[e.from].y)};
        }""", [edge_id, t])
        point = _page_point(page, canvas)
        hit = page.evaluate("""(d) => ({edge: kgNetwork.getEdgeAt({x: d.dx, y: d.dy}) ?? null,
                                        node: kgNetwork.getNodeAt({x: d.dx, y: d.dy}) ?? null})""", point)
        if hit["edge"] == edge_id and hit["node"] is None:
            return point
    raise AssertionError(f"no free point on edge {edge_id}")


def _hover(page, point: dict) -> str:
    # first away from it, to a spot with neither node nor edge, so the tooltip hides
    for ox, oy in ((60, 60), (-60, -60), (60, -60), (-60, 60), (120, 0), (0, 120), (-120, 0), (0, -120)):
        free = page.evaluate("""(d) => (kgNetwork.getEdgeAt({x: d.dx, y: d.dy}) ?? null) === null
                                       && (kgNetwork.getNodeAt({x: d.dx, y: d.dy}) ?? null) === null""",
                             {"dx": point["dx"] + ox, "dy": point["dy"] + oy})
        if free:
            break
    page.mouse.move(point["x"] + ox, point["y"] + oy)
    page.wait_for_selector("#tooltip", state="hidden", timeout=5_000)
    page.mouse.move(point["x"], point["y"], steps=6)
    page.wait_for_selector("#tooltip", state="visible", timeout=5_000)
    return page.inner_text("#tooltip")


def _tags(page, selector: str) -> set[str]:
    return set(page.evaluate(f"() => Array.from(document.querySelectorAll({json.dumps(selector + ' *')}), "
                             "e => e.tagName)"))


# what the tooltip and the side panel are built of; anything else came from data
TOOLTIP_TAGS = {"DIV"}
PANEL_TAGS = {"BUTTON", "H2", "H3", "DIV", "I", "B", "SPAN", "BLOCKQUOTE"}


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
        ids: nodes.getIds(), names: nodes.get().map(n => n.name), labels: nodes.get().map(n => n.label)})""")
    assert shown["nodes"] == shown["dsNodes"] == graph.number_of_nodes()
    assert shown["edges"] == shown["dsEdges"] == graph.number_of_edges()
    assert set(shown["ids"]) == set(graph.nodes)
    assert sorted(shown["names"]) == sorted(d["label"] for _, d in graph.nodes(data=True))
    # the canvas label is the name, long ones shortened with an ellipsis
    for name, label in zip(shown["names"], shown["labels"]):
        assert label == name or (label.endswith("…") and name.startswith(label[:-1])), (name, label)

    # (d) heading and legend state the counts, as text
    heading = page.inner_text("#heading")
    assert f"{graph.number_of_nodes()} 个实体" in heading, heading
    assert f"{graph.number_of_edges()} 条关系" in heading, heading
    assert page.title() == "kg 知识图谱"
    legend = page.inner_text("#legend")
    for type_, n in _type_counts(graph).items():
        assert re.search(rf"(^|\s){re.escape(type_)} {n}(\s|$)", legend), (type_, n, legend)
    tags = page.evaluate("() => Array.from(document.querySelectorAll('#legend *'), e => e.tagName)")
    assert set(tags) <= {"LABEL", "INPUT", "SPAN", "I"}, tags
    assert tags.count("LABEL") == tags.count("INPUT") == len(_type_counts(graph))
    assert page.evaluate("() => Array.from(document.querySelectorAll('#legend input'), i => i.checked)") == \
        [True] * len(_type_counts(graph))
    assert page.is_hidden("#notice"), "a full build is not a partial view"

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
    shown = page.evaluate("() => ({n: nodes.length, e: edges.length, names: nodes.get().map(n => n.name)})")
    assert shown["n"] == graph.number_of_nodes() and shown["e"] == graph.number_of_edges()
    assert IMG in shown["names"] and f"{IMG}计划" in shown["names"]

    # hover the payload node: its tooltip shows the name and the alias as text and creates no element
    _show(page, [f"Person:{IMG}"])
    tooltip = _hover(page, _node_point(page, f"Person:{IMG}"))
    assert IMG in tooltip and SCRIPT in tooltip, tooltip
    assert _tags(page, "#tooltip") <= TOOLTIP_TAGS, _tags(page, "#tooltip")

    # hover the relation whose evidence carries both payloads
    edge = page.evaluate(f"() => edges.get().find(e => e.to === {json.dumps(f'Program:{IMG}计划')}).id")
    _show(page, [f"Program:{IMG}计划", "Organization:吉林省人力资源和社会保障厅"], 1.0)
    tooltip = _hover(page, _edge_point(page, edge))
    assert f"实施“{IMG}计划”" in tooltip and SCRIPT in tooltip, tooltip
    assert _tags(page, "#tooltip") <= TOOLTIP_TAGS, _tags(page, "#tooltip")

    # click the payload node: the side panel shows name, alias, post and evidence as text
    _show(page, [f"Person:{IMG}"])
    point = _node_point(page, f"Person:{IMG}")
    page.mouse.click(point["x"], point["y"])
    page.wait_for_selector("#panel", state="visible", timeout=5_000)
    panel = page.inner_text("#panel")
    assert page.inner_text("#panel h2") == IMG
    assert SCRIPT in panel and f"{IMG} · 吉林省人力资源和社会保障厅" in panel, panel  # alias; post (title) at body
    assert f"吉林省人力资源和社会保障厅实施“{IMG}计划”。{SCRIPT}" in panel, panel
    assert _tags(page, "#panel") <= PANEL_TAGS, _tags(page, "#panel")

    # search for the payload: the result list shows it as text, Enter focuses it
    page.fill("#search", "<img src=x")
    page.wait_for_selector("#results", state="visible")
    assert IMG in page.inner_text("#results")
    assert _tags(page, "#results") <= {"LI", "SPAN"}, _tags(page, "#results")
    page.press("#search", "Enter")
    page.wait_for_function("kgNetwork.getSelectedNodes().length === 1")
    assert page.evaluate("() => kgNetwork.getSelectedNodes()[0]") in (f"Person:{IMG}", f"Program:{IMG}计划")

    _frames(page, 3)  # anything the payload could have run has run by now
    assert not seen.dialogs, seen.dialogs
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert page.evaluate("() => typeof window.pwned") == "undefined"
    assert page.evaluate("() => document.getElementsByTagName('img').length") == 0
    assert page.evaluate("() => document.scripts.length") == 2
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


# ---------------------------------------------------------------- the project's sample

@pytest.fixture(scope="module")
def sample_build(tmp_path_factory):
    """kg/data/sample built with kg.write_outputs: (graph read back from graph.ttl, folder)."""
    from kg.graph.read import read_graph
    out = tmp_path_factory.mktemp("sample")
    kg.write_outputs(kg.build_graph([ROOT / "kg" / "data" / "sample"]), out)
    return read_graph(out / "graph.ttl"), out


def _visible_ids(page) -> dict:
    return page.evaluate("""() => ({
        nodes: Object.values(kgNetwork.body.nodes).filter(n => !n.options.hidden).map(n => n.id),
        edges: Object.values(kgNetwork.body.edges).filter(e => !e.options.hidden).map(e => e.id)})""")


def test_sample_search_filter_reset(sample_build, open_graph, tmp_path):
    graph, out = sample_build
    html = out / "graph.html"
    seen = open_graph(html, viewport=(1400, 900))
    page = seen.page
    _assert_clean_load(seen, html)
    assert page.evaluate("() => nodes.length") == graph.number_of_nodes()
    assert page.evaluate("() => edges.length") == graph.number_of_edges()
    start_scale = page.evaluate("() => kgNetwork.getScale()")

    # the most connected names are drawn readable (>= 14 px on screen) at the first view
    sizes = page.evaluate("""() => kgMeta.important.map(id => ({id: id,
        px: kgNetwork.body.nodes[id].options.font.size * kgNetwork.getScale()}))""")
    readable = [s["id"] for s in sizes if s["px"] >= 14]
    hub = max(graph.nodes, key=lambda n: graph.degree(n))
    assert hub in readable and len(readable) >= 10, sizes

    shot = tmp_path / "sample_graph.png"
    page.screenshot(path=str(shot))
    assert _png_size(shot) == (1400, 900) and shot.stat().st_size > 40_000
    if os.environ.get("KG_SAVE_SCREENSHOT"):
        (ROOT / "docs").mkdir(exist_ok=True)
        shutil.copyfile(shot, ROOT / "docs" / "sample_graph.png")

    # search by name: the list offers 朱国贤, Enter selects and focuses him and opens his panel
    page.fill("#search", "朱国贤")
    page.wait_for_selector("#results", state="visible")
    assert page.inner_text("#results li").startswith("朱国贤")
    page.press("#search", "Enter")
    page.wait_for_function("kgNetwork.getSelectedNodes()[0] === 'Person:朱国贤'")
    assert page.inner_text("#panel h2") == "朱国贤"
    # the view moves him to the middle of the canvas left of the panel
    page.wait_for_function("""() => {
        const c = kgNetwork.canvasToDOM(kgNetwork.getPositions(['Person:朱国贤'])['Person:朱国贤']);
        const box = document.getElementById('mynetwork'), panel = document.getElementById('panel');
        return Math.abs(c.x - (box.clientWidth - panel.offsetWidth) / 2) < 3 && Math.abs(c.y - box.clientHeight / 2) < 3;
    }""", timeout=3_000)

    # search by alias: 省人社厅 finds 吉林省人力资源和社会保障厅; a click on the result focuses it
    page.fill("#search", "省人社厅")
    page.wait_for_selector("#results", state="visible")
    first = page.inner_text("#results li")
    assert first.startswith("吉林省人力资源和社会保障厅") and "省人社厅" in first, first
    page.click("#results li")
    page.wait_for_function("kgNetwork.getSelectedNodes()[0] === 'Organization:吉林省人力资源和社会保障厅'")

    # the type filter hides the places and their relations, and only them
    places = {n for n, d in graph.nodes(data=True) if d["type"] == "Place"}
    assert places
    page.uncheck("#legend input[data-type=Place]")
    visible = _visible_ids(page)
    assert set(visible["nodes"]) == set(graph.nodes) - places
    hidden_edges = page.evaluate("(places) => edges.get().filter(e => places.includes(e.from) || "
                                 "places.includes(e.to)).map(e => e.id)", sorted(places))
    assert hidden_edges and not set(hidden_edges) & set(visible["edges"])
    assert len(visible["edges"]) == graph.number_of_edges() - len(hidden_edges)
    page.uncheck("#legend input[data-type=Concept]")
    assert len(_visible_ids(page)["nodes"]) == graph.number_of_nodes() - len(places) - sum(
        1 for _, d in graph.nodes(data=True) if d["type"] == "Concept")

    # reset: everything back, nothing selected, the first view again
    page.click("#reset")
    # the reset's animation has reached its end: the first view's scale
    page.wait_for_function("(s) => Math.abs(kgNetwork.getScale() - s) / s < 0.001", arg=start_scale)
    visible = _visible_ids(page)
    assert len(visible["nodes"]) == graph.number_of_nodes() and len(visible["edges"]) == graph.number_of_edges()
    assert page.evaluate("() => Array.from(document.querySelectorAll('#legend input'), i => i.checked)") == \
        [True] * len(_type_counts(graph))
    assert page.evaluate("() => kgNetwork.getSelectedNodes().length") == 0
    assert page.is_hidden("#panel") and page.input_value("#search") == ""
    assert page.evaluate("() => kgNetwork.getScale()") == pytest.approx(start_scale, rel=0.02)
    assert not seen.console_errors and not seen.page_errors, (seen.console_errors, seen.page_errors)


def test_sample_hover_and_click_show_the_evidence(sample_build, open_graph):
    graph, out = sample_build
    seen = open_graph(out / "graph.html")
    page = seen.page
    _assert_clean_load(seen, out / "graph.html")
    zhu = "Person:朱国贤"
    facts = [(s, o, d) for s, o, d in graph.edges(data=True) if zhu in (s, o)]
    assert len(facts) >= 3

    # hover the node: name, type, post
    _show(page, [zhu])
    tooltip = _hover(page, _node_point(page, zhu))
    assert tooltip.startswith("朱国贤") and "人物 Person" in tooltip and "主席 · 吉林省政协" in tooltip, tooltip

    # hover each of his relations: its evidence sentences and their article
    for s, o, d in facts:
        edge = page.evaluate("([s, o, p]) => edges.get().find(e => e.from === s && e.to === o && e.property === p).id",
                             [s, o, d["property"]])
        _show(page, [s, o], 0.8)
        tooltip = _hover(page, _edge_point(page, edge))
        assert tooltip.startswith(f"{graph.nodes[s]['label']} —"), tooltip
        for ev in d["evidence"][:3]:
            assert f"「{ev['sentence']}」" in tooltip and ev["document"] in tooltip, (tooltip, ev)

    # click the node: the panel lists name, type, post, sources and every relation with its evidence
    _show(page, [zhu])
    point = _node_point(page, zhu)
    page.mouse.click(point["x"], point["y"])
    page.wait_for_selector("#panel", state="visible")
    panel = page.inner_text("#panel")
    assert page.inner_text("#panel h2") == "朱国贤"
    assert "人物 Person" in panel and "职务" in panel and "主席 · 吉林省政协" in panel, panel
    assert f"关系和证据（{len(facts)}）" in panel
    for s, o, d in facts:
        for ev in d["evidence"]:
            assert ev["sentence"] in panel and ev["document"] in panel, ev
    assert _tags(page, "#panel") <= PANEL_TAGS

    # a name in the panel leads to that node
    page.click("#panel button.link >> text=吉林省政协")
    page.wait_for_function("kgNetwork.getSelectedNodes()[0] === 'Organization:吉林省政协'")
    assert page.inner_text("#panel h2") == "吉林省政协"
    assert "别名" in page.inner_text("#panel") and "省政协" in page.inner_text("#panel")

    # click on empty canvas closes the panel
    page.evaluate("() => kgNetwork.moveTo({position: {x: 1e6, y: 1e6}, scale: 1, animation: false})")
    page.mouse.click(640, 500)
    page.wait_for_selector("#panel", state="hidden")
    assert not seen.console_errors and not seen.page_errors, (seen.console_errors, seen.page_errors)


# ---------------------------------------------------------------- views of a graph.ttl (kg html)

def _page_ids(page) -> set[str]:
    return set(page.evaluate("() => nodes.getIds()"))


def test_max_nodes_view(sample_build, open_graph, tmp_path):
    graph, out = sample_build
    html = tmp_path / "view.html"
    info = render_view(out / "graph.ttl", html, max_nodes=20)
    assert info["nodes"] <= 20 and info["total_nodes"] == graph.number_of_nodes()
    assert sum(info["omitted"].values()) == graph.number_of_nodes() - info["nodes"]
    assert sum(info["truncated"].values()) == graph.number_of_nodes() - info["nodes"]
    assert info["omitted_edges"] == graph.number_of_edges() - info["edges"]
    assert info["output"] == str(html)

    seen = open_graph(html)
    page = seen.page
    _assert_clean_load(seen, html)
    ids = _page_ids(page)
    assert len(ids) == info["nodes"] <= 20
    assert max(graph.nodes, key=lambda n: graph.degree(n)) in ids, "the most connected node was left out"
    kept_min = min(graph.degree(n) for n in ids)
    assert all(graph.degree(n) <= kept_min for n in set(graph.nodes) - ids), "a better connected node was dropped"
    assert page.is_visible("#notice")
    notice = page.inner_text("#notice")
    assert f"{info['nodes']} / {graph.number_of_nodes()} 个实体" in notice and "上限 20" in notice, notice
    for type_, n in info["omitted"].items():
        assert f"{kg.export.html.TYPE_NAMES[type_]} {n}" in notice, (type_, n, notice)
    assert f"{info['nodes']} 个实体" in page.inner_text("#heading")


def test_focus_view_holds_the_ego_network(sample_build, open_graph, tmp_path):
    graph, out = sample_build
    und = graph.to_undirected(as_view=True)
    for depth in (1, 2):
        html = tmp_path / f"zhu{depth}.html"
        info = render_view(out / "graph.ttl", html, focus="朱国贤", depth=depth)
        want = set(nx.ego_graph(und, "Person:朱国贤", radius=depth))
        assert info["focus"] == ["Person:朱国贤"] and info["nodes"] == len(want)
        seen = open_graph(html)
        page = seen.page
        _assert_clean_load(seen, html)
        assert _page_ids(page) == want
        assert page.evaluate("() => edges.length") == graph.subgraph(want).number_of_edges()
        assert page.evaluate("() => kgNetwork.getSelectedNodes()") == ["Person:朱国贤"]
        assert "朱国贤" in page.inner_text("#notice") and "朱国贤" in page.inner_text("#heading")
    assert len(want) > info["nodes"] - 1 > 3

    # by alias, and only some types
    info = render_view(out / "graph.ttl", tmp_path / "rst.html", focus="省人社厅", types="Person,Program")
    assert info["focus"] == ["Organization:吉林省人力资源和社会保障厅"]
    kept = {n for n in nx.ego_graph(und, "Organization:吉林省人力资源和社会保障厅", radius=1)
            if graph.nodes[n]["type"] in ("Person", "Program")} | {"Organization:吉林省人力资源和社会保障厅"}
    seen = open_graph(tmp_path / "rst.html")
    _assert_clean_load(seen, tmp_path / "rst.html")
    assert _page_ids(seen.page) == kept
    assert "类型：人物、项目" in seen.page.inner_text("#notice")


def test_types_view_and_errors(sample_build, open_graph, tmp_path):
    graph, out = sample_build
    info = render_view(out / "graph.ttl", tmp_path / "pm.html", types=["Person", "会议"])
    want = {n for n, d in graph.nodes(data=True) if d["type"] in ("Person", "Meeting")}
    assert info["nodes"] == len(want) and info["types"] == ["Person", "Meeting"]
    seen = open_graph(tmp_path / "pm.html")
    _assert_clean_load(seen, tmp_path / "pm.html")
    assert _page_ids(seen.page) == want
    assert seen.page.evaluate("() => kgMeta.legend.map(l => l.type)") == ["Person", "Meeting"]

    with pytest.raises(ViewError, match="no entity"):
        render_view(out / "graph.ttl", tmp_path / "x.html", focus="不存在的人")
    with pytest.raises(ViewError, match="unknown type"):
        render_view(out / "graph.ttl", tmp_path / "x.html", types="Person,Animal")
    assert not (tmp_path / "x.html").exists()
    # a graph given directly, not a path, works the same
    assert render_view(graph, tmp_path / "g.html", max_nodes=5)["nodes"] == 5


# ---------------------------------------------------------------- a big graph

def _big_graph(nodes: int, edges: int) -> nx.MultiDiGraph:
    types = ["Person", "Organization", "Meeting", "Program", "Document", "Place", "Concept"]
    props = {"Organization": "holdsPosition", "Meeting": "attends", "Program": "implements", "Document": "issues",
             "Place": "locatedIn", "Concept": "proposes", "Person": "repliesTo"}
    base = nx.gnm_random_graph(nodes, edges, seed=7, directed=True)
    g = nx.MultiDiGraph(documents={"big.txt": {"title": "大图", "date": None, "path": "big.txt", "sha256": "0",
                                               "characters": 0}})
    for i in base.nodes:
        t = types[i % len(types)]
        g.add_node(f"{t}:实体{i}", type=t, label=f"第{i}号实体", aliases=[f"别名{i}"], documents=["big.txt"],
                   mentions=1, extractors=["test"], scope=None)
    names = {i: f"{types[i % len(types)]}:实体{i}" for i in base.nodes}
    for k, (s, o) in enumerate(base.edges):
        prop = props[types[o % len(types)]]
        ev = {"document": "big.txt", "sentence": f"第{s}号实体与第{o}号实体的关系。", "start": k, "end": k + 12,
              "extractor": "test", "confidence": 0.8}
        g.add_edge(names[s], names[o], key=prop, property=prop, title=None, confidence=0.8, evidence=[ev])
    return g


def test_five_thousand_nodes_are_usable_in_five_seconds(tmp_path, open_graph):
    graph = _big_graph(5000, 10000)
    html = tmp_path / "big.html"
    kg.write_html(graph, html)
    seen = open_graph(html, viewport=(1400, 900))
    page = seen.page
    _assert_clean_load(seen, html)
    ready_ms = page.evaluate("() => window.kgReadyAt")
    assert ready_ms < 5000, f"ready {ready_ms:.0f} ms after navigation"
    assert page.evaluate("() => kgNetwork.body.data.nodes.length") == 5000
    assert page.evaluate("() => kgNetwork.body.data.edges.length") == 10000
    assert page.evaluate("() => kgOptions.physics.enabled") is False
    shown = page.evaluate("""() => kgMeta.important.filter(id =>
        kgNetwork.body.nodes[id].options.font.size * kgNetwork.getScale() >= 14).length""")
    assert shown >= 5, "no name is readable at the first view"
    page.fill("#search", "别名4321")
    page.press("#search", "Enter")
    (target,) = kg.find_nodes(graph, "别名4321")
    page.wait_for_function(f"kgNetwork.getSelectedNodes()[0] === {json.dumps(target)}", timeout=3_000)
    assert not seen.console_errors and not seen.page_errors
