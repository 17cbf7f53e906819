/*
 * jcheck.h — JSON helpers shared by the unit tests of the modules that take
 * and give JSON (crisis, frisk, baseline, redteam, survey).  Include after
 * <cmocka.h>.  Each fails the test with the path and both values.
 */
#ifndef SKJOLD_TESTS_JCHECK_H
#define SKJOLD_TESTS_JCHECK_H

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/*
 * How J reads test input: by default a duplicate key is a mistake in the
 * test.  A file whose inputs override a field by repeating its key (the
 * later wins) defines JCHECK_J_FLAGS 0 before including this.
 */
#ifndef JCHECK_J_FLAGS
#define JCHECK_J_FLAGS (JSON_REJECT_DUPLICATES | JSON_DECODE_ANY)
#endif

/* Test input: JSON text. */
static inline json_t *J(const char *text)
{
	json_error_t err;
	json_t *j = json_loads(text, JCHECK_J_FLAGS, &err);
	if (!j)
		fail_msg("bad test JSON: %s at %d: %s", err.text, err.position, text);
	return j;
}

/* The value at a path like "members[2].services.red" (NULL when absent). */
static inline json_t *at(json_t *j, const char *path)
{
	char key[128];
	const char *p = path;
	while (j && *p) {
		if (*p == '.')
			p++;
		if (*p == '[') {
			char *end;
			size_t i = strtoul(p + 1, &end, 10);
			j = json_array_get(j, i);
			p = end + 1;
			continue;
		}
		size_t n = strcspn(p, ".[");
		assert_true(n < sizeof key);
		memcpy(key, p, n);
		key[n] = '\0';
		j = json_object_get(j, key);
		p += n;
	}
	return j;
}

static inline void check_str(json_t *j, const char *path, const char *want)
{
	json_t *v = at(j, path);
	if (!json_is_string(v))
		fail_msg("%s: not a string", path);
	if (strcmp(json_string_value(v), want))
		fail_msg("%s: got \"%s\", want \"%s\"", path, json_string_value(v), want);
}

static inline void check_int(json_t *j, const char *path, long long want)
{
	json_t *v = at(j, path);
	if (!json_is_integer(v))
		fail_msg("%s: not an integer", path);
	if (json_integer_value(v) != want)
		fail_msg("%s: got %lld, want %lld", path, (long long)json_integer_value(v), want);
}

static inline void check_bool(json_t *j, const char *path, int want)
{
	json_t *v = at(j, path);
	if (!json_is_boolean(v))
		fail_msg("%s: not a boolean", path);
	if (json_is_true(v) != !!want)
		fail_msg("%s: got %d, want %d", path, json_is_true(v), want);
}

static inline void check_null(json_t *j, const char *path)
{
	if (!json_is_null(at(j, path)))
		fail_msg("%s: not null", path);
}

static inline void check_size(json_t *j, const char *path, size_t want)
{
	json_t *v = at(j, path);
	if (!json_is_array(v))
		fail_msg("%s: not an array", path);
	if (json_array_size(v) != want)
		fail_msg("%s: %zu entries, want %zu", path, json_array_size(v), want);
}

#endif
