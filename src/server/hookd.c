/*
 * hookd.c — the webhook thread of `skjold serve` (hookd.h).
 *
 * One thread, one store connection (unscoped: the pass works for every
 * organisation), a pass at start and then every interval: the scan of the
 * time-based events, then the deliveries due.  It sleeps on a condition
 * variable, so hookd_stop wakes it at once.  A pass that fails (the database
 * busy or gone) is logged and tried again at the next interval; the thread
 * carries on.
 */
#include "hookd.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "log.h"

struct hookd {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop;
	struct store *st;
	struct app_webhook_config c;
	long interval_s;
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void log_failure(const char *what, const struct errinfo *e)
{
	if (!log_on(LOG_LEVEL_ERROR))
		return;
	json_t *j = json_pack("{ssssss}", "server", "webhooks", "step", what, "error", e->message);
	char *line = j ? json_dumps(j, JSON_COMPACT) : NULL;
	if (line)
		fprintf(stderr, "%s\n", line);
	free(line);
	json_decref(j);
}

static void pass(struct hookd *h)
{
	struct arena a;
	struct errinfo e = {0};
	arena_init(&a);
	int64_t t = now_ms();
	struct app x = {.st = h->st, .actor = "skjold@webhooks", .now_ms = t, .today = instant_cph_date(t), .a = &a,
			.e = &e};
	json_t *out = NULL;
	if (app_webhook_scan(&x, &out))
		log_failure("scan", &e);
	json_decref(out);
	out = NULL;
	err_clear(&e);
	store_rollback_to(h->st, 0); /* a failed step leaves no transaction behind */
	if (app_webhook_deliver(&x, &h->c, &out))
		log_failure("deliver", &e);
	json_decref(out);
	store_rollback_to(h->st, 0);
	arena_free(&a);
}

static void *run(void *arg)
{
	struct hookd *h = arg;
	pthread_mutex_lock(&h->mu);
	while (!h->stop) {
		pthread_mutex_unlock(&h->mu);
		pass(h);
		pthread_mutex_lock(&h->mu);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += h->interval_s;
		while (!h->stop && pthread_cond_timedwait(&h->cv, &h->mu, &until) == 0)
			;
	}
	pthread_mutex_unlock(&h->mu);
	return NULL;
}

int hookd_start(const char *db, const struct app_webhook_config *c, long interval_s, struct hookd **out,
		struct errinfo *e)
{
	*out = NULL;
	struct hookd *h = calloc(1, sizeof *h);
	if (!h)
		return err_setm(e, ERR_INTERNAL, "", "error.nomem", NULL);
	h->c = *c;
	h->interval_s = interval_s > 0 ? interval_s : 30;
	int rc = store_open(db, &h->st, e);
	if (rc) {
		free(h);
		return rc;
	}
	store_shared(h->st);
	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->cv, NULL);
	if (pthread_create(&h->thread, NULL, run, h)) {
		store_close(h->st);
		free(h);
		return err_setm(e, ERR_INTERNAL, "", "internal.webhook_thread", NULL);
	}
	*out = h;
	return 0;
}

void hookd_stop(struct hookd *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&h->mu);
	h->stop = true;
	pthread_cond_signal(&h->cv);
	pthread_mutex_unlock(&h->mu);
	pthread_join(h->thread, NULL);
	store_close(h->st);
	pthread_mutex_destroy(&h->mu);
	pthread_cond_destroy(&h->cv);
	free(h);
}
