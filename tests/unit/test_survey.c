/*
 * test_survey.c — the annual concern survey: validation naming the field,
 * the Borda ranking against hand-worked scores, suppression at 4 versus 5
 * respondents, and the risk-register candidates.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "msg.h"
#include "survey.h"
#include "jcheck.h"

/* Topics A B C D, rank 3; a scale question; a free-text question. */
static const char *const SURVEY =
	"{\"id\":\"s2025\",\"year\":2025,\"title\":\"FSOR's årlige undersøgelse 2025\",\"questions\":["
	"{\"id\":\"q1\",\"kind\":\"concern_ranking\",\"text\":\"Største bekymringer\",\"rank_count\":3,"
	"\"topics\":[{\"id\":\"A\",\"name\":\"Alfa\",\"name_en\":\"Alpha\"},{\"id\":\"B\",\"name\":\"Beta\"},"
	"{\"id\":\"C\",\"name\":\"Gamma\"},{\"id\":\"D\",\"name\":\"Delta\"}]},"
	"{\"id\":\"q2\",\"kind\":\"scale\",\"text\":\"Hvor robust er sektoren?\"},"
	"{\"id\":\"q3\",\"kind\":\"free_text\",\"text\":\"Andet?\"}]}";

static void test_survey_check(void **state)
{
	(void)state;
	struct errinfo e = {0};
	json_t *out = NULL;
	json_t *j = J("{\"id\":\"s\",\"year\":2025,\"title\":\"T\",\"questions\":[{\"id\":\"q\",\"kind\":\"concern_ranking\",\"text\":\"?\"},"
		      "{\"id\":\"r\",\"kind\":\"scale\",\"text\":\"?\"}]}");
	assert_int_equal(survey_check(j, "", &out, &e), 0);
	json_t *q = json_array_get(json_object_get(out, "questions"), 0);
	json_t *topics = json_object_get(q, "topics");
	assert_int_equal(json_array_size(topics), 12); /* the default list, written in */
	assert_string_equal(json_string_value(json_object_get(json_array_get(topics, 0), "id")), "cyber_attack");
	assert_int_equal(json_integer_value(json_object_get(q, "rank_count")), 5);
	json_t *sc = json_object_get(json_array_get(json_object_get(out, "questions"), 1), "scale");
	assert_int_equal(json_integer_value(json_object_get(sc, "min")), 1);
	assert_int_equal(json_integer_value(json_object_get(sc, "max")), 5);
	json_decref(out);
	json_decref(j);
	json_t *def = survey_default_topics();
	bool has_payment = false;
	for (size_t i = 0; i < json_array_size(def); i++)
		has_payment |= !strcmp(json_string_value(json_object_get(json_array_get(def, i), "id")), "payment_system_outage");
	assert_true(has_payment);
	json_decref(def);

	static const struct {
		const char *body, *field;
	} bad[] = {
		{"{\"id\":\"s\",\"year\":2025,\"title\":\"T\",\"questions\":[{\"id\":\"q\",\"kind\":\"poll\",\"text\":\"?\"}]}",
		 "questions[0].kind"},
		{"{\"id\":\"s\",\"year\":2025,\"title\":\"T\",\"questions\":[{\"id\":\"q\",\"kind\":\"scale\",\"text\":\"?\"},"
		 "{\"id\":\"q\",\"kind\":\"free_text\",\"text\":\"?\"}]}",
		 "questions[1].id"},
		{"{\"id\":\"s\",\"year\":2025,\"title\":\"T\",\"questions\":[{\"id\":\"q\",\"kind\":\"scale\",\"text\":\"?\",\"topics\":[]}]}",
		 "questions[0].topics"},
		{"{\"id\":\"s\",\"year\":2025,\"title\":\"T\",\"questions\":[{\"id\":\"q\",\"kind\":\"concern_ranking\",\"text\":\"?\",\"rank_count\":11}]}",
		 "questions[0].rank_count"},
		{"{\"id\":\"s\",\"year\":2025,\"title\":\"T\",\"questions\":[{\"id\":\"q\",\"kind\":\"concern_ranking\",\"text\":\"?\","
		 "\"topics\":[{\"id\":\"x\",\"name\":\"X\"},{\"id\":\"x\",\"name\":\"Y\"}]}]}",
		 "questions[0].topics[1].id"},
		{"{\"id\":\"s\",\"year\":2025,\"title\":\"T\",\"questions\":[{\"id\":\"q\",\"kind\":\"scale\",\"text\":\"?\",\"scale\":{\"min\":5,\"max\":5}}]}",
		 "questions[0].scale.max"},
		{"{\"id\":\"s\",\"year\":1999,\"title\":\"T\",\"questions\":[{\"id\":\"q\",\"kind\":\"scale\",\"text\":\"?\"}]}", "year"},
		{"{\"id\":\"s\",\"year\":2025,\"title\":\"T\",\"questions\":[]}", "questions"},
		{"{\"id\":\"s\",\"year\":2025,\"title\":\"T\",\"tlp\":\"AMBER\",\"questions\":[{\"id\":\"q\",\"kind\":\"scale\",\"text\":\"?\"}]}", "tlp"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err_clear(&e);
		j = J(bad[i].body);
		out = NULL;
		assert_int_not_equal(survey_check(j, "", &out, &e), 0);
		assert_null(out);
		if (strcmp(e.field, bad[i].field))
			fail_msg("case %zu: field %s, expected %s (%s)", i, e.field, bad[i].field, e.message);
		json_decref(j);
	}
}

static void test_response_check(void **state)
{
	(void)state;
	struct errinfo e = {0};
	json_t *s = J(SURVEY), *out = NULL;
	json_t *j = J("{\"survey\":\"s2025\",\"member\":\"bank-a\",\"answers\":[{\"question\":\"q3\",\"text\":\"Kvantecomputere\"},"
		      "{\"question\":\"q1\",\"ranking\":[\"C\",\"A\"]}]}");
	assert_int_equal(survey_response_check(s, j, "", &out, &e), 0);
	/* survey order */
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(out, "answers"), 0), "question")), "q1");
	json_decref(out);
	json_decref(j);
	static const struct {
		const char *answers, *field;
		int code;
	} bad[] = {
		{"[{\"question\":\"q9\",\"value\":3}]", "answers[0].question", ERR_INVALID},
		{"[{\"question\":\"q1\",\"ranking\":[\"A\",\"Z\"]}]", "answers[0].ranking[1]", ERR_INVALID},
		{"[{\"question\":\"q1\",\"ranking\":[\"A\",\"A\"]}]", "answers[0].ranking[1]", ERR_INVALID},
		{"[{\"question\":\"q1\",\"ranking\":[\"A\",\"B\",\"C\",\"D\"]}]", "answers[0].ranking", ERR_INVALID},
		{"[{\"question\":\"q1\",\"ranking\":[]}]", "answers[0].ranking", ERR_INVALID},
		{"[{\"question\":\"q1\",\"text\":\"A\"}]", "answers[0].text", ERR_INVALID},
		{"[{\"question\":\"q2\",\"value\":6}]", "answers[0].value", ERR_INVALID},
		{"[{\"question\":\"q2\",\"value\":3},{\"question\":\"q2\",\"value\":4}]", "answers[1].question", ERR_INVALID},
		{"[{\"question\":\"q3\"}]", "answers[0].text", ERR_INVALID},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char buf[600];
		snprintf(buf, sizeof buf, "{\"survey\":\"s2025\",\"member\":\"bank-a\",\"answers\":%s}", bad[i].answers);
		err_clear(&e);
		j = J(buf);
		out = NULL;
		assert_int_equal(survey_response_check(s, j, "", &out, &e), bad[i].code);
		if (strcmp(e.field, bad[i].field))
			fail_msg("case %zu: field %s, expected %s (%s)", i, e.field, bad[i].field, e.message);
		json_decref(j);
	}
	err_clear(&e);
	j = J("{\"survey\":\"s2024\",\"member\":\"bank-a\",\"answers\":[]}");
	assert_int_equal(survey_response_check(s, j, "", &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "survey");
	json_decref(j);
	json_decref(s);
}

/*
 * rank_count 3: place 1 scores 3, place 2 scores 2, place 3 scores 1.
 *   r1: A B C  -> A3 B2 C1
 *   r2: B A D  -> B3 A2 D1
 *   r3: A C    -> A3 C2
 *   r4: C B A  -> C3 B2 A1
 *   r5: B      -> B3
 * A = 3+2+3+1 = 9, B = 2+3+2+3 = 10, C = 1+2+3 = 6, D = 1:  B, A, C, D.
 * Scale q2 from r1..r5: 1 2 3 5 5 -> median 3, q1 2, q3 5, mean 3.2.
 */
static json_t *responses(size_t n)
{
	static const char *const r[] = {
		"{\"survey\":\"s2025\",\"member\":\"m1\",\"answers\":[{\"question\":\"q1\",\"ranking\":[\"A\",\"B\",\"C\"]},{\"question\":\"q2\",\"value\":1},{\"question\":\"q3\",\"text\":\"HEMMELIG-1\"}]}",
		"{\"survey\":\"s2025\",\"member\":\"m2\",\"answers\":[{\"question\":\"q1\",\"ranking\":[\"B\",\"A\",\"D\"]},{\"question\":\"q2\",\"value\":5}]}",
		"{\"survey\":\"s2025\",\"member\":\"m3\",\"answers\":[{\"question\":\"q1\",\"ranking\":[\"A\",\"C\"]},{\"question\":\"q2\",\"value\":3}]}",
		"{\"survey\":\"s2025\",\"member\":\"m4\",\"answers\":[{\"question\":\"q1\",\"ranking\":[\"C\",\"B\",\"A\"]},{\"question\":\"q2\",\"value\":2}]}",
		"{\"survey\":\"s2025\",\"member\":\"m5\",\"answers\":[{\"question\":\"q1\",\"ranking\":[\"B\"]},{\"question\":\"q2\",\"value\":5}]}",
	};
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, J(r[i]));
	return arr;
}

static void test_borda_hand_worked(void **state)
{
	(void)state;
	struct errinfo e = {0};
	json_t *s = J(SURVEY), *rs = responses(5), *out = NULL;
	assert_int_equal(survey_results(s, rs, 5, &out, &e), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "respondents")), 5);
	json_t *q1 = json_array_get(json_object_get(out, "questions"), 0);
	assert_int_equal(json_integer_value(json_object_get(q1, "respondents")), 5);
	json_t *ranking = json_object_get(q1, "ranking");
	static const char *const order[] = {"B", "A", "C", "D"};
	static const int score[] = {10, 9, 6, 1}, rank[] = {1, 2, 3, 4};
	assert_int_equal(json_array_size(ranking), 4);
	for (size_t i = 0; i < 4; i++) {
		json_t *t = json_array_get(ranking, i);
		assert_string_equal(json_string_value(json_object_get(t, "topic")), order[i]);
		assert_int_equal(json_integer_value(json_object_get(t, "score")), score[i]);
		assert_int_equal(json_integer_value(json_object_get(t, "rank")), rank[i]);
		/* every topic is named by fewer than 5 members: no count is given */
		assert_string_equal(json_string_value(json_object_get(t, "mentioned_by")), "fewer than 5");
	}
	json_t *q2 = json_array_get(json_object_get(out, "questions"), 1);
	assert_true(json_number_value(json_object_get(q2, "median")) == 3.0);
	assert_true(json_number_value(json_object_get(q2, "q1")) == 2.0);
	assert_true(json_number_value(json_object_get(q2, "q3")) == 5.0);
	assert_true(json_number_value(json_object_get(q2, "mean")) == 3.2);
	json_t *q3 = json_array_get(json_object_get(out, "questions"), 2);
	assert_true(json_is_false(json_object_get(q3, "aggregated")));
	char *dump = json_dumps(out, 0);
	assert_null(strstr(dump, "HEMMELIG"));
	assert_null(strstr(dump, "\"m1\""));
	free(dump);

	/* risk-register candidates: the top 2 */
	json_t *cand = NULL;
	assert_int_equal(survey_risk_candidates(out, 2, &cand, &e), 0);
	assert_int_equal(json_array_size(cand), 2);
	json_t *c0 = json_array_get(cand, 0);
	assert_string_equal(json_string_value(json_object_get(c0, "kind")), "survey");
	assert_string_equal(json_string_value(json_object_get(c0, "ref")), "s2025/q1/B");
	/* the note as a message: English as built, Danish as the Danish reader gets it */
	assert_non_null(strstr(json_string_value(json_object_get(c0, "note")), "number 1 of 4"));
	assert_non_null(strstr(json_string_value(json_object_get(c0, "note")), "Borda score 10"));
	assert_string_equal(json_string_value(json_object_get(json_array_get(cand, 1), "ref")), "s2025/q1/A");
	assert_non_null(strstr(json_string_value(json_object_get(json_array_get(cand, 1), "note")), "Alpha (Alfa)"));
	json_t *da = json_deep_copy(cand);
	msg_localize(da, MSG_DA);
	assert_non_null(strstr(json_string_value(json_object_get(json_array_get(da, 0), "note")), "nr. 1 af 4"));
	assert_non_null(strstr(json_string_value(json_object_get(json_array_get(da, 0), "note")), "Borda-score 10"));
	assert_non_null(strstr(json_string_value(json_object_get(json_array_get(da, 1), "note")), "Alfa (Alpha)"));
	json_decref(da);
	assert_int_equal(json_object_size(c0), 4); /* kind, ref, note and note_msg */
	json_decref(cand);
	assert_int_equal(survey_risk_candidates(out, 0, &cand, &e), ERR_INVALID);
	json_decref(out);
	json_decref(rs);
	json_decref(s);
}

/* Four respondents: suppressed, no score, no count; and no candidates. */
static void test_suppression_4_vs_5(void **state)
{
	(void)state;
	struct errinfo e = {0};
	json_t *s = J(SURVEY), *rs = responses(4), *out = NULL, *cand = NULL;
	assert_int_equal(survey_results(s, rs, 5, &out, &e), 0);
	assert_string_equal(json_string_value(json_object_get(out, "respondents")), "fewer than 5");
	for (size_t i = 0; i < 2; i++) {
		json_t *q = json_array_get(json_object_get(out, "questions"), i);
		assert_true(json_is_true(json_object_get(q, "suppressed")));
		assert_string_equal(json_string_value(json_object_get(q, "respondents")), "fewer than 5");
		assert_null(json_object_get(q, "ranking"));
		assert_null(json_object_get(q, "median"));
	}
	char *dump = json_dumps(out, JSON_COMPACT);
	for (const char *p = dump; *p; p++)
		if (p[0] == ':' && p[1] >= '1' && p[1] <= '4' && (p[2] == ',' || p[2] == '}'))
			fail_msg("a count below 5 appears: %.20s", p);
	free(dump);
	assert_int_equal(survey_risk_candidates(out, 5, &cand, &e), 0);
	assert_int_equal(json_array_size(cand), 0);
	json_decref(cand);
	json_decref(out);
	json_decref(rs);
	/* duplicate respondent */
	rs = J("[{\"survey\":\"s2025\",\"member\":\"m1\",\"answers\":[]},{\"survey\":\"s2025\",\"member\":\"m1\",\"answers\":[]}]");
	assert_int_equal(survey_results(s, rs, 5, &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "responses[1].member");
	json_decref(rs);
	json_decref(s);
}

/*
 * Ties: topics X Y Z, rank 2 (first place 2, second 1).
 *   r1: Y   r2: Y   r3: Z X   r4: Z X   r5: Z X   r6: Z X
 * X = 4 (four second places), Y = 4 (two first places), Z = 8.
 * Z rank 1; X and Y share rank 2, Y listed first (more first places)
 * although X comes first in the survey's list.
 */
static void test_borda_ties(void **state)
{
	(void)state;
	struct errinfo e = {0};
	json_t *s = J("{\"id\":\"t\",\"year\":2026,\"title\":\"T\",\"questions\":[{\"id\":\"q\",\"kind\":\"concern_ranking\",\"text\":\"?\","
		      "\"rank_count\":2,\"topics\":[{\"id\":\"X\",\"name\":\"X\"},{\"id\":\"Y\",\"name\":\"Y\"},{\"id\":\"Z\",\"name\":\"Z\"}]}]}");
	json_t *rs = json_array(), *out = NULL;
	static const char *const rk[] = {"[\"Y\"]", "[\"Y\"]", "[\"Z\",\"X\"]", "[\"Z\",\"X\"]", "[\"Z\",\"X\"]", "[\"Z\",\"X\"]"};
	for (int i = 0; i < 6; i++) {
		char buf[200];
		snprintf(buf, sizeof buf, "{\"survey\":\"t\",\"member\":\"o%d\",\"answers\":[{\"question\":\"q\",\"ranking\":%s}]}", i, rk[i]);
		json_array_append_new(rs, J(buf));
	}
	assert_int_equal(survey_results(s, rs, 5, &out, &e), 0);
	json_t *ranking = json_object_get(json_array_get(json_object_get(out, "questions"), 0), "ranking");
	static const char *const order[] = {"Z", "Y", "X"};
	static const int score[] = {8, 4, 4}, rank[] = {1, 2, 2};
	for (size_t i = 0; i < 3; i++) {
		json_t *t = json_array_get(ranking, i);
		assert_string_equal(json_string_value(json_object_get(t, "topic")), order[i]);
		assert_int_equal(json_integer_value(json_object_get(t, "score")), score[i]);
		assert_int_equal(json_integer_value(json_object_get(t, "rank")), rank[i]);
	}
	/* Z and X are each named by 4 of 6, Y by 2: no mention count is published */
	assert_string_equal(json_string_value(json_object_get(json_array_get(ranking, 0), "mentioned_by")), "fewer than 5");
	/* top 2 by rank: Z, and both tied at rank 2 */
	json_t *cand = NULL;
	assert_int_equal(survey_risk_candidates(out, 2, &cand, &e), 0);
	assert_int_equal(json_array_size(cand), 3);
	json_decref(cand);
	json_decref(out);
	json_decref(rs);
	json_decref(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_survey_check),      cmocka_unit_test(test_response_check),
		cmocka_unit_test(test_borda_hand_worked), cmocka_unit_test(test_suppression_4_vs_5),
		cmocka_unit_test(test_borda_ties),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
