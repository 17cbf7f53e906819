/*
 * limit.h — the documented maximum of every text field and list a client
 * controls, in one place (docs/orgdoc.md "Limits", web/openapi.json
 * maxLength / maxItems).
 *
 * Why bounds at all: the audit log keeps an object before and after every
 * write, for good, so an unbounded field lets any writer grow the database
 * without limit (20 PATCHes of a 1 MB title cost 40 MB that can never be
 * deleted).  The request body limit (1 MiB, 64 MiB for imports, src/server/http.c)
 * bounds one request, not what accumulates.
 *
 * Units: bytes of UTF-8, not characters, because that is what is stored and
 * audited; Danish text spends 2 bytes on each of æ, ø and å, so a bound of
 * 200 bytes holds 100-200 characters.  Every text must also be valid UTF-8
 * without NUL (limit_text).  A field or list over its maximum is ERR_INVALID
 * naming the field (400 / exit 2), like any other bad field; ERR_LIMIT (413)
 * is kept for a request or input that is too large as a whole.
 *
 * Fields of a fixed form (dates, enumerations, cvr, lei, levels) are bounded
 * by their form and need no entry here.
 */
#ifndef SKJOLD_LIMIT_H
#define SKJOLD_LIMIT_H

#include <stddef.h>

#include "err.h"

/*
 * An id is a short key typed into commands, URLs and file names: 64 bytes
 * hold a UUID (36) or "proc-betalingsformidling-2026" with room to spare.
 * Every reference to an object (risk.node, edge.from, an incident's nodes)
 * is an id.  User names share the bound.
 */
#define LIMIT_ID 64
/* A node's ref names another organisation's node: "ORG/NODE". */
#define LIMIT_REF (2 * LIMIT_ID + 1)

/*
 * A name is one line: an object's name or title, an owner, an assessor or
 * approver, a category, a source, an edge group, a display or token name.
 * The longest Danish authority and municipality names are under 80
 * characters; 200 bytes is a line of a report table and of the audit view.
 */
#define LIMIT_NAME 200

/*
 * A description or note is a few paragraphs (one to two pages): a risk's
 * scenario, a measure's content, an override's reason, an effect note.
 * Longer material belongs in the organisation's documents, referred to.
 */
#define LIMIT_TEXT 8000

/*
 * A narrative for an authority or the sector forum (an incident's cause,
 * root cause and notes; a crisis report or decision; a forum risk): the
 * free-text fields of the DORA and NIS2 final reports run to several pages.
 */
#define LIMIT_LONG_TEXT 20000

/*
 * A small list inside one object (an incident's affected nodes and risks,
 * recurring incidents, estimated facts, consolidated entities, its
 * submissions): a thousand is far beyond real use and keeps one object's
 * audit entry small.  It also bounds the organisations of one import
 * document (the Danish sector has about 100 municipalities and 60 banks).
 */
#define LIMIT_LIST 1000
/* The organisations or people a forum item is shared with (TLP recipients). */
#define LIMIT_RECIPIENTS 200
/* Risk matrix versions in one document: one a month for 80 years. */
#define LIMIT_MATRIX_VERSIONS 1000

/*
 * Objects of one kind in one organisation document (nodes, edges, threats,
 * risks, measures, changes, incidents).  The largest organisation of the L
 * benchmark (bench/) has about 50 000 nodes and 200 000 edges; the 64 MiB
 * import body bounds a document first in practice.
 */
#define LIMIT_DOC_ITEMS 1000000

/*
 * Check one text: valid UTF-8 (RFC 3629: no overlong forms, surrogates or
 * values over U+10FFFF), no NUL byte, at most max bytes.  field is the path
 * the error names, what the word its message uses ("title").  0 or
 * ERR_INVALID.
 */
int limit_text(const char *s, size_t len, size_t max, const char *field, const char *what, struct errinfo *e);

/* limit_text with LIMIT_ID, and no control characters (ids end up in paths, logs and CSV). */
int limit_id(const char *s, size_t len, const char *field, const char *what, struct errinfo *e);

/* ERR_INVALID naming field unless n <= max ("recipients has more than ..."). */
int limit_list(size_t n, size_t max, const char *field, const char *what, struct errinfo *e);

/* Length of the valid UTF-8 prefix of s[0..n), n when all of it is valid; a NUL ends it. */
size_t limit_utf8_prefix(const unsigned char *s, size_t n);

#endif
