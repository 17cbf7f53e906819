/*
 * survey.h — the forum's annual survey of members' biggest concerns about
 * operational robustness, whose results feed the sector risk analysis
 * (SPEC §4, seed 000 "en årlig undersøgelse af FSOR-medlemmernes største
 * bekymringer i relation til operationel robusthed").
 *
 * Pure functions, JSON in and JSON out; the caller stores the records and
 * controls access.  Inputs are borrowed; every json_t written to *out is a
 * new reference the caller owns.  On error *out is untouched and e names
 * the field ("responses[2].answers[0].ranking[1]").
 *
 * A survey: {id, year, title, title_en?, description?, questions: [
 *   {id, kind: "concern_ranking", text, text_en?, topics?: [{id, name, name_en?}], rank_count?} |
 *   {id, kind: "scale", text, text_en?, scale?: {min, max, min_label?, max_label?}} |
 *   {id, kind: "free_text", text, text_en?}]}
 * A ranking question without topics gets the default concern list
 * (survey_default_topics), written into the normalised survey so that a
 * stored survey does not change when the default does.
 *
 * A response: {survey, member, answers: [{question, ranking: [topic id, ...]
 * | value: integer | text: text}]}.
 */
#ifndef SKJOLD_SURVEY_H
#define SKJOLD_SURVEY_H

#include <jansson.h>

#include "err.h"

/* The default concern topics as [{id, name (Danish), name_en}]; a new reference. */
json_t *survey_default_topics(void);

/*
 * Validate a survey and return it normalised (defaults filled in: topics,
 * rank_count = min(5, topics), scale 1..5).  Question and topic ids are
 * unique; rank_count is 1..min(10, topics).
 */
int survey_check(json_t *body, const char *path, json_t **out, struct errinfo *e);

/*
 * Validate a response against its (normalised or raw) survey: the survey id
 * matches, every answer names a question of the survey once, and carries
 * exactly the member its kind needs (a ranking of 1..rank_count distinct
 * topics of the question, a value within the scale, or a text).  Questions
 * may be left unanswered.
 */
int survey_response_check(json_t *survey, json_t *body, const char *path, json_t **out, struct errinfo *e);

/*
 * The survey's results over responses (one per member).  A ranking
 * question's topics are ranked by Borda count: with rank_count m, a topic a
 * respondent ranks at place p (1-based) scores m - p + 1, unranked 0; rank
 * is 1 + the number of topics with a higher score (ties share a rank), and
 * within a tie topics are listed by first places, then mentions, then list
 * order.  A scale question gives median, quartiles and mean.  Free-text
 * answers are not aggregated (they may identify a member).  A question
 * answered by fewer than min_group members reads "suppressed": true,
 * "respondents": "fewer than N"; a topic's mention count below min_group
 * reads "fewer than N".  No member id appears.  ERR_INVALID for
 * min_group < 1.
 */
int survey_results(json_t *survey, json_t *responses, int min_group, json_t **out, struct errinfo *e);

/*
 * The top concerns of survey_results' output as candidate sources for the
 * forum's risk register: for every ranking question that is not suppressed,
 * each topic with rank <= top_n and a score above 0, as
 * {kind: "survey", ref: "<survey>/<question>/<topic>", note}.  top_n 1..50.
 */
int survey_risk_candidates(json_t *results, int top_n, json_t **out, struct errinfo *e);

#endif
