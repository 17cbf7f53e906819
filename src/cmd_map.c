/*
 * cmd_map.c — questions about the dependency map: what fails if X fails
 * (impact) and what alone can stop a critical process or service (spof).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "json_io.h"
#include "orgview.h"

static json_t *node_brief(const struct orgview *v, uint32_t i)
{
	const struct node *n = &v->nodes[i];
	return json_pack("{ssssssss}", "id", n->id, "kind", node_kind_name(n->kind), "name", n->name,
			 "effective_criticality", level_name(v->node_eval[i].level));
}

/* Why node x failed: the dependency whose failure took it down, and whether a redundancy group ran out. */
static json_t *failure_reason(const struct orgview *v, uint32_t x, uint32_t cause)
{
	const char *group = NULL;
	for (uint32_t k = v->graph.dep_off[x]; k < v->graph.dep_off[x + 1]; k++)
		if (v->graph.dep_dst[k] == cause && v->graph.dep_slot[k] != GRAPH_NONE) {
			for (size_t e = 0; e < v->nedges; e++)
				if (!strcmp(v->edges[e].from, v->nodes[x].id) && !strcmp(v->edges[e].to, v->nodes[cause].id))
					group = v->edges[e].group;
		}
	if (group) {
		char how[300];
		snprintf(how, sizeof how, "every member of redundancy group '%s' failed", group);
		return json_pack("{ssss}", "because", v->nodes[cause].id, "how", how);
	}
	return json_pack("{ssss}", "because", v->nodes[cause].id, "how", "required dependency failed");
}

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
	struct orgview v;
	if ((rc = orgview_load(&v, c->st, org, c->today, &c->e)))
		return rc;
	uint32_t seeds[CLI_MAX_POS];
	uint32_t nseeds = 0;
	for (int i = 1; i < c->npos && !rc; i++) {
		long x = orgview_node(&v, c->pos[i]);
		if (x < 0)
			rc = err_set(&c->e, ERR_NOTFOUND, c->pos[i], "no node '%s' in %s", c->pos[i], org);
		else
			seeds[nseeds++] = (uint32_t)x;
	}
	if (rc) {
		orgview_free(&v);
		return rc;
	}
	const uint32_t *failed;
	uint32_t n = graph_impact(&v.graph, &v.scratch, seeds, nseeds, GRAPH_NONE, &failed);
	json_t *list = json_array(), *stopped = json_array(), *crit = json_array();
	for (uint32_t i = nseeds; i < n; i++) {
		uint32_t x = failed[i];
		json_t *o = node_brief(&v, x);
		json_object_update_new(o, failure_reason(&v, x, v.scratch.cause[x]));
		json_array_append_new(list, o);
		if (v.nodes[x].kind == NODE_PROCESS || v.nodes[x].kind == NODE_SERVICE) {
			json_array_append_new(stopped, json_string(v.nodes[x].id));
			if (v.node_eval[x].critical)
				json_array_append_new(crit, json_string(v.nodes[x].id));
		}
	}
	json_t *failing = json_array();
	for (uint32_t i = 0; i < nseeds; i++)
		json_array_append_new(failing, node_brief(&v, seeds[i]));
	json_t *out = json_pack("{sssososososIs[s]}", "organisation", org, "failing", failing, "fails", list,
				"processes_and_services_stopped", stopped, "critical_stopped", crit, "count",
				(json_int_t)(n - nseeds), "organisations_hit", org);
	orgview_free(&v);
	return cli_print(out);
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
	struct orgview v;
	if ((rc = orgview_load(&v, c->st, org, c->today, &c->e)))
		return rc;
	long only = -1;
	if (target && (only = orgview_node(&v, target)) < 0) {
		orgview_free(&v);
		return err_set(&c->e, ERR_NOTFOUND, "--target", "no node '%s' in %s", target, org);
	}
	uint32_t *buf = xmalloc(sizeof *buf * (v.nnodes + 1));
	json_t *arr = json_array();
	for (size_t i = 0; i < v.nnodes; i++) {
		if (only >= 0 ? (long)i != only : !v.node_eval[i].critical)
			continue;
		uint32_t n = graph_spof(&v.graph, &v.scratch, (uint32_t)i, buf);
		json_t *list = json_array();
		for (uint32_t k = 0; k < n; k++)
			json_array_append_new(list, node_brief(&v, buf[k]));
		json_t *o = node_brief(&v, (uint32_t)i);
		json_object_set_new(o, "single_points_of_failure", list);
		json_array_append_new(arr, o);
	}
	free(buf);
	orgview_free(&v);
	return cli_print(arr);
}
