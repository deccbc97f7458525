/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * afudp-rpc: a key-value service over UDP on afudp (wire format: see
 * rpc_proto.h), with a load-generating client and a one-shot caller.
 *
 *   server  serves GET/PUT/DELETE/STATS from an in-memory store, answering
 *           retried requests from a reply cache (so a retried PUT is applied
 *           once); --threads N runs N sockets sharded over the interface's
 *           queues (AFUDP_SO_SHARD), sharing the store.
 *   client  PUTs every key, then keeps --window requests in flight (a mix of
 *           GETs and PUTs), retries on timeout with the same request id, and
 *           checks every reply against what it wrote: a value is derived
 *           from its key and a version number, so any GET is verifiable.
 *   call    sends one request and prints the reply, for scripts.
 *
 * The server receives and sends in batches (afudp_recvmmsg/sendmmsg): one
 * copy each way, on the XDP and the kernel backend alike.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "common.h"
#include "rpc_proto.h"
#include "rpc_store.h"

#define BATCH 64
#define MAX_THREADS 64
#define POLL_MS 100		/* how soon a sleeping server sees a signal */
#define SLOT_BITS 16		/* request id = sequence << 16 | slot */
#define MISMATCH_SHOWN 5	/* mismatches described on stderr */

enum {
	OPT_THREADS = APP_OPT_APP_FIRST,
	OPT_KEYS,
	OPT_CACHE,
	OPT_VALUE_SIZE,
	OPT_GET_RATIO,
	OPT_WINDOW,
	OPT_DURATION,
	OPT_COUNT,
	OPT_TIMEOUT,
	OPT_RETRIES,
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: afudp-rpc server -i IFACE -p PORT [--threads N] [--keys K] [--cache C]\n"
		"                        [--kernel] [--busy-poll] [--cpu N] [-v]\n"
		"       afudp-rpc client -i IFACE -d IP:PORT [--keys K] [--value-size B]\n"
		"                        [--get-ratio R] [--window W] [--duration S | --count N]\n"
		"                        [--timeout MS] [--retries R] [--kernel] [--busy-poll]\n"
		"                        [--cpu N] [-v]\n"
		"       afudp-rpc call -i IFACE -d IP:PORT [--timeout MS] [--retries R] [--kernel]\n"
		"                      get KEY | put KEY VALUE | delete KEY | stats\n"
		"A key-value store over UDP (afudp-rpc server), a client that loads it and\n"
		"verifies every reply, and a one-shot request (call).\n"
		"Server:\n"
		"  -p, --port PORT        UDP port to serve (required)\n"
		"      --threads N        N threads, each with its own socket on its own\n"
		"                         share of the queues (default 1; on the XDP\n"
		"                         backend at most the interface's queue count)\n"
		"      --keys K           store capacity in keys (default 1048576)\n"
		"      --cache C          replies kept for retried requests (default 4096)\n"
		"      --cpu N            pin thread i to CPU N+i\n"
		"Client:\n"
		"  -d, --dest IP:PORT     the server (required)\n"
		"      --keys K           keys to use, all PUT first (default 1000; >= W)\n"
		"      --value-size B     value bytes (default 64)\n"
		"      --get-ratio R      share of GETs, 0..1, the rest PUTs (default 0.9)\n"
		"      --window W         requests in flight (default 32)\n"
		"      --duration S       run the mix for S seconds (default 5)\n"
		"      --count N          or run N requests of the mix\n"
		"      --timeout MS       resend after MS without a reply (default 200)\n"
		"      --retries R        resends before giving up (default 5)\n"
		"Common:\n"
		APP_COMMON_HELP
		"Exit status: server 0; client 0 if every reply was right and every request\n"
		"answered, else 1; call 0 if the reply says OK, else 1; 2 on errors.\n");
}

/* Reparse argv after the mode word, with getopt's messages naming us. */
static int parse_next(int argc, char **argv, const char *shortopts,
		      const struct option *longopts, struct app_common *co)
{
	int c;

	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1)
		if (!app_common_opt(co, c, optarg))
			return c;
	return -1;
}

static struct afudp_socket *open_socket(struct afudp_stack *st,
					const struct afudp_socket_opts *o)
{
	struct afudp_socket *s = afudp_socket(st, o);

	if (!s)
		fprintf(stderr, "afudp-rpc: cannot create a socket: %s\n",
			strerror(errno));
	return s;
}

/* ---- server ------------------------------------------------------------ */

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
	pthread_t tid;
	unsigned int idx;
	/* Written by this thread only, read by any (STATS). */
	_Atomic uint64_t ctr[C_NR];
	uint8_t rx[BATCH][RPC_MAX_MSG + 1];	/* + 1: to see TOO_BIG */
	uint8_t tx[BATCH][RPC_MAX_MSG];
};

struct server {
	struct rpc_store *store;
	struct rpc_cache *cache;
	struct srv_thread *th;
	unsigned int nthreads;
	int cpu;
	bool busy;
	bool failed;
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

/* The reply to the datagram @req, into @out; 0: none. */
static size_t answer(struct srv_thread *t, const uint8_t *req, size_t len,
		     const struct sockaddr_in *from, uint8_t *out)
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
		.addr = from->sin_addr.s_addr,
		.port = from->sin_port,
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
		r = afudp_sendmmsg(t->sock, out + done, (unsigned int)(n - done),
				   0);
		if (r < 0) {
			ctr_inc(t, C_TX_ERRORS);
			r = 1;
		}
		done += r;
	}
}

/*
 * A thread's loop. Receives never block: a signal reaches one thread only,
 * so the others must look at app_stop on their own, every POLL_MS at most.
 */
static void *serve(void *arg)
{
	struct srv_thread *t = arg;
	struct pollfd pfd = { .fd = afudp_socket_fd(t->sock), .events = POLLIN };
	struct mmsghdr in[BATCH], out[BATCH];
	struct iovec iin[BATCH], iout[BATCH];
	struct sockaddr_in src[BATCH];
	int i, n, nout;
	size_t len;

	if (t->srv->cpu >= 0 && app_pin_cpu(t->srv->cpu + (int)t->idx)) {
		t->srv->failed = true;
		app_stop = 1;
		return NULL;
	}
	while (!app_stop) {
		for (i = 0; i < BATCH; i++) {
			iin[i].iov_base = t->rx[i];
			iin[i].iov_len = sizeof(t->rx[i]);
			in[i].msg_hdr = (struct msghdr){
				.msg_name = &src[i],
				.msg_namelen = sizeof(src[i]),
				.msg_iov = &iin[i],
				.msg_iovlen = 1,
			};
		}
		n = afudp_recvmmsg(t->sock, in, BATCH, MSG_DONTWAIT);
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
				.msg_namelen = sizeof(src[i]),
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
					  uint16_t port)
{
	struct sockaddr_in local = { .sin_family = AF_INET,
				     .sin_port = htons(port) };
	unsigned int q[MAX_THREADS * 4], nq = 0, j;
	AFUDP_OPTS_INIT(afudp_socket_opts, o);
	struct afudp_socket *s;
	char addr[APP_ADDRSTRLEN];
	int err;

	if (n > 1) {
		o.flags = AFUDP_SO_SHARD;
		for (j = i; info->backend == AFUDP_BACKEND_XDP &&
			    j < info->n_queues && nq < MAX_THREADS * 4; j += n)
			q[nq++] = j;
		o.queues = nq ? q : NULL;
		o.n_queues = nq;
	}
	s = open_socket(st, &o);
	if (!s)
		return NULL;
	err = afudp_bind(s, (const struct sockaddr *)&local, sizeof(local));
	if (err) {
		fprintf(stderr, "afudp-rpc: bind %s%s: %s\n",
			app_addr_str(&local, addr),
			n > 1 ? " (sharded)" : "", strerror(-err));
		afudp_close(s);
		return NULL;
	}
	return s;
}

static int server_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		APP_COMMON_LONGOPTS,
		{ "port", required_argument, NULL, 'p' },
		{ "threads", required_argument, NULL, OPT_THREADS },
		{ "keys", required_argument, NULL, OPT_KEYS },
		{ "cache", required_argument, NULL, OPT_CACHE },
		{ 0 }
	};
	AFUDP_OPTS_INIT(afudp_stack_info, info);
	struct app_common co = APP_COMMON_INIT;
	struct server srv = { .nthreads = 1 };
	long long keys = 1 << 20, cache = 4096;
	char text[RPC_MAX_MSG];
	struct afudp_stack *st;
	unsigned int i, up = 0;
	int c, ret = APP_EXIT_USAGE;
	long port = 0;

	while ((c = parse_next(argc, argv, APP_COMMON_SHORTOPTS "p:", longopts,
			       &co)) != -1) {
		switch (c) {
		case 'p':
			port = (long)app_opt_int("-p", optarg, 1, 65535);
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
	if (optind < argc)
		app_usage_error("unexpected argument '%s'", argv[optind]);
	app_common_check(&co);
	if (!port)
		app_usage_error("a port is required (-p PORT)");
	srv.cpu = co.cpu;
	srv.busy = co.busy_poll;
	srv.store = rpc_store_new((size_t)keys);
	srv.cache = rpc_cache_new((unsigned int)cache);
	srv.th = calloc(srv.nthreads, sizeof(*srv.th));
	if (!srv.store || !srv.cache || !srv.th)
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
		srv.th[up].idx = up;
		srv.th[up].sock = server_socket(st, &info, up, srv.nthreads,
						(uint16_t)port);
		if (!srv.th[up].sock)
			goto close;
	}
	fprintf(stderr,
		"afudp-rpc: serving on port %ld, %u thread(s), capacity %lld keys, reply cache %lld\n",
		port, srv.nthreads, keys, cache);
	for (i = 1; i < srv.nthreads; i++) {
		if (pthread_create(&srv.th[i].tid, NULL, serve, &srv.th[i])) {
			fprintf(stderr, "afudp-rpc: cannot start a thread\n");
			app_stop = 1;
			break;
		}
	}
	serve(&srv.th[0]);
	while (--i > 0)
		pthread_join(srv.th[i].tid, NULL);
	ret = srv.failed ? APP_EXIT_USAGE : 0;
	stats_text(&srv, text, sizeof(text), ' ');
	fprintf(stderr, "afudp-rpc: served: %s\n", text);
	for (i = 0; i < srv.nthreads; i++)
		app_print_socket_stats(stderr, srv.th[i].sock);
	if (co.verbose)
		app_print_stack_stats(stderr, st);
close:
	while (up-- > 0)
		afudp_close(srv.th[up].sock);
	afudp_stack_close(st);
	free(srv.th);
	rpc_cache_free(srv.cache);
	rpc_store_free(srv.store);
	return ret;
}

/* ---- client ------------------------------------------------------------ */

struct cli_cfg {
	struct sockaddr_in dst;
	unsigned int keys, vsize, window, retries;
	double get_ratio, duration;
	long long count;	/* 0: run for --duration */
	uint64_t timeout_ns;
	bool busy;
};

/* A request in flight. */
struct slot {
	uint64_t id;		/* 0: free */
	uint64_t t_first, t_sent;
	unsigned int key;
	uint32_t version;	/* PUT: the one written; GET: the one expected */
	uint8_t op;
	uint8_t tries;
	uint16_t len;
	uint8_t msg[RPC_MAX_MSG];
};

/* What the client knows of a key. */
struct key_state {
	uint32_t version;	/* of the value the server holds */
	bool busy;		/* a request on it is in flight */
	bool unsure;		/* a PUT went unanswered: not verifiable */
};

struct client {
	struct cli_cfg cfg;
	struct afudp_socket *sock;
	uint32_t cid;
	unsigned short rng[3];	/* nrand48/erand48 state */
	struct slot *slot;
	unsigned int *free, nfree;
	struct key_state *ks;
	uint64_t seq;
	/* The phase: PUT every key, then the mix until t_end or count. */
	bool preload;
	uint64_t issued, t_end, next_scan, next_report, last_done;
	/* Results of the mix (the preload's failures count too). */
	uint64_t done, ok, gets, puts, retries, timeouts, mismatches, errors,
		late, tx_errors, rx_errors;
	uint64_t *lat;
	size_t nlat, lat_cap;
	/* Requests waiting for the next afudp_sendmmsg(). */
	struct mmsghdr tx[BATCH];
	struct iovec txv[BATCH];
	unsigned int ntx;
};

static size_t key_name(char *buf, unsigned int key)
{
	return (size_t)snprintf(buf, RPC_MAX_KEY + 1, "key-%u", key);
}

/* The value of @key at @version: reproducible, different for each pair. */
static void value_fill(uint8_t *v, size_t len, unsigned int key,
		       uint32_t version)
{
	uint64_t seed = app_mix64((uint64_t)key << 32 | version), w;
	size_t i;

	for (i = 0; i < len; i += sizeof(w)) {
		w = app_mix64(seed + i);
		memcpy(v + i, &w, len - i < sizeof(w) ? len - i : sizeof(w));
	}
}

static bool value_ok(const struct rpc_msg *m, unsigned int key,
		     uint32_t version, size_t vsize)
{
	uint8_t want[RPC_MAX_MSG];

	if (m->val_len != vsize)
		return false;
	value_fill(want, vsize, key, version);
	return !memcmp(m->val, want, vsize);
}

static void flush(struct client *c)
{
	unsigned int done = 0;
	int r;

	while (done < c->ntx) {
		r = afudp_sendmmsg(c->sock, c->tx + done, c->ntx - done, 0);
		if (r < 0) {
			/* The request times out and is sent again. */
			app_count_error(&c->tx_errors, "send", r);
			r = 1;
		}
		done += (unsigned int)r;
	}
	c->ntx = 0;
}

static void queue_send(struct client *c, struct slot *s)
{
	c->txv[c->ntx].iov_base = s->msg;
	c->txv[c->ntx].iov_len = s->len;
	c->tx[c->ntx].msg_hdr = (struct msghdr){
		.msg_iov = &c->txv[c->ntx],
		.msg_iovlen = 1,
	};
	if (++c->ntx == BATCH)
		flush(c);
}

/* A key with nothing in flight (there are at least --window keys). */
static unsigned int pick_key(struct client *c)
{
	unsigned int k = (unsigned int)(nrand48(c->rng) % c->cfg.keys);

	while (c->ks[k].busy)
		k = (k + 1) % c->cfg.keys;
	return k;
}

static bool more_to_issue(const struct client *c, uint64_t now)
{
	if (app_stop)
		return false;
	if (c->preload)
		return c->issued < c->cfg.keys;
	if (c->cfg.count)
		return c->issued < (uint64_t)c->cfg.count;
	return now < c->t_end;
}

static void issue(struct client *c, uint64_t now)
{
	uint8_t val[RPC_MAX_MSG];
	char key[RPC_MAX_KEY + 1];
	struct rpc_msg m = { .client_id = c->cid, .key = (uint8_t *)key };
	struct key_state *k;
	unsigned int i;
	struct slot *s;

	while (c->nfree && more_to_issue(c, now)) {
		i = c->free[--c->nfree];
		s = &c->slot[i];
		s->key = c->preload ? (unsigned int)c->issued : pick_key(c);
		k = &c->ks[s->key];
		s->op = !c->preload && erand48(c->rng) < c->cfg.get_ratio ?
				RPC_OP_GET :
				RPC_OP_PUT;
		s->version = k->version + (s->op == RPC_OP_PUT);
		s->id = ++c->seq << SLOT_BITS | i;
		s->t_first = s->t_sent = now;
		s->tries = 1;
		m.opcode = s->op;
		m.req_id = s->id;
		m.key_len = (uint16_t)key_name(key, s->key);
		m.val_len = s->op == RPC_OP_PUT ? (uint16_t)c->cfg.vsize : 0;
		m.val = val;
		value_fill(val, m.val_len, s->key, s->version);
		/* Sizes were checked against RPC_MAX_MSG at startup. */
		s->len = (uint16_t)rpc_encode(s->msg, sizeof(s->msg), &m);
		k->busy = true;
		c->issued++;
		queue_send(c, s);
	}
}

static void finish_slot(struct client *c, struct slot *s)
{
	c->ks[s->key].busy = false;
	s->id = 0;
	c->free[c->nfree++] = (unsigned int)(s - c->slot);
	c->done++;
}

__attribute__((format(printf, 3, 4)))
static void mismatch(struct client *c, const struct slot *s,
		     const char *fmt, ...)
{
	va_list ap;

	if (c->mismatches++ >= MISMATCH_SHOWN)
		return;
	fprintf(stderr, "afudp-rpc: mismatch: %s key-%u (version %u): ",
		rpc_op_name(s->op), s->key, s->version);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void record_latency(struct client *c, uint64_t ns)
{
	uint64_t *p;

	if (c->preload)
		return;
	if (c->nlat == c->lat_cap) {
		p = realloc(c->lat, (c->lat_cap ? c->lat_cap * 2 : 65536) *
					    sizeof(*p));
		if (!p)
			return;		/* fewer samples, same results */
		c->lat = p;
		c->lat_cap = c->lat_cap ? c->lat_cap * 2 : 65536;
	}
	c->lat[c->nlat++] = ns;
}

/* Check a reply against what its request expects, and retire it. */
static void on_reply(struct client *c, const uint8_t *buf, size_t len,
		     uint64_t now)
{
	struct key_state *k;
	struct rpc_msg m;
	struct slot *s;
	uint64_t i;
	int st;

	st = rpc_decode(buf, len, &m);
	i = m.req_id & ((1u << SLOT_BITS) - 1);
	if (st < 0 || m.client_id != c->cid || i >= c->cfg.window ||
	    c->slot[i].id != m.req_id) {
		/* A second answer to a retried request, or garbage. */
		c->late++;
		return;
	}
	s = &c->slot[i];
	k = &c->ks[s->key];
	if (st != RPC_ST_OK || m.opcode != (s->op | RPC_OP_REPLY)) {
		mismatch(c, s, "malformed reply (%s, opcode 0x%02x)",
			 rpc_status_name((unsigned int)st), m.opcode);
	} else if (m.status != RPC_ST_OK) {
		if (m.status == RPC_ST_NOT_FOUND && !k->unsure)
			mismatch(c, s, "NOT_FOUND");
		else if (m.status != RPC_ST_NOT_FOUND && !c->errors++)
			fprintf(stderr, "afudp-rpc: %s key-%u: %s (further ones are only counted)\n",
				rpc_op_name(s->op), s->key,
				rpc_status_name(m.status));
	} else if (s->op == RPC_OP_PUT) {
		k->version = s->version;
		k->unsure = false;
		c->ok++;
	} else if (!k->unsure && !value_ok(&m, s->key, s->version,
					   c->cfg.vsize)) {
		mismatch(c, s, "got %u bytes, not the %u written", m.val_len,
			 c->cfg.vsize);
	} else {
		c->ok++;
	}
	if (!c->preload)
		*(s->op == RPC_OP_GET ? &c->gets : &c->puts) += 1;
	record_latency(c, now - s->t_first);
	finish_slot(c, s);
}

/* Resend what waited --timeout; give up after --retries resends. */
static void check_timeouts(struct client *c, uint64_t now)
{
	struct slot *s;
	unsigned int i;

	for (i = 0; i < c->cfg.window; i++) {
		s = &c->slot[i];
		if (!s->id || now - s->t_sent < c->cfg.timeout_ns)
			continue;
		if (s->tries <= c->cfg.retries) {
			s->tries++;
			s->t_sent = now;
			c->retries++;
			queue_send(c, s);
			continue;
		}
		if (!c->timeouts++)
			fprintf(stderr, "afudp-rpc: %s key-%u: no reply after %u tries (further ones are only counted)\n",
				rpc_op_name(s->op), s->key, s->tries);
		/* The server may or may not have applied it. */
		if (s->op == RPC_OP_PUT) {
			c->ks[s->key].version = s->version;
			c->ks[s->key].unsure = true;
		}
		finish_slot(c, s);
	}
	flush(c);
}

static void report(struct client *c, uint64_t now, uint64_t t0)
{
	fprintf(stderr,
		"afudp-rpc: %5.1f s %s: %" PRIu64 " done, %" PRIu64 "/s, retries %" PRIu64 " timeouts %" PRIu64 " mismatches %" PRIu64 "\n",
		(now - t0) / 1e9, c->preload ? "preload" : "mix", c->done,
		c->done - c->last_done, c->retries, c->timeouts,
		c->mismatches);
	c->last_done = c->done;
	c->next_report += 1000000000ull;
}

/* Issue a phase's requests and wait for all of them. @return its time. */
static uint64_t run_phase(struct client *c, bool preload)
{
	struct pollfd pfd = { .fd = afudp_socket_fd(c->sock), .events = POLLIN };
	struct timespec ms = { .tv_nsec = 1000000 };
	uint8_t rx[BATCH][RPC_MAX_MSG + 1];
	struct mmsghdr in[BATCH];
	struct iovec iov[BATCH];
	uint64_t t0 = app_now_ns(), now = t0;
	int i, n;

	c->preload = preload;
	c->issued = c->done = c->last_done = 0;
	c->t_end = t0 + (uint64_t)(c->cfg.duration * 1e9);
	c->next_report = t0 + 1000000000ull;
	for (;;) {
		issue(c, now);
		flush(c);
		if (c->nfree == c->cfg.window && !more_to_issue(c, now))
			break;
		for (i = 0; i < BATCH; i++) {
			iov[i].iov_base = rx[i];
			iov[i].iov_len = sizeof(rx[i]);
			in[i].msg_hdr = (struct msghdr){ .msg_iov = &iov[i],
							 .msg_iovlen = 1 };
		}
		n = afudp_recvmmsg(c->sock, in, BATCH, MSG_DONTWAIT);
		now = app_now_ns();
		for (i = 0; i < n; i++)
			on_reply(c, rx[i], in[i].msg_len, now);
		if (n == -EAGAIN || n == -EINTR) {
			if (!c->cfg.busy)
				ppoll(&pfd, 1, &ms, NULL);
			now = app_now_ns();
		} else if (n < 0) {
			/* E.g. ECONNREFUSED: no server (yet); retries go on. */
			app_count_error(&c->rx_errors, "receive", n);
		}
		if (now >= c->next_scan) {
			check_timeouts(c, now);
			c->next_scan = now + 1000000;
		}
		if (now >= c->next_report)
			report(c, now, t0);
	}
	return app_now_ns() - t0;
}

static bool client_run(struct client *c)
{
	uint64_t t_pre, t_mix;
	bool good;

	t_pre = run_phase(c, true);
	fprintf(stderr, "afudp-rpc: preload: %u keys PUT in %.3f s\n",
		c->cfg.keys, t_pre / 1e9);
	t_mix = run_phase(c, false);
	printf("requests %" PRIu64 " in %.3f s: %.0f requests/s (get %" PRIu64 " put %" PRIu64 ")\n",
	       c->done, t_mix / 1e9, t_mix ? c->done * 1e9 / t_mix : 0.0,
	       c->gets, c->puts);
	printf("ok %" PRIu64 " retries %" PRIu64 " timeouts %" PRIu64 " mismatches %" PRIu64 " errors %" PRIu64 " late %" PRIu64 "\n",
	       c->ok, c->retries, c->timeouts, c->mismatches, c->errors,
	       c->late);
	app_print_latency(stdout, c->lat, c->nlat);
	good = !c->mismatches && !c->timeouts && !c->errors;
	printf("%s\n", good ? "PASS" : "FAIL");
	return good;
}

static int client_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		APP_COMMON_LONGOPTS,
		{ "dest", required_argument, NULL, 'd' },
		{ "keys", required_argument, NULL, OPT_KEYS },
		{ "value-size", required_argument, NULL, OPT_VALUE_SIZE },
		{ "get-ratio", required_argument, NULL, OPT_GET_RATIO },
		{ "window", required_argument, NULL, OPT_WINDOW },
		{ "duration", required_argument, NULL, OPT_DURATION },
		{ "count", required_argument, NULL, OPT_COUNT },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "retries", required_argument, NULL, OPT_RETRIES },
		{ 0 }
	};
	struct client c = {
		.cfg = {
			.keys = 1000, .vsize = 64, .window = 32, .retries = 5,
			.get_ratio = 0.9, .duration = 5,
			.timeout_ns = 200 * 1000000ull,
		},
	};
	struct app_common co = APP_COMMON_INIT;
	char addr[APP_ADDRSTRLEN], key[RPC_MAX_KEY + 1];
	struct afudp_stack *st;
	bool have_dst = false;
	int opt, err, ret = APP_EXIT_USAGE;
	unsigned int i;

	while ((opt = parse_next(argc, argv, APP_COMMON_SHORTOPTS "d:",
				 longopts, &co)) != -1) {
		switch (opt) {
		case 'd':
			c.cfg.dst = app_opt_addr("-d", optarg, true);
			have_dst = true;
			break;
		case OPT_KEYS:
			c.cfg.keys = (unsigned int)app_opt_int(
				"--keys", optarg, 1, 100000000);
			break;
		case OPT_VALUE_SIZE:
			c.cfg.vsize = (unsigned int)app_opt_int(
				"--value-size", optarg, 0, RPC_MAX_VALUE(0));
			break;
		case OPT_GET_RATIO:
			c.cfg.get_ratio = app_opt_double("--get-ratio", optarg,
							 0, 1);
			break;
		case OPT_WINDOW:
			c.cfg.window = (unsigned int)app_opt_int(
				"--window", optarg, 1, (1 << SLOT_BITS) - 1);
			break;
		case OPT_DURATION:
			c.cfg.duration = app_opt_double("--duration", optarg,
							0.001, 1e6);
			c.cfg.count = 0;
			break;
		case OPT_COUNT:
			c.cfg.count = app_opt_int("--count", optarg, 1,
						  1ll << 40);
			break;
		case OPT_TIMEOUT:
			c.cfg.timeout_ns = (uint64_t)app_opt_int(
				"--timeout", optarg, 1, 3600000) * 1000000u;
			break;
		case OPT_RETRIES:
			c.cfg.retries = (unsigned int)app_opt_int(
				"--retries", optarg, 0, 100);
			break;
		}
	}
	if (optind < argc)
		app_usage_error("unexpected argument '%s'", argv[optind]);
	app_common_check(&co);
	if (!have_dst)
		app_usage_error("a destination is required (-d IP:PORT)");
	if (c.cfg.keys < c.cfg.window)
		app_usage_error("--keys %u: at least --window (%u), one key per request in flight",
				c.cfg.keys, c.cfg.window);
	if (c.cfg.vsize > RPC_MAX_VALUE(key_name(key, c.cfg.keys - 1)))
		app_usage_error("--value-size %u: at most %zu with keys like '%s' (one datagram at MTU 1500)",
				c.cfg.vsize,
				RPC_MAX_VALUE(key_name(key, c.cfg.keys - 1)),
				key);
	c.cfg.busy = co.busy_poll;
	c.slot = calloc(c.cfg.window, sizeof(*c.slot));
	c.free = calloc(c.cfg.window, sizeof(*c.free));
	c.ks = calloc(c.cfg.keys, sizeof(*c.ks));
	if (!c.slot || !c.free || !c.ks)
		app_die(APP_EXIT_USAGE, "cannot allocate --window/--keys");
	for (i = c.cfg.window; i-- > 0;)
		c.free[c.nfree++] = i;
	if (getrandom(&c.cid, sizeof(c.cid), 0) != sizeof(c.cid) ||
	    getrandom(c.rng, sizeof(c.rng), 0) != sizeof(c.rng))
		app_die(APP_EXIT_USAGE, "getrandom: %s", strerror(errno));

	app_catch_signals();
	st = app_open_stack(&co);
	c.sock = open_socket(st, NULL);
	if (!c.sock)
		goto close_stack;
	/* Connected: only the server's datagrams come in. */
	err = afudp_connect(c.sock, (const struct sockaddr *)&c.cfg.dst,
			    sizeof(c.cfg.dst));
	if (err) {
		fprintf(stderr, "afudp-rpc: connect %s: %s\n",
			app_addr_str(&c.cfg.dst, addr), strerror(-err));
		goto close_sock;
	}
	if (app_pin_cpu(co.cpu))
		goto close_sock;
	fprintf(stderr,
		"afudp-rpc: client %08x to %s: %u keys, %u-byte values, %.0f%% GETs, window %u\n",
		c.cid, app_addr_str(&c.cfg.dst, addr), c.cfg.keys, c.cfg.vsize,
		c.cfg.get_ratio * 100, c.cfg.window);
	ret = client_run(&c) ? 0 : 1;
	if (co.verbose) {
		app_print_socket_stats(stderr, c.sock);
		app_print_stack_stats(stderr, st);
	}
close_sock:
	afudp_close(c.sock);
close_stack:
	afudp_stack_close(st);
	free(c.lat);
	free(c.ks);
	free(c.free);
	free(c.slot);
	return ret;
}
