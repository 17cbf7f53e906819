/*
 * fuzz_orgdoc.c — the organisation document (SPEC §9, docs/orgdoc.md).
 *
 * Input: a document as `skjold import` reads it (one organisation, or
 * {"organisations": [...]}).  Each organisation goes through orgdoc_parse,
 * the validation that names the JSON path of every error; a document whose
 * every organisation parses is then imported whole on the fixture store
 * (import_document through `skjold import -`: references, incidents, the
 * writes and their audit entries), and the import is rolled back.
 */
#include <jansson.h>
#include <stdio.h>

#include "app_io.h"
#include "fuzz.h"
#include "json_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t je;
	json_t *doc = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &je);
	if (!doc)
		return 0;
	json_t *list = json_object_get(doc, "organisations");
	size_t n = json_is_array(list) ? json_array_size(list) : 1;
	struct arena a;
	arena_init(&a);
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		char path[64];
		snprintf(path, sizeof path, "organisations[%zu]", i);
		struct orgdoc od;
		struct errinfo e = {0};
		rc = orgdoc_parse(list ? json_array_get(list, i) : doc, list ? path : "", &a, &od, &e);
	}
	arena_free(&a);
	if (!rc) { /* the import use case, as `skjold import` and POST /api/v1/import reach it */
		struct fuzz_run r;
		fuzz_app_begin(&r);
		json_t *out = NULL;
		app_io_import(&r.app, &(struct app_import){.doc = doc}, &out);
		fuzz_app_end(&r, out);
	}
	json_decref(doc);
	return 0;
}
