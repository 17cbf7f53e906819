/*
 * forum_programmes.c — the forum's programmes: the red-team programme
 * (redteam.c), the baseline self-assessment (baseline.c) and the annual
 * survey (survey.c), tied to forum items (forum_views.h).
 */
#include <string.h>

#include "forum_views.h"

int forum_views_check_more(struct forum_ctx *f, const char *kind, json_t *body, json_t **clean, struct errinfo *e)
{
	(void)f;
	(void)body;
	*clean = NULL;
	return err_set(e, ERR_INVALID, "kind", "items of kind '%s' are not accepted yet", kind);
}

int forum_views_run_more(struct cli *c, struct forum_ctx *f, const char *name, json_t **out)
{
	(void)f;
	*out = NULL;
	return err_set(&c->e, ERR_INVALID, "NAME", "unknown view '%s'", name);
}

const char *forum_views_more_names(void) { return ""; }
