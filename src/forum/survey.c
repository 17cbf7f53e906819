/*
 * survey.c — the annual survey of members' biggest operational-robustness
 * concerns: surveys, responses, results and risk-register candidates
 * (contracts in survey.h).
 *
 * The core question ranks concern topics.  Members rank their top
 * rank_count topics (default 5) from a list (the default list below, or the
 * secretariat's own) and the sector ranking is a Borda count: place p of m
 * scores m - p + 1, so a first place outweighs a fifth and unranked topics
 * score nothing.  Borda is chosen over "share of members naming the topic"
 * because it uses the order members gave, and over a Condorcet method
 * because it always yields a total order a risk workshop can read.  Ties
 * share a rank; within a tie the list order is first places, then
 * mentions, then the survey's topic order — deterministic, never random.
 *
 * Confidentiality: results are published only for questions answered by at
 * least min_group members (the forum uses 5), and a topic's mention count
 * only when it is 0 or at least min_group; otherwise "fewer than N", never
 * the count.  Free-text answers are never aggregated: a member's wording
 * can identify it.  Scores are sums over every respondent of a question,
 * never over fewer than min_group.  As for the baseline, results are meant
 * to be computed once, on the closed survey's responses.
 */
#include "survey.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "jsonx.h"
#include "limit.h"
#include "mem.h"
#include "msg.h"

#define MAX_ID LIMIT_ID
#define MAX_NAME 500
#define MAX_TEXT LIMIT_TEXT
#define MAX_QUESTIONS 100
#define MAX_TOPICS 50
#define MAX_RANK 10
#define DEFAULT_RANK 5
#define MAX_RESPONSES 2000

enum qkind { Q_RANKING, Q_SCALE, Q_TEXT };
static const char *const qkind_names[] = {"concern_ranking", "scale", "free_text"};

struct topic {
	const char *id, *name, *name_en;
};

/* The default concern list: the threats seed 000 names and those FSOR members commonly raise. */
static const struct topic default_topics[] = {
	{"cyber_attack", "Cyberangreb", "Cyber attack"},
	{"ransomware", "Ransomware", "Ransomware"},
	{"ddos", "Overbelastningsangreb (DDoS)", "Denial-of-service attack (DDoS)"},
	{"third_party_failure", "Svigt hos tredjepart eller IKT-leverandør", "Third-party or ICT provider failure"},
	{"payment_system_outage", "Nedbrud i betalings- og afviklingssystemer", "Payment or settlement system outage"},
	{"data_centre_outage", "Nedbrud i datacentral", "Data centre outage"},
	{"insider", "Insidertrussel", "Insider threat"},
	{"key_staff_loss", "Tab af nøglemedarbejdere", "Loss of key staff"},
	{"power_telecom_outage", "Udfald af strøm eller tele", "Power or telecom outage"},
	{"geopolitical", "Geopolitisk uro", "Geopolitical tension"},
	{"pandemic", "Pandemi", "Pandemic"},
	{"data_integrity", "Kompromitteret dataintegritet", "Compromised data integrity"},
};
#define NDEFAULT ((size_t)(sizeof default_topics / sizeof default_topics[0]))

struct question {
	const char *id, *text, *text_en;
	int kind;
	struct topic *topics;
	size_t ntopics;
	int rank_count;
	int smin, smax;
	const char *min_label, *max_label;
};

struct survey {
	const char *id, *title, *title_en, *description;
	int year;
	struct question *q;
	size_t nq;
};

struct answer {
	size_t q;
	size_t *rank; /* topic indices, best first */
	size_t nrank;
	int value;
	const char *text;
};

struct response {
	const char *survey, *member;
	struct answer *a;
	size_t na;
};

static int qkind_parse(const char *s)
{
	for (int i = 0; i < 3; i++)
		if (!strcmp(s, qkind_names[i]))
			return i;
	return -1;
}

static int id_field(json_t *o, const char *key, const char *path, struct arena *a, const char **out,
		    struct errinfo *e)
{
	int rc = jx_id(o, key, path, a, out, e);
	if (!rc && strlen(*out) > MAX_ID) {
		char p[300];
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "forum.longer_than", "key", key,
				"max", err_num((char[24]){0}, (long long)(MAX_ID)), NULL);
	}
	return rc;
}

static json_t *fewer_than(int k)
{
	char buf[48];
	snprintf(buf, sizeof buf, "fewer than %d", k);
	return json_string(buf);
}

json_t *survey_default_topics(void)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < NDEFAULT; i++) {
		json_t *o = json_object();
		jx_set_str(o, "id", default_topics[i].id);
		jx_set_str(o, "name", default_topics[i].name);
		jx_set_str(o, "name_en", default_topics[i].name_en);
		json_array_append_new(arr, o);
	}
	return arr;
}

/* ---- surveys ------------------------------------------------------------- */

static int parse_topics(json_t *qj, const char *path, struct arena *a, struct question *q, struct errinfo *e)
{
	static const char *const keys[] = {"id", "name", "name_en", NULL};
	char p[300], pt[300];
	json_t *topics = json_object_get(qj, "topics");
	int rc;
	if (!topics || json_is_null(topics)) {
		q->ntopics = NDEFAULT;
		q->topics = arena_alloc(a, NDEFAULT * sizeof *q->topics);
		memcpy(q->topics, default_topics, sizeof default_topics);
		return 0;
	}
	if ((rc = jx_array(qj, "topics", path, true, 2, MAX_TOPICS, &topics, e)))
		return rc;
	jx_path(p, sizeof p, path, "topics");
	q->ntopics = json_array_size(topics);
	q->topics = arena_alloc(a, q->ntopics * sizeof *q->topics);
	for (size_t i = 0; i < q->ntopics; i++) {
		json_t *tj = json_array_get(topics, i);
		struct topic *t = &q->topics[i];
		jx_index(pt, sizeof pt, p, i);
		if ((rc = jx_object(tj, pt, e)) || (rc = jx_check_keys(tj, pt, keys, e)) ||
		    (rc = id_field(tj, "id", pt, a, &t->id, e)) ||
		    (rc = jx_text(tj, "name", pt, true, MAX_NAME, a, &t->name, e)) ||
		    (rc = jx_text(tj, "name_en", pt, false, MAX_NAME, a, &t->name_en, e)))
			return rc;
		for (size_t k = 0; k < i; k++)
			if (!strcmp(q->topics[k].id, t->id)) {
				char pf[300];
				return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, pt, "id"), "survey.topic_twice",
						"id", t->id, "other", err_num((char[24]){0}, (long long)(k)), NULL);
			}
	}
	return 0;
}

static int parse_question(json_t *qj, const char *path, struct arena *a, struct question *q, struct errinfo *e)
{
	static const char *const keys[] = {"id", "kind", "text", "text_en", "topics", "rank_count", "scale", NULL};
	static const char *const skeys[] = {"min", "max", "min_label", "max_label", NULL};
	char p[300];
	int rc;
	memset(q, 0, sizeof *q);
	if ((rc = jx_object(qj, path, e)) || (rc = jx_check_keys(qj, path, keys, e)) ||
	    (rc = id_field(qj, "id", path, a, &q->id, e)) ||
	    (rc = jx_enum(qj, "kind", path, true, qkind_parse, "concern_ranking, scale, free_text", &q->kind, e)) ||
	    (rc = jx_text(qj, "text", path, true, MAX_TEXT, a, &q->text, e)) ||
	    (rc = jx_text(qj, "text_en", path, false, MAX_TEXT, a, &q->text_en, e)))
		return rc;
	json_t *topics = json_object_get(qj, "topics"), *rank = json_object_get(qj, "rank_count"),
	       *scale = json_object_get(qj, "scale");
	if (q->kind != Q_RANKING && ((topics && !json_is_null(topics)) || (rank && !json_is_null(rank))))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path,
				topics && !json_is_null(topics) ? "topics" : "rank_count"), "survey.topics_only", NULL);
	if (q->kind != Q_SCALE && scale && !json_is_null(scale))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "scale"), "survey.scale_only", NULL);
	if (q->kind == Q_RANKING) {
		if ((rc = parse_topics(qj, path, a, q, e)))
			return rc;
		int max = (int)(q->ntopics < MAX_RANK ? q->ntopics : MAX_RANK);
		q->rank_count = max < DEFAULT_RANK ? max : DEFAULT_RANK;
		if ((rc = jx_int(qj, "rank_count", path, false, 1, max, &q->rank_count, e)))
			return rc;
	} else if (q->kind == Q_SCALE) {
		q->smin = 1;
		q->smax = 5;
		if (scale && !json_is_null(scale)) {
			jx_path(p, sizeof p, path, "scale");
			if ((rc = jx_object(scale, p, e)) || (rc = jx_check_keys(scale, p, skeys, e)) ||
			    (rc = jx_int(scale, "min", p, true, 0, 100, &q->smin, e)) ||
			    (rc = jx_int(scale, "max", p, true, 0, 100, &q->smax, e)) ||
			    (rc = jx_text(scale, "min_label", p, false, MAX_NAME, a, &q->min_label, e)) ||
			    (rc = jx_text(scale, "max_label", p, false, MAX_NAME, a, &q->max_label, e)))
				return rc;
			if (q->smax <= q->smin) {
				char pf[300];
				return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, p, "max"), "survey.max_min",
						NULL);
			}
		}
	}
	return 0;
}

static int parse_survey(json_t *j, const char *path, struct arena *a, struct survey *s, struct errinfo *e)
{
	static const char *const keys[] = {"id", "year", "title", "title_en", "description", "questions", NULL};
	char p[300], pq[300];
	json_t *qs;
	int rc;
	memset(s, 0, sizeof *s);
	if ((rc = jx_object(j, path, e)) || (rc = jx_check_keys(j, path, keys, e)) ||
	    (rc = id_field(j, "id", path, a, &s->id, e)) || (rc = jx_int(j, "year", path, true, 2000, 2100, &s->year, e)) ||
	    (rc = jx_text(j, "title", path, true, MAX_NAME, a, &s->title, e)) ||
	    (rc = jx_text(j, "title_en", path, false, MAX_NAME, a, &s->title_en, e)) ||
	    (rc = jx_text(j, "description", path, false, MAX_TEXT, a, &s->description, e)) ||
	    (rc = jx_array(j, "questions", path, true, 1, MAX_QUESTIONS, &qs, e)))
		return rc;
	jx_path(p, sizeof p, path, "questions");
	s->nq = json_array_size(qs);
	s->q = arena_alloc(a, s->nq * sizeof *s->q);
	for (size_t i = 0; i < s->nq; i++) {
		jx_index(pq, sizeof pq, p, i);
		if ((rc = parse_question(json_array_get(qs, i), pq, a, &s->q[i], e)))
			return rc;
		for (size_t k = 0; k < i; k++)
			if (!strcmp(s->q[k].id, s->q[i].id)) {
				char pf[300];
				return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, pq, "id"),
						"survey.question_twice", "id", s->q[i].id, "other",
						err_num((char[24]){0}, (long long)(k)), NULL);
			}
	}
	return 0;
}

static json_t *topic_json(const struct topic *t)
{
	json_t *o = json_object();
	jx_set_str(o, "id", t->id);
	jx_set_str(o, "name", t->name);
	jx_set_str(o, "name_en", t->name_en);
	return o;
}

static json_t *survey_json(const struct survey *s)
{
	json_t *o = json_object(), *qs = json_array();
	jx_set_str(o, "id", s->id);
	jx_set_int(o, "year", s->year);
	jx_set_str(o, "title", s->title);
	jx_set_str(o, "title_en", s->title_en);
	jx_set_str(o, "description", s->description);
	for (size_t i = 0; i < s->nq; i++) {
		const struct question *q = &s->q[i];
		json_t *qj = json_object();
		jx_set_str(qj, "id", q->id);
		jx_set_str(qj, "kind", qkind_names[q->kind]);
		jx_set_str(qj, "text", q->text);
		jx_set_str(qj, "text_en", q->text_en);
		if (q->kind == Q_RANKING) {
			json_t *ts = json_array();
			for (size_t k = 0; k < q->ntopics; k++)
				json_array_append_new(ts, topic_json(&q->topics[k]));
			json_object_set_new(qj, "topics", ts);
			jx_set_int(qj, "rank_count", q->rank_count);
		} else if (q->kind == Q_SCALE) {
			json_t *sc = json_object();
			jx_set_int(sc, "min", q->smin);
			jx_set_int(sc, "max", q->smax);
			jx_set_str(sc, "min_label", q->min_label);
			jx_set_str(sc, "max_label", q->max_label);
			json_object_set_new(qj, "scale", sc);
		}
		json_array_append_new(qs, qj);
	}
	json_object_set_new(o, "questions", qs);
	return o;
}

int survey_check(json_t *body, const char *path, json_t **out, struct errinfo *e)
{
	struct arena a;
	struct survey s;
	arena_init(&a);
	int rc = parse_survey(body, path ? path : "", &a, &s, e);
	if (!rc)
		*out = survey_json(&s);
	arena_free(&a);
	return rc;
}

/* ---- responses ----------------------------------------------------------- */

static int parse_response(const struct survey *s, json_t *j, const char *path, struct arena *a, struct response *r,
			  struct errinfo *e)
{
	static const char *const keys[] = {"survey", "member", "answers", NULL};
	static const char *const akeys[] = {"question", "ranking", "value", "text", NULL};
	char p[300], pa[300], pf[300];
	json_t *answers;
	int rc;
	memset(r, 0, sizeof *r);
	if ((rc = jx_object(j, path, e)) || (rc = jx_check_keys(j, path, keys, e)) ||
	    (rc = id_field(j, "survey", path, a, &r->survey, e)) || (rc = jx_id(j, "member", path, a, &r->member, e)))
		return rc;
	if (strcmp(r->survey, s->id))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "survey"), "survey.wrong_survey", "given",
				r->survey, "survey", s->id, NULL);
	if ((rc = jx_array(j, "answers", path, true, 0, s->nq, &answers, e)))
		return rc;
	jx_path(p, sizeof p, path, "answers");
	r->na = json_array_size(answers);
	r->a = arena_alloc(a, (r->na ? r->na : 1) * sizeof *r->a);
	for (size_t i = 0; i < r->na; i++) {
		json_t *aj = json_array_get(answers, i);
		struct answer *an = &r->a[i];
		const char *qid;
		jx_index(pa, sizeof pa, p, i);
		if ((rc = jx_object(aj, pa, e)) || (rc = jx_check_keys(aj, pa, akeys, e)) ||
		    (rc = jx_id(aj, "question", pa, a, &qid, e)))
			return rc;
		long qi = -1;
		for (size_t k = 0; k < s->nq; k++)
			if (!strcmp(s->q[k].id, qid))
				qi = (long)k;
		if (qi < 0)
			return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, pa, "question"),
					"survey.unknown_question", "question", qid, "survey", s->id, NULL);
		for (size_t k = 0; k < i; k++)
			if (r->a[k].q == (size_t)qi)
				return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, pa, "question"),
						"survey.answered_twice", "question", qid, "other",
						err_num((char[24]){0}, (long long)(k)), NULL);
		const struct question *q = &s->q[qi];
		an->q = (size_t)qi;
		/* exactly the member the question's kind needs */
		static const char *const need[] = {"ranking", "value", "text"};
		for (int k = 0; k < 3; k++) {
			json_t *v = json_object_get(aj, need[k]);
			if (k != q->kind && v && !json_is_null(v))
				return err_setm(e, ERR_INVALID, jx_path(pf, sizeof pf, pa, need[k]),
						"survey.answer_kind", "kind", qkind_names[q->kind], "need",
						need[q->kind], NULL);
		}
		if (q->kind == Q_SCALE) {
			if ((rc = jx_int(aj, "value", pa, true, q->smin, q->smax, &an->value, e)))
				return rc;
		} else if (q->kind == Q_TEXT) {
			if ((rc = jx_text(aj, "text", pa, true, MAX_TEXT, a, &an->text, e)))
				return rc;
		} else {
			json_t *rk;
			if ((rc = jx_array(aj, "ranking", pa, true, 1, (size_t)q->rank_count, &rk, e)))
				return rc;
			char pr[300], pk[300];
			jx_path(pr, sizeof pr, pa, "ranking");
			an->nrank = json_array_size(rk);
			an->rank = arena_alloc(a, an->nrank * sizeof *an->rank);
			for (size_t k = 0; k < an->nrank; k++) {
				json_t *v = json_array_get(rk, k);
				jx_index(pk, sizeof pk, pr, k);
				long ti = -1;
				if (!json_is_string(v))
					return err_setm(e, ERR_INVALID, pk, "survey.ranking_ids", NULL);
				for (size_t t = 0; t < q->ntopics; t++)
					if (!strcmp(q->topics[t].id, json_string_value(v)))
						ti = (long)t;
				if (ti < 0)
					return err_setm(e, ERR_INVALID, pk, "survey.unknown_topic", "topic",
							json_string_value(v), "question", q->id, NULL);
				for (size_t m = 0; m < k; m++)
					if (an->rank[m] == (size_t)ti)
						return err_setm(e, ERR_INVALID, pk, "survey.ranked_twice", "topic",
								q->topics[ti].id, NULL);
				an->rank[k] = (size_t)ti;
			}
		}
	}
	return 0;
}

static json_t *response_json(const struct survey *s, const struct response *r)
{
	json_t *o = json_object(), *answers = json_array();
	jx_set_str(o, "survey", r->survey);
	jx_set_str(o, "member", r->member);
	/* in the survey's question order */
	for (size_t qi = 0; qi < s->nq; qi++)
		for (size_t i = 0; i < r->na; i++) {
			const struct answer *an = &r->a[i];
			if (an->q != qi)
				continue;
			const struct question *q = &s->q[qi];
			json_t *aj = json_object();
			jx_set_str(aj, "question", q->id);
			if (q->kind == Q_RANKING) {
				json_t *rk = json_array();
				for (size_t k = 0; k < an->nrank; k++)
					json_array_append_new(rk, json_string(q->topics[an->rank[k]].id));
				json_object_set_new(aj, "ranking", rk);
			} else if (q->kind == Q_SCALE) {
				jx_set_int(aj, "value", an->value);
			} else {
				jx_set_str(aj, "text", an->text);
			}
			json_array_append_new(answers, aj);
		}
	json_object_set_new(o, "answers", answers);
	return o;
}

int survey_response_check(json_t *survey, json_t *body, const char *path, json_t **out, struct errinfo *e)
{
	struct arena a;
	struct survey s;
	struct response r;
	arena_init(&a);
	int rc = parse_survey(survey, "survey", &a, &s, e);
	if (!rc)
		rc = parse_response(&s, body, path ? path : "", &a, &r, e);
	if (!rc)
		*out = response_json(&s, &r);
	arena_free(&a);
	return rc;
}

/* ---- results ------------------------------------------------------------- */

struct tally {
	long score, first, mentions;
	size_t idx;
};

static int cmp_tally(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	if (x->first != y->first)
		return x->first < y->first ? 1 : -1;
	if (x->mentions != y->mentions)
		return x->mentions < y->mentions ? 1 : -1;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The answer of response r to question qi, or NULL. */
static const struct answer *answer_to(const struct response *r, size_t qi)
{
	for (size_t i = 0; i < r->na; i++)
		if (r->a[i].q == qi)
			return &r->a[i];
	return NULL;
}

static void question_head(json_t *o, const struct question *q)
{
	jx_set_str(o, "question", q->id);
	jx_set_str(o, "kind", qkind_names[q->kind]);
	jx_set_str(o, "text", q->text);
	jx_set_str(o, "text_en", q->text_en);
}

static void suppress(json_t *o, int k)
{
	char buf[120];
	json_object_set_new(o, "suppressed", json_true());
	json_object_set_new(o, "respondents", fewer_than(k));
	snprintf(buf, sizeof buf, "fewer than %d members answered this question", k);
	jx_set_str(o, "reason", buf);
}

static json_t *question_result(const struct survey *s, size_t qi, const struct response *rs, size_t nr, int k,
			       struct arena *a)
{
	const struct question *q = &s->q[qi];
	json_t *o = json_object();
	question_head(o, q);
	if (q->kind == Q_TEXT) {
		json_object_set_new(o, "aggregated", json_false());
		jx_set_str(o, "reason", "free-text answers are not aggregated: a member's wording can identify it");
		return o;
	}
	size_t respondents = 0;
	if (q->kind == Q_RANKING) {
		struct tally *t = arena_alloc(a, q->ntopics * sizeof *t);
		for (size_t i = 0; i < q->ntopics; i++)
			t[i].idx = i;
		for (size_t r = 0; r < nr; r++) {
			const struct answer *an = answer_to(&rs[r], qi);
			if (!an)
				continue;
			respondents++;
			for (size_t p = 0; p < an->nrank; p++) {
				struct tally *x = &t[an->rank[p]];
				x->score += q->rank_count - (long)p; /* place p+1 of m scores m - p */
				x->first += p == 0;
				x->mentions++;
			}
		}
		qsort(t, q->ntopics, sizeof *t, cmp_tally);
		json_t *ranking = json_array();
		for (size_t i = 0; i < q->ntopics; i++) {
			size_t higher = 0;
			for (size_t m = 0; m < q->ntopics; m++)
				higher += t[m].score > t[i].score;
			const struct topic *tp = &q->topics[t[i].idx];
			json_t *tj = json_object();
			jx_set_int(tj, "rank", (long long)(higher + 1));
			jx_set_str(tj, "topic", tp->id);
			jx_set_str(tj, "name", tp->name);
			jx_set_str(tj, "name_en", tp->name_en);
			jx_set_int(tj, "score", t[i].score);
			json_object_set_new(tj, "mentioned_by", t[i].mentions == 0 || t[i].mentions >= k
									? json_integer(t[i].mentions)
									: fewer_than(k));
			json_array_append_new(ranking, tj);
		}
		/* computed either way; published only over enough respondents */
		if (respondents >= (size_t)k) {
			jx_set_int(o, "respondents", (long long)respondents);
			jx_set_int(o, "rank_count", q->rank_count);
			msg_set_json(o, "method", &(struct msg){.code = "survey.method"});
			json_object_set_new(o, "ranking", ranking);
		} else {
			json_decref(ranking);
			suppress(o, k);
		}
		return o;
	}
	double *v = arena_alloc(a, (nr ? nr : 1) * sizeof *v);
	double sum = 0;
	for (size_t r = 0; r < nr; r++) {
		const struct answer *an = answer_to(&rs[r], qi);
		if (an) {
			v[respondents++] = an->value;
			sum += an->value;
		}
	}
	qsort(v, respondents, sizeof *v, cmp_double);
	double med = baseline_quantile(v, respondents, 0.5), q1 = baseline_quantile(v, respondents, 0.25),
	       q3 = baseline_quantile(v, respondents, 0.75), mean = respondents ? sum / (double)respondents : NAN;
	if (respondents >= (size_t)k) {
		jx_set_int(o, "respondents", (long long)respondents);
		jx_set_int(o, "min", q->smin);
		jx_set_int(o, "max", q->smax);
		json_object_set_new(o, "median", json_real(baseline_round(med, 2)));
		json_object_set_new(o, "q1", json_real(baseline_round(q1, 2)));
		json_object_set_new(o, "q3", json_real(baseline_round(q3, 2)));
		json_object_set_new(o, "mean", json_real(baseline_round(mean, 2)));
	} else {
		suppress(o, k);
	}
	return o;
}

int survey_results(json_t *survey, json_t *responses, int min_group, json_t **out, struct errinfo *e)
{
	struct arena a;
	struct survey s;
	char p[300];
	arena_init(&a);
	int rc = 0;
	if (min_group < 1) {
		rc = err_setm(e, ERR_INVALID, "min_group", "forum.min_group_1", NULL);
		goto out;
	}
	if ((rc = parse_survey(survey, "survey", &a, &s, e)))
		goto out;
	if (!json_is_array(responses)) {
		rc = err_setm(e, ERR_INVALID, "responses", "survey.responses_array", NULL);
		goto out;
	}
	if (json_array_size(responses) > MAX_RESPONSES) {
		rc = err_setm(e, ERR_LIMIT, "responses", "survey.responses_max", "max", err_num((char[24]){0},
			      (long long)(MAX_RESPONSES)), NULL);
		goto out;
	}
	size_t nr = json_array_size(responses);
	struct response *rs = arena_alloc(&a, (nr ? nr : 1) * sizeof *rs);
	for (size_t i = 0; i < nr; i++) {
		if ((rc = parse_response(&s, json_array_get(responses, i), jx_index(p, sizeof p, "responses", i), &a,
					 &rs[i], e)))
			goto out;
		for (size_t k = 0; k < i; k++)
			if (!strcmp(rs[k].member, rs[i].member)) {
				snprintf(p, sizeof p, "responses[%zu].member", i);
				rc = err_setm(e, ERR_INVALID, p, "survey.two_responses", "member", rs[i].member,
					      "other", err_num((char[24]){0}, (long long)(k)), NULL);
				goto out;
			}
	}
	json_t *o = json_object(), *qs = json_array();
	jx_set_str(o, "survey", s.id);
	jx_set_int(o, "year", s.year);
	jx_set_str(o, "title", s.title);
	jx_set_int(o, "min_group", min_group);
	json_object_set_new(o, "respondents",
			    nr >= (size_t)min_group ? json_integer((json_int_t)nr) : fewer_than(min_group));
	for (size_t qi = 0; qi < s.nq; qi++)
		json_array_append_new(qs, question_result(&s, qi, rs, nr, min_group, &a));
	json_object_set_new(o, "questions", qs);
	*out = o;
out:
	arena_free(&a);
	return rc;
}

/* ---- risk-register candidates -------------------------------------------- */

static int get_str(json_t *o, const char *key, const char *path, const char **out, struct errinfo *e)
{
	json_t *v = json_object_get(o, key);
	char p[300];
	if (!json_is_string(v))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "forum.text", "key", key, NULL);
	*out = json_string_value(v);
	return 0;
}

static int get_int(json_t *o, const char *key, const char *path, long long *out, struct errinfo *e)
{
	json_t *v = json_object_get(o, key);
	char p[300];
	if (!json_is_integer(v))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "input.integer", "key", key, NULL);
	*out = json_integer_value(v);
	return 0;
}

int survey_risk_candidates(json_t *results, int top_n, json_t **out, struct errinfo *e)
{
	const char *sid;
	long long year;
	char pq[300], pr[300], pt[300];
	int rc;
	if (top_n < 1 || top_n > MAX_TOPICS)
		return err_setm(e, ERR_INVALID, "top_n", "survey.top_n", "max", err_num((char[24]){0},
				(long long)(MAX_TOPICS)), NULL);
	if ((rc = jx_object(results, "results", e)) || (rc = get_str(results, "survey", "results", &sid, e)) ||
	    (rc = get_int(results, "year", "results", &year, e)))
		return rc;
	json_t *qs = json_object_get(results, "questions");
	if (!json_is_array(qs))
		return err_setm(e, ERR_INVALID, "results.questions", "survey.questions_array", NULL);
	json_t *arr = json_array();
	for (size_t i = 0; i < json_array_size(qs); i++) {
		json_t *q = json_array_get(qs, i);
		const char *kind, *qid;
		long long respondents;
		jx_index(pq, sizeof pq, "results.questions", i);
		if ((rc = jx_object(q, pq, e)) || (rc = get_str(q, "kind", pq, &kind, e)))
			goto fail;
		if (strcmp(kind, "concern_ranking") || json_is_true(json_object_get(q, "suppressed")))
			continue;
		json_t *ranking = json_object_get(q, "ranking");
		if ((rc = get_str(q, "question", pq, &qid, e)) || (rc = get_int(q, "respondents", pq, &respondents, e)))
			goto fail;
		jx_path(pr, sizeof pr, pq, "ranking");
		if (!json_is_array(ranking)) {
			rc = err_setm(e, ERR_INVALID, pr, "survey.ranking_array", NULL);
			goto fail;
		}
		size_t ntopics = json_array_size(ranking);
		for (size_t k = 0; k < ntopics; k++) {
			json_t *t = json_array_get(ranking, k);
			const char *topic, *name;
			long long rank, score;
			jx_index(pt, sizeof pt, pr, k);
			if ((rc = jx_object(t, pt, e)) || (rc = get_int(t, "rank", pt, &rank, e)) ||
			    (rc = get_str(t, "topic", pt, &topic, e)) || (rc = get_str(t, "name", pt, &name, e)) ||
			    (rc = get_int(t, "score", pt, &score, e)))
				goto fail;
			if (rank > top_n || score <= 0)
				continue;
			json_t *name_en = json_object_get(t, "name_en");
			char ref[400], yr[24], rk[24], nt[24], sc[24], rs[24];
			snprintf(ref, sizeof ref, "%s/%s/%s", sid, qid, topic);
			snprintf(yr, sizeof yr, "%lld", year);
			snprintf(rk, sizeof rk, "%lld", rank);
			snprintf(nt, sizeof nt, "%zu", ntopics);
			snprintf(sc, sizeof sc, "%lld", score);
			snprintf(rs, sizeof rs, "%lld", respondents);
			/* the topic's two names, each language's first, where the survey gives an English one */
			bool two = json_is_string(name_en) && strcmp(json_string_value(name_en), name);
			json_t *c = json_object();
			jx_set_str(c, "kind", "survey");
			jx_set_str(c, "ref", ref);
			msg_set_json(c, "note",
				     &(struct msg){.code = two ? "survey.candidate_note_en" : "survey.candidate_note",
						   .n = two ? 8 : 7,
						   .name = {"year", "question", "topic", "rank", "topics", "score", "respondents",
							    "topic_en"},
						   .value = {yr, qid, name, rk, nt, sc, rs,
							     two ? json_string_value(name_en) : NULL}});
			json_array_append_new(arr, c);
		}
	}
	*out = arr;
	return 0;
fail:
	json_decref(arr);
	return rc;
}
