/*
 * doc_html.c — a document as a standalone, printable HTML page (doc.h).
 *
 * Every piece of text from the data is HTML-escaped (& < > " ' become
 * entities; control characters other than tab and newline are dropped), so
 * a title cannot inject markup or script.  Level cells carry the web UI's
 * colours; the print style repeats table headers on every page.
 */
#include "doc.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"

static void html_escape(struct buf *b, const char *s)
{
	const char *run = s;
	for (const char *p = s; *p; p++) {
		const char *rep = NULL;
		switch (*p) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:
			if ((unsigned char)*p < 0x20 && *p != '\t' && *p != '\n')
				rep = "";
			break;
		}
		if (rep) {
			buf_add(b, run, (size_t)(p - run));
			buf_puts(b, rep);
			run = p + 1;
		}
	}
	buf_puts(b, run);
}

static const char html_css[] =
	"body{font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;color:#111;max-width:64rem;"
	"margin:2rem auto;padding:0 1rem;line-height:1.4}"
	"h1{font-size:1.6rem;border-bottom:2px solid #333;padding-bottom:.3rem}"
	"h2{font-size:1.25rem;margin-top:1.8rem;border-bottom:1px solid #bbb}"
	".en{color:#555;font-style:italic;font-weight:normal}"
	".tlp{display:inline-block;background:#000;font-weight:bold;padding:.1rem .5rem}"
	"table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.9rem}"
	"th,td{border:1px solid #999;padding:.25rem .45rem;text-align:left;vertical-align:top}"
	"th{background:#e8e8e8}"
	"tr.overdue td{background:#fdecea}"
	"td.lvl-1{background:#d9f2d9}td.lvl-2{background:#fff3c4}td.lvl-3{background:#ffd8a8}"
	"td.lvl-4{background:#f5b5b5}"
	"pre{white-space:pre-wrap;font-size:.8rem;background:#f6f6f6;padding:.5rem}"
	".meta{color:#333}"
	"@media print{body{margin:0;max-width:none;font-size:10pt}h2{break-after:avoid}"
	"tr{break-inside:avoid}thead{display:table-header-group}"
	"th,td.lvl-1,td.lvl-2,td.lvl-3,td.lvl-4,tr.overdue td{-webkit-print-color-adjust:exact;"
	"print-color-adjust:exact}}";

/* The TLP label's text colour on black (FIRST TLP 2.0). */
static const char *tlp_colour(const char *tlp)
{
	if (strstr(tlp, "RED"))
		return "#FF2B2B";
	if (strstr(tlp, "AMBER"))
		return "#FFC000";
	if (strstr(tlp, "GREEN"))
		return "#33FF00";
	return "#FFFFFF";
}

static void heading(struct buf *b, int level, const char *da, const char *en)
{
	buf_printf(b, "<h%d>", level);
	html_escape(b, da);
	if (en) {
		buf_puts(b, " <span class=\"en\" lang=\"en\">(");
		html_escape(b, en);
		buf_puts(b, ")</span>");
	}
	buf_printf(b, "</h%d>\n", level);
}

static void table_head(struct buf *b, size_t n, const char *const *heads)
{
	buf_puts(b, "<table>\n<thead><tr>");
	for (size_t i = 0; i < n; i++) {
		buf_puts(b, "<th>");
		html_escape(b, heads[i]);
		buf_puts(b, "</th>");
	}
	buf_puts(b, "</tr></thead>\n<tbody>\n");
}

static void table_row(struct buf *b, const struct doc_row *r, size_t n)
{
	buf_puts(b, r->flags & DOC_ROW_OVERDUE ? "<tr class=\"overdue\">" : "<tr>");
	for (size_t i = 0; i < n; i++) {
		if (r->levels && r->levels[i] > 0)
			buf_printf(b, "<td class=\"lvl-%d\">", r->levels[i]);
		else
			buf_puts(b, "<td>");
		html_escape(b, r->cells[i]);
		buf_puts(b, "</td>");
	}
	buf_puts(b, "</tr>\n");
}

static void heatmap(struct buf *b, const struct doc_heatmap *h)
{
	const char *heads[5] = {h->title ? h->title : "", "1", "2", "3", "4"};
	table_head(b, 5, heads);
	for (int l = 3; l >= 0; l--) {
		buf_printf(b, "<tr><td>%d</td>", l + 1);
		for (int c = 0; c < 4; c++) {
			int lv = h->levels[l][c];
			if (lv > 0 && lv < DOC_LEVELS)
				buf_printf(b, "<td class=\"lvl-%d\">%ld (%s)</td>", lv, h->counts[l][c], doc_level_da(lv));
			else
				buf_printf(b, "<td>%ld</td>", h->counts[l][c]);
		}
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n");
}

int doc_render_html(const struct doc *d, char **out, size_t *len, struct errinfo *e)
{
	struct buf b = {0};
	buf_puts(&b, "<!doctype html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n"
		     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	html_escape(&b, d->meta.title_da);
	if (d->meta.org_name) {
		buf_puts(&b, " \xe2\x80\x93 ");
		html_escape(&b, d->meta.org_name);
	}
	buf_puts(&b, "</title>\n<style>");
	buf_puts(&b, html_css);
	buf_puts(&b, "</style>\n</head>\n<body>\n");
	if (d->meta.tlp) {
		buf_printf(&b, "<p class=\"tlp\" style=\"color:%s\">", tlp_colour(d->meta.tlp));
		html_escape(&b, d->meta.tlp);
		buf_puts(&b, "</p>\n");
	}
	heading(&b, 1, d->meta.title_da,
		d->meta.title_en && strcmp(d->meta.title_da, d->meta.title_en) ? d->meta.title_en : NULL);
	for (const struct doc_block *k = d->first; k; k = k->next) {
		switch (k->kind) {
		case DOC_HEADING: heading(&b, k->level, k->text, k->en); break;
		case DOC_PARA:
			buf_puts(&b, "<p>");
			html_escape(&b, k->text);
			if (k->en) {
				buf_puts(&b, "<br><span class=\"en\" lang=\"en\">");
				html_escape(&b, k->en);
				buf_puts(&b, "</span>");
			}
			buf_puts(&b, "</p>\n");
			break;
		case DOC_TABLE:
			table_head(&b, k->ncols, k->heads);
			for (size_t r = 0; r < k->nrows; r++)
				table_row(&b, &k->rows[r], k->ncols);
			buf_puts(&b, "</tbody>\n</table>\n");
			break;
		case DOC_LIST:
			buf_puts(&b, "<ul>\n");
			for (size_t i = 0; i < k->nitems; i++) {
				buf_puts(&b, "<li>");
				html_escape(&b, k->items[i].text);
				if (k->items[i].en) {
					buf_puts(&b, "<br><span class=\"en\" lang=\"en\">");
					html_escape(&b, k->items[i].en);
					buf_puts(&b, "</span>");
				}
				buf_puts(&b, "</li>\n");
			}
			buf_puts(&b, "</ul>\n");
			break;
		case DOC_PRE:
			buf_puts(&b, "<pre>");
			html_escape(&b, k->text);
			buf_puts(&b, "</pre>\n");
			break;
		case DOC_HEATMAP: heatmap(&b, k->heat); break;
		}
	}
	buf_puts(&b, "</body>\n</html>\n");
	size_t n = b.len;
	*out = buf_finish(&b);
	if (!*out)
		return err_setm(e, ERR_INVALID, "report", "doc.large", "max", err_num((char[24]){0}, BUF_MAX_BYTES), NULL);
	*len = n;
	return 0;
}
