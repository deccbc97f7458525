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
 *   TTL, TOS and the checksum option: those are its key, compared at each
 *   send, so bind, connect and setsockopt need not touch the cache (a
 *   send with control messages builds its headers the long way). The
 *   destination port is not: the sender swaps it into its copy of the
 *   template (afudp_udp4_tmpl_dport()), so one entry serves every port
 *   of a peer; a resolver's queries, each from a random port, would
 *   otherwise miss at every reply.
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
 * afudp_dst_route6(), afudp_dst_tmpl6_get()), keyed by address and scope
 * id, under the same rules; their template's key is the socket's port,
 * hop limit and traffic class (the socket's address is fixed at bind,
 * before any entry is made; the peer's port is swapped in).
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

/*
 * The seqlock of an entry (IPv4's or IPv6's), whose count is at @cseq:
 * what was copied out since it read @seq is whole if it still reads @seq
 * (nobody wrote meanwhile).
 */
static inline bool seq_still(uint32_t *cseq, uint32_t seq)
{
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return __atomic_load_n(cseq, __ATOMIC_RELAXED) == seq;
}

/* Take it for writing: false if another process is writing it (theirs). */
static bool seq_lock(uint32_t *cseq, uint32_t *seq)
{
	*seq = __atomic_load_n(cseq, __ATOMIC_RELAXED);
	return !(*seq & 1) &&
	       __atomic_compare_exchange_n(cseq, seq, *seq + 1, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static void seq_unlock(uint32_t *cseq, uint32_t seq)
{
	__atomic_store_n(cseq, seq + 2, __ATOMIC_RELEASE);
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
		if (seq_still(&c->seq, seq))
			return AFUDP_RT_FAST;
	}
	v = afudp_rt_lookup_gen(s->st->rt, daddr, res, &gen);
	if (gen && seq_lock(&c->seq, &seq)) {
		dc_fill(c, daddr, gen, res);
		/* No template: no key matches (a key has AFUDP_DST_KEY_SET). */
		__atomic_store_n(&c->key.b, 0, __ATOMIC_RELAXED);
		seq_unlock(&c->seq, seq);
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
	return seq_still(&c->seq, seq);
}

void afudp_dst_tmpl_put(struct afudp_socket *s, __be32 daddr, uint64_t gen,
			const struct afudp_dst_key *key,
			const struct afudp_rt_result *res,
			const struct afudp_udp4_tmpl *t)
{
	struct afudp_dst_cache *c = dc_slot(s, daddr);
	uint32_t seq;

	if (!seq_lock(&c->seq, &seq))
		return;
	dc_fill(c, daddr, gen, res);
	__atomic_store_n(&c->key.a, key->a, __ATOMIC_RELAXED);
	__atomic_store_n(&c->key.b, key->b, __ATOMIC_RELAXED);
	memcpy(&c->tmpl, t, sizeof(*t));
	seq_unlock(&c->seq, seq);
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

/*
 * Entry @c holds (@daddr, @scope_id) at @gen, read as seqlock count @seq:
 * not written. The address, too large to load at once, is copied out and
 * compared after the copy is known whole (seq_still()).
 */
static inline bool dc6_match(struct afudp_dst_cache6 *c, uint32_t scope_id,
			     uint64_t gen, uint32_t *seq)
{
	*seq = __atomic_load_n(&c->seq, __ATOMIC_ACQUIRE);
	return !(*seq & 1) && __atomic_load_n(&c->gen, __ATOMIC_RELAXED) == gen &&
	       __atomic_load_n(&c->scope_id, __ATOMIC_RELAXED) == scope_id;
}

static void dc6_fill(struct afudp_dst_cache6 *c, const struct in6_addr *daddr,
		     uint32_t scope_id, uint64_t gen,
		     const struct afudp_rt_result6 *res)
{
	__atomic_store_n(&c->gen, gen, __ATOMIC_RELAXED);
	__atomic_store_n(&c->scope_id, scope_id, __ATOMIC_RELAXED);
	memcpy(&c->daddr, daddr, sizeof(c->daddr));
	memcpy(&c->res, res, sizeof(*res));
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

	if (dc6_match(c, scope_id, afudp_rt_gen(s->st->rt), &seq)) {
		memcpy(&a, &c->daddr, sizeof(a));
		memcpy(res, &c->res, sizeof(*res));
		if (seq_still(&c->seq, seq) && !memcmp(&a, daddr, sizeof(a)))
			return AFUDP_RT_FAST;
	}
	v = afudp_rt_lookup6_gen(s->st->rt, daddr, scope_id, res, &gen);
	if (gen && seq_lock(&c->seq, &seq)) {
		dc6_fill(c, daddr, scope_id, gen, res);
		__atomic_store_n(&c->key, 0, __ATOMIC_RELAXED);
		seq_unlock(&c->seq, seq);
	}
	return v;
}

bool afudp_dst_tmpl6_get(struct afudp_socket *s, const struct in6_addr *daddr,
			 uint32_t scope_id, uint64_t key, uint32_t *mtu,
			 struct afudp_udp6_tmpl *t)
{
	struct afudp_dst_cache6 *c = dc6_slot(s, daddr);
	struct in6_addr a;
	uint32_t seq;

	if (!dc6_match(c, scope_id, afudp_rt_gen(s->st->rt), &seq) ||
	    __atomic_load_n(&c->key, __ATOMIC_RELAXED) != key)
		return false;
	memcpy(&a, &c->daddr, sizeof(a));
	*mtu = c->res.mtu;
	memcpy(t, &c->tmpl, sizeof(*t));
	return seq_still(&c->seq, seq) && !memcmp(&a, daddr, sizeof(a));
}

void afudp_dst_tmpl6_put(struct afudp_socket *s, const struct in6_addr *daddr,
			 uint32_t scope_id, uint64_t gen, uint64_t key,
			 const struct afudp_rt_result6 *res,
			 const struct afudp_udp6_tmpl *t)
{
	struct afudp_dst_cache6 *c = dc6_slot(s, daddr);
	uint32_t seq;

	if (!seq_lock(&c->seq, &seq))
		return;
	dc6_fill(c, daddr, scope_id, gen, res);
	__atomic_store_n(&c->key, key, __ATOMIC_RELAXED);
	memcpy(&c->tmpl, t, sizeof(*t));
	seq_unlock(&c->seq, seq);
}
