"""A local HTTP server standing in for the ingest API: answers from a script (one answer per request, then the
fallback) and records every request body, inflated. DROP closes the connection without an answer."""
from __future__ import annotations

import gzip
import json
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DROP = object()


def answer(status, body, headers=None):
    return (status, body if isinstance(body, str) else json.dumps(body), headers or {})


def accept_all(req):
    n = len(req["body"].get("events", []))
    return answer(202, {"batch_id": "5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f", "status": "accepted", "accepted": n,
                        "duplicates": 0, "rejected": 0, "errors": []})


def ids(req):
    return [e["event_id"] for e in req["body"].get("events", [])]


class FakeApi:
    def __init__(self):
        self.requests = []
        self.script = deque()
        self.fallback = accept_all
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _handle(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.headers.get("Content-Encoding") == "gzip":
                    raw = gzip.decompress(raw)
                path, _, query = self.path.partition("?")
                req = {"method": self.command, "path": path, "query": query, "headers": dict(self.headers),
                       "body": json.loads(raw) if raw else {}}
                api.requests.append(req)
                fn = api.script.popleft() if api.script else api.fallback
                result = fn(req)
                if result is DROP:
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                status, body, headers = result
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, val in headers.items():
                    self.send_header(k, val)
                self.end_headers()
                self.wfile.write(data)

            do_GET = _handle
            do_POST = _handle
            do_DELETE = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def then(self, result):
        self.script.append(result if callable(result) else (lambda req: result))
        return self

    def ingested_ids(self):
        return [i for r in self.requests if r["path"] == "/v1/events/ingest" for i in ids(r)]

    def close(self):
        self.server.shutdown()
        self.server.server_close()
