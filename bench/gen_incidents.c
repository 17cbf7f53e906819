/*
 * gen_incidents.c — deterministic synthetic incident history for the
 * benchmarks.
 *
 *   bench_gen_incidents N OUT.jsonl
 *
 * Writes N incident facts documents (RULES.md §6), one compact JSON object
 * per line, for `skjold incident assess --batch`.  The output is a pure
 * function of line numbers: one splitmix64 stream with a fixed seed, so two
 * runs write byte-identical files and the first k lines of any file are the
 * same k lines (a 1,000-line sample is the prefix of the 1,000,000-line set).
 *
 * What varies, like a real history of a sector's incidents:
 *   - 500 entities, drawn skewed (a few large banks report most incidents).
 *     Each entity's document part is fixed: its DORA type, PSD2 and NIS2
 *     status, Tier 1 capital, working hours, calendar and the totals its
 *     incidents are measured against (transactions, users, clients,
 *     counterparts).  Some entity fields are null or absent.
 *   - instants: occurred_at uniform from 2019-01-01 to 2026-11-19 (UTC),
 *     then detected, classified and resolved in that order, written in
 *     Copenhagen local time with the right offset (+01:00 / +02:00, EU
 *     summer time) or, for 15% of the documents, in UTC with "Z".
 *     occurred_at is unknown (null) in 4%, classified_at in 20%,
 *     resolved_at in 10%, and an instant after the benchmark's --now
 *     (2026-11-22T11:00Z) is null too: the incident is not classified or
 *     resolved yet.  detected_at is always known: an incident is on record
 *     from its detection, and skjold requires it.
 *   - severity: 60% minor, 25% moderate, 15% severe; the affected counts
 *     scale with it and never exceed the entity's totals; downtime never
 *     exceeds duration, which equals resolved − occurred when both are known.
 *   - every fact of §6, each null (7%) or absent (3%) now and then.
 *   - 0–3 submissions, for regimes that plausibly apply (dk-psd2-2018 before
 *     2025-01-17, eu-dora from then, eu-nis2 from 2025-07-01, eu-gdpr for a
 *     personal-data breach), in report order, none after --now.
 *
 * Every document is valid: occurred ≤ detected ≤ classified ≤ resolved ≤
 * --now for the known ones, and submissions come after detection and before
 * --now.  Lines are written through one 4 MB buffer with hand-rolled
 * formatting: 1,000,000 lines (1.2 GB) take a second or two.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NENTITIES 500
#define OUTBUF (4u << 20)
#define GEN_LINE_MAX 8192 /* a generous bound on one line; checked */

/* 2019-01-01T00:00:00Z, 2026-11-19T00:00:00Z (detection, at most 3 days later, stays before --now), and the benchmark's --now 2026-11-22T12:00:00+01:00. */
#define T_FIRST 1546300800LL
#define T_LAST 1795046400LL
#define T_NOW 1795345200LL
/* dk-psd2-2018 until, eu-dora from 2025-01-17T00:00Z; eu-nis2 in Denmark from 2025-07-01. */
#define T_DORA 1737072000LL
#define T_NIS2 1751328000LL

static uint64_t rng_state;

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("bench_gen_incidents: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

/* splitmix64: tiny, fast, and good enough for synthetic data. */
static uint64_t mix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rng_next(void)
{
	return mix64(&rng_state);
}

/* Uniform in [0, n); n > 0.  The modulo bias is irrelevant here. */
static uint64_t rng_below(uint64_t n)
{
	return rng_next() % n;
}

/* Uniform double in [0, 1). */
static double rng_unit(void)
{
	return (double)(rng_next() >> 11) * (1.0 / 9007199254740992.0);
}

static int rng_chance(double p)
{
	return rng_unit() < p;
}

/*
 * About log-uniform integer in [lo, hi], lo >= 1: totals that span orders of
 * magnitude.  An octave k is drawn uniformly, then lo·2^k·(1+f) with f
 * uniform; values above hi (the partial top octave) are drawn again.  Only
 * basic arithmetic, no libm, so every machine writes the same bytes.
 */
static uint64_t rng_logu(double lo, double hi)
{
	unsigned oct = 0;
	for (double x = lo; x * 2 <= hi; x *= 2)
		oct++;
	double v;
	do
		v = lo * (double)(1ULL << rng_below(oct + 1)) * (1.0 + rng_unit());
	while (v > hi);
	return (uint64_t)v;
}

/* ---- Output buffer ----------------------------------------------------- */

static char *out_buf;
static size_t out_len;
static FILE *out_file;
static const char *out_path;

static void out_flush(void)
{
	if (out_len && fwrite(out_buf, 1, out_len, out_file) != out_len)
		die("%s: write failed: %s", out_path, strerror(errno));
	out_len = 0;
}

static void put_mem(const char *s, size_t n)
{
	memcpy(out_buf + out_len, s, n);
	out_len += n;
}

/* String literals only: the length is known at compile time. */
#define PUT(lit) put_mem(lit, sizeof lit - 1)

static void put_str(const char *s)
{
	put_mem(s, strlen(s));
}

static void put_u64(uint64_t v)
{
	char tmp[20];
	int i = 20;
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put_mem(tmp + i, (size_t)(20 - i));
}

static void put2(unsigned v)
{
	out_buf[out_len++] = (char)('0' + v / 10);
	out_buf[out_len++] = (char)('0' + v % 10);
}

/* ---- Time: civil dates and Copenhagen's offset -------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Unix day of the last Sunday of month m of year y (1970-01-01 was a Thursday). */
static int64_t last_sunday(int y, unsigned m)
{
	int64_t last = days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
	int64_t wd = (last + 4) % 7; /* 0 = Sunday */
	return last - wd;
}

/* Summer time per year: last Sunday of March 01:00 UTC to last Sunday of October 01:00 UTC (RULES §1). */
#define Y_FIRST 2018
#define Y_COUNT 11
static int64_t dst_start[Y_COUNT], dst_end[Y_COUNT];

static void dst_init(void)
{
	for (int i = 0; i < Y_COUNT; i++) {
		dst_start[i] = last_sunday(Y_FIRST + i, 3) * 86400 + 3600;
		dst_end[i] = last_sunday(Y_FIRST + i, 10) * 86400 + 3600;
	}
}

/* Europe/Copenhagen's UTC offset in seconds at instant t. */
static int cph_offset(int64_t t)
{
	int y;
	unsigned m, d;
	civil_from_days(t / 86400, &y, &m, &d);
	int i = y - Y_FIRST;
	if (i < 0 || i >= Y_COUNT)
		die("instant out of range (internal error)");
	return t >= dst_start[i] && t < dst_end[i] ? 7200 : 3600;
}

/* "2026-04-02T16:50:00+02:00" (local) or "2026-04-02T14:50:00Z", quoted; null for t < 0. */
static void put_time(int64_t t, int utc)
{
	if (t < 0) {
		PUT("null");
		return;
	}
	int off = utc ? 0 : cph_offset(t);
	int64_t local = t + off;
	int y;
	unsigned m, d;
	civil_from_days(local / 86400, &y, &m, &d);
	unsigned sec = (unsigned)(local % 86400);
	PUT("\"");
	put2((unsigned)y / 100);
	put2((unsigned)y % 100);
	PUT("-");
	put2(m);
	PUT("-");
	put2(d);
	PUT("T");
	put2(sec / 3600);
	PUT(":");
	put2(sec / 60 % 60);
	PUT(":");
	put2(sec % 60);
	if (utc)
		PUT("Z\"");
	else if (off == 7200)
		PUT("+02:00\"");
	else
		PUT("+01:00\"");
}

/* ---- Entities ----------------------------------------------------------- */

enum dora_type { DT_CREDIT, DT_PAYMENT, DT_EMONEY, DT_INVEST, DT_CCP, DT_CSD, DT_VENUE, DT_INSURANCE, DT_OTHER };
static const char *const dora_type_names[] = {"credit_institution", "payment_institution", "e_money_institution",
					      "investment_firm", "ccp", "csd", "trading_venue", "insurance", "other"};
static const char *const dora_type_label[] = {"Bank", "Betalingsinstitut", "E-pengeinstitut", "Fondsm\xc3\xa6gler",
					      "Clearing", "V\xc3\xa6rdipapircentral", "Markedsplads", "Forsikring",
					      "Finansiel virksomhed"};
/* Weights in percent: banks and insurers dominate a Danish incident history. */
static const unsigned dora_type_weight[] = {30, 12, 6, 12, 2, 2, 3, 18, 15};

/* What an incident is measured against; fixed per entity. */
struct gen_entity {
	char json[768]; /* "entity":{…} */
	size_t json_len;
	int dora, psd2, nis2; /* nis2: 0 none, 1 important, 2 essential */
	uint64_t tx_regular, tx_value_regular, users, clients, counterparts;
	uint64_t tier1; /* 0: not applicable */
};

static struct gen_entity entities[NENTITIES];

/* Append to one entity's JSON text, bounded. */
static void ent_add(struct gen_entity *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void ent_add(struct gen_entity *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(e->json + e->json_len, sizeof e->json - e->json_len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof e->json - e->json_len)
		die("entity text too long (internal error)");
	e->json_len += (size_t)n;
}

/*
 * Entity i from its own stream (seeded by i), so its attributes do not
 * depend on how many incidents are generated.  A field is written as a
 * value, as null, or left out.
 */
static void entity_init(struct gen_entity *e, unsigned i)
{
	uint64_t saved = rng_state;
	rng_state = 0x656e746974790000ULL ^ (uint64_t)i * 0x100000001b3ULL;

	unsigned w = (unsigned)rng_below(100), dt = 0;
	while (dt < 8 && w >= dora_type_weight[dt])
		w -= dora_type_weight[dt++];
	e->dora = !rng_chance(0.10); /* 10%: a NIS2 entity outside the financial sector */
	if (!e->dora)
		e->psd2 = 0;
	else if (dt == DT_PAYMENT || dt == DT_EMONEY)
		e->psd2 = 1;
	else if (dt == DT_CREDIT)
		e->psd2 = rng_chance(0.9);
	else
		e->psd2 = rng_chance(0.03);
	double u = rng_unit();
	if (e->dora)
		e->nis2 = u < 0.75 ? 0 : u < 0.85 ? 1 : 2;
	else
		e->nis2 = u < 0.1 ? 0 : u < 0.5 ? 1 : 2;
	int big = i < 20; /* entities are drawn skewed towards low numbers: make those large */
	e->users = big ? rng_logu(200000, 4000000) : rng_logu(1000, 500000);
	e->clients = rng_chance(0.6) ? e->users : rng_logu(500, (double)e->users + 1000);
	e->tx_regular = rng_logu(2000, big ? 20000000 : 2000000);
	e->tx_value_regular = e->tx_regular * rng_logu(20, 5000);
	e->counterparts = rng_logu(5, 600);
	e->tier1 = e->dora && (dt == DT_CREDIT || dt == DT_INVEST) ? rng_logu(20e6, big ? 30e9 : 2e9) : 0;

	ent_add(e, "\"entity\":{\"name\":\"Syntetisk %s %03u%s\"", e->dora ? dora_type_label[dt] : "Forsyning", i + 1,
		e->dora && dt == DT_CREDIT ? " A/S" : "");
	ent_add(e, ",\"psd2_psp\":%s,\"dora\":%s", e->psd2 ? "true" : "false", e->dora ? "true" : "false");
	if (e->dora)
		ent_add(e, ",\"dora_type\":\"%s\"", dora_type_names[dt]);
	else if (rng_chance(0.5))
		ent_add(e, ",\"dora_type\":null");
	static const char *const nis2_names[] = {"none", "important", "essential"};
	ent_add(e, ",\"nis2\":\"%s\"", nis2_names[e->nis2]);
	u = rng_unit();
	if (u < 0.7)
		ent_add(e, ",\"trust_service_provider\":%s", !e->dora && rng_chance(0.1) ? "true" : "false");
	else if (u < 0.8)
		ent_add(e, ",\"trust_service_provider\":null");
	if (e->tier1)
		ent_add(e, ",\"tier1_capital_eur\":%" PRIu64, e->tier1);
	else if (rng_chance(0.5))
		ent_add(e, ",\"tier1_capital_eur\":null");
	u = rng_unit();
	if (u < 0.35) {
		unsigned s = 420 + 30 * (unsigned)rng_below(6), en = 900 + 30 * (unsigned)rng_below(6); /* 07:00–09:30, 15:00–17:30 */
		ent_add(e, ",\"working_hours\":{\"start\":\"%02u:%02u\",\"end\":\"%02u:%02u\"}", s / 60, s % 60, en / 60,
			en % 60);
	} else if (u < 0.45) {
		ent_add(e, ",\"working_hours\":null");
	}
	u = rng_unit();
	if (u < 0.6)
		ent_add(e, ",\"calendar\":\"dk-bank\"");
	else if (u < 0.85)
		ent_add(e, ",\"calendar\":\"dk-public\"");
	else if (u < 0.9)
		ent_add(e, ",\"calendar\":null");
	ent_add(e, "}");
	rng_state = saved;
}

/* Entity number skewed towards 0 (density ~ 1/sqrt): a few entities report most incidents. */
static unsigned entity_pick(void)
{
	double u = rng_unit();
	unsigned i = (unsigned)(u * u * NENTITIES);
	return i < NENTITIES ? i : NENTITIES - 1;
}

/* ---- One incident ------------------------------------------------------- */

static const char *const titles[] = {
	"Kortbetalinger nede",
	"Netbank utilg\xc3\xa6ngelig",
	"Mobilbank: login fejler",
	"Fejl i \\\"MitID\\\"-login",
	"Ransomware p\\u00e5 filserver",
	"DDoS mod betalingsgateway",
	"Forsinkede overf\xc3\xb8rsler (Straks)",
	"Datacenter: str\xc3\xb8msvigt",
	"Phishing: kompromitteret medarbejderkonto",
	"Leverand\xc3\xb8r: driftsforstyrrelse hos hostingpartner",
	"Batchk\xc3\xb8rsel afbrudt \xe2\x80\x93 bogf\xc3\xb8ring forsinket",
	"Fejlsendt e-mail med kundedata",
	"Core banking: database l\xc3\xa5st",
	"API til tredjeparter svarer ikke",
	"Certifikat udl\xc3\xb8" "bet p\xc3\xa5 kundeportal",
	"Netv\xc3\xa6rksfejl mellem datacentre",
};

#define P_NULL 0.07
#define P_ABSENT 0.03

/* Whether a fact is written: absent ⇒ 0; else 1 and *null says whether it is null. */
static int fact_shown(int *null)
{
	double u = rng_unit();
	*null = u < P_NULL;
	return u >= P_NULL + P_ABSENT || *null;
}

/* ,"key":value | ,"key":null | nothing.  The first fact has no comma: *first. */
static void fact_key(const char *key, int *first)
{
	if (!*first)
		PUT(",");
	*first = 0;
	PUT("\"");
	put_str(key);
	PUT("\":");
}

static void fact_u64(const char *key, uint64_t v, int *first)
{
	int null;
	if (!fact_shown(&null))
		return;
	fact_key(key, first);
	if (null)
		PUT("null");
	else
		put_u64(v);
}

static void fact_bool(const char *key, int v, int *first)
{
	int null;
	if (!fact_shown(&null))
		return;
	fact_key(key, first);
	if (null)
		PUT("null");
	else if (v)
		PUT("true");
	else
		PUT("false");
}

static void fact_enum(const char *key, const char *v, int *first)
{
	int null;
	if (!fact_shown(&null))
		return;
	fact_key(key, first);
	if (null || !v) {
		PUT("null");
	} else {
		PUT("\"");
		put_str(v);
		PUT("\"");
	}
}

/* Affected share of a total by severity: minor up to 5%, moderate 2–17%, severe 10–70%. */
static double share(int sev)
{
	double u = rng_unit();
	return sev == 0 ? u * u * u * 0.05 : sev == 1 ? 0.02 + 0.15 * u : 0.10 + 0.60 * u;
}

static uint64_t part(uint64_t total, int sev)
{
	uint64_t v = (uint64_t)((double)total * share(sev));
	return v > total ? total : v;
}

/* A duration in seconds between lo and hi, log-uniform, rounded to the minute. */
static int64_t delay(double lo, double hi)
{
	return (int64_t)rng_logu(lo, hi) / 60 * 60;
}

/* The reports of one regime, in the order they are submitted. */
struct gen_regime {
	const char *id;
	const char *reports[3];
	unsigned nreports;
};

static const struct gen_regime regimes[] = {
	{"dk-psd2-2018", {"initial", "intermediate", "final"}, 3},
	{"eu-dora", {"initial", "intermediate", "final"}, 3},
	{"eu-nis2", {"early_warning", "notification", "final"}, 3},
	{"eu-gdpr", {"authority", "data_subjects", NULL}, 2},
};

static void incident_write(uint64_t no)
{
	const struct gen_entity *e = &entities[entity_pick()];
	int utc = rng_chance(0.15);
	int sev;
	double u = rng_unit();
	sev = u < 0.60 ? 0 : u < 0.85 ? 1 : 2;

	/* The timeline, UTC seconds; -1 = unknown (null). */
	int64_t occurred = T_FIRST + (int64_t)rng_below((uint64_t)(T_LAST - T_FIRST)) / 60 * 60;
	u = rng_unit();
	int64_t detected = occurred + (u < 0.4 ? delay(60, 600) : u < 0.85 ? delay(600, 4 * 3600) : delay(4 * 3600, 3 * 86400));
	int64_t classified = detected + (rng_chance(0.15) ? delay(24 * 3600, 72 * 3600) : delay(900, 24 * 3600));
	int64_t resolved = detected + (sev == 0 ? delay(600, 2 * 86400) : delay(1800, 14 * 86400));
	if (classified > resolved) /* keep the documented order: classified within the incident */
		classified = detected + (int64_t)(rng_unit() * (double)(resolved - detected)) / 60 * 60;
	if (classified > T_NOW)
		classified = -1;
	if (resolved > T_NOW)
		resolved = -1;
	int64_t occurred_true = occurred;
	if (rng_chance(0.04))
		occurred = -1;
	if (rng_chance(0.20))
		classified = -1;
	if (rng_chance(0.10))
		resolved = -1;

	PUT("{\"title\":\"");
	put_str(titles[rng_below(sizeof titles / sizeof *titles)]);
	PUT(" (INC-");
	put_u64(no + 1);
	PUT(")\",\"occurred_at\":");
	put_time(occurred, utc);
	PUT(",\"detected_at\":");
	put_time(detected, utc);
	PUT(",\"classified_at\":");
	put_time(classified, utc);
	PUT(",\"resolved_at\":");
	put_time(resolved, utc);
	PUT(",");
	put_mem(e->json, e->json_len);
	PUT(",\"facts\":{");

	int first = 1;
	uint64_t tx = part(e->tx_regular, sev);
	fact_u64("transactions_affected", tx, &first);
	fact_u64("transactions_regular", e->tx_regular, &first);
	fact_u64("transactions_value_eur", tx ? (uint64_t)((double)e->tx_value_regular * share(sev)) : 0, &first);
	fact_u64("transactions_value_regular_eur", e->tx_value_regular, &first);
	uint64_t users = part(e->users, sev);
	fact_u64("users_affected", users, &first);
	fact_u64("users_total", e->users, &first);
	fact_u64("clients_affected", e->clients == e->users ? users : part(e->clients, sev), &first);
	fact_u64("clients_total", e->clients, &first);
	fact_u64("financial_counterparts_affected", sev == 0 ? 0 : part(e->counterparts, sev - 1), &first);
	fact_u64("financial_counterparts_total", e->counterparts, &first);
	fact_bool("relevant_clients_affected", sev == 2 && rng_chance(0.3), &first);
	/* duration = resolved − occurred when both are known, else an estimate */
	uint64_t duration = resolved >= 0 ? (uint64_t)(resolved - occurred_true) / 60
					  : (uint64_t)(T_NOW - occurred_true < 30 * 86400 ? (T_NOW - occurred_true) / 60
											  : (int64_t)rng_logu(10, 20000));
	uint64_t downtime = rng_chance(0.3) ? 0 : (uint64_t)((double)duration * rng_unit());
	fact_u64("downtime_minutes", downtime, &first);
	fact_u64("duration_minutes", duration, &first);
	fact_u64("economic_impact_eur",
		 sev == 0 ? rng_logu(1, 50000) : sev == 1 ? rng_logu(5000, 500000) : rng_logu(50000, 20000000), &first);
	static const char *const escalation[] = {"none", "high", "crisis"};
	fact_enum("internal_escalation", escalation[sev == 0 ? rng_below(2) * rng_below(2) : sev == 1 ? 1 : 1 + rng_below(2)],
		  &first);
	fact_bool("other_psps_affected", rng_chance(sev == 2 ? 0.3 : 0.03), &first);
	fact_bool("reputational_impact", rng_chance(sev == 0 ? 0.05 : sev == 1 ? 0.3 : 0.7), &first);
	int malicious = rng_chance(sev == 0 ? 0.03 : 0.15);
	fact_bool("security_breach", malicious || rng_chance(0.05), &first);
	fact_bool("critical_services_affected", rng_chance(sev == 0 ? 0.2 : sev == 1 ? 0.6 : 0.9), &first);
	fact_bool("malicious_unauthorised_access", malicious, &first);
	fact_bool("data_losses", rng_chance(malicious ? 0.5 : 0.05), &first);
	fact_u64("member_states_affected", rng_chance(0.85) ? 1 : 2 + rng_below(5), &first);
	fact_bool("significant_disruption", rng_chance(sev == 0 ? 0.05 : sev == 1 ? 0.4 : 0.9), &first);
	fact_bool("considerable_damage", rng_chance(sev == 0 ? 0.01 : sev == 1 ? 0.1 : 0.5), &first);
	int breach = rng_chance(malicious ? 0.6 : 0.08);
	fact_bool("personal_data_breach", breach, &first);
	static const char *const risk[] = {"unlikely", "risk", "high"};
	fact_enum("data_subject_risk", breach ? risk[rng_below(3)] : rng_chance(0.5) ? "unlikely" : NULL, &first);
	PUT("},\"submissions\":[");

	/* Submissions: regimes that plausibly apply, reports in order, none after --now. */
	unsigned cand[4], ncand = 0;
	if (e->psd2 && occurred_true < T_DORA)
		cand[ncand++] = 0;
	if (e->dora && occurred_true >= T_DORA)
		cand[ncand++] = 1;
	if (e->nis2 && occurred_true >= T_NIS2)
		cand[ncand++] = 2;
	if (breach)
		cand[ncand++] = 3;
	unsigned nsub = (unsigned)rng_below(4);
	int64_t base = detected;
	if (ncand && nsub) {
		int64_t t = base + delay(600, 20 * 3600);
		unsigned r = (unsigned)rng_below(ncand), k = 0;
		for (unsigned s = 0; s < nsub && t <= T_NOW; s++) {
			if (k == regimes[cand[r]].nreports) {
				if (ncand == 1)
					break;
				r = (r + 1) % ncand;
				k = 0;
				t = base + delay(600, 48 * 3600);
				if (t > T_NOW)
					break;
			}
			if (s)
				PUT(",");
			PUT("{\"regime\":\"");
			put_str(regimes[cand[r]].id);
			PUT("\",\"report\":\"");
			put_str(regimes[cand[r]].reports[k++]);
			PUT("\",\"submitted_at\":");
			put_time(t, utc);
			PUT("}");
			t += delay(3 * 3600, 10 * 86400);
		}
	}
	PUT("]}\n");
}

int main(int argc, char **argv)
{
	char *end;
	if (argc != 3 || !argv[1][0])
		die("usage: bench_gen_incidents N OUT.jsonl");
	errno = 0;
	unsigned long long n = strtoull(argv[1], &end, 10);
	if (*end || errno || argv[1][0] == '-' || n > 100000000ULL)
		die("N must be a count from 0 to 100000000, not \"%s\"", argv[1]);
	out_path = argv[2];
	out_file = fopen(out_path, "wb");
	if (!out_file)
		die("%s: %s", out_path, strerror(errno));
	out_buf = malloc(OUTBUF);
	if (!out_buf)
		die("out of memory");

	dst_init();
	for (unsigned i = 0; i < NENTITIES; i++)
		entity_init(&entities[i], i);
	rng_state = 0x736b6a6f6c64696eULL; /* "skjoldin" */
	for (uint64_t i = 0; i < n; i++) {
		if (out_len > OUTBUF - GEN_LINE_MAX)
			out_flush();
		size_t before = out_len;
		incident_write(i);
		if (out_len - before > GEN_LINE_MAX)
			die("line %" PRIu64 " longer than %d bytes (internal error)", i + 1, GEN_LINE_MAX);
	}
	out_flush();
	if (fclose(out_file) != 0)
		die("%s: write failed: %s", out_path, strerror(errno));
	free(out_buf);
	return 0;
}
