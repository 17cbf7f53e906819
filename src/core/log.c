/*
 * log.c — the log level (log.h).  One process-wide value: written at start,
 * before the server's threads exist, and read by them; an atomic keeps the
 * reads well defined all the same.
 */
#include "log.h"

#include <stdatomic.h>
#include <string.h>

static const char *const names[] = {"error", "warn", "info", "debug"};
static atomic_int current = LOG_LEVEL_INFO;

void log_level_set(enum log_level level) { atomic_store(&current, (int)level); }

bool log_on(enum log_level level) { return (int)level <= atomic_load(&current); }

int log_level_parse(const char *name, enum log_level *out)
{
	for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
		if (name && !strcmp(name, names[i])) {
			*out = (enum log_level)i;
			return 0;
		}
	return ERR_INVALID;
}

const char *log_level_name(enum log_level level)
{
	return (unsigned)level < sizeof names / sizeof names[0] ? names[level] : "?";
}
