/*
 * dump.c — the logical dump and its checksum (`skjold db dump`,
 * `skjold db checksum`): the same data gives the same bytes on every backend.
 *
 * A backend only reads: its ops->dump hands over typed rows, table by table
 * in the order of store_dump_tables below, each table's rows in the order of
 * its key columns.  The text is made here, once for all backends, and the
 * order is checked here too: a backend whose rows come out of order (a
 * PostgreSQL collation other than "C", say) fails with ERR_INTERNAL instead
 * of giving a checksum that differs from another backend's.
 *
 * The canonical form (format 1), UTF-8, every line ending in "\n":
 *
 *   skjold-dump 1
 *   table org id name kind …          one header per table, always, in the
 *                                     fixed order; column names separated by
 *                                     one space
 *   org<TAB>k<TAB>Kommune<TAB>…       one line per row: the table's name,
 *                                     then each value after a TAB
 *
 * Values: absent (NULL; an absent date, minutes, instant or optional text)
 * is \N; an integer in decimal ("-12"); a real as "%.17g"; a text as its
 * bytes with backslash, TAB, LF and CR written \\, \t, \n and \r and any
 * other byte below 0x20 (and 0x7f) as \xHH — so "" (empty) and \N (absent)
 * differ; a blob as \B and two lowercase hex digits per byte.  Dates are
 * ISO text (YYYY-MM-DD), instants Unix milliseconds, booleans 0/1, enums
 * their data names: the portable representation of STYLE.md.  Keys that only
 * one backend knows (SQLite's org.oid and app_user.uid) do not appear: rows
 * name their organisation by its id and their user by name, and are ordered
 * by those (texts and blobs bytewise, integers by value).
 *
 * Left out, on purpose: audit_head (the newest audit row's seq and hash,
 * kept apart for tamper detection; the dump holds every audit row),
 * org_generation (a cache key that audited writes move), on PostgreSQL
 * auth_generation (migration 14: the key of the servers' kept callers) and session
 * last_seen_ms (every authenticated read moves it, and a checksum taken
 * before and after a read must agree); the backends still hand it over (a
 * copy_only column), for store_copy (copy.c) to carry.  Sessions themselves
 * are in: a login or a logout is a change.  Everything a user wrote is in:
 * organisations and their objects, incidents, the audit log, users,
 * memberships, tokens, the forum's rows, the webhooks with their outbox and
 * delivery log (migration 11).
 *
 * The checksum is BLAKE2b-256 (libsodium's crypto_generichash) of the dump.
 */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "store_impl.h"

/* a column of the dump's text; copy_only ones are spelled out */
#define I STORE_COL_INT, false
#define R STORE_COL_REAL, false
#define T STORE_COL_TEXT, false
#define B STORE_COL_BLOB, false
#define TABLE(name, nkey) {#name, name##_cols, sizeof name##_cols / sizeof name##_cols[0], nkey}

static const struct store_dump_col org_cols[] = {
	{"id", T}, {"name", T}, {"kind", T}, {"cvr", T}, {"lei", T}, {"nis2", T}, {"dora", T}, {"psd2_psp", I},
	{"trust_service", I}, {"risk_appetite", I}, {"work_start_min", I}, {"work_end_min", I},
	{"procedure_reviewed_on", T}, {"parent", T}, {"competent_authority", T}, {"contacts", T},
	{"dora_relief_withdrawn", I}, {"dora_simplified_framework", I}, {"require_sso", I},
};
static const struct store_dump_col org_table_cols[] = {{"org", T}, {"name", T}, {"json", T}};
static const struct store_dump_col risk_matrix_cols[] = {{"org", T}, {"version", I}, {"created_on", T}, {"cells", T}};
static const struct store_dump_col node_cols[] = {
	{"org", T}, {"id", T}, {"kind", T}, {"name", T}, {"owner", T}, {"description", T}, {"criticality", I},
	{"override", I}, {"override_reason", T}, {"critical_service", I}, {"personal_data", T}, {"rto_minutes", I},
	{"rpo_minutes", I}, {"last_assessed", T}, {"ref", T}, {"service_type", T},
};
static const struct store_dump_col edge_cols[] = {{"org", T}, {"from_id", T}, {"to_id", T}, {"type", T}, {"grp", T}};
static const struct store_dump_col threat_cols[] = {
	{"org", T}, {"id", T}, {"name", T}, {"name_en", T}, {"category", T}, {"description", T}, {"level", I},
	{"level_source", T}, {"level_date", T},
};
static const struct store_dump_col risk_cols[] = {
	{"org", T}, {"id", T}, {"node_id", T}, {"threat_id", T}, {"title", T}, {"description", T},
	{"assessed_on", T}, {"assessor", T}, {"owner", T}, {"threat_level", I}, {"resilience", I},
	{"likelihood", I}, {"c_availability", I}, {"c_confidentiality", I}, {"c_integrity", I},
	{"c_authenticity", I}, {"has_residual", I}, {"r_likelihood", I}, {"r_availability", I},
	{"r_confidentiality", I}, {"r_integrity", I}, {"r_authenticity", I}, {"decision", T},
	{"matrix_version", I}, {"accept_approver", T}, {"accept_role", T}, {"accept_on", T},
	{"accept_expires", T}, {"note", T},
};
static const struct store_dump_col measure_cols[] = {
	{"org", T}, {"id", T}, {"risk_id", T}, {"kind", T}, {"title", T}, {"owner", T}, {"description", T},
	{"due", T}, {"status", T}, {"effect", T}, {"effect_on", T}, {"effect_note", T},
};
static const struct store_dump_col change_cols[] = {
	{"org", T}, {"id", T}, {"node_id", T}, {"kind", T}, {"date", T}, {"description", T},
};
static const struct store_dump_col incident_cols[] = {
	{"org", T}, {"id", T}, {"title", T}, {"status", T}, {"detected_ms", I}, {"doc", T}, {"created_ms", I},
	{"updated_ms", I},
};
static const struct store_dump_col incident_node_cols[] = {{"org", T}, {"incident_id", T}, {"node_id", T}};
static const struct store_dump_col submission_cols[] = {
	{"org", T}, {"incident_id", T}, {"seq", I}, {"regime", T}, {"report", T}, {"submitted_ms", I}, {"doc", T},
};
static const struct store_dump_col incident_event_cols[] = {
	{"org", T}, {"incident_id", T}, {"seq", I}, {"at_ms", I}, {"actor", T}, {"kind", T}, {"detail", T},
};
static const struct store_dump_col audit_cols[] = {
	{"seq", I}, {"at_ms", I}, {"actor", T}, {"action", T}, {"entity", T}, {"org", T}, {"key", T},
	{"before", T}, {"after", T}, {"prev_hash", B}, {"hash", B},
};
static const struct store_dump_col app_user_cols[] = {
	{"name", T}, {"display_name", T}, {"pw_hash", T}, {"admin", I}, {"totp_secret", T}, {"totp_enabled", I},
	{"totp_last_step", I}, {"must_change_pw", I}, {"disabled", I}, {"failed_logins", I},
	{"locked_until_ms", I}, {"created_ms", I}, {"home_org", T}, {"sso_issuer", T}, {"sso_subject", T},
};
static const struct store_dump_col membership_cols[] = {{"user", T}, {"org", T}, {"role", T}, {"sso", I}};
static const struct store_dump_col session_cols[] = {
	{"hash", B}, {"user", T}, {"csrf", T}, {"created_ms", I}, {"expires_ms", I},
	{"last_seen_ms", STORE_COL_INT, true},
};
static const struct store_dump_col api_token_cols[] = {
	{"id", I}, {"hash", B}, {"name", T}, {"user", T}, {"org", T}, {"role", T}, {"created_ms", I},
	{"expires_ms", I}, {"revoked_ms", I}, {"last_used_ms", I},
};
static const struct store_dump_col forum_cols[] = {
	{"id", T}, {"name", T}, {"secretariat", T}, {"settings", T}, {"created_ms", I},
};
static const struct store_dump_col forum_member_cols[] = {
	{"forum", T}, {"org", T}, {"category", T}, {"assets", R}, {"status", T}, {"invited_ms", I},
	{"invited_by", T}, {"joined_ms", I}, {"left_ms", I},
};
static const struct store_dump_col forum_share_cols[] = {
	{"forum", T}, {"org", T}, {"id", T}, {"kind", T}, {"target", T}, {"filter", T}, {"tlp", T},
	{"recipients", T}, {"created_ms", I}, {"by", T},
};
static const struct store_dump_col forum_item_cols[] = {
	{"forum", T}, {"kind", T}, {"id", T}, {"owner", T}, {"parent", T}, {"tlp", T}, {"recipients", T},
	{"body", T}, {"created_ms", I}, {"updated_ms", I}, {"by", T}, {"version", I},
};
static const struct store_dump_col webhook_cols[] = {
	{"org", T}, {"id", T}, {"url", T}, {"events", T}, {"secret", T}, {"tlp", T}, {"enabled", I}, {"forum", T},
	{"created_ms", I}, {"by", T},
};
static const struct store_dump_col webhook_event_cols[] = {
	{"org", T}, {"id", T}, {"event", T}, {"occurred_ms", I}, {"tlp", T}, {"data", T}, {"dedup", T},
};
static const struct store_dump_col webhook_delivery_cols[] = {
	{"org", T}, {"hook", T}, {"event_id", T}, {"id", T}, {"status", T}, {"attempts", I}, {"next_ms", I},
	{"updated_ms", I},
};
static const struct store_dump_col webhook_attempt_cols[] = {
	{"org", T}, {"hook", T}, {"event_id", T}, {"n", I}, {"at_ms", I}, {"status", T}, {"http_code", I},
	{"error", T}, {"duration_ms", I},
};

const struct store_dump_table store_dump_tables[] = {
	TABLE(org, 1),           TABLE(org_table, 2),      TABLE(risk_matrix, 2),    TABLE(node, 2),
	TABLE(edge, 3),          TABLE(threat, 2),         TABLE(risk, 2),           TABLE(measure, 2),
	TABLE(change, 2),        TABLE(incident, 2),       TABLE(incident_node, 3),  TABLE(submission, 3),
	TABLE(incident_event, 3), TABLE(audit, 1),         TABLE(app_user, 1),       TABLE(membership, 2),
	TABLE(session, 1),       TABLE(api_token, 1),      TABLE(forum, 1),          TABLE(forum_member, 2),
	TABLE(forum_share, 3),   TABLE(forum_item, 3),     TABLE(webhook, 2),        TABLE(webhook_event, 2),
	TABLE(webhook_delivery, 3), TABLE(webhook_attempt, 4),
};
const size_t store_dump_ntables = sizeof store_dump_tables / sizeof store_dump_tables[0];
#undef I
#undef R
#undef T
#undef B
#undef TABLE

/* A dump in progress: the caller's sink, the line being built, the previous row's key. */
struct dump_run {
	int (*fn)(void *ctx, const char *text, size_t len);
	void *ctx;
	int (*tee)(void *ctx, size_t t, const struct store_value *v); /* every row, checked (store_copy) */
	void *tee_ctx;
	int64_t *table_rows; /* per table, or NULL */
	struct errinfo *e;
	size_t headers;  /* tables whose header line has been written */
	struct buf line; /* the row being formatted */
	struct buf key, prev;
	int have_prev;   /* prev holds the key of the table's previous row */
	int64_t rows;
};

/* Hand a finished line to the caller. */
static int dump_emit(struct dump_run *d, struct buf *b)
{
	if (b->full)
		return err_setm(d->e, ERR_LIMIT, "", "store.dump_row", "max", err_num((char[24]){0}, BUF_MAX_BYTES), NULL);
	int rc = b->len ? d->fn(d->ctx, b->p, b->len) : 0;
	buf_reset(b);
	return rc;
}

/* Write the header lines of every table up to and including t. */
static int dump_headers(struct dump_run *d, size_t t)
{
	int rc = 0;
	while (!rc && d->headers <= t) {
		const struct store_dump_table *tb = &store_dump_tables[d->headers++];
		buf_printf(&d->line, "table %s", tb->name);
		for (size_t i = 0; i < tb->ncols; i++)
			if (!tb->cols[i].copy_only)
				buf_printf(&d->line, " %s", tb->cols[i].name);
		buf_add(&d->line, "\n", 1);
		rc = dump_emit(d, &d->line);
		d->have_prev = 0;
	}
	return rc;
}

/*
 * Append v's order-preserving encoding to key: memcmp of two encodings
 * orders the values as the dump does (integers by value, bytes bytewise,
 * a shorter prefix first).
 */
static void key_add(struct buf *key, const struct store_dump_col *c, const struct store_value *v)
{
	if (v->null) {
		buf_add(key, "\0", 1);
		return;
	}
	buf_add(key, "\1", 1);
	ASSERT(c->type != STORE_COL_REAL); /* no key column is a real (store_dump_tables) */
	if (c->type == STORE_COL_INT) {
		uint64_t u = (uint64_t)v->i ^ ((uint64_t)1 << 63);
		char be[8];
		for (int k = 0; k < 8; k++)
			be[k] = (char)(u >> (56 - 8 * k));
		buf_add(key, be, 8);
		return;
	}
	const unsigned char *p = v->p;
	for (size_t k = 0; p && k < v->len; k++) {
		buf_add(key, (const char *)p + k, 1);
		if (p[k] == 0)
			buf_add(key, "\xff", 1); /* a NUL inside stays above the terminator */
	}
	buf_add(key, "\0\0", 2);
}

/* Append v in its canonical text form (the file's opening comment). */
static void value_add(struct buf *b, const struct store_dump_col *c, const struct store_value *v)
{
	static const char hex[] = "0123456789abcdef";
	if (v->null) {
		buf_add(b, "\\N", 2);
		return;
	}
	switch (c->type) {
	case STORE_COL_INT:
		buf_printf(b, "%" PRId64, v->i);
		return;
	case STORE_COL_REAL:
		buf_printf(b, "%.17g", v->r);
		return;
	case STORE_COL_BLOB:
		buf_add(b, "\\B", 2);
		for (size_t k = 0; k < v->len; k++) {
			unsigned char ch = ((const unsigned char *)v->p)[k];
			char two[2] = {hex[ch >> 4], hex[ch & 15]};
			buf_add(b, two, 2);
		}
		return;
	case STORE_COL_TEXT:
		break;
	}
	if (!v->len)
		return; /* "" */
	const char *p = v->p;
	size_t run = 0; /* bytes copied as they are, added in one go */
	for (size_t k = 0; k < v->len; k++) {
		unsigned char ch = (unsigned char)p[k];
		const char *esc = ch == '\\' ? "\\\\" : ch == '\t' ? "\\t" : ch == '\n' ? "\\n" : ch == '\r' ? "\\r" : NULL;
		if (!esc && ch >= 0x20 && ch != 0x7f)
			continue;
		buf_add(b, p + run, k - run);
		run = k + 1;
		if (esc) {
			buf_add(b, esc, 2);
		} else {
			char x[4] = {'\\', 'x', hex[ch >> 4], hex[ch & 15]};
			buf_add(b, x, 4);
		}
	}
	buf_add(b, p + run, v->len - run);
}

/* One row from the backend: check the table order and the key order, then write the line. */
static int dump_row(void *ctx, size_t t, const struct store_value *v)
{
	struct dump_run *d = ctx;
	if (t >= store_dump_ntables || t + 1 < d->headers)
		return err_setm(d->e, ERR_INTERNAL, "", "internal.dump_table_order", "table",
					err_num((char[24]){0}, (long long)t), NULL);
	int rc = dump_headers(d, t);
	if (rc)
		return rc;
	const struct store_dump_table *tb = &store_dump_tables[t];
	buf_reset(&d->key);
	for (size_t i = 0; i < tb->nkey; i++)
		key_add(&d->key, &tb->cols[i], &v[i]);
	if (d->have_prev) {
		size_t n = d->key.len < d->prev.len ? d->key.len : d->prev.len;
		int cmp = memcmp(d->key.p, d->prev.p, n);
		if (cmp < 0 || (cmp == 0 && d->key.len <= d->prev.len))
			return err_setm(d->e, ERR_INTERNAL, "", "internal.dump_key_order", "table", tb->name, NULL);
	}
	buf_reset(&d->prev);
	buf_add(&d->prev, d->key.p, d->key.len);
	d->have_prev = 1;
	buf_puts(&d->line, tb->name);
	for (size_t i = 0; i < tb->ncols; i++) {
		if (tb->cols[i].copy_only)
			continue;
		buf_add(&d->line, "\t", 1);
		value_add(&d->line, &tb->cols[i], &v[i]);
	}
	buf_add(&d->line, "\n", 1);
	d->rows++;
	if (d->table_rows)
		d->table_rows[t]++;
	rc = dump_emit(d, &d->line);
	return rc || !d->tee ? rc : d->tee(d->tee_ctx, t, v);
}

/* The dump with its row count; d has the sink, the tee and the per-table counts. */
static int dump_run(struct store *st, struct dump_run d, int64_t *rows)
{
	struct errinfo *e = d.e;
	int (*fn)(void *, const char *, size_t) = d.fn;
	void *ctx = d.ctx;
	if (st->scope)
		return err_setm(e, ERR_DENIED, "", "store.scoped", NULL);
	char head[32];
	int n = snprintf(head, sizeof head, "skjold-dump %d\n", STORE_DUMP_FORMAT);
	int rc = fn(ctx, head, (size_t)n);
	if (!rc)
		rc = st->ops->dump(st, dump_row, &d, e);
	if (!rc)
		rc = dump_headers(&d, store_dump_ntables - 1); /* the empty tables at the end */
	if (rows)
		*rows = d.rows;
	buf_free(&d.line);
	buf_free(&d.key);
	buf_free(&d.prev);
	return rc;
}

int store_dump(struct store *st, int (*fn)(void *ctx, const char *text, size_t len), void *ctx, struct errinfo *e)
{
	return dump_run(st, (struct dump_run){.fn = fn, .ctx = ctx, .e = e}, NULL);
}

/* A dump sink that feeds a BLAKE2b state. */
static int hash_text(void *ctx, const char *text, size_t len)
{
	crypto_generichash_update(ctx, (const unsigned char *)text, len);
	return 0;
}

int store_census_tee(struct store *st, int (*tee)(void *ctx, size_t t, const struct store_value *v), void *ctx,
		     struct store_census *census, struct errinfo *e)
{
	ASSERT(store_dump_ntables <= STORE_CENSUS_MAX_TABLES);
	*census = (struct store_census){.ntables = store_dump_ntables};
	for (size_t t = 0; t < store_dump_ntables; t++)
		census->table[t] = store_dump_tables[t].name;
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, 32);
	struct dump_run d = {
		.fn = hash_text, .ctx = &h, .tee = tee, .tee_ctx = ctx, .table_rows = census->table_rows, .e = e};
	int rc = dump_run(st, d, &census->rows);
	crypto_generichash_final(&h, census->checksum, 32);
	return rc;
}

int store_census(struct store *st, struct store_census *out, struct errinfo *e)
{
	return store_census_tee(st, NULL, NULL, out, e);
}

int store_checksum(struct store *st, unsigned char hash[32], int64_t *rows, struct errinfo *e)
{
	struct store_census c;
	int rc = store_census(st, &c, e);
	memcpy(hash, c.checksum, 32);
	if (rows)
		*rows = c.rows;
	return rc;
}
