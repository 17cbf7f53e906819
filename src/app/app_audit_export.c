/*
 * app_audit_export.c — the audit log for a SIEM: one line per entry, oldest
 * first, in JSON Lines or CEF (audit_format.c), written a page at a time
 * (docs/operations.md, "SIEM").
 *
 * The export reads the head first and stops there: entries appended while it
 * runs belong to the next export, and the pages of one export are a prefix of
 * the log as it was when it began (the log only grows).  A page is read,
 * formatted into one buffer and handed to the caller's writer, so at most a
 * page of entries and a page of text are held at once; the shell writes each
 * to its file, the server gathers the answer.
 */
#include "app_io.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"

#define EXPORT_PAGE 500

struct export {
	enum audit_format format;
	struct buf text;
	int64_t n;
};

static int export_entry(void *ctx, const struct audit_entry *x)
{
	struct export *ex = ctx;
	audit_format_line(ex->format, x, &ex->text);
	buf_add(&ex->text, "\n", 1);
	ex->n++;
	return 0;
}

int app_io_audit_export(struct app *x, const struct app_audit_export *req, int64_t *count)
{
	*count = 0;
	if (req->until_ms <= req->since_ms)
		return err_setm(x->e, ERR_INVALID, "until", "input.later_than", "key", "until", "other", "since",
				NULL);
	const struct store_scope *sc = store_scope_get(x->st);
	if (req->whole_log)
		store_scope_set(x->st, NULL);
	struct export ex = {.format = req->format};
	int64_t head;
	unsigned char hash[32];
	int rc = store_audit_head(x->st, &head, hash, x->e);
	struct audit_range q = {.after = 0, .upto = head, .since_ms = req->since_ms, .until_ms = req->until_ms,
				.org = req->org, .limit = EXPORT_PAGE};
	while (!rc && q.after < head) {
		rc = store_audit_page(x->st, &q, export_entry, &ex, x->e);
		if (!rc && ex.text.full)
			rc = err_setm(x->e, ERR_NOMEM, "", "io.audit_export_page", NULL);
		if (!rc && ex.text.len)
			rc = req->write(req->ctx, ex.text.p, ex.text.len);
		buf_reset(&ex.text);
		if (rc || q.nread < q.limit)
			break;
		q.after = q.last;
	}
	buf_free(&ex.text);
	if (req->whole_log)
		store_scope_set(x->st, sc);
	if (rc && !strcmp(x->e->field, "--org")) /* the store names the shell's option */
		snprintf(x->e->field, sizeof x->e->field, "org");
	*count = ex.n;
	return rc;
}
