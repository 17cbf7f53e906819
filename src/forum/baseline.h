/*
 * baseline.h — the forum's baseline self-assessment (SPEC §4, seed 000
 * "fælles baseline for cyberrobusthed"): catalogues of recommendations,
 * campaigns, members' answers on a maturity scale, each member's feedback
 * against the sector and the sector aggregates.
 *
 * Pure functions, JSON in and JSON out.  The caller stores the records and
 * decides who may see what; nothing here reads the clock or the store.
 * Inputs are borrowed and never modified; every json_t written to *out is a
 * new reference the caller owns (json_decref).  On error *out is untouched
 * and e names the field ("answers[3].items[0].item").
 *
 * Confidentiality (docs/internals/baseline.md): every figure about other
 * members is computed over a group of at least min_group members (the forum
 * uses BASELINE_MIN_GROUP) or replaced by the text "fewer than N"; the work
 * done is the same whether a figure is shown or suppressed.  Aggregates are
 * meant to be computed once, on a closed campaign's frozen answers, so that
 * two releases cannot be differenced; the caller enforces that.
 */
#ifndef SKJOLD_BASELINE_H
#define SKJOLD_BASELINE_H

#include <jansson.h>
#include <stddef.h>

#include "err.h"

/* The forum's rule: no aggregate over fewer than 5 members (SPEC §4). */
#define BASELINE_MIN_GROUP 5
/* The maturity scale 0..5; "not applicable" is separate. */
#define BASELINE_MATURITY_MAX 5

/* "ikke eksisterende", "initial", "gentagelig", "defineret", "styret", "optimeret"; NULL outside 0..5. */
const char *baseline_maturity_name(int level);
/* "non-existent", "initial", "repeatable", "defined", "managed", "optimised"; NULL outside 0..5. */
const char *baseline_maturity_name_en(int level);

/* Ids of the shipped catalogues, NULL-terminated: "nist-csf-2.0", "nis2-art21". */
extern const char *const baseline_builtin_catalogues[];

/*
 * The shipped catalogue id (rules/catalogue-<id>.json, embedded), validated
 * and normalised.  ERR_NOTFOUND for an unknown id.
 */
int baseline_catalogue_builtin(const char *id, json_t **out, struct errinfo *e);

/*
 * Validate a catalogue (the forum's own baseline, imported) and return it
 * normalised: {id, name, name_da?, version, source, description?,
 * areas: [{id, name, name_da?, description?, description_da?, da_status?,
 * items: [{id, title?, title_da?, text, text_da?, da_status?, da_source?,
 * source?}]}]}.  Unknown keys, duplicate area or item ids (item ids are
 * unique across the catalogue), empty areas and over-long texts are rejected.
 */
int baseline_catalogue_check(json_t *body, const char *path, json_t **out, struct errinfo *e);

/*
 * Validate a campaign {id, catalogue, title, description?, opens_on,
 * closes_on, status: draft|open|closed}.  With prev (the stored normalised
 * campaign, or NULL when new): the id cannot change, the status never moves
 * back, the catalogue is fixed once the campaign has opened, and a closed
 * campaign's dates are frozen.
 */
int baseline_campaign_check(json_t *body, json_t *prev, const char *path, json_t **out, struct errinfo *e);

/*
 * Validate one member's answers against a (normalised or raw) catalogue:
 * {member, catalogue, campaign?, items: [{item, maturity 0..5 |
 * not_applicable: true, evidence?, refs?: [text]}]}.  Unknown and repeated
 * item ids are rejected; items may be left unanswered.  The output lists the
 * items in catalogue order.
 */
int baseline_answer_check(json_t *catalogue, json_t *body, const char *path, json_t **out, struct errinfo *e);

/*
 * One member's feedback against the sector, per area of the catalogue: the
 * member's area score (mean maturity of its applicable answered items), and,
 * when at least min_group members have a score in the area, the sector's
 * median and quartiles and the member's percentile; otherwise the area reads
 * "suppressed": true, "members": "fewer than N".  answers holds every
 * member's answers (one record per member) for the catalogue.  ERR_NOTFOUND
 * (field "member") when member has no answers; ERR_INVALID for min_group < 1.
 */
int baseline_feedback(json_t *catalogue, json_t *answers, const char *member, int min_group, json_t **out,
		      struct errinfo *e);

/*
 * The sector aggregate per area and item: members, median and quartiles,
 * and per item the distribution over the maturity levels, each only over
 * groups of at least min_group members.  No member id appears in the output.
 */
int baseline_aggregate(json_t *catalogue, json_t *answers, int min_group, json_t **out, struct errinfo *e);

/*
 * Statistics shared with survey.c.  sorted ascending, n > 0.
 * baseline_quantile: linear interpolation between order statistics
 * (Hyndman–Fan type 7, as numpy's default and Excel's PERCENTILE.INC).
 * baseline_percentile_rank: 100 × (values below x + ½ × values equal to x) / n.
 */
double baseline_quantile(const double *sorted, size_t n, double p);
double baseline_percentile_rank(const double *sorted, size_t n, double x);
/* x rounded half away from zero to the given number of decimals (0..6). */
double baseline_round(double x, int decimals);

#endif
