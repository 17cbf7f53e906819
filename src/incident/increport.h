/*
 * increport.h — the content of each regulatory report of a stored incident
 * (the fields the authority's template asks for, filled from the incident)
 * and its plain-text rendering, shared by the shell and the server.
 */
#ifndef SKJOLD_INCREPORT_H
#define SKJOLD_INCREPORT_H

#include <jansson.h>
#include <stdbool.h>

#include "assess.h"
#include "doc.h"
#include "increc.h"
#include "rules.h"

/* Does regime r have a report of this name whose content can be shown ("progress" has none)? */
bool increport_exists(enum regime r, const char *report);

/*
 * The report's content: {"incident", "regime", "report", "verdict",
 * "fields": [{"field", "field_da", "value", "from", "estimated"}],
 * "missing", "estimated_fields", "warning" or "note"} (new reference).
 */
json_t *increport_content(const struct increc *x, const struct assessment *as, enum regime r, const char *report);

/* The content as text, one field a line, Danish / English (heap, the caller frees it). */
char *increport_text(json_t *content);

/* The filing checklist: every field still missing, Danish / English (heap). */
char *increport_checklist_text(json_t *content);

/*
 * The content as a document people hand over (doc.h: PDF or DOCX, also
 * Markdown and HTML): the fields with their values, estimates marked, the
 * missing fields, the warning.  The organisation and as-of date come from
 * the content's "organisation" and "as_of" when present.  *out malloc'ed.
 */
int increport_render(json_t *content, enum doc_format f, char **out, size_t *len, struct errinfo *e);

#endif
