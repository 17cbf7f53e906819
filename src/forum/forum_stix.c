/*
 * forum_stix.c — a reader's view of the sector forum as a STIX 2.1 bundle
 * (forum_export.h), and what the two export builders share.
 *
 * Mapping (docs/forum.md, "Sharing out"):
 *   the forum                 identity, identity_class "group"
 *   an organisation named     identity, identity_class "organization"
 *   a shared incident         incident (name: its title), x_skjold_* for the
 *                             reference, status, times and classification
 *   a crisis                  incident, x_skjold_kind "crisis"
 *   a decision, a status      note: abstract the title, content its text,
 *   report, a risk, a measure object_refs what it is about (its crisis, a
 *                             risk's incidents, a measure's risks) when the
 *                             bundle has it, else the forum; the body as the
 *                             forum shows it in x_skjold_body
 *   a TLP 2.0 label           object_marking_refs: the marking-definition of
 *                             the OASIS TLP 2.0 extension, by its fixed id
 *
 * STIX has no property for when an incident began, was detected or
 * classified: those go in custom properties prefixed x_skjold_, as STIX 2.1
 * §11.1 allows.  Timestamps are UTC with milliseconds (§3.2: created and
 * modified to the millisecond).  Every object but the markings is marked; an
 * identity is GREEN (members know each other within the forum).  Nothing is
 * read from the store here: the view was filtered by the forum's own reads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forum_export.h"
#include "jsonx.h"
#include "tlp.h"

const char *const forum_export_kinds[] = {"crisis", "decision", "report", "risk", "measure", NULL};

/* The TLP 2.0 marking-definitions, as the OASIS extension defines them (cti-stix-common-objects, tlp-2.0). */
#define TLP2_EXTENSION "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
#define TLP2_CREATED "2022-10-01T00:00:00.000Z"
static const char *const tlp_marking[TLP_COUNT] = {
	[TLP_CLEAR] = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
	[TLP_GREEN] = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
	[TLP_AMBER] = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
	[TLP_AMBER_STRICT] = "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
	[TLP_RED] = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
};
static const char *const tlp_value[TLP_COUNT] = {"clear", "green", "amber", "amber+strict", "red"};

void forum_export_uuid(const char *key, char out[UUID_LEN])
{
	bool ok = uuid_v5(FORUM_EXPORT_NS, key, out);
	ASSERT(ok);
}

const char *forum_export_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

const char *forum_export_title(const json_t *item, char *buf, size_t len)
{
	static const char *const keys[] = {"title", "decision", "cause", NULL};
	const json_t *body = json_object_get(item, "body");
	for (size_t i = 0; keys[i]; i++) {
		const char *s = forum_export_str(body, keys[i]);
		if (s && *s)
			return s;
	}
	snprintf(buf, len, "%s %s", forum_export_str(item, "kind"), forum_export_str(item, "id"));
	return buf;
}

struct bundle {
	json_t *objects, *ids; /* ids: "incident REF" and "item KIND/ID" → the STIX id */
	const char *forum, *created;
	bool used[TLP_COUNT];
	char forum_id[64];
};

/* TYPE--UUID of key. */
static json_t *stix_id(const char *type, const char *key)
{
	char u[UUID_LEN];
	forum_export_uuid(key, u);
	return json_sprintf("%s--%s", type, u);
}

/* An RFC 3339 UTC instant with milliseconds ("…T08:30:00Z" → "…T08:30:00.000Z"); NULL when it is none. */
static json_t *stix_time(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 20 || s[n - 1] != 'Z')
		return NULL;
	if (strchr(s, '.'))
		return json_string(s);
	return json_sprintf("%.*s.000Z", (int)(n - 1), s);
}

/* The label as TLP 2.0 has it; an unknown one counts as RED, as it does for every read (forum.c). */
static enum tlp label_of(const char *s)
{
	int t = tlp_parse(s);
	return t < 0 ? TLP_RED : (enum tlp)t;
}

/* The common properties: type, id, times, creator and marking. */
static json_t *sdo(struct bundle *b, const char *type, json_t *id, const char *created, const char *modified,
		   const char *owner, const char *tlp)
{
	json_t *o = json_pack("{s:s, s:s, s:o}", "type", type, "spec_version", "2.1", "id", id);
	json_t *c = stix_time(created), *m = stix_time(modified);
	if (!c)
		c = stix_time(b->created);
	if (!m)
		m = json_copy(c);
	json_object_set_new(o, "created", c);
	json_object_set_new(o, "modified", m);
	if (owner) {
		char key[300];
		snprintf(key, sizeof key, "org/%s", owner);
		json_object_set_new(o, "created_by_ref", stix_id("identity", key));
	}
	enum tlp t = label_of(tlp);
	b->used[t] = true;
	json_object_set_new(o, "object_marking_refs", json_pack("[s]", tlp_marking[t]));
	return o;
}

/* A custom property, left out when there is nothing to say (STIX has no null). */
static void custom(json_t *o, const char *key, json_t *v)
{
	if (!v || json_is_null(v) || (json_is_array(v) && !json_array_size(v)) ||
	    (json_is_string(v) && !*json_string_value(v))) {
		json_decref(v);
		return;
	}
	json_object_set_new(o, key, v);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static void add_identities(struct bundle *b, const json_t *view)
{
	const json_t *forum = json_object_get(view, "forum"), *orgs = json_object_get(view, "orgs");
	const char *secretariat = forum_export_str(forum, "secretariat");
	json_t *f = sdo(b, "identity", json_string(b->forum_id), b->created, b->created, secretariat, "GREEN");
	json_object_set_new(f, "name", json_string(forum_export_str(forum, "name")));
	json_object_set_new(f, "identity_class", json_string("group"));
	custom(f, "x_skjold_forum", json_string(b->forum));
	json_array_append_new(b->objects, f);
	/* the organisations by id, so the bundle's order does not depend on the view's */
	const char **keys = xmalloc((json_object_size(orgs) + 1) * sizeof *keys);
	size_t n = 0;
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)orgs, k, v) keys[n++] = k;
	qsort(keys, n, sizeof *keys, cmp_str);
	for (size_t i = 0; i < n; i++) {
		char key[300];
		snprintf(key, sizeof key, "org/%s", keys[i]);
		json_t *o = sdo(b, "identity", stix_id("identity", key), b->created, b->created, NULL, "GREEN");
		const char *name = forum_export_str(orgs, keys[i]);
		json_object_set_new(o, "name", json_string(name && *name ? name : keys[i]));
		json_object_set_new(o, "identity_class", json_string("organization"));
		custom(o, "x_skjold_org", json_string(keys[i]));
		json_array_append_new(b->objects, o);
	}
	free(keys);
}

/* Every incident's and item's STIX id first, so a note may point at one that comes after it. */
static void assign_ids(struct bundle *b, const json_t *view)
{
	char key[600], ref[400];
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(view, "incidents"), i, x)
	{
		snprintf(key, sizeof key, "forum/%s/incident/%s", b->forum, forum_export_str(x, "ref"));
		snprintf(ref, sizeof ref, "incident %s", forum_export_str(x, "ref"));
		json_object_set_new(b->ids, ref, stix_id("incident", key));
	}
	json_array_foreach(json_object_get(view, "items"), i, x)
	{
		const char *kind = forum_export_str(x, "kind"), *id = forum_export_str(x, "id");
		snprintf(key, sizeof key, "forum/%s/item/%s/%s", b->forum, kind, id);
		snprintf(ref, sizeof ref, "item %s/%s", kind, id);
		json_object_set_new(b->ids, ref, stix_id(!strcmp(kind, "crisis") ? "incident" : "note", key));
	}
}

static json_t *id_of(struct bundle *b, const char *prefix, const char *what)
{
	char ref[400];
	snprintf(ref, sizeof ref, "%s %s", prefix, what ? what : "");
	return json_object_get(b->ids, ref);
}

static void add_incident(struct bundle *b, const json_t *x)
{
	const char *ref = forum_export_str(x, "ref"), *shared = forum_export_str(x, "shared_at");
	json_t *o = sdo(b, "incident", json_copy(id_of(b, "incident", ref)), shared, shared, forum_export_str(x, "org"),
			forum_export_str(x, "tlp"));
	json_object_set_new(o, "name", json_string(forum_export_str(x, "title")));
	json_object_set_new(o, "description",
			    json_sprintf("Incident %s shared with the forum by %s; status %s.", ref,
					 forum_export_str(x, "org_name"), forum_export_str(x, "status")));
	custom(o, "x_skjold_ref", json_string(ref));
	custom(o, "x_skjold_kind", json_string("incident"));
	custom(o, "x_skjold_status", json_string(forum_export_str(x, "status")));
	custom(o, "x_skjold_first_seen", stix_time(forum_export_str(x, "occurred_at")));
	custom(o, "x_skjold_detected_at", stix_time(forum_export_str(x, "detected_at")));
	custom(o, "x_skjold_classified_at", stix_time(forum_export_str(x, "classified_at")));
	custom(o, "x_skjold_classification", json_deep_copy(json_object_get(x, "classification")));
	custom(o, "x_skjold_tlp", json_string(forum_export_str(x, "tlp")));
	custom(o, "x_skjold_recipients", json_deep_copy(json_object_get(x, "recipients")));
	json_array_append_new(b->objects, o);
}

/* What a note is about: its crisis, a risk's shared incidents, a measure's risks; else the forum. */
static json_t *note_refs(struct bundle *b, const json_t *it)
{
	const char *kind = forum_export_str(it, "kind");
	const json_t *body = json_object_get(it, "body");
	json_t *refs = json_array(), *id;
	size_t i;
	json_t *v;
	if (!strcmp(kind, "decision") || !strcmp(kind, "report")) {
		char what[300];
		snprintf(what, sizeof what, "crisis/%s", forum_export_str(it, "parent") ? forum_export_str(it, "parent") : "");
		if ((id = id_of(b, "item", what)))
			json_array_append(refs, id);
	} else if (!strcmp(kind, "risk")) {
		json_array_foreach(json_object_get(body, "sources"), i, v)
		{
			const char *sk = forum_export_str(v, "kind");
			if (sk && !strcmp(sk, "incident") && (id = id_of(b, "incident", forum_export_str(v, "ref"))))
				json_array_append(refs, id);
		}
	} else if (!strcmp(kind, "measure")) {
		json_array_foreach(json_object_get(body, "risks"), i, v)
		{
			char what[300];
			snprintf(what, sizeof what, "risk/%s", json_string_value(v) ? json_string_value(v) : "");
			if ((id = id_of(b, "item", what)))
				json_array_append(refs, id);
		}
	}
	if (!json_array_size(refs))
		json_array_append_new(refs, json_string(b->forum_id));
	return refs;
}

static void add_item(struct bundle *b, const json_t *it)
{
	const char *kind = forum_export_str(it, "kind"), *id = forum_export_str(it, "id");
	const json_t *body = json_object_get(it, "body");
	char what[300], buf[300];
	snprintf(what, sizeof what, "%s/%s", kind, id);
	bool crisis = !strcmp(kind, "crisis");
	json_t *o = sdo(b, crisis ? "incident" : "note", json_copy(id_of(b, "item", what)),
			forum_export_str(it, "created_at"), forum_export_str(it, "updated_at"),
			forum_export_str(it, "owner"), forum_export_str(it, "tlp"));
	const char *title = forum_export_title(it, buf, sizeof buf), *text = forum_export_str(body, "description");
	if (crisis) {
		json_object_set_new(o, "name", json_string(title));
		if (text && *text)
			json_object_set_new(o, "description", json_string(text));
		custom(o, "x_skjold_severity", json_deep_copy(json_object_get(body, "severity")));
		custom(o, "x_skjold_status", json_deep_copy(json_object_get(body, "status")));
		custom(o, "x_skjold_first_seen", stix_time(forum_export_str(body, "opened_at")));
		custom(o, "x_skjold_closed_at", stix_time(forum_export_str(body, "closed_at")));
	} else {
		json_object_set_new(o, "abstract", json_string(title));
		json_object_set_new(o, "content", json_string(text && *text ? text : title));
		json_object_set_new(o, "object_refs", note_refs(b, it));
	}
	custom(o, "x_skjold_kind", json_string(kind));
	custom(o, "x_skjold_id", json_string(id));
	custom(o, "x_skjold_tlp", json_string(forum_export_str(it, "tlp")));
	custom(o, "x_skjold_recipients", json_deep_copy(json_object_get(it, "recipients")));
	if (json_object_size(body))
		custom(o, "x_skjold_body", json_deep_copy(body));
	json_array_append_new(b->objects, o);
}

/* The marking-definitions in use, in the labels' order, exactly as the TLP 2.0 extension publishes them. */
static json_t *markings(const struct bundle *b)
{
	json_t *arr = json_array();
	for (int t = 0; t < TLP_COUNT; t++) {
		if (!b->used[t])
			continue;
		json_t *ext = json_pack("{s:{s:s, s:s}}", TLP2_EXTENSION, "extension_type", "property-extension",
					"tlp_2_0", tlp_value[t]);
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "type", "marking-definition",
						     "spec_version", "2.1", "id", tlp_marking[t], "created",
						     TLP2_CREATED, "name", json_sprintf("TLP:%s", tlp_name((enum tlp)t)),
						     "extensions", ext));
	}
	return arr;
}

int forum_stix_bundle(const json_t *view, json_t **out, struct errinfo *e)
{
	const json_t *forum = json_object_get(view, "forum");
	const char *reader = forum_export_str(view, "reader");
	struct bundle b = {.forum = forum_export_str(forum, "id"), .created = forum_export_str(forum, "created_at")};
	*out = NULL;
	if (!b.forum || !reader)
		return err_setm(e, ERR_INVALID, "view", "forum.export_view", NULL);
	char key[300];
	snprintf(key, sizeof key, "forum/%s", b.forum);
	json_t *fid = stix_id("identity", key);
	snprintf(b.forum_id, sizeof b.forum_id, "%s", json_string_value(fid));
	json_decref(fid);
	b.objects = json_array();
	b.ids = json_object();
	assign_ids(&b, view);
	add_identities(&b, view);
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(view, "incidents"), i, x) add_incident(&b, x);
	json_array_foreach(json_object_get(view, "items"), i, x) add_item(&b, x);
	json_t *all = markings(&b);
	json_array_extend(all, b.objects);
	json_decref(b.objects);
	json_decref(b.ids);
	snprintf(key, sizeof key, "forum/%s/export/%s", b.forum, reader);
	*out = json_pack("{s:s, s:o, s:o}", "type", "bundle", "id", stix_id("bundle", key), "objects", all);
	return 0;
}
