/*
 * crisis.c — sector crisis coordination: three validators and three views.
 *
 * Design.  Each record kind has one parser (JSON -> struct, strings in a
 * per-call arena) and one emitter (struct -> canonical JSON).  The check
 * functions are parse + emit; the views parse every record they are given
 * with the same parser (so a malformed stored record is reported by path,
 * "reports[3].at", instead of being skipped) and then work on the structs.
 *
 * The views share one model of a crisis, built by load():
 *  - the member set: the members given, exactly, in their order; or, when
 *    none are given, members_expected in their order and then members who
 *    reported without being expected, by id;
 *  - per member, its reports with at <= now, by (at, input order) — the last
 *    one is the member's current report, every earlier one is superseded;
 *  - per (member, service), a disruption episode: from the service's
 *    disrupted_at (when a report states one) or else the earlier of the
 *    crisis's opened_at and the first non-green report, to the first green
 *    report after the last non-green one.  A service left out of a later
 *    report keeps its last status: omission is not recovery.
 *
 * Conservative rules (docs/internals/crisis.md): the due time after a report
 * is the earlier of the member's promised next update and the cadence;
 * minutes late round up; an episode runs from its earliest plausible start,
 * and repeated disruptions of one service count as one episode; all-green
 * needs every member in the set to have reported all-green, so a member
 * that never reported keeps the sector from being all-green.
 */
#include "crisis.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "jsonx.h"
#include "limit.h"
#include "mem.h"
#include "tlp.h"

#define NONE INT64_MIN
#define MS_MIN INT64_C(60000)
#define PATH_LEN 300

enum colour { C_GREEN, C_AMBER, C_RED, C_N };
static const char *const colour_names[] = {"green", "amber", "red", NULL};
static const char *const colour_da[] = {"grøn", "gul", "rød"};
static const char *const comm_names[] = {"none", "internal", "customers", "public", "media", NULL};
static const char *const status_names[] = {"open", "closed", NULL};
enum basis { DUE_FIRST, DUE_CADENCE, DUE_NEXT_UPDATE };
static const char *const basis_names[] = {"first_report_due", "cadence", "next_update_at"};

struct crisis {
	const char *id, *title, *description, *closed_by, *closing_summary;
	enum level severity;
	int64_t opened_at, first_due, closed_at;
	int cadence;
	bool closed;
	const char **members;
	size_t nmembers;
	const char **lessons[3]; /* went_well, to_improve, follow_up */
	size_t nlessons[3];
};
static const char *const lesson_keys[] = {"went_well", "to_improve", "follow_up", NULL};

struct crisis_svc {
	const char *service, *name, *impact_note;
	int status;
	long long customers, transactions; /* -1 unknown */
	double amount_dkk;                 /* NAN unknown */
	int64_t disrupted_at, recovery_at; /* NONE unknown */
	int tolerance;                     /* minutes, -1 unknown */
};

struct crisis_report {
	const char *id, *member, *cause, *assistance;
	int64_t at, next_update_at;
	struct crisis_svc *svc;
	size_t nsvc;
	const char **deps;
	size_t ndeps;
	bool continuity;
	int comm, tlp;
	int worst, count[C_N];
	size_t idx;  /* position in the input array */
	size_t midx; /* member index in the model */
};

struct crisis_action {
	const char *action, *owner;
	int64_t due_at;
};

struct crisis_decision {
	const char *id, *decision, *by, *rationale;
	int64_t at;
	struct crisis_action *act;
	size_t nact;
	size_t idx;
};

struct crisis_episode {
	const char *service, *name;
	int64_t first_bad, stated_start, start, recovered_at, recovery_at;
	int worst, tolerance;
	bool bad_now, forecast_breach;
};

struct crisis_member {
	const char *id;
	bool expected;
	struct crisis_report **r; /* at <= now, by (at, idx) */
	size_t n;
	struct crisis_episode *ep;
	size_t nep;
};

struct crisis_model {
	struct crisis c;
	struct crisis_report *rep;
	size_t nrep;
	struct crisis_member *m;
	size_t nm;
	int64_t now, eval; /* eval: min(now, closed_at) for a closed crisis */
};

/* Whole minutes in ms, rounded up (a report 30 s late is a minute late); 0 for ms <= 0. */
static long long ceil_minutes(int64_t ms)
{
	return ms <= 0 ? 0 : (long long)((ms + MS_MIN - 1) / MS_MIN);
}

/* ---- small readers (the common ones are jsonx.h) ---------------------- */

/* An instant with a time and an offset ("2026-11-22T10:00:00+01:00"); a bare date is refused. */
static int get_instant(json_t *obj, const char *key, const char *path, bool required, int64_t *out,
		       struct errinfo *e)
{
	json_t *v = jx_get(obj, key);
	char p[PATH_LEN];
	if (!v)
		return required ? jx_missing(key, path, e) : 0;
	const char *s = json_string_value(v);
	if (!s || strlen(s) < 11 || s[10] != 'T' || instant_parse(s, out))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "crisis.instant", "key", key, NULL);
	return 0;
}

static int opt_id(json_t *obj, const char *key, const char *path, struct arena *a, const char **out,
		  struct errinfo *e)
{
	*out = NULL;
	return jx_get(obj, key) ? jx_id(obj, key, path, a, out, e) : 0;
}

static int name_index(const char *const *names, const char *s)
{
	for (int i = 0; s && names[i]; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

static int get_count(json_t *obj, const char *key, const char *path, long long *out, struct errinfo *e)
{
	json_t *v = jx_get(obj, key);
	char p[PATH_LEN];
	*out = -1;
	if (!v)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 1000000000000000LL)
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "crisis.whole", "key", key, NULL);
	*out = json_integer_value(v);
	return 0;
}

static int get_amount(json_t *obj, const char *key, const char *path, double *out, struct errinfo *e)
{
	json_t *v = jx_get(obj, key);
	char p[PATH_LEN];
	*out = NAN;
	if (!v)
		return 0;
	double d = json_number_value(v);
	if (!json_is_number(v) || !isfinite(d) || d < 0 || d > 1e15)
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "crisis.number", "key", key, NULL);
	*out = d;
	return 0;
}

/*
 * An array of ids at obj.key, duplicates refused (dedupe: merged instead,
 * comparing ASCII case-insensitively with surrounding blanks trimmed — used
 * for dependency names typed by people).
 */
static int get_ids(json_t *obj, const char *key, const char *path, size_t max, bool dedupe, struct arena *a,
		   const char ***out, size_t *n, struct errinfo *e)
{
	json_t *arr;
	char p[PATH_LEN], q[PATH_LEN];
	int rc = jx_array(obj, key, path, false, 0, max, &arr, e);
	*out = NULL;
	*n = 0;
	if (rc || !arr)
		return rc;
	*out = arena_alloc(a, (json_array_size(arr) + 1) * sizeof **out);
	jx_path(p, sizeof p, path, key);
	for (size_t i = 0; i < json_array_size(arr); i++) {
		json_t *v = json_array_get(arr, i);
		const char *s = json_string_value(v);
		jx_index(q, sizeof q, p, i);
		size_t len = s ? json_string_length(v) : 0;
		if (dedupe && s) {
			while (len && (*s == ' ' || *s == '\t')) {
				s++;
				len--;
			}
			while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
				len--;
		}
		if (!s || len == 0 || len > 128 || memchr(s, 0, len))
			return err_setm(e, ERR_INVALID, q, "crisis.id_name", NULL);
		for (size_t k = 0; k < len; k++)
			if ((unsigned char)s[k] < 0x20 || s[k] == 0x7f)
				return err_setm(e, ERR_INVALID, q, "crisis.control", NULL);
		const char *id = arena_strndup(a, s, len);
		bool dup = false;
		for (size_t k = 0; k < *n && !dup; k++)
			dup = dedupe ? !strcasecmp((*out)[k], id) : !strcmp((*out)[k], id);
		if (dup && !dedupe)
			return err_setm(e, ERR_INVALID, q, "crisis.duplicate", "id", id, NULL);
		if (!dup)
			(*out)[(*n)++] = id;
	}
	return 0;
}

static int get_texts(json_t *obj, const char *key, const char *path, struct arena *a, const char ***out,
		     size_t *n, struct errinfo *e)
{
	json_t *arr;
	char p[PATH_LEN], q[PATH_LEN];
	int rc = jx_array(obj, key, path, false, 0, CRISIS_LIST_MAX, &arr, e);
	*out = NULL;
	*n = 0;
	if (rc || !arr)
		return rc;
	*out = arena_alloc(a, (json_array_size(arr) + 1) * sizeof **out);
	jx_path(p, sizeof p, path, key);
	for (size_t i = 0; i < json_array_size(arr); i++) {
		json_t *v = json_array_get(arr, i);
		jx_index(q, sizeof q, p, i);
		if (!json_is_string(v) || json_string_length(v) == 0 || memchr(json_string_value(v), 0, json_string_length(v)))
			return err_setm(e, ERR_INVALID, q, "crisis.string", NULL);
		if ((rc = limit_text(json_string_value(v), json_string_length(v), CRISIS_TEXT_MAX, q, q, e)))
			return rc;
		(*out)[(*n)++] = arena_strndup(a, json_string_value(v), json_string_length(v));
	}
	return 0;
}

/* ---- small writers ---------------------------------------------------- */

static json_t *jinstant(int64_t ms)
{
	char buf[32];
	if (ms == NONE)
		return json_null();
	instant_format_utc(ms, buf);
	return json_string(buf);
}

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *jcount(long long v)
{
	return v < 0 ? json_null() : json_integer(v);
}

static json_t *jstrs(const char *const *s, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(s[i]));
	return a;
}

static json_t *colour_labels(void)
{
	json_t *o = json_object();
	for (int c = 0; c < C_N; c++)
		json_object_set_new(o, colour_names[c],
				    json_pack("{s:s,s:s}", "da", colour_da[c], "en", colour_names[c]));
	return o;
}

static json_t *colour_counts(const int *count)
{
	json_t *o = json_object();
	for (int c = 0; c < C_N; c++)
		json_object_set_new(o, colour_names[c], json_integer(count[c]));
	return o;
}

const char *crisis_colour_da(const char *code)
{
	int i = name_index(colour_names, code);
	return i < 0 ? NULL : colour_da[i];
}

/* ---- the crisis ------------------------------------------------------- */

static int parse_crisis(json_t *j, const char *path, struct arena *a, struct crisis *c, struct errinfo *e)
{
	static const char *const keys[] = {"id",	     "title",	  "description",      "severity",
					   "opened_at",	     "cadence_minutes", "first_report_due", "members_expected",
					   "status",	     "closed_at", "closed_by",	      "closing_summary",
					   "lessons",	     NULL};
	char p[PATH_LEN];
	int rc, status = 0;
	memset(c, 0, sizeof *c);
	c->cadence = 60;
	c->first_due = c->closed_at = NONE;
	if ((rc = jx_object(j, path, e)) || (rc = jx_check_keys(j, path, keys, e)) ||
	    (rc = opt_id(j, "id", path, a, &c->id, e)) ||
	    (rc = jx_text(j, "title", path, true, CRISIS_TEXT_MAX, a, &c->title, e)) ||
	    (rc = jx_text(j, "description", path, false, CRISIS_TEXT_MAX, a, &c->description, e)) ||
	    (rc = jx_level(j, "severity", path, true, &c->severity, e)) ||
	    (rc = get_instant(j, "opened_at", path, true, &c->opened_at, e)) ||
	    (rc = jx_int(j, "cadence_minutes", path, false, CRISIS_CADENCE_MIN, CRISIS_CADENCE_MAX, &c->cadence, e)) ||
	    (rc = get_instant(j, "first_report_due", path, false, &c->first_due, e)) ||
	    (rc = get_ids(j, "members_expected", path, CRISIS_MEMBERS_MAX, false, a, &c->members, &c->nmembers, e)) ||
	    (rc = jx_names(j, "status", path, false, status_names, &status, e)) ||
	    (rc = get_instant(j, "closed_at", path, false, &c->closed_at, e)) ||
	    (rc = jx_text(j, "closed_by", path, false, CRISIS_TEXT_MAX, a, &c->closed_by, e)) ||
	    (rc = jx_text(j, "closing_summary", path, false, CRISIS_TEXT_MAX, a, &c->closing_summary, e)))
		return rc;
	if (c->first_due == NONE)
		c->first_due = c->opened_at + c->cadence * MS_MIN;
	else if (c->first_due < c->opened_at)
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "first_report_due"),
				"crisis.first_report_due", NULL);
	c->closed = status == 1;
	if (c->closed && c->closed_at == NONE)
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "closed_at"), "crisis.closed_at_required",
				NULL);
	if (!c->closed && c->closed_at != NONE)
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "closed_at"), "crisis.closed_at_only", NULL);
	if (c->closed && c->closed_at < c->opened_at)
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "closed_at"), "crisis.closed_before_opened",
				NULL);
	json_t *l = jx_get(j, "lessons");
	if (l) {
		char lp[PATH_LEN];
		jx_path(lp, sizeof lp, path, "lessons");
		if ((rc = jx_object(l, lp, e)) || (rc = jx_check_keys(l, lp, lesson_keys, e)))
			return rc;
		for (int k = 0; k < 3; k++)
			if ((rc = get_texts(l, lesson_keys[k], lp, a, &c->lessons[k], &c->nlessons[k], e)))
				return rc;
	}
	return 0;
}

static json_t *emit_lessons(const struct crisis *c)
{
	json_t *o = json_object();
	for (int k = 0; k < 3; k++)
		json_object_set_new(o, lesson_keys[k], jstrs(c->lessons[k], c->nlessons[k]));
	return o;
}

static json_t *emit_crisis(const struct crisis *c)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", jstr(c->id));
	json_object_set_new(o, "title", json_string(c->title));
	json_object_set_new(o, "description", jstr(c->description));
	json_object_set_new(o, "severity", json_string(level_name(c->severity)));
	json_object_set_new(o, "opened_at", jinstant(c->opened_at));
	json_object_set_new(o, "cadence_minutes", json_integer(c->cadence));
	json_object_set_new(o, "first_report_due", jinstant(c->first_due));
	json_object_set_new(o, "members_expected", jstrs(c->members, c->nmembers));
	json_object_set_new(o, "status", json_string(status_names[c->closed]));
	json_object_set_new(o, "closed_at", jinstant(c->closed_at));
	json_object_set_new(o, "closed_by", jstr(c->closed_by));
	json_object_set_new(o, "closing_summary", jstr(c->closing_summary));
	json_object_set_new(o, "lessons", emit_lessons(c));
	return o;
}

/* The crisis as a view shows it: who, what, how often. */
static json_t *crisis_head(const struct crisis *c)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", jstr(c->id));
	json_object_set_new(o, "title", json_string(c->title));
	json_object_set_new(o, "severity", json_string(level_name(c->severity)));
	json_object_set_new(o, "severity_en", json_string(level_name_en(c->severity)));
	json_object_set_new(o, "status", json_string(status_names[c->closed]));
	json_object_set_new(o, "opened_at", jinstant(c->opened_at));
	json_object_set_new(o, "closed_at", jinstant(c->closed_at));
	json_object_set_new(o, "cadence_minutes", json_integer(c->cadence));
	json_object_set_new(o, "first_report_due", jinstant(c->first_due));
	return o;
}

int crisis_check(json_t *body, const char *path, json_t **out, struct errinfo *e)
{
	struct arena a;
	struct crisis c;
	arena_init(&a);
	*out = NULL;
	int rc = parse_crisis(body, path ? path : "", &a, &c, e);
	if (!rc)
		*out = emit_crisis(&c);
	arena_free(&a);
	return rc;
}

/* ---- status reports --------------------------------------------------- */

static int parse_service(json_t *j, const char *path, int64_t at, struct arena *a, struct crisis_svc *s,
			 struct errinfo *e)
{
	static const char *const keys[] = {"service",		     "name",	      "status",
					   "impact",		     "disrupted_at",  "expected_recovery_at",
					   "expected_recovery_minutes", "tolerance_minutes", NULL};
	static const char *const ikeys[] = {"customers_affected", "transactions_affected", "amount_dkk", "description",
					    NULL};
	char p[PATH_LEN];
	int rc, minutes = -1;
	memset(s, 0, sizeof *s);
	s->customers = s->transactions = -1;
	s->amount_dkk = NAN;
	s->disrupted_at = s->recovery_at = NONE;
	s->tolerance = -1;
	if ((rc = jx_object(j, path, e)) || (rc = jx_check_keys(j, path, keys, e)) ||
	    (rc = jx_id(j, "service", path, a, &s->service, e)) ||
	    (rc = jx_text(j, "name", path, false, CRISIS_TEXT_MAX, a, &s->name, e)) ||
	    (rc = jx_names(j, "status", path, true, colour_names, &s->status, e)) ||
	    (rc = get_instant(j, "disrupted_at", path, false, &s->disrupted_at, e)) ||
	    (rc = get_instant(j, "expected_recovery_at", path, false, &s->recovery_at, e)) ||
	    (rc = jx_int(j, "expected_recovery_minutes", path, false, 0, 525600, &minutes, e)) ||
	    (rc = jx_int(j, "tolerance_minutes", path, false, 0, 525600, &s->tolerance, e)))
		return rc;
	json_t *imp = jx_get(j, "impact");
	if (imp) {
		char ip[PATH_LEN];
		jx_path(ip, sizeof ip, path, "impact");
		if ((rc = jx_object(imp, ip, e)) || (rc = jx_check_keys(imp, ip, ikeys, e)) ||
		    (rc = get_count(imp, "customers_affected", ip, &s->customers, e)) ||
		    (rc = get_count(imp, "transactions_affected", ip, &s->transactions, e)) ||
		    (rc = get_amount(imp, "amount_dkk", ip, &s->amount_dkk, e)) ||
		    (rc = jx_text(imp, "description", ip, false, CRISIS_TEXT_MAX, a, &s->impact_note, e)))
			return rc;
	}
	/* Both are accepted when they agree, so a normalised report (which carries both) checks again. */
	if (minutes >= 0 && s->recovery_at != NONE && ceil_minutes(s->recovery_at - at) != minutes)
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "expected_recovery_minutes"),
				"crisis.recovery_disagree", NULL);
	if (minutes >= 0 && s->recovery_at == NONE)
		s->recovery_at = at + minutes * MS_MIN;
	if (s->status != C_GREEN && s->recovery_at != NONE && s->recovery_at < at)
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "expected_recovery_at"),
				"crisis.recovery_before", NULL);
	if (s->disrupted_at != NONE && s->disrupted_at > at)
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "disrupted_at"), "crisis.disrupted_after",
				NULL);
	return 0;
}

static int parse_report(json_t *j, const char *path, struct arena *a, struct crisis_report *r, struct errinfo *e)
{
	static const char *const keys[] = {"id",
					   "member",
					   "at",
					   "services",
					   "cause",
					   "dependencies_affected",
					   "continuity_plan_active",
					   "assistance_needed",
					   "communication_status",
					   "tlp",
					   "next_update_at",
					   NULL};
	char p[PATH_LEN], q[PATH_LEN];
	int rc;
	json_t *arr;
	memset(r, 0, sizeof *r);
	r->next_update_at = NONE;
	r->tlp = TLP_AMBER;
	if ((rc = jx_object(j, path, e)) || (rc = jx_check_keys(j, path, keys, e)) ||
	    (rc = opt_id(j, "id", path, a, &r->id, e)) || (rc = jx_id(j, "member", path, a, &r->member, e)) ||
	    (rc = get_instant(j, "at", path, true, &r->at, e)) ||
	    (rc = jx_array(j, "services", path, true, 0, CRISIS_LIST_MAX, &arr, e)))
		return rc;
	if (!jx_get(j, "continuity_plan_active"))
		return jx_missing("continuity_plan_active", path, e);
	if ((rc = jx_bool(j, "continuity_plan_active", path, &r->continuity, e)) ||
	    (rc = jx_text(j, "cause", path, false, CRISIS_TEXT_MAX, a, &r->cause, e)) ||
	    (rc = get_ids(j, "dependencies_affected", path, CRISIS_LIST_MAX, true, a, &r->deps, &r->ndeps, e)) ||
	    (rc = jx_text(j, "assistance_needed", path, false, CRISIS_TEXT_MAX, a, &r->assistance, e)) ||
	    (rc = jx_names(j, "communication_status", path, true, comm_names, &r->comm, e)) ||
	    (rc = get_instant(j, "next_update_at", path, false, &r->next_update_at, e)))
		return rc;
	json_t *tlp = jx_get(j, "tlp");
	if (tlp && (r->tlp = tlp_parse(json_string_value(tlp))) < 0) /* "TLP:AMBER", "amber" -> "AMBER" */
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "tlp"), "crisis.tlp", NULL);
	if (r->next_update_at != NONE && r->next_update_at <= r->at)
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "next_update_at"), "crisis.next_update",
				NULL);
	r->nsvc = json_array_size(arr);
	r->svc = arena_alloc(a, (r->nsvc + 1) * sizeof *r->svc);
	jx_path(p, sizeof p, path, "services");
	for (size_t i = 0; i < r->nsvc; i++) {
		jx_index(q, sizeof q, p, i);
		if ((rc = parse_service(json_array_get(arr, i), q, r->at, a, &r->svc[i], e)))
			return rc;
		for (size_t k = 0; k < i; k++)
			if (!strcmp(r->svc[k].service, r->svc[i].service)) {
				char sp[PATH_LEN];
				return err_setm(e, ERR_INVALID, jx_path(sp, sizeof sp, q, "service"),
						"crisis.service_twice", "service", r->svc[i].service, NULL);
			}
		r->count[r->svc[i].status]++;
		if (r->svc[i].status > r->worst)
			r->worst = r->svc[i].status;
	}
	return 0;
}

static json_t *emit_service(const struct crisis_svc *s, int64_t at)
{
	json_t *imp = json_object();
	json_object_set_new(imp, "customers_affected", jcount(s->customers));
	json_object_set_new(imp, "transactions_affected", jcount(s->transactions));
	json_object_set_new(imp, "amount_dkk",
			    isnan(s->amount_dkk)		   ? json_null()
			    : s->amount_dkk == floor(s->amount_dkk) ? json_integer((json_int_t)s->amount_dkk)
								   : json_real(s->amount_dkk));
	json_object_set_new(imp, "description", jstr(s->impact_note));
	json_t *o = json_object();
	json_object_set_new(o, "service", json_string(s->service));
	json_object_set_new(o, "name", jstr(s->name));
	json_object_set_new(o, "status", json_string(colour_names[s->status]));
	json_object_set_new(o, "impact", imp);
	json_object_set_new(o, "disrupted_at", jinstant(s->disrupted_at));
	json_object_set_new(o, "expected_recovery_at", jinstant(s->recovery_at));
	json_object_set_new(o, "expected_recovery_minutes",
			    s->recovery_at == NONE ? json_null() : json_integer(ceil_minutes(s->recovery_at - at)));
	json_object_set_new(o, "tolerance_minutes", jcount(s->tolerance));
	return o;
}

static json_t *emit_report(const struct crisis_report *r)
{
	json_t *svc = json_array();
	for (size_t i = 0; i < r->nsvc; i++)
		json_array_append_new(svc, emit_service(&r->svc[i], r->at));
	json_t *o = json_object();
	json_object_set_new(o, "id", jstr(r->id));
	json_object_set_new(o, "member", json_string(r->member));
	json_object_set_new(o, "at", jinstant(r->at));
	json_object_set_new(o, "services", svc);
	json_object_set_new(o, "cause", jstr(r->cause));
	json_object_set_new(o, "dependencies_affected", jstrs(r->deps, r->ndeps));
	json_object_set_new(o, "continuity_plan_active", json_boolean(r->continuity));
	json_object_set_new(o, "assistance_needed", jstr(r->assistance));
	json_object_set_new(o, "communication_status", json_string(comm_names[r->comm]));
	json_object_set_new(o, "tlp", json_string(tlp_name(r->tlp)));
	json_object_set_new(o, "next_update_at", jinstant(r->next_update_at));
	return o;
}

int crisis_report_check(json_t *body, const char *path, json_t **out, struct errinfo *e)
{
	struct arena a;
	struct crisis_report r;
	arena_init(&a);
	*out = NULL;
	int rc = parse_report(body, path ? path : "", &a, &r, e);
	if (!rc)
		*out = emit_report(&r);
	arena_free(&a);
	return rc;
}

/* ---- decisions -------------------------------------------------------- */

static int parse_decision(json_t *j, const char *path, struct arena *a, struct crisis_decision *d, struct errinfo *e)
{
	static const char *const keys[] = {"id", "at", "decision", "by", "rationale", "actions", NULL};
	static const char *const akeys[] = {"action", "owner", "due_at", NULL};
	char p[PATH_LEN], q[PATH_LEN];
	json_t *arr;
	int rc;
	memset(d, 0, sizeof *d);
	if ((rc = jx_object(j, path, e)) || (rc = jx_check_keys(j, path, keys, e)) ||
	    (rc = opt_id(j, "id", path, a, &d->id, e)) || (rc = get_instant(j, "at", path, true, &d->at, e)) ||
	    (rc = jx_text(j, "decision", path, true, CRISIS_TEXT_MAX, a, &d->decision, e)) ||
	    (rc = jx_text(j, "by", path, true, CRISIS_TEXT_MAX, a, &d->by, e)) ||
	    (rc = jx_text(j, "rationale", path, false, CRISIS_TEXT_MAX, a, &d->rationale, e)) ||
	    (rc = jx_array(j, "actions", path, false, 0, CRISIS_LIST_MAX, &arr, e)))
		return rc;
	d->nact = arr ? json_array_size(arr) : 0;
	d->act = arena_alloc(a, (d->nact + 1) * sizeof *d->act);
	jx_path(p, sizeof p, path, "actions");
	for (size_t i = 0; i < d->nact; i++) {
		json_t *v = json_array_get(arr, i);
		struct crisis_action *x = &d->act[i];
		x->due_at = NONE;
		jx_index(q, sizeof q, p, i);
		if (json_is_string(v)) {
			json_t *tmp = json_pack("{s:O}", "action", v);
			rc = jx_text(tmp, "action", q, true, CRISIS_TEXT_MAX, a, &x->action, e);
			json_decref(tmp);
			if (rc)
				return rc;
			continue;
		}
		if ((rc = jx_object(v, q, e)) || (rc = jx_check_keys(v, q, akeys, e)) ||
		    (rc = jx_text(v, "action", q, true, CRISIS_TEXT_MAX, a, &x->action, e)) ||
		    (rc = jx_text(v, "owner", q, false, CRISIS_TEXT_MAX, a, &x->owner, e)) ||
		    (rc = get_instant(v, "due_at", q, false, &x->due_at, e)))
			return rc;
	}
	return 0;
}

static json_t *emit_decision(const struct crisis_decision *d)
{
	json_t *acts = json_array();
	for (size_t i = 0; i < d->nact; i++)
		json_array_append_new(acts, json_pack("{s:s,s:o,s:o}", "action", d->act[i].action, "owner",
						      jstr(d->act[i].owner), "due_at", jinstant(d->act[i].due_at)));
	json_t *o = json_object();
	json_object_set_new(o, "id", jstr(d->id));
	json_object_set_new(o, "at", jinstant(d->at));
	json_object_set_new(o, "decision", json_string(d->decision));
	json_object_set_new(o, "by", json_string(d->by));
	json_object_set_new(o, "rationale", jstr(d->rationale));
	json_object_set_new(o, "actions", acts);
	return o;
}

int crisis_decision_check(json_t *body, const char *path, json_t **out, struct errinfo *e)
{
	struct arena a;
	struct crisis_decision d;
	arena_init(&a);
	*out = NULL;
	int rc = parse_decision(body, path ? path : "", &a, &d, e);
	if (!rc)
		*out = emit_decision(&d);
	arena_free(&a);
	return rc;
}

/* ---- the model the views share ---------------------------------------- */

static int cmp_member_at(const void *x, const void *y)
{
	const struct crisis_report *a = *(const struct crisis_report *const *)x, *b = *(const struct crisis_report *const *)y;
	int c = strcmp(a->member, b->member);
	if (c)
		return c;
	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static int cmp_at(const void *x, const void *y)
{
	const struct crisis_report *a = *(const struct crisis_report *const *)x, *b = *(const struct crisis_report *const *)y;
	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static struct crisis_episode *episode_find(const struct crisis_member *m, const char *service)
{
	for (size_t i = 0; i < m->nep; i++)
		if (!strcmp(m->ep[i].service, service))
			return &m->ep[i];
	return NULL;
}

/* Disruption episodes of one member's services from its reports (see the file comment). */
static void build_episodes(const struct crisis *c, struct crisis_member *m, struct arena *a)
{
	size_t cap = 0;
	for (size_t i = 0; i < m->n; i++)
		cap += m->r[i]->nsvc;
	m->ep = arena_alloc(a, (cap + 1) * sizeof *m->ep);
	for (size_t i = 0; i < m->n; i++) {
		const struct crisis_report *r = m->r[i];
		for (size_t k = 0; k < r->nsvc; k++) {
			const struct crisis_svc *s = &r->svc[k];
			struct crisis_episode *ep = episode_find(m, s->service);
			if (!ep && s->status == C_GREEN)
				continue;
			if (!ep) {
				ep = &m->ep[m->nep++];
				ep->service = s->service;
				ep->first_bad = r->at;
				ep->stated_start = ep->recovered_at = ep->recovery_at = NONE;
				ep->tolerance = -1;
			}
			if (s->name)
				ep->name = s->name;
			if (s->tolerance >= 0)
				ep->tolerance = s->tolerance; /* the latest stated tolerance */
			if (s->disrupted_at != NONE && (ep->stated_start == NONE || s->disrupted_at < ep->stated_start))
				ep->stated_start = s->disrupted_at;
			if (s->status == C_GREEN) {
				if (ep->bad_now)
					ep->recovered_at = r->at;
				ep->bad_now = false;
				continue;
			}
			ep->bad_now = true;
			ep->recovered_at = NONE;
			ep->recovery_at = s->recovery_at;
			if (s->status > ep->worst)
				ep->worst = s->status;
		}
	}
	for (size_t i = 0; i < m->nep; i++) {
		struct crisis_episode *ep = &m->ep[i];
		ep->start = ep->stated_start != NONE		? ep->stated_start
			    : ep->first_bad < c->opened_at ? ep->first_bad
							   : c->opened_at;
	}
	/* A forecast breach: some non-green report expected recovery after start + tolerance. */
	for (size_t i = 0; i < m->n; i++)
		for (size_t k = 0; k < m->r[i]->nsvc; k++) {
			const struct crisis_svc *s = &m->r[i]->svc[k];
			struct crisis_episode *ep = episode_find(m, s->service);
			int tol = s->tolerance >= 0 ? s->tolerance : ep ? ep->tolerance : -1;
			if (ep && s->status != C_GREEN && tol >= 0 && s->recovery_at != NONE &&
			    s->recovery_at > ep->start + tol * MS_MIN)
				ep->forecast_breach = true;
		}
}

static int parse_members(json_t *members, struct arena *a, const char ***out, size_t *n, struct errinfo *e)
{
	json_t *wrap = json_pack("{s:O}", "members", members);
	int rc = get_ids(wrap, "members", "", CRISIS_MEMBERS_MAX, false, a, out, n, e);
	json_decref(wrap);
	return rc;
}

/* Parse the crisis, the members and the reports; group reports with at <= now by member. */
static int load(json_t *crisis, json_t *reports, json_t *members, int64_t now, struct arena *a, struct crisis_model *md,
		struct errinfo *e)
{
	char q[PATH_LEN];
	int rc;
	memset(md, 0, sizeof *md);
	md->now = now;
	if ((rc = parse_crisis(crisis, "crisis", a, &md->c, e)))
		return rc;
	md->eval = md->c.closed && md->c.closed_at < now ? md->c.closed_at : now;
	const char **ids = md->c.members;
	size_t nids = md->c.nmembers;
	bool only = members && !json_is_null(members); /* an explicit list: exactly these members */
	if (only && (rc = parse_members(members, a, &ids, &nids, e)))
		return rc;
	if (reports && !json_is_null(reports) && !json_is_array(reports))
		return err_setm(e, ERR_INVALID, "reports", "crisis.reports_array", NULL);
	size_t n = json_array_size(reports);
	if (n > CRISIS_RECORDS_MAX)
		return err_setm(e, ERR_LIMIT, "reports", "crisis.reports_max", "max", err_num((char[24]){0},
				(long long)(CRISIS_RECORDS_MAX)), NULL);
	md->rep = arena_alloc(a, (n + 1) * sizeof *md->rep);
	struct crisis_report **by = arena_alloc(a, (n + 1) * sizeof *by);
	size_t nby = 0;
	for (size_t i = 0; i < n; i++) {
		if ((rc = parse_report(json_array_get(reports, i), jx_index(q, sizeof q, "reports", i), a,
				       &md->rep[i], e)))
			return rc;
		md->rep[i].idx = i;
		if (md->rep[i].at <= now) /* a report stamped in the future is not yet part of the record */
			by[nby++] = &md->rep[i];
	}
	md->nrep = n;
	qsort(by, nby, sizeof *by, cmp_member_at);
	/* runs of one member in by[]: start index and length, sorted by member id */
	size_t ngroups = 0, *gs = arena_alloc(a, (nby + 1) * sizeof *gs), *gl = arena_alloc(a, (nby + 1) * sizeof *gl);
	bool *used = arena_alloc(a, nby + 1);
	for (size_t i = 0; i < nby; i++)
		if (i == 0 || strcmp(by[i]->member, by[i - 1]->member)) {
			gs[ngroups] = i;
			gl[ngroups++] = 1;
		} else
			gl[ngroups - 1]++;
	md->m = arena_alloc(a, (nids + ngroups + 1) * sizeof *md->m);
	for (size_t i = 0; i < nids; i++) {
		struct crisis_member *m = &md->m[md->nm++];
		m->id = ids[i];
		m->expected = !only;
		for (size_t k = 0; k < md->c.nmembers && !m->expected; k++)
			m->expected = !strcmp(md->c.members[k], ids[i]);
		size_t lo = 0, hi = ngroups;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			int c = strcmp(by[gs[mid]]->member, ids[i]);
			if (c == 0) {
				m->r = &by[gs[mid]];
				m->n = gl[mid];
				used[mid] = true;
				break;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	for (size_t g = 0; g < ngroups && !only; g++)
		if (!used[g]) {
			struct crisis_member *m = &md->m[md->nm++];
			m->id = by[gs[g]]->member;
			m->r = &by[gs[g]];
			m->n = gl[g];
		}
	for (size_t i = 0; i < n; i++)
		md->rep[i].midx = SIZE_MAX; /* not in the member set (or stamped after now) */
	for (size_t i = 0; i < md->nm; i++) {
		for (size_t k = 0; k < md->m[i].n; k++)
			md->m[i].r[k]->midx = i;
		build_episodes(&md->c, &md->m[i], a);
	}
	return 0;
}

static int64_t due_after(const struct crisis *c, const struct crisis_report *r, int *basis)
{
	int64_t d = r->at + c->cadence * MS_MIN;
	*basis = DUE_CADENCE;
	if (r->next_update_at != NONE && r->next_update_at < d) {
		d = r->next_update_at;
		*basis = DUE_NEXT_UPDATE;
	}
	return d;
}

struct crisis_late {
	int64_t due;
	int basis;
	bool late;
	long long minutes;
};

static void member_late(const struct crisis_model *md, const struct crisis_member *m, struct crisis_late *l)
{
	if (m->n == 0) {
		l->due = md->c.first_due;
		l->basis = DUE_FIRST;
	} else {
		l->due = due_after(&md->c, m->r[m->n - 1], &l->basis);
	}
	l->late = md->eval > l->due;
	l->minutes = l->late ? ceil_minutes(md->eval - l->due) : 0;
}

static json_t *late_entry(const struct crisis_model *md, const struct crisis_member *m)
{
	struct crisis_late l;
	member_late(md, m, &l);
	json_t *o = json_object();
	json_object_set_new(o, "member", json_string(m->id));
	json_object_set_new(o, "expected", json_boolean(m->expected));
	json_object_set_new(o, "reports", json_integer((json_int_t)m->n));
	json_object_set_new(o, "last_report_at", jinstant(m->n ? m->r[m->n - 1]->at : NONE));
	json_object_set_new(o, "next_due_at", jinstant(l.due));
	json_object_set_new(o, "due_basis", json_string(basis_names[l.basis]));
	json_object_set_new(o, "late", json_boolean(l.late));
	json_object_set_new(o, "minutes_late", json_integer(l.minutes));
	json_object_set_new(o, "never_reported", json_boolean(m->n == 0));
	return o;
}

static json_t *lateness_json(const struct crisis_model *md)
{
	json_t *o = json_object(), *list = json_array(), *late = json_array(), *never = json_array();
	json_object_set_new(o, "as_of", jinstant(md->now));
	json_object_set_new(o, "evaluated_at", jinstant(md->eval));
	json_object_set_new(o, "crisis_status", json_string(status_names[md->c.closed]));
	json_object_set_new(o, "cadence_minutes", json_integer(md->c.cadence));
	for (size_t i = 0; i < md->nm; i++) {
		json_t *x = late_entry(md, &md->m[i]);
		if (json_is_true(json_object_get(x, "late")))
			json_array_append(late, x);
		if (md->m[i].n == 0)
			json_array_append_new(never, json_string(md->m[i].id));
		json_array_append_new(list, x);
	}
	json_object_set_new(o, "members", list);
	json_object_set_new(o, "late", late);
	json_object_set_new(o, "late_count", json_integer((json_int_t)json_array_size(late)));
	json_object_set_new(o, "never_reported", never);
	return o;
}

/* Load the crisis model and render one view of it. */
static int model_view(json_t *crisis, json_t *reports, json_t *members, int64_t now_ms,
		      json_t *(*view)(const struct crisis_model *), json_t **out, struct errinfo *e)
{
	struct arena a;
	struct crisis_model md;
	arena_init(&a);
	*out = NULL;
	int rc = load(crisis, reports, members, now_ms, &a, &md, e);
	if (!rc)
		*out = view(&md);
	arena_free(&a);
	return rc;
}

int crisis_lateness(json_t *crisis, json_t *reports, json_t *members, int64_t now_ms, json_t **out,
		    struct errinfo *e)
{
	return model_view(crisis, reports, members, now_ms, lateness_json, out, e);
}

/* ---- the situational picture ------------------------------------------ */

struct crisis_dep {
	const char *name;
	json_t *members;
};

static int cmp_dep(const void *x, const void *y)
{
	const struct crisis_dep *a = x, *b = y;
	size_t na = json_array_size(a->members), nb = json_array_size(b->members);
	if (na != nb)
		return na > nb ? -1 : 1;
	return strcasecmp(a->name, b->name);
}

static json_t *service_state(const struct crisis_model *md, const struct crisis_member *m, const struct crisis_svc *s,
			     bool *breach)
{
	const struct crisis_episode *ep = episode_find(m, s->service);
	int tol = s->tolerance >= 0 ? s->tolerance : ep ? ep->tolerance : -1;
	int64_t deadline = ep && tol >= 0 ? ep->start + tol * MS_MIN : NONE;
	const char *reason = NULL;
	if (deadline != NONE && s->recovery_at != NONE && s->recovery_at > deadline)
		reason = "expected_recovery_beyond_tolerance";
	else if (deadline != NONE && md->now > deadline)
		reason = "tolerance_elapsed";
	*breach = reason != NULL;
	json_t *o = json_object();
	json_object_set_new(o, "member", json_string(m->id));
	json_object_set_new(o, "service", json_string(s->service));
	json_object_set_new(o, "name", jstr(s->name ? s->name : ep ? ep->name : NULL));
	json_object_set_new(o, "status", json_string(colour_names[s->status]));
	json_object_set_new(o, "disrupted_since", jinstant(ep ? ep->start : NONE));
	json_object_set_new(o, "expected_recovery_at", jinstant(s->recovery_at));
	json_object_set_new(o, "tolerance_minutes", jcount(tol));
	json_object_set_new(o, "tolerance_deadline_at", jinstant(deadline));
	int64_t over = !reason ? 0 : s->recovery_at != NONE && s->recovery_at > deadline ? s->recovery_at - deadline
											   : md->now - deadline;
	json_object_set_new(o, "over_by_minutes", json_integer(ceil_minutes(over)));
	json_object_set_new(o, "breach", jstr(reason));
	return o;
}

static json_t *picture_json(const struct crisis_model *md)
{
	json_t *o = json_object(), *mem = json_array(), *red = json_array(), *breaches = json_array(),
	       *unknown = json_array(), *bcp = json_array(), *help = json_array(), *late = json_array(),
	       *timeline = json_array(), *common = json_array(), *deps_json = json_array();
	int svc_count[C_N] = {0}, worst_count[C_N] = {0}, comm_count[5] = {0};
	size_t reported = 0, expected = 0, ndeps = 0, depcap = 0;
	for (size_t i = 0; i < md->nm; i++)
		depcap += md->m[i].n ? md->m[i].r[md->m[i].n - 1]->ndeps : 0;
	struct crisis_dep *deps = xcalloc(depcap + 1, sizeof *deps);

	for (size_t i = 0; i < md->nm; i++) {
		const struct crisis_member *m = &md->m[i];
		const struct crisis_report *r = m->n ? m->r[m->n - 1] : NULL;
		struct crisis_late l;
		member_late(md, m, &l);
		expected += m->expected;
		json_t *x = json_object();
		json_object_set_new(x, "member", json_string(m->id));
		json_object_set_new(x, "expected", json_boolean(m->expected));
		json_object_set_new(x, "reported", json_boolean(r != NULL));
		json_object_set_new(x, "reports", json_integer((json_int_t)m->n));
		json_object_set_new(x, "worst_status", r ? json_string(colour_names[r->worst]) : json_null());
		json_object_set_new(x, "services", colour_counts(r ? r->count : (int[C_N]){0}));
		json_object_set_new(x, "late", json_boolean(l.late));
		json_object_set_new(x, "minutes_late", json_integer(l.minutes));
		json_object_set_new(x, "next_due_at", jinstant(l.due));
		json_object_set_new(x, "latest_report", r ? emit_report(r) : json_null());
		json_array_append_new(mem, x);
		if (l.late)
			json_array_append_new(late, late_entry(md, m));
		if (!r)
			continue;
		reported++;
		worst_count[r->worst]++;
		comm_count[r->comm]++;
		for (int c = 0; c < C_N; c++)
			svc_count[c] += r->count[c];
		if (r->count[C_RED])
			json_array_append_new(red, json_string(m->id));
		if (r->continuity)
			json_array_append_new(bcp, json_string(m->id));
		if (r->assistance)
			json_array_append_new(help, json_pack("{s:s,s:o,s:s}", "member", m->id, "at", jinstant(r->at),
							      "assistance_needed", r->assistance));
		for (size_t k = 0; k < r->nsvc; k++) {
			const struct crisis_svc *s = &r->svc[k];
			bool breach;
			if (s->status == C_GREEN)
				continue;
			json_t *st = service_state(md, m, s, &breach);
			if (breach)
				json_array_append(breaches, st);
			if (s->recovery_at == NONE)
				json_array_append(unknown, st);
			json_decref(st);
		}
		for (size_t k = 0; k < r->ndeps; k++) {
			size_t d = 0;
			while (d < ndeps && strcasecmp(deps[d].name, r->deps[k]))
				d++;
			if (d == ndeps) {
				deps[ndeps].name = r->deps[k];
				deps[ndeps++].members = json_array();
			}
			json_array_append_new(deps[d].members, json_string(m->id));
		}
	}
	qsort(deps, ndeps, sizeof *deps, cmp_dep);
	for (size_t d = 0; d < ndeps; d++) {
		size_t cnt = json_array_size(deps[d].members);
		json_t *x = json_pack("{s:s,s:I,s:o}", "dependency", deps[d].name, "members_count", (json_int_t)cnt,
				      "members", deps[d].members);
		if (cnt >= 2)
			json_array_append(common, x);
		json_array_append_new(deps_json, x);
	}
	free(deps);

	struct crisis_report **all = xcalloc(md->nrep + 1, sizeof *all);
	size_t nall = 0;
	for (size_t i = 0; i < md->nrep; i++)
		if (md->rep[i].midx != SIZE_MAX)
			all[nall++] = &md->rep[i];
	qsort(all, nall, sizeof *all, cmp_at);
	for (size_t i = 0; i < nall; i++) {
		const struct crisis_report *r = all[i];
		const struct crisis_member *m = &md->m[r->midx];
		json_array_append_new(timeline, json_pack("{s:o,s:s,s:o,s:s,s:o,s:b}", "at", jinstant(r->at), "member",
							  r->member, "id", jstr(r->id), "worst_status",
							  colour_names[r->worst], "services", colour_counts(r->count),
							  "superseded", m->r[m->n - 1] != r));
	}
	free(all);

	json_t *totals = json_object(), *comm = json_object();
	for (int c = 0; c < 5; c++)
		json_object_set_new(comm, comm_names[c], json_integer(comm_count[c]));
	json_object_set_new(totals, "members", json_integer((json_int_t)md->nm));
	json_object_set_new(totals, "members_expected", json_integer((json_int_t)expected));
	json_object_set_new(totals, "members_reported", json_integer((json_int_t)reported));
	json_object_set_new(totals, "members_not_reported", json_integer((json_int_t)(md->nm - reported)));
	json_object_set_new(totals, "services", colour_counts(svc_count));
	json_object_set_new(totals, "members_by_worst_status", colour_counts(worst_count));
	json_object_set_new(totals, "communication_status", comm);

	json_object_set_new(o, "crisis", crisis_head(&md->c));
	json_object_set_new(o, "as_of", jinstant(md->now));
	json_object_set_new(o, "labels", colour_labels());
	json_object_set_new(o, "counts", colour_counts(svc_count)); /* the sector's services per colour */
	json_object_set_new(o, "totals", totals);
	json_object_set_new(o, "members", mem);
	json_object_set_new(o, "members_red", red);
	json_object_set_new(o, "tolerance_breaches", breaches);
	json_object_set_new(o, "recovery_unknown", unknown);
	json_object_set_new(o, "continuity_plans_active", bcp);
	json_object_set_new(o, "assistance_requests", help);
	json_object_set_new(o, "dependencies", deps_json);
	json_object_set_new(o, "common_dependencies", common);
	json_object_set_new(o, "late", late);
	json_object_set_new(o, "timeline", timeline);
	return o;
}

int crisis_picture(json_t *crisis, json_t *reports, json_t *members, int64_t now_ms, json_t **out,
		   struct errinfo *e)
{
	return model_view(crisis, reports, members, now_ms, picture_json, out, e);
}

/* ---- after action ----------------------------------------------------- */

static int cmp_decision(const void *x, const void *y)
{
	const struct crisis_decision *a = x, *b = y;
	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Peak of red services across the sector and the last move to all-green, replaying reports in time order. */
static void replay(const struct crisis_model *md, long long *peak, int64_t *peak_at, int64_t *all_green_at)
{
	struct crisis_report **all = xcalloc(md->nrep + 1, sizeof *all);
	const struct crisis_report **cur = xcalloc(md->nm + 1, sizeof *cur);
	size_t nall = 0;
	for (size_t i = 0; i < md->nrep; i++)
		if (md->rep[i].midx != SIZE_MAX)
			all[nall++] = &md->rep[i];
	qsort(all, nall, sizeof *all, cmp_at);
	*peak = 0;
	*peak_at = *all_green_at = NONE;
	bool was_green = false;
	for (size_t i = 0; i < nall;) {
		int64_t t = all[i]->at;
		for (; i < nall && all[i]->at == t; i++) /* reports at one instant land together */
			cur[all[i]->midx] = all[i];
		long long red = 0;
		bool green = md->nm > 0;
		for (size_t k = 0; k < md->nm; k++) {
			red += cur[k] ? cur[k]->count[C_RED] : 0;
			green = green && cur[k] && cur[k]->worst == C_GREEN;
		}
		if (red > *peak) {
			*peak = red;
			*peak_at = t;
		}
		if (green && !was_green)
			*all_green_at = t;
		if (!green)
			*all_green_at = NONE;
		was_green = green;
	}
	free(all);
	free(cur);
}

static json_t *after_action_json(const struct crisis_model *md, struct crisis_decision *dec, size_t ndec)
{
	const struct crisis *c = &md->c;
	int64_t end = md->eval;
	json_t *o = json_object(), *per = json_array(), *never = json_array(), *late_end = json_array(),
	       *svc = json_array(), *breaches = json_array(), *help = json_array(), *decs = json_array();
	long long total = 0, nlate = 0, sum_late = 0, max_late = 0, reported = 0;

	for (size_t i = 0; i < md->nm; i++) {
		const struct crisis_member *m = &md->m[i];
		long long mlate = 0, mmax = 0;
		int64_t due = c->first_due;
		int basis;
		for (size_t k = 0; k < m->n; k++) {
			const struct crisis_report *r = m->r[k];
			/* nothing falls due after closing */
			if (r->at > due && (!c->closed || due < c->closed_at)) {
				long long mins = ceil_minutes(r->at - due);
				mlate++;
				sum_late += mins;
				if (mins > mmax)
					mmax = mins;
			}
			due = due_after(c, r, &basis);
		}
		total += (long long)m->n;
		nlate += mlate;
		if (mmax > max_late)
			max_late = mmax;
		reported += m->n > 0;
		json_array_append_new(per, json_pack("{s:s,s:b,s:I,s:I,s:I}", "member", m->id, "expected", m->expected,
						     "reports", (json_int_t)m->n, "late_reports", (json_int_t)mlate,
						     "max_minutes_late", (json_int_t)mmax));
		if (m->n == 0)
			json_array_append_new(never, json_string(m->id));
		struct crisis_late l;
		member_late(md, m, &l);
		if (l.late)
			json_array_append_new(late_end, json_pack("{s:s,s:o,s:I}", "member", m->id, "due_at",
								   jinstant(l.due), "minutes_late",
								   (json_int_t)l.minutes));
		if (m->n && m->r[m->n - 1]->assistance)
			json_array_append_new(help, json_pack("{s:s,s:o,s:s}", "member", m->id, "at",
							      jinstant(m->r[m->n - 1]->at), "assistance_needed",
							      m->r[m->n - 1]->assistance));
		for (size_t k = 0; k < m->nep; k++) {
			const struct crisis_episode *ep = &m->ep[k];
			int64_t until = ep->bad_now ? end : ep->recovered_at;
			long long outage = ceil_minutes(until - ep->start);
			bool breached = ep->tolerance >= 0 && outage > ep->tolerance;
			json_t *x = json_object();
			json_object_set_new(x, "member", json_string(m->id));
			json_object_set_new(x, "service", json_string(ep->service));
			json_object_set_new(x, "name", jstr(ep->name));
			json_object_set_new(x, "worst_status", json_string(colour_names[ep->worst]));
			json_object_set_new(x, "disrupted_since", jinstant(ep->start));
			json_object_set_new(x, "recovered_at", jinstant(ep->bad_now ? NONE : ep->recovered_at));
			json_object_set_new(x, "recovered", json_boolean(!ep->bad_now));
			json_object_set_new(x, "outage_minutes", json_integer(outage));
			json_object_set_new(x, "tolerance_minutes", jcount(ep->tolerance));
			json_object_set_new(x, "breached", json_boolean(breached));
			json_object_set_new(x, "forecast_breach", json_boolean(ep->forecast_breach));
			if (breached || ep->forecast_breach)
				json_array_append(breaches, x);
			json_array_append_new(svc, x);
		}
	}
	long long peak;
	int64_t peak_at, green_at;
	replay(md, &peak, &peak_at, &green_at);

	qsort(dec, ndec, sizeof *dec, cmp_decision);
	for (size_t i = 0; i < ndec; i++)
		json_array_append_new(decs, emit_decision(&dec[i]));

	json_t *lat = json_object();
	json_object_set_new(lat, "reports_late", json_integer(nlate));
	json_object_set_new(lat, "reports_on_time", json_integer(total - nlate));
	json_object_set_new(lat, "minutes_late_total", json_integer(sum_late));
	json_object_set_new(lat, "minutes_late_max", json_integer(max_late));
	json_object_set_new(lat, "minutes_late_mean", nlate ? json_real((double)sum_late / (double)nlate) : json_null());
	json_object_set_new(lat, "members_never_reported", never);
	json_object_set_new(lat, "members_late_at_end", late_end);

	json_t *rep = json_object();
	json_object_set_new(rep, "total", json_integer(total));
	json_object_set_new(rep, "members", json_integer((json_int_t)md->nm));
	json_object_set_new(rep, "members_reported", json_integer(reported));
	json_object_set_new(rep, "per_member", per);

	json_object_set_new(o, "crisis", crisis_head(c));
	json_object_set_new(o, "as_of", jinstant(md->now));
	json_object_set_new(o, "provisional", json_boolean(!c->closed));
	json_object_set_new(o, "ended_at", jinstant(end));
	json_object_set_new(o, "duration_minutes", json_integer(ceil_minutes(end - c->opened_at)));
	json_object_set_new(o, "reports", rep);
	json_object_set_new(o, "lateness", lat);
	json_object_set_new(o, "peak_red", json_pack("{s:I,s:o}", "services", (json_int_t)peak, "at", jinstant(peak_at)));
	json_object_set_new(o, "all_green_at", jinstant(green_at));
	json_object_set_new(o, "time_to_all_green_minutes",
			    green_at == NONE ? json_null() : json_integer(ceil_minutes(green_at - c->opened_at)));
	json_object_set_new(o, "services_disrupted", svc);
	json_object_set_new(o, "tolerance_breaches", breaches);
	json_object_set_new(o, "decisions", decs);
	json_object_set_new(o, "open_assistance_requests", help);
	json_object_set_new(o, "closing_summary", jstr(c->closing_summary));
	json_object_set_new(o, "lessons", emit_lessons(c));
	return o;
}

int crisis_after_action(json_t *crisis, json_t *reports, json_t *decisions, int64_t now_ms, json_t **out,
			struct errinfo *e)
{
	struct arena a;
	struct crisis_model md;
	char q[PATH_LEN];
	arena_init(&a);
	*out = NULL;
	int rc = load(crisis, reports, NULL, now_ms, &a, &md, e);
	if (rc)
		goto out;
	if (decisions && !json_is_null(decisions) && !json_is_array(decisions)) {
		rc = err_setm(e, ERR_INVALID, "decisions", "crisis.decisions_array", NULL);
		goto out;
	}
	size_t ndec = json_array_size(decisions);
	if (ndec > CRISIS_RECORDS_MAX) {
		rc = err_setm(e, ERR_LIMIT, "decisions", "crisis.decisions_max", "max", err_num((char[24]){0},
			      (long long)(CRISIS_RECORDS_MAX)), NULL);
		goto out;
	}
	struct crisis_decision *dec = arena_alloc(&a, (ndec + 1) * sizeof *dec);
	for (size_t i = 0; i < ndec; i++) {
		if ((rc = parse_decision(json_array_get(decisions, i), jx_index(q, sizeof q, "decisions", i), &a,
					 &dec[i], e)))
			goto out;
		dec[i].idx = i;
	}
	*out = after_action_json(&md, dec, ndec);
out:
	arena_free(&a);
	return rc;
}
