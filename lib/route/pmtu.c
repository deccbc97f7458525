/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Path MTU learnt from ICMP (docs/ARCHITECTURE.md, "Path MTU"): what a
 * router beyond the next hop says with an IPv4 "fragmentation needed" or
 * an IPv6 "Packet Too Big" about a datagram the fast path sent.
 *
 * The kernel keeps such news in a route exception (a cloned route of one
 * destination), which netlink does not announce and the mirror's dumps
 * leave out, so the mirror could not see it: a datagram that fit the link
 * but not the smaller link beyond was sent whole on the fast path and
 * lost there every time (the kernel loses the first only). The XDP
 * program sees the message on its way to the kernel and notes it
 * (bpf/afudp_shared.h, "Path MTU"): the destination, the MTU, when; and
 * it counts it in a word this process has mapped.
 *
 * The send path notices a new count with one load in afudp_rt_gen()
 * (lookup.c) and wakes the control thread once; the control thread reads
 * the notes (afudp_rt_pmtu_read_fn: lib/xdp's), keeps those still valid
 * with the kernel's clamps (ipv6: at least 1280; IPv4: at least
 * net.ipv4.route.min_pmtu) and expiry (net.ipv{4,6}.route.mtu_expires
 * after the message), publishes them as one table (RCU), and moves the
 * generation on, so every cached route is looked up again and takes the
 * smaller MTU: a larger datagram then goes to the kernel socket, which
 * fragments it for that path as the kernel would. A note's expiry moves
 * the generation on again. Lookups (rt_pmtu_apply()) scan the table, a
 * few entries at most, only when it is not empty.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <arpa/inet.h>

#include "rt_int.h"

#define RT_PMTU_MIN6 1280		/* IPV6_MIN_MTU */
#define RT_PMTU_MIN4_DEFAULT 552	/* net.ipv4.route.min_pmtu */
#define RT_PMTU_EXPIRES_DEFAULT 600	/* s: net.ipv{4,6}.route.mtu_expires */

/* An integer sysctl under /proc/sys, @def if it can't be read. */
static long rt_sysctl(const char *path, long def)
{
	FILE *f = fopen(path, "re");
	long v;

	if (!f)
		return def;
	if (fscanf(f, "%ld", &v) != 1)
		v = def;
	fclose(f);
	return v;
}

void afudp_rt_set_pmtu(struct afudp_rt *rt, const volatile uint64_t *seq,
		       afudp_rt_pmtu_read_fn read, void *ctx)
{
	rt->pmtu_min4 = (uint32_t)rt_sysctl("/proc/sys/net/ipv4/route/min_pmtu",
					    RT_PMTU_MIN4_DEFAULT);
	rt->pmtu_exp4_ms = 1000 * (uint64_t)rt_sysctl(
		"/proc/sys/net/ipv4/route/mtu_expires", RT_PMTU_EXPIRES_DEFAULT);
	rt->pmtu_exp6_ms = 1000 * (uint64_t)rt_sysctl(
		"/proc/sys/net/ipv6/route/mtu_expires", RT_PMTU_EXPIRES_DEFAULT);
	rt->pmtu_read = read;
	rt->pmtu_ctx = ctx;
	/* Last: the send path starts looking once it is set. */
	__atomic_store_n(&rt->pmtu_seq, seq, __ATOMIC_RELEASE);
	if (seq && *seq) {
		__atomic_store_n(&rt->pmtu_kick, 1, __ATOMIC_RELAXED);
		rt_wake(rt);
	}
}

void afudp_rt_pmtu_kick(struct afudp_rt *rt)
{
	if (!__atomic_exchange_n(&rt->pmtu_kick, 1, __ATOMIC_ACQ_REL))
		rt_wake(rt);
}

static void rt_pmtu_free_rcu(struct rcu_head *head)
{
	free(caa_container_of(head, struct rt_pmtu_tab, rcu));
}

static bool rt_pmtu_same(const struct rt_pmtu_tab *a,
			 const struct rt_pmtu_tab *b)
{
	int na = a ? a->n : 0, nb = b ? b->n : 0;

	return na == nb &&
	       (!na || !memcmp(a->e, b->e, (size_t)na * sizeof(a->e[0])));
}

/*
 * Control thread: read the notes, publish the valid ones (their clamped
 * MTUs), move the generation on if that changed anything, and set when
 * the next one expires (rt->pmtu_expire_at, 0 for none).
 */
void afudp_rt_pmtu_update(struct afudp_rt *rt)
{
	struct afudp_rt_pmtu notes[RT_PMTU_MAX];
	struct rt_pmtu_tab *t, *old;
	const volatile uint64_t *cnt;
	uint64_t seq, now = rt_now_ms(), exp, next = 0;
	int i, j, n;

	__atomic_store_n(&rt->pmtu_kick, 0, __ATOMIC_RELEASE);
	cnt = __atomic_load_n(&rt->pmtu_seq, __ATOMIC_ACQUIRE);
	if (!cnt || !rt->pmtu_read)
		return;
	/* Before the notes: a note written later counts again. */
	seq = *cnt;
	n = rt->pmtu_read(rt->pmtu_ctx, notes, RT_PMTU_MAX);
	t = calloc(1, sizeof(*t) + (size_t)(n > 0 ? n : 0) * sizeof(t->e[0]));
	if (!t) {
		/* Keep the old table; the next send kicks again. */
		afudp_rt_log(rt, LOG_ERR, "route: path MTU: out of memory");
		return;
	}
	for (i = 0; i < n; i++) {
		bool v4 = IN6_IS_ADDR_V4MAPPED(&notes[i].addr);
		uint32_t mtu = notes[i].mtu;

		exp = notes[i].ns / 1000000 +
		      (v4 ? rt->pmtu_exp4_ms : rt->pmtu_exp6_ms);
		if (exp <= now)
			continue;
		/* The kernel's clamps: __ip_rt_update_pmtu(), rt6_do_update_pmtu(). */
		if (v4 && mtu < rt->pmtu_min4)
			mtu = rt->pmtu_min4;
		if (!v4 && mtu < RT_PMTU_MIN6)
			mtu = RT_PMTU_MIN6;
		t->e[t->n].addr = notes[i].addr;
		t->e[t->n].mtu = mtu;
		t->n++;
		if (!next || exp < next)
			next = exp;
	}
	rt->pmtu_expire_at = next;
	old = rt->pmtu;
	if (rt_pmtu_same(old, t)) {
		free(t);
	} else {
		if (!t->n) {
			free(t);
			t = NULL;
		}
		rt_publish(&rt->pmtu, t);
		rt_gen_bump(rt);
		rt_stat_set(&rt->st.pmtu, t ? (uint64_t)t->n : 0);
		/* Said once: what is new or changed. */
		for (i = 0; t && i < t->n; i++) {
			char a[INET6_ADDRSTRLEN];

			for (j = 0; old && j < old->n; j++)
				if (!memcmp(&old->e[j], &t->e[i],
					    sizeof(t->e[i])))
					break;
			if (old && j < old->n)
				continue;
			inet_ntop(AF_INET6, &t->e[i].addr, a, sizeof(a));
			afudp_rt_log(rt, LOG_INFO,
				     "route: path MTU to %s is %u (ICMP)", a,
				     t->e[i].mtu);
		}
		if (old)
			call_rcu(&old->rcu, rt_pmtu_free_rcu);
	}
	__atomic_store_n(&rt->pmtu_seen, seq, __ATOMIC_RELEASE);
}

void afudp_rt_pmtu_apply(struct afudp_rt *rt, const struct in6_addr *dst,
			 uint32_t *mtu)
{
	const struct rt_pmtu_tab *t = rt_deref(&rt->pmtu);
	int i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++)
		if (!memcmp(&t->e[i].addr, dst, sizeof(*dst)) &&
		    t->e[i].mtu < *mtu)
			*mtu = t->e[i].mtu;
}
