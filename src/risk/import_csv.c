/*
 * import_csv.c — nodes, edges and risks from spreadsheets (docs/orgdoc.md).
 *
 * One pass, one transaction: each row is checked and written; the first bad
 * row rolls the whole file back, so the database is as it was.  Nodes and
 * edges take a direct path (these files reach millions of rows); risks go
 * through the document's own validation and the audited writer, row by row.
 * Edge endpoints are checked against the organisation's node ids, read once
 * into a hash map, so a bulk load needs no per-row query for references.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "csv.h"
#include "date.h"
#include "import.h"
#include "json_io.h"
#include "jsonx.h"
#include "limit.h"
#include "strmap.h"

enum col_type { COL_STR, COL_INT, COL_BOOL };

struct col {
	const char *name;
	enum col_type type;
};

static const struct col node_cols[] = {
	{"org", COL_STR}, {"id", COL_STR}, {"kind", COL_STR}, {"name", COL_STR}, {"owner", COL_STR},
	{"description", COL_STR}, {"criticality", COL_STR}, {"critical_service", COL_BOOL},
	{"personal_data", COL_STR}, {"rto_minutes", COL_INT}, {"rpo_minutes", COL_INT}, {"last_assessed", COL_STR},
	{NULL, 0}};
static const struct col edge_cols[] = {{"org", COL_STR}, {"from", COL_STR}, {"to", COL_STR}, {"type", COL_STR},
				       {"group", COL_STR}, {NULL, 0}};
static const struct col risk_cols[] = {
	{"org", COL_STR}, {"id", COL_STR}, {"node", COL_STR}, {"threat", COL_STR}, {"title", COL_STR},
	{"description", COL_STR}, {"assessed_on", COL_STR}, {"assessor", COL_STR}, {"owner", COL_STR},
	{"threat_level", COL_INT}, {"resilience", COL_INT}, {"likelihood", COL_INT},
	{"consequence.availability", COL_INT}, {"consequence.confidentiality", COL_INT},
	{"consequence.integrity", COL_INT}, {"consequence.authenticity", COL_INT}, {"residual.likelihood", COL_INT},
	{"residual.consequence.availability", COL_INT}, {"residual.consequence.confidentiality", COL_INT},
	{"residual.consequence.integrity", COL_INT}, {"residual.consequence.authenticity", COL_INT},
	{"decision", COL_STR}, {"note", COL_STR}, {NULL, 0}};

#define MAXCOLS 32

struct layout {
	const struct col *cols;
	int at[MAXCOLS]; /* field index of column i in the file, -1 when absent */
};

static int col_index(const struct layout *l, const char *name)
{
	for (int i = 0; l->cols[i].name; i++)
		if (strcmp(l->cols[i].name, name) == 0)
			return l->at[i];
	return -1;
}

/* The field of the current row for a named column, NULL when absent or empty. */
static const char *field(const struct csv *c, const struct layout *l, const char *name)
{
	int i = col_index(l, name);
	if (i < 0 || (size_t)i >= c->nfields || c->field_len[i] == 0)
		return NULL;
	return c->fields[i];
}

static int read_header(struct csv *c, struct layout *l, const char *org, const char *const *required,
		       struct errinfo *e)
{
	int rc = csv_next_row(c, e);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_setm(e, ERR_INVALID, "row 1", "csv.empty", NULL);
	for (int i = 0; i < MAXCOLS; i++)
		l->at[i] = -1;
	for (size_t f = 0; f < c->nfields; f++) {
		char *name = c->fields[f];
		/* tolerate spaces around header names and Danish Excel's capitalisation */
		while (*name == ' ')
			name++;
		size_t n = strlen(name);
		while (n && name[n - 1] == ' ')
			name[--n] = 0;
		int found = -1;
		for (int i = 0; l->cols[i].name; i++)
			if (strcasecmp(l->cols[i].name, name) == 0)
				found = i;
		if (found < 0)
			return err_setm(e, ERR_INVALID, "row 1", "csv.unknown_column", "name", name, "column",
					err_num((char[24]){0}, (long long)(f + 1)), NULL);
		if (l->at[found] >= 0)
			return err_setm(e, ERR_INVALID, "row 1", "csv.column_twice", "name", name, NULL);
		l->at[found] = (int)f;
	}
	for (const char *const *r = required; *r; r++)
		if (col_index(l, *r) < 0)
			return err_setm(e, ERR_INVALID, "row 1", "csv.missing_column", "name", *r, NULL);
	if (!org && col_index(l, "org") < 0)
		return err_setm(e, ERR_INVALID, "--org", "csv.org", NULL);
	return 0;
}

/* ERR_INVALID naming the row and column col of the current row: code with {key} (col) and {value}. */
static int bad(const struct csv *c, const char *col, struct errinfo *e, const char *code, const char *value)
{
	char where[128];
	snprintf(where, sizeof where, "row %zu, %s", c->row, col);
	return err_setm(e, ERR_INVALID, where, code, "key", col, "value", value, NULL);
}

/* The current row's text s of column col at most max bytes (limit.h); an id also without control characters. */
static int bounded(const struct csv *c, const char *col, const char *s, size_t max, struct errinfo *e)
{
	char where[128];
	if (!s)
		return 0;
	snprintf(where, sizeof where, "row %zu, %s", c->row, col);
	return max == LIMIT_ID ? limit_id(s, strlen(s), where, col, e) : limit_text(s, strlen(s), max, where, col, e);
}

static int parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"true", "ja", "yes", "1", "x", NULL};
	static const char *const no[] = {"false", "nej", "no", "0", NULL};
	for (const char *const *y = yes; *y; y++)
		if (strcasecmp(s, *y) == 0)
			return (*out = true), 0;
	for (const char *const *n = no; *n; n++)
		if (strcasecmp(s, *n) == 0)
			return (*out = false), 0;
	return ERR_INVALID;
}

static int parse_int(const char *s, long min, long max, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || *end || v < min || v > max)
		return ERR_INVALID;
	*out = (int)v;
	return 0;
}

/* Every organisation the file touches, with its row count for the audit entry. */
struct touched {
	struct strmap index;
	struct arena a;
	const char **ids;
	size_t *rows;
	size_t n, cap;
};

static int touch(struct writer *w, struct touched *t, const char *org, size_t *slot, struct errinfo *e)
{
	long i = strmap_get(&t->index, org, strlen(org));
	if (i < 0) {
		struct org o;
		int rc = store_org_get(w->st, org, w->a, &o, e);
		if (rc)
			return rc;
		if (t->n == t->cap) {
			t->cap = t->cap ? 2 * t->cap : 8;
			t->ids = xrealloc(t->ids, sizeof *t->ids * t->cap);
			t->rows = xrealloc(t->rows, sizeof *t->rows * t->cap);
		}
		t->ids[t->n] = arena_strdup(&t->a, org);
		t->rows[t->n] = 0;
		strmap_put(&t->index, t->ids[t->n], strlen(org), (uint32_t)t->n);
		i = (long)t->n++;
	}
	t->rows[i]++;
	*slot = (size_t)i;
	return 0;
}

static int node_row(struct writer *w, struct csv *c, const struct layout *l, const char *org, struct errinfo *e)
{
	struct node x;
	memset(&x, 0, sizeof x);
	x.rto_minutes = x.rpo_minutes = -1;
	x.last_assessed = DATE_NONE;
	const char *s;
	x.id = field(c, l, "id");
	x.name = field(c, l, "name");
	if (!x.id)
		return bad(c, "id", e, "input.required", NULL);
	if (!x.name)
		return bad(c, "name", e, "input.required", NULL);
	x.owner = field(c, l, "owner");
	x.description = field(c, l, "description");
	int rc;
	if ((rc = bounded(c, "id", x.id, LIMIT_ID, e)) || (rc = bounded(c, "name", x.name, LIMIT_NAME, e)) ||
	    (rc = bounded(c, "owner", x.owner, LIMIT_NAME, e)) ||
	    (rc = bounded(c, "description", x.description, LIMIT_TEXT, e)))
		return rc;
	int k = node_kind_parse(field(c, l, "kind"));
	if (k < 0)
		return bad(c, "kind", e, "csv.node_kind", field(c, l, "kind"));
	x.kind = (enum node_kind)k;
	if ((s = field(c, l, "criticality")) && level_parse(s, &x.criticality))
		return bad(c, "criticality", e, "csv.criticality", s);
	if ((s = field(c, l, "critical_service")) && parse_bool(s, &x.critical_service))
		return bad(c, "critical_service", e, "csv.boolean", s);
	if ((s = field(c, l, "personal_data"))) {
		int p = pdata_parse(s);
		if (p < 0)
			return bad(c, "personal_data", e, "csv.personal_data", s);
		x.personal_data = (enum pdata)p;
	}
	if ((s = field(c, l, "rto_minutes")) && parse_int(s, 0, 5256000, &x.rto_minutes))
		return bad(c, "rto_minutes", e, "csv.minutes", s);
	if ((s = field(c, l, "rpo_minutes")) && parse_int(s, 0, 5256000, &x.rpo_minutes))
		return bad(c, "rpo_minutes", e, "csv.minutes", s);
	if ((s = field(c, l, "last_assessed")) && date_parse(s, &x.last_assessed))
		return bad(c, "last_assessed", e, "csv.date", s);
	return store_node_put(w->st, org, &x, e);
}

/* Node ids of the organisations an edge file touches: "org\nid" keys. */
struct idset {
	struct strmap map;
	struct arena a;
	const char *org;
};

static void add_id(void *ctx, const char *id, size_t len)
{
	struct idset *s = ctx;
	const char *key = arena_printf(&s->a, "%s\n%.*s", s->org, (int)len, id);
	strmap_put(&s->map, key, strlen(key), 0);
}

/* Is "org\nid" in the set?  Built without printf: this runs for every edge of a bulk load. */
static bool known_node(const struct idset *ids, const char *org, const char *id)
{
	char key[300];
	size_t no = strlen(org), ni = strlen(id);
	if (no + ni + 1 > sizeof key)
		return false;
	memcpy(key, org, no);
	key[no] = '\n';
	memcpy(key + no + 1, id, ni);
	return strmap_get(&ids->map, key, no + ni + 1) >= 0;
}

static int edge_row(struct writer *w, struct csv *c, const struct layout *l, const char *org, struct idset *ids,
		    bool first_of_org, struct errinfo *e)
{
	if (first_of_org) {
		ids->org = org;
		int rc = store_node_ids(w->st, org, add_id, ids, e);
		if (rc)
			return rc;
	}
	struct edge x;
	memset(&x, 0, sizeof x);
	x.from = field(c, l, "from");
	x.to = field(c, l, "to");
	x.group = field(c, l, "group");
	x.type = EDGE_USES;
	if (!x.from)
		return bad(c, "from", e, "input.required", NULL);
	if (!x.to)
		return bad(c, "to", e, "input.required", NULL);
	int rc;
	if ((rc = bounded(c, "from", x.from, LIMIT_ID, e)) || (rc = bounded(c, "to", x.to, LIMIT_ID, e)) ||
	    (rc = bounded(c, "group", x.group, LIMIT_NAME, e)))
		return rc;
	if (strcmp(x.from, x.to) == 0)
		return bad(c, "to", e, "csv.self_edge", x.to);
	const char *s = field(c, l, "type");
	if (s) {
		int t = edge_type_parse(s);
		if (t < 0)
			return bad(c, "type", e, "csv.edge_type", s);
		x.type = (enum edge_type)t;
	}
	if (!known_node(ids, org, x.from))
		return bad(c, "from", e, "csv.no_node", x.from);
	if (!known_node(ids, org, x.to))
		return bad(c, "to", e, "csv.no_node", x.to);
	return store_edge_put(w->st, org, &x, e);
}

/* A risk row becomes the document's JSON object, so it is validated exactly as an import is. */
static int risk_row(struct writer *w, struct csv *c, const struct layout *l, const char *org, struct errinfo *e)
{
	json_t *o = json_object();
	for (int i = 0; l->cols[i].name; i++) {
		const char *name = l->cols[i].name, *s = field(c, l, name);
		if (!s || strcmp(name, "org") == 0)
			continue;
		json_t *v;
		int n;
		if (l->cols[i].type == COL_INT) {
			if (parse_int(s, 0, 1000000, &n)) {
				json_decref(o);
				return bad(c, name, e, "csv.number", s);
			}
			v = json_integer(n);
		} else {
			v = json_string(s);
		}
		/* "residual.consequence.availability" nests */
		json_t *parent = o;
		char path[128];
		snprintf(path, sizeof path, "%s", name);
		char *part = path, *dot;
		while ((dot = strchr(part, '.'))) {
			*dot = 0;
			json_t *child = json_object_get(parent, part);
			if (!child) {
				child = json_object();
				json_object_set_new(parent, part, child);
			}
			parent = child;
			part = dot + 1;
		}
		json_object_set_new(parent, part, v);
	}
	struct risk x;
	char where[64];
	snprintf(where, sizeof where, "row %zu", c->row);
	int rc = json_io_risk(o, where, w->a, &x, e);
	if (!rc)
		rc = edit_risk_put(w, org, &x, e);
	if (rc && e->field[0] && strncmp(e->field, "row ", 4) != 0) {
		char f[256];
		snprintf(f, sizeof f, "%s.%s", where, e->field);
		snprintf(e->field, sizeof e->field, "%s", f);
	}
	json_decref(o);
	return rc;
}

int import_csv(struct writer *w, enum csv_kind kind, const char *org, const char *data, size_t len,
	       json_t **summary, struct errinfo *e)
{
	static const char *const node_req[] = {"id", "kind", "name", NULL};
	static const char *const edge_req[] = {"from", "to", NULL};
	static const char *const risk_req[] = {"id", "node", "threat", "assessed_on", NULL};
	struct layout l = {.cols = kind == CSV_NODES ? node_cols : kind == CSV_EDGES ? edge_cols : risk_cols};
	struct csv c;
	struct touched t;
	struct idset ids;
	memset(&t, 0, sizeof t);
	memset(&ids, 0, sizeof ids);
	arena_init(&t.a);
	arena_init(&ids.a);
	strmap_init(&t.index, 8);
	strmap_init(&ids.map, kind == CSV_EDGES ? 1024 : 1);
	csv_init(&c, data, len);
	*summary = NULL;
	int rc = read_header(&c, &l, org, kind == CSV_NODES ? node_req : kind == CSV_EDGES ? edge_req : risk_req, e);
	/* all or nothing: a bulk load, also for risks, whose rows edit_risk_put checks one by one */
	if (!rc)
		rc = store_bulk_begin(w->st, e);
	if (rc)
		goto out;
	if (kind == CSV_RISKS)
		edit_keep_rules(w); /* the file changes no organisation's rules */
	int r;
	while ((r = csv_next_row(&c, e)) == 1) {
		const char *row_org = org ? org : field(&c, &l, "org");
		if (!row_org) {
			rc = bad(&c, "org", e, "input.required", NULL);
			break;
		}
		size_t slot, before = t.n;
		if ((rc = touch(w, &t, row_org, &slot, e))) {
			if (rc == ERR_NOTFOUND) {
				err_clear(e);
				rc = bad(&c, "org", e, "csv.no_org", row_org);
			}
			break;
		}
		row_org = t.ids[slot];
		if (kind == CSV_NODES)
			rc = node_row(w, &c, &l, row_org, e);
		else if (kind == CSV_EDGES)
			rc = edge_row(w, &c, &l, row_org, &ids, t.n > before, e);
		else
			rc = risk_row(w, &c, &l, row_org, e);
		if (rc)
			break;
	}
	if (!rc && r < 0)
		rc = r;
	/* One audit entry per organisation: what was loaded and a digest of the file. */
	unsigned char digest[32];
	char hex[65];
	crypto_generichash(digest, 32, (const unsigned char *)data, len, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, digest, 32);
	static const char *const kinds[] = {"nodes", "edges", "risks"};
	for (size_t i = 0; i < t.n && !rc; i++) {
		const char *after = arena_printf(w->a, "{\"file_blake2b\":\"%s\",\"kind\":\"%s\",\"rows\":%zu}", hex,
						 kinds[kind], t.rows[i]);
		rc = audit_record(w->st, w->actor, w->now_ms, "import_csv", kinds[kind], t.ids[i], NULL, NULL, after, e);
	}
	edit_drop_rules(w);
	int rc2 = store_bulk_end(w->st, rc == 0, e);
	if (!rc)
		rc = rc2;
	if (!rc) {
		*summary = json_object();
		jx_set_str(*summary, "kind", kinds[kind]);
		json_t *per = json_object();
		size_t total = 0;
		for (size_t i = 0; i < t.n; i++) {
			json_object_set_new(per, t.ids[i], json_integer((json_int_t)t.rows[i]));
			total += t.rows[i];
		}
		jx_set_int(*summary, "rows", (long long)total);
		json_object_set_new(*summary, "organisations", per);
	}
out:
	csv_free(&c);
	strmap_free(&t.index);
	strmap_free(&ids.map);
	arena_free(&t.a);
	arena_free(&ids.a);
	free(t.ids);
	free(t.rows);
	return rc;
}
