/*
 * sso_map.c — the group mapping of single sign-on (sso_map.h).
 */
#include "sso_map.h"

#include <string.h>

#include "limit.h"
#include "role.h"

/* A copy of s[0..n) without the blanks around it. */
static char *trimmed(struct arena *a, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return arena_strndup(a, s, n);
}

static int entry_parse(const char *item, struct arena *a, const char *field, struct sso_map_entry *out,
		       struct errinfo *e)
{
	const char *eq = strrchr(item, '=');
	const char *colon = eq ? strrchr(eq, ':') : NULL;
	if (!eq || !colon)
		return err_setm(e, ERR_INVALID, field, "sso.map_form", "entry", item, NULL);
	out->group = trimmed(a, item, (size_t)(eq - item));
	out->org = trimmed(a, eq + 1, (size_t)(colon - eq - 1));
	out->role = trimmed(a, colon + 1, strlen(colon + 1));
	if (!*out->group)
		return err_setm(e, ERR_INVALID, field, "sso.map_group", "entry", item, NULL);
	struct errinfo ie = {0};
	if (!*out->org || limit_id(out->org, strlen(out->org), "org", "org", &ie))
		return err_setm(e, ERR_INVALID, field, "sso.map_org", "entry", item, "org", out->org, NULL);
	if (!role_valid(out->role))
		return err_setm(e, ERR_INVALID, field, "sso.map_role", "entry", item, "allowed", role_names(), NULL);
	return 0;
}

int sso_map_parse(const char *text, struct arena *a, const char *field, struct sso_map *out, struct errinfo *e)
{
	memset(out, 0, sizeof *out);
	size_t cap = 1;
	for (const char *p = text; *p; p++)
		cap += *p == ',';
	out->e = arena_alloc(a, cap * sizeof *out->e);
	const char *p = text;
	for (;;) {
		size_t len = strcspn(p, ",");
		char *item = trimmed(a, p, len);
		int rc;
		if (!*item)
			return err_setm(e, ERR_INVALID, field, "sso.map_empty", NULL);
		if ((rc = entry_parse(item, a, field, &out->e[out->n], e)))
			return rc;
		out->n++;
		if (!p[len])
			break;
		p += len + 1;
	}
	return 0;
}

static bool has_group(json_t *groups, const char *g)
{
	if (json_is_string(groups))
		return !strcmp(json_string_value(groups), g);
	size_t i;
	json_t *v;
	json_array_foreach(groups, i, v) if (json_is_string(v) && !strcmp(json_string_value(v), g)) return true;
	return false;
}

static int perm_count(const char *role) { return __builtin_popcount(role_perms(role)); }

void sso_map_apply(const struct sso_map *m, json_t *groups, const char *user, struct arena *a,
		   struct member_rec **out, size_t *n)
{
	*out = arena_alloc(a, (m->n + 1) * sizeof **out);
	*n = 0;
	for (size_t i = 0; i < m->n; i++) {
		if (!has_group(groups, m->e[i].group))
			continue;
		size_t k = 0;
		while (k < *n && strcmp((*out)[k].org, m->e[i].org))
			k++;
		if (k == *n)
			(*out)[(*n)++] = (struct member_rec){user, m->e[i].org, m->e[i].role, 1};
		else if (perm_count(m->e[i].role) > perm_count((*out)[k].role))
			(*out)[k].role = m->e[i].role;
	}
}
