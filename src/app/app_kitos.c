/*
 * app_kitos.c — the use case of importing a KITOS export into one
 * organisation's map: kitos.c reads the export, this file compares it with
 * the stored nodes and edges inside one transaction and writes only what
 * differs, through the audited writer.  (docs/kitos.md)
 *
 * Idempotent by construction: a node is found by its ref ("kitos:UUID"),
 * a field is written only when KITOS says something else, and an edge only
 * when its pair has none; so the same export twice writes nothing the second
 * time, not even the summary.
 */
#include "app_kitos.h"

#include <string.h>

#include "audit.h"
#include "date.h"
#include "jsonx.h"
#include "kitos.h"
#include "strmap.h"

struct import {
	struct app *x;
	struct writer w;
	const char *org;
	struct kitos_map m;
	const char **ids;   /* the node id of each of m's nodes */
	struct node *have;  /* the organisation's nodes as stored */
	size_t nhave;
	struct strmap by_ref, by_id;
	json_t *created, *updated, *edges_added, *not_in_kitos;
	size_t unchanged;
};

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* The fields KITOS owns that differ between the stored node and the export's, as a list of names. */
static json_t *changed_fields(const struct node *old, const struct kitos_node *k)
{
	json_t *f = json_array();
	if (!same_str(old->name, k->name))
		json_array_append_new(f, json_string("name"));
	if (k->kind == NODE_SYSTEM) {
		if (k->owner && !same_str(old->owner, k->owner))
			json_array_append_new(f, json_string("owner"));
		if (old->personal_data != k->personal_data)
			json_array_append_new(f, json_string("personal_data"));
		if (old->critical_service != k->critical_service)
			json_array_append_new(f, json_string("critical_service"));
	}
	return f;
}

/* An id for a new node: the name's, else the whole uuid's; ERR_CONFLICT when both are taken. */
static int fresh_id(struct import *im, const struct kitos_node *k, const char **out)
{
	const char *id = kitos_node_id(k->name, k->uuid, im->x->a);
	if (strmap_get(&im->by_id, id, strlen(id)) >= 0)
		id = arena_printf(im->x->a, "kitos-%s", k->uuid);
	if (strmap_get(&im->by_id, id, strlen(id)) >= 0)
		return err_setm(im->x->e, ERR_CONFLICT, "org", "kitos.id_taken", "id", id, "name", k->name, NULL);
	*out = id;
	strmap_put(&im->by_id, id, strlen(id), 0);
	return 0;
}

static int node_step(struct import *im, size_t i)
{
	const struct kitos_node *k = &im->m.nodes[i];
	const char *ref = arena_printf(im->x->a, KITOS_REF_PREFIX "%s", k->uuid);
	long h = strmap_get(&im->by_ref, ref, strlen(ref));
	int rc;
	if (h >= 0) {
		struct node nd = im->have[h];
		im->ids[i] = nd.id;
		json_t *f = changed_fields(&nd, k);
		if (!json_array_size(f)) {
			json_decref(f);
			im->unchanged++;
			return 0;
		}
		nd.name = k->name;
		if (k->kind == NODE_SYSTEM) {
			if (k->owner)
				nd.owner = k->owner;
			nd.personal_data = k->personal_data;
			nd.critical_service = k->critical_service;
		}
		json_array_append_new(im->updated, json_pack("{sssssO}", "id", nd.id, "name", nd.name, "fields", f));
		json_decref(f);
		return edit_node_put(&im->w, im->org, &nd, im->x->e);
	}
	struct node nd = {.kind = k->kind, .name = k->name, .owner = k->owner, .personal_data = k->personal_data,
			  .critical_service = k->critical_service, .ref = ref, .rto_minutes = -1, .rpo_minutes = -1,
			  .last_assessed = DATE_NONE};
	if ((rc = fresh_id(im, k, &nd.id)))
		return rc;
	im->ids[i] = nd.id;
	json_array_append_new(im->created, json_pack("{sssssssssssb}", "id", nd.id, "kind", node_kind_name(nd.kind),
						     "name", nd.name, "ref", ref, "personal_data",
						     pdata_name(nd.personal_data), "critical_service",
						     nd.critical_service));
	return edit_node_put(&im->w, im->org, &nd, im->x->e);
}

/* Edges whose pair has none yet, supplied_by; a pair the user typed otherwise stays as it is. */
static int edge_steps(struct import *im)
{
	struct edge *edges;
	size_t n;
	int rc = store_edge_list(im->x->st, im->org, im->x->a, &edges, &n, im->x->e);
	if (rc)
		return rc;
	struct strmap pairs;
	strmap_init(&pairs, n + im->m.nedges);
	for (size_t i = 0; i < n; i++) {
		const char *key = arena_printf(im->x->a, "%s\x1f%s", edges[i].from, edges[i].to);
		strmap_put(&pairs, key, strlen(key), 0);
	}
	for (size_t i = 0; !rc && i < im->m.nedges; i++) {
		struct edge ed = {.from = im->ids[im->m.edges[i].from], .to = im->ids[im->m.edges[i].to],
				  .type = EDGE_SUPPLIED_BY};
		const char *key = arena_printf(im->x->a, "%s\x1f%s", ed.from, ed.to);
		if (strmap_put(&pairs, key, strlen(key), 0))
			continue;
		json_array_append_new(im->edges_added, json_pack("{ssssss}", "from", ed.from, "to", ed.to, "type",
								 edge_type_name(ed.type)));
		rc = edit_edge_put(&im->w, im->org, &ed, im->x->e);
	}
	strmap_free(&pairs);
	return rc;
}

/* The KITOS systems stored that the export no longer has: told, never deleted. */
static void gone(struct import *im)
{
	struct strmap seen;
	strmap_init(&seen, im->m.nsystems);
	for (size_t i = 0; i < im->m.nsystems; i++)
		strmap_put(&seen, im->m.nodes[i].uuid, strlen(im->m.nodes[i].uuid), 0);
	size_t plen = strlen(KITOS_REF_PREFIX);
	for (size_t i = 0; i < im->nhave; i++) {
		const struct node *nd = &im->have[i];
		if (nd->kind != NODE_SYSTEM || !nd->ref || strncmp(nd->ref, KITOS_REF_PREFIX, plen))
			continue;
		if (strmap_get(&seen, nd->ref + plen, strlen(nd->ref + plen)) < 0)
			json_array_append_new(im->not_in_kitos,
					      json_pack("{ssssss}", "id", nd->id, "name", nd->name, "ref", nd->ref));
	}
	strmap_free(&seen);
}

/* Read the stored nodes, write what differs; the caller holds the transaction. */
static int run(struct import *im)
{
	struct org o;
	struct errinfo nf = {0};
	int rc = store_org_get(im->x->st, im->org, im->x->a, &o, &nf);
	if (rc == ERR_NOTFOUND)
		return err_setm(im->x->e, ERR_NOTFOUND, "org", "org.not_found", "id", im->org, NULL);
	if (rc) {
		*im->x->e = nf;
		return rc;
	}
	if ((rc = store_node_list(im->x->st, im->org, im->x->a, &im->have, &im->nhave, im->x->e)))
		return rc;
	strmap_init(&im->by_ref, im->nhave);
	strmap_init(&im->by_id, im->nhave + im->m.nnodes);
	for (size_t i = 0; i < im->nhave; i++) {
		const struct node *nd = &im->have[i];
		strmap_put(&im->by_id, nd->id, strlen(nd->id), (uint32_t)i);
		if (nd->ref && !strncmp(nd->ref, KITOS_REF_PREFIX, strlen(KITOS_REF_PREFIX)))
			strmap_put(&im->by_ref, nd->ref, strlen(nd->ref), (uint32_t)i);
	}
	im->ids = arena_alloc(im->x->a, (im->m.nnodes + 1) * sizeof *im->ids);
	for (size_t i = 0; !rc && i < im->m.nnodes; i++)
		rc = node_step(im, i);
	if (!rc)
		rc = edge_steps(im);
	if (!rc)
		gone(im);
	strmap_free(&im->by_ref);
	strmap_free(&im->by_id);
	return rc;
}

int app_kitos_import(struct app *x, const struct app_kitos_import *req, json_t **out)
{
	*out = NULL;
	if (!req->org || !*req->org)
		return err_setm(x->e, ERR_INVALID, "org", "input.required_org", NULL);
	struct import im = {.x = x, .w = app_writer(x), .org = req->org, .created = json_array(),
			    .updated = json_array(), .edges_added = json_array(), .not_in_kitos = json_array()};
	bool began = false;
	int rc = kitos_parse(req->doc, x->a, &im.m, x->e);
	if (!rc && !(rc = store_begin(x->st, x->e))) {
		began = true;
		rc = run(&im);
	}
	json_t *summary = NULL;
	if (!rc) {
		summary = json_pack("{sssbsIsIsOsOsIsOsO}", "organisation", req->org, "dry_run", req->dry_run, "systems",
				    (json_int_t)im.m.nsystems, "suppliers", (json_int_t)(im.m.nnodes - im.m.nsystems),
				    "created", im.created, "updated", im.updated, "unchanged", (json_int_t)im.unchanged,
				    "edges_added", im.edges_added, "not_in_kitos", im.not_in_kitos);
		bool changed = json_array_size(im.created) || json_array_size(im.updated) ||
			       json_array_size(im.edges_added);
		if (req->dry_run || !changed) {
			store_rollback(x->st);
		} else {
			rc = audit_record(x->st, x->actor, x->now_ms, "import", "kitos", req->org, req->org, NULL,
					  jx_dump(summary, x->a), x->e);
			rc = rc ? (store_rollback(x->st), rc) : store_commit(x->st, x->e);
		}
	} else if (began) {
		store_rollback(x->st);
	}
	json_decref(im.created);
	json_decref(im.updated);
	json_decref(im.edges_added);
	json_decref(im.not_in_kitos);
	if (rc)
		json_decref(summary);
	else
		*out = summary;
	return rc;
}
