/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The route mirror's read side: where a datagram to an address goes
 * (afudp_rt_lookup()), the link and its addresses, whether an address is
 * local, what the reverse-path filter would accept, and the counters.
 * The only part of lib/route on the data path. Contracts in route.h.
 *
 * Concurrency contract (in the manner of urcu/rculfhash.h):
 * - Every function here may be called from any thread, by any number of
 *   threads at once, concurrently with the control thread's updates,
 *   while @rt is open (after afudp_rt_open() returned it, before
 *   afudp_rt_close() is called).
 * - They take rcu_read_lock themselves; the caller need not hold it
 *   (nesting is allowed). urcu-bp registers a thread on its first
 *   read-side section, so callers need not register either.
 * - Nothing that points into the tables outlives a call: results are
 *   copied out before rcu_read_unlock.
 * - They never block and write no table. Their only writes are relaxed
 *   counters and, when a next hop needs resolving, a request slot
 *   (afudp_rt_resolve_want(), resolve.c).
 *
 * Not known here: netlink, and how the tables are built (ctl.c).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/if_addr.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include <urcu-bp.h>

#include "lpm.h"
#include "neigh.h"
#include "route.h"
#include "rt_int.h"

/*
 * Policy routing as the kernel's default rules do it: the local table
 * first, then main. "throw" moves on to the next table; there is none after
 * main that afudp mirrors (the default table is empty unless configured).
 */
static enum afudp_rt_verdict rt_route(const struct rt_tabs *t, __be32 daddr,
				      const struct afudp_route **rp)
{
	struct afudp_lpm *order[] = { t->local, t->main };
	const struct afudp_route *r;
	int i;

	*rp = NULL;
	for (i = 0; i < (int)RT_ARRAY_SIZE(order); i++) {
		r = afudp_lpm_lookup(order[i], daddr);
		if (!r)
			continue;
		*rp = r;
		switch (r->type) {
		case RTN_UNICAST:
			return AFUDP_RT_FAST;
		case RTN_LOCAL:
		case RTN_ANYCAST:
			return AFUDP_RT_LOCAL;
		case RTN_BROADCAST:
		case RTN_MULTICAST:
			return AFUDP_RT_NOT_UNICAST;
		case RTN_THROW:
			*rp = NULL;
			continue;
		default: /* unreachable, blackhole, prohibit, nat, ... */
			return AFUDP_RT_UNREACH;
		}
	}
	return AFUDP_RT_UNREACH;
}

/* Source address as inet_select_addr() picks it: same subnet first. */
static __be32 rt_pick_src(const struct rt_ifs *ifs, __be32 nh)
{
	__be32 first = 0;
	int i;

	for (i = 0; i < ifs->naddrs; i++) {
		const struct rt_addr *a = &ifs->addrs[i];
		uint32_t mask = afudp_lpm_mask(a->prefixlen);

		if (a->flags & IFA_F_SECONDARY)
			continue;
		if (!first)
			first = a->addr;
		if (((ntohl(a->addr) ^ ntohl(nh)) & mask) == 0)
			return a->addr;
	}
	return first;
}

/*
 * The lookup; *@keep false when the result must not outlive the call even
 * while the tables stay as they are: any verdict but FAST, and a STALE
 * neighbour, whose re-confirmation each send asks for until it is done.
 */
static enum afudp_rt_verdict rt_lookup(struct afudp_rt *rt, __be32 daddr,
				       struct afudp_rt_result *res, bool *keep)
{
	const struct afudp_route *r;
	const struct afudp_neigh *n;
	const struct rt_tabs *tabs;
	const struct rt_ifs *ifs;
	enum afudp_rt_verdict v;
	uint32_t d = ntohl(daddr);
	__be32 nh;

	*keep = false;
	memset(res, 0, sizeof(*res));
	res->nexthop = daddr;
	rcu_read_lock();
	ifs = rt_deref(&rt->ifs);
	tabs = rt_deref(&rt->tabs);
	memcpy(res->smac, ifs->link.mac, sizeof(res->smac));
	res->mtu = ifs->link.mtu;

	if (d == INADDR_ANY || d == INADDR_BROADCAST || IN_MULTICAST(d)) {
		v = AFUDP_RT_NOT_UNICAST;
		goto out;
	}
	v = rt_route(tabs, daddr, &r);
	if (v == AFUDP_RT_LOCAL) {
		res->saddr = r->prefsrc ? r->prefsrc : daddr;
		goto out;
	}
	if (v != AFUDP_RT_FAST) {
		if (r)
			res->saddr = r->prefsrc;
		goto out;
	}

	nh = r->gw ? r->gw : daddr;
	res->nexthop = nh;
	if (r->oif != rt->ifindex || r->flags & AFUDP_ROUTE_F_FOREIGN) {
		res->saddr = r->prefsrc;
		res->mtu = r->mtu;
		v = AFUDP_RT_OTHER_IF;
		goto out;
	}
	res->saddr = r->prefsrc ? r->prefsrc : rt_pick_src(ifs, nh);
	if (r->mtu && r->mtu < res->mtu)
		res->mtu = r->mtu;
	if (!ifs->link.up) {
		v = AFUDP_RT_LINK_DOWN;
		goto out;
	}
	n = afudp_neigh_lookup(tabs->neigh, nh);
	if (afudp_neigh_usable(n)) {
		memcpy(res->dmac, n->lladdr, sizeof(res->dmac));
		if (n->state & NUD_STALE)
			afudp_rt_resolve_want(rt, nh);
		else
			*keep = true;
		v = AFUDP_RT_FAST;
	} else {
		rt_stat_add(&rt->st.neigh_miss, 1);
		afudp_rt_resolve_want(rt, nh);
		v = AFUDP_RT_NO_NEIGH;
	}
out:
	rcu_read_unlock();
	return v;
}

enum afudp_rt_verdict afudp_rt_lookup(struct afudp_rt *rt, __be32 daddr,
				      struct afudp_rt_result *res)
{
	bool keep;

	return rt_lookup(rt, daddr, res, &keep);
}

uint64_t afudp_rt_gen(struct afudp_rt *rt)
{
	return __atomic_load_n(&rt->gen, __ATOMIC_ACQUIRE);
}

enum afudp_rt_verdict afudp_rt_lookup_gen(struct afudp_rt *rt, __be32 daddr,
					  struct afudp_rt_result *res,
					  uint64_t *gen)
{
	/*
	 * Read before the tables: a change that lands during the lookup
	 * moves the generation past this one, so a result it made stale is
	 * never current.
	 */
	uint64_t g = afudp_rt_gen(rt);
	enum afudp_rt_verdict v;
	bool keep;

	v = rt_lookup(rt, daddr, res, &keep);
	*gen = keep ? g : 0;
	return v;
}

void afudp_rt_link(struct afudp_rt *rt, struct afudp_rt_link *link)
{
	rcu_read_lock();
	*link = rt_deref(&rt->ifs)->link;
	rcu_read_unlock();
}

bool afudp_rt_is_local(struct afudp_rt *rt, __be32 addr)
{
	const struct afudp_route *r;
	bool local;

	rcu_read_lock();
	local = rt_route(rt_deref(&rt->tabs), addr, &r) ==
		AFUDP_RT_LOCAL;
	rcu_read_unlock();
	return local;
}

int afudp_rt_addrs(struct afudp_rt *rt, __be32 *addrs, int max)
{
	const struct rt_ifs *ifs;
	int i, n;

	rcu_read_lock();
	ifs = rt_deref(&rt->ifs);
	n = ifs->naddrs;
	for (i = 0; i < n && i < max; i++)
		addrs[i] = ifs->addrs[i].addr;
	rcu_read_unlock();
	return n;
}

void afudp_rt_get_stats(struct afudp_rt *rt, struct afudp_rt_stats *st)
{
	st->routes = rt_stat_get(&rt->st.routes);
	st->neighs = rt_stat_get(&rt->st.neighs);
	st->addrs = rt_stat_get(&rt->st.addrs);
	st->redumps = rt_stat_get(&rt->st.redumps);
	st->events = rt_stat_get(&rt->st.events);
	st->neigh_miss = rt_stat_get(&rt->st.neigh_miss);
	st->resolve_req = rt_stat_get(&rt->st.resolve_req);
	st->resyncs = rt_stat_get(&rt->st.resyncs);
}

int afudp_rt_rp_filter(struct afudp_rt *rt)
{
	return __atomic_load_n(&rt->rp_filter, __ATOMIC_RELAXED);
}

bool afudp_rt_source_ok(struct afudp_rt *rt, __be32 saddr, int rp_filter)
{
	const struct afudp_route *r;
	bool ok;

	if (rp_filter == AFUDP_RT_RPF_OFF)
		return true;
	rcu_read_lock();
	ok = rt_route(rt_deref(&rt->tabs), saddr, &r) == AFUDP_RT_FAST &&
	     (rp_filter == AFUDP_RT_RPF_LOOSE || r->oif == rt->ifindex);
	rcu_read_unlock();
	return ok;
}
