/*
 * rules.c — loading the regime rule files (rules/<id>.json).
 *
 * Each regime module lists the values it reads ("thresholds.clients_pct",
 * "deadlines.intermediate_hours"); the loader finds each one as
 * {"value": number | "HH:MM", "source": text, "verify": bool} and refuses a
 * file that lacks one, so a typo in a replacement file is an error at load,
 * not a silently different deadline.  Validity dates come from "valid".
 */
#include "rules.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "calendar.h"
#include "date.h"
#include "embed.h"
#include "mem.h"
#include "regime.h"

static const char *const ids[REGIME_N] = {"dk-psd2-2018", "eu-dora", "eu-nis2", "eu-gdpr"};
static const char *const *const keys_of[REGIME_N] = {regime_psd2_keys, regime_dora_keys, regime_nis2_keys,
						      regime_gdpr_keys};

int regime_parse(const char *id)
{
	for (int i = 0; i < REGIME_N; i++)
		if (!strcmp(ids[i], id))
			return i;
	return -1;
}

const char *regime_id(enum regime r)
{
	return r < REGIME_N ? ids[r] : "?";
}

static const char *str_member(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int load_date(json_t *valid, const char *k, const char *origin, bool required, int32_t *out, struct errinfo *e)
{
	json_t *v = json_object_get(valid, k);
	*out = DATE_NONE;
	if ((!v || json_is_null(v)) && !required)
		return 0;
	if (!json_is_string(v) || date_parse(json_string_value(v), out))
		return err_setm(e, ERR_INVALID, "--rules", "rules.valid_date", "file", origin, "key", k, NULL);
	return 0;
}

static int load_one(struct regime_rules *rr, enum regime id, json_t *doc, const char *origin, struct errinfo *e)
{
	memset(rr, 0, sizeof *rr);
	rr->id = id;
	rr->doc = doc;
	rr->origin = xstrdup(origin);
	int rc;
	if (!json_is_object(doc) || !json_is_integer(json_object_get(doc, "skjold_rules")))
		return err_setm(e, ERR_INVALID, "--rules", "rules.not_rules", "file", origin, NULL);
	const char *fid = str_member(doc, "id");
	if (!fid || strcmp(fid, ids[id]))
		return err_setm(e, ERR_INVALID, "--rules", "rules.id", "file", origin, "id", ids[id], NULL);
	rr->name = str_member(doc, "name");
	rr->name_en = str_member(doc, "name_en");
	rr->authority = str_member(doc, "authority");
	rr->channel = str_member(doc, "channel");
	rr->verdict = str_member(doc, "verdict");
	if (!rr->name || !rr->verdict)
		return err_setm(e, ERR_INVALID, "--rules", "rules.name_verdict", "file", origin, NULL);
	json_t *valid = json_object_get(doc, "valid");
	if (!json_is_object(valid))
		return err_setm(e, ERR_INVALID, "--rules", "rules.valid", "file", origin, NULL);
	if ((rc = load_date(valid, "from", origin, true, &rr->valid_from, e)) ||
	    (rc = load_date(valid, "before", origin, false, &rr->valid_before, e)))
		return rc;
	const char *on = str_member(valid, "on");
	if (!on || (strcmp(on, "occurred_at") && strcmp(on, "detected_at")))
		return err_setm(e, ERR_INVALID, "--rules", "rules.valid_on", "file", origin, NULL);
	rr->valid_on_detected = !strcmp(on, "detected_at");
	rr->valid_source = str_member(valid, "source");
	if (!rr->valid_source)
		rr->valid_source = "";
	rr->valid_verify = json_is_true(json_object_get(valid, "verify"));
	const char *const *keys = keys_of[id];
	for (int i = 0; keys[i]; i++) {
		ASSERT(i < RULES_MAX_VALUES);
		char section[64];
		const char *dot = strchr(keys[i], '.');
		ASSERT(dot && (size_t)(dot - keys[i]) < sizeof section);
		memcpy(section, keys[i], (size_t)(dot - keys[i]));
		section[dot - keys[i]] = 0;
		json_t *entry = json_object_get(json_object_get(doc, section), dot + 1);
		json_t *v = json_object_get(entry, "value");
		struct rule_value *out = &rr->v[i];
		int minutes;
		if (json_is_number(v) && json_number_value(v) >= 0)
			out->v = json_number_value(v);
		else if (json_is_string(v) && !cal_parse_hhmm(json_string_value(v), &minutes))
			out->v = minutes;
		else
			return err_setm(e, ERR_INVALID, "--rules", "rules.value", "file", origin, "key", keys[i], NULL);
		out->source = str_member(entry, "source");
		out->verify = json_is_true(json_object_get(entry, "verify"));
	}
	return 0;
}

int rules_load(struct rules *out, const char *dir, struct errinfo *e)
{
	memset(out, 0, sizeof *out);
	int rc = 0;
	for (int r = 0; r < REGIME_N; r++) {
		char name[64], path[4096], origin[4200];
		snprintf(name, sizeof name, "rules/%s.json", ids[r]);
		json_t *doc = NULL;
		json_error_t je;
		struct stat sb;
		if (dir && snprintf(path, sizeof path, "%s/%s.json", dir, ids[r]) < (int)sizeof path && stat(path, &sb) == 0) {
			snprintf(origin, sizeof origin, "%s", path);
			doc = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
			if (!doc) {
				rc = err_setm(e, ERR_INVALID, "--rules", "rules.json", "file", path, "error", je.text, "line",
					      err_num((char[24]){0}, je.line), NULL);
				goto out;
			}
		} else {
			const struct embedded_file *f = embed_find(name);
			ASSERT(f);
			snprintf(origin, sizeof origin, "embedded %s", name);
			doc = json_loadb(f->data, f->len, JSON_REJECT_DUPLICATES, &je);
			ASSERT(doc);
		}
		if ((rc = load_one(&out->r[r], r, doc, origin, e)))
			goto out;
	}
	if (dir) {
		struct stat sb;
		if (stat(dir, &sb) || !S_ISDIR(sb.st_mode))
			rc = err_setm(e, ERR_INVALID, "--rules", "rules.not_dir", "path", dir, NULL);
	}
out:
	if (rc)
		rules_free(out);
	return rc;
}

void rules_free(struct rules *rs)
{
	for (int r = 0; r < REGIME_N; r++) {
		json_decref(rs->r[r].doc);
		free((void *)rs->r[r].origin);
		rs->r[r].doc = NULL;
		rs->r[r].origin = NULL;
	}
}

const char *rules_report_text(const struct regime_rules *rr, const char *report, const char *key)
{
	return str_member(json_object_get(json_object_get(rr->doc, "reports"), report), key);
}

bool rules_list_has(const struct regime_rules *rr, const char *section, const char *key, const char *s)
{
	json_t *arr = json_object_get(json_object_get(rr->doc, section), key);
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) if (json_is_string(v) && !strcmp(json_string_value(v), s)) return true;
	return false;
}
