/*
 * pgwatch.c — a server's watch of the database's generations on PostgreSQL
 * (pgwatch.h; migration 14).
 *
 * One thread a process with a connection of its own: LISTEN skjold_gen,
 * read every generation, then apply each notification as it comes and
 * answer writers' barriers.  Its figures sit behind one mutex; the callers it
 * kept are a direct-mapped table of PGWATCH_SLOTS slots indexed by the
 * secret's hash (a new caller on a taken slot replaces the old one).
 */
#include "pgwatch.h"

#include <inttypes.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "date.h"
#include "log.h"
#include "strmap.h"

#define PGWATCH_SLOTS 4096u
#define PGWATCH_RETRY_MS 200
#define PGWATCH_POLL_MS 250
#define PGWATCH_APP "skjold-watch"

struct kept {
	bool used, token;
	unsigned char hash[32];
	uint64_t stamp;
	int64_t kept_ms; /* mono_ms when read from the database */
	size_t n;
	struct caller_rec *rows; /* n rows; their strings in text */
	char *text;
	size_t text_len;
};

static struct {
	pthread_mutex_t lock;
	pthread_t thread;
	bool started, stop;
	char *conninfo;
	bool live;
	uint64_t stamp;      /* moves with the auth generation and every (dis)connection */
	int64_t auth_gen;
	struct strmap orgs;  /* org -> index into gens */
	char **org_names;    /* the keys strmap borrows */
	int64_t *gens;
	size_t norgs, cap;
	struct kept slots[PGWATCH_SLOTS];
} w = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* ---- the figures (w.lock held) ---- */

static void orgs_clear(void)
{
	strmap_free(&w.orgs);
	for (size_t i = 0; i < w.norgs; i++)
		free(w.org_names[i]);
	free(w.org_names);
	free(w.gens);
	w.org_names = NULL;
	w.gens = NULL;
	w.norgs = w.cap = 0;
	strmap_init(&w.orgs, 64);
}

/* Raise org's generation to gen (a notification may come after a newer reading: never lower it). */
static void org_set(const char *org, int64_t gen)
{
	size_t len = strlen(org);
	long i = strmap_get(&w.orgs, org, len);
	if (i >= 0) {
		if (gen > w.gens[i])
			w.gens[i] = gen;
		return;
	}
	if (w.norgs == w.cap) {
		w.cap = w.cap ? 2 * w.cap : 64;
		w.org_names = xrealloc(w.org_names, w.cap * sizeof *w.org_names);
		w.gens = xrealloc(w.gens, w.cap * sizeof *w.gens);
	}
	w.org_names[w.norgs] = xstrdup(org);
	w.gens[w.norgs] = gen;
	strmap_put(&w.orgs, w.org_names[w.norgs], len, (uint32_t)w.norgs);
	w.norgs++;
}

static void slot_free(struct kept *k)
{
	free(k->rows);
	free(k->text);
	memset(k, 0, sizeof *k);
}

static void kept_clear(void)
{
	for (size_t i = 0; i < PGWATCH_SLOTS; i++)
		slot_free(&w.slots[i]);
}

static struct kept *slot_of(const unsigned char hash[32])
{
	uint32_t h;
	memcpy(&h, hash, sizeof h); /* a hash of a random secret: its first bytes are as good as any */
	return &w.slots[h & (PGWATCH_SLOTS - 1)];
}

/* ---- the watch's connection ---- */

static void note(const char *what, const char *error)
{
	if (!log_on(LOG_LEVEL_WARN))
		return;
	char at[32], first[512];
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	instant_format_utc((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, at);
	error = error ? error : "";
	snprintf(first, sizeof first, "%.*s", (int)strcspn(error, "\n"), error); /* libpq's first line */
	json_t *o = json_pack("{ssssssss}", "at", at, "store", "watch", "event", what, "error", first);
	char *line = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	if (line)
		fprintf(stderr, "%s\n", line);
	free(line);
	json_decref(o);
}

static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static bool command_ok(PGconn *c, const char *sql)
{
	PGresult *res = PQexec(c, sql);
	bool ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;
	if (!ok)
		note("query", PQerrorMessage(c));
	PQclear(res);
	return ok;
}

/* LISTEN first, then read every generation: what commits in between is both read and announced. */
static bool load_all(PGconn *c)
{
	if (!command_ok(c, "SET client_min_messages = warning") || !command_ok(c, "LISTEN skjold_gen"))
		return false;
	PGresult *orgs = PQexec(c, "SELECT org, gen FROM org_generation");
	PGresult *auth = PQexec(c, "SELECT gen FROM auth_generation WHERE one = 1");
	bool ok = PQresultStatus(orgs) == PGRES_TUPLES_OK && PQresultStatus(auth) == PGRES_TUPLES_OK &&
		  PQntuples(auth) == 1;
	if (ok) {
		pthread_mutex_lock(&w.lock);
		orgs_clear();
		for (int r = 0; r < PQntuples(orgs); r++)
			org_set(PQgetvalue(orgs, r, 0), strtoll(PQgetvalue(orgs, r, 1), NULL, 10));
		w.auth_gen = strtoll(PQgetvalue(auth, 0, 0), NULL, 10);
		kept_clear();
		w.stamp++;
		w.live = true;
		pthread_mutex_unlock(&w.lock);
	} else {
		note("load", PQerrorMessage(c));
	}
	PQclear(orgs);
	PQclear(auth);
	/* only now a barrier counts this watch in: its LISTEN is in place and its figures read */
	return ok && command_ok(c, "SET application_name = '" PGWATCH_APP "'");
}

static void not_live(void)
{
	pthread_mutex_lock(&w.lock);
	w.live = false;
	w.stamp++;
	kept_clear();
	pthread_mutex_unlock(&w.lock);
}

/* Apply one notification; a barrier's answer is added to acks. */
static void apply(const char *p, int my_pid, struct buf *acks)
{
	char *end;
	pthread_mutex_lock(&w.lock);
	if (p[0] == 'g' && p[1] == ' ') {
		long long gen = strtoll(p + 2, &end, 10);
		if (*end == ' ')
			org_set(end + 1, gen);
	} else if (p[0] == 'a' && p[1] == ' ') {
		long long gen = strtoll(p + 2, &end, 10);
		if (gen > w.auth_gen) {
			w.auth_gen = gen;
			w.stamp++;
		}
	}
	pthread_mutex_unlock(&w.lock);
	if (p[0] == 'b' && p[1] == ' ') {
		long long pid = strtoll(p + 2, &end, 10);
		unsigned long long seq = *end == ' ' ? strtoull(end + 1, NULL, 10) : 0;
		buf_printf(acks, "%sSELECT pg_notify('skjold_ack', '%lld %llu %d')", acks->len ? "; " : "", pid, seq,
			   my_pid);
	}
}

/*
 * Apply what arrived; answer its barriers after everything before them is
 * applied.  libpq keeps what arrives during the answers' own query for the
 * next PQnotifies, so this goes round until nothing is left.  False when
 * the connection failed.
 */
static bool drain(PGconn *c, int my_pid)
{
	if (PQconsumeInput(c) != 1)
		return false;
	struct buf acks = {0};
	bool ok = true;
	for (;;) {
		PGnotify *nt;
		while ((nt = PQnotifies(c))) {
			apply(nt->extra, my_pid, &acks);
			PQfreemem(nt);
		}
		if (!acks.len)
			break;
		if (!(ok = !acks.full && command_ok(c, buf_str(&acks))))
			break;
		buf_reset(&acks);
	}
	buf_free(&acks);
	return ok;
}

static void *watch_main(void *arg)
{
	(void)arg;
	/* the server's own conninfo, renamed, and never waiting long to connect (a stop waits for this thread) */
	const char *keys[] = {"dbname", "application_name", "connect_timeout", NULL};
	const char *vals[] = {w.conninfo, PGWATCH_APP "-start", "5", NULL};
	bool noted = false;
	for (;;) {
		pthread_mutex_lock(&w.lock);
		bool stop = w.stop;
		pthread_mutex_unlock(&w.lock);
		if (stop)
			break;
		PGconn *c = PQconnectdbParams(keys, vals, 1);
		PQsetNoticeProcessor(c, quiet, NULL); /* a lost connection is noted once, as "lost" */
		if (PQstatus(c) == CONNECTION_OK && load_all(c)) {
			noted = false;
			int pid = PQbackendPID(c);
			for (;;) {
				pthread_mutex_lock(&w.lock);
				stop = w.stop;
				pthread_mutex_unlock(&w.lock);
				if (stop)
					break;
				/* first what libpq holds already (read during the load's queries), then wait */
				if (!drain(c, pid))
					break;
				struct pollfd pfd = {.fd = PQsocket(c), .events = POLLIN};
				if (poll(&pfd, 1, PGWATCH_POLL_MS) < 0)
					break;
			}
			if (!stop)
				note("lost", PQerrorMessage(c));
		} else if (!noted) {
			note("connect", PQerrorMessage(c));
			noted = true;
		}
		not_live();
		PQfinish(c);
		if (!stop) {
			struct timespec ts = {0, PGWATCH_RETRY_MS * 1000000L};
			nanosleep(&ts, NULL);
		}
	}
	return NULL;
}

void pgwatch_start(const char *conninfo)
{
	pthread_mutex_lock(&w.lock);
	bool go = !w.started;
	if (go) {
		w.started = true;
		w.stop = false;
		w.conninfo = xstrdup(conninfo);
		strmap_init(&w.orgs, 64);
	}
	pthread_mutex_unlock(&w.lock);
	if (go && pthread_create(&w.thread, NULL, watch_main, NULL) != 0) {
		note("start", "pthread_create failed");
		pthread_mutex_lock(&w.lock);
		w.started = false;
		pthread_mutex_unlock(&w.lock);
	}
}

void pgwatch_stop(void)
{
	pthread_mutex_lock(&w.lock);
	bool was = w.started;
	w.stop = true;
	pthread_mutex_unlock(&w.lock);
	if (!was)
		return;
	pthread_join(w.thread, NULL);
	pthread_mutex_lock(&w.lock);
	w.started = false;
	w.live = false;
	kept_clear();
	orgs_clear();
	strmap_free(&w.orgs);
	free(w.conninfo);
	w.conninfo = NULL;
	pthread_mutex_unlock(&w.lock);
}

bool pgwatch_org_gen(const char *org, int64_t *gen)
{
	pthread_mutex_lock(&w.lock);
	bool live = w.live;
	if (live) {
		long i = strmap_get(&w.orgs, org, strlen(org));
		*gen = i >= 0 ? w.gens[i] : 0; /* no row yet: 0, as the statement's coalesce */
	}
	pthread_mutex_unlock(&w.lock);
	return live;
}

uint64_t pgwatch_stamp(void)
{
	pthread_mutex_lock(&w.lock);
	uint64_t s = w.live ? w.stamp : 0;
	pthread_mutex_unlock(&w.lock);
	return s;
}

/* ---- the kept callers ---- */

static size_t text_len(const char *s) { return s ? strlen(s) + 1 : 0; }

/* Copy s to *at (advancing it); NULL stays NULL. */
static const char *text_put(char **at, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	memcpy(*at, s, n);
	const char *r = *at;
	*at += n;
	return r;
}

static void rec_strings(struct caller_rec *r, char **at)
{
	r->csrf = text_put(at, r->csrf);
	r->token_org = text_put(at, r->token_org);
	r->token_role = text_put(at, r->token_role);
	r->user = text_put(at, r->user);
	r->display_name = text_put(at, r->display_name);
	r->home_org = text_put(at, r->home_org);
	r->org = text_put(at, r->org);
	r->role = text_put(at, r->role);
}

static size_t rec_text_len(const struct caller_rec *r)
{
	return text_len(r->csrf) + text_len(r->token_org) + text_len(r->token_role) + text_len(r->user) +
	       text_len(r->display_name) + text_len(r->home_org) + text_len(r->org) + text_len(r->role);
}

void pgwatch_caller_keep(uint64_t stamp, bool token, const unsigned char hash[32], const struct caller_rec *c,
			 size_t n)
{
	if (!stamp || !n)
		return;
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += rec_text_len(&c[i]);
	struct caller_rec *rows = xmalloc(n * sizeof *rows);
	char *text = xmalloc(len ? len : 1), *at = text;
	memcpy(rows, c, n * sizeof *rows);
	for (size_t i = 0; i < n; i++)
		rec_strings(&rows[i], &at);
	pthread_mutex_lock(&w.lock);
	if (w.live && w.stamp == stamp) {
		struct kept *k = slot_of(hash);
		slot_free(k);
		*k = (struct kept){.used = true, .token = token, .stamp = stamp, .kept_ms = mono_ms(), .n = n,
				   .rows = rows, .text = text, .text_len = len};
		memcpy(k->hash, hash, 32);
		rows = NULL;
		text = NULL;
	}
	pthread_mutex_unlock(&w.lock);
	free(rows);
	free(text);
}

bool pgwatch_caller_get(bool token, const unsigned char hash[32], struct arena *a, struct caller_rec **out,
			size_t *n)
{
	pthread_mutex_lock(&w.lock);
	struct kept *k = slot_of(hash);
	int64_t keep_ms = token ? PGWATCH_TOKEN_KEEP_MS : PGWATCH_SESSION_KEEP_MS;
	bool hit = w.live && k->used && k->token == token && k->stamp == w.stamp && !memcmp(k->hash, hash, 32) &&
		   mono_ms() - k->kept_ms < keep_ms;
	if (hit) {
		struct caller_rec *rows = arena_alloc(a, k->n * sizeof *rows);
		char *at = arena_alloc(a, k->text_len ? k->text_len : 1);
		memcpy(rows, k->rows, k->n * sizeof *rows);
		for (size_t i = 0; i < k->n; i++) {
			rec_strings(&rows[i], &at);
			if (rows[i].org) { /* the generation as announced now, not as kept */
				long j = strmap_get(&w.orgs, rows[i].org, strlen(rows[i].org));
				rows[i].gen = j >= 0 ? w.gens[j] : 0;
			}
		}
		*out = rows;
		*n = k->n;
	}
	pthread_mutex_unlock(&w.lock);
	return hit;
}

void pgwatch_session_touched(const unsigned char hash[32], int64_t at_ms)
{
	pthread_mutex_lock(&w.lock);
	struct kept *k = slot_of(hash);
	if (k->used && !k->token && !memcmp(k->hash, hash, 32))
		for (size_t i = 0; i < k->n; i++)
			k->rows[i].last_seen_ms = at_ms;
	pthread_mutex_unlock(&w.lock);
}

/* ---- a writer's barrier ---- */

/* Row r's first column, a backend's pid. */
static int pid_at(const PGresult *res, int r)
{
	return (int)strtol(PQgetvalue(res, r, 0), NULL, 10);
}

/* pids[0..n) less those no longer connected as a watch (0 where gone); the number left. */
static int still_watching(PGconn *conn, int *pids, int n)
{
	struct buf q = {0};
	buf_puts(&q, "SELECT pid FROM pg_stat_activity WHERE application_name = '" PGWATCH_APP "' AND pid IN (0");
	for (int i = 0; i < n; i++)
		if (pids[i])
			buf_printf(&q, ", %d", pids[i]);
	buf_puts(&q, ")");
	PGresult *res = q.full ? NULL : PQexec(conn, buf_str(&q));
	buf_free(&q);
	int left = 0;
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		PQclear(res);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		bool there = false;
		for (int r = 0; pids[i] && r < PQntuples(res); r++)
			there |= pid_at(res, r) == pids[i];
		if (!there)
			pids[i] = 0;
		left += there;
	}
	PQclear(res);
	return left;
}

/* Strike off pids[] each watch whose answer to barrier seq of backend me libpq has read. */
static int answers_read(PGconn *conn, int me, unsigned long long seq, int *pids, int n, int left)
{
	PGnotify *nt;
	while ((nt = PQnotifies(conn))) {
		int pid, from;
		unsigned long long sq;
		if (sscanf(nt->extra, "%d %llu %d", &pid, &sq, &from) == 3 && pid == me && sq == seq)
			for (int i = 0; i < n; i++)
				if (pids[i] && pids[i] == from) {
					pids[i] = 0;
					left--;
				}
		PQfreemem(nt);
	}
	return left;
}

/*
 * The watches' answers to barrier seq of backend me, until none of pids is
 * left or the time is up.  libpq keeps a notification that arrives during
 * any query (still_watching's too) until PQnotifies: so the answers already
 * read are struck off before every wait on the socket.
 */
static int await_answers(PGconn *conn, int me, unsigned long long seq, int *pids, int n)
{
	int left = n;
	int64_t until = mono_ms() + PGWATCH_ACK_TIMEOUT_MS, check = mono_ms() + PGWATCH_RECHECK_MS;
	while ((left = answers_read(conn, me, seq, pids, n, left)) > 0) {
		int64_t now = mono_ms();
		if (now >= until)
			break;
		if (now >= check) { /* a watch that went away meanwhile will not answer: stop waiting for it */
			if (still_watching(conn, pids, n) <= 0)
				return 0;
			left = 0;
			for (int i = 0; i < n; i++)
				left += pids[i] != 0;
			check = now + PGWATCH_RECHECK_MS;
			continue;
		}
		int64_t wait = (until < check ? until : check) - now;
		struct pollfd pfd = {.fd = PQsocket(conn), .events = POLLIN};
		if (poll(&pfd, 1, (int)wait) < 0 || PQconsumeInput(conn) != 1)
			return left;
	}
	return left;
}

void pgwatch_barrier(struct pg_conn *conn)
{
	static _Atomic unsigned long long next_seq;
	int me = PQbackendPID(conn);
	unsigned long long seq = ++next_seq;
	char sql[320];
	/* LISTEN and the barrier commit together: every answer comes after both */
	snprintf(sql, sizeof sql,
		 "LISTEN skjold_ack; SELECT pg_notify('skjold_gen', 'b %d %llu'); SELECT pid FROM pg_stat_activity "
		 "WHERE application_name = '" PGWATCH_APP "' AND datname = current_database()",
		 me, seq);
	PGresult *res = PQexec(conn, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		PQclear(res);
		return; /* the write is committed; a lost connection takes the watches with it */
	}
	int n = PQntuples(res);
	int *pids = xmalloc((size_t)(n ? n : 1) * sizeof *pids);
	for (int i = 0; i < n; i++)
		pids[i] = pid_at(res, i);
	PQclear(res);
	int left = n ? await_answers(conn, me, seq, pids, n) : 0;
	/* no more answers for this connection: an idle one would otherwise gather every writer's */
	PQclear(PQexec(conn, "UNLISTEN skjold_ack"));
	PGnotify *nt;
	while ((nt = PQnotifies(conn)))
		PQfreemem(nt);
	if (left > 0) {
		char who[160] = "";
		size_t used = 0;
		for (int i = 0; i < n && used + 16 < sizeof who; i++)
			if (pids[i])
				used += (size_t)snprintf(who + used, sizeof who - used, "%s%d", used ? " " : "", pids[i]);
		char msg[256];
		snprintf(msg, sizeof msg, "no answer within %d ms from the watch connections %s", PGWATCH_ACK_TIMEOUT_MS,
			 who);
		note("barrier", msg);
	}
	free(pids);
}
