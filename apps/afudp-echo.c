/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * afudp-echo: a UDP echo server on afudp. Every datagram goes back to its
 * sender from the frame it arrived in (zero-copy receive, headers rewritten
 * in place), so the server adds as little as the stack allows to a round
 * trip. With --sockperf it answers like `sockperf server` instead, so
 * sockperf's ping-pong and under-load clients can measure it.
 *
 * Runs until SIGINT/SIGTERM, then closes the socket and the stack (which
 * detaches the XDP program) and prints its counters on stderr.
 */
#include <endian.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>

#include "common.h"
#include "workers.h"

#define BATCH 64

enum { OPT_SOCKPERF = APP_OPT_APP_FIRST, OPT_THREADS, OPT_RESIDENCE };

#define MAX_THREADS 64

struct echo_stats {
	uint64_t echoed;
	uint64_t no_reply;	/* sockperf: no reply requested */
	uint64_t malformed;	/* sockperf: shorter than its header */
	uint64_t rx_errors;
	uint64_t tx_errors;
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: afudp-echo -i IFACE -p PORT [-a BINDADDR] [--sockperf] [--busy-poll]\n"
		"                  [--kernel] [--cpu N] [--threads N] [--residence] [-v]\n"
		"Echo every UDP datagram on PORT back to its sender.\n"
		"  -p, --port PORT        UDP port to serve (required)\n"
		"  -a, --addr BINDADDR    local address to bind (default 0.0.0.0); an\n"
		"                         IPv6 one (e.g. :: or fd00::1) makes an IPv6\n"
		"                         socket (:: is dual-stack); not with\n"
		"                         --sockperf\n"
		"      --sockperf         answer as a sockperf server: reply only to\n"
		"                         messages that request one, client flag cleared\n"
		"      --threads N        N threads, each with its own socket serving every\n"
		"                         Nth queue (sharded), pinned to CPUs from --cpu on\n"
		"      --residence        write into afudp-ping --residence requests the time\n"
		"                         from their receive timestamp to the reply's send\n"
		"                         (copies each datagram instead of replying in place)\n"
		APP_COMMON_HELP);
}

static uint16_t sp_flags(const void *payload)
{
	uint16_t f;

	memcpy(&f, (const uint8_t *)payload + APP_SP_OFF_FLAGS, sizeof(f));
	return ntohs(f);
}

/* A sockperf reply is the request with the client flag cleared. */
static void sp_make_reply(void *payload)
{
	uint16_t f = htons(sp_flags(payload) & ~APP_SP_F_CLIENT);

	memcpy((uint8_t *)payload + APP_SP_OFF_FLAGS, &f, sizeof(f));
}

/* Does this datagram get an answer? Counts those that don't. */
static bool wants_reply(const struct afudp_zc_msg *m, bool sockperf,
			struct echo_stats *es)
{
	const uint16_t ask = APP_SP_F_CLIENT | APP_SP_F_PONG_REQUEST;

	if (!sockperf)
		return true;
	if (m->len < APP_SP_HDR_LEN) {
		es->malformed++;
		return false;
	}
	if ((sp_flags(m->data) & ask) != ask) {
		es->no_reply++;
		return false;
	}
	return true;
}

/*
 * Send the @n replies of @msgs (@src6 their sources on an IPv6 socket)
 * from their own frames, in one call where all go; one that can't go is
 * counted and given back, and the rest go on.
 */
static void echo_batch(struct afudp_socket *sock, struct afudp_zc_msg *msgs,
		       struct sockaddr_in6 *src6, unsigned int n,
		       struct echo_stats *es)
{
	unsigned int done = 0;
	int r;

	while (done < n) {
		/* One wake-up per batch: serve() flushes after it. */
		r = afudp_zc_reply(sock, msgs + done, src6 ? src6 + done : NULL,
				   n - done, AFUDP_MSG_BATCH);
		if (r > 0) {
			es->echoed += (unsigned int)r;
			done += (unsigned int)r;
			continue;
		}
		app_count_error(&es->tx_errors, "reply", r);
		/* Still ours on failure: give it back. */
		afudp_zc_release(sock, &msgs[done], 1);
		done++;
	}
}

static void serve(struct afudp_socket *sock, bool sockperf, bool busy,
		  bool v6, struct echo_stats *es)
{
	/*
	 * A sleeping receive returns -EINTR on a signal (a signal that lands
	 * just before it goes to sleep is seen at the next datagram or the
	 * next signal). A busy-polling one spins inside the library and would
	 * never notice, so in that mode spin here, on non-blocking calls.
	 */
	int flags = busy ? MSG_DONTWAIT : 0;
	struct afudp_zc_msg msgs[BATCH], quiet[BATCH];
	struct sockaddr_in6 src6[BATCH];
	unsigned int nq, nr;
	int i, n;

	while (!app_stop) {
		/* An IPv6 socket's sources (v4-mapped too) are sockaddr_in6. */
		n = v6 ? afudp_zc_recv6(sock, msgs, src6, BATCH, flags) :
			 afudp_zc_recv(sock, msgs, BATCH, flags);
		if (n == -EAGAIN || n == -EINTR)
			continue;
		if (n < 0) {
			app_count_error(&es->rx_errors, "receive", n);
			continue;
		}
		nq = nr = 0;
		for (i = 0; i < n; i++) {
			if (!wants_reply(&msgs[i], sockperf, es)) {
				quiet[nq++] = msgs[i];
				continue;
			}
			/* The reply is the request, rewritten in place. */
			if (sockperf)
				sp_make_reply((void *)msgs[i].data);
			msgs[nr] = msgs[i];
			if (v6)
				src6[nr] = src6[i];
			nr++;
		}
		echo_batch(sock, msgs, v6 ? src6 : NULL, nr, es);
		afudp_flush(sock);
		if (nq)
			afudp_zc_release(sock, quiet, nq);
	}
}

/*
 * Does @buf ask for the server's residence time (APP_RES_MAGIC)? Then
 * write it: from @rx (the request's receive timestamp) to now.
 */
static void residence(uint8_t *buf, size_t len, const struct timespec *rx)
{
	struct timespec now;
	int64_t ns;
	uint64_t be;

	if (len < APP_RES_LEN ||
	    memcmp(buf + APP_RES_OFF_MAGIC, APP_RES_MAGIC, 8))
		return;
	clock_gettime(CLOCK_REALTIME, &now);
	ns = (now.tv_sec - rx->tv_sec) * 1000000000ll +
	     (now.tv_nsec - rx->tv_nsec);
	be = htobe64((uint64_t)(ns < 0 ? 0 : ns));
	memcpy(buf + APP_RES_OFF_NS, &be, sizeof(be));
}

/*
 * --residence: each datagram copied out with its receive timestamp
 * (afudp_recvfrom_ts(); zero-copy receives give none), the residence
 * written just before the reply goes.
 */
static void serve_ts(struct afudp_socket *sock, bool busy, bool res,
		     struct echo_stats *es)
{
	static uint8_t buf[65536];
	int flags = busy ? MSG_DONTWAIT : 0;
	struct sockaddr_storage src;
	socklen_t sl;
	struct afudp_rx_ts ts;
	ssize_t n, r;

	while (!app_stop) {
		sl = sizeof(src);
		n = afudp_recvfrom_ts(sock, buf, sizeof(buf), flags,
				      (struct sockaddr *)&src, &sl, &ts);
		if (n == -EAGAIN || n == -EINTR)
			continue;
		if (n < 0) {
			app_count_error(&es->rx_errors, "receive", (int)n);
			continue;
		}
		if (res)
			residence(buf, (size_t)n, &ts.sw);
		r = afudp_sendto(sock, buf, (size_t)n, 0,
				 (struct sockaddr *)&src, sl);
		if (r < 0)
			app_count_error(&es->tx_errors, "reply", (int)r);
		else
			es->echoed++;
	}
}

/* One thread's share: its socket, its counters. */
struct worker {
	struct afudp_socket *sock;
	bool sockperf;
	bool busy;
	bool residence;
	bool v6;	/* an IPv6 socket */
	struct echo_stats es;
};

static void *work(void *arg)
{
	struct worker *w = arg;

	if (w->residence)
		serve_ts(w->sock, w->busy, w->residence, &w->es);
	else
		serve(w->sock, w->sockperf, w->busy, w->v6, &w->es);
	return NULL;
}

/*
 * Socket @i of @n: with one thread, all queues; with more, sharded, the
 * queues q with q % n == i (on the kernel backend the kernel's
 * SO_REUSEPORT spreads datagrams instead).
 */
static struct afudp_socket *open_socket(struct afudp_stack *st,
					const struct afudp_stack_info *info,
					unsigned int i, unsigned int n,
					int family)
{
	AFUDP_OPTS_INIT(afudp_socket_opts, so, .family = family);
	unsigned int q, qs[MAX_THREADS * 4], nq = 0;

	if (n > 1) {
		so.flags = AFUDP_SO_SHARD;
		for (q = i; info->backend == AFUDP_BACKEND_XDP &&
			    q < info->n_queues && nq < MAX_THREADS * 4;
		     q += n)
			qs[nq++] = q;
		so.queues = nq ? qs : NULL;
		so.n_queues = nq;
	}
	return afudp_socket(st, &so);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		APP_COMMON_LONGOPTS,
		{ "port", required_argument, NULL, 'p' },
		{ "addr", required_argument, NULL, 'a' },
		{ "sockperf", no_argument, NULL, OPT_SOCKPERF },
		{ "threads", required_argument, NULL, OPT_THREADS },
		{ "residence", no_argument, NULL, OPT_RESIDENCE },
		{ 0 }
	};
	struct sockaddr_storage local = { .ss_family = AF_INET };
	socklen_t local_len = sizeof(struct sockaddr_in);
	AFUDP_OPTS_INIT(afudp_stack_info, info);
	struct app_common co = APP_COMMON_INIT;
	struct worker w[MAX_THREADS] = { 0 };
	void *args[MAX_THREADS];
	struct echo_stats all = { 0 };
	char addr[APP_ADDR46STRLEN];
	struct afudp_stack *st;
	unsigned int i, n = 1;
	bool sockperf = false, res = false;
	int c, err, ret;
	long port = 0;

	app_set_usage(usage);
	while ((c = getopt_long(argc, argv, APP_COMMON_SHORTOPTS "p:a:",
				longopts, NULL)) != -1) {
		if (app_common_opt(&co, c, optarg))
			continue;
		switch (c) {
		case 'p':
			port = (long)app_opt_int("-p", optarg, 1, 65535);
			break;
		case 'a':
			local = app_opt_addr46("-a", optarg, false,
					       &local_len);
			break;
		case OPT_SOCKPERF:
			sockperf = true;
			break;
		case OPT_THREADS:
			n = (unsigned int)app_opt_int("--threads", optarg, 1,
						      MAX_THREADS);
			break;
		case OPT_RESIDENCE:
			res = true;
			break;
		}
	}
	app_common_check(&co, argc, argv);
	if (res && sockperf)
		app_usage_error("--residence and --sockperf don't go together");
	if (!port)
		app_usage_error("a port is required (-p PORT)");
	if (local.ss_family == AF_INET6 && sockperf)
		app_usage_error("an IPv6 address does not go with --sockperf yet");
	/* sin_port and sin6_port are at the same place. */
	((struct sockaddr_in *)&local)->sin_port = htons((uint16_t)port);

	/* Early, so a signal during setup still ends in a clean close. */
	app_catch_signals();
	st = app_open_stack(&co);
	ret = APP_EXIT_USAGE;
	afudp_stack_info(st, &info);
	if (n > 1 && info.backend == AFUDP_BACKEND_XDP && n > info.n_queues) {
		fprintf(stderr,
			"afudp-echo: --threads %u needs as many queues; %s has %u (ethtool -L to add)\n",
			n, co.ifname, info.n_queues);
		goto close_stack;
	}
	for (i = 0; i < n; i++) {
		w[i] = (struct worker){ .sockperf = sockperf,
					.busy = co.busy_poll,
					.residence = res,
					.v6 = local.ss_family == AF_INET6 };
		args[i] = &w[i];
		w[i].sock = open_socket(st, &info, i, n, local.ss_family);
		if (!w[i].sock) {
			fprintf(stderr,
				"afudp-echo: cannot create a socket: %s\n",
				strerror(errno));
			goto close_socks;
		}
		err = afudp_bind(w[i].sock, (const struct sockaddr *)&local,
				 local_len);
		if (err) {
			fprintf(stderr, "afudp-echo: bind %s: %s\n",
				app_addr46_str((struct sockaddr *)&local, addr),
				strerror(-err));
			goto close_socks;
		}
	}
	if (n == 1 && app_pin_cpu(co.cpu))
		goto close_socks;
	fprintf(stderr, "afudp-echo: echoing on %s%s, %u thread%s\n",
		app_addr46_str((struct sockaddr *)&local, addr),
		sockperf ? " (sockperf server protocol)" :
		res ? " (residence times written)" : "", n,
		n > 1 ? "s (sharded)" : "");

	if (n == 1)
		work(&w[0]);
	else if (app_workers_run(n, work, args, co.cpu))
		goto close_socks;
	ret = 0;
	for (i = 0; i < n; i++) {
		if (n > 1)
			fprintf(stderr, "afudp-echo: thread %u echoed %" PRIu64 "\n",
				i, w[i].es.echoed);
		all.echoed += w[i].es.echoed;
		all.no_reply += w[i].es.no_reply;
		all.malformed += w[i].es.malformed;
		all.rx_errors += w[i].es.rx_errors;
		all.tx_errors += w[i].es.tx_errors;
	}
	fprintf(stderr,
		"afudp-echo: echoed %" PRIu64 ", no reply requested %" PRIu64 ", too short %" PRIu64 ", errors: receive %" PRIu64 " send %" PRIu64 "\n",
		all.echoed, all.no_reply, all.malformed, all.rx_errors,
		all.tx_errors);
	for (i = 0; i < n; i++)
		app_print_socket_stats(stderr, w[i].sock);
	if (co.verbose)
		app_print_stack_stats(stderr, st);
close_socks:
	for (i = 0; i < n; i++)
		afudp_close(w[i].sock);
close_stack:
	afudp_stack_close(st);
	return ret;
}
