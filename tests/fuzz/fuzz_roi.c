/*
 * fuzz_roi.c — the register of information's packages (xbrl_csv.c,
 * roi_check.c, roi_import.c; docs/roi.md).
 *
 * Input: the bytes of a zip.  They go through `skjold roi check FILE.zip`
 * (the zip reader with its bounds, the CSV reader, every EBA rule) and
 * `skjold roi import FILE.zip --org eksempel-kommune` on the fixture store
 * (the register's mapping onto nodes and edges and the writes, rolled back
 * afterwards).  The seeds are the EBA's sample package and the example
 * bank's package (tests/fuzz/seed.sh); libFuzzer mutates the zip's bytes,
 * so most inputs test the zip reader's refusals and a few reach the CSV.
 */
#include "app_roi.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_run r;
	fuzz_app_begin(&r);
	json_t *out = NULL;
	app_roi_check_file(&r.app, data, size, &out);
	fuzz_app_end(&r, out);

	fuzz_app_begin(&r);
	out = NULL;
	app_roi_import(&r.app, "eksempel-kommune", data, size, &out);
	fuzz_app_end(&r, out);
	return 0;
}
