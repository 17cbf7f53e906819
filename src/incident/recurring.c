/*
 * recurring.c — DORA's recurring incidents (2024/1772 art. 8(2)).
 *
 * Candidates are stored incidents to which eu-dora applies, that are not
 * major on their own, that carry a root_cause, and whose entity is not a
 * microenterprise.  For each root cause the incidents are taken in
 * detection order; for each one, the window of the 6 months (local
 * calendar) before its detection holds the incidents that recur with it.  A
 * window of two or more is assessed as one combined incident:
 *   - counts, values, costs, downtime and duration are summed; totals and the
 *     number of Member States take the largest; yes/no facts are "yes" when
 *     any incident says yes (unknown when none does and one is unknown);
 *   - it occurred when the first incident occurred and was detected when the
 *     last was detected;
 *   - it is classified at the monthly check (art. 8(2): "checked monthly"),
 *     read as the end (23:59:59) of the month of the last detection — the
 *     latest reading that still keeps the check monthly [interpretation].
 * Incidents named in another incident's "recurring_of" list have been
 * recorded as one combined incident and are left out.
 * The first window that is major is reported; without one, the largest
 * window is shown so the user sees how close the root cause is.
 */
#include "recurring.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "date.h"
#include "regime.h"

struct cand {
	const struct increc *x;
	const char *cause;
};

static int cmp_cand(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;
	int c = strcmp(a->cause, b->cause);
	if (c)
		return c;
	return a->x->inc.detected_ms < b->x->inc.detected_ms ? -1 : a->x->inc.detected_ms > b->x->inc.detected_ms;
}

static double sum(double a, double b)
{
	return isnan(a) ? b : isnan(b) ? a : a + b;
}

static double maxd(double a, double b)
{
	return isnan(a) ? b : isnan(b) ? a : fmax(a, b);
}

static int any(int a, int b)
{
	if (a == 1 || b == 1)
		return 1;
	if (a < 0 || b < 0)
		return -1;
	return 0;
}

static void combine(struct incident *out, const struct cand *c, size_t from, size_t to)
{
	*out = c[to].x->inc;
	out->subs = NULL;
	out->nsubs = 0;
	out->resolved_ms = INSTANT_UNKNOWN;
	struct incident_facts *f = &out->facts;
	for (size_t i = from; i < to; i++) {
		const struct incident *g = &c[i].x->inc;
		const struct incident_facts *h = &g->facts;
		if (g->occurred_ms != INSTANT_UNKNOWN && (out->occurred_ms == INSTANT_UNKNOWN || g->occurred_ms < out->occurred_ms))
			out->occurred_ms = g->occurred_ms;
		f->transactions_affected = sum(f->transactions_affected, h->transactions_affected);
		f->transactions_value_eur = sum(f->transactions_value_eur, h->transactions_value_eur);
		f->users_affected = sum(f->users_affected, h->users_affected);
		f->clients_affected = sum(f->clients_affected, h->clients_affected);
		f->financial_counterparts_affected = sum(f->financial_counterparts_affected, h->financial_counterparts_affected);
		f->downtime_minutes = sum(f->downtime_minutes, h->downtime_minutes);
		f->duration_minutes = sum(f->duration_minutes, h->duration_minutes);
		f->economic_impact_eur = sum(f->economic_impact_eur, h->economic_impact_eur);
		f->transactions_regular = maxd(f->transactions_regular, h->transactions_regular);
		f->transactions_value_regular_eur = maxd(f->transactions_value_regular_eur, h->transactions_value_regular_eur);
		f->users_total = maxd(f->users_total, h->users_total);
		f->clients_total = maxd(f->clients_total, h->clients_total);
		f->financial_counterparts_total = maxd(f->financial_counterparts_total, h->financial_counterparts_total);
		f->member_states_affected = maxd(f->member_states_affected, h->member_states_affected);
		f->relevant_clients_affected = any(f->relevant_clients_affected, h->relevant_clients_affected);
		f->reputational_impact = any(f->reputational_impact, h->reputational_impact);
		f->critical_services_affected = any(f->critical_services_affected, h->critical_services_affected);
		f->malicious_unauthorised_access = any(f->malicious_unauthorised_access, h->malicious_unauthorised_access);
		f->data_losses = any(f->data_losses, h->data_losses);
	}
	/* Affected counts summed over incidents may exceed a total: cap at the total. */
	if (!isnan(f->clients_total) && f->clients_affected > f->clients_total)
		f->clients_affected = f->clients_total;
	if (!isnan(f->financial_counterparts_total) && f->financial_counterparts_affected > f->financial_counterparts_total)
		f->financial_counterparts_affected = f->financial_counterparts_total;
	int y, m, d;
	date_to_ymd(instant_cph_date(out->detected_ms), &y, &m, &d);
	out->classified_ms = cal_end_of_day(date_from_ymd(y, m, date_days_in_month(y, m)));
}

/* Already recorded as part of a combined incident (another incident's "recurring_of"). */
static bool recorded(const struct increc *xs, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++) {
		size_t k;
		json_t *v;
		json_array_foreach(json_object_get(xs[i].doc, "recurring_of"), k, v) if (json_is_string(v) &&
											 !strcmp(json_string_value(v), id)) return true;
	}
	return false;
}

json_t *recurring_check(const struct rules *rs, const struct increc *xs, size_t n, int64_t now_ms, struct arena *a)
{
	struct cand *c = xcalloc(n + 1, sizeof *c);
	size_t nc = 0;
	for (size_t i = 0; i < n; i++) {
		const char *cause = json_string_value(json_object_get(xs[i].doc, "root_cause"));
		/* 2024/1772 art. 8(2): neither microenterprises nor entities under DORA art. 16(1) */
		if (!cause || !*cause || xs[i].inc.entity.microenterprise || xs[i].inc.entity.dora_simplified_framework ||
		    recorded(xs, n, xs[i].rec.id))
			continue;
		struct assessment as;
		assess_incident(rs, &xs[i].inc, now_ms, 1u << REGIME_DORA, a, &as);
		if (!as.r[REGIME_DORA].applies || as.r[REGIME_DORA].reportable)
			continue;
		c[nc++] = (struct cand){&xs[i], cause};
	}
	if (nc)
		qsort(c, nc, sizeof *c, cmp_cand);
	const struct regime_rules *rr = &rs->r[REGIME_DORA];
	int window_m = (int)rr->v[DORA_KEY_RECURRING_WINDOW].v, min_count = (int)rr->v[DORA_KEY_RECURRING_MIN].v;
	json_t *out = json_array();
	for (size_t g0 = 0; g0 < nc;) {
		size_t g1 = g0;
		while (g1 < nc && !strcmp(c[g1].cause, c[g0].cause))
			g1++;
		json_t *best = NULL;
		size_t best_len = 0;
		bool major = false;
		for (size_t j = g0; j < g1 && !major; j++) {
			int64_t start = cal_add_months_local(c[j].x->inc.detected_ms, -window_m);
			size_t from = j;
			while (from > g0 && c[from - 1].x->inc.detected_ms >= start)
				from--;
			size_t len = j - from + 1;
			if ((int)len < min_count || (best && len <= best_len && !major))
				continue;
			struct incident comb;
			combine(&comb, c, from, j);
			struct assessment as;
			assess_incident(rs, &comb, now_ms, 1u << REGIME_DORA, a, &as);
			const struct regime_result *r = &as.r[REGIME_DORA];
			json_t *ids = json_array();
			for (size_t k = from; k <= j; k++)
				json_array_append_new(ids, json_string(c[k].x->rec.id));
			json_t *o = json_object();
			json_object_set_new(o, "root_cause", json_string(c[g0].cause));
			json_object_set_new(o, "incidents", ids);
			json_object_set_new(o, "rule", json_string("2024/1772 art. 8(2): recurring non-major incidents with the same apparent root cause "
								   "within 6 months that together meet art. 8(1) are one major incident"));
			json_object_set_new(o, "combined", assess_result_json(r));
			json_object_set_new(o, "major", json_boolean(r->reportable));
			json_decref(best);
			best = o;
			best_len = len;
			major = r->reportable;
		}
		if (best)
			json_array_append_new(out, best);
		g0 = g1;
	}
	free(c);
	return out;
}
