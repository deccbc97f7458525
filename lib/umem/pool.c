// SPDX-License-Identifier: BSD-2-Clause
/* Frame pool with ownership checks; see pool.h. */
#include <errno.h>
#include <stdlib.h>

#include "pool.h"
#include "../shared.h"

int afudp_pool_init(struct afudp_pool *p, uint32_t nframes,
		    uint32_t frame_shift)
{
	uint32_t i;

	if (!nframes || frame_shift < 11 || frame_shift > 16)
		return -EINVAL;
	p->free = afudp_shcalloc(nframes, sizeof(*p->free));
	p->state = afudp_shcalloc(nframes, sizeof(*p->state));
	if (!p->free || !p->state) {
		afudp_pool_fini(p);
		return -ENOMEM;
	}
	p->nframes = nframes;
	p->frame_shift = frame_shift;
	p->bad_put = 0;
	p->batch = nframes / 32;
	if (p->batch > AFUDP_CACHE_MAX / 2)
		p->batch = AFUDP_CACHE_MAX / 2;
	if (!p->batch)
		p->batch = 1;
	p->keep = 2 * p->batch;
	p->caches = NULL;
	/* Lowest addresses on top: the first frames used are adjacent. */
	for (i = 0; i < nframes; i++)
		p->free[i] = (uint64_t)(nframes - 1 - i) << frame_shift;
	p->nfree = nframes;
	return 0;
}

void afudp_pool_fini(struct afudp_pool *p)
{
	afudp_shfree(p->free);
	afudp_shfree(p->state);
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

/* ---- caches ----------------------------------------------------------- */

void afudp_cache_init(struct afudp_cache *c)
{
	afudp_spin_init_shared(&c->lock);
	c->n = 0;
	c->next = NULL;
}

void afudp_cache_fini(struct afudp_cache *c)
{
	pthread_spin_destroy(&c->lock);
}

void afudp_pool_attach(struct afudp_pool *p, struct afudp_cache *c)
{
	c->next = p->caches;
	p->caches = c;
}

void afudp_pool_detach(struct afudp_pool *p, struct afudp_cache *c)
{
	struct afudp_cache **pp;

	for (pp = &p->caches; *pp && *pp != c; pp = &(*pp)->next)
		;
	if (*pp)
		*pp = c->next;
	c->next = NULL;
	/* No reclaim can be at work: it runs under the pool's guard. */
	afudp_pool_put(p, c->addr, c->n);
	c->n = 0;
}

uint32_t afudp_pool_reclaim(struct afudp_pool *p,
			    const struct afudp_cache *except)
{
	struct afudp_cache *c;
	uint32_t n = 0;

	for (c = p->caches; c; c = c->next) {
		if (c == except || pthread_spin_trylock(&c->lock))
			continue;
		if (c->n) {
			n += c->n - afudp_pool_put(p, c->addr, c->n);
			c->n = 0;
		}
		pthread_spin_unlock(&c->lock);
	}
	return n;
}

uint32_t afudp_pool_refill(struct afudp_pool *p, struct afudp_cache *c)
{
	uint32_t want = p->batch, got;

	if (c->n >= AFUDP_CACHE_MAX)
		return 0;
	if (want > AFUDP_CACHE_MAX - c->n)
		want = AFUDP_CACHE_MAX - c->n;
	if (!p->nfree)
		afudp_pool_reclaim(p, c);
	got = afudp_pool_get(p, c->addr + c->n, want);
	c->n += got;
	return got;
}

uint32_t afudp_pool_cached(struct afudp_pool *p)
{
	struct afudp_cache *c;
	uint32_t n = 0;

	for (c = p->caches; c; c = c->next) {
		if (pthread_spin_trylock(&c->lock))
			continue;
		n += c->n;
		pthread_spin_unlock(&c->lock);
	}
	return n;
}

uint32_t afudp_cache_give(const struct afudp_pool *p, struct afudp_cache *c,
			  const uint64_t *addrs, uint32_t n, uint64_t *spill)
{
	uint32_t i, ns = 0;

	if (c->n + n <= p->keep) {
		for (i = 0; i < n; i++)
			c->addr[c->n++] = afudp_pool_base(p, addrs[i]);
		return 0;
	}
	/* Past the mark: down to one batch, the rest to the pool at once. */
	while (c->n > p->batch)
		spill[ns++] = c->addr[--c->n];
	for (i = 0; i < n; i++) {
		if (c->n < p->batch)
			c->addr[c->n++] = afudp_pool_base(p, addrs[i]);
		else
			spill[ns++] = addrs[i];
	}
	return ns;
}
