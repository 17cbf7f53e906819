/*
 * etag.h — the version of an object as a client sees it.
 *
 * An object's version is a hash of the exact bytes a GET answers with
 * (compact JSON, keys in insertion order): the HTTP ETag, and the value the
 * shell's --if-version takes.  The application layer compares it inside the
 * write's transaction, so of several writers holding one version only the
 * first can succeed.
 */
#ifndef SKJOLD_ETAG_H
#define SKJOLD_ETAG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define ETAG_LEN 40 /* '"' + 32 hex + '"' + NUL, with room to spare */

/* The ETag of data: a quoted 128-bit BLAKE2b hash in hex. */
void etag_of_bytes(const char *data, size_t len, char out[ETAG_LEN]);
/* The ETag of j as the API sends it (compact, insertion order). */
void etag_of_json(const json_t *j, char out[ETAG_LEN]);
/*
 * Does the precondition match etag?  cond is an If-Match header ("*", one
 * ETag or a comma-separated list, W/ weak ones ignored as RFC 9110 §13.1.1
 * asks for If-Match) or the shell's --if-version (the ETag with or without
 * its quotes).
 */
bool etag_matches(const char *cond, const char *etag);

#endif
