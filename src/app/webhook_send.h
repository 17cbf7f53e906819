/*
 * webhook_send.h — one HTTP POST of a webhook delivery (libcurl): the
 * network half of the delivery pass (app_webhook.c), which calls it with no
 * transaction open.
 */
#ifndef SKJOLD_WEBHOOK_SEND_H
#define SKJOLD_WEBHOOK_SEND_H

#include <stddef.h>
#include <stdint.h>

/* What is kept of the receiver's answer: at most this many bytes of its body. */
#define WEBHOOK_BODY_KEEP 1024

struct webhook_post {
	const char *url;
	const char *body;
	size_t len;
	const char *event, *delivery, *signature; /* X-Skjold-Event, X-Skjold-Delivery, X-Skjold-Signature */
	long timeout_s;
};

struct webhook_answer {
	long http_code;        /* 0: no answer */
	char error[256];       /* "" when the POST got a 2xx */
	int64_t duration_ms;
	char body[WEBHOOK_BODY_KEEP + 1];
	size_t body_len;
};

/*
 * POST p->body to p->url (http or https only; redirects are not followed:
 * a 3xx is a failure, so a delivery never lands where the endpoint's owner
 * did not send it).  Returns 0 when the receiver answered 2xx, else -1 with
 * a->error saying why (in English, for the delivery log).
 */
int webhook_send(const struct webhook_post *p, struct webhook_answer *a);

#endif
