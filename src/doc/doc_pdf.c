/*
 * doc_pdf.c — a document as PDF through cairo and pango (doc.h).
 * (being written: see the session's helper)
 */
#include "doc.h"

int doc_render_pdf(const struct doc *d, char **out, size_t *len, struct errinfo *e)
{
	(void)d, (void)out, (void)len;
	return err_set(e, ERR_INTERNAL, "format", "PDF is not built yet");
}
