/*
 * test_forum_export.c — the forum's export builders (forum_stix.c,
 * forum_misp.c) and the name-based UUIDs under them (uuid.c), on views made
 * by hand.  The expected ids were worked out with Python's uuid.uuid5, not
 * with the code under test; the TLP 2.0 marking ids are the OASIS
 * extension's.  What a reader's view holds is the forum's business and is
 * tested end to end (tests/cli/test_forum_export.sh).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "forum_export.h"
#include "uuid.h"
#include "jcheck.h"

#define GREEN "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
#define AMBER "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
#define RED "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"

/* A reader's view: a closed crisis, b1's status report on it, a risk citing b1's incident, a measure on the risk. */
static const char view_text[] =
	"{\"forum\": {\"id\": \"f\", \"name\": \"Forum\", \"secretariat\": \"sec\", \"created_at\": \"2026-01-01T00:00:00Z\"},"
	" \"reader\": \"b1\", \"orgs\": {\"sec\": \"Sekretariatet\", \"b1\": \"Bank 1\"},"
	" \"incidents\": [{\"ref\": \"b1/inc-1\", \"org\": \"b1\", \"org_name\": \"Bank 1\", \"incident\": \"inc-1\","
	"   \"title\": \"Kernesystem nede\", \"status\": \"closed\", \"occurred_at\": \"2026-10-30T07:50:00Z\","
	"   \"detected_at\": \"2026-10-30T08:30:00Z\", \"classified_at\": null, \"classification\": {\"dora\": \"major\"},"
	"   \"tlp\": \"AMBER\", \"shared_at\": \"2026-10-31T10:00:00Z\", \"recipients\": [\"sec\"]}],"
	" \"items\": ["
	"  {\"id\": \"c1\", \"kind\": \"crisis\", \"owner\": \"sec\", \"tlp\": \"GREEN\", \"created_at\": \"2026-11-02T08:00:00Z\","
	"   \"updated_at\": \"2026-11-02T09:00:00Z\", \"version\": 2,"
	"   \"body\": {\"title\": \"Udfald\", \"description\": \"Aarhus er nede\", \"severity\": \"Medium\", \"status\": \"closed\"}},"
	"  {\"id\": \"report-1\", \"kind\": \"report\", \"owner\": \"b1\", \"parent\": \"c1\", \"tlp\": \"AMBER\","
	"   \"recipients\": [\"sec\"], \"created_at\": \"2026-11-02T08:40:00Z\", \"updated_at\": \"2026-11-02T08:40:00Z\","
	"   \"version\": 1, \"body\": {\"cause\": \"strømsvigt\"}},"
	"  {\"id\": \"R1\", \"kind\": \"risk\", \"owner\": \"sec\", \"tlp\": \"PURPLE\", \"created_at\": \"2026-11-01T08:00:00Z\","
	"   \"updated_at\": \"2026-11-01T08:00:00Z\", \"version\": 1,"
	"   \"body\": {\"title\": \"Koncentration\", \"sources\": [{\"kind\": \"incident\", \"ref\": \"b1/inc-1\"},"
	"     {\"kind\": \"incident\", \"ref\": \"b9/hidden\"}]}},"
	"  {\"id\": \"M1\", \"kind\": \"measure\", \"owner\": \"sec\", \"tlp\": \"GREEN\", \"created_at\": \"2026-11-01T09:00:00Z\","
	"   \"updated_at\": \"2026-11-01T09:00:00Z\", \"version\": 1, \"body\": {\"title\": \"Exit\", \"risks\": [\"R1\", \"R9\"]}}"
	" ]}";

/* got equals the JSON text want (a missing value fails). */
static void jeq(const json_t *got, const char *want, int line)
{
	json_t *w = J(want);
	if (!got || !json_equal(got, w)) {
		char *g = got ? json_dumps(got, JSON_ENCODE_ANY) : NULL;
		fail_msg("line %d: got %s, want %s", line, g ? g : "(none)", want);
	}
	json_decref(w);
}
#define JEQ(got, want) jeq((got), (want), __LINE__)

static json_t *object_with(json_t *bundle, const char *key, const char *value)
{
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(bundle, "objects"), i, o)
	{
		const char *v = json_string_value(json_object_get(o, key));
		if (v && !strcmp(v, value))
			return o;
	}
	fail_msg("no object with %s %s", key, value);
	return NULL;
}

static void test_uuid_v5(void **state)
{
	(void)state;
	char u[UUID_LEN];
	/* RFC 9562 appendix A.4: the DNS namespace and www.example.com */
	assert_true(uuid_v5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com", u));
	assert_string_equal(u, "2ed6657d-e927-568b-95e1-2665a8aea6a2");
	assert_true(uuid_v5("6BA7B810-9DAD-11D1-80B4-00C04FD430C8", "www.example.com", u));
	assert_string_equal(u, "2ed6657d-e927-568b-95e1-2665a8aea6a2");
	assert_true(uuid_v5(FORUM_EXPORT_NS, "forum/f/item/crisis/c1", u));
	assert_string_equal(u, "accc1756-625c-5cbb-a10e-e31fdb121639");
	assert_false(uuid_v5("6ba7b810-9dad-11d1-80b4-00c04fd430c", "x", u));
	assert_string_equal(u, "");
	assert_false(uuid_v5("6ba7b810x9dad-11d1-80b4-00c04fd430c8", "x", u));
	assert_false(uuid_v5("6ba7b810-9dad-11d1-80b4-00c04fd430cg", "x", u));
}

static void test_stix_bundle(void **state)
{
	(void)state;
	struct errinfo e = {0};
	json_t *view = J(view_text), *b = NULL, *again = NULL;
	assert_int_equal(forum_stix_bundle(view, &b, &e), 0);
	JEQ(json_object_get(b, "type"), "\"bundle\"");
	JEQ(json_object_get(b, "id"), "\"bundle--40395f9c-c05b-5f67-931b-5709739f90b9\"");
	assert_null(json_object_get(b, "spec_version")); /* a 2.1 bundle has none */
	/* the markings in use, in the labels' order; an unknown label counts as RED */
	json_t *objs = json_object_get(b, "objects");
	JEQ(json_object_get(json_array_get(objs, 0), "id"), "\"" GREEN "\"");
	JEQ(json_object_get(json_array_get(objs, 1), "id"), "\"" AMBER "\"");
	JEQ(json_object_get(json_array_get(objs, 2), "id"), "\"" RED "\"");
	JEQ(json_object_get(json_array_get(objs, 2), "extensions"),
	    "{\"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d\":"
	    " {\"extension_type\": \"property-extension\", \"tlp_2_0\": \"red\"}}");
	/* forum, then the organisations by id */
	JEQ(json_object_get(json_array_get(objs, 3), "id"), "\"identity--90b5422b-2bcd-58d9-9669-759dd789acec\"");
	JEQ(json_object_get(json_array_get(objs, 4), "id"), "\"identity--a92fd2a7-bdca-52fa-8b7c-a3f6a8a7cce1\"");
	JEQ(json_object_get(json_array_get(objs, 5), "x_skjold_org"), "\"sec\"");
	assert_int_equal(json_array_size(objs), 3 + 3 + 1 + 4);

	json_t *inc = object_with(b, "x_skjold_ref", "b1/inc-1");
	JEQ(json_object_get(inc, "id"), "\"incident--8e15cc98-754c-5fb6-93fe-bf9e00a1e19a\"");
	JEQ(json_object_get(inc, "created"), "\"2026-10-31T10:00:00.000Z\"");
	JEQ(json_object_get(inc, "x_skjold_first_seen"), "\"2026-10-30T07:50:00.000Z\"");
	assert_null(json_object_get(inc, "x_skjold_classified_at")); /* null: left out */
	JEQ(json_object_get(inc, "created_by_ref"), "\"identity--a92fd2a7-bdca-52fa-8b7c-a3f6a8a7cce1\"");
	JEQ(json_object_get(inc, "object_marking_refs"), "[\"" AMBER "\"]");

	json_t *crisis = object_with(b, "x_skjold_kind", "crisis");
	JEQ(json_object_get(crisis, "id"), "\"incident--accc1756-625c-5cbb-a10e-e31fdb121639\"");
	JEQ(json_object_get(crisis, "modified"), "\"2026-11-02T09:00:00.000Z\"");
	JEQ(json_object_get(crisis, "name"), "\"Udfald\"");

	json_t *report = object_with(b, "x_skjold_kind", "report");
	JEQ(json_object_get(report, "type"), "\"note\"");
	JEQ(json_object_get(report, "content"), "\"strømsvigt\"");
	JEQ(json_object_get(report, "object_refs"), "[\"incident--accc1756-625c-5cbb-a10e-e31fdb121639\"]");
	JEQ(json_object_get(report, "x_skjold_recipients"), "[\"sec\"]");

	/* a risk points at the incidents it cites that the bundle has, not at one it does not */
	json_t *risk = object_with(b, "x_skjold_kind", "risk");
	JEQ(json_object_get(risk, "object_refs"), "[\"incident--8e15cc98-754c-5fb6-93fe-bf9e00a1e19a\"]");
	JEQ(json_object_get(risk, "object_marking_refs"), "[\"" RED "\"]");
	json_t *measure = object_with(b, "x_skjold_kind", "measure");
	json_t *refs = json_pack("[O]", json_object_get(risk, "id"));
	assert_true(json_equal(json_object_get(measure, "object_refs"), refs));
	json_decref(refs);

	/* the same view, the same bundle */
	assert_int_equal(forum_stix_bundle(view, &again, &e), 0);
	assert_true(json_equal(b, again));
	json_decref(again);
	json_decref(b);

	/* a view without its reader is refused */
	json_object_del(view, "reader");
	assert_int_equal(forum_stix_bundle(view, &b, &e), ERR_INVALID);
	assert_string_equal(e.field, "view");
	assert_null(b);
	json_decref(view);
}

static void test_stix_note_without_refs(void **state)
{
	(void)state;
	struct errinfo e = {0};
	/* a report whose crisis the reader does not see: about the forum, never about the hidden crisis */
	json_t *view = J("{\"forum\": {\"id\": \"f\", \"name\": \"Forum\", \"secretariat\": \"sec\","
			 " \"created_at\": \"2026-01-01T00:00:00Z\"}, \"reader\": \"b1\", \"orgs\": {}, \"incidents\": [],"
			 " \"items\": [{\"id\": \"r\", \"kind\": \"report\", \"owner\": \"b1\", \"parent\": \"hidden\","
			 " \"tlp\": \"AMBER+STRICT\", \"created_at\": \"2026-11-02T08:40:00Z\", \"body\": {}}]}");
	json_t *b = NULL;
	assert_int_equal(forum_stix_bundle(view, &b, &e), 0);
	json_t *note = object_with(b, "x_skjold_kind", "report");
	JEQ(json_object_get(note, "object_refs"), "[\"identity--90b5422b-2bcd-58d9-9669-759dd789acec\"]");
	JEQ(json_object_get(note, "modified"), "\"2026-11-02T08:40:00.000Z\"");
	JEQ(json_object_get(note, "content"), "\"report r\"");
	JEQ(json_object_get(note, "object_marking_refs"), "[\"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003\"]");
	assert_null(json_object_get(note, "x_skjold_body")); /* an empty body says nothing */
	json_decref(b);
	json_decref(view);
}

static void test_misp_event(void **state)
{
	(void)state;
	struct errinfo e = {0};
	json_t *view = J(view_text), *m = NULL;
	assert_int_equal(forum_misp_event(view, "2026-11-02", &m, &e), 0);
	json_t *ev = json_object_get(m, "Event");
	JEQ(json_object_get(ev, "uuid"), "\"40395f9c-c05b-5f67-931b-5709739f90b9\"");
	JEQ(json_object_get(ev, "date"), "\"2026-11-02\"");
	JEQ(json_object_get(ev, "distribution"), "\"0\"");
	JEQ(json_object_get(ev, "threat_level_id"), "\"2\""); /* a Medium crisis */
	JEQ(json_object_get(ev, "analysis"), "\"2\"");        /* the crisis and the incident are closed */
	JEQ(json_object_get(ev, "Tag"), "[{\"name\": \"tlp:red\"}]"); /* the risk's unknown label */
	JEQ(json_object_get(ev, "Orgc"), "{\"name\": \"Forum\", \"uuid\": \"90b5422b-2bcd-58d9-9669-759dd789acec\"}");
	JEQ(json_object_get(ev, "Org"), "{\"name\": \"Bank 1\", \"uuid\": \"a92fd2a7-bdca-52fa-8b7c-a3f6a8a7cce1\"}");
	/* the latest time in the view: the crisis's update, 2026-11-02T09:00:00Z */
	JEQ(json_object_get(ev, "timestamp"), "\"1793610000\"");
	json_t *attrs = json_object_get(ev, "Attribute");
	assert_int_equal(json_array_size(attrs), 5);
	json_t *a = json_array_get(attrs, 0);
	JEQ(json_object_get(a, "uuid"), "\"8e15cc98-754c-5fb6-93fe-bf9e00a1e19a\"");
	JEQ(json_object_get(a, "Tag"), "[{\"name\": \"tlp:amber\"}, {\"name\": \"skjold:kind=\\\"incident\\\"\"}]");
	JEQ(json_object_get(a, "first_seen"), "\"2026-10-30T07:50:00Z\"");
	JEQ(json_object_get(a, "to_ids"), "false");
	JEQ(json_object_get(json_array_get(attrs, 1), "uuid"), "\"accc1756-625c-5cbb-a10e-e31fdb121639\"");
	JEQ(json_object_get(json_array_get(attrs, 1), "value"), "\"Udfald\"");
	json_decref(m);
	assert_int_equal(forum_misp_event(view, NULL, &m, &e), ERR_INVALID);
	assert_string_equal(e.field, "view");
	json_decref(view);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uuid_v5),
		cmocka_unit_test(test_stix_bundle),
		cmocka_unit_test(test_stix_note_without_refs),
		cmocka_unit_test(test_misp_event),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
