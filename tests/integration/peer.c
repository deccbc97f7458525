// SPDX-License-Identifier: BSD-2-Clause
/*
 * The kernel side of the integration tests: plain BSD sockets (and one raw
 * packet socket), independent of afudp's own code, so every test checks
 * afudp against a real, separate stack.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static struct sockaddr_in addr_of(const char *ip, const char *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };

	if (inet_pton(AF_INET, ip, &a.sin_addr) != 1) {
		fprintf(stderr, "peer: bad address %s\n", ip);
		exit(2);
	}
	a.sin_port = htons(atoi(port));
	return a;
}

static int udp_socket(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	int big = 4 << 20;

	if (fd < 0) {
		perror("peer: socket");
		exit(2);
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	return fd;
}

static int echo_client(struct sockaddr_in dst, int argc, char **argv)
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
	fd = udp_socket();
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
			if (sendto(fd, out, size, 0, (void *)&dst,
				   sizeof(dst)) != size) {
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

static int echo_server(struct sockaddr_in a)
{
	static unsigned char buf[65536];
	struct sockaddr_in src;
	socklen_t sl;
	ssize_t n;
	int fd = udp_socket();

	if (bind(fd, (void *)&a, sizeof(a))) {
		perror("peer: bind");
		return 2;
	}
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		sl = sizeof(src);
		n = recvfrom(fd, buf, sizeof(buf), 0, (void *)&src, &sl);
		if (n >= 0)
			sendto(fd, buf, n, 0, (void *)&src, sl);
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
static int echo_loop(struct sockaddr_in dst, int argc, char **argv)
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
	fd = udp_socket();
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
		if (sendto(fd, out, size, 0, (void *)&dst, sizeof(dst)) !=
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

static int try_bind(struct sockaddr_in a)
{
	int fd = udp_socket();

	if (bind(fd, (void *)&a, sizeof(a))) {
		printf("%s\n", errno == EADDRINUSE ? "EADDRINUSE" :
						      strerror(errno));
		return errno == EADDRINUSE ? 3 : 1;
	}
	printf("bound\n");
	return 0;
}

static int tcp(struct sockaddr_in a, int server)
{
	char buf[16] = { 0 };
	int fd = socket(AF_INET, SOCK_STREAM, 0), c, one = 1;
	ssize_t n;

	if (server) {
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, (void *)&a, sizeof(a)) || listen(fd, 1)) {
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
	if (connect(fd, (void *)&a, sizeof(a))) {
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

/* A well-formed frame: Ethernet + IPv4 (ihl words) + UDP + payload. */
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
	uint8_t f[4000], dmac[6], smac[6] = { 2, 0, 0, 0, 0, 9 };
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

int main(int argc, char **argv)
{
	if (argc < 2)
		goto usage;
	if (!strcmp(argv[1], "echo-client") && argc >= 4)
		return echo_client(addr_of(argv[2], argv[3]), argc - 3,
				   argv + 3);
	if (!strcmp(argv[1], "echo-server") && argc == 4)
		return echo_server(addr_of(argv[2], argv[3]));
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
usage:
	fprintf(stderr, "usage: see the comment at the top of peer.c\n");
	return 2;
}
