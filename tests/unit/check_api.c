// SPDX-License-Identifier: BSD-2-Clause
/*
 * The public API without privileges: option validation, argument checks
 * returning the errno a BSD socket would, and the kernel backend end to end
 * on loopback (same calls, no XDP), including port reservation both ways.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "afudp.h"

static void quiet(void *ctx, int level, const char *msg)
{
	(void)ctx;
	(void)level;
	(void)msg;
}

static struct afudp_stack *lo_stack(void)
{
	AFUDP_OPTS_INIT(afudp_stack_opts, o, .ifname = "lo",
			.backend = AFUDP_BACKEND_KERNEL, .log_fn = quiet);
	struct afudp_stack *st = afudp_stack_open(&o);

	ck_assert_ptr_nonnull(st);
	return st;
}

static struct sockaddr_in lo_addr(uint16_t port)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(port) };

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

START_TEST(test_open_bad_opts)
{
	AFUDP_OPTS_INIT(afudp_stack_opts, o, .ifname = "lo", .log_fn = quiet);
	struct afudp_stack_opts big[2];

	errno = 0;
	ck_assert_ptr_null(afudp_stack_open(NULL));
	ck_assert_int_eq(errno, EINVAL);

	o.ifname = NULL;
	ck_assert_ptr_null(afudp_stack_open(&o));
	ck_assert_int_eq(errno, EINVAL);
	o.ifname = "lo";

	o.frames = 1000; /* not a power of two */
	ck_assert_ptr_null(afudp_stack_open(&o));
	ck_assert_int_eq(errno, EINVAL);
	o.frames = 0;

	o.frame_size = 3000;
	ck_assert_ptr_null(afudp_stack_open(&o));
	ck_assert_int_eq(errno, EINVAL);
	o.frame_size = 0;

	o.ring_size = 100;
	ck_assert_ptr_null(afudp_stack_open(&o));
	ck_assert_int_eq(errno, EINVAL);
	o.ring_size = 0;

	o.xdp_mode = 7;
	ck_assert_ptr_null(afudp_stack_open(&o));
	ck_assert_int_eq(errno, EINVAL);
	o.xdp_mode = 0;

	o.flags = 1u << 30;
	ck_assert_ptr_null(afudp_stack_open(&o));
	ck_assert_int_eq(errno, EINVAL);
	o.flags = 0;

	o.n_queues = 2; /* without a queue list */
	ck_assert_ptr_null(afudp_stack_open(&o));
	ck_assert_int_eq(errno, EINVAL);
	o.n_queues = 0;

	o.sz = 2; /* smaller than the size field itself */
	ck_assert_ptr_null(afudp_stack_open(&o));
	ck_assert_int_eq(errno, EINVAL);

	/* A newer caller's larger struct: fine if the tail is zero. */
	memset(big, 0, sizeof(big));
	big[0] = o;
	big[0].sz = sizeof(big);
	big[0].backend = AFUDP_BACKEND_KERNEL;
	((char *)big)[sizeof(big) - 1] = 1;
	ck_assert_ptr_null(afudp_stack_open(&big[0]));
	ck_assert_int_eq(errno, EINVAL);
	((char *)big)[sizeof(big) - 1] = 0;
	afudp_stack_close(afudp_stack_open(&big[0]));
}
END_TEST

START_TEST(test_open_no_device)
{
	AFUDP_OPTS_INIT(afudp_stack_opts, o, .ifname = "nosuchif0",
			.backend = AFUDP_BACKEND_KERNEL, .log_fn = quiet);

	ck_assert_ptr_null(afudp_stack_open(&o));
	ck_assert_int_eq(errno, ENODEV);
}
END_TEST

START_TEST(test_env_backend)
{
	AFUDP_OPTS_INIT(afudp_stack_opts, o, .ifname = "lo", .log_fn = quiet);
	AFUDP_OPTS_INIT(afudp_stack_info, info);
	struct afudp_stack *st;

	setenv("AFUDP_BACKEND", "bogus", 1);
	ck_assert_ptr_null(afudp_stack_open(&o));
	ck_assert_int_eq(errno, EINVAL);
	setenv("AFUDP_BACKEND", "kernel", 1);
	st = afudp_stack_open(&o);
	unsetenv("AFUDP_BACKEND");
	ck_assert_ptr_nonnull(st);
	ck_assert_int_eq(afudp_stack_info(st, &info), 0);
	ck_assert_int_eq(info.backend, AFUDP_BACKEND_KERNEL);
	ck_assert_int_eq(info.ifindex, 1);
	afudp_stack_close(st);
}
END_TEST

/*
 * AFUDP_VLAN: malformed, or naming no device, refused before anything is
 * set up (the kernel backend reads it too); a valid one on the kernel
 * backend opens.
 */
START_TEST(test_env_vlan)
{
	static const char *const bad[] = { "lo", "lo:", ":5", "lo:0",
					   "lo:4095", "lo:5x", "lo:-1" };
	AFUDP_OPTS_INIT(afudp_stack_opts, o, .ifname = "lo", .log_fn = quiet);
	struct afudp_stack *st;
	unsigned int i;

	setenv("AFUDP_BACKEND", "kernel", 1);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		setenv("AFUDP_VLAN", bad[i], 1);
		ck_assert_ptr_null(afudp_stack_open(&o));
		ck_assert_int_eq(errno, EINVAL);
	}
	setenv("AFUDP_VLAN", "afudp-none0:7", 1);
	ck_assert_ptr_null(afudp_stack_open(&o));
	ck_assert_int_eq(errno, ENODEV);
	setenv("AFUDP_VLAN", "lo:4094", 1);
	st = afudp_stack_open(&o);
	unsetenv("AFUDP_VLAN");
	unsetenv("AFUDP_BACKEND");
	ck_assert_ptr_nonnull(st);
	afudp_stack_close(st);
}
END_TEST

START_TEST(test_bad_args)
{
	struct afudp_stack *st = lo_stack();
	struct afudp_socket *s = afudp_socket(st, NULL);
	struct sockaddr_in a = lo_addr(0);
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };
	char buf[8];
	AFUDP_OPTS_INIT(afudp_socket_opts, so, .flags = 1u << 20);

	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_null(afudp_socket(NULL, NULL));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(afudp_socket(st, &so));
	ck_assert_int_eq(errno, EINVAL);

	ck_assert_int_eq(afudp_bind(NULL, (void *)&a, sizeof(a)), -EINVAL);
	ck_assert_int_eq(afudp_bind(s, NULL, sizeof(a)), -EFAULT);
	ck_assert_int_eq(afudp_bind(s, (void *)&a, 4), -EINVAL);
	ck_assert_int_eq(afudp_bind(s, (void *)&a6, sizeof(a6)),
			 -EAFNOSUPPORT);
	ck_assert_int_eq(afudp_bind(s, (void *)&a, sizeof(a)), 0);
	/* Bound twice: EINVAL, as bind(2). */
	ck_assert_int_eq(afudp_bind(s, (void *)&a, sizeof(a)), -EINVAL);
	/* Unconnected send without a destination. */
	ck_assert_int_eq(afudp_send(s, "x", 1, 0), -EDESTADDRREQ);
	ck_assert_int_eq(afudp_sendto(s, "x", 1, 0, (void *)&a, 3), -EINVAL);
	ck_assert_int_eq(afudp_sendto(s, "x", 65508, 0, (void *)&a,
				      sizeof(a)),
			 -EMSGSIZE);
	ck_assert_int_eq(afudp_sendto(s, NULL, 5, 0, (void *)&a, sizeof(a)),
			 -EINVAL);
	ck_assert_int_eq(afudp_recv(s, buf, sizeof(buf), MSG_DONTWAIT),
			 -EAGAIN);
	ck_assert_int_eq(afudp_recv(s, buf, sizeof(buf), MSG_OOB),
			 -EOPNOTSUPP);
	ck_assert_int_eq(afudp_recvmmsg(s, NULL, 1, 0), -EINVAL);
	ck_assert_int_eq(afudp_zc_release(s, NULL, 1), -EINVAL);
	{
		struct afudp_zc_msg m = { .handle = 12345 };

		ck_assert_int_eq(afudp_zc_release(s, &m, 1), -EINVAL);
	}
	ck_assert_int_eq(afudp_socket_fd(NULL), -EINVAL);
	ck_assert_int_ge(afudp_socket_fd(s), 0);
	afudp_close(s);
	afudp_close(NULL);
	afudp_stack_close(st);
	afudp_stack_close(NULL);
}
END_TEST

START_TEST(test_kernel_backend_roundtrip)
{
	struct afudp_stack *st = lo_stack();
	struct afudp_socket *a = afudp_socket(st, NULL);
	struct afudp_socket *b = afudp_socket(st, NULL);
	struct sockaddr_in aa = lo_addr(0), ba = lo_addr(0), from;
	socklen_t len = sizeof(aa), flen = sizeof(from);
	AFUDP_OPTS_INIT(afudp_socket_stats, ss);
	struct afudp_zc_msg zm;
	struct afudp_zc_buf zb;
	char buf[2000], big[1500];

	ck_assert_int_eq(afudp_bind(a, (void *)&aa, sizeof(aa)), 0);
	ck_assert_int_eq(afudp_getsockname(a, (void *)&aa, &len), 0);
	ck_assert_uint_ne(aa.sin_port, 0);
	ck_assert_int_eq(afudp_bind(b, (void *)&ba, sizeof(ba)), 0);
	len = sizeof(ba);
	ck_assert_int_eq(afudp_getsockname(b, (void *)&ba, &len), 0);

	ck_assert_int_eq(afudp_sendto(b, "hello", 5, 0, (void *)&aa,
				      sizeof(aa)),
			 5);
	ck_assert_int_eq(afudp_recvfrom(a, buf, sizeof(buf), 0,
					(void *)&from, &flen),
			 5);
	ck_assert_mem_eq(buf, "hello", 5);
	ck_assert_uint_eq(from.sin_port, ba.sin_port);

	/* Truncation reports the real length with MSG_TRUNC. */
	memset(big, 'z', sizeof(big));
	ck_assert_int_eq(afudp_sendto(b, big, 100, 0, (void *)&aa,
				      sizeof(aa)),
			 100);
	ck_assert_int_eq(afudp_recv(a, buf, 10, MSG_TRUNC), 100);

	/* Zero-copy calls work on the kernel backend too. */
	ck_assert_int_eq(afudp_zc_alloc(b, &zb, 1, 0), 1);
	ck_assert_uint_ge(zb.cap, 1400);
	memcpy(zb.data, "zc!", 3);
	ck_assert_int_eq(afudp_zc_send(b, &zb, 3, 0, (void *)&aa, sizeof(aa)),
			 3);
	ck_assert_int_eq(afudp_zc_recv(a, &zm, 1, 0), 1);
	ck_assert_uint_eq(zm.len, 3);
	ck_assert_mem_eq(zm.data, "zc!", 3);
	/* Echo it back in place. */
	ck_assert_int_eq(afudp_zc_from_rx(a, &zm, &zb), 0);
	ck_assert_int_eq(afudp_zc_send(a, &zb, 3, 0, (void *)&zm.src,
				       sizeof(zm.src)),
			 3);
	ck_assert_int_eq(afudp_recv(b, buf, sizeof(buf), 0), 3);
	ck_assert_mem_eq(buf, "zc!", 3);

	/*
	 * Answered with afudp_zc_reply(), rewritten in place and longer:
	 * the kernel socket's buffer holds the largest datagram. Sent once.
	 */
	ck_assert_int_eq(afudp_sendto(b, "ask", 3, 0, (void *)&aa,
				      sizeof(aa)), 3);
	ck_assert_int_eq(afudp_zc_recv(a, &zm, 1, 0), 1);
	ck_assert_int_eq(afudp_zc_room(a, &zm), 65507);
	ck_assert_int_eq(afudp_zc_room(NULL, &zm), -EINVAL);
	memcpy((void *)zm.data, "ANSWER!", 7);
	zm.len = 7;
	ck_assert_int_eq(afudp_zc_reply(a, &zm, NULL, 1, 0), 1);
	ck_assert_int_eq(afudp_zc_reply(a, &zm, NULL, 1, 0), -EINVAL);
	ck_assert_int_eq(afudp_zc_room(a, &zm), -EINVAL);
	ck_assert_int_eq(afudp_recv(b, buf, sizeof(buf), 0), 7);
	ck_assert_mem_eq(buf, "ANSWER!", 7);

	/* Connected: send() goes to the peer. */
	ck_assert_int_eq(afudp_connect(b, (void *)&aa, sizeof(aa)), 0);
	ck_assert_int_eq(afudp_send(b, "c", 1, 0), 1);
	ck_assert_int_eq(afudp_recv(a, buf, sizeof(buf), 0), 1);

	ck_assert_int_eq(afudp_socket_stats(a, &ss), 0);
	ck_assert_uint_eq(ss.rx_packets, 5);
	ck_assert_uint_eq(ss.rx_slow, 5);
	ck_assert_uint_eq(ss.tx_packets, 2);
	afudp_close(a);
	afudp_close(b);
	afudp_stack_close(st);
}
END_TEST

START_TEST(test_port_reservation)
{
	struct afudp_stack *st = lo_stack();
	struct afudp_socket *a = afudp_socket(st, NULL);
	struct afudp_socket *b = afudp_socket(st, NULL);
	struct sockaddr_in sa = lo_addr(0);
	socklen_t len = sizeof(sa);
	int k;

	ck_assert_int_eq(afudp_bind(a, (void *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(afudp_getsockname(a, (void *)&sa, &len), 0);
	/* afudp → afudp */
	ck_assert_int_eq(afudp_bind(b, (void *)&sa, sizeof(sa)), -EADDRINUSE);
	/* afudp → kernel */
	k = socket(AF_INET, SOCK_DGRAM, 0);
	ck_assert_int_eq(bind(k, (void *)&sa, sizeof(sa)), -1);
	ck_assert_int_eq(errno, EADDRINUSE);
	close(k);
	afudp_close(a);
	/* kernel → afudp */
	k = socket(AF_INET, SOCK_DGRAM, 0);
	ck_assert_int_eq(bind(k, (void *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(afudp_bind(b, (void *)&sa, sizeof(sa)), -EADDRINUSE);
	close(k);
	/* and once released, it binds */
	ck_assert_int_eq(afudp_bind(b, (void *)&sa, sizeof(sa)), 0);
	afudp_close(b);
	afudp_stack_close(st);
}
END_TEST

/* A kernel socket handed over with AFUDP_SO_KERNEL_FD becomes afudp's. */
START_TEST(test_adopt_kernel_fd)
{
	struct afudp_stack *st = lo_stack();
	struct sockaddr_in a = lo_addr(0);
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_DGRAM, 0), tcp = socket(AF_INET,
							      SOCK_STREAM, 0);
	AFUDP_OPTS_INIT(afudp_socket_opts, o, .flags = AFUDP_SO_KERNEL_FD,
			.kernel_fd = tcp);
	struct afudp_socket *s;
	char buf[8];

	/* Not a UDP socket: refused, and the fd stays the caller's. */
	ck_assert_ptr_null(afudp_socket(st, &o));
	ck_assert_int_ne(fcntl(tcp, F_GETFD), -1);
	close(tcp);
	o.kernel_fd = fd;
	s = afudp_socket(st, &o);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(afudp_bind(s, (void *)&a, sizeof(a)), 0);
	/* The adopted fd is the one bound. */
	ck_assert_int_eq(getsockname(fd, (void *)&a, &len), 0);
	ck_assert_uint_ne(a.sin_port, 0);
	ck_assert_int_eq(afudp_sendto(s, "ad", 2, 0, (void *)&a, sizeof(a)), 2);
	ck_assert_int_eq(afudp_recv(s, buf, sizeof(buf), 0), 2);
	afudp_close(s);
	/* ... and closed with the socket. */
	ck_assert_int_eq(fcntl(fd, F_GETFD), -1);
	afudp_stack_close(st);
}
END_TEST

/*
 * AF_INET6 sockets (afudp_socket_opts.family) on the kernel backend over
 * ::1 and 127.0.0.1: sockaddr_in6 in and out, dual-stack with v4-mapped
 * addresses, IPV6_V6ONLY, zero-copy, and the family they refuse.
 */
START_TEST(test_inet6_socket)
{
	struct afudp_stack *st = lo_stack();
	AFUDP_OPTS_INIT(afudp_socket_opts, o6, .family = AF_INET6);
	AFUDP_OPTS_INIT(afudp_socket_opts, bad, .family = AF_UNIX);

	struct sockaddr_in6 aa = { .sin6_family = AF_INET6 }, from, m;
	struct sockaddr_in a4 = lo_addr(0), b4;
	socklen_t len = sizeof(aa), flen = sizeof(from);
	struct afudp_socket *a, *b, *c;
	struct afudp_zc_msg zm;
	struct afudp_zc_buf zb;
	char buf[64];
	int one = 1, k;

	ck_assert_ptr_null(afudp_socket(st, &bad));
	ck_assert_int_eq(errno, EAFNOSUPPORT);
	a = afudp_socket(st, &o6);
	b = afudp_socket(st, &o6);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	/* An IPv6 socket takes sockaddr_in6 only, as the kernel's. */
	ck_assert_int_eq(afudp_bind(a, (void *)&a4, sizeof(a4)),
			 -EAFNOSUPPORT);
	ck_assert_int_eq(afudp_bind(a, (void *)&aa, sizeof(aa)), 0);
	ck_assert_int_eq(afudp_getsockname(a, (void *)&aa, &len), 0);
	ck_assert_uint_eq(len, sizeof(aa));
	ck_assert_int_eq(aa.sin6_family, AF_INET6);
	ck_assert_uint_ne(aa.sin6_port, 0);
	aa.sin6_addr = in6addr_loopback;

	/* IPv6 both ways. */
	ck_assert_int_eq(afudp_sendto(b, "six", 3, 0, (void *)&aa,
				      sizeof(aa)), 3);
	ck_assert_int_eq(afudp_recvfrom(a, buf, sizeof(buf), 0,
					(void *)&from, &flen), 3);
	ck_assert_mem_eq(buf, "six", 3);
	ck_assert_uint_eq(flen, sizeof(from));
	ck_assert_int_eq(from.sin6_family, AF_INET6);
	ck_assert(IN6_IS_ADDR_LOOPBACK(&from.sin6_addr));
	ck_assert_int_eq(afudp_sendto(a, "back", 4, 0, (void *)&from, flen),
			 4);
	ck_assert_int_eq(afudp_recv(b, buf, sizeof(buf), 0), 4);

	/* Dual-stack: an IPv4 socket reaches it; it answers v4-mapped. */
	c = afudp_socket(st, NULL);
	ck_assert_ptr_nonnull(c);
	b4 = lo_addr(ntohs(aa.sin6_port));
	ck_assert_int_eq(afudp_sendto(c, "four", 4, 0, (void *)&b4,
				      sizeof(b4)), 4);
	flen = sizeof(from);
	ck_assert_int_eq(afudp_recvfrom(a, buf, sizeof(buf), 0,
					(void *)&from, &flen), 4);
	ck_assert(IN6_IS_ADDR_V4MAPPED(&from.sin6_addr));
	ck_assert_int_eq(afudp_sendto(a, "mapped", 6, 0, (void *)&from,
				      flen), 6);
	ck_assert_int_eq(afudp_recv(c, buf, sizeof(buf), 0), 6);
	ck_assert_mem_eq(buf, "mapped", 6);

	/*
	 * Zero-copy: sources as sockaddr_in6 (afudp_zc_recv6(); the
	 * sockaddr_in one refused), replies to IPv6 and v4-mapped ones.
	 */
	ck_assert_int_eq(afudp_sendto(b, "zc6", 3, 0, (void *)&aa,
				      sizeof(aa)), 3);
	ck_assert_int_eq(afudp_zc_recv(a, &zm, 1, 0), -EAFNOSUPPORT);
	ck_assert_int_eq(afudp_zc_recv6(a, &zm, NULL, 1, 0), -EINVAL);
	ck_assert_int_eq(afudp_zc_recv6(a, &zm, &from, 1, 0), 1);
	ck_assert_uint_eq(zm.len, 3);
	ck_assert_mem_eq(zm.data, "zc6", 3);
	ck_assert_int_eq(from.sin6_family, AF_INET6);
	ck_assert(IN6_IS_ADDR_LOOPBACK(&from.sin6_addr));
	ck_assert_int_eq(zm.src.sin_family, AF_UNSPEC);
	ck_assert_int_eq(afudp_zc_from_rx(a, &zm, &zb), 0);
	ck_assert_int_eq(afudp_zc_send(a, &zb, 3, 0, (void *)&from,
				       sizeof(from)), 3);
	ck_assert_int_eq(afudp_recv(b, buf, sizeof(buf), 0), 3);
	ck_assert_mem_eq(buf, "zc6", 3);
	ck_assert_int_eq(afudp_sendto(c, "zc4", 3, 0, (void *)&b4,
				      sizeof(b4)), 3);
	ck_assert_int_eq(afudp_zc_recv6(a, &zm, &from, 1, 0), 1);
	ck_assert(IN6_IS_ADDR_V4MAPPED(&from.sin6_addr));
	ck_assert_int_eq(zm.src.sin_family, AF_INET);
	ck_assert_uint_eq(zm.src.sin_port, from.sin6_port);
	ck_assert_mem_eq(&zm.src.sin_addr, &from.sin6_addr.s6_addr[12], 4);
	ck_assert_int_eq(afudp_zc_release(a, &zm, 1), 0);
	ck_assert_int_eq(afudp_zc_alloc(a, &zb, 1, 0), 1);
	memcpy(zb.data, "fresh", 5);
	ck_assert_int_eq(afudp_zc_send(a, &zb, 5, 0, (void *)&from,
				       sizeof(from)), 5);
	ck_assert_int_eq(afudp_recv(c, buf, sizeof(buf), 0), 5);
	ck_assert_mem_eq(buf, "fresh", 5);
	/*
	 * afudp_zc_reply() on an IPv6 socket: to the sources in @src6 (not
	 * NULL), an IPv6 one and a v4-mapped one.
	 */
	ck_assert_int_eq(afudp_sendto(b, "r6", 2, 0, (void *)&aa,
				      sizeof(aa)), 2);
	ck_assert_int_eq(afudp_zc_recv6(a, &zm, &from, 1, 0), 1);
	ck_assert_int_eq(afudp_zc_reply(a, &zm, NULL, 1, 0), -EINVAL);
	ck_assert_int_eq(afudp_zc_reply(a, &zm, &from, 1, 0), 1);
	ck_assert_int_eq(afudp_recv(b, buf, sizeof(buf), 0), 2);
	ck_assert_mem_eq(buf, "r6", 2);
	ck_assert_int_eq(afudp_sendto(c, "r4", 2, 0, (void *)&b4,
				      sizeof(b4)), 2);
	ck_assert_int_eq(afudp_zc_recv6(a, &zm, &from, 1, 0), 1);
	ck_assert(IN6_IS_ADDR_V4MAPPED(&from.sin6_addr));
	ck_assert_int_eq(afudp_zc_reply(a, &zm, &from, 1, 0), 1);
	ck_assert_int_eq(afudp_recv(c, buf, sizeof(buf), 0), 2);
	ck_assert_mem_eq(buf, "r4", 2);
	afudp_close(a);

	/* IPV6_V6ONLY: the IPv4 port stays free for an IPv4 socket. */
	a = afudp_socket(st, &o6);
	ck_assert_int_eq(afudp_setsockopt(a, IPPROTO_IPV6, IPV6_V6ONLY, &one,
					  sizeof(one)), 0);
	memset(&m, 0, sizeof(m));
	m.sin6_family = AF_INET6;
	ck_assert_int_eq(afudp_bind(a, (void *)&m, sizeof(m)), 0);
	len = sizeof(m);
	ck_assert_int_eq(afudp_getsockname(a, (void *)&m, &len), 0);
	k = socket(AF_INET, SOCK_DGRAM, 0);
	b4 = lo_addr(ntohs(m.sin6_port));
	ck_assert_int_eq(bind(k, (void *)&b4, sizeof(b4)), 0);
	close(k);
	afudp_close(a);
	afudp_close(b);
	afudp_close(c);
	afudp_stack_close(st);
}
END_TEST

Suite *api_suite(void)
{
	Suite *s = suite_create("api");
	TCase *tc = tcase_create("api");

	tcase_add_test(tc, test_open_bad_opts);
	tcase_add_test(tc, test_open_no_device);
	tcase_add_test(tc, test_env_backend);
	tcase_add_test(tc, test_env_vlan);
	tcase_add_test(tc, test_bad_args);
	tcase_add_test(tc, test_kernel_backend_roundtrip);
	tcase_add_test(tc, test_port_reservation);
	tcase_add_test(tc, test_adopt_kernel_fd);
	tcase_add_test(tc, test_inet6_socket);
	suite_add_tcase(s, tc);
	return s;
}
