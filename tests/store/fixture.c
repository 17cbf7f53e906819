/*
 * fixture.c — a fresh, empty database per case (contract.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "contract.h"

struct store *st;
struct arena A;
struct errinfo E;
char test_url[1024];
char test_dir[64];

static int own_files; /* the default: SQLite files in test_dir, one per case */
static int case_no;

/* url with every "{n}" replaced by the case number. */
static void url_for_case(const char *tmpl, char *out, size_t cap)
{
	size_t o = 0;
	for (const char *p = tmpl; *p && o + 1 < cap;) {
		if (!strncmp(p, "{n}", 3)) {
			int k = snprintf(out + o, cap - o, "%d", case_no);
			o += k > 0 ? (size_t)k : 0;
			p += 3;
		} else {
			out[o++] = *p++;
		}
	}
	out[o < cap ? o : cap - 1] = 0;
}

/* Declared in contract.h. */
void contract_remove_files(const char *path)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	char f[1100];
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		snprintf(f, sizeof f, "%s%s", path, suffix[i]);
		unlink(f);
	}
}

int contract_setup(void **state)
{
	(void)state;
	case_no++;
	if (!test_dir[0]) {
		snprintf(test_dir, sizeof test_dir, "/tmp/skjold-store-XXXXXX");
		if (!mkdtemp(test_dir))
			fail_msg("cannot make a temporary directory");
	}
	const char *tmpl = getenv("SKJOLD_TEST_DB");
	own_files = !(tmpl && *tmpl);
	if (!own_files) {
		url_for_case(tmpl, test_url, sizeof test_url);
	} else {
		snprintf(test_url, sizeof test_url, "%s/case-%d.db", test_dir, case_no);
		contract_remove_files(test_url);
	}
	const char *reset = getenv("SKJOLD_TEST_DB_RESET");
	if (reset && *reset) {
		pid_t pid = fork();
		if (pid == 0) {
			execl("/bin/sh", "sh", "-c", reset, "reset", test_url, (char *)NULL);
			_exit(127);
		}
		int status = 0;
		if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
			fail_msg("SKJOLD_TEST_DB_RESET failed for %s", test_url);
	}
	arena_init(&A);
	err_clear(&E);
	if (store_open(test_url, &st, &E))
		fail_msg("store_open(%s): %s", test_url, E.message);
	unsigned char h[32];
	int64_t rows = -1;
	if (store_checksum(st, h, &rows, &E) || rows != 0)
		fail_msg("%s is not an empty database (%lld rows): SKJOLD_TEST_DB must give a fresh one per case "
			 "({n}, SKJOLD_TEST_DB_RESET)",
			 test_url, (long long)rows);
	return 0;
}

int contract_teardown(void **state)
{
	(void)state;
	store_close(st);
	st = NULL;
	arena_free(&A);
	if (own_files)
		contract_remove_files(test_url);
	return 0;
}

void contract_cleanup(void)
{
	if (test_dir[0])
		rmdir(test_dir);
}
