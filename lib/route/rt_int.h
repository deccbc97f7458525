/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Internal to lib/route: what the three parts of the route mirror share.
 * The rest of the library sees route.h only; ctl.c, lookup.c and resolve.c
 * include this.
 *
 *   ctl.c      the control thread: dumps, notifications, re-dumps; the
 *              only writer of the tables and the only user of both
 *              netlink sockets. Also open, close and the fork handlers.
 *   lookup.c   the read side: lock-free lookups under RCU from any
 *              thread; the only part on the data path.
 *   resolve.c  neighbour resolution requests: a reader marks a miss, the
 *              control thread sends the request, both sides rate-limited.
 *
 * struct afudp_rt is laid out by who writes it: read-mostly pointers and
 * constants, then what readers write (request slots, counters), then the
 * control thread's own state, each group starting a cache line of its own
 * so that readers' writes do not evict what every lookup reads.
 *
 * Not here: how messages are parsed (ctl.c), how the tables work inside
 * (lpm.h, neigh.h).
 */
#ifndef AFUDP_ROUTE_RT_INT_H
#define AFUDP_ROUTE_RT_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <linux/if_ether.h>
#include <linux/netlink.h>
#include <linux/types.h>

#include <urcu-bp.h>

#include "lpm.h"
#include "neigh.h"
#include "nl.h"
#include "route.h"

/* Each group of struct afudp_rt that other threads write starts one. */
#define RT_CACHELINE		64

#define RT_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define RT_RSLOTS		1024	/* reader-side request slots */
#define RT_RSLOTS6		256	/* the same for IPv6 next hops */
#define RT_RSENT		1024	/* control-side exact rate limiter */

/* An address of the interface, IPv4 or IPv6. */
struct rt_addr {
	union {
		__be32 addr;
		struct in6_addr addr6;
	};
	uint8_t family;		/* AF_INET, AF_INET6 */
	uint8_t prefixlen;
	uint32_t flags;		/* IFA_F_* */
};

/* Immutable snapshot of the interface, published through rt->ifs. */
struct rt_ifs {
	struct rcu_head rcu;
	struct afudp_rt_link link;
	int naddrs;
	struct rt_addr addrs[];
};

/* The tables, published as one unit through rt->tabs. */
struct rt_tabs {
	struct afudp_lpm *local;
	struct afudp_lpm *main;
	struct afudp_neigh_table *neigh;
	struct afudp_lpm *local6;
	struct afudp_lpm *main6;
	struct afudp_neigh_table *neigh6;
};

/*
 * Path MTUs learnt from ICMP (pmtu.c), published as one unit through
 * rt->pmtu: each destination (IPv4 as ::ffff:a.b.c.d) and its MTU,
 * clamped as the kernel clamps it. NULL when there is none.
 */
#define RT_PMTU_MAX 64
struct rt_pmtu_tab {
	struct rcu_head rcu;
	int n;
	struct {
		struct in6_addr addr;
		uint32_t mtu;
	} e[];
};

/*
 * A request slot for an IPv6 next hop: the address does not fit in a
 * word, so a slot is a state word (RSLOT6_* in resolve.c) and the address
 * beside it, written by the reader that owns the slot.
 */
struct rt_rslot6 {
	uint64_t state;
	uint64_t a[2];
};

/* The control thread's working copy of the interface. */
struct rt_iface {
	bool present;		/* the kernel has the interface */
	unsigned int ifi_flags;
	uint8_t mac[ETH_ALEN];
	uint32_t mtu;
	char name[IFNAMSIZ];
	int naddrs, cap;
	struct rt_addr *addrs;
};

/* Last flags seen of another interface: to notice it going down. */
struct rt_lflags {
	int ifindex;
	unsigned int flags;
};

struct afudp_rt {
	/* Read side, read-mostly: RCU pointers and constants. */
	struct rt_tabs *tabs;
	struct rt_ifs *ifs;
	int ifindex;
	int wakefd;		/* eventfd: stop, resolution requests */
	int rp_filter;		/* atomic: AFUDP_RT_RPF_* */
	/*
	 * Generation: moves on after every change of what a lookup reads
	 * (rt_gen_bump()), so a lookup's result may be kept until it moves.
	 * Starts at random at each (re)start: a forked child's mirror and
	 * its parent's never share a value, so a result one process cached
	 * in shared memory is never taken for current by the other.
	 */
	uint64_t gen;

	/*
	 * Written by readers on misses (own cache lines). A slot is
	 * addr << 32 | (ms & 0x7fffffff) << 1 | pending; see
	 * afudp_rt_resolve_want() in resolve.c.
	 */
	uint64_t rslot[RT_RSLOTS] __attribute__((aligned(RT_CACHELINE)));
	struct rt_rslot6 rslot6[RT_RSLOTS6];
	int kick __attribute__((aligned(RT_CACHELINE)));
	int pmtu_kick;		/* pmtu.c: the control thread is woken */
	struct afudp_rt_stats st; /* relaxed atomics */

	/*
	 * Path MTU (pmtu.c): the XDP program's count of notes (mapped; NULL
	 * when not followed), the count the table reflects, the table.
	 */
	const volatile uint64_t *pmtu_seq;
	uint64_t pmtu_seen;
	struct rt_pmtu_tab *pmtu;

	/* Control thread only. */
	pthread_t thread __attribute__((aligned(RT_CACHELINE)));
	int stop;
	struct afudp_nl ev;	/* notifications */
	struct afudp_nl req;	/* dumps and resolution requests */
	char *buf;
	struct rt_iface cur;
	struct rt_lflags *lf;
	int nlf, caplf;
	struct {
		struct in6_addr addr;	/* IPv4: ::ffff:a.b.c.d */
		uint32_t ms;
	} rsent[RT_RSENT];	/* resolve.c's */
	uint64_t resync_at;	/* ms; 0: none pending */
	bool addrs_changed;
	bool resolve_off;	/* the kernel refused NTF_USE (no privilege) */
	uint64_t last_warn_ms;	/* resolve.c: last "resolving failed" */
	afudp_rt_pmtu_read_fn pmtu_read;	/* pmtu.c's */
	void *pmtu_ctx;
	uint32_t pmtu_min4;	/* net.ipv4.route.min_pmtu */
	uint64_t pmtu_exp4_ms, pmtu_exp6_ms;	/* ...mtu_expires */
	uint64_t pmtu_expire_at;	/* ms: the next note's expiry; 0: none */

	afudp_rt_log_fn log;
	void *log_ctx;

	/* afudp_rt_open() waits for the first dump. */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool started;
	int start_err;

	/* Held while the address callback runs; see afudp_rt_set_addr_cb(). */
	pthread_mutex_t cb_lock;
	afudp_rt_addr_cb addr_cb;
	void *addr_cb_ctx;
};

/*
 * RCU flavour: "bulletproof" (urcu-bp). Reader threads register by
 * themselves on their first read-side section and leave the registry when
 * they exit, so afudp's callers need not know about RCU; and it is the
 * flavour that survives fork() (afudp_rt_fork_*()). Its read side costs a
 * compiler barrier where the kernel has membarrier (Linux >= 4.14).
 */

/*
 * rcu_assign_pointer() and rcu_dereference() for rt->ifs and rt->tabs,
 * spelled with the compiler's atomics: the same release store and
 * (consume, promoted to acquire: a plain load on x86) read, but visible to
 * thread sanitizers, which cannot see liburcu's inline-asm barriers.
 */
#define rt_publish(pp, p) __atomic_store_n((pp), (p), __ATOMIC_RELEASE)
#define rt_deref(pp) __atomic_load_n((pp), __ATOMIC_CONSUME)

/*
 * Control thread, after the change is in the tables: readers that see the
 * new generation see the change (release; afudp_rt_gen() acquires).
 */
static inline void rt_gen_bump(struct afudp_rt *rt)
{
	__atomic_store_n(&rt->gen, rt->gen + 1, __ATOMIC_RELEASE);
}

static inline uint64_t rt_now_ms(void)
{
	struct timespec ts;

	/* Coarse is enough for 100 ms limits, and cheap on the miss path. */
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline const char *rt_ntop(__be32 a, char *buf)
{
	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

/* An address of either family; @buf holds INET6_ADDRSTRLEN. */
static inline const char *rt_ntop_af(int family, const void *a, char *buf)
{
	return inet_ntop(family, a, buf, INET6_ADDRSTRLEN);
}

/* IPv6 address scopes (RFC 4291 2.7; the kernel's IPV6_ADDR_SCOPE_*). */
#define RT_SCOPE6_LINK		0x2
#define RT_SCOPE6_SITE		0x5
#define RT_SCOPE6_GLOBAL	0xe

/*
 * The scope of @a as the kernel's source selection sees it
 * (__ipv6_addr_src_scope()): a multicast address's own, link for
 * fe80::/10 and the loopback address, site for fec0::/10, else global.
 */
static inline int afudp_rt_scope6(const struct in6_addr *a)
{
	if (a->s6_addr[0] == 0xff)
		return a->s6_addr[1] & 0x0f;
	if (IN6_IS_ADDR_LINKLOCAL(a) || IN6_IS_ADDR_LOOPBACK(a))
		return RT_SCOPE6_LINK;
	if (IN6_IS_ADDR_SITELOCAL(a))
		return RT_SCOPE6_SITE;
	return RT_SCOPE6_GLOBAL;
}

/*
 * Counters and flags use the compiler's __atomic builtins rather than
 * liburcu's uatomic: same code on x86, and thread sanitizers understand them.
 */
static inline void rt_stat_add(uint64_t *ctr, uint64_t n)
{
	__atomic_fetch_add(ctr, n, __ATOMIC_RELAXED);
}

static inline void rt_stat_set(uint64_t *ctr, uint64_t v)
{
	__atomic_store_n(ctr, v, __ATOMIC_RELAXED);
}

static inline uint64_t rt_stat_get(const uint64_t *ctr)
{
	return __atomic_load_n(ctr, __ATOMIC_RELAXED);
}

/*
 * Wake the control thread. Any thread. The eventfd only fails when its
 * counter would overflow, and then it is readable anyway.
 */
static inline void rt_wake(struct afudp_rt *rt)
{
	uint64_t one = 1;
	ssize_t n = write(rt->wakefd, &one, sizeof(one));

	(void)n;
}

/*
 * Log @fmt through the sink given to afudp_rt_open() (ctl.c). Control
 * thread, and the thread in afudp_rt_open().
 */
__attribute__((format(printf, 3, 4)))
void afudp_rt_log(struct afudp_rt *rt, int level, const char *fmt, ...);

/*
 * Resolution requests (resolve.c; contracts there). _want(6): any thread, on
 * a lookup's miss. _serve and _failed: the control thread, on a wake-up
 * and on an error reply to a request it sent.
 */
void afudp_rt_resolve_want(struct afudp_rt *rt, __be32 nh);
void afudp_rt_resolve_want6(struct afudp_rt *rt, const struct in6_addr *nh);
void afudp_rt_resolve_serve(struct afudp_rt *rt);
void afudp_rt_resolve_failed(struct afudp_rt *rt, const struct nlmsghdr *req,
			     int err, const char *msg);

/*
 * Path MTU (pmtu.c). _kick: any thread, when the XDP program's count moved
 * (afudp_rt_gen()); _update: the control thread, woken by it or at
 * rt->pmtu_expire_at; _apply: a lookup, under its read-side lock: the
 * learnt MTU to @dst, if smaller than *@mtu.
 */
void afudp_rt_pmtu_kick(struct afudp_rt *rt);
void afudp_rt_pmtu_update(struct afudp_rt *rt);
void afudp_rt_pmtu_apply(struct afudp_rt *rt, const struct in6_addr *dst,
			 uint32_t *mtu);

#endif /* AFUDP_ROUTE_RT_INT_H */
