/*
 * gen.c — deterministic synthetic sector map for the benchmarks.
 *
 *   bench_gen S|M|L OUTDIR
 *
 * Writes, into OUTDIR (created if missing):
 *   orgs.json     {"skjold": 1, "organisations": [...]} for `skjold import`
 *   nodes.csv     org,id,kind,name,criticality,critical_service,personal_data
 *   edges.csv     org,from,to,type,group
 *   nodes.bin     kinds, base levels, overrides and organisations per node
 *   edges.bin     from/to/group arrays over dense global node ids
 *   queries.txt   100 infrastructure nodes (global ids) for the impact figure
 *   sector.bin    the sector layer: organisation roles, per-node RTO, ICT
 *                 service type and critical-function flag, and the edges
 *                 between organisations (see "The sector layer" below)
 *   meta.json     counts and structure statistics; written last, so its
 *                 presence means the set is complete
 *
 * Sizes: S 10,000 nodes / 40,000 edges / 5 organisations, M 100,000 /
 * 400,000 / 20, L 1,000,000 / 4,000,000 / 200.  The generator is a pure
 * function of the size: one splitmix64 stream seeded from the size letter,
 * so two runs write byte-identical files.
 *
 * Structure of one organisation (N nodes, exactly 4N edges, all inside the
 * organisation): ~4% processes, ~4% services, ~35% systems in 1–4 layers,
 * ~45% infrastructure (2 data centres, network, platforms, servers), ~12%
 * suppliers.  Processes use services and front systems, services use
 * systems, systems use deeper systems and run on servers, servers run on
 * platforms and use the network, platforms and network are hosted at the
 * data centres, which are supplied by a facility supplier.  Below the
 * processes and services the map is 4 to 7 layers deep: 1–4 system layers,
 * then server, platform or network, data centre.  About a quarter of the hosting edges (runs_on, hosted_at)
 * sit in redundancy groups of 2–3 alternatives spread over both data
 * centres.  Targets are drawn with a skew towards low indices, so a few
 * systems and servers become hubs, as in real maps.
 *
 * Global node ids are the row numbers of nodes.csv (0-based, header not
 * counted).  The binary formats are described in bench/README.md; integers
 * are written in host byte order (little-endian on every machine we run).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { K_PROCESS, K_SERVICE, K_SYSTEM, K_INFRA, K_SUPPLIER };
enum { T_RUNS_ON, T_USES, T_INTEGRATES_WITH, T_SUPPLIED_BY, T_HOSTED_AT };
enum { G_NONE, G_HOSTING, G_NET };

#define NQUERIES 100
#define EDGES_PER_NODE 4

static const char *const kind_names[] = {"process", "service", "system", "infrastructure", "supplier"};
static const char *const type_names[] = {"runs_on", "uses", "integrates_with", "supplied_by", "hosted_at"};
static const char *const group_names[] = {"", "hosting", "net"};
static const char *const level_names[] = {"", "Lav", "Medium", "H\xc3\xb8j", "Kritisk"};
static const char *const pdata_names[] = {"none", "ordinary", "sensitive"};
static const char *const org_kinds[] = {"bank", "bank", "bank", "mortgage_institution", "payment_institution",
					"emoney_institution", "insurer", "payment_system", "data_centre", "other"};

/* Per-node attributes, global dense ids. */
struct gen_nodes {
	uint32_t n;
	uint8_t *kind, *base, *fixed, *pdata, *crit, *critsvc;
	uint16_t *org;
	uint32_t *local; /* index within its organisation and kind, for the id string */
	uint8_t *sub;    /* infrastructure subtype / system layer, for names */
};

struct gen_edges {
	uint32_t m, cap;
	uint32_t *from, *to, *group;
	uint8_t *type;
};

/* Ranges of global ids inside one organisation. */
struct gen_org {
	uint32_t first, n;
	uint32_t proc, nproc, svc, nsvc, sys, nsys, dc, ndc, net, nnet, plat, nplat, srv, nsrv, sup, nsup;
	uint32_t layers, layer_first[5]; /* system layers: layer l is [layer_first[l], layer_first[l+1]) */
};

struct gen_stats {
	uint64_t hosting_edges, hosting_grouped, groups, grouped_edges;
};

static uint64_t rng_state;

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("bench_gen: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void *gen_alloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size);
	if (!p)
		die("out of memory");
	return p;
}

/* splitmix64: tiny, fast, and good enough for synthetic structure. */
static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n); n > 0.  The modulo bias is irrelevant at these sizes. */
static uint32_t rng_below(uint32_t n)
{
	return (uint32_t)(rng_next() % n);
}

/* Uniform double in [0, 1). */
static double rng_unit(void)
{
	return (double)(rng_next() >> 11) * (1.0 / 9007199254740992.0);
}

/* Index in [0, n) skewed towards 0 (density 1/(2 sqrt x)): hubs emerge. */
static uint32_t rng_skewed(uint32_t n)
{
	double u = rng_unit();
	uint32_t i = (uint32_t)(u * u * (double)n);
	return i < n ? i : n - 1;
}

static void edges_push(struct gen_edges *E, uint32_t from, uint32_t to, uint8_t type, uint32_t group)
{
	if (E->m == E->cap)
		die("edge budget overflow (internal error)");
	E->from[E->m] = from;
	E->to[E->m] = to;
	E->type[E->m] = type;
	E->group[E->m] = group;
	E->m++;
}

/* Whether from already depends on to among the edges from index start on. */
static int edges_has(const struct gen_edges *E, uint32_t start, uint32_t to)
{
	for (uint32_t i = start; i < E->m; i++)
		if (E->to[i] == to)
			return 1;
	return 0;
}

/*
 * Add up to want edges from `from` to distinct targets in [lo, lo+cnt),
 * drawn skewed (hubs) or uniformly; returns how many were added.  Edges of
 * `from` start at index start in E (for the duplicate check).
 */
static uint32_t add_targets(struct gen_edges *E, uint32_t start, uint32_t from, uint32_t lo, uint32_t cnt,
			    uint32_t want, uint8_t type, int skewed)
{
	uint32_t added = 0;
	if (cnt == 0)
		return 0;
	for (uint32_t tries = 0; added < want && tries < want * 8 + 8; tries++) {
		uint32_t t = lo + (skewed ? rng_skewed(cnt) : rng_below(cnt));
		if (t == from || edges_has(E, start, t))
			continue;
		edges_push(E, from, t, type, G_NONE);
		added++;
	}
	return added;
}

/*
 * One hosting decision of `from`: a single required edge, or (with
 * probability pgroup) a redundancy group of 2–3 alternatives among the
 * candidates [lo, lo+cnt), at most max_edges; returns the edges added.
 */
static uint32_t add_hosting(struct gen_edges *E, struct gen_stats *st, uint32_t start, uint32_t from, uint32_t lo,
			    uint32_t cnt, uint8_t type, double pgroup, int skewed, uint32_t max_edges)
{
	if (cnt == 0 || max_edges == 0)
		return 0;
	uint32_t alts = 1;
	if (max_edges >= 2 && cnt >= 2 && rng_unit() < pgroup)
		alts = (max_edges >= 3 && cnt >= 3 && rng_below(3) == 0) ? 3 : 2;
	uint32_t first = skewed ? rng_skewed(cnt) : rng_below(cnt);
	uint32_t added = 0;
	for (uint32_t k = 0; k < alts; k++) {
		/* Alternatives alternate between the two data centres: platforms
		 * and servers are laid out DC A, DC B, DC A, ... so a step of an
		 * odd stride lands in the other data centre. */
		uint32_t t = lo + (first + k * (cnt / 2 | 1)) % cnt;
		if (t == from || edges_has(E, start, t))
			continue;
		edges_push(E, from, t, type, alts > 1 ? G_HOSTING : G_NONE);
		added++;
	}
	st->hosting_edges += added;
	if (alts > 1) {
		st->hosting_grouped += added;
		st->groups++;
		st->grouped_edges += added;
	}
	return added;
}

/* Lay out one organisation's nodes from global id first on. */
static void org_layout(struct gen_org *o, uint32_t first, uint32_t n)
{
	o->first = first;
	o->n = n;
	o->nproc = n * 4 / 100 ? n * 4 / 100 : 1;
	o->nsvc = n * 4 / 100 ? n * 4 / 100 : 1;
	o->nsup = n * 12 / 100 ? n * 12 / 100 : 1;
	uint32_t ninfra = n * 45 / 100;
	o->ndc = 2;
	o->nnet = ninfra / 100 > 2 ? ninfra / 100 : 2;
	o->nplat = ninfra * 8 / 100 > 2 ? ninfra * 8 / 100 : 2;
	o->nsrv = ninfra - o->ndc - o->nnet - o->nplat;
	o->nsys = n - o->nproc - o->nsvc - o->nsup - ninfra;
	o->proc = first;
	o->svc = o->proc + o->nproc;
	o->sys = o->svc + o->nsvc;
	o->dc = o->sys + o->nsys;
	o->net = o->dc + o->ndc;
	o->plat = o->net + o->nnet;
	o->srv = o->plat + o->nplat;
	o->sup = o->srv + o->nsrv;
	/* 1–4 system layers over 3 infrastructure layers: 4 to 7 below the services. */
	o->layers = 1 + rng_below(4);
	for (uint32_t l = 0; l <= o->layers; l++)
		o->layer_first[l] = o->sys + (uint32_t)((uint64_t)o->nsys * l / o->layers);
}

/* Assign kinds, levels, personal data and overrides of one organisation. */
static void org_nodes(struct gen_nodes *N, const struct gen_org *o, uint16_t org)
{
	for (uint32_t v = o->first; v < o->first + o->n; v++) {
		N->org[v] = org;
		if (v < o->svc) {
			N->kind[v] = K_PROCESS;
			N->local[v] = v - o->proc + 1;
		} else if (v < o->sys) {
			N->kind[v] = K_SERVICE;
			N->local[v] = v - o->svc + 1;
		} else if (v < o->dc) {
			N->kind[v] = K_SYSTEM;
			N->local[v] = v - o->sys + 1;
			uint8_t l = 0;
			while (l + 1u < o->layers && v >= o->layer_first[l + 1])
				l++;
			N->sub[v] = l;
		} else if (v < o->sup) {
			N->kind[v] = K_INFRA;
			N->local[v] = v - o->dc + 1;
			N->sub[v] = v < o->net ? 0 : v < o->plat ? 1 : v < o->srv ? 2 : 3;
		} else {
			N->kind[v] = K_SUPPLIER;
			N->local[v] = v - o->sup + 1;
		}
		uint8_t k = N->kind[v];
		if (k == K_PROCESS || k == K_SERVICE) {
			/* Assessed levels: Lav 15%, Medium 35%, Høj 35%, Kritisk 15%. */
			double u = rng_unit();
			N->crit[v] = u < 0.15 ? 1 : u < 0.50 ? 2 : u < 0.85 ? 3 : 4;
			N->base[v] = N->crit[v];
			if (k == K_SERVICE && rng_unit() < 0.20) {
				N->critsvc[v] = 1; /* NIS2/DORA critical function: floor Kritisk */
				N->base[v] = 4;
			}
		} else if (k == K_SYSTEM) {
			double u = rng_unit();
			N->pdata[v] = u < 0.50 ? 0 : u < 0.85 ? 1 : 2;
			N->base[v] = N->pdata[v] == 2 ? 3 : N->pdata[v] == 1 ? 2 : 0;
		}
		/* A few manual overrides (about 1 in 2,000 systems and infrastructure). */
		if ((k == K_SYSTEM || k == K_INFRA) && rng_below(2000) == 0) {
			N->fixed[v] = 1;
			N->base[v] = (uint8_t)(1 + rng_below(4));
		}
	}
}

/*
 * Edges of one organisation: exactly budget of them.  Infrastructure edges
 * follow fixed rules; the rest of the budget is spread over processes,
 * services and systems by weight, and any shortfall (a node whose pools
 * were too small) is carried to the next node.
 */
static void org_edges(struct gen_edges *E, struct gen_stats *st, const struct gen_org *o, uint32_t budget)
{
	uint32_t start_m = E->m;
	const double pgroup = 0.135; /* ~25% of hosting edges end up grouped */

	/* Data centres: supplied by a facility supplier (power, building). */
	for (uint32_t v = o->dc; v < o->dc + o->ndc; v++) {
		uint32_t s = E->m;
		add_targets(E, s, v, o->sup, o->nsup, 1, T_SUPPLIED_BY, 0);
	}
	/* Network: hosted at one data centre (core and WAN links in each). */
	for (uint32_t v = o->net; v < o->net + o->nnet; v++) {
		uint32_t s = E->m;
		edges_push(E, v, o->dc + (v - o->net) % o->ndc, T_HOSTED_AT, G_NONE);
		st->hosting_edges++;
		add_targets(E, s, v, o->sup, o->nsup, 1, T_SUPPLIED_BY, 0);
	}
	/* Platforms (clusters, storage arrays): hosted at their data centre or,
	 * stretched, at both; supplied by a vendor. */
	for (uint32_t v = o->plat; v < o->plat + o->nplat; v++) {
		uint32_t s = E->m;
		uint32_t dc = o->dc + (v - o->plat) % o->ndc;
		if (rng_unit() < pgroup) {
			edges_push(E, v, o->dc, T_HOSTED_AT, G_HOSTING);
			edges_push(E, v, o->dc + 1, T_HOSTED_AT, G_HOSTING);
			st->hosting_edges += 2;
			st->hosting_grouped += 2;
			st->groups++;
			st->grouped_edges += 2;
		} else {
			edges_push(E, v, dc, T_HOSTED_AT, G_NONE);
			st->hosting_edges++;
		}
		add_targets(E, s, v, o->sup, o->nsup, 1, T_SUPPLIED_BY, 1);
	}
	/* Servers and VMs: run on a platform (or 2–3 in different data centres)
	 * and reach the network through one switch or a redundant pair. */
	for (uint32_t v = o->srv; v < o->srv + o->nsrv; v++) {
		uint32_t s = E->m;
		add_hosting(E, st, s, v, o->plat, o->nplat, T_RUNS_ON, pgroup, 1, 3);
		if (o->nnet >= 2 && rng_unit() < 0.3) {
			uint32_t a = rng_below(o->nnet), b = (a + 1) % o->nnet;
			edges_push(E, v, o->net + a, T_USES, G_NET);
			edges_push(E, v, o->net + b, T_USES, G_NET);
			st->groups++;
			st->grouped_edges += 2;
		} else {
			add_targets(E, s, v, o->net, o->nnet, 1, T_USES, 0);
		}
	}
	uint32_t used = E->m - start_m;
	if (used > budget)
		die("organisation too small for its infrastructure (%" PRIu32 " nodes)", o->n);

	/* Spread what is left over processes (mean weight 8), services (7)
	 * and systems (6.5), each weight scaled by a random factor (0.3–1.7,
	 * and 4x for 2% of the nodes: a few systems with many dependencies),
	 * then rounded cumulatively so the shares add up to the budget. */
	uint32_t rest = budget - used, nw = o->dc - o->proc;
	double *w = gen_alloc(nw, sizeof *w);
	double wsum = 0.0;
	for (uint32_t i = 0; i < nw; i++) {
		uint32_t v = o->proc + i;
		w[i] = (v < o->svc ? 8.0 : v < o->sys ? 7.0 : 6.5) * (0.3 + 1.4 * rng_unit());
		if (rng_below(50) == 0)
			w[i] *= 4.0;
		wsum += w[i];
	}
	double acc = 0.0;
	uint32_t given = 0, carry = 0;
	for (uint32_t v = o->proc; v < o->dc; v++) {
		acc += w[v - o->proc] * (double)rest / wsum;
		uint32_t upto = v + 1 == o->dc ? rest : (uint32_t)(acc + 0.5);
		if (upto > rest)
			upto = rest;
		uint32_t want = upto - given + carry;
		given = upto;
		uint32_t s = E->m, got = 0;
		if (v < o->svc) {
			/* Process: a few services, the rest front systems; sometimes a supplier. */
			uint32_t nsv = want / 3 ? want / 3 : (want ? 1 : 0);
			got += add_targets(E, s, v, o->svc, o->nsvc, nsv, T_USES, 1);
			if (want > got + 2 && rng_unit() < 0.2)
				got += add_targets(E, s, v, o->sup, o->nsup, 1, T_SUPPLIED_BY, 0);
			uint32_t front = o->layer_first[o->layers > 1 ? 2 : 1] - o->sys;
			got += add_targets(E, s, v, o->sys, front, want - got, T_USES, 1);
		} else if (v < o->sys) {
			/* Service: systems of the front layers, maybe an outsourcing supplier. */
			if (want > 2 && rng_unit() < 0.2)
				got += add_targets(E, s, v, o->sup, o->nsup, 1, T_SUPPLIED_BY, 0);
			uint32_t front = o->layer_first[o->layers > 1 ? 2 : 1] - o->sys;
			got += add_targets(E, s, v, o->sys, front, want - got, T_USES, 1);
		} else {
			/* System in layer l: runs on servers, uses deeper systems,
			 * is supplied by a vendor; the deepest layer uses platforms. */
			uint32_t l = 0;
			while (l + 1 < o->layers && v >= o->layer_first[l + 1])
				l++;
			if (want > 0)
				got += add_hosting(E, st, s, v, o->srv, o->nsrv, T_RUNS_ON, pgroup, 1, want);
			if (want > got && rng_unit() < 0.6)
				got += add_targets(E, s, v, o->sup, o->nsup, 1, T_SUPPLIED_BY, 1);
			if (l + 1 < o->layers) {
				uint32_t lo = o->layer_first[l + 1], cnt = o->layer_first[o->layers] - lo;
				uint32_t k = want - got;
				uint32_t integ = k / 4;
				got += add_targets(E, s, v, lo, cnt, k - integ, T_USES, 1);
				got += add_targets(E, s, v, lo, cnt, want - got, T_INTEGRATES_WITH, 0);
			} else {
				uint32_t k = want - got;
				got += add_targets(E, s, v, o->plat, o->nplat, k / 2, T_USES, 1);
				got += add_targets(E, s, v, o->srv, o->nsrv, want - got, T_USES, 1);
			}
		}
		carry = want - got;
	}
	free(w);
	/* A shortfall left at the very end goes to processes → systems of any layer. */
	for (uint32_t v = o->proc; carry > 0 && v < o->svc; v++) {
		/* v's edges are not at the end of E any more: check the whole organisation. */
		for (uint32_t tries = 0; carry > 0 && tries < 64; tries++) {
			uint32_t t = o->sys + rng_below(o->nsys);
			int dup = 0;
			for (uint32_t i = start_m; i < E->m && !dup; i++)
				dup = E->from[i] == v && E->to[i] == t;
			if (!dup) {
				edges_push(E, v, t, T_USES, G_NONE);
				carry--;
			}
		}
	}
	if (E->m - start_m != budget)
		die("organisation edge budget missed: %" PRIu32 " of %" PRIu32, E->m - start_m, budget);
}

/* Node id string into buf: kind prefix and the local index. */
static void node_id(const struct gen_nodes *N, uint32_t v, char *buf, size_t len)
{
	static const char *const pfx[] = {"proc", "svc", "sys", "infra", "sup"};
	snprintf(buf, len, "%s-%06" PRIu32, pfx[N->kind[v]], N->local[v]);
}

static void node_name(const struct gen_nodes *N, uint32_t v, char *buf, size_t len)
{
	static const char *const infra[] = {"Datacenter", "Netv\xc3\xa6rk", "Platform", "Server"};
	switch (N->kind[v]) {
	case K_PROCESS:
		snprintf(buf, len, "Forretningsproces %" PRIu32, N->local[v]);
		break;
	case K_SERVICE:
		snprintf(buf, len, "Kundeservice %" PRIu32, N->local[v]);
		break;
	case K_SYSTEM:
		snprintf(buf, len, "System %" PRIu32 " (lag %u)", N->local[v], (unsigned)N->sub[v] + 1);
		break;
	case K_INFRA:
		snprintf(buf, len, "%s %" PRIu32, infra[N->sub[v]], N->local[v]);
		break;
	default:
		snprintf(buf, len, "Leverand\xc3\xb8r %" PRIu32, N->local[v]);
		break;
	}
}

/* mkdir -p */
static void make_dirs(const char *dir)
{
	char buf[4096];
	size_t len = strlen(dir);
	if (len == 0 || len >= sizeof buf)
		die("bad output directory");
	memcpy(buf, dir, len + 1);
	for (size_t i = 1; i <= len; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		char c = buf[i];
		buf[i] = '\0';
		if (mkdir(buf, 0777) != 0 && errno != EEXIST)
			die("%s: %s", buf, strerror(errno));
		buf[i] = c;
	}
}

static FILE *open_out(const char *dir, const char *name, char *path, size_t len)
{
	snprintf(path, len, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f)
		die("%s: %s", path, strerror(errno));
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	return f;
}

static void close_out(FILE *f, const char *path)
{
	if (ferror(f) || fclose(f) != 0)
		die("%s: write failed", path);
}

static void write_all(FILE *f, const void *p, size_t size, size_t count, const char *path)
{
	if (count && fwrite(p, size, count, f) != count)
		die("%s: write failed", path);
}

/*
 * ---- The sector layer: sector.bin ----
 *
 * Everything above stays inside one organisation, and its files must not
 * change (other figures are measured on them).  The sector layer is drawn
 * afterwards from a stream of its own, so it never shifts the map's draws:
 * organisation roles (member or pure provider, the seed's category, total
 * assets, ultimate parent), per-node RTO, ICT service type and critical
 * function flag, and the cross-organisation edges that join the members'
 * maps into the sector map:
 *   hosting      members' platforms, servers and systems hosted at the data
 *                centres of data-centre members and cloud providers, some
 *                as a redundancy group of two data centres;
 *   payment      members' processes and services using the services of the
 *                payment and settlement systems, some as a group of two
 *                systems' services;
 *   subcontract  suppliers subcontracting to suppliers of organisations
 *                ranked after their own (tier: plain members, then data
 *                centres and payment systems, then providers), which
 *                keeps the joined map acyclic.
 */
enum { CAT_CREDIT, CAT_PAYMENT, CAT_DATACENTRE, CAT_INDUSTRY_BODY, CAT_AUTHORITY, CAT_INSURANCE, CAT_OTHER, NCAT };
#define G_SECTOR 3 /* the group id of a cross-organisation redundancy group; a node has at most one */
#define RTO_UNKNOWN UINT32_MAX

static const char *const cat_names[] = {"credit", "payment", "datacentre", "industry_body", "authority",
					"insurance", "other"};

struct gen_sector {
	uint32_t norgs;
	uint32_t *parent;
	uint8_t *member, *category, *tier;
	double *assets;
	uint8_t *critical, *stype; /* per node */
	uint32_t *rto;             /* per node, minutes or RTO_UNKNOWN */
	struct gen_edges X;        /* the cross-organisation edges */
	uint32_t *by_rank, *rank_pos;
	uint32_t *cand; /* scratch: candidate organisations */
	uint64_t hosting_edges, payment_edges, subcontract_edges, groups, grouped_edges;
	uint64_t hosting_decisions, payment_decisions, subcontract_decisions;
};

/* Roles: from orgs.json's kind (org_kinds[i % 10]) for M and L; a fixed table for S. */
static void sector_roles(struct gen_sector *S)
{
	/* Total assets, DKK million, by category (the last: a provider). */
	static const double base[NCAT + 1] = {2.5e6, 4e3, 3e3, 0, 0, 8e5, 2e4, 0};
	static const uint8_t small[5] = {CAT_CREDIT, CAT_CREDIT, NCAT, CAT_DATACENTRE, CAT_PAYMENT};
	uint32_t first_prov = UINT32_MAX, nprov = 0;
	for (uint32_t i = 0; i < S->norgs; i++) {
		uint32_t k = i % 10, j = i / 10;
		uint8_t cat;
		if (S->norgs < 10)
			cat = small[i % 5];
		else if (k <= 3)
			cat = CAT_CREDIT; /* bank, mortgage institution */
		else if (k == 4 || k == 5)
			cat = CAT_OTHER; /* payment and e-money institutions */
		else if (k == 6)
			cat = CAT_INSURANCE;
		else if (k == 7)
			cat = CAT_PAYMENT;
		else if (k == 8)
			cat = CAT_DATACENTRE;
		else if (j % 3 == 0 || j == 1)
			cat = NCAT; /* a pure provider: a cloud or ICT provider, not a member */
		else
			cat = j % 2 == 0 ? CAT_INDUSTRY_BODY : CAT_AUTHORITY;
		S->member[i] = cat != NCAT;
		S->category[i] = cat != NCAT ? cat : CAT_OTHER; /* meaningless for a non-member */
		S->tier[i] = cat == NCAT ? 2 : cat == CAT_DATACENTRE || cat == CAT_PAYMENT ? 1 : 0;
		S->parent[i] = i;
		/* Every other mortgage institution belongs to the bank three places up (a bank group). */
		if (S->norgs >= 10 && k == 3 && j % 2 == 0)
			S->parent[i] = i - 3;
		/* The first two providers share an ultimate parent (two legal entities of one cloud group). */
		if (cat == NCAT) {
			if (nprov == 0)
				first_prov = i;
			else if (nprov == 1)
				S->parent[i] = first_prov;
			nprov++;
		}
		/* Total assets, DKK million: skewed by size (org-001 is the largest); none for bodies,
		 * authorities and providers. */
		double u = rng_unit();
		double a = base[cat] * (0.25 + 1.5 * u * u) / (double)(i + 1);
		S->assets[i] = (double)(uint64_t)(a * 10.0 + 0.5) / 10.0;
	}
	/* Organisations by (tier, index): subcontracting only goes up this order. */
	uint32_t p = 0;
	for (uint8_t t = 0; t < 3; t++)
		for (uint32_t i = 0; i < S->norgs; i++)
			if (S->tier[i] == t) {
				S->rank_pos[i] = p;
				S->by_rank[p++] = i;
			}
}

/* One value of a weighted table: weights w[0..n-1] with sum total. */
static uint32_t rng_weighted(const uint8_t *w, uint32_t n)
{
	uint32_t total = 0;
	for (uint32_t i = 0; i < n; i++)
		total += w[i];
	uint32_t r = rng_below(total);
	for (uint32_t i = 0; i < n; i++) {
		if (r < w[i])
			return i;
		r -= w[i];
	}
	return n - 1;
}

/* Per-node attributes: critical function flag, ICT service type (S01–S19 as 1..19), RTO minutes. */
static void sector_nodes(struct gen_sector *S, const struct gen_nodes *N)
{
	/* A supplier's service type, weighted: software licences, development and operations lead. */
	static const uint8_t sup_w[19] = {2, 12, 4, 5, 3, 2, 3, 3, 2, 4, 4, 6, 18, 12, 5, 2, 4, 3, 6};
	static const uint32_t fn_rto[] = {120, 240, 480, 1440};
	static const uint8_t fn_w[] = {30, 30, 25, 15};
	static const uint32_t ps_rto[] = {240, 480, 1440, 2880};
	static const uint32_t sys_rto[] = {60, 120, 240, 480, 1440};
	static const uint32_t dc_rto[] = {60, 240, 1440};
	static const uint32_t net_rto[] = {30, 60, 120};
	static const uint32_t plat_rto[] = {60, 120, 240};
	static const uint32_t srv_rto[] = {30, 60, 120, 240};
	static const uint32_t sup_rto[] = {240, 480, 1440, 2880, 4320};
	for (uint32_t v = 0; v < N->n; v++) {
		uint32_t o = N->org[v];
		int prov = !S->member[o];
		uint8_t k = N->kind[v], sub = N->sub[v];
		S->critical[v] = k == K_SERVICE && N->critsvc[v] && !prov;
		if (k == K_INFRA) {
			if (sub == 0)
				S->stype[v] = prov ? 17 : 7; /* IaaS / facilities and hosting */
			else if (sub == 1)
				S->stype[v] = rng_unit() < 0.7 ? 11 : 10; /* network / telecom carrier */
			else if (sub == 2)
				S->stype[v] = prov ? 18 : rng_unit() < 0.6 ? 8 : 9; /* PaaS / computation / storage */
			else
				S->stype[v] = prov ? 17 : rng_unit() < 0.75 ? 8 : 14; /* IaaS / computation / operations */
		} else if (k == K_SUPPLIER) {
			S->stype[v] = (uint8_t)(1 + rng_weighted(sup_w, 19));
		}
		double u = rng_unit();
		uint32_t r = RTO_UNKNOWN;
		if (S->critical[v])
			r = fn_rto[rng_weighted(fn_w, 4)]; /* the function's tolerance: always known */
		else if (k == K_PROCESS || k == K_SERVICE)
			r = u < 0.10 ? RTO_UNKNOWN : ps_rto[rng_below(4)];
		else if (k == K_SYSTEM)
			r = u < 0.05 ? RTO_UNKNOWN : sys_rto[rng_below(5)];
		else if (k == K_INFRA)
			r = u < 0.05 ? RTO_UNKNOWN
			    : sub == 0 ? dc_rto[rng_below(3)]
			    : sub == 1 ? net_rto[rng_below(3)]
			    : sub == 2 ? plat_rto[rng_below(3)]
				       : srv_rto[rng_below(4)];
		else
			r = u < 0.20 ? RTO_UNKNOWN : sup_rto[rng_below(5)];
		S->rto[v] = r;
	}
}

/* Candidates among the organisations: ncand returned in S->cand. */
static uint32_t sector_hosts(struct gen_sector *S, uint32_t x, int providers_only, uint32_t avoid)
{
	uint32_t c = 0;
	for (uint32_t i = 0; i < S->norgs; i++) {
		int host = !S->member[i] || S->category[i] == CAT_DATACENTRE;
		if (host && i != x && i != avoid && (!providers_only || !S->member[i]))
			S->cand[c++] = i;
	}
	return c;
}

/* One hosting decision of v: one data centre, or two as alternatives (group G_SECTOR). */
static void sector_host_one(struct gen_sector *S, const struct gen_org *orgs, uint32_t v, uint32_t h1, uint32_t h2)
{
	struct gen_edges *X = &S->X;
	S->hosting_decisions++;
	if (rng_unit() < 0.35) {
		uint32_t a, b;
		if (h2 != h1 && rng_unit() < 0.6) {
			a = orgs[h1].dc + rng_below(2);
			b = orgs[h2].dc + rng_below(2);
		} else { /* the provider's twin data centres */
			a = orgs[h1].dc;
			b = orgs[h1].dc + 1;
		}
		edges_push(X, v, a, T_HOSTED_AT, G_SECTOR);
		edges_push(X, v, b, T_HOSTED_AT, G_SECTOR);
		S->hosting_edges += 2;
		S->groups++;
		S->grouped_edges += 2;
	} else {
		uint32_t h = rng_unit() < 0.9 ? h1 : h2;
		edges_push(X, v, orgs[h].dc + rng_below(2), T_HOSTED_AT, G_NONE);
		S->hosting_edges++;
	}
}

static void sector_hosting(struct gen_sector *S, const struct gen_org *orgs)
{
	for (uint32_t x = 0; x < S->norgs; x++) {
		if (!S->member[x])
			continue;
		int dcorg = S->category[x] == CAT_DATACENTRE;
		/* Most members run at a data centre; data centres themselves sometimes use a cloud. */
		if (rng_unit() >= (dcorg ? 0.3 : 0.85))
			continue;
		uint32_t c = sector_hosts(S, x, dcorg, UINT32_MAX);
		if (c == 0)
			continue;
		uint32_t h1 = S->cand[rng_skewed(c)]; /* skewed: a few data centres host most members */
		c = sector_hosts(S, x, dcorg, h1);
		uint32_t h2 = c ? S->cand[rng_below(c)] : h1;
		const struct gen_org *o = &orgs[x];
		for (uint32_t v = o->plat; v < o->plat + o->nplat; v++)
			if (rng_unit() < 0.5)
				sector_host_one(S, orgs, v, h1, h2);
		for (uint32_t v = o->srv; v < o->srv + o->nsrv; v++)
			if (rng_unit() < 0.04)
				sector_host_one(S, orgs, v, h1, h2);
		for (uint32_t v = o->sys; v < o->sys + o->nsys; v++)
			if (rng_unit() < 0.06)
				sector_host_one(S, orgs, v, h1, h2);
	}
}

/* A service of a payment system among the c candidates in S->cand, other than org avoid. */
static uint32_t sector_pay_target(struct gen_sector *S, const struct gen_org *orgs, uint32_t c, uint32_t avoid)
{
	uint32_t y = S->cand[rng_skewed(c)];
	for (uint32_t tries = 0; y == avoid && tries < 16; tries++)
		y = S->cand[rng_below(c)];
	return orgs[y].svc + rng_skewed(orgs[y].nsvc);
}

static void sector_pay_one(struct gen_sector *S, const struct gen_org *orgs, const struct gen_nodes *N, uint32_t v,
			   uint32_t c)
{
	struct gen_edges *X = &S->X;
	uint32_t start = X->m;
	double u = rng_unit();
	S->payment_decisions++;
	if (u < 0.15 && c >= 2) { /* alternatives at two payment systems */
		uint32_t a = sector_pay_target(S, orgs, c, UINT32_MAX);
		uint32_t b = sector_pay_target(S, orgs, c, N->org[a]);
		if (N->org[b] != N->org[a]) {
			edges_push(X, v, a, T_USES, G_SECTOR);
			edges_push(X, v, b, T_USES, G_SECTOR);
			S->payment_edges += 2;
			S->groups++;
			S->grouped_edges += 2;
			return;
		}
	}
	uint32_t want = u >= 0.15 && u < 0.25 ? 2 : 1;
	for (uint32_t tries = 0; X->m - start < want && tries < 8; tries++) {
		uint32_t t = sector_pay_target(S, orgs, c, UINT32_MAX);
		if (!edges_has(X, start, t)) {
			edges_push(X, v, t, T_USES, G_NONE);
			S->payment_edges++;
		}
	}
}

static void sector_payment(struct gen_sector *S, const struct gen_org *orgs, const struct gen_nodes *N)
{
	for (uint32_t x = 0; x < S->norgs; x++) {
		if (!S->member[x])
			continue;
		/* A payment system uses only those before it, which keeps service → service acyclic. */
		int ps = S->category[x] == CAT_PAYMENT;
		uint32_t c = 0;
		for (uint32_t i = 0; i < S->norgs; i++)
			if (S->member[i] && S->category[i] == CAT_PAYMENT && i != x && (!ps || i < x))
				S->cand[c++] = i;
		if (c == 0)
			continue;
		/* The member's own few payment systems (2–5), drawn skewed: the central ones are in most sets.
		 * Each pick moves to the front, the rest keep their order. */
		uint32_t k = 2 + rng_below(4);
		k = k < c ? k : c;
		for (uint32_t i = 0; i < k; i++) {
			uint32_t j = i + rng_skewed(c - i), y = S->cand[j];
			memmove(S->cand + i + 1, S->cand + i, (j - i) * sizeof *S->cand);
			S->cand[i] = y;
		}
		c = k;
		const struct gen_org *o = &orgs[x];
		for (uint32_t v = o->proc; v < o->proc + o->nproc; v++)
			if (rng_unit() < 0.15)
				sector_pay_one(S, orgs, N, v, c);
		for (uint32_t v = o->svc; v < o->svc + o->nsvc; v++)
			if (rng_unit() < 0.10)
				sector_pay_one(S, orgs, N, v, c);
	}
}

static void sector_subcontract(struct gen_sector *S, const struct gen_org *orgs)
{
	struct gen_edges *X = &S->X;
	for (uint32_t x = 0; x < S->norgs; x++) {
		uint32_t pos = S->rank_pos[x], above = S->norgs - pos - 1, nprov = 0;
		for (uint32_t p = pos + 1; p < S->norgs; p++)
			nprov += !S->member[S->by_rank[p]];
		if (above == 0)
			continue;
		/* The organisation's suppliers subcontract to 1–3 partner organisations ranked after it,
		 * each a provider in 60 % when one ranks after.  Providers rank last, so the last nprov
		 * of by_rank are the providers above x. */
		uint32_t partner[3], np = 0, want_np = 1 + rng_below(3);
		for (uint32_t tries = 0; np < want_np && tries < 16; tries++) {
			uint32_t y = nprov && rng_unit() < 0.6 ? S->by_rank[S->norgs - nprov + rng_below(nprov)]
							       : S->by_rank[pos + 1 + rng_below(above)];
			int dup = 0;
			for (uint32_t i = 0; i < np; i++)
				dup |= partner[i] == y;
			if (!dup)
				partner[np++] = y;
		}
		const struct gen_org *o = &orgs[x];
		for (uint32_t v = o->sup; v < o->sup + o->nsup; v++) {
			if (rng_unit() >= 0.12)
				continue;
			uint32_t want = rng_below(5) == 0 ? 2 : 1, start = X->m;
			S->subcontract_decisions++;
			for (uint32_t tries = 0; X->m - start < want && tries < 8; tries++) {
				uint32_t y = partner[rng_below(np)];
				uint32_t t = orgs[y].sup + rng_skewed(orgs[y].nsup);
				if (!edges_has(X, start, t)) {
					edges_push(X, v, t, T_SUPPLIED_BY, G_NONE);
					S->subcontract_edges++;
				}
			}
		}
	}
}

/* Whether the map's edges and the cross edges together are acyclic (Kahn's algorithm). */
static int sector_acyclic(uint32_t n, const struct gen_edges *E, const struct gen_edges *X)
{
	uint32_t *off = gen_alloc((size_t)n + 1, sizeof *off), *indeg = gen_alloc(n, sizeof *indeg);
	uint32_t *adj = gen_alloc((size_t)E->m + X->m, sizeof *adj), *queue = gen_alloc(n, sizeof *queue);
	const struct gen_edges *parts[2] = {E, X};
	for (int p = 0; p < 2; p++)
		for (uint32_t e = 0; e < parts[p]->m; e++) {
			off[parts[p]->from[e] + 1]++;
			indeg[parts[p]->to[e]]++;
		}
	for (uint32_t v = 0; v < n; v++)
		off[v + 1] += off[v];
	uint32_t *fill = gen_alloc(n, sizeof *fill);
	for (int p = 0; p < 2; p++)
		for (uint32_t e = 0; e < parts[p]->m; e++) {
			uint32_t f = parts[p]->from[e];
			adj[off[f] + fill[f]++] = parts[p]->to[e];
		}
	uint32_t head = 0, tail = 0;
	for (uint32_t v = 0; v < n; v++)
		if (indeg[v] == 0)
			queue[tail++] = v;
	while (head < tail) {
		uint32_t v = queue[head++];
		for (uint32_t i = off[v]; i < off[v + 1]; i++)
			if (--indeg[adj[i]] == 0)
				queue[tail++] = adj[i];
	}
	free(off);
	free(indeg);
	free(adj);
	free(queue);
	free(fill);
	return tail == n;
}

static void sector_generate(struct gen_sector *S, const struct gen_nodes *N, const struct gen_org *orgs,
			    uint32_t norgs, char size)
{
	/* A stream of its own: the map's files never depend on this layer. */
	rng_state = 0x736b6a736563740aULL ^ (uint64_t)(unsigned char)size;
	S->norgs = norgs;
	S->parent = gen_alloc(norgs, sizeof *S->parent);
	S->member = gen_alloc(norgs, 1);
	S->category = gen_alloc(norgs, 1);
	S->tier = gen_alloc(norgs, 1);
	S->assets = gen_alloc(norgs, sizeof *S->assets);
	S->by_rank = gen_alloc(norgs, sizeof *S->by_rank);
	S->rank_pos = gen_alloc(norgs, sizeof *S->rank_pos);
	S->cand = gen_alloc(norgs, sizeof *S->cand);
	S->critical = gen_alloc(N->n, 1);
	S->stype = gen_alloc(N->n, 1);
	S->rto = gen_alloc(N->n, sizeof *S->rto);
	/* At most two cross edges per node. */
	S->X.cap = 2 * N->n;
	S->X.from = gen_alloc(S->X.cap, sizeof *S->X.from);
	S->X.to = gen_alloc(S->X.cap, sizeof *S->X.to);
	S->X.group = gen_alloc(S->X.cap, sizeof *S->X.group);
	S->X.type = gen_alloc(S->X.cap, 1);

	sector_roles(S);
	sector_nodes(S, N);
	sector_hosting(S, orgs);
	sector_payment(S, orgs, N);
	sector_subcontract(S, orgs);
	for (uint32_t e = 0; e < S->X.m; e++)
		if (N->org[S->X.from[e]] == N->org[S->X.to[e]])
			die("cross edge %" PRIu32 " stays inside its organisation (internal error)", e);
}

static void sector_write(const struct gen_sector *S, uint32_t n, const char *dir)
{
	char path[4096];
	FILE *f = open_out(dir, "sector.bin", path, sizeof path);
	uint32_t hdr[4] = {n, S->norgs, S->X.m, 0};
	write_all(f, "SKJSECT1", 1, 8, path);
	write_all(f, hdr, sizeof *hdr, 4, path);
	write_all(f, S->critical, 1, n, path);
	write_all(f, S->stype, 1, n, path);
	write_all(f, S->rto, sizeof *S->rto, n, path);
	write_all(f, S->parent, sizeof *S->parent, S->norgs, path);
	write_all(f, S->member, 1, S->norgs, path);
	write_all(f, S->category, 1, S->norgs, path);
	write_all(f, S->assets, sizeof *S->assets, S->norgs, path);
	write_all(f, S->X.from, sizeof *S->X.from, S->X.m, path);
	write_all(f, S->X.to, sizeof *S->X.to, S->X.m, path);
	write_all(f, S->X.group, sizeof *S->X.group, S->X.m, path);
	write_all(f, S->X.type, 1, S->X.m, path);
	close_out(f, path);
}

static void sector_free(struct gen_sector *S)
{
	free(S->parent);
	free(S->member);
	free(S->category);
	free(S->tier);
	free(S->assets);
	free(S->by_rank);
	free(S->rank_pos);
	free(S->cand);
	free(S->critical);
	free(S->stype);
	free(S->rto);
	free(S->X.from);
	free(S->X.to);
	free(S->X.group);
	free(S->X.type);
}

int main(int argc, char **argv)
{
	if (argc != 3 || strlen(argv[1]) != 1 || !strchr("SML", argv[1][0]))
		die("usage: bench_gen S|M|L OUTDIR");
	char size = argv[1][0];
	const char *dir = argv[2];
	uint32_t n = size == 'S' ? 10000 : size == 'M' ? 100000 : 1000000;
	uint32_t norgs = size == 'S' ? 5 : size == 'M' ? 20 : 200;
	uint32_t m = n * EDGES_PER_NODE;
	rng_state = 0x736b6a6f6c640000ULL ^ (uint64_t)(unsigned char)size;

	make_dirs(dir);

	struct gen_nodes N = {.n = n};
	N.kind = gen_alloc(n, 1);
	N.base = gen_alloc(n, 1);
	N.fixed = gen_alloc(n, 1);
	N.pdata = gen_alloc(n, 1);
	N.crit = gen_alloc(n, 1);
	N.critsvc = gen_alloc(n, 1);
	N.sub = gen_alloc(n, 1);
	N.org = gen_alloc(n, sizeof *N.org);
	N.local = gen_alloc(n, sizeof *N.local);
	struct gen_edges E = {.cap = m};
	E.from = gen_alloc(m, sizeof *E.from);
	E.to = gen_alloc(m, sizeof *E.to);
	E.group = gen_alloc(m, sizeof *E.group);
	E.type = gen_alloc(m, 1);
	struct gen_org *orgs = gen_alloc(norgs, sizeof *orgs);
	struct gen_stats st = {0};

	/* Organisation sizes: weight 1/(i+5), so a few large banks (5% of the
	 * sector at L) and many small institutions (0.13%); the last one takes
	 * the rounding remainder. */
	double hsum = 0.0;
	for (uint32_t i = 0; i < norgs; i++)
		hsum += 1.0 / (double)(i + 5);
	uint32_t first = 0;
	for (uint32_t i = 0; i < norgs; i++) {
		uint32_t on = i + 1 == norgs ? n - first : (uint32_t)((double)n / (double)(i + 5) / hsum);
		org_layout(&orgs[i], first, on);
		org_nodes(&N, &orgs[i], (uint16_t)i);
		org_edges(&E, &st, &orgs[i], on * EDGES_PER_NODE);
		first += on;
	}
	if (first != n || E.m != m)
		die("totals missed: %" PRIu32 " nodes, %" PRIu32 " edges", first, E.m);
	for (uint32_t e = 0; e < m; e++)
		if (E.from[e] >= n || E.to[e] >= n || N.org[E.from[e]] != N.org[E.to[e]])
			die("edge %" PRIu32 " leaves its organisation (internal error)", e);

	char path[4096], a[64], b[64], name[128];
	/* meta.json goes last: remove any old one first so a half-written set is never taken as complete. */
	snprintf(path, sizeof path, "%s/meta.json", dir);
	remove(path);

	FILE *f = open_out(dir, "orgs.json", path, sizeof path);
	fputs("{\"skjold\": 1, \"organisations\": [\n", f);
	for (uint32_t i = 0; i < norgs; i++)
		fprintf(f, "{\"skjold\": 1, \"organisation\": {\"id\": \"org-%03" PRIu32 "\", \"name\": \"Syntetisk institut %03" PRIu32 "\", \"kind\": \"%s\"}}%s\n",
			i + 1, i + 1, org_kinds[i % (sizeof org_kinds / sizeof *org_kinds)], i + 1 < norgs ? "," : "");
	fputs("]}\n", f);
	close_out(f, path);

	f = open_out(dir, "nodes.csv", path, sizeof path);
	fputs("org,id,kind,name,criticality,critical_service,personal_data\n", f);
	for (uint32_t v = 0; v < n; v++) {
		node_id(&N, v, a, sizeof a);
		node_name(&N, v, name, sizeof name);
		fprintf(f, "org-%03u,%s,%s,%s,%s,%s,%s\n", (unsigned)N.org[v] + 1, a, kind_names[N.kind[v]], name,
			level_names[N.crit[v]], N.critsvc[v] ? "true" : "false", pdata_names[N.pdata[v]]);
	}
	close_out(f, path);

	f = open_out(dir, "edges.csv", path, sizeof path);
	fputs("org,from,to,type,group\n", f);
	for (uint32_t e = 0; e < m; e++) {
		node_id(&N, E.from[e], a, sizeof a);
		node_id(&N, E.to[e], b, sizeof b);
		fprintf(f, "org-%03u,%s,%s,%s,%s\n", (unsigned)N.org[E.from[e]] + 1, a, b, type_names[E.type[e]],
			group_names[E.group[e]]);
	}
	close_out(f, path);

	f = open_out(dir, "nodes.bin", path, sizeof path);
	uint32_t hdr[2] = {n, norgs};
	write_all(f, "SKJNODE1", 1, 8, path);
	write_all(f, hdr, sizeof *hdr, 2, path);
	write_all(f, N.kind, 1, n, path);
	write_all(f, N.base, 1, n, path);
	write_all(f, N.fixed, 1, n, path);
	write_all(f, N.org, sizeof *N.org, n, path);
	close_out(f, path);

	f = open_out(dir, "edges.bin", path, sizeof path);
	hdr[0] = m;
	hdr[1] = n;
	write_all(f, "SKJEDGE1", 1, 8, path);
	write_all(f, hdr, sizeof *hdr, 2, path);
	write_all(f, E.from, sizeof *E.from, m, path);
	write_all(f, E.to, sizeof *E.to, m, path);
	write_all(f, E.group, sizeof *E.group, m, path);
	close_out(f, path);

	/* 100 distinct infrastructure nodes drawn uniformly over the whole map. */
	uint32_t ninfra = 0;
	for (uint32_t v = 0; v < n; v++)
		ninfra += N.kind[v] == K_INFRA;
	if (ninfra < NQUERIES)
		die("too few infrastructure nodes for %d queries", NQUERIES);
	uint32_t *infra = gen_alloc(ninfra, sizeof *infra);
	for (uint32_t v = 0, i = 0; v < n; v++)
		if (N.kind[v] == K_INFRA)
			infra[i++] = v;
	for (uint32_t i = 0; i < NQUERIES; i++) { /* partial Fisher–Yates */
		uint32_t j = i + rng_below(ninfra - i), t = infra[i];
		infra[i] = infra[j];
		infra[j] = t;
	}
	f = open_out(dir, "queries.txt", path, sizeof path);
	for (uint32_t i = 0; i < NQUERIES; i++)
		fprintf(f, "%" PRIu32 "\n", infra[i]);
	close_out(f, path);

	/* The sector layer, from its own stream, written before meta.json. */
	struct gen_sector S = {0};
	sector_generate(&S, &N, orgs, norgs, size);
	if (!sector_acyclic(n, &E, &S.X))
		die("the sector map has a cycle (internal error)");
	sector_write(&S, n, dir);
	uint32_t members = 0, nprov = 0, nhost = 0, npay = 0, ncrit = 0, nrto_unknown = 0, ntyped = 0;
	uint32_t cats[NCAT] = {0};
	for (uint32_t i = 0; i < norgs; i++) {
		members += S.member[i];
		nprov += !S.member[i];
		nhost += !S.member[i] || S.category[i] == CAT_DATACENTRE;
		npay += S.member[i] && S.category[i] == CAT_PAYMENT;
		if (S.member[i])
			cats[S.category[i]]++;
	}
	for (uint32_t v = 0; v < n; v++) {
		ncrit += S.critical[v];
		nrto_unknown += S.rto[v] == RTO_UNKNOWN;
		ntyped += S.stype[v] != 0;
	}

	uint32_t kinds[5] = {0}, levels[5] = {0}, nfixed = 0, maxorg = 0, minorg = UINT32_MAX;
	for (uint32_t v = 0; v < n; v++) {
		kinds[N.kind[v]]++;
		levels[N.base[v]]++;
		nfixed += N.fixed[v];
	}
	for (uint32_t i = 0; i < norgs; i++) {
		maxorg = orgs[i].n > maxorg ? orgs[i].n : maxorg;
		minorg = orgs[i].n < minorg ? orgs[i].n : minorg;
	}
	f = open_out(dir, "meta.json", path, sizeof path);
	fprintf(f,
		"{\"size\": \"%c\", \"format\": 1, \"nodes\": %" PRIu32 ", \"edges\": %" PRIu32 ", \"organisations\": %" PRIu32 ",\n"
		" \"org_nodes_min\": %" PRIu32 ", \"org_nodes_max\": %" PRIu32 ",\n"
		" \"kinds\": {\"process\": %" PRIu32 ", \"service\": %" PRIu32 ", \"system\": %" PRIu32 ", \"infrastructure\": %" PRIu32 ", \"supplier\": %" PRIu32 "},\n"
		" \"base_levels\": [%" PRIu32 ", %" PRIu32 ", %" PRIu32 ", %" PRIu32 ", %" PRIu32 "], \"overrides\": %" PRIu32 ",\n"
		" \"hosting_edges\": %" PRIu64 ", \"hosting_edges_grouped\": %" PRIu64 ", \"redundancy_groups\": %" PRIu64 ", \"grouped_edges\": %" PRIu64 ",\n"
		" \"queries\": %d,\n",
		size, n, m, norgs, minorg, maxorg, kinds[0], kinds[1], kinds[2], kinds[3], kinds[4], levels[0], levels[1],
		levels[2], levels[3], levels[4], nfixed, st.hosting_edges, st.hosting_grouped, st.groups, st.grouped_edges,
		NQUERIES);
	fprintf(f,
		" \"sector\": {\"members\": %" PRIu32 ", \"providers\": %" PRIu32 ", \"hosting_orgs\": %" PRIu32 ", \"payment_orgs\": %" PRIu32 ",\n"
		"  \"categories\": {",
		members, nprov, nhost, npay);
	for (int c = 0; c < NCAT; c++)
		fprintf(f, "%s\"%s\": %" PRIu32, c ? ", " : "", cat_names[c], cats[c]);
	fprintf(f,
		"},\n"
		"  \"critical_functions\": %" PRIu32 ", \"rto_unknown\": %" PRIu32 ", \"service_typed\": %" PRIu32 ",\n"
		"  \"cross_edges\": %" PRIu32 ", \"hosting_edges\": %" PRIu64 ", \"payment_edges\": %" PRIu64 ", \"subcontract_edges\": %" PRIu64 ",\n"
		"  \"hosting_decisions\": %" PRIu64 ", \"payment_decisions\": %" PRIu64 ", \"subcontract_decisions\": %" PRIu64 ",\n"
		"  \"cross_groups\": %" PRIu64 ", \"cross_grouped_edges\": %" PRIu64 "}}\n",
		ncrit, nrto_unknown, ntyped, S.X.m, S.hosting_edges, S.payment_edges, S.subcontract_edges,
		S.hosting_decisions, S.payment_decisions, S.subcontract_decisions, S.groups, S.grouped_edges);
	close_out(f, path);
	sector_free(&S);

	free(infra);
	free(orgs);
	free(E.from);
	free(E.to);
	free(E.group);
	free(E.type);
	free(N.kind);
	free(N.base);
	free(N.fixed);
	free(N.pdata);
	free(N.crit);
	free(N.critsvc);
	free(N.sub);
	free(N.org);
	free(N.local);
	return 0;
}
