/*
 * csv_write.c — CSV for spreadsheets: the writer of csv.h, and the risk
 * register (seed 003 §5) written with it.
 *
 * The files are meant to be opened in Danish Excel: UTF-8 with a BOM, ';'
 * separated, CRLF line ends, RFC 4180 quoting.  User text a spreadsheet
 * would take for a formula gets a leading apostrophe (the OWASP advice
 * against CSV injection).  Output grows in a bounded buffer (buf.h): past
 * its maximum the writer returns NULL rather than a cut file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "date.h"
#include "report.h"

void csv_write_field(struct buf *b, const char *s, bool first, bool guard)
{
	csv_write_cell(b, s, ';', first, guard);
}

void csv_write_cell(struct buf *b, const char *s, char sep, bool first, bool guard)
{
	if (!first)
		buf_add(b, &sep, 1);
	if (!s)
		return;
	bool formula = guard && s[0] && strchr("=+-@\t\r", s[0]);
	const char special[] = {sep, '"', '\r', '\n', '\0'};
	if (!strpbrk(s, special)) {
		if (formula)
			buf_add(b, "'", 1);
		buf_puts(b, s);
		return;
	}
	buf_add(b, "\"", 1);
	if (formula)
		buf_add(b, "'", 1);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_add(b, "\"", 1);
		buf_add(b, p, 1);
	}
	buf_add(b, "\"", 1);
}

void csv_write_date(struct buf *b, int32_t d)
{
	char s[11] = "";
	if (d != DATE_NONE)
		date_format(d, s);
	csv_write_field(b, s, false, false);
}

void csv_write_int(struct buf *b, int n)
{
	char s[16] = "";
	if (n)
		snprintf(s, sizeof s, "%d", n);
	csv_write_field(b, s, false, false);
}

void csv_write_row_end(struct buf *b)
{
	buf_add(b, "\r\n", 2);
}

/*
 * The risk register (report.h): one row per risk, from the evaluated view;
 * malloc'ed, NULL past the buffer's maximum.
 */
char *report_register_csv(const struct orgview *v)
{
	static const char *const cols[] = {"id",	     "node",	       "node_name",   "threat",	      "title",
					   "owner",	     "assessed_on",    "assessor",    "likelihood",   "consequence",
					   "inherent_level", "residual_level", "decision",    "measures",     "treatment_due",
					   "status",	     "above_appetite", "escalate_to", "effect"};
	struct buf b = {0}, ids = {0}, eff = {0};
	buf_add(&b, "\xEF\xBB\xBF", 3);
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
		csv_write_field(&b, cols[i], i == 0, false);
	csv_write_row_end(&b);
	const struct measure **ms = xmalloc(sizeof *ms * (v->nmeasures + 1));
	for (size_t r = 0; r < v->nrisks && !b.full; r++) {
		const struct risk *rk = &v->risks[r];
		const struct risk_eval *re = &v->risk_eval[r];
		size_t nms = orgview_measures_of(v, r, ms), count[EFFECT_COUNT] = {0};
		buf_reset(&ids), buf_reset(&eff);
		for (size_t k = 0; k < nms; k++) {
			if (k)
				buf_puts(&ids, ",");
			buf_puts(&ids, ms[k]->id);
			count[ms[k]->effect]++;
		}
		for (int k = EFFECT_COUNT - 1; k >= 0; k--)
			if (count[k])
				buf_printf(&eff, "%s%s %zu", eff.len ? ", " : "", effect_rating_name((enum effect_rating)k),
					   count[k]);
		csv_write_field(&b, rk->id, true, true);
		csv_write_field(&b, rk->node, false, true);
		csv_write_field(&b, report_node_name(v, rk->node), false, true);
		csv_write_field(&b, rk->threat, false, true);
		csv_write_field(&b, rk->title, false, true);
		csv_write_field(&b, rk->owner, false, true);
		csv_write_date(&b, rk->assessed_on);
		csv_write_field(&b, rk->assessor, false, true);
		csv_write_int(&b, re->likelihood);
		csv_write_int(&b, re->consequence);
		csv_write_field(&b, level_name(re->inherent), false, false);
		csv_write_field(&b, level_name(re->residual), false, false);
		csv_write_field(&b, decision_name(rk->decision), false, false);
		csv_write_field(&b, buf_str(&ids), false, true);
		csv_write_date(&b, re->treatment_due);
		csv_write_field(&b, re->overdue ? "overdue" : "ok", false, false);
		csv_write_field(&b, re->above_appetite ? "yes" : "no", false, false);
		csv_write_field(&b, re->escalate_to.da, false, false);
		csv_write_field(&b, buf_str(&eff), false, false);
		csv_write_row_end(&b);
	}
	free(ms);
	buf_free(&ids);
	buf_free(&eff);
	return buf_finish(&b);
}
