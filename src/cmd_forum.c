/*
 * cmd_forum.c — `skjold forum …`: the sector forum from the shell, and
 * through api_cli from the server (SPEC §4, issue 5).
 *
 * Every subcommand acts for one organisation (--org) in one forum
 * (--forum) as one user (--actor); forum.c decides what that organisation
 * may see and do.  The analyses run on forum_map.c's views: the secretariat
 * gets the sector as shared with it; a member gets its own position (its
 * own functions on its own view of the map) and sector figures only as
 * aggregates over at least the forum's minimum group of members, taken from
 * the aggregate view — so nothing a member reads names or singles out
 * another member.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "forum.h"
#include "forum_views.h"
#include "forum_map.h"
#include "ict.h"
#include "jsonx.h"
#include "sector.h"

static const char usage[] =
	"usage: skjold forum create --org SECRETARIAT --id ID --name NAME\n"
	"       skjold forum list --org ORG\n"
	"       skjold forum show|members --forum ID --org ORG\n"
	"       skjold forum invite --forum ID --org SECRETARIAT --member ORG [--category C] [--assets DKK_M]\n"
	"       skjold forum join|decline|leave --forum ID --org ORG\n"
	"       skjold forum remove --forum ID --org SECRETARIAT --member ORG\n"
	"       skjold forum member-update --forum ID --org ORG [--member ORG] [--category C] [--assets DKK_M]\n"
	"       skjold forum share --forum ID --org ORG --kind node|incident [--target ID | --critical-only true\n"
	"                          | --kinds K,K] --tlp CLEAR|GREEN|AMBER|AMBER+STRICT|RED|WITHHOLD [--to A,B]\n"
	"       skjold forum shares --forum ID --org ORG;  skjold forum unshare --forum ID --org ORG --id SHARE\n"
	"       skjold forum item add|update|show|list|delete --forum ID --org ORG --kind KIND [--id ID]\n"
	"                          [--parent ID] [--tlp T] [--to A,B] [--body FILE|-] [--version N]\n"
	"       skjold forum map|spof|footprint|concentration|recovery --forum ID --org ORG [--function ORG/NODE]\n"
	"       skjold forum outage --forum ID --org ORG --node ORG/NODE\n"
	"       skjold forum stress --forum ID --org SECRETARIAT --share 0.5 [--exact-limit N]\n"
	"       skjold forum item rerate --forum ID --org SECRETARIAT --id RISK --likelihood 1-5 --consequence 1-5\n"
	"                          [--rated-on YYYY-MM-DD] [--rationale TEXT] [--version N]\n"
	"       skjold forum settings --forum ID --org ORG [--min-group N] [--risk-scale FILE|-|default]\n"
	"       skjold forum view NAME --forum ID --org ORG [--crisis|--campaign|--survey ID]\n"
	"VIEW: picture, late, after-action, register, incidents and the programmes' views\n"
	"CATEGORY: credit, payment, data_centre, industry_body, authority, insurance, other\n"
	"KIND: crisis, decision, report, risk, measure, redteam, finding, catalogue, campaign, answer,\n"
	"      survey, response\n";

static int open_forum(struct cli *c, struct forum_ctx *f)
{
	const char *id = cli_get(c, "forum"), *org = cli_get(c, "org");
	return forum_open(f, c->st, &c->a, id, org, c->user ? c->user : c->actor, &c->e);
}

/* --to A,B as a JSON array; NULL when absent, [] for an empty value. */
static json_t *recipients_opt(struct cli *c)
{
	const char *to = cli_get(c, "to");
	if (!to)
		return NULL;
	json_t *arr = json_array();
	const char *p = to;
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len)
			json_array_append_new(arr, json_stringn(p, len));
		p += len + (comma ? 1 : 0);
	}
	return arr;
}

static int number_opt(struct cli *c, const char *name, double *out)
{
	const char *s = cli_get(c, name);
	if (!s)
		return 0;
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !isfinite(v))
		return err_set(&c->e, ERR_INVALID, name[0] == '-' ? name : arena_printf(&c->a, "--%s", name),
			       "'%s' is not a number", s);
	*out = v;
	return 0;
}

/* --version: a whole number, the version last read (0 or absent: no check). */
static int version_opt(struct cli *c, double *out)
{
	int rc = number_opt(c, "version", out);
	if (!rc && (*out < 0 || *out != (double)(int64_t)*out))
		rc = err_set(&c->e, ERR_INVALID, "--version", "a version is a whole number: the one last read");
	return rc;
}

/* ---- analyses ---- */

static json_t *node_ref(const struct forum_map *fm, struct arena *a, uint32_t v)
{
	json_t *o = json_pack("{s:s, s:s, s:s}", "node", forum_map_key(fm, a, v), "org",
			      fm->org_ids[fm->m.node_org[v]], "name", fm->node_names[v] ? fm->node_names[v] : "");
	if (fm->node_hidden[v])
		json_object_set_new(o, "not_shared", json_true());
	return o;
}

/* "fewer than N" for a count below the forum's minimum group. */
static json_t *group_count(const struct forum_ctx *f, uint32_t n)
{
	if (n < (uint32_t)f->min_group)
		return json_string(forum_views_fewer(f->min_group));
	return json_integer(n);
}

static int run_outage(struct cli *c, struct forum_ctx *f)
{
	const char *key = cli_get(c, "node");
	if (!key)
		return err_set(&c->e, ERR_INVALID, "--node", "--node ORG/NODE is required");
	int rc = cli_check_unused(c);
	if (rc)
		return rc;
	struct forum_map fm;
	if ((rc = forum_map_build(f, forum_map_own_view(f), &fm, &c->e)))
		goto out;
	uint32_t v = forum_map_find(&fm, key);
	if (v == SECTOR_NONE) {
		rc = err_set(&c->e, ERR_NOTFOUND, "--node", "no node '%s' in the sector map as shared with %s", key, f->org);
		goto out;
	}
	struct graph_scratch s;
	graph_scratch_init(&s, &fm.m.g);
	struct sector_outage o;
	sector_outage(&fm.m, &s, &v, 1, &o);
	json_t *res = json_pack("{s:s, s:o, s:i}", "view", f->secretariat ? "secretariat" : "member", "node",
				node_ref(&fm, &c->a, v), "failed_nodes", (int)o.nfailed);
	json_t *fns = json_array(), *orgs = json_array();
	for (uint32_t i = 0; i < o.nfn; i++)
		if (f->secretariat || fm.m.node_org[o.fn[i]] == fm.self)
			json_array_append_new(fns, node_ref(&fm, &c->a, o.fn[i]));
	for (uint32_t i = 0; i < o.norg; i++)
		if (f->secretariat && fm.m.org_member[o.org[i]])
			json_array_append_new(orgs, json_string(fm.org_ids[o.org[i]]));
	json_object_set_new(res, f->secretariat ? "functions_stopped" : "your_functions_stopped", fns);
	if (f->secretariat) {
		json_object_set_new(res, "members_hit", orgs);
	} else {
		json_decref(orgs);
		/* the sector figure comes from the aggregate view, and only as a group count */
		struct forum_map agg;
		if (!(rc = forum_map_build(f, FMAP_AGGREGATE, &agg, &c->e))) {
			uint32_t av = forum_map_find(&agg, key), hit = 0;
			if (av != SECTOR_NONE) {
				struct graph_scratch s2;
				graph_scratch_init(&s2, &agg.m.g);
				struct sector_outage o2;
				sector_outage(&agg.m, &s2, &av, 1, &o2);
				for (uint32_t i = 0; i < o2.norg; i++)
					hit += agg.m.org_member[o2.org[i]];
				sector_outage_free(&o2);
				graph_scratch_free(&s2);
			}
			json_object_set_new(res, "sector_members_hit", group_count(f, hit));
			forum_map_free(&agg);
		}
	}
	sector_outage_free(&o);
	graph_scratch_free(&s);
	if (!rc)
		rc = cli_print(res);
	else
		json_decref(res);
out:
	forum_map_free(&fm);
	return rc;
}

static int run_spof(struct cli *c, struct forum_ctx *f)
{
	const char *only = cli_get(c, "function");
	int rc = cli_check_unused(c);
	if (rc)
		return rc;
	struct forum_map fm;
	if ((rc = forum_map_build(f, forum_map_own_view(f), &fm, &c->e)))
		goto out;
	uint32_t want = only ? forum_map_find(&fm, only) : SECTOR_NONE;
	if (only && (want == SECTOR_NONE || !fm.m.node_critical[want])) {
		rc = err_set(&c->e, ERR_NOTFOUND, "--function", "no critical function '%s' in the sector map as shared with %s",
			     only, f->org);
		goto out;
	}
	struct sector_spof sp;
	if ((rc = sector_spof_all(&fm.m, &sp, &c->e)))
		goto out;
	json_t *arr = json_array();
	for (uint32_t i = 0; i < sp.nfn; i++) {
		uint32_t fn = sp.fn[i];
		if (want != SECTOR_NONE && fn != want)
			continue;
		if (!f->secretariat && fm.m.node_org[fn] != fm.self)
			continue;
		json_t *o = node_ref(&fm, &c->a, fn), *list = json_array();
		uint32_t foreign = 0;
		for (uint64_t k = sp.off[i]; k < sp.off[i + 1]; k++) {
			json_array_append_new(list, node_ref(&fm, &c->a, sp.node[k]));
			foreign += fm.m.node_org[sp.node[k]] != fm.m.node_org[fn];
		}
		json_object_set_new(o, "single_points_of_failure", list);
		json_object_set_new(o, "outside_own_organisation", json_integer(foreign));
		json_array_append_new(arr, o);
	}
	sector_spof_free(&sp);
	rc = cli_print(json_pack("{s:s, s:s, s:o}", "view", f->secretariat ? "secretariat" : "member", "method",
				 "dominators with redundancy groups, exact (docs/internals/sector.md)", "functions", arr));
out:
	forum_map_free(&fm);
	return rc;
}

static json_t *footprint_json(const struct forum_ctx *f, const struct forum_map *fm, const struct sector_footprint *fp,
			      bool full)
{
	json_t *arr = json_array();
	for (uint32_t i = 0; i < fp->n; i++) {
		const struct sector_fp_provider *p = &fp->p[i];
		if (!full && p->members < (uint32_t)f->min_group)
			continue; /* a provider few members use would single them out */
		json_t *cats = json_array();
		for (int k = 0; k < SECTOR_NCAT; k++) {
			const struct sector_fp_cat *cp = &p->cat[k];
			if (!cp->members)
				continue;
			json_t *o = json_pack("{s:s, s:s, s:o, s:o, s:f, s:f, s:b}", "category", forum_category_name(k),
					      "category_da", forum_category_label_da(k), "members",
					      full ? json_integer(cp->members) : group_count(f, cp->members),
					      "category_members", json_integer(cp->category_members), "member_share",
					      cp->member_share, "asset_share", cp->asset_share, "flagged", cp->flagged);
			if (full)
				json_object_set_new(o, "members_direct", json_integer(cp->members_direct));
			json_array_append_new(cats, o);
		}
		json_t *o = json_pack("{s:s, s:o, s:b, s:o}", "provider", fm->org_ids[p->parent], "members",
				      full ? json_integer(p->members) : group_count(f, p->members), "flagged", p->flagged,
				      "categories", cats);
		if (full) {
			json_object_set_new(o, "members_direct", json_integer(p->members_direct));
			json_object_set_new(o, "only_through_subcontractors",
					    json_integer(p->members - p->members_direct));
		}
		json_array_append_new(arr, o);
	}
	return arr;
}

static int run_footprint(struct cli *c, struct forum_ctx *f)
{
	int rc = cli_check_unused(c);
	if (rc)
		return rc;
	struct forum_map fm;
	struct sector_footprint fp = {0};
	enum forum_map_view view = f->secretariat ? FMAP_SECRETARIAT : FMAP_AGGREGATE;
	if ((rc = forum_map_build(f, view, &fm, &c->e)) || (rc = sector_footprint(&fm.m, &fp, &c->e)))
		goto out;
	json_t *res = json_pack("{s:s, s:s, s:f, s:o}", "view", f->secretariat ? "secretariat" : "aggregate", "rule",
				"Commission Delegated Regulation (EU) 2024/1502 art. 1, applied at sector level: "
				"flagged at 10 % of a category's members or of their total assets",
				"threshold", 0.10, "providers", footprint_json(f, &fm, &fp, f->secretariat));
	if (!f->secretariat) {
		/* the member's own providers, from its own view */
		struct forum_map own;
		struct sector_footprint ofp = {0};
		json_t *mine = json_array();
		if (!(rc = forum_map_build(f, FMAP_MEMBER, &own, &c->e)) && !(rc = sector_footprint(&own.m, &ofp, &c->e))) {
			/* in its own view, every provider relied on is one the member itself relies on */
			for (uint32_t i = 0; i < ofp.n; i++)
				json_array_append_new(mine, json_string(own.org_ids[ofp.p[i].parent]));
		}
		sector_footprint_free(&ofp);
		forum_map_free(&own);
		json_object_set_new(res, "providers_in_your_view", mine);
	}
	rc = rc ? (json_decref(res), rc) : cli_print(res);
out:
	sector_footprint_free(&fp);
	forum_map_free(&fm);
	return rc;
}

static int run_concentration(struct cli *c, struct forum_ctx *f)
{
	int rc = cli_check_unused(c);
	if (rc)
		return rc;
	struct forum_map fm;
	if ((rc = forum_map_build(f, f->secretariat ? FMAP_SECRETARIAT : FMAP_AGGREGATE, &fm, &c->e)))
		goto out;
	struct sector_hhi h;
	sector_hhi(&fm.m, &h);
	json_t *arr = json_array();
	for (int t = 1; t < SECTOR_NTYPES && t <= ICT_NTYPES; t++) {
		if (!h.relationships[t])
			continue;
		json_t *o = json_pack("{s:s, s:s, s:s}", "service_type", ict_service_code(t), "name_da",
				      ict_service_name_da(t), "name_en", ict_service_name_en(t));
		if (!f->secretariat && h.relationships[t] < (uint32_t)f->min_group) {
			json_object_set_new(o, "suppressed", json_string(forum_views_fewer(f->min_group)));
		} else {
			json_object_set_new(o, "relationships", json_integer(h.relationships[t]));
			json_object_set_new(o, "providers", json_integer(h.providers[t]));
			json_object_set_new(o, "hhi", json_real(round(h.hhi[t] * 10) / 10));
			json_object_set_new(o, "band", json_string(h.hhi[t] > 2500   ? "high"
								   : h.hhi[t] >= 1500 ? "moderate"
										       : "low"));
		}
		json_array_append_new(arr, o);
	}
	rc = cli_print(json_pack("{s:s, s:s, s:o}", "view", f->secretariat ? "secretariat" : "aggregate", "method",
				 "Herfindahl-Hirschman index over provider groups' shares of member relationships, "
				 "0-10000; bands as the US merger guidelines: < 1500 low, 1500-2500 moderate, > 2500 high",
				 "types", arr));
out:
	forum_map_free(&fm);
	return rc;
}

static int run_recovery(struct cli *c, struct forum_ctx *f)
{
	const char *only = cli_get(c, "function");
	int rc = cli_check_unused(c);
	if (rc)
		return rc;
	struct forum_map fm;
	if ((rc = forum_map_build(f, forum_map_own_view(f), &fm, &c->e)))
		goto out;
	json_t *arr = json_array();
	for (uint32_t v = 0; v < fm.m.g.n && !rc; v++) {
		if (!fm.m.node_critical[v] || (!f->secretariat && fm.m.node_org[v] != fm.self))
			continue;
		if (only && strcmp(forum_map_key(&fm, &c->a, v), only))
			continue;
		struct sector_recovery r;
		if ((rc = sector_recovery(&fm.m, v, &r, &c->e)))
			break;
		json_t *o = node_ref(&fm, &c->a, v), *chain = json_array();
		for (uint32_t k = 0; k < r.nchain; k++)
			json_array_append_new(chain, json_string(forum_map_key(&fm, &c->a, r.chain[k])));
		json_object_set_new(o, "worst_chain_minutes", json_integer((json_int_t)r.worst_minutes));
		json_object_set_new(o, "tolerance_minutes",
				    r.tolerance == SECTOR_UNKNOWN ? json_null() : json_integer(r.tolerance));
		json_object_set_new(o, "breach", json_boolean(r.breach));
		json_object_set_new(o, "unknown_rto_nodes", json_integer(r.unknown));
		json_object_set_new(o, "worst_chain", chain);
		json_array_append_new(arr, o);
		sector_recovery_free(&r);
	}
	if (!rc)
		rc = cli_print(json_pack("{s:s, s:s, s:o}", "view", f->secretariat ? "secretariat" : "member", "method",
					 "sequential restoration along each chain (sum of RTOs), a redundancy group back "
					 "with its quickest member; unknown RTOs counted, not taken as zero",
					 "functions", arr));
	else
		json_decref(arr);
out:
	forum_map_free(&fm);
	return rc;
}

static int run_stress(struct cli *c, struct forum_ctx *f)
{
	double share = 0.5, limit = 40;
	int rc;
	if ((rc = forum_need_secretariat(f, &c->e)) || (rc = number_opt(c, "share", &share)) ||
	    (rc = number_opt(c, "exact_limit", &limit)) || (rc = cli_check_unused(c)))
		return rc;
	if (!(share > 0 && share <= 1))
		return err_set(&c->e, ERR_INVALID, "--share", "share must be above 0 and at most 1");
	if (!(limit >= 0 && limit <= 200))
		return err_set(&c->e, ERR_INVALID, "--exact-limit", "exact-limit must be 0 to 200");
	struct forum_map fm;
	struct sector_stress s = {0};
	if ((rc = forum_map_build(f, FMAP_SECRETARIAT, &fm, &c->e)) ||
	    (rc = sector_stress(&fm.m, share, (uint32_t)limit, &s, &c->e)))
		goto out;
	json_t *set = json_array();
	for (uint32_t i = 0; i < s.nset; i++)
		json_array_append_new(set, node_ref(&fm, &c->a, s.set[i]));
	rc = cli_print(json_pack("{s:f, s:b, s:s, s:i, s:i, s:o}", "share", share, "exact", s.exact, "method",
				 s.exact ? "exhaustive search by size: a smallest set"
					 : "greedy by marginal stopped functions: an upper bound on the smallest set",
				 "functions_stopped", (int)s.stopped, "functions_total", (int)s.total, "set", set));
out:
	sector_stress_free(&s);
	forum_map_free(&fm);
	return rc;
}

static int run_map(struct cli *c, struct forum_ctx *f)
{
	int rc = cli_check_unused(c);
	if (rc)
		return rc;
	struct forum_map fm;
	if ((rc = forum_map_build(f, forum_map_own_view(f), &fm, &c->e)))
		goto out;
	uint32_t nfn = 0;
	for (uint32_t v = 0; v < fm.m.g.n; v++)
		nfn += fm.m.node_critical[v];
	json_t *res = json_pack("{s:s, s:i, s:i, s:i, s:i}", "view", f->secretariat ? "secretariat" : "member", "nodes",
				(int)fm.m.g.n, "edges", (int)fm.nedges, "critical_functions", (int)nfn, "not_shared_refs",
				(int)fm.nhidden);
	json_t *nodes = json_array(), *edges = json_array();
	for (uint32_t v = 0; v < fm.m.g.n; v++) {
		json_t *o = node_ref(&fm, &c->a, v);
		json_object_set_new(o, "kind", json_string(node_kind_name((enum node_kind)fm.node_kind[v])));
		if (fm.m.node_critical[v])
			json_object_set_new(o, "critical_function", json_true());
		json_array_append_new(nodes, o);
		for (uint32_t k = fm.m.g.dep_off[v]; k < fm.m.g.dep_off[v + 1]; k++) {
			json_t *e = json_pack("{s:s, s:s}", "from", forum_map_key(&fm, &c->a, v), "to",
					      forum_map_key(&fm, &c->a, fm.m.g.dep_dst[k]));
			if (fm.m.g.dep_slot[k] != GRAPH_NONE)
				json_object_set_new(e, "group", json_integer(fm.m.g.dep_slot[k]));
			json_array_append_new(edges, e);
		}
	}
	json_object_set_new(res, "node_list", nodes);
	json_object_set_new(res, "edge_list", edges);
	rc = cli_print(res);
out:
	forum_map_free(&fm);
	return rc;
}

/* ---- items ---- */

static int run_item(struct cli *c, struct forum_ctx *f, const char *verb)
{
	const char *kind = cli_get(c, "kind"), *id = cli_get(c, "id"), *parent = cli_get(c, "parent");
	if (!kind)
		return err_set(&c->e, ERR_INVALID, "--kind", "--kind is required (%s)", forum_kinds());
	if (!forum_kind_valid(kind))
		return err_set(&c->e, ERR_INVALID, "--kind", "kind must be one of %s", forum_kinds());
	int rc;
	if (!strcmp(verb, "list")) {
		struct fitem_rec *rows;
		size_t n;
		if ((rc = cli_check_unused(c)) || (rc = forum_item_list(f, kind, parent, &rows, &n, &c->e)))
			return rc;
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, forum_item_json(f, &rows[i]));
		return cli_print(arr);
	}
	if (!id && strcmp(verb, "add"))
		return err_set(&c->e, ERR_INVALID, "--id", "--id is required");
	if (!strcmp(verb, "show")) {
		struct fitem_rec it;
		if ((rc = cli_check_unused(c)) || (rc = forum_item_get(f, kind, id, &it, &c->e)))
			return rc;
		return cli_print(forum_item_json(f, &it));
	}
	struct writer w = cli_writer(c);
	if (!strcmp(verb, "delete")) {
		if ((rc = cli_check_unused(c)) || (rc = forum_item_delete(f, &w, kind, id, &c->e)))
			return rc;
		return cli_print(json_pack("{s:s, s:s}", "deleted", id, "kind", kind));
	}
	if (strcmp(verb, "add") && strcmp(verb, "update"))
		return err_set(&c->e, ERR_INVALID, "VERB", "unknown item command '%s' (add, update, show, list, delete)", verb);
	const char *tlp = cli_get(c, "tlp"), *body_path = cli_get(c, "body");
	double version = 0;
	json_t *to = recipients_opt(c), *body = NULL, *clean = NULL;
	if ((rc = version_opt(c, &version)) || (rc = cli_check_unused(c)))
		goto out;
	if (!body_path) {
		rc = err_set(&c->e, ERR_INVALID, "--body", "--body FILE (or - for standard input) is required");
		goto out;
	}
	if ((rc = cli_read_json(c, body_path, &body)))
		goto out;
	/* the secretariat names its records ("R1"): a new one may take its id from the body */
	if (!id && !strcmp(verb, "add") && forum_kind_by_secretariat(kind) &&
	    json_is_string(json_object_get(body, "id")))
		id = arena_strdup(&c->a, json_string_value(json_object_get(body, "id")));
	/* a member's new record: its server-made id now, so the body checked is the body stored */
	int64_t if_version = (int64_t)version;
	if (!id && !strcmp(verb, "add") && !forum_kind_by_secretariat(kind)) {
		id = forum_item_new_id(f, kind);
		if_version = FORUM_ITEM_FRESH;
		json_object_del(body, "id"); /* the server names members' records (docs/forum.md) */
	}
	/* the kind's own module validates and normalises the body */
	const char *parent_for_check = parent;
	struct fitem_rec old;
	if (!strcmp(verb, "update")) {
		if ((rc = forum_item_get(f, kind, id, &old, &c->e)))
			goto out;
		if (!parent_for_check)
			parent_for_check = old.parent;
	}
	if ((rc = forum_views_check(f, kind, id, parent_for_check, body, c->now_ms, &clean, &c->e)))
		goto out;
	/* a body that carries its own label (a status report's "tlp") takes the item's */
	if (json_is_string(json_object_get(clean, "tlp"))) {
		if (!tlp)
			tlp = arena_strdup(&c->a, json_string_value(json_object_get(clean, "tlp")));
		int t = tlp_parse(tlp);
		if (t >= 0)
			json_object_set_new(clean, "tlp", json_string(tlp_name((enum tlp)t)));
	}
	/* a risk's sources and a measure's risks bound its label: the label goes to the store as worked out */
	if (!strcmp(kind, "risk") || !strcmp(kind, "measure")) {
		enum tlp t;
		const char *rtext;
		if ((rc = forum_views_bound(f, kind, strcmp(verb, "update") ? NULL : &old, clean, tlp, to, &t, &rtext,
					    &c->e)))
			goto out;
		tlp = tlp_name(t);
		json_decref(to);
		to = json_loads(rtext, 0, NULL);
	}
	const char *out_id = NULL;
	if ((rc = forum_item_put(f, &w, kind, id, parent, tlp, to, clean, if_version, &out_id, &c->e)))
		goto out;
	struct fitem_rec it;
	if (!(rc = forum_item_get(f, kind, out_id, &it, &c->e)))
		rc = cli_print(forum_item_json(f, &it));
out:
	json_decref(to);
	json_decref(body);
	json_decref(clean);
	return rc;
}

/* An option that must be a whole number: the number, or its text as given for the check to refuse by name. */
static json_t *whole_or_text(const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	return *s && !*end ? json_integer(v) : json_string(s);
}

/* `forum item rerate`: a new rating of a forum risk, appended to its history (forum_views_rerate). */
static int run_rerate(struct cli *c, struct forum_ctx *f)
{
	static const char *const fields[] = {"likelihood", "consequence", "rated_on", "rationale", NULL};
	const char *id = cli_get(c, "id");
	double version = 0;
	int rc;
	json_t *rating = json_object();
	for (size_t i = 0; fields[i]; i++) {
		const char *v = cli_get(c, fields[i]);
		if (v)
			json_object_set_new(rating, fields[i], i < 2 ? whole_or_text(v) : json_string(v));
	}
	if (!id)
		rc = err_set(&c->e, ERR_INVALID, "--id", "--id RISK is required");
	else if (!(rc = version_opt(c, &version)) && !(rc = cli_check_unused(c))) {
		struct writer w = cli_writer(c);
		rc = forum_views_rerate(f, &w, id, rating, (int64_t)version, &c->e);
	}
	json_decref(rating);
	struct fitem_rec it;
	if (!rc && !(rc = forum_item_get(f, "risk", id, &it, &c->e)))
		rc = cli_print(forum_item_json(f, &it));
	return rc;
}

/* `forum settings`: show them (any active member), or change them (the secretariat). */
static int run_settings(struct cli *c, struct forum_ctx *f)
{
	const char *mg = cli_get(c, "min_group"), *scale_path = cli_get(c, "risk_scale");
	int rc = cli_check_unused(c);
	if (rc)
		return rc;
	if (!mg && !scale_path)
		return (rc = forum_need_in(f, &c->e)) ? rc : cli_print(forum_settings_json(f));
	if ((rc = forum_need_secretariat(f, &c->e)))
		return rc;
	json_t *min_group = mg ? whole_or_text(mg) : NULL, *scale = NULL;
	if (scale_path && !strcmp(scale_path, "default"))
		scale = json_null(); /* back to frisk_scale_default */
	else if (scale_path && (rc = cli_read_json(c, scale_path, &scale)) && !strcmp(c->e.field, "$"))
		snprintf(c->e.field, sizeof c->e.field, "risk_scale");
	if (!rc) {
		struct writer w = cli_writer(c);
		rc = forum_settings_put(f, &w, min_group, scale, &c->e);
	}
	json_decref(min_group);
	json_decref(scale);
	return rc ? rc : cli_print(forum_settings_json(f));
}

int cmd_forum(struct cli *c)
{
	const char *verb = c->npos > 1 ? c->pos[1] : NULL;
	if (c->help || !verb)
		return cli_usage(usage);
	int rc = cli_open(c);
	if (rc)
		return rc;
	struct writer w = cli_writer(c);
	if (!strcmp(verb, "create")) {
		const char *org = cli_get(c, "org"), *id = cli_get(c, "id"), *name = cli_get(c, "name");
		if ((rc = cli_org(c, &org)) || (rc = cli_check_unused(c)) || (rc = forum_create(&w, id, name, org, &c->e)))
			return rc;
		struct forum_ctx f;
		if ((rc = forum_open(&f, c->st, &c->a, id, org, c->user ? c->user : c->actor, &c->e)))
			return rc;
		return cli_print(forum_json(&f));
	}
	if (!strcmp(verb, "list")) {
		const char *org;
		json_t *arr;
		if ((rc = cli_org(c, &org)) || (rc = cli_check_unused(c)) ||
		    (rc = forum_list_for(c->st, &c->a, org, &arr, &c->e)))
			return rc;
		return cli_print(arr);
	}
	struct forum_ctx f;
	if ((rc = open_forum(c, &f)))
		return rc;
	if (!strcmp(verb, "show"))
		return (rc = cli_check_unused(c)) ? rc : cli_print(forum_json(&f));
	if (!strcmp(verb, "members"))
		return (rc = cli_check_unused(c)) ? rc : cli_print(forum_members_json(&f));
	if (!strcmp(verb, "invite") || !strcmp(verb, "member-update")) {
		const char *member = cli_get(c, "member"), *cat = cli_get(c, "category");
		double assets = -1;
		if ((rc = number_opt(c, "assets", &assets)) || (rc = cli_check_unused(c)))
			return rc;
		if (!strcmp(verb, "invite"))
			rc = forum_invite(&f, &w, member, cat, assets < 0 ? 0 : assets, &c->e);
		else
			rc = forum_member_update(&f, &w, member, cat, assets, &c->e);
		if (rc || (rc = forum_open(&f, c->st, &c->a, f.forum.id, f.org, c->user ? c->user : c->actor, &c->e)))
			return rc;
		return cli_print(forum_members_json(&f));
	}
	if (!strcmp(verb, "join") || !strcmp(verb, "decline") || !strcmp(verb, "leave") || !strcmp(verb, "remove")) {
		const char *member = !strcmp(verb, "remove") ? cli_get(c, "member") : NULL;
		if ((rc = cli_check_unused(c)))
			return rc;
		if (!strcmp(verb, "remove") && !member)
			return err_set(&c->e, ERR_INVALID, "--member", "--member ORG is required");
		if (!strcmp(verb, "join") || !strcmp(verb, "decline"))
			rc = forum_answer(&f, &w, !strcmp(verb, "join"), &c->e);
		else
			rc = forum_leave(&f, &w, member, &c->e);
		if (rc || (rc = forum_open(&f, c->st, &c->a, f.forum.id, f.org, c->user ? c->user : c->actor, &c->e)))
			return rc;
		return cli_print(forum_json(&f));
	}
	if (!strcmp(verb, "share")) {
		const char *kind = cli_get(c, "kind"), *target = cli_get(c, "target"), *tlp = cli_get(c, "tlp");
		const char *crit = cli_get(c, "critical_only"), *kinds = cli_get(c, "kinds");
		json_t *to = recipients_opt(c), *filter = NULL;
		if (crit || kinds) {
			filter = json_object();
			if (crit)
				json_object_set_new(filter, "critical_only", json_boolean(!strcmp(crit, "true")));
			if (kinds) {
				json_t *k = json_array();
				const char *p = kinds;
				while (*p) {
					const char *comma = strchr(p, ',');
					size_t len = comma ? (size_t)(comma - p) : strlen(p);
					json_array_append_new(k, json_stringn(p, len));
					p += len + (comma ? 1 : 0);
				}
				json_object_set_new(filter, "kinds", k);
			}
		}
		json_t *share = NULL;
		if (crit && strcmp(crit, "true") && strcmp(crit, "false"))
			rc = err_set(&c->e, ERR_INVALID, "--critical-only", "--critical-only must be true or false");
		if (!rc)
			rc = cli_check_unused(c);
		if (!rc)
			rc = forum_share_put(&f, &w, kind, target, filter, tlp, to, &share, &c->e);
		json_decref(to);
		json_decref(filter);
		return rc ? rc : cli_print(share);
	}
	if (!strcmp(verb, "settings"))
		return run_settings(c, &f);
	if (!strcmp(verb, "shares")) {
		json_t *all;
		if ((rc = cli_check_unused(c)) || (rc = forum_shares_json(&f, &all, &c->e)))
			return rc;
		return cli_print(all);
	}
	if (!strcmp(verb, "unshare")) {
		const char *id = cli_get(c, "id");
		if (!id)
			return err_set(&c->e, ERR_INVALID, "--id", "--id SHARE is required");
		if ((rc = cli_check_unused(c)) || (rc = forum_share_delete(&f, &w, id, &c->e)))
			return rc;
		return cli_print(json_pack("{s:s}", "unshared", id));
	}
	if (!strcmp(verb, "item")) {
		const char *iv = c->npos > 2 ? c->pos[2] : NULL;
		if (!iv)
			return err_set(&c->e, ERR_INVALID, "VERB", "give add, update, show, list, delete or rerate");
		return !strcmp(iv, "rerate") ? run_rerate(c, &f) : run_item(c, &f, iv);
	}
	if (!strcmp(verb, "view")) {
		const char *name = c->npos > 2 ? c->pos[2] : NULL;
		json_t *res = NULL;
		if ((rc = forum_views_run(c, &f, name, &res)))
			return rc;
		return cli_print(res);
	}
	if (!strcmp(verb, "map"))
		return run_map(c, &f);
	if (!strcmp(verb, "outage"))
		return run_outage(c, &f);
	if (!strcmp(verb, "spof"))
		return run_spof(c, &f);
	if (!strcmp(verb, "footprint"))
		return run_footprint(c, &f);
	if (!strcmp(verb, "concentration"))
		return run_concentration(c, &f);
	if (!strcmp(verb, "recovery"))
		return run_recovery(c, &f);
	if (!strcmp(verb, "stress"))
		return run_stress(c, &f);
	return err_set(&c->e, ERR_INVALID, "COMMAND", "unknown forum command '%s'", verb);
}
