/*
 * doc_pdf.c — a document as PDF through cairo and pango (doc.h).
 *
 * A4 portrait in points (1/72 inch), all text set by pango in DejaVu Sans
 * (DejaVu Sans Mono for preformatted text); cairo embeds the subset of each
 * font it uses, so Danish letters show anywhere and the file stands alone.
 *
 * The work is done in three walks over the block list, so that the footer
 * can say "Side N af M" and nothing is laid out more often than needed:
 *
 *   1. plan: every table is measured once — column widths from the natural
 *      and the longest-word widths of its cells (all rows up to
 *      PLAN_SAMPLE_ROWS, an even sample of them beyond), shared out as a
 *      browser does (each column its narrowest, the rest by how much more
 *      each could use), with a smaller font for a wide table; then each
 *      row's height with the cells wrapped in their columns.  Latin text
 *      whose summed character widths surely fit its column is known to be
 *      one line without asking pango (one_line).
 *   2. count: the page flow runs without drawing, from the planned heights
 *      (text blocks are laid out again: they are small), and counts pages.
 *   3. draw: the same flow again, drawing; the header and footer of every
 *      page now know the page count.  Each column keeps its recently shaped
 *      cells (pdf_cells), so a register's repeated values are shaped once.
 *
 * Both flows make the same decisions from the same numbers, so the pages
 * drawn are the pages counted.  A flow breaks pages between lines of text,
 * between rows of a table (the table's header row is repeated at the top of
 * the next page), never inside a row unless the row alone is taller than a
 * page (then it is cut between lines), and never right after a heading: a
 * heading moves to the next page when what follows it would not start on
 * this one.  A long paragraph is handed to pango in pieces of a few
 * kilobytes (cut at a newline or a space) so that one huge text cannot make
 * the line breaking slow.
 *
 * Text from the data goes to pango as plain text (never markup), made valid
 * UTF-8 and stripped of control characters first.  A forum document (meta
 * tlp set) shows its TLP label right-justified in the header and the footer
 * of every page in 12-point capitals, as FIRST's TLP 2.0 asks of documents.
 *
 * Headings become the PDF's outline (bookmarks); the title, the English
 * title, the organisation and the TLP label its metadata.
 *
 * The PDF is written through cairo's stream interface into a struct buf
 * with a maximum: past it the write fails, cairo stops, and the caller gets
 * ERR_INVALID.  Each render makes its own pango font map and frees it, so a
 * render shares no pango state with another thread's.
 */
#include "doc.h"
#include "doc_pdf.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "buf.h"
#include "mem.h"

/* A4 in points; margins of 18 mm at the sides. */
#define PAGE_W 595.2756
#define PAGE_H 841.8898
#define MARGIN_X 51.0
#define CONTENT_W (PAGE_W - 2 * MARGIN_X)
#define BODY_TOP 66.0
#define BODY_BOTTOM (PAGE_H - 72.0)
#define BODY_H (BODY_BOTTOM - BODY_TOP)

#define FONT_SANS "DejaVu Sans"
#define FONT_MONO "DejaVu Sans Mono"
#define PT_BODY 10.0
#define PT_EN 9.0
#define PT_PRE 8.0
#define PT_SMALL 8.0
#define PT_TLP 12.0       /* TLP 2.0: "12-point type or greater" */
#define PT_TABLE 8.5      /* a table's font when its columns fit */
#define PT_TABLE_SNUG 7.0 /* the smallest font a wide table gets for comfort */
#define PT_TABLE_MIN 5.5  /* the smallest a table's font gets so that its words fit */
#define PLAN_SAMPLE_ROWS 2000
#define CHUNK_BYTES 4096  /* a long paragraph goes to pango in pieces of 1-2 of these */

#define RGB_TEXT 0x111111u
#define RGB_GREY 0x555555u
#define RGB_RULE 0xbbbbbbu
#define RGB_BORDER 0x8c8c8cu
#define RGB_HEAD 0xe8e8e8u
#define RGB_OVERDUE 0xfdeceau
#define RGB_PRE 0xf4f4f4u

#define ADV_N (256 + 24) /* the characters one_line knows (adv_index) */

/* A measured table: its font, column edges and row heights (plan walk). */
struct pdf_table {
	double pt, pad;
	double *x;    /* ncols + 1 column edges, absolute */
	double *w;    /* ncols text widths (inside the padding) */
	double headh; /* the header row */
	double lineh; /* one line of the cell font */
	float *rowh;  /* nrows */
};

struct pdf {
	const struct doc *d;
	cairo_surface_t *surf;
	cairo_t *cr;
	PangoFontMap *fm;
	PangoContext *pc;
	PangoLayout *lay, *aux; /* the text being placed; a second for measuring ahead and markers */
	struct arena a;         /* plans and cleaned text; freed with the render */
	struct pdf_table *tables;
	size_t ntables, itable; /* itable: the next table the flow meets */
	int draw;               /* the drawing walk (else counting) */
	int page, pages;        /* the current page (from 1); the page count (drawing walk) */
	double y;               /* the next free position on the page */
	int fresh;              /* nothing placed on this page yet */
	int stop;               /* cairo failed: the walk ends early */
	const char *marker;     /* a list bullet to draw beside the next line */
	double marker_x;
	int outline[4]; /* the PDF outline ids of the open heading levels */
	double adv[ADV_N]; /* one_line's character widths in em (adv_measure) */
};

static void set_rgb(cairo_t *cr, unsigned c)
{
	cairo_set_source_rgb(cr, ((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0, (c & 255) / 255.0);
}

static void fill_rect(struct pdf *p, unsigned c, double x, double y, double w, double h)
{
	set_rgb(p->cr, c);
	cairo_rectangle(p->cr, x, y, w, h);
	cairo_fill(p->cr);
}

static void hline(struct pdf *p, unsigned c, double width, double x0, double x1, double y)
{
	set_rgb(p->cr, c);
	cairo_set_line_width(p->cr, width);
	cairo_move_to(p->cr, x0, y);
	cairo_line_to(p->cr, x1, y);
	cairo_stroke(p->cr);
}

/* The TLP label's text colour on black (FIRST TLP 2.0). */
static unsigned tlp_rgb(const char *tlp)
{
	if (strstr(tlp, "RED"))
		return 0xff2b2b;
	if (strstr(tlp, "AMBER"))
		return 0xffc000;
	if (strstr(tlp, "GREEN"))
		return 0x33ff00;
	return 0xffffff;
}

/*
 * s as pango takes it: valid UTF-8 with no control character but newline
 * and tab.  s itself when it already is, else a cleaned copy in p's arena.
 */
static const char *clean(struct pdf *p, const char *s)
{
	if (!s)
		return "";
	int ok = g_utf8_validate(s, -1, NULL);
	for (const char *q = s; ok && *q; q++)
		if ((unsigned char)*q < 0x20 && *q != '\n' && *q != '\t')
			ok = 0;
	if (ok)
		return s;
	gchar *v = g_utf8_make_valid(s, -1);
	size_t n = strlen(v);
	char *c = arena_alloc(&p->a, n + 1);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)v[i];
		if (ch == '\r')
			continue;
		c[j++] = ch < 0x20 && ch != '\n' && ch != '\t' ? ' ' : (char)ch;
	}
	c[j] = 0;
	g_free(v);
	return c;
}

static void set_font(PangoLayout *l, const char *family, double pt, PangoWeight w, PangoStyle st)
{
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family_static(fd, family);
	pango_font_description_set_absolute_size(fd, pt * PANGO_SCALE);
	pango_font_description_set_weight(fd, w);
	pango_font_description_set_style(fd, st);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
}

/* l ready for plain text in this font, wrapped at width points (< 0: not wrapped). */
static void text_style(PangoLayout *l, const char *family, double pt, PangoWeight w, PangoStyle st, double width)
{
	set_font(l, family, pt, w, st);
	pango_layout_set_attributes(l, NULL);
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_NONE);
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_width(l, width < 0 ? -1 : (int)(width * PANGO_SCALE));
	pango_layout_set_line_spacing(l, 0);
}

/* Running text: a little more room between lines than the font's own. */
#define LINE_SPACING 1.18

static PangoLayout *layout_new(struct pdf *p)
{
	return pango_layout_new(p->pc);
}

static double layout_h(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return h / (double)PANGO_SCALE;
}

static double layout_w(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return w / (double)PANGO_SCALE;
}

/* Draw l with its top left corner at (x, y) in colour c (attributes may override it). */
static void show_at(struct pdf *p, PangoLayout *l, double x, double y, unsigned c)
{
	set_rgb(p->cr, c);
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
}

/* ---- pages ---- */

/* A black box with label in the TLP colour, 12 pt bold; its right edge (right) or left edge at x. */
static double tlp_box(struct pdf *p, double x, double y, double pt, int right)
{
	PangoLayout *l = p->aux;
	text_style(l, FONT_SANS, pt, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, -1);
	pango_layout_set_text(l, clean(p, p->d->meta.tlp), -1);
	double w = layout_w(l) + pt * 0.8, h = layout_h(l) + pt * 0.2;
	double x0 = right ? x - w : x;
	if (p->draw) {
		fill_rect(p, 0x000000, x0, y, w, h);
		show_at(p, l, x0 + pt * 0.4, y + pt * 0.1, tlp_rgb(p->d->meta.tlp));
	}
	return h;
}

/* The header and footer of the current page (drawing walk). */
static void page_decor(struct pdf *p)
{
	const struct doc_meta *m = &p->d->meta;
	PangoLayout *l = p->aux;
	double right = PAGE_W - MARGIN_X, tlpw = 0;
	if (m->tlp) {
		tlp_box(p, right, 24, PT_TLP, 1);
		tlpw = layout_w(l) + PT_TLP * 0.8 + 12;
	}
	if (p->page > 1 && m->title_da && *m->title_da) {
		text_style(l, FONT_SANS, PT_SMALL, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, CONTENT_W - tlpw);
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		pango_layout_set_text(l, clean(p, m->title_da), -1);
		show_at(p, l, MARGIN_X, 30, RGB_GREY);
		hline(p, RGB_RULE, 0.5, MARGIN_X, right, 50);
	}

	double fy = PAGE_H - 56;
	hline(p, RGB_RULE, 0.5, MARGIN_X, right, fy - 4);
	char line[512];
	line[0] = 0;
	if (m->org_name && m->org_id)
		snprintf(line, sizeof line, "%s (%s)", m->org_name, m->org_id);
	else if (m->org_name || m->org_id)
		snprintf(line, sizeof line, "%s", m->org_name ? m->org_name : m->org_id);
	double leftw = CONTENT_W * 0.45;
	if (*line) {
		text_style(l, FONT_SANS, PT_SMALL, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, leftw);
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		pango_layout_set_text(l, clean(p, line), -1);
		show_at(p, l, MARGIN_X, fy, RGB_TEXT);
	}
	if (m->as_of) {
		snprintf(line, sizeof line, "Opgjort pr. %s", m->as_of);
		text_style(l, FONT_SANS, PT_SMALL, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, leftw);
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		pango_layout_set_text(l, clean(p, line), -1);
		show_at(p, l, MARGIN_X, fy + 11, RGB_TEXT);
	}
	snprintf(line, sizeof line, "Side %d af %d (Page %d of %d)", p->page, p->pages, p->page, p->pages);
	text_style(l, FONT_SANS, PT_SMALL, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, -1);
	pango_layout_set_text(l, line, -1);
	double pw = layout_w(l);
	if (m->tlp) {
		/* the page number between the organisation and the label */
		double mid = MARGIN_X + leftw + (CONTENT_W - leftw - tlpw) / 2;
		show_at(p, l, mid - pw / 2, fy, RGB_TEXT);
		tlp_box(p, right, fy - 1, PT_TLP, 1);
	} else {
		show_at(p, l, right - pw, fy, RGB_TEXT);
	}
}

static void check_cairo(struct pdf *p)
{
	if (cairo_surface_status(p->surf) != CAIRO_STATUS_SUCCESS || cairo_status(p->cr) != CAIRO_STATUS_SUCCESS)
		p->stop = 1;
}

static void page_new(struct pdf *p)
{
	if (p->draw) {
		cairo_show_page(p->cr);
		check_cairo(p);
	}
	p->page++;
	p->y = BODY_TOP;
	p->fresh = 1;
	if (p->draw)
		page_decor(p);
}

/* Room for h points from here, or a new page (unless nothing is on this one yet). */
static void need(struct pdf *p, double h)
{
	if (!p->fresh && p->y + h > BODY_BOTTOM + 0.01)
		page_new(p);
}

/* Space before a block, not at the top of a page. */
static void gap(struct pdf *p, double h)
{
	if (!p->fresh)
		p->y += h;
}

/* ---- text ---- */

/*
 * Place l's lines at x from the current position, a page break wherever the
 * next line does not fit; keep: the height to find room for before the
 * first line (a paragraph's first two lines); bg: a fill behind each line
 * from bgx over bgw (0: none).
 */
static void flow_layout(struct pdf *p, PangoLayout *l, double x, unsigned c, double keep, unsigned bg, double bgx,
			double bgw)
{
	double total = layout_h(l);
	need(p, keep < total ? keep : total);
	PangoLayoutIter *it = pango_layout_get_iter(l);
	do {
		PangoRectangle r;
		pango_layout_iter_get_line_extents(it, NULL, &r);
		double top = r.y / (double)PANGO_SCALE, h = r.height / (double)PANGO_SCALE;
		double base = pango_layout_iter_get_baseline(it) / (double)PANGO_SCALE - top;
		need(p, h);
		if (p->draw) {
			if (bg)
				fill_rect(p, bg, bgx, p->y, bgw, h);
			if (p->marker) {
				PangoLayout *m = p->aux;
				text_style(m, FONT_SANS, PT_BODY, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, -1);
				pango_layout_set_text(m, p->marker, -1);
				double mb = pango_layout_get_baseline(m) / (double)PANGO_SCALE;
				show_at(p, m, p->marker_x, p->y + base - mb, c);
			}
			set_rgb(p->cr, c);
			cairo_move_to(p->cr, x + r.x / (double)PANGO_SCALE, p->y + base);
			pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
		}
		p->marker = NULL;
		p->y += h;
		p->fresh = 0;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

/*
 * Flow text (already clean) through l (styled by the caller) in pieces of
 * one to two CHUNK_BYTES, each cut after a newline, else at a space, else
 * between two characters.
 */
static void flow_text(struct pdf *p, PangoLayout *l, const char *text, double x, unsigned c, double keep,
		      unsigned bg, double bgx, double bgw)
{
	size_t n = strlen(text), at = 0;
	do {
		const char *s = text + at;
		size_t len = n - at, next = n;
		if (len > 2 * CHUNK_BYTES) {
			size_t cut = 0, skip = 1;
			for (size_t i = 2 * CHUNK_BYTES; i > CHUNK_BYTES && !cut; i--)
				if (s[i] == '\n')
					cut = i;
			for (size_t i = 2 * CHUNK_BYTES; i > CHUNK_BYTES && !cut; i--)
				if (s[i] == ' ')
					cut = i;
			if (!cut) {
				cut = 2 * CHUNK_BYTES;
				while (cut > 1 && ((unsigned char)s[cut] & 0xc0) == 0x80)
					cut--;
				skip = 0;
			}
			len = cut;
			next = at + cut + skip;
		}
		pango_layout_set_text(l, s, (int)len);
		flow_layout(p, l, x, c, at ? 0 : keep, bg, bgx, bgw);
		at = next;
	} while (at < n && !p->stop);
}

/* ---- headings ---- */

static const double heading_pt[4] = {0, 15.0, 12.5, 11.0};
static const double heading_space[4] = {0, 16.0, 12.0, 9.0};

/* l set to heading b ("da (en)", the English in grey italics); its height. */
static double heading_layout(struct pdf *p, PangoLayout *l, const struct doc_block *b)
{
	const char *da = clean(p, b->text), *en = b->en ? clean(p, b->en) : NULL;
	text_style(l, FONT_SANS, heading_pt[b->level], PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, CONTENT_W);
	if (!en) {
		pango_layout_set_text(l, da, -1);
		return layout_h(l);
	}
	const char *t = arena_printf(&p->a, "%s (%s)", da, en);
	pango_layout_set_text(l, t, -1);
	PangoAttrList *al = pango_attr_list_new();
	guint start = (guint)strlen(da) + 1;
	PangoAttribute *a = pango_attr_style_new(PANGO_STYLE_ITALIC);
	a->start_index = start;
	pango_attr_list_insert(al, a);
	a = pango_attr_weight_new(PANGO_WEIGHT_NORMAL);
	a->start_index = start;
	pango_attr_list_insert(al, a);
	a = pango_attr_foreground_new(0x5555, 0x5555, 0x5555);
	a->start_index = start;
	pango_attr_list_insert(al, a);
	pango_layout_set_attributes(l, al);
	pango_attr_list_unref(al);
	return layout_h(l);
}

static double heatmap_height(struct pdf *p, const struct doc_heatmap *h);

/* The least of block b that must follow a heading on its page (0 for none). */
static double block_start(struct pdf *p, const struct doc_block *b, int depth)
{
	if (!b)
		return 0;
	switch (b->kind) {
	case DOC_HEADING:
		return heading_space[b->level] + heading_layout(p, p->aux, b) + 4 +
		       (depth < 3 ? block_start(p, b->next, depth + 1) : 0);
	case DOC_PARA: return 6 + 2 * PT_BODY * 1.2;
	case DOC_LIST: return 4 + PT_BODY * 1.2;
	case DOC_PRE: return 6 + 2 * PT_PRE * 1.2 + 4;
	case DOC_HEATMAP: return 8 + heatmap_height(p, b->heat);
	case DOC_TABLE: {
		if (!b->ncols || p->itable >= p->ntables)
			return 0;
		const struct pdf_table *t = &p->tables[p->itable];
		double r = b->nrows ? t->rowh[0] : 0;
		if (r > BODY_H / 2)
			r = BODY_H / 2;
		return 6 + t->headh + r;
	}
	}
	return 0;
}

static void heading(struct pdf *p, const struct doc_block *b)
{
	double after = block_start(p, b->next, 0);
	gap(p, heading_space[b->level]);
	double h = heading_layout(p, p->lay, b);
	need(p, h + 4 + after);
	if (p->draw) {
#if CAIRO_VERSION >= CAIRO_VERSION_ENCODE(1, 16, 0)
		char dest[64];
		snprintf(dest, sizeof dest, "page=%d pos=[%d %d]", p->page, (int)MARGIN_X, (int)p->y);
		int parent = CAIRO_PDF_OUTLINE_ROOT;
		for (int i = b->level - 1; i >= 1; i--)
			if (p->outline[i]) {
				parent = p->outline[i];
				break;
			}
		p->outline[b->level] =
			cairo_pdf_surface_add_outline(p->surf, parent, clean(p, b->text), dest, 0);
		for (int i = b->level + 1; i <= 3; i++)
			p->outline[i] = 0;
#endif
	}
	flow_layout(p, p->lay, MARGIN_X, RGB_TEXT, h, 0, 0, 0);
	if (p->draw && b->level <= 2)
		hline(p, b->level == 1 ? 0x333333 : RGB_RULE, b->level == 1 ? 1.0 : 0.5, MARGIN_X,
		      PAGE_W - MARGIN_X, p->y + 1.5);
	p->y += 4;
}

/* Danish text, then the English in grey italics below it. */
static void text_pair(struct pdf *p, const char *da, const char *en, double x, double w)
{
	text_style(p->lay, FONT_SANS, PT_BODY, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, w);
	pango_layout_set_line_spacing(p->lay, LINE_SPACING);
	flow_text(p, p->lay, clean(p, da), x, RGB_TEXT, 2 * PT_BODY * 1.2, 0, 0, 0);
	if (en) {
		p->y += 1;
		text_style(p->lay, FONT_SANS, PT_EN, PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC, w);
		pango_layout_set_line_spacing(p->lay, LINE_SPACING);
		flow_text(p, p->lay, clean(p, en), x, RGB_GREY, 0, 0, 0, 0);
	}
}

static void list(struct pdf *p, const struct doc_block *b)
{
	gap(p, 4);
	for (size_t i = 0; i < b->nitems && !p->stop; i++) {
		if (i)
			p->y += 3;
		p->marker = "\xe2\x80\xa2";
		p->marker_x = MARGIN_X + 6;
		text_pair(p, b->items[i].text, b->items[i].en, MARGIN_X + 18, CONTENT_W - 18);
	}
}

static void pre(struct pdf *p, const struct doc_block *b)
{
	gap(p, 6);
	text_style(p->lay, FONT_MONO, PT_PRE, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, CONTENT_W - 12);
	need(p, 4 + 2 * PT_PRE * 1.2);
	if (p->draw)
		fill_rect(p, RGB_PRE, MARGIN_X, p->y, CONTENT_W, 4);
	p->y += 4;
	flow_text(p, p->lay, clean(p, b->text), MARGIN_X + 6, RGB_TEXT, 0, RGB_PRE, MARGIN_X, CONTENT_W);
	if (p->draw)
		fill_rect(p, RGB_PRE, MARGIN_X, p->y, CONTENT_W, 4);
	p->y += 4;
}

/* ---- the heat map ---- */

#define HEAT_CELL_W 70.0
#define HEAT_CELL_H 40.0
#define HEAT_AXIS 34.0 /* left of the grid: the axis caption (turned) and the row numbers */

static double heatmap_height(struct pdf *p, const struct doc_heatmap *h)
{
	double t = 0;
	if (h->title && *h->title) {
		text_style(p->aux, FONT_SANS, 10.5, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, CONTENT_W);
		pango_layout_set_text(p->aux, clean(p, h->title), -1);
		t = layout_h(p->aux) + 6;
	}
	return t + 4 * HEAT_CELL_H + 4 + 12 + 2 + 12;
}

static void heatmap(struct pdf *p, const struct doc_heatmap *h)
{
	gap(p, 8);
	need(p, heatmap_height(p, h));
	PangoLayout *l = p->lay;
	if (h->title && *h->title) {
		text_style(l, FONT_SANS, 10.5, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, CONTENT_W);
		pango_layout_set_text(l, clean(p, h->title), -1);
		flow_layout(p, l, MARGIN_X, RGB_TEXT, 0, 0, 0, 0);
		p->y += 6;
	}
	double gx = MARGIN_X + HEAT_AXIS, gy = p->y, gw = 4 * HEAT_CELL_W, gh = 4 * HEAT_CELL_H;
	if (p->draw) {
		char s[32];
		for (int li = 0; li < 4; li++) {
			double y = gy + (3 - li) * HEAT_CELL_H; /* likelihood 4 on top */
			for (int ci = 0; ci < 4; ci++) {
				double x = gx + ci * HEAT_CELL_W;
				int lv = h->levels[li][ci];
				if (lv < 0 || lv >= DOC_LEVELS)
					lv = 0;
				fill_rect(p, doc_level_rgb[lv], x, y, HEAT_CELL_W, HEAT_CELL_H);
				snprintf(s, sizeof s, "%ld", h->counts[li][ci]);
				text_style(l, FONT_SANS, 13, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, -1);
				pango_layout_set_text(l, s, -1);
				double cw = layout_w(l), ch, nh = 0;
				if (cw > HEAT_CELL_W - 6) { /* a count of many digits: smaller */
					text_style(l, FONT_SANS, 13 * (HEAT_CELL_W - 6) / cw, PANGO_WEIGHT_BOLD,
						   PANGO_STYLE_NORMAL, -1);
					cw = layout_w(l);
				}
				ch = layout_h(l);
				PangoLayout *n = p->aux;
				if (lv) {
					text_style(n, FONT_SANS, 6.5, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, -1);
					pango_layout_set_text(n, doc_level_da(lv), -1);
					nh = layout_h(n);
				}
				double ty = y + (HEAT_CELL_H - ch - nh) / 2;
				show_at(p, l, x + (HEAT_CELL_W - cw) / 2, ty, RGB_TEXT);
				if (lv)
					show_at(p, n, x + (HEAT_CELL_W - layout_w(n)) / 2, ty + ch, RGB_GREY);
			}
		}
		set_rgb(p->cr, RGB_BORDER);
		cairo_set_line_width(p->cr, 0.6);
		for (int i = 0; i <= 4; i++) {
			cairo_move_to(p->cr, gx + i * HEAT_CELL_W, gy);
			cairo_line_to(p->cr, gx + i * HEAT_CELL_W, gy + gh);
			cairo_move_to(p->cr, gx, gy + i * HEAT_CELL_H);
			cairo_line_to(p->cr, gx + gw, gy + i * HEAT_CELL_H);
		}
		cairo_stroke(p->cr);
		/* the numbers along both axes */
		text_style(l, FONT_SANS, 8.5, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, -1);
		for (int i = 0; i < 4; i++) {
			snprintf(s, sizeof s, "%d", 4 - i);
			pango_layout_set_text(l, s, -1);
			show_at(p, l, gx - 6 - layout_w(l), gy + i * HEAT_CELL_H + (HEAT_CELL_H - layout_h(l)) / 2,
				RGB_TEXT);
			snprintf(s, sizeof s, "%d", i + 1);
			pango_layout_set_text(l, s, -1);
			show_at(p, l, gx + i * HEAT_CELL_W + (HEAT_CELL_W - layout_w(l)) / 2, gy + gh + 3, RGB_TEXT);
		}
		/* the captions: consequence below, likelihood turned up the left side */
		text_style(l, FONT_SANS, 8.5, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, -1);
		pango_layout_set_text(l, "Konsekvens (Consequence)", -1);
		show_at(p, l, gx + (gw - layout_w(l)) / 2, gy + gh + 16, RGB_TEXT);
		pango_layout_set_text(l, "Sandsynlighed (Likelihood)", -1);
		double lw = layout_w(l);
		cairo_save(p->cr);
		cairo_translate(p->cr, MARGIN_X, gy + (gh + lw) / 2);
		cairo_rotate(p->cr, -M_PI / 2);
		show_at(p, l, 0, 0, RGB_TEXT);
		cairo_restore(p->cr);
	}
	p->y = gy + gh + 4 + 12 + 2 + 12;
	p->fresh = 0;
}

/* ---- tables ---- */

/*
 * The advance widths (in em) of the characters one_line knows, measured
 * once a render: U+0020..U+00FF less the C1 controls, and U+2010..U+2027
 * (dashes, quotes, bullet, ellipsis); -1 for the rest.
 */
static int adv_index(unsigned cp)
{
	if (cp >= 0x20 && cp < 0x100 && !(cp >= 0x7f && cp < 0xa0))
		return (int)cp;
	if (cp >= 0x2010 && cp <= 0x2027)
		return 256 + (int)(cp - 0x2010);
	return -1;
}

static void adv_measure(struct pdf *p)
{
	PangoLayout *l = p->aux;
	text_style(l, FONT_SANS, 100, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, -1);
	for (int i = 0; i < ADV_N; i++)
		p->adv[i] = -1;
	for (unsigned cp = 0x20; cp <= 0x2027; cp = cp == 0xff ? 0x2010 : cp + 1) {
		int i = adv_index(cp);
		if (i < 0)
			continue;
		char u[8];
		int n = g_unichar_to_utf8(cp, u);
		pango_layout_set_text(l, u, n);
		p->adv[i] = layout_w(l) / 100;
	}
}

/*
 * Whether s (clean) is surely one line in a column inner points wide at
 * pt, without asking pango: no newline or tab, only characters measured
 * by adv_measure, their widths summed with KERN_EM more for each (DejaVu
 * Sans widens a few pairs: "AA" by 0.028 em, "-J" by 0.056, "«Æ" by
 * 0.074, measured over every pair of these characters), 2% and half a
 * point to spare.
 */
#define KERN_EM 0.08
static int one_line(const struct pdf *p, const char *s, double inner, double pt)
{
	double em = 0, room = (inner - 0.5) / (pt * 1.02);
	for (const unsigned char *q = (const unsigned char *)s; *q;) {
		unsigned cp;
		if (*q < 0x80) {
			cp = *q++;
		} else if ((*q == 0xc2 || *q == 0xc3) && (q[1] & 0xc0) == 0x80) {
			cp = ((q[0] & 0x1fu) << 6) | (q[1] & 0x3fu);
			q += 2;
		} else if (q[0] == 0xe2 && q[1] == 0x80 && q[2] >= 0x90 && q[2] <= 0xa7) {
			cp = 0x2000u + (q[2] & 0x3fu);
			q += 3;
		} else {
			return 0;
		}
		int i = adv_index(cp);
		if (i < 0 || p->adv[i] < 0)
			return 0; /* newline, tab, or not measured */
		em += p->adv[i] + KERN_EM;
		if (em > room)
			return 0;
	}
	return 1;
}

/* The width of the longest space-separated word of s (clean) in l's font. */
static double longest_word(PangoLayout *l, const char *s)
{
	const char *best = NULL, *start = s;
	size_t bestn = 0, bestb = 0, n = 0;
	for (const char *q = s;; q++) {
		if (!*q || *q == ' ' || *q == '\n' || *q == '\t') {
			if (n > bestn) {
				bestn = n;
				best = start;
				bestb = (size_t)(q - start);
			}
			n = 0;
			start = q + 1;
			if (!*q)
				break;
		} else if (((unsigned char)*q & 0xc0) != 0x80) {
			n++; /* characters, not bytes: "æøå" is as wide as "abc" */
		}
	}
	if (!best)
		return 0;
	pango_layout_set_text(l, best, (int)bestb);
	return layout_w(l);
}

/* Widen min/max of a column by cell s (clean), measured with l. */
static void measure_cell(PangoLayout *l, const char *s, double *minw, double *maxw, double capmin)
{
	if (!*s)
		return;
	pango_layout_set_text(l, s, -1);
	/* half a point to spare: widths scale with the font to within a few thousandths */
	double w = layout_w(l) + 0.5, m = w;
	if (strchr(s, ' ') || strchr(s, '\n') || strchr(s, '\t'))
		m = longest_word(l, s) + 0.5;
	if (m > capmin)
		m = capmin;
	if (w > *maxw)
		*maxw = w;
	if (m > *minw)
		*minw = m;
}

/*
 * The shaped cells of one table's columns: CELL_CACHE layouts a column,
 * chosen by a hash of the text, each keeping the text it was last given.
 * A register repeats most of its values (owners, levels, statuses, dates),
 * and a value met again is drawn without shaping it again.
 */
#define CELL_CACHE 64
struct pdf_cells {
	size_t n;
	const struct pdf_table *t;
	PangoLayout **l; /* n * CELL_CACHE, made when first used */
	char **text;     /* the text each layout holds (malloc'ed) */
};

static void cells_init(struct pdf_cells *cc, const struct pdf_table *t, size_t n)
{
	cc->n = n;
	cc->t = t;
	cc->l = xcalloc(n * CELL_CACHE, sizeof *cc->l);
	cc->text = xcalloc(n * CELL_CACHE, sizeof *cc->text);
}

static void cells_free(struct pdf_cells *cc)
{
	for (size_t i = 0; i < cc->n * CELL_CACHE; i++) {
		if (cc->l[i])
			g_object_unref(cc->l[i]);
		free(cc->text[i]);
	}
	free(cc->l);
	free(cc->text);
}

/* Column c's layout holding s (clean). */
static PangoLayout *cell_layout(struct pdf *p, struct pdf_cells *cc, size_t c, const char *s)
{
	unsigned h = 2166136261u; /* FNV-1a */
	for (const unsigned char *q = (const unsigned char *)s; *q; q++)
		h = (h ^ *q) * 16777619u;
	size_t i = c * CELL_CACHE + h % CELL_CACHE;
	if (cc->text[i] && !strcmp(cc->text[i], s))
		return cc->l[i];
	if (!cc->l[i]) {
		cc->l[i] = layout_new(p);
		text_style(cc->l[i], FONT_SANS, cc->t->pt, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, cc->t->w[c]);
	}
	free(cc->text[i]);
	cc->text[i] = xstrdup(s);
	pango_layout_set_text(cc->l[i], s, -1);
	return cc->l[i];
}

/* Font, column widths and row heights of table b. */
static void table_plan(struct pdf *p, const struct doc_block *b, struct pdf_table *t)
{
	size_t n = b->ncols;
	double *minw = xcalloc(n, sizeof *minw), *maxw = xcalloc(n, sizeof *maxw);
	double *w = t->w = arena_alloc(&p->a, (n ? n : 1) * sizeof *w);
	PangoLayout *l = p->aux;
	double capmin = CONTENT_W * 0.3;
	text_style(l, FONT_SANS, PT_TABLE, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, -1);
	size_t step = b->nrows > PLAN_SAMPLE_ROWS ? b->nrows / PLAN_SAMPLE_ROWS : 1;
	for (size_t r = 0; r < b->nrows; r += step)
		for (size_t c = 0; c < n; c++)
			measure_cell(l, clean(p, b->rows[r].cells[c]), &minw[c], &maxw[c], capmin);
	/* the headers, measured apart (they may give way below) */
	double *hmin = xcalloc(n, sizeof *hmin), *hmax = xcalloc(n, sizeof *hmax);
	text_style(l, FONT_SANS, PT_TABLE, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, -1);
	for (size_t c = 0; c < n; c++)
		measure_cell(l, clean(p, b->heads[c]), &hmin[c], &hmax[c], capmin);

	/* padding, then the room left for text */
	t->pad = n > 8 ? 2.5 : 3.5;
	double avail = CONTENT_W - (double)n * 2 * t->pad;
	if (avail < (double)n * 2) {
		t->pad = 0.5;
		avail = CONTENT_W - (double)n;
	}
	if (avail < (double)n * 0.5)
		avail = (double)n * 0.5; /* hundreds of columns: past the page, but no zero widths */
	/*
	 * When the columns are tight, a header word much wider than anything
	 * in its column ("Sandsynlighed" over "3") may break (pango adds the
	 * hyphen), down to 60% of it, rather than widen the column for every
	 * row; nor does it then claim room that columns of text could use.
	 */
	double summin = 0, summax = 0;
	for (size_t c = 0; c < n; c++)
		summin += minw[c] > hmin[c] ? minw[c] : hmin[c];
	int tight = summin > 0.85 * avail;
	summin = 0;
	for (size_t c = 0; c < n; c++) {
		double hm = hmin[c], hx = hmax[c];
		double give = 1.5 * maxw[c] > 0.6 * hm ? 1.5 * maxw[c] : 0.6 * hm;
		if (tight && b->nrows && give < 0.85 * hm) { /* not worth a broken word otherwise */
			hm = give;
			hx = hm;
		}
		if (hm > minw[c])
			minw[c] = hm;
		if (hx > maxw[c])
			maxw[c] = hx;
		summin += minw[c];
		summax += maxw[c];
	}
	free(hmin);
	free(hmax);
	/*
	 * A smaller font (widths scale with it): when the text would not all
	 * fit on one line and the narrowest columns take more than 85% of the
	 * width, down to PT_TABLE_SNUG, so that the columns of long text get
	 * some of the room; and when the narrowest columns do not fit at all,
	 * down to PT_TABLE_MIN.
	 */
	t->pt = PT_TABLE;
	if (summax > avail && summin > 0.85 * avail) {
		double snug = PT_TABLE * 0.85 * avail / summin;
		t->pt = snug < PT_TABLE_SNUG ? PT_TABLE_SNUG : snug;
	}
	if (summin * t->pt / PT_TABLE > avail) {
		double fit = PT_TABLE * avail / summin;
		t->pt = fit < PT_TABLE_MIN ? PT_TABLE_MIN : fit;
	}
	if (t->pt < PT_TABLE) {
		double k = t->pt / PT_TABLE;
		for (size_t c = 0; c < n; c++) {
			minw[c] *= k;
			maxw[c] *= k;
		}
		summin *= k;
		summax *= k;
	}
	for (size_t c = 0; c < n; c++) {
		if (summax <= 0)
			w[c] = avail / (double)n;
		else if (summax <= avail) /* everything on one line: share the rest by natural width */
			w[c] = maxw[c] + (avail - summax) * maxw[c] / summax;
		else if (summin <= avail && summax > summin)
			w[c] = minw[c] + (maxw[c] - minw[c]) * (avail - summin) / (summax - summin);
		else /* words will break inside */
			w[c] = summin > 0 ? minw[c] * avail / summin : avail / (double)n;
	}
	t->x = arena_alloc(&p->a, (n + 1) * sizeof *t->x);
	t->x[0] = MARGIN_X;
	for (size_t c = 0; c < n; c++)
		t->x[c + 1] = t->x[c] + w[c] + 2 * t->pad;

	/* row heights at the final font */
	text_style(l, FONT_SANS, t->pt, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, -1);
	pango_layout_set_text(l, "x", -1);
	t->lineh = layout_h(l);
	text_style(l, FONT_SANS, t->pt, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, -1);
	double hh = t->lineh;
	for (size_t c = 0; c < n; c++) {
		pango_layout_set_width(l, (int)(w[c] * PANGO_SCALE));
		pango_layout_set_text(l, clean(p, b->heads[c]), -1);
		double h = layout_h(l);
		if (h > hh)
			hh = h;
	}
	t->headh = hh + 2 * t->pad;
	if (t->headh > BODY_H / 3)
		t->headh = BODY_H / 3; /* a header that long is cut, not repeated over whole pages */
	t->rowh = arena_alloc(&p->a, (b->nrows ? b->nrows : 1) * sizeof *t->rowh);
	struct pdf_cells cc;
	cells_init(&cc, t, n);
	for (size_t r = 0; r < b->nrows; r++) {
		double rh = t->lineh;
		for (size_t c = 0; c < n; c++) {
			const char *s = clean(p, b->rows[r].cells[c]);
			if (!*s || one_line(p, s, w[c], t->pt))
				continue;
			double h = layout_h(cell_layout(p, &cc, c, s));
			if (h > rh)
				rh = h;
		}
		t->rowh[r] = (float)(rh + 2 * t->pad);
	}
	cells_free(&cc);
	free(minw);
	free(maxw);
}

/* The fill of cell c of row r (head: a header cell), 0 for none. */
static unsigned cell_bg(const struct doc_row *r, size_t c, int head)
{
	if (head)
		return RGB_HEAD;
	if (r->levels && r->levels[c] > 0 && r->levels[c] < DOC_LEVELS)
		return doc_level_rgb[r->levels[c]];
	if (r->flags & DOC_ROW_OVERDUE)
		return RGB_OVERDUE;
	return 0;
}

/* Fills and borders of a row (or a slice of one) from y, h high. */
static void row_frame(struct pdf *p, const struct doc_block *b, const struct pdf_table *t, const struct doc_row *r,
		      double y, double h)
{
	size_t n = b->ncols;
	for (size_t c = 0; c < n; c++) {
		unsigned bg = cell_bg(r, c, !r);
		if (bg)
			fill_rect(p, bg, t->x[c], y, t->x[c + 1] - t->x[c], h);
	}
	set_rgb(p->cr, RGB_BORDER);
	cairo_set_line_width(p->cr, 0.4);
	cairo_rectangle(p->cr, t->x[0], y, t->x[n] - t->x[0], h);
	for (size_t c = 1; c < n; c++) {
		cairo_move_to(p->cr, t->x[c], y);
		cairo_line_to(p->cr, t->x[c], y + h);
	}
	cairo_stroke(p->cr);
}

/* Draw a whole row (r NULL: the header, through the header layouts hl) at the current position. */
static void row_draw(struct pdf *p, const struct doc_block *b, const struct pdf_table *t, const struct doc_row *r,
		     struct pdf_cells *cc, PangoLayout **hl, double h)
{
	if (p->draw) {
		row_frame(p, b, t, r, p->y, h);
		if (!r) {
			cairo_save(p->cr);
			cairo_rectangle(p->cr, t->x[0], p->y, t->x[b->ncols] - t->x[0], h);
			cairo_clip(p->cr);
		}
		for (size_t c = 0; c < b->ncols; c++) {
			const char *s = clean(p, r ? r->cells[c] : b->heads[c]);
			if (!*s)
				continue;
			PangoLayout *l = hl[c];
			if (r)
				l = cell_layout(p, cc, c, s);
			else
				pango_layout_set_text(l, s, -1);
			show_at(p, l, t->x[c] + t->pad, p->y + t->pad, RGB_TEXT);
		}
		if (!r)
			cairo_restore(p->cr);
	}
	p->y += h;
	p->fresh = 0;
}

/* The header row on a new page, then the flow goes on below it. */
static void table_page(struct pdf *p, const struct doc_block *b, const struct pdf_table *t, PangoLayout **hl)
{
	page_new(p);
	row_draw(p, b, t, NULL, NULL, hl, t->headh);
}

/*
 * A row taller than a page's room: placed in slices, each ending above the
 * first line (of any cell) that does not fit, with the header repeated on
 * every page it runs onto.
 */
static void row_split(struct pdf *p, const struct doc_block *b, const struct pdf_table *t, const struct doc_row *r,
		      struct pdf_cells *cc, PangoLayout **hl, double h)
{
	size_t n = b->ncols;
	PangoLayout **cl = xcalloc(n, sizeof *cl); /* one per column: no two share a cache slot */
	for (size_t c = 0; c < n; c++)
		cl[c] = cell_layout(p, cc, c, clean(p, r->cells[c]));
	double s = 0;
	while (!p->stop) {
		double room = BODY_BOTTOM - p->y, cut = h;
		if (h - s > room) {
			for (size_t c = 0; c < n; c++) {
				PangoLayoutIter *it = pango_layout_get_iter(cl[c]);
				do {
					PangoRectangle lr;
					pango_layout_iter_get_line_extents(it, NULL, &lr);
					double top = t->pad + lr.y / (double)PANGO_SCALE;
					double bottom = top + lr.height / (double)PANGO_SCALE;
					if (bottom - s > room) {
						if (top < cut)
							cut = top;
						break;
					}
				} while (pango_layout_iter_next_line(it));
				pango_layout_iter_free(it);
			}
			if (cut > s + room)
				cut = s + room;
			if (cut <= s + 0.5) {
				/* no line fits below what is on the page: next page, else cut through a line */
				if (p->y > BODY_TOP + t->headh + 0.5) {
					table_page(p, b, t, hl);
					continue;
				}
				cut = s + room;
			}
		}
		if (p->draw) {
			double sh = cut - s;
			row_frame(p, b, t, r, p->y, sh);
			cairo_save(p->cr);
			cairo_rectangle(p->cr, t->x[0], p->y, t->x[n] - t->x[0], sh);
			cairo_clip(p->cr);
			set_rgb(p->cr, RGB_TEXT);
			for (size_t c = 0; c < n; c++) {
				PangoLayoutIter *it = pango_layout_get_iter(cl[c]);
				do {
					PangoRectangle lr;
					pango_layout_iter_get_line_extents(it, NULL, &lr);
					double top = t->pad + lr.y / (double)PANGO_SCALE;
					double bottom = top + lr.height / (double)PANGO_SCALE;
					if (bottom <= s + 0.01 || top >= cut - 0.01)
						continue;
					double base = t->pad + pango_layout_iter_get_baseline(it) / (double)PANGO_SCALE;
					cairo_move_to(p->cr, t->x[c] + t->pad + lr.x / (double)PANGO_SCALE,
						      p->y + base - s);
					pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
				} while (pango_layout_iter_next_line(it));
				pango_layout_iter_free(it);
			}
			cairo_restore(p->cr);
		}
		p->y += cut - s;
		p->fresh = 0;
		s = cut;
		if (s >= h - 0.01)
			break;
		table_page(p, b, t, hl);
	}
	free(cl);
}

static void table(struct pdf *p, const struct doc_block *b)
{
	const struct pdf_table *t = &p->tables[p->itable++];
	size_t n = b->ncols;
	if (!n)
		return;
	struct pdf_cells cc;
	cells_init(&cc, t, n);
	PangoLayout **hl = xcalloc(n, sizeof *hl);
	for (size_t c = 0; c < n; c++) {
		hl[c] = layout_new(p);
		text_style(hl[c], FONT_SANS, t->pt, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, t->w[c]);
	}
	gap(p, 6);
	double first = b->nrows ? t->rowh[0] : 0;
	need(p, t->headh + (first < BODY_H / 2 ? first : BODY_H / 2));
	row_draw(p, b, t, NULL, NULL, hl, t->headh);
	double most = BODY_H - t->headh; /* the tallest row that fits on a page */
	for (size_t i = 0; i < b->nrows && !p->stop; i++) {
		double h = t->rowh[i];
		if (p->y + h > BODY_BOTTOM + 0.01) {
			if (h <= most || BODY_BOTTOM - p->y < 3 * t->lineh + 2 * t->pad) {
				table_page(p, b, t, hl);
			}
			if (h > most) {
				row_split(p, b, t, &b->rows[i], &cc, hl, h);
				continue;
			}
		}
		row_draw(p, b, t, &b->rows[i], &cc, hl, h);
	}
	for (size_t c = 0; c < n; c++)
		g_object_unref(hl[c]);
	free(hl);
	cells_free(&cc);
}

/* ---- the document ---- */

static void title_block(struct pdf *p)
{
	const struct doc_meta *m = &p->d->meta;
	PangoLayout *l = p->lay;
	if (m->tlp) {
		p->y += tlp_box(p, MARGIN_X, p->y, 14, 0) + 10;
		p->fresh = 0;
	}
	text_style(l, FONT_SANS, 20, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, CONTENT_W);
	flow_text(p, l, clean(p, m->title_da), MARGIN_X, RGB_TEXT, 0, 0, 0, 0);
	if (m->title_en && *m->title_en && strcmp(m->title_en, m->title_da)) {
		p->y += 1;
		text_style(l, FONT_SANS, 13, PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC, CONTENT_W);
		flow_text(p, l, clean(p, m->title_en), MARGIN_X, RGB_GREY, 0, 0, 0, 0);
	}
	p->y += 8;
	char line[600];
	if (m->org_name || m->org_id) {
		if (m->org_name && m->org_id)
			snprintf(line, sizeof line, "%s (%s)", m->org_name, m->org_id);
		else
			snprintf(line, sizeof line, "%s", m->org_name ? m->org_name : m->org_id);
		text_style(l, FONT_SANS, 11, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, CONTENT_W);
		flow_text(p, l, clean(p, line), MARGIN_X, RGB_TEXT, 0, 0, 0, 0);
		p->y += 2;
	}
	if (m->as_of) {
		snprintf(line, sizeof line, "Opgjort pr. (As of): %s", m->as_of);
		text_style(l, FONT_SANS, PT_BODY, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, CONTENT_W);
		flow_text(p, l, clean(p, line), MARGIN_X, RGB_TEXT, 0, 0, 0, 0);
		p->y += 1;
	}
	if (m->period) {
		text_style(l, FONT_SANS, PT_BODY, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, CONTENT_W);
		flow_text(p, l, clean(p, m->period), MARGIN_X, RGB_TEXT, 0, 0, 0, 0);
	}
	p->y += 6;
	if (p->draw)
		hline(p, 0x333333, 1.2, MARGIN_X, PAGE_W - MARGIN_X, p->y);
	p->y += 6;
}

/* One walk over the document: counting pages, or drawing them. */
static void walk(struct pdf *p)
{
	p->page = 1;
	p->y = BODY_TOP;
	p->fresh = 1;
	p->itable = 0;
	memset(p->outline, 0, sizeof p->outline);
	if (p->draw)
		page_decor(p);
	title_block(p);
	for (const struct doc_block *b = p->d->first; b && !p->stop; b = b->next) {
		switch (b->kind) {
		case DOC_HEADING: heading(p, b); break;
		case DOC_PARA:
			gap(p, 6);
			text_pair(p, b->text, b->en, MARGIN_X, CONTENT_W);
			break;
		case DOC_TABLE: table(p, b); break;
		case DOC_LIST: list(p, b); break;
		case DOC_PRE: pre(p, b); break;
		case DOC_HEATMAP: heatmap(p, b->heat); break;
		}
	}
	if (p->draw) {
		cairo_show_page(p->cr);
		check_cairo(p);
	}
}

static cairo_status_t pdf_write(void *closure, const unsigned char *data, unsigned int length)
{
	struct buf *b = closure;
	buf_add(b, (const char *)data, length);
	return b->full ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static void pdf_meta(struct pdf *p)
{
#if CAIRO_VERSION >= CAIRO_VERSION_ENCODE(1, 16, 0)
	const struct doc_meta *m = &p->d->meta;
	cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_TITLE, clean(p, m->title_da));
	if (m->title_en && *m->title_en)
		cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_SUBJECT, clean(p, m->title_en));
	if (m->org_name)
		cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_AUTHOR, clean(p, m->org_name));
	if (m->tlp)
		cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_KEYWORDS, clean(p, m->tlp));
	cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_CREATOR, "skjold");
#else
	(void)p;
#endif
}

int doc_render_pdf_max(const struct doc *d, size_t max_bytes, char **out, size_t *len, struct errinfo *e)
{
	struct buf b = {0};
	b.max = max_bytes;
	*out = NULL;
	*len = 0;
	struct pdf p = {0};
	p.d = d;
	arena_init(&p.a);
	p.surf = cairo_pdf_surface_create_for_stream(pdf_write, &b, PAGE_W, PAGE_H);
	p.cr = cairo_create(p.surf);
	p.fm = pango_cairo_font_map_new();
	p.pc = pango_font_map_create_context(p.fm);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(p.pc, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(p.pc, FALSE);
	pango_cairo_update_context(p.cr, p.pc);
	p.lay = layout_new(&p);
	p.aux = layout_new(&p);
	check_cairo(&p);

	if (!p.stop) {
		for (const struct doc_block *k = d->first; k; k = k->next)
			if (k->kind == DOC_TABLE)
				p.ntables++;
		p.tables = arena_alloc(&p.a, (p.ntables ? p.ntables : 1) * sizeof *p.tables);
		size_t i = 0;
		if (p.ntables)
			adv_measure(&p);
		for (const struct doc_block *k = d->first; k; k = k->next)
			if (k->kind == DOC_TABLE)
				table_plan(&p, k, &p.tables[i++]);
		p.draw = 0;
		walk(&p);
		p.pages = p.page;
		p.draw = 1;
		pdf_meta(&p);
		walk(&p);
	}
	/* the walks decide alike; were they ever to differ, "Side N af M" would lie */
	int mismatch = !p.stop && p.page != p.pages;

	g_object_unref(p.lay);
	g_object_unref(p.aux);
	g_object_unref(p.pc);
	g_object_unref(p.fm);
	cairo_status_t st = cairo_status(p.cr);
	cairo_destroy(p.cr);
	cairo_surface_finish(p.surf);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(p.surf);
	cairo_surface_destroy(p.surf);
	arena_free(&p.a);

	if (b.full) {
		buf_free(&b);
		return err_setm(e, ERR_INVALID, "report", "doc.pdf_large", "max",
				err_num((char[24]){0}, (long long)(max_bytes ? max_bytes : BUF_MAX_BYTES)), NULL);
	}
	if (st != CAIRO_STATUS_SUCCESS) {
		buf_free(&b);
		return err_setm(e, ERR_INTERNAL, "format", "doc.cairo", "error", cairo_status_to_string(st), NULL);
	}
	if (mismatch) {
		buf_free(&b);
		return err_setm(e, ERR_INTERNAL, "format", "doc.pdf_pages", "drawn", err_num((char[24]){0}, p.page), "counted",
				err_num((char[24]){0}, p.pages), NULL);
	}
	size_t n = b.len;
	*out = buf_finish(&b);
	if (!*out)
		return err_setm(e, ERR_INVALID, "report", "doc.pdf_large", "max",
				err_num((char[24]){0}, (long long)(max_bytes ? max_bytes : BUF_MAX_BYTES)), NULL);
	*len = n;
	return 0;
}

int doc_render_pdf(const struct doc *d, char **out, size_t *len, struct errinfo *e)
{
	return doc_render_pdf_max(d, 0, out, len, e);
}
