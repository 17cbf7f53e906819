/*
 * xlsxread.h — read an XLSX file back with a real reader: openpyxl under
 * the system python (/usr/bin/python3, python3-openpyxl), through
 * tests/xlsx/read.py, for the unit tests of the XLSX writer (test_xlsx.c,
 * test_app_sheet.c).  Include after <cmocka.h>.  The unit tests run from
 * the repository's root (tests/run.sh), where the script's path is taken
 * from.
 */
#ifndef SKJOLD_TESTS_XLSXREAD_H
#define SKJOLD_TESTS_XLSXREAD_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define XLSXREAD_PYTHON "/usr/bin/python3"
#define XLSXREAD_SCRIPT "tests/xlsx/read.py"

/*
 * What openpyxl reads in the file of bytes p[0..n) (tests/xlsx/read.py's
 * JSON; count: sheet names and row counts only).  Fails the test when the
 * reader fails.
 */
static inline json_t *xlsx_read(const char *p, size_t n, bool count)
{
	if (access(XLSXREAD_SCRIPT, R_OK))
		fail_msg("%s not found: run the unit tests from the repository's root", XLSXREAD_SCRIPT);
	char path[64];
	snprintf(path, sizeof path, "/tmp/skjold-test-xlsx-XXXXXX.xlsx"); /* openpyxl goes by the extension */
	int fd = mkstemps(path, 5);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
	char cmd[256];
	snprintf(cmd, sizeof cmd, "%s %s %s%s", XLSXREAD_PYTHON, XLSXREAD_SCRIPT, count ? "--count " : "", path);
	FILE *pipe = popen(cmd, "r");
	assert_non_null(pipe);
	json_error_t je;
	json_t *j = json_loadf(pipe, 0, &je);
	int status = pclose(pipe);
	unlink(path);
	if (!j || !WIFEXITED(status) || WEXITSTATUS(status))
		fail_msg("%s failed (status %d): %s", cmd, status, j ? "" : je.text);
	return j;
}

#endif
