// SPDX-License-Identifier: BSD-2-Clause
/*
 * A reuseport group (AFUDP_SO_REUSEPORT) under kernel traffic, for
 * reuseport.sh:
 *
 *   reuseprog serve IFACE PORT N CLOSE_MS END_MS
 *	N sockets on PORT, one thread each, echoing every datagram; CLOSE_MS
 *	after the first datagram socket 0 (the group's first: the last one
 *	takes its slots) closes, at END_MS the others stop. Prints "ready",
 *	"closed", then a report: per socket what it received before and
 *	after the close, on which path; flows (source ports) seen by more
 *	than one socket in one phase; the stack's XDP counters.
 *   reuseprog rules IFACE PORT
 *	who may join a group: sharded or plain sockets may not; up to the
 *	group's stride (64 on one queue) may, one more gets -ENOSPC; once
 *	all have closed, a plain socket may have the port
 *   reuseprog hold IFACE PORT QUEUE MS
 *	a stack on QUEUE alone, one group socket on PORT, held MS ms;
 *	prints "bind: " and strerror of afudp_bind()'s result
 *   reuseprog client IP PORT FLOWS MS
 *	plain kernel sockets, FLOWS of them (one source port each), each
 *	with one request in flight, for MS milliseconds; a request not
 *	echoed within 200 ms is sent again (as a DNS client does). Prints
 *	"sent S answered A resent R unanswered U bad B".
 *
 * The payload carries the flow, its sequence number and, in the echo, the
 * index of the socket that answered (byte 8).
 *
 * A last argument "v6" makes the afudp sockets (serve, rules, hold)
 * AF_INET6 ones bound to :: (dual-stack); the client speaks IPv6 to an
 * IPv6 IP.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "afudp.h"

#define MAX_SHARDS 16
#define MAX_FLOWS 1024
#define GRACE_MS 50 /* in-flight datagrams of the close's moment */
#define MAX_GROUP 64 /* AFUDP_REUSEPORT_MAX: the stride on one queue */

/* The afudp sockets' family: AF_INET, or AF_INET6 ("v6"). */
static int fam = AF_INET;

/* [::]:@port or 0.0.0.0:@port, as the sockets' family wants. */
static socklen_t any_addr(struct sockaddr_storage *a, uint16_t port)
{
	memset(a, 0, sizeof(*a));
	if (fam == AF_INET6) {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)a;

		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons(port);
		return sizeof(*a6);
	}
	((struct sockaddr_in *)a)->sin_family = AF_INET;
	((struct sockaddr_in *)a)->sin_port = htons(port);
	return sizeof(struct sockaddr_in);
}

/* A source's port: sin_port and sin6_port sit at the same place. */
static uint16_t src_port(const struct sockaddr_storage *a)
{
	return ntohs(((const struct sockaddr_in *)a)->sin_port);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- server ---- */

struct shard {
	unsigned int idx;
	struct afudp_socket *s;
	pthread_t th;
	uint64_t rx[2], slow[2]; /* before / after the close */
	struct afudp_socket_stats end;
};

static struct shard sh[MAX_SHARDS];
static atomic_int phase; /* 0 before, 1 around, 2 after */
static atomic_bool stop, closing, started;
/* Bit i: socket i received the source port, per phase (0, 2). */
static _Atomic uint32_t seen[2][65536];

static void *serve(void *arg)
{
	struct shard *h = arg;
	struct sockaddr_storage from;
	socklen_t flen;
	struct afudp_socket_stats st = { .sz = sizeof(st) };
	uint64_t slow0;
	char buf[2048];
	ssize_t n;
	int ph;

	while (!atomic_load(&stop)) {
		struct pollfd p = { .fd = afudp_socket_fd(h->s),
				    .events = POLLIN };

		if (h->idx == 0 && atomic_load(&closing))
			break;
		flen = sizeof(from);
		afudp_socket_stats(h->s, &st);
		slow0 = st.rx_slow;
		n = afudp_recvfrom(h->s, buf, sizeof(buf), MSG_DONTWAIT,
				   (struct sockaddr *)&from, &flen);
		if (n < 0) {
			poll(&p, 1, 10);
			continue;
		}
		ph = atomic_load(&phase);
		atomic_store(&started, true);
		afudp_socket_stats(h->s, &st);
		if (ph != 1) {
			h->rx[ph / 2]++;
			h->slow[ph / 2] += st.rx_slow - slow0;
			atomic_fetch_or(&seen[ph / 2][src_port(&from)],
					1u << h->idx);
		}
		if (n > 8)
			buf[8] = (char)h->idx;
		afudp_sendto(h->s, buf, n, 0, (struct sockaddr *)&from, flen);
	}
	afudp_socket_stats(h->s, &h->end);
	if (h->idx == 0) {
		afudp_close(h->s);
		h->s = NULL;
	}
	return NULL;
}

static int server(int argc, char **argv)
{
	struct sockaddr_storage a;
	socklen_t alen;
	struct afudp_stack_stats ss = { .sz = sizeof(ss) };
	struct afudp_stack *st;
	unsigned int n, i, p, k, multi[2] = { 0 }, flows[2][MAX_SHARDS] = { 0 };
	long t0, close_ms, end_ms;
	uint64_t no_queue0, redir0, spread0;

	if (argc < 7)
		return 2;
	alen = any_addr(&a, atoi(argv[3]));
	n = atoi(argv[4]);
	close_ms = atol(argv[5]);
	end_ms = atol(argv[6]);
	if (n < 2 || n > MAX_SHARDS)
		return 2;
	AFUDP_OPTS_INIT(afudp_stack_opts, so, .ifname = argv[2]);
	st = afudp_stack_open(&so);
	if (!st) {
		printf("FAIL afudp_stack_open: %s\n", strerror(errno));
		return 1;
	}
	for (i = 0; i < n; i++) {
		AFUDP_OPTS_INIT(afudp_socket_opts, o,
				.flags = AFUDP_SO_REUSEPORT, .family = fam);
		int err;

		sh[i].idx = i;
		sh[i].s = afudp_socket(st, &o);
		if (!sh[i].s) {
			printf("FAIL afudp_socket: %s\n", strerror(errno));
			return 1;
		}
		err = afudp_bind(sh[i].s, (struct sockaddr *)&a, alen);
		if (err) {
			printf("FAIL bind of socket %u: %s\n", i,
			       strerror(-err));
			return 1;
		}
	}
	for (i = 0; i < n; i++)
		pthread_create(&sh[i].th, NULL, serve, &sh[i]);
	printf("ready\n");
	fflush(stdout);
	/*
	 * The clock starts with the traffic (10 s at most): a slow start of
	 * the client must not leave it without a "before".
	 */
	t0 = now_ms();
	while (!atomic_load(&started) && now_ms() - t0 < 10000)
		usleep(1000);
	t0 = now_ms();
	while (now_ms() - t0 < close_ms)
		usleep(1000);
	afudp_stack_stats(st, &ss);
	no_queue0 = ss.xdp_pass_no_queue;
	atomic_store(&phase, 1);
	atomic_store(&closing, true);
	pthread_join(sh[0].th, NULL);
	printf("closed\n");
	fflush(stdout);
	usleep(GRACE_MS * 1000);
	afudp_stack_stats(st, &ss);
	redir0 = ss.xdp_redirected;
	spread0 = ss.xdp_redirected_spread;
	atomic_store(&phase, 2);
	while (now_ms() - t0 < end_ms)
		usleep(1000);
	atomic_store(&stop, true);
	for (i = 1; i < n; i++)
		pthread_join(sh[i].th, NULL);
	afudp_stack_stats(st, &ss);

	for (p = 0; p < 2; p++) {
		for (k = 0; k < 65536; k++) {
			uint32_t m = seen[p][k];

			if (!m)
				continue;
			if (m & (m - 1))
				multi[p]++;
			for (i = 0; i < n; i++)
				flows[p][i] += !!(m & (1u << i));
		}
	}
	for (i = 0; i < n; i++)
		printf("socket %u before: rx %llu slow %llu flows %u; after: rx %llu slow %llu flows %u\n",
		       i, (unsigned long long)sh[i].rx[0],
		       (unsigned long long)sh[i].slow[0], flows[0][i],
		       (unsigned long long)sh[i].rx[1],
		       (unsigned long long)sh[i].slow[1], flows[1][i]);
	for (i = 0; i < n; i++)
		printf("socket %u xsk: rx dropped %llu ring full %llu fill empty %llu\n",
		       i, (unsigned long long)sh[i].end.rx_dropped,
		       (unsigned long long)sh[i].end.rx_ring_full,
		       (unsigned long long)sh[i].end.rx_fill_empty);
	printf("flows on two sockets: before %u after %u\n", multi[0],
	       multi[1]);
	/* Flows that were socket 0's before the close, and where now. */
	for (k = 0, p = 0, i = 0; k < 65536; k++)
		if (seen[0][k] == 1u) {
			p++;
			i += seen[1][k] && !(seen[1][k] & 1u);
		}
	printf("socket 0's flows %u, seen on others after %u\n", p, i);
	printf("after the close: redirected %llu spread %llu no-queue %llu\n",
	       (unsigned long long)(ss.xdp_redirected - redir0),
	       (unsigned long long)(ss.xdp_redirected_spread - spread0),
	       (unsigned long long)(ss.xdp_pass_no_queue - no_queue0));
	for (i = 1; i < n; i++)
		afudp_close(sh[i].s);
	afudp_stack_close(st);
	return 0;
}

/* ---- who may join ---- */

static struct afudp_stack *open_stack(const char *ifname, const unsigned int *q)
{
	AFUDP_OPTS_INIT(afudp_stack_opts, so, .ifname = ifname, .queues = q,
			.n_queues = q ? 1 : 0, .frames = 8192);
	struct afudp_stack *st = afudp_stack_open(&so);

	if (!st) {
		printf("FAIL afudp_stack_open: %s\n", strerror(errno));
		exit(1);
	}
	return st;
}

/* A socket with @flags bound to @port: afudp_bind()'s result in *err. */
static struct afudp_socket *bind_one(struct afudp_stack *st, uint16_t port,
				     unsigned int flags, int *err)
{
	struct sockaddr_storage a;
	socklen_t alen = any_addr(&a, port);
	AFUDP_OPTS_INIT(afudp_socket_opts, o, .flags = flags, .family = fam);
	struct afudp_socket *s = afudp_socket(st, &o);

	if (!s) {
		printf("FAIL afudp_socket: %s\n", strerror(errno));
		exit(1);
	}
	*err = afudp_bind(s, (struct sockaddr *)&a, alen);
	return s;
}

static int rules(int argc, char **argv)
{
	static struct afudp_socket *g[MAX_GROUP + 1];
	struct afudp_stack *st;
	struct afudp_socket *s;
	uint16_t port;
	int err, n, ret = 0;

	if (argc < 4)
		return 2;
	port = atoi(argv[3]);
	st = open_stack(argv[2], NULL);
	g[0] = bind_one(st, port, AFUDP_SO_REUSEPORT, &err);
	printf("%s first group socket: %s\n", err ? "FAIL" : "PASS",
	       strerror(-err));
	ret |= !!err;
	s = bind_one(st, port, AFUDP_SO_SHARD, &err);
	printf("%s sharded socket on the group's port: %s\n",
	       err == -EADDRINUSE ? "PASS" : "FAIL", strerror(-err));
	ret |= err != -EADDRINUSE;
	afudp_close(s);
	s = bind_one(st, port, 0, &err);
	printf("%s plain socket on the group's port: %s\n",
	       err == -EADDRINUSE ? "PASS" : "FAIL", strerror(-err));
	ret |= err != -EADDRINUSE;
	afudp_close(s);
	for (n = 1, err = 0; n <= MAX_GROUP && !err; n++)
		g[n] = bind_one(st, port, AFUDP_SO_REUSEPORT, &err);
	n--;
	printf("%s group of %d, then: %s\n",
	       n == MAX_GROUP && err == -ENOSPC ? "PASS" : "FAIL", n,
	       strerror(-err));
	ret |= n != MAX_GROUP || err != -ENOSPC;
	for (n = 0; n <= MAX_GROUP; n++)
		afudp_close(g[n]);
	s = bind_one(st, port, 0, &err);
	printf("%s plain socket once the group closed: %s\n",
	       err ? "FAIL" : "PASS", strerror(-err));
	ret |= !!err;
	afudp_close(s);
	afudp_stack_close(st);
	return ret;
}

static int hold(int argc, char **argv)
{
	struct afudp_stack *st;
	struct afudp_socket *s;
	unsigned int q;
	int err;

	if (argc < 6)
		return 2;
	q = atoi(argv[4]);
	st = open_stack(argv[2], &q);
	s = bind_one(st, atoi(argv[3]), AFUDP_SO_REUSEPORT, &err);
	printf("bind: %s\n", strerror(-err));
	fflush(stdout);
	if (!err)
		usleep(atol(argv[5]) * 1000);
	afudp_close(s);
	afudp_stack_close(st);
	return 0;
}

/* ---- client ---- */

struct flow {
	int fd;
	uint32_t seq;
	long sent_at;
	bool waiting;
};

static int client(int argc, char **argv)
{
	static struct flow f[MAX_FLOWS];
	static struct pollfd p[MAX_FLOWS];
	struct sockaddr_storage dst = { 0 };
	struct sockaddr_in *d4 = (struct sockaddr_in *)&dst;
	struct sockaddr_in6 *d6 = (struct sockaddr_in6 *)&dst;
	socklen_t dlen = sizeof(*d4);
	unsigned long sent = 0, answered = 0, resent = 0, bad = 0, left = 0;
	unsigned int nf, i;
	long end, t;
	char buf[64];

	if (argc < 6)
		return 2;
	if (strchr(argv[2], ':')) {
		d6->sin6_family = AF_INET6;
		if (inet_pton(AF_INET6, argv[2], &d6->sin6_addr) != 1)
			return 2;
		dlen = sizeof(*d6);
	} else {
		d4->sin_family = AF_INET;
		if (inet_pton(AF_INET, argv[2], &d4->sin_addr) != 1)
			return 2;
	}
	d4->sin_port = htons(atoi(argv[3]));	/* sin6_port: the same place */
	nf = atoi(argv[4]);
	if (!nf || nf > MAX_FLOWS)
		return 2;
	end = now_ms() + atol(argv[5]);
	for (i = 0; i < nf; i++) {
		f[i].fd = socket(dst.ss_family, SOCK_DGRAM | SOCK_NONBLOCK, 0);
		if (f[i].fd < 0 ||
		    connect(f[i].fd, (struct sockaddr *)&dst, dlen)) {
			perror("client socket");
			return 1;
		}
		p[i].fd = f[i].fd;
		p[i].events = POLLIN;
	}
	/* Until the end, and then until every request is answered (2 s). */
	while ((t = now_ms()) < end + 2000) {
		bool busy = false;

		for (i = 0; i < nf; i++) {
			bool again = f[i].waiting && t - f[i].sent_at > 200;

			if ((!f[i].waiting && t < end) || again) {
				if (!again)
					f[i].seq++;
				memset(buf, 0, sizeof(buf));
				memcpy(buf, &i, 4);
				memcpy(buf + 4, &f[i].seq, 4);
				buf[8] = (char)0xff;
				if (send(f[i].fd, buf, sizeof(buf), 0) ==
				    sizeof(buf)) {
					f[i].waiting = true;
					f[i].sent_at = t;
					sent += !again;
					resent += again;
				}
			}
			busy |= f[i].waiting;
		}
		if (!busy && t >= end)
			break;
		if (poll(p, nf, 5) <= 0)
			continue;
		for (i = 0; i < nf; i++) {
			uint32_t fi, seq;
			ssize_t n;

			if (!(p[i].revents & POLLIN))
				continue;
			while ((n = recv(f[i].fd, buf, sizeof(buf), 0)) > 0) {
				memcpy(&fi, buf, 4);
				memcpy(&seq, buf + 4, 4);
				if (n != sizeof(buf) || fi != i ||
				    (unsigned char)buf[8] >= MAX_SHARDS) {
					bad++;
				} else if (f[i].waiting && seq == f[i].seq) {
					f[i].waiting = false;
					answered++;
				}
				/* else: the echo of a resent duplicate */
			}
		}
	}
	for (i = 0; i < nf; i++)
		left += f[i].waiting;
	printf("sent %lu answered %lu resent %lu unanswered %lu bad %lu\n",
	       sent, answered, resent, left, bad);
	return left || bad;
}

int main(int argc, char **argv)
{
	if (argc > 2 && !strcmp(argv[argc - 1], "v6")) {
		fam = AF_INET6;
		argc--;
	}
	if (argc > 1 && !strcmp(argv[1], "serve"))
		return server(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "rules"))
		return rules(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "hold"))
		return hold(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "client"))
		return client(argc, argv);
	fprintf(stderr, "usage: see the comment at the top of reuseprog.c\n");
	return 2;
}
