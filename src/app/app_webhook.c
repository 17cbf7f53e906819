/*
 * app_webhook.c — the use cases of webhooks (app_webhook.h): endpoints,
 * the outbox, the time-based scan and the delivery pass.
 *
 * Endpoints are written like every other object: one transaction, audited
 * (without the secret: the audit log never holds it, and no list or show
 * answers it; only the creation does, once).  Events go into the outbox
 * inside the caller's transaction (app_webhook_emit), one delivery per
 * endpoint that wants the event, withheld when tlp_within says the label is
 * above the endpoint's ceiling.  The delivery pass reads what is due, takes
 * each delivery (a conditional update, so two passes do not both send it),
 * POSTs it with no transaction open (webhook_send.c) and records the try
 * and the delivery's new state in a short transaction of its own.
 */
#include "app_webhook.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "audit.h"
#include "date.h"
#include "hooksig.h"
#include "jsonx.h"
#include "limit.h"
#include "tlp.h"
#include "webhook_send.h"

const char *const app_webhook_events[] = {
	WEBHOOK_INCIDENT_CREATED, WEBHOOK_INCIDENT_CLASSIFIED, WEBHOOK_DEADLINE_DUE_SOON, WEBHOOK_DEADLINE_OVERDUE,
	WEBHOOK_RISK_ABOVE_APPETITE, WEBHOOK_TREATMENT_OVERDUE, NULL,
};
const char *const app_webhook_forum_events[] = {
	WEBHOOK_CRISIS_OPENED, WEBHOOK_CRISIS_CLOSED, WEBHOOK_CRISIS_REPORT_LATE, NULL,
};

/* How long a pass holds a delivery it took before another may take it again (a crash mid-POST). */
#define CLAIM_LEASE_MS (15 * 60 * 1000)
/* deliveries shown with each endpoint in a list */
#define LIST_LAST 3
#define URL_MAX 2048

void app_webhook_config_default(struct app_webhook_config *c)
{
	static const int64_t dflt[] = {60, 300, 1800, 7200, 21600};
	memset(c, 0, sizeof *c);
	for (size_t i = 0; i < sizeof dflt / sizeof dflt[0]; i++)
		c->backoff_s[c->nbackoff++] = dflt[i];
	c->timeout_s = 10;
	c->batch = 50;
}

int app_webhook_backoff_parse(const char *s, const char *field, struct app_webhook_config *c, struct errinfo *e)
{
	int n = 0;
	const char *p = s;
	while (p && *p) {
		char *end;
		long long v = strtoll(p, &end, 10);
		if (end == p || v < 0 || v > 7 * 86400 || (*end && *end != ',') || n == APP_WEBHOOK_MAX_BACKOFF)
			return err_setm(e, ERR_INVALID, field, "webhook.backoff", "value", s, NULL);
		c->backoff_s[n++] = v;
		p = *end ? end + 1 : end;
	}
	if (!n)
		return err_setm(e, ERR_INVALID, field, "webhook.backoff", "value", s ? s : "", NULL);
	c->nbackoff = n;
	return 0;
}

/* ---- endpoints ---- */

static void new_id(char *out, size_t n)
{
	unsigned char raw[16];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, n, raw, n / 2 < sizeof raw ? n / 2 : sizeof raw);
}

static json_t *instant_utc(int64_t ms)
{
	char b[32];
	instant_format_utc(ms, b);
	return json_string(b);
}

/* The endpoint as answered and audited: never its secret. */
static json_t *hook_json(const struct webhook_rec *h)
{
	json_t *ev = json_loads(h->events ? h->events : "[]", 0, NULL);
	json_t *o = json_pack("{sssssosssbsoss}", "id", h->id, "url", h->url, "events", ev ? ev : json_array(), "tlp",
			      h->tlp, "enabled", h->enabled, "created_at", instant_utc(h->created_ms), "created_by",
			      h->by ? h->by : "");
	if (h->forum)
		json_object_set_new(o, "forum", json_string(h->forum));
	return o;
}

/* Whether h is the owner's (the organisation's own, or the forum's). */
static bool owned(const struct webhook_rec *h, const char *forum)
{
	return forum ? h->forum && !strcmp(h->forum, forum) : !h->forum;
}

static bool wants(const struct webhook_rec *h, const char *forum, const char *event)
{
	if (!h->enabled || !owned(h, forum))
		return false;
	json_t *ev = json_loads(h->events ? h->events : "[]", 0, NULL);
	bool yes = false;
	size_t i;
	json_t *v;
	json_array_foreach(ev, i, v) yes = yes || (json_is_string(v) && !strcmp(json_string_value(v), event));
	json_decref(ev);
	return yes;
}

static int check_url(struct app *x, const char *url)
{
	const char *rest = NULL;
	if (!strncasecmp(url, "https://", 8))
		rest = url + 8;
	else if (!strncasecmp(url, "http://", 7))
		rest = url + 7;
	bool ok = rest && *rest && *rest != '/' && *rest != ':' && strlen(url) <= URL_MAX;
	for (const unsigned char *p = (const unsigned char *)url; ok && *p; p++)
		ok = *p > 0x20 && *p != 0x7f;
	if (!ok)
		return err_setm(x->e, ERR_INVALID, "url", "webhook.url", "url", url, NULL);
	return 0;
}

/* Read url, events, tlp and enabled of body over h (a creation needs url, events and tlp). */
static int read_fields(struct app *x, json_t *body, bool create, const char *forum, struct webhook_rec *h)
{
	const char *const *allowed = forum ? app_webhook_forum_events : app_webhook_events;
	static const char *const create_keys[] = {"id", "url", "events", "tlp", "enabled", NULL};
	static const char *const patch_keys[] = {"url", "events", "tlp", "enabled", NULL};
	int rc;
	if ((rc = jx_object(body, "$", x->e)) || (rc = jx_check_keys(body, "", create ? create_keys : patch_keys, x->e)))
		return rc;
	const char *url = NULL, *tlp = NULL;
	if ((rc = jx_str(body, "url", "", create, URL_MAX, x->a, &url, x->e)))
		return rc;
	if (url) {
		if ((rc = check_url(x, url)))
			return rc;
		h->url = url;
	}
	json_t *ev = NULL;
	if ((rc = jx_array(body, "events", "", create, 1, 32, &ev, x->e)))
		return rc;
	if (ev) {
		json_t *norm = json_array();
		size_t i;
		json_t *v;
		char p[32];
		json_array_foreach(ev, i, v)
		{
			const char *name = json_string_value(v);
			bool known = false;
			char list[256] = "";
			for (int k = 0; allowed[k]; k++) {
				known = known || (name && !strcmp(name, allowed[k]));
				snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? ", " : "", allowed[k]);
			}
			if (!known) {
				json_decref(norm);
				return err_setm(x->e, ERR_INVALID, jx_index(p, sizeof p, "events", i), "webhook.event",
						"event", name ? name : "?", "allowed", list, NULL);
			}
			bool dup = false;
			for (size_t k = 0; k < json_array_size(norm) && !dup; k++)
				dup = !strcmp(json_string_value(json_array_get(norm, k)), name);
			if (!dup)
				json_array_append_new(norm, json_string(name));
		}
		h->events = jx_dump(norm, x->a);
		json_decref(norm);
	}
	if ((rc = jx_str(body, "tlp", "", create, 32, x->a, &tlp, x->e)))
		return rc;
	if (tlp) {
		int t = tlp_parse(tlp);
		if (t < 0)
			return err_setm(x->e, ERR_INVALID, "tlp", "webhook.tlp", NULL);
		h->tlp = tlp_name((enum tlp)t);
	}
	if (json_object_get(body, "enabled") && (rc = jx_bool(body, "enabled", "", &h->enabled, x->e)))
		return rc;
	return 0;
}

/* The owner is there: the organisation, and for a forum's endpoints the forum it is the secretariat of. */
static int check_owner(struct app *x, const struct app_webhook_owner *o)
{
	if (!o->forum)
		return 0;
	struct forum_rec *fs = NULL;
	size_t n = 0;
	int rc = store_forum_list(x->st, o->forum, x->a, &fs, &n, x->e);
	if (rc)
		return rc;
	if (!n || strcmp(fs[0].secretariat, o->org))
		return err_setm(x->e, ERR_NOTFOUND, "forum", "forum.not_found", "id", o->forum, NULL);
	return 0;
}

/* One endpoint of the owner, ERR_NOTFOUND naming "id" when there is none. */
static int get_hook(struct app *x, const struct app_webhook_owner *o, const char *id, struct webhook_rec *out)
{
	if (!id || !*id)
		return err_setm(x->e, ERR_INVALID, "id", "input.required_id", NULL);
	struct webhook_rec *hs = NULL;
	size_t n = 0;
	int rc = check_owner(x, o);
	if (!rc)
		rc = store_webhook_list(x->st, o->org, id, x->a, &hs, &n, x->e);
	if (rc)
		return rc;
	if (!n || !owned(&hs[0], o->forum))
		return err_setm(x->e, ERR_NOTFOUND, "id", "webhook.not_found", "id", id, "org", o->org, NULL);
	*out = hs[0];
	return 0;
}

static int audit_hook(struct app *x, const char *action, const char *org, const char *id, json_t *before, json_t *after)
{
	return audit_record(x->st, x->actor, x->now_ms, action, "webhook", org, id, before ? jx_dump(before, x->a) : NULL,
			    after ? jx_dump(after, x->a) : NULL, x->e);
}

/* End a write: commit when rc is 0, else roll back and drop *out. */
static int finish(struct app *x, int rc, json_t **out)
{
	if (!rc)
		rc = store_commit(x->st, x->e);
	else
		store_rollback(x->st);
	if (rc && out) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int app_webhook_create(struct app *x, const struct app_webhook_owner *o, json_t *body, json_t **out)
{
	*out = NULL;
	const char *org = o->org;
	char idbuf[24] = "wh-";
	char secret[HOOKSIG_SECRET_LEN + 1];
	struct webhook_rec h = {.enabled = true, .created_ms = x->now_ms, .by = x->actor, .forum = o->forum};
	int rc = read_fields(x, body, true, o->forum, &h);
	if (!rc && json_object_get(body, "id"))
		rc = jx_id(body, "id", "", x->a, &h.id, x->e);
	if (rc)
		return rc;
	if (!h.id) {
		new_id(idbuf + 3, 17);
		h.id = idbuf;
	}
	hooksig_secret(secret);
	h.secret = secret;
	if ((rc = store_begin(x->st, x->e)))
		return rc;
	struct webhook_rec *old = NULL;
	size_t n = 0;
	if (!(rc = check_owner(x, o)) && !(rc = store_webhook_list(x->st, org, h.id, x->a, &old, &n, x->e)) && n)
		rc = err_setm(x->e, ERR_CONFLICT, "id", "object.exists", "@kind", "kind.webhook", "id", h.id, NULL);
	json_t *j = NULL;
	if (!rc && !(rc = store_webhook_put(x->st, org, &h, x->e))) {
		j = hook_json(&h);
		rc = audit_hook(x, "create", org, h.id, NULL, j);
	}
	if (!rc) {
		*out = j;
		json_object_set_new(*out, "secret", json_string(secret));
		json_object_set_new(*out, "organisation", json_string(org));
		j = NULL;
	}
	json_decref(j);
	rc = finish(x, rc, out);
	sodium_memzero(secret, sizeof secret);
	return rc;
}

/* The deliveries of org (of hook, or all), as JSON, each with its tries; attempts limited like the deliveries. */
static int deliveries_json(struct app *x, const char *org, const char *hook, int limit, json_t **out)
{
	struct webhook_delivery_rec *ds = NULL;
	struct webhook_attempt_rec *as = NULL;
	size_t nd = 0, na = 0;
	int rc = store_webhook_delivery_list(x->st, org, hook, limit, x->a, &ds, &nd, x->e);
	if (!rc)
		rc = store_webhook_attempt_list(x->st, org, hook, (int64_t)limit * (APP_WEBHOOK_MAX_BACKOFF + 1), x->a, &as, &na, x->e);
	if (rc)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < nd; i++) {
		const struct webhook_delivery_rec *d = &ds[i];
		json_t *tries = json_array();
		for (size_t k = na; k-- > 0;) { /* oldest first */
			const struct webhook_attempt_rec *t = &as[k];
			if (strcmp(t->hook, d->hook) || strcmp(t->event_id, d->event_id))
				continue;
			json_t *tj = json_pack("{sisosssI}", "n", t->n, "at", instant_utc(t->at_ms), "status", t->status,
					       "duration_ms", (json_int_t)t->duration_ms);
			json_object_set_new(tj, "http_code", t->http_code ? json_integer(t->http_code) : json_null());
			json_object_set_new(tj, "error", t->error ? json_string(t->error) : json_null());
			json_array_append_new(tries, tj);
		}
		json_t *dj = json_pack("{sssssssssosssssisoso}", "webhook", d->hook, "delivery", d->id, "event_id",
				       d->event_id, "event", d->event, "occurred_at", instant_utc(d->occurred_ms), "tlp",
				       d->tlp, "status", d->status, "attempts", d->attempts, "next_attempt_at",
				       d->next_ms ? instant_utc(d->next_ms) : json_null(), "tries", tries);
		json_array_append_new(arr, dj);
	}
	*out = arr;
	return 0;
}

int app_webhook_list(struct app *x, const struct app_webhook_owner *o, json_t **out)
{
	*out = NULL;
	const char *org = o->org;
	struct webhook_rec *hs = NULL;
	size_t n = 0;
	int rc = check_owner(x, o);
	if (!rc)
		rc = store_webhook_list(x->st, org, NULL, x->a, &hs, &n, x->e);
	if (rc)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n && !rc; i++) {
		if (!owned(&hs[i], o->forum))
			continue;
		json_t *j = hook_json(&hs[i]), *last = NULL;
		if (!(rc = deliveries_json(x, org, hs[i].id, LIST_LAST, &last)))
			json_object_set_new(j, "last_deliveries", last);
		json_array_append_new(arr, j);
	}
	if (rc) {
		json_decref(arr);
		return rc;
	}
	*out = json_pack("{ssso}", "organisation", org, "webhooks", arr);
	if (o->forum)
		json_object_set_new(*out, "forum", json_string(o->forum));
	return 0;
}

int app_webhook_show(struct app *x, const struct app_webhook_owner *o, const char *id, json_t **out)
{
	*out = NULL;
	struct webhook_rec h;
	int rc = get_hook(x, o, id, &h);
	if (rc)
		return rc;
	json_t *j = hook_json(&h), *last = NULL;
	if ((rc = deliveries_json(x, o->org, h.id, LIST_LAST, &last))) {
		json_decref(j);
		return rc;
	}
	json_object_set_new(j, "last_deliveries", last);
	*out = j;
	return 0;
}

int app_webhook_update(struct app *x, const struct app_webhook_owner *o, const char *id, json_t *patch,
		       json_t **out)
{
	const char *org = o->org;
	*out = NULL;
	if (!json_is_object(patch))
		return err_setm(x->e, ERR_INVALID, "$", "input.patch_object", NULL);
	if (!json_object_size(patch))
		return err_setm(x->e, ERR_INVALID, "$", "input.patch_empty", NULL);
	int rc = store_begin(x->st, x->e);
	if (rc)
		return rc;
	struct webhook_rec h;
	json_t *before = NULL;
	if (!(rc = get_hook(x, o, id, &h))) {
		before = hook_json(&h);
		if (!(rc = read_fields(x, patch, false, o->forum, &h)) && !(rc = store_webhook_put(x->st, org, &h, x->e))) {
			*out = hook_json(&h);
			rc = audit_hook(x, "update", org, h.id, before, *out);
		}
	}
	json_decref(before);
	return finish(x, rc, out);
}

int app_webhook_remove(struct app *x, const struct app_webhook_owner *o, const char *id, json_t **out)
{
	*out = NULL;
	const char *org = o->org;
	int rc = store_begin(x->st, x->e);
	if (rc)
		return rc;
	struct webhook_rec h;
	if (!(rc = get_hook(x, o, id, &h)) && !(rc = store_webhook_delete(x->st, org, h.id, x->e))) {
		json_t *before = hook_json(&h);
		rc = audit_hook(x, "delete", org, h.id, before, NULL);
		json_decref(before);
		if (!rc)
			*out = json_pack("{ssss}", "removed", h.id, "organisation", org);
	}
	return finish(x, rc, out);
}

int app_webhook_deliveries(struct app *x, const struct app_webhook_owner *o, const char *id, int limit,
			   json_t **out)
{
	*out = NULL;
	struct webhook_rec h;
	int rc = get_hook(x, o, id, &h);
	json_t *arr = NULL;
	if (!rc && !(rc = deliveries_json(x, o->org, h.id, limit > 0 ? limit : 100, &arr)))
		*out = json_pack("{ssssso}", "organisation", o->org, "webhook", h.id, "deliveries", arr);
	return rc;
}

/* ---- the outbox ---- */

bool app_webhook_wanted(struct app *x, const struct app_webhook_owner *o, const char *event)
{
	struct webhook_rec *hs = NULL;
	size_t n = 0;
	struct errinfo quiet = {0};
	if (store_webhook_list(x->st, o->org, NULL, x->a, &hs, &n, &quiet))
		return false;
	for (size_t i = 0; i < n; i++)
		if (wants(&hs[i], o->forum, event))
			return true;
	return false;
}

/* Record the event and a delivery to each of hooks[0..n) (pending, or withheld above its ceiling). */
static int record(struct app *x, const char *org, const struct webhook_event_rec *ev,
		  const struct webhook_rec *const *hooks, size_t n, struct webhook_delivery_rec *first)
{
	bool added = false;
	int rc = store_webhook_event_add(x->st, org, ev, &added, x->e);
	if (rc || !added)
		return rc;
	for (size_t i = 0; i < n && !rc; i++) {
		char *did = arena_alloc(x->a, 33);
		new_id(did, 33);
		bool send = tlp_within(tlp_parse(ev->tlp), tlp_parse(hooks[i]->tlp));
		struct webhook_delivery_rec d = {.hook = hooks[i]->id, .event_id = ev->id, .id = did,
						 .status = send ? "pending" : "withheld", .next_ms = send ? x->now_ms : 0,
						 .updated_ms = x->now_ms};
		rc = store_webhook_delivery_put(x->st, org, &d, x->e);
		if (!rc && first && i == 0)
			*first = d;
	}
	return rc;
}

int app_webhook_emit(struct app *x, const struct app_webhook_owner *o, const char *event, const char *tlp,
		     const char *dedup, json_t *data)
{
	const char *org = o->org;
	struct webhook_rec *hs = NULL;
	size_t n = 0, k = 0;
	int rc = store_webhook_list(x->st, org, NULL, x->a, &hs, &n, x->e);
	if (rc || !n)
		return rc;
	const struct webhook_rec **to = arena_alloc(x->a, n * sizeof *to);
	for (size_t i = 0; i < n; i++)
		if (wants(&hs[i], o->forum, event))
			to[k++] = &hs[i];
	if (!k)
		return 0;
	char *eid = arena_alloc(x->a, 33);
	new_id(eid, 33);
	int t = tlp_parse(tlp ? tlp : "AMBER+STRICT");
	struct webhook_event_rec ev = {.id = eid, .event = event, .occurred_ms = x->now_ms,
				       .tlp = t < 0 ? "RED" : tlp_name((enum tlp)t), .data = jx_dump(data, x->a),
				       .dedup = dedup};
	return record(x, org, &ev, to, k, NULL);
}

/* ---- the delivery pass ---- */

static int64_t wall_s(void)
{
	return (int64_t)time(NULL);
}

/*
 * POST one delivery d (taken already) and record the try and its outcome:
 * delivered, pending again after the backoff, or failed once the schedule
 * is spent.  *ok says whether the receiver took it.  The signature's t is
 * the wall clock at sending (receivers compare it with theirs); the
 * schedule runs on x->now_ms.
 */
static int send_one(struct app *x, const struct app_webhook_config *c, const struct webhook_delivery_rec *d,
		    int *ok)
{
	json_t *data = json_loads(d->data ? d->data : "{}", 0, NULL);
	if (!data)
		data = json_object();
	json_t *o = json_pack("{sssssosssssO}", "id", d->event_id, "event", d->event, "occurred_at",
			      instant_utc(d->occurred_ms), "org", d->org, "tlp", d->tlp, "data", data);
	json_decref(data);
	char *body = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!body)
		return err_setm(x->e, ERR_INTERNAL, "", "internal.webhook_body", "event", d->event_id, NULL);
	char sig[HOOKSIG_HEADER_LEN];
	hooksig_header(d->secret, wall_s(), body, strlen(body), sig);
	struct webhook_post p = {.url = d->url, .body = body, .len = strlen(body), .event = d->event,
				 .delivery = d->id, .signature = sig, .timeout_s = c->timeout_s};
	struct webhook_answer *ans = malloc(sizeof *ans);
	if (!ans) {
		free(body);
		return err_setm(x->e, ERR_INTERNAL, "", "error.nomem", NULL);
	}
	*ok = webhook_send(&p, ans) == 0;
	free(body);
	int n = d->attempts + 1;
	struct webhook_attempt_rec t = {.hook = d->hook, .event_id = d->event_id, .n = n, .at_ms = x->now_ms,
					.status = *ok ? "delivered" : "failed", .http_code = ans->http_code,
					.error = *ok ? NULL : arena_strdup(x->a, ans->error),
					.duration_ms = ans->duration_ms};
	free(ans);
	struct webhook_delivery_rec nd = *d;
	nd.attempts = n;
	nd.updated_ms = x->now_ms;
	if (*ok) {
		nd.status = "delivered";
		nd.next_ms = 0;
	} else if (n <= c->nbackoff) {
		nd.status = "pending";
		nd.next_ms = x->now_ms + c->backoff_s[n - 1] * 1000;
	} else {
		nd.status = "failed";
		nd.next_ms = 0;
	}
	int rc = store_begin(x->st, x->e);
	if (rc)
		return rc;
	if (!(rc = store_webhook_attempt_add(x->st, d->org, &t, x->e)))
		rc = store_webhook_delivery_put(x->st, d->org, &nd, x->e);
	return finish(x, rc, NULL);
}

int app_webhook_deliver(struct app *x, const struct app_webhook_config *c, json_t **out)
{
	*out = NULL;
	struct webhook_delivery_rec *ds = NULL;
	size_t n = 0;
	int rc = store_webhook_due(x->st, x->now_ms, c->batch, x->a, &ds, &n, x->e);
	int sent = 0, failed = 0, taken = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		bool claimed = false;
		if ((rc = store_webhook_delivery_claim(x->st, ds[i].org, ds[i].hook, ds[i].event_id, ds[i].next_ms,
						       x->now_ms + CLAIM_LEASE_MS, &claimed, x->e)))
			break;
		if (!claimed)
			continue; /* another pass took it */
		taken++;
		int ok = 0;
		rc = send_one(x, c, &ds[i], &ok);
		if (ok)
			sent++;
		else
			failed++;
	}
	if (!rc)
		*out = json_pack("{sisisi}", "due", taken, "delivered", sent, "failed", failed);
	return rc;
}

int app_webhook_test(struct app *x, const struct app_webhook_owner *o, const char *id,
		     const struct app_webhook_config *c, json_t **out)
{
	*out = NULL;
	const char *org = o->org;
	if (!(store_scope_grant(x->st, org) & STORE_GRANT_ADMIN))
		return err_setm(x->e, ERR_DENIED, "", "access.role_in_org", "org", org, NULL);
	int rc = store_begin(x->st, x->e);
	if (rc)
		return rc;
	struct webhook_rec h;
	struct webhook_delivery_rec d = {0};
	char eid[33];
	new_id(eid, sizeof eid);
	json_t *data = json_pack("{sss}", "webhook", id ? id : "", "message", "ping from skjold");
	struct webhook_event_rec ev = {.id = eid, .event = WEBHOOK_PING, .occurred_ms = x->now_ms, .tlp = "CLEAR",
				       .data = jx_dump(data, x->a)};
	json_decref(data);
	if (!(rc = get_hook(x, o, id, &h))) {
		const struct webhook_rec *to = &h;
		rc = record(x, org, &ev, &to, 1, &d);
	}
	if ((rc = finish(x, rc, NULL)))
		return rc;
	/* the POST and its record are the delivery pass's own, unscoped (the admin grant was checked above) */
	const struct store_scope *saved = store_scope_get(x->st);
	store_scope_set(x->st, NULL);
	bool claimed = false;
	int ok = 0;
	d.org = org;
	d.event = ev.event;
	d.occurred_ms = ev.occurred_ms;
	d.tlp = ev.tlp;
	d.data = ev.data;
	d.url = h.url;
	d.secret = h.secret;
	rc = store_webhook_delivery_claim(x->st, org, h.id, eid, d.next_ms, x->now_ms + CLAIM_LEASE_MS, &claimed,
					  x->e);
	if (!rc && claimed)
		rc = send_one(x, c, &d, &ok);
	store_scope_set(x->st, saved);
	json_t *all = NULL;
	if (!rc && !(rc = deliveries_json(x, org, h.id, 1, &all)))
		*out = json_pack("{sbso}", "delivered", ok, "delivery", json_incref(json_array_get(all, 0)));
	json_decref(all);
	return rc;
}
