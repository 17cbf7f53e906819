/*
 * report.c — the content of the reports of seed 003 §5-§8 (SPEC §2.3-§2.4),
 * built from one evaluated struct orgview.
 *
 * Design.  Every report is JSON: report_overview, report_followup,
 * report_isu and report_management read only the orgview's stored objects and
 * derived facts (node_eval, risk_eval, the tables) and compute nothing the
 * view already knows — a risk's levels, deadlines, appetite check and
 * escalation come from risk_eval, a node's review date from node_eval — so
 * a report cannot disagree with export or the API.  What the reports add is
 * aggregation: counts, the residual heat map, the follow-up list with who
 * must act and who must hear of it, the quarter's and the year's picture,
 * single points of failure and supplier chains of the critical processes,
 * and recommendations derived from those numbers.
 *
 * The follow-up list is the core: one struct followup_item per action
 * (treatment overdue, Kritisk warning reached, measure overdue or due soon,
 * acceptance expired, residual above appetite, node review overdue or due,
 * the procedure's own yearly review), sorted most urgent first — overdue
 * before due soon, then earlier due date, then higher level.  The ISU and
 * management reports reuse it, so "overdue" means the same everywhere.
 *
 * Markdown and HTML are renderings of this JSON (report_render.c), and the
 * risk register's CSV is written by csv_write.c; both write through the
 * bounded buffer of buf.c, as the generated sentences here do.
 *
 * Caveats.  The store keeps current state, not history: a measure carries no
 * completion date and a node only its latest review, so quarterly and annual
 * figures are the status as of the view's date (the JSON says so), and a
 * trend across years is not available.  The management report casts the
 * view's graph scratch to non-const for graph_spof: the scratch is query
 * space with no meaning between calls, not part of the evaluated state.
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "json_io.h"
#include "jsonx.h"

/* Reviews, measures and the procedure review due within this many days are "due soon". */
#define FOLLOWUP_HORIZON_DAYS 30
#define OVERVIEW_TOP_RISKS 5
#define MANAGEMENT_TOP_RISKS 10
/* Seed 003 §8: the procedure is revised at least once a year. */
#define PROCEDURE_REVIEW_MONTHS 12
/* How many ids a recommendation names before it says "…". */
#define REC_MAX_IDS 5

/* ---- small JSON helpers ---- */

/* A date as JSON, null when unset. */
static json_t *jdate(int32_t d)
{
	if (d == DATE_NONE)
		return json_null();
	char s[11];
	date_format(d, s);
	return json_string(s);
}

/* A string as JSON, null when NULL. */
static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* {"da": da, "en": en}: the bilingual text every generated sentence is. */
static json_t *jtext(const char *da, const char *en)
{
	json_t *o = json_object();
	json_object_set_new(o, "da", jstr(da));
	json_object_set_new(o, "en", jstr(en));
	return o;
}

/* Set obj[key] to a label's Danish text and obj[key_en] to its English one (null when absent). */
static void set_label(json_t *obj, const char *key, struct label l)
{
	char k[64];
	json_object_set_new(obj, key, jstr(l.da));
	snprintf(k, sizeof k, "%s_en", key);
	json_object_set_new(obj, k, jstr(l.en));
}

/* Counts per level as {"Lav": n, "Medium": n, "Høj": n, "Kritisk": n}; "unscored" only when n[0]. */
static json_t *level_counts(const size_t n[5])
{
	json_t *o = json_object();
	for (int l = LEVEL_LAV; l <= LEVEL_KRITISK; l++)
		json_object_set_new(o, level_name((enum level)l), json_integer((json_int_t)n[l]));
	if (n[0])
		json_object_set_new(o, "unscored", json_integer((json_int_t)n[0]));
	return o;
}

/* ---- reading the view ---- */

/* A risk's title for people: its own, else its threat's name, else its id. */
static const char *risk_title(const struct orgview *v, size_t r)
{
	const struct risk *rk = &v->risks[r];
	if (rk->title && *rk->title)
		return rk->title;
	if (rk->threat) {
		long t = strmap_get(&v->threat_index, rk->threat, strlen(rk->threat));
		if (t >= 0 && v->threats[t].name)
			return v->threats[t].name;
	}
	return rk->id;
}

/* A node's name by id, or the id when the node is unknown or unnamed (report.h). */
const char *report_node_name(const struct orgview *v, const char *id)
{
	if (!id)
		return NULL;
	long i = orgview_node(v, id);
	return i >= 0 && v->nodes[i].name ? v->nodes[i].name : id;
}

/* Whether risk r escalates for its appetite: above it and not validly accepted. */
static bool risk_needs_appetite_decision(const struct orgview *v, size_t r)
{
	const struct risk_eval *re = &v->risk_eval[r];
	return re->above_appetite && !(v->risks[r].decision == DECISION_ACCEPT && re->acceptance_valid);
}

/* The common head of every report: kind, organisation, as-of date and appetite. */
static json_t *report_head(const struct orgview *v, const char *kind)
{
	json_t *o = json_object();
	json_object_set_new(o, "report", json_string(kind));
	json_t *org = json_object();
	json_object_set_new(org, "id", jstr(v->org.id));
	json_object_set_new(org, "name", jstr(v->org.name));
	json_object_set_new(o, "organisation", org);
	json_object_set_new(o, "as_of", jdate(v->today));
	json_object_set_new(o, "risk_appetite", v->org.risk_appetite ? json_string(level_name(v->org.risk_appetite))
								     : json_null());
	return o;
}

/* A short description of risk r for lists: ids, title, node, levels, appetite, escalation. */
static json_t *risk_brief(const struct orgview *v, size_t r)
{
	const struct risk *rk = &v->risks[r];
	const struct risk_eval *re = &v->risk_eval[r];
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(rk->id));
	json_object_set_new(o, "title", jstr(risk_title(v, r)));
	json_object_set_new(o, "node", jstr(rk->node));
	json_object_set_new(o, "node_name", jstr(report_node_name(v, rk->node)));
	json_object_set_new(o, "owner", jstr(rk->owner));
	json_object_set_new(o, "assessed_on", jdate(rk->assessed_on));
	json_object_set_new(o, "inherent_level", json_string(level_name(re->inherent)));
	json_object_set_new(o, "residual_level", json_string(level_name(re->residual)));
	json_object_set_new(o, "decision", json_string(decision_name(rk->decision)));
	json_object_set_new(o, "treatment_due", jdate(re->treatment_due));
	json_object_set_new(o, "treatment_started", json_boolean(re->treatment_started));
	json_object_set_new(o, "above_appetite", json_boolean(re->above_appetite));
	json_object_set_new(o, "overdue", json_boolean(re->overdue));
	set_label(o, "escalate_to", re->escalate_to);
	return o;
}

/* A node's id, name and kind. */
static json_t *node_brief(const struct orgview *v, size_t i)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(v->nodes[i].id));
	json_object_set_new(o, "name", jstr(v->nodes[i].name));
	json_object_set_new(o, "kind", json_string(node_kind_name(v->nodes[i].kind)));
	json_object_set_new(o, "effective_criticality", json_string(level_name(v->node_eval[i].level)));
	return o;
}

struct risk_rank {
	enum level residual, inherent;
	const char *id;
	size_t index;
};

/* Highest residual first, then highest inherent, then id. */
static int risk_rank_cmp(const void *a, const void *b)
{
	const struct risk_rank *x = a, *y = b;
	if (x->residual != y->residual)
		return x->residual > y->residual ? -1 : 1;
	if (x->inherent != y->inherent)
		return x->inherent > y->inherent ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* The top k risks by residual then inherent level, as an array of risk_brief. */
static json_t *top_risks(const struct orgview *v, size_t k)
{
	struct risk_rank *rk = xmalloc(sizeof *rk * (v->nrisks + 1));
	for (size_t i = 0; i < v->nrisks; i++)
		rk[i] = (struct risk_rank){v->risk_eval[i].residual, v->risk_eval[i].inherent, v->risks[i].id, i};
	qsort(rk, v->nrisks, sizeof *rk, risk_rank_cmp);
	json_t *arr = json_array();
	for (size_t i = 0; i < v->nrisks && i < k; i++)
		json_array_append_new(arr, risk_brief(v, rk[i].index));
	free(rk);
	return arr;
}

/* ---- the procedure's own review (seed 003 §8) ---- */

struct procedure_status {
	int32_t reviewed_on, due;
	long days_overdue;
	const char *status; /* never_reviewed, overdue, due_soon, ok */
	bool overdue, due_soon;
};

/* The procedure is due 12 months after its last review; never reviewed is due (and overdue) today. */
static void procedure_status(const struct orgview *v, struct procedure_status *p)
{
	p->reviewed_on = v->org.procedure_reviewed_on;
	if (p->reviewed_on == DATE_NONE) {
		p->due = v->today;
		p->status = "never_reviewed";
		p->overdue = true;
	} else {
		p->due = date_add_months(p->reviewed_on, PROCEDURE_REVIEW_MONTHS);
		p->overdue = v->today > p->due;
		p->status = p->overdue ? "overdue" : "ok";
	}
	p->days_overdue = (long)v->today - p->due;
	p->due_soon = !p->overdue && p->due - v->today <= FOLLOWUP_HORIZON_DAYS;
	if (p->due_soon)
		p->status = "due_soon";
}

/* Who answers for the procedure: seed 003 §3 (ISK/ISU carry the process) and §8 with NIS2-loven §7 stk. 1. */
static const struct label procedure_responsible = {"Informationssikkerhedskoordinator / ISU",
						   "Information-security coordinator / ISU"};
static const struct label procedure_approval = {"Direktionen (NIS2-loven §7, stk. 1)",
						"The board (Danish NIS2 act §7(1))"};

/* The procedure review as JSON. */
static json_t *procedure_json(const struct orgview *v)
{
	struct procedure_status p;
	procedure_status(v, &p);
	json_t *o = json_object();
	json_object_set_new(o, "reviewed_on", jdate(p.reviewed_on));
	json_object_set_new(o, "due", jdate(p.due));
	json_object_set_new(o, "status", json_string(p.status));
	json_object_set_new(o, "days_overdue", json_integer(p.days_overdue));
	set_label(o, "responsible", procedure_responsible);
	set_label(o, "approval", procedure_approval);
	return o;
}

/* ---- the follow-up list ---- */

enum item_kind {
	ITEM_TREATMENT_OVERDUE,
	ITEM_TREATMENT_WARNING,
	ITEM_MEASURE_OVERDUE,
	ITEM_MEASURE_DUE,
	ITEM_ACCEPTANCE_EXPIRED,
	ITEM_ABOVE_APPETITE,
	ITEM_REVIEW_OVERDUE,
	ITEM_REVIEW_DUE,
	ITEM_PROCEDURE_OVERDUE,
	ITEM_PROCEDURE_DUE,
	ITEM_KIND_COUNT
};

static const char *const item_kind_names[] = {
	"treatment_overdue", "treatment_warning", "measure_overdue", "measure_due", "acceptance_expired",
	"above_appetite",    "review_overdue",    "review_due",      "procedure_review_overdue", "procedure_review_due"};
_Static_assert(sizeof item_kind_names / sizeof item_kind_names[0] == ITEM_KIND_COUNT, "item kinds");

struct followup_item {
	enum item_kind kind;
	size_t index;      /* into risks, measures or nodes by kind; unused for the procedure */
	int32_t due;
	bool overdue;
	enum level level;
	struct label responsible, escalate_to;
};

/* Overdue first; then earlier due; then higher level; then kind; then index. */
static int item_cmp(const void *a, const void *b)
{
	const struct followup_item *x = a, *y = b;
	if (x->overdue != y->overdue)
		return x->overdue ? -1 : 1;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	if (x->level != y->level)
		return x->level > y->level ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

struct followup {
	struct followup_item *items;
	size_t n, cap;
};

/* Append one item. */
static void followup_add(struct followup *f, struct followup_item it)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 64;
		f->items = xrealloc(f->items, sizeof *f->items * f->cap);
	}
	f->items[f->n++] = it;
}

/* The treatment-policy label of a risk's inherent level (empty when unscored). */
static struct label treatment_label(const struct orgview *v, enum level inherent, int which)
{
	struct label none = {NULL, NULL};
	if (inherent < LEVEL_LAV || inherent > LEVEL_KRITISK)
		return none;
	const struct treatment_policy *tp = &v->tables.treatment[inherent];
	return which ? tp->escalate_to : tp->responsible;
}

/* Everything needing action as of v->today, sorted most urgent first.  Caller frees f->items. */
static void followup_collect(const struct orgview *v, struct followup *f)
{
	const struct label none = {NULL, NULL};
	int32_t today = v->today;
	memset(f, 0, sizeof *f);
	for (size_t r = 0; r < v->nrisks; r++) {
		const struct risk *rk = &v->risks[r];
		const struct risk_eval *re = &v->risk_eval[r];
		struct label resp = treatment_label(v, re->inherent, 0);
		/* An expired acceptance is the one action: the treatment deadline was met by the
		 * acceptance, so the treatment_overdue that follows from its expiry is not repeated. */
		if (re->treatment_overdue && !re->acceptance_expired)
			followup_add(f, (struct followup_item){ITEM_TREATMENT_OVERDUE, r, re->treatment_due, true,
							       re->inherent, resp, re->escalate_to});
		else if (!re->treatment_started && !re->treatment_overdue && re->treatment_warning != DATE_NONE &&
			 today >= re->treatment_warning)
			/* Seed 003 fig. 4.3.1, Kritisk: 24-48 hours; the warning is reached at 24. */
			followup_add(f, (struct followup_item){ITEM_TREATMENT_WARNING, r, re->treatment_due, false,
							       re->inherent, resp, re->escalate_to});
		if (re->acceptance_expired)
			followup_add(f, (struct followup_item){ITEM_ACCEPTANCE_EXPIRED, r, rk->accept_expires, true,
							       re->residual, resp, re->escalate_to});
		if (risk_needs_appetite_decision(v, r))
			/* Escalation is due from the assessment that put the residual above the appetite. */
			followup_add(f, (struct followup_item){ITEM_ABOVE_APPETITE, r,
							       rk->assessed_on != DATE_NONE ? rk->assessed_on : today,
							       true, re->residual, resp, re->escalate_to});
	}
	for (size_t i = 0; i < v->nmeasures; i++) {
		const struct measure *m = &v->measures[i];
		if (m->status == MSTATUS_DONE || m->status == MSTATUS_CANCELLED || m->due == DATE_NONE)
			continue;
		uint32_t r = v->measure_risk[i];
		const struct risk_eval *re = r != UINT32_MAX ? &v->risk_eval[r] : NULL;
		enum level lvl = re ? re->inherent : LEVEL_NONE;
		struct label resp = treatment_label(v, lvl, 0);
		if (measure_overdue(m, today))
			followup_add(f, (struct followup_item){ITEM_MEASURE_OVERDUE, i, m->due, true, lvl, resp,
							       re ? re->escalate_to : none});
		else if (m->due - today <= FOLLOWUP_HORIZON_DAYS)
			followup_add(f, (struct followup_item){ITEM_MEASURE_DUE, i, m->due, false, lvl, resp, none});
	}
	for (size_t i = 0; i < v->nnodes; i++) {
		const struct node_eval *ne = &v->node_eval[i];
		const struct review_policy *rp = &v->tables.review[ne->level ? ne->level : LEVEL_LAV];
		if (ne->review_overdue)
			followup_add(f, (struct followup_item){ITEM_REVIEW_OVERDUE, i, ne->review_due, true, ne->level,
							       rp->responsible, rp->escalate_to});
		else if (ne->review_due != DATE_NONE && ne->review_due - today <= FOLLOWUP_HORIZON_DAYS)
			followup_add(f, (struct followup_item){ITEM_REVIEW_DUE, i, ne->review_due, false, ne->level,
							       rp->responsible, none});
	}
	struct procedure_status p;
	procedure_status(v, &p);
	if (p.overdue)
		followup_add(f, (struct followup_item){ITEM_PROCEDURE_OVERDUE, 0, p.due, true, LEVEL_NONE,
						       procedure_responsible, procedure_approval});
	else if (p.due_soon)
		followup_add(f, (struct followup_item){ITEM_PROCEDURE_DUE, 0, p.due, false, LEVEL_NONE,
						       procedure_responsible, none});
	if (f->n)
		qsort(f->items, f->n, sizeof *f->items, item_cmp);
}

/* The change that set a node's review date, or NULL. */
static const char *review_trigger(const struct orgview *v, size_t i)
{
	const struct node_eval *ne = &v->node_eval[i];
	return ne->trigger_id && ne->trigger != DATE_NONE && ne->review_due == ne->trigger ? ne->trigger_id : NULL;
}

/* Why an item is on the list, in Danish (da) and English (en). */
static void item_reason(const struct orgview *v, const struct followup_item *it, struct buf *da, struct buf *en)
{
	char d1[11] = "", d2[11] = "";
	if (it->due != DATE_NONE)
		date_format(it->due, d1);
	switch (it->kind) {
	case ITEM_TREATMENT_OVERDUE: {
		char dl[32];
		deadline_format(v->tables.treatment[it->level].deadline, dl, sizeof dl);
		buf_printf(da, "Handleplan og mitigering skulle være igangsat senest %s (niveau %s: %s); ikke igangsat",
			   d1, level_name(it->level), dl);
		buf_printf(en, "Action plan and mitigation were due to start by %s (level %s: %s); not started", d1,
			   level_name(it->level), dl);
		break;
	}
	case ITEM_TREATMENT_WARNING:
		date_format(v->risk_eval[it->index].treatment_warning, d2);
		buf_printf(da, "Risiko på niveau %s uden igangsat handleplan: varsel nået %s, frist %s",
			   level_name(it->level), d2, d1);
		buf_printf(en, "Level %s risk without a started action plan: warning reached %s, due %s",
			   level_name(it->level), d2, d1);
		break;
	case ITEM_MEASURE_OVERDUE:
	case ITEM_MEASURE_DUE: {
		const struct measure *m = &v->measures[it->index];
		bool late = it->kind == ITEM_MEASURE_OVERDUE;
		buf_printf(da, "Foranstaltning til risiko %s %s %s (status: %s)", m->risk,
			   late ? "skulle være gennemført senest" : "forfalder", d1, measure_status_name(m->status));
		buf_printf(en, "Measure for risk %s %s %s (status: %s)", m->risk, late ? "was due" : "falls due", d1,
			   measure_status_name(m->status));
		break;
	}
	case ITEM_ACCEPTANCE_EXPIRED:
		buf_printf(da, "Risikoaccepten udløb %s: forny accepten eller revurdér risikoen", d1);
		buf_printf(en, "The risk acceptance expired on %s: renew it or reassess the risk", d1);
		break;
	case ITEM_ABOVE_APPETITE:
		buf_printf(da, "Restrisiko %s er over risikoappetitten (%s): eskalér og træf beslutning om håndtering",
			   level_name(it->level), level_name(v->org.risk_appetite));
		buf_printf(en, "Residual risk %s is above the risk appetite (%s): escalate and decide on treatment",
			   level_name(it->level), level_name(v->org.risk_appetite));
		break;
	case ITEM_REVIEW_OVERDUE:
	case ITEM_REVIEW_DUE: {
		const struct node_eval *ne = &v->node_eval[it->index];
		const char *trig = review_trigger(v, it->index);
		if (ne->never_assessed) {
			buf_printf(da, "Aldrig risikovurderet (kritikalitet %s)", level_name(ne->level));
			buf_printf(en, "Never assessed (criticality %s)", level_name(ne->level));
		} else if (trig) {
			buf_printf(da, "Revurdering %s %s: ændring/hændelse %s efter seneste vurdering (kritikalitet %s)",
				   it->overdue ? "forfalden siden" : "forfalder", d1, trig, level_name(ne->level));
			buf_printf(en, "Review %s %s: change/incident %s after the last assessment (criticality %s)",
				   it->overdue ? "overdue since" : "falls due", d1, trig, level_name(ne->level));
		} else {
			char last[11] = "";
			if (ne->last_assessed != DATE_NONE)
				date_format(ne->last_assessed, last);
			buf_printf(da, "Revurdering %s %s (kritikalitet %s, senest vurderet %s)",
				   it->overdue ? "forfalden siden" : "forfalder", d1, level_name(ne->level), last);
			buf_printf(en, "Review %s %s (criticality %s, last assessed %s)",
				   it->overdue ? "overdue since" : "falls due", d1, level_name(ne->level), last);
		}
		break;
	}
	case ITEM_PROCEDURE_OVERDUE:
	case ITEM_PROCEDURE_DUE:
		if (v->org.procedure_reviewed_on == DATE_NONE) {
			buf_printf(da, "Proceduren for risikostyring er ikke registreret som revideret; den skal revideres "
				       "mindst én gang årligt");
			buf_printf(en, "No review of the risk-management procedure is recorded; it must be reviewed at "
				       "least yearly");
		} else {
			date_format(v->org.procedure_reviewed_on, d2);
			buf_printf(da, "Proceduren for risikostyring skal revideres mindst én gang årligt; senest revideret %s",
				   d2);
			buf_printf(en, "The risk-management procedure must be reviewed at least yearly; last reviewed %s",
				   d2);
		}
		break;
	case ITEM_KIND_COUNT: break;
	}
}

/* One follow-up item as JSON. */
static json_t *item_json(const struct orgview *v, const struct followup_item *it)
{
	json_t *o = json_object();
	json_object_set_new(o, "kind", json_string(item_kind_names[it->kind]));
	const char *id = NULL, *title = NULL, *owner = NULL;
	switch (it->kind) {
	case ITEM_TREATMENT_OVERDUE:
	case ITEM_TREATMENT_WARNING:
	case ITEM_ACCEPTANCE_EXPIRED:
	case ITEM_ABOVE_APPETITE: {
		const struct risk *rk = &v->risks[it->index];
		id = rk->id;
		title = risk_title(v, it->index);
		owner = rk->owner;
		json_object_set_new(o, "node", jstr(rk->node));
		json_object_set_new(o, "node_name", jstr(report_node_name(v, rk->node)));
		break;
	}
	case ITEM_MEASURE_OVERDUE:
	case ITEM_MEASURE_DUE: {
		const struct measure *m = &v->measures[it->index];
		id = m->id;
		title = m->title;
		owner = m->owner;
		json_object_set_new(o, "risk", jstr(m->risk));
		break;
	}
	case ITEM_REVIEW_OVERDUE:
	case ITEM_REVIEW_DUE:
		id = v->nodes[it->index].id;
		title = v->nodes[it->index].name;
		owner = v->nodes[it->index].owner;
		json_object_set_new(o, "node_kind", json_string(node_kind_name(v->nodes[it->index].kind)));
		json_object_set_new(o, "trigger", jstr(review_trigger(v, it->index)));
		break;
	case ITEM_PROCEDURE_OVERDUE:
	case ITEM_PROCEDURE_DUE:
		id = "procedure";
		title = "Procedure for risikostyring";
		break;
	case ITEM_KIND_COUNT: break;
	}
	json_object_set_new(o, "id", jstr(id));
	json_object_set_new(o, "title", jstr(title));
	json_object_set_new(o, "owner", jstr(owner));
	json_object_set_new(o, "due", jdate(it->due));
	json_object_set_new(o, "days_overdue", json_integer((json_int_t)v->today - it->due));
	json_object_set_new(o, "overdue", json_boolean(it->overdue));
	json_object_set_new(o, "level", it->level ? json_string(level_name(it->level)) : json_null());
	set_label(o, "responsible", it->responsible);
	set_label(o, "escalate_to", it->escalate_to);
	struct buf da = {0}, en = {0};
	item_reason(v, it, &da, &en);
	json_object_set_new(o, "reason", json_string(buf_str(&da)));
	json_object_set_new(o, "reason_en", json_string(buf_str(&en)));
	free(da.p);
	free(en.p);
	return o;
}

/* The items (overdue ones only when only_overdue) as a JSON array. */
static json_t *items_json(const struct orgview *v, const struct followup *f, bool only_overdue)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < f->n; i++)
		if (!only_overdue || f->items[i].overdue)
			json_array_append_new(arr, item_json(v, &f->items[i]));
	return arr;
}

/* ---- report_overview ---- */

/*
 * The overview (report.h): node counts by kind and criticality, risks by
 * level, the residual heat map, overdue and escalation totals, the procedure
 * review and the top risks.  New reference; v is only read.
 */
json_t *report_overview(const struct orgview *v)
{
	json_t *o = report_head(v, "overview");

	size_t by_kind[NODE_KIND_COUNT] = {0}, by_crit[5] = {0}, reviews_overdue = 0, never = 0;
	for (size_t i = 0; i < v->nnodes; i++) {
		by_kind[v->nodes[i].kind]++;
		by_crit[v->node_eval[i].level]++;
		reviews_overdue += v->node_eval[i].review_overdue;
		never += v->node_eval[i].never_assessed;
	}
	json_t *nodes = json_object();
	json_object_set_new(nodes, "total", json_integer((json_int_t)v->nnodes));
	json_t *kinds = json_object();
	for (int k = 0; k < NODE_KIND_COUNT; k++)
		json_object_set_new(kinds, node_kind_name((enum node_kind)k), json_integer((json_int_t)by_kind[k]));
	json_object_set_new(nodes, "by_kind", kinds);
	json_object_set_new(nodes, "by_criticality", level_counts(by_crit));
	json_object_set_new(o, "nodes", nodes);

	size_t inh[5] = {0}, res[5] = {0}, above = 0, overdue = 0, tr_overdue = 0, unscored = 0;
	size_t cells[4][4] = {{0}};
	for (size_t r = 0; r < v->nrisks; r++) {
		const struct risk_eval *re = &v->risk_eval[r];
		inh[re->inherent]++;
		res[re->residual]++;
		above += re->above_appetite;
		overdue += re->overdue;
		tr_overdue += re->treatment_overdue;
		int l = re->residual_likelihood, c = re->residual_consequence;
		if (l >= 1 && l <= 4 && c >= 1 && c <= 4)
			cells[l - 1][c - 1]++;
		else
			unscored++;
	}
	json_t *risks = json_object();
	json_object_set_new(risks, "total", json_integer((json_int_t)v->nrisks));
	json_object_set_new(risks, "by_inherent", level_counts(inh));
	json_object_set_new(risks, "by_residual", level_counts(res));
	json_object_set_new(o, "risks", risks);

	json_t *heat = json_object();
	json_object_set_new(heat, "rows", json_string("residual likelihood 1..4"));
	json_object_set_new(heat, "columns", json_string("residual consequence 1..4"));
	json_t *rows = json_array();
	for (int l = 0; l < 4; l++) {
		json_t *row = json_array();
		for (int c = 0; c < 4; c++)
			json_array_append_new(row, json_integer((json_int_t)cells[l][c]));
		json_array_append_new(rows, row);
	}
	json_object_set_new(heat, "cells", rows);
	json_object_set_new(heat, "levels", risk_matrix_json(v->tables.matrix));
	json_object_set_new(heat, "unscored", json_integer((json_int_t)unscored));
	json_object_set_new(o, "heatmap", heat);

	size_t m_overdue = 0;
	for (size_t i = 0; i < v->nmeasures; i++)
		m_overdue += measure_overdue(&v->measures[i], v->today);
	json_t *tot = json_object();
	json_object_set_new(tot, "risks_above_appetite", json_integer((json_int_t)above));
	json_object_set_new(tot, "risks_overdue", json_integer((json_int_t)overdue));
	json_object_set_new(tot, "treatment_overdue", json_integer((json_int_t)tr_overdue));
	json_object_set_new(tot, "measures_overdue", json_integer((json_int_t)m_overdue));
	json_object_set_new(tot, "reviews_overdue", json_integer((json_int_t)reviews_overdue));
	json_object_set_new(tot, "never_assessed", json_integer((json_int_t)never));
	json_object_set_new(o, "totals", tot);
	json_object_set_new(o, "procedure_review", procedure_json(v));
	json_object_set_new(o, "top_risks", top_risks(v, OVERVIEW_TOP_RISKS));
	return o;
}

/* ---- report_followup ---- */

/* The follow-up list (report.h): every item of followup_collect with a summary.  New reference. */
json_t *report_followup(const struct orgview *v)
{
	json_t *o = report_head(v, "followup");
	struct followup f;
	followup_collect(v, &f);
	size_t overdue = 0, by_kind[ITEM_KIND_COUNT] = {0};
	for (size_t i = 0; i < f.n; i++) {
		overdue += f.items[i].overdue;
		by_kind[f.items[i].kind]++;
	}
	json_t *sum = json_object();
	json_object_set_new(sum, "total", json_integer((json_int_t)f.n));
	json_object_set_new(sum, "overdue", json_integer((json_int_t)overdue));
	json_object_set_new(sum, "due_soon", json_integer((json_int_t)(f.n - overdue)));
	json_object_set_new(sum, "horizon_days", json_integer(FOLLOWUP_HORIZON_DAYS));
	json_t *kinds = json_object();
	for (int k = 0; k < ITEM_KIND_COUNT; k++)
		if (by_kind[k])
			json_object_set_new(kinds, item_kind_names[k], json_integer((json_int_t)by_kind[k]));
	json_object_set_new(sum, "by_kind", kinds);
	json_object_set_new(o, "summary", sum);
	json_object_set_new(o, "items", items_json(v, &f, false));
	free(f.items);
	return o;
}

/* ---- recommendations ---- */

/* "a, b, c" naming at most REC_MAX_IDS ids, then "…". */
static void join_ids(struct buf *b, const char *const *ids, size_t n)
{
	for (size_t i = 0; i < n && i < REC_MAX_IDS; i++) {
		if (i)
			buf_puts(b, ", ");
		buf_puts(b, ids[i]);
	}
	if (n > REC_MAX_IDS)
		buf_puts(b, ", …");
}

/* Append one recommendation {"da","en"} to recs. */
static void add_rec(json_t *recs, const char *da, const char *en)
{
	json_array_append_new(recs, jtext(da, en));
}

/*
 * Recommendations for the ISU (seed 003 §6.1: "anbefalinger/behov for evt.
 * yderligere prioritering"), each one a concrete count or name taken from the
 * view: treatment not started by level, overdue measures and their owners,
 * risks above appetite, expired acceptances, overdue reviews, the node where
 * most overdue actions pile up (resources), and the procedure's review.
 */
static json_t *recommendations(const struct orgview *v)
{
	json_t *recs = json_array();
	const char **ids = xmalloc(sizeof *ids * (v->nrisks + v->nmeasures + v->nnodes + 1));
	struct buf l = {0}, da = {0}, en = {0};
	size_t n;

	for (int lvl = LEVEL_KRITISK; lvl >= LEVEL_HOJ; lvl--) {
		n = 0;
		for (size_t r = 0; r < v->nrisks; r++)
			if (v->risk_eval[r].inherent == (enum level)lvl && !v->risk_eval[r].treatment_started)
				ids[n++] = v->risks[r].id;
		if (!n)
			continue;
		buf_reset(&l), buf_reset(&da), buf_reset(&en);
		join_ids(&l, ids, n);
		bool one = n == 1;
		buf_printf(&da, "%zu %s på niveau %s mangler en igangsat handleplan: prioritér %s (%s)", n,
			   one ? "risiko" : "risici", level_name((enum level)lvl), one ? "den" : "dem", buf_str(&l));
		buf_printf(&en, "%zu %s %s %s a started action plan: prioritise %s (%s)", n, level_name((enum level)lvl),
			   one ? "risk" : "risks", one ? "lacks" : "lack", one ? "it" : "them", buf_str(&l));
		add_rec(recs, buf_str(&da), buf_str(&en));
	}

	n = 0;
	size_t nowners = 0;
	const char **owners = xmalloc(sizeof *owners * (v->nmeasures + 1));
	for (size_t i = 0; i < v->nmeasures; i++) {
		if (!measure_overdue(&v->measures[i], v->today))
			continue;
		ids[n++] = v->measures[i].id;
		const char *ow = v->measures[i].owner;
		bool seen = !ow;
		for (size_t k = 0; k < nowners && !seen; k++)
			seen = !strcmp(owners[k], ow);
		if (!seen)
			owners[nowners++] = ow;
	}
	if (n) {
		buf_reset(&l), buf_reset(&da), buf_reset(&en);
		join_ids(&l, ids, n);
		if (nowners) {
			buf_puts(&l, "; ");
			join_ids(&l, owners, nowners);
		}
		bool one = n == 1;
		buf_printf(&da, "%zu %s er %s: følg op med de ansvarlige (%s)", n,
			   one ? "foranstaltning" : "foranstaltninger", one ? "forsinket" : "forsinkede", buf_str(&l));
		buf_printf(&en, "%zu %s overdue: follow up with %s (%s)", n, one ? "measure is" : "measures are",
			   nowners == 1 ? "its owner" : "their owners", buf_str(&l));
		add_rec(recs, buf_str(&da), buf_str(&en));
	}
	free(owners);

	n = 0;
	for (size_t r = 0; r < v->nrisks; r++)
		if (risk_needs_appetite_decision(v, r))
			ids[n++] = v->risks[r].id;
	if (n) {
		buf_reset(&l), buf_reset(&da), buf_reset(&en);
		join_ids(&l, ids, n);
		bool one = n == 1;
		buf_printf(&da,
			   "%zu %s over risikoappetitten (%s): eskalér og få truffet beslutning om håndtering eller "
			   "accept (%s)",
			   n, one ? "risiko ligger" : "risici ligger", level_name(v->org.risk_appetite), buf_str(&l));
		buf_printf(&en, "%zu %s above the risk appetite (%s): escalate and obtain a decision to treat or accept "
				"%s (%s)",
			   n, one ? "risk is" : "risks are", level_name(v->org.risk_appetite), one ? "it" : "them",
			   buf_str(&l));
		add_rec(recs, buf_str(&da), buf_str(&en));
	}

	n = 0;
	for (size_t r = 0; r < v->nrisks; r++)
		if (v->risk_eval[r].acceptance_expired)
			ids[n++] = v->risks[r].id;
	if (n) {
		buf_reset(&l), buf_reset(&da), buf_reset(&en);
		join_ids(&l, ids, n);
		bool one = n == 1;
		buf_printf(&da, "%zu %s udløbet: forny %s eller revurdér %s (%s)", n,
			   one ? "risikoaccept er" : "risikoaccepter er", one ? "accepten" : "accepterne",
			   one ? "risikoen" : "risiciene", buf_str(&l));
		buf_printf(&en, "%zu %s expired: renew %s or reassess the %s (%s)", n,
			   one ? "risk acceptance has" : "risk acceptances have", one ? "it" : "them", one ? "risk" : "risks",
			   buf_str(&l));
		add_rec(recs, buf_str(&da), buf_str(&en));
	}

	n = 0;
	size_t never = 0;
	for (size_t i = 0; i < v->nnodes; i++)
		if (v->node_eval[i].review_overdue) {
			ids[n++] = v->nodes[i].id;
			never += v->node_eval[i].never_assessed;
		}
	if (n) {
		buf_reset(&l), buf_reset(&da), buf_reset(&en);
		join_ids(&l, ids, n);
		bool one = n == 1;
		buf_printf(&da, "%zu %s", n, one ? "revurdering er forfalden" : "revurderinger er forfaldne");
		buf_printf(&en, "%zu %s", n, one ? "review is overdue" : "reviews are overdue");
		if (never) {
			buf_printf(&da, ", heraf %zu aldrig vurderet", never);
			buf_printf(&en, ", %zu never assessed", never);
		}
		buf_printf(&da, ": planlæg %s (%s)", one ? "den" : "dem", buf_str(&l));
		buf_printf(&en, ": schedule %s (%s)", one ? "it" : "them", buf_str(&l));
		add_rec(recs, buf_str(&da), buf_str(&en));
	}

	/* Resources: the node where the most overdue actions (treatment, measures) pile up. */
	size_t *load = xcalloc(v->nnodes + 1, sizeof *load);
	enum level *worst = xcalloc(v->nnodes + 1, sizeof *worst);
	const struct measure **ms = xmalloc(sizeof *ms * (v->nmeasures + 1));
	for (size_t r = 0; r < v->nrisks; r++) {
		const struct risk_eval *re = &v->risk_eval[r];
		long ni = orgview_node(v, v->risks[r].node);
		if (ni < 0)
			continue;
		size_t c = re->treatment_overdue && !re->acceptance_expired;
		size_t nms = orgview_measures_of(v, r, ms);
		for (size_t k = 0; k < nms; k++)
			c += measure_overdue(ms[k], v->today);
		if (c) {
			load[ni] += c;
			if (re->inherent > worst[ni])
				worst[ni] = re->inherent;
		}
	}
	long best = -1;
	for (size_t i = 0; i < v->nnodes; i++)
		if (load[i] && (best < 0 || load[i] > load[best] || (load[i] == load[best] && worst[i] > worst[best])))
			best = (long)i;
	if (best >= 0) {
		buf_reset(&da), buf_reset(&en);
		const struct node *nd = &v->nodes[best];
		bool one = load[best] == 1;
		buf_printf(&da, "Afsæt ressourcer til %s (%s): %zu %s på risici op til niveau %s",
			   nd->name ? nd->name : nd->id, nd->id, load[best],
			   one ? "forsinket handling" : "forsinkede handlinger", level_name(worst[best]));
		buf_printf(&en, "Provide resources for %s (%s): %zu overdue %s on risks up to level %s",
			   nd->name ? nd->name : nd->id, nd->id, load[best], one ? "action" : "actions",
			   level_name(worst[best]));
		add_rec(recs, buf_str(&da), buf_str(&en));
	}
	free(load);
	free(worst);
	free(ms);

	struct procedure_status p;
	procedure_status(v, &p);
	if (p.overdue || p.due_soon) {
		char d[11];
		date_format(p.due, d);
		buf_reset(&da), buf_reset(&en);
		if (p.overdue) {
			buf_printf(&da, "Revisionen af proceduren for risikostyring er forfalden (frist %s): gennemfør den og "
					"få den godkendt af direktionen",
				   d);
			buf_printf(&en, "The review of the risk-management procedure is overdue (due %s): carry it out and "
					"have the board approve it",
				   d);
		} else {
			buf_printf(&da, "Proceduren for risikostyring skal revideres senest %s: planlæg revisionen og få den "
					"godkendt af direktionen",
				   d);
			buf_printf(&en, "The risk-management procedure must be reviewed by %s: schedule the review and have "
					"the board approve it",
				   d);
		}
		add_rec(recs, buf_str(&da), buf_str(&en));
	}

	if (json_array_size(recs) == 0)
		add_rec(recs, "Ingen afvigelser kræver prioritering: fortsæt den planlagte opfølgning",
			"No deviations require prioritisation: continue the planned follow-up");
	free(ids);
	free(l.p);
	free(da.p);
	free(en.p);
	return recs;
}

/* ---- report_isu ---- */

/* Measures by status and done per risk level (by the inherent level of the measure's risk). */
static void measure_progress(const struct orgview *v, json_t *plans, json_t *progress)
{
	size_t st[MSTATUS_COUNT] = {0}, overdue = 0;
	size_t tot[5] = {0}, done[5] = {0}, started[5] = {0}, planned[5] = {0}, risks[5] = {0};
	for (size_t i = 0; i < v->nmeasures; i++) {
		const struct measure *m = &v->measures[i];
		st[m->status]++;
		overdue += measure_overdue(m, v->today);
		uint32_t r = v->measure_risk[i];
		enum level lvl = r != UINT32_MAX ? v->risk_eval[r].inherent : LEVEL_NONE;
		if (m->status == MSTATUS_CANCELLED)
			continue;
		tot[lvl]++;
		done[lvl] += m->status == MSTATUS_DONE;
		started[lvl] += m->status == MSTATUS_STARTED;
		planned[lvl] += m->status == MSTATUS_PLANNED;
	}
	size_t not_started = 0, tr_overdue = 0;
	for (size_t r = 0; r < v->nrisks; r++) {
		risks[v->risk_eval[r].inherent]++;
		not_started += !v->risk_eval[r].treatment_started;
		tr_overdue += v->risk_eval[r].treatment_overdue;
	}
	json_object_set_new(plans, "measures_total", json_integer((json_int_t)v->nmeasures));
	for (int s = 0; s < MSTATUS_COUNT; s++)
		json_object_set_new(plans, measure_status_name((enum measure_status)s), json_integer((json_int_t)st[s]));
	json_object_set_new(plans, "measures_overdue", json_integer((json_int_t)overdue));
	json_object_set_new(plans, "risks_without_started_plan", json_integer((json_int_t)not_started));
	json_object_set_new(plans, "treatment_overdue", json_integer((json_int_t)tr_overdue));
	for (int lvl = LEVEL_KRITISK; lvl >= LEVEL_LAV; lvl--) {
		json_t *row = json_object();
		json_object_set_new(row, "level", json_string(level_name((enum level)lvl)));
		json_object_set_new(row, "risks", json_integer((json_int_t)risks[lvl]));
		json_object_set_new(row, "measures", json_integer((json_int_t)tot[lvl]));
		json_object_set_new(row, "planned", json_integer((json_int_t)planned[lvl]));
		json_object_set_new(row, "started", json_integer((json_int_t)started[lvl]));
		json_object_set_new(row, "done", json_integer((json_int_t)done[lvl]));
		json_object_set_new(row, "percent_done",
				    tot[lvl] ? json_integer((json_int_t)(done[lvl] * 100 / tot[lvl])) : json_null());
		json_array_append_new(progress, row);
	}
}

/* The {year, quarter?, start, end} period object. */
static json_t *period_json(int year, int quarter, int32_t start, int32_t end)
{
	json_t *p = json_object();
	json_object_set_new(p, "year", json_integer(year));
	if (quarter)
		json_object_set_new(p, "quarter", json_integer(quarter));
	json_object_set_new(p, "start", jdate(start));
	json_object_set_new(p, "end", jdate(end));
	return p;
}

/* The note that the figures are current status, not a snapshot at period end. */
static json_t *status_note(const struct orgview *v, int32_t start, int32_t end)
{
	char d[11];
	date_format(v->today, d);
	const char *da_state = v->today < start ? " Perioden er ikke begyndt."
			       : v->today < end ? " Perioden er ikke afsluttet."
						: "";
	const char *en_state = v->today < start ? " The period has not begun."
			       : v->today < end ? " The period has not ended."
						: "";
	struct buf da = {0}, en = {0};
	buf_printf(&da,
		   "Status er opgjort pr. %s ud fra registrets aktuelle indhold: foranstaltninger registreres uden "
		   "afslutningsdato og systemer kun med seneste vurdering, så tal for handleplaner og forfaldne "
		   "revurderinger er den aktuelle status.%s",
		   d, da_state);
	buf_printf(&en,
		   "Status as of %s from the register's current content: measures carry no completion date and nodes "
		   "only their latest assessment, so action-plan and overdue-review figures are the current status.%s",
		   d, en_state);
	json_t *j = jtext(buf_str(&da), buf_str(&en));
	free(da.p);
	free(en.p);
	return j;
}

/*
 * The quarterly ISU report (seed 003 §6.1) for year and quarter 1..4: period
 * bounds, status of assessments, action plans and progress, overdue items,
 * risks above appetite and recommendations.  New reference, or NULL when
 * quarter is not 1..4 or year is outside 1900..9998.
 */
json_t *report_isu(const struct orgview *v, int year, int quarter)
{
	if (quarter < 1 || quarter > 4 || year < 1900 || year > 9998)
		return NULL;
	int32_t start = date_from_ymd(year, 3 * (quarter - 1) + 1, 1);
	int32_t end = (quarter == 4 ? date_from_ymd(year + 1, 1, 1) : date_from_ymd(year, 3 * quarter + 1, 1)) - 1;
	json_t *o = report_head(v, "isu");
	json_object_set_new(o, "period", period_json(year, quarter, start, end));
	json_object_set_new(o, "status_note", status_note(v, start, end));

	/* Status of assessments in the quarter. */
	json_t *as = json_object(), *alist = json_array(), *nlist = json_array();
	size_t nassessed = 0, nreviewed = 0, overdue_end = 0, overdue_now = 0, never = 0;
	for (size_t r = 0; r < v->nrisks; r++) {
		int32_t d = v->risks[r].assessed_on;
		if (d != DATE_NONE && d >= start && d <= end) {
			nassessed++;
			json_t *b = risk_brief(v, r);
			json_object_set_new(b, "assessor", jstr(v->risks[r].assessor));
			json_array_append_new(alist, b);
		}
	}
	for (size_t i = 0; i < v->nnodes; i++) {
		const struct node_eval *ne = &v->node_eval[i];
		if (ne->last_assessed != DATE_NONE && ne->last_assessed >= start && ne->last_assessed <= end) {
			nreviewed++;
			json_t *b = node_brief(v, i);
			json_object_set_new(b, "last_assessed", jdate(ne->last_assessed));
			json_array_append_new(nlist, b);
		}
		overdue_end += ne->never_assessed || end > ne->review_due;
		overdue_now += ne->review_overdue;
		never += ne->never_assessed;
	}
	json_object_set_new(as, "risks_assessed", json_integer((json_int_t)nassessed));
	json_object_set_new(as, "nodes_reviewed", json_integer((json_int_t)nreviewed));
	json_object_set_new(as, "reviews_overdue_at_period_end", json_integer((json_int_t)overdue_end));
	json_object_set_new(as, "reviews_overdue_as_of", json_integer((json_int_t)overdue_now));
	json_object_set_new(as, "never_assessed", json_integer((json_int_t)never));
	json_object_set_new(as, "risks", alist);
	json_object_set_new(as, "nodes", nlist);
	json_object_set_new(o, "assessments", as);

	json_t *plans = json_object(), *progress = json_array();
	measure_progress(v, plans, progress);
	json_object_set_new(plans, "note",
			    jtext("Foranstaltninger har ingen afslutningsdato: tallene er status pr. opgørelsesdatoen",
				  "Measures carry no completion date: the figures are the status as of the report date"));
	json_object_set_new(o, "action_plans", plans);
	json_object_set_new(o, "progress", progress);

	struct followup f;
	followup_collect(v, &f);
	size_t soon = 0;
	for (size_t i = 0; i < f.n; i++)
		soon += !f.items[i].overdue;
	json_object_set_new(o, "overdue", items_json(v, &f, true));
	json_object_set_new(o, "due_soon_count", json_integer((json_int_t)soon));
	free(f.items);

	json_t *above = json_array();
	for (size_t r = 0; r < v->nrisks; r++)
		if (v->risk_eval[r].above_appetite) {
			json_t *b = risk_brief(v, r);
			json_object_set_new(b, "accepted", json_boolean(!risk_needs_appetite_decision(v, r)));
			json_array_append_new(above, b);
		}
	json_object_set_new(o, "above_appetite", above);
	json_object_set_new(o, "procedure_review", procedure_json(v));
	json_object_set_new(o, "recommendations", recommendations(v));
	return o;
}

/* ---- report_management ---- */

/* Supplier and external nodes that critical node target depends on, transitively (BFS over dependencies). */
static void suppliers_of(const struct orgview *v, uint32_t target, uint32_t *mark, uint32_t stamp, uint32_t *queue,
			 json_t *list, json_t **by_supplier)
{
	const struct graph *g = &v->graph;
	size_t head = 0, tail = 0;
	queue[tail++] = target;
	mark[target] = stamp;
	while (head < tail) {
		uint32_t x = queue[head++];
		for (uint32_t k = g->dep_off[x]; k < g->dep_off[x + 1]; k++) {
			uint32_t d = g->dep_dst[k];
			if (mark[d] == stamp)
				continue;
			mark[d] = stamp;
			queue[tail++] = d;
			enum node_kind kd = v->nodes[d].kind;
			if (kd != NODE_SUPPLIER && kd != NODE_EXTERNAL)
				continue;
			json_array_append_new(list, node_brief(v, d));
			if (!by_supplier[d]) {
				by_supplier[d] = node_brief(v, d);
				json_object_set_new(by_supplier[d], "critical_dependents", json_array());
			}
			json_t *dep = json_object();
			json_object_set_new(dep, "id", json_string(v->nodes[target].id));
			json_object_set_new(dep, "name", jstr(v->nodes[target].name));
			json_array_append_new(json_object_get(by_supplier[d], "critical_dependents"), dep);
		}
	}
}

/* Critical processes and services with their single points of failure and suppliers; fills suppliers too. */
static json_t *critical_processes(const struct orgview *v, json_t *suppliers)
{
	json_t *arr = json_array();
	size_t n = v->nnodes;
	uint32_t *spof = xmalloc(sizeof *spof * (n + 1)), *queue = xmalloc(sizeof *queue * (n + 1));
	uint32_t *mark = xcalloc(n + 1, sizeof *mark);
	json_t **by_supplier = xcalloc(n + 1, sizeof *by_supplier);
	/* graph_spof writes query space only; see the file comment. */
	struct graph_scratch *s = (struct graph_scratch *)&v->scratch;
	uint32_t stamp = 0;
	for (size_t i = 0; i < n; i++) {
		if (!v->node_eval[i].critical)
			continue;
		json_t *o = node_brief(v, i);
		json_object_set_new(o, "critical_service", json_boolean(v->nodes[i].critical_service));
		json_t *sp = json_array();
		uint32_t ns = graph_spof(&v->graph, s, (uint32_t)i, spof);
		for (uint32_t k = 0; k < ns; k++)
			json_array_append_new(sp, node_brief(v, spof[k]));
		json_object_set_new(o, "spof", sp);
		json_t *sup = json_array();
		suppliers_of(v, (uint32_t)i, mark, ++stamp, queue, sup, by_supplier);
		json_object_set_new(o, "suppliers", sup);
		json_array_append_new(arr, o);
	}
	for (size_t i = 0; i < n; i++)
		if (by_supplier[i])
			json_array_append_new(suppliers, by_supplier[i]);
	free(spof);
	free(queue);
	free(mark);
	free(by_supplier);
	return arr;
}

/*
 * Low-risk nodes that may go into the annual management review as unchanged
 * (seed 003 §3): effective Lav, assessed, review not overdue, no change or
 * incident since, and no risk on it that is overdue or above the appetite.
 */
static json_t *carry_forward(const struct orgview *v)
{
	uint8_t *open = xcalloc(v->nnodes + 1, 1);
	for (size_t r = 0; r < v->nrisks; r++) {
		long ni = orgview_node(v, v->risks[r].node);
		if (ni >= 0 && (v->risk_eval[r].overdue || risk_needs_appetite_decision(v, r)))
			open[ni] = 1;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < v->nnodes; i++) {
		const struct node_eval *ne = &v->node_eval[i];
		if (ne->level != LEVEL_LAV || ne->never_assessed || ne->review_overdue || ne->trigger != DATE_NONE ||
		    open[i])
			continue;
		json_t *o = node_brief(v, i);
		json_object_set_new(o, "last_assessed", jdate(ne->last_assessed));
		json_object_set_new(o, "review_due", jdate(ne->review_due));
		json_array_append_new(arr, o);
	}
	free(open);
	return arr;
}

/* Decisions the board is asked for: risks above appetite, acceptances only it may give, the procedure. */
static json_t *board_decisions(const struct orgview *v)
{
	json_t *arr = json_array();
	struct buf da = {0}, en = {0};
	for (size_t r = 0; r < v->nrisks; r++) {
		const struct risk *rk = &v->risks[r];
		const struct risk_eval *re = &v->risk_eval[r];
		const char *kind;
		buf_reset(&da), buf_reset(&en);
		if (risk_needs_appetite_decision(v, r)) {
			kind = "above_appetite";
			buf_printf(&da,
				   "Risiko %s (%s) har restrisiko %s over risikoappetitten %s: beslut ekstra ressourcer til "
				   "mitigering, eller accepter risikoen",
				   rk->id, risk_title(v, r), level_name(re->residual), level_name(v->org.risk_appetite));
			buf_printf(&en,
				   "Risk %s (%s) has residual level %s above the risk appetite %s: decide on extra resources "
				   "for mitigation, or accept the risk",
				   rk->id, risk_title(v, r), level_name(re->residual), level_name(v->org.risk_appetite));
		} else if (rk->decision == DECISION_ACCEPT && re->required_approver == ROLE_BOARD && !re->acceptance_valid) {
			kind = "acceptance_requires_board";
			buf_printf(&da, "Risiko %s (%s) er foreslået accepteret; accept på niveau %s kræver direktionen", rk->id,
				   risk_title(v, r), level_name(re->residual));
			buf_printf(&en, "Risk %s (%s) is proposed for acceptance; accepting level %s requires the board",
				   rk->id, risk_title(v, r), level_name(re->residual));
		} else {
			continue;
		}
		json_t *o = json_object();
		json_object_set_new(o, "kind", json_string(kind));
		json_object_set_new(o, "id", json_string(rk->id));
		json_object_set_new(o, "title", jstr(risk_title(v, r)));
		json_object_set_new(o, "residual_level", json_string(level_name(re->residual)));
		json_object_set_new(o, "required_approver", json_string(approver_role_name(re->required_approver)));
		set_label(o, "escalate_to", re->escalate_to);
		json_object_set_new(o, "text", jtext(buf_str(&da), buf_str(&en)));
		json_array_append_new(arr, o);
	}
	struct procedure_status p;
	procedure_status(v, &p);
	if (p.overdue) {
		json_t *o = json_object();
		json_object_set_new(o, "kind", json_string("procedure_approval"));
		json_object_set_new(o, "id", json_string("procedure"));
		json_object_set_new(o, "title", json_string("Procedure for risikostyring"));
		json_object_set_new(o, "text", jtext("Godkend den reviderede procedure for risikostyring (procedurens §8; "
						     "NIS2-loven §7, stk. 1)",
						     "Approve the reviewed risk-management procedure (the procedure's §8; "
						     "Danish NIS2 act §7(1))"));
		json_array_append_new(arr, o);
	}
	free(da.p);
	free(en.p);
	return arr;
}

/*
 * The annual input to the board (seed 003 §6.2, §3 carry-forward, §8): risk
 * picture, top risks, treatment status, critical processes with their single
 * points of failure and suppliers, low-risk nodes carried forward, the
 * procedure review and the decisions asked of the board.  New reference, or
 * NULL when year is outside 1900..9998.
 */
json_t *report_management(const struct orgview *v, int year)
{
	if (year < 1900 || year > 9998)
		return NULL;
	int32_t start = date_from_ymd(year, 1, 1), end = date_from_ymd(year + 1, 1, 1) - 1;
	json_t *o = report_head(v, "management");
	json_object_set_new(o, "period", period_json(year, 0, start, end));
	json_object_set_new(o, "status_note", status_note(v, start, end));

	size_t inh[5] = {0}, res[5] = {0}, above = 0, in_year = 0;
	size_t dec[DECISION_COUNT] = {0}, started = 0, tr_overdue = 0;
	for (size_t r = 0; r < v->nrisks; r++) {
		const struct risk_eval *re = &v->risk_eval[r];
		inh[re->inherent]++;
		res[re->residual]++;
		above += re->above_appetite;
		int32_t d = v->risks[r].assessed_on;
		in_year += d != DATE_NONE && d >= start && d <= end;
		dec[v->risks[r].decision]++;
		started += re->treatment_started;
		tr_overdue += re->treatment_overdue;
	}
	json_t *pic = json_object();
	json_object_set_new(pic, "total", json_integer((json_int_t)v->nrisks));
	json_object_set_new(pic, "assessed_in_year", json_integer((json_int_t)in_year));
	json_object_set_new(pic, "by_inherent", level_counts(inh));
	json_object_set_new(pic, "by_residual", level_counts(res));
	json_object_set_new(pic, "above_appetite", json_integer((json_int_t)above));
	json_object_set_new(pic, "within_appetite", json_integer((json_int_t)(v->nrisks - above)));
	json_t *trend = jtext("Udviklingen over tid kan ikke vises: registret rummer de aktuelle vurderinger, ikke "
			      "tidligere års niveauer (historikken findes i revisionssporet)",
			      "The trend over time is not available: the register holds the current assessments, not "
			      "earlier years' levels (the history is in the audit log)");
	json_object_set_new(trend, "available", json_false());
	json_object_set_new(pic, "trend", trend);
	json_object_set_new(o, "risk_picture", pic);
	json_object_set_new(o, "top_risks", top_risks(v, MANAGEMENT_TOP_RISKS));

	json_t *tr = json_object();
	json_t *bd = json_object();
	for (int d = 0; d < DECISION_COUNT; d++)
		json_object_set_new(bd, decision_name((enum decision)d), json_integer((json_int_t)dec[d]));
	json_object_set_new(tr, "by_decision", bd);
	json_object_set_new(tr, "treatment_started", json_integer((json_int_t)started));
	json_object_set_new(tr, "treatment_not_started", json_integer((json_int_t)(v->nrisks - started)));
	json_object_set_new(tr, "treatment_overdue", json_integer((json_int_t)tr_overdue));
	size_t st[MSTATUS_COUNT] = {0}, eff[EFFECT_COUNT] = {0}, m_overdue = 0;
	for (size_t i = 0; i < v->nmeasures; i++) {
		st[v->measures[i].status]++;
		eff[v->measures[i].effect]++;
		m_overdue += measure_overdue(&v->measures[i], v->today);
	}
	json_t *ms = json_object();
	json_object_set_new(ms, "total", json_integer((json_int_t)v->nmeasures));
	for (int s = 0; s < MSTATUS_COUNT; s++)
		json_object_set_new(ms, measure_status_name((enum measure_status)s), json_integer((json_int_t)st[s]));
	json_object_set_new(ms, "overdue", json_integer((json_int_t)m_overdue));
	json_object_set_new(tr, "measures", ms);
	json_t *ef = json_object();
	for (int k = EFFECT_COUNT - 1; k >= 0; k--)
		json_object_set_new(ef, effect_rating_name((enum effect_rating)k), json_integer((json_int_t)eff[k]));
	json_object_set_new(tr, "effect", ef);
	json_object_set_new(o, "treatment", tr);

	size_t rv_overdue = 0, rv_never = 0, rv_soon = 0;
	for (size_t i = 0; i < v->nnodes; i++) {
		const struct node_eval *ne = &v->node_eval[i];
		rv_overdue += ne->review_overdue;
		rv_never += ne->never_assessed;
		rv_soon += !ne->review_overdue && ne->review_due - v->today <= FOLLOWUP_HORIZON_DAYS;
	}
	json_t *rv = json_object();
	json_object_set_new(rv, "nodes", json_integer((json_int_t)v->nnodes));
	json_object_set_new(rv, "overdue", json_integer((json_int_t)rv_overdue));
	json_object_set_new(rv, "never_assessed", json_integer((json_int_t)rv_never));
	json_object_set_new(rv, "due_soon", json_integer((json_int_t)rv_soon));
	json_object_set_new(o, "reviews", rv);

	json_t *sup = json_array();
	json_object_set_new(o, "critical_processes", critical_processes(v, sup));
	json_object_set_new(o, "suppliers", sup);
	json_object_set_new(o, "carry_forward", carry_forward(v));
	json_object_set_new(o, "procedure_review", procedure_json(v));
	json_object_set_new(o, "decisions", board_decisions(v));
	return o;
}


/* ---- the risk register ---- */

/* Every risk as the API and export show it, with its derived fields (report.h). */
json_t *report_register_json(const struct orgview *v)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < v->nrisks; i++) {
		json_t *o = json_of_risk(&v->risks[i]);
		json_add_risk_derived(o, v, i);
		json_array_append_new(arr, o);
	}
	return arr;
}

int report_register_document(const struct orgview *v, enum doc_format f, char **out, size_t *len, struct errinfo *e)
{
	json_t *rows = report_register_json(v);
	char day[11];
	date_format(v->today, day);
	struct doc d;
	report_register_doc(rows, v->org.id, v->org.name, day, f == DOC_PDF || f == DOC_DOCX, &d);
	json_decref(rows);
	int rc = doc_render(&d, f, out, len, e);
	doc_free(&d);
	return rc;
}
