/*
 * increc.h — stored incidents: the incident record of an organisation, its
 * timeline and its submissions, every write audited (SPEC §3).
 *
 * The stored document is the RULES.md §6 facts document plus skjold's own
 * fields (docs/incidents.md): id, status, description, category, cause,
 * root_cause, nodes (affected nodes of the dependency map), risks, measures,
 * user_information (seed 004 § 9), reporting (outsourced and consolidated
 * reporting, seed 004 §§ 7-8).  "entity" may be left out: it then comes from
 * the organisation (its NIS2, DORA and PSD2 settings and working hours) at
 * every evaluation.  Submissions are rows of their own, appended by
 * increc_submit, never edited.
 */
#ifndef SKJOLD_INCREC_H
#define SKJOLD_INCREC_H

#include <jansson.h>

#include "assess.h"
#include "edit.h"
#include "incident.h"
#include "rules.h"

struct increc {
	struct incident_rec rec;
	json_t *doc;      /* the stored document (owned) */
	json_t *eval_doc; /* doc + entity from the organisation + submissions (owned) */
	struct incident inc;
	bool entity_from_org;
	struct submission_rec *subs;
	size_t nsubs;
};

/* Add a new incident from doc (its "submissions", if any, are recorded as submissions). */
int increc_add(struct writer *w, const char *org, json_t *doc, struct errinfo *e);
/* Apply a JSON merge patch (RFC 7386) to the stored document; the timeline names what changed. */
int increc_update(struct writer *w, const char *org, const char *id, json_t *patch, struct errinfo *e);
/* Record a submission {"regime","report","submitted_at","channel","receipt","estimates","by"}; errors name its fields. */
int increc_submit(struct writer *w, const char *org, const char *id, json_t *sub, struct errinfo *e);

/* Whether the incident document lists the fact path ("facts.users_affected") in estimated_facts. */
bool increc_estimated(json_t *doc, const char *path);

/* Load one stored incident ready for assessment; none: ERR_NOTFOUND naming "id". */
int increc_load(struct store *st, const char *org, const char *id, struct arena *a, struct increc *out,
		struct errinfo *e);
/* Load every incident of org (ids in detection order). */
int increc_load_all(struct store *st, const char *org, struct arena *a, struct increc **out, size_t *n,
		    struct errinfo *e);
void increc_free(struct increc *x);
void increc_free_all(struct increc *x, size_t n);

/* The organisation's incidents for the organisation document: each stored document with its submissions. */
int increc_export(struct store *st, const char *org, struct arena *a, json_t **out, struct errinfo *e);

/*
 * The obligations beyond the regimes' reports that a stored incident
 * carries: the user-information assessment and notice of seed 004 § 9 (and
 * DORA art. 19(3)), and the checks on outsourced and consolidated reporting
 * (seed 004 §§ 7-8).  Array of objects (new reference).
 */
json_t *increc_obligations(const struct increc *x, const struct assessment *as, int64_t now_ms);

#endif
