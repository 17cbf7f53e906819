/*
 * config.h — skjold's settings: the configuration file, the environment and
 * the flags, resolved into one value per setting with where it came from.
 *
 * Every setting has a section and key in the file (INI, read with libinih),
 * an environment variable, a flag, and a built-in default; the first of
 * flag > environment > file > default that is given wins
 * (docs/configuration.md lists them all).  Every value is checked where it
 * is read, so a bad one is refused naming its source: the file, line,
 * section and key; the variable; or the flag.
 *
 * The file is /etc/skjold/skjold.conf unless --config or $SKJOLD_CONFIG
 * names another.  The default file may be missing; a named one may not.  A
 * file any user may write is refused: whoever could write it could point
 * the server at another database or lift its login throttle.
 *
 * Ownership: every string a struct config holds belongs to the arena given
 * to config_init (or is static).
 */
#ifndef SKJOLD_CONFIG_H
#define SKJOLD_CONFIG_H

#include <jansson.h>
#include <stdbool.h>

#include "err.h"
#include "mem.h"

#define CONFIG_DEFAULT_PATH "/etc/skjold/skjold.conf"

enum config_id {
	CONFIG_DB,
	CONFIG_ACTOR,
	CONFIG_LISTEN,
	CONFIG_TLS_CERT,
	CONFIG_TLS_KEY,
	CONFIG_THREADS,
	CONFIG_MAX_CONNECTIONS,
	CONFIG_MAX_PER_IP,
	CONFIG_MAX_HEAD_PER_IP,
	CONFIG_HEADER_TIMEOUT_S,
	CONFIG_BODY_TIMEOUT_S,
	CONFIG_TIMEOUT_S,
	CONFIG_TRUSTED_PROXIES,
	CONFIG_SESSION_IDLE_S,
	CONFIG_SESSION_LIFETIME_S,
	CONFIG_LOCK_AFTER,
	CONFIG_LOCK_BASE_S,
	CONFIG_LOCK_MAX_S,
	CONFIG_ADDR_MAX_FAILURES,
	CONFIG_ADDR_WINDOW_S,
	CONFIG_LOG_LEVEL,
	CONFIG_SYSLOG,
	CONFIG_SYSLOG_FORMAT,
	CONFIG_SYSLOG_FACILITY,
	CONFIG_OIDC_ISSUER,
	CONFIG_OIDC_CLIENT_ID,
	CONFIG_OIDC_CLIENT_SECRET,
	CONFIG_OIDC_CLIENT_SECRET_FILE,
	CONFIG_OIDC_REDIRECT_URI,
	CONFIG_OIDC_USERNAME_CLAIM,
	CONFIG_OIDC_GROUPS_CLAIM,
	CONFIG_OIDC_GROUP_MAP,
	CONFIG_OIDC_CLOCK_SKEW_S,
	CONFIG_OIDC_API_AUDIENCE,
	CONFIG_SAML_SP_ENTITY_ID,
	CONFIG_SAML_SP_KEY_FILE,
	CONFIG_SAML_SP_CERT_FILE,
	CONFIG_SAML_IDP_METADATA_FILE,
	CONFIG_SAML_ACS_URL,
	CONFIG_SAML_USERNAME_ATTRIBUTE,
	CONFIG_SAML_GROUPS_ATTRIBUTE,
	CONFIG_SAML_GROUP_MAP,
	CONFIG_SAML_CLOCK_SKEW_S,
	CONFIG_WEBHOOK_BACKOFF,
	CONFIG_WEBHOOK_INTERVAL_S,
	CONFIG_N
};

enum config_source { CONFIG_FROM_DEFAULT, CONFIG_FROM_FILE, CONFIG_FROM_ENV, CONFIG_FROM_FLAG };

/* What a setting is (static table, config_setting). */
struct config_setting {
	const char *section, *key;
	const char *env;  /* its environment variable */
	const char *flag; /* its flag, "--listen" */
	bool global;      /* a flag of every command (--db, --actor); else of `serve` (and `config show`) */
	bool secret;      /* may hold a password: masked when shown */
	int type;         /* config.c's kinds: text, number, listen address, log level, syslog target, … */
	long min, max;    /* numbers: the range */
	const char *def;  /* text settings: the default; NULL: none (unset) */
	long def_num;     /* numbers: the default; 0: none (unset) */
};

struct config_value {
	const char *text; /* NULL: unset */
	long num;         /* numbers */
	enum config_source from;
	int line;         /* CONFIG_FROM_FILE: its line */
};

struct config {
	const char *path;            /* the configuration file */
	enum config_source path_from; /* default, env SKJOLD_CONFIG or flag --config */
	bool loaded;                 /* the file was there and read */
	struct config_value v[CONFIG_N];
	struct arena *a;
};

/* The description of setting id. */
const struct config_setting *config_setting(enum config_id id);

/*
 * Every setting at its default (actor: user@cli, from the user name given).
 * path is the file (NULL: $SKJOLD_CONFIG, else CONFIG_DEFAULT_PATH) and
 * path_from says where path came from.
 */
void config_init(struct config *cfg, struct arena *a, const char *user, const char *path);

/*
 * Read the file over the defaults.  A missing default file is no error; a
 * missing named one, an unreadable or world-writable one, a syntax error,
 * an unknown section or key, a key given twice, and a bad value are
 * ERR_INVALID naming "FILE:LINE" and, in the message, the section and key.
 */
int config_load_file(struct config *cfg, struct errinfo *e);

/* The environment variables over the file (an empty variable counts as unset); ERR_INVALID naming the variable. */
int config_load_env(struct config *cfg, struct errinfo *e);

/* Set one setting from a flag's value; ERR_INVALID naming the flag. */
int config_set_flag(struct config *cfg, enum config_id id, const char *value, struct errinfo *e);

/* Checks between settings (lock_max_s >= lock_base_s), after every source is in. */
int config_check(const struct config *cfg, struct errinfo *e);

/*
 * Single sign-on's settings together ([oidc], docs/sso.md), checked when the
 * server starts: any of them given needs the issuer; the web login needs
 * the client id, the redirect URI, the group map and one client secret
 * (client_secret or client_secret_file, not both); the API's bearer tokens
 * alone need only the issuer and api_audience.  ERR_INVALID naming a setting.
 */
int config_check_oidc(const struct config *cfg, struct errinfo *e);
/*
 * SAML's settings together ([saml], docs/sso.md#saml): any of them given
 * needs sp_entity_id, sp_key_file, sp_cert_file, idp_metadata_file, acs_url
 * and group_map.  ERR_INVALID naming a setting.
 */
int config_check_saml(const struct config *cfg, struct errinfo *e);
/* An https:// URL, or http:// to the loopback (a provider on the same machine; tests). */
bool config_url_ok(const char *url);
/* A setting's value as text (NULL when unset) and as a number. */
const char *config_text(const struct config *cfg, enum config_id id);
long config_num(const struct config *cfg, enum config_id id);
/* Was the setting given (any source but the default)? */
bool config_given(const struct config *cfg, enum config_id id);

/* A database URL with its password masked ("postgresql://u:***@host/db", "password=***"), in a. */
const char *config_masked(struct arena *a, const char *s);
/* Every setting with its value (secrets masked) and source, as JSON (new reference). */
json_t *config_json(const struct config *cfg);
/* The same as an INI file with each source in a comment (heap, the caller frees). */
char *config_text_dump(const struct config *cfg);

#endif
