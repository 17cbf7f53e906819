/*
 * cmd_io.c — moving whole organisations in and out: import, export,
 * import-csv, and the shipped threat catalogue.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "increc.h"
#include "embed.h"
#include "import.h"
#include "json_io.h"
#include "orgview.h"
#include "report.h"

#define MAX_DOCUMENT ((size_t)1 << 31)

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
	struct writer w = cli_writer(c);
	json_t *summary;
	rc = import_document(&w, doc, &summary, &c->e);
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
	struct orgview v;
	if (org) {
		if ((rc = orgview_load(&v, c->st, org, c->today, &c->e)))
			return rc;
		json_t *doc = orgdoc_export(&v), *inc;
		orgview_free(&v);
		if ((rc = increc_export(c->st, org, &c->a, &inc, &c->e))) {
			json_decref(doc);
			return rc;
		}
		json_object_set_new(doc, "incidents", inc);
		return cli_print(doc);
	}
	struct org *orgs;
	size_t n;
	if ((rc = store_org_list(c->st, &c->a, &orgs, &n, &c->e)))
		return rc;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		if ((rc = orgview_load(&v, c->st, orgs[i].id, c->today, &c->e))) {
			json_decref(arr);
			return rc;
		}
		json_t *doc = orgdoc_export(&v), *inc;
		orgview_free(&v);
		if ((rc = increc_export(c->st, orgs[i].id, &c->a, &inc, &c->e))) {
			json_decref(doc);
			json_decref(arr);
			return rc;
		}
		json_object_set_new(doc, "incidents", inc);
		json_array_append_new(arr, doc);
	}
	return cli_print(json_pack("{siso}", "skjold", 1, "organisations", arr));
}

int cmd_import_csv(struct cli *c)
{
	if (c->help || c->npos < 3)
		return cli_usage("usage: skjold import-csv nodes|edges|risks FILE|- [--org ID]\n"
				 "  A header row names the columns (docs/orgdoc.md); UTF-8, ';' or ',' separated.\n"
				 "  Without --org, an 'org' column names each row's organisation.\n"
				 "  One transaction: any bad row changes nothing and is named by row and column.\n");
	const char *what = c->pos[1];
	enum csv_kind kind;
	if (!strcmp(what, "nodes"))
		kind = CSV_NODES;
	else if (!strcmp(what, "edges"))
		kind = CSV_EDGES;
	else if (!strcmp(what, "risks"))
		kind = CSV_RISKS;
	else
		return err_set(&c->e, ERR_INVALID, what, "import-csv takes nodes, edges or risks, not '%s'", what);
	const char *org = cli_get(c, "org");
	int rc = cli_check_unused(c);
	char *data;
	size_t len;
	if (rc || (rc = cli_read_file(c, c->pos[2], MAX_DOCUMENT, &data, &len)) || (rc = cli_open(c)))
		return rc;
	struct writer w = cli_writer(c);
	json_t *summary;
	rc = import_csv(&w, kind, org, data, len, &summary, &c->e);
	return rc ? rc : cli_print(summary);
}

int cmd_threat_catalogue(struct cli *c)
{
	const char *verb = c->npos > 1 ? c->pos[1] : "";
	const struct embedded_file *f = embed_find("rules/threats-default.json");
	ASSERT(f);
	json_t *cat = json_loadb(f->data, f->len, 0, NULL);
	ASSERT(cat);
	int rc = 0;
	if (!strcmp(verb, "catalogue")) {
		if (c->help) {
			json_decref(cat);
			return cli_usage("usage: skjold threat catalogue\n  The shipped all-hazards threat catalogue.\n");
		}
		if ((rc = cli_check_unused(c))) {
			json_decref(cat);
			return rc;
		}
		return cli_print(cat);
	}
	/* load-defaults: copy the catalogue into an organisation, keeping its own entries */
	if (c->help) {
		json_decref(cat);
		return cli_usage("usage: skjold threat load-defaults --org ID\n"
				 "  Add the shipped catalogue's threats the organisation does not have yet.\n");
	}
	const char *org;
	if ((rc = cli_org(c, &org)) || (rc = cli_check_unused(c)) || (rc = cli_open(c))) {
		json_decref(cat);
		return rc;
	}
	struct threat *have;
	size_t nhave, added = 0;
	rc = store_threat_list(c->st, org, &c->a, &have, &nhave, &c->e);
	json_t *list = json_object_get(cat, "threats");
	struct writer w = cli_writer(c);
	rc = rc ? rc : store_begin(c->st, &c->e);
	for (size_t i = 0; !rc && i < json_array_size(list); i++) {
		struct threat t;
		char path[64];
		snprintf(path, sizeof path, "threats[%zu]", i);
		rc = json_io_threat(json_array_get(list, i), path, &c->a, &t, &c->e);
		bool exists = false;
		for (size_t k = 0; !rc && k < nhave; k++)
			exists |= !strcmp(have[k].id, t.id);
		if (!rc && !exists) {
			rc = edit_threat_put(&w, org, &t, &c->e);
			added++;
		}
	}
	if (rc)
		store_rollback(c->st);
	else
		rc = store_commit(c->st, &c->e);
	json_decref(cat);
	return rc ? rc : cli_print(json_pack("{sssI}", "organisation", org, "threats_added", (json_int_t)added));
}
