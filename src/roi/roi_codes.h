/*
 * roi_codes.h — the closed lists of the DORA Register of Information.
 *
 * Implementing Regulation (EU) 2024/2956, Annexes I-IV, and the EBA DPM 4.0
 * code lists (the "eba_XX:…" members the xBRL-CSV package carries).  The data
 * lives in formats/eba-roi/codes.json (embedded): each list maps skjold's own
 * readable key ("standalone") to the EBA member ("eba_CO:x1") with a Danish
 * and an English label.  Countries are ISO 3166-1 alpha-2 ("DK" <->
 * "eba_GA:DK"), currencies ISO 4217 ("DKK" <-> "eba_CU:DKK"), both from
 * Debian's iso-codes; service types S01-S19 (Annex III) and licensed
 * activities keep the EBA member name as their key ("S19", "x162").
 *
 * Parsed once (thread-safe) on first use; every returned string lives for the
 * whole process.
 */
#ifndef SKJOLD_ROI_CODES_H
#define SKJOLD_ROI_CODES_H

#include <stdbool.h>

#include <jansson.h>

enum roi_list {
	ROI_ENTITY_TYPE,        /* B_01.01.0040, B_01.02.0040 */
	ROI_HIERARCHY,          /* B_01.02.0050 */
	ROI_ARRANGEMENT_TYPE,   /* B_02.01.0020 */
	ROI_TERMINATION,        /* B_02.02.0090 */
	ROI_SENSITIVENESS,      /* B_02.02.0170 */
	ROI_RELIANCE,           /* B_02.02.0180 */
	ROI_PERSON_TYPE,        /* B_05.01.0070 */
	ROI_CODE_TYPE,          /* every "type of code" column */
	ROI_ASSESSMENT,         /* B_06.01.0050, B_07.01.0110: yes, no, not_performed */
	ROI_IMPACT,             /* B_06.01.0100, B_07.01.0100: low, medium, high, not_performed */
	ROI_SUBSTITUTABILITY,   /* B_07.01.0050 */
	ROI_NOT_SUBST_REASON,   /* B_07.01.0060 */
	ROI_REINTEGRATION,      /* B_07.01.0090 */
	ROI_BINARY,             /* B_02.02.0140, B_07.01.0080: yes, no */
	ROI_BRANCH_NATURE,      /* B_04.01.0030: branch, not_branch */
	ROI_SERVICE_TYPE,       /* Annex III: S01..S19 */
	ROI_LICENSED_ACTIVITY,  /* B_06.01.0020 */
	ROI_COUNTRY,            /* ISO 3166-1 alpha-2 */
	ROI_CURRENCY,           /* ISO 4217 */
	ROI_LIST_COUNT
};

/* The list's name in codes.json ("entity_type"), and back (-1 when unknown). */
const char *roi_list_name(enum roi_list l);
int roi_list_parse(const char *name);
/* The EBA member of key in list l ("credit_institution" -> "eba_CT:x12"), NULL when not in the list. */
const char *roi_code_eba(enum roi_list l, const char *key);
/* The key of an EBA member ("eba_CT:x12" -> "credit_institution"), NULL when not in the list. */
const char *roi_code_key(enum roi_list l, const char *eba);
/* The Danish (english false) or English label of key, NULL when not in the list. */
const char *roi_code_label(enum roi_list l, const char *key, bool english);
/* For an error message: the list's keys ("standalone, overarching, subsequent"), or for the long
 * lists a hint ("an ISO 3166-1 alpha-2 code such as DK"). */
const char *roi_list_hint(enum roi_list l);
/* The EBA member for "not applicable" in a country column that is a key (EBA Q&A): "eba_GA:qx2007". */
#define ROI_COUNTRY_NOT_APPLICABLE "eba_GA:qx2007"
/* codes.json itself (borrowed, never freed): the UI's choices, GET /api/v1/formats/eba-roi/codes. */
json_t *roi_codes_json(void);

#endif
