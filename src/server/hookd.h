/*
 * hookd.h — `skjold serve`'s webhook thread: every interval, the deadline
 * scan and a delivery pass (app_webhook.c) on a store connection of its own
 * (docs/webhooks.md).  It never holds a write transaction while it waits on
 * the network: the pass commits before each POST and records the outcome in
 * a short transaction after it.
 */
#ifndef SKJOLD_HOOKD_H
#define SKJOLD_HOOKD_H

#include "app_webhook.h"

struct hookd;

/* Start the thread on the database db (the server's URL), a pass every interval_s seconds. */
int hookd_start(const char *db, const struct app_webhook_config *c, long interval_s, struct hookd **out,
		struct errinfo *e);
/* Stop it (a pass in progress ends first: at most a POST's timeout) and free it; NULL is nothing. */
void hookd_stop(struct hookd *h);

#endif
