/*
 * cmd_object.c — add, update, show, list and delete for every kind of object
 * (org, node, edge, threat, risk, measure, change) from the shell.
 *
 * Options become the object's JSON fields (--personal-data sensitive,
 * --consequence.availability 4), and the object goes through the same
 * validator as a document import, so the shell, the file and (later) the
 * API agree on every rule and every error names the field.  update starts
 * from the stored object and overlays the options given.  list and show
 * include the derived fields; list filters on any field (--residual-level
 * Kritisk, --overdue true).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "app_sheet.h"
#include "cli.h"
#include "json_io.h"
#include "jsonx.h"
#include "limit.h"
#include "orgview.h"

/* Fields whose option values are numbers or booleans rather than text. */
static const char *const int_fields[] = {"rto_minutes", "rpo_minutes", "threat_level", "resilience", "likelihood",
					 "availability", "confidentiality", "integrity", "authenticity",
					 "matrix_version", "skjold", NULL};
static const char *const bool_fields[] = {"critical_service", "psd2_psp", "trust_service", "dora_relief_withdrawn",
					  "dora_simplified_framework", "require_sso", NULL};

static bool listed(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (!strcmp(*list, s))
			return true;
	return false;
}

/* The JSON value an option's text stands for, given the field's name. */
static json_t *option_value(const char *field, const char *text)
{
	const char *leaf = strrchr(field, '.');
	leaf = leaf ? leaf + 1 : field;
	if (!strcmp(text, "null"))
		return json_null();
	if (listed(int_fields, leaf)) {
		char *end;
		long long v = strtoll(text, &end, 10);
		if (end != text && !*end)
			return json_integer(v);
	}
	if (listed(bool_fields, leaf) || !strcmp(leaf, "dora")) {
		if (!strcmp(text, "true") || !strcmp(text, "ja") || !strcmp(text, "yes"))
			return json_true();
		if (!strcmp(text, "false") || !strcmp(text, "nej") || !strcmp(text, "no"))
			return json_false();
	}
	return json_string(text);
}

/*
 * Overlay every unused option onto obj, nesting at dots.  A value that is
 * not valid UTF-8 is refused here (jansson cannot hold it); lengths are the
 * validator's to check, as for any other source.
 */
static int overlay_options(struct cli *c, json_t *obj)
{
	for (int i = 0; i < c->nopt; i++) {
		struct cli_opt *o = &c->opt[i];
		if (o->used)
			continue;
		o->used = true;
		char flag[160];
		snprintf(flag, sizeof flag, "--%s", o->name);
		int rc = limit_text(o->value, strlen(o->value), SIZE_MAX, flag, flag, &c->e);
		if (rc)
			return rc;
		char path[160];
		snprintf(path, sizeof path, "%s", o->name);
		json_t *parent = obj;
		char *part = path, *dot;
		while ((dot = strchr(part, '.'))) {
			*dot = 0;
			json_t *child = json_object_get(parent, part);
			if (!json_is_object(child)) {
				child = json_object();
				json_object_set_new(parent, part, child);
			}
			parent = child;
			part = dot + 1;
		}
		json_object_set_new(parent, part, option_value(o->name, o->value));
	}
	return 0;
}

/* The fields of each kind for --help, indexed by enum app_kind. */
static const char *const kind_fields[] = {
	"--id ID --kind process|service|system|infrastructure|supplier|external --name TEXT [--owner TEXT]\n"
	"  [--description TEXT] [--criticality Lav|Medium|Høj|Kritisk] [--critical-service true|false]\n"
	"  [--personal-data none|ordinary|sensitive] [--rto-minutes N] [--rpo-minutes N]\n"
	"  [--last-assessed YYYY-MM-DD] [--override.level LEVEL --override.reason TEXT]\n",
	"--from ID --to ID [--type runs_on|uses|integrates_with|supplied_by|hosted_at] [--group NAME]\n"
	"  (edges of one node that share a group are alternatives: it needs one of them)\n",
	"--id ID --name TEXT [--name-en TEXT] [--category TEXT] [--description TEXT]\n"
	"  [--threat-level 1..4 --level-source CFCS|SAMSIK|KommuneCERT|ENISA|… --level-date YYYY-MM-DD]\n",
	"--id ID --node ID --threat ID --assessed-on YYYY-MM-DD --threat-level 1..4 --resilience 1..4\n"
	"  --consequence.availability 1..4 --consequence.confidentiality 1..4 --consequence.integrity 1..4\n"
	"  --consequence.authenticity 1..4 [--likelihood 1..4 (default: the suggestion)] [--title TEXT]\n"
	"  [--assessor TEXT] [--owner TEXT] [--residual.likelihood N --residual.consequence.availability N …]\n"
	"  [--decision none|mitigate|accept|transfer|avoid] [--acceptance.approver TEXT\n"
	"  --acceptance.approver-role system_owner|head_of_department|it_management|director|board\n"
	"  --acceptance.approved-on DATE --acceptance.expires DATE] [--note TEXT]\n",
	"--id ID --risk ID --title TEXT [--kind technical|procedural|organisational|awareness|continuity]\n"
	"  [--owner TEXT] [--due YYYY-MM-DD] [--status planned|started|done|cancelled] [--description TEXT]\n"
	"  [--effect.rating not_evaluated|ineffective|partial|effective --effect.evaluated-on DATE\n"
	"  --effect.note TEXT]\n",
	"--id ID --node ID --date YYYY-MM-DD [--kind change|incident|threat] [--description TEXT]\n"
	"  (a major change or incident on a node makes its and its dependents' review due)\n",
};

static int usage(enum app_kind k)
{
	const char *name = app_kind_name(k);
	const char *key = k == APP_EDGE ? "--from ID --to ID" : "ID";
	printf("usage: skjold %s add --org ORG %s"
	       "       skjold %s update %s --org ORG [fields…] [--if-version V]\n"
	       "       skjold %s show %s --org ORG\n"
	       "       skjold %s version %s --org ORG   (the version --if-version takes: the API's ETag)\n"
	       "       skjold %s list --org ORG [--FIELD VALUE …]   (filter on any field, derived ones too)\n"
	       "       skjold %s delete %s --org ORG [--if-version V]\n"
	       "Options may also come as one object: --json '{…}' or --file FILE.\n"
	       "add refuses an id that exists (exit 2); update changes only the fields given, and with\n"
	       "--if-version only while the object is still at the version you read (else exit 1).\n",
	       name, kind_fields[k], name, key, name, key, name, key, name, name, key);
	if (k == APP_NODE)
		printf("       skjold node carry-forward ID --org ORG [--note TEXT] [--if-version V]\n"
		       "         (record a Lav node's review as unchanged, seed 003 §3)\n");
	return 0;
}

/* Does item match every filter option (string comparison of the field's JSON text)? */
static bool matches(struct cli *c, json_t *item)
{
	for (int i = 0; i < c->nopt; i++) {
		const struct cli_opt *o = &c->opt[i];
		if (!strcmp(o->name, "org"))
			continue;
		json_t *v = json_object_get(item, o->name);
		char buf[64];
		const char *text = NULL;
		if (json_is_string(v))
			text = json_string_value(v);
		else if (json_is_integer(v))
			text = (snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v)), buf);
		else if (json_is_boolean(v))
			text = json_is_true(v) ? "true" : "false";
		else if (json_is_null(v) || !v)
			text = "null";
		if (!text || strcmp(text, o->value) != 0)
			return false;
	}
	return true;
}

static int do_list(struct cli *c, const char *name, json_t *items)
{
	json_t *arr = json_array();
	size_t n = json_array_size(items);
	/* A filter on a field no object has is a typo, not an empty answer. */
	bool *seen = xcalloc((size_t)c->nopt + 1, sizeof *seen);
	for (size_t i = 0; i < n; i++) {
		json_t *item = json_array_get(items, i);
		for (int f = 0; f < c->nopt; f++)
			seen[f] |= json_object_get(item, c->opt[f].name) != NULL;
		if (matches(c, item))
			json_array_append(arr, item);
	}
	int rc = 0;
	for (int f = 0; f < c->nopt && !rc; f++) {
		if (strcmp(c->opt[f].name, "org") && n && !seen[f]) {
			char flag[160];
			snprintf(flag, sizeof flag, "--%s", c->opt[f].name);
			rc = err_setm(&c->e, ERR_INVALID, flag, "cli.filter_field", "kind", name, "field",
				      c->opt[f].name, NULL);
		}
		c->opt[f].used = true;
	}
	free(seen);
	if (rc) {
		json_decref(arr);
		return rc;
	}
	return cli_print(arr);
}

/* Build the object from --json/--file and options, over base (may be NULL). */
static int build_object(struct cli *c, json_t *base, json_t **out)
{
	const char *json_text = cli_get(c, "json"), *file = cli_get(c, "file");
	json_t *obj = base ? json_deep_copy(base) : json_object();
	if (json_text || file) {
		json_t *given;
		if (file) {
			int rc = cli_read_json(c, file, &given);
			if (rc) {
				json_decref(obj);
				return rc;
			}
		} else {
			json_error_t je;
			given = json_loads(json_text, JSON_REJECT_DUPLICATES, &je);
			if (!given) {
				json_decref(obj);
				return err_setm(&c->e, ERR_INVALID, "--json", "cli.json_syntax", "error", je.text,
						"column", err_num((char[24]){0}, (long long)(je.column)), NULL);
			}
		}
		if (!json_is_object(given)) {
			json_decref(given);
			json_decref(obj);
			return err_setm(&c->e, ERR_INVALID, "--json", "cli.json_object", NULL);
		}
		json_object_update(obj, given);
		json_decref(given);
	}
	int rc = overlay_options(c, obj);
	if (rc) {
		json_decref(obj);
		return rc;
	}
	*out = obj;
	return 0;
}

/* The object the command names: ID (or --id), or --from and --to of an edge. */
static int object_ref(struct cli *c, enum app_kind k, const char *org, struct app_ref *ref)
{
	memset(ref, 0, sizeof *ref);
	ref->org = org;
	if (k == APP_EDGE) {
		ref->from = cli_get(c, "from");
		ref->to = cli_get(c, "to");
		if (!ref->from || !ref->to)
			return err_setm(&c->e, ERR_INVALID, "--from", "cli.edge_from_to", NULL);
		return 0;
	}
	ref->id = c->npos > 2 ? c->pos[2] : cli_get(c, "id");
	if (!ref->id)
		return err_setm(&c->e, ERR_INVALID, "id", "cli.give_id_of", "kind", app_kind_name(k), NULL);
	return 0;
}

/* add (a new object) or update (the fields given, over the stored object). */
static int object_write(struct cli *c, struct app *x, enum app_kind k, const char *org, bool update)
{
	struct app_write w = {.kind = k, .mode = update ? APP_MERGE : APP_CREATE, .ref = {.org = org}};
	int rc = 0;
	json_t *base = NULL;
	if (update) {
		if ((rc = object_ref(c, k, org, &w.ref)))
			return rc;
		w.if_version = cli_get(c, "if_version");
		if (k != APP_EDGE && c->npos <= 2)
			base = json_pack("{ss}", "id", w.ref.id); /* --id was taken as the key, and is the id field */
	} else if (c->npos > 2) {
		base = json_pack("{ss}", "id", c->pos[2]);
	}
	rc = build_object(c, base, &w.fields);
	json_decref(base);
	if (rc)
		return rc;
	json_t *out;
	rc = app_object_write(x, &w, &out);
	json_decref(w.fields);
	return rc ? rc : cli_print(out);
}

/* skjold org add|update|show|list|delete */
static int org_command(struct cli *c, const char *verb)
{
	static const char *const help =
		"usage: skjold org add --id ID --name TEXT --kind KIND [--cvr 8 digits] [--lei LEI]\n"
		"         [--entity.nis2 essential|important|none] [--entity.dora false|TYPE]\n"
		"         [--entity.psd2-psp true|false] [--risk-appetite Lav|Medium|Høj|Kritisk]\n"
		"         [--entity.dora-relief-withdrawn true|false] [--entity.dora-simplified-framework true|false]\n"
		"         [--competent-authority CODE] (contacts: in the organisation document, docs/orgdoc.md)\n"
		"         [--working-hours.start HH:MM --working-hours.end HH:MM] [--procedure-reviewed-on DATE]\n"
		"         [--require-sso true|false] (the users sign in by single sign-on only, docs/sso.md)\n"
		"       skjold org update ID [fields…] [--if-version V]\n"
		"       skjold org show ID | list | delete ID [--if-version V]\n"
		"KIND: bank, mortgage_institution, payment_institution, emoney_institution, payment_system,\n"
		"      data_centre, insurer, municipality, authority, supplier, other\n";
	if (c->help || !verb)
		return cli_usage(help);
	int rc = cli_open(c);
	if (rc)
		return rc;
	struct app x = cli_app(c);
	const char *id = c->npos > 2 ? c->pos[2] : NULL;
	json_t *out = NULL;
	if (!strcmp(verb, "list")) {
		if ((rc = cli_check_unused(c)) || (rc = app_org_list(&x, &out)))
			return rc;
		return cli_print(out);
	}
	const char *if_version = cli_get(c, "if_version");
	if (!strcmp(verb, "show") || !strcmp(verb, "delete")) {
		if (!id)
			return err_setm(&c->e, ERR_INVALID, "id", "org.give_id", NULL);
		if ((rc = cli_check_unused(c)))
			return rc;
		if (!strcmp(verb, "delete")) {
			rc = app_org_delete(&x, id, if_version);
			return rc ? rc : cli_print(json_pack("{sbss}", "deleted", 1, "organisation", id));
		}
		rc = app_org_show(&x, id, &out);
		return rc ? rc : cli_print(out);
	}
	if (strcmp(verb, "add") && strcmp(verb, "update"))
		return err_setm(&c->e, ERR_INVALID, verb, "cli.org_command", "command", verb, NULL);
	bool update = !strcmp(verb, "update");
	if (update && !id)
		return err_setm(&c->e, ERR_INVALID, "id", "cli.org_update_id", NULL);
	json_t *base = !update && id ? json_pack("{ss}", "id", id) : NULL, *fields;
	rc = build_object(c, base, &fields);
	json_decref(base);
	if (rc)
		return rc;
	rc = app_org_write(&x, update ? APP_MERGE : APP_CREATE, id, fields, if_version, &out);
	json_decref(fields);
	return rc ? rc : cli_print(out);
}

int cmd_object(struct cli *c, const char *name)
{
	const char *verb = c->npos > 1 ? c->pos[1] : NULL;
	if (!strcmp(name, "org"))
		return org_command(c, verb);
	int kind = app_kind_parse(name);
	ASSERT(kind >= 0);
	enum app_kind k = (enum app_kind)kind;
	if (c->help || !verb)
		return usage(k);
	const char *org;
	int rc = cli_org(c, &org);
	if (rc || (rc = cli_open(c)))
		return rc;
	struct app x = cli_app(c);
	json_t *out = NULL;
	struct app_ref ref;
	if (!strcmp(verb, "list") && k == APP_RISK && cli_get(c, "format")) {
		/* the risk list as a spreadsheet (XLSX): every risk, to stdout or --out */
		const char *format = cli_get(c, "format");
		if (strcmp(format, "xlsx"))
			return err_setm(&c->e, ERR_INVALID, "--format", "cli.format_xlsx", NULL);
		char *bytes;
		size_t len;
		cli_get(c, "out");
		if ((rc = cli_check_unused(c)) || (rc = app_sheet_risks(&x, org, &bytes, &len)))
			return rc;
		return cli_print_bytes(c, bytes, len);
	}
	if (!strcmp(verb, "list")) {
		if (!(rc = app_object_list(&x, k, org, &out)))
			rc = do_list(c, name, out);
		json_decref(out);
		return rc;
	}
	if (!strcmp(verb, "add") || !strcmp(verb, "update"))
		return object_write(c, &x, k, org, !strcmp(verb, "update"));
	bool known = !strcmp(verb, "show") || !strcmp(verb, "version") || !strcmp(verb, "delete") ||
		     (!strcmp(verb, "carry-forward") && k == APP_NODE);
	if (!known)
		return err_setm(&c->e, ERR_INVALID, verb, "cli.object_command", "kind", name, "command", verb, NULL);
	if ((rc = object_ref(c, k, org, &ref)))
		return rc;
	const char *if_version = cli_get(c, "if_version"), *note = cli_get(c, "note");
	if (!strcmp(verb, "carry-forward")) {
		if (!(rc = cli_check_unused(c)))
			rc = app_node_carry_forward(&x, &ref, note, if_version, &out);
		return rc ? rc : cli_print(out);
	}
	if ((rc = cli_check_unused(c)))
		return rc;
	if (!strcmp(verb, "delete")) {
		if ((rc = app_object_delete(&x, k, &ref, if_version)))
			return rc;
		return cli_print(k == APP_EDGE ? json_pack("{sbss++}", "deleted", 1, "edge", ref.from, " -> ", ref.to)
					       : json_pack("{sbss}", "deleted", 1, name, ref.id));
	}
	if ((rc = app_object_show(&x, k, &ref, &out)))
		return rc;
	if (!strcmp(verb, "version")) {
		const char *v = app_version(&x, out);
		json_decref(out);
		return cli_print(json_pack("{ss}", "version", v));
	}
	return cli_print(out);
}
