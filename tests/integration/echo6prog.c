/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * An IPv6 afudp echo server for echo6.sh, through the public API only:
 *
 *   echo6prog IFNAME ADDR PORT N [v6only] [connect=ADDR,PORT] [zc] [busy]
 *
 * Opens a stack on IFNAME and an AF_INET6 socket (afudp_socket_opts
 * family), sets IPV6_V6ONLY if asked, binds [ADDR]:PORT, prints "ready
 * [ADDR]:PORT" (from afudp_getsockname()), then echoes each datagram back
 * to its source with afudp_sendto() until N are echoed or 20 s pass,
 * printing "from ADDR PORT LEN" for each. Then "stats rx=.. rx_slow=..
 * tx=.. tx_slow=.. tx_slow_neigh=.. csum=.. malformed=.. filtered=..".
 * zc: zero-copy instead (afudp_zc_recv6(), each sockaddr_in6 source checked
 * against the message's sockaddr_in; the replies alternate between the
 * received frame, afudp_zc_from_rx(), and a fresh one, afudp_zc_alloc()).
 * busy: a busy-polling socket (afudp_socket_opts.busy_poll 1), receiving
 * with MSG_DONTWAIT in a spin as afudp-echo does; prints "busy_poll CAP"
 * (afudp_stack_info()) after the bind.
 * Every wait is bounded. Exit status 0 unless a call failed.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "afudp.h"

/* A zero-copy receive's two sources agree (afudp_zc_recv6()). */
static int zc_src_ok(const struct afudp_zc_msg *m,
		     const struct sockaddr_in6 *src6)
{
	static const struct sockaddr_in none;

	if (src6->sin6_family != AF_INET6)
		return 0;
	if (!IN6_IS_ADDR_V4MAPPED(&src6->sin6_addr))
		return !memcmp(&m->src, &none, sizeof(none));
	return m->src.sin_family == AF_INET &&
	       m->src.sin_port == src6->sin6_port &&
	       !memcmp(&m->src.sin_addr, &src6->sin6_addr.s6_addr[12], 4);
}

/*
 * Receive one datagram zero-copy into @m (its source in *@from) and send
 * it back: from its own frame or (@fresh) a copy in a new one.
 */
static ssize_t zc_echo(struct afudp_socket *s, int flags,
		       struct sockaddr_in6 *from, int fresh)
{
	struct afudp_zc_msg m;
	struct afudp_zc_buf b;
	ssize_t r;
	int err;

	err = afudp_zc_recv6(s, &m, from, 1, flags);
	if (err < 0)
		return err;
	if (!zc_src_ok(&m, from))
		return -EPROTO;
	if (fresh) {
		err = afudp_zc_alloc(s, &b, 1, 0);
		if (err < 0 || m.len > b.cap)
			return err < 0 ? err : -EMSGSIZE;
		memcpy(b.data, m.data, m.len);
		err = afudp_zc_release(s, &m, 1);
	} else {
		err = afudp_zc_from_rx(s, &m, &b);
	}
	if (err)
		return err;
	r = afudp_zc_send(s, &b, m.len, 0, (struct sockaddr *)from,
			  sizeof(*from));
	return r < 0 ? r : (ssize_t)m.len;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void fail(const char *what, int err)
{
	printf("error %s: %s\n", what, strerror(-err));
	exit(1);
}

int main(int argc, char **argv)
{
	AFUDP_OPTS_INIT(afudp_stack_opts, o);
	AFUDP_OPTS_INIT(afudp_socket_opts, so);
	AFUDP_OPTS_INIT(afudp_socket_stats, c);
	struct sockaddr_in6 a = { .sin6_family = AF_INET6 }, from;
	char buf[65536], txt[INET6_ADDRSTRLEN];
	struct afudp_stack *st;
	struct afudp_socket *s;
	long n, done = 0;
	int zc = 0, busy = 0, rflags = 0;
	socklen_t len;
	double end;
	int i, err;

	if (argc < 5) {
		fprintf(stderr,
			"usage: echo6prog IFNAME ADDR PORT N [v6only] [connect=ADDR,PORT]\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (inet_pton(AF_INET6, argv[2], &a.sin6_addr) != 1)
		return 2;
	a.sin6_port = htons((uint16_t)atoi(argv[3]));
	n = atol(argv[4]);
	o.ifname = argv[1];
	st = afudp_stack_open(&o);
	if (!st)
		fail("afudp_stack_open", -errno);
	for (i = 5; i < argc; i++) {
		zc |= !strcmp(argv[i], "zc");
		busy |= !strcmp(argv[i], "busy");
	}
	so.flags = AFUDP_SO_NONBLOCK;
	so.family = AF_INET6;
	if (busy) {
		/* Spins on non-blocking calls, as afudp-echo --busy-poll. */
		so.flags = 0;
		so.busy_poll = 1;
		rflags = MSG_DONTWAIT;
	}
	s = afudp_socket(st, &so);
	if (!s)
		fail("afudp_socket", -errno);
	for (i = 5; i < argc; i++) {
		if (!strcmp(argv[i], "v6only")) {
			int one = 1;

			err = afudp_setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY,
					       &one, sizeof(one));
			if (err)
				fail("IPV6_V6ONLY", err);
		}
	}
	err = afudp_bind(s, (struct sockaddr *)&a, sizeof(a));
	if (err)
		fail("afudp_bind", err);
	for (i = 5; i < argc; i++) {
		if (!strncmp(argv[i], "connect=", 8)) {
			struct sockaddr_in6 p = { .sin6_family = AF_INET6 };
			char *comma = strchr(argv[i] + 8, ',');

			if (!comma)
				return 2;
			*comma = 0;
			if (inet_pton(AF_INET6, argv[i] + 8, &p.sin6_addr) != 1)
				return 2;
			p.sin6_port = htons((uint16_t)atoi(comma + 1));
			err = afudp_connect(s, (struct sockaddr *)&p,
					    sizeof(p));
			if (err)
				fail("afudp_connect", err);
		}
	}
	len = sizeof(a);
	err = afudp_getsockname(s, (struct sockaddr *)&a, &len);
	if (err || len != sizeof(a) || a.sin6_family != AF_INET6)
		fail("afudp_getsockname", err ? err : -EINVAL);
	if (busy) {
		AFUDP_OPTS_INIT(afudp_stack_info, info);

		err = afudp_stack_info(st, &info);
		if (err)
			fail("afudp_stack_info", err);
		printf("busy_poll %s\n", afudp_cap_str(info.busy_poll));
	}
	printf("ready [%s]:%u\n",
	       inet_ntop(AF_INET6, &a.sin6_addr, txt, sizeof(txt)),
	       ntohs(a.sin6_port));
	end = now() + 20;
	while (done < n && now() < end) {
		struct pollfd pfd = { .fd = afudp_socket_fd(s),
				      .events = POLLIN };
		ssize_t r;

		len = sizeof(from);
		if (zc)
			r = zc_echo(s, rflags, &from, done & 1);
		else
			r = afudp_recvfrom(s, buf, sizeof(buf), rflags,
					   (struct sockaddr *)&from, &len);
		if (r == -EAGAIN) {
			if (!busy)
				poll(&pfd, 1, 100);
			continue;
		}
		if (r < 0)
			fail(zc ? "zero-copy echo" : "afudp_recvfrom", (int)r);
		if (len != sizeof(from) || from.sin6_family != AF_INET6)
			fail("afudp_recvfrom: not a sockaddr_in6", -EINVAL);
		printf("from %s %u %zd\n",
		       inet_ntop(AF_INET6, &from.sin6_addr, txt, sizeof(txt)),
		       ntohs(from.sin6_port), r);
		if (!zc)
			r = afudp_sendto(s, buf, (size_t)r, 0,
					 (struct sockaddr *)&from, len);
		if (r < 0)
			fail("afudp_sendto", (int)r);
		done++;
	}
	err = afudp_socket_stats(s, &c);
	if (err)
		fail("afudp_socket_stats", err);
	printf("stats rx=%llu rx_slow=%llu tx=%llu tx_slow=%llu tx_slow_neigh=%llu csum=%llu malformed=%llu filtered=%llu\n",
	       (unsigned long long)c.rx_packets,
	       (unsigned long long)c.rx_slow, (unsigned long long)c.tx_packets,
	       (unsigned long long)c.tx_slow,
	       (unsigned long long)c.tx_slow_no_neigh,
	       (unsigned long long)c.rx_drop_csum,
	       (unsigned long long)c.rx_drop_malformed,
	       (unsigned long long)c.rx_drop_filtered);
	afudp_close(s);
	afudp_stack_close(st);
	return 0;
}
