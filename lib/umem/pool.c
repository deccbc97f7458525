// SPDX-License-Identifier: BSD-2-Clause
/* Frame pool with ownership checks; see pool.h. */
#include <errno.h>
#include <stdlib.h>

#include "pool.h"

int afudp_pool_init(struct afudp_pool *p, uint32_t nframes,
		    uint32_t frame_shift)
{
	uint32_t i;

	if (!nframes || frame_shift < 11 || frame_shift > 16)
		return -EINVAL;
	p->free = calloc(nframes, sizeof(*p->free));
	p->state = calloc(nframes, sizeof(*p->state));
	if (!p->free || !p->state) {
		afudp_pool_fini(p);
		return -ENOMEM;
	}
	p->nframes = nframes;
	p->frame_shift = frame_shift;
	p->bad_put = 0;
	/* Lowest addresses on top: the first frames used are adjacent. */
	for (i = 0; i < nframes; i++)
		p->free[i] = (uint64_t)(nframes - 1 - i) << frame_shift;
	p->nfree = nframes;
	return 0;
}

void afudp_pool_fini(struct afudp_pool *p)
{
	free(p->free);
	free(p->state);
	p->free = NULL;
	p->state = NULL;
	p->nfree = p->nframes = 0;
}

uint32_t afudp_pool_get(struct afudp_pool *p, uint64_t *addrs, uint32_t n)
{
	uint32_t i;

	if (n > p->nfree)
		n = p->nfree;
	for (i = 0; i < n; i++) {
		uint64_t a = p->free[--p->nfree];

		p->state[a >> p->frame_shift] = AFUDP_FRAME_OUT;
		addrs[i] = a;
	}
	return n;
}

uint32_t afudp_pool_put(struct afudp_pool *p, const uint64_t *addrs,
			uint32_t n)
{
	uint32_t i, bad = 0;

	for (i = 0; i < n; i++) {
		uint64_t idx = addrs[i] >> p->frame_shift;

		if (idx >= p->nframes || p->state[idx] != AFUDP_FRAME_OUT) {
			bad++;
			continue;
		}
		p->state[idx] = AFUDP_FRAME_FREE;
		p->free[p->nfree++] = idx << p->frame_shift;
	}
	p->bad_put += bad;
	return bad;
}
