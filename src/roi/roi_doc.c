/*
 * roi_doc.c — the register document's shape (roi.h, docs/roi.md).
 *
 * One table of field specifications per object, walked by one checker: the
 * document is small in kinds and large in fields, and a table keeps each
 * field's type, code list and bound in one line a reader can compare with
 * docs/roi.md.  Completeness (what the EBA makes mandatory) is roi_check's.
 */
#include "roi.h"

#include <string.h>

#include "date.h"
#include "jsonx.h"
#include "lei.h"
#include "limit.h"
#include "model.h"
#include "orgview.h"
#include "roi_codes.h"
#include "strmap.h"

enum ftype { F_NAME, F_TEXT, F_ID, F_DATE, F_DAYS, F_HOURS, F_MONEY, F_BOOL, F_LIST, F_LEI, F_IDS, F_LEIS, F_OBJS, F_OBJ };

struct fspec {
	const char *key;
	enum ftype type;
	int list;                   /* F_LIST: enum roi_list */
	const struct fspec *sub;    /* F_OBJS, F_OBJ: the member's fields, NULL-key terminated */
	bool required;
};

#define END {NULL, 0, 0, NULL, false}

static const struct fspec used_by[] = {
	{"lei", F_LEI, 0, NULL, true},
	{"branch", F_ID, 0, NULL, false},
	END,
};

static const struct fspec service[] = {
	{"type", F_LIST, ROI_SERVICE_TYPE, NULL, true},
	{"functions", F_IDS, 0, NULL, false},
	{"provision_country", F_LIST, ROI_COUNTRY, NULL, false},
	{"storage", F_BOOL, 0, NULL, false},
	{"storage_country", F_LIST, ROI_COUNTRY, NULL, false},
	{"processing_country", F_LIST, ROI_COUNTRY, NULL, false},
	{"sensitiveness", F_LIST, ROI_SENSITIVENESS, NULL, false},
	{"reliance", F_LIST, ROI_RELIANCE, NULL, false},
	{"substitutability", F_LIST, ROI_SUBSTITUTABILITY, NULL, false},
	{"not_substitutable_reason", F_LIST, ROI_NOT_SUBST_REASON, NULL, false},
	{"last_audit", F_DATE, 0, NULL, false},
	{"exit_plan", F_BOOL, 0, NULL, false},
	{"reintegration", F_LIST, ROI_REINTEGRATION, NULL, false},
	{"impact", F_LIST, ROI_IMPACT, NULL, false},
	{"alternatives", F_LIST, ROI_ASSESSMENT, NULL, false},
	{"alternative_providers", F_NAME, 0, NULL, false},
	END,
};

static const struct fspec arrangement[] = {
	{"ref", F_ID, 0, NULL, true},
	{"type", F_LIST, ROI_ARRANGEMENT_TYPE, NULL, false},
	{"overarching", F_ID, 0, NULL, false},
	{"linked", F_IDS, 0, NULL, false},
	{"provider", F_ID, 0, NULL, true},
	{"intra_group", F_BOOL, 0, NULL, false},
	{"currency", F_LIST, ROI_CURRENCY, NULL, false},
	{"annual_cost", F_MONEY, 0, NULL, false},
	{"start", F_DATE, 0, NULL, false},
	{"end", F_DATE, 0, NULL, false},
	{"termination_reason", F_LIST, ROI_TERMINATION, NULL, false},
	{"notice_entity_days", F_DAYS, 0, NULL, false},
	{"notice_provider_days", F_DAYS, 0, NULL, false},
	{"governing_law", F_LIST, ROI_COUNTRY, NULL, false},
	{"signed_by", F_LEIS, 0, NULL, false},
	{"used_by", F_OBJS, 0, used_by, false},
	{"services", F_OBJS, 0, service, false},
	{"description", F_TEXT, 0, NULL, false},
	END,
};

static const struct fspec provider[] = {
	{"node", F_ID, 0, NULL, true},
	{"code", F_NAME, 0, NULL, true},
	{"code_type", F_LIST, ROI_CODE_TYPE, NULL, true},
	{"additional_code", F_NAME, 0, NULL, false},
	{"additional_code_type", F_LIST, ROI_CODE_TYPE, NULL, false},
	{"legal_name", F_NAME, 0, NULL, false},
	{"latin_name", F_NAME, 0, NULL, false},
	{"person_type", F_LIST, ROI_PERSON_TYPE, NULL, false},
	{"country", F_LIST, ROI_COUNTRY, NULL, false},
	{"currency", F_LIST, ROI_CURRENCY, NULL, false},
	{"annual_expense", F_MONEY, 0, NULL, false},
	{"parent_code", F_NAME, 0, NULL, false},
	{"parent_code_type", F_LIST, ROI_CODE_TYPE, NULL, false},
	END,
};

static const struct fspec function[] = {
	{"node", F_ID, 0, NULL, true},
	{"id", F_ID, 0, NULL, true},
	{"licensed_activity", F_LIST, ROI_LICENSED_ACTIVITY, NULL, false},
	{"lei", F_LEI, 0, NULL, false},
	{"assessment", F_LIST, ROI_ASSESSMENT, NULL, false},
	{"reasons", F_NAME, 0, NULL, false},
	{"assessed_on", F_DATE, 0, NULL, false},
	{"rto_hours", F_HOURS, 0, NULL, false},
	{"rpo_hours", F_HOURS, 0, NULL, false},
	{"impact", F_LIST, ROI_IMPACT, NULL, false},
	END,
};

static const struct fspec entity[] = {
	{"lei", F_LEI, 0, NULL, true},
	{"name", F_NAME, 0, NULL, false},
	{"country", F_LIST, ROI_COUNTRY, NULL, false},
	{"entity_type", F_LIST, ROI_ENTITY_TYPE, NULL, false},
	{"hierarchy", F_LIST, ROI_HIERARCHY, NULL, false},
	{"parent_lei", F_LEI, 0, NULL, false},
	{"currency", F_LIST, ROI_CURRENCY, NULL, false},
	{"total_assets", F_MONEY, 0, NULL, false},
	{"integrated_on", F_DATE, 0, NULL, false},
	{"updated_on", F_DATE, 0, NULL, false},
	{"deleted_on", F_DATE, 0, NULL, false},
	END,
};

static const struct fspec branch[] = {
	{"id", F_ID, 0, NULL, true},
	{"name", F_NAME, 0, NULL, false},
	{"country", F_LIST, ROI_COUNTRY, NULL, false},
	{"head_office_lei", F_LEI, 0, NULL, false},
	END,
};

/* B_99.01: the entity's own definitions of the scales it reports on (one text per scale value). */
static const struct fspec definitions[] = {
	{"standalone", F_TEXT, 0, NULL, false},       {"overarching", F_TEXT, 0, NULL, false},
	{"subsequent", F_TEXT, 0, NULL, false},       {"sensitiveness_low", F_TEXT, 0, NULL, false},
	{"sensitiveness_medium", F_TEXT, 0, NULL, false}, {"sensitiveness_high", F_TEXT, 0, NULL, false},
	{"function_impact_low", F_TEXT, 0, NULL, false}, {"function_impact_medium", F_TEXT, 0, NULL, false},
	{"function_impact_high", F_TEXT, 0, NULL, false}, {"not_substitutable", F_TEXT, 0, NULL, false},
	{"highly_complex", F_TEXT, 0, NULL, false},   {"medium_complexity", F_TEXT, 0, NULL, false},
	{"easily_substitutable", F_TEXT, 0, NULL, false}, {"reintegration_easy", F_TEXT, 0, NULL, false},
	{"reintegration_difficult", F_TEXT, 0, NULL, false}, {"reintegration_highly_complex", F_TEXT, 0, NULL, false},
	{"service_impact_low", F_TEXT, 0, NULL, false}, {"service_impact_medium", F_TEXT, 0, NULL, false},
	{"service_impact_high", F_TEXT, 0, NULL, false},
	END,
};

static const struct fspec top[] = {
	{"country", F_LIST, ROI_COUNTRY, NULL, false},
	{"entity_type", F_LIST, ROI_ENTITY_TYPE, NULL, false},
	{"hierarchy", F_LIST, ROI_HIERARCHY, NULL, false},
	{"parent_lei", F_LEI, 0, NULL, false},
	{"currency", F_LIST, ROI_CURRENCY, NULL, false},
	{"total_assets", F_MONEY, 0, NULL, false},
	{"integrated_on", F_DATE, 0, NULL, false},
	{"updated_on", F_DATE, 0, NULL, false},
	{"level", F_NAME, 0, NULL, false},
	{"definitions", F_OBJ, 0, definitions, false},
	{"entities", F_OBJS, 0, entity, false},
	{"branches", F_OBJS, 0, branch, false},
	{"providers", F_OBJS, 0, provider, false},
	{"functions", F_OBJS, 0, function, false},
	{"arrangements", F_OBJS, 0, arrangement, false},
	END,
};

/* The register's own definitions; B_99.01 in the order of the module's columns c0010..c0190. */
const char *const roi_definition_keys[19] = {
	"standalone", "overarching", "subsequent", "sensitiveness_low", "sensitiveness_medium", "sensitiveness_high",
	"function_impact_low", "function_impact_medium", "function_impact_high", "not_substitutable", "highly_complex",
	"medium_complexity", "easily_substitutable", "reintegration_easy", "reintegration_difficult",
	"reintegration_highly_complex", "service_impact_low", "service_impact_medium", "service_impact_high",
};

static int check_obj(json_t *o, const struct fspec *spec, const char *path, struct errinfo *e);

static int check_value(json_t *o, const struct fspec *f, const char *path, struct errinfo *e)
{
	char p[300];
	jx_path(p, sizeof p, path, f->key);
	json_t *v = json_object_get(o, f->key);
	if (!v || json_is_null(v))
		return f->required ? err_setm(e, ERR_INVALID, p, "input.required", "key", f->key, NULL) : 0;
	struct arena a;
	arena_init(&a);
	const char *s = NULL;
	int rc = 0;
	switch (f->type) {
	case F_NAME:
		rc = jx_str(o, f->key, path, f->required, LIMIT_NAME, &a, &s, e);
		break;
	case F_TEXT:
		rc = jx_text(o, f->key, path, f->required, LIMIT_TEXT, &a, &s, e);
		break;
	case F_ID:
		rc = jx_id(o, f->key, path, &a, &s, e);
		break;
	case F_DATE: {
		int32_t d;
		rc = jx_date(o, f->key, path, f->required, &d, e);
		break;
	}
	case F_DAYS:
	case F_HOURS: {
		int n;
		rc = jx_int(o, f->key, path, f->required, 0, f->type == F_DAYS ? 36500 : 876000, &n, e);
		break;
	}
	case F_MONEY:
		if (!json_is_number(v) || json_number_value(v) < 0 || json_number_value(v) > 1e18)
			rc = err_setm(e, ERR_INVALID, p, "roi.amount", "key", f->key, NULL);
		break;
	case F_BOOL:
		if (!json_is_boolean(v))
			rc = err_setm(e, ERR_INVALID, p, "input.boolean", "key", f->key, NULL);
		break;
	case F_LIST:
		if (!json_is_string(v) || !roi_code_eba(f->list, json_string_value(v)))
			rc = err_setm(e, ERR_INVALID, p, "roi.one_of", "key", f->key, "allowed",
				      roi_list_hint(f->list), NULL);
		break;
	case F_LEI:
		if (!json_is_string(v) || !lei_valid(json_string_value(v)))
			rc = err_setm(e, ERR_INVALID, p, "roi.lei", "key", f->key, NULL);
		break;
	case F_IDS:
	case F_LEIS:
	case F_OBJS: {
		if (!json_is_array(v)) {
			rc = err_setm(e, ERR_INVALID, p, "input.array", "key", f->key, NULL);
			break;
		}
		if ((rc = limit_list(json_array_size(v), f->type == F_OBJS ? LIMIT_DOC_ITEMS : LIMIT_LIST, p, f->key, e)))
			break;
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
		{
			char q[300];
			jx_index(q, sizeof q, p, i);
			if (f->type == F_OBJS)
				rc = check_obj(x, f->sub, q, e);
			else if (f->type == F_LEIS && (!json_is_string(x) || !lei_valid(json_string_value(x))))
				rc = err_setm(e, ERR_INVALID, q, "roi.lei_expected", NULL);
			else if (f->type == F_IDS)
				rc = !json_is_string(x) ? err_setm(e, ERR_INVALID, q, "roi.id_expected", NULL)
							: limit_id(json_string_value(x), json_string_length(x), q, "id", e);
			if (rc)
				break;
		}
		break;
	}
	case F_OBJ:
		rc = check_obj(v, f->sub, p, e);
		break;
	}
	arena_free(&a);
	return rc;
}

static int check_obj(json_t *o, const struct fspec *spec, const char *path, struct errinfo *e)
{
	const char *keys[32];
	size_t n = 0;
	for (const struct fspec *f = spec; f->key; f++) {
		ASSERT(n + 1 < sizeof keys / sizeof *keys);
		keys[n++] = f->key;
	}
	keys[n] = NULL;
	int rc;
	if ((rc = jx_object(o, path, e)) || (rc = jx_check_keys(o, path, keys, e)))
		return rc;
	for (const struct fspec *f = spec; f->key; f++)
		if ((rc = check_value(o, f, path, e)))
			return rc;
	return 0;
}

/* No two members of list share key (ids, refs, LEIs, function ids). */
static int unique(json_t *doc, const char *list, const char *key, const char *path, struct errinfo *e)
{
	json_t *l = json_object_get(doc, list);
	struct strmap seen;
	strmap_init(&seen, json_array_size(l));
	int rc = 0;
	size_t i;
	json_t *x;
	json_array_foreach(l, i, x)
	{
		const char *s = json_string_value(json_object_get(x, key));
		if (!s)
			continue;
		if (strmap_get(&seen, s, strlen(s)) >= 0) {
			char p[300], q[300];
			jx_index(q, sizeof q, jx_path(p, sizeof p, path, list), i);
			rc = err_setm(e, ERR_CONFLICT, jx_path(p, sizeof p, q, key), "roi.twice", "key", key, "value",
				      s, "list", list, NULL);
			break;
		}
		strmap_put(&seen, s, strlen(s), (uint32_t)i);
	}
	strmap_free(&seen);
	return rc;
}

int roi_doc_check(json_t *doc, const char *path, struct errinfo *e)
{
	int rc = check_obj(doc, top, path, e);
	if (rc)
		return rc;
	const char *level = json_string_value(json_object_get(doc, "level"));
	if (level && strcmp(level, "CON") && strcmp(level, "IND")) {
		char p[300];
		return err_setm(e, ERR_INVALID, jx_path(p, sizeof p, path, "level"), "roi.level", NULL);
	}
	if ((rc = unique(doc, "entities", "lei", path, e)) || (rc = unique(doc, "branches", "id", path, e)) ||
	    (rc = unique(doc, "providers", "node", path, e)) || (rc = unique(doc, "providers", "code", path, e)) ||
	    (rc = unique(doc, "functions", "node", path, e)) || (rc = unique(doc, "functions", "id", path, e)) ||
	    (rc = unique(doc, "arrangements", "ref", path, e)))
		return rc;
	return 0;
}

int roi_doc_check_nodes(json_t *doc, const struct orgview *v, const char *path, struct errinfo *e)
{
	static const char *const lists[] = {"providers", "functions"};
	char p[300], q[300], r[300];
	for (int k = 0; k < 2; k++) {
		size_t i;
		json_t *x;
		json_array_foreach(json_object_get(doc, lists[k]), i, x)
		{
			const char *id = json_string_value(json_object_get(x, "node"));
			long n = orgview_node(v, id);
			jx_path(r, sizeof r, jx_index(q, sizeof q, jx_path(p, sizeof p, path, lists[k]), i), "node");
			if (n < 0)
				return err_setm(e, ERR_INVALID, r, "roi.no_node", "id", id, NULL);
			enum node_kind kind = v->nodes[n].kind;
			if (k == 0 && kind != NODE_SUPPLIER)
				return err_setm(e, ERR_INVALID, r, "roi.provider_kind", "id", id, "kind",
						node_kind_name(kind), NULL);
			if (k == 1 && kind != NODE_PROCESS && kind != NODE_SERVICE)
				return err_setm(e, ERR_INVALID, r, "roi.function_kind", "id", id, "kind",
						node_kind_name(kind), NULL);
		}
	}
	return 0;
}
