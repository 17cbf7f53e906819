/*
 * contract.h — the store contract suite's fixture (tests/store/).
 *
 * Every case gets a fresh, empty database through store_open(url) and
 * nothing else, so the same cases run against every backend:
 *
 *   SKJOLD_TEST_DB unset   a new SQLite file per case in a temporary
 *                          directory, removed afterwards;
 *   SKJOLD_TEST_DB=URL     that URL, with every "{n}" replaced by the case's
 *                          number (1, 2, …), e.g. one PostgreSQL schema or
 *                          database per case;
 *   SKJOLD_TEST_DB_RESET=CMD
 *                          run as `sh -c CMD reset URL` before each case
 *                          (drop and create the schema, say); without it a
 *                          URL backend must hand out an empty database.
 *
 * The fixture proves the database empty through the interface
 * (store_checksum counts no row) before a case starts: a backend or URL that
 * hands out a used database fails loudly instead of passing by accident.
 */
#ifndef SKJOLD_TEST_CONTRACT_H
#define SKJOLD_TEST_CONTRACT_H

#include "store/store.h"

extern struct store *st;    /* the case's store */
extern struct arena A;      /* results of get and list calls */
extern struct errinfo E;    /* the last error */
extern char test_url[1024]; /* the case's URL, to open it again */
extern char test_dir[64];   /* a temporary directory for files a case writes (backups), removed at the end */

/* cmocka setup and teardown of every case. */
int contract_setup(void **state);
int contract_teardown(void **state);
/* Remove a file and what SQLite keeps beside it (-wal, -shm, -journal). */
void contract_remove_files(const char *path);
/* Remove what the fixture created (the temporary directory). */
void contract_cleanup(void);

#endif
