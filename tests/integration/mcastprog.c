// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/integration/mcast.sh's program: multicast receive on the fast path.
 *
 *	mcastprog IFACE_A NETNS_B IFACE_B SRC1 SRC2 PORT
 *
 * Runs in namespace A with an afudp stack on IFACE_A; its senders are
 * kernel UDP sockets it opens in NETNS_B (setns() and back: a socket stays
 * in the namespace it was made in), bound to SRC1 and SRC2, multicasting
 * on IFACE_B (IP_MULTICAST_IF). Each phase prints one "PASS ..." or
 * "FAIL ..." line; the exit status is 0 when all passed.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "afudp.h"

#define N 200
#define G1 "239.1.2.3"
#define G2 "239.1.2.4"
#define MAXR 3

static int fails;
static struct afudp_stack *st;
static struct sockaddr_in src[2];	/* the senders' addresses */
static int snd[2];
static unsigned short port;

static void result(bool ok, const char *what)
{
	printf("%s %s\n", ok ? "PASS" : "FAIL", what);
	fails += !ok;
}

/* Datagram @seq of a run @tag: its length and bytes follow from both. */
static size_t payload(unsigned int tag, unsigned int seq, char *buf)
{
	size_t len = 16 + (seq * 37 + tag * 11) % 1200, i;

	for (i = 0; i < len; i++)
		buf[i] = (char)(seq * 131 + tag * 7 + i * 13);
	memcpy(buf, &seq, sizeof(seq));
	memcpy(buf + 4, &tag, sizeof(tag));
	return len;
}

static void send_run(int from, const char *group, unsigned short to,
		     unsigned int tag, unsigned int n)
{
	struct sockaddr_in d = { .sin_family = AF_INET,
				 .sin_port = htons(to) };
	struct timespec ts = { 0, 20000 };
	char buf[2048];
	unsigned int i;

	inet_pton(AF_INET, group, &d.sin_addr);
	for (i = 0; i < n; i++) {
		size_t len = payload(tag, i, buf);

		if (sendto(snd[from], buf, len, 0, (struct sockaddr *)&d,
			   sizeof(d)) != (ssize_t)len)
			perror("sendto");
		nanosleep(&ts, NULL);
	}
}

struct rcv {
	struct afudp_socket *s;
	unsigned int got, bad, wrong_src;
};

/*
 * Read @r[0..nr) until each has @want[i] datagrams of run @tag, or
 * @ms pass; each datagram must be the next of the run, byte for byte,
 * from @from (-1: any sender).
 */
static void read_run(struct rcv *r, unsigned int nr, const unsigned int *want,
		     unsigned int tag, int from, int ms)
{
	struct pollfd p[MAXR];
	char buf[2048], exp[2048];
	unsigned int i, done;
	struct sockaddr_in a;
	socklen_t alen;
	ssize_t n;
	size_t len;

	for (i = 0; i < nr; i++) {
		r[i].got = r[i].bad = r[i].wrong_src = 0;
		p[i].fd = afudp_socket_fd(r[i].s);
		p[i].events = POLLIN;
	}
	for (;;) {
		done = 0;
		for (i = 0; i < nr; i++) {
			for (;;) {
				alen = sizeof(a);
				n = afudp_recvfrom(r[i].s, buf, sizeof(buf),
						   MSG_DONTWAIT,
						   (struct sockaddr *)&a,
						   &alen);
				if (n < 0)
					break;
				len = payload(tag, r[i].got, exp);
				if ((size_t)n != len || memcmp(buf, exp, len))
					r[i].bad++;
				if (from >= 0 &&
				    a.sin_addr.s_addr !=
					    src[from].sin_addr.s_addr)
					r[i].wrong_src++;
				r[i].got++;
			}
			done += r[i].got >= want[i];
		}
		/* Those that want 0 get a last chance to show extras. */
		if (done == nr && ms > 300)
			ms = 300;
		if (ms <= 0)
			return;
		poll(p, nr, 50);
		ms -= 50;
	}
}

static void stats(struct afudp_stack_stats *s)
{
	s->sz = sizeof(*s);
	afudp_stack_stats(st, s);
}

static uint64_t slow(struct afudp_socket *s)
{
	struct afudp_socket_stats v = { .sz = sizeof(v) };

	afudp_socket_stats(s, &v);
	return v.rx_slow;
}

static int member(struct afudp_socket *s, int opt, const char *group,
		  int source)
{
	struct ip_mreqn mn = { .imr_ifindex = (int)if_nametoindex("va") };
	struct ip_mreq_source ms = { 0 };

	if (opt == IP_ADD_SOURCE_MEMBERSHIP ||
	    opt == IP_DROP_SOURCE_MEMBERSHIP) {
		inet_pton(AF_INET, group, &ms.imr_multiaddr);
		ms.imr_sourceaddr = src[source].sin_addr;
		return afudp_setsockopt(s, IPPROTO_IP, opt, &ms, sizeof(ms));
	}
	inet_pton(AF_INET, group, &mn.imr_multiaddr);
	return afudp_setsockopt(s, IPPROTO_IP, opt, &mn, sizeof(mn));
}

static struct afudp_socket *rsock(unsigned short p)
{
	AFUDP_OPTS_INIT(afudp_socket_opts, o, .flags = AFUDP_SO_REUSEPORT);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(p) };
	struct afudp_socket *s = afudp_socket(st, &o);
	int off = 0;

	/*
	 * Linux's default, IP_MULTICAST_ALL 1, gives a group's datagrams to
	 * every socket on the port once any socket of the host joined: the
	 * fast path gives members only (docs/ARCHITECTURE.md), so the test
	 * asks the kernel for the same.
	 */
	if (!s || afudp_setsockopt(s, IPPROTO_IP, IP_MULTICAST_ALL, &off,
				   sizeof(off)) ||
	    afudp_bind(s, (struct sockaddr *)&a, sizeof(a))) {
		printf("FAIL socket on port %u\n", p);
		exit(1);
	}
	return s;
}

/* The senders: kernel sockets in namespace B. */
static int senders(const char *ns, const char *ifb)
{
	char path[256];
	int self, other, i, ttl = 1;
	struct ip_mreqn mif = { 0 };

	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	other = open(path, O_RDONLY | O_CLOEXEC);
	if (self < 0 || other < 0 || setns(other, CLONE_NEWNET))
		return -1;
	mif.imr_ifindex = (int)if_nametoindex(ifb);
	for (i = 0; i < 2; i++) {
		snd[i] = socket(AF_INET, SOCK_DGRAM, 0);
		if (snd[i] < 0 ||
		    bind(snd[i], (struct sockaddr *)&src[i], sizeof(src[i])) ||
		    setsockopt(snd[i], IPPROTO_IP, IP_MULTICAST_IF, &mif,
			       sizeof(mif)) ||
		    setsockopt(snd[i], IPPROTO_IP, IP_MULTICAST_TTL, &ttl,
			       sizeof(ttl)))
			return -1;
	}
	if (setns(self, CLONE_NEWNET))
		return -1;
	close(self);
	close(other);
	return 0;
}

#define DELTA(f) ((unsigned long long)(b.f - a.f))

int main(int argc, char **argv)
{
	struct afudp_stack_stats a, b;
	struct rcv r[MAXR];
	unsigned int want[MAXR];
	char what[512], buf[2048];
	int i, k, ks;

	if (argc != 7)
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < 2; i++) {
		src[i].sin_family = AF_INET;
		inet_pton(AF_INET, argv[4 + i], &src[i].sin_addr);
	}
	port = (unsigned short)atoi(argv[6]);
	if (senders(argv[2], argv[3])) {
		printf("FAIL senders in %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	AFUDP_OPTS_INIT(afudp_stack_opts, so, .ifname = argv[1]);
	st = afudp_stack_open(&so);
	if (!st) {
		printf("FAIL afudp_stack_open: %s\n", strerror(errno));
		return 1;
	}
	/* Two members of G1 on one port (a reuseport pair, as the kernel
	 * needs for two sockets on a port), one source-specific on port+1. */
	r[0].s = rsock(port);
	r[1].s = rsock(port);
	r[2].s = rsock(port + 1);
	result(!member(r[0].s, IP_ADD_MEMBERSHIP, G1, 0) &&
		       !member(r[1].s, IP_ADD_MEMBERSHIP, G1, 0) &&
		       !member(r[2].s, IP_ADD_SOURCE_MEMBERSHIP, G1, 0),
	       "joins: two sockets to " G1 ", one to (src1, " G1 ")");
	usleep(200000);

	/* 1: both members get every datagram, on the fast path. */
	stats(&a);
	send_run(0, G1, port, 1, N);
	want[0] = want[1] = N;
	read_run(r, 2, want, 1, 0, 5000);
	stats(&b);
	snprintf(what, sizeof(what),
		 "both members got all %d, byte-exact (got %u/%u, bad %u/%u), fast path (rx_slow %llu/%llu; XDP redirected %llu, of them multicast %llu)",
		 N, r[0].got, r[1].got, r[0].bad, r[1].bad,
		 (unsigned long long)slow(r[0].s),
		 (unsigned long long)slow(r[1].s), DELTA(xdp_redirected),
		 DELTA(xdp_redirected_mcast));
	result(r[0].got == N && r[1].got == N && !r[0].bad && !r[1].bad &&
		       !slow(r[0].s) && !slow(r[1].s) &&
		       DELTA(xdp_redirected) == N &&
		       DELTA(xdp_redirected_mcast) == N,
	       what);

	/* 2: a group nobody joined stays with the kernel. */
	stats(&a);
	send_run(0, G2, port, 2, 20);
	want[0] = want[1] = 0;
	read_run(r, 2, want, 2, 0, 500);
	stats(&b);
	snprintf(what, sizeof(what),
		 "unjoined " G2 ": to the kernel (mcast %llu >= 20, redirected %llu), delivered to none (%u, %u)",
		 DELTA(xdp_pass_mcast), DELTA(xdp_redirected), r[0].got,
		 r[1].got);
	result(DELTA(xdp_pass_mcast) >= 20 && !DELTA(xdp_redirected) &&
		       !r[0].got && !r[1].got,
	       what);

	/* 3: a source-specific join takes its source only. */
	stats(&a);
	send_run(1, G1, port + 1, 3, 50);
	send_run(0, G1, port + 1, 3, 50);
	want[2] = 50;
	read_run(&r[2], 1, &want[2], 3, 0, 3000);
	stats(&b);
	snprintf(what, sizeof(what),
		 "(src1, " G1 "): the 50 of src1 (got %u, bad %u, from another %u, rx_slow %llu; multicast redirected %llu), src2's 50 to the kernel (mcast %llu)",
		 r[2].got, r[2].bad, r[2].wrong_src,
		 (unsigned long long)slow(r[2].s), DELTA(xdp_redirected_mcast),
		 DELTA(xdp_pass_mcast));
	result(r[2].got == 50 && !r[2].bad && !r[2].wrong_src &&
		       !slow(r[2].s) && DELTA(xdp_redirected_mcast) == 50 &&
		       DELTA(xdp_pass_mcast) >= 50,
	       what);

	/*
	 * 3b: a receive that drained more copies than it took leaves the
	 * socket readable (poll), with the rest waiting; the other member
	 * gets its copies too.
	 */
	{
		struct pollfd pf = { .fd = afudp_socket_fd(r[0].s),
				     .events = POLLIN };
		struct timespec w = { 0, 50 * 1000 * 1000 };
		unsigned int got0 = 0, got1 = 0;
		int rd;

		send_run(0, G1, port, 8, 5);
		nanosleep(&w, NULL);
		got0 += afudp_recvfrom(r[0].s, buf, sizeof(buf), MSG_DONTWAIT,
				       NULL, NULL) > 0;
		rd = poll(&pf, 1, 1000);
		while (afudp_recvfrom(r[0].s, buf, sizeof(buf), MSG_DONTWAIT,
				      NULL, NULL) > 0)
			got0++;
		pf.fd = afudp_socket_fd(r[1].s);
		poll(&pf, 1, 1000);
		while (afudp_recvfrom(r[1].s, buf, sizeof(buf), MSG_DONTWAIT,
				      NULL, NULL) > 0)
			got1++;
		snprintf(what, sizeof(what),
			 "5 datagrams, the first receive takes 1: the socket polls readable for the other 4 (poll %d, got %u), the other member gets all 5 (%u)",
			 rd, got0, got1);
		result(rd == 1 && got0 == 5 && got1 == 5, what);
	}

	/* 4: one member leaves: the other keeps everything. */
	result(!member(r[1].s, IP_DROP_MEMBERSHIP, G1, 0),
	       "socket 2 leaves " G1);
	stats(&a);
	send_run(0, G1, port, 4, N);
	want[0] = N;
	want[1] = 0;
	read_run(r, 2, want, 4, 0, 5000);
	stats(&b);
	snprintf(what, sizeof(what),
		 "after one leaves, the other gets all %d (got %u, bad %u, rx_slow %llu), the one that left none (%u)",
		 N, r[0].got, r[0].bad, (unsigned long long)slow(r[0].s),
		 r[1].got);
	result(r[0].got == N && !r[0].bad && !slow(r[0].s) && !r[1].got &&
		       DELTA(xdp_redirected_mcast) == N,
	       what);

	/* 5: it joins again; then the first closes: nothing lost. */
	member(r[1].s, IP_ADD_MEMBERSHIP, G1, 0);
	afudp_close(r[0].s);
	stats(&a);
	send_run(0, G1, port, 5, N);
	want[0] = N;
	read_run(&r[1], 1, want, 5, 0, 5000);
	stats(&b);
	snprintf(what, sizeof(what),
		 "after the first member closes, the remaining one gets all %d (got %u, bad %u, rx_slow %llu, multicast redirected %llu)",
		 N, r[1].got, r[1].bad, (unsigned long long)slow(r[1].s),
		 DELTA(xdp_redirected_mcast));
	result(r[1].got == N && !r[1].bad && !slow(r[1].s) &&
		       DELTA(xdp_redirected_mcast) == N,
	       what);

	/* 6: the last member of G1 on the port leaves: the kernel's again. */
	member(r[1].s, IP_DROP_MEMBERSHIP, G1, 0);
	stats(&a);
	send_run(0, G1, port, 6, 20);
	want[1] = 0;
	read_run(&r[1], 1, &want[1], 6, 0, 300);
	stats(&b);
	snprintf(what, sizeof(what),
		 "after the last member left: to the kernel (mcast %llu >= 20, redirected %llu), the socket that left got none (%u)",
		 DELTA(xdp_pass_mcast), DELTA(xdp_redirected), r[1].got);
	result(DELTA(xdp_pass_mcast) >= 20 && !DELTA(xdp_redirected) &&
		       !r[1].got,
	       what);

	/*
	 * 7: with every afudp socket closed, a kernel socket on the port
	 * that joins the group gets every datagram: nothing of afudp's
	 * stays in the way.
	 */
	afudp_close(r[1].s);
	afudp_close(r[2].s);
	ks = socket(AF_INET, SOCK_DGRAM, 0);
	/* Read after the whole run: room for all of it. */
	k = 8 << 20;
	setsockopt(ks, SOL_SOCKET, SO_RCVBUFFORCE, &k, sizeof(k));
	{
		struct sockaddr_in ka = { .sin_family = AF_INET,
					  .sin_port = htons(port) };
		struct ip_mreqn mn = { .imr_ifindex =
					       (int)if_nametoindex("va") };
		struct timeval tv = { 0, 300000 };
		char buf[2048], exp[2048];
		unsigned int got = 0, bad = 0;
		ssize_t n;

		inet_pton(AF_INET, G1, &mn.imr_multiaddr);
		if (bind(ks, (struct sockaddr *)&ka, sizeof(ka)) ||
		    setsockopt(ks, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mn,
			       sizeof(mn)))
			perror("kernel socket");
		setsockopt(ks, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		stats(&a);
		send_run(0, G1, port, 7, N);
		while ((n = recv(ks, buf, sizeof(buf), 0)) >= 0) {
			if ((size_t)n != payload(7, got, exp) ||
			    memcmp(buf, exp, n))
				bad++;
			got++;
		}
		stats(&b);
		snprintf(what, sizeof(what),
			 "after the afudp sockets closed: to the kernel (mcast %llu >= %d, redirected %llu), a kernel socket that joined got %u of %d (bad %u)",
			 DELTA(xdp_pass_mcast), N, DELTA(xdp_redirected), got,
			 N, bad);
		result(DELTA(xdp_pass_mcast) >= N && !DELTA(xdp_redirected) &&
			       got == N && !bad,
		       what);
	}
	close(ks);
	afudp_stack_close(st);
	return fails ? 1 : 0;
}
