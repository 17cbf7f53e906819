#!/bin/sh
# Graceful shutdown: a request in flight when SIGTERM arrives is finished and
# answered (its write committed), new connections are refused, and the server
# exits 0.  The request is an import whose body arrives in two halves with
# the signal in between.
. "$(dirname "$0")/../cli/lib.sh"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$SKJOLD" --db t.db serve --listen 127.0.0.1:$PORT 2>server.log &
PID=$!
for i in $(seq 1 100); do curl -s "http://127.0.0.1:$PORT/api/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done
# a user who needs no TOTP, holding a token: system administrators must enrol first
"$SKJOLD" --db t.db org add --id a --name A --kind bank >/dev/null
"$SKJOLD" --db t.db user add ops >/dev/null
"$SKJOLD" --db t.db user role ops --org a --role isk >/dev/null
TOKEN=$("$SKJOLD" --db t.db token add --user ops --org a --role isk --name t | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
python3 - "$PORT" "$TOKEN" "$PID" >result <<'PY'
import json, os, signal, socket, sys, time
port, token, pid = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
body = json.dumps({"id": "n-late", "kind": "system", "name": "Arrives during shutdown"}).encode()
s = socket.create_connection(("127.0.0.1", port))
s.sendall(b"POST /api/v1/orgs/a/nodes HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token.encode() +
          b"\r\nContent-Type: application/json\r\nContent-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n")
s.sendall(body[:10])
time.sleep(0.3)
os.kill(pid, signal.SIGTERM)
time.sleep(0.5)
refused = False
try:
    socket.create_connection(("127.0.0.1", port), timeout=1).close()
except OSError:
    refused = True
s.sendall(body[10:])
data = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
print(data.split(b"\r\n", 1)[0].decode())
print("refused" if refused else "accepted")
PY
wait $PID
rc=$?
check "the request in flight is answered 201" grep -q '^HTTP/1.1 201' result
check "new connections are refused while stopping" grep -q '^refused' result
check "the server exits 0" test $rc -eq 0
check "the write of the request in flight is kept" sh -c "'$SKJOLD' --db t.db node show n-late --org a | grep -q 'Arrives during shutdown'"
check "the log says stopping and stopped" sh -c "grep -q '\"server\":\"stopping\"' server.log && grep -q '\"server\":\"stopped\"' server.log"
check "the request is in the log" sh -c "grep -q '\"path\":\"/api/v1/orgs/a/nodes\",\"status\":201' server.log"
echo "RESULT $PASS $FAIL"
[ "$FAIL" -eq 0 ]
