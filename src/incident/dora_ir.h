/*
 * dora_ir.h — the DORA major ICT-related incident report in the ESAs' JSON
 * format: the fields of Commission Implementing Regulation (EU) 2025/302
 * Annex I (the data glossary of Annex II), exchanged as the JSON of schema
 * IR 1.2.1 (formats/dora-incident/dora_ir_v1.2.1.schema.json, embedded).
 *
 * The incident's "dora" object holds what only a person can say (how the
 * incident was discovered, its type, threat techniques, root causes, costs
 * …); every enumerated value is checked against the schema's own
 * enumeration, read from the embedded schema, so the two cannot drift.
 * Everything else comes from the stored incident, the engine's assessment
 * and the organisation (LEI, competent authority, contacts).
 */
#ifndef SKJOLD_DORA_IR_H
#define SKJOLD_DORA_IR_H

#include <jansson.h>
#include <stdbool.h>

#include "assess.h"
#include "err.h"
#include "increc.h"
#include "model.h"

/*
 * Check an incident's "dora" object (path "dora"): its keys, each
 * enumerated value against the schema, texts within their limits, amounts
 * not negative, affected entities with valid LEIs.  ERR_INVALID naming the
 * field ("dora.root_causes[1]").
 */
int dora_ir_check(json_t *dora, struct errinfo *e);

/* The embedded schema IR 1.2.1 itself (new reference): the web UI builds its choices from its enumerations. */
json_t *dora_ir_schema(void);

/* Whether report is a DORA report with a JSON form: initial, intermediate, final, reclassified. */
bool dora_ir_report_valid(const char *report);

struct dora_ir_org {
	const struct org *org;    /* the submitting entity */
	const struct org *parent; /* its ultimate parent undertaking, or NULL */
};

/*
 * The report document for the stored incident x as assessed in as (new
 * reference), and in *missing (new reference) every field the report type
 * requires that is not filled yet: [{"field": "2.7", "path":
 * "incident.incidentDiscovery", "da", "en", "fill": "dora.discovery"}] —
 * the schema's conditions for the report type and those of the ITS.
 * Instants are UTC ("2026-03-12T07:20:00Z").  The document is built even
 * when fields are missing; the callers refuse it then.
 */
json_t *dora_ir_build(const struct increc *x, const struct assessment *as, const struct dora_ir_org *o,
		      const char *report, json_t **missing);

/* The checklist as text, one missing field a line in Danish and English (heap). */
char *dora_ir_checklist_text(json_t *missing, const char *report);

#endif
