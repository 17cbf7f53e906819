/*
 * cli.h — the shell interface's shared plumbing: global options, command
 * options, output and the one exit-status mapping.
 *
 * Contract (SPEC §5): machine output is JSON on stdout, messages go to
 * stderr, exit status 0 on success, 1 on a failed check, 2 on bad input.
 * Global options (--config, --db, --now, --actor) are accepted before or
 * after the command name.  Every command answers --help.  The settings
 * (--db, --actor, and serve's) are resolved by config.c: flag > environment
 * > configuration file > default.
 */
#ifndef SKJOLD_CLI_H
#define SKJOLD_CLI_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "config.h"
#include "err.h"
#include "mem.h"
#include "store/store.h"

#define CLI_MAX_POS 16
#define CLI_MAX_OPT 96

struct cli_opt {
	const char *name; /* without "--", '-' turned into '_' */
	const char *value;
	bool used;
};

struct cli {
	const char *db, *actor;
	const char *user; /* the server's authenticated user name (TLP:RED recipients); NULL in the shell: --actor */
	int64_t now_ms;
	bool now_given; /* --now was given */
	int32_t today;
	bool help;
	enum msg_lang lang; /* --lang da|en, else from LANG: the language of texts and messages */
	const char *pos[CLI_MAX_POS]; /* command words and positional arguments */
	int npos;
	struct cli_opt opt[CLI_MAX_OPT];
	int nopt;
	struct store *st;
	struct arena a;
	struct errinfo e;
	struct config cfg; /* the settings (--db and --actor are c->db and c->actor) */
};

/*
 * Parse argv and resolve the settings every command shares (the
 * configuration file, the environment, --db, --actor); 0 or ERR_INVALID
 * (message printed by cli_fail).  With --help the file is not read.
 */
int cli_parse(struct cli *c, int argc, char **argv);
/* Add serve's settings given as flags (--listen, --threads, …) to c->cfg and check them all together. */
int cli_config_flags(struct cli *c);
/* The value of --name (marks it used), or NULL. */
const char *cli_get(struct cli *c, const char *name);
/* ERR_INVALID naming the first option no command used. */
int cli_check_unused(struct cli *c);
/* Open the store at --db. */
int cli_open(struct cli *c);
/* Remove a SQLite file and what may lie beside it (-wal, -shm, -journal). */
void cli_remove_db(struct cli *c, const char *path);
/* The application layer's context for this command (app.h). */
struct app cli_app(struct cli *c);
/* --org, required. */
int cli_org(struct cli *c, const char **org);
/* Print j (pretty, keys in insertion order) to stdout and release it; returns 0. */
int cli_print(json_t *j);
/* Print a heap text to stdout and free it; returns 0. */
int cli_print_text(char *text);
/*
 * Write a document's bytes (heap, released): to the file --out names
 * (written to a temporary file beside it and renamed, so a reader never sees
 * half a file), else to stdout.  A write failure: ERR_IO naming "--out".
 */
int cli_print_bytes(struct cli *c, char *data, size_t len);
/* The same, to the file path names. */
int cli_write_file(struct cli *c, const char *path, char *data, size_t len);
/* Print the recorded error to stderr and return the exit status for rc. */
int cli_fail(struct cli *c, int rc);
/* Print usage text to stdout; returns 0. */
int cli_usage(const char *text);
/* Read a whole file ("-" is stdin) into memory owned by c->a, limit bytes at most. */
int cli_read_file(struct cli *c, const char *path, size_t limit, char **data, size_t *len);
/* Parse a JSON file, naming the position of a syntax error. */
int cli_read_json(struct cli *c, const char *path, json_t **out);

/* Commands (cmd_*.c).  Each returns the exit status. */
int cmd_object(struct cli *c, const char *kind);
int cmd_import(struct cli *c);
int cmd_export(struct cli *c);
int cmd_import_csv(struct cli *c);
int cmd_register(struct cli *c);
int cmd_impact(struct cli *c);
int cmd_spof(struct cli *c);
int cmd_overview(struct cli *c);
int cmd_followup(struct cli *c);
int cmd_report(struct cli *c);
int cmd_tables(struct cli *c);
int cmd_audit(struct cli *c);
int cmd_threat_catalogue(struct cli *c);
int cmd_incident_assess(struct cli *c);
int cmd_incident(struct cli *c);
int cmd_deadlines(struct cli *c);
int cmd_serve(struct cli *c);
int cmd_user(struct cli *c);
int cmd_token(struct cli *c);
int cmd_forum(struct cli *c);
int cmd_roi(struct cli *c);
int cmd_backup(struct cli *c); /* backup and restore */
int cmd_config(struct cli *c);
int cmd_db(struct cli *c);
int cmd_migrate(struct cli *c);
int cmd_webhook(struct cli *c);

#endif
