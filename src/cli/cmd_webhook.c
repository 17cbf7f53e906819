/*
 * cmd_webhook.c — `skjold webhook …`: an organisation's webhook endpoints,
 * their delivery log, a delivery pass from the shell (for cron and tests)
 * and a signed ping (docs/webhooks.md).  The use cases are app_webhook.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_webhook.h"
#include "cli.h"

/* A field of the use case the shell gives as an option ("url" is --url). */
static int as_option(struct cli *c, int rc)
{
	static const char *const opts[] = {"url", "events", "tlp", "enabled", "id", "forum", NULL};
	for (size_t i = 0; rc && opts[i]; i++) {
		size_t n = strlen(opts[i]);
		if (!strncmp(c->e.field, opts[i], n) && (!c->e.field[n] || c->e.field[n] == '[')) {
			char opt[sizeof c->e.field];
			snprintf(opt, sizeof opt, "--%s", c->e.field);
			snprintf(c->e.field, sizeof c->e.field, "%s", opt);
			break;
		}
	}
	return rc;
}

/* The delivery pass's settings: the schedule from the configuration (checked when it was set). */
static int pass_config(struct cli *c, struct app_webhook_config *wc)
{
	app_webhook_config_default(wc);
	const char *b = config_text(&c->cfg, CONFIG_WEBHOOK_BACKOFF);
	return b ? app_webhook_backoff_parse(b, "SKJOLD_WEBHOOK_BACKOFF", wc, &c->e) : 0;
}

/* skjold webhook add --org ID [--forum ID] --url URL --events E,E --tlp LEVEL [--id ID] [--enabled true|false] */
static int hook_add(struct cli *c, struct app *x, const struct app_webhook_owner *o)
{
	json_t *body = json_object();
	const char *url = cli_get(c, "url"), *events = cli_get(c, "events"), *tlp = cli_get(c, "tlp");
	const char *id = cli_get(c, "id"), *enabled = cli_get(c, "enabled");
	if (url)
		json_object_set_new(body, "url", json_string(url));
	if (tlp)
		json_object_set_new(body, "tlp", json_string(tlp));
	if (id)
		json_object_set_new(body, "id", json_string(id));
	if (enabled)
		json_object_set_new(body, "enabled", !strcmp(enabled, "true") ? json_true() :
						     !strcmp(enabled, "false") ? json_false() : json_string(enabled));
	if (events) {
		json_t *arr = json_array();
		char *copy = arena_strdup(&c->a, events), *save = NULL;
		for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
			json_array_append_new(arr, json_string(t));
		json_object_set_new(body, "events", arr);
	}
	json_t *out = NULL;
	int rc = cli_check_unused(c);
	if (!rc)
		rc = as_option(c, app_webhook_create(x, o, body, &out));
	json_decref(body);
	return rc ? rc : cli_print(out);
}

int cmd_webhook(struct cli *c)
{
	const char *verb = c->npos > 1 ? c->pos[1] : NULL;
	const char *id = c->npos > 2 ? c->pos[2] : NULL;
	if (c->help || !verb)
		return cli_usage(
			"usage: skjold webhook add --org ID [--forum ID] --url URL --events EVENT,… --tlp LEVEL\n"
			"                          [--id ID] [--enabled true|false]\n"
			"       skjold webhook list --org ID [--forum ID]\n"
			"       skjold webhook show ID --org ID [--forum ID]\n"
			"       skjold webhook remove ID --org ID [--forum ID]\n"
			"       skjold webhook deliveries ID --org ID [--forum ID] [--limit N]\n"
			"       skjold webhook test ID --org ID [--forum ID]   a signed ping, sent at once\n"
			"       skjold webhook deliver                the time-based events, then one delivery pass\n"
			"  Events of an organisation: incident.created, incident.classified, deadline.due_soon,\n"
			"  deadline.overdue, risk.above_appetite, treatment.overdue.  With --forum (the organisation\n"
			"  is the forum's secretariat): crisis.opened, crisis.closed, crisis.report_late.\n"
			"  LEVEL, the TLP ceiling: CLEAR, GREEN, AMBER, AMBER+STRICT or RED; an event labelled above it\n"
			"  is withheld, never sent.  The secret is printed once, by add.  Retries follow\n"
			"  [webhooks] backoff ($SKJOLD_WEBHOOK_BACKOFF, seconds: 60,300,1800,7200,21600).\n"
			"  docs/webhooks.md: the payload, its signature and how to verify it.\n");
	int rc = cli_open(c);
	if (rc)
		return rc;
	struct app x = cli_app(c);
	json_t *out = NULL;
	if (!strcmp(verb, "deliver")) {
		struct app_webhook_config wc;
		json_t *scan = NULL, *pass = NULL;
		if ((rc = cli_check_unused(c)) || (rc = pass_config(c, &wc)) || (rc = app_webhook_scan(&x, &scan)))
			return rc;
		if ((rc = app_webhook_deliver(&x, &wc, &pass))) {
			json_decref(scan);
			return rc;
		}
		return cli_print(json_pack("{soso}", "scan", scan, "deliveries", pass));
	}
	struct app_webhook_owner o = {NULL, cli_get(c, "forum")};
	if ((rc = cli_org(c, &o.org)))
		return rc;
	if (!strcmp(verb, "add"))
		return hook_add(c, &x, &o);
	if (!strcmp(verb, "list")) {
		if (!(rc = cli_check_unused(c)))
			rc = as_option(c, app_webhook_list(&x, &o, &out));
		return rc ? rc : cli_print(out);
	}
	if (strcmp(verb, "show") && strcmp(verb, "remove") && strcmp(verb, "deliveries") && strcmp(verb, "test"))
		return err_setm(&c->e, ERR_INVALID, verb, "cli.webhook_command", "command", verb, NULL);
	if (!id)
		return err_setm(&c->e, ERR_INVALID, "ID", "input.required_id", NULL);
	if (!strcmp(verb, "deliveries")) {
		const char *lim = cli_get(c, "limit");
		char *end = NULL;
		long n = lim ? strtol(lim, &end, 10) : 100;
		if (lim && (*end || n < 1 || n > 1000))
			return err_setm(&c->e, ERR_INVALID, "--limit", "cli.webhook_limit", NULL);
		if (!(rc = cli_check_unused(c)))
			rc = app_webhook_deliveries(&x, &o, id, (int)n, &out);
	} else if ((rc = cli_check_unused(c))) {
		return rc;
	} else if (!strcmp(verb, "show")) {
		rc = app_webhook_show(&x, &o, id, &out);
	} else if (!strcmp(verb, "remove")) {
		rc = app_webhook_remove(&x, &o, id, &out);
	} else {
		struct app_webhook_config wc;
		if (!(rc = pass_config(c, &wc)))
			rc = app_webhook_test(&x, &o, id, &wc, &out);
	}
	return rc ? as_option(c, rc) : cli_print(out);
}
