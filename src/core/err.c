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

/* Append parameter name = value to e->params at *at (the n-th); a value too long is cut, never dropped. */
static void param_add(struct errinfo *e, size_t *at, int *n, const char *name, const char *value)
{
	if (!value)
		value = "";
	size_t nl = strlen(name) + 1, vl = strlen(value) + 1;
	if (*n >= MSG_MAX_PARAMS || *at + nl + 2 > sizeof e->params)
		return;
	memcpy(e->params + *at, name, nl);
	*at += nl;
	if (*at + vl + 1 > sizeof e->params)
		vl = sizeof e->params - *at - 1;
	memcpy(e->params + *at, value, vl);
	*at += vl;
	e->params[*at - 1] = 0;
	(*n)++;
}

/* Record code, field and msg_code with the parameters of ap, then (when inner) inner's message as {reason}. */
static int setm(struct errinfo *e, int code, const char *field, const struct errinfo *inner, const char *msg_code,
		va_list ap)
{
	e->code = code;
	snprintf(e->field, sizeof e->field, "%s", field ? field : "");
	snprintf(e->msg_code, sizeof e->msg_code, "%s", msg_code);
	size_t at = 0;
	int n = 0;
	for (;;) {
		const char *name = va_arg(ap, const char *);
		if (!name)
			break;
		param_add(e, &at, &n, name, va_arg(ap, const char *));
	}
	if (inner && inner->msg_code[0]) {
		/* the inner's parameters in the scope of reason (msg.c): reason.NAME, @reason.NAME */
		param_add(e, &at, &n, "@reason", inner->msg_code);
		for (const char *p = inner->params; *p;) {
			const char *name = p, *value = p + strlen(p) + 1;
			char scoped[80];
			snprintf(scoped, sizeof scoped, "%sreason.%s", *name == '@' ? "@" : "", name + (*name == '@'));
			param_add(e, &at, &n, scoped, value);
			p = value + strlen(value) + 1;
		}
	} else if (inner) {
		param_add(e, &at, &n, "reason", inner->message[0] ? inner->message : err_name(inner->code));
	}
	e->params[at] = 0;
	err_render(e, MSG_EN, e->message, sizeof e->message);
	return code;
}

int err_setm_in(struct errinfo *e, int code, const char *field, const struct errinfo *inner, const char *msg_code, ...)
{
	if (!e || e->code)
		return code;
	va_list ap;
	va_start(ap, msg_code);
	setm(e, code, field, inner, msg_code, ap);
	va_end(ap);
	return code;
}

int err_pass(struct errinfo *e, const struct errinfo *from)
{
	if (e && !e->code)
		*e = *from;
	return from->code;
}

const char *err_num(char buf[24], long long v)
{
	snprintf(buf, 24, "%lld", v);
	return buf;
}

void err_msg(const struct errinfo *e, struct msg *out)
{
	memset(out, 0, sizeof *out);
	if (!e->msg_code[0]) {
		out->code = "error.text";
		out->n = 1;
		out->name[0] = "text";
		out->value[0] = e->message[0] ? e->message : err_name(e->code);
		return;
	}
	out->code = e->msg_code;
	for (const char *p = e->params; *p && out->n < MSG_MAX_PARAMS;) {
		const char *name = p;
		p += strlen(p) + 1;
		if (name[0] == '@') {
			out->sub |= 1u << out->n;
			name++;
		}
		out->name[out->n] = name;
		out->value[out->n++] = p;
		p += strlen(p) + 1;
	}
}

void err_render(const struct errinfo *e, enum msg_lang lang, char *out, size_t out_len)
{
	struct msg m;
	err_msg(e, &m);
	msg_render(lang, &m, out, out_len);
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
