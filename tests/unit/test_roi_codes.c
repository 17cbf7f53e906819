/*
 * test_roi_codes.c — the closed lists of the register of information
 * (formats/eba-roi/codes.json): members taken from the EBA's own documents
 * (the DORA 4.0 sample package, the DPM 4.0 validation rules quoted in
 * docs/roi.md), both directions of the map, labels, hints, and the file's
 * integrity (every list present, keys and members unique).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "roi_codes.h"

static void test_members_from_the_eba(void **state)
{
	(void)state;
	/* the sample package: B_01.02 c0040 eba_CT:x12, B_02.02 c0040 eba_qCO:qx2000, c0090 eba_CO:x4,
	 * c0140 eba_BT:x28, c0170 eba_ZZ:x791, c0180 eba_ZZ:x794; B_04.01 c0030 eba_ZZ:x838;
	 * B_05.01 c0070 eba_CT:x212; B_07.01 c0050 eba_ZZ:x959, c0060 eba_ZZ:x963, c0110 eba_BT:x21 */
	assert_string_equal(roi_code_eba(ROI_ENTITY_TYPE, "credit_institution"), "eba_CT:x12");
	assert_string_equal(roi_code_eba(ROI_CODE_TYPE, "lei"), "eba_qCO:qx2000");
	assert_string_equal(roi_code_eba(ROI_TERMINATION, "expired"), "eba_CO:x4");
	assert_string_equal(roi_code_eba(ROI_BINARY, "yes"), "eba_BT:x28");
	assert_string_equal(roi_code_eba(ROI_SENSITIVENESS, "low"), "eba_ZZ:x791");
	assert_string_equal(roi_code_eba(ROI_RELIANCE, "not_significant"), "eba_ZZ:x794");
	assert_string_equal(roi_code_eba(ROI_BRANCH_NATURE, "branch"), "eba_ZZ:x838");
	assert_string_equal(roi_code_eba(ROI_PERSON_TYPE, "legal"), "eba_CT:x212");
	assert_string_equal(roi_code_eba(ROI_SUBSTITUTABILITY, "not_substitutable"), "eba_ZZ:x959");
	assert_string_equal(roi_code_eba(ROI_NOT_SUBST_REASON, "no_alternatives"), "eba_ZZ:x963");
	assert_string_equal(roi_code_eba(ROI_ASSESSMENT, "not_performed"), "eba_BT:x21");
	/* the module's own dimensions: B_99.01 counts arrangements by eba_CO:x1..x3 (KTQ) */
	assert_string_equal(roi_code_eba(ROI_ARRANGEMENT_TYPE, "standalone"), "eba_CO:x1");
	assert_string_equal(roi_code_eba(ROI_ARRANGEMENT_TYPE, "overarching"), "eba_CO:x2");
	assert_string_equal(roi_code_eba(ROI_ARRANGEMENT_TYPE, "subsequent"), "eba_CO:x3");
	assert_string_equal(roi_code_eba(ROI_IMPACT, "high"), "eba_ZZ:x793");
	assert_string_equal(roi_code_eba(ROI_REINTEGRATION, "highly_complex"), "eba_ZZ:x967");
	assert_string_equal(roi_code_eba(ROI_LICENSED_ACTIVITY, "x162"), "eba_TA:x162");
	assert_string_equal(roi_code_eba(ROI_SERVICE_TYPE, "S19"), "eba_TA:S19");
	assert_string_equal(roi_code_eba(ROI_COUNTRY, "DK"), "eba_GA:DK");
	assert_string_equal(roi_code_eba(ROI_CURRENCY, "DKK"), "eba_CU:DKK");
}

static void test_back_and_forth(void **state)
{
	(void)state;
	assert_string_equal(roi_code_key(ROI_ENTITY_TYPE, "eba_CT:x317"), "ict_intra_group_provider");
	assert_string_equal(roi_code_key(ROI_HIERARCHY, "eba_RP:x53"), "ultimate_parent");
	assert_string_equal(roi_code_key(ROI_COUNTRY, "eba_GA:SE"), "SE");
	assert_string_equal(roi_code_key(ROI_CURRENCY, "eba_CU:EUR"), "EUR");
	/* the same member in two lists maps to each list's own key */
	assert_string_equal(roi_code_key(ROI_IMPACT, "eba_ZZ:x791"), "low");
	assert_string_equal(roi_code_key(ROI_SENSITIVENESS, "eba_ZZ:x791"), "low");
	/* the sample's bare service type, and the member */
	assert_string_equal(roi_code_key(ROI_SERVICE_TYPE, "S01"), "S01");
	assert_string_equal(roi_code_key(ROI_SERVICE_TYPE, "eba_TA:S01"), "S01");
	/* not in the list, wrong list, wrong case, NULL */
	assert_null(roi_code_key(ROI_SERVICE_TYPE, "S20"));
	assert_null(roi_code_key(ROI_COUNTRY, "eba_GA:qx2007")); /* "not applicable" is the check's business */
	assert_null(roi_code_key(ROI_BINARY, "eba_BT:x21"));       /* "not performed" is no yes/no answer */
	assert_null(roi_code_key(ROI_REINTEGRATION, "eba_ZZ:x0")); /* the sample's B_07.01 c0090 */
	assert_null(roi_code_eba(ROI_COUNTRY, "dk"));
	assert_null(roi_code_eba(ROI_COUNTRY, "XX"));
	assert_null(roi_code_eba(ROI_CURRENCY, NULL));
	assert_null(roi_code_key(ROI_LIST_COUNT, "eba_GA:DK"));
	assert_null(roi_code_eba(ROI_ARRANGEMENT_TYPE, "eba_CO:x1"));
}

static void test_labels_and_hints(void **state)
{
	(void)state;
	assert_string_equal(roi_code_label(ROI_COUNTRY, "DK", false), "Danmark");
	assert_string_equal(roi_code_label(ROI_COUNTRY, "DK", true), "Denmark");
	assert_string_equal(roi_code_label(ROI_CURRENCY, "DKK", false), "Dansk krone");
	assert_string_equal(roi_code_label(ROI_ARRANGEMENT_TYPE, "overarching", false), "Rammeaftale");
	assert_string_equal(roi_code_label(ROI_SERVICE_TYPE, "S17", true), "Cloud services: IaaS");
	assert_null(roi_code_label(ROI_SERVICE_TYPE, "S99", true));
	assert_string_equal(roi_list_hint(ROI_ARRANGEMENT_TYPE), "standalone, overarching, subsequent");
	assert_string_equal(roi_list_hint(ROI_BINARY), "yes, no");
	assert_non_null(strstr(roi_list_hint(ROI_COUNTRY), "ISO 3166-1"));
	assert_non_null(strstr(roi_list_hint(ROI_CURRENCY), "ISO 4217"));
}

static void test_names(void **state)
{
	(void)state;
	for (int l = 0; l < ROI_LIST_COUNT; l++) {
		assert_non_null(roi_list_name(l));
		assert_int_equal(roi_list_parse(roi_list_name(l)), l);
	}
	assert_int_equal(roi_list_parse("colour"), -1);
	assert_int_equal(roi_list_parse(NULL), -1);
	assert_null(roi_list_name(ROI_LIST_COUNT));
}

/* The file as shipped: every list present, keys and members unique, each member in its domain. */
static void test_file_integrity(void **state)
{
	(void)state;
	json_t *lists = json_object_get(roi_codes_json(), "lists");
	assert_int_equal(json_object_size(lists), ROI_LIST_COUNT);
	for (int l = 0; l < ROI_LIST_COUNT; l++) {
		json_t *arr = json_object_get(json_object_get(lists, roi_list_name(l)), "codes");
		assert_true(json_array_size(arr) >= 2);
		size_t i;
		json_t *c;
		json_array_foreach(arr, i, c) {
			const char *key = json_string_value(json_object_get(c, "key"));
			const char *eba = json_string_value(json_object_get(c, "eba"));
			assert_non_null(key);
			assert_non_null(eba);
			assert_int_equal(strncmp(eba, "eba_", 4), 0);
			/* unique both ways: the lookup finds this very entry */
			assert_string_equal(roi_code_eba(l, key), eba);
			assert_string_equal(roi_code_key(l, eba), key);
			assert_non_null(json_string_value(json_object_get(c, "da")));
			assert_non_null(json_string_value(json_object_get(c, "en")));
		}
	}
	assert_int_equal(json_array_size(json_object_get(json_object_get(lists, "service_type"), "codes")), 19);
	assert_true(json_array_size(json_object_get(json_object_get(lists, "country"), "codes")) >= 249);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_members_from_the_eba), cmocka_unit_test(test_back_and_forth),
		cmocka_unit_test(test_labels_and_hints),     cmocka_unit_test(test_names),
		cmocka_unit_test(test_file_integrity),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
