/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The route mirror's read side: where a datagram to an address goes
 * (afudp_rt_lookup(), afudp_rt_lookup6()), the link and its addresses, whether an address is
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

/* What a route of @type means for a datagram; -1: none (throw). */
static int rt_type_verdict(uint8_t type)
{
	switch (type) {
	case RTN_UNICAST:
		return AFUDP_RT_FAST;
	case RTN_LOCAL:
	case RTN_ANYCAST:
		return AFUDP_RT_LOCAL;
	case RTN_BROADCAST:
	case RTN_MULTICAST:
		return AFUDP_RT_NOT_UNICAST;
	case RTN_THROW:
		return -1;
	default: /* unreachable, blackhole, prohibit, nat, ... */
		return AFUDP_RT_UNREACH;
	}
}

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

	int v;

	*rp = NULL;
	for (i = 0; i < (int)RT_ARRAY_SIZE(order); i++) {
		r = afudp_lpm_lookup(order[i], daddr);
		v = r ? rt_type_verdict(r->type) : -1;
		if (v >= 0) {
			*rp = r;
			return v;
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

		if (a->family != AF_INET || a->flags & IFA_F_SECONDARY)
			continue;
		if (!first)
			first = a->addr;
		if (((ntohl(a->addr) ^ ntohl(nh)) & mask) == 0)
			return a->addr;
	}
	return first;
}

/*
 * The end of a lookup of either family, once the route is ours: the
 * route's MTU, the link, the next hop's neighbour @n (the MAC into
 * @dmac). *@ask: a resolution request is due (a miss, or a STALE entry
 * to re-confirm), which the caller makes in its family.
 */
static enum afudp_rt_verdict rt_neigh_verdict(struct afudp_rt *rt,
					      const struct rt_ifs *ifs,
					      const struct afudp_route *r,
					      const struct afudp_neigh *n,
					      uint8_t *dmac, uint32_t *mtu,
					      bool *keep, bool *ask)
{
	*ask = false;
	if (r->mtu && r->mtu < *mtu)
		*mtu = r->mtu;
	if (!ifs->link.up)
		return AFUDP_RT_LINK_DOWN;
	if (afudp_neigh_usable(n)) {
		memcpy(dmac, n->lladdr, ETH_ALEN);
		if (n->state & NUD_STALE)
			*ask = true;
		else
			*keep = true;
		return AFUDP_RT_FAST;
	}
	rt_stat_add(&rt->st.neigh_miss, 1);
	*ask = true;
	return AFUDP_RT_NO_NEIGH;
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
	bool ask;
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
	n = afudp_neigh_lookup(tabs->neigh, nh);
	v = rt_neigh_verdict(rt, ifs, r, n, res->dmac, &res->mtu, keep, &ask);
	if (ask)
		afudp_rt_resolve_want(rt, nh);
	if (__builtin_expect(rt_deref(&rt->pmtu) != NULL, 0)) {
		struct in6_addr m = { .s6_addr32 = { 0, 0, htonl(0xffff),
						     daddr } };

		afudp_rt_pmtu_apply(rt, &m, &res->mtu);
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
	const volatile uint64_t *pmtu = rt->pmtu_seq;

	/* News of a path MTU (pmtu.c): one load, the table comes later. */
	if (pmtu && __builtin_expect(*pmtu != __atomic_load_n(&rt->pmtu_seen,
							      __ATOMIC_RELAXED),
				     0))
		afudp_rt_pmtu_kick(rt);
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

/* ---- IPv6 ------------------------------------------------------------ */

/* Can the address be a source (the kernel's candidate set)? */
static bool rt_addr6_usable(const struct rt_addr *a)
{
	if (a->family != AF_INET6 || a->flags & IFA_F_DADFAILED)
		return false;
	/* Tentative is not yet assigned, unless optimistic (RFC 4429). */
	return !(a->flags & IFA_F_TENTATIVE) || a->flags & IFA_F_OPTIMISTIC;
}

/* rt_route() for IPv6; @oif > 0 restricts it to that interface. */
static enum afudp_rt_verdict rt_route6(const struct rt_tabs *t,
				       const struct in6_addr *daddr, int oif,
				       const struct afudp_route **rp)
{
	struct afudp_lpm *order[] = { t->local6, t->main6 };
	const struct afudp_route *r;
	int i;

	int v;

	*rp = NULL;
	for (i = 0; i < (int)RT_ARRAY_SIZE(order); i++) {
		r = afudp_lpm_lookup6(order[i], daddr, oif);
		v = r ? rt_type_verdict(r->type) : -1;
		if (v >= 0) {
			*rp = r;
			return v;
		}
	}
	return AFUDP_RT_UNREACH;
}

/*
 * The kernel's default address label policy (RFC 6724 2.1, as
 * net/ipv6/addrlabel.c has it): the label of the longest prefix that
 * holds @a. Labels set with `ip addrlabel` are not mirrored.
 */
static int rt_label6(const struct in6_addr *a)
{
	static const struct {
		uint8_t prefix[4];
		uint8_t len;
		uint8_t label;
	} tab[] = {
		{ { 0x20, 0x01, 0x00, 0x10 }, 28, 7 },	/* ORCHID */
		{ { 0x20, 0x01, 0x00, 0x00 }, 32, 6 },	/* Teredo */
		{ { 0x20, 0x02 }, 16, 2 },		/* 6to4 */
		{ { 0x3f, 0xfe }, 16, 12 },		/* 6bone */
		{ { 0xfe, 0xc0 }, 10, 11 },		/* site-local */
		{ { 0xfc }, 7, 5 },			/* ULA */
	};
	static const uint8_t v4mapped[12] = { [10] = 0xff, [11] = 0xff };
	static const uint8_t zero[12];
	unsigned int i;

	if (IN6_IS_ADDR_LOOPBACK(a))
		return 0;
	if (!memcmp(a, v4mapped, sizeof(v4mapped)))
		return 4;
	if (!memcmp(a, zero, sizeof(zero)))
		return 3;	/* ::/96, IPv4-compatible */
	for (i = 0; i < RT_ARRAY_SIZE(tab); i++) {
		unsigned int full = tab[i].len / 8, rest = tab[i].len % 8;

		if (memcmp(a, tab[i].prefix, full))
			continue;
		if (rest && (a->s6_addr[full] ^ tab[i].prefix[full]) &
				    (uint8_t)(0xff << (8 - rest)))
			continue;
		return tab[i].label;
	}
	return 1;		/* ::/0 */
}

/* Leading bits @a and @b share (ipv6_addr_diff()). */
static int rt_common_bits6(const struct in6_addr *a, const struct in6_addr *b)
{
	int i;

	for (i = 0; i < 16; i++) {
		uint8_t x = a->s6_addr[i] ^ b->s6_addr[i];

		if (x)
			return i * 8 + __builtin_clz(x) - 24;
	}
	return 128;
}

/* Rules of rt_pick_src6(), in the kernel's order; higher is better. */
enum {
	RT_SRC_SAME,		/* 1: the destination itself */
	RT_SRC_SCOPE,		/* 2: the smallest scope that still reaches */
	RT_SRC_PREFERRED,	/* 3: not deprecated (nor optimistic) */
	RT_SRC_LABEL,		/* 6: the destination's label */
	RT_SRC_PUBLIC,		/* 7: not temporary (use_tempaddr < 2) */
	RT_SRC_PREFIX,		/* 8: longest match, up to the prefix length */
	RT_SRC_NOT_OPTIMISTIC,
	RT_SRC_NR,
};

static void rt_src_score(const struct rt_addr *a, const struct in6_addr *d,
			 int dscope, int dlabel, int *score)
{
	int scope = afudp_rt_scope6(&a->addr6), bits;

	score[RT_SRC_SAME] = !memcmp(&a->addr6, d, sizeof(*d));
	/* ipv6_get_saddr_eval(): in reach, smaller is better; else worst. */
	score[RT_SRC_SCOPE] = scope >= dscope ? -scope : scope - 128;
	score[RT_SRC_PREFERRED] =
		IN6_IS_ADDR_LOOPBACK(&a->addr6) ||
		!(a->flags & (IFA_F_DEPRECATED | IFA_F_OPTIMISTIC));
	score[RT_SRC_LABEL] = rt_label6(&a->addr6) == dlabel;
	score[RT_SRC_PUBLIC] = !(a->flags & IFA_F_TEMPORARY);
	bits = rt_common_bits6(&a->addr6, d);
	score[RT_SRC_PREFIX] = bits < a->prefixlen ? bits : a->prefixlen;
	score[RT_SRC_NOT_OPTIMISTIC] = !(a->flags & IFA_F_OPTIMISTIC);
}

/*
 * Source address for @d as ipv6_dev_get_saddr() picks it among the
 * interface's addresses (RFC 6724 section 5): rules 1, 2, 3, 6, 7 and 8;
 * rule 5 (the outgoing interface) holds for all of them, rule 4 (home
 * addresses) is for mobile IPv6. Ties go to the first in the kernel's
 * list order (rt_addr_pos() in ctl.c). False if the interface has no
 * candidate.
 */
static bool rt_pick_src6(const struct rt_ifs *ifs, const struct in6_addr *d,
			 struct in6_addr *src)
{
	int best[RT_SRC_NR], cur[RT_SRC_NR];
	int dscope = afudp_rt_scope6(d), dlabel = rt_label6(d);
	const struct rt_addr *pick = NULL;
	int i, k;

	for (i = 0; i < ifs->naddrs; i++) {
		const struct rt_addr *a = &ifs->addrs[i];

		if (!rt_addr6_usable(a))
			continue;
		rt_src_score(a, d, dscope, dlabel, cur);
		for (k = 0; pick && k < RT_SRC_NR; k++)
			if (cur[k] != best[k])
				break;
		if (pick && (k == RT_SRC_NR || cur[k] < best[k]))
			continue;
		pick = a;
		memcpy(best, cur, sizeof(best));
	}
	if (pick)
		*src = pick->addr6;
	return pick != NULL;
}

static const struct in6_addr rt_any6;

static bool rt_is_any6(const struct in6_addr *a)
{
	return !memcmp(a, &rt_any6, sizeof(*a));
}

/* rt_lookup() for IPv6; @scope_id as afudp_rt_lookup6() takes it. */
static enum afudp_rt_verdict rt_lookup6(struct afudp_rt *rt,
					const struct in6_addr *daddr,
					uint32_t scope_id,
					struct afudp_rt_result6 *res,
					bool *keep)
{
	const struct afudp_route *r;
	const struct afudp_neigh *n;
	const struct rt_tabs *tabs;
	const struct rt_ifs *ifs;
	enum afudp_rt_verdict v;
	const struct in6_addr *nh;
	bool ll = IN6_IS_ADDR_LINKLOCAL(daddr), ask;

	*keep = false;
	memset(res, 0, sizeof(*res));
	res->nexthop = *daddr;
	rcu_read_lock();
	ifs = rt_deref(&rt->ifs);
	tabs = rt_deref(&rt->tabs);
	memcpy(res->smac, ifs->link.mac, sizeof(res->smac));
	res->mtu = ifs->link.mtu;

	if (rt_is_any6(daddr) || IN6_IS_ADDR_MULTICAST(daddr)) {
		v = AFUDP_RT_NOT_UNICAST;
		goto out;
	}
	/* IPv4-mapped: afudp_rt_lookup()'s; link-local: needs its link. */
	if (IN6_IS_ADDR_V4MAPPED(daddr) || (ll && !scope_id)) {
		v = AFUDP_RT_UNREACH;
		goto out;
	}
	v = rt_route6(tabs, daddr, ll ? (int)scope_id : 0, &r);
	if (v == AFUDP_RT_LOCAL) {
		res->saddr = rt_is_any6(&r->prefsrc6) ? *daddr : r->prefsrc6;
		goto out;
	}
	if (v != AFUDP_RT_FAST) {
		if (r)
			res->saddr = r->prefsrc6;
		goto out;
	}

	nh = rt_is_any6(&r->gw6) ? daddr : &r->gw6;
	res->nexthop = *nh;
	if (r->oif != rt->ifindex || r->flags & AFUDP_ROUTE_F_FOREIGN) {
		res->saddr = r->prefsrc6;
		res->mtu = r->mtu;
		v = AFUDP_RT_OTHER_IF;
		goto out;
	}
	if (!rt_is_any6(&r->prefsrc6)) {
		res->saddr = r->prefsrc6;
	} else if (!rt_pick_src6(ifs, daddr, &res->saddr)) {
		/* The kernel would take another interface's address. */
		v = AFUDP_RT_OTHER_IF;
		goto out;
	}
	n = afudp_neigh_lookup6(tabs->neigh6, nh);
	v = rt_neigh_verdict(rt, ifs, r, n, res->dmac, &res->mtu, keep, &ask);
	if (ask)
		afudp_rt_resolve_want6(rt, nh);
	afudp_rt_pmtu_apply(rt, daddr, &res->mtu);
out:
	rcu_read_unlock();
	return v;
}

enum afudp_rt_verdict afudp_rt_lookup6(struct afudp_rt *rt,
				       const struct in6_addr *daddr,
				       uint32_t scope_id,
				       struct afudp_rt_result6 *res)
{
	bool keep;

	return rt_lookup6(rt, daddr, scope_id, res, &keep);
}

enum afudp_rt_verdict afudp_rt_lookup6_gen(struct afudp_rt *rt,
					   const struct in6_addr *daddr,
					   uint32_t scope_id,
					   struct afudp_rt_result6 *res,
					   uint64_t *gen)
{
	/* Before the tables: see afudp_rt_lookup_gen(). */
	uint64_t g = afudp_rt_gen(rt);
	enum afudp_rt_verdict v;
	bool keep;

	v = rt_lookup6(rt, daddr, scope_id, res, &keep);
	*gen = keep ? g : 0;
	return v;
}

bool afudp_rt_is_local6(struct afudp_rt *rt, const struct in6_addr *addr,
			uint32_t scope_id)
{
	const struct afudp_route *r;
	bool local;
	int oif = IN6_IS_ADDR_LINKLOCAL(addr) ? (int)scope_id : 0;

	rcu_read_lock();
	local = rt_route6(rt_deref(&rt->tabs), addr, oif, &r) ==
		AFUDP_RT_LOCAL;
	rcu_read_unlock();
	return local;
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
	for (i = n = 0; i < ifs->naddrs; i++) {
		if (ifs->addrs[i].family != AF_INET)
			continue;
		if (n < max)
			addrs[n] = ifs->addrs[i].addr;
		n++;
	}
	rcu_read_unlock();
	return n;
}

int afudp_rt_addrs6(struct afudp_rt *rt, struct in6_addr *addrs, int max)
{
	const struct rt_ifs *ifs;
	int i, n;

	rcu_read_lock();
	ifs = rt_deref(&rt->ifs);
	for (i = n = 0; i < ifs->naddrs; i++) {
		if (!rt_addr6_usable(&ifs->addrs[i]))
			continue;
		if (n < max)
			addrs[n] = ifs->addrs[i].addr6;
		n++;
	}
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
	st->pmtu = rt_stat_get(&rt->st.pmtu);
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
