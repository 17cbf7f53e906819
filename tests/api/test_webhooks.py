#!/usr/bin/env python3
"""
test_webhooks.py — the webhook routes (docs/webhooks.md, docs/api.md) and serve's webhook thread.

A receiver on a free loopback port (tests/cli/webhook_receiver.py) verifies every delivery as
docs/webhooks.md tells a receiver to (HMAC-SHA256 over "<t>.<body>", a fresh t, a delivery id
not seen before).  An organisation's admin registers endpoints (the secret answered once, never
listed, never audited), refused input names its field and changes nothing, other roles are
refused, incidents written through the API reach the receiver by serve's own thread, a RED
incident is withheld from a GREEN endpoint, a receiver that is down gets the delivery retried
and then delivered, a disabled endpoint gets nothing, a ping is delivered at once, and a
removed endpoint is gone with its log.

Usage: test_webhooks.py SKJOLD_BINARY      (VERBOSE=1 prints every check)
"""
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import EXAMPLE_ORG, Server, main_guard  # noqa: E402

OA = "/api/v1/orgs/" + EXAMPLE_ORG
W = OA + "/webhooks"
RECEIVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli", "webhook_receiver.py")


class Receiver:
    def __init__(self, folder):
        self.dir = folder
        self.proc = None
        self.port = 0

    def start(self, port=0):
        path = os.path.join(self.dir, "port")
        if os.path.exists(path):
            os.remove(path)
        self.proc = subprocess.Popen([sys.executable, RECEIVER, self.dir] + ([str(port)] if port else []))
        for _ in range(100):
            if os.path.exists(path):
                break
            time.sleep(0.1)
        with open(path) as f:
            self.port = int(f.read())

    def stop(self):
        if self.proc:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait()
            self.proc = None

    def secret(self, path, secret):
        with open(os.path.join(self.dir, "secrets"), "a") as f:
            f.write("%s %s\n" % (path, secret))

    def got(self):
        try:
            with open(os.path.join(self.dir, "deliveries.jsonl")) as f:
                return [json.loads(line) for line in f]
        except FileNotFoundError:
            return []

    def wait(self, pred, seconds=15):
        """The deliveries once pred(deliveries) holds, or when seconds have passed."""
        deadline = time.time() + seconds
        while time.time() < deadline:
            got = self.got()
            if pred(got):
                return got
            time.sleep(0.2)
        return self.got()


def run(ck):
    srv = Server(sys.argv[1])
    rdir = os.path.join(srv.dir, "receiver")
    os.mkdir(rdir)
    rcv = Receiver(rdir)
    rcv.start()
    srv.user_add("wadm")
    srv.role("wadm", EXAMPLE_ORG, "admin")
    srv.user_add("wisk")
    srv.role("wisk", EXAMPLE_ORG, "isk")
    adm = srv.bearer(srv.token_add("wadm", EXAMPLE_ORG, "admin", name="wadm")["token"], "wadm")
    isk = srv.bearer(srv.token_add("wisk", EXAMPLE_ORG, "isk", name="wisk")["token"], "wisk")
    # serve's thread runs a pass every second; a failed POST is tried again at once, then after a second
    os.environ["SKJOLD_WEBHOOK_BACKOFF"] = "0,1,1"
    srv.start("--webhook-interval-s", "1")
    url = "http://127.0.0.1:%d" % rcv.port

    ck.section("registration")
    before = srv.checksum()
    r = adm.post(W, {"url": "ftp://127.0.0.1/x", "events": ["incident.created"], "tlp": "GREEN"})
    ck.status(r, 400, "an ftp URL is refused")
    ck.eq(r.error_field(), "url", "  naming the field url")
    r = adm.post(W, {"url": url + "/x", "events": ["incident.eaten"], "tlp": "GREEN"})
    ck.status(r, 400, "an unknown event is refused")
    ck.eq(r.error_field(), "events[0]", "  naming events[0]")
    r = adm.post(W, {"url": url + "/x", "events": ["incident.created"], "tlp": "PINK"})
    ck.eq((r.status, r.error_field()), (400, "tlp"), "an unknown ceiling is refused naming tlp")
    r = adm.post(W, {"url": url + "/x", "events": ["incident.created"], "tlp": "GREEN", "secret": "mine"})
    ck.eq((r.status, r.error_field()), (400, "secret"), "a secret of the caller's is refused: skjold makes it")
    r = isk.post(W, {"url": url + "/x", "events": ["incident.created"], "tlp": "GREEN"})
    ck.status(r, 403, "an ISK (not the organisation's admin) may not register one")
    ck.status(isk.get(W), 403, "  nor list them")
    ck.eq(srv.checksum(), before, "nothing changed by the refusals")

    r = adm.post(W, {"id": "inc", "url": url + "/inc", "events": ["incident.created", "incident.classified"],
                     "tlp": "AMBER+STRICT"})
    ck.status(r, 201, "an endpoint is registered")
    secret_inc = r.json.get("secret", "")
    ck.check(secret_inc.startswith("whsec_") and len(secret_inc) == 70, "  its secret in the answer, once")
    rcv.secret("/inc", secret_inc)
    r = adm.post(W, {"id": "green", "url": url + "/green", "events": ["incident.created"], "tlp": "GREEN"})
    ck.status(r, 201, "an endpoint with a GREEN ceiling")
    secret_green = r.json.get("secret", "")
    rcv.secret("/green", secret_green)
    r = adm.post(W, {"id": "green", "url": url + "/x", "events": ["incident.created"], "tlp": "GREEN"})
    ck.status(r, 409, "the same id again is a conflict")
    r = adm.get(W)
    ck.status(r, 200, "GET lists them")
    ck.eq([h["id"] for h in r.json.get("webhooks", [])], ["green", "inc"], "  both, by id")
    ck.check(secret_inc not in r.text and secret_green not in r.text and "secret" not in r.text,
             "  without a secret")
    r = adm.get(W + "/inc")
    ck.status(r, 200, "GET one")
    ck.check(secret_inc not in r.text and "secret" not in r.text, "  without its secret")
    ck.status(adm.get(W + "/none"), 404, "a missing one is 404")

    ck.section("incidents reach the receiver through serve's thread")
    r = adm.post(OA + "/incidents", {"id": "wh-1", "title": "Nedbrud", "detected_at": "2026-12-01T08:00:00Z",
                                     "classified_at": "2026-12-01T09:00:00Z"})
    ck.status(r, 201, "an incident, classified at once")
    got = rcv.wait(lambda g: len([d for d in g if d["path"] == "/inc"]) >= 2)
    mine = [d for d in got if d["path"] == "/inc"]
    ck.eq(sorted(d["event"] for d in mine), ["incident.classified", "incident.created"],
          "incident.created and incident.classified delivered")
    ck.check(mine and all(d["verified"] for d in mine), "  each signature verified", json.dumps(mine)[:400])
    ck.check(all(d["body"]["org"] == EXAMPLE_ORG and d["body"]["data"]["incident"] == "wh-1" and
                 d["body"]["tlp"] == "AMBER+STRICT" for d in mine), "  the payload names the incident")
    ck.check(not [d for d in got if d["path"] == "/green"], "the AMBER+STRICT incident not to the GREEN one")

    r = adm.post(OA + "/incidents", {"id": "wh-red", "title": "Indtrængen", "detected_at": "2026-12-02T08:00:00Z",
                                     "tlp": "RED"})
    ck.status(r, 201, "a RED incident")
    r = adm.post(OA + "/incidents", {"id": "wh-grn", "title": "Phishing", "detected_at": "2026-12-02T09:00:00Z",
                                     "tlp": "GREEN"})
    ck.status(r, 201, "a GREEN incident")
    got = rcv.wait(lambda g: len([d for d in g if d["path"] == "/green"]) >= 1)
    ck.eq([d["body"]["data"]["incident"] for d in got if d["path"] == "/green"], ["wh-grn"],
          "the GREEN endpoint got the GREEN incident only")
    ck.check(not [d for d in got if d["body"] and d["body"]["data"].get("incident") == "wh-red"],
             "the RED incident was sent nowhere")
    r = adm.get(W + "/green/deliveries")
    ck.status(r, 200, "the GREEN endpoint's delivery log")
    st = {d["event_id"]: d["status"] for d in r.json.get("deliveries", [])}
    ck.eq(sorted(st.values()), ["delivered", "withheld", "withheld"], "  the RED and AMBER+STRICT ones withheld")
    ck.check("secret" not in r.text, "  no secret in it")

    ck.section("the receiver down: retried, then delivered")
    rcv.stop()
    r = adm.post(OA + "/incidents", {"id": "wh-down", "title": "Strømsvigt", "detected_at": "2026-12-03T08:00:00Z"})
    ck.status(r, 201, "an incident while the receiver is down")
    deadline = time.time() + 15
    log = {}
    while time.time() < deadline:
        log = adm.get(W + "/inc/deliveries?limit=1").json["deliveries"][0]
        if log["attempts"] >= 1:
            break
        time.sleep(0.2)
    ck.check(log.get("tries") and log["tries"][0]["status"] == "failed" and log["tries"][0]["error"],
             "a failed try is logged with its error", json.dumps(log)[:400])
    rcv.start(rcv.port)
    got = rcv.wait(lambda g: any(d["body"]["data"].get("incident") == "wh-down" for d in g if d["body"]), 20)
    ck.check(any(d["verified"] and d["body"]["data"].get("incident") == "wh-down" for d in got if d["body"]),
             "delivered once the receiver is back")
    log = adm.get(W + "/inc/deliveries?limit=1").json["deliveries"][0]
    ck.check(log["status"] == "delivered" and log["attempts"] >= 2 and log["tries"][-1]["http_code"] == 204,
             "  the log: failed, then delivered", json.dumps(log)[:400])
    ck.status(adm.get(W + "/inc/deliveries?limit=0"), 400, "a limit of 0 is refused")

    ck.section("change, ping, remove")
    r = adm.patch(W + "/green", {"enabled": False})
    ck.eq((r.status, r.json.get("enabled")), (200, False), "PATCH disables an endpoint")
    r = adm.patch(W + "/green", {"url": "mailto:x@example.org"})
    ck.eq((r.status, r.error_field()), (400, "url"), "PATCH with a bad url is refused naming url")
    n_green = len([d for d in rcv.got() if d["path"] == "/green"])
    adm.post(OA + "/incidents", {"id": "wh-off", "title": "Mens slukket", "detected_at": "2026-12-04T08:00:00Z",
                                 "tlp": "CLEAR"})
    rcv.wait(lambda g: any(d["body"]["data"].get("incident") == "wh-off" for d in g if d["body"]))
    time.sleep(1.5)
    ck.eq(len([d for d in rcv.got() if d["path"] == "/green"]), n_green, "a disabled endpoint gets nothing")
    r = adm.post(W + "/inc/test")
    ck.status(r, 200, "POST test")
    ck.check(r.json.get("delivered") is True and r.json.get("delivery", {}).get("event") == "ping",
             "  a ping, delivered at once", r.text[:300])
    ck.check(any(d["event"] == "ping" and d["verified"] for d in rcv.got()), "  verified by the receiver")
    ck.status(isk.post(W + "/inc/test"), 403, "  not by an ISK")
    ck.status(adm.delete(W + "/green"), 204, "DELETE removes an endpoint")
    ck.status(adm.get(W + "/green"), 404, "  gone")
    ck.status(adm.get(W + "/green/deliveries"), 404, "  with its log")
    audit = srv.cli("audit", "log", "--entity", "webhook")
    text = json.dumps(audit)
    ck.eq(sorted(e["action"] for e in audit), ["create", "create", "delete", "update"],
          "every endpoint change is audited")
    ck.check(secret_inc not in text and secret_green not in text and "whsec_" not in text,
             "no secret in the audit log")
    srv.shutdown_checks(ck)
    rcv.stop()


if __name__ == "__main__":
    main_guard(run)
