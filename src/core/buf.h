/*
 * buf.h — a growable text buffer with a maximum size.
 *
 * The renderers (report_render.c, the CSV writer) write their output
 * through it.  A buffer grows by doubling up to its maximum (max, or
 * BUF_MAX_BYTES when max is 0); an append that would pass it marks the
 * buffer full and is dropped, as is every later one, and buf_finish then
 * returns NULL: a caller gets the whole text or none, never a silently cut
 * one.  Allocation goes through xrealloc (mem.h), which never returns NULL.
 *
 * The text is always NUL-terminated once anything was added.  A zeroed
 * struct buf is an empty buffer; buf_finish hands the memory to the caller,
 * buf_free releases it otherwise.
 */
#ifndef SKJOLD_BUF_H
#define SKJOLD_BUF_H

#include <stdarg.h>
#include <stddef.h>

#define BUF_MAX_BYTES ((size_t)1 << 30)

struct buf {
	char *p; /* heap, NULL while empty */
	size_t len, cap;
	size_t max; /* the most bytes it may hold; 0: BUF_MAX_BYTES */
	int full;   /* set once an append would pass the maximum; later appends are dropped */
};

/* Append n bytes of s; on passing the maximum mark b full instead. */
void buf_add(struct buf *b, const char *s, size_t n);
/* Append a NUL-terminated string (NULL appends nothing). */
void buf_puts(struct buf *b, const char *s);
/* printf-style append of text of any length. */
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* The text handed to the caller (malloc'ed, "" when empty), or NULL when the buffer overflowed (freed). */
char *buf_finish(struct buf *b);
/* The text as a C string while building (never NULL; owned by b). */
const char *buf_str(const struct buf *b);
/* Forget the contents and the overflow, keep the memory. */
void buf_reset(struct buf *b);
/* Release the memory; b is empty again. */
void buf_free(struct buf *b);

#endif
