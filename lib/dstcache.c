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
 * - The route's answer depends on the mirror alone. A header template
 *   (afudp_dst_tmpl_get()) also depends on the socket's address and port,
 *   the destination port, TTL, TOS and the checksum option: those are its
 *   key, compared at each send, so bind, connect and setsockopt need not
 *   touch the cache (a send with control messages builds its headers the
 *   long way).
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
 *
 * An IPv6 socket's IPv6 destinations have entries of their own (dst6,
 * afudp_dst_route6()): the route's answer only, keyed by address and
 * scope id, under the same rules.
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

/* Entry @c holds @daddr at @gen, read as seqlock count @seq: not written. */
static inline bool dc_match(struct afudp_dst_cache *c, __be32 daddr,
			    uint64_t gen, uint32_t *seq)
{
	*seq = __atomic_load_n(&c->seq, __ATOMIC_ACQUIRE);
	return !(*seq & 1) &&
	       __atomic_load_n(&c->gen, __ATOMIC_RELAXED) == gen &&
	       __atomic_load_n(&c->daddr, __ATOMIC_RELAXED) == daddr;
}

/* What was copied out since dc_match() is whole: nobody wrote meanwhile. */
static inline bool dc_still(struct afudp_dst_cache *c, uint32_t seq)
{
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return __atomic_load_n(&c->seq, __ATOMIC_RELAXED) == seq;
}

/* Take @c for writing: false if another process is writing it (theirs). */
static bool dc_lock(struct afudp_dst_cache *c, uint32_t *seq)
{
	*seq = __atomic_load_n(&c->seq, __ATOMIC_RELAXED);
	return !(*seq & 1) &&
	       __atomic_compare_exchange_n(&c->seq, seq, *seq + 1, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static void dc_unlock(struct afudp_dst_cache *c, uint32_t seq)
{
	__atomic_store_n(&c->seq, seq + 2, __ATOMIC_RELEASE);
}

static void dc_fill(struct afudp_dst_cache *c, __be32 daddr, uint64_t gen,
		    const struct afudp_rt_result *res)
{
	__atomic_store_n(&c->gen, gen, __ATOMIC_RELAXED);
	__atomic_store_n(&c->daddr, daddr, __ATOMIC_RELAXED);
	memcpy(&c->res, res, sizeof(*res));
}

enum afudp_rt_verdict afudp_dst_route(struct afudp_socket *s, __be32 daddr,
				      struct afudp_rt_result *res)
{
	struct afudp_dst_cache *c = dc_slot(s, daddr);
	enum afudp_rt_verdict v;
	uint32_t seq;
	uint64_t gen;

	if (dc_match(c, daddr, afudp_rt_gen(s->st->rt), &seq)) {
		memcpy(res, &c->res, sizeof(*res));
		if (dc_still(c, seq))
			return AFUDP_RT_FAST;
	}
	v = afudp_rt_lookup_gen(s->st->rt, daddr, res, &gen);
	if (gen && dc_lock(c, &seq)) {
		dc_fill(c, daddr, gen, res);
		/* No template: no key matches (a key has AFUDP_DST_KEY_SET). */
		__atomic_store_n(&c->key.b, 0, __ATOMIC_RELAXED);
		dc_unlock(c, seq);
	}
	return v;
}

bool afudp_dst_tmpl_get(struct afudp_socket *s, __be32 daddr,
			const struct afudp_dst_key *key, uint32_t *mtu,
			struct afudp_udp4_tmpl *t)
{
	struct afudp_dst_cache *c = dc_slot(s, daddr);
	uint32_t seq;

	if (!dc_match(c, daddr, afudp_rt_gen(s->st->rt), &seq) ||
	    __atomic_load_n(&c->key.a, __ATOMIC_RELAXED) != key->a ||
	    __atomic_load_n(&c->key.b, __ATOMIC_RELAXED) != key->b)
		return false;
	*mtu = c->res.mtu;
	memcpy(t, &c->tmpl, sizeof(*t));
	return dc_still(c, seq);
}

void afudp_dst_tmpl_put(struct afudp_socket *s, __be32 daddr, uint64_t gen,
			const struct afudp_dst_key *key,
			const struct afudp_rt_result *res,
			const struct afudp_udp4_tmpl *t)
{
	struct afudp_dst_cache *c = dc_slot(s, daddr);
	uint32_t seq;

	if (!dc_lock(c, &seq))
		return;
	dc_fill(c, daddr, gen, res);
	__atomic_store_n(&c->key.a, key->a, __ATOMIC_RELAXED);
	__atomic_store_n(&c->key.b, key->b, __ATOMIC_RELAXED);
	memcpy(&c->tmpl, t, sizeof(*t));
	dc_unlock(c, seq);
}

/* ---- IPv6 ------------------------------------------------------------------ */

static inline struct afudp_dst_cache6 *dc6_slot(struct afudp_socket *s,
						const struct in6_addr *a)
{
	uint32_t h;

	memcpy(&h, &a->s6_addr[12], sizeof(h));
	h ^= h >> 16;
	h ^= h >> 8;
	return &s->dst6[h & (AFUDP_DST_CACHE6 - 1)];
}

enum afudp_rt_verdict afudp_dst_route6(struct afudp_socket *s,
				       const struct in6_addr *daddr,
				       uint32_t scope_id,
				       struct afudp_rt_result6 *res)
{
	struct afudp_dst_cache6 *c = dc6_slot(s, daddr);
	enum afudp_rt_verdict v;
	struct in6_addr a;
	uint32_t seq;
	uint64_t gen;

	seq = __atomic_load_n(&c->seq, __ATOMIC_ACQUIRE);
	if (!(seq & 1) &&
	    __atomic_load_n(&c->gen, __ATOMIC_RELAXED) ==
		    afudp_rt_gen(s->st->rt) &&
	    __atomic_load_n(&c->scope_id, __ATOMIC_RELAXED) == scope_id) {
		/* Copied out, then compared: valid only if nobody wrote. */
		memcpy(&a, &c->daddr, sizeof(a));
		memcpy(res, &c->res, sizeof(*res));
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (__atomic_load_n(&c->seq, __ATOMIC_RELAXED) == seq &&
		    !memcmp(&a, daddr, sizeof(a)))
			return AFUDP_RT_FAST;
	}
	v = afudp_rt_lookup6_gen(s->st->rt, daddr, scope_id, res, &gen);
	seq = __atomic_load_n(&c->seq, __ATOMIC_RELAXED);
	if (gen && !(seq & 1) &&
	    __atomic_compare_exchange_n(&c->seq, &seq, seq + 1, false,
					__ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
		__atomic_store_n(&c->gen, gen, __ATOMIC_RELAXED);
		__atomic_store_n(&c->scope_id, scope_id, __ATOMIC_RELAXED);
		memcpy(&c->daddr, daddr, sizeof(c->daddr));
		memcpy(&c->res, res, sizeof(*res));
		__atomic_store_n(&c->seq, seq + 2, __ATOMIC_RELEASE);
	}
	return v;
}
