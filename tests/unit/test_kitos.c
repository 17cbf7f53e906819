/*
 * test_kitos.c — a KITOS export read as systems, suppliers and edges
 * (src/risk/kitos.c): the mapping of the DTOs' fields, the two forms of a
 * sub-processor, a system used twice, the names the lists give, the ids of
 * new nodes, and refusals named by their JSON path.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "kitos.h"

#define U1 "11111111-1111-4111-8111-111111111111"
#define U2 "22222222-2222-4222-8222-222222222222"
#define UA "aaaaaaaa-0000-4000-8000-000000000001"
#define UB "bbbbbbbb-0000-4000-8000-000000000002"
#define UC "cccccccc-0000-4000-8000-000000000003"
#define US1 "e0000001-0000-4000-8000-000000000001"
#define US2 "e0000002-0000-4000-8000-000000000002"

/* Parse text; returns the error code, the map in *m, e set. */
static int parse(const char *text, struct arena *a, struct kitos_map *m, struct errinfo *e)
{
	json_error_t je;
	json_t *doc = json_loads(text, 0, &je);
	assert_non_null(doc);
	err_clear(e);
	int rc = kitos_parse(doc, a, m, e);
	json_decref(doc);
	return rc;
}

static const struct kitos_node *find(const struct kitos_map *m, const char *uuid, size_t *at)
{
	for (size_t i = 0; i < m->nnodes; i++)
		if (!strcmp(m->nodes[i].uuid, uuid)) {
			if (at)
				*at = i;
			return &m->nodes[i];
		}
	return NULL;
}

static bool has_edge(const struct kitos_map *m, const char *from, const char *to)
{
	size_t f, t;
	if (!find(m, from, &f) || !find(m, to, &t))
		return false;
	for (size_t i = 0; i < m->nedges; i++)
		if (m->edges[i].from == f && m->edges[i].to == t)
			return true;
	return false;
}

static const char export_text[] =
	"{\"it-system-usages\": ["
	" {\"uuid\": \"" US1 "\", \"systemContext\": {\"uuid\": \"" U1 "\", \"name\": \"Gammelt navn\"},"
	"  \"organizationUsage\": {\"usingOrganizationUnits\": [],"
	"   \"responsibleOrganizationUnit\": {\"uuid\": \"" UC "\", \"name\": \"Ældre og Sundhed\"}},"
	"  \"gdpr\": {\"businessCritical\": \"Yes\", \"dataSensitivityLevels\": [\"PersonData\", \"sensitiveData\"],"
	"   \"sensitivePersonData\": []}},"
	" {\"uuid\": \"" US2 "\", \"systemContext\": {\"uuid\": \"" U2 "\", \"name\": \"ESDH\"},"
	"  \"gdpr\": {\"businessCritical\": \"dontKnow\", \"dataSensitivityLevels\": [],"
	"   \"sensitivePersonData\": [{\"uuid\": \"" UC "\", \"name\": \"Helbred\"}]}}],"
	" \"it-systems\": [{\"uuid\": \"" U1 "\", \"name\": \"Omsorg Plus\","
	"  \"rightsHolder\": {\"uuid\": \"" UA "\", \"name\": \"Gammel A/S\", \"cvr\": \"11111111\"}}],"
	" \"organizations\": [{\"uuid\": \"" UA "\", \"name\": \"Omsorg Software A/S\", \"cvr\": \"11111111\","
	"  \"organizationType\": \"Company\"}],"
	" \"data-processing-registrations\": [{\"uuid\": \"f0000001-0000-4000-8000-000000000001\", \"name\": \"DBA\","
	"  \"systemUsages\": [{\"uuid\": \"" US1 "\", \"name\": \"Omsorg Plus\"},"
	"                     {\"uuid\": \"f9999999-0000-4000-8000-000000000009\", \"name\": \"not exported\"}],"
	"  \"general\": {\"dataProcessors\": [{\"uuid\": \"" UB "\", \"name\": \"Hosting A/S\", \"cvr\": null}],"
	"   \"subDataProcessors\": [{\"dataProcessorOrganization\": {\"uuid\": \"" UC "\", \"name\": \"Backup GmbH\","
	"    \"cvr\": null}}]}}]}";

static void test_mapping(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct kitos_map m;
	struct errinfo e;
	assert_int_equal(parse(export_text, &a, &m, &e), 0);
	assert_int_equal(m.nsystems, 2);
	assert_int_equal(m.nnodes, 5);
	const struct kitos_node *s1 = find(&m, U1, NULL), *s2 = find(&m, U2, NULL);
	/* the it-system's name over the usage's systemContext; case of enumerations ignored */
	assert_string_equal(s1->name, "Omsorg Plus");
	assert_int_equal(s1->kind, NODE_SYSTEM);
	assert_true(s1->critical_service);
	assert_int_equal(s1->personal_data, PDATA_SENSITIVE);
	assert_string_equal(s1->owner, "Ældre og Sundhed");
	/* no it-systems entry: the systemContext's name; sensitivePersonData makes it sensitive */
	assert_string_equal(s2->name, "ESDH");
	assert_false(s2->critical_service);
	assert_int_equal(s2->personal_data, PDATA_SENSITIVE);
	assert_null(s2->owner);
	/* the organizations list names the rights holder */
	assert_string_equal(find(&m, UA, NULL)->name, "Omsorg Software A/S");
	assert_int_equal(find(&m, UA, NULL)->kind, NODE_SUPPLIER);
	assert_int_equal(m.nedges, 3);
	assert_true(has_edge(&m, U1, UA));
	assert_true(has_edge(&m, U1, UB));
	assert_true(has_edge(&m, UB, UC));
	arena_free(&a);
}

static void test_twice_and_shallow_subs(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct kitos_map m;
	struct errinfo e;
	/* one system used twice: the higher class, critical if either; a sub-processor without processors */
	const char *text =
		"{\"it-system-usages\": ["
		" {\"uuid\": \"" US1 "\", \"systemContext\": {\"uuid\": \"" U1 "\", \"name\": \"S\"},"
		"  \"gdpr\": {\"businessCritical\": \"no\", \"dataSensitivityLevels\": [\"personData\"]}},"
		" {\"uuid\": \"" US2 "\", \"systemContext\": {\"uuid\": \"" U1 "\", \"name\": \"S\"},"
		"  \"gdpr\": {\"businessCritical\": \"yes\", \"dataSensitivityLevels\": [\"none\"]}}],"
		" \"data-processing-registrations\": [{\"uuid\": \"f0000001-0000-4000-8000-000000000001\","
		"  \"systemUsages\": [{\"uuid\": \"" US2 "\", \"name\": \"S\"}],"
		"  \"general\": {\"dataProcessors\": [], \"subDataProcessors\": [{\"uuid\": \"" UC "\", \"name\": \"Sub\"}]}}]}";
	assert_int_equal(parse(text, &a, &m, &e), 0);
	assert_int_equal(m.nsystems, 1);
	assert_int_equal(m.nodes[0].personal_data, PDATA_ORDINARY);
	assert_true(m.nodes[0].critical_service);
	assert_true(has_edge(&m, U1, UC));
	arena_free(&a);
}

/* text is refused naming field */
static void refused(const char *text, const char *field)
{
	struct arena a;
	arena_init(&a);
	struct kitos_map m;
	struct errinfo e;
	assert_int_equal(parse(text, &a, &m, &e), ERR_INVALID);
	assert_string_equal(e.field, field);
	arena_free(&a);
}

static void test_refusals(void **state)
{
	(void)state;
	refused("[]", "");
	refused("{}", "it-system-usages");
	refused("{\"it-system-usages\": [], \"it-contracts\": []}", "it-contracts");
	refused("{\"it-system-usages\": [{\"uuid\": \"x\"}]}", "it-system-usages[0].uuid");
	refused("{\"it-system-usages\": [{\"uuid\": \"" US1 "\"}]}", "it-system-usages[0].systemContext");
	refused("{\"it-system-usages\": [{\"uuid\": \"" US1 "\", \"systemContext\": {\"uuid\": \"" U1 "\"}}]}",
		"it-system-usages[0].systemContext.name");
	refused("{\"it-system-usages\": [{\"uuid\": \"" US1 "\", \"systemContext\": {\"uuid\": \"" U1
		"\", \"name\": \"S\"}, \"gdpr\": {\"businessCritical\": \"maybe\"}}]}",
		"it-system-usages[0].gdpr.businessCritical");
	refused("{\"it-system-usages\": [{\"uuid\": \"" US1 "\", \"systemContext\": {\"uuid\": \"" U1
		"\", \"name\": \"S\"}, \"gdpr\": {\"dataSensitivityLevels\": [\"none\", 3]}}]}",
		"it-system-usages[0].gdpr.dataSensitivityLevels[1]");
	refused("{\"it-system-usages\": [], \"it-systems\": [{\"uuid\": \"" U1 "\", \"name\": \"S\","
		" \"rightsHolder\": 7}]}",
		"it-systems[0].rightsHolder");
	refused("{\"it-system-usages\": [], \"data-processing-registrations\": [{\"uuid\": \"" U1 "\","
		" \"general\": {\"dataProcessors\": [{\"name\": \"P\"}]}}]}",
		"data-processing-registrations[0].general.dataProcessors[0].uuid");
}

static void test_ids(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	assert_true(kitos_is_uuid(U1));
	assert_true(kitos_is_uuid("ABCDEF00-0000-4000-8000-000000000001"));
	assert_false(kitos_is_uuid("11111111111141118111111111111111111x"));
	assert_false(kitos_is_uuid(U1 "0"));
	assert_string_equal(kitos_node_id("Lønsystem", U1, &a), "loensystem-11111111");
	assert_string_equal(kitos_node_id("Omsorg Software A/S", UA, &a), "omsorg-software-a-s-aaaaaaaa");
	assert_string_equal(kitos_node_id("Ærø Kommunes Åbne Data", UA, &a), "aeroe-kommunes-aabne-data-aaaaaaaa");
	assert_string_equal(kitos_node_id("–", UA, &a), "kitos-aaaaaaaa");
	const char *longer = kitos_node_id("a very long name of an IT system that goes on and on and on", UA, &a);
	assert_true(strlen(longer) <= 40 + 9);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mapping),
		cmocka_unit_test(test_twice_and_shallow_subs),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
