// SPDX-License-Identifier: BSD-2-Clause
/*
 * UDP GSO and GRO, afudp against the kernel, for gso.sh. Run in namespace
 * A of a bed (lib.sh); namespace B's sockets are made here too (setns),
 * so one process drives both sides:
 *
 *   gsoprog IFACE NS_B IP_A IP_B
 *
 * Built twice: gsoprog calls libafudp; gsoplain (GSO_PLAIN) is an ordinary
 * socket program for afudp-run, its port PA selected: the same checks
 * then go through libafudp-preload, namespace A's kernel UDP counters
 * standing in for afudp's around what the afudp socket does alone.
 *
 * Side by side in A: an afudp socket (port PA) and a kernel UDP socket
 * (port PK), each asked the same.
 *
 * Send (UDP_SEGMENT): both send the same payload with the same segment
 * size (control message, socket option, sendmmsg) to B, where an
 * AF_PACKET socket captures the frames: the count, each datagram's size
 * and payload bytes, and the IPv4 TOS, TTL and DF/fragment bits of each
 * must be equal. Errors (a segment over the MTU, a bad control message,
 * more segments than the kernel's limit): the same result from both.
 *
 * Receive (UDP_GRO): B sends the same trains (UDP_SEGMENT sends, which B
 * segments in software: veth drops its GSO features when the peer has an
 * XDP program) to both; each read from both sockets, with a 64 KiB buffer,
 * must give the same length, source, payload, msg_flags and control
 * messages (UDP_GRO's segment size) byte for byte.
 *
 * The afudp socket's counters say the fast path carried them.
 * Prints "PASS what" or "FAIL what: why" per check, then "DONE".
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/udp.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/ip.h>
#include <sys/socket.h>

#ifndef GSO_PLAIN
#include "afudp.h"
#endif
#include "check.h"

#define PA 17200 /* afudp socket */
#define PK 17201 /* kernel socket, namespace A */
#define PB 17202 /* receiver in namespace B */
#define PB1 17203 /* B's senders: two flows */
#define PB2 17204
#define CTL 128
#define WAIT_MS 2000
#define MAXSEG 160
#define BIG 65536

#ifndef GSO_PLAIN
static struct afudp_stack *st;
static struct afudp_socket *as;
#else
static int afd = -1; /* the socket the preload serves */
#endif
static int ks, rxb, txb1, txb2, cap;
static struct in_addr ip_a, ip_b;
static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ll + ts.tv_nsec / 1000000;
}

/* ---- side A: the afudp socket, through libafudp or the preload --------- */

#ifndef GSO_PLAIN
#define a_fd() afudp_socket_fd(as)
#define a_sendmsg(m) afudp_sendmsg(as, m, 0)
#define a_sendmmsg(mm, n) afudp_sendmmsg(as, mm, n, 0)
#define a_recvmsg(m) afudp_recvmsg(as, m, MSG_DONTWAIT)

static int a_setopt(int level, int name, int val)
{
	return afudp_setsockopt(as, level, name, &val, sizeof(val));
}

/* The afudp socket's datagrams through its kernel socket, each way. */
static void stats(uint64_t *rx_slow, uint64_t *tx_slow)
{
	AFUDP_OPTS_INIT(afudp_socket_stats, s);

	afudp_socket_stats(as, &s);
	*rx_slow = s.rx_slow;
	*tx_slow = s.tx_slow;
}
#else
static ssize_t neg(ssize_t r)
{
	return r < 0 ? -errno : r;
}

#define a_fd() afd
#define a_sendmsg(m) neg(sendmsg(afd, m, 0))
#define a_sendmmsg(mm, n) (int)neg(sendmmsg(afd, mm, n, 0))
#define a_recvmsg(m) neg(recvmsg(afd, m, MSG_DONTWAIT))

static int a_setopt(int level, int name, int val)
{
	return (int)neg(setsockopt(afd, level, name, &val, sizeof(val)));
}

/*
 * No afudp counters in a preloaded program: namespace A's kernel UDP
 * counters stand in, read around what the afudp socket alone does (the
 * fast path never reaches them).
 */
static void stats(uint64_t *rx_slow, uint64_t *tx_slow)
{
	*rx_slow = snmp_udp("InDatagrams");
	*tx_slow = snmp_udp("OutDatagrams");
}
#endif

static void opt_both(int level, int name, int val)
{
	int err = a_setopt(level, name, val);

	if (err || setsockopt(ks, level, name, &val, sizeof(val))) {
		errno = err ? -err : errno;
		die("setsockopt");
	}
}

/* A message to @to of @iov with a UDP_SEGMENT control message if @gso. */
struct gmsg {
	struct msghdr m;
	struct iovec iov;
	union {
		uint8_t b[CMSG_SPACE(sizeof(uint32_t))];
		struct cmsghdr align;
	} u;
};

static void gmsg_init(struct gmsg *g, struct sockaddr_in *to, const void *p,
		      size_t len, int gso, size_t cmsg_data_len)
{
	struct cmsghdr *h;

	memset(g, 0, sizeof(*g));
	g->iov.iov_base = (void *)p;
	g->iov.iov_len = len;
	g->m.msg_name = to;
	g->m.msg_namelen = sizeof(*to);
	g->m.msg_iov = &g->iov;
	g->m.msg_iovlen = 1;
	if (gso < 0)
		return;
	g->m.msg_control = g->u.b;
	g->m.msg_controllen = CMSG_SPACE(cmsg_data_len);
	h = CMSG_FIRSTHDR(&g->m);
	h->cmsg_level = SOL_UDP;
	h->cmsg_type = UDP_SEGMENT;
	h->cmsg_len = CMSG_LEN(cmsg_data_len);
	if (cmsg_data_len == sizeof(uint16_t)) {
		uint16_t v = (uint16_t)gso;

		memcpy(CMSG_DATA(h), &v, sizeof(v));
	} else {
		uint32_t v = (uint32_t)gso;

		memcpy(CMSG_DATA(h), &v, sizeof(v));
	}
}

/* ---- sending --------------------------------------------------------------- */

/* The datagrams captured in B from one source port. */
struct train {
	unsigned int n;
	size_t len[MAXSEG];
	size_t frame[MAXSEG]; /* bytes captured: padding too */
	struct iphdr ip[MAXSEG];
	size_t total;
	uint8_t data[BIG * 2];
};

static struct train ta, tk;

/*
 * Capture datagrams to PB until the afudp socket's train holds @want_a
 * bytes and the kernel socket's @want_k, or WAIT_MS.
 */
static void capture(size_t want_a, size_t want_k)
{
	int64_t end = now_ms() + WAIT_MS;
	static uint8_t f[BIG + 64];

	ta.n = tk.n = 0;
	ta.total = tk.total = 0;
	while ((ta.total < want_a || tk.total < want_k) && now_ms() < end) {
		struct train *t;
		struct iphdr ip;
		struct udphdr u;
		ssize_t n;
		size_t pl;

		n = cap_next(cap, f, sizeof(f), PB, &ip, &u);
		if (n < 0)
			continue;
		t = ntohs(u.source) == PA ? &ta :
		    ntohs(u.source) == PK ? &tk :
					    NULL;
		if (!t || t->n == MAXSEG)
			continue;
		pl = ntohs(u.len) - sizeof(u);
		if (pl > (size_t)n - 28 || t->total + pl > sizeof(t->data))
			continue;
		t->len[t->n] = pl;
		t->frame[t->n] = (size_t)n;
		t->ip[t->n++] = ip;
		memcpy(t->data + t->total, f + 28, pl);
		t->total += pl;
	}
}

/* Drain what B received, so one case's datagrams stay out of the next. */
static void drain_b(void)
{
	static uint8_t b[BIG];

	usleep(50000);
	while (recv(rxb, b, sizeof(b), MSG_DONTWAIT) >= 0 ||
	       recv(cap, b, sizeof(b), MSG_DONTWAIT) >= 0)
		;
}

static void dump_train(const char *who, const struct train *t)
{
	unsigned int i;

	if (t->n)
		printf("# %s: first: tos %#x ttl %u frag %#x\n", who,
		       t->ip[0].tos, t->ip[0].ttl, ntohs(t->ip[0].frag_off));
	printf("# %s: %u datagrams, %zu bytes:", who, t->n, t->total);
	for (i = 0; i < t->n && i < 70; i++)
		printf(" %zu", t->len[i]);
	printf("\n");
}

/* Compare the captured trains with each other and with @p (@len bytes). */
static const char *same_trains(const uint8_t *p, size_t len, unsigned int n)
{
	unsigned int i;

	if (ta.n != tk.n)
		return "datagram count";
	if (ta.n != n)
		return "datagram count (both) not the segments asked for";
	for (i = 0; i < ta.n; i++) {
		if (ta.len[i] != tk.len[i])
			return "a datagram's size";
		if (ta.frame[i] != tk.frame[i] ||
		    ntohs(ta.ip[i].tot_len) != ta.frame[i])
			return "a frame's length";
		if (ta.ip[i].tos != tk.ip[i].tos ||
		    ta.ip[i].ttl != tk.ip[i].ttl ||
		    ta.ip[i].frag_off != tk.ip[i].frag_off)
			return "a datagram's TOS, TTL or DF bits";
	}
	if (ta.total != len || tk.total != len)
		return "bytes";
	if (memcmp(ta.data, p, len) || memcmp(tk.data, p, len))
		return "payload bytes";
	return NULL;
}

static struct sockaddr_in to_b(void)
{
	struct sockaddr_in to = { .sin_family = AF_INET,
				  .sin_addr = ip_b,
				  .sin_port = htons(PB) };
	return to;
}

enum how { BY_CMSG, BY_OPT, BY_MMSG };

/*
 * Both send @len bytes as @gso-byte segments (@how), B captures: the
 * same datagrams from both.
 */
static void tx_case(const char *what, size_t len, int gso, enum how how)
{
	static uint8_t p[BIG];
	static unsigned int seq;
	struct sockaddr_in to = to_b();
	unsigned int nseg = len ? (len + gso - 1) / gso : 1;
	struct gmsg g[2];
	struct mmsghdr mm[2];
	const char *e;
	ssize_t ra, rk;
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(i * 7 + seq);
	seq++;
	if (how == BY_OPT)
		opt_both(SOL_UDP, UDP_SEGMENT, gso);
	if (how == BY_MMSG) {
		/* Two messages, the halves: twice the datagrams. */
		gmsg_init(&g[0], &to, p, len / 2, gso, sizeof(uint16_t));
		gmsg_init(&g[1], &to, p + len / 2, len - len / 2, gso,
			  sizeof(uint16_t));
		memset(mm, 0, sizeof(mm));
		mm[0].msg_hdr = g[0].m;
		mm[1].msg_hdr = g[1].m;
		ra = a_sendmmsg(mm, 2);
		memset(mm, 0, sizeof(mm));
		mm[0].msg_hdr = g[0].m;
		mm[1].msg_hdr = g[1].m;
		rk = sendmmsg(ks, mm, 2, 0);
		rk = rk < 0 ? -errno : rk;
		nseg = (len / 2 + gso - 1) / gso +
		       (len - len / 2 + gso - 1) / gso;
	} else {
		gmsg_init(&g[0], &to, p, len, how == BY_CMSG ? gso : -1,
			  sizeof(uint16_t));
		ra = a_sendmsg(&g[0].m);
		rk = sendmsg(ks, &g[0].m, 0);
		rk = rk < 0 ? -errno : rk;
	}
	if (how == BY_OPT)
		opt_both(SOL_UDP, UDP_SEGMENT, 0);
	if (ra < 0 || rk < 0 || ra != rk) {
		result(false, what, "send: afudp %zd, kernel %zd", ra, rk);
		drain_b();
		return;
	}
	capture(len, len);
	e = same_trains(p, len, nseg);
	if (e) {
		dump_train("afudp", &ta);
		dump_train("kernel", &tk);
	}
	result(!e, what, "%s", e);
	drain_b();
}

/* Both send @len bytes with a UDP_SEGMENT message of @gso (@dl bytes). */
static void tx_err_case(const char *what, size_t len, int gso, size_t dl)
{
	static uint8_t p[BIG];
	struct sockaddr_in to = to_b();
	struct gmsg g;
	ssize_t ra, rk;

	gmsg_init(&g, &to, p, len, gso, dl);
	ra = a_sendmsg(&g.m);
	rk = sendmsg(ks, &g.m, 0);
	rk = rk < 0 ? -errno : rk;
	printf("# %s: kernel %zd (%s), afudp %zd\n", what, rk,
	       rk < 0 ? strerror((int)-rk) : "sent", ra);
	result(ra == rk, what, "afudp %zd, kernel %zd", ra, rk);
	drain_b();
}

/* Until afudp sends to B on the fast path (the neighbour is known). */
static void tx_warm(void)
{
	int64_t end = now_ms() + 5000;
	struct sockaddr_in to = to_b();
	uint64_t rx, s0, s1;
	struct gmsg g;

	gmsg_init(&g, &to, "warm", 4, -1, 0);
	/* The kernel socket's send resolves B's MAC. */
	sendto(ks, "warm", 4, 0, (struct sockaddr *)&to, sizeof(to));
	do {
		stats(&rx, &s0);
		a_sendmsg(&g.m);
		stats(&rx, &s1);
		if (s1 == s0 && s0)
			break;
		usleep(20000);
	} while (now_ms() < end);
	drain_b();
}

/*
 * The afudp socket alone sends a train: on the wire in B, and nothing
 * through its kernel socket (afudp's counter, or the preloaded program's
 * kernel UDP counters, which the kernel socket's sends would move too).
 */
static void tx_solo(void)
{
	static uint8_t p[5000];
	struct sockaddr_in to = to_b();
	uint64_t rx, s0, s1;
	struct gmsg g;
	ssize_t r;

	gmsg_init(&g, &to, p, sizeof(p), 1200, sizeof(uint16_t));
	stats(&rx, &s0);
	r = a_sendmsg(&g.m);
	stats(&rx, &s1);
	capture(sizeof(p), 0);
	result(r == sizeof(p) && ta.n == 5 && s1 == s0,
	       "a train from the afudp socket alone: 5 on the wire, none through the kernel",
	       "sent %zd, %u seen, slow %llu -> %llu", r, ta.n,
	       (unsigned long long)s0, (unsigned long long)s1);
	drain_b();
}

static void tx_tests(void)
{
	uint64_t rx, slow0, slow1;

	tx_warm();
	tx_solo();
	stats(&rx, &slow0);
	tx_case("UDP_SEGMENT message, 5000 in 1200s: the kernel's datagrams",
		5000, 1200, BY_CMSG);
	tx_case("UDP_SEGMENT message, 1400 in 400s (train within the MTU: DF): the kernel's",
		1400, 400, BY_CMSG);
	tx_case("UDP_SEGMENT message, 4000 in 1000s (all equal): the kernel's",
		4000, 1000, BY_CMSG);
	tx_case("UDP_SEGMENT message, 1472-byte segments (the MTU's): the kernel's",
		10000, 1472, BY_CMSG);
	tx_case("UDP_SEGMENT message, 64 segments of 1000: the kernel's", 63500,
		1000, BY_CMSG);
	tx_case("UDP_SEGMENT message, 700 bytes in 1000s (one): the kernel's",
		700, 1000, BY_CMSG);
	tx_case("UDP_SEGMENT option, 3500 in 1000s: the kernel's", 3500, 1000,
		BY_OPT);
	tx_case("UDP_SEGMENT option, sendto-sized 1 byte: the kernel's", 1,
		1000, BY_OPT);
	tx_case("sendmmsg, two UDP_SEGMENT messages: the kernel's", 6001, 900,
		BY_MMSG);
	stats(&rx, &slow1);
#ifndef GSO_PLAIN
	result(slow1 == slow0, "segmented sends on the fast path (tx_slow)",
	       "tx_slow %llu -> %llu", (unsigned long long)slow0,
	       (unsigned long long)slow1);
#endif
	tx_err_case("segment over the MTU (1473 + 28): the kernel's result",
		    3000, 1473, sizeof(uint16_t));
	tx_err_case(
		"one datagram over the MTU with UDP_SEGMENT: the kernel's result",
		1600, 2000, sizeof(uint16_t));
	tx_err_case("UDP_SEGMENT message of 4 bytes: the kernel's EINVAL", 3000,
		    1000, sizeof(uint32_t));
	tx_err_case("129 segments: the kernel's result", 12900, 100,
		    sizeof(uint16_t));
	tx_err_case("65 segments: the kernel's result", 6500, 100,
		    sizeof(uint16_t));
}

/* ---- receiving ----------------------------------------------------------- */

struct rcv {
	ssize_t n;
	int flags;
	size_t ctllen;
	struct sockaddr_in from;
	uint8_t ctl[CTL];
	uint8_t data[BIG];
};

static struct rcv ra, rk;

/* recvmsg(2) on the kernel socket, errors as -errno. */
static ssize_t k_recvmsg(struct msghdr *m)
{
	ssize_t n = recvmsg(ks, m, MSG_DONTWAIT);

	return n < 0 ? -errno : n;
}

/* One read from the afudp (@afudp) or kernel socket, within WAIT_MS. */
static int rcv_one(bool afudp, struct rcv *r)
{
	int64_t end = now_ms() + WAIT_MS;
	struct iovec iov = { r->data, sizeof(r->data) };
	struct pollfd p = { .fd = afudp ? a_fd() : ks, .events = POLLIN };
	struct msghdr m;
	ssize_t n;

	memset(r->ctl, 0xa5, sizeof(r->ctl));
	do {
		m = (struct msghdr){ .msg_name = &r->from,
				     .msg_namelen = sizeof(r->from),
				     .msg_iov = &iov,
				     .msg_iovlen = 1,
				     .msg_control = r->ctl,
				     .msg_controllen = CTL };
		n = afudp ? a_recvmsg(&m) : k_recvmsg(&m);
	} while (n == -EAGAIN && now_ms() <= end && poll(&p, 1, 10) >= 0);
	if (n < 0)
		return (int)n;
	r->n = n;
	r->flags = m.msg_flags;
	r->ctllen = m.msg_controllen;
	return 0;
}

/* The UDP_GRO segment size in @r's control messages, or 0. */
static int gro_size(const struct rcv *r)
{
	struct msghdr m = { .msg_control = (void *)r->ctl,
			    .msg_controllen = r->ctllen };
	struct cmsghdr *c;
	int v = 0;

	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_level == SOL_UDP && c->cmsg_type == UDP_GRO)
			memcpy(&v, CMSG_DATA(c), sizeof(v));
	return v;
}

/* B sends @len bytes from @fd to port @port as @gso-byte segments. */
static void b_train(int fd, uint16_t port, size_t len, int gso, uint8_t tag)
{
	static uint8_t p[BIG];
	struct sockaddr_in to = { .sin_family = AF_INET,
				  .sin_addr = ip_a,
				  .sin_port = htons(port) };
	struct gmsg g;
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(i * 3 + tag);
	gmsg_init(&g, &to, p, len, gso, sizeof(uint16_t));
	if (sendmsg(fd, &g.m, 0) != (ssize_t)len)
		die("B's train");
}

/* Read once from both, compare (@n: which read of the case). */
static const char *rx_compare(unsigned int n)
{
	const char *e = NULL;

	if (rcv_one(true, &ra))
		e = "afudp: nothing received";
	else if (rcv_one(false, &rk))
		e = "kernel: nothing received";
	else if (ra.n != rk.n || memcmp(ra.data, rk.data, ra.n))
		e = "length or payload";
	else if (ra.from.sin_addr.s_addr != rk.from.sin_addr.s_addr ||
		 ra.from.sin_port != rk.from.sin_port)
		e = "source";
	else if (ra.flags != rk.flags)
		e = "msg_flags";
	else if (ra.ctllen != rk.ctllen || memcmp(ra.ctl, rk.ctl, CTL))
		e = "control messages";
	printf("# read %u: afudp %zd bytes UDP_GRO %d, kernel %zd bytes UDP_GRO %d\n",
	       n, ra.n, gro_size(&ra), rk.n, gro_size(&rk));
	return e;
}

/*
 * B sends trains ({fd, len, gso} each) to both ports, then both read
 * @reads times: the same reads.
 */
struct btrain {
	int *fd;
	size_t len;
	int gso;
};

static void rx_case(const char *what, const struct btrain *t, unsigned int nt,
		    unsigned int reads, int want_gro)
{
	const char *e = NULL;
	unsigned int i;

	for (i = 0; i < nt; i++)
		b_train(*t[i].fd, PA, t[i].len, t[i].gso, (uint8_t)i);
	for (i = 0; i < nt; i++)
		b_train(*t[i].fd, PK, t[i].len, t[i].gso, (uint8_t)i);
	usleep(20000);
	for (i = 0; i < reads && !e; i++)
		e = rx_compare(i);
	/* The kernel coalesced: what is compared is GRO, not its absence. */
	if (!e && gro_size(&rk) != want_gro)
		e = "the kernel's UDP_GRO segment size not the expected";
	result(!e, what, "%s", e);
}

static void rx_tests(void)
{
	const struct btrain one[] = { { &txb1, 4500, 1000 } };
	const struct btrain equal[] = { { &txb1, 4000, 1000 } };
	const struct btrain flows[] = { { &txb1, 3000, 1000 },
					{ &txb2, 3000, 1000 } };
	const struct btrain two[] = { { &txb1, 3500, 1000 },
				      { &txb1, 2000, 1000 } };
	const struct btrain single[] = { { &txb1, 700, 1000 } };
	const struct btrain big[] = { { &txb1, 60000, 1200 } };
	uint64_t slow0, slow1, tx;
	int err;

	opt_both(SOL_UDP, UDP_GRO, 1);
	stats(&slow0, &tx);
	rx_case("UDP_GRO, a train of 4 x 1000 + 500: the kernel's read", one, 1,
		1, 1000);
	rx_case("UDP_GRO, a train of 4 x 1000: the kernel's read", equal, 1, 1,
		1000);
	rx_case("UDP_GRO, two flows' trains: read apart, as the kernel", flows,
		2, 2, 1000);
	rx_case("UDP_GRO, a shorter datagram ends the train, as the kernel",
		two, 2, 2, 1000);
	rx_case("UDP_GRO, one datagram: no UDP_GRO message, as the kernel",
		single, 1, 1, 0);
	rx_case("UDP_GRO, 50 x 1200: one read, as the kernel", big, 1, 1, 1200);
	opt_both(IPPROTO_IP, IP_RECVTTL, 1);
	rx_case("UDP_GRO and IP_RECVTTL: the same messages, in the kernel's order",
		one, 1, 1, 1000);
	opt_both(IPPROTO_IP, IP_RECVTTL, 0);
	stats(&slow1, &tx);
#ifndef GSO_PLAIN
	result(slow1 == slow0, "trains came on the fast path (rx_slow)",
	       "rx_slow %llu -> %llu", (unsigned long long)slow0,
	       (unsigned long long)slow1);
#endif
	/* Alone: the preloaded program's counters say it too. */
	stats(&slow0, &tx);
	b_train(txb1, PA, 4500, 1000, 9);
	usleep(20000);
	err = rcv_one(true, &ra);
	stats(&slow1, &tx);
	result(!err && ra.n == 4500 && gro_size(&ra) == 1000 && slow1 == slow0,
	       "a train to the afudp socket alone: one read, none through the kernel",
	       "err %d, %zd bytes, UDP_GRO %d, slow %llu -> %llu", err, ra.n,
	       gro_size(&ra), (unsigned long long)slow0,
	       (unsigned long long)slow1);
	opt_both(SOL_UDP, UDP_GRO, 0);
	rx_case("UDP_GRO off: datagrams apart, no message, as the kernel", one,
		1, 5, 0);
}

/* ---- set-up -------------------------------------------------------------- */

int main(int argc, char **argv)
{
	struct sockaddr_ll ll = { .sll_family = AF_PACKET,
				  .sll_protocol = htons(ETH_P_IP) };
	struct sockaddr_in any = { .sin_family = AF_INET };
	int self, rcvbuf, err;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 5) {
		fprintf(stderr, "usage: %s IFACE NS_B IP_A IP_B\n", argv[0]);
		return 2;
	}
	if (!inet_aton(argv[3], &ip_a) || !inet_aton(argv[4], &ip_b))
		return 2;
	/* Namespace B's sockets first, before afudp starts its threads. */
	self = ns_enter(argv[2]);
	rxb = udp_on(ip_b, PB);
	txb1 = udp_on(ip_b, PB1);
	txb2 = udp_on(ip_b, PB2);
	/* Cooked: frames from the IPv4 header on. */
	cap = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK, htons(ETH_P_IP));
	ll.sll_ifindex = (int)if_nametoindex("vb");
	/* Room for two 64-segment trains at once. */
	rcvbuf = 8 << 20;
	setsockopt(cap, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf));
	if (cap < 0 || bind(cap, (struct sockaddr *)&ll, sizeof(ll)))
		die("namespace B capture");
	ns_leave(self);

	any.sin_port = htons(PA);
#ifndef GSO_PLAIN
	as = afudp_on(argv[1], &st);
	err = afudp_bind(as, (struct sockaddr *)&any, sizeof(any));
#else
	afd = socket(AF_INET, SOCK_DGRAM, 0);
	if (afd < 0)
		die("socket");
	err = bind(afd, (struct sockaddr *)&any, sizeof(any)) ? -errno : 0;
#endif
	if (err) {
		errno = -err;
		die("bind PA");
	}
	ks = udp_on(any.sin_addr, PK);
	printf("# ready\n");

	tx_tests();
	rx_tests();

#ifndef GSO_PLAIN
	afudp_close(as);
	afudp_stack_close(st);
#else
	close(afd);
#endif
	printf("DONE\n");
	return failed ? 1 : 0;
}
