/*
 * app.h — the application layer: one function per use case, shared by the
 * shell and the server.
 *
 * The shell's commands (cmd_*.c) and the API's handlers (api_*.c) are thin
 * adapters of equal standing: each parses its own input (argv, or a JSON
 * body), calls the use case with a typed request and struct app (who acts,
 * when, through which store), and renders the typed result or the error.
 * A use case never prints, never reads a file and never sees an option
 * name; its errors name fields as the JSON documents do ("consequence.
 * availability", "id").
 *
 * Every write is one transaction that reads what it depends on inside it:
 * whether the id exists, the stored object a partial update merges onto,
 * and the version a precondition names.  (docs/internals/app.md)
 */
#ifndef SKJOLD_APP_H
#define SKJOLD_APP_H

#include <jansson.h>
#include <stdint.h>

#include "edit.h"
#include "err.h"
#include "mem.h"
#include "store/store.h"

struct app_views;

struct app {
	struct store *st; /* the server's is scoped to the caller's organisations */
	const char *actor; /* the audit log's name for the caller */
	const char *user;  /* the signed-in user (NULL in the shell) */
	int64_t now_ms;
	int32_t today; /* the Copenhagen date of now_ms */
	struct arena *a; /* lives as long as the request or command */
	struct errinfo *e;
	struct app_views *views; /* the server's kept views (app_views.h), or NULL */
};

/* A writer for the edit layer, acting as the app's caller. */
struct writer app_writer(const struct app *x);

/* ---- the map's objects (app_object.c) ---- */

/* The kinds keyed by organisation and id, and edges (keyed by from and to). */
enum app_kind { APP_NODE, APP_EDGE, APP_THREAT, APP_RISK, APP_MEASURE, APP_CHANGE };

/* The kind named name ("node", "risk", …); -1 when there is none. */
int app_kind_parse(const char *name);
const char *app_kind_name(enum app_kind k);

/* Which object: org plus id, or org plus from and to for an edge. */
struct app_ref {
	const char *org, *id, *from, *to;
};

/*
 * How a write treats the stored object:
 *   APP_CREATE  a new object; its id exists already: ERR_CONFLICT;
 *   APP_REPLACE the fields given are the whole object, new or not;
 *   APP_MERGE   the fields given replace those of the stored object, the
 *               rest stays; no such object: ERR_NOTFOUND.
 */
enum app_mode { APP_CREATE, APP_REPLACE, APP_MERGE };

struct app_write {
	enum app_kind kind;
	enum app_mode mode;
	struct app_ref ref; /* CREATE takes the id from the fields; ref.id/from/to when given must agree */
	json_t *fields;     /* the object's fields, as in the organisation document (borrowed) */
	const char *if_version; /* NULL, or the version (ETag) the caller last read: else ERR_STALE */
};

/* Every object of the kind in org, with derived fields, in the store's order. */
int app_object_list(struct app *x, enum app_kind kind, const char *org, json_t **out);
/*
 * The same list loaded and evaluated but not yet JSON, for a caller that
 * shows only some of it (a page): app_objects_item(l, i) is the i-th item of
 * app_object_list's array (a new reference).  The caller owns *out and
 * releases it with app_objects_free; it does not refer to x.
 */
struct app_objects;
int app_objects_open(struct app *x, enum app_kind kind, const char *org, struct app_objects **out);
size_t app_objects_count(const struct app_objects *l);
json_t *app_objects_item(const struct app_objects *l, size_t i);
void app_objects_free(struct app_objects *l);
/* One object with its derived fields; ERR_NOTFOUND naming "id". */
int app_object_show(struct app *x, enum app_kind kind, const struct app_ref *ref, json_t **out);
/* Write one object, audited; *out is the object as stored, with its derived fields. */
int app_object_write(struct app *x, const struct app_write *w, json_t **out);
/* Delete one object, audited, under the same precondition as a write. */
int app_object_delete(struct app *x, enum app_kind kind, const struct app_ref *ref, const char *if_version);
/* Record a Lav node's review as carried forward unchanged (seed 003 §3); *out is the node. */
int app_node_carry_forward(struct app *x, const struct app_ref *ref, const char *note, const char *if_version,
			   json_t **out);

/* ---- organisations (app_org.c) ---- */

/* Every organisation the store's scope shows. */
int app_org_list(struct app *x, json_t **out);
int app_org_show(struct app *x, const char *id, json_t **out);
/*
 * Create (APP_CREATE: the id comes from the fields, one that exists is
 * ERR_CONFLICT) or change (APP_MERGE: the fields given over the stored
 * organisation) an organisation; *out is it as stored.  A new one scores
 * under version 1 of the default risk matrix (edit.c).
 */
int app_org_write(struct app *x, enum app_mode mode, const char *id, json_t *fields, const char *if_version,
		  json_t **out);
/* Remove an organisation and all it owns, for good (the audit entry keeps the whole export). */
int app_org_delete(struct app *x, const char *id, const char *if_version);

/* The version of an object as show gives it (etag.h). */
const char *app_version(struct app *x, json_t *item);
/*
 * The caller's version (NULL: none asked) against the stored object's, as
 * shown (NULL: it is gone); ERR_STALE naming "if_version" when they differ.
 * what names the object in the message.
 */
int app_check_version(struct app *x, json_t *stored, const char *if_version, const char *what);

#endif
