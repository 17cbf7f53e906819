#!/bin/sh
# Single sign-on against a real OpenID Connect provider (docs/sso.md): npm's oidc-provider
# (tests/sso/provider.mjs) on a free loopback port, skjold serving on another, a browser's part
# played by tests/sso/flow.py (redirects, the provider's login and consent forms, cookies).
#
# The whole redirect flow; a first sign-in creates the user with exactly the mapped roles and
# never as an administrator; the provider's JWT access token accepted by the API, and a token
# for another audience, expired, with a bad signature or with alg "none" refused; a replayed or
# foreign state and a wrong nonce refused; changed groups change the roles at the next sign-in
# while a hand grant stays; a user whose groups map to nothing refused and not created; a
# disabled user refused; a name taken by a password user not taken over; the identity, not the
# name, finds the user again; a rotated signing key (the provider restarted with a new one)
# accepted at the next sign-in; sign-out sent on to the provider; bad settings refused at start.
# Skipped, saying so, when node is missing.
. "$(dirname "$0")/../cli/lib.sh"
S=$SKJOLD
HERE=$ROOT/tests/sso
if ! command -v node >/dev/null 2>&1; then
	echo "SKIP: node is missing (the test provider is npm's oidc-provider; scripts/install-deps.sh installs node)"
	echo "RESULT 0 0"
	exit 0
fi
if [ ! -d "$HERE/node_modules/oidc-provider" ]; then
	(cd "$HERE" && npm ci --no-audit --no-fund >/dev/null 2>&1) || {
		echo "FAIL: npm ci in tests/sso"
		echo "RESULT 0 1"
		exit 1
	}
fi
for v in $(env | sed -n 's/^\(SKJOLD_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
P=$(free_port)
SP=$(free_port)
IDP=http://127.0.0.1:$P
SK=http://127.0.0.1:$SP
PROV_PID=
SRV_PID=
SRV2_PID=
cleanup() {
	[ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null
	[ -n "$SRV2_PID" ] && kill "$SRV2_PID" 2>/dev/null
	[ -n "$PROV_PID" ] && kill "$PROV_PID" 2>/dev/null
	wait 2>/dev/null
}
trap 'cleanup; [ -n "${KEEP:-}" ] || rm -rf "$TMP"' EXIT

cat >users.json <<'EOF'
{
	"anne": {"groups": ["skjold-isk"], "name": "Anne Ørsted"},
	"carl": {"groups": ["marketing"]},
	"dora": {"groups": ["skjold-isk"]},
	"erik": {"groups": ["skjold-isk"]},
	"fred": {"sub": "sub-fred-1", "groups": ["skjold-rev"]}
}
EOF

# wait_for LOG COMMAND…: until COMMAND succeeds (10 s at most; then LOG is shown)
wait_for() {
	log=$1
	shift
	i=0
	until "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -gt 100 ] && { echo "did not start:" >&2; cat "$log" >&2; return 1; }
		sleep 0.1
	done
}
start_provider() {
	node "$HERE/provider.mjs" "$P" "$TMP" "$SK/api/v1/auth/oidc/callback" >provider.log 2>&1 &
	PROV_PID=$!
	wait_for provider.log grep -q '^ready' provider.log
}
stop_provider() {
	kill "$PROV_PID" 2>/dev/null
	wait "$PROV_PID" 2>/dev/null
	PROV_PID=
}

MAP="skjold-isk=kommune:isk, skjold-rev=kommune:auditor, skjold-bank=bank:management"
sso_env() { # sso_env [exec] COMMAND…: COMMAND with the [oidc] settings (exec: in place of the shell)
	pre=
	[ "$1" = exec ] && { pre=exec; shift; }
	$pre env SKJOLD_OIDC_ISSUER="$IDP" SKJOLD_OIDC_CLIENT_ID=skjold-web \
		SKJOLD_OIDC_CLIENT_SECRET_FILE="$TMP/secret" \
		SKJOLD_OIDC_REDIRECT_URI="$SK/api/v1/auth/oidc/callback" SKJOLD_OIDC_GROUP_MAP="$MAP" \
		SKJOLD_OIDC_API_AUDIENCE=skjold-api "$@"
}
printf 'skjold-web-secret-for-the-test\n' >secret
chmod 600 secret

start_server() { # start_server PORT [GLOBAL FLAGS…]
	port=$1
	shift
	sso_env exec SKJOLD_OIDC_REDIRECT_URI="http://127.0.0.1:$port/api/v1/auth/oidc/callback" \
		"$S" --db t.db "$@" serve --listen "127.0.0.1:$port" >"server-$port.out" 2>"server-$port.log" &
	SRV_PID=$!
	wait_for "server-$port.log" curl -fs "http://127.0.0.1:$port/api/v1/health"
}
stop_server() {
	kill "$SRV_PID" 2>/dev/null
	wait "$SRV_PID" 2>/dev/null
	SRV_PID=
}

flow() { python3 "$HERE/flow.py" "$@"; }
# idp_change JQ: change the provider's users (read at every sign-in)
idp_change() { jq "$1" users.json >users.new && mv users.new users.json; }
# get PATH COOKIE|BEARER: the API's answer in out, its status in status
get_session() {
	curl -s -o out -w '%{http_code}' -H "Accept-Language: en" "$@" "$SK/api/v1/session" >status
}

run 0 "$S" --db t.db org add --id kommune --name Kommune --kind municipality
run 0 "$S" --db t.db org add --id bank --name Bank --kind bank
run 0 "$S" --db t.db org add --id hand --name Hand --kind bank
run 0 "$S" --db t.db user add erik
check "provider starts" start_provider
check "skjold serves with [oidc] settings" start_server "$SP"

# ---- the login page learns of single sign-on ----
curl -s "$SK/api/v1/auth/config" >out
check "auth/config: sso on, where it starts" jqt '.sso == true and .sso_login == "/api/v1/auth/oidc/login"' out

# ---- the whole flow: a first sign-in creates the user ----
flow login "$SK" anne >anne.json
check "login: skjold sends the browser to the provider with state, nonce and S256" jqt \
	'.start_status == 302 and (.authorize | test("code_challenge_method=S256") and test("state=") and test("nonce=") and test("client_id=skjold-web"))' anne.json
check "callback: 302 to the UI with a session" jqt '.status == 302 and (.location | endswith("/")) and (.session | length) > 20' anne.json
ANNE=$(jq -r .session anne.json)
get_session -b "skjold_session=$ANNE"
check "the session is anne's" jqt '.user.name == "anne" and .user.display_name == "Anne Ørsted" and .via_token == false' out
check "JIT: exactly the mapped role, not admin, no password to change" jqt \
	'.user.admin == false and .user.must_change_password == false and .next == null and (.memberships | map(.org + ":" + .role)) == ["kommune:isk"]' out
run 0 "$S" --db t.db user list
check "the shell sees anne, not admin" jqt '.[] | select(.name == "anne") | .admin == false and .roles == {"kommune": "isk"}' out
run 0 "$S" --db t.db audit log
check "audited: user created by SSO" jqt '[.[] | select(.action == "create" and .entity == "user" and .key == "anne" and .after.sso == true and .after.admin == false)] | length == 1' out
check "audited: role granted by SSO" jqt '[.[] | select(.action == "grant" and .key == "anne" and .after.by == "sso" and .after.role == "isk")] | length == 1' out
check "audited: the SSO login" jqt '[.[] | select(.action == "login" and .key == "anne" and .after.method == "sso")] | length == 1' out
check "no token, code or secret in the audit log" sh -c "! grep -q -e 'eyJ' -e 'skjold-web-secret' -e '$(jq -r .callback anne.json | sed 's/.*code=\([^&]*\).*/\1/')' out"
check "no secret in the server's log" sh -c "! grep -q 'skjold-web-secret' server-$SP.log"

# ---- state: single use, bound to the browser ----
flow callback "$(jq -r .callback anne.json)" "$(jq -r .binding anne.json)" >replay.json
check "a replayed callback is refused" jqt '.status == 401 and (.body | fromjson | .error.message_code == "sso.state")' replay.json
flow login "$SK" anne --no-callback >half.json
flow callback "$(jq -r .callback half.json)" "" >foreign.json
check "a callback without the browser's cookie is refused" jqt '.status == 401 and (.body | fromjson | .error.message_code == "sso.state")' foreign.json
flow callback "$(jq -r .callback half.json)" "$(jq -r .binding half.json)" >late.json
check "... and its state is spent" jqt '.status == 401' late.json
flow login "$SK" anne --no-callback >mixup.json
flow callback "$(jq -r .callback mixup.json | sed 's/&iss=[^&]*/\&iss=https%3A%2F%2Fevil.example/')" "$(jq -r .binding mixup.json)" >mixup2.json
check "an answer naming another provider (iss, RFC 9207) is refused" jqt '.status == 401 and (.body | fromjson | .error.message_code == "sso.token_issuer")' mixup2.json

# ---- two servers on one database, no sticky sessions (docs/ha.md): the pending sign-ins are the database's ----
SP2=$(free_port)
sso_env exec "$S" --db t.db serve --listen "127.0.0.1:$SP2" >"server-$SP2.out" 2>"server-$SP2.log" &
SRV2_PID=$!
check "a second skjold serves on the same database" wait_for "server-$SP2.log" curl -fs "http://127.0.0.1:$SP2/api/v1/health"
flow login "http://127.0.0.1:$SP2" anne --no-callback >two.json
check "begun at the second server, the provider answers the shared callback address" sh -c \
	"test -s two.json && jq -e '.callback | startswith(\"$SK/api/v1/auth/oidc/callback?\")' two.json >/dev/null"
flow callback "$(jq -r .callback two.json)" "$(jq -r .binding two.json)" >two2.json
check "... and the first server finishes the sign-in" jqt '.status == 302 and (.session | length) > 20' two2.json
flow callback "$(jq -r .callback two.json | sed "s|:$SP/|:$SP2/|")" "$(jq -r .binding two.json)" >two3.json
check "the state replayed at the second server is refused" jqt '.status == 401 and (.body | fromjson | .error.message_code == "sso.state")' two3.json
flow callback "$(jq -r .callback two.json)" "$(jq -r .binding two.json)" >two4.json
check "... and at the first" jqt '.status == 401 and (.body | fromjson | .error.message_code == "sso.state")' two4.json
flow login "$SK" anne --no-callback >two5.json
check "a sign-in begun at the first server" test -s two5.json
flow callback "$(jq -r .callback two5.json | sed "s|:$SP/|:$SP2/|")" "$(jq -r .binding two5.json)" >two6.json
check "begun at the first, finished at the second" jqt '.status == 302 and (.session | length) > 20' two6.json
get_session -b "skjold_session=$(jq -r .session two6.json)"
check "... a session of anne's, good at the first too" jqt '.user.name == "anne"' out
check "... the second server's log shows that callback" grep -q '"path":"/api/v1/auth/oidc/callback","status":302' "server-$SP2.log"
kill "$SRV2_PID" 2>/dev/null
wait "$SRV2_PID" 2>/dev/null
SRV2_PID=
# a pending sign-in lasts ten minutes: the second server eleven minutes on (--now moves its clock)
LATER=$(date -u -d '+11 minutes' +%Y-%m-%dT%H:%M:%SZ)
sso_env exec "$S" --db t.db --now "$LATER" serve --listen "127.0.0.1:$SP2" >"server-$SP2.out" 2>"server-$SP2.log" &
SRV2_PID=$!
check "the second server serves eleven minutes on" wait_for "server-$SP2.log" curl -fs "http://127.0.0.1:$SP2/api/v1/health"
flow login "$SK" anne --no-callback >two7.json
flow callback "$(jq -r .callback two7.json | sed "s|:$SP/|:$SP2/|")" "$(jq -r .binding two7.json)" >two8.json
check "a sign-in older than ten minutes is refused" jqt '.status == 401 and (.body | fromjson | .error.message_code == "sso.state")' two8.json
flow callback "$(jq -r .callback two7.json)" "$(jq -r .binding two7.json)" >two9.json
check "... and spent" jqt '.status == 401 and (.body | fromjson | .error.message_code == "sso.state")' two9.json
kill "$SRV2_PID" 2>/dev/null
wait "$SRV2_PID" 2>/dev/null
SRV2_PID=

# ---- nonce ----
flow login "$SK" anne --nonce not-the-one-skjold-asked-for >nonce.json
check "an ID token with another nonce is refused" jqt '.status == 401 and (.body | fromjson | .error.message_code == "sso.token_nonce")' nonce.json

# ---- the API takes the provider's access tokens ----
flow token "$IDP" anne >tok.json
AT=$(jq -r .access_token tok.json)
IT=$(jq -r .id_token tok.json)
get_session -H "Authorization: Bearer $AT"
check "a JWT access token is accepted" sh -c "[ \"\$(cat status)\" = 200 ] && jq -e '.user.name == \"anne\" and .via_token and .csrf == null' out >/dev/null"
get_session -H "Authorization: Bearer $IT"
check "a token for another audience (the ID token) is refused" sh -c "[ \"\$(cat status)\" = 401 ] && jq -e '.error.message_code == \"sso.token_audience\"' out >/dev/null"
BAD=$(printf '%s' "$AT" | python3 -c 'import sys; t=sys.stdin.read(); h,p,s=t.split("."); s=("A" if s[5]!="A" else "B")+s[1:]; s=s[:5]+("A" if s[5]!="A" else "B")+s[6:]; print(h+"."+p+"."+s)')
get_session -H "Authorization: Bearer $BAD"
check "a bad signature is refused" sh -c "[ \"\$(cat status)\" = 401 ] && jq -e '.error.message_code == \"sso.token_signature\"' out >/dev/null"
NONE=$(printf '%s' "$AT" | python3 -c 'import sys,base64; t=sys.stdin.read(); h,p,s=t.split("."); print(base64.urlsafe_b64encode(b"{\"alg\":\"none\",\"typ\":\"at+jwt\"}").decode().rstrip("=")+"."+p+".")')
get_session -H "Authorization: Bearer $NONE"
check "alg none is refused" sh -c "[ \"\$(cat status)\" = 401 ] && jq -e '.error.message_code == \"sso.token_alg\"' out >/dev/null"
flow token "$IDP" dora >dora.json
get_session -H "Authorization: Bearer $(jq -r .access_token dora.json)"
check "a token of a user who never signed in on the web is refused" sh -c "[ \"\$(cat status)\" = 401 ] && jq -e '.error.message_code == \"sso.unknown_user\"' out >/dev/null"
run 0 "$S" --db t.db user list
check "... and creates nobody" jqt 'map(.name) | index("dora") == null' out
# an expired token: the same server two hours on (--now moves its clock)
stop_server
LATER=$(date -u -d '+2 hours' +%Y-%m-%dT%H:%M:%SZ)
check "skjold serves two hours on" start_server "$SP" --now "$LATER"
get_session -H "Authorization: Bearer $AT"
check "an expired token is refused" sh -c "[ \"\$(cat status)\" = 401 ] && jq -e '.error.message_code == \"sso.token_expired\"' out >/dev/null"
stop_server
check "skjold serves again" start_server "$SP"

# ---- groups change the roles at the next sign-in; a hand grant stays ----
run 0 "$S" --db t.db user role anne --org hand --role auditor
idp_change '.anne.groups = ["skjold-rev", "skjold-bank", "marketing"]'
flow login "$SK" anne >anne2.json
get_session -b "skjold_session=$(jq -r .session anne2.json)"
check "changed groups: the roles follow, the hand grant stays" jqt \
	'(.memberships | map(.org + ":" + .role) | sort) == ["bank:management", "hand:auditor", "kommune:auditor"]' out
idp_change '.anne.groups = ["skjold-isk"]'
flow login "$SK" anne >anne3.json
get_session -b "skjold_session=$(jq -r .session anne3.json)"
check "a group removed at the provider removes its role" jqt \
	'(.memberships | map(.org + ":" + .role) | sort) == ["hand:auditor", "kommune:isk"]' out
run 0 "$S" --db t.db audit log
check "audited: the role the mapping took away" jqt '[.[] | select(.action == "revoke" and .key == "anne" and .org == "bank" and .after.by == "sso")] | length == 1' out

# ---- refused sign-ins change nothing ----
before=$(dbsum t.db)
flow login "$SK" carl >carl.json
check "no mapped group: refused with a clear message" jqt '.status == 403 and (.body | fromjson | .error.message_code == "sso.no_group")' carl.json
check "... no user created, nothing changed" test "$(dbsum t.db)" = "$before"
flow login "$SK" erik >erik.json
check "a name a password user holds is not taken over" jqt '.status == 403 and (.body | fromjson | .error.message_code == "sso.name_taken")' erik.json
check "... nothing changed" test "$(dbsum t.db)" = "$before"
# ---- linking: an administrator hands the password user erik to his provider identity on purpose ----
run 0 "$S" --db t.db user link-sso erik --issuer "$IDP" --subject erik
check "user link-sso: erik shows the provider, not the subject" jqt '.sso == {"issuer": "'"$IDP"'"} and (tostring | test("subject") | not)' out
run 2 "$S" --db t.db user link-sso anne --issuer "$IDP" --subject erik
check "... an identity another user holds is refused" grep -q "erik" err
flow login "$SK" erik >erik2.json
check "... and erik signs in by the provider" jqt '.status == 302 and (.session | length) > 20' erik2.json
get_session -b "skjold_session=$(jq -r .session erik2.json)"
check "... as erik, with the mapped role, no password to change" jqt \
	'.user.name == "erik" and .next == null and (.memberships | map(.org + ":" + .role)) == ["kommune:isk"]' out
run 0 "$S" --db t.db user show erik
check "user show: the membership single sign-on granted says so" jqt '.memberships == [{"org": "kommune", "role": "isk", "sso": true}]' out
run 0 "$S" --db t.db user list
check "user list: the provider and the roles it granted" jqt '.[] | select(.name == "erik") | .sso.issuer == "'"$IDP"'" and .sso_granted == ["kommune"]' out
run 0 "$S" --db t.db audit log
check "audited: link-sso with the issuer, never the subject" jqt '[.[] | select(.action == "link-sso" and .key == "erik" and .after.sso.issuer == "'"$IDP"'")] | length == 1' out
run 0 "$S" --db t.db user unlink-sso erik
get_session -b "skjold_session=$(jq -r .session erik2.json)"
check "user unlink-sso ends erik's sessions" test "$(cat status)" = 401
before=$(dbsum t.db)
flow login "$SK" erik >erik3.json
check "... and the provider's sign-in is refused again" jqt '.status == 403 and (.body | fromjson | .error.message_code == "sso.name_taken")' erik3.json
check "... nothing changed" test "$(dbsum t.db)" = "$before"
# ---- an organisation that requires single sign-on: the provider's sign-in goes on ----
run 0 "$S" --db t.db org update kommune --require-sso true
flow login "$SK" fred >req.json
check "require_sso: a sign-in by the provider works" jqt '.status == 302 and (.session | length) > 20' req.json
run 0 "$S" --db t.db org update kommune --require-sso false
run 0 "$S" --db t.db user disable anne
before=$(dbsum t.db)
flow login "$SK" anne >dis.json
check "a disabled user stays out" jqt '.status == 401 and (.body | fromjson | .error.message_code == "sso.disabled")' dis.json
check "... nothing changed" test "$(dbsum t.db)" = "$before"
run 0 "$S" --db t.db user enable anne

# ---- the identity finds the user, not the name ----
flow login "$SK" fred >fred.json
check "fred signs in" jqt '.status == 302' fred.json
idp_change '.fred.username = "fredrik"'
flow login "$SK" fred >fred2.json
get_session -b "skjold_session=$(jq -r .session fred2.json)"
check "renamed at the provider: still the same user" jqt '.user.name == "fred" and (.memberships | map(.org + ":" + .role)) == ["kommune:auditor"]' out
run 0 "$S" --db t.db user list
check "... and no second user" jqt 'map(.name) | index("fredrik") == null' out

# ---- the provider rotates its key ----
old_kid=$(jq -r '.keys[0].kid' jwks.json)
stop_provider
rm -f jwks.json
check "the provider restarts with a new key" start_provider
check "... whose kid differs" test "$(jq -r '.keys[0].kid' jwks.json)" != "$old_kid"
sleep 1 # skjold fetches the keys again at most once a second (oidc_provider.c)
flow login "$SK" anne >rot.json
check "the next sign-in works (the keys fetched again)" jqt '.status == 302 and (.session | length) > 20' rot.json
flow token "$IDP" anne >tok2.json
get_session -H "Authorization: Bearer $(jq -r .access_token tok2.json)"
check "... and so does a new access token" test "$(cat status)" = 200

# ---- the same in a browser: the login page's button, the provider's forms, back in the UI ----
if [ -x "${CHROMIUM:-/usr/bin/chromium}" ] &&
	{ [ -d "$ROOT/tests/e2e/node_modules/playwright-core" ] ||
		(cd "$ROOT/tests/e2e" && npm ci --no-audit --no-fund >/dev/null 2>&1); }; then
	node "$HERE/browser.mjs" "$SK" anne carl >browser.log 2>&1
	while read -r word rest; do
		case $word in
		ok) check "browser: $rest" true ;;
		FAIL) check "browser: $rest" false ;;
		esac
	done <browser.log
	grep -q '^ok' browser.log || { check "browser: the run" false; cat browser.log >&2; }
else
	echo "SKIP: the browser steps (no chromium, or playwright-core cannot be installed in tests/e2e)"
fi

# ---- sign-out goes on to the provider ----
ROT=$(jq -r .session rot.json)
get_session -b "skjold_session=$ROT"
CSRF=$(jq -r .csrf out)
curl -s -o out -w '%{http_code}' -X POST -b "skjold_session=$ROT" -H "X-CSRF-Token: $CSRF" "$SK/api/v1/logout" >status
check "logout answers the provider's end-session URL" sh -c "[ \"\$(cat status)\" = 200 ] && jq -e '.end_session_url | startswith(\"$IDP/session/end\") and test(\"client_id=skjold-web\")' out >/dev/null"
get_session -b "skjold_session=$ROT"
check "... and the skjold session has ended" test "$(cat status)" = 401
stop_server

# ---- bad settings are refused at start, naming the setting ----
run 2 sso_env SKJOLD_OIDC_CLIENT_ID= SKJOLD_OIDC_API_AUDIENCE= "$S" --db t.db serve --listen "127.0.0.1:$SP"
check "no client id: refused naming it" has "client_id" err
run 2 sso_env SKJOLD_OIDC_GROUP_MAP="skjold-isk=kommune" "$S" --db t.db serve --listen "127.0.0.1:$SP"
check "a bad group map: refused naming it" has "SKJOLD_OIDC_GROUP_MAP" err
run 2 sso_env SKJOLD_OIDC_GROUP_MAP="skjold-isk=kommune:owner" "$S" --db t.db serve --listen "127.0.0.1:$SP"
check "a group map with an unknown role: refused" has "role must be one of" err
run 2 sso_env SKJOLD_OIDC_ISSUER=http://idp.example.com "$S" --db t.db serve --listen "127.0.0.1:$SP"
check "an issuer over plain http off the loopback: refused" has "SKJOLD_OIDC_ISSUER" err
run 2 sso_env SKJOLD_OIDC_CLIENT_SECRET=also "$S" --db t.db serve --listen "127.0.0.1:$SP"
check "two client secrets: refused" has "client_secret_file" err
run 2 sso_env SKJOLD_OIDC_CLOCK_SKEW_S=3600 "$S" --db t.db serve --listen "127.0.0.1:$SP"
check "a clock skew beyond 600 s: refused" has "SKJOLD_OIDC_CLOCK_SKEW_S" err
chmod 644 secret
run 2 sso_env "$S" --db t.db serve --listen "127.0.0.1:$SP"
check "a client secret file every user may read: refused" has "chmod o-r" err

echo "RESULT $PASS $FAIL"
