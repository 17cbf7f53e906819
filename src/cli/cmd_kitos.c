/*
 * cmd_kitos.c — `skjold import-kitos --org ORG FILE|DIR [--dry-run]`: the
 * shell's adapter of app_kitos.c (docs/kitos.md).
 *
 * A FILE is one export object ({"it-system-usages": [...], ...}); a DIR
 * holds page files (*.json, read in name order), each either such an
 * object or one page as KITOS's API v2 answers it, a JSON array, whose list
 * the file's name begins with ("it-system-usages-1.json").  A URL is read
 * as a file is (fetch.c), or, with --kitos-org UUID, is KITOS's own address:
 * the lists are asked of its API v2 for that organisation a page of 100 at a
 * time, with the token in $KITOS_TOKEN.  The pages are gathered into one
 * export before the use case sees it.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app_kitos.h"
#include "cli.h"
#include "fetch.h"
#include "kitos.h"

#define PAGE_SIZE 100
#define MAX_PAGES 10000
#define MAX_ANSWER ((size_t)64 << 20)

/* The lists of an export, longest name first so a prefix never shadows a longer one. */
static const char *const lists[] = {"data-processing-registrations", "it-system-usages", "organizations",
				    "it-systems", NULL};

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Append the entries of page to the export's list key. */
static void gather(json_t *doc, const char *key, json_t *page)
{
	json_t *list = json_object_get(doc, key);
	if (!list) {
		list = json_array();
		json_object_set_new(doc, key, list);
	}
	json_array_extend(list, page);
}

/* One page file into doc. */
static int read_page(struct cli *c, const char *path, const char *name, json_t *doc)
{
	json_t *page;
	int rc = cli_read_json(c, path, &page);
	if (rc)
		return rc;
	if (json_is_object(page)) { /* a whole export: its lists, entry by entry (unknown keys too, to be named) */
		const char *key;
		json_t *v;
		json_object_foreach(page, key, v)
		{
			if (json_is_array(v))
				gather(doc, key, v);
			else
				json_object_set(doc, key, v);
		}
		json_decref(page);
		return 0;
	}
	for (int i = 0; json_is_array(page) && lists[i]; i++)
		if (!strncmp(name, lists[i], strlen(lists[i]))) {
			gather(doc, lists[i], page);
			json_decref(page);
			return 0;
		}
	json_decref(page);
	return err_setm(&c->e, ERR_INVALID, path, "cli.kitos_page", "file", name, NULL);
}

/* Every *.json of dir, in name order, gathered into one export. */
static int read_dir(struct cli *c, const char *dir, json_t **out)
{
	DIR *d = opendir(dir);
	if (!d)
		return err_setm(&c->e, ERR_IO, dir, "cli.kitos_dir", "path", dir, NULL);
	const char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *ent;
	while ((ent = readdir(d))) {
		size_t len = strlen(ent->d_name);
		if (ent->d_name[0] == '.' || len < 6 || strcmp(ent->d_name + len - 5, ".json"))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			const char **more = arena_alloc(&c->a, cap * sizeof *more);
			if (n)
				memcpy(more, names, n * sizeof *more);
			names = more;
		}
		names[n++] = arena_strdup(&c->a, ent->d_name);
	}
	closedir(d);
	if (!n)
		return err_setm(&c->e, ERR_INVALID, dir, "cli.kitos_dir_empty", "path", dir, NULL);
	qsort(names, n, sizeof *names, by_name);
	json_t *doc = json_object();
	int rc = 0;
	for (size_t i = 0; !rc && i < n; i++)
		rc = read_page(c, arena_printf(&c->a, "%s/%s", dir, names[i]), names[i], doc);
	if (rc) {
		json_decref(doc);
		return rc;
	}
	*out = doc;
	return 0;
}

/* A fetched answer as JSON, naming url when it is none. */
static int fetched_json(struct cli *c, const char *url, const char *token, json_t **out)
{
	char *data;
	size_t len;
	int rc = fetch_get(url, token, MAX_ANSWER, url, &data, &len, &c->e);
	if (rc)
		return rc;
	json_error_t je;
	*out = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	free(data);
	if (!*out) {
		char line[16], col[16];
		snprintf(line, sizeof line, "%d", je.line);
		snprintf(col, sizeof col, "%d", je.column);
		return err_setm(&c->e, ERR_INVALID, url, "input.json_syntax", "error", je.text, "line", line, "column",
				col, NULL);
	}
	return 0;
}

/*
 * The lists KITOS's API v2 has of one organisation, page by page until a
 * short one (BoundedPaginationQuery: page from 0, pageSize at most 100).
 * organizations is not asked: it is every organisation in KITOS, and the
 * other lists name the ones they refer to.
 */
static int fetch_api(struct cli *c, const char *base, const char *org_uuid, json_t **out)
{
	static const struct {
		const char *list, *filter;
	} asks[] = {{"it-system-usages", "organizationUuid"},
		    {"it-systems", "usedInOrganizationUuid"},
		    {"data-processing-registrations", "organizationUuid"},
		    {NULL, NULL}};
	const char *token = getenv("KITOS_TOKEN");
	size_t blen = strlen(base);
	while (blen && base[blen - 1] == '/')
		blen--;
	json_t *doc = json_object();
	int rc = 0;
	for (int i = 0; !rc && asks[i].list; i++) {
		for (int page = 0; !rc && page < MAX_PAGES; page++) {
			const char *url = arena_printf(&c->a, "%.*s/api/v2/%s?%s=%s&page=%d&pageSize=%d", (int)blen, base,
						       asks[i].list, asks[i].filter, org_uuid, page, PAGE_SIZE);
			json_t *got;
			if ((rc = fetched_json(c, url, token, &got)))
				break;
			if (!json_is_array(got)) {
				json_decref(got);
				rc = err_setm(&c->e, ERR_INVALID, url, "cli.kitos_answer", "url", url, "list", asks[i].list,
					      NULL);
				break;
			}
			size_t n = json_array_size(got);
			gather(doc, asks[i].list, got);
			json_decref(got);
			if (n < PAGE_SIZE)
				break;
		}
	}
	if (rc) {
		json_decref(doc);
		return rc;
	}
	*out = doc;
	return 0;
}

/* FILE, DIR, - or URL (with --kitos-org: KITOS's API) as one export. */
static int read_export(struct cli *c, const char *path, const char *kitos_org, json_t **doc)
{
	struct stat sb;
	if (kitos_org && !fetch_is_url(path))
		return err_setm(&c->e, ERR_INVALID, "--kitos-org", "cli.kitos_org_url", NULL);
	if (kitos_org && !kitos_is_uuid(kitos_org))
		return err_setm(&c->e, ERR_INVALID, "--kitos-org", "kitos.uuid", "key", "--kitos-org", "value",
				kitos_org, NULL);
	if (kitos_org)
		return fetch_api(c, path, kitos_org, doc);
	if (fetch_is_url(path))
		return fetched_json(c, path, getenv("KITOS_TOKEN"), doc);
	if (strcmp(path, "-") && !stat(path, &sb) && S_ISDIR(sb.st_mode))
		return read_dir(c, path, doc);
	return cli_read_json(c, path, doc);
}

int cmd_import_kitos(struct cli *c)
{
	if (c->help || c->npos < 2)
		return cli_usage("usage: skjold import-kitos --org ID FILE|DIR|URL|- [--kitos-org UUID] [--dry-run]\n"
				 "  Start or bring up to date the map's systems and suppliers from a KITOS export\n"
				 "  (API v2: it-system-usages, it-systems, organizations, data-processing-registrations;\n"
				 "  docs/kitos.md).  FILE is one object of those lists; DIR holds page files, each named\n"
				 "  after its list (it-system-usages-1.json).  A URL is read as a FILE; with --kitos-org UUID\n"
				 "  it is KITOS's address (https://kitos.dk), whose API v2 is asked for that organisation's\n"
				 "  lists ($KITOS_TOKEN: the bearer token).  Nodes are found by their ref (kitos:UUID);\n"
				 "  nodes made by hand are never touched; systems KITOS no longer has are reported.\n"
				 "  One transaction; importing the same export again writes nothing.\n"
				 "  --dry-run tells what would change and writes nothing.\n");
	const char *org, *kitos_org = cli_get(c, "kitos_org");
	bool dry = cli_get(c, "dry_run") != NULL;
	int rc;
	if ((rc = cli_org(c, &org)) || (rc = cli_check_unused(c)))
		return rc;
	json_t *doc;
	rc = read_export(c, c->pos[1], kitos_org, &doc);
	if (rc || (rc = cli_open(c))) {
		if (!rc)
			json_decref(doc);
		return rc;
	}
	struct app x = cli_app(c);
	json_t *summary;
	rc = app_kitos_import(&x, &(struct app_kitos_import){.org = org, .doc = doc, .dry_run = dry}, &summary);
	json_decref(doc);
	if (rc && !strcmp(c->e.field, "org"))
		snprintf(c->e.field, sizeof c->e.field, "--org");
	return rc ? rc : cli_print(summary);
}
