#!/usr/bin/env python3
"""A fault-injecting HTTP proxy between an SDK and the ingestion API (standard library only).

Every request is forwarded unchanged, except the writes an SDK retries: POST /v1/events/ingest, /v1/charges,
/v1/refunds and /v1/reservations, where (seeded, reproducible) it may:
  503_before   answer 503 PUBLISH_FAILED without forwarding        (the API never saw the batch)
  drop_before  close the connection without forwarding            (a network error before the API)
  drop_after   forward, wait for the API's answer, then close the   (the events ARE accepted, the SDK does not
               connection without answering                         know: its retry must be deduplicated)
  503_after    forward, then answer 503 instead of the API's answer (outcome unknown, as the API's own 503)
Per path, the first four requests get one fault each, in that order, so every run sees each kind on each path (a
charge's first attempt is charged and its answer lost, ...); later ones get a fault with probability --fault-rate.
On SIGTERM it writes its counts as JSON to --stats: requests per path and faults per path and kind.

  proxy.py --listen 18090 --upstream http://127.0.0.1:18080 --fault-rate 0.15 --seed 7 --stats stats.json
"""
import argparse
import http.client
import json
import random
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

FAULTS = ["drop_after", "503_after", "drop_before", "503_before"]
FAULTED = {"/v1/events/ingest": "ingest", "/v1/charges": "charges", "/v1/refunds": "refunds",
           "/v1/reservations": "reservations"}
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection", "host"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--listen", type=int, required=True)
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--fault-rate", type=float, default=0.15)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--stats", default=None)
    args = ap.parse_args()
    up = urlsplit(args.upstream)
    rng = random.Random(args.seed)
    lock = threading.Lock()
    stats = {"requests": 0, **{kind: {"requests": 0, **{f: 0 for f in FAULTS}} for kind in FAULTED.values()}}

    def pick_fault(kind):
        with lock:
            counts = stats[kind]
            counts["requests"] += 1
            n = counts["requests"]
            fault = FAULTS[n - 1] if n <= len(FAULTS) else (rng.choice(FAULTS) if rng.random() < args.fault_rate else None)
            if fault:
                counts[fault] += 1
            return fault

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def _drop(self):
            self.close_connection = True
            try:
                self.connection.shutdown(2)
            except OSError:
                pass

        def _answer(self, status, headers, body):
            self.send_response(status)
            for k, v in headers:
                if k.lower() not in HOP_BY_HOP and k.lower() != "content-length":
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _forward(self, body):
            conn = http.client.HTTPConnection(up.hostname, up.port, timeout=60)
            try:
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                conn.request(self.command, self.path, body=body, headers=headers)
                r = conn.getresponse()
                return r.status, r.getheaders(), r.read()
            finally:
                conn.close()

        def _handle(self):
            with lock:
                stats["requests"] += 1
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            kind = FAULTED.get(self.path.split("?")[0]) if self.command == "POST" else None
            fault = pick_fault(kind) if kind else None
            if fault == "drop_before":
                return self._drop()
            if fault == "503_before":
                return self._answer(503, [("Content-Type", "application/json"), ("Retry-After", "0")],
                                    b'{"error":"PUBLISH_FAILED","message":"injected by the proxy","details":[]}')
            try:
                status, headers, payload = self._forward(body)
            except OSError as e:
                return self._answer(502, [("Content-Type", "application/json")],
                                    json.dumps({"error": "BAD_GATEWAY", "message": str(e), "details": []}).encode())
            if fault == "drop_after":
                return self._drop()
            if fault == "503_after":
                return self._answer(503, [("Content-Type", "application/json"), ("Retry-After", "0")],
                                    b'{"error":"PUBLISH_FAILED","message":"injected by the proxy after forwarding","details":[]}')
            self._answer(status, headers, payload)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

    server = ThreadingHTTPServer(("127.0.0.1", args.listen), Handler)
    server.daemon_threads = True

    def stop(*_):
        if args.stats:
            with open(args.stats, "w") as f:
                json.dump(stats, f)
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"proxy on 127.0.0.1:{args.listen} -> {args.upstream}", file=sys.stderr, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
