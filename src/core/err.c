/*
 * err.c — error recording and the single map from error code to exit status.
 *
 * The first error recorded in a struct errinfo wins: deep callers name the
 * precise field, and callers higher up may add context only when nothing
 * more precise was said.
 */
#include "err.h"

#include <stdarg.h>
#include <string.h>

int err_set(struct errinfo *e, int code, const char *field, const char *fmt, ...)
{
	if (!e || e->code)
		return code;
	e->code = code;
	snprintf(e->field, sizeof e->field, "%s", field ? field : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
	return code;
}

void err_clear(struct errinfo *e)
{
	memset(e, 0, sizeof *e);
}

const char *err_name(int code)
{
	switch (code) {
	case ERR_OK: return "ok";
	case ERR_NOMEM: return "out_of_memory";
	case ERR_INVALID: return "invalid";
	case ERR_NOTFOUND: return "not_found";
	case ERR_CONFLICT: return "conflict";
	case ERR_BUSY: return "busy";
	case ERR_IO: return "io";
	case ERR_CHECK: return "check_failed";
	case ERR_DENIED: return "forbidden";
	case ERR_UNAUTH: return "unauthenticated";
	case ERR_LIMIT: return "too_large";
	case ERR_THROTTLED: return "throttled";
	case ERR_STALE: return "precondition_failed";
	default: return "internal";
	}
}

int err_exit_code(int code)
{
	switch (code) {
	case ERR_OK: return 0;
	case ERR_INVALID:
	case ERR_NOTFOUND:
	case ERR_CONFLICT:
	case ERR_LIMIT:
	case ERR_DENIED: return 2;
	default: return 1;
	}
}

int err_http_status(int code)
{
	switch (code) {
	case ERR_OK: return 200;
	case ERR_INVALID: return 400;
	case ERR_UNAUTH: return 401;
	case ERR_DENIED: return 403;
	case ERR_NOTFOUND: return 404;
	case ERR_CONFLICT: return 409;
	case ERR_STALE: return 412;
	case ERR_LIMIT: return 413;
	case ERR_THROTTLED: return 429;
	case ERR_BUSY: return 503;
	case ERR_CHECK: return 409;
	default: return 500;
	}
}
