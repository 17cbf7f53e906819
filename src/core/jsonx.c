/*
 * jsonx.c — typed, path-aware readers and absent-skipping writers over jansson.
 */
#include "jsonx.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "limit.h"

const char *jx_path(char *buf, size_t len, const char *path, const char *key)
{
	if (path && *path)
		snprintf(buf, len, "%s.%s", path, key);
	else
		snprintf(buf, len, "%s", key);
	return buf;
}

const char *jx_index(char *buf, size_t len, const char *path, size_t i)
{
	snprintf(buf, len, "%s[%zu]", path ? path : "", i);
	return buf;
}

int jx_object(json_t *j, const char *path, struct errinfo *e)
{
	if (!json_is_object(j))
		return *path ? err_setm(e, ERR_INVALID, path, "input.object", "key", path, NULL)
			     : err_setm(e, ERR_INVALID, path, "input.document_object", NULL);
	return 0;
}

int jx_check_keys(json_t *obj, const char *path, const char *const *allowed, struct errinfo *e)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		(void)v;
		bool ok = false;
		for (const char *const *k = allowed; *k; k++)
			if (strcmp(*k, key) == 0) {
				ok = true;
				break;
			}
		if (!ok) {
			char p[300];
			return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "input.unknown_field", "key", key, NULL);
		}
	}
	return 0;
}

json_t *jx_get(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	return json_is_null(v) ? NULL : v;
}

json_t *jx_at(json_t *j, const char *path, char sep)
{
	char key[64];
	const char seps[2] = {sep, 0};
	while (j && *path) {
		size_t n = strcspn(path, seps);
		if (n >= sizeof key)
			return NULL;
		memcpy(key, path, n);
		key[n] = 0;
		j = json_is_object(j) ? json_object_get(j, key) : NULL;
		path += n + (path[n] == sep);
	}
	return j;
}

int jx_missing(const char *key, const char *path, struct errinfo *e)
{
	char p[300];
	return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "input.required", "key", key, NULL);
}

int jx_str(json_t *obj, const char *key, const char *path, bool required, size_t max, struct arena *a,
	   const char **out, struct errinfo *e)
{
	json_t *v = jx_get(obj, key);
	char p[300];
	if (!v)
		return required ? jx_missing(key, path, e) : 0;
	if (!json_is_string(v))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "input.string", "key", key, NULL);
	if (required && json_string_length(v) == 0)
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "input.empty", "key", key, NULL);
	int rc = limit_text(json_string_value(v), json_string_length(v), max, jx_path(p, sizeof p, path, key), key, e);
	if (rc)
		return rc;
	*out = arena_strndup(a, json_string_value(v), json_string_length(v));
	return 0;
}

int jx_text(json_t *obj, const char *key, const char *path, bool required, size_t max, struct arena *a,
	    const char **out, struct errinfo *e)
{
	const char *s = NULL;
	int rc = jx_str(obj, key, path, required, max, a, &s, e);
	if (rc)
		return rc;
	*out = s && *s ? s : NULL;
	return 0;
}

int jx_array(json_t *obj, const char *key, const char *path, bool required, size_t min, size_t max, json_t **out,
	     struct errinfo *e)
{
	json_t *v = jx_get(obj, key);
	char p[300];
	*out = NULL;
	if (!v)
		return required ? jx_missing(key, path, e) : 0;
	jx_path(p, sizeof p, path, key);
	if (!json_is_array(v))
		return err_setm(e, ERR_INVALID, p, "input.array", "key", key, NULL);
	if (json_array_size(v) < min) {
		char pm[24];
		snprintf(pm, sizeof pm, "%zu", min);
		return err_setm(e, ERR_INVALID, p, min == 1 ? "input.min_elements_one" : "input.min_elements", "key", key,
				"min", pm, NULL);
	}
	int rc = limit_list(json_array_size(v), max, p, key, e);
	if (rc)
		return rc;
	*out = v;
	return 0;
}

int jx_id(json_t *obj, const char *key, const char *path, struct arena *a, const char **out, struct errinfo *e)
{
	int rc = jx_str(obj, key, path, true, LIMIT_ID, a, out, e);
	char p[300];
	return rc ? rc : limit_id(*out, strlen(*out), jx_path(p, sizeof p, path, key), key, e);
}

int jx_int(json_t *obj, const char *key, const char *path, bool required, long long min, long long max, int *out,
	   struct errinfo *e)
{
	json_t *v = jx_get(obj, key);
	char p[300];
	if (!v)
		return required ? jx_missing(key, path, e) : 0;
	if (!json_is_integer(v))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "input.integer", "key", key, NULL);
	long long x = json_integer_value(v);
	if (x < min || x > max) {
		char lo[24], hi[24];
		snprintf(lo, sizeof lo, "%lld", min);
		snprintf(hi, sizeof hi, "%lld", max);
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "input.between", "key", key, "min", lo,
				"max", hi, NULL);
	}
	*out = (int)x;
	return 0;
}

int jx_bool(json_t *obj, const char *key, const char *path, bool *out, struct errinfo *e)
{
	json_t *v = jx_get(obj, key);
	char p[300];
	if (!v)
		return 0;
	if (!json_is_boolean(v))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "input.boolean", "key", key, NULL);
	*out = json_is_true(v);
	return 0;
}

int jx_date(json_t *obj, const char *key, const char *path, bool required, int32_t *out, struct errinfo *e)
{
	json_t *v = jx_get(obj, key);
	char p[300];
	if (!v)
		return required ? jx_missing(key, path, e) : 0;
	if (!json_is_string(v) || date_parse(json_string_value(v), out))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key),
			       "input.date", "key", key, NULL);
	return 0;
}

int jx_level(json_t *obj, const char *key, const char *path, bool required, enum level *out, struct errinfo *e)
{
	json_t *v = jx_get(obj, key);
	char p[300];
	if (!v)
		return required ? jx_missing(key, path, e) : 0;
	if (!json_is_string(v) || level_parse(json_string_value(v), out))
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key),
			       "input.level", "key", key, NULL);
	return 0;
}

int jx_enum(json_t *obj, const char *key, const char *path, bool required, int (*parse)(const char *),
	    const char *allowed, int *out, struct errinfo *e)
{
	json_t *v = jx_get(obj, key);
	char p[300];
	if (!v)
		return required ? jx_missing(key, path, e) : 0;
	int x = json_is_string(v) ? parse(json_string_value(v)) : -1;
	if (x < 0)
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "input.one_of", "key", key, "allowed", allowed, NULL);
	*out = x;
	return 0;
}

int jx_names(json_t *obj, const char *key, const char *path, bool required, const char *const *names, int *out,
	     struct errinfo *e)
{
	json_t *v = jx_get(obj, key);
	char p[300], allowed[200] = "";
	if (!v)
		return required ? jx_missing(key, path, e) : 0;
	for (int i = 0; json_is_string(v) && names[i]; i++)
		if (!strcmp(names[i], json_string_value(v))) {
			*out = i;
			return 0;
		}
	for (int k = 0; names[k]; k++) {
		strncat(allowed, k ? ", " : "", sizeof allowed - strlen(allowed) - 1);
		strncat(allowed, names[k], sizeof allowed - strlen(allowed) - 1);
	}
	return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, key), "input.one_of", "key", key, "allowed", allowed, NULL);
}

void jx_set_str(json_t *obj, const char *key, const char *s)
{
	if (s)
		json_object_set_new(obj, key, json_string(s));
}

void jx_set_date(json_t *obj, const char *key, int32_t d)
{
	if (d != DATE_NONE) {
		char buf[11];
		date_format(d, buf);
		json_object_set_new(obj, key, json_string(buf));
	}
}

void jx_set_int(json_t *obj, const char *key, long long v)
{
	json_object_set_new(obj, key, json_integer(v));
}

const char *jx_dump(json_t *j, struct arena *a)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII * 0);
	const char *out = arena_strdup(a, s ? s : "null");
	free(s);
	return out;
}

void jx_merge_patch(json_t *target, json_t *patch)
{
	const char *k;
	json_t *v;
	json_object_foreach(patch, k, v)
	{
		json_t *cur = json_object_get(target, k);
		if (json_is_null(v))
			json_object_del(target, k);
		else if (json_is_object(v) && json_is_object(cur))
			jx_merge_patch(cur, v);
		else
			json_object_set_new(target, k, json_deep_copy(v));
	}
}
