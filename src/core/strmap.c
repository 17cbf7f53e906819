/*
 * strmap.c — open addressing with linear probing; the table doubles when it
 * passes half full, so a probe sequence stays short.
 */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

static uint64_t hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h ^ (h >> 29);
}

void strmap_init(struct strmap *m, size_t expected)
{
	size_t cap = 16;
	while (cap < expected * 2 + 2)
		cap *= 2;
	m->cap = cap;
	m->n = 0;
	m->keys = xcalloc(cap, sizeof *m->keys);
	m->lens = xcalloc(cap, sizeof *m->lens);
	m->vals = xcalloc(cap, sizeof *m->vals);
}

void strmap_free(struct strmap *m)
{
	free(m->keys);
	free(m->lens);
	free(m->vals);
	memset(m, 0, sizeof *m);
}

static size_t slot(const struct strmap *m, const char *key, size_t len)
{
	size_t i = (size_t)hash(key, len) & (m->cap - 1);
	while (m->keys[i] && !(m->lens[i] == len && memcmp(m->keys[i], key, len) == 0))
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void grow(struct strmap *m)
{
	struct strmap bigger;
	strmap_init(&bigger, m->cap);
	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i])
			strmap_put(&bigger, m->keys[i], m->lens[i], m->vals[i]);
	strmap_free(m);
	*m = bigger;
}

int strmap_put(struct strmap *m, const char *key, size_t len, uint32_t val)
{
	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	size_t i = slot(m, key, len);
	if (m->keys[i])
		return 1;
	m->keys[i] = key;
	m->lens[i] = (uint32_t)len;
	m->vals[i] = val;
	m->n++;
	return 0;
}

long strmap_get(const struct strmap *m, const char *key, size_t len)
{
	if (!m->cap)
		return -1;
	size_t i = slot(m, key, len);
	return m->keys[i] ? (long)m->vals[i] : -1;
}
