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
	/* what in the catalogues' words: "object", "organisation" or "register" (version.WHAT) */
	char code[64];
	snprintf(code, sizeof code, "version.%s", what);
	if (!msg_text(MSG_EN, code))
		snprintf(code, sizeof code, "version.object");
	if (!stored)
		return err_setm(x->e, ERR_STALE, "if_version", "version.gone", "@what", code, NULL);
	const char *now = app_version(x, stored);
	if (!etag_matches(if_version, now))
		return err_setm(x->e, ERR_STALE, "if_version", "version.changed", "@what", code, "version", now, NULL);
	return 0;
}
