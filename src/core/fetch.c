/*
 * fetch.c — an HTTP(S) GET of a document into memory, by libcurl.
 *
 * Only http and https (CURLOPT_PROTOCOLS_STR, also on redirects), TLS
 * verified as libcurl does by default, 60 seconds for the whole transfer,
 * and a limit on the answer's size checked while it arrives.
 */
#include "fetch.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* The answer into a buf whose maximum is the limit: past it the buffer is full and the transfer stops. */
static size_t take(char *p, size_t size, size_t n, void *ctx)
{
	struct buf *b = ctx;
	buf_add(b, p, size * n);
	return b->full ? 0 : size * n;
}

bool fetch_is_url(const char *s)
{
	return s && (!strncmp(s, "http://", 7) || !strncmp(s, "https://", 8));
}

int fetch_get(const char *url, const char *bearer, size_t limit, const char *field, char **data, size_t *len,
	      struct errinfo *e)
{
	static bool ready;
	*data = NULL;
	*len = 0;
	if (!ready) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT))
			return err_setm(e, ERR_INTERNAL, field, "fetch.failed", "url", url, "error", "curl_global_init",
					NULL);
		ready = true;
	}
	CURL *c = curl_easy_init();
	if (!c)
		return err_setm(e, ERR_NOMEM, field, "fetch.failed", "url", url, "error", "curl_easy_init", NULL);
	struct buf s = {.max = limit + 1}; /* limit bytes and the NUL */
	struct curl_slist *h = curl_slist_append(NULL, "Accept: application/json");
	char *auth = NULL;
	if (bearer) {
		size_t n = strlen(bearer) + 32;
		auth = malloc(n);
		if (auth) {
			snprintf(auth, n, "Authorization: Bearer %s", bearer);
			h = curl_slist_append(h, auth);
		}
	}
	char why[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "skjold");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, take);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, why);
	CURLcode cc = curl_easy_perform(c);
	long status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
	free(auth);
	int rc = 0;
	if (s.full) {
		char lim[32];
		snprintf(lim, sizeof lim, "%zu", limit);
		rc = err_setm(e, ERR_LIMIT, field, "fetch.too_large", "url", url, "limit", lim, NULL);
	} else if (cc != CURLE_OK) {
		rc = err_setm(e, ERR_IO, field, "fetch.failed", "url", url, "error", *why ? why : curl_easy_strerror(cc),
			      NULL);
	} else if (status < 200 || status > 299) {
		char st[16];
		snprintf(st, sizeof st, "%ld", status);
		rc = err_setm(e, ERR_IO, field, "fetch.status", "url", url, "status", st, NULL);
	}
	if (rc) {
		buf_free(&s);
		return rc;
	}
	*len = s.len;
	*data = buf_finish(&s); /* "" for an empty answer */
	return 0;
}
