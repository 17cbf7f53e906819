/*
 * roi_check.c — the EBA validation rules that fit, over the package's tables.
 *
 * The same check reads what skjold builds (roi check --org, and export,
 * which refuses a register that fails) and what a file holds (roi check
 * FILE.zip, and import).  Sources: Implementing Regulation (EU) 2024/2956
 * Annex I (which column is mandatory, and when), the EBA's DORA 4.0 module
 * (the key columns), and the EBA's technical checks on submissions: rule 805
 * (a key column is empty) and rule 807 (a reference to another table's key
 * does not exist).  docs/roi.md#check lists every rule.
 *
 * Conditions the Annex writes as "mandatory if the ICT service supports a
 * critical or important function" read "critical" from B_06.01.0050 of the
 * function the row names; "assessment not performed" counts as critical (the
 * conservative reading: an entity that has not assessed a function cannot
 * leave out what a critical one must report).
 */
#include "roi.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "lei.h"
#include "mem.h"
#include "roi_codes.h"
#include "strmap.h"

enum kind { K_TEXT, K_LEI, K_DATE, K_NAT, K_MONEY, K_LIST, K_TRUE, K_CODE, K_COUNTRY_KEY };
enum need { OPT, MAND, COND };

struct colspec {
	const char *table, *col;
	enum kind kind;
	int list;
	enum need need;
	const char *da, *en; /* the column's name */
};

static const struct colspec cols[] = {
	{"B_01.01", "c0010", K_LEI, 0, MAND, "LEI for enheden, der fører registret", "LEI of the entity maintaining the register"},
	{"B_01.01", "c0020", K_TEXT, 0, MAND, "enhedens navn", "name of the entity"},
	{"B_01.01", "c0030", K_LIST, ROI_COUNTRY, MAND, "enhedens land", "country of the entity"},
	{"B_01.01", "c0040", K_LIST, ROI_ENTITY_TYPE, MAND, "enhedstype", "type of entity"},
	{"B_01.01", "c0050", K_TEXT, 0, MAND, "kompetent myndighed", "competent authority"},
	{"B_01.01", "c0060", K_DATE, 0, MAND, "indberetningsdato", "date of the reporting"},
	{"B_01.02", "c0010", K_LEI, 0, MAND, "enhedens LEI", "LEI of the entity"},
	{"B_01.02", "c0020", K_TEXT, 0, MAND, "enhedens navn", "name of the entity"},
	{"B_01.02", "c0030", K_LIST, ROI_COUNTRY, MAND, "enhedens land", "country of the entity"},
	{"B_01.02", "c0040", K_LIST, ROI_ENTITY_TYPE, MAND, "enhedstype", "type of entity"},
	{"B_01.02", "c0050", K_LIST, ROI_HIERARCHY, MAND, "placering i koncernen", "hierarchy of the entity within the group"},
	{"B_01.02", "c0060", K_LEI, 0, MAND, "LEI for den direkte moderenhed", "LEI of the direct parent undertaking"},
	{"B_01.02", "c0070", K_DATE, 0, MAND, "dato for seneste opdatering", "date of last update"},
	{"B_01.02", "c0080", K_DATE, 0, MAND, "dato for optagelse i registret", "date of integration in the register"},
	{"B_01.02", "c0090", K_DATE, 0, MAND, "dato for sletning fra registret", "date of deletion in the register"},
	{"B_01.02", "c0100", K_LIST, ROI_CURRENCY, MAND, "valuta", "currency"},
	{"B_01.02", "c0110", K_MONEY, 0, COND, "samlede aktiver", "value of total assets"},
	{"B_01.03", "c0010", K_TEXT, 0, MAND, "filialens identifikationskode", "identification code of the branch"},
	{"B_01.03", "c0020", K_LEI, 0, MAND, "LEI for hovedkontoret", "LEI of the head office"},
	{"B_01.03", "c0030", K_TEXT, 0, MAND, "filialens navn", "name of the branch"},
	{"B_01.03", "c0040", K_LIST, ROI_COUNTRY, MAND, "filialens land", "country of the branch"},
	{"B_02.01", "c0010", K_TEXT, 0, MAND, "aftalens referencenummer", "contractual arrangement reference number"},
	{"B_02.01", "c0020", K_LIST, ROI_ARRANGEMENT_TYPE, MAND, "aftaletype", "type of contractual arrangement"},
	{"B_02.01", "c0030", K_TEXT, 0, COND, "rammeaftalens referencenummer", "overarching arrangement reference number"},
	{"B_02.01", "c0040", K_LIST, ROI_CURRENCY, MAND, "valuta", "currency"},
	{"B_02.01", "c0050", K_MONEY, 0, MAND, "årlig udgift", "annual expense or estimated cost"},
	{"B_02.02", "c0010", K_TEXT, 0, MAND, "aftalens referencenummer", "contractual arrangement reference number"},
	{"B_02.02", "c0020", K_LEI, 0, MAND, "LEI for den brugende enhed", "LEI of the entity making use of the ICT service"},
	{"B_02.02", "c0030", K_CODE, 0, MAND, "leverandørens kode", "identification code of the provider"},
	{"B_02.02", "c0040", K_LIST, ROI_CODE_TYPE, MAND, "kodetype", "type of code"},
	{"B_02.02", "c0050", K_TEXT, 0, MAND, "funktions-id", "function identifier"},
	{"B_02.02", "c0060", K_LIST, ROI_SERVICE_TYPE, MAND, "type af IKT-tjeneste", "type of ICT services"},
	{"B_02.02", "c0070", K_DATE, 0, MAND, "startdato", "start date"},
	{"B_02.02", "c0080", K_DATE, 0, MAND, "slutdato", "end date"},
	{"B_02.02", "c0090", K_LIST, ROI_TERMINATION, COND, "årsag til ophør", "reason of the termination"},
	{"B_02.02", "c0100", K_NAT, 0, COND, "enhedens opsigelsesvarsel", "notice period for the financial entity"},
	{"B_02.02", "c0110", K_NAT, 0, COND, "leverandørens opsigelsesvarsel", "notice period for the provider"},
	{"B_02.02", "c0120", K_LIST, ROI_COUNTRY, COND, "lovvalg (land)", "country of the governing law"},
	{"B_02.02", "c0130", K_COUNTRY_KEY, ROI_COUNTRY, COND, "land, hvor tjenesten leveres", "country of provision of the ICT services"},
	{"B_02.02", "c0140", K_LIST, ROI_BINARY, COND, "lagring af data", "storage of data"},
	{"B_02.02", "c0150", K_COUNTRY_KEY, ROI_COUNTRY, COND, "land for lagrede data", "location of the data at rest"},
	{"B_02.02", "c0160", K_COUNTRY_KEY, ROI_COUNTRY, OPT, "land for behandling af data", "location of management of the data"},
	{"B_02.02", "c0170", K_LIST, ROI_SENSITIVENESS, COND, "datas følsomhed", "sensitiveness of the data stored"},
	{"B_02.02", "c0180", K_LIST, ROI_RELIANCE, COND, "grad af afhængighed", "level of reliance"},
	{"B_02.03", "c0010", K_TEXT, 0, MAND, "aftalens referencenummer", "contractual arrangement reference number"},
	{"B_02.03", "c0020", K_TEXT, 0, MAND, "tilknyttet aftale", "linked contractual arrangement"},
	{"B_02.03", "c0030", K_TRUE, 0, MAND, "tilknytning", "link"},
	{"B_03.01", "c0010", K_TEXT, 0, MAND, "aftalens referencenummer", "contractual arrangement reference number"},
	{"B_03.01", "c0020", K_LEI, 0, MAND, "LEI for den underskrivende enhed", "LEI of the entity signing"},
	{"B_03.01", "c0030", K_TRUE, 0, MAND, "tilknytning", "link"},
	{"B_03.02", "c0010", K_TEXT, 0, MAND, "aftalens referencenummer", "contractual arrangement reference number"},
	{"B_03.02", "c0020", K_CODE, 0, MAND, "leverandørens kode", "identification code of the provider"},
	{"B_03.02", "c0030", K_LIST, ROI_CODE_TYPE, MAND, "kodetype", "type of code"},
	{"B_03.03", "c0010", K_TEXT, 0, MAND, "aftalens referencenummer", "contractual arrangement reference number"},
	{"B_03.03", "c0020", K_LEI, 0, MAND, "LEI for den leverende enhed", "LEI of the entity providing ICT services"},
	{"B_03.03", "c0031", K_TRUE, 0, MAND, "tilknytning", "link"},
	{"B_04.01", "c0010", K_TEXT, 0, MAND, "aftalens referencenummer", "contractual arrangement reference number"},
	{"B_04.01", "c0020", K_LEI, 0, MAND, "LEI for den brugende enhed", "LEI of the entity making use of the ICT service"},
	{"B_04.01", "c0030", K_LIST, ROI_BRANCH_NATURE, MAND, "filial eller ej", "nature of the entity"},
	{"B_04.01", "c0040", K_TEXT, 0, COND, "filialens identifikationskode", "identification code of the branch"},
	{"B_05.01", "c0010", K_CODE, 0, MAND, "leverandørens kode", "identification code of the provider"},
	{"B_05.01", "c0020", K_LIST, ROI_CODE_TYPE, MAND, "kodetype", "type of code"},
	{"B_05.01", "c0030", K_TEXT, 0, OPT, "supplerende kode", "additional identification code"},
	{"B_05.01", "c0040", K_LIST, ROI_CODE_TYPE, COND, "type af supplerende kode", "type of additional code"},
	{"B_05.01", "c0050", K_TEXT, 0, MAND, "leverandørens juridiske navn", "legal name of the provider"},
	{"B_05.01", "c0060", K_TEXT, 0, OPT, "navn med latinske bogstaver", "name in Latin alphabet"},
	{"B_05.01", "c0070", K_LIST, ROI_PERSON_TYPE, MAND, "persontype", "type of person"},
	{"B_05.01", "c0080", K_LIST, ROI_COUNTRY, MAND, "land for hovedsæde", "country of the headquarters"},
	{"B_05.01", "c0090", K_LIST, ROI_CURRENCY, COND, "valuta", "currency"},
	{"B_05.01", "c0100", K_MONEY, 0, COND, "samlet årlig udgift", "total annual expense"},
	{"B_05.01", "c0110", K_CODE, 0, OPT, "det øverste moderselskabs kode", "code of the ultimate parent undertaking"},
	{"B_05.01", "c0120", K_LIST, ROI_CODE_TYPE, COND, "kodetype for moderselskabet", "type of code of the ultimate parent"},
	{"B_05.02", "c0010", K_TEXT, 0, MAND, "aftalens referencenummer", "contractual arrangement reference number"},
	{"B_05.02", "c0020", K_LIST, ROI_SERVICE_TYPE, MAND, "type af IKT-tjeneste", "type of ICT services"},
	{"B_05.02", "c0030", K_CODE, 0, MAND, "leverandørens kode", "identification code of the provider"},
	{"B_05.02", "c0040", K_LIST, ROI_CODE_TYPE, MAND, "kodetype", "type of code"},
	{"B_05.02", "c0050", K_NAT, 0, MAND, "rang", "rank"},
	{"B_05.02", "c0060", K_CODE, 0, COND, "modtagerens kode", "identification code of the recipient"},
	{"B_05.02", "c0070", K_LIST, ROI_CODE_TYPE, COND, "modtagerens kodetype", "type of code of the recipient"},
	{"B_06.01", "c0010", K_TEXT, 0, MAND, "funktions-id", "function identifier"},
	{"B_06.01", "c0020", K_LIST, ROI_LICENSED_ACTIVITY, MAND, "tilladelsespligtig aktivitet", "licensed activity"},
	{"B_06.01", "c0030", K_TEXT, 0, MAND, "funktionens navn", "function name"},
	{"B_06.01", "c0040", K_LEI, 0, MAND, "enhedens LEI", "LEI of the financial entity"},
	{"B_06.01", "c0050", K_LIST, ROI_ASSESSMENT, MAND, "vurdering af kritikalitet", "criticality or importance assessment"},
	{"B_06.01", "c0060", K_TEXT, 0, OPT, "begrundelse", "reasons for criticality or importance"},
	{"B_06.01", "c0070", K_DATE, 0, MAND, "dato for seneste vurdering", "date of the last assessment"},
	{"B_06.01", "c0080", K_NAT, 0, COND, "RTO (timer)", "recovery time objective (hours)"},
	{"B_06.01", "c0090", K_NAT, 0, COND, "RPO (timer)", "recovery point objective (hours)"},
	{"B_06.01", "c0100", K_LIST, ROI_IMPACT, MAND, "konsekvens af ophør af funktionen", "impact of discontinuing the function"},
	{"B_07.01", "c0010", K_TEXT, 0, MAND, "aftalens referencenummer", "contractual arrangement reference number"},
	{"B_07.01", "c0020", K_CODE, 0, MAND, "leverandørens kode", "identification code of the provider"},
	{"B_07.01", "c0030", K_LIST, ROI_CODE_TYPE, MAND, "kodetype", "type of code"},
	{"B_07.01", "c0040", K_LIST, ROI_SERVICE_TYPE, MAND, "type af IKT-tjeneste", "type of ICT services"},
	{"B_07.01", "c0050", K_LIST, ROI_SUBSTITUTABILITY, MAND, "substituerbarhed", "substitutability"},
	{"B_07.01", "c0060", K_LIST, ROI_NOT_SUBST_REASON, COND, "årsag til manglende substituerbarhed", "reason if not substitutable"},
	{"B_07.01", "c0070", K_DATE, 0, OPT, "dato for seneste revision", "date of the last audit"},
	{"B_07.01", "c0080", K_LIST, ROI_BINARY, MAND, "exitplan", "existence of an exit plan"},
	{"B_07.01", "c0090", K_LIST, ROI_REINTEGRATION, MAND, "mulighed for hjemtagelse", "possibility of reintegration"},
	{"B_07.01", "c0100", K_LIST, ROI_IMPACT, MAND, "konsekvens af ophør af tjenesten", "impact of discontinuing the ICT services"},
	{"B_07.01", "c0110", K_LIST, ROI_ASSESSMENT, MAND, "alternative leverandører identificeret", "alternative providers identified"},
	{"B_07.01", "c0120", K_TEXT, 0, COND, "alternative leverandører", "identification of alternative providers"},
};

struct checker {
	const struct xc_report *r;
	struct roi_violations *vs;
	int32_t refdate;
	struct strmap critical_fns; /* B_06.01 function ids assessed critical (or not assessed) */
};

static const struct colspec *spec(const char *table, const char *col)
{
	for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
		if (!strcmp(cols[i].table, table) && !strcmp(cols[i].col, col))
			return &cols[i];
	return NULL;
}

static const struct xc_table *table(const struct xc_report *r, const char *code)
{
	for (size_t i = 0; i < r->m->ntables; i++)
		if (!strcmp(r->tables[i].def->code, code))
			return &r->tables[i];
	return NULL;
}

static void flag(struct checker *k, const char *t, size_t row, const char *col, const char *rule, const char *da,
		 const char *en)
{
	roi_violation_add(k->vs, t, row, col, rule, da, en);
}

static void flagf(struct checker *k, const char *t, size_t row, const char *col, const char *rule, const char *da,
		  const char *en)
{
	const struct colspec *s = spec(t, col);
	char d[400], g[400];
	snprintf(d, sizeof d, "%s: %s", s ? s->da : col, da);
	snprintf(g, sizeof g, "%s: %s", s ? s->en : col, en);
	flag(k, t, row, col, rule, d, g);
}

static bool natural(const char *s)
{
	if (!*s || strlen(s) > 9)
		return false;
	for (const char *p = s; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	return true;
}

static bool amount(const char *s)
{
	char *end;
	double d = strtod(s, &end);
	return *s && *end == 0 && d >= 0 && (isdigit((unsigned char)*s));
}

/* A cell's form; empty cells are the mandatory check's business. */
static void check_form(struct checker *k, const struct xc_table *t, size_t row, const struct colspec *s,
		       const char *v)
{
	int32_t d;
	switch (s->kind) {
	case K_TEXT:
	case K_CODE:
		break;
	case K_LEI:
		if (!lei_valid(v))
			flagf(k, t->def->code, row + 1, s->col, "lei",
			      "ikke en LEI (20 tegn med gyldige ISO 17442-kontrolcifre)",
			      "not a LEI (20 characters with valid ISO 17442 check digits)");
		break;
	case K_DATE:
		if (date_parse(v, &d))
			flagf(k, t->def->code, row + 1, s->col, "date", "ikke en dato (ÅÅÅÅ-MM-DD)",
			      "not a date (YYYY-MM-DD)");
		break;
	case K_NAT:
		if (!natural(v))
			flagf(k, t->def->code, row + 1, s->col, "number", "ikke et naturligt tal", "not a natural number");
		break;
	case K_MONEY:
		if (!amount(v))
			flagf(k, t->def->code, row + 1, s->col, "amount", "ikke et beløb (tal, mindst 0)",
			      "not an amount (a number, at least 0)");
		break;
	case K_TRUE:
		if (strcmp(v, "true"))
			flagf(k, t->def->code, row + 1, s->col, "code_list", "skal være true", "must be true");
		break;
	case K_LIST:
	case K_COUNTRY_KEY:
		if (!roi_code_key(s->list, v) && !(s->kind == K_COUNTRY_KEY && !strcmp(v, ROI_COUNTRY_NOT_APPLICABLE))) {
			char da[300], en[300];
			snprintf(da, sizeof da, "'%.60s' er ikke på EBA's liste (%s)", v, roi_list_name(s->list));
			snprintf(en, sizeof en, "'%.60s' is not in the EBA's list (%s)", v, roi_list_name(s->list));
			flagf(k, t->def->code, row + 1, s->col, "code_list", da, en);
		}
		break;
	}
}

static const char *cell(const struct xc_table *t, size_t row, const char *col)
{
	return xc_cell(t, row, col);
}

static bool is(const char *v, enum roi_list l, const char *key)
{
	return v && roi_code_eba(l, key) && !strcmp(v, roi_code_eba(l, key));
}

static bool critical(struct checker *k, const char *fn)
{
	return fn && strmap_get(&k->critical_fns, fn, strlen(fn)) >= 0;
}

/* Is column col of this row required under its condition? */
static bool required(struct checker *k, const struct xc_table *t, size_t row, const char *col)
{
	const char *tc = t->def->code;
	if (!strcmp(tc, "B_01.02") && !strcmp(col, "c0110")) {
		const char *type = cell(t, row, "c0040");
		return !is(type, ROI_ENTITY_TYPE, "ict_intra_group_provider") && !is(type, ROI_ENTITY_TYPE, "non_financial_other");
	}
	if (!strcmp(tc, "B_02.01") && !strcmp(col, "c0030"))
		return is(cell(t, row, "c0020"), ROI_ARRANGEMENT_TYPE, "subsequent");
	if (!strcmp(tc, "B_02.02")) {
		bool crit = critical(k, cell(t, row, "c0050"));
		bool storage = is(cell(t, row, "c0140"), ROI_BINARY, "yes");
		if (!strcmp(col, "c0090")) {
			int32_t end;
			const char *v = cell(t, row, "c0080");
			return v && !date_parse(v, &end) && end < k->refdate;
		}
		if (!strcmp(col, "c0150"))
			return storage;
		if (!strcmp(col, "c0170"))
			return storage && crit;
		return crit; /* 0100, 0110, 0120, 0130, 0140, 0180 */
	}
	if (!strcmp(tc, "B_04.01") && !strcmp(col, "c0040"))
		return is(cell(t, row, "c0030"), ROI_BRANCH_NATURE, "branch");
	if (!strcmp(tc, "B_05.01")) {
		if (!strcmp(col, "c0040"))
			return cell(t, row, "c0030") != NULL;
		if (!strcmp(col, "c0120"))
			return cell(t, row, "c0110") != NULL;
		if (!strcmp(col, "c0090"))
			return cell(t, row, "c0100") != NULL;
		if (!strcmp(col, "c0100")) {
			/* a direct provider: one that signs an arrangement (B_03.02) */
			const struct xc_table *b = table(k->r, "B_03.02");
			const char *code = cell(t, row, "c0010");
			for (size_t i = 0; b && code && i < b->nrows; i++)
				if (cell(b, i, "c0020") && !strcmp(cell(b, i, "c0020"), code))
					return true;
			return false;
		}
	}
	if (!strcmp(tc, "B_05.02")) {
		const char *rank = cell(t, row, "c0050");
		if (!strcmp(col, "c0060"))
			return rank && natural(rank) && strtol(rank, NULL, 10) > 1; /* natural(): at most 9 digits */
		if (!strcmp(col, "c0070"))
			return cell(t, row, "c0060") != NULL;
	}
	if (!strcmp(tc, "B_06.01"))
		return !is(cell(t, row, "c0050"), ROI_ASSESSMENT, "no"); /* RTO and RPO */
	if (!strcmp(tc, "B_07.01")) {
		const char *s = cell(t, row, "c0050");
		if (!strcmp(col, "c0060"))
			return is(s, ROI_SUBSTITUTABILITY, "not_substitutable") || is(s, ROI_SUBSTITUTABILITY, "highly_complex");
		if (!strcmp(col, "c0120"))
			return is(cell(t, row, "c0110"), ROI_ASSESSMENT, "yes");
	}
	return false;
}

static void check_cells(struct checker *k, const struct xc_table *t)
{
	for (size_t c = 0; c < t->def->ncols; c++) {
		const struct colspec *s = spec(t->def->code, t->def->cols[c]);
		if (!s)
			continue;
		for (size_t row = 0; row < t->nrows; row++) {
			const char *v = t->cells[row * t->def->ncols + c];
			bool na = v && s->kind == K_COUNTRY_KEY && !strcmp(v, ROI_COUNTRY_NOT_APPLICABLE);
			if (!v || na) {
				bool need = s->need == MAND || (s->need == COND && required(k, t, row, s->col));
				if (need)
					flagf(k, t->def->code, row + 1, s->col, "mandatory", "skal udfyldes",
					      "is mandatory");
				continue;
			}
			check_form(k, t, row, s, v);
		}
	}
}

/* Rule 805: no key column empty; and no two rows with the same key. */
static void check_keys(struct checker *k, const struct xc_table *t)
{
	if (!t->def->nkeys)
		return;
	struct strmap seen;
	strmap_init(&seen, t->nrows);
	char **keys = xcalloc(t->nrows ? t->nrows : 1, sizeof *keys);
	for (size_t row = 0; row < t->nrows; row++) {
		struct buf b = {0};
		for (size_t i = 0; i < t->def->nkeys; i++) {
			const char *v = cell(t, row, t->def->keys[i]);
			buf_printf(&b, "%s\x1f", v ? v : "");
		}
		keys[row] = buf_finish(&b);
		if (strmap_put(&seen, keys[row], strlen(keys[row]), (uint32_t)row) == 1) {
			char da[200], en[200];
			long first = strmap_get(&seen, keys[row], strlen(keys[row]));
			snprintf(da, sizeof da, "rækken har samme nøgle som række %ld", first + 1);
			snprintf(en, sizeof en, "the row has the same key as row %ld", first + 1);
			flag(k, t->def->code, row + 1, t->def->keys[0], "duplicate_key", da, en);
		}
	}
	strmap_free(&seen);
	for (size_t row = 0; row < t->nrows; row++)
		free(keys[row]);
	free(keys);
}

/* The values of column col of table code, as a set. */
static void column_set(const struct xc_report *r, const char *code, const char *col, struct strmap *m)
{
	const struct xc_table *t = table(r, code);
	strmap_init(m, t ? t->nrows : 0);
	for (size_t i = 0; t && i < t->nrows; i++) {
		const char *v = cell(t, i, col);
		if (v)
			strmap_put(m, v, strlen(v), (uint32_t)i);
	}
}

/* Rule 807: every value of (code, col) is a key of (to, tocol). */
static void foreign(struct checker *k, const char *code, const char *col, const char *to, const char *tocol)
{
	const struct xc_table *t = table(k->r, code);
	if (!t)
		return;
	struct strmap m;
	column_set(k->r, to, tocol, &m);
	for (size_t i = 0; i < t->nrows; i++) {
		const char *v = cell(t, i, col);
		if (v && strmap_get(&m, v, strlen(v)) < 0) {
			char da[300], en[300];
			snprintf(da, sizeof da, "'%.64s' findes ikke i %s (%s)", v, to, tocol);
			snprintf(en, sizeof en, "'%.64s' does not exist in %s (%s)", v, to, tocol);
			flagf(k, code, i + 1, col, "foreign_key", da, en);
		}
	}
	strmap_free(&m);
}

static void foreign_keys(struct checker *k)
{
	static const char *const crz[][2] = {{"B_02.02", "c0010"}, {"B_02.03", "c0010"}, {"B_02.03", "c0020"},
					     {"B_03.01", "c0010"}, {"B_03.02", "c0010"}, {"B_03.03", "c0010"},
					     {"B_04.01", "c0010"}, {"B_05.02", "c0010"}, {"B_07.01", "c0010"},
					     {"B_02.01", "c0030"}};
	for (size_t i = 0; i < sizeof crz / sizeof *crz; i++)
		foreign(k, crz[i][0], crz[i][1], "B_02.01", "c0010");
	static const char *const ict[][2] = {{"B_02.02", "c0030"}, {"B_03.02", "c0020"}, {"B_05.02", "c0030"},
					     {"B_05.02", "c0060"}, {"B_07.01", "c0020"}};
	for (size_t i = 0; i < sizeof ict / sizeof *ict; i++)
		foreign(k, ict[i][0], ict[i][1], "B_05.01", "c0010");
	foreign(k, "B_02.02", "c0050", "B_06.01", "c0010");
	static const char *const les[][2] = {{"B_01.01", "c0010"}, {"B_01.03", "c0020"}, {"B_02.02", "c0020"},
					     {"B_03.01", "c0020"}, {"B_04.01", "c0020"}, {"B_06.01", "c0040"}};
	for (size_t i = 0; i < sizeof les / sizeof *les; i++)
		foreign(k, les[i][0], les[i][1], "B_01.02", "c0010");
	foreign(k, "B_04.01", "c0040", "B_01.03", "c0010");
}

/* A provider's code of type LEI must be a LEI. */
static void code_leis(struct checker *k)
{
	static const char *const pairs[][3] = {{"B_02.02", "c0030", "c0040"}, {"B_03.02", "c0020", "c0030"},
					       {"B_05.01", "c0010", "c0020"}, {"B_05.01", "c0030", "c0040"},
					       {"B_05.01", "c0110", "c0120"}, {"B_05.02", "c0030", "c0040"},
					       {"B_05.02", "c0060", "c0070"}, {"B_07.01", "c0020", "c0030"}};
	for (size_t p = 0; p < sizeof pairs / sizeof *pairs; p++) {
		const struct xc_table *t = table(k->r, pairs[p][0]);
		for (size_t i = 0; t && i < t->nrows; i++) {
			const char *v = cell(t, i, pairs[p][1]);
			if (v && is(cell(t, i, pairs[p][2]), ROI_CODE_TYPE, "lei") && !lei_valid(v))
				flagf(k, pairs[p][0], i + 1, pairs[p][1], "lei",
				      "kodetypen er LEI, men koden er ikke en gyldig LEI",
				      "the type of code is LEI but the code is not a valid LEI");
		}
	}
}

/*
 * A legal person is identified by its LEI or its EUID, never by another code (the EBA's DPM 4.0
 * validation rules v8817 and v8818 on B_05.01: if c0070 is eba_CT:x212 then c0020 and c0040 are
 * eba_qCO:qx2000 or eba_qCO:qx2002).  A company registration number (CVR) identifies an
 * individual acting in a business capacity.
 */
static void legal_person_codes(struct checker *k)
{
	const struct xc_table *t = table(k->r, "B_05.01");
	static const char *const code_cols[] = {"c0020", "c0040"};
	for (size_t i = 0; t && i < t->nrows; i++) {
		if (!is(cell(t, i, "c0070"), ROI_PERSON_TYPE, "legal"))
			continue;
		for (size_t c = 0; c < 2; c++) {
			const char *v = cell(t, i, code_cols[c]);
			if (v && !is(v, ROI_CODE_TYPE, "lei") && !is(v, ROI_CODE_TYPE, "euid"))
				flagf(k, "B_05.01", i + 1, code_cols[c], "code_type",
				      "en juridisk person identificeres med LEI eller EUID",
				      "a legal person is identified by its LEI or EUID");
		}
	}
}

static int32_t date_of(const struct xc_table *t, size_t row, const char *col)
{
	int32_t d;
	const char *v = cell(t, row, col);
	return v && !date_parse(v, &d) ? d : DATE_NONE;
}

static void dates(struct checker *k)
{
	const struct xc_table *t = table(k->r, "B_02.02");
	for (size_t i = 0; t && i < t->nrows; i++) {
		int32_t s = date_of(t, i, "c0070"), e = date_of(t, i, "c0080");
		if (s != DATE_NONE && e != DATE_NONE && e < s)
			flagf(k, "B_02.02", i + 1, "c0080", "date_order", "slutdatoen ligger før startdatoen",
			      "the end date is before the start date");
		if (s != DATE_NONE && s > k->refdate)
			flagf(k, "B_02.02", i + 1, "c0070", "date_order", "startdatoen ligger efter referencedatoen",
			      "the start date is after the reference date");
	}
	t = table(k->r, "B_01.02");
	for (size_t i = 0; t && i < t->nrows; i++) {
		int32_t in = date_of(t, i, "c0080"), up = date_of(t, i, "c0070"), del = date_of(t, i, "c0090");
		if (in != DATE_NONE && up != DATE_NONE && up < in)
			flagf(k, "B_01.02", i + 1, "c0070", "date_order", "opdateret før optagelsen i registret",
			      "updated before its integration in the register");
		if (in != DATE_NONE && del != DATE_NONE && del < in)
			flagf(k, "B_01.02", i + 1, "c0090", "date_order", "slettet før optagelsen i registret",
			      "deleted before its integration in the register");
		if (in != DATE_NONE && in > k->refdate)
			flagf(k, "B_01.02", i + 1, "c0080", "date_order", "optaget efter referencedatoen",
			      "integrated after the reference date");
	}
	static const char *const past[][2] = {{"B_06.01", "c0070"}, {"B_07.01", "c0070"}, {"B_01.02", "c0070"}};
	for (size_t p = 0; p < sizeof past / sizeof *past; p++) {
		t = table(k->r, past[p][0]);
		for (size_t i = 0; t && i < t->nrows; i++) {
			int32_t d = date_of(t, i, past[p][1]);
			if (d != DATE_NONE && d > k->refdate)
				flagf(k, past[p][0], i + 1, past[p][1], "date_order", "ligger efter referencedatoen",
				      "is after the reference date");
		}
	}
}

void roi_check(const struct xc_report *r, struct roi_violations *vs)
{
	struct checker k = {.r = r, .vs = vs, .refdate = DATE_NONE};
	const char *ref = xc_report_get_param(r, "refPeriod");
	if (!ref || date_parse(ref, &k.refdate))
		roi_violation_add(vs, "parameters", 0, "refPeriod", "mandatory", "referencedatoen mangler eller er ugyldig",
				  "the reference date is missing or invalid");
	static const char *const params[] = {"entityID", "refPeriod", "baseCurrency", "decimalsInteger",
					     "decimalsMonetary"};
	for (size_t i = 0; i < r->nparams; i++) {
		bool known = false;
		for (size_t p = 0; p < 5; p++)
			known |= strcmp(r->params[i].name, params[p]) == 0;
		if (!known)
			roi_violation_add(vs, "parameters", i + 1, r->params[i].name, "parameter",
					  "modulet refererer ikke denne parameter (en fatal fejl ved indberetning)",
					  "the module references no such parameter (a fatal error at submission)");
	}
	const struct xc_table *b0101 = table(r, "B_01.01");
	if (b0101 && b0101->nrows != 1)
		roi_violation_add(vs, "B_01.01", 0, "c0010", "rows", "tabellen skal have præcis én række",
				  "the table must have exactly one row");
	const struct xc_table *fn = table(r, "B_06.01");
	strmap_init(&k.critical_fns, fn ? fn->nrows : 0);
	for (size_t i = 0; fn && i < fn->nrows; i++) {
		const char *id = cell(fn, i, "c0010");
		if (id && !is(cell(fn, i, "c0050"), ROI_ASSESSMENT, "no"))
			strmap_put(&k.critical_fns, id, strlen(id), (uint32_t)i);
	}
	for (size_t i = 0; i < r->m->ntables; i++) {
		check_cells(&k, &r->tables[i]);
		check_keys(&k, &r->tables[i]);
	}
	foreign_keys(&k);
	code_leis(&k);
	legal_person_codes(&k);
	if (k.refdate != DATE_NONE)
		dates(&k);
	strmap_free(&k.critical_fns);
}

/* ---- the violation list ---- */

void roi_violations_init(struct roi_violations *vs, struct arena *a)
{
	memset(vs, 0, sizeof *vs);
	vs->a = a;
}

void roi_violations_free(struct roi_violations *vs)
{
	free(vs->v);
	vs->v = NULL;
	vs->n = vs->cap = 0;
}

void roi_violation_add(struct roi_violations *vs, const char *t, size_t row, const char *column, const char *rule,
		       const char *da, const char *en)
{
	if (vs->n == vs->cap) {
		vs->cap = vs->cap ? 2 * vs->cap : 16;
		vs->v = xrealloc(vs->v, vs->cap * sizeof *vs->v);
	}
	vs->v[vs->n++] = (struct roi_violation){
		.table = arena_strdup(vs->a, t), .row = row, .column = arena_strdup(vs->a, column),
		.rule = rule, .message = arena_strdup(vs->a, en), .message_da = arena_strdup(vs->a, da)};
}

json_t *roi_violations_json(const struct roi_violations *vs)
{
	json_t *l = json_array();
	for (size_t i = 0; i < vs->n; i++) {
		const struct roi_violation *x = &vs->v[i];
		json_t *o = json_pack("{s:s, s:I, s:s, s:s, s:s, s:s}", "table", x->table, "row", (json_int_t)x->row,
				      "column", x->column, "rule", x->rule, "message", x->message, "message_da",
				      x->message_da);
		ASSERT(o);
		json_array_append_new(l, o);
	}
	return l;
}
