/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench-gen: the benchmarks' traffic generator and receive-side counter.
 *
 * Generating: one thread per CPU given with --cpus runs bench.bpf.o's
 * bench_gen program with BPF_PROG_RUN in live-frames mode
 * (BPF_F_TEST_XDP_LIVE_FRAMES, repeat=N): the kernel puts the frame built
 * here (Ethernet/IPv4/UDP or, with --src/--dst [IPv6]:PORT,
 * Ethernet/IPv6/UDP; correct IP and UDP checksums) into page-pool
 * pages and runs the program on each; its XDP_TX becomes a redirect out of
 * the "ingress" interface (-i), i.e. the veth end, so every frame goes to
 * the veth peer's receive path (its XDP program, then the kernel or an
 * XSK). No userspace copy, no skb: it runs at what the veth receive path
 * of the peer can take on that CPU. veth_xdp_xmit() queues a frame on the
 * peer's RX queue (sending CPU % number of queues), so one thread per CPU
 * feeds every queue. --flows K makes the program cycle the source port
 * over K values (checksum fixed incrementally) so SO_REUSEPORT spreads
 * them.
 *
 * One BPF_PROG_RUN call runs for the whole measurement (repeat=2^32-1)
 * and is ended by a signal (EINTR): each call puts the program into the
 * kernel's XDP dispatcher and takes it out again, and the RCU grace period
 * that waits for costs milliseconds, so short calls would halve the rate.
 *
 * Counting: --count attaches bench_count to -i in native mode: UDP frames
 * arriving there are counted per CPU and dropped. This is how TX blasts
 * and echo replies are measured at the receiving side.
 * --pass attaches bench_pass (XDP_PASS) instead: a veth end needs an XDP
 * program (or GRO) before its peer may XDP_TX into it, and the kernel
 * baselines have none of their own.
 *
 * Paced mode (--burst B --gap-us U --total N): B frames per BPF_PROG_RUN,
 * U microseconds apart, N in all; for the callgrind cost runs.
 *
 * Prints "tick t= n=RX sent=GEN" lines every second and a "total" line
 * (see util.h). Runs until --seconds elapse, --total is sent, or SIGTERM,
 * then detaches what it attached.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bench.h"
#include "util.h"

struct gen_cfg {
	int prog_fd;
	int ifindex;
	uint8_t frame[2048];
	size_t frame_len;
	uint32_t batch;
	uint32_t repeat;
	uint64_t deadline;
	/* paced mode */
	uint32_t burst;
	uint32_t gap_us;
	uint64_t total;
};

struct gen_thread {
	pthread_t tid;
	int cpu;
	struct gen_cfg *cfg;
	uint64_t calls;
	int err;
	int finished;
};

static volatile int gen_done;

static void usage(void)
{
	fprintf(stderr,
		"Usage: bench-gen -i IFACE [--count|--pass] [--seconds S]\n"
		"       [--cpus LIST --dst-mac MAC --src IP:PORT --dst IP:PORT\n"
		"        [--size BYTES] [--flows K] [--repeat N] [--batch N]\n"
		"        [--burst B --gap-us U --total N]]\n");
	exit(2);
}

static void on_usr1(int sig)
{
	(void)sig;
}

static void *gen_run(void *arg)
{
	struct gen_thread *t = arg;
	struct gen_cfg *c = t->cfg;
	struct xdp_md ctx = {
		.data = 0,
		.data_end = (uint32_t)c->frame_len,
		.ingress_ifindex = (uint32_t)c->ifindex,
		.rx_queue_index = 0,
	};
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = c->frame,
		    .data_size_in = (uint32_t)c->frame_len, .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx),
		    .flags = BPF_F_TEST_XDP_LIVE_FRAMES,
		    .batch_size = c->batch);
	uint64_t sent = 0;
	int err;

	bu_pin(t->cpu);
	opts.repeat = c->burst ? c->burst : c->repeat;
	while (!bu_stop && !gen_done && bu_now_ns() < c->deadline) {
		err = bpf_prog_test_run_opts(c->prog_fd, &opts);
		if (err) {
			if (errno == EINTR)
				continue;
			t->err = -errno;
			fprintf(stderr, "bench-gen: BPF_PROG_RUN: %s\n",
				strerror(errno));
			break;
		}
		t->calls++;
		if (c->burst) {
			sent += c->burst;
			if (c->total && sent >= c->total)
				break;
			usleep(c->gap_us);
		}
	}
	__atomic_store_n(&t->finished, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void read_cnt(int map_fd, uint64_t *rx, uint64_t *gen)
{
	int ncpu = libbpf_num_possible_cpus();
	uint64_t v[512];
	uint32_t k;
	int i;

	*rx = *gen = 0;
	for (k = 0; k < BENCH_CNT_NR; k++) {
		if (bpf_map_lookup_elem(map_fd, &k, v))
			continue;
		for (i = 0; i < ncpu && i < 512; i++)
			*(k == BENCH_CNT_RX ? rx : gen) += v[i];
	}
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "count", no_argument, NULL, 'c' },
		{ "pass", no_argument, NULL, 'P' },
		{ "seconds", required_argument, NULL, 't' },
		{ "cpus", required_argument, NULL, 'C' },
		{ "dst-mac", required_argument, NULL, 'm' },
		{ "src", required_argument, NULL, 's' },
		{ "dst", required_argument, NULL, 'd' },
		{ "size", required_argument, NULL, 'S' },
		{ "flows", required_argument, NULL, 'f' },
		{ "repeat", required_argument, NULL, 'r' },
		{ "batch", required_argument, NULL, 'b' },
		{ "burst", required_argument, NULL, 'B' },
		{ "gap-us", required_argument, NULL, 'g' },
		{ "total", required_argument, NULL, 'T' },
		{ 0 }
	};
	static struct gen_cfg gc = { .batch = 64, .repeat = 0xffffffffu };
	struct gen_thread th[BU_MAX_THREADS] = { 0 };
	union bu_sa src = { 0 }, dst = { 0 };
	uint8_t dmac[6], smac[6];
	struct bench_cfg bc = { .flows = 1 };
	int cpus[BU_MAX_THREADS], ncpu = 0, i, c, err, ret = 1;
	const char *ifname = NULL;
	bool count = false, pass = false, have_mac = false;
	double seconds = 10;
	size_t size = 64;
	struct bpf_object *obj;
	struct bpf_program *p_gen, *p_att = NULL;
	int att_fd = -1, cfg_fd, cnt_fd, ifindex;
	uint64_t t0, now, rx, gen, next;
	uint32_t key = 0;
	LIBBPF_OPTS(bpf_xdp_attach_opts, dopts);

	while ((c = getopt_long(argc, argv, "i:h", lo, NULL)) != -1) {
		switch (c) {
		case 'i':
			ifname = optarg;
			break;
		case 'c':
			count = true;
			break;
		case 'P':
			pass = true;
			break;
		case 't':
			seconds = atof(optarg);
			break;
		case 'C':
			ncpu = bu_cpu_list(optarg, cpus, BU_MAX_THREADS);
			break;
		case 'm':
			bu_mac("--dst-mac", optarg, dmac);
			have_mac = true;
			break;
		case 's':
			src = bu_addr("--src", optarg);
			break;
		case 'd':
			dst = bu_addr("--dst", optarg);
			break;
		case 'S':
			size = (size_t)bu_int("--size", optarg, 8, 1400);
			break;
		case 'f':
			bc.flows =
				(uint32_t)bu_int("--flows", optarg, 1, 60000);
			break;
		case 'r':
			gc.repeat = (uint32_t)bu_int("--repeat", optarg, 1,
						     0xffffffffLL);
			break;
		case 'b':
			gc.batch = (uint32_t)bu_int("--batch", optarg, 1, 256);
			break;
		case 'B':
			gc.burst =
				(uint32_t)bu_int("--burst", optarg, 1, 1 << 20);
			break;
		case 'g':
			gc.gap_us = (uint32_t)bu_int("--gap-us", optarg, 0,
						     1000000);
			break;
		case 'T':
			gc.total = (uint64_t)bu_int("--total", optarg, 1,
						    1LL << 40);
			break;
		default:
			usage();
		}
	}
	if (!ifname || (count && pass))
		usage();
	if (ncpu && (!have_mac || !src.in.sin_port || !dst.in.sin_port))
		bu_die("generating needs --dst-mac, --src IP:PORT, --dst IP:PORT");
	ifindex = (int)if_nametoindex(ifname);
	if (!ifindex)
		bu_die("no interface %s", ifname);
	bc.sport = ntohs(src.in.sin_port);
	bu_catch_signals();
	{
		/* Ends a long BPF_PROG_RUN early (EINTR), see main's end. */
		struct sigaction sa = { .sa_handler = on_usr1 };

		sigemptyset(&sa.sa_mask);
		sigaction(SIGUSR1, &sa, NULL);
	}
	libbpf_set_print(NULL);

	obj = bpf_object__open_file(bu_bpf_obj_path(), NULL);
	if (!obj)
		bu_die("open %s: %s", bu_bpf_obj_path(), strerror(errno));
	err = bpf_object__load(obj);
	if (err)
		bu_die("load %s: %s", bu_bpf_obj_path(), strerror(-err));
	p_gen = bpf_object__find_program_by_name(obj, "bench_gen");
	cfg_fd = bpf_object__find_map_fd_by_name(obj, "bench_cfg");
	cnt_fd = bpf_object__find_map_fd_by_name(obj, "bench_cnt");
	if (!p_gen || cfg_fd < 0 || cnt_fd < 0)
		bu_die("%s lacks bench_gen/bench_cfg/bench_cnt",
		       bu_bpf_obj_path());
	if (bpf_map_update_elem(cfg_fd, &key, &bc, 0))
		bu_die("config map: %s", strerror(errno));

	if (count || pass) {
		p_att = bpf_object__find_program_by_name(
			obj, count ? "bench_count" : "bench_pass");
		att_fd = bpf_program__fd(p_att);
		err = bpf_xdp_attach(
			ifindex, att_fd,
			XDP_FLAGS_DRV_MODE | XDP_FLAGS_UPDATE_IF_NOEXIST, NULL);
		if (err)
			bu_die("attach XDP to %s: %s (another program there?)",
			       ifname, strerror(-err));
	}

	gc.prog_fd = bpf_program__fd(p_gen);
	gc.ifindex = ifindex;
	if (ncpu) {
		bu_if_mac(ifname, smac);
		gc.frame_len =
			bu_build_udp(gc.frame, dmac, smac, &src, &dst, size);
	}
	t0 = bu_now_ns();
	gc.deadline = t0 + (uint64_t)(seconds * 1e9);
	for (i = 0; i < ncpu; i++) {
		th[i].cpu = cpus[i];
		th[i].cfg = &gc;
		err = pthread_create(&th[i].tid, NULL, gen_run, &th[i]);
		if (err)
			bu_die("thread: %s", strerror(err));
	}
	next = t0 + bu_tick_ns();
	for (;;) {
		now = bu_now_ns();
		if (bu_stop || now >= gc.deadline)
			break;
		if (ncpu) {
			/* Paced runs end when every thread sent its total. */
			bool alive = false;

			for (i = 0; i < ncpu; i++)
				alive |= !__atomic_load_n(&th[i].finished,
							  __ATOMIC_ACQUIRE);
			if (!alive)
				break;
		}
		if (now >= next) {
			read_cnt(cnt_fd, &rx, &gen);
			printf("tick t=%.3f n=%" PRIu64 " sent=%" PRIu64 "\n",
			       (double)(now - t0) / 1e9, rx, gen);
			fflush(stdout);
			next += bu_tick_ns();
		}
		usleep(now + 20000000 < next ? 10000 : 1000);
	}
	gen_done = 1;
	for (i = 0; i < ncpu; i++) {
		/* Interrupt the run (EINTR) until the thread has seen it. */
		while (!__atomic_load_n(&th[i].finished, __ATOMIC_ACQUIRE)) {
			pthread_kill(th[i].tid, SIGUSR1);
			usleep(1000);
		}
		pthread_join(th[i].tid, NULL);
		if (th[i].err)
			ret = 1;
	}
	/* Replies still in flight: give them a moment to be counted. */
	if (count)
		usleep(100000);
	now = bu_now_ns();
	read_cnt(cnt_fd, &rx, &gen);
	printf("total t=%.3f n=%" PRIu64 " sent=%" PRIu64 "\n",
	       (double)(now - t0) / 1e9, rx, gen);
	fflush(stdout);
	ret = 0;
	if (att_fd >= 0) {
		/* Only our own program: never detach someone else's. */
		dopts.old_prog_fd = att_fd;
		err = bpf_xdp_detach(ifindex,
				     XDP_FLAGS_DRV_MODE | XDP_FLAGS_REPLACE,
				     &dopts);
		if (err)
			fprintf(stderr, "bench-gen: detach from %s: %s\n",
				ifname, strerror(-err));
	}
	bpf_object__close(obj);
	return ret;
}
