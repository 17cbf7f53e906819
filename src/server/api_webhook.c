/*
 * api_webhook.c — the API's webhook routes (docs/webhooks.md): an
 * organisation's endpoints, their delivery log and a signed ping, for its
 * admins.  The handlers are adapters of app_webhook.c.  The table runs
 * without the request's transaction (api.c): each use case keeps its own,
 * and the ping must commit its delivery before it POSTs it.
 */
#include <stdlib.h>

#include "api.h"
#include "app_webhook.h"
#include "role.h"

static int h_webhooks(struct api *x)
{
	struct app a = api_app(x);
	return app_webhook_list(&a, x->param[0], &x->out);
}

static int h_webhook_add(struct api *x)
{
	struct app a = api_app(x);
	int rc = app_webhook_create(&a, x->param[0], x->body, &x->out);
	if (!rc)
		x->status = 201;
	return rc;
}

static int h_webhook_show(struct api *x)
{
	struct app a = api_app(x);
	return app_webhook_show(&a, x->param[0], x->param[1], &x->out);
}

static int h_webhook_patch(struct api *x)
{
	struct app a = api_app(x);
	return app_webhook_update(&a, x->param[0], x->param[1], x->body, &x->out);
}

static int h_webhook_delete(struct api *x)
{
	struct app a = api_app(x);
	json_t *out = NULL;
	int rc = app_webhook_remove(&a, x->param[0], x->param[1], &out);
	json_decref(out);
	if (!rc)
		x->status = 204;
	return rc;
}

static int h_webhook_deliveries(struct api *x)
{
	const char *lim = http_query(x->r, "limit");
	char *end = NULL;
	long n = lim ? strtol(lim, &end, 10) : 100;
	if (lim && (*end || n < 1 || n > 1000))
		return err_setm(x->e, ERR_INVALID, "limit", "list.limit", "max", "1000", NULL);
	struct app a = api_app(x);
	return app_webhook_deliveries(&a, x->param[0], x->param[1], (int)n, &x->out);
}

static int h_webhook_test(struct api *x)
{
	struct app_webhook_config c;
	app_webhook_config_default(&c);
	struct app a = api_app(x);
	return app_webhook_test(&a, x->param[0], x->param[1], &c, &x->out);
}

#define W "/api/v1/orgs/{org}/webhooks"
const struct api_route api_webhook_routes[] = {
	{"GET", W, h_webhooks, API_ORG, PERM_ADMIN},
	{"POST", W, h_webhook_add, API_ORG | API_BODY, PERM_ADMIN},
	{"GET", W "/{id}", h_webhook_show, API_ORG, PERM_ADMIN},
	{"PATCH", W "/{id}", h_webhook_patch, API_ORG | API_BODY, PERM_ADMIN},
	{"DELETE", W "/{id}", h_webhook_delete, API_ORG, PERM_ADMIN},
	{"GET", W "/{id}/deliveries", h_webhook_deliveries, API_ORG, PERM_ADMIN},
	{"POST", W "/{id}/test", h_webhook_test, API_ORG, PERM_ADMIN},
	{NULL, NULL, NULL, 0, 0},
};
#undef W
