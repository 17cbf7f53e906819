/*
 * rules.h — the regulatory rule data of the incident regimes (rules/<id>.json).
 *
 * One file per regime: thresholds, deadline periods, validity dates, legal
 * sources and the "[verify]" marks of RULES.md.  The shipped files are
 * embedded in the binary; a directory given with --rules replaces any of
 * them by a file of the same name (<regime id>.json), so changing a
 * threshold is an edit of data, not of C code.  The criteria's structure
 * (which thresholds combine how) is law and lives in src/regime_*.c; the
 * numbers live here.
 */
#ifndef SKJOLD_RULES_H
#define SKJOLD_RULES_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "err.h"

enum regime {
	REGIME_PSD2 = 0, /* dk-psd2-2018 */
	REGIME_DORA,     /* eu-dora */
	REGIME_NIS2,     /* eu-nis2 */
	REGIME_GDPR,     /* eu-gdpr */
	REGIME_N
};

/* "eu-dora" → REGIME_DORA, or -1. */
int regime_parse(const char *id);
const char *regime_id(enum regime r);

/* One numeric (or "HH:MM" as minutes) rule value with its legal source. */
struct rule_value {
	double v;
	const char *source;
	bool verify; /* RULES.md "[verify]": taken from a secondary source */
};

#define RULES_MAX_VALUES 32

struct regime_rules {
	enum regime id;
	const char *name, *name_en, *authority, *channel, *verdict;
	int32_t valid_from, valid_before; /* local dates; valid_before DATE_NONE = open */
	bool valid_on_detected;           /* compare detected_at (else occurred_at) */
	const char *valid_source;
	bool valid_verify;
	const char *origin;               /* "embedded rules/eu-dora.json" or the file path */
	struct rule_value v[RULES_MAX_VALUES]; /* indexed by the regime's own key table */
	json_t *doc;                      /* the whole document (owned) */
};

struct rules {
	struct regime_rules r[REGIME_N];
};

/*
 * Load the four regimes: each from DIR/<id>.json when dir is given and that
 * file exists, else the embedded file.  Every value a regime needs must be
 * present and numeric; the error names the file and the key.
 */
int rules_load(struct rules *out, const char *dir, struct errinfo *e);
void rules_free(struct rules *rs);

/* A string member of the document's "reports".<report>.<key>, or NULL. */
const char *rules_report_text(const struct regime_rules *rr, const char *report, const char *key);
/* Whether string s is in the array at doc.<section>.<key>. */
bool rules_list_has(const struct regime_rules *rr, const char *section, const char *key, const char *s);

#endif
