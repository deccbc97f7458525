// SPDX-License-Identifier: BSD-2-Clause
/*
 * Resource exhaustion and misuse on the XDP backend, for exhaust.sh and
 * crash.sh. Each mode prints "PASS ..." lines, or "FAIL ..." and exits 1.
 *
 *   cycles IFACE cycles N PEER_IP PEER_PORT
 *	N socket create/bind/close cycles on one stack, every 16th with a
 *	round trip to a kernel echo server (copying and zero-copy receive in
 *	turn), some unbound, some connected, half on one fixed port (it must
 *	be free again at once), half on ephemeral ones. Every 1000 cycles
 *	and at the end: the process has exactly the descriptors it had, and
 *	every UMEM frame is free or in a fill ring with none given back
 *	twice (afudp_stack_stats). Resident memory may grow by at most 4 MiB
 *	from cycle 1000 to N (in an ASan build LeakSanitizer checks at exit
 *	instead). Then it stops twice for exhaust.sh to dump the XDP maps:
 *	"HOLD one" with one socket bound, "HOLD none" with none; it goes on
 *	at SIGUSR1.
 *   cycles IFACE hold PORT
 *	a zero-copy server that stops giving buffers back: it takes datagrams
 *	with afudp_zc_recv() and keeps them until -ENOBUFS, says "HOARDING",
 *	keeps trying (it must stay -ENOBUFS, no crash) until SIGUSR1, then
 *	gives them all back and echoes whatever comes (zero-copy, in place)
 *	until SIGTERM; prints its socket counters at the end.
 *   cycles IFACE txfull PEER_IP PEER_PORT
 *	a stack with 64-entry rings and 128 frames: bursts of thousands of
 *	MSG_DONTWAIT sends (sendto, and sendmmsg by 64), each sent or
 *	-EAGAIN and nothing else; every datagram checks itself (sequence
 *	number, length, content) and the kernel echo server sends it back:
 *	none may come back corrupted or twice. Then no TX room at all: one
 *	socket holds every free frame (zero-copy send buffers), and another
 *	one's MSG_DONTWAIT send must give -EAGAIN, its blocking send must
 *	wait, and go (and come back) once the frames are given back.
 *   cycles IFACE flooded PORT PEER_IP PEER_PORT
 *	a stack with 64-entry rings and 128 frames, a socket on PORT that
 *	doesn't read and one on PORT + 1 that does (its reads give frames
 *	back to the fill ring): says "HOLD flooded", and both are flooded
 *	until SIGUSR1. Then the first must still send (blocking, 200
 *	datagrams to the kernel echo server) with its RX ring full: the
 *	receive side may not take every frame. Then it reads what is there
 *	and every frame must be back after close.
 *   cycles IFACE bind PORT QUEUE
 *	open a stack on one queue (opts.queues) and bind PORT; print "BOUND"
 *	and echo what comes (copying) until SIGTERM, or "BIND <error>" and
 *	wait for SIGTERM.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "afudp.h"

#define FAIL(...)                                                              \
	do {                                                                   \
		printf("FAIL " __VA_ARGS__);                                   \
		printf("\n");                                                  \
		fflush(stdout);                                                \
		exit(1);                                                       \
	} while (0)

static volatile sig_atomic_t got_usr1, got_term;

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		got_usr1 = 1;
	else
		got_term = 1;
}

static void catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

static void quiet(void *ctx, int level, const char *msg)
{
	(void)ctx;
	if (level <= 4) /* LOG_WARNING */
		fprintf(stderr, "afudp: %s\n", msg);
}

static struct afudp_stack *open_stack(const char *ifname, unsigned int frames,
				      unsigned int ring, const unsigned int *q)
{
	AFUDP_OPTS_INIT(afudp_stack_opts, o, .ifname = ifname,
			.backend = AFUDP_BACKEND_XDP, .frames = frames,
			.ring_size = ring, .queues = q, .n_queues = q ? 1 : 0,
			.log_fn = quiet);
	struct afudp_stack *st = afudp_stack_open(&o);

	if (!st)
		FAIL("afudp_stack_open %s: %s", ifname, strerror(errno));
	return st;
}

static struct sockaddr_in addr(const char *ip, const char *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };

	if (inet_pton(AF_INET, ip, &a.sin_addr) != 1)
		FAIL("bad address %s", ip);
	a.sin_port = htons((uint16_t)atoi(port));
	return a;
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		FAIL("/proc/self/fd: %s", strerror(errno));
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1;
}

static long rss_kib(void)
{
	long pages = 0, res = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (!f || fscanf(f, "%ld %ld", &pages, &res) != 2)
		FAIL("/proc/self/statm");
	fclose(f);
	return res * (sysconf(_SC_PAGESIZE) / 1024);
}

/* Every frame free or in a fill ring, none given back twice. */
static void check_frames(struct afudp_stack *st, const char *when)
{
	AFUDP_OPTS_INIT(afudp_stack_stats, s);

	if (afudp_stack_stats(st, &s))
		FAIL("afudp_stack_stats");
	if (s.frames_free + s.frames_fill != s.frames_total || s.frames_bad_put)
		FAIL("%s: frames: total %llu free %llu in fill rings %llu (%lld missing) bad puts %llu",
		     when, (unsigned long long)s.frames_total,
		     (unsigned long long)s.frames_free,
		     (unsigned long long)s.frames_fill,
		     (long long)(s.frames_total - s.frames_free -
				 s.frames_fill),
		     (unsigned long long)s.frames_bad_put);
}

static void hold_until_usr1(const char *what)
{
	printf("HOLD %s\n", what);
	fflush(stdout);
	while (!got_usr1 && !got_term)
		pause();
	got_usr1 = 0;
}

/* Wait for a datagram on @s for up to @ms; 1 if one may be there. */
static int wait_readable(struct afudp_socket *s, int ms)
{
	struct pollfd p = { .fd = afudp_socket_fd(s), .events = POLLIN };

	return poll(&p, 1, ms) > 0;
}

/* One round trip; zero-copy receive when @zc. Returns 0 or -1. */
static int round_trip(struct afudp_socket *s, const struct sockaddr_in *peer,
		      unsigned int i, int zc)
{
	char out[64], in[128];
	struct afudp_zc_msg m;
	int tries, n;
	ssize_t r;

	n = snprintf(out, sizeof(out), "cycle %u", i);
	if (afudp_sendto(s, out, n, 0, (const void *)peer, sizeof(*peer)) != n)
		return -1;
	for (tries = 0; tries < 400; tries++) {
		if (!wait_readable(s, 10))
			continue;
		if (zc) {
			if (afudp_zc_recv(s, &m, 1, MSG_DONTWAIT) != 1)
				continue;
			r = (ssize_t)m.len;
			if (m.len <= sizeof(in))
				memcpy(in, m.data, m.len);
			if (afudp_zc_release(s, &m, 1))
				FAIL("cycle %u: zc_release", i);
		} else {
			r = afudp_recv(s, in, sizeof(in), MSG_DONTWAIT);
			if (r == -EAGAIN)
				continue;
		}
		if (r == n && !memcmp(in, out, n))
			return 0; /* else a late echo: skip it */
	}
	return -1;
}

static int cycles(const char *ifname, int argc, char **argv)
{
	struct sockaddr_in peer, fixed = { .sin_family = AF_INET }, any;
	unsigned int n, i, trips = 0, lost = 0;
	int fds0, fds1, err;
	long rss1 = 0, rss2;
	struct afudp_stack *st;
	struct afudp_socket *s;

	if (argc != 3)
		return 2;
	n = (unsigned int)atoi(argv[0]);
	peer = addr(argv[1], argv[2]);
	fixed.sin_port = htons(23500);
	any = (struct sockaddr_in){ .sin_family = AF_INET };
	fds0 = count_fds();
	st = open_stack(ifname, 0, 0, NULL);
	fds1 = count_fds();
	for (i = 1; i <= n && !got_term; i++) {
		s = afudp_socket(st, NULL);
		if (!s)
			FAIL("cycle %u: afudp_socket: %s", i, strerror(errno));
		switch (i % 4) {
		case 0: /* never bound */
			break;
		case 1:
		case 3:
			err = afudp_bind(s,
					 (void *)(i % 4 == 1 ? &fixed : &any),
					 sizeof(fixed));
			if (err)
				FAIL("cycle %u: bind %s: %s", i,
				     i % 4 == 1 ? "the fixed port" :
						  "an ephemeral port",
				     strerror(-err));
			break;
		case 2: /* binds an ephemeral port itself */
			err = afudp_connect(s, (void *)&peer, sizeof(peer));
			if (err)
				FAIL("cycle %u: connect: %s", i,
				     strerror(-err));
			break;
		}
		if (i % 16 == 1 || i % 16 == 3 || i % 16 == 2) {
			trips++;
			if (round_trip(s, &peer, i, (i / 16) % 2))
				lost++;
		}
		afudp_close(s);
		if (i % 1000 == 0) {
			if (count_fds() != fds1)
				FAIL("after %u cycles: %d descriptors, %d before",
				     i, count_fds(), fds1);
			check_frames(st, "cycles");
			if (i == 1000)
				rss1 = rss_kib();
		}
	}
	if (count_fds() != fds1)
		FAIL("after the cycles: %d descriptors, %d before", count_fds(),
		     fds1);
	check_frames(st, "after the cycles");
	rss2 = rss_kib();
	printf("PASS %u cycles (%u round trips, %u lost), descriptors %d as before, frames all back, RSS %ld KiB at cycle 1000, %ld KiB at the end\n",
	       n, trips, lost, fds1, rss1, rss2);
	/* A lost echo is the network's business, unless most are lost. */
	if (lost > trips / 10)
		FAIL("%u of %u round trips lost", lost, trips);
	/*
	 * Under AddressSanitizer freed memory waits in its quarantine (up to
	 * 256 MiB), so RSS grows by design; there LeakSanitizer, at exit,
	 * is what says no byte was left behind.
	 */
#ifndef __SANITIZE_ADDRESS__
	if (rss1 && rss2 - rss1 > 4096)
		FAIL("RSS grew by %ld KiB over %u cycles", rss2 - rss1,
		     n - 1000);
#endif

	/* The XDP maps, seen from outside: one socket, then none. */
	s = afudp_socket(st, NULL);
	if (!s || afudp_bind(s, (void *)&fixed, sizeof(fixed)))
		FAIL("binding the fixed port after the cycles");
	hold_until_usr1("one 23500");
	afudp_close(s);
	hold_until_usr1("none");
	afudp_stack_close(st);
	if (count_fds() != fds0)
		FAIL("after afudp_stack_close: %d descriptors, %d before the stack",
		     count_fds(), fds0);
	printf("PASS stack closed, descriptors %d as before it opened\n", fds0);
	return 0;
}

static void print_stats(struct afudp_socket *s)
{
	AFUDP_OPTS_INIT(afudp_socket_stats, c);

	if (afudp_socket_stats(s, &c))
		FAIL("afudp_socket_stats");
	printf("stats rx %llu slow %llu ring-full %llu fill-empty %llu dropped %llu tx %llu\n",
	       (unsigned long long)c.rx_packets, (unsigned long long)c.rx_slow,
	       (unsigned long long)c.rx_ring_full,
	       (unsigned long long)c.rx_fill_empty,
	       (unsigned long long)c.rx_dropped,
	       (unsigned long long)c.tx_packets);
	fflush(stdout);
}

static int hold(const char *ifname, int argc, char **argv)
{
	static struct afudp_zc_msg held[1 << 15];
	struct sockaddr_in local = { .sin_family = AF_INET };
	struct afudp_zc_msg m[64];
	struct afudp_zc_buf b;
	struct afudp_stack *st;
	struct afudp_socket *s;
	unsigned int nheld = 0, i, echoed = 0, after = 0;
	int r, err;

	if (argc != 1)
		return 2;
	local.sin_port = htons((uint16_t)atoi(argv[0]));
	st = open_stack(ifname, 0, 0, NULL);
	s = afudp_socket(st, NULL);
	if (!s || (err = afudp_bind(s, (void *)&local, sizeof(local))))
		FAIL("socket/bind");
	printf("ready\n");
	fflush(stdout);
	/* Take, and keep, until the stack says no more. */
	for (;;) {
		if (got_term)
			FAIL("stopped before -ENOBUFS");
		r = afudp_zc_recv(s, m, 64, MSG_DONTWAIT);
		if (r == -EAGAIN) {
			wait_readable(s, 20);
			continue;
		}
		if (r == -ENOBUFS)
			break;
		if (r < 0)
			FAIL("zc_recv: %s", strerror(-r));
		for (i = 0; i < (unsigned int)r; i++) {
			if (nheld == (1u << 15))
				FAIL("lent more than %u datagrams", nheld);
			held[nheld++] = m[i];
		}
	}
	printf("HOARDING %u datagrams\n", nheld);
	print_stats(s);
	/* While hoarding: only -ENOBUFS, however often it is asked. */
	while (!got_usr1 && !got_term) {
		r = afudp_zc_recv(s, m, 64, MSG_DONTWAIT);
		if (r != -ENOBUFS)
			FAIL("while holding every buffer: zc_recv gave %d", r);
		usleep(2000);
	}
	got_usr1 = 0;
	print_stats(s);
	if (afudp_zc_release(s, held, nheld))
		FAIL("releasing the hoard");
	printf("RELEASED\n");
	fflush(stdout);
	/* Echo in place until told to stop. */
	while (!got_term) {
		r = afudp_zc_recv(s, m, 64, 0);
		if (r == -EINTR || r == -EAGAIN)
			continue;
		if (r < 0)
			FAIL("zc_recv after the release: %s", strerror(-r));
		for (i = 0; i < (unsigned int)r; i++) {
			after++;
			if (afudp_zc_from_rx(s, &m[i], &b)) {
				afudp_zc_release(s, &m[i], 1);
				continue;
			}
			if (afudp_zc_send(s, &b, m[i].len, 0, (void *)&m[i].src,
					  sizeof(m[i].src)) >= 0)
				echoed++;
		}
	}
	printf("PASS held %u, then received %u and echoed %u\n", nheld, after,
	       echoed);
	print_stats(s);
	afudp_close(s);
	check_frames(st, "hold: after close");
	afudp_stack_close(st);
	return 0;
}

/* A datagram that checks itself: seq, length, then bytes from the seq. */
static size_t make(uint8_t *p, uint32_t seq)
{
	size_t len = 16 + (seq * 7919u) % 1400, i;

	memcpy(p, &seq, 4);
	memcpy(p + 4, &len, 4);
	for (i = 8; i < len; i++)
		p[i] = (uint8_t)(seq * 31 + i);
	return len;
}

static int valid(const uint8_t *p, size_t n, uint32_t *seq)
{
	uint8_t want[1500];
	uint32_t len;

	if (n < 8)
		return 0;
	memcpy(seq, p, 4);
	memcpy(&len, p + 4, 4);
	return len == n && make(want, *seq) == n && !memcmp(want, p, n);
}

struct blocked_send {
	struct afudp_socket *s;
	struct sockaddr_in peer;
	volatile int done;
	ssize_t ret;
};

/* Join @t if it ends within @secs seconds; -1 if it does not. */
static int join_within(pthread_t t, int secs)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += secs;
	return pthread_timedjoin_np(t, NULL, &ts) ? -1 : 0;
}

static void *blocked_send(void *arg)
{
	struct blocked_send *b = arg;

	b->ret = afudp_sendto(b->s, "waited", 6, 0, (void *)&b->peer,
			      sizeof(b->peer));
	b->done = 1;
	return NULL;
}

/* Take the echoes there are now; count the bad ones. */
static void drain_echoes(struct afudp_socket *s, uint32_t sent, uint8_t *seen,
			 unsigned int *got, unsigned int *corrupt,
			 unsigned int *dup)
{
	uint8_t in[2048];
	uint32_t seq;
	ssize_t r;

	while ((r = afudp_recv(s, in, sizeof(in), MSG_DONTWAIT)) >= 0) {
		if (!valid(in, r, &seq) || seq >= sent)
			(*corrupt)++;
		else if (seen[seq]++)
			(*dup)++;
		else
			(*got)++;
	}
}

static int txfull(const char *ifname, int argc, char **argv)
{
	enum { BURSTS = 20, BURST = 2000, MM = 64 };
	static uint8_t seen[BURSTS * BURST + BURSTS * 20 * MM], bufs[MM][1500];
	unsigned int eagain = 0, partial = 0, corrupt = 0, dup = 0, got = 0;
	unsigned int held = 0, quiet_rounds = 0;
	AFUDP_OPTS_INIT(afudp_socket_stats, c);
	static struct afudp_zc_buf hoard[4096];
	struct iovec iov[MM];
	struct mmsghdr m[MM];
	struct sockaddr_in peer;
	struct afudp_stack *st;
	struct afudp_socket *s, *h;
	struct blocked_send bs;
	pthread_t thr;
	uint32_t seq = 0;
	uint64_t slow;
	ssize_t r;
	int b, k;

	if (argc != 2)
		return 2;
	peer = addr(argv[0], argv[1]);
	st = open_stack(ifname, 128, 64, NULL);
	s = afudp_socket(st, NULL);
	h = afudp_socket(st, NULL);
	if (!s || !h)
		FAIL("afudp_socket");

	/* Bursts: every send is sent or -EAGAIN, and nothing else. */
	for (b = 0; b < BURSTS; b++) {
		for (k = 0; k < BURST; k++) {
			size_t len = make(bufs[0], seq);

			r = afudp_sendto(s, bufs[0], len, MSG_DONTWAIT,
					 (void *)&peer, sizeof(peer));
			if (r == -EAGAIN) {
				eagain++;
				continue;
			}
			if (r != (ssize_t)len)
				FAIL("burst %d: sendto gave %zd (%s)", b, r,
				     r < 0 ? strerror((int)-r) : "short");
			seq++;
		}
		drain_echoes(s, seq, seen, &got, &corrupt, &dup);
		/* And in batches of 64: all, some (EAGAIN), or -EAGAIN. */
		for (k = 0; k < 20; k++) {
			int i, n;

			for (i = 0; i < MM; i++) {
				iov[i].iov_base = bufs[i];
				iov[i].iov_len = make(bufs[i], seq + i);
				memset(&m[i], 0, sizeof(m[i]));
				m[i].msg_hdr.msg_name = &peer;
				m[i].msg_hdr.msg_namelen = sizeof(peer);
				m[i].msg_hdr.msg_iov = &iov[i];
				m[i].msg_hdr.msg_iovlen = 1;
			}
			n = afudp_sendmmsg(s, m, MM, MSG_DONTWAIT);
			if (n == -EAGAIN) {
				eagain++;
				continue;
			}
			if (n < 1 || n > MM)
				FAIL("sendmmsg gave %d (%s)", n,
				     n < 0 ? strerror(-n) : "?");
			partial += n < MM;
			for (i = 0; i < n; i++)
				if (m[i].msg_len != iov[i].iov_len)
					FAIL("sendmmsg: msg_len %u for %zu",
					     m[i].msg_len, iov[i].iov_len);
			seq += n;
		}
		drain_echoes(s, seq, seen, &got, &corrupt, &dup);
	}
	while (quiet_rounds < 50) {
		if (!wait_readable(s, 10)) {
			quiet_rounds++;
			continue;
		}
		quiet_rounds = 0;
		drain_echoes(s, seq, seen, &got, &corrupt, &dup);
	}
	afudp_socket_stats(s, &c);
	printf("sent %u (EAGAIN %u, partial batches %u), echoes %u, corrupt %u, duplicate %u; tx ring-full %llu, slow %llu\n",
	       seq, eagain, partial, got, corrupt, dup,
	       (unsigned long long)c.tx_ring_full,
	       (unsigned long long)c.tx_slow);
	fflush(stdout);
	if (corrupt || dup)
		FAIL("%u corrupt, %u duplicate datagrams", corrupt, dup);
	if (!got)
		FAIL("no echo came back");

	/*
	 * No TX room at all: socket h holds every free frame of the queue
	 * (zero-copy send buffers), after making sure the fast path is
	 * taken (the neighbour resolved). Then a send on a fresh socket
	 * finds none: -EAGAIN with MSG_DONTWAIT; without, it waits, and
	 * goes as soon as h gives them back.
	 */
	for (k = 0; k < 200; k++) {
		afudp_socket_stats(h, &c);
		slow = c.tx_slow;
		afudp_sendto(h, "probe", 5, 0, (void *)&peer, sizeof(peer));
		afudp_socket_stats(h, &c);
		if (c.tx_slow == slow)
			break;
		usleep(10000);
	}
	if (k == 200)
		FAIL("the fast path never took a datagram to %s",
		     inet_ntoa(peer.sin_addr));
	while (held < 4096 &&
	       (r = afudp_zc_alloc(h, &hoard[held], 1, MSG_DONTWAIT)) == 1)
		held++;
	if (held == 4096 || (r != -EAGAIN && r != -ENOBUFS))
		FAIL("zc_alloc until none is free: %u, then %zd", held, r);
	s = afudp_socket(st, NULL);
	if (!s)
		FAIL("afudp_socket");
	r = afudp_sendto(s, "x", 1, MSG_DONTWAIT, (void *)&peer, sizeof(peer));
	if (r != -EAGAIN)
		FAIL("no free frame: MSG_DONTWAIT sendto gave %zd, not -EAGAIN",
		     r);
	bs = (struct blocked_send){ .s = s, .peer = peer };
	if (pthread_create(&thr, NULL, blocked_send, &bs))
		FAIL("pthread_create");
	usleep(200 * 1000);
	if (bs.done)
		FAIL("a blocking sendto with no free frame returned %zd",
		     bs.ret);
	if (afudp_zc_free(h, hoard, held))
		FAIL("zc_free");
	if (join_within(thr, 10)) {
		/* Say what it took, clean up, then fail. */
		afudp_close(h);
		k = join_within(thr, 10);
		printf("FAIL 10 s after the frames were given back (afudp_zc_free), a blocking sendto on another socket of the queue still waited; it went on %s\n",
		       k ? "never, even after the holder was closed" :
			   "when the holder was closed");
		if (k)
			exit(1);
		afudp_close(s);
		afudp_stack_close(st);
		exit(1);
	}
	if (bs.ret != 6)
		FAIL("the blocked sendto gave %zd once frames were free",
		     bs.ret);
	for (k = 0; k < 300; k++) {
		char in[16];

		if (!wait_readable(s, 10))
			continue;
		r = afudp_recv(s, in, sizeof(in), MSG_DONTWAIT);
		if (r == 6 && !memcmp(in, "waited", 6))
			break;
	}
	if (k == 300)
		FAIL("the datagram that waited never came back");
	printf("PASS bursts: sent or -EAGAIN, nothing corrupted or duplicated; %u frames held: -EAGAIN without waiting, a blocking send waited and went\n",
	       held);
	afudp_close(s);
	afudp_close(h);
	check_frames(st, "txfull: after close");
	afudp_stack_close(st);
	return 0;
}

struct send_many {
	struct afudp_socket *s;
	struct sockaddr_in peer;
	unsigned int sent;
	ssize_t err;
};

static void *send_many(void *arg)
{
	struct send_many *b = arg;
	char msg[64] = "flooded";
	ssize_t r;

	for (b->sent = 0; b->sent < 200; b->sent++) {
		r = afudp_sendto(b->s, msg, sizeof(msg), 0, (void *)&b->peer,
				 sizeof(b->peer));
		if (r != sizeof(msg)) {
			b->err = r;
			break;
		}
	}
	return NULL;
}

static int flooded(const char *ifname, int argc, char **argv)
{
	struct sockaddr_in local = { .sin_family = AF_INET };
	AFUDP_OPTS_INIT(afudp_socket_stats, c);
	struct afudp_stack *st;
	struct afudp_socket *r;
	struct send_many b;
	unsigned int got = 0, read = 0;
	char buf[2048];
	pthread_t thr;
	int k;

	if (argc != 3)
		return 2;
	local.sin_port = htons((uint16_t)atoi(argv[0]));
	b = (struct send_many){ .peer = addr(argv[1], argv[2]) };
	st = open_stack(ifname, 128, 64, NULL);
	b.s = afudp_socket(st, NULL);
	if (!b.s || afudp_bind(b.s, (void *)&local, sizeof(local)))
		FAIL("socket on port %s", argv[0]);
	local.sin_port = htons((uint16_t)(atoi(argv[0]) + 1));
	r = afudp_socket(st, NULL);
	if (!r || afudp_bind(r, (void *)&local, sizeof(local)))
		FAIL("socket on port %s + 1", argv[0]);
	/* The neighbour resolved, so that sends take the fast path. */
	for (k = 0; k < 200; k++) {
		afudp_socket_stats(b.s, &c);
		if (c.tx_packets > c.tx_slow)
			break;
		afudp_sendto(b.s, "probe", 5, 0, (void *)&b.peer,
			     sizeof(b.peer));
		usleep(10000);
	}
	if (k == 200)
		FAIL("the fast path never took a datagram");
	printf("HOLD flooded\n");
	while (!got_usr1 && !got_term)
		if (afudp_recv(r, buf, sizeof(buf), MSG_DONTWAIT) >= 0)
			read++;
		else
			usleep(100);
	if (pthread_create(&thr, NULL, send_many, &b))
		FAIL("pthread_create");
	if (join_within(thr, 10))
		FAIL("flooded, RX ring full: blocking sends stuck after %u of 200 (the receive side took every frame; the reader read %u)",
		     b.sent, read);
	if (b.err)
		FAIL("send %u gave %zd", b.sent, b.err);
	while (afudp_recv(b.s, buf, sizeof(buf), MSG_DONTWAIT) >= 0)
		got++;
	afudp_socket_stats(b.s, &c);
	printf("PASS flooded: 200 blocking sends went with the RX ring full (ring-full %llu, fill-empty %llu), %u datagrams read after; the other socket read %u\n",
	       (unsigned long long)c.rx_ring_full,
	       (unsigned long long)c.rx_fill_empty, got, read);
	afudp_close(r);
	afudp_close(b.s);
	check_frames(st, "flooded: after close");
	afudp_stack_close(st);
	return 0;
}

static int bind_queue(const char *ifname, int argc, char **argv)
{
	struct sockaddr_in local = { .sin_family = AF_INET };
	unsigned int q;
	struct afudp_stack *st;
	struct afudp_socket *s;
	int err;

	if (argc != 2)
		return 2;
	local.sin_port = htons((uint16_t)atoi(argv[0]));
	q = (unsigned int)atoi(argv[1]);
	st = open_stack(ifname, 0, 0, &q);
	s = afudp_socket(st, NULL);
	if (!s)
		FAIL("afudp_socket: %s", strerror(errno));
	err = afudp_bind(s, (void *)&local, sizeof(local));
	if (err)
		printf("BIND %s\n",
		       err == -EADDRINUSE ? "EADDRINUSE" : strerror(-err));
	else
		printf("BOUND\n");
	fflush(stdout);
	while (!got_term) {
		struct sockaddr_in src;
		socklen_t sl = sizeof(src);
		char buf[2048];
		ssize_t r;

		if (err) {
			pause();
			continue;
		}
		wait_readable(s, 100);
		r = afudp_recvfrom(s, buf, sizeof(buf), MSG_DONTWAIT,
				   (void *)&src, &sl);
		if (r >= 0)
			afudp_sendto(s, buf, r, 0, (void *)&src, sl);
	}
	afudp_close(s);
	afudp_stack_close(st);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	catch_signals();
	if (argc >= 3 && !strcmp(argv[2], "cycles"))
		return cycles(argv[1], argc - 3, argv + 3);
	if (argc >= 3 && !strcmp(argv[2], "hold"))
		return hold(argv[1], argc - 3, argv + 3);
	if (argc >= 3 && !strcmp(argv[2], "txfull"))
		return txfull(argv[1], argc - 3, argv + 3);
	if (argc >= 3 && !strcmp(argv[2], "flooded"))
		return flooded(argv[1], argc - 3, argv + 3);
	if (argc >= 3 && !strcmp(argv[2], "bind"))
		return bind_queue(argv[1], argc - 3, argv + 3);
	fprintf(stderr, "usage: see the comment at the top of cycles.c\n");
	return 2;
}
