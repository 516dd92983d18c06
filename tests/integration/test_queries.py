"""The SPARQL queries of ontology/queries/ run on the sample's graph.ttl.

Every ``.rq`` file must: open with a ``# `` line saying what it answers and a ``# Columns:``
line naming its columns, run in both rdflib and Oxigraph, give the same rows in both
(as sets of tuples of strings, literal values normalised), and return the rows listed in
EXPECTED below: facts the sample's text really states. Only containment of those rows
and a minimum row count are asserted, so a small extraction change elsewhere does not
break a query's test.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

import kg
from helpers import ROOT

QUERIES = ROOT / "ontology" / "queries"
QUERY_FILES = sorted(p.name for p in QUERIES.glob("*.rq"))
KG = "http://kg.example.org/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "short",
                             "nonNegativeInteger", "positiveInteger")}
SEPARATOR = " | "  # the GROUP_CONCAT separator of the queries: its order is not defined

# file → the least number of rows, and rows that must be among the results. A row is
# {column: value} over some of the query's columns; a set as value means the cell,
# split on SEPARATOR, contains these items.
EXPECTED: dict[str, dict] = {
    "01_people_and_posts.rq": {"min_rows": 10, "rows": [
        {"person": "朱国贤", "title": "主席", "organization": "吉林省政协"},
        {"person": "贺兰舟", "title": "副厅长", "organization": "吉林省人力资源和社会保障厅"},
        {"person": "程立新", "title": "常委", "organization": "中共长春市二道区委"},
        {"person": "程立新", "title": "部长", "organization": "中共长春市二道区委组织部"},
        {"person": "孔令哲", "title": "书记", "organization": "中共通化市东昌区委"},
        {"person": "宁思远", "title": "副区长", "organization": "通化市东昌区"},
        {"person": "宋砚秋", "title": "常委", "organization": "吉林省政协"},
        {"person": "宋砚秋", "title": "教授", "organization": "吉林农业大学"},
        {"person": "方嘉树", "title": "董事长", "organization": "长春北辰精工集团"},
    ]},
    "02_meeting_attendance.rq": {"min_rows": 8, "rows": [
        {"person": name, "meeting": "吉林省政协十三届十次常委会会议"}
        for name in ("孟庆禾", "杜凌云", "韩晓舟", "邵立平", "贺明川", "崔雅楠", "潘文玉", "石佩兰")
    ]},
    "03_meeting_chairs.rq": {"min_rows": 2, "rows": [
        {"person": "朱国贤", "meeting": "吉林省政协十三届十次常委会会议"},
        {"person": "朱国贤", "meeting": "吉林省政协十三届二十一次主席会议"},
    ]},
    "04_programmes_by_body.rq": {"min_rows": 10, "rows": [
        {"body": "吉林省人力资源和社会保障厅", "programme": "雁归吉林"},
        {"body": "吉林省人力资源和社会保障厅", "programme": "桑梓英才"},
        {"body": "吉林省人力资源和社会保障厅", "programme": "乡情联络"},
        {"body": "吉林省人力资源和社会保障厅", "programme": "吉才通"},
        {"body": "吉林省人力资源和社会保障厅", "programme": "青春建功乡村服务计划"},
        {"body": "吉林省人力资源和社会保障厅", "programme": "留吉就业护航行动"},
        {"body": "长春市二道区", "programme": "东城梧桐"},
        {"body": "长春市二道区", "programme": "梧桐新苗"},
        {"body": "长春市二道区", "programme": "梧桐栖凤"},
        {"body": "通化市东昌区", "programme": "东昌青苗"},
        {"body": "吉林省政协", "programme": "同心话振兴委员讲堂活动"},
    ]},
    "05_documents_issued_and_adopted.rq": {"min_rows": 7, "rows": [
        {"source": "吉林省政协十三届二十一次主席会议", "relation": "adopts",
         "document": "政协吉林省第十三届委员会常务委员会工作报告（送审稿）"},
        {"source": "吉林省政协十三届二十一次主席会议", "relation": "adopts",
         "document": "省政协十三届二次会议以来提案工作情况的报告（送审稿）"},
        {"source": "吉林省政协十三届二十一次主席会议", "relation": "adopts",
         "document": "省政协2025年度协商工作计划（草案）"},
        {"source": "吉林省人力资源和社会保障厅", "relation": "issues",
         "document": "吉人回乡联络服务站建设管理办法（试行）"},
        {"source": "吉林省人力资源和社会保障厅", "relation": "issues",
         "document": "对省政协十三届三次会议第118号委员提案的答复"},
        {"source": "中共长春市二道区委人才办", "relation": "issues",
         "document": "二道区东城梧桐人才政策十条（2024年版）"},
        {"source": "吉林省财政厅", "relation": "issues",
         "document": "吉林省高校毕业生返乡创业扶持资金管理办法"},
    ]},
    "06_meetings_by_date_and_place.rq": {"min_rows": 5, "rows": [
        {"meeting": "吉林省政协十三届十次常委会会议", "place": "长春市"},
        {"meeting": "吉林省政协十三届三次会议", "place": "长春市"},
        {"meeting": "吉林省政协十三届二十一次主席会议"},
        {"meeting": "吉人回乡招才引智座谈会"},
        {"meeting": "长春市二道区东城梧桐高校英才专场推介会"},
    ]},
    "07_co_attendance.rq": {"min_rows": 28, "rows": [
        {"personA": "孟庆禾", "personB": "杜凌云", "meeting": "吉林省政协十三届十次常委会会议"},
        {"personA": "崔雅楠", "personB": "韩晓舟", "meeting": "吉林省政协十三届十次常委会会议"},
        {"personA": "朱国贤", "personB": "石佩兰", "meeting": "吉林省政协十三届十次常委会会议"},
    ]},
    "08_evidence_for_presides.rq": {"min_rows": 2, "rows": [
        {"person": "朱国贤", "meeting": "吉林省政协十三届十次常委会会议",
         "sentence": "省政协主席朱国贤主持会议并讲话。", "file": "01_zhengxie_huiyi.txt"},
        {"person": "朱国贤", "meeting": "吉林省政协十三届二十一次主席会议", "file": "01_zhengxie_huiyi.txt"},
    ]},
    "09_entity_aliases.rq": {"min_rows": 20, "rows": [
        {"type": "Organization", "entity": "吉林省人力资源和社会保障厅", "aliases": {"省人社厅", "吉林省人社厅"}},
        {"type": "Organization", "entity": "吉林省政协", "aliases": {"省政协"}},
        {"type": "Organization", "entity": "中共长春市二道区委", "aliases": {"二道区委"}},
        {"type": "Organization", "entity": "中共长春市二道区委人才办", "aliases": {"区委人才办", "二道区委人才办"}},
        {"type": "Meeting", "entity": "吉林省政协十三届二十一次主席会议", "aliases": {"省政协十三届二十一次主席会议"}},
        {"type": "Meeting", "entity": "吉林省政协十三届三次会议",
         "aliases": {"省政协十三届三次会议", "政协吉林省第十三届委员会第三次会议"}},
        {"type": "Place", "entity": "长春市", "aliases": {"长春"}},
    ]},
    "10_suborganization_tree.rq": {"min_rows": 6, "rows": [
        {"organization": "中共长春市二道区委人才办", "ancestor": "中共长春市二道区委", "ancestorIsTop": "true"},
        {"organization": "中共长春市二道区委组织部", "ancestor": "中共长春市二道区委", "ancestorIsTop": "true"},
        {"organization": "吉林省政协办公厅", "ancestor": "吉林省政协"},
        {"organization": "吉林省政协提案委员会", "ancestor": "吉林省政协"},
        {"organization": "吉林省人力资源和社会保障厅办公室", "ancestor": "吉林省人力资源和社会保障厅"},
    ]},
    "11_articles_entity_counts.rq": {"min_rows": 4, "rows": [
        {"file": "01_zhengxie_huiyi.txt", "title": "同心聚力开新局 履职担当谱新篇", "date": "2025-01-14"},
        {"file": "02_jirenhuixiang_rencai.txt"},
        {"file": "03_erdao_dongchengwutong.txt"},
        {"file": "04_rensheting_dafu_gb18030.txt", "title": "对省政协十三届三次会议第118号委员提案的答复",
         "date": "2025-07-10"},
    ]},
    "12_low_confidence_facts.rq": {"min_rows": 1, "rows": [
        {"subject": "吉林省人力资源和社会保障厅", "property": "implements", "object": "雁归吉林",
         "file": "02_jirenhuixiang_rencai.txt"},
    ]},
    "13_posts_org_vocabulary.rq": {"min_rows": 10, "rows": [
        {"person": "朱国贤", "post": "主席", "organization": "吉林省政协"},
        {"person": "程立新", "post": "部长", "organization": "中共长春市二道区委组织部"},
        {"person": "孔令哲", "post": "书记", "organization": "中共通化市东昌区委"},
        {"person": "贺兰舟", "post": "副厅长", "organization": "吉林省人力资源和社会保障厅"},
    ]},
    "14_events_schema_vocabulary.rq": {"min_rows": 5, "rows": [
        {"event": "吉林省政协十三届十次常委会会议", "location": "长春市", "organizer": "朱国贤", "attendees": "9"},
        {"event": "吉林省政协十三届二十一次主席会议", "organizer": "朱国贤"},
        {"event": "吉人回乡招才引智座谈会", "organizer": "吉林省人力资源和社会保障厅"},
    ]},
    "15_proposals_and_replies.rq": {"min_rows": 1, "rows": [
        {"proposer": "蒋慧敏", "document": "关于进一步完善我省高校毕业生返乡就业服务体系的建议",
         "repliedBy": "吉林省人力资源和社会保障厅"},
    ]},
    "16_places_within_places.rq": {"min_rows": 2, "rows": [
        {"entity": "长春市二道区", "type": "Place", "within": "长春市"},
        {"entity": "通化市东昌区", "type": "Place", "within": "通化市"},
    ]},
}


def _normalise(value: str, datatype: str | None) -> str:
    """One string for a literal whichever engine gave it: numbers in canonical form
    (0.600 and 0.6 are one), GROUP_CONCAT lists sorted."""
    if datatype in NUMERIC:
        try:
            return f"{Decimal(value).normalize():f}"
        except InvalidOperation:
            return value
    if SEPARATOR in value:
        return SEPARATOR.join(sorted(value.split(SEPARATOR)))
    return value


def _rdflib_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, rdflib.Literal):
        return _normalise(str(term), str(term.datatype) if term.datatype else None)
    return str(term)


def _oxigraph_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return _normalise(term.value, term.datatype.value)
    return term.value


class Engines:
    def __init__(self, ttl: Path):
        self.ttl = ttl
        self.rdflib = rdflib.Graph()
        self.rdflib.parse(str(ttl), format="turtle")
        self.oxigraph = ox.Store()
        self.oxigraph.load(path=str(ttl), format=ox.RdfFormat.TURTLE)
        self._cache: dict[str, tuple] = {}

    def run_rdflib(self, text: str) -> tuple[list[str], list[tuple[str, ...]]]:
        result = self.rdflib.query(text)
        return [str(v) for v in result.vars], [tuple(_rdflib_value(t) for t in row) for row in result]

    def run_oxigraph(self, text: str) -> tuple[list[str], list[tuple[str, ...]]]:
        result = self.oxigraph.query(text)
        names = [v.value for v in result.variables]
        return names, [tuple(_oxigraph_value(s[n]) for n in names) for s in result]

    def run(self, name: str):
        """(rdflib columns and rows, Oxigraph columns and rows) of a query file, once."""
        if name not in self._cache:
            text = (QUERIES / name).read_text(encoding="utf-8")
            self._cache[name] = (self.run_rdflib(text), self.run_oxigraph(text))
        return self._cache[name]


@pytest.fixture(scope="module")
def engines(tmp_path_factory) -> Engines:
    graph = kg.build_graph([ROOT / "kg" / "data" / "sample"])
    out = tmp_path_factory.mktemp("queries_sample")
    kg.write_outputs(graph, out)
    return Engines(out / "graph.ttl")


def _header(name: str) -> list[str]:
    return (QUERIES / name).read_text(encoding="utf-8").splitlines()


def _documented_columns(name: str) -> list[str]:
    line = _header(name)[1]
    listed = re.sub(r"\([^)]*\)", "", line.split(":", 1)[1])
    return [c.strip() for c in listed.split(",") if c.strip()]


def _matches(row: dict[str, str], want: dict) -> bool:
    for column, value in want.items():
        if isinstance(value, (set, frozenset)):
            if not value <= set(row[column].split(SEPARATOR)):
                return False
        elif row[column] != value:
            return False
    return True


def test_there_are_enough_queries_and_each_has_expectations():
    assert len(QUERY_FILES) >= 12
    assert set(QUERY_FILES) == set(EXPECTED), "every query needs expected rows, and every expectation a query"


@pytest.mark.parametrize("name", QUERY_FILES)
def test_query_is_documented(name):
    lines = _header(name)
    text = "\n".join(lines)
    assert re.match(r"# \S.{10,}", lines[0]), f"{name}: first line must be a '# ' comment saying what it answers"
    assert lines[1].startswith("# Columns: "), f"{name}: second line must be '# Columns: …'"
    assert re.search(r"^PREFIX \w*:\s*<[^>]+>", text, re.M), f"{name}: declare its prefixes"
    assert re.search(r"^\s*SELECT\b", text, re.M | re.I)
    assert re.search(r"^ORDER BY\b", text, re.M), f"{name}: needs ORDER BY for deterministic results"


@pytest.mark.parametrize("name", QUERY_FILES)
def test_query_runs_in_both_engines_with_the_same_rows(engines, name):
    (r_cols, r_rows), (o_cols, o_rows) = engines.run(name)
    assert r_cols == o_cols
    assert r_cols == _documented_columns(name), f"{name}: the '# Columns:' line is out of date"
    assert set(r_rows) == set(o_rows), (
        f"{name}: only rdflib {sorted(set(r_rows) - set(o_rows))}; only Oxigraph {sorted(set(o_rows) - set(r_rows))}")
    assert len(r_rows) == len(o_rows)


@pytest.mark.parametrize("name", QUERY_FILES)
def test_query_returns_the_expected_rows(engines, name):
    _, (columns, rows) = engines.run(name)
    expected = EXPECTED[name]
    assert len(rows) >= expected["min_rows"], f"{name}: {len(rows)} rows"
    records = [dict(zip(columns, row)) for row in rows]
    for want in expected["rows"]:
        assert set(want) <= set(columns), f"{name}: no column {set(want) - set(columns)}"
        assert any(_matches(r, want) for r in records), f"{name}: missing {want}"
    for r in records:  # labels, not IRIs, in every cell
        assert not any(v.startswith("http://kg.example.org/id/") for v in r.values()), r


def test_co_attendance_lists_each_pair_once(engines):
    _, (columns, rows) = engines.run("07_co_attendance.rq")
    pairs = [(r[0], r[1], r[2]) for r in rows]
    assert all(a < b for a, b, _ in pairs)
    assert len(pairs) == len(set(pairs))


def test_evidence_has_offsets_extractor_and_confidence(engines):
    _, (columns, rows) = engines.run("08_evidence_for_presides.rq")
    for r in (dict(zip(columns, row)) for row in rows):
        assert 0 <= int(r["start"]) < int(r["end"])
        assert "主持" in r["sentence"]
        assert r["extractor"]
        assert 0 < Decimal(r["confidence"]) <= 1


def test_low_confidence_facts_are_below_the_threshold(engines):
    _, (columns, rows) = engines.run("12_low_confidence_facts.rq")
    assert all(Decimal(dict(zip(columns, row))["confidence"]) < Decimal("0.7") for row in rows)


def test_alias_counts_match_the_alias_lists(engines):
    _, (columns, rows) = engines.run("09_entity_aliases.rq")
    for r in (dict(zip(columns, row)) for row in rows):
        assert int(r["aliasCount"]) == len(r["aliases"].split(SEPARATOR)) >= 1


def test_every_article_mentions_entities(engines):
    _, (columns, rows) = engines.run("11_articles_entity_counts.rq")
    counts = {r[0]: int(r[3]) for r in rows}
    assert all(n >= 10 for n in counts.values()), counts
    assert [int(r[3]) for r in rows] == sorted(counts.values(), reverse=True), "ordered by count, most first"


def test_org_vocabulary_finds_the_same_posts_as_kg_vocabulary(engines):
    _, (_, kg_rows) = engines.run("01_people_and_posts.rq")
    _, (_, org_rows) = engines.run("13_posts_org_vocabulary.rq")
    assert set(kg_rows) == set(org_rows)  # both are (person, title, organization)


def test_org_and_schema_queries_use_no_kg_terms():
    for name in ("13_posts_org_vocabulary.rq", "14_events_schema_vocabulary.rq"):
        body = "\n".join(line for line in _header(name) if not line.startswith("#"))
        assert "kg:" not in body and KG not in body, name


def test_suborganization_ancestors_at_any_depth(engines):
    """With one more level above (人社厅 under 吉林省), the office of 人社厅 has two
    ancestors, and only 吉林省 is the top."""
    iris = {}
    for label in ("吉林省人力资源和社会保障厅", "吉林省"):
        _, rows = engines.run_oxigraph(
            'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX kg: <%s> '
            'SELECT ?e WHERE { ?e a kg:Organization ; rdfs:label "%s"@zh }' % (KG, label))
        assert len(rows) == 1, label
        iris[label] = rows[0][0]
    triple = f"<{iris['吉林省人力资源和社会保障厅']}> <{KG}subOrganizationOf> <{iris['吉林省']}> .\n"
    text = (QUERIES / "10_suborganization_tree.rq").read_text(encoding="utf-8")
    graph = rdflib.Graph()
    graph.parse(str(engines.ttl), format="turtle")
    graph.parse(data=triple, format="nt")
    store = ox.Store()
    store.load(path=str(engines.ttl), format=ox.RdfFormat.TURTLE)
    store.load(triple.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    r_rows = {tuple(_rdflib_value(t) for t in row) for row in graph.query(text)}
    o_result = store.query(text)
    names = [v.value for v in o_result.variables]
    o_rows = {tuple(_oxigraph_value(s[n]) for n in names) for s in o_result}
    assert r_rows == o_rows
    office = "吉林省人力资源和社会保障厅办公室"
    assert (office, "吉林省人力资源和社会保障厅", "false") in o_rows
    assert (office, "吉林省", "true") in o_rows
    assert ("吉林省人力资源和社会保障厅", "吉林省", "true") in o_rows
