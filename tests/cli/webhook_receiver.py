#!/usr/bin/env python3
"""A webhook receiver for the tests (tests/cli/test_webhooks.sh, tests/api/test_webhooks.sh).

    webhook_receiver.py DIR [PORT]

Listens on 127.0.0.1:PORT (0: a free port, written to DIR/port), verifies each POST as
docs/webhooks.md tells a receiver to: the X-Skjold-Signature t=…,v1=… is the HMAC-SHA256
of "<t>.<body>" under the secret of the path's endpoint (DIR/secrets: lines "PATH SECRET"),
t is at most 300 s from now, and the X-Skjold-Delivery id was not seen before.  Each POST
is appended to DIR/deliveries.jsonl as {"path", "event", "delivery", "verified", "why",
"body"}.  A verified delivery is answered 204; anything else 400; a path ending in /fail
answers 500 after recording.
"""
import hashlib
import hmac
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

DIR = sys.argv[1]
SEEN = set()


def secrets():
    out = {}
    try:
        with open(os.path.join(DIR, "secrets")) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2:
                    out[parts[0]] = parts[1]
    except FileNotFoundError:
        pass
    return out


def verify(secret, header, delivery, body):
    """The check of docs/webhooks.md: (ok, why)."""
    try:
        fields = dict(p.split("=", 1) for p in header.split(","))
        t = int(fields["t"])
        sig = fields["v1"]
    except (KeyError, ValueError):
        return False, "malformed signature header"
    if abs(time.time() - t) > 300:
        return False, "timestamp too old"
    want = hmac.new(secret.encode(), str(t).encode() + b"." + body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(want, sig):
        return False, "bad signature"
    if delivery in SEEN:
        return False, "delivery id seen before (a replay)"
    SEEN.add(delivery)
    return True, ""


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        path = self.path
        secret = secrets().get(path.removesuffix("/fail"), "")
        ok, why = verify(secret, self.headers.get("X-Skjold-Signature", ""),
                         self.headers.get("X-Skjold-Delivery", ""), body)
        try:
            parsed = json.loads(body)
        except ValueError:
            parsed = None
        rec = {"path": path, "event": self.headers.get("X-Skjold-Event"),
               "delivery": self.headers.get("X-Skjold-Delivery"), "verified": ok, "why": why,
               "body": parsed}
        with open(os.path.join(DIR, "deliveries.jsonl"), "a") as f:
            f.write(json.dumps(rec) + "\n")
        code = 500 if path.endswith("/fail") else 204 if ok else 400
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, fmt, *args):
        pass


srv = HTTPServer(("127.0.0.1", int(sys.argv[2]) if len(sys.argv) > 2 else 0), Handler)
with open(os.path.join(DIR, "port.tmp"), "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(os.path.join(DIR, "port.tmp"), os.path.join(DIR, "port"))
srv.serve_forever()
