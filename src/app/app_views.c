/*
 * app_views.c — the server's evaluated risks of each organisation, kept
 * between requests (app_views.h).
 *
 * Listing an organisation's risks reads every risk row (most of the cost of
 * an uncached risks page at 5,000 risks), and every write makes the answer
 * cache miss.  So a server keeps, per organisation, the risks part of its
 * view (orgview_load_parts ORGVIEW_RISKS) with the write generation and the
 * date it was read at.  A list takes it when the organisation's generation
 * (store_org_generation, bumped by every audited write, whichever process
 * made it) and today's date are still those: exactly what a load would read.
 *
 * A risk written through this server does not throw the view away: the
 * write notes the generation before and after it, inside its transaction,
 * and the risk as stored.  When its outermost transaction has committed,
 * a view still at the generation before becomes a view at the one after
 * with that risk in place (orgview_with_risk), provided the write's was the
 * only audited write in between (after = before + 1: writers are serialised
 * by the store's write lock, and any other write would count too).  A write
 * rolled back is never applied: unless the write's own transaction was the
 * outermost, its note waits, per thread, for the outermost transaction.  Just
 * before that commits (the write lock still held) app_views_check keeps only
 * notes whose organisation is now at the generation the last of them left
 * it at, each note starting where the one before ended: a savepoint rolled
 * back after a write (a preview) breaks the chain and voids its
 * organisation's notes.  app_views_settle applies the rest once committed.
 *
 * Views are immutable once published and reference-counted under one mutex;
 * a patched view shares the storage of the one it patched.  So that the
 * chain does not grow without end, every VIEW_DEPTH_MAX-th patch copies all
 * the risks' texts (orgview_own_risks: about a millisecond at 5,000 risks,
 * against tens for reading them again) and then rests on the view read from
 * the store alone.  At most VIEWS_MAX organisations are kept; the least
 * recently used goes.
 */
#include "app_views.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

#define VIEWS_MAX 16
#define VIEW_DEPTH_MAX 32
#define NOTES_MAX 64

struct view {
	struct orgview v;
	struct view *base; /* the view this one patched (it holds the strings of the other risks), or NULL */
	int refs;          /* under the lock: the entry's, each reader's and each view based on it */
	int depth;         /* views between this one and the one read from the store */
};

struct entry {
	char *org; /* heap; NULL: a free entry */
	int64_t gen;
	int32_t today;
	struct view *view;
	uint64_t used;
};

struct app_views {
	pthread_mutex_t lock;
	struct entry e[VIEWS_MAX];
	uint64_t clock;
};

/* A committed write's risk waiting for its outermost transaction. */
struct note {
	struct app_views *vw;
	char *org;
	int64_t gen0, gen1;
	int32_t today;
	bool void_;     /* found broken: not applied */
	struct arena a; /* holds r's strings */
	struct risk r;
};

static _Thread_local struct note notes[NOTES_MAX];
static _Thread_local size_t nnotes;

struct app_views *app_views_new(void)
{
	struct app_views *vw = xcalloc(1, sizeof *vw);
	pthread_mutex_init(&vw->lock, NULL);
	return vw;
}

/* Drop one reference (under the lock); the last frees the view and lets go of its base. */
static void unref(struct view *w)
{
	while (w && --w->refs == 0) {
		struct view *base = w->base;
		orgview_free(&w->v);
		free(w);
		w = base;
	}
}

void app_views_free(struct app_views *vw)
{
	if (!vw)
		return;
	for (size_t i = 0; i < VIEWS_MAX; i++) {
		free(vw->e[i].org);
		unref(vw->e[i].view);
	}
	pthread_mutex_destroy(&vw->lock);
	free(vw);
}

static struct entry *find(struct app_views *vw, const char *org)
{
	for (size_t i = 0; i < VIEWS_MAX; i++)
		if (vw->e[i].org && !strcmp(vw->e[i].org, org))
			return &vw->e[i];
	return NULL;
}

const struct orgview *app_views_get(struct app_views *vw, const char *org, int64_t gen, int32_t today,
				    struct app_view_ref *ref)
{
	ref->w = NULL;
	pthread_mutex_lock(&vw->lock);
	struct entry *en = find(vw, org);
	if (en && en->gen == gen && en->today == today) {
		en->used = ++vw->clock;
		ref->w = en->view;
		ref->w->refs++;
	}
	pthread_mutex_unlock(&vw->lock);
	return ref->w ? &ref->w->v : NULL;
}

/* Make w the entry of org (under the lock): the least recently used entry goes if org has none. */
static void set_entry(struct app_views *vw, const char *org, int64_t gen, int32_t today, struct view *w)
{
	struct entry *en = find(vw, org);
	if (!en) {
		en = &vw->e[0];
		for (size_t i = 1; i < VIEWS_MAX && en->org; i++)
			if (!vw->e[i].org || vw->e[i].used < en->used)
				en = &vw->e[i];
		free(en->org);
		unref(en->view);
		*en = (struct entry){.org = xstrdup(org)};
	} else {
		unref(en->view);
	}
	en->gen = gen;
	en->today = today;
	en->view = w;
	en->used = ++vw->clock;
	w->refs++;
}

const struct orgview *app_views_put(struct app_views *vw, const char *org, int64_t gen, int32_t today,
				    struct orgview *v, struct app_view_ref *ref)
{
	struct view *w = xcalloc(1, sizeof *w);
	w->v = *v;
	memset(v, 0, sizeof *v);
	w->refs = 1; /* the caller's */
	pthread_mutex_lock(&vw->lock);
	struct entry *en = find(vw, org);
	if (!en || en->gen <= gen) /* a slower reader's older view does not replace a newer one */
		set_entry(vw, org, gen, today, w);
	pthread_mutex_unlock(&vw->lock);
	ref->w = w;
	return &w->v;
}

void app_views_release(struct app_views *vw, struct app_view_ref *ref)
{
	if (!ref->w)
		return;
	pthread_mutex_lock(&vw->lock);
	unref(ref->w);
	pthread_mutex_unlock(&vw->lock);
	ref->w = NULL;
}

/* The view of a committed write: the entry at gen0 becomes one at gen1 with n's risk in place. */
static void apply(struct note *n)
{
	struct app_views *vw = n->vw;
	pthread_mutex_lock(&vw->lock);
	struct entry *en = find(vw, n->org);
	struct view *base = NULL;
	struct view *root = NULL;
	if (en && en->gen == n->gen0 && en->today == n->today && n->gen1 == n->gen0 + 1) {
		base = en->view;
		base->refs++;
		for (root = base; root->base; root = root->base)
			;
		root->refs++;
	}
	pthread_mutex_unlock(&vw->lock);
	if (!base)
		return; /* no view, or not the one this write changed: the next list reads the store */
	struct view *w = xcalloc(1, sizeof *w);
	orgview_with_risk(&w->v, &base->v, &n->r);
	struct view *drop; /* the reference taken above that w does not keep */
	if (base->depth + 1 < VIEW_DEPTH_MAX) {
		w->base = base;
		w->depth = base->depth + 1;
		drop = root;
	} else {
		orgview_own_risks(&w->v);
		w->base = root;
		w->depth = 1;
		drop = base;
	}
	pthread_mutex_lock(&vw->lock);
	unref(drop);
	en = find(vw, n->org);
	if (en && en->view == base && en->gen == n->gen0) {
		set_entry(vw, n->org, n->gen1, n->today, w);
	} else { /* a reader put a view in the meantime: it is the newer */
		w->refs = 1;
		unref(w);
	}
	pthread_mutex_unlock(&vw->lock);
}

/* Every waiting note of org void. */
static void void_org(const char *org)
{
	for (size_t i = 0; i < nnotes; i++)
		if (!strcmp(notes[i].org, org))
			notes[i].void_ = true;
}

static void note_free(struct note *n)
{
	free(n->org);
	arena_free(&n->a);
}

static void copy_risk(struct note *n, const struct risk *r)
{
	struct arena *a = &n->a;
	n->r = *r;
	const char **s[] = {&n->r.id,	   &n->r.node,	&n->r.threat,	       &n->r.title, &n->r.description,
			    &n->r.assessor, &n->r.owner, &n->r.accept_approver, &n->r.note};
	for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
		if (*s[i])
			*s[i] = arena_strdup(a, *s[i]);
}

void app_views_note_risk(struct app_views *vw, struct store *st, const char *org, int64_t gen0, int64_t gen1,
			 int32_t today, const struct risk *r)
{
	if (!vw)
		return;
	struct note n = {.vw = vw, .org = xstrdup(org), .gen0 = gen0, .gen1 = gen1, .today = today};
	arena_init(&n.a);
	copy_risk(&n, r);
	if (store_tx_depth(st) == 0) { /* the write's own transaction was the outermost: committed */
		apply(&n);
		note_free(&n);
		return;
	}
	struct note *last = NULL;
	for (size_t i = 0; i < nnotes; i++)
		if (!strcmp(notes[i].org, org))
			last = &notes[i];
	if (last && last->gen1 != gen0) /* a write in between was rolled back, or one wrote unnoted */
		void_org(org);
	n.void_ = last && last->void_;
	if (nnotes < NOTES_MAX) {
		notes[nnotes++] = n;
	} else { /* too many writes in one transaction to follow: let the organisation's view go stale */
		void_org(org);
		note_free(&n);
	}
}

void app_views_check(struct store *st)
{
	for (size_t i = nnotes; i-- > 0;) {
		struct note *n = &notes[i];
		bool later = false; /* only the organisation's last note is compared with the store */
		for (size_t k = i + 1; k < nnotes && !later; k++)
			later = !strcmp(notes[k].org, n->org);
		if (later || n->void_)
			continue;
		int64_t gen;
		struct errinfo ig = {0};
		if (store_org_generation(st, n->org, &gen, &ig) || gen != n->gen1)
			void_org(n->org);
	}
}

void app_views_settle(bool committed)
{
	for (size_t i = 0; i < nnotes; i++) {
		if (committed && !notes[i].void_)
			apply(&notes[i]);
		note_free(&notes[i]);
	}
	nnotes = 0;
}
