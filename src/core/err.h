/*
 * err.h — the project-wide error model.
 *
 * Every function that can fail returns int: 0 on success or a negative
 * enum err.  Detail (the field path a user must fix, a message) goes into
 * a caller-supplied struct errinfo, never a global.  Exactly one function
 * maps an error to a CLI exit status (err_exit_code), and one to an HTTP
 * status (err_http_status).
 */
#ifndef SKJOLD_ERR_H
#define SKJOLD_ERR_H

#include <stdio.h>
#include <stdlib.h>

#include "msg.h"

enum err {
	ERR_OK = 0,
	ERR_NOMEM = -1,
	ERR_INVALID = -2,  /* bad input: the user must fix a field */
	ERR_NOTFOUND = -3, /* a named object does not exist */
	ERR_CONFLICT = -4, /* duplicate id, or a write that breaks a reference */
	ERR_BUSY = -5,     /* the database is locked by another writer */
	ERR_IO = -6,       /* file or storage failure */
	ERR_CHECK = -7,    /* a verification failed (audit chain, overdue gate) */
	ERR_INTERNAL = -8,
	ERR_DENIED = -9,    /* the caller may see the object but its role does not allow this */
	ERR_UNAUTH = -10,   /* no valid session or token (the server) */
	ERR_LIMIT = -11,    /* a request or input too large as a whole (a field over its maximum is ERR_INVALID, limit.h) */
	ERR_THROTTLED = -12, /* too many attempts: try again later */
	ERR_STALE = -13,    /* If-Match names a version that is no longer current */
};

struct errinfo {
	int code;
	char field[256];   /* JSON path or option name, "" when none */
	char message[512]; /* in English (the log's language) */
	char msg_code[64]; /* the message's catalogue code (msg.h); "" when set by err_set as free text */
	char params[512];  /* its parameters: name NUL value NUL …, ended by an empty name */
};

/* Record an error (first one wins) and return code, for `return err_set(...)`. */
int err_set(struct errinfo *e, int code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/*
 * Record an error as a message code (msg.h) with NULL-terminated pairs of
 * parameter name and value (a name starting with '@' makes the value a
 * message code); message gets its English text.  First one wins.
 */
#define err_setm(e, code, field, ...) err_setm_in(e, code, field, NULL, __VA_ARGS__)
/*
 * The same, with inner's message (its code and parameters, or its free text;
 * none when inner is NULL) as the parameter {reason}: an error that says
 * where another one happened ("{setting} '{given}': {reason}").  inner's
 * parameters are kept as reason.NAME, the scope its code renders in
 * (msg.h), so an inner error may have a reason of its own.
 */
int err_setm_in(struct errinfo *e, int code, const char *field, const struct errinfo *inner, const char *msg_code, ...);
/* Record from's error, as it is, in e (first one wins); returns its code. */
int err_pass(struct errinfo *e, const struct errinfo *from);
/* v in decimal, in buf (for a message parameter: err_num((char[24]){0}, n)). */
const char *err_num(char buf[24], long long v);
/* The message of e: its code and parameters, or "error.text" with {text: message} for a free text. */
void err_msg(const struct errinfo *e, struct msg *out);
/* e's message in lang, into out. */
void err_render(const struct errinfo *e, enum msg_lang lang, char *out, size_t out_len);
/* Forget any recorded error. */
void err_clear(struct errinfo *e);
/* Short stable name of a code ("invalid", "not_found", ...). */
const char *err_name(int code);
/* The one map from error to CLI exit status: 2 bad input, 1 failed check or other failure. */
int err_exit_code(int code);
/* The one map from error to HTTP status (400, 401, 403, 404, 409, 412, 413, 429, 503, 500). */
int err_http_status(int code);

/* Invariant check that aborts with file and line in every build. */
#define ASSERT(cond)                                                                  \
	do {                                                                          \
		if (!(cond)) {                                                        \
			fprintf(stderr, "skjold: assertion failed: %s (%s:%d)\n", #cond, \
				__FILE__, __LINE__);                                  \
			abort();                                                      \
		}                                                                     \
	} while (0)

#endif
