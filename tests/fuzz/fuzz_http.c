/*
 * fuzz_http.c — the HTTP layer: the request as bytes on a socket, through
 * libmicrohttpd's parsing of the request line, headers and cookies, the
 * server's own unescaping of path and query (http.c), then api_handle
 * (api.c): routing, the caller from the session cookie or a bearer token,
 * CSRF, the JSON body, the query of lists (filters, sort, paging) and the
 * handler behind the route.
 *
 * Input: one raw HTTP/1.1 request (or several, pipelined).  Before it is
 * sent, "@SESSION@", "@CSRF@" and "@TOKEN@" are replaced by a live session
 * cookie, its CSRF token and an API token of user "fuzz" (role isk in
 * eksempel-kommune, nationalbanken and bank1), so authenticated routes are
 * reached.  The server is the one http_serve runs (http_daemon_local),
 * without threads, on the fixture store; each input runs in one outer
 * transaction that is rolled back after it.
 */
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "auth.h"
#include "fuzz.h"
#include "http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct MHD_Daemon *daemon_;
static struct store *st;
static const char *marks[3][2] = {{"@SESSION@", NULL}, {"@CSRF@", NULL}, {"@TOKEN@", NULL}};

static void die(const char *what, const struct errinfo *e)
{
	fprintf(stderr, "fuzz_http: %s: %s\n", what, e ? e->message : "");
	abort();
}

/* The server, and a session and a token of user fuzz (no password change pending). */
static void setup(void)
{
	static struct http_config cfg;
	static struct arena a;
	cfg.db = fuzz_db_copy();
	cfg.max_connections = 64;
	cfg.max_per_ip = 64;
	cfg.timeout_s = 5;
	cfg.fixed_now_ms = fuzz_now_ms;
	daemon_ = http_daemon_local(&cfg);
	if (!daemon_)
		die("cannot start the server", NULL);
	arena_init(&a);
	struct errinfo e = {0};
	struct user_rec u;
	struct principal p;
	char *cookie = NULL, *token = NULL;
	int64_t token_id;
	/* the worker's store: requests run on this thread, so this is the one they use */
	if (http_store(&st, &e) || store_user_get(st, "fuzz", &a, &u, &e))
		die("no user fuzz in the fixture", &e);
	u.must_change_pw = 0;
	if (store_user_put(st, &u, NULL, &e) || auth_session_new(st, u.uid, fuzz_now_ms, &a, &cookie, &e) ||
	    auth_from_session(st, cookie, fuzz_now_ms, &a, &p, &e) ||
	    auth_token_create(st, "fuzz", "eksempel-kommune", "isk", "fuzz", 0, fuzz_now_ms, &a, &token, &token_id, &e))
		die("cannot open a session", &e);
	marks[0][1] = cookie;
	marks[1][1] = p.csrf;
	marks[2][1] = token;
}

/* The input with the marks replaced (heap; *len its length). */
static char *substitute(const uint8_t *data, size_t size, size_t *len)
{
	size_t cap = size + 1, n = 0;
	char *out = xmalloc(cap);
	for (size_t i = 0; i < size;) {
		const char *rep = NULL;
		size_t ml = 0;
		for (int m = 0; m < 3 && !rep; m++) {
			ml = strlen(marks[m][0]);
			if (size - i >= ml && !memcmp(data + i, marks[m][0], ml))
				rep = marks[m][1];
		}
		size_t rl = rep ? strlen(rep) : 1;
		if (n + rl + 1 > cap) {
			cap = (n + rl + 1) * 2;
			out = xrealloc(out, cap);
		}
		if (rep) {
			memcpy(out + n, rep, rl);
			i += ml;
		} else {
			out[n] = (char)data[i++];
		}
		n += rl;
	}
	*len = n;
	return out;
}

static unsigned connections(void)
{
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
	return di ? di->num_connections : 0;
}

/*
 * Send req on a fresh connection inside one rolled-back transaction; the
 * first bytes of the answer go to first (NUL-terminated).  Returns -1 when
 * the server would not take the connection.
 */
static int exchange(const char *req, size_t len, char *first, size_t first_len)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		die("socketpair", NULL);
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	struct sockaddr_in peer = {.sin_family = AF_INET, .sin_port = htons(40000), .sin_addr.s_addr = htonl(0x7f000001)};
	fuzz_begin(st);
	if (MHD_add_connection(daemon_, sv[1], (struct sockaddr *)&peer, sizeof peer) != MHD_YES) {
		close(sv[0]);
		fuzz_rollback(st);
		return -1;
	}
	/* the socket's buffer holds any request of -max_len; the server reads it all, then sees the end */
	size_t off = 0;
	for (int spin = 0; off < len && spin < 1000; spin++) {
		ssize_t w = write(sv[0], req + off, len - off);
		if (w > 0)
			off += (size_t)w;
		else
			MHD_run(daemon_);
	}
	shutdown(sv[0], SHUT_WR);
	char sink[16384];
	size_t got = 0;
	static int show = -1; /* SKJOLD_FUZZ_SHOW=1: the answers on stderr, to read a reproducer's outcome */
	if (show < 0)
		show = getenv("SKJOLD_FUZZ_SHOW") != NULL;
	for (int spin = 0; spin < 2000; spin++) {
		MHD_run(daemon_);
		ssize_t r = read(sv[0], sink, sizeof sink);
		if (r > 0 && show)
			fwrite(sink, 1, (size_t)r, stderr);
		if (r > 0 && got + 1 < first_len) {
			size_t n = (size_t)r < first_len - 1 - got ? (size_t)r : first_len - 1 - got;
			memcpy(first + got, sink, n);
			got += n;
		}
		if (r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
			break;
	}
	if (first_len)
		first[got] = 0;
	close(sv[0]);
	for (int spin = 0; spin < 100 && connections() > 0; spin++)
		MHD_run(daemon_);
	fuzz_rollback(st);
	return 0;
}

/*
 * The harness reaches the handlers only if a plain authenticated read
 * answers 200 inside its outer transaction: check that once, so a change
 * that turns every request into an error fails the run instead of fuzzing
 * nothing but the error path.
 */
static void check_reach(void)
{
	char req[512], first[64];
	int n = snprintf(req, sizeof req,
			 "GET /api/v1/orgs/eksempel-kommune/nodes?limit=1 HTTP/1.1\r\nHost: x\r\n"
			 "Authorization: Bearer %s\r\n\r\n", marks[2][1]);
	if (exchange(req, (size_t)n, first, sizeof first) || strncmp(first, "HTTP/1.1 200", 12)) {
		fprintf(stderr, "fuzz_http: a plain read does not answer 200: %s\n", first);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!daemon_) {
		setup();
		check_reach();
	}
	size_t len;
	char *req = substitute(data, size, &len);
	exchange(req, len, NULL, 0);
	free(req);
	return 0;
}
