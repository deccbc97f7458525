/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * afudp-rpc client: PUTs every key, then runs a mix of GETs and PUTs with
 * --window requests in flight, each matched to its reply by request id
 * (sequence << SLOT_BITS | slot). A request without a reply after
 * --timeout is sent again with the same id, so the server answers it from
 * its reply cache if it had already executed it.
 *
 * Every reply is verified: a value is derived from its key and a version
 * number that each PUT increments, and at most one request per key is in
 * flight, so the client always knows what a GET must return.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "rpc_app.h"
#include "rpc_proto.h"

#define SLOT_BITS 16		/* request id = sequence << 16 | slot */
#define MISMATCH_SHOWN 5	/* mismatches described on stderr */

struct cli_cfg {
	struct sockaddr_storage dst;	/* sockaddr_in or sockaddr_in6 */
	socklen_t dst_len;
	const char *prefix;	/* of the key names */
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
	uint32_t version;	/* PUT: the one written; GET: expected */
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
	/* Replies of the mix: ok, by opcode; sent again. */
	uint64_t done, ok, gets, puts, retries;
	/* Failures of both phases; late: replies to no request in flight. */
	uint64_t timeouts, mismatches, errors, late, tx_errors, rx_errors;
	uint64_t *lat;
	size_t nlat, lat_cap;
	/* Requests waiting for the next afudp_sendmmsg(). */
	struct mmsghdr tx[RPC_BATCH];
	struct iovec txv[RPC_BATCH];
	unsigned int ntx;
};

static size_t key_name(const struct cli_cfg *cfg, char *buf, unsigned int key)
{
	int n = snprintf(buf, RPC_MAX_KEY + 1, "%s%u", cfg->prefix, key);

	return n > RPC_MAX_KEY ? RPC_MAX_KEY + 1 : (size_t)n;
}

/*
 * The value of @key at @version written by client @cid: reproducible, and
 * different for each triple (so a value left by an earlier run never
 * passes for this one's).
 */
static void value_fill(uint8_t *v, size_t len, uint32_t cid, unsigned int key,
		       uint32_t version)
{
	uint64_t w, seed = app_mix64(cid) ^ ((uint64_t)key << 32 | version);
	size_t i;

	seed = app_mix64(seed);
	for (i = 0; i < len; i += sizeof(w)) {
		w = app_mix64(seed + i);
		memcpy(v + i, &w, len - i < sizeof(w) ? len - i : sizeof(w));
	}
}

static bool value_ok(const struct client *c, const struct rpc_msg *m,
		     const struct slot *s)
{
	uint8_t want[RPC_MAX_MSG];

	if (m->val_len != c->cfg.vsize)
		return false;
	value_fill(want, c->cfg.vsize, c->cid, s->key, s->version);
	return !memcmp(m->val, want, c->cfg.vsize);
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
	if (++c->ntx == RPC_BATCH)
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
		m.key_len = (uint16_t)key_name(&c->cfg, key, s->key);
		m.val_len = s->op == RPC_OP_PUT ? (uint16_t)c->cfg.vsize : 0;
		m.val = val;
		value_fill(val, m.val_len, c->cid, s->key, s->version);
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
	fprintf(stderr, "afudp-rpc: mismatch: %s %s%u (version %u): ",
		rpc_op_name(s->op), c->cfg.prefix, s->key, s->version);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/*
 * Room for the latencies the run will likely record, taken and touched
 * before it starts: growing the array in the measured phase (a copy, page
 * faults) would land in the very tails being measured. --count says how
 * many; for --duration, LAT_RATE_GUESS a second (more than this class of
 * machine does), at most LAT_RESERVE_MAX; past that record_latency()
 * still grows it.
 */
#define LAT_RATE_GUESS 500000.0
#define LAT_RESERVE_MAX ((size_t)8 << 20)	/* 64 MiB of samples */

static void reserve_latencies(struct client *c)
{
	double want = c->cfg.count ? (double)c->cfg.count :
				     c->cfg.duration * LAT_RATE_GUESS;
	size_t n = want < (double)LAT_RESERVE_MAX ? (size_t)want + 1 :
						    LAT_RESERVE_MAX;

	c->lat = malloc(n * sizeof(*c->lat));
	if (!c->lat)
		return;			/* grown on the way, as before */
	memset(c->lat, 0, n * sizeof(*c->lat));
	c->lat_cap = n;
}

static void record_latency(struct client *c, uint64_t ns)
{
	uint64_t *p;

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
			fprintf(stderr, "afudp-rpc: %s %s%u: %s (further ones are only counted)\n",
				rpc_op_name(s->op), c->cfg.prefix, s->key,
				rpc_status_name(m.status));
	} else if (s->op == RPC_OP_PUT) {
		k->version = s->version;
		k->unsure = false;
		c->ok += !c->preload;
	} else if (!k->unsure && !value_ok(c, &m, s)) {
		mismatch(c, s, "got %u bytes, not the %u written", m.val_len,
			 c->cfg.vsize);
	} else {
		c->ok += !c->preload;
	}
	if (!c->preload) {
		if (s->op == RPC_OP_GET)
			c->gets++;
		else
			c->puts++;
		record_latency(c, now - s->t_first);
	}
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
			fprintf(stderr, "afudp-rpc: %s %s%u: no reply after %u tries (further ones are only counted)\n",
				rpc_op_name(s->op), c->cfg.prefix, s->key,
				s->tries);
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
	struct pollfd pfd = { .fd = afudp_socket_fd(c->sock),
			      .events = POLLIN };
	struct timespec ms = { .tv_nsec = 1000000 };
	uint8_t rx[RPC_BATCH][RPC_MAX_MSG + 1];
	struct mmsghdr in[RPC_BATCH];
	struct iovec iov[RPC_BATCH];
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
		for (i = 0; i < RPC_BATCH; i++) {
			iov[i].iov_base = rx[i];
			iov[i].iov_len = sizeof(rx[i]);
			in[i].msg_hdr = (struct msghdr){ .msg_iov = &iov[i],
							 .msg_iovlen = 1 };
		}
		n = afudp_recvmmsg(c->sock, in, RPC_BATCH, MSG_DONTWAIT);
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
	uint64_t t_pre, t_mix, answered;
	bool good;

	t_pre = run_phase(c, true);
	printf("preload %u PUTs in %.3f s\n", c->cfg.keys, t_pre / 1e9);
	t_mix = run_phase(c, false);
	answered = c->gets + c->puts;
	printf("requests %" PRIu64 " in %.3f s: %.0f requests/s (get %" PRIu64 " put %" PRIu64 ")\n",
	       answered, t_mix / 1e9, t_mix ? answered * 1e9 / t_mix : 0.0,
	       c->gets, c->puts);
	printf("ok %" PRIu64 " retries %" PRIu64 " timeouts %" PRIu64 " mismatches %" PRIu64 " errors %" PRIu64 " late %" PRIu64 "\n",
	       c->ok, c->retries, c->timeouts, c->mismatches, c->errors,
	       c->late);
	app_print_latency(stdout, c->lat, c->nlat);
	good = !c->mismatches && !c->timeouts && !c->errors;
	printf("%s\n", good ? "PASS" : "FAIL");
	return good;
}

int rpc_client_main(int argc, char **argv)
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
		{ "key-prefix", required_argument, NULL, OPT_PREFIX },
		{ 0 }
	};
	struct client c = {
		.cfg = {
			.prefix = "key-",
			.keys = 1000, .vsize = 64, .window = 32, .retries = 5,
			.get_ratio = 0.9, .duration = 5,
			.timeout_ns = 200 * 1000000ull,
		},
	};
	struct app_common co = APP_COMMON_INIT;
	char addr[APP_ADDR46STRLEN], key[RPC_MAX_KEY + 1];
	struct afudp_stack *st;
	bool have_dst = false;
	int opt, err, ret = APP_EXIT_USAGE;
	unsigned int i;
	size_t klen;

	while ((opt = rpc_next_opt(argc, argv, APP_COMMON_SHORTOPTS "d:",
				   longopts, &co)) != -1) {
		switch (opt) {
		case 'd':
			c.cfg.dst = app_opt_addr46("-d", optarg, true,
						   &c.cfg.dst_len);
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
		case OPT_PREFIX:
			c.cfg.prefix = optarg;
			break;
		}
	}
	app_common_check(&co, argc, argv);
	if (!have_dst)
		app_usage_error("a destination is required (-d IP:PORT)");
	if (c.cfg.keys < c.cfg.window)
		app_usage_error("--keys %u: at least --window (%u), one key per request in flight",
				c.cfg.keys, c.cfg.window);
	klen = key_name(&c.cfg, key, c.cfg.keys - 1);
	if (klen > RPC_MAX_KEY)
		app_usage_error("--key-prefix '%s': keys would be longer than %d bytes",
				c.cfg.prefix, RPC_MAX_KEY);
	if (c.cfg.vsize > RPC_MAX_VALUE(klen))
		app_usage_error("--value-size %u: at most %zu with keys like '%s' (one datagram at MTU 1500)",
				c.cfg.vsize, RPC_MAX_VALUE(klen), key);
	c.cfg.busy = co.busy_poll;
	c.slot = calloc(c.cfg.window, sizeof(*c.slot));
	c.free = calloc(c.cfg.window, sizeof(*c.free));
	c.ks = calloc(c.cfg.keys, sizeof(*c.ks));
	if (!c.slot || !c.free || !c.ks)
		app_die(APP_EXIT_USAGE, "cannot allocate --window/--keys");
	reserve_latencies(&c);
	for (i = c.cfg.window; i-- > 0;)
		c.free[c.nfree++] = i;
	if (getrandom(&c.cid, sizeof(c.cid), 0) != sizeof(c.cid) ||
	    getrandom(c.rng, sizeof(c.rng), 0) != sizeof(c.rng))
		app_die(APP_EXIT_USAGE, "getrandom: %s", strerror(errno));

	app_catch_signals();
	st = app_open_stack(&co);
	c.sock = rpc_open_socket(st, c.cfg.dst.ss_family, NULL);
	if (!c.sock)
		goto close_stack;
	/* Connected: only the server's datagrams come in. */
	err = afudp_connect(c.sock, (const struct sockaddr *)&c.cfg.dst,
			    c.cfg.dst_len);
	if (err) {
		fprintf(stderr, "afudp-rpc: connect %s: %s\n",
			app_addr46_str((const struct sockaddr *)&c.cfg.dst,
				       addr),
			strerror(-err));
		goto close_sock;
	}
	if (app_pin_cpu(co.cpu))
		goto close_sock;
	fprintf(stderr,
		"afudp-rpc: client %08x to %s: %u keys, %u-byte values, %.0f%% GETs, window %u\n",
		c.cid,
		app_addr46_str((const struct sockaddr *)&c.cfg.dst, addr),
		c.cfg.keys, c.cfg.vsize, c.cfg.get_ratio * 100, c.cfg.window);
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
