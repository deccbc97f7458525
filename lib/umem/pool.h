/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A queue's free frames: a stack of UMEM frame addresses plus one ownership
 * byte per frame, so a frame given back twice, or one that was never given
 * out, is refused and counted instead of corrupting the rings (the classic
 * AF_XDP bug: a duplicated frame in the fill ring means two datagrams in one
 * buffer). Not thread-safe: the queue's lock guards it.
 *
 * Sockets keep a few free frames each (struct afudp_cache) so that TX takes
 * the queue's lock once per batch, not once per datagram. Those frames are
 * free all the same: the pool knows every cache, and a taker that finds the
 * pool empty takes back the frames of the caches nobody is using at that
 * moment, so an idle socket never holds frames another one waits for.
 *
 * No libxdp here, so the accounting is unit-tested without privileges.
 */
#ifndef AFUDP_POOL_H
#define AFUDP_POOL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

/* The most frames a cache holds; a refill takes at most half of it. */
#define AFUDP_CACHE_MAX 64

/*
 * A socket's private stock of one queue's free frames (for TX). Its owner
 * uses it under @lock, which nobody else holds for long: the pool's guard
 * holder only ever try-locks it, to take idle frames back. Lock order: a
 * cache's lock, then the pool's guard (the queue's lock).
 */
struct afudp_cache {
	pthread_spinlock_t lock;
	uint32_t n;			/* under lock */
	uint64_t addr[AFUDP_CACHE_MAX];	/* under lock: frame bases */
	struct afudp_cache *next;	/* the pool's list, under its guard */
};

enum afudp_frame_state {
	AFUDP_FRAME_FREE = 0,	/* in the pool */
	AFUDP_FRAME_OUT,	/* given out: fill ring, RX, TX, app */
};

struct afudp_pool {
	uint64_t *free;		/* stack of frame base addresses */
	uint8_t *state;		/* enum afudp_frame_state, by frame index */
	uint32_t nfree;
	uint32_t nframes;
	uint32_t frame_shift;	/* frame size = 1 << shift */
	uint64_t bad_put;	/* refused returns (double/foreign) */
	/*
	 * Caches, sized to the pool: a refill takes @batch frames (1/32 of
	 * the pool, at most AFUDP_CACHE_MAX / 2), and frames given back to a
	 * cache beyond @keep (2 * @batch) go to the pool, down to @batch.
	 */
	uint32_t batch;
	uint32_t keep;
	struct afudp_cache *caches;	/* attached caches */
};

/* All @nframes frames of 1 << @frame_shift bytes start free. 0/-errno. */
int afudp_pool_init(struct afudp_pool *p, uint32_t nframes,
		    uint32_t frame_shift);
void afudp_pool_fini(struct afudp_pool *p);

/* Take up to @n frames; returns how many (base addresses in @addrs). */
uint32_t afudp_pool_get(struct afudp_pool *p, uint64_t *addrs, uint32_t n);

/*
 * Give frames back. Any address inside a frame is accepted (RX descriptors
 * point past the headroom). Returns how many were refused.
 */
uint32_t afudp_pool_put(struct afudp_pool *p, const uint64_t *addrs,
			uint32_t n);

/* Base address of the frame that holds @addr (aligned frames). */
static inline uint64_t afudp_pool_base(const struct afudp_pool *p,
				       uint64_t addr)
{
	return addr & ~(((uint64_t)1 << p->frame_shift) - 1);
}

/*
 * Is the frame at base address @addr given out (what afudp_pool_put()
 * accepts back)? For frames that go from one use to the next without
 * passing through the pool: a bad one is counted as a refused return.
 */
static inline bool afudp_pool_check_out(struct afudp_pool *p, uint64_t addr)
{
	uint64_t idx = addr >> p->frame_shift;

	if (idx < p->nframes && p->state[idx] == AFUDP_FRAME_OUT)
		return true;
	p->bad_put++;
	return false;
}

/* Frames not in the pool right now. */
static inline uint32_t afudp_pool_out(const struct afudp_pool *p)
{
	return p->nframes - p->nfree;
}

/* ---- caches ------------------------------------------------------------
 * Functions named afudp_pool_* are called with the pool's guard held; the
 * afudp_cache_* ones with the cache's lock held (by its owner).
 */

void afudp_cache_init(struct afudp_cache *c);
void afudp_cache_fini(struct afudp_cache *c);

/* Make @c known to the pool (empty). */
void afudp_pool_attach(struct afudp_pool *p, struct afudp_cache *c);

/* Forget @c and take its frames back; its owner is done with it. */
void afudp_pool_detach(struct afudp_pool *p, struct afudp_cache *c);

/*
 * Top @c up (the caller holds its lock too) with up to p->batch frames.
 * When the pool has none, first take back the frames of the other caches
 * not in use right now (afudp_pool_reclaim). Returns how many @c got.
 */
uint32_t afudp_pool_refill(struct afudp_pool *p, struct afudp_cache *c);

/*
 * Give the frames of every cache but @except whose lock is free back to
 * the pool. Returns how many came back (refused ones are counted in
 * bad_put, as any).
 */
uint32_t afudp_pool_reclaim(struct afudp_pool *p,
			    const struct afudp_cache *except);

/* Frames in caches not in use right now: free, though not in the pool. */
uint32_t afudp_pool_cached(struct afudp_pool *p);

/*
 * Frames given back unused into @c: it keeps them up to p->keep; past
 * that, it keeps p->batch and the rest (up to n + AFUDP_CACHE_MAX frames)
 * go to @spill, for the caller to put in the pool. Reads only the pool's
 * sizes, so the pool's guard is not needed. Returns how many are spilled.
 */
uint32_t afudp_cache_give(const struct afudp_pool *p, struct afudp_cache *c,
			  const uint64_t *addrs, uint32_t n, uint64_t *spill);

/* One frame from @c, if it has one. */
static inline int afudp_cache_pop(struct afudp_cache *c, uint64_t *addr)
{
	if (!c->n)
		return -1;
	*addr = c->addr[--c->n];
	return 0;
}

#endif /* AFUDP_POOL_H */
