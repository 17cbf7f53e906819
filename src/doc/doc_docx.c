/*
 * doc_docx.c — a document as DOCX through libzip (doc.h).
 * (being written: see the session's helper)
 */
#include "doc.h"

int doc_render_docx(const struct doc *d, char **out, size_t *len, struct errinfo *e)
{
	(void)d, (void)out, (void)len;
	return err_set(e, ERR_INTERNAL, "format", "DOCX is not built yet");
}
