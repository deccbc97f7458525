// SPDX-License-Identifier: BSD-2-Clause
/*
 * The kernel side of the integration tests: plain BSD sockets (and one raw
 * packet socket), independent of afudp's own code, so every test checks
 * afudp against a real, separate stack.
 *
 * IP is IPv4 or IPv6 (echo-client, echo-server[-v], echo-loop, bind,
 * udp-send, tcp-*); raw and raw-case are IPv4.
 *
 *   peer echo-client IP PORT [-s SIZES] [-n COUNT] [-t MS]
 *	send each size COUNT times, expect a byte-exact echo of each
 *   peer echo-server IP PORT	kernel UDP echo until killed
 *   peer echo-loop IP PORT [-s SIZES] [-t MS] [-g US] [-f FILE]
 *	ping-pong until SIGTERM/SIGINT, one request in flight, sizes in
 *	turn; a reply not back within MS (default 1000) is lost, the loop
 *	goes on; US microseconds' pause between round trips (default 200).
 *	FILE gets the running counts, replaced atomically every 20 ms;
 *	stdout the final ones: "sent N ok M bad B lost L errors E"
 *   peer bind IP PORT		exit 0 if the port binds, 3 on EADDRINUSE
 *   peer tcp-server IP PORT	accept one connection, echo one message
 *   peer tcp-client IP PORT	send "ping" over TCP, expect it back
 *   peer raw IFACE DSTMAC SRCIP DSTIP PORT
 *	send malformed and hostile frames at the port (AF_PACKET)
 *   peer raw-case IFACE DSTMAC SRCIP DSTIP PORT KPORT OPORT CASE [-q] [-x]
 *	send one named hostile frame at three ports and report what came
 *	back (see raw_case() below)
 *   peer echo-server-v IP PORT	kernel UDP echo, printing each datagram
 *   peer udp-send IP PORT HEX...
 *	send each payload (hex digits) from one socket, in order; after
 *	each, print the reply as hex, or "none" if none came within 500 ms
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* An IPv4 or IPv6 address and port (IP with a ':' is IPv6). */
struct peer_addr {
	union {
		struct sockaddr sa;
		struct sockaddr_in in;
		struct sockaddr_in6 in6;
	};
	socklen_t len;
};

static struct peer_addr addr_of(const char *ip, const char *port)
{
	struct peer_addr a = { 0 };

	if (strchr(ip, ':')) {
		a.in6.sin6_family = AF_INET6;
		a.in6.sin6_port = htons(atoi(port));
		a.len = sizeof(a.in6);
		if (inet_pton(AF_INET6, ip, &a.in6.sin6_addr) == 1)
			return a;
	} else {
		a.in.sin_family = AF_INET;
		a.in.sin_port = htons(atoi(port));
		a.len = sizeof(a.in);
		if (inet_pton(AF_INET, ip, &a.in.sin_addr) == 1)
			return a;
	}
	fprintf(stderr, "peer: bad address %s\n", ip);
	exit(2);
}

static int udp_socket_af(int family)
{
	int fd = socket(family, SOCK_DGRAM, 0);
	int big = 4 << 20;

	if (fd < 0) {
		perror("peer: socket");
		exit(2);
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	return fd;
}

static int udp_socket(void)
{
	return udp_socket_af(AF_INET);
}

static int echo_client(struct peer_addr dst, int argc, char **argv)
{
	const char *sizes = "1,2,3,7,8,9,63,64,65,127,128,255,256,511,512,1000,1023,1024,1400,1471,1472";
	static unsigned char out[65536], in[65536];
	int count = 3, timeout = 1000, opt, fd, sent = 0, good = 0, bad = 0,
	    lost = 0;
	char *list, *tok;

	while ((opt = getopt(argc, argv, "s:n:t:")) != -1) {
		if (opt == 's')
			sizes = optarg;
		else if (opt == 'n')
			count = atoi(optarg);
		else if (opt == 't')
			timeout = atoi(optarg);
		else
			return 2;
	}
	fd = udp_socket_af(dst.sa.sa_family);
	srand(getpid());
	list = strdup(sizes);
	for (tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
		int size = atoi(tok), i, k;

		for (i = 0; i < count; i++) {
			struct pollfd p = { .fd = fd, .events = POLLIN };
			ssize_t n;

			for (k = 0; k < size; k++)
				out[k] = rand();
			if (size >= 4)
				memcpy(out, &sent, 4);	/* unique per send */
			if (sendto(fd, out, size, 0, &dst.sa,
				   dst.len) != size) {
				perror("peer: sendto");
				return 2;
			}
			sent++;
			/* Skip late replies to earlier sends. */
			for (;;) {
				if (poll(&p, 1, timeout) <= 0) {
					lost++;
					fprintf(stderr, "lost size %d\n", size);
					break;
				}
				n = recv(fd, in, sizeof(in), 0);
				if (size >= 4 && n >= 4 && memcmp(in, out, 4))
					continue;
				if (n == size && !memcmp(in, out, size)) {
					good++;
				} else {
					bad++;
					fprintf(stderr, "bad echo size %d got %zd\n",
						size, n);
				}
				break;
			}
		}
	}
	printf("sent %d ok %d bad %d lost %d\n", sent, good, bad, lost);
	return good == sent ? 0 : 1;
}

/*
 * A kernel UDP echo server. @verbose (peer echo-server-v) also prints
 * "rx LEN from IP:PORT tag TAG" for each datagram (TAG: payload bytes 4..7
 * in hex, as raw-case prints them), flushed before it answers.
 */
static int echo_server(struct peer_addr a, bool verbose)
{
	static unsigned char buf[65536];
	struct peer_addr src;
	char ip[INET6_ADDRSTRLEN];
	socklen_t sl;
	uint32_t tag;
	ssize_t n;
	int fd = udp_socket_af(a.sa.sa_family);

	if (bind(fd, &a.sa, a.len)) {
		perror("peer: bind");
		return 2;
	}
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		sl = sizeof(src.in6);
		n = recvfrom(fd, buf, sizeof(buf), 0, &src.sa, &sl);
		if (n < 0)
			continue;
		if (verbose) {
			tag = 0;
			if (n >= 8)
				memcpy(&tag, buf + 4, 4);
			if (src.sa.sa_family == AF_INET6)
				inet_ntop(AF_INET6, &src.in6.sin6_addr, ip,
					  sizeof(ip));
			else
				inet_ntop(AF_INET, &src.in.sin_addr, ip,
					  sizeof(ip));
			/* sin_port and sin6_port share their place. */
			printf("rx %zd from %s:%u tag %08x\n", n, ip,
			       ntohs(src.in.sin_port), tag);
			fflush(stdout);
		}
		sendto(fd, buf, n, 0, &src.sa, sl);
	}
}

static volatile sig_atomic_t loop_stop;

static void on_stop(int sig)
{
	(void)sig;
	loop_stop = 1;
}

struct loop_counts {
	long sent, ok, bad, lost, errors;
};

static void loop_report(FILE *f, const struct loop_counts *c)
{
	fprintf(f, "sent %ld ok %ld bad %ld lost %ld errors %ld\n", c->sent,
		c->ok, c->bad, c->lost, c->errors);
}

/* Write the counts to @file through a rename, so readers never see half. */
static void loop_status(const char *file, const struct loop_counts *c)
{
	char tmp[4096];
	FILE *f;

	if (!file)
		return;
	snprintf(tmp, sizeof(tmp), "%s.tmp", file);
	f = fopen(tmp, "w");
	if (!f)
		return;
	loop_report(f, c);
	if (fclose(f) == 0)
		rename(tmp, file);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

/*
 * Continuous traffic for tests that change the network under it: every
 * request is unique (a sequence number, then random bytes), and every
 * outcome is counted: ok (byte-exact echo), bad (wrong echo), lost (no
 * echo within the timeout), errors (sendto failed; the loop pauses 10 ms
 * and goes on). A request still in flight when the signal comes counts as
 * none of these, and is not counted as sent either.
 */
static int echo_loop(struct peer_addr dst, int argc, char **argv)
{
	static unsigned char out[65536], in[65536];
	const char *sizes = "64", *file = NULL;
	int timeout = 1000, gap = 200, opt, fd, nsizes = 0, idx = 0, k;
	struct sigaction sa = { .sa_handler = on_stop };
	struct loop_counts c = { 0 };
	int size_list[64];
	long last = 0;
	uint32_t seq = 0;
	char *list, *tok;

	while ((opt = getopt(argc, argv, "s:t:g:f:")) != -1) {
		if (opt == 's')
			sizes = optarg;
		else if (opt == 't')
			timeout = atoi(optarg);
		else if (opt == 'g')
			gap = atoi(optarg);
		else if (opt == 'f')
			file = optarg;
		else
			return 2;
	}
	list = strdup(sizes);
	for (tok = strtok(list, ","); tok && nsizes < 64;
	     tok = strtok(NULL, ","))
		size_list[nsizes++] = atoi(tok);
	for (k = 0; k < nsizes; k++)
		if (size_list[k] < 8 || size_list[k] > 65507) {
			fprintf(stderr, "peer: echo-loop sizes: 8 to 65507\n");
			return 2;
		}
	if (!nsizes)
		return 2;
	/* No SA_RESTART: poll() and sendto() must return on the signal. */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	fd = udp_socket_af(dst.sa.sa_family);
	srand(getpid());
	loop_status(file, &c);
	while (!loop_stop) {
		int size = size_list[idx++ % nsizes];
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long deadline;
		ssize_t n;

		for (k = 8; k < size; k++)
			out[k] = rand();
		seq++;
		memcpy(out, &seq, 4);
		if (sendto(fd, out, size, 0, &dst.sa, dst.len) !=
		    size) {
			if (errno != EINTR) {
				if (!c.errors)
					perror("peer: echo-loop: sendto");
				c.errors++;
				usleep(10000);
			}
			goto next;
		}
		deadline = now_ms() + timeout;
		for (;;) {
			long left = deadline - now_ms();
			int r;

			if (left <= 0) {
				c.sent++;
				c.lost++;
				break;
			}
			r = poll(&p, 1, left);
			if (r < 0 && errno == EINTR && loop_stop)
				goto out;
			if (r <= 0)
				continue;
			n = recv(fd, in, sizeof(in), 0);
			/* A late echo of an earlier request: skip it. */
			if (n < 4 || memcmp(in, out, 4))
				continue;
			c.sent++;
			if (n == size && !memcmp(in, out, size)) {
				c.ok++;
			} else {
				c.bad++;
				fprintf(stderr, "bad echo size %d got %zd\n",
					size, n);
			}
			break;
		}
next:
		if (now_ms() - last >= 20) {
			last = now_ms();
			loop_status(file, &c);
		}
		if (gap > 0 && !loop_stop)
			usleep(gap);
	}
out:
	loop_status(file, &c);
	loop_report(stdout, &c);
	return 0;
}

static int try_bind(struct peer_addr a)
{
	int fd = udp_socket_af(a.sa.sa_family);

	if (bind(fd, &a.sa, a.len)) {
		printf("%s\n", errno == EADDRINUSE ? "EADDRINUSE" :
						      strerror(errno));
		return errno == EADDRINUSE ? 3 : 1;
	}
	printf("bound\n");
	return 0;
}

static int tcp(struct peer_addr a, int server)
{
	char buf[16] = { 0 };
	int fd = socket(a.sa.sa_family, SOCK_STREAM, 0), c, one = 1;
	ssize_t n;

	if (server) {
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, &a.sa, a.len) || listen(fd, 1)) {
			perror("peer: tcp listen");
			return 2;
		}
		printf("ready\n");
		fflush(stdout);
		c = accept(fd, NULL, NULL);
		n = read(c, buf, sizeof(buf));
		if (n > 0 && write(c, buf, n) != n)
			return 1;
		close(c);
		return n > 0 ? 0 : 1;
	}
	if (connect(fd, &a.sa, a.len)) {
		perror("peer: tcp connect");
		return 1;
	}
	if (write(fd, "ping", 4) != 4)
		return 1;
	n = read(fd, buf, sizeof(buf));
	printf("%.*s\n", n > 0 ? (int)n : 0, buf);
	return n == 4 && !memcmp(buf, "ping", 4) ? 0 : 1;
}

static uint16_t csum(const void *p, size_t len, uint32_t sum)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (b[i] << 8) | b[i + 1];
	if (len & 1)
		sum += b[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons(~sum & 0xffff);
}

/* A well-formed frame: Ethernet + IPv4 (ihl words) + UDP + payload. @f + 14
 * must be 4-byte aligned (struct iphdr). */
static size_t frame(uint8_t *f, const uint8_t *dmac, const uint8_t *smac,
		    in_addr_t s, in_addr_t d, uint16_t port, int ihl,
		    size_t plen)
{
	struct ethhdr *eth = (void *)f;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *udp = (void *)((uint8_t *)ip + ihl * 4);
	uint8_t *pl = (uint8_t *)(udp + 1), ph[12];
	size_t ulen = 8 + plen;
	uint32_t sum = 0;
	size_t i;

	memcpy(eth->h_dest, dmac, 6);
	memcpy(eth->h_source, smac, 6);
	eth->h_proto = htons(ETH_P_IP);
	memset(ip, 0, ihl * 4);
	ip->version = 4;
	ip->ihl = ihl;
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	ip->tot_len = htons(ihl * 4 + ulen);
	ip->saddr = s;
	ip->daddr = d;
	if (ihl > 5)
		memset(ip + 1, 1, (ihl - 5) * 4); /* NOP options */
	ip->check = csum(ip, ihl * 4, 0);
	udp->source = htons(40000);
	udp->dest = htons(port);
	udp->len = htons(ulen);
	udp->check = 0;
	for (i = 0; i < plen; i++)
		pl[i] = 'a' + i % 26;
	memcpy(ph, &s, 4);
	memcpy(ph + 4, &d, 4);
	ph[8] = 0;
	ph[9] = IPPROTO_UDP;
	ph[10] = ulen >> 8;
	ph[11] = ulen & 0xff;
	for (i = 0; i < 12; i += 2)
		sum += (ph[i] << 8) | ph[i + 1];
	udp->check = csum(udp, ulen, sum);
	if (!udp->check)
		udp->check = 0xffff;
	return 14 + ihl * 4 + ulen;
}

static int raw(int argc, char **argv)
{
	/* Two bytes in, so that the IPv4 header after the 14-byte Ethernet
	 * header is 4-byte aligned, as struct iphdr is. */
	union {
		uint32_t align;
		uint8_t b[2 + 4000];
	} buf;
	uint8_t *f = buf.b + 2, dmac[6], smac[6] = { 2, 0, 0, 0, 0, 9 };
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	in_addr_t s = inet_addr(argv[2]), d = inet_addr(argv[3]);
	uint16_t port = atoi(argv[4]);
	struct iphdr *ip = (void *)(f + 14);
	struct udphdr *udp;
	int fd, sent = 0, i;
	size_t n;

	if (sscanf(argv[1], "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &dmac[0],
		   &dmac[1], &dmac[2], &dmac[3], &dmac[4], &dmac[5]) != 6)
		return 2;
	fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	sll.sll_ifindex = if_nametoindex(argv[0]);
	sll.sll_halen = 6;
	memcpy(sll.sll_addr, dmac, 6);
	if (fd < 0 || !sll.sll_ifindex) {
		perror("peer: raw socket");
		return 2;
	}
#define SEND(len)                                                           \
	do {                                                                \
		if (sendto(fd, f, (len), 0, (void *)&sll, sizeof(sll)) < 0) \
			perror("peer: raw send");                           \
		else                                                        \
			sent++;                                             \
	} while (0)
	/* Truncated at every byte inside the headers. */
	n = frame(f, dmac, smac, s, d, port, 5, 32);
	for (i = 1; i < 42; i++)
		SEND(i < 14 ? 14 : i);
	/* IHL < 5, IHL beyond the frame, version 6 in an IPv4 frame. */
	for (i = 0; i < 5; i++) {
		n = frame(f, dmac, smac, s, d, port, 5, 32);
		ip->ihl = i;
		ip->check = 0;
		ip->check = csum(ip, 20, 0);
		SEND(n);
	}
	n = frame(f, dmac, smac, s, d, port, 5, 4);
	ip->ihl = 15;
	SEND(n);
	/* tot_len shorter and longer than the frame. */
	n = frame(f, dmac, smac, s, d, port, 5, 32);
	ip->tot_len = htons(25);
	ip->check = 0;
	ip->check = csum(ip, 20, 0);
	SEND(n);
	n = frame(f, dmac, smac, s, d, port, 5, 32);
	ip->tot_len = htons(1400);
	ip->check = 0;
	ip->check = csum(ip, 20, 0);
	SEND(n);
	/* UDP length < 8 and beyond the IP payload. */
	n = frame(f, dmac, smac, s, d, port, 5, 32);
	udp = (void *)(ip + 1);
	udp->len = htons(4);
	SEND(n);
	udp->len = htons(900);
	SEND(n);
	/* Bad IP checksum, bad UDP checksum. */
	n = frame(f, dmac, smac, s, d, port, 5, 32);
	ip->check ^= 0x1234;
	SEND(n);
	n = frame(f, dmac, smac, s, d, port, 5, 32);
	udp = (void *)(ip + 1);
	udp->check ^= 0x4321;
	SEND(n);
	/* Fragments: first, middle, last (garbage the kernel drops). */
	n = frame(f, dmac, smac, s, d, port, 5, 32);
	ip->frag_off = htons(0x2000);
	SEND(n);
	ip->frag_off = htons(0x2000 | 100);
	SEND(n);
	ip->frag_off = htons(200);
	SEND(n);
	/* Other ethertypes: IPv6, VLAN. */
	n = frame(f, dmac, smac, s, d, port, 5, 32);
	((struct ethhdr *)f)->h_proto = htons(ETH_P_IPV6);
	SEND(n);
	((struct ethhdr *)f)->h_proto = htons(ETH_P_8021Q);
	SEND(n);
	/* A valid frame with IP options: must be delivered. */
	n = frame(f, dmac, smac, s, d, port, 8, 16);
	SEND(n);
	printf("sent %d\n", sent);
	return 0;
}

/* ---- raw-case: one hostile or malformed frame, by name ---------------- */

/*
 * Everything a case may vary. rc_build() lays out Ethernet (with optional
 * VLAN tags), an IPv4 header of @words 32-bit words whose fields are taken
 * from here even where they lie about that layout, UDP and the payload.
 */
struct rc_spec {
	uint8_t dmac[6], smac[6];
	int vlans;		/* 1: 802.1Q; 2: 802.1ad + 802.1Q; 3: 2 x 802.1Q */
	uint16_t ethertype;	/* after the tags */
	in_addr_t saddr, daddr;
	uint16_t sport, dport;
	int words;		/* IPv4 header layout, 5..15 */
	int version, ihl, ttl, proto;
	uint16_t id, frag;	/* frag_off, host order */
	int tot_len;		/* -1: the real length */
	int udp_len;		/* -1: 8 + plen */
	int bad_ip_csum, bad_udp_csum, udp_csum_none;
	const uint8_t *opts;	/* (words - 5) * 4 option bytes; NULL: NOPs */
	const uint8_t *pl;
	size_t plen;		/* payload bytes in the frame */
	size_t pad;		/* bytes after the IP datagram (Ethernet padding) */
	size_t cut;		/* send only this many bytes (0: all) */
};

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

/* A stored checksum that is wrong however the receiver folds it. */
static uint16_t rc_wrong(uint16_t good)
{
	uint16_t bad = good ^ htons(0x4321);

	if (bad == 0 || bad == 0xffff)
		bad = good ^ htons(0x1111);
	return bad;
}

static size_t rc_build(uint8_t *f, const struct rc_spec *s)
{
	size_t off = 12, hl = s->words * 4, ulen, sumlen, i, n;
	uint8_t *ip, *udp, ph[12];
	uint32_t sum = 0;
	uint16_t c;
	int v;

	memcpy(f, s->dmac, 6);
	memcpy(f + 6, s->smac, 6);
	for (v = 0; v < s->vlans && v < 2; v++) {
		put16(f + off, s->vlans == 2 && v == 0 ? 0x88a8 : 0x8100);
		put16(f + off + 2, 100 + v);
		off += 4;
	}
	if (s->vlans == 3) {
		put16(f + off, 0x8100);
		put16(f + off + 2, 102);
		off += 4;
	}
	put16(f + off, s->ethertype);
	off += 2;
	ip = f + off;
	ulen = s->udp_len >= 0 ? (size_t)s->udp_len : 8 + s->plen;
	memset(ip, 0, hl);
	ip[0] = (s->version << 4) | (s->ihl & 15);
	put16(ip + 2, s->tot_len >= 0 ? (size_t)s->tot_len : hl + 8 + s->plen);
	put16(ip + 4, s->id);
	put16(ip + 6, s->frag);
	ip[8] = s->ttl;
	ip[9] = s->proto;
	memcpy(ip + 12, &s->saddr, 4);
	memcpy(ip + 16, &s->daddr, 4);
	if (hl > 20) {
		if (s->opts)
			memcpy(ip + 20, s->opts, hl - 20);
		else
			memset(ip + 20, 1, hl - 20);	/* NOP */
	}
	c = csum(ip, hl, 0);
	if (s->bad_ip_csum)
		c = rc_wrong(c);
	memcpy(ip + 10, &c, 2);

	udp = ip + hl;
	put16(udp, s->sport);
	put16(udp + 2, s->dport);
	put16(udp + 4, ulen);
	udp[6] = udp[7] = 0;
	memcpy(udp + 8, s->pl, s->plen);
	/* Summed over the UDP length where the frame holds that much. */
	sumlen = ulen < 8 + s->plen ? ulen : 8 + s->plen;
	memcpy(ph, &s->saddr, 4);
	memcpy(ph + 4, &s->daddr, 4);
	ph[8] = 0;
	ph[9] = IPPROTO_UDP;
	ph[10] = ulen >> 8;
	ph[11] = ulen & 0xff;
	for (i = 0; i < 12; i += 2)
		sum += (ph[i] << 8) | ph[i + 1];
	c = csum(udp, sumlen, sum);
	if (!c)
		c = 0xffff;
	if (s->bad_udp_csum)
		c = rc_wrong(c);
	if (s->udp_csum_none)
		c = 0;
	memcpy(udp + 6, &c, 2);
	n = off + hl + 8 + s->plen;
	memset(f + n, 0xee, s->pad);
	n += s->pad;
	return s->cut ? s->cut : n;
}

/* Where a case is sent and what it carries; filled per port. */
struct rc_env {
	uint8_t dmac[6], smac[6];
	in_addr_t src, dst;	/* the peer's and the target's address */
	uint16_t sport, dport;	/* the peer's UDP socket; the target port */
	uint8_t pl[9000];	/* payload: "AFRC", a 4-byte tag, a pattern */
};

/* A case's frames, and the payload the kernel would deliver (if any). */
struct rc_frames {
	uint8_t f[2][9100];
	size_t len[2];
	int n;
	const uint8_t *want;
	size_t want_len;
};

static const char *const rc_names[] = {
	"valid", "trunc-eth", "trunc-ip", "trunc-udp", "ihl-0", "ihl-4",
	"ihl-beyond", "ihl-totlen", "version-6", "totlen-short",
	"totlen-long", "udplen-short", "udplen-long", "udplen-trailing",
	"padded", "ip-csum", "udp-csum", "udp-csum-none", "ttl0", "options",
	"options-max", "opt-bad-len", "opt-lsrr", "mac-bcast", "mac-mcast",
	"ip-bcast", "subnet-bcast", "mcast-allhosts", "mcast-other",
	"other-host", "other-mac", "vlan", "qinq", "vlan2", "ipv6",
	"not-udp", "frag-first", "frag-middle", "frag-last", "frag-pair",
	"fit-max", "too-big", "too-big-3000", "src-zero", "src-loopback",
	"src-mcast", "src-bcast", "src-subnet-bcast", "src-self",
	"src-self-loop", "rpf-other-if", "rpf-unroutable", "jumbo",
	"jumbo-cut", "jumbo-totlen-long", "jumbo-udplen-long",
	"jumbo-udplen-trailing", "jumbo-udp-csum", "jumbo-padded", NULL
};

static in_addr_t rc_host(in_addr_t a, int host)	/* same /24, host .N */
{
	return (a & htonl(0xffffff00)) | htonl(host);
}

static int rc_make(const char *name, const struct rc_env *e,
		   struct rc_frames *out)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
			     allhosts[6] = { 1, 0, 0x5e, 0, 0, 1 },
			     grp[6] = { 1, 0, 0x5e, 1, 2, 3 },
			     other[6] = { 2, 0, 0, 0, 0, 0x77 };
	static const uint8_t bad_opt[4] = { 7, 40, 4, 0 }; /* RR, len > IHL */
	uint8_t lsrr[8] = { 0x83, 7, 8, 0, 0, 0, 0, 0 };  /* LSRR, 1 hop, done */
	struct rc_spec s = {
		.ethertype = ETH_P_IP, .saddr = e->src, .daddr = e->dst,
		.sport = e->sport, .dport = e->dport, .words = 5,
		.version = 4, .ihl = 5, .ttl = 64, .proto = IPPROTO_UDP,
		.id = rand(), .tot_len = -1, .udp_len = -1, .pl = e->pl,
		.plen = 32,
	};
	int deliver = 1;

	memcpy(s.dmac, e->dmac, 6);
	memcpy(s.smac, e->smac, 6);
	out->n = 1;
	if (!strcmp(name, "valid")) {
	} else if (!strncmp(name, "jumbo", 5)) {
		/*
		 * Larger than a UMEM frame, within a 9000-byte MTU: with
		 * multi-buffer XSKs a chain of frames (tests/integration/
		 * jumbo.sh). The lies sit where only the whole chain shows
		 * them: past the first frame.
		 */
		s.plen = 7000;
		name += 5;
		if (!*name) {
		} else if (!strcmp(name, "-cut")) {
			s.cut = 14 + 20 + 8 + 4000;	/* tot_len says 7028 */
			deliver = 0;
		} else if (!strcmp(name, "-totlen-long")) {
			s.tot_len = 20 + 8 + 7000 + 100;
			deliver = 0;
		} else if (!strcmp(name, "-udplen-long")) {
			s.udp_len = 8 + 7000 + 100;
			deliver = 0;
		} else if (!strcmp(name, "-udplen-trailing")) {
			s.udp_len = 8 + 5000;	/* 2000 bytes after it */
			out->want_len = 5000;
		} else if (!strcmp(name, "-udp-csum")) {
			s.bad_udp_csum = 1;
			deliver = 0;
		} else if (!strcmp(name, "-padded")) {
			s.pad = 1800;	/* a frame or so of Ethernet padding */
		} else {
			return -1;
		}
	} else if (!strcmp(name, "trunc-eth")) {
		s.cut = 14;
		deliver = 0;
	} else if (!strcmp(name, "trunc-ip")) {
		s.cut = 14 + 19;
		deliver = 0;
	} else if (!strcmp(name, "trunc-udp")) {
		s.cut = 14 + 20 + 4;
		deliver = 0;
	} else if (!strcmp(name, "ihl-0") || !strcmp(name, "ihl-4")) {
		s.ihl = name[4] - '0';
		deliver = 0;
	} else if (!strcmp(name, "ihl-beyond")) {
		/* Claims 60 header bytes (and a total length to match); the
		 * frame ends 12 bytes after a 20-byte header. */
		s.ihl = 15;
		s.plen = 4;
		s.tot_len = 60 + 8 + 4;
		deliver = 0;
	} else if (!strcmp(name, "ihl-totlen")) {
		s.ihl = 15;	/* 60 bytes claimed, total length 32 */
		s.plen = 4;
		deliver = 0;
	} else if (!strcmp(name, "version-6")) {
		s.version = 6;
		deliver = 0;
	} else if (!strcmp(name, "totlen-short")) {
		s.tot_len = 25;
		deliver = 0;
	} else if (!strcmp(name, "totlen-long")) {
		s.tot_len = 1400;
		deliver = 0;
	} else if (!strcmp(name, "udplen-short")) {
		s.udp_len = 4;
		deliver = 0;
	} else if (!strcmp(name, "udplen-long")) {
		s.udp_len = 900;
		deliver = 0;
	} else if (!strcmp(name, "udplen-trailing")) {
		s.udp_len = 8 + 20;	/* 12 bytes after the datagram */
		out->want_len = 20;
	} else if (!strcmp(name, "padded")) {
		s.plen = 2;		/* padded to 60 bytes */
		s.pad = 60 - (14 + 20 + 8 + 2);
	} else if (!strcmp(name, "ip-csum")) {
		s.bad_ip_csum = 1;
		deliver = 0;
	} else if (!strcmp(name, "udp-csum")) {
		s.bad_udp_csum = 1;
		deliver = 0;
	} else if (!strcmp(name, "udp-csum-none")) {
		s.udp_csum_none = 1;
	} else if (!strcmp(name, "ttl0")) {
		s.ttl = 0;
	} else if (!strcmp(name, "options")) {
		s.words = s.ihl = 8;
	} else if (!strcmp(name, "options-max")) {
		s.words = s.ihl = 15;
	} else if (!strcmp(name, "opt-bad-len")) {
		s.words = s.ihl = 6;
		s.opts = bad_opt;
		deliver = 0;
	} else if (!strcmp(name, "opt-lsrr")) {
		memcpy(lsrr + 3, &e->dst, 4);
		s.words = s.ihl = 7;
		s.opts = lsrr;
		deliver = 0;
	} else if (!strcmp(name, "mac-bcast")) {
		memcpy(s.dmac, bcast, 6);
	} else if (!strcmp(name, "mac-mcast")) {
		memcpy(s.dmac, allhosts, 6);
	} else if (!strcmp(name, "ip-bcast")) {
		memcpy(s.dmac, bcast, 6);
		s.daddr = INADDR_BROADCAST;
	} else if (!strcmp(name, "subnet-bcast")) {
		s.daddr = rc_host(e->dst, 255);	/* unicast MAC */
	} else if (!strcmp(name, "mcast-allhosts")) {
		memcpy(s.dmac, allhosts, 6);
		s.daddr = htonl(0xe0000001);
	} else if (!strcmp(name, "mcast-other")) {
		memcpy(s.dmac, grp, 6);
		s.daddr = htonl(0xe0010203);
		deliver = 0;
	} else if (!strcmp(name, "other-host")) {
		s.daddr = rc_host(e->dst, 99);
		deliver = 0;
	} else if (!strcmp(name, "other-mac")) {
		memcpy(s.dmac, other, 6);
		deliver = 0;
	} else if (!strcmp(name, "vlan") || !strcmp(name, "qinq") ||
		   !strcmp(name, "vlan2")) {
		s.vlans = name[0] == 'q' ? 2 : name[4] == '2' ? 3 : 1;
		deliver = 0;
	} else if (!strcmp(name, "ipv6")) {
		s.ethertype = ETH_P_IPV6;
		deliver = 0;
	} else if (!strcmp(name, "not-udp")) {
		s.proto = 253;	/* RFC 3692 experimental */
		deliver = 0;
	} else if (!strncmp(name, "frag-", 5) && strcmp(name, "frag-pair")) {
		/* Never completed: from a neighbour address, so no datagram
		 * of ours can ever share their reassembly queue. */
		s.saddr = rc_host(e->src, 3);
		s.frag = !strcmp(name, "frag-first")  ? 0x2000 :
			 !strcmp(name, "frag-middle") ? 0x2000 | 100 :
							200;
		deliver = 0;
	} else if (!strcmp(name, "frag-pair")) {
		/* 48 UDP bytes in two fragments the kernel reassembles. */
		uint8_t whole[14 + 20 + 48];
		size_t hl = 14 + 20;

		s.plen = 40;
		rc_build(whole, &s);
		s.plen = 0;
		s.tot_len = 20 + 24;
		s.frag = 0x2000;
		rc_build(out->f[0], &s);
		memcpy(out->f[0] + hl, whole + hl, 24);
		s.tot_len = 20 + 24;
		s.frag = 3;	/* 24 bytes */
		rc_build(out->f[1], &s);
		memcpy(out->f[1] + hl, whole + hl + 24, 24);
		/* rc_build() wrote a UDP header at hl: overwritten above. */
		out->len[0] = out->len[1] = hl + 24;
		out->n = 2;
		out->want = e->pl;
		out->want_len = 40;
		return 1;
	} else if (!strcmp(name, "fit-max")) {
		s.plen = 1792 - 42;	/* fills a 2048-byte frame after the
					 * 256 bytes of XDP headroom */
	} else if (!strcmp(name, "too-big")) {
		s.plen = 1792 - 42 + 1;
	} else if (!strcmp(name, "too-big-3000")) {
		s.plen = 3000;
	} else if (!strcmp(name, "rpf-other-if")) {
		/* Routed back through another interface (robust.sh adds one);
		 * the kernel delivers it unless rp_filter is strict. */
		s.saddr = inet_addr("10.88.0.5");
	} else if (!strcmp(name, "rpf-unroutable")) {
		/* No route back: dropped by rp_filter, strict or loose. */
		s.saddr = inet_addr("10.77.0.9");
	} else if (!strncmp(name, "src-", 4)) {
		deliver = 0;	/* martian sources: the kernel drops them */
		if (!strcmp(name, "src-zero"))
			s.saddr = 0;
		else if (!strcmp(name, "src-loopback"))
			s.saddr = htonl(INADDR_LOOPBACK);
		else if (!strcmp(name, "src-mcast"))
			s.saddr = htonl(0xe0000009);
		else if (!strcmp(name, "src-bcast"))
			s.saddr = INADDR_BROADCAST;
		else if (!strcmp(name, "src-subnet-bcast"))
			s.saddr = rc_host(e->dst, 255);
		else if (!strcmp(name, "src-self"))
			s.saddr = e->dst;
		else if (!strcmp(name, "src-self-loop")) {
			/* Its echo would be addressed to itself. */
			s.saddr = e->dst;
			s.sport = e->dport;
		} else
			return -1;
	} else {
		return -1;
	}
	out->len[0] = rc_build(out->f[0], &s);
	out->want = e->pl;
	if (!out->want_len)
		out->want_len = s.plen;
	return deliver;
}

/*
 * peer raw-case IFACE DSTMAC SRCIP DSTIP PORT KPORT OPORT CASE [-q] [-x]
 *
 * Send case CASE at DSTIP:PORT (afudp), DSTIP:KPORT (a kernel reference
 * echo server; 0: none) and DSTIP:OPORT (nobody; 0: none), each copy with
 * its own payload tag, from a UDP socket's address and port, so replies
 * come back to it. Then markers: a small datagram and a 5000-byte one (IP
 * fragments: the slow path) to PORT, and a small one to KPORT; once all
 * have come back (and with -x, the expected echoes too, or 3 s after the
 * markers) and 200 ms more have passed, print what came back:
 *
 *   case NAME frames N afudp A kernel K nobody O stray S tags TP TK TO
 *
 * A, K, O count replies from DSTIP:port carrying exactly the payload the
 * kernel would deliver for that copy (the whole payload, or the part within
 * the UDP length); S counts everything else that arrived. The tags (hex)
 * let a server's log be searched for the copy it got. -q: send the three
 * copies and exit, no markers. Exit 0, or 1 if a marker did not come back.
 */
static int raw_case(int argc, char **argv)
{
	static struct rc_env env;
	static struct rc_frames fr[3];
	static uint8_t in[65536], slow[5000];
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	struct sockaddr_in me = { .sin_family = AF_INET }, to, from;
	uint16_t ports[3] = { atoi(argv[4]), atoi(argv[5]), atoi(argv[6]) };
	uint32_t tags[3], base;
	const char *name = argv[7];
	int quick = 0, expect = 0, fd, u, i, k, r, frames = 0;
	int hits[3] = { 0 }, stray = 0, marks = 0, want_marks;
	char fast[16];
	socklen_t sl = sizeof(me);
	struct ifreq ifr = { 0 };
	struct timespec t0, now;
	long since = -1, ms;

	for (i = 8; i < argc; i++) {
		if (!strcmp(argv[i], "-q"))
			quick = 1;
		else if (!strcmp(argv[i], "-x"))
			expect = 1;
		else
			return 2;
	}
	if (sscanf(argv[1], "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &env.dmac[0],
		   &env.dmac[1], &env.dmac[2], &env.dmac[3], &env.dmac[4],
		   &env.dmac[5]) != 6)
		return 2;
	env.src = inet_addr(argv[2]);
	env.dst = inet_addr(argv[3]);
	fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	u = udp_socket();
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", argv[0]);
	sll.sll_ifindex = if_nametoindex(argv[0]);
	sll.sll_halen = 6;
	memcpy(sll.sll_addr, env.dmac, 6);
	me.sin_addr.s_addr = env.src;
	if (fd < 0 || !sll.sll_ifindex || ioctl(fd, SIOCGIFHWADDR, &ifr) ||
	    bind(u, (void *)&me, sizeof(me)) ||
	    getsockname(u, (void *)&me, &sl)) {
		perror("peer: raw-case setup");
		return 2;
	}
	memcpy(env.smac, ifr.ifr_hwaddr.sa_data, 6);
	env.sport = ntohs(me.sin_port);
	srand(getpid() ^ time(NULL));
	base = ((uint32_t)rand() << 8) ^ rand();
	for (k = 0; k < 3; k++) {
		if (!ports[k])
			continue;
		tags[k] = base + k;
		env.dport = ports[k];
		memcpy(env.pl, "AFRC", 4);
		memcpy(env.pl + 4, &tags[k], 4);
		for (i = 8; i < (int)sizeof(env.pl); i++)
			env.pl[i] = (uint8_t)(tags[k] * 7 + i * 13);
		r = rc_make(name, &env, &fr[k]);
		if (r < 0) {
			fprintf(stderr, "peer: no case '%s'; cases:", name);
			for (i = 0; rc_names[i]; i++)
				fprintf(stderr, " %s", rc_names[i]);
			fprintf(stderr, "\n");
			return 2;
		}
		for (i = 0; i < fr[k].n; i++) {
			if (sendto(fd, fr[k].f[i], fr[k].len[i], 0,
				   (void *)&sll, sizeof(sll)) < 0)
				perror("peer: raw send");
			else
				frames++;
		}
		/* A copy: env.pl is rewritten for the next port. */
		fr[k].want = memcpy(malloc(fr[k].want_len + 1), env.pl,
				    fr[k].want_len);
	}
	if (quick) {
		printf("case %s frames %d\n", name, frames);
		return 0;
	}
	/* Markers: fast path, slow path (fragments), kernel reference. */
	to = (struct sockaddr_in){ .sin_family = AF_INET,
				   .sin_addr.s_addr = env.dst };
	snprintf(fast, sizeof(fast), "MARK%08x", base);
	memset(slow, 'S', sizeof(slow));
	memcpy(slow, fast, 12);
	slow[4] = 'S';
	to.sin_port = htons(ports[0]);
	sendto(u, fast, 12, 0, (void *)&to, sizeof(to));
	sendto(u, slow, sizeof(slow), 0, (void *)&to, sizeof(to));
	want_marks = 2;
	if (ports[1]) {
		char km[16];

		memcpy(km, fast, 12);
		km[4] = 'K';
		to.sin_port = htons(ports[1]);
		sendto(u, km, 12, 0, (void *)&to, sizeof(to));
		want_marks++;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd p = { .fd = u, .events = POLLIN };
		ssize_t n;

		clock_gettime(CLOCK_MONOTONIC, &now);
		ms = (now.tv_sec - t0.tv_sec) * 1000 +
		     (now.tv_nsec - t0.tv_nsec) / 1000000;
		if (since < 0 && marks == want_marks &&
		    (!expect || (hits[0] && (!ports[1] || hits[1]))))
			since = ms;	/* all in: drain a little longer */
		if (since < 0 && marks == want_marks && ms > 8000)
			since = ms;	/* -x: the expected echo never came */
		if (since >= 0 && ms - since >= 200)
			break;
		if (since < 0 && ms > 5000 && marks < want_marks)
			break;
		if (poll(&p, 1, 50) <= 0)
			continue;
		sl = sizeof(from);
		n = recvfrom(u, in, sizeof(in), 0, (void *)&from, &sl);
		if (n < 0)
			continue;
		if (from.sin_addr.s_addr == env.dst && n >= 12 &&
		    !memcmp(in, "MARK", 4) && !memcmp(in + 5, fast + 5, 7) &&
		    ((in[4] == 'S' && n == (ssize_t)sizeof(slow) &&
		      from.sin_port == htons(ports[0])) ||
		     (in[4] == fast[4] && n == 12 &&
		      from.sin_port == htons(ports[0])) ||
		     (in[4] == 'K' && n == 12 &&
		      from.sin_port == htons(ports[1])))) {
			marks++;
			continue;
		}
		for (k = 0; k < 3; k++)
			if (ports[k] && from.sin_addr.s_addr == env.dst &&
			    from.sin_port == htons(ports[k]) &&
			    (size_t)n == fr[k].want_len &&
			    !memcmp(in, fr[k].want, n))
				break;
		if (k < 3)
			hits[k]++;
		else
			stray++;
	}
	printf("case %s frames %d afudp %d kernel %d nobody %d stray %d tags %08x %08x %08x markers %s\n",
	       name, frames, hits[0], hits[1], hits[2], stray, tags[0],
	       ports[1] ? tags[1] : 0, ports[2] ? tags[2] : 0,
	       marks == want_marks ? "ok" : "lost");
	return marks == want_marks ? 0 : 1;
}

/* Hex digits to bytes; @return the byte count, or -1 if not hex. */
static ssize_t unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;

	for (; s[0] && s[1] && n < cap; s += 2)
		if (sscanf(s, "%2hhx", &out[n++]) != 1)
			return -1;
	return *s ? -1 : (ssize_t)n;
}

static int udp_send(struct peer_addr dst, int argc, char **argv)
{
	static uint8_t buf[65536];
	struct pollfd p;
	ssize_t n;
	int fd = udp_socket_af(dst.sa.sa_family), i, k;

	for (i = 0; i < argc; i++) {
		n = unhex(argv[i], buf, sizeof(buf));
		if (n < 0) {
			fprintf(stderr, "peer: not hex: %.20s...\n", argv[i]);
			return 2;
		}
		if (sendto(fd, buf, n, 0, &dst.sa, dst.len) != n) {
			perror("peer: sendto");
			return 2;
		}
		p = (struct pollfd){ .fd = fd, .events = POLLIN };
		n = poll(&p, 1, 500) > 0 ? recv(fd, buf, sizeof(buf), 0) : -1;
		if (n < 0)
			printf("none");
		for (k = 0; k < n; k++)
			printf("%02x", buf[k]);
		printf("\n");
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		goto usage;
	if (!strcmp(argv[1], "echo-client") && argc >= 4)
		return echo_client(addr_of(argv[2], argv[3]), argc - 3,
				   argv + 3);
	if (!strcmp(argv[1], "echo-server") && argc == 4)
		return echo_server(addr_of(argv[2], argv[3]), false);
	if (!strcmp(argv[1], "echo-loop") && argc >= 4)
		return echo_loop(addr_of(argv[2], argv[3]), argc - 3,
				 argv + 3);
	if (!strcmp(argv[1], "bind") && argc == 4)
		return try_bind(addr_of(argv[2], argv[3]));
	if (!strcmp(argv[1], "tcp-server") && argc == 4)
		return tcp(addr_of(argv[2], argv[3]), 1);
	if (!strcmp(argv[1], "tcp-client") && argc == 4)
		return tcp(addr_of(argv[2], argv[3]), 0);
	if (!strcmp(argv[1], "raw") && argc == 7)
		return raw(argc - 2, argv + 2);
	if (!strcmp(argv[1], "udp-send") && argc >= 5)
		return udp_send(addr_of(argv[2], argv[3]), argc - 4, argv + 4);
	if (!strcmp(argv[1], "raw-case") && argc >= 10)
		return raw_case(argc - 2, argv + 2);
	if (!strcmp(argv[1], "echo-server-v") && argc == 4)
		return echo_server(addr_of(argv[2], argv[3]), true);
usage:
	fprintf(stderr, "usage: see the comment at the top of peer.c\n");
	return 2;
}
