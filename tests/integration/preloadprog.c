// SPDX-License-Identifier: BSD-2-Clause
/*
 * An ordinary BSD-socket program (it does not link libafudp) that the
 * preload test runs under afudp-run: it checks that the kernel's socket
 * semantics hold on a socket libafudp-preload serves. Its peer is a kernel
 * UDP echo server in the other namespace, so every datagram it receives
 * came back through the XDP fast path.
 *
 *   preloadprog ECHO_IP ECHO_PORT LOCAL_PORT OTHER_PORT [AFUDP_STAT]
 *   preloadprog -6 ECHO_IP6 ECHO_IP4 ECHO_PORT LOCAL_IP6 LL_LOCAL LL_ECHO
 *	IFNAME PORT [AFUDP_STAT]
 *
 * LOCAL_PORT must be selected for afudp (afudp-run -p), OTHER_PORT not.
 * Prints "PASS what" or "FAIL what (why)" per check; with AFUDP_STAT, ends
 * with that tool's view of this process. With -6: the same for AF_INET6
 * sockets (main6()), the echo server answering IPv6 and IPv4 on one port:
 * dual-stack v4-mapped names, IPV6_V6ONLY, implicit binds, an address
 * bind, link-local, and what stays the kernel's; it uses PORT to PORT + 4.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <net/if.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static struct sockaddr_in echo_addr;
static int failures;

static void result(bool ok, const char *what, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		printf("PASS %s\n", what);
	} else {
		failures++;
		printf("FAIL %s (", what);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf(", errno %s)\n", strerror(errno));
	}
	fflush(stdout);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* What the fd really is: "socket:[...]" (kernel) or an anon inode (afudp). */
static void fd_kind(int fd, char *buf, size_t len)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, buf, len - 1);
	buf[n < 0 ? 0 : n] = 0;
}

static bool served(int fd)
{
	char k[128];

	fd_kind(fd, k, sizeof(k));
	return strstr(k, "eventpoll") != NULL;
}

static int udp_bound(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(port) };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a))) {
		perror("socket/bind");
		exit(2);
	}
	return fd;
}

static ssize_t send_echo(int fd, size_t len, char fill)
{
	char buf[2048];

	memset(buf, fill, len);
	return sendto(fd, buf, len, 0, (struct sockaddr *)&echo_addr,
		      sizeof(echo_addr));
}

/* Wait until fd is readable (the echo came back). */
static bool readable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

static void drain(int fd)
{
	char buf[2048];

	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) >= 0)
		;
}

static void t_basics(int fd, int port)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int type = 0;
	socklen_t tl = sizeof(type);

	result(served(fd), "the bound socket is served by afudp", "not served");
	result(!getsockname(fd, (struct sockaddr *)&a, &len) &&
		       ntohs(a.sin_port) == port && len == sizeof(a),
	       "getsockname gives the bound port", "port %u",
	       ntohs(a.sin_port));
	result(!getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tl) &&
		       type == SOCK_DGRAM,
	       "getsockopt(SO_TYPE) is SOCK_DGRAM", "type %d", type);
}

static void t_trunc(int fd)
{
	char buf[10];
	struct sockaddr_in src;
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr m = { .msg_name = &src,
			    .msg_namelen = sizeof(src),
			    .msg_iov = &iov,
			    .msg_iovlen = 1 };
	ssize_t n;

	send_echo(fd, 100, 'a');
	n = recvmsg(fd, &m, 0);
	result(n == 10 && (m.msg_flags & MSG_TRUNC) &&
		       m.msg_namelen == sizeof(src) &&
		       src.sin_addr.s_addr == echo_addr.sin_addr.s_addr &&
		       src.sin_port == echo_addr.sin_port && buf[9] == 'a',
	       "recvmsg: 100 bytes into 10: MSG_TRUNC, msg_name is the sender",
	       "n %zd flags %#x namelen %u", n, m.msg_flags, m.msg_namelen);
	send_echo(fd, 100, 'b');
	m.msg_namelen = sizeof(src);
	n = recvmsg(fd, &m, MSG_TRUNC);
	result(n == 100 && (m.msg_flags & MSG_TRUNC),
	       "recvmsg(MSG_TRUNC) returns the real length", "n %zd", n);
	send_echo(fd, 50, 'c');
	n = recvfrom(fd, buf, 5, MSG_TRUNC, NULL, NULL);
	result(n == 50, "recvfrom(MSG_TRUNC) returns the real length", "n %zd",
	       n);
}

static void t_fionread_peek(int fd)
{
	char buf[256];
	struct sockaddr_in src;
	socklen_t sl = sizeof(src);
	int avail = -1;
	ssize_t n, n2;

	avail = -1;
	result(!ioctl(fd, FIONREAD, &avail) && avail == 0,
	       "FIONREAD with nothing waiting is 0", "%d", avail);
	send_echo(fd, 77, 'd');
	readable(fd, 2000);
	result(!ioctl(fd, FIONREAD, &avail) && avail == 77,
	       "FIONREAD gives the next datagram's size", "%d", avail);
	result(readable(fd, 0),
	       "a datagram FIONREAD looked at still polls readable",
	       "not readable");
	n = recvfrom(fd, buf, sizeof(buf), MSG_PEEK, (struct sockaddr *)&src,
		     &sl);
	n2 = recv(fd, buf, sizeof(buf), MSG_PEEK);
	result(n == 77 && n2 == 77 && src.sin_port == echo_addr.sin_port,
	       "MSG_PEEK twice sees the same datagram, with its sender",
	       "%zd %zd", n, n2);
	n = recv(fd, buf, sizeof(buf), 0);
	n2 = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
	result(n == 77 && buf[0] == 'd' && n2 < 0 && errno == EAGAIN,
	       "then a plain recv takes it, and nothing is left", "%zd %zd", n,
	       n2);
	result(!readable(fd, 0), "... and the socket no longer polls readable",
	       "readable");
}

static void t_nonblock(int fd)
{
	char buf[64];
	int fl = fcntl(fd, F_GETFL), on = 1, off = 0;
	ssize_t n;
	double t;

	result(fl >= 0 && !(fl & O_NONBLOCK) && (fl & O_ACCMODE) == O_RDWR,
	       "F_GETFL: blocking, O_RDWR", "%#x", fl);
	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	t = now_ms();
	n = recv(fd, buf, sizeof(buf), 0);
	result(n < 0 && errno == EAGAIN && now_ms() - t < 100 &&
		       (fcntl(fd, F_GETFL) & O_NONBLOCK),
	       "O_NONBLOCK: recv gives EAGAIN at once", "%zd", n);
	fcntl(fd, F_SETFL, fl);
	ioctl(fd, FIONBIO, &on);
	n = read(fd, buf, sizeof(buf));
	result(n < 0 && errno == EAGAIN, "FIONBIO: read gives EAGAIN", "%zd",
	       n);
	ioctl(fd, FIONBIO, &off);
	n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
	result(n < 0 && errno == EAGAIN && !(fcntl(fd, F_GETFL) & O_NONBLOCK),
	       "MSG_DONTWAIT on a blocking socket: EAGAIN", "%zd", n);
}

static void t_rcvtimeo(int fd)
{
	struct timeval tv = { 0, 200000 }, got;
	socklen_t gl = sizeof(got);
	char buf[64];
	ssize_t n;
	double t;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	t = now_ms();
	n = recv(fd, buf, sizeof(buf), 0);
	t = now_ms() - t;
	result(n < 0 && errno == EAGAIN && t >= 150 && t < 1500,
	       "SO_RCVTIMEO 200 ms: a blocking recv gives EAGAIN after it",
	       "%zd after %.0f ms", n, t);
	result(!getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &got, &gl) &&
		       got.tv_usec == 200000,
	       "getsockopt(SO_RCVTIMEO) gives it back", "%ld", got.tv_usec);
	send_echo(fd, 30, 'e');
	n = recv(fd, buf, sizeof(buf), 0);
	result(n == 30, "... and a datagram arriving in time is received",
	       "%zd", n);
	tv.tv_usec = 0;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

static void t_poll(int fd)
{
	int p[2], ep, n;
	struct pollfd pf[2];
	struct epoll_event ev, evs[4];
	fd_set rs, ws;
	struct timeval tv = { 0, 0 };
	char c = 'x', buf[64];
	bool in = false, out = false, pipe_in = false;

	if (pipe(p))
		return;
	pf[0] = (struct pollfd){ .fd = fd, .events = POLLIN };
	pf[1] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	n = poll(pf, 2, 50);
	result(n == 0, "poll(afudp fd, pipe): nothing ready times out", "%d",
	       n);
	if (write(p[1], &c, 1) != 1)
		return;
	n = poll(pf, 2, 1000);
	result(n == 1 && !pf[0].revents && (pf[1].revents & POLLIN),
	       "poll: the pipe ready, the socket not", "%d %#x %#x", n,
	       pf[0].revents, pf[1].revents);
	if (read(p[0], &c, 1) != 1)
		return;
	send_echo(fd, 20, 'f');
	n = poll(pf, 2, 2000);
	result(n == 1 && (pf[0].revents & POLLIN) && !pf[1].revents,
	       "poll: the echo makes the socket ready, the pipe not",
	       "%d %#x %#x", n, pf[0].revents, pf[1].revents);
	pf[0].events = POLLOUT;
	n = poll(pf, 1, 1000);
	result(n == 1 && (pf[0].revents & POLLOUT), "poll: POLLOUT at once",
	       "%d %#x", n, pf[0].revents);
	FD_ZERO(&rs);
	FD_ZERO(&ws);
	FD_SET(fd, &rs);
	FD_SET(fd, &ws);
	FD_SET(p[0], &rs);
	n = select((fd > p[0] ? fd : p[0]) + 1, &rs, &ws, NULL, &tv);
	result(n == 2 && FD_ISSET(fd, &rs) && FD_ISSET(fd, &ws) &&
		       !FD_ISSET(p[0], &rs),
	       "select: readable and writable, the pipe not", "%d", n);

	ep = epoll_create1(0);
	ev = (struct epoll_event){ .events = EPOLLIN, .data.u32 = 1 };
	epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
	ev = (struct epoll_event){ .events = EPOLLIN, .data.u32 = 2 };
	epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
	n = epoll_wait(ep, evs, 4, 1000);
	result(n == 1 && evs[0].data.u32 == 1 && (evs[0].events & EPOLLIN),
	       "epoll: the waiting datagram, not the pipe", "%d", n);
	recv(fd, buf, sizeof(buf), 0);
	n = epoll_wait(ep, evs, 4, 50);
	result(n == 0, "epoll: nothing once it is read", "%d", n);
	if (write(p[1], &c, 1) != 1)
		return;
	send_echo(fd, 20, 'g');
	/* The pipe is ready at once, the echo a round trip later. */
	for (double end = now_ms() + 2000;
	     !(in && pipe_in) && now_ms() < end;) {
		n = epoll_wait(ep, evs, 4, 200);
		for (int k = 0; k < n; k++) {
			in |= evs[k].data.u32 == 1;
			pipe_in |= evs[k].data.u32 == 2;
		}
	}
	result(in && pipe_in, "epoll: both ready, both reported", "%d %d", in,
	       pipe_in);
	drain(fd);
	ev = (struct epoll_event){ .events = EPOLLIN | EPOLLOUT,
				   .data.u32 = 1 };
	epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
	n = epoll_wait(ep, evs, 4, 1000);
	for (int k = 0; k < n; k++)
		out |= evs[k].data.u32 == 1 && (evs[k].events & EPOLLOUT);
	result(out, "epoll: EPOLLOUT reported for the socket", "%d", n);
	ev.events = EPOLLIN;
	epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
	if (read(p[0], &c, 1) != 1)
		return;
	n = epoll_wait(ep, evs, 4, 50);
	result(n == 0, "epoll: and no longer once EPOLLOUT is taken away", "%d",
	       n);
	close(ep);
	close(p[0]);
	close(p[1]);
}

static void t_msgs(int fd)
{
	char a[3] = "abc", b[4] = "defg", r1[2], r2[16];
	struct iovec out[2] = { { a, 3 }, { b, 4 } };
	struct iovec in[2] = { { r1, 2 }, { r2, 16 } };
	struct msghdr m = { .msg_name = &echo_addr,
			    .msg_namelen = sizeof(echo_addr),
			    .msg_iov = out,
			    .msg_iovlen = 2 };
	struct mmsghdr mm[4];
	struct iovec iv[4];
	char bufs[4][64];
	ssize_t n;
	int i, got = 0;

	n = sendmsg(fd, &m, 0);
	memset(&m, 0, sizeof(m));
	m.msg_iov = in;
	m.msg_iovlen = 2;
	readable(fd, 2000);
	n = readv(fd, in, 2);
	result(n == 7 && !memcmp(r1, "ab", 2) && !memcmp(r2, "cdefg", 5),
	       "sendmsg of two parts, readv into two", "%zd", n);
	memset(mm, 0, sizeof(mm));
	for (i = 0; i < 4; i++) {
		memset(bufs[i], '0' + i, sizeof(bufs[i]));
		iv[i] = (struct iovec){ bufs[i], 10 + i };
		mm[i].msg_hdr.msg_iov = &iv[i];
		mm[i].msg_hdr.msg_iovlen = 1;
		mm[i].msg_hdr.msg_name = &echo_addr;
		mm[i].msg_hdr.msg_namelen = sizeof(echo_addr);
	}
	n = sendmmsg(fd, mm, 4, 0);
	result(n == 4, "sendmmsg sends 4", "%zd", n);
	for (i = 0; i < 4; i++) {
		iv[i] = (struct iovec){ bufs[i], sizeof(bufs[i]) };
		mm[i].msg_hdr.msg_name = NULL;
		mm[i].msg_hdr.msg_namelen = 0;
	}
	for (int tries = 0; got < 4 && tries < 20; tries++) {
		struct timespec to = { 1, 0 };

		n = recvmmsg(fd, mm + got, 4 - got, MSG_WAITFORONE, &to);
		if (n > 0)
			got += n;
	}
	result(got == 4 && mm[0].msg_len == 10 && mm[3].msg_len == 13,
	       "recvmmsg gets the 4 echoes", "%d", got);
}

static void t_connect(int fd)
{
	struct sockaddr_in peer;
	socklen_t pl = sizeof(peer);
	char buf[64];
	ssize_t n;

	result(!connect(fd, (struct sockaddr *)&echo_addr, sizeof(echo_addr)),
	       "connect to the echo server", "failed");
	result(!getpeername(fd, (struct sockaddr *)&peer, &pl) &&
		       peer.sin_port == echo_addr.sin_port,
	       "getpeername gives it", "port %u", ntohs(peer.sin_port));
	n = write(fd, "hello", 5);
	result(n == 5 && readable(fd, 2000) &&
		       read(fd, buf, sizeof(buf)) == 5 &&
		       !memcmp(buf, "hello", 5),
	       "write/read on the connected socket", "%zd", n);
	n = send(fd, "again", 5, 0);
	result(n == 5 && recv(fd, buf, sizeof(buf), 0) == 5,
	       "send/recv on the connected socket", "%zd", n);
}

static void *receiver(void *arg)
{
	char buf[64];

	return (void *)(intptr_t)recv(*(int *)arg, buf, sizeof(buf), 0);
}

static void t_threads(int fd)
{
	pthread_t th;
	void *r = NULL;
	ssize_t n;

	pthread_create(&th, NULL, receiver, &fd);
	usleep(100000);
	/* The receiver sleeps in recv: the send must not wait for it. */
	n = send_echo(fd, 33, 'h');
	pthread_join(th, &r);
	result(n == 33 && (intptr_t)r == 33,
	       "one thread blocks in recv while another sends", "%zd %ld", n,
	       (long)(intptr_t)r);
}

static volatile sig_atomic_t got_sig;
static void on_sig(int sig)
{
	got_sig = sig;
}

struct kick {
	pthread_t target;
	int fd;
};

/* 100 ms: a signal at the receiving thread; 300 ms: a datagram. */
static void *kicker(void *arg)
{
	struct kick *k = arg;

	usleep(100000);
	pthread_kill(k->target, SIGUSR1);
	usleep(200000);
	send_echo(k->fd, 22, 'm');
	return NULL;
}

static ssize_t recv_kicked(int fd, int sa_flags, double *ms)
{
	struct sigaction sa = { .sa_handler = on_sig, .sa_flags = sa_flags };
	struct kick k = { pthread_self(), fd };
	char buf[64];
	pthread_t th;
	ssize_t n;
	double t = now_ms();

	sigaction(SIGUSR1, &sa, NULL);
	got_sig = 0;
	pthread_create(&th, NULL, kicker, &k);
	n = recv(fd, buf, sizeof(buf), 0);
	*ms = now_ms() - t;
	if (n < 0)
		n = -errno;
	pthread_join(th, NULL);
	readable(fd, 2000);
	drain(fd);
	signal(SIGUSR1, SIG_DFL);
	return n;
}

/*
 * A signal during a blocking recv: EINTR for a handler without SA_RESTART;
 * with it the kernel's recv goes on, and so does a busy-polling one (a
 * sleeping one returns EINTR, as poll(2) does: documented).
 */
static void t_signal(int fd)
{
	bool busy = getenv("AFUDP_BUSY_POLL") != NULL;
	double ms;
	ssize_t n;

	n = recv_kicked(fd, 0, &ms);
	result(n == -EINTR && got_sig == SIGUSR1 && ms < 250,
	       "a signal without SA_RESTART interrupts a blocking recv: EINTR",
	       "%zd after %.0f ms", n, ms);
	n = recv_kicked(fd, SA_RESTART, &ms);
	if (busy)
		result(n == 22 && got_sig == SIGUSR1 && ms >= 250,
		       "with SA_RESTART the busy-polling recv goes on to the datagram",
		       "%zd after %.0f ms", n, ms);
	else
		result(n == -EINTR && got_sig == SIGUSR1,
		       "with SA_RESTART a sleeping recv returns EINTR (as poll does)",
		       "%zd after %.0f ms", n, ms);
}

static void t_dup(int fd, int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(port) };
	char buf[64];
	int d = dup(fd), d2 = fcntl(fd, F_DUPFD_CLOEXEC, 100);
	int f2 = socket(AF_INET, SOCK_DGRAM, 0), r;
	ssize_t n;

	result(d >= 0 && served(d) && d2 >= 100 &&
		       (fcntl(d2, F_GETFD) & FD_CLOEXEC) &&
		       !(fcntl(fd, F_GETFD) & FD_CLOEXEC),
	       "dup and F_DUPFD_CLOEXEC name the same socket, FD_CLOEXEC per fd",
	       "%d %d", d, d2);
	send_echo(d, 12, 'i');
	n = recv(fd, buf, sizeof(buf), 0);
	result(n == 12, "send on the dup, receive on the original", "%zd", n);
	close(fd);
	send_echo(d2, 13, 'j');
	n = recv(d, buf, sizeof(buf), 0);
	result(n == 13, "after closing the original the dups still work", "%zd",
	       n);
	r = bind(f2, (struct sockaddr *)&a, sizeof(a));
	result(r < 0 && errno == EADDRINUSE,
	       "another socket on the port: EADDRINUSE, as the kernel says",
	       "%d", r);
	close(d);
	close(d2);
	r = bind(f2, (struct sockaddr *)&a, sizeof(a));
	result(!r && served(f2),
	       "closing the last fd frees the port: the refused socket binds it now",
	       "%d", r);
	close(f2);
}

static void t_fork(int fd)
{
	char buf[64];
	pid_t pid;
	int st = -1;
	ssize_t n;

	pid = fork();
	if (!pid)
		_exit(send_echo(fd, 21, 'k') == 21 ? 0 : 1);
	waitpid(pid, &st, 0);
	n = readable(fd, 2000) ? recv(fd, buf, sizeof(buf), 0) : -1;
	result(WIFEXITED(st) && !WEXITSTATUS(st) && n == 21,
	       "a forked child sends on the inherited socket",
	       "status %#x n %zd", st, n);

	/* socat's UDP-RECVFROM,fork: peek, fork, the child reads it. */
	send_echo(fd, 22, 'l');
	readable(fd, 2000);
	n = recv(fd, buf, sizeof(buf), MSG_PEEK);
	pid = fork();
	if (!pid) {
		char b[64];

		_exit(recv(fd, b, sizeof(b), 0) == 22 && b[0] == 'l' ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	result(n == 22 && WIFEXITED(st) && !WEXITSTATUS(st) &&
		       recv(fd, buf, sizeof(buf), MSG_DONTWAIT) < 0 &&
		       errno == EAGAIN && !readable(fd, 0),
	       "parent peeks, child reads it: gone for the parent too",
	       "n %zd status %#x", n, st);
}

/*
 * Bind, then fork the worker that reads (NSD): the parent never reads the
 * socket, the child gets every datagram, from the rings it shares with
 * the parent. Then the parent reads again and gets its datagrams too.
 */
static void t_fork_unread(int port)
{
	int fd = udp_bound(port), st = -1;
	char buf[64];
	pid_t pid;
	ssize_t n;

	pid = fork();
	if (!pid) {
		char b[64];
		int i, ok = 0;

		for (i = 0; i < 3; i++) {
			send_echo(fd, 23, 'm');
			ok += readable(fd, 2000) &&
			      recv(fd, b, sizeof(b), 0) == 23 && b[0] == 'm';
		}
		_exit(ok == 3 ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	result(served(fd) && WIFEXITED(st) && !WEXITSTATUS(st),
	       "bind, fork, the child reads: it gets every reply",
	       "status %#x", st);
	send_echo(fd, 24, 'n');
	n = readable(fd, 2000) ? recv(fd, buf, sizeof(buf), 0) : -1;
	result(n == 24 && buf[0] == 'n',
	       "... and the parent, reading again, gets its own", "n %zd", n);
	close(fd);
}

/*
 * Several processes read one inherited socket (NSD's server-count): two
 * children read while the parent sends, from the socket, to the echo
 * peer; every reply reaches exactly one of them, from the rings the three
 * processes share.
 */
static void t_fork_readers(int port)
{
	enum { N = 200 };
	int fd = udp_bound(port), st[2] = { -1, -1 }, i, bad = 0;
	uint8_t *seen = mmap(NULL, N, PROT_READ | PROT_WRITE,
			     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	uint32_t seq;
	pid_t pid[2];

	if (seen == MAP_FAILED) {
		result(false, "two forked readers", "mmap: %s", strerror(errno));
		return;
	}
	for (i = 0; i < 2; i++) {
		pid[i] = fork();
		if (!pid[i]) {
			int got = 0;
			uint8_t b[64];

			/* Until no reply came for 1.5 s. */
			while (readable(fd, 1500)) {
				if (recv(fd, b, sizeof(b), MSG_DONTWAIT) != 8)
					continue;
				memcpy(&seq, b, 4);
				if (seq < N)
					__atomic_add_fetch(&seen[seq], 1,
							   __ATOMIC_RELAXED);
				got++;
			}
			_exit(got > 255 ? 255 : got);
		}
	}
	for (seq = 0; seq < N; seq++) {
		uint8_t b[8] = { 0 };

		memcpy(b, &seq, 4);
		sendto(fd, b, 8, 0, (struct sockaddr *)&echo_addr,
		       sizeof(echo_addr));
		if (seq % 50 == 49)
			usleep(10000);
	}
	for (i = 0; i < 2; i++)
		waitpid(pid[i], &st[i], 0);
	for (seq = 0; seq < N; seq++)
		bad += seen[seq] != 1;
	result(served(fd) && !bad && WIFEXITED(st[0]) && WIFEXITED(st[1]),
	       "bind, fork two readers of the socket: each reply reaches exactly one of them",
	       "%d of %d replies not received exactly once; the readers got %d and %d",
	       bad, N, WEXITSTATUS(st[0]), WEXITSTATUS(st[1]));
	munmap(seen, N);
	close(fd);
}

/*
 * exec: a served socket inherited by the new program (inetd's way) is its
 * kernel socket there, and the new program sends and receives on it; the
 * exec'ing process's copy goes on working too (the port went to the
 * kernel socket, which both read).
 */
static int exec_child(int argc, char **argv)
{
	int fd = atoi(argv[2]);
	struct stat sb;
	char b[64];

	if (argc < 5)
		return 2;
	echo_addr.sin_family = AF_INET;
	inet_pton(AF_INET, argv[3], &echo_addr.sin_addr);
	echo_addr.sin_port = htons(atoi(argv[4]));
	if (fstat(fd, &sb) || !S_ISSOCK(sb.st_mode))
		return 3;
	if (send_echo(fd, 25, 'o') != 25)
		return 4;
	if (!readable(fd, 3000) || recv(fd, b, sizeof(b), 0) != 25 ||
	    b[0] != 'o')
		return 5;
	return 0;
}

static void t_exec(int port)
{
	int fd = udp_bound(port), st = -1;
	char fds[16], ip[INET_ADDRSTRLEN], eport[8], buf[64];
	ssize_t n;
	pid_t pid;

	snprintf(fds, sizeof(fds), "%d", fd);
	inet_ntop(AF_INET, &echo_addr.sin_addr, ip, sizeof(ip));
	snprintf(eport, sizeof(eport), "%u", ntohs(echo_addr.sin_port));
	pid = fork();
	if (!pid) {
		execl("/proc/self/exe", "preloadprog", "--exec-child", fds, ip,
		      eport, (char *)NULL);
		_exit(9);
	}
	waitpid(pid, &st, 0);
	result(served(fd) && WIFEXITED(st) && !WEXITSTATUS(st),
	       "exec: the new program sends and receives on the socket it inherited",
	       "status %#x (3: not a socket, 4: send, 5: no echo, 9: exec)",
	       st);
	send_echo(fd, 26, 'p');
	n = readable(fd, 2000) ? recv(fd, buf, sizeof(buf), 0) : -1;
	result(n == 26 && buf[0] == 'p',
	       "... and the process that forked it still gets its own echo",
	       "n %zd", n);
	close(fd);
}

static void t_other_port(int port)
{
	int fd = udp_bound(port);
	char k[128];

	fd_kind(fd, k, sizeof(k));
	result(!strncmp(k, "socket:", 7),
	       "a port not selected stays a kernel socket", "%s", k);
	close(fd);
}

static void t_stat(const char *stat, int port)
{
	char cmd[512], line[512];
	unsigned long long redirected = 0, rx = 0, slow = ~0ull;
	char pat[64], pat6[64];
	FILE *f;

	snprintf(cmd, sizeof(cmd), "%s -p %d 2>&1", stat, (int)getpid());
	/* The wildcard of either family. */
	snprintf(pat, sizeof(pat), "socket 0.0.0.0:%d:", port);
	snprintf(pat6, sizeof(pat6), "socket [::]:%d:", port);
	f = popen(cmd, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *p;

		printf("# %s", line);
		if ((p = strstr(line, "redirected ")))
			redirected = strtoull(p + 11, NULL, 10);
		if (((p = strstr(line, pat)) || (p = strstr(line, pat6))) &&
		    (p = strstr(p, "rx "))) {
			rx = strtoull(p + 3, NULL, 10);
			if ((p = strstr(p, "(slow ")))
				slow = strtoull(p + 6, NULL, 10);
		}
	}
	pclose(f);
	result(redirected >= 10 && rx >= 10 && slow < rx,
	       "afudp-stat: the XDP program redirected them to the socket",
	       "redirected %llu rx %llu slow %llu", redirected, rx, slow);
}

/* ---- IPv6 sockets (-6) ------------------------------------------------------ */

static struct sockaddr_in6 echo6, echo4m; /* the echo server, IPv6 and v4-mapped */
static struct sockaddr_in echo4;

static int udp6_bound(const char *ip, int port, int v6only)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6,
				  .sin6_port = htons(port) };
	int fd = socket(AF_INET6, SOCK_DGRAM, 0);

	if (ip)
		inet_pton(AF_INET6, ip, &a.sin6_addr);
	if (fd < 0 || (v6only >= 0 &&
		       setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only,
				  sizeof(v6only))) ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a))) {
		perror("socket/bind (IPv6)");
		exit(2);
	}
	return fd;
}

static bool same6(const struct sockaddr_in6 *a, const struct sockaddr_in6 *b)
{
	return a->sin6_family == AF_INET6 && a->sin6_port == b->sin6_port &&
	       !memcmp(&a->sin6_addr, &b->sin6_addr, sizeof(a->sin6_addr));
}

/*
 * Send @len bytes of @fill to @dst (@dlen bytes) and receive the echo:
 * true if it came back whole from @from (a sockaddr_in6, 28 bytes).
 */
static bool echo6_ok(int fd, const void *dst, socklen_t dlen, size_t len,
		     char fill, const struct sockaddr_in6 *from)
{
	char out[2048], in[2048];
	struct sockaddr_in6 src;
	socklen_t sl = sizeof(src);
	ssize_t n;

	memset(out, fill, len);
	memset(&src, 0, sizeof(src));
	if (sendto(fd, out, len, 0, dst, dlen) != (ssize_t)len ||
	    !readable(fd, 2000))
		return false;
	n = recvfrom(fd, in, sizeof(in), 0, (struct sockaddr *)&src, &sl);
	return n == (ssize_t)len && !memcmp(in, out, len) &&
	       sl == sizeof(src) && same6(&src, from);
}

static void t6_basics(int fd, int port)
{
	struct sockaddr_in6 a;
	socklen_t len = sizeof(a);

	result(served(fd), "IPv6: a socket bound to [::] is served by afudp",
	       "not served");
	result(!getsockname(fd, (struct sockaddr *)&a, &len) &&
		       len == sizeof(a) && a.sin6_family == AF_INET6 &&
		       ntohs(a.sin6_port) == port &&
		       IN6_IS_ADDR_UNSPECIFIED(&a.sin6_addr),
	       "IPv6: getsockname gives [::] and the port (sockaddr_in6)",
	       "len %u family %d port %u", len, a.sin6_family,
	       ntohs(a.sin6_port));
	result(echo6_ok(fd, &echo6, sizeof(echo6), 100, 'a', &echo6),
	       "IPv6: sendto/recvfrom an IPv6 peer, its sockaddr_in6 given",
	       "no echo");
	result(echo6_ok(fd, &echo4m, sizeof(echo4m), 200, 'b', &echo4m),
	       "IPv6 dual-stack: a v4-mapped peer over IPv4, its source v4-mapped",
	       "no echo");
	result(echo6_ok(fd, &echo4, sizeof(echo4), 300, 'c', &echo4m),
	       "IPv6 dual-stack: to a sockaddr_in (kernel socket), reply v4-mapped",
	       "no echo");
}

static void t6_msgs(int fd)
{
	struct mmsghdr mm[4];
	struct iovec iov[4];
	struct sockaddr_in6 names[4];
	char bufs[4][64];
	struct msghdr m;
	struct iovec v;
	unsigned int i, good = 0;
	int n, got = 0;

	memset(mm, 0, sizeof(mm));
	for (i = 0; i < 4; i++) {
		memset(bufs[i], 'm' + i, sizeof(bufs[i]));
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = 10 + i;
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
		/* Two to the IPv6 address, two to the v4-mapped one. */
		mm[i].msg_hdr.msg_name = i < 2 ? &echo6 : &echo4m;
		mm[i].msg_hdr.msg_namelen = sizeof(echo6);
	}
	n = sendmmsg(fd, mm, 4, 0);
	result(n == 4, "IPv6: sendmmsg sends 4 (IPv6 and v4-mapped)", "%d", n);
	memset(mm, 0, sizeof(mm));
	for (i = 0; i < 4; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = sizeof(bufs[i]);
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
		mm[i].msg_hdr.msg_name = &names[i];
		mm[i].msg_hdr.msg_namelen = sizeof(names[i]);
	}
	while (got < 4 && readable(fd, 2000)) {
		n = recvmmsg(fd, mm + got, 4 - got, MSG_DONTWAIT, NULL);
		if (n <= 0)
			break;
		got += n;
	}
	for (i = 0; i < (unsigned int)got; i++)
		good += mm[i].msg_hdr.msg_namelen == sizeof(names[i]) &&
			(same6(&names[i], &echo6) ||
			 same6(&names[i], &echo4m));
	result(got == 4 && good == 4,
	       "IPv6: recvmmsg gets the 4 echoes, each from a sockaddr_in6",
	       "got %d, %u named right", got, good);
	memset(&m, 0, sizeof(m));
	v.iov_base = bufs[0];
	v.iov_len = 33;
	m.msg_iov = &v;
	m.msg_iovlen = 1;
	m.msg_name = &echo6;
	m.msg_namelen = sizeof(echo6);
	n = sendmsg(fd, &m, 0);
	memset(&names[0], 0, sizeof(names[0]));
	m.msg_name = &names[0];
	m.msg_namelen = sizeof(names[0]);
	v.iov_len = sizeof(bufs[0]);
	if (n == 33 && readable(fd, 2000))
		n = recvmsg(fd, &m, 0);
	result(n == 33 && m.msg_namelen == sizeof(names[0]) &&
		       same6(&names[0], &echo6),
	       "IPv6: sendmsg/recvmsg with sockaddr_in6 names", "%d", n);
	/* A peeked datagram keeps its IPv6 name (the preload's peek slot). */
	memset(&names[0], 0, sizeof(names[0]));
	sendto(fd, bufs[0], 44, 0, (struct sockaddr *)&echo6, sizeof(echo6));
	n = -1;
	if (readable(fd, 2000)) {
		socklen_t sl = sizeof(names[0]);

		recvfrom(fd, bufs[1], sizeof(bufs[1]), MSG_PEEK, NULL, NULL);
		n = recvfrom(fd, bufs[1], sizeof(bufs[1]), 0,
			     (struct sockaddr *)&names[0], &sl);
		if (sl != sizeof(names[0]))
			n = -2;
	}
	result(n == 44 && same6(&names[0], &echo6),
	       "IPv6: MSG_PEEK then recvfrom: the same sockaddr_in6", "%d", n);
}

static void t6_connect(int fd)
{
	struct sockaddr_in6 peer;
	socklen_t pl = sizeof(peer);
	char buf[64];
	ssize_t n = -1;

	result(!connect(fd, (struct sockaddr *)&echo6, sizeof(echo6)) &&
		       !getpeername(fd, (struct sockaddr *)&peer, &pl) &&
		       pl == sizeof(peer) && same6(&peer, &echo6),
	       "IPv6: connect, getpeername gives the peer's sockaddr_in6",
	       "pl %u", pl);
	if (send(fd, "hello", 5, 0) == 5 && readable(fd, 2000))
		n = recv(fd, buf, sizeof(buf), 0);
	result(n == 5, "IPv6: send/recv on the connected socket", "%zd", n);
	/* A dual-stack socket connected to a sockaddr_in: v4-mapped peer. */
	pl = sizeof(peer);
	result(!connect(fd, (struct sockaddr *)&echo4, sizeof(echo4)) &&
		       !getpeername(fd, (struct sockaddr *)&peer, &pl) &&
		       same6(&peer, &echo4m),
	       "IPv6: connect to a sockaddr_in: getpeername v4-mapped", "pl %u",
	       pl);
	n = -1;
	if (send(fd, "hello4", 6, 0) == 6 && readable(fd, 2000))
		n = recv(fd, buf, sizeof(buf), 0);
	result(n == 6, "IPv6: ... and send/recv over IPv4", "%zd", n);
}

/* An unbound socket's first sendto binds it to [::]:ephemeral, served. */
static void t6_implicit(void)
{
	int fd = socket(AF_INET6, SOCK_DGRAM, 0);
	struct sockaddr_in6 a;
	socklen_t len = sizeof(a);
	bool ok = echo6_ok(fd, &echo6, sizeof(echo6), 50, 'i', &echo6);

	result(ok && served(fd) && !getsockname(fd, (struct sockaddr *)&a, &len) &&
		       IN6_IS_ADDR_UNSPECIFIED(&a.sin6_addr) && a.sin6_port,
	       "IPv6: an unbound socket's sendto binds [::]:ephemeral, served",
	       "ok %d served %d port %u", ok, served(fd), ntohs(a.sin6_port));
	close(fd);
}

/*
 * IPV6_V6ONLY before the bind: the socket is IPv6 only, so an IPv4 socket
 * takes the same port, and the IPv4 echo reaches that one, not it.
 */
static void t6_v6only(int port)
{
	int fd = udp6_bound(NULL, port, 1), fd4, v = 0;
	struct sockaddr_in a4 = { .sin_family = AF_INET,
				  .sin_port = htons(port) };
	socklen_t vl = sizeof(v);
	char buf[64];
	ssize_t n = -1;

	result(served(fd) && !getsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v,
					 &vl) && v == 1,
	       "IPV6_V6ONLY: served, the option reads back", "v %d", v);
	result(echo6_ok(fd, &echo6, sizeof(echo6), 60, 'o', &echo6),
	       "IPV6_V6ONLY: IPv6 echoes", "no echo");
	errno = 0;
	n = sendto(fd, "x", 1, 0, (struct sockaddr *)&echo4m, sizeof(echo4m));
	result(n < 0 && errno == ENETUNREACH,
	       "IPV6_V6ONLY: a v4-mapped destination is ENETUNREACH", "%zd", n);
	fd4 = socket(AF_INET, SOCK_DGRAM, 0);
	n = -1;
	if (!bind(fd4, (struct sockaddr *)&a4, sizeof(a4)) &&
	    sendto(fd4, "four", 4, 0, (struct sockaddr *)&echo4,
		   sizeof(echo4)) == 4 &&
	    readable(fd4, 2000))
		n = recv(fd4, buf, sizeof(buf), 0);
	result(n == 4 && !readable(fd, 200),
	       "IPV6_V6ONLY: an IPv4 socket on the port gets IPv4, the IPv6 one not",
	       "%zd", n);
	close(fd4);
	close(fd);
	/* Dual-stack: the IPv4 socket's bind finds the port taken. */
	fd = udp6_bound(NULL, port, 0);
	fd4 = socket(AF_INET, SOCK_DGRAM, 0);
	errno = 0;
	result(bind(fd4, (struct sockaddr *)&a4, sizeof(a4)) < 0 &&
		       errno == EADDRINUSE,
	       "dual-stack [::]: an IPv4 bind of its port is EADDRINUSE", "");
	close(fd4);
	close(fd);
}

/* An echo on @fd comes with an IPV6_PKTINFO control message. */
static bool t6_pktinfo(int fd)
{
	char buf[64], ctl[256];
	struct iovec v = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1,
			    .msg_control = ctl, .msg_controllen = sizeof(ctl) };
	struct cmsghdr *c;

	if (sendto(fd, "pkt", 3, 0, (struct sockaddr *)&echo6,
		   sizeof(echo6)) != 3 || !readable(fd, 2000) ||
	    recvmsg(fd, &m, 0) != 3)
		return false;
	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_level == IPPROTO_IPV6 &&
		    c->cmsg_type == IPV6_PKTINFO)
			return true;
	return false;
}

/* Bound to one address: served, named so; ::1 is not on the interface. */
static void t6_addrs(const char *ip6, int port)
{
	int fd = udp6_bound(ip6, port, -1);
	struct sockaddr_in6 a;
	socklen_t len = sizeof(a);
	char s[INET6_ADDRSTRLEN] = "";
	int one = 1;

	getsockname(fd, (struct sockaddr *)&a, &len);
	inet_ntop(AF_INET6, &a.sin6_addr, s, sizeof(s));
	result(served(fd) && !strcmp(s, ip6) &&
		       echo6_ok(fd, &echo6, sizeof(echo6), 70, 'x', &echo6),
	       "IPv6: bound to the interface's address: served, named, echoes",
	       "%s", s);
	close(fd);
	fd = udp6_bound("::1", port, -1);
	result(!served(fd), "IPv6: bound to ::1 (not on the interface): kernel",
	       "served");
	close(fd);
	/* Address control messages asked before the bind: served all the same. */
	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof(one));
	{
		struct sockaddr_in6 b = { .sin6_family = AF_INET6,
					  .sin6_port = htons(port) };
		bind(fd, (struct sockaddr *)&b, sizeof(b));
	}
	result(served(fd) && t6_pktinfo(fd),
	       "IPV6_RECVPKTINFO before bind: served, IPV6_PKTINFO given",
	       "served %d", served(fd));
	close(fd);
	fd = udp6_bound(NULL, port, -1);
	setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof(one));
	result(served(fd) && t6_pktinfo(fd),
	       "IPV6_RECVPKTINFO after bind: IPV6_PKTINFO given",
	       "served %d", served(fd));
	close(fd);
	/* IPV6_RECVPATHMTU (the kernel's own message) before the bind: the kernel's. */
	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPATHMTU, &one, sizeof(one));
	{
		struct sockaddr_in6 b = { .sin6_family = AF_INET6,
					  .sin6_port = htons(port) };
		bind(fd, (struct sockaddr *)&b, sizeof(b));
	}
	result(!served(fd) && echo6_ok(fd, &echo6, sizeof(echo6), 40, 'm', &echo6),
	       "IPV6_RECVPATHMTU before bind: a kernel socket, echoes",
	       "served %d", served(fd));
	close(fd);
}

/*
 * Link-local: bound to @ll%@ifname, served, and an echo from @peer%@ifname
 * comes back named with the interface's scope id.
 */
static void t6_linklocal(const char *ll, const char *peer, const char *ifname,
			 int port)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6,
				  .sin6_port = htons(port),
				  .sin6_scope_id = if_nametoindex(ifname) };
	struct sockaddr_in6 to = echo6, got = { 0 };
	socklen_t len = sizeof(got);
	int fd = socket(AF_INET6, SOCK_DGRAM, 0);
	bool ok;

	inet_pton(AF_INET6, ll, &a.sin6_addr);
	inet_pton(AF_INET6, peer, &to.sin6_addr);
	to.sin6_scope_id = a.sin6_scope_id;
	ok = !bind(fd, (struct sockaddr *)&a, sizeof(a)) && served(fd) &&
	     !getsockname(fd, (struct sockaddr *)&got, &len) &&
	     got.sin6_scope_id == a.sin6_scope_id;
	result(ok && echo6_ok(fd, &to, sizeof(to), 80, 'l', &to),
	       "IPv6 link-local: bound with its scope id, served, echoes named with it",
	       "bound/served/scope %d", ok);
	close(fd);
}

/*
 * SO_REUSEPORT on IPv6 sockets: two bind one port, both served (one
 * reuseport group), and the echo reaches one of them, as with the kernel.
 */
static void t6_reuseport(int port)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6,
				  .sin6_port = htons(port) };
	int fds[2], one = 1, i, good = 0;

	for (i = 0; i < 2; i++) {
		fds[i] = socket(AF_INET6, SOCK_DGRAM, 0);
		setsockopt(fds[i], SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
		if (!bind(fds[i], (struct sockaddr *)&a, sizeof(a)))
			good++;
	}
	/* The echo reaches one of the two, as the group's hash says. */
	if (good == 2 && sendto(fds[1], "reuse", 5, 0, (struct sockaddr *)&echo6,
				sizeof(echo6)) == 5) {
		struct pollfd p[2] = { { .fd = fds[0], .events = POLLIN },
				       { .fd = fds[1], .events = POLLIN } };
		char buf[16];

		if (poll(p, 2, 2000) > 0)
			for (i = 0; i < 2; i++)
				if ((p[i].revents & POLLIN) &&
				    recv(fds[i], buf, sizeof(buf), 0) == 5)
					good++;
	}
	result(good == 3 && served(fds[0]) && served(fds[1]),
	       "IPv6 SO_REUSEPORT: two sockets bind one port, both served, the echo reaches one",
	       "%d, served %d %d", good, served(fds[0]), served(fds[1]));
	close(fds[0]);
	close(fds[1]);
}

static bool args_ok(int argc, int need, const char *usage)
{
	if (argc >= need)
		return true;
	fprintf(stderr, "usage: preloadprog %s\n", usage);
	return false;
}

/*
 * preloadprog -6 ECHO_IP6 ECHO_IP4 ECHO_PORT LOCAL_IP6 LL_LOCAL LL_ECHO
 *	IFNAME PORT [AFUDP_STAT]
 */
static int main6(int argc, char **argv)
{
	int port, fd;

	if (!args_ok(argc, 10,
		     "-6 ECHO_IP6 ECHO_IP4 ECHO_PORT LOCAL_IP6 LL_LOCAL LL_ECHO IFNAME PORT [AFUDP_STAT]"))
		return 2;
	echo6.sin6_family = AF_INET6;
	inet_pton(AF_INET6, argv[2], &echo6.sin6_addr);
	echo6.sin6_port = htons(atoi(argv[4]));
	echo4.sin_family = AF_INET;
	inet_pton(AF_INET, argv[3], &echo4.sin_addr);
	echo4.sin_port = echo6.sin6_port;
	echo4m = echo6;
	memset(&echo4m.sin6_addr, 0, sizeof(echo4m.sin6_addr));
	echo4m.sin6_addr.s6_addr[10] = echo4m.sin6_addr.s6_addr[11] = 0xff;
	memcpy(&echo4m.sin6_addr.s6_addr[12], &echo4.sin_addr, 4);
	port = atoi(argv[9]);
	signal(SIGPIPE, SIG_IGN);

	fd = udp6_bound(NULL, port, -1);
	t6_basics(fd, port);
	t6_msgs(fd);
	t6_connect(fd);
	if (argc > 10)
		t_stat(argv[10], port);
	close(fd);
	t6_implicit();
	t6_v6only(port + 1);
	t6_addrs(argv[5], port + 2);
	t6_linklocal(argv[6], argv[7], argv[8], port + 3);
	t6_reuseport(port + 4);
	printf("DONE %d failures\n", failures);
	return failures != 0;
}

int main(int argc, char **argv)
{
	int port, other, fd;

	if (argc > 2 && !strcmp(argv[1], "--exec-child"))
		return exec_child(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "-6"))
		return main6(argc, argv);
	if (!args_ok(argc, 5,
		     "ECHO_IP ECHO_PORT LOCAL_PORT OTHER_PORT [AFUDP_STAT]"))
		return 2;
	echo_addr.sin_family = AF_INET;
	inet_pton(AF_INET, argv[1], &echo_addr.sin_addr);
	echo_addr.sin_port = htons(atoi(argv[2]));
	port = atoi(argv[3]);
	other = atoi(argv[4]);
	signal(SIGPIPE, SIG_IGN);

	fd = udp_bound(port);
	t_basics(fd, port);
	t_trunc(fd);
	t_fionread_peek(fd);
	t_nonblock(fd);
	t_rcvtimeo(fd);
	t_poll(fd);
	t_msgs(fd);
	t_threads(fd);
	t_signal(fd);
	t_fork(fd);
	t_other_port(other);
	if (argc > 5)
		t_stat(argv[5], port);
	t_dup(fd, port); /* closes fd */
	fd = udp_bound(port);
	t_connect(fd);
	close(fd);
	t_fork_unread(port);
	t_fork_readers(port);
	t_exec(port);
	printf("DONE %d failures\n", failures);
	return failures != 0;
}
