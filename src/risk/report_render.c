/*
 * report_render.c — the reports' renderings: Markdown and a standalone HTML
 * document, both from the report's JSON (report.c), so the three forms
 * cannot disagree.  The shell and the API both render through here.
 *
 * Rendering is driven by a table of sections per report kind (a heading and
 * the JSON path it shows as fields, a table, a heat map or a list), written
 * through one small document writer with a Markdown and an HTML back end.
 * Every piece of text from the data is escaped on the way out (HTML
 * entities; Markdown backslash escapes, so a title cannot inject markup or
 * script into a rendered report).  Unknown report kinds get a generic
 * rendering of their JSON.
 *
 * Text grows in a bounded buffer (buf.h); past its maximum the renderers
 * return NULL rather than a silently cut report.  A renderer reads only the
 * JSON it is given: it never queries the store.
 */
#include "report_render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "doc.h"
#include "jsonx.h"
#include "model.h"

/* ---- formats ---- */


int report_format_parse(const char *name, enum report_format *out)
{
	static const enum report_format of_doc[] = {
		[DOC_MARKDOWN] = REPORT_MARKDOWN, [DOC_HTML] = REPORT_HTML, [DOC_PDF] = REPORT_PDF, [DOC_DOCX] = REPORT_DOCX};
	enum doc_format f;
	if (!name || !strcmp(name, "json"))
		*out = REPORT_JSON;
	else if (!doc_format_parse(name, &f))
		*out = of_doc[f];
	else
		return ERR_INVALID;
	return 0;
}

/* ---- rendering: labels ---- */

struct label_entry {
	const char *key, *da, *en;
};

/* Danish and English names of the JSON keys and enumerated values the reports use. */
static const struct label_entry labels[] = {
	{"total", "I alt", "Total"},
	{"Lav", "Lav", "Low"},
	{"Medium", "Medium", "Medium"},
	{"Høj", "Høj", "High"},
	{"Kritisk", "Kritisk", "Critical"},
	{"unscored", "Ikke vurderet", "Not scored"},
	{"process", "Proces", "Process"},
	{"service", "Tjeneste", "Service"},
	{"system", "System", "System"},
	{"infrastructure", "Infrastruktur", "Infrastructure"},
	{"supplier", "Leverandør", "Supplier"},
	{"external", "Ekstern", "External"},
	{"risks_above_appetite", "Risici over risikoappetit", "Risks above appetite"},
	{"risks_overdue", "Risici med forsinkelser", "Risks overdue"},
	{"treatment_overdue", "Handleplan forsinket", "Treatment overdue"},
	{"treatment_warning", "Handleplan: varsel nået", "Treatment warning reached"},
	{"measures_overdue", "Forsinkede foranstaltninger", "Measures overdue"},
	{"measure_overdue", "Foranstaltning forsinket", "Measure overdue"},
	{"measure_due", "Foranstaltning forfalder", "Measure due"},
	{"acceptance_expired", "Risikoaccept udløbet", "Acceptance expired"},
	{"above_appetite", "Over risikoappetit", "Above appetite"},
	{"within_appetite", "Inden for risikoappetit", "Within appetite"},
	{"review_overdue", "Revurdering forfalden", "Review overdue"},
	{"review_due", "Revurdering forfalder", "Review due"},
	{"procedure_review_overdue", "Revision af procedure forfalden", "Procedure review overdue"},
	{"procedure_review_due", "Revision af procedure forfalder", "Procedure review due"},
	{"procedure_approval", "Godkendelse af procedure", "Procedure approval"},
	{"acceptance_requires_board", "Accept kræver direktionen", "Acceptance requires the board"},
	{"reviews_overdue", "Forfaldne revurderinger", "Reviews overdue"},
	{"never_assessed", "Aldrig vurderet", "Never assessed"},
	{"overdue", "Forfalden", "Overdue"},
	{"due_soon", "Forfalder snart", "Due soon"},
	{"due_soon_count", "Forfalder snart", "Due soon"},
	{"horizon_days", "Horisont (dage)", "Horizon (days)"},
	{"risks_assessed", "Risici vurderet i perioden", "Risks assessed in the period"},
	{"nodes_reviewed", "Systemer/processer vurderet i perioden", "Nodes reviewed in the period"},
	{"reviews_overdue_at_period_end", "Forfaldne revurderinger ved periodens slutning",
	 "Reviews overdue at period end"},
	{"reviews_overdue_as_of", "Forfaldne revurderinger pr. opgørelsesdato", "Reviews overdue as of the report date"},
	{"measures_total", "Foranstaltninger i alt", "Measures in total"},
	{"planned", "Planlagt", "Planned"},
	{"started", "Igangsat", "Started"},
	{"done", "Gennemført", "Done"},
	{"cancelled", "Annulleret", "Cancelled"},
	{"risks_without_started_plan", "Risici uden igangsat handleplan", "Risks without a started plan"},
	{"assessed_in_year", "Vurderet i året", "Assessed in the year"},
	{"treatment_started", "Håndtering igangsat", "Treatment started"},
	{"treatment_not_started", "Håndtering ikke igangsat", "Treatment not started"},
	{"none", "Ingen", "None"},
	{"mitigate", "Mitigér", "Mitigate"},
	{"accept", "Acceptér", "Accept"},
	{"transfer", "Overfør", "Transfer"},
	{"avoid", "Undgå", "Avoid"},
	{"effective", "Effektiv", "Effective"},
	{"partial", "Delvist effektiv", "Partially effective"},
	{"ineffective", "Ikke effektiv", "Ineffective"},
	{"not_evaluated", "Ikke evalueret", "Not evaluated"},
	{"nodes", "Systemer og processer", "Nodes"},
	{"reviewed_on", "Senest revideret", "Last reviewed"},
	{"due", "Frist", "Due"},
	{"status", "Status", "Status"},
	{"days_overdue", "Dage over frist", "Days overdue"},
	{"responsible", "Ansvarlig", "Responsible"},
	{"approval", "Godkendelse", "Approval"},
	{"ok", "I orden", "OK"},
	{"note", "Bemærk", "Note"},
	{"trend", "Udvikling", "Trend"},
	{"never_reviewed", "Aldrig revideret", "Never reviewed"},
};

/* The label entry for key, or NULL. */
static const struct label_entry *label_find(const char *key)
{
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (!strcmp(labels[i].key, key))
			return &labels[i];
	return NULL;
}

/* "da (en)" for a key or value, the key itself when unknown, "da" alone when both agree. */
static void label_text(struct buf *b, const char *key)
{
	const struct label_entry *l = label_find(key);
	if (!l) {
		buf_puts(b, key);
		return;
	}
	buf_puts(b, l->da);
	if (strcmp(l->da, l->en))
		buf_printf(b, " (%s)", l->en);
}

/* ---- rendering: JSON values as cell text ---- */

/* Plain (unescaped) text for a JSON value; value_labels translates enumerated strings. */
static void cell_text(struct buf *b, json_t *j, int value_labels)
{
	if (!j || json_is_null(j)) {
		buf_puts(b, "\xe2\x80\x93"); /* en dash */
		return;
	}
	switch (json_typeof(j)) {
	case JSON_STRING:
		if (value_labels)
			label_text(b, json_string_value(j));
		else
			buf_puts(b, json_string_value(j));
		break;
	case JSON_INTEGER: buf_printf(b, "%lld", (long long)json_integer_value(j)); break;
	case JSON_REAL: buf_printf(b, "%.1f", json_real_value(j)); break;
	case JSON_TRUE: buf_puts(b, "ja"); break;
	case JSON_FALSE: buf_puts(b, "nej"); break;
	case JSON_NULL: break; /* handled above */
	case JSON_ARRAY: {
		size_t i;
		json_t *x;
		if (json_array_size(j) == 0)
			buf_puts(b, "\xe2\x80\x93");
		json_array_foreach(j, i, x)
		{
			if (i)
				buf_puts(b, ", ");
			cell_text(b, x, value_labels);
		}
		break;
	}
	case JSON_OBJECT: {
		json_t *da = json_object_get(j, "da"), *en = json_object_get(j, "en");
		json_t *id = json_object_get(j, "id"), *name = json_object_get(j, "name");
		if (json_is_string(da)) {
			buf_puts(b, json_string_value(da));
			if (json_is_string(en))
				buf_printf(b, " (%s)", json_string_value(en));
		} else if (json_is_string(id)) {
			if (json_is_string(name) && strcmp(json_string_value(name), json_string_value(id)))
				buf_printf(b, "%s (%s)", json_string_value(name), json_string_value(id));
			else
				buf_puts(b, json_string_value(id));
		} else {
			char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
			buf_puts(b, s);
			free(s);
		}
		break;
	}
	}
}

/* ---- rendering: sections ---- */

struct col {
	const char *key, *da, *en;
	int value_labels; /* translate enumerated values */
};

enum sec_kind { SEC_NOTE, SEC_FIELDS, SEC_MAPS, SEC_TABLE, SEC_HEATMAP, SEC_TEXTS };

struct section {
	enum sec_kind kind;
	const char *path;        /* dotted path into the report */
	const char *da, *en;     /* heading (level 2), or NULL */
	const struct col *cols;  /* NULL-key terminated; SEC_MAPS: cols[0] heads the row labels */
	const char *filter;      /* SEC_TABLE: show only rows whose boolean member filter is want */
	int want;
};

/* The column heading "da (en)" into b. */
static void col_head(struct buf *b, const char *da, const char *en)
{
	buf_puts(b, da);
	if (en && strcmp(da, en))
		buf_printf(b, " (%s)", en);
	buf_add(b, "", 1); /* keep each heading NUL-separated in one buffer */
}

/* Headings of cols (count n) as strings pointing into hb. */
static size_t col_heads(const struct col *cols, struct buf *hb, const char **heads)
{
	size_t n = 0, off[32];
	for (; cols[n].key && n < 32; n++) {
		off[n] = hb->len;
		col_head(hb, cols[n].da, cols[n].en);
	}
	for (size_t i = 0; i < n; i++)
		heads[i] = buf_str(hb) + off[i];
	return n;
}

/* The "Ingen (None)" line of an empty table or list. */
static void doc_none(struct doc *d)
{
	doc_para(d, "Ingen", "None");
}

/* A key/value table: the members of obj named by cols, or every scalar member when cols is NULL. */
static void render_fields(struct doc *d, json_t *obj, const struct col *cols)
{
	const char *heads[2] = {"Emne (Item)", "Værdi (Value)"};
	struct buf k = {0}, val = {0};
	doc_table_begin(d, 2, heads);
	const char *key;
	json_t *x;
	if (cols) {
		for (size_t i = 0; cols[i].key; i++) {
			x = json_object_get(obj, cols[i].key);
			if (!x)
				continue;
			buf_reset(&k), buf_reset(&val);
			col_head(&k, cols[i].da, cols[i].en);
			cell_text(&val, x, cols[i].value_labels);
			const char *cells[2] = {buf_str(&k), buf_str(&val)};
			doc_table_row(d, 2, cells, NULL, 0);
		}
	} else {
		json_object_foreach(obj, key, x)
		{
			/* objects with da/en are texts and render as cells too */
			if (json_is_array(x) || (json_is_object(x) && !json_object_get(x, "da")))
				continue;
			buf_reset(&k), buf_reset(&val);
			label_text(&k, key);
			cell_text(&val, x, 1);
			const char *cells[2] = {buf_str(&k), buf_str(&val)};
			doc_table_row(d, 2, cells, NULL, 0);
		}
	}
	doc_table_end(d);
	free(k.p);
	free(val.p);
}

/* Count maps side by side: rows are the keys of the first map, one column per map in cols[1..]. */
static void render_maps(struct doc *d, json_t *obj, const struct col *cols)
{
	struct buf hb = {0}, cb = {0};
	const char *heads[32];
	size_t n = col_heads(cols, &hb, heads);
	json_t *first = NULL;
	for (size_t i = 1; i < n && !first; i++)
		first = json_object_get(obj, cols[i].key);
	if (!json_is_object(first)) {
		free(hb.p);
		return;
	}
	doc_table_begin(d, n, heads);
	const char *key;
	json_t *x;
	json_object_foreach(first, key, x)
	{
		size_t off[32];
		buf_reset(&cb);
		off[0] = 0;
		label_text(&cb, key);
		buf_add(&cb, "", 1);
		for (size_t i = 1; i < n; i++) {
			off[i] = cb.len;
			cell_text(&cb, json_object_get(json_object_get(obj, cols[i].key), key), 0);
			buf_add(&cb, "", 1);
		}
		const char *cells[32];
		for (size_t i = 0; i < n; i++)
			cells[i] = buf_str(&cb) + off[i];
		doc_table_row(d, n, cells, NULL, 0);
	}
	doc_table_end(d);
	free(hb.p);
	free(cb.p);
}

/* An array of objects as a table with the given columns; rows filtered by a boolean member. */
static void render_table(struct doc *d, json_t *arr, const struct section *s)
{
	struct buf hb = {0}, cb = {0};
	const char *heads[32];
	size_t n = col_heads(s->cols, &hb, heads), shown = 0, i;
	json_t *row;
	json_array_foreach(arr, i, row)
	{
		if (s->filter && json_is_true(json_object_get(row, s->filter)) != s->want)
			continue;
		if (!shown++)
			doc_table_begin(d, n, heads);
		size_t off[32];
		buf_reset(&cb);
		for (size_t c = 0; c < n; c++) {
			off[c] = cb.len;
			cell_text(&cb, json_object_get(row, s->cols[c].key), s->cols[c].value_labels);
			buf_add(&cb, "", 1);
		}
		const char *cells[32];
		for (size_t c = 0; c < n; c++)
			cells[c] = buf_str(&cb) + off[c];
		doc_table_row(d, n, cells, NULL, json_is_true(json_object_get(row, "overdue")) ? DOC_ROW_OVERDUE : 0);
	}
	if (shown)
		doc_table_end(d);
	else
		doc_none(d);
	free(hb.p);
	free(cb.p);
}

/* The 4x4 residual heat map: likelihood 4 at the top, consequence 1..4 across, cells coloured by level. */
static void render_heatmap(struct doc *d, json_t *heat)
{
	json_t *cells = json_object_get(heat, "cells"), *levels = json_object_get(heat, "levels");
	if (!json_is_array(cells) || json_array_size(cells) != 4)
		return;
	struct doc_heatmap h = {.title = "Sandsynlighed \\ konsekvens (Likelihood \\ consequence)"};
	for (size_t l = 0; l < 4; l++)
		for (size_t c = 0; c < 4; c++) {
			json_t *lv = json_array_get(json_array_get(levels, l), c);
			enum level lvl = LEVEL_NONE;
			if (json_is_string(lv))
				level_parse(json_string_value(lv), &lvl);
			h.counts[l][c] = (long)json_integer_value(json_array_get(json_array_get(cells, l), c));
			h.levels[l][c] = (int)lvl;
		}
	doc_heatmap(d, &h);
}

/* A list of bilingual texts ({"da","en"} objects or strings). */
static void render_texts(struct doc *d, json_t *arr)
{
	size_t i;
	json_t *x;
	if (json_array_size(arr) == 0) {
		doc_none(d);
		return;
	}
	doc_list_begin(d);
	json_array_foreach(arr, i, x)
	{
		if (json_is_object(x) && json_object_get(x, "text"))
			x = json_object_get(x, "text");
		if (json_is_string(x)) {
			doc_list_item(d, json_string_value(x), NULL);
		} else {
			const char *da = json_string_value(json_object_get(x, "da"));
			const char *en = json_string_value(json_object_get(x, "en"));
			doc_list_item(d, da ? da : "", en);
		}
	}
	doc_list_end(d);
}

/* One section of a known report kind. */
static void render_section(struct doc *d, json_t *r, const struct section *s)
{
	json_t *x = jx_at(r, s->path, '.');
	if (!x)
		return;
	if (s->da)
		doc_heading(d, 2, s->da, s->en);
	switch (s->kind) {
	case SEC_NOTE:
		if (json_is_string(x))
			doc_para(d, json_string_value(x), NULL);
		else if (json_is_string(json_object_get(x, "da")))
			doc_para(d, json_string_value(json_object_get(x, "da")),
				 json_string_value(json_object_get(x, "en")));
		break;
	case SEC_FIELDS: render_fields(d, x, s->cols); break;
	case SEC_MAPS: render_maps(d, x, s->cols); break;
	case SEC_TABLE: render_table(d, x, s); break;
	case SEC_HEATMAP: render_heatmap(d, x); break;
	case SEC_TEXTS: render_texts(d, x); break;
	}
}

/* Generic rendering of any JSON object: scalars as fields, arrays of objects as tables, the rest as JSON. */
static void render_generic(struct doc *d, json_t *r)
{
	if (!json_is_object(r)) {
		char *s = json_dumps(r, JSON_INDENT(2) | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
		doc_pre(d, s ? s : "");
		free(s);
		return;
	}
	render_fields(d, r, NULL);
	const char *key;
	json_t *x;
	json_object_foreach(r, key, x)
	{
		if (!json_is_array(x) && !(json_is_object(x) && !json_object_get(x, "da")))
			continue;
		if (!strcmp(key, "organisation"))
			continue;
		struct buf h = {0};
		label_text(&h, key);
		doc_heading(d, 2, buf_str(&h), NULL);
		free(h.p);
		json_t *first = json_array_get(x, 0);
		if (json_is_array(x) && json_array_size(x) == 0) {
			doc_none(d);
		} else if (json_is_array(x) && json_is_object(first)) {
			/* columns: the scalar members of the first row, at most 12 */
			struct col cols[13];
			size_t n = 0;
			const char *k2;
			json_t *y;
			json_object_foreach(first, k2, y)
			{
				if (n < 12 && !json_is_object(y))
					cols[n++] = (struct col){k2, k2, k2, 0};
			}
			cols[n] = (struct col){NULL, NULL, NULL, 0};
			struct section s = {SEC_TABLE, key, NULL, NULL, cols, NULL, 0};
			render_table(d, x, &s);
		} else if (json_is_object(x) && json_object_size(x) > 0) {
			render_fields(d, x, NULL);
		} else {
			char *s = json_dumps(x, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			doc_pre(d, s ? s : "");
			free(s);
		}
	}
}

/* ---- the section tables of the four reports ---- */

static const struct col top_cols[] = {
	{"id", "Id", "Id", 0},
	{"title", "Titel", "Title", 0},
	{"node_name", "System/proces", "Node", 0},
	{"inherent_level", "Iboende", "Inherent", 0},
	{"residual_level", "Rest", "Residual", 0},
	{"above_appetite", "Over appetit", "Above appetite", 0},
	{"escalate_to", "Eskalér til", "Escalate to", 0},
	{NULL, NULL, NULL, 0}};
static const struct col level_map_cols[] = {
	{"", "Niveau", "Level", 0}, {"by_inherent", "Iboende", "Inherent", 0}, {"by_residual", "Rest", "Residual", 0},
	{NULL, NULL, NULL, 0}};
static const struct col node_map_cols[] = {{"", "Type", "Kind", 0}, {"by_kind", "Antal", "Count", 0}, {NULL, NULL, NULL, 0}};
static const struct col crit_map_cols[] = {
	{"", "Kritikalitet", "Criticality", 0}, {"by_criticality", "Antal", "Count", 0}, {NULL, NULL, NULL, 0}};
static const struct col item_cols[] = {
	{"kind", "Type", "Kind", 1},
	{"id", "Id", "Id", 0},
	{"title", "Titel", "Title", 0},
	{"due", "Frist", "Due", 0},
	{"days_overdue", "Dage over frist", "Days overdue", 0},
	{"level", "Niveau", "Level", 0},
	{"responsible", "Ansvarlig", "Responsible", 0},
	{"escalate_to", "Eskalér til", "Escalate to", 0},
	{"reason", "Begrundelse", "Reason", 0},
	{NULL, NULL, NULL, 0}};
static const struct col proc_cols[] = {
	{"reviewed_on", "Senest revideret", "Last reviewed", 0},
	{"due", "Frist", "Due", 0},
	{"status", "Status", "Status", 1},
	{"days_overdue", "Dage over frist", "Days overdue", 0},
	{"responsible", "Ansvarlig", "Responsible", 0},
	{"approval", "Godkendelse", "Approval", 0},
	{NULL, NULL, NULL, 0}};
static const struct col assessed_cols[] = {
	{"id", "Id", "Id", 0},
	{"title", "Titel", "Title", 0},
	{"node_name", "System/proces", "Node", 0},
	{"assessed_on", "Vurderet", "Assessed", 0},
	{"assessor", "Vurderet af", "Assessor", 0},
	{"inherent_level", "Iboende", "Inherent", 0},
	{"residual_level", "Rest", "Residual", 0},
	{NULL, NULL, NULL, 0}};
static const struct col reviewed_cols[] = {
	{"id", "Id", "Id", 0},
	{"name", "Navn", "Name", 0},
	{"kind", "Type", "Kind", 1},
	{"effective_criticality", "Kritikalitet", "Criticality", 0},
	{"last_assessed", "Vurderet", "Assessed", 0},
	{NULL, NULL, NULL, 0}};
static const struct col progress_cols[] = {
	{"level", "Niveau", "Level", 0},
	{"risks", "Risici", "Risks", 0},
	{"measures", "Foranstaltninger", "Measures", 0},
	{"planned", "Planlagt", "Planned", 0},
	{"started", "Igangsat", "Started", 0},
	{"done", "Gennemført", "Done", 0},
	{"percent_done", "% gennemført", "% done", 0},
	{NULL, NULL, NULL, 0}};
static const struct col above_cols[] = {
	{"id", "Id", "Id", 0},
	{"title", "Titel", "Title", 0},
	{"node_name", "System/proces", "Node", 0},
	{"residual_level", "Rest", "Residual", 0},
	{"accepted", "Accepteret", "Accepted", 0},
	{"escalate_to", "Eskalér til", "Escalate to", 0},
	{NULL, NULL, NULL, 0}};
static const struct col crit_cols[] = {
	{"id", "Id", "Id", 0},
	{"name", "Navn", "Name", 0},
	{"kind", "Type", "Kind", 1},
	{"spof", "Enkeltfejlpunkter", "Single points of failure", 0},
	{"suppliers", "Leverandører", "Suppliers", 0},
	{NULL, NULL, NULL, 0}};
static const struct col supplier_cols[] = {
	{"id", "Id", "Id", 0},
	{"name", "Navn", "Name", 0},
	{"kind", "Type", "Kind", 1},
	{"effective_criticality", "Kritikalitet", "Criticality", 0},
	{"critical_dependents", "Kritiske afhængige", "Critical dependents", 0},
	{NULL, NULL, NULL, 0}};
static const struct col carry_cols[] = {
	{"id", "Id", "Id", 0},
	{"name", "Navn", "Name", 0},
	{"kind", "Type", "Kind", 1},
	{"last_assessed", "Senest vurderet", "Last assessed", 0},
	{"review_due", "Næste revurdering", "Next review", 0},
	{NULL, NULL, NULL, 0}};
static const struct col measure_cols[] = {
	{"total", "I alt", "Total", 0},       {"planned", "Planlagt", "Planned", 0},
	{"started", "Igangsat", "Started", 0}, {"done", "Gennemført", "Done", 0},
	{"cancelled", "Annulleret", "Cancelled", 0}, {"overdue", "Forsinkede", "Overdue", 0},
	{NULL, NULL, NULL, 0}};

static const struct col decision_map_cols[] = {
	{"", "Beslutning", "Decision", 0}, {"by_decision", "Antal", "Count", 0}, {NULL, NULL, NULL, 0}};
static const struct col effect_map_cols[] = {
	{"", "Effekt", "Effect", 0}, {"effect", "Foranstaltninger", "Measures", 0}, {NULL, NULL, NULL, 0}};

static const struct section overview_sections[] = {
	{SEC_FIELDS, "totals", "Nøgletal", "Key figures", NULL, NULL, 0},
	{SEC_MAPS, "nodes", "Systemer og processer pr. type", "Nodes by kind", node_map_cols, NULL, 0},
	{SEC_MAPS, "nodes", "Kritikalitet", "Criticality", crit_map_cols, NULL, 0},
	{SEC_MAPS, "risks", "Risici pr. niveau", "Risks by level", level_map_cols, NULL, 0},
	{SEC_HEATMAP, "heatmap", "Varmekort for restrisiko", "Residual heat map", NULL, NULL, 0},
	{SEC_TABLE, "top_risks", "Største risici", "Top risks", top_cols, NULL, 0},
	{SEC_FIELDS, "procedure_review", "Revision af proceduren", "Procedure review", proc_cols, NULL, 0},
};
static const struct section followup_sections[] = {
	{SEC_FIELDS, "summary", "Overblik", "Summary", NULL, NULL, 0},
	{SEC_TABLE, "items", "Forfaldne opgaver", "Overdue items", item_cols, "overdue", 1},
	{SEC_TABLE, "items", "Forfalder snart", "Due soon", item_cols, "overdue", 0},
};
static const struct section isu_sections[] = {
	{SEC_NOTE, "status_note", NULL, NULL, NULL, NULL, 0},
	{SEC_FIELDS, "assessments", "Status på risikovurderinger", "Status of assessments", NULL, NULL, 0},
	{SEC_TABLE, "assessments.risks", "Risici vurderet i kvartalet", "Risks assessed in the quarter", assessed_cols, NULL, 0},
	{SEC_TABLE, "assessments.nodes", "Knuder revurderet i kvartalet", "Nodes reviewed in the quarter", reviewed_cols, NULL, 0},
	{SEC_FIELDS, "action_plans", "Handleplaner", "Action plans", NULL, NULL, 0},
	{SEC_TABLE, "progress", "Fremdrift pr. risikoniveau", "Progress by risk level", progress_cols, NULL, 0},
	{SEC_TABLE, "overdue", "Forfaldne opgaver", "Overdue items", item_cols, NULL, 0},
	{SEC_TABLE, "above_appetite", "Risici over risikoappetit", "Risks above appetite", above_cols, NULL, 0},
	{SEC_FIELDS, "procedure_review", "Revision af proceduren", "Procedure review", proc_cols, NULL, 0},
	{SEC_TEXTS, "recommendations", "Anbefalinger og behov for prioritering",
	 "Recommendations and needs for prioritisation", NULL, NULL, 0},
};
static const struct section management_sections[] = {
	{SEC_NOTE, "status_note", NULL, NULL, NULL, NULL, 0},
	{SEC_FIELDS, "risk_picture", "Risikobillede", "Risk picture", NULL, NULL, 0},
	{SEC_MAPS, "risk_picture", NULL, NULL, level_map_cols, NULL, 0},
	{SEC_TABLE, "top_risks", "Største risici", "Top risks", top_cols, NULL, 0},
	{SEC_FIELDS, "treatment", "Status på risikohåndtering", "Status of treatment", NULL, NULL, 0},
	{SEC_MAPS, "treatment", NULL, NULL, decision_map_cols, NULL, 0},
	{SEC_FIELDS, "treatment.measures", NULL, NULL, measure_cols, NULL, 0},
	{SEC_MAPS, "treatment", NULL, NULL, effect_map_cols, NULL, 0},
	{SEC_FIELDS, "reviews", "Revurderinger", "Reviews", NULL, NULL, 0},
	{SEC_TABLE, "critical_processes", "Kritiske processer og enkeltfejlpunkter",
	 "Critical processes and single points of failure", crit_cols, NULL, 0},
	{SEC_TABLE, "suppliers", "Leverandørafhængigheder", "Supplier dependencies", supplier_cols, NULL, 0},
	{SEC_TABLE, "carry_forward", "Lav risiko, videreført uændret", "Low risk, carried forward unchanged",
	 carry_cols, NULL, 0},
	{SEC_FIELDS, "procedure_review", "Revision af proceduren", "Procedure review", proc_cols, NULL, 0},
	{SEC_TEXTS, "decisions", "Beslutninger til direktionen", "Decisions requested from the board", NULL, NULL, 0},
};

struct kind_spec {
	const char *kind, *da, *en;
	const struct section *sections;
	size_t nsections;
};

#define KIND(k, da, en, s) {k, da, en, s, sizeof s / sizeof s[0]}
static const struct kind_spec kinds[] = {
	KIND("overview", "Risikooverblik", "Risk overview", overview_sections),
	KIND("followup", "Opfølgning", "Follow-up", followup_sections),
	KIND("isu", "Kvartalsrapport til ISU", "Quarterly report to the information-security committee", isu_sections),
	KIND("management", "Årligt input til direktionen", "Annual input to the board", management_sections),
	/* rendered generically, with their own titles */
	{"picture", "Situationsbillede for sektoren", "Sector situational picture", NULL, 0},
	{"after-action", "Evaluering efter krisen", "After-action report", NULL, 0},
};

/* The spec of a report kind, or NULL. */
static const struct kind_spec *kind_find(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++)
		if (!strcmp(kinds[i].kind, kind))
			return &kinds[i];
	return NULL;
}

/* The period as one line: "1. kvartal 2026 (Q1 2026), 2026-01-01 – 2026-03-31", or nothing. */
static void period_text(struct buf *m, json_t *r)
{
	json_t *p = json_object_get(r, "period");
	if (!json_is_object(p))
		return;
	const char *s = json_string_value(json_object_get(p, "start"));
	const char *e = json_string_value(json_object_get(p, "end"));
	json_t *q = json_object_get(p, "quarter");
	long long y = json_integer_value(json_object_get(p, "year"));
	if (json_is_integer(q))
		buf_printf(m, "%lld. kvartal %lld (Q%lld %lld), ", (long long)json_integer_value(q), y,
			   (long long)json_integer_value(q), y);
	else
		buf_printf(m, "%lld, ", y);
	buf_printf(m, "%s \xe2\x80\x93 %s", s ? s : "", e ? e : "");
}

/* The line under the title, bilingual in one line: organisation, as-of date, period. */
static void render_meta(struct doc *d, json_t *r)
{
	struct buf m = {0};
	json_t *org = json_object_get(r, "organisation");
	const char *name = json_string_value(json_object_get(org, "name"));
	const char *id = json_string_value(json_object_get(org, "id"));
	const char *as_of = json_string_value(json_object_get(r, "as_of"));
	if (name && id && strcmp(name, id))
		buf_printf(&m, "Organisation: %s (%s)", name, id);
	else if (name || id)
		buf_printf(&m, "Organisation: %s", name ? name : id);
	if (as_of)
		buf_printf(&m, "%sOpgjort pr. (As of): %s", m.len ? " · " : "", as_of);
	if (json_is_object(json_object_get(r, "period"))) {
		buf_printf(&m, "%sPeriode (Period): ", m.len ? " · " : "");
		period_text(&m, r);
	}
	if (m.len)
		doc_para(d, buf_str(&m), NULL);
	free(m.p);
}

void report_doc(json_t *r, bool paged, struct doc *d)
{
	const char *kind = json_string_value(json_object_get(r, "report"));
	const struct kind_spec *ks = kind_find(kind);
	json_t *org = json_object_get(r, "organisation");
	struct buf t = {0}, te = {0}, per = {0};
	if (!ks) {
		buf_printf(&t, "Rapport: %s", kind ? kind : "ukendt");
		buf_printf(&te, "Report: %s", kind ? kind : "unknown");
	}
	period_text(&per, r);
	struct doc_meta m = {
		.title_da = ks ? ks->da : buf_str(&t),
		.title_en = ks ? ks->en : buf_str(&te),
		.org_name = json_string_value(json_object_get(org, "name")),
		.org_id = json_string_value(json_object_get(org, "id")),
		.as_of = json_string_value(json_object_get(r, "as_of")),
		.period = per.len ? buf_str(&per) : NULL,
		.tlp = json_string_value(json_object_get(r, "tlp")),
	};
	doc_init(d, &m);
	free(t.p);
	free(te.p);
	free(per.p);
	/* a paged document carries organisation, date and period in its title block and on every page */
	if (!paged)
		render_meta(d, r);
	if (ks && ks->nsections)
		for (size_t i = 0; i < ks->nsections; i++)
			render_section(d, r, &ks->sections[i]);
	else
		render_generic(d, r);
}

/* Render report in the document format f; NULL past the renderer's maximum or when it failed (e says why). */
static char *render_e(json_t *r, enum doc_format f, size_t *len, struct errinfo *e)
{
	if (!r)
		return NULL;
	struct doc d;
	report_doc(r, f == DOC_PDF || f == DOC_DOCX, &d);
	char *out;
	size_t n;
	int rc = doc_render(&d, f, &out, &n, e);
	doc_free(&d);
	if (len)
		*len = rc ? 0 : n;
	return rc ? NULL : out;
}

static char *render(json_t *r, enum doc_format f, size_t *len)
{
	struct errinfo e = {0};
	return render_e(r, f, len, &e);
}

/* Markdown rendering of any report (report_render.h); malloc'ed, NULL for a NULL report or past BUF_MAX_BYTES. */
char *report_markdown(json_t *report)
{
	return render(report, DOC_MARKDOWN, NULL);
}

/* A standalone printable HTML document of any report; malloc'ed, NULL as report_markdown. */
char *report_html(json_t *report)
{
	return render(report, DOC_HTML, NULL);
}

static const enum doc_format doc_formats[] = {
	[REPORT_MARKDOWN] = DOC_MARKDOWN, [REPORT_HTML] = DOC_HTML, [REPORT_PDF] = DOC_PDF, [REPORT_DOCX] = DOC_DOCX};

int report_render(json_t *report, enum report_format format, char **text, size_t *len, const char **type,
		  struct errinfo *e)
{
	*text = NULL;
	*type = NULL;
	*len = 0;
	if (format == REPORT_JSON)
		return 0;
	*text = render_e(report, doc_formats[format], len, e);
	*type = doc_format_type(doc_formats[format]);
	return *text ? 0 : e->code ? e->code : err_setm(e, ERR_INVALID, "format", "report.render_failed", NULL);
}

char *report_file_name(json_t *report, enum report_format format)
{
	struct buf b = {0};
	const char *org = json_string_value(json_object_get(json_object_get(report, "organisation"), "id"));
	const char *kind = json_string_value(json_object_get(report, "report"));
	json_t *p = json_object_get(report, "period");
	const char *as_of = json_string_value(json_object_get(report, "as_of"));
	buf_printf(&b, "%s-%s", org ? org : "skjold", kind ? kind : "rapport");
	if (json_is_integer(json_object_get(p, "quarter")))
		buf_printf(&b, "-%lldQ%lld", (long long)json_integer_value(json_object_get(p, "year")),
			   (long long)json_integer_value(json_object_get(p, "quarter")));
	else if (json_is_integer(json_object_get(p, "year")))
		buf_printf(&b, "-%lld", (long long)json_integer_value(json_object_get(p, "year")));
	if (as_of)
		buf_printf(&b, "-%.10s", as_of);
	buf_printf(&b, ".%s", format == REPORT_JSON ? "json" : doc_format_ext(doc_formats[format]));
	char *s = buf_finish(&b);
	/* a file name keeps letters, digits and - _ . only */
	for (char *c = s; c && *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || strchr("-_.", *c)))
			*c = '_';
	return s;
}

void report_register_doc(json_t *rows, const char *org_id, const char *org_name, const char *as_of, bool paged,
			 struct doc *d)
{
	doc_init(d, &(struct doc_meta){.title_da = "Risikoregister",
				       .title_en = "Risk register",
				       .org_name = org_name,
				       .org_id = org_id,
				       .as_of = as_of});
	struct buf m = {0};
	if (!paged) {
		buf_printf(&m, "Organisation: %s (%s) \xc2\xb7 Opgjort pr. (As of): %s", org_name ? org_name : "", org_id ? org_id : "",
			   as_of ? as_of : "");
		doc_para(d, buf_str(&m), NULL);
	}
	buf_reset(&m);
	size_t n = json_array_size(rows), over = 0, above = 0, i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		over += json_is_true(json_object_get(r, "overdue"));
		above += json_is_true(json_object_get(r, "above_appetite"));
	}
	buf_printf(&m, "%zu risici, %zu med forsinkelser, %zu over risikoappetit", n, over, above);
	struct buf en = {0};
	buf_printf(&en, "%zu risks, %zu overdue, %zu above appetite", n, over, above);
	doc_para(d, buf_str(&m), buf_str(&en));
	free(m.p);
	free(en.p);
	static const char *const heads[] = {"Id",
					    "Titel (Title)",
					    "System/proces (Node)",
					    "Ejer (Owner)",
					    "Iboende (Inherent)",
					    "Rest (Residual)",
					    "Beslutning (Decision)",
					    "Handleplan senest (Treatment due)",
					    "Eskal\xc3\xa9r til (Escalate to)"};
	static const char *const keys[] = {"id", "title", "node", "owner", "inherent_level", "residual_level", "decision",
					   "treatment_due", "escalate_to"};
	enum { NCOL = sizeof keys / sizeof keys[0] };
	doc_table_begin(d, NCOL, heads);
	struct buf cb = {0};
	json_array_foreach(rows, i, r)
	{
		size_t off[NCOL];
		int levels[NCOL] = {0};
		buf_reset(&cb);
		for (size_t c = 0; c < NCOL; c++) {
			off[c] = cb.len;
			json_t *v = json_object_get(r, keys[c]);
			if (c == 6)
				cell_text(&cb, v, 1);
			else if (json_is_string(v))
				buf_puts(&cb, json_string_value(v));
			else
				cell_text(&cb, v, 0);
			buf_add(&cb, "", 1);
			enum level lv = LEVEL_NONE;
			if ((c == 4 || c == 5) && json_is_string(v) && !level_parse(json_string_value(v), &lv))
				levels[c] = (int)lv;
		}
		const char *cells[NCOL];
		for (size_t c = 0; c < NCOL; c++)
			cells[c] = buf_str(&cb) + off[c];
		doc_table_row(d, NCOL, cells, levels, json_is_true(json_object_get(r, "overdue")) ? DOC_ROW_OVERDUE : 0);
	}
	doc_table_end(d);
	free(cb.p);
}
