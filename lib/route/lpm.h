/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Longest-prefix-match table of IPv4 or IPv6 routes, read lock-free under
 * RCU. One table holds one family, chosen at creation (afudp_lpm_new(),
 * afudp_lpm_new6()); the code is the same for both, on keys of 4 or 16
 * bytes.
 *
 * Internal to lib/route: ctl.c keeps one table per kernel routing table it
 * mirrors (local, main). Kept separate so the unit tests can drive it
 * without netlink.
 *
 * Layout: one cds_lfht keyed by (prefix length, masked prefix). Each key
 * holds an immutable node with every route of that destination, sorted by
 * metric; a change builds a new node and swaps it in with cds_lfht_replace(),
 * and the old node is freed after a grace period. A reader therefore sees
 * either the old or the new route set, never a half-written one, and a key
 * that is being replaced never vanishes from under it. A bitmask of the
 * prefix lengths present lets a lookup probe only those, longest first.
 *
 * Within a key, IPv4 routes are told apart by metric alone (the kernel's
 * fib keeps one route per destination and metric in use; see
 * AFUDP_ROUTE_F_ALIASED). IPv6 routes by metric, output interface and
 * gateway, as the kernel's fib6 keeps them: every interface has its own
 * fe80::/64, and ECMP siblings share a metric. Of those, a lookup takes
 * the first of the lowest metric, or the first through a given interface
 * (afudp_lpm_lookup6()).
 *
 * Concurrency contract (same words as urcu/rculfhash.h):
 * - afudp_lpm_lookup(): any number of threads, concurrently with one
 *   writer. Call with rcu_read_lock held (liburcu's bulletproof flavour,
 *   urcu-bp: a thread registers by itself on its first read-side section).
 *   The returned route stays valid until rcu_read_unlock.
 * - afudp_lpm_add(), afudp_lpm_del(): writers; the caller serialises them
 *   (in afudp only the control thread writes). The calling thread must be
 *   registered with liburcu and must not hold rcu_read_lock (the functions
 *   take it themselves; nesting would also work, but a writer has no reason
 *   to hold it). They may call call_rcu().
 * - afudp_lpm_new(): any thread, registered or not.
 * - afudp_lpm_destroy(): frees every node at once, so no reader may still
 *   reach the table: unpublish it, then synchronize_rcu(), then destroy.
 *   Registered thread, outside any read-side critical section.
 */
#ifndef AFUDP_ROUTE_LPM_H
#define AFUDP_ROUTE_LPM_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include <linux/types.h>

/* The longest IPv4 prefix: a route to one address. */
#define AFUDP_LPM_MAX_LEN	32
/* The longest IPv6 prefix. */
#define AFUDP_LPM_MAX_LEN6	128

/* Netmask of a prefix of @len bits (0..AFUDP_LPM_MAX_LEN), host order. */
static inline uint32_t afudp_lpm_mask(unsigned int len)
{
	return len ? ~0U << (AFUDP_LPM_MAX_LEN - len) : 0;
}

/* The route carries a nexthop afudp cannot use (IPv6 via, nexthop object). */
#define AFUDP_ROUTE_F_FOREIGN	0x01
/*
 * The kernel holds other routes with the same destination and metric
 * (`ip route append` / `prepend`) that this table does not mirror; only the
 * one the kernel uses is kept. Deleting it means the kernel may now use one
 * of the others: afudp_lpm_del() says so, and ctl.c re-dumps.
 */
#define AFUDP_ROUTE_F_ALIASED	0x02

/*
 * One route. Immutable once it is in a table; all addresses big-endian.
 * An IPv4 table reads dst, gw and prefsrc, an IPv6 table dst6, gw6 and
 * prefsrc6 (zero: none).
 */
struct afudp_route {
	union {
		__be32 dst;	/* destination prefix, host bits zero */
		struct in6_addr dst6;
	};
	union {
		__be32 gw;	/* gateway, 0 if on-link */
		struct in6_addr gw6;
	};
	union {
		__be32 prefsrc;	/* preferred source, 0 if none */
		struct in6_addr prefsrc6;
	};
	uint8_t len;		/* prefix length, 0..AFUDP_LPM_MAX_LEN(6) */
	uint8_t type;		/* RTN_UNICAST, RTN_LOCAL, ... */
	uint8_t flags;		/* AFUDP_ROUTE_F_* */
	uint32_t table;		/* RT_TABLE_MAIN, RT_TABLE_LOCAL, ... */
	uint32_t priority;	/* metric; the lowest wins */
	int oif;		/* output interface, 0 if none */
	uint32_t mtu;		/* RTAX_MTU lock or not, 0 if unset */
};

/* How afudp_lpm_add() treats a route whose destination and metric exist. */
enum afudp_lpm_how {
	AFUDP_LPM_REPLACE,	/* the new route takes the old one's place */
	AFUDP_LPM_APPEND,	/* kernel appended it: keep using the old */
	AFUDP_LPM_PREPEND,	/* kernel put it first: use it, mark aliased */
};

/* afudp_lpm_del() results besides -ENOENT. */
#define AFUDP_LPM_DEL_DONE	0 /* removed */
#define AFUDP_LPM_DEL_KEPT	1 /* an unmirrored alias went; ours stays */
#define AFUDP_LPM_DEL_RESYNC	2 /* removed, but the kernel had aliases */

struct afudp_lpm;

/* Empty IPv4 table. NULL and errno (ENOMEM) on failure. */
struct afudp_lpm *afudp_lpm_new(void);

/* Empty IPv6 table. NULL and errno (ENOMEM) on failure. */
struct afudp_lpm *afudp_lpm_new6(void);

/* Free the table and every route in it. See the contract above. */
void afudp_lpm_destroy(struct afudp_lpm *lpm);

/*
 * Insert @r (copied; host bits of dst are cleared) as the route for its
 * (dst, len, priority), and in an IPv6 table its oif and gateway too.
 * Returns 0, or -EINVAL (len beyond the family's longest) or -ENOMEM, in
 * which case the table is unchanged. Adding a route identical to the one
 * present is a no-op. @how matters to IPv4 tables only: an IPv6 route
 * that is already there is replaced. Writer side.
 */
int afudp_lpm_add(struct afudp_lpm *lpm, const struct afudp_route *r,
		  enum afudp_lpm_how how);

/*
 * Remove the route for (@r->dst, @r->len, @r->priority) (IPv6: and its oif
 * and gateway). @r describes what
 * the kernel deleted: if its type, oif or gateway differ from the mirrored
 * route and that route is aliased, the kernel deleted an alias we never
 * used, and ours stays (AFUDP_LPM_DEL_KEPT). Returns AFUDP_LPM_DEL_*, or
 * -ENOENT, or -ENOMEM (table unchanged). Writer side.
 */
int afudp_lpm_del(struct afudp_lpm *lpm, const struct afudp_route *r);

/*
 * The lowest-metric route of the longest prefix that contains @addr, or NULL.
 * Reader side: rcu_read_lock held; the result is valid until unlock.
 */
const struct afudp_route *afudp_lpm_lookup(struct afudp_lpm *lpm,
					   __be32 addr);

/*
 * The lowest-metric route for exactly (@dst, @len), or NULL. Reader side,
 * like afudp_lpm_lookup().
 */
const struct afudp_route *afudp_lpm_exact(struct afudp_lpm *lpm, __be32 dst,
					  unsigned int len);

/*
 * IPv6: the lowest-metric route of the longest prefix that contains
 * @addr, or NULL. With @oif > 0, only routes through @oif count, and a
 * prefix that has none is passed over for shorter ones: the kernel's
 * strict interface match (RT6_LOOKUP_F_IFACE) for a destination with a
 * scope id. Reader side, like afudp_lpm_lookup().
 */
const struct afudp_route *afudp_lpm_lookup6(struct afudp_lpm *lpm,
					    const struct in6_addr *addr,
					    int oif);

/* IPv6: afudp_lpm_exact(). */
const struct afudp_route *afudp_lpm_exact6(struct afudp_lpm *lpm,
					   const struct in6_addr *dst,
					   unsigned int len);

/* Number of routes in the table. Any thread; a snapshot. */
unsigned long afudp_lpm_count(const struct afudp_lpm *lpm);

#endif /* AFUDP_ROUTE_LPM_H */
