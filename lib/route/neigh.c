/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Neighbour table: a cds_lfht of immutable entries keyed by address, IPv4
 * or IPv6. See neigh.h for the concurrency contract.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <urcu-bp.h>
#include <urcu/rculfhash.h>

#include "hash.h"
#include "neigh.h"

struct neigh_node {
	struct cds_lfht_node hnode;
	struct rcu_head rcu;
	struct afudp_neigh n;
};

struct afudp_neigh_table {
	struct cds_lfht *ht;
	unsigned int alen;	/* address bytes: 4 or 16 */
	unsigned long count;	/* written by the writer only */
	unsigned long buckets;	/* the writer's */
};

/*
 * Keys are 16 bytes in both families: an IPv4 address is followed by
 * zeros, in the entries (afudp_neigh_set() clears them) and in the keys
 * looked up (neigh_key()).
 */
static inline unsigned long neigh_hash(const struct in6_addr *key)
{
	return (unsigned long)afudp_rt_hash128(key, 0);
}

static void neigh_key(const struct afudp_neigh_table *t,
		      struct in6_addr *key, const void *addr)
{
	memset(key, 0, sizeof(*key));
	memcpy(key, addr, t->alen);
}

static int neigh_match(struct cds_lfht_node *ht_node, const void *key)
{
	const struct neigh_node *node =
		caa_container_of(ht_node, struct neigh_node, hnode);

	return !memcmp(&node->n.addr6, key, sizeof(node->n.addr6));
}

static void neigh_node_free_rcu(struct rcu_head *head)
{
	free(caa_container_of(head, struct neigh_node, rcu));
}

static struct afudp_neigh_table *neigh_table_new(unsigned int alen)
{
	struct afudp_neigh_table *t;

	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->ht = cds_lfht_new(AFUDP_RT_HT_INIT, AFUDP_RT_HT_MIN,
			     AFUDP_RT_HT_MAX, AFUDP_RT_HT_FLAGS, NULL);
	if (!t->ht) {
		free(t);
		errno = ENOMEM;
		return NULL;
	}
	t->alen = alen;
	t->buckets = AFUDP_RT_HT_INIT;
	return t;
}

struct afudp_neigh_table *afudp_neigh_table_new(void)
{
	return neigh_table_new(sizeof(__be32));
}

struct afudp_neigh_table *afudp_neigh_table_new6(void)
{
	return neigh_table_new(sizeof(struct in6_addr));
}

void afudp_neigh_table_destroy(struct afudp_neigh_table *t)
{
	struct cds_lfht_iter iter;
	struct neigh_node *node;

	if (!t)
		return;
	/* No reader left (contract): free at once, no grace period. */
	rcu_read_lock();
	cds_lfht_for_each_entry(t->ht, &iter, node, hnode) {
		cds_lfht_del(t->ht, &node->hnode);
		free(node);
	}
	rcu_read_unlock();
	cds_lfht_destroy(t->ht, NULL);
	free(t);
}

static bool neigh_equal(const struct afudp_neigh *a,
			const struct afudp_neigh *b)
{
	return !memcmp(&a->addr6, &b->addr6, sizeof(a->addr6)) &&
	       a->state == b->state &&
	       a->flags == b->flags && a->lladdr_len == b->lladdr_len &&
	       !memcmp(a->lladdr, b->lladdr, sizeof(a->lladdr));
}

int afudp_neigh_set(struct afudp_neigh_table *t, const struct afudp_neigh *n)
{
	struct cds_lfht_node *old_hn;
	struct cds_lfht_iter iter;
	struct neigh_node *node;
	struct afudp_neigh nn = *n;

	/* The key's bytes past the address are zero: see neigh_hash(). */
	neigh_key(t, &nn.addr6, &n->addr6);
	/* Bytes past lladdr_len are zero, so equal entries compare equal. */
	if (nn.lladdr_len > sizeof(nn.lladdr))
		nn.lladdr_len = 0;
	memset(nn.lladdr + nn.lladdr_len, 0,
	       sizeof(nn.lladdr) - nn.lladdr_len);

	rcu_read_lock();
	cds_lfht_lookup(t->ht, neigh_hash(&nn.addr6), neigh_match,
			&nn.addr6, &iter);
	old_hn = cds_lfht_iter_get_node(&iter);
	if (old_hn && neigh_equal(&caa_container_of(old_hn, struct neigh_node,
						    hnode)->n, &nn)) {
		rcu_read_unlock();
		return 0;
	}

	node = malloc(sizeof(*node));
	if (!node) {
		rcu_read_unlock();
		return -ENOMEM;
	}
	cds_lfht_node_init(&node->hnode);
	node->n = nn;

	/*
	 * add_replace rather than replace on @iter: same effect here (one
	 * writer), and it needs no separate "absent" branch. Readers find
	 * either the old entry or the new one, never neither.
	 */
	old_hn = cds_lfht_add_replace(t->ht, neigh_hash(&nn.addr6),
				      neigh_match, &nn.addr6, &node->hnode);
	if (old_hn) {
		node = caa_container_of(old_hn, struct neigh_node, hnode);
		call_rcu(&node->rcu, neigh_node_free_rcu);
	} else {
		__atomic_store_n(&t->count, t->count + 1, __ATOMIC_RELAXED);
	}
	rcu_read_unlock();
	afudp_rt_ht_grow(t->ht, &t->buckets, t->count);
	return 0;
}

static int neigh_del(struct afudp_neigh_table *t, const void *addr)
{
	struct cds_lfht_node *hn;
	struct cds_lfht_iter iter;
	struct in6_addr key;

	neigh_key(t, &key, addr);
	rcu_read_lock();
	cds_lfht_lookup(t->ht, neigh_hash(&key), neigh_match, &key, &iter);
	hn = cds_lfht_iter_get_node(&iter);
	if (!hn || cds_lfht_del(t->ht, hn)) {
		rcu_read_unlock();
		return -ENOENT;
	}
	call_rcu(&caa_container_of(hn, struct neigh_node, hnode)->rcu,
		 neigh_node_free_rcu);
	__atomic_store_n(&t->count, t->count - 1, __ATOMIC_RELAXED);
	rcu_read_unlock();
	return 0;
}

int afudp_neigh_del(struct afudp_neigh_table *t, __be32 addr)
{
	return neigh_del(t, &addr);
}

int afudp_neigh_del6(struct afudp_neigh_table *t, const struct in6_addr *a)
{
	return neigh_del(t, a);
}

static const struct afudp_neigh *neigh_lookup(struct afudp_neigh_table *t,
					      const void *addr)
{
	struct cds_lfht_node *hn;
	struct cds_lfht_iter iter;
	struct in6_addr key;

	neigh_key(t, &key, addr);
	cds_lfht_lookup(t->ht, neigh_hash(&key), neigh_match, &key, &iter);
	hn = cds_lfht_iter_get_node(&iter);
	return hn ? &caa_container_of(hn, struct neigh_node, hnode)->n : NULL;
}

const struct afudp_neigh *afudp_neigh_lookup(struct afudp_neigh_table *t,
					     __be32 addr)
{
	return neigh_lookup(t, &addr);
}

const struct afudp_neigh *afudp_neigh_lookup6(struct afudp_neigh_table *t,
					      const struct in6_addr *a)
{
	return neigh_lookup(t, a);
}

unsigned long afudp_neigh_count(const struct afudp_neigh_table *t)
{
	return __atomic_load_n(&t->count, __ATOMIC_RELAXED);
}
