/*
 * orgview.c — load one organisation and compute every derived field.
 *
 * Criticality (SPEC §1): each node's base level is the highest of its
 * assessed level and its floors — ordinary personal data ⇒ Medium, sensitive
 * ⇒ Høj, an NIS2/DORA critical service ⇒ Kritisk — and graph_derive raises
 * every dependency to the level of its most critical dependent, transitively.
 * A supporting node of a critical service therefore becomes Kritisk through
 * the service's own floor.  A manual override sets a node's own level; the
 * level of its dependents still passes through it to what it depends on.
 *
 * Review dates (seed 003 figure 3.1): from the later of the node's own last
 * assessment and the latest assessment of its risks, by the interval of its
 * effective criticality; a change or incident after that on the node or on
 * anything it depends on makes the review due on that date (conservative:
 * every recorded change counts as a major one).
 */
#include "orgview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "store/store.h"

static const char *const table_names[] = {RISK_TABLE_LIKELIHOOD, RISK_TABLE_REVIEW, RISK_TABLE_TREATMENT};

long orgview_node(const struct orgview *v, const char *id)
{
	return strmap_get(&v->node_index, id, strlen(id));
}

long orgview_risk(const struct orgview *v, const char *id)
{
	return strmap_get(&v->risk_index, id, strlen(id));
}

const enum level (*orgview_matrix(const struct orgview *v, int version))[4]
{
	for (size_t i = 0; i < v->nmatrices; i++)
		if (v->matrices[i].version == version)
			return (const enum level(*)[4])v->matrix_cells[i];
	return (const enum level(*)[4])v->tables.matrix;
}

size_t orgview_measures_of(const struct orgview *v, size_t r, const struct measure **out)
{
	size_t n = 0;
	for (size_t i = 0; i < v->nmeasures; i++)
		if (v->measure_risk[i] == r)
			out[n++] = &v->measures[i];
	return n;
}

/* The organisation's own tables replace the defaults one by one. */
static int load_tables(struct orgview *v, struct store *st, struct errinfo *e)
{
	int rc = risk_tables_defaults(&v->tables, &v->arena, e);
	if (rc)
		return rc;
	v->tables_json = arena_alloc(&v->arena, sizeof(char *) * 3);
	for (int i = 0; i < 3; i++) {
		const char *json = NULL;
		rc = store_table_get(st, v->org.id, table_names[i], &v->arena, &json, e);
		if (rc)
			return rc;
		v->tables_json[i] = json;
		if (!json)
			continue;
		json_t *j = json_loads(json, 0, NULL);
		rc = j ? risk_tables_apply(&v->tables, table_names[i], j, table_names[i], &v->arena, e)
		       : err_setm(e, ERR_IO, table_names[i], "store.table_json", NULL);
		json_decref(j);
		if (rc)
			return rc;
	}
	rc = store_matrix_list(st, v->org.id, &v->arena, &v->matrices, &v->nmatrices, e);
	if (rc)
		return rc;
	v->matrix_cells = arena_alloc(&v->arena, sizeof *v->matrix_cells * (v->nmatrices + 1));
	for (size_t i = 0; i < v->nmatrices; i++) {
		json_t *j = json_loads(v->matrices[i].cells, 0, NULL);
		rc = j ? risk_matrix_parse(j, "matrix", v->matrix_cells[i], e)
		       : err_setm(e, ERR_IO, "matrix", "store.matrix_json", NULL);
		json_decref(j);
		if (rc)
			return rc;
		if (v->matrices[i].version >= v->current_matrix) {
			v->current_matrix = v->matrices[i].version;
			memcpy(v->tables.matrix, v->matrix_cells[i], sizeof v->tables.matrix);
		}
	}
	return 0;
}

static enum level floor_of(const struct node *n)
{
	enum level l = n->criticality;
	if (n->personal_data == PDATA_ORDINARY && l < LEVEL_MEDIUM)
		l = LEVEL_MEDIUM;
	if (n->personal_data == PDATA_SENSITIVE && l < LEVEL_HOJ)
		l = LEVEL_HOJ;
	if (n->critical_service)
		l = LEVEL_KRITISK;
	return l;
}

/* The message code for why a node has its own base level. */
static const char *own_reason(const struct node *n, enum level base)
{
	if (n->critical_service && base == LEVEL_KRITISK && n->criticality < LEVEL_KRITISK)
		return "node.reason.floor_critical_service";
	if (n->criticality && n->criticality == base)
		return "node.reason.assessed";
	if (n->personal_data == PDATA_SENSITIVE && base == LEVEL_HOJ)
		return "node.reason.floor_sensitive";
	if (n->personal_data == PDATA_ORDINARY && base == LEVEL_MEDIUM)
		return "node.reason.floor_ordinary";
	if (n->critical_service)
		return "node.reason.floor_critical_service";
	return "node.reason.assessed";
}

/* ne's reason: the message and its English text. */
static void set_reason(struct orgview *v, struct node_eval *ne, const struct msg *m)
{
	ne->reason_msg = m;
	ne->reason = msg_str(&v->arena, MSG_EN, m);
}

static void derive_criticality(struct orgview *v)
{
	size_t n = v->nnodes;
	uint8_t *base = xcalloc(n + 1, 1), *level = xcalloc(n + 1, 1);
	uint8_t *dlevel = xcalloc(n + 1, 1);
	uint32_t *cause = xcalloc(n + 1, sizeof *cause), *dcause = xcalloc(n + 1, sizeof *dcause);
	for (size_t i = 0; i < n; i++)
		base[i] = (uint8_t)floor_of(&v->nodes[i]);
	/* Without overrides first, to show what derivation alone would give. */
	graph_derive(&v->graph, base, NULL, dlevel, dcause);
	/*
	 * An override sets the node's own level only.  It does not shield what the
	 * node depends on: SPEC §1 makes a dependency at least as critical as the
	 * most critical node that depends on it, transitively — so the level of the
	 * overridden node's dependents still passes through it (the conservative
	 * reading), and a raising override passes its own level on too.
	 */
	for (size_t i = 0; i < n; i++)
		if (v->nodes[i].override && (uint8_t)v->nodes[i].override > base[i])
			base[i] = (uint8_t)v->nodes[i].override;
	graph_derive(&v->graph, base, NULL, level, cause);
	for (size_t i = 0; i < n; i++) {
		struct node_eval *ne = &v->node_eval[i];
		const struct node *nd = &v->nodes[i];
		ne->derived = dlevel[i] ? (enum level)dlevel[i] : LEVEL_LAV;
		ne->cause = cause[i];
		if (nd->override) {
			ne->level = nd->override;
			set_reason(v, ne, msg_new(&v->arena, "node.reason.override", "reason", nd->override_reason, NULL));
		} else if (level[i] == 0) {
			ne->level = LEVEL_LAV;
			set_reason(v, ne, msg_new(&v->arena, "node.reason.default", NULL));
		} else if (cause[i] != GRAPH_NONE) {
			const struct node *by = &v->nodes[cause[i]];
			ne->level = (enum level)level[i];
			if (by->override && by->override < ne->level)
				set_reason(v, ne, msg_new(&v->arena, "node.reason.depended_on_overridden", "by", by->id, "level",
							   level_name(by->override), NULL));
			else
				set_reason(v, ne, msg_new(&v->arena, "node.reason.depended_on", "by", by->id, NULL));
		} else {
			ne->level = (enum level)level[i];
			set_reason(v, ne, msg_new(&v->arena, own_reason(nd, (enum level)base[i]), NULL));
		}
		ne->critical = (nd->kind == NODE_PROCESS || nd->kind == NODE_SERVICE) &&
			       (nd->critical_service || ne->level == LEVEL_KRITISK);
	}
	free(base);
	free(level);
	free(dlevel);
	free(cause);
	free(dcause);
}

/* The latest of a node's own assessment and its risks' assessments. */
static void assessment_dates(struct orgview *v)
{
	for (size_t i = 0; i < v->nnodes; i++) {
		v->node_eval[i].last_assessed = v->nodes[i].last_assessed;
		v->node_eval[i].trigger = DATE_NONE;
	}
	for (size_t r = 0; r < v->nrisks; r++) {
		long ni = orgview_node(v, v->risks[r].node);
		if (ni < 0)
			continue;
		int32_t *la = &v->node_eval[ni].last_assessed;
		if (*la == DATE_NONE || v->risks[r].assessed_on > *la)
			*la = v->risks[r].assessed_on;
	}
}

/*
 * An incident on a node makes that node's risk review due (SPEC §3, §9):
 * each affected node of a stored incident counts as a change of kind
 * "incident" on the incident's detection date.
 */
static int add_incident_triggers(struct orgview *v, struct store *st, const char *org, struct arena *a,
				 struct errinfo *e)
{
	struct incident_node_ref *refs;
	size_t n;
	int rc = store_incident_nodes(st, org, a, &refs, &n, e);
	if (rc || !n)
		return rc;
	struct change *all = arena_alloc(a, (v->nchanges + n) * sizeof *all);
	if (v->nchanges)
		memcpy(all, v->changes, v->nchanges * sizeof *all);
	for (size_t i = 0; i < n; i++)
		all[v->nchanges + i] = (struct change){.id = arena_printf(a, "incident %s", refs[i].incident),
						       .node = refs[i].node,
						       .kind = CHANGE_INCIDENT,
						       .date = instant_cph_date(refs[i].detected_ms),
						       .description = NULL};
	v->changes = all;
	v->nchanges += n;
	return 0;
}

/* A change on node X is a trigger for X and for every node that depends on X. */
static void apply_triggers(struct orgview *v)
{
	uint32_t *queue = xmalloc(sizeof *queue * (v->nnodes + 1));
	uint8_t *seen = xmalloc(v->nnodes + 1);
	for (size_t c = 0; c < v->nchanges; c++) {
		const struct change *ch = &v->changes[c];
		long start = orgview_node(v, ch->node);
		if (start < 0)
			continue;
		memset(seen, 0, v->nnodes + 1);
		size_t head = 0, tail = 0;
		queue[tail++] = (uint32_t)start;
		seen[start] = 1;
		while (head < tail) {
			uint32_t x = queue[head++];
			struct node_eval *ne = &v->node_eval[x];
			if (ne->last_assessed == DATE_NONE || ch->date > ne->last_assessed) {
				if (ne->trigger == DATE_NONE || ch->date < ne->trigger) {
					ne->trigger = ch->date;
					ne->trigger_id = ch->id;
				}
			}
			for (uint32_t k = v->graph.rev_off[x]; k < v->graph.rev_off[x + 1]; k++) {
				uint32_t d = v->graph.rev_src[k];
				if (!seen[d]) {
					seen[d] = 1;
					queue[tail++] = d;
				}
			}
		}
	}
	free(queue);
	free(seen);
}

static void review_dates(struct orgview *v)
{
	for (size_t i = 0; i < v->nnodes; i++) {
		struct node_eval *ne = &v->node_eval[i];
		ne->never_assessed = ne->last_assessed == DATE_NONE;
		ne->review_due = risk_review_due(&v->tables, ne->level, ne->last_assessed, ne->trigger, v->today);
		/* Due today is not yet overdue; never assessed is overdue at once. */
		ne->review_overdue = ne->never_assessed || v->today > ne->review_due;
	}
}

/* Risk r's evaluation; ms has room for every measure. */
static void evaluate_risk(struct orgview *v, size_t r, const struct measure **ms)
{
	size_t nms = orgview_measures_of(v, r, ms);
	const struct risk *rk = &v->risks[r];
	risk_evaluate(&v->tables, orgview_matrix(v, rk->matrix_version), v->org.risk_appetite, rk, ms, nms, v->today,
		      &v->risk_eval[r]);
}

static void evaluate_risks(struct orgview *v)
{
	const struct measure **ms = xmalloc(sizeof *ms * (v->nmeasures + 1));
	for (size_t r = 0; r < v->nrisks; r++)
		evaluate_risk(v, r, ms);
	free(ms);
}

static void index_ids(struct strmap *m, size_t n, const char *(*id_at)(const void *, size_t), const void *base)
{
	strmap_init(m, n);
	for (size_t i = 0; i < n; i++) {
		const char *id = id_at(base, i);
		strmap_put(m, id, strlen(id), (uint32_t)i);
	}
}

static const char *node_id_at(const void *b, size_t i) { return ((const struct node *)b)[i].id; }
static const char *risk_id_at(const void *b, size_t i) { return ((const struct risk *)b)[i].id; }
static const char *threat_id_at(const void *b, size_t i) { return ((const struct threat *)b)[i].id; }

static int build_graph(struct orgview *v, struct errinfo *e)
{
	size_t m = v->nedges;
	uint32_t *from = xmalloc(sizeof *from * (m + 1)), *to = xmalloc(sizeof *to * (m + 1));
	uint32_t *grp = xcalloc(m + 1, sizeof *grp);
	struct strmap groups;
	strmap_init(&groups, 16);
	int rc = 0;
	for (size_t i = 0; i < m; i++) {
		long f = orgview_node(v, v->edges[i].from), t = orgview_node(v, v->edges[i].to);
		if (f < 0 || t < 0) {
			rc = err_setm(e, ERR_IO, "", "store.edge_dangling", "from", v->edges[i].from, "to", v->edges[i].to,
				      NULL);
			goto out;
		}
		from[i] = (uint32_t)f;
		to[i] = (uint32_t)t;
		if (v->edges[i].group) {
			const char *g = v->edges[i].group;
			strmap_put(&groups, g, strlen(g), (uint32_t)groups.n + 1);
			grp[i] = (uint32_t)strmap_get(&groups, g, strlen(g));
		}
	}
	rc = graph_build(&v->graph, (uint32_t)v->nnodes, m, from, to, grp, e);
out:
	strmap_free(&groups);
	free(from);
	free(to);
	free(grp);
	return rc;
}

int orgview_load_rules(struct orgview *v, struct store *st, const char *org, struct errinfo *e)
{
	memset(v, 0, sizeof *v);
	arena_init(&v->arena);
	int rc = store_org_get(st, org, &v->arena, &v->org, e);
	if (!rc)
		rc = load_tables(v, st, e);
	if (rc)
		orgview_free(v);
	return rc;
}

/* The measures' risks by index (UINT32_MAX for a measure of a risk not in the view), then every risk evaluated. */
static void index_measures_evaluate(struct orgview *v)
{
	v->risk_eval = arena_alloc(&v->arena, sizeof *v->risk_eval * (v->nrisks + 1));
	v->measure_risk = arena_alloc(&v->arena, sizeof *v->measure_risk * (v->nmeasures + 1));
	for (size_t i = 0; i < v->nmeasures; i++) {
		long r = orgview_risk(v, v->measures[i].risk);
		v->measure_risk[i] = r < 0 ? UINT32_MAX : (uint32_t)r;
	}
	evaluate_risks(v);
}

int orgview_load_parts(struct orgview *v, struct store *st, const char *org, int32_t today, unsigned parts,
		       struct errinfo *e)
{
	if (parts & ORGVIEW_MAP)
		parts = ORGVIEW_ALL; /* a node's derived fields read every other part */
	memset(v, 0, sizeof *v);
	arena_init(&v->arena);
	v->today = today;
	struct arena *a = &v->arena;
	int rc = store_org_get(st, org, a, &v->org, e);
	if (!rc && (parts & ORGVIEW_RISKS))
		rc = load_tables(v, st, e);
	if (!rc && (parts & ORGVIEW_MAP))
		rc = store_node_list(st, org, a, &v->nodes, &v->nnodes, e);
	if (!rc && (parts & ORGVIEW_EDGES))
		rc = store_edge_list(st, org, a, &v->edges, &v->nedges, e);
	if (!rc && (parts & ORGVIEW_THREATS))
		rc = store_threat_list(st, org, a, &v->threats, &v->nthreats, e);
	if (!rc && (parts & ORGVIEW_RISKS))
		rc = store_risk_list(st, org, a, &v->risks, &v->nrisks, e);
	if (!rc && (parts & (ORGVIEW_RISKS | ORGVIEW_MEASURES)))
		rc = store_measure_list(st, org, a, &v->measures, &v->nmeasures, e);
	if (!rc && (parts & ORGVIEW_CHANGES))
		rc = store_change_list(st, org, a, &v->changes, &v->nchanges, e);
	v->nstored_changes = v->nchanges;
	if (!rc && (parts & ORGVIEW_MAP))
		rc = add_incident_triggers(v, st, org, a, e);
	if (rc) {
		orgview_free(v);
		return rc;
	}
	index_ids(&v->node_index, v->nnodes, node_id_at, v->nodes);
	index_ids(&v->risk_index, v->nrisks, risk_id_at, v->risks);
	index_ids(&v->threat_index, v->nthreats, threat_id_at, v->threats);
	if (parts & ORGVIEW_RISKS)
		index_measures_evaluate(v);
	if (!(parts & ORGVIEW_MAP))
		return 0;
	rc = build_graph(v, e);
	if (rc) {
		orgview_free(v);
		return rc;
	}
	graph_scratch_init(&v->scratch, &v->graph);
	v->node_eval = arena_alloc(a, sizeof *v->node_eval * (v->nnodes + 1));
	derive_criticality(v);
	assessment_dates(v);
	apply_triggers(v);
	review_dates(v);
	return 0;
}

int orgview_load(struct orgview *v, struct store *st, const char *org, int32_t today, struct errinfo *e)
{
	return orgview_load_parts(v, st, org, today, ORGVIEW_ALL, e);
}

/* One object of part into a one-element array of the view's arena; *n stays 0 when there is none. */
static int load_one(struct orgview *v, struct store *st, unsigned part, const char *id, const char *to,
		    struct errinfo *e)
{
	struct arena *a = &v->arena;
	const char *org = v->org.id;
	struct errinfo nf = {0};
	int rc = 0;
	switch (part) {
	case ORGVIEW_EDGES:
		v->edges = arena_alloc(a, sizeof *v->edges);
		rc = store_edge_get(st, org, id, to, a, v->edges, &nf);
		v->nedges = !rc;
		break;
	case ORGVIEW_THREATS:
		v->threats = arena_alloc(a, sizeof *v->threats);
		rc = store_threat_get(st, org, id, a, v->threats, &nf);
		v->nthreats = !rc;
		break;
	case ORGVIEW_RISKS:
		v->risks = arena_alloc(a, sizeof *v->risks);
		rc = store_risk_get(st, org, id, a, v->risks, &nf);
		v->nrisks = !rc;
		break;
	case ORGVIEW_MEASURES:
		v->measures = arena_alloc(a, sizeof *v->measures);
		rc = store_measure_get(st, org, id, a, v->measures, &nf);
		v->nmeasures = !rc;
		break;
	case ORGVIEW_CHANGES:
		v->changes = arena_alloc(a, sizeof *v->changes);
		rc = store_change_get(st, org, id, a, v->changes, &nf);
		v->nchanges = v->nstored_changes = !rc;
		break;
	default: ASSERT(!"load_one: not a part of one object");
	}
	if (rc && rc != ERR_NOTFOUND)
		*e = nf;
	return rc == ERR_NOTFOUND ? 0 : rc;
}

int orgview_load_one(struct orgview *v, struct store *st, const char *org, int32_t today, unsigned part,
		     const char *id, const char *to, struct errinfo *e)
{
	memset(v, 0, sizeof *v);
	arena_init(&v->arena);
	v->today = today;
	int rc = store_org_get(st, org, &v->arena, &v->org, e);
	if (!rc && part == ORGVIEW_RISKS)
		rc = load_tables(v, st, e);
	if (!rc)
		rc = load_one(v, st, part, id, to, e);
	/* a risk's measures, for its derived fields: the organisation's, of which only its own count */
	if (!rc && part == ORGVIEW_RISKS && v->nrisks)
		rc = store_measure_list(st, org, &v->arena, &v->measures, &v->nmeasures, e);
	if (rc) {
		orgview_free(v);
		return rc;
	}
	index_ids(&v->risk_index, v->nrisks, risk_id_at, v->risks);
	index_ids(&v->threat_index, v->nthreats, threat_id_at, v->threats);
	if (part == ORGVIEW_RISKS)
		index_measures_evaluate(v);
	return 0;
}

static const char *copy_str(struct arena *a, const char *s) { return s ? arena_strdup(a, s) : NULL; }

/* x's texts copied into a. */
static void copy_risk_strs(struct arena *a, struct risk *x)
{
	x->id = copy_str(a, x->id);
	x->node = copy_str(a, x->node);
	x->threat = copy_str(a, x->threat);
	x->title = copy_str(a, x->title);
	x->description = copy_str(a, x->description);
	x->assessor = copy_str(a, x->assessor);
	x->owner = copy_str(a, x->owner);
	x->accept_approver = copy_str(a, x->accept_approver);
	x->note = copy_str(a, x->note);
}

void orgview_own_risks(struct orgview *v)
{
	for (size_t i = 0; i < v->nrisks; i++)
		copy_risk_strs(&v->arena, &v->risks[i]);
	strmap_free(&v->risk_index); /* its keys were the old texts */
	index_ids(&v->risk_index, v->nrisks, risk_id_at, v->risks);
}

int orgview_with_risk(struct orgview *v, const struct orgview *base, const struct risk *r)
{
	ASSERT(!base->nnodes && !base->nthreats && !base->nedges && !base->nchanges);
	*v = *base; /* the rules, the organisation and the measures: base's */
	memset(&v->arena, 0, sizeof v->arena);
	memset(&v->node_index, 0, sizeof v->node_index);
	memset(&v->risk_index, 0, sizeof v->risk_index);
	memset(&v->threat_index, 0, sizeof v->threat_index);
	memset(&v->graph, 0, sizeof v->graph);
	memset(&v->scratch, 0, sizeof v->scratch);
	arena_init(&v->arena);
	struct arena *a = &v->arena;
	/* where r goes: its own place, or before the first id above it (the store lists risks by id, bytewise) */
	long own = orgview_risk(base, r->id);
	size_t at = own >= 0 ? (size_t)own : 0;
	while (own < 0 && at < base->nrisks && strcmp(base->risks[at].id, r->id) < 0)
		at++;
	size_t n = base->nrisks + (own < 0), tail = base->nrisks - at - (own >= 0);
	v->nrisks = n;
	v->risks = arena_alloc(a, sizeof *v->risks * (n + 1));
	v->risk_eval = arena_alloc(a, sizeof *v->risk_eval * (n + 1));
	if (at) {
		memcpy(v->risks, base->risks, sizeof *v->risks * at);
		memcpy(v->risk_eval, base->risk_eval, sizeof *v->risk_eval * at);
	}
	if (tail) {
		memcpy(v->risks + at + 1, base->risks + base->nrisks - tail, sizeof *v->risks * tail);
		memcpy(v->risk_eval + at + 1, base->risk_eval + base->nrisks - tail, sizeof *v->risk_eval * tail);
	}
	v->risks[at] = *r;
	copy_risk_strs(a, &v->risks[at]);
	index_ids(&v->node_index, 0, node_id_at, NULL);
	index_ids(&v->risk_index, v->nrisks, risk_id_at, v->risks);
	index_ids(&v->threat_index, 0, threat_id_at, NULL);
	v->measure_risk = arena_alloc(a, sizeof *v->measure_risk * (v->nmeasures + 1));
	for (size_t i = 0; i < v->nmeasures; i++) {
		long k = orgview_risk(v, v->measures[i].risk);
		v->measure_risk[i] = k < 0 ? UINT32_MAX : (uint32_t)k;
	}
	const struct measure **ms = xmalloc(sizeof *ms * (v->nmeasures + 1));
	evaluate_risk(v, at, ms);
	free(ms);
	return 0;
}

void orgview_free(struct orgview *v)
{
	graph_free(&v->graph);
	graph_scratch_free(&v->scratch);
	strmap_free(&v->node_index);
	strmap_free(&v->risk_index);
	strmap_free(&v->threat_index);
	arena_free(&v->arena);
	memset(v, 0, sizeof *v);
}
