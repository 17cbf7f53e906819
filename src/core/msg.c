/*
 * msg.c — message catalogues (msg/da.json, msg/en.json) and the rendering
 * of a code with parameters in a language.
 *
 * The catalogues are read from the embedded files once per process
 * (pthread_once: the server's workers share them) and only read after
 * that.  Each is one flat JSON object from code to text; tests/unit/test_msg.c
 * checks that both have the same codes with the same parameters, and that
 * every code the source names is in them.
 *
 * Rendering never fails: a code that a catalogue lacks shows as the code,
 * a parameter that was not given as "{name}", so a gap is visible, not
 * silent.
 */
#include "msg.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embed.h"
#include "err.h"

static json_t *catalogue[2];
static pthread_once_t catalogue_once = PTHREAD_ONCE_INIT;

static void catalogue_load(void)
{
	static const char *const files[2] = {"msg/da.json", "msg/en.json"};
	for (int i = 0; i < 2; i++) {
		const struct embedded_file *f = embed_find(files[i]);
		ASSERT(f);
		json_error_t je;
		catalogue[i] = json_loadb(f->data, f->len, JSON_REJECT_DUPLICATES, &je);
		if (!catalogue[i] || !json_is_object(catalogue[i])) {
			fprintf(stderr, "skjold: %s: %s (line %d)\n", files[i], je.text, je.line);
			abort();
		}
	}
}

const char *msg_text(enum msg_lang lang, const char *code)
{
	pthread_once(&catalogue_once, catalogue_load);
	return code ? json_string_value(json_object_get(catalogue[lang == MSG_EN], code)) : NULL;
}

const char **msg_codes(enum msg_lang lang)
{
	pthread_once(&catalogue_once, catalogue_load);
	json_t *c = catalogue[lang == MSG_EN];
	size_t n = json_object_size(c), i = 0;
	const char **out = xcalloc(n + 1, sizeof *out);
	const char *k;
	json_t *v;
	json_object_foreach(c, k, v) out[i++] = k;
	for (size_t a = 1; a < n; a++) /* insertion sort: tests only */
		for (size_t b = a; b > 0 && strcmp(out[b - 1], out[b]) > 0; b--) {
			const char *t = out[b];
			out[b] = out[b - 1];
			out[b - 1] = t;
		}
	return out;
}

/* ---- building ---- */

struct msg *msg_vnew(struct arena *a, const char *code, va_list ap)
{
	struct msg *m = arena_alloc(a, sizeof *m);
	m->code = code;
	for (;;) {
		const char *name = va_arg(ap, const char *);
		if (!name)
			break;
		const char *value = va_arg(ap, const char *);
		ASSERT(m->n < MSG_MAX_PARAMS);
		if (name[0] == '@') {
			m->sub |= 1u << m->n;
			name++;
		}
		m->name[m->n] = name;
		m->value[m->n] = arena_strdup(a, value ? value : "");
		m->n++;
	}
	return m;
}

struct msg *msg_new(struct arena *a, const char *code, ...)
{
	va_list ap;
	va_start(ap, code);
	struct msg *m = msg_vnew(a, code, ap);
	va_end(ap);
	return m;
}

struct msg *msg_add_msg(struct msg *m, const char *name, const struct msg *sub)
{
	ASSERT(m->n < MSG_MAX_PARAMS);
	m->name[m->n] = name;
	m->value[m->n] = "";
	m->nested[m->n++] = sub;
	return m;
}

struct msg *msg_add(struct arena *a, struct msg *m, const char *name, const char *value)
{
	ASSERT(m->n < MSG_MAX_PARAMS);
	if (name[0] == '@') {
		m->sub |= 1u << m->n;
		name++;
	}
	m->name[m->n] = name;
	m->value[m->n++] = arena_strdup(a, value ? value : "");
	return m;
}

const char *msg_str(struct arena *a, enum msg_lang lang, const struct msg *m)
{
	char buf[2048];
	msg_render(lang, m, buf, sizeof buf);
	return arena_strdup(a, buf);
}

json_t *msg_json(const struct msg *m)
{
	json_t *p = json_object();
	for (int i = 0; i < m->n; i++)
		json_object_set_new(p, m->name[i],
				    m->nested[i]	  ? msg_json(m->nested[i])
				    : (m->sub >> i) & 1 ? json_pack("{ss}", "code", m->value[i])
							: json_string(m->value[i]));
	return json_pack("{ssso}", "code", m->code, "params", p);
}

void msg_set_json(json_t *obj, const char *key, const struct msg *m)
{
	char text[2048], k[128];
	msg_render(MSG_EN, m, text, sizeof text);
	json_object_set_new(obj, key, json_string(text));
	snprintf(k, sizeof k, "%s_msg", key);
	json_object_set_new(obj, k, msg_json(m));
}

/* ---- rendering ---- */

struct out {
	char *p;
	size_t len, cap; /* cap includes the NUL */
};

static void out_add(struct out *o, const char *s, size_t n)
{
	if (o->len + 1 >= o->cap)
		return;
	if (n > o->cap - 1 - o->len)
		n = o->cap - 1 - o->len;
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = 0;
}

/* Is s[0..n) a decimal number with a fraction ("12.5", "-0.25"), nothing else? */
static bool is_decimal(const char *s, size_t n)
{
	size_t i = s[0] == '-' ? 1 : 0, before = 0, after = 0, dots = 0;
	for (; i < n; i++) {
		if (s[i] == '.') {
			if (dots++)
				return false;
		} else if (s[i] >= '0' && s[i] <= '9') {
			*(dots ? &after : &before) += 1;
		} else {
			return false;
		}
	}
	return dots == 1 && before && after;
}

/*
 * A parameter's value.  Danish writes a decimal number with a comma
 * ("12,5 %"); the engines format their numbers once, with a point, so a
 * value that is such a number and nothing else gets its comma here.
 */
static void out_value(struct out *o, enum msg_lang lang, const char *s, size_t n)
{
	char num[64];
	if (lang == MSG_DA && n > 0 && n < sizeof num && is_decimal(s, n)) {
		memcpy(num, s, n);
		*strchr(num, '.') = ',';
		s = num;
	}
	out_add(o, s, n);
}

/* Writes parameter name (length n) to o; false when there is no such parameter. */
typedef int (*param_fn)(const void *ctx, enum msg_lang lang, const char *name, size_t n, struct out *o);

static void render(enum msg_lang lang, const char *code, param_fn fn, const void *ctx, struct out *o, int depth)
{
	const char *t = msg_text(lang, code);
	if (!t || depth > 4) {
		out_add(o, code ? code : "", code ? strlen(code) : 0);
		return;
	}
	while (*t) {
		const char *open = strchr(t, '{');
		const char *close = open ? strchr(open, '}') : NULL;
		if (!close) {
			out_add(o, t, strlen(t));
			break;
		}
		out_add(o, t, (size_t)(open - t));
		size_t n = (size_t)(close - open - 1);
		if (!fn || !fn(ctx, lang, open + 1, n, o))
			out_add(o, open, n + 2);
		t = close + 1;
	}
}

/*
 * A parameter's scope: a message code given as parameter P renders with the
 * parameters named "P.name" (err_setm_in puts an inner error's there), so
 * its names never meet the outer message's.
 */
struct struct_ctx {
	const struct msg *m;
	int depth;
	const char *prefix; /* "" or "P." */
};

/*
 * Whether key names parameter name (length n) under prefix in lang: "name",
 * or "name:da" / "name:en" for a text given per language.
 */
static bool param_is(const char *key, const char *prefix, const char *name, size_t n, enum msg_lang lang)
{
	size_t pl = strlen(prefix);
	if (strncmp(key, prefix, pl))
		return false;
	key += pl;
	if (strncmp(key, name, n))
		return false;
	return !key[n] || (key[n] == ':' && !strcmp(key + n + 1, msg_lang_name(lang)));
}

/* A parameter of a struct msg; one that is a message code renders with the parameters of its scope. */
static int struct_param(const void *ctx, enum msg_lang lang, const char *name, size_t n, struct out *o)
{
	const struct struct_ctx *c = ctx;
	const struct msg *m = c->m;
	for (int i = 0; i < m->n; i++) {
		if (!param_is(m->name[i], c->prefix, name, n, lang))
			continue;
		if (m->nested[i]) {
			struct struct_ctx sub = {m->nested[i], c->depth + 1, ""};
			render(lang, m->nested[i]->code, struct_param, &sub, o, sub.depth);
		} else if ((m->sub >> i) & 1) {
			char prefix[128];
			snprintf(prefix, sizeof prefix, "%s.", m->name[i]);
			struct struct_ctx scope = {m, c->depth + 1, prefix};
			render(lang, m->value[i], struct_param, &scope, o, scope.depth);
		} else {
			out_value(o, lang, m->value[i], strlen(m->value[i]));
		}
		return 1;
	}
	return 0;
}

void msg_render(enum msg_lang lang, const struct msg *m, char *buf, size_t buf_len)
{
	ASSERT(buf_len > 0);
	buf[0] = 0;
	struct out o = {buf, 0, buf_len};
	struct struct_ctx c = {m, 0, ""};
	render(lang, m->code, struct_param, &c, &o, 0);
}

struct json_ctx {
	const json_t *params;
	int depth;
	const char *prefix; /* as struct_ctx's */
};

static int json_param(const void *ctx, enum msg_lang lang, const char *name, size_t n, struct out *o)
{
	const struct json_ctx *c = ctx;
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)c->params, k, v) {
		if (!param_is(k, c->prefix, name, n, lang))
			continue;
		if (json_is_string(v)) {
			out_value(o, lang, json_string_value(v), json_string_length(v));
		} else if (json_is_object(v)) {
			/* a message code without parameters of its own takes those of its scope */
			json_t *own = json_object_get(v, "params");
			char prefix[128];
			snprintf(prefix, sizeof prefix, "%s.", k);
			struct json_ctx sub = {own ? own : c->params, c->depth + 1, own ? "" : prefix};
			render(lang, json_string_value(json_object_get(v, "code")), sub.params ? json_param : NULL, &sub, o,
			       c->depth + 1);
		} else {
			char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
			if (s)
				out_value(o, lang, s, strlen(s));
			free(s);
		}
		return 1;
	}
	return 0;
}

char *msg_render_json(enum msg_lang lang, const json_t *m)
{
	size_t cap = 2048;
	char *buf = xmalloc(cap);
	buf[0] = 0;
	struct out o = {buf, 0, cap};
	struct json_ctx c = {json_object_get(m, "params"), 0, ""};
	render(lang, json_string_value(json_object_get(m, "code")), c.params ? json_param : NULL, &c, &o, 0);
	return buf;
}

static json_t *render_value(enum msg_lang lang, const json_t *m)
{
	if (json_is_object(m) && json_is_string(json_object_get(m, "code"))) {
		char *s = msg_render_json(lang, m);
		json_t *j = json_string(s);
		free(s);
		return j;
	}
	if (json_is_array(m)) {
		json_t *arr = json_array();
		size_t i;
		json_t *v;
		json_array_foreach(m, i, v) {
			json_t *t = render_value(lang, v);
			json_array_append_new(arr, t ? t : json_null());
		}
		return arr;
	}
	return NULL;
}

void msg_localize(json_t *doc, enum msg_lang lang)
{
	if (json_is_array(doc)) {
		size_t i;
		json_t *v;
		json_array_foreach(doc, i, v) msg_localize(v, lang);
		return;
	}
	if (!json_is_object(doc))
		return;
	const char *k;
	json_t *v;
	void *tmp;
	json_object_foreach_safe(doc, tmp, k, v) {
		size_t n = strlen(k);
		if (n > 4 && !strcmp(k + n - 4, "_msg") && (json_is_object(v) || json_is_array(v))) {
			char key[256];
			if (n - 4 >= sizeof key)
				continue;
			memcpy(key, k, n - 4);
			key[n - 4] = 0;
			json_t *t = render_value(lang, v);
			if (t)
				json_object_set_new(doc, key, t);
		} else if (json_is_object(v) || json_is_array(v)) {
			msg_localize(v, lang);
		}
	}
}

bool msg_present(const json_t *doc)
{
	if (json_is_array(doc)) {
		for (size_t i = 0; i < json_array_size(doc); i++)
			if (msg_present(json_array_get(doc, i)))
				return true;
		return false;
	}
	if (!json_is_object(doc))
		return false;
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)doc, k, v) {
		size_t n = strlen(k);
		if (n > 4 && !strcmp(k + n - 4, "_msg"))
			return true;
		if ((json_is_object(v) || json_is_array(v)) && msg_present(v))
			return true;
	}
	return false;
}

/* ---- languages ---- */

const char *msg_lang_name(enum msg_lang lang)
{
	return lang == MSG_EN ? "en" : "da";
}

int msg_lang_parse(const char *s, enum msg_lang *out)
{
	if (!s)
		return -1;
	if (!strncmp(s, "da", 2) && (!s[2] || strchr("-_.", s[2]))) {
		*out = MSG_DA;
		return 0;
	}
	if (!strncmp(s, "en", 2) && (!s[2] || strchr("-_.", s[2]))) {
		*out = MSG_EN;
		return 0;
	}
	return -1;
}

enum msg_lang msg_lang_accept(const char *h)
{
	enum msg_lang best = MSG_DA;
	double best_q = 0;
	while (h && *h) {
		while (*h == ' ' || *h == ',')
			h++;
		const char *end = h + strcspn(h, ",");
		const char *semi = memchr(h, ';', (size_t)(end - h));
		const char *tag_end = semi ? semi : end;
		while (tag_end > h && tag_end[-1] == ' ')
			tag_end--;
		double q = 1;
		if (semi) {
			const char *qp = strstr(semi, "q=");
			if (qp && qp < end)
				q = strtod(qp + 2, NULL);
		}
		char tag[16];
		size_t n = (size_t)(tag_end - h);
		if (n < sizeof tag) {
			memcpy(tag, h, n);
			tag[n] = 0;
			enum msg_lang l;
			if (q > best_q && !msg_lang_parse(tag, &l)) {
				best = l;
				best_q = q;
			}
		}
		h = end;
	}
	return best;
}

enum msg_lang msg_lang_env(const char *lang_env)
{
	return lang_env && !strncmp(lang_env, "da", 2) ? MSG_DA : MSG_EN;
}
