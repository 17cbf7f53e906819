/*
 * cmd_assess.c — `skjold incident assess FILE|-` (the RULES.md §7 contract)
 * and its batch form `--batch FILE.jsonl` for re-classifying a history of
 * incidents under changed rules.  No database: the facts document is the
 * whole input.
 *
 * Batch mode writes exactly one line per input line, in order: the result
 * object, or {"line": N, "error": {"field", "message"}} for a bad line, and
 * exits 2 when any line was bad (after assessing all the others).
 *
 * The shell's adapter of app_incident_assess (app_incident.h): the file,
 * stdin, --regime and --rules are read here, the assessment is the use
 * case's, which POST /api/v1/assess calls as well.
 */
#include <stdio.h>
#include <string.h>

#include "app_incident.h"
#include "cli.h"
#include "mem.h"

static const char usage[] =
	"usage: skjold incident assess FILE|- [--regime ID] [--rules DIR] [--now INSTANT]\n"
	"       skjold incident assess --batch FILE.jsonl [--regime ID] [--rules DIR] [--now INSTANT]\n"
	"  Classify one incident facts document (RULES.md §6) under dk-psd2-2018, eu-dora, eu-nis2\n"
	"  and eu-gdpr side by side: each criterion met / not met / unknown with the facts and\n"
	"  thresholds that decided it, the verdict and its rule, the unknown facts that could change\n"
	"  it, and every report with its due instant (Europe/Copenhagen), basis and status as of --now.\n"
	"  --regime ID   only this regime          --rules DIR   rule files replacing the shipped ones\n"
	"  --batch FILE  one document per line in, one compact result per line out\n";

/* --regime → mask; --rules → loaded rules. */
static int assess_setup(struct cli *c, struct rules *rs, unsigned *mask)
{
	const char *reg = cli_get(c, "regime");
	*mask = ASSESS_ALL;
	if (reg) {
		int r = regime_parse(reg);
		if (r < 0)
			return err_setm(&c->e, ERR_INVALID, "--regime", "incident.unknown_regime", "regime", reg, NULL);
		*mask = 1u << r;
	}
	return rules_load(rs, cli_get(c, "rules"), &c->e);
}

static int assess_batch(struct cli *c, const struct rules *rs, unsigned mask, const char *path)
{
	FILE *in = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!in)
		return err_setm(&c->e, ERR_INVALID, "--batch", "store.cannot_open", "path", path, NULL);
	static char outbuf[1 << 16];
	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	char *line = NULL, *dump = xmalloc(1 << 16);
	size_t cap = 0, dump_cap = 1 << 16;
	ssize_t len;
	long lineno = 0, bad = 0;
	struct arena a;
	arena_init(&a);
	while ((len = getline(&line, &cap, in)) >= 0) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = 0;
		struct errinfo e;
		err_clear(&e);
		json_error_t je;
		json_t *doc = json_loadb(line, (size_t)len, JSON_REJECT_DUPLICATES, &je);
		json_t *out = NULL;
		struct app x = {.actor = c->actor, .now_ms = c->now_ms, .today = c->today, .a = &a, .e = &e};
		if (!doc)
			err_setm(&e, ERR_INVALID, "$", "cli.json_document", "error", je.text, "column",
				 err_num((char[24]){0}, (long long)(je.column)), NULL);
		else if (!app_incident_assess(&x, doc, mask, rs, &out))
			json_object_del(out, "now"); /* one instant for the whole batch: --now */
		if (!out) {
			bad++;
			char text[1024];
			err_render(&e, c->lang, text, sizeof text);
			out = json_pack("{sIs{ssss}}", "line", (json_int_t)lineno, "error", "field", e.field, "message", text);
		}
		msg_localize(out, c->lang);
		/* One buffer and one fwrite per line: jansson's stream dump writes piece by piece. */
		size_t need = json_dumpb(out, dump, dump_cap, JSON_COMPACT | JSON_PRESERVE_ORDER);
		if (need >= dump_cap) {
			dump_cap = need * 2;
			dump = xrealloc(dump, dump_cap);
			need = json_dumpb(out, dump, dump_cap, JSON_COMPACT | JSON_PRESERVE_ORDER);
		}
		dump[need] = '\n';
		fwrite(dump, 1, need + 1, stdout);
		json_decref(out);
		json_decref(doc);
		arena_free(&a);
		arena_init(&a);
	}
	free(line);
	free(dump);
	arena_free(&a);
	bool read_error = ferror(in);
	if (in != stdin)
		fclose(in);
	if (fflush(stdout) || read_error)
		return err_setm(&c->e, ERR_IO, "--batch", "cli.batch_io", "path", path, NULL);
	if (bad) {
		fprintf(stderr, "skjold: --batch: %ld of %ld lines were not valid incident documents (see their \"error\")\n",
			bad, lineno);
		return 2;
	}
	return 0;
}

int cmd_incident_assess(struct cli *c)
{
	if (c->help)
		return cli_usage(usage);
	const char *batch = cli_get(c, "batch");
	if (!batch && c->npos != 3)
		return err_setm(&c->e, ERR_INVALID, "FILE", c->npos > 3 ? "cli.assess_several" : "cli.assess_file", NULL);
	if (batch && c->npos != 2)
		return err_setm(&c->e, ERR_INVALID, "--batch", "cli.batch_args", NULL);
	struct rules rs;
	unsigned mask;
	int rc = assess_setup(c, &rs, &mask);
	if (rc)
		return rc;
	if ((rc = cli_check_unused(c)))
		goto out;
	if (batch) {
		rc = assess_batch(c, &rs, mask, batch);
		goto out;
	}
	json_t *doc, *res;
	if ((rc = cli_read_json(c, c->pos[2], &doc)))
		goto out;
	struct app x = cli_app(c);
	if (!(rc = app_incident_assess(&x, doc, mask, &rs, &res)))
		rc = cli_print(res);
	json_decref(doc);
out:
	rules_free(&rs);
	return rc;
}
