"""The merge on disk (kg.graph.store): what it keeps of each document, in which order, and
that the writers read from it what they read from the networkx graph."""
from __future__ import annotations

import networkx as nx
import pytest

from kg.graph.store import GraphStore
from kg.model import DocumentExtraction, Entity, Evidence, Relation, entity_key

S1 = "市委书记赵明远主持召开市委常委会会议，研究部署“城乡共富”行动。"
S2 = "赵明远强调，要把“城乡共富”行动抓实抓细。"
S3 = "会议由市委书记赵明远主持。"


def person(label, *aliases, mentions=1):
    return Entity("Person", label, set(aliases), mentions, {"rule:person"})


def extraction(name, date, entities, facts):
    ex = DocumentExtraction(name, f"/archive/{name}", 100, "0" * 64, title=f"{name}的标题", date=date,
                            entities={e.key: e for e in entities})
    for subject, prop, obj, sentence, start, confidence, title in facts:
        ex.relations.append(Relation(subject, prop, obj, Evidence(name, sentence, start, start + len(sentence),
                                                                   "rule:test", confidence), title))
    return ex


ZHAO = entity_key("Person", "赵明远")
CITY = entity_key("Organization", "中共江城市委员会")
PROGRAMME = entity_key("Program", "城乡共富")
SLOGAN = entity_key("Concept", "城乡共富")
MEETING = entity_key("Meeting", "市委常委会会议")


def articles():
    a = extraction("b_second.txt", "2025-03-02", [
        person("赵明远", "赵书记", mentions=2), Entity("Program", "城乡共富", set(), 1, {"rule:quoted"}),
        Entity("Organization", "中共江城市委员会", {"江城市委"}, 1, {"rule:body"})], [
        (ZHAO, "holdsPosition", CITY, S3, 40, 0.8, "书记"),
        (ZHAO, "holdsPosition", CITY, S1, 0, 0.9, "书记"),
        (ZHAO, "holdsPosition", CITY, S1, 0, 0.7, "书记"),   # the same span read twice: one sentence
    ])
    b = extraction("a_first.txt", "2025-03-01", [
        person("赵明远", "明远同志"), Entity("Concept", "城乡共富", {"共富行动"}, 3, {"rule:quoted"}),
        Entity("Meeting", "市委常委会会议", set(), 1, {"rule:meeting"}, date="2025-03-01")], [
        (ZHAO, "holdsPosition", CITY, S1, 0, 0.85, "书记"),
        (ZHAO, "presides", MEETING, S1, 0, 0.9, None),
        (ZHAO, "mentions", SLOGAN, S2, 20, 0.6, None),
    ])
    return [a, b]


def merged(order):
    with GraphStore() as store:
        return store.add_all(order).to_networkx()


def test_the_merge_does_not_depend_on_the_order_the_documents_arrive_in():
    one, other = merged(articles()), merged(list(reversed(articles())))
    assert list(one.nodes(data=True)) == list(other.nodes(data=True))
    assert list(one.edges(keys=True, data=True)) == list(other.edges(keys=True, data=True))
    assert one.graph == other.graph


def test_a_fact_keeps_each_sentence_once_in_the_order_of_documents_and_offsets():
    graph = merged(articles())
    post = graph.edges[ZHAO, CITY, "holdsPosition:书记"]
    assert [(e["document"], e["start"]) for e in post["evidence"]] == [
        ("a_first.txt", 0), ("b_second.txt", 0), ("b_second.txt", 40)]
    assert post["evidence"][1]["confidence"] == 0.9       # the first reading of that span
    assert post["confidence"] == 0.9                      # the best reading of the fact
    assert (post["document"], post["sentence"]) == ("a_first.txt", S1)


def test_an_entity_gathers_names_documents_and_mentions_and_keeps_its_first_date():
    graph = merged(articles())
    zhao = graph.nodes[ZHAO]
    assert zhao["aliases"] == sorted({"赵书记", "明远同志"})
    assert zhao["documents"] == ["a_first.txt", "b_second.txt"]
    assert zhao["mentions"] == 3
    assert graph.nodes[MEETING]["date"] == "2025-03-01"
    assert CITY in graph and graph.nodes[CITY]["aliases"] == ["江城市委"]


def test_a_quoted_name_read_as_a_slogan_in_one_article_joins_the_programme_of_another():
    graph = merged(articles())
    assert SLOGAN not in graph
    programme = graph.nodes[PROGRAMME]
    assert programme["aliases"] == ["共富行动"] and programme["mentions"] == 4
    assert programme["documents"] == ["a_first.txt", "b_second.txt"]
    assert graph.has_edge(ZHAO, PROGRAMME, "mentions")


def test_a_graph_copied_into_a_store_reads_back_the_same():
    graph = merged(articles())
    with GraphStore.from_networkx(graph) as store:
        again = store.to_networkx()
    assert list(again.nodes(data=True)) == list(graph.nodes(data=True))
    assert list(again.edges(keys=True, data=True)) == list(graph.edges(keys=True, data=True))


def test_a_view_reads_the_first_sentences_of_a_fact_and_counts_the_rest():
    with GraphStore() as store:
        store.add_all(articles())
        view = store.to_networkx([ZHAO, CITY], evidence_limit=2)
    post = view.edges[ZHAO, CITY, "holdsPosition:书记"]
    assert len(post["evidence"]) == 2 and post["evidence_count"] == 3
    assert set(view.nodes) == {ZHAO, CITY} and view.number_of_edges() == 1
    assert set(view.graph["documents"]) == {"a_first.txt", "b_second.txt"}


def test_the_most_connected_view_read_from_a_store_is_the_one_select_view_makes():
    from kg.export.html.views import select_most_connected, select_view
    graph = merged(articles())
    with GraphStore.from_networkx(graph) as store:
        view, info = select_most_connected(store, max_nodes=2)
    expected, expected_info = select_view(graph, max_nodes=2)
    assert list(view.nodes) == sorted(expected.nodes)
    assert {k: info[k] for k in ("nodes", "edges", "omitted", "truncated", "omitted_edges", "notice")} == \
        {k: expected_info[k] for k in ("nodes", "edges", "omitted", "truncated", "omitted_edges", "notice")}


@pytest.mark.parametrize("writer", ["write_entities_csv", "write_relations_csv", "write_graphml"])
def test_tables_written_from_the_store_and_from_the_networkx_graph_are_the_same(tmp_path, writer):
    import kg.export.tables as tables
    graph = merged(articles())
    with GraphStore() as store:
        store.add_all(articles())
        getattr(tables, writer)(store, tmp_path / "from_store")
    getattr(tables, writer)(graph, tmp_path / "from_graph")
    assert (tmp_path / "from_store").read_bytes() == (tmp_path / "from_graph").read_bytes()


def test_the_page_written_in_pieces_is_the_page_rendered_whole(tmp_path):
    from kg.export.html.page import render_html, write_html
    graph = merged(articles())
    graph.nodes[ZHAO]["aliases"].append("</script><b>")   # text that must stay data
    write_html(graph, tmp_path / "page.html")
    page = (tmp_path / "page.html").read_text(encoding="utf-8")
    assert page == render_html(graph)
    assert "</script><b>" not in page and "\\u003c/script\\u003e" in page


def test_an_empty_store_has_no_nodes_and_an_empty_graph():
    with GraphStore() as store:
        store.add_all([])
        assert store.number_of_nodes() == 0 and store.number_of_edges() == 0
        assert nx.is_empty(store.to_networkx())
