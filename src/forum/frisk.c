/*
 * frisk.c — the forum risk register: scale, risks, re-ratings, measures, view.
 *
 * Design.  Like crisis.c, each record kind has one parser (JSON -> struct,
 * strings in a per-call arena) and one emitter (struct -> canonical JSON);
 * the check functions are parse + emit and the register parses every record
 * it is given with the same parsers, so a malformed stored record is named
 * by path ("risks[4].likelihood") rather than skipped.
 *
 * Invariants.
 *  - The scale is 5×5 and monotone: a cell is never a lower level than the
 *    cell below or to the left of it.  Levels are ordered by their position
 *    in scale.levels; a level code is the stable stored value.
 *  - A risk's current rating is always the last entry of its history.  The
 *    history only grows: an edit that changes the date, likelihood or
 *    consequence appends an entry; re-rating (frisk_rerate) always appends,
 *    so a refresh that confirms the rating is on record too.  An entry keeps
 *    the level it was given when rated; the register re-derives levels from
 *    the current scale, so a later change of scale never rewrites history
 *    but does show in the register.
 *  - A measure's updates only grow (checked against the stored version).
 *
 * Conservative choices: the refresh is due rated_on + refresh_months with
 * the day clamped to the month end (31 August + 6 months = 28 February), so
 * a short month brings the due date forward, never past the cycle; measure
 * progress per risk is the floor of the mean over measures not cancelled;
 * measures naming risks the caller cannot see are listed, not dropped.
 */
#include "frisk.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "jsonx.h"
#include "mem.h"

#define PATH_LEN 300
#define HISTORY_MAX 10000

/* ---- the default scale ------------------------------------------------ */

static const char *const def_lik[FRISK_N][2] = {{"Meget usandsynlig", "Very unlikely"},
						 {"Usandsynlig", "Unlikely"},
						 {"Mulig", "Possible"},
						 {"Sandsynlig", "Likely"},
						 {"Meget sandsynlig", "Very likely"}};
static const char *const def_con[FRISK_N][2] = {{"Ubetydelig", "Negligible"},
						 {"Begrænset", "Limited"},
						 {"Betydelig", "Significant"},
						 {"Alvorlig", "Severe"},
						 {"Kritisk", "Critical"}};
static const char *const def_lev[4][3] = {
	{"Lav", "Lav", "Low"}, {"Medium", "Medium", "Medium"}, {"Høj", "Høj", "High"}, {"Kritisk", "Kritisk", "Critical"}};
/*
 * [likelihood-1][consequence-1] -> level index.  Weighted towards consequence:
 * a consequence that threatens financial stability (5) is Høj even when very
 * unlikely, while a very likely negligible event stays Medium.
 */
static const int def_cell[FRISK_N][FRISK_N] = {
	{0, 0, 0, 1, 2}, {0, 0, 1, 1, 2}, {0, 1, 1, 2, 3}, {1, 1, 2, 2, 3}, {1, 2, 2, 3, 3}};

struct frisk_scale {
	const char *name;
	const char *lik[FRISK_N][2], *con[FRISK_N][2]; /* [value-1][da, en] */
	const char *lev[FRISK_LEVELS_MAX][3];            /* code, da, en; ascending */
	size_t nlev;
	int cell[FRISK_N][FRISK_N];
	int refresh_months;
};

struct frisk_source {
	int kind;
	const char *ref, *note;
};
enum { SRC_DEPENDENCY, SRC_INCIDENT, SRC_THREAT, SRC_SURVEY, SRC_OTHER, SRC_N };
static const char *const source_kinds[] = {"dependency", "incident", "threat", "survey", "other", NULL};

struct frisk_rating {
	int32_t on;
	int lik, con;
	const char *level, *rationale, *by;
};

struct frisk_risk {
	const char *id, *title, *description, *category, *owner;
	struct frisk_source *src;
	size_t nsrc;
	struct frisk_rating cur;
	struct frisk_rating *hist;
	size_t nhist;
	bool hist_given;
	/* the register's derived figures */
	size_t idx;
	int lev, score;
	int32_t due;
	json_t *measures;
	int progress_sum, progress_n, open;
};

enum { M_PLANNED, M_IN_PROGRESS, M_DONE, M_CANCELLED };
static const char *const mstatus_names[] = {"planned", "in_progress", "done", "cancelled", NULL};

struct frisk_update {
	int32_t date;
	const char *note, *by;
	int progress, status; /* -1 when not given */
};

struct frisk_measure {
	const char *id, *title, *description, *owner;
	const char **risks;
	size_t nrisks;
	int32_t decided_on, due;
	int status, progress;
	struct frisk_update *upd;
	size_t nupd;
};

/* ---- small readers (the common ones are jsonx.h) ---------------------- */

/* A {da, en} label object at path. */
static int get_label(json_t *j, const char *path, struct arena *a, const char *out[2], struct errinfo *e)
{
	static const char *const keys[] = {"value", "da", "en", NULL};
	int rc;
	if ((rc = jx_object(j, path, e)) || (rc = jx_check_keys(j, path, keys, e)) ||
	    (rc = jx_text(j, "da", path, true, FRISK_TEXT_MAX, a, &out[0], e)) ||
	    (rc = jx_text(j, "en", path, true, FRISK_TEXT_MAX, a, &out[1], e)))
		return rc;
	return 0;
}

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *jdate(int32_t d)
{
	char buf[11];
	if (d == DATE_NONE)
		return json_null();
	date_format(d, buf);
	return json_string(buf);
}

static json_t *jlabel(const char *da, const char *en)
{
	return json_pack("{s:s,s:s}", "da", da, "en", en);
}

static bool str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* ---- the scale -------------------------------------------------------- */

static void scale_default(struct frisk_scale *s)
{
	memset(s, 0, sizeof *s);
	s->name = "FSOR 5×5 (skjold default)";
	for (int i = 0; i < FRISK_N; i++)
		for (int k = 0; k < 2; k++) {
			s->lik[i][k] = def_lik[i][k];
			s->con[i][k] = def_con[i][k];
		}
	s->nlev = 4;
	for (int i = 0; i < 4; i++)
		for (int k = 0; k < 3; k++)
			s->lev[i][k] = def_lev[i][k];
	memcpy(s->cell, def_cell, sizeof s->cell);
	s->refresh_months = FRISK_REFRESH_DEFAULT;
}

static int parse_scale(json_t *j, const char *path, struct arena *a, struct frisk_scale *s, struct errinfo *e)
{
	static const char *const keys[] = {"name", "likelihood", "consequence", "levels", "matrix", "refresh_months",
					   NULL};
	static const char *const lkeys[] = {"code", "da", "en", NULL};
	char p[PATH_LEN], q[PATH_LEN], r[PATH_LEN];
	json_t *arr;
	int rc;
	memset(s, 0, sizeof *s);
	s->refresh_months = FRISK_REFRESH_DEFAULT;
	if ((rc = jx_object(j, path, e)) || (rc = jx_check_keys(j, path, keys, e)) ||
	    (rc = jx_text(j, "name", path, false, FRISK_TEXT_MAX, a, &s->name, e)) ||
	    (rc = jx_int(j, "refresh_months", path, false, 1, 60, &s->refresh_months, e)))
		return rc;
	const char *axes[2] = {"likelihood", "consequence"};
	for (int ax = 0; ax < 2; ax++) {
		if ((rc = jx_array(j, axes[ax], path, true, 0, FRISK_N, &arr, e)))
			return rc;
		jx_path(p, sizeof p, path, axes[ax]);
		if (json_array_size(arr) != FRISK_N)
			return err_setm(e, ERR_INVALID, p, "frisk.labels", "axis", axes[ax], "n",
					err_num((char[24]){0}, (long long)(FRISK_N)), "max", err_num((char[24]){0},
					(long long)(FRISK_N)), NULL);
		for (size_t i = 0; i < FRISK_N; i++) {
			json_t *v = json_array_get(arr, i), *val = jx_get(v, "value");
			if ((rc = get_label(v, jx_index(q, sizeof q, p, i), a, ax ? s->con[i] : s->lik[i], e)))
				return rc;
			if (val && (!json_is_integer(val) || json_integer_value(val) != (json_int_t)i + 1))
				return err_setm(e, ERR_INVALID, jx_path(r, sizeof r, q, "value"), "frisk.label_value",
						"value", err_num((char[24]){0}, (long long)(i + 1)), "max",
						err_num((char[24]){0}, (long long)(FRISK_N)), NULL);
		}
	}
	if ((rc = jx_array(j, "levels", path, true, 0, FRISK_LEVELS_MAX, &arr, e)))
		return rc;
	jx_path(p, sizeof p, path, "levels");
	s->nlev = json_array_size(arr);
	if (s->nlev < 2)
		return err_setm(e, ERR_INVALID, p, "frisk.levels", NULL);
	for (size_t i = 0; i < s->nlev; i++) {
		json_t *v = json_array_get(arr, i);
		jx_index(q, sizeof q, p, i);
		if ((rc = jx_object(v, q, e)) || (rc = jx_check_keys(v, q, lkeys, e)) ||
		    (rc = jx_id(v, "code", q, a, &s->lev[i][0], e)) ||
		    (rc = jx_text(v, "da", q, true, FRISK_TEXT_MAX, a, &s->lev[i][1], e)) ||
		    (rc = jx_text(v, "en", q, true, FRISK_TEXT_MAX, a, &s->lev[i][2], e)))
			return rc;
		for (size_t k = 0; k < i; k++)
			if (!strcmp(s->lev[k][0], s->lev[i][0]))
				return err_setm(e, ERR_INVALID, jx_path(r, sizeof r, q, "code"), "frisk.level_twice",
						"code", s->lev[i][0], NULL);
	}
	if ((rc = jx_array(j, "matrix", path, true, 0, FRISK_N, &arr, e)))
		return rc;
	jx_path(p, sizeof p, path, "matrix");
	if (json_array_size(arr) != FRISK_N)
		return err_setm(e, ERR_INVALID, p, "frisk.matrix_rows", "n", err_num((char[24]){0},
				(long long)(FRISK_N)), NULL);
	for (size_t l = 0; l < FRISK_N; l++) {
		json_t *row = json_array_get(arr, l);
		jx_index(q, sizeof q, p, l);
		if (!json_is_array(row) || json_array_size(row) != FRISK_N)
			return err_setm(e, ERR_INVALID, q, "frisk.matrix_row", "n", err_num((char[24]){0},
					(long long)(FRISK_N)), NULL);
		for (size_t c = 0; c < FRISK_N; c++) {
			const char *code = json_string_value(json_array_get(row, c));
			int x = -1;
			for (size_t k = 0; code && k < s->nlev && x < 0; k++)
				if (!strcmp(code, s->lev[k][0]))
					x = (int)k;
			jx_index(r, sizeof r, q, c);
			if (x < 0)
				return err_setm(e, ERR_INVALID, r, "frisk.cell_code", NULL);
			if ((l > 0 && x < s->cell[l - 1][c]) || (c > 0 && x < s->cell[l][c - 1]))
				return err_setm(e, ERR_INVALID, r, "frisk.cell_order", NULL);
			s->cell[l][c] = x;
		}
	}
	return 0;
}

static json_t *emit_scale(const struct frisk_scale *s)
{
	json_t *o = json_object(), *lik = json_array(), *con = json_array(), *lev = json_array(), *m = json_array();
	for (int i = 0; i < FRISK_N; i++) {
		json_array_append_new(lik, json_pack("{s:i,s:s,s:s}", "value", i + 1, "da", s->lik[i][0], "en",
						     s->lik[i][1]));
		json_array_append_new(con, json_pack("{s:i,s:s,s:s}", "value", i + 1, "da", s->con[i][0], "en",
						     s->con[i][1]));
		json_t *row = json_array();
		for (int c = 0; c < FRISK_N; c++)
			json_array_append_new(row, json_string(s->lev[s->cell[i][c]][0]));
		json_array_append_new(m, row);
	}
	for (size_t i = 0; i < s->nlev; i++)
		json_array_append_new(lev, json_pack("{s:s,s:s,s:s}", "code", s->lev[i][0], "da", s->lev[i][1], "en",
						     s->lev[i][2]));
	json_object_set_new(o, "name", jstr(s->name));
	json_object_set_new(o, "likelihood", lik);
	json_object_set_new(o, "consequence", con);
	json_object_set_new(o, "levels", lev);
	json_object_set_new(o, "matrix", m);
	json_object_set_new(o, "refresh_months", json_integer(s->refresh_months));
	return o;
}

/* The scale argument of the other functions: NULL is the default. */
static int load_scale(json_t *scale, struct arena *a, struct frisk_scale *s, struct errinfo *e)
{
	if (!scale || json_is_null(scale)) {
		scale_default(s);
		return 0;
	}
	return parse_scale(scale, "scale", a, s, e);
}

json_t *frisk_scale_default(void)
{
	struct frisk_scale s;
	scale_default(&s);
	return emit_scale(&s);
}

int frisk_scale_check(json_t *body, const char *path, json_t **out, struct errinfo *e)
{
	struct arena a;
	struct frisk_scale s;
	arena_init(&a);
	*out = NULL;
	int rc = parse_scale(body, path ? path : "", &a, &s, e);
	if (!rc)
		*out = emit_scale(&s);
	arena_free(&a);
	return rc;
}

int frisk_level(json_t *scale, int likelihood, int consequence, const char **code, struct errinfo *e)
{
	struct arena a;
	struct frisk_scale s;
	arena_init(&a);
	*code = NULL;
	int rc = load_scale(scale, &a, &s, e);
	if (rc)
		goto out;
	if (likelihood < 1 || likelihood > FRISK_N || consequence < 1 || consequence > FRISK_N) {
		rc = err_setm(e, ERR_INVALID, likelihood < 1 || likelihood > FRISK_N ? "likelihood" : "consequence",
			      "frisk.rating_range", "max", err_num((char[24]){0}, (long long)(FRISK_N)), NULL);
		goto out;
	}
	if (!scale || json_is_null(scale))
		*code = def_lev[def_cell[likelihood - 1][consequence - 1]][0];
	else /* borrowed from the caller's scale, which parse_scale has checked */
		*code = json_string_value(
			json_array_get(json_array_get(json_object_get(scale, "matrix"), (size_t)likelihood - 1),
				       (size_t)consequence - 1));
out:
	arena_free(&a);
	return rc;
}

/* ---- risks ------------------------------------------------------------ */

static const char *level_code(const struct frisk_scale *s, int lik, int con)
{
	return s->lev[s->cell[lik - 1][con - 1]][0];
}

/* One rating: fields of a risk (the current rating) or of a history entry. */
static int parse_rating(json_t *j, const char *path, bool is_entry, const struct frisk_scale *s, struct arena *a,
			struct frisk_rating *r, struct errinfo *e)
{
	int rc;
	memset(r, 0, sizeof *r);
	if ((rc = jx_date(j, "rated_on", path, true, &r->on, e)) ||
	    (rc = jx_int(j, "likelihood", path, true, 1, FRISK_N, &r->lik, e)) ||
	    (rc = jx_int(j, "consequence", path, true, 1, FRISK_N, &r->con, e)) ||
	    (rc = jx_text(j, "rationale", path, false, FRISK_TEXT_MAX, a, &r->rationale, e)) ||
	    (rc = jx_text(j, "by", path, false, FRISK_TEXT_MAX, a, &r->by, e)))
		return rc;
	/* a history entry keeps the level it was rated at; the current one is derived */
	if (is_entry && jx_get(j, "level")) {
		const char *lv = NULL;
		if ((rc = jx_id(j, "level", path, a, &lv, e)))
			return rc;
		r->level = lv;
	} else {
		r->level = level_code(s, r->lik, r->con);
	}
	return 0;
}

static json_t *emit_rating(const struct frisk_rating *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "rated_on", jdate(r->on));
	json_object_set_new(o, "likelihood", json_integer(r->lik));
	json_object_set_new(o, "consequence", json_integer(r->con));
	json_object_set_new(o, "score", json_integer(r->lik * r->con));
	json_object_set_new(o, "level", json_string(r->level));
	json_object_set_new(o, "rationale", jstr(r->rationale));
	json_object_set_new(o, "by", jstr(r->by));
	return o;
}

static bool rating_equal(const struct frisk_rating *a, const struct frisk_rating *b)
{
	return a->on == b->on && a->lik == b->lik && a->con == b->con && str_eq(a->level, b->level) &&
	       str_eq(a->rationale, b->rationale) && str_eq(a->by, b->by);
}

static int parse_risk(json_t *j, const char *path, const struct frisk_scale *s, struct arena *a,
		      struct frisk_risk *r, struct errinfo *e)
{
	static const char *const keys[] = {"id",	 "title",    "description", "category",	  "owner",
					   "sources",	 "likelihood", "consequence", "score",	  "level",
					   "rated_on",	 "rationale", "by",	     "history",	  NULL};
	static const char *const skeys[] = {"kind", "ref", "note", NULL};
	char p[PATH_LEN], q[PATH_LEN], x[PATH_LEN];
	json_t *arr;
	int rc;
	memset(r, 0, sizeof *r);
	if ((rc = jx_object(j, path, e)) || (rc = jx_check_keys(j, path, keys, e)) ||
	    (rc = jx_id(j, "id", path, a, &r->id, e)) ||
	    (rc = jx_text(j, "title", path, true, FRISK_TEXT_MAX, a, &r->title, e)) ||
	    (rc = jx_text(j, "description", path, false, FRISK_TEXT_MAX, a, &r->description, e)) ||
	    (rc = jx_text(j, "category", path, false, FRISK_TEXT_MAX, a, &r->category, e)) ||
	    (rc = jx_text(j, "owner", path, false, FRISK_TEXT_MAX, a, &r->owner, e)) ||
	    (rc = parse_rating(j, path, false, s, a, &r->cur, e)) ||
	    (rc = jx_array(j, "sources", path, false, 0, FRISK_LIST_MAX, &arr, e)))
		return rc;
	if (!r->owner)
		r->owner = "secretariat"; /* the forum's register is kept by its secretariat */
	r->nsrc = arr ? json_array_size(arr) : 0;
	r->src = arena_alloc(a, (r->nsrc + 1) * sizeof *r->src);
	jx_path(p, sizeof p, path, "sources");
	for (size_t i = 0; i < r->nsrc; i++) {
		json_t *v = json_array_get(arr, i);
		struct frisk_source *src = &r->src[i];
		jx_index(q, sizeof q, p, i);
		if ((rc = jx_object(v, q, e)) || (rc = jx_check_keys(v, q, skeys, e)) ||
		    (rc = jx_names(v, "kind", q, true, source_kinds, &src->kind, e)) ||
		    (rc = jx_text(v, "ref", q, src->kind != SRC_OTHER, FRISK_TEXT_MAX, a, &src->ref, e)) ||
		    (rc = jx_text(v, "note", q, src->kind == SRC_OTHER && !jx_get(v, "ref"), FRISK_TEXT_MAX, a, &src->note, e)))
			return rc;
		if (src->ref && strlen(src->ref) > 256)
			return err_setm(e, ERR_INVALID, jx_path(x, sizeof x, q, "ref"), "frisk.ref_long", NULL);
		for (size_t k = 0; k < i && src->ref; k++)
			if (r->src[k].kind == src->kind && str_eq(r->src[k].ref, src->ref))
				return err_setm(e, ERR_INVALID, jx_path(x, sizeof x, q, "ref"), "frisk.source_twice",
						"kind", source_kinds[src->kind], "ref", src->ref, NULL);
	}
	if ((rc = jx_array(j, "history", path, false, 0, HISTORY_MAX, &arr, e)))
		return rc;
	r->hist_given = arr != NULL;
	r->nhist = arr ? json_array_size(arr) : 0;
	r->hist = arena_alloc(a, (r->nhist + 2) * sizeof *r->hist);
	jx_path(p, sizeof p, path, "history");
	static const char *const hkeys[] = {"rated_on", "likelihood", "consequence", "score", "level",
					    "rationale", "by", NULL};
	for (size_t i = 0; i < r->nhist; i++) {
		json_t *v = json_array_get(arr, i);
		jx_index(q, sizeof q, p, i);
		if ((rc = jx_object(v, q, e)) || (rc = jx_check_keys(v, q, hkeys, e)) ||
		    (rc = parse_rating(v, q, true, s, a, &r->hist[i], e)))
			return rc;
		if (i > 0 && r->hist[i].on < r->hist[i - 1].on)
			return err_setm(e, ERR_INVALID, jx_path(x, sizeof x, q, "rated_on"), "frisk.history_order",
					NULL);
	}
	return 0;
}

/*
 * Make the current rating the last history entry: keep it when the last
 * entry has the same date, likelihood and consequence, else append it (not
 * dated before the last entry).  force appends in every case (a re-rating).
 */
static int settle_history(struct frisk_risk *r, const char *path, bool force, struct arena *a, struct errinfo *e)
{
	char p[PATH_LEN];
	if (r->nhist > 0) {
		const struct frisk_rating *last = &r->hist[r->nhist - 1];
		if (!force && last->on == r->cur.on && last->lik == r->cur.lik && last->con == r->cur.con)
			return 0;
		if (r->cur.on < last->on) {
			char d[11];
			date_format(last->on, d);
			return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "rated_on"),
					"frisk.rated_before_last", "date", d, NULL);
		}
	}
	struct frisk_rating *h = arena_alloc(a, (r->nhist + 1) * sizeof *h);
	if (r->nhist)
		memcpy(h, r->hist, r->nhist * sizeof *h);
	h[r->nhist++] = r->cur;
	r->hist = h;
	return 0;
}

static json_t *emit_risk(const struct frisk_risk *r)
{
	json_t *o = json_object(), *src = json_array(), *hist = json_array();
	for (size_t i = 0; i < r->nsrc; i++)
		json_array_append_new(src, json_pack("{s:s,s:o,s:o}", "kind", source_kinds[r->src[i].kind], "ref",
						     jstr(r->src[i].ref), "note", jstr(r->src[i].note)));
	for (size_t i = 0; i < r->nhist; i++)
		json_array_append_new(hist, emit_rating(&r->hist[i]));
	json_object_set_new(o, "id", json_string(r->id));
	json_object_set_new(o, "title", json_string(r->title));
	json_object_set_new(o, "description", jstr(r->description));
	json_object_set_new(o, "category", jstr(r->category));
	json_object_set_new(o, "owner", json_string(r->owner));
	json_object_set_new(o, "sources", src);
	json_object_set_new(o, "likelihood", json_integer(r->cur.lik));
	json_object_set_new(o, "consequence", json_integer(r->cur.con));
	json_object_set_new(o, "score", json_integer(r->cur.lik * r->cur.con));
	json_object_set_new(o, "level", json_string(r->cur.level));
	json_object_set_new(o, "rated_on", jdate(r->cur.on));
	json_object_set_new(o, "rationale", jstr(r->cur.rationale));
	json_object_set_new(o, "by", jstr(r->cur.by));
	json_object_set_new(o, "history", hist);
	return o;
}

int frisk_risk_check(json_t *body, const char *path, json_t *scale, json_t *old, json_t **out,
		     struct errinfo *e)
{
	struct arena a;
	struct frisk_scale s;
	struct frisk_risk r, o;
	char p[PATH_LEN], q[PATH_LEN];
	arena_init(&a);
	*out = NULL;
	path = path ? path : "";
	int rc = load_scale(scale, &a, &s, e);
	if (rc || (rc = parse_risk(body, path, &s, &a, &r, e)))
		goto out;
	if (old && !json_is_null(old)) {
		if ((rc = parse_risk(old, "old", &s, &a, &o, e)) || (rc = settle_history(&o, "old", false, &a, e)))
			goto out;
		if (strcmp(o.id, r.id)) {
			rc = err_setm(e, ERR_CONFLICT, jx_path(p, sizeof p, path, "id"), "frisk.risk_id", "id", o.id,
				      NULL);
			goto out;
		}
		if (r.hist_given) {
			size_t n = r.nhist < o.nhist ? r.nhist : o.nhist, i = 0;
			while (i < n && rating_equal(&r.hist[i], &o.hist[i]))
				i++;
			if (i < n || r.nhist != o.nhist) {
				jx_path(q, sizeof q, path, "history");
				rc = err_setm(e, ERR_CONFLICT, i < n ? jx_index(p, sizeof p, q, i) : q,
					      "frisk.history_append", NULL);
				goto out;
			}
		}
		r.hist = o.hist;
		r.nhist = o.nhist;
	}
	if ((rc = settle_history(&r, path, false, &a, e)))
		goto out;
	*out = emit_risk(&r);
out:
	arena_free(&a);
	return rc;
}

int frisk_rerate(json_t *risk, json_t *rating, int32_t today, json_t *scale, json_t **out, struct errinfo *e)
{
	static const char *const keys[] = {"likelihood", "consequence", "rated_on", "rationale", "by", NULL};
	struct arena a;
	struct frisk_scale s;
	struct frisk_risk r;
	struct frisk_rating n;
	arena_init(&a);
	*out = NULL;
	int rc = load_scale(scale, &a, &s, e);
	if (rc || (rc = parse_risk(risk, "risk", &s, &a, &r, e)) || (rc = settle_history(&r, "risk", false, &a, e)) ||
	    (rc = jx_object(rating, "", e)) || (rc = jx_check_keys(rating, "", keys, e)))
		goto out;
	memset(&n, 0, sizeof n);
	n.on = today;
	if ((rc = jx_date(rating, "rated_on", "", false, &n.on, e)) ||
	    (rc = jx_int(rating, "likelihood", "", true, 1, FRISK_N, &n.lik, e)) ||
	    (rc = jx_int(rating, "consequence", "", true, 1, FRISK_N, &n.con, e)) ||
	    (rc = jx_text(rating, "rationale", "", false, FRISK_TEXT_MAX, &a, &n.rationale, e)) ||
	    (rc = jx_text(rating, "by", "", false, FRISK_TEXT_MAX, &a, &n.by, e)))
		goto out;
	if (n.on > today) {
		rc = err_setm(e, ERR_INVALID, "rated_on", "frisk.rated_future", NULL);
		goto out;
	}
	n.level = level_code(&s, n.lik, n.con);
	r.cur = n;
	if ((rc = settle_history(&r, "", true, &a, e)))
		goto out;
	*out = emit_risk(&r);
out:
	arena_free(&a);
	return rc;
}

int frisk_due(json_t *risk, json_t *scale, int32_t today, int32_t *due, bool *overdue, struct errinfo *e)
{
	struct arena a;
	struct frisk_scale s;
	struct frisk_risk r;
	arena_init(&a);
	*due = DATE_NONE;
	*overdue = false;
	int rc = load_scale(scale, &a, &s, e);
	if (!rc && !(rc = parse_risk(risk, "risk", &s, &a, &r, e))) {
		*due = date_add_months(r.cur.on, s.refresh_months);
		*overdue = today > *due;
	}
	arena_free(&a);
	return rc;
}

/* ---- measures --------------------------------------------------------- */

static int parse_measure(json_t *j, const char *path, struct arena *a, struct frisk_measure *m, struct errinfo *e)
{
	static const char *const keys[] = {"id",    "risks",  "title",    "description", "decided_on",
					   "owner", "due",    "status",   "progress",    "updates",
					   NULL};
	static const char *const ukeys[] = {"date", "note", "progress", "status", "by", NULL};
	char p[PATH_LEN], q[PATH_LEN], x[PATH_LEN];
	json_t *arr;
	int rc;
	memset(m, 0, sizeof *m);
	m->due = DATE_NONE;
	m->progress = -1;
	if ((rc = jx_object(j, path, e)) || (rc = jx_check_keys(j, path, keys, e)) ||
	    (rc = jx_id(j, "id", path, a, &m->id, e)) ||
	    (rc = jx_text(j, "title", path, true, FRISK_TEXT_MAX, a, &m->title, e)) ||
	    (rc = jx_text(j, "description", path, false, FRISK_TEXT_MAX, a, &m->description, e)) ||
	    (rc = jx_date(j, "decided_on", path, true, &m->decided_on, e)) ||
	    (rc = jx_id(j, "owner", path, a, &m->owner, e)) || (rc = jx_date(j, "due", path, false, &m->due, e)) ||
	    (rc = jx_names(j, "status", path, false, mstatus_names, &m->status, e)) ||
	    (rc = jx_int(j, "progress", path, false, 0, 100, &m->progress, e)) ||
	    (rc = jx_array(j, "risks", path, true, 0, FRISK_LIST_MAX, &arr, e)))
		return rc;
	jx_path(p, sizeof p, path, "risks");
	if (json_array_size(arr) == 0)
		return err_setm(e, ERR_INVALID, p, "frisk.risks_one", NULL);
	m->nrisks = json_array_size(arr);
	m->risks = arena_alloc(a, (m->nrisks + 1) * sizeof *m->risks);
	for (size_t i = 0; i < m->nrisks; i++) {
		json_t *v = json_array_get(arr, i);
		jx_index(q, sizeof q, p, i);
		if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > 128 ||
		    memchr(json_string_value(v), 0, json_string_length(v)))
			return err_setm(e, ERR_INVALID, q, "frisk.risk_id_form", NULL);
		m->risks[i] = arena_strdup(a, json_string_value(v));
		for (size_t k = 0; k < i; k++)
			if (!strcmp(m->risks[k], m->risks[i]))
				return err_setm(e, ERR_INVALID, q, "frisk.risk_twice", "id", m->risks[i], NULL);
	}
	if (m->due != DATE_NONE && m->due < m->decided_on)
		return err_setm(e, ERR_INVALID, jx_path(q, sizeof q, path, "due"), "frisk.due_before", NULL);
	if (m->status == M_DONE && m->progress >= 0 && m->progress != 100)
		return err_setm(e, ERR_INVALID, jx_path(q, sizeof q, path, "progress"), "frisk.progress_done", NULL);
	if (m->progress < 0)
		m->progress = m->status == M_DONE ? 100 : 0;
	if ((rc = jx_array(j, "updates", path, false, 0, FRISK_LIST_MAX, &arr, e)))
		return rc;
	m->nupd = arr ? json_array_size(arr) : 0;
	m->upd = arena_alloc(a, (m->nupd + 1) * sizeof *m->upd);
	jx_path(p, sizeof p, path, "updates");
	for (size_t i = 0; i < m->nupd; i++) {
		json_t *v = json_array_get(arr, i);
		struct frisk_update *u = &m->upd[i];
		u->progress = u->status = -1;
		jx_index(q, sizeof q, p, i);
		if ((rc = jx_object(v, q, e)) || (rc = jx_check_keys(v, q, ukeys, e)) ||
		    (rc = jx_date(v, "date", q, true, &u->date, e)) ||
		    (rc = jx_text(v, "note", q, false, FRISK_TEXT_MAX, a, &u->note, e)) ||
		    (rc = jx_int(v, "progress", q, false, 0, 100, &u->progress, e)) ||
		    (rc = jx_names(v, "status", q, false, mstatus_names, &u->status, e)) ||
		    (rc = jx_text(v, "by", q, false, FRISK_TEXT_MAX, a, &u->by, e)))
			return rc;
		if (!u->note && u->progress < 0 && u->status < 0)
			return err_setm(e, ERR_INVALID, q, "frisk.update_needs", NULL);
		if (u->date < m->decided_on)
			return err_setm(e, ERR_INVALID, jx_path(x, sizeof x, q, "date"), "frisk.update_before", NULL);
		if (i > 0 && u->date < m->upd[i - 1].date)
			return err_setm(e, ERR_INVALID, jx_path(x, sizeof x, q, "date"), "frisk.updates_order", NULL);
	}
	return 0;
}

static json_t *emit_update(const struct frisk_update *u)
{
	json_t *o = json_object();
	json_object_set_new(o, "date", jdate(u->date));
	json_object_set_new(o, "note", jstr(u->note));
	json_object_set_new(o, "progress", u->progress < 0 ? json_null() : json_integer(u->progress));
	json_object_set_new(o, "status", u->status < 0 ? json_null() : json_string(mstatus_names[u->status]));
	json_object_set_new(o, "by", jstr(u->by));
	return o;
}

static json_t *emit_measure(const struct frisk_measure *m)
{
	json_t *o = json_object(), *risks = json_array(), *upd = json_array();
	for (size_t i = 0; i < m->nrisks; i++)
		json_array_append_new(risks, json_string(m->risks[i]));
	for (size_t i = 0; i < m->nupd; i++)
		json_array_append_new(upd, emit_update(&m->upd[i]));
	json_object_set_new(o, "id", json_string(m->id));
	json_object_set_new(o, "risks", risks);
	json_object_set_new(o, "title", json_string(m->title));
	json_object_set_new(o, "description", jstr(m->description));
	json_object_set_new(o, "decided_on", jdate(m->decided_on));
	json_object_set_new(o, "owner", json_string(m->owner));
	json_object_set_new(o, "due", jdate(m->due));
	json_object_set_new(o, "status", json_string(mstatus_names[m->status]));
	json_object_set_new(o, "progress", json_integer(m->progress));
	json_object_set_new(o, "updates", upd);
	return o;
}

int frisk_measure_check(json_t *body, const char *path, json_t *old, json_t **out, struct errinfo *e)
{
	struct arena a;
	struct frisk_measure m, o;
	char p[PATH_LEN], q[PATH_LEN];
	arena_init(&a);
	*out = NULL;
	path = path ? path : "";
	int rc = parse_measure(body, path, &a, &m, e);
	if (rc)
		goto out;
	if (old && !json_is_null(old)) {
		if ((rc = parse_measure(old, "old", &a, &o, e)))
			goto out;
		if (strcmp(o.id, m.id)) {
			rc = err_setm(e, ERR_CONFLICT, jx_path(p, sizeof p, path, "id"), "frisk.measure_id", "id",
				      o.id, NULL);
			goto out;
		}
		jx_path(q, sizeof q, path, "updates");
		for (size_t i = 0; i < o.nupd; i++) {
			json_t *x = emit_update(&o.upd[i]), *y = i < m.nupd ? emit_update(&m.upd[i]) : NULL;
			bool same = y && json_equal(x, y);
			json_decref(x);
			json_decref(y);
			if (!same) {
				rc = err_setm(e, ERR_CONFLICT, i < m.nupd ? jx_index(p, sizeof p, q, i) : q,
					      "frisk.updates_append", NULL);
				goto out;
			}
		}
	}
	*out = emit_measure(&m);
out:
	arena_free(&a);
	return rc;
}

/* ---- the register ----------------------------------------------------- */

static int cmp_risk(const void *x, const void *y)
{
	const struct frisk_risk *a = *(const struct frisk_risk *const *)x, *b = *(const struct frisk_risk *const *)y;
	if (a->lev != b->lev)
		return a->lev > b->lev ? -1 : 1;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->cur.con != b->cur.con)
		return a->cur.con > b->cur.con ? -1 : 1;
	if (a->cur.lik != b->cur.lik)
		return a->cur.lik > b->cur.lik ? -1 : 1;
	return strcmp(a->id, b->id);
}

static int cmp_risk_id(const void *x, const void *y)
{
	const struct frisk_risk *a = *(const struct frisk_risk *const *)x, *b = *(const struct frisk_risk *const *)y;
	int c = strcmp(a->id, b->id);
	return c ? c : (a->idx > b->idx) - (a->idx < b->idx);
}

static struct frisk_risk *risk_find(struct frisk_risk **by_id, size_t n, const char *id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(by_id[mid]->id, id);
		if (c == 0)
			return by_id[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static bool measure_open(const struct frisk_measure *m)
{
	return m->status == M_PLANNED || m->status == M_IN_PROGRESS;
}

static json_t *register_risk(const struct frisk_scale *s, const struct frisk_risk *r, size_t pos, int32_t today)
{
	json_t *o = json_object(), *src = json_array(), *prev = json_null();
	const char *trend = "new";
	if (r->nhist >= 2) {
		const struct frisk_rating *p = &r->hist[r->nhist - 2];
		int plev = s->cell[p->lik - 1][p->con - 1], pscore = p->lik * p->con;
		trend = r->lev > plev || (r->lev == plev && r->score > pscore)	 ? "up"
			: r->lev < plev || (r->lev == plev && r->score < pscore) ? "down"
										 : "same";
		prev = json_pack("{s:o,s:i,s:i,s:i,s:s}", "rated_on", jdate(p->on), "likelihood", p->lik,
				 "consequence", p->con, "score", pscore, "level", s->lev[plev][0]);
	}
	for (size_t i = 0; i < r->nsrc; i++)
		json_array_append_new(src, json_pack("{s:s,s:o,s:o}", "kind", source_kinds[r->src[i].kind], "ref",
						     jstr(r->src[i].ref), "note", jstr(r->src[i].note)));
	json_object_set_new(o, "position", json_integer((json_int_t)pos));
	json_object_set_new(o, "id", json_string(r->id));
	json_object_set_new(o, "title", json_string(r->title));
	json_object_set_new(o, "category", jstr(r->category));
	json_object_set_new(o, "owner", json_string(r->owner));
	json_object_set_new(o, "likelihood", json_integer(r->cur.lik));
	json_object_set_new(o, "likelihood_label", jlabel(s->lik[r->cur.lik - 1][0], s->lik[r->cur.lik - 1][1]));
	json_object_set_new(o, "consequence", json_integer(r->cur.con));
	json_object_set_new(o, "consequence_label", jlabel(s->con[r->cur.con - 1][0], s->con[r->cur.con - 1][1]));
	json_object_set_new(o, "score", json_integer(r->score));
	json_object_set_new(o, "level", json_string(s->lev[r->lev][0]));
	json_object_set_new(o, "level_label", jlabel(s->lev[r->lev][1], s->lev[r->lev][2]));
	json_object_set_new(o, "rated_on", jdate(r->cur.on));
	json_object_set_new(o, "ratings", json_integer((json_int_t)r->nhist));
	json_object_set_new(o, "previous", prev);
	json_object_set_new(o, "trend", json_string(trend));
	json_object_set_new(o, "refresh_due", jdate(r->due));
	json_object_set_new(o, "refresh_overdue", json_boolean(today > r->due));
	json_object_set_new(o, "sources", src);
	json_object_set_new(o, "measures", json_incref(r->measures));
	json_object_set_new(o, "measures_open", json_integer(r->open));
	json_object_set_new(o, "progress",
			    r->progress_n ? json_integer(r->progress_sum / r->progress_n) : json_null());
	return o;
}

int frisk_register(json_t *risks, json_t *measures, json_t *scale, int32_t today, int top_n, json_t **out,
		   struct errinfo *e)
{
	struct arena a;
	struct frisk_scale s;
	char q[PATH_LEN], p[PATH_LEN];
	size_t nr = 0, nm = 0;
	struct frisk_risk *r = NULL, **sorted = NULL, **by_id = NULL;
	struct frisk_measure *m = NULL;
	arena_init(&a);
	*out = NULL;
	int rc = load_scale(scale, &a, &s, e);
	if (rc)
		goto out;
	if (risks && !json_is_null(risks) && !json_is_array(risks)) {
		rc = err_setm(e, ERR_INVALID, "risks", "frisk.risks_array", NULL);
		goto out;
	}
	if (measures && !json_is_null(measures) && !json_is_array(measures)) {
		rc = err_setm(e, ERR_INVALID, "measures", "frisk.measures_array", NULL);
		goto out;
	}
	nr = json_array_size(risks);
	nm = json_array_size(measures);
	if (nr > FRISK_RECORDS_MAX || nm > FRISK_RECORDS_MAX) {
		rc = err_setm(e, ERR_LIMIT, nr > FRISK_RECORDS_MAX ? "risks" : "measures", "forum.records_max", "max",
			      err_num((char[24]){0}, (long long)(FRISK_RECORDS_MAX)), NULL);
		goto out;
	}
	r = arena_alloc(&a, (nr + 1) * sizeof *r);
	sorted = arena_alloc(&a, (nr + 1) * sizeof *sorted);
	by_id = arena_alloc(&a, (nr + 1) * sizeof *by_id);
	for (size_t i = 0; i < nr; i++) {
		jx_index(q, sizeof q, "risks", i);
		if ((rc = parse_risk(json_array_get(risks, i), q, &s, &a, &r[i], e)) ||
		    (rc = settle_history(&r[i], q, false, &a, e)))
			goto out;
		r[i].idx = i;
		r[i].lev = s.cell[r[i].cur.lik - 1][r[i].cur.con - 1];
		r[i].score = r[i].cur.lik * r[i].cur.con;
		r[i].due = date_add_months(r[i].cur.on, s.refresh_months);
		r[i].measures = json_array();
		sorted[i] = by_id[i] = &r[i];
	}
	qsort(by_id, nr, sizeof *by_id, cmp_risk_id);
	for (size_t i = 1; i < nr; i++)
		if (!strcmp(by_id[i]->id, by_id[i - 1]->id)) {
			jx_index(q, sizeof q, "risks", by_id[i]->idx);
			rc = err_setm(e, ERR_CONFLICT, jx_path(p, sizeof p, q, "id"), "frisk.duplicate_risk", "id",
				      by_id[i]->id, NULL);
			goto out;
		}
	m = arena_alloc(&a, (nm + 1) * sizeof *m);
	json_t *overdue_m = json_array(), *unlinked = json_array();
	for (size_t i = 0; i < nm && !rc; i++) {
		jx_index(q, sizeof q, "measures", i);
		if ((rc = parse_measure(json_array_get(measures, i), q, &a, &m[i], e)))
			break;
		for (size_t k = 0; k < i && !rc; k++)
			if (!strcmp(m[k].id, m[i].id))
				rc = err_setm(e, ERR_CONFLICT, jx_path(p, sizeof p, q, "id"),
					      "frisk.duplicate_measure", "id", m[i].id, NULL);
	}
	if (rc) {
		json_decref(overdue_m);
		json_decref(unlinked);
		goto out;
	}
	for (size_t i = 0; i < nm; i++) {
		const struct frisk_measure *x = &m[i];
		bool late = measure_open(x) && x->due != DATE_NONE && today > x->due;
		json_t *missing = json_array();
		for (size_t k = 0; k < x->nrisks; k++) {
			struct frisk_risk *rk = risk_find(by_id, nr, x->risks[k]);
			if (!rk) {
				json_array_append_new(missing, json_string(x->risks[k]));
				continue;
			}
			json_array_append_new(rk->measures,
					      json_pack("{s:s,s:s,s:s,s:s,s:i,s:o,s:b}", "id", x->id, "title", x->title,
							"owner", x->owner, "status", mstatus_names[x->status], "progress",
							x->progress, "due", jdate(x->due), "overdue", late));
			if (x->status != M_CANCELLED) {
				rk->progress_sum += x->progress;
				rk->progress_n++;
			}
			rk->open += measure_open(x);
		}
		if (late) {
			json_t *ids = json_array();
			for (size_t k = 0; k < x->nrisks; k++)
				json_array_append_new(ids, json_string(x->risks[k]));
			json_array_append_new(overdue_m,
					      json_pack("{s:s,s:s,s:s,s:o,s:i,s:o}", "id", x->id, "title", x->title,
							"owner", x->owner, "due", jdate(x->due), "days_overdue",
							(int)(today - x->due), "risks", ids));
		}
		if (json_array_size(missing))
			json_array_append_new(unlinked, json_pack("{s:s,s:o}", "id", x->id, "missing_risks", missing));
		else
			json_decref(missing);
	}
	qsort(sorted, nr, sizeof *sorted, cmp_risk);

	if (top_n <= 0)
		top_n = FRISK_TOP_DEFAULT;
	json_t *o = json_object(), *list = json_array(), *top = json_array(), *overdue = json_array(),
	       *no_measure = json_array(), *cells = json_array(), *levels = json_array(), *lcount;
	int count[FRISK_N][FRISK_N] = {{0}}, per_level[FRISK_LEVELS_MAX] = {0};
	for (size_t i = 0; i < nr; i++) {
		const struct frisk_risk *x = sorted[i];
		json_array_append_new(list, register_risk(&s, x, i + 1, today));
		count[x->cur.lik - 1][x->cur.con - 1]++;
		per_level[x->lev]++;
		if (i < (size_t)top_n) {
			json_array_append_new(top, json_string(x->id));
			if (x->open == 0)
				json_array_append_new(no_measure, json_string(x->id));
		}
		if (today > x->due)
			json_array_append_new(overdue, json_pack("{s:s,s:o,s:o,s:i}", "id", x->id, "rated_on",
								 jdate(x->cur.on), "refresh_due", jdate(x->due),
								 "days_overdue", (int)(today - x->due)));
	}
	for (int l = 0; l < FRISK_N; l++) {
		json_t *row = json_array();
		for (int c = 0; c < FRISK_N; c++)
			json_array_append_new(row, json_integer(count[l][c]));
		json_array_append_new(cells, row);
	}
	for (size_t i = 0; i < s.nlev; i++) {
		lcount = json_pack("{s:s,s:s,s:s,s:i}", "code", s.lev[i][0], "da", s.lev[i][1], "en", s.lev[i][2],
				   "count", per_level[i]);
		json_array_append_new(levels, lcount);
	}
	json_t *scale_json = emit_scale(&s);
	json_t *heat = json_object();
	json_object_set_new(heat, "counts", cells);
	json_object_set(heat, "matrix", json_object_get(scale_json, "matrix"));
	json_object_set(heat, "likelihood", json_object_get(scale_json, "likelihood"));
	json_object_set(heat, "consequence", json_object_get(scale_json, "consequence"));
	json_object_set_new(o, "as_of", jdate(today));
	json_object_set_new(o, "refresh_months", json_integer(s.refresh_months));
	json_object_set_new(o, "levels", levels);
	json_object_set_new(o, "heat_map", heat);
	json_object_set_new(o, "risks", list);
	json_object_set_new(o, "top_n", json_integer(top_n));
	json_object_set_new(o, "top", top);
	json_object_set_new(o, "top_without_open_measures", no_measure);
	json_object_set_new(o, "overdue_refresh", overdue);
	json_object_set_new(o, "measures_overdue", overdue_m);
	json_object_set_new(o, "measures_unlinked", unlinked);
	json_decref(scale_json);
	*out = o;
out:
	for (size_t i = 0; r && i < nr; i++)
		json_decref(r[i].measures);
	arena_free(&a);
	return rc;
}
