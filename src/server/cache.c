/*
 * cache.c — a direct-mapped answer cache (cache.h).
 *
 * CACHE_SLOTS slots, each holding one answer, chosen by the key's hash; a
 * new answer for a slot replaces the old one.  One mutex guards all slots:
 * a hit holds it only for the memcpy of the body.  Answers larger than
 * CACHE_ENTRY_MAX are not kept.
 */
#include "cache.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

#define CACHE_SLOTS 512
#define CACHE_ENTRY_MAX (4u << 20)

struct slot {
	char *key;
	struct cache_stamp stamp;
	char *body;
	size_t len;
	char type[64], etag[40];
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
#define COMPUTE_LOCKS 64
static pthread_mutex_t compute[COMPUTE_LOCKS];
static pthread_once_t compute_once = PTHREAD_ONCE_INIT;
static struct slot slots[CACHE_SLOTS];

static size_t hash(const char *s)
{
	size_t h = 1469598103934665603u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h % CACHE_SLOTS;
}

static bool same_stamp(const struct cache_stamp *a, const struct cache_stamp *b)
{
	if (a->today != b->today || a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (a->gen[i] != b->gen[i])
			return false;
	return true;
}

static void compute_init(void)
{
	for (int i = 0; i < COMPUTE_LOCKS; i++)
		pthread_mutex_init(&compute[i], NULL);
}

void cache_lock(const char *key)
{
	pthread_once(&compute_once, compute_init);
	pthread_mutex_lock(&compute[hash(key) % COMPUTE_LOCKS]);
}

void cache_unlock(const char *key) { pthread_mutex_unlock(&compute[hash(key) % COMPUTE_LOCKS]); }

int cache_get(const char *key, const struct cache_stamp *s, char **body, size_t *len, char content_type[64],
	      char etag[40])
{
	struct slot *sl = &slots[hash(key)];
	int hit = 0;
	pthread_mutex_lock(&lock);
	if (sl->key && !strcmp(sl->key, key) && same_stamp(&sl->stamp, s)) {
		*body = xmalloc(sl->len + 1);
		memcpy(*body, sl->body, sl->len);
		(*body)[sl->len] = 0;
		*len = sl->len;
		memcpy(content_type, sl->type, 64);
		memcpy(etag, sl->etag, 40);
		hit = 1;
	}
	pthread_mutex_unlock(&lock);
	return hit;
}

void cache_put(const char *key, const struct cache_stamp *s, const char *body, size_t len, const char *content_type,
	       const char *etag)
{
	if (len > CACHE_ENTRY_MAX || strlen(content_type) >= 64)
		return;
	char *k = xstrdup(key), *b = xmalloc(len + 1);
	memcpy(b, body, len);
	b[len] = 0;
	struct slot *sl = &slots[hash(key)];
	pthread_mutex_lock(&lock);
	char *old_key = sl->key, *old_body = sl->body;
	sl->key = k;
	sl->body = b;
	sl->len = len;
	sl->stamp = *s;
	snprintf(sl->type, sizeof sl->type, "%s", content_type);
	snprintf(sl->etag, sizeof sl->etag, "%s", etag);
	pthread_mutex_unlock(&lock);
	free(old_key);
	free(old_body);
}
