/*
 * embed.h — data files compiled into the binary (tools/embed.c): the SQL
 * migrations and queries, the shipped rule data.  Each entry is NUL-terminated
 * and named by its path in the repository ("rules/risk-defaults.json").
 */
#ifndef SKJOLD_EMBED_H
#define SKJOLD_EMBED_H

#include <stddef.h>

struct embedded_file {
	const char *name;
	const char *data;
	size_t len;
};

/* Terminated by an entry whose name is NULL. */
extern const struct embedded_file embedded_files[];

/* The file named name, or NULL. */
const struct embedded_file *embed_find(const char *name);

#endif
