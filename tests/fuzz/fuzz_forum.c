/*
 * fuzz_forum.c — the sector forum's item bodies (forum_views.c,
 * forum_programmes.c, crisis.c, redteam.c, baseline.c, survey.c, frisk.c).
 *
 * Input: a first line "KIND [TLP [RECIPIENTS]]", then the item's JSON body.
 * The body goes through the item write use case (app_forum.h) in forum
 * fsor of the fixture (the example sector forum), as the API's POST and
 * `skjold forum item add` do:
 * the kind's own check that turns the body into the stored record, the
 * label and recipients, the parent and the write, rolled back afterwards.
 * The secretariat (nationalbanken) writes its kinds, bank1 the members';
 * child kinds get the fixture's parent of their kind (crisis c1, campaign
 * b26, survey s26, bank1's red-team test).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forum.h"
#include "app_forum.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *redteam_id(void)
{
	static char *id;
	if (id)
		return id;
	struct arena a;
	arena_init(&a);
	struct forum_ctx f;
	struct fitem_rec *rows;
	size_t n = 0;
	struct errinfo e = {0};
	if (forum_open(&f, fuzz_store(), &a, "fsor", "bank1", NULL, &e) ||
	    forum_item_list(&f, "redteam", NULL, &rows, &n, &e) || n == 0) {
		fprintf(stderr, "fuzz: the fixture has no red-team test of bank1: %s\n", e.message);
		abort();
	}
	id = xstrdup(rows[0].id);
	arena_free(&a);
	return id;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct {
		const char *kind, *org, *parent;
	} kinds[] = {
		{"crisis", "nationalbanken", NULL},   {"decision", "nationalbanken", "c1"},
		{"report", "bank1", "c1"},            {"risk", "nationalbanken", NULL},
		{"measure", "nationalbanken", NULL},  {"redteam", "bank1", NULL},
		{"finding", "bank1", redteam_id()},   {"catalogue", "nationalbanken", NULL},
		{"campaign", "nationalbanken", NULL}, {"answer", "bank1", "b26"},
		{"survey", "nationalbanken", NULL},   {"response", "bank1", "s26"},
	};
	const char *text = (const char *)data;
	const char *nl = memchr(text, '\n', size);
	if (!nl || nl - text > 200)
		return 0;
	char head[201], *words[3] = {NULL, NULL, NULL};
	memcpy(head, text, (size_t)(nl - text));
	head[nl - text] = 0;
	char *save = NULL;
	for (int i = 0; i < 3; i++)
		words[i] = strtok_r(i ? NULL : head, " ", &save);
	for (size_t k = 0; words[0] && k < sizeof kinds / sizeof kinds[0]; k++) {
		if (strcmp(words[0], kinds[k].kind))
			continue;
		json_t *body = json_loadb(nl + 1, size - (size_t)(nl - text) - 1, JSON_REJECT_DUPLICATES, NULL);
		if (!body)
			break;
		json_t *to = NULL;
		if (words[2]) { /* recipients, comma-separated on the first line */
			to = json_array();
			char *s2 = NULL;
			for (char *w = strtok_r(words[2], ",", &s2); w; w = strtok_r(NULL, ",", &s2))
				json_array_append_new(to, json_string(w));
		}
		struct fuzz_run r;
		fuzz_app_begin(&r);
		json_t *out = NULL;
		app_forum_item_write(&r.app, &(struct app_forum_at){.org = kinds[k].org, .forum = "fsor"},
				     &(struct app_forum_item){.kind = kinds[k].kind, .parent = kinds[k].parent,
							      .tlp = words[1], .recipients = to, .body = body},
				     &out);
		fuzz_app_end(&r, out);
		json_decref(to);
		json_decref(body);
		break;
	}
	return 0;
}
