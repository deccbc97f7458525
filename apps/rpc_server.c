/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * afudp-rpc server: requests come in and replies go out in batches
 * (afudp_recvmmsg/afudp_sendmmsg: one copy each way, on the XDP and the
 * kernel backend alike). Each request is decoded and checked (rpc_proto.c),
 * looked up in the reply cache by (source address, client id, request id),
 * and only if it is not there executed on the store (rpc_store.c). With
 * --threads N, N threads each serve their own sharded socket; the store and
 * the cache are shared, striped by key.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rpc_app.h"
#include "rpc_proto.h"
#include "rpc_store.h"
#include "workers.h"

#define MAX_THREADS 64
#define POLL_MS 100		/* how soon a sleeping thread sees a signal */

/* Per-thread counters; STATS and the exit report sum them. */
enum srv_ctr {
	C_GET, C_PUT, C_DELETE, C_STATS,	/* executed, by opcode */
	C_CACHE_HITS,		/* retries answered from the reply cache */
	C_NOT_FOUND, C_NO_SPACE,		/* outcomes */
	C_BAD_REQUEST, C_TOO_BIG, C_BAD_VERSION, /* error replies */
	C_DROPPED,		/* not an RPC request: not answered */
	C_RX_ERRORS, C_TX_ERRORS,
	C_NR
};

static const char *const ctr_name[C_NR] = {
	"get", "put", "delete", "stats", "cache_hits", "not_found",
	"no_space", "bad_request", "too_big", "bad_version", "dropped",
	"rx_errors", "tx_errors",
};

struct server;

struct srv_thread {
	struct server *srv;
	struct afudp_socket *sock;
	/* Written by this thread only, read by any (STATS). */
	_Atomic uint64_t ctr[C_NR];
	uint8_t rx[RPC_BATCH][RPC_MAX_MSG + 1];	/* + 1: to see TOO_BIG */
	uint8_t tx[RPC_BATCH][RPC_MAX_MSG];
};

struct server {
	struct rpc_store *store;
	struct rpc_cache *cache;
	struct srv_thread *th;
	unsigned int nthreads;
	bool busy;
	struct sockaddr_storage local;	/* -a, the port set */
	socklen_t local_len;
};

static void ctr_inc(struct srv_thread *t, enum srv_ctr c)
{
	atomic_store_explicit(&t->ctr[c],
			      atomic_load_explicit(&t->ctr[c],
						   memory_order_relaxed) + 1,
			      memory_order_relaxed);
}

static size_t add_item(char *buf, size_t cap, size_t n, const char *name,
		       uint64_t v, char sep)
{
	int r = n < cap ? snprintf(buf + n, cap - n, "%s %" PRIu64 "%c", name,
				   v, sep) :
			  0;

	return n + (r > 0 ? (size_t)r : 0);
}

/* The counters as "name value" items, each followed by @sep. */
static size_t stats_text(const struct server *srv, char *buf, size_t cap,
			 char sep)
{
	uint64_t v[C_NR] = { 0 };
	unsigned int i, c;
	size_t n = 0;

	for (i = 0; i < srv->nthreads; i++)
		for (c = 0; c < C_NR; c++)
			v[c] += atomic_load_explicit(&srv->th[i].ctr[c],
						     memory_order_relaxed);
	for (c = 0; c < C_NR; c++)
		n = add_item(buf, cap, n, ctr_name[c], v[c], sep);
	n = add_item(buf, cap, n, "keys", rpc_store_count(srv->store), sep);
	n = add_item(buf, cap, n, "capacity", rpc_store_capacity(srv->store),
		     sep);
	return n < cap ? n : cap - 1;
}

struct exec_ctx {
	struct srv_thread *t;
	struct rpc_msg m;
};

/* Run a checked request on the store; the reply goes to @out. */
static ssize_t execute(void *ctx, void *out, size_t cap)
{
	struct exec_ctx *x = ctx;
	const struct rpc_msg *m = &x->m;
	struct server *srv = x->t->srv;
	uint8_t *val = (uint8_t *)out + RPC_HDR_LEN;
	struct rpc_msg r = {
		.opcode = m->opcode | RPC_OP_REPLY,
		.req_id = m->req_id,
		.client_id = m->client_id,
		.val = val,
	};
	ssize_t n = 0;

	/* C_GET.. and RPC_OP_GET.. are in the same order. */
	ctr_inc(x->t, C_GET + m->opcode - RPC_OP_GET);
	switch (m->opcode) {
	case RPC_OP_GET:
		n = rpc_store_get(srv->store, m->key, m->key_len, val,
				  cap - RPC_HDR_LEN);
		break;
	case RPC_OP_PUT:
		/* -ENOSPC, or -ENOMEM: no room either way. */
		if (rpc_store_put(srv->store, m->key, m->key_len, m->val,
				  m->val_len)) {
			r.status = RPC_ST_NO_SPACE;
			ctr_inc(x->t, C_NO_SPACE);
		}
		break;
	case RPC_OP_DELETE:
		n = rpc_store_delete(srv->store, m->key, m->key_len);
		break;
	case RPC_OP_STATS:
		n = (ssize_t)stats_text(srv, (char *)val, cap - RPC_HDR_LEN,
					'\n');
		break;
	}
	if (n == -ENOENT) {
		r.status = RPC_ST_NOT_FOUND;
		ctr_inc(x->t, C_NOT_FOUND);
	} else {
		r.val_len = (uint16_t)n;
	}
	return rpc_encode(out, cap, &r);
}

/*
 * The client's address for the reply cache's key: IPv4 as it is, IPv6
 * folded to 32 bits. A fold may make two clients' keys alike only in
 * their address; their random client ids and request ids (96 bits) still
 * tell them apart.
 */
static uint32_t from_key(const struct sockaddr_storage *from)
{
	const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)from;
	uint32_t w[4];

	if (from->ss_family != AF_INET6)
		return ((const struct sockaddr_in *)from)->sin_addr.s_addr;
	memcpy(w, &s6->sin6_addr, sizeof(w));
	return w[0] ^ w[1] ^ w[2] ^ w[3] ^ s6->sin6_scope_id;
}

/* The reply to the datagram @req, into @out; 0: none. */
static size_t answer(struct srv_thread *t, const uint8_t *req, size_t len,
		     const struct sockaddr_storage *from, uint8_t *out)
{
	struct exec_ctx x = { .t = t };
	struct rpc_cache_key k;
	struct rpc_msg err;
	ssize_t r;
	bool hit;
	int st;

	st = rpc_decode(req, len, &x.m);
	if (st == RPC_ST_OK)
		st = rpc_check_request(&x.m);
	/* Never answer a reply, whatever else is wrong with it. */
	if (st < 0 || (x.m.opcode & RPC_OP_REPLY)) {
		ctr_inc(t, C_DROPPED);
		return 0;
	}
	if (st != RPC_ST_OK) {
		ctr_inc(t, st == RPC_ST_TOO_BIG	    ? C_TOO_BIG :
			   st == RPC_ST_BAD_VERSION ? C_BAD_VERSION :
						      C_BAD_REQUEST);
		err = (struct rpc_msg){
			.opcode = x.m.opcode | RPC_OP_REPLY,
			.status = (uint16_t)st,
			.req_id = x.m.req_id,
			.client_id = x.m.client_id,
		};
		return (size_t)rpc_encode(out, RPC_MAX_MSG, &err);
	}
	k = (struct rpc_cache_key){
		.addr = from_key(from),
		/* sin_port and sin6_port are at the same place. */
		.port = ((const struct sockaddr_in *)from)->sin_port,
		.client_id = x.m.client_id,
		.req_id = x.m.req_id,
	};
	r = rpc_cache_reply(t->srv->cache, &k, execute, &x, out, RPC_MAX_MSG,
			    &hit);
	if (hit)
		ctr_inc(t, C_CACHE_HITS);
	return r > 0 ? (size_t)r : 0;
}

/* Send @n replies; one that fails is counted and skipped. */
static void send_all(struct srv_thread *t, struct mmsghdr *out, int n)
{
	int done = 0, r;

	while (done < n) {
		r = afudp_sendmmsg(t->sock, out + done,
				   (unsigned int)(n - done), 0);
		if (r < 0) {
			ctr_inc(t, C_TX_ERRORS);
			r = 1;
		}
		done += r;
	}
}

/*
 * A thread's loop. Receives never block: the thread sleeps in poll() for
 * POLL_MS at most, so it sees app_stop even if the signal that set it came
 * just before the sleep (app_workers_run() also interrupts it).
 */
static void *serve(void *arg)
{
	struct srv_thread *t = arg;
	struct pollfd pfd = { .fd = afudp_socket_fd(t->sock),
			      .events = POLLIN };
	struct mmsghdr in[RPC_BATCH], out[RPC_BATCH];
	struct iovec iin[RPC_BATCH], iout[RPC_BATCH];
	struct sockaddr_storage src[RPC_BATCH];
	int i, n, nout;
	size_t len;

	while (!app_stop) {
		for (i = 0; i < RPC_BATCH; i++) {
			iin[i].iov_base = t->rx[i];
			iin[i].iov_len = sizeof(t->rx[i]);
			in[i].msg_hdr = (struct msghdr){
				.msg_name = &src[i],
				.msg_namelen = sizeof(src[i]),
				.msg_iov = &iin[i],
				.msg_iovlen = 1,
			};
		}
		n = afudp_recvmmsg(t->sock, in, RPC_BATCH, MSG_DONTWAIT);
		if (n == -EAGAIN || n == -EINTR) {
			if (!t->srv->busy)
				poll(&pfd, 1, POLL_MS);
			continue;
		}
		if (n < 0) {
			/* E.g. ECONNREFUSED: a client went away. */
			ctr_inc(t, C_RX_ERRORS);
			continue;
		}
		for (i = 0, nout = 0; i < n; i++) {
			len = answer(t, t->rx[i], in[i].msg_len, &src[i],
				     t->tx[nout]);
			if (!len)
				continue;
			iout[nout].iov_base = t->tx[nout];
			iout[nout].iov_len = len;
			out[nout].msg_hdr = (struct msghdr){
				.msg_name = &src[i],
				.msg_namelen = in[i].msg_hdr.msg_namelen,
				.msg_iov = &iout[nout],
				.msg_iovlen = 1,
			};
			nout++;
		}
		send_all(t, out, nout);
	}
	return NULL;
}

/*
 * A socket for thread @i of @n on @port: alone, it serves every queue; as
 * a shard, queues i, i + n, ... (the stack serves all of the interface's,
 * numbered from 0), or on the kernel backend a SO_REUSEPORT share.
 */
static struct afudp_socket *server_socket(struct afudp_stack *st,
					  const struct afudp_stack_info *info,
					  unsigned int i, unsigned int n,
					  const struct server *srv)
{
	unsigned int q[MAX_THREADS * 4], nq = 0, j;
	AFUDP_OPTS_INIT(afudp_socket_opts, o);
	struct afudp_socket *s;
	char addr[APP_ADDR46STRLEN];
	int err;

	if (n > 1) {
		o.flags = AFUDP_SO_SHARD;
		for (j = i; j < info->n_queues && nq < MAX_THREADS * 4; j += n)
			if (info->backend == AFUDP_BACKEND_XDP)
				q[nq++] = j;
		o.queues = nq ? q : NULL;
		o.n_queues = nq;
	}
	s = rpc_open_socket(st, srv->local.ss_family, &o);
	if (!s)
		return NULL;
	err = afudp_bind(s, (const struct sockaddr *)&srv->local,
			 srv->local_len);
	if (err) {
		fprintf(stderr, "afudp-rpc: bind %s%s: %s\n",
			app_addr46_str((const struct sockaddr *)&srv->local,
				       addr),
			n > 1 ? " (sharded)" : "", strerror(-err));
		afudp_close(s);
		return NULL;
	}
	return s;
}

int rpc_server_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		APP_COMMON_LONGOPTS,
		{ "port", required_argument, NULL, 'p' },
		{ "addr", required_argument, NULL, 'a' },
		{ "threads", required_argument, NULL, OPT_THREADS },
		{ "keys", required_argument, NULL, OPT_KEYS },
		{ "cache", required_argument, NULL, OPT_CACHE },
		{ 0 }
	};
	AFUDP_OPTS_INIT(afudp_stack_info, info);
	struct app_common co = APP_COMMON_INIT;
	struct server srv = {
		.nthreads = 1,
		.local = { .ss_family = AF_INET },
		.local_len = sizeof(struct sockaddr_in),
	};
	char addr[APP_ADDR46STRLEN];
	long long keys = 1 << 20, cache = 4096;
	char text[RPC_MAX_MSG];
	struct afudp_stack *st;
	unsigned int i, up = 0;
	int c, ret = APP_EXIT_USAGE;
	void **args;
	long port = 0;

	while ((c = rpc_next_opt(argc, argv, APP_COMMON_SHORTOPTS "p:a:",
				 longopts, &co)) != -1) {
		switch (c) {
		case 'p':
			port = (long)app_opt_int("-p", optarg, 1, 65535);
			break;
		case 'a':
			srv.local = app_opt_addr46("-a", optarg, false,
						   &srv.local_len);
			break;
		case OPT_THREADS:
			srv.nthreads = (unsigned int)app_opt_int(
				"--threads", optarg, 1, MAX_THREADS);
			break;
		case OPT_KEYS:
			keys = app_opt_int("--keys", optarg, 1, 1ll << 30);
			break;
		case OPT_CACHE:
			cache = app_opt_int("--cache", optarg, 16, 1 << 22);
			break;
		}
	}
	app_common_check(&co, argc, argv);
	if (!port)
		app_usage_error("a port is required (-p PORT)");
	/* sin_port and sin6_port are at the same place. */
	((struct sockaddr_in *)&srv.local)->sin_port = htons((uint16_t)port);
	srv.busy = co.busy_poll;
	srv.store = rpc_store_new((size_t)keys);
	srv.cache = rpc_cache_new((unsigned int)cache);
	srv.th = calloc(srv.nthreads, sizeof(*srv.th));
	args = calloc(srv.nthreads, sizeof(*args));
	if (!srv.store || !srv.cache || !srv.th || !args)
		app_die(APP_EXIT_USAGE, "cannot allocate the store (--keys %lld) or the cache",
			keys);

	app_catch_signals();
	st = app_open_stack(&co);
	afudp_stack_info(st, &info);
	if (srv.nthreads > 1 && info.backend == AFUDP_BACKEND_XDP &&
	    srv.nthreads > info.n_queues) {
		fprintf(stderr,
			"afudp-rpc: --threads %u: %s has %u queue(s) and each thread needs its own (more queues: ethtool -L %s combined N)\n",
			srv.nthreads, co.ifname, info.n_queues, co.ifname);
		goto close;
	}
	for (up = 0; up < srv.nthreads; up++) {
		srv.th[up].srv = &srv;
		args[up] = &srv.th[up];
		srv.th[up].sock = server_socket(st, &info, up, srv.nthreads,
						&srv);
		if (!srv.th[up].sock)
			goto close;
	}
	if (srv.nthreads == 1 && app_pin_cpu(co.cpu))
		goto close;
	fprintf(stderr,
		"afudp-rpc: serving on %s, %u thread%s, capacity %lld keys, reply cache %lld\n",
		app_addr46_str((const struct sockaddr *)&srv.local, addr),
		srv.nthreads, srv.nthreads > 1 ? "s (sharded)" : "", keys,
		cache);
	if (srv.nthreads == 1)
		serve(&srv.th[0]);
	else if (app_workers_run(srv.nthreads, serve, args, co.cpu))
		goto close;
	ret = 0;
	text[stats_text(&srv, text, sizeof(text), ' ') - 1] = '\0';
	fprintf(stderr, "afudp-rpc: served: %s\n", text);
	for (i = 0; i < srv.nthreads; i++)
		app_print_socket_stats(stderr, srv.th[i].sock);
	if (co.verbose)
		app_print_stack_stats(stderr, st);
close:
	while (up-- > 0)
		afudp_close(srv.th[up].sock);
	afudp_stack_close(st);
	free(args);
	free(srv.th);
	rpc_cache_free(srv.cache);
	rpc_store_free(srv.store);
	return ret;
}
