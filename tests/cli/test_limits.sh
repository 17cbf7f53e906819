#!/bin/sh
# Bounded fields (src/core/limit.h, docs/orgdoc.md "Limits"): for each kind of
# object and each class of field, a text at its maximum is accepted and one
# byte more is refused with exit 2, the field named and the maximum said, and
# the database unchanged; the same through a document import, a CSV import
# and an incident.  Maxima: ids 64 bytes, names 200, descriptions and notes
# 8000, incident narratives 20000, small lists 1000.
. "$(dirname "$0")/lib.sh"
S="$SKJOLD --db l.db --now 2026-11-22"
K="--org eksempel-kommune"
ID=64
NAME=200
TEXT=8000
LONG=20000

str() { # str N [CHAR]: N copies of CHAR (x)
	head -c "$1" /dev/zero | tr '\0' "${2:-x}"
}
same() { test "$(dbsum l.db)" = "$before" || { echo "  the database changed" >&2; return 1; }; }
jqs() { jq -e "$1" out >/dev/null || { echo "  jq '$1' false on out" >&2; head -c 300 out >&2; return 1; }; }
# names FIELD: the error (stderr "skjold: FIELD: message") names exactly this field
names() { grep -qF -- "skjold: $1: " err || { echo "  'skjold: $1:' not in err:" >&2; head -c 300 err >&2; return 1; }; }

# over NAME FIELD MAX COMMAND…: refused with exit 2 naming FIELD and MAX, nothing written
over() {
	name=$1 field=$2 max=$3
	shift 3
	before=$(dbsum l.db)
	check "$name: one byte over is exit 2" run 2 "$@"
	check "$name: names $field" names "$field"
	check "$name: says the maximum of $max bytes" has "maximum of $max" err
	check "$name: database unchanged" same
}

# bound KIND ID FIELD MAX [SHOW-PATH]: update of an existing object, over then at the limit
bound() {
	kind=$1 id=$2 field=$3 max=$4
	opt=$(echo "$field" | tr _ -)
	over "$kind $field" "$field" "$max" $S "$kind" update "$id" $K "--$opt" "$(str $((max + 1)))"
	check "$kind $field: $max bytes accepted" run 0 $S "$kind" update "$id" $K "--$opt" "$(str "$max")"
	check "$kind $field: stored whole" run 0 $S "$kind" show "$id" $K
	check "$kind $field: $max bytes read back" jqs ".$field | utf8bytelength == $max"
}

check "import the example" run 0 $S import "$EXAMPLE"

# ---- organisation ---------------------------------------------------------------
over "org name" name $NAME $S org update eksempel-kommune --name "$(str $((NAME + 1)))"
check "org name: $NAME bytes accepted" run 0 $S org update eksempel-kommune --name "$(str $NAME)"
over "org id" id $ID $S org add --id "$(str $((ID + 1)) o)" --name X --kind bank
check "org id: $ID bytes accepted" run 0 $S org add --id "$(str $ID o)" --name X --kind bank
over "org entity.dora" entity.dora $NAME $S org update eksempel-kommune --entity.dora "$(str $((NAME + 1)))"

# ---- node: id, name, owner, description, override reason -----------------------
over "node id" id $ID $S node add $K --id "$(str $((ID + 1)) n)" --kind system --name N
check "node id: $ID bytes accepted" run 0 $S node add $K --id "$(str $ID n)" --kind system --name N
bound node p-hjemmepleje name $NAME
bound node p-hjemmepleje owner $NAME
bound node p-hjemmepleje description $TEXT
over "node override.reason" override.reason $TEXT $S node update p-hjemmepleje $K --override.level Høj \
	--override.reason "$(str $((TEXT + 1)))"
check "node override.reason: $TEXT bytes accepted" run 0 $S node update p-hjemmepleje $K --override.level Høj \
	--override.reason "$(str $TEXT)"
# bytes, not characters: 100 × "ø" is 200 bytes, one more "x" is 201
check "a name of 100 × ø (200 bytes) is accepted" run 0 $S node update p-hjemmepleje $K --name "$(printf 'ø%.0s' $(seq 100))"
over "a name of 100 × ø and x" name $NAME $S node update p-hjemmepleje $K --name "$(printf 'ø%.0s' $(seq 100))x"
before=$(dbsum l.db)
check "a name that is not UTF-8: exit 2" run 2 $S node update p-hjemmepleje $K --name "$(printf 'K\370ge')"
check "  names the option" names --name
check "  says UTF-8" has 'UTF-8' err
check "  database unchanged" same

# ---- edge, threat, risk, measure, change ---------------------------------------
over "edge group" group $NAME $S edge update $K --from p-hjemmepleje --to s-omsorg --group "$(str $((NAME + 1)))"
check "edge group: $NAME bytes accepted" run 0 $S edge update $K --from p-hjemmepleje --to s-omsorg --group "$(str $NAME)"
over "edge from" from $ID $S edge add $K --from "$(str $((ID + 1)))" --to s-omsorg
bound threat t-ransomware name $NAME
bound threat t-ransomware category $NAME
bound threat t-ransomware description $TEXT
bound risk r-1 title $NAME
bound risk r-1 assessor $NAME
bound risk r-1 description $TEXT
bound risk r-1 note $TEXT
over "risk acceptance.approver" acceptance.approver $NAME $S risk update r-7 $K \
	--acceptance.approver "$(str $((NAME + 1)))"
over "risk node" node $ID $S risk update r-1 $K --node "$(str $((ID + 1)))"
bound measure m-1 title $NAME
bound measure m-1 owner $NAME
bound measure m-1 description $TEXT
over "measure effect.note" effect.note $TEXT $S measure update m-1 $K --effect.rating partial \
	--effect.evaluated-on 2026-11-01 --effect.note "$(str $((TEXT + 1)))"
bound change c-1 description $TEXT
over "carry-forward note" note $TEXT $S node carry-forward p-hjemmepleje $K --note "$(str $((TEXT + 1)))"

# ---- the document: the same limits, the path named --------------------------------
before=$(dbsum l.db)
doc() { # doc NAME JQ-EDIT PATH MAX
	jq --arg s "$(str $(($4 + 1)))" "$2" "$EXAMPLE" >big.json
	check "document $1: exit 2" run 2 $S import big.json
	check "document $1: names $3" names "$3"
	check "document $1: says the maximum" has "maximum of $4" err
	check "document $1: database unchanged" same
}
doc "risk title" '.risks[3].title = $s' 'risks[3].title' $NAME
doc "node description" '.nodes[2].description = $s' 'nodes[2].description' $TEXT
doc "threat id" '.threats[1].id = $s[0:65]' 'threats[1].id' $ID
doc "measure note" '.measures[0].effect = {"rating": "partial", "evaluated_on": "2026-01-01", "note": $s}' \
	'measures[0].effect.note' $TEXT
doc "change description" '.changes[0].description = $s' 'changes[0].description' $TEXT
doc "organisation name" '.organisation.name = $s' 'organisation.name' $NAME
jq --arg s "$(str $TEXT)" '.risks[3].title = ("R" * 200) | .nodes[2].description = $s' "$EXAMPLE" >atlimit.json
check "document at the limits: imported" run 0 $S import atlimit.json
check "  read back whole" run 0 $S risk show "$(jq -r '.risks[3].id' "$EXAMPLE")" $K
check "  the title has 200 bytes" jqs '.title | utf8bytelength == 200'

# ---- CSV import: the same limits per column ----------------------------------------
before=$(dbsum l.db)
printf 'id;kind;name;description\nn-ok;system;Ok;\nn-big;system;%s;\n' "$(str $((NAME + 1)))" >nodes.csv
check "csv node name: exit 2" run 2 $S import-csv nodes nodes.csv $K
check "csv node name: names row 3, name" names "row 3, name"
check "csv node name: says the maximum" has "maximum of $NAME" err
check "csv node name: database unchanged (the row before it rolled back)" same
printf 'id;kind;name;description\nn-ok;system;Ok;%s\n' "$(str $((TEXT + 1)))" >nodes.csv
check "csv node description: exit 2" run 2 $S import-csv nodes nodes.csv $K
check "csv node description: names it" names "row 2, description"
printf 'id;kind;name\n%s;system;Ok\n' "$(str $((ID + 1)))" >nodes.csv
check "csv node id: exit 2" run 2 $S import-csv nodes nodes.csv $K
check "csv node id: names it" names "row 2, id"
printf 'from;to;group\np-hjemmepleje;s-omsorg;%s\n' "$(str $((NAME + 1)))" >edges.csv
check "csv edge group: exit 2" run 2 $S import-csv edges edges.csv $K
check "csv edge group: names it" names "row 2, group"
printf 'id;node;threat;title;assessed_on;threat_level;resilience;consequence.availability;consequence.confidentiality;consequence.integrity;consequence.authenticity\nr-csv;p-hjemmepleje;t-ransomware;%s;2026-01-01;2;2;2;2;2;2\n' \
	"$(str $((NAME + 1)))" >risks.csv
check "csv risk title: exit 2" run 2 $S import-csv risks risks.csv $K
check "csv risk title: names row 2.title" names "row 2.title"
check "csv: database unchanged" same
printf 'id;kind;name;description\nn-csv;system;%s;%s\n' "$(str $NAME)" "$(str $TEXT)" >nodes.csv
check "csv node at the limits: imported" run 0 $S import-csv nodes nodes.csv $K

# ---- incidents -------------------------------------------------------------------------
cat >inc.json <<'EOF'
{"id": "inc-l1", "title": "Telefoni nede", "detected_at": "2026-11-20T09:30:00+01:00", "nodes": ["s-omsorg"]}
EOF
check "incident add" run 0 $S incident add inc.json $K
over "incident notes" notes $LONG $S incident update inc-l1 $K --notes "$(str $((LONG + 1)))"
check "incident notes: $LONG bytes accepted" run 0 $S incident update inc-l1 $K --notes "$(str $LONG)"
over "incident title" title $NAME $S incident update inc-l1 $K --title "$(str $((NAME + 1)))"
over "incident category" category $NAME $S incident update inc-l1 $K --category "$(str $((NAME + 1)))"
jq -n --arg s "$(str $((ID + 1)))" '{"id": $s, "detected_at": "2026-11-20T09:30:00+01:00"}' >inc2.json
over "incident id" id $ID $S incident add inc2.json $K
jq -n '{"nodes": [range(1001) | "s-omsorg"]}' >patch.json
before=$(dbsum l.db)
check "incident with 1001 nodes: exit 2" run 2 $S incident update inc-l1 $K patch.json
check "  names nodes" names "nodes"
check "  says the maximum of 1000 entries" has "maximum of 1000 entries" err
check "  database unchanged" same
over "submission channel" --channel $NAME $S incident submit inc-l1 $K --regime eu-nis2 --report early_warning \
	--at 2026-11-20T12:00:00+01:00 --channel "$(str $((NAME + 1)))"

# ---- users and tokens --------------------------------------------------------------
over "user display_name" display_name $NAME $S user add anna --display-name "$(str $((NAME + 1)))"
check "user display_name: $NAME bytes accepted" run 0 $S user add anna --display-name "$(str $NAME)"
check "user role" run 0 $S user role anna $K --role isk
over "token name" name $NAME $S token add --user anna $K --role isk --name "$(str $((NAME + 1)))"
check "token name: $NAME bytes accepted" run 0 $S token add --user anna $K --role isk --name "$(str $NAME)"

# ---- the forum: bodies (crisis texts 20000 bytes), recipients (200), its name ----------
FS="$SKJOLD --db f.db --now 2026-11-02T10:00:00+01:00"
check "load the example forum" run 0 sh "$ROOT/scripts/example-forum.sh" "$SKJOLD" f.db 2026-11-02T10:00:00+01:00
crisis() { # crisis FILE TITLE-BYTES
	jq -n --arg s "$(str "$2")" \
		'{"title": $s, "severity": "Kritisk", "opened_at": "2026-11-02T09:00:00+01:00", "cadence_minutes": 60}' >"$1"
}
crisis big.json $((LONG + 1))
crisis ok.json 100
fsame() { test "$(dbsum f.db)" = "$before" || { echo "  the forum's database changed" >&2; return 1; }; }
before=$(dbsum f.db)
check "crisis title one byte over: exit 2" run 2 $FS forum item add --forum fsor --org nationalbanken --kind crisis --body big.json
check "  names title" names title
check "  says the maximum of $LONG bytes" has "maximum of $LONG" err
check "  database unchanged" fsame
check "201 recipients: exit 2" run 2 $FS forum item add --forum fsor --org nationalbanken --kind crisis --tlp AMBER \
	--to "$(seq -s, 201 | sed 's/[0-9][0-9]*/bank2/g')" --body ok.json
check "  names recipients" names recipients
check "  says the maximum of 200 entries" has "maximum of 200 entries" err
check "  database unchanged" fsame
check "a forum name one byte over: exit 2" run 2 $FS forum create --id fx --org nationalbanken --name "$(str $((NAME + 1)))"
check "  names --name" names --name
check "  database unchanged" fsame
crisis atlimit.json $LONG
check "crisis title at $LONG bytes: accepted" run 0 $FS forum item add --forum fsor --org nationalbanken --kind crisis \
	--body atlimit.json

finish
