/*
 * app_object.c — the use cases of the map's objects: list, show, create,
 * replace, merge and delete nodes, edges, threats, risks, measures and
 * changes, and carry a node's review forward.
 *
 * Each write is one transaction, opened before anything is read: the object
 * it reads (to find the stored object, to merge onto it, to compare the
 * caller's version) is the one it writes over, since the store's outermost
 * begin takes the write lock (store.h).  It reads only what the object's
 * derived fields need (orgview_load_one: a risk with the rules and its
 * measures); only a node's need the whole organisation evaluated.  A list
 * loads only the parts its kind reads, and app_objects_item makes its JSON
 * one item at a time, so a page need not make the others.  So two creates of one id
 * give one object and one ERR_CONFLICT, two partial updates of different
 * fields both survive, and of several writers holding one version only the
 * first succeeds.  The object then goes through the same validator as a
 * document import (json_io.c) and the audited edit layer (edit.c), which
 * joins the transaction.
 */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "app_views.h"
#include "app_webhook.h"
#include "json_io.h"
#include "jsonx.h"
#include "orgview.h"

struct kind_ops {
	const char *name;
	size_t size;
	int (*parse)(json_t *j, const char *path, struct arena *a, void *out, struct errinfo *e);
	int (*put)(struct writer *w, const char *org, const void *x, struct errinfo *e);
	size_t (*count)(const struct orgview *v);
	json_t *(*item)(const struct orgview *v, size_t i); /* stored fields + derived */
	const char *(*id)(const struct orgview *v, size_t i);
};

/* The view's accessors and the typed parse and put of each kind keyed by id. */
#define KIND_OPS(kind, arr, n, derived)                                                                       \
	static size_t count_##kind(const struct orgview *v) { return v->n; }                                   \
	static const char *id_##kind(const struct orgview *v, size_t i) { return v->arr[i].id; }               \
	static json_t *item_##kind(const struct orgview *v, size_t i)                                          \
	{                                                                                                      \
		json_t *o = json_of_##kind(&v->arr[i]);                                                        \
		derived;                                                                                       \
		return o;                                                                                      \
	}                                                                                                      \
	static int parse_##kind(json_t *j, const char *path, struct arena *a, void *out, struct errinfo *e)    \
	{                                                                                                      \
		return json_io_##kind(j, path, a, out, e);                                                     \
	}                                                                                                      \
	static int put_##kind(struct writer *w, const char *org, const void *x, struct errinfo *e)            \
	{                                                                                                      \
		return edit_##kind##_put(w, org, x, e);                                                        \
	}

KIND_OPS(node, nodes, nnodes, json_add_node_derived(o, v, i))
KIND_OPS(threat, threats, nthreats, (void)0)
KIND_OPS(risk, risks, nrisks, json_add_risk_derived(o, v, i))
KIND_OPS(measure, measures, nmeasures, json_add_measure_derived(o, v, i))
KIND_OPS(change, changes, nstored_changes, (void)0)

static size_t count_edge(const struct orgview *v) { return v->nedges; }
static json_t *item_edge(const struct orgview *v, size_t i) { return json_of_edge(&v->edges[i]); }
static int parse_edge(json_t *j, const char *path, struct arena *a, void *out, struct errinfo *e)
{
	return json_io_edge(j, path, a, out, e);
}
static int put_edge(struct writer *w, const char *org, const void *x, struct errinfo *e)
{
	return edit_edge_put(w, org, x, e);
}

/* The view's part that holds each kind, indexed by enum app_kind: a node's derived fields need the whole map. */
static const unsigned kind_parts[] = {ORGVIEW_MAP, ORGVIEW_EDGES, ORGVIEW_THREATS, ORGVIEW_RISKS, ORGVIEW_MEASURES,
				      ORGVIEW_CHANGES};

/* Indexed by enum app_kind. */
static const struct kind_ops kinds[] = {
	{"node", sizeof(struct node), parse_node, put_node, count_node, item_node, id_node},
	{"edge", sizeof(struct edge), parse_edge, put_edge, count_edge, item_edge, NULL},
	{"threat", sizeof(struct threat), parse_threat, put_threat, count_threat, item_threat, id_threat},
	{"risk", sizeof(struct risk), parse_risk, put_risk, count_risk, item_risk, id_risk},
	{"measure", sizeof(struct measure), parse_measure, put_measure, count_measure, item_measure, id_measure},
	{"change", sizeof(struct change), parse_change, put_change, count_change, item_change, id_change},
};

int app_kind_parse(const char *name)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (!strcmp(kinds[i].name, name))
			return (int)i;
	return -1;
}

const char *app_kind_name(enum app_kind k) { return kinds[k].name; }

/* Commit when rc is 0, else roll back; returns the outcome. */
static int finish(struct app *x, int rc)
{
	if (rc) {
		store_rollback(x->st);
		return rc;
	}
	return store_commit(x->st, x->e);
}

/* The object's index in the view, or -1. */
static long find(const struct orgview *v, enum app_kind kind, const struct app_ref *ref)
{
	const struct kind_ops *k = &kinds[kind];
	size_t n = k->count(v);
	for (size_t i = 0; i < n; i++) {
		if (kind == APP_EDGE) {
			if (!strcmp(v->edges[i].from, ref->from) && !strcmp(v->edges[i].to, ref->to))
				return (long)i;
		} else if (!strcmp(k->id(v, i), ref->id)) {
			return (long)i;
		}
	}
	return -1;
}

/* The message code of a kind's name ("kind.risk", msg/). */
static const char *kind_code(enum app_kind kind)
{
	static const char *const codes[] = {"kind.node", "kind.edge", "kind.threat", "kind.risk", "kind.measure", "kind.change"};
	return codes[kind];
}

/* The ref must name an object: an id, or both ends of an edge. */
static int check_ref(struct app *x, enum app_kind kind, const struct app_ref *ref)
{
	if (kind == APP_EDGE) {
		if (!ref->from || !*ref->from || !ref->to || !*ref->to)
			return err_setm(x->e, ERR_INVALID, ref->from && *ref->from ? "to" : "from", "object.give_edge", NULL);
		return 0;
	}
	if (!ref->id || !*ref->id)
		return err_setm(x->e, ERR_INVALID, "id", "object.give_id", "@kind", kind_code(kind), NULL);
	return 0;
}

static int not_found(struct app *x, enum app_kind kind, const struct app_ref *ref)
{
	if (kind == APP_EDGE)
		return err_setm(x->e, ERR_NOTFOUND, "id", "object.no_edge", "from", ref->from, "to", ref->to, "org", ref->org,
				NULL);
	return err_setm(x->e, ERR_NOTFOUND, "id", "object.not_found", "@kind", kind_code(kind), "id", ref->id, "org",
			ref->org, NULL);
}

struct app_objects {
	enum app_kind kind;
	const struct orgview *v; /* &own, or a kept view held by ref */
	struct orgview own;      /* only the parts the kind's items read */
	struct app_views *vw;
	struct app_view_ref ref;
};

/*
 * The risks from the server's kept view when it is at the organisation's
 * generation, else read and kept.  Only between transactions: what a
 * transaction reads may yet be rolled back.  The generation is read before
 * and after the load, and a view is kept only when no write came between.
 */
static int open_kept(struct app *x, const char *org, struct app_objects *l)
{
	struct org o;
	int64_t gen0, gen1;
	int rc = store_org_get(x->st, org, x->a, &o, x->e); /* as the load answers a missing organisation */
	if (!rc)
		rc = store_org_generation(x->st, org, &gen0, x->e);
	if (rc)
		return rc;
	if ((l->v = app_views_get(l->vw, org, gen0, x->today, &l->ref)))
		return 0;
	if ((rc = orgview_load_parts(&l->own, x->st, org, x->today, ORGVIEW_RISKS, x->e)))
		return rc;
	struct errinfo ig = {0};
	l->v = store_org_generation(x->st, org, &gen1, &ig) == 0 && gen1 == gen0
		       ? app_views_put(l->vw, org, gen0, x->today, &l->own, &l->ref)
		       : &l->own;
	return 0;
}

int app_objects_open(struct app *x, enum app_kind kind, const char *org, struct app_objects **out)
{
	struct app_objects *l = xcalloc(1, sizeof *l);
	l->kind = kind;
	l->vw = kind == APP_RISK && store_tx_depth(x->st) == 0 ? x->views : NULL;
	int rc = l->vw ? open_kept(x, org, l) : orgview_load_parts(&l->own, x->st, org, x->today, kind_parts[kind], x->e);
	if (rc) {
		free(l);
		return rc;
	}
	if (!l->v)
		l->v = &l->own;
	*out = l;
	return 0;
}

size_t app_objects_count(const struct app_objects *l) { return kinds[l->kind].count(l->v); }

json_t *app_objects_item(const struct app_objects *l, size_t i)
{
	ASSERT(i < app_objects_count(l));
	return kinds[l->kind].item(l->v, i);
}

void app_objects_free(struct app_objects *l)
{
	if (!l)
		return;
	if (l->ref.w)
		app_views_release(l->vw, &l->ref);
	else
		orgview_free(&l->own);
	free(l);
}

int app_object_list(struct app *x, enum app_kind kind, const char *org, json_t **out)
{
	struct app_objects *l;
	int rc = app_objects_open(x, kind, org, &l);
	if (rc)
		return rc;
	json_t *arr = json_array();
	size_t n = app_objects_count(l);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, app_objects_item(l, i));
	app_objects_free(l);
	*out = arr;
	return 0;
}

/* The object from a loaded view (NULL when absent). */
static json_t *view_item(const struct orgview *v, enum app_kind kind, const struct app_ref *ref)
{
	long i = find(v, kind, ref);
	return i < 0 ? NULL : kinds[kind].item(v, (size_t)i);
}

/*
 * The object as GET shows it, with its derived fields, or NULL when absent.
 * Only a node needs the whole organisation evaluated; anything else is read
 * alone (a risk with its rules and measures), so that a write to one risk of
 * thousands reads what it writes over, not the whole map.
 */
static int stored_item(struct app *x, enum app_kind kind, const struct app_ref *ref, json_t **out)
{
	struct orgview v;
	int rc = kind == APP_NODE ? orgview_load(&v, x->st, ref->org, x->today, x->e)
		 : kind == APP_EDGE
			 ? orgview_load_one(&v, x->st, ref->org, x->today, ORGVIEW_EDGES, ref->from, ref->to, x->e)
			 : orgview_load_one(&v, x->st, ref->org, x->today, kind_parts[kind], ref->id, NULL, x->e);
	if (rc)
		return rc;
	*out = view_item(&v, kind, ref);
	orgview_free(&v);
	return 0;
}

int app_object_show(struct app *x, enum app_kind kind, const struct app_ref *ref, json_t **out)
{
	int rc = check_ref(x, kind, ref);
	if (rc || (rc = stored_item(x, kind, ref, out)))
		return rc;
	return *out ? 0 : not_found(x, kind, ref);
}

/* The ref of the object the fields describe, for a create. */
static void ref_of_fields(enum app_kind kind, json_t *fields, const char *org, struct app_ref *ref)
{
	ref->org = org;
	if (kind == APP_EDGE) {
		ref->from = json_string_value(json_object_get(fields, "from"));
		ref->to = json_string_value(json_object_get(fields, "to"));
	} else {
		ref->id = json_string_value(json_object_get(fields, "id"));
	}
}

/* The ref's keys set on obj, refusing fields that name another object. */
static int pin_keys(struct app *x, enum app_kind kind, const struct app_ref *ref, json_t *obj)
{
	static const char *const edge_keys[] = {"from", "to", NULL}, *const id_key[] = {"id", NULL};
	const char *const *keys = kind == APP_EDGE ? edge_keys : id_key;
	for (; *keys; keys++) {
		const char *want = kind == APP_EDGE ? (!strcmp(*keys, "from") ? ref->from : ref->to) : ref->id;
		json_t *given = json_object_get(obj, *keys);
		if (given && !json_is_null(given) && (!json_is_string(given) || strcmp(json_string_value(given), want)))
			return err_setm(x->e, ERR_INVALID, *keys, "object.key_change", "@kind", kind_code(kind), "key", *keys,
					"value", want, NULL);
		json_object_set_new(obj, *keys, json_string(want));
	}
	return 0;
}

/*
 * risk.above_appetite (docs/webhooks.md), in the write's transaction: the
 * risk as now evaluated is above the organisation's appetite and was not
 * before the write (or is new).  A risk has no TLP label: AMBER+STRICT.
 */
static int risk_above_appetite(struct app *x, const char *org, json_t *risk)
{
	struct app_webhook_owner own = {org, NULL};
	if (!app_webhook_wanted(x, &own, WEBHOOK_RISK_ABOVE_APPETITE))
		return 0;
	struct org o;
	int rc = store_org_get(x->st, org, x->a, &o, x->e);
	if (rc)
		return rc;
	static const char *const keys[] = {"id", "title", "node", "threat", "inherent_level", "residual_level", "decision",
					   "owner", "escalate_to"};
	json_t *data = json_object();
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		json_t *v = json_object_get(risk, keys[i]);
		json_object_set(data, !strcmp(keys[i], "id") ? "risk" : keys[i], v ? v : json_null());
	}
	json_object_set_new(data, "risk_appetite", o.risk_appetite ? json_string(level_name(o.risk_appetite)) : json_null());
	rc = app_webhook_emit(x, &own, WEBHOOK_RISK_ABOVE_APPETITE, NULL, NULL, data);
	json_decref(data);
	return rc;
}

/* A risk write, for the server's kept views: the generations around it and the risk as stored. */
struct written {
	bool risk;
	int64_t gen0, gen1;
	struct risk r;
};

/* Write inside the caller's transaction: find, check, build, validate, put, show. */
static int object_write(struct app *x, const struct app_write *w, json_t **out, struct written *wn)
{
	struct app_ref ref = w->ref;
	if (w->mode == APP_CREATE) {
		struct app_ref given;
		ref_of_fields(w->kind, w->fields, ref.org, &given);
		if (w->kind == APP_EDGE ? (!given.from || !given.to) : !given.id) {
			const char *f = w->kind != APP_EDGE ? "id" : given.from ? "to" : "from";
			return err_setm(x->e, ERR_INVALID, f, "input.required", "key", f, NULL);
		}
		ref = given;
	}
	json_t *stored = NULL;
	int rc = check_ref(x, w->kind, &ref);
	if (rc || (rc = stored_item(x, w->kind, &ref, &stored)))
		return rc;
	json_t *obj = NULL;
	bool was_above = json_is_true(json_object_get(stored, "above_appetite"));
	if (w->mode == APP_CREATE && stored) {
		rc = w->kind == APP_EDGE
			     ? err_setm(x->e, ERR_CONFLICT, "to", "object.edge_exists", "from", ref.from, "to", ref.to, NULL)
			     : err_setm(x->e, ERR_CONFLICT, "id", "object.exists", "@kind", kind_code(w->kind), "id", ref.id,
					NULL);
	} else if (w->mode == APP_MERGE && !stored) {
		rc = not_found(x, w->kind, &ref);
	}
	if (!rc)
		rc = app_check_version(x, stored, w->if_version, "object");
	if (!rc) {
		/* a merge starts from the stored object; its derived fields are accepted and ignored by the parser */
		obj = w->mode == APP_MERGE ? json_deep_copy(stored) : json_object();
		if (w->mode == APP_MERGE)
			jx_merge_patch(obj, w->fields); /* a nested field alone ("consequence.availability") keeps its siblings */
		else
			json_object_update(obj, w->fields);
		rc = pin_keys(x, w->kind, &ref, obj);
	}
	json_decref(stored);
	void *parsed = arena_alloc(x->a, kinds[w->kind].size);
	if (!rc)
		rc = kinds[w->kind].parse(obj, "", x->a, parsed, x->e);
	json_decref(obj);
	struct writer wr = app_writer(x);
	bool keep = x->views && w->kind == APP_RISK;
	if (!rc && keep)
		rc = store_org_generation(x->st, ref.org, &wn->gen0, x->e);
	if (!rc)
		rc = kinds[w->kind].put(&wr, ref.org, parsed, x->e);
	if (!rc && keep && !(rc = store_org_generation(x->st, ref.org, &wn->gen1, x->e)) &&
	    !(rc = store_risk_get(x->st, ref.org, ref.id, x->a, &wn->r, x->e)))
		wn->risk = true;
	if (!rc)
		rc = app_object_show(x, w->kind, &ref, out);
	if (!rc && w->kind == APP_RISK && !was_above && json_is_true(json_object_get(*out, "above_appetite")))
		rc = risk_above_appetite(x, ref.org, *out);
	return rc;
}

int app_object_write(struct app *x, const struct app_write *w, json_t **out)
{
	*out = NULL;
	if (!json_is_object(w->fields))
		return err_setm(x->e, ERR_INVALID, "", "object.not_object", "@kind", kind_code(w->kind), NULL);
	int rc = store_begin(x->st, x->e);
	if (rc)
		return rc;
	struct written wn = {0};
	rc = finish(x, object_write(x, w, out, &wn));
	if (rc) {
		json_decref(*out);
		*out = NULL;
	} else if (wn.risk) {
		app_views_note_risk(x->views, x->st, w->ref.org, wn.gen0, wn.gen1, x->today, &wn.r);
	}
	return rc;
}

/* Open the write's transaction and check that the object exists at the caller's version; rolled back on failure. */
static int begin_at_version(struct app *x, enum app_kind kind, const struct app_ref *ref, const char *if_version)
{
	json_t *stored = NULL;
	int rc = store_begin(x->st, x->e);
	if (rc)
		return rc;
	rc = app_object_show(x, kind, ref, &stored);
	if (!rc)
		rc = app_check_version(x, stored, if_version, "object");
	json_decref(stored);
	if (rc)
		store_rollback(x->st);
	return rc;
}

int app_object_delete(struct app *x, enum app_kind kind, const struct app_ref *ref, const char *if_version)
{
	int rc = begin_at_version(x, kind, ref, if_version);
	if (rc)
		return rc;
	struct writer w = app_writer(x);
	switch (kind) {
	case APP_NODE: rc = edit_node_delete(&w, ref->org, ref->id, x->e); break;
	case APP_EDGE: rc = edit_edge_delete(&w, ref->org, ref->from, ref->to, x->e); break;
	case APP_THREAT: rc = edit_threat_delete(&w, ref->org, ref->id, x->e); break;
	case APP_RISK: rc = edit_risk_delete(&w, ref->org, ref->id, x->e); break;
	case APP_MEASURE: rc = edit_measure_delete(&w, ref->org, ref->id, x->e); break;
	case APP_CHANGE: rc = edit_change_delete(&w, ref->org, ref->id, x->e); break;
	}
	return finish(x, rc);
}

int app_node_carry_forward(struct app *x, const struct app_ref *ref, const char *note, const char *if_version,
			   json_t **out)
{
	*out = NULL;
	int rc = begin_at_version(x, APP_NODE, ref, if_version);
	if (rc)
		return rc;
	struct writer w = app_writer(x);
	rc = edit_node_carry_forward(&w, ref->org, ref->id, note, x->e);
	if (!rc)
		rc = app_object_show(x, APP_NODE, ref, out);
	rc = finish(x, rc);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}
