/*
 * cmd_serve.c — `skjold serve`, and the shell's user and token commands.
 *
 * A fresh database gets one system administrator, "admin", with a one-time
 * password printed once (stderr, and as JSON on stdout), holding the admin
 * role in every organisation present; at first login it must choose a
 * password and enrol TOTP.  `user` and `token` let an operator do the same
 * from the shell (recovery at 03:00 when nobody can log in).
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "cli.h"
#include "http.h"
#include "role.h"

static int first_admin(struct cli *c, const char *listen)
{
	struct user_rec *u;
	size_t n;
	int rc = store_user_list(c->st, &c->a, &u, &n, &c->e);
	if (rc || n)
		return rc;
	char *pw;
	struct org *orgs;
	size_t norgs;
	if ((rc = store_begin(c->st, &c->e)))
		return rc;
	rc = auth_user_create(c->st, "admin", "Administrator", true, c->now_ms, &c->a, &pw, &c->e);
	if (!rc)
		rc = store_org_list(c->st, &c->a, &orgs, &norgs, &c->e);
	for (size_t i = 0; !rc && i < norgs; i++) {
		struct member_rec m = {"admin", orgs[i].id, "admin"};
		rc = store_member_put(c->st, &m, &c->e);
	}
	if (!rc)
		rc = audit_record(c->st, c->actor, c->now_ms, "create", "user", NULL, "admin", NULL,
				  "{\"name\":\"admin\",\"admin\":true,\"first_run\":true}", &c->e);
	if (!rc)
		rc = store_commit(c->st, &c->e);
	if (rc) {
		store_rollback(c->st);
		return rc;
	}
	fprintf(stderr, "skjold: first-run login: admin / %s  (at http%s://%s/ — change it at first login)\n", pw,
		cli_get(c, "tls_cert") ? "s" : "", listen);
	return 0;
}

int cmd_serve(struct cli *c)
{
	if (c->help)
		return cli_usage(
			"usage: skjold serve [--listen ADDR:PORT] [--tls-cert FILE --tls-key FILE] [--threads N]\n"
			"                    [--max-connections N] [--max-per-ip N] [--max-head-per-ip N]\n"
			"                    [--header-timeout-s N] [--body-timeout-s N] [--timeout-s N]\n"
			"       skjold serve --routes     (print the API's routes)\n"
			"  The HTTP API (/api/v1, docs/api.md) and the web UI, on 127.0.0.1:8080 by default.\n"
			"  A fresh database gets a system administrator 'admin' with a one-time password.\n"
			"  SIGTERM or SIGINT stops it after the requests in flight.\n"
			"  Slow clients (a connection over a limit is closed at once; one past a deadline is cut):\n"
			"    --max-connections N   open at once, in all (4096; fewer if the open-file limit is lower)\n"
			"    --max-per-ip N        open at once from one client address (128)\n"
			"    --max-head-per-ip N   from one address, still sending their first request head (64)\n"
			"    --header-timeout-s N  from the connect, or the previous answer, to the whole head (10)\n"
			"    --body-timeout-s N    from the end of the head to the whole body (60)\n"
			"    --timeout-s N         a connection that sends and reads nothing for this long (30)\n");
	if (cli_get(c, "routes")) {
		api_routes_print();
		return 0;
	}
	struct http_config cfg = {
		.listen = cli_get(c, "listen"), .tls_cert = cli_get(c, "tls_cert"), .tls_key = cli_get(c, "tls_key"),
		.db = c->db, .max_connections = 0, .max_per_ip = HTTP_MAX_PER_IP, .max_head_per_ip = HTTP_MAX_HEAD_PER_IP,
		.header_timeout_s = HTTP_HEADER_TIMEOUT_S, .body_timeout_s = HTTP_BODY_TIMEOUT_S, .timeout_s = HTTP_TIMEOUT_S,
	};
	if (!cfg.listen)
		cfg.listen = "127.0.0.1:8080";
	static const char *const nums[] = {"threads",	 "max_connections",  "max_per_ip", "max_head_per_ip",
					   "header_timeout_s", "body_timeout_s", "timeout_s"};
	int *fields[] = {&cfg.threads,		 &cfg.max_connections, &cfg.max_per_ip, &cfg.max_head_per_ip,
			 &cfg.header_timeout_s, &cfg.body_timeout_s,  &cfg.timeout_s};
	for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
		const char *v = cli_get(c, nums[i]);
		if (!v)
			continue;
		char *end;
		long n = strtol(v, &end, 10);
		if (*end || n < 1 || n > 100000) {
			char f[40];
			snprintf(f, sizeof f, "--%s", nums[i]);
			for (char *p = f; *p; p++)
				if (*p == '_')
					*p = '-';
			return err_set(&c->e, ERR_INVALID, f, "%s must be a whole number from 1 to 100000", f);
		}
		*fields[i] = (int)n;
	}
	/* --now shifts the server's clock: it starts at that instant and runs on (tests) */
	cfg.fixed_now_ms = c->now_given ? c->now_ms : 0;
	int rc = cli_check_unused(c);
	if (rc || (rc = cli_open(c)) || (rc = first_admin(c, cfg.listen)))
		return rc;
	store_close(c->st);
	c->st = NULL;
	return http_serve(&cfg, &c->e);
}
