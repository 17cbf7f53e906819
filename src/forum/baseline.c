/*
 * baseline.c — baseline self-assessment: catalogues, campaigns, answers,
 * feedback and aggregates (contracts in baseline.h).
 *
 * A catalogue is data: areas of items, each item one recommendation a member
 * rates.  Two public texts ship embedded (rules/catalogue-nist-csf-2.0.json:
 * the six CSF 2.0 Functions as areas and their 22 Categories as items;
 * rules/catalogue-nis2-art21.json: NIS2 art. 21(2)(a)-(j), one area per
 * point) and the forum's own baseline is imported in the same format.
 *
 * Maturity is rated 0..5 — 0 ikke eksisterende / non-existent, 1 initial,
 * 2 gentagelig / repeatable, 3 defineret / defined, 4 styret / managed,
 * 5 optimeret / optimised: the CMMI-style ladder most Danish and EU
 * maturity self-assessments use, with a 0 so that "nothing in place" is
 * not forced onto "initial" — or "not applicable", which counts nowhere.
 * A member's area score is the mean over its applicable answered items;
 * a member without one has no score in that area and is not in its group.
 *
 * Confidentiality.  Every figure about other members is computed over at
 * least min_group members, else the area (or item) reads "suppressed": true,
 * "members": "fewer than N" — never the count itself, so a reader cannot
 * tell 0 from 4.  Inside a shown item the level distribution is a partition
 * of the item's members: levels with 1..N-1 members are suppressed, and
 * further levels (smallest first) until the suppressed levels together hold
 * 0 or at least N members, so that "members minus the shown levels" never
 * isolates fewer than N.  Zero is shown: it describes no member.  The
 * statistics are computed before the decision to show them, so suppression
 * does not change the work done.  What this cannot prevent — differencing
 * two releases computed on different answer sets — is prevented by
 * computing aggregates once, on a closed campaign's frozen answers (the
 * caller's rule).
 */
#include "baseline.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "embed.h"
#include "jsonx.h"
#include "limit.h"
#include "mem.h"
#include "msg.h"

/* Limits on everything a client controls. */
#define MAX_ID LIMIT_ID
#define MAX_NAME 500
#define MAX_TEXT LIMIT_TEXT
#define MAX_AREAS 200
#define MAX_ITEMS 2000
#define MAX_REFS 20
#define MAX_REF 1000
#define MAX_ANSWERS 2000

#define ANS_NONE (-1) /* item not answered */
#define ANS_NA (-2)   /* not applicable */

const char *const baseline_builtin_catalogues[] = {"nist-csf-2.0", "nis2-art21", NULL};

static const char *const maturity_da[] = {"ikke eksisterende", "initial", "gentagelig",
					  "defineret",         "styret",  "optimeret"};
static const char *const maturity_en[] = {"non-existent", "initial", "repeatable", "defined", "managed", "optimised"};

struct item {
	const char *id, *title, *title_da, *text, *text_da, *da_status, *da_source, *source;
	size_t area;
	size_t ai, ii; /* position in the input, for error paths */
};

struct idref {
	const char *id;
	size_t idx;
};

struct area {
	const char *id, *name, *name_da, *description, *description_da, *da_status;
	size_t first, n; /* items[first .. first+n-1] */
};

struct catalogue {
	const char *id, *name, *name_da, *version, *source, *description;
	struct area *areas;
	size_t nareas;
	struct item *items;
	size_t nitems;
	struct idref *byid; /* the items sorted by id */
};

struct ans_item {
	size_t item;
	int level; /* 0..5 or ANS_NA */
	const char *evidence;
	const char **refs;
	size_t nrefs;
};

struct answer {
	const char *member, *catalogue, *campaign;
	struct ans_item *items; /* in catalogue order */
	size_t nitems;
	int *level; /* per catalogue item: 0..5, ANS_NA or ANS_NONE */
};

/* ---- small helpers ------------------------------------------------------ */

const char *baseline_maturity_name(int level)
{
	return level >= 0 && level <= BASELINE_MATURITY_MAX ? maturity_da[level] : NULL;
}

const char *baseline_maturity_name_en(int level)
{
	return level >= 0 && level <= BASELINE_MATURITY_MAX ? maturity_en[level] : NULL;
}

double baseline_quantile(const double *sorted, size_t n, double p)
{
	if (n == 0)
		return NAN;
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)floor(h), hi = (size_t)ceil(h);
	if (hi >= n)
		hi = n - 1;
	return sorted[lo] + (h - (double)lo) * (sorted[hi] - sorted[lo]);
}

double baseline_percentile_rank(const double *sorted, size_t n, double x)
{
	if (n == 0)
		return NAN;
	size_t below = 0, equal = 0;
	for (size_t i = 0; i < n; i++) {
		if (sorted[i] < x)
			below++;
		else if (sorted[i] == x)
			equal++;
	}
	return 100.0 * ((double)below + 0.5 * (double)equal) / (double)n;
}

double baseline_round(double x, int decimals)
{
	static const double scale[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
	ASSERT(decimals >= 0 && decimals <= 6);
	return round(x * scale[decimals]) / scale[decimals];
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int id_field(json_t *o, const char *key, const char *path, struct arena *a, const char **out,
		    struct errinfo *e)
{
	int rc = jx_id(o, key, path, a, out, e);
	if (rc)
		return rc;
	if (strlen(*out) > MAX_ID) {
		char p[300];
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "forum.longer_than", "key", key,
				"max", err_num((char[24]){0}, (long long)(MAX_ID)), NULL);
	}
	return 0;
}

static int da_status_parse(const char *s)
{
	static const char *const names[] = {"official", "transposition", "translation"};
	for (int i = 0; i < 3; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

static int da_status_field(json_t *o, const char *path, struct arena *a, const char **out, struct errinfo *e)
{
	int v = -1;
	int rc = jx_enum(o, "da_status", path, false, da_status_parse, "official, transposition, translation", &v,
			 e);
	if (rc)
		return rc;
	*out = v >= 0 ? arena_strdup(a, json_string_value(json_object_get(o, "da_status"))) : NULL;
	return 0;
}

static void set_opt(json_t *o, const char *key, const char *s)
{
	if (s)
		json_object_set_new(o, key, json_string(s));
}

/* "fewer than N" */
static json_t *fewer_than(int min_group)
{
	char buf[48];
	snprintf(buf, sizeof buf, "fewer than %d", min_group);
	return json_string(buf);
}

static json_t *real(double x, int decimals)
{
	return json_real(baseline_round(x, decimals));
}

/* ---- catalogues ---------------------------------------------------------- */

/* By id, then by position in the catalogue, so a duplicate is reported at its later place. */
static int cmp_idref(const void *a, const void *b)
{
	const struct idref *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

/* The catalogue item with this id, or -1. */
static long find_item(const struct catalogue *c, const char *id)
{
	size_t lo = 0, hi = c->nitems;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(c->byid[mid].id, id);
		if (r == 0)
			return (long)c->byid[mid].idx;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int parse_item(json_t *j, const char *path, struct arena *a, struct item *it, struct errinfo *e)
{
	static const char *const keys[] = {"id",        "title",     "title_da", "text", "text_da",
					   "da_status", "da_source", "source",   NULL};
	int rc;
	if ((rc = jx_object(j, path, e)) || (rc = jx_check_keys(j, path, keys, e)) ||
	    (rc = id_field(j, "id", path, a, &it->id, e)) ||
	    (rc = jx_text(j, "title", path, false, MAX_NAME, a, &it->title, e)) ||
	    (rc = jx_text(j, "title_da", path, false, MAX_NAME, a, &it->title_da, e)) ||
	    (rc = jx_text(j, "text", path, true, MAX_TEXT, a, &it->text, e)) ||
	    (rc = jx_text(j, "text_da", path, false, MAX_TEXT, a, &it->text_da, e)) ||
	    (rc = da_status_field(j, path, a, &it->da_status, e)) ||
	    (rc = jx_text(j, "da_source", path, false, MAX_NAME, a, &it->da_source, e)) ||
	    (rc = jx_text(j, "source", path, false, MAX_NAME, a, &it->source, e)))
		return rc;
	return 0;
}

static int parse_catalogue(json_t *j, const char *path, struct arena *a, struct catalogue *c, struct errinfo *e)
{
	static const char *const keys[] = {"id", "name", "name_da", "version", "source", "description", "areas", NULL};
	static const char *const akeys[] = {"id",    "name", "name_da", "description", "description_da", "da_status",
					    "items", NULL};
	char p[300], pa[300], pi[300];
	json_t *areas, *items;
	int rc;
	memset(c, 0, sizeof *c);
	if ((rc = jx_object(j, path, e)) || (rc = jx_check_keys(j, path, keys, e)) ||
	    (rc = id_field(j, "id", path, a, &c->id, e)) ||
	    (rc = jx_text(j, "name", path, true, MAX_NAME, a, &c->name, e)) ||
	    (rc = jx_text(j, "name_da", path, false, MAX_NAME, a, &c->name_da, e)) ||
	    (rc = jx_text(j, "version", path, true, MAX_NAME, a, &c->version, e)) ||
	    (rc = jx_text(j, "source", path, true, MAX_TEXT, a, &c->source, e)) ||
	    (rc = jx_text(j, "description", path, false, MAX_TEXT, a, &c->description, e)) ||
	    (rc = jx_array(j, "areas", path, true, 1, MAX_AREAS, &areas, e)))
		return rc;
	c->nareas = json_array_size(areas);
	c->areas = arena_alloc(a, c->nareas * sizeof *c->areas);
	/* count the items first: one flat array, bounded in total */
	size_t total = 0;
	for (size_t i = 0; i < c->nareas; i++) {
		json_t *its = json_object_get(json_array_get(areas, i), "items");
		if (json_is_array(its))
			total += json_array_size(its);
	}
	if (total > MAX_ITEMS)
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "areas"), "baseline.items_max", "max",
				err_num((char[24]){0}, (long long)(MAX_ITEMS)), NULL);
	c->items = arena_alloc(a, (total ? total : 1) * sizeof *c->items);
	jx_path(p, sizeof p, path, "areas");
	for (size_t i = 0; i < c->nareas; i++) {
		json_t *aj = json_array_get(areas, i);
		struct area *ar = &c->areas[i];
		jx_index(pa, sizeof pa, p, i);
		if ((rc = jx_object(aj, pa, e)) || (rc = jx_check_keys(aj, pa, akeys, e)) ||
		    (rc = id_field(aj, "id", pa, a, &ar->id, e)) ||
		    (rc = jx_text(aj, "name", pa, true, MAX_NAME, a, &ar->name, e)) ||
		    (rc = jx_text(aj, "name_da", pa, false, MAX_NAME, a, &ar->name_da, e)) ||
		    (rc = jx_text(aj, "description", pa, false, MAX_TEXT, a, &ar->description, e)) ||
		    (rc = jx_text(aj, "description_da", pa, false, MAX_TEXT, a, &ar->description_da, e)) ||
		    (rc = da_status_field(aj, pa, a, &ar->da_status, e)) ||
		    (rc = jx_array(aj, "items", pa, true, 1, MAX_ITEMS, &items, e)))
			return rc;
		for (size_t k = 0; k < i; k++)
			if (!strcmp(c->areas[k].id, ar->id))
				return err_setm(e, ERR_INVALID, jx_path(pi, sizeof pi, pa, "id"),
						"baseline.area_twice", "id", ar->id, "other", err_num((char[24]){0},
						(long long)(k)), NULL);
		ar->first = c->nitems;
		ar->n = json_array_size(items);
		char pit[300];
		jx_path(pit, sizeof pit, pa, "items");
		for (size_t k = 0; k < ar->n; k++) {
			struct item *it = &c->items[c->nitems];
			jx_index(pi, sizeof pi, pit, k);
			if ((rc = parse_item(json_array_get(items, k), pi, a, it, e)))
				return rc;
			it->area = i;
			it->ai = i;
			it->ii = k;
			c->nitems++;
		}
	}
	c->byid = arena_alloc(a, (c->nitems ? c->nitems : 1) * sizeof *c->byid);
	for (size_t i = 0; i < c->nitems; i++)
		c->byid[i] = (struct idref){c->items[i].id, i};
	qsort(c->byid, c->nitems, sizeof *c->byid, cmp_idref);
	for (size_t i = 1; i < c->nitems; i++) {
		const struct item *x = &c->items[c->byid[i - 1].idx], *y = &c->items[c->byid[i].idx];
		if (!strcmp(x->id, y->id)) {
			snprintf(pi, sizeof pi, "%s[%zu].items[%zu].id", p, y->ai, y->ii);
			char also[64];
			snprintf(also, sizeof also, "areas[%zu].items[%zu]", x->ai, x->ii);
			return err_setm(e, ERR_INVALID, pi, "baseline.item_twice", "id", y->id, "also", also, NULL);
		}
	}
	return 0;
}

static json_t *catalogue_json(const struct catalogue *c)
{
	json_t *o = json_object(), *areas = json_array();
	set_opt(o, "id", c->id);
	set_opt(o, "name", c->name);
	set_opt(o, "name_da", c->name_da);
	set_opt(o, "version", c->version);
	set_opt(o, "source", c->source);
	set_opt(o, "description", c->description);
	for (size_t i = 0; i < c->nareas; i++) {
		const struct area *ar = &c->areas[i];
		json_t *aj = json_object(), *items = json_array();
		set_opt(aj, "id", ar->id);
		set_opt(aj, "name", ar->name);
		set_opt(aj, "name_da", ar->name_da);
		set_opt(aj, "description", ar->description);
		set_opt(aj, "description_da", ar->description_da);
		set_opt(aj, "da_status", ar->da_status);
		for (size_t k = 0; k < ar->n; k++) {
			const struct item *it = &c->items[ar->first + k];
			json_t *ij = json_object();
			set_opt(ij, "id", it->id);
			set_opt(ij, "title", it->title);
			set_opt(ij, "title_da", it->title_da);
			set_opt(ij, "text", it->text);
			set_opt(ij, "text_da", it->text_da);
			set_opt(ij, "da_status", it->da_status);
			set_opt(ij, "da_source", it->da_source);
			set_opt(ij, "source", it->source);
			json_array_append_new(items, ij);
		}
		json_object_set_new(aj, "items", items);
		json_array_append_new(areas, aj);
	}
	json_object_set_new(o, "areas", areas);
	return o;
}

int baseline_catalogue_check(json_t *body, const char *path, json_t **out, struct errinfo *e)
{
	struct arena a;
	struct catalogue c;
	arena_init(&a);
	int rc = parse_catalogue(body, path ? path : "", &a, &c, e);
	if (!rc)
		*out = catalogue_json(&c);
	arena_free(&a);
	return rc;
}

int baseline_catalogue_builtin(const char *id, json_t **out, struct errinfo *e)
{
	bool known = false;
	for (const char *const *b = baseline_builtin_catalogues; *b; b++)
		if (!strcmp(*b, id))
			known = true;
	if (!known)
		return err_setm(e, ERR_NOTFOUND, "catalogue", "baseline.no_catalogue", "id", id, NULL);
	char name[128];
	snprintf(name, sizeof name, "rules/catalogue-%s.json", id);
	const struct embedded_file *f = embed_find(name);
	if (!f)
		return err_setm(e, ERR_INTERNAL, "catalogue", "internal.not_embedded", "file", name, NULL);
	json_error_t je;
	json_t *doc = json_loadb(f->data, f->len, JSON_REJECT_DUPLICATES, &je);
	if (!doc)
		return err_setm(e, ERR_INTERNAL, name, "internal.json", "error", je.text, "line",
				err_num((char[24]){0}, je.line), NULL);
	int rc = baseline_catalogue_check(doc, "", out, e);
	json_decref(doc);
	return rc;
}

/* ---- campaigns ----------------------------------------------------------- */

enum campaign_status { CAMPAIGN_DRAFT, CAMPAIGN_OPEN, CAMPAIGN_CLOSED };
static const char *const campaign_status_names[] = {"draft", "open", "closed"};

static int campaign_status_parse(const char *s)
{
	for (int i = 0; i < 3; i++)
		if (!strcmp(s, campaign_status_names[i]))
			return i;
	return -1;
}

struct campaign {
	const char *id, *catalogue, *title, *description;
	int32_t opens_on, closes_on;
	int status;
};

static int parse_campaign(json_t *j, const char *path, struct arena *a, struct campaign *c, struct errinfo *e)
{
	static const char *const keys[] = {"id",       "catalogue", "title",  "description",
					   "opens_on", "closes_on", "status", NULL};
	char p[300];
	int rc;
	memset(c, 0, sizeof *c);
	if ((rc = jx_object(j, path, e)) || (rc = jx_check_keys(j, path, keys, e)) ||
	    (rc = id_field(j, "id", path, a, &c->id, e)) || (rc = id_field(j, "catalogue", path, a, &c->catalogue, e)) ||
	    (rc = jx_text(j, "title", path, true, MAX_NAME, a, &c->title, e)) ||
	    (rc = jx_text(j, "description", path, false, MAX_TEXT, a, &c->description, e)) ||
	    (rc = jx_date(j, "opens_on", path, true, &c->opens_on, e)) ||
	    (rc = jx_date(j, "closes_on", path, true, &c->closes_on, e)) ||
	    (rc = jx_enum(j, "status", path, true, campaign_status_parse, "draft, open, closed", &c->status, e)))
		return rc;
	if (c->closes_on < c->opens_on)
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "closes_on"), "baseline.closes_before",
				NULL);
	return 0;
}

int baseline_campaign_check(json_t *body, json_t *prev, const char *path, json_t **out, struct errinfo *e)
{
	struct arena a;
	struct campaign c, old;
	char p[300];
	path = path ? path : "";
	arena_init(&a);
	int rc = parse_campaign(body, path, &a, &c, e);
	if (rc)
		goto out;
	if (prev) {
		if ((rc = parse_campaign(prev, "prev", &a, &old, e)))
			goto out;
		if (strcmp(old.id, c.id)) {
			rc = err_setm(e, ERR_CONFLICT, jx_path(p, sizeof p, path, "id"), "baseline.id_change", NULL);
			goto out;
		}
		if (c.status < old.status) {
			rc = err_setm(e, ERR_CONFLICT, jx_path(p, sizeof p, path, "status"), "baseline.status_back",
				      "from", campaign_status_names[old.status], "to", campaign_status_names[c.status],
				      NULL);
			goto out;
		}
		if (old.status != CAMPAIGN_DRAFT && strcmp(old.catalogue, c.catalogue)) {
			rc = err_setm(e, ERR_CONFLICT, jx_path(p, sizeof p, path, "catalogue"),
				      "baseline.catalogue_frozen", NULL);
			goto out;
		}
		if (old.status == CAMPAIGN_CLOSED && (old.opens_on != c.opens_on || old.closes_on != c.closes_on)) {
			rc = err_setm(e, ERR_CONFLICT, jx_path(p, sizeof p, path,
				      old.opens_on != c.opens_on ? "opens_on" : "closes_on"), "baseline.dates_frozen",
				      NULL);
			goto out;
		}
	}
	json_t *o = json_object();
	set_opt(o, "id", c.id);
	set_opt(o, "catalogue", c.catalogue);
	set_opt(o, "title", c.title);
	set_opt(o, "description", c.description);
	jx_set_date(o, "opens_on", c.opens_on);
	jx_set_date(o, "closes_on", c.closes_on);
	set_opt(o, "status", campaign_status_names[c.status]);
	*out = o;
out:
	arena_free(&a);
	return rc;
}

/* ---- answers ------------------------------------------------------------- */

static int parse_answer(const struct catalogue *cat, json_t *j, const char *path, struct arena *a,
			struct answer *an, struct errinfo *e)
{
	static const char *const keys[] = {"member", "catalogue", "campaign", "items", NULL};
	static const char *const ikeys[] = {"item", "maturity", "not_applicable", "evidence", "refs", NULL};
	char p[300], pi[300], pf[300];
	json_t *items;
	int rc;
	memset(an, 0, sizeof *an);
	if ((rc = jx_object(j, path, e)) || (rc = jx_check_keys(j, path, keys, e)) ||
	    (rc = jx_id(j, "member", path, a, &an->member, e)) ||
	    (rc = id_field(j, "catalogue", path, a, &an->catalogue, e)))
		return rc;
	if (json_object_get(j, "campaign") && !json_is_null(json_object_get(j, "campaign")) &&
	    (rc = id_field(j, "campaign", path, a, &an->campaign, e)))
		return rc;
	if (strcmp(an->catalogue, cat->id))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "catalogue"), "baseline.wrong_catalogue",
				"given", an->catalogue, "catalogue", cat->id, NULL);
	if ((rc = jx_array(j, "items", path, true, 0, cat->nitems, &items, e)))
		return rc;
	an->level = arena_alloc(a, (cat->nitems ? cat->nitems : 1) * sizeof *an->level);
	for (size_t i = 0; i < cat->nitems; i++)
		an->level[i] = ANS_NONE;
	size_t n = json_array_size(items);
	struct ans_item *tmp = arena_alloc(a, (n ? n : 1) * sizeof *tmp);
	long *where = arena_alloc(a, (cat->nitems ? cat->nitems : 1) * sizeof *where);
	jx_path(p, sizeof p, path, "items");
	for (size_t i = 0; i < n; i++) {
		json_t *ij = json_array_get(items, i);
		struct ans_item *ai = &tmp[i];
		const char *id;
		bool na = false;
		int level = ANS_NONE;
		jx_index(pi, sizeof pi, p, i);
		if ((rc = jx_object(ij, pi, e)) || (rc = jx_check_keys(ij, pi, ikeys, e)) ||
		    (rc = jx_id(ij, "item", pi, a, &id, e)) ||
		    (rc = jx_int(ij, "maturity", pi, false, 0, BASELINE_MATURITY_MAX, &level, e)) ||
		    (rc = jx_bool(ij, "not_applicable", pi, &na, e)) ||
		    (rc = jx_text(ij, "evidence", pi, false, MAX_TEXT, a, &ai->evidence, e)))
			return rc;
		long k = find_item(cat, id);
		if (k < 0)
			return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, pi, "item"), "baseline.unknown_item",
					"item", id, "catalogue", cat->id, NULL);
		if (an->level[k] != ANS_NONE)
			return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, pi, "item"), "baseline.answered_twice",
					"item", id, "other", err_num((char[24]){0}, (long long)(where[k])), NULL);
		if (na && level != ANS_NONE)
			return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, pi, "not_applicable"),
					"baseline.rated_or_na", NULL);
		if (!na && level == ANS_NONE)
			return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, pi, "maturity"), "baseline.maturity",
					NULL);
		ai->item = (size_t)k;
		ai->level = na ? ANS_NA : level;
		an->level[k] = ai->level;
		where[k] = (long)i;
		json_t *refs = json_object_get(ij, "refs");
		if (refs && !json_is_null(refs)) {
			jx_path(pf, sizeof pf, pi, "refs");
			if (!json_is_array(refs))
				return err_setm(e, ERR_INVALID, pf, "baseline.refs", NULL);
			if ((rc = limit_list(json_array_size(refs), MAX_REFS, pf, "refs", e)))
				return rc;
			ai->nrefs = json_array_size(refs);
			ai->refs = arena_alloc(a, (ai->nrefs ? ai->nrefs : 1) * sizeof *ai->refs);
			for (size_t r = 0; r < ai->nrefs; r++) {
				json_t *rv = json_array_get(refs, r);
				char pr[300];
				jx_index(pr, sizeof pr, pf, r);
				if (!json_is_string(rv) || json_string_length(rv) == 0 ||
				    memchr(json_string_value(rv), 0, json_string_length(rv)))
					return err_setm(e, ERR_INVALID, pr, "baseline.ref", NULL);
				if ((rc = limit_text(json_string_value(rv), json_string_length(rv), MAX_REF, pr, "a ref", e)))
					return rc;
				ai->refs[r] = arena_strdup(a, json_string_value(rv));
			}
		}
	}
	/* catalogue order, so the normalised record does not depend on the input's order */
	an->items = arena_alloc(a, (n ? n : 1) * sizeof *an->items);
	for (size_t k = 0; k < cat->nitems; k++)
		if (an->level[k] != ANS_NONE)
			an->items[an->nitems++] = tmp[where[k]];
	return 0;
}

static json_t *answer_json(const struct catalogue *cat, const struct answer *an)
{
	json_t *o = json_object(), *items = json_array();
	set_opt(o, "member", an->member);
	set_opt(o, "catalogue", an->catalogue);
	set_opt(o, "campaign", an->campaign);
	for (size_t i = 0; i < an->nitems; i++) {
		const struct ans_item *ai = &an->items[i];
		json_t *ij = json_object();
		set_opt(ij, "item", cat->items[ai->item].id);
		if (ai->level == ANS_NA)
			json_object_set_new(ij, "not_applicable", json_true());
		else
			json_object_set_new(ij, "maturity", json_integer(ai->level));
		set_opt(ij, "evidence", ai->evidence);
		if (ai->nrefs) {
			json_t *refs = json_array();
			for (size_t r = 0; r < ai->nrefs; r++)
				json_array_append_new(refs, json_string(ai->refs[r]));
			json_object_set_new(ij, "refs", refs);
		}
		json_array_append_new(items, ij);
	}
	json_object_set_new(o, "items", items);
	return o;
}

int baseline_answer_check(json_t *catalogue, json_t *body, const char *path, json_t **out, struct errinfo *e)
{
	struct arena a;
	struct catalogue cat;
	struct answer an;
	arena_init(&a);
	int rc = parse_catalogue(catalogue, "catalogue", &a, &cat, e);
	if (!rc)
		rc = parse_answer(&cat, body, path ? path : "", &a, &an, e);
	if (!rc)
		*out = answer_json(&cat, &an);
	arena_free(&a);
	return rc;
}

/* ---- feedback and aggregates -------------------------------------------- */

struct sector {
	struct catalogue cat;
	struct answer *ans;
	size_t nans;
	double *score; /* nans × nareas: the member's area score, NAN when none */
};

static int cmp_member(const void *a, const void *b)
{
	const struct answer *x = a, *y = b;
	return strcmp(x->member, y->member);
}

/* Parse the catalogue and every member's answers; compute the area scores. */
static int sector_load(json_t *catalogue, json_t *answers, int min_group, struct arena *a, struct sector *s,
		       struct errinfo *e)
{
	char p[300];
	int rc;
	memset(s, 0, sizeof *s);
	if (min_group < 1)
		return err_setm(e, ERR_INVALID, "min_group", "forum.min_group_1", NULL);
	if ((rc = parse_catalogue(catalogue, "catalogue", a, &s->cat, e)))
		return rc;
	if (!json_is_array(answers))
		return err_setm(e, ERR_INVALID, "answers", "baseline.answers_array", NULL);
	if (json_array_size(answers) > MAX_ANSWERS)
		return err_setm(e, ERR_LIMIT, "answers", "baseline.answers_max", "max", err_num((char[24]){0},
				(long long)(MAX_ANSWERS)), NULL);
	s->nans = json_array_size(answers);
	s->ans = arena_alloc(a, (s->nans ? s->nans : 1) * sizeof *s->ans);
	for (size_t i = 0; i < s->nans; i++)
		if ((rc = parse_answer(&s->cat, json_array_get(answers, i), jx_index(p, sizeof p, "answers", i), a,
				       &s->ans[i], e)))
			return rc;
	/* one record per member: a second one would count the member twice */
	for (size_t i = 0; i < s->nans; i++)
		for (size_t k = 0; k < i; k++)
			if (!strcmp(s->ans[i].member, s->ans[k].member)) {
				snprintf(p, sizeof p, "answers[%zu].member", i);
				return err_setm(e, ERR_INVALID, p, "baseline.two_records", "member", s->ans[i].member,
						"other", err_num((char[24]){0}, (long long)(k)), NULL);
			}
	qsort(s->ans, s->nans, sizeof *s->ans, cmp_member);
	size_t na = s->cat.nareas;
	s->score = arena_alloc(a, (s->nans * na > 0 ? s->nans * na : 1) * sizeof *s->score);
	for (size_t m = 0; m < s->nans; m++)
		for (size_t ar = 0; ar < na; ar++) {
			const struct area *area = &s->cat.areas[ar];
			double sum = 0;
			size_t n = 0;
			for (size_t k = 0; k < area->n; k++) {
				int l = s->ans[m].level[area->first + k];
				if (l >= 0) {
					sum += l;
					n++;
				}
			}
			s->score[m * na + ar] = n ? sum / (double)n : NAN;
		}
	return 0;
}

/* The area's scores over all members that have one, sorted; returns the count. */
static size_t area_scores(const struct sector *s, size_t ar, double *buf)
{
	size_t n = 0;
	for (size_t m = 0; m < s->nans; m++) {
		double x = s->score[m * s->cat.nareas + ar];
		if (!isnan(x))
			buf[n++] = x;
	}
	qsort(buf, n, sizeof *buf, cmp_double);
	return n;
}

struct stats {
	double median, q1, q3;
};

static struct stats stats_of(const double *sorted, size_t n)
{
	struct stats st = {baseline_quantile(sorted, n, 0.5), baseline_quantile(sorted, n, 0.25),
			   baseline_quantile(sorted, n, 0.75)};
	return st;
}

static void set_stats(json_t *o, struct stats st)
{
	json_object_set_new(o, "median", real(st.median, 2));
	json_object_set_new(o, "q1", real(st.q1, 2));
	json_object_set_new(o, "q3", real(st.q3, 2));
}

static void area_head(json_t *o, const struct area *ar)
{
	set_opt(o, "area", ar->id);
	set_opt(o, "name", ar->name);
	set_opt(o, "name_da", ar->name_da);
}

static void suppress(json_t *o, int min_group, const char *what)
{
	char buf[200];
	json_object_set_new(o, "suppressed", json_true());
	json_object_set_new(o, "members", fewer_than(min_group));
	snprintf(buf, sizeof buf, "fewer than %d members have answered %s", min_group, what);
	json_object_set_new(o, "reason", json_string(buf));
}

static json_t *scale_json(void)
{
	json_t *arr = json_array();
	for (int l = 0; l <= BASELINE_MATURITY_MAX; l++) {
		json_t *o = json_object();
		json_object_set_new(o, "level", json_integer(l));
		json_object_set_new(o, "name_da", json_string(maturity_da[l]));
		json_object_set_new(o, "name", json_string(maturity_en[l]));
		json_array_append_new(arr, o);
	}
	return arr;
}

int baseline_feedback(json_t *catalogue, json_t *answers, const char *member, int min_group, json_t **out,
		      struct errinfo *e)
{
	struct arena a;
	struct sector s;
	arena_init(&a);
	int rc = sector_load(catalogue, answers, min_group, &a, &s, e);
	if (rc)
		goto out;
	const struct answer *me = NULL;
	for (size_t m = 0; m < s.nans; m++)
		if (member && !strcmp(s.ans[m].member, member))
			me = &s.ans[m];
	if (!me) {
		rc = err_setm(e, ERR_NOTFOUND, "member", "baseline.no_answers", "member", member ? member : "", NULL);
		goto out;
	}
	size_t mi = (size_t)(me - s.ans);
	double *buf = arena_alloc(&a, (s.nans ? s.nans : 1) * sizeof *buf);
	json_t *o = json_object(), *areas = json_array();
	json_object_set_new(o, "catalogue", json_string(s.cat.id));
	json_object_set_new(o, "member", json_string(me->member));
	json_object_set_new(o, "min_group", json_integer(min_group));
	msg_set_json(o, "method", &(struct msg){.code = "baseline.method"});
	for (size_t ar = 0; ar < s.cat.nareas; ar++) {
		const struct area *area = &s.cat.areas[ar];
		json_t *aj = json_object();
		double mine = s.score[mi * s.cat.nareas + ar];
		/* computed before the decision, so the work is the same whether shown or not */
		size_t n = area_scores(&s, ar, buf);
		struct stats st = stats_of(buf, n);
		double pr = isnan(mine) ? NAN : baseline_percentile_rank(buf, n, mine);
		size_t answered = 0;
		for (size_t k = 0; k < area->n; k++)
			answered += me->level[area->first + k] != ANS_NONE;
		area_head(aj, area);
		json_object_set_new(aj, "member_score", isnan(mine) ? json_null() : real(mine, 2));
		json_object_set_new(aj, "items_answered", json_integer((json_int_t)answered));
		json_object_set_new(aj, "items_total", json_integer((json_int_t)area->n));
		if (n >= (size_t)min_group) {
			json_t *sec = json_object();
			json_object_set_new(sec, "members", json_integer((json_int_t)n));
			set_stats(sec, st);
			json_object_set_new(aj, "sector", sec);
			json_object_set_new(aj, "percentile", isnan(pr) ? json_null() : real(pr, 1));
		} else {
			suppress(aj, min_group, "this area");
		}
		json_array_append_new(areas, aj);
	}
	json_object_set_new(o, "areas", areas);
	*out = o;
out:
	arena_free(&a);
	return rc;
}

/*
 * The level distribution of one item with small-count protection: counts[]
 * over levels 0..5, show[] set for each level that may be published.
 */
static void distribution_protect(const size_t *counts, bool *show, int min_group)
{
	size_t k = (size_t)min_group, hidden = 0, total = 0;
	for (int l = 0; l <= BASELINE_MATURITY_MAX; l++) {
		show[l] = counts[l] == 0 || counts[l] >= k;
		if (!show[l])
			hidden += counts[l];
		total += counts[l];
	}
	if (total < k) /* the item itself is suppressed: nothing of it is published */
		return;
	/* secondary: until the hidden levels hold 0 or >= k members, hide the smallest shown non-zero level */
	while (hidden > 0 && hidden < k) {
		int pick = -1;
		for (int l = 0; l <= BASELINE_MATURITY_MAX; l++)
			if (show[l] && counts[l] > 0 && (pick < 0 || counts[l] < counts[pick]))
				pick = l;
		ASSERT(pick >= 0); /* the item's members (>= k) are all in some level */
		show[pick] = false;
		hidden += counts[pick];
	}
}

int baseline_aggregate(json_t *catalogue, json_t *answers, int min_group, json_t **out, struct errinfo *e)
{
	struct arena a;
	struct sector s;
	arena_init(&a);
	int rc = sector_load(catalogue, answers, min_group, &a, &s, e);
	if (rc)
		goto out;
	double *buf = arena_alloc(&a, (s.nans ? s.nans : 1) * sizeof *buf);
	json_t *o = json_object(), *areas = json_array();
	json_object_set_new(o, "catalogue", json_string(s.cat.id));
	json_object_set_new(o, "min_group", json_integer(min_group));
	if (s.nans >= (size_t)min_group)
		json_object_set_new(o, "members", json_integer((json_int_t)s.nans));
	else
		json_object_set_new(o, "members", fewer_than(min_group));
	json_object_set_new(o, "scale", scale_json());
	{
		char min[16], below[16];
		snprintf(min, sizeof min, "%d", min_group);
		snprintf(below, sizeof below, "%d", min_group - 1);
		msg_set_json(o, "suppression",
			     &(struct msg){.code = "baseline.suppression", .n = 2, .name = {"min", "below"},
					   .value = {min, below}});
	}
	for (size_t ar = 0; ar < s.cat.nareas; ar++) {
		const struct area *area = &s.cat.areas[ar];
		json_t *aj = json_object();
		size_t n = area_scores(&s, ar, buf);
		struct stats st = stats_of(buf, n);
		area_head(aj, area);
		bool show_area = n >= (size_t)min_group;
		if (show_area) {
			json_object_set_new(aj, "members", json_integer((json_int_t)n));
			set_stats(aj, st);
		} else {
			suppress(aj, min_group, "this area");
		}
		json_t *items = json_array();
		for (size_t k = 0; k < area->n; k++) {
			size_t it = area->first + k;
			size_t counts[BASELINE_MATURITY_MAX + 1] = {0}, na = 0, ni = 0;
			bool show[BASELINE_MATURITY_MAX + 1];
			for (size_t m = 0; m < s.nans; m++) {
				int l = s.ans[m].level[it];
				if (l >= 0) {
					counts[l]++;
					buf[ni++] = l;
				} else if (l == ANS_NA) {
					na++;
				}
			}
			qsort(buf, ni, sizeof *buf, cmp_double);
			struct stats ist = stats_of(buf, ni);
			distribution_protect(counts, show, min_group);
			if (!show_area)
				continue; /* the work above is done either way */
			json_t *ij = json_object();
			set_opt(ij, "item", s.cat.items[it].id);
			set_opt(ij, "title", s.cat.items[it].title);
			if (ni >= (size_t)min_group) {
				json_t *dist = json_object();
				json_object_set_new(ij, "members", json_integer((json_int_t)ni));
				set_stats(ij, ist);
				for (int l = 0; l <= BASELINE_MATURITY_MAX; l++) {
					char key[4];
					snprintf(key, sizeof key, "%d", l);
					json_object_set_new(dist, key,
							    show[l] ? json_integer((json_int_t)counts[l])
								    : json_string("suppressed"));
				}
				json_object_set_new(ij, "distribution", dist);
				json_object_set_new(ij, "not_applicable",
						    na == 0 || na >= (size_t)min_group ? json_integer((json_int_t)na)
										       : fewer_than(min_group));
			} else {
				suppress(ij, min_group, "this item");
			}
			json_array_append_new(items, ij);
		}
		if (show_area)
			json_object_set_new(aj, "items", items);
		else
			json_decref(items);
		json_array_append_new(areas, aj);
	}
	json_object_set_new(o, "areas", areas);
	*out = o;
out:
	arena_free(&a);
	return rc;
}
