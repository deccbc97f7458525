/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for afudp-rpc's wire format (apps/rpc_proto.c) and its
 * server's store and reply cache (apps/rpc_store.c).
 *
 * The vectors are written out by hand from the table in rpc_proto.h, not
 * produced by the encoder. Every datagram a decode test reads lives in a
 * malloc() block of exactly its length, so an overread is a heap overflow
 * that ASan or valgrind reports.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "rpc_proto.h"
#include "rpc_store.h"

/* PUT "ab" = "xyz", request id 0x0102030405060708, client 0xdeadbeef. */
/* clang-format off */
static const uint8_t v_put[29] = {
	0x41, 0x46, 0x52, 0x50,	/* magic "AFRP" */
	0x01,			/* version */
	0x02,			/* PUT */
	0x00, 0x00,		/* status */
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
	0xde, 0xad, 0xbe, 0xef,
	0x00, 0x02,		/* key length */
	0x00, 0x03,		/* value length */
	'a', 'b', 'x', 'y', 'z',
};

/* The NOT_FOUND reply to a GET, request id 0xffff...fe, client 7. */
static const uint8_t v_notfound[24] = {
	0x41, 0x46, 0x52, 0x50, 0x01, 0x81, 0x00, 0x01,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
	0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00,
};
/* clang-format on */

/* decode() on an exact-size heap copy of @len bytes of @src. */
static int decode_copy(const void *src, size_t len, struct rpc_msg *m)
{
	uint8_t *p = malloc(len ? len : 1);
	int r;

	ck_assert_ptr_nonnull(p);
	memcpy(p, src, len);
	r = rpc_decode(p, len, m);
	/* A successful decode points into the buffer: check it before free. */
	if (r == RPC_ST_OK) {
		ck_assert_ptr_eq(m->key, p + RPC_HDR_LEN);
		ck_assert_ptr_eq(m->val, p + RPC_HDR_LEN + m->key_len);
	}
	free(p);
	return r;
}

/* A header with the given lengths, then @len - 24 bytes of 'k'. */
static uint8_t *make(size_t len, uint16_t klen, uint16_t vlen)
{
	uint8_t *p = malloc(len);

	ck_assert_ptr_nonnull(p);
	memset(p, 'k', len);
	memcpy(p, v_put, RPC_HDR_LEN);
	p[20] = klen >> 8;
	p[21] = klen & 0xff;
	p[22] = vlen >> 8;
	p[23] = vlen & 0xff;
	return p;
}

START_TEST(test_encode_vector)
{
	struct rpc_msg m = {
		.opcode = RPC_OP_PUT,
		.req_id = 0x0102030405060708ull,
		.client_id = 0xdeadbeef,
		.key_len = 2,
		.val_len = 3,
		.key = (const uint8_t *)"ab",
		.val = (const uint8_t *)"xyz",
	};
	struct rpc_msg r = {
		.opcode = RPC_OP_GET | RPC_OP_REPLY,
		.status = RPC_ST_NOT_FOUND,
		.req_id = 0xfffffffffffffffeull,
		.client_id = 7,
	};
	uint8_t buf[64];

	ck_assert_int_eq(rpc_encode(buf, sizeof(buf), &m), sizeof(v_put));
	ck_assert_mem_eq(buf, v_put, sizeof(v_put));
	ck_assert_int_eq(rpc_encode(buf, sizeof(buf), &r), sizeof(v_notfound));
	ck_assert_mem_eq(buf, v_notfound, sizeof(v_notfound));
}
END_TEST

START_TEST(test_decode_vector)
{
	struct rpc_msg m;

	ck_assert_int_eq(decode_copy(v_put, sizeof(v_put), &m), RPC_ST_OK);
	ck_assert_uint_eq(m.version, 1);
	ck_assert_uint_eq(m.opcode, RPC_OP_PUT);
	ck_assert_uint_eq(m.status, 0);
	ck_assert_uint_eq(m.req_id, 0x0102030405060708ull);
	ck_assert_uint_eq(m.client_id, 0xdeadbeef);
	ck_assert_uint_eq(m.key_len, 2);
	ck_assert_uint_eq(m.val_len, 3);
	ck_assert_int_eq(rpc_check_request(&m), RPC_ST_OK);

	ck_assert_int_eq(decode_copy(v_notfound, sizeof(v_notfound), &m),
			 RPC_ST_OK);
	ck_assert_uint_eq(m.opcode, RPC_OP_GET | RPC_OP_REPLY);
	ck_assert_uint_eq(m.status, RPC_ST_NOT_FOUND);
	ck_assert_uint_eq(m.req_id, 0xfffffffffffffffeull);
	ck_assert_uint_eq(m.client_id, 7);
	ck_assert_int_eq(rpc_check_request(&m), -EBADMSG);
}
END_TEST

/* Cut at every byte: no header, nothing; a header, lengths that lie. */
START_TEST(test_decode_truncated)
{
	struct rpc_msg m;
	size_t len;

	for (len = 0; len < sizeof(v_put); len++) {
		int want = len < RPC_HDR_LEN ? -EBADMSG : RPC_ST_BAD_REQUEST;

		ck_assert_int_eq(decode_copy(v_put, len, &m), want);
		if (len >= RPC_HDR_LEN)
			ck_assert_uint_eq(m.req_id, 0x0102030405060708ull);
	}
}
END_TEST

START_TEST(test_decode_trailing)
{
	uint8_t buf[sizeof(v_put) + 1];
	struct rpc_msg m;

	memcpy(buf, v_put, sizeof(v_put));
	buf[sizeof(v_put)] = 0;
	ck_assert_int_eq(decode_copy(buf, sizeof(buf), &m),
			 RPC_ST_BAD_REQUEST);
}
END_TEST

START_TEST(test_decode_bad_magic)
{
	uint8_t buf[sizeof(v_put)];
	struct rpc_msg m;
	int i;

	for (i = 0; i < 4; i++) {
		memcpy(buf, v_put, sizeof(buf));
		buf[i] ^= 0x20;
		ck_assert_int_eq(decode_copy(buf, sizeof(buf), &m), -EBADMSG);
	}
}
END_TEST

/* Another version: the fields that stay put are there to answer with. */
START_TEST(test_decode_bad_version)
{
	static const uint8_t versions[] = { 0, 2, 0xff };
	uint8_t buf[sizeof(v_put)];
	struct rpc_msg m;
	unsigned int i;

	for (i = 0; i < sizeof(versions); i++) {
		memcpy(buf, v_put, sizeof(buf));
		buf[4] = versions[i];
		ck_assert_int_eq(decode_copy(buf, sizeof(buf), &m),
				 RPC_ST_BAD_VERSION);
		ck_assert_uint_eq(m.version, versions[i]);
		ck_assert_uint_eq(m.req_id, 0x0102030405060708ull);
		ck_assert_uint_eq(m.client_id, 0xdeadbeef);
		ck_assert_uint_eq(m.opcode, RPC_OP_PUT);
	}
}
END_TEST

START_TEST(test_decode_sizes)
{
	struct rpc_msg m;
	uint8_t *p;

	/* The largest message, and a key of RPC_MAX_KEY bytes: fine. */
	p = make(RPC_MAX_MSG, 64, RPC_MAX_VALUE(64));
	ck_assert_int_eq(decode_copy(p, RPC_MAX_MSG, &m), RPC_ST_OK);
	free(p);
	/* One byte more, lengths consistent: too big. */
	p = make(RPC_MAX_MSG + 1, 64, RPC_MAX_VALUE(64) + 1);
	ck_assert_int_eq(decode_copy(p, RPC_MAX_MSG + 1, &m), RPC_ST_TOO_BIG);
	free(p);
	/* A 65-byte key. */
	p = make(RPC_HDR_LEN + 65, 65, 0);
	ck_assert_int_eq(decode_copy(p, RPC_HDR_LEN + 65, &m),
			 RPC_ST_TOO_BIG);
	free(p);
	/* Lengths far beyond the datagram: no overflow, no overread. */
	p = make(RPC_HDR_LEN, 0xffff, 0xffff);
	ck_assert_int_eq(decode_copy(p, RPC_HDR_LEN, &m), RPC_ST_TOO_BIG);
	free(p);
	p = make(RPC_HDR_LEN + 3, 3, 0xffff);
	ck_assert_int_eq(decode_copy(p, RPC_HDR_LEN + 3, &m),
			 RPC_ST_BAD_REQUEST);
	free(p);
	/* A datagram far larger than any message (up to 64 KiB arrive). */
	p = make(65507, 3, 65507 - RPC_HDR_LEN - 3);
	ck_assert_int_eq(decode_copy(p, 65507, &m), RPC_ST_TOO_BIG);
	free(p);
}
END_TEST

START_TEST(test_encode_limits)
{
	static uint8_t key[RPC_MAX_KEY + 1], val[RPC_MAX_MSG];
	struct rpc_msg m = { .opcode = RPC_OP_PUT, .key = key, .val = val };
	uint8_t buf[RPC_MAX_MSG + 16];

	m.key_len = 2;
	m.val_len = 3;
	ck_assert_int_eq(rpc_encode(buf, sizeof(v_put) - 1, &m), -EMSGSIZE);
	ck_assert_int_eq(rpc_encode(buf, sizeof(v_put), &m), sizeof(v_put));
	m.key_len = RPC_MAX_KEY + 1;
	m.val_len = 0;
	ck_assert_int_eq(rpc_encode(buf, sizeof(buf), &m), -EMSGSIZE);
	m.key_len = RPC_MAX_KEY;
	m.val_len = RPC_MAX_VALUE(RPC_MAX_KEY);
	ck_assert_int_eq(rpc_encode(buf, sizeof(buf), &m), RPC_MAX_MSG);
	m.val_len++;
	ck_assert_int_eq(rpc_encode(buf, sizeof(buf), &m), -EMSGSIZE);
}
END_TEST

/* A value written in place first, then the header around it. */
START_TEST(test_encode_in_place)
{
	uint8_t buf[64];
	struct rpc_msg m = {
		.opcode = RPC_OP_PUT,
		.req_id = 0x0102030405060708ull,
		.client_id = 0xdeadbeef,
		.key_len = 2,
		.val_len = 3,
		.key = buf + RPC_HDR_LEN,
		.val = buf + RPC_HDR_LEN + 2,
	};

	memcpy(buf + RPC_HDR_LEN, "abxyz", 5);
	ck_assert_int_eq(rpc_encode(buf, sizeof(buf), &m), sizeof(v_put));
	ck_assert_mem_eq(buf, v_put, sizeof(v_put));
}
END_TEST

START_TEST(test_roundtrip)
{
	uint8_t key[RPC_MAX_KEY], val[RPC_MAX_MSG], buf[RPC_MAX_MSG];
	struct rpc_msg m, d;
	ssize_t len;
	int i, j;

	srand(42);
	for (i = 0; i < 2000; i++) {
		for (j = 0; j < (int)sizeof(key); j++)
			key[j] = (uint8_t)rand();
		for (j = 0; j < (int)sizeof(val); j++)
			val[j] = (uint8_t)rand();
		m = (struct rpc_msg){
			.opcode = (uint8_t)rand(),
			.status = (uint16_t)rand(),
			.req_id = (uint64_t)rand() << 33 ^ (uint64_t)rand(),
			.client_id = (uint32_t)rand(),
			.key_len = (uint16_t)(rand() % (RPC_MAX_KEY + 1)),
			.key = key,
			.val = val,
		};
		m.val_len = (uint16_t)(rand() % (RPC_MAX_VALUE(m.key_len) + 1));
		len = rpc_encode(buf, sizeof(buf), &m);
		ck_assert_int_eq(len, RPC_HDR_LEN + m.key_len + m.val_len);
		ck_assert_int_eq(decode_copy(buf, (size_t)len, &d), RPC_ST_OK);
		ck_assert_uint_eq(d.opcode, m.opcode);
		ck_assert_uint_eq(d.status, m.status);
		ck_assert_uint_eq(d.req_id, m.req_id);
		ck_assert_uint_eq(d.client_id, m.client_id);
		ck_assert_uint_eq(d.key_len, m.key_len);
		ck_assert_uint_eq(d.val_len, m.val_len);
		ck_assert_mem_eq(buf + RPC_HDR_LEN, key, m.key_len);
		ck_assert_mem_eq(buf + RPC_HDR_LEN + m.key_len, val, m.val_len);
	}
}
END_TEST

START_TEST(test_check_request)
{
	static const struct {
		uint8_t op;
		uint16_t status, klen, vlen;
		int want;
	} cases[] = {
		{ RPC_OP_GET, 0, 1, 0, RPC_ST_OK },
		{ RPC_OP_PUT, 0, 1, 5, RPC_ST_OK },
		{ RPC_OP_PUT, 0, 1, 0, RPC_ST_OK },	/* empty value */
		{ RPC_OP_DELETE, 0, 64, 0, RPC_ST_OK },
		{ RPC_OP_STATS, 0, 0, 0, RPC_ST_OK },
		{ RPC_OP_GET, 0, 0, 0, RPC_ST_BAD_REQUEST },	/* no key */
		{ RPC_OP_PUT, 0, 0, 3, RPC_ST_BAD_REQUEST },
		{ RPC_OP_DELETE, 0, 0, 0, RPC_ST_BAD_REQUEST },
		{ RPC_OP_GET, 0, 1, 1, RPC_ST_BAD_REQUEST },	/* a value */
		{ RPC_OP_DELETE, 0, 1, 1, RPC_ST_BAD_REQUEST },
		{ RPC_OP_STATS, 0, 1, 0, RPC_ST_BAD_REQUEST },	/* a key */
		{ RPC_OP_STATS, 0, 0, 1, RPC_ST_BAD_REQUEST },
		{ RPC_OP_GET, 1, 1, 0, RPC_ST_BAD_REQUEST },	/* a status */
		{ 0, 0, 1, 0, RPC_ST_BAD_REQUEST },		/* opcodes */
		{ 5, 0, 1, 0, RPC_ST_BAD_REQUEST },
		{ 0x7f, 0, 1, 0, RPC_ST_BAD_REQUEST },
		{ RPC_OP_GET | RPC_OP_REPLY, 0, 1, 0, -EBADMSG }, /* replies */
		{ RPC_OP_REPLY, 0, 0, 0, -EBADMSG },
		{ 0xff, 2, 0, 0, -EBADMSG },
	};
	struct rpc_msg m;
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		m = (struct rpc_msg){
			.version = RPC_VERSION,
			.opcode = cases[i].op,
			.status = cases[i].status,
			.key_len = cases[i].klen,
			.val_len = cases[i].vlen,
		};
		ck_assert_msg(rpc_check_request(&m) == cases[i].want,
			      "case %u: got %d, want %d", i,
			      rpc_check_request(&m), cases[i].want);
	}
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(rpc_op_name(RPC_OP_GET), "GET");
	ck_assert_str_eq(rpc_op_name(RPC_OP_STATS | RPC_OP_REPLY), "STATS");
	ck_assert_str_eq(rpc_op_name(0), "?");
	ck_assert_str_eq(rpc_op_name(0x7f), "?");
	ck_assert_str_eq(rpc_status_name(RPC_ST_NO_SPACE), "NO_SPACE");
	ck_assert_str_eq(rpc_status_name(6), "?");
	ck_assert_str_eq(rpc_status_name(0xffff), "?");
}
END_TEST

/* ---- store ---------------------------------------------------------- */

START_TEST(test_store_basic)
{
	struct rpc_store *s = rpc_store_new(3);
	char big[1000], out[1000];

	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(rpc_store_get(s, "a", 1, out, sizeof(out)), -ENOENT);
	ck_assert_int_eq(rpc_store_put(s, "a", 1, "one", 3), 0);
	ck_assert_int_eq(rpc_store_get(s, "a", 1, out, sizeof(out)), 3);
	ck_assert_mem_eq(out, "one", 3);
	/* Keys differ by length and content, not just by prefix. */
	ck_assert_int_eq(rpc_store_get(s, "ab", 2, out, sizeof(out)),
			 -ENOENT);
	/* Grow the value, then shrink it. */
	memset(big, 'x', sizeof(big));
	ck_assert_int_eq(rpc_store_put(s, "a", 1, big, sizeof(big)), 0);
	ck_assert_int_eq(rpc_store_get(s, "a", 1, out, sizeof(out)), 1000);
	ck_assert_mem_eq(out, big, sizeof(big));
	ck_assert_int_eq(rpc_store_put(s, "a", 1, "", 0), 0);
	ck_assert_int_eq(rpc_store_get(s, "a", 1, out, sizeof(out)), 0);
	/* Capacity: 3 keys, then ENOSPC, until one is deleted. */
	ck_assert_int_eq(rpc_store_put(s, "b", 1, "2", 1), 0);
	ck_assert_int_eq(rpc_store_put(s, "c", 1, "3", 1), 0);
	ck_assert_int_eq(rpc_store_put(s, "d", 1, "4", 1), -ENOSPC);
	ck_assert_uint_eq(rpc_store_count(s), 3);
	ck_assert_int_eq(rpc_store_put(s, "c", 1, "33", 2), 0);
	ck_assert_int_eq(rpc_store_delete(s, "b", 1), 0);
	ck_assert_int_eq(rpc_store_delete(s, "b", 1), -ENOENT);
	ck_assert_int_eq(rpc_store_put(s, "d", 1, "4", 1), 0);
	ck_assert_uint_eq(rpc_store_count(s), 3);
	ck_assert_int_eq(rpc_store_get(s, "c", 1, out, 1), 2);	/* cut */
	ck_assert_int_eq(out[0], '3');
	rpc_store_free(s);
}
END_TEST

#define NTHREADS 4
#define PER_THREAD 5000
static struct rpc_store *shared;

static void *hammer(void *arg)
{
	unsigned int t = (unsigned int)(uintptr_t)arg, i;
	char key[32], val[32], out[32];
	int n, kl;

	for (i = 0; i < PER_THREAD; i++) {
		kl = snprintf(key, sizeof(key), "t%u-%u", t, i);
		n = snprintf(val, sizeof(val), "v%u", i * 7);
		ck_assert_int_eq(rpc_store_put(shared, key, (size_t)kl, val,
					       (size_t)n),
				 0);
		/* Everybody also rewrites one shared key. */
		rpc_store_put(shared, "hot", 3, val, (size_t)n);
		ck_assert_int_eq(rpc_store_get(shared, key, (size_t)kl, out,
					       sizeof(out)),
				 n);
		ck_assert_mem_eq(out, val, (size_t)n);
		if (i % 2)
			ck_assert_int_eq(rpc_store_delete(shared, key,
							  (size_t)kl),
					 0);
	}
	return NULL;
}

START_TEST(test_store_threads)
{
	pthread_t th[NTHREADS];
	uintptr_t i;

	shared = rpc_store_new(NTHREADS * PER_THREAD);
	ck_assert_ptr_nonnull(shared);
	for (i = 0; i < NTHREADS; i++)
		ck_assert_int_eq(pthread_create(&th[i], NULL, hammer,
						(void *)i),
				 0);
	for (i = 0; i < NTHREADS; i++)
		pthread_join(th[i], NULL);
	ck_assert_uint_eq(rpc_store_count(shared),
			  NTHREADS * PER_THREAD / 2 + 1);
	rpc_store_free(shared);
}
END_TEST

/* ---- reply cache ---------------------------------------------------- */

static int executed;

static ssize_t exec_stub(void *ctx, void *out, size_t cap)
{
	executed++;
	memcpy(out, ctx, 30);
	return 30;
}

static ssize_t exec_fail(void *ctx, void *out, size_t cap)
{
	executed++;
	return -EIO;
}

START_TEST(test_cache_dedup)
{
	struct rpc_cache *c = rpc_cache_new(64);
	struct rpc_cache_key k = { .addr = 0x0100000a, .port = 0x1234,
				   .client_id = 9, .req_id = 1 };
	struct rpc_cache_key other;
	char reply[30] = "the reply to request 1", out[RPC_MAX_MSG];
	bool hit;

	ck_assert_ptr_nonnull(c);
	executed = 0;
	ck_assert_int_eq(rpc_cache_reply(c, &k, exec_stub, reply, out,
					 sizeof(out), &hit), 30);
	ck_assert(!hit);
	memset(out, 0, sizeof(out));
	ck_assert_int_eq(rpc_cache_reply(c, &k, exec_stub, "x", out,
					 sizeof(out), &hit), 30);
	ck_assert(hit);
	ck_assert_int_eq(executed, 1);
	ck_assert_mem_eq(out, reply, 30);
	/* Any field different: another request. */
	other = k;
	other.req_id = 2;
	rpc_cache_reply(c, &other, exec_stub, reply, out, sizeof(out), &hit);
	other = k;
	other.client_id = 10;
	rpc_cache_reply(c, &other, exec_stub, reply, out, sizeof(out), &hit);
	other = k;
	other.port = 0x1235;
	rpc_cache_reply(c, &other, exec_stub, reply, out, sizeof(out), &hit);
	other = k;
	other.addr = 0x0200000a;
	rpc_cache_reply(c, &other, exec_stub, reply, out, sizeof(out), &hit);
	ck_assert_int_eq(executed, 5);
	/* A failed execution is passed on and not cached. */
	other.req_id = 77;
	ck_assert_int_eq(rpc_cache_reply(c, &other, exec_fail, NULL, out,
					 sizeof(out), &hit), -EIO);
	ck_assert_int_eq(rpc_cache_reply(c, &other, exec_fail, NULL, out,
					 sizeof(out), &hit), -EIO);
	ck_assert_int_eq(executed, 7);
	rpc_cache_free(c);
}
END_TEST

/* The oldest replies go first; the newest stay, whatever the order. */
START_TEST(test_cache_eviction)
{
	struct rpc_cache *c = rpc_cache_new(256);
	struct rpc_cache_key k = { .addr = 1, .port = 2, .client_id = 3 };
	char reply[30] = "r", out[RPC_MAX_MSG];
	uint64_t i;
	bool hit;

	ck_assert_ptr_nonnull(c);
	executed = 0;
	for (i = 0; i < 10000; i++) {
		k.req_id = i;
		rpc_cache_reply(c, &k, exec_stub, reply, out, sizeof(out),
				&hit);
	}
	ck_assert_int_eq(executed, 10000);
	/* The first ones are gone: executed again. */
	for (i = 0; i < 10; i++) {
		k.req_id = i;
		rpc_cache_reply(c, &k, exec_stub, reply, out, sizeof(out),
				&hit);
		ck_assert(!hit);
	}
	/* The last 50 (well within 256 even if the stripes are uneven). */
	for (i = 10000 - 50; i < 10000; i++) {
		k.req_id = i;
		rpc_cache_reply(c, &k, exec_stub, reply, out, sizeof(out),
				&hit);
		ck_assert_msg(hit, "request %llu evicted", (unsigned long long)i);
	}
	ck_assert_int_eq(executed, 10010);
	rpc_cache_free(c);
}
END_TEST

Suite *rpc_suite(void)
{
	Suite *s = suite_create("rpc");
	TCase *tc = tcase_create("proto");

	tcase_add_test(tc, test_encode_vector);
	tcase_add_test(tc, test_decode_vector);
	tcase_add_test(tc, test_decode_truncated);
	tcase_add_test(tc, test_decode_trailing);
	tcase_add_test(tc, test_decode_bad_magic);
	tcase_add_test(tc, test_decode_bad_version);
	tcase_add_test(tc, test_decode_sizes);
	tcase_add_test(tc, test_encode_limits);
	tcase_add_test(tc, test_encode_in_place);
	tcase_add_test(tc, test_roundtrip);
	tcase_add_test(tc, test_check_request);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);
	tc = tcase_create("store");
	tcase_add_test(tc, test_store_basic);
	tcase_add_test(tc, test_store_threads);
	tcase_add_test(tc, test_cache_dedup);
	tcase_add_test(tc, test_cache_eviction);
	suite_add_tcase(s, tc);
	return s;
}
