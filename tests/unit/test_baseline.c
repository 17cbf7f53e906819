/*
 * test_baseline.c — the baseline self-assessment: the shipped catalogues,
 * validation naming the field, feedback against hand-worked statistics for
 * six members, and suppression at 4 versus 5 members.  Expected figures are
 * worked out by hand in the comments, not computed by the code under test.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "baseline.h"
#include "jcheck.h"

static double num(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	assert_true(json_is_number(v));
	return json_number_value(v);
}

/* Every integer in j (recursively, skipping the keys named in skip) is outside 1..4. */
static void assert_no_small_count(json_t *j, const char *const *skip)
{
	if (json_is_integer(j)) {
		json_int_t v = json_integer_value(j);
		if (v >= 1 && v <= 4)
			fail_msg("a count of %lld appears", (long long)v);
	} else if (json_is_object(j)) {
		const char *k;
		json_t *v;
		json_object_foreach(j, k, v) {
			bool skipped = false;
			for (const char *const *s = skip; *s; s++)
				skipped |= !strcmp(*s, k);
			if (!skipped)
				assert_no_small_count(v, skip);
		}
	} else if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v) assert_no_small_count(v, skip);
	}
}

/* The shipped catalogues load and have exactly the public texts' structure. */
static void test_builtin_catalogues(void **state)
{
	(void)state;
	struct errinfo e = {0};
	json_t *c = NULL;
	assert_int_equal(baseline_catalogue_builtin("nist-csf-2.0", &c, &e), 0);
	json_t *areas = json_object_get(c, "areas");
	assert_int_equal(json_array_size(areas), 6);
	static const char *const fn[] = {"GV", "ID", "PR", "DE", "RS", "RC"};
	static const char *const cat[] = {"GV.OC", "GV.RM", "GV.RR", "GV.PO", "GV.OV", "GV.SC", "ID.AM", "ID.RA",
					  "ID.IM", "PR.AA", "PR.AT", "PR.DS", "PR.PS", "PR.IR", "DE.CM", "DE.AE",
					  "RS.MA", "RS.AN", "RS.CO", "RS.MI", "RC.RP", "RC.CO"};
	static const size_t per_fn[] = {6, 3, 5, 2, 4, 2};
	size_t n = 0;
	for (size_t i = 0; i < 6; i++) {
		json_t *a = json_array_get(areas, i);
		assert_string_equal(json_string_value(json_object_get(a, "id")), fn[i]);
		json_t *items = json_object_get(a, "items");
		assert_int_equal(json_array_size(items), per_fn[i]);
		for (size_t k = 0; k < json_array_size(items); k++, n++) {
			json_t *it = json_array_get(items, k);
			assert_string_equal(json_string_value(json_object_get(it, "id")), cat[n]);
			assert_true(json_is_string(json_object_get(it, "title")));
			assert_true(json_string_length(json_object_get(it, "text")) > 20);
		}
	}
	assert_int_equal(n, 22);
	assert_string_equal(json_string_value(json_object_get(json_array_get(areas, 0), "name")), "Govern");
	assert_true(strstr(json_string_value(json_object_get(c, "source")), "CSWP 29") != NULL);
	json_decref(c);

	assert_int_equal(baseline_catalogue_builtin("nis2-art21", &c, &e), 0);
	areas = json_object_get(c, "areas");
	assert_int_equal(json_array_size(areas), 10);
	for (size_t i = 0; i < 10; i++) {
		json_t *a = json_array_get(areas, i), *items = json_object_get(a, "items");
		char want[16];
		snprintf(want, sizeof want, "21(2)(%c)", (char)('a' + i));
		assert_int_equal(json_array_size(items), 1);
		json_t *it = json_array_get(items, 0);
		assert_string_equal(json_string_value(json_object_get(it, "id")), want);
		assert_true(json_is_string(json_object_get(it, "text_da")));
		assert_string_equal(json_string_value(json_object_get(it, "da_status")), "transposition");
	}
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(json_array_get(areas, 1), "items"), 0), "text")),
			    "incident handling");
	json_decref(c);

	assert_int_equal(baseline_catalogue_builtin("iso-27001", &c, &e), ERR_NOTFOUND);
}

/* An imported catalogue: errors name the field. */
static void test_catalogue_check(void **state)
{
	(void)state;
	struct errinfo e = {0};
	json_t *out = NULL;
	json_t *j = J("{\"id\":\"fsor-baseline\",\"name\":\"FSOR baseline\",\"version\":\"1\",\"source\":\"FSOR\","
		      "\"areas\":[{\"id\":\"A\",\"name\":\"Styring\",\"items\":[{\"id\":\"A.1\",\"text\":\"x\"}]},"
		      "{\"id\":\"B\",\"name\":\"Data\",\"items\":[{\"id\":\"B.1\",\"text\":\"y\",\"colour\":\"red\"}]}]}");
	assert_int_equal(baseline_catalogue_check(j, "", &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "areas[1].items[0].colour");
	json_decref(j);

	err_clear(&e);
	j = J("{\"id\":\"fsor-baseline\",\"name\":\"FSOR baseline\",\"version\":\"1\",\"source\":\"FSOR\","
	      "\"areas\":[{\"id\":\"A\",\"name\":\"Styring\",\"items\":[{\"id\":\"A.1\",\"text\":\"x\"}]},"
	      "{\"id\":\"B\",\"name\":\"Data\",\"items\":[{\"id\":\"B.1\",\"text\":\"y\"},{\"id\":\"A.1\",\"text\":\"z\"}]}]}");
	assert_int_equal(baseline_catalogue_check(j, "", &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "areas[1].items[1].id");
	json_decref(j);

	err_clear(&e);
	j = J("{\"id\":\"x\",\"name\":\"X\",\"version\":\"1\",\"source\":\"X\",\"areas\":[{\"id\":\"A\",\"name\":\"A\",\"items\":[]}]}");
	assert_int_equal(baseline_catalogue_check(j, "catalogue", &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "catalogue.areas[0].items");
	json_decref(j);

	err_clear(&e);
	j = J("{\"id\":\"x\",\"name\":\"X\",\"version\":\"1\",\"areas\":[{\"id\":\"A\",\"name\":\"A\",\"items\":[{\"id\":\"A\",\"text\":\"t\"}]}]}");
	assert_int_equal(baseline_catalogue_check(j, "", &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "source");
	json_decref(j);

	err_clear(&e);
	j = J("{\"id\":\"x\",\"name\":\"X\",\"version\":\"1\",\"source\":\"s\",\"areas\":[{\"id\":\"A\",\"name\":\"A\","
	      "\"items\":[{\"id\":\"A\",\"text\":\"t\",\"da_status\":\"guess\"}]}]}");
	assert_int_equal(baseline_catalogue_check(j, "", &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "areas[0].items[0].da_status");
	json_decref(j);
}

/* A small catalogue for the hand-worked cases: area A (a1, a2), area B (b1). */
static const char *const CAT = "{\"id\":\"t\",\"name\":\"T\",\"version\":\"1\",\"source\":\"test\",\"areas\":["
			       "{\"id\":\"A\",\"name\":\"Area A\",\"items\":[{\"id\":\"a1\",\"text\":\"one\"},{\"id\":\"a2\",\"text\":\"two\"}]},"
			       "{\"id\":\"B\",\"name\":\"Area B\",\"items\":[{\"id\":\"b1\",\"text\":\"three\"}]}]}";

static void test_answer_check(void **state)
{
	(void)state;
	struct errinfo e = {0};
	json_t *cat = J(CAT), *out = NULL;
	json_t *j = J("{\"member\":\"bank-a\",\"catalogue\":\"t\",\"items\":[{\"item\":\"b1\",\"not_applicable\":true},"
		      "{\"item\":\"a2\",\"maturity\":3,\"evidence\":\"Politik godkendt 2025\",\"refs\":[\"doc-17\"]}]}");
	assert_int_equal(baseline_answer_check(cat, j, "", &out, &e), 0);
	/* catalogue order: a2 before b1 */
	json_t *items = json_object_get(out, "items");
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "item")), "a2");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 0), "maturity")), 3);
	assert_true(json_is_true(json_object_get(json_array_get(items, 1), "not_applicable")));
	json_decref(out);
	json_decref(j);

	static const struct {
		const char *body, *field;
	} bad[] = {
		{"{\"member\":\"m\",\"catalogue\":\"t\",\"items\":[{\"item\":\"a1\",\"maturity\":1},{\"item\":\"GV.OC\",\"maturity\":2}]}",
		 "items[1].item"},
		{"{\"member\":\"m\",\"catalogue\":\"t\",\"items\":[{\"item\":\"a1\",\"maturity\":1},{\"item\":\"a1\",\"maturity\":2}]}",
		 "items[1].item"},
		{"{\"member\":\"m\",\"catalogue\":\"t\",\"items\":[{\"item\":\"a1\",\"maturity\":6}]}", "items[0].maturity"},
		{"{\"member\":\"m\",\"catalogue\":\"t\",\"items\":[{\"item\":\"a1\"}]}", "items[0].maturity"},
		{"{\"member\":\"m\",\"catalogue\":\"t\",\"items\":[{\"item\":\"a1\",\"maturity\":2,\"not_applicable\":true}]}",
		 "items[0].not_applicable"},
		{"{\"member\":\"m\",\"catalogue\":\"nist-csf-2.0\",\"items\":[]}", "catalogue"},
		{"{\"member\":\"m\",\"catalogue\":\"t\",\"items\":[{\"item\":\"a1\",\"maturity\":2,\"refs\":[\"\"]}]}",
		 "items[0].refs[0]"},
		{"{\"member\":\"m\",\"catalogue\":\"t\",\"items\":[],\"score\":3}", "score"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err_clear(&e);
		j = J(bad[i].body);
		out = NULL;
		assert_int_equal(baseline_answer_check(cat, j, "", &out, &e), ERR_INVALID);
		assert_null(out);
		assert_string_equal(e.field, bad[i].field);
		json_decref(j);
	}
	json_decref(cat);
}

static void test_campaign_check(void **state)
{
	(void)state;
	struct errinfo e = {0};
	json_t *out = NULL, *prev = NULL;
	json_t *j = J("{\"id\":\"c2025\",\"catalogue\":\"nist-csf-2.0\",\"title\":\"Baseline 2025\","
		      "\"opens_on\":\"2025-09-01\",\"closes_on\":\"2025-10-31\",\"status\":\"closed\"}");
	assert_int_equal(baseline_campaign_check(j, NULL, "", &prev, &e), 0);
	json_decref(j);
	j = J("{\"id\":\"c2025\",\"catalogue\":\"nist-csf-2.0\",\"title\":\"Baseline 2025\","
	      "\"opens_on\":\"2025-09-01\",\"closes_on\":\"2025-10-31\",\"status\":\"open\"}");
	assert_int_equal(baseline_campaign_check(j, prev, "", &out, &e), ERR_CONFLICT);
	assert_string_equal(e.field, "status");
	json_decref(j);
	err_clear(&e);
	j = J("{\"id\":\"c2025\",\"catalogue\":\"nis2-art21\",\"title\":\"Baseline 2025\","
	      "\"opens_on\":\"2025-09-01\",\"closes_on\":\"2025-10-31\",\"status\":\"closed\"}");
	assert_int_equal(baseline_campaign_check(j, prev, "", &out, &e), ERR_CONFLICT);
	assert_string_equal(e.field, "catalogue");
	json_decref(j);
	json_decref(prev);
	err_clear(&e);
	j = J("{\"id\":\"c\",\"catalogue\":\"t\",\"title\":\"T\",\"opens_on\":\"2025-09-01\",\"closes_on\":\"2025-08-31\","
	      "\"status\":\"draft\"}");
	assert_int_equal(baseline_campaign_check(j, NULL, "", &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "closes_on");
	json_decref(j);
	err_clear(&e);
	j = J("{\"id\":\"c\",\"catalogue\":\"t\",\"title\":\"T\",\"opens_on\":\"2025-09-01\",\"closes_on\":\"2025-09-30\","
	      "\"status\":\"frozen\"}");
	assert_int_equal(baseline_campaign_check(j, NULL, "", &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "status");
	json_decref(j);
}

/*
 * Six members, area A scores (mean of a1, a2; n/a excluded):
 *   m1 (1,1)=1  m2 (2,2)=2  m3 (1,3)=2  m4 (3,3)=3  m5 (4,n/a)=4  m6 (5,5)=5
 * sorted 1 2 2 3 4 5, n = 6, type-7 quantiles at h = (n-1)p:
 *   median h=2.5: x3 + .5(x4-x3) = 2 + .5 = 2.5
 *   q1     h=1.25: x2 + .25(x3-x2) = 2
 *   q3     h=3.75: x4 + .75(x5-x4) = 3.75
 * m4's percentile: 3 below, 1 equal: (3 + .5)/6 = 58.33 -> 58.3
 * m2's percentile: 1 below, 2 equal: (1 + 1)/6 = 33.33 -> 33.3
 * Area B (b1) is answered by m1..m4 only: suppressed (4 < 5).
 */
static json_t *six_members(bool fifth_b)
{
	char buf[2048];
	snprintf(buf, sizeof buf,
		 "[{\"member\":\"m1\",\"catalogue\":\"t\",\"items\":[{\"item\":\"a1\",\"maturity\":1},{\"item\":\"a2\",\"maturity\":1},{\"item\":\"b1\",\"maturity\":2}]},"
		 "{\"member\":\"m2\",\"catalogue\":\"t\",\"items\":[{\"item\":\"a1\",\"maturity\":2},{\"item\":\"a2\",\"maturity\":2},{\"item\":\"b1\",\"maturity\":3}]},"
		 "{\"member\":\"m3\",\"catalogue\":\"t\",\"items\":[{\"item\":\"a1\",\"maturity\":1},{\"item\":\"a2\",\"maturity\":3},{\"item\":\"b1\",\"maturity\":3}]},"
		 "{\"member\":\"m4\",\"catalogue\":\"t\",\"items\":[{\"item\":\"a1\",\"maturity\":3},{\"item\":\"a2\",\"maturity\":3},{\"item\":\"b1\",\"maturity\":5}]},"
		 "{\"member\":\"m5\",\"catalogue\":\"t\",\"items\":[{\"item\":\"a1\",\"maturity\":4},{\"item\":\"a2\",\"not_applicable\":true}%s]},"
		 "{\"member\":\"m6\",\"catalogue\":\"t\",\"items\":[{\"item\":\"a1\",\"maturity\":5},{\"item\":\"a2\",\"maturity\":5},{\"item\":\"b1\",\"not_applicable\":true}]}]",
		 fifth_b ? ",{\"item\":\"b1\",\"maturity\":0}" : "");
	return J(buf);
}

static void test_feedback_hand_worked(void **state)
{
	(void)state;
	struct errinfo e = {0};
	json_t *cat = J(CAT), *answers = six_members(false), *out = NULL;
	assert_int_equal(baseline_feedback(cat, answers, "m4", 5, &out, &e), 0);
	json_t *a = json_array_get(json_object_get(out, "areas"), 0);
	assert_string_equal(json_string_value(json_object_get(a, "area")), "A");
	assert_true(num(a, "member_score") == 3.0);
	json_t *sec = json_object_get(a, "sector");
	assert_int_equal(json_integer_value(json_object_get(sec, "members")), 6);
	assert_true(num(sec, "median") == 2.5);
	assert_true(num(sec, "q1") == 2.0);
	assert_true(num(sec, "q3") == 3.75);
	assert_true(num(a, "percentile") == 58.3);
	/* area B: four members answered it (m6 said n/a) -> suppressed, no count, no statistics */
	json_t *b = json_array_get(json_object_get(out, "areas"), 1);
	assert_true(json_is_true(json_object_get(b, "suppressed")));
	assert_string_equal(json_string_value(json_object_get(b, "members")), "fewer than 5");
	assert_null(json_object_get(b, "sector"));
	assert_null(json_object_get(b, "percentile"));
	assert_true(num(b, "member_score") == 5.0); /* the member's own answer */
	json_decref(out);

	assert_int_equal(baseline_feedback(cat, answers, "m2", 5, &out, &e), 0);
	a = json_array_get(json_object_get(out, "areas"), 0);
	assert_true(num(a, "member_score") == 2.0);
	assert_true(num(a, "percentile") == 33.3);
	json_decref(out);

	/* m5's area score uses a1 only (a2 not applicable): 4 -> (4 below + .5)/6 = 75 */
	assert_int_equal(baseline_feedback(cat, answers, "m5", 5, &out, &e), 0);
	a = json_array_get(json_object_get(out, "areas"), 0);
	assert_true(num(a, "member_score") == 4.0);
	assert_true(num(a, "percentile") == 75.0);
	b = json_array_get(json_object_get(out, "areas"), 1);
	assert_true(json_is_null(json_object_get(b, "member_score")));
	json_decref(out);
	json_decref(answers);

	/* a fifth member answers B: now shown.  B: 2,3,3,5,0 -> 0 2 3 3 5: median 3, q1 2, q3 3 */
	answers = six_members(true);
	assert_int_equal(baseline_feedback(cat, answers, "m4", 5, &out, &e), 0);
	b = json_array_get(json_object_get(out, "areas"), 1);
	assert_null(json_object_get(b, "suppressed"));
	sec = json_object_get(b, "sector");
	assert_int_equal(json_integer_value(json_object_get(sec, "members")), 5);
	assert_true(num(sec, "median") == 3.0);
	assert_true(num(sec, "q1") == 2.0);
	assert_true(num(sec, "q3") == 3.0);
	assert_true(num(b, "percentile") == 90.0); /* 4 below, 1 equal: 4.5/5 */
	json_decref(out);
	json_decref(answers);
	json_decref(cat);
}

static void test_feedback_errors(void **state)
{
	(void)state;
	struct errinfo e = {0};
	json_t *cat = J(CAT), *answers = six_members(false), *out = NULL;
	assert_int_equal(baseline_feedback(cat, answers, "m9", 5, &out, &e), ERR_NOTFOUND);
	assert_string_equal(e.field, "member");
	err_clear(&e);
	assert_int_equal(baseline_feedback(cat, answers, "m1", 0, &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "min_group");
	json_decref(answers);
	err_clear(&e);
	answers = J("[{\"member\":\"m1\",\"catalogue\":\"t\",\"items\":[]},{\"member\":\"m1\",\"catalogue\":\"t\",\"items\":[]}]");
	assert_int_equal(baseline_aggregate(cat, answers, 5, &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "answers[1].member");
	json_decref(answers);
	err_clear(&e);
	answers = J("[{\"member\":\"m1\",\"catalogue\":\"t\",\"items\":[{\"item\":\"zz\",\"maturity\":1}]}]");
	assert_int_equal(baseline_aggregate(cat, answers, 5, &out, &e), ERR_INVALID);
	assert_string_equal(e.field, "answers[0].items[0].item");
	json_decref(answers);
	json_decref(cat);
}

/* n members all rating every item of the small catalogue at level l[i]. */
static json_t *members_at(size_t n, const int *l)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		char buf[400];
		snprintf(buf, sizeof buf,
			 "{\"member\":\"org-%zu\",\"catalogue\":\"t\",\"items\":[{\"item\":\"a1\",\"maturity\":%d},"
			 "{\"item\":\"a2\",\"maturity\":%d},{\"item\":\"b1\",\"maturity\":%d}]}",
			 i, l[i], l[i], l[i]);
		json_array_append_new(arr, J(buf));
	}
	return arr;
}

/* 4 members: everything suppressed and no count below 5 appears; 5 members: shown. */
static void test_aggregate_4_vs_5(void **state)
{
	(void)state;
	static const char *const skip[] = {"scale", "min_group", NULL};
	static const int levels[] = {1, 2, 3, 4, 2};
	struct errinfo e = {0};
	json_t *cat = J(CAT), *out = NULL;
	json_t *answers = members_at(4, levels);
	assert_int_equal(baseline_aggregate(cat, answers, 5, &out, &e), 0);
	assert_string_equal(json_string_value(json_object_get(out, "members")), "fewer than 5");
	json_t *areas = json_object_get(out, "areas");
	for (size_t i = 0; i < json_array_size(areas); i++) {
		json_t *a = json_array_get(areas, i);
		assert_true(json_is_true(json_object_get(a, "suppressed")));
		assert_string_equal(json_string_value(json_object_get(a, "members")), "fewer than 5");
		assert_null(json_object_get(a, "median"));
		assert_null(json_object_get(a, "items"));
	}
	assert_no_small_count(out, skip);
	json_decref(out);
	/* the feedback of one of the four: no sector figures, no percentile */
	assert_int_equal(baseline_feedback(cat, answers, "org-0", 5, &out, &e), 0);
	static const char *const skip_fb[] = {"min_group", "member_score", "items_answered", "items_total", NULL};
	assert_no_small_count(out, skip_fb);
	assert_null(json_object_get(json_array_get(json_object_get(out, "areas"), 0), "percentile"));
	json_decref(out);
	json_decref(answers);

	/* five: levels 1 2 3 4 2 -> sorted 1 2 2 3 4: median 2, q1 2, q3 3; every level count is 1 or 2 */
	answers = members_at(5, levels);
	assert_int_equal(baseline_aggregate(cat, answers, 5, &out, &e), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "members")), 5);
	json_t *a = json_array_get(json_object_get(out, "areas"), 0);
	assert_int_equal(json_integer_value(json_object_get(a, "members")), 5);
	assert_true(num(a, "median") == 2.0);
	assert_true(num(a, "q1") == 2.0);
	assert_true(num(a, "q3") == 3.0);
	json_t *it = json_array_get(json_object_get(a, "items"), 0);
	assert_int_equal(json_integer_value(json_object_get(it, "members")), 5);
	json_t *d = json_object_get(it, "distribution");
	assert_int_equal(json_integer_value(json_object_get(d, "0")), 0);
	assert_string_equal(json_string_value(json_object_get(d, "1")), "suppressed");
	assert_string_equal(json_string_value(json_object_get(d, "2")), "suppressed");
	assert_int_equal(json_integer_value(json_object_get(d, "5")), 0);
	assert_no_small_count(out, skip);
	json_decref(out);
	json_decref(answers);
	json_decref(cat);
}

/*
 * Level distributions: 7 members at 3,3,3,3,3,4,4 -> level 4 (2) is
 * suppressed; 7 - 5 = 2 would reveal it, so level 3 (5) is suppressed too.
 * 10 members 2x5, 3x4, 4x1 -> levels 3 and 4 suppressed (together 5): 2 shown.
 */
static void test_distribution_secondary(void **state)
{
	(void)state;
	static const int seven[] = {3, 3, 3, 3, 3, 4, 4};
	static const int ten[] = {2, 2, 2, 2, 2, 3, 3, 3, 3, 4};
	struct errinfo e = {0};
	json_t *cat = J(CAT), *out = NULL, *answers = members_at(7, seven);
	assert_int_equal(baseline_aggregate(cat, answers, 5, &out, &e), 0);
	json_t *d = json_object_get(json_array_get(json_object_get(json_array_get(json_object_get(out, "areas"), 0), "items"), 0),
				    "distribution");
	assert_string_equal(json_string_value(json_object_get(d, "3")), "suppressed");
	assert_string_equal(json_string_value(json_object_get(d, "4")), "suppressed");
	assert_int_equal(json_integer_value(json_object_get(d, "2")), 0);
	json_decref(out);
	json_decref(answers);

	answers = members_at(10, ten);
	assert_int_equal(baseline_aggregate(cat, answers, 5, &out, &e), 0);
	d = json_object_get(json_array_get(json_object_get(json_array_get(json_object_get(out, "areas"), 0), "items"), 0),
			    "distribution");
	assert_int_equal(json_integer_value(json_object_get(d, "2")), 5);
	assert_string_equal(json_string_value(json_object_get(d, "3")), "suppressed");
	assert_string_equal(json_string_value(json_object_get(d, "4")), "suppressed");
	static const char *const skip[] = {"scale", "min_group", NULL};
	assert_no_small_count(out, skip);
	json_decref(out);
	json_decref(answers);
	json_decref(cat);
}

/* No member id in the aggregate; the shipped catalogue works end to end. */
static void test_aggregate_no_member_ids(void **state)
{
	(void)state;
	struct errinfo e = {0};
	json_t *cat = NULL, *out = NULL;
	assert_int_equal(baseline_catalogue_builtin("nis2-art21", &cat, &e), 0);
	json_t *answers = json_array();
	for (int i = 0; i < 6; i++) {
		char buf[300];
		snprintf(buf, sizeof buf,
			 "{\"member\":\"medlem-%d\",\"catalogue\":\"nis2-art21\",\"items\":[{\"item\":\"21(2)(b)\","
			 "\"maturity\":%d,\"evidence\":\"HEMMELIG-%d\"}]}",
			 i, i % 4, i);
		json_array_append_new(answers, J(buf));
	}
	assert_int_equal(baseline_aggregate(cat, answers, 5, &out, &e), 0);
	char *s = json_dumps(out, 0);
	assert_null(strstr(s, "medlem"));
	assert_null(strstr(s, "HEMMELIG"));
	free(s);
	json_t *b = json_array_get(json_object_get(out, "areas"), 1);
	assert_int_equal(json_integer_value(json_object_get(b, "members")), 6);
	assert_true(json_is_true(json_object_get(json_array_get(json_object_get(out, "areas"), 0), "suppressed")));
	json_decref(out);
	json_decref(answers);
	json_decref(cat);
}

static void test_stats_helpers(void **state)
{
	(void)state;
	static const double x[] = {10, 20, 30, 40};
	/* h = 3p: p=.5 -> 20 + .5*10 = 25; p=.25 -> 10 + .75*10 = 17.5 */
	assert_true(baseline_quantile(x, 4, 0.5) == 25.0);
	assert_true(baseline_quantile(x, 4, 0.25) == 17.5);
	assert_true(baseline_quantile(x, 4, 1.0) == 40.0);
	assert_true(baseline_quantile(x, 1, 0.75) == 10.0);
	assert_true(baseline_percentile_rank(x, 4, 30) == 62.5);
	assert_true(baseline_round(2.345, 2) == 2.35 || baseline_round(2.345, 2) == 2.34);
	assert_true(baseline_round(58.3333, 1) == 58.3);
	assert_string_equal(baseline_maturity_name(2), "gentagelig");
	assert_string_equal(baseline_maturity_name_en(5), "optimised");
	assert_null(baseline_maturity_name(6));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_catalogues),   cmocka_unit_test(test_catalogue_check),
		cmocka_unit_test(test_answer_check),         cmocka_unit_test(test_campaign_check),
		cmocka_unit_test(test_feedback_hand_worked), cmocka_unit_test(test_feedback_errors),
		cmocka_unit_test(test_aggregate_4_vs_5),     cmocka_unit_test(test_distribution_secondary),
		cmocka_unit_test(test_aggregate_no_member_ids), cmocka_unit_test(test_stats_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
