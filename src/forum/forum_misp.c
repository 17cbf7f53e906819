/*
 * forum_misp.c — a reader's view of the sector forum as one MISP event
 * (forum_export.h; MISP core format, draft-dulaunoy-misp-core-format).
 *
 * Mapping (docs/forum.md, "Sharing out"):
 *   the export            Event: info names the forum and the reader, date is
 *                         the export's day, distribution 0 ("your organisation
 *                         only": the reader's TLP labels say the rest), Orgc
 *                         the forum, Org the reader, published false
 *   threat_level_id       from the most severe crisis (Kritisk/Høj 1, Medium
 *                         2, Lav 3), else 4 (undefined)
 *   analysis              1 (ongoing) while a crisis or incident is open,
 *                         else 2 (completed)
 *   Tag                   the narrowest TLP 2.0 label of the content
 *                         ("tlp:amber"): the event is handled as strictly as
 *                         its strictest part
 *   a shared incident,    an Attribute of type text, category Other: value
 *   a crisis, decision,   the title, comment the reference and status, its
 *   status report, risk   own "tlp:…" tag and a skjold:kind tag, distribution
 *   or measure            5 (the event's)
 *
 * uuids are the STIX ids' UUIDs (the same names), so a consumer sees one
 * object by one id in both formats.  Timestamps are Unix seconds as text, as
 * MISP writes them; first_seen is ISO 8601.
 */
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "forum_export.h"
#include "model.h"
#include "tlp.h"

struct event {
	json_t *attrs;
	const char *forum;
	int narrowest, threat;
	bool open;
	int64_t latest_ms;
};

/* Unix seconds of an RFC 3339 instant as MISP's text, noting the latest; "0" when none. */
static json_t *misp_time(struct event *ev, const char *s)
{
	int64_t ms;
	if (!s || instant_parse(s, &ms))
		return json_string("0");
	if (ms > ev->latest_ms)
		ev->latest_ms = ms;
	return json_sprintf("%lld", (long long)(ms / 1000));
}

/* MISP's TLP tag of a label: "tlp:amber+strict". */
static const char *tlp_tag(int t, char out[40])
{
	snprintf(out, 40, "tlp:%s", tlp_name((enum tlp)t));
	for (char *p = out; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return out;
}

static json_t *tags(struct event *ev, const char *tlp, const char *kind)
{
	int t = tlp_parse(tlp);
	if (t < 0)
		t = TLP_RED; /* an unknown label counts as the narrowest (forum.c) */
	if (t > ev->narrowest)
		ev->narrowest = t;
	char name[40];
	return json_pack("[{s:s}, {s:o}]", "name", tlp_tag(t, name), "name", json_sprintf("skjold:kind=\"%s\"", kind));
}

static json_t *attribute(struct event *ev, const char *key, const char *value, json_t *comment, const char *at,
			 const char *tlp, const char *kind)
{
	char u[UUID_LEN];
	forum_export_uuid(key, u);
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:b, s:s, s:o, s:o}", "uuid", u, "type", "text", "category", "Other",
			 "value", value && *value ? value : kind, "comment", comment, "to_ids", false, "distribution", "5",
			 "timestamp", misp_time(ev, at), "Tag", tags(ev, tlp, kind));
}

static void add_incident(struct event *ev, const json_t *x)
{
	char key[600];
	const char *ref = forum_export_str(x, "ref"), *status = forum_export_str(x, "status");
	snprintf(key, sizeof key, "forum/%s/incident/%s", ev->forum, ref);
	json_t *a = attribute(ev, key, forum_export_str(x, "title"),
			      json_sprintf("incident %s (%s), status %s", ref, forum_export_str(x, "org_name"), status),
			      forum_export_str(x, "shared_at"), forum_export_str(x, "tlp"), "incident");
	const char *first = forum_export_str(x, "occurred_at");
	if (first)
		json_object_set_new(a, "first_seen", json_string(first));
	ev->open = ev->open || (status && strcmp(status, "closed"));
	json_array_append_new(ev->attrs, a);
}

static void add_item(struct event *ev, const json_t *it)
{
	char key[600], buf[300];
	const char *kind = forum_export_str(it, "kind"), *id = forum_export_str(it, "id");
	const json_t *body = json_object_get(it, "body");
	snprintf(key, sizeof key, "forum/%s/item/%s/%s", ev->forum, kind, id);
	const char *text = forum_export_str(body, "description");
	json_t *comment = text && *text ? json_sprintf("%s %s: %s", kind, id, text) : json_sprintf("%s %s", kind, id);
	json_array_append_new(ev->attrs, attribute(ev, key, forum_export_title(it, buf, sizeof buf), comment,
						   forum_export_str(it, "updated_at"), forum_export_str(it, "tlp"), kind));
	if (!strcmp(kind, "crisis")) {
		enum level l;
		const char *sev = forum_export_str(body, "severity"), *status = forum_export_str(body, "status");
		int threat = 4;
		if (sev && !level_parse(sev, &l))
			threat = l >= LEVEL_HOJ ? 1 : l == LEVEL_MEDIUM ? 2 : 3;
		if (threat < ev->threat)
			ev->threat = threat;
		ev->open = ev->open || !status || strcmp(status, "closed");
	}
}

int forum_misp_event(const json_t *view, const char *date, json_t **out, struct errinfo *e)
{
	const json_t *forum = json_object_get(view, "forum"), *orgs = json_object_get(view, "orgs");
	const char *reader = forum_export_str(view, "reader");
	struct event ev = {.forum = forum_export_str(forum, "id"), .narrowest = TLP_CLEAR, .threat = 4};
	*out = NULL;
	if (!ev.forum || !reader || !date)
		return err_setm(e, ERR_INVALID, "view", "forum.export_view", NULL);
	ev.attrs = json_array();
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(view, "incidents"), i, x) add_incident(&ev, x);
	json_array_foreach(json_object_get(view, "items"), i, x) add_item(&ev, x);
	json_decref(misp_time(&ev, forum_export_str(forum, "created_at")));
	char key[300], u_event[UUID_LEN], u_forum[UUID_LEN], u_reader[UUID_LEN];
	snprintf(key, sizeof key, "forum/%s/export/%s", ev.forum, reader);
	forum_export_uuid(key, u_event);
	snprintf(key, sizeof key, "forum/%s", ev.forum);
	forum_export_uuid(key, u_forum);
	snprintf(key, sizeof key, "org/%s", reader);
	forum_export_uuid(key, u_reader);
	const char *forum_name = forum_export_str(forum, "name"), *reader_name = forum_export_str(orgs, reader);
	char tlp[40];
	tlp_tag(ev.narrowest, tlp);
	json_t *event = json_pack(
		"{s:s, s:o, s:s, s:o, s:b, s:o, s:o, s:s, s:{s:s, s:s}, s:{s:s, s:s}, s:[{s:s}], s:o}", "uuid", u_event,
		"info", json_sprintf("Sektorforum %s: delt med %s", forum_name, reader_name ? reader_name : reader), "date",
		date, "timestamp", json_sprintf("%lld", (long long)(ev.latest_ms / 1000)), "published", false,
		"threat_level_id", json_sprintf("%d", ev.threat), "analysis", json_string(ev.open ? "1" : "2"),
		"distribution", "0", "Orgc", "name", forum_name, "uuid", u_forum, "Org", "name",
		reader_name ? reader_name : reader, "uuid", u_reader, "Tag", "name", tlp, "Attribute", ev.attrs);
	*out = json_pack("{s:o}", "Event", event);
	return 0;
}
