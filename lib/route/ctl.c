/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The route mirror's control thread: it dumps the kernel's IPv4 and IPv6
 * routes (local and main tables, every interface), the interface's
 * neighbours (ARP and NDP), link state and addresses into RCU tables, follows rtnetlink
 * notifications, and re-dumps when they cannot be trusted. It is the only
 * writer of every table and the only user of both netlink sockets. Also
 * here: afudp_rt_open(), afudp_rt_close(), afudp_rt_set_addr_cb() and the
 * fork handlers. The read side is lookup.c; resolution requests are
 * resolve.c.
 *
 * Ordering that makes the mirror exact:
 * - The event socket joins its multicast groups before the first dump, so
 *   every change after the dump's snapshot is queued on it. Notifications
 *   carry whole objects, so replaying queued ones on top of a later dump
 *   converges to the kernel's state.
 * - A (re)dump builds complete new tables aside and publishes them with one
 *   pointer store; readers see the old set or the new one, never a mix.
 *   That is how ENOBUFS (lost notifications) is recovered from, and how
 *   changes the kernel makes without telling anyone are picked up: it
 *   flushes IPv4 routes silently when an interface goes down or goes away,
 *   or when an address goes (routes using it as source), and sends the
 *   link/address notification *before* flushing, so those re-dumps are
 *   delayed a little (RT_RESYNC_DELAY_MS).
 *
 * Concurrency contract (in the manner of urcu/rculfhash.h):
 * - The static functions: the control thread only, except rt_free()
 *   and what it calls, which run on the thread in afudp_rt_open() or
 *   afudp_rt_close() once the control thread is gone or never started.
 *   The control thread never holds rcu_read_lock across a table update:
 *   lpm.h and neigh.h take it themselves, and it calls synchronize_rcu().
 * - afudp_rt_open(), afudp_rt_close(), afudp_rt_set_addr_cb(): any
 *   thread but the log and address callbacks (close joins the thread they
 *   run on; set_addr_cb takes the lock held around the address callback).
 *   afudp_rt_open() and afudp_rt_close() not under rcu_read_lock either:
 *   the control thread waits for a grace period before it ends. No other
 *   call on @rt may run during or after afudp_rt_close().
 * - afudp_rt_log(): the control thread and the thread in afudp_rt_open().
 * - afudp_rt_fork_*(): from pthread_atfork() handlers only.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stddef.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/eventfd.h>
#include <sys/random.h>
#include <linux/if_addr.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <urcu-bp.h>

#include "lpm.h"
#include "neigh.h"
#include "nl.h"
#include "route.h"
#include "rt_int.h"

/* <net/if.h> stops at IFF_DYNAMIC; <linux/if.h> would clash with it. */
#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000
#endif

#define RT_BUFSZ		(64 * 1024) /* > any rtnetlink datagram */
#ifndef RT_EV_RCVBUF /* overridable to test the ENOBUFS recovery */
#define RT_EV_RCVBUF		(8 << 20)   /* event socket: ride out bursts */
#endif
#define RT_REQ_TIMEOUT_MS	5000	/* dump replies slower are given up */
#define RT_DUMP_TRIES		8	/* re-dumps after NLM_F_DUMP_INTR */
#define RT_RESYNC_DELAY_MS	100	/* see the file comment */
#define RT_RESYNC_RETRY_MS	1000	/* after a failed re-dump */
#define RT_EV_BUDGET		256	/* datagrams per wake-up, then poll */
#define RT_EV_DRAIN_MAX		100000	/* stale datagrams dropped, at most */
#define RT_RESYNC_NOW		1	/* resync_at in the past (0: none) */
#define RT_POLL_ERR_PAUSE_US	100000	/* after a poll() error, not to spin */
#define RT_ADDRS_CAP0		4	/* first allocation: addresses */
#define RT_LFLAGS_CAP0		16	/* first allocation: other links */

/* RTNLGRP_IPV4_NETCONF (24) has no RTMGRP_ constant; it is < 32. */
#define RT_GROUPS (RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV4_ROUTE | \
		   RTMGRP_IPV6_IFADDR | RTMGRP_IPV6_ROUTE | RTMGRP_NEIGH | \
		   (1u << (RTNLGRP_IPV4_NETCONF - 1)))

/* What a message is applied to: the live state or one being rebuilt. */
struct rt_target {
	struct rt_tabs *tabs;
	struct rt_iface *ifc;
	bool dump;		/* from a dump reply, not a notification */
	bool intr;		/* the kernel flagged the dump inconsistent */
	/*
	 * A dump of this family only (0: any): a kernel without a family's
	 * handler answers its dump with every family's objects.
	 */
	int family;
};

void afudp_rt_log(struct afudp_rt *rt, int level, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!rt->log)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rt->log(rt->log_ctx, level, msg);
}

/* ---- tables: control thread only, unless said otherwise ------------- */

static void rt_tabs_destroy(struct rt_tabs *t)
{
	if (!t)
		return;
	afudp_lpm_destroy(t->local);
	afudp_lpm_destroy(t->main);
	afudp_neigh_table_destroy(t->neigh);
	afudp_lpm_destroy(t->local6);
	afudp_lpm_destroy(t->main6);
	afudp_neigh_table_destroy(t->neigh6);
	free(t);
}

static struct rt_tabs *rt_tabs_new(void)
{
	struct rt_tabs *t;

	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->local = afudp_lpm_new();
	t->main = afudp_lpm_new();
	t->neigh = afudp_neigh_table_new();
	t->local6 = afudp_lpm_new6();
	t->main6 = afudp_lpm_new6();
	t->neigh6 = afudp_neigh_table_new6();
	if (!t->local || !t->main || !t->neigh || !t->local6 || !t->main6 ||
	    !t->neigh6) {
		rt_tabs_destroy(t);
		return NULL;
	}
	return t;
}

static void rt_iface_clear(struct rt_iface *ifc)
{
	free(ifc->addrs);
	memset(ifc, 0, sizeof(*ifc));
}

static bool rt_link_up(unsigned int flags)
{
	/* Admin up, carrier, and operationally up (not dormant). */
	return (flags & (IFF_UP | IFF_RUNNING | IFF_LOWER_UP)) ==
	       (IFF_UP | IFF_RUNNING | IFF_LOWER_UP);
}

static void rt_ifs_free_rcu(struct rcu_head *head)
{
	free(caa_container_of(head, struct rt_ifs, rcu));
}

/* Publish a snapshot of rt->cur. Control thread; on ENOMEM keeps the old. */
static int rt_publish_ifs(struct afudp_rt *rt)
{
	const struct rt_iface *ifc = &rt->cur;
	struct rt_ifs *ifs, *old;
	int i;

	ifs = calloc(1, sizeof(*ifs) + ifc->naddrs * sizeof(ifs->addrs[0]));
	if (!ifs) {
		afudp_rt_log(rt, LOG_ERR,
			     "route: out of memory for link state");
		return -ENOMEM;
	}
	ifs->link.ifindex = rt->ifindex;
	memcpy(ifs->link.mac, ifc->mac, sizeof(ifs->link.mac));
	ifs->link.mtu = ifc->mtu;
	ifs->link.up = ifc->present && rt_link_up(ifc->ifi_flags);
	ifs->naddrs = ifc->naddrs;
	if (ifc->naddrs)
		memcpy(ifs->addrs, ifc->addrs,
		       ifc->naddrs * sizeof(ifs->addrs[0]));
	for (i = 0; i < ifc->naddrs; i++) {
		if (ifc->addrs[i].family == AF_INET &&
		    !(ifc->addrs[i].flags & IFA_F_SECONDARY)) {
			ifs->link.addr = ifc->addrs[i].addr;
			ifs->link.prefixlen = ifc->addrs[i].prefixlen;
			break;
		}
	}
	old = rt->ifs;
	if (old && old->link.up != ifs->link.up)
		afudp_rt_log(rt, LOG_INFO, "route: %s (%d) is %s", ifc->name,
			     rt->ifindex, ifs->link.up ? "up" : "down");
	rt_publish(&rt->ifs, ifs);
	rt_gen_bump(rt);
	rt_stat_set(&rt->st.addrs, ifc->naddrs);
	if (old)
		call_rcu(&old->rcu, rt_ifs_free_rcu);
	return 0;
}

static void rt_update_counts(struct afudp_rt *rt)
{
	const struct rt_tabs *t = rt->tabs;

	rt_stat_set(&rt->st.routes,
		    afudp_lpm_count(t->local) + afudp_lpm_count(t->main) +
			    afudp_lpm_count(t->local6) +
			    afudp_lpm_count(t->main6));
	rt_stat_set(&rt->st.neighs, afudp_neigh_count(t->neigh) +
					    afudp_neigh_count(t->neigh6));
}

static void rt_schedule_resync(struct afudp_rt *rt, unsigned int delay_ms)
{
	uint64_t at = rt_now_ms() + delay_ms;

	if (!rt->resync_at || at < rt->resync_at)
		rt->resync_at = at;
}

/* ---- parsing: pure functions of a message --------------------------- */

/*
 * Nexthop of a multipath route: the first live hop. The kernel hashes flows
 * over the hops; any one of them is a valid path, and a fixed choice keeps
 * a flow's packets in order.
 */
static void rt_parse_multipath(const struct rtattr *mp, int family,
			       struct afudp_route *r)
{
	const struct rtnexthop *nh = RTA_DATA(mp), *pick = NULL;
	int len = RTA_PAYLOAD(mp);
	struct rtattr *tb[RTA_MAX + 1];

	for (; RTNH_OK(nh, len); len -= NLMSG_ALIGN(nh->rtnh_len),
				 nh = RTNH_NEXT(nh)) {
		if (!pick)
			pick = nh;
		if (!(nh->rtnh_flags & RTNH_F_DEAD)) {
			pick = nh;
			break;
		}
	}
	if (!pick) {
		r->flags |= AFUDP_ROUTE_F_FOREIGN;
		return;
	}
	r->oif = pick->rtnh_ifindex;
	afudp_nl_parse(tb, RTA_MAX, RTNH_DATA(pick),
		       pick->rtnh_len - RTNH_LENGTH(0));
	afudp_nl_attr_addr(tb[RTA_GATEWAY], family, &r->gw6);
	if (tb[RTA_VIA])
		r->flags |= AFUDP_ROUTE_F_FOREIGN;
}

/*
 * 1: an IPv4 or IPv6 route of a table we mirror, in @r and *@family;
 * 0: not ours; <0: bad.
 */
static int rt_parse_route(const struct nlmsghdr *h, struct afudp_route *r,
			  int *family)
{
	const struct rtmsg *rtm = NLMSG_DATA(h);
	struct rtattr *tb[RTA_MAX + 1];
	int af;
	uint32_t table;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*rtm)))
		return -EBADMSG;
	af = rtm->rtm_family;
	if (af != AF_INET && af != AF_INET6)
		return 0;
	*family = af;
	afudp_nl_parse(tb, RTA_MAX, RTM_RTA(rtm), RTM_PAYLOAD(h));
	table = rtm->rtm_table;
	afudp_nl_attr_u32(tb[RTA_TABLE], &table);
	if (table != RT_TABLE_MAIN && table != RT_TABLE_LOCAL)
		return 0;
	/* Only a flow with that TOS would match; afudp sends TOS 0. */
	if (rtm->rtm_tos || rtm->rtm_flags & RTM_F_CLONED)
		return 0;
	if (rtm->rtm_dst_len >
	    (af == AF_INET ? AFUDP_LPM_MAX_LEN : AFUDP_LPM_MAX_LEN6))
		return -EBADMSG;

	memset(r, 0, sizeof(*r));
	r->len = rtm->rtm_dst_len;
	r->type = rtm->rtm_type;
	r->table = table;
	afudp_nl_attr_addr(tb[RTA_DST], af, &r->dst6);
	afudp_nl_attr_u32(tb[RTA_PRIORITY], &r->priority);
	afudp_nl_attr_u32(tb[RTA_OIF], (uint32_t *)&r->oif);
	afudp_nl_attr_addr(tb[RTA_GATEWAY], af, &r->gw6);
	afudp_nl_attr_addr(tb[RTA_PREFSRC], af, &r->prefsrc6);
	if (tb[RTA_METRICS]) {
		struct rtattr *mx[RTAX_MAX + 1];

		afudp_nl_parse(mx, RTAX_MAX, RTA_DATA(tb[RTA_METRICS]),
			       RTA_PAYLOAD(tb[RTA_METRICS]));
		afudp_nl_attr_u32(mx[RTAX_MTU], &r->mtu);
	}
	if (tb[RTA_MULTIPATH])
		rt_parse_multipath(tb[RTA_MULTIPATH], af, r);
	/*
	 * A gateway of the other family, or a nexthop object shown without
	 * its details.
	 */
	if (tb[RTA_VIA] || (tb[RTA_NH_ID] && !r->oif))
		r->flags |= AFUDP_ROUTE_F_FOREIGN;
	return 1;
}

/*
 * 1: an IPv4 or IPv6 neighbour of our interface, in @n and *@family;
 * 0: not ours; <0: bad.
 */
static int rt_parse_neigh(const struct afudp_rt *rt, const struct nlmsghdr *h,
			  struct afudp_neigh *n, int *family)
{
	const struct ndmsg *ndm = NLMSG_DATA(h);
	struct rtattr *tb[NDA_MAX + 1];

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*ndm)))
		return -EBADMSG;
	if ((ndm->ndm_family != AF_INET && ndm->ndm_family != AF_INET6) ||
	    ndm->ndm_ifindex != rt->ifindex)
		return 0;
	*family = ndm->ndm_family;
	/* Proxy entries answer for others; they are not next hops. */
	if (ndm->ndm_flags & NTF_PROXY)
		return 0;
	afudp_nl_parse(tb, NDA_MAX, RTM_RTA(ndm) /* same layout */,
		       h->nlmsg_len - NLMSG_LENGTH(sizeof(*ndm)));
	memset(n, 0, sizeof(*n));
	if (!afudp_nl_attr_addr(tb[NDA_DST], *family, &n->addr6))
		return -EBADMSG;
	n->state = ndm->ndm_state;
	n->flags = ndm->ndm_flags;
	if (tb[NDA_LLADDR] && RTA_PAYLOAD(tb[NDA_LLADDR]) == ETH_ALEN) {
		memcpy(n->lladdr, RTA_DATA(tb[NDA_LLADDR]), ETH_ALEN);
		n->lladdr_len = ETH_ALEN;
	}
	return 1;
}

/* 1: an IPv4 or IPv6 address (of any interface), in @a and @ifindex; 0; <0. */
static int rt_parse_addr(const struct nlmsghdr *h, int *ifindex,
			 struct rt_addr *a)
{
	const struct ifaddrmsg *ifa = NLMSG_DATA(h);
	struct rtattr *tb[IFA_MAX + 1];

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifa)))
		return -EBADMSG;
	if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6)
		return 0;
	afudp_nl_parse(tb, IFA_MAX, IFA_RTA(ifa), IFA_PAYLOAD(h));
	memset(a, 0, sizeof(*a));
	a->family = ifa->ifa_family;
	/* IFA_LOCAL is ours; IFA_ADDRESS is the peer on point-to-point. */
	if (!afudp_nl_attr_addr(tb[IFA_LOCAL], a->family, &a->addr6) &&
	    !afudp_nl_attr_addr(tb[IFA_ADDRESS], a->family, &a->addr6))
		return -EBADMSG;
	if (ifa->ifa_prefixlen > (a->family == AF_INET ? AFUDP_LPM_MAX_LEN :
							 AFUDP_LPM_MAX_LEN6))
		return -EBADMSG;
	a->prefixlen = ifa->ifa_prefixlen;
	a->flags = ifa->ifa_flags;
	afudp_nl_attr_u32(tb[IFA_FLAGS], &a->flags);
	*ifindex = ifa->ifa_index;
	return 1;
}

/* ---- applying messages: control thread ------------------------------ */

/* Same address and prefix (what the kernel names an address by). */
static bool rt_addr_same(const struct rt_addr *a, const struct rt_addr *b)
{
	if (a->family != b->family || a->prefixlen != b->prefixlen)
		return false;
	return a->family == AF_INET ? a->addr == b->addr :
				      !memcmp(&a->addr6, &b->addr6,
					      sizeof(a->addr6));
}

static int rt_addr_find(const struct rt_iface *ifc, const struct rt_addr *a)
{
	int i;

	for (i = 0; i < ifc->naddrs; i++)
		if (rt_addr_same(&ifc->addrs[i], a))
			return i;
	return -1;
}

/*
 * Where the kernel lists a new IPv6 address (ipv6_link_dev_addr()): in
 * front of the first one of the same or a narrower scope, so the widest
 * scopes come first and, within a scope, the newest. Source selection
 * breaks ties by this order. IPv4 addresses go last (primaries before
 * secondaries, in arrival order).
 */
static int rt_addr_pos(const struct rt_iface *ifc, const struct rt_addr *a)
{
	int i, scope;

	if (a->family != AF_INET6)
		return ifc->naddrs;
	scope = afudp_rt_scope6(&a->addr6);
	for (i = 0; i < ifc->naddrs; i++)
		if (ifc->addrs[i].family == AF_INET6 &&
		    scope >= afudp_rt_scope6(&ifc->addrs[i].addr6))
			return i;
	return ifc->naddrs;
}

/* Returns 1 if @ifc changed, 0 if not, -ENOMEM. */
/*
 * @dump: @a comes from a dump, which lists addresses in the kernel's
 * order already: append it. A notified one goes where rt_addr_pos() says.
 */
static int rt_addr_set(struct rt_iface *ifc, const struct rt_addr *a,
		       bool dump)
{
	int i = rt_addr_find(ifc, a);

	if (i >= 0) {
		if (ifc->addrs[i].flags == a->flags)
			return 0;
		ifc->addrs[i].flags = a->flags;
		return 1;
	}
	if (ifc->naddrs == ifc->cap) {
		int cap = ifc->cap ? ifc->cap * 2 : RT_ADDRS_CAP0;
		struct rt_addr *na;

		na = realloc(ifc->addrs, cap * sizeof(*na));
		if (!na)
			return -ENOMEM;
		ifc->addrs = na;
		ifc->cap = cap;
	}
	i = dump ? ifc->naddrs : rt_addr_pos(ifc, a);
	memmove(&ifc->addrs[i + 1], &ifc->addrs[i],
		(ifc->naddrs - i) * sizeof(ifc->addrs[0]));
	ifc->addrs[i] = *a;
	ifc->naddrs++;
	return 1;
}

static int rt_addr_del(struct rt_iface *ifc, const struct rt_addr *a)
{
	int i = rt_addr_find(ifc, a);

	if (i < 0)
		return 0;
	memmove(&ifc->addrs[i], &ifc->addrs[i + 1],
		(ifc->naddrs - i - 1) * sizeof(ifc->addrs[0]));
	ifc->naddrs--;
	return 1;
}

static bool rt_addrs_equal(const struct rt_iface *a, const struct rt_iface *b)
{
	int i;

	if (a->naddrs != b->naddrs)
		return false;
	for (i = 0; i < a->naddrs; i++)
		if (!rt_addr_same(&a->addrs[i], &b->addrs[i]) ||
		    a->addrs[i].flags != b->addrs[i].flags)
			return false;
	return true;
}

/*
 * Another interface changed: going down or away flushes its routes without
 * a notification, so schedule a re-dump. First sight of an interface that is
 * down counts too: we cannot tell whether it just went down.
 */
static void rt_other_link(struct afudp_rt *rt, int ifindex,
			  unsigned int flags, bool gone)
{
	int i;

	for (i = 0; i < rt->nlf; i++)
		if (rt->lf[i].ifindex == ifindex)
			break;
	if (gone) {
		if (i < rt->nlf)
			rt->lf[i] = rt->lf[--rt->nlf];
		rt_schedule_resync(rt, RT_RESYNC_DELAY_MS);
		return;
	}
	if (i == rt->nlf) {
		if (rt->nlf == rt->caplf) {
			int cap = rt->caplf ? rt->caplf * 2 : RT_LFLAGS_CAP0;
			struct rt_lflags *n;

			n = realloc(rt->lf, cap * sizeof(*n));
			if (!n) {
				/* Unknown is handled as "went down". */
				rt_schedule_resync(rt, RT_RESYNC_DELAY_MS);
				return;
			}
			rt->lf = n;
			rt->caplf = cap;
		}
		rt->lf[rt->nlf].ifindex = ifindex;
		rt->lf[rt->nlf].flags = IFF_UP; /* so "down" below fires */
		rt->nlf++;
	}
	if ((rt->lf[i].flags & IFF_UP) && !(flags & IFF_UP))
		rt_schedule_resync(rt, RT_RESYNC_DELAY_MS);
	rt->lf[i].flags = flags;
}

static void rt_apply_link(struct afudp_rt *rt, struct rt_target *tg,
			  const struct nlmsghdr *h)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	struct rt_iface *ifc = tg->ifc;
	struct rtattr *tb[IFLA_MAX + 1];
	unsigned int old_flags;
	bool was_present;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi))) {
		afudp_rt_log(rt, LOG_WARNING, "route: short link message");
		return;
	}
	/*
	 * The link group also carries AF_BRIDGE port messages, whose
	 * RTM_DELLINK means "left the bridge", not "gone".
	 */
	if (ifi->ifi_family != AF_UNSPEC)
		return;
	if (ifi->ifi_index != rt->ifindex) {
		if (!tg->dump)
			rt_other_link(rt, ifi->ifi_index, ifi->ifi_flags,
				      h->nlmsg_type == RTM_DELLINK);
		return;
	}
	if (!tg->dump)
		rt_stat_add(&rt->st.events, 1);
	was_present = ifc->present;
	old_flags = ifc->ifi_flags;
	if (h->nlmsg_type == RTM_DELLINK) {
		afudp_rt_log(rt, LOG_WARNING,
			     "route: interface %s (%d) was removed", ifc->name,
			     rt->ifindex);
		ifc->present = false;
		ifc->ifi_flags = 0;
	} else {
		afudp_nl_parse(tb, IFLA_MAX, IFLA_RTA(ifi),
			       IFLA_PAYLOAD(h));
		ifc->present = true;
		ifc->ifi_flags = ifi->ifi_flags;
		if (tb[IFLA_ADDRESS] &&
		    RTA_PAYLOAD(tb[IFLA_ADDRESS]) == ETH_ALEN &&
		    memcmp(ifc->mac, RTA_DATA(tb[IFLA_ADDRESS]), ETH_ALEN)) {
			memcpy(ifc->mac, RTA_DATA(tb[IFLA_ADDRESS]), ETH_ALEN);
			rt->addrs_changed = !tg->dump;
		}
		afudp_nl_attr_u32(tb[IFLA_MTU], &ifc->mtu);
		if (tb[IFLA_IFNAME])
			snprintf(ifc->name, sizeof(ifc->name), "%.*s",
				 (int)RTA_PAYLOAD(tb[IFLA_IFNAME]),
				 (const char *)RTA_DATA(tb[IFLA_IFNAME]));
	}
	if (tg->dump)
		return;
	rt_publish_ifs(rt);
	/*
	 * Down/up and carrier changes flush routes and neighbours, not all
	 * of it notified: re-dump.
	 */
	if (was_present != ifc->present ||
	    ((old_flags ^ ifc->ifi_flags) &
	     (IFF_UP | IFF_RUNNING | IFF_LOWER_UP)))
		rt_schedule_resync(rt, RT_RESYNC_DELAY_MS);
}

static void rt_apply_addr(struct afudp_rt *rt, struct rt_target *tg,
			  const struct nlmsghdr *h)
{
	struct rt_addr a;
	int ifindex, ret;

	ret = rt_parse_addr(h, &ifindex, &a);
	if (ret < 0)
		afudp_rt_log(rt, LOG_WARNING, "route: bad address message");
	if (ret <= 0)
		return;
	/* Routes using a removed address go silently: re-dump. */
	if (!tg->dump && h->nlmsg_type == RTM_DELADDR)
		rt_schedule_resync(rt, RT_RESYNC_DELAY_MS);
	if (ifindex != rt->ifindex)
		return;
	if (h->nlmsg_type == RTM_NEWADDR)
		ret = rt_addr_set(tg->ifc, &a, tg->dump);
	else
		ret = rt_addr_del(tg->ifc, &a);
	if (ret < 0) {
		afudp_rt_log(rt, LOG_ERR,
			     "route: out of memory for an address");
		rt_schedule_resync(rt, RT_RESYNC_RETRY_MS);
		return;
	}
	if (tg->dump)
		return;
	rt_stat_add(&rt->st.events, 1);
	if (ret) {
		rt_publish_ifs(rt);
		rt->addrs_changed = true;
	}
}

static enum afudp_lpm_how rt_route_how(const struct nlmsghdr *h, bool dump)
{
	/*
	 * A dump lists a destination's routes in the kernel's order: the
	 * first is the one in use. In notifications fib_table_insert() says
	 * where the route went: APPEND behind, REPLACE in place, EXCL new,
	 * none of them (a plain create) in front of the others.
	 */
	if (dump || h->nlmsg_flags & NLM_F_APPEND)
		return AFUDP_LPM_APPEND;
	if (h->nlmsg_flags & (NLM_F_REPLACE | NLM_F_EXCL))
		return AFUDP_LPM_REPLACE;
	return AFUDP_LPM_PREPEND;
}

static void rt_apply_route(struct afudp_rt *rt, struct rt_target *tg,
			   const struct nlmsghdr *h)
{
	struct afudp_route r;
	struct afudp_lpm *lpm;
	char a[INET6_ADDRSTRLEN];
	int ret, af = 0;

	ret = rt_parse_route(h, &r, &af);
	if (ret < 0)
		afudp_rt_log(rt, LOG_WARNING, "route: bad route message");
	if (ret <= 0)
		return;
	if (af == AF_INET)
		lpm = r.table == RT_TABLE_LOCAL ? tg->tabs->local :
						  tg->tabs->main;
	else
		lpm = r.table == RT_TABLE_LOCAL ? tg->tabs->local6 :
						  tg->tabs->main6;
	/*
	 * The mirror tells IPv6 routes of one metric apart by oif and
	 * gateway (lpm.h); which of them a replace took the place of is
	 * the kernel's to say: re-dump rather than guess.
	 */
	if (af == AF_INET6 && !tg->dump && h->nlmsg_type == RTM_NEWROUTE &&
	    h->nlmsg_flags & NLM_F_REPLACE)
		rt_schedule_resync(rt, 0);
	if (h->nlmsg_type == RTM_NEWROUTE) {
		ret = afudp_lpm_add(lpm, &r, rt_route_how(h, tg->dump));
	} else {
		ret = afudp_lpm_del(lpm, &r);
		if (ret == AFUDP_LPM_DEL_RESYNC)
			rt_schedule_resync(rt, 0);
		if (ret == -ENOENT) {
			afudp_rt_log(
				rt, LOG_DEBUG,
				"route: deleted route %s/%u was not mirrored",
				rt_ntop_af(af, &r.dst6, a), r.len);
			ret = 0;
		}
	}
	if (ret < 0) {
		afudp_rt_log(rt, LOG_ERR,
			     "route: cannot mirror route %s/%u: %s",
			     rt_ntop_af(af, &r.dst6, a), r.len, strerror(-ret));
		rt_schedule_resync(rt, RT_RESYNC_RETRY_MS);
	}
	if (!tg->dump)
		rt_stat_add(&rt->st.events, 1);
}

static void rt_apply_neigh(struct afudp_rt *rt, struct rt_target *tg,
			   const struct nlmsghdr *h)
{
	struct afudp_neigh_table *t;
	struct afudp_neigh n;
	char a[INET6_ADDRSTRLEN];
	int ret, af = 0;

	ret = rt_parse_neigh(rt, h, &n, &af);
	if (ret < 0)
		afudp_rt_log(rt, LOG_WARNING, "route: bad neighbour message");
	if (ret <= 0)
		return;
	t = af == AF_INET ? tg->tabs->neigh : tg->tabs->neigh6;
	if (h->nlmsg_type == RTM_NEWNEIGH) {
		ret = afudp_neigh_set(t, &n);
	} else {
		ret = af == AF_INET ? afudp_neigh_del(t, n.addr) :
				      afudp_neigh_del6(t, &n.addr6);
		if (ret == -ENOENT)
			ret = 0;
	}
	if (ret < 0) {
		afudp_rt_log(rt, LOG_ERR,
			     "route: cannot mirror neighbour %s: %s",
			     rt_ntop_af(af, &n.addr6, a), strerror(-ret));
		rt_schedule_resync(rt, RT_RESYNC_RETRY_MS);
	}
	if (!tg->dump)
		rt_stat_add(&rt->st.events, 1);
}

/*
 * The interface's reverse-path filter: the larger of conf/all and the
 * interface's own (IN_DEV_MAXCONF). Read from /proc/sys, at each (re)dump
 * and whenever an IPv4 netconf notification says something changed.
 */
static int rt_read_sysctl(const char *ifname, const char *key)
{
	char path[128], buf[16] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/%s", ifname,
		 key);
	f = fopen(path, "re");
	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	return atoi(buf);
}

static void rt_read_rp_filter(struct afudp_rt *rt, const char *ifname)
{
	int all = rt_read_sysctl("all", "rp_filter");
	int own = ifname[0] ? rt_read_sysctl(ifname, "rp_filter") : 0;

	__atomic_store_n(&rt->rp_filter, all > own ? all : own,
			 __ATOMIC_RELAXED);
}

static void rt_apply(struct afudp_rt *rt, struct rt_target *tg,
		     const struct nlmsghdr *h)
{
	/* ifa_family, rtm_family and ndm_family all come first. */
	if (tg->family && h->nlmsg_len > NLMSG_LENGTH(0) &&
	    *(const uint8_t *)NLMSG_DATA(h) != tg->family)
		return;
	switch (h->nlmsg_type) {
	case RTM_NEWNETCONF:
	case RTM_DELNETCONF:
		rt_read_rp_filter(rt, tg->ifc->name);
		break;
	case RTM_NEWLINK:
	case RTM_DELLINK:
		rt_apply_link(rt, tg, h);
		break;
	case RTM_NEWADDR:
	case RTM_DELADDR:
		rt_apply_addr(rt, tg, h);
		break;
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		rt_apply_route(rt, tg, h);
		break;
	case RTM_NEWNEIGH:
	case RTM_DELNEIGH:
		rt_apply_neigh(rt, tg, h);
		break;
	case RTM_GETNEIGH:
		/* Application-probe requests (app_solicit); not ours. */
		break;
	default:
		afudp_rt_log(rt, LOG_DEBUG,
			     "route: ignored netlink message type %u",
			     h->nlmsg_type);
		break;
	}
	/* Live tables changed in place (or may have): cached lookups go. */
	if (!tg->dump)
		rt_gen_bump(rt);
}

/* ---- the request socket: control thread ----------------------------- */

/*
 * A message on the request socket that answers no pending request: the
 * error reply to a resolution request (they are sent without NLM_F_ACK, so
 * only failures come back), or the tail of a dump that was given up.
 */
static void rt_stray(struct afudp_rt *rt, const struct nlmsghdr *h)
{
	const struct nlmsghdr *req;
	const char *msg;
	int err;

	if (h->nlmsg_type != NLMSG_ERROR)
		return;
	err = afudp_nl_error(h, &msg, &req);
	if (!err)
		return;
	if (!req || req->nlmsg_type != RTM_NEWNEIGH) {
		afudp_rt_log(rt, LOG_WARNING, "route: netlink error: %s%s%s",
			     strerror(-err), msg ? ": " : "", msg ? msg : "");
		return;
	}
	afudp_rt_resolve_failed(rt, req, err, msg);
}

static void rt_drain_req(struct afudp_rt *rt)
{
	const struct nlmsghdr *h;
	ssize_t n;

	while ((n = afudp_nl_recv(&rt->req, rt->buf, RT_BUFSZ, 0)) > 0)
		for (h = (void *)rt->buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n))
			rt_stray(rt, h);
	if (n < 0 && n != -EAGAIN)
		afudp_rt_log(rt, LOG_WARNING, "route: netlink receive: %s",
			     strerror((int)-n));
}

/*
 * Send one request (@dump: a dump) and apply the replies to @tg until the
 * kernel says it is done. Returns 0 or a negative errno from the kernel or
 * the socket.
 */
static int rt_request(struct afudp_rt *rt, struct rt_target *tg,
		      struct nlmsghdr *req, bool dump)
{
	const struct nlmsghdr *h;
	const char *msg;
	int64_t seq;
	ssize_t n;
	int err;

	req->nlmsg_flags = NLM_F_REQUEST | (dump ? NLM_F_DUMP : NLM_F_ACK);
	seq = afudp_nl_send(&rt->req, req);
	if (seq < 0)
		return (int)seq;
	for (;;) {
		n = afudp_nl_recv(&rt->req, rt->buf, RT_BUFSZ,
				  RT_REQ_TIMEOUT_MS);
		if (n == -EAGAIN)
			return -ETIMEDOUT;
		if (n < 0)
			return (int)n;
		for (h = (void *)rt->buf; NLMSG_OK(h, n);
		     h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_seq != (uint32_t)seq ||
			    h->nlmsg_pid != rt->req.portid) {
				rt_stray(rt, h);
				continue;
			}
			if (h->nlmsg_flags & NLM_F_DUMP_INTR)
				tg->intr = true;
			switch (h->nlmsg_type) {
			case NLMSG_DONE:
				if (h->nlmsg_len < NLMSG_LENGTH(sizeof(err)))
					return 0;
				memcpy(&err, NLMSG_DATA(h), sizeof(err));
				return err < 0 ? err : 0;
			case NLMSG_ERROR:
				err = afudp_nl_error(h, &msg, NULL);
				if (err && err != -ENODEV)
					afudp_rt_log(
						rt, LOG_ERR,
						"route: netlink request %u: "
						"%s%s%s",
						req->nlmsg_type, strerror(-err),
						msg ? ": " : "",
						msg ? msg : "");
				return err;
			case NLMSG_NOOP:
				break;
			case NLMSG_OVERRUN:
				return -EIO;
			default:
				rt_apply(rt, tg, h);
				break;
			}
		}
	}
}

/*
 * Dump every object of @family and @type (addresses, routes,
 * neighbours): a request of a family header of @hdrlen bytes whose first
 * byte, the family, is all it sets (ifa_family, rtm_family, ndm_family).
 */
static int rt_dump_inet(struct afudp_rt *rt, struct rt_target *tg,
			int family, uint16_t type, size_t hdrlen)
{
	struct {
		struct nlmsghdr h;
		union {
			struct ifaddrmsg ifa;
			struct rtmsg rtm;
			struct ndmsg ndm;
			uint8_t family;
		};
	} req;
	int err;
	_Static_assert(offsetof(struct ifaddrmsg, ifa_family) == 0 &&
			       offsetof(struct rtmsg, rtm_family) == 0 &&
			       offsetof(struct ndmsg, ndm_family) == 0,
		       "the family comes first");

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_type = type;
	req.h.nlmsg_len = NLMSG_LENGTH(hdrlen);
	req.family = family;
	tg->family = family;
	err = rt_request(rt, tg, &req.h, true);
	tg->family = 0;
	return err;
}

static int rt_dump_all(struct afudp_rt *rt, struct rt_target *tg)
{
	struct {
		struct nlmsghdr h;
		struct ifinfomsg ifi;
		char attrs[32];
	} req;
	static const int families[] = { AF_INET, AF_INET6 };
	uint32_t ext = RTEXT_FILTER_SKIP_STATS;
	int err, i;

	/* Our link alone: other interfaces only matter through routes. */
	memset(&req, 0, sizeof(req));
	req.h.nlmsg_type = RTM_GETLINK;
	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.ifi));
	req.ifi.ifi_family = AF_UNSPEC;
	req.ifi.ifi_index = rt->ifindex;
	afudp_nl_addattr(&req.h, sizeof(req), IFLA_EXT_MASK, &ext,
			 sizeof(ext));
	err = rt_request(rt, tg, &req.h, false);
	if (err == -ENODEV)
		tg->ifc->present = false; /* gone: keep mirroring the rest */
	else if (err)
		return err;

	for (i = 0; i < (int)RT_ARRAY_SIZE(families) && !err; i++) {
		err = rt_dump_inet(rt, tg, families[i], RTM_GETADDR,
				   sizeof(struct ifaddrmsg));
		if (!err)
			err = rt_dump_inet(rt, tg, families[i], RTM_GETROUTE,
					   sizeof(struct rtmsg));
		if (!err)
			err = rt_dump_inet(rt, tg, families[i], RTM_GETNEIGH,
					   sizeof(struct ndmsg));
	}
	return err;
}

/*
 * Rebuild everything from dumps and publish it. Control thread. On failure
 * the old state stays published and the caller retries later.
 */
static int rt_resync(struct afudp_rt *rt)
{
	struct rt_target tg = { 0 };
	struct rt_iface ifc;
	struct rt_tabs *old;
	int tries, err;

	for (tries = 1;; tries++) {
		memset(&ifc, 0, sizeof(ifc));
		tg.tabs = rt_tabs_new();
		tg.ifc = &ifc;
		tg.dump = true;
		tg.intr = false;
		if (!tg.tabs)
			return -ENOMEM;
		err = rt_dump_all(rt, &tg);
		if (err) {
			rt_tabs_destroy(tg.tabs);
			rt_iface_clear(&ifc);
			return err;
		}
		if (!tg.intr)
			break;
		if (tries == RT_DUMP_TRIES) {
			/* Still the best view there is; try again soon. */
			afudp_rt_log(rt, LOG_WARNING,
				     "route: dumps keep being interrupted");
			rt_schedule_resync(rt, RT_RESYNC_RETRY_MS);
			break;
		}
		rt_tabs_destroy(tg.tabs);
		rt_iface_clear(&ifc);
	}

	if (!rt_addrs_equal(&rt->cur, &ifc) ||
	    memcmp(rt->cur.mac, ifc.mac, sizeof(ifc.mac)))
		rt->addrs_changed = true;
	if (!ifc.name[0])
		memcpy(ifc.name, rt->cur.name, sizeof(ifc.name));
	rt_read_rp_filter(rt, ifc.name);
	rt_iface_clear(&rt->cur);
	rt->cur = ifc;
	if (rt_publish_ifs(rt) && !rt->ifs) {
		/* First dump: readers need a snapshot, so fail. */
		rt_tabs_destroy(tg.tabs);
		return -ENOMEM;
	}

	old = rt->tabs;
	rt_publish(&rt->tabs, tg.tabs);
	rt_gen_bump(rt);
	rt_update_counts(rt);
	if (old) {
		/* Frees at once: every reader must be done with it. */
		synchronize_rcu();
		rt_tabs_destroy(old);
	}
	return 0;
}


/* ---- the control thread --------------------------------------------- */

static void rt_read_events(struct afudp_rt *rt)
{
	struct rt_target tg = {
		.tabs = rt->tabs,
		.ifc = &rt->cur,
	};
	const struct nlmsghdr *h;
	int budget, drained;
	ssize_t n;

	for (budget = RT_EV_BUDGET; budget > 0; budget--) {
		n = afudp_nl_recv(&rt->ev, rt->buf, RT_BUFSZ, 0);
		if (n == -EAGAIN)
			break;
		if (n == -ENOBUFS) {
			/*
			 * Notifications were lost. What is queued now is
			 * older than the re-dump about to be taken: drop it.
			 */
			rt_stat_add(&rt->st.redumps, 1);
			afudp_rt_log(rt, LOG_NOTICE,
				     "route: netlink events lost, re-dumping");
			for (drained = 0; drained < RT_EV_DRAIN_MAX; drained++)
				if (afudp_nl_recv(&rt->ev, rt->buf, RT_BUFSZ,
						  0) == -EAGAIN)
					break;
			rt->resync_at = RT_RESYNC_NOW;
			return;
		}
		if (n < 0) {
			afudp_rt_log(rt, LOG_ERR, "route: netlink receive: %s",
				     strerror((int)-n));
			/* Something was lost either way. */
			rt->resync_at = RT_RESYNC_NOW;
			return;
		}
		for (h = (void *)rt->buf; NLMSG_OK(h, n);
		     h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_ERROR) {
				const char *msg;
				int err = afudp_nl_error(h, &msg, NULL);

				afudp_rt_log(rt, LOG_WARNING,
					     "route: netlink error event: %s",
					     strerror(-err));
				continue;
			}
			rt_apply(rt, &tg, h);
		}
	}
	rt_update_counts(rt);
}

static void rt_call_addr_cb(struct afudp_rt *rt)
{
	rt->addrs_changed = false;
	pthread_mutex_lock(&rt->cb_lock);
	if (rt->addr_cb)
		rt->addr_cb(rt->addr_cb_ctx);
	pthread_mutex_unlock(&rt->cb_lock);
}

static void rt_loop(struct afudp_rt *rt)
{
	struct pollfd pfd[3] = {
		{ .fd = rt->wakefd, .events = POLLIN },
		{ .fd = rt->ev.fd, .events = POLLIN },
		{ .fd = rt->req.fd, .events = POLLIN },
	};
	int timeout, ret, err;
	uint64_t now, v;
	ssize_t n;

	for (;;) {
		timeout = -1;
		if (rt->resync_at) {
			now = rt_now_ms();
			timeout = rt->resync_at > now ?
					  (int)(rt->resync_at - now) : 0;
		}
		if (rt->pmtu_expire_at) {
			int t;

			now = rt_now_ms();
			t = rt->pmtu_expire_at > now ?
				    (int)(rt->pmtu_expire_at - now) : 0;
			if (timeout < 0 || t < timeout)
				timeout = t;
		}
		ret = poll(pfd, RT_ARRAY_SIZE(pfd), timeout);
		if (ret < 0 && errno != EINTR) {
			afudp_rt_log(rt, LOG_ERR, "route: poll: %s",
				     strerror(errno));
			/* Cannot happen with valid fds; don't spin. */
			usleep(RT_POLL_ERR_PAUSE_US);
			continue;
		}
		if (__atomic_load_n(&rt->stop, __ATOMIC_ACQUIRE))
			return;
		if (ret > 0 && pfd[0].revents) {
			/* EAGAIN is fine: a wake-up is all it carries. */
			n = read(rt->wakefd, &v, sizeof(v));
			(void)n;
			afudp_rt_resolve_serve(rt);
			if (__atomic_load_n(&rt->pmtu_kick, __ATOMIC_ACQUIRE))
				afudp_rt_pmtu_update(rt);
		}
		if (rt->pmtu_expire_at && rt->pmtu_expire_at <= rt_now_ms())
			afudp_rt_pmtu_update(rt);
		if (ret > 0 && pfd[2].revents)
			rt_drain_req(rt);
		if (ret > 0 && pfd[1].revents)
			rt_read_events(rt);
		if (rt->resync_at && rt->resync_at <= rt_now_ms()) {
			rt->resync_at = 0;
			err = rt_resync(rt);
			if (err) {
				afudp_rt_log(rt, LOG_ERR,
					     "route: re-dump failed: %s",
					     strerror(-err));
				rt_schedule_resync(rt, RT_RESYNC_RETRY_MS);
			} else {
				rt_stat_add(&rt->st.resyncs, 1);
			}
		}
		if (rt->addrs_changed)
			rt_call_addr_cb(rt);
	}
}

static void *rt_thread(void *arg)
{
	struct afudp_rt *rt = arg;
	int err;

	err = rt_resync(rt);
	if (!err && !rt->cur.present)
		err = -ENODEV;
	rt->addrs_changed = false;

	pthread_mutex_lock(&rt->lock);
	rt->start_err = err;
	rt->started = true;
	pthread_cond_signal(&rt->cond);
	pthread_mutex_unlock(&rt->lock);

	if (!err)
		rt_loop(rt);

	/* Close contract: no reader is left; wait for any stragglers anyway. */
	synchronize_rcu();
	rt_tabs_destroy(rt->tabs);
	rt->tabs = NULL;
	free(rt->ifs);
	rt->ifs = NULL;
	free(rt->pmtu);
	rt->pmtu = NULL;
	/* Run the frees queued by call_rcu() before the memory goes away. */
	rcu_barrier();
	return NULL;
}

/* ---- public API: contracts in route.h ------------------------------- */

static void rt_free(struct afudp_rt *rt)
{
	afudp_nl_close(&rt->ev);
	afudp_nl_close(&rt->req);
	if (rt->wakefd >= 0)
		close(rt->wakefd);
	rt_iface_clear(&rt->cur);
	free(rt->lf);
	free(rt->buf);
	pthread_mutex_destroy(&rt->lock);
	pthread_cond_destroy(&rt->cond);
	pthread_mutex_destroy(&rt->cb_lock);
	free(rt);
}

/*
 * A random start for the generation (see struct afudp_rt), never 0: the
 * value that an empty cache entry holds. Without getrandom(), time, pid
 * and the object's address still tell processes and restarts apart.
 */
static void rt_gen_seed(struct afudp_rt *rt)
{
	struct timespec ts;
	uint64_t g = 0;

	if (getrandom(&g, sizeof(g), GRND_NONBLOCK) != sizeof(g)) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		g = ((uint64_t)getpid() << 40) ^ (uint64_t)ts.tv_nsec ^
		    ((uint64_t)ts.tv_sec << 20) ^ (uintptr_t)rt;
	}
	/* Room for 2^62 changes before the count could come back to 0. */
	g = (g & ~(3ull << 62)) | (1ull << 62);
	__atomic_store_n(&rt->gen, g, __ATOMIC_RELEASE);
}

/*
 * Open the control thread's sockets, start it and wait for its first dump.
 * On failure, what was opened stays for rt_free().
 */
static int rt_start(struct afudp_rt *rt)
{
	sigset_t all, old;
	int err;

	rt->ev.fd = rt->req.fd = -1;
	rt->stop = 0;
	rt_gen_seed(rt);
	rt->started = false;
	pthread_mutex_init(&rt->lock, NULL);
	pthread_cond_init(&rt->cond, NULL);
	pthread_mutex_init(&rt->cb_lock, NULL);

	rt->wakefd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (rt->wakefd < 0)
		return -errno;
	if (!rt->buf) {
		rt->buf = malloc(RT_BUFSZ);
		if (!rt->buf)
			return -ENOMEM;
	}
	/* Joined before the first dump: see the file comment. */
	err = afudp_nl_open(&rt->ev, RT_GROUPS, RT_EV_RCVBUF);
	if (err) {
		afudp_rt_log(rt, LOG_ERR, "route: netlink event socket: %s",
			     strerror(-err));
		return err;
	}
	err = afudp_nl_open(&rt->req, 0, 0);
	if (err) {
		afudp_rt_log(rt, LOG_ERR, "route: netlink request socket: %s",
			     strerror(-err));
		return err;
	}

	/* The application's signal handlers never run on our thread. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = -pthread_create(&rt->thread, NULL, rt_thread, rt);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err)
		return err;

	pthread_mutex_lock(&rt->lock);
	while (!rt->started)
		pthread_cond_wait(&rt->cond, &rt->lock);
	err = rt->start_err;
	pthread_mutex_unlock(&rt->lock);
	if (err) {
		pthread_join(rt->thread, NULL);
		if (err != -ENODEV)
			afudp_rt_log(rt, LOG_ERR,
				     "route: initial dump failed: %s",
				     strerror(-err));
	}
	return err;
}

struct afudp_rt *afudp_rt_open(int ifindex, afudp_rt_log_fn log, void *ctx)
{
	struct afudp_rt *rt;
	void *mem;
	int err;

	if (ifindex <= 0) {
		errno = EINVAL;
		return NULL;
	}
	err = posix_memalign(&mem, RT_CACHELINE, sizeof(*rt));
	if (err) {
		errno = err;
		return NULL;
	}
	rt = mem;
	memset(rt, 0, sizeof(*rt));
	rt->ifindex = ifindex;
	rt->log = log;
	rt->log_ctx = ctx;
	err = rt_start(rt);
	if (err) {
		rt_free(rt);
		errno = -err;
		return NULL;
	}
	return rt;
}

/*
 * In a forked child: the parent's thread is not here, and the netlink
 * sockets are the parent's too (a message read here is one it misses).
 * Let go of this process's copies of them and follow the tables anew, in
 * place: the object keeps its address, which the stack, shared with the
 * parent, names. The tables inherited serve until the new dump replaces
 * them.
 */
int afudp_rt_restart(struct afudp_rt *rt)
{
	afudp_nl_close(&rt->ev);
	afudp_nl_close(&rt->req);
	if (rt->wakefd >= 0)
		close(rt->wakefd);
	rt->wakefd = -1;
	return rt_start(rt);
}

/* A forked child's copy that was never restarted: no thread to stop. */
void afudp_rt_forget(struct afudp_rt *rt)
{
	if (rt)
		rt_free(rt);
}

void afudp_rt_close(struct afudp_rt *rt)
{
	if (!rt)
		return;
	__atomic_store_n(&rt->stop, 1, __ATOMIC_RELEASE);
	rt_wake(rt);
	pthread_join(rt->thread, NULL);
	rt_free(rt);
}


void afudp_rt_set_addr_cb(struct afudp_rt *rt, afudp_rt_addr_cb cb, void *ctx)
{
	pthread_mutex_lock(&rt->cb_lock);
	rt->addr_cb = cb;
	rt->addr_cb_ctx = ctx;
	pthread_mutex_unlock(&rt->cb_lock);
}


void afudp_rt_fork_prepare(void)
{
	call_rcu_before_fork();
	urcu_bp_before_fork();
}

void afudp_rt_fork_parent(void)
{
	urcu_bp_after_fork_parent();
	call_rcu_after_fork_parent();
}

/* The "bulletproof" flavour forgets the threads the child doesn't have. */
void afudp_rt_fork_child(void)
{
	urcu_bp_after_fork_child();
	call_rcu_after_fork_child();
}
