/*
 * model.c — names of the domain enumerations, both ways.
 *
 * These strings are the data format: they appear in the organisation
 * document, the CSV files, the database and the API, so changing one is a
 * format change.
 */
#include "model.h"

#include <string.h>

#include "err.h"

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *const level_names[] = {"", "Lav", "Medium", "Høj", "Kritisk"};
static const char *const level_names_en[] = {"", "Low", "Medium", "High", "Critical"};
static const char *const org_kind_names[] = {
	"bank", "mortgage_institution", "payment_institution", "emoney_institution", "payment_system",
	"data_centre", "insurer", "municipality", "authority", "supplier", "other", "industry_body"};
static const char *const node_kind_names[] = {"process", "service", "system", "infrastructure", "supplier", "external"};
static const char *const pdata_names[] = {"none", "ordinary", "sensitive"};
static const char *const edge_type_names[] = {"runs_on", "uses", "integrates_with", "supplied_by", "hosted_at"};
static const char *const decision_names[] = {"none", "mitigate", "accept", "transfer", "avoid"};
static const char *const measure_kind_names[] = {"technical", "procedural", "organisational", "awareness", "continuity"};
static const char *const measure_status_names[] = {"planned", "started", "done", "cancelled"};
static const char *const approver_role_names[] = {"none", "system_owner", "head_of_department", "it_management", "director", "board"};
static const char *const effect_names[] = {"not_evaluated", "ineffective", "partial", "effective"};
static const char *const change_kind_names[] = {"change", "incident", "threat"};

_Static_assert(COUNT(org_kind_names) == ORG_KIND_COUNT, "org kinds");
_Static_assert(COUNT(node_kind_names) == NODE_KIND_COUNT, "node kinds");
_Static_assert(COUNT(edge_type_names) == EDGE_TYPE_COUNT, "edge types");
_Static_assert(COUNT(decision_names) == DECISION_COUNT, "decisions");
_Static_assert(COUNT(measure_kind_names) == MEASURE_KIND_COUNT, "measure kinds");
_Static_assert(COUNT(measure_status_names) == MSTATUS_COUNT, "measure status");
_Static_assert(COUNT(approver_role_names) == ROLE_COUNT, "roles");
_Static_assert(COUNT(effect_names) == EFFECT_COUNT, "effects");
_Static_assert(COUNT(change_kind_names) == CHANGE_KIND_COUNT, "change kinds");

static const char *name_at(const char *const *names, int count, int i)
{
	return i >= 0 && i < count ? names[i] : "?";
}

int name_lookup(const char *const *names, int count, const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < count; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

const char *level_name(enum level l) { return name_at(level_names, COUNT(level_names), (int)l); }
const char *level_name_en(enum level l) { return name_at(level_names_en, COUNT(level_names_en), (int)l); }

int level_parse(const char *s, enum level *out)
{
	if (!s)
		return ERR_INVALID;
	for (int i = 1; i <= 4; i++) {
		if (strcmp(s, level_names[i]) == 0 || strcmp(s, level_names_en[i]) == 0) {
			*out = (enum level)i;
			return 0;
		}
	}
	/* ASCII spellings typed on keyboards without ø */
	if (strcmp(s, "Hoej") == 0 || strcmp(s, "Hoj") == 0) {
		*out = LEVEL_HOJ;
		return 0;
	}
	return ERR_INVALID;
}

const char *org_kind_name(enum org_kind k) { return name_at(org_kind_names, ORG_KIND_COUNT, (int)k); }
const char *node_kind_name(enum node_kind k) { return name_at(node_kind_names, NODE_KIND_COUNT, (int)k); }
const char *pdata_name(enum pdata p) { return name_at(pdata_names, PDATA_COUNT, (int)p); }
const char *edge_type_name(enum edge_type t) { return name_at(edge_type_names, EDGE_TYPE_COUNT, (int)t); }
const char *decision_name(enum decision d) { return name_at(decision_names, DECISION_COUNT, (int)d); }
const char *measure_kind_name(enum measure_kind k) { return name_at(measure_kind_names, MEASURE_KIND_COUNT, (int)k); }
const char *measure_status_name(enum measure_status s) { return name_at(measure_status_names, MSTATUS_COUNT, (int)s); }
const char *approver_role_name(enum approver_role r) { return name_at(approver_role_names, ROLE_COUNT, (int)r); }
const char *effect_rating_name(enum effect_rating r) { return name_at(effect_names, EFFECT_COUNT, (int)r); }
const char *change_kind_name(enum change_kind k) { return name_at(change_kind_names, CHANGE_KIND_COUNT, (int)k); }

int org_kind_parse(const char *s) { return name_lookup(org_kind_names, ORG_KIND_COUNT, s); }
int node_kind_parse(const char *s) { return name_lookup(node_kind_names, NODE_KIND_COUNT, s); }
int pdata_parse(const char *s) { return name_lookup(pdata_names, PDATA_COUNT, s); }
int edge_type_parse(const char *s) { return name_lookup(edge_type_names, EDGE_TYPE_COUNT, s); }
int decision_parse(const char *s) { return name_lookup(decision_names, DECISION_COUNT, s); }
int measure_kind_parse(const char *s) { return name_lookup(measure_kind_names, MEASURE_KIND_COUNT, s); }
int measure_status_parse(const char *s) { return name_lookup(measure_status_names, MSTATUS_COUNT, s); }
int approver_role_parse(const char *s) { return name_lookup(approver_role_names, ROLE_COUNT, s); }
int effect_rating_parse(const char *s) { return name_lookup(effect_names, EFFECT_COUNT, s); }
int change_kind_parse(const char *s) { return name_lookup(change_kind_names, CHANGE_KIND_COUNT, s); }
