/*
 * forum_map.h — the sector dependency map as one viewer may see it.
 *
 * Joins the maps the forum's members shared into a struct sector_map:
 * every node is keyed "org/node"; an external node with a ref ("org/node")
 * stands for the node it names, so two members referring to the same data
 * centre or provider meet at one node.  A referenced node that is not
 * visible to the viewer (unshared, withheld, or unknown — the same to the
 * viewer) becomes a hidden node owned by the referenced organisation, so the
 * join still happens without showing anything of its inside.
 */
#ifndef SKJOLD_FORUM_MAP_H
#define SKJOLD_FORUM_MAP_H

#include "forum.h"
#include "sector.h"

enum forum_map_view {
	/*
	 * What the secretariat may see: everything shared to it under any label
	 * but RED (analyses are read by the whole secretariat, RED is for named
	 * people).  Only the secretariat may build it.
	 */
	FMAP_SECRETARIAT,
	/*
	 * The input of figures other members see: the secretariat's view limited
	 * to CLEAR, GREEN and AMBER (tlp_aggregatable).  Any member may have it
	 * built; only aggregates over at least min_group members leave it.
	 */
	FMAP_AGGREGATE,
	/* The acting member: its own map in full plus what others shared to it. */
	FMAP_MEMBER,
};

struct forum_map {
	struct sector_map m;
	const char **org_ids;   /* m.norgs */
	const char **org_names; /* m.norgs: a known organisation's name, else (registers) the provider's legal
				 * name (forum_roi_map.c); NULL entries when unknown */
	const char **node_ids;  /* m.g.n: the node's id within its organisation */
	const char **node_names;
	uint8_t *node_kind;     /* enum node_kind; NODE_EXTERNAL for a hidden node */
	uint8_t *node_hidden;   /* 1 for a referenced node the viewer cannot see */
	/*
	 * The share that shows the viewer node v's key: the owner's share of it,
	 * or the share of a node that refers to it, the widest label when
	 * several do (an AMBER one among several stands for them all: the
	 * narrower reading).  NULL for the acting member's own unshared node.
	 */
	const struct fshare_rec **node_share;
	uint32_t nhidden, nshared_nodes, nedges;
	uint32_t self;          /* the acting organisation's index, or SECTOR_NONE */
	struct strmap *keys;    /* "org/node" -> node index (private) */
};

/* Build fm for f's acting organisation.  fm owns everything; forum_map_free releases it. */
int forum_map_build(struct forum_ctx *f, enum forum_map_view view, struct forum_map *fm, struct errinfo *e);
/*
 * The same view read from the members' registers of information (forum_roi_map.c): each register a
 * member shares with a rule of kind "roi" (its own always, in FMAP_MEMBER), built as of refdate —
 * functions, providers per ICT service type, subcontracting chains.
 */
int forum_roi_map_build(struct forum_ctx *f, enum forum_map_view view, int32_t refdate, struct forum_map *fm,
			struct errinfo *e);
/* The acting organisation's own view: FMAP_SECRETARIAT for the secretariat, else FMAP_MEMBER. */
enum forum_map_view forum_map_own_view(const struct forum_ctx *f);
void forum_map_free(struct forum_map *fm);

/* ---- shared by the builders (forum_map.c, forum_roi_map.c) ---- */

struct strmap;
/* The organisations a sector view joins: the secretariat first, then every active member (in f->a). */
const char **forum_participants(const struct forum_ctx *f, size_t *n);
/* The index of organisation org[0..len) in orgs/ids, numbered next when new (copied into a). */
uint32_t forum_map_org_index(struct strmap *orgs, const char ***ids, uint32_t *n, uint32_t *cap, struct arena *a,
			     const char *org, size_t len);
/*
 * After sector_map_alloc: fm->m's facts of each organisation of *ids — membership, category and
 * assets from the forum, the ultimate parent from the store — numbering a parent outside the list
 * (growing the per-organisation arrays and *n).  Reads with the store's scope lifted.
 */
void forum_map_orgs(struct forum_ctx *f, struct forum_map *fm, struct strmap *orgs, const char ***ids, uint32_t *n,
		    uint32_t *cap);
/* The node "org/node", or SECTOR_NONE. */
uint32_t forum_map_find(const struct forum_map *fm, const char *key);
/* "org/node" of node v, in a (arena). */
const char *forum_map_key(const struct forum_map *fm, struct arena *a, uint32_t v);

#endif
