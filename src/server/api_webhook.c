/*
 * api_webhook.c — the API's webhook routes (docs/webhooks.md): an
 * organisation's endpoints, and its forum's when it is the forum's
 * secretariat, their delivery log and a signed ping, for the organisation's
 * admins.  The handlers are adapters of app_webhook.c.  The table runs
 * without the request's transaction (api.c): each use case keeps its own,
 * and the ping must commit its delivery before it POSTs it.
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "app_webhook.h"
#include "role.h"

/* Whose endpoints: /orgs/{org}/webhooks… or /orgs/{org}/forums/{forum}/webhooks… */
static struct app_webhook_owner owner(struct api *x)
{
	bool forum = strstr(x->r->path, "/forums/") != NULL;
	return (struct app_webhook_owner){x->param[0], forum ? x->param[1] : NULL};
}

/* The endpoint's id: the last path parameter of the routes that name one. */
static const char *hook_id(struct api *x)
{
	return x->nparam ? x->param[x->nparam - 1] : NULL;
}

static int h_webhooks(struct api *x)
{
	struct app a = api_app(x);
	struct app_webhook_owner o = owner(x);
	return app_webhook_list(&a, &o, &x->out);
}

static int h_webhook_add(struct api *x)
{
	struct app a = api_app(x);
	struct app_webhook_owner o = owner(x);
	int rc = app_webhook_create(&a, &o, x->body, &x->out);
	if (!rc)
		x->status = 201;
	return rc;
}

static int h_webhook_show(struct api *x)
{
	struct app a = api_app(x);
	struct app_webhook_owner o = owner(x);
	return app_webhook_show(&a, &o, hook_id(x), &x->out);
}

static int h_webhook_patch(struct api *x)
{
	struct app a = api_app(x);
	struct app_webhook_owner o = owner(x);
	return app_webhook_update(&a, &o, hook_id(x), x->body, &x->out);
}

static int h_webhook_delete(struct api *x)
{
	struct app a = api_app(x);
	struct app_webhook_owner o = owner(x);
	json_t *out = NULL;
	int rc = app_webhook_remove(&a, &o, hook_id(x), &out);
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
	struct app_webhook_owner o = owner(x);
	return app_webhook_deliveries(&a, &o, hook_id(x), (int)n, &x->out);
}

static int h_webhook_test(struct api *x)
{
	struct app_webhook_config c;
	app_webhook_config_default(&c);
	struct app a = api_app(x);
	struct app_webhook_owner o = owner(x);
	return app_webhook_test(&a, &o, hook_id(x), &c, &x->out);
}

/* The same seven routes for an organisation's endpoints and for its forum's (crisis events; the
 * organisation must be the forum's secretariat). */
#define HOOK_ROUTES(P)                                                                         \
	{"GET", P, h_webhooks, API_ORG, PERM_ADMIN},                                           \
	{"POST", P, h_webhook_add, API_ORG | API_BODY, PERM_ADMIN},                            \
	{"GET", P "/{id}", h_webhook_show, API_ORG, PERM_ADMIN},                               \
	{"PATCH", P "/{id}", h_webhook_patch, API_ORG | API_BODY, PERM_ADMIN},                 \
	{"DELETE", P "/{id}", h_webhook_delete, API_ORG, PERM_ADMIN},                          \
	{"GET", P "/{id}/deliveries", h_webhook_deliveries, API_ORG, PERM_ADMIN},              \
	{"POST", P "/{id}/test", h_webhook_test, API_ORG, PERM_ADMIN}
const struct api_route api_webhook_routes[] = {
	HOOK_ROUTES("/api/v1/orgs/{org}/webhooks"),
	HOOK_ROUTES("/api/v1/orgs/{org}/forums/{forum}/webhooks"),
	{NULL, NULL, NULL, 0, 0},
};
#undef HOOK_ROUTES
