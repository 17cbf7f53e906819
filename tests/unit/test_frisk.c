/*
 * test_frisk.c — the forum risk register against hand-worked cases.  The
 * default matrix is written out below as the specification; every ordering
 * and count is worked out in the comments, not by the code under test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "date.h"
#include "frisk.h"
/* inputs override a field by repeating its key: the later wins */
#define JCHECK_J_FLAGS 0
#include "jcheck.h"

/* ---- helpers (and jcheck.h) -------------------------------------------- */

static int32_t D(const char *s)
{
	int32_t d;
	assert_int_equal(date_parse(s, &d), 0);
	return d;
}

static void assert_date(int32_t d, const char *want)
{
	char buf[11];
	date_format(d, buf);
	assert_string_equal(buf, want);
}

static void expect_fail(int rc, const struct errinfo *e, int code, const char *field)
{
	if (rc != code || strcmp(e->field, field))
		fail_msg("got %d at \"%s\" (%s), want %d at \"%s\"", rc, e->field, e->message, code, field);
}

static json_t *risk_ok(const char *text, json_t *scale, json_t *old)
{
	json_t *body = J(text), *copy = json_deep_copy(body), *out = NULL;
	struct errinfo e = {0};
	int rc = frisk_risk_check(body, "", scale, old, &out, &e);
	if (rc)
		fail_msg("frisk_risk_check: %d at \"%s\": %s", rc, e.field, e.message);
	assert_true(json_equal(body, copy));
	json_decref(body);
	json_decref(copy);
	return out;
}

static void risk_fails(const char *text, json_t *scale, json_t *old, int code, const char *field)
{
	json_t *body = J(text), *out = NULL;
	struct errinfo e = {0};
	expect_fail(frisk_risk_check(body, "", scale, old, &out, &e), &e, code, field);
	assert_null(out);
	json_decref(body);
}

/* ---- the scale -------------------------------------------------------- */

/* The shipped scale: labels, four levels, six-month refresh; it checks as it is. */
static void test_default_scale(void **state)
{
	(void)state;
	json_t *s = frisk_scale_default(), *again = NULL;
	struct errinfo e = {0};
	assert_int_equal(frisk_scale_check(s, "", &again, &e), 0);
	assert_true(json_equal(s, again));
	check_int(s, "refresh_months", 6);
	check_size(s, "likelihood", 5);
	check_size(s, "consequence", 5);
	check_str(s, "likelihood[0].da", "Meget usandsynlig");
	check_str(s, "likelihood[4].en", "Very likely");
	check_int(s, "likelihood[2].value", 3);
	check_str(s, "consequence[4].da", "Kritisk");
	check_str(s, "consequence[4].en", "Critical");
	check_size(s, "levels", 4);
	check_str(s, "levels[0].code", "Lav");
	check_str(s, "levels[2].code", "Høj");
	check_str(s, "levels[2].en", "High");
	check_str(s, "levels[3].en", "Critical");
	json_decref(again);
	json_decref(s);
}

/*
 * The default matrix, likelihood down (1..5), consequence across (1..5):
 *   L  L  L  M  H
 *   L  L  M  M  H
 *   L  M  M  H  K
 *   M  M  H  H  K
 *   M  H  H  K  K
 */
static void test_level_corners(void **state)
{
	(void)state;
	static const char *const want[5][5] = {{"Lav", "Lav", "Lav", "Medium", "Høj"},
					       {"Lav", "Lav", "Medium", "Medium", "Høj"},
					       {"Lav", "Medium", "Medium", "Høj", "Kritisk"},
					       {"Medium", "Medium", "Høj", "Høj", "Kritisk"},
					       {"Medium", "Høj", "Høj", "Kritisk", "Kritisk"}};
	struct errinfo e = {0};
	const char *code;
	json_t *def = frisk_scale_default();
	for (int l = 1; l <= 5; l++)
		for (int c = 1; c <= 5; c++) {
			assert_int_equal(frisk_level(NULL, l, c, &code, &e), 0);
			assert_string_equal(code, want[l - 1][c - 1]);
			assert_int_equal(frisk_level(def, l, c, &code, &e), 0);
			assert_string_equal(code, want[l - 1][c - 1]);
		}
	/* the corners, orientation made explicit: [likelihood][consequence] */
	assert_int_equal(frisk_level(NULL, 1, 1, &code, &e), 0);
	assert_string_equal(code, "Lav");
	assert_int_equal(frisk_level(NULL, 1, 5, &code, &e), 0);
	assert_string_equal(code, "Høj");
	assert_int_equal(frisk_level(NULL, 5, 1, &code, &e), 0);
	assert_string_equal(code, "Medium");
	assert_int_equal(frisk_level(NULL, 5, 5, &code, &e), 0);
	assert_string_equal(code, "Kritisk");
	expect_fail(frisk_level(NULL, 0, 3, &code, &e), &e, ERR_INVALID, "likelihood");
	err_clear(&e);
	expect_fail(frisk_level(NULL, 3, 6, &code, &e), &e, ERR_INVALID, "consequence");
	json_decref(def);
}

#define LABELS5                                                                                  \
	"[{\"da\":\"1\",\"en\":\"1\"},{\"da\":\"2\",\"en\":\"2\"},{\"da\":\"3\",\"en\":\"3\"}," \
	"{\"da\":\"4\",\"en\":\"4\"},{\"da\":\"5\",\"en\":\"5\"}]"
#define LEVELS3                                                                                           \
	"[{\"code\":\"low\",\"da\":\"Lav\",\"en\":\"Low\"},{\"code\":\"mid\",\"da\":\"Mellem\",\"en\":\"Medium\"}," \
	"{\"code\":\"high\",\"da\":\"Høj\",\"en\":\"High\"}]"
#define ROWS3                                                                                      \
	"[[\"low\",\"low\",\"low\",\"mid\",\"mid\"],[\"low\",\"low\",\"mid\",\"mid\",\"high\"],"       \
	"[\"low\",\"mid\",\"mid\",\"high\",\"high\"],[\"mid\",\"mid\",\"high\",\"high\",\"high\"],"    \
	"[\"mid\",\"high\",\"high\",\"high\",\"high\"]]"

static json_t *custom_scale(void)
{
	return J("{\"name\":\"3 niveauer\",\"likelihood\":" LABELS5 ",\"consequence\":" LABELS5
		 ",\"levels\":" LEVELS3 ",\"matrix\":" ROWS3 ",\"refresh_months\":12}");
}

/* A configured scale: its own codes, its own cycle; errors name the cell or label. */
static void test_custom_scale(void **state)
{
	(void)state;
	struct errinfo e = {0};
	json_t *s = custom_scale(), *out = NULL;
	const char *code;
	assert_int_equal(frisk_scale_check(s, "", &out, &e), 0);
	check_int(out, "likelihood[4].value", 5);
	check_int(out, "refresh_months", 12);
	json_decref(out);
	assert_int_equal(frisk_level(s, 1, 5, &code, &e), 0);
	assert_string_equal(code, "mid");
	assert_int_equal(frisk_level(s, 5, 5, &code, &e), 0);
	assert_string_equal(code, "high");

	static const struct {
		const char *text, *field;
	} bad[] = {
		/* matrix[2][3] lower than matrix[2][2] (the cell to its left) */
		{"{\"likelihood\":" LABELS5 ",\"consequence\":" LABELS5 ",\"levels\":" LEVELS3
		 ",\"matrix\":[[\"low\",\"low\",\"low\",\"low\",\"low\"],[\"low\",\"low\",\"low\",\"low\",\"low\"],"
		 "[\"low\",\"low\",\"mid\",\"low\",\"mid\"],[\"mid\",\"mid\",\"mid\",\"mid\",\"mid\"],"
		 "[\"high\",\"high\",\"high\",\"high\",\"high\"]]}",
		 "matrix[2][3]"},
		/* matrix[1][0] lower than matrix[0][0] (the cell below it) */
		{"{\"likelihood\":" LABELS5 ",\"consequence\":" LABELS5 ",\"levels\":" LEVELS3
		 ",\"matrix\":[[\"mid\",\"mid\",\"mid\",\"mid\",\"mid\"],[\"low\",\"mid\",\"mid\",\"mid\",\"mid\"],"
		 "[\"mid\",\"mid\",\"mid\",\"mid\",\"mid\"],[\"mid\",\"mid\",\"mid\",\"mid\",\"mid\"],"
		 "[\"mid\",\"mid\",\"mid\",\"mid\",\"mid\"]]}",
		 "matrix[1][0]"},
		{"{\"likelihood\":" LABELS5 ",\"consequence\":" LABELS5 ",\"levels\":" LEVELS3
		 ",\"matrix\":[[\"low\",\"Lav\",\"low\",\"low\",\"low\"],[],[],[],[]]}",
		 "matrix[0][1]"},
		{"{\"likelihood\":" LABELS5 ",\"consequence\":" LABELS5 ",\"levels\":" LEVELS3
		 ",\"matrix\":[[\"low\",\"low\",\"low\",\"low\"]]}",
		 "matrix"},
		{"{\"likelihood\":[{\"da\":\"1\",\"en\":\"1\"}],\"consequence\":" LABELS5 ",\"levels\":" LEVELS3
		 ",\"matrix\":" ROWS3 "}",
		 "likelihood"},
		{"{\"likelihood\":" LABELS5 ",\"consequence\":[{\"da\":\"1\",\"en\":\"1\"},{\"da\":\"2\",\"en\":\"2\"},"
		 "{\"da\":\"3\"},{\"da\":\"4\",\"en\":\"4\"},{\"da\":\"5\",\"en\":\"5\"}],\"levels\":" LEVELS3
		 ",\"matrix\":" ROWS3 "}",
		 "consequence[2].en"},
		{"{\"likelihood\":" LABELS5 ",\"consequence\":" LABELS5
		 ",\"levels\":[{\"code\":\"low\",\"da\":\"a\",\"en\":\"a\"},{\"code\":\"low\",\"da\":\"b\",\"en\":\"b\"}],"
		 "\"matrix\":" ROWS3 "}",
		 "levels[1].code"},
		{"{\"likelihood\":" LABELS5 ",\"consequence\":" LABELS5 ",\"levels\":" LEVELS3 ",\"matrix\":" ROWS3
		 ",\"refresh_months\":0}",
		 "refresh_months"},
		{"{\"likelihood\":" LABELS5 ",\"consequence\":" LABELS5 ",\"levels\":" LEVELS3 ",\"matrix\":" ROWS3
		 ",\"colours\":[]}",
		 "colours"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *b = J(bad[i].text);
		err_clear(&e);
		expect_fail(frisk_scale_check(b, "", &out, &e), &e, ERR_INVALID, bad[i].field);
		assert_null(out);
		json_decref(b);
	}
	/* a bad scale handed to another function is named as "scale…" */
	json_t *b = J(bad[0].text);
	err_clear(&e);
	expect_fail(frisk_level(b, 1, 1, &code, &e), &e, ERR_INVALID, "scale.matrix[2][3]");
	json_decref(b);
	json_decref(s);
}

/* ---- risks ------------------------------------------------------------ */

#define RISK                                                                                                  \
	"{\"id\":\"R1\",\"title\":\"Ransomware i datacentral\",\"category\":\"cyber\","                         \
	"\"sources\":[{\"kind\":\"dependency\",\"ref\":\"map:dc-1\"},{\"kind\":\"incident\",\"ref\":\"inc-2026-7\"," \
	"\"note\":\"Delt af bank-a\"},{\"kind\":\"threat\",\"ref\":\"CFCS 2026\"},{\"kind\":\"survey\",\"ref\":"  \
	"\"survey-2026:q3\"},{\"kind\":\"other\",\"note\":\"Drøftet på FSOR-møde\"}],"                            \
	"\"likelihood\":3,\"consequence\":4,\"rated_on\":\"2026-02-10\",\"rationale\":\"Flere hændelser\""

static void test_risk_check(void **state)
{
	(void)state;
	json_t *r = risk_ok(RISK "}", NULL, NULL);
	check_int(r, "score", 12);
	check_str(r, "level", "Høj"); /* cell (3,4) */
	check_str(r, "owner", "secretariat");
	check_null(r, "description");
	check_null(r, "by");
	check_size(r, "sources", 5);
	check_str(r, "sources[1].kind", "incident");
	check_str(r, "sources[1].note", "Delt af bank-a");
	check_null(r, "sources[0].note");
	check_null(r, "sources[4].ref");
	check_size(r, "history", 1);
	check_str(r, "history[0].rated_on", "2026-02-10");
	check_int(r, "history[0].likelihood", 3);
	check_str(r, "history[0].level", "Høj");
	check_str(r, "history[0].rationale", "Flere hændelser");
	json_decref(r);

	risk_fails(RISK ",\"likelihood\":6}", NULL, NULL, ERR_INVALID, "likelihood");
	risk_fails("{\"id\":\"R1\",\"title\":\"t\",\"likelihood\":3,\"rated_on\":\"2026-02-10\"}", NULL, NULL,
		   ERR_INVALID, "consequence");
	risk_fails("{\"id\":\"R1\",\"title\":\"t\",\"likelihood\":3,\"consequence\":2,\"rated_on\":\"2026-02-30\"}",
		   NULL, NULL, ERR_INVALID, "rated_on");
	risk_fails("{\"id\":\"R1\",\"title\":\"t\",\"likelihood\":3,\"consequence\":2,\"rated_on\":\"2026-02-10\","
		   "\"sources\":[{\"kind\":\"threat\",\"ref\":\"a\"},{\"kind\":\"rumour\",\"ref\":\"b\"}]}",
		   NULL, NULL, ERR_INVALID, "sources[1].kind");
	risk_fails("{\"id\":\"R1\",\"title\":\"t\",\"likelihood\":3,\"consequence\":2,\"rated_on\":\"2026-02-10\","
		   "\"sources\":[{\"kind\":\"incident\",\"note\":\"no ref\"}]}",
		   NULL, NULL, ERR_INVALID, "sources[0].ref");
	risk_fails("{\"id\":\"R1\",\"title\":\"t\",\"likelihood\":3,\"consequence\":2,\"rated_on\":\"2026-02-10\","
		   "\"sources\":[{\"kind\":\"other\"}]}",
		   NULL, NULL, ERR_INVALID, "sources[0].note");
	risk_fails("{\"id\":\"R1\",\"title\":\"t\",\"likelihood\":3,\"consequence\":2,\"rated_on\":\"2026-02-10\","
		   "\"sources\":[{\"kind\":\"threat\",\"ref\":\"a\"},{\"kind\":\"threat\",\"ref\":\"a\"}]}",
		   NULL, NULL, ERR_INVALID, "sources[1].ref");
	risk_fails(RISK ",\"impact\":3}", NULL, NULL, ERR_INVALID, "impact");
	risk_fails("{\"title\":\"t\",\"likelihood\":3,\"consequence\":2,\"rated_on\":\"2026-02-10\"}", NULL, NULL,
		   ERR_INVALID, "id");
	/* history out of date order */
	risk_fails(RISK ",\"history\":[{\"rated_on\":\"2026-02-01\",\"likelihood\":2,\"consequence\":2},"
		   "{\"rated_on\":\"2026-01-01\",\"likelihood\":2,\"consequence\":3}]}",
		   NULL, NULL, ERR_INVALID, "history[1].rated_on");
	/* a current rating dated before the last history entry */
	risk_fails(RISK ",\"history\":[{\"rated_on\":\"2026-03-01\",\"likelihood\":2,\"consequence\":2}]}", NULL, NULL,
		   ERR_INVALID, "rated_on");
}

/* The normalised risk is a fixed point of the check. */
static void test_risk_round_trip(void **state)
{
	(void)state;
	json_t *r = risk_ok(RISK "}", NULL, NULL), *again = NULL;
	struct errinfo e = {0};
	assert_int_equal(frisk_risk_check(r, "", NULL, NULL, &again, &e), 0);
	assert_true(json_equal(r, again));
	json_decref(again);
	/* and as an edit of itself (old = itself) nothing is appended */
	assert_int_equal(frisk_risk_check(r, "", NULL, r, &again, &e), 0);
	assert_true(json_equal(r, again));
	json_decref(again);
	json_decref(r);
}

/* Re-rating appends and never rewrites; an edit through the check does the same. */
static void test_rerate_keeps_history(void **state)
{
	(void)state;
	struct errinfo e = {0};
	json_t *r1 = risk_ok(RISK "}", NULL, NULL), *r2 = NULL, *r3 = NULL, *x = NULL;
	json_t *first = json_deep_copy(at(r1, "history[0]"));

	json_t *rating = J("{\"likelihood\":4,\"consequence\":5,\"rated_on\":\"2026-08-10\",\"rationale\":\"Ny trussel\","
			   "\"by\":\"FSOR\"}");
	assert_int_equal(frisk_rerate(r1, rating, D("2026-09-01"), NULL, &r2, &e), 0);
	check_int(r2, "likelihood", 4);
	check_int(r2, "score", 20);
	check_str(r2, "level", "Kritisk");
	check_str(r2, "rated_on", "2026-08-10");
	check_str(r2, "rationale", "Ny trussel");
	check_size(r2, "history", 2);
	assert_true(json_equal(at(r2, "history[0]"), first));
	check_str(r2, "history[1].level", "Kritisk");
	check_str(r2, "history[1].by", "FSOR");
	check_str(r2, "title", "Ransomware i datacentral");
	json_decref(rating);

	/* a refresh that confirms the rating is recorded too; rated_on defaults to today */
	rating = J("{\"likelihood\":4,\"consequence\":5}");
	assert_int_equal(frisk_rerate(r2, rating, D("2027-02-01"), NULL, &r3, &e), 0);
	check_size(r3, "history", 3);
	check_str(r3, "history[2].rated_on", "2027-02-01");
	check_str(r3, "rated_on", "2027-02-01");
	check_null(r3, "rationale");
	assert_true(json_equal(at(r3, "history[0]"), first));
	json_decref(rating);
	/* even on the same day with the same figures: an explicit re-rating is an event of its own */
	rating = J("{\"likelihood\":4,\"consequence\":5,\"rationale\":\"Bekræftet på mødet\"}");
	assert_int_equal(frisk_rerate(r3, rating, D("2027-02-01"), NULL, &x, &e), 0);
	check_size(x, "history", 4);
	check_str(x, "history[3].rationale", "Bekræftet på mødet");
	check_null(x, "history[2].rationale");
	json_decref(x);
	x = NULL;
	json_decref(rating);

	/* before the last rating, or after today: refused */
	rating = J("{\"likelihood\":2,\"consequence\":2,\"rated_on\":\"2027-01-31\"}");
	expect_fail(frisk_rerate(r3, rating, D("2027-03-01"), NULL, &x, &e), &e, ERR_INVALID, "rated_on");
	assert_null(x);
	json_decref(rating);
	err_clear(&e);
	rating = J("{\"likelihood\":2,\"consequence\":2,\"rated_on\":\"2027-03-02\"}");
	expect_fail(frisk_rerate(r3, rating, D("2027-03-01"), NULL, &x, &e), &e, ERR_INVALID, "rated_on");
	json_decref(rating);
	err_clear(&e);
	rating = J("{\"likelihood\":2}");
	expect_fail(frisk_rerate(r3, rating, D("2027-03-01"), NULL, &x, &e), &e, ERR_INVALID, "consequence");
	json_decref(rating);
	err_clear(&e);

	/* an edit of the stored risk that changes the rating appends to the stored history */
	json_t *edit = json_deep_copy(r3);
	json_object_set_new(edit, "consequence", json_integer(3));
	json_object_set_new(edit, "rated_on", json_string("2027-02-15"));
	json_object_set_new(edit, "title", json_string("Ransomware"));
	assert_int_equal(frisk_risk_check(edit, "", NULL, r3, &x, &e), 0);
	check_size(x, "history", 4);
	check_int(x, "history[3].consequence", 3);
	check_str(x, "history[3].level", "Høj"); /* (4,3) */
	check_str(x, "title", "Ransomware");
	json_decref(x);
	/* an edit without history takes the stored one */
	json_object_del(edit, "history");
	assert_int_equal(frisk_risk_check(edit, "", NULL, r3, &x, &e), 0);
	check_size(x, "history", 4);
	assert_true(json_equal(at(x, "history[0]"), first));
	json_decref(x);
	/* rewriting an entry, dropping one or changing the id: a conflict */
	json_t *tamper = json_deep_copy(r3);
	json_object_set_new(json_array_get(json_object_get(tamper, "history"), 1), "likelihood", json_integer(1));
	expect_fail(frisk_risk_check(tamper, "", NULL, r3, &x, &e), &e, ERR_CONFLICT, "history[1]");
	json_decref(tamper);
	err_clear(&e);
	tamper = json_deep_copy(r3);
	json_array_remove(json_object_get(tamper, "history"), 2);
	expect_fail(frisk_risk_check(tamper, "", NULL, r3, &x, &e), &e, ERR_CONFLICT, "history");
	json_decref(tamper);
	err_clear(&e);
	tamper = json_deep_copy(r3);
	json_object_set_new(tamper, "id", json_string("R2"));
	expect_fail(frisk_risk_check(tamper, "", NULL, r3, &x, &e), &e, ERR_CONFLICT, "id");
	json_decref(tamper);

	json_decref(edit);
	json_decref(first);
	json_decref(r1);
	json_decref(r2);
	json_decref(r3);
}

/* A change of scale re-derives the current level; history keeps the level it was rated at. */
static void test_history_survives_scale_change(void **state)
{
	(void)state;
	json_t *r = risk_ok(RISK "}", NULL, NULL), *s = custom_scale();
	json_t *x = risk_ok(RISK "}", s, NULL);
	check_str(x, "level", "high"); /* (3,4) on the custom scale */
	check_str(x, "history[0].level", "high");
	json_decref(x);
	struct errinfo e = {0};
	assert_int_equal(frisk_risk_check(r, "", s, NULL, &x, &e), 0);
	check_str(x, "level", "high");
	check_str(x, "history[0].level", "Høj");
	json_decref(x);
	json_decref(s);
	json_decref(r);
}

/* ---- refresh due ------------------------------------------------------ */

static void due_of(const char *rated_on, json_t *scale, const char *today, const char *want_due, int want_overdue)
{
	char buf[256];
	snprintf(buf, sizeof buf,
		 "{\"id\":\"R\",\"title\":\"t\",\"likelihood\":2,\"consequence\":2,\"rated_on\":\"%s\"}", rated_on);
	json_t *r = J(buf);
	int32_t due;
	bool overdue;
	struct errinfo e = {0};
	assert_int_equal(frisk_due(r, scale, D(today), &due, &overdue, &e), 0);
	assert_date(due, want_due);
	assert_int_equal(overdue, want_overdue);
	json_decref(r);
}

static void test_due_month_ends(void **state)
{
	(void)state;
	due_of("2026-08-31", NULL, "2027-02-28", "2027-02-28", 0); /* due on the day: not overdue */
	due_of("2026-08-31", NULL, "2027-03-01", "2027-02-28", 1);
	due_of("2027-08-31", NULL, "2027-09-01", "2028-02-29", 0); /* leap year */
	due_of("2026-03-31", NULL, "2026-10-01", "2026-09-30", 1);
	due_of("2026-12-31", NULL, "2026-12-31", "2027-06-30", 0);
	due_of("2026-01-15", NULL, "2026-07-15", "2026-07-15", 0);
	json_t *s = custom_scale(); /* refresh every 12 months */
	due_of("2028-02-29", s, "2029-03-01", "2029-02-28", 1);
	json_decref(s);
	json_t *r = J("{\"id\":\"R\",\"title\":\"t\",\"likelihood\":2,\"consequence\":2}");
	int32_t due;
	bool overdue;
	struct errinfo e = {0};
	expect_fail(frisk_due(r, NULL, 0, &due, &overdue, &e), &e, ERR_INVALID, "risk.rated_on");
	json_decref(r);
}

/* ---- measures --------------------------------------------------------- */

#define MEASURE                                                                                           \
	"{\"id\":\"M1\",\"risks\":[\"R1\",\"R2\"],\"title\":\"Fælles genopretningsøvelse\",\"decided_on\":" \
	"\"2026-03-01\",\"owner\":\"secretariat\",\"due\":\"2026-11-15\""

static void test_measure_check(void **state)
{
	(void)state;
	struct errinfo e = {0};
	json_t *b = J(MEASURE "}"), *m = NULL, *x = NULL;
	assert_int_equal(frisk_measure_check(b, "", NULL, &m, &e), 0);
	check_str(m, "status", "planned");
	check_int(m, "progress", 0);
	check_size(m, "updates", 0);
	check_null(m, "description");
	assert_int_equal(frisk_measure_check(m, "", NULL, &x, &e), 0);
	assert_true(json_equal(m, x));
	json_decref(x);
	json_decref(m);
	json_decref(b);

	b = J(MEASURE ",\"status\":\"done\"}");
	assert_int_equal(frisk_measure_check(b, "", NULL, &m, &e), 0);
	check_int(m, "progress", 100);
	json_decref(m);
	json_decref(b);

	static const struct {
		const char *text, *field;
	} bad[] = {
		{MEASURE ",\"status\":\"done\",\"progress\":50}", "progress"},
		{MEASURE ",\"progress\":101}", "progress"},
		{MEASURE ",\"status\":\"stalled\"}", "status"},
		{"{\"id\":\"M1\",\"risks\":[],\"title\":\"t\",\"decided_on\":\"2026-03-01\",\"owner\":\"dn\"}", "risks"},
		{"{\"id\":\"M1\",\"risks\":[\"R1\",\"R1\"],\"title\":\"t\",\"decided_on\":\"2026-03-01\",\"owner\":\"dn\"}",
		 "risks[1]"},
		{"{\"id\":\"M1\",\"risks\":[\"R1\"],\"title\":\"t\",\"decided_on\":\"2026-03-01\"}", "owner"},
		{MEASURE ",\"due\":\"2026-02-28\"}", "due"},
		{MEASURE ",\"updates\":[{\"date\":\"2026-02-01\",\"note\":\"før beslutningen\"}]}", "updates[0].date"},
		{MEASURE ",\"updates\":[{\"date\":\"2026-04-01\",\"progress\":10},{\"date\":\"2026-03-15\",\"progress\":5}]}",
		 "updates[1].date"},
		{MEASURE ",\"updates\":[{\"date\":\"2026-04-01\"}]}", "updates[0]"},
		{MEASURE ",\"updates\":[{\"date\":\"2026-04-01\",\"progress\":10,\"mood\":\"ok\"}]}", "updates[0].mood"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		b = J(bad[i].text);
		err_clear(&e);
		expect_fail(frisk_measure_check(b, "", NULL, &m, &e), &e, ERR_INVALID, bad[i].field);
		assert_null(m);
		json_decref(b);
	}

	/* updates are append-only against the stored version */
	json_t *old = J(MEASURE ",\"status\":\"in_progress\",\"progress\":20,\"updates\":["
			"{\"date\":\"2026-04-01\",\"progress\":20,\"status\":\"in_progress\",\"note\":\"Startet\"}]}");
	b = J(MEASURE ",\"status\":\"in_progress\",\"progress\":60,\"updates\":["
	      "{\"date\":\"2026-04-01\",\"progress\":20,\"status\":\"in_progress\",\"note\":\"Startet\"},"
	      "{\"date\":\"2026-06-01\",\"progress\":60,\"by\":\"bank-a\"}]}");
	err_clear(&e);
	assert_int_equal(frisk_measure_check(b, "", old, &m, &e), 0);
	check_size(m, "updates", 2);
	check_int(m, "progress", 60);
	json_decref(m);
	json_decref(b);
	b = J(MEASURE ",\"updates\":[{\"date\":\"2026-04-01\",\"progress\":30,\"status\":\"in_progress\","
	      "\"note\":\"Startet\"}]}");
	expect_fail(frisk_measure_check(b, "", old, &m, &e), &e, ERR_CONFLICT, "updates[0]");
	json_decref(b);
	err_clear(&e);
	b = J(MEASURE "}");
	expect_fail(frisk_measure_check(b, "", old, &m, &e), &e, ERR_CONFLICT, "updates");
	json_decref(b);
	err_clear(&e);
	b = J("{\"id\":\"M2\",\"risks\":[\"R1\"],\"title\":\"t\",\"decided_on\":\"2026-03-01\",\"owner\":\"dn\"}");
	expect_fail(frisk_measure_check(b, "", old, &m, &e), &e, ERR_CONFLICT, "id");
	json_decref(b);
	json_decref(old);
}

/* ---- the register ----------------------------------------------------- */

static json_t *risk_json(const char *id, int l, int c, const char *rated_on, const char *history)
{
	char buf[512];
	snprintf(buf, sizeof buf,
		 "{\"id\":\"%s\",\"title\":\"Risiko %s\",\"likelihood\":%d,\"consequence\":%d,\"rated_on\":\"%s\"%s%s}",
		 id, id, l, c, rated_on, history ? ",\"history\":" : "", history ? history : "");
	return J(buf);
}

/*
 * Default scale, today 2026-12-01:
 *   R1 (4,5) Kritisk 20, previously (3,5) Kritisk 15 -> up
 *   R2 (3,5) Kritisk 15, previously (3,5) -> same
 *   R3 (5,3) Høj 15,     previously (5,4) Kritisk 20 -> down
 *   R8 (3,4) Høj 12
 *   R4 (2,4) Medium 8    (ties R5 on level and score; higher consequence first)
 *   R5 (4,2) Medium 8
 *   R6 (5,1) Medium 5    rated 2026-06-01: due 2026-12-01, not overdue
 *   R7 (1,1) Lav 1       rated 2026-05-31: due 2026-11-30, one day overdue
 * Measures: M1 (R1, R2) in_progress 40 due 2026-11-15: 16 days overdue; M2 (R1) done; M3 (R1)
 * cancelled 10; M4 (R3, R9) planned — R9 is not in the register.
 * R1 progress: floor((40 + 100) / 2) = 70, cancelled left out; one open measure.
 */
static void test_register(void **state)
{
	(void)state;
	json_t *risks = json_array(), *measures = json_array(), *out = NULL;
	/* input order is not register order */
	json_array_append_new(risks, risk_json("R7", 1, 1, "2026-05-31", NULL));
	json_array_append_new(risks, risk_json("R5", 4, 2, "2026-09-01", NULL));
	json_array_append_new(risks, risk_json("R3", 5, 3, "2026-09-01",
					       "[{\"rated_on\":\"2026-03-01\",\"likelihood\":5,\"consequence\":4}]"));
	json_array_append_new(risks, risk_json("R1", 4, 5, "2026-09-01",
					       "[{\"rated_on\":\"2026-03-01\",\"likelihood\":3,\"consequence\":5},"
					       "{\"rated_on\":\"2026-09-01\",\"likelihood\":4,\"consequence\":5}]"));
	json_array_append_new(risks, risk_json("R4", 2, 4, "2026-09-01", NULL));
	json_array_append_new(risks, risk_json("R6", 5, 1, "2026-06-01", NULL));
	json_array_append_new(risks, risk_json("R8", 3, 4, "2026-09-01", NULL));
	json_array_append_new(risks, risk_json("R2", 3, 5, "2026-09-01",
					       "[{\"rated_on\":\"2026-03-01\",\"likelihood\":3,\"consequence\":5}]"));
	json_array_append_new(measures, J("{\"id\":\"M1\",\"risks\":[\"R1\",\"R2\"],\"title\":\"Øvelse\","
					  "\"decided_on\":\"2026-03-01\",\"owner\":\"secretariat\",\"due\":\"2026-11-15\","
					  "\"status\":\"in_progress\",\"progress\":40}"));
	json_array_append_new(measures, J("{\"id\":\"M2\",\"risks\":[\"R1\"],\"title\":\"Backup\","
					  "\"decided_on\":\"2026-03-01\",\"owner\":\"dc-1\",\"status\":\"done\"}"));
	json_array_append_new(measures, J("{\"id\":\"M3\",\"risks\":[\"R1\"],\"title\":\"Opgivet\","
					  "\"decided_on\":\"2026-03-01\",\"owner\":\"bank-a\",\"status\":\"cancelled\","
					  "\"progress\":10,\"due\":\"2026-04-01\"}"));
	json_array_append_new(measures, J("{\"id\":\"M4\",\"risks\":[\"R3\",\"R9\"],\"title\":\"Exit-plan\","
					  "\"decided_on\":\"2026-09-01\",\"owner\":\"secretariat\"}"));
	json_t *copy = json_deep_copy(risks);
	struct errinfo e = {0};
	assert_int_equal(frisk_register(risks, measures, NULL, D("2026-12-01"), 4, &out, &e), 0);
	assert_true(json_equal(risks, copy));

	static const char *const order[] = {"R1", "R2", "R3", "R8", "R4", "R5", "R6", "R7"};
	static const char *const level[] = {"Kritisk", "Kritisk", "Høj", "Høj", "Medium", "Medium", "Medium", "Lav"};
	check_size(out, "risks", 8);
	for (size_t i = 0; i < 8; i++) {
		char p[64];
		snprintf(p, sizeof p, "risks[%zu].id", i);
		check_str(out, p, order[i]);
		snprintf(p, sizeof p, "risks[%zu].level", i);
		check_str(out, p, level[i]);
		snprintf(p, sizeof p, "risks[%zu].position", i);
		check_int(out, p, (long long)i + 1);
	}
	check_int(out, "risks[0].score", 20);
	check_str(out, "risks[0].level_label.en", "Critical");
	check_str(out, "risks[0].consequence_label.da", "Kritisk");
	check_str(out, "risks[0].trend", "up");
	check_int(out, "risks[0].ratings", 2);
	check_int(out, "risks[0].previous.likelihood", 3);
	check_str(out, "risks[0].previous.level", "Kritisk");
	check_str(out, "risks[1].trend", "same");
	check_int(out, "risks[1].ratings", 2);
	check_str(out, "risks[2].trend", "down");
	check_str(out, "risks[2].previous.level", "Kritisk");
	check_str(out, "risks[3].trend", "new");
	check_null(out, "risks[3].previous");

	/* heat map [likelihood-1][consequence-1] */
	int want[5][5] = {{0}};
	want[3][4] = want[2][4] = want[4][2] = want[2][3] = want[1][3] = want[3][1] = want[4][0] = want[0][0] = 1;
	for (int l = 0; l < 5; l++)
		for (int c = 0; c < 5; c++) {
			char p[64];
			snprintf(p, sizeof p, "heat_map.counts[%d][%d]", l, c);
			check_int(out, p, want[l][c]);
		}
	check_str(out, "heat_map.matrix[0][4]", "Høj");
	check_str(out, "levels[0].code", "Lav");
	check_int(out, "levels[0].count", 1);
	check_int(out, "levels[1].count", 3);
	check_int(out, "levels[2].count", 2);
	check_int(out, "levels[3].count", 2);

	check_int(out, "top_n", 4);
	check_size(out, "top", 4);
	check_str(out, "top[3]", "R8");
	check_size(out, "top_without_open_measures", 1);
	check_str(out, "top_without_open_measures[0]", "R8");

	check_size(out, "overdue_refresh", 1);
	check_str(out, "overdue_refresh[0].id", "R7");
	check_str(out, "overdue_refresh[0].refresh_due", "2026-11-30");
	check_int(out, "overdue_refresh[0].days_overdue", 1);
	check_bool(out, "risks[7].refresh_overdue", 1);
	check_bool(out, "risks[6].refresh_overdue", 0);
	check_str(out, "risks[6].refresh_due", "2026-12-01");
	check_str(out, "risks[0].refresh_due", "2027-03-01");

	check_size(out, "risks[0].measures", 3);
	check_int(out, "risks[0].progress", 70);
	check_int(out, "risks[0].measures_open", 1);
	check_bool(out, "risks[0].measures[0].overdue", 1);
	check_bool(out, "risks[0].measures[2].overdue", 0); /* cancelled: never overdue */
	check_int(out, "risks[1].progress", 40);
	check_int(out, "risks[2].progress", 0);
	check_null(out, "risks[3].progress");
	check_size(out, "measures_overdue", 1);
	check_str(out, "measures_overdue[0].id", "M1");
	check_int(out, "measures_overdue[0].days_overdue", 16);
	check_size(out, "measures_unlinked", 1);
	check_str(out, "measures_unlinked[0].id", "M4");
	check_str(out, "measures_unlinked[0].missing_risks[0]", "R9");
	json_decref(out);

	/* top_n 0: the default of 10, capped at the register's size */
	assert_int_equal(frisk_register(risks, NULL, NULL, D("2026-12-01"), 0, &out, &e), 0);
	check_int(out, "top_n", 10);
	check_size(out, "top", 8);
	check_size(out, "top_without_open_measures", 8);
	json_decref(out);

	/* errors name the record */
	json_array_append_new(risks, risk_json("R4", 1, 1, "2026-09-01", NULL));
	expect_fail(frisk_register(risks, measures, NULL, D("2026-12-01"), 4, &out, &e), &e, ERR_CONFLICT,
		    "risks[8].id");
	assert_null(out);
	json_array_remove(risks, 8);
	json_object_set_new(json_array_get(risks, 2), "likelihood", json_integer(0));
	err_clear(&e);
	expect_fail(frisk_register(risks, measures, NULL, D("2026-12-01"), 4, &out, &e), &e, ERR_INVALID,
		    "risks[2].likelihood");
	json_decref(copy);
	copy = J("{\"id\":\"M1\"}");
	json_array_append_new(measures, copy);
	json_decref(risks);
	risks = json_array();
	err_clear(&e);
	expect_fail(frisk_register(risks, measures, NULL, D("2026-12-01"), 4, &out, &e), &e, ERR_INVALID,
		    "measures[4].title");
	json_decref(risks);
	json_decref(measures);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_scale),	  cmocka_unit_test(test_level_corners),
		cmocka_unit_test(test_custom_scale),	  cmocka_unit_test(test_risk_check),
		cmocka_unit_test(test_risk_round_trip),	  cmocka_unit_test(test_rerate_keeps_history),
		cmocka_unit_test(test_history_survives_scale_change), cmocka_unit_test(test_due_month_ends),
		cmocka_unit_test(test_measure_check),	  cmocka_unit_test(test_register),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
