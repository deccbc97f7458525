/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tests of lib/route: the longest-prefix-match and neighbour tables driven
 * directly (no netlink, no privileges), their RCU behaviour under a
 * concurrent writer, and the netlink mirror itself: on the loopback
 * interface of the current namespace (unprivileged), and, when run as root
 * with iproute2 present, in two network namespaces of its own joined by a
 * veth pair, where it changes routes, neighbours and the link with `ip` and
 * watches the mirror follow.
 *
 * RCU: the table tests register the test thread with liburcu in a fixture.
 * The mirror tests call afudp_rt_*() only from threads they create, because
 * those register themselves lazily (route.h) and a thread registered twice
 * makes liburcu abort; the threads' exit unregisters them.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/socket.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include <check.h>
#include <urcu-bp.h>

#include "route/lpm.h"
#include "route/neigh.h"
#include "route/route.h"

static __be32 ip(const char *s)
{
	struct in_addr a;

	ck_assert_msg(inet_pton(AF_INET, s, &a) == 1, "bad address %s", s);
	return a.s_addr;
}

static void rcu_setup(void)
{
	rcu_register_thread();
}

static void rcu_teardown(void)
{
	/* Let queued frees run, so leak checkers see a clean exit. */
	rcu_barrier();
	rcu_unregister_thread();
}

/* ---- LPM -------------------------------------------------------------- */

static struct afudp_route mkroute(const char *dst, unsigned int len,
				  uint32_t prio, const char *gw)
{
	struct afudp_route r = {
		.len = len,
		.type = RTN_UNICAST,
		.table = RT_TABLE_MAIN,
		.priority = prio,
		.oif = 2,
	};

	r.dst = ip(dst);
	r.gw = gw ? ip(gw) : 0;
	return r;
}

/* Gateway of the route afudp_lpm_lookup() picks for @addr, 0 if none. */
static __be32 lookup_gw(struct afudp_lpm *lpm, const char *addr)
{
	const struct afudp_route *r;
	__be32 gw;

	rcu_read_lock();
	r = afudp_lpm_lookup(lpm, ip(addr));
	gw = r ? r->gw : 0;
	rcu_read_unlock();
	return gw;
}

static void add(struct afudp_lpm *lpm, const char *dst, unsigned int len,
		uint32_t prio, const char *gw, enum afudp_lpm_how how)
{
	struct afudp_route r = mkroute(dst, len, prio, gw);

	ck_assert_int_eq(afudp_lpm_add(lpm, &r, how), 0);
}

static int del(struct afudp_lpm *lpm, const char *dst, unsigned int len,
	       uint32_t prio, const char *gw)
{
	struct afudp_route r = mkroute(dst, len, prio, gw);

	return afudp_lpm_del(lpm, &r);
}

START_TEST(test_lpm_empty)
{
	struct afudp_lpm *lpm = afudp_lpm_new();

	ck_assert_ptr_nonnull(lpm);
	ck_assert_uint_eq(lookup_gw(lpm, "10.0.0.1"), 0);
	ck_assert_uint_eq(afudp_lpm_count(lpm), 0);
	ck_assert_int_eq(del(lpm, "10.0.0.0", 8, 0, NULL), -ENOENT);
	afudp_lpm_destroy(lpm);
}
END_TEST

START_TEST(test_lpm_default)
{
	struct afudp_lpm *lpm = afudp_lpm_new();

	add(lpm, "0.0.0.0", 0, 0, "10.0.0.254", AFUDP_LPM_REPLACE);
	ck_assert_uint_eq(lookup_gw(lpm, "1.2.3.4"), ip("10.0.0.254"));
	ck_assert_uint_eq(lookup_gw(lpm, "255.255.255.254"), ip("10.0.0.254"));
	ck_assert_uint_eq(lookup_gw(lpm, "0.0.0.1"), ip("10.0.0.254"));
	ck_assert_uint_eq(afudp_lpm_count(lpm), 1);
	afudp_lpm_destroy(lpm);
}
END_TEST

static struct afudp_lpm *overlapping(void)
{
	struct afudp_lpm *lpm = afudp_lpm_new();

	ck_assert_ptr_nonnull(lpm);
	/* Inserted shortest-last on purpose: order must not matter. */
	add(lpm, "10.1.2.3", 32, 0, "192.0.2.32", AFUDP_LPM_REPLACE);
	add(lpm, "10.1.2.0", 24, 0, "192.0.2.24", AFUDP_LPM_REPLACE);
	add(lpm, "10.1.0.0", 16, 0, "192.0.2.16", AFUDP_LPM_REPLACE);
	add(lpm, "10.0.0.0", 8, 0, "192.0.2.8", AFUDP_LPM_REPLACE);
	add(lpm, "0.0.0.0", 0, 0, "192.0.2.0", AFUDP_LPM_REPLACE);
	ck_assert_uint_eq(afudp_lpm_count(lpm), 5);
	return lpm;
}

START_TEST(test_lpm_longest)
{
	struct afudp_lpm *lpm = overlapping();

	ck_assert_uint_eq(lookup_gw(lpm, "10.1.2.3"), ip("192.0.2.32"));
	ck_assert_uint_eq(lookup_gw(lpm, "10.1.2.4"), ip("192.0.2.24"));
	ck_assert_uint_eq(lookup_gw(lpm, "10.1.2.255"), ip("192.0.2.24"));
	ck_assert_uint_eq(lookup_gw(lpm, "10.1.3.1"), ip("192.0.2.16"));
	ck_assert_uint_eq(lookup_gw(lpm, "10.1.255.255"), ip("192.0.2.16"));
	ck_assert_uint_eq(lookup_gw(lpm, "10.2.0.1"), ip("192.0.2.8"));
	ck_assert_uint_eq(lookup_gw(lpm, "10.255.255.255"), ip("192.0.2.8"));
	ck_assert_uint_eq(lookup_gw(lpm, "11.0.0.1"), ip("192.0.2.0"));
	ck_assert_uint_eq(lookup_gw(lpm, "9.255.255.255"), ip("192.0.2.0"));
	afudp_lpm_destroy(lpm);
}
END_TEST

START_TEST(test_lpm_remove)
{
	struct afudp_lpm *lpm = overlapping();

	ck_assert_int_eq(del(lpm, "10.1.2.0", 24, 0, "192.0.2.24"),
			 AFUDP_LPM_DEL_DONE);
	ck_assert_uint_eq(lookup_gw(lpm, "10.1.2.4"), ip("192.0.2.16"));
	ck_assert_uint_eq(lookup_gw(lpm, "10.1.2.3"), ip("192.0.2.32"));
	ck_assert_int_eq(del(lpm, "10.1.0.0", 16, 0, "192.0.2.16"),
			 AFUDP_LPM_DEL_DONE);
	ck_assert_uint_eq(lookup_gw(lpm, "10.1.2.4"), ip("192.0.2.8"));
	ck_assert_int_eq(del(lpm, "10.1.2.3", 32, 0, "192.0.2.32"),
			 AFUDP_LPM_DEL_DONE);
	ck_assert_uint_eq(lookup_gw(lpm, "10.1.2.3"), ip("192.0.2.8"));
	ck_assert_int_eq(del(lpm, "10.0.0.0", 8, 0, "192.0.2.8"),
			 AFUDP_LPM_DEL_DONE);
	ck_assert_uint_eq(lookup_gw(lpm, "10.1.2.3"), ip("192.0.2.0"));
	ck_assert_int_eq(del(lpm, "0.0.0.0", 0, 0, "192.0.2.0"),
			 AFUDP_LPM_DEL_DONE);
	ck_assert_uint_eq(lookup_gw(lpm, "10.1.2.3"), 0);
	ck_assert_uint_eq(afudp_lpm_count(lpm), 0);
	/* Gone is gone; a length not present at all, too. */
	ck_assert_int_eq(del(lpm, "10.1.2.0", 24, 0, NULL), -ENOENT);
	ck_assert_int_eq(del(lpm, "10.1.2.0", 23, 0, NULL), -ENOENT);
	/* And the table is usable again. */
	add(lpm, "10.1.2.0", 24, 0, "192.0.2.99", AFUDP_LPM_REPLACE);
	ck_assert_uint_eq(lookup_gw(lpm, "10.1.2.3"), ip("192.0.2.99"));
	afudp_lpm_destroy(lpm);
}
END_TEST

START_TEST(test_lpm_host32)
{
	struct afudp_lpm *lpm = afudp_lpm_new();
	const struct afudp_route *r;
	struct afudp_route bad = mkroute("10.0.0.0", 33, 0, NULL);

	add(lpm, "10.9.9.9", 32, 0, "192.0.2.1", AFUDP_LPM_REPLACE);
	ck_assert_uint_eq(lookup_gw(lpm, "10.9.9.9"), ip("192.0.2.1"));
	ck_assert_uint_eq(lookup_gw(lpm, "10.9.9.8"), 0);
	ck_assert_uint_eq(lookup_gw(lpm, "10.9.9.10"), 0);

	/* Host bits of dst are cleared on insert. */
	add(lpm, "10.1.2.3", 24, 0, "192.0.2.2", AFUDP_LPM_REPLACE);
	rcu_read_lock();
	r = afudp_lpm_exact(lpm, ip("10.1.2.0"), 24);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(r->dst, ip("10.1.2.0"));
	ck_assert_uint_eq(r->len, 24);
	ck_assert_ptr_null(afudp_lpm_exact(lpm, ip("10.1.2.0"), 25));
	rcu_read_unlock();
	ck_assert_int_eq(del(lpm, "10.1.2.77", 24, 0, NULL),
			 AFUDP_LPM_DEL_DONE);

	ck_assert_int_eq(afudp_lpm_add(lpm, &bad, AFUDP_LPM_REPLACE), -EINVAL);
	ck_assert_uint_eq(afudp_lpm_count(lpm), 1);
	afudp_lpm_destroy(lpm);
}
END_TEST

START_TEST(test_lpm_metric)
{
	struct afudp_lpm *lpm = afudp_lpm_new();

	add(lpm, "10.0.0.0", 8, 100, "192.0.2.100", AFUDP_LPM_REPLACE);
	add(lpm, "10.0.0.0", 8, 50, "192.0.2.50", AFUDP_LPM_REPLACE);
	add(lpm, "10.0.0.0", 8, 200, "192.0.2.200", AFUDP_LPM_REPLACE);
	ck_assert_uint_eq(afudp_lpm_count(lpm), 3);
	ck_assert_uint_eq(lookup_gw(lpm, "10.1.1.1"), ip("192.0.2.50"));

	/* Same metric replaces; the count stays. */
	add(lpm, "10.0.0.0", 8, 200, "192.0.2.201", AFUDP_LPM_REPLACE);
	ck_assert_uint_eq(afudp_lpm_count(lpm), 3);

	/* Deleting the best falls back to the next metric, not further. */
	ck_assert_int_eq(del(lpm, "10.0.0.0", 8, 50, "192.0.2.50"),
			 AFUDP_LPM_DEL_DONE);
	ck_assert_uint_eq(lookup_gw(lpm, "10.1.1.1"), ip("192.0.2.100"));
	/* Deleting a worse one leaves the best alone. */
	ck_assert_int_eq(del(lpm, "10.0.0.0", 8, 201, NULL), -ENOENT);
	ck_assert_int_eq(del(lpm, "10.0.0.0", 8, 200, "192.0.2.201"),
			 AFUDP_LPM_DEL_DONE);
	ck_assert_uint_eq(lookup_gw(lpm, "10.1.1.1"), ip("192.0.2.100"));
	ck_assert_int_eq(del(lpm, "10.0.0.0", 8, 100, "192.0.2.100"),
			 AFUDP_LPM_DEL_DONE);
	ck_assert_uint_eq(lookup_gw(lpm, "10.1.1.1"), 0);
	ck_assert_uint_eq(afudp_lpm_count(lpm), 0);

	/* A better metric on a shorter prefix does not beat a longer one. */
	add(lpm, "10.0.0.0", 8, 0, "192.0.2.8", AFUDP_LPM_REPLACE);
	add(lpm, "10.1.0.0", 16, 1000, "192.0.2.16", AFUDP_LPM_REPLACE);
	ck_assert_uint_eq(lookup_gw(lpm, "10.1.1.1"), ip("192.0.2.16"));
	afudp_lpm_destroy(lpm);
}
END_TEST

START_TEST(test_lpm_alias)
{
	struct afudp_lpm *lpm = afudp_lpm_new();
	const struct afudp_route *r;
	uint8_t flags;

	add(lpm, "10.0.0.0", 8, 0, "192.0.2.1", AFUDP_LPM_REPLACE);
	/* Identical add: nothing changes. */
	add(lpm, "10.0.0.0", 8, 0, "192.0.2.1", AFUDP_LPM_REPLACE);
	ck_assert_uint_eq(afudp_lpm_count(lpm), 1);

	/* `ip route append`: the kernel keeps using the first. */
	add(lpm, "10.0.0.0", 8, 0, "192.0.2.2", AFUDP_LPM_APPEND);
	ck_assert_uint_eq(lookup_gw(lpm, "10.1.1.1"), ip("192.0.2.1"));
	ck_assert_uint_eq(afudp_lpm_count(lpm), 1);
	rcu_read_lock();
	r = afudp_lpm_lookup(lpm, ip("10.1.1.1"));
	flags = r->flags;
	rcu_read_unlock();
	ck_assert(flags & AFUDP_ROUTE_F_ALIASED);

	/* The hidden alias goes: ours stays. */
	ck_assert_int_eq(del(lpm, "10.0.0.0", 8, 0, "192.0.2.2"),
			 AFUDP_LPM_DEL_KEPT);
	ck_assert_uint_eq(lookup_gw(lpm, "10.1.1.1"), ip("192.0.2.1"));

	/* `ip route prepend`: the new one is used. */
	add(lpm, "10.0.0.0", 8, 0, "192.0.2.3", AFUDP_LPM_PREPEND);
	ck_assert_uint_eq(lookup_gw(lpm, "10.1.1.1"), ip("192.0.2.3"));
	/* Deleting the used one of aliases: the caller must re-dump. */
	ck_assert_int_eq(del(lpm, "10.0.0.0", 8, 0, "192.0.2.3"),
			 AFUDP_LPM_DEL_RESYNC);
	ck_assert_uint_eq(lookup_gw(lpm, "10.1.1.1"), 0);
	afudp_lpm_destroy(lpm);
}
END_TEST

/* ---- IPv6 LPM --------------------------------------------------------- */

static struct in6_addr ip6(const char *s)
{
	struct in6_addr a;

	ck_assert_msg(inet_pton(AF_INET6, s, &a) == 1, "bad address %s", s);
	return a;
}

static struct afudp_route mkroute6(const char *dst, unsigned int len,
				   uint32_t prio, int oif, const char *gw)
{
	struct afudp_route r;

	memset(&r, 0, sizeof(r));
	r.len = len;
	r.type = RTN_UNICAST;
	r.table = RT_TABLE_MAIN;
	r.priority = prio;
	r.oif = oif;
	r.dst6 = ip6(dst);
	if (gw)
		r.gw6 = ip6(gw);
	return r;
}

/* The route afudp_lpm_lookup6() picks: "gw@oif", "-@oif" or "none". */
static const char *lookup6(struct afudp_lpm *lpm, const char *addr, int oif,
			   char *buf, size_t len)
{
	const struct afudp_route *r;
	struct in6_addr a = ip6(addr);
	char g[INET6_ADDRSTRLEN];

	rcu_read_lock();
	r = afudp_lpm_lookup6(lpm, &a, oif);
	if (!r)
		snprintf(buf, len, "none");
	else if (IN6_IS_ADDR_UNSPECIFIED(&r->gw6))
		snprintf(buf, len, "-@%d", r->oif);
	else
		snprintf(buf, len, "%s@%d",
			 inet_ntop(AF_INET6, &r->gw6, g, sizeof(g)), r->oif);
	rcu_read_unlock();
	return buf;
}

static void add6(struct afudp_lpm *lpm, const char *dst, unsigned int len,
		 uint32_t prio, int oif, const char *gw)
{
	struct afudp_route r = mkroute6(dst, len, prio, oif, gw);

	ck_assert_int_eq(afudp_lpm_add(lpm, &r, AFUDP_LPM_APPEND), 0);
}

static int del6(struct afudp_lpm *lpm, const char *dst, unsigned int len,
		uint32_t prio, int oif, const char *gw)
{
	struct afudp_route r = mkroute6(dst, len, prio, oif, gw);

	return afudp_lpm_del(lpm, &r);
}

START_TEST(test_lpm6_longest)
{
	struct afudp_lpm *lpm = afudp_lpm_new6();
	struct afudp_route r;
	char b[64];

	ck_assert_ptr_nonnull(lpm);
	ck_assert_str_eq(lookup6(lpm, "2001:db8::1", 0, b, sizeof(b)), "none");
	add6(lpm, "::", 0, 1024, 2, "fe80::1");
	add6(lpm, "2001:db8::", 32, 256, 2, "fe80::2");
	add6(lpm, "2001:db8:1::", 48, 256, 2, NULL);
	/* Host bits are cleared: this is 2001:db8:1:2::/64. */
	add6(lpm, "2001:db8:1:2:ffff::", 64, 256, 2, "fe80::3");
	add6(lpm, "2001:db8:1:2::77", 128, 256, 2, "fe80::4");
	/* A length that is not a multiple of 8, past the first word. */
	add6(lpm, "2001:db8:1:3:8000::", 65, 256, 2, "fe80::5");
	ck_assert_uint_eq(afudp_lpm_count(lpm), 6);

	ck_assert_str_eq(lookup6(lpm, "3fff::1", 0, b, sizeof(b)),
			 "fe80::1@2");
	ck_assert_str_eq(lookup6(lpm, "2001:db8:9::1", 0, b, sizeof(b)),
			 "fe80::2@2");
	ck_assert_str_eq(lookup6(lpm, "2001:db8:1:9::1", 0, b, sizeof(b)),
			 "-@2");
	ck_assert_str_eq(lookup6(lpm, "2001:db8:1:2::1", 0, b, sizeof(b)),
			 "fe80::3@2");
	ck_assert_str_eq(lookup6(lpm, "2001:db8:1:2::77", 0, b, sizeof(b)),
			 "fe80::4@2");
	ck_assert_str_eq(lookup6(lpm, "2001:db8:1:3:8000::1", 0, b,
				 sizeof(b)), "fe80::5@2");
	ck_assert_str_eq(lookup6(lpm, "2001:db8:1:3:7fff::1", 0, b,
				 sizeof(b)), "-@2");
	r = mkroute6("2001:db8:1:2::", 64, 256, 2, "fe80::3");
	rcu_read_lock();
	ck_assert_ptr_nonnull(afudp_lpm_exact6(lpm, &r.dst6, 64));
	ck_assert_ptr_null(afudp_lpm_exact6(lpm, &r.dst6, 63));
	rcu_read_unlock();

	ck_assert_int_eq(del6(lpm, "2001:db8:1:2::", 64, 256, 2, "fe80::3"),
			 AFUDP_LPM_DEL_DONE);
	ck_assert_str_eq(lookup6(lpm, "2001:db8:1:2::1", 0, b, sizeof(b)),
			 "-@2");
	ck_assert_int_eq(del6(lpm, "2001:db8:1:2::", 64, 256, 2, "fe80::3"),
			 -ENOENT);
	r = mkroute6("2001:db8::", 129, 0, 2, NULL);
	ck_assert_int_eq(afudp_lpm_add(lpm, &r, AFUDP_LPM_APPEND), -EINVAL);
	afudp_lpm_destroy(lpm);
}
END_TEST

/*
 * IPv6 keeps routes of one prefix and metric apart by interface and
 * gateway: every link has its fe80::/64, and a scope id picks its own.
 */
START_TEST(test_lpm6_oif)
{
	struct afudp_lpm *lpm = afudp_lpm_new6();
	char b[64];

	add6(lpm, "fe80::", 64, 256, 2, NULL);
	add6(lpm, "fe80::", 64, 256, 3, NULL);
	add6(lpm, "fe80::", 64, 256, 3, NULL); /* again: no change */
	add6(lpm, "::", 0, 1024, 4, "fe80::9");
	ck_assert_uint_eq(afudp_lpm_count(lpm), 3);
	ck_assert_str_eq(lookup6(lpm, "fe80::1", 0, b, sizeof(b)), "-@2");
	ck_assert_str_eq(lookup6(lpm, "fe80::1", 2, b, sizeof(b)), "-@2");
	ck_assert_str_eq(lookup6(lpm, "fe80::1", 3, b, sizeof(b)), "-@3");
	/* No fe80::/64 through 4: the default route through 4. */
	ck_assert_str_eq(lookup6(lpm, "fe80::1", 4, b, sizeof(b)),
			 "fe80::9@4");
	ck_assert_str_eq(lookup6(lpm, "fe80::1", 5, b, sizeof(b)), "none");

	/* A lower metric goes first; equal metrics keep their order. */
	add6(lpm, "fe80::", 64, 100, 3, NULL);
	ck_assert_str_eq(lookup6(lpm, "fe80::1", 0, b, sizeof(b)), "-@3");
	ck_assert_int_eq(del6(lpm, "fe80::", 64, 100, 3, NULL),
			 AFUDP_LPM_DEL_DONE);
	/* ECMP siblings: same metric, other gateways. */
	add6(lpm, "2001:db8::", 32, 1024, 2, "fe80::a");
	add6(lpm, "2001:db8::", 32, 1024, 2, "fe80::b");
	ck_assert_str_eq(lookup6(lpm, "2001:db8::1", 0, b, sizeof(b)),
			 "fe80::a@2");
	ck_assert_int_eq(del6(lpm, "2001:db8::", 32, 1024, 2, "fe80::c"),
			 -ENOENT);
	ck_assert_int_eq(del6(lpm, "2001:db8::", 32, 1024, 2, "fe80::a"),
			 AFUDP_LPM_DEL_DONE);
	ck_assert_str_eq(lookup6(lpm, "2001:db8::1", 0, b, sizeof(b)),
			 "fe80::b@2");
	ck_assert_int_eq(del6(lpm, "fe80::", 64, 256, 2, NULL),
			 AFUDP_LPM_DEL_DONE);
	ck_assert_str_eq(lookup6(lpm, "fe80::1", 0, b, sizeof(b)), "-@3");
	ck_assert_uint_eq(afudp_lpm_count(lpm), 3);
	afudp_lpm_destroy(lpm);
}
END_TEST

START_TEST(test_neigh6)
{
	struct afudp_neigh_table *t = afudp_neigh_table_new6();
	struct afudp_neigh n = {
		.state = NUD_REACHABLE,
		.lladdr_len = 6,
		.lladdr = { 0x02, 0, 0, 0, 0, 0x66 },
	};
	struct in6_addr other = ip6("fe80::2");
	const struct afudp_neigh *p;

	ck_assert_ptr_nonnull(t);
	n.addr6 = ip6("fe80::1");
	ck_assert_int_eq(afudp_neigh_set(t, &n), 0);
	n.addr6 = ip6("2001:db8::1");
	n.lladdr[5] = 0x67;
	ck_assert_int_eq(afudp_neigh_set(t, &n), 0);
	ck_assert_uint_eq(afudp_neigh_count(t), 2);
	rcu_read_lock();
	p = afudp_neigh_lookup6(t, &n.addr6);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->lladdr[5], 0x67);
	ck_assert_ptr_null(afudp_neigh_lookup6(t, &other));
	rcu_read_unlock();
	n.state = NUD_STALE;
	ck_assert_int_eq(afudp_neigh_set(t, &n), 0);
	ck_assert_uint_eq(afudp_neigh_count(t), 2);
	rcu_read_lock();
	ck_assert_uint_eq(afudp_neigh_lookup6(t, &n.addr6)->state, NUD_STALE);
	rcu_read_unlock();
	ck_assert_int_eq(afudp_neigh_del6(t, &n.addr6), 0);
	ck_assert_int_eq(afudp_neigh_del6(t, &n.addr6), -ENOENT);
	ck_assert_uint_eq(afudp_neigh_count(t), 1);
	afudp_neigh_table_destroy(t);
}
END_TEST

/* ---- neighbours ------------------------------------------------------- */

static struct afudp_neigh mkneigh(const char *addr, uint16_t state,
				  uint8_t mac_last)
{
	struct afudp_neigh n = {
		.state = state,
		.lladdr_len = 6,
		.lladdr = { 0x02, 0, 0, 0, 0, mac_last },
	};

	n.addr = ip(addr);
	return n;
}

START_TEST(test_neigh_basic)
{
	struct afudp_neigh_table *t = afudp_neigh_table_new();
	struct afudp_neigh n = mkneigh("10.0.0.2", NUD_REACHABLE, 0x22);
	const struct afudp_neigh *p;
	struct afudp_neigh copy;

	ck_assert_ptr_nonnull(t);
	rcu_read_lock();
	ck_assert_ptr_null(afudp_neigh_lookup(t, n.addr));
	rcu_read_unlock();

	ck_assert_int_eq(afudp_neigh_set(t, &n), 0);
	ck_assert_uint_eq(afudp_neigh_count(t), 1);
	rcu_read_lock();
	p = afudp_neigh_lookup(t, n.addr);
	ck_assert_ptr_nonnull(p);
	copy = *p;
	rcu_read_unlock();
	ck_assert_mem_eq(copy.lladdr, n.lladdr, 6);
	ck_assert_uint_eq(copy.state, NUD_REACHABLE);
	ck_assert(afudp_neigh_usable(&copy));

	/* Replace: new content, one entry. */
	n = mkneigh("10.0.0.2", NUD_STALE, 0x23);
	ck_assert_int_eq(afudp_neigh_set(t, &n), 0);
	ck_assert_uint_eq(afudp_neigh_count(t), 1);
	rcu_read_lock();
	copy = *afudp_neigh_lookup(t, n.addr);
	rcu_read_unlock();
	ck_assert_uint_eq(copy.lladdr[5], 0x23);
	ck_assert_uint_eq(copy.state, NUD_STALE);

	/* Identical set: no-op. Another address: independent. */
	ck_assert_int_eq(afudp_neigh_set(t, &n), 0);
	n = mkneigh("10.0.0.3", NUD_PERMANENT, 0x33);
	ck_assert_int_eq(afudp_neigh_set(t, &n), 0);
	ck_assert_uint_eq(afudp_neigh_count(t), 2);

	ck_assert_int_eq(afudp_neigh_del(t, ip("10.0.0.2")), 0);
	ck_assert_int_eq(afudp_neigh_del(t, ip("10.0.0.2")), -ENOENT);
	ck_assert_uint_eq(afudp_neigh_count(t), 1);
	rcu_read_lock();
	ck_assert_ptr_null(afudp_neigh_lookup(t, ip("10.0.0.2")));
	ck_assert_ptr_nonnull(afudp_neigh_lookup(t, ip("10.0.0.3")));
	rcu_read_unlock();
	afudp_neigh_table_destroy(t);
}
END_TEST

START_TEST(test_neigh_states)
{
	static const struct {
		uint16_t state;
		bool usable;
	} cases[] = {
		{ NUD_REACHABLE, true },  { NUD_STALE, true },
		{ NUD_DELAY, true },	  { NUD_PROBE, true },
		{ NUD_PERMANENT, true },  { NUD_NOARP, true },
		{ NUD_INCOMPLETE, false }, { NUD_FAILED, false },
		{ NUD_NONE, false },
	};
	struct afudp_neigh_table *t = afudp_neigh_table_new();
	struct afudp_neigh n, copy;
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = mkneigh("10.0.0.9", cases[i].state, i);
		ck_assert_int_eq(afudp_neigh_set(t, &n), 0);
		rcu_read_lock();
		copy = *afudp_neigh_lookup(t, n.addr);
		rcu_read_unlock();
		ck_assert_msg(afudp_neigh_usable(&copy) == cases[i].usable,
			      "state %#x", cases[i].state);
	}
	/* Usable state without a link-layer address is not usable. */
	n = mkneigh("10.0.0.9", NUD_REACHABLE, 1);
	n.lladdr_len = 0;
	ck_assert_int_eq(afudp_neigh_set(t, &n), 0);
	rcu_read_lock();
	ck_assert(!afudp_neigh_usable(afudp_neigh_lookup(t, n.addr)));
	rcu_read_unlock();
	ck_assert(!afudp_neigh_usable(NULL));
	ck_assert_uint_eq(afudp_neigh_count(t), 1);
	afudp_neigh_table_destroy(t);
}
END_TEST

/* ---- RCU under a concurrent writer ------------------------------------ */

#define CONC_KEYS	32
#define CONC_READERS	2

/*
 * Every version of an entry written below is self-describing: all bytes of
 * the lladdr equal one value v, and the state (and flags) are functions of
 * v; a route's oif, mtu and prefsrc are functions of its gateway. A reader
 * that ever sees a mix of two versions, or freed memory, notices (and ASan
 * or valgrind see the latter too).
 */
static const uint16_t conc_states[] = {
	NUD_REACHABLE, NUD_STALE, NUD_DELAY, NUD_PROBE, NUD_PERMANENT,
	NUD_INCOMPLETE, NUD_FAILED,
};

struct conc {
	struct afudp_neigh_table *neigh;
	struct afudp_lpm *lpm;
	int stop;
	unsigned long writes;
	unsigned long seen[CONC_READERS];
	unsigned long torn[CONC_READERS];
	unsigned long missing[CONC_READERS];
	int idx;
};

static __be32 conc_naddr(unsigned int k)
{
	return htonl(0x0a000000 | (k + 1));
}

static struct afudp_neigh conc_neigh(unsigned int k, uint32_t gen)
{
	uint8_t v = (uint8_t)(gen * 7 + k);
	struct afudp_neigh n = {
		.addr = conc_naddr(k),
		.state = conc_states[v % 7],
		.flags = (uint8_t)~v,
		.lladdr_len = 6,
	};

	memset(n.lladdr, v, 6);
	return n;
}

static struct afudp_route conc_route(unsigned int k, unsigned int len,
				     uint32_t prio, uint32_t gen)
{
	uint32_t g = 0xc0000000 | ((gen << 8 | k) & 0x3fffffff);
	struct afudp_route r = {
		.dst = htonl(0x0a000000 | k << 16),
		.len = len,
		.type = RTN_UNICAST,
		.table = RT_TABLE_MAIN,
		.priority = prio,
		.oif = (int)(g & 0xffff),
		.gw = htonl(g),
		.prefsrc = htonl(~g),
		.mtu = g ^ 0x5a5a5a5a,
	};

	return r;
}

static bool conc_route_ok(const struct afudp_route *r, unsigned int k)
{
	uint32_t g = ntohl(r->gw);

	return r->oif == (int)(g & 0xffff) && r->prefsrc == htonl(~g) &&
	       r->mtu == (g ^ 0x5a5a5a5a) && (g & 0xff) == k &&
	       r->dst == htonl(0x0a000000 | k << 16 |
			       (r->len == 24 ? 5 << 8 : 0)) &&
	       (r->len == 16 || r->len == 24);
}

static void *conc_writer(void *arg)
{
	struct conc *c = arg;
	struct afudp_neigh n;
	struct afudp_route r;
	uint32_t gen;
	unsigned int k;
	int ret;

	rcu_register_thread();
	for (gen = 1; !__atomic_load_n(&c->stop, __ATOMIC_RELAXED); gen++) {
		for (k = 0; k < CONC_KEYS; k++) {
			n = conc_neigh(k, gen);
			/* Even keys are only ever replaced, never absent. */
			if (k & 1 && (gen + k) % 3 == 0)
				ret = afudp_neigh_del(c->neigh, n.addr);
			else
				ret = afudp_neigh_set(c->neigh, &n);
			(void)ret;

			/* The /16 always exists (metric 10 or 20, or both). */
			r = conc_route(k, 16, 10 + 10 * (gen & 1), gen);
			afudp_lpm_add(c->lpm, &r, AFUDP_LPM_REPLACE);
			r = conc_route(k, 16, 10 + 10 * !(gen & 1), gen);
			if (gen % 5 == 0)
				afudp_lpm_del(c->lpm, &r);
			/* The /24 inside comes and goes. */
			r = conc_route(k, 24, 0, gen);
			r.dst = htonl(0x0a000000 | k << 16 | 5 << 8);
			if ((gen + k) & 1)
				afudp_lpm_add(c->lpm, &r, AFUDP_LPM_REPLACE);
			else
				afudp_lpm_del(c->lpm, &r);
			__atomic_fetch_add(&c->writes, 1, __ATOMIC_RELAXED);
		}
	}
	rcu_barrier();
	rcu_unregister_thread();
	return NULL;
}

static void *conc_reader(void *arg)
{
	struct conc *c = arg;
	int me = __atomic_fetch_add(&c->idx, 1, __ATOMIC_RELAXED);
	const struct afudp_neigh *n;
	const struct afudp_route *r;
	unsigned long seen = 0, torn = 0, missing = 0;
	unsigned int k, i;

	rcu_register_thread();
	while (!__atomic_load_n(&c->stop, __ATOMIC_RELAXED)) {
		for (k = 0; k < CONC_KEYS; k++) {
			rcu_read_lock();
			n = afudp_neigh_lookup(c->neigh, conc_naddr(k));
			if (n) {
				uint8_t v = n->lladdr[0], nv = ~v;

				seen++;
				for (i = 1; i < 6; i++)
					if (n->lladdr[i] != v)
						torn++;
				if (n->state != conc_states[v % 7] ||
				    n->flags != nv ||
				    n->lladdr_len != 6 ||
				    n->addr != conc_naddr(k))
					torn++;
			} else if (!(k & 1)) {
				missing++;
			}
			r = afudp_lpm_lookup(c->lpm,
					     htonl(0x0a000000 | k << 16 |
						   5 << 8 | 1));
			if (!r)
				missing++;
			else if (!conc_route_ok(r, k))
				torn++;
			rcu_read_unlock();
		}
	}
	c->seen[me] = seen;
	c->torn[me] = torn;
	c->missing[me] = missing;
	rcu_unregister_thread();
	return NULL;
}

START_TEST(test_rcu_concurrent)
{
	struct conc c = { 0 };
	pthread_t w, rd[CONC_READERS];
	struct timespec ts = { .tv_sec = 1 };
	int i;

	c.neigh = afudp_neigh_table_new();
	c.lpm = afudp_lpm_new();
	ck_assert_ptr_nonnull(c.neigh);
	ck_assert_ptr_nonnull(c.lpm);
	/* Seed the always-present entries before readers start. */
	for (i = 0; i < CONC_KEYS; i++) {
		struct afudp_neigh n = conc_neigh(i, 0);
		struct afudp_route r = conc_route(i, 16, 10, 0);

		ck_assert_int_eq(afudp_neigh_set(c.neigh, &n), 0);
		ck_assert_int_eq(afudp_lpm_add(c.lpm, &r, AFUDP_LPM_REPLACE),
				 0);
	}

	ck_assert_int_eq(pthread_create(&w, NULL, conc_writer, &c), 0);
	for (i = 0; i < CONC_READERS; i++)
		ck_assert_int_eq(pthread_create(&rd[i], NULL, conc_reader, &c),
				 0);
	nanosleep(&ts, NULL);
	__atomic_store_n(&c.stop, 1, __ATOMIC_RELAXED);
	pthread_join(w, NULL);
	for (i = 0; i < CONC_READERS; i++)
		pthread_join(rd[i], NULL);

	ck_assert_uint_gt(c.writes, 0);
	for (i = 0; i < CONC_READERS; i++) {
		ck_assert_uint_gt(c.seen[i], 0);
		ck_assert_msg(c.torn[i] == 0, "reader %d saw %lu torn entries",
			      i, c.torn[i]);
		ck_assert_msg(c.missing[i] == 0,
			      "reader %d missed %lu always-present entries", i,
			      c.missing[i]);
	}
	afudp_neigh_table_destroy(c.neigh);
	afudp_lpm_destroy(c.lpm);
}
END_TEST

/* ---- the mirror ------------------------------------------------------- */

struct logbuf {
	pthread_mutex_t lock;
	int errors;
	char last[256];
};

static void test_log(void *ctx, int level, const char *msg)
{
	struct logbuf *lb = ctx;

	if (level <= LOG_WARNING)
		fprintf(stderr, "route log <%d>: %s\n", level, msg);
	if (!lb)
		return;
	pthread_mutex_lock(&lb->lock);
	if (level <= LOG_ERR)
		lb->errors++;
	snprintf(lb->last, sizeof(lb->last), "%s", msg);
	pthread_mutex_unlock(&lb->lock);
}

struct lo_result {
	bool skip;
	char why[128];
	int fails;
	char first[256];
};

static void note_fail(struct lo_result *res, const char *fmt, ...)
{
	va_list ap;

	if (res->fails++)
		return;
	va_start(ap, fmt);
	vsnprintf(res->first, sizeof(res->first), fmt, ap);
	va_end(ap);
}

#define EXPECT(res, cond, ...)                                                \
	do {                                                                  \
		if (!(cond))                                                  \
			note_fail(res, __VA_ARGS__);                          \
	} while (0)

static void *lo_thread(void *arg)
{
	struct lo_result *res = arg;
	struct afudp_rt_result rr;
	struct afudp_rt_stats st;
	struct afudp_rt_link link;
	struct afudp_rt *rt;
	__be32 addrs[16];
	bool found = false;
	int i, n, v;

	rt = afudp_rt_open(1, test_log, NULL);
	if (!rt) {
		res->skip = true;
		snprintf(res->why, sizeof(res->why), "afudp_rt_open(lo): %s",
			 strerror(errno));
		return NULL;
	}
	n = afudp_rt_addrs(rt, addrs, 16);
	for (i = 0; i < n && i < 16; i++)
		found |= addrs[i] == htonl(INADDR_LOOPBACK);
	if (!found) {
		res->skip = true;
		snprintf(res->why, sizeof(res->why),
			 "lo has no 127.0.0.1 in this namespace");
		afudp_rt_close(rt);
		return NULL;
	}

	v = afudp_rt_lookup(rt, htonl(INADDR_LOOPBACK), &rr);
	EXPECT(res, v == AFUDP_RT_LOCAL, "127.0.0.1: verdict %d", v);
	EXPECT(res, rr.saddr == htonl(INADDR_LOOPBACK), "127.0.0.1: saddr");
	v = afudp_rt_lookup(rt, ip("127.1.2.3"), &rr);
	EXPECT(res, v == AFUDP_RT_LOCAL, "127.1.2.3: verdict %d", v);
	EXPECT(res, afudp_rt_is_local(rt, htonl(INADDR_LOOPBACK)),
	       "is_local(127.0.0.1)");
	EXPECT(res, !afudp_rt_is_local(rt, ip("127.255.255.255")),
	       "is_local(127.255.255.255): a broadcast address");
	v = afudp_rt_lookup(rt, ip("224.0.0.1"), &rr);
	EXPECT(res, v == AFUDP_RT_NOT_UNICAST, "224.0.0.1: verdict %d", v);
	v = afudp_rt_lookup(rt, ip("239.255.255.250"), &rr);
	EXPECT(res, v == AFUDP_RT_NOT_UNICAST, "239.x: verdict %d", v);
	v = afudp_rt_lookup(rt, 0, &rr);
	EXPECT(res, v == AFUDP_RT_NOT_UNICAST, "0.0.0.0: verdict %d", v);
	v = afudp_rt_lookup(rt, 0xffffffff, &rr);
	EXPECT(res, v == AFUDP_RT_NOT_UNICAST, "bcast: verdict %d", v);
	v = afudp_rt_lookup(rt, ip("127.255.255.255"), &rr);
	EXPECT(res, v == AFUDP_RT_NOT_UNICAST, "127 bcast: verdict %d", v);

	afudp_rt_link(rt, &link);
	EXPECT(res, link.ifindex == 1, "link ifindex %d", link.ifindex);
	EXPECT(res, link.mtu > 0, "link mtu 0");
	EXPECT(res, link.addr == htonl(INADDR_LOOPBACK), "link addr");
	EXPECT(res, link.prefixlen == 8, "link prefixlen %u", link.prefixlen);

	afudp_rt_get_stats(rt, &st);
	EXPECT(res, st.routes >= 2, "routes %lu", (unsigned long)st.routes);
	EXPECT(res, st.addrs >= 1, "addrs %lu", (unsigned long)st.addrs);
	EXPECT(res, st.redumps == 0, "redumps %lu",
	       (unsigned long)st.redumps);
	afudp_rt_close(rt);
	return NULL;
}

START_TEST(test_rt_loopback)
{
	struct lo_result res = { 0 };
	pthread_t t;

	/* A thread of its own: see the file comment about registration. */
	ck_assert_int_eq(pthread_create(&t, NULL, lo_thread, &res), 0);
	pthread_join(t, NULL);
	if (res.skip) {
		fprintf(stderr, "# SKIP test_rt_loopback: %s\n", res.why);
		return;
	}
	ck_assert_msg(res.fails == 0, "%d failures, first: %s", res.fails,
		      res.first);
}
END_TEST

static void *bad_thread(void *arg)
{
	int *errs = arg;

	errno = 0;
	if (afudp_rt_open(0, NULL, NULL) == NULL)
		errs[0] = errno;
	errno = 0;
	if (afudp_rt_open(-5, NULL, NULL) == NULL)
		errs[1] = errno;
	errno = 0;
	/* An ifindex no interface has (they are allocated upwards). */
	if (afudp_rt_open(0x7ffffff0, NULL, NULL) == NULL)
		errs[2] = errno;
	afudp_rt_close(NULL);
	return NULL;
}

START_TEST(test_rt_bad_args)
{
	int errs[3] = { -1, -1, -1 };
	pthread_t t;

	ck_assert_int_eq(pthread_create(&t, NULL, bad_thread, errs), 0);
	pthread_join(t, NULL);
	ck_assert_int_eq(errs[0], EINVAL);
	ck_assert_int_eq(errs[1], EINVAL);
	/* Unprivileged sandboxes may refuse netlink itself. */
	if (errs[2] != EPERM && errs[2] != EACCES && errs[2] != EAFNOSUPPORT)
		ck_assert_int_eq(errs[2], ENODEV);
}
END_TEST

/*
 * The live test: namespaces A and B joined by veth afv0 (A, 10.77.0.1) and
 * afv1 (B, 10.77.0.2). The mirror runs in A (its sockets are opened by a
 * thread that entered A with setns(), which affects only that thread).
 */
struct ns_test {
	char a[32], b[32];
	struct lo_result res;
	int addr_cb_calls;
};

static int sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int ret;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	ret = system(cmd);
	return ret == 0 ? 0 : -1;
}

static void ns_addr_cb(void *ctx)
{
	struct ns_test *t = ctx;

	__atomic_fetch_add(&t->addr_cb_calls, 1, __ATOMIC_RELAXED);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Poll a lookup until it gives @want (through next hop @nh, unless 0) or
 * 3 s pass; returns the last verdict.
 */
static int wait_nh(struct afudp_rt *rt, const char *dst, int want, __be32 nh,
		   struct afudp_rt_result *rr)
{
	double end = now_s() + 3;
	struct timespec ms10 = { .tv_nsec = 10000000 };
	int v;

	for (;;) {
		v = afudp_rt_lookup(rt, ip(dst), rr);
		if ((v == want && (!nh || rr->nexthop == nh)) || now_s() > end)
			return v;
		nanosleep(&ms10, NULL);
	}
}

static int wait_verdict(struct afudp_rt *rt, const char *dst, int want,
			struct afudp_rt_result *rr)
{
	return wait_nh(rt, dst, want, 0, rr);
}

static bool wait_link(struct afudp_rt *rt, uint32_t mtu, int up)
{
	double end = now_s() + 3;
	struct timespec ms10 = { .tv_nsec = 10000000 };
	struct afudp_rt_link l;

	for (;;) {
		afudp_rt_link(rt, &l);
		if ((!mtu || l.mtu == mtu) && (up < 0 || l.up == up))
			return true;
		if (now_s() > end)
			return false;
		nanosleep(&ms10, NULL);
	}
}

/*
 * Has the generation moved from @old? The control thread moves it right
 * after the change that a lookup may already have seen: give it time.
 */
static bool wait_gen(struct afudp_rt *rt, uint64_t old)
{
	double end = now_s() + 3;
	struct timespec ms10 = { .tv_nsec = 10000000 };

	while (afudp_rt_gen(rt) == old) {
		if (now_s() > end)
			return false;
		nanosleep(&ms10, NULL);
	}
	return true;
}

/*
 * The test thread's start: enter namespace A (this thread only) and open
 * the mirror on afv0, *@ifindex its index. NULL (a failure noted) if not.
 */
static struct afudp_rt *ns_open(struct ns_test *t, int *ifindex)
{
	struct afudp_rt *rt;
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/run/netns/%s", t->a);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET) < 0) {
		note_fail(&t->res, "entering %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	close(fd);
	*ifindex = if_nametoindex("afv0");
	if (!*ifindex) {
		note_fail(&t->res, "no afv0 in %s", t->a);
		return NULL;
	}
	rt = afudp_rt_open(*ifindex, test_log, NULL);
	if (!rt)
		note_fail(&t->res, "afudp_rt_open: %s", strerror(errno));
	return rt;
}

/*
 * Namespaces A and B (names from @tag) joined by veth afv0 (A) and afv1
 * (B), configured by the shell command @setup (%1$s: A, %2$s: B), then
 * @fn on a thread of its own with the struct ns_test; torn down after.
 * Skipped without root or iproute2.
 */
static void ns_run(const char *tag, const char *setup, void *(*fn)(void *))
{
	struct ns_test t = { 0 };
	char cmd[1024];
	pthread_t th;

	if (geteuid() != 0 || sh("ip -V >/dev/null 2>&1")) {
		fprintf(stderr, "# SKIP %s: needs root and ip\n", tag);
		return;
	}
	snprintf(t.a, sizeof(t.a), "%s-a-%d", tag, (int)getpid());
	snprintf(t.b, sizeof(t.b), "%s-b-%d", tag, (int)getpid());
	snprintf(cmd, sizeof(cmd), setup, t.a, t.b);
	if (sh("ip netns add %s && ip netns add %s", t.a, t.b) ||
	    sh("ip -n %s link add afv0 type veth peer name afv1 netns %s",
	       t.a, t.b) ||
	    sh("%s", cmd)) {
		sh("ip netns del %s 2>/dev/null; ip netns del %s 2>/dev/null",
		   t.a, t.b);
		fprintf(stderr, "# SKIP %s: cannot build netns\n", tag);
		return;
	}
	ck_assert_int_eq(pthread_create(&th, NULL, fn, &t), 0);
	pthread_join(th, NULL);
	sh("ip netns del %s; ip netns del %s", t.a, t.b);
	ck_assert_msg(t.res.fails == 0, "%d failures, first: %s", t.res.fails,
		      t.res.first);
}

static void *ns_thread(void *arg)
{
	struct ns_test *t = arg;
	struct lo_result *res = &t->res;
	struct afudp_rt_result rr;
	struct afudp_rt_stats st;
	struct afudp_rt *rt;
	uint8_t mac50[6] = { 0x02, 0, 0, 0, 0, 0x50 };
	__be32 addrs[8];
	int ifindex, v, i, n;
	uint64_t gen = 0, g2 = 0;
	bool found;

	rt = ns_open(t, &ifindex);
	if (!rt)
		return NULL;
	afudp_rt_set_addr_cb(rt, ns_addr_cb, t);

	/* A miss asks the kernel to resolve: nothing else sends to .2. */
	v = afudp_rt_lookup(rt, ip("10.77.0.2"), &rr);
	EXPECT(res, v == AFUDP_RT_NO_NEIGH, "first lookup: verdict %d", v);
	EXPECT(res, rr.saddr == ip("10.77.0.1"), "saddr");
	v = wait_verdict(rt, "10.77.0.2", AFUDP_RT_FAST, &rr);
	EXPECT(res, v == AFUDP_RT_FAST, "NTF_USE did not resolve: %d", v);
	EXPECT(res, rr.dmac[0] | rr.dmac[1] | rr.dmac[5], "dmac zero");
	afudp_rt_get_stats(rt, &st);
	EXPECT(res, st.resolve_req >= 1, "no resolution request counted");
	EXPECT(res, st.neigh_miss >= 1, "no miss counted");

	/* Routes: add with an MTU, follow, delete. */
	sh("ip -n %s route add 10.99.0.0/16 via 10.77.0.2 mtu 1400", t->a);
	v = wait_verdict(rt, "10.99.1.1", AFUDP_RT_FAST, &rr);
	EXPECT(res, v == AFUDP_RT_FAST, "route add: verdict %d", v);
	EXPECT(res, rr.nexthop == ip("10.77.0.2"), "route add: nexthop");
	EXPECT(res, rr.mtu == 1400, "route mtu %u", rr.mtu);
	sh("ip -n %s route add 10.99.1.0/24 via 10.77.0.50 metric 5", t->a);
	sh("ip -n %s neigh add 10.77.0.50 lladdr 02:00:00:00:00:50 dev afv0",
	   t->a);
	v = wait_nh(rt, "10.99.1.1", AFUDP_RT_FAST, ip("10.77.0.50"), &rr);
	EXPECT(res, v == AFUDP_RT_FAST && rr.nexthop == ip("10.77.0.50") &&
			    !memcmp(rr.dmac, mac50, 6),
	       "longer route + permanent neighbour not followed");
	EXPECT(res, rr.mtu == 1500, "mtu %u", rr.mtu);
	/* A permanent neighbour's answer may be kept until the next change. */
	v = afudp_rt_lookup_gen(rt, ip("10.99.1.1"), &rr, &gen);
	EXPECT(res, v == AFUDP_RT_FAST && gen,
	       "lookup_gen: verdict %d gen %llu", v, (unsigned long long)gen);
	sh("ip -n %s neigh del 10.77.0.50 dev afv0", t->a);
	v = wait_verdict(rt, "10.99.1.1", AFUDP_RT_NO_NEIGH, &rr);
	EXPECT(res, v == AFUDP_RT_NO_NEIGH, "neigh del: verdict %d", v);
	EXPECT(res, wait_gen(rt, gen), "neigh del: generation kept");
	gen = afudp_rt_gen(rt);
	v = afudp_rt_lookup_gen(rt, ip("10.99.1.1"), &rr, &g2);
	EXPECT(res, v == AFUDP_RT_NO_NEIGH && !g2, "a miss is kept: %llu",
	       (unsigned long long)g2);
	sh("ip -n %s route del 10.99.1.0/24", t->a);
	sh("ip -n %s route del 10.99.0.0/16", t->a);
	v = wait_verdict(rt, "10.99.1.1", AFUDP_RT_UNREACH, &rr);
	EXPECT(res, v == AFUDP_RT_UNREACH, "route del: verdict %d", v);
	EXPECT(res, wait_gen(rt, gen), "route del: generation kept");

	/* MTU, down, up. */
	sh("ip -n %s link set afv0 mtu 1300", t->a);
	EXPECT(res, wait_link(rt, 1300, -1), "mtu change not followed");
	v = afudp_rt_lookup(rt, ip("10.77.0.2"), &rr);
	EXPECT(res, rr.mtu == 1300, "lookup mtu %u after change", rr.mtu);
	sh("ip -n %s link set afv0 down", t->a);
	EXPECT(res, wait_link(rt, 0, 0), "link down not followed");
	v = afudp_rt_lookup(rt, ip("10.77.0.2"), &rr);
	EXPECT(res, v == AFUDP_RT_LINK_DOWN || v == AFUDP_RT_UNREACH,
	       "lookup with link down: verdict %d", v);
	sh("ip -n %s link set afv0 up", t->a);
	EXPECT(res, wait_link(rt, 0, 1), "link up not followed");
	v = wait_verdict(rt, "10.77.0.2", AFUDP_RT_FAST, &rr);
	EXPECT(res, v == AFUDP_RT_FAST, "after link up: verdict %d", v);

	/* Addresses: the callback fires, the set follows. */
	sh("ip -n %s addr add 10.77.0.9/24 dev afv0", t->a);
	v = wait_verdict(rt, "10.77.0.9", AFUDP_RT_LOCAL, &rr);
	EXPECT(res, v == AFUDP_RT_LOCAL, "new address: verdict %d", v);
	for (i = 0; i < 300 && !__atomic_load_n(&t->addr_cb_calls, 0); i++)
		usleep(10000);
	EXPECT(res, __atomic_load_n(&t->addr_cb_calls, 0) > 0,
	       "no address callback");
	n = afudp_rt_addrs(rt, addrs, 8);
	found = false;
	for (i = 0; i < n && i < 8; i++)
		found |= addrs[i] == ip("10.77.0.9");
	EXPECT(res, found, "new address not in afudp_rt_addrs");

	afudp_rt_set_addr_cb(rt, NULL, NULL);
	afudp_rt_close(rt);
	return NULL;
}

START_TEST(test_rt_netns)
{
	ns_run("afrt",
	       "ip -n %1$s addr add 10.77.0.1/24 dev afv0 && "
	       "ip -n %2$s addr add 10.77.0.2/24 dev afv1 && "
	       "ip -n %1$s link set afv0 up && ip -n %2$s link set afv1 up && "
	       "ip -n %1$s link set lo up && ip -n %2$s link set lo up",
	       ns_thread);
}
END_TEST

/*
 * IPv6 on the same kind of bed: A's afv0 fd00:77::1/64 and fe80::a, B's
 * afv1 fd00:77::2/64 and fe80::b, no DAD (accept_dad=0) so the addresses
 * are usable at once; DAD is turned on for one duplicate address, which
 * must never be a source.
 */
static int wait_nh6(struct afudp_rt *rt, const char *dst, uint32_t scope,
		    int want, struct afudp_rt_result6 *rr)
{
	struct in6_addr d = ip6(dst);
	double end = now_s() + 3;
	struct timespec ms10 = { .tv_nsec = 10000000 };
	int v;

	for (;;) {
		v = afudp_rt_lookup6(rt, &d, scope, rr);
		if (v == want || now_s() > end)
			return v;
		nanosleep(&ms10, NULL);
	}
}

static bool addr6_eq(const struct in6_addr *a, const char *s)
{
	struct in6_addr b = ip6(s);

	return !memcmp(a, &b, sizeof(b));
}

static bool has_addr6(struct afudp_rt *rt, const char *s)
{
	struct in6_addr addrs[16];
	int i, n = afudp_rt_addrs6(rt, addrs, 16);

	for (i = 0; i < n && i < 16; i++)
		if (addr6_eq(&addrs[i], s))
			return true;
	return false;
}

/* The kernel's source for @d: a connected UDP socket's name. 0 or -1. */
static int kernel_src6(const struct in6_addr *d, uint32_t scope,
		       struct in6_addr *src)
{
	struct sockaddr_in6 sa = {
		.sin6_family = AF_INET6,
		.sin6_port = htons(9),
		.sin6_addr = *d,
		.sin6_scope_id = scope,
	};
	socklen_t len = sizeof(sa);
	int fd, ret = -1;

	fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (!connect(fd, (struct sockaddr *)&sa, sizeof(sa)) &&
	    !getsockname(fd, (struct sockaddr *)&sa, &len)) {
		*src = sa.sin6_addr;
		ret = 0;
	}
	close(fd);
	return ret;
}

static void *ns6_thread(void *arg)
{
	struct ns_test *t = arg;
	struct lo_result *res = &t->res;
	struct afudp_rt_result6 rr;
	struct afudp_rt_stats st;
	struct afudp_rt *rt;
	struct in6_addr d, ks;
	char sa[INET6_ADDRSTRLEN];
	int ifindex, v, i;
	uint64_t gen;

	rt = ns_open(t, &ifindex);
	if (!rt)
		return NULL;
	EXPECT(res, has_addr6(rt, "fd00:77::1") && has_addr6(rt, "fe80::a"),
	       "addresses not mirrored");

	/* On-link global: a miss asks for a solicitation, then FAST. */
	d = ip6("fd00:77::2");
	v = afudp_rt_lookup6(rt, &d, 0, &rr);
	EXPECT(res, v == AFUDP_RT_NO_NEIGH, "first lookup: verdict %d", v);
	EXPECT(res, addr6_eq(&rr.saddr, "fd00:77::1"), "saddr %s",
	       inet_ntop(AF_INET6, &rr.saddr, sa, sizeof(sa)));
	v = wait_nh6(rt, "fd00:77::2", 0, AFUDP_RT_FAST, &rr);
	EXPECT(res, v == AFUDP_RT_FAST, "NTF_USE did not resolve: %d", v);
	EXPECT(res, rr.dmac[0] | rr.dmac[1] | rr.dmac[5], "dmac zero");
	EXPECT(res, addr6_eq(&rr.nexthop, "fd00:77::2"), "on-link nexthop");
	afudp_rt_get_stats(rt, &st);
	EXPECT(res, st.resolve_req >= 1, "no resolution request counted");

	/* Link-local: the scope id is needed, and picks the link. */
	d = ip6("fe80::b");
	v = afudp_rt_lookup6(rt, &d, 0, &rr);
	EXPECT(res, v == AFUDP_RT_UNREACH, "fe80::b no scope: verdict %d", v);
	v = wait_nh6(rt, "fe80::b", ifindex, AFUDP_RT_FAST, &rr);
	EXPECT(res, v == AFUDP_RT_FAST, "fe80::b%%afv0: verdict %d", v);
	/*
	 * Two link-local addresses, fe80::a and the EUI-64 one the link
	 * got when it came up, tie up to rule 8: the kernel's list order
	 * decides (the newest), which the kernel shows best itself.
	 */
	EXPECT(res, kernel_src6(&d, ifindex, &ks) == 0 &&
			    !memcmp(&ks, &rr.saddr, sizeof(ks)),
	       "link-local saddr %s, not the kernel's",
	       inet_ntop(AF_INET6, &rr.saddr, sa, sizeof(sa)));
	EXPECT(res, IN6_IS_ADDR_LINKLOCAL(&rr.saddr), "saddr not link-local");
	v = afudp_rt_lookup6(rt, &d, 1, &rr);
	EXPECT(res, v == AFUDP_RT_OTHER_IF || v == AFUDP_RT_UNREACH,
	       "fe80::b%%lo: verdict %d", v);
	EXPECT(res, afudp_rt_is_local6(rt, &(struct in6_addr){ 0 }, 0) == 0,
	       ":: is local");
	d = ip6("fd00:77::1");
	EXPECT(res, afudp_rt_is_local6(rt, &d, 0), "own address not local");
	v = afudp_rt_lookup6(rt, &d, 0, &rr);
	EXPECT(res, v == AFUDP_RT_LOCAL, "own address: verdict %d", v);
	d = ip6("ff02::1");
	v = afudp_rt_lookup6(rt, &d, ifindex, &rr);
	EXPECT(res, v == AFUDP_RT_NOT_UNICAST, "ff02::1: verdict %d", v);

	/* Through a link-local gateway. */
	sh("ip -n %s -6 route add fd00:99::/48 via fe80::b dev afv0 mtu 1400",
	   t->a);
	v = wait_nh6(rt, "fd00:99::5", 0, AFUDP_RT_FAST, &rr);
	EXPECT(res, v == AFUDP_RT_FAST, "via gateway: verdict %d", v);
	EXPECT(res, addr6_eq(&rr.nexthop, "fe80::b"), "gateway nexthop %s",
	       inet_ntop(AF_INET6, &rr.nexthop, sa, sizeof(sa)));
	EXPECT(res, addr6_eq(&rr.saddr, "fd00:77::1"), "routed saddr %s",
	       inet_ntop(AF_INET6, &rr.saddr, sa, sizeof(sa)));
	EXPECT(res, rr.mtu == 1400, "route mtu %u", rr.mtu);

	/* A neighbour going moves the generation; the next lookup misses. */
	gen = afudp_rt_gen(rt);
	sh("ip -n %s -6 neigh flush dev afv0", t->a);
	EXPECT(res, wait_gen(rt, gen), "neigh flush: generation kept");
	v = wait_nh6(rt, "fd00:77::2", 0, AFUDP_RT_NO_NEIGH, &rr);
	EXPECT(res, v == AFUDP_RT_NO_NEIGH || v == AFUDP_RT_FAST,
	       "after flush: verdict %d", v);
	v = wait_nh6(rt, "fd00:77::2", 0, AFUDP_RT_FAST, &rr);
	EXPECT(res, v == AFUDP_RT_FAST, "not resolved again: %d", v);

	/* A duplicate address fails DAD: never a source, never listed. */
	sh("ip netns exec %s sysctl -qw net.ipv6.conf.afv0.accept_dad=1",
	   t->a);
	sh("ip -n %s addr add fd00:77::2/64 dev afv0", t->a);
	sh("ip -n %s addr add fd00:78::1/64 dev afv0 nodad", t->a);
	for (i = 0; i < 300 && !has_addr6(rt, "fd00:78::1"); i++)
		usleep(10000);
	EXPECT(res, has_addr6(rt, "fd00:78::1"), "new address not mirrored");
	EXPECT(res, !has_addr6(rt, "fd00:77::2"),
	       "tentative or dadfailed address listed");
	/* Longest prefix decides between the two globals. */
	sh("ip -n %s -6 route add fd00:78::/48 dev afv0", t->a);
	v = wait_nh6(rt, "fd00:78:0:1::9", 0, AFUDP_RT_NO_NEIGH, &rr);
	EXPECT(res, addr6_eq(&rr.saddr, "fd00:78::1"), "second prefix saddr %s",
	       inet_ntop(AF_INET6, &rr.saddr, sa, sizeof(sa)));

	afudp_rt_close(rt);
	return NULL;
}

START_TEST(test_rt_netns6)
{
	ns_run("afrt6",
	       "ip netns exec %1$s sysctl -qw net.ipv6.conf.afv0.accept_dad=0 && "
	       "ip netns exec %2$s sysctl -qw net.ipv6.conf.afv1.accept_dad=0 && "
	       "ip -n %1$s addr add fd00:77::1/64 dev afv0 nodad && "
	       "ip -n %1$s addr add fe80::a/64 dev afv0 nodad && "
	       "ip -n %2$s addr add fd00:77::2/64 dev afv1 nodad && "
	       "ip -n %2$s addr add fe80::b/64 dev afv1 nodad && "
	       "ip -n %1$s link set afv0 up && ip -n %2$s link set afv1 up && "
	       "ip -n %1$s link set lo up && ip -n %2$s link set lo up",
	       ns6_thread);
}
END_TEST

/*
 * Path MTU notes (lib/route/pmtu.c), from a stand-in for the XDP
 * program's map: a count the mirror reads with a load, and the notes.
 */
static volatile uint64_t pm_seq;
static struct afudp_rt_pmtu pm_notes[4];
static int pm_n;

static int pm_read(void *ctx, struct afudp_rt_pmtu *out, int max)
{
	(void)ctx;
	memcpy(out, pm_notes, (size_t)(pm_n < max ? pm_n : max) *
				      sizeof(*out));
	return pm_n;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static struct afudp_rt_pmtu pm_note(const char *a, uint32_t mtu, uint64_t ns)
{
	struct afudp_rt_pmtu e = { .mtu = mtu, .ns = ns };

	if (strchr(a, ':')) {
		e.addr = ip6(a);
	} else {
		__be32 v4 = ip(a);

		e.addr.s6_addr[10] = e.addr.s6_addr[11] = 0xff;
		memcpy(&e.addr.s6_addr[12], &v4, 4);
	}
	return e;
}

/* Wait until a lookup of @dst (IPv4) gives @mtu. */
static uint32_t wait_mtu4(struct afudp_rt *rt, const char *dst, uint32_t mtu)
{
	double end = now_s() + 3;
	struct timespec ms10 = { .tv_nsec = 10000000 };
	struct afudp_rt_result rr;

	for (;;) {
		afudp_rt_gen(rt);	/* what a send does: notices the count */
		afudp_rt_lookup(rt, ip(dst), &rr);
		if (rr.mtu == mtu || now_s() > end)
			return rr.mtu;
		nanosleep(&ms10, NULL);
	}
}

static uint32_t wait_mtu6(struct afudp_rt *rt, const char *dst, uint32_t mtu)
{
	double end = now_s() + 3;
	struct timespec ms10 = { .tv_nsec = 10000000 };
	struct afudp_rt_result6 rr;
	struct in6_addr d = ip6(dst);

	for (;;) {
		afudp_rt_gen(rt);
		afudp_rt_lookup6(rt, &d, 0, &rr);
		if (rr.mtu == mtu || now_s() > end)
			return rr.mtu;
		nanosleep(&ms10, NULL);
	}
}

static void *pmtu_thread(void *arg)
{
	struct ns_test *t = arg;
	struct lo_result *res = &t->res;
	struct afudp_rt_stats st;
	struct afudp_rt *rt;
	uint64_t now = mono_ns(), gen;
	uint32_t m;
	int ifindex;

	rt = ns_open(t, &ifindex);
	if (!rt)
		return NULL;
	sh("ip -n %s neigh replace 10.78.0.2 lladdr 02:00:00:00:00:02 dev afv0 nud permanent",
	   t->a);
	sh("ip -n %s neigh replace fd00:78::2 lladdr 02:00:00:00:00:02 dev afv0 nud permanent",
	   t->a);
	sh("ip -n %s route add 10.79.0.0/16 via 10.78.0.2", t->a);
	sh("ip -n %s -6 route add fd00:79::/48 via fd00:78::2", t->a);
	EXPECT(res, wait_mtu4(rt, "10.79.0.1", 1500) == 1500, "IPv4 route");
	EXPECT(res, wait_mtu6(rt, "fd00:79::1", 1500) == 1500, "IPv6 route");

	/* Notes before the mirror follows them: read at once. */
	pm_notes[0] = pm_note("10.79.0.1", 1400, now);
	pm_n = 1;
	pm_seq = 1;
	afudp_rt_set_pmtu(rt, &pm_seq, pm_read, NULL);
	m = wait_mtu4(rt, "10.79.0.1", 1400);
	EXPECT(res, m == 1400, "a note before: IPv4 path MTU %u, want 1400", m);
	m = wait_mtu4(rt, "10.79.0.2", 1500);
	EXPECT(res, m == 1500, "another destination: %u, want 1500", m);

	/* The kernel's clamps; a larger MTU than the link's changes nothing. */
	gen = afudp_rt_gen(rt);
	pm_notes[0] = pm_note("10.79.0.1", 68, now);
	pm_notes[1] = pm_note("fd00:79::1", 1000, now);
	pm_notes[2] = pm_note("fd00:79::2", 9000, now);
	pm_n = 3;
	pm_seq = 2;
	m = wait_mtu4(rt, "10.79.0.1", 552);
	EXPECT(res, m == 552, "IPv4 68 clamped to min_pmtu: %u, want 552", m);
	m = wait_mtu6(rt, "fd00:79::1", 1280);
	EXPECT(res, m == 1280, "IPv6 1000 clamped to 1280: %u", m);
	m = wait_mtu6(rt, "fd00:79::2", 1500);
	EXPECT(res, m == 1500, "IPv6 9000: the link's %u, want 1500", m);
	EXPECT(res, afudp_rt_gen(rt) != gen, "generation kept");
	afudp_rt_get_stats(rt, &st);
	EXPECT(res, st.pmtu == 3, "pmtu count %llu, want 3",
	       (unsigned long long)st.pmtu);

	/*
	 * Expiry (net.ipv{4,6}.route.mtu_expires after the message): one
	 * already past it is ignored; one that runs out in a moment goes,
	 * and the generation moves without any news.
	 */
	{
		long exp = 600;
		FILE *f = fopen("/proc/sys/net/ipv6/route/mtu_expires", "re");

		if (f) {
			if (fscanf(f, "%ld", &exp) != 1)
				exp = 600;
			fclose(f);
		}
		pm_notes[0] = pm_note("fd00:79::1", 1300,
				      now - (uint64_t)exp * 1000000000ull - 1);
		pm_notes[1] = pm_note("fd00:79::3", 1300,
				      mono_ns() - (uint64_t)exp * 1000000000ull +
					      300000000ull);
		pm_n = 2;
		pm_seq = 3;
		m = wait_mtu6(rt, "fd00:79::3", 1300);
		EXPECT(res, m == 1300, "a fresh note: %u, want 1300", m);
		m = wait_mtu6(rt, "fd00:79::1", 1500);
		EXPECT(res, m == 1500, "an expired note: %u, want 1500", m);
		gen = afudp_rt_gen(rt);
		m = wait_mtu6(rt, "fd00:79::3", 1500);
		EXPECT(res, m == 1500, "after its expiry: %u, want 1500", m);
		EXPECT(res, afudp_rt_gen(rt) != gen, "expiry: generation kept");
	}
	afudp_rt_close(rt);
	return NULL;
}

START_TEST(test_rt_pmtu)
{
	ns_run("afpm",
	       "ip netns exec %1$s sysctl -qw net.ipv6.conf.afv0.accept_dad=0 && "
	       "ip -n %1$s addr add 10.78.0.1/24 dev afv0 && "
	       "ip -n %1$s addr add fd00:78::1/64 dev afv0 nodad && "
	       "ip -n %1$s link set afv0 up && ip -n %2$s link set afv1 up && "
	       "ip -n %1$s link set lo up",
	       pmtu_thread);
}
END_TEST

Suite *route_suite(void)
{
	Suite *s = suite_create("route");
	TCase *tc;

	tc = tcase_create("lpm");
	tcase_add_checked_fixture(tc, rcu_setup, rcu_teardown);
	tcase_add_test(tc, test_lpm_empty);
	tcase_add_test(tc, test_lpm_default);
	tcase_add_test(tc, test_lpm_longest);
	tcase_add_test(tc, test_lpm_remove);
	tcase_add_test(tc, test_lpm_host32);
	tcase_add_test(tc, test_lpm_metric);
	tcase_add_test(tc, test_lpm_alias);
	tcase_add_test(tc, test_lpm6_longest);
	tcase_add_test(tc, test_lpm6_oif);
	suite_add_tcase(s, tc);

	tc = tcase_create("neigh");
	tcase_add_checked_fixture(tc, rcu_setup, rcu_teardown);
	tcase_add_test(tc, test_neigh_basic);
	tcase_add_test(tc, test_neigh_states);
	tcase_add_test(tc, test_neigh6);
	suite_add_tcase(s, tc);

	tc = tcase_create("rcu");
	tcase_add_checked_fixture(tc, rcu_setup, rcu_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_rcu_concurrent);
	suite_add_tcase(s, tc);

	/* No RCU fixture: these threads register themselves. */
	tc = tcase_create("mirror");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_rt_bad_args);
	tcase_add_test(tc, test_rt_loopback);
	tcase_add_test(tc, test_rt_netns);
	tcase_add_test(tc, test_rt_netns6);
	tcase_add_test(tc, test_rt_pmtu);
	suite_add_tcase(s, tc);
	return s;
}
