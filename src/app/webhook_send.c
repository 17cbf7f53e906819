/*
 * webhook_send.c — a webhook delivery's POST through libcurl (webhook_send.h).
 *
 * One easy handle per POST: the pass sends a few deliveries at a time, so a
 * reused connection is not worth the state.  No signals (the server's
 * delivery thread), http and https only, no redirects, a whole-request
 * timeout, and at most WEBHOOK_BODY_KEEP bytes of the answer kept.
 */
#include "webhook_send.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "date.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static CURLcode init_rc = CURLE_FAILED_INIT;

static void init(void)
{
	init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

static size_t keep(char *data, size_t size, size_t n, void *ctx)
{
	struct webhook_answer *a = ctx;
	size_t len = size * n, room = WEBHOOK_BODY_KEEP - a->body_len;
	size_t take = len < room ? len : room;
	memcpy(a->body + a->body_len, data, take);
	a->body_len += take;
	a->body[a->body_len] = '\0';
	return len; /* the rest is read and dropped, not an error */
}


int webhook_send(const struct webhook_post *p, struct webhook_answer *a)
{
	memset(a, 0, sizeof *a);
	pthread_once(&once, init);
	if (init_rc != CURLE_OK) {
		snprintf(a->error, sizeof a->error, "libcurl could not start: %s", curl_easy_strerror(init_rc));
		return -1;
	}
	CURL *c = curl_easy_init();
	if (!c) {
		snprintf(a->error, sizeof a->error, "libcurl could not start a transfer");
		return -1;
	}
	char h[3][160];
	snprintf(h[0], sizeof h[0], "X-Skjold-Event: %s", p->event);
	snprintf(h[1], sizeof h[1], "X-Skjold-Delivery: %s", p->delivery);
	snprintf(h[2], sizeof h[2], "X-Skjold-Signature: %s", p->signature);
	struct curl_slist *hs = curl_slist_append(NULL, "Content-Type: application/json");
	hs = curl_slist_append(hs, "User-Agent: skjold-webhooks/1");
	for (int i = 0; i < 3; i++)
		hs = curl_slist_append(hs, h[i]);
	hs = curl_slist_append(hs, "Expect:"); /* no 100-continue round trip */
	char cerr[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(c, CURLOPT_URL, p->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, p->timeout_s > 0 ? p->timeout_s : 10L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hs);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, p->body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)p->len);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, a);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
	int64_t t0 = mono_ms();
	CURLcode rc = curl_easy_perform(c);
	a->duration_ms = mono_ms() - t0;
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a->http_code);
	curl_slist_free_all(hs);
	curl_easy_cleanup(c);
	if (rc != CURLE_OK) {
		snprintf(a->error, sizeof a->error, "%s", *cerr ? cerr : curl_easy_strerror(rc));
		return -1;
	}
	if (a->http_code >= 200 && a->http_code < 300)
		return 0;
	if (a->http_code >= 300 && a->http_code < 400)
		snprintf(a->error, sizeof a->error, "HTTP %ld: redirects are not followed", a->http_code);
	else
		snprintf(a->error, sizeof a->error, "HTTP %ld", a->http_code);
	return -1;
}
