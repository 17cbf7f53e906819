/*
 * test_doc_pdf.c — the PDF back end (src/doc/doc_pdf.c), read back by the
 * real tools: qpdf checks the file's structure, poppler's pdfinfo counts
 * pages and reads the metadata, pdftotext extracts the text of each page,
 * pdffonts lists the fonts and whether they are embedded.
 *
 * The main document is a forum document (TLP:AMBER) in Danish with a
 * 160-row register that runs over several pages; the checks are what a
 * reader sees: the Danish letters, the title, "Side N af M" and the TLP
 * label on every page, the table's header at the top of every page the
 * table runs onto, the rows in order, the heat map's captions, embedded
 * DejaVu fonts, and no two words drawn over each other (pdftotext -bbox).
 * Then the rest: headings kept with what follows, a document with a title
 * only, a huge paragraph, a row taller than a page, a 12-column table
 * (header words may break only when the columns are tight), cells at the
 * edge of wrapping, broken UTF-8 and control characters, empty blocks and
 * forty columns, and the output maximum.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "doc.h"
#include "doc_pdf.h"

/*
 * LeakSanitizer (the asan build): fontconfig leaks 288 bytes once, while
 * it parses its configuration on first use (FcInitLoadConfigAndFonts, from
 * pango's font map); the same whether a process renders one PDF or many.
 * Only that library is excused; it is named by module because the fast
 * unwinder stops inside it, before the function name.  tests/lsan.supp
 * holds the same entry for LSAN_OPTIONS.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

#define DANISH "Kritisk risiko p\xc3\xa5 h\xc3\xb8j niveau \xe2\x80\x94 \xc3\x98konomi"
#define TITLE_DA "Risikovurdering for \xc3\x86r\xc3\xb8 Kommune"
#define TITLE_EN "Risk assessment for \xc3\x86r\xc3\xb8 municipality"
#define NROWS 160

/* Write the PDF to a new temporary file; its name in path. */
static void save(const char *pdf, size_t len, char *path, size_t pathn)
{
	snprintf(path, pathn, "/tmp/skjold-test-pdf-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	size_t at = 0;
	while (at < len) {
		ssize_t w = write(fd, pdf + at, len - at);
		assert_true(w > 0);
		at += (size_t)w;
	}
	assert_int_equal(close(fd), 0);
}

/* Whether qpdf --check finds the file sound (exit status 0). */
static int qpdf_check(const char *path)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "qpdf --check '%s' >/dev/null 2>&1", path);
	int st = system(cmd);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* The standard output of a command (malloc'ed); a non-zero exit fails the test. */
static char *capture(const char *cmd)
{
	FILE *f = popen(cmd, "r");
	assert_non_null(f);
	size_t n = 0, cap = 1 << 16;
	char *s = malloc(cap);
	assert_non_null(s);
	size_t got;
	while ((got = fread(s + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (cap - n - 1 == 0) {
			cap *= 2;
			s = realloc(s, cap);
			assert_non_null(s);
		}
	}
	s[n] = 0;
	int st = pclose(f);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fail_msg("%s failed", cmd);
	return s;
}

/*
 * The text of one page (0: all) as pdftotext extracts it; a word broken
 * over two lines with a hyphen ("Sandsy-" "nlighed" in a narrow header) is
 * joined again, as a reader reads it.
 */
static char *text_of(const char *path, int page, int layout)
{
	char cmd[512];
	if (page)
		snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s -f %d -l %d '%s' -", layout ? "-layout" : "", page,
			 page, path);
	else
		snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s '%s' -", layout ? "-layout" : "", path);
	char *t = capture(cmd);
	if (!layout) {
		size_t j = 0;
		for (size_t i = 0; t[i]; i++) {
			if (t[i] == '-' && t[i + 1] == '\n' && i > 0 && t[i - 1] != ' ' && t[i - 1] != '\n') {
				i++;
				continue;
			}
			t[j++] = t[i];
		}
		t[j] = 0;
	}
	return t;
}

/* pdfinfo's line "key:   value" holds value. */
static void info_is(const char *info, const char *key, const char *value)
{
	char k[64];
	snprintf(k, sizeof k, "\n%s:", key);
	const char *p = strstr(info, k);
	if (p)
		p += strlen(k);
	else if (!strncmp(info, k + 1, strlen(k + 1)))
		p = info + strlen(k + 1); /* the first line */
	else
		fail_msg("pdfinfo has no %s", key);
	while (*p == ' ')
		p++;
	if (strncmp(p, value, strlen(value)) || p[strlen(value)] != '\n')
		fail_msg("pdfinfo %s is not \"%s\"", key, value);
}

static int pages_of(const char *path)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "pdfinfo '%s'", path);
	char *info = capture(cmd);
	const char *p = strstr(info, "\nPages:");
	assert_non_null(p);
	int n = atoi(p + 7);
	free(info);
	return n;
}

/* Every font pdffonts lists is embedded; returns the listing (malloc'ed). */
static char *fonts_embedded(const char *path)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "pdffonts '%s'", path);
	char *out = capture(cmd);
	const char *head = strstr(out, "emb");
	assert_non_null(head);
	size_t col = (size_t)(head - out); /* the column of "emb" in the header line */
	int fonts = 0;
	for (char *line = strchr(out, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
		const char *l = line + 1;
		if (!strncmp(l, "----", 4))
			continue;
		const char *nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l) : strlen(l);
		assert_true(len > col + 3);
		if (strncmp(l + col, "yes", 3))
			fail_msg("font not embedded: %.*s", (int)len, l);
		fonts++;
	}
	assert_true(fonts > 0);
	return out;
}

/*
 * No two words on any page overlap, by the boxes pdftotext -bbox gives
 * them (shrunk by a point: the boxes of adjacent lines touch): text that
 * runs out of its table cell into the next row, or a line drawn over
 * another, shows here.
 */
static void no_overlaps(const char *path)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "pdftotext -bbox '%s' -", path);
	char *html = capture(cmd);
	struct box {
		double x0, y0, x1, y1;
		const char *w;
	};
	size_t cap = 4096, n = 0;
	struct box *b = malloc(cap * sizeof *b);
	assert_non_null(b);
	int page = 0;
	for (const char *p = strstr(html, "<page "); p; page++) {
		const char *end = strstr(p + 1, "<page ");
		n = 0;
		for (const char *w = strstr(p, "<word "); w && (!end || w < end); w = strstr(w + 1, "<word ")) {
			struct box x;
			if (sscanf(w, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"", &x.x0, &x.y0, &x.x1,
				   &x.y1) != 4)
				fail_msg("pdftotext -bbox: %.60s", w);
			x.w = strchr(w, '>') + 1;
			if (n == cap) {
				cap *= 2;
				b = realloc(b, cap * sizeof *b);
				assert_non_null(b);
			}
			b[n++] = x;
		}
		for (size_t i = 0; i < n; i++)
			for (size_t j = i + 1; j < n; j++)
				if (b[i].x0 + 0.5 < b[j].x1 - 0.5 && b[j].x0 + 0.5 < b[i].x1 - 0.5 &&
				    b[i].y0 + 1 < b[j].y1 - 1 && b[j].y0 + 1 < b[i].y1 - 1)
					fail_msg("page %d: \"%.*s\" overlaps \"%.*s\"", page + 1, (int)strcspn(b[i].w, "<"),
						 b[i].w, (int)strcspn(b[j].w, "<"), b[j].w);
		p = end;
	}
	assert_true(page > 0);
	free(b);
	free(html);
}

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void render_ok(const struct doc *d, char *path, size_t pathn)
{
	char *pdf = NULL;
	size_t len = 0;
	struct errinfo e;
	err_clear(&e);
	int rc = doc_render(d, DOC_PDF, &pdf, &len, &e);
	if (rc)
		fail_msg("render: %d %s", rc, e.message);
	assert_non_null(pdf);
	assert_true(len > 1000);
	assert_memory_equal(pdf, "%PDF-", 5);
	save(pdf, len, path, pathn);
	free(pdf);
	if (!qpdf_check(path))
		fail_msg("qpdf --check failed on %s", path);
}

static void forum_doc(struct doc *d)
{
	struct doc_meta m = {.title_da = TITLE_DA,
			     .title_en = TITLE_EN,
			     .org_name = "\xc3\x86r\xc3\xb8 Kommune",
			     .org_id = "aeroe",
			     .as_of = "2026-03-31",
			     .period = "1. kvartal 2026 (Q1 2026)",
			     .tlp = "TLP:AMBER"};
	doc_init(d, &m);
	doc_heading(d, 1, "Sammenfatning", "Summary");
	doc_para(d, DANISH, "Critical risk at a high level \xe2\x80\x94 Finance");
	doc_heading(d, 2, "Risikoregister", "Risk register");
	const char *heads[6] = {"ID", "Titel", "Ansvarlig", "Niveau", "Frist", "Status"};
	doc_table_begin(d, 6, heads);
	for (int i = 1; i <= NROWS; i++) {
		char id[16], title[96];
		snprintf(id, sizeof id, "R-%04d", i);
		snprintf(title, sizeof title, "Risiko nummer %d: nedbrud af l\xc3\xb8nsystem hos leverand\xc3\xb8r%s", i,
			 i % 7 == 0 ? " med en l\xc3\xa6ngere beskrivelse der skal ombrydes i kolonnen" : "");
		int lv = 1 + i % 4;
		const char *cells[6] = {id, title, "\xc3\x98konomichef", doc_level_da(lv), "2026-04-30",
					i % 5 == 0 ? "Overskredet" : "Aaben"};
		int levels[6] = {0, 0, 0, lv, 0, 0};
		doc_table_row(d, 6, cells, levels, i % 5 == 0 ? DOC_ROW_OVERDUE : 0);
	}
	doc_table_end(d);
	doc_heading(d, 2, "Varmekort", "Heat map");
	struct doc_heatmap h = {.title = "Restrisiko (Residual risk)"};
	for (int l = 0; l < 4; l++)
		for (int c = 0; c < 4; c++) {
			h.counts[l][c] = l * 4 + c;
			h.levels[l][c] = (l + c) / 2 + 1;
		}
	doc_heatmap(d, &h);
	doc_heading(d, 2, "Tiltag", "Measures");
	doc_list_begin(d);
	doc_list_item(d, "Test af n\xc3\xb8" "dplan", "Test the contingency plan");
	doc_list_item(d, "Opdat\xc3\xa9r leverand\xc3\xb8raftale", NULL);
	doc_list_end(d);
	doc_heading(d, 3, "Log", NULL);
	doc_pre(d, "2026-03-01 12:00  import\tOK\n2026-03-02 08:15  vurdering \xc3\xa6\xc3\xb8\xc3\xa5");
}

static void test_forum_document(void **state)
{
	(void)state;
	struct doc d;
	forum_doc(&d);
	char path[64];
	render_ok(&d, path, sizeof path);
	doc_free(&d);

	int n = pages_of(path);
	assert_true(n >= 3);
	char cmd[512];
	snprintf(cmd, sizeof cmd, "pdfinfo '%s'", path);
	char *info = capture(cmd);
	info_is(info, "Title", TITLE_DA);
	info_is(info, "Subject", TITLE_EN);
	info_is(info, "Creator", "skjold");
	info_is(info, "Keywords", "TLP:AMBER");
	info_is(info, "Page size", "595.276 x 841.89 pts (A4)");
	free(info);

	char *all = text_of(path, 0, 0);
	assert_non_null(strstr(all, DANISH));
	assert_non_null(strstr(all, TITLE_DA));
	assert_non_null(strstr(all, TITLE_EN));
	assert_non_null(strstr(all, "Opgjort pr. (As of): 2026-03-31"));
	assert_non_null(strstr(all, "1. kvartal 2026 (Q1 2026)"));
	assert_non_null(strstr(all, "\xc3\x86r\xc3\xb8 Kommune (aeroe)"));
	assert_non_null(strstr(all, "Konsekvens (Consequence)"));
	assert_non_null(strstr(all, "Sandsynlighed (Likelihood)"));
	assert_non_null(strstr(all, "Restrisiko (Residual risk)"));
	assert_non_null(strstr(all, "Test af n\xc3\xb8" "dplan"));
	assert_non_null(strstr(all, "vurdering \xc3\xa6\xc3\xb8\xc3\xa5"));
	/* every row, once, in order */
	const char *prev = all;
	for (int i = 1; i <= NROWS; i++) {
		char id[16];
		snprintf(id, sizeof id, "R-%04d", i);
		const char *at = strstr(all, id);
		if (!at || at < prev)
			fail_msg("row %s missing or out of order", id);
		assert_null(strstr(at + 1, id));
		prev = at;
	}
	free(all);

	int first = 0, last = 0;
	for (int pg = 1; pg <= n; pg++) {
		char *t = text_of(path, pg, 1);
		char want[64];
		snprintf(want, sizeof want, "Side %d af %d (Page %d of %d)", pg, n, pg, n);
		if (!strstr(t, want))
			fail_msg("page %d lacks \"%s\"", pg, want);
		/* the label right-justified in the header and the footer */
		if (count(t, "TLP:AMBER") < 2)
			fail_msg("page %d: the TLP label is not in both header and footer", pg);
		assert_non_null(strstr(t, "Opgjort pr. 2026-03-31"));
		const char *row = strstr(t, "R-0");
		if (row) {
			if (!first)
				first = pg;
			last = pg;
			/* the header above the page's first row */
			const char *head = strstr(t, "Ansvarlig");
			if (!head || head > row)
				fail_msg("page %d: table header not repeated above the rows", pg);
		}
		free(t);
	}
	assert_true(first >= 1);
	assert_true(last - first >= 2); /* the table spans at least three pages */

	no_overlaps(path);
	char *fonts = fonts_embedded(path);
	assert_non_null(strstr(fonts, "DejaVuSans "));
	assert_non_null(strstr(fonts, "DejaVuSans-Bold"));
	assert_non_null(strstr(fonts, "DejaVuSansMono"));
	free(fonts);
	unlink(path);
}

/* A heading moved with what follows: no page ends with a heading. */
static void test_heading_kept_with_next(void **state)
{
	(void)state;
	struct doc_meta m = {.title_da = "Overskrifter", .as_of = "2026-01-01"};
	struct doc d;
	doc_init(&d, &m);
	char t[64];
	for (int i = 0; i < 60; i++) {
		snprintf(t, sizeof t, "Afsnit %02d", i);
		doc_heading(&d, 2, t, NULL);
		doc_para(&d, "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
			     "incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam.",
			 i % 2 ? "An English line below the Danish one." : NULL);
	}
	char path[64];
	render_ok(&d, path, sizeof path);
	doc_free(&d);
	int n = pages_of(path);
	assert_true(n >= 3);
	for (int pg = 1; pg <= n; pg++) {
		char *tx = text_of(path, pg, 0);
		/* the last "Afsnit" on the page has its paragraph after it on the same page */
		const char *h = NULL;
		for (const char *q = strstr(tx, "Afsnit "); q; q = strstr(q + 1, "Afsnit "))
			h = q;
		if (h && !strstr(h, "Lorem ipsum"))
			fail_msg("page %d ends with a heading", pg);
		free(tx);
	}
	unlink(path);
}

static void test_title_only(void **state)
{
	(void)state;
	struct doc_meta m = {.title_da = "Tom rapport \xc3\xa6\xc3\xb8\xc3\xa5"};
	struct doc d;
	doc_init(&d, &m);
	char path[64];
	render_ok(&d, path, sizeof path);
	doc_free(&d);
	assert_int_equal(pages_of(path), 1);
	char *t = text_of(path, 0, 0);
	assert_non_null(strstr(t, "Tom rapport \xc3\xa6\xc3\xb8\xc3\xa5"));
	assert_non_null(strstr(t, "Side 1 af 1 (Page 1 of 1)"));
	assert_null(strstr(t, "TLP:"));
	free(t);
	free(fonts_embedded(path));
	unlink(path);
}

/* 300 KB of words and one 40 KB word: wrapped over many pages, the end still there. */
static void test_huge_paragraph(void **state)
{
	(void)state;
	size_t n = 300000, w = 40000;
	char *s = malloc(n + w + 64);
	assert_non_null(s);
	size_t at = 0;
	static const char *const words[] = {"risiko", "\xc3\xb8konomi", "leverand\xc3\xb8r", "k\xc3\xa6" "de", "\xc3\xa5rsag"};
	for (size_t i = 0; at < n; i++) {
		const char *x = words[i % 5];
		memcpy(s + at, x, strlen(x));
		at += strlen(x);
		s[at++] = i % 40 == 39 ? '\n' : ' ';
	}
	for (size_t i = 0; i < w; i++)
		s[at++] = (char)('a' + i % 26);
	memcpy(s + at, " SLUTNINGEN", 12);
	struct doc_meta m = {.title_da = "Lang tekst"};
	struct doc d;
	doc_init(&d, &m);
	doc_para(&d, s, "The English follows the Danish.");
	free(s);
	char path[64];
	render_ok(&d, path, sizeof path);
	doc_free(&d);
	int np = pages_of(path);
	assert_true(np > 20);
	char *t = text_of(path, np, 0);
	assert_non_null(strstr(t, "SLUTNINGEN"));
	assert_non_null(strstr(t, "The English follows the Danish."));
	free(t);
	unlink(path);
}

/* A row taller than a page runs over pages, cut between lines, the header on each. */
static void test_row_taller_than_page(void **state)
{
	(void)state;
	size_t n = 20000;
	char *s = malloc(n + 64);
	assert_non_null(s);
	size_t at = 0;
	memcpy(s, "BEGYNDELSEN ", 12);
	at = 12;
	for (int i = 0; at < n; i++)
		at += (size_t)snprintf(s + at, n + 64 - at, "ord%05d ", i);
	memcpy(s + at, "SLUTNINGEN", 11);
	struct doc_meta m = {.title_da = "H\xc3\xb8j r\xc3\xa6kke", .tlp = "TLP:RED"};
	struct doc d;
	doc_init(&d, &m);
	const char *heads[3] = {"Kolonne A", "Lang kolonne", "Kolonne C"};
	doc_table_begin(&d, 3, heads);
	const char *r1[3] = {"f\xc3\xb8rste", "kort", "x"};
	doc_table_row(&d, 3, r1, NULL, 0);
	const char *r2[3] = {"anden", s, "y"};
	doc_table_row(&d, 3, r2, NULL, DOC_ROW_OVERDUE);
	const char *r3[3] = {"tredje", "kort igen", "z"};
	doc_table_row(&d, 3, r3, NULL, 0);
	doc_table_end(&d);
	free(s);
	char path[64];
	render_ok(&d, path, sizeof path);
	doc_free(&d);
	int np = pages_of(path);
	assert_true(np >= 3);
	char *all = text_of(path, 0, 0);
	const char *a = strstr(all, "BEGYNDELSEN"), *b = strstr(all, "ord01000"), *c = strstr(all, "SLUTNINGEN");
	assert_true(a && b && c && a < b && b < c);
	assert_non_null(strstr(c, "tredje"));
	/* every word once: no line drawn twice across a cut */
	assert_int_equal(count(all, "ord00500 "), 1);
	free(all);
	for (int pg = 1; pg <= np; pg++) {
		char *t = text_of(path, pg, 1);
		assert_non_null(strstr(t, "Lang kolonne"));
		assert_true(count(t, "TLP:RED") >= 2);
		free(t);
	}
	unlink(path);
}

/* Twelve columns on A4 portrait: every header and cell present, nothing lost. */
static void test_wide_table(void **state)
{
	(void)state;
	struct doc_meta m = {.title_da = "Bred tabel"};
	struct doc d;
	doc_init(&d, &m);
	const char *heads[12] = {"ID", "Titel", "Ejer", "Proces", "Sandsynlighed", "Konsekvens",
				 "Niveau", "Restniveau", "Tiltag", "Frist", "Status", "Bem\xc3\xa6rkning"};
	doc_table_begin(&d, 12, heads);
	for (int i = 0; i < 40; i++) {
		char id[16];
		snprintf(id, sizeof id, "W-%03d", i);
		const char *cells[12] = {id, "Nedbrud af netv\xc3\xa6rk i datacenter nord", "IT-chef", "L\xc3\xb8nudbetaling",
					 "3", "4", "Kritisk", "H\xc3\xb8j", "Redundant forbindelse", "2026-06-30",
					 "I gang", "Afventer leverand\xc3\xb8rens tilbud"};
		int levels[12] = {0, 0, 0, 0, 0, 0, 4, 3, 0, 0, 0, 0};
		doc_table_row(&d, 12, cells, levels, 0);
	}
	doc_table_end(&d);
	char path[64];
	render_ok(&d, path, sizeof path);
	doc_free(&d);
	char *t = text_of(path, 0, 0);
	/*
	 * The headers over wide text stay whole; a long header word over a
	 * column of digits may break ("Sandsy-" "nlighed"), and pdftotext then
	 * gives its two halves apart (cairo maps pango's hyphen to no text).
	 */
	for (int i = 0; i < 12; i++) {
		char half[16];
		snprintf(half, sizeof half, "%.5s", heads[i]);
		if (!strstr(t, i == 4 || i == 5 || i == 7 ? half : heads[i]))
			fail_msg("header %s missing", heads[i]);
	}
	/* every cell's text whole: no word of a cell broken (all fit their columns) */
	assert_int_equal(count(t, "Redundant"), 40);
	assert_int_equal(count(t, "leverand\xc3\xb8rens"), 40);
	assert_int_equal(count(t, "2026-06-30"), 40);
	assert_int_equal(count(t, "L\xc3\xb8nudbetaling"), 40);
	assert_non_null(strstr(t, "W-039"));
	free(t);
	no_overlaps(path);
	unlink(path);
}

/* With room to spare, no header word breaks, however narrow its column's cells. */
static void test_roomy_table_headers_whole(void **state)
{
	(void)state;
	struct doc_meta m = {.title_da = "Lille tabel"};
	struct doc d;
	doc_init(&d, &m);
	/* the description's text could use every point the headers gave up */
	const char *heads[4] = {"Sandsynlighed", "Konsekvens", "Restniveau", "Beskrivelse"};
	doc_table_begin(&d, 4, heads);
	const char *cells[4] = {"3", "4", "H\xc3\xb8j",
				"En lang beskrivelse af risikoen, der fylder mere end en linje i tabellen, fordi den "
				"forklarer baggrunden, konsekvenserne for borgerne og de tiltag, der er aftalt med "
				"leverand\xc3\xb8ren, samt hvem der f\xc3\xb8lger op og hvorn\xc3\xa5r."};
	doc_table_row(&d, 4, cells, NULL, 0);
	doc_table_end(&d);
	char path[64];
	render_ok(&d, path, sizeof path);
	doc_free(&d);
	char *t = text_of(path, 0, 0);
	for (int i = 0; i < 3; i++)
		if (!strstr(t, heads[i]))
			fail_msg("header %s broken", heads[i]);
	free(t);
	no_overlaps(path);
	unlink(path);
}

/*
 * Cells around the width of their column, one after another: a cell taken
 * for one line that pango wraps would run into the next row.  The widths
 * step through every length from short to wrapped, in letters whose pairs
 * DejaVu kerns wider ("AA", "-J", "«Æ").
 */
static void test_cells_at_the_wrap(void **state)
{
	(void)state;
	struct doc_meta m = {.title_da = "Celler ved kanten"};
	struct doc d;
	doc_init(&d, &m);
	const char *heads[4] = {"Et", "To", "Tre", "Fire"};
	doc_table_begin(&d, 4, heads);
	static const char *const bits[] = {"AA", "-J", "\xc2\xab\xc3\x86", "W", "m", "\xc3\xa6\xc3\xb8", "@", "f\xe2\x80\x9c"};
	char cell[4][200];
	for (int r = 0; r < 120; r++) {
		for (int c = 0; c < 4; c++) {
			size_t at = 0;
			int len = 10 + (r + 7 * c) % 40;
			for (int i = 0; i < len && at + 8 < sizeof cell[c]; i++) {
				const char *x = bits[(r + i + c) % 8];
				memcpy(cell[c] + at, x, strlen(x));
				at += strlen(x);
			}
			cell[c][at] = 0;
		}
		const char *cells[4] = {cell[0], cell[1], cell[2], cell[3]};
		doc_table_row(&d, 4, cells, NULL, 0);
	}
	doc_table_end(&d);
	char path[64];
	render_ok(&d, path, sizeof path);
	doc_free(&d);
	no_overlaps(path);
	unlink(path);
}

/* Broken UTF-8 and control characters are cleaned, not passed to pango or the PDF. */
static void test_bad_text(void **state)
{
	(void)state;
	struct doc_meta m = {.title_da = "Ugyldig \xff\xfe tekst\x01", .org_name = "Org\x1b[31m", .tlp = "TLP:CLEAR"};
	struct doc d;
	doc_init(&d, &m);
	doc_heading(&d, 1, "Over\xc3skrift", "Head\x07ing");
	doc_para(&d, "Linje\r\nnummer to\x0b og \xe2\x82 slut", NULL);
	const char *heads[2] = {"A\x01", "B"};
	doc_table_begin(&d, 2, heads);
	const char *cells[2] = {"\xc3\x28", "ok"};
	doc_table_row(&d, 2, cells, NULL, 0);
	doc_table_end(&d);
	doc_pre(&d, "tab\there\x7f\x02");
	char path[64];
	render_ok(&d, path, sizeof path);
	doc_free(&d);
	char *t = text_of(path, 0, 0);
	assert_non_null(strstr(t, "tekst"));
	assert_non_null(strstr(t, "nummer to"));
	assert_non_null(strstr(t, "TLP:CLEAR"));
	free(t);
	unlink(path);
}

/* Blocks at their edges: no columns, no rows, no items, empty text, forty columns, a heading last. */
static void test_edges(void **state)
{
	(void)state;
	struct doc_meta m = {.title_da = "Kanter", .title_en = "Kanter", .org_id = "only-id", .as_of = "2026-02-28"};
	struct doc d;
	doc_init(&d, &m);
	doc_heading(&d, 3, "Straks en lille overskrift", NULL);
	doc_table_begin(&d, 0, NULL);
	doc_table_end(&d);
	const char *one[1] = {"Kun overskrift"};
	doc_table_begin(&d, 1, one);
	doc_table_end(&d);
	doc_list_begin(&d);
	doc_list_end(&d);
	doc_pre(&d, "");
	doc_para(&d, "", NULL);
	struct doc_heatmap h = {.title = NULL};
	h.levels[0][0] = 9; /* out of range: drawn uncoloured */
	h.counts[3][3] = -1;
	doc_heatmap(&d, &h);
	const char *heads[40];
	const char *cells[40];
	char names[40][8];
	for (int i = 0; i < 40; i++) {
		snprintf(names[i], sizeof names[i], "K%02d", i);
		heads[i] = names[i];
		cells[i] = "v\xc3\xa6rdi";
	}
	doc_table_begin(&d, 40, heads);
	for (int r = 0; r < 5; r++)
		doc_table_row(&d, 40, cells, NULL, r % 2 ? DOC_ROW_OVERDUE : 0);
	doc_table_end(&d);
	doc_heading(&d, 1, "Sidste overskrift", "Last heading");
	char path[64];
	render_ok(&d, path, sizeof path);
	doc_free(&d);
	char *t = text_of(path, 0, 0);
	assert_non_null(strstr(t, "Kun overskrift"));
	assert_non_null(strstr(t, "only-id"));
	assert_non_null(strstr(t, "Sidste overskrift (Last heading)"));
	assert_null(strstr(t, "Kanter\nKanter")); /* the English title equal to the Danish is not repeated */
	free(t);
	unlink(path);
}

/* Past the maximum: ERR_INVALID and no output; the default maximum is BUF_MAX_BYTES. */
static void test_output_maximum(void **state)
{
	(void)state;
	struct doc d;
	forum_doc(&d);
	char *pdf = (char *)1;
	size_t len = 7;
	struct errinfo e;
	err_clear(&e);
	assert_int_equal(doc_render_pdf_max(&d, 20000, &pdf, &len, &e), ERR_INVALID);
	assert_null(pdf);
	assert_int_equal(len, 0);
	assert_non_null(strstr(e.message, "larger than 20000 bytes"));
	err_clear(&e);
	assert_int_equal(doc_render_pdf_max(&d, 0, &pdf, &len, &e), 0);
	assert_true(len > 20000);
	free(pdf);
	doc_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forum_document),
		cmocka_unit_test(test_heading_kept_with_next),
		cmocka_unit_test(test_title_only),
		cmocka_unit_test(test_huge_paragraph),
		cmocka_unit_test(test_row_taller_than_page),
		cmocka_unit_test(test_wide_table),
		cmocka_unit_test(test_roomy_table_headers_whole),
		cmocka_unit_test(test_cells_at_the_wrap),
		cmocka_unit_test(test_bad_text),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_output_maximum),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
