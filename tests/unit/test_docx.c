/*
 * test_docx.c — the DOCX back end (doc_docx.c), read back by real readers.
 *
 * Each case renders a document through doc_render, writes the bytes to a
 * temporary file and hands it to tests/docx/read_docx.py under the system
 * python (/usr/bin/python3, which has python-docx): zipfile's testzip for
 * the archive, xml.dom.minidom for every XML part, python-docx for the
 * paragraphs with their style names, the table cells with their shading,
 * the header rows, the bullet numbering, the page header and footer.  The
 * cases compare what that reader printed with what a person opening the
 * file must see: headings in "Heading 1".."3", Danish letters intact,
 * "<&>" back as written, cells in their order and colours.  unzip -t checks
 * the archive once more where the system has unzip.
 *
 * The libzip failures a real run cannot provoke are injected: this program
 * defines zip_source_buffer_create, zip_file_add and zip_close itself (the
 * executable's definitions come before libzip's), failing on demand and
 * otherwise calling libzip's through dlsym(RTLD_NEXT).
 *
 * The helper is found under the source tree: $SKJOLD_SRC when set, else the
 * current directory (tests/run.sh runs the unit tests from the repository root).
 */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dlfcn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

#include "doc.h"

#define PYTHON "/usr/bin/python3"
#define UNZIP "/usr/bin/unzip"

/* The absolute path of the reader script (static). */
static const char *helper_path(void)
{
	static char path[4096];
	const char *src = getenv("SKJOLD_SRC");
	char cwd[2048];
	if (!src || !*src) {
		if (!getcwd(cwd, sizeof cwd))
			fail_msg("getcwd failed");
		src = cwd;
	}
	snprintf(path, sizeof path, "%s/tests/docx/read_docx.py", src);
	if (strchr(path, '\''))
		fail_msg("the source path %s has a quote", path);
	if (access(path, R_OK) != 0)
		fail_msg("cannot find %s: run from the repository root or set SKJOLD_SRC", path);
	return path;
}

/* Render d as DOCX into a new temporary file; its name goes to path. */
static void render_file(const struct doc *d, char path[64])
{
	char *out = NULL;
	size_t len = 0;
	struct errinfo e;
	err_clear(&e);
	helper_path(); /* fail before writing anything when the reader is missing */
	int rc = doc_render(d, DOC_DOCX, &out, &len, &e);
	if (rc)
		fail_msg("doc_render DOCX: %d %s: %s", rc, e.field, e.message);
	assert_non_null(out);
	assert_true(len > 4);
	assert_memory_equal(out, "PK\x03\x04", 4); /* a ZIP local file header */
	const char *tmp = getenv("TMPDIR");
	snprintf(path, 64, "%s/test_docx_XXXXXX", tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(out, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(out);
}

/* Run cmd; its standard output (malloc'ed) and exit status. */
static char *run(const char *cmd, int *status)
{
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t cap = 1 << 16, n = 0;
	char *s = malloc(cap);
	assert_non_null(s);
	size_t got;
	while ((got = fread(s + n, 1, cap - n - 1, p)) > 0) {
		n += got;
		if (cap - n - 1 == 0) {
			cap *= 2;
			s = realloc(s, cap);
			assert_non_null(s);
		}
	}
	s[n] = '\0';
	int st = pclose(p);
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return s;
}

/* What read_docx.py printed about the file at path, which is removed; fails the test when the reader failed. */
static char *read_back(const char *path)
{
	char cmd[8192];
	snprintf(cmd, sizeof cmd, "'%s' -I -X utf8 '%s' '%s' 2>&1", PYTHON, helper_path(), path);
	int status;
	char *out = run(cmd, &status);
	unlink(path);
	if (status != 0)
		fail_msg("read_docx.py failed (%d):\n%s", status, out);
	return out;
}

/* The lines of out that start with prefix, in order, each ending in '\n' (malloc'ed). */
static char *lines(const char *out, const char *prefix)
{
	size_t n = strlen(out), pl = strlen(prefix);
	char *r = malloc(n + 1), *w = r;
	assert_non_null(r);
	for (const char *p = out; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
		if (len >= pl && !memcmp(p, prefix, pl)) {
			memcpy(w, p, len);
			w += len;
		}
		p += len;
	}
	*w = '\0';
	return r;
}

/* Assert that out has the line want (without its newline). */
static void has_line(const char *out, const char *want)
{
	size_t wl = strlen(want);
	for (const char *p = out; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len == wl && !memcmp(p, want, wl))
			return;
		p += len + (nl != NULL);
	}
	fail_msg("no line \"%s\" in:\n%s", want, out);
}

static void lacks(const char *out, const char *what)
{
	if (strstr(out, what))
		fail_msg("\"%s\" should not be in:\n%s", what, out);
}

/* The lines with prefix must be exactly want. */
static void lines_equal(const char *out, const char *prefix, const char *want)
{
	char *got = lines(out, prefix);
	if (strcmp(got, want))
		fail_msg("%s lines differ.\nwant:\n%s\ngot:\n%s", prefix, want, got);
	free(got);
}

static const char *const full_parts = "PART|[Content_Types].xml\n"
				      "PART|_rels/.rels\n"
				      "PART|docProps/core.xml\n"
				      "PART|docProps/app.xml\n"
				      "PART|word/document.xml\n"
				      "PART|word/styles.xml\n"
				      "PART|word/numbering.xml\n"
				      "PART|word/settings.xml\n"
				      "PART|word/footer1.xml\n"
				      "PART|word/header1.xml\n"
				      "PART|word/_rels/document.xml.rels\n";

/* A forum document with every kind of block, Danish text and characters XML must escape. */
static void build_full(struct doc *d)
{
	struct doc_meta m = {
		.title_da = "Risikorapport for Sønderjysk Æble & Ø",
		.title_en = "Risk report",
		.org_name = "Sønderjysk Energi A/S",
		.org_id = "sje",
		.as_of = "2026-03-31",
		.period = "1. kvartal 2026 (Q1 2026)",
		.tlp = "TLP:AMBER",
	};
	doc_init(d, &m);
	doc_heading(d, 1, "Risici", "Risks");
	doc_para(d, "Blåbærgrød på Ærø", "Blueberry porridge");
	doc_heading(d, 2, "Opfølgning", "Follow-up");
	const char *heads[3] = {"Id", "Titel", "Niveau"};
	doc_table_begin(d, 3, heads);
	doc_table_row(d, 3, (const char *[]){"R-1", "Strømsvigt", "Kritisk"}, (const int[]){0, 0, 4}, 0);
	doc_table_row(d, 3, (const char *[]){"R-2", "Phishing & <script>\"x\"", "Lav"}, (const int[]){0, 0, 1},
		      DOC_ROW_OVERDUE);
	doc_table_row(d, 3, (const char *[]){"R-3", "Tab\there", ""}, NULL, 0);
	doc_table_end(d);
	doc_list_begin(d);
	doc_list_item(d, "Første punkt", "First item");
	doc_list_item(d, "Andet punkt <b>", NULL);
	doc_list_end(d);
	doc_heading(d, 3, "Logbog", NULL);
	doc_pre(d, "line 1 <&>\n  indented \"q\"\nend æ\n");
	doc_para(d, "bad\x01" "byte\xff end\xef\xbf\xbf", NULL);
	/* levels [likelihood-1][consequence-1], counts 4 * (likelihood-1) + consequence-1 */
	static const int lv[4][4] = {{0, 0, 1, 1}, {0, 1, 2, 2}, {1, 2, 3, 3}, {2, 3, 4, 4}};
	struct doc_heatmap h = {.title = "Sandsynlighed \\ konsekvens"};
	for (int l = 0; l < 4; l++)
		for (int c = 0; c < 4; c++) {
			h.counts[l][c] = l * 4 + c;
			h.levels[l][c] = lv[l][c];
		}
	doc_heatmap(d, &h);
}

static void test_full_document(void **state)
{
	(void)state;
	struct doc d;
	build_full(&d);
	char path[64];
	render_file(&d, path);
	doc_free(&d);
	/* another reader of the archive, where there is one */
	if (access(UNZIP, X_OK) == 0) {
		char cmd[256];
		snprintf(cmd, sizeof cmd, "%s -tq '%s' 2>&1", UNZIP, path);
		int status;
		char *u = run(cmd, &status);
		if (status != 0) {
			unlink(path);
			fail_msg("unzip -t failed (%d): %s", status, u);
		}
		assert_non_null(strstr(u, "No errors detected"));
		free(u);
	}
	char *out = read_back(path);

	/* the archive and every XML part */
	has_line(out, "ZIP|ok");
	lines_equal(out, "PART|", full_parts);
	lines_equal(out, "XML|",
		    "XML|[Content_Types].xml|ok\nXML|_rels/.rels|ok\nXML|docProps/core.xml|ok\n"
		    "XML|docProps/app.xml|ok\nXML|word/document.xml|ok\nXML|word/styles.xml|ok\n"
		    "XML|word/numbering.xml|ok\nXML|word/settings.xml|ok\nXML|word/footer1.xml|ok\n"
		    "XML|word/header1.xml|ok\nXML|word/_rels/document.xml.rels|ok\n");
	char *core = lines(out, "CORE|");
	assert_true(!strncmp(core, "CORE|Risikorapport for Sønderjysk Æble & Ø|skjold|20", 55));
	free(core);

	/* the body paragraphs in order, with their style names */
	lines_equal(out, "P|",
		    "P|Normal|TLP:AMBER\n"
		    "P|Title|Risikorapport for Sønderjysk Æble & Ø\\nRisk report\n"
		    "P|Document Info|Sønderjysk Energi A/S · Opgjort pr. (As of): 2026-03-31 · 1. kvartal 2026 (Q1 2026)\n"
		    "P|Heading 1|Risici (Risks)\n"
		    "P|Normal|Blåbærgrød på Ærø\\nBlueberry porridge\n"
		    "P|Heading 2|Opfølgning (Follow-up)\n"
		    "P|Normal|\n"
		    "P|List Bullet|Første punkt\\nFirst item\n"
		    "P|List Bullet|Andet punkt <b>\n"
		    "P|Heading 3|Logbog\n"
		    "P|Preformatted|line 1 <&>\\n  indented \"q\"\\nend æ\n"
		    "P|Normal|badbyte\xef\xbf\xbd end\xef\xbf\xbd\n"
		    "P|Normal|\n");
	/* the English is in its own character style */
	lines_equal(out, "R|",
		    "R|English|\\nRisk report\n"
		    "R|English|(As of)\n"
		    "R|English| (Risks)\n"
		    "R|English|\\nBlueberry porridge\n"
		    "R|English| (Follow-up)\n"
		    "R|English|\\nFirst item\n");

	/* the table: header row repeats, cells in order, level and overdue shading */
	lines_equal(out, "T|0|",
		    "T|0|0|0||Id\nT|0|0|1||Titel\nT|0|0|2||Niveau\n"
		    "T|0|1|0||R-1\nT|0|1|1||Strømsvigt\nT|0|1|2|F5B5B5|Kritisk\n"
		    "T|0|2|0|FDECEA|R-2\nT|0|2|1|FDECEA|Phishing & <script>\"x\"\nT|0|2|2|D9F2D9|Lav\n"
		    "T|0|3|0||R-3\nT|0|3|1||Tab\\there\nT|0|3|2||\n");
	lines_equal(out, "TH|", "TH|0|0\nTH|1|0\n");

	/* the heat map: consequence across, likelihood 4 at the top, counts with level names */
	lines_equal(out, "T|1|",
		    "T|1|0|0||Sandsynlighed \\\\ konsekvens\nT|1|0|1||1\nT|1|0|2||2\nT|1|0|3||3\nT|1|0|4||4\n"
		    "T|1|1|0||4\nT|1|1|1|FFF3C4|12 (Medium)\nT|1|1|2|FFD8A8|13 (Høj)\n"
		    "T|1|1|3|F5B5B5|14 (Kritisk)\nT|1|1|4|F5B5B5|15 (Kritisk)\n"
		    "T|1|2|0||3\nT|1|2|1|D9F2D9|8 (Lav)\nT|1|2|2|FFF3C4|9 (Medium)\n"
		    "T|1|2|3|FFD8A8|10 (Høj)\nT|1|2|4|FFD8A8|11 (Høj)\n"
		    "T|1|3|0||2\nT|1|3|1||4\nT|1|3|2|D9F2D9|5 (Lav)\n"
		    "T|1|3|3|FFF3C4|6 (Medium)\nT|1|3|4|FFF3C4|7 (Medium)\n"
		    "T|1|4|0||1\nT|1|4|1||0\nT|1|4|2||1\nT|1|4|3|D9F2D9|2 (Lav)\nT|1|4|4|D9F2D9|3 (Lav)\n");

	/* bullets, the TLP in the page header, organisation, date and page numbers in the footer */
	has_line(out, "BULLET|bullet|•");
	lines_equal(out, "HDR|", "HDR|TLP:AMBER\n");
	lines_equal(out, "RC|", "RC|FFC000|000000|True|TLP:AMBER\n");
	lines_equal(out, "HRC|", "HRC|FFC000|000000|True|TLP:AMBER\n");
	lines_equal(out, "FTR|", "FTR|Sønderjysk Energi A/S · Opgjort pr. 2026-03-31\\tSide 1 af 1\n");
	lines_equal(out, "FLD|", "FLD|PAGE\nFLD|NUMPAGES\n");
	lacks(out, "ERROR|");
	free(out);

}

/* No TLP: no header part and no label; no meta line; the footer has only the page numbers. */
static void test_minimal_document(void **state)
{
	(void)state;
	struct doc d;
	doc_init(&d, &(struct doc_meta){.title_da = "Kun en titel", .title_en = "Kun en titel"});
	char path[64];
	render_file(&d, path);
	doc_free(&d);
	char *out = read_back(path);
	has_line(out, "ZIP|ok");
	lines_equal(out, "PART|",
		    "PART|[Content_Types].xml\nPART|_rels/.rels\nPART|docProps/core.xml\nPART|docProps/app.xml\n"
		    "PART|word/document.xml\nPART|word/styles.xml\nPART|word/numbering.xml\n"
		    "PART|word/settings.xml\nPART|word/footer1.xml\nPART|word/_rels/document.xml.rels\n");
	lines_equal(out, "P|", "P|Title|Kun en titel\n");
	lines_equal(out, "R|", "");
	lines_equal(out, "HDR|", "");
	lines_equal(out, "RC|", "");
	lines_equal(out, "FTR|", "FTR|\\tSide 1 af 1\n");
	lacks(out, "ERROR|");
	free(out);
}

/* A long table across pages: every row comes back, in order, and only the first repeats. */
static void test_long_table(void **state)
{
	(void)state;
	struct doc d;
	doc_init(&d, &(struct doc_meta){.title_da = "Mange rækker", .org_id = "org-1", .as_of = "2026-01-02"});
	doc_table_begin(&d, 2, (const char *[]){"Nr.", "Tekst"});
	for (int i = 0; i < 300; i++) {
		char a[16], b[32];
		snprintf(a, sizeof a, "%d", i);
		snprintf(b, sizeof b, "række %d æøå", i);
		doc_table_row(&d, 2, (const char *[]){a, b}, NULL, i % 7 == 0 ? DOC_ROW_OVERDUE : 0);
	}
	doc_table_end(&d);
	doc_para(&d, "Slut", NULL);
	char path[64];
	render_file(&d, path);
	doc_free(&d);
	char *out = read_back(path);
	has_line(out, "ZIP|ok");
	lines_equal(out, "TH|", "TH|0|0\n");
	lines_equal(out, "P|", "P|Title|Mange rækker\nP|Document Info|org-1 · Opgjort pr. (As of): 2026-01-02\nP|Normal|\nP|Normal|Slut\n");
	char *want = malloc(64 * 1024), *w = want;
	assert_non_null(want);
	w += snprintf(w, 64, "T|0|0|0||Nr.\nT|0|0|1||Tekst\n");
	for (int i = 0; i < 300; i++) {
		const char *fill = i % 7 == 0 ? "FDECEA" : "";
		w += snprintf(w, 128, "T|0|%d|0|%s|%d\nT|0|%d|1|%s|række %d æøå\n", i + 1, fill, i, i + 1, fill, i);
	}
	lines_equal(out, "T|0|", want);
	free(want);
	free(out);
}

/* ---- libzip failures, injected ---- */

static enum { FAIL_NONE, FAIL_CREATE, FAIL_ADD, FAIL_CLOSE } fail_at;
static int adds; /* zip_file_add calls that went through */

zip_source_t *zip_source_buffer_create(const void *data, zip_uint64_t len, int freep, zip_error_t *error)
{
	if (fail_at == FAIL_CREATE) {
		zip_error_set(error, ZIP_ER_MEMORY, 0);
		return NULL;
	}
	zip_source_t *(*real)(const void *, zip_uint64_t, int, zip_error_t *) =
		(zip_source_t * (*)(const void *, zip_uint64_t, int, zip_error_t *)) dlsym(RTLD_NEXT, "zip_source_buffer_create");
	return real(data, len, freep, error);
}

/* Fails on the fourth part, after three were added. */
zip_int64_t zip_file_add(zip_t *za, const char *name, zip_source_t *src, zip_flags_t flags)
{
	if (fail_at == FAIL_ADD && adds == 3) {
		zip_error_set(zip_get_error(za), ZIP_ER_INVAL, 0);
		return -1;
	}
	adds++;
	zip_int64_t (*real)(zip_t *, const char *, zip_source_t *, zip_flags_t) =
		(zip_int64_t(*)(zip_t *, const char *, zip_source_t *, zip_flags_t))dlsym(RTLD_NEXT, "zip_file_add");
	return real(za, name, src, flags);
}

int zip_close(zip_t *za)
{
	if (fail_at == FAIL_CLOSE) {
		zip_error_set(zip_get_error(za), ZIP_ER_WRITE, 28 /* ENOSPC */);
		return -1;
	}
	int (*real)(zip_t *) = (int (*)(zip_t *))dlsym(RTLD_NEXT, "zip_close");
	return real(za);
}

/* A libzip failure is ERR_INTERNAL naming libzip's error, with nothing handed out (and, under ASan, nothing leaked). */
static void test_libzip_failures(void **state)
{
	(void)state;
	static const struct {
		int at;
		const char *msg;
	} cases[] = {
		{FAIL_CREATE, "DOCX: libzip zip_source_buffer_create failed: Malloc failure"},
		{FAIL_ADD, "DOCX: libzip zip_file_add failed: Invalid argument"},
		{FAIL_CLOSE, "DOCX: libzip zip_close failed: Write error: No space left on device"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct doc d;
		build_full(&d);
		fail_at = cases[i].at;
		adds = 0;
		char *out = (char *)1;
		size_t len = 7;
		struct errinfo e;
		err_clear(&e);
		int rc = doc_render(&d, DOC_DOCX, &out, &len, &e);
		fail_at = FAIL_NONE;
		doc_free(&d);
		assert_int_equal(rc, ERR_INTERNAL);
		assert_int_equal(e.code, ERR_INTERNAL);
		assert_string_equal(e.message, cases[i].msg);
		assert_null(out);
		assert_int_equal(len, 0);
	}
	/* and the next render works again */
	struct doc d;
	build_full(&d);
	char path[64];
	render_file(&d, path);
	doc_free(&d);
	char *out = read_back(path);
	has_line(out, "ZIP|ok");
	free(out);
}

/* Each TLP label in its FIRST colour on black, in the body and the page header. */
static void test_tlp_colours(void **state)
{
	(void)state;
	static const char *const tlp[][2] = {
		{"TLP:RED", "FF2B2B"}, {"TLP:AMBER+STRICT", "FFC000"}, {"TLP:GREEN", "33FF00"}, {"TLP:CLEAR", "FFFFFF"}};
	for (size_t i = 0; i < sizeof tlp / sizeof tlp[0]; i++) {
		struct doc d;
		doc_init(&d, &(struct doc_meta){.title_da = "Forum", .tlp = tlp[i][0]});
		char path[64];
		render_file(&d, path);
		doc_free(&d);
		char *out = read_back(path);
		char want[128];
		snprintf(want, sizeof want, "RC|%s|000000|True|%s\n", tlp[i][1], tlp[i][0]);
		lines_equal(out, "RC|", want);
		snprintf(want, sizeof want, "HRC|%s|000000|True|%s\n", tlp[i][1], tlp[i][0]);
		lines_equal(out, "HRC|", want);
		snprintf(want, sizeof want, "P|Normal|%s\nP|Title|Forum\n", tlp[i][0]);
		lines_equal(out, "P|", want);
		free(out);
	}
}

/*
 * Tables next to each other stay apart (an empty paragraph between them, as
 * after a table before text), a heading right after a table needs none, a
 * table of no columns is left out, one of no rows is its header alone.
 */
static void test_table_spacing(void **state)
{
	(void)state;
	struct doc d;
	doc_init(&d, &(struct doc_meta){.title_da = "Tabeller"});
	doc_table_begin(&d, 1, (const char *[]){"A"});
	doc_table_row(&d, 1, (const char *[]){"a1"}, NULL, 0);
	doc_table_end(&d);
	doc_table_begin(&d, 2, (const char *[]){"B", "C"});
	doc_table_end(&d);
	doc_heading(&d, 1, "Efter", NULL);
	doc_table_begin(&d, 0, NULL);
	doc_table_end(&d);
	doc_para(&d, "Tekst", NULL);
	char path[64];
	render_file(&d, path);
	doc_free(&d);
	char *out = read_back(path);
	lines_equal(out, "P|", "P|Title|Tabeller\nP|Normal|\nP|Heading 1|Efter\nP|Normal|Tekst\n");
	lines_equal(out, "T|", "T|0|0|0||A\nT|0|1|0||a1\nT|1|0|0||B\nT|1|0|1||C\n");
	lines_equal(out, "TH|", "TH|0|0\nTH|1|0\n");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_document),
		cmocka_unit_test(test_minimal_document),
		cmocka_unit_test(test_long_table),
		cmocka_unit_test(test_tlp_colours),
		cmocka_unit_test(test_table_spacing),
		cmocka_unit_test(test_libzip_failures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
