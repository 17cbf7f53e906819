/*
 * api_roi.c — the register of information over HTTP: the server's adapter of
 * the use cases in app_roi.c (docs/api.md#register-of-information).
 *
 * The register is read with the organisation (read), written by whoever
 * keeps its map (map), and imported from a package by its admin: an import
 * adds nodes and edges and replaces the whole register.
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "app_roi.h"
#include "date.h"
#include "role.h"
#include "roi_codes.h"

/* ?as_of=YYYY-MM-DD, DATE_NONE when absent. */
static int as_of(struct api *x, int32_t *d)
{
	const char *s = http_query(x->r, "as_of");
	*d = DATE_NONE;
	if (s && date_parse(s, d))
		return err_setm(x->e, ERR_INVALID, "as_of", "input.date", "key", "as_of", NULL);
	return 0;
}

static int h_show(struct api *x)
{
	struct app a = api_app(x);
	return app_roi_show(&a, x->param[0], &x->out);
}

static int write(struct api *x, enum app_mode mode)
{
	struct app a = api_app(x);
	int rc = app_roi_write(&a, x->param[0], mode, x->body, http_header(x->r, "If-Match"), &x->out);
	if (rc == ERR_STALE)
		snprintf(x->e->field, sizeof x->e->field, "If-Match");
	return rc;
}

static int h_put(struct api *x)
{
	return write(x, APP_REPLACE);
}

static int h_patch(struct api *x)
{
	return write(x, APP_MERGE);
}

static int h_check(struct api *x)
{
	int32_t d;
	int rc = as_of(x, &d);
	if (rc)
		return rc;
	struct app a = api_app(x);
	return app_roi_check(&a, x->param[0], d, &x->out);
}

static int h_package(struct api *x)
{
	int32_t d;
	int rc = as_of(x, &d);
	if (rc)
		return rc;
	struct app a = api_app(x);
	struct app_roi_package p;
	rc = app_roi_export(&a, x->param[0], d, http_query(x->r, "level"), &p);
	if (!rc) {
		x->text = p.bytes;
		x->text_len = p.len;
		x->text_type = "application/zip";
		x->text_name = arena_strdup(x->a, p.name);
		p.bytes = NULL;
	}
	app_roi_package_free(&p);
	return rc;
}

static int h_import(struct api *x)
{
	struct app a = api_app(x);
	json_t *out = NULL;
	int rc = app_roi_import(&a, x->param[0], x->r->body ? x->r->body : "", x->r->body_len, &out);
	if (rc) {
		json_decref(out);
		return rc;
	}
	x->out = out;
	return 0;
}

/* The closed lists (formats/eba-roi/codes.json): the UI's choices and labels. */
static int h_codes(struct api *x)
{
	x->out = json_incref(roi_codes_json());
	return 0;
}

static int h_check_file(struct api *x)
{
	struct app a = api_app(x);
	return app_roi_check_file(&a, x->r->body ? x->r->body : "", x->r->body_len, &x->out);
}

const struct api_route api_roi_routes[] = {
	{"GET", "/api/v1/orgs/{org}/roi", h_show, API_ORG | API_CACHE, PERM_READ},
	{"PUT", "/api/v1/orgs/{org}/roi", h_put, API_ORG | API_BODY | API_PRECOND, PERM_MAP},
	{"PATCH", "/api/v1/orgs/{org}/roi", h_patch, API_ORG | API_BODY | API_PRECOND, PERM_MAP},
	{"GET", "/api/v1/orgs/{org}/roi/check", h_check, API_ORG | API_CACHE, PERM_READ},
	{"GET", "/api/v1/orgs/{org}/roi/package", h_package, API_ORG, PERM_READ},
	{"POST", "/api/v1/orgs/{org}/roi/import", h_import, API_ORG | API_RAW, PERM_ADMIN},
	{"POST", "/api/v1/roi/check", h_check_file, API_RAW, 0},
	{"GET", "/api/v1/formats/eba-roi/codes", h_codes, API_CACHE, 0},
	{NULL, NULL, NULL, 0, 0},
};
