/*
 * cmd_map.c — questions about the dependency map from the shell: what fails
 * if X fails (impact) and what alone can stop a critical process or service
 * (spof).  The answers are the use cases of app_view.c; this adapter reads
 * the command line and names a field as the shell does (the node as typed,
 * --target).
 */
#include <stdio.h>
#include <string.h>

#include "app_view.h"
#include "cli.h"

int cmd_impact(struct cli *c)
{
	if (c->help || c->npos < 2)
		return cli_usage("usage: skjold impact NODE [NODE…] --org ID\n"
				 "  Which nodes fail if the given nodes fail: a node fails when a required dependency\n"
				 "  fails or every member of one of its redundancy groups fails. Cycles are handled.\n");
	const char *org;
	int rc = cli_org(c, &org);
	if (rc || (rc = cli_check_unused(c)) || (rc = cli_open(c)))
		return rc;
	struct app x = cli_app(c);
	json_t *out;
	rc = app_view_impact(&x, org, c->pos + 1, (size_t)(c->npos - 1), &out);
	size_t k;
	/* the shell names a missing node by itself, as typed */
	if (rc == ERR_NOTFOUND && sscanf(c->e.field, "nodes[%zu]", &k) == 1 && k + 1 < (size_t)c->npos)
		snprintf(c->e.field, sizeof c->e.field, "%s", c->pos[k + 1]);
	return rc ? rc : cli_print(out);
}

int cmd_spof(struct cli *c)
{
	if (c->help)
		return cli_usage("usage: skjold spof --org ID [--target NODE]\n"
				 "  Single points of failure: for each critical process or service (NIS2/DORA critical,\n"
				 "  or effective criticality Kritisk), the nodes whose failure alone stops it.\n");
	const char *org, *target = cli_get(c, "target");
	int rc = cli_org(c, &org);
	if (rc || (rc = cli_check_unused(c)) || (rc = cli_open(c)))
		return rc;
	struct app x = cli_app(c);
	json_t *out;
	rc = app_view_spof(&x, org, target, &out);
	if (rc == ERR_NOTFOUND && !strcmp(c->e.field, "target"))
		snprintf(c->e.field, sizeof c->e.field, "--target");
	return rc ? rc : cli_print(out);
}
