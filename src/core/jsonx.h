/*
 * jsonx.h — typed, path-aware access to jansson values.
 *
 * Every reader takes the JSON path of the object it reads from ("nodes[3]")
 * and names the full path of a bad field in the error ("nodes[3].kind"), so
 * a user is told exactly what to fix.  Strings are copied into the caller's
 * arena.  "Required" fields that are absent or null are errors; optional ones
 * leave the output at the caller's default.
 */
#ifndef SKJOLD_JSONX_H
#define SKJOLD_JSONX_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "mem.h"
#include "model.h"

/* "path.key" (or "key" when path is empty) into buf. */
const char *jx_path(char *buf, size_t len, const char *path, const char *key);
/* "path[i]" into buf. */
const char *jx_index(char *buf, size_t len, const char *path, size_t i);

/* The value at key, or NULL when it is absent or null (both read as "not given"). */
json_t *jx_get(json_t *obj, const char *key);
/*
 * The value at a path of object keys separated by sep ("assessments.risks"
 * with '.', "$defs/Incident/properties" with '/'), or NULL when a step is
 * missing, not an object, or longer than 63 bytes.
 */
json_t *jx_at(json_t *j, const char *path, char sep);
/* ERR_INVALID "KEY is required", naming path.key. */
int jx_missing(const char *key, const char *path, struct errinfo *e);

/* ERR_INVALID naming the first key of obj not in allowed (NULL-terminated). */
int jx_check_keys(json_t *obj, const char *path, const char *const *allowed, struct errinfo *e);
/* ERR_INVALID unless j is an object. */
int jx_object(json_t *j, const char *path, struct errinfo *e);

/*
 * A string of at most max bytes of valid UTF-8 without NUL (limit.h;
 * ERR_INVALID naming path.key beyond).  Every string a client sends has a
 * maximum, so there is no reader without one.
 */
int jx_str(json_t *obj, const char *key, const char *path, bool required, size_t max, struct arena *a,
	   const char **out, struct errinfo *e);
/*
 * jx_str, except that an absent, null or empty optional text reads NULL, so
 * a normalised record never carries "".
 */
int jx_text(json_t *obj, const char *key, const char *path, bool required, size_t max, struct arena *a,
	    const char **out, struct errinfo *e);
/*
 * The array at key, of min..max elements (ERR_INVALID beyond, limit.h); *out is
 * NULL when an optional one is absent or null.
 */
int jx_array(json_t *obj, const char *key, const char *path, bool required, size_t min, size_t max, json_t **out,
	     struct errinfo *e);
/* An id: 1..LIMIT_ID bytes (limit.h), no control characters. */
int jx_id(json_t *obj, const char *key, const char *path, struct arena *a, const char **out, struct errinfo *e);
int jx_int(json_t *obj, const char *key, const char *path, bool required, long long min, long long max, int *out,
	   struct errinfo *e);
int jx_bool(json_t *obj, const char *key, const char *path, bool *out, struct errinfo *e);
int jx_date(json_t *obj, const char *key, const char *path, bool required, int32_t *out, struct errinfo *e);
int jx_level(json_t *obj, const char *key, const char *path, bool required, enum level *out, struct errinfo *e);
/* The index of a string among names (NULL-terminated); the names are listed in the message. */
int jx_names(json_t *obj, const char *key, const char *path, bool required, const char *const *names, int *out,
	     struct errinfo *e);
/* An enumeration named by parse(); allowed names listed in the message. */
int jx_enum(json_t *obj, const char *key, const char *path, bool required, int (*parse)(const char *),
	    const char *allowed, int *out, struct errinfo *e);

/* Setters for output that skip absent values (NULL, DATE_NONE, negative minutes). */
/*
 * Apply a JSON merge patch (RFC 7386) to target: members of patch replace
 * target's, null removes a member, and an object merges into an object
 * member recursively (so {"entity": {"psd2_psp": true}} keeps entity.dora).
 */
void jx_merge_patch(json_t *target, json_t *patch);
void jx_set_str(json_t *obj, const char *key, const char *s);
void jx_set_date(json_t *obj, const char *key, int32_t d);
void jx_set_int(json_t *obj, const char *key, long long v);

/* Serialize j compactly with sorted keys into the arena (for the audit log). */
const char *jx_dump(json_t *j, struct arena *a);

#endif
