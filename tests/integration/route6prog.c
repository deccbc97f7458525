/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The IPv6 route mirror against the kernel, for route6.sh. Run inside the
 * namespace it mirrors:
 *
 *   route6prog IFNAME NH_MAC [--exec CMD] [--flush] DST[%IF] NEXTHOP ...
 *
 * Opens the mirror on IFNAME (the library's internal API, as the unit
 * tests do), runs CMD if given (so what it configures reaches the mirror
 * as notifications, not in the first dump), then for each destination
 * waits up to 5 s for AFUDP_RT_FAST and prints three checks:
 *   - the source address equals getsockname() of a kernel UDP socket
 *     connected to the same destination (and scope id);
 *   - the next hop equals NEXTHOP (what `ip -6 route get` said);
 *   - the next hop's MAC, resolved through the kernel, is NH_MAC.
 * With --flush, then: `ip -6 neigh flush dev IFNAME` moves the
 * generation, and the first destination is looked up missing and
 * resolved again (two checks).
 *
 * Output: "PASS what" / "FAIL what: why" lines (prog_tap in lib.sh).
 * Exit status 0 if every check passed. Every wait is bounded.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "route/route.h"

static int fails;

static void result(bool ok, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void result(bool ok, const char *what, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		printf("PASS %s\n", what);
	} else {
		fails++;
		printf("FAIL %s: ", what);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
	fflush(stdout);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void nap(void)
{
	struct timespec ms10 = { .tv_nsec = 10000000 };

	nanosleep(&ms10, NULL);
}

static void log_fn(void *ctx, int level, const char *msg)
{
	if (level <= 4) /* LOG_WARNING */
		fprintf(stderr, "route: <%d> %s\n", level, msg);
}

/* Lookups until @want or @secs pass; the last verdict. */
static int wait_verdict(struct afudp_rt *rt, const struct in6_addr *d,
			uint32_t scope, int want, double secs,
			struct afudp_rt_result6 *rr)
{
	double end = now_s() + secs;
	int v;

	for (;;) {
		v = afudp_rt_lookup6(rt, d, scope, rr);
		if (v == want || now_s() > end)
			return v;
		nap();
	}
}

/*
 * After --exec: its notifications are queued by the time system()
 * returns; wait until the control thread has applied them, i.e. the
 * generation has stayed for 300 ms (at most 5 s).
 */
static void wait_quiet(struct afudp_rt *rt)
{
	double end = now_s() + 5, since = now_s();
	uint64_t gen = afudp_rt_gen(rt);

	while (now_s() < end && now_s() - since < 0.3) {
		nap();
		if (afudp_rt_gen(rt) != gen) {
			gen = afudp_rt_gen(rt);
			since = now_s();
		}
	}
}

/* The kernel's source address for @d: a connected UDP socket's name. */
static int kernel_src(const struct in6_addr *d, uint32_t scope,
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
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sa, &len) == 0) {
		*src = sa.sin6_addr;
		ret = 0;
	}
	close(fd);
	return ret;
}

static const char *ntop(const struct in6_addr *a, char *buf)
{
	return inet_ntop(AF_INET6, a, buf, INET6_ADDRSTRLEN);
}

/* "ADDR" or "ADDR%IFNAME" into @d and @scope (0 without one); exits if bad. */
static void parse_dst(const char *arg, struct in6_addr *d, uint32_t *scope)
{
	char dst[INET6_ADDRSTRLEN + IFNAMSIZ];
	char *pct;

	snprintf(dst, sizeof(dst), "%s", arg);
	*scope = 0;
	pct = strchr(dst, '%');
	if (pct) {
		*pct = 0;
		*scope = if_nametoindex(pct + 1);
	}
	if (inet_pton(AF_INET6, dst, d) != 1) {
		fprintf(stderr, "bad address %s\n", arg);
		exit(2);
	}
}

static void check_dst(struct afudp_rt *rt, const char *arg, const char *nh,
		      const uint8_t *mac)
{
	char b1[INET6_ADDRSTRLEN], b2[INET6_ADDRSTRLEN], what[160];
	struct afudp_rt_result6 rr;
	struct in6_addr d, want_nh, ksrc;
	uint32_t scope;
	int v;

	parse_dst(arg, &d, &scope);
	if (inet_pton(AF_INET6, nh, &want_nh) != 1) {
		fprintf(stderr, "bad address %s\n", nh);
		exit(2);
	}

	v = wait_verdict(rt, &d, scope, AFUDP_RT_FAST, 5, &rr);
	snprintf(what, sizeof(what), "%s: source as the kernel's", arg);
	if (kernel_src(&d, scope, &ksrc))
		result(false, what, "kernel socket: %s", strerror(errno));
	else
		result(v == AFUDP_RT_FAST &&
			       !memcmp(&ksrc, &rr.saddr, sizeof(ksrc)),
		       what, "verdict %d, mirror %s, kernel %s", v,
		       ntop(&rr.saddr, b1), ntop(&ksrc, b2));
	snprintf(what, sizeof(what), "%s: next hop %s", arg, nh);
	result(!memcmp(&want_nh, &rr.nexthop, sizeof(want_nh)), what,
	       "mirror says %s", ntop(&rr.nexthop, b1));
	snprintf(what, sizeof(what), "%s: next hop's MAC after resolution",
		 arg);
	result(v == AFUDP_RT_FAST && !memcmp(rr.dmac, mac, ETH_ALEN), what,
	       "verdict %d, %02x:%02x:%02x:%02x:%02x:%02x", v, rr.dmac[0],
	       rr.dmac[1], rr.dmac[2], rr.dmac[3], rr.dmac[4], rr.dmac[5]);
}

/* Flush the interface's neighbours; the mirror must notice. */
static void check_flush(struct afudp_rt *rt, const char *ifname,
			const char *arg)
{
	struct afudp_rt_stats st0, st1;
	struct afudp_rt_result6 rr;
	struct in6_addr d;
	uint32_t scope;
	uint64_t gen = afudp_rt_gen(rt);
	double end = now_s() + 5;
	bool moved = false, missed = false;
	char cmd[128];
	int v;

	parse_dst(arg, &d, &scope);
	afudp_rt_get_stats(rt, &st0);
	snprintf(cmd, sizeof(cmd), "ip -6 neigh flush dev %s", ifname);
	if (system(cmd) != 0)
		fprintf(stderr, "'%s' failed\n", cmd);
	/*
	 * The miss may be brief: the lookup itself asks for resolution,
	 * and the peer answers within milliseconds. The counter shows it.
	 */
	while (now_s() < end && !(moved && missed)) {
		moved |= afudp_rt_gen(rt) != gen;
		v = afudp_rt_lookup6(rt, &d, scope, &rr);
		missed |= v == AFUDP_RT_NO_NEIGH;
		if (!missed)
			nap();
	}
	afudp_rt_get_stats(rt, &st1);
	result(moved && missed && st1.neigh_miss > st0.neigh_miss,
	       "neighbour flush noticed (generation moved, lookup missed)",
	       "generation %s, miss %s", moved ? "moved" : "kept",
	       missed ? "seen" : "not seen");
	v = wait_verdict(rt, &d, scope, AFUDP_RT_FAST, 5, &rr);
	afudp_rt_get_stats(rt, &st1);
	result(v == AFUDP_RT_FAST && st1.resolve_req > st0.resolve_req,
	       "resolved again after the flush", "verdict %d, requests %llu",
	       v, (unsigned long long)(st1.resolve_req - st0.resolve_req));
}

int main(int argc, char **argv)
{
	const char *exec_cmd = NULL, *first = NULL;
	uint8_t mac[ETH_ALEN];
	struct afudp_rt *rt;
	bool flush = false;
	int ifindex, i = 3;

	if (argc < 3 ||
	    sscanf(argv[2], "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1],
		   &mac[2], &mac[3], &mac[4], &mac[5]) != 6) {
		fprintf(stderr, "usage: %s IFNAME NH_MAC [--exec CMD] "
				"[--flush] DST[%%IF] NEXTHOP ...\n", argv[0]);
		return 2;
	}
	for (; i < argc && !strncmp(argv[i], "--", 2); i++) {
		if (!strcmp(argv[i], "--exec") && i + 1 < argc)
			exec_cmd = argv[++i];
		else if (!strcmp(argv[i], "--flush"))
			flush = true;
		else
			return 2;
	}
	ifindex = if_nametoindex(argv[1]);
	rt = ifindex ? afudp_rt_open(ifindex, log_fn, NULL) : NULL;
	if (!rt) {
		printf("FAIL afudp_rt_open(%s): %s\n", argv[1],
		       strerror(errno));
		return 1;
	}
	if (exec_cmd) {
		if (system(exec_cmd) != 0)
			printf("# '%s' failed\n", exec_cmd);
		wait_quiet(rt);
	}
	for (; i + 1 < argc; i += 2) {
		if (!first)
			first = argv[i];
		check_dst(rt, argv[i], argv[i + 1], mac);
	}
	if (flush && first)
		check_flush(rt, argv[1], first);
	afudp_rt_close(rt);
	return fails ? 1 : 0;
}
