/*
 * audit.c — hash chain over the append-only audit log.
 *
 * The hash input is unambiguous: integers as 8 little-endian bytes, each text
 * field as a 4-byte length (0xffffffff for absent) and its bytes.  libsodium's
 * crypto_generichash is BLAKE2b.
 */
#include "audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void put_u64(crypto_generichash_state *h, uint64_t v)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	crypto_generichash_update(h, b, 8);
}

static void put_str(crypto_generichash_state *h, const char *s)
{
	uint32_t n = s ? (uint32_t)strlen(s) : 0xffffffffu;
	unsigned char b[4] = {(unsigned char)n, (unsigned char)(n >> 8), (unsigned char)(n >> 16),
			      (unsigned char)(n >> 24)};
	crypto_generichash_update(h, b, 4);
	if (s)
		crypto_generichash_update(h, (const unsigned char *)s, strlen(s));
}

void audit_hash(const struct audit_entry *x, unsigned char out[32])
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, 32);
	crypto_generichash_update(&h, x->prev_hash, 32);
	put_u64(&h, (uint64_t)x->seq);
	put_u64(&h, (uint64_t)x->at_ms);
	put_str(&h, x->actor);
	put_str(&h, x->action);
	put_str(&h, x->entity);
	put_str(&h, x->org);
	put_str(&h, x->key);
	put_str(&h, x->before);
	put_str(&h, x->after);
	crypto_generichash_final(&h, out, 32);
}

int audit_record(struct store *st, const char *actor, int64_t at_ms, const char *action, const char *entity,
		 const char *org, const char *key, const char *before, const char *after, struct errinfo *e)
{
	struct audit_entry x = {.at_ms = at_ms, .actor = actor, .action = action, .entity = entity, .org = org,
				.key = key, .before = before, .after = after};
	int rc = store_audit_head(st, &x.seq, x.prev_hash, e);
	if (rc)
		return rc;
	x.seq++;
	audit_hash(&x, x.hash);
	return store_audit_append(st, &x, e);
}

struct verify {
	int64_t n, last_seq;
	unsigned char last_hash[32];
	int64_t broken;
	struct errinfo why; /* what broke it (its message) */
};

static int verify_one(void *ctx, const struct audit_entry *x)
{
	struct verify *v = ctx;
	unsigned char h[32];
	if (x->seq != v->last_seq + 1) {
		v->broken = v->last_seq + 1;
		err_setm(&v->why, ERR_CHECK, "audit", "audit.entry_missing", "entry", err_num((char[24]){0}, v->broken),
			 "next", err_num((char[24]){0}, x->seq), NULL);
		return 1;
	}
	if (memcmp(x->prev_hash, v->last_hash, 32) != 0) {
		v->broken = x->seq;
		err_setm(&v->why, ERR_CHECK, "audit", "audit.entry_chain", "entry", err_num((char[24]){0}, x->seq),
			 "previous", err_num((char[24]){0}, v->last_seq), NULL);
		return 1;
	}
	audit_hash(x, h);
	if (memcmp(h, x->hash, 32) != 0) {
		v->broken = x->seq;
		err_setm(&v->why, ERR_CHECK, "audit", "audit.entry_altered", "entry", err_num((char[24]){0}, x->seq), NULL);
		return 1;
	}
	v->n++;
	v->last_seq = x->seq;
	memcpy(v->last_hash, x->hash, 32);
	return 0;
}

int audit_verify(struct store *st, json_t **summary, struct errinfo *e)
{
	struct verify v;
	memset(&v, 0, sizeof v);
	*summary = NULL;
	int rc = store_audit_scan(st, NULL, NULL, NULL, verify_one, &v, e);
	if (rc < 0)
		return rc;
	if (!v.broken) {
		int64_t head_seq;
		unsigned char head_hash[32];
		if ((rc = store_audit_head(st, &head_seq, head_hash, e)))
			return rc;
		if (head_seq != v.last_seq || memcmp(head_hash, v.last_hash, 32) != 0) {
			v.broken = v.last_seq + 1;
			err_setm(&v.why, ERR_CHECK, "audit", "audit.head", "last", err_num((char[24]){0}, v.last_seq), "head",
				 err_num((char[24]){0}, head_seq), NULL);
		}
	}
	*summary = json_object();
	json_object_set_new(*summary, "entries_checked", json_integer(v.n));
	json_object_set_new(*summary, "ok", json_boolean(!v.broken));
	if (v.broken) {
		json_object_set_new(*summary, "first_broken_entry", json_integer(v.broken));
		struct msg why;
		err_msg(&v.why, &why);
		msg_set_json(*summary, "reason", &why);
		return err_setm_in(e, ERR_CHECK, "audit", &v.why, "audit.broken", "broken", err_num((char[24]){0}, v.broken),
				   NULL);
	}
	return 0;
}
