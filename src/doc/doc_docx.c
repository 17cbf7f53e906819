/*
 * doc_docx.c — a document as a Word file (Office Open XML
 * WordprocessingML, ISO/IEC 29500), packaged in memory through libzip
 * (doc.h).
 *
 * The file is a starting point people open in Word or LibreOffice and
 * write on, so the look lives in real styles (word/styles.xml), not in
 * direct formatting: the title is "Title", headings are "Heading 1".."3"
 * with an outline level (a table of contents picks them up), the English
 * beside the Danish is the character style "English" (grey italic, English
 * proofing language), lists are "List Bullet" bound to word/numbering.xml,
 * preformatted text is "Preformatted" (monospace), table cells are "Table
 * Text"/"Table Heading" in the bordered table style "Skjold Table".  What
 * depends on the data is direct: the TLP label's colour, the level colours
 * of cells (doc_level_rgb), the light red of an overdue row.
 *
 * The package: [Content_Types].xml, _rels/.rels, docProps/core.xml and
 * app.xml, word/document.xml, styles.xml, numbering.xml, settings.xml,
 * footer1.xml (organisation, as-of date, "Side X af Y" from PAGE and
 * NUMPAGES fields), header1.xml (only with a TLP label) and
 * word/_rels/document.xml.rels.  Each part is built in a bounded buffer
 * (buf.h) and handed to libzip, which writes the archive into a memory
 * source read back after zip_close.
 *
 * Every piece of text from the data is escaped for XML: & < > " become
 * entities, invalid UTF-8 becomes U+FFFD, control characters are dropped
 * (as are U+FFFE and U+FFFF, which XML 1.0 does not allow) except tab and
 * newline, which become w:tab and w:br inside a run.
 */
#include "doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#include "buf.h"
#include "date.h"
#include "limit.h"

/* A4 portrait with 2 cm margins, in twentieths of a point. */
#define PAGE_W 11906
#define PAGE_H 16838
#define MARGIN 1134
#define TEXT_W (PAGE_W - 2 * MARGIN)

#define OVERDUE_RGB 0xfdeceau

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define REL_TYPE "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define CT_WML "application/vnd.openxmlformats-officedocument.wordprocessingml."

/* Where tab and newline go: inside a w:t (as w:tab / w:br) or plain text (as a space). */
enum xml_mode { XML_PLAIN, XML_RUN };

/* Append n bytes of valid UTF-8, escaped; U+FFFE/U+FFFF become U+FFFD. */
static void xml_valid(struct buf *b, const char *s, size_t n, enum xml_mode m)
{
	const char *run = s, *end = s + n;
	for (const char *p = s; p < end; p++) {
		const char *rep = NULL;
		size_t skip = 0;
		unsigned char c = (unsigned char)*p;
		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\t': rep = m == XML_RUN ? "</w:t><w:tab/><w:t xml:space=\"preserve\">" : " "; break;
		case '\n': rep = m == XML_RUN ? "</w:t><w:br/><w:t xml:space=\"preserve\">" : " "; break;
		case 0xef:
			if (end - p >= 3 && (unsigned char)p[1] == 0xbf && (unsigned char)p[2] >= 0xbe) {
				rep = "\xef\xbf\xbd";
				skip = 2;
			}
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				rep = "";
			break;
		}
		if (rep) {
			buf_add(b, run, (size_t)(p - run));
			buf_puts(b, rep);
			p += skip;
			run = p + 1;
		}
	}
	buf_add(b, run, (size_t)(end - run));
}

/* Append s (NULL: nothing) as XML character data; invalid UTF-8 bytes become U+FFFD. */
static void xml_text(struct buf *b, const char *s, enum xml_mode m)
{
	if (!s)
		return;
	size_t n = strlen(s), i = 0;
	while (i < n) {
		size_t ok = limit_utf8_prefix((const unsigned char *)s + i, n - i);
		xml_valid(b, s + i, ok, m);
		i += ok;
		if (i < n) {
			buf_puts(b, "\xef\xbf\xbd");
			i++;
		}
	}
}

/* ---- runs and paragraphs of word/document.xml, header and footer ---- */

/* A paragraph in style (NULL: Normal), optionally centred or right-aligned ("center", "right"). */
static void p_begin(struct buf *b, const char *style, const char *jc)
{
	buf_puts(b, "<w:p>");
	if (style || jc) {
		buf_puts(b, "<w:pPr>");
		if (style)
			buf_printf(b, "<w:pStyle w:val=\"%s\"/>", style);
		if (jc)
			buf_printf(b, "<w:jc w:val=\"%s\"/>", jc);
		buf_puts(b, "</w:pPr>");
	}
}

static void p_end(struct buf *b)
{
	buf_puts(b, "</w:p>");
}

/*
 * A run of text s in character style rstyle (NULL: the paragraph's), a line
 * break first when br.  before and after are this file's constants (no
 * character XML would need escaped), written as they are around s.
 */
static void r_text(struct buf *b, const char *rstyle, int br, const char *before, const char *s, const char *after)
{
	buf_puts(b, "<w:r>");
	if (rstyle)
		buf_printf(b, "<w:rPr><w:rStyle w:val=\"%s\"/></w:rPr>", rstyle);
	if (br)
		buf_puts(b, "<w:br/>");
	buf_puts(b, "<w:t xml:space=\"preserve\">");
	buf_puts(b, before);
	xml_text(b, s, XML_RUN);
	buf_puts(b, after);
	buf_puts(b, "</w:t></w:r>");
}

/* The TLP label's text colour on black (FIRST TLP 2.0), as in doc_html.c. */
static const char *tlp_colour(const char *tlp)
{
	if (strstr(tlp, "RED"))
		return "FF2B2B";
	if (strstr(tlp, "AMBER"))
		return "FFC000";
	if (strstr(tlp, "GREEN"))
		return "33FF00";
	return "FFFFFF";
}

/* The TLP label as one bold run in its colour on black. */
static void tlp_run(struct buf *b, const char *tlp)
{
	buf_printf(b,
		   "<w:r><w:rPr><w:b/><w:bCs/><w:color w:val=\"%s\"/>"
		   "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"000000\"/></w:rPr>"
		   "<w:t xml:space=\"preserve\">",
		   tlp_colour(tlp));
	xml_text(b, tlp, XML_RUN);
	buf_puts(b, "</w:t></w:r>");
}

/* A complex field (PAGE, NUMPAGES) with a cached value of 1 until the reader updates it. */
static void field(struct buf *b, const char *instr)
{
	buf_printf(b,
		   "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
		   "<w:r><w:instrText xml:space=\"preserve\"> %s </w:instrText></w:r>"
		   "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
		   "<w:r><w:rPr><w:noProof/></w:rPr><w:t>1</w:t></w:r>"
		   "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>",
		   instr);
}

/* ---- tables ---- */

/* The number of characters (code points) of UTF-8 text s. */
static size_t text_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* The longest word of s, in characters. */
static size_t longest_word(const char *s)
{
	size_t best = 0, cur = 0;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t') {
			cur = 0;
			continue;
		}
		cur += ((unsigned char)*s & 0xc0) != 0x80;
		if (cur > best)
			best = cur;
	}
	return best;
}

/*
 * Column widths for the grid (twips, summing to the text width): each
 * column weighs its longest cell, at least its heading's longest word, between
 * 3 and 40 characters, so short codes stay narrow and prose gets room.
 */
static void col_widths(const struct doc_block *k, unsigned *w)
{
	size_t sum = 0;
	for (size_t c = 0; c < k->ncols; c++) {
		size_t x = longest_word(k->heads[c]);
		for (size_t r = 0; r < k->nrows; r++) {
			size_t n = text_chars(k->rows[r].cells[c]);
			if (n > x)
				x = n;
		}
		x = x < 3 ? 3 : x > 40 ? 40 : x;
		w[c] = (unsigned)x;
		sum += x;
	}
	for (size_t c = 0; c < k->ncols; c++)
		w[c] = (unsigned)((size_t)w[c] * TEXT_W / sum);
}

static void tbl_begin(struct buf *b, size_t ncols, const unsigned *w)
{
	buf_puts(b, "<w:tbl><w:tblPr><w:tblStyle w:val=\"SkjoldTable\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/>"
		    "<w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\""
		    " w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>");
	for (size_t c = 0; c < ncols; c++)
		buf_printf(b, "<w:gridCol w:w=\"%u\"/>", w[c]);
	buf_puts(b, "</w:tblGrid>");
}

/* A row, kept on one page; the header row repeats on every page a table spans. */
static void tr_begin(struct buf *b, int header)
{
	buf_puts(b, header ? "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" : "<w:tr><w:trPr><w:cantSplit/></w:trPr>");
}

/* One cell of width w; fill an RGB shading or -1 for none; its paragraph in pstyle. */
static void tc(struct buf *b, unsigned w, long fill, const char *pstyle, const char *jc, const char *text)
{
	buf_printf(b, "<w:tc><w:tcPr><w:tcW w:w=\"%u\" w:type=\"dxa\"/>", w);
	if (fill >= 0)
		buf_printf(b, "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"%06lX\"/>", (unsigned long)fill);
	buf_puts(b, "</w:tcPr>");
	p_begin(b, pstyle, jc);
	r_text(b, NULL, 0, "", text, "");
	p_end(b);
	buf_puts(b, "</w:tc>");
}

static void table(struct buf *b, const struct doc_block *k)
{
	unsigned *w = xmalloc(k->ncols * sizeof *w);
	col_widths(k, w);
	tbl_begin(b, k->ncols, w);
	tr_begin(b, 1);
	for (size_t c = 0; c < k->ncols; c++)
		tc(b, w[c], -1, "TableHeading", NULL, k->heads[c]);
	buf_puts(b, "</w:tr>");
	for (size_t r = 0; r < k->nrows; r++) {
		const struct doc_row *row = &k->rows[r];
		tr_begin(b, 0);
		for (size_t c = 0; c < k->ncols; c++) {
			long fill = -1;
			if (row->levels && row->levels[c] > 0 && row->levels[c] < DOC_LEVELS)
				fill = (long)doc_level_rgb[row->levels[c]];
			else if (row->flags & DOC_ROW_OVERDUE)
				fill = (long)OVERDUE_RGB;
			tc(b, w[c], fill, "TableText", NULL, row->cells[c]);
		}
		buf_puts(b, "</w:tr>");
	}
	buf_puts(b, "</w:tbl>");
	free(w);
}

/*
 * The heat map as a 5x5 table: the caption and consequence 1..4 across the
 * top, likelihood 4..1 down the first column, each cell its count (and level
 * name) shaded in the level's colour.
 */
static void heatmap(struct buf *b, const struct doc_heatmap *h)
{
	unsigned w[5];
	w[0] = TEXT_W / 3;
	for (int c = 1; c < 5; c++)
		w[c] = (TEXT_W - w[0]) / 4;
	tbl_begin(b, 5, w);
	tr_begin(b, 1);
	tc(b, w[0], -1, "TableHeading", NULL, h->title ? h->title : "");
	for (int c = 1; c < 5; c++) {
		char t[4];
		snprintf(t, sizeof t, "%d", c);
		tc(b, w[c], -1, "TableHeading", "center", t);
	}
	buf_puts(b, "</w:tr>");
	for (int l = 3; l >= 0; l--) {
		char t[64];
		tr_begin(b, 0);
		snprintf(t, sizeof t, "%d", l + 1);
		tc(b, w[0], -1, "TableHeading", NULL, t);
		for (int c = 0; c < 4; c++) {
			int lv = h->levels[l][c];
			if (lv > 0 && lv < DOC_LEVELS) {
				snprintf(t, sizeof t, "%ld (%s)", h->counts[l][c], doc_level_da(lv));
				tc(b, w[c + 1], (long)doc_level_rgb[lv], "TableText", "center", t);
			} else {
				snprintf(t, sizeof t, "%ld", h->counts[l][c]);
				tc(b, w[c + 1], -1, "TableText", "center", t);
			}
		}
		buf_puts(b, "</w:tr>");
	}
	buf_puts(b, "</w:tbl>");
}

/* ---- the parts ---- */

/* The date-and-time now, UTC ("2026-03-02T13:05:00Z"). */
static void now_utc(char out[32])
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	instant_format_utc((int64_t)ts.tv_sec * 1000, out);
}

/* The paragraph under the title: organisation, the as-of date and the period, as far as known. */
static void meta_line(struct buf *b, const struct doc_meta *m)
{
	const char *org = m->org_name ? m->org_name : m->org_id;
	if (!org && !m->as_of && !m->period)
		return;
	p_begin(b, "DocumentInfo", NULL);
	const char *sep = "";
	if (org) {
		r_text(b, NULL, 0, "", org, "");
		sep = " \xc2\xb7 ";
	}
	if (m->as_of) {
		r_text(b, NULL, 0, sep, "Opgjort pr. ", "");
		r_text(b, "English", 0, "", "(As of)", "");
		r_text(b, NULL, 0, ": ", m->as_of, "");
		sep = " \xc2\xb7 ";
	}
	if (m->period)
		r_text(b, NULL, 0, sep, m->period, "");
	p_end(b);
}

static void document_xml(struct buf *b, const struct doc *d)
{
	buf_puts(b, XML_DECL "<w:document xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R "\"><w:body>");
	if (d->meta.tlp) {
		p_begin(b, NULL, NULL);
		tlp_run(b, d->meta.tlp);
		p_end(b);
	}
	p_begin(b, "Title", NULL);
	r_text(b, NULL, 0, "", d->meta.title_da, "");
	if (d->meta.title_en && *d->meta.title_en && strcmp(d->meta.title_da, d->meta.title_en))
		r_text(b, "English", 1, "", d->meta.title_en, "");
	p_end(b);
	meta_line(b, &d->meta);
	for (const struct doc_block *k = d->first; k; k = k->next) {
		char style[16];
		switch (k->kind) {
		case DOC_HEADING:
			snprintf(style, sizeof style, "Heading%d", k->level < 1 ? 1 : k->level > 3 ? 3 : k->level);
			p_begin(b, style, NULL);
			r_text(b, NULL, 0, "", k->text, "");
			if (k->en)
				r_text(b, "English", 0, " (", k->en, ")");
			p_end(b);
			break;
		case DOC_PARA:
			p_begin(b, NULL, NULL);
			r_text(b, NULL, 0, "", k->text, "");
			if (k->en)
				r_text(b, "English", 1, "", k->en, "");
			p_end(b);
			break;
		case DOC_TABLE:
			if (k->ncols)
				table(b, k);
			break;
		case DOC_LIST:
			for (size_t i = 0; i < k->nitems; i++) {
				p_begin(b, "ListBullet", NULL);
				r_text(b, NULL, 0, "", k->items[i].text, "");
				if (k->items[i].en)
					r_text(b, "English", 1, "", k->items[i].en, "");
				p_end(b);
			}
			break;
		case DOC_PRE: {
			/* one paragraph, its lines joined by w:br; a final newline would only add an empty line */
			size_t n = strlen(k->text);
			while (n && (k->text[n - 1] == '\n' || k->text[n - 1] == '\r'))
				n--;
			char *t = xmalloc(n + 1);
			memcpy(t, k->text, n);
			t[n] = '\0';
			p_begin(b, "Preformatted", NULL);
			r_text(b, NULL, 0, "", t, "");
			p_end(b);
			free(t);
			break;
		}
		case DOC_HEATMAP: heatmap(b, k->heat); break;
		}
		/* an empty paragraph after a table, unless a heading (with its own space above) follows:
		 * room between the table and the text, a place to write about the table, and Word
		 * would join two adjacent tables; the body also ends in a paragraph */
		int is_table = (k->kind == DOC_TABLE && k->ncols) || k->kind == DOC_HEATMAP;
		if (is_table && (!k->next || k->next->kind != DOC_HEADING)) {
			p_begin(b, NULL, NULL);
			p_end(b);
		}
	}
	buf_puts(b, "<w:sectPr>");
	if (d->meta.tlp)
		buf_puts(b, "<w:headerReference w:type=\"default\" r:id=\"rId5\"/>");
	buf_printf(b,
		   "<w:footerReference w:type=\"default\" r:id=\"rId4\"/>"
		   "<w:pgSz w:w=\"%d\" w:h=\"%d\"/>"
		   "<w:pgMar w:top=\"%d\" w:right=\"%d\" w:bottom=\"%d\" w:left=\"%d\" w:header=\"567\" w:footer=\"567\""
		   " w:gutter=\"0\"/><w:cols w:space=\"708\"/></w:sectPr></w:body></w:document>",
		   PAGE_W, PAGE_H, MARGIN, MARGIN, MARGIN, MARGIN);
}

static void header_xml(struct buf *b, const char *tlp)
{
	buf_puts(b, XML_DECL "<w:hdr xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R "\">");
	p_begin(b, "Header", "right");
	tlp_run(b, tlp);
	p_end(b);
	buf_puts(b, "</w:hdr>");
}

/* The footer: organisation and as-of date at the left, "Side X af Y" at the right tab. */
static void footer_xml(struct buf *b, const struct doc_meta *m)
{
	const char *org = m->org_name ? m->org_name : m->org_id;
	buf_puts(b, XML_DECL "<w:ftr xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R "\">");
	p_begin(b, "Footer", NULL);
	if (org)
		r_text(b, NULL, 0, "", org, m->as_of ? " \xc2\xb7 " : "");
	if (m->as_of)
		r_text(b, NULL, 0, "Opgjort pr. ", m->as_of, "");
	buf_puts(b, "<w:r><w:tab/><w:t xml:space=\"preserve\">Side </w:t></w:r>");
	field(b, "PAGE");
	buf_puts(b, "<w:r><w:t xml:space=\"preserve\"> af </w:t></w:r>");
	field(b, "NUMPAGES");
	p_end(b);
	buf_puts(b, "</w:ftr>");
}

/* word/styles.xml: the styles a user keeps writing with. */
static const char styles_xml[] =
	XML_DECL "<w:styles xmlns:w=\"" NS_W "\">"
	"<w:docDefaults><w:rPrDefault><w:rPr>"
	"<w:rFonts w:ascii=\"Calibri\" w:eastAsia=\"Calibri\" w:hAnsi=\"Calibri\" w:cs=\"Calibri\"/>"
	"<w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/><w:lang w:val=\"da-DK\" w:eastAsia=\"en-US\" w:bidi=\"ar-SA\"/>"
	"</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
	"<w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/>"
	"</w:pPr></w:pPrDefault></w:docDefaults>"
	/* the defaults every document has */
	"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>"
	"</w:style>"
	"<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\">"
	"<w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/>"
	"</w:style>"
	"<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>"
	"<w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/>"
	"<w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>"
	"<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>"
	"<w:style w:type=\"numbering\" w:default=\"1\" w:styleId=\"NoList\"><w:name w:val=\"No List\"/>"
	"<w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"
	/* the title and the headings (outline levels 1..3 for a table of contents) */
	"<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/>"
	"<w:next w:val=\"Normal\"/><w:uiPriority w:val=\"10\"/><w:qFormat/>"
	"<w:pPr><w:pBdr><w:bottom w:val=\"single\" w:sz=\"12\" w:space=\"4\" w:color=\"333333\"/></w:pBdr>"
	"<w:spacing w:after=\"200\" w:line=\"240\" w:lineRule=\"auto\"/><w:contextualSpacing/></w:pPr>"
	"<w:rPr><w:color w:val=\"1F3864\"/><w:kern w:val=\"28\"/><w:sz w:val=\"48\"/><w:szCs w:val=\"48\"/></w:rPr>"
	"</w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/>"
	"<w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:qFormat/>"
	"<w:pPr><w:keepNext/><w:keepLines/><w:pBdr><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"1\" "
	"w:color=\"BBBBBB\"/></w:pBdr><w:spacing w:before=\"360\" w:after=\"120\"/><w:outlineLvl w:val=\"0\"/></w:pPr>"
	"<w:rPr><w:b/><w:bCs/><w:color w:val=\"1F3864\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr>"
	"</w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Normal\"/>"
	"<w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:unhideWhenUsed/><w:qFormat/>"
	"<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"240\" w:after=\"80\"/><w:outlineLvl w:val=\"1\"/>"
	"</w:pPr><w:rPr><w:b/><w:bCs/><w:color w:val=\"1F3864\"/><w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/></w:rPr>"
	"</w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading3\"><w:name w:val=\"heading 3\"/><w:basedOn w:val=\"Normal\"/>"
	"<w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:unhideWhenUsed/><w:qFormat/>"
	"<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"200\" w:after=\"60\"/><w:outlineLvl w:val=\"2\"/>"
	"</w:pPr><w:rPr><w:b/><w:bCs/><w:color w:val=\"404040\"/><w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/></w:rPr>"
	"</w:style>"
	/* the English beside the Danish: grey italic, proofed as English */
	"<w:style w:type=\"character\" w:customStyle=\"1\" w:styleId=\"English\"><w:name w:val=\"English\"/>"
	"<w:basedOn w:val=\"DefaultParagraphFont\"/><w:uiPriority w:val=\"20\"/><w:qFormat/>"
	"<w:rPr><w:i/><w:iCs/><w:color w:val=\"595959\"/><w:lang w:val=\"en-GB\"/></w:rPr></w:style>"
	/* the line under the title: organisation, as-of date, period */
	"<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"DocumentInfo\">"
	"<w:name w:val=\"Document Info\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/>"
	"<w:uiPriority w:val=\"11\"/><w:qFormat/><w:pPr><w:spacing w:after=\"240\"/></w:pPr>"
	"<w:rPr><w:color w:val=\"333333\"/><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr></w:style>"
	/* bullets through numbering.xml (numId 1) */
	"<w:style w:type=\"paragraph\" w:styleId=\"ListBullet\"><w:name w:val=\"List Bullet\"/>"
	"<w:basedOn w:val=\"Normal\"/><w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/><w:qFormat/>"
	"<w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr><w:spacing w:after=\"60\"/>"
	"<w:ind w:left=\"360\" w:hanging=\"360\"/><w:contextualSpacing/></w:pPr></w:style>"
	"<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"Preformatted\"><w:name w:val=\"Preformatted\"/>"
	"<w:basedOn w:val=\"Normal\"/><w:uiPriority w:val=\"99\"/><w:qFormat/>"
	"<w:pPr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F6F6F6\"/>"
	"<w:spacing w:after=\"120\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>"
	"<w:rPr><w:rFonts w:ascii=\"Courier New\" w:hAnsi=\"Courier New\" w:cs=\"Courier New\"/><w:noProof/>"
	"<w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>"
	/* table cells */
	"<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"TableText\"><w:name w:val=\"Table Text\"/>"
	"<w:basedOn w:val=\"Normal\"/><w:uiPriority w:val=\"99\"/><w:qFormat/>"
	"<w:pPr><w:spacing w:before=\"20\" w:after=\"20\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>"
	"<w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"TableHeading\">"
	"<w:name w:val=\"Table Heading\"/><w:basedOn w:val=\"TableText\"/><w:uiPriority w:val=\"99\"/><w:qFormat/>"
	"<w:pPr><w:keepNext/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>"
	"<w:style w:type=\"table\" w:customStyle=\"1\" w:styleId=\"SkjoldTable\"><w:name w:val=\"Skjold Table\"/>"
	"<w:basedOn w:val=\"TableNormal\"/><w:uiPriority w:val=\"59\"/>"
	"<w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>"
	"<w:tblPr><w:tblBorders>"
	"<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"999999\"/>"
	"<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"999999\"/>"
	"<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"999999\"/>"
	"<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"999999\"/>"
	"<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"999999\"/>"
	"<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"999999\"/>"
	"</w:tblBorders><w:tblCellMar><w:top w:w=\"40\" w:type=\"dxa\"/><w:left w:w=\"80\" w:type=\"dxa\"/>"
	"<w:bottom w:w=\"40\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>"
	"<w:tblStylePr w:type=\"firstRow\"><w:rPr><w:b/><w:bCs/></w:rPr><w:trPr><w:tblHeader/></w:trPr>"
	"<w:tcPr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E8E8E8\"/></w:tcPr></w:tblStylePr></w:style>"
	/* page header and footer: a centre and a right tab across the text width */
	"<w:style w:type=\"paragraph\" w:styleId=\"Header\"><w:name w:val=\"header\"/><w:basedOn w:val=\"Normal\"/>"
	"<w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/><w:pPr><w:tabs><w:tab w:val=\"center\" w:pos=\"4819\"/>"
	"<w:tab w:val=\"right\" w:pos=\"9638\"/></w:tabs><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>"
	"</w:pPr><w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/>"
	"<w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/><w:pPr><w:tabs><w:tab w:val=\"right\" w:pos=\"9638\"/></w:tabs>"
	"<w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>"
	"<w:rPr><w:color w:val=\"595959\"/><w:sz w:val=\"16\"/><w:szCs w:val=\"16\"/></w:rPr></w:style>"
	"</w:styles>";

/* word/numbering.xml: one bullet list (numId 1) that List Bullet refers to. */
static const char numbering_xml[] =
	XML_DECL "<w:numbering xmlns:w=\"" NS_W "\">"
	"<w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/>"
	"<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:pStyle w:val=\"ListBullet\"/>"
	"<w:lvlText w:val=\"\xe2\x80\xa2\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"360\" w:hanging=\"360\"/>"
	"</w:pPr></w:lvl></w:abstractNum>"
	"<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>";

static const char settings_xml[] =
	XML_DECL "<w:settings xmlns:w=\"" NS_W "\"><w:defaultTabStop w:val=\"709\"/>"
	"<w:characterSpacingControl w:val=\"doNotCompress\"/><w:compat>"
	"<w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/>"
	"</w:compat><w:themeFontLang w:val=\"da-DK\"/></w:settings>";

static void content_types_xml(struct buf *b, int header)
{
	buf_puts(b, XML_DECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
		    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
		    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
		    "<Override PartName=\"/word/document.xml\" ContentType=\"" CT_WML "document.main+xml\"/>"
		    "<Override PartName=\"/word/styles.xml\" ContentType=\"" CT_WML "styles+xml\"/>"
		    "<Override PartName=\"/word/numbering.xml\" ContentType=\"" CT_WML "numbering+xml\"/>"
		    "<Override PartName=\"/word/settings.xml\" ContentType=\"" CT_WML "settings+xml\"/>"
		    "<Override PartName=\"/word/footer1.xml\" ContentType=\"" CT_WML "footer+xml\"/>");
	if (header)
		buf_puts(b, "<Override PartName=\"/word/header1.xml\" ContentType=\"" CT_WML "header+xml\"/>");
	buf_puts(b, "<Override PartName=\"/docProps/core.xml\" "
		    "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
		    "<Override PartName=\"/docProps/app.xml\" "
		    "ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/></Types>");
}

static const char package_rels_xml[] =
	XML_DECL "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" REL_TYPE "officeDocument\" Target=\"word/document.xml\"/>"
	"<Relationship Id=\"rId2\" "
	"Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" "
	"Target=\"docProps/core.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"" REL_TYPE "extended-properties\" Target=\"docProps/app.xml\"/>"
	"</Relationships>";

/* The document's relationships; the ids match document_xml's sectPr. */
static void document_rels_xml(struct buf *b, int header)
{
	buf_puts(b, XML_DECL "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		    "<Relationship Id=\"rId1\" Type=\"" REL_TYPE "styles\" Target=\"styles.xml\"/>"
		    "<Relationship Id=\"rId2\" Type=\"" REL_TYPE "numbering\" Target=\"numbering.xml\"/>"
		    "<Relationship Id=\"rId3\" Type=\"" REL_TYPE "settings\" Target=\"settings.xml\"/>"
		    "<Relationship Id=\"rId4\" Type=\"" REL_TYPE "footer\" Target=\"footer1.xml\"/>");
	if (header)
		buf_puts(b, "<Relationship Id=\"rId5\" Type=\"" REL_TYPE "header\" Target=\"header1.xml\"/>");
	buf_puts(b, "</Relationships>");
}

static void core_xml(struct buf *b, const struct doc_meta *m, const char *now)
{
	buf_puts(b, XML_DECL "<cp:coreProperties "
		    "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
		    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
		    "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" "
		    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>");
	xml_text(b, m->title_da, XML_PLAIN);
	buf_puts(b, "</dc:title>");
	if (m->title_en && *m->title_en && strcmp(m->title_da, m->title_en)) {
		buf_puts(b, "<dc:description>");
		xml_text(b, m->title_en, XML_PLAIN);
		buf_puts(b, "</dc:description>");
	}
	if (m->tlp) {
		buf_puts(b, "<cp:keywords>");
		xml_text(b, m->tlp, XML_PLAIN);
		buf_puts(b, "</cp:keywords>");
	}
	buf_printf(b,
		   "<dc:creator>skjold</dc:creator><cp:lastModifiedBy>skjold</cp:lastModifiedBy>"
		   "<dc:language>da-DK</dc:language>"
		   "<dcterms:created xsi:type=\"dcterms:W3CDTF\">%s</dcterms:created>"
		   "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">%s</dcterms:modified></cp:coreProperties>",
		   now, now);
}

static void app_xml(struct buf *b, const struct doc_meta *m)
{
	buf_puts(b, XML_DECL "<Properties "
		    "xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" "
		    "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
		    "<Application>skjold</Application><DocSecurity>0</DocSecurity>");
	if (m->org_name) {
		buf_puts(b, "<Company>");
		xml_text(b, m->org_name, XML_PLAIN);
		buf_puts(b, "</Company>");
	}
	buf_puts(b, "</Properties>");
}

/* ---- the package ---- */

struct part {
	const char *name;
	const char *data; /* a static part, or NULL: the buffer */
	struct buf b;
};

enum {
	P_TYPES,
	P_RELS,
	P_CORE,
	P_APP,
	P_DOCUMENT,
	P_STYLES,
	P_NUMBERING,
	P_SETTINGS,
	P_FOOTER,
	P_HEADER,
	P_DOCRELS,
	P_COUNT
};

static int libzip_error(struct errinfo *e, const char *what, const char *msg)
{
	return err_setm(e, ERR_INTERNAL, "report", "doc.libzip", "call", what, "reason", msg, NULL);
}

/* Add each named part to za as a file. */
static int zip_add_parts(zip_t *za, const struct part *p, size_t n, struct errinfo *e)
{
	for (size_t i = 0; i < n; i++) {
		if (!p[i].name)
			continue;
		const char *data = p[i].data ? p[i].data : p[i].b.p;
		size_t dlen = p[i].data ? strlen(p[i].data) : p[i].b.len;
		zip_source_t *s = zip_source_buffer(za, data, dlen, 0);
		if (!s)
			return libzip_error(e, "zip_source_buffer", zip_strerror(za));
		if (zip_file_add(za, p[i].name, s, ZIP_FL_ENC_UTF_8) < 0) {
			int rc = libzip_error(e, "zip_file_add", zip_strerror(za));
			zip_source_free(s);
			return rc;
		}
	}
	return 0;
}

/* The bytes of the archive zip_close wrote into mem, malloc'ed into *out. */
static int zip_read_back(zip_source_t *mem, char **out, size_t *len, struct errinfo *e)
{
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_source_stat(mem, &st) < 0 || !(st.valid & ZIP_STAT_SIZE))
		return libzip_error(e, "zip_source_stat", zip_error_strerror(zip_source_error(mem)));
	if (st.size > BUF_MAX_BYTES)
		return err_setm(e, ERR_INVALID, "report", "doc.large", "max", err_num((char[24]){0}, BUF_MAX_BYTES), NULL);
	if (zip_source_open(mem) < 0)
		return libzip_error(e, "zip_source_open", zip_error_strerror(zip_source_error(mem)));
	char *bytes = xmalloc(st.size ? (size_t)st.size : 1);
	zip_int64_t got = zip_source_read(mem, bytes, st.size);
	int rc = 0;
	if (got < 0 || (zip_uint64_t)got != st.size) {
		rc = libzip_error(e, "zip_source_read", got < 0 ? zip_error_strerror(zip_source_error(mem)) : "short read");
		free(bytes);
	} else {
		*out = bytes;
		*len = (size_t)st.size;
	}
	zip_source_close(mem);
	return rc;
}

/*
 * Write the parts (those with a name) into a ZIP archive in memory and hand
 * its bytes to *out.  The memory source is kept past zip_close, which
 * writes the archive into it and drops the archive's reference; ours reads
 * the result back.
 */
static int zip_parts(const struct part *p, size_t n, char **out, size_t *len, struct errinfo *e)
{
	int rc;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!mem) {
		rc = libzip_error(e, "zip_source_buffer_create", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return rc;
	}
	zip_t *za = zip_open_from_source(mem, ZIP_TRUNCATE, &ze);
	if (!za) {
		rc = libzip_error(e, "zip_open_from_source", zip_error_strerror(&ze));
		zip_source_free(mem);
		zip_error_fini(&ze);
		return rc;
	}
	zip_error_fini(&ze);
	zip_source_keep(mem);
	rc = zip_add_parts(za, p, n, e);
	if (rc) {
		zip_discard(za);
	} else if (zip_close(za) < 0) {
		rc = libzip_error(e, "zip_close", zip_strerror(za));
		zip_discard(za); /* a failed zip_close leaves the archive open */
	}
	if (!rc)
		rc = zip_read_back(mem, out, len, e);
	zip_source_free(mem);
	return rc;
}

int doc_render_docx(const struct doc *d, char **out, size_t *len, struct errinfo *e)
{
	struct part p[P_COUNT] = {
		[P_TYPES] = {.name = "[Content_Types].xml"},
		[P_RELS] = {.name = "_rels/.rels", .data = package_rels_xml},
		[P_CORE] = {.name = "docProps/core.xml"},
		[P_APP] = {.name = "docProps/app.xml"},
		[P_DOCUMENT] = {.name = "word/document.xml"},
		[P_STYLES] = {.name = "word/styles.xml", .data = styles_xml},
		[P_NUMBERING] = {.name = "word/numbering.xml", .data = numbering_xml},
		[P_SETTINGS] = {.name = "word/settings.xml", .data = settings_xml},
		[P_FOOTER] = {.name = "word/footer1.xml"},
		[P_HEADER] = {.name = d->meta.tlp ? "word/header1.xml" : NULL},
		[P_DOCRELS] = {.name = "word/_rels/document.xml.rels"},
	};
	char now[32];
	now_utc(now);
	int header = d->meta.tlp != NULL;
	content_types_xml(&p[P_TYPES].b, header);
	core_xml(&p[P_CORE].b, &d->meta, now);
	app_xml(&p[P_APP].b, &d->meta);
	document_xml(&p[P_DOCUMENT].b, d);
	footer_xml(&p[P_FOOTER].b, &d->meta);
	if (header)
		header_xml(&p[P_HEADER].b, d->meta.tlp);
	document_rels_xml(&p[P_DOCRELS].b, header);
	int rc = 0;
	for (size_t i = 0; i < P_COUNT && !rc; i++)
		if (p[i].b.full)
			rc = err_setm(e, ERR_INVALID, "report", "doc.large", "max", err_num((char[24]){0}, BUF_MAX_BYTES),
				      NULL);
	if (!rc)
		rc = zip_parts(p, P_COUNT, out, len, e);
	for (size_t i = 0; i < P_COUNT; i++)
		buf_free(&p[i].b);
	return rc;
}
