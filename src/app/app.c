/*
 * app.c — what every use case of the application layer shares: the writer
 * it hands the edit layer, and versions (app.h, docs/internals/app.md).
 */
#include "app.h"

#include "etag.h"

struct writer app_writer(const struct app *x)
{
	return (struct writer){.st = x->st, .actor = x->actor, .now_ms = x->now_ms, .today = x->today, .a = x->a};
}

const char *app_version(struct app *x, json_t *item)
{
	char tag[ETAG_LEN];
	etag_of_json(item, tag);
	return arena_strdup(x->a, tag);
}

int app_check_version(struct app *x, json_t *stored, const char *if_version, const char *what)
{
	if (!if_version)
		return 0;
	if (!stored)
		return err_set(x->e, ERR_STALE, "if_version", "the %s does not exist", what);
	const char *now = app_version(x, stored);
	if (!etag_matches(if_version, now))
		return err_set(x->e, ERR_STALE, "if_version", "the %s has changed since you read it (now version %s)",
			       what, now);
	return 0;
}
