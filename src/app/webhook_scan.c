/*
 * webhook_scan.c — the time-based webhook events (app_webhook_scan in
 * app_webhook.h): what no write causes but the clock does.
 *
 * Each kind is looked for only where an endpoint wants it, and each
 * (event, object, deadline) goes into the outbox once: the event's dedup key
 * names them, and the store records a key only the first time
 * (store_webhook_event_add), so the next scan finds it there and sends
 * nothing again; a deadline that moves (a new due date, a member's next
 * report) is a new key.  One transaction per organisation or forum.
 *
 *   deadline.due_soon, deadline.overdue   an incident's open reports and
 *                                         obligations (app_incident_deadlines)
 *   treatment.overdue                     a measure past its due date, not done
 *   crisis.report_late                    a member's status report late in an
 *                                         open crisis (crisis_lateness), to the
 *                                         forum secretariat's endpoints
 */
#include <stdio.h>
#include <string.h>

#include "app_incident.h"
#include "app_webhook.h"
#include "crisis.h"
#include "date.h"
#include "forum_views.h"
#include "limit.h"
#include "tlp.h"

/* deadline.due_soon: a deadline at most this far ahead */
#define DUE_SOON_MS (2 * 3600 * 1000)

struct scan {
	struct app *x;
	int seen; /* events found (recorded now, or before) */
};

static int end(struct app *x, int rc)
{
	if (!rc)
		return store_commit(x->st, x->e);
	store_rollback(x->st);
	return rc;
}

/* Record one event of the scan (data borrowed) under its dedup key. */
static int record(struct scan *sc, const struct app_webhook_owner *o, const char *event, const char *tlp,
		  const char *key, json_t *data)
{
	if (!data)
		return 0; /* a text jansson refused: nothing to say */
	int rc = app_webhook_emit(sc->x, o, event, tlp, arena_strdup(sc->x->a, key), data);
	if (!rc)
		sc->seen++;
	return rc;
}

static const char *str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* The label of org's incident id (its "tlp"), AMBER+STRICT when it has none or cannot be read. */
static const char *incident_tlp(struct app *x, const char *org, const char *id)
{
	struct incident_rec r;
	struct errinfo quiet = {0};
	if (!id || store_incident_get(x->st, org, id, x->a, &r, &quiet))
		return "AMBER+STRICT";
	json_t *doc = json_loads(r.doc, 0, NULL);
	int t = tlp_parse(str(doc, "tlp"));
	json_decref(doc);
	return t < 0 ? "AMBER+STRICT" : tlp_name((enum tlp)t);
}

/* An organisation's reporting deadlines (dl, app_incident_deadlines's answer): due soon or overdue. */
static int deadlines(struct scan *sc, const struct app_webhook_owner *o, json_t *dl)
{
	struct app *x = sc->x;
	int rc = 0;
	size_t i;
	json_t *ob;
	json_array_foreach(json_object_get(dl, "obligations"), i, ob)
	{
		const char *inc = str(ob, "incident"), *due = str(ob, "due"), *status = str(ob, "status");
		int64_t due_ms;
		if (rc || !inc || !due || !status || instant_parse(due, &due_ms))
			continue;
		const char *event = !strcmp(status, "overdue")                              ? WEBHOOK_DEADLINE_OVERDUE
				    : due_ms > x->now_ms && due_ms - x->now_ms <= DUE_SOON_MS ? WEBHOOK_DEADLINE_DUE_SOON
											       : NULL;
		if (!event || !app_webhook_wanted(x, o, event))
			continue;
		const char *regime = str(ob, "regime"), *what = str(ob, "report");
		if (!what)
			what = str(ob, "obligation");
		json_t *n = json_object_get(ob, "n");
		char key[LIMIT_REF * 2 + 128];
		snprintf(key, sizeof key, "%s|%s|%s/%s/%lld|%s", event, inc, regime ? regime : "", what ? what : "",
			 json_is_integer(n) ? (long long)json_integer_value(n) : 0LL, due);
		json_t *data = json_pack("{sssssosssoss}", "incident", inc, "title", str(ob, "title") ? str(ob, "title") : "",
					 "regime", regime ? json_string(regime) : json_null(), "obligation",
					 what ? what : "", "due", json_string(due), "status", status);
		rc = record(sc, o, event, incident_tlp(x, o->org, inc), key, data);
		json_decref(data);
	}
	return rc;
}

/* An organisation's measures (ms, app_object_list's answer) past their due date and not done. */
static int treatments(struct scan *sc, const struct app_webhook_owner *o, json_t *ms)
{
	int rc = 0;
	size_t i;
	json_t *m;
	json_array_foreach(ms, i, m)
	{
		if (rc || !json_is_true(json_object_get(m, "overdue")) || !str(m, "id") || !str(m, "due"))
			continue;
		char key[LIMIT_REF + 64];
		snprintf(key, sizeof key, "%s|%s|%s", WEBHOOK_TREATMENT_OVERDUE, str(m, "id"), str(m, "due"));
		json_t *data = json_pack("{sssosososssssO}", "measure", str(m, "id"), "risk",
					 str(m, "risk") ? json_string(str(m, "risk")) : json_null(), "title",
					 str(m, "title") ? json_string(str(m, "title")) : json_null(), "owner",
					 str(m, "owner") ? json_string(str(m, "owner")) : json_null(), "due", str(m, "due"),
					 "status", str(m, "status") ? str(m, "status") : "", "kind",
					 json_object_get(m, "kind") ? json_object_get(m, "kind") : json_null());
		rc = record(sc, o, WEBHOOK_TREATMENT_OVERDUE, NULL, key, data);
		json_decref(data);
	}
	return rc;
}

/* A forum's open crises: the members whose status report is late, to the secretariat's endpoints. */
static int crises(struct scan *sc, const struct forum_rec *fr)
{
	struct app *x = sc->x;
	struct app_webhook_owner o = {fr->secretariat, fr->id};
	struct fitem_rec *cs = NULL, *rs = NULL;
	size_t nc = 0, nr = 0;
	int rc = store_fitem_list(x->st, fr->id, "crisis", NULL, x->a, &cs, &nc, x->e);
	for (size_t i = 0; i < nc && !rc; i++) {
		json_t *crisis = json_loads(cs[i].body, 0, NULL), *late = NULL;
		if (!crisis || strcmp(str(crisis, "status") ? str(crisis, "status") : "", "open")) {
			json_decref(crisis);
			continue;
		}
		if (!(rc = store_fitem_list(x->st, fr->id, "report", cs[i].id, x->a, &rs, &nr, x->e))) {
			json_t *reports = forum_views_bodies(rs, nr, true);
			struct errinfo quiet = {0};
			if (crisis_lateness(crisis, reports, NULL, x->now_ms, &late, &quiet))
				late = NULL; /* a record the views would refuse as well: nothing to say of it */
			json_decref(reports);
		}
		size_t k;
		json_t *m;
		json_array_foreach(json_object_get(late, "late"), k, m)
		{
			const char *member = str(m, "member"), *due = str(m, "next_due_at");
			if (rc || !member || !due)
				continue;
			char key[3 * LIMIT_REF + 64];
			snprintf(key, sizeof key, "%s|%s/%s|%s|%s", WEBHOOK_CRISIS_REPORT_LATE, fr->id, cs[i].id, member, due);
			json_t *data = json_pack("{sssssosssssOsb}", "forum", fr->id, "crisis", cs[i].id, "title",
						 str(crisis, "title") ? json_string(str(crisis, "title")) : json_null(),
						 "member", member, "due", due, "minutes_late",
						 json_object_get(m, "minutes_late"), "never_reported",
						 json_is_true(json_object_get(m, "never_reported")));
			rc = record(sc, &o, WEBHOOK_CRISIS_REPORT_LATE, cs[i].tlp, key, data);
			json_decref(data);
		}
		json_decref(late);
		json_decref(crisis);
	}
	return rc;
}

int app_webhook_scan(struct app *x, json_t **out)
{
	*out = NULL;
	struct scan sc = {.x = x};
	struct org *orgs = NULL;
	struct forum_rec *fs = NULL;
	size_t n = 0, nf = 0;
	int rc = store_org_list(x->st, x->a, &orgs, &n, x->e);
	int scanned = 0, forums = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		struct app_webhook_owner o = {orgs[i].id, NULL};
		bool dl = app_webhook_wanted(x, &o, WEBHOOK_DEADLINE_DUE_SOON) ||
			  app_webhook_wanted(x, &o, WEBHOOK_DEADLINE_OVERDUE);
		bool tr = app_webhook_wanted(x, &o, WEBHOOK_TREATMENT_OVERDUE);
		if (!dl && !tr)
			continue;
		scanned++;
		/* read first, outside the transaction: the evaluation holds no write lock */
		json_t *dj = NULL, *mj = NULL;
		if (dl)
			rc = app_incident_deadlines(x, o.org, NULL, &dj);
		if (!rc && tr)
			rc = app_object_list(x, APP_MEASURE, o.org, &mj);
		if (!rc && !(rc = store_begin(x->st, x->e))) {
			rc = dj ? deadlines(&sc, &o, dj) : 0;
			if (!rc && mj)
				rc = treatments(&sc, &o, mj);
			rc = end(x, rc);
		}
		json_decref(dj);
		json_decref(mj);
	}
	if (!rc)
		rc = store_forum_list(x->st, NULL, x->a, &fs, &nf, x->e);
	for (size_t i = 0; i < nf && !rc; i++) {
		struct app_webhook_owner o = {fs[i].secretariat, fs[i].id};
		if (!app_webhook_wanted(x, &o, WEBHOOK_CRISIS_REPORT_LATE))
			continue;
		forums++;
		if (!(rc = store_begin(x->st, x->e)))
			rc = end(x, crises(&sc, &fs[i]));
	}
	if (!rc)
		*out = json_pack("{sisisi}", "organisations", scanned, "forums", forums, "found", sc.seen);
	return rc;
}
