/*
 * doc_md.c — a document as Markdown (doc.h).
 *
 * Every piece of text from the data is escaped: punctuation that could
 * start markup (emphasis, links, inline HTML, table pipes, entities) gets a
 * backslash and line breaks become spaces, so a title cannot end a table
 * row or inject markup into a rendered report.
 */
#include "doc.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"

static void md_escape(struct buf *b, const char *s)
{
	const char *run = s;
	for (const char *p = s; *p; p++) {
		if (strchr("\\`*_[]<>|&#~", *p)) {
			buf_add(b, run, (size_t)(p - run));
			buf_add(b, "\\", 1);
			buf_add(b, p, 1);
			run = p + 1;
		} else if (*p == '\n' || *p == '\r' || *p == '\t') {
			buf_add(b, run, (size_t)(p - run));
			buf_add(b, " ", 1);
			run = p + 1;
		} else if ((unsigned char)*p < 0x20) {
			buf_add(b, run, (size_t)(p - run));
			run = p + 1;
		}
	}
	buf_puts(b, run);
}

static void md_table_head(struct buf *b, size_t n, const char *const *heads)
{
	buf_puts(b, "\n|");
	for (size_t i = 0; i < n; i++) {
		buf_puts(b, " ");
		md_escape(b, heads[i]);
		buf_puts(b, " |");
	}
	buf_puts(b, "\n|");
	for (size_t i = 0; i < n; i++)
		buf_puts(b, "---|");
	buf_puts(b, "\n");
}

static void md_table_row(struct buf *b, size_t n, const char *const *cells)
{
	buf_puts(b, "|");
	for (size_t i = 0; i < n; i++) {
		buf_puts(b, " ");
		md_escape(b, cells[i]);
		buf_puts(b, " |");
	}
	buf_puts(b, "\n");
}

static void md_heatmap(struct buf *b, const struct doc_heatmap *h)
{
	const char *heads[5] = {h->title ? h->title : "", "1", "2", "3", "4"};
	md_table_head(b, 5, heads);
	for (int l = 3; l >= 0; l--) {
		char txt[5][48];
		const char *cv[5];
		snprintf(txt[0], sizeof txt[0], "%d", l + 1);
		for (int c = 0; c < 4; c++) {
			int lv = h->levels[l][c];
			if (lv > 0 && lv < DOC_LEVELS)
				snprintf(txt[c + 1], sizeof txt[c + 1], "%ld (%s)", h->counts[l][c], doc_level_da(lv));
			else
				snprintf(txt[c + 1], sizeof txt[c + 1], "%ld", h->counts[l][c]);
		}
		for (int i = 0; i < 5; i++)
			cv[i] = txt[i];
		md_table_row(b, 5, cv);
	}
}

int doc_render_markdown(const struct doc *d, char **out, size_t *len, struct errinfo *e)
{
	struct buf b = {0};
	buf_puts(&b, "# ");
	md_escape(&b, d->meta.title_da);
	if (d->meta.title_en && strcmp(d->meta.title_da, d->meta.title_en)) {
		buf_puts(&b, " (");
		md_escape(&b, d->meta.title_en);
		buf_puts(&b, ")");
	}
	buf_puts(&b, "\n");
	if (d->meta.tlp) {
		buf_puts(&b, "\n**");
		md_escape(&b, d->meta.tlp);
		buf_puts(&b, "**\n");
	}
	for (const struct doc_block *k = d->first; k; k = k->next) {
		switch (k->kind) {
		case DOC_HEADING:
			buf_printf(&b, "\n%.*s ", k->level, "###");
			md_escape(&b, k->text);
			if (k->en) {
				buf_puts(&b, " (");
				md_escape(&b, k->en);
				buf_puts(&b, ")");
			}
			buf_puts(&b, "\n");
			break;
		case DOC_PARA:
			buf_puts(&b, "\n");
			md_escape(&b, k->text);
			if (k->en) {
				buf_puts(&b, "  \n*");
				md_escape(&b, k->en);
				buf_puts(&b, "*");
			}
			buf_puts(&b, "\n");
			break;
		case DOC_TABLE:
			md_table_head(&b, k->ncols, k->heads);
			for (size_t r = 0; r < k->nrows; r++)
				md_table_row(&b, k->ncols, k->rows[r].cells);
			break;
		case DOC_LIST:
			buf_puts(&b, "\n");
			for (size_t i = 0; i < k->nitems; i++) {
				buf_puts(&b, "- ");
				md_escape(&b, k->items[i].text);
				if (k->items[i].en) {
					buf_puts(&b, "  \n  *");
					md_escape(&b, k->items[i].en);
					buf_puts(&b, "*");
				}
				buf_puts(&b, "\n");
			}
			break;
		case DOC_PRE:
			buf_puts(&b, "\n```\n");
			/* a fence inside the text would end the block: break runs of backticks */
			for (const char *p = k->text; *p; p++) {
				buf_add(&b, p, 1);
				if (*p == '`' && p[1] == '`')
					buf_add(&b, "\u200b", strlen("\u200b"));
			}
			buf_puts(&b, "\n```\n");
			break;
		case DOC_HEATMAP: md_heatmap(&b, k->heat); break;
		}
	}
	size_t n = b.len;
	*out = buf_finish(&b);
	if (!*out)
		return err_setm(e, ERR_INVALID, "report", "doc.large", "max", err_num((char[24]){0}, BUF_MAX_BYTES), NULL);
	*len = n;
	return 0;
}
