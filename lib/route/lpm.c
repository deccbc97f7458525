/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Longest-prefix match over a cds_lfht keyed by (length, prefix). See lpm.h
 * for the layout and the concurrency contract.
 *
 * Why a hash per prefix length rather than a trie: a host mirrors a handful
 * of prefix lengths (0, 8, 16, 24, 32 in practice), so a lookup is a few hash
 * probes, and cds_lfht already gives us RCU-safe replace semantics that a
 * home-grown trie would have to re-invent.
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include <urcu-bp.h>
#include <urcu/rculfhash.h>

#include "hash.h"
#include "lpm.h"

/* An immutable set of routes sharing one (prefix, len), sorted by metric. */
struct lpm_node {
	struct cds_lfht_node hnode;
	struct rcu_head rcu;
	uint32_t prefix;	/* host byte order, masked */
	uint8_t len;
	unsigned int n;		/* >= 1 */
	struct afudp_route r[];
};

struct lpm_key {
	uint32_t prefix;
	uint8_t len;
};

struct afudp_lpm {
	struct cds_lfht *ht;
	/*
	 * Bit L is set while some prefix of length L may be present. Set
	 * before the first such node is added and cleared after the last is
	 * removed, so a reader never skips a length that holds a node it
	 * could otherwise have seen. Relaxed atomics: it only prunes, and
	 * cds_lfht orders the nodes themselves.
	 */
	uint64_t lens;
	/* Writer only: nodes of each length. */
	unsigned int per_len[AFUDP_LPM_MAX_LEN + 1];
	unsigned long count;		/* routes; written by the writer only */
	unsigned long buckets;		/* the writer's */
};

/* Only the writer stores; any thread may read (afudp_lpm_count()). */
static inline void lpm_count_set(struct afudp_lpm *lpm, unsigned long n)
{
	__atomic_store_n(&lpm->count, n, __ATOMIC_RELAXED);
}

static inline unsigned long lpm_hash(uint32_t prefix, unsigned int len)
{
	return (unsigned long)afudp_rt_hash64(((uint64_t)len << 32) | prefix);
}

static int lpm_match(struct cds_lfht_node *ht_node, const void *key)
{
	const struct lpm_node *node =
		caa_container_of(ht_node, struct lpm_node, hnode);
	const struct lpm_key *k = key;

	return node->prefix == k->prefix && node->len == k->len;
}

static void lpm_node_free_rcu(struct rcu_head *head)
{
	free(caa_container_of(head, struct lpm_node, rcu));
}

static struct lpm_node *lpm_node_alloc(uint32_t prefix, uint8_t len,
				       unsigned int n)
{
	struct lpm_node *node;

	node = malloc(sizeof(*node) + n * sizeof(node->r[0]));
	if (!node)
		return NULL;
	cds_lfht_node_init(&node->hnode);
	node->prefix = prefix;
	node->len = len;
	node->n = n;
	return node;
}

struct afudp_lpm *afudp_lpm_new(void)
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
	lpm->buckets = AFUDP_RT_HT_INIT;
	return lpm;
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

/* Same nexthop and kind: the fields a kernel deletion names a route by. */
static bool route_same_target(const struct afudp_route *a,
			      const struct afudp_route *b)
{
	return a->type == b->type && a->oif == b->oif && a->gw == b->gw;
}

static bool route_equal(const struct afudp_route *a,
			const struct afudp_route *b)
{
	return a->dst == b->dst && a->len == b->len && a->type == b->type &&
	       a->flags == b->flags && a->table == b->table &&
	       a->priority == b->priority && a->oif == b->oif &&
	       a->gw == b->gw && a->prefsrc == b->prefsrc && a->mtu == b->mtu;
}

/* Publish @new in place of the node @iter points at; free the old later. */
static void lpm_swap(struct afudp_lpm *lpm, struct cds_lfht_iter *iter,
		     struct lpm_node *old, struct lpm_node *new)
{
	struct lpm_key key = { .prefix = old->prefix, .len = old->len };
	int ret;

	ret = cds_lfht_replace(lpm->ht, iter, lpm_hash(key.prefix, key.len),
			       lpm_match, &key, &new->hnode);
	/*
	 * Cannot fail: the caller found @old under the read lock it still
	 * holds, and it is the only writer, so @old is neither gone nor
	 * differently keyed.
	 */
	assert(ret == 0);
	(void)ret;
	call_rcu(&old->rcu, lpm_node_free_rcu);
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

	if (r->len > AFUDP_LPM_MAX_LEN)
		return -EINVAL;
	nr = *r;
	key.len = r->len;
	key.prefix = ntohl(r->dst) & afudp_lpm_mask(r->len);
	nr.dst = htonl(key.prefix);

	rcu_read_lock();
	cds_lfht_lookup(lpm->ht, lpm_hash(key.prefix, key.len), lpm_match,
			&key, &iter);
	if (!cds_lfht_iter_get_node(&iter)) {
		new = lpm_node_alloc(key.prefix, key.len, 1);
		if (!new) {
			rcu_read_unlock();
			return -ENOMEM;
		}
		new->r[0] = nr;
		/* Length bit first: see struct afudp_lpm. */
		if (lpm->per_len[key.len]++ == 0)
			__atomic_fetch_or(&lpm->lens, 1ULL << key.len,
					  __ATOMIC_RELAXED);
		cds_lfht_add(lpm->ht, lpm_hash(key.prefix, key.len),
			     &new->hnode);
		lpm_count_set(lpm, lpm->count + 1);
		rcu_read_unlock();
		afudp_rt_ht_grow(lpm->ht, &lpm->buckets, lpm->count);
		return 0;
	}
	old = caa_container_of(cds_lfht_iter_get_node(&iter), struct lpm_node,
			       hnode);

	/* Position of the same metric, or where the new metric goes. */
	for (pos = 0; pos < old->n; pos++)
		if (old->r[pos].priority >= nr.priority)
			break;
	same = pos < old->n && old->r[pos].priority == nr.priority;

	if (same) {
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
		if (route_equal(cur, &nr)) {
			rcu_read_unlock();
			return 0;
		}
	}

	n = old->n + (same ? 0 : 1);
	new = lpm_node_alloc(key.prefix, key.len, n);
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

	if (r->len > AFUDP_LPM_MAX_LEN)
		return -ENOENT;
	key.len = r->len;
	key.prefix = ntohl(r->dst) & afudp_lpm_mask(r->len);

	rcu_read_lock();
	cds_lfht_lookup(lpm->ht, lpm_hash(key.prefix, key.len), lpm_match,
			&key, &iter);
	if (!cds_lfht_iter_get_node(&iter)) {
		rcu_read_unlock();
		return -ENOENT;
	}
	old = caa_container_of(cds_lfht_iter_get_node(&iter), struct lpm_node,
			       hnode);
	for (pos = 0; pos < old->n; pos++)
		if (old->r[pos].priority == r->priority)
			break;
	if (pos == old->n) {
		rcu_read_unlock();
		return -ENOENT;
	}

	ret = AFUDP_LPM_DEL_DONE;
	if (old->r[pos].flags & AFUDP_ROUTE_F_ALIASED) {
		if (!route_same_target(&old->r[pos], r)) {
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
			__atomic_fetch_and(&lpm->lens, ~(1ULL << key.len),
					   __ATOMIC_RELAXED);
	} else {
		new = lpm_node_alloc(key.prefix, key.len, old->n - 1);
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
				       uint32_t prefix, unsigned int len)
{
	struct lpm_key key = { .prefix = prefix, .len = len };
	struct cds_lfht_iter iter;
	struct cds_lfht_node *hn;

	cds_lfht_lookup(lpm->ht, lpm_hash(prefix, len), lpm_match, &key,
			&iter);
	hn = cds_lfht_iter_get_node(&iter);
	return hn ? caa_container_of(hn, struct lpm_node, hnode) : NULL;
}

const struct afudp_route *afudp_lpm_lookup(struct afudp_lpm *lpm,
					   __be32 addr)
{
	uint32_t a = ntohl(addr);
	uint64_t lens = __atomic_load_n(&lpm->lens, __ATOMIC_RELAXED);

	while (lens) {
		unsigned int len = 63 - __builtin_clzll(lens);
		const struct lpm_node *node;

		lens &= ~(1ULL << len);
		node = lpm_find(lpm, a & afudp_lpm_mask(len), len);
		if (node)
			return &node->r[0];
	}
	return NULL;
}

const struct afudp_route *afudp_lpm_exact(struct afudp_lpm *lpm, __be32 dst,
					  unsigned int len)
{
	const struct lpm_node *node;

	if (len > AFUDP_LPM_MAX_LEN)
		return NULL;
	node = lpm_find(lpm, ntohl(dst) & afudp_lpm_mask(len), len);
	return node ? &node->r[0] : NULL;
}

unsigned long afudp_lpm_count(const struct afudp_lpm *lpm)
{
	return __atomic_load_n(&lpm->count, __ATOMIC_RELAXED);
}
