/*
 * config.c — the settings table, the configuration file, the environment
 * and the flags (config.h; the keys in docs/configuration.md).
 *
 * One table, settings[], names every setting once: its section and key,
 * variable, flag, kind, range and default.  Everything else — parsing,
 * checking, `skjold config show`, the docs' list — follows the table, so a
 * setting cannot be in one place and missing from another.
 *
 * The file is parsed by libinih through a reader of our own
 * (read_line), which is what keeps the rules strict and the errors exact:
 *  - it counts lines, so an error names its line (the Debian build of
 *    libinih hands the handler none);
 *  - it strips leading blanks, so an indented key is a key, never the
 *    "continuation" of the line before it (libinih's multi-line values);
 *  - it refuses a line too long for libinih's buffer rather than let it be
 *    split into two lines;
 *  - it sees section headers, so an unknown section is refused even when no
 *    key follows it.
 * Parsing stops at the first error; libinih's own syntax errors (a line
 * that is no section, key or comment) are reported at their line too, the
 * earlier of the two when both occur.
 *
 * A value is checked where it enters, with the words of its source: the
 * file ("FILE:LINE", "[server] threads"), the variable, or the flag.
 */
#include "config.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audit_syslog.h"
#include "app_webhook.h"
#include "auth.h"
#include "oidc.h"
#include "buf.h"
#include "http.h"
#include "log.h"
#include "proxy.h"
#include "sso_map.h"

enum { T_TEXT, T_NUM, T_LISTEN, T_LEVEL, T_PROXIES, T_SYSLOG, T_SYSLOG_FORMAT, T_FACILITY, T_URL, T_GROUPMAP, T_BACKOFF };

/* a number a client could pass far beyond any sensible server (the flags' range since issue 13) */
#define NUM_MAX 100000L
#define DAY_S 86400L
/* twenty settings fit in a few kilobytes; a larger file is a mistake, not a configuration */
#define CONFIG_FILE_MAX (1 << 20)

static const struct config_setting settings[CONFIG_N] = {
	[CONFIG_DB] = {"database", "path", "SKJOLD_DB", "--db", true, true, T_TEXT, 0, 0, "skjold.db", 0},
	[CONFIG_ACTOR] = {"cli", "actor", "SKJOLD_ACTOR", "--actor", true, false, T_TEXT, 0, 0, NULL, 0},
	[CONFIG_LISTEN] = {"server", "listen", "SKJOLD_LISTEN", "--listen", false, false, T_LISTEN, 0, 0,
			   "127.0.0.1:8080", 0},
	[CONFIG_TLS_CERT] = {"server", "tls_cert", "SKJOLD_TLS_CERT", "--tls-cert", false, false, T_TEXT, 0, 0, NULL, 0},
	[CONFIG_TLS_KEY] = {"server", "tls_key", "SKJOLD_TLS_KEY", "--tls-key", false, false, T_TEXT, 0, 0, NULL, 0},
	[CONFIG_THREADS] = {"server", "threads", "SKJOLD_THREADS", "--threads", false, false, T_NUM, 1, NUM_MAX, NULL, 0},
	[CONFIG_MAX_CONNECTIONS] = {"server", "max_connections", "SKJOLD_MAX_CONNECTIONS", "--max-connections", false,
				    false, T_NUM, 1, NUM_MAX, NULL, HTTP_MAX_CONNECTIONS},
	[CONFIG_MAX_PER_IP] = {"server", "max_per_ip", "SKJOLD_MAX_PER_IP", "--max-per-ip", false, false, T_NUM, 1,
			       NUM_MAX, NULL, HTTP_MAX_PER_IP},
	[CONFIG_MAX_HEAD_PER_IP] = {"server", "max_head_per_ip", "SKJOLD_MAX_HEAD_PER_IP", "--max-head-per-ip", false,
				    false, T_NUM, 1, NUM_MAX, NULL, HTTP_MAX_HEAD_PER_IP},
	[CONFIG_HEADER_TIMEOUT_S] = {"server", "header_timeout_s", "SKJOLD_HEADER_TIMEOUT_S", "--header-timeout-s",
				     false, false, T_NUM, 1, NUM_MAX, NULL, HTTP_HEADER_TIMEOUT_S},
	[CONFIG_BODY_TIMEOUT_S] = {"server", "body_timeout_s", "SKJOLD_BODY_TIMEOUT_S", "--body-timeout-s", false,
				   false, T_NUM, 1, NUM_MAX, NULL, HTTP_BODY_TIMEOUT_S},
	[CONFIG_TIMEOUT_S] = {"server", "timeout_s", "SKJOLD_TIMEOUT_S", "--timeout-s", false, false, T_NUM, 1, NUM_MAX,
			      NULL, HTTP_TIMEOUT_S},
	[CONFIG_TRUSTED_PROXIES] = {"server", "trusted_proxies", "SKJOLD_TRUSTED_PROXIES", "--trusted-proxies", false,
				    false, T_PROXIES, 0, 0, NULL, 0},
	[CONFIG_SESSION_IDLE_S] = {"session", "idle_timeout_s", "SKJOLD_SESSION_IDLE_TIMEOUT_S",
				   "--session-idle-timeout-s", false, false, T_NUM, 1, DAY_S, NULL,
				   AUTH_SESSION_IDLE_S},
	[CONFIG_SESSION_LIFETIME_S] = {"session", "lifetime_s", "SKJOLD_SESSION_LIFETIME_S", "--session-lifetime-s",
				       false, false, T_NUM, 1, 7 * DAY_S, NULL, AUTH_SESSION_LIFETIME_S},
	[CONFIG_LOCK_AFTER] = {"throttle", "lock_after", "SKJOLD_THROTTLE_LOCK_AFTER", "--throttle-lock-after", false,
			       false, T_NUM, 1, 100, NULL, AUTH_LOCK_AFTER},
	[CONFIG_LOCK_BASE_S] = {"throttle", "lock_base_s", "SKJOLD_THROTTLE_LOCK_BASE_S", "--throttle-lock-base-s",
				false, false, T_NUM, 1, DAY_S, NULL, AUTH_LOCK_BASE_S},
	[CONFIG_LOCK_MAX_S] = {"throttle", "lock_max_s", "SKJOLD_THROTTLE_LOCK_MAX_S", "--throttle-lock-max-s", false,
			       false, T_NUM, 1, DAY_S, NULL, AUTH_LOCK_MAX_S},
	[CONFIG_ADDR_MAX_FAILURES] = {"throttle", "addr_max_failures", "SKJOLD_THROTTLE_ADDR_MAX_FAILURES",
				      "--throttle-addr-max-failures", false, false, T_NUM, 1, 1000, NULL,
				      AUTH_ADDR_MAX_FAILURES},
	[CONFIG_ADDR_WINDOW_S] = {"throttle", "addr_window_s", "SKJOLD_THROTTLE_ADDR_WINDOW_S",
				  "--throttle-addr-window-s", false, false, T_NUM, 1, DAY_S, NULL, AUTH_ADDR_WINDOW_S},
	[CONFIG_LOG_LEVEL] = {"log", "level", "SKJOLD_LOG_LEVEL", "--log-level", false, false, T_LEVEL, 0, 0, "info", 0},
	/* every command that writes forwards its audit entries, the shell's as well as the server's */
	[CONFIG_SYSLOG] = {"audit", "syslog", "SKJOLD_SYSLOG", "--syslog", true, false, T_SYSLOG, 0, 0, NULL, 0},
	[CONFIG_SYSLOG_FORMAT] = {"audit", "syslog_format", "SKJOLD_SYSLOG_FORMAT", "--syslog-format", true, false,
				  T_SYSLOG_FORMAT, 0, 0, "cef", 0},
	[CONFIG_SYSLOG_FACILITY] = {"audit", "syslog_facility", "SKJOLD_SYSLOG_FACILITY", "--syslog-facility", true,
				    false, T_FACILITY, 0, 0, "authpriv", 0},
	[CONFIG_OIDC_ISSUER] = {"oidc", "issuer", "SKJOLD_OIDC_ISSUER", "--oidc-issuer", false, false, T_URL, 0, 0, NULL, 0},
	[CONFIG_OIDC_CLIENT_ID] = {"oidc", "client_id", "SKJOLD_OIDC_CLIENT_ID", "--oidc-client-id", false, false, T_TEXT,
				   0, 0, NULL, 0},
	[CONFIG_OIDC_CLIENT_SECRET] = {"oidc", "client_secret", "SKJOLD_OIDC_CLIENT_SECRET", "--oidc-client-secret",
				       false, true, T_TEXT, 0, 0, NULL, 0},
	[CONFIG_OIDC_CLIENT_SECRET_FILE] = {"oidc", "client_secret_file", "SKJOLD_OIDC_CLIENT_SECRET_FILE",
					    "--oidc-client-secret-file", false, false, T_TEXT, 0, 0, NULL, 0},
	[CONFIG_OIDC_REDIRECT_URI] = {"oidc", "redirect_uri", "SKJOLD_OIDC_REDIRECT_URI", "--oidc-redirect-uri", false,
				      false, T_URL, 0, 0, NULL, 0},
	[CONFIG_OIDC_USERNAME_CLAIM] = {"oidc", "username_claim", "SKJOLD_OIDC_USERNAME_CLAIM", "--oidc-username-claim",
					false, false, T_TEXT, 0, 0, "preferred_username", 0},
	[CONFIG_OIDC_GROUPS_CLAIM] = {"oidc", "groups_claim", "SKJOLD_OIDC_GROUPS_CLAIM", "--oidc-groups-claim", false,
				      false, T_TEXT, 0, 0, "groups", 0},
	[CONFIG_OIDC_GROUP_MAP] = {"oidc", "group_map", "SKJOLD_OIDC_GROUP_MAP", "--oidc-group-map", false, false,
				   T_GROUPMAP, 0, 0, NULL, 0},
	[CONFIG_OIDC_CLOCK_SKEW_S] = {"oidc", "clock_skew_s", "SKJOLD_OIDC_CLOCK_SKEW_S", "--oidc-clock-skew-s", false,
				      false, T_NUM, 0, OIDC_SKEW_MAX_S, NULL, OIDC_SKEW_DEFAULT_S},
	[CONFIG_OIDC_API_AUDIENCE] = {"oidc", "api_audience", "SKJOLD_OIDC_API_AUDIENCE", "--oidc-api-audience", false,
				      false, T_TEXT, 0, 0, NULL, 0},
	/* docs/sso.md#saml: SAML 2.0 single sign-on (src/access/saml.c) */
	[CONFIG_SAML_SP_ENTITY_ID] = {"saml", "sp_entity_id", "SKJOLD_SAML_SP_ENTITY_ID", "--saml-sp-entity-id", false,
				      false, T_TEXT, 0, 0, NULL, 0},
	[CONFIG_SAML_SP_KEY_FILE] = {"saml", "sp_key_file", "SKJOLD_SAML_SP_KEY_FILE", "--saml-sp-key-file", false, false,
				     T_TEXT, 0, 0, NULL, 0},
	[CONFIG_SAML_SP_CERT_FILE] = {"saml", "sp_cert_file", "SKJOLD_SAML_SP_CERT_FILE", "--saml-sp-cert-file", false,
				      false, T_TEXT, 0, 0, NULL, 0},
	[CONFIG_SAML_IDP_METADATA_FILE] = {"saml", "idp_metadata_file", "SKJOLD_SAML_IDP_METADATA_FILE",
					   "--saml-idp-metadata-file", false, false, T_TEXT, 0, 0, NULL, 0},
	[CONFIG_SAML_ACS_URL] = {"saml", "acs_url", "SKJOLD_SAML_ACS_URL", "--saml-acs-url", false, false, T_URL, 0, 0,
				 NULL, 0},
	[CONFIG_SAML_USERNAME_ATTRIBUTE] = {"saml", "username_attribute", "SKJOLD_SAML_USERNAME_ATTRIBUTE",
					    "--saml-username-attribute", false, false, T_TEXT, 0, 0, "NameID", 0},
	[CONFIG_SAML_GROUPS_ATTRIBUTE] = {"saml", "groups_attribute", "SKJOLD_SAML_GROUPS_ATTRIBUTE",
					  "--saml-groups-attribute", false, false, T_TEXT, 0, 0,
					  "http://schemas.xmlsoap.org/claims/Group", 0},
	[CONFIG_SAML_GROUP_MAP] = {"saml", "group_map", "SKJOLD_SAML_GROUP_MAP", "--saml-group-map", false, false,
				   T_GROUPMAP, 0, 0, NULL, 0},
	[CONFIG_SAML_CLOCK_SKEW_S] = {"saml", "clock_skew_s", "SKJOLD_SAML_CLOCK_SKEW_S", "--saml-clock-skew-s", false,
				      false, T_NUM, 0, OIDC_SKEW_MAX_S, NULL, OIDC_SKEW_DEFAULT_S},
	/* docs/webhooks.md: the retries' schedule, and how often serve runs a delivery pass */
	[CONFIG_WEBHOOK_BACKOFF] = {"webhooks", "backoff", "SKJOLD_WEBHOOK_BACKOFF", "--webhook-backoff", false, false,
				    T_BACKOFF, 0, 0, "60,300,1800,7200,21600", 0},
	[CONFIG_WEBHOOK_INTERVAL_S] = {"webhooks", "interval_s", "SKJOLD_WEBHOOK_INTERVAL_S", "--webhook-interval-s",
				       false, false, T_NUM, 1, DAY_S, NULL, 30},
};

static const char *const sections[] = {"database", "cli", "server", "session", "throttle", "log", "audit", "oidc",
				       "saml", "webhooks"};
#define NSECTIONS (sizeof sections / sizeof sections[0])

const struct config_setting *config_setting(enum config_id id)
{
	ASSERT((unsigned)id < CONFIG_N);
	return &settings[id];
}

void config_init(struct config *cfg, struct arena *a, const char *user, const char *path)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->a = a;
	const char *env = getenv("SKJOLD_CONFIG");
	if (path) {
		cfg->path = path;
		cfg->path_from = CONFIG_FROM_FLAG;
	} else if (env && *env) {
		cfg->path = env;
		cfg->path_from = CONFIG_FROM_ENV;
	} else {
		cfg->path = CONFIG_DEFAULT_PATH;
	}
	for (int i = 0; i < CONFIG_N; i++) {
		cfg->v[i].text = settings[i].type == T_NUM && settings[i].def_num
					 ? arena_printf(a, "%ld", settings[i].def_num)
					 : settings[i].def;
		cfg->v[i].num = settings[i].def_num;
	}
	cfg->v[CONFIG_ACTOR].text = arena_printf(a, "%s@cli", user && *user ? user : "unknown");
}

bool config_url_ok(const char *url)
{
	if (!strncmp(url, "https://", 8))
		return url[8] && url[8] != '/' && !strpbrk(url, " \t\r\n#");
	static const char *const loopback[] = {"http://127.0.0.1", "http://[::1]", "http://localhost"};
	for (size_t i = 0; i < sizeof loopback / sizeof loopback[0]; i++) {
		size_t n = strlen(loopback[i]);
		if (!strncmp(url, loopback[i], n) && (!url[n] || strchr(":/", url[n])) && !strpbrk(url, " \t\r\n#"))
			return true;
	}
	return false;
}

/*
 * Check and set one value.  field is what cli_fail prints first (the
 * file:line, variable or flag), who names the setting in the message.
 */
static int set_value(struct config *cfg, enum config_id id, const char *value, enum config_source from, int line,
		     const char *field, const char *who, struct errinfo *e)
{
	const struct config_setting *s = &settings[id];
	long num = 0;
	if (!*value)
		return err_setm(e, ERR_INVALID, field, "config.empty", "setting", who, NULL);
	if (s->type == T_NUM) {
		char *end;
		errno = 0;
		num = strtol(value, &end, 10);
		if (*value < '0' || *value > '9' || *end || errno || num < s->min || num > s->max)
			return err_setm(e, ERR_INVALID, field, "config.number", "setting", who, "min",
					err_num((char[24]){0}, s->min), "max", err_num((char[24]){0}, s->max), "given", value,
					NULL);
	} else if (s->type == T_LISTEN) {
		struct errinfo le = {0};
		if (http_listen_check(value, &le))
			return err_setm_in(e, ERR_INVALID, field, &le, "config.listen", "setting", who, "given", value, NULL);
	} else if (s->type == T_PROXIES) {
		struct proxy_list pl;
		struct errinfo pe = {0};
		if (proxy_list_parse(value, &pl, field, &pe))
			return err_setm_in(e, ERR_INVALID, field, &pe, "config.proxies", "setting", who, NULL);
	} else if (s->type == T_URL) {
		if (!config_url_ok(value))
			return err_setm(e, ERR_INVALID, field, "config.url", "setting", who, "given", value, NULL);
	} else if (s->type == T_GROUPMAP) {
		struct sso_map m;
		struct errinfo me = {0};
		if (sso_map_parse(value, cfg->a, field, &m, &me))
			return err_setm_in(e, ERR_INVALID, field, &me, "config.group_map", "setting", who, NULL);
	} else if (s->type == T_LEVEL) {
		enum log_level level;
		if (log_level_parse(value, &level))
			return err_setm(e, ERR_INVALID, field, "config.log_level", "setting", who, "given", value, NULL);
	} else if (s->type == T_SYSLOG) {
		struct audit_syslog_target t;
		char why[160];
		if (audit_syslog_target_parse(value, &t, why, sizeof why))
			return err_setm(e, ERR_INVALID, field, "config.syslog", "setting", who, "given", value, "reason", why,
					NULL);
	} else if (s->type == T_SYSLOG_FORMAT) {
		enum audit_format f;
		if (audit_syslog_format_parse(value, &f))
			return err_setm(e, ERR_INVALID, field, "config.syslog_format", "setting", who, "given", value, NULL);
	} else if (s->type == T_FACILITY) {
		int fac;
		if (audit_syslog_facility_parse(value, &fac))
			return err_setm(e, ERR_INVALID, field, "config.syslog_facility", "setting", who, "given", value, NULL);
	} else if (s->type == T_BACKOFF) {
		struct app_webhook_config wc;
		struct errinfo we = {0};
		if (app_webhook_backoff_parse(value, field, &wc, &we))
			return err_setm_in(e, ERR_INVALID, field, &we, "config.backoff", "setting", who, NULL);
	}
	cfg->v[id] = (struct config_value){arena_strdup(cfg->a, value), num, from, line};
	return 0;
}

/* ---- the file ---- */

struct parse {
	struct config *cfg;
	FILE *f;
	char *line;      /* getline's buffer */
	size_t cap;
	int lineno;      /* the line read last */
	int err_line;    /* the line of err (0: none) */
	struct errinfo err;
};

/* The field of the parse's error, "FILE:LINE" at the line read last, which becomes the error's line. */
static const char *parse_at(struct parse *p)
{
	p->err_line = p->lineno;
	return arena_printf(p->cfg->a, "%s:%d", p->cfg->path, p->lineno);
}

static bool known_section(const char *name)
{
	for (size_t i = 0; i < NSECTIONS; i++)
		if (!strcmp(name, sections[i]))
			return true;
	return false;
}

/* libinih's reader (fgets-like): one line, leading blanks stripped; NULL ends the parse. */
static char *read_line(char *str, int num, void *stream)
{
	struct parse *p = stream;
	if (p->err_line)
		return NULL;
	ssize_t n = getline(&p->line, &p->cap, p->f);
	if (n < 0)
		return NULL;
	p->lineno++;
	char *s = p->line;
	while (*s == ' ' || *s == '\t')
		s++;
	size_t len = strlen(s);
	if (len + 1 > (size_t)num) {
		err_setm(&p->err, ERR_INVALID, parse_at(p), "config.line_long", "max", err_num((char[24]){0}, num - 2), NULL);
		return NULL;
	}
	const char *close = *s == '[' ? strchr(s, ']') : NULL;
	if (close) {
		char *name = arena_strndup(p->cfg->a, s + 1, (size_t)(close - s - 1));
		if (!known_section(name)) {
			err_setm(&p->err, ERR_INVALID, parse_at(p), "config.section", "section", name, NULL);
			return NULL;
		}
	}
	memcpy(str, s, len + 1);
	return str;
}

/* The keys of a section, for the message naming an unknown one. */
static const char *section_keys(struct arena *a, const char *section)
{
	const char *out = "";
	for (int i = 0; i < CONFIG_N; i++)
		if (!strcmp(settings[i].section, section))
			out = arena_printf(a, "%s%s%s", out, *out ? ", " : "", settings[i].key);
	return out;
}

/* libinih's handler: one key = value; 0 (an error) stops at the next line. */
static int on_key(void *user, const char *section, const char *name, const char *value)
{
	struct parse *p = user;
	struct arena *a = p->cfg->a;
	if (p->err_line)
		return 0;
	if (!*section) {
		err_setm(&p->err, ERR_INVALID, parse_at(p), "config.key_first", "key", name, NULL);
		return 0;
	}
	int id = -1;
	for (int i = 0; i < CONFIG_N && id < 0; i++)
		if (!strcmp(settings[i].section, section) && !strcmp(settings[i].key, name))
			id = i;
	if (id < 0) {
		err_setm(&p->err, ERR_INVALID, parse_at(p), "config.key", "section", section, "key", name, "keys",
			 section_keys(a, section), NULL);
		return 0;
	}
	const char *who = arena_printf(a, "[%s] %s", section, name);
	if (p->cfg->v[id].from == CONFIG_FROM_FILE) {
		err_setm(&p->err, ERR_INVALID, parse_at(p), "config.twice", "setting", who, "line",
			 err_num((char[24]){0}, p->cfg->v[id].line), NULL);
		return 0;
	}
	char field[64 + 160];
	snprintf(field, sizeof field, "%s:%d", p->cfg->path, p->lineno);
	if (set_value(p->cfg, (enum config_id)id, value, CONFIG_FROM_FILE, p->lineno, field, who, &p->err)) {
		p->err_line = p->lineno;
		return 0;
	}
	return 1;
}

int config_load_file(struct config *cfg, struct errinfo *e)
{
	FILE *f = fopen(cfg->path, "r");
	if (!f) {
		if (errno == ENOENT && cfg->path_from == CONFIG_FROM_DEFAULT)
			return 0;
		return err_setm(e, ERR_INVALID, cfg->path_from == CONFIG_FROM_ENV ? "SKJOLD_CONFIG" : "--config",
				"config.read", "path", cfg->path, "error", strerror(errno), NULL);
	}
	struct stat st;
	int rc = 0;
	if (fstat(fileno(f), &st)) {
		rc = err_setm(e, ERR_INVALID, cfg->path, "config.read", "path", cfg->path, "error", strerror(errno), NULL);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = err_setm(e, ERR_INVALID, cfg->path, "config.not_file", "path", cfg->path, NULL);
		goto out;
	}
	if (st.st_size > CONFIG_FILE_MAX) {
		rc = err_setm(e, ERR_INVALID, cfg->path, "config.large", "path", cfg->path, "max",
			      err_num((char[24]){0}, CONFIG_FILE_MAX), NULL);
		goto out;
	}
	/* a file anyone may write lets anyone choose the database, lift the throttle or move the server */
	if (st.st_mode & S_IWOTH) {
		char mode[8];
		snprintf(mode, sizeof mode, "%03o", (unsigned)(st.st_mode & 0777));
		rc = err_setm(e, ERR_INVALID, cfg->path, "config.writable", "path", cfg->path, "mode", mode, NULL);
		goto out;
	}
	struct parse p = {.cfg = cfg, .f = f};
	int r = ini_parse_stream(read_line, &p, on_key, &p);
	free(p.line);
	if (ferror(f)) {
		rc = err_setm(e, ERR_INVALID, cfg->path, "config.read", "path", cfg->path, "error", strerror(errno), NULL);
	} else if (r > 0 && (!p.err_line || r < p.err_line)) {
		char field[64 + 160];
		snprintf(field, sizeof field, "%s:%d", cfg->path, r);
		rc = err_setm(e, ERR_INVALID, field, "config.line", NULL);
	} else if (p.err_line) {
		rc = err_pass(e, &p.err); /* the line's error as it was recorded */
	} else if (r < 0) {
		rc = err_setm(e, ERR_NOMEM, cfg->path, "config.parse", "path", cfg->path, NULL);
	}
	if (!rc)
		cfg->loaded = true;
out:
	fclose(f);
	return rc;
}

/* ---- the environment and the flags ---- */

int config_load_env(struct config *cfg, struct errinfo *e)
{
	for (int i = 0; i < CONFIG_N; i++) {
		const char *v = getenv(settings[i].env);
		int rc;
		if (v && *v && (rc = set_value(cfg, (enum config_id)i, v, CONFIG_FROM_ENV, 0, settings[i].env,
					       settings[i].env, e)))
			return rc;
	}
	return 0;
}

int config_set_flag(struct config *cfg, enum config_id id, const char *value, struct errinfo *e)
{
	const char *flag = config_setting(id)->flag;
	return set_value(cfg, id, value, CONFIG_FROM_FLAG, 0, flag, flag, e);
}

/* Where a value came from, as `config show` prints it. */
static const char *source_text(const struct config *cfg, enum config_id id)
{
	const struct config_value *v = &cfg->v[id];
	switch (v->from) {
	case CONFIG_FROM_FILE:
		return arena_printf(cfg->a, "file:%d", v->line);
	case CONFIG_FROM_ENV:
		return arena_printf(cfg->a, "env %s", settings[id].env);
	case CONFIG_FROM_FLAG:
		return arena_printf(cfg->a, "flag %s", settings[id].flag);
	default:
		return "default";
	}
}

/* The name of the setting in its source's words, for a message. */
static const char *source_name(const struct config *cfg, enum config_id id, const char **field)
{
	const struct config_setting *s = &settings[id];
	switch (cfg->v[id].from) {
	case CONFIG_FROM_FILE:
		*field = arena_printf(cfg->a, "%s:%d", cfg->path, cfg->v[id].line);
		return arena_printf(cfg->a, "[%s] %s", s->section, s->key);
	case CONFIG_FROM_ENV:
		return *field = s->env;
	default:
		return *field = s->flag;
	}
}

int config_check(const struct config *cfg, struct errinfo *e)
{
	if (cfg->v[CONFIG_LOCK_MAX_S].num < cfg->v[CONFIG_LOCK_BASE_S].num) {
		const char *field, *who = source_name(cfg, CONFIG_LOCK_MAX_S, &field);
		return err_setm(e, ERR_INVALID, field, "config.lock_max", "setting", who, "base",
				err_num((char[24]){0}, cfg->v[CONFIG_LOCK_BASE_S].num), "given",
				err_num((char[24]){0}, cfg->v[CONFIG_LOCK_MAX_S].num), NULL);
	}
	return 0;
}

int config_check_oidc(const struct config *cfg, struct errinfo *e)
{
	static const enum config_id oidc[] = {CONFIG_OIDC_ISSUER, CONFIG_OIDC_CLIENT_ID, CONFIG_OIDC_CLIENT_SECRET,
					      CONFIG_OIDC_CLIENT_SECRET_FILE, CONFIG_OIDC_REDIRECT_URI,
					      CONFIG_OIDC_GROUP_MAP, CONFIG_OIDC_API_AUDIENCE};
	enum config_id given = CONFIG_N;
	for (size_t i = 0; i < sizeof oidc / sizeof oidc[0] && given == CONFIG_N; i++)
		if (cfg->v[oidc[i]].text)
			given = oidc[i];
	if (given == CONFIG_N)
		return 0; /* single sign-on is off */
	const char *field, *who = source_name(cfg, given, &field);
	bool secret = cfg->v[CONFIG_OIDC_CLIENT_SECRET].text, secret_file = cfg->v[CONFIG_OIDC_CLIENT_SECRET_FILE].text;
	if (secret && secret_file) {
		who = source_name(cfg, CONFIG_OIDC_CLIENT_SECRET_FILE, &field);
		return err_setm(e, ERR_INVALID, field, "config.oidc_secret_twice", "setting", who, NULL);
	}
	/* what the web login needs; the API's bearer tokens need only the issuer and their audience */
	static const enum config_id web[] = {CONFIG_OIDC_CLIENT_ID, CONFIG_OIDC_REDIRECT_URI, CONFIG_OIDC_GROUP_MAP};
	bool web_on = !cfg->v[CONFIG_OIDC_API_AUDIENCE].text || cfg->v[CONFIG_OIDC_CLIENT_ID].text;
	if (!cfg->v[CONFIG_OIDC_ISSUER].text)
		return err_setm(e, ERR_INVALID, field, "config.oidc_needs", "setting", who, "key", "issuer", "env",
				"SKJOLD_OIDC_ISSUER", "flag", "--oidc-issuer", NULL);
	for (size_t i = 0; web_on && i < sizeof web / sizeof web[0]; i++)
		if (!cfg->v[web[i]].text)
			return err_setm(e, ERR_INVALID, field, "config.oidc_needs", "setting", who, "key", settings[web[i]].key,
					"env", settings[web[i]].env, "flag", settings[web[i]].flag, NULL);
	if (web_on && !secret && !secret_file)
		return err_setm(e, ERR_INVALID, field, "config.oidc_needs_secret", "setting", who, NULL);
	return 0;
}

int config_check_saml(const struct config *cfg, struct errinfo *e)
{
	static const enum config_id need[] = {CONFIG_SAML_SP_ENTITY_ID, CONFIG_SAML_SP_KEY_FILE, CONFIG_SAML_SP_CERT_FILE,
					      CONFIG_SAML_IDP_METADATA_FILE, CONFIG_SAML_ACS_URL, CONFIG_SAML_GROUP_MAP};
	enum config_id given = CONFIG_N;
	for (size_t i = 0; i < sizeof need / sizeof need[0] && given == CONFIG_N; i++)
		if (cfg->v[need[i]].text)
			given = need[i];
	if (given == CONFIG_N)
		return 0; /* SAML is off */
	const char *field, *who = source_name(cfg, given, &field);
	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
		if (!cfg->v[need[i]].text)
			return err_setm(e, ERR_INVALID, field, "config.saml_needs", "setting", who, "key", settings[need[i]].key,
					"env", settings[need[i]].env, "flag", settings[need[i]].flag, NULL);
	return 0;
}

const char *config_text(const struct config *cfg, enum config_id id) { return cfg->v[id].text; }

long config_num(const struct config *cfg, enum config_id id) { return cfg->v[id].num; }

bool config_given(const struct config *cfg, enum config_id id) { return cfg->v[id].from != CONFIG_FROM_DEFAULT; }

/* ---- showing ---- */

/*
 * A database URL's password masked: "postgresql://u:***@host/db", and any
 * "password=..." (a URL's query or a libpq key/value string).
 */
const char *config_masked(struct arena *a, const char *s)
{
	struct buf b = {0};
	const char *scheme = strstr(s, "://");
	const char *host = scheme ? scheme + 3 : NULL;
	/* the user information ends at the authority's last '@' (a stray '@' in a password included) */
	size_t authority = host ? strcspn(host, "/?#") : 0;
	const char *at = NULL;
	for (size_t i = 0; i < authority; i++)
		if (host[i] == '@')
			at = host + i;
	const char *colon = at ? memchr(host, ':', (size_t)(at - host)) : NULL;
	const char *p = s;
	if (colon) {
		buf_add(&b, s, (size_t)(colon + 1 - s));
		buf_puts(&b, "***");
		p = at;
	}
	const char *pw;
	while ((pw = strstr(p, "password="))) {
		buf_add(&b, p, (size_t)(pw + 9 - p));
		buf_puts(&b, "***");
		p = pw + 9 + strcspn(pw + 9, "& \t");
	}
	buf_puts(&b, p);
	char *text = buf_finish(&b);
	const char *out = arena_strdup(a, text ? text : "***");
	free(text);
	return out;
}

/* The value as shown: masked when secret, NULL when unset. */
static const char *shown(const struct config *cfg, enum config_id id)
{
	const char *t = cfg->v[id].text;
	if (!t || !settings[id].secret)
		return t;
	/* the database URL shows where it points, its password masked; a client secret shows nothing */
	return id == CONFIG_DB ? config_masked(cfg->a, t) : "***";
}

static const char *path_source(const struct config *cfg)
{
	return cfg->path_from == CONFIG_FROM_FLAG  ? "flag --config"
	       : cfg->path_from == CONFIG_FROM_ENV ? "env SKJOLD_CONFIG"
						   : "default";
}

json_t *config_json(const struct config *cfg)
{
	json_t *all = json_object();
	for (size_t i = 0; i < NSECTIONS; i++)
		json_object_set_new(all, sections[i], json_object());
	for (int i = 0; i < CONFIG_N; i++) {
		const char *t = shown(cfg, (enum config_id)i);
		json_t *value = !t ? json_null() : settings[i].type == T_NUM ? json_integer(cfg->v[i].num) : json_string(t);
		json_t *item = json_pack("{sossssss}", "value", value, "from", source_text(cfg, (enum config_id)i), "env",
					 settings[i].env, "flag", settings[i].flag);
		json_object_set_new(json_object_get(all, settings[i].section), settings[i].key, item);
	}
	return json_pack("{s{sssssb}so}", "file", "path", cfg->path, "from", path_source(cfg), "loaded", cfg->loaded,
			 "settings", all);
}

char *config_text_dump(const struct config *cfg)
{
	struct buf b = {0};
	buf_printf(&b, "; the settings in effect, each with where it came from (default, file:LINE, env NAME, flag)\n");
	buf_printf(&b, "; configuration file: %s (%s; %s)\n", cfg->path, path_source(cfg),
		   cfg->loaded ? "read" : "not present");
	for (size_t s = 0; s < NSECTIONS; s++) {
		buf_printf(&b, "\n[%s]\n", sections[s]);
		for (int i = 0; i < CONFIG_N; i++) {
			if (strcmp(settings[i].section, sections[s]))
				continue;
			const char *t = shown(cfg, (enum config_id)i);
			char line[512];
			snprintf(line, sizeof line, "%s%s = %s", t ? "" : "; ", settings[i].key, t ? t : "");
			buf_printf(&b, "%-40s ; %s%s\n", line, source_text(cfg, (enum config_id)i), t ? "" : " (unset)");
		}
	}
	char *out = buf_finish(&b);
	ASSERT(out);
	return out;
}
