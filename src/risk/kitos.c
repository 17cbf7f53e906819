/*
 * kitos.c — a KITOS API v2 export read as systems, suppliers and edges.
 *
 * The DTOs read (os2kitos/kitos, Presentation.Web/Models/API/V2/Response):
 * ItSystemUsageResponseDTO (uuid, systemContext,
 * organizationUsage.responsibleOrganizationUnit, gdpr.businessCritical,
 * gdpr.dataSensitivityLevels, gdpr.sensitivePersonData), ItSystemResponseDTO
 * (uuid, name, rightsHolder), OrganizationResponseDTO (uuid, name) and
 * DataProcessingRegistrationResponseDTO (systemUsages,
 * general.dataProcessors, general.subDataProcessors).  The mapping, and
 * what is left out and why, is docs/kitos.md.  Names are compared without
 * regard to case, as KITOS's enumerations are written "personData" by its
 * JSON serializer and "PersonData" in its sources.
 */
#include "kitos.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "jsonx.h"
#include "limit.h"
#include "strmap.h"

bool kitos_is_uuid(const char *s)
{
	if (!s || strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return false;
	}
	return true;
}

const char *kitos_node_id(const char *name, const char *uuid, struct arena *a)
{
	static const struct {
		const char *from, *to;
	} fold[] = {{"æ", "ae"}, {"Æ", "ae"}, {"ø", "oe"}, {"Ø", "oe"}, {"å", "aa"}, {"Å", "aa"},
		    {"é", "e"},  {"ü", "u"},  {"ö", "o"},  {"ä", "a"},  {NULL, NULL}};
	char id[64];
	size_t n = 0;
	for (const char *p = name; *p && n < 40;) {
		unsigned char c = (unsigned char)*p;
		if (isalnum(c) && c < 0x80) {
			id[n++] = (char)tolower(c);
			p++;
			continue;
		}
		const char *to = NULL;
		for (int k = 0; fold[k].from && !to; k++)
			if (!strncmp(p, fold[k].from, strlen(fold[k].from))) {
				to = fold[k].to;
				p += strlen(fold[k].from);
			}
		if (to) {
			for (; *to && n < 40; to++)
				id[n++] = *to;
			continue;
		}
		do /* skip the rest of a multi-byte character */
			p++;
		while (((unsigned char)*p & 0xC0) == 0x80);
		if (n && id[n - 1] != '-')
			id[n++] = '-';
	}
	while (n && id[n - 1] == '-')
		n--;
	return n ? arena_printf(a, "%.*s-%.8s", (int)n, id, uuid) : arena_printf(a, "kitos-%.8s", uuid);
}

/* ---- reading ---- */

struct reader {
	struct arena *a;
	struct errinfo *e;
	struct kitos_map *m;
	size_t cap_nodes, cap_edges;
	struct strmap nodes;      /* uuid -> node index */
	struct strmap org_names;  /* organisations: uuid -> index into org_name */
	const char **org_name;
	struct strmap systems;    /* it-systems: uuid -> index into the list */
	json_t *system_list;
	struct strmap usages;     /* usage uuid -> system node index */
};

/* A uuid at obj.key (lower case, copied); required or NULL when absent. */
static int uuid_at(json_t *obj, const char *key, const char *path, bool required, struct reader *r,
		   const char **out)
{
	int rc = jx_str(obj, key, path, required, 64, r->a, out, r->e);
	if (rc || !*out)
		return rc;
	char p[300];
	if (!kitos_is_uuid(*out))
		return err_setm(r->e, ERR_INVALID, jx_path(p, sizeof p, path, key), "kitos.uuid", "key", key, "value",
				*out, NULL);
	char *low = arena_strdup(r->a, *out);
	for (char *c = low; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	*out = low;
	return 0;
}

/* An optional object at obj.key: *out NULL when absent or null. */
static int object_at(json_t *obj, const char *key, const char *path, bool required, json_t **out,
		     struct errinfo *e)
{
	char p[300];
	*out = jx_get(obj, key);
	if (!*out)
		return required ? jx_missing(key, path, e) : 0;
	return jx_object(*out, jx_path(p, sizeof p, path, key), e);
}

/* A list of the export, of at most LIMIT_DOC_ITEMS entries; NULL when absent. */
static int list_at(json_t *doc, const char *key, bool required, json_t **out, struct errinfo *e)
{
	return jx_array(doc, key, "", required, 0, LIMIT_DOC_ITEMS, out, e);
}

/* An arena array of n items of size bytes, twice as large (64 at first). */
static void *grow(struct arena *a, void *old, size_t n, size_t *cap, size_t size)
{
	*cap = *cap ? 2 * *cap : 64;
	void *more = arena_alloc(a, *cap * size);
	if (n)
		memcpy(more, old, n * size);
	return more;
}

/* The node of uuid, added with kind and name when new; its index. */
static size_t node_of(struct reader *r, const char *uuid, enum node_kind kind, const char *name)
{
	long i = strmap_get(&r->nodes, uuid, strlen(uuid));
	if (i >= 0)
		return (size_t)i;
	if (r->m->nnodes == r->cap_nodes)
		r->m->nodes = grow(r->a, r->m->nodes, r->m->nnodes, &r->cap_nodes, sizeof *r->m->nodes);
	size_t k = r->m->nnodes++;
	r->m->nodes[k] = (struct kitos_node){.uuid = uuid, .kind = kind, .name = name};
	strmap_put(&r->nodes, uuid, strlen(uuid), (uint32_t)k);
	return k;
}

static void edge_add(struct reader *r, size_t from, size_t to)
{
	if (from == to)
		return;
	for (size_t i = 0; i < r->m->nedges; i++)
		if (r->m->edges[i].from == from && r->m->edges[i].to == to)
			return;
	if (r->m->nedges == r->cap_edges)
		r->m->edges = grow(r->a, r->m->edges, r->m->nedges, &r->cap_edges, sizeof *r->m->edges);
	r->m->edges[r->m->nedges++] = (struct kitos_edge){from, to};
}

/*
 * An organisation (ShallowOrganizationResponseDTO: uuid, name, cvr) as a
 * supplier node; its name from the organizations list when that has it.
 */
static int supplier(struct reader *r, json_t *o, const char *path, size_t *out)
{
	const char *uuid, *name;
	int rc;
	if ((rc = jx_object(o, path, r->e)) || (rc = uuid_at(o, "uuid", path, true, r, &uuid)) ||
	    (rc = jx_str(o, "name", path, true, LIMIT_NAME, r->a, &name, r->e)))
		return rc;
	long k = strmap_get(&r->org_names, uuid, strlen(uuid));
	if (k >= 0)
		name = r->org_name[k];
	*out = node_of(r, uuid, NODE_SUPPLIER, name);
	return 0;
}

static int read_organizations(struct reader *r, json_t *list)
{
	size_t n = json_array_size(list);
	r->org_name = arena_alloc(r->a, (n + 1) * sizeof *r->org_name);
	strmap_init(&r->org_names, n);
	for (size_t i = 0; i < n; i++) {
		char p[64];
		json_t *o = json_array_get(list, i);
		const char *uuid;
		int rc;
		jx_index(p, sizeof p, "organizations", i);
		if ((rc = jx_object(o, p, r->e)) || (rc = uuid_at(o, "uuid", p, true, r, &uuid)) ||
		    (rc = jx_str(o, "name", p, true, LIMIT_NAME, r->a, &r->org_name[i], r->e)))
			return rc;
		strmap_put(&r->org_names, uuid, strlen(uuid), (uint32_t)i);
	}
	return 0;
}

/* The it-systems list: each checked, kept by uuid for the usages. */
static int read_systems(struct reader *r, json_t *list)
{
	size_t n = json_array_size(list);
	r->system_list = list;
	strmap_init(&r->systems, n);
	for (size_t i = 0; i < n; i++) {
		char p[64];
		json_t *s = json_array_get(list, i), *rh;
		const char *uuid, *name;
		int rc;
		jx_index(p, sizeof p, "it-systems", i);
		if ((rc = jx_object(s, p, r->e)) || (rc = uuid_at(s, "uuid", p, true, r, &uuid)) ||
		    (rc = jx_str(s, "name", p, true, LIMIT_NAME, r->a, &name, r->e)) ||
		    (rc = object_at(s, "rightsHolder", p, false, &rh, r->e)))
			return rc;
		strmap_put(&r->systems, uuid, strlen(uuid), (uint32_t)i);
	}
	return 0;
}

/* gdpr.businessCritical: YesNoDontKnowChoice; only "yes" makes a critical service. */
static int business_critical(json_t *gdpr, const char *path, struct reader *r, bool *out)
{
	static const char *const names[] = {"yes", "no", "dontKnow", "undecided", NULL};
	json_t *v = jx_get(gdpr, "businessCritical");
	char p[300];
	*out = false;
	if (!v)
		return 0;
	jx_path(p, sizeof p, path, "businessCritical");
	for (int i = 0; json_is_string(v) && names[i]; i++)
		if (!strcasecmp(json_string_value(v), names[i])) {
			*out = i == 0;
			return 0;
		}
	return err_setm(r->e, ERR_INVALID, p, "input.one_of", "key", "businessCritical", "allowed",
			"yes, no, dontKnow, undecided", NULL);
}

/*
 * gdpr.dataSensitivityLevels (DataSensitivityLevelChoice: none, personData,
 * sensitiveData, legalData) and gdpr.sensitivePersonData: the highest class.
 * Legal data (criminal offences, GDPR art. 10) counts as sensitive.
 */
static int sensitivity(json_t *gdpr, const char *path, struct reader *r, enum pdata *out)
{
	static const char *const names[] = {"none", "personData", "sensitiveData", "legalData", NULL};
	static const enum pdata classes[] = {PDATA_NONE, PDATA_ORDINARY, PDATA_SENSITIVE, PDATA_SENSITIVE};
	json_t *levels, *sensitive;
	int rc;
	*out = PDATA_NONE;
	if ((rc = jx_array(gdpr, "dataSensitivityLevels", path, false, 0, 16, &levels, r->e)) ||
	    (rc = jx_array(gdpr, "sensitivePersonData", path, false, 0, LIMIT_LIST, &sensitive, r->e)))
		return rc;
	for (size_t i = 0; i < json_array_size(levels); i++) {
		json_t *v = json_array_get(levels, i);
		char p[300], pi[320];
		jx_index(pi, sizeof pi, jx_path(p, sizeof p, path, "dataSensitivityLevels"), i);
		int k = -1;
		for (int j = 0; json_is_string(v) && names[j] && k < 0; j++)
			if (!strcasecmp(json_string_value(v), names[j]))
				k = j;
		if (k < 0)
			return err_setm(r->e, ERR_INVALID, pi, "input.one_of", "key", "dataSensitivityLevels",
					"allowed", "none, personData, sensitiveData, legalData", NULL);
		if (classes[k] > *out)
			*out = classes[k];
	}
	if (json_array_size(sensitive))
		*out = PDATA_SENSITIVE;
	return 0;
}

/* One ItSystemUsageResponseDTO: its system as a node, the system's rights holder as its supplier. */
static int read_usage(struct reader *r, json_t *u, size_t i)
{
	char p[64], pc[300], pg[300];
	json_t *ctx, *ousage, *unit, *gdpr;
	const char *uuid, *sys, *name, *owner = NULL;
	int rc;
	jx_index(p, sizeof p, "it-system-usages", i);
	if ((rc = jx_object(u, p, r->e)) || (rc = uuid_at(u, "uuid", p, true, r, &uuid)) ||
	    (rc = object_at(u, "systemContext", p, true, &ctx, r->e)))
		return rc;
	jx_path(pc, sizeof pc, p, "systemContext");
	if ((rc = uuid_at(ctx, "uuid", pc, true, r, &sys)) ||
	    (rc = jx_str(ctx, "name", pc, true, LIMIT_NAME, r->a, &name, r->e)) ||
	    (rc = object_at(u, "organizationUsage", p, false, &ousage, r->e)) ||
	    (rc = object_at(u, "gdpr", p, false, &gdpr, r->e)))
		return rc;
	if (ousage) {
		jx_path(pc, sizeof pc, p, "organizationUsage");
		if ((rc = object_at(ousage, "responsibleOrganizationUnit", pc, false, &unit, r->e)))
			return rc;
		jx_path(pg, sizeof pg, pc, "responsibleOrganizationUnit");
		if (unit && (rc = jx_text(unit, "name", pg, true, LIMIT_NAME, r->a, &owner, r->e)))
			return rc;
	}
	bool critical = false;
	enum pdata pd = PDATA_NONE;
	jx_path(pg, sizeof pg, p, "gdpr");
	if (gdpr && ((rc = business_critical(gdpr, pg, r, &critical)) || (rc = sensitivity(gdpr, pg, r, &pd))))
		return rc;
	/* the catalogue's current name when the export has the it-system */
	long si = strmap_get(&r->systems, sys, strlen(sys));
	json_t *s = si >= 0 ? json_array_get(r->system_list, (size_t)si) : NULL;
	if (s)
		name = arena_strdup(r->a, json_string_value(json_object_get(s, "name")));
	size_t k = node_of(r, sys, NODE_SYSTEM, name);
	struct kitos_node *nd = &r->m->nodes[k];
	/* one system used twice: the higher class and critical if either says so */
	nd->critical_service |= critical;
	if (pd > nd->personal_data)
		nd->personal_data = pd;
	if (!nd->owner)
		nd->owner = owner;
	strmap_put(&r->usages, uuid, strlen(uuid), (uint32_t)k);
	return 0;
}

/* The rights holders of the used systems, after every system node is in (systems come first). */
static int rights_holders(struct reader *r)
{
	size_t nsys = r->m->nnodes;
	for (size_t k = 0; k < nsys; k++) {
		const char *sys = r->m->nodes[k].uuid;
		long si = strmap_get(&r->systems, sys, strlen(sys));
		json_t *rh = si >= 0 ? jx_get(json_array_get(r->system_list, (size_t)si), "rightsHolder") : NULL;
		if (!rh)
			continue;
		char p[64], ph[300];
		jx_index(p, sizeof p, "it-systems", (size_t)si);
		size_t to;
		int rc = supplier(r, rh, jx_path(ph, sizeof ph, p, "rightsHolder"), &to);
		if (rc)
			return rc;
		edge_add(r, k, to);
	}
	return 0;
}

/*
 * A sub-processor: ShallowOrganizationResponseDTO in older versions,
 * DataProcessorRegistrationSubDataProcessorResponseDTO (the organisation
 * under dataProcessorOrganization) in newer ones.
 */
static int sub_processor(struct reader *r, json_t *o, const char *path, size_t *out)
{
	json_t *inner = json_is_object(o) ? jx_get(o, "dataProcessorOrganization") : NULL;
	char p[300];
	if (inner)
		return supplier(r, inner, jx_path(p, sizeof p, path, "dataProcessorOrganization"), out);
	return supplier(r, o, path, out);
}

/* One DataProcessingRegistrationResponseDTO: its systems on its processors, the processors on the sub-processors. */
static int read_registration(struct reader *r, json_t *d, size_t i)
{
	char p[64], pg[300], pl[300], pe[320];
	json_t *usages, *general, *procs = NULL, *subs = NULL;
	const char *uuid;
	int rc;
	jx_index(p, sizeof p, "data-processing-registrations", i);
	if ((rc = jx_object(d, p, r->e)) || (rc = uuid_at(d, "uuid", p, true, r, &uuid)) ||
	    (rc = jx_array(d, "systemUsages", p, false, 0, LIMIT_DOC_ITEMS, &usages, r->e)) ||
	    (rc = object_at(d, "general", p, false, &general, r->e)))
		return rc;
	jx_path(pg, sizeof pg, p, "general");
	if (general && ((rc = jx_array(general, "dataProcessors", pg, false, 0, LIMIT_LIST, &procs, r->e)) ||
			(rc = jx_array(general, "subDataProcessors", pg, false, 0, LIMIT_LIST, &subs, r->e))))
		return rc;
	size_t np = json_array_size(procs), ns = json_array_size(subs);
	size_t *pk = arena_alloc(r->a, (np + 1) * sizeof *pk), *sk = arena_alloc(r->a, (ns + 1) * sizeof *sk);
	jx_path(pl, sizeof pl, pg, "dataProcessors");
	for (size_t j = 0; j < np; j++)
		if ((rc = supplier(r, json_array_get(procs, j), jx_index(pe, sizeof pe, pl, j), &pk[j])))
			return rc;
	jx_path(pl, sizeof pl, pg, "subDataProcessors");
	for (size_t j = 0; j < ns; j++)
		if ((rc = sub_processor(r, json_array_get(subs, j), jx_index(pe, sizeof pe, pl, j), &sk[j])))
			return rc;
	jx_path(pl, sizeof pl, p, "systemUsages");
	for (size_t j = 0; j < json_array_size(usages); j++) {
		json_t *u = json_array_get(usages, j);
		const char *uu;
		jx_index(pe, sizeof pe, pl, j);
		if ((rc = jx_object(u, pe, r->e)) || (rc = uuid_at(u, "uuid", pe, true, r, &uu)))
			return rc;
		long sys = strmap_get(&r->usages, uu, strlen(uu));
		if (sys < 0)
			continue; /* a usage the export does not hold: nothing to tie the processor to */
		for (size_t k = 0; k < np; k++)
			edge_add(r, (size_t)sys, pk[k]);
		for (size_t k = 0; !np && k < ns; k++)
			edge_add(r, (size_t)sys, sk[k]);
	}
	for (size_t k = 0; k < np; k++)
		for (size_t s = 0; s < ns; s++)
			edge_add(r, pk[k], sk[s]);
	return 0;
}

int kitos_parse(json_t *doc, struct arena *a, struct kitos_map *out, struct errinfo *e)
{
	static const char *const keys[] = {"it-system-usages", "it-systems", "organizations",
					   "data-processing-registrations", NULL};
	memset(out, 0, sizeof *out);
	if (!json_is_object(doc))
		return err_setm(e, ERR_INVALID, "", "input.document_object", NULL);
	struct reader r = {.a = a, .e = e, .m = out};
	json_t *usages, *systems, *orgs, *dprs;
	int rc;
	if ((rc = jx_check_keys(doc, "", keys, e)) || (rc = list_at(doc, "it-system-usages", true, &usages, e)) ||
	    (rc = list_at(doc, "it-systems", false, &systems, e)) ||
	    (rc = list_at(doc, "organizations", false, &orgs, e)) ||
	    (rc = list_at(doc, "data-processing-registrations", false, &dprs, e)))
		return rc;
	strmap_init(&r.nodes, json_array_size(usages) + 16);
	strmap_init(&r.usages, json_array_size(usages));
	if (!(rc = read_organizations(&r, orgs)))
		rc = read_systems(&r, systems);
	for (size_t i = 0; !rc && i < json_array_size(usages); i++)
		rc = read_usage(&r, json_array_get(usages, i), i);
	out->nsystems = out->nnodes;
	if (!rc)
		rc = rights_holders(&r);
	for (size_t i = 0; !rc && i < json_array_size(dprs); i++)
		rc = read_registration(&r, json_array_get(dprs, i), i);
	strmap_free(&r.nodes);
	strmap_free(&r.usages);
	strmap_free(&r.org_names);
	strmap_free(&r.systems);
	return rc;
}
