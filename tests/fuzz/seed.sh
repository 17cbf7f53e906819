#!/bin/sh
# (Re)build the seed corpora of tests/fuzz/corpus/ from examples/, rules/
# and tests/cases/:   tests/fuzz/seed.sh      (needs jq)
# The forum seeds (corpus/forum/) are the item bodies of tests/cli/test_forum.sh
# and tests/unit/test_survey.c, written by hand; they are left as they are.
# Findings kept in a corpus (corpus/NAME/finding-*) are left as well.
set -eu
export LC_ALL=C
cd "$(dirname "$0")/../.."
C=tests/fuzz/corpus
for d in orgdoc incident csv rules http roi; do
	mkdir -p "$C/$d"
	find "$C/$d" -type f ! -name 'finding-*' -delete
done

# ---- organisation documents
cp examples/eksempel-kommune.json "$C/orgdoc/eksempel-kommune.json"
for f in examples/forum/*.json; do
	cp "$f" "$C/orgdoc/forum-${f##*/}"
done
jq -c -n --slurpfile a examples/forum/bank1.json --slurpfile b examples/forum/skyhost.json \
	'{organisations: [$a[0], $b[0]]}' >"$C/orgdoc/two-organisations.json"

# ---- incident facts: the examples, every assessment case's input, a batch
for f in examples/incidents/*.json; do
	cp "$f" "$C/incident/${f##*/}"
done
for f in tests/cases/assess/*.json; do
	jq -c .input "$f" >"$C/incident/case-${f##*/}"
done
for f in examples/incidents/*.json; do jq -c . "$f"; done >"$C/incident/batch.jsonl"
jq -c '. + {id: "INC-1", status: "open", description: "x", nodes: ["s-omsorg"]}' \
	examples/incidents/kommune-ransomware.json >"$C/incident/stored.json"

# ---- CSV imports: the example organisation's nodes, edges and risks
O=examples/eksempel-kommune.json
{
	echo nodes
	echo 'id,kind,name,owner,description,criticality,critical_service,personal_data,rto_minutes,rpo_minutes,last_assessed'
	jq -r '.nodes[:12][] | [.id, .kind, .name, .owner, .description, .criticality, .critical_service,
		.personal_data, .rto_minutes, .rpo_minutes, .last_assessed] | @csv' "$O"
} >"$C/csv/nodes.csv"
{
	echo edges
	echo 'from;to;type;group'
	jq -r '.edges[:20][] | [.from, .to, .type, .group] | join(";")' "$O"
} >"$C/csv/edges-semicolon.csv"
{
	echo risks
	echo 'id,node,threat,title,assessed_on,assessor,owner,threat_level,resilience,consequence.availability,consequence.confidentiality,consequence.integrity,consequence.authenticity,decision,note'
	jq -r '.risks[:6][] | [.id, .node, .threat, .title, .assessed_on, .assessor, .owner, .threat_level, .resilience,
		.consequence.availability, .consequence.confidentiality, .consequence.integrity,
		.consequence.authenticity, .decision, .note] | @csv' "$O"
} >"$C/csv/risks.csv"
printf 'nodes org\r\n\357\273\277org;id;kind;name\r\neksempel-kommune;n-1;system;"Navn; med ""citat""\r\nog linjeskift"\r\n' \
	>"$C/csv/nodes-org-bom-crlf.csv"

# ---- rule files: each shipped regime, named on the first line
for f in rules/dk-psd2-2018.json rules/eu-dora.json rules/eu-nis2.json rules/eu-gdpr.json; do
	id=${f##*/}
	id=${id%.json}
	{ echo "$id"; cat "$f"; } >"$C/rules/$id"
done

# ---- register of information packages: the EBA's sample, and the example bank's package when a
# release build is there to write it
cp tests/roi/eba-sample-package-headers.zip "$C/roi/eba-sample.zip"
if [ -x build/release/skjold ]; then
	t=$(mktemp -d)
	build/release/skjold --db "$t/d.db" --actor seed --now 2026-01-15T10:30:00+01:00 import examples/forum/bank1.json >/dev/null
	build/release/skjold --db "$t/d.db" --now 2026-01-15T10:30:00+01:00 roi export --org bank1 --as-of 2025-12-31 \
		--out "$C/roi/bank1.zip" >/dev/null 2>&1
	rm -rf "$t"
fi

# ---- HTTP requests (@SESSION@, @CSRF@, @TOKEN@: fuzz_http.c)
req() { # req NAME: the request on stdin; CRLF in the head; "Content-Length: -" becomes the body's length
	awk '{ line[NR] = $0 } !body && $0 == "" { body = NR } END {
		n = 0
		for (i = body + 1; i <= NR; i++) n += length(line[i]) + 1
		for (i = 1; i <= body; i++) {
			if (line[i] == "Content-Length: -") line[i] = "Content-Length: " n
			printf "%s\r\n", line[i]
		}
		for (i = body + 1; i <= NR; i++) print line[i]
	}' >"$C/http/$1"
}
req health <<'R'
GET /api/v1/health HTTP/1.1
Host: x

R
req static <<'R'
GET /static/js/app.js?x=%00 HTTP/1.1
Host: x
If-None-Match: "abc"

R
req list-query <<'R'
GET /api/v1/orgs/eksempel-kommune/risks?limit=5&offset=1&sort=-title&node=s-omsorg&format=json HTTP/1.1
Host: x
Cookie: skjold_session=@SESSION@; theme=dark

R
req nodes-token <<'R'
GET /api/v1/nodes?sort=name&limit=2 HTTP/1.1
Host: x
Authorization: Bearer @TOKEN@

R
req risk-post <<'R'
POST /api/v1/orgs/eksempel-kommune/risks/preview HTTP/1.1
Host: x
Cookie: skjold_session=@SESSION@
X-CSRF-Token: @CSRF@
Content-Type: application/json
Content-Length: -

{"id":"r-99","node":"s-omsorg","threat":"t-ransomware","title":"T","assessed_on":"2026-10-01","threat_level":3,"resilience":2,"consequence":{"availability":3,"confidentiality":2,"integrity":2,"authenticity":1}}
R
req node-patch <<'R'
PATCH /api/v1/orgs/eksempel-kommune/nodes/s-omsorg HTTP/1.1
Host: x
Authorization: Bearer @TOKEN@
Content-Type: application/json
If-Match: *
Content-Length: -

{"criticality":"Høj"}
R
req incident-add <<'R'
POST /api/v1/orgs/eksempel-kommune/incidents HTTP/1.1
Host: x
Cookie: skjold_session=@SESSION@
X-CSRF-Token: @CSRF@
Content-Type: application/json
Transfer-Encoding: chunked

71
{"id":"INC-9","title":"Nede","occurred_at":"2026-11-01T10:00:00+01:00","detected_at":"2026-11-01T10:05:00+01:00"}
0

R
req csv-import <<'R'
POST /api/v1/orgs/eksempel-kommune/import-csv?kind=nodes HTTP/1.1
Host: x
Authorization: Bearer @TOKEN@
Content-Type: text/csv
Content-Length: -

id,kind,name
n-1,system,"Et ""navn"""
R
req forum-item <<'R'
POST /api/v1/orgs/bank1/forums/fsor/items/report?parent=c1 HTTP/1.1
Host: x
Cookie: skjold_session=@SESSION@
X-CSRF-Token: @CSRF@
Content-Type: application/json
Content-Length: -

{"at":"2026-11-02T09:40:00+01:00","services":[],"cause":"x","continuity_plan_active":false,"communication_status":"internal"}
R
# (no login seed: every login attempt runs a password hash, about a second under ASan)
req assess <<'R'
POST /api/v1/assess HTTP/1.1
Host: x
Authorization: Bearer @TOKEN@
Content-Type: application/json; charset=utf-8
Content-Length: -

{"title":"T","occurred_at":"2026-11-01T10:00:00+01:00","detected_at":"2026-11-01T10:05:00+01:00","entity":{"name":"E","nis2":"essential"}}
R
req pipelined <<'R'
GET /api/v1/session HTTP/1.1
Host: x
Cookie: skjold_session=@SESSION@

DELETE /api/v1/orgs/eksempel-kommune/edges/a%2Fb/c HTTP/1.1
Host: x
Cookie: skjold_session=@SESSION@
X-CSRF-Token: wrong
Connection: close

R
