/*
 * fuzz_csv.c — the spreadsheet imports (csv.c, import_csv.c, docs/orgdoc.md).
 *
 * Input: a first line "nodes", "edges" or "risks" (optionally followed by
 * " org" to import without --org, the rows naming their organisation),
 * then the file's bytes.  The file goes through `skjold import-csv KIND -`
 * on the fixture store (the example organisation is eksempel-kommune):
 * the reader (quoting, BOM, separator, UTF-8), every column's check and
 * the writes, rolled back afterwards.  The reader alone also reads the
 * file to its end, past the first bad row the import stops at.
 */
#include <string.h>

#include "csv.h"
#include "app_io.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nl = memchr(text, '\n', size);
	if (!nl)
		return 0;
	size_t hl = (size_t)(nl - text);
	const char *kind = !strncmp(text, "edges", 5) ? "edges" : !strncmp(text, "risks", 5) ? "risks" : "nodes";
	bool by_column = hl >= 9 && !memcmp(text + 5, " org", 4);
	const char *body = nl + 1;
	size_t len = size - hl - 1;

	struct csv c;
	struct errinfo e = {0};
	csv_init(&c, body, len);
	while (csv_next_row(&c, &e) == 1)
		;
	csv_free(&c);

	struct fuzz_run r;
	fuzz_app_begin(&r);
	json_t *out = NULL;
	app_io_import_csv(&r.app,
			  &(struct app_import_csv){.kind = (enum csv_kind)app_io_csv_kind_parse(kind),
						   .org = by_column ? NULL : "eksempel-kommune", .data = body, .len = len},
			  &out);
	fuzz_app_end(&r, out);
	return 0;
}
