/*
 * pgwatch.h — what a server on PostgreSQL keeps in memory of the database's
 * generations, kept current by LISTEN (migration 14, pg/014_gen_notify.sql).
 *
 * `skjold serve` starts one watch a process (store_watch): a connection of
 * its own, named skjold-watch in pg_stat_activity, that LISTENs on
 * skjold_gen and keeps every organisation's write generation and the
 * auth generation.  While it is connected ("live"), pg.c answers
 * store_org_generation from it and store_caller_get from the callers it
 * kept, so a cached answer costs the database nothing.  While it is not
 * (not started, the connection lost, a failover), every call goes to the
 * database as before: the watch only ever saves a round trip, never
 * answers from figures it is not sure of.
 *
 * Writers make that exact: after every committed write, pg.c's barrier
 * (pgwatch_barrier) notifies skjold_gen and waits, at most
 * PGWATCH_ACK_TIMEOUT_MS, until every watch connected at that moment has
 * answered on skjold_ack, which a watch does only after applying all that
 * was committed before.  So when a write's answer reaches its client,
 * every server has seen it.
 */
#ifndef SKJOLD_PGWATCH_H
#define SKJOLD_PGWATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "mem.h"
#include "store.h"

/* A writer waits at most this long for the watches' answers, then goes on (and logs who was silent). */
#define PGWATCH_ACK_TIMEOUT_MS 1000
#define PGWATCH_RECHECK_MS 50
/* A kept caller is read again after this long: a session's idle clock moves without a notification. */
#define PGWATCH_SESSION_KEEP_MS 1000
#define PGWATCH_TOKEN_KEEP_MS 60000

/* Start this process's watch on conninfo (once; later calls do nothing). */
void pgwatch_start(const char *conninfo);
/* Stop it and forget everything it kept. */
void pgwatch_stop(void);

/* org's write generation as last announced (0: none yet); false when not live. */
bool pgwatch_org_gen(const char *org, int64_t *gen);

/*
 * The stamp to keep a caller under, read before reading the caller from the
 * database (0 when not live: keep nothing).  A later change of who may act
 * as whom, or a lost connection, changes it, and the caller kept under the
 * old stamp is not used again.
 */
uint64_t pgwatch_stamp(void);
/* Keep a caller as store_caller_get read it (c[0..n)), under stamp. */
void pgwatch_caller_keep(uint64_t stamp, bool token, const unsigned char hash[32], const struct caller_rec *c,
			 size_t n);
/* The kept caller, copied into a, its generations the current ones; false when none is usable. */
bool pgwatch_caller_get(bool token, const unsigned char hash[32], struct arena *a, struct caller_rec **out,
			size_t *n);
/* A session's idle clock was moved to at_ms by this process. */
void pgwatch_session_touched(const unsigned char hash[32], int64_t at_ms);

/*
 * After a committed write on conn: announce a barrier and wait for every
 * watch connected at that moment to answer it (at most
 * PGWATCH_ACK_TIMEOUT_MS; a watch that disconnects meanwhile, found every
 * PGWATCH_RECHECK_MS, is not waited for).  conn LISTENs on skjold_ack only
 * for the wait.  Errors are not the write's: they are logged and the write
 * stands.
 */
struct pg_conn; /* libpq's PGconn */
void pgwatch_barrier(struct pg_conn *conn);

#endif
