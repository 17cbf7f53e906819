/*
 * test_dump.c — the canonical dump's text and its guards (src/store/dump.c),
 * against a fake backend whose rows the test chooses: the exact bytes a
 * backend's rows become (so every backend's dump can be held to them), and
 * ERR_INTERNAL for rows out of key order, a key twice or tables out of order
 * instead of a checksum that differs from another backend's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sodium.h>

/* the backend side of the interface: a fake backend stands in for SQLite or PostgreSQL */
#include "store/store_impl.h"

/* The rows the fake backend hands over: (table index, values). */
struct fake_row {
	size_t table;
	struct store_value v[32];
};
static const struct fake_row *rows;
static size_t nrows;

static int fake_dump(struct store *st, int (*row)(void *, size_t, const struct store_value *), void *ctx,
		     struct errinfo *e)
{
	(void)st;
	(void)e;
	for (size_t i = 0; i < nrows; i++) {
		int rc = row(ctx, rows[i].table, rows[i].v);
		if (rc)
			return rc;
	}
	return 0;
}

static const struct store_ops fake_ops = {.name = "fake", .dump = fake_dump};

static size_t table(const char *name)
{
	for (size_t i = 0; i < store_dump_ntables; i++)
		if (!strcmp(store_dump_tables[i].name, name))
			return i;
	fail_msg("no table %s", name);
	return 0;
}

#define TXT(s) {.p = (s), .len = sizeof(s) - 1}
#define INT(x) {.i = (x)}
#define NUL {.null = true}

struct text {
	char p[8192];
	size_t len;
};

static int collect(void *ctx, const char *s, size_t len)
{
	struct text *t = ctx;
	assert_true(t->len + len < sizeof t->p);
	memcpy(t->p + t->len, s, len);
	t->len += len;
	t->p[t->len] = 0;
	return 0;
}

/* The dump of the fake rows, or the error. */
static int dump(struct text *t, struct errinfo *e)
{
	struct store st = {.ops = &fake_ops};
	memset(t, 0, sizeof *t);
	return store_dump(&st, collect, t, e);
}

/* One line of t that starts with prefix, or NULL. */
static const char *line_of(const struct text *t, const char *prefix)
{
	size_t n = strlen(prefix);
	for (const char *p = t->p; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, prefix, n))
			return p;
	return NULL;
}

static void test_canonical_text(void **state)
{
	(void)state;
	static const unsigned char blob[3] = {0x00, 0xab, 0xff};
	struct fake_row r[3] = {
		{table("org"), {TXT("a"), TXT("Ærø \\ \"x\""), TXT("bank"), TXT(""), NUL, TXT("none"), NUL, INT(1),
				INT(0), INT(-3), INT(480), INT(960), TXT("2026-01-15"), NUL, NUL, TXT("tab\there\nnl\r\x01\x7f"),
				INT(0), INT(1), INT(1)}},
		{table("org"), {TXT("b"), TXT("B"), TXT("bank"), NUL, NUL, TXT("none"), NUL, INT(0), INT(0), INT(0),
				INT(0), INT(0), NUL, NUL, NUL, NUL, INT(0), INT(0), INT(0)}},
		{table("session"), {{.p = blob, .len = 3}, TXT("anne"), TXT("c"), INT(1), INT(9223372036854775807), INT(77)}},
	};
	rows = r;
	nrows = 3;
	struct text t;
	struct errinfo e = {0};
	assert_int_equal(dump(&t, &e), 0);
	const char *head = "skjold-dump 1\ntable org id name kind cvr lei nis2 dora psd2_psp ";
	assert_true(!strncmp(t.p, head, strlen(head)));
	/* "" and \N differ; backslash, TAB, LF, CR and control bytes escaped; UTF-8 as it is */
	assert_non_null(line_of(&t, "org\ta\tÆrø \\\\ \"x\"\tbank\t\t\\N\tnone\t\\N\t1\t0\t-3\t480\t960\t2026-01-15\t\\N\t"
				    "\\N\ttab\\there\\nnl\\r\\x01\\x7f\t0\t1\t1\n"));
	/* last_seen_ms (77) is handed over for store_copy but is not in the text */
	assert_non_null(line_of(&t, "session\t\\B00abff\tanne\tc\t1\t9223372036854775807\n"));
	assert_non_null(line_of(&t, "table session hash user csrf created_ms expires_ms\n"));
	/* every table's header, in the fixed order, the empty ones too */
	const char *prev = t.p;
	for (size_t i = 0; i < store_dump_ntables; i++) {
		char h[64];
		snprintf(h, sizeof h, "table %s ", store_dump_tables[i].name);
		const char *at = line_of(&t, h);
		assert_non_null(at);
		assert_true(at >= prev);
		prev = at;
	}
	/* the checksum is BLAKE2b-256 of exactly these bytes */
	unsigned char want[32], got[32];
	crypto_generichash(want, 32, (const unsigned char *)t.p, t.len, NULL, 0);
	struct store st = {.ops = &fake_ops};
	int64_t n = 0;
	assert_int_equal(store_checksum(&st, got, &n, &e), 0);
	assert_memory_equal(got, want, 32);
	assert_int_equal(n, 3);
}

static void test_reals(void **state)
{
	(void)state;
	struct fake_row r = {table("forum_member"),
			     {TXT("f"), TXT("o"), TXT("bank"), {.r = 0.1}, TXT("active"), INT(1), TXT("x"), NUL, NUL}};
	rows = &r;
	nrows = 1;
	struct text t;
	struct errinfo e = {0};
	assert_int_equal(dump(&t, &e), 0);
	assert_non_null(line_of(&t, "forum_member\tf\to\tbank\t0.10000000000000001\tactive\t1\tx\t\\N\t\\N\n"));
}

static void test_key_order_enforced(void **state)
{
	(void)state;
	struct errinfo e = {0};
	struct text t;
	/* bytewise: "B" < "a" < "æ"; a backend that sorts by locale ("a" < "B") fails */
	struct fake_row r[2] = {{table("app_user"), {TXT("a")}},
				{table("app_user"), {TXT("B")}}};
	rows = r;
	nrows = 2;
	assert_int_equal(dump(&t, &e), ERR_INTERNAL);
	assert_non_null(strstr(e.message, "app_user"));
	/* a key twice */
	struct fake_row d[2] = {{table("app_user"), {TXT("a")}}, {table("app_user"), {TXT("a")}}};
	rows = d;
	err_clear(&e);
	assert_int_equal(dump(&t, &e), ERR_INTERNAL);
	/* integers by value, not by text: 9 before 10 */
	struct fake_row ints[2] = {{table("audit"), {INT(9)}}, {table("audit"), {INT(10)}}};
	rows = ints;
	err_clear(&e);
	assert_int_equal(dump(&t, &e), 0);
	/* a shorter key first: "a" before "a-1" before "ab" */
	struct fake_row pre[3] = {{table("org"), {TXT("a")}}, {table("org"), {TXT("a-1")}}, {table("org"), {TXT("ab")}}};
	rows = pre;
	nrows = 3;
	assert_int_equal(dump(&t, &e), 0);
	/* composite keys: (org, id) */
	struct fake_row comp[3] = {{table("node"), {TXT("a"), TXT("z")}},
				   {table("node"), {TXT("b"), TXT("a")}},
				   {table("node"), {TXT("b"), TXT("b")}}};
	rows = comp;
	assert_int_equal(dump(&t, &e), 0);
	comp[2].v[1] = (struct store_value)TXT("0");
	assert_int_equal(dump(&t, &e), ERR_INTERNAL);
	/* tables out of order */
	struct fake_row tabs[2] = {{table("node"), {TXT("a"), TXT("a")}}, {table("org"), {TXT("a")}}};
	rows = tabs;
	nrows = 2;
	err_clear(&e);
	assert_int_equal(dump(&t, &e), ERR_INTERNAL);
}

static int refuse(void *ctx, const char *s, size_t len)
{
	(void)ctx;
	(void)s;
	(void)len;
	return ERR_IO;
}

static void test_scoped_and_sink(void **state)
{
	(void)state;
	struct errinfo e = {0};
	nrows = 0;
	struct store_grant g[] = {{"a", STORE_GRANT_READ}};
	struct store_scope sc = {g, 1};
	struct store st = {.ops = &fake_ops, .scope = &sc};
	assert_int_equal(store_dump(&st, refuse, NULL, &e), ERR_DENIED);
	st.scope = NULL;
	assert_int_equal(store_dump(&st, refuse, NULL, &e), ERR_IO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical_text),
		cmocka_unit_test(test_reals),
		cmocka_unit_test(test_key_order_enforced),
		cmocka_unit_test(test_scoped_and_sink),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
