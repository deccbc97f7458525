/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kernel-sink: the kernel's side of the throughput benchmarks, on plain
 * UDP sockets.
 *
 *   --mode rx     recvmmsg() batches of 64 and count
 *   --mode blast  sendmmsg() batches of 64 of --size bytes to --dst
 *
 * --threads N: one socket per thread (SO_REUSEPORT on the port for rx, so
 * the kernel spreads flows over them), thread i pinned to the i-th CPU of
 * --cpus. Receive buffers are 8 MiB (SO_RCVBUFFORCE) so the socket queue is
 * not what limits the kernel. On EAGAIN a thread sleeps in poll() for at
 * most 100 ms, so the run ends by itself after --seconds.
 *
 * -6 (rx): an IPv6 socket bound to [::]; blast: the family of --dst
 * ([IPv6]:PORT for IPv6).
 *
 * Prints "tick"/"total" lines (util.h): n = datagrams received or sent.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "util.h"

#define BATCH 64

struct worker {
	pthread_t tid;
	int fd;
	int cpu;
	uint64_t n;
	uint64_t errors;
	char pad[64];
};

static bool blast_mode;
static uint64_t deadline;
static size_t size = 64;

static void *run(void *arg)
{
	/* the largest datagram a 9000-byte MTU carries, whole (jumbo) */
	static __thread char bufs[BATCH][9216];
	static __thread char payload[65536];
	struct worker *w = arg;
	struct mmsghdr mm[BATCH];
	struct iovec iov[BATCH];
	struct pollfd p = { .fd = w->fd, .events = POLLIN };
	int i, n;

	bu_pin(w->cpu);
	for (i = 0; i < BATCH; i++) {
		iov[i] = blast_mode ?
				 (struct iovec){ payload, size } :
				 (struct iovec){ bufs[i], sizeof(bufs[i]) };
		mm[i].msg_hdr =
			(struct msghdr){ .msg_iov = &iov[i], .msg_iovlen = 1 };
	}
	while (!bu_stop && bu_now_ns() < deadline) {
		if (blast_mode)
			n = sendmmsg(w->fd, mm, BATCH, 0);
		else
			n = recvmmsg(w->fd, mm, BATCH, MSG_DONTWAIT, NULL);
		if (n > 0)
			__atomic_store_n(&w->n, w->n + (uint64_t)n,
					 __ATOMIC_RELAXED);
		else if (errno == EAGAIN && !blast_mode)
			poll(&p, 1, 100);
		else if (errno != EINTR && errno != EAGAIN && errno != ENOBUFS)
			w->errors++;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "mode", required_argument, NULL, 'M' },
		{ "port", required_argument, NULL, 'p' },
		{ "threads", required_argument, NULL, 'n' },
		{ "cpus", required_argument, NULL, 'C' },
		{ "seconds", required_argument, NULL, 't' },
		{ "dst", required_argument, NULL, 'd' },
		{ "size", required_argument, NULL, 'S' },
		{ 0 }
	};
	static struct worker w[BU_MAX_THREADS];
	int cpus[BU_MAX_THREADS], ncpu = 0, nt = 1, i, c, one = 1;
	int rcvbuf = 8 << 20;
	union bu_sa local, dst = { 0 };
	int family = AF_INET, port = 0;
	double seconds = 10;
	uint64_t t0, now, next, n, errs = 0;

	while ((c = getopt_long(argc, argv, "p:6", lo, NULL)) != -1) {
		switch (c) {
		case 'M':
			if (!strcmp(optarg, "rx"))
				blast_mode = false;
			else if (!strcmp(optarg, "blast"))
				blast_mode = true;
			else
				bu_die("--mode rx|blast");
			break;
		case 'p':
			port = (int)bu_int("--port", optarg, 1, 65535);
			break;
		case '6':
			family = AF_INET6;
			break;
		case 'n':
			nt = (int)bu_int("--threads", optarg, 1,
					 BU_MAX_THREADS);
			break;
		case 'C':
			ncpu = bu_cpu_list(optarg, cpus, BU_MAX_THREADS);
			break;
		case 't':
			seconds = atof(optarg);
			break;
		case 'd':
			dst = bu_addr("--dst", optarg);
			break;
		case 'S':
			size = (size_t)bu_int("--size", optarg, 1, 65507);
			break;
		default:
			fprintf(stderr,
				"Usage: kernel-sink --mode rx|blast [-p PORT [-6]] [--threads N] [--cpus LIST]\n"
				"                   [--seconds S] [--dst IP:PORT --size BYTES]\n");
			return 2;
		}
	}
	if (blast_mode ? !dst.in.sin_port : !port)
		bu_die("need -p PORT (rx) or --dst IP:PORT (blast)");
	local = bu_any(family, (uint16_t)port);
	if (ncpu && ncpu < nt)
		bu_die("--cpus needs a CPU per thread");
	bu_catch_signals();
	for (i = 0; i < nt; i++) {
		w[i].cpu = ncpu ? cpus[i] : -1;
		w[i].fd = socket(blast_mode ? dst.sa.sa_family : family,
				 SOCK_DGRAM, 0);
		if (w[i].fd < 0)
			bu_die("socket: %s", strerror(errno));
		if (blast_mode) {
			if (connect(w[i].fd, &dst.sa, bu_sa_len(&dst)))
				bu_die("connect: %s", strerror(errno));
			continue;
		}
		setsockopt(w[i].fd, SOL_SOCKET, SO_REUSEPORT, &one,
			   sizeof(one));
		if (setsockopt(w[i].fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
			       sizeof(rcvbuf)))
			setsockopt(w[i].fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
				   sizeof(rcvbuf));
		if (bind(w[i].fd, &local.sa, bu_sa_len(&local)))
			bu_die("bind: %s", strerror(errno));
	}
	fprintf(stderr, "kernel-sink: ready\n");
	t0 = bu_now_ns();
	deadline = t0 + (uint64_t)(seconds * 1e9);
	for (i = 0; i < nt; i++)
		if (pthread_create(&w[i].tid, NULL, run, &w[i]))
			bu_die("thread failed");
	next = t0 + bu_tick_ns();
	while (!bu_stop && (now = bu_now_ns()) < deadline) {
		if (now >= next) {
			for (n = 0, i = 0; i < nt; i++)
				n += __atomic_load_n(&w[i].n, __ATOMIC_RELAXED);
			printf("tick t=%.3f n=%" PRIu64 "\n",
			       (double)(now - t0) / 1e9, n);
			fflush(stdout);
			next += bu_tick_ns();
		}
		usleep(10000);
	}
	for (n = 0, i = 0; i < nt; i++) {
		pthread_join(w[i].tid, NULL);
		n += w[i].n;
		errs += w[i].errors;
		close(w[i].fd);
	}
	printf("total t=%.3f n=%" PRIu64 " errors=%" PRIu64 "\n",
	       (double)(bu_now_ns() - t0) / 1e9, n, errs);
	fflush(stdout);
	return 0;
}
