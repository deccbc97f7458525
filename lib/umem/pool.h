/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A queue's free frames: a stack of UMEM frame addresses plus one ownership
 * byte per frame, so a frame given back twice, or one that was never given
 * out, is refused and counted instead of corrupting the rings (the classic
 * AF_XDP bug: a duplicated frame in the fill ring means two datagrams in one
 * buffer). Not thread-safe: the queue's lock guards it.
 *
 * No libxdp here, so the accounting is unit-tested without privileges.
 */
#ifndef AFUDP_POOL_H
#define AFUDP_POOL_H

#include <stdint.h>

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

/* Frames not in the pool right now. */
static inline uint32_t afudp_pool_out(const struct afudp_pool *p)
{
	return p->nframes - p->nfree;
}

#endif /* AFUDP_POOL_H */
