/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * afudp-rpc: a key-value service over UDP on afudp (wire format: see
 * rpc_proto.h), its load-generating client, and a one-shot caller.
 *
 *   server  (rpc_server.c) serves GET/PUT/DELETE/STATS from an in-memory
 *           store, answering retried requests from a reply cache so that a
 *           retried PUT is applied once; --threads N: N sockets sharded
 *           over the interface's queues (AFUDP_SO_SHARD), one store.
 *   client  (rpc_client.c) PUTs every key, then keeps --window requests in
 *           flight, retries on timeout with the same request id, and checks
 *           every reply against what it wrote.
 *   call    (here) sends one request and prints the reply, for scripts.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "rpc_app.h"
#include "rpc_proto.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: afudp-rpc server -i IFACE -p PORT [-a ADDR] [--threads N] [--keys K]\n"
		"                        [--cache C] [--kernel] [--busy-poll] [--cpu N] [-v]\n"
		"       afudp-rpc client -i IFACE -d IP:PORT [--keys K] [--value-size B]\n"
		"                        [--get-ratio R] [--window W] [--duration S | --count N]\n"
		"                        [--timeout MS] [--retries R] [--key-prefix P]\n"
		"                        [--kernel] [--busy-poll] [--cpu N] [-v]\n"
		"       afudp-rpc call -i IFACE -d IP:PORT [--timeout MS] [--retries R] [--kernel]\n"
		"                      get KEY | put KEY VALUE | delete KEY | stats\n"
		"A key-value store over UDP (afudp-rpc server), a client that loads it and\n"
		"verifies every reply, and a one-shot request (call).\n"
		"Server:\n"
		"  -p, --port PORT        UDP port to serve (required)\n"
		"  -a, --addr ADDR        local address to bind (default 0.0.0.0); an\n"
		"                         IPv6 one (e.g. :: or fd00::1) makes an IPv6\n"
		"                         socket (:: also serves IPv4)\n"
		"      --threads N        N threads, each with its own socket serving every\n"
		"                         Nth queue (sharded), pinned to CPUs from --cpu\n"
		"                         on; at most the queue count on the XDP backend\n"
		"      --keys K           store capacity in keys (default 1048576)\n"
		"      --cache C          replies kept for retried requests (default 4096)\n"
		"Client:\n"
		"  -d, --dest IP:PORT     the server (required); IPv6 as [IPV6]:PORT\n"
		"                         (an IPv6 socket; also for call)\n"
		"      --keys K           keys to use, all PUT first (default 1000; >= W)\n"
		"      --value-size B     value bytes (default 64)\n"
		"      --get-ratio R      share of GETs, 0..1, the rest PUTs (default 0.9)\n"
		"      --window W         requests in flight (default 32)\n"
		"      --duration S       run the mix for S seconds (default 5)\n"
		"      --count N          or run N requests of the mix\n"
		"      --timeout MS       resend after MS without a reply (default 200)\n"
		"      --retries R        resends before giving up (default 5)\n"
		"      --key-prefix P     keys are P0, P1, ... (default \"key-\"); clients\n"
		"                         running at once need different prefixes\n"
		"Common:\n"
		APP_COMMON_HELP
		"Exit status: server 0; client 0 if every reply was right and every request\n"
		"answered, else 1; call 0 if the reply says OK, else 1; 2 on errors.\n");
}

int rpc_next_opt(int argc, char **argv, const char *shortopts,
		 const struct option *longopts, struct app_common *co)
{
	int c;

	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1)
		if (!app_common_opt(co, c, optarg))
			return c;
	return -1;
}

struct afudp_socket *rpc_open_socket(struct afudp_stack *st, int family,
				     const struct afudp_socket_opts *o)
{
	AFUDP_OPTS_INIT(afudp_socket_opts, def);
	struct afudp_socket_opts so = o ? *o : def;
	struct afudp_socket *s;

	so.family = family;
	s = afudp_socket(st, &so);

	if (!s)
		fprintf(stderr, "afudp-rpc: cannot create a socket: %s\n",
			strerror(errno));
	return s;
}

/* ---- call -------------------------------------------------------------- */

/* Send @req until its reply comes (into @m, from @buf) or retries run out. */
static bool call_wait(struct afudp_socket *sock, const uint8_t *req,
		      size_t len, const struct rpc_msg *q, uint8_t *buf,
		      size_t cap, struct rpc_msg *m, uint64_t timeout_ns,
		      unsigned int retries)
{
	struct pollfd pfd = { .fd = afudp_socket_fd(sock), .events = POLLIN };
	uint64_t deadline, now, left;
	struct timespec ts;
	unsigned int try;
	ssize_t r;

	for (try = 0; try <= retries && !app_stop; try++) {
		r = afudp_send(sock, req, len, 0);
		if (r < 0)
			fprintf(stderr, "afudp-rpc: send: %s\n",
				strerror((int)-r));
		deadline = app_now_ns() + timeout_ns;
		while (!app_stop && (now = app_now_ns()) < deadline) {
			r = afudp_recv(sock, buf, cap, MSG_DONTWAIT);
			if (r >= 0 && rpc_decode(buf, (size_t)r, m) >= 0 &&
			    m->req_id == q->req_id &&
			    m->client_id == q->client_id &&
			    (m->opcode & RPC_OP_REPLY))
				return true;
			if (r >= 0)
				continue;
			if (r != -EAGAIN && r != -EINTR) {
				fprintf(stderr, "afudp-rpc: receive: %s\n",
					strerror((int)-r));
				break;
			}
			left = deadline - now;
			ts.tv_sec = (time_t)(left / 1000000000u);
			ts.tv_nsec = (long)(left % 1000000000u);
			ppoll(&pfd, 1, &ts, NULL);
		}
	}
	return false;
}

static int call_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		APP_COMMON_LONGOPTS,
		{ "dest", required_argument, NULL, 'd' },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "retries", required_argument, NULL, OPT_RETRIES },
		{ 0 }
	};
	static const struct {
		const char *word;
		uint8_t op;
		int args;	/* KEY, VALUE after the word */
	} ops[] = {
		{ "get", RPC_OP_GET, 1 },
		{ "put", RPC_OP_PUT, 2 },
		{ "delete", RPC_OP_DELETE, 1 },
		{ "stats", RPC_OP_STATS, 0 },
	};
	uint64_t timeout_ns = 1000 * 1000000ull;
	struct app_common co = APP_COMMON_INIT;
	uint8_t req[RPC_MAX_MSG], rep[RPC_MAX_MSG + 1];
	struct rpc_msg q = { 0 }, m;
	struct sockaddr_storage dst;
	struct afudp_socket *sock;
	socklen_t dst_len = 0;
	struct afudp_stack *st;
	unsigned int retries = 3, i;
	bool have_dst = false;
	int c, err, ret = APP_EXIT_USAGE;
	ssize_t len;

	while ((c = rpc_next_opt(argc, argv, APP_COMMON_SHORTOPTS "d:",
				 longopts, &co)) != -1) {
		switch (c) {
		case 'd':
			dst = app_opt_addr46("-d", optarg, true, &dst_len);
			have_dst = true;
			break;
		case OPT_TIMEOUT:
			timeout_ns = (uint64_t)app_opt_int("--timeout", optarg,
							   1, 3600000) *
				     1000000u;
			break;
		case OPT_RETRIES:
			retries = (unsigned int)app_opt_int("--retries", optarg,
							    0, 100);
			break;
		}
	}
	app_common_check(&co, optind, argv);	/* the operation follows */
	if (!have_dst)
		app_usage_error("a destination is required (-d IP:PORT)");
	for (i = 0; optind < argc && i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(argv[optind], ops[i].word))
			break;
	if (optind >= argc || i == sizeof(ops) / sizeof(ops[0]) ||
	    argc - optind - 1 != ops[i].args)
		app_usage_error("expected get KEY, put KEY VALUE, delete KEY or stats");
	q.opcode = ops[i].op;
	if (ops[i].args) {
		q.key = (const uint8_t *)argv[optind + 1];
		q.key_len = (uint16_t)strnlen(argv[optind + 1], 65535);
	}
	if (ops[i].args > 1) {
		q.val = (const uint8_t *)argv[optind + 2];
		q.val_len = (uint16_t)strnlen(argv[optind + 2], 65535);
	}
	if (getrandom(&q.req_id, sizeof(q.req_id), 0) != sizeof(q.req_id) ||
	    getrandom(&q.client_id, sizeof(q.client_id), 0) !=
		    sizeof(q.client_id))
		app_die(APP_EXIT_USAGE, "getrandom: %s", strerror(errno));
	len = rpc_encode(req, sizeof(req), &q);
	if (len < 0)
		app_usage_error("the key (at most %d bytes) or the value is too long for one datagram",
				RPC_MAX_KEY);

	app_catch_signals();
	st = app_open_stack(&co);
	sock = rpc_open_socket(st, dst.ss_family, NULL);
	if (!sock)
		goto close_stack;
	err = afudp_connect(sock, (const struct sockaddr *)&dst, dst_len);
	if (err) {
		fprintf(stderr, "afudp-rpc: connect: %s\n", strerror(-err));
		goto close_sock;
	}
	ret = 1;
	if (!call_wait(sock, req, (size_t)len, &q, rep, sizeof(rep), &m,
		       timeout_ns, retries)) {
		fprintf(stderr, "afudp-rpc: no reply after %u tries\n",
			retries + 1);
		goto close_sock;
	}
	printf("%s\n", rpc_status_name(m.status));
	if (m.val_len) {
		fwrite(m.val, 1, m.val_len, stdout);
		if (m.val[m.val_len - 1] != '\n')
			putchar('\n');
	}
	ret = m.status == RPC_ST_OK ? 0 : 1;
close_sock:
	afudp_close(sock);
close_stack:
	afudp_stack_close(st);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *word;
		int (*run)(int argc, char **argv);
	} modes[] = {
		{ "server", rpc_server_main },
		{ "client", rpc_client_main },
		{ "call", call_main },
	};
	unsigned int i;

	app_set_usage(usage);
	if (argc > 1 &&
	    (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	for (i = 0; argc > 1 && i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (!strcmp(argv[1], modes[i].word)) {
			/* The mode's options follow; keep our name first. */
			argv[1] = argv[0];
			return modes[i].run(argc - 1, argv + 1);
		}
	}
	app_usage_error("%s: expected server, client or call",
			argc > 1 ? argv[1] : "no mode");
}
