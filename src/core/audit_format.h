/*
 * audit_format.h — one audit entry as one line for a SIEM: a compact JSON
 * object (JSON Lines) or an ArcSight Common Event Format record (CEF:0).
 *
 * Both carry the entry's seq, instant, actor, organisation, action, entity
 * kind and key, and its hash and its predecessor's, so a receiver can check
 * that no entry is missing between two it holds.  Never the object before or
 * after: an export is a trail of who did what, not a copy of the data.  The
 * CEF mapping is the table in docs/operations.md ("SIEM").
 */
#ifndef SKJOLD_AUDIT_FORMAT_H
#define SKJOLD_AUDIT_FORMAT_H

#include "buf.h"
#include "store/store.h"

/* The Device Version of CEF records: the API's version (web/openapi.json). */
#define AUDIT_FORMAT_VERSION "1"

enum audit_format {
	AUDIT_FORMAT_JSONL,
	AUDIT_FORMAT_CEF,
};

/* "jsonl" (also "json") or "cef"; ERR_INVALID for anything else. */
int audit_format_parse(const char *name, enum audit_format *out);
/* The format's name ("jsonl", "cef"). */
const char *audit_format_name(enum audit_format f);

/* Append x as one line in format f, without the line's end. */
void audit_format_line(enum audit_format f, const struct audit_entry *x, struct buf *out);
/* Append x as a compact JSON object. */
void audit_format_json(const struct audit_entry *x, struct buf *out);
/* Append x as a CEF:0 record. */
void audit_format_cef(const struct audit_entry *x, struct buf *out);
/* The CEF severity (0-10) of an action: removals 7, grants and replacements 5, the rest 3. */
int audit_format_severity(const char *action);
/* "2026-03-02T13:05:00.123Z": ms as RFC 3339 UTC with milliseconds (at most 32 bytes). */
void audit_format_time(int64_t ms, char out[32]);

#endif
