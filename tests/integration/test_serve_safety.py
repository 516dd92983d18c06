"""kg serve on a laptop with a browser open: it fetches nothing for a client, answers no
other origin, stops runaway queries, and stays responsive under many clients."""
import http.client
import http.server
import json
import socket
import threading
import time
import urllib.parse

import pytest

import kg
from helpers import SAMPLE, cli
from kg.sparql.query import uses_service
from kg.sparql.serve import make_server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# a cross product of the graph with itself, three times: hours of work
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory):
    out = tmp_path_factory.mktemp("serve")
    kg.write_outputs(kg.build_graph([SAMPLE]), out)
    return out / "graph.ttl"


class Served:
    def __init__(self, graph_file, **options):
        self.server = make_server(graph_file, "127.0.0.1", 0, **options)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def request(self, method="GET", query=COUNT, body=None, headers=None, timeout=60):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        path = "/sparql" + ("?" + urllib.parse.urlencode({"query": query}) if method == "GET" and query else "")
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def served(graph_file):
    running = []

    def start(**options):
        running.append(Served(graph_file, **options))
        return running[-1]
    yield start
    for s in running:
        s.close()


class Counting(http.server.BaseHTTPRequestHandler):
    hits: list = []

    def do_GET(self):
        self.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def listener():
    Counting.hits = []
    target = http.server.HTTPServer(("127.0.0.1", 0), Counting)
    threading.Thread(target=target.serve_forever, daemon=True).start()
    yield target
    target.shutdown()


def test_service_is_refused_unless_allowed(served, listener):
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.server_address[1]}/leak> {{ ?s ?p ?o }} }}"
    status, _, body = served().request(query=query)
    assert status == 403 and b"SERVICE" in body
    assert Counting.hits == []
    served(allow_service=True).request(query=query)
    assert Counting.hits and Counting.hits[0].startswith("/leak")  # allowed: the request is made


@pytest.mark.parametrize("query, expected", [
    ("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }", True),
    ("select * { service silent <http://x/> { ?s ?p ?o } }", True),
    ("SELECT * {}SERVICE<http://x/>{}", True),
    ('SELECT * { ?s ?p "SERVICE <http://x/>" }', False),
    ("SELECT ?service { ?service ?p ?o } # SERVICE <http://x/>", False),
    ("PREFIX service: <http://x/> SELECT * { ?s service:p ?o . ?s <http://e/SERVICE> ?x }", False),
    ("SELECT * { ?s ?p '''a\n SERVICE <http://x/> ''' }", False),
])
def test_service_is_found_as_a_keyword_only(query, expected):
    assert uses_service(query) is expected


def test_no_cors_header_unless_an_origin_is_given(served):
    status, headers, _ = served().request(headers={"Origin": "http://evil.example"})
    assert status == 200 and not any(h.lower().startswith("access-control") for h in headers)
    status, headers, _ = served(cors="http://localhost:8888").request(headers={"Origin": "http://localhost:8888"})
    assert headers["Access-Control-Allow-Origin"] == "http://localhost:8888"


def test_a_page_of_another_name_is_refused_on_loopback(served):
    status, _, _ = served().request(headers={"Host": "attacker.example:7878"})
    assert status == 403


def test_a_runaway_query_is_stopped_and_the_server_stays_responsive(served):
    server = served(timeout=2.0, workers=2)
    result = {}
    worker = threading.Thread(target=lambda: result.update(answer=server.request(query=RUNAWAY)))
    started = time.monotonic()
    worker.start()
    status, _, body = server.request(query=COUNT)  # answered while the runaway one runs
    assert status == 200 and json.loads(body)["results"]["bindings"]
    worker.join(30)
    assert result["answer"][0] == 503 and b"time limit" in result["answer"][2]
    assert time.monotonic() - started < 10
    assert server.request(query=COUNT)[0] == 200


def test_a_query_whose_client_left_is_stopped(served):
    server = served(timeout=120.0, workers=1)
    sock = socket.create_connection(("127.0.0.1", server.port))
    sock.sendall(f"GET /sparql?{urllib.parse.urlencode({'query': RUNAWAY})} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                 .encode())
    sock.close()  # gone before the answer: whenever the server notices, the query is stopped
    started = time.monotonic()
    status, _, _ = server.request(query=COUNT, timeout=60)
    assert status == 200 and time.monotonic() - started < 30  # not the 120 s time limit


@pytest.mark.parametrize("headers, body, status", [
    ({"Content-Type": "application/sparql-query", "Content-Length": "abc"}, b"", 400),
    ({"Content-Type": "application/sparql-query", "Content-Length": "-5"}, b"", 400),
    ({"Content-Type": "application/sparql-query", "Content-Length": str(50 << 20)}, b"", 413),
    ({"Content-Type": "application/sparql-query"}, b"\xff\xfe" + COUNT.encode(), 400),
    ({"Content-Type": "application/sparql-query", "Transfer-Encoding": "chunked"}, None, 411),
])
def test_every_bad_request_gets_an_answer(served, headers, body, status):
    server = served()
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    if body is not None and "Content-Length" not in headers:
        head += f"Content-Length: {len(body)}\r\n"
    sock.sendall(f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n{head}\r\n".encode() + (body or b""))
    reply = sock.recv(4096).decode("latin-1")
    sock.close()
    assert reply.startswith(f"HTTP/1.0 {status}") or reply.startswith(f"HTTP/1.1 {status}"), reply


def test_idle_sockets_time_out(served, monkeypatch):
    from kg.sparql.serve import SparqlHandler
    monkeypatch.setattr(SparqlHandler, "timeout", 1.0)
    server = served()
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nSELECT")
    started = time.monotonic()
    reply = sock.recv(4096)
    assert time.monotonic() - started < 10
    assert reply.startswith(b"HTTP/1.0 408") or reply == b""
    sock.close()


def test_two_hundred_clients_at_once(served):
    server = served()
    latencies, failures = [], []

    def client():
        started = time.monotonic()
        try:
            status, _, _ = server.request(query=COUNT, timeout=60)
            (latencies if status == 200 else failures).append(time.monotonic() - started)
        except OSError as exc:
            failures.append(exc)
    threads = [threading.Thread(target=client) for _ in range(200)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not failures and len(latencies) == 200
    assert max(latencies) < 15, max(latencies)


def test_a_malformed_graph_is_one_line_for_query_and_serve(tmp_path):
    bad = tmp_path / "graph.ttl"
    bad.write_text('@prefix kg: <http://x/> .\nkg:a kg:b "unterminated .\n', encoding="utf-8")
    for args in (["query", bad, COUNT], ["serve", bad, "--port", "0"]):
        result = cli(*args)
        assert result.returncode == 2 and result.stderr.count("\n") == 1 and "line 2" in result.stderr, result.stderr
