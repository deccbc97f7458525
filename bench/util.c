/* SPDX-License-Identifier: BSD-2-Clause */
/* Helpers shared by the bench programs: see util.h. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>

#include "util.h"

volatile sig_atomic_t bu_stop;

static void on_signal(int sig)
{
	(void)sig;
	bu_stop = 1;
}

void bu_catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

uint64_t bu_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void bu_die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", program_invocation_short_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

void bu_pin(int cpu)
{
	cpu_set_t set;
	int err;

	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	err = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	if (err)
		bu_die("pin to CPU %d: %s", cpu, strerror(err));
}

int bu_cpu_list(const char *s, int *cpus, int max)
{
	char *copy = strdup(s), *tok, *save = NULL;
	int n = 0;

	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (n == max)
			bu_die("CPU list '%s': more than %d entries", s, max);
		cpus[n++] = (int)bu_int("CPU list", tok, 0, 4095);
	}
	free(copy);
	if (!n)
		bu_die("empty CPU list");
	return n;
}

long long bu_int(const char *opt, const char *s, long long min, long long max)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 0);
	if (errno || end == s || *end || v < min || v > max)
		bu_die("%s: '%s' is not an integer in [%lld, %lld]", opt, s,
		       min, max);
	return v;
}

union bu_sa bu_addr(const char *opt, const char *s)
{
	union bu_sa a;
	char ip[64];
	const char *host = s, *port = NULL, *close;
	size_t l;

	memset(&a, 0, sizeof(a));
	if (s[0] == '[') {
		close = strchr(s, ']');
		if (!close || (close[1] && close[1] != ':'))
			bu_die("%s: bad address '%s'", opt, s);
		host = s + 1;
		l = (size_t)(close - host);
		port = close[1] ? close + 2 : NULL;
	} else if (strchr(s, ':') == strrchr(s, ':')) {
		/* One colon at most: IPv4, with or without a port. */
		port = strchr(s, ':');
		l = port ? (size_t)(port++ - s) : strlen(s);
	} else {
		l = strlen(s); /* a bare IPv6 address */
	}
	if (l >= sizeof(ip))
		bu_die("%s: bad address '%s'", opt, s);
	memcpy(ip, host, l);
	ip[l] = 0;
	if (inet_pton(AF_INET, ip, &a.in.sin_addr) == 1)
		a.in.sin_family = AF_INET;
	else if (inet_pton(AF_INET6, ip, &a.in6.sin6_addr) == 1)
		a.in6.sin6_family = AF_INET6;
	else
		bu_die("%s: bad IP address '%s'", opt, s);
	if (port)
		a.in.sin_port = htons((uint16_t)bu_int(opt, port, 1, 65535));
	return a;
}

union bu_sa bu_any(int family, uint16_t port)
{
	union bu_sa a;

	memset(&a, 0, sizeof(a));
	a.sa.sa_family = (sa_family_t)family; /* in6addr_any is all zeros */
	a.in.sin_port = htons(port);
	return a;
}

socklen_t bu_sa_len(const union bu_sa *a)
{
	return a->sa.sa_family == AF_INET6 ? sizeof(a->in6) : sizeof(a->in);
}

void bu_mac(const char *opt, const char *s, uint8_t mac[6])
{
	unsigned int m[6];
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4],
		   &m[5]) != 6)
		bu_die("%s: bad MAC '%s'", opt, s);
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)m[i];
}

void bu_if_mac(const char *ifname, uint8_t mac[6])
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (fd < 0 || ioctl(fd, SIOCGIFHWADDR, &ifr))
		bu_die("MAC of %s: %s", ifname, strerror(errno));
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	close(fd);
}

uint64_t bu_tick_ns(void)
{
	const char *e = getenv("BENCH_TICK_MS");
	long ms = e ? atol(e) : 1000;

	if (ms < 10 || ms > 60000)
		ms = 1000;
	return (uint64_t)ms * 1000000u;
}

const char *bu_bpf_obj_path(void)
{
	static char path[PATH_MAX];
	const char *env = getenv("BENCH_BPF_OBJ");
	ssize_t n;

	if (env)
		return env;
	n = readlink("/proc/self/exe", path, sizeof(path) - 32);
	if (n < 0)
		return "bench.bpf.o";
	path[n] = 0;
	strcpy(strrchr(path, '/') ? strrchr(path, '/') + 1 : path,
	       "bench.bpf.o");
	return path;
}

uint32_t bu_csum_add(uint32_t sum, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len > 1) {
		sum += (uint32_t)(p[0] << 8 | p[1]);
		p += 2;
		len -= 2;
	}
	if (len)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

uint16_t bu_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/*
 * The headers are built in aligned structs and copied into @buf: behind
 * the 14-byte Ethernet header an IP header in a frame buffer is only
 * 2-byte aligned (UBSan, rightly, objects to member access there).
 */
size_t bu_build_udp(uint8_t *buf, const uint8_t dmac[6], const uint8_t smac[6],
		    const union bu_sa *src, const union bu_sa *dst,
		    size_t payload_len)
{
	bool v6 = src->sa.sa_family == AF_INET6;
	size_t l3 = v6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	uint8_t *l3p = buf + sizeof(struct ethhdr), *pl;
	uint16_t ulen = (uint16_t)(sizeof(struct udphdr) + payload_len), c;
	struct ethhdr eth;
	struct iphdr ip;
	struct ipv6hdr ip6;
	struct udphdr udp;
	uint32_t sum;
	size_t i;

	if (src->sa.sa_family != dst->sa.sa_family)
		bu_die("source and destination of different families");
	memcpy(eth.h_dest, dmac, 6);
	memcpy(eth.h_source, smac, 6);
	eth.h_proto = htons(v6 ? ETH_P_IPV6 : ETH_P_IP);
	memcpy(buf, &eth, sizeof(eth));
	if (v6) {
		memset(&ip6, 0, sizeof(ip6));
		ip6.version = 6;
		ip6.payload_len = htons(ulen);
		ip6.nexthdr = IPPROTO_UDP;
		ip6.hop_limit = 64;
		ip6.saddr = src->in6.sin6_addr;
		ip6.daddr = dst->in6.sin6_addr;
		memcpy(l3p, &ip6, sizeof(ip6));
		/* Pseudo-header: addresses, UDP length, next header. */
		sum = bu_csum_add(0, &ip6.saddr, 32);
	} else {
		memset(&ip, 0, sizeof(ip));
		ip.version = 4;
		ip.ihl = 5;
		ip.tot_len = htons((uint16_t)(sizeof(ip) + ulen));
		ip.frag_off = htons(0x4000); /* DF */
		ip.ttl = 64;
		ip.protocol = IPPROTO_UDP;
		ip.saddr = src->in.sin_addr.s_addr;
		ip.daddr = dst->in.sin_addr.s_addr;
		ip.check = htons((uint16_t)~bu_csum_fold(
			bu_csum_add(0, &ip, sizeof(ip))));
		memcpy(l3p, &ip, sizeof(ip));
		/* Pseudo-header: addresses, protocol, UDP length. */
		sum = bu_csum_add(0, &ip.saddr, 8);
	}
	udp.source = src->in.sin_port;
	udp.dest = dst->in.sin_port;
	udp.len = htons(ulen);
	udp.check = 0;
	pl = l3p + l3 + sizeof(udp);
	for (i = 0; i < payload_len; i++)
		pl[i] = (uint8_t)i;
	sum += IPPROTO_UDP + ulen;
	sum = bu_csum_add(sum, &udp, sizeof(udp));
	sum = bu_csum_add(sum, pl, payload_len);
	c = (uint16_t)~bu_csum_fold(sum);
	udp.check = htons(c ? c : 0xffff);
	memcpy(l3p + l3, &udp, sizeof(udp));
	return sizeof(eth) + l3 + ulen;
}
