/*
 * forum_export.h — what a member may see of the sector forum, as a STIX 2.1
 * bundle (forum_stix.c) or a MISP event (forum_misp.c).  Issue 18 part 6.
 *
 * Neither builder reads the store or decides anything about visibility: each
 * turns a view the use case gathered (app_forum_export, app_forum.h) from the
 * forum's own filtered reads — forum_views_incidents, forum_item_list and
 * forum_item_json, forum_members_json — into the other format, so an export
 * holds exactly what the forum's pages show that reader and never more.
 *
 * The view (a JSON object; the builders only read it):
 *   forum      {id, name, secretariat, created_at}
 *   reader     the reading organisation's id
 *   orgs       {org id: name} for every organisation the view names
 *   incidents  the incidents view's rows (forum_views.h)
 *   items      forum_item_json's objects of the kinds crisis, decision,
 *              report, risk and measure, as the reader may see them
 *
 * Identifiers are name-based (UUID version 5 in FORUM_EXPORT_NS, uuid.h) of
 * the forum, the organisation and the object's own id, so a second export of
 * the same data gives the same identifiers and a consumer can merge them.
 */
#ifndef SKJOLD_FORUM_EXPORT_H
#define SKJOLD_FORUM_EXPORT_H

#include <jansson.h>

#include "err.h"
#include "uuid.h"

/* skjold's namespace for the exports' identifiers: fixed for good, as every id depends on it. */
#define FORUM_EXPORT_NS "e6b6bdf6-119c-4870-9c94-969f531a2b6c"

/* The kinds of item an export carries (the crisis, its decisions and status reports, the risk register). */
extern const char *const forum_export_kinds[];

/* Shared by both builders (forum_stix.c). */
/* The name-based UUID of key ("forum/fsor/item/risk/R1") in FORUM_EXPORT_NS. */
void forum_export_uuid(const char *key, char out[UUID_LEN]);
/* What a person calls an item: its body's title, decision or cause, else "KIND ID" (in the item's arena-free JSON). */
const char *forum_export_title(const json_t *item, char *buf, size_t len);
/* A string member of o, or NULL. */
const char *forum_export_str(const json_t *o, const char *key);

/*
 * The STIX 2.1 bundle of view: the TLP 2.0 marking-definitions in use, an
 * identity for the forum and for each organisation named, an incident per
 * shared incident and per crisis, a note per decision, status report, risk
 * and measure.  *out is a new reference.  ERR_INVALID naming "view" when the
 * view lacks its forum or reader.
 */
int forum_stix_bundle(const json_t *view, json_t **out, struct errinfo *e);

/*
 * The MISP event of view ({"Event": {…}}): info, date (date, YYYY-MM-DD, the
 * export's day), threat level and analysis from the crises and incidents, a
 * distribution of "your organisation only", the narrowest TLP of its content
 * as the event's tag, and one text attribute per shared incident and item,
 * each tagged with its own TLP.  *out is a new reference.
 */
int forum_misp_event(const json_t *view, const char *date, json_t **out, struct errinfo *e);

#endif
