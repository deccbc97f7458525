// SPDX-License-Identifier: BSD-2-Clause
/*
 * A socket's cache of where its datagrams go: the route mirror's answer
 * for a destination (MACs, source address, path MTU), kept in the socket
 * and reused while the mirror's generation (afudp_rt_gen()) has not moved.
 * A send to a destination seen before then costs a compare instead of an
 * LPM walk, a neighbour lookup and an RCU read-side section.
 *
 * Why it stays right:
 * - Every change the mirror applies (route, address, link, neighbour, a
 *   re-dump) moves the generation after it is in the tables, and a lookup
 *   reads the generation before the tables (afudp_rt_lookup_gen()), so
 *   an entry is never tagged with a generation later than what it saw.
 * - Only what depends on the mirror alone is kept: the socket's own
 *   address, ports, TTL and TOS are read at each send as before, so bind,
 *   connect and setsockopt need not touch the cache.
 * - The mirror asks for nothing to be kept that a lookup must redo each
 *   time (a STALE neighbour's re-confirmation request), nor a verdict
 *   other than the fast path.
 * - Forked processes share the socket but each has its own mirror, whose
 *   generations start at random (ctl.c), so one process's entry is a miss
 *   in another; two processes writing the same entry at once are kept
 *   apart by its seqlock: a writer takes it only if it is free (else it
 *   leaves the entry alone), a reader that saw it move takes a miss.
 *   A process killed while writing leaves that entry unused (odd)
 *   for good: slower, never wrong.
 */
#include "dp.h"

/* Spread the hosts of a subnet: their addresses differ in the last byte. */
static inline struct afudp_dst_cache *dc_slot(struct afudp_socket *s,
					      __be32 daddr)
{
	uint32_t h = daddr;

	h ^= h >> 16;
	h ^= h >> 8;
	return &s->dst[h & (AFUDP_DST_CACHE - 1)];
}

static inline bool dc_get(struct afudp_dst_cache *c, __be32 daddr,
			  uint64_t gen, struct afudp_rt_result *res)
{
	uint32_t seq = __atomic_load_n(&c->seq, __ATOMIC_ACQUIRE);

	if ((seq & 1) || __atomic_load_n(&c->gen, __ATOMIC_RELAXED) != gen ||
	    __atomic_load_n(&c->daddr, __ATOMIC_RELAXED) != daddr)
		return false;
	memcpy(res, &c->res, sizeof(*res));
	/* The copy is done before the second look at seq. */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return __atomic_load_n(&c->seq, __ATOMIC_RELAXED) == seq;
}

static void dc_put(struct afudp_dst_cache *c, __be32 daddr, uint64_t gen,
		   const struct afudp_rt_result *res)
{
	uint32_t seq = __atomic_load_n(&c->seq, __ATOMIC_RELAXED);

	/* Another process is writing it: theirs. */
	if ((seq & 1) ||
	    !__atomic_compare_exchange_n(&c->seq, &seq, seq + 1, false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return;
	__atomic_store_n(&c->gen, gen, __ATOMIC_RELAXED);
	__atomic_store_n(&c->daddr, daddr, __ATOMIC_RELAXED);
	memcpy(&c->res, res, sizeof(*res));
	__atomic_store_n(&c->seq, seq + 2, __ATOMIC_RELEASE);
}

enum afudp_rt_verdict afudp_dst_route(struct afudp_socket *s, __be32 daddr,
				      struct afudp_rt_result *res)
{
	struct afudp_dst_cache *c = dc_slot(s, daddr);
	enum afudp_rt_verdict v;
	uint64_t gen;

	if (dc_get(c, daddr, afudp_rt_gen(s->st->rt), res))
		return AFUDP_RT_FAST;
	v = afudp_rt_lookup_gen(s->st->rt, daddr, res, &gen);
	if (gen)
		dc_put(c, daddr, gen, res);
	return v;
}
