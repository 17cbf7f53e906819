/*
 * app_views.h — a server's evaluated risks of each organisation, kept
 * between requests and brought up to date by the risk writes it makes
 * itself (app_views.c has the design).
 *
 * The server owns one struct app_views for its life and hands it to the
 * use cases in struct app; the shell passes none, and every use case works
 * without it.  Thread-safe.
 */
#ifndef SKJOLD_APP_VIEWS_H
#define SKJOLD_APP_VIEWS_H

#include <stdbool.h>
#include <stdint.h>

#include "orgview.h"
#include "store/store.h"

struct app_views;
struct view;

/* A reader's hold on a kept view: the view stays valid until app_views_release. */
struct app_view_ref {
	struct view *w;
};

struct app_views *app_views_new(void);
void app_views_free(struct app_views *vw);

/*
 * The risks part of org's view (orgview_load_parts ORGVIEW_RISKS) as read at
 * write generation gen on date today, or NULL when none is kept.
 */
const struct orgview *app_views_get(struct app_views *vw, const char *org, int64_t gen, int32_t today,
				    struct app_view_ref *ref);
/*
 * Keep *v (its contents taken; *v is left empty) as org's view at gen and
 * today, which the caller read with the generation gen before and after it;
 * returns it, held by ref.
 */
const struct orgview *app_views_put(struct app_views *vw, const char *org, int64_t gen, int32_t today,
				    struct orgview *v, struct app_view_ref *ref);
void app_views_release(struct app_views *vw, struct app_view_ref *ref);

/*
 * A risk write's level committed in st: org's generation was gen0 before the
 * write and gen1 after it (both read inside its transaction), r the risk as
 * stored (copied).  Applied at once when no transaction is open any more,
 * else when the outermost commits (app_views_check, app_views_settle).
 * vw NULL: nothing.
 */
void app_views_note_risk(struct app_views *vw, struct store *st, const char *org, int64_t gen0, int64_t gen1,
			 int32_t today, const struct risk *r);
/* Inside the outermost transaction, just before its commit: void the notes the store no longer bears out. */
void app_views_check(struct store *st);
/* After the outermost transaction ended: apply this thread's notes if it committed; forget them either way. */
void app_views_settle(bool committed);

#endif
