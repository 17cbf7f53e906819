/*
 * sector.h — analyses over the sector dependency map (SPEC §4, issue 5 §2).
 *
 * The sector map is the members' dependency maps joined through shared nodes
 * (a data centre, a payment or settlement system, an ICT provider and its
 * subcontractors), each owned by one organisation and referenced by others.
 * The forum layer (forum_map.c) builds it from what members shared; the
 * benchmark builds it from the generator's files.  Everything here works on
 * dense uint32_t ids and flat arrays and never touches the store.
 *
 * Failure semantics are graph.h's: a node fails when a required dependency
 * fails or every member of one of its redundancy slots fails; failure is the
 * least fixpoint from the seeds.
 *
 * Ownership: a struct sector_map owns its arrays (sector_map_free).  Result
 * structs own theirs and have their own _free.
 */
#ifndef SKJOLD_SECTOR_H
#define SKJOLD_SECTOR_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "graph.h"

#define SECTOR_NONE UINT32_MAX
#define SECTOR_UNKNOWN UINT32_MAX /* an unknown RTO */

/* The member categories of seed 000 ("Deltagere i FSOR"). */
enum sector_category {
	SECTOR_CAT_CREDIT,        /* penge- og realkreditinstitutter */
	SECTOR_CAT_PAYMENT,       /* betalings- og afviklingssystemer */
	SECTOR_CAT_DATACENTRE,    /* datacentraler */
	SECTOR_CAT_INDUSTRY_BODY, /* brancheorganisationer */
	SECTOR_CAT_AUTHORITY,     /* myndigheder */
	SECTOR_CAT_INSURANCE,     /* forsikrings- og pensionsselskaber */
	SECTOR_CAT_OTHER,         /* andre relevante organisationer */
	SECTOR_NCAT
};

/* The ICT service types of the DORA register of information (2024/2956, S01–S19); 0 is none. */
#define SECTOR_NTYPES 20

struct sector_map {
	struct graph g;              /* the joined map: from depends on to */
	uint32_t norgs;
	uint32_t *node_org;          /* n: owning organisation, 0..norgs-1 */
	uint8_t *node_critical;      /* n: 1 for a critical or important function */
	uint32_t *node_rto;          /* n: RTO in minutes or SECTOR_UNKNOWN; a function's is its tolerance */
	uint8_t *node_service_type;  /* n: ICT service type 1..SECTOR_NTYPES-1, 0 none */
	uint32_t *org_parent;        /* norgs: ultimate parent organisation (itself when none) */
	uint8_t *org_member;         /* norgs: 1 when a forum member */
	uint8_t *org_category;       /* norgs: enum sector_category (members) */
	double *org_assets;          /* norgs: total assets, DKK million; 0 when unknown */
};

/* Allocate the per-node and per-org arrays (zeroed) for n nodes and norgs organisations; g is left empty. */
void sector_map_alloc(struct sector_map *m, uint32_t n, uint32_t norgs);
void sector_map_free(struct sector_map *m);

/*
 * The dominator flow graph of the map: node n is a virtual root with an edge
 * to every critical function; every dependency edge v -> w is an edge.  CSR
 * over n+1 nodes, caller frees *off and *succ.  This is the input the
 * benchmark gives dom_tree and its peers.
 */
void sector_flow_graph(const struct sector_map *m, uint32_t **off, uint32_t **succ, uint32_t *root);

/*
 * The failure-direction flow graph that sector_spof_all runs dom_tree on:
 * node n is a virtual root with an edge to every node without dependencies
 * and to every head of a back edge of a depth-first search over the
 * dependencies (a set that meets every dependency cycle; a self-loop's node
 * included); every dependency v -> w gives the edge w -> v.  Every
 * dominator-tree ancestor of v in it is a node whose failure alone stops v.
 * CSR over n+1 nodes, caller frees *off and *succ.
 */
void sector_failure_flow_graph(const struct sector_map *m, uint32_t **off, uint32_t **succ, uint32_t *root);

/*
 * Single points of failure for every critical function: the nodes (other
 * than the function) whose failure alone stops it, honouring redundancy
 * groups.  Exact: equal to failing each node alone with graph_impact
 * (least-fixpoint semantics, cycles included).  fn[i] is the i-th critical
 * function (ascending id); its SPOFs are node[off[i] .. off[i+1]-1],
 * ascending.  out owns its arrays (sector_spof_free), also on zero
 * functions.  Returns 0, or ERR_INVALID when the map's arrays are missing
 * or a node's organisation is out of range (named in e).
 * Cost: a dominator tree of the failure-direction flow graph, one killer
 * frontier per node in the functions' closure, then output-linear; about
 * a second on the 10^6-node sector (docs/internals/sector.md).
 */
struct sector_spof {
	uint32_t nfn;
	uint32_t *fn;   /* nfn */
	uint64_t *off;  /* nfn+1 */
	uint32_t *node; /* off[nfn] */
};
int sector_spof_all(const struct sector_map *m, struct sector_spof *out, struct errinfo *e);
void sector_spof_free(struct sector_spof *s);

/*
 * Outage simulation: the nodes that fail with seeds, the critical functions
 * that stop and the members hit (organisations owning a stopped function).
 * A seed that is a critical function counts as stopped.  s is the caller's
 * scratch for m->g (graph_scratch_init); seeds must be < n.  Arrays are
 * owned by out (sector_outage_free).
 */
struct sector_outage {
	uint32_t nfailed, nfn, norg;
	uint32_t *failed; /* seeds first, then in failure order */
	uint32_t *fn;     /* stopped critical functions, ascending */
	uint32_t *org;    /* organisations with a stopped function, ascending */
};
void sector_outage(const struct sector_map *m, struct graph_scratch *s, const uint32_t *seeds, uint32_t nseeds,
		   struct sector_outage *out);
void sector_outage_free(struct sector_outage *o);

/*
 * Provider footprint, all providers in one pass.  A provider is an ultimate
 * parent group of organisations; a member relies on it when one of the
 * member's critical functions transitively depends on a node owned by an
 * organisation of the group (other than the member's own group).  It relies
 * directly when some such path meets the group before any other foreign
 * group, else only through subcontractors.  Per provider and category:
 * members relying, their assets, the category's totals, both shares, and a
 * flag at 10 % of either (2024/1502 art. 1, applied at sector level).
 */
struct sector_fp_cat {
	uint32_t members, members_direct, category_members;
	double assets, category_assets;
	double member_share, asset_share; /* 0..1 */
	int flagged;
};
struct sector_fp_provider {
	uint32_t parent;                      /* the group's ultimate parent organisation */
	uint32_t members, members_direct;     /* over all categories */
	struct sector_fp_cat cat[SECTOR_NCAT];
	int flagged;                          /* any category flagged */
};
struct sector_footprint {
	uint32_t n;
	struct sector_fp_provider *p; /* providers relied on by at least one member, by members desc then parent */
};
int sector_footprint(const struct sector_map *m, struct sector_footprint *out, struct errinfo *e);
void sector_footprint_free(struct sector_footprint *f);

/*
 * Concentration per ICT service type: the Herfindahl–Hirschman index over
 * provider groups' shares of member relationships for that type (a member
 * relying on a group for a type counts once), 0..10000.  A relationship is
 * (member, group, type) where a critical function of the member depends,
 * transitively, on a node of the group with node_service_type == type; as
 * in the footprint, the member's own group is not a provider.  The map must
 * be valid (organisations in range, no org_parent cycle): asserted.
 */
struct sector_hhi {
	uint32_t relationships[SECTOR_NTYPES];
	uint32_t providers[SECTOR_NTYPES];
	double hhi[SECTOR_NTYPES]; /* 0 when no relationships */
};
void sector_hhi(const struct sector_map *m, struct sector_hhi *out);

/*
 * Recovery time along each chain of a critical function against its
 * tolerance (the function's own RTO): restoring is sequential along a chain
 * (a dependent cannot be back before what it runs on), so a chain's time is
 * the sum of its nodes' RTOs, a redundancy slot is back when its quickest
 * member is, and the function's figure is its worst chain.  Unknown RTOs
 * are counted and reported, never taken as zero silently.
 * Details: the function's own RTO is its tolerance and not part of the
 * sum; an unknown RTO adds 0 to the sum and 1 to unknown, which counts the
 * nodes of the whole closure (every chain), the function excluded; a
 * dependency cycle is restored as one unit (its RTOs summed, its nodes
 * listed together in the chain), so every query terminates.  Any node may
 * be asked (fn < n, else ERR_INVALID).  Cost: the closure, not the map.
 */
struct sector_recovery {
	uint32_t fn;
	uint64_t worst_minutes;   /* the worst chain's total */
	uint32_t tolerance;       /* the function's RTO or SECTOR_UNKNOWN */
	int breach;               /* worst_minutes > tolerance */
	uint32_t unknown;         /* nodes on its chains without an RTO */
	uint32_t nchain;
	uint32_t *chain;          /* the worst chain, function first */
};
int sector_recovery(const struct sector_map *m, uint32_t fn, struct sector_recovery *out, struct errinfo *e);
void sector_recovery_free(struct sector_recovery *r);

/*
 * Reverse stress test: a smallest set of nodes whose failure stops at least
 * share (0..1] of the critical functions.  Exact (exhaustive by size, with
 * the candidates pruned) when the candidate count is at most exact_limit,
 * otherwise greedy by marginal stopped functions; out->exact says which.
 * "At least share" is ceil(share * total) functions.  Candidates are the
 * nodes that no other node kills (one per class of nodes killing each
 * other): any other node in a set can be swapped for one of its killers.
 * The exact search returns the first set found at the smallest size; the
 * greedy set is valid but only an upper bound on the smallest size.  set
 * is ascending and owned by out.  ERR_INVALID when share is outside (0, 1].
 */
struct sector_stress {
	int exact;
	uint32_t nset, stopped, total;
	uint32_t *set;
};
int sector_stress(const struct sector_map *m, double share, uint32_t exact_limit, struct sector_stress *out,
		  struct errinfo *e);
void sector_stress_free(struct sector_stress *s);

#endif
