/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * xsk-raw: the ceiling for any AF_XDP library on the bed. libxdp's xsk API
 * directly, no stack: one UMEM and one XSK per queue, one thread per XSK,
 * bench.bpf.o's bench_xsk program (attached in native mode) redirecting
 * UDP to --port into the XSK of the receiving queue.
 *
 *   --mode rx    count received frames, give them straight back to the
 *                fill ring (reads the UDP port, nothing else).
 *   --mode tx    blast one prebuilt UDP frame (--src/--dst/--dst-mac) from
 *                every queue's TX ring as fast as completions allow.
 *   --mode echo  swap MACs, IPs and ports in place (the checksums stay
 *                valid: both sums are symmetric in source and destination)
 *                and send each frame back from the same UMEM frame.
 *
 * IPv4 and IPv6 alike (without IP options or extension headers: what the
 * generator sends); --src/--dst take [IPv6]:PORT too.
 *
 * --busy-poll (echo, rx): spin on the RX ring instead of sleeping in
 * poll(), and kick TX (sendto) only when the ring asks for it (in copy
 * mode it always does): the raw loop afudp-echo --busy-poll is set against
 * in the latency benchmark. --sockperf (echo): answer like `sockperf
 * server`: only messages flagged CLIENT|PONG_REQUEST, with CLIENT cleared
 * and the UDP checksum updated incrementally (RFC 1624); others are
 * dropped. --count N (tx): send exactly N frames, then stop (the cost
 * benchmark's fixed amount of work).
 *
 * --verify (echo, IPv4): also do what no correct UDP stack can skip for a
 * datagram it did not write and a reply it did: check the lengths, verify
 * the IPv4 header and UDP checksums (a bad frame goes back to the fill
 * ring, counted in the total line as bad=), and compute both checksums of
 * the reply afresh, as for a new payload, with afudp's own checksum code
 * (lib/proto/csum.c). The cost benchmark's floor for a validating stack:
 * what afudp spends above it is the stack, not the checksums.
 *
 * Copy mode with need_wakeup (what veth offers). Prints "tick"/"total"
 * lines (see util.h): n = frames received (rx, echo) or completed (tx).
 * Ends after --seconds, or on SIGINT/SIGTERM; detaches its program.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_xdp.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <xdp/xsk.h>

#include "bench.h"
#include "proto/csum.h"
#include "util.h"

#define NUM_FRAMES 4096
#define FRAME_SIZE XSK_UMEM__DEFAULT_FRAME_SIZE
#define RING_SIZE 2048
#define BATCH 64

enum mode { M_RX, M_TX, M_ECHO };

struct q {
	pthread_t tid;
	int queue, cpu;
	void *area;
	struct xsk_umem *umem;
	struct xsk_socket *xsk;
	struct xsk_ring_prod fq, tx;
	struct xsk_ring_cons cq, rx;
	uint32_t outstanding; /* tx: frames on the TX ring or in flight */
	uint64_t next_frame; /* tx: round-robin frame index */
	uint64_t n; /* received / completed */
	uint64_t kicks;
	uint64_t bad; /* --verify: frames that failed it */
	char pad[64];
};

static enum mode mode = M_RX;
static uint8_t frame[2048];
static size_t frame_len;
static uint64_t deadline;
static const char *ifname;
static bool busy_poll, sockperf, verify;
static uint64_t count; /* tx: frames to send, 0: until the deadline */

static void kick_tx(struct q *q)
{
	q->kicks++;
	sendto(xsk_socket__fd(q->xsk), NULL, 0, MSG_DONTWAIT, NULL, 0);
}

/* Completed TX frames: back to the fill ring (echo) or free (tx). */
static void drain_cq(struct q *q)
{
	uint32_t idx_cq, idx_fq = 0, n, i;

	n = xsk_ring_cons__peek(&q->cq, RING_SIZE, &idx_cq);
	if (!n)
		return;
	if (mode == M_ECHO) {
		while (xsk_ring_prod__reserve(&q->fq, n, &idx_fq) != n)
			;
		for (i = 0; i < n; i++)
			*xsk_ring_prod__fill_addr(&q->fq, idx_fq + i) =
				*xsk_ring_cons__comp_addr(&q->cq, idx_cq + i);
		xsk_ring_prod__submit(&q->fq, n);
	} else {
		q->n += n;
		q->outstanding -= n;
	}
	xsk_ring_cons__release(&q->cq, n);
}

static void wait_rx(struct q *q)
{
	struct pollfd p = { .fd = xsk_socket__fd(q->xsk), .events = POLLIN };

	if (xsk_ring_prod__needs_wakeup(&q->fq))
		recvfrom(p.fd, NULL, 0, MSG_DONTWAIT, NULL, NULL);
	poll(&p, 1, 100);
}

/*
 * sockperf's server clears CLIENT in the reply; the client ignores replies
 * that still carry it. Returns false for a message not to be answered.
 */
static bool sockperf_reply(uint8_t *pkt, uint32_t len)
{
	size_t off = bu_udp_off(pkt, len);
	struct udphdr *udp = (struct udphdr *)(pkt + off);
	uint16_t f, nf;
	uint32_t sum;

	if (!off || !bu_sp_reply((uint8_t *)(udp + 1),
				 len - off - sizeof(*udp), &f, &nf))
		return false;
	/* RFC 1624: HC' = ~(~HC + ~m + m'); 0 means "no checksum". */
	if (udp->check) {
		sum = (uint16_t)~udp->check;
		sum += (uint16_t)~f;
		sum += nf;
		sum = (sum & 0xffff) + (sum >> 16);
		sum = (sum & 0xffff) + (sum >> 16);
		udp->check = (uint16_t)~sum;
		if (!udp->check)
			udp->check = 0xffff;
	}
	return true;
}

/*
 * --verify: an IPv4/UDP frame without options, not a fragment, both
 * lengths inside the frame, both checksums right.
 */
static bool verify_in(const uint8_t *pkt, uint32_t len)
{
	uint16_t tot, ulen, frag;
	__be32 sa, da;

	if (bu_udp_off(pkt, len) != BU_L3 + sizeof(struct iphdr))
		return false;
	/* By offsets: behind the Ethernet header, only 2-byte aligned. */
	memcpy(&sa, pkt + BU_L3 + 12, 4);
	memcpy(&da, pkt + BU_L3 + 16, 4);
	memcpy(&tot, pkt + BU_L3 + 2, 2);
	memcpy(&frag, pkt + BU_L3 + 6, 2);
	memcpy(&ulen, pkt + BU_L3 + sizeof(struct iphdr) + 4, 2);
	tot = ntohs(tot);
	ulen = ntohs(ulen);
	if ((frag & htons(0x3fff)) || tot > len - BU_L3 ||
	    ulen < sizeof(struct udphdr) || ulen + sizeof(struct iphdr) > tot)
		return false;
	return afudp_ipv4_hdr_csum_ok(pkt + BU_L3, sizeof(struct iphdr)) &&
	       afudp_udp4_csum_ok(sa, da, pkt + BU_L3 + sizeof(struct iphdr),
				  ulen);
}

/* --verify: the swapped frame's checksums computed afresh. */
static void verify_out(uint8_t *pkt)
{
	uint8_t *ip = pkt + BU_L3, *udp = ip + sizeof(struct iphdr);
	__be32 sa, da;
	uint16_t ulen, c = 0;

	memcpy(&sa, ip + 12, 4);
	memcpy(&da, ip + 16, 4);
	memcpy(&ulen, udp + 4, 2);
	memcpy(ip + 10, &c, 2);
	c = afudp_ipv4_hdr_csum(ip, sizeof(struct iphdr));
	memcpy(ip + 10, &c, 2);
	c = 0;
	memcpy(udp + 6, &c, 2);
	c = afudp_udp4_csum(sa, da, udp, ntohs(ulen));
	memcpy(udp + 6, &c, 2);
}

static void rx_loop(struct q *q)
{
	uint32_t idx_rx, idx_fq, idx_tx, n, i, j, ntx, nfq;
	const struct xdp_desc *d;
	struct xdp_desc ans[BATCH];
	uint64_t back[BATCH];
	uint8_t *pkt;
	uint64_t sink = 0, spins = 0;

	while (!bu_stop) {
		/* Spinning: look at the clock only now and then. */
		if ((!busy_poll || !(++spins & 0xfff)) &&
		    bu_now_ns() >= deadline)
			break;
		if (mode == M_ECHO)
			drain_cq(q);
		n = xsk_ring_cons__peek(&q->rx, BATCH, &idx_rx);
		if (!n) {
			if (!busy_poll)
				wait_rx(q);
			continue;
		}
		if (mode == M_RX) {
			while (xsk_ring_prod__reserve(&q->fq, n, &idx_fq) != n)
				;
			for (i = 0; i < n; i++) {
				d = xsk_ring_cons__rx_desc(&q->rx, idx_rx + i);
				pkt = xsk_umem__get_data(q->area, d->addr);
				/* The low byte of the UDP destination port. */
				sink += pkt[bu_udp_off(pkt, d->len) + 3];
				*xsk_ring_prod__fill_addr(&q->fq, idx_fq + i) =
					d->addr;
			}
			xsk_ring_prod__submit(&q->fq, n);
			xsk_ring_cons__release(&q->rx, n);
			q->n += n;
			continue;
		}
		/*
		 * Echo: what the TX ring can't take, and (--sockperf) what is
		 * not to be answered, goes back to the fill ring.
		 */
		for (i = 0, j = 0, nfq = 0; i < n; i++) {
			d = xsk_ring_cons__rx_desc(&q->rx, idx_rx + i);
			pkt = xsk_umem__get_data(q->area, d->addr);
			/* bench_xsk passes only IPv4/IPv6 UDP to us. */
			if (sockperf && !sockperf_reply(pkt, d->len)) {
				back[nfq++] = d->addr;
				continue;
			}
			if (verify && !verify_in(pkt, d->len)) {
				q->bad++;
				back[nfq++] = d->addr;
				continue;
			}
			bu_swap_hdrs(pkt);
			if (verify)
				verify_out(pkt);
			ans[j++] = *d;
		}
		ntx = j ? xsk_ring_prod__reserve(&q->tx, j, &idx_tx) : 0;
		for (i = 0; i < ntx; i++)
			*xsk_ring_prod__tx_desc(&q->tx, idx_tx + i) = ans[i];
		xsk_ring_prod__submit(&q->tx, ntx);
		for (i = ntx; i < j; i++)
			back[nfq++] = ans[i].addr;
		j = ntx;
		if (nfq) {
			while (xsk_ring_prod__reserve(&q->fq, nfq, &idx_fq) !=
			       nfq)
				;
			for (i = 0; i < nfq; i++)
				*xsk_ring_prod__fill_addr(&q->fq, idx_fq + i) =
					back[i];
			xsk_ring_prod__submit(&q->fq, nfq);
		}
		xsk_ring_cons__release(&q->rx, n);
		q->n += j;
		/* Copy mode: TX always wants a wake-up. */
		if (j && (!busy_poll || xsk_ring_prod__needs_wakeup(&q->tx)))
			kick_tx(q);
	}
	(void)sink;
}

static void tx_loop(struct q *q)
{
	uint32_t idx, n, i;

	while (!bu_stop && bu_now_ns() < deadline) {
		drain_cq(q);
		if (count && q->n >= count) {
			bu_stop = 1;
			break;
		}
		n = NUM_FRAMES - q->outstanding;
		if (n > BATCH)
			n = BATCH;
		if (count && n > count - q->next_frame)
			n = (uint32_t)(count - q->next_frame);
		n = xsk_ring_prod__reserve(&q->tx, n, &idx);
		for (i = 0; i < n; i++) {
			struct xdp_desc *d =
				xsk_ring_prod__tx_desc(&q->tx, idx + i);

			d->addr = (q->next_frame++ % NUM_FRAMES) * FRAME_SIZE;
			d->len = (uint32_t)frame_len;
		}
		if (n) {
			xsk_ring_prod__submit(&q->tx, n);
			q->outstanding += n;
		}
		kick_tx(q);
	}
}

static void *run(void *arg)
{
	struct q *q = arg;

	bu_pin(q->cpu);
	if (mode == M_TX)
		tx_loop(q);
	else
		rx_loop(q);
	return NULL;
}

static void setup_q(struct q *q, int xsks_fd)
{
	struct xsk_umem_config uc = {
		.fill_size = RING_SIZE,
		.comp_size = RING_SIZE,
		.frame_size = FRAME_SIZE,
		.frame_headroom = 0,
	};
	struct xsk_socket_config sc = {
		.rx_size = RING_SIZE,
		.tx_size = RING_SIZE,
		.libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD,
		.bind_flags = XDP_COPY | XDP_USE_NEED_WAKEUP,
	};
	uint32_t idx, i, nfill;
	int err, tries;

	q->area = mmap(NULL, (size_t)NUM_FRAMES * FRAME_SIZE,
		       PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		       0);
	if (q->area == MAP_FAILED)
		bu_die("mmap UMEM: %s", strerror(errno));
	err = xsk_umem__create(&q->umem, q->area,
			       (uint64_t)NUM_FRAMES * FRAME_SIZE, &q->fq,
			       &q->cq, &uc);
	if (err)
		bu_die("xsk_umem__create: %s", strerror(-err));
	/* A queue just released by another process is EBUSY for a while. */
	for (tries = 0;; tries++) {
		err = xsk_socket__create(&q->xsk, ifname, (uint32_t)q->queue,
					 q->umem, &q->rx, &q->tx, &sc);
		if (err != -EBUSY || tries == 50)
			break;
		usleep(20000);
	}
	if (err)
		bu_die("xsk_socket__create %s queue %d: %s", ifname, q->queue,
		       strerror(-err));
	if (mode == M_TX) {
		for (i = 0; i < NUM_FRAMES; i++)
			memcpy((uint8_t *)q->area + (size_t)i * FRAME_SIZE,
			       frame, frame_len);
		return;
	}
	err = xsk_socket__update_xskmap(q->xsk, xsks_fd);
	if (err)
		bu_die("XSKMAP update: %s", strerror(-err));
	/* rx: every frame on the fill ring; echo: half, half for TX. */
	nfill = mode == M_RX ? RING_SIZE : NUM_FRAMES / 2;
	if (xsk_ring_prod__reserve(&q->fq, nfill, &idx) != nfill)
		bu_die("fill ring too small");
	for (i = 0; i < nfill; i++)
		*xsk_ring_prod__fill_addr(&q->fq, idx + i) =
			(uint64_t)i * FRAME_SIZE;
	xsk_ring_prod__submit(&q->fq, nfill);
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "mode", required_argument, NULL, 'M' },
		{ "port", required_argument, NULL, 'p' },
		{ "queues", required_argument, NULL, 'q' },
		{ "cpus", required_argument, NULL, 'C' },
		{ "seconds", required_argument, NULL, 't' },
		{ "dst-mac", required_argument, NULL, 'm' },
		{ "src", required_argument, NULL, 's' },
		{ "dst", required_argument, NULL, 'd' },
		{ "size", required_argument, NULL, 'S' },
		{ "busy-poll", no_argument, NULL, 'B' },
		{ "sockperf", no_argument, NULL, 'P' },
		{ "count", required_argument, NULL, 'c' },
		{ "verify", no_argument, NULL, 'V' },
		{ 0 }
	};
	static struct q qs[BU_MAX_THREADS];
	int queues[BU_MAX_THREADS] = { 0 }, cpus[BU_MAX_THREADS];
	int nq = 1, ncpu = 0, i, c, err, ifindex, prog_fd = -1, xsks_fd;
	union bu_sa src = { 0 }, dst = { 0 };
	struct bench_cfg bc = { .flows = 1 };
	uint8_t dmac[6], smac[6];
	double seconds = 10;
	size_t size = 64;
	struct bpf_object *obj;
	uint64_t t0, now, next, n, kicks, bad;
	uint32_t key = 0;
	LIBBPF_OPTS(bpf_xdp_attach_opts, dopts);

	while ((c = getopt_long(argc, argv, "i:p:", lo, NULL)) != -1) {
		switch (c) {
		case 'i':
			ifname = optarg;
			break;
		case 'M':
			if (!strcmp(optarg, "rx"))
				mode = M_RX;
			else if (!strcmp(optarg, "tx"))
				mode = M_TX;
			else if (!strcmp(optarg, "echo"))
				mode = M_ECHO;
			else
				bu_die("--mode rx|tx|echo");
			break;
		case 'p':
			bc.dport = (uint16_t)bu_int("--port", optarg, 1, 65535);
			break;
		case 'q':
			nq = bu_cpu_list(optarg, queues, BU_MAX_THREADS);
			break;
		case 'C':
			ncpu = bu_cpu_list(optarg, cpus, BU_MAX_THREADS);
			break;
		case 't':
			seconds = atof(optarg);
			break;
		case 'm':
			bu_mac("--dst-mac", optarg, dmac);
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
		case 'B':
			busy_poll = true;
			break;
		case 'P':
			sockperf = true;
			break;
		case 'V':
			verify = true;
			break;
		case 'c':
			count = (uint64_t)bu_int("--count", optarg, 1,
						 1000000000);
			break;
		default:
			fprintf(stderr,
				"Usage: xsk-raw -i IFACE --mode rx|tx|echo [-p PORT] [--queues LIST]\n"
				"               [--cpus LIST] [--seconds S] [tx: --dst-mac MAC --src IP:PORT\n"
				"               --dst IP:PORT --size BYTES --count N]\n"
				"               [echo: --busy-poll --sockperf --verify] [rx: --busy-poll]\n");
			return 2;
		}
	}
	if (verify && mode != M_ECHO)
		bu_die("--verify is for --mode echo");
	if (!ifname || (mode != M_TX && !bc.dport))
		bu_die("need -i IFACE and (rx, echo) -p PORT");
	if (mode == M_TX && !dst.in.sin_port)
		bu_die("tx needs --dst-mac, --src IP:PORT, --dst IP:PORT");
	if (ncpu && ncpu != nq)
		bu_die("--cpus needs one CPU per queue");
	ifindex = (int)if_nametoindex(ifname);
	if (!ifindex)
		bu_die("no interface %s", ifname);
	bu_catch_signals();
	libbpf_set_print(NULL);
	if (mode == M_TX) {
		bu_if_mac(ifname, smac);
		frame_len = bu_build_udp(frame, dmac, smac, &src, &dst, size);
	}

	obj = bpf_object__open_file(bu_bpf_obj_path(), NULL);
	if (!obj || bpf_object__load(obj))
		bu_die("load %s: %s", bu_bpf_obj_path(), strerror(errno));
	xsks_fd = bpf_object__find_map_fd_by_name(obj, "bench_xsks");
	if (bpf_map_update_elem(
		    bpf_object__find_map_fd_by_name(obj, "bench_cfg"), &key,
		    &bc, 0))
		bu_die("config map: %s", strerror(errno));
	if (mode != M_TX) {
		prog_fd = bpf_program__fd(
			bpf_object__find_program_by_name(obj, "bench_xsk"));
		err = bpf_xdp_attach(
			ifindex, prog_fd,
			XDP_FLAGS_DRV_MODE | XDP_FLAGS_UPDATE_IF_NOEXIST, NULL);
		if (err)
			bu_die("attach XDP to %s: %s", ifname, strerror(-err));
	}
	for (i = 0; i < nq; i++) {
		qs[i].queue = queues[i];
		qs[i].cpu = ncpu ? cpus[i] : -1;
		setup_q(&qs[i], xsks_fd);
	}
	fprintf(stderr, "xsk-raw: ready\n");
	t0 = bu_now_ns();
	deadline = t0 + (uint64_t)(seconds * 1e9);
	for (i = 0; i < nq; i++) {
		err = pthread_create(&qs[i].tid, NULL, run, &qs[i]);
		if (err)
			bu_die("thread: %s", strerror(err));
	}
	next = t0 + bu_tick_ns();
	while (!bu_stop && (now = bu_now_ns()) < deadline) {
		if (now >= next) {
			for (n = 0, i = 0; i < nq; i++)
				n += __atomic_load_n(&qs[i].n,
						     __ATOMIC_RELAXED);
			printf("tick t=%.3f n=%" PRIu64 "\n",
			       (double)(now - t0) / 1e9, n);
			fflush(stdout);
			next += bu_tick_ns();
		}
		usleep(10000);
	}
	for (n = 0, kicks = 0, bad = 0, i = 0; i < nq; i++) {
		pthread_join(qs[i].tid, NULL);
		n += qs[i].n;
		kicks += qs[i].kicks;
		bad += qs[i].bad;
	}
	printf("total t=%.3f n=%" PRIu64 " kicks=%" PRIu64 " bad=%" PRIu64 "\n",
	       (double)(bu_now_ns() - t0) / 1e9, n, kicks, bad);
	fflush(stdout);
	for (i = 0; i < nq; i++) {
		struct xdp_statistics st;
		socklen_t sl = sizeof(st);

		if (!getsockopt(xsk_socket__fd(qs[i].xsk), SOL_XDP,
				XDP_STATISTICS, &st, &sl))
			fprintf(stderr,
				"xsk-raw: queue %d: rx_dropped %llu rx_ring_full %llu fill_empty %llu\n",
				qs[i].queue, (unsigned long long)st.rx_dropped,
				(unsigned long long)st.rx_ring_full,
				(unsigned long long)
					st.rx_fill_ring_empty_descs);
		xsk_socket__delete(qs[i].xsk);
		xsk_umem__delete(qs[i].umem);
		munmap(qs[i].area, (size_t)NUM_FRAMES * FRAME_SIZE);
	}
	if (prog_fd >= 0) {
		dopts.old_prog_fd = prog_fd;
		err = bpf_xdp_detach(ifindex,
				     XDP_FLAGS_DRV_MODE | XDP_FLAGS_REPLACE,
				     &dopts);
		if (err)
			fprintf(stderr, "xsk-raw: detach: %s\n",
				strerror(-err));
	}
	bpf_object__close(obj);
	return 0;
}
