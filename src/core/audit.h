/*
 * audit.h — the tamper-evident audit trail (SPEC §2.4, STYLE "Storage").
 *
 * Each entry records who, when, what (action, entity, organisation, key) and
 * the object before and after as JSON.  Entry n carries hash(n) =
 * BLAKE2b-256(hash(n-1) ‖ seq ‖ at ‖ each field, length-prefixed), so
 * altering, removing or reordering any row breaks the chain from there on;
 * the chain's head is kept apart from the log so that cutting off the newest
 * entries is caught too.
 */
#ifndef SKJOLD_AUDIT_H
#define SKJOLD_AUDIT_H

#include <jansson.h>
#include <stdint.h>

#include "err.h"
#include "store/store.h"

/* Append one entry (inside the caller's transaction, so the write and its record commit together). */
int audit_record(struct store *st, const char *actor, int64_t at_ms, const char *action, const char *entity,
		 const char *org, const char *key, const char *before, const char *after, struct errinfo *e);

/* The hash of x given x->prev_hash. */
void audit_hash(const struct audit_entry *x, unsigned char out[32]);

/*
 * Re-check the whole chain.  Returns 0 when intact, ERR_CHECK when not (e
 * names the first broken entry), or a store error.  *summary (new reference)
 * tells entries checked and the first broken seq.
 */
int audit_verify(struct store *st, json_t **summary, struct errinfo *e);

#endif
