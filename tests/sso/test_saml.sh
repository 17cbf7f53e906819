#!/bin/sh
# SAML 2.0 single sign-on against a real IdP (docs/sso.md#saml): Debian's SimpleSAMLphp served by
# PHP's built-in server on a free loopback port, with a configuration this script writes (its
# signing key made here with openssl, users and groups in exampleauth:UserPass, skjold as a
# remote SP from skjold's own metadata), skjold serving on another port, and a browser's part
# played by tests/sso/saml_flow.py.
#
# The metadata; the whole flow (a signed AuthnRequest by HTTP-Redirect, the answer by
# HTTP-POST); a first sign-in creates the user with exactly the mapped roles and never as an
# administrator; an unsigned answer, an answer changed after signing, a replayed answer, an
# answer for another audience, an expired one and one without the browser's cookie refused;
# changed groups change the roles at the next sign-in; a user whose groups map to nothing
# refused and not created; bad settings refused at start.  Skipped, saying so, when php or
# simplesamlphp is missing.
. "$(dirname "$0")/../cli/lib.sh"
S=$SKJOLD
HERE=$ROOT/tests/sso
SSP=/usr/share/simplesamlphp
if ! command -v php >/dev/null 2>&1 || [ ! -f "$SSP/www/index.php" ]; then
	echo "SKIP: php or simplesamlphp is missing (apt-get install simplesamlphp php-cli; scripts/install-deps.sh)"
	echo "RESULT 0 0"
	exit 0
fi
for v in $(env | sed -n 's/^\(SKJOLD_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
P=$(free_port)
SP=$(free_port)
IDP=http://127.0.0.1:$P
SK=http://127.0.0.1:$SP
ACS=$SK/api/v1/auth/saml/acs
ENTITY=https://skjold.test/saml
IDP_PID=
SRV_PID=
cleanup() {
	[ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null
	[ -n "$IDP_PID" ] && kill "$IDP_PID" 2>/dev/null
	wait 2>/dev/null
}
trap 'cleanup; [ -n "${KEEP:-}" ] || rm -rf "$TMP"' EXIT

wait_for() { # wait_for LOG COMMAND…: until COMMAND succeeds (15 s at most; then LOG is shown)
	log=$1
	shift
	i=0
	until "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -gt 150 ] && { echo "did not start:" >&2; cat "$log" >&2; return 1; }
		sleep 0.1
	done
}

# ---- the keys: the IdP's and skjold's (self-signed, as SAML metadata carries them) ----
mkdir -p idp/cert idp/metadata idp/log idp/tmp idp/data
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=idp.test -keyout idp/cert/idp.key \
	-out idp/cert/idp.crt 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=skjold.test -keyout sp.key -out sp.crt 2>/dev/null
chmod 600 sp.key

# ---- SimpleSAMLphp's configuration (SIMPLESAMLPHP_CONFIG_DIR) ----
cat >idp/config.php <<PHP
<?php
\$config = [
	'baseurlpath' => '$IDP/',
	'certdir' => '$TMP/idp/cert/',
	'loggingdir' => '$TMP/idp/log/',
	'datadir' => '$TMP/idp/data/',
	'tempdir' => '$TMP/idp/tmp/',
	'metadatadir' => '$TMP/idp/metadata/',
	'metadata.sources' => [['type' => 'flatfile', 'directory' => '$TMP/idp/metadata/']],
	'technicalcontact_name' => 'test',
	'technicalcontact_email' => 'test@example.org',
	'timezone' => 'UTC',
	'secretsalt' => 'skjold-test-salt-$P',
	'auth.adminpassword' => 'not-used-$P',
	'admin.protectindexpage' => false,
	'admin.protectmetadata' => false,
	'enable.saml20-idp' => true,
	'module.enable' => ['exampleauth' => true, 'core' => true, 'saml' => true, 'admin' => true],
	'store.type' => 'phpsession',
	'session.cookie.secure' => false,
	'session.phpsession.cookiename' => 'SimpleSAMLSessionID',
	'logging.handler' => 'file',
	'logging.logfile' => 'idp.log',
	'logging.level' => SimpleSAML\Logger::INFO,
	'language.default' => 'en',
	'debug' => ['saml' => false, 'backtraces' => true, 'validatexml' => false],
	'showerrors' => true,
	'errorreporting' => false,
];
PHP
# users: GROUPS of each (rewritten to change a user's groups; read at every sign-in)
write_users() { # write_users "USER:GROUP GROUP;USER:GROUP…"
	{
		echo '<?php'
		echo '$config = ['
		echo "	'admin' => ['core:AdminPassword'],"
		echo "	'users' => ['exampleauth:UserPass',"
		echo "$1" | tr ';' '\n' | while IFS=: read -r u gs; do
			[ -n "$u" ] || continue
			vals=$(for g in $gs; do printf "'%s', " "$g"; done)
			echo "		'$u:$u-pw' => ['uid' => ['$u'], 'displayName' => ['$u Test'], 'http://schemas.xmlsoap.org/claims/Group' => [$vals]],"
		done
		echo '	],'
		echo '];'
	} >idp/authsources.php
}
write_users "anne:skjold-isk;carl:marketing;dora:skjold-rev marketing"
cat >idp/metadata/saml20-idp-hosted.php <<'PHP'
<?php
$metadata['__DYNAMIC:1__'] = [
	'host' => '__DEFAULT__',
	'privatekey' => 'idp.key',
	'certificate' => 'idp.crt',
	'auth' => 'users',
	'NameIDFormat' => 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
	'simplesaml.nameidattribute' => 'uid',
	'attributes.NameFormat' => 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri',
];
PHP

start_idp() {
	SIMPLESAMLPHP_CONFIG_DIR=$TMP/idp php -d opcache.enable=0 -S "127.0.0.1:$P" -t "$SSP/www" >idp.out 2>&1 &
	IDP_PID=$!
	wait_for idp.out curl -fs "$IDP/saml2/idp/metadata.php?output=xhtml"
}
check "SimpleSAMLphp starts" start_idp
curl -fs "$IDP/saml2/idp/metadata.php" >idp-metadata.xml
check "the IdP's metadata is there" has 'IDPSSODescriptor' idp-metadata.xml

MAP="skjold-isk=kommune:isk, skjold-rev=kommune:auditor, skjold-bank=bank:management"
saml_env() { # saml_env [exec] COMMAND…: COMMAND with the [saml] settings
	pre=
	[ "$1" = exec ] && { pre=exec; shift; }
	$pre env SKJOLD_SAML_SP_ENTITY_ID="$ENTITY" SKJOLD_SAML_SP_KEY_FILE="$TMP/sp.key" \
		SKJOLD_SAML_SP_CERT_FILE="$TMP/sp.crt" SKJOLD_SAML_IDP_METADATA_FILE="$TMP/idp-metadata.xml" \
		SKJOLD_SAML_ACS_URL="$ACS" SKJOLD_SAML_GROUP_MAP="$MAP" "$@"
}
start_server() { # start_server [GLOBAL FLAGS…]
	saml_env exec "$S" --db t.db "$@" serve --listen "127.0.0.1:$SP" >server.out 2>server.log &
	SRV_PID=$!
	wait_for server.log curl -fs "$SK/api/v1/health"
}
stop_server() {
	kill "$SRV_PID" 2>/dev/null
	wait "$SRV_PID" 2>/dev/null
	SRV_PID=
}
unchanged() { [ "$before" = "$(dbsum t.db)" ]; }
flow() { python3 "$HERE/saml_flow.py" "$@"; }
get_session() { curl -s -o out -w '%{http_code}' -H "Accept-Language: en" "$@" "$SK/api/v1/session" >status; }

run 0 "$S" --db t.db org add --id kommune --name Kommune --kind municipality
run 0 "$S" --db t.db org add --id bank --name Bank --kind bank
check "skjold serves with [saml] settings" start_server

# ---- metadata, both ways ----
curl -s -D meta.h "$SK/api/v1/auth/saml/metadata" >sp-metadata.xml
check "skjold's metadata: an SPSSODescriptor with the ACS and the signing certificate" sh -c \
	"grep -qi 'content-type: application/samlmetadata+xml' meta.h && grep -q 'entityID=\"$ENTITY\"' sp-metadata.xml && grep -q 'Location=\"$ACS\"' sp-metadata.xml && grep -q \"\$(sed -n 2p sp.crt)\" sp-metadata.xml"
# the IdP takes skjold's metadata as it is (SimpleSAMLphp's own parser), plus another SP (another audience)
php -r '
require "/usr/share/simplesamlphp/lib/_autoload.php";
$e = \SimpleSAML\Metadata\SAMLParser::parseDescriptorsString(file_get_contents($argv[1]));
$m = [];
foreach ($e as $id => $d) { $m[$id] = $d->getMetadata20SP(); $m[$id]["validate.authnrequest"] = true; $m[$id]["saml20.sign.assertion"] = true; }
$m["https://other.test/saml"] = ["AssertionConsumerService" => $argv[2]];
echo "<?php\n"; foreach ($m as $id => $d) echo "\$metadata[" . var_export($id, true) . "] = " . var_export($d, true) . ";\n";
' sp-metadata.xml "$ACS" >idp/metadata/saml20-sp-remote.php 2>php.err
check "SimpleSAMLphp reads skjold's metadata" has "'$ENTITY'" idp/metadata/saml20-sp-remote.php

curl -s "$SK/api/v1/auth/config" >out
check "auth/config: SAML on, where it starts" jqt '.saml == true and .saml_login == "/api/v1/auth/saml/login"' out

# ---- the whole flow: a first sign-in creates the user ----
flow login "$SK" anne anne-pw >anne.json
check "login: a signed AuthnRequest by HTTP-Redirect, with a RelayState and a binding cookie" jqt \
	'.start_status == 302 and (.redirect | test("SAMLRequest=") and test("RelayState=") and test("Signature=")) and (.binding | length) > 20' anne.json
check "acs: 302 to the UI with a session" jqt '.status == 302 and (.location | endswith("/")) and (.session | length) > 20' anne.json
get_session -b "skjold_session=$(jq -r .session anne.json)"
check "the session is anne's" jqt '.user.name == "anne" and .user.display_name == "anne Test" and .via_token == false' out
check "JIT: exactly the mapped role, not admin" jqt \
	'.user.admin == false and .next == null and (.memberships | map(.org + ":" + .role)) == ["kommune:isk"]' out
run 0 "$S" --db t.db audit log
check "audited: user created by SSO, role granted, the login with the IdP as issuer" jqt \
	'([.[] | select(.action == "create" and .key == "anne" and .after.sso == true and .after.admin == false)] | length == 1) and ([.[] | select(.action == "grant" and .key == "anne" and .after.by == "sso")] | length == 1) and ([.[] | select(.action == "login" and .key == "anne" and .after.issuer == "'"$IDP"'/saml2/idp/metadata.php")] | length == 1)' out
check "no assertion in the audit log" sh -c "! grep -q -e 'SAMLResponse' -e 'saml:Assertion' -e '$(jq -r .saml_response anne.json | cut -c1-40)' out"
identity() { # the row itself, on SQLite (the shell shows no identity; on PostgreSQL the flow above proves it)
	[ -n "${SKJOLD_PG_CLUSTER:-}" ] ||
		[ "$(sqlite3 t.db "select sso_issuer || ' ' || sso_subject from app_user where name = 'anne'")" = "$IDP/saml2/idp/metadata.php anne" ]
}
check "the user's identity is the IdP and the NameID" identity

# ---- an encrypted assertion (the IdP encrypts to skjold's certificate from its metadata) ----
sed 's/'"'"'saml20.sign.assertion'"'"' => true,/&\n  '"'"'assertion.encryption'"'"' => true,/' idp/metadata/saml20-sp-remote.php >enc.php
cp idp/metadata/saml20-sp-remote.php plain.php
cp enc.php idp/metadata/saml20-sp-remote.php
flow login "$SK" anne anne-pw >enc.json
check "an encrypted, signed assertion is decrypted and signs in" jqt \
	'(.xml | test("EncryptedAssertion")) and .status == 302 and (.session | length) > 20' enc.json
# encrypted to another key than skjold's (the IdP holds a wrong certificate for skjold)
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=other.test -keyout other.key -out other.crt 2>/dev/null
sed -e "s|$(sed '1d;$d' sp.crt | tr -d '\n')|$(sed '1d;$d' other.crt | tr -d '\n')|g" \
	-e "s/'validate.authnrequest' => true/'validate.authnrequest' => false/" enc.php >idp/metadata/saml20-sp-remote.php
flow login "$SK" anne anne-pw >enc-other.json
check "an assertion encrypted to another key is refused" jqt \
	'(.xml | test("EncryptedAssertion")) and .status == 401 and (.body | fromjson | .error.message_code == "saml.encrypted")' enc-other.json
# the assertion unsigned inside a signed response: refused, plain or encrypted (skjold wants the
# assertion itself signed, as its metadata says: WantAssertionsSigned)
sed 's/'"'"'saml20.sign.assertion'"'"' => true,/'"'"'saml20.sign.assertion'"'"' => false, '"'"'saml20.sign.response'"'"' => true,/' plain.php >idp/metadata/saml20-sp-remote.php
flow login "$SK" anne anne-pw >resp-signed.json
sed 's/'"'"'saml20.sign.assertion'"'"' => true,/'"'"'saml20.sign.assertion'"'"' => false, '"'"'saml20.sign.response'"'"' => true,/' enc.php >idp/metadata/saml20-sp-remote.php
flow login "$SK" anne anne-pw >enc-resp-signed.json
cp plain.php idp/metadata/saml20-sp-remote.php
check "an unsigned assertion in a signed response is refused" jqt \
	'(.xml | test("<ds:Signature ")) and .status == 401 and (.body | fromjson | .error.message_code == "saml.signature")' resp-signed.json
check "... encrypted too" jqt \
	'(.xml | test("EncryptedAssertion")) and .status == 401 and (.body | fromjson | .error.message_code == "saml.signature")' enc-resp-signed.json

# ---- replay: the same answer again ----
flow post "$SK" "$(jq -r .saml_response anne.json)" "$(jq -r .relay anne.json)" "$(jq -r .binding anne.json)" >replay.json
check "a replayed answer is refused" jqt '.status == 401 and .session == null' replay.json
flow login "$SK" anne anne-pw --no-post >half.json
flow post "$SK" "$(jq -r .saml_response anne.json)" "$(jq -r .relay half.json)" "$(jq -r .binding half.json)" >replay2.json
check "a replayed answer with a fresh RelayState is refused (InResponseTo, assertion ID)" jqt \
	'.status == 401 and (.body | fromjson | .error.message_code | test("saml.request|saml.replay"))' replay2.json
flow post "$SK" "$(jq -r .saml_response half.json)" "$(jq -r .relay half.json)" "" >nocookie.json
check "an answer without the browser's cookie is refused" jqt '.status == 401 and (.body | fromjson | .error.message_code == "sso.state")' nocookie.json

# ---- several servers on one database: the answer may reach another server than the one that sent the request ----
SP2=$(free_port)
saml_env exec "$S" --db t.db serve --listen "127.0.0.1:$SP2" >server2.out 2>server2.log &
SRV2_PID=$!
check "a second server on the same database" wait_for server2.log curl -fs "http://127.0.0.1:$SP2/api/v1/health"
flow login "$SK" anne anne-pw --no-post >split.json
flow post "http://127.0.0.1:$SP2" "$(jq -r .saml_response split.json)" "$(jq -r .relay split.json)" "$(jq -r .binding split.json)" >split2.json
check "the request sent by one server is answered at the other" jqt '.status == 302 and (.session | length) > 20' split2.json
flow post "$SK" "$(jq -r .saml_response split.json)" "$(jq -r .relay split.json)" "$(jq -r .binding split.json)" >split3.json
check "... and the same answer at the first is refused" jqt '.status == 401 and .session == null' split3.json
kill "$SRV2_PID" 2>/dev/null
wait "$SRV2_PID" 2>/dev/null

# ---- signatures ----
before=$(dbsum t.db)
flow login "$SK" anne anne-pw --tamper strip-signature >unsigned.json
check "an unsigned answer is refused" jqt '.status == 401 and (.body | fromjson | .error.message_code == "saml.signature")' unsigned.json
flow login "$SK" anne anne-pw --tamper change-group >changed.json
check "an answer changed after signing is refused" jqt '.status == 401 and (.body | fromjson | .error.message_code == "saml.signature")' changed.json
# ---- audience ----
flow login "$SK" anne anne-pw --other-sp https://other.test/saml >other.json
check "an answer for another audience is refused" jqt '.status == 401 and (.body | fromjson | .error.message_code == "saml.audience")' other.json
check "refused answers change nothing" unchanged

# ---- an expired answer: skjold's clock two hours on (--now) ----
stop_server
LATER=$(date -u -d '+2 hours' +%Y-%m-%dT%H:%M:%SZ)
check "skjold serves two hours on" start_server --now "$LATER"
flow login "$SK" anne anne-pw >late.json
check "an expired answer is refused" jqt '.status == 401 and (.body | fromjson | .error.message_code == "saml.expired")' late.json
stop_server
check "skjold serves again" start_server

# ---- groups change the roles at the next sign-in ----
write_users "anne:skjold-rev skjold-bank marketing;carl:marketing;dora:skjold-rev marketing"
flow login "$SK" anne anne-pw >anne2.json
get_session -b "skjold_session=$(jq -r .session anne2.json)"
check "changed groups: the roles follow" jqt '(.memberships | map(.org + ":" + .role) | sort) == ["bank:management", "kommune:auditor"]' out
run 0 "$S" --db t.db user list
check "still one anne" jqt '[.[] | select(.name == "anne")] | length == 1' out

# ---- no mapped group: refused, nobody created ----
before=$(dbsum t.db)
flow login "$SK" carl carl-pw >carl.json
check "a user whose groups map to nothing is refused" jqt '.status == 403 and (.body | fromjson | .error.message_code == "sso.no_group")' carl.json
run 0 "$S" --db t.db user list
check "... and not created" jqt 'map(.name) | index("carl") == null' out
check "... and nothing changed" unchanged
flow login "$SK" dora dora-pw >dora.json
check "a second user signs in with the auditor role" jqt '.status == 302' dora.json

# ---- a disabled user stays out ----
run 0 "$S" --db t.db user disable anne
flow login "$SK" anne anne-pw >disabled.json
check "a disabled user is refused" jqt '.status == 401 and (.body | fromjson | .error.message_code == "sso.disabled")' disabled.json
# a browser (it takes HTML) is sent back to the login page with the code only
curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -H 'Accept: text/html' -d 'SAMLResponse=eA%3D%3D&RelayState=no-such' \
	"$ACS" >browser.out
check "a refused browser goes back to the login page with the code" has "^303 $SK/#/login?sso_error=state$" browser.out
stop_server

# ---- bad settings are refused at start ----
saml_env env SKJOLD_SAML_ACS_URL= "$S" --db t.db serve --listen "127.0.0.1:$SP" >bad.out 2>bad.err
check "[saml] without acs_url: refused, naming it" has "acs_url" bad.err
printf 'not metadata' >bad-meta.xml
saml_env env SKJOLD_SAML_IDP_METADATA_FILE="$TMP/bad-meta.xml" "$S" --db t.db serve --listen "127.0.0.1:$SP" >bad.out 2>bad.err
check "bad IdP metadata: refused, naming it" has "idp_metadata_file" bad.err
chmod 644 sp.key
saml_env "$S" --db t.db serve --listen "127.0.0.1:$SP" >bad.out 2>bad.err
check "an SP key every user may read: refused" has "sp_key_file" bad.err

echo "RESULT $PASS $FAIL"
[ "$FAIL" -eq 0 ]
