/*
 * app_webhook.h — the use cases of webhooks (docs/webhooks.md), shared by
 * the shell (cmd_webhook.c: skjold webhook …) and the API (api_webhook.c).
 *
 * An organisation's admin registers endpoints: a URL (http or https), the
 * events it wants, a TLP ceiling and whether it is enabled; skjold makes
 * the secret it signs with and shows it once, in the answer to the
 * creation.  Events are recorded by app_webhook_emit inside the transaction
 * of the write that causes them (the outbox), one delivery per endpoint
 * that wants the event: pending, or withheld when the event's label is
 * above the endpoint's ceiling (tlp_within).  The time-based events come
 * from app_webhook_scan, which records each (event, object, deadline) once.
 * app_webhook_deliver sends what is due, each POST with no transaction open,
 * and logs every try; a failed try is retried on the backoff schedule.
 */
#ifndef SKJOLD_APP_WEBHOOK_H
#define SKJOLD_APP_WEBHOOK_H

#include <stdbool.h>

#include "app.h"

/* The events (named here, not in the .c files, where "incident.…" would read as a message code). */
#define WEBHOOK_INCIDENT_CREATED "incident.created"
#define WEBHOOK_INCIDENT_CLASSIFIED "incident.classified"
#define WEBHOOK_DEADLINE_DUE_SOON "deadline.due_soon"
#define WEBHOOK_DEADLINE_OVERDUE "deadline.overdue"
#define WEBHOOK_RISK_ABOVE_APPETITE "risk.above_appetite"
#define WEBHOOK_TREATMENT_OVERDUE "treatment.overdue"
#define WEBHOOK_CRISIS_OPENED "crisis.opened"
#define WEBHOOK_CRISIS_CLOSED "crisis.closed"
#define WEBHOOK_CRISIS_REPORT_LATE "crisis.report_late"
#define WEBHOOK_PING "ping"
/* The events an organisation's endpoint may ask for, and a forum secretariat's; NULL-terminated. */
extern const char *const app_webhook_events[];
extern const char *const app_webhook_forum_events[];

/* The delivery pass's settings: the backoff schedule (seconds before try 2, 3, …; the last spent: failed). */
#define APP_WEBHOOK_MAX_BACKOFF 16
struct app_webhook_config {
	int64_t backoff_s[APP_WEBHOOK_MAX_BACKOFF];
	int nbackoff;
	long timeout_s; /* per POST */
	int batch;      /* deliveries per pass at most */
};
/* The default schedule: 1 min, 5 min, 30 min, 2 h, 6 h, then failed; 10 s per POST. */
void app_webhook_config_default(struct app_webhook_config *c);
/* "60,300,1800": seconds, comma-separated (0 allowed: at once); ERR_INVALID naming field otherwise. */
int app_webhook_backoff_parse(const char *s, const char *field, struct app_webhook_config *c, struct errinfo *e);

/*
 * Whose endpoints: an organisation's own (forum NULL), or those of the forum
 * secretariat org runs (forum: the forum's id; org must be its secretariat,
 * else ERR_NOTFOUND naming "forum").  The two are apart: a forum's route
 * never sees the organisation's own endpoints, nor the other way round.
 */
struct app_webhook_owner {
	const char *org, *forum;
};

/*
 * Register an endpoint from body {"id"?, "url", "events", "tlp",
 * "enabled"?}.  *out is the endpoint with its "secret": the one answer that
 * shows it.  Audited without the secret.
 */
int app_webhook_create(struct app *x, const struct app_webhook_owner *o, json_t *body, json_t **out);
/* The owner's endpoints, each with its last few deliveries; never a secret. */
int app_webhook_list(struct app *x, const struct app_webhook_owner *o, json_t **out);
int app_webhook_show(struct app *x, const struct app_webhook_owner *o, const char *id, json_t **out);
/* Change url, events, tlp or enabled (a merge: the fields given). */
int app_webhook_update(struct app *x, const struct app_webhook_owner *o, const char *id, json_t *patch,
		       json_t **out);
/* Remove the endpoint, its deliveries and their log. */
int app_webhook_remove(struct app *x, const struct app_webhook_owner *o, const char *id, json_t **out);
/* The endpoint's deliveries, newest first, each with its tries (at most limit deliveries). */
int app_webhook_deliveries(struct app *x, const struct app_webhook_owner *o, const char *id, int limit,
			   json_t **out);
/*
 * A signed "ping" event to the endpoint at once: recorded as a delivery
 * (committed before the POST) and sent now by the same code as any other
 * (x->st unscoped: the caller lifts the scope after checking the caller's
 * admin grant).  *out is the delivery as logged.
 */
int app_webhook_test(struct app *x, const struct app_webhook_owner *o, const char *id,
		     const struct app_webhook_config *c, json_t **out);

/* Whether any enabled endpoint of the owner wants event (so a caller can skip preparing one). */
bool app_webhook_wanted(struct app *x, const struct app_webhook_owner *o, const char *event);
/*
 * Record event (label tlp, "AMBER+STRICT" when NULL) with data (borrowed)
 * for every enabled endpoint of the owner that wants it, inside the caller's
 * transaction.  dedup non-NULL: recorded only the first time.  Nothing is
 * written when no endpoint wants it.
 */
int app_webhook_emit(struct app *x, const struct app_webhook_owner *o, const char *event, const char *tlp,
		     const char *dedup, json_t *data);

/*
 * The time-based events as of x->now_ms, each (event, object, deadline)
 * recorded once: deadline.due_soon (a reporting deadline at most 2 hours
 * ahead), deadline.overdue and treatment.overdue (a measure past its due
 * date, not done) for the organisations with an endpoint that wants them,
 * and crisis.report_late (a member's status report late in an open crisis)
 * for the forums whose secretariat has one.  *out counts what was seen.
 * x->st unscoped.
 */
int app_webhook_scan(struct app *x, json_t **out);
/* Send the deliveries due as of x->now_ms and log each try (x->st unscoped, no transaction open). */
int app_webhook_deliver(struct app *x, const struct app_webhook_config *c, json_t **out);

#endif
