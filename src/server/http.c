/*
 * http.c — the server on libmicrohttpd.
 *
 * Threads: MHD's internal epoll thread pool; a request runs start to end on
 * one worker, which owns one store connection (thread-local, opened on first
 * use), so workers never share a SQLite handle.  SQLite's WAL lets readers
 * run beside the one writer.
 *
 * Slow clients (slowloris) cannot starve the others (connguard.c has the
 * design): a connection is admitted in MHD's connection-start notification
 * against limits in all, per address, and per address for connections still
 * sending their first request head; one over a limit is shut down at once,
 * never left waiting in the listen queue, because MHD's own connection limit
 * is set above ours (by a quarter, plus 64) and so never stops it accepting.
 * Each connection then has absolute deadlines — for the head (from the accept,
 * or from the previous answer on a kept-alive connection) and for the body
 * (from the end of the head) — enforced by a reaper thread, because MHD's
 * only clock, the inactivity timeout, restarts with every byte a trickling
 * client sends.  That inactivity timeout stays, for a client that stops
 * reading its answer.  The access handler tells the guard where the request
 * is: its first call ends the head, its last (the body read) ends the body,
 * and the completion callback starts the next head's clock.  At start the
 * soft open-file limit is raised toward the hard one as far as the
 * connection limit needs; a limit that cannot fit is refused (an explicit
 * --max-connections) or lowered to what fits (the default).
 *
 * Other limits: MHD's per-connection memory limit on headers, and a body
 * limit per request (1 MiB; 64 MiB on the import routes) that answers 413
 * before the handler runs — nothing is written.
 *
 * Every answer carries the security headers (CSP with frame-ancestors
 * 'none', nosniff, DENY framing, no referrer); API answers are not cached.
 *
 * Static files are the embedded web/ tree (tools/embed.c); a path is served
 * only when it names an embedded file exactly, so no request can reach the
 * file system (no traversal by construction).
 *
 * Shutdown: SIGTERM or SIGINT quiesces the listening socket, waits for the
 * requests in flight to finish (up to 30 s), then stops.  Each finished
 * request is logged as one JSON line on stderr.
 *
 * Log levels (log.h, `[log] level`): a request line is info, or error when
 * the answer is 5xx; MHD's own messages and the guard's refusals are warn;
 * start and stop are info; the settings in effect at start are debug.
 */
#include "http.h"

#include "etag.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "connguard.h"
#include "date.h"
#include "embed.h"
#include "log.h"
#include "proxy.h"
#include "store/store.h"

static const char *const security_headers[][2] = {
	{"Content-Security-Policy",
	 "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
	 "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
	{"X-Content-Type-Options", "nosniff"},
	{"X-Frame-Options", "DENY"},
	{"Referrer-Policy", "no-referrer"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
	{"Cross-Origin-Resource-Policy", "same-origin"},
	{"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
};

static const struct http_config *config;
static struct proxy_list trusted; /* config->trusted_proxies, parsed once at the start */
static struct connguard *guard;
static int64_t clock_shift_ms;
static atomic_int in_flight;

/* Every worker's store, for closing at shutdown. */
static pthread_mutex_t stores_lock = PTHREAD_MUTEX_INITIALIZER;
static struct store *stores[256];
static int nstores;
static _Thread_local struct store *thread_store;

static int64_t real_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t http_now_ms(void) { return real_ms() + clock_shift_ms; }

int http_store(struct store **st, struct errinfo *e)
{
	if (!thread_store) {
		int rc = store_open(config->db, &thread_store, e);
		if (rc)
			return rc;
		store_shared(thread_store);
		pthread_mutex_lock(&stores_lock);
		ASSERT(nstores < (int)(sizeof stores / sizeof stores[0]));
		stores[nstores++] = thread_store;
		pthread_mutex_unlock(&stores_lock);
	}
	store_scope_set(thread_store, NULL);
	*st = thread_store;
	return 0;
}

const char *http_header(struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *http_cookie(struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *http_query(struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

struct query_iter {
	void (*fn)(void *, const char *, const char *);
	void *ctx;
};

static enum MHD_Result query_one(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct query_iter *it = cls;
	it->fn(it->ctx, key, value ? value : "");
	return MHD_YES;
}

void http_query_each(struct http_req *r, void (*fn)(void *ctx, const char *k, const char *v), void *ctx)
{
	struct query_iter it = {fn, ctx};
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, query_one, &it);
}

void http_reply(struct http_req *r, int status, const char *content_type, char *heap_body, size_t len)
{
	free(r->out);
	r->status = status;
	r->content_type = content_type;
	r->out = heap_body;
	r->out_len = len;
}

void http_reply_json(struct http_req *r, int status, json_t *j)
{
	char *text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	json_decref(j);
	ASSERT(text);
	http_reply(r, status, "application/json", text, strlen(text));
}

void http_reply_status(struct http_req *r, int status, const char *code, const char *msg_code)
{
	struct msg m = {.code = msg_code};
	char text[256];
	msg_render(http_lang(r), &m, text, sizeof text);
	http_reply_json(r, status,
			json_pack("{s{sssssnsss{}}}", "error", "code", code, "message", text, "field", "message_code",
				  msg_code, "params"));
}

/*
 * A JSON string of s, which may quote the client's bytes ("no organisation
 * with id '\xff'"): jansson refuses invalid UTF-8, and a NULL here would end
 * the process in http_reply_json, so such a text is sent with every byte
 * above 0x7f shown as '?'.
 */
static json_t *json_text(const char *s)
{
	json_t *j = json_string(s);
	if (j)
		return j;
	char *copy = xstrdup(s);
	for (char *p = copy; *p; p++)
		if ((unsigned char)*p > 0x7f)
			*p = '?';
	j = json_string(copy);
	free(copy);
	return j;
}

void http_reply_error(struct http_req *r, const struct errinfo *e)
{
	enum msg_lang lang = http_lang(r);
	char text[1024];
	err_render(e, lang, text, sizeof text);
	struct msg m;
	err_msg(e, &m);
	json_t *mj = msg_json(&m);
	json_t *err = json_pack("{ssso}", "code", err_name(e->code), "message", json_text(text[0] ? text : err_name(e->code)));
	json_object_set_new(err, "field", e->field[0] ? json_text(e->field) : json_null());
	json_object_set(err, "message_code", json_object_get(mj, "code"));
	json_t *params = json_object_get(mj, "params");
	/* the params may quote the client's bytes too */
	json_object_set_new(err, "params", params ? json_deep_copy(params) : json_object());
	json_decref(mj);
	http_reply_json(r, err_http_status(e->code), json_pack("{so}", "error", err));
}

enum msg_lang http_lang(struct http_req *r)
{
	enum msg_lang lang;
	if (!msg_lang_parse(http_query(r, "lang"), &lang))
		return lang;
	return msg_lang_accept(http_header(r, "Accept-Language"));
}

void http_add_header(struct http_req *r, const char *name, const char *value)
{
	ASSERT(r->nheaders < HTTP_MAX_HEADERS);
	r->hname[r->nheaders] = arena_strdup(&r->a, name);
	r->hvalue[r->nheaders] = arena_strdup(&r->a, value);
	r->nheaders++;
}

void http_etag(const char *data, size_t len, char out[HTTP_ETAG_LEN])
{
	etag_of_bytes(data, len, out);
}

/* ---- static files ---- */

static const char *content_type_of(const char *name)
{
	static const char *const types[][2] = {
		{".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
		{".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
		{".json", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
		{".ico", "image/x-icon"}, {".woff2", "font/woff2"}, {".txt", "text/plain; charset=utf-8"},
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (!strcmp(dot, types[i][0]))
			return types[i][1];
	return "application/octet-stream";
}

/* Serve "/" or "/static/…" from the embedded web/ tree; false when r is not such a path. */
static bool serve_static(struct http_req *r)
{
	const char *p = r->path;
	char name[512];
	if (!strcmp(p, "/") || !strcmp(p, "/index.html"))
		snprintf(name, sizeof name, "web/index.html");
	else if (!strncmp(p, "/static/", 8) && strlen(p) < 400)
		snprintf(name, sizeof name, "web/%s", p + 8);
	else
		return false;
	if (strcmp(r->method, "GET") && strcmp(r->method, "HEAD")) {
		http_add_header(r, "Allow", "GET, HEAD");
		http_reply_status(r, 405, "method_not_allowed", "http.static_read_only");
		return true;
	}
	const struct embedded_file *f = embed_find(name);
	if (!f || strstr(name, "..")) {
		http_reply_status(r, 404, "not_found", "http.no_file");
		return true;
	}
	char etag[HTTP_ETAG_LEN];
	http_etag(f->data, f->len, etag);
	const char *inm = http_header(r, "If-None-Match");
	http_add_header(r, "ETag", etag);
	http_add_header(r, "Cache-Control", "no-cache");
	if (inm && !strcmp(inm, etag)) {
		http_reply(r, 304, NULL, NULL, 0);
		return true;
	}
	char *copy = xmalloc(f->len + 1);
	memcpy(copy, f->data, f->len);
	http_reply(r, 200, content_type_of(name), copy, f->len);
	return true;
}

/* ---- the MHD callbacks ---- */

/* The last X-Forwarded-For header (the one the nearest proxy added; an earlier one may be the client's own). */
static enum MHD_Result last_xff(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	if (key && value && !strcasecmp(key, "X-Forwarded-For"))
		*(const char **)cls = value;
	return MHD_YES;
}

/* The client's address: the peer's, or behind a trusted proxy the one it forwarded (proxy.h). */
static void client_ip(struct http_req *r)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char buf[INET6_ADDRSTRLEN] = "-";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf, sizeof buf);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, buf, sizeof buf);
	}
	if (trusted.n) {
		const char *xff = NULL;
		MHD_get_connection_values(r->conn, MHD_HEADER_KIND, last_xff, &xff);
		char client[64];
		proxy_client(&trusted, buf, xff, client, sizeof client);
		r->ip = arena_strdup(&r->a, client);
		return;
	}
	r->ip = arena_strdup(&r->a, buf);
}

static enum MHD_Result send_answer(struct http_req *r)
{
	struct MHD_Response *resp;
	if (r->out) {
		resp = MHD_create_response_from_buffer(r->out_len, r->out, MHD_RESPMEM_MUST_FREE);
		r->out = NULL; /* MHD owns it now */
	} else {
		resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	}
	if (!resp)
		return MHD_NO;
	for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++)
		MHD_add_response_header(resp, security_headers[i][0], security_headers[i][1]);
	if (r->content_type)
		MHD_add_response_header(resp, "Content-Type", r->content_type);
	if (!strncmp(r->path, "/api/", 5) || !strcmp(r->path, "/healthz") || !strcmp(r->path, "/readyz"))
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (r->tls)
		MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
	for (int i = 0; i < r->nheaders; i++)
		MHD_add_response_header(resp, r->hname[i], r->hvalue[i]);
	enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Import routes (and a register package's check) take large bodies; everything else 1 MiB. */
static size_t body_limit_for(const char *path)
{
	size_t n = strlen(path);
	if (!strcmp(path, "/api/v1/import") || (n > 11 && !strcmp(path + n - 11, "/import-csv")) ||
	    (n > 13 && !strcmp(path + n - 13, "/import/kitos")) || !strcmp(path, "/api/v1/roi/check") || (n > 11 && !strcmp(path + n - 11, "/roi/import")))
		return HTTP_BODY_MAX_IMPORT;
	return HTTP_BODY_MAX;
}

/* The guard's record of a connection (set in on_connection; NULL only if MHD has none). */
static struct connguard_conn *conn_guard(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

/* MHD_OPTION_NOTIFY_CONNECTION: admit (or refuse) a connection, and forget it before its socket closes. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	(void)cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *fd = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		const union MHD_ConnectionInfo *ad = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		ASSERT(fd && ad);
		*socket_context = connguard_open(guard, fd->connect_fd, ad->client_addr);
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context) {
		connguard_close(*socket_context);
		*socket_context = NULL;
	}
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
	(void)cls;
	(void)version;
	struct http_req *r = *con_cls;
	struct connguard_conn *gc = conn_guard(conn);
	if (!r) {
		/* the head is complete; a refused connection, or one past its deadline, goes no further */
		if (gc && !connguard_head_done(gc))
			return MHD_NO;
		r = xcalloc(1, sizeof *r);
		arena_init(&r->a);
		r->conn = conn;
		r->start_ns = mono_ns();
		r->method = arena_strdup(&r->a, method);
		r->path = arena_strdup(&r->a, url);
		r->who = "-";
		r->tls = config->tls_cert != NULL;
		r->body_limit = body_limit_for(url);
		client_ip(r);
		atomic_fetch_add(&in_flight, 1);
		*con_cls = r;
		/* a declared length over the limit is refused before a byte of it is read */
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > r->body_limit) {
			r->body_too_large = true;
			http_reply_status(r, 413, "too_large", "http.body_too_large");
			if (gc)
				connguard_body_done(gc);
			return send_answer(r);
		}
		return MHD_YES;
	}
	if (*upload_size) {
		size_t n = *upload_size;
		*upload_size = 0;
		if (r->body_too_large)
			return MHD_YES;
		if (r->body_len + n > r->body_limit) {
			r->body_too_large = true;
			free(r->body);
			r->body = NULL;
			r->body_len = 0;
			return MHD_YES;
		}
		if (r->body_len + n + 1 > r->body_cap) {
			r->body_cap = (r->body_len + n + 1) * 2;
			if (r->body_cap > r->body_limit + 1)
				r->body_cap = r->body_limit + 1;
			r->body = xrealloc(r->body, r->body_cap);
		}
		memcpy(r->body + r->body_len, upload_data, n);
		r->body_len += n;
		r->body[r->body_len] = 0;
		return MHD_YES;
	}
	if (r->status) /* already answered (413 on the declared length) */
		return MHD_YES;
	if (gc)
		connguard_body_done(gc);
	if (r->body_too_large) {
		http_reply_status(r, 413, "too_large", "http.body_too_large");
	} else if (!strncmp(r->path, "/api/", 5) || !strcmp(r->path, "/api") || !strcmp(r->path, "/healthz") ||
		   !strcmp(r->path, "/readyz")) {
		api_handle(r); /* the API, and the health checks (api_ops.c) by the names load balancers expect */
	} else if (!serve_static(r)) {
		http_reply_status(r, 404, "not_found", "http.no_page");
	}
	if (!r->status)
		http_reply_status(r, 500, "internal", "http.no_answer");
	return send_answer(r);
}

/*
 * Percent-decoding of the path and query, as MHD's own, except that %00
 * stays as it is: a NUL would cut the C string and let "app.js%00.png"
 * name "app.js".
 */
static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static size_t unescape(void *cls, struct MHD_Connection *conn, char *s)
{
	(void)cls;
	(void)conn;
	char *w = s;
	for (char *r = s; *r; r++) {
		int hi, lo;
		if (*r == '%' && (hi = hexval(r[1])) >= 0 && (lo = hexval(r[2])) >= 0 && (hi || lo)) {
			*w++ = (char)(hi * 16 + lo);
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = 0;
	return (size_t)(w - s);
}

static void json_log_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	struct http_req *r = *con_cls;
	if (!r)
		return;
	struct connguard_conn *gc = conn_guard(conn);
	if (gc) /* a kept-alive connection's next head has the header deadline again */
		connguard_request_done(gc);
	double ms = (double)(mono_ns() - r->start_ns) / 1e6;
	char at[32];
	instant_format_utc(real_ms(), at);
	/* one line per request, written with one call so lines from workers do not interleave */
	char *line = NULL;
	size_t len = 0;
	FILE *f = log_on(r->status >= 500 ? LOG_LEVEL_ERROR : LOG_LEVEL_INFO) ? open_memstream(&line, &len) : NULL;
	if (f) {
		fprintf(f, "{\"at\":\"%s\",\"method\":", at);
		json_log_string(f, r->method);
		fputs(",\"path\":", f);
		json_log_string(f, r->path);
		fprintf(f, ",\"status\":%d,\"ms\":%.2f,\"bytes_in\":%zu,\"user\":", r->status, ms, r->body_len);
		json_log_string(f, r->who);
		fputs(",\"ip\":", f);
		json_log_string(f, r->ip);
		if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK)
			fprintf(f, ",\"aborted\":%d", (int)toe);
		fputs("}\n", f);
		fclose(f);
		fwrite(line, 1, len, stderr);
		free(line);
	}
	free(r->out);
	free(r->body);
	arena_free(&r->a);
	free(r);
	*con_cls = NULL;
	atomic_fetch_sub(&in_flight, 1);
}

static void on_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	if (!log_on(LOG_LEVEL_WARN))
		return;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = 0;
	fprintf(stderr, "{\"at\":\"-\",\"server\":\"%s\"}\n", msg);
}

/* Read a PEM file named by option field (for the message). */
static int read_file(const char *path, const char *field, char **out, struct errinfo *e)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_setm(e, ERR_IO, field, "cli.open", "path", path, "error", strerror(errno), NULL);
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	char chunk[4096];
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			buf = xrealloc(buf, cap);
		}
		memcpy(buf + len, chunk, n);
		len += n;
	}
	fclose(f);
	if (!buf)
		return err_setm(e, ERR_IO, field, "serve.file_empty", "path", path, NULL);
	buf[len] = 0;
	*out = buf;
	return 0;
}

static int parse_listen(const char *listen, struct sockaddr_in *sa, struct errinfo *e)
{
	if (!listen)
		return err_setm(e, ERR_INVALID, "--listen", "serve.listen_form", NULL);
	char host[64];
	const char *colon = strrchr(listen, ':');
	if (!colon || (size_t)(colon - listen) >= sizeof host)
		return err_setm(e, ERR_INVALID, "--listen", "serve.listen_form", NULL);
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = 0;
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 1 || port > 65535)
		return err_setm(e, ERR_INVALID, "--listen", "serve.port", NULL);
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host[0] ? host : "0.0.0.0", &sa->sin_addr) != 1)
		return err_setm(e, ERR_INVALID, "--listen", "serve.ipv4", "host", host, NULL);
	return 0;
}

int http_listen_check(const char *listen, struct errinfo *e)
{
	struct sockaddr_in sa;
	return parse_listen(listen, &sa, e);
}

/*
 * Files the process keeps open besides its connections: stdio, the listening
 * socket, each worker's epoll and signalling descriptors and its store
 * (database, journal, WAL, shared memory), with room to spare.
 */
static long files_reserved(unsigned threads) { return 64 + 8 * (long)threads; }

/* MHD's own limit: ours plus room for refused connections on their way out, so MHD never stops accepting. */
static unsigned mhd_limit(int max_connections) { return (unsigned)max_connections * 5 / 4 + 64; }

/*
 * The connection limit the process can hold: cfg's (or the default), the
 * soft RLIMIT_NOFILE raised toward the hard limit as far as it needs.  An
 * explicit limit that cannot fit is refused; the default is lowered to fit.
 */
static int fit_connections(const struct http_config *cfg, unsigned threads, int *max, struct errinfo *e)
{
	int want = cfg->max_connections ? cfg->max_connections : HTTP_MAX_CONNECTIONS;
	rlim_t need = (rlim_t)mhd_limit(want) + (rlim_t)files_reserved(threads);
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl))
		return err_setm(e, ERR_IO, "", "serve.rlimit_read", "error", strerror(errno), NULL);
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need) {
		struct rlimit raised = {rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need ? rl.rlim_max : need,
					rl.rlim_max};
		if (!setrlimit(RLIMIT_NOFILE, &raised))
			rl.rlim_cur = raised.rlim_cur;
	}
	*max = want;
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= need)
		return 0;
	long room = (long)rl.rlim_cur - files_reserved(threads) - 64;
	int fits = room > 0 ? (int)(room * 4 / 5) : 0;
	if (cfg->max_connections || fits < 16)
		return err_setm(e, ERR_INVALID, "--max-connections", "serve.rlimit", "soft", err_num((char[24]){0},
				(long long)((unsigned long)rl.rlim_cur)), "hard", err_num((char[24]){0},
				(long long)((unsigned long)rl.rlim_max)), "fits", err_num((char[24]){0},
				(long long)(fits)), NULL);
	*max = fits;
	return 0;
}

/*
 * The options every daemon shares (o ends with MHD_OPTION_END): the log, MHD's
 * own connection limit, the inactivity timeout, memory, the callbacks and the
 * unescaping.  The server adds the guard's notification (on_connection).
 */
static void daemon_options(const struct http_config *cfg, unsigned mhd_max, struct MHD_OptionItem o[8])
{
	int n = 0;
	o[n++] = (struct MHD_OptionItem){MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)on_log, NULL};
	o[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_LIMIT, (intptr_t)mhd_max, NULL};
	o[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_TIMEOUT, (intptr_t)(unsigned)cfg->timeout_s, NULL};
	o[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_MEMORY_LIMIT, (intptr_t)(size_t)(64 * 1024), NULL};
	o[n++] = (struct MHD_OptionItem){MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, NULL};
	o[n++] = (struct MHD_OptionItem){MHD_OPTION_UNESCAPE_CALLBACK, (intptr_t)unescape, NULL};
	o[n] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
}

/* The fuzz harness's daemon: no listening socket, no threads, no guard (its connections are never refused). */
void *http_daemon_local(const struct http_config *cfg)
{
	config = cfg;
	clock_shift_ms = cfg->fixed_now_ms ? cfg->fixed_now_ms - real_ms() : 0;
	struct MHD_OptionItem common[8];
	daemon_options(cfg, mhd_limit(cfg->max_connections ? cfg->max_connections : HTTP_MAX_CONNECTIONS), common);
	return MHD_start_daemon(MHD_USE_ERROR_LOG | MHD_USE_NO_LISTEN_SOCKET, 0, NULL, NULL, on_request, NULL,
				MHD_OPTION_ARRAY, common, MHD_OPTION_END);
}

int http_serve(const struct http_config *cfg, struct errinfo *e)
{
	config = cfg;
	clock_shift_ms = cfg->fixed_now_ms ? cfg->fixed_now_ms - real_ms() : 0;
	struct sockaddr_in sa;
	int rc = parse_listen(cfg->listen, &sa, e);
	if (rc)
		return rc;
	memset(&trusted, 0, sizeof trusted);
	if (cfg->trusted_proxies && (rc = proxy_list_parse(cfg->trusted_proxies, &trusted, "--trusted-proxies", e)))
		return rc;
	char *cert = NULL, *key = NULL;
	if ((cfg->tls_cert != NULL) != (cfg->tls_key != NULL))
		return err_setm(e, ERR_INVALID, cfg->tls_cert ? "--tls-key" : "--tls-cert", "serve.tls_pair", NULL);
	if (cfg->tls_cert && ((rc = read_file(cfg->tls_cert, "--tls-cert", &cert, e)) ||
				 (rc = read_file(cfg->tls_key, "--tls-key", &key, e)))) {
		free(cert);
		return rc;
	}
	/* signals are taken by this thread alone, with sigwait, never inside a worker */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = (unsigned)(cfg->threads > 0 ? cfg->threads : (ncpu > 0 ? ncpu : 2));
	int max_connections = 0;
	struct connguard_limits lim = {
		.max_per_ip = cfg->max_per_ip, .max_head_per_ip = cfg->max_head_per_ip,
		.header_timeout_ms = cfg->header_timeout_s * 1000, .body_timeout_ms = cfg->body_timeout_s * 1000,
		.tick_ms = 250,
	};
	if ((rc = fit_connections(cfg, threads, &max_connections, e))) {
		free(cert);
		free(key);
		return rc;
	}
	lim.max_connections = max_connections;
	if ((rc = connguard_start(&lim, &guard, e))) {
		free(cert);
		free(key);
		return rc;
	}
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (cert)
		flags |= MHD_USE_TLS;
	struct MHD_OptionItem tls_opts[] = {
		{MHD_OPTION_HTTPS_MEM_CERT, 0, cert},
		{MHD_OPTION_HTTPS_MEM_KEY, 0, key},
		{MHD_OPTION_END, 0, NULL},
	};
	struct MHD_OptionItem common[8];
	daemon_options(cfg, mhd_limit(max_connections), common);
	store_watch(cfg->db); /* several servers on PostgreSQL: the generations in memory (pgwatch.h) */
	struct MHD_Daemon *d = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_ARRAY, common, MHD_OPTION_SOCK_ADDR,
		(struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_NOTIFY_CONNECTION, on_connection,
		NULL, MHD_OPTION_ARRAY, cert ? tls_opts : tls_opts + 2, MHD_OPTION_END);
	if (!d) {
		store_watch_stop();
		connguard_stop(guard);
		guard = NULL;
		free(cert);
		free(key);
		return err_setm(e, ERR_IO, "--listen", "serve.listen", "address", cfg->listen, NULL);
	}
	if (log_on(LOG_LEVEL_INFO))
		fprintf(stderr,
			"{\"server\":\"listening\",\"url\":\"%s://%s/\",\"threads\":%u,\"max_connections\":%d,"
			"\"max_per_ip\":%d,\"max_head_per_ip\":%d,\"header_timeout_s\":%d,\"body_timeout_s\":%d,"
			"\"timeout_s\":%d}\n",
			cert ? "https" : "http", cfg->listen, threads, max_connections, cfg->max_per_ip, cfg->max_head_per_ip,
			cfg->header_timeout_s, cfg->body_timeout_s, cfg->timeout_s);
	int sig = 0;
	sigwait(&sigs, &sig);
	if (log_on(LOG_LEVEL_INFO))
		fprintf(stderr, "{\"server\":\"stopping\",\"signal\":%d,\"in_flight\":%d}\n", sig, atomic_load(&in_flight));
	MHD_socket ls = MHD_quiesce_daemon(d);
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	for (int i = 0; i < 3000 && atomic_load(&in_flight) > 0; i++)
		usleep(10000);
	MHD_stop_daemon(d);
	connguard_stop(guard); /* every connection is closed now */
	guard = NULL;
	pthread_mutex_lock(&stores_lock);
	for (int i = 0; i < nstores; i++)
		store_close(stores[i]);
	nstores = 0;
	pthread_mutex_unlock(&stores_lock);
	store_watch_stop();
	free(cert);
	free(key);
	if (log_on(LOG_LEVEL_INFO))
		fprintf(stderr, "{\"server\":\"stopped\"}\n");
	return 0;
}
