/*
 * cache.h — the server's answer cache for reads that depend only on the
 * organisations' data, the date and the query: list pages and derived views.
 *
 * An entry is valid while every organisation it was built from still has
 * the write generation it had then (store_org_generation: bumped by every
 * audited write, whichever process made it) and the Copenhagen date is the
 * same.  So a hit is exactly what a miss would compute.  Thread-safe; bounded
 * in entries and bytes.
 */
#ifndef SKJOLD_CACHE_H
#define SKJOLD_CACHE_H

#include <stddef.h>
#include <stdint.h>

#define CACHE_MAX_ORGS 8 /* answers over more organisations are not cached */

struct cache_stamp {
	int32_t today;
	size_t n;
	int64_t gen[CACHE_MAX_ORGS];
};

/* A hit copies the body into *body (heap, caller frees), its type and ETag. */
int cache_get(const char *key, const struct cache_stamp *s, char **body, size_t *len, char content_type[64],
	      char etag[40]);
void cache_put(const char *key, const struct cache_stamp *s, const char *body, size_t len, const char *content_type,
	       const char *etag);
/*
 * One computation per key at a time: a miss takes the key's lock, looks
 * again, and computes only if still missing, so many callers asking for the
 * same cold page wait for one answer instead of each building it.
 */
void cache_lock(const char *key);
void cache_unlock(const char *key);

#endif
