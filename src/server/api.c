/*
 * api.c — the REST API's front door: routing, the caller, CSRF, bodies,
 * lists, ETags and errors (docs/api.md).
 *
 * Order of checks for every request, so that no handler can skip one:
 *  1. route (404 for no path, 405 when only the method is wrong);
 *  2. caller: the session cookie or the bearer token (401), on the unscoped
 *     store; then the worker's store is scoped to the caller's
 *     organisations for the rest of the request (store.c enforces it);
 *  3. a session that must first change its password or enrol TOTP may use
 *     only the routes marked API_OPEN (403);
 *  4. CSRF: a cookie-authenticated write must carry X-CSRF-Token equal to
 *     the session's token (403); a body must be application/json (415) and
 *     parse (400);
 *  5. the organisation in the path must be one the caller sees (404, the
 *     same answer as a missing one) and its role must allow the route (403).
 *
 * Behind the routes, every handler (api_*.c) parses its own request and
 * calls the application layer (app*.h), as the shell's commands do: the
 * server never runs a shell command and never sees an option name.
 */
#include "api.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "api_sso.h"
#include "app_sso.h"
#include "app_views.h"
#include "cache.h"
#include "date.h"
#include "embed.h"
#include "role.h"

#define LIST_LIMIT_DEFAULT 100
#define LIST_LIMIT_MAX 1000

const char *api_actor(struct api *x)
{
	if (!x->authed)
		return "anonymous@api";
	if (x->p.via_sso)
		return arena_printf(x->a, "%s (sso token)", x->p.user);
	if (x->p.via_token)
		return arena_printf(x->a, "%s (token %lld)", x->p.user, (long long)x->p.token_id);
	return x->p.user;
}

/* The server's kept views of the organisations' risks (app_views.h): one for the process, never freed. */
static struct app_views *views;
static pthread_once_t views_once = PTHREAD_ONCE_INIT;
static void views_init(void) { views = app_views_new(); }

struct app api_app(struct api *x)
{
	pthread_once(&views_once, views_init);
	return (struct app){.st = x->st, .actor = api_actor(x), .user = x->authed ? x->p.user : NULL,
			    .now_ms = x->now_ms, .today = x->today, .a = x->a, .e = x->e, .views = views};
}

int api_tx_end(struct api *x, int rc)
{
	if (!rc && store_tx_depth(x->st) == 1)
		app_views_check(x->st); /* the outermost level, about to commit: its writes are final */
	if (!rc)
		rc = store_commit(x->st, x->e);
	if (rc)
		store_rollback(x->st);
	return rc;
}

int api_body_str(struct api *x, const char *key, bool required, const char **out)
{
	json_t *v = x->body ? json_object_get(x->body, key) : NULL;
	*out = NULL;
	if (!v || json_is_null(v)) {
		if (required)
			return err_setm(x->e, ERR_INVALID, key, "input.required", "key", key, NULL);
		return 0;
	}
	if (!json_is_string(v))
		return err_setm(x->e, ERR_INVALID, key, "input.string", "key", key, NULL);
	*out = json_string_value(v);
	return 0;
}

/* ---- lists: filter, sort, page ---- */

struct list_query {
	struct api *x;
	const char *sort;
	long limit, offset;
	const char *fk[32], *fv[32];
	int nf;
	int rc;
};

static void list_arg(void *ctx, const char *k, const char *v)
{
	struct list_query *q = ctx;
	if (q->rc)
		return;
	char *end;
	if (!strcmp(k, "limit") || !strcmp(k, "offset")) {
		long n = strtol(v, &end, 10);
		bool lim = !strcmp(k, "limit");
		if (!*v || *end || n < (lim ? 1 : 0) || (lim && n > LIST_LIMIT_MAX) || n > 100000000)
			q->rc = lim ? err_setm(q->x->e, ERR_INVALID, k, "list.limit", "max",
					       err_num((char[24]){0}, LIST_LIMIT_MAX), NULL)
				    : err_setm(q->x->e, ERR_INVALID, k, "list.offset", NULL);
		else if (lim)
			q->limit = n;
		else
			q->offset = n;
	} else if (!strcmp(k, "sort")) {
		q->sort = v;
	} else if (!strcmp(k, "format")) {
		/* handled by the route */
	} else if (q->nf < 32) {
		q->fk[q->nf] = k;
		q->fv[q->nf++] = v;
	} else {
		q->rc = err_setm(q->x->e, ERR_INVALID, k, "list.too_many_filters", NULL);
	}
}

/* The item's field as filter text (the CLI's list filter does the same). */
static const char *field_text(json_t *v, char buf[64])
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		return snprintf(buf, 64, "%lld", (long long)json_integer_value(v)), buf;
	if (json_is_boolean(v))
		return json_is_true(v) ? "true" : "false";
	if (json_is_null(v))
		return "null";
	return NULL;
}

/* Two levels (Lav, Medium, Høj, Kritisk, or their English names) by rank, so
 * sort=-residual_level lists Kritisk first; any other text by its bytes. */
static int compare_text(const char *a, const char *b)
{
	enum level la, lb;
	if (level_parse(a, &la) == 0 && level_parse(b, &lb) == 0)
		return (la > lb) - (la < lb);
	return strcmp(a, b);
}

/* A kept item: its index in the list and its sort key (a reference, or NULL). */
struct kept {
	size_t i;
	json_t *key;
};

static _Thread_local int tl_sort_desc;

/* By the sort key, missing values last; equal keys keep the list's order. */
static int compare_kept(const void *pa, const void *pb)
{
	const struct kept *ka = pa, *kb = pb;
	json_t *a = ka->key, *b = kb->key;
	int r;
	if (!a || json_is_null(a))
		r = (!b || json_is_null(b)) ? 0 : 1; /* missing values last */
	else if (!b || json_is_null(b))
		r = -1;
	else if (json_is_number(a) && json_is_number(b))
		r = json_number_value(a) < json_number_value(b) ? -1 : json_number_value(a) > json_number_value(b);
	else if (json_is_string(a) && json_is_string(b))
		r = compare_text(json_string_value(a), json_string_value(b));
	else
		r = json_is_true(a) - json_is_true(b);
	if (tl_sort_desc && a && b && !json_is_null(a) && !json_is_null(b))
		r = -r;
	return r ? r : (ka->i > kb->i) - (ka->i < kb->i);
}

static json_t *array_item(void *ctx, size_t i) { return json_incref(json_array_get(ctx, i)); }
static void array_done(void *ctx) { json_decref(ctx); }

/* A handler's array as rows; the rows own it. */
static void rows_of_list(struct api *x)
{
	if (!x->list)
		return;
	x->rows = (struct api_rows){.n = json_array_size(x->list), .item = array_item,
				    .done = array_done, .ctx = x->list};
	x->list = NULL;
}

/* Release the rows (and a list not yet turned into rows). */
static void rows_release(struct api *x)
{
	json_decref(x->list);
	x->list = NULL;
	if (x->rows.done)
		x->rows.done(x->rows.ctx);
	memset(&x->rows, 0, sizeof x->rows);
}

/*
 * Turn x->list or x->rows into the page the query asks for.  Without a
 * filter or a sort only the page's items are made; with one, every item is
 * made once for the fields the query names and let go at once, and the
 * page's items are made again: so a page of 100 risks of 5,000 never holds
 * all 5,000 as JSON.
 */
static int list_page(struct api *x)
{
	struct list_query q = {.x = x, .limit = LIST_LIMIT_DEFAULT};
	http_query_each(x->r, list_arg, &q);
	if (q.rc)
		return q.rc;
	rows_of_list(x);
	size_t n = x->rows.n;
	const char *sort_key = NULL;
	if (q.sort && *q.sort) {
		tl_sort_desc = q.sort[0] == '-';
		sort_key = q.sort + (q.sort[0] == '-' || q.sort[0] == '+');
	}
	bool seen[32] = {0}, known = n == 0;
	struct kept *keep = xmalloc((n + 1) * sizeof *keep);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (!q.nf && !sort_key) {
			keep[k++] = (struct kept){i, NULL};
			continue;
		}
		json_t *item = x->rows.item(x->rows.ctx, i);
		bool ok = true;
		for (int f = 0; f < q.nf; f++) {
			json_t *v = json_object_get(item, q.fk[f]);
			seen[f] |= v != NULL;
			char buf[64];
			const char *t = field_text(v, buf);
			if (!t || strcmp(t, q.fv[f]))
				ok = false;
		}
		json_t *key = sort_key ? json_object_get(item, sort_key) : NULL;
		known |= key != NULL;
		if (ok)
			keep[k++] = (struct kept){i, json_incref(key)};
		json_decref(item);
	}
	int rc = 0;
	for (int f = 0; f < q.nf && !rc; f++)
		if (n && !seen[f])
			rc = err_setm(x->e, ERR_INVALID, q.fk[f], "list.filter_field", "field", q.fk[f], NULL);
	if (!rc && sort_key && !known)
		rc = err_setm(x->e, ERR_INVALID, "sort", "list.sort_field", "field", sort_key, NULL);
	if (!rc && sort_key)
		qsort(keep, k, sizeof *keep, compare_kept);
	json_t *items = rc ? NULL : json_array();
	for (size_t i = (size_t)q.offset; !rc && i < k && i < (size_t)(q.offset + q.limit); i++)
		json_array_append_new(items, x->rows.item(x->rows.ctx, keep[i].i));
	for (size_t i = 0; i < k; i++)
		json_decref(keep[i].key);
	free(keep);
	if (rc)
		return rc;
	json_decref(x->out);
	x->out = json_pack("{sosIsIsI}", "items", items, "total", (json_int_t)k, "limit", (json_int_t)q.limit,
			   "offset", (json_int_t)q.offset);
	return 0;
}

/* ---- routing ---- */

/* Match pattern against path; fills params.  Segments "{x}" match any non-empty segment. */
static bool route_match(const char *pattern, const char *path, struct api *x)
{
	int np = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p != '/' || *s != '/')
			return false;
		p++;
		s++;
		const char *pe = strchr(p, '/'), *se = strchr(s, '/');
		size_t pl = pe ? (size_t)(pe - p) : strlen(p), sl = se ? (size_t)(se - s) : strlen(s);
		if (pl && p[0] == '{') {
			if (!sl || np >= 4)
				return false;
			if (x)
				x->param[np] = arena_strndup(x->a, s, sl);
			np++;
		} else if (pl != sl || memcmp(p, s, pl)) {
			return false;
		}
		p += pl;
		s += sl;
	}
	if (*p || (*s && strcmp(s, "/")))
		return false;
	if (x)
		x->nparam = np;
	return true;
}

/*
 * tx: the table's writes run in one transaction each, opened before the
 * If-Match check and closed after the handler, so that everything a write
 * reads (does the id exist? the stored object it merges onto, its current
 * ETag) is what it writes over.  The sign-in routes keep their own
 * transactions: a refused login must still count the attempt; so do the
 * webhooks' (a ping commits its delivery before it POSTs it).
 */
static const struct {
	const struct api_route *routes;
	bool tx;
} tables[] = {{api_auth_routes, false}, {api_data_routes, true},  {api_view_routes, true},
	      {api_incident_routes, true}, {api_io_routes, true}, {api_forum_routes, true}, {api_roi_routes, true},
	      {api_ops_routes, false}, {api_sso_routes, false}, {api_saml_routes, false},
	      {api_webhook_routes, false}};
#define NTABLES (sizeof tables / sizeof tables[0])

static const struct api_route *find_route(struct api *x, const char *method, const char *path, char *allow,
					  size_t allow_len, bool *tx)
{
	allow[0] = 0;
	for (size_t t = 0; t < NTABLES; t++)
		for (const struct api_route *rt = tables[t].routes; rt->method; rt++) {
			if (!route_match(rt->pattern, path, NULL))
				continue;
			if (!strcmp(rt->method, method) || (!strcmp(method, "HEAD") && !strcmp(rt->method, "GET"))) {
				route_match(rt->pattern, path, x);
				if (tx)
					*tx = tables[t].tx;
				return rt;
			}
			if (!strstr(allow, rt->method)) {
				size_t l = strlen(allow);
				snprintf(allow + l, allow_len - l, "%s%s", l ? ", " : "", rt->method);
			}
		}
	return NULL;
}

void api_routes_print(void)
{
	for (size_t t = 0; t < NTABLES; t++)
		for (const struct api_route *rt = tables[t].routes; rt->method; rt++)
			printf("%s %s\n", rt->method, rt->pattern);
}

/* ---- the caller ---- */

static int authenticate(struct api *x)
{
	const char *authz = http_header(x->r, "Authorization");
	int rc;
	if (authz && !strncasecmp(authz, "Bearer ", 7) && strncmp(authz + 7, "skj_", 4) && app_sso_config())
		rc = api_sso_bearer(x, authz + 7); /* a provider's access token (docs/sso.md) */
	else if (authz && !strncasecmp(authz, "Bearer ", 7))
		rc = auth_from_token(x->st, authz + 7, x->now_ms, x->a, &x->p, x->e);
	else if (authz)
		rc = err_setm(x->e, ERR_UNAUTH, "Authorization", "auth.bearer_only", NULL);
	else
		rc = auth_from_session(x->st, http_cookie(x->r, "skjold_session"), x->now_ms, x->a, &x->p, x->e);
	if (rc)
		return rc;
	x->authed = true;
	x->r->who = x->p.user;
	return 0;
}

static bool is_write(const char *method)
{
	return strcmp(method, "GET") && strcmp(method, "HEAD") && strcmp(method, "OPTIONS");
}

static int check_csrf(struct api *x)
{
	if (x->p.via_token || !is_write(x->r->method))
		return 0;
	const char *t = http_header(x->r, "X-CSRF-Token");
	if (!t || !x->p.csrf || strlen(t) != strlen(x->p.csrf) ||
	    sodium_memcmp(t, x->p.csrf, strlen(t)) != 0)
		return err_setm(x->e, ERR_DENIED, "X-CSRF-Token", "auth.csrf", NULL);
	return 0;
}

/*
 * Is the Content-Type exactly application/json?  Parameters (charset) may
 * follow after ';' (RFC 9110 §8.3.1), but the media type itself must be
 * whole: "application/jsonfoo" and "application/json-seq" are not JSON.
 */
static bool is_json_type(const char *ct)
{
	if (!ct)
		return false;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	if (strncasecmp(ct, "application/json", 16))
		return false;
	ct += 16;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	return !*ct || *ct == ';';
}

static int parse_body(struct api *x, const struct api_route *rt)
{
	struct http_req *r = x->r;
	if (!(rt->flags & (API_BODY | API_RAW))) {
		/* no body, or an empty object (what many clients send with a POST) */
		json_t *empty = r->body_len ? json_loadb(r->body, r->body_len, 0, NULL) : NULL;
		bool ok = !r->body_len || (json_is_object(empty) && json_object_size(empty) == 0);
		json_decref(empty);
		return ok ? 0 : err_setm(x->e, ERR_INVALID, "body", "input.no_body", NULL);
	}
	const char *ct = http_header(r, "Content-Type");
	if (rt->flags & API_RAW)
		return 0;
	if (!is_json_type(ct))
		return -1000; /* 415, answered by the caller */
	if (!r->body_len) {
		if (!strcmp(r->method, "POST") && (rt->flags & API_OPEN)) {
			x->body = json_object();
			return 0;
		}
		return err_setm(x->e, ERR_INVALID, "body", "input.body_required", NULL);
	}
	json_error_t je;
	x->body = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je);
	if (!x->body)
	{
		char line[16], col[16];
		snprintf(line, sizeof line, "%d", je.line);
		snprintf(col, sizeof col, "%d", je.column);
		return err_setm(x->e, ERR_INVALID, "body", "input.json_syntax", "error", je.text, "line", line,
				"column", col,
				NULL);
	}
	if (!json_is_object(x->body) && !(rt->flags & API_ANYJSON))
		return err_setm(x->e, ERR_INVALID, "body", "input.body_object", NULL);
	return 0;
}

/* The answer cache's key and stamp for this request (cache.h); false when it cannot be cached. */
struct cache_ref {
	char *key;
	struct cache_stamp stamp;
};

/* Each piece length-prefixed, so no value can pose as a separator. */
static void query_append(void *ctx, const char *k, const char *v)
{
	FILE *f = ctx;
	fprintf(f, "%zu:%s%zu:%s", strlen(k), k, strlen(v), v);
}

/* org's write generation: as read with the caller's roles (auth.c), else from the store */
static int org_gen(struct api *x, const char *org, int64_t *gen, struct errinfo *e)
{
	for (size_t i = 0; x->p.gens && i < x->p.nmembers; i++)
		if (!strcmp(x->p.members[i].org, org)) {
			*gen = x->p.gens[i];
			return 0;
		}
	return store_org_generation(x->st, org, gen, e);
}

static bool cache_ref_make(struct api *x, struct cache_ref *c)
{
	memset(c, 0, sizeof *c);
	c->stamp.today = x->today;
	if (x->nparam && !strncmp(x->r->path, "/api/v1/orgs/", 13)) {
		c->stamp.n = 1;
		if (org_gen(x, x->param[0], &c->stamp.gen[0], x->e))
			return false;
	} else {
		if (x->p.nmembers > CACHE_MAX_ORGS)
			return false;
		for (size_t i = 0; i < x->p.nmembers; i++) {
			struct errinfo ig = {0};
			if (org_gen(x, x->p.members[i].org, &c->stamp.gen[c->stamp.n++], &ig))
				return false;
		}
	}
	size_t len = 0;
	FILE *f = open_memstream(&c->key, &len);
	if (!f)
		return false;
	fprintf(f, "%zu:%s", strlen(x->r->path), x->r->path);
	http_query_each(x->r, query_append, f);
	fprintf(f, "|%s", msg_lang_name(http_lang(x->r))); /* the answer's texts are in the request's language */
	/* whose answer: the organisations and roles it was computed for */
	fprintf(f, "|");
	for (size_t i = 0; i < x->p.nmembers; i++)
		query_append(f, x->p.members[i].org, x->p.members[i].role);
	fclose(f);
	return true;
}

const char *api_file_name(struct api *x, const char *stem, const char *ext)
{
	char day[11];
	date_format(x->today, day);
	return arena_printf(x->a, "%s-%s.%s", stem, day, ext);
}

void api_download(struct api *x, char *bytes, size_t len, const char *type, const char *stem, const char *ext)
{
	x->text = bytes;
	x->text_len = len;
	x->text_type = type;
	x->text_name = api_file_name(x, stem, ext);
}

int api_answer_xlsx(struct api *x, int rc, char *bytes, size_t len, const char *what)
{
	if (rc)
		return rc;
	api_download(x, bytes, len, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		     arena_printf(x->a, "%s-%s", x->nparam ? x->param[0] : "skjold", what), "xlsx");
	return 0;
}

int api_format_xlsx(struct api *x, bool *xlsx)
{
	const char *f = http_query(x->r, "format");
	*xlsx = f && !strcmp(f, "xlsx");
	if (f && !*xlsx && strcmp(f, "json"))
		return err_setm(x->e, ERR_INVALID, "format", "input.format_json_xlsx", "value", f, NULL);
	return 0;
}

/* Send what the handler made (or its error); a 200 GET answer is kept when c is given. */
static void finish(struct api *x, int rc, struct cache_ref *c)
{
	struct http_req *r = x->r;
	if (rc) {
		if (!x->e->code)
			err_setm(x->e, rc, "", "error.unnamed", "name", err_name(rc), NULL);
		json_decref(x->out);
		free(x->text);
		http_reply_error(r, x->e);
		return;
	}
	char *data;
	size_t len;
	const char *type;
	char etag[HTTP_ETAG_LEN] = ""; /* set early when the answer is localised */
	if (x->text_name) {
		/* a download: its file name (letters, digits, - _ . only: it goes into a header) */
		char cd[300];
		size_t n = (size_t)snprintf(cd, sizeof cd, "attachment; filename=\"");
		for (const char *p = x->text_name; *p && n + 3 < sizeof cd; p++)
			cd[n++] = (char)((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
						 strchr("-_.", *p)
					 ? *p
					 : '_');
		cd[n++] = '"';
		cd[n] = 0;
		http_add_header(r, "Content-Disposition", cd);
		c = NULL; /* the cache keeps no headers of its own: a download is made again */
	}
	if (x->text) {
		data = x->text;
		len = x->text_len ? x->text_len : strlen(data);
		type = x->text_type ? x->text_type : "text/plain; charset=utf-8";
		json_decref(x->out);
	} else if (x->out) {
		/*
		 * Texts that travel as message codes (msg.h) in the request's language.  The answer
		 * holds them in English, so an English answer is as built; its ETag is that of the
		 * English bytes in every language, the version the use cases compare (app_version).
		 */
		enum msg_lang lang = http_lang(r);
		http_add_header(r, "Vary", "Accept-Language");
		if (lang != MSG_EN && msg_present(x->out)) {
			if (!strcmp(r->method, "GET") || !strcmp(r->method, "HEAD")) {
				char *plain = json_dumps(x->out, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
				ASSERT(plain);
				http_etag(plain, strlen(plain), etag);
				free(plain);
			}
			msg_localize(x->out, lang);
		}
		data = json_dumps(x->out, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
		json_decref(x->out);
		ASSERT(data);
		len = strlen(data);
		type = "application/json";
	} else {
		http_reply(r, x->status ? x->status : 204, NULL, NULL, 0);
		return;
	}
	int status = x->status ? x->status : 200;
	if (status == 200 && (!strcmp(r->method, "GET") || !strcmp(r->method, "HEAD"))) {
		if (!etag[0])
			http_etag(data, len, etag);
		if (c && c->key)
			cache_put(c->key, &c->stamp, data, len, type, etag);
		http_add_header(r, "ETag", etag);
		const char *inm = http_header(r, "If-None-Match");
		if (inm && (strstr(inm, etag) || !strcmp(inm, "*"))) {
			free(data);
			http_reply(r, 304, NULL, NULL, 0);
			return;
		}
	}
	http_reply(r, status, type, data, len);
}

/*
 * If-Match on a write: the object's current ETag (the one GET gives) must
 * match.  get_pos/get_opts are the CLI call that shows the object.
 */
static int check_if_match(struct api *x, const struct api_route *rt)
{
	const char *im = http_header(x->r, "If-Match");
	if (!im || !is_write(x->r->method) || (rt->flags & API_PRECOND))
		return 0;
	/* find the GET route of the same path and run it */
	char allow[64];
	struct api probe = *x;
	probe.out = NULL;
	probe.text = NULL;
	probe.list = NULL;
	memset(&probe.rows, 0, sizeof probe.rows);
	probe.body = NULL;
	const struct api_route *get = find_route(&probe, "GET", x->r->path, allow, sizeof allow, NULL);
	if (!get)
		return 0;
	int rc = get->fn(&probe);
	if (!rc && (probe.list || probe.rows.item)) { /* a collection: its ETag is the one of the page GET gives */
		json_decref(probe.out);
		probe.out = NULL;
		rc = list_page(&probe);
	}
	rows_release(&probe);
	char *data = rc ? NULL : probe.text ? probe.text : json_dumps(probe.out, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	if (rc && probe.text)
		free(probe.text);
	json_decref(probe.out);
	if (rc == ERR_NOTFOUND)
		return err_setm(x->e, ERR_STALE, "If-Match", "object.gone", NULL);
	if (rc)
		return rc;
	if (!data)
		return err_setm(x->e, ERR_NOMEM, "", "error.nomem", NULL);
	char etag[HTTP_ETAG_LEN];
	http_etag(data, strlen(data), etag);
	free(data);
	if (strcmp(im, "*") && !strstr(im, etag))
		return err_setm(x->e, ERR_STALE, "If-Match", "object.changed", "etag", etag, NULL);
	return 0;
}

void api_handle(struct http_req *r)
{
	struct api x;
	memset(&x, 0, sizeof x);
	x.r = r;
	x.a = &r->a;
	x.e = &r->e;
	x.now_ms = http_now_ms();
	x.today = instant_cph_date(x.now_ms);
	char allow[128];
	bool tx = false;
	const struct api_route *rt = find_route(&x, r->method, r->path, allow, sizeof allow, &tx);
	if (!rt) {
		if (allow[0]) {
			http_add_header(r, "Allow", allow);
			http_reply_status(r, 405, "method_not_allowed", "http.method");
		} else {
			http_reply_status(r, 404, "not_found", "http.no_api_path");
		}
		return;
	}
	if (rt->flags & API_NOSTORE) { /* a health check: nothing below applies to it */
		finish(&x, rt->fn(&x), NULL);
		return;
	}
	int rc = http_store(&x.st, x.e);
	/* the levels open when the request came in (0 in the server; the fuzz harness wraps each input in one) */
	int depth0 = rc ? 0 : store_tx_depth(x.st);
	if (!rc && !(rt->flags & API_PUBLIC))
		rc = authenticate(&x);
	if (rc) {
		finish(&x, rc, NULL);
		return;
	}
	if (x.authed) {
		if (x.p.next && !(rt->flags & API_OPEN))
			rc = err_setm(x.e, ERR_DENIED, "", "auth.first", "@what",
				      !strcmp(x.p.next, "change_password") ? "auth.first_password" : "auth.first_totp", NULL);
		if (!rc)
			rc = check_csrf(&x);
	}
	if (!rc && (rt->flags & API_SYSADMIN) && !x.p.admin)
		rc = err_setm(x.e, ERR_DENIED, "", "access.sysadmin_only", NULL);
	if (!rc) {
		rc = parse_body(&x, rt);
		if (rc == -1000) {
			http_reply_status(r, 415, "unsupported_media_type", "http.media_type");
			return;
		}
	}
	/* from here the store answers only for the caller's organisations */
	if (!rc && x.authed)
		store_scope_set(x.st, &x.p.scope);
	if (!rc && (rt->flags & API_ORG)) {
		const char *org = x.param[0];
		if (!(store_scope_grant(x.st, org) & STORE_GRANT_READ))
			rc = err_setm(x.e, ERR_NOTFOUND, "", "org.not_found", "id", org, NULL);
		else if (rt->perm && !auth_can(&x.p, org, rt->perm))
			rc = err_setm(x.e, ERR_DENIED, "", "access.role_denied", "role", auth_role(&x.p, org), "org",
				      org,
				      NULL);
	}
	struct cache_ref cref = {0};
	bool cached = !rc && (rt->flags & API_CACHE) && !strcmp(rt->method, "GET") && cache_ref_make(&x, &cref);
	bool locked = false;
	for (int attempt = 0; cached && attempt < 2; attempt++) {
		char *data, type[64], etag[HTTP_ETAG_LEN];
		size_t len;
		if (attempt == 1) { /* a miss: wait for anyone computing the same answer, then look again */
			cache_lock(cref.key);
			locked = true;
		}
		if (cache_get(cref.key, &cref.stamp, &data, &len, type, etag)) {
			if (locked)
				cache_unlock(cref.key);
			free(cref.key);
			store_scope_set(x.st, NULL);
			json_decref(x.body);
			http_add_header(r, "ETag", etag);
			const char *inm = http_header(r, "If-None-Match");
			if (inm && (strstr(inm, etag) || !strcmp(inm, "*"))) {
				free(data);
				http_reply(r, 304, NULL, NULL, 0);
			} else {
				http_reply(r, 200, type[0] ? arena_strdup(x.a, type) : NULL, data, len);
			}
			return;
		}
	}
	tx = tx && !rc && is_write(r->method);
	if (tx)
		rc = store_begin(x.st, x.e);
	if (!rc)
		rc = check_if_match(&x, rt);
	if (!rc)
		rc = rt->fn(&x);
	if (tx)
		rc = api_tx_end(&x, rc);
	if (store_tx_depth(x.st) > depth0) { /* a handler left a level open: never let it reach the next request */
		store_rollback_to(x.st, depth0);
		if (!rc)
			rc = err_setm(x.e, ERR_INTERNAL, "", "internal.tx_open", NULL);
	}
	/* the kept views follow the request's writes once they are committed for good (not under a caller's level) */
	app_views_settle(tx && !rc && depth0 == 0);
	if (!rc && (x.list || x.rows.item)) {
		json_decref(x.out);
		x.out = NULL;
		rc = list_page(&x);
	}
	rows_release(&x); /* also when the handler failed half-way through building the list */
	json_decref(x.body);
	store_scope_set(x.st, NULL);
	finish(&x, rc, cached ? &cref : NULL);
	if (locked)
		cache_unlock(cref.key);
	free(cref.key);
}
