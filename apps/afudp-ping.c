/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * afudp-ping: UDP round-trip latency against any echo server (afudp-echo,
 * or `sockperf server` with --sockperf). One request in flight at a time:
 * send, wait for the reply carrying the same sequence number (or give up
 * after --timeout and count it lost), repeat. The first WARMUP round trips
 * fill caches and neighbour tables and are not measured; of the COUNT after
 * them it prints how many were lost and the RTT percentiles.
 *
 * Exit status: 0 if at least one measured reply came back, 1 if none did,
 * 2 on bad arguments or a setup error.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <endian.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "common.h"

#define MAX_PAYLOAD 65507
#define SEQ_LEN 8

enum {
	OPT_SOCKPERF = APP_OPT_APP_FIRST,
	OPT_TIMEOUT,
	OPT_RESIDENCE,
};

struct ping_cfg {
	struct sockaddr_storage dst;	/* sockaddr_in or sockaddr_in6 */
	socklen_t dst_len;
	long long count;
	long long warmup;
	size_t size;
	uint64_t timeout_ns;
	bool sockperf;
	bool busy;
	bool residence;
};

struct ping_result {
	uint64_t sent, received;	/* measured round trips only */
	uint64_t stale;		/* replies to an earlier request */
	uint64_t tx_errors, rx_errors;
	uint64_t *rtt_ns;	/* one per measured reply */
	uint64_t *res_ns;	/* --residence: one per reply measured by the server */
	uint64_t nres;
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: afudp-ping -i IFACE -d IP:PORT [-n COUNT] [-s SIZE] [-w WARMUP]\n"
		"                  [--timeout MS] [--sockperf] [--residence] [--busy-poll]\n"
		"                  [--kernel] [--cpu N] [-v]\n"
		"Measure UDP round trips to an echo server, one request at a time.\n"
		"  -d, --dest IP:PORT     the echo server (required); IPv6 as\n"
		"                         [IPV6]:PORT (an IPv6 socket)\n"
		"  -n, --count COUNT      measured round trips (default 1000)\n"
		"  -s, --size SIZE        payload bytes (default 64; 8 or more, 14 or\n"
		"                         more with --sockperf)\n"
		"  -w, --warmup WARMUP    unmeasured round trips first (default 100)\n"
		"      --timeout MS       wait this long for a reply (default 1000)\n"
		"      --sockperf         send sockperf ping-pong messages, so that\n"
		"                         `sockperf server` answers\n"
		"      --residence        ask an afudp-echo --residence server for each\n"
		"                         request's time from its receive timestamp to\n"
		"                         its reply (-s 24 or more)\n"
		APP_COMMON_HELP
		"Prints \"sent N received M lost L\" and RTT percentiles on stdout;\n"
		"with --residence, then \"residence N\" and the server's percentiles.\n"
		"Exit status: 0 if any reply came back, 1 if all were lost, 2 on error.\n");
}

/* Sequence number first, then (sockperf) flags and length, big-endian. */
static void write_header(uint8_t *req, const struct ping_cfg *cfg,
			 uint64_t seq)
{
	uint64_t be_seq = htobe64(seq);
	uint16_t flags = htons(APP_SP_F_CLIENT | APP_SP_F_PONG_REQUEST);
	uint32_t len = htonl((uint32_t)cfg->size);

	memcpy(req, &be_seq, sizeof(be_seq));
	if (cfg->residence) {
		memcpy(req + APP_RES_OFF_MAGIC, APP_RES_MAGIC, 8);
		memset(req + APP_RES_OFF_NS, 0xff, 8);
	}
	if (cfg->sockperf) {
		memcpy(req + APP_SP_OFF_FLAGS, &flags, sizeof(flags));
		memcpy(req + APP_SP_OFF_LEN, &len, sizeof(len));
	}
}

/* Is @buf the answer to request @seq (not an older one, not our own)? */
static bool is_reply(const uint8_t *buf, size_t len,
		     const struct ping_cfg *cfg, uint64_t seq)
{
	uint64_t be_seq;
	uint16_t flags;

	if (len < (cfg->sockperf ? APP_SP_HDR_LEN : SEQ_LEN))
		return false;
	memcpy(&be_seq, buf, sizeof(be_seq));
	if (be64toh(be_seq) != seq)
		return false;
	if (!cfg->sockperf)
		return true;
	memcpy(&flags, buf + APP_SP_OFF_FLAGS, sizeof(flags));
	return !(ntohs(flags) & APP_SP_F_CLIENT);
}

/*
 * Wait for the reply to @seq until @deadline (CLOCK_MONOTONIC ns). Sleeps in
 * ppoll() on the socket's fd, or spins in busy-poll mode; either way the
 * receive itself never blocks, so the deadline holds.
 * @return 1 with *@t_rx set, 0 on timeout or a receive error (the request
 *   is lost), -EINTR if a signal ends the run.
 */
static int wait_reply(struct afudp_socket *sock, const struct ping_cfg *cfg,
		      uint64_t seq, uint64_t deadline, uint8_t *rbuf,
		      uint64_t *t_rx, struct ping_result *res)
{
	struct pollfd pfd = { .fd = afudp_socket_fd(sock), .events = POLLIN };
	struct timespec ts;
	uint64_t now, left;
	ssize_t r;

	for (;;) {
		r = afudp_recv(sock, rbuf, MAX_PAYLOAD, MSG_DONTWAIT);
		now = app_now_ns();
		if (r >= 0) {
			if (is_reply(rbuf, (size_t)r, cfg, seq)) {
				*t_rx = now;
				return 1;
			}
			res->stale++;
			continue;
		}
		/*
		 * E.g. ECONNREFUSED: nobody listens there, no reply will
		 * come; waiting out the timeout would only slow the run.
		 */
		if (r != -EAGAIN && r != -EINTR) {
			app_count_error(&res->rx_errors, "receive", (int)r);
			return 0;
		}
		if (app_stop)
			return -EINTR;
		if (now >= deadline)
			return 0;
		if (cfg->busy)
			continue;
		left = deadline - now;
		ts.tv_sec = (time_t)(left / 1000000000u);
		ts.tv_nsec = (long)(left % 1000000000u);
		ppoll(&pfd, 1, &ts, NULL);
	}
}

/* The server's residence time in reply @buf, if it measured one. */
static void residence(const uint8_t *buf, size_t len, struct ping_result *res)
{
	uint64_t be;

	if (len < APP_RES_LEN)
		return;
	memcpy(&be, buf + APP_RES_OFF_NS, sizeof(be));
	if (be != UINT64_MAX)
		res->res_ns[res->nres++] = be64toh(be);
}

static void run(struct afudp_socket *sock, const struct ping_cfg *cfg,
		struct ping_result *res)
{
	uint8_t *req, *rbuf;
	uint64_t seq, t_tx, t_rx;
	bool measured;
	ssize_t r;
	size_t i;
	int got;

	req = malloc(cfg->size);
	rbuf = malloc(MAX_PAYLOAD);
	if (!req || !rbuf)
		app_die(APP_EXIT_USAGE, "out of memory");
	for (i = 0; i < cfg->size; i++)
		req[i] = (uint8_t)i;
	for (seq = 1; seq <= (uint64_t)(cfg->warmup + cfg->count); seq++) {
		if (app_stop)
			break;
		measured = seq > (uint64_t)cfg->warmup;
		write_header(req, cfg, seq);
		t_tx = app_now_ns();
		r = afudp_send(sock, req, cfg->size, 0);
		if (r < 0) {
			app_count_error(&res->tx_errors, "send", (int)r);
			res->sent += measured;
			continue;
		}
		got = wait_reply(sock, cfg, seq, t_tx + cfg->timeout_ns, rbuf,
				 &t_rx, res);
		/* Interrupted: this request is neither answered nor lost. */
		if (got < 0)
			break;
		if (!measured)
			continue;
		res->sent++;
		if (got)
			res->rtt_ns[res->received++] = t_rx - t_tx;
		if (got && cfg->residence)
			residence(rbuf, cfg->size, res);
	}
	free(rbuf);
	free(req);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		APP_COMMON_LONGOPTS,
		{ "dest", required_argument, NULL, 'd' },
		{ "count", required_argument, NULL, 'n' },
		{ "size", required_argument, NULL, 's' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "sockperf", no_argument, NULL, OPT_SOCKPERF },
		{ "residence", no_argument, NULL, OPT_RESIDENCE },
		{ 0 }
	};
	struct ping_cfg cfg = {
		.count = 1000,
		.warmup = 100,
		.size = 64,
		.timeout_ns = 1000 * 1000000ull,
	};
	struct app_common co = APP_COMMON_INIT;
	struct ping_result res = { 0 };
	char addr[APP_ADDR46STRLEN];
	struct afudp_socket *sock;
	struct afudp_stack *st;
	bool have_dst = false;
	int c, err, ret;

	app_set_usage(usage);
	while ((c = getopt_long(argc, argv, APP_COMMON_SHORTOPTS "d:n:s:w:",
				longopts, NULL)) != -1) {
		if (app_common_opt(&co, c, optarg))
			continue;
		switch (c) {
		case 'd':
			cfg.dst = app_opt_addr46("-d", optarg, true,
						 &cfg.dst_len);
			have_dst = true;
			break;
		case 'n':
			cfg.count = app_opt_int("-n", optarg, 1, 100000000);
			break;
		case 's':
			cfg.size = (size_t)app_opt_int("-s", optarg, SEQ_LEN,
						       MAX_PAYLOAD);
			break;
		case 'w':
			cfg.warmup = app_opt_int("-w", optarg, 0, 100000000);
			break;
		case OPT_TIMEOUT:
			cfg.timeout_ns = (uint64_t)app_opt_int("--timeout",
							       optarg, 1,
							       3600000) *
					 1000000u;
			break;
		case OPT_SOCKPERF:
			cfg.sockperf = true;
			break;
		case OPT_RESIDENCE:
			cfg.residence = true;
			break;
		}
	}
	app_common_check(&co, argc, argv);
	if (!have_dst)
		app_usage_error("a destination is required (-d IP:PORT)");
	if (cfg.sockperf && cfg.size < APP_SP_HDR_LEN)
		app_usage_error("-s %zu: sockperf messages need %d bytes or more",
				cfg.size, APP_SP_HDR_LEN);
	if (cfg.residence && cfg.sockperf)
		app_usage_error("--residence and --sockperf don't go together");
	if (cfg.residence && cfg.size < APP_RES_LEN)
		app_usage_error("-s %zu: --residence needs %d bytes or more",
				cfg.size, APP_RES_LEN);
	cfg.busy = co.busy_poll;
	res.rtt_ns = calloc((size_t)cfg.count, sizeof(*res.rtt_ns));
	res.res_ns = calloc((size_t)cfg.count, sizeof(*res.res_ns));
	if (!res.rtt_ns || !res.res_ns)
		app_die(APP_EXIT_USAGE, "-n %lld: cannot allocate the samples",
			cfg.count);

	app_catch_signals();
	st = app_open_stack(&co);
	ret = APP_EXIT_USAGE;
	{
		AFUDP_OPTS_INIT(afudp_socket_opts, so,
				.family = cfg.dst.ss_family);

		sock = afudp_socket(st, &so);
	}
	if (!sock) {
		fprintf(stderr, "afudp-ping: cannot create a socket: %s\n",
			strerror(errno));
		goto close_stack;
	}
	/* Connected: the library filters out datagrams from anyone else. */
	err = afudp_connect(sock, (const struct sockaddr *)&cfg.dst,
			    cfg.dst_len);
	if (err) {
		fprintf(stderr, "afudp-ping: connect %s: %s\n",
			app_addr46_str((struct sockaddr *)&cfg.dst, addr),
			strerror(-err));
		goto close_sock;
	}
	if (app_pin_cpu(co.cpu))
		goto close_sock;
	fprintf(stderr,
		"afudp-ping: %s: %zu-byte payloads, %lld warm-up + %lld measured round trips%s\n",
		app_addr46_str((struct sockaddr *)&cfg.dst, addr), cfg.size, cfg.warmup, cfg.count,
		cfg.sockperf ? ", sockperf protocol" : "");

	run(sock, &cfg, &res);
	printf("sent %" PRIu64 " received %" PRIu64 " lost %" PRIu64 "\n",
	       res.sent, res.received, res.sent - res.received);
	app_print_latency(stdout, res.rtt_ns, res.received);
	if (cfg.residence) {
		/* One-way time inside the server: its receive to its send. */
		printf("residence %" PRIu64 "\n", res.nres);
		app_print_latency(stdout, res.res_ns, res.nres);
	}
	if (co.verbose) {
		fprintf(stderr,
			"afudp-ping: stale replies %" PRIu64 ", errors: send %" PRIu64 " receive %" PRIu64 "\n",
			res.stale, res.tx_errors, res.rx_errors);
		app_print_socket_stats(stderr, sock);
		app_print_stack_stats(stderr, st);
	}
	ret = res.received ? 0 : 1;
close_sock:
	afudp_close(sock);
close_stack:
	afudp_stack_close(st);
	free(res.rtt_ns);
	free(res.res_ns);
	return ret;
}
