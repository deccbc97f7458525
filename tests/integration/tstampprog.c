// SPDX-License-Identifier: BSD-2-Clause
/*
 * Receive timestamps (tstamp.sh): an afudp socket in namespace A, a kernel
 * sender in namespace B (the same host, so one CLOCK_REALTIME). Checks, by
 * afudp_recvfrom_ts() and by SO_TIMESTAMPNS / SO_TIMESTAMPING through
 * afudp_recvmsg():
 *  - every datagram's software timestamp falls between its send time and
 *    the return of the receive call that took it, and they never go back;
 *  - a datagram of the kernel socket (fragmented) has one too;
 *  - with hardware timestamps asked for (argument "hw"): the program bound
 *    to the device is what the stack reports (the log), veth's kfunc gives
 *    nothing, so the source stays software; then the program is replaced,
 *    its maps kept, by a test build (argument OBJ) that writes a known
 *    value where the driver's timestamp goes: afudp must give that exact
 *    value as the hardware one (afudp_recvfrom_ts(), SCM_TIMESTAMPING's
 *    ts[2]).
 * Usage: tstampprog IFACE NS_B IP_A sw|hw [TEST_BPF_OBJ MARK]
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
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <syslog.h>
#include <sys/socket.h>
#include <linux/errqueue.h>
#include <linux/if_link.h>
#include <linux/net_tstamp.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "afudp.h"
#include "check.h"

#define PA 17200
#define WAIT_MS 3000
#define BURST 16

static struct afudp_stack *st;
static struct afudp_socket *as;
static int txb;
static struct in_addr ip_a;
static bool hw_said, sw_said;

static int64_t now_ns(clockid_t c)
{
	struct timespec t;

	clock_gettime(c, &t);
	return t.tv_sec * 1000000000ll + t.tv_nsec;
}

static int64_t ns_of(const struct timespec *t)
{
	return t->tv_sec * 1000000000ll + t->tv_nsec;
}

static void log_fn(void *ctx, int level, const char *msg)
{
	(void)ctx;
	(void)level;
	if (strstr(msg, "hardware receive timestamps: asked of the driver"))
		hw_said = true;
	if (strstr(msg, "hardware receive timestamps: no"))
		sw_said = true;
	printf("# log: %s\n", msg);
}

/* B sends @len bytes to afudp's port; returns the send time. */
static int64_t send_one(size_t len)
{
	static char buf[4000];
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr = ip_a,
				  .sin_port = htons(PA) };
	int64_t t = now_ns(CLOCK_REALTIME);

	memset(buf, 'x', len);
	if (sendto(txb, buf, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		die("sendto");
	return t;
}

/* One datagram by afudp_recvfrom_ts(), within WAIT_MS; *@t1 after it. */
static ssize_t recv_ts(struct afudp_rx_ts *ts, int64_t *t1)
{
	int64_t end = now_ns(CLOCK_MONOTONIC) + WAIT_MS * 1000000ll;
	struct pollfd p = { .fd = afudp_socket_fd(as), .events = POLLIN };
	static char buf[4000];
	ssize_t n;

	for (;;) {
		n = afudp_recvfrom_ts(as, buf, sizeof(buf), MSG_DONTWAIT, NULL,
				      NULL, ts);
		*t1 = now_ns(CLOCK_REALTIME);
		if (n != -EAGAIN || now_ns(CLOCK_MONOTONIC) > end)
			return n;
		poll(&p, 1, 10);
	}
}

/* @n datagrams, sent one by one (each received before the next), then in
 * a burst (received together): between send and receive, monotonic. */
static void sw_checks(const char *tag, bool want_hw_none)
{
	struct afudp_rx_ts ts;
	int64_t t0[BURST], t1, prev = 0;
	const char *e = NULL;
	char what[160];
	int i;
	ssize_t n;

	for (i = 0; i < BURST && !e; i++) {
		t0[i] = send_one(64);
		n = recv_ts(&ts, &t1);
		if (n != 64)
			e = "not received";
		else if (ns_of(&ts.sw) < t0[i] || ns_of(&ts.sw) > t1)
			e = "software timestamp outside send..receive";
		else if (ns_of(&ts.sw) < prev)
			e = "went back";
		else if (want_hw_none && (ts.source != AFUDP_TS_SOFTWARE ||
					  ns_of(&ts.hw)))
			e = "not software";
		prev = ns_of(&ts.sw);
		if (e)
			printf("# sent %lld got %lld received by %lld source %d hw %lld\n",
			       (long long)t0[i], (long long)ns_of(&ts.sw),
			       (long long)t1, ts.source,
			       (long long)ns_of(&ts.hw));
	}
	snprintf(what, sizeof(what),
		 "%s: one by one, each software timestamp between its send and its receive, never back, source software",
		 tag);
	result(!e, what, "%s (datagram %d)", e, i);

	e = NULL;
	for (i = 0; i < BURST; i++)
		t0[i] = send_one(100 + i);
	usleep(20000);
	for (i = 0; i < BURST && !e; i++) {
		n = recv_ts(&ts, &t1);
		if (n < 100)
			e = "not received";
		else if (ns_of(&ts.sw) < t0[n - 100] || ns_of(&ts.sw) > t1)
			e = "software timestamp outside send..receive";
		else if (ns_of(&ts.sw) < prev)
			e = "went back";
		prev = ns_of(&ts.sw);
	}
	snprintf(what, sizeof(what),
		 "%s: a burst taken in batches: each between its send and its receive, never back",
		 tag);
	result(!e, what, "%s (datagram %d)", e, i);

	/* 3000 bytes: fragments, the kernel socket's. */
	e = NULL;
	t0[0] = send_one(3000);
	n = recv_ts(&ts, &t1);
	if (n != 3000)
		e = "not received";
	else if (ns_of(&ts.sw) < t0[0] || ns_of(&ts.sw) > t1)
		e = "software timestamp outside send..receive";
	else if (ts.source != AFUDP_TS_SOFTWARE)
		e = "not software";
	snprintf(what, sizeof(what),
		 "%s: a datagram of the kernel socket (fragmented): its timestamp between send and receive",
		 tag);
	result(!e, what, "%s: sent %lld got %lld received by %lld", e,
	       (long long)t0[0], (long long)ns_of(&ts.sw), (long long)t1);
}

/* One datagram through afudp_recvmsg() with SO_TIMESTAMPNS and
 * SO_TIMESTAMPING (software and raw hardware): *@sw, *@ts0, *@ts2. */
static int recv_cmsg(int64_t *sw, int64_t *ts0, int64_t *ts2, int64_t *t1)
{
	int64_t end = now_ns(CLOCK_MONOTONIC) + WAIT_MS * 1000000ll;
	struct pollfd p = { .fd = afudp_socket_fd(as), .events = POLLIN };
	uint8_t ctl[256];
	char buf[256];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr m;
	struct cmsghdr *c;
	ssize_t n;

	for (;;) {
		memset(&m, 0, sizeof(m));
		m.msg_iov = &iov;
		m.msg_iovlen = 1;
		m.msg_control = ctl;
		m.msg_controllen = sizeof(ctl);
		n = afudp_recvmsg(as, &m, MSG_DONTWAIT);
		*t1 = now_ns(CLOCK_REALTIME);
		if (n >= 0)
			break;
		if (n != -EAGAIN || now_ns(CLOCK_MONOTONIC) > end)
			return -1;
		poll(&p, 1, 10);
	}
	*sw = *ts0 = *ts2 = -1;
	for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
		if (c->cmsg_level != SOL_SOCKET)
			continue;
		if (c->cmsg_type == SO_TIMESTAMPNS &&
		    c->cmsg_len == CMSG_LEN(sizeof(struct timespec))) {
			struct timespec t;

			memcpy(&t, CMSG_DATA(c), sizeof(t));
			*sw = ns_of(&t);
		} else if (c->cmsg_type == SO_TIMESTAMPING &&
			   c->cmsg_len ==
				   CMSG_LEN(sizeof(struct scm_timestamping))) {
			struct scm_timestamping t;

			memcpy(&t, CMSG_DATA(c), sizeof(t));
			*ts0 = ns_of(&t.ts[0]);
			*ts2 = ns_of(&t.ts[2]);
		}
	}
	return 0;
}

static void set_opts(void)
{
	int on = 1, f = SOF_TIMESTAMPING_RX_SOFTWARE |
			SOF_TIMESTAMPING_SOFTWARE |
			SOF_TIMESTAMPING_RX_HARDWARE |
			SOF_TIMESTAMPING_RAW_HARDWARE;

	if (afudp_setsockopt(as, SOL_SOCKET, SO_TIMESTAMPNS, &on,
			     sizeof(on)) ||
	    afudp_setsockopt(as, SOL_SOCKET, SO_TIMESTAMPING, &f, sizeof(f)))
		die("timestamp options");
}

static void clear_opts(void)
{
	int off = 0;

	afudp_setsockopt(as, SOL_SOCKET, SO_TIMESTAMPNS, &off, sizeof(off));
	afudp_setsockopt(as, SOL_SOCKET, SO_TIMESTAMPING, &off, sizeof(off));
}

/* Control messages: software time in both, ts[2] @want_ts2 (0: none). */
static void cmsg_check(const char *tag, int64_t want_ts2)
{
	int64_t t0, t1 = 0, sw = -1, ts0 = -1, ts2 = -1;
	const char *e = NULL;
	char what[160];

	set_opts();
	t0 = send_one(64);
	if (recv_cmsg(&sw, &ts0, &ts2, &t1))
		e = "not received";
	else if (sw < t0 || sw > t1)
		e = "SO_TIMESTAMPNS outside send..receive";
	else if (ts0 != sw)
		e = "SCM_TIMESTAMPING ts[0] is not SO_TIMESTAMPNS's time";
	else if (ts2 != want_ts2)
		e = "SCM_TIMESTAMPING ts[2]";
	snprintf(what, sizeof(what),
		 "%s: SO_TIMESTAMPNS and SO_TIMESTAMPING (software, raw hardware): software time in both, ts[2] %s",
		 tag, want_ts2 ? "the device's" : "zero");
	result(!e, what, "%s: sent %lld, ns %lld ts0 %lld ts2 %lld, by %lld",
	       e, (long long)t0, (long long)sw, (long long)ts0,
	       (long long)ts2, (long long)t1);
	clear_opts();
}

static int swap_err(int line)
{
	printf("# swap_prog: line %d: %s\n", line, strerror(errno));
	return -1;
}

/*
 * Replace the XDP program on @ifindex by the one in @path, with the
 * running one's maps: what a device writing timestamps would do to the
 * frames, the rest unchanged.
 */
static int swap_prog(int ifindex, const char *path)
{
	LIBBPF_OPTS(bpf_xdp_attach_opts, ao);
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	struct bpf_prog_info pi = {};
	__u32 len = sizeof(pi), ids[16], i;
	struct bpf_object *obj = NULL;
	struct bpf_program *p;
	struct bpf_map *m;
	int old = -1, fd = -1, line = 0;

	if (bpf_xdp_query(ifindex, 0, &q) || !q.drv_prog_id)
		return swap_err(__LINE__);
	old = bpf_prog_get_fd_by_id(q.drv_prog_id);
	pi.nr_map_ids = 16;
	pi.map_ids = (__u64)(unsigned long)ids;
	if (old < 0 || bpf_obj_get_info_by_fd(old, &pi, &len)) {
		line = __LINE__;
		goto out;
	}
	obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		line = __LINE__;
		goto out;
	}
	for (i = 0; i < pi.nr_map_ids && i < 16; i++) {
		struct bpf_map_info mi = {};
		__u32 ml = sizeof(mi);

		fd = bpf_map_get_fd_by_id(ids[i]);
		if (fd < 0 || bpf_obj_get_info_by_fd(fd, &mi, &ml)) {
			line = __LINE__;
			goto out;
		}
		m = bpf_object__find_map_by_name(obj, mi.name);
		/* .rodata and the like: the new program's own. */
		if (m && !strchr(mi.name, '.') && bpf_map__reuse_fd(m, fd)) {
			line = __LINE__;
			goto out;
		}
		close(fd);
		fd = -1;
	}
	p = bpf_object__find_program_by_name(obj, "afudp_xdp");
	if (bpf_object__load(obj) || !p) {
		line = __LINE__;
		goto out;
	}
	ao.old_prog_fd = old;
	if (bpf_xdp_attach(ifindex, bpf_program__fd(p),
			   XDP_FLAGS_DRV_MODE | XDP_FLAGS_REPLACE, &ao))
		line = __LINE__;
	/*
	 * Attached, the device holds the program and the program its maps:
	 * our descriptors go; the stack's close removes the program by name.
	 */
out:
	if (line)
		swap_err(line);
	if (fd >= 0)
		close(fd);
	bpf_object__close(obj);
	if (old >= 0)
		close(old);
	return line ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in any = { .sin_family = AF_INET,
				   .sin_port = htons(PA) };
	bool hw;
	int self, err, ifindex;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 5 || !inet_aton(argv[3], &ip_a)) {
		fprintf(stderr,
			"usage: %s IFACE NS_B IP_A sw|hw [TEST_BPF_OBJ MARK]\n",
			argv[0]);
		return 2;
	}
	hw = !strcmp(argv[4], "hw");
	ifindex = (int)if_nametoindex(argv[1]);
	self = ns_enter(argv[2]);
	txb = socket(AF_INET, SOCK_DGRAM, 0);
	if (txb < 0)
		die("socket B");
	ns_leave(self);

	{
		AFUDP_OPTS_INIT(afudp_stack_opts, so, .ifname = argv[1],
				.backend = AFUDP_BACKEND_XDP,
				.flags = hw ? AFUDP_F_RX_HW_TSTAMP : 0,
				.log_fn = log_fn, .log_level = LOG_INFO);
		st = afudp_stack_open(&so);
	}
	if (!st)
		die("afudp_stack_open");
	as = afudp_socket(st, NULL);
	if (!as)
		die("afudp_socket");
	err = afudp_bind(as, (struct sockaddr *)&any, sizeof(any));
	if (err) {
		errno = -err;
		die("bind");
	}
	printf("# ready\n");
	if (hw)
		result(hw_said && !sw_said,
		       "hardware timestamps asked for: the program bound to the device (the log says so)",
		       "the log says %s", sw_said ? "no" : "nothing");
	sw_checks(hw ? "bound program (veth: no device time)" : "software",
		  true);
	cmsg_check(hw ? "bound program" : "software", 0);

	if (hw && argc >= 7) {
		int64_t mark = strtoll(argv[6], NULL, 0);
		struct afudp_rx_ts ts;
		int64_t t0, t1;
		const char *e = NULL;

		err = swap_prog(ifindex, argv[5]);
		result(!err,
		       "the program replaced by the test build writing a known device time",
		       "%s", strerror(errno));
		t0 = send_one(64);
		if (recv_ts(&ts, &t1) != 64)
			e = "not received";
		else if (ts.source != AFUDP_TS_HARDWARE)
			e = "source not hardware";
		else if (ns_of(&ts.hw) != mark)
			e = "hardware time is not the one written";
		else if (ns_of(&ts.sw) < t0 || ns_of(&ts.sw) > t1)
			e = "software timestamp outside send..receive";
		result(!e,
		       "test build: afudp_recvfrom_ts() gives the device's time written before the frame, exactly, as hardware",
		       "%s: source %d hw %lld sw %lld", e, ts.source,
		       (long long)ns_of(&ts.hw), (long long)ns_of(&ts.sw));
		cmsg_check("test build", mark);
	}
	afudp_close(as);
	afudp_stack_close(st);
	printf("DONE\n");
	return failed ? 1 : 0;
}
