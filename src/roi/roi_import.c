/*
 * roi_import.c — a package's tables back into a register document, and the
 * map objects it needs (roi.h).
 *
 * The inverse of roi_tables.c for what skjold writes, so export → import →
 * export gives the same tables: what export derives (a provider's total,
 * a function's RTO in hours, its assessment date) comes back as the
 * register's explicit value.  Providers and functions already in the
 * register keep their nodes (matched by code and by function identifier);
 * a new function takes the map's one process or service of its name, and
 * what is still new becomes supplier nodes "ict-{code}" and process nodes
 * named by the function identifier.  A subcontracting chain (B_05.02, rank > 1)
 * becomes supplied_by edges, and each function an arrangement supports a
 * "uses" edge to the provider, so the map sees what the register says.
 */
#include "roi.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "jsonx.h"
#include "limit.h"
#include "model.h"
#include "orgview.h"
#include "roi_codes.h"

extern const char *const roi_definition_keys[19];

struct imp {
	const struct xc_report *r;
	const struct orgview *v;
	json_t *old;      /* the stored register (borrowed) */
	json_t *doc, *nodes, *edges;
	const char *lei;
	const char *currency;
	struct errinfo *e;
};

static const struct xc_table *tab(const struct xc_report *r, const char *code)
{
	for (size_t i = 0; i < r->m->ntables; i++)
		if (!strcmp(r->tables[i].def->code, code))
			return &r->tables[i];
	return NULL;
}

static void set_str(json_t *o, const char *key, const char *v)
{
	if (v)
		json_object_set_new(o, key, json_string(v));
}

/* The key of an EBA member, set on o when present. */
static void set_key(json_t *o, const char *key, enum roi_list l, const char *v)
{
	const char *k = v ? roi_code_key(l, v) : NULL;
	if (k)
		json_object_set_new(o, key, json_string(k));
}

static void set_num(json_t *o, const char *key, const char *v)
{
	if (!v)
		return;
	char *end;
	double d = strtod(v, &end);
	if (*end)
		return;
	if (strchr(v, '.'))
		json_object_set_new(o, key, json_real(d));
	else
		json_object_set_new(o, key, json_integer(strtoll(v, NULL, 10)));
}

/* The cell's error: code, with the cell's value (at most 80 bytes) as the parameter value. */
static int bad(struct imp *m, const char *table, size_t row, const char *col, const char *code, const char *v)
{
	char f[64], value[81];
	snprintf(f, sizeof f, "%s row %zu %s", table, row + 1, col);
	snprintf(value, sizeof value, "%s", v ? v : "");
	return err_setm(m->e, ERR_INVALID, f, code, "value", value, NULL);
}

static json_t *find(json_t *list, const char *key, const char *value)
{
	size_t i;
	json_t *x;
	json_array_foreach(list, i, x)
	{
		const char *s = json_string_value(json_object_get(x, key));
		if (s && value && !strcmp(s, value))
			return x;
	}
	return NULL;
}

static bool node_known(struct imp *m, const char *id)
{
	return orgview_node(m->v, id) >= 0 || find(m->nodes, "id", id);
}

static void add_node(struct imp *m, const char *id, const char *kind, const char *name)
{
	if (node_known(m, id))
		return;
	json_t *n = json_pack("{s:s, s:s, s:s}", "id", id, "kind", kind, "name", name ? name : id);
	ASSERT(n);
	json_array_append_new(m->nodes, n);
}

static bool edge_known(struct imp *m, const char *from, const char *to)
{
	for (size_t i = 0; i < m->v->nedges; i++)
		if (!strcmp(m->v->edges[i].from, from) && !strcmp(m->v->edges[i].to, to))
			return true;
	size_t i;
	json_t *x;
	json_array_foreach(m->edges, i, x) if (!strcmp(json_string_value(json_object_get(x, "from")), from) &&
					       !strcmp(json_string_value(json_object_get(x, "to")), to)) return true;
	return false;
}

static void add_edge(struct imp *m, const char *from, const char *to, const char *type)
{
	if (!strcmp(from, to) || edge_known(m, from, to))
		return;
	json_t *x = json_pack("{s:s, s:s, s:s}", "from", from, "to", to, "type", type);
	ASSERT(x);
	json_array_append_new(m->edges, x);
}

static int entities(struct imp *m)
{
	const struct xc_table *t = tab(m->r, "B_01.01");
	const char *lei = t && t->nrows ? xc_cell(t, 0, "c0010") : NULL;
	if (!m->lei)
		return err_setm(m->e, ERR_INVALID, "organisation.lei", "roi.import.no_lei", "lei", lei ? lei : "?", NULL);
	if (!lei || strcmp(lei, m->lei))
		return bad(m, "B_01.01", 0, "c0010", lei ? "roi.import.other_entity" : "roi.import.no_entity_lei", lei);
	set_key(m->doc, "country", ROI_COUNTRY, xc_cell(t, 0, "c0030"));
	set_key(m->doc, "entity_type", ROI_ENTITY_TYPE, xc_cell(t, 0, "c0040"));
	t = tab(m->r, "B_01.02");
	json_t *list = json_array();
	for (size_t i = 0; t && i < t->nrows; i++) {
		const char *l = xc_cell(t, i, "c0010");
		bool own = l && !strcmp(l, m->lei);
		json_t *o = own ? m->doc : json_object();
		if (!own) {
			set_str(o, "lei", l);
			set_str(o, "name", xc_cell(t, i, "c0020"));
			set_key(o, "country", ROI_COUNTRY, xc_cell(t, i, "c0030"));
			set_key(o, "entity_type", ROI_ENTITY_TYPE, xc_cell(t, i, "c0040"));
		}
		set_key(o, "hierarchy", ROI_HIERARCHY, xc_cell(t, i, "c0050"));
		const char *parent = xc_cell(t, i, "c0060");
		if (parent && (!l || strcmp(parent, l)))
			set_str(o, "parent_lei", parent);
		set_str(o, "updated_on", xc_cell(t, i, "c0070"));
		set_str(o, "integrated_on", xc_cell(t, i, "c0080"));
		const char *del = xc_cell(t, i, "c0090");
		if (!own && del && strcmp(del, "9999-12-31"))
			set_str(o, "deleted_on", del);
		const char *cur = xc_cell(t, i, "c0100");
		if (own)
			set_key(o, "currency", ROI_CURRENCY, cur);
		else if (cur && roi_code_key(ROI_CURRENCY, cur) && (!m->currency || strcmp(roi_code_key(ROI_CURRENCY, cur), m->currency)))
			set_key(o, "currency", ROI_CURRENCY, cur);
		set_num(o, "total_assets", xc_cell(t, i, "c0110"));
		if (!own)
			json_array_append_new(list, o);
		else
			m->currency = json_string_value(json_object_get(m->doc, "currency"));
	}
	if (json_array_size(list))
		json_object_set(m->doc, "entities", list);
	json_decref(list);
	t = tab(m->r, "B_01.03");
	list = json_array();
	for (size_t i = 0; t && i < t->nrows; i++) {
		json_t *o = json_object();
		set_str(o, "id", xc_cell(t, i, "c0010"));
		set_str(o, "name", xc_cell(t, i, "c0030"));
		set_key(o, "country", ROI_COUNTRY, xc_cell(t, i, "c0040"));
		const char *h = xc_cell(t, i, "c0020");
		if (h && strcmp(h, m->lei))
			set_str(o, "head_office_lei", h);
		json_array_append_new(list, o);
	}
	if (json_array_size(list))
		json_object_set(m->doc, "branches", list);
	json_decref(list);
	return 0;
}

/* The node of a provider code: the register's own, else "ict-{code}" (lower case, [a-z0-9-]). */
static const char *provider_node(struct imp *m, const char *code, char *buf, size_t cap)
{
	json_t *p = find(json_object_get(m->old, "providers"), "code", code);
	const char *n = p ? json_string_value(json_object_get(p, "node")) : NULL;
	if (n && orgview_node(m->v, n) >= 0)
		return n;
	size_t k = (size_t)snprintf(buf, cap, "ict-");
	for (const char *s = code; *s && k + 1 < cap; s++)
		buf[k++] = isalnum((unsigned char)*s) ? (char)tolower((unsigned char)*s) : '-';
	buf[k] = 0;
	return buf;
}

static int providers(struct imp *m, json_t *list)
{
	const struct xc_table *t = tab(m->r, "B_05.01");
	for (size_t i = 0; t && i < t->nrows; i++) {
		const char *code = xc_cell(t, i, "c0010");
		if (!code)
			return bad(m, "B_05.01", i, "c0010", "roi.import.provider_no_code", NULL);
		if (strlen(code) > LIMIT_ID - 4)
			return bad(m, "B_05.01", i, "c0010", "roi.import.provider_code_long", code);
		char buf[LIMIT_ID + 1];
		const char *node = provider_node(m, code, buf, sizeof buf);
		long existing = orgview_node(m->v, node);
		if (existing >= 0 && m->v->nodes[existing].kind != NODE_SUPPLIER)
			return bad(m, "B_05.01", i, "c0010", "roi.import.not_supplier", node);
		add_node(m, node, "supplier", xc_cell(t, i, "c0050"));
		json_t *o = json_object();
		set_str(o, "node", node);
		set_str(o, "code", code);
		set_key(o, "code_type", ROI_CODE_TYPE, xc_cell(t, i, "c0020"));
		set_str(o, "additional_code", xc_cell(t, i, "c0030"));
		set_key(o, "additional_code_type", ROI_CODE_TYPE, xc_cell(t, i, "c0040"));
		set_str(o, "legal_name", xc_cell(t, i, "c0050"));
		set_str(o, "latin_name", xc_cell(t, i, "c0060"));
		set_key(o, "person_type", ROI_PERSON_TYPE, xc_cell(t, i, "c0070"));
		set_key(o, "country", ROI_COUNTRY, xc_cell(t, i, "c0080"));
		const char *cur = xc_cell(t, i, "c0090");
		if (cur && roi_code_key(ROI_CURRENCY, cur) && (!m->currency || strcmp(roi_code_key(ROI_CURRENCY, cur), m->currency)))
			set_key(o, "currency", ROI_CURRENCY, cur);
		set_num(o, "annual_expense", xc_cell(t, i, "c0100"));
		set_str(o, "parent_code", xc_cell(t, i, "c0110"));
		set_key(o, "parent_code_type", ROI_CODE_TYPE, xc_cell(t, i, "c0120"));
		json_array_append_new(list, o);
	}
	return 0;
}

/* The one process or service of the map named name (the function's name, B_06.01.0030), else NULL. */
static const char *node_named(const struct orgview *v, const char *name)
{
	const char *found = NULL;
	for (size_t k = 0; name && k < v->nnodes; k++) {
		const struct node *nd = &v->nodes[k];
		if ((nd->kind == NODE_PROCESS || nd->kind == NODE_SERVICE) && nd->name && !strcmp(nd->name, name)) {
			if (found)
				return NULL; /* two of that name: the identifier decides */
			found = nd->id;
		}
	}
	return found;
}

static int functions(struct imp *m, json_t *list)
{
	const struct xc_table *t = tab(m->r, "B_06.01");
	for (size_t i = 0; t && i < t->nrows; i++) {
		const char *id = xc_cell(t, i, "c0010");
		if (!id || limit_id(id, strlen(id), "c0010", "function identifier", m->e))
			return bad(m, "B_06.01", i, "c0010", id ? "roi.import.function_id" : "roi.import.function_id_empty", id);
		json_t *f = find(json_object_get(m->old, "functions"), "id", id);
		const char *node = f ? json_string_value(json_object_get(f, "node")) : NULL;
		if (!node || orgview_node(m->v, node) < 0)
			node = node_named(m->v, xc_cell(t, i, "c0030"));
		if (!node)
			node = id;
		long n = orgview_node(m->v, node);
		if (n >= 0 && m->v->nodes[n].kind != NODE_PROCESS && m->v->nodes[n].kind != NODE_SERVICE)
			return bad(m, "B_06.01", i, "c0010", "roi.import.not_process", id);
		add_node(m, node, "process", xc_cell(t, i, "c0030"));
		json_t *o = json_object();
		set_str(o, "node", node);
		set_str(o, "id", id);
		set_key(o, "licensed_activity", ROI_LICENSED_ACTIVITY, xc_cell(t, i, "c0020"));
		const char *l = xc_cell(t, i, "c0040");
		if (l && strcmp(l, m->lei))
			set_str(o, "lei", l);
		set_key(o, "assessment", ROI_ASSESSMENT, xc_cell(t, i, "c0050"));
		set_str(o, "reasons", xc_cell(t, i, "c0060"));
		set_str(o, "assessed_on", xc_cell(t, i, "c0070"));
		set_num(o, "rto_hours", xc_cell(t, i, "c0080"));
		set_num(o, "rpo_hours", xc_cell(t, i, "c0090"));
		set_key(o, "impact", ROI_IMPACT, xc_cell(t, i, "c0100"));
		json_array_append_new(list, o);
	}
	return 0;
}

static const char *node_of_code(json_t *providers_list, const char *code)
{
	json_t *p = find(providers_list, "code", code);
	return p ? json_string_value(json_object_get(p, "node")) : NULL;
}

/* The service of type in arrangement a, made when missing. */
static json_t *service(json_t *a, const char *type)
{
	json_t *l = json_object_get(a, "services");
	if (!l) {
		l = json_array();
		json_object_set_new(a, "services", l);
	}
	json_t *s = find(l, "type", type);
	if (!s) {
		s = json_pack("{s:s}", "type", type);
		ASSERT(s);
		json_array_append_new(l, s);
	}
	return s;
}

static void append_unique(json_t *o, const char *key, const char *v)
{
	json_t *l = json_object_get(o, key);
	if (!l) {
		l = json_array();
		json_object_set_new(o, key, l);
	}
	size_t i;
	json_t *x;
	json_array_foreach(l, i, x) if (!strcmp(json_string_value(x), v)) return;
	json_array_append_new(l, json_string(v));
}

static int arrangements(struct imp *m, json_t *list, json_t *provs, json_t *fns)
{
	const struct xc_table *t = tab(m->r, "B_02.01");
	for (size_t i = 0; t && i < t->nrows; i++) {
		json_t *o = json_object();
		set_str(o, "ref", xc_cell(t, i, "c0010"));
		set_key(o, "type", ROI_ARRANGEMENT_TYPE, xc_cell(t, i, "c0020"));
		set_str(o, "overarching", xc_cell(t, i, "c0030"));
		set_key(o, "currency", ROI_CURRENCY, xc_cell(t, i, "c0040"));
		set_num(o, "annual_cost", xc_cell(t, i, "c0050"));
		json_array_append_new(list, o);
	}
	static const char *const signer[][2] = {{"B_03.02", "c0020"}, {"B_03.03", "c0020"}};
	for (int k = 0; k < 2; k++) {
		t = tab(m->r, signer[k][0]);
		for (size_t i = 0; t && i < t->nrows; i++) {
			json_t *a = find(list, "ref", xc_cell(t, i, "c0010"));
			const char *v = xc_cell(t, i, signer[k][1]);
			const char *node = node_of_code(provs, v);
			if (!a || !node)
				return bad(m, signer[k][0], i, signer[k][1],
					   v ? "roi.import.no_signer" : "roi.import.no_signer_empty", v);
			set_str(a, "provider", node);
			if (k == 1)
				json_object_set_new(a, "intra_group", json_true());
		}
	}
	t = tab(m->r, "B_02.03");
	for (size_t i = 0; t && i < t->nrows; i++) {
		json_t *a = find(list, "ref", xc_cell(t, i, "c0010"));
		if (a && xc_cell(t, i, "c0020"))
			append_unique(a, "linked", xc_cell(t, i, "c0020"));
	}
	t = tab(m->r, "B_03.01");
	for (size_t i = 0; t && i < t->nrows; i++) {
		json_t *a = find(list, "ref", xc_cell(t, i, "c0010"));
		if (a && xc_cell(t, i, "c0020"))
			append_unique(a, "signed_by", xc_cell(t, i, "c0020"));
	}
	t = tab(m->r, "B_04.01");
	for (size_t i = 0; t && i < t->nrows; i++) {
		json_t *a = find(list, "ref", xc_cell(t, i, "c0010"));
		if (!a)
			continue;
		json_t *u = json_object_get(a, "used_by");
		if (!u) {
			u = json_array();
			json_object_set_new(a, "used_by", u);
		}
		json_t *o = json_object();
		set_str(o, "lei", xc_cell(t, i, "c0020"));
		set_str(o, "branch", xc_cell(t, i, "c0040"));
		json_array_append_new(u, o);
	}
	/* the defaults export writes: signed and used by the organisation alone */
	size_t i;
	json_t *a;
	json_array_foreach(list, i, a)
	{
		json_t *s = json_object_get(a, "signed_by");
		if (json_array_size(s) == 1 && !strcmp(json_string_value(json_array_get(s, 0)), m->lei))
			json_object_del(a, "signed_by");
		json_t *u = json_object_get(a, "used_by");
		if (json_array_size(u) == 1 && json_object_size(json_array_get(u, 0)) == 1 &&
		    !strcmp(json_string_value(json_object_get(json_array_get(u, 0), "lei")), m->lei))
			json_object_del(a, "used_by");
	}
	t = tab(m->r, "B_02.02");
	for (size_t r = 0; t && r < t->nrows; r++) {
		a = find(list, "ref", xc_cell(t, r, "c0010"));
		const char *type = roi_code_key(ROI_SERVICE_TYPE, xc_cell(t, r, "c0060") ? xc_cell(t, r, "c0060") : "");
		json_t *f = find(fns, "id", xc_cell(t, r, "c0050"));
		if (!a || !type || !f)
			return bad(m, "B_02.02", r, !a ? "c0010" : !type ? "c0060" : "c0050",
				   "roi.import.no_service_function", NULL);
		set_str(a, "start", xc_cell(t, r, "c0070"));
		const char *end = xc_cell(t, r, "c0080");
		if (end && strcmp(end, "9999-12-31"))
			set_str(a, "end", end);
		set_key(a, "termination_reason", ROI_TERMINATION, xc_cell(t, r, "c0090"));
		set_num(a, "notice_entity_days", xc_cell(t, r, "c0100"));
		set_num(a, "notice_provider_days", xc_cell(t, r, "c0110"));
		set_key(a, "governing_law", ROI_COUNTRY, xc_cell(t, r, "c0120"));
		json_t *s = service(a, type);
		const char *fnode = json_string_value(json_object_get(f, "node"));
		append_unique(s, "functions", fnode);
		set_key(s, "provision_country", ROI_COUNTRY, xc_cell(t, r, "c0130"));
		const char *st = xc_cell(t, r, "c0140");
		if (st && roi_code_key(ROI_BINARY, st))
			json_object_set_new(s, "storage", json_boolean(!strcmp(roi_code_key(ROI_BINARY, st), "yes")));
		set_key(s, "storage_country", ROI_COUNTRY, xc_cell(t, r, "c0150"));
		set_key(s, "processing_country", ROI_COUNTRY, xc_cell(t, r, "c0160"));
		set_key(s, "sensitiveness", ROI_SENSITIVENESS, xc_cell(t, r, "c0170"));
		set_key(s, "reliance", ROI_RELIANCE, xc_cell(t, r, "c0180"));
		const char *pnode = json_string_value(json_object_get(a, "provider"));
		if (pnode)
			add_edge(m, fnode, pnode, "uses");
	}
	t = tab(m->r, "B_07.01");
	for (size_t r = 0; t && r < t->nrows; r++) {
		a = find(list, "ref", xc_cell(t, r, "c0010"));
		const char *type = roi_code_key(ROI_SERVICE_TYPE, xc_cell(t, r, "c0040") ? xc_cell(t, r, "c0040") : "");
		if (!a || !type)
			return bad(m, "B_07.01", r, !a ? "c0010" : "c0040", "roi.import.no_service", NULL);
		json_t *s = service(a, type);
		set_key(s, "substitutability", ROI_SUBSTITUTABILITY, xc_cell(t, r, "c0050"));
		set_key(s, "not_substitutable_reason", ROI_NOT_SUBST_REASON, xc_cell(t, r, "c0060"));
		set_str(s, "last_audit", xc_cell(t, r, "c0070"));
		const char *ex = xc_cell(t, r, "c0080");
		if (ex && roi_code_key(ROI_BINARY, ex))
			json_object_set_new(s, "exit_plan", json_boolean(!strcmp(roi_code_key(ROI_BINARY, ex), "yes")));
		set_key(s, "reintegration", ROI_REINTEGRATION, xc_cell(t, r, "c0090"));
		set_key(s, "impact", ROI_IMPACT, xc_cell(t, r, "c0100"));
		set_key(s, "alternatives", ROI_ASSESSMENT, xc_cell(t, r, "c0110"));
		set_str(s, "alternative_providers", xc_cell(t, r, "c0120"));
	}
	/* subcontracting chains: the recipient is supplied by the subcontractor */
	t = tab(m->r, "B_05.02");
	for (size_t r = 0; t && r < t->nrows; r++) {
		const char *rec = xc_cell(t, r, "c0060");
		if (!rec)
			continue;
		const char *from = node_of_code(provs, rec), *to = node_of_code(provs, xc_cell(t, r, "c0030"));
		if (!from || !to)
			return bad(m, "B_05.02", r, !from ? "c0060" : "c0030", "roi.import.no_provider", NULL);
		add_edge(m, from, to, "supplied_by");
	}
	return 0;
}

int roi_from_report(const struct xc_report *r, const struct orgview *v, json_t *stored, json_t **doc, json_t **nodes,
		    json_t **edges, struct errinfo *e)
{
	*doc = *nodes = *edges = NULL;
	struct imp m = {.r = r, .v = v, .old = stored, .doc = json_object(), .nodes = json_array(),
			.edges = json_array(), .lei = v->org.lei, .e = e};
	int rc = entities(&m);
	json_t *provs = json_array(), *fns = json_array(), *arrs = json_array();
	if (!rc)
		rc = providers(&m, provs);
	if (!rc)
		rc = functions(&m, fns);
	if (!rc)
		rc = arrangements(&m, arrs, provs, fns);
	if (!rc) {
		const struct xc_table *t = tab(r, "B_99.01");
		if (t && t->nrows) {
			json_t *d = json_object();
			for (int i = 0; i < 19; i++)
				set_str(d, roi_definition_keys[i], xc_cell(t, 0, t->def->cols[i]));
			json_object_set_new(m.doc, "definitions", d);
		}
		if (json_array_size(provs))
			json_object_set(m.doc, "providers", provs);
		if (json_array_size(fns))
			json_object_set(m.doc, "functions", fns);
		if (json_array_size(arrs))
			json_object_set(m.doc, "arrangements", arrs);
		const char *level = xc_report_get_param(r, "entityID");
		if (level && strlen(level) > 4 && !strcmp(level + strlen(level) - 4, ".IND"))
			json_object_set_new(m.doc, "level", json_string("IND"));
	}
	json_decref(provs);
	json_decref(fns);
	json_decref(arrs);
	if (rc) {
		json_decref(m.doc);
		json_decref(m.nodes);
		json_decref(m.edges);
		return rc;
	}
	*doc = m.doc;
	*nodes = m.nodes;
	*edges = m.edges;
	return 0;
}
