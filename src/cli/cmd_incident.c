/*
 * cmd_incident.c — stored incidents from the shell: add, update, show, list,
 * submit, report, recurring; and `skjold deadlines`, every open reporting
 * obligation across all incidents, overdue first.
 *
 * The shell's adapter of the incident use cases (app_incident.h): it reads
 * the options and files, loads --rules DIR when given, calls the use case
 * and prints its result.  Every evaluation is done afresh as of --now with
 * the current rule files, so a changed threshold or a late submission shows
 * at once.  Errors name the option the user gave (--at, --regime, ID) where
 * the use case names the document's field (submitted_at, regime, id).
 */
#include <stdio.h>
#include <string.h>

#include "app_incident.h"
#include "app_sheet.h"
#include "cli.h"
#include "doc.h"
#include "dora_ir.h"
#include "increport.h"

static const char usage[] =
	"usage: skjold incident add FILE|- --org ID\n"
	"       skjold incident update ID --org ID [FILE|-] [--FIELD VALUE …]   (a JSON merge patch; FIELD may be dotted)\n"
	"       skjold incident show ID --org ID [--rules DIR]\n"
	"       skjold incident list --org ID [--status open|resolved|closed] [--format json|xlsx] [--out FILE]\n"
	"       skjold incident submit ID --org ID --regime R --report NAME [--at INSTANT] [--channel C]\n"
	"                              [--receipt REF] [--estimates true|false] [--by THIRD-PARTY]\n"
	"       skjold incident report ID --org ID --regime R --report NAME [--format json|text|pdf|docx] [--out FILE]\n"
	"       skjold incident report ID --org ID --regime eu-dora --report initial|intermediate|final|reclassified\n"
	"             --format dora-json   the DORA report as the ESAs' JSON (schema IR 1.2.1); refused while a field is missing\n"
	"       skjold incident report ID --org ID --regime R --report NAME --check   what is still missing (exit 1 if anything)\n"
	"       skjold incident recurring --org ID   (DORA recurring incidents, 2024/1772 art. 8(2))\n"
	"       skjold incident assess FILE|- | --batch FILE.jsonl   (see incident assess --help)\n"
	"  The incident document is the facts document of RULES.md §6 plus id, status, description,\n"
	"  category, cause, root_cause, nodes, risks, measures, user_information and reporting\n"
	"  (docs/incidents.md).  Without \"entity\" the organisation's settings are used.\n";

static int load_rules(struct cli *c, struct rules *rs)
{
	return rules_load(rs, cli_get(c, "rules"), &c->e);
}

/* The incident the use case did not find is the command's ID argument. */
static int shell_error(struct cli *c, int rc)
{
	if (rc == ERR_NOTFOUND && !strcmp(c->e.field, "id"))
		snprintf(c->e.field, sizeof c->e.field, "ID");
	return rc;
}

/* Print the use case's result, or name the error as the shell does. */
static int done(struct cli *c, int rc, json_t *out)
{
	return rc ? shell_error(c, rc) : cli_print(out);
}

/* The reads that evaluate under the rules: which use case, and its request. */
enum read_kind { READ_LIST, READ_SHOW, READ_REPORT, READ_RECURRING, READ_DEADLINES };
struct read {
	enum read_kind kind;
	const char *org, *id, *status, *report;
	enum regime regime;
};

/*
 * Run a read as every evaluating command does, in this order: load --rules,
 * refuse options nobody used, open the store, call the use case.
 */
static int run_read(struct cli *c, const struct read *r, json_t **out)
{
	struct rules rs;
	*out = NULL;
	int rc = load_rules(c, &rs);
	if (rc)
		return rc;
	if (!(rc = cli_check_unused(c)) && !(rc = cli_open(c))) {
		struct app x = cli_app(c);
		switch (r->kind) {
		case READ_LIST: rc = app_incident_list(&x, r->org, r->status, &rs, out); break;
		case READ_SHOW: rc = app_incident_show(&x, r->org, r->id, &rs, out); break;
		case READ_REPORT: rc = app_incident_report(&x, r->org, r->id, r->regime, r->report, &rs, out); break;
		case READ_RECURRING: rc = app_incident_recurring(&x, r->org, &rs, out); break;
		case READ_DEADLINES: rc = app_incident_deadlines(&x, r->org, &rs, out); break;
		}
	}
	rules_free(&rs);
	return shell_error(c, rc);
}

/* The incident list or the deadlines as a spreadsheet (--format xlsx), to stdout or --out. */
static int sheet_read(struct cli *c, const struct read *r)
{
	struct rules rs;
	int rc = load_rules(c, &rs);
	if (rc)
		return rc;
	char *bytes = NULL;
	size_t len = 0;
	if (!(rc = cli_check_unused(c)) && !(rc = cli_open(c))) {
		struct app x = cli_app(c);
		rc = r->kind == READ_LIST ? app_sheet_incidents(&x, r->org, r->status, &rs, &bytes, &len)
					  : app_sheet_deadlines(&x, r->org, &rs, &bytes, &len);
	}
	rules_free(&rs);
	if (rc)
		return shell_error(c, rc);
	return cli_print_bytes(c, bytes, len);
}

/* run_read, then print; the list and the deadlines also as XLSX (--format xlsx). */
static int print_read(struct cli *c, const struct read *r)
{
	if (r->kind == READ_LIST || r->kind == READ_DEADLINES) {
		const char *format = cli_get(c, "format"), *outp = cli_get(c, "out");
		if (format && !strcmp(format, "xlsx"))
			return sheet_read(c, r);
		if (outp)
			return err_setm(&c->e, ERR_INVALID, "--out", "cli.out_xlsx", NULL);
		if (format && strcmp(format, "json"))
			return err_setm(&c->e, ERR_INVALID, "--format", "cli.format_json_xlsx", NULL);
	}
	json_t *out;
	int rc = run_read(c, r, &out);
	return rc ? rc : cli_print(out);
}

static int cmd_add(struct cli *c, const char *org)
{
	if (c->npos != 3)
		return err_setm(&c->e, ERR_INVALID, "FILE", "cli.incident_document", NULL);
	json_t *doc, *out = NULL;
	int rc = cli_check_unused(c);
	if (rc || (rc = cli_read_json(c, c->pos[2], &doc)))
		return rc;
	if (!(rc = cli_open(c))) {
		struct app x = cli_app(c);
		rc = app_incident_add(&x, org, doc, &out);
	}
	json_decref(doc);
	return done(c, rc, out);
}

/* A value given on the command line: JSON when it parses as such, else a string. */
static json_t *option_value(const char *v)
{
	json_t *j = json_loads(v, JSON_DECODE_ANY, NULL);
	return j ? j : json_string(v);
}

/* The patch: FILE when given, with every --FIELD VALUE set over it (nested at dots). */
static int build_patch(struct cli *c, json_t **out)
{
	json_t *patch = NULL;
	int rc = 0;
	if (c->npos == 4 && (rc = cli_read_json(c, c->pos[3], &patch)))
		return rc;
	if (!patch)
		patch = json_object();
	if (!json_is_object(patch)) {
		json_decref(patch);
		return err_setm(&c->e, ERR_INVALID, "$", "input.patch_object", NULL);
	}
	for (int i = 0; i < c->nopt; i++) {
		struct cli_opt *o = &c->opt[i];
		if (o->used || !strcmp(o->name, "rules"))
			continue;
		o->used = true;
		json_t *target = patch;
		char name[256];
		snprintf(name, sizeof name, "%s", o->name);
		char *seg = name, *dot;
		while ((dot = strchr(seg, '.'))) {
			*dot = 0;
			json_t *next = json_object_get(target, seg);
			if (!json_is_object(next)) {
				next = json_object();
				json_object_set_new(target, seg, next);
			}
			target = next;
			seg = dot + 1;
		}
		json_object_set_new(target, seg, option_value(o->value));
	}
	if (!json_object_size(patch)) {
		json_decref(patch);
		return err_setm(&c->e, ERR_INVALID, "FILE", "cli.nothing_to_change", NULL);
	}
	*out = patch;
	return 0;
}

static int cmd_update(struct cli *c, const char *org)
{
	if (c->npos < 3 || c->npos > 4)
		return err_setm(&c->e, ERR_INVALID, "ID", "cli.incident_id_patch", NULL);
	json_t *patch = NULL, *out = NULL;
	int rc = build_patch(c, &patch);
	if (rc)
		return rc;
	if (!(rc = cli_check_unused(c)) && !(rc = cli_open(c))) {
		struct app x = cli_app(c);
		rc = app_incident_update(&x, org, c->pos[2], patch, &out);
	}
	json_decref(patch);
	return done(c, rc, out);
}

/* The submission's fields as the shell's options name them. */
static const char *const submit_options[][2] = {
	{"submitted_at", "--at"}, {"regime", "--regime"},   {"report", "--report"}, {"estimates", "--estimates"},
	{"channel", "--channel"}, {"receipt", "--receipt"}, {"by", "--by"},
};

static int cmd_submit(struct cli *c, const char *org)
{
	if (c->npos != 3)
		return err_setm(&c->e, ERR_INVALID, "ID", "cli.incident_id", NULL);
	const char *est = cli_get(c, "estimates");
	struct app_submission s = {.regime = cli_get(c, "regime"), .report = cli_get(c, "report"),
				   .submitted_at = cli_get(c, "at"), .channel = cli_get(c, "channel"),
				   .receipt = cli_get(c, "receipt"), .by = cli_get(c, "by"), .estimates = -1};
	if (!s.regime)
		return err_setm(&c->e, ERR_INVALID, "--regime", "cli.regime_required", NULL);
	if (!s.report)
		return err_setm(&c->e, ERR_INVALID, "--report", "cli.report_required", NULL);
	if (est && strcmp(est, "true") && strcmp(est, "false"))
		return err_setm(&c->e, ERR_INVALID, "--estimates", "cli.estimates_bool", NULL);
	if (est)
		s.estimates = !strcmp(est, "true");
	json_t *out = NULL;
	int rc = cli_check_unused(c);
	if (!rc && !(rc = cli_open(c))) {
		struct app x = cli_app(c);
		rc = app_incident_submit(&x, org, c->pos[2], &s, &out);
	}
	for (size_t i = 0; rc == ERR_INVALID && i < sizeof submit_options / sizeof submit_options[0]; i++)
		if (!strcmp(c->e.field, submit_options[i][0])) {
			snprintf(c->e.field, sizeof c->e.field, "%s", submit_options[i][1]);
			break;
		}
	return done(c, rc, out);
}

static int cmd_show(struct cli *c, const char *org)
{
	if (c->npos != 3)
		return err_setm(&c->e, ERR_INVALID, "ID", "cli.incident_id", NULL);
	return print_read(c, &(struct read){.kind = READ_SHOW, .org = org, .id = c->pos[2]});
}

/* The DORA report in the ESAs' JSON (--format dora-json), or with --check its filing checklist. */
static int dora_report(struct cli *c, const char *org, const char *id, const char *report, bool check, bool json)
{
	struct rules rs;
	int rc = load_rules(c, &rs);
	if (rc)
		return rc;
	json_t *doc = NULL, *missing = NULL;
	if (!(rc = cli_check_unused(c)) && !(rc = cli_open(c))) {
		struct app x = cli_app(c);
		rc = app_incident_dora(&x, org, id, report, &rs, &doc, &missing);
	}
	rules_free(&rs);
	if (rc) {
		if (!strcmp(c->e.field, "report"))
			snprintf(c->e.field, sizeof c->e.field, "--report");
		return shell_error(c, rc);
	}
	size_t n = json_array_size(missing);
	if (check) {
		json_decref(doc);
		if (json) {
			cli_print(json_pack("{sssbsO}", "report", report, "complete", n == 0, "missing", missing));
		} else {
			char *text = dora_ir_checklist_text(missing, report);
			cli_print_text(text);
		}
		json_decref(missing);
		return n ? 1 : 0;
	}
	if (n) {
		json_t *m0 = json_array_get(missing, 0);
		err_setm(&c->e, ERR_INVALID, json_string_value(json_object_get(m0, "fill")),
			 n == 1 ? "cli.dora_incomplete_one" : "cli.dora_incomplete", "report", report, "count",
			 err_num((char[24]){0}, (long long)n), "field", json_string_value(json_object_get(m0, "field")),
			 "@what", json_string_value(json_object_get(m0, "code")), "id", id, "org", org, NULL);
		json_decref(doc);
		json_decref(missing);
		return ERR_INVALID;
	}
	json_decref(missing);
	return cli_print(doc);
}

/* skjold incident report ID --regime R --report NAME [--format json|text|dora-json|pdf|docx] [--check] [--out FILE] */
static int cmd_incident_report(struct cli *c, const char *org)
{
	if (c->npos != 3)
		return err_setm(&c->e, ERR_INVALID, "ID", "cli.incident_id", NULL);
	const char *rg = cli_get(c, "regime"), *report = cli_get(c, "report"), *format = cli_get(c, "format");
	bool check = cli_get(c, "check") != NULL;
	int r = rg ? regime_parse(rg) : -1;
	if (r < 0)
		return err_setm(&c->e, ERR_INVALID, "--regime", "cli.regime_required2", NULL);
	bool dora_json = format && !strcmp(format, "dora-json");
	if (r == REGIME_DORA && (dora_json || check))
		return dora_report(c, org, c->pos[2], report, check, format && !strcmp(format, "json"));
	if (dora_json)
		return err_setm(&c->e, ERR_INVALID, "--format", "cli.dora_json", NULL);
	if (!report || !increport_exists(r, report))
		return err_setm(&c->e, ERR_INVALID, "--report", "cli.report_of", "regime", rg, NULL);
	enum doc_format df = DOC_PDF;
	bool doc = format && !doc_format_parse(format, &df) && (df == DOC_PDF || df == DOC_DOCX);
	if (format && !doc && strcmp(format, "json") && strcmp(format, "text"))
		return err_setm(&c->e, ERR_INVALID, "--format", "cli.incident_report_format", NULL);
	if (cli_get(c, "out") && !doc)
		return err_setm(&c->e, ERR_INVALID, "--out", "cli.out_pdf_docx", NULL);
	json_t *out;
	int rc = run_read(c, &(struct read){.kind = READ_REPORT, .org = org, .id = c->pos[2], .regime = r, .report = report},
			  &out);
	if (rc)
		return rc;
	if (check) {
		size_t n = json_array_size(json_object_get(out, "missing"));
		char *text = increport_checklist_text(out);
		json_decref(out);
		cli_print_text(text);
		return n ? 1 : 0;
	}
	if (doc) {
		char *bytes;
		size_t len;
		rc = increport_render(out, df, &bytes, &len, &c->e);
		json_decref(out);
		return rc ? rc : cli_print_bytes(c, bytes, len);
	}
	if (!format || strcmp(format, "text"))
		return cli_print(out);
	char *text = increport_text(out);
	json_decref(out);
	return cli_print_text(text);
}

int cmd_incident(struct cli *c)
{
	const char *sub = c->npos > 1 ? c->pos[1] : "";
	if (c->help || !*sub)
		return cli_usage(usage);
	const char *org;
	int rc = cli_org(c, &org);
	if (rc)
		return rc;
	if (!strcmp(sub, "add"))
		return cmd_add(c, org);
	if (!strcmp(sub, "update"))
		return cmd_update(c, org);
	if (!strcmp(sub, "submit"))
		return cmd_submit(c, org);
	if (!strcmp(sub, "show"))
		return cmd_show(c, org);
	if (!strcmp(sub, "list")) {
		const char *status = cli_get(c, "status");
		return print_read(c, &(struct read){.kind = READ_LIST, .org = org, .status = status});
	}
	if (!strcmp(sub, "report"))
		return cmd_incident_report(c, org);
	if (!strcmp(sub, "recurring"))
		return print_read(c, &(struct read){.kind = READ_RECURRING, .org = org});
	return err_setm(&c->e, ERR_INVALID, sub, "cli.incident_command", "command", sub, NULL);
}

int cmd_deadlines(struct cli *c)
{
	if (c->help)
		return cli_usage("usage: skjold deadlines [--org ID] [--rules DIR] [--format json|xlsx] [--out FILE]\n"
				 "  Every open reporting obligation across all incidents (of one organisation, or all),\n"
				 "  sorted by due instant with the overdue ones first.  Conditional reports (the\n"
				 "  verdict hangs on unknown facts) are included and marked.\n");
	const char *only = cli_get(c, "org");
	return print_read(c, &(struct read){.kind = READ_DEADLINES, .org = only});
}
