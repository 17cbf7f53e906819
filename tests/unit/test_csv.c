/*
 * test_csv.c — the CSV reader: separators, quoting, line ends, BOM, Danish
 * text, UTF-8 validation, limits and blank rows.
 *
 * Most cases render every row the reader returns as "N[f1|f2|…]" (N the row
 * number) and compare that with the expected text, so a wrong field, a wrong
 * field count or a wrong row number all show up in one string.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

/* Every row of data, rendered; the final csv_next_row result goes to *rc. */
static char *render(const char *data, size_t len, char *sep, int *rc, struct errinfo *e)
{
	static char out[1 << 16];
	size_t n = 0;
	struct csv c;
	csv_init(&c, data, len);
	if (sep)
		*sep = c.sep;
	err_clear(e);
	out[0] = '\0';
	int r;
	while ((r = csv_next_row(&c, e)) == 1) {
		n += (size_t)snprintf(out + n, sizeof out - n, "%zu[", c.row);
		for (size_t i = 0; i < c.nfields; i++) {
			assert_int_equal(strlen(c.fields[i]), c.field_len[i]);
			n += (size_t)snprintf(out + n, sizeof out - n, "%s%s", i ? "|" : "", c.fields[i]);
		}
		n += (size_t)snprintf(out + n, sizeof out - n, "]");
		assert_true(n < sizeof out);
	}
	*rc = r;
	/* Once finished or failed, the reader stays so. */
	struct errinfo e2;
	err_clear(&e2);
	assert_int_equal(csv_next_row(&c, &e2), r == 0 ? 0 : ERR_INVALID);
	csv_free(&c);
	return out;
}

static void expect(const char *data, char want_sep, const char *want)
{
	struct errinfo e;
	int rc;
	char sep;
	const char *got = render(data, strlen(data), &sep, &rc, &e);
	if (rc != 0)
		fail_msg("error %d at %s: %s", rc, e.field, e.message);
	assert_int_equal(sep, want_sep);
	assert_string_equal(got, want);
}

/* Reading data fails with ERR_INVALID at where, the message containing what. */
static void expect_error_len(const char *data, size_t len, const char *where, const char *what)
{
	struct errinfo e;
	int rc;
	render(data, len, NULL, &rc, &e);
	assert_int_equal(rc, ERR_INVALID);
	assert_int_equal(e.code, ERR_INVALID);
	assert_string_equal(e.field, where);
	if (!strstr(e.message, what))
		fail_msg("message \"%s\" lacks \"%s\"", e.message, what);
}

static void expect_error(const char *data, const char *where, const char *what)
{
	expect_error_len(data, strlen(data), where, what);
}

static void test_comma(void **state)
{
	(void)state;
	expect("name,kind,owner\nA,system,Bo\nB,service,Ann\n", ',',
	       "1[name|kind|owner]2[A|system|Bo]3[B|service|Ann]");
	/* No final line end; empty fields, trailing separator. */
	expect("a,b,c\n1,,3\n,,x\n4,5,", ',', "1[a|b|c]2[1||3]3[||x]4[4|5|]");
	/* A single column: no separator in the header at all. */
	expect("navn\nA\nB", ',', "1[navn]2[A]3[B]");
	/* Spaces are data. */
	expect(" a , b \n", ',', "1[ a | b ]");
}

static void test_semicolon(void **state)
{
	(void)state;
	/* Danish Excel: ';' separates, ',' is a decimal comma or text. */
	expect("navn;beløb;note\nServer 1;12,5;Netværk, core\nServer 2;3,0;x", ';',
	       "1[navn|beløb|note]2[Server 1|12,5|Netværk, core]3[Server 2|3,0|x]");
	/* Separator detection ignores separators inside quotes in the header. */
	expect("\"a,b,c\";d;e\n1;2;3\n", ';', "1[a,b,c|d|e]2[1|2|3]");
	expect("\"a;b;c\",d,e\n1,2,3\n", ',', "1[a;b;c|d|e]2[1|2|3]");
	/* A tie means ','. */
	expect("a;b,c\n", ',', "1[a;b|c]");
	/* Only the header counts, not later rows. */
	expect("a;b\n1,2;3,4,5,6\n", ';', "1[a|b]2[1,2|3,4,5,6]");
	/* Leading blank lines do not hide the header from detection. */
	expect("\n\r\na;b\n1;2\n", ';', "3[a|b]4[1|2]");
}

static void test_quotes(void **state)
{
	(void)state;
	expect("\"a,b\",\"say \"\"hej\"\"\",\"line1\nline2\"\nnext,\"\",z\n", ',',
	       "1[a,b|say \"hej\"|line1\nline2]2[next||z]");
	/* A field that is one doubled quote; a quoted field at end of input. */
	expect("\"\"\"\",x\n\"end\"", ',', "1[\"|x]2[end]");
	/* Quotes inside an unquoted field are literal. */
	expect("item;size\nrack;19\" wide\n", ';', "1[item|size]2[rack|19\" wide]");
	/* Separators and CRLF inside quotes are data, kept byte for byte. */
	expect("a;b\r\n\"x;y\r\nz\";\"\"\"q\"\"\"\r\n", ';', "1[a|b]2[x;y\r\nz|\"q\"]");
	/* A multi-line field takes one row number; the next row follows it. */
	expect("h\n\"a\nb\nc\"\nd\n", ',', "1[h]2[a\nb\nc]3[d]");
}

static void test_line_ends(void **state)
{
	(void)state;
	expect("a,b\r\n1,2\r\n3,4\r\n", ',', "1[a|b]2[1|2]3[3|4]");
	expect("a,b\r1,2\r3,4", ',', "1[a|b]2[1|2]3[3|4]");
	expect("a,b\n1,2\r\n3,4\r5,6", ',', "1[a|b]2[1|2]3[3|4]4[5|6]");
}

static void test_bom(void **state)
{
	(void)state;
	expect("\xEF\xBB\xBFnavn;ejer\nA;Bo\n", ';', "1[navn|ejer]2[A|Bo]");
	expect("\xEF\xBB\xBF\"navn\",ejer\n", ',', "1[navn|ejer]");
	/* A BOM alone, or an empty file, holds no rows. */
	expect("\xEF\xBB\xBF", ',', "");
	expect("", ',', "");
	/* Only the leading BOM is skipped; elsewhere U+FEFF is text. */
	expect("a\n\xEF\xBB\xBF" "b\n", ',', "1[a]2[\xEF\xBB\xBF" "b]");
}

static void test_danish(void **state)
{
	(void)state;
	expect("Æble;Øl;År\nblåbær;søster;æøå ÆØÅ\n\"Ærø, Ålborg\";Københavns Kommune;€ 5\n", ';',
	       "1[Æble|Øl|År]2[blåbær|søster|æøå ÆØÅ]3[Ærø, Ålborg|Københavns Kommune|€ 5]");
	/* Valid edge cases: U+0080, U+07FF, U+0800, U+D7FF, U+E000, U+FFFF, U+10000, U+10FFFF. */
	expect("\xC2\x80,\xDF\xBF,\xE0\xA0\x80,\xED\x9F\xBF,\xEE\x80\x80,\xEF\xBF\xBF,\xF0\x90\x80\x80,"
	       "\xF4\x8F\xBF\xBF\n",
	       ',',
	       "1[\xC2\x80|\xDF\xBF|\xE0\xA0\x80|\xED\x9F\xBF|\xEE\x80\x80|\xEF\xBF\xBF|\xF0\x90\x80\x80|"
	       "\xF4\x8F\xBF\xBF]");
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	/* Windows-1252 "blåbær" in row 3, column 2. */
	expect_error("navn;note\nA;ok\nB;bl\xE5" "b\xE6r\n", "row 3, column 2", "UTF-8");
	expect_error("navn;note\nA;ok\nB;bl\xE5" "b\xE6r\n", "row 3, column 2", "0xE5 at byte 3");
	/* Inside a quoted field, after a blank line (still counted), in column 3. */
	expect_error("a,b,c\n\n1,2,\"x\ny\xF8\"\n", "row 3, column 3", "UTF-8");
	static const char *const bad[] = {
		"\xC0\xAF",         /* overlong '/' */
		"\xC1\xBF",         /* overlong */
		"\xE0\x80\xAF",     /* overlong, 3 bytes */
		"\xE0\x9F\xBF",     /* overlong U+07FF */
		"\xF0\x80\x80\xAF", /* overlong, 4 bytes */
		"\xF0\x8F\xBF\xBF", /* overlong U+FFFF */
		"\xED\xA0\x80",     /* U+D800, a surrogate */
		"\xED\xBF\xBF",     /* U+DFFF */
		"\xF4\x90\x80\x80", /* U+110000 */
		"\xF5\x80\x80\x80", /* lead byte beyond U+10FFFF */
		"\xFF",
		"\x80",             /* stray continuation */
		"a\xBF",
		"\xC3",             /* truncated */
		"\xE2\x82",
		"\xF0\x9F\x98",
		"\xC3(",            /* bad continuation */
		"\xE2\x28\xA1",
		"\xE2\x82\x28",
		"\xF0\x9F\x98\x28",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char data[64];
		snprintf(data, sizeof data, "h1,h2\nok,\"%s\"\n", bad[i]);
		expect_error(data, "row 2, column 2", "UTF-8");
		snprintf(data, sizeof data, "h1,h2\nok,x%s\n", bad[i]);
		expect_error(data, "row 2, column 2", "UTF-8");
	}
	/* A NUL byte would cut the C string short: rejected. */
	expect_error_len("a,b\n1,x\0y\n", 10, "row 2, column 2", "NUL");
	/* A UTF-16 file gets a hint instead of a byte dump. */
	expect_error_len("\xFF\xFE" "a\0,\0b\0\n\0", 10, "row 1, column 1", "UTF-16");
}

static void test_structure_errors(void **state)
{
	(void)state;
	expect_error("a,b\n1,\"open\n2,3\n", "row 2, column 2", "never closed");
	expect_error("a,\"b\n", "row 1, column 2", "never closed");
	expect_error("\"", "row 1, column 1", "never closed");
	expect_error("a,b\n\"x\"y,2\n", "row 2, column 1", "after a closing quote");
	expect_error("a;b\n1;\"x\" \n", "row 2, column 2", "after a closing quote");
	/* The error is reported without an errinfo too. */
	struct csv c;
	csv_init(&c, "\"x", 2);
	assert_int_equal(csv_next_row(&c, NULL), ERR_INVALID);
	assert_int_equal(csv_next_row(&c, NULL), ERR_INVALID);
	csv_free(&c);
}

static void test_blank_lines(void **state)
{
	(void)state;
	expect("a,b\n\n1,2\r\n\r\n,\n3,4\n\n\n", ',', "1[a|b]3[1|2]6[3|4]");
	expect("a;b;c\n1;2;3\n;;\n;;\n", ';', "1[a|b|c]2[1|2|3]");
	/* A quoted empty field is content, not a blank row. */
	expect("a\n\"\"\n\n", ',', "1[a]2[]");
	/* Whitespace is content. */
	expect("a\n \n", ',', "1[a]2[ ]");
	expect("\n\n\r\n", ',', "");
}

static void test_limits(void **state)
{
	(void)state;
	size_t cap = 4 * (CSV_MAX_FIELD_LEN + 16);
	char *data = malloc(cap);
	assert_non_null(data);
	struct errinfo e;

	/* Exactly CSV_MAX_FIELDS columns pass; one more fails naming the column. */
	size_t n = 0;
	for (int row = 0; row < 2; row++) {
		for (int i = 0; i < CSV_MAX_FIELDS; i++)
			n += (size_t)snprintf(data + n, cap - n, "%s%d", i ? "," : "", i);
		data[n++] = '\n';
	}
	struct csv c;
	csv_init(&c, data, n);
	err_clear(&e);
	assert_int_equal(csv_next_row(&c, &e), 1);
	assert_int_equal(csv_next_row(&c, &e), 1);
	assert_int_equal(c.nfields, CSV_MAX_FIELDS);
	assert_string_equal(c.fields[255], "255");
	assert_int_equal(csv_next_row(&c, &e), 0);
	csv_free(&c);
	memcpy(data + n - 1, ",x\n", 3);
	expect_error_len(data, n + 2, "row 2, column 257", "more than 256 columns");

	/* Fields of exactly CSV_MAX_FIELD_LEN bytes pass, unquoted and quoted. */
	n = 0;
	memcpy(data, "h,h2\n", 5);
	n = 5;
	memset(data + n, 'x', CSV_MAX_FIELD_LEN);
	n += CSV_MAX_FIELD_LEN;
	data[n++] = ',';
	data[n++] = '"';
	memset(data + n, 'y', CSV_MAX_FIELD_LEN - 2);
	n += CSV_MAX_FIELD_LEN - 2;
	memcpy(data + n, "\"\"\"\"\"\n", 6); /* two doubled quotes, then the closing one */
	n += 6;
	csv_init(&c, data, n);
	err_clear(&e);
	assert_int_equal(csv_next_row(&c, &e), 1);
	assert_int_equal(csv_next_row(&c, &e), 1);
	assert_int_equal(c.field_len[0], CSV_MAX_FIELD_LEN);
	assert_int_equal(c.field_len[1], CSV_MAX_FIELD_LEN);
	assert_int_equal(strlen(c.fields[1]), CSV_MAX_FIELD_LEN);
	assert_memory_equal(c.fields[1] + CSV_MAX_FIELD_LEN - 3, "y\"\"", 4);
	assert_int_equal(csv_next_row(&c, &e), 0);
	csv_free(&c);

	/* One byte more fails, in either form. */
	memcpy(data, "h,h2\n", 5);
	n = 5;
	memset(data + n, 'x', CSV_MAX_FIELD_LEN + 1);
	n += CSV_MAX_FIELD_LEN + 1;
	data[n++] = '\n';
	expect_error_len(data, n, "row 2, column 1", "longer than 65536 bytes");
	n = 5;
	memcpy(data + n, "ok,\"", 4);
	n += 4;
	memset(data + n, 'y', CSV_MAX_FIELD_LEN - 1);
	n += CSV_MAX_FIELD_LEN - 1;
	memcpy(data + n, "\"\"\"\"\"\n", 6); /* 65537 bytes after unquoting */
	n += 6;
	expect_error_len(data, n, "row 2, column 2", "longer than 65536 bytes");
	free(data);
}

/* Many long fields force the scratch buffer to move while a row is read. */
static void test_scratch_growth(void **state)
{
	(void)state;
	enum { NF = 200, FL = 1500 };
	size_t cap = NF * (FL + 1) * 2 + 16;
	char *data = malloc(cap);
	assert_non_null(data);
	size_t n = 0;
	for (int row = 0; row < 2; row++) {
		for (int i = 0; i < NF; i++) {
			if (i)
				data[n++] = ';';
			memset(data + n, 'a' + (i + row) % 26, FL);
			n += FL;
		}
		data[n++] = '\n';
	}
	struct csv c;
	struct errinfo e;
	err_clear(&e);
	csv_init(&c, data, n);
	assert_int_equal(c.sep, ';');
	for (int row = 0; row < 2; row++) {
		assert_int_equal(csv_next_row(&c, &e), 1);
		assert_int_equal(c.nfields, NF);
		for (int i = 0; i < NF; i++) {
			assert_int_equal(c.field_len[i], FL);
			assert_int_equal(c.fields[i][0], 'a' + (i + row) % 26);
			assert_int_equal(c.fields[i][FL - 1], 'a' + (i + row) % 26);
			assert_int_equal(c.fields[i][FL], '\0');
		}
	}
	assert_int_equal(csv_next_row(&c, &e), 0);
	assert_int_equal(c.nfields, 0);
	csv_free(&c);
	free(data);
}

/* The reader never reads past len: the buffer need not be NUL-terminated. */
static void test_no_overread(void **state)
{
	(void)state;
	static const char *const cases[] = {"a,b\n1,\"2\"", "a,b\n1,2", "\"a\"\"", "x;\"y"};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t len = strlen(cases[i]);
		char *exact = malloc(len); /* ASan flags any read past the end */
		assert_non_null(exact);
		memcpy(exact, cases[i], len);
		struct csv c;
		struct errinfo e;
		err_clear(&e);
		csv_init(&c, exact, len);
		int rc;
		while ((rc = csv_next_row(&c, &e)) == 1)
			;
		assert_true(rc == 0 || rc == ERR_INVALID);
		csv_free(&c);
		free(exact);
	}
	struct csv c;
	csv_init(&c, NULL, 0);
	assert_int_equal(csv_next_row(&c, NULL), 0);
	csv_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_comma),
		cmocka_unit_test(test_semicolon),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_danish),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_structure_errors),
		cmocka_unit_test(test_blank_lines),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_scratch_growth),
		cmocka_unit_test(test_no_overread),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
