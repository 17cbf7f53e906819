/*
 * doc.c — the document builder (doc.h): blocks recorded into an arena, and
 * the dispatch to the format back ends.
 */
#include "doc.h"

#include <string.h>

int doc_format_parse(const char *name, enum doc_format *out)
{
	if (!name)
		return ERR_INVALID;
	if (!strcmp(name, "md") || !strcmp(name, "markdown"))
		*out = DOC_MARKDOWN;
	else if (!strcmp(name, "html"))
		*out = DOC_HTML;
	else if (!strcmp(name, "pdf"))
		*out = DOC_PDF;
	else if (!strcmp(name, "docx"))
		*out = DOC_DOCX;
	else
		return ERR_INVALID;
	return 0;
}

const char *doc_format_type(enum doc_format f)
{
	switch (f) {
	case DOC_MARKDOWN: return "text/markdown; charset=utf-8";
	case DOC_HTML: return "text/html; charset=utf-8";
	case DOC_PDF: return "application/pdf";
	case DOC_DOCX: return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
	}
	return "application/octet-stream";
}

const char *doc_format_ext(enum doc_format f)
{
	switch (f) {
	case DOC_MARKDOWN: return "md";
	case DOC_HTML: return "html";
	case DOC_PDF: return "pdf";
	case DOC_DOCX: return "docx";
	}
	return "bin";
}

/* The web UI's report-table colours (web/style.css, article.report td.lvl-N). */
const unsigned doc_level_rgb[DOC_LEVELS] = {0xffffff, 0xd9f2d9, 0xfff3c4, 0xffd8a8, 0xf5b5b5};

static const char *const level_da[DOC_LEVELS] = {"", "Lav", "Medium", "H\xc3\xb8j", "Kritisk"};
static const char *const level_en[DOC_LEVELS] = {"", "Low", "Medium", "High", "Critical"};

const char *doc_level_da(int level)
{
	return level > 0 && level < DOC_LEVELS ? level_da[level] : "";
}

const char *doc_level_en(int level)
{
	return level > 0 && level < DOC_LEVELS ? level_en[level] : "";
}

void doc_init(struct doc *d, const struct doc_meta *m)
{
	memset(d, 0, sizeof *d);
	arena_init(&d->a);
	d->meta.title_da = arena_strdup(&d->a, m->title_da ? m->title_da : "");
	d->meta.title_en = arena_strdup(&d->a, m->title_en);
	d->meta.org_name = arena_strdup(&d->a, m->org_name);
	d->meta.org_id = arena_strdup(&d->a, m->org_id);
	d->meta.as_of = arena_strdup(&d->a, m->as_of);
	d->meta.period = arena_strdup(&d->a, m->period);
	d->meta.tlp = arena_strdup(&d->a, m->tlp);
	d->meta.file_stem = arena_strdup(&d->a, m->file_stem);
}

void doc_free(struct doc *d)
{
	arena_free(&d->a);
	memset(d, 0, sizeof *d);
}

static struct doc_block *block_add(struct doc *d, enum doc_kind k)
{
	struct doc_block *b = arena_alloc(&d->a, sizeof *b);
	b->kind = k;
	if (d->last)
		d->last->next = b;
	else
		d->first = b;
	d->last = b;
	return b;
}

void doc_heading(struct doc *d, int level, const char *da, const char *en)
{
	struct doc_block *b = block_add(d, DOC_HEADING);
	b->level = level < 1 ? 1 : level > 3 ? 3 : level;
	b->text = arena_strdup(&d->a, da ? da : "");
	b->en = en && *en && (!da || strcmp(da, en)) ? arena_strdup(&d->a, en) : NULL;
}

void doc_para(struct doc *d, const char *text, const char *en)
{
	struct doc_block *b = block_add(d, DOC_PARA);
	b->text = arena_strdup(&d->a, text ? text : "");
	b->en = en && *en ? arena_strdup(&d->a, en) : NULL;
}

void doc_table_begin(struct doc *d, size_t n, const char *const *heads)
{
	struct doc_block *b = block_add(d, DOC_TABLE);
	b->ncols = n;
	b->heads = arena_alloc(&d->a, (n ? n : 1) * sizeof *b->heads);
	for (size_t i = 0; i < n; i++)
		b->heads[i] = arena_strdup(&d->a, heads[i] ? heads[i] : "");
	d->open = b;
}

void doc_table_row(struct doc *d, size_t n, const char *const *cells, const int *levels, unsigned flags)
{
	struct doc_block *b = d->open;
	ASSERT(b && b->kind == DOC_TABLE);
	if (b->nrows == b->caprows) {
		size_t cap = b->caprows ? b->caprows * 2 : 16;
		struct doc_row *rows = arena_alloc(&d->a, cap * sizeof *rows);
		if (b->nrows)
			memcpy(rows, b->rows, b->nrows * sizeof *rows);
		b->rows = rows;
		b->caprows = cap;
	}
	struct doc_row *r = &b->rows[b->nrows++];
	r->cells = arena_alloc(&d->a, (b->ncols ? b->ncols : 1) * sizeof *r->cells);
	for (size_t i = 0; i < b->ncols; i++)
		r->cells[i] = arena_strdup(&d->a, i < n && cells[i] ? cells[i] : "");
	if (levels) {
		r->levels = arena_alloc(&d->a, (b->ncols ? b->ncols : 1) * sizeof *r->levels);
		for (size_t i = 0; i < b->ncols && i < n; i++)
			r->levels[i] = levels[i] >= 0 && levels[i] < DOC_LEVELS ? levels[i] : 0;
	}
	r->flags = flags;
}

void doc_table_end(struct doc *d)
{
	d->open = NULL;
}

void doc_list_begin(struct doc *d)
{
	d->open = block_add(d, DOC_LIST);
}

void doc_list_item(struct doc *d, const char *text, const char *en)
{
	struct doc_block *b = d->open;
	ASSERT(b && b->kind == DOC_LIST);
	if (b->nitems == b->capitems) {
		size_t cap = b->capitems ? b->capitems * 2 : 8;
		struct doc_item *items = arena_alloc(&d->a, cap * sizeof *items);
		if (b->nitems)
			memcpy(items, b->items, b->nitems * sizeof *items);
		b->items = items;
		b->capitems = cap;
	}
	b->items[b->nitems].text = arena_strdup(&d->a, text ? text : "");
	b->items[b->nitems].en = en && *en ? arena_strdup(&d->a, en) : NULL;
	b->nitems++;
}

void doc_list_end(struct doc *d)
{
	d->open = NULL;
}

void doc_pre(struct doc *d, const char *text)
{
	struct doc_block *b = block_add(d, DOC_PRE);
	b->text = arena_strdup(&d->a, text ? text : "");
}

void doc_heatmap(struct doc *d, const struct doc_heatmap *h)
{
	struct doc_block *b = block_add(d, DOC_HEATMAP);
	b->heat = arena_alloc(&d->a, sizeof *b->heat);
	*b->heat = *h;
	b->heat->title = arena_strdup(&d->a, h->title);
}

int doc_render(const struct doc *d, enum doc_format f, char **out, size_t *len, struct errinfo *e)
{
	*out = NULL;
	*len = 0;
	switch (f) {
	case DOC_MARKDOWN: return doc_render_markdown(d, out, len, e);
	case DOC_HTML: return doc_render_html(d, out, len, e);
	case DOC_PDF: return doc_render_pdf(d, out, len, e);
	case DOC_DOCX: return doc_render_docx(d, out, len, e);
	}
	return err_setm(e, ERR_INVALID, "format", "doc.format_unknown", NULL);
}
