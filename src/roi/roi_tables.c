/*
 * roi_tables.c — the register and the map as the 15 tables of the EBA's
 * DORA 4.0 module (Implementing Regulation (EU) 2024/2956, Annex I; the
 * column codes of formats/eba-roi/dora_4.0_module.json).
 *
 * Choices where the texts leave room (docs/roi.md#choices):
 *   - B_01.02.0060: an entity without a parent reports its own LEI;
 *   - B_01.02.0090 and B_02.02.0080: 9999-12-31 when not deleted / open ended
 *     (the EBA's master template);
 *   - a country that is a key of B_02.02 (0130, 0150, 0160) and does not
 *     apply is eba_GA:qx2007 "not applicable" (EBA Q&A), never empty;
 *   - B_01.01.0060 "date of the reporting" is the reference date, so the
 *     same register gives the same tables;
 *   - B_06.01.0080/0090: RTO and RPO in whole hours, rounded down from the
 *     map's minutes (an objective is not reported looser than it is);
 *   - B_05.02: rank 1 is the direct provider; rank n+1 every supplier the
 *     map says a rank n supplier is supplied_by, the recipient being that
 *     rank n supplier.
 */
#include "roi.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "jsonx.h"
#include "model.h"
#include "orgview.h"
#include "roi_codes.h"
#include "strmap.h"

#define MAX_COLS 32
#define CHAIN_MAX_RANK 10

extern const char *const roi_definition_keys[19];

/* Skjold's own definitions (B_99.01) when the register gives none: its scales in words. */
static const char *const default_definitions[19] = {
	"Én aftale, der ikke hører under en rammeaftale / One arrangement not under an overarching arrangement",
	"Rammeaftale med efterfølgende aftaler / Overarching arrangement with subsequent arrangements",
	"Aftale indgået under en rammeaftale / Arrangement concluded under an overarching arrangement",
	"Offentlige eller interne data uden personoplysninger / Public or internal data, no personal data",
	"Fortrolige data eller almindelige personoplysninger / Confidential data or ordinary personal data",
	"Strengt fortrolige data eller følsomme personoplysninger / Strictly confidential or sensitive personal data",
	"Afbrydelse kan håndteres inden for normal drift / Discontinuation handled within normal operations",
	"Afbrydelse påvirker kunder eller drift mærkbart / Discontinuation noticeably affects customers or operations",
	"Afbrydelse truer kritiske funktioner eller overholdelse / Discontinuation threatens critical functions or compliance",
	"Ingen realistisk erstatning findes / No realistic substitute exists",
	"Erstatning kræver mere end 12 måneder / Substitution takes more than 12 months",
	"Erstatning kræver 3-12 måneder / Substitution takes 3-12 months",
	"Erstatning inden for 3 måneder / Substitution within 3 months",
	"Kan hjemtages inden for 3 måneder / Can be brought in-house within 3 months",
	"Hjemtagelse kræver 3-12 måneder / Bringing in-house takes 3-12 months",
	"Hjemtagelse kræver mere end 12 måneder / Bringing in-house takes more than 12 months",
	"Ophør kan håndteres inden for normal drift / Discontinuation handled within normal operations",
	"Ophør påvirker kunder eller drift mærkbart / Discontinuation noticeably affects customers or operations",
	"Ophør truer kritiske funktioner eller overholdelse / Discontinuation threatens critical functions or compliance",
};

struct row {
	struct xc_table *t;
	const char *c[MAX_COLS];
};

static void row_begin(struct row *w, struct xc_report *r, const char *table)
{
	w->t = xc_report_table(r, table);
	ASSERT(w->t && w->t->def->ncols <= MAX_COLS);
	memset(w->c, 0, sizeof w->c);
}

static void put(struct row *w, const char *col, const char *val)
{
	int i = xc_table_col(w->t->def, col);
	ASSERT(i >= 0);
	w->c[i] = val && *val ? val : NULL;
}

static void row_end(struct row *w, struct xc_report *r)
{
	xc_table_add(r, w->t, w->c);
}

struct ctx {
	const struct orgview *v;
	json_t *doc;
	int32_t refdate;
	struct arena *a;
	struct xc_report *r;
	struct roi_violations *vs;
	const char *lei;          /* the organisation's */
	const char *currency;     /* the register's */
	struct strmap providers;  /* node id → index in doc.providers */
	struct strmap functions;  /* node id → index in doc.functions */
};

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static const char *code(enum roi_list l, const char *key)
{
	return key ? roi_code_eba(l, key) : NULL;
}

static const char *country_key(const char *key)
{
	return key ? roi_code_eba(ROI_COUNTRY, key) : ROI_COUNTRY_NOT_APPLICABLE;
}

static const char *boolean(json_t *o, const char *key)
{
	json_t *b = json_object_get(o, key);
	return json_is_boolean(b) ? roi_code_eba(ROI_BINARY, json_is_true(b) ? "yes" : "no") : NULL;
}

static const char *date_cell(json_t *o, const char *key, const char *absent)
{
	const char *s = str(o, key);
	return s ? s : absent;
}

static const char *money(struct ctx *c, json_t *n)
{
	if (!json_is_number(n))
		return NULL;
	double d = json_number_value(n);
	if (d == floor(d))
		return arena_printf(c->a, "%.0f", d);
	return arena_printf(c->a, "%.2f", d);
}

static const char *integer(struct ctx *c, json_t *n)
{
	return json_is_integer(n) ? arena_printf(c->a, "%lld", (long long)json_integer_value(n)) : NULL;
}

static json_t *provider_of(struct ctx *c, const char *node)
{
	long i = node ? strmap_get(&c->providers, node, strlen(node)) : -1;
	return i < 0 ? NULL : json_array_get(json_object_get(c->doc, "providers"), (size_t)i);
}

static json_t *function_of(struct ctx *c, const char *node)
{
	long i = node ? strmap_get(&c->functions, node, strlen(node)) : -1;
	return i < 0 ? NULL : json_array_get(json_object_get(c->doc, "functions"), (size_t)i);
}

static void violation(struct ctx *c, const char *table, const char *col, const char *rule, const char *da,
		      const char *en)
{
	roi_violation_add(c->vs, table, 0, col, rule, da, en);
}

static void index_list(struct ctx *c, const char *list, struct strmap *m)
{
	json_t *l = json_object_get(c->doc, list);
	strmap_init(m, json_array_size(l));
	size_t i;
	json_t *x;
	json_array_foreach(l, i, x)
	{
		const char *n = str(x, "node");
		if (n)
			strmap_put(m, n, strlen(n), (uint32_t)i);
	}
}

/* ---- B_01: the entities ---- */

static void entities(struct ctx *c)
{
	json_t *d = c->doc;
	const struct org *o = &c->v->org;
	const char *type = str(d, "entity_type");
	if (!type && o->dora && roi_code_eba(ROI_ENTITY_TYPE, o->dora))
		type = o->dora;
	char ref[11];
	date_format(c->refdate, ref);
	struct row w;
	row_begin(&w, c->r, "B_01.01");
	put(&w, "c0010", c->lei);
	put(&w, "c0020", o->name);
	put(&w, "c0030", code(ROI_COUNTRY, str(d, "country")));
	put(&w, "c0040", code(ROI_ENTITY_TYPE, type));
	put(&w, "c0050", o->competent_authority);
	put(&w, "c0060", ref);
	row_end(&w, c->r);

	row_begin(&w, c->r, "B_01.02");
	put(&w, "c0010", c->lei);
	put(&w, "c0020", o->name);
	put(&w, "c0030", code(ROI_COUNTRY, str(d, "country")));
	put(&w, "c0040", code(ROI_ENTITY_TYPE, type));
	put(&w, "c0050", code(ROI_HIERARCHY, str(d, "hierarchy")));
	put(&w, "c0060", str(d, "parent_lei") ? str(d, "parent_lei") : c->lei);
	put(&w, "c0070", str(d, "updated_on"));
	put(&w, "c0080", str(d, "integrated_on"));
	put(&w, "c0090", "9999-12-31");
	put(&w, "c0100", code(ROI_CURRENCY, c->currency));
	put(&w, "c0110", money(c, json_object_get(d, "total_assets")));
	row_end(&w, c->r);
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(d, "entities"), i, x)
	{
		row_begin(&w, c->r, "B_01.02");
		put(&w, "c0010", str(x, "lei"));
		put(&w, "c0020", str(x, "name"));
		put(&w, "c0030", code(ROI_COUNTRY, str(x, "country")));
		put(&w, "c0040", code(ROI_ENTITY_TYPE, str(x, "entity_type")));
		put(&w, "c0050", code(ROI_HIERARCHY, str(x, "hierarchy")));
		put(&w, "c0060", str(x, "parent_lei") ? str(x, "parent_lei") : str(x, "lei"));
		put(&w, "c0070", str(x, "updated_on"));
		put(&w, "c0080", str(x, "integrated_on"));
		put(&w, "c0090", date_cell(x, "deleted_on", "9999-12-31"));
		put(&w, "c0100", code(ROI_CURRENCY, str(x, "currency") ? str(x, "currency") : c->currency));
		put(&w, "c0110", money(c, json_object_get(x, "total_assets")));
		row_end(&w, c->r);
	}
	json_array_foreach(json_object_get(d, "branches"), i, x)
	{
		row_begin(&w, c->r, "B_01.03");
		put(&w, "c0010", str(x, "id"));
		put(&w, "c0020", str(x, "head_office_lei") ? str(x, "head_office_lei") : c->lei);
		put(&w, "c0030", str(x, "name"));
		put(&w, "c0040", code(ROI_COUNTRY, str(x, "country")));
		row_end(&w, c->r);
	}
}

/* ---- B_02 to B_04 and B_07: the arrangements ---- */

/* The LEIs of the entities using an arrangement: used_by without branch, or the organisation's. */
static size_t users(struct ctx *c, json_t *arr, const char **out, size_t cap)
{
	size_t n = 0, i;
	json_t *u;
	json_array_foreach(json_object_get(arr, "used_by"), i, u)
	{
		const char *l = str(u, "lei");
		bool seen = false;
		for (size_t k = 0; k < n; k++)
			seen |= strcmp(out[k], l) == 0;
		if (!seen && n < cap)
			out[n++] = l;
	}
	/* the organisation's, even when it has none: the row stands (its empty LEI is a violation) */
	if (!n)
		out[n++] = c->lei;
	return n;
}

static void arrangement_rows(struct ctx *c, json_t *arr, size_t ai)
{
	const char *ref = str(arr, "ref");
	json_t *prov = provider_of(c, str(arr, "provider"));
	bool intra = json_is_true(json_object_get(arr, "intra_group"));
	const char *pcode = prov ? str(prov, "code") : NULL;
	const char *ptype = prov ? code(ROI_CODE_TYPE, str(prov, "code_type")) : NULL;
	if (!prov) {
		char *en = arena_printf(c->a, "arrangements[%zu].provider: node '%s' has no entry in providers", ai,
					str(arr, "provider"));
		char *da = arena_printf(c->a, "arrangements[%zu].provider: knuden '%s' står ikke under providers", ai,
					str(arr, "provider"));
		violation(c, "B_02.02", "c0030", "reference", da, en);
	}
	struct row w;
	row_begin(&w, c->r, "B_02.01");
	put(&w, "c0010", ref);
	put(&w, "c0020", code(ROI_ARRANGEMENT_TYPE, str(arr, "type")));
	put(&w, "c0030", str(arr, "overarching"));
	put(&w, "c0040", code(ROI_CURRENCY, str(arr, "currency") ? str(arr, "currency") : c->currency));
	put(&w, "c0050", money(c, json_object_get(arr, "annual_cost")));
	row_end(&w, c->r);

	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(arr, "linked"), i, x)
	{
		row_begin(&w, c->r, "B_02.03");
		put(&w, "c0010", ref);
		put(&w, "c0020", json_string_value(x));
		put(&w, "c0030", "true");
		row_end(&w, c->r);
	}
	json_t *signers = json_object_get(arr, "signed_by");
	if (json_array_size(signers)) {
		json_array_foreach(signers, i, x)
		{
			row_begin(&w, c->r, "B_03.01");
			put(&w, "c0010", ref);
			put(&w, "c0020", json_string_value(x));
			put(&w, "c0030", "true");
			row_end(&w, c->r);
		}
	} else {
		row_begin(&w, c->r, "B_03.01");
		put(&w, "c0010", ref);
		put(&w, "c0020", c->lei);
		put(&w, "c0030", "true");
		row_end(&w, c->r);
	}
	row_begin(&w, c->r, intra ? "B_03.03" : "B_03.02");
	put(&w, "c0010", ref);
	put(&w, "c0020", pcode);
	put(&w, intra ? "c0031" : "c0030", intra ? "true" : ptype);
	row_end(&w, c->r);

	json_t *used = json_object_get(arr, "used_by");
	if (json_array_size(used)) {
		json_array_foreach(used, i, x)
		{
			const char *br = str(x, "branch");
			row_begin(&w, c->r, "B_04.01");
			put(&w, "c0010", ref);
			put(&w, "c0020", str(x, "lei"));
			put(&w, "c0030", code(ROI_BRANCH_NATURE, br ? "branch" : "not_branch"));
			put(&w, "c0040", br);
			row_end(&w, c->r);
		}
	} else {
		row_begin(&w, c->r, "B_04.01");
		put(&w, "c0010", ref);
		put(&w, "c0020", c->lei);
		put(&w, "c0030", code(ROI_BRANCH_NATURE, "not_branch"));
		row_end(&w, c->r);
	}

	const char *leis[64];
	size_t nl = users(c, arr, leis, 64);
	json_t *svc;
	size_t si;
	json_array_foreach(json_object_get(arr, "services"), si, svc)
	{
		const char *type = code(ROI_SERVICE_TYPE, str(svc, "type"));
		json_t *fns = json_object_get(svc, "functions");
		if (!json_array_size(fns)) {
			char *en = arena_printf(c->a, "arrangements[%zu].services[%zu].functions: name the functions "
						      "the service supports", ai, si);
			char *da = arena_printf(c->a, "arrangements[%zu].services[%zu].functions: angiv de "
						      "funktioner, tjenesten understøtter", ai, si);
			violation(c, "B_02.02", "c0050", "mandatory", da, en);
		}
		size_t fi;
		json_t *fn;
		json_array_foreach(fns, fi, fn)
		{
			json_t *f = function_of(c, json_string_value(fn));
			if (!f) {
				char *en = arena_printf(c->a, "arrangements[%zu].services[%zu].functions[%zu]: node '%s' "
							      "has no entry in functions", ai, si, fi, json_string_value(fn));
				char *da = arena_printf(c->a, "arrangements[%zu].services[%zu].functions[%zu]: knuden "
							      "'%s' står ikke under functions", ai, si, fi,
							json_string_value(fn));
				violation(c, "B_02.02", "c0050", "reference", da, en);
				continue;
			}
			bool storage = json_is_true(json_object_get(svc, "storage"));
			for (size_t k = 0; k < nl; k++) {
				row_begin(&w, c->r, "B_02.02");
				put(&w, "c0010", ref);
				put(&w, "c0020", leis[k]);
				put(&w, "c0030", pcode);
				put(&w, "c0040", ptype);
				put(&w, "c0050", str(f, "id"));
				put(&w, "c0060", type);
				put(&w, "c0070", str(arr, "start"));
				put(&w, "c0080", date_cell(arr, "end", "9999-12-31"));
				put(&w, "c0090", code(ROI_TERMINATION, str(arr, "termination_reason")));
				put(&w, "c0100", integer(c, json_object_get(arr, "notice_entity_days")));
				put(&w, "c0110", integer(c, json_object_get(arr, "notice_provider_days")));
				put(&w, "c0120", code(ROI_COUNTRY, str(arr, "governing_law")));
				put(&w, "c0130", country_key(str(svc, "provision_country")));
				put(&w, "c0140", boolean(svc, "storage"));
				put(&w, "c0150", storage ? country_key(str(svc, "storage_country"))
							 : ROI_COUNTRY_NOT_APPLICABLE);
				put(&w, "c0160", country_key(str(svc, "processing_country")));
				put(&w, "c0170", code(ROI_SENSITIVENESS, str(svc, "sensitiveness")));
				put(&w, "c0180", code(ROI_RELIANCE, str(svc, "reliance")));
				row_end(&w, c->r);
			}
		}
		if (!intra) {
			row_begin(&w, c->r, "B_07.01");
			put(&w, "c0010", ref);
			put(&w, "c0020", pcode);
			put(&w, "c0030", ptype);
			put(&w, "c0040", type);
			put(&w, "c0050", code(ROI_SUBSTITUTABILITY, str(svc, "substitutability")));
			put(&w, "c0060", code(ROI_NOT_SUBST_REASON, str(svc, "not_substitutable_reason")));
			put(&w, "c0070", str(svc, "last_audit"));
			put(&w, "c0080", boolean(svc, "exit_plan"));
			put(&w, "c0090", code(ROI_REINTEGRATION, str(svc, "reintegration")));
			put(&w, "c0100", code(ROI_IMPACT, str(svc, "impact")));
			put(&w, "c0110", code(ROI_ASSESSMENT, str(svc, "alternatives")));
			put(&w, "c0120", str(svc, "alternative_providers"));
			row_end(&w, c->r);
		}
	}
}

/* ---- B_05: providers and their chains ---- */

/*
 * The arrangements of each provider, in the register's order: off[k]..off[k+1] index into idx for
 * provider k of doc.providers (one pass, so a register of 10,000 arrangements and 1,000 providers
 * is not 10 million comparisons).
 */
static void arrangements_by_provider(struct ctx *c, size_t nprov, size_t **off_out, size_t **idx_out)
{
	json_t *arrs = json_object_get(c->doc, "arrangements");
	size_t narr = json_array_size(arrs), *off = xcalloc(nprov + 2, sizeof *off), *idx = xmalloc((narr + 1) * sizeof *idx);
	long *prov = xmalloc((narr + 1) * sizeof *prov);
	for (size_t i = 0; i < narr; i++) {
		const char *n = str(json_array_get(arrs, i), "provider");
		prov[i] = n ? strmap_get(&c->providers, n, strlen(n)) : -1;
		if (prov[i] >= 0)
			off[prov[i] + 2]++;
	}
	for (size_t k = 0; k < nprov; k++)
		off[k + 2] += off[k + 1];
	for (size_t i = 0; i < narr; i++)
		if (prov[i] >= 0)
			idx[off[prov[i] + 1]++] = i;
	free(prov);
	*off_out = off;
	*idx_out = idx;
}

/* The sum of the annual costs of provider pi's arrangements (arr[0..n)), NULL when one is in another currency. */
static const char *expense(struct ctx *c, json_t *prov, const char *currency, size_t pi, const size_t *arr_idx,
			   size_t n)
{
	json_t *given = json_object_get(prov, "annual_expense");
	if (given)
		return money(c, given);
	double sum = 0;
	bool any = false;
	json_t *arrs = json_object_get(c->doc, "arrangements");
	for (size_t k = 0; k < n; k++) {
		json_t *arr = json_array_get(arrs, arr_idx[k]);
		if (!json_object_get(arr, "annual_cost"))
			continue;
		const char *cur = str(arr, "currency") ? str(arr, "currency") : c->currency;
		if (!cur || !currency)
			return NULL; /* no currency to add in: the missing currency is the violation (mandatory) */
		if (strcmp(cur, currency)) {
			char *en = arena_printf(c->a, "providers[%zu].annual_expense: arrangement '%s' is in %s, not %s: "
						      "give the provider's total", pi, str(arr, "ref"), cur, currency);
			char *da = arena_printf(c->a, "providers[%zu].annual_expense: aftalen '%s' er i %s, ikke %s: "
						      "angiv leverandørens samlede udgift", pi, str(arr, "ref"), cur, currency);
			violation(c, "B_05.01", "c0100", "currency", da, en);
			return NULL;
		}
		sum += json_number_value(json_object_get(arr, "annual_cost"));
		any = true;
	}
	if (!any)
		return NULL;
	json_t *j = json_real(sum);
	const char *s = money(c, j);
	json_decref(j);
	return s;
}

static void providers(struct ctx *c)
{
	size_t i, *off, *idx;
	json_t *p, *list = json_object_get(c->doc, "providers");
	arrangements_by_provider(c, json_array_size(list), &off, &idx);
	json_array_foreach(list, i, p)
	{
		long n = orgview_node(c->v, str(p, "node"));
		const char *currency = str(p, "currency") ? str(p, "currency") : c->currency;
		/* a provider listed twice (refused by roi_doc_check) counts its arrangements under one entry */
		long held = str(p, "node") ? strmap_get(&c->providers, str(p, "node"), strlen(str(p, "node"))) : -1;
		const char *exp = held == (long)i ? expense(c, p, currency, i, idx + off[i], off[i + 1] - off[i])
						   : expense(c, p, currency, i, NULL, 0);
		struct row w;
		row_begin(&w, c->r, "B_05.01");
		put(&w, "c0010", str(p, "code"));
		put(&w, "c0020", code(ROI_CODE_TYPE, str(p, "code_type")));
		put(&w, "c0030", str(p, "additional_code"));
		put(&w, "c0040", code(ROI_CODE_TYPE, str(p, "additional_code_type")));
		put(&w, "c0050", str(p, "legal_name") ? str(p, "legal_name") : n >= 0 ? c->v->nodes[n].name : NULL);
		put(&w, "c0060", str(p, "latin_name"));
		put(&w, "c0070", code(ROI_PERSON_TYPE, str(p, "person_type")));
		put(&w, "c0080", code(ROI_COUNTRY, str(p, "country")));
		put(&w, "c0090", exp ? code(ROI_CURRENCY, currency) : NULL);
		put(&w, "c0100", exp);
		put(&w, "c0110", str(p, "parent_code"));
		put(&w, "c0120", code(ROI_CODE_TYPE, str(p, "parent_code_type")));
		row_end(&w, c->r);
	}
	free(off);
	free(idx);
}

static void chain_row(struct ctx *c, const char *ref, const char *type, json_t *prov, int rank, json_t *recipient)
{
	struct row w;
	row_begin(&w, c->r, "B_05.02");
	put(&w, "c0010", ref);
	put(&w, "c0020", type);
	put(&w, "c0030", str(prov, "code"));
	put(&w, "c0040", code(ROI_CODE_TYPE, str(prov, "code_type")));
	put(&w, "c0050", arena_printf(c->a, "%d", rank));
	put(&w, "c0060", recipient ? str(recipient, "code") : NULL);
	put(&w, "c0070", recipient ? code(ROI_CODE_TYPE, str(recipient, "code_type")) : NULL);
	row_end(&w, c->r);
}

/* Rank 1, then breadth first along supplied_by edges between suppliers. */
static void chain(struct ctx *c, json_t *arr, size_t ai)
{
	const struct orgview *v = c->v;
	json_t *prov = provider_of(c, str(arr, "provider"));
	long start = orgview_node(v, str(arr, "provider"));
	if (!prov || start < 0)
		return;
	uint32_t *queue = xcalloc(v->nnodes, sizeof *queue);
	int *rank = xcalloc(v->nnodes, sizeof *rank);
	uint32_t *from = xcalloc(v->nnodes, sizeof *from);
	size_t si;
	json_t *svc;
	json_array_foreach(json_object_get(arr, "services"), si, svc)
	{
		const char *type = code(ROI_SERVICE_TYPE, str(svc, "type"));
		memset(rank, 0, v->nnodes * sizeof *rank);
		size_t head = 0, tail = 0;
		queue[tail++] = (uint32_t)start;
		rank[start] = 1;
		chain_row(c, str(arr, "ref"), type, prov, 1, NULL);
		while (head < tail) {
			uint32_t u = queue[head++];
			if (rank[u] >= CHAIN_MAX_RANK)
				continue;
			for (size_t k = 0; k < v->nedges; k++) {
				const struct edge *ed = &v->edges[k];
				if (ed->type != EDGE_SUPPLIED_BY || strcmp(ed->from, v->nodes[u].id))
					continue;
				long t = orgview_node(v, ed->to);
				if (t < 0 || v->nodes[t].kind != NODE_SUPPLIER || rank[t])
					continue;
				rank[t] = rank[u] + 1;
				from[t] = u;
				queue[tail++] = (uint32_t)t;
				json_t *sub = provider_of(c, ed->to);
				if (!sub) {
					if (si == 0) {
						char *en = arena_printf(c->a, "arrangements[%zu]: subcontractor '%s' (rank %d "
									      "in the map) has no entry in providers",
									ai, ed->to, rank[t]);
						char *da = arena_printf(c->a, "arrangements[%zu]: underleverandøren '%s' "
									      "(rang %d i kortet) står ikke under providers",
									ai, ed->to, rank[t]);
						violation(c, "B_05.02", "c0030", "reference", da, en);
					}
					continue;
				}
				chain_row(c, str(arr, "ref"), type, sub, rank[t], provider_of(c, v->nodes[u].id));
			}
		}
	}
	free(queue);
	free(rank);
	free(from);
}

/* ---- B_06 and B_99 ---- */

static void functions(struct ctx *c)
{
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(c->doc, "functions"), i, f)
	{
		long n = orgview_node(c->v, str(f, "node"));
		const struct node *nd = n >= 0 ? &c->v->nodes[n] : NULL;
		char assessed[11] = "";
		if (!str(f, "assessed_on") && nd && nd->last_assessed != DATE_NONE)
			date_format(nd->last_assessed, assessed);
		json_t *rto = json_object_get(f, "rto_hours"), *rpo = json_object_get(f, "rpo_hours");
		struct row w;
		row_begin(&w, c->r, "B_06.01");
		put(&w, "c0010", str(f, "id"));
		put(&w, "c0020", code(ROI_LICENSED_ACTIVITY, str(f, "licensed_activity")));
		put(&w, "c0030", nd ? nd->name : NULL);
		put(&w, "c0040", str(f, "lei") ? str(f, "lei") : c->lei);
		put(&w, "c0050", code(ROI_ASSESSMENT, str(f, "assessment")));
		put(&w, "c0060", str(f, "reasons"));
		put(&w, "c0070", str(f, "assessed_on") ? str(f, "assessed_on") : arena_strdup(c->a, assessed));
		put(&w, "c0080", rto ? integer(c, rto)
				     : nd && nd->rto_minutes >= 0 ? arena_printf(c->a, "%d", nd->rto_minutes / 60) : NULL);
		put(&w, "c0090", rpo ? integer(c, rpo)
				     : nd && nd->rpo_minutes >= 0 ? arena_printf(c->a, "%d", nd->rpo_minutes / 60) : NULL);
		put(&w, "c0100", code(ROI_IMPACT, str(f, "impact")));
		row_end(&w, c->r);
	}
}

static void definitions(struct ctx *c)
{
	json_t *d = json_object_get(c->doc, "definitions");
	struct row w;
	row_begin(&w, c->r, "B_99.01");
	for (int i = 0; i < 19; i++) {
		const char *s = str(d, roi_definition_keys[i]);
		put(&w, w.t->def->cols[i], s ? s : default_definitions[i]);
	}
	row_end(&w, c->r);
}

int roi_build(const struct orgview *v, json_t *doc, int32_t refdate, const char *level, struct xc_report *r,
	      struct roi_violations *vs, struct errinfo *e)
{
	(void)e;
	struct arena a;
	arena_init(&a);
	struct ctx c = {.v = v, .doc = doc, .refdate = refdate, .a = &a, .r = r, .vs = vs, .lei = v->org.lei,
			.currency = str(doc, "currency")};
	index_list(&c, "providers", &c.providers);
	index_list(&c, "functions", &c.functions);
	char ref[11];
	date_format(refdate, ref);
	xc_report_param(r, "entityID", arena_printf(&a, "rs:%s.%s", c.lei ? c.lei : "", level));
	xc_report_param(r, "refPeriod", ref);
	xc_report_param(r, "baseCurrency", arena_printf(&a, "iso4217:%s", c.currency ? c.currency : ""));
	xc_report_param(r, "decimalsInteger", "0");
	xc_report_param(r, "decimalsMonetary", "-3");
	if (!c.lei)
		roi_violation_add(vs, "B_01.01", 0, "c0010", "mandatory",
				  "organisationen har ingen LEI (organisation.lei)",
				  "the organisation has no LEI (organisation.lei)");
	if (!c.currency)
		roi_violation_add(vs, "B_01.02", 0, "c0100", "mandatory", "registret har ingen valuta (roi.currency)",
				  "the register has no currency (roi.currency)");
	entities(&c);
	size_t i;
	json_t *arr;
	json_array_foreach(json_object_get(doc, "arrangements"), i, arr)
		arrangement_rows(&c, arr, i);
	providers(&c);
	json_array_foreach(json_object_get(doc, "arrangements"), i, arr)
		chain(&c, arr, i);
	functions(&c);
	definitions(&c);
	strmap_free(&c.providers);
	strmap_free(&c.functions);
	arena_free(&a);
	return 0;
}
