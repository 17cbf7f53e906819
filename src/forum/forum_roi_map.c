/*
 * forum_roi_map.c — the sector map read from the members' registers of
 * information instead of their maps (forum_map.h, docs/forum.md).
 *
 * A member shares its register with a rule of kind "roi" under a TLP label
 * (no target, no filter: the register goes whole or not at all).  Each
 * register shared with the viewer is built into the EBA's tables as of the
 * reference date (roi_build, the very tables of its package), and read as a
 * map:
 *
 *   - a function of B_06.01 is the member's own node ("bank1/p-betalinger",
 *     the node the register ties it to), critical when its assessment is
 *     "yes", its RTO (hours) its tolerance;
 *   - a provider delivering an ICT service type is one node per provider
 *     and type, "ORG/S17", owned by the provider's organisation: an
 *     organisation of skjold whose LEI is the code, else one named by the
 *     code ("lei:529900…/S17"), so the same provider in two members'
 *     registers is one node and one organisation;
 *   - a provider whose code is one of the member's own group entities
 *     (B_01.02) is owned by the member ("bank1/CODE:S14"): intra-group,
 *     never a provider to it;
 *   - the provider's ultimate parent (B_05.01.0110) groups it as the
 *     organisations' parents do in the map;
 *   - B_02.02 gives the edges function -> (provider, type), B_05.02 the
 *     subcontracting chain (recipient, type) -> (subcontractor, type).
 *
 * Every edge is required (a register says nothing about redundancy), so a
 * function's single points of failure here are every provider and
 * subcontractor it relies on, conservatively.  What a register leaves
 * incomplete (its check's violations) does not stop the analysis: the
 * analyses run over what the tables hold.
 */
#include "forum_map.h"

#include <stdlib.h>
#include <string.h>

#include "ict.h"
#include "orgview.h"
#include "roi.h"
#include "roi_codes.h"
#include "strmap.h"
#include "tlp.h"

/* The map as it grows: nodes by key, their facts, the edges. */
struct build {
	struct arena *a;
	struct strmap keys; /* "org/id" -> node */
	struct strmap edge_seen;
	struct strmap orgs; /* org id -> index */
	const char **org_ids;
	uint32_t norgs, orgcap;
	const char **key, **name;
	uint32_t *org, *rto;
	uint8_t *critical, *type, *kind;
	const struct fshare_rec **share;
	uint32_t n, cap;
	uint32_t *from, *to;
	size_t m, mcap;
	struct strmap parent_of; /* provider org id -> parent org id (arena strings) */
	struct strmap named;     /* org id -> index into names (the provider's legal name, B_05.01.0050) */
	const char **names;
	size_t nnames;
	const char **parent_key;
	size_t nparent;
};

static uint32_t org_of(struct build *b, const char *id)
{
	return forum_map_org_index(&b->orgs, &b->org_ids, &b->norgs, &b->orgcap, b->a, id, strlen(id));
}

static uint32_t node_add(struct build *b, const char *org, const char *id, const char *name, enum node_kind kind,
			 const struct fshare_rec *share)
{
	const char *key = arena_printf(b->a, "%s/%s", org, id);
	long at = strmap_get(&b->keys, key, strlen(key));
	if (at >= 0)
		return (uint32_t)at;
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 256;
		b->key = xrealloc(b->key, b->cap * sizeof *b->key);
		b->name = xrealloc(b->name, b->cap * sizeof *b->name);
		b->org = xrealloc(b->org, b->cap * sizeof *b->org);
		b->rto = xrealloc(b->rto, b->cap * sizeof *b->rto);
		b->critical = xrealloc(b->critical, b->cap);
		b->type = xrealloc(b->type, b->cap);
		b->kind = xrealloc(b->kind, b->cap);
		b->share = xrealloc(b->share, b->cap * sizeof *b->share);
	}
	uint32_t v = b->n++;
	strmap_put(&b->keys, key, strlen(key), v);
	b->key[v] = key;
	b->name[v] = name ? arena_strdup(b->a, name) : NULL; /* the register's tables and view are freed first */
	b->org[v] = org_of(b, org);
	b->rto[v] = SECTOR_UNKNOWN;
	b->critical[v] = 0;
	b->type[v] = 0;
	b->kind[v] = (uint8_t)kind;
	b->share[v] = share;
	return v;
}

static void edge_add(struct build *b, uint32_t u, uint32_t v)
{
	char k[32];
	int len = snprintf(k, sizeof k, "%u>%u", (unsigned)u, (unsigned)v);
	if (u == v || strmap_get(&b->edge_seen, k, (size_t)len) >= 0)
		return;
	strmap_put(&b->edge_seen, arena_strndup(b->a, k, (size_t)len), (size_t)len, 0);
	if (b->m == b->mcap) {
		b->mcap = b->mcap ? 2 * b->mcap : 1024;
		b->from = xrealloc(b->from, b->mcap * sizeof *b->from);
		b->to = xrealloc(b->to, b->mcap * sizeof *b->to);
	}
	b->from[b->m] = u;
	b->to[b->m] = v;
	b->m++;
}

/* Remember org's name (the first one a register gives), copied into the map's arena. */
static void org_name(struct build *b, const char *org, const char *name)
{
	if (strmap_get(&b->named, org, strlen(org)) >= 0)
		return;
	if (b->nnames % 64 == 0)
		b->names = xrealloc(b->names, (b->nnames + 64) * 2 * sizeof *b->names);
	b->names[2 * b->nnames] = org;
	b->names[2 * b->nnames + 1] = arena_strdup(b->a, name);
	strmap_put(&b->named, org, strlen(org), (uint32_t)b->nnames++);
}

/* The organisations of the store by LEI, so a provider that is one of them is named by its id. */
struct leis {
	struct strmap by_lei;
	struct org *orgs;
	size_t n;
};

/* The organisation a provider code stands for: the member itself (its own group), one with that LEI, or "lei:CODE". */
static const char *provider_org(struct build *b, const struct leis *l, const char *member, struct strmap *group,
				const char *code, const char *code_type)
{
	if (strmap_get(group, code, strlen(code)) >= 0)
		return member;
	long k = strmap_get(&l->by_lei, code, strlen(code));
	if (k >= 0)
		return l->orgs[k].id;
	const char *t = code_type ? roi_code_key(ROI_CODE_TYPE, code_type) : NULL;
	return arena_printf(b->a, "%s:%s", t ? t : "code", code);
}

static const struct xc_table *tab(const struct xc_report *r, const char *code)
{
	for (size_t i = 0; i < r->m->ntables; i++)
		if (!strcmp(r->tables[i].def->code, code))
			return &r->tables[i];
	return NULL;
}

/* One member's register being read: what provider_node needs. */
struct reg {
	struct build *b;
	const struct leis *l;
	const char *member;
	struct strmap *group;    /* the member's group entities' LEIs (B_01.02) */
	struct strmap *prov_row; /* provider code -> row of B_05.01 */
	const struct xc_table *p; /* B_05.01 */
	const struct fshare_rec *share;
};

/* The node of (provider code, service type), its organisation's ultimate parent recorded on the way. */
static uint32_t provider_node(struct reg *g, const char *code, const char *type)
{
	struct build *b = g->b;
	long row = strmap_get(g->prov_row, code, strlen(code));
	const char *col = row >= 0 ? xc_cell(g->p, (size_t)row, "c0020") : NULL;
	const char *po = provider_org(b, g->l, g->member, g->group, code, col);
	const char *name = row >= 0 ? xc_cell(g->p, (size_t)row, "c0050") : NULL;
	const char *tk = roi_code_key(ROI_SERVICE_TYPE, type);
	if (!tk)
		tk = "?";
	/* "lei:CODE/S14"; a member's own (intra-group) provider keeps its code: "bank1/CODE:S14" */
	const char *id = po == g->member ? arena_printf(b->a, "%s:%s", code, tk) : tk;
	uint32_t v = node_add(b, po, id,
			      arena_printf(b->a, "%s (%s)", name ? name : code, tk), NODE_SUPPLIER, g->share);
	if (name && po != g->member)
		org_name(b, po, name);
	int st = ict_service_type(tk);
	b->type[v] = (uint8_t)(st > 0 ? st : 0);
	const char *parent = row >= 0 ? xc_cell(g->p, (size_t)row, "c0110") : NULL;
	if (po != g->member && parent && strcmp(parent, code) && strmap_get(&b->parent_of, po, strlen(po)) < 0) {
		const char *pp = provider_org(b, g->l, g->member, g->group, parent, xc_cell(g->p, (size_t)row, "c0120"));
		long prow = strmap_get(g->prov_row, parent, strlen(parent));
		if (prow >= 0 && xc_cell(g->p, (size_t)prow, "c0050"))
			org_name(b, pp, xc_cell(g->p, (size_t)prow, "c0050"));
		if (b->nparent % 64 == 0)
			b->parent_key = xrealloc(b->parent_key, (b->nparent + 64) * 2 * sizeof *b->parent_key);
		b->parent_key[2 * b->nparent] = po;
		b->parent_key[2 * b->nparent + 1] = pp;
		strmap_put(&b->parent_of, po, strlen(po), (uint32_t)b->nparent++);
		org_of(b, pp);
	}
	return v;
}

/* One member's register as built into r: its functions, providers and chains into b. */
static void read_register(struct build *b, const struct leis *l, const char *member, const struct orgview *v,
			  json_t *doc, const struct xc_report *r, const struct fshare_rec *share)
{
	struct strmap group, prov_row, fn_node;
	strmap_init(&group, 16);
	strmap_init(&prov_row, 64);
	strmap_init(&fn_node, 16);
	const struct xc_table *t = tab(r, "B_01.02");
	for (size_t i = 0; t && i < t->nrows; i++) {
		const char *lei = xc_cell(t, i, "c0010");
		if (lei)
			strmap_put(&group, lei, strlen(lei), 0);
	}
	/* functions: the register's identifier -> the member's node */
	size_t i;
	json_t *fj;
	json_array_foreach(json_object_get(doc, "functions"), i, fj)
	{
		const char *id = json_string_value(json_object_get(fj, "id"));
		const char *node = json_string_value(json_object_get(fj, "node"));
		if (id && node)
			strmap_put(&fn_node, id, strlen(id), (uint32_t)i);
	}
	t = tab(r, "B_06.01");
	for (i = 0; t && i < t->nrows; i++) {
		const char *id = xc_cell(t, i, "c0010");
		long k = id ? strmap_get(&fn_node, id, strlen(id)) : -1;
		if (k < 0)
			continue;
		const char *node =
			json_string_value(json_object_get(json_array_get(json_object_get(doc, "functions"), (size_t)k), "node"));
		long nd = orgview_node(v, node);
		uint32_t fv = node_add(b, member, node, nd >= 0 ? v->nodes[nd].name : xc_cell(t, i, "c0030"),
				       nd >= 0 ? v->nodes[nd].kind : NODE_PROCESS, share);
		const char *yes = roi_code_eba(ROI_ASSESSMENT, "yes");
		b->critical[fv] = xc_cell(t, i, "c0050") && !strcmp(xc_cell(t, i, "c0050"), yes);
		const char *rto = xc_cell(t, i, "c0080"); /* hours, a natural number (roi_check) */
		unsigned long hours = rto ? strtoul(rto, NULL, 10) : 0;
		if (rto && hours < SECTOR_UNKNOWN / 60)
			b->rto[fv] = (uint32_t)hours * 60;
	}
	/* providers: code -> row of B_05.01 (name, code type, ultimate parent) */
	const struct xc_table *p = tab(r, "B_05.01");
	for (i = 0; p && i < p->nrows; i++) {
		const char *code = xc_cell(p, i, "c0010");
		if (code)
			strmap_put(&prov_row, code, strlen(code), (uint32_t)i);
	}
	struct reg reg = {b, l, member, &group, &prov_row, p, share};
	t = tab(r, "B_02.02");
	for (i = 0; t && i < t->nrows; i++) {
		const char *code = xc_cell(t, i, "c0030"), *fn = xc_cell(t, i, "c0050"), *type = xc_cell(t, i, "c0060");
		long k = fn ? strmap_get(&fn_node, fn, strlen(fn)) : -1;
		if (!code || !type || k < 0)
			continue;
		const char *node =
			json_string_value(json_object_get(json_array_get(json_object_get(doc, "functions"), (size_t)k), "node"));
		const char *fkey = arena_printf(b->a, "%s/%s", member, node);
		long fv = strmap_get(&b->keys, fkey, strlen(fkey));
		if (fv < 0)
			continue;
		edge_add(b, (uint32_t)fv, provider_node(&reg, code, type));
	}
	t = tab(r, "B_05.02");
	for (i = 0; t && i < t->nrows; i++) {
		const char *type = xc_cell(t, i, "c0020"), *code = xc_cell(t, i, "c0030");
		const char *rank = xc_cell(t, i, "c0050"), *recipient = xc_cell(t, i, "c0060");
		if (!type || !code || !rank || strtoul(rank, NULL, 10) < 2 || !recipient)
			continue;
		uint32_t up = provider_node(&reg, recipient, type);
		edge_add(b, up, provider_node(&reg, code, type));
	}
	strmap_free(&group);
	strmap_free(&prov_row);
	strmap_free(&fn_node);
}

/* The register share of one participant that decides whether the viewer gets its register, NULL when none. */
static const struct fshare_rec *register_share(struct forum_ctx *f, enum forum_map_view view, const char *viewer,
					       const char *org, const struct fshare_rec *sh, size_t nsh)
{
	const struct fshare_rec *s = forum_share_effective(sh, nsh, "roi", "", NULL, NULL);
	if (!s || !strcmp(s->tlp, "WITHHOLD") || tlp_parse(s->tlp) == TLP_RED)
		return NULL;
	if (!forum_visible_to(f, viewer, NULL, org, s->tlp, s->recipients, s->created_ms))
		return NULL;
	if (view == FMAP_AGGREGATE && !tlp_aggregatable((enum tlp)tlp_parse(s->tlp)))
		return NULL;
	return s;
}

int forum_roi_map_build(struct forum_ctx *f, enum forum_map_view view, int32_t refdate, struct forum_map *fm,
			struct errinfo *e)
{
	memset(fm, 0, sizeof *fm);
	fm->self = SECTOR_NONE;
	int rc = 0;
	if (view == FMAP_SECRETARIAT && (rc = forum_need_secretariat(f, e)))
		return rc;
	if ((rc = forum_need_in(f, e)))
		return rc;
	const char *viewer = view == FMAP_MEMBER ? f->org : f->forum.secretariat;
	struct xc_module mod;
	if ((rc = xc_module_load(&mod, e)))
		return rc;

	struct build b = {.a = f->a};
	strmap_init(&b.keys, 1024);
	strmap_init(&b.edge_seen, 1024);
	strmap_init(&b.orgs, 64);
	strmap_init(&b.parent_of, 64);
	strmap_init(&b.named, 64);
	struct leis l = {0};
	strmap_init(&l.by_lei, 64);
	size_t np;
	const char **who = forum_participants(f, &np);
	for (size_t i = 0; i < np; i++)
		org_of(&b, who[i]); /* every participant numbered, with or without a register */

	const struct store_scope *saved = store_scope_get(f->st);
	store_scope_set(f->st, NULL);
	rc = store_org_list(f->st, f->a, &l.orgs, &l.n, e);
	for (size_t i = 0; !rc && i < l.n; i++)
		if (l.orgs[i].lei)
			strmap_put(&l.by_lei, l.orgs[i].lei, strlen(l.orgs[i].lei), (uint32_t)i);
	for (size_t i = 0; i < np && !rc; i++) {
		struct fshare_rec *sh = NULL;
		size_t nsh = 0;
		if ((rc = store_fshare_list(f->st, f->forum.id, who[i], f->a, &sh, &nsh, e)))
			break;
		bool own = view == FMAP_MEMBER && !strcmp(who[i], f->org);
		const struct fshare_rec *share = register_share(f, view, viewer, who[i], sh, nsh);
		if (!own && !share)
			continue;
		json_t *doc = NULL;
		if ((rc = roi_load(f->st, who[i], &doc, e))) {
			if (rc == ERR_NOTFOUND) { /* an organisation removed since: nothing to read */
				err_clear(e);
				rc = 0;
			}
			continue;
		}
		if (!json_array_size(json_object_get(doc, "arrangements"))) {
			json_decref(doc);
			continue;
		}
		struct orgview v;
		if (!(rc = orgview_load(&v, f->st, who[i], refdate, e))) {
			struct xc_report r;
			struct roi_violations vs;
			roi_violations_init(&vs, f->a);
			xc_report_init(&r, &mod);
			if (!(rc = roi_build(&v, doc, refdate, "CON", &r, &vs, e)))
				read_register(&b, &l, who[i], &v, doc, &r, share);
			xc_report_free(&r);
			roi_violations_free(&vs);
			orgview_free(&v);
		}
		json_decref(doc);
	}
	store_scope_set(f->st, saved);
	xc_module_free(&mod);

	if (!rc) {
		sector_map_alloc(&fm->m, b.n, b.norgs);
		rc = graph_build(&fm->m.g, b.n, b.m, b.from, b.to, NULL, e);
	}
	if (!rc) {
		fm->node_ids = xcalloc(b.n + 1, sizeof *fm->node_ids);
		fm->node_names = xcalloc(b.n + 1, sizeof *fm->node_names);
		fm->node_kind = xcalloc(b.n + 1, 1);
		fm->node_hidden = xcalloc(b.n + 1, 1);
		fm->node_share = xcalloc(b.n + 1, sizeof *fm->node_share);
		for (uint32_t v = 0; v < b.n; v++) {
			fm->node_ids[v] = strchr(b.key[v], '/') + 1;
			fm->node_names[v] = b.name[v];
			fm->node_kind[v] = b.kind[v];
			fm->node_share[v] = b.share[v];
			fm->m.node_org[v] = b.org[v];
			fm->m.node_critical[v] = b.critical[v];
			fm->m.node_rto[v] = b.rto[v];
			fm->m.node_service_type[v] = b.type[v];
		}
		fm->nshared_nodes = b.n;
		fm->nedges = (uint32_t)b.m;
		for (uint32_t o = 0; o < b.norgs; o++)
			if (view == FMAP_MEMBER && !strcmp(b.org_ids[o], f->org))
				fm->self = o;
		forum_map_orgs(f, fm, &b.orgs, &b.org_ids, &b.norgs, &b.orgcap);
		/* a provider's ultimate parent from the register (B_05.01.0110) */
		for (size_t k = 0; k < b.nparent; k++) {
			const char *po = b.parent_key[2 * k], *pp = b.parent_key[2 * k + 1];
			long c = strmap_get(&b.orgs, po, strlen(po)), p = strmap_get(&b.orgs, pp, strlen(pp));
			if (c >= 0 && p >= 0 && fm->m.org_parent[c] == (uint32_t)c)
				fm->m.org_parent[c] = (uint32_t)p;
		}
		/* names: a known organisation's own (forum_map_orgs), else the register's legal name of the provider */
		for (size_t k = 0; k < l.n; k++) {
			long o = strmap_get(&b.orgs, l.orgs[k].id, strlen(l.orgs[k].id));
			if (o >= 0)
				fm->org_names[o] = l.orgs[k].name;
		}
		for (size_t k = 0; k < b.nnames; k++) {
			long o = strmap_get(&b.orgs, b.names[2 * k], strlen(b.names[2 * k]));
			if (o >= 0 && !fm->org_names[o])
				fm->org_names[o] = b.names[2 * k + 1];
		}
		fm->keys = xcalloc(1, sizeof *fm->keys);
		*fm->keys = b.keys;
		b.keys = (struct strmap){0};
		fm->org_ids = b.org_ids;
		b.org_ids = NULL;
	}
	if (b.keys.cap)
		strmap_free(&b.keys);
	strmap_free(&b.edge_seen);
	strmap_free(&b.orgs);
	strmap_free(&b.parent_of);
	strmap_free(&b.named);
	strmap_free(&l.by_lei);
	free(b.org_ids);
	free(b.key);
	free(b.name);
	free(b.org);
	free(b.rto);
	free(b.critical);
	free(b.type);
	free(b.kind);
	free(b.share);
	free(b.from);
	free(b.to);
	free(b.parent_key);
	free(b.names);
	if (rc)
		forum_map_free(fm);
	return rc;
}
