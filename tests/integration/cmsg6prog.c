// SPDX-License-Identifier: BSD-2-Clause
/*
 * IPv6 control messages, afudp against the kernel, for cmsg6.sh. Run in
 * namespace A of a bed with IPv6 addresses; namespace B's sockets are
 * made here too (setns):
 *
 *   cmsg6prog IFACE NS_B A6 A6_2 B6 IP_A IP_B LL_A
 *
 * Side by side in A, both on [::] (dual-stack): an afudp AF_INET6 socket
 * (port PA) and a kernel one (port PK), each option set on both alike. B
 * sends the same datagram to both; what each delivers (payload, source,
 * msg_flags, control messages) must be equal byte for byte once the
 * timestamps (each between the send and the receive) and
 * IPV6_ORIGDSTADDR's and IP_ORIGDSTADDR's ports (each its own) are
 * blanked: IPV6_RECVPKTINFO, _RECVHOPLIMIT, _RECVTCLASS, IPV6_FLOWINFO,
 * the RFC 2292 IPV6_2292PKTINFO and _2292HOPLIMIT, IPV6_RECVORIGDSTADDR
 * (a link-local destination's scope id too), alone and together, with
 * short buffers; an IPv4 datagram on the dual-stack sockets with the IPv6
 * and IPv4 options both on. Then sends: IPV6_PKTINFO (another source),
 * IPV6_TCLASS and IPV6_HOPLIMIT as control messages and as socket options
 * (IPV6_TCLASS, IPV6_UNICAST_HOPS), captured in B (AF_PACKET): the IPv6
 * headers must agree but for the flow label (the kernel's is a hash of
 * the flow); bad ones get the kernel's errno from both. The afudp
 * socket's counters say which path carried them.
 *
 * Prints "PASS what" or "FAIL what: why" per check, then "DONE".
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <net/if.h>
#include <time.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/ipv6.h>

#include "afudp.h"
#include "check.h"

/* linux/in6.h's, which glibc's netinet/in.h lacks. */
#ifndef IPV6_FLOWINFO
#define IPV6_FLOWINFO 11
#endif
#ifndef IPV6_AUTOFLOWLABEL
#define IPV6_AUTOFLOWLABEL 70
#endif

#define PA 17600 /* afudp socket */
#define PK 17601 /* kernel socket, namespace A */
#define PB 17602 /* receiver in namespace B */
#define CTL 512
#define WAIT_MS 2000

static struct afudp_stack *st;
static struct afudp_socket *as;
static int ks, txb6, txb4, rxb, cap, ifindex;
static struct in6_addr a6, a6_2, b6, ll_a;
static struct in_addr ip_a;

static int64_t now_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

static void stats(uint64_t *rx_slow, uint64_t *tx_slow)
{
	AFUDP_OPTS_INIT(afudp_socket_stats, s);

	afudp_socket_stats(as, &s);
	*rx_slow = s.rx_slow;
	*tx_slow = s.tx_slow;
}

/* Set an option on both sockets of A. */
static void set_both(int level, int name, int val)
{
	int err = afudp_setsockopt(as, level, name, &val, sizeof(val));

	if (err || setsockopt(ks, level, name, &val, sizeof(val))) {
		errno = err ? -err : errno;
		die("setsockopt");
	}
}

/* ---- receiving ----------------------------------------------------------- */

struct got {
	ssize_t n;
	int flags;
	socklen_t namelen;
	struct sockaddr_in6 from;
	size_t ctllen;
	uint8_t ctl[CTL];
	char data[2048];
};

/* One datagram into @g from the afudp (@afudp) or kernel socket. */
static const char *take(bool afudp, size_t ctlsize, struct got *g)
{
	int64_t end = now_ns(CLOCK_MONOTONIC) + WAIT_MS * 1000000ll;
	struct iovec iov = { g->data, sizeof(g->data) };
	struct pollfd p = { .fd = afudp ? afudp_socket_fd(as) : ks,
			    .events = POLLIN };
	struct msghdr m;
	ssize_t n, r;

	memset(g, 0xa5, sizeof(*g));
	do {
		memset(&m, 0, sizeof(m));
		m.msg_name = &g->from;
		m.msg_namelen = sizeof(g->from);
		m.msg_iov = &iov;
		m.msg_iovlen = 1;
		m.msg_control = ctlsize ? g->ctl : NULL;
		m.msg_controllen = ctlsize;
		if (afudp) {
			n = afudp_recvmsg(as, &m, MSG_DONTWAIT);
		} else {
			r = recvmsg(ks, &m, MSG_DONTWAIT);
			n = r < 0 ? -errno : r;
		}
		if (n != -EAGAIN)
			break;
		poll(&p, 1, 10);
	} while (now_ns(CLOCK_MONOTONIC) < end);
	if (n == -EAGAIN)
		return afudp ? "afudp: nothing received" :
			       "kernel: nothing received";
	g->n = n;
	g->flags = m.msg_flags;
	g->namelen = m.msg_namelen;
	g->ctllen = m.msg_controllen;
	return NULL;
}

/*
 * Blank what may differ in @g's control messages: a timestamp (within
 * @t0..@t1) and an ORIGDSTADDR's port (@port, checked).
 */
static const char *blank(struct got *g, int64_t t0, int64_t t1,
			 uint16_t port)
{
	struct msghdr m = { .msg_control = g->ctl, .msg_controllen = g->ctllen };
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
		size_t dl = c->cmsg_len - CMSG_LEN(0);

		if (c->cmsg_level == SOL_SOCKET &&
		    c->cmsg_type == SO_TIMESTAMPNS &&
		    dl == sizeof(struct timespec)) {
			struct timespec ts;
			int64_t t;

			memcpy(&ts, CMSG_DATA(c), sizeof(ts));
			t = ts.tv_sec * 1000000000ll + ts.tv_nsec;
			if (t < t0 || t > t1)
				return "timestamp outside send..receive";
			memset(CMSG_DATA(c), 0, dl);
		} else if (c->cmsg_level == IPPROTO_IPV6 &&
			   c->cmsg_type == IPV6_ORIGDSTADDR &&
			   dl == sizeof(struct sockaddr_in6)) {
			struct sockaddr_in6 *s6 = (void *)CMSG_DATA(c);

			if (ntohs(s6->sin6_port) != port)
				return "IPV6_ORIGDSTADDR port";
			s6->sin6_port = 0;
		} else if (c->cmsg_level == IPPROTO_IP &&
			   c->cmsg_type == IP_ORIGDSTADDR &&
			   dl == sizeof(struct sockaddr_in)) {
			struct sockaddr_in *s4 = (void *)CMSG_DATA(c);

			if (ntohs(s4->sin_port) != port)
				return "IP_ORIGDSTADDR port";
			s4->sin_port = 0;
		}
	}
	return NULL;
}

static void show(const char *who, const struct got *g)
{
	char a[INET6_ADDRSTRLEN];
	size_t i;

	printf("# %s: n %zd flags %#x from %s scope %u, %zu control bytes:",
	       who, g->n, g->flags,
	       inet_ntop(AF_INET6, &g->from.sin6_addr, a, sizeof(a)),
	       g->from.sin6_scope_id, g->ctllen);
	for (i = 0; i < g->ctllen && i < CTL; i++)
		printf("%s%02x", i % 4 ? "" : " ", g->ctl[i]);
	printf("\n");
}

/* Send @len bytes from B to both of A's ports at @to (v6 or v4). */
static void send_pair(const struct sockaddr *to, socklen_t tolen,
		      size_t len, int tclass)
{
	struct sockaddr_in6 t6;
	struct sockaddr_in t4;
	char buf[1500];
	int fd = to->sa_family == AF_INET6 ? txb6 : txb4;
	int k;

	memset(buf, 'a' + (tclass & 15), len);
	if (fd == txb6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_TCLASS, &tclass, sizeof(tclass)))
		die("sender IPV6_TCLASS");
	for (k = 0; k < 2; k++) {
		uint16_t port = htons(k ? PK : PA);

		if (fd == txb6) {
			memcpy(&t6, to, sizeof(t6));
			t6.sin6_port = port;
			to = (struct sockaddr *)&t6;
		} else {
			memcpy(&t4, to, sizeof(t4));
			t4.sin_port = port;
			to = (struct sockaddr *)&t4;
		}
		if (sendto(fd, buf, len, 0, to, tolen) < 0)
			die("sendto");
	}
}

/* One datagram to each socket at @to, received with @ctlsize, compared. */
static void rx_case(const char *what, const struct sockaddr *to,
		    socklen_t tolen, size_t len, size_t ctlsize, int tclass)
{
	static struct got a, k;
	int64_t t0 = now_ns(CLOCK_REALTIME), t1;
	const char *e;

	send_pair(to, tolen, len, tclass);
	e = take(true, ctlsize, &a);
	if (!e)
		e = take(false, ctlsize, &k);
	t1 = now_ns(CLOCK_REALTIME);
	if (!e)
		e = blank(&a, t0, t1, PA);
	if (!e)
		e = blank(&k, t0, t1, PK);
	if (!e && (a.n != k.n || memcmp(a.data, k.data, (size_t)a.n)))
		e = "payload";
	if (!e && (a.namelen != k.namelen || memcmp(&a.from, &k.from,
						    sizeof(a.from))))
		e = "source address";
	if (!e && a.flags != k.flags)
		e = "msg_flags";
	if (!e && (a.ctllen != k.ctllen || memcmp(a.ctl, k.ctl, CTL)))
		e = "control messages";
	if (e) {
		show("afudp", &a);
		show("kernel", &k);
	}
	result(!e, what, "%s", e);
}

static const struct {
	int name;
	const char *what;
} rx6[] = {
	{ IPV6_RECVPKTINFO, "IPV6_RECVPKTINFO" },
	{ IPV6_RECVHOPLIMIT, "IPV6_RECVHOPLIMIT" },
	{ IPV6_RECVTCLASS, "IPV6_RECVTCLASS" },
	{ IPV6_FLOWINFO, "IPV6_FLOWINFO" },
	{ IPV6_2292PKTINFO, "IPV6_2292PKTINFO" },
	{ IPV6_2292HOPLIMIT, "IPV6_2292HOPLIMIT" },
	{ IPV6_RECVORIGDSTADDR, "IPV6_RECVORIGDSTADDR" },
};
#define N_RX6 (sizeof(rx6) / sizeof(rx6[0]))

static void rx_all(int on)
{
	unsigned int i;

	for (i = 0; i < N_RX6; i++)
		set_both(IPPROTO_IPV6, rx6[i].name, on);
}

static void rx_tests(void)
{
	struct sockaddr_in6 to6 = { .sin6_family = AF_INET6, .sin6_addr = a6 };
	struct sockaddr_in to4 = { .sin_family = AF_INET, .sin_addr = ip_a };
	const struct sockaddr *t6 = (struct sockaddr *)&to6;
	uint64_t slow0, slow, tx;
	char what[128];
	unsigned int i;

	stats(&slow0, &tx);
	rx_case("no options: no control messages", t6, sizeof(to6), 64, CTL,
		0);
	for (i = 0; i < N_RX6; i++) {
		set_both(IPPROTO_IPV6, rx6[i].name, 1);
		snprintf(what, sizeof(what), "%s alone: as the kernel's",
			 rx6[i].what);
		rx_case(what, t6, sizeof(to6), 100, CTL, 0x28);
		set_both(IPPROTO_IPV6, rx6[i].name, 0);
	}
	/* Class and label 0 (B sends no automatic labels): no message. */
	set_both(IPPROTO_IPV6, IPV6_FLOWINFO, 1);
	rx_case("IPV6_FLOWINFO with class and label 0: none, as the kernel",
		t6, sizeof(to6), 100, CTL, 0);
	set_both(IPPROTO_IPV6, IPV6_FLOWINFO, 0);

	rx_all(1);
	set_both(SOL_SOCKET, SO_TIMESTAMPNS, 1);
	rx_case("all of them and SO_TIMESTAMPNS: as the kernel's, in its order",
		t6, sizeof(to6), 1000, CTL, 0xb8);
	rx_case("... into a control buffer too short for all: the same cut",
		t6, sizeof(to6), 200, 90, 0x10);
	rx_case("... into no control buffer: MSG_CTRUNC alike", t6,
		sizeof(to6), 200, 0, 0x10);
	set_both(SOL_SOCKET, SO_TIMESTAMPNS, 0);

	/* Dual-stack: IPv4 with both families' options on. */
	set_both(IPPROTO_IP, IP_PKTINFO, 1);
	set_both(IPPROTO_IP, IP_RECVTTL, 1);
	set_both(IPPROTO_IP, IP_RECVTOS, 1);
	set_both(IPPROTO_IP, IP_RECVORIGDSTADDR, 1);
	rx_case("IPv4 on the dual-stack sockets, IPv6 and IPv4 options on: "
		"as the kernel's",
		(struct sockaddr *)&to4, sizeof(to4), 300, CTL, 0);
	set_both(IPPROTO_IP, IP_PKTINFO, 0);
	set_both(IPPROTO_IP, IP_RECVTTL, 0);
	set_both(IPPROTO_IP, IP_RECVTOS, 0);
	set_both(IPPROTO_IP, IP_RECVORIGDSTADDR, 0);
	rx_case("IPv4 with the IPv6 options only: IPV6_PKTINFO v4-mapped",
		(struct sockaddr *)&to4, sizeof(to4), 300, CTL, 0);
	rx_all(0);

	stats(&slow, &tx);
	result(slow == slow0,
	       "every datagram came on the fast path (rx_slow unchanged)",
	       "rx_slow %llu -> %llu", (unsigned long long)slow0,
	       (unsigned long long)slow);
}

/* The link-local case: B sends to A's fe80:: address with its scope. */
static void rx_linklocal(int vb)
{
	struct sockaddr_in6 ll = { .sin6_family = AF_INET6,
				   .sin6_addr = ll_a,
				   .sin6_scope_id = (uint32_t)vb };

	set_both(IPPROTO_IPV6, IPV6_RECVORIGDSTADDR, 1);
	set_both(IPPROTO_IPV6, IPV6_RECVPKTINFO, 1);
	rx_case("link-local destination: IPV6_ORIGDSTADDR's scope id, "
		"the source's, as the kernel's",
		(struct sockaddr *)&ll, sizeof(ll), 64, CTL, 0);
	set_both(IPPROTO_IPV6, IPV6_RECVORIGDSTADDR, 0);
	set_both(IPPROTO_IPV6, IPV6_RECVPKTINFO, 0);
}

/* ---- sending ------------------------------------------------------------- */

struct tx {
	int pktinfo;	/* 0 none, 1 source A6_2, 2 ifindex only, 3 B6 */
	int tclass;	/* -2: none */
	int hlim;	/* -2: none */
};

static ssize_t tx_one(bool afudp, const struct tx *c, const char *payload)
{
	union {
		uint8_t b[CMSG_SPACE(sizeof(struct in6_pktinfo)) +
			  2 * CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct sockaddr_in6 to = { .sin6_family = AF_INET6,
				   .sin6_addr = b6,
				   .sin6_port = htons(PB) };
	struct iovec iov = { (void *)payload, strlen(payload) };
	struct msghdr m = { .msg_name = &to,
			    .msg_namelen = sizeof(to),
			    .msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = u.b };
	struct cmsghdr *h = (struct cmsghdr *)u.b;
	size_t used = 0;
	ssize_t r;

	memset(u.b, 0, sizeof(u.b));
	if (c->pktinfo) {
		struct in6_pktinfo pi = { .ipi6_ifindex = ifindex };

		if (c->pktinfo == 1)
			pi.ipi6_addr = a6_2;
		else if (c->pktinfo == 3)
			pi.ipi6_addr = b6;
		h->cmsg_level = IPPROTO_IPV6;
		h->cmsg_type = IPV6_PKTINFO;
		h->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(h), &pi, sizeof(pi));
		used += CMSG_SPACE(sizeof(pi));
		h = (struct cmsghdr *)(u.b + used);
	}
	if (c->tclass > -2) {
		h->cmsg_level = IPPROTO_IPV6;
		h->cmsg_type = IPV6_TCLASS;
		h->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(h), &c->tclass, sizeof(int));
		used += CMSG_SPACE(sizeof(int));
		h = (struct cmsghdr *)(u.b + used);
	}
	if (c->hlim > -2) {
		h->cmsg_level = IPPROTO_IPV6;
		h->cmsg_type = IPV6_HOPLIMIT;
		h->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(h), &c->hlim, sizeof(int));
		used += CMSG_SPACE(sizeof(int));
	}
	m.msg_controllen = used;
	if (!used)
		m.msg_control = NULL;
	if (afudp)
		return afudp_sendmsg(as, &m, 0);
	r = sendmsg(ks, &m, 0);
	return r < 0 ? -errno : r;
}

/*
 * The IPv6 headers of the datagrams to PB carrying @ta and @tk, captured
 * in B (cooked: from the IPv6 header on), whichever comes first.
 */
static int capture(const char *ta, struct ipv6hdr *ha, const char *tk,
		   struct ipv6hdr *hk)
{
	int64_t end = now_ns(CLOCK_MONOTONIC) + WAIT_MS * 1000000ll;
	bool got_a = false, got_k = false;
	size_t hl = sizeof(struct ipv6hdr) + sizeof(struct udphdr);
	struct pollfd p = { .fd = cap, .events = POLLIN };
	uint8_t f[2048];
	struct udphdr u;
	ssize_t n;

	while (!(got_a && got_k) && now_ns(CLOCK_MONOTONIC) < end) {
		if (poll(&p, 1, 50) <= 0)
			continue;
		n = recv(cap, f, sizeof(f), MSG_DONTWAIT);
		if (n < (ssize_t)hl || f[6] != IPPROTO_UDP)
			continue;
		memcpy(&u, f + sizeof(struct ipv6hdr), sizeof(u));
		if (ntohs(u.dest) != PB)
			continue;
		if ((size_t)n >= hl + strlen(ta) &&
		    !memcmp(f + hl, ta, strlen(ta))) {
			memcpy(ha, f, sizeof(*ha));
			got_a = true;
		} else if ((size_t)n >= hl + strlen(tk) &&
			   !memcmp(f + hl, tk, strlen(tk))) {
			memcpy(hk, f, sizeof(*hk));
			got_k = true;
		}
	}
	return !got_a ? 1 : !got_k ? 2 : 0;
}

static void show6(const char *who, const struct ipv6hdr *h)
{
	char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];

	printf("# %s: tclass %#x hop limit %u %s -> %s\n", who,
	       (unsigned)(ntohl(*(const uint32_t *)h) >> 20 & 0xff),
	       h->hop_limit, inet_ntop(AF_INET6, &h->saddr, s, sizeof(s)),
	       inet_ntop(AF_INET6, &h->daddr, d, sizeof(d)));
}

/* Both send with @c; the same result, the same header (but the label). */
static void tx_case(const char *what, const struct tx *c)
{
	static unsigned int seq;
	struct ipv6hdr ha, hk;
	char ta[32], tk[32];
	const char *e = NULL;
	ssize_t ra, rk;
	int r;

	seq++;
	/* Of one length (the same datagram), none a prefix of another. */
	snprintf(ta, sizeof(ta), "afudp-%03u", seq);
	snprintf(tk, sizeof(tk), "kernl-%03u", seq);
	ra = tx_one(true, c, ta);
	rk = tx_one(false, c, tk);
	if (ra < 0 || rk < 0) {
		result(ra == rk, what, "send: afudp %zd, kernel %zd", ra, rk);
		return;
	}
	r = capture(ta, &ha, tk, &hk);
	if (r) {
		result(false, what, "no %s datagram captured in B",
		       r == 1 ? "afudp" : "kernel");
		return;
	}
	/* Version and class; the flow label is the kernel's hash. */
	if ((ntohl(*(uint32_t *)&ha) & 0xfff00000) !=
	    (ntohl(*(uint32_t *)&hk) & 0xfff00000))
		e = "version or traffic class";
	else if (ha.hop_limit != hk.hop_limit)
		e = "hop limit";
	else if (memcmp(&ha.saddr, &hk.saddr, sizeof(ha.saddr)) ||
		 memcmp(&ha.daddr, &hk.daddr, sizeof(ha.daddr)))
		e = "addresses";
	else if (ha.nexthdr != hk.nexthdr ||
		 ha.payload_len != hk.payload_len)
		e = "next header or length";
	if (e) {
		show6("afudp", &ha);
		show6("kernel", &hk);
	}
	result(!e, what, "%s (sent: afudp %zd, kernel %zd)", e, ra, rk);
}

static void tx_tests(void)
{
	static const struct tx none = { 0, -2, -2 }, pk = { 1, -2, -2 },
			       tc = { 0, 0xb8, -2 }, hl = { 0, -2, 7 },
			       all = { 1, 0x48, 3 }, ifo = { 2, -1, -1 };
	static const struct tx bad_src = { 3, -2, -2 }, bad_hl = { 0, -2, 256 },
			       bad_tc = { 0, -5, -2 };
	uint64_t rx, slow0, slow1, slow2;
	int v;

	/* B learns both of A's sources first: no neighbour miss counted. */
	tx_case("plain send: the same header", &none);
	stats(&rx, &slow0);
	tx_case("IPV6_PKTINFO with another of A's addresses as the source",
		&pk);
	tx_case("IPV6_TCLASS 0xb8", &tc);
	tx_case("IPV6_HOPLIMIT 7", &hl);
	tx_case("all three together", &all);
	/* Class -1 is sent as 0xff by the kernel (ip6_flow_hdr()). */
	tx_case("IPV6_PKTINFO with the interface only, class and hop limit -1",
		&ifo);
	set_both(IPPROTO_IPV6, IPV6_TCLASS, 0x20);
	set_both(IPPROTO_IPV6, IPV6_UNICAST_HOPS, 17);
	tx_case("socket options IPV6_TCLASS 0x20, IPV6_UNICAST_HOPS 17", &none);
	tx_case("... a control message overrides them", &all);
	v = -1;
	set_both(IPPROTO_IPV6, IPV6_UNICAST_HOPS, v);
	set_both(IPPROTO_IPV6, IPV6_TCLASS, 0);
	tx_case("IPV6_UNICAST_HOPS back to -1: the default again", &none);
	stats(&rx, &slow1);
	result(slow1 == slow0, "those sends went on the fast path",
	       "tx_slow %llu -> %llu", (unsigned long long)slow0,
	       (unsigned long long)slow1);
	tx_case("IPV6_PKTINFO with B's address as the source: the kernel's "
		"error",
		&bad_src);
	tx_case("IPV6_HOPLIMIT 256: the kernel's error", &bad_hl);
	tx_case("IPV6_TCLASS -5: the kernel's error", &bad_tc);
	stats(&rx, &slow2);
	result(slow2 - slow1 <= 1,
	       "a source not A's went to the kernel socket, the bad values "
	       "nowhere",
	       "tx_slow %llu -> %llu", (unsigned long long)slow1,
	       (unsigned long long)slow2);
}

static void addr6(const char *s, struct in6_addr *a)
{
	if (inet_pton(AF_INET6, s, a) != 1) {
		fprintf(stderr, "not an IPv6 address: %s\n", s);
		exit(2);
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_ll ll = { .sll_family = AF_PACKET,
				  .sll_protocol = htons(ETH_P_IPV6) };
	struct sockaddr_in6 any = { .sin6_family = AF_INET6,
				    .sin6_port = htons(PA) };
	struct sockaddr_in6 rb = { .sin6_family = AF_INET6,
				   .sin6_port = htons(PB) };
	int self, err, off = 0, vb;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 9) {
		fprintf(stderr,
			"usage: %s IFACE NS_B A6 A6_2 B6 IP_A IP_B LL_A\n",
			argv[0]);
		return 2;
	}
	addr6(argv[3], &a6);
	addr6(argv[4], &a6_2);
	addr6(argv[5], &b6);
	addr6(argv[8], &ll_a);
	if (!inet_aton(argv[6], &ip_a))
		return 2;
	ifindex = (int)if_nametoindex(argv[1]);
	/* Namespace B's sockets first, before afudp starts its threads. */
	self = ns_enter(argv[2]);
	txb6 = socket(AF_INET6, SOCK_DGRAM, 0);
	txb4 = socket(AF_INET, SOCK_DGRAM, 0);
	rxb = socket(AF_INET6, SOCK_DGRAM, 0);
	rb.sin6_addr = b6;
	cap = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK, htons(ETH_P_IPV6));
	vb = (int)if_nametoindex("vb");
	ll.sll_ifindex = vb;
	if (txb6 < 0 || txb4 < 0 || rxb < 0 || cap < 0 ||
	    bind(rxb, (struct sockaddr *)&rb, sizeof(rb)) ||
	    bind(cap, (struct sockaddr *)&ll, sizeof(ll)))
		die("namespace B sockets");
	/* No automatic flow labels: the two copies' headers are alike. */
	if (setsockopt(txb6, IPPROTO_IPV6, IPV6_AUTOFLOWLABEL, &off,
		       sizeof(off)))
		die("IPV6_AUTOFLOWLABEL");
	ns_leave(self);

	ks = socket(AF_INET6, SOCK_DGRAM, 0);
	{
		AFUDP_OPTS_INIT(afudp_stack_opts, so, .ifname = argv[1],
				.backend = AFUDP_BACKEND_XDP);
		AFUDP_OPTS_INIT(afudp_socket_opts, o, .family = AF_INET6);

		st = afudp_stack_open(&so);
		if (!st)
			die("afudp_stack_open");
		as = afudp_socket(st, &o);
		if (!as)
			die("afudp_socket");
	}
	if (ks < 0)
		die("socket");
	err = afudp_bind(as, (struct sockaddr *)&any, sizeof(any));
	if (err) {
		errno = -err;
		die("bind PA");
	}
	any.sin6_port = htons(PK);
	if (bind(ks, (struct sockaddr *)&any, sizeof(any)))
		die("bind PK");
	printf("# ready\n");

	rx_tests();
	rx_linklocal(vb);
	tx_tests();

	afudp_close(as);
	afudp_stack_close(st);
	printf("DONE\n");
	return failed ? 1 : 0;
}
