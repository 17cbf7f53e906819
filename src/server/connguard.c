/*
 * connguard.c — admission and deadlines of the server's connections, so that
 * slow clients cannot starve the others.
 *
 * The threat (slowloris): a client opens many connections and sends each
 * request head a byte every few seconds.  libmicrohttpd's only clock is an
 * inactivity timeout, reset by every byte read, so such a connection lives
 * as long as the client likes; and when MHD's connection limit is full it
 * stops accepting, so new clients wait in the kernel's listen queue until a
 * slot frees — which, under that load, is never.  MHD 0.9.75 (Debian
 * bookworm) has no option for an absolute deadline on the head or the body.
 *
 * What this module adds, driven by http.c from MHD's callbacks:
 *
 *   1. Admission, decided in MHD_OPTION_NOTIFY_CONNECTION when a connection
 *      starts, exactly, under one lock, against three limits: connections
 *      in all, connections from one client address, and connections from
 *      one address that have not yet sent a whole first request head.  A
 *      connection over a limit is refused at once: its socket is shut down
 *      (the client sees it closed within milliseconds, instead of queueing),
 *      and the request is dropped if its head was already buffered.  MHD's
 *      own connection limit is set above ours (http.c), so MHD never stops
 *      accepting: over-limit clients are told no, not kept waiting.
 *
 *   2. Absolute deadlines.  Each connection carries a deadline: the header
 *      deadline from its accept — and, on a kept-alive connection, from the
 *      previous answer, so idle keep-alive time counts too — to the end of
 *      the head (the first call of the access handler); then the body
 *      deadline from the end of the head to the end of the body.  While the
 *      handler runs and the answer is sent there is none (MHD's inactivity
 *      timeout still cuts a reader that stops).  A reaper thread looks at
 *      every open connection each tick (250 ms) and shuts down the socket
 *      of one past its deadline; MHD's worker then reads end-of-file and
 *      closes the connection its ordinary way.
 *
 * Shutting down a socket from another thread is safe here because MHD calls
 * the "closed" notification (connguard_close, which takes the same lock)
 * before it closes the file descriptor: a descriptor the reaper shuts down
 * under the lock is still that connection's, never a reused number.
 *
 * The per-address table is open addressing with linear probing, keyed by the
 * 16-byte address (IPv4 as ::ffff:a.b.c.d), hashed with SipHash and a random
 * key so that addresses cannot be chosen to collide; it has twice as many
 * slots as connections may be open, and an address leaves it when its last
 * connection closes.  Refused connections are not counted anywhere.
 *
 * Counts of refusals and cuts are logged by the reaper as one JSON line on
 * stderr at most once a second, and only when there were any.
 */
#include "connguard.h"

#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "mem.h"

enum conn_phase { PHASE_HEAD, PHASE_BODY, PHASE_ANSWER };

struct connguard_conn {
	struct connguard *g;
	struct connguard_conn *prev, *next; /* the open list; refused connections are not in it */
	int fd;
	unsigned char addr[16];
	enum conn_phase phase;
	bool refused;   /* over a limit at the start: never counted */
	bool cut;       /* shut down by the reaper */
	bool fresh;     /* its first request head is not complete yet */
	int64_t deadline_ns; /* 0: none */
};

struct addr_slot {
	unsigned char addr[16];
	uint32_t home;  /* the hash's slot, for the backward shift on removal */
	int conns;      /* open from this address */
	int fresh;      /* of which still sending their first head */
	bool used;
};

struct connguard {
	struct connguard_limits lim;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t reaper;
	bool has_reaper, stopping;
	struct connguard_conn *conns; /* open, not refused */
	int open;
	struct addr_slot *slots;
	uint32_t mask;
	unsigned char hash_key[crypto_shorthash_KEYBYTES];
	struct connguard_counts counts; /* since the last reap */
};

static int64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t guard_now(const struct connguard *g) { return g->lim.now_ns ? g->lim.now_ns() : mono_ns(); }

/* The 16-byte key of an address: IPv6 as it is, IPv4 mapped, anything else all zero. */
static void addr_key(const struct sockaddr *sa, unsigned char key[16])
{
	memset(key, 0, 16);
	if (sa && sa->sa_family == AF_INET) {
		key[10] = key[11] = 0xff;
		memcpy(key + 12, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
	} else if (sa && sa->sa_family == AF_INET6) {
		memcpy(key, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
	}
}

static uint32_t addr_home(const struct connguard *g, const unsigned char key[16])
{
	unsigned char h[crypto_shorthash_BYTES];
	crypto_shorthash(h, key, 16, g->hash_key);
	uint32_t v;
	memcpy(&v, h, sizeof v);
	return v & g->mask;
}

/* The slot of key, or of the free slot where it would go (used == false). */
static struct addr_slot *addr_find(struct connguard *g, const unsigned char key[16])
{
	uint32_t i = addr_home(g, key);
	while (g->slots[i].used && memcmp(g->slots[i].addr, key, 16))
		i = (i + 1) & g->mask;
	return &g->slots[i];
}

/* Remove a slot, shifting back the entries after it that probed past it (no tombstones). */
static void addr_remove(struct connguard *g, struct addr_slot *s)
{
	uint32_t i = (uint32_t)(s - g->slots), j = i;
	for (;;) {
		j = (j + 1) & g->mask;
		if (!g->slots[j].used)
			break;
		uint32_t k = g->slots[j].home;
		/* j's entry stays when its home lies cyclically in (i, j] */
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		g->slots[i] = g->slots[j];
		i = j;
	}
	g->slots[i].used = false;
}

/* Logs the counts as one JSON line (the reaper's, at most once a second). */
static void counts_log(const struct connguard_counts *n)
{
	if (!log_on(LOG_LEVEL_WARN))
		return;
	fprintf(stderr,
		"{\"at\":\"-\",\"server\":\"connections\",\"open\":%d,\"refused\":{\"total\":%d,\"per_ip\":%d,"
		"\"head_per_ip\":%d},\"cut\":{\"head\":%d,\"body\":%d}}\n",
		n->open, n->refused_total, n->refused_per_ip, n->refused_head_per_ip, n->cut_head, n->cut_body);
}

static void *reaper_main(void *arg)
{
	struct connguard *g = arg;
	struct connguard_counts acc = {0};
	int64_t last_log = 0;
	pthread_mutex_lock(&g->lock);
	while (!g->stopping) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		int64_t at = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec + (int64_t)g->lim.tick_ms * 1000000;
		ts.tv_sec = at / 1000000000;
		ts.tv_nsec = at % 1000000000;
		int rc = pthread_cond_timedwait(&g->wake, &g->lock, &ts);
		ASSERT(rc == 0 || rc == ETIMEDOUT);
		if (g->stopping)
			break;
		pthread_mutex_unlock(&g->lock);
		struct connguard_counts n;
		int64_t now = guard_now(g);
		connguard_reap(g, now, &n);
		acc.open = n.open;
		acc.refused_total += n.refused_total;
		acc.refused_per_ip += n.refused_per_ip;
		acc.refused_head_per_ip += n.refused_head_per_ip;
		acc.cut_head += n.cut_head;
		acc.cut_body += n.cut_body;
		if (now - last_log >= 1000000000 &&
		    acc.refused_total + acc.refused_per_ip + acc.refused_head_per_ip + acc.cut_head + acc.cut_body) {
			counts_log(&acc);
			memset(&acc, 0, sizeof acc);
			last_log = now;
		}
		pthread_mutex_lock(&g->lock);
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

int connguard_start(const struct connguard_limits *lim, struct connguard **out, struct errinfo *e)
{
	ASSERT(lim->max_connections > 0 && lim->max_per_ip > 0 && lim->max_head_per_ip > 0);
	ASSERT(lim->header_timeout_ms > 0 && lim->body_timeout_ms > 0 && lim->tick_ms >= 0);
	if (sodium_init() < 0)
		return err_setm(e, ERR_INTERNAL, "", "internal.libsodium", NULL);
	struct connguard *g = xcalloc(1, sizeof *g);
	g->lim = *lim;
	uint32_t cap = 16;
	while (cap < 2 * (uint32_t)lim->max_connections)
		cap *= 2;
	g->slots = xcalloc(cap, sizeof *g->slots);
	g->mask = cap - 1;
	randombytes_buf(g->hash_key, sizeof g->hash_key);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g->wake, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_init(&g->lock, NULL);
	if (lim->tick_ms > 0) {
		int rc = pthread_create(&g->reaper, NULL, reaper_main, g);
		if (rc) {
			connguard_stop(g);
			return err_setm(e, ERR_INTERNAL, "", "internal.reaper", "error", strerror(rc), NULL);
		}
		g->has_reaper = true;
	}
	*out = g;
	return 0;
}

void connguard_stop(struct connguard *g)
{
	if (!g)
		return;
	if (g->has_reaper) {
		pthread_mutex_lock(&g->lock);
		g->stopping = true;
		pthread_cond_signal(&g->wake);
		pthread_mutex_unlock(&g->lock);
		pthread_join(g->reaper, NULL);
	}
	ASSERT(g->open == 0 && g->conns == NULL);
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->lock);
	free(g->slots);
	free(g);
}

struct connguard_conn *connguard_open(struct connguard *g, int fd, const struct sockaddr *sa)
{
	struct connguard_conn *c = xcalloc(1, sizeof *c);
	c->g = g;
	c->fd = fd;
	addr_key(sa, c->addr);
	pthread_mutex_lock(&g->lock);
	struct addr_slot *s = addr_find(g, c->addr);
	int *refused = g->open >= g->lim.max_connections                  ? &g->counts.refused_total
		       : s->used && s->conns >= g->lim.max_per_ip         ? &g->counts.refused_per_ip
		       : s->used && s->fresh >= g->lim.max_head_per_ip    ? &g->counts.refused_head_per_ip
									   : NULL;
	if (refused) {
		(*refused)++;
		c->refused = true;
		shutdown(fd, SHUT_RDWR);
	} else {
		if (!s->used) {
			memcpy(s->addr, c->addr, 16);
			s->home = addr_home(g, c->addr);
			s->conns = s->fresh = 0;
			s->used = true;
		}
		s->conns++;
		s->fresh++;
		c->fresh = true;
		c->phase = PHASE_HEAD;
		c->deadline_ns = guard_now(g) + (int64_t)g->lim.header_timeout_ms * 1000000;
		c->next = g->conns;
		if (g->conns)
			g->conns->prev = c;
		g->conns = c;
		g->open++;
	}
	pthread_mutex_unlock(&g->lock);
	return c;
}

/* Move a live connection to phase; the deadline starts now (timeout_ms 0: none).  Under the lock. */
static void set_phase(struct connguard_conn *c, enum conn_phase phase, int timeout_ms)
{
	c->phase = phase;
	c->deadline_ns = timeout_ms ? guard_now(c->g) + (int64_t)timeout_ms * 1000000 : 0;
}

bool connguard_head_done(struct connguard_conn *c)
{
	struct connguard *g = c->g;
	pthread_mutex_lock(&g->lock);
	bool go = !c->refused && !c->cut;
	if (go) {
		if (c->fresh) {
			addr_find(g, c->addr)->fresh--;
			c->fresh = false;
		}
		set_phase(c, PHASE_BODY, g->lim.body_timeout_ms);
	}
	pthread_mutex_unlock(&g->lock);
	return go;
}

void connguard_body_done(struct connguard_conn *c)
{
	pthread_mutex_lock(&c->g->lock);
	if (!c->refused && !c->cut)
		set_phase(c, PHASE_ANSWER, 0);
	pthread_mutex_unlock(&c->g->lock);
}

void connguard_request_done(struct connguard_conn *c)
{
	pthread_mutex_lock(&c->g->lock);
	if (!c->refused && !c->cut)
		set_phase(c, PHASE_HEAD, c->g->lim.header_timeout_ms);
	pthread_mutex_unlock(&c->g->lock);
}

void connguard_close(struct connguard_conn *c)
{
	struct connguard *g = c->g;
	pthread_mutex_lock(&g->lock);
	if (!c->refused) {
		if (c->prev)
			c->prev->next = c->next;
		else
			g->conns = c->next;
		if (c->next)
			c->next->prev = c->prev;
		struct addr_slot *s = addr_find(g, c->addr);
		ASSERT(s->used && s->conns > 0);
		s->conns--;
		s->fresh -= c->fresh;
		if (!s->conns)
			addr_remove(g, s);
		g->open--;
	}
	pthread_mutex_unlock(&g->lock);
	free(c);
}

void connguard_reap(struct connguard *g, int64_t now_ns, struct connguard_counts *counts)
{
	pthread_mutex_lock(&g->lock);
	for (struct connguard_conn *c = g->conns; c; c = c->next) {
		if (c->cut || !c->deadline_ns || now_ns < c->deadline_ns)
			continue;
		shutdown(c->fd, SHUT_RDWR);
		c->cut = true;
		c->deadline_ns = 0;
		if (c->phase == PHASE_BODY)
			g->counts.cut_body++;
		else
			g->counts.cut_head++;
	}
	g->counts.open = g->open;
	if (counts)
		*counts = g->counts;
	memset(&g->counts, 0, sizeof g->counts);
	pthread_mutex_unlock(&g->lock);
}
