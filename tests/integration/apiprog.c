// SPDX-License-Identifier: BSD-2-Clause
/*
 * Every data-path call of the public API on a real interface, against
 * kernel peers (tests/integration/peer), for api.sh:
 *
 *   apiprog IFACE server MODE PORT N	echo N datagrams with MODE: copy
 *					(recvfrom/sendto), mmsg
 *					(recvmmsg/sendmmsg), zc (zc_recv +
 *					zc_alloc/zc_send, a fresh frame),
 *					reply (zc_recv + zc_reply in place)
 *   apiprog IFACE shards - PORT	sharded sockets: who may share a port
 *   apiprog IFACE client IP PORT	talk to a kernel echo server with
 *					sendto/recvfrom, connect/send/recv,
 *					sendmmsg/recvmmsg, poll on the fd and
 *					MSG_DONTWAIT; checks every byte
 *   apiprog IFACE caps busy|plain PORT	what afudp_stack_info says the
 *					device offers (printed as "caps ...",
 *					the log as "log N ..."); with busy,
 *					the busy-poll options read back, then
 *					refused to a socket's XSKs once
 *					CAP_NET_ADMIN is dropped
 *
 * Prints "PASS ..." lines, or "FAIL ..." and exits 1.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>

#include "afudp.h"

#define FAIL(...)                                                            \
	do {                                                                 \
		printf("FAIL " __VA_ARGS__);                                 \
		printf("\n");                                                \
		exit(1);                                                     \
	} while (0)

static struct afudp_stack *st;

static struct afudp_socket *sock_on(uint16_t port)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(port) };
	struct afudp_socket *s = afudp_socket(st, NULL);
	int err;

	if (!s)
		FAIL("afudp_socket: %s", strerror(errno));
	err = afudp_bind(s, (struct sockaddr *)&a, sizeof(a));
	if (err)
		FAIL("afudp_bind: %s", strerror(-err));
	return s;
}

/*
 * Send buffers given back twice (in one call, in two), sent after being
 * freed, or freed after being sent: -EINVAL, and nothing lost or doubled.
 */
static void misuse_tx(struct afudp_socket *s)
{
	struct afudp_zc_buf b[2], two[2];

	if (afudp_zc_alloc(s, b, 2, 0) != 2)
		FAIL("zc_alloc of 2");
	two[0] = two[1] = b[0];
	if (afudp_zc_free(s, two, 2) != -EINVAL)
		FAIL("zc_free of the same buffer twice in a call");
	if (afudp_zc_free(s, &b[0], 1) || afudp_zc_free(s, &b[0], 1) != -EINVAL)
		FAIL("zc_free: once yes, twice no");
	if (afudp_zc_send(s, &b[0], 1, 0, NULL, 0) != -EINVAL)
		FAIL("zc_send of a freed buffer");
	if (afudp_zc_free(s, &b[1], 1))
		FAIL("zc_free of the other one");
	printf("PASS zero-copy buffers: twice or after use refused\n");
}

/*
 * A reply longer than its room, or whose data pointer left its frame:
 * refused, the datagram still borrowed (its room read again); nothing
 * sent, and the socket's counters say so.
 */
static void misuse_reply(struct afudp_socket *s, const struct afudp_zc_msg *m)
{
	struct afudp_socket_stats a = { .sz = sizeof(a) }, b = a;
	ssize_t room = afudp_zc_room(s, m);
	struct afudp_zc_msg bad = *m;

	afudp_socket_stats(s, &a);
	bad.len = (size_t)room + 1;
	if (afudp_zc_reply(s, &bad, NULL, 1, 0) != -EMSGSIZE)
		FAIL("zc_reply longer than its room %zd", room);
	if (afudp_zc_reply(s, m, NULL, 0, 0) != -EINVAL ||
	    afudp_zc_reply(s, NULL, NULL, 1, 0) != -EINVAL ||
	    afudp_zc_reply(s, m, NULL, 1, MSG_OOB) != -EOPNOTSUPP)
		FAIL("zc_reply: no messages, or flags it does not take");
	/* A frame's pointer moved out: its room is unknown. */
	bad = *m;
	if (room < 16384) {
		bad.data = (const char *)m->data - 65536;
		if (afudp_zc_room(s, &bad) != -EINVAL ||
		    afudp_zc_reply(s, &bad, NULL, 1, 0) != -EINVAL)
			FAIL("zc_reply from a pointer moved out of its frame");
	}
	afudp_socket_stats(s, &b);
	if (afudp_zc_room(s, m) != room || b.tx_packets != a.tx_packets)
		FAIL("a refused reply was consumed or sent");
	printf("PASS zc_reply: too long or moved refused, still borrowed\n");
}

static void serve(struct afudp_socket *s, const char *mode, int n)
{
	static char bufs[8][9216];	/* room for the kernel path's 9000 */
	struct sockaddr_in src[8];
	struct mmsghdr m[8];
	struct iovec iov[8];
	int done = 0, i, r;

	printf("ready\n");
	fflush(stdout);
	while (done < n) {
		if (!strcmp(mode, "copy")) {
			socklen_t sl = sizeof(src[0]);
			ssize_t len = afudp_recvfrom(s, bufs[0], sizeof(bufs[0]),
						     0, (void *)&src[0], &sl);

			if (len < 0)
				FAIL("recvfrom: %s", strerror(-len));
			if (afudp_sendto(s, bufs[0], len, 0, (void *)&src[0],
					 sl) != len)
				FAIL("sendto");
			done++;
		} else if (!strcmp(mode, "mmsg")) {
			for (i = 0; i < 8; i++) {
				iov[i] = (struct iovec){ bufs[i], sizeof(bufs[i]) };
				m[i].msg_hdr = (struct msghdr){
					.msg_name = &src[i],
					.msg_namelen = sizeof(src[i]),
					.msg_iov = &iov[i],
					.msg_iovlen = 1,
				};
			}
			r = afudp_recvmmsg(s, m, 8, 0);
			if (r < 1)
				FAIL("recvmmsg: %s", strerror(-r));
			for (i = 0; i < r; i++)
				iov[i].iov_len = m[i].msg_len;
			if (afudp_sendmmsg(s, m, r, 0) != r)
				FAIL("sendmmsg");
			done += r;
		} else if (!strcmp(mode, "reply")) {
			struct afudp_zc_msg zm[9];

			r = afudp_zc_recv(s, zm, 8, 0);
			if (r < 1)
				FAIL("zc_recv: %s", strerror(-r));
			for (i = 0; i < r; i++)
				if (afudp_zc_room(s, &zm[i]) < (ssize_t)zm[i].len)
					FAIL("zc_room %zd for %zu bytes",
					     afudp_zc_room(s, &zm[i]), zm[i].len);
			if (!done)
				misuse_reply(s, &zm[0]);
			/* The first one again at the end: sent once only. */
			zm[r] = zm[0];
			i = afudp_zc_reply(s, zm, NULL, (unsigned int)r + 1, 0);
			if (i != r)
				FAIL("zc_reply of %d and one again: %d", r, i);
			if (afudp_zc_reply(s, zm, NULL, 1, 0) != -EINVAL ||
			    afudp_zc_release(s, zm, 1) != -EINVAL ||
			    afudp_zc_room(s, zm) != -EINVAL)
				FAIL("a sent reply was taken back again");
			done += r;
		} else {
			struct afudp_zc_msg zm[8];
			struct afudp_zc_buf zb;

			r = afudp_zc_recv(s, zm, 8, 0);
			if (r < 1)
				FAIL("zc_recv: %s", strerror(-r));
			for (i = 0; i < r; i++) {
				/* Larger than a frame: the kernel path sends. */
				if (zm[i].len > 1472) {
					if (afudp_sendto(s, zm[i].data,
							 zm[i].len, 0,
							 (void *)&zm[i].src,
							 sizeof(zm[i].src)) !=
					    (ssize_t)zm[i].len)
						FAIL("sendto of a big one");
					continue;
				}
				if (afudp_zc_alloc(s, &zb, 1, 0) != 1 ||
				    zb.cap < zm[i].len)
					FAIL("zc_alloc");
				memcpy(zb.data, zm[i].data, zm[i].len);
				if (afudp_zc_send(s, &zb, zm[i].len, 0,
						  (void *)&zm[i].src,
						  sizeof(zm[i].src)) !=
				    (ssize_t)zm[i].len)
					FAIL("zc_send");
			}
			if (afudp_zc_release(s, zm, r))
				FAIL("zc_release");
			/* Once: not twice, nor sent from after. */
			if (afudp_zc_release(s, zm, 1) != -EINVAL ||
			    afudp_zc_from_rx(s, &zm[0], &zb) != -EINVAL)
				FAIL("a released frame was taken back again");
			if (!done)
				misuse_tx(s);
			done += r;
		}
	}
	printf("PASS served %d with %s\n", done, mode);
	{
		struct afudp_socket_stats st = { .sz = sizeof(st) };

		afudp_socket_stats(s, &st);
		printf("stats tx %llu slow %llu\n",
		       (unsigned long long)st.tx_packets,
		       (unsigned long long)st.tx_slow);
	}
}

static void fill(char *p, size_t n, int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (char)(seed * 31 + i * 7);
}

static void expect(struct afudp_socket *s, const char *want, size_t n,
		   const char *what)
{
	char got[2048];
	ssize_t r = afudp_recv(s, got, sizeof(got), 0);

	if (r != (ssize_t)n || memcmp(got, want, n))
		FAIL("%s: got %zd bytes, want %zu", what, r, n);
}

static void client(const char *ip, uint16_t port)
{
	struct sockaddr_in dst = { .sin_family = AF_INET,
				   .sin_port = htons(port) };
	struct afudp_socket *s = sock_on(0);
	struct pollfd pfd = { .fd = afudp_socket_fd(s), .events = POLLIN };
	char out[8][1472], in[8][1472];
	struct mmsghdr m[8];
	struct iovec iov[8];
	int i, r, got;

	inet_pton(AF_INET, ip, &dst.sin_addr);
	/* Nothing there yet: non-blocking receive says so. */
	if (afudp_recv(s, in[0], sizeof(in[0]), MSG_DONTWAIT) != -EAGAIN)
		FAIL("MSG_DONTWAIT on an empty socket");
	printf("PASS MSG_DONTWAIT gives EAGAIN\n");

	for (i = 1; i <= 1472; i += 97) {
		fill(out[0], i, i);
		if (afudp_sendto(s, out[0], i, 0, (void *)&dst, sizeof(dst)) != i)
			FAIL("sendto %d", i);
		/* The pollable fd turns readable for the reply. */
		if (poll(&pfd, 1, 2000) != 1 || !(pfd.revents & POLLIN))
			FAIL("poll on afudp_socket_fd for size %d", i);
		expect(s, out[0], i, "sendto/recv");
	}
	printf("PASS sendto/poll/recv, 16 sizes\n");

	if (afudp_connect(s, (void *)&dst, sizeof(dst)))
		FAIL("connect");
	fill(out[0], 100, 5);
	if (afudp_send(s, out[0], 100, 0) != 100)
		FAIL("send");
	expect(s, out[0], 100, "connected send/recv");
	printf("PASS connect/send/recv\n");

	for (i = 0; i < 8; i++) {
		fill(out[i], 64 + i, 100 + i);
		iov[i] = (struct iovec){ out[i], 64 + i };
		m[i].msg_hdr = (struct msghdr){ .msg_iov = &iov[i],
						.msg_iovlen = 1 };
	}
	if (afudp_sendmmsg(s, m, 8, 0) != 8)
		FAIL("sendmmsg");
	for (got = 0; got < 8; got += r) {
		for (i = 0; i < 8; i++) {
			iov[i] = (struct iovec){ in[i], sizeof(in[i]) };
			m[i].msg_hdr = (struct msghdr){ .msg_iov = &iov[i],
							.msg_iovlen = 1 };
		}
		if (poll(&pfd, 1, 2000) != 1)
			FAIL("poll before recvmmsg");
		r = afudp_recvmmsg(s, m, 8 - got, 0);
		if (r < 1)
			FAIL("recvmmsg: %s", strerror(-r));
		for (i = 0; i < r; i++)
			if (m[i].msg_len != 64u + got + i ||
			    memcmp(in[i], out[got + i], m[i].msg_len))
				FAIL("recvmmsg datagram %d", got + i);
	}
	printf("PASS sendmmsg/recvmmsg, 8 datagrams in order\n");
	{
		AFUDP_OPTS_INIT(afudp_socket_stats, ss);

		afudp_socket_stats(s, &ss);
		printf("stats rx %llu slow %llu tx %llu slow %llu\n",
		       (unsigned long long)ss.rx_packets,
		       (unsigned long long)ss.rx_slow,
		       (unsigned long long)ss.tx_packets,
		       (unsigned long long)ss.tx_slow);
	}
	afudp_close(s);
}

static struct afudp_socket *shard(uint16_t port, unsigned int q, int want)
{
	AFUDP_OPTS_INIT(afudp_socket_opts, so, .flags = AFUDP_SO_SHARD,
			.queues = &q, .n_queues = 1);
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(port) };
	struct afudp_socket *s = afudp_socket(st, &so);
	int err;

	if (!s)
		FAIL("afudp_socket(shard %u): %s", q, strerror(errno));
	err = afudp_bind(s, (struct sockaddr *)&a, sizeof(a));
	if (err != want)
		FAIL("shard on queue %u: bind gave %d, want %d", q, err, want);
	if (err) {
		afudp_close(s);
		return NULL;
	}
	return s;
}

/* Sharded sockets: disjoint queues share a port, overlapping ones don't. */
static void shards(uint16_t port)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(port) };
	struct afudp_socket *s0 = shard(port, 0, 0), *s1, *plain;

	shard(port, 0, -EADDRINUSE);
	s1 = shard(port, 1, 0);
	plain = afudp_socket(st, NULL);
	if (afudp_bind(plain, (struct sockaddr *)&a, sizeof(a)) != -EADDRINUSE)
		FAIL("a plain socket on a sharded port");
	afudp_close(plain);
	afudp_close(s0);
	s0 = shard(port, 0, 0);	/* its queue is free again */
	afudp_close(s0);
	afudp_close(s1);
	printf("PASS shards: disjoint share, overlap and plain refused, queue reusable\n");
}

static char logged[1 << 16];

static void log_cb(void *ctx, int level, const char *msg)
{
	size_t n = strlen(logged);

	(void)ctx;
	printf("log %d %s\n", level, msg);
	snprintf(logged + n, sizeof(logged) - n, "%s\n", msg);
}

static void print_caps(const char *when, struct afudp_stack_info *i)
{
	printf("caps %s: zerocopy=%s multi_buffer=%s tx_csum_offload=%s rx_ts_hw=%s busy_poll=%s usecs=%u budget=%u xsk_features=0x%llx\n",
	       when, afudp_cap_str(i->zerocopy), afudp_cap_str(i->multi_buffer),
	       afudp_cap_str(i->tx_csum_offload), afudp_cap_str(i->rx_ts_hw),
	       afudp_cap_str(i->busy_poll), i->busy_poll_usecs,
	       i->busy_poll_budget, (unsigned long long)i->xsk_features);
}

/* CAP_NET_ADMIN out of (or back into) the effective set. */
static void net_admin(bool on)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2] = { 0 };

	if (syscall(SYS_capget, &h, d))
		FAIL("capget: %s", strerror(errno));
	if (on)
		d[0].effective |= 1u << CAP_NET_ADMIN;
	else
		d[0].effective &= ~(1u << CAP_NET_ADMIN);
	if (syscall(SYS_capset, &h, d))
		FAIL("capset: %s", strerror(errno));
}

/* A FAIL must not leave the XDP program behind. */
static void close_st(void)
{
	/* Detaching the XDP program needs it. */
	net_admin(true);
	afudp_stack_close(st);
	st = NULL;
}

static void caps(const char *ifname, bool busy, uint16_t port)
{
	AFUDP_OPTS_INIT(afudp_stack_opts, o);
	AFUDP_OPTS_INIT(afudp_stack_info, i);
	struct afudp_socket *s;

	o.ifname = ifname;
	o.busy_poll = busy;
	o.log_fn = log_cb;
	o.log_level = 7;
	st = afudp_stack_open(&o);
	if (!st)
		FAIL("afudp_stack_open: %s", strerror(errno));
	atexit(close_st);
	if (afudp_stack_info(st, &i))
		FAIL("afudp_stack_info");
	print_caps("open", &i);
	if (!strstr(logged, "preferred busy-poll"))
		FAIL("no log line on what the device offers");
	/* Multi-buffer is asked for on every bind; veth on 6.6+ gives it. */
	if (i.multi_buffer != AFUDP_CAP_YES ||
	    i.rx_ts_hw != AFUDP_CAP_NOT_ASKED)
		FAIL("multi-buffer not in use, or RX timestamps asked for");
	if (!busy) {
		if (i.busy_poll != AFUDP_CAP_NOT_ASKED || i.busy_poll_usecs)
			FAIL("busy-poll options without busy-poll");
		printf("PASS caps plain: busy-poll not asked\n");
		goto out;
	}
	if (i.busy_poll != AFUDP_CAP_YES || i.busy_poll_usecs != 20 ||
	    i.busy_poll_budget != 64)
		FAIL("busy-poll options not read back as set");
	printf("PASS caps busy: SO_PREFER_BUSY_POLL 1, SO_BUSY_POLL 20 us, budget 64\n");

	/* A socket's XSKs without CAP_NET_ADMIN: refused, said, "no". */
	net_admin(false);
	logged[0] = 0;
	s = sock_on(port);
	afudp_stack_info(st, &i);
	print_caps("refused", &i);
	if (!strstr(logged, "SO_PREFER_BUSY_POLL=1 refused") ||
	    !strstr(logged, "CAP_NET_ADMIN"))
		FAIL("no clear log line on the refusal");
	if (i.busy_poll != AFUDP_CAP_NO)
		FAIL("busy-poll %s after a refusal", afudp_cap_str(i.busy_poll));
	printf("PASS caps refused: logged, busy_poll no\n");
	afudp_close(s);
out:
	exit(0);
}

int main(int argc, char **argv)
{
	AFUDP_OPTS_INIT(afudp_stack_opts, o);

	if (argc < 5)
		FAIL("usage: see the top of apiprog.c");
	if (!strcmp(argv[2], "caps"))
		caps(argv[1], !strcmp(argv[3], "busy"), atoi(argv[4]));
	o.ifname = argv[1];
	st = afudp_stack_open(&o);
	if (!st)
		FAIL("afudp_stack_open: %s", strerror(errno));
	if (!strcmp(argv[2], "server") && argc == 6) {
		struct afudp_socket *s = sock_on(atoi(argv[4]));

		serve(s, argv[3], atoi(argv[5]));
		afudp_close(s);
	} else if (!strcmp(argv[2], "shards")) {
		shards(atoi(argv[4]));
	} else if (!strcmp(argv[2], "client")) {
		client(argv[3], atoi(argv[4]));
	} else {
		FAIL("usage");
	}
	afudp_stack_close(st);
	return 0;
}
