/*
 * cmd_roi.c — the DORA Register of Information from the shell (app_roi.h):
 * show, set, update, check, export and import.
 */
#include <stdio.h>
#include <sys/stat.h>
#include <string.h>

#include "app_roi.h"
#include "cli.h"
#include "date.h"

#define MAX_PACKAGE ((size_t)64 << 20)

static const char usage[] =
	"usage: skjold roi show --org ID                      the register (docs/roi.md)\n"
	"       skjold roi set FILE|- --org ID [--if-version V]   replace the register\n"
	"       skjold roi update FILE|- --org ID [--if-version V] merge into it (RFC 7386)\n"
	"       skjold roi check --org ID [--as-of DATE]      the EBA's rules over the register (exit 1 on any)\n"
	"       skjold roi check FILE.zip                     the same over a package\n"
	"       skjold roi export --org ID [--as-of DATE] [--level CON|IND] --out FILE.zip|DIR\n"
	"           the xBRL-CSV report package (EBA DORA 4.0); refused while roi check fails\n"
	"       skjold roi import FILE.zip --org ID           read a package into the register, all or nothing\n"
	"  --as-of: the reference date, default 31 December of last year.\n";

static int shell_field(struct cli *c, int rc)
{
	if (rc && !strcmp(c->e.field, "org"))
		snprintf(c->e.field, sizeof c->e.field, "--org");
	else if (rc && !strcmp(c->e.field, "level"))
		snprintf(c->e.field, sizeof c->e.field, "--level");
	return rc;
}

static int as_of(struct cli *c, int32_t *out)
{
	const char *s = cli_get(c, "as_of");
	*out = DATE_NONE;
	if (s && date_parse(s, out))
		return err_setm(&c->e, ERR_INVALID, "--as-of", "cli.as_of", NULL);
	return 0;
}

static int print_check(json_t *res)
{
	int failed = !json_is_true(json_object_get(res, "ok"));
	cli_print(res);
	return failed;
}

static int check(struct cli *c)
{
	if (c->npos > 2) {
		char *data;
		size_t len;
		int rc = cli_check_unused(c);
		if (rc || (rc = cli_read_file(c, c->pos[2], MAX_PACKAGE, &data, &len)) || (rc = cli_open(c)))
			return rc;
		struct app x = cli_app(c);
		json_t *res;
		if ((rc = app_roi_check_file(&x, data, len, &res)))
			return rc;
		return print_check(res);
	}
	const char *org;
	int32_t d;
	int rc = cli_org(c, &org);
	if (rc || (rc = as_of(c, &d)) || (rc = cli_check_unused(c)) || (rc = cli_open(c)))
		return rc;
	struct app x = cli_app(c);
	json_t *res;
	if ((rc = shell_field(c, app_roi_check(&x, org, d, &res))))
		return rc;
	return print_check(res);
}

static int export(struct cli *c)
{
	const char *org, *level = cli_get(c, "level");
	int32_t d;
	int rc = cli_org(c, &org);
	if (rc || (rc = as_of(c, &d)))
		return rc;
	if (!cli_get(c, "out"))
		return err_setm(&c->e, ERR_INVALID, "--out", "cli.roi_out", NULL);
	if ((rc = cli_check_unused(c)) || (rc = cli_open(c)))
		return rc;
	struct app x = cli_app(c);
	struct app_roi_package p;
	rc = shell_field(c, app_roi_export(&x, org, d, level, &p));
	if (rc) {
		if (p.violations)
			cli_print(json_pack("{sO}", "violations", p.violations));
		app_roi_package_free(&p);
		return rc;
	}
	char *bytes = p.bytes;
	p.bytes = NULL;
	size_t len = p.len;
	/* --out DIR: the file gets the package's own name, as the EBA's filing rules ask */
	const char *out = cli_get(c, "out");
	struct stat sb;
	char *path = stat(out, &sb) == 0 && S_ISDIR(sb.st_mode) ? arena_printf(&c->a, "%s/%s", out, p.name)
								 : arena_strdup(&c->a, out);
	fprintf(stderr, "skjold: %s -> %s\n", p.name, path);
	app_roi_package_free(&p);
	return cli_write_file(c, path, bytes, len);
}

static int import(struct cli *c)
{
	const char *org;
	char *data;
	size_t len;
	if (c->npos < 3)
		return cli_usage(usage);
	int rc = cli_org(c, &org);
	if (rc || (rc = cli_check_unused(c)) || (rc = cli_read_file(c, c->pos[2], MAX_PACKAGE, &data, &len)) ||
	    (rc = cli_open(c)))
		return rc;
	struct app x = cli_app(c);
	json_t *res;
	rc = shell_field(c, app_roi_import(&x, org, data, len, &res));
	if (rc) {
		if (res)
			cli_print(res);
		return rc;
	}
	return cli_print(res);
}

static int write(struct cli *c, enum app_mode mode)
{
	const char *org, *ifv = cli_get(c, "if_version");
	if (c->npos < 3)
		return cli_usage(usage);
	int rc = cli_org(c, &org);
	json_t *doc;
	if (rc || (rc = cli_check_unused(c)) || (rc = cli_read_json(c, c->pos[2], &doc)))
		return rc;
	if ((rc = cli_open(c))) {
		json_decref(doc);
		return rc;
	}
	struct app x = cli_app(c);
	json_t *out;
	rc = shell_field(c, app_roi_write(&x, org, mode, doc, ifv, &out));
	json_decref(doc);
	return rc ? rc : cli_print(out);
}

int cmd_roi(struct cli *c)
{
	const char *sub = c->npos > 1 ? c->pos[1] : "";
	if (c->help || !*sub)
		return cli_usage(usage);
	if (!strcmp(sub, "show")) {
		const char *org;
		int rc = cli_org(c, &org);
		if (rc || (rc = cli_check_unused(c)) || (rc = cli_open(c)))
			return rc;
		struct app x = cli_app(c);
		json_t *out;
		return (rc = shell_field(c, app_roi_show(&x, org, &out))) ? rc : cli_print(out);
	}
	if (!strcmp(sub, "set"))
		return write(c, APP_REPLACE);
	if (!strcmp(sub, "update"))
		return write(c, APP_MERGE);
	if (!strcmp(sub, "check"))
		return check(c);
	if (!strcmp(sub, "export"))
		return export(c);
	if (!strcmp(sub, "import"))
		return import(c);
	return err_setm(&c->e, ERR_INVALID, sub, "cli.roi_command", "command", sub, NULL);
}
