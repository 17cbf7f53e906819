#!/bin/sh
# The server under TLS: HTTPS answers with HSTS, plain HTTP on the TLS port
# gets nothing, the session cookie is Secure, and a half-given TLS option or
# a missing certificate file is refused with the option named.
. "$(dirname "$0")/../cli/lib.sh"
command -v openssl >/dev/null || { echo "RESULT 0 1"; echo "FAIL openssl missing"; exit 1; }
openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 -subj /CN=localhost 2>/dev/null
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$SKJOLD" --db t.db org add --id a --name A --kind bank >/dev/null
"$SKJOLD" --db t.db serve --listen 127.0.0.1:$PORT --tls-cert cert.pem --tls-key key.pem 2>server.log &
PID=$!
for i in $(seq 1 100); do curl -sk "https://127.0.0.1:$PORT/api/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done
check "https answers" sh -c "curl -sk https://127.0.0.1:$PORT/api/v1/health | grep -q '\"ok\"'"
check "HSTS under TLS" sh -c "curl -sk -D - -o /dev/null https://127.0.0.1:$PORT/api/v1/health | grep -qi '^strict-transport-security: max-age='"
check "plain HTTP gets no answer" sh -c "! curl -s -m 3 http://127.0.0.1:$PORT/api/v1/health | grep -q ok"
PW=$(sed -n 's/.*admin \/ \([^ ]*\).*/\1/p' server.log)
curl -sk -D headers -o body -H 'Content-Type: application/json' \
	-d "{\"user\":\"admin\",\"password\":\"$PW\"}" "https://127.0.0.1:$PORT/api/v1/login"
check "login over TLS" grep -q '"csrf"' body
check "the cookie is Secure, HttpOnly, SameSite=Strict" sh -c "grep -i '^set-cookie: skjold_session=' headers | grep -i secure | grep -i httponly | grep -qi 'samesite=strict'"
kill -TERM $PID
wait $PID
check "stops on SIGTERM with status 0" test $? -eq 0
run 2 "$SKJOLD" --db t.db serve --listen 127.0.0.1:$PORT --tls-cert cert.pem
check "--tls-cert without --tls-key is refused" grep -q -- '--tls-key' err
run 1 "$SKJOLD" --db t.db serve --listen 127.0.0.1:$PORT --tls-cert nope.pem --tls-key key.pem
check "a missing certificate file is named" grep -q 'nope.pem' err
run 2 "$SKJOLD" --db t.db serve --listen 127.0.0.1:99999
check "a bad port is refused naming --listen" grep -q -- '--listen' err
echo "RESULT $PASS $FAIL"
[ "$FAIL" -eq 0 ]
