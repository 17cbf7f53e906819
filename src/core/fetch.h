/*
 * fetch.h — an HTTP(S) GET of a document, by libcurl: the shell's reading
 * of a URL where it would read a file (import-kitos).  The server never
 * fetches what a caller names (it takes the body), so nothing here is
 * reached from a request.
 */
#ifndef SKJOLD_FETCH_H
#define SKJOLD_FETCH_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

/* Whether s names a URL fetch_get reads (http:// or https://). */
bool fetch_is_url(const char *s);

/*
 * GET url (redirects followed, TLS verified, 60 s at most) with
 * "Authorization: Bearer TOKEN" when bearer is not NULL, and
 * "Accept: application/json".  *data (malloc'd, NUL-terminated; the
 * caller frees it) and *len: the body of a 2xx answer of at most limit
 * bytes.  Errors name field (the URL as the user gave it): ERR_IO when the
 * transfer fails or the answer is not 2xx, ERR_LIMIT beyond limit.
 */
int fetch_get(const char *url, const char *bearer, size_t limit, const char *field, char **data, size_t *len,
	      struct errinfo *e);

#endif
