/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Longest-prefix match over a cds_lfht keyed by (length, prefix), for
 * IPv4 and IPv6 alike. See lpm.h for the layout and the concurrency
 * contract.
 *
 * Why a hash per prefix length rather than a trie: a host mirrors a handful
 * of prefix lengths (0, 8, 16, 24, 32 in practice; IPv6: 0, 64, 128 and
 * a few more), so a lookup is a few hash probes, and cds_lfht already gives us RCU-safe replace semantics that a
 * home-grown trie would have to re-invent.
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <endian.h>
#include <string.h>
#include <arpa/inet.h>

#include <urcu-bp.h>
#include <urcu/rculfhash.h>

#include "hash.h"
#include "lpm.h"

/* Key bytes: an IPv4 table uses the first 4, an IPv6 table all 16. */
#define LPM_KEY_BYTES	16
#define LPM_LEN_WORDS	((AFUDP_LPM_MAX_LEN6 + 64) / 64)

struct lpm_key {
	/* The prefix's bytes in address order; host bits, unused bytes 0. */
	uint64_t w[LPM_KEY_BYTES / 8];
	uint8_t len;
};

/* An immutable set of routes sharing one (prefix, len), sorted by metric. */
struct lpm_node {
	struct cds_lfht_node hnode;
	struct rcu_head rcu;
	struct lpm_key key;
	unsigned int n;		/* >= 1 */
	struct afudp_route r[];
};

struct afudp_lpm {
	struct cds_lfht *ht;
	unsigned int alen;	/* address bytes: 4 (IPv4) or 16 (IPv6) */
	unsigned int max_len;	/* AFUDP_LPM_MAX_LEN or AFUDP_LPM_MAX_LEN6 */
	/*
	 * Bit L (of word L / 64) is set while some prefix of length L may
	 * be present. Set before the first such node is added and cleared
	 * after the last is removed, so a reader never skips a length that
	 * holds a node it could otherwise have seen. Relaxed atomics: it
	 * only prunes, and cds_lfht orders the nodes themselves.
	 */
	uint64_t lens[LPM_LEN_WORDS];
	/* Writer only: nodes of each length. */
	unsigned int per_len[AFUDP_LPM_MAX_LEN6 + 1];
	unsigned long count;		/* routes; written by the writer only */
	unsigned long buckets;		/* the writer's */
};

/* Only the writer stores; any thread may read (afudp_lpm_count()). */
static inline void lpm_count_set(struct afudp_lpm *lpm, unsigned long n)
{
	__atomic_store_n(&lpm->count, n, __ATOMIC_RELAXED);
}

/*
 * The key of the @len-bit prefix of @addr (@alen bytes). Word-wise, with
 * copies of constant size: an IPv4 lookup builds one per prefix length
 * it probes.
 */
static void lpm_key_make(struct lpm_key *k, const void *addr,
			 unsigned int len, unsigned int alen)
{
	unsigned int i;

	k->w[0] = k->w[1] = 0;
	if (alen == sizeof(__be32))
		memcpy(k->w, addr, sizeof(__be32));
	else
		memcpy(k->w, addr, sizeof(k->w));
	for (i = 0; i < 2; i++) {
		int bits = (int)len - 64 * (int)i;

		if (bits <= 0)
			k->w[i] = 0;
		else if (bits < 64)
			k->w[i] &= htobe64(~0ULL << (64 - bits));
	}
	k->len = len;
}

static inline unsigned long lpm_hash(const struct lpm_key *k)
{
	return (unsigned long)afudp_rt_hash128(k->w, k->len);
}

static int lpm_match(struct cds_lfht_node *ht_node, const void *key)
{
	const struct lpm_node *node =
		caa_container_of(ht_node, struct lpm_node, hnode);
	const struct lpm_key *k = key;

	return node->key.w[0] == k->w[0] && node->key.w[1] == k->w[1] &&
	       node->key.len == k->len;
}

static void lpm_node_free_rcu(struct rcu_head *head)
{
	free(caa_container_of(head, struct lpm_node, rcu));
}

static struct lpm_node *lpm_node_alloc(const struct lpm_key *key,
				       unsigned int n)
{
	struct lpm_node *node;

	node = malloc(sizeof(*node) + n * sizeof(node->r[0]));
	if (!node)
		return NULL;
	cds_lfht_node_init(&node->hnode);
	node->key = *key;
	node->n = n;
	return node;
}

static struct afudp_lpm *lpm_new(unsigned int alen, unsigned int max_len)
{
	struct afudp_lpm *lpm;

	lpm = calloc(1, sizeof(*lpm));
	if (!lpm)
		return NULL;
	lpm->ht = cds_lfht_new(AFUDP_RT_HT_INIT, AFUDP_RT_HT_MIN,
			       AFUDP_RT_HT_MAX, AFUDP_RT_HT_FLAGS, NULL);
	if (!lpm->ht) {
		free(lpm);
		errno = ENOMEM;
		return NULL;
	}
	lpm->alen = alen;
	lpm->max_len = max_len;
	lpm->buckets = AFUDP_RT_HT_INIT;
	return lpm;
}

struct afudp_lpm *afudp_lpm_new(void)
{
	return lpm_new(sizeof(__be32), AFUDP_LPM_MAX_LEN);
}

struct afudp_lpm *afudp_lpm_new6(void)
{
	return lpm_new(sizeof(struct in6_addr), AFUDP_LPM_MAX_LEN6);
}

void afudp_lpm_destroy(struct afudp_lpm *lpm)
{
	struct cds_lfht_iter iter;
	struct lpm_node *node;

	if (!lpm)
		return;
	/*
	 * No reader can reach the table any more (contract), so nodes are
	 * freed at once rather than through call_rcu. The read lock is only
	 * what the cds_lfht iteration API asks for.
	 */
	rcu_read_lock();
	cds_lfht_for_each_entry(lpm->ht, &iter, node, hnode) {
		cds_lfht_del(lpm->ht, &node->hnode);
		free(node);
	}
	rcu_read_unlock();
	cds_lfht_destroy(lpm->ht, NULL);
	free(lpm);
}

/*
 * The address fields start their unions, so the first alen bytes of
 * dst6, gw6 and prefsrc6 are the family's address either way.
 */
static bool lpm_addr_eq(const struct afudp_lpm *lpm,
			const struct in6_addr *a, const struct in6_addr *b)
{
	return !memcmp(a, b, lpm->alen);
}

/* Same nexthop and kind: the fields a kernel deletion names a route by. */
static bool route_same_target(const struct afudp_lpm *lpm,
			      const struct afudp_route *a,
			      const struct afudp_route *b)
{
	return a->type == b->type && a->oif == b->oif &&
	       lpm_addr_eq(lpm, &a->gw6, &b->gw6);
}

/* Do @a and @b name the same route of one key (see lpm.h)? */
static bool route_same_slot(const struct afudp_lpm *lpm,
			    const struct afudp_route *a,
			    const struct afudp_route *b)
{
	if (a->priority != b->priority)
		return false;
	return lpm->max_len == AFUDP_LPM_MAX_LEN ||
	       (a->oif == b->oif && lpm_addr_eq(lpm, &a->gw6, &b->gw6));
}

static bool route_equal(const struct afudp_lpm *lpm,
			const struct afudp_route *a,
			const struct afudp_route *b)
{
	return lpm_addr_eq(lpm, &a->dst6, &b->dst6) && a->len == b->len &&
	       a->type == b->type && a->flags == b->flags &&
	       a->table == b->table && a->priority == b->priority &&
	       a->oif == b->oif && lpm_addr_eq(lpm, &a->gw6, &b->gw6) &&
	       lpm_addr_eq(lpm, &a->prefsrc6, &b->prefsrc6) &&
	       a->mtu == b->mtu;
}

/* Publish @new in place of the node @iter points at; free the old later. */
static void lpm_swap(struct afudp_lpm *lpm, struct cds_lfht_iter *iter,
		     struct lpm_node *old, struct lpm_node *new)
{
	int ret;

	ret = cds_lfht_replace(lpm->ht, iter, lpm_hash(&old->key), lpm_match,
			       &old->key, &new->hnode);
	/*
	 * Cannot fail: the caller found @old under the read lock it still
	 * holds, and it is the only writer, so @old is neither gone nor
	 * differently keyed.
	 */
	assert(ret == 0);
	(void)ret;
	call_rcu(&old->rcu, lpm_node_free_rcu);
}

/* @r's key, and @nr: a copy of @r with its host bits cleared. */
static void lpm_route_key(const struct afudp_lpm *lpm,
			  const struct afudp_route *r, struct lpm_key *key,
			  struct afudp_route *nr)
{
	lpm_key_make(key, &r->dst6, r->len, lpm->alen);
	if (nr) {
		*nr = *r;
		memcpy(&nr->dst6, key->w, lpm->alen);
	}
}

int afudp_lpm_add(struct afudp_lpm *lpm, const struct afudp_route *r,
		  enum afudp_lpm_how how)
{
	struct cds_lfht_iter iter;
	struct lpm_node *old, *new;
	struct afudp_route nr;
	struct lpm_key key;
	unsigned int i, pos, n;
	bool same;

	if (r->len > lpm->max_len)
		return -EINVAL;
	lpm_route_key(lpm, r, &key, &nr);

	rcu_read_lock();
	cds_lfht_lookup(lpm->ht, lpm_hash(&key), lpm_match, &key, &iter);
	if (!cds_lfht_iter_get_node(&iter)) {
		new = lpm_node_alloc(&key, 1);
		if (!new) {
			rcu_read_unlock();
			return -ENOMEM;
		}
		new->r[0] = nr;
		/* Length bit first: see struct afudp_lpm. */
		if (lpm->per_len[key.len]++ == 0)
			__atomic_fetch_or(&lpm->lens[key.len / 64],
					  1ULL << (key.len % 64),
					  __ATOMIC_RELAXED);
		cds_lfht_add(lpm->ht, lpm_hash(&key), &new->hnode);
		lpm_count_set(lpm, lpm->count + 1);
		rcu_read_unlock();
		afudp_rt_ht_grow(lpm->ht, &lpm->buckets, lpm->count);
		return 0;
	}
	old = caa_container_of(cds_lfht_iter_get_node(&iter), struct lpm_node,
			       hnode);

	/*
	 * Position of the same route, or where the new one goes: IPv4 in
	 * front of a higher metric, IPv6 behind its equals (fib6 order).
	 */
	for (pos = 0; pos < old->n; pos++)
		if (route_same_slot(lpm, &old->r[pos], &nr) ||
		    old->r[pos].priority > nr.priority ||
		    (lpm->max_len == AFUDP_LPM_MAX_LEN &&
		     old->r[pos].priority >= nr.priority))
			break;
	same = pos < old->n && route_same_slot(lpm, &old->r[pos], &nr);

	if (same && lpm->max_len == AFUDP_LPM_MAX_LEN) {
		const struct afudp_route *cur = &old->r[pos];

		if (how == AFUDP_LPM_APPEND) {
			/* The kernel keeps using @cur; only remember it. */
			nr = *cur;
			nr.flags |= AFUDP_ROUTE_F_ALIASED;
		} else {
			nr.flags |= cur->flags & AFUDP_ROUTE_F_ALIASED;
			if (how == AFUDP_LPM_PREPEND)
				nr.flags |= AFUDP_ROUTE_F_ALIASED;
		}
	}
	if (same && route_equal(lpm, &old->r[pos], &nr)) {
		rcu_read_unlock();
		return 0;
	}

	n = old->n + (same ? 0 : 1);
	new = lpm_node_alloc(&key, n);
	if (!new) {
		rcu_read_unlock();
		return -ENOMEM;
	}
	for (i = 0; i < pos; i++)
		new->r[i] = old->r[i];
	new->r[pos] = nr;
	for (i = pos + (same ? 1 : 0); i < old->n; i++)
		new->r[i + (same ? 0 : 1)] = old->r[i];
	lpm_swap(lpm, &iter, old, new);
	if (!same)
		lpm_count_set(lpm, lpm->count + 1);
	rcu_read_unlock();
	afudp_rt_ht_grow(lpm->ht, &lpm->buckets, lpm->count);
	return 0;
}

int afudp_lpm_del(struct afudp_lpm *lpm, const struct afudp_route *r)
{
	struct cds_lfht_iter iter;
	struct lpm_node *old, *new;
	struct lpm_key key;
	unsigned int i, pos;
	int ret;

	if (r->len > lpm->max_len)
		return -ENOENT;
	lpm_route_key(lpm, r, &key, NULL);

	rcu_read_lock();
	cds_lfht_lookup(lpm->ht, lpm_hash(&key), lpm_match, &key, &iter);
	if (!cds_lfht_iter_get_node(&iter)) {
		rcu_read_unlock();
		return -ENOENT;
	}
	old = caa_container_of(cds_lfht_iter_get_node(&iter), struct lpm_node,
			       hnode);
	for (pos = 0; pos < old->n; pos++)
		if (route_same_slot(lpm, &old->r[pos], r))
			break;
	if (pos == old->n) {
		rcu_read_unlock();
		return -ENOENT;
	}

	ret = AFUDP_LPM_DEL_DONE;
	if (old->r[pos].flags & AFUDP_ROUTE_F_ALIASED) {
		if (!route_same_target(lpm, &old->r[pos], r)) {
			rcu_read_unlock();
			return AFUDP_LPM_DEL_KEPT;
		}
		ret = AFUDP_LPM_DEL_RESYNC;
	}

	if (old->n == 1) {
		cds_lfht_del(lpm->ht, &old->hnode);
		call_rcu(&old->rcu, lpm_node_free_rcu);
		/* Length bit last: see struct afudp_lpm. */
		if (--lpm->per_len[key.len] == 0)
			__atomic_fetch_and(&lpm->lens[key.len / 64],
					   ~(1ULL << (key.len % 64)),
					   __ATOMIC_RELAXED);
	} else {
		new = lpm_node_alloc(&key, old->n - 1);
		if (!new) {
			rcu_read_unlock();
			return -ENOMEM;
		}
		for (i = 0; i < pos; i++)
			new->r[i] = old->r[i];
		for (i = pos + 1; i < old->n; i++)
			new->r[i - 1] = old->r[i];
		lpm_swap(lpm, &iter, old, new);
	}
	lpm_count_set(lpm, lpm->count - 1);
	rcu_read_unlock();
	return ret;
}

static const struct lpm_node *lpm_find(struct afudp_lpm *lpm,
				       const void *addr, unsigned int len)
{
	struct cds_lfht_iter iter;
	struct cds_lfht_node *hn;
	struct lpm_key key;

	lpm_key_make(&key, addr, len, lpm->alen);
	cds_lfht_lookup(lpm->ht, lpm_hash(&key), lpm_match, &key, &iter);
	hn = cds_lfht_iter_get_node(&iter);
	return hn ? caa_container_of(hn, struct lpm_node, hnode) : NULL;
}

/* The lookup of both families; @oif as in afudp_lpm_lookup6(). */
static const struct afudp_route *lpm_lookup(struct afudp_lpm *lpm,
					    const void *addr, int oif)
{
	int w;

	for (w = LPM_LEN_WORDS - 1; w >= 0; w--) {
		uint64_t lens = __atomic_load_n(&lpm->lens[w],
						__ATOMIC_RELAXED);

		while (lens) {
			unsigned int bit = 63 - __builtin_clzll(lens);
			const struct lpm_node *node;
			unsigned int i;

			lens &= ~(1ULL << bit);
			node = lpm_find(lpm, addr, w * 64 + bit);
			if (!node)
				continue;
			if (oif <= 0)
				return &node->r[0];
			for (i = 0; i < node->n; i++)
				if (node->r[i].oif == oif)
					return &node->r[i];
		}
	}
	return NULL;
}

const struct afudp_route *afudp_lpm_lookup(struct afudp_lpm *lpm,
					   __be32 addr)
{
	return lpm_lookup(lpm, &addr, 0);
}

const struct afudp_route *afudp_lpm_lookup6(struct afudp_lpm *lpm,
					    const struct in6_addr *addr,
					    int oif)
{
	return lpm_lookup(lpm, addr, oif);
}

static const struct afudp_route *lpm_exact(struct afudp_lpm *lpm,
					   const void *dst, unsigned int len)
{
	const struct lpm_node *node;

	if (len > lpm->max_len)
		return NULL;
	node = lpm_find(lpm, dst, len);
	return node ? &node->r[0] : NULL;
}

const struct afudp_route *afudp_lpm_exact(struct afudp_lpm *lpm, __be32 dst,
					  unsigned int len)
{
	return lpm_exact(lpm, &dst, len);
}

const struct afudp_route *afudp_lpm_exact6(struct afudp_lpm *lpm,
					   const struct in6_addr *dst,
					   unsigned int len)
{
	return lpm_exact(lpm, dst, len);
}

unsigned long afudp_lpm_count(const struct afudp_lpm *lpm)
{
	return __atomic_load_n(&lpm->count, __ATOMIC_RELAXED);
}
