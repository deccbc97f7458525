/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * afudp-sink: afudp's side of the throughput benchmarks, through the
 * public API only.
 *
 *   --mode zc     receive with afudp_zc_recv() + afudp_zc_release()
 *                 (zero-copy, batches of 64) and count
 *   --mode mmsg   receive with afudp_recvmmsg() (copies, batches of 64)
 *   --mode blast  send --size-byte datagrams to --dst with afudp_sendmmsg()
 *                 (batches of 64) as fast as the stack takes them; the
 *                 receiving side counts what arrives; --count N: send
 *                 exactly N (one thread), then stop (the cost benchmark's
 *                 fixed amount of work)
 *   --mode echo   send every datagram back to its sender with the copy
 *                 API: afudp_recvmmsg() a batch of up to 64, then
 *                 afudp_sendmmsg() it back; --sockperf: answer like
 *                 `sockperf server` (xsk-raw's rule); --busy-poll: the
 *                 stack's busy-poll mode (afudp_stack_opts.busy_poll),
 *                 spinning on MSG_DONTWAIT receives instead of sleeping in
 *                 poll().
 *                 The echo the IPv6 rows of bench/run compare over both
 *                 families (no zero-copy calls over IPv6 yet, and the same
 *                 program for both keeps the comparison about the family)
 *
 * -6: the receiving sockets are IPv6 ones bound to [::] (dual-stack, as a
 * kernel socket); blast: the family of --dst ([IPv6]:PORT for IPv6).
 * --kernel: the library's kernel backend (kernel UDP sockets under the
 * same calls), the echo's kernel reference.
 *
 * --threads N: one socket per thread; with N > 1 the sockets are sharded
 * (AFUDP_SO_SHARD), socket i serving the queues q with q % N == i, thread i
 * pinned to the i-th CPU of --cpus. Receives never block for long: on
 * -EAGAIN the thread sleeps in poll() on afudp_socket_fd() for at most
 * 100 ms, so the run ends by itself after --seconds.
 *
 * --ring N, --frames N: the stack's per-socket ring size and UMEM frames per
 * queue (afudp_stack_opts; defaults 1024 and 4096): a jumbo datagram takes
 * a descriptor per 2 KiB frame, so at 8 KiB the default RX ring holds
 * about 200 of them where a kernel sink's 8 MiB buffer holds several
 * hundred.
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
#include <sys/socket.h>

#include "afudp.h"
#include "util.h"

#define BATCH 64
#define BENCH_QMAX 64

enum mode { M_ZC, M_MMSG, M_BLAST, M_ECHO };

struct worker {
	pthread_t tid;
	struct afudp_socket *sock;
	int cpu;
	uint64_t n;
	uint64_t errors;
	char pad[64];
};

static enum mode mode = M_ZC;
static uint64_t deadline;
static size_t size = 64;
static uint64_t count; /* blast: datagrams to send, 0: until the deadline */
static bool sockperf, busy_poll; /* echo */

static void wait_readable(struct afudp_socket *s)
{
	struct pollfd p = { .fd = afudp_socket_fd(s), .events = POLLIN };

	poll(&p, 1, 100);
}

static void rx_zc(struct worker *w)
{
	struct afudp_zc_msg m[BATCH];
	int n;

	while (!bu_stop && bu_now_ns() < deadline) {
		n = afudp_zc_recv(w->sock, m, BATCH, MSG_DONTWAIT);
		if (n > 0) {
			afudp_zc_release(w->sock, m, (unsigned int)n);
			__atomic_store_n(&w->n, w->n + (uint64_t)n,
					 __ATOMIC_RELAXED);
		} else if (n == -EAGAIN) {
			wait_readable(w->sock);
		} else if (n != -EINTR) {
			w->errors++;
		}
	}
}

/*
 * A batch of receive buffers for afudp_recvmmsg(), each of them holding the
 * largest datagram a 9000-byte MTU carries, whole (jumbo); per thread.
 */
struct mmsg_batch {
	struct mmsghdr mm[BATCH];
	struct iovec iov[BATCH];
	union bu_sa src[BATCH];
};
static __thread char bufs[BATCH][9216];

static void batch_init(struct mmsg_batch *b)
{
	int i;

	for (i = 0; i < BATCH; i++) {
		b->iov[i] = (struct iovec){ bufs[i], sizeof(bufs[i]) };
		b->mm[i].msg_hdr = (struct msghdr){ .msg_name = &b->src[i],
						    .msg_iov = &b->iov[i],
						    .msg_iovlen = 1 };
	}
}

/*
 * Up to BATCH datagrams into @b; 0 when none came (after sleeping in
 * poll() for at most 100 ms unless --busy-poll) or on an error (counted).
 */
static int batch_recv(struct worker *w, struct mmsg_batch *b)
{
	int i, n;

	for (i = 0; i < BATCH; i++)
		b->mm[i].msg_hdr.msg_namelen = sizeof(b->src[i]);
	n = afudp_recvmmsg(w->sock, b->mm, BATCH, MSG_DONTWAIT);
	if (n > 0)
		return n;
	if (n == -EAGAIN) {
		if (!busy_poll)
			wait_readable(w->sock);
	} else if (n != -EINTR) {
		w->errors++;
	}
	return 0;
}

static void rx_mmsg(struct worker *w)
{
	struct mmsg_batch b;
	int n;

	batch_init(&b);
	while (!bu_stop && bu_now_ns() < deadline) {
		n = batch_recv(w, &b);
		__atomic_store_n(&w->n, w->n + (uint64_t)n, __ATOMIC_RELAXED);
	}
}

static void blast(struct worker *w)
{
	static __thread char payload[65536];
	struct mmsghdr mm[BATCH];
	struct iovec iov;
	int i, n;

	iov = (struct iovec){ payload, size };
	for (i = 0; i < BATCH; i++)
		mm[i].msg_hdr =
			(struct msghdr){ .msg_iov = &iov, .msg_iovlen = 1 };
	while (!bu_stop && bu_now_ns() < deadline) {
		i = BATCH;
		if (count) {
			if (w->n >= count) {
				bu_stop = 1;
				break;
			}
			if (count - w->n < BATCH)
				i = (int)(count - w->n);
		}
		n = afudp_sendmmsg(w->sock, mm, (unsigned int)i, 0);
		if (n > 0)
			__atomic_store_n(&w->n, w->n + (uint64_t)n,
					 __ATOMIC_RELAXED);
		else if (n != -EAGAIN && n != -EINTR)
			w->errors++;
	}
}

static void echo(struct worker *w)
{
	struct mmsg_batch b;
	struct mmsghdr out[BATCH];
	struct iovec oiov[BATCH];
	uint16_t f, nf;
	int i, n, no, sent, r;

	batch_init(&b);
	while (!bu_stop && bu_now_ns() < deadline) {
		n = batch_recv(w, &b);
		for (i = 0, no = 0; i < n; i++) {
			if (sockperf && !bu_sp_reply((uint8_t *)bufs[i],
						     b.mm[i].msg_len, &f, &nf))
				continue;
			oiov[no] = (struct iovec){ bufs[i], b.mm[i].msg_len };
			out[no].msg_hdr = (struct msghdr){
				.msg_name = &b.src[i],
				.msg_namelen = b.mm[i].msg_hdr.msg_namelen,
				.msg_iov = &oiov[no],
				.msg_iovlen = 1
			};
			no++;
		}
		/* A full TX ring (-EAGAIN) gets a few more tries, then drops. */
		for (sent = 0, i = 0; sent < no && i < 8; i++) {
			r = afudp_sendmmsg(w->sock, out + sent,
					   (unsigned int)(no - sent), 0);
			if (r > 0)
				sent += r;
			else if (r != -EAGAIN && r != -EINTR)
				break;
		}
		w->errors += (uint64_t)(no - sent);
		__atomic_store_n(&w->n, w->n + (uint64_t)sent,
				 __ATOMIC_RELAXED);
	}
}

static void *run(void *arg)
{
	struct worker *w = arg;

	bu_pin(w->cpu);
	switch (mode) {
	case M_ZC:
		rx_zc(w);
		break;
	case M_MMSG:
		rx_mmsg(w);
		break;
	case M_BLAST:
		blast(w);
		break;
	case M_ECHO:
		echo(w);
		break;
	}
	return NULL;
}

static void log_fn(void *ctx, int level, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "afudp(%d): %s\n", level, msg);
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
		{ "count", required_argument, NULL, 'c' },
		{ "ring", required_argument, NULL, 'r' },
		{ "frames", required_argument, NULL, 'f' },
		{ "sockperf", no_argument, NULL, 'P' },
		{ "busy-poll", no_argument, NULL, 'B' },
		{ "kernel", no_argument, NULL, 'K' },
		{ 0 }
	};
	static struct worker w[BU_MAX_THREADS];
	int cpus[BU_MAX_THREADS], ncpu = 0, nt = 1, i, c, err;
	union bu_sa local, dst = { 0 };
	int family = AF_INET, port = 0;
	AFUDP_OPTS_INIT(afudp_stack_opts, so, .log_fn = log_fn);
	AFUDP_OPTS_INIT(afudp_stack_info, info);
	AFUDP_OPTS_INIT(afudp_socket_stats, ss);
	const char *ifname = NULL;
	double seconds = 10;
	struct afudp_stack *st;
	uint64_t t0, now, next, n, drops = 0, rxsum = 0;

	while ((c = getopt_long(argc, argv, "i:p:6", lo, NULL)) != -1) {
		switch (c) {
		case 'i':
			ifname = optarg;
			break;
		case 'M':
			if (!strcmp(optarg, "zc"))
				mode = M_ZC;
			else if (!strcmp(optarg, "mmsg"))
				mode = M_MMSG;
			else if (!strcmp(optarg, "blast"))
				mode = M_BLAST;
			else if (!strcmp(optarg, "echo"))
				mode = M_ECHO;
			else
				bu_die("--mode zc|mmsg|blast|echo");
			break;
		case 'p':
			port = (int)bu_int("--port", optarg, 1, 65535);
			break;
		case '6':
			family = AF_INET6;
			break;
		case 'P':
			sockperf = true;
			break;
		case 'B':
			/*
			 * The library's busy-poll (as afudp-echo --busy-poll):
			 * empty rings are not followed by a read of the kernel
			 * socket on every spin.
			 */
			busy_poll = true;
			so.busy_poll = true;
			break;
		case 'K':
			so.backend = AFUDP_BACKEND_KERNEL;
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
		case 'c':
			count = (uint64_t)bu_int("--count", optarg, 1,
						 1000000000);
			break;
		case 'r':
			so.ring_size = (unsigned int)bu_int("--ring", optarg,
							    64, 65536);
			break;
		case 'f':
			so.frames = (unsigned int)bu_int("--frames", optarg,
							 256, 1 << 20);
			break;
		default:
			fprintf(stderr,
				"Usage: afudp-sink -i IFACE --mode zc|mmsg|blast|echo [-p PORT [-6]]\n"
				"                  [--threads N] [--cpus LIST] [--seconds S]\n"
				"                  [--dst IP:PORT --size BYTES] [--count N] [--ring N]\n"
				"                  [--frames N] [--kernel] [echo: --sockperf --busy-poll]\n");
			return 2;
		}
	}
	if (!ifname || (mode != M_BLAST && !port) ||
	    (mode == M_BLAST && !dst.in.sin_port))
		bu_die("need -i IFACE and -p PORT (receive) or --dst (blast)");
	local = bu_any(family, (uint16_t)port);
	if (ncpu && ncpu < nt)
		bu_die("--cpus needs a CPU per thread");
	bu_catch_signals();
	so.ifname = ifname;
	st = afudp_stack_open(&so);
	if (!st)
		bu_die("afudp_stack_open %s: %s", ifname, strerror(errno));
	afudp_stack_info(st, &info);
	fprintf(stderr,
		"afudp-sink: backend %s, %s mode, %s, %u queue(s) of %u\n",
		info.backend == AFUDP_BACKEND_XDP ? "xdp" : "kernel",
		info.xdp_mode == AFUDP_XDP_MODE_NATIVE ? "native" : "skb",
		info.copy_mode == AFUDP_COPY_ZEROCOPY ? "zero-copy" : "copy",
		info.n_queues, info.if_queues);
	if (nt > 1 && info.backend == AFUDP_BACKEND_XDP &&
	    (unsigned int)nt > info.n_queues)
		bu_die("%d threads need as many queues (%s has %u)", nt, ifname,
		       info.n_queues);
	for (i = 0; i < nt; i++) {
		AFUDP_OPTS_INIT(afudp_socket_opts, sopt,
				.family = mode == M_BLAST ? dst.sa.sa_family :
							    family);
		unsigned int qs[BENCH_QMAX], nq = 0, q;

		/*
		 * Kernel backend: no queues to give, the kernel's
		 * SO_REUSEPORT spreads datagrams over the sockets.
		 */
		if (nt > 1) {
			for (q = (unsigned int)i;
			     info.backend == AFUDP_BACKEND_XDP &&
			     q < info.n_queues && nq < BENCH_QMAX;
			     q += (unsigned int)nt)
				qs[nq++] = q;
			sopt.flags = AFUDP_SO_SHARD;
			sopt.queues = nq ? qs : NULL;
			sopt.n_queues = nq;
		}
		w[i].cpu = ncpu ? cpus[i] : -1;
		w[i].sock = afudp_socket(st, &sopt);
		if (!w[i].sock)
			bu_die("afudp_socket: %s", strerror(errno));
		if (mode == M_BLAST)
			err = afudp_connect(w[i].sock, &dst.sa,
					    bu_sa_len(&dst));
		else
			err = afudp_bind(w[i].sock, &local.sa,
					 bu_sa_len(&local));
		if (err)
			bu_die("%s: %s", mode == M_BLAST ? "connect" : "bind",
			       strerror(-err));
	}
	fprintf(stderr, "afudp-sink: ready\n");
	t0 = bu_now_ns();
	deadline = t0 + (uint64_t)(seconds * 1e9);
	for (i = 0; i < nt; i++) {
		err = pthread_create(&w[i].tid, NULL, run, &w[i]);
		if (err)
			bu_die("thread: %s", strerror(err));
	}
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
	}
	now = bu_now_ns();
	for (i = 0; i < nt; i++) {
		afudp_socket_stats(w[i].sock, &ss);
		drops += ss.rx_dropped + ss.rx_ring_full;
		rxsum += ss.rx_slow + ss.tx_slow;
		fprintf(stderr,
			"afudp-sink: socket %d: rx %" PRIu64 " tx %" PRIu64
			" slow rx/tx %" PRIu64 "/%" PRIu64
			" csum drops %" PRIu64 " xsk rx_dropped %" PRIu64
			" ring_full %" PRIu64 " fill_empty %" PRIu64
			" tx_ring_full %" PRIu64 " kicks %" PRIu64
			" errors %" PRIu64 "\n",
			i, ss.rx_packets, ss.tx_packets, ss.rx_slow, ss.tx_slow,
			ss.rx_drop_csum, ss.rx_dropped, ss.rx_ring_full,
			ss.rx_fill_empty, ss.tx_ring_full, ss.tx_kicks,
			w[i].errors);
		afudp_close(w[i].sock);
	}
	printf("total t=%.3f n=%" PRIu64 " xsk_drops=%" PRIu64 " slow=%" PRIu64
	       "\n",
	       (double)(now - t0) / 1e9, n, drops, rxsum);
	fflush(stdout);
	afudp_stack_close(st);
	return 0;
}
