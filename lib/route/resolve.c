/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Neighbour resolution requests. When a lookup finds no usable neighbour
 * for its next hop (or a STALE one), the kernel is asked to resolve it,
 * as a packet waiting for it would: RTM_NEWNEIGH with NTF_USE. The answer
 * comes back as a neighbour notification, which the control thread
 * mirrors like any other.
 *
 * IPv6 next hops the same way (RTM_NEWNEIGH AF_INET6 with NTF_USE: the
 * kernel sends a neighbour solicitation, as for a packet waiting).
 *
 * Two limiters stand between a burst of misses and the kernel: a lossy
 * one readers pass through (rt->rslot, rt->rslot6 for IPv6: one CAS per
 * miss, one eventfd write per control-thread pass), and an exact one on
 * the control thread (rt->rsent: each next hop at most once per
 * RT_RESOLVE_MS).
 *
 * Concurrency contract (in the manner of urcu/rculfhash.h):
 * - afudp_rt_resolve_want(), afudp_rt_resolve_want6(): any thread, any
 *   number at once, concurrently
 *   with the control thread. Lock-free; never blocks (an eventfd write at
 *   most). It touches no RCU-protected data, so whether the caller holds
 *   rcu_read_lock does not matter (afudp_rt_lookup() does).
 * - afudp_rt_resolve_serve(), afudp_rt_resolve_failed(): the control
 *   thread only. They own rt->rsent, rt->resolve_off and rt->last_warn_ms,
 *   and send on the request socket, which only that thread uses.
 *
 * Not known here: routes and neighbours. Which next hop needs resolving is
 * the caller's decision (afudp_rt_lookup()); whether the kernel resolved
 * it shows in the neighbour table, not here.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <syslog.h>
#include <arpa/inet.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "hash.h"
#include "nl.h"
#include "rt_int.h"

#define RT_RESOLVE_MS		100	/* min. ms between requests per hop */
#define RT_RSENT_PROBE		16
#define RT_LOG_EVERY_MS		1000	/* rate limit of repetitive warnings */

/* A request slot: addr, a millisecond stamp (31 bits), a pending bit. */
#define RSLOT_ADDR_SHIFT	32
#define RSLOT_MS_SHIFT		1
#define RSLOT_MS_MASK		0x7fffffffU
#define RSLOT_PENDING		1ULL

/*
 * An IPv6 slot's state word: a 32-bit hash of the address, a 30-bit
 * millisecond stamp, and who has the address beside it: nobody (IDLE), a
 * reader writing it (WRITING), the control thread to read (PENDING).
 */
#define RSLOT6_HASH_SHIFT	32
#define RSLOT6_MS_SHIFT		2
#define RSLOT6_MS_MASK		0x3fffffffU
#define RSLOT6_ST_MASK		3ULL
#define RSLOT6_IDLE		0ULL
#define RSLOT6_WRITING		1ULL
#define RSLOT6_PENDING		2ULL

/*
 * Reader side: ask the control thread to send a resolution request for
 * @nh, at most once per RT_RESOLVE_MS per slot and address. A slot holds
 * the address, a 31-bit millisecond stamp and a pending bit; whoever
 * installs a new stamp with CAS owns the request, so concurrent readers
 * missing on the same next hop send one. The eventfd is written only by
 * the reader that turns rt->kick from 0 to 1, so a storm of misses costs
 * one syscall per control-thread pass, not one per miss. Two next hops
 * sharing a slot can evict each other; the control thread's exact limiter
 * (rt_resolve_allowed()) still keeps each to one request per period.
 */
static void rt_resolve_kick(struct afudp_rt *rt);

void afudp_rt_resolve_want(struct afudp_rt *rt, __be32 nh)
{
	uint64_t *slot = &rt->rslot[afudp_rt_hash64(nh) & (RT_RSLOTS - 1)];
	uint32_t now = (uint32_t)rt_now_ms() & RSLOT_MS_MASK;
	uint64_t old, new;

	old = __atomic_load_n(slot, __ATOMIC_RELAXED);
	if (old && (uint32_t)(old >> RSLOT_ADDR_SHIFT) == nh &&
	    ((now - (uint32_t)(old >> RSLOT_MS_SHIFT)) & RSLOT_MS_MASK) <
		    RT_RESOLVE_MS)
		return;
	new = (uint64_t)nh << RSLOT_ADDR_SHIFT |
	      (uint64_t)now << RSLOT_MS_SHIFT | RSLOT_PENDING;
	if (!__atomic_compare_exchange_n(slot, &old, new, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
		return;
	rt_resolve_kick(rt);
}

/* After a slot's request is marked: wake the control thread, once. */
static void rt_resolve_kick(struct afudp_rt *rt)
{
	/* After the slot: whoever reads kick == 1 sees the slot. */
	if (__atomic_exchange_n(&rt->kick, 1, __ATOMIC_ACQ_REL) == 0)
		rt_wake(rt);
}

static uint64_t rt_hash6(const struct in6_addr *a)
{
	return afudp_rt_hash128(a, 0);
}

/*
 * Reader side, IPv6: the same as afudp_rt_resolve_want(), with the address
 * beside the slot's state word. The reader whose CAS takes the slot from
 * IDLE or PENDING to WRITING owns it until its CAS to PENDING; a slot
 * being written is left alone (the next miss asks again), so no two
 * readers write one address at once. The control thread reads the address
 * of a PENDING slot and then takes the slot back to IDLE with a CAS that
 * fails if a reader took it meanwhile: an address it read while being
 * overwritten is never used.
 */
void afudp_rt_resolve_want6(struct afudp_rt *rt, const struct in6_addr *nh)
{
	uint64_t hash = rt_hash6(nh);
	struct rt_rslot6 *slot = &rt->rslot6[hash & (RT_RSLOTS6 - 1)];
	uint32_t now = (uint32_t)rt_now_ms() & RSLOT6_MS_MASK;
	uint32_t h32 = (uint32_t)(hash >> 32);
	uint64_t old, claim, done, a[2];

	old = __atomic_load_n(&slot->state, __ATOMIC_ACQUIRE);
	if ((old & RSLOT6_ST_MASK) == RSLOT6_WRITING)
		return;
	if (old && (uint32_t)(old >> RSLOT6_HASH_SHIFT) == h32 &&
	    ((now - (uint32_t)(old >> RSLOT6_MS_SHIFT)) & RSLOT6_MS_MASK) <
		    RT_RESOLVE_MS)
		return;
	claim = (uint64_t)h32 << RSLOT6_HASH_SHIFT |
		(uint64_t)now << RSLOT6_MS_SHIFT | RSLOT6_WRITING;
	if (!__atomic_compare_exchange_n(&slot->state, &old, claim, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
		return;
	memcpy(a, nh, sizeof(a));
	__atomic_store_n(&slot->a[0], a[0], __ATOMIC_RELAXED);
	__atomic_store_n(&slot->a[1], a[1], __ATOMIC_RELAXED);
	done = (claim & ~RSLOT6_ST_MASK) | RSLOT6_PENDING;
	/* Release: the control thread that sees PENDING sees the address. */
	if (!__atomic_compare_exchange_n(&slot->state, &claim, done, false,
					 __ATOMIC_RELEASE, __ATOMIC_RELAXED))
		return;
	rt_resolve_kick(rt);
}

/*
 * Control side: true if @addr (IPv4 as ::ffff:a.b.c.d) had no request in
 * the last RT_RESOLVE_MS.
 */
static bool rt_resolve_allowed(struct afudp_rt *rt,
			       const struct in6_addr *addr, uint32_t now)
{
	static const struct in6_addr none;
	unsigned int h = rt_hash6(addr) & (RT_RSENT - 1);
	unsigned int i, oldest = h;
	uint32_t oldest_age = 0;

	for (i = 0; i < RT_RSENT_PROBE; i++) {
		unsigned int j = (h + i) & (RT_RSENT - 1);
		uint32_t age = now - rt->rsent[j].ms;

		if (!memcmp(&rt->rsent[j].addr, addr, sizeof(*addr))) {
			if (age < RT_RESOLVE_MS)
				return false;
			oldest = j;
			break;
		}
		if (!memcmp(&rt->rsent[j].addr, &none, sizeof(none)) ||
		    age >= RT_RESOLVE_MS) {
			oldest = j;
			break;
		}
		if (age > oldest_age) {
			oldest_age = age;
			oldest = j;
		}
	}
	rt->rsent[oldest].addr = *addr;
	rt->rsent[oldest].ms = now;
	return true;
}

/*
 * RTM_NEWNEIGH with NTF_USE makes the kernel's neigh_add() call
 * neigh_event_send() on the entry (creating it if needed, hence
 * NLM_F_CREATE; NLM_F_REPLACE keeps an existing entry from being an error)
 * — the same as a packet waiting for it: an INCOMPLETE entry starts ARP, a
 * STALE one moves to DELAY and is re-confirmed. State NONE, not PERMANENT,
 * so a created entry stays subject to garbage collection. Sent without
 * NLM_F_ACK: only failures come back, to afudp_rt_resolve_failed().
 */
static void rt_send_resolve(struct afudp_rt *rt, int family, const void *addr)
{
	struct {
		struct nlmsghdr h;
		struct ndmsg ndm;
		char attrs[32];
	} req;
	char a[INET6_ADDRSTRLEN];
	int64_t ret;

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.ndm));
	req.h.nlmsg_type = RTM_NEWNEIGH;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_REPLACE;
	req.ndm.ndm_family = family;
	req.ndm.ndm_ifindex = rt->ifindex;
	req.ndm.ndm_state = NUD_NONE;
	req.ndm.ndm_flags = NTF_USE;
	afudp_nl_addattr(&req.h, sizeof(req), NDA_DST, addr,
			 family == AF_INET ? sizeof(__be32) :
					     sizeof(struct in6_addr));
	ret = afudp_nl_send(&rt->req, &req.h);
	if (ret < 0) {
		afudp_rt_log(rt, LOG_DEBUG,
			     "route: resolution request for %s: %s",
			     rt_ntop_af(family, addr, a), strerror((int)-ret));
		return;
	}
	rt_stat_add(&rt->st.resolve_req, 1);
}

/* Control side: the wake-up after readers asked; see the file comment. */
void afudp_rt_resolve_serve(struct afudp_rt *rt)
{
	uint32_t now = (uint32_t)rt_now_ms();
	unsigned int i;

	/* Before the scan: a request that arrives after it kicks again. */
	__atomic_exchange_n(&rt->kick, 0, __ATOMIC_ACQ_REL);
	for (i = 0; i < RT_RSLOTS; i++) {
		uint64_t v = __atomic_load_n(&rt->rslot[i], __ATOMIC_RELAXED);
		__be32 addr = (uint32_t)(v >> RSLOT_ADDR_SHIFT);
		struct in6_addr key = { 0 };

		if (!(v & RSLOT_PENDING))
			continue;
		/* Lost to a newer request: that one kicked us again. */
		if (!__atomic_compare_exchange_n(&rt->rslot[i], &v,
						 v & ~RSLOT_PENDING,
						 false, __ATOMIC_ACQ_REL,
						 __ATOMIC_RELAXED))
			continue;
		key.s6_addr[10] = key.s6_addr[11] = 0xff;
		memcpy(&key.s6_addr[12], &addr, sizeof(addr));
		if (rt->resolve_off || !rt_resolve_allowed(rt, &key, now))
			continue;
		rt_send_resolve(rt, AF_INET, &addr);
	}
	for (i = 0; i < RT_RSLOTS6; i++) {
		struct rt_rslot6 *slot = &rt->rslot6[i];
		uint64_t v = __atomic_load_n(&slot->state, __ATOMIC_ACQUIRE);
		struct in6_addr addr;
		uint64_t a[2];

		if ((v & RSLOT6_ST_MASK) != RSLOT6_PENDING)
			continue;
		a[0] = __atomic_load_n(&slot->a[0], __ATOMIC_RELAXED);
		a[1] = __atomic_load_n(&slot->a[1], __ATOMIC_RELAXED);
		/* A reader took the slot since: it kicks us again. */
		if (!__atomic_compare_exchange_n(&slot->state, &v,
						 (v & ~RSLOT6_ST_MASK) |
							 RSLOT6_IDLE,
						 false, __ATOMIC_ACQ_REL,
						 __ATOMIC_RELAXED))
			continue;
		memcpy(&addr, a, sizeof(addr));
		if (rt->resolve_off || !rt_resolve_allowed(rt, &addr, now))
			continue;
		rt_send_resolve(rt, AF_INET6, &addr);
	}
}

/*
 * Control side: the kernel answered a request of rt_send_resolve() with
 * @err (@msg: its extended ack, or NULL); @req is the request it echoed.
 */
void afudp_rt_resolve_failed(struct afudp_rt *rt, const struct nlmsghdr *req,
			     int err, const char *msg)
{
	char a[INET6_ADDRSTRLEN] = "?";

	if (req->nlmsg_len >= NLMSG_LENGTH(sizeof(struct ndmsg))) {
		const struct ndmsg *ndm = NLMSG_DATA(req);
		struct rtattr *tb[NDA_MAX + 1];
		struct in6_addr dst;

		afudp_nl_parse(tb, NDA_MAX, RTM_RTA(ndm),
			       req->nlmsg_len -
				       NLMSG_LENGTH(sizeof(struct ndmsg)));
		if (afudp_nl_attr_addr(tb[NDA_DST], ndm->ndm_family, &dst))
			rt_ntop_af(ndm->ndm_family, &dst, a);
	}
	if (err == -EPERM || err == -EACCES) {
		/*
		 * No CAP_NET_ADMIN: stop asking. Nothing breaks: datagrams
		 * to an unresolved next hop go through the kernel, which
		 * resolves it, and the mirror sees the result.
		 */
		if (!rt->resolve_off)
			afudp_rt_log(rt, LOG_WARNING,
				     "route: kernel refuses neighbour "
				     "resolution requests (%s); relying on "
				     "kernel traffic", strerror(-err));
		rt->resolve_off = true;
		return;
	}
	if (rt_now_ms() - rt->last_warn_ms >= RT_LOG_EVERY_MS) {
		rt->last_warn_ms = rt_now_ms();
		afudp_rt_log(rt, LOG_WARNING,
			     "route: resolving %s failed: %s%s%s", a,
			     strerror(-err), msg ? ": " : "", msg ? msg : "");
	}
}
