/*
 * fuzz_incident.c — the incident facts document (RULES.md §6, docs/incidents.md).
 *
 * Input: one document, or a batch with one document per line as
 * `skjold incident assess --batch` reads it.  The whole input is parsed as
 * one document (incident_parse), assessed under every regime and written
 * out as the assessment JSON; when it holds more than one line, each line
 * is handled the same way, as the batch does.  A single document that
 * parses is also added as a stored incident of the example organisation
 * (increc_add through `skjold incident add -`: skjold's own fields, the
 * references to nodes, risks and measures), and the write is rolled back.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "app_incident.h"
#include "fuzz.h"
#include "incident.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parse, assess and render one document; 0 when it parsed as a facts document. */
static int one(const char *text, size_t len)
{
	json_error_t je;
	json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!doc)
		return -1;
	struct arena a;
	arena_init(&a);
	struct incident inc;
	struct errinfo e = {0};
	int rc = incident_parse(doc, NULL, &a, &inc, &e);
	if (!rc) {
		struct assessment as;
		assess_incident(fuzz_rules(), &inc, fuzz_now_ms, ASSESS_ALL, &a, &as);
		json_t *out = assess_to_json(&as);
		char *dump = json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER);
		free(dump);
		json_decref(out);
	}
	arena_free(&a);
	json_decref(doc);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	/* the stored document takes skjold's own fields, which incident_parse alone refuses */
	one(text, size);
	json_t *doc = json_loadb(text, size, JSON_REJECT_DUPLICATES, NULL);
	if (doc) { /* the add use case, as `skjold incident add` and POST …/incidents reach it */
		struct fuzz_run r;
		fuzz_app_begin(&r);
		json_t *out = NULL;
		app_incident_add(&r.app, "eksempel-kommune", doc, &out);
		fuzz_app_end(&r, out);
		json_decref(doc);
	}
	const char *nl = memchr(text, '\n', size);
	if (!nl || (size_t)(nl - text) + 1 == size)
		return 0;
	for (const char *p = text, *end = text + size; p < end;) {
		const char *q = memchr(p, '\n', (size_t)(end - p));
		size_t len = q ? (size_t)(q - p) : (size_t)(end - p);
		while (len && p[len - 1] == '\r')
			len--;
		one(p, len);
		p = q ? q + 1 : end;
	}
	return 0;
}
