"""
test_slowclients.py — slow clients cannot starve the others.

    python3 tests/api/test_slowclients.py build/release/skjold

A bounded slowloris load from five loopback addresses (127.0.0.2 … 127.0.0.6,
the client socket bound to each) against `skjold serve` with its default
limits, while a normal client on 127.0.0.1 keeps asking for /api/v1/health and
the start page.  The load, per address:

  - HEAD_SOCKETS connections that send a request line and then trickle header
    bytes, one every TRICKLE_S seconds (under the 30 s idle timeout, so only
    the header deadline can cut them);
  - KEEPALIVE_SOCKETS that send one whole request, read its answer, then
    trickle the next request's head (the deadline starts again after each
    answer);
  - BODY_SOCKETS that send a whole head declaring a body and trickle the body
    (cut by --body-timeout-s, given short here: its default is a minute).

A connection the server closes is opened again RECONNECT_S later, so the
pressure lasts the whole window; at most MAX_CONNECTS connections are made.

Checked: every request of the normal client is answered 200, none slower than
WORST_OK_S; no slow connection outlives its deadline by more than SLACK_S;
some are held until about their deadline (so the deadline cuts them, not a
refusal); connections over the per-address limits are refused at once, not
queued; the server logs the refusals and cuts; it answers afterwards and stops
cleanly.  Standard library only; ends with `RESULT passed failed`.
"""
import heapq
import os
import resource
import selectors
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import Server, main_guard  # noqa: E402

ADDRS = ["127.0.0.%d" % i for i in range(2, 7)]
HEAD_SOCKETS = 200          # per address
KEEPALIVE_SOCKETS = 10
BODY_SOCKETS = 10
TRICKLE_S = 2.0
RECONNECT_S = 3.0
MAX_CONNECTS = 12000
WINDOW_S = 24.0
HEADER_TIMEOUT_S = 10       # the server's default --header-timeout-s
BODY_TIMEOUT_S = 6          # given to the server
MAX_PER_IP = 128            # the server's default --max-per-ip
SLACK_S = 3.0
WORST_OK_S = 3.0
REFUSED_S = 1.5             # a connection closed sooner than this was refused

HEAD_START = b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
TRICKLE = b"X-Slow: abcdefghijklmnopqrstuvwxyz\r\n"
WHOLE = b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
BODY_HEAD = (b"POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
             b"Content-Length: 100000\r\n\r\n{\"user\": \"")


class Slow:
    """One slow socket slot: kind, source address, and what happened to each of its connections."""

    def __init__(self, kind, addr):
        self.kind = kind
        self.addr = addr
        self.sock = None
        self.t_open = 0.0
        self.t_clock = 0.0      # when its deadline started: the connect, the answer, or the end of the head
        self.sent = 0
        self.answered = False
        self.gen = 0


class Load:
    """The slow clients: one thread, non-blocking sockets, a heap of due sends."""

    def __init__(self, port, per_addr):
        self.port = port
        self.sel = selectors.DefaultSelector()
        self.slots = []
        for addr in ADDRS:
            # the ones that send a whole head first, before the head tricklers fill the per-address cap
            for kind, n in (("keepalive", per_addr[1]), ("body", per_addr[2]), ("head", per_addr[0])):
                self.slots += [Slow(kind, addr) for _ in range(n)]
        self.heap = []
        self.connects = 0
        self.lifetimes = {"head": [], "keepalive": [], "body": []}   # deadline-clock seconds at the close
        self.refused = []                                           # seconds from connect to close
        self.connect_errors = 0
        self.peak_held = {a: 0 for a in ADDRS}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def open(self, slot, now):
        if self.connects >= MAX_CONNECTS:
            return
        self.connects += 1
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            s.bind((slot.addr, 0))
            s.connect_ex(("127.0.0.1", self.port))
        except OSError:
            self.connect_errors += 1
            s.close()
            heapq.heappush(self.heap, (now + RECONNECT_S, id(slot), slot.gen, slot))
            return
        slot.sock, slot.t_open, slot.t_clock, slot.sent, slot.answered = s, now, now, 0, False
        slot.gen += 1
        self.sel.register(s, selectors.EVENT_READ, slot)
        first = {"head": HEAD_START, "keepalive": WHOLE, "body": BODY_HEAD}[slot.kind]
        self.send(slot, first, now)

    def send(self, slot, data, now):
        try:
            slot.sock.send(data)
        except BlockingIOError:
            pass
        except OSError:
            self.closed(slot, now)
            return
        if slot.kind != "keepalive" or slot.answered:
            heapq.heappush(self.heap, (now + TRICKLE_S, id(slot), slot.gen, slot))

    def closed(self, slot, now):
        if slot.sock is None:
            return
        self.sel.unregister(slot.sock)
        slot.sock.close()
        slot.sock = None
        age = now - slot.t_open
        if age < REFUSED_S and not slot.answered:
            self.refused.append(age)
        elif slot.kind != "keepalive" or slot.answered:
            self.lifetimes[slot.kind].append(now - slot.t_clock)
        slot.gen += 1
        if not self.stop.is_set():
            heapq.heappush(self.heap, (now + RECONNECT_S, id(slot), slot.gen, slot))

    def readable(self, slot, now):
        try:
            data = slot.sock.recv(65536)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self.closed(slot, now)
        elif slot.kind == "keepalive" and not slot.answered:
            slot.answered = True
            slot.t_clock = now
            self.send(slot, HEAD_START, now)

    def run(self):
        now = time.monotonic()
        for i, slot in enumerate(self.slots):        # spread the opening over the first second
            heapq.heappush(self.heap, (now + i / len(self.slots), id(slot), -1, slot))
        next_sample = now + 1
        while not self.stop.is_set():
            for key, _ in self.sel.select(timeout=0.05):
                self.readable(key.data, time.monotonic())
            now = time.monotonic()
            while self.heap and self.heap[0][0] <= now:
                _, _, gen, slot = heapq.heappop(self.heap)
                if gen == -1 or (slot.sock is None and gen == slot.gen):
                    self.open(slot, now)
                elif slot.sock is not None and gen == slot.gen:
                    self.send(slot, TRICKLE[slot.sent % len(TRICKLE):][:1], now)
                    slot.sent += 1
            if now >= next_sample:
                next_sample = now + 1
                for a in ADDRS:
                    held = sum(1 for s in self.slots if s.addr == a and s.sock and now - s.t_open >= REFUSED_S)
                    self.peak_held[a] = max(self.peak_held[a], held)

    def finish(self):
        """Stop; the age (on its deadline clock) of every connection still open; close them all."""
        self.stop.set()
        self.thread.join(10)
        now = time.monotonic()
        still = {"head": [], "keepalive": [], "body": []}
        for slot in self.slots:
            if slot.sock is not None:
                if slot.kind != "keepalive" or slot.answered:
                    still[slot.kind].append(now - slot.t_clock)
                self.sel.unregister(slot.sock)
                slot.sock.close()
                slot.sock = None
        self.sel.close()
        return still


def normal_client(s, stop, out):
    """GET /api/v1/health and / from 127.0.0.1 every 0.25 s: (path, seconds, status or the error)."""
    i = 0
    while not stop.is_set():
        path = "/api/v1/health" if i % 2 == 0 else "/"
        i += 1
        t0 = time.monotonic()
        try:
            st = s.anon().get(path, timeout=8).status
        except OSError as ex:
            st = type(ex).__name__
        out.append((path, time.monotonic() - t0, st))
        stop.wait(0.25)


def fd_room(want):
    """Raise this process's open-file limit toward want (the server inherits it); the limit got."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < want:
        soft = want if hard == resource.RLIM_INFINITY else min(want, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    return soft


def run(ck):
    per_addr = (HEAD_SOCKETS, KEEPALIVE_SOCKETS, BODY_SOCKETS)
    room = fd_room(8192)
    if room < 6000:     # the server's default 4096 connections need their files as well
        scale = max(room - 300, 100) / 12000
        per_addr = tuple(max(2, int(n * scale * 5)) for n in per_addr)
        print("# open-file limit %d: %s slow sockets per address" % (room, per_addr), flush=True)
    s = Server(sys.argv[1], example=False)
    try:
        h = s.cli_raw("serve", "--help")
        help_text = h.stdout + h.stderr
        for opt in ("--max-connections", "--max-per-ip", "--max-head-per-ip", "--header-timeout-s",
                    "--body-timeout-s", "--timeout-s"):
            ck.check(opt in help_text, "serve --help names %s" % opt, help_text)
        s.start("--body-timeout-s", str(BODY_TIMEOUT_S))
        load = Load(s.port, per_addr)
        answers = []
        stop = threading.Event()
        normal = threading.Thread(target=normal_client, args=(s, stop, answers), daemon=True)
        t0 = time.monotonic()
        load.thread.start()
        time.sleep(0.5)
        normal.start()
        time.sleep(WINDOW_S)
        stop.set()
        normal.join(15)
        still = load.finish()
        took = time.monotonic() - t0

        ok = [a for a in answers if a[2] == 200]
        worst = max((a[1] for a in answers), default=99.0)
        print("# %.0f s: normal client %d/%d answered, worst %.3f s, median %.3f s; %d slow connections made, "
              "%d refused (slowest refusal %.2f s), %d cut (longest head %.1f s, keep-alive %.1f s, body %.1f s), "
              "peak held per address %s" % (
                  took, len(ok), len(answers), worst,
                  sorted(a[1] for a in answers)[len(answers) // 2] if answers else 0, load.connects,
                  len(load.refused), max(load.refused, default=0), sum(len(v) for v in load.lifetimes.values()),
                  max(load.lifetimes["head"] + still["head"], default=0),
                  max(load.lifetimes["keepalive"] + still["keepalive"], default=0),
                  max(load.lifetimes["body"] + still["body"], default=0),
                  max(load.peak_held.values())), flush=True)
        ck.check(len(answers) >= WINDOW_S / 0.25 * 0.5, "the normal client kept asking (%d requests)" % len(answers))
        ck.eq(len(ok), len(answers), "every request of the normal client is answered 200 under the load")
        ck.check(worst <= WORST_OK_S, "the normal client waits at most %.0f s for an answer" % WORST_OK_S,
                 "worst %.2f s: %s" % (worst, sorted(answers, key=lambda a: -a[1])[:5]))
        late = [a for a in answers if a[1] > 1.0]
        ck.check(len(late) <= max(2, len(answers) // 20), "at most 1 in 20 answers takes over 1 s", late[:10])
        ck.check(load.connect_errors == 0, "every slow connection could be made", load.connect_errors)
        for kind, limit in (("head", HEADER_TIMEOUT_S), ("keepalive", HEADER_TIMEOUT_S), ("body", BODY_TIMEOUT_S)):
            ages = load.lifetimes[kind] + still[kind]
            over = [round(a, 1) for a in ages if a > limit + SLACK_S]
            ck.check(not over, "no %s-trickling connection outlives the %d s deadline by %.0f s" % (kind, limit, SLACK_S),
                     "%d over: %s" % (len(over), over[:10]))
            held = [a for a in load.lifetimes[kind] if a >= limit - 1.5]
            ck.check(held, "%s-trickling connections are held until about the %d s deadline, then cut" % (kind, limit),
                     sorted(round(a, 1) for a in load.lifetimes[kind])[-10:])
        ck.check(load.refused, "connections over the per-address limits are refused", len(load.refused))
        ck.check(max(load.refused, default=0) < 1.0, "a refused connection is closed at once (not queued)",
                 "slowest %.2f s" % max(load.refused, default=0))
        ck.check(max(load.peak_held.values()) <= MAX_PER_IP,
                 "no address holds more than %d connections" % MAX_PER_IP, load.peak_held)
        r = s.anon().get("/api/v1/health", timeout=5)
        ck.status(r, 200, "the server answers after the load")
        log = s.log()
        ck.check('"refused"' in log and '"cut"' in log, "the server's log counts the refusals and the cuts",
                 log[-1500:])
        ck.check(s.alive(), "the server is still running", log[-2000:])
    finally:
        s.shutdown_checks(ck)
        s.cleanup()


if __name__ == "__main__":
    main_guard(run)
