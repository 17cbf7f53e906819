/*
 * cmd_forum.c — `skjold forum …`: the sector forum from the shell (SPEC §4,
 * issue 5), the shell's adapter of app_forum.c.
 *
 * Every subcommand acts for one organisation (--org) in one forum
 * (--forum) as one user (--actor).  This file parses the options into the
 * use case's typed request (--to A,B and --kinds K,K as JSON arrays,
 * --version as an integer, --body and --risk-scale read from a file or
 * standard input), calls it and prints the result.  The use cases name
 * JSON fields in their errors; where the field is one of the command's
 * options, the shell names the option ("--member", "--exact-limit").
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_forum.h"
#include "cli.h"
#include "report_render.h"
#include "forum.h"

static const char usage[] =
	"usage: skjold forum create --org SECRETARIAT --id ID --name NAME\n"
	"       skjold forum list --org ORG\n"
	"       skjold forum show|members --forum ID --org ORG\n"
	"       skjold forum invite --forum ID --org SECRETARIAT --member ORG [--category C] [--assets DKK_M]\n"
	"       skjold forum join|decline|leave --forum ID --org ORG\n"
	"       skjold forum remove --forum ID --org SECRETARIAT --member ORG\n"
	"       skjold forum member-update --forum ID --org ORG [--member ORG] [--category C] [--assets DKK_M]\n"
	"       skjold forum share --forum ID --org ORG --kind node|incident|roi [--target ID | --critical-only true\n"
	"                          | --kinds K,K] --tlp CLEAR|GREEN|AMBER|AMBER+STRICT|RED|WITHHOLD [--to A,B]\n"
	"       skjold forum shares --forum ID --org ORG;  skjold forum unshare --forum ID --org ORG --id SHARE\n"
	"       skjold forum item add|update|show|list|delete --forum ID --org ORG --kind KIND [--id ID]\n"
	"                          [--parent ID] [--tlp T] [--to A,B] [--body FILE|-] [--version N]\n"
	"       skjold forum map|spof|footprint|concentration|recovery --forum ID --org ORG [--function ORG/NODE]\n"
	"                          (spof, footprint, concentration: [--source map|register])\n"
	"       skjold forum outage --forum ID --org ORG --node ORG/NODE\n"
	"       skjold forum stress --forum ID --org SECRETARIAT --share 0.5 [--exact-limit N]\n"
	"       skjold forum item rerate --forum ID --org SECRETARIAT --id RISK --likelihood 1-5 --consequence 1-5\n"
	"                          [--rated-on YYYY-MM-DD] [--rationale TEXT] [--version N]\n"
	"       skjold forum settings --forum ID --org ORG [--min-group N] [--risk-scale FILE|-|default]\n"
	"       skjold forum view NAME --forum ID --org ORG [--crisis|--campaign|--survey ID]\n"
	"       skjold forum export --forum ID --org ORG --format stix|misp [--out FILE]\n"
	"VIEW: picture, late, after-action, register, incidents and the programmes' views\n"
	"CATEGORY: credit, payment, data_centre, industry_body, authority, insurance, other\n"
	"KIND: crisis, decision, report, risk, measure, redteam, finding, catalogue, campaign, answer,\n"
	"      survey, response\n";

/* The forum the command names, as the use cases will find it: refused first, as before any option. */
static int check_forum(struct cli *c, struct app *x, struct app_forum_at *at)
{
	at->org = cli_get(c, "org");
	at->forum = cli_get(c, "forum");
	json_t *f = NULL;
	int rc = app_forum_show(x, at, &f);
	json_decref(f);
	return rc;
}

/*
 * The use case's outcome as the shell tells it: a field that is one of the
 * command's options (names, plus --forum and --org) is named as the option
 * ("exact_limit" → "--exact-limit").
 */
static int opt_field(struct cli *c, int rc, const char *const *names)
{
	static const char *const always[] = {"forum", "org", NULL};
	if (rc >= 0)
		return rc;
	const char *const *lists[] = {always, names};
	for (size_t l = 0; l < 2; l++)
		for (const char *const *n = lists[l]; n && *n; n++)
			if (!strcmp(c->e.field, *n)) {
				char flag[sizeof c->e.field];
				snprintf(flag, sizeof flag, "--%s", *n);
				for (char *p = flag + 2; *p; p++)
					if (*p == '_')
						*p = '-';
				snprintf(c->e.field, sizeof c->e.field, "%s", flag);
				return rc;
			}
	return rc;
}

/*
 * Print the use case's result *res, or pass its error on with the shell's
 * field names.  A pointer, so that a call written done(c, use_case(…, &res),
 * &res, …) reads res after the use case, whatever order C evaluates in.
 */
static int done(struct cli *c, int rc, json_t **res, const char *const *names)
{
	if (rc) {
		json_decref(*res);
		return opt_field(c, rc, names);
	}
	return cli_print(*res);
}

/* A comma-separated option as a JSON array; skip_empty drops empty entries. */
static json_t *list_opt(const char *text, bool skip_empty)
{
	json_t *arr = json_array();
	const char *p = text;
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len || !skip_empty)
			json_array_append_new(arr, json_stringn(p, len));
		p += len + (comma ? 1 : 0);
	}
	return arr;
}

/* --to A,B as a JSON array; NULL when absent, [] for an empty value. */
static json_t *recipients_opt(struct cli *c)
{
	const char *to = cli_get(c, "to");
	return to ? list_opt(to, true) : NULL;
}

static int number_opt(struct cli *c, const char *name, double *out)
{
	const char *s = cli_get(c, name);
	if (!s)
		return 0;
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !isfinite(v))
		return err_setm(&c->e, ERR_INVALID, arena_printf(&c->a, "--%s", name), "cli.not_number", "value", s,
				NULL);
	*out = v;
	return 0;
}

/* --version: a whole number, the version last read (0 or absent: no check). */
static int version_opt(struct cli *c, int64_t *out)
{
	double v = 0;
	int rc = number_opt(c, "version", &v);
	if (!rc && (v < 0 || v != (double)(int64_t)v))
		rc = err_setm(&c->e, ERR_INVALID, "--version", "forum.version_number", NULL);
	*out = rc ? 0 : (int64_t)v;
	return rc;
}

/* An option that must be a whole number: the number, or its text as given for the check to refuse by name. */
static json_t *whole_or_text(const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	return *s && !*end ? json_integer(v) : json_string(s);
}

/* ---- analyses ---- */

/* `forum map|outage|spof|footprint|concentration|recovery|stress`: each with the options it takes. */
static int run_analysis(struct cli *c, struct app *x, const struct app_forum_at *at, const char *verb)
{
	static const char *const names[] = {"node", "function", "share", "exact_limit", NULL};
	bool stress = !strcmp(verb, "stress"), outage = !strcmp(verb, "outage");
	bool by_function = !strcmp(verb, "spof") || !strcmp(verb, "recovery");
	/* an option another analysis takes stays unused here, and is refused */
	const char *node = outage ? cli_get(c, "node") : NULL, *fn = NULL;
	double share = 0.5, limit = 40;
	json_t *res = NULL;
	int rc;
	if (outage && !node)
		return err_setm(&c->e, ERR_INVALID, "--node", "cli.node_required", NULL);
	if (by_function)
		fn = cli_get(c, "function");
	/* spof, footprint and concentration read the shared maps or the shared registers */
	const char *source = NULL;
	if (!strcmp(verb, "spof") || !strcmp(verb, "footprint") || !strcmp(verb, "concentration"))
		source = cli_get(c, "source");
	/* the stress test is the secretariat's: others are told so before their numbers are looked at */
	if (stress && (rc = opt_field(c, app_forum_need_secretariat(x, at), NULL)))
		return rc;
	if ((stress && ((rc = number_opt(c, "share", &share)) || (rc = number_opt(c, "exact_limit", &limit)))) ||
	    (rc = cli_check_unused(c)))
		return rc;
	if (outage)
		rc = app_forum_outage(x, at, node, &res);
	else if (by_function)
		rc = verb[0] == 's' ? app_forum_spof(x, at, fn, source, &res) : app_forum_recovery(x, at, fn, &res);
	else if (stress)
		rc = app_forum_stress(x, at, share, limit, &res);
	else if (!strcmp(verb, "map"))
		rc = app_forum_map(x, at, &res);
	else if (!strcmp(verb, "footprint"))
		rc = app_forum_footprint(x, at, source, &res);
	else
		rc = app_forum_concentration(x, at, source, &res);
	return done(c, rc, &res, names);
}

/* `forum view NAME`: the options the view takes (forum_views_params), the others refused by name. */
static int run_view(struct cli *c, struct app *x, const struct app_forum_at *at)
{
	static const char *const names[] = {"crisis", "campaign", "survey", NULL};
	const char *name = c->npos > 2 ? c->pos[2] : NULL;
	struct forum_view_opts o = {0};
	int takes = forum_views_params(name), rc = 0;
	/* the crisis documents also as md, html, pdf or docx, with the crisis's TLP label on every page */
	const char *format = cli_get(c, "format");
	enum report_format rf = REPORT_JSON;
	bool doc = name && (!strcmp(name, "picture") || !strcmp(name, "after-action"));
	if (format && (!doc || report_format_parse(format, &rf)))
		return err_setm(&c->e, ERR_INVALID, "--format", doc ? "cli.view_format" : "cli.view_no_format", NULL);
	if (cli_get(c, "out") && rf == REPORT_JSON)
		return err_setm(&c->e, ERR_INVALID, "--out", "cli.out_document", NULL);
	if (takes >= 0) {
		if (takes & FORUM_VIEW_CRISIS) {
			if (!(o.crisis = cli_get(c, "crisis")))
				return err_setm(&c->e, ERR_INVALID, "--crisis", "cli.crisis_required", NULL);
		}
		if (takes & FORUM_VIEW_CAMPAIGN)
			o.campaign = cli_get(c, "campaign");
		if (takes & FORUM_VIEW_SURVEY)
			o.survey = cli_get(c, "survey");
		if ((rc = cli_check_unused(c)))
			return rc;
		if (!strcmp(name, "survey-candidates") && (rc = opt_field(c, app_forum_need_secretariat(x, at), NULL)))
			return rc;
		if ((takes & FORUM_VIEW_CAMPAIGN) && !o.campaign)
			return err_setm(&c->e, ERR_INVALID, "--campaign", "cli.campaign_required", NULL);
		if ((takes & FORUM_VIEW_SURVEY) && !o.survey)
			return err_setm(&c->e, ERR_INVALID, "--survey", "cli.survey_required", NULL);
	}
	json_t *res = NULL;
	rc = app_forum_view(x, at, name, &o, &res);
	if (rc && !strcmp(c->e.field, "name"))
		snprintf(c->e.field, sizeof c->e.field, "NAME");
	if (!rc && rf != REPORT_JSON) {
		char *bytes;
		size_t len;
		const char *type;
		json_object_set_new(res, "report", json_string(name));
		rc = report_render(res, rf, &bytes, &len, &type, &c->e);
		json_decref(res);
		return rc ? rc : cli_print_bytes(c, bytes, len);
	}
	return done(c, rc, &res, names);
}

/* ---- items ---- */

static int run_item(struct cli *c, struct app *x, const struct app_forum_at *at, const char *verb)
{
	const char *kind = cli_get(c, "kind"), *id = cli_get(c, "id"), *parent = cli_get(c, "parent");
	if (!kind)
		return err_setm(&c->e, ERR_INVALID, "--kind", "cli.kind_required", "allowed", forum_kinds(), NULL);
	if (!forum_kind_valid(kind))
		return err_setm(&c->e, ERR_INVALID, "--kind", "forum.kind", "allowed", forum_kinds(), NULL);
	int rc;
	json_t *res = NULL;
	if (!strcmp(verb, "list"))
		return (rc = cli_check_unused(c)) ? rc : done(c, app_forum_item_list(x, at, kind, parent, &res), &res, NULL);
	if (!id && strcmp(verb, "add"))
		return err_setm(&c->e, ERR_INVALID, "--id", "cli.id_required", NULL);
	if (!strcmp(verb, "show"))
		return (rc = cli_check_unused(c)) ? rc : done(c, app_forum_item_show(x, at, kind, id, &res), &res, NULL);
	if (!strcmp(verb, "delete"))
		return (rc = cli_check_unused(c)) ? rc : done(c, app_forum_item_delete(x, at, kind, id, &res), &res, NULL);
	if (strcmp(verb, "add") && strcmp(verb, "update"))
		return err_setm(&c->e, ERR_INVALID, "VERB", "cli.item_command", "command", verb, NULL);
	struct app_forum_item req = {.kind = kind, .id = id, .parent = parent, .tlp = cli_get(c, "tlp"),
				     .update = !strcmp(verb, "update")};
	const char *body_path = cli_get(c, "body");
	req.recipients = recipients_opt(c);
	if ((rc = version_opt(c, &req.version)) || (rc = cli_check_unused(c)))
		goto out;
	if (!body_path) {
		rc = err_setm(&c->e, ERR_INVALID, "--body", "cli.body_required", NULL);
		goto out;
	}
	if (!(rc = cli_read_json(c, body_path, &req.body)))
		rc = done(c, app_forum_item_write(x, at, &req, &res), &res, NULL);
out:
	json_decref(req.recipients);
	json_decref(req.body);
	return rc;
}

/* `forum item rerate`: a new rating of a forum risk, appended to its history. */
static int run_rerate(struct cli *c, struct app *x, const struct app_forum_at *at)
{
	static const char *const fields[] = {"likelihood", "consequence", "rated_on", "rationale", NULL};
	const char *id = cli_get(c, "id");
	int64_t version = 0;
	int rc;
	json_t *rating = json_object(), *res = NULL;
	for (size_t i = 0; fields[i]; i++) {
		const char *v = cli_get(c, fields[i]);
		if (v)
			json_object_set_new(rating, fields[i], i < 2 ? whole_or_text(v) : json_string(v));
	}
	if (!id)
		rc = err_setm(&c->e, ERR_INVALID, "--id", "cli.risk_id_required", NULL);
	else if (!(rc = version_opt(c, &version)) && !(rc = cli_check_unused(c)))
		rc = done(c, app_forum_rerate(x, at, id, rating, version, &res), &res, NULL);
	json_decref(rating);
	return rc;
}

/* `forum settings`: show them (any active member), or change them (the secretariat). */
static int run_settings(struct cli *c, struct app *x, const struct app_forum_at *at)
{
	const char *mg = cli_get(c, "min_group"), *scale_path = cli_get(c, "risk_scale");
	int rc = cli_check_unused(c);
	json_t *res = NULL;
	if (rc)
		return rc;
	if (!mg && !scale_path)
		return done(c, app_forum_settings(x, at, &res), &res, NULL);
	/* only the secretariat changes them: others are told so before the scale file is read */
	if ((rc = opt_field(c, app_forum_need_secretariat(x, at), NULL)))
		return rc;
	json_t *min_group = mg ? whole_or_text(mg) : NULL, *scale = NULL;
	if (scale_path && !strcmp(scale_path, "default"))
		scale = json_null(); /* back to frisk_scale_default */
	else if (scale_path && (rc = cli_read_json(c, scale_path, &scale)) && !strcmp(c->e.field, "$"))
		snprintf(c->e.field, sizeof c->e.field, "risk_scale");
	if (!rc)
		rc = done(c, app_forum_settings_put(x, at, min_group, scale, &res), &res, NULL);
	json_decref(min_group);
	json_decref(scale);
	return rc;
}

/* `forum export`: what the organisation may see, as a STIX 2.1 bundle or a MISP event, to stdout or --out. */
static int run_export(struct cli *c, struct app *x, const struct app_forum_at *at)
{
	static const char *const names[] = {"format", NULL};
	const char *format = cli_get(c, "format");
	json_t *res = NULL;
	(void)cli_get(c, "out"); /* cli_print_bytes writes there */
	int rc = cli_check_unused(c);
	if (rc || (rc = opt_field(c, app_forum_export(x, at, format, &res), names)))
		return rc;
	char *text = json_dumps(res, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(res);
	size_t len = strlen(text);
	char *bytes = xrealloc(text, len + 2); /* cli_print_bytes frees it */
	bytes[len] = '\n';
	bytes[len + 1] = '\0';
	return cli_print_bytes(c, bytes, len + 1);
}

/* `forum share`: the share's options as its typed request. */
static int run_share(struct cli *c, struct app *x, const struct app_forum_at *at)
{
	const char *crit = cli_get(c, "critical_only"), *kinds = cli_get(c, "kinds");
	struct app_forum_share req = {.kind = cli_get(c, "kind"), .target = cli_get(c, "target"),
				      .tlp = cli_get(c, "tlp"), .critical_only = -1};
	req.recipients = recipients_opt(c);
	req.kinds = kinds ? list_opt(kinds, false) : NULL;
	if (crit)
		req.critical_only = !strcmp(crit, "true");
	json_t *res = NULL;
	int rc = 0;
	if (crit && strcmp(crit, "true") && strcmp(crit, "false"))
		rc = err_setm(&c->e, ERR_INVALID, "--critical-only", "cli.critical_only", NULL);
	if (!rc && !(rc = cli_check_unused(c)))
		rc = done(c, app_forum_share_add(x, at, &req, &res), &res, NULL);
	json_decref(req.recipients);
	json_decref(req.kinds);
	return rc;
}

/* `forum invite|member-update`: a membership's fields. */
static int run_member(struct cli *c, struct app *x, const struct app_forum_at *at, bool invite)
{
	static const char *const names[] = {"member", "category", "assets", NULL};
	struct app_forum_member req = {cli_get(c, "member"), cli_get(c, "category"), -1};
	json_t *res = NULL;
	int rc;
	if ((rc = number_opt(c, "assets", &req.assets_dkk_m)) || (rc = cli_check_unused(c)))
		return rc;
	rc = invite ? app_forum_invite(x, at, &req, &res) : app_forum_member_update(x, at, &req, &res);
	return done(c, rc, &res, names);
}

/* `forum join|decline|leave|remove`. */
static int run_answer(struct cli *c, struct app *x, const struct app_forum_at *at, const char *verb)
{
	static const char *const names[] = {"member", NULL};
	const char *member = !strcmp(verb, "remove") ? cli_get(c, "member") : NULL;
	json_t *res = NULL;
	int rc;
	if ((rc = cli_check_unused(c)))
		return rc;
	if (!strcmp(verb, "remove") && !member)
		return err_setm(&c->e, ERR_INVALID, "--member", "forum.member_required", NULL);
	if (!strcmp(verb, "join") || !strcmp(verb, "decline"))
		rc = app_forum_answer(x, at, !strcmp(verb, "join"), &res);
	else
		rc = app_forum_leave(x, at, member, &res);
	return done(c, rc, &res, names);
}

int cmd_forum(struct cli *c)
{
	const char *verb = c->npos > 1 ? c->pos[1] : NULL;
	if (c->help || !verb)
		return cli_usage(usage);
	int rc = cli_open(c);
	if (rc)
		return rc;
	struct app x = cli_app(c);
	json_t *res = NULL;
	if (!strcmp(verb, "create")) {
		static const char *const names[] = {"id", "name", NULL};
		const char *org = cli_get(c, "org"), *id = cli_get(c, "id"), *name = cli_get(c, "name");
		if ((rc = cli_org(c, &org)) || (rc = cli_check_unused(c)))
			return rc;
		return done(c, app_forum_create(&x, org, id, name, &res), &res, names);
	}
	if (!strcmp(verb, "list")) {
		const char *org;
		if ((rc = cli_org(c, &org)) || (rc = cli_check_unused(c)))
			return rc;
		return done(c, app_forum_list(&x, org, &res), &res, NULL);
	}
	struct app_forum_at at;
	if ((rc = check_forum(c, &x, &at)))
		return opt_field(c, rc, NULL);
	if (!strcmp(verb, "show") || !strcmp(verb, "members")) {
		if ((rc = cli_check_unused(c)))
			return rc;
		rc = verb[0] == 's' ? app_forum_show(&x, &at, &res) : app_forum_members(&x, &at, &res);
		return done(c, rc, &res, NULL);
	}
	if (!strcmp(verb, "invite") || !strcmp(verb, "member-update"))
		return run_member(c, &x, &at, !strcmp(verb, "invite"));
	if (!strcmp(verb, "join") || !strcmp(verb, "decline") || !strcmp(verb, "leave") || !strcmp(verb, "remove"))
		return run_answer(c, &x, &at, verb);
	if (!strcmp(verb, "share"))
		return run_share(c, &x, &at);
	if (!strcmp(verb, "settings"))
		return run_settings(c, &x, &at);
	if (!strcmp(verb, "shares"))
		return (rc = cli_check_unused(c)) ? rc : done(c, app_forum_shares(&x, &at, &res), &res, NULL);
	if (!strcmp(verb, "unshare")) {
		const char *id = cli_get(c, "id");
		if (!id)
			return err_setm(&c->e, ERR_INVALID, "--id", "cli.share_id_required", NULL);
		return (rc = cli_check_unused(c)) ? rc : done(c, app_forum_unshare(&x, &at, id, &res), &res, NULL);
	}
	if (!strcmp(verb, "item")) {
		const char *iv = c->npos > 2 ? c->pos[2] : NULL;
		if (!iv)
			return err_setm(&c->e, ERR_INVALID, "VERB", "cli.risk_verbs", NULL);
		return !strcmp(iv, "rerate") ? run_rerate(c, &x, &at) : run_item(c, &x, &at, iv);
	}
	if (!strcmp(verb, "view"))
		return run_view(c, &x, &at);
	if (!strcmp(verb, "export"))
		return run_export(c, &x, &at);
	static const char *const analyses[] = {"map", "outage", "spof", "footprint", "concentration", "recovery",
					       "stress", NULL};
	for (size_t i = 0; analyses[i]; i++)
		if (!strcmp(verb, analyses[i]))
			return run_analysis(c, &x, &at, verb);
	return err_setm(&c->e, ERR_INVALID, "COMMAND", "cli.forum_command", "command", verb, NULL);
}
