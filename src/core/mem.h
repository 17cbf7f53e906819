/*
 * mem.h — allocation wrappers that never return NULL, and the per-command arena.
 *
 * xmalloc and friends abort with a message on exhaustion: at the sizes skjold
 * handles, running out of memory is not something a caller can repair, and a
 * NULL check at every call site would hide the real error paths.
 *
 * An arena owns every string and array a command (later: a request) reads
 * from the store; it is released in one call when the command completes.
 * Callers never free what an arena handed out.
 */
#ifndef SKJOLD_MEM_H
#define SKJOLD_MEM_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

struct arena_block;
struct arena {
	struct arena_block *head;
	size_t total;
};

void arena_init(struct arena *a);
/* Release every allocation made from a. */
void arena_free(struct arena *a);
/* Zeroed, 16-byte aligned memory owned by a. */
void *arena_alloc(struct arena *a, size_t n);
/* Copy of s (NULL stays NULL) owned by a. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
