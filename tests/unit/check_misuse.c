// SPDX-License-Identifier: BSD-2-Clause
/*
 * Misuse of the public API, without privileges (kernel backend on "lo"):
 * every entry point given NULLs, wrong sizes, unknown flags, bad addresses,
 * handles it never lent or already took back, and the errno it must answer
 * with (the one a BSD socket gives for the same mistake, or the one
 * include/afudp.h documents). Options and counter structs of other sizes
 * than ours (older and newer callers). What happens to buffers a failed
 * call was given (afudp_zc_send consumes them whatever the result). Closing
 * a stack with sockets still open leaves no descriptor behind.
 *
 * A closed socket gives -EBADF to every call, a second close included,
 * until its handle is handed out again. Calls from forbidden contexts are
 * refused: from the log callback (-EDEADLK). A forked child shares the
 * parent's stack (each closes its own part). Using a
 * stack after afudp_stack_close() is not tested: its memory is gone.
 * Extends tests/unit/check_api.c, which covers the common mistakes.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "afudp.h"

static char last_warning[512];

static void logger(void *ctx, int level, const char *msg)
{
	(void)ctx;
	if (level <= LOG_WARNING)
		snprintf(last_warning, sizeof(last_warning), "%s", msg);
}

static struct afudp_stack *lo_stack(void)
{
	AFUDP_OPTS_INIT(afudp_stack_opts, o, .ifname = "lo",
			.backend = AFUDP_BACKEND_KERNEL, .log_fn = logger);
	struct afudp_stack *st = afudp_stack_open(&o);

	ck_assert_msg(st, "kernel-backend stack on lo: %s", strerror(errno));
	return st;
}

static struct sockaddr_in lo_addr(uint16_t port)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(port) };

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

/* A socket bound to an ephemeral port of 127.0.0.1; *addr gets it. */
static struct afudp_socket *bound(struct afudp_stack *st,
				  struct sockaddr_in *addr, unsigned int flags)
{
	AFUDP_OPTS_INIT(afudp_socket_opts, so, .flags = flags);
	struct sockaddr_in a = lo_addr(0);
	socklen_t len = sizeof(a);
	struct afudp_socket *s = afudp_socket(st, &so);

	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(afudp_bind(s, (void *)&a, sizeof(a)), 0);
	ck_assert_int_eq(afudp_getsockname(s, (void *)&a, &len), 0);
	if (addr)
		*addr = a;
	return s;
}

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1; /* the DIR's own */
}

#define OPEN_FAILS(o, err)                                                     \
	do {                                                                   \
		errno = 0;                                                     \
		ck_assert_ptr_null(afudp_stack_open(&(o)));                    \
		ck_assert_int_eq(errno, err);                                  \
	} while (0)

START_TEST(test_stack_open_opts)
{
	AFUDP_OPTS_INIT(afudp_stack_opts, good, .ifname = "lo",
			.backend = AFUDP_BACKEND_KERNEL, .log_fn = logger);
	struct afudp_stack_opts o;

	o = good, o.sz = 0;
	OPEN_FAILS(o, EINVAL);
	o = good, o.ifname = "";
	OPEN_FAILS(o, EINVAL);
	o = good, o.ifname = "a-name-too-long0"; /* 16 >= IF_NAMESIZE */
	OPEN_FAILS(o, EINVAL);
	o = good, o.frames = 64; /* power of 2, < 128 */
	OPEN_FAILS(o, EINVAL);
	o = good, o.frames = 1u << 21;
	OPEN_FAILS(o, EINVAL);
	o = good, o.frame_size = 1024;
	OPEN_FAILS(o, EINVAL);
	o = good, o.frame_size = 8192;
	OPEN_FAILS(o, EINVAL);
	o = good, o.ring_size = 32;
	OPEN_FAILS(o, EINVAL);
	o = good, o.ring_size = 32768;
	OPEN_FAILS(o, EINVAL);
	o = good, o.frames = 128, o.ring_size = 128; /* needs 2x frames */
	OPEN_FAILS(o, EINVAL);
	o = good, o.backend = 3;
	OPEN_FAILS(o, EINVAL);
	o = good, o.copy_mode = 3;
	OPEN_FAILS(o, EINVAL);
	o = good, o.log_level = -1;
	OPEN_FAILS(o, EINVAL);
	o = good, o.log_level = LOG_DEBUG + 1;
	OPEN_FAILS(o, EINVAL);
	o = good, o.ifname = "nosuchif0";
	OPEN_FAILS(o, ENODEV);
	o = good;
	afudp_stack_close(afudp_stack_open(&o));
}
END_TEST

/*
 * "Programs built against an older header keep working": an options struct
 * whose sz ends before fields we know must be read as if those fields were
 * zero (libbpf's OPTS_GET), whatever bytes follow it in the caller's memory.
 */
START_TEST(test_stack_opts_older_caller)
{
	union {
		struct afudp_stack_opts o;
		unsigned char b[sizeof(struct afudp_stack_opts) + 64];
	} so;
	struct afudp_stack *st;

	setenv("AFUDP_BACKEND", "kernel", 1);
	memset(&so, 0xff, sizeof(so));
	so.o.sz =
		offsetof(struct afudp_stack_opts, ifname) + sizeof(so.o.ifname);
	so.o.ifname = "lo";
	errno = 0;
	st = afudp_stack_open(&so.o);
	unsetenv("AFUDP_BACKEND");
	ck_assert_msg(st, "stack opts of %zu bytes, garbage after: %s", so.o.sz,
		      strerror(errno));
	afudp_stack_close(st);
}
END_TEST

START_TEST(test_socket_opts_older_caller)
{
	union {
		struct afudp_socket_opts o;
		unsigned char b[sizeof(struct afudp_socket_opts) + 64];
	} ko;
	struct afudp_stack *st = lo_stack();
	struct afudp_socket *s;

	memset(&ko, 0xff, sizeof(ko));
	ko.o.sz = sizeof(size_t);
	errno = 0;
	s = afudp_socket(st, &ko.o);
	ck_assert_msg(s, "socket opts of %zu bytes, garbage after: %s", ko.o.sz,
		      strerror(errno));
	afudp_close(s);
	afudp_stack_close(st);
}
END_TEST

/* Output structs: sz is checked, and nothing past sz is written. */
START_TEST(test_out_struct_sizes)
{
	struct afudp_stack *st = lo_stack();
	struct afudp_socket *s = bound(st, NULL, 0);
	union {
		struct afudp_stack_info i;
		unsigned char b[sizeof(struct afudp_stack_info) + 32];
	} info;
	union {
		struct afudp_stack_stats i;
		unsigned char b[sizeof(struct afudp_stack_stats) + 32];
	} sst;
	union {
		struct afudp_socket_stats i;
		unsigned char b[sizeof(struct afudp_socket_stats) + 32];
	} kst;
	size_t n, i;

	ck_assert_int_eq(afudp_stack_info(NULL, &info.i), -EINVAL);
	ck_assert_int_eq(afudp_stack_info(st, NULL), -EINVAL);
	ck_assert_int_eq(afudp_stack_stats(NULL, &sst.i), -EINVAL);
	ck_assert_int_eq(afudp_stack_stats(st, NULL), -EINVAL);
	ck_assert_int_eq(afudp_socket_stats(NULL, &kst.i), -EINVAL);
	ck_assert_int_eq(afudp_socket_stats(s, NULL), -EINVAL);
	memset(&info, 0, sizeof(info));
	memset(&sst, 0, sizeof(sst));
	memset(&kst, 0, sizeof(kst));
	info.i.sz = sst.i.sz = kst.i.sz = 4; /* < sizeof(size_t) */
	ck_assert_int_eq(afudp_stack_info(st, &info.i), -EINVAL);
	ck_assert_int_eq(afudp_stack_stats(st, &sst.i), -EINVAL);
	ck_assert_int_eq(afudp_socket_stats(s, &kst.i), -EINVAL);

	/* An older caller: only the first field after sz. */
	n = offsetof(struct afudp_stack_info, xdp_mode);
	memset(&info, 0xee, sizeof(info));
	info.i.sz = n;
	ck_assert_int_eq(afudp_stack_info(st, &info.i), 0);
	ck_assert_int_eq(info.i.backend, AFUDP_BACKEND_KERNEL);
	for (i = n; i < sizeof(info); i++)
		ck_assert_msg(info.b[i] == 0xee, "stack_info wrote byte %zu",
			      i);
	n = offsetof(struct afudp_stack_stats, xdp_pass_not_ipv4);
	memset(&sst, 0xee, sizeof(sst));
	sst.i.sz = n;
	ck_assert_int_eq(afudp_stack_stats(st, &sst.i), 0);
	for (i = n; i < sizeof(sst); i++)
		ck_assert_msg(sst.b[i] == 0xee, "stack_stats wrote byte %zu",
			      i);
	n = offsetof(struct afudp_socket_stats, rx_bytes);
	memset(&kst, 0xee, sizeof(kst));
	kst.i.sz = n;
	ck_assert_int_eq(afudp_socket_stats(s, &kst.i), 0);
	ck_assert_uint_eq(kst.i.rx_packets, 0);
	for (i = n; i < sizeof(kst); i++)
		ck_assert_msg(kst.b[i] == 0xee, "socket_stats wrote byte %zu",
			      i);

	/* A newer caller: ours filled, its tail left as it was. */
	memset(&kst, 0xee, sizeof(kst));
	kst.i.sz = sizeof(kst);
	ck_assert_int_eq(afudp_socket_stats(s, &kst.i), 0);
	ck_assert_uint_eq(kst.i.tx_packets, 0);
	for (i = sizeof(kst.i); i < sizeof(kst); i++)
		ck_assert_msg(kst.b[i] == 0xee, "socket_stats wrote byte %zu",
			      i);
	afudp_close(s);
	afudp_stack_close(st);
}
END_TEST

START_TEST(test_socket_opts)
{
	struct afudp_stack *st = lo_stack();
	unsigned int q = 0;
	AFUDP_OPTS_INIT(afudp_socket_opts, o);
	struct afudp_socket_opts bad;

#define SOCKET_FAILS(opts)                                                     \
	do {                                                                   \
		errno = 0;                                                     \
		ck_assert_ptr_null(afudp_socket(st, &(opts)));                 \
		ck_assert_int_eq(errno, EINVAL);                               \
	} while (0)
	bad = o, bad.sz = 0;
	SOCKET_FAILS(bad);
	bad = o, bad.busy_poll = 2;
	SOCKET_FAILS(bad);
	bad = o, bad.busy_poll = -2;
	SOCKET_FAILS(bad);
	bad = o, bad.flags = 1u << 31;
	SOCKET_FAILS(bad);
	bad = o, bad.n_queues = 1; /* no list */
	SOCKET_FAILS(bad);
	/* A queue the stack does not serve (the kernel backend: none). */
	bad = o, bad.queues = &q, bad.n_queues = 1;
	SOCKET_FAILS(bad);
	/* A reuseport group shares every queue: neither shards nor a list. */
	bad = o, bad.flags = AFUDP_SO_REUSEPORT | AFUDP_SO_SHARD;
	SOCKET_FAILS(bad);
	bad = o, bad.flags = AFUDP_SO_REUSEPORT, bad.queues = &q;
	bad.n_queues = 1;
	SOCKET_FAILS(bad);
	errno = 0;
	ck_assert_ptr_null(afudp_socket(NULL, &o));
	ck_assert_int_eq(errno, EINVAL);
	afudp_stack_close(st);
}
END_TEST

START_TEST(test_bind_args)
{
	struct afudp_stack *st = lo_stack();
	struct afudp_socket *s = afudp_socket(st, NULL), *t;
	struct sockaddr_in a = lo_addr(0), b, far = lo_addr(0);
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };
	socklen_t len = sizeof(b);
	int k, err;

	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(afudp_bind(s, (void *)&a, 0), -EINVAL);
	ck_assert_int_eq(afudp_bind(s, (void *)&a, 1), -EINVAL);
	ck_assert_int_eq(afudp_bind(s, (void *)&a, sizeof(a) - 1), -EINVAL);
	ck_assert_int_eq(afudp_bind(s, (void *)&a6, sizeof(a6)), -EAFNOSUPPORT);
	far.sin_addr.s_addr = inet_addr("192.0.2.1"); /* TEST-NET-1 */
	ck_assert_int_eq(afudp_bind(s, (void *)&far, sizeof(far)),
			 -EADDRNOTAVAIL);

	/* A port someone holds, then another: the failure left it usable. */
	k = socket(AF_INET, SOCK_DGRAM, 0);
	ck_assert_int_eq(bind(k, (void *)&a, sizeof(a)), 0);
	ck_assert_int_eq(getsockname(k, (void *)&b, &len), 0);
	ck_assert_int_eq(afudp_bind(s, (void *)&b, sizeof(b)), -EADDRINUSE);
	ck_assert_int_eq(afudp_bind(s, (void *)&a, sizeof(a)), 0);
	len = sizeof(a);
	ck_assert_int_eq(afudp_getsockname(s, (void *)&a, &len), 0);
	ck_assert_uint_ne(a.sin_port, 0);
	ck_assert_uint_ne(a.sin_port, b.sin_port);
	t = bound(st, NULL, 0);
	ck_assert_int_eq(afudp_sendto(t, "after", 5, 0, (void *)&a, sizeof(a)),
			 5);
	{
		char buf[8];

		ck_assert_int_eq(afudp_recv(s, buf, sizeof(buf), 0), 5);
	}
	close(k);

	/* A privileged port, where this process may not bind one. */
	k = socket(AF_INET, SOCK_DGRAM, 0);
	b = lo_addr(1);
	err = bind(k, (void *)&b, sizeof(b)) ? -errno : 0;
	close(k);
	if (err == -EACCES) {
		struct afudp_socket *p = afudp_socket(st, NULL);

		ck_assert_int_eq(afudp_bind(p, (void *)&b, sizeof(b)), -EACCES);
		afudp_close(p);
	}
	afudp_close(t);
	afudp_close(s);
	afudp_stack_close(st);
}
END_TEST

START_TEST(test_connect_args)
{
	struct afudp_stack *st = lo_stack();
	struct sockaddr_in pa, a = lo_addr(0);
	struct afudp_socket *p = bound(st, &pa, 0);
	struct afudp_socket *s = afudp_socket(st, NULL);
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };
	struct sockaddr un = { .sa_family = AF_UNSPEC };
	char buf[8];

	ck_assert_int_eq(afudp_connect(NULL, (void *)&pa, sizeof(pa)), -EINVAL);
	ck_assert_int_eq(afudp_connect(s, NULL, sizeof(pa)), -EINVAL);
	ck_assert_int_eq(afudp_connect(s, (void *)&pa, 1), -EINVAL);
	ck_assert_int_eq(afudp_connect(s, (void *)&pa, sizeof(pa) - 1),
			 -EINVAL);
	ck_assert_int_eq(afudp_connect(s, (void *)&a6, sizeof(a6)),
			 -EAFNOSUPPORT);
	/* AF_UNSPEC on a socket never connected: nothing to dissolve. */
	ck_assert_int_eq(afudp_connect(s, &un, sizeof(un)), 0);
	ck_assert_int_eq(afudp_send(s, "x", 1, 0), -EDESTADDRREQ);

	ck_assert_int_eq(afudp_connect(s, (void *)&pa, sizeof(pa)), 0);
	ck_assert_int_eq(afudp_send(s, "c", 1, 0), 1);
	ck_assert_int_eq(afudp_recv(p, buf, sizeof(buf), 0), 1);
	/* An explicit destination on a connected socket: allowed. */
	ck_assert_int_eq(afudp_sendto(s, "d", 1, 0, (void *)&pa, sizeof(pa)),
			 1);
	ck_assert_int_eq(afudp_recv(p, buf, sizeof(buf), 0), 1);
	ck_assert_int_eq(afudp_connect(s, &un, sizeof(un)), 0);
	ck_assert_int_eq(afudp_send(s, "x", 1, 0), -EDESTADDRREQ);
	(void)a;
	afudp_close(s);
	afudp_close(p);
	afudp_stack_close(st);
}
END_TEST

START_TEST(test_getsockname_args)
{
	struct afudp_stack *st = lo_stack();
	struct afudp_socket *s = afudp_socket(st, NULL);
	union {
		struct sockaddr_in a;
		unsigned char b[sizeof(struct sockaddr_in) + 8];
	} u;
	socklen_t len = sizeof(u.a);
	size_t i;

	ck_assert_int_eq(afudp_getsockname(NULL, (void *)&u, &len), -EINVAL);
	ck_assert_int_eq(afudp_getsockname(s, NULL, &len), -EINVAL);
	ck_assert_int_eq(afudp_getsockname(s, (void *)&u, NULL), -EINVAL);
	/* Unbound: AF_INET, address and port 0, as getsockname(2). */
	memset(&u, 0xee, sizeof(u));
	ck_assert_int_eq(afudp_getsockname(s, (void *)&u, &len), 0);
	ck_assert_int_eq(len, sizeof(struct sockaddr_in));
	ck_assert_int_eq(u.a.sin_family, AF_INET);
	ck_assert_uint_eq(u.a.sin_port, 0);
	/* Too short a buffer: truncated, *len says the real size. */
	memset(&u, 0xee, sizeof(u));
	len = 4;
	ck_assert_int_eq(afudp_getsockname(s, (void *)&u, &len), 0);
	ck_assert_int_eq(len, sizeof(struct sockaddr_in));
	for (i = 4; i < sizeof(u); i++)
		ck_assert_msg(u.b[i] == 0xee, "wrote byte %zu", i);
	afudp_close(s);
	afudp_stack_close(st);
}
END_TEST

START_TEST(test_send_args)
{
	struct afudp_stack *st = lo_stack();
	struct sockaddr_in pa;
	struct afudp_socket *p = bound(st, &pa, 0);
	struct afudp_socket *s = bound(st, NULL, 0);
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };
	static char big[65508], in[65536];

	ck_assert_int_eq(afudp_sendto(NULL, "x", 1, 0, (void *)&pa, sizeof(pa)),
			 -EINVAL);
	ck_assert_int_eq(afudp_send(NULL, "x", 1, 0), -EINVAL);
	ck_assert_int_eq(afudp_sendto(s, NULL, 1, 0, (void *)&pa, sizeof(pa)),
			 -EINVAL);
	ck_assert_int_eq(
		afudp_sendto(s, "x", 1, MSG_OOB, (void *)&pa, sizeof(pa)),
		-EOPNOTSUPP);
	ck_assert_int_eq(afudp_sendto(s, "x", 1, (int)0x80000000u, (void *)&pa,
				      sizeof(pa)),
			 -EOPNOTSUPP);
	ck_assert_int_eq(afudp_sendto(s, "x", 1, 0, (void *)&a6, sizeof(a6)),
			 -EAFNOSUPPORT);
	ck_assert_int_eq(afudp_sendto(s, "x", 1, 0, (void *)&pa, 8), -EINVAL);
	ck_assert_int_eq(afudp_sendto(s, "x", 1, 0, NULL, 0), -EDESTADDRREQ);
	ck_assert_int_eq(
		afudp_sendto(s, big, sizeof(big), 0, (void *)&pa, sizeof(pa)),
		-EMSGSIZE);
	ck_assert_int_eq(afudp_recv(p, in, sizeof(in), MSG_DONTWAIT), -EAGAIN);

	/* The largest datagram, and an empty one, go and arrive whole. */
	memset(big, 'b', sizeof(big));
	ck_assert_int_eq(
		afudp_sendto(s, big, 65507, 0, (void *)&pa, sizeof(pa)), 65507);
	ck_assert_int_eq(afudp_recv(p, in, sizeof(in), 0), 65507);
	ck_assert_int_eq(afudp_sendto(s, NULL, 0, 0, (void *)&pa, sizeof(pa)),
			 0);
	ck_assert_int_eq(afudp_recv(p, in, sizeof(in), 0), 0);
	afudp_close(s);
	afudp_close(p);
	afudp_stack_close(st);
}
END_TEST

START_TEST(test_recv_args)
{
	struct afudp_stack *st = lo_stack();
	struct sockaddr_in pa;
	struct afudp_socket *p = bound(st, &pa, 0);
	struct afudp_socket *s = bound(st, NULL, 0);
	struct afudp_socket *nb = bound(st, NULL, AFUDP_SO_NONBLOCK);
	struct afudp_socket *u = afudp_socket(st, NULL);
	union {
		struct sockaddr_in a;
		unsigned char b[sizeof(struct sockaddr_in) + 8];
	} src;
	socklen_t sl;
	char buf[64];
	size_t i;

	ck_assert_int_eq(afudp_recv(NULL, buf, sizeof(buf), 0), -EINVAL);
	ck_assert_int_eq(afudp_recv(p, NULL, 8, 0), -EINVAL);
	ck_assert_int_eq(
		afudp_recvfrom(p, buf, sizeof(buf), 0, (void *)&src, NULL),
		-EINVAL);
	ck_assert_int_eq(afudp_recv(p, buf, sizeof(buf), MSG_PEEK),
			 -EOPNOTSUPP);
	ck_assert_int_eq(afudp_recv(p, buf, sizeof(buf), MSG_WAITALL),
			 -EOPNOTSUPP);
	ck_assert_int_eq(afudp_recv(p, buf, sizeof(buf), MSG_DONTWAIT),
			 -EAGAIN);
	ck_assert_int_eq(afudp_recv(nb, buf, sizeof(buf), 0), -EAGAIN);
	/* Unbound, as recv(2) on an unbound UDP socket: nothing, EAGAIN. */
	ck_assert_int_eq(afudp_recv(u, buf, sizeof(buf), MSG_DONTWAIT),
			 -EAGAIN);

	/* No buffer at all, MSG_TRUNC: the length, and it is gone. */
	ck_assert_int_eq(
		afudp_sendto(s, "0123456789", 10, 0, (void *)&pa, sizeof(pa)),
		10);
	ck_assert_int_eq(afudp_recv(p, NULL, 0, MSG_TRUNC), 10);
	ck_assert_int_eq(afudp_recv(p, buf, sizeof(buf), MSG_DONTWAIT),
			 -EAGAIN);
	/* A short source buffer: truncated, *sl the real size. */
	ck_assert_int_eq(afudp_sendto(s, "ab", 2, 0, (void *)&pa, sizeof(pa)),
			 2);
	memset(&src, 0xee, sizeof(src));
	sl = 2;
	ck_assert_int_eq(
		afudp_recvfrom(p, buf, sizeof(buf), 0, (void *)&src, &sl), 2);
	ck_assert_int_eq(sl, sizeof(struct sockaddr_in));
	for (i = 2; i < sizeof(src); i++)
		ck_assert_msg(src.b[i] == 0xee, "wrote byte %zu", i);
	afudp_close(u);
	afudp_close(nb);
	afudp_close(s);
	afudp_close(p);
	afudp_stack_close(st);
}
END_TEST

static void on_alarm(int sig)
{
	(void)sig;
}

/* "-EINTR when a signal interrupts the sleep." */
START_TEST(test_recv_eintr)
{
	struct afudp_stack *st = lo_stack();
	struct afudp_socket *p = bound(st, NULL, 0);
	struct sigaction sa = { .sa_handler = on_alarm }; /* no restart */
	struct itimerval it = { .it_value = { 0, 100 * 1000 } };
	struct afudp_zc_msg m;
	char buf[8];

	sigemptyset(&sa.sa_mask);
	ck_assert_int_eq(sigaction(SIGALRM, &sa, NULL), 0);
	ck_assert_int_eq(setitimer(ITIMER_REAL, &it, NULL), 0);
	ck_assert_int_eq(afudp_recv(p, buf, sizeof(buf), 0), -EINTR);
	ck_assert_int_eq(setitimer(ITIMER_REAL, &it, NULL), 0);
	ck_assert_int_eq(afudp_zc_recv(p, &m, 1, 0), -EINTR);
	afudp_close(p);
	afudp_stack_close(st);
}
END_TEST

START_TEST(test_mmsg_args)
{
	struct afudp_stack *st = lo_stack();
	struct sockaddr_in pa;
	struct afudp_socket *p = bound(st, &pa, 0);
	struct afudp_socket *s = bound(st, NULL, 0);
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };
	char d0[] = "zero", d1[] = "one", rb[2][16];
	struct iovec iov[2] = { { d0, 4 }, { d1, 3 } };
	struct iovec riov[2] = { { rb[0], 16 }, { rb[1], 16 } };
	struct mmsghdr m[2], r[2];

	ck_assert_int_eq(afudp_recvmmsg(NULL, r, 2, 0), -EINVAL);
	ck_assert_int_eq(afudp_recvmmsg(p, r, 0, 0), -EINVAL);
	ck_assert_int_eq(afudp_recvmmsg(p, r, 2, MSG_PEEK), -EOPNOTSUPP);
	memset(r, 0, sizeof(r));
	r[0].msg_hdr.msg_iov = &riov[0];
	r[0].msg_hdr.msg_iovlen = 1;
	r[1].msg_hdr.msg_iov = &riov[1];
	r[1].msg_hdr.msg_iovlen = 1;
	ck_assert_int_eq(afudp_recvmmsg(p, r, 2, MSG_DONTWAIT), -EAGAIN);

	ck_assert_int_eq(afudp_sendmmsg(NULL, m, 2, 0), -EINVAL);
	ck_assert_int_eq(afudp_sendmsg(NULL, &m[0].msg_hdr, 0), -EINVAL);
	ck_assert_int_eq(afudp_sendmsg(s, NULL, 0), -EINVAL);
	ck_assert_int_eq(afudp_recvmsg(NULL, &r[0].msg_hdr, 0), -EINVAL);
	ck_assert_int_eq(afudp_recvmsg(p, NULL, 0), -EINVAL);
	ck_assert_int_eq(afudp_setsockopt(NULL, SOL_SOCKET, SO_RCVBUF, NULL, 0),
			 -EINVAL);
	/* The kernel's errno for the kernel's mistakes. */
	ck_assert_int_eq(afudp_setsockopt(s, SOL_SOCKET, SO_RCVBUF, d0, 1),
			 -EINVAL);
	ck_assert_int_eq(afudp_setsockopt(s, SOL_SOCKET, 12345, d0, 4),
			 -ENOPROTOOPT);
	ck_assert_int_eq(afudp_sendmmsg(s, NULL, 2, 0), -EINVAL);
	ck_assert_int_eq(afudp_sendmmsg(s, m, 0, 0), -EINVAL);
	ck_assert_int_eq(afudp_sendmmsg(s, m, 2, MSG_OOB), -EOPNOTSUPP);
	/* The second one is bad: the first goes, and 1 is returned. */
	memset(m, 0, sizeof(m));
	m[0].msg_hdr = (struct msghdr){ .msg_name = &pa,
					.msg_namelen = sizeof(pa),
					.msg_iov = &iov[0],
					.msg_iovlen = 1 };
	m[1].msg_hdr = (struct msghdr){ .msg_name = &a6,
					.msg_namelen = sizeof(a6),
					.msg_iov = &iov[1],
					.msg_iovlen = 1 };
	ck_assert_int_eq(afudp_sendmmsg(s, m, 2, 0), 1);
	ck_assert_uint_eq(m[0].msg_len, 4);
	/* The bad one first: its error. */
	ck_assert_int_eq(afudp_sendmmsg(s, &m[1], 1, 0), -EAFNOSUPPORT);
	m[1].msg_hdr.msg_name = NULL;
	m[1].msg_hdr.msg_namelen = 0;
	ck_assert_int_eq(afudp_sendmmsg(s, &m[1], 1, 0), -EDESTADDRREQ);
	ck_assert_int_eq(afudp_recvmmsg(p, r, 2, 0), 1);
	ck_assert_uint_eq(r[0].msg_len, 4);
	ck_assert_mem_eq(rb[0], "zero", 4);
	afudp_close(s);
	afudp_close(p);
	afudp_stack_close(st);
}
END_TEST

START_TEST(test_zc_recv_release)
{
	struct afudp_stack *st = lo_stack();
	struct sockaddr_in pa;
	struct afudp_socket *p = bound(st, &pa, 0);
	struct afudp_socket *s = bound(st, NULL, 0);
	struct afudp_zc_msg m, two[2];
	struct afudp_zc_buf b;

	ck_assert_int_eq(afudp_zc_recv(NULL, &m, 1, 0), -EINVAL);
	ck_assert_int_eq(afudp_zc_recv(p, NULL, 1, 0), -EINVAL);
	ck_assert_int_eq(afudp_zc_recv(p, &m, 0, 0), -EINVAL);
	ck_assert_int_eq(afudp_zc_recv(p, &m, 1, MSG_TRUNC), -EOPNOTSUPP);
	ck_assert_int_eq(afudp_zc_recv(p, &m, 1, MSG_DONTWAIT), -EAGAIN);
	ck_assert_int_eq(afudp_zc_release(NULL, &m, 1), -EINVAL);
	ck_assert_int_eq(afudp_zc_release(p, NULL, 0), 0);
	ck_assert_int_eq(afudp_zc_release(p, &m, 0), 0);

	ck_assert_int_eq(afudp_sendto(s, "lent", 4, 0, (void *)&pa, sizeof(pa)),
			 4);
	ck_assert_int_eq(afudp_zc_recv(p, &m, 1, 0), 1);
	ck_assert_uint_eq(m.len, 4);
	/* All or nothing: a bad handle in the batch releases none. */
	two[0] = m;
	two[1] = m;
	two[1].handle ^= 0x5a5a;
	ck_assert_int_eq(afudp_zc_release(p, two, 2), -EINVAL);
	/* The same one twice in a batch: refused, and still lent. */
	two[1] = m;
	ck_assert_int_eq(afudp_zc_release(p, two, 2), -EINVAL);
	ck_assert_int_eq(afudp_zc_release(p, &m, 1), 0);
	/* Given back: not a second time, and not to send from. */
	ck_assert_int_eq(afudp_zc_release(p, &m, 1), -EINVAL);
	ck_assert_int_eq(afudp_zc_from_rx(p, &m, &b), -EINVAL);
	ck_assert_int_eq(afudp_zc_from_rx(NULL, &m, &b), -EINVAL);
	ck_assert_int_eq(afudp_zc_from_rx(p, NULL, &b), -EINVAL);

	/* Another socket's message is not this one's to release. */
	ck_assert_int_eq(afudp_sendto(s, "lent", 4, 0, (void *)&pa, sizeof(pa)),
			 4);
	ck_assert_int_eq(afudp_zc_recv(p, &m, 1, 0), 1);
	ck_assert_int_eq(afudp_zc_release(s, &m, 1), -EINVAL);
	ck_assert_int_eq(afudp_zc_from_rx(p, &m, NULL), -EINVAL);
	ck_assert_int_eq(afudp_zc_release(p, &m, 1), 0);
	afudp_close(s);
	afudp_close(p);
	afudp_stack_close(st);
}
END_TEST

START_TEST(test_zc_alloc_free)
{
	struct afudp_stack *st = lo_stack();
	struct afudp_socket *s = bound(st, NULL, 0);
	struct afudp_zc_buf b[200], two[2];
	int n = 0, r;

	ck_assert_int_eq(afudp_zc_alloc(NULL, b, 1, 0), -EINVAL);
	ck_assert_int_eq(afudp_zc_alloc(s, NULL, 1, 0), -EINVAL);
	ck_assert_int_eq(afudp_zc_alloc(s, b, 0, 0), -EINVAL);
	ck_assert_int_eq(afudp_zc_alloc(s, b, 1, MSG_TRUNC), -EOPNOTSUPP);
	ck_assert_int_eq(afudp_zc_free(NULL, b, 1), -EINVAL);
	ck_assert_int_eq(afudp_zc_free(s, NULL, 1), -EINVAL);
	ck_assert_int_eq(afudp_zc_free(s, b, 0), 0);

	/* Until there is none: -ENOBUFS or -EAGAIN, never a crash. */
	while (n < 200 && (r = afudp_zc_alloc(s, &b[n], 7, MSG_DONTWAIT)) > 0)
		n += r;
	ck_assert_int_lt(n, 200);
	ck_assert_int_ge(n, 1);
	ck_assert_msg(r == -ENOBUFS || r == -EAGAIN, "got %d", r);
	/* All or nothing: a bad handle in the batch frees none. */
	two[0] = b[0];
	two[1] = b[0];
	two[1].handle ^= 0x5a5a;
	ck_assert_int_eq(afudp_zc_free(s, two, 2), -EINVAL);
	/* The same one twice in a batch: refused, and still lent. */
	two[1] = b[0];
	ck_assert_int_eq(afudp_zc_free(s, two, 2), -EINVAL);
	ck_assert_int_eq(afudp_zc_free(s, b, n), 0);
	ck_assert_int_eq(afudp_zc_free(s, b, 1), -EINVAL); /* twice */
	/* And they are all there again. */
	ck_assert_int_eq(afudp_zc_alloc(s, b, 1, MSG_DONTWAIT), 1);
	ck_assert_int_eq(afudp_zc_free(s, b, 1), 0);
	afudp_close(s);
	afudp_stack_close(st);
}
END_TEST

/*
 * afudp_zc_send(): "The buffer is consumed whatever the result." So after
 * any failure with a buffer that was lent, it is no longer lent (freeing it
 * is -EINVAL), and failures don't use up the socket's buffers.
 */
START_TEST(test_zc_send_consumes)
{
	struct afudp_stack *st = lo_stack();
	struct sockaddr_in pa;
	struct afudp_socket *p = bound(st, &pa, 0);
	struct afudp_socket *s = bound(st, NULL, 0);
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };
	struct afudp_zc_buf b, bogus = { 0 };
	int i;

	ck_assert_int_eq(afudp_zc_send(NULL, &b, 1, 0, (void *)&pa, sizeof(pa)),
			 -EINVAL);
	ck_assert_int_eq(afudp_zc_send(s, NULL, 1, 0, (void *)&pa, sizeof(pa)),
			 -EINVAL);
	bogus.handle = 0x1234;
	ck_assert_int_eq(
		afudp_zc_send(s, &bogus, 1, 0, (void *)&pa, sizeof(pa)),
		-EINVAL);

#define CONSUMED_AFTER(call, err)                                              \
	do {                                                                   \
		ck_assert_int_eq(afudp_zc_alloc(s, &b, 1, 0), 1);              \
		ck_assert_int_eq(call, err);                                   \
		ck_assert_int_eq(afudp_zc_free(s, &b, 1), -EINVAL);            \
	} while (0)
	CONSUMED_AFTER(
		afudp_zc_send(s, &b, 1, MSG_OOB, (void *)&pa, sizeof(pa)),
		-EOPNOTSUPP);
	CONSUMED_AFTER(afudp_zc_send(s, &b, 1, 0, (void *)&a6, sizeof(a6)),
		       -EAFNOSUPPORT);
	CONSUMED_AFTER(afudp_zc_send(s, &b, 1, 0, NULL, 0), -EDESTADDRREQ);
	CONSUMED_AFTER(afudp_zc_send(s, &b, 1, 0, (void *)&pa, 3), -EINVAL);
	/* Sent: consumed too, and not sendable twice. */
	ck_assert_int_eq(afudp_zc_alloc(s, &b, 1, 0), 1);
	memcpy(b.data, "z", 1);
	ck_assert_int_eq(afudp_zc_send(s, &b, 1, 0, (void *)&pa, sizeof(pa)),
			 1);
	ck_assert_int_eq(afudp_zc_send(s, &b, 1, 0, (void *)&pa, sizeof(pa)),
			 -EINVAL);
	ck_assert_int_eq(afudp_zc_free(s, &b, 1), -EINVAL);
	/* Longer than the buffer: -EINVAL, and consumed like the others. */
	CONSUMED_AFTER(
		afudp_zc_send(s, &b, b.cap + 1, 0, (void *)&pa, sizeof(pa)),
		-EINVAL);
	/* So a program that trusts the contract never runs out. */
	for (i = 0; i < 300; i++) {
		ck_assert_int_eq(afudp_zc_alloc(s, &b, 1, MSG_DONTWAIT), 1);
		ck_assert_int_eq(afudp_zc_send(s, &b, b.cap + 1, 0, (void *)&pa,
					       sizeof(pa)),
				 -EINVAL);
	}
	afudp_close(s);
	afudp_close(p);
	afudp_stack_close(st);
}
END_TEST

/* Closing a socket that holds lent buffers: documented, and said. */
START_TEST(test_close_holding)
{
	struct afudp_stack *st = lo_stack();
	struct sockaddr_in pa;
	struct afudp_socket *p = bound(st, &pa, 0);
	struct afudp_socket *s = bound(st, NULL, 0);
	struct afudp_zc_msg m;
	struct afudp_zc_buf b[3];

	ck_assert_int_eq(afudp_sendto(s, "held", 4, 0, (void *)&pa, sizeof(pa)),
			 4);
	ck_assert_int_eq(afudp_zc_recv(p, &m, 1, 0), 1);
	ck_assert_int_eq(afudp_zc_alloc(p, b, 3, 0), 3);
	last_warning[0] = '\0';
	afudp_close(p);
	ck_assert_msg(strstr(last_warning, "holding"),
		      "no warning about lent buffers (last: '%s')",
		      last_warning);
	afudp_close(s);
	afudp_stack_close(st);
}
END_TEST

/* afudp_stack_close() closes what is still open, leaving no descriptor. */
START_TEST(test_stack_close_open_sockets)
{
	struct afudp_socket *s[24];
	struct sockaddr_in pa;
	struct afudp_stack *st;
	int before, i, round;

	before = open_fds();
	for (round = 0; round < 3; round++) {
		st = lo_stack();
		for (i = 0; i < 24; i++) {
			if (i % 3 == 0) {
				s[i] = afudp_socket(st, NULL); /* unbound */
				ck_assert_ptr_nonnull(s[i]);
			} else {
				s[i] = bound(st, &pa, 0);
			}
			if (i % 3 == 2)
				ck_assert_int_eq(afudp_connect(s[i],
							       (void *)&pa,
							       sizeof(pa)),
						 0);
		}
		afudp_close(s[4]);
		afudp_stack_close(st);
		ck_assert_int_eq(open_fds(), before);
	}
}
END_TEST

/* Every call on a closed socket: what BSD calls on a closed fd give. */
static int closed_calls(struct afudp_socket *s, const struct sockaddr_in *to)
{
	AFUDP_OPTS_INIT(afudp_socket_stats, ss);
	struct sockaddr_in a = lo_addr(0);
	socklen_t len = sizeof(a);
	struct afudp_zc_buf zb = { 0 };
	struct afudp_zc_msg zm = { 0 };
	struct mmsghdr mm = { 0 };
	char buf[8];
	int bad = 0;

#define WANT(call, e)                                                      \
	do {                                                               \
		long r_ = (long)(call);                                    \
		if (r_ != (e)) {                                           \
			fprintf(stderr, "%s: %ld, want %d\n", #call, r_, e); \
			bad++;                                             \
		}                                                          \
	} while (0)
	WANT(afudp_bind(s, (void *)&a, sizeof(a)), -EBADF);
	WANT(afudp_connect(s, (const void *)to, sizeof(*to)), -EBADF);
	WANT(afudp_getsockname(s, (void *)&a, &len), -EBADF);
	WANT(afudp_socket_fd(s), -EBADF);
	WANT(afudp_send(s, "x", 1, 0), -EBADF);
	WANT(afudp_sendto(s, "x", 1, 0, (const void *)to, sizeof(*to)), -EBADF);
	WANT(afudp_recv(s, buf, sizeof(buf), MSG_DONTWAIT), -EBADF);
	WANT(afudp_recvfrom(s, buf, sizeof(buf), MSG_DONTWAIT, NULL, NULL),
	     -EBADF);
	WANT(afudp_sendmmsg(s, &mm, 1, 0), -EBADF);
	WANT(afudp_recvmmsg(s, &mm, 1, MSG_DONTWAIT), -EBADF);
	WANT(afudp_sendmsg(s, &mm.msg_hdr, 0), -EBADF);
	WANT(afudp_recvmsg(s, &mm.msg_hdr, MSG_DONTWAIT), -EBADF);
	WANT(afudp_setsockopt(s, SOL_SOCKET, SO_RCVBUF, buf, sizeof(int)),
	     -EBADF);
	WANT(afudp_getsockopt(s, SOL_SOCKET, SO_RCVBUF, buf, &len), -EBADF);
	WANT(afudp_flush(s), -EBADF);
	WANT(afudp_zc_alloc(s, &zb, 1, 0), -EBADF);
	WANT(afudp_zc_free(s, &zb, 1), -EBADF);
	WANT(afudp_zc_send(s, &zb, 1, 0, (const void *)to, sizeof(*to)),
	     -EBADF);
	WANT(afudp_zc_recv(s, &zm, 1, MSG_DONTWAIT), -EBADF);
	WANT(afudp_zc_release(s, &zm, 1), -EBADF);
	WANT(afudp_zc_from_rx(s, &zm, &zb), -EBADF);
	WANT(afudp_socket_stats(s, &ss), -EBADF);
	WANT(afudp_close(s), -EBADF);
#undef WANT
	return bad;
}

START_TEST(test_closed_socket)
{
	struct afudp_stack *st = lo_stack();
	struct sockaddr_in pa, sa;
	struct afudp_socket *p = bound(st, &pa, 0);
	struct afudp_socket *s = bound(st, &sa, 0), *n;
	char buf[8];
	int before = open_fds();

	ck_assert_int_eq(afudp_close(s), 0);
	ck_assert_int_eq(closed_calls(s, &pa), 0);
	ck_assert_int_lt(open_fds(), before);
	/* The handle may come back as a new socket, which works. */
	n = bound(st, &sa, 0);
	ck_assert_int_eq(afudp_sendto(n, "new", 3, 0, (void *)&pa, sizeof(pa)),
			 3);
	ck_assert_int_eq(afudp_recv(p, buf, sizeof(buf), 0), 3);
	ck_assert_int_eq(afudp_close(n), 0);
	ck_assert_int_eq(afudp_close(p), 0);
	ck_assert_int_eq(afudp_close(p), -EBADF);
	afudp_stack_close(st);
}
END_TEST

/* A log callback that calls back in. */
struct reentry {
	struct afudp_stack *st;
	struct afudp_socket *s;
	int calls;
	int fd_ret, socket_errno, close_errno, open_errno;
};

static void reentering_logger(void *ctx, int level, const char *msg)
{
	struct reentry *r = ctx;
	AFUDP_OPTS_INIT(afudp_stack_opts, o, .ifname = "lo",
			.backend = AFUDP_BACKEND_KERNEL);

	(void)level;
	(void)msg;
	if (r->calls++)
		return;
	r->fd_ret = afudp_socket_fd(r->s);
	errno = 0;
	if (!afudp_socket(r->st, NULL))
		r->socket_errno = errno;
	errno = 0;
	afudp_stack_close(r->st);
	r->close_errno = errno;
	errno = 0;
	if (!afudp_stack_open(&o))
		r->open_errno = errno;
}

START_TEST(test_log_reentry)
{
	struct reentry r = { 0 };
	AFUDP_OPTS_INIT(afudp_stack_opts, o, .ifname = "lo",
			.backend = AFUDP_BACKEND_KERNEL,
			.log_fn = reentering_logger, .log_ctx = &r);
	struct sockaddr_in pa;
	struct afudp_socket *p;
	struct afudp_zc_buf b;
	char buf[8];

	r.st = afudp_stack_open(&o);
	ck_assert_ptr_nonnull(r.st);
	p = bound(r.st, &pa, 0);
	r.s = bound(r.st, NULL, 0);
	/* Closing a socket that holds a buffer logs a warning. */
	ck_assert_int_eq(afudp_zc_alloc(p, &b, 1, 0), 1);
	ck_assert_int_eq(afudp_close(p), 0);
	ck_assert_int_ge(r.calls, 1);
	ck_assert_int_eq(r.fd_ret, -EDEADLK);
	ck_assert_int_eq(r.socket_errno, EDEADLK);
	ck_assert_int_eq(r.close_errno, EDEADLK);
	ck_assert_int_eq(r.open_errno, EDEADLK);
	/* Outside the callback all is well, the stack still open. */
	ck_assert_int_ge(afudp_socket_fd(r.s), 0);
	p = bound(r.st, &pa, 0);
	ck_assert_int_eq(afudp_sendto(r.s, "ok", 2, 0, (void *)&pa, sizeof(pa)),
			 2);
	ck_assert_int_eq(afudp_recv(p, buf, sizeof(buf), 0), 2);
	afudp_stack_close(r.st);
}
END_TEST

/*
 * A forked child shares the parent's stack: it sends and receives on the
 * sockets it inherited, opens its own on the same stack, and closing one
 * (or the stack) in one process leaves it working in the other, as the
 * kernel's file descriptors do.
 */
START_TEST(test_fork_child)
{
	struct afudp_stack *st = lo_stack();
	struct sockaddr_in pa, qa;
	struct afudp_socket *p = bound(st, &pa, 0);
	struct afudp_socket *q = bound(st, &qa, 0);
	struct afudp_socket *s = bound(st, NULL, 0);
	AFUDP_OPTS_INIT(afudp_stack_info, info);
	int go[2], done[2], status;
	char buf[8], c;
	pid_t pid;

	ck_assert_int_eq(pipe(go), 0);
	ck_assert_int_eq(pipe(done), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int bad = 0, step = 0;

#define CHILD_OK(cond) (step++, bad = bad ? bad : (cond) ? 0 : step)
		CHILD_OK(afudp_sendto(s, "x", 1, 0, (void *)&pa,
				      sizeof(pa)) == 1);
		CHILD_OK(afudp_recv(p, buf, sizeof(buf), 0) == 1);
		CHILD_OK(afudp_stack_info(st, &info) == 0);
		{
			struct sockaddr_in oa;
			struct afudp_socket *o = bound(st, &oa, 0);

			CHILD_OK(afudp_sendto(o, "c", 1, 0, (void *)&oa,
					      sizeof(oa)) == 1);
			CHILD_OK(afudp_recv(o, buf, sizeof(buf), 0) == 1);
			CHILD_OK(afudp_close(o) == 0);
		}
		/* Its part of s goes; the parent's stays. */
		CHILD_OK(afudp_close(s) == 0);
		CHILD_OK(write(done[1], "1", 1) == 1);
		/* The parent closed its part of p: still the child's. */
		CHILD_OK(read(go[0], &c, 1) == 1);
		CHILD_OK(afudp_recv(p, buf, sizeof(buf), 0) == 2 &&
			 !memcmp(buf, "zz", 2));
		afudp_stack_close(st);
		_exit(bad);
	}
	ck_assert_int_eq(read(done[0], &c, 1), 1);
	ck_assert_int_eq(afudp_close(p), 0);
	/* The child closed its s: the parent's still sends. */
	ck_assert_int_eq(afudp_sendto(s, "zz", 2, 0, (void *)&pa, sizeof(pa)),
			 2);
	ck_assert_int_eq(write(go[1], "1", 1), 1);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "child: check %d failed", WEXITSTATUS(status));
	/* The parent's stack and sockets work on. */
	ck_assert_int_eq(afudp_sendto(s, "par", 3, 0, (void *)&qa, sizeof(qa)),
			 3);
	ck_assert_int_eq(afudp_recv(q, buf, sizeof(buf), 0), 3);
	ck_assert_int_eq(afudp_stack_info(st, &info), 0);
	afudp_stack_close(st);
	close(go[0]);
	close(go[1]);
	close(done[0]);
	close(done[1]);
}
END_TEST

/*
 * A forked child that leaves the stack alone costs nothing: liburcu's
 * fork handlers re-create its helper threads in the child, and the hash
 * tables' resize worker (CDS_LFHT_AUTO_RESIZE, not used any more) spun at
 * 100% of a CPU there with liburcu 0.13. The child sleeps 1 s and reads
 * its CPU time (all threads): a spinning thread shows as about 1 s.
 */
START_TEST(test_fork_idle)
{
	struct afudp_stack *st = lo_stack();
	unsigned long ut = 0, stt = 0;
	int status;
	pid_t pid;

	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct timespec ts = { 1, 0 };
		FILE *f;
		int n = 0;

		nanosleep(&ts, NULL);
		f = fopen("/proc/self/stat", "r");
		if (f) {
			n = fscanf(f, "%*d %*s %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
				   &ut, &stt);
			fclose(f);
		}
		/* In ticks of 1/100 s: 30 is 0.3 s. */
		_exit(n == 2 && ut + stt < 30 ? 0 : 1);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "an idle forked child used 0.3 s of CPU or more in 1 s");
	afudp_stack_close(st);
}
END_TEST

START_TEST(test_version)
{
	const char *v = afudp_version();
	unsigned int a, b, c;
	char end;

	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(sscanf(v, "%u.%u.%u%c", &a, &b, &c, &end), 3);
}
END_TEST

Suite *misuse_suite(void)
{
	Suite *s = suite_create("misuse");
	TCase *tc = tcase_create("misuse");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_stack_open_opts);
	tcase_add_test(tc, test_stack_opts_older_caller);
	tcase_add_test(tc, test_socket_opts_older_caller);
	tcase_add_test(tc, test_out_struct_sizes);
	tcase_add_test(tc, test_socket_opts);
	tcase_add_test(tc, test_bind_args);
	tcase_add_test(tc, test_connect_args);
	tcase_add_test(tc, test_getsockname_args);
	tcase_add_test(tc, test_send_args);
	tcase_add_test(tc, test_recv_args);
	tcase_add_test(tc, test_recv_eintr);
	tcase_add_test(tc, test_mmsg_args);
	tcase_add_test(tc, test_zc_recv_release);
	tcase_add_test(tc, test_zc_alloc_free);
	tcase_add_test(tc, test_zc_send_consumes);
	tcase_add_test(tc, test_close_holding);
	tcase_add_test(tc, test_stack_close_open_sockets);
	tcase_add_test(tc, test_closed_socket);
	tcase_add_test(tc, test_log_reentry);
	tcase_add_test(tc, test_fork_child);
	tcase_add_test(tc, test_fork_idle);
	tcase_add_test(tc, test_version);
	suite_add_tcase(s, tc);
	return s;
}
