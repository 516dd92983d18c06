"""``kg serve``: the query part of the SPARQL 1.1 protocol, safe to run on a laptop with a
browser open, so it trusts no client:

- ``SERVICE`` (which makes Oxigraph fetch any URL a query names) is refused unless
  ``--allow-service`` is given; no CORS header is sent unless ``--cors ORIGIN`` is given,
  and on a loopback address a request naming another host (DNS rebinding) is refused.
- Queries run in worker processes over an on-disk copy of the graph (or, read-only, over
  the store folder given, from ``write_store``): Oxigraph cannot stop a query it has
  started, but a process can be stopped, so a query that runs past ``--timeout`` or whose
  client has gone is stopped with its worker, which is replaced.
- Requests are handled by a bounded pool of threads behind a deep listen queue; bodies are
  capped, idle sockets time out, and every error gets an HTTP answer.
"""
from __future__ import annotations

import multiprocessing
import queue
import select
import shutil
import signal
import socket
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyoxigraph as ox

from kg.errors import Errors
from kg.sparql.query import answer, uses_service
from kg.sparql.store import load_store, open_store

TIMEOUT = 30.0  # seconds a query may run
MAX_BODY = 1 << 20  # bytes of a POST body
IDLE = 15.0  # seconds a client may take to send its request
THREADS = 32  # requests handled at once (more wait in the listen queue)
BACKLOG = 512


# --------------------------------------------------------------------------- query workers

def _worker_main(store_dir: str, conn, allow_service: bool) -> None:
    """A query worker: reads (query, accept) from its pipe, answers each in turn."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops its workers itself
    store = ox.Store.read_only(store_dir)
    while True:
        try:
            query, accept = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(answer(store, query, accept, allow_service))


class _Worker:
    def __init__(self, context, store_dir: str, allow_service: bool):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(store_dir, child, allow_service), daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryWorkers:
    """Processes that answer queries over a store on disk; a query that runs too long, or
    whose client has gone, is stopped by stopping its process, and a new one takes its place."""

    def __init__(self, store_dir: str | Path, size: int = 2, allow_service: bool = False):
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["kg.sparql.serve"])
        self._args = (str(store_dir), allow_service)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        for _ in range(size):
            self._idle.put(_Worker(self._context, *self._args))

    def _replace(self, worker: _Worker) -> None:
        def restart():
            worker.stop()
            if not self._closed:
                self._idle.put(_Worker(self._context, *self._args))
        threading.Thread(target=restart, daemon=True).start()

    def run(self, query: str, accept: str, timeout: float, gone=lambda: False) -> tuple[int, str, bytes] | None:
        """(status, media type, body), or None when the client left before the answer."""
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            return 503, "text/plain; charset=utf-8", b"all query workers are busy; try again\n"
        try:
            worker.conn.send((query, accept))
            while not worker.conn.poll(0.05):
                if time.monotonic() > deadline:
                    self._replace(worker)
                    return 503, "text/plain; charset=utf-8", \
                        f"the query was stopped after its time limit of {timeout:g} s\n".encode("utf-8")
                if gone():
                    self._replace(worker)
                    return None
            result = worker.conn.recv()
        except (EOFError, OSError):
            self._replace(worker)
            return 500, "text/plain; charset=utf-8", b"the query's worker process failed\n"
        self._idle.put(worker)
        return result

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                break


# --------------------------------------------------------------------------- HTTP

class _BodyError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class SparqlHandler(BaseHTTPRequestHandler):
    """The query part of the SPARQL 1.1 protocol: GET ?query=…, POST form or
    application/sparql-query. Updates are refused: the endpoint is read-only."""

    server: "SparqlServer"
    server_version = "kg-sparql/1"
    timeout = IDLE  # seconds to wait for a client's request before giving up on it

    def do_GET(self):
        self._guarded(self._get)

    def do_POST(self):
        self._guarded(self._post)

    def do_OPTIONS(self):
        if not self.server.cors:
            return self._send(405, "text/plain", b"no cross-origin requests: start kg serve with --cors ORIGIN\n")
        self.send_response(204)
        self._cors_headers()
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _guarded(self, handle):
        try:
            if not self._host_allowed():
                return self._send(403, "text/plain", b"unexpected Host header\n")
            handle()
        except _BodyError as exc:
            self._send(exc.status, "text/plain; charset=utf-8", f"{exc}\n".encode("utf-8"))
        except (socket.timeout, TimeoutError):
            self._send(408, "text/plain", b"the request was not received in time\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception as exc:  # a bug: still an answer, and the server goes on
            self._send(500, "text/plain; charset=utf-8", f"internal error: {type(exc).__name__}\n".encode("utf-8"))

    def _host_allowed(self) -> bool:
        """On a loopback address only local names are accepted: a web page whose name was
        re-pointed at 127.0.0.1 (DNS rebinding) is not."""
        if not self.server.loopback:
            return True
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]").lower()
        return host in ("localhost", "127.0.0.1", "::1", "") or host.startswith("127.")

    def _get(self):
        url = urlparse(self.path)
        if url.path not in ("/sparql", "/"):
            return self._send(404, "text/plain", b"not found: use /sparql?query=...\n")
        try:
            query = parse_qs(url.query, errors="strict").get("query", [None])[0]
        except UnicodeDecodeError:
            raise _BodyError(400, "the query string is not UTF-8") from None
        if query is None:
            return self._send(200, "text/plain; charset=utf-8",
                              "kg SPARQL endpoint: GET or POST /sparql with a query\n".encode("utf-8"))
        self._answer(query)

    def _body(self) -> str:
        if self.headers.get("Transfer-Encoding"):
            raise _BodyError(411, "send the body with a Content-Length, not chunked")
        length = self.headers.get("Content-Length")
        if length is None:
            raise _BodyError(411, "a POST needs a Content-Length")
        if not length.strip().isdigit():
            raise _BodyError(400, f"malformed Content-Length: {length[:40]!r}")
        size = int(length)
        if size > self.server.max_body:
            raise _BodyError(413, f"the body is larger than {self.server.max_body} bytes")
        data = self.rfile.read(size)
        if len(data) < size:
            raise _BodyError(400, "the body is shorter than its Content-Length")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise _BodyError(400, "the body is not UTF-8") from None

    def _post(self):
        if urlparse(self.path).path not in ("/sparql", "/"):
            return self._send(404, "text/plain", b"not found: use /sparql\n")
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        body = self._body()
        if kind == "application/sparql-query":
            return self._answer(body)
        if kind == "application/x-www-form-urlencoded":
            form = parse_qs(body)
            if "update" in form:
                return self._send(403, "text/plain", b"this endpoint is read-only\n")
            if "query" in form:
                return self._answer(form["query"][0])
        if kind == "application/sparql-update":
            return self._send(403, "text/plain", b"this endpoint is read-only\n")
        self._send(400, "text/plain", b"expected a SPARQL query\n")

    def _client_gone(self) -> bool:
        sock = self.connection
        try:
            readable, _, _ = select.select([sock], [], [], 0)
            return bool(readable) and sock.recv(1, socket.MSG_PEEK) == b""
        except (BlockingIOError, InterruptedError):
            return False
        except OSError:
            return True

    def _answer(self, query: str):
        accept = self.headers.get("Accept") or ""
        if not self.server.allow_service and uses_service(query):
            return self._send(403, "text/plain; charset=utf-8", f"{Errors.E043}\n".encode("utf-8"))
        result = self.server.workers.run(query, accept, self.server.query_timeout, self._client_gone)
        if result is not None:
            self._send(*result)

    def _cors_headers(self):
        if self.server.cors:
            self.send_header("Access-Control-Allow-Origin", self.server.cors)
            self.send_header("Vary", "Origin")

    def _send(self, status: int, mime: str, data: bytes):
        try:
            self.send_response(status)
            self.send_header("Content-Type", mime)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Connection", "close")
            self._cors_headers()
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError, socket.timeout, TimeoutError):
            pass

    def log_message(self, format, *args):  # quiet: the terminal is for the user's own work
        pass


class SparqlServer(HTTPServer):
    """An HTTP server whose requests are handled by a bounded pool of threads."""

    request_queue_size = BACKLOG
    allow_reuse_address = True

    def __init__(self, address, workers: QueryWorkers, *, threads: int = THREADS, query_timeout: float = TIMEOUT,
                 allow_service: bool = False, cors: str | None = None, max_body: int = MAX_BODY,
                 cleanup=lambda: None):
        self.workers = workers
        self.query_timeout = query_timeout
        self.allow_service = allow_service
        self.cors = cors
        self.max_body = max_body
        self._threads = ThreadPoolExecutor(threads, thread_name_prefix="kg-serve")
        self._cleanup = cleanup
        super().__init__(address, SparqlHandler)
        host = self.server_address[0]
        self.loopback = host in ("localhost", "::1") or host.startswith("127.")

    def process_request(self, request, client_address):
        self._threads.submit(self._handle, request, client_address)

    def _handle(self, request, client_address):
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)

    def handle_error(self, request, client_address):  # a client that misbehaved: nothing to print
        pass

    def server_close(self):
        super().server_close()
        self._threads.shutdown(wait=False, cancel_futures=True)
        self.workers.close()
        self._cleanup()


def make_server(graph: str | Path, host: str = "127.0.0.1", port: int = 7878, *, workers: int = 2,
                threads: int = THREADS, timeout: float = TIMEOUT, allow_service: bool = False,
                cors: str | None = None, max_body: int = MAX_BODY) -> SparqlServer:
    """`kg serve`: a SPARQL 1.1 server for the graph file `graph`, loaded into an on-disk
    store its query workers share (removed again by ``server_close``), or for a store folder
    from `write_store`, which the workers open read-only as it is; run it with
    ``serve_forever()``."""
    if Path(graph).is_dir():
        open_store(graph)  # opened once and closed, so a folder that is no kg store is one line here
        store_dir, remove = str(graph), lambda: None  # the user's store: never removed
    else:
        store_dir = tempfile.mkdtemp(prefix="kg-serve-")

        def remove():
            shutil.rmtree(store_dir, ignore_errors=True)
        try:
            store = load_store(graph, store_dir)
            store.flush()
            del store
        except BaseException:
            remove()
            raise
    try:
        pool = QueryWorkers(store_dir, workers, allow_service)
    except BaseException:
        remove()
        raise
    try:
        return SparqlServer((host, port), pool, threads=threads, query_timeout=timeout, allow_service=allow_service,
                            cors=cors, max_body=max_body, cleanup=remove)
    except BaseException:
        pool.close()
        remove()
        raise
