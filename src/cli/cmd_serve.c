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
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sys/stat.h>

#include "api_saml.h"
#include "app_sso.h"
#include "audit.h"
#include "audit_syslog.h"
#include "auth.h"
#include "cli.h"
#include "hookd.h"
#include "http.h"
#include "log.h"
#include "oidc_provider.h"
#include "role.h"
#include "saml.h"

/* The audit log's first entry that names an organisation: the one the database started with. */
struct first_org {
	struct arena *a;
	char *org;
};
static int first_org_seen(void *ctx, const struct audit_entry *x)
{
	struct first_org *f = ctx;
	if (!f->org && x->org && *x->org)
		f->org = arena_strdup(f->a, x->org);
	return 0;
}

/*
 * The first-run administrator: an administrator of every organisation then in the database, at
 * home in the one the database started with (the first the audit log names; make run imports
 * the municipality first, so that is where the demo opens), printed with a one-time password.
 */
static int first_admin(struct cli *c, const char *listen, bool tls)
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
		struct member_rec m = {"admin", orgs[i].id, "admin", 0};
		rc = store_member_put(c->st, &m, &c->e);
	}
	struct first_org home = {&c->a, NULL};
	if (!rc && norgs)
		rc = store_audit_scan(c->st, NULL, NULL, NULL, first_org_seen, &home, &c->e);
	bool exists = false; /* the organisation may have been deleted since */
	for (size_t i = 0; home.org && i < norgs; i++)
		exists = exists || !strcmp(orgs[i].id, home.org);
	if (!exists)
		home.org = NULL;
	if (!rc && home.org) {
		struct user_rec admin;
		if (!(rc = store_user_get(c->st, "admin", &c->a, &admin, &c->e))) {
			admin.home_org = home.org;
			rc = store_user_put(c->st, &admin, NULL, &c->e);
		}
	}
	if (!rc) {
		json_t *j = json_pack("{sssbsbso}", "name", "admin", "admin", 1, "first_run", 1, "home_org",
				      home.org ? json_string(home.org) : json_null());
		char *after = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(j);
		rc = after ? audit_record(c->st, c->actor, c->now_ms, "create", "user", NULL, "admin", NULL, after, &c->e)
			   : err_setm(&c->e, ERR_NOMEM, "", "error.nomem", NULL);
		free(after);
	}
	if (!rc)
		rc = store_commit(c->st, &c->e);
	if (rc) {
		store_rollback(c->st);
		return rc;
	}
	fprintf(stderr, "skjold: first-run login: admin / %s  (at http%s://%s/ — change it at first login)\n", pw,
		tls ? "s" : "", listen);
	return 0;
}

/*
 * The client secret from [oidc] client_secret_file: the file's first line.  A
 * file every user may read is refused: the secret is the client's password.
 */
static int secret_file(struct cli *c, const char *path, const char **out)
{
	FILE *f = fopen(path, "r");
	struct stat st;
	if (!f)
		return err_setm(&c->e, ERR_INVALID, "oidc.client_secret_file", "sso.secret_read", "path", path, NULL);
	char line[1024] = "";
	bool open_to_all = !fstat(fileno(f), &st) && (st.st_mode & S_IROTH);
	bool read = fgets(line, sizeof line, f) != NULL;
	fclose(f);
	line[strcspn(line, "\r\n")] = 0;
	if (open_to_all)
		return err_setm(&c->e, ERR_INVALID, "oidc.client_secret_file", "sso.secret_readable", "path", path, NULL);
	if (!read || !*line)
		return err_setm(&c->e, ERR_INVALID, "oidc.client_secret_file", "sso.secret_empty", "path", path, NULL);
	*out = arena_strdup(&c->a, line);
	sodium_memzero(line, sizeof line);
	return 0;
}

/* Single sign-on's settings ([oidc], docs/sso.md) checked and handed to the server; off when none is given. */
static int serve_sso(struct cli *c)
{
	static struct sso_config sso; /* read by every worker for the server's life */
	const struct config *k = &c->cfg;
	int rc = config_check_oidc(k, &c->e);
	if (rc || !config_text(k, CONFIG_OIDC_ISSUER))
		return rc;
	sso = (struct sso_config){
		.issuer = config_text(k, CONFIG_OIDC_ISSUER),
		.client_id = config_text(k, CONFIG_OIDC_CLIENT_ID),
		.client_secret = config_text(k, CONFIG_OIDC_CLIENT_SECRET),
		.redirect_uri = config_text(k, CONFIG_OIDC_REDIRECT_URI),
		.username_claim = config_text(k, CONFIG_OIDC_USERNAME_CLAIM),
		.groups_claim = config_text(k, CONFIG_OIDC_GROUPS_CLAIM),
		.api_audience = config_text(k, CONFIG_OIDC_API_AUDIENCE),
		.skew_s = config_num(k, CONFIG_OIDC_CLOCK_SKEW_S),
	};
	const char *file = config_text(k, CONFIG_OIDC_CLIENT_SECRET_FILE);
	if (file && (rc = secret_file(c, file, &sso.client_secret)))
		return rc;
	const char *map = config_text(k, CONFIG_OIDC_GROUP_MAP);
	if (map && (rc = sso_map_parse(map, &c->a, "oidc.group_map", &sso.map, &c->e))) /* checked when it was set */
		return rc;
	oidc_provider_init();
	app_sso_configure(&sso);
	return 0;
}

/* SAML's settings ([saml], docs/sso.md#saml): the files read, the SP built, handed to the server; off when none is given. */
static int serve_saml(struct cli *c)
{
	static struct sso_config sso; /* read by every worker for the server's life */
	const struct config *k = &c->cfg;
	int rc = config_check_saml(k, &c->e);
	if (rc || !config_text(k, CONFIG_SAML_SP_ENTITY_ID))
		return rc;
	const char *key_file = config_text(k, CONFIG_SAML_SP_KEY_FILE);
	struct stat st;
	if (!stat(key_file, &st) && (st.st_mode & S_IROTH))
		return err_setm(&c->e, ERR_INVALID, "--saml-sp-key-file", "config.saml_key_readable", "path", key_file, NULL);
	char *key, *cert, *meta;
	size_t n;
	if ((rc = cli_read_file(c, key_file, 1 << 20, &key, &n)) ||
	    (rc = cli_read_file(c, config_text(k, CONFIG_SAML_SP_CERT_FILE), 1 << 20, &cert, &n)) ||
	    (rc = cli_read_file(c, config_text(k, CONFIG_SAML_IDP_METADATA_FILE), 4 << 20, &meta, &n)))
		return rc;
	struct saml_settings ss = {.sp_entity_id = config_text(k, CONFIG_SAML_SP_ENTITY_ID),
				   .acs_url = config_text(k, CONFIG_SAML_ACS_URL),
				   .sp_key_pem = key,
				   .sp_cert_pem = cert,
				   .idp_metadata_xml = meta,
				   .skew_s = config_num(k, CONFIG_SAML_CLOCK_SKEW_S)};
	rc = saml_init(&ss, &c->e);
	sodium_memzero(key, strlen(key));
	if (rc)
		return rc;
	sso = (struct sso_config){
		.issuer = saml_idp(),
		.username_claim = config_text(k, CONFIG_SAML_USERNAME_ATTRIBUTE),
		.groups_claim = config_text(k, CONFIG_SAML_GROUPS_ATTRIBUTE),
		.skew_s = config_num(k, CONFIG_SAML_CLOCK_SKEW_S),
	};
	if ((rc = sso_map_parse(config_text(k, CONFIG_SAML_GROUP_MAP), &c->a, "--saml-group-map", &sso.map, &c->e)))
		return rc;
	api_saml_configure(&sso);
	return 0;
}

/* The server's settings (c->cfg, flags included) into its configuration, the auth policy and the log level. */
static void serve_settings(struct cli *c, struct http_config *h)
{
	const struct config *k = &c->cfg;
	*h = (struct http_config){
		.listen = config_text(k, CONFIG_LISTEN),
		.tls_cert = config_text(k, CONFIG_TLS_CERT),
		.tls_key = config_text(k, CONFIG_TLS_KEY),
		.trusted_proxies = config_text(k, CONFIG_TRUSTED_PROXIES),
		.db = c->db,
		/* unset: one thread per CPU; the default limit is lowered to fit the open-file limit, a given one is not */
		.threads = config_given(k, CONFIG_THREADS) ? (int)config_num(k, CONFIG_THREADS) : 0,
		.max_connections = config_given(k, CONFIG_MAX_CONNECTIONS) ? (int)config_num(k, CONFIG_MAX_CONNECTIONS) : 0,
		.max_per_ip = (int)config_num(k, CONFIG_MAX_PER_IP),
		.max_head_per_ip = (int)config_num(k, CONFIG_MAX_HEAD_PER_IP),
		.header_timeout_s = (int)config_num(k, CONFIG_HEADER_TIMEOUT_S),
		.body_timeout_s = (int)config_num(k, CONFIG_BODY_TIMEOUT_S),
		.timeout_s = (int)config_num(k, CONFIG_TIMEOUT_S),
		/* --now shifts the server's clock: it starts at that instant and runs on (tests) */
		.fixed_now_ms = c->now_given ? c->now_ms : 0,
	};
	auth_policy_set(&(struct auth_policy){
		.session_lifetime_ms = config_num(k, CONFIG_SESSION_LIFETIME_S) * 1000LL,
		.session_idle_ms = config_num(k, CONFIG_SESSION_IDLE_S) * 1000LL,
		.lock_after = (int)config_num(k, CONFIG_LOCK_AFTER),
		.lock_base_ms = config_num(k, CONFIG_LOCK_BASE_S) * 1000LL,
		.lock_max_ms = config_num(k, CONFIG_LOCK_MAX_S) * 1000LL,
		.addr_max_failures = (int)config_num(k, CONFIG_ADDR_MAX_FAILURES),
		.addr_window_ms = config_num(k, CONFIG_ADDR_WINDOW_S) * 1000LL,
	});
	enum log_level level = LOG_LEVEL_INFO;
	(void)log_level_parse(config_text(k, CONFIG_LOG_LEVEL), &level); /* checked when it was set */
	log_level_set(level);
	if (log_on(LOG_LEVEL_DEBUG)) {
		json_t *j = json_pack("{ssso}", "server", "settings", "config", config_json(k));
		char *line = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
		if (line)
			fprintf(stderr, "%s\n", line);
		free(line);
		json_decref(j);
	}
}

int cmd_serve(struct cli *c)
{
	if (c->help)
		return cli_usage(
			"usage: skjold serve [--listen ADDR:PORT] [--tls-cert FILE --tls-key FILE] [--threads N]\n"
			"                    [--max-connections N] [--max-per-ip N] [--max-head-per-ip N]\n"
			"                    [--header-timeout-s N] [--body-timeout-s N] [--timeout-s N]\n"
			"                    [--session-… --throttle-… --log-level LEVEL]   (docs/configuration.md)\n"
			"       skjold serve --routes     (print the API's routes)\n"
			"  The HTTP API (/api/v1, docs/api.md) and the web UI, on 127.0.0.1:8080 by default.\n"
			"  A fresh database gets a system administrator 'admin' with a one-time password.\n"
			"  SIGTERM or SIGINT stops it after the requests in flight.\n"
			"  Every setting may also come from the environment or the configuration file\n"
			"  (--config FILE, default /etc/skjold/skjold.conf); `skjold config show` lists them.\n"
			"  Slow clients (a connection over a limit is closed at once; one past a deadline is cut):\n"
			"    --max-connections N   open at once, in all (4096; fewer if the open-file limit is lower)\n"
			"    --max-per-ip N        open at once from one client address (128)\n"
			"    --max-head-per-ip N   from one address, still sending their first request head (64)\n"
			"    --header-timeout-s N  from the connect, or the previous answer, to the whole head (10)\n"
			"    --body-timeout-s N    from the end of the head to the whole body (60)\n"
			"    --timeout-s N         a connection that sends and reads nothing for this long (30)\n"
			"  Sessions and login throttling:\n"
			"    --session-idle-timeout-s N      a session unused this long ends (3600)\n"
			"    --session-lifetime-s N          a session ends this long after login (43200)\n"
			"    --throttle-lock-after N         failed logins in a row that lock a user (5) ...\n"
			"    --throttle-lock-base-s N        ... for this long (30), doubling per failure ...\n"
			"    --throttle-lock-max-s N         ... up to this (900)\n"
			"    --throttle-addr-max-failures N  failed logins from one address ... (20)\n"
			"    --throttle-addr-window-s N      ... within this window, before it must wait (60)\n"
			"    --log-level LEVEL               error, warn, info (default) or debug\n"
			"  Audit entries by syslog (every command that writes; docs/operations.md, \"SIEM\"):\n"
			"    --syslog udp://HOST:PORT|tcp://HOST:PORT|unix:/PATH   forward each entry once committed\n"
			"    --syslog-format cef|json        the message (cef)\n"
			"    --syslog-facility NAME          the facility (authpriv)\n"
			"  Single sign-on by an OpenID Connect provider (docs/sso.md):\n"
			"    --oidc-issuer URL               the provider's issuer\n"
			"    --oidc-client-id ID, --oidc-client-secret S | --oidc-client-secret-file FILE,\n"
			"    --oidc-redirect-uri URL         skjold's client at the provider (the web sign-in)\n"
			"    --oidc-group-map MAP            GROUP=ORG:ROLE, ... : the roles the provider's groups give\n"
			"    --oidc-username-claim C         the new user's name (preferred_username)\n"
			"    --oidc-groups-claim C           the groups (groups)\n"
			"    --oidc-clock-skew-s N           the clocks' allowed difference (60)\n"
			"    --oidc-api-audience AUD         the API takes the provider's access tokens for AUD\n"
			"  Single sign-on by a SAML 2.0 IdP (docs/sso.md#saml):\n"
			"    --saml-sp-entity-id ID          skjold's entityID at the IdP\n"
			"    --saml-sp-key-file FILE, --saml-sp-cert-file FILE   skjold's signing key and certificate (PEM)\n"
			"    --saml-idp-metadata-file FILE   the IdP's metadata XML\n"
			"    --saml-acs-url URL              skjold's AssertionConsumerService (…/api/v1/auth/saml/acs)\n"
			"    --saml-group-map MAP            GROUP=ORG:ROLE, ... : the roles the IdP's groups give\n"
			"    --saml-username-attribute A     the new user's name (NameID)\n"
			"    --saml-groups-attribute A       the groups (http://schemas.xmlsoap.org/claims/Group)\n"
			"    --saml-clock-skew-s N           the clocks' allowed difference (60)\n"
			"  Webhooks (docs/webhooks.md):\n"
			"    --webhook-interval-s N          the deadline scan and a delivery pass every N s (30)\n"
			"    --webhook-backoff S,S,…         the retries' waits in seconds (60,300,1800,7200,21600)\n");
	if (cli_get(c, "routes")) {
		api_routes_print();
		return 0;
	}
	int rc = cli_config_flags(c);
	if (rc || (rc = cli_check_unused(c)))
		return rc;
	struct http_config cfg;
	serve_settings(c, &cfg);
	if ((rc = serve_sso(c)) || (rc = serve_saml(c)) || (rc = cli_open(c)) || (rc = first_admin(c, cfg.listen, cfg.tls_cert != NULL)))
		return rc;
	store_close(c->st);
	c->st = NULL;
	/* the webhook thread: the deadline scan and a delivery pass every [webhooks] interval_s */
	struct app_webhook_config wc;
	struct hookd *hooks = NULL;
	app_webhook_config_default(&wc);
	if ((rc = app_webhook_backoff_parse(config_text(&c->cfg, CONFIG_WEBHOOK_BACKOFF), "--webhook-backoff", &wc,
					    &c->e)) ||
	    (rc = hookd_start(c->db, &wc, config_num(&c->cfg, CONFIG_WEBHOOK_INTERVAL_S), &hooks, &c->e)))
		return rc;
	rc = http_serve(&cfg, &c->e);
	hookd_stop(hooks);
	if (config_text(&c->cfg, CONFIG_SYSLOG) && log_on(LOG_LEVEL_INFO)) { /* what syslog forwarding did, in all */
		uint64_t sent, dropped;
		audit_syslog_counts(&sent, &dropped);
		fprintf(stderr, "{\"syslog\":\"totals\",\"sent\":%llu,\"dropped\":%llu}\n", (unsigned long long)sent,
			(unsigned long long)dropped);
	}
	return rc;
}
