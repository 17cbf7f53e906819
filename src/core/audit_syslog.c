/*
 * audit_syslog.c — audit entries forwarded by syslog once committed
 * (audit_syslog.h; docs/operations.md, "SIEM").
 *
 * The store calls on_commit after the outermost transaction that appended
 * entries has committed (store_audit_hook_set), on the writer's thread; the
 * entries are read back through the store (so what is sent is what was
 * committed, and a savepoint rolled back sends nothing) and each is sent as
 * one message.  One socket per process, behind a mutex: the server's workers
 * share it.
 *
 * Nothing here may hold up a write for long:
 *  - every socket is non-blocking; a TCP connect waits at most
 *    CONNECT_TIMEOUT_MS, a datagram is sent at once or dropped, a TCP frame
 *    may wait SEND_BUDGET_MS for room in a full buffer (a frame cut short
 *    would break the stream's framing), then the connection is dropped;
 *  - a host name is looked up once, at the first entry;
 *  - after a failure the target is not tried again for BACKOFF_MIN_MS,
 *    doubling up to BACKOFF_MAX_MS while it keeps failing; the messages of
 *    that time are dropped and counted;
 *  - a failure is logged once per burst (warn), and its end with the count
 *    dropped.
 * UDP and Unix datagrams are fire and forget: a receiver that is down is
 * seen only when the kernel reports the refusal at a later send.
 */
#include "audit_syslog.h"

#include <errno.h>
#include <jansson.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "log.h"

#define CONNECT_TIMEOUT_MS 250
#define SEND_BUDGET_MS 250
#define BACKOFF_MIN_MS 500
#define BACKOFF_MAX_MS 30000
#define PAGE 200

int audit_syslog_target_parse(const char *url, struct audit_syslog_target *t, char *why, size_t why_len)
{
	memset(t, 0, sizeof *t);
	const char *rest;
	if (!strncmp(url, "unix:", 5)) {
		t->transport = AUDIT_SYSLOG_UNIX;
		rest = url + 5;
		if (rest[0] != '/' || strlen(rest) >= sizeof t->path) {
			snprintf(why, why_len, "unix: takes an absolute socket path of at most %zu bytes",
				 sizeof t->path - 1);
			return ERR_INVALID;
		}
		snprintf(t->path, sizeof t->path, "%s", rest);
		return 0;
	}
	if (!strncmp(url, "udp://", 6))
		t->transport = AUDIT_SYSLOG_UDP;
	else if (!strncmp(url, "tcp://", 6))
		t->transport = AUDIT_SYSLOG_TCP;
	else {
		snprintf(why, why_len, "must be udp://HOST:PORT, tcp://HOST:PORT or unix:/PATH");
		return ERR_INVALID;
	}
	rest = url + 6;
	const char *colon, *host = rest;
	size_t hlen;
	if (*rest == '[') { /* [IPv6]:port */
		const char *close = strchr(rest, ']');
		if (!close || close[1] != ':') {
			snprintf(why, why_len, "an IPv6 address is written [ADDRESS]:PORT");
			return ERR_INVALID;
		}
		host = rest + 1;
		hlen = (size_t)(close - host);
		colon = close + 1;
	} else {
		colon = strrchr(rest, ':');
		hlen = colon ? (size_t)(colon - rest) : 0;
	}
	char *end;
	long port = colon ? strtol(colon + 1, &end, 10) : 0;
	if (!colon || !hlen || hlen >= sizeof t->host || colon[1] < '0' || colon[1] > '9' || *end || port < 1 ||
	    port > 65535) {
		snprintf(why, why_len, "needs a host and a port 1..65535 (udp://127.0.0.1:514)");
		return ERR_INVALID;
	}
	for (size_t i = 0; i < hlen; i++)
		if (host[i] <= ' ' || host[i] == '/' || host[i] == '[' || host[i] == ']') {
			snprintf(why, why_len, "the host may not contain '%c'", host[i] > ' ' ? host[i] : '?');
			return ERR_INVALID;
		}
	memcpy(t->host, host, hlen);
	snprintf(t->port, sizeof t->port, "%ld", port);
	return 0;
}

static const char *const facilities[] = {"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
					 "uucp", "cron", "authpriv", "ftp", "ntp", "security", "console", "solaris-cron",
					 "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"};

int audit_syslog_facility_parse(const char *name, int *facility)
{
	for (int i = 0; name && i < (int)(sizeof facilities / sizeof facilities[0]); i++)
		if (!strcmp(name, facilities[i])) {
			*facility = i;
			return 0;
		}
	return ERR_INVALID;
}

int audit_syslog_format_parse(const char *name, enum audit_format *f)
{
	if (name && !strcmp(name, "cef"))
		*f = AUDIT_FORMAT_CEF;
	else if (name && !strcmp(name, "json"))
		*f = AUDIT_FORMAT_JSONL;
	else
		return ERR_INVALID;
	return 0;
}

/* RFC 3339 with milliseconds and the Copenhagen offset: "2026-03-02T14:05:00.123+01:00". */
static void stamp(int64_t ms, char out[40])
{
	int off = tz_cph_offset_minutes(ms);
	char t[32];
	audit_format_time(ms + (int64_t)off * 60000, t);
	t[23] = 0; /* the 'Z' */
	snprintf(out, 40, "%s%c%02d:%02d", t, off < 0 ? '-' : '+', abs(off) / 60, abs(off) % 60);
}

/* A header field: printable US-ASCII without spaces, at most max; "-" when empty. */
static void header_field(struct buf *out, const char *s, size_t max)
{
	size_t n = 0;
	for (; s && *s && n < max; s++)
		if (*s > ' ' && *s < 127) {
			buf_add(out, s, 1);
			n++;
		}
	if (!n)
		buf_add(out, "-", 1);
}

void audit_syslog_message(const struct audit_entry *x, int facility, enum audit_format f, const char *hostname,
			  long pid, struct buf *out)
{
	int cef = audit_format_severity(x->action);
	int severity = cef >= 7 ? 4 : cef >= 5 ? 5 : 6;
	char ts[40];
	stamp(x->at_ms, ts);
	buf_printf(out, "<%d>1 %s ", facility * 8 + severity, ts);
	header_field(out, hostname, 255);
	buf_printf(out, " skjold %ld ", pid);
	header_field(out, x->action, 32);
	buf_puts(out, " - ");
	audit_format_line(f, x, out);
}

/* ---- the sender ---- */

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct audit_syslog_target target;
static char target_text[512];
static int facility;
static enum audit_format format;
static char hostname[256];
static long pid;
static int fd = -1;
static int64_t retry_at_ms, backoff_ms;
static bool failing;
static uint64_t n_sent, n_dropped, burst_dropped;



/* One log line on stderr (warn): what happened, and an error or a count. */
static void note(const char *what, const char *error, uint64_t dropped)
{
	if (!log_on(LOG_LEVEL_WARN))
		return;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	char at[32];
	audit_format_time((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, at);
	json_t *o = json_pack("{ssssss}", "at", at, "syslog", what, "target", target_text);
	if (error)
		json_object_set_new(o, "error", json_string(error));
	json_object_set_new(o, "dropped", json_integer((json_int_t)dropped));
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (s)
		fprintf(stderr, "%s\n", s);
	free(s);
	json_decref(o);
}

/*
 * The target's address, looked up at the first connect and kept: a host name
 * costs one lookup per process, not one per reconnect (a slow resolver
 * delays the first entry only).
 */
static struct sockaddr_storage addr;
static socklen_t addr_len;
static int addr_family, addr_socktype, addr_protocol;

static int resolve(char *why, size_t why_len)
{
	if (addr_len)
		return 0;
	bool tcp = target.transport == AUDIT_SYSLOG_TCP;
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = tcp ? SOCK_STREAM : SOCK_DGRAM}, *res;
	int g = getaddrinfo(target.host, target.port, &hints, &res);
	if (g) {
		snprintf(why, why_len, "%s", gai_strerror(g));
		return -1;
	}
	memcpy(&addr, res->ai_addr, res->ai_addrlen);
	addr_len = res->ai_addrlen;
	addr_family = res->ai_family;
	addr_socktype = res->ai_socktype;
	addr_protocol = res->ai_protocol;
	freeaddrinfo(res);
	return 0;
}

/* A connected non-blocking socket to the target, or -1 with why. */
static int open_socket(char *why, size_t why_len)
{
	int s;
	if (target.transport == AUDIT_SYSLOG_UNIX) {
		struct sockaddr_un a = {.sun_family = AF_UNIX};
		snprintf(a.sun_path, sizeof a.sun_path, "%s", target.path);
		s = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (s >= 0 && connect(s, (struct sockaddr *)&a, sizeof a) == 0)
			return s;
	} else {
		if (resolve(why, why_len))
			return -1;
		s = socket(addr_family, addr_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, addr_protocol);
		if (s >= 0 && connect(s, (struct sockaddr *)&addr, addr_len) == 0)
			return s;
		if (s >= 0 && errno == EINPROGRESS) {
			struct pollfd p = {.fd = s, .events = POLLOUT};
			int err = ETIMEDOUT;
			socklen_t len = sizeof err;
			if (poll(&p, 1, CONNECT_TIMEOUT_MS) == 1 && getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len) == 0 &&
			    err == 0)
				return s;
			errno = err;
		}
	}
	snprintf(why, why_len, "%s", strerror(errno));
	if (s >= 0)
		close(s);
	return -1;
}

/*
 * The whole frame, or a failure: a datagram goes at once or not at all; a
 * stream may wait for room in its buffer (a burst of entries, an import) up
 * to SEND_BUDGET_MS, since a frame cut short would break the framing.
 */
static bool send_all(const char *p, size_t n, char *why, size_t why_len)
{
	int64_t deadline = mono_ms() + SEND_BUDGET_MS;
	while (n) {
		ssize_t w = send(fd, p, n, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (w > 0) {
			p += w;
			n -= (size_t)w;
			continue;
		}
		int64_t left = deadline - mono_ms();
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && target.transport == AUDIT_SYSLOG_TCP &&
		    left > 0) {
			struct pollfd pf = {.fd = fd, .events = POLLOUT};
			if (poll(&pf, 1, (int)left) == 1)
				continue;
			errno = ETIMEDOUT;
		}
		snprintf(why, why_len, "%s", w < 0 ? strerror(errno) : "the receiver took nothing");
		return false;
	}
	return true;
}

/* Send one message now or drop it; never waits longer than one connect. */
static void deliver(const char *msg, size_t len)
{
	char why[200] = "";
	pthread_mutex_lock(&mu);
	int64_t now = mono_ms();
	bool tried = false, ok = false;
	if (fd < 0 && now >= retry_at_ms) {
		tried = true;
		fd = open_socket(why, sizeof why);
	}
	if (fd >= 0) {
		tried = true;
		struct buf frame = {0};
		if (target.transport == AUDIT_SYSLOG_TCP) /* RFC 6587 3.4.1: MSG-LEN SP SYSLOG-MSG */
			buf_printf(&frame, "%zu ", len);
		buf_add(&frame, msg, len);
		ok = !frame.full && send_all(frame.p, frame.len, why, sizeof why);
		if (!ok) {
			close(fd);
			fd = -1;
		}
		buf_free(&frame);
	}
	if (ok) {
		n_sent++;
		backoff_ms = 0;
		if (failing)
			note("resumed", NULL, burst_dropped);
		failing = false;
		burst_dropped = 0;
	} else {
		n_dropped++;
		burst_dropped++;
		if (tried) {
			backoff_ms = backoff_ms ? (backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff_ms * 2)
						: BACKOFF_MIN_MS;
			retry_at_ms = now + backoff_ms;
		}
		if (!failing)
			note("failed", why[0] ? why : "unreachable", n_dropped);
		failing = true;
	}
	pthread_mutex_unlock(&mu);
}

static int forward_entry(void *ctx, const struct audit_entry *x)
{
	struct buf *b = ctx;
	buf_reset(b);
	audit_syslog_message(x, facility, format, hostname, pid, b);
	if (!b->full)
		deliver(b->p, b->len);
	return 0;
}

/* The store's hook: entries from..to are committed; read them back and send each. */
static void on_commit(struct store *st, int64_t from, int64_t to)
{
	const struct store_scope *sc = store_scope_get(st);
	store_scope_set(st, NULL); /* the writer may see only its organisations; the SIEM gets every entry */
	struct buf b = {0};
	struct errinfo e = {0};
	struct audit_range q = {.after = from - 1, .upto = to, .since_ms = INT64_MIN, .until_ms = INT64_MAX,
				.limit = PAGE};
	int rc;
	do {
		rc = store_audit_page(st, &q, forward_entry, &b, &e);
		q.after = q.last;
	} while (!rc && q.nread == q.limit && q.after < to);
	buf_free(&b);
	store_scope_set(st, sc);
	if (rc) { /* the entries are committed; only their copies are lost */
		pthread_mutex_lock(&mu);
		n_dropped += (uint64_t)(to - q.after);
		note("unread", e.message, (uint64_t)(to - q.after));
		pthread_mutex_unlock(&mu);
	}
}

int audit_syslog_start(const char *url, const char *fmt, const char *fac, struct errinfo *e)
{
	char why[160];
	if (audit_syslog_target_parse(url, &target, why, sizeof why))
		return err_setm(e, ERR_INVALID, "syslog", "config.syslog", "setting", "syslog", "given", url, "reason", why,
				NULL);
	if (audit_syslog_format_parse(fmt ? fmt : "cef", &format))
		return err_setm(e, ERR_INVALID, "syslog_format", "config.syslog_format", "setting", "syslog_format", "given",
				fmt, NULL);
	if (audit_syslog_facility_parse(fac ? fac : "authpriv", &facility))
		return err_setm(e, ERR_INVALID, "syslog_facility", "config.syslog_facility", "setting", "syslog_facility",
				"given", fac, NULL);
	snprintf(target_text, sizeof target_text, "%s", url);
	if (gethostname(hostname, sizeof hostname - 1))
		hostname[0] = 0;
	pid = (long)getpid();
	store_audit_hook_set(on_commit);
	return 0;
}

void audit_syslog_counts(uint64_t *sent, uint64_t *dropped)
{
	pthread_mutex_lock(&mu);
	*sent = n_sent;
	*dropped = n_dropped;
	pthread_mutex_unlock(&mu);
}
