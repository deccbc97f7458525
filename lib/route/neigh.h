/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Neighbour table of one interface and one family (IPv4: ARP, IPv6: NDP),
 * read lock-free under RCU. The family is chosen at creation.
 *
 * Internal to lib/route: ctl.c mirrors the kernel's neighbours into it;
 * the unit tests drive it directly.
 *
 * An entry is never modified once published: a change allocates a new
 * entry and swaps it in with cds_lfht_add_replace(), and the old one is
 * freed after a grace period (call_rcu). So a reader copying an entry's
 * lladdr and state always gets one consistent version of it, and an entry
 * being replaced is never missing from a lookup.
 *
 * Concurrency contract (same words as urcu/rculfhash.h):
 * - afudp_neigh_lookup(): any number of threads, concurrently with one
 *   writer. Call with rcu_read_lock held (liburcu's bulletproof flavour,
 *   urcu-bp: a thread registers by itself on its first read-side section).
 *   The entry stays valid until rcu_read_unlock.
 * - afudp_neigh_set(), afudp_neigh_del(): writers; the caller serialises
 *   them. Registered thread; they take the read lock themselves and may
 *   call call_rcu().
 * - afudp_neigh_table_new(): any thread.
 * - afudp_neigh_table_destroy(): no reader may still reach the table
 *   (unpublish, synchronize_rcu(), destroy). Registered thread, outside any
 *   read-side critical section.
 */
#ifndef AFUDP_ROUTE_NEIGH_H
#define AFUDP_ROUTE_NEIGH_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/if_ether.h>
#include <netinet/in.h>
#include <linux/neighbour.h>
#include <linux/types.h>

/* One neighbour. Immutable once in a table. */
struct afudp_neigh {
	union {
		__be32 addr;	/* IPv4 table */
		struct in6_addr addr6;	/* IPv6 table */
	};
	uint16_t state;		/* NUD_* */
	uint8_t flags;		/* NTF_* as the kernel reported them */
	uint8_t lladdr_len;	/* ETH_ALEN, or 0 if none given (or odd) */
	uint8_t lladdr[ETH_ALEN];
};

/* States in which the kernel itself would transmit to the lladdr. */
#define AFUDP_NEIGH_USABLE \
	(NUD_REACHABLE | NUD_STALE | NUD_DELAY | NUD_PROBE | NUD_PERMANENT | \
	 NUD_NOARP)

/* Can a frame be addressed with @n's lladdr? */
static inline bool afudp_neigh_usable(const struct afudp_neigh *n)
{
	return n && (n->state & AFUDP_NEIGH_USABLE) &&
	       n->lladdr_len == ETH_ALEN;
}

struct afudp_neigh_table;

/* Empty IPv4 table. NULL and errno (ENOMEM) on failure. */
struct afudp_neigh_table *afudp_neigh_table_new(void);

/* Empty IPv6 table. NULL and errno (ENOMEM) on failure. */
struct afudp_neigh_table *afudp_neigh_table_new6(void);

/* Free the table and its entries. See the contract above. */
void afudp_neigh_table_destroy(struct afudp_neigh_table *t);

/*
 * Insert or replace the entry for @n->addr (IPv6: @n->addr6) with a copy
 * of @n. Setting an
 * entry identical to the present one is a no-op. 0, or -ENOMEM (table
 * unchanged). Writer side.
 */
int afudp_neigh_set(struct afudp_neigh_table *t, const struct afudp_neigh *n);

/* Remove the entry for @addr. 0, or -ENOENT. Writer side. */
int afudp_neigh_del(struct afudp_neigh_table *t, __be32 addr);

/* Entry for @addr or NULL. Reader side (rcu_read_lock held). */
const struct afudp_neigh *afudp_neigh_lookup(struct afudp_neigh_table *t,
					     __be32 addr);

/* IPv6 tables: afudp_neigh_del() and afudp_neigh_lookup(). */
int afudp_neigh_del6(struct afudp_neigh_table *t, const struct in6_addr *a);
const struct afudp_neigh *afudp_neigh_lookup6(struct afudp_neigh_table *t,
					      const struct in6_addr *a);

/* Number of entries. Any thread; a snapshot. */
unsigned long afudp_neigh_count(const struct afudp_neigh_table *t);

#endif /* AFUDP_ROUTE_NEIGH_H */
