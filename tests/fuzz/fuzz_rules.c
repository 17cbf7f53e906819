/*
 * fuzz_rules.c — the regime rule files (rules/<id>.json, rules.c).
 *
 * Input: a first line naming the regime ("dk-psd2-2018", "eu-dora",
 * "eu-nis2", "eu-gdpr"), then the file.  The file is written as
 * <id>.json into a private directory and loaded with rules_load(dir), as
 * `--rules DIR` does; rules that load are then used to assess the example
 * incidents (examples/incidents/), so odd numbers in a rule file (huge,
 * fractional, "HH:MM" minutes) run through the regimes' own arithmetic.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assess.h"
#include "fuzz.h"
#include "incident.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];
static json_t *incidents; /* the example incident documents */

static void remove_dir(void) { rmdir(dir); }

/* The documents of examples/incidents/ (the harness runs from the repository). */
static void load_incidents(void)
{
	incidents = json_array();
	DIR *d = opendir("examples/incidents");
	struct dirent *de;
	while (d && (de = readdir(d))) {
		char path[512];
		if (!strstr(de->d_name, ".json"))
			continue;
		snprintf(path, sizeof path, "examples/incidents/%s", de->d_name);
		json_t *doc = json_load_file(path, 0, NULL);
		if (doc)
			json_array_append_new(incidents, doc);
	}
	if (d)
		closedir(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!dir[0]) {
		snprintf(dir, sizeof dir, "/tmp/skjold-fuzz-rules-XXXXXX");
		if (!mkdtemp(dir))
			abort();
		atexit(remove_dir);
		load_incidents();
	}
	const char *text = (const char *)data;
	const char *nl = memchr(text, '\n', size);
	if (!nl || nl - text > 32)
		return 0;
	char id[33];
	memcpy(id, text, (size_t)(nl - text));
	id[nl - text] = 0;
	if (regime_parse(id) < 0)
		return 0;
	char path[128];
	snprintf(path, sizeof path, "%s/%s.json", dir, id);
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(nl + 1, 1, size - (size_t)(nl - text) - 1, f);
	fclose(f);
	struct rules rs;
	struct errinfo e = {0};
	int rc = rules_load(&rs, dir, &e);
	unlink(path);
	if (rc)
		return 0;
	for (size_t i = 0; i < json_array_size(incidents); i++) {
		struct arena a;
		arena_init(&a);
		struct incident inc;
		struct errinfo ie = {0};
		if (!incident_parse(json_array_get(incidents, i), NULL, &a, &inc, &ie)) {
			struct assessment as;
			assess_incident(&rs, &inc, fuzz_now_ms, ASSESS_ALL, &a, &as);
			json_decref(assess_to_json(&as));
		}
		arena_free(&a);
	}
	rules_free(&rs);
	return 0;
}
