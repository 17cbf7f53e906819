/*
 * cli.c — argument parsing, output and error reporting for the commands.
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit_syslog.h"
#include "date.h"

/* Options that take no value. */
static bool is_flag(const char *name)
{
	return !strcmp(name, "help") || !strcmp(name, "h");
}

/* Options that take no value ("--routes"): they stand for "true". */
static bool is_switch(const char *name)
{
	return !strcmp(name, "routes") || !strcmp(name, "check") || !strcmp(name, "force") ||
	       !strcmp(name, "no_checksum") || !strcmp(name, "dry_run");
}

/* A setting's flag as cli_parse keeps options: "--log-level" is "log_level" (static storage, one at a time). */
static const char *option_name(const struct config_setting *s)
{
	static char name[64];
	snprintf(name, sizeof name, "%s", s->flag + 2);
	for (char *p = name; *p; p++)
		if (*p == '-')
			*p = '_';
	return name;
}

/* The settings every command shares: the file, then the environment, then --db and --actor. */
static int settings(struct cli *c, const char *config, const char *db, const char *actor)
{
	config_init(&c->cfg, &c->a, getenv("USER"), config);
	int rc = 0;
	if (!c->help && ((rc = config_load_file(&c->cfg, &c->e)) || (rc = config_load_env(&c->cfg, &c->e)) ||
			 (rc = config_check(&c->cfg, &c->e))))
		return rc;
	if ((db && (rc = config_set_flag(&c->cfg, CONFIG_DB, db, &c->e))) ||
	    (actor && (rc = config_set_flag(&c->cfg, CONFIG_ACTOR, actor, &c->e))))
		return rc;
	/* the other flags of every command (--syslog …) are among the options */
	for (int i = 0; i < CONFIG_N; i++) {
		const struct config_setting *s = config_setting((enum config_id)i);
		const char *v = i != CONFIG_DB && i != CONFIG_ACTOR && s->global ? cli_get(c, option_name(s)) : NULL;
		if (v && (rc = config_set_flag(&c->cfg, (enum config_id)i, v, &c->e)))
			return rc;
	}
	c->db = config_text(&c->cfg, CONFIG_DB);
	c->actor = config_text(&c->cfg, CONFIG_ACTOR);
	/* audit entries by syslog once committed, from this command on (docs/operations.md, "SIEM") */
	const char *syslog = config_text(&c->cfg, CONFIG_SYSLOG);
	if (syslog && !c->help)
		return audit_syslog_start(syslog, config_text(&c->cfg, CONFIG_SYSLOG_FORMAT),
					  config_text(&c->cfg, CONFIG_SYSLOG_FACILITY), &c->e);
	return 0;
}

int cli_config_flags(struct cli *c)
{
	for (int i = 0; i < CONFIG_N; i++) {
		const struct config_setting *s = config_setting((enum config_id)i);
		const char *v = s->global ? NULL : cli_get(c, option_name(s));
		int rc;
		if (v && (rc = config_set_flag(&c->cfg, (enum config_id)i, v, &c->e)))
			return rc;
	}
	return config_check(&c->cfg, &c->e);
}

/*
 * The shell's language for this process (--lang or LANG), for cli_print,
 * which every command calls without its struct cli: one command runs per
 * process, so one language.
 */
static enum msg_lang cli_lang = MSG_EN;

int cli_parse(struct cli *c, int argc, char **argv)
{
	const char *now_text = NULL, *config = NULL, *db = NULL, *actor = NULL, *lang = NULL;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (arg[0] == '-' && arg[1] == '-' && arg[2]) {
			char *name = arena_strdup(&c->a, arg + 2);
			char *eq = strchr(name, '=');
			const char *value = NULL;
			if (eq) {
				*eq = 0;
				value = eq + 1;
			}
			for (char *p = name; *p; p++)
				if (*p == '-')
					*p = '_';
			if (is_flag(name)) {
				c->help = true;
				continue;
			}
			if (!value && is_switch(name))
				value = "true";
			if (!value) {
				if (i + 1 >= argc)
					return err_setm(&c->e, ERR_INVALID, arg, "cli.needs_value", "option", arg,
							NULL);
				value = argv[++i];
			}
			if (!strcmp(name, "db"))
				db = value;
			else if (!strcmp(name, "now"))
				now_text = value;
			else if (!strcmp(name, "actor"))
				actor = value;
			else if (!strcmp(name, "config"))
				config = value;
			else if (!strcmp(name, "lang"))
				lang = value;
			else if (c->nopt < CLI_MAX_OPT)
				c->opt[c->nopt++] = (struct cli_opt){name, value, false};
			else
				return err_setm(&c->e, ERR_INVALID, arg, "cli.too_many_options", NULL);
		} else if (!strcmp(arg, "-h")) {
			c->help = true;
		} else if (c->npos < CLI_MAX_POS) {
			c->pos[c->npos++] = arg;
		} else {
			return err_setm(&c->e, ERR_INVALID, arg, "cli.too_many_arguments", NULL);
		}
	}
	/* the language of texts: --lang, else LANG (Danish when it starts with "da"), for this process */
	c->lang = msg_lang_env(getenv("LANG"));
	if (lang && (strcmp(lang, "da") && strcmp(lang, "en")))
		return err_setm(&c->e, ERR_INVALID, "--lang", "cli.lang", "value", lang, NULL);
	if (lang)
		msg_lang_parse(lang, &c->lang);
	cli_lang = c->lang;
	if (now_text) {
		c->now_given = true;
		if (instant_parse(now_text, &c->now_ms))
			return err_setm(&c->e, ERR_INVALID, "--now", "cli.now", "value", now_text, NULL);
	} else {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		c->now_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	}
	c->today = instant_cph_date(c->now_ms);
	return settings(c, config, db, actor);
}

const char *cli_get(struct cli *c, const char *name)
{
	for (int i = 0; i < c->nopt; i++)
		if (!strcmp(c->opt[i].name, name)) {
			c->opt[i].used = true;
			return c->opt[i].value;
		}
	return NULL;
}

int cli_check_unused(struct cli *c)
{
	for (int i = 0; i < c->nopt; i++)
		if (!c->opt[i].used) {
			char f[160];
			snprintf(f, sizeof f, "--%s", c->opt[i].name);
			return err_setm(&c->e, ERR_INVALID, f, "cli.unknown_option", "option", f, NULL);
		}
	return 0;
}

int cli_open(struct cli *c)
{
	if (c->st) /* the server's worker store */
		return 0;
	return store_open(c->db, &c->st, &c->e);
}

void cli_remove_db(struct cli *c, const char *path)
{
	static const char *const side[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof side / sizeof side[0]; i++)
		unlink(arena_printf(&c->a, "%s%s", path, side[i]));
}

struct app cli_app(struct cli *c)
{
	return (struct app){.st = c->st, .actor = c->actor, .user = c->user, .now_ms = c->now_ms, .today = c->today,
			    .a = &c->a, .e = &c->e};
}

int cli_org(struct cli *c, const char **org)
{
	*org = cli_get(c, "org");
	if (!*org || !**org)
		return err_setm(&c->e, ERR_INVALID, "--org", "cli.org_required", NULL);
	return 0;
}

int cli_print(json_t *j)
{
	msg_localize(j, cli_lang); /* texts that travel as message codes (msg.h) */
	json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(j);
	return 0;
}

int cli_print_text(char *text)
{
	fputs(text, stdout);
	free(text);
	return 0;
}

int cli_print_bytes(struct cli *c, char *data, size_t len)
{
	const char *path = cli_get(c, "out");
	if (!path) {
		size_t n = fwrite(data, 1, len, stdout);
		free(data);
		return n == len && !fflush(stdout) ? 0 : err_setm(&c->e, ERR_IO, "--out", "cli.stdout", NULL);
	}
	return cli_write_file(c, path, data, len);
}

int cli_write_file(struct cli *c, const char *path, char *data, size_t len)
{
	size_t plen = strlen(path);
	char *tmp = xmalloc(plen + 16);
	snprintf(tmp, plen + 16, "%s.tmp-XXXXXX", path);
	int fd = mkstemp(tmp);
	FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	int ok = f && fwrite(data, 1, len, f) == len;
	ok = f ? (fflush(f) == 0 && fsync(fileno(f)) == 0 && ok) : 0;
	if (f)
		fclose(f);
	else if (fd >= 0)
		close(fd);
	ok = ok && rename(tmp, path) == 0;
	if (!ok && fd >= 0)
		unlink(tmp);
	free(tmp);
	free(data);
	return ok ? 0 : err_setm(&c->e, ERR_IO, "--out", "cli.write", "path", path, "error", strerror(errno), NULL);
}

int cli_fail(struct cli *c, int rc)
{
	if (!rc)
		return 0;
	if (!c->e.code)
		err_setm(&c->e, rc, "", "error.unnamed", "name", err_name(rc), NULL);
	char text[1024];
	err_render(&c->e, c->lang, text, sizeof text);
	if (c->e.field[0])
		fprintf(stderr, "skjold: %s: %s\n", c->e.field, text);
	else
		fprintf(stderr, "skjold: %s\n", text);
	return err_exit_code(rc);
}

int cli_usage(const char *text)
{
	fputs(text, stdout);
	return 0;
}

int cli_read_file(struct cli *c, const char *path, size_t limit, char **data, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f)
		return err_setm(&c->e, ERR_INVALID, path, "cli.open", "path", path, "error", strerror(errno), NULL);
	size_t cap = 65536, n = 0;
	char *buf = xmalloc(cap);
	size_t got;
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			if (cap >= limit) {
				free(buf);
				if (f != stdin)
					fclose(f);
				return err_setm(&c->e, ERR_INVALID, path, "cli.file_large", "path", path, "max",
						err_num((char[24]){0}, (long long)limit), NULL);
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
	}
	int failed = ferror(f);
	if (f != stdin)
		fclose(f);
	if (failed) {
		free(buf);
		return err_setm(&c->e, ERR_IO, path, "cli.read", "path", path, NULL);
	}
	*data = arena_alloc(&c->a, n + 1);
	memcpy(*data, buf, n);
	(*data)[n] = 0;
	*len = n;
	free(buf);
	return 0;
}

int cli_read_json(struct cli *c, const char *path, json_t **out)
{
	char *data;
	size_t len;
	int rc = cli_read_file(c, path, (size_t)1 << 31, &data, &len);
	if (rc)
		return rc;
	json_error_t je;
	*out = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!*out)
		return err_setm(&c->e, ERR_INVALID, "$",
				strstr(je.text, "unable to decode byte") ? "cli.json_file_utf8" : "cli.json_file", "path", path,
				"error", je.text, "line", err_num((char[24]){0}, je.line), "column",
				err_num((char[24]){0}, je.column), NULL);
	return 0;
}
