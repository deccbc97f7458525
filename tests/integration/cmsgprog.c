// SPDX-License-Identifier: BSD-2-Clause
/*
 * Control messages, afudp against the kernel, for cmsg.sh. Run in
 * namespace A of a bed (lib.sh); namespace B's sockets are made here too
 * (setns), so one process drives both sides without synchronisation:
 *
 *   cmsgprog IFACE NS_B IP_A IP_A2 IP_B
 *
 * Built twice: cmsgprog calls libafudp; cmsgplain (CMSG_PLAIN) is an
 * ordinary socket program for afudp-run, its port PA selected: the same
 * checks then go through libafudp-preload, namespace A's kernel UDP
 * counters standing in for afudp's (a_stats()), and the fd must be served.
 *
 * Side by side in A: an afudp socket (port PA) and a kernel UDP socket
 * (port PK), each option set on both the same way. B sends the same
 * datagrams (same TOS, TTL, payload) to both; the control messages each
 * delivers must be equal byte for byte, after two normalisations: the
 * timestamps (each must lie between the send and the receive, then they
 * are zeroed) and IP_ORIGDSTADDR's port (each its own, then zeroed).
 * Then the other way: both send with IP_PKTINFO/IP_TOS/IP_TTL (control
 * messages and socket options) to B, where an AF_PACKET socket captures
 * the frames: their IPv4 headers must agree (all but id and checksum).
 * The afudp socket's counters say the fast path carried them.
 *
 * Prints "PASS what" or "FAIL what: why" per check, then "DONE".
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
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
#include <linux/errqueue.h>
#include <linux/net_tstamp.h>
#include <linux/ip.h>
#include <netinet/udp.h>
#include <sys/socket.h>

#include <sys/stat.h>
#ifndef CMSG_PLAIN
#include "afudp.h"
#endif
#include "check.h"

#define PA 17100 /* afudp socket */
#define PK 17101 /* kernel socket, namespace A */
#define PB 17102 /* receiver in namespace B */
#define CTL 256
#define WAIT_MS 2000

#ifndef CMSG_PLAIN
static struct afudp_stack *st;
static struct afudp_socket *as;
#else
static int afd = -1; /* the socket the preload serves */
#endif
static int ks, txb, rxb, cap, ifindex;
static struct in_addr ip_a, ip_a2, ip_b;
static int64_t now_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

/* ---- side A: the afudp socket, through libafudp or the preload --------- */

#ifndef CMSG_PLAIN
static int a_fd(void)
{
	return afudp_socket_fd(as);
}

static int a_setopt(int level, int name, int val)
{
	return afudp_setsockopt(as, level, name, &val, sizeof(val));
}

static ssize_t a_recvmsg(struct msghdr *m, int flags)
{
	return afudp_recvmsg(as, m, flags);
}

static int a_recvmmsg(struct mmsghdr *mm, unsigned int n, int flags)
{
	return afudp_recvmmsg(as, mm, n, flags);
}

static ssize_t a_sendmsg(const struct msghdr *m)
{
	return afudp_sendmsg(as, m, 0);
}

/* The afudp socket's datagrams through its kernel socket, each way. */
static void a_stats(uint64_t *rx_slow, uint64_t *tx_slow)
{
	AFUDP_OPTS_INIT(afudp_socket_stats, s);

	afudp_socket_stats(as, &s);
	*rx_slow = s.rx_slow;
	*tx_slow = s.tx_slow;
}
#else
static int neg(ssize_t r)
{
	return r < 0 ? -errno : (int)r;
}

static int a_fd(void)
{
	return afd;
}

static int a_setopt(int level, int name, int val)
{
	return neg(setsockopt(afd, level, name, &val, sizeof(val)));
}

static ssize_t a_recvmsg(struct msghdr *m, int flags)
{
	return neg(recvmsg(afd, m, flags));
}

static int a_recvmmsg(struct mmsghdr *mm, unsigned int n, int flags)
{
	return neg(recvmmsg(afd, mm, n, flags, NULL));
}

static ssize_t a_sendmsg(const struct msghdr *m)
{
	return neg(sendmsg(afd, m, 0));
}

/*
 * No afudp counters in a preloaded program: namespace A's kernel UDP
 * counters stand in. Datagrams the fast path carries never reach them,
 * so what they count beyond the kernel socket's own (k_rx, k_tx) went
 * through the afudp socket's kernel socket: its slow path.
 */
static uint64_t k_rx, k_tx, snmp_in0, snmp_out0;

static void a_stats(uint64_t *rx_slow, uint64_t *tx_slow)
{
	*rx_slow = snmp_udp("InDatagrams") - snmp_in0 - k_rx;
	*tx_slow = snmp_udp("OutDatagrams") - snmp_out0 - k_tx;
}
#endif

/* The kernel socket received or sent @n datagrams (CMSG_PLAIN counts). */
static void k_count(uint64_t rx, uint64_t tx)
{
#ifdef CMSG_PLAIN
	k_rx += rx;
	k_tx += tx;
#else
	(void)rx;
	(void)tx;
#endif
}

/* ---- receiving ----------------------------------------------------------- */

struct rcv {
	ssize_t n;
	int flags;
	size_t ctllen;
	uint8_t ctl[CTL];
	char data[4096];
};

/* One datagram from the afudp (@afudp) or kernel socket, within WAIT_MS. */
static int rcv_one(bool afudp, size_t ctlsize, struct rcv *r)
{
	int64_t end = now_ns(CLOCK_MONOTONIC) + WAIT_MS * 1000000ll;
	struct iovec iov = { r->data, sizeof(r->data) };
	struct msghdr m;
	struct pollfd p = { .fd = afudp ? a_fd() : ks, .events = POLLIN };
	ssize_t n;

	memset(r->ctl, 0xa5, sizeof(r->ctl));
	for (;;) {
		memset(&m, 0, sizeof(m));
		m.msg_iov = &iov;
		m.msg_iovlen = 1;
		m.msg_control = ctlsize ? r->ctl : NULL;
		m.msg_controllen = ctlsize;
		if (afudp) {
			n = a_recvmsg(&m, MSG_DONTWAIT);
		} else {
			n = recvmsg(ks, &m, MSG_DONTWAIT);
			if (n < 0)
				n = -errno;
			else
				k_count(1, 0);
		}
		if (n >= 0)
			break;
		if (n != -EAGAIN || now_ns(CLOCK_MONOTONIC) > end)
			return (int)n;
		poll(&p, 1, 10);
	}
	r->n = n;
	r->flags = m.msg_flags;
	r->ctllen = m.msg_controllen;
	return 0;
}

/*
 * Check and blank what may differ: timestamps between @t0 and @t1 (both
 * CLOCK_REALTIME ns), IP_ORIGDSTADDR's port equal to @port. Returns an
 * error text or NULL.
 */
static const char *normalise(struct rcv *r, int64_t t0, int64_t t1,
			     uint16_t port)
{
	struct msghdr m = { .msg_control = r->ctl,
			    .msg_controllen = r->ctllen };
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
		size_t dl = c->cmsg_len - CMSG_LEN(0);
		int64_t t = -1;

		if (c->cmsg_level == SOL_SOCKET &&
		    c->cmsg_type == SO_TIMESTAMP &&
		    dl == sizeof(struct timeval)) {
			struct timeval tv;

			memcpy(&tv, CMSG_DATA(c), sizeof(tv));
			t = tv.tv_sec * 1000000000ll + tv.tv_usec * 1000ll;
			t0 -= t0 % 1000; /* microseconds, rounded down */
		} else if (c->cmsg_level == SOL_SOCKET &&
			   c->cmsg_type == SO_TIMESTAMPNS &&
			   dl == sizeof(struct timespec)) {
			struct timespec ts;

			memcpy(&ts, CMSG_DATA(c), sizeof(ts));
			t = ts.tv_sec * 1000000000ll + ts.tv_nsec;
		} else if (c->cmsg_level == SOL_SOCKET &&
			   c->cmsg_type == SO_TIMESTAMPING &&
			   dl == sizeof(struct scm_timestamping)) {
			struct scm_timestamping tss;

			/* veth has no device time: ts[1], ts[2] zero. */
			memcpy(&tss, CMSG_DATA(c), sizeof(tss));
			if (tss.ts[1].tv_sec || tss.ts[1].tv_nsec ||
			    tss.ts[2].tv_sec || tss.ts[2].tv_nsec)
				return "SCM_TIMESTAMPING ts[1] or ts[2] set";
			t = tss.ts[0].tv_sec * 1000000000ll +
			    tss.ts[0].tv_nsec;
		}
		if (c->cmsg_level == SOL_SOCKET) {
			if (t >= 0 && (t < t0 || t > t1))
				return "timestamp outside send..receive";
			memset(CMSG_DATA(c), 0, dl);
		}
		if (c->cmsg_level == IPPROTO_IP &&
		    c->cmsg_type == IP_ORIGDSTADDR && dl >= 4) {
			struct sockaddr_in *sin = (void *)CMSG_DATA(c);

			if (ntohs(sin->sin_port) != port)
				return "IP_ORIGDSTADDR port";
			sin->sin_port = 0;
		}
	}
	return NULL;
}

static void dump(const char *who, const struct rcv *r)
{
	size_t i;

	printf("# %s: n %zd flags %#x controllen %zu:", who, r->n, r->flags,
	       r->ctllen);
	for (i = 0; i < r->ctllen && i < CTL; i++)
		printf("%s%02x", i % 4 ? "" : " ", r->ctl[i]);
	printf("\n");
}

/* Compare @a (afudp) and @k (kernel) received between @t0 and @t1. */
static const char *same(struct rcv *a, struct rcv *k, int64_t t0, int64_t t1)
{
	const char *e;

	e = normalise(a, t0, t1, PA);
	if (!e)
		e = normalise(k, t0, t1, PK);
	if (!e && (a->n != k->n || memcmp(a->data, k->data, a->n)))
		e = "payload";
	if (!e && a->flags != k->flags)
		e = "msg_flags";
	if (!e && a->ctllen != k->ctllen)
		e = "msg_controllen";
	if (!e && memcmp(a->ctl, k->ctl, CTL))
		e = "control bytes";
	if (e) {
		dump("afudp", a);
		dump("kernel", k);
	}
	return e;
}

/* Set an option on both receiving sockets. */
static void opt_both(int level, int name, int val)
{
	int err = a_setopt(level, name, val);

	if (err || setsockopt(ks, level, name, &val, sizeof(val))) {
		errno = err ? -err : errno;
		die("setsockopt");
	}
}

static const int rx_opts[][2] = {
	{ IPPROTO_IP, IP_PKTINFO },   { IPPROTO_IP, IP_RECVTOS },
	{ IPPROTO_IP, IP_RECVTTL },   { IPPROTO_IP, IP_RECVORIGDSTADDR },
	{ SOL_SOCKET, SO_TIMESTAMP }, { SOL_SOCKET, SO_TIMESTAMPNS },
};
static const char *const rx_names[] = {
	"IP_PKTINFO",	      "IP_RECVTOS",   "IP_RECVTTL",
	"IP_RECVORIGDSTADDR", "SO_TIMESTAMP", "SO_TIMESTAMPNS",
};
#define N_RX_OPTS 6

static void all_off(void)
{
	int i;

	for (i = 0; i < N_RX_OPTS; i++)
		opt_both(rx_opts[i][0], rx_opts[i][1], 0);
}

/* B sends @len bytes to both ports, with this TOS and TTL. */
static void send_both(size_t len, int tos, int ttl, char tag)
{
	static char buf[4000];
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr = ip_a };

	memset(buf, tag, len);
	if (setsockopt(txb, IPPROTO_IP, IP_TOS, &tos, sizeof(tos)) ||
	    setsockopt(txb, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)))
		die("sender options");
	to.sin_port = htons(PA);
	if (sendto(txb, buf, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		die("sendto PA");
	to.sin_port = htons(PK);
	if (sendto(txb, buf, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		die("sendto PK");
}

/* One datagram of @len each way, received with @ctlsize, compared. */
static void rx_case(const char *what, size_t len, size_t ctlsize, int tos,
		    int ttl)
{
	static struct rcv a, k;
	int64_t t0 = now_ns(CLOCK_REALTIME), t1;
	const char *e = NULL;
	int ra, rk;

	send_both(len, tos, ttl, 'a' + (tos & 15));
	ra = rcv_one(true, ctlsize, &a);
	rk = rcv_one(false, ctlsize, &k);
	t1 = now_ns(CLOCK_REALTIME);
	if (ra || rk)
		e = ra ? "afudp: nothing received" : "kernel: nothing received";
	else
		e = same(&a, &k, t0, t1);
	result(!e, what, "%s", e);
}

/* recvmmsg: @n datagrams each, taken in batches, compared one by one. */
static void rx_mmsg_case(const char *what, unsigned int n)
{
	static struct rcv a[4], k[4];
	struct mmsghdr mm[4];
	struct iovec iov[4];
	int64_t t0 = now_ns(CLOCK_REALTIME), t1, end;
	const char *e = NULL;
	unsigned int i, ga = 0, gk = 0;
	int r;

	for (i = 0; i < n; i++)
		send_both(100 + i, 0x10, 50, 'm');
	end = now_ns(CLOCK_MONOTONIC) + WAIT_MS * 1000000ll;
	while ((ga < n || gk < n) && now_ns(CLOCK_MONOTONIC) < end) {
		for (int side = 0; side < 2; side++) {
			struct rcv *rv = side ? k : a;
			unsigned int *g = side ? &gk : &ga;

			if (*g == n)
				continue;
			memset(mm, 0, sizeof(mm));
			for (i = *g; i < n; i++) {
				memset(rv[i].ctl, 0xa5, CTL);
				iov[i].iov_base = rv[i].data;
				iov[i].iov_len = sizeof(rv[i].data);
				mm[i - *g].msg_hdr.msg_iov = &iov[i];
				mm[i - *g].msg_hdr.msg_iovlen = 1;
				mm[i - *g].msg_hdr.msg_control = rv[i].ctl;
				mm[i - *g].msg_hdr.msg_controllen = CTL;
			}
			if (side) {
				r = recvmmsg(ks, mm, n - *g, MSG_DONTWAIT,
					     NULL);
				k_count(r > 0 ? r : 0, 0);
			} else
				r = a_recvmmsg(mm, n - *g, MSG_DONTWAIT);
			for (i = 0; r > 0 && i < (unsigned int)r; i++) {
				rv[*g + i].n = mm[i].msg_len;
				rv[*g + i].flags = mm[i].msg_hdr.msg_flags;
				rv[*g + i].ctllen =
					mm[i].msg_hdr.msg_controllen;
			}
			if (r > 0)
				*g += r;
		}
		usleep(1000);
	}
	t1 = now_ns(CLOCK_REALTIME);
	if (ga < n || gk < n)
		e = "not all received";
	for (i = 0; !e && i < n; i++)
		e = same(&a[i], &k[i], t0, t1);
	result(!e, what, "%s", e);
}

static void rx_tests(void)
{
	char what[128];
	uint64_t slow, tx;
	size_t sizes[] = { 0, 8, 16, 20, 28, 32, 40, 52, 60, 80 };
	unsigned int i;
	const char *e = NULL;

	rx_case("no control messages asked for: none given", 64, CTL, 0x20, 64);
	for (i = 0; i < N_RX_OPTS; i++) {
		opt_both(rx_opts[i][0], rx_opts[i][1], 1);
		snprintf(what, sizeof(what), "%s alone: as the kernel's",
			 rx_names[i]);
		rx_case(what, 64, CTL, 0x28 + 4 * i, 30 + i);
		opt_both(rx_opts[i][0], rx_opts[i][1], 0);
	}
	for (i = 0; i < N_RX_OPTS; i++)
		opt_both(rx_opts[i][0], rx_opts[i][1], 1);
	rx_case("all together: as the kernel's", 200, CTL, 0xb8, 17);
	/* SO_TIMESTAMP after SO_TIMESTAMPNS cleared it, as in the kernel. */
	opt_both(SOL_SOCKET, SO_TIMESTAMPNS, 1);
	rx_case("all, SO_TIMESTAMPNS last: as the kernel's", 200, CTL, 0x04,
		99);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		static struct rcv a, k;
		int64_t t0 = now_ns(CLOCK_REALTIME);

		send_both(10, 0x60, 5, 't');
		if (rcv_one(true, sizes[i], &a) || rcv_one(false, sizes[i], &k))
			e = "nothing received";
		else
			e = same(&a, &k, t0, now_ns(CLOCK_REALTIME));
		if (e) {
			printf("# control buffer of %zu bytes\n", sizes[i]);
			break;
		}
	}
	result(!e,
	       "short control buffers: MSG_CTRUNC and truncation as the kernel's",
	       "%s", e);
	rx_mmsg_case("recvmmsg, all options: as the kernel's", 3);
	all_off();
	opt_both(SOL_SOCKET, SO_TIMESTAMPING,
		 SOF_TIMESTAMPING_RX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE);
	rx_case("SO_TIMESTAMPING (RX_SOFTWARE|SOFTWARE): as the kernel's", 64,
		CTL, 0, 64);
	opt_both(SOL_SOCKET, SO_TIMESTAMPING,
		 SOF_TIMESTAMPING_RX_HARDWARE | SOF_TIMESTAMPING_RAW_HARDWARE);
	rx_case("SO_TIMESTAMPING (RX_HARDWARE|RAW_HARDWARE), no device time: none, as the kernel",
		64, CTL, 0, 64);
	opt_both(SOL_SOCKET, SO_TIMESTAMPING,
		 SOF_TIMESTAMPING_RX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE |
			 SOF_TIMESTAMPING_RX_HARDWARE |
			 SOF_TIMESTAMPING_RAW_HARDWARE);
	opt_both(SOL_SOCKET, SO_TIMESTAMPNS, 1);
	opt_both(IPPROTO_IP, IP_PKTINFO, 1);
	rx_case("SO_TIMESTAMPNS, SO_TIMESTAMPING (software and hardware), IP_PKTINFO: as the kernel's",
		64, CTL, 0, 64);
	opt_both(SOL_SOCKET, SO_TIMESTAMPING, 0);
	for (i = 0; i < N_RX_OPTS; i++)
		opt_both(rx_opts[i][0], rx_opts[i][1], 1);
	a_stats(&slow, &tx);
	result(slow == 0, "in-MTU datagrams came on the fast path (rx_slow 0)",
	       "rx_slow %llu", (unsigned long long)slow);
	rx_case("slow path (fragmented 3000 bytes), all options: as the kernel's",
		3000, CTL, 0x48, 40);
	a_stats(&slow, &tx);
	result(slow == 1,
	       "the fragmented datagram came through the kernel socket",
	       "rx_slow %llu", (unsigned long long)slow);
	all_off();
	rx_case("options cleared: no control messages, as the kernel", 64, CTL,
		0x20, 64);
}

/* ---- sending --------------------------------------------------------------- */

/*
 * The IPv4 headers of the datagrams to PB with payloads @ta and @tk, in
 * whichever order they come (afudp's leaves at the TX kick, the
 * kernel's at once): 0 when both were seen, else which was not (1, 2).
 */
static int capture(const char *ta, struct iphdr *ha, const char *tk,
		   struct iphdr *hk)
{
	int64_t end = now_ns(CLOCK_MONOTONIC) + WAIT_MS * 1000000ll;
	bool got_a = false, got_k = false;
	uint8_t f[2048];
	ssize_t n;

	while (!(got_a && got_k) && now_ns(CLOCK_MONOTONIC) < end) {
		struct iphdr ip;
		struct udphdr u;

		n = cap_next(cap, f, sizeof(f), PB, &ip, &u);
		if (n < 0)
			continue;
		if (n >= 28 + (ssize_t)strlen(ta) &&
		    !memcmp(f + 28, ta, strlen(ta))) {
			*ha = ip;
			got_a = true;
		} else if (n >= 28 + (ssize_t)strlen(tk) &&
			   !memcmp(f + 28, tk, strlen(tk))) {
			*hk = ip;
			got_k = true;
		}
	}
	return !got_a ? 1 : !got_k ? 2 : 0;
}

struct txc {
	int pktinfo; /* 0 none, 1 spec_dst = A2, 2 ifindex only */
	int tos; /* -1: none */
	int tos_byte;
	int ttl; /* -1: none */
};

/* Send @payload with @c's control messages from the afudp or kernel socket. */
static ssize_t tx_one(bool afudp, const struct txc *c, const char *payload)
{
	union {
		uint8_t b[CMSG_SPACE(sizeof(struct in_pktinfo)) +
			  2 * CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct sockaddr_in to = { .sin_family = AF_INET,
				  .sin_addr = ip_b,
				  .sin_port = htons(PB) };
	struct iovec iov = { (void *)payload, strlen(payload) };
	struct msghdr m = { .msg_name = &to,
			    .msg_namelen = sizeof(to),
			    .msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = u.b,
			    .msg_controllen = sizeof(u.b) };
	struct cmsghdr *h = CMSG_FIRSTHDR(&m);
	size_t used = 0;
	ssize_t r;

	memset(u.b, 0, sizeof(u.b));
	if (c->pktinfo) {
		struct in_pktinfo pi = { .ipi_ifindex = ifindex };

		if (c->pktinfo == 1)
			pi.ipi_spec_dst = ip_a2;
		h->cmsg_level = IPPROTO_IP;
		h->cmsg_type = IP_PKTINFO;
		h->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(h), &pi, sizeof(pi));
		used += CMSG_SPACE(sizeof(pi));
		h = (struct cmsghdr *)(u.b + used);
	}
	if (c->tos >= 0) {
		uint8_t b = (uint8_t)c->tos;

		h->cmsg_level = IPPROTO_IP;
		h->cmsg_type = IP_TOS;
		h->cmsg_len = c->tos_byte ? CMSG_LEN(1) : CMSG_LEN(sizeof(int));
		if (c->tos_byte)
			memcpy(CMSG_DATA(h), &b, 1);
		else
			memcpy(CMSG_DATA(h), &c->tos, sizeof(int));
		used += c->tos_byte ? CMSG_SPACE(1) : CMSG_SPACE(sizeof(int));
		h = (struct cmsghdr *)(u.b + used);
	}
	if (c->ttl >= 0) {
		h->cmsg_level = IPPROTO_IP;
		h->cmsg_type = IP_TTL;
		h->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(h), &c->ttl, sizeof(int));
		used += CMSG_SPACE(sizeof(int));
	}
	m.msg_controllen = used;
	if (!used)
		m.msg_control = NULL;
	if (afudp)
		return a_sendmsg(&m);
	r = sendmsg(ks, &m, 0);
	k_count(0, r >= 0);
	return r < 0 ? -errno : r;
}

static void tx_case(const char *what, const struct txc *c)
{
	static unsigned int seq;
	struct iphdr ha, hk;
	char ta[32], tk[32];
	const char *e = NULL;
	ssize_t ra, rk;

	snprintf(ta, sizeof(ta), "afudp-%u", seq);
	snprintf(tk, sizeof(tk), "kernel-%u", seq++);
	ra = tx_one(true, c, ta);
	rk = tx_one(false, c, tk);
	if (ra < 0 || rk < 0) {
		result(false, what, "send: afudp %zd, kernel %zd", ra, rk);
		return;
	}
	switch (capture(ta, &ha, tk, &hk)) {
	case 1:
		e = "afudp's datagram not seen in B";
		break;
	case 2:
		e = "kernel's datagram not seen in B";
		break;
	}
	if (e)
		; /* not seen: nothing to compare */
	else if (ha.tos != hk.tos)
		e = "TOS";
	else if (ha.ttl != hk.ttl)
		e = "TTL";
	else if (ha.saddr != hk.saddr)
		e = "source address";
	else if (ha.daddr != hk.daddr)
		e = "destination address";
	else if (ha.frag_off != hk.frag_off)
		e = "DF/fragment bits";
	else if (ntohs(ha.tot_len) - strlen(ta) !=
		 ntohs(hk.tot_len) - strlen(tk))
		e = "length";
	if (e && !strstr(e, "seen"))
		printf("# afudp tos %#x ttl %u src %08x frag %#x; kernel tos %#x ttl %u src %08x frag %#x\n",
		       ha.tos, ha.ttl, ntohl(ha.saddr), ntohs(ha.frag_off),
		       hk.tos, hk.ttl, ntohl(hk.saddr), ntohs(hk.frag_off));
	result(!e, what, "%s", e);
}

/* Until afudp sends to B on the fast path (the neighbour is known). */
static void tx_warm(void)
{
	int64_t end = now_ns(CLOCK_MONOTONIC) + 5000 * 1000000ll;
	struct sockaddr_in to = { .sin_family = AF_INET,
				  .sin_addr = ip_b,
				  .sin_port = htons(PB) };
	struct iovec iov = { "warm", 4 };
	struct msghdr m = { .msg_name = &to,
			    .msg_namelen = sizeof(to),
			    .msg_iov = &iov,
			    .msg_iovlen = 1 };
	uint64_t rx, s0, s1;
	char b[64];

	/* The kernel socket's send resolves B's MAC. */
	k_count(0, sendto(ks, "warm", 4, 0, (struct sockaddr *)&to,
			  sizeof(to)) == 4);
	do {
		a_stats(&rx, &s0);
		a_sendmsg(&m);
		a_stats(&rx, &s1);
		if (s1 == s0 && s0)
			break;
		usleep(20000);
	} while (now_ns(CLOCK_MONOTONIC) < end);
	usleep(100000);
	while (recv(rxb, b, sizeof(b), MSG_DONTWAIT) >= 0 ||
	       recv(cap, b, sizeof(b), MSG_DONTWAIT) >= 0)
		;
}

static void tx_tests(void)
{
	struct txc c = { .pktinfo = 0, .tos = -1, .ttl = -1 };
	uint64_t rx, slow0, slow1;
	int v, err;
	ssize_t r;

	tx_warm();
	a_stats(&rx, &slow0);
	tx_case("send, no control messages: headers as the kernel's", &c);
	c.tos = 0xb8;
	tx_case("send IP_TOS (int): headers as the kernel's", &c);
	c.tos = 0x22;
	c.tos_byte = 1;
	tx_case("send IP_TOS (byte): headers as the kernel's", &c);
	c.tos = -1;
	c.pktinfo = 1;
	tx_case("send IP_PKTINFO ipi_spec_dst: source as the kernel's", &c);
	c.pktinfo = 2;
	tx_case("send IP_PKTINFO ipi_ifindex only: headers as the kernel's",
		&c);
	c.pktinfo = 0;
	c.ttl = 9;
	tx_case("send IP_TTL: headers as the kernel's", &c);
	c.pktinfo = 1;
	c.tos = 0x48;
	c.tos_byte = 0;
	tx_case("send IP_PKTINFO + IP_TOS + IP_TTL: headers as the kernel's",
		&c);
	v = 0x68;
	opt_both(IPPROTO_IP, IP_TOS, v);
	v = 33;
	opt_both(IPPROTO_IP, IP_TTL, v);
	c = (struct txc){ .pktinfo = 0, .tos = -1, .ttl = -1 };
	tx_case("socket IP_TOS and IP_TTL: headers as the kernel's", &c);
	c.tos = 0x10;
	tx_case("socket IP_TOS, IP_TOS control message wins, as the kernel",
		&c);
	a_stats(&rx, &slow1);
	result(slow1 == slow0, "sends with control messages on the fast path",
	       "tx_slow %llu -> %llu", (unsigned long long)slow0,
	       (unsigned long long)slow1);
	c.tos = 300;
	r = tx_one(false, &c, "bad");
	err = (int)tx_one(true, &c, "bad");
	result(r == -EINVAL && err == -EINVAL,
	       "IP_TOS 300: EINVAL, as the kernel", "afudp %d kernel %zd", err,
	       r);
}

/* ---- set-up -------------------------------------------------------------- */

int main(int argc, char **argv)
{
	struct sockaddr_ll ll = { .sll_family = AF_PACKET,
				  .sll_protocol = htons(ETH_P_IP) };
	struct sockaddr_in any = { .sin_family = AF_INET,
				   .sin_port = htons(PA) };
	int self, err;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 6) {
		fprintf(stderr, "usage: %s IFACE NS_B IP_A IP_A2 IP_B\n",
			argv[0]);
		return 2;
	}
	if (!inet_aton(argv[3], &ip_a) || !inet_aton(argv[4], &ip_a2) ||
	    !inet_aton(argv[5], &ip_b))
		return 2;
	ifindex = (int)if_nametoindex(argv[1]);
	/* Namespace B's sockets first, before afudp starts its threads. */
	self = ns_enter(argv[2]);
	txb = socket(AF_INET, SOCK_DGRAM, 0);
	rxb = udp_on(ip_b, PB);
	/* Cooked: frames from the IPv4 header on. */
	cap = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK, htons(ETH_P_IP));
	ll.sll_ifindex = (int)if_nametoindex("vb");
	if (txb < 0 || cap < 0 || bind(cap, (struct sockaddr *)&ll, sizeof(ll)))
		die("namespace B sockets");
	ns_leave(self);

	/* IP_PKTINFO set before the bind, on both: still served, kept. */
	ks = socket(AF_INET, SOCK_DGRAM, 0);
#ifndef CMSG_PLAIN
	as = afudp_on(argv[1], &st);
#else
	afd = socket(AF_INET, SOCK_DGRAM, 0);
	if (afd < 0)
		die("socket");
#endif
	if (ks < 0)
		die("socket");
	opt_both(IPPROTO_IP, IP_PKTINFO, 1);
#ifndef CMSG_PLAIN
	err = afudp_bind(as, (struct sockaddr *)&any, sizeof(any));
#else
	err = bind(afd, (struct sockaddr *)&any, sizeof(any)) ? -errno : 0;
#endif
	if (err) {
		errno = -err;
		die("bind PA");
	}
	any.sin_port = htons(PK);
	if (bind(ks, (struct sockaddr *)&any, sizeof(any)))
		die("bind PK");
	printf("# ready\n");
#ifdef CMSG_PLAIN
	snmp_in0 = snmp_udp("InDatagrams");
	snmp_out0 = snmp_udp("OutDatagrams");
	{
		struct stat sb;

		/* A served fd names afudp's epoll instance (README.md). */
		result(!fstat(afd, &sb) && !S_ISSOCK(sb.st_mode),
		       "socket with IP_PKTINFO set before the bind: served",
		       "still a kernel socket");
	}
#else
	{
		int on = 0;
		socklen_t ol = sizeof(on);

		/* The library reads back what its kernel socket holds. */
		err = afudp_getsockopt(as, IPPROTO_IP, IP_PKTINFO, &on, &ol);
		result(!err && on == 1,
		       "IP_PKTINFO set before the bind: still on after it",
		       "err %d on %d", err, on);
	}
#endif
	rx_case("IP_PKTINFO set before the bind: as the kernel's", 64, CTL,
		0x20, 64);
	opt_both(IPPROTO_IP, IP_PKTINFO, 0);

	rx_tests();
	tx_tests();

#ifndef CMSG_PLAIN
	afudp_close(as);
	afudp_stack_close(st);
#else
	close(afd);
#endif
	printf("DONE\n");
	return failed ? 1 : 0;
}
