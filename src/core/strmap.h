/*
 * strmap.h — a string to uint32_t open-addressing hash map (FNV-1a, linear
 * probing, power-of-two capacity kept at most half full).  Keys are borrowed:
 * the caller keeps them alive as long as the map.  Used to resolve the
 * user's id strings to dense graph indices.
 */
#ifndef SKJOLD_STRMAP_H
#define SKJOLD_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap {
	const char **keys;
	uint32_t *lens;
	uint32_t *vals;
	size_t cap, n;
};

void strmap_init(struct strmap *m, size_t expected);
void strmap_free(struct strmap *m);
/* Insert key -> val; returns 0, or 1 when key was present (its value is left unchanged). */
int strmap_put(struct strmap *m, const char *key, size_t len, uint32_t val);
/* The value of key, or -1. */
long strmap_get(const struct strmap *m, const char *key, size_t len);

#endif
