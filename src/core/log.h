/*
 * log.h — the server's log level: which of its structured lines are written.
 *
 * Levels, most severe first: error, warn, info, debug.  A line is written
 * when its level is at or above the configured one (`[log] level`,
 * docs/configuration.md); the default, info, writes what the server always
 * wrote.  The level is set once, before any thread starts, and only read
 * afterwards.
 */
#ifndef SKJOLD_LOG_H
#define SKJOLD_LOG_H

#include <stdbool.h>

#include "err.h"

enum log_level {
	LOG_LEVEL_ERROR = 0, /* the server cannot do what it was asked (an answer 5xx) */
	LOG_LEVEL_WARN,      /* MHD's messages, refused or cut connections */
	LOG_LEVEL_INFO,      /* start, stop, one line per request */
	LOG_LEVEL_DEBUG,     /* also the settings in effect at start */
};

/* Set the level (before any thread starts). */
void log_level_set(enum log_level level);
/* Is a line of this level written? */
bool log_on(enum log_level level);
/* "error", "warn", "info" or "debug" to a level; ERR_INVALID for anything else. */
int log_level_parse(const char *name, enum log_level *out);
/* The level's name. */
const char *log_level_name(enum log_level level);

#endif
