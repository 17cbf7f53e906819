/*
 * test_msg.c — the message catalogues (msg/da.json, msg/en.json) and their
 * rendering: both catalogues hold the same codes with the same parameters,
 * every code the source names is in them, and texts render with their
 * parameters in each language.  Expected texts are written by hand.
 *
 * Run from the repository's root (as tests/run.sh does): the source scan
 * reads src/.
 */
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <ctype.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "err.h"
#include "graph.h"
#include "limit.h"
#include "msg.h"

/* The sorted, NUL-separated "{name}" list of a text. */
static void params_of(const char *t, char *out, size_t len)
{
	char names[32][64];
	int n = 0;
	for (const char *p = strchr(t, '{'); p && n < 32; p = strchr(p + 1, '{')) {
		const char *q = strchr(p, '}');
		if (!q || (size_t)(q - p) >= 64)
			break;
		memcpy(names[n], p + 1, (size_t)(q - p - 1));
		names[n][q - p - 1] = 0;
		int dup = 0;
		for (int i = 0; i < n; i++)
			dup |= !strcmp(names[i], names[n]);
		n += !dup;
	}
	qsort(names, (size_t)n, sizeof names[0], (int (*)(const void *, const void *))strcmp);
	out[0] = 0;
	for (int i = 0; i < n; i++) {
		strncat(out, names[i], len - strlen(out) - 1);
		strncat(out, ",", len - strlen(out) - 1);
	}
}

static void same_codes_and_params(void **state)
{
	(void)state;
	const char **da = msg_codes(MSG_DA), **en = msg_codes(MSG_EN);
	size_t i = 0;
	for (; da[i] && en[i]; i++) {
		if (strcmp(da[i], en[i]))
			fail_msg("catalogues differ at %s / %s", da[i], en[i]);
		char pd[512], pe[512];
		params_of(msg_text(MSG_DA, da[i]), pd, sizeof pd);
		params_of(msg_text(MSG_EN, en[i]), pe, sizeof pe);
		if (strcmp(pd, pe))
			fail_msg("%s: Danish parameters {%s} but English {%s}", da[i], pd, pe);
		assert_true(msg_text(MSG_DA, da[i])[0] != 0);
	}
	assert_null(da[i]);
	assert_null(en[i]);
	assert_true(i > 30);
	free(da);
	free(en);
}

/* ---- every code named in src/ ---- */

static char missing[4096];
static int codes_seen;

/* The catalogue's namespaces ("incident", "input", …): a literal starting "ns." is a code. */
static int is_namespace(const char *s, size_t n)
{
	static char ns[64][32];
	static int nns = -1;
	if (nns < 0) {
		nns = 0;
		const char **all = msg_codes(MSG_EN);
		for (size_t i = 0; all[i]; i++) {
			size_t k = strcspn(all[i], ".");
			int dup = 0;
			for (int j = 0; j < nns; j++)
				dup |= strlen(ns[j]) == k && !strncmp(ns[j], all[i], k);
			if (!dup && nns < 64 && k < 32) {
				memcpy(ns[nns], all[i], k);
				ns[nns++][k] = 0;
			}
		}
		free(all);
	}
	for (int j = 0; j < nns; j++)
		if (strlen(ns[j]) == n && !strncmp(ns[j], s, n))
			return 1;
	return 0;
}

static int scan_file(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	size_t pl = strlen(path);
	if (type != FTW_F || pl < 2 || strcmp(path + pl - 2, ".c"))
		return 0;
	FILE *f = fopen(path, "r");
	if (!f)
		return 1;
	char line[4096];
	int ln = 0;
	while (fgets(line, sizeof line, f)) {
		ln++;
		if (!strncmp(line, "#include", 8))
			continue;
		for (char *p = strchr(line, '"'); p; p = strchr(p + 1, '"')) {
			char *s = p + 1, *e = s;
			while (*e && (islower((unsigned char)*e) || isdigit((unsigned char)*e) || *e == '_' || *e == '.'))
				e++;
			if (*e != '"' || e == s) {
				continue;
			}
			size_t dot = strcspn(s, ".");
			if (s + dot < e && e[-1] != '.' && is_namespace(s, dot)) {
				char code[128];
				size_t n = (size_t)(e - s);
				if (n < sizeof code) {
					memcpy(code, s, n);
					code[n] = 0;
					codes_seen++;
					if (!msg_text(MSG_DA, code) || !msg_text(MSG_EN, code)) {
						char m[300];
						snprintf(m, sizeof m, "%s:%d: %s\n", path, ln, code);
						strncat(missing, m, sizeof missing - strlen(missing) - 1);
					}
				}
			}
			p = e; /* the closing quote opens no literal */
		}
	}
	fclose(f);
	return 0;
}

static void every_source_code_in_catalogues(void **state)
{
	(void)state;
	missing[0] = 0;
	codes_seen = 0;
	assert_int_equal(nftw("src", scan_file, 16, FTW_PHYS), 0);
	if (missing[0])
		fail_msg("codes not in the catalogues:\n%s", missing);
	assert_true(codes_seen > 20); /* the scan found the source */
}

/* ---- rendering ---- */

static void renders_with_params(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct msg *m = msg_new(&a, "object.exists", "@kind", "kind.risk", "id", "r-1", NULL);
	char buf[256];
	msg_render(MSG_DA, m, buf, sizeof buf);
	assert_string_equal(buf, "der findes allerede en risiko med id 'r-1'; ret den i stedet");
	msg_render(MSG_EN, m, buf, sizeof buf);
	assert_string_equal(buf, "a risk with id 'r-1' exists already; update it instead");
	/* a missing parameter shows, a missing code shows as itself */
	struct msg *m2 = msg_new(&a, "object.exists", "id", "r-2", NULL);
	msg_render(MSG_EN, m2, buf, sizeof buf);
	assert_string_equal(buf, "a {kind} with id 'r-2' exists already; update it instead");
	struct msg *m3 = msg_new(&a, "no.such.code", NULL);
	msg_render(MSG_DA, m3, buf, sizeof buf);
	assert_string_equal(buf, "no.such.code");
	/* Danish writes a decimal number with a comma: a value that is one, and nothing else */
	struct msg *m4 = msg_new(&a, "object.exists", "@kind", "kind.risk", "id", "12.5", NULL);
	msg_render(MSG_DA, m4, buf, sizeof buf);
	assert_string_equal(buf, "der findes allerede en risiko med id '12,5'; ret den i stedet");
	msg_render(MSG_EN, m4, buf, sizeof buf);
	assert_string_equal(buf, "a risk with id '12.5' exists already; update it instead");
	static const char *const not_numbers[] = {"1.2.3", "v1.2", "12.", ".5", "r-1.5", "12"};
	for (size_t i = 0; i < sizeof not_numbers / sizeof not_numbers[0]; i++) {
		char want[128];
		snprintf(want, sizeof want, "der findes allerede en risiko med id '%s'; ret den i stedet", not_numbers[i]);
		msg_render(MSG_DA, msg_new(&a, "object.exists", "@kind", "kind.risk", "id", not_numbers[i], NULL), buf,
			   sizeof buf);
		assert_string_equal(buf, want);
	}
	json_t *jm = json_pack("{s:s,s:{s:s,s:f}}", "code", "object.exists", "params", "kind", "risiko", "id", -0.25);
	char *js = msg_render_json(MSG_DA, jm);
	assert_string_equal(js, "der findes allerede en risiko med id '-0,25'; ret den i stedet");
	free(js);
	json_decref(jm);
	/* cut, NUL-terminated */
	msg_render(MSG_EN, m, buf, 6);
	assert_string_equal(buf, "a ris");
	/* the JSON form renders the same, and msg_localize sets the sibling key */
	json_t *doc = json_pack("{s[{ssso}]}", "items", "detail", "old", "detail_msg", msg_json(m));
	msg_localize(doc, MSG_DA);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(doc, "items"), 0), "detail")),
			    "der findes allerede en risiko med id 'r-1'; ret den i stedet");
	json_decref(doc);
	arena_free(&a);
}

static void errors_carry_code_and_params(void **state)
{
	(void)state;
	struct errinfo e = {0};
	assert_int_equal(err_setm(&e, ERR_INVALID, "consequence", "input.required", "key", "consequence", NULL), ERR_INVALID);
	assert_string_equal(e.message, "consequence is required");
	char buf[256];
	err_render(&e, MSG_DA, buf, sizeof buf);
	assert_string_equal(buf, "consequence skal angives");
	/* first one wins */
	err_setm(&e, ERR_CONFLICT, "id", "input.string", "key", "id", NULL);
	assert_string_equal(e.msg_code, "input.required");
	/* a validator's error, in both languages */
	struct errinfo l = {0};
	assert_int_equal(limit_list(5, 3, "nodes", "nodes", &l), ERR_INVALID);
	assert_string_equal(l.message, "nodes has more than the maximum of 3 entries (5 given)");
	err_render(&l, MSG_DA, buf, sizeof buf);
	assert_string_equal(buf, "nodes har flere end højst 3 elementer (5 givet)");
	/* a free text is the message error.text with its text */
	struct errinfo f = {0};
	err_set(&f, ERR_IO, "", "disk %s", "full");
	struct msg m;
	err_msg(&f, &m);
	assert_string_equal(m.code, "error.text");
	err_render(&f, MSG_DA, buf, sizeof buf);
	assert_string_equal(buf, "disk full");
}

/* A check only a defect trips: a code of its own (internal.*), the English as it was, "intern fejl" in Danish. */
static void defects_have_codes(void **state)
{
	(void)state;
	struct graph g;
	struct errinfo e = {0};
	uint32_t from[] = {0, 5}, to[] = {1, 0};
	assert_int_equal(graph_build(&g, 2, 2, from, to, NULL, &e), ERR_INVALID);
	graph_free(&g);
	assert_string_equal(e.msg_code, "internal.edge_from");
	assert_string_equal(e.field, "edges.from");
	assert_string_equal(e.message, "edge 1: from 5 is not a node (n = 2)");
	char buf[256];
	err_render(&e, MSG_DA, buf, sizeof buf);
	assert_string_equal(buf, "intern fejl: afhængighed 1: fra-knuden 5 findes ikke (n = 2)");
	/* the fallback for an error without a message names it */
	struct errinfo u = {0};
	err_setm(&u, ERR_CONFLICT, "", "error.unnamed", "name", err_name(ERR_CONFLICT), NULL);
	assert_string_equal(u.message, "conflict");
	err_render(&u, MSG_DA, buf, sizeof buf);
	assert_string_equal(buf, "fejl uden nærmere forklaring (conflict)");
}

/* e in Danish is want, rendered from the errinfo and from its message's JSON (as a client renders it). */
static void assert_danish(const struct errinfo *e, const char *want)
{
	char buf[512];
	err_render(e, MSG_DA, buf, sizeof buf);
	assert_string_equal(buf, want);
	struct msg m;
	err_msg(e, &m);
	json_t *j = msg_json(&m);
	char *t = msg_render_json(MSG_DA, j);
	assert_string_equal(t, want);
	free(t);
	json_decref(j);
}

static void errors_with_a_reason(void **state)
{
	(void)state;
	/* an error inside another: its code and parameters become {reason}, rendered in the outer's language */
	struct errinfo in = {0}, e = {0};
	err_setm(&in, ERR_INVALID, "--listen", "serve.ipv4", "host", "localhost", NULL);
	assert_int_equal(err_setm_in(&e, ERR_INVALID, "b.conf:2", &in, "config.listen", "setting", "[server] listen",
				     "given", "localhost:80", NULL),
			 ERR_INVALID);
	assert_string_equal(e.message, "[server] listen 'localhost:80': 'localhost' is not an IPv4 address");
	assert_danish(&e, "[server] listen 'localhost:80': 'localhost' er ikke en IPv4-adresse");
	/* an inner error with a reason of its own: each renders in its scope (reason.NAME, reason.reason.NAME) */
	struct errinfo ae = {0}, chain = {0}, mig = {0};
	err_setm(&ae, ERR_CHECK, "audit", "audit.entry_altered", "entry", "7", NULL);
	err_setm_in(&chain, ERR_CHECK, "audit", &ae, "audit.broken", "broken", "7", NULL);
	err_setm_in(&mig, ERR_CHECK, "--to", &chain, "ops.migrate_target_chain", NULL);
	assert_string_equal(mig.message, "the copy's audit chain does not verify in the target: audit chain broken at entry 7: "
					 "entry 7 was altered (its content no longer matches its hash); nothing was migrated");
	assert_danish(&mig, "kopiens revisionslogkæde kan ikke verificeres i målet: revisionsloggens kæde er brudt ved post 7: "
			    "post 7 er ændret (indholdet svarer ikke længere til dens hashværdi); intet blev migreret");
	/* a free text inside: the text itself */
	struct errinfo f = {0}, g = {0};
	err_set(&f, ERR_INVALID, "", "odd");
	err_setm_in(&g, ERR_INVALID, "x", &f, "config.proxies", "setting", "--trusted-proxies", NULL);
	assert_string_equal(g.message, "--trusted-proxies: odd");
}

static void a_text_given_per_language(void **state)
{
	(void)state;
	/* name:da and name:en: {name} is the one of the language rendered, from the struct and from JSON */
	struct errinfo e = {0};
	err_setm(&e, ERR_CHECK, "B_01.01 row 1 c0010", "roi.fails", "count", "2", "first:da", "LEI mangler", "first:en",
		 "the LEI is missing", NULL);
	assert_string_equal(e.message,
			    "the register fails 2 of the EBA's rules (skjold roi check lists them); first: the LEI is missing");
	assert_danish(&e, "registret over oplysninger overholder ikke 2 af EBA's regler (skjold roi check viser dem); den "
			  "første: LEI mangler");
}

static void languages(void **state)
{
	(void)state;
	assert_int_equal(msg_lang_accept(NULL), MSG_DA);
	assert_int_equal(msg_lang_accept("en"), MSG_EN);
	assert_int_equal(msg_lang_accept("fr, en-GB;q=0.8, da;q=0.9"), MSG_DA);
	assert_int_equal(msg_lang_accept("da;q=0.5, en-US;q=0.7"), MSG_EN);
	assert_int_equal(msg_lang_accept("de"), MSG_DA);
	assert_int_equal(msg_lang_accept("en;q=0, da;q=0"), MSG_DA);
	assert_int_equal(msg_lang_env("da_DK.UTF-8"), MSG_DA);
	assert_int_equal(msg_lang_env("C"), MSG_EN);
	assert_int_equal(msg_lang_env(NULL), MSG_EN);
	enum msg_lang l;
	assert_int_equal(msg_lang_parse("en", &l), 0);
	assert_int_equal(l, MSG_EN);
	assert_int_equal(msg_lang_parse("danish", &l), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_codes_and_params),
		cmocka_unit_test(every_source_code_in_catalogues),
		cmocka_unit_test(renders_with_params),
		cmocka_unit_test(errors_carry_code_and_params),
		cmocka_unit_test(errors_with_a_reason),
		cmocka_unit_test(defects_have_codes),
		cmocka_unit_test(a_text_given_per_language),
		cmocka_unit_test(languages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
