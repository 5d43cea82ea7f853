#!/usr/bin/env python3
"""The risk service of the ledger example: not a JVM, run by command (local runtime only).

GET /score?amountCents=N  -> 200 {"allowed": N <= 5000000}, after 10-40 ms of "scoring"
GET /health               -> 200 {"status": "UP"}

It reads the caller's budget from X-Request-Timeout-Ms and stops working on a request whose
budget is already spent (504), so it never scores for a caller that gave up.
Standard library only: python3 risk.py --host 127.0.0.1 --port 8090
"""
import argparse
import json
import random
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

LIMIT_CENTS = 5_000_000


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/health":
            return self.answer(200, {"status": "UP"})
        if url.path != "/score":
            return self.answer(404, {"error": "no such path " + url.path})
        try:
            amount = int(parse_qs(url.query).get("amountCents", [""])[0])
        except ValueError:
            return self.answer(400, {"error": "amountCents: must be a whole number"})
        budget_ms = self.budget_ms()
        work_ms = random.uniform(10, 40)
        if budget_ms is not None and work_ms >= budget_ms:
            return self.answer(504, {"error": "budget of %d ms spent before the work" % budget_ms})
        time.sleep(work_ms / 1000.0)
        return self.answer(200, {"allowed": amount <= LIMIT_CENTS, "scoredInMs": round(work_ms)})

    def budget_ms(self):
        header = self.headers.get("X-Request-Timeout-Ms")
        try:
            return int(header) if header is not None else None
        except ValueError:
            return None

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        pass  # one line per request would drown the log; failures answer with a status


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    print("risk listening on %s:%d" % (args.host, args.port), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
