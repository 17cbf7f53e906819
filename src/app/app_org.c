/*
 * app_org.c — the use cases of organisations: list, show, create, change
 * and delete.
 *
 * As for the map's objects (app_object.c), a write is one transaction that
 * reads the stored organisation inside it, so a create of an id that exists
 * is refused and a change merges onto the row as it is.
 *
 * require_sso (single sign-on required of the organisation's users,
 * docs/sso.md) is shown with the organisation but stored apart from it
 * (store_org_sso_set): an import of the organisation's document never
 * changes it, and turning it on ends the sessions of the organisation's
 * members who are not system administrators.  Audited on its own, as
 * "require-sso".
 */
#include <string.h>

#include "app.h"
#include "audit.h"
#include "json_io.h"
#include "jsonx.h"

/* The organisation as shown: its record and whether it requires single sign-on. */
static int org_json(struct app *x, const struct org *o, json_t **out)
{
	bool sso = false;
	int rc = store_org_sso_get(x->st, o->id, &sso, x->e);
	if (rc)
		return rc;
	*out = json_of_org(o);
	json_object_set_new(*out, "require_sso", json_boolean(sso));
	return 0;
}

int app_org_list(struct app *x, json_t **out)
{
	struct org *orgs;
	size_t n;
	int rc = store_org_list(x->st, x->a, &orgs, &n, x->e);
	if (rc)
		return rc;
	*out = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o;
		if ((rc = org_json(x, &orgs[i], &o))) {
			json_decref(*out);
			*out = NULL;
			return rc;
		}
		json_array_append_new(*out, o);
	}
	return 0;
}

int app_org_show(struct app *x, const char *id, json_t **out)
{
	struct org o;
	if (!id || !*id)
		return err_setm(x->e, ERR_INVALID, "id", "org.give_id", NULL);
	int rc = store_org_get(x->st, id, x->a, &o, x->e);
	if (rc)
		return rc;
	return org_json(x, &o, out);
}

/* The stored organisation, or NULL when there is none (other errors are returned). */
static int stored_org(struct app *x, const char *id, json_t **out)
{
	struct errinfo nf = {0};
	struct org o;
	*out = NULL;
	int rc = store_org_get(x->st, id, x->a, &o, &nf);
	if (rc == ERR_NOTFOUND)
		return 0;
	if (rc) {
		*x->e = nf;
		return rc;
	}
	return org_json(x, &o, out);
}

/* Set require_sso when it changes; audited with the state after. */
static int sso_write(struct app *x, const char *id, bool required)
{
	bool was = false;
	int rc = store_org_sso_get(x->st, id, &was, x->e);
	if (rc || was == required)
		return rc;
	if ((rc = store_org_sso_set(x->st, id, required, x->e)))
		return rc;
	json_t *after = json_pack("{sb}", "require_sso", required);
	const struct store_scope *sc = store_scope_get(x->st);
	store_scope_set(x->st, NULL);
	rc = audit_record(x->st, x->actor, x->now_ms, "require-sso", "org", id, id, NULL, jx_dump(after, x->a), x->e);
	store_scope_set(x->st, sc);
	json_decref(after);
	return rc;
}

static int org_write(struct app *x, enum app_mode mode, const char *id, json_t *fields, const char *if_version,
		     json_t **out)
{
	json_t *given_id = json_object_get(fields, "id");
	if (mode == APP_CREATE) {
		if (!json_is_string(given_id) || !*json_string_value(given_id))
			return err_setm(x->e, ERR_INVALID, "id", "input.required_id", NULL);
		id = json_string_value(given_id);
	} else if (given_id && (!json_is_string(given_id) || strcmp(json_string_value(given_id), id))) {
		return err_setm(x->e, ERR_INVALID, "id", "org.id_change", NULL);
	}
	json_t *sso = json_object_get(fields, "require_sso");
	if (sso && !json_is_boolean(sso))
		return err_setm(x->e, ERR_INVALID, "require_sso", "org.require_sso", NULL);
	/* require_sso alone changes no field of the record (and leaves no audit entry of one) */
	bool sso_only = sso && mode == APP_MERGE && json_object_size(fields) == 1;
	json_t *stored;
	int rc = stored_org(x, id, &stored);
	if (rc)
		return rc;
	if (mode == APP_CREATE && stored)
		rc = err_setm(x->e, ERR_CONFLICT, "id", "org.exists", "id", id, NULL);
	else if (mode != APP_CREATE && !stored)
		rc = err_setm(x->e, ERR_NOTFOUND, "id", "org.not_found", "id", id, NULL);
	if (!rc)
		rc = app_check_version(x, stored, if_version, "organisation");
	json_t *obj = NULL;
	if (!rc) {
		obj = mode == APP_MERGE ? json_deep_copy(stored) : json_object();
		if (mode == APP_MERGE)
			jx_merge_patch(obj, fields); /* entity.psd2_psp alone keeps entity.dora */
		else
			json_object_update(obj, fields);
		json_object_set_new(obj, "id", json_string(id));
		json_object_del(obj, "require_sso");
	}
	json_decref(stored);
	struct org o;
	if (!rc)
		rc = json_io_org(obj, "", x->a, &o, x->e);
	json_decref(obj);
	struct writer w = app_writer(x);
	if (!rc && !sso_only)
		rc = edit_org_put(&w, &o, x->e);
	if (!rc && sso)
		rc = sso_write(x, id, json_is_true(sso));
	if (!rc)
		rc = org_json(x, &o, out);
	return rc;
}

int app_org_write(struct app *x, enum app_mode mode, const char *id, json_t *fields, const char *if_version,
		  json_t **out)
{
	*out = NULL;
	if (!json_is_object(fields))
		return err_setm(x->e, ERR_INVALID, "", "org.object", NULL);
	int rc = store_begin(x->st, x->e);
	if (rc)
		return rc;
	rc = org_write(x, mode, id, fields, if_version, out);
	if (rc) {
		store_rollback(x->st);
		json_decref(*out);
		*out = NULL;
		return rc;
	}
	return store_commit(x->st, x->e);
}

int app_org_delete(struct app *x, const char *id, const char *if_version)
{
	int rc = store_begin(x->st, x->e);
	if (rc)
		return rc;
	json_t *stored = NULL;
	rc = app_org_show(x, id, &stored);
	if (!rc)
		rc = app_check_version(x, stored, if_version, "organisation");
	json_decref(stored);
	struct writer w = app_writer(x);
	if (!rc)
		rc = edit_org_delete(&w, id, x->e);
	if (rc) {
		store_rollback(x->st);
		return rc;
	}
	return store_commit(x->st, x->e);
}
