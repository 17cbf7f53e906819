/*
 * forum.c — the sector forum's membership, sharing and items, and the one
 * place that decides who sees what (SPEC §4, issue 5 §1).
 *
 * Design.  The store does not scope forum rows by organisation (store.h);
 * everything goes through here instead.  A command opens a struct
 * forum_ctx for the acting organisation and user, which loads the forum
 * and its membership once; each read then asks tlp_may_see with facts
 * worked out here: is the viewer in the forum, is the owner still in it,
 * is the viewer's organisation a recipient that has been a member without a
 * break since the item was last written, is the viewer a named RED
 * recipient.  Anything not visible is answered exactly as a missing object
 * ("no report with id …"), and member-written items get random server-made
 * ids, so neither an error nor an id collision tells one member about
 * another's records.
 *
 * Reads of other organisations' rows (their names, their membership) lift
 * the store's organisation scope for the duration of one call and put it
 * back on the single exit path; what leaves those calls is filtered here.
 *
 * Writes are one transaction each with an audit entry (entity
 * "forum", "forum_member", "forum_share" or "forum_item") under the
 * organisation whose data it is.
 */
#include "forum.h"

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "date.h"
#include "frisk.h"
#include "jsonx.h"
#include "limit.h"
#include "model.h"

enum writer_kind { BY_SECRETARIAT, BY_MEMBER };

/* Who writes each kind of item, under which parent, with which default label. */
static const struct kind_spec {
	const char *kind, *parent;
	enum writer_kind by;
	enum tlp tlp; /* default label */
} kinds[] = {
	{"crisis", NULL, BY_SECRETARIAT, TLP_GREEN},
	{"decision", "crisis", BY_SECRETARIAT, TLP_GREEN},
	{"report", "crisis", BY_MEMBER, TLP_AMBER},
	{"risk", NULL, BY_SECRETARIAT, TLP_GREEN},
	{"measure", NULL, BY_SECRETARIAT, TLP_GREEN},
	{"redteam", NULL, BY_MEMBER, TLP_AMBER_STRICT},
	{"finding", "redteam", BY_MEMBER, TLP_AMBER_STRICT},
	{"catalogue", NULL, BY_SECRETARIAT, TLP_CLEAR},
	{"campaign", NULL, BY_SECRETARIAT, TLP_GREEN},
	{"answer", "campaign", BY_MEMBER, TLP_AMBER},
	{"survey", NULL, BY_SECRETARIAT, TLP_GREEN},
	{"response", "survey", BY_MEMBER, TLP_AMBER},
};

static const struct {
	const char *code, *da, *en;
	enum org_kind kinds[4];
	int nkinds;
} categories[SECTOR_NCAT] = {
	[SECTOR_CAT_CREDIT] = {"credit", "Penge- og realkreditinstitutter", "Banks and mortgage institutions",
			       {ORG_BANK, ORG_MORTGAGE}, 2},
	[SECTOR_CAT_PAYMENT] = {"payment", "Betalings- og afviklingssystemer", "Payment and settlement systems",
				{ORG_PAYMENT_SYSTEM, ORG_PAYMENT_INSTITUTION, ORG_EMONEY_INSTITUTION}, 3},
	[SECTOR_CAT_DATACENTRE] = {"data_centre", "Datacentraler", "Data centres", {ORG_DATA_CENTRE}, 1},
	[SECTOR_CAT_INDUSTRY_BODY] = {"industry_body", "Brancheorganisationer", "Industry bodies", {ORG_INDUSTRY_BODY}, 1},
	[SECTOR_CAT_AUTHORITY] = {"authority", "Myndigheder", "Authorities", {ORG_AUTHORITY, ORG_MUNICIPALITY}, 2},
	[SECTOR_CAT_INSURANCE] = {"insurance", "Forsikrings- og pensionsselskaber", "Insurers and pension companies",
				  {ORG_INSURER}, 1},
	[SECTOR_CAT_OTHER] = {"other", "Andre relevante organisationer", "Other relevant organisations",
			      {ORG_OTHER, ORG_SUPPLIER}, 2},
};

static const struct kind_spec *spec_of(const char *kind);
static int begin(struct forum_ctx *f, struct errinfo *e);
static int finish(struct forum_ctx *f, int rc, struct errinfo *e);

const char *forum_category_name(enum sector_category c)
{
	return (unsigned)c < SECTOR_NCAT ? categories[c].code : "other";
}
const char *forum_category_label_da(enum sector_category c)
{
	return (unsigned)c < SECTOR_NCAT ? categories[c].da : categories[SECTOR_CAT_OTHER].da;
}

int forum_category_parse(const char *s)
{
	for (int i = 0; s && i < SECTOR_NCAT; i++)
		if (!strcmp(s, categories[i].code))
			return i;
	return -1;
}

enum sector_category forum_category_of_kind(enum org_kind k)
{
	for (int i = 0; i < SECTOR_NCAT; i++)
		for (int j = 0; j < categories[i].nkinds; j++)
			if (categories[i].kinds[j] == k)
				return (enum sector_category)i;
	return SECTOR_CAT_OTHER;
}

static const struct kind_spec *spec_of(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++)
		if (!strcmp(kinds[i].kind, kind))
			return &kinds[i];
	return NULL;
}

bool forum_kind_valid(const char *kind) { return spec_of(kind) != NULL; }

bool forum_kind_by_secretariat(const char *kind)
{
	const struct kind_spec *sp = spec_of(kind);
	return sp && sp->by == BY_SECRETARIAT;
}

const char *forum_kinds(void)
{
	return "crisis, decision, report, risk, measure, redteam, finding, catalogue, campaign, answer, survey, response";
}

/* ---- the store's scope, lifted for one call ---- */

struct lift {
	struct store *st;
	const struct store_scope *saved;
};

static struct lift lift_scope(struct store *st)
{
	struct lift l = {st, store_scope_get(st)};
	store_scope_set(st, NULL);
	return l;
}

static void drop_lift(struct lift *l) { store_scope_set(l->st, l->saved); }

static int begin(struct forum_ctx *f, struct errinfo *e) { return store_begin(f->st, e); }

static int finish(struct forum_ctx *f, int rc, struct errinfo *e)
{
	if (rc) {
		store_rollback(f->st);
		return rc;
	}
	return store_commit(f->st, e);
}

static int audit(struct writer *w, const char *action, const char *entity, const char *org, const char *key,
		 json_t *before, json_t *after, struct errinfo *e)
{
	const char *b = before ? jx_dump(before, w->a) : NULL;
	const char *a = after ? jx_dump(after, w->a) : NULL;
	return audit_record(w->st, w->actor, w->now_ms, action, entity, org, key, b, a, e);
}

/* ---- opening a forum ---- */

/* The forum's settings object (new reference; an empty object when unset or unreadable). */
static json_t *settings_of(const char *text)
{
	json_t *o = json_loads(text ? text : "{}", 0, NULL);
	if (!json_is_object(o)) {
		json_decref(o);
		o = json_object();
	}
	return o;
}

/* settings.min_group, read within FORUM_MIN_GROUP..FORUM_MIN_GROUP_MAX: no stored value goes below the floor. */
static int settings_min_group(const char *text)
{
	json_t *settings = settings_of(text);
	json_t *mg = json_object_get(settings, "min_group");
	json_int_t n = json_is_integer(mg) ? json_integer_value(mg) : 0;
	json_decref(settings);
	return n < FORUM_MIN_GROUP ? FORUM_MIN_GROUP : n > FORUM_MIN_GROUP_MAX ? FORUM_MIN_GROUP_MAX : (int)n;
}

static int load(struct forum_ctx *f, const char *id, struct errinfo *e)
{
	struct forum_rec *rows = NULL;
	size_t n = 0;
	int rc = store_forum_list(f->st, id, f->a, &rows, &n, e);
	if (rc)
		return rc;
	if (n == 0)
		return err_setm(e, ERR_NOTFOUND, "--forum", "forum.not_found", "id", id, NULL);
	f->forum = rows[0];
	rc = store_fmember_list(f->st, id, NULL, f->a, &f->members, &f->nmembers, e);
	if (rc)
		return rc;
	f->min_group = settings_min_group(f->forum.settings);
	return 0;
}

int forum_open(struct forum_ctx *f, struct store *st, struct arena *a, const char *id, const char *org,
	       const char *user, struct errinfo *e)
{
	memset(f, 0, sizeof *f);
	f->st = st;
	f->a = a;
	f->org = org;
	f->user = user;
	if (!id || !*id)
		return err_setm(e, ERR_INVALID, "--forum", "forum.id_required", NULL);
	if (!org || !*org)
		return err_setm(e, ERR_INVALID, "--org", "forum.org_option_required", NULL);
	/* the acting organisation must be one the caller may act for */
	if (!(store_scope_grant(st, org) & STORE_GRANT_READ))
		return err_setm(e, ERR_NOTFOUND, "--org", "org.not_found", "id", org, NULL);
	int rc = load(f, id, e);
	if (rc)
		return rc;
	f->secretariat = !strcmp(f->forum.secretariat, org);
	f->me = forum_member(f, org);
	if (!f->secretariat && !f->me)
		return err_setm(e, ERR_NOTFOUND, "--forum", "forum.not_found", "id", id, NULL);
	return 0;
}

const struct fmember_rec *forum_member(const struct forum_ctx *f, const char *org)
{
	for (size_t i = 0; org && i < f->nmembers; i++)
		if (!strcmp(f->members[i].org, org))
			return &f->members[i];
	return NULL;
}

bool forum_in(const struct forum_ctx *f, const char *org)
{
	if (!org)
		return false;
	if (!strcmp(org, f->forum.secretariat))
		return true;
	const struct fmember_rec *m = forum_member(f, org);
	return m && !strcmp(m->status, "active");
}

int forum_need_secretariat(const struct forum_ctx *f, struct errinfo *e)
{
	return f->secretariat ? 0
			      : err_setm(e, ERR_DENIED, "--org", "forum.secretariat_only", "secretariat",
					 f->forum.secretariat, NULL);
}

int forum_need_in(const struct forum_ctx *f, struct errinfo *e)
{
	return forum_in(f, f->org) ? 0
				   : err_setm(e, ERR_DENIED, "--org", "forum.not_active", "org", f->org, "forum",
					      f->forum.id, NULL);
}

int forum_create(struct writer *w, const char *id, const char *name, const char *secretariat, struct errinfo *e)
{
	if (!id || !*id || strlen(id) > LIMIT_ID || strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-_") != strlen(id))
		return err_setm(e, ERR_INVALID, "--id", "forum.forum_id", "max", err_num((char[24]){0}, LIMIT_ID), NULL);
	if (!name || !*name)
		return err_setm(e, ERR_INVALID, "--name", "forum.name_required", NULL);
	struct org o;
	int rc = limit_text(name, strlen(name), LIMIT_NAME, "--name", "--name", e);
	if (rc || (rc = store_org_get(w->st, secretariat, w->a, &o, e)))
		return rc;
	if ((rc = store_begin(w->st, e)))
		return rc;
	struct forum_rec *rows = NULL;
	size_t n = 0;
	rc = store_forum_list(w->st, id, w->a, &rows, &n, e);
	if (!rc && n)
		rc = err_setm(e, ERR_CONFLICT, "--id", "forum.exists", "id", id, NULL);
	struct forum_rec x = {.id = id, .name = name, .secretariat = secretariat, .created_ms = w->now_ms};
	char settings[64];
	snprintf(settings, sizeof settings, "{\"min_group\": %d}", FORUM_MIN_GROUP);
	x.settings = settings;
	if (!rc)
		rc = store_forum_put(w->st, &x, e);
	json_t *after = json_pack("{s:s, s:s, s:s}", "id", id, "name", name, "secretariat", secretariat);
	if (!rc)
		rc = audit(w, "create", "forum", secretariat, id, NULL, after, e);
	json_decref(after);
	if (rc) {
		store_rollback(w->st);
		return rc;
	}
	return store_commit(w->st, e);
}

int forum_list_for(struct store *st, struct arena *a, const char *org, json_t **out, struct errinfo *e)
{
	struct forum_rec *fs = NULL;
	struct fmember_rec *ms = NULL;
	size_t nf = 0, nm = 0;
	int rc = store_forum_list(st, NULL, a, &fs, &nf, e);
	if (!rc)
		rc = store_fmember_list(st, NULL, org, a, &ms, &nm, e);
	if (rc)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < nf; i++) {
		const char *status = NULL;
		if (!strcmp(fs[i].secretariat, org))
			status = "secretariat";
		for (size_t j = 0; !status && j < nm; j++)
			if (!strcmp(ms[j].forum, fs[i].id))
				status = ms[j].status;
		if (status)
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s}", "id", fs[i].id, "name", fs[i].name,
							     "secretariat", fs[i].secretariat, "status", status));
	}
	*out = arr;
	return 0;
}

/* ---- JSON views ---- */

static void set_instant(json_t *o, const char *key, int64_t ms)
{
	if (!ms)
		return;
	char buf[32];
	instant_format_utc(ms, buf);
	json_object_set_new(o, key, json_string(buf));
}

json_t *forum_json(const struct forum_ctx *f)
{
	size_t active = 0;
	for (size_t i = 0; i < f->nmembers; i++)
		active += !strcmp(f->members[i].status, "active");
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:b, s:i}", "id", f->forum.id, "name", f->forum.name, "secretariat",
			      f->forum.secretariat, "org", f->org, "is_secretariat", f->secretariat, "min_group",
			      f->min_group);
	jx_set_str(o, "status", f->secretariat ? "secretariat" : f->me ? f->me->status : NULL);
	if (forum_in(f, f->org))
		json_object_set_new(o, "active_members", json_integer((json_int_t)active));
	return o;
}

/* ---- settings ---- */

json_t *forum_risk_scale(const struct forum_ctx *f)
{
	json_t *settings = settings_of(f->forum.settings);
	json_t *s = json_object_get(settings, "risk_scale");
	json_t *out = s && !json_is_null(s) ? json_incref(s) : frisk_scale_default();
	json_decref(settings);
	return out;
}

json_t *forum_settings_json(const struct forum_ctx *f)
{
	json_t *settings = settings_of(f->forum.settings);
	json_t *s = json_object_get(settings, "risk_scale");
	json_t *o = json_pack("{s:s, s:i, s:i, s:i, s:o, s:b}", "forum", f->forum.id, "min_group", f->min_group,
			      "min_group_floor", FORUM_MIN_GROUP, "min_group_max", FORUM_MIN_GROUP_MAX, "risk_scale",
			      forum_risk_scale(f), "risk_scale_default", !s || json_is_null(s));
	json_decref(settings);
	return o;
}

int forum_settings_put(struct forum_ctx *f, struct writer *w, json_t *min_group, json_t *risk_scale,
		       struct errinfo *e)
{
	int rc = forum_need_secretariat(f, e);
	if (rc)
		return rc;
	if (!min_group && !risk_scale)
		return err_setm(e, ERR_INVALID, "settings", "forum.settings_give", NULL);
	json_t *before = settings_of(f->forum.settings), *after = json_deep_copy(before);
	if (min_group) {
		/* the group-size rule is the confidentiality floor: it may be raised, never lowered below it */
		json_int_t n = json_is_integer(min_group) ? json_integer_value(min_group) : 0;
		if (n < FORUM_MIN_GROUP || n > FORUM_MIN_GROUP_MAX) {
			rc = err_setm(e, ERR_INVALID, "min_group", "forum.min_group", "min", err_num((char[24]){0},
				      (long long)(FORUM_MIN_GROUP)), "max", err_num((char[24]){0},
				      (long long)(FORUM_MIN_GROUP_MAX)), NULL);
			goto out;
		}
		json_object_set_new(after, "min_group", json_integer(n));
	}
	if (risk_scale && json_is_null(risk_scale)) {
		json_object_del(after, "risk_scale"); /* back to the default */
	} else if (risk_scale) {
		json_t *clean = NULL;
		if ((rc = frisk_scale_check(risk_scale, "risk_scale", &clean, e)))
			goto out;
		json_object_set_new(after, "risk_scale", clean);
	}
	const char *text = jx_dump(after, f->a);
	if ((rc = begin(f, e)))
		goto out;
	rc = store_forum_settings_put(f->st, f->forum.id, f->forum.secretariat, text, e);
	if (!rc)
		rc = audit(w, "settings", "forum", f->forum.secretariat, f->forum.id, before, after, e);
	if (!(rc = finish(f, rc, e))) {
		f->forum.settings = text;
		f->min_group = settings_min_group(text);
	}
out:
	json_decref(before);
	json_decref(after);
	return rc;
}

const char *forum_org_name(const struct forum_ctx *f, const char *org)
{
	struct org o;
	struct errinfo e = {0};
	struct lift l = lift_scope(f->st);
	bool named = store_org_get(f->st, org, f->a, &o, &e) == 0;
	drop_lift(&l);
	return named && o.name && *o.name ? o.name : org;
}

static json_t *member_json(const struct forum_ctx *f, const struct fmember_rec *m, bool full)
{
	int cat = forum_category_parse(m->category);
	json_t *j = json_pack("{s:s, s:s, s:s, s:s}", "org", m->org, "name", forum_org_name(f, m->org), "category",
			      m->category, "category_da", forum_category_label_da(cat < 0 ? SECTOR_CAT_OTHER : cat));
	if (full) {
		json_object_set_new(j, "status", json_string(m->status));
		json_object_set_new(j, "assets_dkk_m", json_real(m->assets));
		set_instant(j, "invited_at", m->invited_ms);
		set_instant(j, "joined_at", m->joined_ms);
		set_instant(j, "left_at", m->left_ms);
	}
	return j;
}

json_t *forum_members_json(const struct forum_ctx *f)
{
	json_t *arr = json_array();
	bool in = forum_in(f, f->org);
	for (size_t i = 0; i < f->nmembers; i++) {
		const struct fmember_rec *m = &f->members[i];
		bool self = !strcmp(m->org, f->org);
		if (f->secretariat || self)
			json_array_append_new(arr, member_json(f, m, true));
		else if (in && !strcmp(m->status, "active"))
			json_array_append_new(arr, member_json(f, m, false));
	}
	return arr;
}

/* ---- membership ---- */

static json_t *member_audit(const struct fmember_rec *m)
{
	if (!m)
		return NULL;
	return json_pack("{s:s, s:s, s:s, s:f, s:I, s:I}", "org", m->org, "category", m->category, "status", m->status,
			 "assets", m->assets, "joined_ms", (json_int_t)m->joined_ms, "left_ms", (json_int_t)m->left_ms);
}

/* Write m and its audit entry in one transaction. */
static int member_write(struct forum_ctx *f, struct writer *w, const struct fmember_rec *before,
			const struct fmember_rec *m, const char *action, struct errinfo *e)
{
	int rc = begin(f, e);
	if (rc)
		return rc;
	rc = store_fmember_put(f->st, m, e);
	json_t *b = member_audit(before), *a = member_audit(m);
	char key[300];
	snprintf(key, sizeof key, "%s/%s", f->forum.id, m->org);
	if (!rc)
		rc = audit(w, action, "forum_member", m->org, key, b, a, e);
	json_decref(b);
	json_decref(a);
	return finish(f, rc, e);
}

int forum_invite(struct forum_ctx *f, struct writer *w, const char *org, const char *category, double assets,
		 struct errinfo *e)
{
	int rc = forum_need_secretariat(f, e);
	if (rc)
		return rc;
	if (!org || !*org)
		return err_setm(e, ERR_INVALID, "--member", "forum.member_required", NULL);
	if (!strcmp(org, f->forum.secretariat))
		return err_setm(e, ERR_INVALID, "--member", "forum.secretariat_invite", NULL);
	struct org o;
	struct lift l = lift_scope(f->st);
	rc = store_org_get(f->st, org, f->a, &o, e);
	drop_lift(&l);
	if (rc)
		return rc == ERR_NOTFOUND ? err_setm(e, ERR_NOTFOUND, "--member", "org.not_found", "id", org,
						     NULL) : rc;
	int cat = category ? forum_category_parse(category) : (int)forum_category_of_kind(o.kind);
	if (cat < 0)
		return err_setm(e, ERR_INVALID, "--category", "forum.category", NULL);
	if (!(assets >= 0) || !isfinite(assets))
		return err_setm(e, ERR_INVALID, "--assets", "forum.assets", NULL);
	const struct fmember_rec *old = forum_member(f, org);
	if (old && (!strcmp(old->status, "active") || !strcmp(old->status, "invited")))
		return err_setm(e, ERR_CONFLICT, "--member", "forum.already", "org", org, "status", old->status, NULL);
	struct fmember_rec m = {.forum = f->forum.id, .org = org, .category = forum_category_name(cat),
				.status = "invited", .assets = assets, .invited_ms = w->now_ms, .invited_by = w->actor};
	return member_write(f, w, old, &m, "invite", e);
}

int forum_answer(struct forum_ctx *f, struct writer *w, bool accept, struct errinfo *e)
{
	if (!f->me || strcmp(f->me->status, "invited"))
		return err_setm(e, ERR_CONFLICT, "--forum", "forum.no_invitation", "org", f->org, "forum", f->forum.id,
				NULL);
	struct fmember_rec m = *f->me;
	m.status = accept ? "active" : "declined";
	m.joined_ms = accept ? w->now_ms : 0;
	m.left_ms = 0;
	return member_write(f, w, f->me, &m, accept ? "join" : "decline", e);
}

int forum_leave(struct forum_ctx *f, struct writer *w, const char *org, struct errinfo *e)
{
	if (!org)
		org = f->org;
	if (strcmp(org, f->org)) {
		int rc = forum_need_secretariat(f, e);
		if (rc)
			return rc;
	}
	const struct fmember_rec *old = forum_member(f, org);
	if (!old || (strcmp(old->status, "active") && strcmp(old->status, "invited")))
		return err_setm(e, ERR_NOTFOUND, "--member", "forum.not_member", "org", org, "forum", f->forum.id,
				NULL);
	struct fmember_rec m = *old;
	m.status = "left";
	m.left_ms = w->now_ms;
	return member_write(f, w, old, &m, strcmp(org, f->org) ? "remove" : "leave", e);
}

int forum_member_update(struct forum_ctx *f, struct writer *w, const char *org, const char *category, double assets,
			struct errinfo *e)
{
	if (!org)
		org = f->org;
	if (strcmp(org, f->org)) {
		int rc = forum_need_secretariat(f, e);
		if (rc)
			return rc;
	}
	const struct fmember_rec *old = forum_member(f, org);
	if (!old)
		return err_setm(e, ERR_NOTFOUND, "--member", "forum.not_member", "org", org, "forum", f->forum.id,
				NULL);
	struct fmember_rec m = *old;
	if (category) {
		int cat = forum_category_parse(category);
		if (cat < 0)
			return err_setm(e, ERR_INVALID, "--category", "forum.category", NULL);
		m.category = forum_category_name(cat);
	}
	if (!isfinite(assets))
		return err_setm(e, ERR_INVALID, "--assets", "forum.assets", NULL);
	if (assets >= 0)
		m.assets = assets;
	return member_write(f, w, old, &m, "update", e);
}

/* ---- recipients and visibility ---- */

/*
 * Check a recipient list for label t.  Organisations must be in the forum
 * now (a member the owner may address); user names are taken as given, since
 * checking them would tell a member who has an account.  Returns the
 * canonical JSON text in *out.
 */
static int recipients_check(struct forum_ctx *f, enum tlp t, json_t *r, const char **out, struct errinfo *e)
{
	char p[64];
	if (!tlp_names_orgs(t) && !tlp_names_users(t)) {
		if (r && !json_is_null(r) && !(json_is_array(r) && json_array_size(r) == 0))
			return err_setm(e, ERR_INVALID, "recipients", "forum.tlp_no_recipients", "tlp", tlp_name(t),
					NULL);
		*out = "[]";
		return 0;
	}
	if (!json_is_array(r))
		return err_setm(e, ERR_INVALID, "recipients",
				tlp_names_users(t) ? "forum.tlp_recipients_users" : "forum.tlp_recipients_orgs", "tlp",
				tlp_name(t), NULL);
	int rc = limit_list(json_array_size(r), LIMIT_RECIPIENTS, "recipients", "recipients", e);
	if (rc)
		return rc;
	size_t i;
	json_t *v;
	json_array_foreach(r, i, v)
	{
		snprintf(p, sizeof p, "recipients[%zu]", i);
		const char *s = json_string_value(v);
		if (!s || !*s || strlen(s) > LIMIT_ID)
			return err_setm(e, ERR_INVALID, p, "forum.recipient_id", "max", err_num((char[24]){0},
					(long long)(LIMIT_ID)), NULL);
		if (tlp_names_orgs(t) && !forum_in(f, s))
			return err_setm(e, ERR_INVALID, p, "forum.recipient_not_active", "org", s, "forum",
					f->forum.id, NULL);
	}
	*out = jx_dump(r, f->a);
	return 0;
}

static bool listed(const char *json_arr, const char *s)
{
	if (!s)
		return false;
	json_t *r = json_loads(json_arr ? json_arr : "[]", 0, NULL);
	bool found = false;
	size_t i;
	json_t *v;
	json_array_foreach(r, i, v) if (json_is_string(v) && !strcmp(json_string_value(v), s)) found = true;
	json_decref(r);
	return found;
}

/* Everything tlp_may_see needs about one viewer and one labelled row. */
bool forum_visible_to(const struct forum_ctx *f, const char *viewer, const char *user, const char *owner,
		      const char *tlp, const char *recipients, int64_t written_ms)
{
	int t = tlp_parse(tlp);
	if (t < 0)
		t = TLP_RED;
	struct tlp_view v = {.owner = !strcmp(owner, viewer), .in_forum = forum_in(f, viewer),
			     .owner_active = forum_in(f, owner)};
	if (tlp_names_orgs(t) && listed(recipients, viewer)) {
		/* a recipient that left and came back after the write does not regain it */
		const struct fmember_rec *m = forum_member(f, viewer);
		v.recipient_org = !strcmp(viewer, f->forum.secretariat) || (m && m->joined_ms && m->joined_ms <= written_ms);
	}
	if (tlp_names_users(t))
		v.recipient_user = listed(recipients, user);
	return tlp_may_see((enum tlp)t, &v);
}

/*
 * TLP 2.0: information taken from a labelled source keeps at least its
 * label.  Checked per source, so with several the narrowest wins.
 */
/* A cite refused: code naming the source (what) and its label, with up to three more parameters (NULL ends). */
static int cite_refused(struct errinfo *e, const char *field, const struct forum_cite *what, const char *tlp,
			const char *code, const char *n1, const char *v1, const char *n2, const char *v2, const char *n3,
			const char *v3)
{
	return err_setm(e, ERR_INVALID, field, code, "@what", what->path ? "forum.cite_source" : "forum.cite_parent",
			"what.path", what->path, "@what.kind", what->kind, "what.ref", what->ref, "tlp", tlp, n1, v1, n2,
			v2, n3, v3, NULL);
}

int forum_cite_check(struct forum_ctx *f, enum tlp t, const char *recipients, const char *src_owner,
		     const char *src_tlp, const char *src_recipients, const struct forum_cite *what,
		     struct errinfo *e)
{
	int st = tlp_parse(src_tlp);
	if (st < 0)
		st = TLP_RED;
	if ((int)t < st) {
		char en[64] = "", da[64] = ""; /* the labels allowed, "A, B or C" in each language */
		for (int k = st; k < TLP_COUNT; k++) {
			const char *sep = k == st ? "" : k < TLP_COUNT - 1 ? ", " : NULL;
			snprintf(en + strlen(en), sizeof en - strlen(en), "%s%s", sep ? sep : " or ", tlp_name((enum tlp)k));
			snprintf(da + strlen(da), sizeof da - strlen(da), "%s%s", sep ? sep : " eller ", tlp_name((enum tlp)k));
		}
		return cite_refused(e, "tlp", what, tlp_name((enum tlp)st), "forum.cite_wider", "allowed:en", en,
				    "allowed:da", da, "given", tlp_name(t));
	}
	if (st < TLP_AMBER)
		return 0;
	/*
	 * An AMBER, AMBER+STRICT or RED source: the audience stays within the
	 * writer, the source's owner and, when the writer owns the source, the
	 * source's own recipients.  Another owner's recipients are its business
	 * (forum_item_json), so the check may not turn on them: that would tell
	 * the writer who they are.
	 */
	bool own = !strcmp(src_owner, f->org);
	json_t *r = json_loads(recipients ? recipients : "[]", 0, NULL);
	int rc = 0;
	size_t i;
	json_t *v;
	char p[64];
	const struct store_scope *saved = store_scope_get(f->st);
	store_scope_set(f->st, NULL);
	json_array_foreach(r, i, v)
	{
		const char *who = json_string_value(v);
		if (rc || !who)
			continue;
		snprintf(p, sizeof p, "recipients[%zu]", i);
		bool ok;
		if (tlp_names_orgs(t)) {
			ok = !strcmp(who, f->org) || !strcmp(who, src_owner) || (own && listed(src_recipients, who));
		} else if (st == TLP_RED) {
			/* named people: the source's own, or (another owner's) the writer alone */
			ok = own ? listed(src_recipients, who) : f->user && !strcmp(who, f->user);
		} else {
			/* a person acting for the writer, the source's owner or (own source) one of its recipients */
			struct member_rec *ms = NULL;
			size_t nm = 0;
			ok = false;
			if ((rc = store_member_list(f->st, NULL, who, f->a, &ms, &nm, e)))
				continue; /* a store failure is reported as one, not as a refusal */
			for (size_t k = 0; k < nm; k++)
				ok = ok || !strcmp(ms[k].org, f->org) || !strcmp(ms[k].org, src_owner) ||
				     (own && listed(src_recipients, ms[k].org));
		}
		const char *sl = tlp_name((enum tlp)st);
		if (ok)
			continue;
		if (tlp_names_orgs(t) && own)
			rc = cite_refused(e, p, what, sl, "forum.cite_outside", "who", who, NULL, NULL, NULL, NULL);
		else if (tlp_names_orgs(t))
			rc = cite_refused(e, p, what, sl, "forum.cite_orgs", "org", f->org, "owner", src_owner, "who", who);
		else if (st == TLP_RED)
			rc = cite_refused(e, p, what, sl, own ? "forum.cite_red_own" : "forum.cite_red_you", "who", who, NULL,
					  NULL, NULL, NULL);
		else
			rc = cite_refused(e, p, what, sl, own ? "forum.cite_person_own" : "forum.cite_person", "org", f->org,
					  "owner", src_owner, "who", who);
	}
	store_scope_set(f->st, saved);
	json_decref(r);
	return rc;
}

static bool visible(const struct forum_ctx *f, const char *owner, const char *tlp, const char *recipients,
		    int64_t written_ms)
{
	return forum_visible_to(f, f->org, f->user, owner, tlp, recipients, written_ms);
}

/* ---- shares ---- */

/* Narrower is higher: RED 4 … CLEAR 0; an unknown label (WITHHOLD) above them all. */
static int tlp_rank(const char *t)
{
	int r = tlp_parse(t);
	return r < 0 ? TLP_COUNT : r;
}

const struct fshare_rec *forum_share_effective(const struct fshare_rec *shares, size_t n, const char *kind,
					       const char *target, bool (*matches)(const struct fshare_rec *, void *),
					       void *ctx)
{
	const struct fshare_rec *item = NULL, *best = NULL;
	for (size_t s = 0; s < n; s++) {
		const struct fshare_rec *r = &shares[s];
		if (strcmp(r->kind, kind))
			continue;
		if (r->target) {
			if (!strcmp(r->target, target))
				item = r;
		} else if (!matches || matches(r, ctx)) {
			if (!best || tlp_rank(r->tlp) > tlp_rank(best->tlp))
				best = r;
		}
	}
	return item ? item : best;
}

static json_t *share_json(const struct fshare_rec *r)
{
	json_t *o = json_pack("{s:s, s:s, s:s}", "id", r->id, "kind", r->kind, "tlp", r->tlp);
	jx_set_str(o, "target", r->target);
	if (r->filter)
		json_object_set_new(o, "filter", json_loads(r->filter, 0, NULL));
	json_object_set_new(o, "recipients", json_loads(r->recipients, 0, NULL));
	set_instant(o, "created_at", r->created_ms);
	jx_set_str(o, "by", r->by);
	return o;
}

int forum_share_put(struct forum_ctx *f, struct writer *w, const char *kind, const char *target, json_t *filter,
		    const char *tlp, json_t *recipients, json_t **out, struct errinfo *e)
{
	int rc = forum_need_in(f, e);
	if (rc)
		return rc;
	if (!kind || (strcmp(kind, "node") && strcmp(kind, "incident") && strcmp(kind, "roi")))
		return err_setm(e, ERR_INVALID, "kind", "forum.share_kind", NULL);
	/* the register is shared whole (forum_roi_map.c): one rule, no item, no filter */
	if (!strcmp(kind, "roi") && target)
		return err_setm(e, ERR_INVALID, "target", "forum.roi_target", NULL);
	if (!strcmp(kind, "roi") && filter && !json_is_null(filter))
		return err_setm(e, ERR_INVALID, "filter", "forum.roi_filter", NULL);
	bool withhold = tlp && !strcmp(tlp, "WITHHOLD");
	int t = withhold ? TLP_RED : tlp_parse(tlp);
	if (t < 0)
		return err_setm(e, ERR_INVALID, "tlp", "forum.tlp_share", NULL);
	if (withhold && !target)
		return err_setm(e, ERR_INVALID, "tlp", "forum.withhold_target", NULL);
	const char *rtext = "[]";
	if (!withhold && (rc = recipients_check(f, (enum tlp)t, recipients, &rtext, e)))
		return rc;
	const char *ftext = NULL;
	if (filter && !json_is_null(filter)) {
		static const char *const fkeys[] = {"critical_only", "kinds", NULL};
		if (target)
			return err_setm(e, ERR_INVALID, "filter", "forum.item_filter", NULL);
		if (!strcmp(kind, "incident"))
			return err_setm(e, ERR_INVALID, "filter", "forum.incident_filter", NULL);
		if ((rc = jx_object(filter, "filter", e)) || (rc = jx_check_keys(filter, "filter", fkeys, e)))
			return rc;
		json_t *k = json_object_get(filter, "kinds");
		if (k && !json_is_array(k))
			return err_setm(e, ERR_INVALID, "filter.kinds", "forum.kinds_list", NULL);
		size_t i;
		json_t *v;
		json_array_foreach(k, i, v)
		{
			int nk = node_kind_parse(json_string_value(v));
			if (nk < 0)
				return err_setm(e, ERR_INVALID, "filter.kinds", "forum.not_node_kind", "value",
						json_string_value(v) ? json_string_value(v) : "?", NULL);
		}
		json_t *c = json_object_get(filter, "critical_only");
		if (c && !json_is_boolean(c))
			return err_setm(e, ERR_INVALID, "filter.critical_only", "forum.critical_only", NULL);
		ftext = jx_dump(filter, f->a);
	}
	if (target) {
		/* the item must exist in the member's own data */
		if (!strcmp(kind, "node")) {
			struct node nd;
			if ((rc = store_node_get(f->st, f->org, target, f->a, &nd, e))) {
				if (rc != ERR_NOTFOUND)
					return rc;
				err_clear(e);
				return err_setm(e, ERR_NOTFOUND, "target", "edit.no_node", "id", target, NULL);
			}
		} else {
			struct incident_rec ir;
			if ((rc = store_incident_get(f->st, f->org, target, f->a, &ir, e))) {
				if (rc != ERR_NOTFOUND)
					return rc;
				err_clear(e);
				return err_setm(e, ERR_NOTFOUND, "target", "forum.no_incident", "id", target, NULL);
			}
		}
	}
	unsigned char rnd[6];
	randombytes_buf(rnd, sizeof rnd);
	char idbuf[32];
	snprintf(idbuf, sizeof idbuf, "s-%02x%02x%02x%02x%02x%02x", rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5]);
	struct fshare_rec x = {.forum = f->forum.id, .org = f->org, .id = arena_strdup(f->a, idbuf), .kind = kind,
			       .target = target, .filter = ftext, .tlp = withhold ? "WITHHOLD" : tlp_name((enum tlp)t),
			       .recipients = rtext, .created_ms = w->now_ms, .by = w->actor};
	if ((rc = begin(f, e)))
		return rc;
	rc = store_fshare_put(f->st, &x, e);
	json_t *after = json_pack("{s:s, s:s, s:s?, s:s?, s:s, s:s}", "id", x.id, "kind", kind, "target", target,
				  "filter", ftext, "tlp", x.tlp, "recipients", rtext);
	char key[200];
	snprintf(key, sizeof key, "%s/%s", f->forum.id, x.id);
	if (!rc)
		rc = audit(w, "share", "forum_share", f->org, key, NULL, after, e);
	json_decref(after);
	if (!(rc = finish(f, rc, e)))
		*out = share_json(&x);
	return rc;
}

int forum_share_delete(struct forum_ctx *f, struct writer *w, const char *id, struct errinfo *e)
{
	int rc = begin(f, e);
	if (rc)
		return rc;
	rc = store_fshare_delete(f->st, f->forum.id, f->org, id, e);
	if (rc == ERR_NOTFOUND) {
		err_clear(e);
		rc = err_setm(e, ERR_NOTFOUND, "id", "forum.no_share", "id", id, NULL);
	}
	char key[200];
	snprintf(key, sizeof key, "%s/%s", f->forum.id, id);
	json_t *before = json_pack("{s:s}", "id", id);
	if (!rc)
		rc = audit(w, "unshare", "forum_share", f->org, key, before, NULL, e);
	json_decref(before);
	return finish(f, rc, e);
}

int forum_shares_json(struct forum_ctx *f, json_t **out, struct errinfo *e)
{
	struct fshare_rec *rows = NULL;
	size_t n = 0;
	int rc = store_fshare_list(f->st, f->forum.id, f->org, f->a, &rows, &n, e);
	if (rc)
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, share_json(&rows[i]));
	*out = arr;
	return 0;
}

/* ---- items ---- */

json_t *forum_item_body(const struct fitem_rec *it)
{
	json_t *b = json_loads(it->body ? it->body : "{}", 0, NULL);
	return b ? b : json_object();
}

json_t *forum_item_json(const struct forum_ctx *f, const struct fitem_rec *it)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "id", it->id, "kind", it->kind, "owner", it->owner, "tlp", it->tlp);
	jx_set_str(o, "parent", it->parent);
	if (!strcmp(it->owner, f->org)) {
		json_object_set_new(o, "recipients", json_loads(it->recipients, 0, NULL));
		jx_set_str(o, "by", it->by);
	}
	set_instant(o, "created_at", it->created_ms);
	set_instant(o, "updated_at", it->updated_ms);
	json_object_set_new(o, "version", json_integer((json_int_t)it->version));
	json_object_set_new(o, "body", forum_item_body(it));
	return o;
}

static bool item_visible(const struct forum_ctx *f, const struct fitem_rec *it)
{
	return visible(f, it->owner, it->tlp, it->recipients, it->updated_ms);
}

int forum_item_get(struct forum_ctx *f, const char *kind, const char *id, struct fitem_rec *out, struct errinfo *e)
{
	if (!spec_of(kind))
		return err_setm(e, ERR_INVALID, "kind", "forum.kind", "allowed", forum_kinds(), NULL);
	int rc = store_fitem_get(f->st, f->forum.id, kind, id, f->a, out, e);
	if (rc == ERR_NOTFOUND || (!rc && !item_visible(f, out))) {
		err_clear(e);
		return err_setm(e, ERR_NOTFOUND, "id", "forum.no_item", "kind", kind, "id", id, NULL);
	}
	return rc;
}

static int list_filtered(struct forum_ctx *f, const char *kind, const char *parent, bool aggregatable,
			 struct fitem_rec **out, size_t *n, struct errinfo *e)
{
	if (!spec_of(kind))
		return err_setm(e, ERR_INVALID, "kind", "forum.kind", "allowed", forum_kinds(), NULL);
	struct fitem_rec *rows = NULL;
	size_t nr = 0, k = 0;
	int rc = store_fitem_list(f->st, f->forum.id, kind, parent, f->a, &rows, &nr, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < nr; i++) {
		bool ok;
		if (aggregatable) {
			/* what the secretariat may see and may aggregate, whoever asks (forum.h) */
			int t = tlp_parse(rows[i].tlp);
			ok = forum_visible_to(f, f->forum.secretariat, NULL, rows[i].owner, rows[i].tlp, rows[i].recipients,
					      rows[i].updated_ms) &&
			     t >= 0 && tlp_aggregatable((enum tlp)t) && forum_in(f, rows[i].owner);
		} else {
			ok = item_visible(f, &rows[i]);
		}
		if (ok)
			rows[k++] = rows[i];
	}
	*out = rows;
	*n = k;
	return 0;
}

int forum_item_list(struct forum_ctx *f, const char *kind, const char *parent, struct fitem_rec **out, size_t *n,
		    struct errinfo *e)
{
	return list_filtered(f, kind, parent, false, out, n, e);
}

int forum_item_list_aggregatable(struct forum_ctx *f, const char *kind, const char *parent, struct fitem_rec **out,
				 size_t *n, struct errinfo *e)
{
	return list_filtered(f, kind, parent, true, out, n, e);
}

static json_t *item_audit(const struct fitem_rec *it)
{
	if (!it)
		return NULL;
	json_t *o = json_pack("{s:s, s:s, s:s?, s:s, s:s, s:I}", "kind", it->kind, "id", it->id, "parent", it->parent,
			      "tlp", it->tlp, "recipients", it->recipients, "version", (json_int_t)it->version);
	json_object_set_new(o, "body", forum_item_body(it));
	return o;
}

static bool id_ok(const char *id)
{
	size_t len = strlen(id);
	return len > 0 && len <= 64 &&
	       strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == len;
}

const char *forum_item_new_id(struct forum_ctx *f, const char *kind)
{
	unsigned char rnd[8];
	randombytes_buf(rnd, sizeof rnd);
	char idbuf[40];
	snprintf(idbuf, sizeof idbuf, "%s-%02x%02x%02x%02x%02x%02x%02x%02x", kind, rnd[0], rnd[1], rnd[2], rnd[3], rnd[4],
		 rnd[5], rnd[6], rnd[7]);
	return arena_strdup(f->a, idbuf);
}

int forum_item_label(struct forum_ctx *f, const char *kind, const struct fitem_rec *before,
		     const struct fitem_rec *parent, const char *tlp, json_t *recipients, enum tlp *t_out,
		     const char **rtext, struct errinfo *e)
{
	const struct kind_spec *sp = spec_of(kind);
	if (!sp)
		return err_setm(e, ERR_INVALID, "kind", "forum.kind", "allowed", forum_kinds(), NULL);
	int t = tlp ? tlp_parse(tlp) : (int)sp->tlp;
	if (t < 0)
		return err_setm(e, ERR_INVALID, "tlp", "forum.tlp", NULL);
	const char *keep = NULL; /* recipients (JSON text) taken over as they are */
	if (before && (!tlp || tlp_parse(before->tlp) == t)) {
		/* a rewrite without a label, or with its own, keeps the item's audience: it never widens */
		t = tlp_parse(before->tlp) < 0 ? TLP_RED : tlp_parse(before->tlp);
		keep = before->recipients ? before->recipients : "[]";
	} else if (parent) {
		/* a new child is no wider than its parent: the parent's label, and its audience when it is ours */
		int pt = tlp_parse(parent->tlp) < 0 ? TLP_RED : tlp_parse(parent->tlp);
		if (!tlp && pt > t)
			t = pt;
		if (pt == t && !strcmp(parent->owner, f->org))
			keep = parent->recipients ? parent->recipients : "[]";
	}
	*t_out = (enum tlp)t;
	if (keep && !recipients) {
		*rtext = keep;
		return 0;
	}
	json_t *defr = NULL;
	if (!recipients && tlp_names_orgs(t)) {
		/* the narrowest useful audience, written down explicitly: the secretariat */
		defr = json_pack("[s]", f->forum.secretariat);
		recipients = defr;
	}
	int rc = recipients_check(f, (enum tlp)t, recipients, rtext, e);
	json_decref(defr);
	return rc;
}

int forum_item_put(struct forum_ctx *f, struct writer *w, const char *kind, const char *id, const char *parent,
		   const char *tlp, json_t *recipients, json_t *body, int64_t if_version, const char **out_id,
		   struct errinfo *e)
{
	const struct kind_spec *sp = spec_of(kind);
	if (!sp)
		return err_setm(e, ERR_INVALID, "kind", "forum.kind", "allowed", forum_kinds(), NULL);
	int rc = sp->by == BY_SECRETARIAT ? forum_need_secretariat(f, e) : forum_need_in(f, e);
	if (rc)
		return rc;
	if ((rc = begin(f, e)))
		return rc;
	enum tlp t;
	const char *rtext = NULL;
	struct fitem_rec old, *before = NULL;
	if (id && if_version == FORUM_ITEM_FRESH) {
		/* a server-made id (forum_item_new_id): new under every owner, or a (64-bit) collision */
		if (sp->by == BY_SECRETARIAT) {
			rc = err_setm(e, ERR_INVALID, "id", "forum.secretariat_ids", NULL);
			goto out;
		}
		struct fitem_rec any;
		rc = store_fitem_get(f->st, f->forum.id, kind, id, f->a, &any, e);
		if (!rc)
			rc = err_setm(e, ERR_CONFLICT, "id", "forum.id_collided", "kind", kind, NULL);
		else if (rc == ERR_NOTFOUND) {
			err_clear(e);
			rc = 0;
		}
		if (rc)
			goto out;
		if_version = 0;
	} else if (id) {
		if (!id_ok(id)) {
			rc = err_setm(e, ERR_INVALID, "id", "forum.id_form", NULL);
			goto out;
		}
		rc = forum_item_get(f, kind, id, &old, e);
		if (!rc && strcmp(old.owner, f->org))
			rc = err_setm(e, ERR_DENIED, "id", "forum.belongs", "kind", kind, "owner", old.owner, NULL);
		else if (!rc && if_version == FORUM_ITEM_NEW)
			rc = err_setm(e, ERR_CONFLICT, "id", "forum.item_exists", "kind", kind, "id", id, NULL);
		else if (!rc)
			before = &old;
		else if (rc == ERR_NOTFOUND && sp->by == BY_SECRETARIAT) {
			/* the secretariat names its own records; ids of hidden items of other owners cannot collide */
			err_clear(e);
			rc = 0;
		}
		if (rc)
			goto out;
		if (if_version == FORUM_ITEM_NEW)
			if_version = 0;
	}
	if (if_version && (!before || before->version != if_version)) {
		rc = err_setm(e, ERR_STALE, "version", "forum.changed", "kind", kind, "version", err_num((char[24]){0},
			      (long long)((long long)if_version)), NULL);
		goto out;
	}
	struct fitem_rec pr, *parent_rec = NULL;
	if (sp->parent) {
		const char *par = parent ? parent : before ? before->parent : NULL;
		if (!par) {
			rc = err_setm(e, ERR_INVALID, "parent", "forum.parent_needed", "kind", kind, "parent",
				      sp->parent, NULL);
			goto out;
		}
		if ((rc = forum_item_get(f, sp->parent, par, &pr, e))) {
			err_clear(e);
			rc = err_setm(e, ERR_NOTFOUND, "parent", "forum.no_item", "kind", sp->parent, "id", par, NULL);
			goto out;
		}
		parent = par;
		parent_rec = &pr;
	} else if (parent) {
		rc = err_setm(e, ERR_INVALID, "parent", "forum.no_parent", "kind", kind, NULL);
		goto out;
	}
	if ((rc = forum_item_label(f, kind, before, parent_rec, tlp, recipients, &t, &rtext, e)))
		goto out;
	if (parent_rec) {
		/* a child shows its parent's id and speaks of it: no wider than the parent */
		struct forum_cite what = {NULL, arena_printf(f->a, "kind.%s", sp->parent), parent_rec->id};
		if ((rc = forum_cite_check(f, t, rtext, parent_rec->owner, parent_rec->tlp, parent_rec->recipients, &what,
					   e)))
			goto out;
	}
	if (!id)
		id = forum_item_new_id(f, kind);
	struct fitem_rec x = {.forum = f->forum.id, .kind = kind, .id = id, .owner = f->org, .parent = parent,
			      .tlp = tlp_name((enum tlp)t), .recipients = rtext, .body = jx_dump(body, f->a),
			      .created_ms = before ? before->created_ms : w->now_ms, .updated_ms = w->now_ms,
			      .by = w->actor, .version = before ? before->version + 1 : 1};
	if ((rc = store_fitem_put(f->st, &x, e)))
		goto out;
	json_t *b = item_audit(before), *a = item_audit(&x);
	char key[300];
	snprintf(key, sizeof key, "%s/%s/%s", f->forum.id, kind, id);
	rc = audit(w, before ? "update" : "create", "forum_item", f->org, key, b, a, e);
	json_decref(b);
	json_decref(a);
	*out_id = id;
out:
	return finish(f, rc, e);
}

int forum_item_delete(struct forum_ctx *f, struct writer *w, const char *kind, const char *id, struct errinfo *e)
{
	int rc = begin(f, e);
	if (rc)
		return rc;
	struct fitem_rec old;
	rc = forum_item_get(f, kind, id, &old, e);
	if (!rc && strcmp(old.owner, f->org))
		rc = err_setm(e, ERR_DENIED, "id", "forum.belongs", "kind", kind, "owner", old.owner, NULL);
	if (!rc)
		rc = store_fitem_delete(f->st, f->forum.id, kind, id, e);
	char key[300];
	snprintf(key, sizeof key, "%s/%s/%s", f->forum.id, kind, id);
	json_t *b = rc ? NULL : item_audit(&old);
	if (!rc)
		rc = audit(w, "delete", "forum_item", f->org, key, b, NULL, e);
	json_decref(b);
	return finish(f, rc, e);
}
