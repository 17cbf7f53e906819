/*
 * roi_store.c — the register as the organisation's table "roi": read, and
 * replaced in one audited transaction (roi.h).
 */
#include "roi.h"

#include "audit.h"
#include "jsonx.h"
#include "orgview.h"
#include "store/store.h"

int roi_load(struct store *st, const char *org, json_t **out, struct errinfo *e)
{
	*out = NULL;
	struct arena a;
	arena_init(&a);
	const char *json = NULL;
	int rc = store_table_get(st, org, ROI_TABLE, &a, &json, e);
	if (!rc) {
		*out = json ? json_loads(json, 0, NULL) : json_object();
		if (!*out)
			rc = err_setm(e, ERR_IO, "roi", "roi.stored_json", NULL);
	}
	arena_free(&a);
	return rc;
}

int roi_put(struct writer *w, const char *org, json_t *doc, struct errinfo *e)
{
	int rc = roi_doc_check(doc, "", e);
	if (rc)
		return rc;
	if ((rc = store_begin(w->st, e)))
		return rc;
	struct orgview v;
	rc = orgview_load(&v, w->st, org, w->today, e);
	if (rc) {
		store_rollback(w->st);
		return rc;
	}
	rc = roi_doc_check_nodes(doc, &v, "", e);
	orgview_free(&v);
	const char *before = NULL;
	if (!rc)
		rc = store_table_get(w->st, org, ROI_TABLE, w->a, &before, e);
	const char *after = jx_dump(doc, w->a);
	if (!rc)
		rc = store_table_put(w->st, org, ROI_TABLE, after, e);
	if (!rc)
		rc = audit_record(w->st, w->actor, w->now_ms, before ? "update" : "create", "roi", org,
				  org, before, after, e);
	if (rc) {
		store_rollback(w->st);
		return rc;
	}
	return store_commit(w->st, e);
}
