// SPDX-License-Identifier: BSD-2-Clause
/*
 * A matrix of socket-option combinations, for optmatrix.sh: what an
 * application can observe of a UDP socket, written as a transcript that the
 * script compares between two runs of this same program in namespace A,
 * one on kernel sockets, one under afudp-run (libafudp-preload). Plain BSD
 * sockets only, no libafudp: both runs execute the same calls.
 *
 *   optprog NS_B IP_A IP_B BASE [2|3]
 *   optprog -n 2|3		(how many combinations: the script's plan)
 *
 * The combinations cover every t-tuple (3 by default, or pairs) of the
 * levels of the factors below: a covering array built by a greedy,
 * seeded, deterministic search, so both runs have the same matrix.
 * Combination i uses port BASE + i in A; BASE - 1 is the barrier socket.
 * Namespace B's sockets are made here too (setns), so one process drives
 * both sides: B sends the same datagrams in both runs.
 *
 * Per combination: a socket with its options, bound, maybe connected to
 * B; B sends a datagram from a second port (a stranger: a connected
 * socket must not get it), then NDG datagrams with their own TOS, TTL and
 * length from its main port, then one to the barrier socket; once the
 * barrier arrived (the veth delivers in order, so the others did too) the
 * socket reads as its combination says (some after a MSG_PEEK read or
 * FIONREAD) until a read fails, then sends one datagram to B (with its
 * control messages), which B reads.
 *
 * Output: "C id description", "T id what was observed" per call (return
 * values, errno, msg_flags, addresses, each control message's level, type,
 * length and value, payload; of timestamps only the type, length and
 * whether they lie between B's send and the read), "P id port rx tx" (the
 * datagrams the socket should have received and sent), "DONE"; then it
 * keeps its sockets open (afudp-stat reads their counters) until SIGTERM,
 * 60 s at most.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>

#define NDG 3		/* datagrams from B's main port per combination */
#define MAXC 400	/* combinations at most */
#define WAIT_MS 2000	/* for a datagram that was sent (never reached) */
#define RCVTIMEO_MS 30	/* blocking sockets' SO_RCVTIMEO */
#define SHORT 16	/* the short buffer */
#define VLEN (NDG + 2)	/* recvmmsg's vlen: one more than can come */
#define CTL 512

/* ---- the factors ---------------------------------------------------------- */

enum {
	F_PKTINFO,	/* IP_PKTINFO */
	F_RECVTOS,	/* IP_RECVTOS */
	F_RECVTTL,	/* IP_RECVTTL */
	F_ORIGDST,	/* IP_RECVORIGDSTADDR */
	F_TS,		/* SO_TIMESTAMP */
	F_TSNS,		/* SO_TIMESTAMPNS (set after SO_TIMESTAMP: it wins) */
	F_AFTER,	/* those options set after bind/connect, not before */
	F_REUSEPORT,	/* SO_REUSEPORT (before the bind) */
	F_SPECIFIC,	/* bound to IP_A, not 0.0.0.0 */
	F_CONNECT,	/* connect()ed to B's main port */
	F_NONBLOCK,	/* O_NONBLOCK; else blocking with SO_RCVTIMEO */
	F_PEEK,		/* first: nothing, a MSG_PEEK read, FIONREAD */
	F_API,		/* recvmsg, recvmmsg, recvfrom */
	F_TRUNC,	/* full buffer, short buffer, short buffer + MSG_TRUNC */
	F_SEND,		/* plain send, IP_PKTINFO, IP_TOS, both as cmsgs */
	NF
};
static const int levels[NF] = { 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 4 };
enum { API_RECVMSG, API_RECVMMSG, API_RECVFROM };

struct combo {
	uint8_t v[NF];
};
static struct combo cs[MAXC];
static int ncs;

/* ---- a covering array of strength t -------------------------------------- */

static uint32_t rng = 2463534242u;
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* The t-tuples of factors, and per tuple which level combinations are met. */
#define MAXT 3
struct tup {
	int f[MAXT];
	int n;		/* level combinations */
	uint8_t *hit;
};
static struct tup *tups;
static int ntups, strength;

static int cell(const struct tup *t, const uint8_t *v)
{
	int i, c = 0;

	for (i = 0; i < strength; i++)
		c = c * levels[t->f[i]] + v[t->f[i]];
	return c;
}

static void add_tuple(int a, int b, int c)
{
	struct tup *t = &tups[ntups++];

	t->f[0] = a;
	t->f[1] = b;
	t->f[2] = c;
	t->n = levels[a] * levels[b] * (strength == 3 ? levels[c] : 1);
	t->hit = calloc(t->n, 1);
	if (!t->hit)
		exit(2);
}

static void make_tuples(void)
{
	int a, b, c;

	tups = calloc(NF * NF * NF, sizeof(*tups));
	if (!tups)
		exit(2);
	for (a = 0; a < NF; a++)
		for (b = a + 1; b < NF; b++) {
			if (strength == 2)
				add_tuple(a, b, -1);
			else
				for (c = b + 1; c < NF; c++)
					add_tuple(a, b, c);
		}
}

static int gain(const uint8_t *v)
{
	int i, g = 0;

	for (i = 0; i < ntups; i++)
		g += !tups[i].hit[cell(&tups[i], v)];
	return g;
}

static void build_matrix(void)
{
	uint8_t best[NF], v[NF];
	int i, k, bg, g, rest;

	make_tuples();
	for (;;) {
		/* The first uncovered cell: every candidate covers it. */
		struct tup *u = NULL;
		int uc = 0;

		for (i = 0; i < ntups && !u; i++)
			for (k = 0; k < tups[i].n; k++)
				if (!tups[i].hit[k]) {
					u = &tups[i];
					uc = k;
					break;
				}
		if (!u)
			break;
		bg = -1;
		for (k = 0; k < 64; k++) {
			for (i = 0; i < NF; i++)
				v[i] = rnd() % levels[i];
			rest = uc;
			for (i = strength - 1; i >= 0; i--) {
				v[u->f[i]] = rest % levels[u->f[i]];
				rest /= levels[u->f[i]];
			}
			g = gain(v);
			if (g > bg) {
				bg = g;
				memcpy(best, v, NF);
			}
		}
		if (ncs == MAXC) {
			fprintf(stderr, "optprog: more than %d combinations\n",
				MAXC);
			exit(2);
		}
		memcpy(cs[ncs++].v, best, NF);
		for (i = 0; i < ntups; i++)
			tups[i].hit[cell(&tups[i], best)] = 1;
	}
}

/* ---- output ---------------------------------------------------------------- */

static int cur;	/* the combination being run */

static void T(const char *fmt, ...)
{
	va_list ap;

	printf("T c%03d ", cur);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static const char *errname(int e)
{
	static char b[32];

	switch (e) {
	case EAGAIN: return "EAGAIN";
	case EINVAL: return "EINVAL";
	case EINTR: return "EINTR";
	case ECONNREFUSED: return "ECONNREFUSED";
	case EADDRINUSE: return "EADDRINUSE";
	case ENOPROTOOPT: return "ENOPROTOOPT";
	case EFAULT: return "EFAULT";
	case ENOTCONN: return "ENOTCONN";
	case EMSGSIZE: return "EMSGSIZE";
	}
	snprintf(b, sizeof(b), "errno %d", e);
	return b;
}

/* "ret N" or "-1 ENAME", for a call's result. */
static const char *res(long r)
{
	static char b[64];

	if (r < 0)
		snprintf(b, sizeof(b), "-1 %s", errname(errno));
	else
		snprintf(b, sizeof(b), "%ld", r);
	return b;
}

static const char *sin_str(const void *p, socklen_t len)
{
	static char b[2][64];
	static int w;
	const struct sockaddr_in *s = p;
	char *o = b[w++ & 1];

	if (len < sizeof(*s)) {
		snprintf(o, 64, "(namelen %u)", (unsigned)len);
		return o;
	}
	snprintf(o, 64, "%s/%u:%u(len %u)", s->sin_family == AF_INET ?
		 "inet" : "other", (unsigned)s->sin_family,
		 ntohs(s->sin_port), (unsigned)len);
	snprintf(o + strlen(o), 64 - strlen(o), " %s", inet_ntoa(s->sin_addr));
	return o;
}

static const char *flags_str(int f)
{
	static char b[128];

	snprintf(b, sizeof(b), "flags 0x%x%s%s%s", f,
		 f & MSG_TRUNC ? " TRUNC" : "", f & MSG_CTRUNC ? " CTRUNC" : "",
		 f & MSG_ERRQUEUE ? " ERRQUEUE" : "");
	return b;
}

static int64_t real_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

static int64_t t_sent, t_read; /* B's sends began; the read returned */

static const char *plausible(int64_t ns, int64_t grain)
{
	/* Between B's send (to the clock's grain) and the end of the read. */
	return ns >= t_sent / grain * grain && ns <= t_read ? "plausible" :
								"IMPLAUSIBLE";
}

/* The control messages of @m, each on its own line. */
static void cmsgs(const struct msghdr *m, const char *who)
{
	struct cmsghdr *c;
	char v[160];

	T("%s controllen %zu", who, (size_t)m->msg_controllen);
	if (!m->msg_control)
		return;
	for (c = CMSG_FIRSTHDR((struct msghdr *)m); c;
	     c = CMSG_NXTHDR((struct msghdr *)m, c)) {
		size_t dl = c->cmsg_len - CMSG_LEN(0);

		v[0] = 0;
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO &&
		    dl >= sizeof(struct in_pktinfo)) {
			struct in_pktinfo pi;
			char a[20];

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			snprintf(a, sizeof(a), "%s", inet_ntoa(pi.ipi_addr));
			snprintf(v, sizeof(v), "IP_PKTINFO ifindex %d spec_dst %s addr %s",
				 pi.ipi_ifindex, inet_ntoa(pi.ipi_spec_dst), a);
		} else if (c->cmsg_level == IPPROTO_IP &&
			   c->cmsg_type == IP_TOS && dl >= 1) {
			snprintf(v, sizeof(v), "IP_TOS 0x%02x", CMSG_DATA(c)[0]);
		} else if (c->cmsg_level == IPPROTO_IP &&
			   c->cmsg_type == IP_TTL && dl >= sizeof(int)) {
			int t;

			memcpy(&t, CMSG_DATA(c), sizeof(t));
			snprintf(v, sizeof(v), "IP_TTL %d", t);
		} else if (c->cmsg_level == IPPROTO_IP &&
			   c->cmsg_type == IP_ORIGDSTADDR &&
			   dl >= sizeof(struct sockaddr_in)) {
			struct sockaddr_in s;

			memcpy(&s, CMSG_DATA(c), sizeof(s));
			snprintf(v, sizeof(v), "IP_ORIGDSTADDR %s",
				 sin_str(&s, sizeof(s)));
		} else if (c->cmsg_level == SOL_SOCKET &&
			   c->cmsg_type == SO_TIMESTAMP &&
			   dl >= sizeof(struct timeval)) {
			struct timeval tv;

			memcpy(&tv, CMSG_DATA(c), sizeof(tv));
			snprintf(v, sizeof(v), "SO_TIMESTAMP %s",
				 plausible(tv.tv_sec * 1000000000ll +
						   tv.tv_usec * 1000ll,
					   1000));
		} else if (c->cmsg_level == SOL_SOCKET &&
			   c->cmsg_type == SO_TIMESTAMPNS &&
			   dl >= sizeof(struct timespec)) {
			struct timespec ts;

			memcpy(&ts, CMSG_DATA(c), sizeof(ts));
			snprintf(v, sizeof(v), "SO_TIMESTAMPNS %s",
				 plausible(ts.tv_sec * 1000000000ll + ts.tv_nsec,
					   1));
		} else {
			size_t i;

			snprintf(v, sizeof(v), "bytes");
			for (i = 0; i < dl && i < 24; i++)
				snprintf(v + strlen(v), sizeof(v) - strlen(v),
					 " %02x", CMSG_DATA(c)[i]);
		}
		T("%s cmsg level %d type %d len %zu %s", who, c->cmsg_level,
		  c->cmsg_type, (size_t)c->cmsg_len, v);
	}
}

static void payload(const char *who, const char *buf, long n, size_t size)
{
	size_t k = n < 0 ? 0 : (size_t)n < size ? (size_t)n : size;

	T("%s payload '%.*s'", who, (int)k, buf);
}

/* ---- namespaces and B's sockets ------------------------------------------- */

static int ns_a, ns_b;
static int b_main, b_other, b_rx; /* B's main, stranger, receiving ports */
static struct in_addr ip_a, ip_b;
static uint16_t pb, pb2, pbr;

static void die(const char *what)
{
	printf("FATAL %s: %s\n", what, strerror(errno));
	exit(1);
}

static struct sockaddr_in sa(struct in_addr a, uint16_t port)
{
	struct sockaddr_in s = { .sin_family = AF_INET, .sin_addr = a,
				 .sin_port = htons(port) };
	return s;
}

static int udp_bound(struct in_addr a, uint16_t port, bool cm)
{
	struct sockaddr_in s = sa(a, port);
	int one = 1, fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&s, sizeof(s)))
		die("bind");
	if (cm && (setsockopt(fd, IPPROTO_IP, IP_RECVTOS, &one, sizeof(one)) ||
		   setsockopt(fd, IPPROTO_IP, IP_RECVTTL, &one, sizeof(one)) ||
		   setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one))))
		die("B's options");
	return fd;
}

/* B sends @len bytes of @pl from @fd to A's @port, with TOS and TTL. */
static void b_send(int fd, uint16_t port, const char *pl, size_t len, int tos,
		   int ttl)
{
	struct sockaddr_in d = sa(ip_a, port);
	struct iovec iov = { (void *)pl, len };
	union {
		char b[CMSG_SPACE(sizeof(int)) * 2];
		struct cmsghdr al;
	} u;
	struct msghdr m = { .msg_name = &d, .msg_namelen = sizeof(d),
			    .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = u.b, .msg_controllen = sizeof(u.b) };
	struct cmsghdr *c;

	memset(&u, 0, sizeof(u));
	c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = IPPROTO_IP;
	c->cmsg_type = IP_TOS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &tos, sizeof(int));
	c = CMSG_NXTHDR(&m, c);
	c->cmsg_level = IPPROTO_IP;
	c->cmsg_type = IP_TTL;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &ttl, sizeof(int));
	if (sendmsg(fd, &m, 0) != (ssize_t)len)
		die("B's send");
}

/* Wait for @fd readable, WAIT_MS at most. */
static bool readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, WAIT_MS) == 1;
}

/* ---- one combination --------------------------------------------------------- */

static const int tos_of[NDG] = { 0x00, 0x28, 0xb8 };
static const int ttl_of[NDG] = { 64, 7, 200 };
static int barrier;
static uint16_t base;

static void describe(const struct combo *c)
{
	static const char *const api[] = { "recvmsg", "recvmmsg", "recvfrom" };
	static const char *const tr[] = { "full-buffer", "short-buffer",
					  "short-buffer+MSG_TRUNC" };
	static const char *const snd[] = { "send-plain", "send-cmsg-pktinfo",
					   "send-cmsg-tos",
					   "send-cmsg-pktinfo+tos" };
	static const char *const opt[] = {
		"IP_PKTINFO", "IP_RECVTOS", "IP_RECVTTL", "IP_RECVORIGDSTADDR",
		"SO_TIMESTAMP", "SO_TIMESTAMPNS", NULL, "SO_REUSEPORT",
	};
	const uint8_t *v = c->v;
	int i, any = 0;

	printf("C c%03d ", cur);
	for (i = 0; i <= F_TSNS; i++)
		if (v[i])
			printf("%s%s", any++ ? "+" : "", opt[i]);
	if (!any)
		printf("no-cmsg-options");
	if (any)
		printf(v[F_AFTER] ? "(after-bind)" : "(before-bind)");
	if (v[F_REUSEPORT])
		printf(" SO_REUSEPORT");
	printf(" %s %s %s%s %s %s %s\n", v[F_SPECIFIC] ? "bound-addr" : "bound-any",
	       v[F_CONNECT] ? "connected" : "unconnected",
	       v[F_NONBLOCK] ? "O_NONBLOCK" : "blocking+SO_RCVTIMEO",
	       v[F_PEEK] == 1 ? " MSG_PEEK-first" :
	       v[F_PEEK] == 2 ? " FIONREAD-first" : "", api[v[F_API]], tr[v[F_TRUNC]],
	       snd[v[F_SEND]]);
}

static void set_cmsg_opts(int s, const uint8_t *v)
{
	static const int lv[] = { IPPROTO_IP, IPPROTO_IP, IPPROTO_IP,
				  IPPROTO_IP, SOL_SOCKET, SOL_SOCKET };
	static const int nm[] = { IP_PKTINFO, IP_RECVTOS, IP_RECVTTL,
				  IP_RECVORIGDSTADDR, SO_TIMESTAMP,
				  SO_TIMESTAMPNS };
	static const char *const nn[] = { "IP_PKTINFO", "IP_RECVTOS",
					  "IP_RECVTTL", "IP_RECVORIGDSTADDR",
					  "SO_TIMESTAMP", "SO_TIMESTAMPNS" };
	int i, one = 1, got, r;
	socklen_t gl;

	for (i = 0; i <= F_TSNS; i++) {
		if (!v[i])
			continue;
		T("setsockopt %s %s", nn[i],
		  res(setsockopt(s, lv[i], nm[i], &one, sizeof(one))));
		got = -1;
		gl = sizeof(got);
		r = getsockopt(s, lv[i], nm[i], &got, &gl);
		T("getsockopt %s %s value %d len %u", nn[i], res(r), got,
		  (unsigned)gl);
	}
}

/* One read of the combination's kind; returns how many datagrams it took
 * (or -1 for a failure). */
static int read_one(int s, const uint8_t *v, int flags, const char *who)
{
	char buf[VLEN][2048], ctl[VLEN][CTL];
	struct sockaddr_in src[VLEN];
	struct iovec iov[VLEN];
	struct mmsghdr mm[VLEN];
	size_t size = v[F_TRUNC] ? SHORT : sizeof(buf[0]);
	int i, n;
	long r;

	if (v[F_TRUNC] == 2)
		flags |= MSG_TRUNC;
	memset(mm, 0, sizeof(mm));
	memset(src, 0x5a, sizeof(src));
	memset(buf, 0, sizeof(buf));
	for (i = 0; i < VLEN; i++) {
		iov[i].iov_base = buf[i];
		iov[i].iov_len = size;
		mm[i].msg_hdr.msg_name = &src[i];
		mm[i].msg_hdr.msg_namelen = sizeof(src[i]);
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
		mm[i].msg_hdr.msg_control = ctl[i];
		mm[i].msg_hdr.msg_controllen = sizeof(ctl[i]);
		mm[i].msg_hdr.msg_flags = 0x7f000000;
	}
	switch (v[F_API]) {
	case API_RECVFROM: {
		socklen_t sl = sizeof(src[0]);

		r = recvfrom(s, buf[0], size, flags, (struct sockaddr *)&src[0],
			     &sl);
		T("%s recvfrom %s", who, res(r));
		if (r < 0)
			return -1;
		T("%s source %s", who, sin_str(&src[0], sl));
		payload(who, buf[0], r, size);
		return 1;
	}
	case API_RECVMSG:
		r = recvmsg(s, &mm[0].msg_hdr, flags);
		T("%s recvmsg %s", who, res(r));
		if (r < 0)
			return -1;
		mm[0].msg_len = r;
		n = 1;
		break;
	default:
		/* Room for more than is there: the call ends on EAGAIN (at
		 * once, or after SO_RCVTIMEO) with what it has. */
		r = recvmmsg(s, mm, VLEN, flags, NULL);
		T("%s recvmmsg %s", who, res(r));
		if (r < 0)
			return -1;
		n = r;
		break;
	}
	t_read = real_ns();
	for (i = 0; i < n; i++) {
		struct msghdr *m = &mm[i].msg_hdr;

		T("%s [%d] len %u %s source %s", who, i, mm[i].msg_len,
		  flags_str(m->msg_flags), sin_str(&src[i], m->msg_namelen));
		cmsgs(m, who);
		payload(who, buf[i], mm[i].msg_len, size);
	}
	return n;
}

/* A's send to B (its main port if connected, else its receiving port),
 * and what B receives. */
static void a_send(int s, const uint8_t *v)
{
	struct sockaddr_in d = sa(ip_b, pbr);
	char pl[64];
	struct iovec iov = { pl, 0 };
	union {
		char b[CMSG_SPACE(sizeof(struct in_pktinfo)) +
		       CMSG_SPACE(sizeof(int))];
		struct cmsghdr al;
	} u;
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;
	int rfd = v[F_CONNECT] ? b_main : b_rx, tos = 0x48;
	long r;

	iov.iov_len = snprintf(pl, sizeof(pl), "c%03d-from-A", cur);
	if (!v[F_CONNECT]) {
		m.msg_name = &d;
		m.msg_namelen = sizeof(d);
	}
	if (v[F_SEND] == 0) {
		if (v[F_CONNECT])
			r = send(s, pl, iov.iov_len, 0);
		else
			r = sendto(s, pl, iov.iov_len, 0, (struct sockaddr *)&d,
				   sizeof(d));
		T("send %s", res(r));
	} else {
		memset(&u, 0, sizeof(u));
		m.msg_control = u.b;
		m.msg_controllen = 0;
		c = (struct cmsghdr *)u.b;
		if (v[F_SEND] & 1) {
			struct in_pktinfo pi = { .ipi_spec_dst = ip_a };

			c->cmsg_level = IPPROTO_IP;
			c->cmsg_type = IP_PKTINFO;
			c->cmsg_len = CMSG_LEN(sizeof(pi));
			memcpy(CMSG_DATA(c), &pi, sizeof(pi));
			m.msg_controllen += CMSG_SPACE(sizeof(pi));
			c = (struct cmsghdr *)(u.b + m.msg_controllen);
		}
		if (v[F_SEND] & 2) {
			c->cmsg_level = IPPROTO_IP;
			c->cmsg_type = IP_TOS;
			c->cmsg_len = CMSG_LEN(sizeof(int));
			memcpy(CMSG_DATA(c), &tos, sizeof(int));
			m.msg_controllen += CMSG_SPACE(sizeof(int));
		}
		r = sendmsg(s, &m, 0);
		T("sendmsg %s", res(r));
	}
	if (r < 0)
		return;
	/* B: its kernel socket's view of A's datagram. */
	{
		char buf[256], ctl[CTL];
		struct sockaddr_in src;
		struct iovec bi = { buf, sizeof(buf) };
		struct msghdr bm = { .msg_name = &src,
				     .msg_namelen = sizeof(src),
				     .msg_iov = &bi, .msg_iovlen = 1,
				     .msg_control = ctl,
				     .msg_controllen = sizeof(ctl) };

		if (!readable(rfd)) {
			T("B got nothing in %d ms", WAIT_MS);
			return;
		}
		r = recvmsg(rfd, &bm, MSG_DONTWAIT);
		T("B recvmsg %s %s source %s", res(r), flags_str(bm.msg_flags),
		  sin_str(&src, bm.msg_namelen));
		cmsgs(&bm, "B");
		payload("B", buf, r, sizeof(buf));
	}
}

/* The combination @c on port @port; the socket stays open. Returns the
 * datagrams it should have received. */
static int run(const struct combo *c, uint16_t port)
{
	const uint8_t *v = c->v;
	struct sockaddr_in me = sa(v[F_SPECIFIC] ? ip_a : (struct in_addr){ 0 },
				   port),
			   peer = sa(ip_b, pb), got;
	socklen_t gl;
	char pl[128], bb[64];
	int s, one = 1, i, n, total = 0, calls;
	long r;

	describe(c);
	s = socket(AF_INET, SOCK_DGRAM, 0);
	T("socket %s", s < 0 ? res(s) : "ok");
	if (s < 0)
		return 0;
	if (v[F_REUSEPORT])
		T("setsockopt SO_REUSEPORT %s",
		  res(setsockopt(s, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one))));
	if (v[F_NONBLOCK]) {
		T("fcntl O_NONBLOCK %s",
		  res(fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK)));
	} else {
		struct timeval tv = { 0, RCVTIMEO_MS * 1000 };

		T("setsockopt SO_RCVTIMEO %s",
		  res(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv))));
	}
	if (!v[F_AFTER])
		set_cmsg_opts(s, v);
	T("bind %s", res(bind(s, (struct sockaddr *)&me, sizeof(me))));
	gl = sizeof(got);
	r = getsockname(s, (struct sockaddr *)&got, &gl);
	T("getsockname %s %s", res(r), sin_str(&got, gl));
	if (v[F_CONNECT]) {
		T("connect %s",
		  res(connect(s, (struct sockaddr *)&peer, sizeof(peer))));
		gl = sizeof(got);
		r = getsockname(s, (struct sockaddr *)&got, &gl);
		T("getsockname %s %s", res(r), sin_str(&got, gl));
		gl = sizeof(got);
		r = getpeername(s, (struct sockaddr *)&got, &gl);
		T("getpeername %s %s", res(r), sin_str(&got, gl));
	}
	if (v[F_AFTER])
		set_cmsg_opts(s, v);

	/* B's datagrams: a stranger's, then NDG from its main port, then the
	 * barrier. */
	t_sent = real_ns();
	n = snprintf(pl, sizeof(pl), "c%03d-from-a-stranger", cur);
	b_send(b_other, port, pl, n, 0x04, 33);
	for (i = 0; i < NDG; i++) {
		n = snprintf(pl, sizeof(pl), "c%03d-datagram-%d-%.*s", cur, i,
			     8 * i + 3, "abcdefghijklmnopqrstuvwxyz0123456789");
		b_send(b_main, port, pl, n, tos_of[i], ttl_of[i]);
	}
	b_send(b_main, base - 1, "barrier", 7, 0, 64);
	if (!readable(barrier) || recv(barrier, bb, sizeof(bb), MSG_DONTWAIT) != 7)
		T("the barrier datagram did not come");

	if (v[F_PEEK] == 2) {
		int q = -1;

		r = ioctl(s, FIONREAD, &q);
		T("FIONREAD %s value %d", res(r), q);
	} else if (v[F_PEEK]) {
		n = read_one(s, v, MSG_PEEK, "peek");
		if (n < 0)
			T("peek failed");
	}
	for (calls = 0; calls < 8; calls++) {
		n = read_one(s, v, 0, "read");
		if (n < 0)
			break;
		total += n;
	}
	T("read %d datagrams in %d calls", total, calls);
	a_send(s, v);
	T("end");
	return NDG + !v[F_CONNECT];
}

int main(int argc, char **argv)
{
	char path[256];
	sigset_t term;
	struct timespec lim = { 60, 0 };
	int i, want[MAXC];

	if (argc == 3 && !strcmp(argv[1], "-n")) {
		/* The matrix's size only. */
		strength = atoi(argv[2]);
		if (strength != 2 && strength != 3)
			return 2;
		build_matrix();
		printf("%d\n", ncs);
		return 0;
	}
	if (argc < 5) {
		fprintf(stderr, "usage: optprog NS_B IP_A IP_B BASE [2|3]\n"
				"       optprog -n 2|3\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	alarm(100); /* a read that never returns ends the run */
	if (!inet_aton(argv[2], &ip_a) || !inet_aton(argv[3], &ip_b))
		return 2;
	base = atoi(argv[4]);
	strength = argc > 5 ? atoi(argv[5]) : 3;
	if (strength != 2 && strength != 3)
		return 2;
	pb = base - 10;
	pb2 = base - 9;
	pbr = base - 8;
	build_matrix();
	printf("# %d combinations covering every %d-tuple of %d factors' levels\n",
	       ncs, strength, NF);

	/* A's barrier socket first (under afudp-run: the first bind in A
	 * opens the stack), then B's sockets. */
	barrier = udp_bound(ip_a, base - 1, false);
	snprintf(path, sizeof(path), "/run/netns/%s", argv[1]);
	ns_a = open("/proc/self/ns/net", O_RDONLY);
	ns_b = open(path, O_RDONLY);
	if (ns_a < 0 || ns_b < 0 || setns(ns_b, CLONE_NEWNET))
		die("entering namespace B");
	b_main = udp_bound(ip_b, pb, true);
	b_other = udp_bound(ip_b, pb2, false);
	b_rx = udp_bound(ip_b, pbr, true);
	if (setns(ns_a, CLONE_NEWNET))
		die("back to namespace A");

	for (cur = 0; cur < ncs; cur++)
		want[cur] = run(&cs[cur], base + cur);
	for (cur = 0; cur < ncs; cur++)
		printf("P c%03d %u %d 1\n", cur, base + cur, want[cur]);
	/* SIGTERM ends the wait at the end, and main returns (the preload's
	 * atexit handler then closes its stack); before, it ends the run. */
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigprocmask(SIG_BLOCK, &term, NULL);
	printf("DONE\n");
	i = sigtimedwait(&term, NULL, &lim);
	return i == SIGTERM ? 0 : 1;
}
