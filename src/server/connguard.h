/*
 * connguard.h — admission and deadlines of the server's connections (slow
 * clients).  The design is in connguard.c's opening comment.
 */
#ifndef SKJOLD_CONNGUARD_H
#define SKJOLD_CONNGUARD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "err.h"

struct connguard_limits {
	int max_connections;    /* open at once, in all */
	int max_per_ip;         /* open at once from one client address */
	int max_head_per_ip;    /* from one address, still sending their first request head */
	int header_timeout_ms;  /* from the accept (or the previous answer) to the end of the head */
	int body_timeout_ms;    /* from the end of the head to the end of the body */
	int tick_ms;            /* how often the reaper thread looks; 0: no thread (tests call connguard_reap) */
	int64_t (*now_ns)(void); /* the clock (monotonic); NULL: CLOCK_MONOTONIC */
};

/* What connguard_reap did, and what connguard_open refused, since the last look. */
struct connguard_counts {
	int open;               /* connections open now */
	int refused_total, refused_per_ip, refused_head_per_ip;
	int cut_head, cut_body;
};

struct connguard;
struct connguard_conn;

/*
 * Start a guard with these limits (and its reaper thread when tick_ms > 0).
 * The guard belongs to the caller; connguard_stop frees it.
 */
int connguard_start(const struct connguard_limits *lim, struct connguard **out, struct errinfo *e);
/* Stop the reaper and free the guard.  Every connection must be closed first. */
void connguard_stop(struct connguard *g);

/*
 * A connection was accepted on socket fd from address sa.  Returns its record
 * (never NULL), owned by the guard until connguard_close.  Over a limit, the
 * connection is refused: its socket is shut down at once (the client sees it
 * closed) and connguard_head_done answers false.
 */
struct connguard_conn *connguard_open(struct connguard *g, int fd, const struct sockaddr *sa);
/* The request head is complete: the body deadline starts.  False: refused or cut, drop the request. */
bool connguard_head_done(struct connguard_conn *c);
/* The body is complete: the handler and the answer run without a deadline. */
void connguard_body_done(struct connguard_conn *c);
/* The answer is sent: the header deadline starts again for the next request on this connection. */
void connguard_request_done(struct connguard_conn *c);
/* The connection is closed (before its socket is): forget it. */
void connguard_close(struct connguard_conn *c);

/*
 * Shut down every connection past its deadline at now_ns; the reaper calls it
 * every tick.  Fills *counts (if not NULL) with what happened since the last
 * call and resets those counters.
 */
void connguard_reap(struct connguard *g, int64_t now_ns, struct connguard_counts *counts);

#endif
