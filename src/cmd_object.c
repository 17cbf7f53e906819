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

#include "cli.h"
#include "json_io.h"
#include "jsonx.h"
#include "limit.h"
#include "orgview.h"

struct objkind {
	const char *name;
	size_t size;
	int (*parse)(json_t *, const char *, struct arena *, void *, struct errinfo *);
	int (*put)(struct writer *, const char *, const void *, struct errinfo *);
	int (*del)(struct writer *, const char *, const char *, struct errinfo *);
	size_t (*count)(const struct orgview *);
	json_t *(*item)(const struct orgview *, size_t); /* stored fields + derived */
	const char *(*id)(const struct orgview *, size_t);
	const char *fields; /* for --help */
};

/* Fields whose option values are numbers or booleans rather than text. */
static const char *const int_fields[] = {"rto_minutes", "rpo_minutes", "threat_level", "resilience", "likelihood",
					 "availability", "confidentiality", "integrity", "authenticity",
					 "matrix_version", "skjold", NULL};
static const char *const bool_fields[] = {"critical_service", "psd2_psp", "trust_service", NULL};

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

#define VIEW_ACCESS(kind, arr, n, derived)                                                               \
	static size_t count_##kind(const struct orgview *v) { return v->n; }                              \
	static const char *id_##kind(const struct orgview *v, size_t i) { return v->arr[i].id; }          \
	static json_t *item_##kind(const struct orgview *v, size_t i)                                     \
	{                                                                                                 \
		json_t *o = json_of_##kind(&v->arr[i]);                                                   \
		derived;                                                                                  \
		return o;                                                                                 \
	}

VIEW_ACCESS(node, nodes, nnodes, json_add_node_derived(o, v, i))
VIEW_ACCESS(threat, threats, nthreats, (void)0)
VIEW_ACCESS(risk, risks, nrisks, json_add_risk_derived(o, v, i))
VIEW_ACCESS(measure, measures, nmeasures, json_add_measure_derived(o, v, i))
VIEW_ACCESS(change, changes, nstored_changes, (void)0)

static size_t count_edge(const struct orgview *v) { return v->nedges; }
static json_t *item_edge(const struct orgview *v, size_t i) { return json_of_edge(&v->edges[i]); }
static const char *id_edge(const struct orgview *v, size_t i)
{
	(void)v;
	(void)i;
	return NULL;
}

static int put_node(struct writer *w, const char *o, const void *x, struct errinfo *e) { return edit_node_put(w, o, x, e); }
static int put_edge(struct writer *w, const char *o, const void *x, struct errinfo *e) { return edit_edge_put(w, o, x, e); }
static int put_threat(struct writer *w, const char *o, const void *x, struct errinfo *e) { return edit_threat_put(w, o, x, e); }
static int put_risk(struct writer *w, const char *o, const void *x, struct errinfo *e) { return edit_risk_put(w, o, x, e); }
static int put_measure(struct writer *w, const char *o, const void *x, struct errinfo *e) { return edit_measure_put(w, o, x, e); }
static int put_change(struct writer *w, const char *o, const void *x, struct errinfo *e) { return edit_change_put(w, o, x, e); }

static const struct objkind kinds[] = {
	{"node", sizeof(struct node), (void *)json_io_node, put_node, edit_node_delete, count_node, item_node, id_node,
	 "--id ID --kind process|service|system|infrastructure|supplier|external --name TEXT [--owner TEXT]\n"
	 "  [--description TEXT] [--criticality Lav|Medium|Høj|Kritisk] [--critical-service true|false]\n"
	 "  [--personal-data none|ordinary|sensitive] [--rto-minutes N] [--rpo-minutes N]\n"
	 "  [--last-assessed YYYY-MM-DD] [--override.level LEVEL --override.reason TEXT]\n"},
	{"edge", sizeof(struct edge), (void *)json_io_edge, put_edge, NULL, count_edge, item_edge, id_edge,
	 "--from ID --to ID [--type runs_on|uses|integrates_with|supplied_by|hosted_at] [--group NAME]\n"
	 "  (edges of one node that share a group are alternatives: it needs one of them)\n"},
	{"threat", sizeof(struct threat), (void *)json_io_threat, put_threat, edit_threat_delete, count_threat,
	 item_threat, id_threat,
	 "--id ID --name TEXT [--name-en TEXT] [--category TEXT] [--description TEXT]\n"
	 "  [--threat-level 1..4 --level-source CFCS|SAMSIK|KommuneCERT|ENISA|… --level-date YYYY-MM-DD]\n"},
	{"risk", sizeof(struct risk), (void *)json_io_risk, put_risk, edit_risk_delete, count_risk, item_risk, id_risk,
	 "--id ID --node ID --threat ID --assessed-on YYYY-MM-DD --threat-level 1..4 --resilience 1..4\n"
	 "  --consequence.availability 1..4 --consequence.confidentiality 1..4 --consequence.integrity 1..4\n"
	 "  --consequence.authenticity 1..4 [--likelihood 1..4 (default: the suggestion)] [--title TEXT]\n"
	 "  [--assessor TEXT] [--owner TEXT] [--residual.likelihood N --residual.consequence.availability N …]\n"
	 "  [--decision none|mitigate|accept|transfer|avoid] [--acceptance.approver TEXT\n"
	 "  --acceptance.approver-role system_owner|head_of_department|it_management|director|board\n"
	 "  --acceptance.approved-on DATE --acceptance.expires DATE] [--note TEXT]\n"},
	{"measure", sizeof(struct measure), (void *)json_io_measure, put_measure, edit_measure_delete, count_measure,
	 item_measure, id_measure,
	 "--id ID --risk ID --title TEXT [--kind technical|procedural|organisational|awareness|continuity]\n"
	 "  [--owner TEXT] [--due YYYY-MM-DD] [--status planned|started|done|cancelled] [--description TEXT]\n"
	 "  [--effect.rating not_evaluated|ineffective|partial|effective --effect.evaluated-on DATE\n"
	 "  --effect.note TEXT]\n"},
	{"change", sizeof(struct change), (void *)json_io_change, put_change, edit_change_delete, count_change,
	 item_change, id_change,
	 "--id ID --node ID --date YYYY-MM-DD [--kind change|incident|threat] [--description TEXT]\n"
	 "  (a major change or incident on a node makes its and its dependents' review due)\n"},
};

static int usage(const struct objkind *k)
{
	printf("usage: skjold %s add|update --org ORG %s"
	       "       skjold %s show ID --org ORG\n"
	       "       skjold %s list --org ORG [--FIELD VALUE …]   (filter on any field, derived ones too)\n"
	       "       skjold %s delete ID --org ORG\n"
	       "Options may also come as one object: --json '{…}' or --file FILE.\n",
	       k->name, k->fields, k->name, k->name, k->name);
	if (!strcmp(k->name, "node"))
		printf("       skjold node carry-forward ID --org ORG [--note TEXT]\n"
		       "         (record a Lav node's review as unchanged, seed 003 §3)\n");
	return 0;
}

/* Find an object in the view by id (or from/to for edges); -1 when absent. */
static long find(const struct orgview *v, const struct objkind *k, const char *id, const char *from, const char *to)
{
	size_t n = k->count(v);
	for (size_t i = 0; i < n; i++) {
		if (from) {
			if (!strcmp(v->edges[i].from, from) && !strcmp(v->edges[i].to, to))
				return (long)i;
		} else if (!strcmp(k->id(v, i), id)) {
			return (long)i;
		}
	}
	return -1;
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

static int do_list(struct cli *c, const struct objkind *k, struct orgview *v)
{
	json_t *arr = json_array();
	size_t n = k->count(v);
	/* A filter on a field no object has is a typo, not an empty answer. */
	bool *seen = xcalloc((size_t)c->nopt + 1, sizeof *seen);
	for (size_t i = 0; i < n; i++) {
		json_t *item = k->item(v, i);
		for (int f = 0; f < c->nopt; f++)
			seen[f] |= json_object_get(item, c->opt[f].name) != NULL;
		if (matches(c, item))
			json_array_append(arr, item);
		json_decref(item);
	}
	int rc = 0;
	for (int f = 0; f < c->nopt && !rc; f++) {
		if (strcmp(c->opt[f].name, "org") && n && !seen[f]) {
			char flag[160];
			snprintf(flag, sizeof flag, "--%s", c->opt[f].name);
			rc = err_set(&c->e, ERR_INVALID, flag, "no %s has a field '%s' to filter on", k->name,
				     c->opt[f].name);
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
				return err_set(&c->e, ERR_INVALID, "--json", "not valid JSON: %s (column %d)", je.text,
					       je.column);
			}
		}
		if (!json_is_object(given)) {
			json_decref(given);
			json_decref(obj);
			return err_set(&c->e, ERR_INVALID, "--json", "must be a JSON object");
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

static int object_put(struct cli *c, const struct objkind *k, const char *org, bool update)
{
	/* Only an update reads the stored object first; orgview_free is safe on a zeroed view. */
	struct orgview v;
	memset(&v, 0, sizeof v);
	int rc = update ? orgview_load(&v, c->st, org, c->today, &c->e) : 0;
	if (rc)
		return rc;
	json_t *base = NULL;
	const char *id = c->npos > 2 ? c->pos[2] : NULL;
	if (update) {
		const char *from = NULL, *to = NULL;
		if (!strcmp(k->name, "edge")) {
			from = cli_get(c, "from");
			to = cli_get(c, "to");
			if (!from || !to)
				rc = err_set(&c->e, ERR_INVALID, "--from", "give --from and --to of the edge to update");
		} else if (!id) {
			id = cli_get(c, "id");
			if (!id)
				rc = err_set(&c->e, ERR_INVALID, "id", "give the id of the %s to update", k->name);
		}
		long i = rc ? -1 : find(&v, k, id, from, to);
		if (!rc && i < 0)
			rc = err_set(&c->e, ERR_NOTFOUND, "id", "no %s '%s' in %s", k->name, from ? from : id, org);
		if (!rc) {
			base = k->item(&v, (size_t)i);
			if (from) {
				json_object_set_new(base, "from", json_string(from));
				json_object_set_new(base, "to", json_string(to));
			}
		}
	} else if (id) {
		base = json_pack("{ss}", "id", id);
	}
	json_t *obj = NULL;
	if (!rc)
		rc = build_object(c, base, &obj);
	json_decref(base);
	void *x = arena_alloc(&c->a, k->size);
	/* an update's base carries derived fields; the parser accepts and ignores them */
	if (!rc)
		rc = k->parse(obj, "", &c->a, x, &c->e);
	struct writer w = cli_writer(c);
	if (!rc)
		rc = k->put(&w, org, x, &c->e);
	orgview_free(&v);
	if (rc) {
		json_decref(obj);
		return rc;
	}
	/* Show the object as stored, with its derived fields. */
	if ((rc = orgview_load(&v, c->st, org, c->today, &c->e))) {
		json_decref(obj);
		return rc;
	}
	const char *oid = json_string_value(json_object_get(obj, "id"));
	long i = find(&v, k, oid, json_string_value(json_object_get(obj, "from")),
		      json_string_value(json_object_get(obj, "to")));
	json_decref(obj);
	json_t *out = i >= 0 ? k->item(&v, (size_t)i) : json_object();
	orgview_free(&v);
	return cli_print(out);
}

static int object_show(struct cli *c, const struct objkind *k, const char *org)
{
	const char *id = c->npos > 2 ? c->pos[2] : cli_get(c, "id");
	const char *from = NULL, *to = NULL;
	if (!strcmp(k->name, "edge")) {
		from = cli_get(c, "from");
		to = cli_get(c, "to");
		if (!from || !to)
			return err_set(&c->e, ERR_INVALID, "--from", "give --from and --to");
	} else if (!id) {
		return err_set(&c->e, ERR_INVALID, "id", "give the id of the %s", k->name);
	}
	int rc = cli_check_unused(c);
	if (rc)
		return rc;
	struct orgview v;
	if ((rc = orgview_load(&v, c->st, org, c->today, &c->e)))
		return rc;
	long i = find(&v, k, id, from, to);
	if (i < 0) {
		orgview_free(&v);
		return err_set(&c->e, ERR_NOTFOUND, "id", "no %s '%s' in %s", k->name, from ? from : id, org);
	}
	json_t *out = k->item(&v, (size_t)i);
	orgview_free(&v);
	return cli_print(out);
}

static int object_delete(struct cli *c, const struct objkind *k, const char *org)
{
	struct writer w = cli_writer(c);
	if (!strcmp(k->name, "edge")) {
		const char *from = cli_get(c, "from"), *to = cli_get(c, "to");
		if (!from || !to)
			return err_set(&c->e, ERR_INVALID, "--from", "give --from and --to of the edge to delete");
		int rc = cli_check_unused(c);
		if (!rc)
			rc = edit_edge_delete(&w, org, from, to, &c->e);
		return rc ? rc : cli_print(json_pack("{sbss++}", "deleted", 1, "edge", from, " -> ", to));
	}
	const char *id = c->npos > 2 ? c->pos[2] : cli_get(c, "id");
	if (!id)
		return err_set(&c->e, ERR_INVALID, "id", "give the id of the %s to delete", k->name);
	int rc = cli_check_unused(c);
	if (!rc)
		rc = k->del(&w, org, id, &c->e);
	return rc ? rc : cli_print(json_pack("{sbss}", "deleted", 1, k->name, id));
}

/* skjold org add|update|show|list|delete */
static int org_command(struct cli *c, const char *verb)
{
	static const char *const help =
		"usage: skjold org add --id ID --name TEXT --kind KIND [--cvr 8 digits] [--lei LEI]\n"
		"         [--entity.nis2 essential|important|none] [--entity.dora false|TYPE]\n"
		"         [--entity.psd2-psp true|false] [--risk-appetite Lav|Medium|Høj|Kritisk]\n"
		"         [--working-hours.start HH:MM --working-hours.end HH:MM] [--procedure-reviewed-on DATE]\n"
		"       skjold org update ID [fields…]\n"
		"       skjold org show ID | list | delete ID\n"
		"KIND: bank, mortgage_institution, payment_institution, emoney_institution, payment_system,\n"
		"      data_centre, insurer, municipality, authority, supplier, other\n";
	if (c->help || !verb)
		return cli_usage(help);
	int rc = cli_open(c);
	if (rc)
		return rc;
	struct writer w = cli_writer(c);
	const char *id = c->npos > 2 ? c->pos[2] : NULL;
	if (!strcmp(verb, "list")) {
		if ((rc = cli_check_unused(c)))
			return rc;
		struct org *orgs;
		size_t n;
		if ((rc = store_org_list(c->st, &c->a, &orgs, &n, &c->e)))
			return rc;
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, json_of_org(&orgs[i]));
		return cli_print(arr);
	}
	if (!strcmp(verb, "show") || !strcmp(verb, "delete")) {
		if (!id)
			return err_set(&c->e, ERR_INVALID, "id", "give the organisation's id");
		if ((rc = cli_check_unused(c)))
			return rc;
		if (!strcmp(verb, "delete")) {
			rc = edit_org_delete(&w, id, &c->e);
			return rc ? rc : cli_print(json_pack("{sbss}", "deleted", 1, "organisation", id));
		}
		struct org o;
		if ((rc = store_org_get(c->st, id, &c->a, &o, &c->e)))
			return rc;
		return cli_print(json_of_org(&o));
	}
	if (strcmp(verb, "add") && strcmp(verb, "update"))
		return err_set(&c->e, ERR_INVALID, verb, "unknown org command '%s' (add, update, show, list, delete)", verb);
	json_t *base = NULL;
	if (!strcmp(verb, "update")) {
		if (!id)
			return err_set(&c->e, ERR_INVALID, "id", "give the id of the organisation to update");
		struct org o;
		if ((rc = store_org_get(c->st, id, &c->a, &o, &c->e)))
			return rc;
		base = json_of_org(&o);
	} else {
		struct org o;
		struct errinfo nf = {0};
		const char *new_id = id ? id : cli_get(c, "id");
		if (new_id && store_org_get(c->st, new_id, &c->a, &o, &nf) == 0)
			return err_set(&c->e, ERR_CONFLICT, "id", "organisation '%s' exists; use org update", new_id);
		if (new_id)
			base = json_pack("{ss}", "id", new_id);
	}
	json_t *obj;
	rc = build_object(c, base, &obj);
	json_decref(base);
	if (rc)
		return rc;
	struct org o;
	rc = json_io_org(obj, "", &c->a, &o, &c->e);
	json_decref(obj);
	if (!rc && !strcmp(verb, "update") && strcmp(o.id, id))
		rc = err_set(&c->e, ERR_INVALID, "id", "an organisation's id cannot change");
	if (!rc)
		rc = edit_org_put(&w, &o, &c->e);
	return rc ? rc : cli_print(json_of_org(&o));
}

int cmd_object(struct cli *c, const char *name)
{
	const char *verb = c->npos > 1 ? c->pos[1] : NULL;
	if (!strcmp(name, "org"))
		return org_command(c, verb);
	const struct objkind *k = NULL;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (!strcmp(kinds[i].name, name))
			k = &kinds[i];
	ASSERT(k);
	if (c->help || !verb)
		return usage(k);
	const char *org;
	int rc = cli_org(c, &org);
	if (rc || (rc = cli_open(c)))
		return rc;
	if (!strcmp(verb, "list")) {
		struct orgview v;
		if ((rc = orgview_load(&v, c->st, org, c->today, &c->e)))
			return rc;
		rc = do_list(c, k, &v);
		orgview_free(&v);
		return rc;
	}
	if (!strcmp(verb, "show"))
		return object_show(c, k, org);
	if (!strcmp(verb, "add"))
		return object_put(c, k, org, false);
	if (!strcmp(verb, "update"))
		return object_put(c, k, org, true);
	if (!strcmp(verb, "delete"))
		return object_delete(c, k, org);
	if (!strcmp(verb, "carry-forward") && !strcmp(name, "node")) {
		const char *id = c->npos > 2 ? c->pos[2] : NULL;
		const char *note = cli_get(c, "note");
		if (!id)
			return err_set(&c->e, ERR_INVALID, "id", "give the node's id");
		if ((rc = cli_check_unused(c)))
			return rc;
		struct writer w = cli_writer(c);
		rc = edit_node_carry_forward(&w, org, id, note, &c->e);
		return rc ? rc : object_show(c, k, org);
	}
	return err_set(&c->e, ERR_INVALID, verb, "unknown %s command '%s' (add, update, show, list, delete)", name, verb);
}
