/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A live mirror of the kernel's view of one interface: its link (MAC, MTU,
 * up/down), its IPv4 and IPv6 addresses, the IPv4 and IPv6 routes of the
 * main and local tables, and the neighbours (ARP and NDP), kept current by
 * a control thread that follows rtnetlink notifications (and re-dumps
 * after ENOBUFS).
 *
 * The send path reads the tables without locks under RCU (liburcu,
 * "bulletproof" flavour, urcu-bp); only the control thread writes them
 * (lib/route/ctl.c; the read side is lookup.c). That flavour
 * registers reader threads by itself and forgets them when they exit, so
 * callers need not know about RCU at all, and it survives fork()
 * (afudp_rt_fork_*() below). An application using liburcu itself is
 * unaffected, whatever its flavour: each flavour keeps its own registry.
 * Read-side critical sections are short and never block.
 *
 * Threads: one control thread per struct afudp_rt owns both netlink sockets
 * and is the only writer. It runs with all signals blocked. The log
 * callback and the address callback are called from it (the log callback
 * also from the thread calling afudp_rt_open()); neither may call
 * afudp_rt_close() or afudp_rt_set_addr_cb().
 *
 * What is mirrored: IPv4 and IPv6 routes of the local and main tables of every
 * interface (a route through another interface yields AFUDP_RT_OTHER_IF),
 * the addresses and neighbours of this interface, and its link state.
 * Policy rules other than the kernel's defaults (local, then main) are not
 * followed. Routes with a TOS selector are ignored (afudp sends TOS 0). Of
 * a multipath route the first live hop is used. A route whose next hop
 * afudp cannot use (IPv6 gateway, nexthop object without legacy attributes)
 * yields AFUDP_RT_OTHER_IF, so such traffic goes through the kernel.
 * IPv6 routes of one prefix and metric through several interfaces or
 * gateways (fib6 keeps them all) give the first, or the one through the
 * destination's scope id; the kernel's round-robin among them and its
 * preference for reachable routers are not mirrored.
 *
 * This module knows nothing of sockets or XSKs.
 */
#ifndef AFUDP_ROUTE_H
#define AFUDP_ROUTE_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include <linux/if_ether.h>
#include <linux/types.h>

struct afudp_rt;

/* Log sink: level is a syslog level (LOG_ERR ... LOG_DEBUG). */
typedef void (*afudp_rt_log_fn)(void *ctx, int level, const char *msg);

/* What the send path must do with a destination. */
enum afudp_rt_verdict {
	AFUDP_RT_FAST = 0,  /* res is complete: build the frame and send */
	AFUDP_RT_LOCAL,	    /* destination is an address of this host */
	AFUDP_RT_NO_NEIGH,  /* next hop not resolved yet (resolution asked) */
	AFUDP_RT_OTHER_IF,  /* best route leaves through another interface */
	AFUDP_RT_UNREACH,   /* no route (or unreachable/blackhole/prohibit) */
	AFUDP_RT_LINK_DOWN, /* our interface is down or has no carrier */
	AFUDP_RT_NOT_UNICAST, /* multicast, broadcast or 0.0.0.0 */
	AFUDP_RT_NR,
};

struct afudp_rt_result {
	uint8_t dmac[ETH_ALEN]; /* next hop's MAC (valid for AFUDP_RT_FAST) */
	uint8_t smac[ETH_ALEN]; /* our MAC */
	__be32 saddr;	   /* preferred source: route's prefsrc, else ifaddr */
	__be32 nexthop;	   /* gateway, or the destination if on-link */
	uint32_t mtu;	   /* path MTU: route's RTAX_MTU if set, else link */
};

/* afudp_rt_result for IPv6. */
struct afudp_rt_result6 {
	uint8_t dmac[ETH_ALEN];
	uint8_t smac[ETH_ALEN];
	struct in6_addr saddr;	/* route's prefsrc, else RFC 6724 choice */
	struct in6_addr nexthop; /* gateway, or the destination if on-link */
	uint32_t mtu;
};

struct afudp_rt_link {
	int ifindex;
	uint8_t mac[ETH_ALEN];
	uint32_t mtu;
	bool up;	    /* IFF_UP and carrier (IFF_LOWER_UP / oper up) */
	__be32 addr;	    /* primary IPv4 address, 0 if none */
	uint8_t prefixlen;
};

struct afudp_rt_stats {
	uint64_t routes;       /* routes mirrored now */
	uint64_t neighs;       /* neighbour entries mirrored now */
	uint64_t addrs;	       /* local addresses mirrored now */
	uint64_t redumps;      /* full re-dumps after ENOBUFS */
	uint64_t events;       /* notifications applied */
	uint64_t neigh_miss;   /* lookups that found no usable neighbour */
	uint64_t resolve_req;  /* resolution requests sent to the kernel */
	uint64_t resyncs;      /* re-dumps done after open: after ENOBUFS,
				* and after changes the kernel makes without
				* notifying them (an interface going down or
				* away, an address removed: routes flushed) */
	uint64_t pmtu;	       /* destinations with a path MTU learnt from
				* ICMP (afudp_rt_set_pmtu()) now */
};

/*
 * afudp_rt_open() - dump the tables for @ifindex and start following them.
 * Returns when the first full dump is in place. NULL and errno on failure
 * (EINVAL: bad ifindex, ENODEV: no such interface, or what socket(),
 * bind() or the kernel's dump replies gave). Called from any thread; does
 * not need privileges (resolution requests do: without CAP_NET_ADMIN they
 * are refused once, logged, and not sent again). @log may be NULL (silent).
 */
struct afudp_rt *afudp_rt_open(int ifindex, afudp_rt_log_fn log, void *ctx);

/*
 * Stop the control thread and free everything. No other call on @rt may be
 * running or follow; waits for the control thread and for RCU callbacks.
 * NULL is a no-op.
 */
void afudp_rt_close(struct afudp_rt *rt);

/*
 * In a forked child, on the mirror it inherited (whose control thread is
 * the parent's): follow the tables with a thread and sockets of its own,
 * in place (the object keeps its address). 0 or -errno; on failure only
 * afudp_rt_forget() may follow. afudp_rt_forget() frees a child's copy
 * that was never restarted, which has no thread to stop.
 */
int afudp_rt_restart(struct afudp_rt *rt);
void afudp_rt_forget(struct afudp_rt *rt);

/*
 * liburcu's helper threads (call_rcu's, the hash tables' resize worker)
 * don't survive fork(): pause them before, resume them in the parent and
 * restart them in the child, so a child can open mirrors of its own. For
 * pthread_atfork().
 */
void afudp_rt_fork_prepare(void);
void afudp_rt_fork_parent(void);
void afudp_rt_fork_child(void);

/*
 * afudp_rt_lookup() - where does a datagram to @daddr go?
 * Lock-free; any thread. On AFUDP_RT_NO_NEIGH it asks the kernel to resolve
 * the next hop (rate-limited), so a later lookup finds it. A usable
 * neighbour is one with a link-layer address in state REACHABLE, STALE,
 * DELAY, PROBE, PERMANENT or NOARP; a STALE one also triggers a
 * (rate-limited) re-confirmation request. @res is filled as far as known
 * for every verdict (saddr/mtu when a route exists).
 *
 * Never blocks and allocates nothing. The first call from a thread
 * registers it with RCU (see the top of this file). Requests are at most
 * one per next hop per 100 ms; the lookup only marks the request, and the
 * control thread sends it (RTM_NEWNEIGH with NTF_USE, which makes the
 * kernel start ARP for an unresolved entry or re-probe a STALE one), so a
 * burst of misses costs at most one eventfd write per control-thread pass.
 * AFUDP_RT_LOCAL: saddr is the route's prefsrc, else @daddr itself.
 * AFUDP_RT_OTHER_IF: nexthop is the route's, saddr its prefsrc (0 if none)
 * and mtu its RTAX_MTU (0 if none): the link MTU would be the wrong one.
 * The unusable states INCOMPLETE, FAILED and NONE count as neigh_miss.
 */
enum afudp_rt_verdict afudp_rt_lookup(struct afudp_rt *rt, __be32 daddr,
				      struct afudp_rt_result *res);

/*
 * afudp_rt_gen() - the mirror's generation: a number that changes after
 * every change of what afudp_rt_lookup() or afudp_rt_lookup6() reads
 * (routes, addresses, link, neighbours of either family; notified or
 * found by a re-dump), and that two mirrors (a
 * forked child's and its parent's, or one before and after
 * afudp_rt_restart()) never share. Never 0. Any thread; lock-free.
 */
uint64_t afudp_rt_gen(struct afudp_rt *rt);

/*
 * afudp_rt_lookup_gen() - afudp_rt_lookup(), and how long @res holds:
 * *@gen is the generation it was made at, so it may be reused for @daddr
 * while afudp_rt_gen() still returns that; 0 when it must not be reused
 * (any verdict but AFUDP_RT_FAST, or a STALE neighbour, whose
 * re-confirmation each lookup asks for).
 */
enum afudp_rt_verdict afudp_rt_lookup_gen(struct afudp_rt *rt, __be32 daddr,
					  struct afudp_rt_result *res,
					  uint64_t *gen);

/*
 * afudp_rt_lookup6() - afudp_rt_lookup() for IPv6: where does a datagram
 * to @daddr go? @scope_id is the destination's sin6_scope_id, an
 * interface index; it is needed for a link-local destination (fe80::/10:
 * without it, AFUDP_RT_UNREACH, as connect() gives EINVAL) and ignored
 * for others, as the kernel ignores it. A link-local destination takes
 * only routes through its scope's interface: another interface's scope
 * gives AFUDP_RT_OTHER_IF, or AFUDP_RT_UNREACH when that interface has no
 * route for it. IPv4-mapped destinations are AFUDP_RT_UNREACH here:
 * they are afudp_rt_lookup()'s.
 *
 * The source address (res->saddr) is the route's prefsrc, else the one
 * the kernel's ipv6_dev_get_saddr() chooses (RFC 6724 section 5) among
 * this interface's addresses that are neither tentative nor dadfailed:
 * same scope as the destination first (a link-local destination gets the
 * link-local address), then not deprecated, same label, not temporary,
 * longest matching prefix (up to the address's prefix length); ties to
 * the kernel's list order. The kernel also considers other interfaces'
 * addresses for a destination of a wider scope than link; it takes one
 * only when this interface has none, and then the verdict is
 * AFUDP_RT_OTHER_IF (this interface has no candidate at all) or the
 * source differs (only narrower ones): such setups send through the
 * kernel socket in the first case, and are not mirrored in the second.
 *
 * Neighbours, resolution requests (RTM_NEWNEIGH AF_INET6 with NTF_USE:
 * the kernel sends a neighbour solicitation), verdicts and counters are
 * as for afudp_rt_lookup(). Lock-free; any thread; never blocks.
 */
enum afudp_rt_verdict afudp_rt_lookup6(struct afudp_rt *rt,
				       const struct in6_addr *daddr,
				       uint32_t scope_id,
				       struct afudp_rt_result6 *res);

/* afudp_rt_lookup_gen() for IPv6: the generation covers both families. */
enum afudp_rt_verdict afudp_rt_lookup6_gen(struct afudp_rt *rt,
					   const struct in6_addr *daddr,
					   uint32_t scope_id,
					   struct afudp_rt_result6 *res,
					   uint64_t *gen);

/* afudp_rt_is_local() for IPv6 (@scope_id: as afudp_rt_lookup6()). */
bool afudp_rt_is_local6(struct afudp_rt *rt, const struct in6_addr *addr,
			uint32_t scope_id);

/*
 * Fill up to @max IPv6 addresses of the interface into @addrs, those a
 * source may be (not tentative, not dadfailed), in the kernel's order;
 * returns how many it has (may exceed @max). Lock-free; any thread.
 */
int afudp_rt_addrs6(struct afudp_rt *rt, struct in6_addr *addrs, int max);

/* rp_filter's values, the kernel's own numbers. */
enum afudp_rt_rpf {
	AFUDP_RT_RPF_OFF = 0,
	AFUDP_RT_RPF_STRICT = 1,  /* route back must use the same interface */
	AFUDP_RT_RPF_LOOSE = 2,	  /* a route back through any interface */
};

/*
 * Reverse-path filtering as the kernel applies it to the interface
 * (net.ipv4.conf.{all,IFACE}.rp_filter, the larger): AFUDP_RT_RPF_*.
 * Lock-free; any thread.
 */
int afudp_rt_rp_filter(struct afudp_rt *rt);

/*
 * Would the kernel's reverse-path filter in mode @rp_filter accept a
 * datagram from @saddr on this interface (fib_validate_source())? A
 * unicast route back to @saddr must exist, through this interface in
 * strict mode (1). Main and local tables only: policy rules are not
 * mirrored. Lock-free; any thread.
 */
bool afudp_rt_source_ok(struct afudp_rt *rt, __be32 saddr, int rp_filter);

/* Copy of the link state. Lock-free; any thread. */
void afudp_rt_link(struct afudp_rt *rt, struct afudp_rt_link *link);

/*
 * Is @addr one of this host's addresses (any interface: a local-table or
 * main-table route of type local covers it)? Lock-free; any thread.
 */
bool afudp_rt_is_local(struct afudp_rt *rt, __be32 addr);

/*
 * Fill up to @max IPv4 addresses of the interface into @addrs; returns how
 * many it has (may exceed @max). Lock-free; any thread.
 */
int afudp_rt_addrs(struct afudp_rt *rt, __be32 *addrs, int max);

/*
 * Called by the control thread after any change of the interface's
 * addresses or MAC (e.g. to update the XDP program's address map). Set
 * before changes can matter: pass it to afudp_rt_set_addr_cb() right after
 * open. Changes read together (a burst of notifications, a re-dump) give
 * one call; read the new set with afudp_rt_addrs() and afudp_rt_link().
 * Any thread may set or clear it (NULL @cb); once afudp_rt_set_addr_cb()
 * returns, the previous callback is neither running nor called again, so
 * its @ctx may be freed. The callback may call the lock-free functions,
 * not afudp_rt_set_addr_cb() or afudp_rt_close().
 */
typedef void (*afudp_rt_addr_cb)(void *ctx);
void afudp_rt_set_addr_cb(struct afudp_rt *rt, afudp_rt_addr_cb cb, void *ctx);

/*
 * afudp_rt_set_pmtu() - follow the path MTUs that ICMP messages (IPv4
 * "fragmentation needed", IPv6 "Packet Too Big") teach: the kernel keeps
 * them in route exceptions netlink never shows. @seq counts the messages
 * noted so far (read with a plain load on lookups: when it moves, the
 * control thread is woken), @read gives the notes (up to @max into @out:
 * how many; from the control thread). Lookups then give the learnt MTU
 * for a destination, clamped and expired as the kernel does (lib/route/
 * pmtu.c). Call once, after open, before sends can matter; @ctx must live
 * until afudp_rt_close().
 */
struct afudp_rt_pmtu {
	struct in6_addr addr;	/* IPv4 as ::ffff:a.b.c.d */
	uint32_t mtu;		/* as the message said */
	uint64_t ns;		/* when, CLOCK_MONOTONIC */
};
typedef int (*afudp_rt_pmtu_read_fn)(void *ctx, struct afudp_rt_pmtu *out,
				     int max);
void afudp_rt_set_pmtu(struct afudp_rt *rt, const volatile uint64_t *seq,
		       afudp_rt_pmtu_read_fn read, void *ctx);

/* Snapshot of the counters (each read atomically). Lock-free; any thread. */
void afudp_rt_get_stats(struct afudp_rt *rt, struct afudp_rt_stats *st);

#endif /* AFUDP_ROUTE_H */
