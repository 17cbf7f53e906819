/*
 * http.h — the HTTP server (libmicrohttpd): connections, limits, request
 * bodies, responses, security headers, static files and request logs.
 *
 * One struct http_req lives for one request; its arena holds everything
 * the handler allocates and is freed when the request completes.  The API
 * (api.c) sees only this struct and the http_* calls below, never MHD.
 */
#ifndef SKJOLD_HTTP_H
#define SKJOLD_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "mem.h"

#define HTTP_BODY_MAX (1u << 20)         /* 1 MiB for ordinary writes */
#define HTTP_BODY_MAX_IMPORT (64u << 20) /* whole-organisation imports */
#define HTTP_MAX_HEADERS 8
/* `skjold serve`'s default limits (docs/internals/http.md, "Slow clients") */
#define HTTP_MAX_CONNECTIONS 4096
#define HTTP_MAX_PER_IP 128
#define HTTP_MAX_HEAD_PER_IP 64
#define HTTP_HEADER_TIMEOUT_S 10
#define HTTP_BODY_TIMEOUT_S 60
#define HTTP_TIMEOUT_S 30

struct store;

struct http_config {
	const char *listen;           /* "127.0.0.1:8080" */
	const char *db;               /* the store each worker opens */
	const char *tls_cert, *tls_key; /* PEM files, both or neither */
	int threads;                  /* worker threads (0: one per CPU) */
	int max_connections;          /* in all (0: HTTP_MAX_CONNECTIONS, fewer if the open-file limit is lower) */
	int max_per_ip;               /* per client address */
	int max_head_per_ip;          /* per address, still sending their first request head */
	int header_timeout_s;         /* absolute: accept (or the previous answer) to the end of the head */
	int body_timeout_s;           /* absolute: the end of the head to the end of the body */
	int timeout_s;                /* inactivity timeout (a client that stops reading or sending) */
	const char *trusted_proxies;  /* "10.0.0.5,10.0.0.6": whose X-Forwarded-For names the client (proxy.h); NULL: none */
	int64_t fixed_now_ms;         /* --now: the clock starts there (tests); 0 = real time */
};

struct http_req {
	void *conn;                   /* the MHD connection */
	const char *method, *path;    /* path decoded, without the query */
	bool tls;
	char *body;
	size_t body_len, body_cap, body_limit;
	bool body_too_large;
	struct arena a;
	struct errinfo e;
	int64_t start_ns;
	const char *who;              /* for the log: user name or "-" */
	const char *ip;
	/* the answer */
	int status;
	char *out;                    /* heap, freed by the server */
	size_t out_len;
	const char *content_type;
	const char *hname[HTTP_MAX_HEADERS], *hvalue[HTTP_MAX_HEADERS];
	int nheaders;
};

/* Check a listen address, ADDRESS:PORT with an IPv4 address (ERR_INVALID naming "--listen"). */
int http_listen_check(const char *listen, struct errinfo *e);
/* Run the server until SIGTERM/SIGINT; finishes requests in flight, then returns 0. */
int http_serve(const struct http_config *cfg, struct errinfo *e);

/*
 * The daemon of http_serve with no listening socket and no threads of its
 * own, for the fuzz harness (tests/fuzz/fuzz_http.c): the caller hands it
 * connected sockets (MHD_add_connection) and drives it (MHD_run), and every
 * request runs through the same callbacks, limits and unescaping as in
 * http_serve.  Returns the struct MHD_Daemon * (NULL on failure); cfg must
 * outlive it.
 */
void *http_daemon_local(const struct http_config *cfg);

/* The request's clock (real or shifted by --now). */
int64_t http_now_ms(void);
/* This worker thread's store (opened on first use, closed at shutdown). */
int http_store(struct store **st, struct errinfo *e);

/* Request accessors: NULL when absent. */
const char *http_header(struct http_req *r, const char *name);
const char *http_cookie(struct http_req *r, const char *name);
const char *http_query(struct http_req *r, const char *name);
/* Calls fn for every query argument in order. */
void http_query_each(struct http_req *r, void (*fn)(void *ctx, const char *k, const char *v), void *ctx);

/* Responses.  Each replaces any earlier body; headers accumulate. */
void http_reply(struct http_req *r, int status, const char *content_type, char *heap_body, size_t len);
/* JSON body (compact); steals j. */
void http_reply_json(struct http_req *r, int status, json_t *j);
/*
 * {"error": {"code", "message", "field", "message_code", "params"}} with the
 * status of e's code (err_http_status): code is the error's class
 * ("invalid"), message_code and params its message (msg.h), message its text
 * in the request's language (http_lang).
 */
void http_reply_error(struct http_req *r, const struct errinfo *e);
/* The language the request asks for: ?lang=da|en, else Accept-Language (q-values), else Danish. */
enum msg_lang http_lang(struct http_req *r);
/* The same, for an HTTP-only condition with its own status and code name. */
void http_reply_status(struct http_req *r, int status, const char *code, const char *msg_code);
void http_add_header(struct http_req *r, const char *name, const char *value);
/* The strong ETag of a body: a quoted BLAKE2b-128 in hex. */
#define HTTP_ETAG_LEN 40 /* etag.h ETAG_LEN */
void http_etag(const char *data, size_t len, char out[HTTP_ETAG_LEN]);

/* The API's entry (api.c): route r and fill its answer. */
void api_handle(struct http_req *r);
/* The route table as JSON lines "METHOD /path/{param}" (for `serve --routes` and the OpenAPI check). */
void api_routes_print(void);

#endif
