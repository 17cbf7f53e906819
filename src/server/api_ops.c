/*
 * api_ops.c — the health checks a load balancer or an orchestrator asks
 * (issue 16, docs/operations.md "Health checks").
 *
 * GET /healthz: the process is up and answering; it touches no database, so
 * a slow or locked database never makes a load balancer restart a process
 * that is merely waiting.  GET /readyz: this worker's database connection
 * answers a query and the database's schema is the one this build writes
 * (a restore of a newer backup or a newer skjold beside it would not be),
 * else 503 with the reason.  Both are outside /api/v1 (the names the
 * tools expect), need no caller, and are marked API_NOSTORE: api.c runs
 * them before any caller, transaction or cache, so they are as cheap as an
 * answer can be and count against no login throttle.
 */
#include "api.h"

static int h_healthz(struct api *x)
{
	x->out = json_pack("{ss}", "status", "ok");
	return 0;
}

static int h_readyz(struct api *x)
{
	struct errinfo e = {0};
	int schema = 0, schema_max = 0;
	int rc = http_store(&x->st, &e);
	if (!rc)
		rc = store_schema(x->st, &schema, &schema_max, &e);
	if (!rc && schema != schema_max)
		rc = err_setm(&e, ERR_CHECK, "", "store.schema_mismatch", "schema", err_num((char[24]){0}, schema), "max",
			      err_num((char[24]){0}, schema_max), NULL);
	if (rc) {
		x->status = 503;
		x->out = json_pack("{ssss}", "status", "unavailable", "reason", e.message);
		return 0;
	}
	x->out = json_pack("{sssi}", "status", "ok", "schema", schema);
	return 0;
}

const struct api_route api_ops_routes[] = {
	{"GET", "/healthz", h_healthz, API_PUBLIC | API_NOSTORE, 0},
	{"GET", "/readyz", h_readyz, API_PUBLIC | API_NOSTORE, 0},
	{NULL, NULL, NULL, 0, 0},
};
