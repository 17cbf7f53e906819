/*
 * cmd_io.c — moving whole organisations in and out from the shell: import,
 * export, import-csv, and the shipped threat catalogue.
 *
 * The shell's adapter of app_io.c: it reads the FILE argument (or stdin),
 * turns the options into the use case's request, and prints the result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_io.h"
#include "cli.h"

#define MAX_DOCUMENT ((size_t)1 << 31)

/* The shell names the organisation by its option, where the use case names the request's field. */
static int shell_field(struct cli *c, int rc)
{
	if (rc && !strcmp(c->e.field, "org"))
		snprintf(c->e.field, sizeof c->e.field, "--org");
	return rc;
}

int cmd_import(struct cli *c)
{
	if (c->help || c->npos < 2)
		return cli_usage("usage: skjold import FILE|-\n"
				 "  Load an organisation document (docs/orgdoc.md), or {\"organisations\": [...]}.\n"
				 "  All or nothing: any error changes nothing and names the JSON path.\n"
				 "  An existing organisation is replaced; its previous state stays in the audit log.\n");
	int rc = cli_check_unused(c);
	if (rc)
		return rc;
	json_t *doc;
	if ((rc = cli_read_json(c, c->pos[1], &doc)))
		return rc;
	if ((rc = cli_open(c))) {
		json_decref(doc);
		return rc;
	}
	struct app x = cli_app(c);
	json_t *summary;
	rc = shell_field(c, app_io_import(&x, &(struct app_import){.doc = doc}, &summary));
	json_decref(doc);
	return rc ? rc : cli_print(summary);
}

int cmd_export(struct cli *c)
{
	if (c->help)
		return cli_usage("usage: skjold export [--org ID]\n"
				 "  Write the organisation document with derived fields (as of --now); without --org,\n"
				 "  every organisation as {\"skjold\": 1, \"organisations\": [...]}.\n");
	const char *org = cli_get(c, "org");
	int rc = cli_check_unused(c);
	if (rc || (rc = cli_open(c)))
		return rc;
	struct app x = cli_app(c);
	json_t *doc;
	return (rc = shell_field(c, app_io_export(&x, org, &doc))) ? rc : cli_print(doc);
}

int cmd_import_csv(struct cli *c)
{
	if (c->help || c->npos < 3)
		return cli_usage("usage: skjold import-csv nodes|edges|risks FILE|- [--org ID]\n"
				 "  A header row names the columns (docs/orgdoc.md); UTF-8, ';' or ',' separated.\n"
				 "  Without --org, an 'org' column names each row's organisation.\n"
				 "  One transaction: any bad row changes nothing and is named by row and column.\n");
	const char *what = c->pos[1];
	int kind = app_io_csv_kind_parse(what);
	if (kind < 0)
		return err_setm(&c->e, ERR_INVALID, what, "cli.import_csv_what", "what", what, NULL);
	struct app_import_csv req = {.kind = (enum csv_kind)kind, .org = cli_get(c, "org")};
	int rc = cli_check_unused(c);
	char *data;
	if (rc || (rc = cli_read_file(c, c->pos[2], MAX_DOCUMENT, &data, &req.len)) || (rc = cli_open(c)))
		return rc;
	req.data = data;
	struct app x = cli_app(c);
	json_t *summary;
	rc = shell_field(c, app_io_import_csv(&x, &req, &summary));
	return rc ? rc : cli_print(summary);
}

int cmd_threat_catalogue(struct cli *c)
{
	const char *verb = c->npos > 1 ? c->pos[1] : "";
	struct app x = cli_app(c);
	json_t *out;
	int rc;
	if (!strcmp(verb, "catalogue")) {
		if (c->help)
			return cli_usage("usage: skjold threat catalogue\n  The shipped all-hazards threat catalogue.\n");
		if ((rc = cli_check_unused(c)) || (rc = app_io_threat_catalogue(&x, &out)))
			return rc;
		return cli_print(out);
	}
	/* load-defaults: copy the catalogue into an organisation, keeping its own entries */
	if (c->help)
		return cli_usage("usage: skjold threat load-defaults --org ID\n"
				 "  Add the shipped catalogue's threats the organisation does not have yet.\n");
	const char *org;
	if ((rc = cli_org(c, &org)) || (rc = cli_check_unused(c)) || (rc = cli_open(c)))
		return rc;
	x = cli_app(c);
	return (rc = shell_field(c, app_io_threat_load_defaults(&x, org, &out))) ? rc : cli_print(out);
}
