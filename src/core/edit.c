/*
 * edit.c — audited writes.
 *
 * The pattern of every call: begin; read "before" (absent for a new
 * object); check; write; audit_record(before, after); commit — and on any
 * error roll back, so the database is exactly as it was.
 */
#include "edit.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "date.h"
#include "json_io.h"
#include "jsonx.h"
#include "limit.h"
#include "orgview.h"
#include "risk.h"

/* Commit when rc is 0, else roll back; returns rc (or the commit's error). */
static int finish(struct writer *w, int rc, struct errinfo *e)
{
	if (rc) {
		store_rollback(w->st);
		return rc;
	}
	return store_commit(w->st, e);
}

static const char *dump_or_null(json_t *j, struct arena *a)
{
	if (!j)
		return NULL;
	const char *s = jx_dump(j, a);
	json_decref(j);
	return s;
}

static int record(struct writer *w, const char *action, const char *entity, const char *org, const char *key,
		  const char *before, const char *after, struct errinfo *e)
{
	return audit_record(w->st, w->actor, w->now_ms, action, entity, org, key, before, after, e);
}

/* ERR_INVALID naming field when the referenced object is missing. */
static int need(int rc, const char *field, struct errinfo *e)
{
	/* a missing organisation stays an error about --org, not about the field */
	if (rc == ERR_NOTFOUND && strcmp(e->field, "--org") != 0) {
		/* the store's message, now about the field */
		e->code = ERR_INVALID;
		snprintf(e->field, sizeof e->field, "%s", field);
		return ERR_INVALID;
	}
	return rc;
}

int edit_org_put(struct writer *w, const struct org *x, struct errinfo *e)
{
	int rc = store_begin(w->st, e);
	if (rc)
		return rc;
	struct org old;
	const char *before = NULL;
	struct errinfo ignore = {0};
	bool existed = store_org_get(w->st, x->id, w->a, &old, &ignore) == 0;
	if (existed)
		before = dump_or_null(json_of_org(&old), w->a);
	rc = store_org_put(w->st, x, e);
	if (!rc && !existed) {
		/* Every organisation scores under a versioned matrix: version 1 is the default in force today. */
		struct risk_tables t;
		rc = risk_tables_defaults(&t, w->a, e);
		if (!rc) {
			json_t *cells = risk_matrix_json(t.matrix);
			struct matrix_version mv = {.version = 1, .created_on = w->today, .cells = jx_dump(cells, w->a)};
			json_decref(cells);
			rc = store_matrix_add(w->st, x->id, &mv, e);
		}
	}
	if (!rc)
		rc = record(w, existed ? "update" : "create", "organisation", x->id, x->id, before,
			    dump_or_null(json_of_org(x), w->a), e);
	return finish(w, rc, e);
}

int edit_org_delete(struct writer *w, const char *id, struct errinfo *e)
{
	int rc = store_begin(w->st, e);
	if (rc)
		return rc;
	struct orgview v;
	rc = orgview_load(&v, w->st, id, w->today, e);
	if (rc)
		return finish(w, rc, e);
	const char *before = dump_or_null(orgdoc_export(&v), w->a);
	orgview_free(&v);
	rc = store_org_delete(w->st, id, e);
	/* for good, unlike an import's replace: nobody keeps a role in it or a token for it */
	if (!rc)
		rc = store_org_access_purge(w->st, id, e);
	if (!rc)
		rc = record(w, "delete", "organisation", id, id, before, NULL, e);
	return finish(w, rc, e);
}

/*
 * put for the objects keyed by one id: get the old one for "before", write,
 * record.  json_of turns either into JSON.
 */
#define EDIT_PUT(kind, entity_name)                                                                           \
	static int put_##kind(struct writer *w, const char *org, const struct kind *x, struct errinfo *e)    \
	{                                                                                                     \
		struct kind old;                                                                              \
		struct errinfo nf = {0};                                                                      \
		int got = store_##kind##_get(w->st, org, x->id, w->a, &old, &nf);                             \
		if (got && got != ERR_NOTFOUND) {                                                             \
			*e = nf;                                                                              \
			return got;                                                                           \
		}                                                                                             \
		const char *before = got ? NULL : dump_or_null(json_of_##kind(&old), w->a);                 \
		int rc = store_##kind##_put(w->st, org, x, e);                                                \
		if (!rc)                                                                                      \
			rc = record(w, got ? "create" : "update", entity_name, org, x->id, before,            \
				    dump_or_null(json_of_##kind(x), w->a), e);                                \
		return rc;                                                                                    \
	}                                                                                                     \
	static int delete_##kind(struct writer *w, const char *org, const char *id, struct errinfo *e)       \
	{                                                                                                     \
		struct kind old;                                                                              \
		int rc = store_##kind##_get(w->st, org, id, w->a, &old, e);                                   \
		if (!rc)                                                                                      \
			rc = store_##kind##_delete(w->st, org, id, e);                                        \
		if (!rc)                                                                                      \
			rc = record(w, "delete", entity_name, org, id, dump_or_null(json_of_##kind(&old), w->a), \
				    NULL, e);                                                                 \
		return rc;                                                                                    \
	}

EDIT_PUT(node, "node")
EDIT_PUT(threat, "threat")
EDIT_PUT(risk, "risk")
EDIT_PUT(measure, "measure")
EDIT_PUT(change, "change")

int edit_node_put(struct writer *w, const char *org, const struct node *x, struct errinfo *e)
{
	int rc = store_begin(w->st, e);
	if (!rc)
		rc = put_node(w, org, x, e);
	return finish(w, rc, e);
}

/* A list of what still refers to an object, for the refusal message. */
static int refused(const char *what, const char *id, const char *refs, struct errinfo *e)
{
	return err_setm(e, ERR_CONFLICT, "id", "edit.referred", "what", what, "id", id, "refs", refs, NULL);
}

int edit_node_delete(struct writer *w, const char *org, const char *id, struct errinfo *e)
{
	int rc = store_begin(w->st, e);
	if (rc)
		return rc;
	struct edge *edges;
	struct risk *risks;
	struct change *changes;
	struct incident_node_ref *incs;
	size_t ne, nr, nc, ni;
	if ((rc = store_edge_list(w->st, org, w->a, &edges, &ne, e)) ||
	    (rc = store_risk_list(w->st, org, w->a, &risks, &nr, e)) ||
	    (rc = store_change_list(w->st, org, w->a, &changes, &nc, e)) ||
	    (rc = store_incident_nodes(w->st, org, w->a, &incs, &ni, e)))
		return finish(w, rc, e);
	for (size_t i = 0; i < ni && !rc; i++)
		if (!strcmp(incs[i].node, id))
			rc = refused("node", id, arena_printf(w->a, "incident %s", incs[i].incident), e);
	for (size_t i = 0; i < ne && !rc; i++)
		if (!strcmp(edges[i].from, id) || !strcmp(edges[i].to, id))
			rc = refused("node", id, arena_printf(w->a, "edge %s -> %s", edges[i].from, edges[i].to), e);
	for (size_t i = 0; i < nr && !rc; i++)
		if (!strcmp(risks[i].node, id))
			rc = refused("node", id, arena_printf(w->a, "risk %s", risks[i].id), e);
	for (size_t i = 0; i < nc && !rc; i++)
		if (!strcmp(changes[i].node, id))
			rc = refused("node", id, arena_printf(w->a, "change %s", changes[i].id), e);
	if (!rc)
		rc = delete_node(w, org, id, e);
	return finish(w, rc, e);
}

int edit_edge_put(struct writer *w, const char *org, const struct edge *x, struct errinfo *e)
{
	int rc = store_begin(w->st, e);
	if (rc)
		return rc;
	struct node n;
	struct edge old;
	const char *key = arena_printf(w->a, "%s -> %s", x->from, x->to);
	const char *before = NULL;
	if ((rc = need(store_node_get(w->st, org, x->from, w->a, &n, e), "from", e)) ||
	    (rc = need(store_node_get(w->st, org, x->to, w->a, &n, e), "to", e)))
		return finish(w, rc, e);
	struct errinfo nf = {0};
	if (store_edge_get(w->st, org, x->from, x->to, w->a, &old, &nf) == 0)
		before = dump_or_null(json_of_edge(&old), w->a);
	rc = store_edge_put(w->st, org, x, e);
	if (!rc)
		rc = record(w, before ? "update" : "create", "edge", org, key, before,
			    dump_or_null(json_of_edge(x), w->a), e);
	return finish(w, rc, e);
}

int edit_edge_delete(struct writer *w, const char *org, const char *from, const char *to, struct errinfo *e)
{
	int rc = store_begin(w->st, e);
	if (rc)
		return rc;
	struct edge old;
	rc = store_edge_get(w->st, org, from, to, w->a, &old, e);
	if (!rc)
		rc = store_edge_delete(w->st, org, from, to, e);
	if (!rc)
		rc = record(w, "delete", "edge", org, arena_printf(w->a, "%s -> %s", from, to),
			    dump_or_null(json_of_edge(&old), w->a), NULL, e);
	return finish(w, rc, e);
}

int edit_threat_put(struct writer *w, const char *org, const struct threat *x, struct errinfo *e)
{
	int rc = store_begin(w->st, e);
	if (!rc)
		rc = put_threat(w, org, x, e);
	return finish(w, rc, e);
}

int edit_threat_delete(struct writer *w, const char *org, const char *id, struct errinfo *e)
{
	int rc = store_begin(w->st, e);
	if (rc)
		return rc;
	struct risk *risks;
	size_t nr;
	rc = store_risk_list(w->st, org, w->a, &risks, &nr, e);
	for (size_t i = 0; i < nr && !rc; i++)
		if (!strcmp(risks[i].threat, id))
			rc = refused("threat", id, arena_printf(w->a, "risk %s", risks[i].id), e);
	if (!rc)
		rc = delete_threat(w, org, id, e);
	return finish(w, rc, e);
}

/* The acceptance must come from the role figure 4.3.1 (and the appetite) requires. */
static int check_acceptance(const struct orgview *v, const struct risk *x, struct errinfo *e)
{
	if (x->decision != DECISION_ACCEPT || !x->accept_approver)
		return 0;
	struct risk_eval re;
	risk_evaluate(&v->tables, orgview_matrix(v, x->matrix_version), v->org.risk_appetite, x, NULL, 0,
		      x->accept_on, &re);
	if (x->accept_role < re.required_approver)
		return err_setm(e, ERR_INVALID, "acceptance.approver_role",
				re.above_appetite ? "edit.approver_above_appetite" : "edit.approver", "level",
				level_name(re.residual), "required", approver_role_name(re.required_approver), "given",
				approver_role_name(x->accept_role), NULL);
	return 0;
}

int edit_risk_put(struct writer *w, const char *org, const struct risk *in, struct errinfo *e)
{
	int rc = store_begin(w->st, e);
	if (rc)
		return rc;
	struct risk x = *in;
	struct node n;
	struct threat t;
	if ((rc = need(store_node_get(w->st, org, x.node, w->a, &n, e), "node", e)) ||
	    (rc = need(store_threat_get(w->st, org, x.threat, w->a, &t, e), "threat", e)))
		return finish(w, rc, e);
	struct orgview own, *v = &own;
	if (w->rules && w->rules->org.id && !strcmp(w->rules->org.id, org)) {
		v = w->rules; /* kept (edit_keep_rules) */
	} else {
		if (w->rules) {
			if (w->rules->org.id)
				orgview_free(w->rules);
			v = w->rules;
		}
		if ((rc = orgview_load_rules(v, w->st, org, e)))
			return finish(w, rc, e);
	}
	if (!x.matrix_version)
		x.matrix_version = v->current_matrix;
	bool known = false;
	for (size_t i = 0; i < v->nmatrices; i++)
		known |= v->matrices[i].version == x.matrix_version;
	if (!known)
		rc = err_setm(e, ERR_INVALID, "matrix_version", "edit.no_matrix", "version", err_num((char[24]){0},
			      (long long)(x.matrix_version)), NULL);
	if (!rc)
		rc = check_acceptance(v, &x, e);
	if (v == &own)
		orgview_free(&own);
	if (!rc)
		rc = put_risk(w, org, &x, e);
	return finish(w, rc, e);
}

void edit_keep_rules(struct writer *w)
{
	w->rules = xcalloc(1, sizeof *w->rules); /* none read yet: org.id NULL */
}

void edit_drop_rules(struct writer *w)
{
	if (!w->rules)
		return;
	if (w->rules->org.id)
		orgview_free(w->rules);
	free(w->rules);
	w->rules = NULL;
}

int edit_risk_delete(struct writer *w, const char *org, const char *id, struct errinfo *e)
{
	int rc = store_begin(w->st, e);
	if (rc)
		return rc;
	struct measure *ms;
	size_t nm;
	rc = store_measure_list(w->st, org, w->a, &ms, &nm, e);
	for (size_t i = 0; i < nm && !rc; i++)
		if (!strcmp(ms[i].risk, id))
			rc = refused("risk", id, arena_printf(w->a, "measure %s", ms[i].id), e);
	if (!rc)
		rc = delete_risk(w, org, id, e);
	return finish(w, rc, e);
}

int edit_measure_put(struct writer *w, const char *org, const struct measure *x, struct errinfo *e)
{
	int rc = store_begin(w->st, e);
	if (rc)
		return rc;
	struct risk r;
	rc = need(store_risk_get(w->st, org, x->risk, w->a, &r, e), "risk", e);
	if (!rc)
		rc = put_measure(w, org, x, e);
	return finish(w, rc, e);
}

int edit_change_put(struct writer *w, const char *org, const struct change *x, struct errinfo *e)
{
	int rc = store_begin(w->st, e);
	if (rc)
		return rc;
	struct node n;
	rc = need(store_node_get(w->st, org, x->node, w->a, &n, e), "node", e);
	if (!rc)
		rc = put_change(w, org, x, e);
	return finish(w, rc, e);
}

int edit_measure_delete(struct writer *w, const char *org, const char *id, struct errinfo *e)
{
	int rc = store_begin(w->st, e);
	if (!rc)
		rc = delete_measure(w, org, id, e);
	return finish(w, rc, e);
}

int edit_change_delete(struct writer *w, const char *org, const char *id, struct errinfo *e)
{
	int rc = store_begin(w->st, e);
	if (!rc)
		rc = delete_change(w, org, id, e);
	return finish(w, rc, e);
}

int edit_table_put(struct writer *w, const char *org, const char *name, json_t *table, struct errinfo *e)
{
	struct risk_tables t;
	int rc = risk_tables_defaults(&t, w->a, e);
	if (!rc)
		rc = risk_tables_apply(&t, name, table, name, w->a, e);
	if (rc)
		return rc;
	if ((rc = store_begin(w->st, e)))
		return rc;
	const char *before = NULL;
	rc = store_table_get(w->st, org, name, w->a, &before, e);
	/* Store the canonical form, so the table reads back exactly as export writes it. */
	json_t *canon = risk_tables_json(&t, name);
	const char *after = dump_or_null(canon, w->a);
	if (!rc)
		rc = store_table_put(w->st, org, name, after, e);
	if (!rc)
		rc = record(w, before ? "update" : "create", "table", org, name, before, after, e);
	return finish(w, rc, e);
}

int edit_matrix_put(struct writer *w, const char *org, json_t *cells, int *version, struct errinfo *e)
{
	enum level m[4][4];
	int rc = risk_matrix_parse(cells, "matrix", m, e);
	if (rc || (rc = store_begin(w->st, e)))
		return rc;
	struct matrix_version *mv;
	size_t n;
	rc = store_matrix_list(w->st, org, w->a, &mv, &n, e);
	if (rc)
		return finish(w, rc, e);
	json_t *canon = risk_matrix_json(m);
	const char *text = dump_or_null(canon, w->a);
	if (n && strcmp(mv[n - 1].cells, text) == 0) {
		*version = mv[n - 1].version;
		return finish(w, 0, e);
	}
	struct matrix_version add = {.version = n ? mv[n - 1].version + 1 : 1, .created_on = w->today, .cells = text};
	rc = store_matrix_add(w->st, org, &add, e);
	if (!rc)
		rc = record(w, "create", "matrix", org, arena_printf(w->a, "%d", add.version),
			    n ? mv[n - 1].cells : NULL, text, e);
	*version = add.version;
	return finish(w, rc, e);
}

int edit_node_carry_forward(struct writer *w, const char *org, const char *id, const char *note, struct errinfo *e)
{
	int rc = note ? limit_text(note, strlen(note), LIMIT_TEXT, "note", "note", e) : 0;
	if (rc || (rc = store_begin(w->st, e)))
		return rc;
	struct orgview v;
	if ((rc = orgview_load(&v, w->st, org, w->today, e)))
		return finish(w, rc, e);
	long i = orgview_node(&v, id);
	if (i < 0)
		rc = err_setm(e, ERR_NOTFOUND, "id", "edit.no_node", "id", id, NULL);
	else if (v.node_eval[i].level != LEVEL_LAV)
		rc = err_setm(e, ERR_INVALID, "id", "edit.carry_forward", "id", id, "level",
			      level_name(v.node_eval[i].level), NULL);
	else if (v.node_eval[i].trigger != DATE_NONE)
		rc = err_setm(e, ERR_INVALID, "id", "edit.carry_changed", "id", id, "trigger",
			      v.node_eval[i].trigger_id, NULL);
	if (!rc) {
		struct node n = v.nodes[i];
		n.last_assessed = w->today;
		const char *before = dump_or_null(json_of_node(&v.nodes[i]), w->a);
		rc = store_node_put(w->st, org, &n, e);
		if (!rc) {
			json_t *after = json_of_node(&n);
			if (note)
				json_object_set_new(after, "carry_forward_note", json_string(note));
			rc = record(w, "carry_forward", "node", org, id, before, dump_or_null(after, w->a), e);
		}
	}
	orgview_free(&v);
	return finish(w, rc, e);
}
