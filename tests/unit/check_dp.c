// SPDX-License-Identifier: BSD-2-Clause
/*
 * The data path's receive and send steps (rx.c, tx.c, zc.c) without a
 * kernel XSK: a socket built by hand whose XSKs' RX and TX rings, and whose
 * queues' fill and completion rings, are fake_ring.h's words, moved by the
 * tests as the kernel would (as Firedancer's test_xsk.c does). The queues
 * are made by afudp_queue_init_rings(), as afudp_queue_open() makes them.
 *
 * What the code does with real descriptors, and what stands in for them:
 *	kfd	the kernel socket: a real UDP socket on 127.0.0.1 (loopback
 *		only); datagrams sent to it arrive through the receive step
 *	x->fd	an XSK's fd gets a zero-length sendto (a TX kick) and a
 *		zero-length recvfrom (a fill-ring wake-up): one end of a
 *		UNIX datagram socketpair, so each kick is a datagram the
 *		other end can count
 *	st->rt	only afudp_rt_rp_filter() is read on receive: a zeroed
 *		struct afudp_rt (rp_filter off) is enough; the send tests
 *		drive acquire/push/kick/release directly, not afudp_tx_plan()
 *
 * Nothing here may block without a limit: every receive is MSG_DONTWAIT,
 * and the test case has a timeout for a step that would wait anyway.
 */
#include <check.h>
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <linux/net_tstamp.h>

#include "dp.h"
#include "proto/vlan.h"
#include "fake_ring.h"
#include "route/rt_int.h"

#define NX 2
#define FRAMES 256
#define SHIFT 11
#define FSIZE (1u << SHIFT)
/* Fill and completion rings, as open() sizes them: half the frames. */
#define RING 128
/* Each XSK's RX and TX ring. */
#define XRING 64
/* Receive steps per kernel socket read under load (dp.h). */
#define KERN_EVERY AFUDP_RX_KERN_EVERY
/* The source of the datagrams the fake kernel receives (TEST-NET-1). */
#define PEER_ADDR "192.0.2.7"
#define PEER_PORT 4242
#define STEP_TIMEOUT 10
/* zc.c's handles: the XSK index above the UMEM offset. */
#define H_XSK_SHIFT 48
#define H_ADDR_MASK ((1ull << H_XSK_SHIFT) - 1)

static struct afudp_stack st;
static struct afudp_socket s;
static struct afudp_queue qs[NX];
static struct afudp_sxsk xs[NX];
static struct fake_ring kfill[NX], kcomp[NX], krx[NX], ktx[NX];
static int kick_peer[NX];	/* the other end of xs[i].fd */
static int sender = -1;		/* sends to kfd over loopback */
static struct sockaddr_in sender_addr;
/* A kernel socket stand-in for afudp_rx_step(): counts, gives @kern_ret. */
static unsigned int kern_calls;
static int kern_ret;
/* The TOS byte of what kernel_rx() receives. */
static uint8_t rx_tos;

static void setup(void)
{
	socklen_t sl = sizeof(s.local);
	struct epoll_event ev = { .events = EPOLLIN };
	unsigned int i;
	int sv[2];

	memset(&st, 0, sizeof(st));
	memset(&s, 0, sizeof(s));
	memset(qs, 0, sizeof(qs));
	memset(xs, 0, sizeof(xs));
	kern_calls = 0;
	kern_ret = 0;
	rx_tos = 0;
	/* Check forks each test: the fork handlers have counted it. */
	st.frame_size = FSIZE;
	st.frames = FRAMES;
	st.ring_size = XRING;
	st.cap = &afudp_cap_none;
	st.rt = calloc(1, sizeof(*st.rt));
	ck_assert_ptr_nonnull(st.rt);
	ck_assert_int_eq(afudp_rt_rp_filter(st.rt), AFUDP_RT_RPF_OFF);

	for (i = 0; i < NX; i++) {
		struct afudp_queue *q = &qs[i];
		struct afudp_sxsk *x = &xs[i];

		fake_ring_init(&kfill[i], RING);
		fake_ring_init(&kcomp[i], RING);
		fake_ring_init(&krx[i], XRING);
		fake_ring_init(&ktx[i], XRING);
		q->qid = i;
		q->frame_size = FSIZE;
		q->area_size = (size_t)FRAMES * FSIZE;
		q->area = calloc(FRAMES, FSIZE);
		ck_assert_ptr_nonnull(q->area);
		/* What xsk_umem__create() and xsk_socket__create() leave. */
		FAKE_RING_PROD(q->fill, kfill[i]);
		FAKE_RING(q->comp, kcomp[i]);
		ck_assert_int_eq(afudp_queue_init_rings(q), 0);
		x->q = q;
		FAKE_RING(x->rx, krx[i]);
		FAKE_RING_PROD(x->tx, ktx[i]);
		ck_assert_int_eq(socketpair(AF_UNIX,
					    SOCK_DGRAM | SOCK_NONBLOCK, 0, sv),
				 0);
		x->fd = sv[0];
		kick_peer[i] = sv[1];
		afudp_queue_attach(q, &x->cache);
	}

	s.kfd = socket(AF_INET, SOCK_DGRAM, 0);
	ck_assert_int_ge(s.kfd, 0);
	s.local.sin_family = AF_INET;
	s.local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(s.kfd, (struct sockaddr *)&s.local,
			      sizeof(s.local)), 0);
	ck_assert_int_eq(getsockname(s.kfd, (struct sockaddr *)&s.local, &sl),
			 0);
	/* A blocking step would wait here; the tests never ask it to. */
	s.epfd = epoll_create1(0);
	ck_assert_int_ge(s.epfd, 0);
	ev.data.fd = s.kfd;
	ck_assert_int_eq(epoll_ctl(s.epfd, EPOLL_CTL_ADD, s.kfd, &ev), 0);
	s.magic = AFUDP_SOCK_MAGIC;
	s.st = &st;
	s.nx = NX;
	s.x = xs;
	s.bound = true;
	s.c = &s.own;

	sender = socket(AF_INET, SOCK_DGRAM, 0);
	ck_assert_int_ge(sender, 0);
	sender_addr.sin_family = AF_INET;
	sender_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(sender, (struct sockaddr *)&sender_addr,
			      sizeof(sender_addr)), 0);
	sl = sizeof(sender_addr);
	ck_assert_int_eq(getsockname(sender, (struct sockaddr *)&sender_addr,
				     &sl), 0);
}

static void teardown(void)
{
	unsigned int i;

	for (i = 0; i < NX; i++) {
		afudp_queue_detach(&qs[i], &xs[i].cache);
		afudp_queue_fini_rings(&qs[i]);
		free(qs[i].area);
		close(xs[i].fd);
		close(kick_peer[i]);
	}
	close(s.kfd);
	close(s.epfd);
	close(sender);
	free(s.kern_buf);
	free(st.rt);
}

/* ---- the kernel's moves ----------------------------------------------- */

/* How a received frame is spoiled, and which counter should say so. */
enum spoil {
	GOOD,
	BAD_UDP_CSUM,	/* rx_drop_csum */
	BAD_IP_CSUM,	/* rx_drop_csum */
	WRONG_PORT,	/* rx_drop_filtered */
	TRUNCATED,	/* rx_drop_malformed */
	OTHER_FLOW,	/* good, from the peer's next port */
};

/*
 * The kernel receives a datagram for XSK @xi: a frame off the queue's fill
 * ring, an Ethernet/IPv4/UDP frame written past the headroom, where copy
 * mode puts it, and its descriptor on the XSK's RX ring. Returns the
 * descriptor's address.
 */
static uint64_t kernel_rx(unsigned int xi, const void *payload, uint16_t len,
			  enum spoil how)
{
	struct afudp_udp4_hdr h = {
		.saddr = inet_addr(PEER_ADDR),
		.daddr = s.local.sin_addr.s_addr,
		.sport = htons(PEER_PORT),
		.dport = s.local.sin_port,
		.tos = rx_tos,
	};
	uint64_t base, addr;
	uint32_t flen;
	uint8_t *p;

	ck_assert_uint_eq(fake_take_addrs(&kfill[xi], &base, 1), 1);
	addr = base + AFUDP_RX_HEADROOM;
	p = afudp_queue_data(&qs[xi], addr);
	if (how == WRONG_PORT)
		h.dport = htons(ntohs(s.local.sin_port) + 1);
	else if (how == OTHER_FLOW)
		h.sport = htons(PEER_PORT + 1);
	memcpy(p + AFUDP_HDR_LEN, payload, len);
	flen = afudp_udp4_build(p, &h, len, 0);
	ck_assert_uint_eq(flen, AFUDP_HDR_LEN + len);
	if (how == BAD_UDP_CSUM)
		p[AFUDP_HDR_LEN] ^= 0x40;
	else if (how == BAD_IP_CSUM)
		p[14 + 8] ^= 0x01;	/* the TTL, under the header checksum */
	else if (how == TRUNCATED)
		flen = 14 + 10;		/* half an IPv4 header */
	fake_put_desc(&krx[xi], addr, flen);
	return addr;
}

/* Is frame @addr (any address inside it) waiting in XSK @xi's fill ring? */
static bool in_fill(unsigned int xi, uint64_t addr)
{
	uint32_t i;

	for (i = kfill[xi].cons; i != kfill[xi].prod; i++)
		if (kfill[xi].addr[fake_ring_slot(&kfill[xi], i)] ==
		    afudp_pool_base(&qs[xi].pool, addr))
			return true;
	return false;
}

/*
 * Is frame @addr back with XSK @xi's queue: in the fill ring, or, the ring
 * being full, free in the pool? (Which of the two is umem/queue.c's
 * business, checked by check_queue.c.)
 */
static bool returned(unsigned int xi, uint64_t addr)
{
	return in_fill(xi, addr) ||
	       qs[xi].pool.state[addr >> SHIFT] == AFUDP_FRAME_FREE;
}

/* Datagrams waiting at @fd, drained: the kicks of a fake XSK fd. */
static unsigned int drain(int fd)
{
	unsigned int n = 0;
	char b;

	while (recv(fd, &b, sizeof(b), MSG_DONTWAIT) >= 0)
		n++;
	ck_assert_int_eq(errno, EAGAIN);
	return n;
}

/* Send @len bytes to the kernel socket over loopback; wait (1 s at most). */
static void send_kern(const void *buf, size_t len)
{
	struct pollfd p = { .fd = s.kfd, .events = POLLIN };

	ck_assert_int_eq(sendto(sender, buf, len, 0,
				(struct sockaddr *)&s.local, sizeof(s.local)),
			 (ssize_t)len);
	ck_assert_int_eq(poll(&p, 1, 1000), 1);
}

static int kern_stub(struct afudp_socket *sk, void *arg, unsigned int got)
{
	kern_calls++;
	return kern_ret;
}

static void payload_of(unsigned int i, char *buf, size_t len)
{
	size_t k;

	for (k = 0; k < len; k++)
		buf[k] = (char)(i * 31 + k);
}

/* ---- the receive step ------------------------------------------------- */

START_TEST(test_rx_valid)
{
	struct afudp_rx_item it[8];
	uint64_t addr[3];
	unsigned int i, got;
	uint32_t out = qs[0].rx_out;
	char p[3][100];

	for (i = 0; i < 3; i++) {
		payload_of(i, p[i], sizeof(p[i]));
		addr[i] = kernel_rx(0, p[i], sizeof(p[i]), GOOD);
	}
	ck_assert_int_eq(afudp_rx_step(&s, MSG_DONTWAIT, it, 8, kern_stub,
				       NULL, &got), 3);
	ck_assert_uint_eq(got, 3);
	/*
	 * The ring entries are released, the frames taken off the receive
	 * budget, the fill ring topped up from the pool meanwhile.
	 */
	ck_assert_uint_eq(krx[0].cons, krx[0].prod);
	ck_assert_uint_eq(qs[0].rx_out, out);
	ck_assert_uint_eq(fake_ring_count(&kfill[0]), RING);
	for (i = 0; i < 3; i++) {
		ck_assert_ptr_eq(it[i].x, &xs[0]);
		ck_assert_uint_eq(it[i].addr, addr[i]);
		ck_assert_uint_eq(it[i].info.payload_len, sizeof(p[i]));
		ck_assert_mem_eq(it[i].info.payload, p[i], sizeof(p[i]));
		ck_assert_ptr_eq(it[i].info.payload,
				 (uint8_t *)afudp_queue_data(&qs[0], addr[i]) +
					 AFUDP_HDR_LEN);
		ck_assert(!returned(0, addr[i]));
	}
	ck_assert_uint_eq(s.c->rx_drop_csum + s.c->rx_drop_malformed +
				  s.c->rx_drop_filtered,
			  0);
	/*
	 * Back to the fill ring only when the caller is done with them; the
	 * kernel has taken three more to receive in, which makes room.
	 */
	for (i = 0; i < 3; i++)
		kernel_rx(0, p[i], sizeof(p[i]), GOOD);
	afudp_rx_release_items(&s, it, got);
	for (i = 0; i < 3; i++)
		ck_assert(in_fill(0, addr[i]));
	ck_assert_uint_eq(fake_ring_count(&kfill[0]), RING);
	ck_assert_uint_eq(qs[0].pool.bad_put, 0);
}
END_TEST

START_TEST(test_rx_bad_frames)
{
	static const enum spoil bad[] = { BAD_UDP_CSUM, BAD_IP_CSUM,
					  WRONG_PORT, TRUNCATED };
	struct afudp_rx_item it[8];
	uint64_t good, addr[4];
	unsigned int i, got;
	char p[64];

	payload_of(0, p, sizeof(p));
	for (i = 0; i < 4; i++)
		addr[i] = kernel_rx(0, p, sizeof(p), bad[i]);
	good = kernel_rx(0, p, sizeof(p), GOOD);
	ck_assert_int_eq(afudp_rx_step(&s, MSG_DONTWAIT, it, 8, kern_stub,
				       NULL, &got), 1);
	ck_assert_uint_eq(it[0].addr, good);
	ck_assert_uint_eq(s.c->rx_drop_csum, 2);
	ck_assert_uint_eq(s.c->rx_drop_filtered, 1);
	ck_assert_uint_eq(s.c->rx_drop_malformed, 1);
	/* Straight back to the kernel; the good one still held. */
	ck_assert_uint_eq(krx[0].cons, krx[0].prod);
	for (i = 0; i < 4; i++)
		ck_assert(in_fill(0, addr[i]));
	ck_assert(!in_fill(0, good));
	/* Connected: a datagram from anyone else is filtered too. */
	s.connected = true;
	s.peer.sin_family = AF_INET;
	s.peer.sin_addr.s_addr = inet_addr(PEER_ADDR);
	s.peer.sin_port = htons(PEER_PORT + 1);
	addr[0] = kernel_rx(0, p, sizeof(p), GOOD);
	ck_assert_int_eq(afudp_rx_step(&s, MSG_DONTWAIT, it + 1, 7, kern_stub,
				       NULL, &got), -EAGAIN);
	ck_assert_uint_eq(s.c->rx_drop_filtered, 2);
	ck_assert(in_fill(0, addr[0]));
	afudp_rx_release_items(&s, it, 1);
	ck_assert_uint_eq(fake_ring_count(&kfill[0]), RING);
	ck_assert_uint_eq(qs[0].rx_out, RING);
}
END_TEST

/* Two XSKs with datagrams waiting: one at a time, each goes first in turn. */
START_TEST(test_rx_rotates)
{
	struct afudp_rx_item it;
	unsigned int i, got;
	char p[16] = "fair";

	for (i = 0; i < 4; i++)
		kernel_rx(i % NX, p, sizeof(p), GOOD);
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(afudp_rx_step(&s, MSG_DONTWAIT, &it, 1,
					       kern_stub, NULL, &got), 1);
		ck_assert_ptr_eq(it.x, &xs[i % NX]);
		/* Replies go out on the queue the datagram came from. */
		ck_assert_uint_eq(s.txi, i % NX);
		afudp_rx_release_items(&s, &it, 1);
	}
}
END_TEST

/* The rings empty, the kernel socket is read: once per step, no more. */
START_TEST(test_rx_kern_when_empty)
{
	struct sockaddr_in src;
	socklen_t sl = sizeof(src);
	char p[] = "through the kernel", b[64];
	ssize_t r;

	send_kern(p, sizeof(p));
	r = afudp_recvfrom(&s, b, sizeof(b), MSG_DONTWAIT,
			   (struct sockaddr *)&src, &sl);
	ck_assert_int_eq(r, sizeof(p));
	ck_assert_mem_eq(b, p, sizeof(p));
	ck_assert_uint_eq(sl, sizeof(src));
	ck_assert_uint_eq(src.sin_addr.s_addr, sender_addr.sin_addr.s_addr);
	ck_assert_uint_eq(src.sin_port, sender_addr.sin_port);
	ck_assert_uint_eq(s.c->rx_slow, 1);
	ck_assert_uint_eq(s.c->rx_packets, 1);
	ck_assert_uint_eq(s.c->rx_bytes, sizeof(p));
}
END_TEST

/* Nothing anywhere: every receive call says so at once. */
START_TEST(test_rx_eagain)
{
	struct afudp_rx_item it[4];
	struct afudp_zc_msg zm[4];
	struct mmsghdr mm = { 0 };
	unsigned int got;
	char b[16];

	ck_assert_int_eq(afudp_rx_step(&s, MSG_DONTWAIT, it, 4, kern_stub,
				       NULL, &got), -EAGAIN);
	ck_assert_uint_eq(got, 0);
	/* The kernel socket was looked at, since the rings were empty. */
	ck_assert_uint_eq(kern_calls, 1);
	ck_assert_int_eq(afudp_recvfrom(&s, b, sizeof(b), MSG_DONTWAIT, NULL,
					NULL), -EAGAIN);
	ck_assert_int_eq(afudp_recvmmsg(&s, &mm, 1, MSG_DONTWAIT), -EAGAIN);
	ck_assert_int_eq(afudp_zc_recv(&s, zm, 4, MSG_DONTWAIT), -EAGAIN);
	/* A non-blocking socket without the flag: the same. */
	s.nonblock = true;
	ck_assert_int_eq(afudp_recvfrom(&s, b, sizeof(b), 0, NULL, NULL),
			 -EAGAIN);
	ck_assert_uint_eq(s.c->rx_wakeups, 0);
	/* A kernel socket error comes through when nothing else did. */
	kern_ret = -ENOMEM;
	ck_assert_int_eq(afudp_rx_step(&s, MSG_DONTWAIT, it, 4, kern_stub,
				       NULL, &got), -ENOMEM);
}
END_TEST

/*
 * Under steady fast-path traffic (the rings never empty) the kernel socket
 * is still read, once every KERN_EVERY steps: not on every step (a
 * syscall each), and not never (it would starve). Whatever n the call asks
 * for, a single-datagram recvfrom included.
 */
START_TEST(test_rx_kern_cadence)
{
	struct afudp_rx_item it[4];
	unsigned int i, n, got;
	char p[8] = "load";

	for (n = 1; n <= 4; n *= 4) {
		kern_calls = 0;
		for (i = 0; i < 2 * KERN_EVERY; i++) {
			while (fake_ring_count(&krx[0]) < n + 1)
				kernel_rx(0, p, sizeof(p), GOOD);
			/* Fewer, when libxdp's cached producer is behind. */
			ck_assert_int_gt(afudp_rx_step(&s, MSG_DONTWAIT, it, n,
						       kern_stub, NULL, &got),
					 0);
			afudp_rx_release_items(&s, it, got);
			ck_assert_uint_gt(fake_ring_count(&krx[0]), 0);
		}
		ck_assert_uint_eq(kern_calls, 2);
	}
}
END_TEST

/* The same through afudp_recvfrom, with a real datagram on kfd. */
START_TEST(test_recvfrom_kern_not_starved)
{
	struct sockaddr_in src;
	socklen_t sl;
	char p[8] = "load", k[] = "slow", b[16];
	unsigned int i;
	ssize_t r = 0;

	send_kern(k, sizeof(k));
	for (i = 0; i < KERN_EVERY && !s.c->rx_slow; i++) {
		while (fake_ring_count(&krx[0]) < 2)
			kernel_rx(0, p, sizeof(p), GOOD);
		sl = sizeof(src);
		r = afudp_recvfrom(&s, b, sizeof(b), MSG_DONTWAIT,
				   (struct sockaddr *)&src, &sl);
		ck_assert_int_gt(r, 0);
	}
	ck_assert_uint_eq(s.c->rx_slow, 1);
	ck_assert_int_eq(r, sizeof(k));
	ck_assert_mem_eq(b, k, sizeof(k));
	ck_assert_uint_eq(src.sin_port, sender_addr.sin_port);
	ck_assert_uint_gt(fake_ring_count(&krx[0]), 0);
}
END_TEST

/* ---- the receive calls on top ----------------------------------------- */

START_TEST(test_recvfrom)
{
	struct sockaddr_in src;
	socklen_t sl = sizeof(src);
	char p[300], b[512];
	uint64_t addr;
	ssize_t r;

	payload_of(7, p, sizeof(p));
	addr = kernel_rx(1, p, sizeof(p), GOOD);
	/* The fill ring asks for a wake-up: the release gives it. */
	kfill[1].flags = XDP_RING_NEED_WAKEUP;
	ck_assert_int_eq(send(kick_peer[1], "", 0, 0), 0);
	r = afudp_recvfrom(&s, b, sizeof(b), MSG_DONTWAIT,
			   (struct sockaddr *)&src, &sl);
	ck_assert_int_eq(r, sizeof(p));
	ck_assert_mem_eq(b, p, sizeof(p));
	ck_assert_uint_eq(src.sin_family, AF_INET);
	ck_assert_uint_eq(src.sin_addr.s_addr, inet_addr(PEER_ADDR));
	ck_assert_uint_eq(src.sin_port, htons(PEER_PORT));
	ck_assert(returned(1, addr));
	ck_assert_uint_eq(drain(xs[1].fd), 0);
	ck_assert_uint_eq(s.c->rx_packets, 1);
	ck_assert_uint_eq(s.c->rx_bytes, sizeof(p));
	ck_assert_uint_eq(s.c->rx_slow, 0);
	/* Truncated into a small buffer; MSG_TRUNC says how long it was. */
	addr = kernel_rx(1, p, sizeof(p), GOOD);
	r = afudp_recvfrom(&s, b, 10, MSG_DONTWAIT | MSG_TRUNC, NULL, NULL);
	ck_assert_int_eq(r, sizeof(p));
	ck_assert_mem_eq(b, p, 10);
	ck_assert(returned(1, addr));
}
END_TEST

START_TEST(test_recvmmsg)
{
	struct mmsghdr mm[8];
	struct iovec iov[8][2];
	struct sockaddr_in src[8];
	char p[5][40], b[8][2][25];
	uint64_t addr[5];
	unsigned int i, xi;
	int r;

	memset(mm, 0, sizeof(mm));
	for (i = 0; i < 8; i++) {
		iov[i][0] = (struct iovec){ b[i][0], sizeof(b[i][0]) };
		iov[i][1] = (struct iovec){ b[i][1], sizeof(b[i][1]) };
		mm[i].msg_hdr.msg_iov = iov[i];
		mm[i].msg_hdr.msg_iovlen = 2;
		mm[i].msg_hdr.msg_name = &src[i];
		mm[i].msg_hdr.msg_namelen = sizeof(src[i]);
	}
	/* Three on the first XSK, two on the second: read in that order. */
	for (i = 0; i < 5; i++) {
		payload_of(i, p[i], sizeof(p[i]));
		addr[i] = kernel_rx(i < 3 ? 0 : 1, p[i], sizeof(p[i]), GOOD);
	}
	r = afudp_recvmmsg(&s, mm, 8, MSG_DONTWAIT);
	ck_assert_int_eq(r, 5);
	for (i = 0; i < 5; i++) {
		xi = i < 3 ? 0 : 1;
		ck_assert_uint_eq(mm[i].msg_len, sizeof(p[i]));
		ck_assert_mem_eq(b[i][0], p[i], 25);
		ck_assert_mem_eq(b[i][1], p[i] + 25, sizeof(p[i]) - 25);
		ck_assert_int_eq(mm[i].msg_hdr.msg_flags, 0);
		ck_assert_uint_eq(src[i].sin_addr.s_addr, inet_addr(PEER_ADDR));
		ck_assert_uint_eq(src[i].sin_port, htons(PEER_PORT));
		ck_assert(returned(xi, addr[i]));
	}
	ck_assert_uint_eq(s.c->rx_packets, 5);
	for (i = 0; i < NX; i++) {
		ck_assert_uint_eq(fake_ring_count(&kfill[i]), RING);
		ck_assert_uint_eq(qs[i].rx_out, RING);
	}
}
END_TEST

/* A receive of one datagram into @b with @ctl bytes of control (0: NULL). */
static ssize_t recv_ctl(struct msghdr *m, struct iovec *iov, char *b,
			size_t len, uint8_t *ctl, size_t ctllen)
{
	*iov = (struct iovec){ b, len };
	memset(m, 0, sizeof(*m));
	m->msg_iov = iov;
	m->msg_iovlen = 1;
	m->msg_control = ctllen ? ctl : NULL;
	m->msg_controllen = ctllen;
	return afudp_recvmsg(&s, m, MSG_DONTWAIT);
}

static void set_rx_opts(int on)
{
	static const int names[] = { IP_PKTINFO, IP_RECVTTL, IP_RECVTOS,
				     IP_RECVORIGDSTADDR };
	unsigned int i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		ck_assert_int_eq(afudp_setsockopt(&s, IPPROTO_IP, names[i], &on,
						  sizeof(on)),
				 0);
}

/*
 * Control messages of a fast-path datagram: the kernel's order and
 * contents, and cut where the buffer ends as its put_cmsg() cuts them.
 */
/*
 * Receive timestamps (rxts.h): afudp_recvfrom_ts() gives each datagram
 * the software time of the batch that took it, between before and after
 * the call, never going back; with the program's metadata block before a
 * frame (the device-bound build's, st.rx_ts_hw 1), its device time as
 * hardware, the block's magic cleared once read; a block without the
 * magic is not read.
 */
START_TEST(test_recvfrom_ts)
{
	struct afudp_rx_meta meta = { .rx_ts = 0x1122334455667788ull,
				      .magic = AFUDP_RX_META_MAGIC };
	struct afudp_rx_ts ts;
	struct timespec t0, t1;
	int64_t prev = 0, t;
	uint64_t addr;
	uint8_t *p;
	char pl[32], b[64];
	int i;

	for (i = 0; i < 3; i++) {
		payload_of(i, pl, sizeof(pl));
		kernel_rx(0, pl, sizeof(pl), GOOD);
		clock_gettime(CLOCK_REALTIME, &t0);
		ck_assert_int_eq(afudp_recvfrom_ts(&s, b, sizeof(b),
						   MSG_DONTWAIT, NULL, NULL,
						   &ts),
				 sizeof(pl));
		clock_gettime(CLOCK_REALTIME, &t1);
		t = ts.sw.tv_sec * 1000000000ll + ts.sw.tv_nsec;
		ck_assert_int_ge(t, t0.tv_sec * 1000000000ll + t0.tv_nsec);
		ck_assert_int_le(t, t1.tv_sec * 1000000000ll + t1.tv_nsec);
		ck_assert_int_ge(t, prev);
		prev = t;
		ck_assert_int_eq(ts.source, AFUDP_TS_SOFTWARE);
		ck_assert(!ts.hw.tv_sec && !ts.hw.tv_nsec);
	}
	ck_assert(s.ts_on);
	/* The device-bound build's block before the frame. */
	st.rx_ts_hw = 1;
	addr = kernel_rx(0, pl, sizeof(pl), GOOD);
	p = (uint8_t *)afudp_queue_data(&qs[0], addr) - sizeof(meta);
	memcpy(p, &meta, sizeof(meta));
	ck_assert_int_eq(afudp_recvfrom_ts(&s, b, sizeof(b), MSG_DONTWAIT,
					   NULL, NULL, &ts),
			 sizeof(pl));
	ck_assert_int_eq(ts.source, AFUDP_TS_HARDWARE);
	ck_assert_uint_eq((uint64_t)ts.hw.tv_sec * 1000000000u +
				  (uint64_t)ts.hw.tv_nsec,
			  meta.rx_ts);
	memcpy(&meta, p, sizeof(meta));
	ck_assert_uint_eq(meta.magic, 0);
	/* The same frame again without a new block: software. */
	addr = kernel_rx(0, pl, sizeof(pl), GOOD);
	p = (uint8_t *)afudp_queue_data(&qs[0], addr) - sizeof(meta);
	memset(p + offsetof(struct afudp_rx_meta, magic), 0, 4);
	ck_assert_int_eq(afudp_recvfrom_ts(&s, b, sizeof(b), MSG_DONTWAIT,
					   NULL, NULL, &ts),
			 sizeof(pl));
	ck_assert_int_eq(ts.source, AFUDP_TS_SOFTWARE);
	st.rx_ts_hw = -1;
}
END_TEST

/* SO_TIMESTAMPING's flags as __sock_recv_timestamp() reads them. */
START_TEST(test_rx_tsflags)
{
	ck_assert_uint_eq(afudp_rx_tsflags(0), 0);
	ck_assert_uint_eq(afudp_rx_tsflags(SOF_TIMESTAMPING_RX_SOFTWARE), 0);
	ck_assert_uint_eq(afudp_rx_tsflags(SOF_TIMESTAMPING_RX_SOFTWARE |
					   SOF_TIMESTAMPING_SOFTWARE), 1);
	/* Reporting without OPT_RX_FILTER: any generated. */
	ck_assert_uint_eq(afudp_rx_tsflags(SOF_TIMESTAMPING_SOFTWARE), 1);
	ck_assert_uint_eq(afudp_rx_tsflags(SOF_TIMESTAMPING_SOFTWARE |
					   (1 << 17)), 0);
	ck_assert_uint_eq(afudp_rx_tsflags(SOF_TIMESTAMPING_RX_HARDWARE |
					   SOF_TIMESTAMPING_RAW_HARDWARE), 2);
	ck_assert_uint_eq(afudp_rx_tsflags(SOF_TIMESTAMPING_TX_HARDWARE |
					   SOF_TIMESTAMPING_RX_HARDWARE), 0);
}
END_TEST

START_TEST(test_recvmsg_cmsg)
{
	const size_t pis = CMSG_SPACE(sizeof(struct in_pktinfo));
	union {
		uint8_t b[256];
		struct cmsghdr align;
	} u;
	struct in_pktinfo pi;
	struct sockaddr_in od;
	struct cmsghdr *c;
	struct iovec iov;
	struct msghdr m;
	char p[20], b[64];
	int ttl;

	st.ifindex = 7;
	rx_tos = 0xb9;
	set_rx_opts(1);
	ck_assert_uint_eq(s.cmsg, AFUDP_CM_PKTINFO | AFUDP_CM_TTL |
					  AFUDP_CM_TOS | AFUDP_CM_ORIGDST);
	payload_of(3, p, sizeof(p));
	kernel_rx(0, p, sizeof(p), GOOD);
	ck_assert_int_eq(recv_ctl(&m, &iov, b, sizeof(b), u.b, sizeof(u.b)),
			 sizeof(p));
	ck_assert_int_eq(m.msg_flags, 0);
	ck_assert_uint_eq(m.msg_controllen, pis + CMSG_SPACE(sizeof(int)) +
						    CMSG_SPACE(1) +
						    CMSG_SPACE(sizeof(od)));
	c = CMSG_FIRSTHDR(&m);
	ck_assert_int_eq(c->cmsg_level, IPPROTO_IP);
	ck_assert_int_eq(c->cmsg_type, IP_PKTINFO);
	ck_assert_uint_eq(c->cmsg_len, CMSG_LEN(sizeof(pi)));
	memcpy(&pi, CMSG_DATA(c), sizeof(pi));
	ck_assert_int_eq(pi.ipi_ifindex, 7);
	ck_assert_uint_eq(pi.ipi_spec_dst.s_addr, s.local.sin_addr.s_addr);
	ck_assert_uint_eq(pi.ipi_addr.s_addr, s.local.sin_addr.s_addr);
	c = CMSG_NXTHDR(&m, c);
	ck_assert_int_eq(c->cmsg_type, IP_TTL);
	ck_assert_uint_eq(c->cmsg_len, CMSG_LEN(sizeof(int)));
	memcpy(&ttl, CMSG_DATA(c), sizeof(ttl));
	ck_assert_int_eq(ttl, AFUDP_IP4_DEFAULT_TTL);
	c = CMSG_NXTHDR(&m, c);
	ck_assert_int_eq(c->cmsg_type, IP_TOS);
	ck_assert_uint_eq(c->cmsg_len, CMSG_LEN(1));
	ck_assert_uint_eq(*CMSG_DATA(c), 0xb9);
	c = CMSG_NXTHDR(&m, c);
	ck_assert_int_eq(c->cmsg_type, IP_ORIGDSTADDR);
	ck_assert_uint_eq(c->cmsg_len, CMSG_LEN(sizeof(od)));
	memcpy(&od, CMSG_DATA(c), sizeof(od));
	ck_assert_uint_eq(od.sin_family, AF_INET);
	ck_assert_uint_eq(od.sin_port, s.local.sin_port);
	ck_assert_uint_eq(od.sin_addr.s_addr, s.local.sin_addr.s_addr);
	ck_assert_ptr_null(CMSG_NXTHDR(&m, c));

	/* The second cut to 18 bytes (cmsg_len says so), the rest dropped. */
	kernel_rx(0, p, sizeof(p), GOOD);
	recv_ctl(&m, &iov, b, sizeof(b), u.b, pis + 18);
	ck_assert_int_eq(m.msg_flags, MSG_CTRUNC);
	ck_assert_uint_eq(m.msg_controllen, pis + 18);
	ck_assert_uint_eq(((struct cmsghdr *)(u.b + pis))->cmsg_len, 18);
	/* Less than a header left: nothing of it written. */
	kernel_rx(0, p, sizeof(p), GOOD);
	recv_ctl(&m, &iov, b, sizeof(b), u.b, pis + 8);
	ck_assert_int_eq(m.msg_flags, MSG_CTRUNC);
	ck_assert_uint_eq(m.msg_controllen, pis);
	/* No buffer: MSG_CTRUNC alone. */
	kernel_rx(0, p, sizeof(p), GOOD);
	recv_ctl(&m, &iov, b, 5, u.b, 0);
	ck_assert_int_eq(m.msg_flags, MSG_CTRUNC | MSG_TRUNC);
	ck_assert_uint_eq(m.msg_controllen, 0);
	/* Off again: nothing, and no MSG_CTRUNC. */
	set_rx_opts(0);
	ck_assert_uint_eq(s.cmsg, 0);
	kernel_rx(0, p, sizeof(p), GOOD);
	recv_ctl(&m, &iov, b, sizeof(b), u.b, sizeof(u.b));
	ck_assert_int_eq(m.msg_flags, 0);
	ck_assert_uint_eq(m.msg_controllen, 0);
	ck_assert_uint_eq(s.c->rx_slow, 0);
}
END_TEST

/* @m's one control message, UDP_GRO: its segment size. */
static int gro_cmsg(struct msghdr *m)
{
	struct cmsghdr *c = CMSG_FIRSTHDR(m);
	int v;

	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->cmsg_level, SOL_UDP);
	ck_assert_int_eq(c->cmsg_type, UDP_GRO);
	ck_assert_uint_eq(c->cmsg_len, CMSG_LEN(sizeof(int)));
	ck_assert_ptr_null(CMSG_NXTHDR(m, c));
	memcpy(&v, CMSG_DATA(c), sizeof(v));
	return v;
}

/*
 * UDP_GRO: a train of one flow's datagrams of one size read as one, as
 * the kernel's GRO gives it; a shorter one ends the train, another flow
 * starts its own, a buffer too short for the next one leaves it on the
 * ring; the UDP_GRO message only for more than one.
 */
START_TEST(test_recvmsg_gro)
{
	union {
		uint8_t b[64];
		struct cmsghdr align;
	} u;
	static const uint16_t len[] = { 100, 100, 100, 50, 100, 100 };
	char p[6][100], b[1000];
	uint64_t addr[6];
	struct iovec iov;
	struct msghdr m;
	unsigned int i;
	size_t off;
	int on = 1;

	ck_assert_int_eq(afudp_setsockopt(&s, SOL_UDP, UDP_GRO, &on,
					  sizeof(on)),
			 0);
	ck_assert(s.gro);
	for (i = 0; i < 6; i++) {
		payload_of(i, p[i], len[i]);
		addr[i] = kernel_rx(0, p[i], len[i], i == 5 ? OTHER_FLOW : GOOD);
	}
	ck_assert_int_eq(recv_ctl(&m, &iov, b, sizeof(b), u.b, sizeof(u.b)),
			 350);
	for (i = 0, off = 0; i < 4; off += len[i++]) {
		ck_assert_mem_eq(b + off, p[i], len[i]);
		ck_assert(returned(0, addr[i]));
	}
	ck_assert_int_eq(m.msg_flags, 0);
	ck_assert_int_eq(gro_cmsg(&m), 100);
	/* One alone (the next is another flow's): no UDP_GRO message. */
	ck_assert_int_eq(recv_ctl(&m, &iov, b, sizeof(b), u.b, sizeof(u.b)),
			 100);
	ck_assert_uint_eq(m.msg_controllen, 0);
	ck_assert(!returned(0, addr[5]));
	ck_assert_int_eq(recv_ctl(&m, &iov, b, sizeof(b), u.b, sizeof(u.b)),
			 100);
	ck_assert_mem_eq(b, p[5], 100);
	ck_assert_uint_eq(m.msg_controllen, 0);
	/* Room for two and a half: two now, the third next time. */
	for (i = 0; i < 3; i++)
		kernel_rx(0, p[i], 100, GOOD);
	ck_assert_int_eq(recv_ctl(&m, &iov, b, 250, u.b, sizeof(u.b)), 200);
	ck_assert_int_eq(gro_cmsg(&m), 100);
	ck_assert_int_eq(recv_ctl(&m, &iov, b, 250, u.b, sizeof(u.b)), 100);
	ck_assert_mem_eq(b, p[2], 100);
	ck_assert_uint_eq(m.msg_controllen, 0);
	ck_assert_uint_eq(s.c->rx_packets, 9);
	ck_assert_uint_eq(s.c->rx_slow, 0);
	ck_assert_uint_eq(qs[0].rx_out, RING);
}
END_TEST

START_TEST(test_zc_recv_release)
{
	struct afudp_zc_msg m[4];
	char p[3][50], k[] = "kern";
	uint64_t addr[3];
	unsigned int i;

	for (i = 0; i < 3; i++) {
		payload_of(i, p[i], sizeof(p[i]));
		addr[i] = kernel_rx(i % NX, p[i], sizeof(p[i]), GOOD);
	}
	ck_assert_int_eq(afudp_zc_recv(&s, m, 4, MSG_DONTWAIT), 3);
	ck_assert_uint_eq(s.zc_held, 3);
	/*
	 * Lent in place: the payload where the kernel put it, not back yet.
	 * The first XSK is read first: datagrams 0 and 2, then 1.
	 */
	for (i = 0; i < 3; i++) {
		unsigned int j = (unsigned int[]){ 0, 2, 1 }[i], xi = j % NX;

		ck_assert_ptr_eq(m[i].data,
				 (uint8_t *)afudp_queue_data(&qs[xi], addr[j]) +
					 AFUDP_HDR_LEN);
		ck_assert_uint_eq(m[i].len, sizeof(p[j]));
		ck_assert_mem_eq(m[i].data, p[j], sizeof(p[j]));
		ck_assert_uint_eq(m[i].src.sin_addr.s_addr,
				  inet_addr(PEER_ADDR));
		ck_assert_uint_eq(m[i].src.sin_port, htons(PEER_PORT));
		ck_assert_uint_eq(*afudp_queue_lent(&qs[xi], addr[j]),
				  AFUDP_LENT_RX);
		ck_assert(!returned(xi, addr[j]));
	}
	ck_assert_int_eq(afudp_zc_release(&s, m, 2), 0);
	ck_assert_int_eq(afudp_zc_release(&s, m + 2, 1), 0);
	for (i = 0; i < 3; i++) {
		ck_assert(returned(i % NX, addr[i]));
		ck_assert_uint_eq(*afudp_queue_lent(&qs[i % NX], addr[i]),
				  AFUDP_LENT_NO);
	}
	ck_assert_uint_eq(s.zc_held, 0);
	/* Released twice, alone or next to a good one: refused, untouched. */
	ck_assert_int_eq(afudp_zc_release(&s, m, 1), -EINVAL);
	addr[0] = kernel_rx(0, p[0], sizeof(p[0]), GOOD);
	ck_assert_int_eq(afudp_zc_recv(&s, m + 3, 1, MSG_DONTWAIT), 1);
	m[2] = m[3];
	ck_assert_int_eq(afudp_zc_release(&s, m + 1, 2), -EINVAL);
	ck_assert_uint_eq(*afudp_queue_lent(&qs[0], addr[0]), AFUDP_LENT_RX);
	ck_assert_int_eq(afudp_zc_release(&s, m + 3, 1), 0);
	ck_assert_uint_eq(s.zc_held, 0);
	/* A datagram through the kernel socket is lent in a heap buffer. */
	send_kern(k, sizeof(k));
	ck_assert_int_eq(afudp_zc_recv(&s, m, 4, MSG_DONTWAIT), 1);
	ck_assert_uint_eq(m[0].len, sizeof(k));
	ck_assert_mem_eq(m[0].data, k, sizeof(k));
	ck_assert_uint_eq(s.c->rx_slow, 1);
	ck_assert_int_eq(afudp_zc_release(&s, m, 1), 0);
	ck_assert_int_eq(afudp_zc_release(&s, m, 1), -EINVAL);
	for (i = 0; i < NX; i++) {
		ck_assert_uint_eq(fake_ring_count(&kfill[i]), RING);
		ck_assert_uint_eq(qs[i].rx_out, RING);
		ck_assert_uint_eq(qs[i].pool.bad_put, 0);
	}
}
END_TEST

/* ---- multi-buffer chains (XDP_USE_SG) ----------------------------------- */

/* What copy mode puts in each frame of a chain, after the headroom. */
#define CHAIN_PIECE (FSIZE - AFUDP_RX_HEADROOM)

/*
 * The fake kernel receives a datagram of @len bytes larger than a frame
 * on XSK @xi as a chain: the frame cut into CHAIN_PIECE pieces, one frame
 * each, XDP_PKT_CONTD on all but the last (on the last too, TRUNCATED:
 * the ring ends inside the chain; BAD_UDP_CSUM: a bit flipped in the last
 * piece). The frames' addresses go to @addrs; returns how many.
 */
static unsigned int kernel_rx_chain(unsigned int xi, const void *payload,
				    size_t len, enum spoil how,
				    uint64_t *addrs)
{
	static uint8_t f[AFUDP_HDR_LEN + 9000];
	struct afudp_udp4_hdr h = {
		.saddr = inet_addr(PEER_ADDR),
		.daddr = s.local.sin_addr.s_addr,
		.sport = htons(PEER_PORT),
		.dport = s.local.sin_port,
	};
	size_t flen, off, c;
	unsigned int n = 0;
	uint64_t base;

	memcpy(f + AFUDP_HDR_LEN, payload, len);
	flen = afudp_udp4_build(f, &h, len, 0);
	if (how == BAD_UDP_CSUM)
		f[flen - 1] ^= 0x40;
	for (off = 0; off < flen; off += c, n++) {
		struct xdp_desc *d;

		c = flen - off < CHAIN_PIECE ? flen - off : CHAIN_PIECE;
		ck_assert_uint_eq(fake_take_addrs(&kfill[xi], &base, 1), 1);
		addrs[n] = base + AFUDP_RX_HEADROOM;
		memcpy(afudp_queue_data(&qs[xi], addrs[n]), f + off, c);
		fake_put_desc(&krx[xi], addrs[n], (uint32_t)c);
		d = &krx[xi].desc[fake_ring_slot(&krx[xi], krx[xi].prod - 1)];
		if (off + c < flen || how == TRUNCATED)
			d->options = XDP_PKT_CONTD;
	}
	return n;
}

/* Every frame of a chain back with the kernel (or the pool). */
static void chain_returned(unsigned int xi, const uint64_t *addrs,
			   unsigned int n)
{
	while (n--)
		ck_assert(returned(xi, addrs[n]));
}

START_TEST(test_rx_chain)
{
	static char p[8972], b[9000];
	struct iovec iov[2] = { { b, 3000 }, { b + 3000, 6000 } };
	struct mmsghdr mm = { .msg_hdr = { .msg_iov = iov, .msg_iovlen = 2 } };
	uint64_t a[AFUDP_MAX_FRAGS], one;
	struct afudp_zc_msg m[2];
	unsigned int n;
	ssize_t r;

	qs[0].sg = qs[1].sg = true;
	st.mb = true;
	payload_of(3, p, sizeof(p));
	/* A chain, then a datagram of one frame: one receive each. */
	n = kernel_rx_chain(0, p, 5000, GOOD, a);
	ck_assert_uint_eq(n, 3);
	one = kernel_rx(0, p, 100, GOOD);
	r = afudp_recvfrom(&s, b, sizeof(b), MSG_DONTWAIT, NULL, NULL);
	ck_assert_int_eq(r, 5000);
	ck_assert_mem_eq(b, p, 5000);
	chain_returned(0, a, n);
	r = afudp_recvfrom(&s, b, sizeof(b), MSG_DONTWAIT, NULL, NULL);
	ck_assert_int_eq(r, 100);
	ck_assert(returned(0, one));
	/* The largest a 9000-byte MTU carries; cut short by the buffer. */
	n = kernel_rx_chain(1, p, sizeof(p), GOOD, a);
	ck_assert_uint_eq(n, 6);
	memset(b, 0, sizeof(b));
	r = afudp_recvfrom(&s, b, 4000, MSG_DONTWAIT | MSG_TRUNC, NULL, NULL);
	ck_assert_int_eq(r, sizeof(p));
	ck_assert_mem_eq(b, p, 4000);
	ck_assert_uint_eq((uint8_t)b[4000], 0);
	chain_returned(1, a, n);
	/* Into two iovecs: the pieces land where they belong. */
	n = kernel_rx_chain(0, p, sizeof(p), GOOD, a);
	ck_assert_int_eq(afudp_recvmmsg(&s, &mm, 1, MSG_DONTWAIT), 1);
	ck_assert_uint_eq(mm.msg_len, sizeof(p));
	ck_assert_uint_eq(mm.msg_hdr.msg_flags, 0);
	ck_assert_mem_eq(b, p, sizeof(p));
	chain_returned(0, a, n);
	ck_assert_uint_eq(s.c->rx_packets, 4);
	ck_assert_uint_eq(s.c->rx_bytes, 5000 + 100 + 2 * sizeof(p));
	/* A bad checksum in the last frame; a chain the ring cuts short. */
	n = kernel_rx_chain(0, p, 7000, BAD_UDP_CSUM, a);
	ck_assert_int_eq(afudp_recvfrom(&s, b, sizeof(b), MSG_DONTWAIT, NULL,
					NULL),
			 -EAGAIN);
	ck_assert_uint_eq(s.c->rx_drop_csum, 1);
	chain_returned(0, a, n);
	n = kernel_rx_chain(0, p, 7000, TRUNCATED, a);
	ck_assert_int_eq(afudp_recvfrom(&s, b, sizeof(b), MSG_DONTWAIT, NULL,
					NULL),
			 -EAGAIN);
	ck_assert_uint_eq(s.c->rx_drop_malformed, 1);
	chain_returned(0, a, n);
	ck_assert_uint_eq(krx[0].cons, krx[0].prod);
	/* Zero-copy: a chain is lent as one copy, its frames back at once. */
	n = kernel_rx_chain(1, p, 6000, GOOD, a);
	ck_assert_int_eq(afudp_zc_recv(&s, m, 2, MSG_DONTWAIT), 1);
	ck_assert_uint_eq(m[0].len, 6000);
	ck_assert_mem_eq(m[0].data, p, 6000);
	chain_returned(1, a, n);
	ck_assert_uint_eq(s.zc_held, 1);
	ck_assert_int_eq(afudp_zc_release(&s, m, 1), 0);
	ck_assert_int_eq(afudp_zc_release(&s, m, 1), -EINVAL);
	ck_assert_uint_eq(s.zc_held, 0);
	for (n = 0; n < NX; n++) {
		ck_assert_uint_eq(fake_ring_count(&kfill[n]), RING);
		ck_assert_uint_eq(qs[n].rx_out, RING);
		ck_assert_uint_eq(qs[n].pool.bad_put, 0);
	}
	free(s.chain_rx[0]);
}
END_TEST

/* ---- the send step ---------------------------------------------------- */

/*
 * Parse a control buffer holding one message (level, type, @len bytes),
 * for an IPv6 datagram if the level is IPv6's.
 */
static int parse_one(int level, int type, const void *data, size_t len,
		     struct afudp_tx_ctl *c)
{
	union {
		uint8_t b[64];
		struct cmsghdr align;
	} u;
	struct cmsghdr *h = (struct cmsghdr *)u.b;
	struct msghdr m = { .msg_control = u.b,
			    .msg_controllen = CMSG_SPACE(len) };

	h->cmsg_level = level;
	h->cmsg_type = type;
	h->cmsg_len = CMSG_LEN(len);
	memcpy(CMSG_DATA(h), data, len);
	return afudp_tx_ctl_parse(&m, c, level == IPPROTO_IPV6);
}

/* The same for an int. */
static int parse_int(int level, int type, int v, struct afudp_tx_ctl *c)
{
	return parse_one(level, type, &v, sizeof(v), c);
}

/* A send's control messages read as the kernel's ip_cmsg_send() does. */
START_TEST(test_tx_ctl_parse)
{
	struct in_pktinfo pi = { .ipi_ifindex = 3 };
	struct afudp_tx_ctl c;
	struct msghdr m;
	uint8_t tos = 0x2e;

	memset(&m, 0, sizeof(m));
	ck_assert_int_eq(afudp_tx_ctl_parse(&m, &c, false), 0);
	ck_assert(!c.kern && !c.saddr && !c.ifindex);
	ck_assert_int_eq(c.tos, -1);
	ck_assert_int_eq(c.ttl, -1);
	pi.ipi_spec_dst.s_addr = inet_addr("10.1.2.3");
	pi.ipi_addr.s_addr = inet_addr("10.9.9.9"); /* ignored on send */
	ck_assert_int_eq(parse_one(IPPROTO_IP, IP_PKTINFO, &pi, sizeof(pi), &c),
			 0);
	ck_assert_uint_eq(c.saddr, inet_addr("10.1.2.3"));
	ck_assert_int_eq(c.ifindex, 3);
	ck_assert_int_eq(
		parse_one(IPPROTO_IP, IP_PKTINFO, &pi, sizeof(pi) - 1, &c),
		-EINVAL);
	/* IP_TOS: an int or a byte. */
	ck_assert_int_eq(parse_one(IPPROTO_IP, IP_TOS, &tos, 1, &c), 0);
	ck_assert_int_eq(c.tos, 0x2e);
	ck_assert_int_eq(parse_int(IPPROTO_IP, IP_TOS, 0xfc, &c), 0);
	ck_assert_int_eq(c.tos, 0xfc);
	ck_assert_int_eq(parse_int(IPPROTO_IP, IP_TOS, 256, &c), -EINVAL);
	/* IP_TTL: an int, 1..255. */
	ck_assert_int_eq(parse_int(IPPROTO_IP, IP_TTL, 1, &c), 0);
	ck_assert_int_eq(c.ttl, 1);
	ck_assert_int_eq(parse_int(IPPROTO_IP, IP_TTL, 0, &c), -EINVAL);
	/* Others: the kernel socket judges them. */
	ck_assert_int_eq(parse_int(SOL_SOCKET, SO_MARK, 1, &c), 0);
	ck_assert(c.kern);
	ck_assert_int_eq(parse_int(IPPROTO_IP, IP_RETOPTS, 0, &c), 0);
	ck_assert(c.kern);
}
END_TEST

/* An IPv6 send's, as ip6_datagram_send_ctl() reads them. */
START_TEST(test_tx_ctl_parse6)
{
	struct in6_pktinfo pi = { .ipi6_ifindex = 4 };
	struct afudp_tx_ctl c;
	union {
		uint8_t b[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct cmsghdr *h = (struct cmsghdr *)u.b;
	struct msghdr m = { .msg_control = u.b, .msg_controllen = sizeof(u.b) };
	uint8_t b = 1;
	int v = 1;

	inet_pton(AF_INET6, "fd00::7", &pi.ipi6_addr);
	ck_assert_int_eq(parse_one(IPPROTO_IPV6, IPV6_PKTINFO, &pi, sizeof(pi),
				   &c),
			 0);
	ck_assert(!memcmp(&c.saddr6, &pi.ipi6_addr, sizeof(pi.ipi6_addr)));
	ck_assert_int_eq(c.ifindex, 4);
	ck_assert(!c.kern && !c.saddr);
	ck_assert_int_eq(parse_one(IPPROTO_IPV6, IPV6_PKTINFO, &pi,
				   sizeof(pi) - 1, &c),
			 -EINVAL);
	/* IPV6_HOPLIMIT and IPV6_TCLASS: an int, -1 (the socket's)..255. */
	ck_assert_int_eq(parse_int(IPPROTO_IPV6, IPV6_HOPLIMIT, 0, &c), 0);
	ck_assert_int_eq(c.ttl, 0);
	ck_assert_int_eq(parse_int(IPPROTO_IPV6, IPV6_HOPLIMIT, -1, &c), 0);
	ck_assert_int_eq(c.ttl, -1);
	ck_assert_int_eq(parse_int(IPPROTO_IPV6, IPV6_HOPLIMIT, 256, &c),
			 -EINVAL);
	ck_assert_int_eq(parse_int(IPPROTO_IPV6, IPV6_TCLASS, 0xb8, &c), 0);
	ck_assert_int_eq(c.tos, 0xb8);
	ck_assert_int_eq(parse_int(IPPROTO_IPV6, IPV6_TCLASS, -1, &c), 0);
	ck_assert_int_eq(c.tos, 0xff);	/* what the kernel sends for -1 */
	ck_assert_int_eq(parse_int(IPPROTO_IPV6, IPV6_TCLASS, -2, &c),
			 -EINVAL);

	ck_assert_int_eq(parse_one(IPPROTO_IPV6, IPV6_TCLASS, &b, 1, &c),
			 -EINVAL);
	/* Others, and the IP level's on an IPv6 datagram: the kernel's. */
	ck_assert_int_eq(parse_int(IPPROTO_IPV6, IPV6_DONTFRAG, 1, &c), 0);
	ck_assert(c.kern);
	h->cmsg_level = IPPROTO_IP;
	h->cmsg_type = IP_TTL;
	h->cmsg_len = CMSG_LEN(sizeof(v));
	memcpy(CMSG_DATA(h), &v, sizeof(v));
	ck_assert_int_eq(afudp_tx_ctl_parse(&m, &c, true), 0);
	ck_assert(c.kern && c.ttl == -1);
	/* And IPv6's on an IPv4 one. */
	h->cmsg_level = IPPROTO_IPV6;
	h->cmsg_type = IPV6_HOPLIMIT;
	ck_assert_int_eq(afudp_tx_ctl_parse(&m, &c, false), 0);
	ck_assert(c.kern && c.ttl == -1);
}
END_TEST

/* UDP_SEGMENT, as the kernel's __udp_cmsg_send(): a u16, exactly. */
START_TEST(test_tx_ctl_parse_gso)
{
	struct afudp_tx_ctl c;
	uint16_t gso = 1200;
	struct msghdr m;

	memset(&m, 0, sizeof(m));
	ck_assert_int_eq(afudp_tx_ctl_parse(&m, &c, false), 0);
	ck_assert_int_eq(c.gso, -1);
	ck_assert_int_eq(parse_one(SOL_UDP, UDP_SEGMENT, &gso, sizeof(gso), &c),
			 0);
	ck_assert_int_eq(c.gso, 1200);
	ck_assert(!c.kern);
	/* 0: no segmenting for this send, whatever the socket's option. */
	gso = 0;
	ck_assert_int_eq(parse_one(SOL_UDP, UDP_SEGMENT, &gso, sizeof(gso), &c),
			 0);
	ck_assert_int_eq(c.gso, 0);
	ck_assert_int_eq(parse_int(SOL_UDP, UDP_SEGMENT, 1200, &c), -EINVAL);
	/* Another SOL_UDP message: the kernel's EINVAL, from the kernel. */
	ck_assert_int_eq(parse_int(SOL_UDP, UDP_GRO, 1, &c), 0);
	ck_assert(c.kern);
}
END_TEST

START_TEST(test_tx_acquire_push)
{
	struct afudp_sxsk *x = &xs[0];
	uint32_t nfree = qs[0].pool.nfree;
	struct xdp_desc d;
	uint64_t a, b;

	/* An empty cache takes a batch from the pool; the next don't. */
	ck_assert_int_eq(afudp_tx_acquire(&s, x, false, &a), 0);
	ck_assert_uint_eq(x->cache.n, qs[0].pool.batch - 1);
	ck_assert_uint_eq(qs[0].pool.nfree, nfree - qs[0].pool.batch);
	ck_assert_int_eq(afudp_tx_acquire(&s, x, false, &b), 0);
	ck_assert_uint_ne(a, b);
	ck_assert_uint_eq(x->cache.n, qs[0].pool.batch - 2);
	ck_assert_uint_eq(a & (FSIZE - 1), 0);
	ck_assert(!returned(0, a));
	ck_assert_int_eq(afudp_tx_push(&s, x, a, 123, false), 0);
	ck_assert_uint_eq(fake_ring_count(&ktx[0]), 1);
	ck_assert_uint_eq(fake_take_descs(&ktx[0], &d, 1), 1);
	ck_assert_uint_eq(d.addr, a);
	ck_assert_uint_eq(d.len, 123);
	ck_assert_uint_eq(d.options, 0);
	/* Unused after all: back to the cache. */
	afudp_tx_release(x, b);
	ck_assert_uint_eq(x->cache.n, qs[0].pool.batch - 1);
	ck_assert_uint_eq(x->cache.addr[x->cache.n - 1], b);
	/* Sent: the completion brings the frame back to the pool. */
	nfree = qs[0].pool.nfree;
	fake_put_addrs(&kcomp[0], &a, 1);
	afudp_queue_reap(&qs[0]);
	ck_assert_uint_eq(qs[0].pool.nfree, nfree + 1);
	ck_assert_uint_eq(qs[0].pool.state[a >> SHIFT], AFUDP_FRAME_FREE);
	ck_assert_uint_eq(s.c->tx_kicks + s.c->tx_ring_full, 0);
	ck_assert_uint_eq(qs[0].pool.bad_put, 0);
}
END_TEST

/*
 * A stack on a VLAN (st.vid): a frame tagged with its VID is accepted, its
 * payload found behind the tag; an untagged one too (the device took the
 * tag out and the bound program read it: the program sends no other
 * untagged frame here); one tagged with another VID is refused (counted
 * malformed).
 */
START_TEST(test_rx_vlan)
{
	struct afudp_rx_item it[4];
	uint16_t tcis[3] = { 100 | 0x2000, 0, 200 };
	uint64_t addr[3];
	unsigned int i, got;
	char p[64];
	uint8_t *f;

	st.vid = 100;
	payload_of(0, p, sizeof(p));
	for (i = 0; i < 3; i++) {
		addr[i] = kernel_rx(0, p, sizeof(p), GOOD);
		if (!tcis[i])
			continue;
		/* Retag in place: the untagged frame moves 4 bytes up. */
		f = afudp_queue_data(&qs[0], addr[i]);
		memmove(f + AFUDP_VLAN_HLEN, f, AFUDP_HDR_LEN + sizeof(p));
		afudp_vlan_push(f, tcis[i]);
		krx[0].desc[(krx[0].prod - 1) & (krx[0].size - 1)].len +=
			AFUDP_VLAN_HLEN;
	}
	ck_assert_int_eq(afudp_rx_step(&s, MSG_DONTWAIT, it, 4, kern_stub,
				       NULL, &got), 2);
	ck_assert_uint_eq(got, 2);
	for (i = 0; i < 2; i++) {
		ck_assert_uint_eq(it[i].addr, addr[i]);
		ck_assert_uint_eq(it[i].info.payload_len, sizeof(p));
		ck_assert_mem_eq(it[i].info.payload, p, sizeof(p));
		ck_assert_ptr_eq(it[i].info.payload,
				 (uint8_t *)afudp_queue_data(&qs[0], addr[i]) +
					 AFUDP_HDR_LEN +
					 (tcis[i] ? AFUDP_VLAN_HLEN : 0));
	}
	ck_assert_uint_eq(s.c->rx_drop_malformed, 1);
	afudp_rx_release_items(&s, it, got);
	st.vid = 0;
}
END_TEST

/*
 * ... and what it sends is tagged: the frame moves 4 bytes up behind the
 * MACs, TPID 0x8100 and the VID where they were, the length 4 more.
 */
START_TEST(test_tx_vlan)
{
	struct afudp_sxsk *x = &xs[0];
	uint8_t want[60], *f;
	struct xdp_desc d;
	unsigned int i;
	uint64_t a;

	for (i = 0; i < sizeof(want); i++)
		want[i] = (uint8_t)(i * 7 + 1);
	st.vid = 300;
	ck_assert_int_eq(afudp_tx_acquire(&s, x, false, &a), 0);
	f = afudp_queue_data(&qs[0], a);
	memcpy(f, want, sizeof(want));
	ck_assert_int_eq(afudp_tx_push(&s, x, a, sizeof(want), false), 0);
	ck_assert_uint_eq(fake_take_descs(&ktx[0], &d, 1), 1);
	ck_assert_uint_eq(d.addr, a);
	ck_assert_uint_eq(d.len, sizeof(want) + AFUDP_VLAN_HLEN);
	ck_assert_mem_eq(f, want, 12);
	ck_assert_uint_eq(f[12], 0x81);
	ck_assert_uint_eq(f[13], 0x00);
	ck_assert_uint_eq(f[14], 300 >> 8);
	ck_assert_uint_eq(f[15], 300 & 0xff);
	ck_assert_mem_eq(f + 16, want + 12, sizeof(want) - 12);
	st.vid = 0;
}
END_TEST

/*
 * A capture (capture.c, for afudp-dump): off, nothing is copied; on, the
 * datagrams a receive accepted and the frames a send pushes land in the
 * ring's slots, committed, in order, with their direction; a full ring
 * drops the copies, counted, and the traffic goes on; the port filter.
 */
START_TEST(test_capture)
{
	struct afudp_sxsk *x = &xs[0];
	struct afudp_cap_rec *r;
	struct afudp_cap_hdr *h;
	struct afudp_rx_item it[8];
	unsigned int i, got;
	uint64_t a[4];
	char p[3][100];
	void *shm;

	shm = calloc(1, AFUDP_SHM_FILE_SIZE);
	ck_assert_ptr_nonnull(shm);
	st.shm = shm;
	h = (struct afudp_cap_hdr *)((char *)shm + AFUDP_CAP_OFF);
	st.cap = h;
	h->nslots = 4;
	/* Off: received and sent, nothing seen. */
	payload_of(9, p[0], sizeof(p[0]));
	kernel_rx(0, p[0], sizeof(p[0]), GOOD);
	ck_assert_int_eq(afudp_rx_step(&s, MSG_DONTWAIT, it, 8, kern_stub,
				       NULL, &got), 1);
	afudp_rx_release_items(&s, it, got);
	ck_assert_uint_eq(h->seen + h->head, 0);

	h->on = 1;
	for (i = 0; i < 3; i++) {
		payload_of(i, p[i], sizeof(p[i]));
		kernel_rx(0, p[i], sizeof(p[i]), GOOD);
	}
	kernel_rx(0, p[0], sizeof(p[0]), BAD_UDP_CSUM);
	ck_assert_int_eq(afudp_rx_step(&s, MSG_DONTWAIT, it, 8, kern_stub,
				       NULL, &got), 3);
	/* The three accepted, not the one a checksum dropped. */
	ck_assert_uint_eq(h->seen, 3);
	ck_assert_uint_eq(h->head, 3);
	for (i = 0; i < 3; i++) {
		r = afudp_cap_slot(shm, i, 4);
		ck_assert_uint_eq(r->seq, i + 1);
		ck_assert_uint_eq(r->dir, AFUDP_CAP_IN);
		ck_assert_uint_eq(r->len, AFUDP_HDR_LEN + sizeof(p[i]));
		ck_assert_uint_eq(r->caplen, r->len);
		ck_assert_uint_eq(r->port, s.local.sin_port);
		ck_assert_uint_ne(r->ts, 0);
		ck_assert_mem_eq(r->data,
				 afudp_queue_data(&qs[0], it[i].addr),
				 r->len);
	}
	afudp_rx_release_items(&s, it, got);

	/* A send: its frame as pushed, outbound. */
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(afudp_tx_acquire(&s, x, false, &a[i]), 0);
	memset(afudp_queue_data(&qs[0], a[0]), 0xab, 60);
	ck_assert_int_eq(afudp_tx_push(&s, x, a[0], 60, false), 0);
	r = afudp_cap_slot(shm, 3, 4);
	ck_assert_uint_eq(r->seq, 4);
	ck_assert_uint_eq(r->dir, AFUDP_CAP_OUT);
	ck_assert_uint_eq(r->len, 60);
	ck_assert_mem_eq(r->data, afudp_queue_data(&qs[0], a[0]), 60);
	/* The ring is full: the copy is dropped, the frame still sent. */
	ck_assert_int_eq(afudp_tx_push(&s, x, a[1], 61, false), 0);
	ck_assert_uint_eq(fake_ring_count(&ktx[0]), 2);
	ck_assert_uint_eq(h->seen, 5);
	ck_assert_uint_eq(h->dropped, 1);
	ck_assert_uint_eq(h->head, 4);
	/* The reader gives a slot back: the next copy takes it. */
	h->tail = 1;
	ck_assert_int_eq(afudp_tx_push(&s, x, a[2], 62, false), 0);
	r = afudp_cap_slot(shm, 4, 4);
	ck_assert_ptr_eq(r, afudp_cap_slot(shm, 0, 4));
	ck_assert_uint_eq(r->seq, 5);
	ck_assert_uint_eq(r->len, 62);
	/* Another port than the socket's: not seen. */
	h->tail = 5;
	h->port = htons(ntohs(s.local.sin_port) + 1);
	ck_assert_int_eq(afudp_tx_acquire(&s, x, false, &a[3]), 0);
	ck_assert_int_eq(afudp_tx_push(&s, x, a[3], 63, false), 0);
	ck_assert_uint_eq(h->seen, 6);
	ck_assert_uint_eq(h->head, 5);

	st.cap = &afudp_cap_none;
	st.shm = NULL;
	free(shm);
}
END_TEST

/* A kick is a syscall: only when the kernel asks for one. */
START_TEST(test_tx_kick)
{
	struct afudp_sxsk *x = &xs[1];
	uint64_t a;

	ck_assert_int_eq(afudp_tx_acquire(&s, x, false, &a), 0);
	ck_assert_int_eq(afudp_tx_push(&s, x, a, 60, false), 0);
	x->tx_pending = true;
	afudp_tx_kick(&s, x);
	ck_assert(!x->tx_pending);
	ck_assert_uint_eq(s.c->tx_kicks, 0);
	ck_assert_uint_eq(drain(kick_peer[1]), 0);
	ktx[1].flags = XDP_RING_NEED_WAKEUP;
	afudp_tx_kick(&s, x);
	ck_assert_uint_eq(s.c->tx_kicks, 1);
	ck_assert_uint_eq(drain(kick_peer[1]), 1);
	ck_assert_uint_eq(drain(kick_peer[0]), 0);
}
END_TEST

START_TEST(test_tx_ring_full)
{
	struct afudp_sxsk *x = &xs[0];
	static uint64_t a[XRING + 1];
	struct xdp_desc d[XRING];
	uint32_t i, nfree;

	for (i = 0; i <= XRING; i++)
		ck_assert_int_eq(afudp_tx_acquire(&s, x, false, &a[i]), 0);
	for (i = 0; i < XRING; i++)
		ck_assert_int_eq(afudp_tx_push(&s, x, a[i], 60, false), 0);
	ck_assert_uint_eq(s.c->tx_ring_full, 0);
	/* Full: refused at once, counted, and the kernel woken if asked. */
	ktx[0].flags = XDP_RING_NEED_WAKEUP;
	ck_assert_int_eq(afudp_tx_push(&s, x, a[XRING], 60, false), -EAGAIN);
	ck_assert_uint_eq(s.c->tx_ring_full, 1);
	ck_assert_uint_eq(s.c->tx_kicks, 1);
	ck_assert_uint_eq(drain(kick_peer[0]), 1);
	ck_assert_uint_eq(fake_ring_count(&ktx[0]), XRING);
	/* The kernel sends them all; the last one goes now. */
	ck_assert_uint_eq(fake_take_descs(&ktx[0], d, XRING), XRING);
	for (i = 0; i < XRING; i++)
		ck_assert_uint_eq(d[i].addr, a[i]);
	ck_assert_int_eq(afudp_tx_push(&s, x, a[XRING], 60, false), 0);
	ck_assert_uint_eq(s.c->tx_ring_full, 1);
	/* Completed: all back in the pool. */
	nfree = qs[0].pool.nfree;
	fake_put_addrs(&kcomp[0], a, XRING);
	afudp_queue_reap(&qs[0]);
	ck_assert_uint_eq(qs[0].pool.nfree, nfree + XRING);
	ck_assert_uint_eq(qs[0].pool.bad_put, 0);
}
END_TEST

/* No frame free: a non-blocking acquire kicks once, then gives up. */
START_TEST(test_tx_acquire_empty)
{
	static uint64_t held[FRAMES];
	struct afudp_sxsk *x = &xs[0];
	uint32_t nheld;
	uint64_t a;

	nheld = afudp_pool_get(&qs[0].pool, held, FRAMES);
	ktx[0].flags = XDP_RING_NEED_WAKEUP;
	ck_assert_int_eq(afudp_tx_acquire(&s, x, false, &a), -EAGAIN);
	ck_assert_uint_eq(s.c->tx_kicks, 1);
	/* A completion is enough. */
	fake_put_addrs(&kcomp[0], &held[--nheld], 1);
	ck_assert_int_eq(afudp_tx_acquire(&s, x, false, &a), 0);
	ck_assert_uint_eq(a, held[nheld]);
	afudp_tx_release(x, a);
	afudp_pool_put(&qs[0].pool, held, nheld);
	ck_assert_uint_eq(qs[0].pool.bad_put, 0);
}
END_TEST

/* ---- conservation ------------------------------------------------------- */

/* Frames outside the rings, pool and caches, by where the test keeps them. */
enum place { TX_HELD, INFLIGHT, NPLACES };

static struct {
	uint64_t addr[FRAMES];
	uint32_t n;
} at[NX][NPLACES];

static struct afudp_zc_msg lent[XRING];
static unsigned int nlent;

static bool pick(unsigned int xi, enum place p, uint64_t *out)
{
	uint32_t j;

	if (!at[xi][p].n)
		return false;
	j = rand() % at[xi][p].n;
	*out = at[xi][p].addr[j];
	at[xi][p].addr[j] = at[xi][p].addr[--at[xi][p].n];
	return true;
}

static void put(unsigned int xi, enum place p, uint64_t a)
{
	at[xi][p].addr[at[xi][p].n++] = a;
}

/* As in check_queue.c: assert only on failure, it runs for every frame. */
static void mark(unsigned char *seen, struct afudp_queue *q, uint64_t a)
{
	if (a >= q->area_size || seen[a >> SHIFT]++)
		ck_abort_msg("queue %u: frame %llu foreign or in two places",
			     q->qid, (unsigned long long)(a >> SHIFT));
}

static void ring_marks(unsigned char *seen, struct afudp_queue *q,
		       struct fake_ring *k, bool descs)
{
	uint32_t i;

	for (i = k->cons; i != k->prod; i++)
		mark(seen, q, descs ? k->desc[fake_ring_slot(k, i)].addr :
				      k->addr[fake_ring_slot(k, i)]);
}

/* Every frame of every queue in exactly one place. */
static void books(void)
{
	unsigned int xi, i, p;

	for (xi = 0; xi < NX; xi++) {
		struct afudp_queue *q = &qs[xi];
		unsigned char seen[FRAMES] = { 0 };
		uint32_t total = 0;

		for (i = 0; i < q->pool.nfree; i++)
			mark(seen, q, q->pool.free[i]);
		for (i = 0; i < xs[xi].cache.n; i++)
			mark(seen, q, xs[xi].cache.addr[i]);
		ring_marks(seen, q, &kfill[xi], false);
		ring_marks(seen, q, &kcomp[xi], false);
		ring_marks(seen, q, &krx[xi], true);
		ring_marks(seen, q, &ktx[xi], true);
		for (p = 0; p < NPLACES; p++)
			for (i = 0; i < at[xi][p].n; i++)
				mark(seen, q, at[xi][p].addr[i]);
		for (i = 0; i < nlent; i++)
			if ((lent[i].handle >> H_XSK_SHIFT) == xi)
				mark(seen, q, lent[i].handle & H_ADDR_MASK);
		for (i = 0; i < FRAMES; i++)
			total += seen[i];
		ck_assert_uint_eq(total, FRAMES);
		ck_assert_uint_eq(q->pool.bad_put, 0);
		ck_assert_uint_eq(q->rx_out, fake_ring_count(&kfill[xi]) +
						     fake_ring_count(&krx[xi]));
		ck_assert_uint_le(q->rx_out, q->rx_budget);
	}
}

START_TEST(test_random_conservation)
{
	static const enum spoil spoils[] = { GOOD, GOOD, GOOD, BAD_UDP_CSUM,
					     WRONG_PORT, TRUNCATED };
	struct xdp_desc d[8];
	struct afudp_zc_msg m[8];
	unsigned int step, xi, i, n;
	char p[64], b[64];
	uint64_t a;
	int r;

	memset(at, 0, sizeof(at));
	nlent = 0;
	srand(20240612);
	payload_of(3, p, sizeof(p));
	for (step = 0; step < 20000; step++) {
		struct afudp_sxsk *x;

		xi = rand() % NX;
		x = &xs[xi];
		kfill[xi].flags = rand() % 4 ? 0 : XDP_RING_NEED_WAKEUP;
		ktx[xi].flags = rand() % 4 ? 0 : XDP_RING_NEED_WAKEUP;
		switch (rand() % 11) {
		case 0: /* the kernel receives, if it has a frame and room */
			n = rand() % 8;
			for (i = 0; i < n && fake_ring_count(&kfill[xi]) &&
				    fake_ring_count(&krx[xi]) < XRING;
			     i++)
				kernel_rx(xi, p, 1 + rand() % sizeof(p),
					  spoils[rand() % 6]);
			break;
		case 1: /* a copying receive */
			r = afudp_recvfrom(&s, b, sizeof(b), MSG_DONTWAIT,
					   NULL, NULL);
			ck_assert(r > 0 || r == -EAGAIN);
			break;
		case 2: /* a zero-copy receive, held */
			n = 1 + rand() % 8;
			if (n > XRING - nlent)
				n = XRING - nlent;
			if (!n)
				break;
			r = afudp_zc_recv(&s, lent + nlent, n, MSG_DONTWAIT);
			ck_assert(r > 0 || r == -EAGAIN);
			if (r > 0)
				nlent += r;
			break;
		case 3: /* ... released */
			for (n = 0; n < 8 && nlent; n++) {
				i = rand() % nlent;
				m[n] = lent[i];
				lent[i] = lent[--nlent];
			}
			ck_assert_int_eq(afudp_zc_release(&s, m, n), 0);
			break;
		case 4: /* a frame to send */
			if (!afudp_tx_acquire(&s, x, false, &a))
				put(xi, TX_HELD, a);
			break;
		case 5: /* pushed, as a datagram of some length */
			if (!pick(xi, TX_HELD, &a))
				break;
			if (afudp_tx_push(&s, x, a, 60 + rand() % 1000, false))
				put(xi, TX_HELD, a);
			break;
		case 6: /* not sent after all */
			if (pick(xi, TX_HELD, &a))
				afudp_tx_release(x, a);
			break;
		case 7: /* the kernel sends */
			n = fake_take_descs(&ktx[xi], d, 1 + rand() % 8);
			for (i = 0; i < n; i++)
				put(xi, INFLIGHT, d[i].addr);
			break;
		case 8: /* ... and completes, as far as the ring has room */
			for (i = 0; i < 8 && fake_ring_count(&kcomp[xi]) < RING;
			     i++) {
				if (!pick(xi, INFLIGHT, &a))
					break;
				fake_put_addrs(&kcomp[xi], &a, 1);
			}
			break;
		case 9:
			afudp_queue_reap(x->q);
			break;
		default:
			afudp_tx_kick(&s, x);
			break;
		}
		books();
	}
	/* Everything back: all frames free or waiting in the fill rings. */
	ck_assert_int_eq(afudp_zc_release(&s, lent, nlent), 0);
	nlent = 0;
	/*
	 * A bad frame at the head of a ring makes a one-datagram receive
	 * say -EAGAIN with datagrams behind it: read until the rings are
	 * empty too.
	 */
	while (afudp_recvfrom(&s, b, sizeof(b), MSG_DONTWAIT, NULL, NULL) !=
		       -EAGAIN ||
	       fake_ring_count(&krx[0]) || fake_ring_count(&krx[1]))
		;
	for (xi = 0; xi < NX; xi++) {
		while (pick(xi, TX_HELD, &a))
			afudp_tx_release(&xs[xi], a);
		while ((n = fake_take_descs(&ktx[xi], d, 8)))
			for (i = 0; i < n; i++)
				put(xi, INFLIGHT, d[i].addr);
		while (pick(xi, INFLIGHT, &a)) {
			fake_put_addrs(&kcomp[xi], &a, 1);
			afudp_queue_reap(&qs[xi]);
		}
		afudp_queue_reap(&qs[xi]);
		afudp_queue_detach(&qs[xi], &xs[xi].cache);
		afudp_queue_attach(&qs[xi], &xs[xi].cache);
	}
	books();
	for (xi = 0; xi < NX; xi++) {
		ck_assert_uint_eq(qs[xi].pool.nfree +
					  fake_ring_count(&kfill[xi]),
				  FRAMES);
		ck_assert_uint_eq(qs[xi].rx_out, fake_ring_count(&kfill[xi]));
	}
	ck_assert_uint_eq(s.zc_held, 0);
	drain(kick_peer[0]);
	drain(kick_peer[1]);
}
END_TEST

Suite *dp_suite(void)
{
	Suite *su = suite_create("dp");
	TCase *rx = tcase_create("rx");
	TCase *tx = tcase_create("tx");
	TCase *all = tcase_create("conservation");

	tcase_add_checked_fixture(rx, setup, teardown);
	tcase_set_timeout(rx, STEP_TIMEOUT);
	tcase_add_test(rx, test_rx_valid);
	tcase_add_test(rx, test_rx_bad_frames);
	tcase_add_test(rx, test_rx_rotates);
	tcase_add_test(rx, test_rx_kern_when_empty);
	tcase_add_test(rx, test_rx_eagain);
	tcase_add_test(rx, test_rx_kern_cadence);
	tcase_add_test(rx, test_recvfrom_kern_not_starved);
	tcase_add_test(rx, test_recvfrom);
	tcase_add_test(rx, test_recvmmsg);
	tcase_add_test(rx, test_recvmsg_cmsg);
	tcase_add_test(rx, test_recvfrom_ts);
	tcase_add_test(rx, test_rx_tsflags);
	tcase_add_test(rx, test_recvmsg_gro);
	tcase_add_test(rx, test_zc_recv_release);
	tcase_add_test(rx, test_rx_vlan);
	tcase_add_test(rx, test_rx_chain);
	suite_add_tcase(su, rx);

	tcase_add_checked_fixture(tx, setup, teardown);
	tcase_set_timeout(tx, STEP_TIMEOUT);
	tcase_add_test(tx, test_tx_acquire_push);
	tcase_add_test(tx, test_tx_ctl_parse);
	tcase_add_test(tx, test_tx_ctl_parse6);
	tcase_add_test(tx, test_tx_ctl_parse_gso);
	tcase_add_test(tx, test_tx_kick);
	tcase_add_test(tx, test_tx_ring_full);
	tcase_add_test(tx, test_tx_acquire_empty);
	tcase_add_test(tx, test_capture);
	tcase_add_test(tx, test_tx_vlan);
	suite_add_tcase(su, tx);

	tcase_add_checked_fixture(all, setup, teardown);
	tcase_set_timeout(all, STEP_TIMEOUT);
	tcase_add_test(all, test_random_conservation);
	suite_add_tcase(su, all);
	return su;
}
