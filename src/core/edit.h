/*
 * edit.h — every write a user makes, audited.
 *
 * Each call is one transaction (or joins the caller's): it reads the object
 * as it was, checks references with messages that name the field, writes,
 * and appends an audit entry with the object before and after — so a write
 * and its record commit together or not at all, and nothing is overwritten
 * without its earlier state being kept.
 */
#ifndef SKJOLD_EDIT_H
#define SKJOLD_EDIT_H

#include <jansson.h>
#include <stdint.h>

#include "err.h"
#include "mem.h"
#include "model.h"
#include "store/store.h"

struct orgview;

struct writer {
	struct store *st;
	const char *actor; /* who: the user, "$USER@cli" for the shell */
	int64_t now_ms;    /* when (the --now instant in tests) */
	int32_t today;     /* the Copenhagen date of now_ms */
	struct arena *a;
	struct orgview *rules; /* edit_keep_rules: the last organisation's rules edit_risk_put read */
};

/*
 * For a caller that writes many risks in one transaction which changes no
 * organisation's rules (the organisation, its tables and risk matrices):
 * edit_risk_put then reads an organisation's rules once, not per risk, until
 * edit_drop_rules.  import-csv's risks: five statements less a row.
 */
void edit_keep_rules(struct writer *w);
void edit_drop_rules(struct writer *w);

int edit_org_put(struct writer *w, const struct org *x, struct errinfo *e);
/* Removes the organisation and all it owns; the audit entry keeps the whole export as "before". */
int edit_org_delete(struct writer *w, const char *id, struct errinfo *e);

int edit_node_put(struct writer *w, const char *org, const struct node *x, struct errinfo *e);
int edit_node_delete(struct writer *w, const char *org, const char *id, struct errinfo *e);
int edit_edge_put(struct writer *w, const char *org, const struct edge *x, struct errinfo *e);
int edit_edge_delete(struct writer *w, const char *org, const char *from, const char *to, struct errinfo *e);
int edit_threat_put(struct writer *w, const char *org, const struct threat *x, struct errinfo *e);
int edit_threat_delete(struct writer *w, const char *org, const char *id, struct errinfo *e);
/* Checks the acceptance's approver against the required role; matrix_version 0 becomes the current one. */
int edit_risk_put(struct writer *w, const char *org, const struct risk *x, struct errinfo *e);
int edit_risk_delete(struct writer *w, const char *org, const char *id, struct errinfo *e);
int edit_measure_put(struct writer *w, const char *org, const struct measure *x, struct errinfo *e);
int edit_measure_delete(struct writer *w, const char *org, const char *id, struct errinfo *e);
int edit_change_put(struct writer *w, const char *org, const struct change *x, struct errinfo *e);
int edit_change_delete(struct writer *w, const char *org, const char *id, struct errinfo *e);

/* Replace one of the organisation's rule tables (risk.h names), validated first. */
int edit_table_put(struct writer *w, const char *org, const char *name, json_t *table, struct errinfo *e);
/* A new risk-matrix version when cells differ from the current one; *version gets the version in force. */
int edit_matrix_put(struct writer *w, const char *org, json_t *cells, int *version, struct errinfo *e);

/* Record a low-risk node's review as carried forward unchanged (seed 003 §3). */
int edit_node_carry_forward(struct writer *w, const char *org, const char *id, const char *note, struct errinfo *e);

#endif
