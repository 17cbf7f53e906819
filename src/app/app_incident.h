/*
 * app_incident.h — the use cases of incidents: the stored incidents of an
 * organisation (list, show, add, update), their submissions and the content
 * of their reports to the authorities, the open reporting deadlines, the
 * DORA recurring incidents, and the stateless assessment of a facts
 * document.  (docs/internals/app_incident.md)
 *
 * Every evaluation is made afresh as of x->now_ms under the rules the caller
 * passes: NULL means the shipped rule files (embedded in the binary), the
 * server's only choice; the shell may load others from --rules DIR and pass
 * them.  A use case never reads a file.
 *
 * Errors name the field of the JSON document or request ("id", "regime",
 * "submitted_at", "nodes[1]", "facts.downtime_minutes"); ERR_NOTFOUND for an
 * incident names "id".  Results are JSON values the caller owns.
 */
#ifndef SKJOLD_APP_INCIDENT_H
#define SKJOLD_APP_INCIDENT_H

#include <jansson.h>
#include <stdbool.h>

#include "app.h"
#include "assess.h"
#include "rules.h"

/* Every incident of org with its verdicts and next due report; status (NULL: any) keeps only those. */
int app_incident_list(struct app *x, const char *org, const char *status, const struct rules *rules, json_t **out);

/*
 * One incident: the evaluated document, the assessment under every regime,
 * the other obligations, what its nodes take down, the timeline and now.
 */
int app_incident_show(struct app *x, const char *org, const char *id, const struct rules *rules, json_t **out);

/* Add an incident document (borrowed); *out is {"added": id, "organisation": org}.  An id that exists: ERR_CONFLICT. */
int app_incident_add(struct app *x, const char *org, json_t *doc, json_t **out);

/*
 * Apply a JSON merge patch (RFC 7386, borrowed, not empty) to the stored
 * incident; *out is {"updated": id, "organisation": org}.
 */
int app_incident_update(struct app *x, const char *org, const char *id, json_t *patch, json_t **out);

/* A report submitted to an authority.  Strings NULL when not given. */
struct app_submission {
	const char *regime, *report; /* required */
	const char *submitted_at;    /* an instant (RULES.md §1); NULL: now */
	const char *channel, *receipt, *by;
	int estimates; /* -1 not given, 0 false, 1 true */
};

/* Record a submission, audited; *out is {"incident", "organisation", "submitted": the submission as recorded}. */
int app_incident_submit(struct app *x, const char *org, const char *id, const struct app_submission *s,
			json_t **out);

/* The incident's submissions in the order recorded, each with its "seq". */
int app_incident_submissions(struct app *x, const char *org, const char *id, json_t **out);

/*
 * The content of one report to an authority (increport.h): the template's
 * fields with the incident's values, estimates marked, missing ones listed.
 * A report the regime does not have: ERR_INVALID naming "report".
 */
int app_incident_report(struct app *x, const char *org, const char *id, enum regime regime, const char *report,
			const struct rules *rules, json_t **out);

/*
 * The DORA major-incident report of incident id in the ESAs' JSON (schema
 * IR 1.2.1, dora_ir.h): report is initial, intermediate, final or
 * reclassified (else ERR_INVALID naming "report").  *out is the document,
 * *missing the fields the report type still needs (both new references,
 * also when fields are missing: the caller decides whether to refuse).
 */
int app_incident_dora(struct app *x, const char *org, const char *id, const char *report, const struct rules *rules,
		      json_t **out, json_t **missing);

/*
 * Every open reporting obligation of org's incidents (org NULL: of every
 * organisation the store shows), overdue first, then by due instant:
 * {"now", "open", "obligations"}.
 */
int app_incident_deadlines(struct app *x, const char *org, const struct rules *rules, json_t **out);

/* The DORA recurring incidents of org (2024/1772 art. 8(2)). */
int app_incident_recurring(struct app *x, const char *org, const struct rules *rules, json_t **out);

/*
 * Assess a facts document (RULES.md §6, borrowed) under the regimes of
 * mask (1u << regime, or ASSESS_ALL); nothing is stored.  *out is the RULES.md §7 result with "now".
 */
int app_incident_assess(struct app *x, json_t *facts, unsigned mask, const struct rules *rules, json_t **out);

#endif
