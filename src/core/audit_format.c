/*
 * audit_format.c — audit entries as lines a SIEM reads (audit_format.h).
 *
 * JSON: one compact object, keys in a fixed order; jansson escapes control
 * characters, so the object is always one line.
 *
 * CEF (ArcSight "Implementing ArcSight CEF", revision 25):
 *   CEF:Version|Device Vendor|Device Product|Device Version|Signature ID|Name|Severity|Extension
 * In the header a backslash and a pipe are escaped with a backslash; a
 * header may not span lines, so CR and LF become spaces (our header texts are
 * our own words, so this only guards).  In the extension's values a
 * backslash and an equal sign are escaped with a backslash and a line break
 * is written as \n (\r for CR); a pipe is left as it is.  A key whose value is
 * absent (an entry of no organisation) is left out with its label.
 */
#include "audit_format.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "err.h"

int audit_format_parse(const char *name, enum audit_format *out)
{
	if (name && (!strcmp(name, "jsonl") || !strcmp(name, "json"))) {
		*out = AUDIT_FORMAT_JSONL;
		return 0;
	}
	if (name && !strcmp(name, "cef")) {
		*out = AUDIT_FORMAT_CEF;
		return 0;
	}
	return ERR_INVALID;
}

const char *audit_format_name(enum audit_format f)
{
	return f == AUDIT_FORMAT_CEF ? "cef" : "jsonl";
}

void audit_format_time(int64_t ms, char out[32])
{
	int64_t s = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
	int frac = (int)(ms - s * 1000);
	time_t t = (time_t)s;
	struct tm tm;
	gmtime_r(&t, &tm);
	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		 tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
}

static void hex32(const unsigned char h[32], char out[65])
{
	sodium_bin2hex(out, 65, h, 32);
}

/* A JSON string, or null when s is absent (or, never from our store, not UTF-8). */
static json_t *str_or_null(const char *s)
{
	json_t *j = s ? json_string(s) : NULL;
	return j ? j : json_null();
}

void audit_format_json(const struct audit_entry *x, struct buf *out)
{
	char at[32], hash[65], prev[65];
	audit_format_time(x->at_ms, at);
	hex32(x->hash, hash);
	hex32(x->prev_hash, prev);
	json_t *o = json_object();
	json_object_set_new(o, "seq", json_integer(x->seq));
	json_object_set_new(o, "at", json_string(at));
	json_object_set_new(o, "at_ms", json_integer(x->at_ms));
	json_object_set_new(o, "actor", str_or_null(x->actor));
	json_object_set_new(o, "org", str_or_null(x->org));
	json_object_set_new(o, "action", str_or_null(x->action));
	json_object_set_new(o, "entity", str_or_null(x->entity));
	json_object_set_new(o, "key", str_or_null(x->key));
	json_object_set_new(o, "prev_hash", json_string(prev));
	json_object_set_new(o, "hash", json_string(hash));
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	buf_puts(out, s);
	free(s);
	json_decref(o);
}

int audit_format_severity(const char *action)
{
	static const char *const high[] = {"delete", "revoke", "restore"};
	static const char *const mid[] = {"grant", "replace", "migrate", "password"};
	for (size_t i = 0; action && i < sizeof high / sizeof high[0]; i++)
		if (!strcmp(action, high[i]))
			return 7;
	for (size_t i = 0; action && i < sizeof mid / sizeof mid[0]; i++)
		if (!strcmp(action, mid[i]))
			return 5;
	return 3;
}

/* A header field: \ and | escaped, line breaks as spaces. */
static void cef_header(struct buf *out, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\\' || *s == '|') {
			char esc[2] = {'\\', *s};
			buf_add(out, esc, 2);
		} else if (*s == '\n' || *s == '\r') {
			buf_add(out, " ", 1);
		} else {
			buf_add(out, s, 1);
		}
	}
}

/* An extension value: \ and = escaped, line breaks as \n and \r. */
static void cef_value(struct buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '=') {
			char esc[2] = {'\\', *s};
			buf_add(out, esc, 2);
		} else if (*s == '\n') {
			buf_add(out, "\\n", 2);
		} else if (*s == '\r') {
			buf_add(out, "\\r", 2);
		} else {
			buf_add(out, s, 1);
		}
	}
}

/* " key=value" (no space before the first, *first), nothing when value is absent. */
static void cef_pair(struct buf *out, int *first, const char *key, const char *value)
{
	if (!value)
		return;
	if (!*first)
		buf_add(out, " ", 1);
	*first = 0;
	buf_puts(out, key);
	buf_add(out, "=", 1);
	cef_value(out, value);
}

/* A custom string and its label, cs<n>Label=label cs<n>=value. */
static void cef_custom(struct buf *out, int *first, int n, const char *label, const char *value)
{
	if (!value)
		return;
	char k[16];
	snprintf(k, sizeof k, "cs%dLabel", n);
	cef_pair(out, first, k, label);
	snprintf(k, sizeof k, "cs%d", n);
	cef_pair(out, first, k, value);
}

void audit_format_cef(const struct audit_entry *x, struct buf *out)
{
	char rt[24], seq[24], hash[65], prev[65], sev[4];
	snprintf(rt, sizeof rt, "%lld", (long long)x->at_ms);
	snprintf(seq, sizeof seq, "%lld", (long long)x->seq);
	snprintf(sev, sizeof sev, "%d", audit_format_severity(x->action));
	hex32(x->hash, hash);
	hex32(x->prev_hash, prev);
	buf_puts(out, "CEF:0|skjold|skjold|" AUDIT_FORMAT_VERSION "|");
	cef_header(out, x->action);
	buf_add(out, "|", 1);
	cef_header(out, x->action);
	if (x->entity) {
		buf_add(out, " ", 1);
		cef_header(out, x->entity);
	}
	buf_add(out, "|", 1);
	buf_puts(out, sev);
	buf_add(out, "|", 1);
	int first = 1;
	cef_pair(out, &first, "rt", rt);
	cef_pair(out, &first, "externalId", seq);
	cef_pair(out, &first, "suser", x->actor);
	cef_pair(out, &first, "act", x->action);
	cef_custom(out, &first, 1, "organisation", x->org);
	cef_custom(out, &first, 2, "entity", x->entity);
	cef_custom(out, &first, 3, "key", x->key);
	cef_custom(out, &first, 4, "hash", hash);
	cef_custom(out, &first, 5, "prevHash", prev);
}

void audit_format_line(enum audit_format f, const struct audit_entry *x, struct buf *out)
{
	if (f == AUDIT_FORMAT_CEF)
		audit_format_cef(x, out);
	else
		audit_format_json(x, out);
}
