/*
 * cmd_audit.c — the audit trail from the shell: verify the chain, read the
 * log, export it for a SIEM.  The shell's adapter of the audit use cases in
 * app_io.c and app_audit_export.c.
 *
 * An export is written as the use case hands over its pages: to standard
 * output, or to a temporary file beside --out that is renamed over it once
 * complete, so a reader never sees half an export under that name.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app_io.h"
#include "cli.h"
#include "date.h"

struct sink {
	struct cli *c;
	FILE *f;
	const char *path; /* --out, or NULL for standard output */
};

static int sink_write(void *ctx, const char *data, size_t len)
{
	struct sink *k = ctx;
	if (fwrite(data, 1, len, k->f) == len)
		return 0;
	return k->path ? err_setm(&k->c->e, ERR_IO, "--out", "cli.write", "path", k->path, "error", strerror(errno),
				  NULL)
		       : err_setm(&k->c->e, ERR_IO, "--out", "cli.stdout", NULL);
}

/* An instant option: a date or an instant with offset (date.h). */
static int instant_opt(struct cli *c, const char *name, const char *value, int64_t *ms)
{
	if (instant_parse(value, ms))
		return err_setm(&c->e, ERR_INVALID, name, "cli.instant", "option", name, "value", value, NULL);
	return 0;
}

static int audit_export(struct cli *c)
{
	const char *since = cli_get(c, "since"), *until = cli_get(c, "until"), *format = cli_get(c, "format");
	const char *path = cli_get(c, "out");
	struct app_audit_export req = {.until_ms = INT64_MAX, .org = cli_get(c, "org"), .write = sink_write};
	int rc;
	if (!since)
		return err_setm(&c->e, ERR_INVALID, "--since", "cli.since_required", NULL);
	if ((rc = instant_opt(c, "--since", since, &req.since_ms)))
		return rc;
	if (until && (rc = instant_opt(c, "--until", until, &req.until_ms)))
		return rc;
	if (req.until_ms <= req.since_ms)
		return err_setm(&c->e, ERR_INVALID, "--until", "input.later_than", "key", "--until", "other", "--since",
				NULL);
	if (!format)
		return err_setm(&c->e, ERR_INVALID, "--format", "cli.audit_format_required", NULL);
	if (audit_format_parse(format, &req.format))
		return err_setm(&c->e, ERR_INVALID, "--format", "cli.audit_format", "value", format, NULL);
	if ((rc = cli_check_unused(c)) || (rc = cli_open(c)))
		return rc;
	struct sink k = {c, stdout, path};
	char *tmp = NULL;
	if (path) {
		size_t plen = strlen(path) + 16;
		tmp = arena_alloc(&c->a, plen);
		snprintf(tmp, plen, "%s.tmp-XXXXXX", path);
		int fd = mkstemp(tmp);
		if (fd < 0 || !(k.f = fdopen(fd, "wb"))) {
			rc = err_setm(&c->e, ERR_IO, "--out", "cli.write", "path", path, "error", strerror(errno), NULL);
			if (fd >= 0) {
				close(fd);
				unlink(tmp);
			}
			return rc;
		}
	}
	req.ctx = &k;
	struct app x = cli_app(c);
	int64_t n;
	rc = app_io_audit_export(&x, &req, &n);
	if (rc && !strcmp(c->e.field, "org"))
		snprintf(c->e.field, sizeof c->e.field, "--org");
	if (!path) {
		if (!rc && fflush(stdout))
			rc = err_setm(&c->e, ERR_IO, "--out", "cli.stdout", NULL);
		return rc;
	}
	if (!rc && (fflush(k.f) || fsync(fileno(k.f))))
		rc = err_setm(&c->e, ERR_IO, "--out", "cli.write", "path", path, "error", strerror(errno), NULL);
	if (fclose(k.f) && !rc)
		rc = err_setm(&c->e, ERR_IO, "--out", "cli.write", "path", path, "error", strerror(errno), NULL);
	if (!rc && rename(tmp, path))
		rc = err_setm(&c->e, ERR_IO, "--out", "cli.write", "path", path, "error", strerror(errno), NULL);
	if (rc)
		unlink(tmp);
	return rc;
}

int cmd_audit(struct cli *c)
{
	const char *verb = c->npos > 1 ? c->pos[1] : NULL;
	if (c->help || !verb)
		return cli_usage("usage: skjold audit verify\n"
				 "       skjold audit log [--org ID] [--entity node|edge|risk|…] [--key ID]\n"
				 "       skjold audit export --since INSTANT [--until INSTANT] [--org ID] --format jsonl|cef\n"
				 "                           [--out FILE]\n"
				 "  verify re-checks the hash chain and exits 1 naming the first broken entry.\n"
				 "  log shows who changed what and when, with the object before and after.\n"
				 "  export writes one line per entry for a SIEM, oldest first, with its seq and hashes:\n"
				 "  JSON Lines or ArcSight CEF (docs/operations.md, \"SIEM\"); --until is exclusive.\n");
	int rc;
	struct app x;
	json_t *out;
	if (!strcmp(verb, "verify")) {
		if ((rc = cli_check_unused(c)) || (rc = cli_open(c)))
			return rc;
		x = cli_app(c);
		rc = app_io_audit_verify(&x, &out);
		if (out)
			cli_print(out);
		return rc;
	}
	if (!strcmp(verb, "export"))
		return audit_export(c);
	if (strcmp(verb, "log"))
		return err_setm(&c->e, ERR_INVALID, verb, "cli.audit_verb", "verb", verb, NULL);
	struct app_audit_query q = {.org = cli_get(c, "org"), .entity = cli_get(c, "entity"), .key = cli_get(c, "key")};
	if ((rc = cli_check_unused(c)) || (rc = cli_open(c)))
		return rc;
	x = cli_app(c);
	return (rc = app_io_audit_log(&x, &q, &out)) ? rc : cli_print(out);
}
