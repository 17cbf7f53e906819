/*
 * doc_pdf.h — the PDF back end with its output maximum as a parameter, so
 * the tests can reach the "too large" path without writing a gigabyte.
 * doc_render_pdf (doc.h) is this with max_bytes 0.
 */
#ifndef SKJOLD_DOC_PDF_H
#define SKJOLD_DOC_PDF_H

#include <stddef.h>

#include "doc.h"

/*
 * Render d as PDF into *out (malloc'ed, the caller frees it) and *len.
 * max_bytes bounds the output (0: BUF_MAX_BYTES, buf.h); past it
 * ERR_INVALID and *out stays NULL.  A cairo failure is ERR_INTERNAL with
 * cairo's status text in e.
 */
int doc_render_pdf_max(const struct doc *d, size_t max_bytes, char **out, size_t *len, struct errinfo *e);

#endif
