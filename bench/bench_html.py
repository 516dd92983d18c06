"""Benchmark: the interactive HTML page (kg/html.py) for graphs of 500 and 5,000 nodes.

The graphs are synthetic but have kg's shape: people, bodies, meetings, programmes,
documents, places and concepts with Chinese names and aliases; posts, attendance,
programmes, documents ... as edges with one to three sentences of evidence each, the
objects chosen in proportion to their degree (so there are hubs, as in real news), and
concepts without relations (isolated nodes, as in real builds).

Python side: the layout (kg.export.html.layout_positions) and the whole page (render_html:
layout, node and edge data, template). Browser side, in headless Chromium through
Playwright (Debian's /usr/bin/chromium): the time from navigation until the page sets
``data-ready`` on <body>, which it does after the first frame drawn with the final view
(positions from Python, physics off, zoomed to fit, important labels sized); then the
time one full redraw takes at that view (what every pan, zoom or hover costs), and the
time a search for a name takes, in the page, to list, select and start focusing its node.

    .venv/bin/python bench/bench_html.py              # 500 and 5,000 nodes
    .venv/bin/python bench/bench_html.py --sizes 5000:10000 --runs 5
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import networkx as nx

from kg.export.html import layout_positions, render_html

CHROMIUM = "/usr/bin/chromium"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "国建明华志伟军平东文海林晓云春红立新光德永庆成福俊玉兰凤英秀梅丽静敏燕霞宏刚强峰涛斌波辉鹏"
PLACES = ["长春市", "吉林市", "四平市", "辽源市", "通化市", "白山市", "松原市", "白城市", "延边州", "梅河口市", "公主岭市"]
RULES = [  # (property, subject type, object type, weight, post titles)
    ("holdsPosition", "Person", "Organization", 30, ["主任", "副主任", "局长", "副局长", "书记", "主席", "厅长"]),
    ("attends", "Person", "Meeting", 25, None),
    ("presides", "Person", "Meeting", 5, None),
    ("convenes", "Organization", "Meeting", 6, None),
    ("implements", "Organization", "Program", 10, None),
    ("issues", "Organization", "Document", 8, None),
    ("adopts", "Meeting", "Document", 4, None),
    ("heldIn", "Meeting", "Place", 4, None),
    ("subOrganizationOf", "Organization", "Organization", 5, None),
    ("locatedIn", "Organization", "Place", 3, None),
]
SHARES = {"Person": 0.40, "Organization": 0.15, "Meeting": 0.10, "Program": 0.10, "Document": 0.10,
          "Place": 0.05, "Concept": 0.04}


def _name(type_: str, i: int, rng: random.Random) -> str:
    if type_ == "Person":
        return rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "") + f"{i}"
    place = rng.choice(PLACES)
    return {"Organization": f"{place}第{i}局", "Meeting": f"{place}第{i}次工作推进会议",
            "Program": f"“{place}人才振兴{i}号”计划", "Document": f"《关于实施{place}第{i}号方案的通知》",
            "Place": f"{place}第{i}街道", "Concept": f"第{i}项新发展理念"}[type_]


def synthetic_graph(nodes: int, edges: int, seed: int = 1) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    docs = {f"doc{i:05d}.txt": {"sha256": "0" * 64, "title": f"吉林新闻第{i}篇", "date": "2024-03-12", "path": "",
                                "characters": 2000} for i in range(max(1, nodes // 10))}
    names = list(docs)
    g = nx.MultiDiGraph(documents=docs)
    by_type: dict[str, list[str]] = {}
    for i in range(nodes):
        type_ = rng.choices(list(SHARES), weights=list(SHARES.values()))[0]
        label = _name(type_, i, rng)
        key = f"{type_}:{label}"
        g.add_node(key, type=type_, label=label, aliases=[label[:4] + "简称"] if rng.random() < 0.2 else [],
                   documents=sorted(rng.sample(names, min(len(names), rng.randint(1, 3)))), mentions=1,
                   extractors=["grammar:synthetic"], scope=None)
        by_type.setdefault(type_, []).append(key)
    targets = {t: keys * 3 for t, keys in by_type.items()}  # each node thrice, then once more per edge
    weights = [r[3] for r in RULES]
    made = 0
    while made < edges:
        prop, st, ot, _, posts = rng.choices(RULES, weights=weights)[0]
        if st not in by_type or ot not in by_type:
            continue
        s = rng.choice(by_type[st])
        o = rng.choice(targets[ot])  # preferential attachment: hubs appear
        post = rng.choice(posts) if posts else None
        key = f"{prop}:{post}" if post else prop
        if s == o or g.has_edge(s, o, key=key):
            continue
        evidence = []
        for doc in sorted(rng.sample(names, min(len(names), rng.randint(1, 3)))):
            start = rng.randint(0, 1900)
            sentence = (f"{g.nodes[s]['label']}{'任' + post if post else ''}，"
                        f"{g.nodes[o]['label']}工作取得新进展，要深入贯彻落实，扎实推进各项任务。")
            evidence.append({"document": doc, "sentence": sentence, "start": start, "end": start + len(sentence),
                             "extractor": "rule:synthetic", "confidence": 0.85})
        first = {k: v for k, v in evidence[0].items() if k != "confidence"}
        g.add_edge(s, o, key=key, property=prop, title=post, confidence=0.85, evidence=evidence, **first)
        targets[ot].append(o)
        made += 1
    return g


def browser_times(html: Path, runs: int, probe: str) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    out: dict[str, list[float]] = {"load": [], "ready_at": [], "redraw": [], "search": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        try:
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                page = context.new_page()
                outside = []
                page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
                started = time.perf_counter()
                page.goto(html.resolve().as_uri(), wait_until="commit")
                page.wait_for_function("document.body && document.body.getAttribute('data-ready') === '1'",
                                       timeout=60_000, polling=10)
                out["load"].append(time.perf_counter() - started)
                out["ready_at"].append(page.evaluate("window.kgReadyAt") / 1000)
                out["redraw"].append(page.evaluate("""() => {
                    const t = performance.now();
                    for (let i = 0; i < 5; i++) kgNetwork.redraw();
                    return (performance.now() - t) / 5 / 1000; }"""))
                out["search"].append(page.evaluate("""(name) => {
                    const box = document.getElementById('search'), t = performance.now();
                    box.value = name;
                    box.dispatchEvent(new Event('input'));
                    box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'}));
                    if (kgNetwork.getSelectedNodes().length !== 1) throw new Error('search found nothing');
                    return (performance.now() - t) / 1000; }""", probe))
                assert not outside, outside
                context.close()
        finally:
            browser.close()
    return {k: statistics.median(v) for k, v in out.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", nargs="+", default=["500:1000", "5000:10000"], help="NODES:EDGES pairs")
    ap.add_argument("--runs", type=int, default=3, help="page loads per size (the median is shown)")
    ap.add_argument("--no-browser", action="store_true", help="only the Python side")
    a = ap.parse_args()
    rows = []
    layout_positions(synthetic_graph(50, 100))  # imports (scipy) and first calls, not timed
    with tempfile.TemporaryDirectory() as tmp:
        for size in a.sizes:
            n, m = (int(x) for x in size.split(":"))
            graph = synthetic_graph(n, m)
            started = time.perf_counter()
            layout_positions(graph)
            layout = time.perf_counter() - started
            started = time.perf_counter()
            page = render_html(graph)
            render = time.perf_counter() - started
            html = Path(tmp) / f"graph_{n}.html"
            html.write_text(page, encoding="utf-8")
            probe = max(graph.nodes, key=lambda v: graph.degree(v))
            row = {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(), "layout": layout,
                   "render": render, "mb": html.stat().st_size / 1e6}
            if not a.no_browser:
                row |= browser_times(html, a.runs, graph.nodes[probe]["label"])
            rows.append(row)
            print(f"done {n} nodes", flush=True)
    print()
    head = f"{'nodes':>6} {'edges':>6} {'layout s':>9} {'render s':>9} {'page MB':>8}"
    if not a.no_browser:
        head += f" {'to ready s':>11} {'(in page) s':>12} {'redraw ms':>10} {'search ms':>10}"
    print(head)
    for r in rows:
        line = f"{r['nodes']:>6,} {r['edges']:>6,} {r['layout']:>9.2f} {r['render']:>9.2f} {r['mb']:>8.1f}"
        if not a.no_browser:
            line += (f" {r['load']:>11.2f} {r['ready_at']:>12.2f} {r['redraw'] * 1000:>10.0f}"
                     f" {r['search'] * 1000:>10.0f}")
        print(line)
    print("\nrender = layout + data + template; to ready = navigation until <body data-ready> (first frame "
          "of the final view), measured from Python; (in page) = performance.now() at that moment; "
          "redraw = one full frame at the fitted view; search = a name typed and Enter, until the node is selected and its panel filled (in the page).")


if __name__ == "__main__":
    main()
