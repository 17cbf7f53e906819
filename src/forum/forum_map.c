/*
 * forum_map.c — join the members' shared maps into one sector map for a
 * viewer (forum_map.h).
 *
 * What a member shares of its map is decided per node: an item-level share
 * of that node wins (WITHHOLD excludes it); otherwise every rule that
 * matches applies and the strictest label among them is taken, with that
 * rule's recipients — when two rules disagree the narrower audience holds.
 * A rule's filter may ask for the critical functions and their
 * dependencies only (worked out over the member's own edges) or for some
 * node kinds.  An edge is in the sector map when both its ends are.
 *
 * TLP:RED nodes never enter a map: every view here feeds analyses that
 * more than the named individuals read.  The rest is forum_visible_to for
 * the view's viewer (the secretariat, or the acting member), and for
 * FMAP_AGGREGATE also tlp_aggregatable.
 *
 * Reading other organisations' maps lifts the store's organisation scope for
 * the reads only; nothing of them leaves this file except through the
 * filter above.
 */
#include "forum_map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ict.h"
#include "model.h"
#include "strmap.h"

/* One participating organisation's map and shares, read once. */
struct part {
	const char *org;
	struct node *nodes;
	size_t nnodes;
	struct edge *edges;
	size_t nedges;
	struct fshare_rec *shares;
	size_t nshares;
	const char **tlp;        /* nnodes: effective label, NULL when not shared */
	const char **recipients; /* nnodes */
	int64_t *written;        /* nnodes */
	const struct fshare_rec **share; /* nnodes: the share behind tlp, NULL when not shared */
	uint8_t *in;             /* nnodes: included in this view */
};

/* Does a rule's filter match node i of p (crit: the critical closure)? */
static bool rule_matches(const struct fshare_rec *r, const struct node *nd, bool in_critical)
{
	if (!r->filter)
		return true;
	json_t *f = json_loads(r->filter, 0, NULL);
	bool ok = true;
	if (json_is_true(json_object_get(f, "critical_only")) && !in_critical)
		ok = false;
	json_t *kinds = json_object_get(f, "kinds");
	if (ok && json_is_array(kinds)) {
		ok = false;
		size_t i;
		json_t *v;
		json_array_foreach(kinds, i, v) if (node_kind_parse(json_string_value(v)) == (int)nd->kind) ok = true;
	}
	json_decref(f);
	return ok;
}

struct node_match {
	const struct node *nd;
	bool in_critical;
};

static bool node_rule_matches(const struct fshare_rec *r, void *ctx)
{
	const struct node_match *m = ctx;
	return rule_matches(r, m->nd, m->in_critical);
}

/* Mark the critical functions of p and everything they depend on, over p's own edges. */
static uint8_t *critical_closure(struct part *p)
{
	uint8_t *mark = xcalloc(p->nnodes ? p->nnodes : 1, 1);
	struct strmap ids;
	strmap_init(&ids, p->nnodes);
	for (size_t i = 0; i < p->nnodes; i++)
		strmap_put(&ids, p->nodes[i].id, strlen(p->nodes[i].id), (uint32_t)i);
	uint32_t *stack = xmalloc((p->nnodes + 1) * sizeof *stack);
	size_t top = 0;
	for (size_t i = 0; i < p->nnodes; i++)
		if (p->nodes[i].critical_service &&
		    (p->nodes[i].kind == NODE_PROCESS || p->nodes[i].kind == NODE_SERVICE)) {
			mark[i] = 1;
			stack[top++] = (uint32_t)i;
		}
	/* edges are few per organisation; a scan per popped node keeps this simple */
	while (top) {
		uint32_t v = stack[--top];
		for (size_t k = 0; k < p->nedges; k++) {
			if (strcmp(p->edges[k].from, p->nodes[v].id))
				continue;
			long w = strmap_get(&ids, p->edges[k].to, strlen(p->edges[k].to));
			if (w >= 0 && !mark[w]) {
				mark[w] = 1;
				stack[top++] = (uint32_t)w;
			}
		}
	}
	free(stack);
	strmap_free(&ids);
	return mark;
}

static void effective_labels(struct part *p, struct arena *a)
{
	p->tlp = arena_alloc(a, (p->nnodes + 1) * sizeof *p->tlp);
	p->recipients = arena_alloc(a, (p->nnodes + 1) * sizeof *p->recipients);
	p->written = arena_alloc(a, (p->nnodes + 1) * sizeof *p->written);
	p->share = arena_alloc(a, (p->nnodes + 1) * sizeof *p->share);
	memset(p->tlp, 0, (p->nnodes + 1) * sizeof *p->tlp);
	memset(p->share, 0, (p->nnodes + 1) * sizeof *p->share);
	bool need_closure = false;
	for (size_t s = 0; s < p->nshares; s++)
		if (!strcmp(p->shares[s].kind, "node") && !p->shares[s].target && p->shares[s].filter &&
		    strstr(p->shares[s].filter, "critical_only"))
			need_closure = true;
	uint8_t *crit = need_closure ? critical_closure(p) : NULL;
	for (size_t i = 0; i < p->nnodes; i++) {
		struct node_match m = {&p->nodes[i], crit && crit[i]};
		const struct fshare_rec *use =
			forum_share_effective(p->shares, p->nshares, "node", p->nodes[i].id, node_rule_matches, &m);
		if (use && strcmp(use->tlp, "WITHHOLD")) {
			p->tlp[i] = use->tlp;
			p->recipients[i] = use->recipients;
			p->written[i] = use->created_ms;
			p->share[i] = use;
		}
	}
	free(crit);
}

uint32_t forum_map_org_index(struct strmap *orgs, const char ***ids, uint32_t *n, uint32_t *cap, struct arena *a,
			     const char *org, size_t len)
{
	long k = strmap_get(orgs, org, len);
	if (k >= 0)
		return (uint32_t)k;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*ids = xrealloc(*ids, *cap * sizeof **ids);
	}
	const char *copy = arena_strndup(a, org, len);
	(*ids)[*n] = copy;
	strmap_put(orgs, copy, len, *n);
	return (*n)++;
}

/* The map's nodes as they are numbered: key, owning organisation, the node that describes it. */
struct keyed {
	const char **key;
	uint32_t *org;
	const struct node **node;
	const struct fshare_rec **share; /* the widest share that shows the key (forum_map.h) */
	uint32_t n, cap;
};

/* Is share a wider than b (NULL: the owner alone)? */
static bool wider(const struct fshare_rec *a, const struct fshare_rec *b)
{
	return a && (!b || tlp_parse(a->tlp) < tlp_parse(b->tlp));
}

/* Number key (if new) as the next node; a key seen again keeps the wider of the shares showing it. */
static void keyed_add(struct keyed *k, struct strmap *keys, const char *key, uint32_t org, const struct node *nd,
		      const struct fshare_rec *share)
{
	long at = strmap_get(keys, key, strlen(key));
	if (at >= 0) {
		if (wider(share, k->share[at]))
			k->share[at] = share;
		return;
	}
	if (k->n == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 1024;
		k->key = xrealloc(k->key, k->cap * sizeof *k->key);
		k->org = xrealloc(k->org, k->cap * sizeof *k->org);
		k->node = xrealloc(k->node, k->cap * sizeof *k->node);
		k->share = xrealloc(k->share, k->cap * sizeof *k->share);
	}
	strmap_put(keys, key, strlen(key), k->n);
	k->key[k->n] = key;
	k->org[k->n] = org;
	k->node[k->n] = nd;
	k->share[k->n] = share;
	k->n++;
}

/* The sector key of node nd of org: its ref for a referring external node, else "org/id". */
static const char *node_key(struct arena *a, const char *org, const struct node *nd)
{
	if (nd->kind == NODE_EXTERNAL && nd->ref)
		return nd->ref;
	return arena_printf(a, "%s/%s", org, nd->id);
}

const char **forum_participants(const struct forum_ctx *f, size_t *n)
{
	const char **who = arena_alloc(f->a, (f->nmembers + 1) * sizeof *who);
	*n = 0;
	who[(*n)++] = f->forum.secretariat;
	for (size_t i = 0; i < f->nmembers; i++)
		if (!strcmp(f->members[i].status, "active") && strcmp(f->members[i].org, f->forum.secretariat))
			who[(*n)++] = f->members[i].org;
	return who;
}

void forum_map_orgs(struct forum_ctx *f, struct forum_map *fm, struct strmap *orgs_map, const char ***org_ids_p,
		    uint32_t *norgs_p, uint32_t *orgcap_p)
{
	struct arena *a = f->a;
	/* organisations: membership, category, assets and the ultimate parent */
	const char **org_ids = *org_ids_p;
	uint32_t norgs = *norgs_p, orgcap = *orgcap_p;
	const struct store_scope *saved = store_scope_get(f->st);
	store_scope_set(f->st, NULL);
	uint32_t norgs0 = norgs;
	const char **names = xcalloc(norgs0 + 1, sizeof *names);
	for (uint32_t i = 0; i < norgs0; i++) {
		struct org o;
		struct errinfo ignore = {0};
		fm->m.org_parent[i] = i;
		const struct fmember_rec *mem = forum_member(f, org_ids[i]);
		bool secretariat = !strcmp(org_ids[i], f->forum.secretariat);
		bool known = store_org_get(f->st, org_ids[i], a, &o, &ignore) == 0;
		if (known)
			names[i] = o.name;
		if ((mem && !strcmp(mem->status, "active")) || secretariat) {
			fm->m.org_member[i] = 1;
			int c = mem ? forum_category_parse(mem->category) : -1;
			fm->m.org_category[i] =
				(uint8_t)(c >= 0 ? c : known ? (int)forum_category_of_kind(o.kind) : SECTOR_CAT_OTHER);
			fm->m.org_assets[i] = mem ? mem->assets : 0;
		}
		if (known && o.parent) {
			long p = strmap_get(orgs_map, o.parent, strlen(o.parent));
			/* a parent outside the map groups its children all the same: it gets an index of its own */
			fm->m.org_parent[i] = p >= 0 ? (uint32_t)p : SECTOR_NONE;
			if (p < 0) {
				uint32_t before = norgs;
				uint32_t pi =
					forum_map_org_index(orgs_map, &org_ids, &norgs, &orgcap, a, o.parent, strlen(o.parent));
				if (norgs != before) {
					/* grow the per-organisation arrays by one */
					fm->m.org_parent = xrealloc(fm->m.org_parent, norgs * sizeof *fm->m.org_parent);
					fm->m.org_member = xrealloc(fm->m.org_member, norgs);
					fm->m.org_category = xrealloc(fm->m.org_category, norgs);
					fm->m.org_assets = xrealloc(fm->m.org_assets, norgs * sizeof *fm->m.org_assets);
					fm->m.org_parent[pi] = pi;
					fm->m.org_member[pi] = 0;
					fm->m.org_category[pi] = SECTOR_CAT_OTHER;
					fm->m.org_assets[pi] = 0;
					fm->m.norgs = norgs;
				}
				fm->m.org_parent[i] = pi;
			}
		}
	}
	store_scope_set(f->st, saved);
	/* names: a known organisation's own, what a person reads beside the id (a parent added
	 * above has none; the registers' legal names fill in later, forum_roi_map.c) */
	fm->org_names = xcalloc(norgs + 1, sizeof *fm->org_names);
	memcpy(fm->org_names, names, norgs0 * sizeof *names);
	free(names);
	*org_ids_p = org_ids;
	*norgs_p = norgs;
	*orgcap_p = orgcap;
}

enum forum_map_view forum_map_own_view(const struct forum_ctx *f)
{
	return f->secretariat ? FMAP_SECRETARIAT : FMAP_MEMBER;
}

int forum_map_build(struct forum_ctx *f, enum forum_map_view view, struct forum_map *fm, struct errinfo *e)
{
	memset(fm, 0, sizeof *fm);
	fm->self = SECTOR_NONE;
	int rc = 0;
	if (view == FMAP_SECRETARIAT && (rc = forum_need_secretariat(f, e)))
		return rc;
	if ((rc = forum_need_in(f, e)))
		return rc;
	const char *viewer = view == FMAP_MEMBER ? f->org : f->forum.secretariat;
	struct arena *a = f->a;

	size_t nparts;
	const char **who = forum_participants(f, &nparts);
	struct part *parts = arena_alloc(a, (nparts + 1) * sizeof *parts);
	memset(parts, 0, (nparts + 1) * sizeof *parts);
	for (size_t i = 0; i < nparts; i++)
		parts[i].org = who[i];

	const struct store_scope *saved = store_scope_get(f->st);
	store_scope_set(f->st, NULL);
	for (size_t i = 0; i < nparts && !rc; i++) {
		struct part *p = &parts[i];
		rc = store_node_list(f->st, p->org, a, &p->nodes, &p->nnodes, e);
		if (rc == ERR_NOTFOUND) { /* a member whose organisation was removed contributes nothing */
			err_clear(e);
			rc = 0;
			continue;
		}
		if (!rc)
			rc = store_edge_list(f->st, p->org, a, &p->edges, &p->nedges, e);
		if (!rc)
			rc = store_fshare_list(f->st, f->forum.id, p->org, a, &p->shares, &p->nshares, e);
	}
	store_scope_set(f->st, saved);
	if (rc)
		return rc;

	/* which nodes this view includes */
	for (size_t i = 0; i < nparts; i++) {
		struct part *p = &parts[i];
		effective_labels(p, a);
		p->in = arena_alloc(a, p->nnodes + 1);
		bool own = view == FMAP_MEMBER && !strcmp(p->org, f->org);
		for (size_t k = 0; k < p->nnodes; k++) {
			bool in = own;
			if (!in && p->tlp[k] && tlp_parse(p->tlp[k]) != TLP_RED)
				in = forum_visible_to(f, viewer, NULL, p->org, p->tlp[k], p->recipients[k], p->written[k]) &&
				     (view != FMAP_AGGREGATE || tlp_aggregatable((enum tlp)tlp_parse(p->tlp[k])));
			p->in[k] = in;
		}
	}

	/* dense node ids: visible nodes first, then hidden ones for references nothing visible answers */
	struct strmap *keys = xcalloc(1, sizeof *keys), orgs;
	strmap_init(keys, 1024);
	strmap_init(&orgs, 64);
	const char **org_ids = NULL;
	uint32_t norgs = 0, orgcap = 0;
	struct keyed kn = {0};
	for (size_t i = 0; i < nparts; i++) {
		struct part *p = &parts[i];
		uint32_t oi = forum_map_org_index(&orgs, &org_ids, &norgs, &orgcap, a, p->org, strlen(p->org));
		if (view == FMAP_MEMBER && !strcmp(p->org, f->org))
			fm->self = oi;
		for (size_t k = 0; k < p->nnodes; k++) {
			const struct node *nd = &p->nodes[k];
			if (p->in[k] && !(nd->kind == NODE_EXTERNAL && nd->ref))
				keyed_add(&kn, keys, node_key(a, p->org, nd), oi, nd, p->share[k]);
		}
	}
	uint32_t nreal = kn.n;
	for (size_t i = 0; i < nparts; i++) {
		struct part *p = &parts[i];
		for (size_t k = 0; k < p->nnodes; k++) {
			const struct node *nd = &p->nodes[k];
			if (!p->in[k] || nd->kind != NODE_EXTERNAL || !nd->ref)
				continue;
			/*
			 * the referring node's name and service type describe a hidden node; a
			 * reference also shows the key, under the referring node's share
			 */
			size_t olen = (size_t)(strchr(nd->ref, '/') - nd->ref);
			keyed_add(&kn, keys, nd->ref, forum_map_org_index(&orgs, &org_ids, &norgs, &orgcap, a, nd->ref, olen), nd,
				  p->share[k]);
		}
	}
	uint32_t n = kn.n;
	const char **kv = kn.key;
	uint32_t *korg = kn.org;
	const struct node **knode = kn.node;

	/* edges with both ends in the view; redundancy groups numbered per (organisation, group) */
	size_t mcap = 1024, m = 0;
	uint32_t *from = xmalloc(mcap * sizeof *from), *to = xmalloc(mcap * sizeof *to), *grp = xmalloc(mcap * sizeof *grp);
	struct strmap groups;
	strmap_init(&groups, 256);
	uint32_t ngroups = 0;
	for (size_t i = 0; i < nparts; i++) {
		struct part *p = &parts[i];
		struct strmap local;
		strmap_init(&local, p->nnodes);
		for (size_t k = 0; k < p->nnodes; k++)
			strmap_put(&local, p->nodes[k].id, strlen(p->nodes[k].id), (uint32_t)k);
		for (size_t k = 0; k < p->nedges; k++) {
			long u = strmap_get(&local, p->edges[k].from, strlen(p->edges[k].from));
			long v = strmap_get(&local, p->edges[k].to, strlen(p->edges[k].to));
			if (u < 0 || v < 0 || !p->in[u] || !p->in[v])
				continue;
			const char *ku = node_key(a, p->org, &p->nodes[u]), *kw = node_key(a, p->org, &p->nodes[v]);
			long gu = strmap_get(keys, ku, strlen(ku)), gv = strmap_get(keys, kw, strlen(kw));
			if (gu < 0 || gv < 0)
				continue;
			if (m == mcap) {
				mcap *= 2;
				from = xrealloc(from, mcap * sizeof *from);
				to = xrealloc(to, mcap * sizeof *to);
				grp = xrealloc(grp, mcap * sizeof *grp);
			}
			from[m] = (uint32_t)gu;
			to[m] = (uint32_t)gv;
			grp[m] = 0;
			if (p->edges[k].group) {
				const char *gk = arena_printf(a, "%s/%s", p->org, p->edges[k].group);
				long g = strmap_get(&groups, gk, strlen(gk));
				if (g < 0) {
					g = ++ngroups;
					strmap_put(&groups, gk, strlen(gk), (uint32_t)g);
				}
				grp[m] = (uint32_t)g;
			}
			m++;
		}
		strmap_free(&local);
	}
	strmap_free(&groups);

	sector_map_alloc(&fm->m, n, norgs);
	rc = graph_build(&fm->m.g, n, m, from, to, grp, e);
	free(from);
	free(to);
	free(grp);
	fm->keys = keys;
	fm->org_ids = org_ids;
	fm->node_ids = xcalloc(n + 1, sizeof *fm->node_ids);
	fm->node_names = xcalloc(n + 1, sizeof *fm->node_names);
	fm->node_kind = xcalloc(n + 1, 1);
	fm->node_hidden = xcalloc(n + 1, 1);
	fm->node_share = kn.share; /* n entries, or NULL when the map is empty */
	for (uint32_t v = 0; v < n; v++) {
		const struct node *nd = knode[v];
		const char *slash = strchr(kv[v], '/');
		fm->node_ids[v] = slash ? slash + 1 : kv[v];
		fm->node_names[v] = nd->name;
		fm->m.node_org[v] = korg[v];
		fm->m.node_rto[v] = SECTOR_UNKNOWN;
		fm->m.node_service_type[v] = (uint8_t)ict_service_type(nd->service_type);
		if (v >= nreal) {
			fm->node_kind[v] = NODE_EXTERNAL;
			fm->node_hidden[v] = 1;
			continue;
		}
		fm->node_kind[v] = (uint8_t)nd->kind;
		fm->m.node_critical[v] = nd->critical_service && (nd->kind == NODE_PROCESS || nd->kind == NODE_SERVICE);
		if (nd->rto_minutes >= 0)
			fm->m.node_rto[v] = (uint32_t)nd->rto_minutes;
	}
	fm->nhidden = n - nreal;
	fm->nshared_nodes = nreal;
	fm->nedges = (uint32_t)m;
	free(kv);
	free(korg);
	free(knode);

	forum_map_orgs(f, fm, &orgs, &org_ids, &norgs, &orgcap);
	fm->org_ids = org_ids;
	strmap_free(&orgs);
	return rc;
}

void forum_map_free(struct forum_map *fm)
{
	sector_map_free(&fm->m);
	free(fm->org_ids);
	free(fm->org_names);
	free(fm->node_ids);
	free(fm->node_names);
	free(fm->node_kind);
	free(fm->node_hidden);
	free(fm->node_share);
	if (fm->keys) {
		strmap_free(fm->keys);
		free(fm->keys);
	}
	memset(fm, 0, sizeof *fm);
}

uint32_t forum_map_find(const struct forum_map *fm, const char *key)
{
	if (!fm->keys || !key)
		return SECTOR_NONE;
	long v = strmap_get(fm->keys, key, strlen(key));
	return v < 0 ? SECTOR_NONE : (uint32_t)v;
}

const char *forum_map_key(const struct forum_map *fm, struct arena *a, uint32_t v)
{
	return arena_printf(a, "%s/%s", fm->org_ids[fm->m.node_org[v]], fm->node_ids[v]);
}
