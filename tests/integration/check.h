/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the side-by-side test programs (cmsgprog.c, gsoprog.c) share: their
 * output, one "PASS what" or "FAIL what: why" line per check that the
 * scripts turn into TAP, a bound kernel UDP socket, an afudp socket (when
 * afudp.h came first), a capture's next datagram, the kernel's UDP
 * counters (a preloaded program's stand-in for afudp's), a way into
 * namespace B and back. Include once, in the
 * program's one source file.
 */
#ifndef AFUDP_TEST_CHECK_H
#define AFUDP_TEST_CHECK_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <unistd.h>
#include <netinet/in.h>
#include <linux/ip.h>
#include <netinet/udp.h>
#include <sys/socket.h>

/* Checks that failed: the program's exit status. */
static int failed;

/* A set-up step failed: no check can run. */
static inline void die(const char *what)
{
	printf("FAIL setup: %s: %s\nDONE\n", what, strerror(errno));
	exit(1);
}

static inline void result(bool ok, const char *what, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		printf("PASS %s\n", what);
		return;
	}
	failed++;
	printf("FAIL %s: ", what);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}


/*
 * Enter network namespace @name (/run/netns/@name): the sockets made until
 * ns_leave() are that namespace's. Returns the namespace left, for
 * ns_leave(). Done before afudp starts its threads, which stay in the
 * first namespace.
 */
static inline int ns_enter(const char *name)
{
	char path[256];
	int self, ns;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ns = open(path, O_RDONLY | O_CLOEXEC);
	if (self < 0 || ns < 0 || setns(ns, CLONE_NEWNET))
		die(path);
	close(ns);
	return self;
}

/* Back to the namespace ns_enter() left. */
static inline void ns_leave(int self)
{
	if (setns(self, CLONE_NEWNET))
		die("back to the first namespace");
	close(self);
}

/* A kernel UDP socket bound to @a:@port. */
static inline int udp_on(struct in_addr a, uint16_t port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_addr = a,
				   .sin_port = htons(port) };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin)))
		die("kernel socket");
	return fd;
}

/* A counter of this namespace's /proc/net/snmp "Udp:" lines. */
static inline uint64_t snmp_udp(const char *field)
{
	char names[1024], vals[1024], *n, *v, *sn, *sv;
	uint64_t r = 0;
	FILE *f = fopen("/proc/net/snmp", "r");

	if (!f)
		die("/proc/net/snmp");
	while (fgets(names, sizeof(names), f)) {
		if (strncmp(names, "Udp: ", 5) || !fgets(vals, sizeof(vals), f))
			continue;
		n = strtok_r(names, " \n", &sn);
		v = strtok_r(vals, " \n", &sv);
		while (n && v && strcmp(n, field)) {
			n = strtok_r(NULL, " \n", &sn);
			v = strtok_r(NULL, " \n", &sv);
		}
		r = v ? strtoull(v, NULL, 10) : 0;
		break;
	}
	fclose(f);
	return r;
}

#ifdef AFUDP_API
/* A stack on @ifname (XDP: the fast path or nothing) into *@st, a socket. */
static inline struct afudp_socket *afudp_on(const char *ifname,
					    struct afudp_stack **st)
{
	struct afudp_socket *s;

	AFUDP_OPTS_INIT(afudp_stack_opts, so, .ifname = ifname,
			.backend = AFUDP_BACKEND_XDP);
	*st = afudp_stack_open(&so);
	if (!*st)
		die("afudp_stack_open");
	s = afudp_socket(*st, NULL);
	if (!s)
		die("afudp_socket");
	return s;
}
#endif

/*
 * The next UDP datagram to @port an AF_PACKET capture socket @cap (cooked:
 * frames from the IPv4 header on, non-blocking) gives within 50 ms, into
 * @f (@size bytes), its headers into @ip and @u (no IP options: those
 * are passed over). Returns the bytes captured, or -1 for none.
 */
static inline ssize_t cap_next(int cap, uint8_t *f, size_t size,
			       uint16_t port, struct iphdr *ip,
			       struct udphdr *u)
{
	struct pollfd p = { .fd = cap, .events = POLLIN };
	ssize_t n;

	if (poll(&p, 1, 50) <= 0)
		return -1;
	n = recv(cap, f, size, MSG_DONTWAIT);
	if (n < (ssize_t)(sizeof(*ip) + sizeof(*u)))
		return -1;
	memcpy(ip, f, sizeof(*ip));
	if (ip->protocol != IPPROTO_UDP || ip->ihl != 5)
		return -1;
	memcpy(u, f + sizeof(*ip), sizeof(*u));
	if (ntohs(u->dest) != port)
		return -1;
	return n;
}

#endif /* AFUDP_TEST_CHECK_H */
