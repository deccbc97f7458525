// SPDX-License-Identifier: BSD-2-Clause
/*
 * Several threads sending and receiving at once on shared and separate
 * queues, for a bounded time, against a kernel echo server:
 *
 *   thread 0, 1	sharded sockets on port P, queue 0 and queue 1
 *   thread 2		a socket on port P+1 serving queue 0 only (shares
 *			queue 0's rings and frames with thread 0)
 *   thread 3		a socket on port P+2 serving every queue
 *
 * Each thread sends batches (sendmmsg) of self-checking datagrams and
 * takes what comes back (zero-copy receive and copying receive in turn).
 * Replies to a shard may arrive on its sibling's queue: that's sharding;
 * what matters is that no datagram is ever corrupted or duplicated into
 * another's frame, and that when all sockets are closed every frame is back
 * (free or in a fill ring) and no frame was ever returned twice.
 *
 *   stress IFACE SERVER_IP SERVER_PORT LOCAL_PORT SECONDS
 * Prints counters and "PASS" or "FAIL ..." (exit 1).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "afudp.h"

#define NT 4
#define BURST 16

struct thr {
	struct afudp_socket *s;
	unsigned int id;
	uint64_t sent, got, corrupt, send_err;
};

static struct sockaddr_in server;
static atomic_bool stop;

/* A datagram checks itself: length, then bytes derived from a seed. */
static size_t make(uint8_t *p, uint32_t seed)
{
	size_t len = 16 + seed % 1400, i;

	memcpy(p, &seed, 4);
	memcpy(p + 4, &len, 4);
	for (i = 8; i < len; i++)
		p[i] = (uint8_t)(seed * 131 + i);
	return len;
}

static bool intact(const uint8_t *p, size_t len)
{
	uint32_t seed, l;
	size_t i;

	if (len < 16)
		return false;
	memcpy(&seed, p, 4);
	memcpy(&l, p + 4, 4);
	if (l != len)
		return false;
	for (i = 8; i < len; i++)
		if (p[i] != (uint8_t)(seed * 131 + i))
			return false;
	return true;
}

static void drain(struct thr *t, bool zc)
{
	static __thread uint8_t buf[2048];
	struct afudp_zc_msg m[BURST];
	ssize_t r;
	int n, i;

	for (;;) {
		if (zc) {
			n = afudp_zc_recv(t->s, m, BURST, MSG_DONTWAIT);
			if (n <= 0)
				return;
			for (i = 0; i < n; i++) {
				t->got++;
				t->corrupt += !intact(m[i].data, m[i].len);
			}
			afudp_zc_release(t->s, m, n);
		} else {
			r = afudp_recv(t->s, buf, sizeof(buf), MSG_DONTWAIT);
			if (r < 0)
				return;
			t->got++;
			t->corrupt += !intact(buf, r);
		}
	}
}

static void *run(void *arg)
{
	struct thr *t = arg;
	static __thread uint8_t out[BURST][1500];
	struct pollfd p = { .fd = afudp_socket_fd(t->s), .events = POLLIN };
	struct mmsghdr mm[BURST];
	struct iovec iov[BURST];
	uint32_t seq = t->id << 24;
	unsigned int round = 0;
	int i, r;

	while (!atomic_load(&stop)) {
		for (i = 0; i < BURST; i++) {
			iov[i].iov_base = out[i];
			iov[i].iov_len = make(out[i], seq++);
			mm[i].msg_hdr = (struct msghdr){
				.msg_name = &server,
				.msg_namelen = sizeof(server),
				.msg_iov = &iov[i],
				.msg_iovlen = 1,
			};
		}
		r = afudp_sendmmsg(t->s, mm, BURST, 0);
		if (r > 0)
			t->sent += r;
		else
			t->send_err++;
		poll(&p, 1, 5);
		drain(t, ++round & 1);
	}
	/* Late replies. */
	for (i = 0; i < 20; i++) {
		poll(&p, 1, 10);
		drain(t, i & 1);
	}
	return NULL;
}

static struct afudp_socket *sock(struct afudp_stack *st, uint16_t port,
				 const unsigned int *q, unsigned int nq,
				 unsigned int flags)
{
	AFUDP_OPTS_INIT(afudp_socket_opts, so, .queues = q, .n_queues = nq,
			.flags = flags);
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(port) };
	struct afudp_socket *s = afudp_socket(st, &so);

	if (!s || afudp_bind(s, (struct sockaddr *)&a, sizeof(a))) {
		printf("FAIL socket on port %u\n", port);
		exit(1);
	}
	return s;
}

int main(int argc, char **argv)
{
	static const unsigned int q0 = 0, q1 = 1;
	AFUDP_OPTS_INIT(afudp_stack_opts, o);
	AFUDP_OPTS_INIT(afudp_stack_stats, ss);
	struct thr t[NT] = { 0 };
	pthread_t tid[NT];
	struct afudp_stack *st;
	uint64_t sent = 0, got = 0, corrupt = 0;
	uint16_t port;
	int i;

	if (argc != 6) {
		printf("FAIL usage\n");
		return 1;
	}
	o.ifname = argv[1];
	o.frames = 1024;	/* small: frames run short, sharing matters */
	o.ring_size = 256;
	server.sin_family = AF_INET;
	inet_pton(AF_INET, argv[2], &server.sin_addr);
	server.sin_port = htons(atoi(argv[3]));
	port = atoi(argv[4]);
	st = afudp_stack_open(&o);
	if (!st) {
		printf("FAIL stack: %s\n", strerror(errno));
		return 1;
	}
	t[0].s = sock(st, port, &q0, 1, AFUDP_SO_SHARD);
	t[1].s = sock(st, port, &q1, 1, AFUDP_SO_SHARD);
	t[2].s = sock(st, port + 1, &q0, 1, 0);
	t[3].s = sock(st, port + 2, NULL, 0, 0);
	for (i = 0; i < NT; i++) {
		t[i].id = i;
		pthread_create(&tid[i], NULL, run, &t[i]);
	}
	{
		struct timespec ts = { atoi(argv[5]), 0 };

		nanosleep(&ts, NULL);
	}
	atomic_store(&stop, true);
	for (i = 0; i < NT; i++) {
		pthread_join(tid[i], NULL);
		printf("thread %d: sent %llu got %llu corrupt %llu send errors %llu\n",
		       i, (unsigned long long)t[i].sent,
		       (unsigned long long)t[i].got,
		       (unsigned long long)t[i].corrupt,
		       (unsigned long long)t[i].send_err);
		sent += t[i].sent;
		got += t[i].got;
		corrupt += t[i].corrupt;
		afudp_close(t[i].s);
	}
	afudp_stack_stats(st, &ss);
	printf("total: sent %llu got %llu corrupt %llu; frames %llu free %llu in fill %llu bad returns %llu\n",
	       (unsigned long long)sent, (unsigned long long)got,
	       (unsigned long long)corrupt,
	       (unsigned long long)ss.frames_total,
	       (unsigned long long)ss.frames_free,
	       (unsigned long long)ss.frames_fill,
	       (unsigned long long)ss.frames_bad_put);
	afudp_stack_close(st);
	if (corrupt || got > sent || !got)
		printf("FAIL datagrams: %llu corrupt, %llu got of %llu sent\n",
		       (unsigned long long)corrupt, (unsigned long long)got,
		       (unsigned long long)sent);
	else if (ss.frames_free + ss.frames_fill != ss.frames_total ||
		 ss.frames_bad_put)
		printf("FAIL frames: %llu lost, %llu returned twice\n",
		       (unsigned long long)(ss.frames_total - ss.frames_free -
					    ss.frames_fill),
		       (unsigned long long)ss.frames_bad_put);
	else
		printf("PASS\n");
	return 0;
}
