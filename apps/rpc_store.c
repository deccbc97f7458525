/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The afudp-rpc server's key-value store and reply cache (rpc_store.h).
 *
 * The store is a chained hash table with a fixed number of buckets (the
 * capacity rounded up to a power of two) and one mutex per stripe of
 * buckets; items are malloc()ed with the key and value inline, and grow
 * when a larger value replaces a smaller one.
 *
 * The reply cache is split by a hash of the request's identity into
 * stripes, each a ring of entries (the oldest is overwritten) indexed by
 * its own chained hash table, under its own mutex.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "rpc_proto.h"
#include "rpc_store.h"

#define STORE_STRIPES 256	/* power of two */
#define CACHE_STRIPES 16

struct kv_item {
	struct kv_item *next;
	uint64_t hash;
	uint16_t klen, vlen, vcap;
	uint8_t data[];		/* the key, then room for vcap value bytes */
};

struct rpc_store {
	struct kv_item **bucket;
	size_t mask;		/* buckets - 1 */
	size_t capacity;
	atomic_size_t count;
	/* Bucket b is under lock[b % STORE_STRIPES]. */
	pthread_mutex_t lock[STORE_STRIPES];
};

/* FNV-1a, 64 bits. */
static uint64_t hash_bytes(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint64_t h = 0xcbf29ce484222325ull;

	while (len--)
		h = (h ^ *b++) * 0x100000001b3ull;
	return h;
}

struct rpc_store *rpc_store_new(size_t capacity)
{
	struct rpc_store *s = calloc(1, sizeof(*s));
	size_t n = STORE_STRIPES, i;

	if (!s)
		return NULL;
	while (n < capacity)
		n <<= 1;
	s->bucket = calloc(n, sizeof(*s->bucket));
	if (!s->bucket) {
		free(s);
		return NULL;
	}
	s->mask = n - 1;
	s->capacity = capacity;
	for (i = 0; i < STORE_STRIPES; i++)
		pthread_mutex_init(&s->lock[i], NULL);
	return s;
}

void rpc_store_free(struct rpc_store *s)
{
	struct kv_item *it, *next;
	size_t i;

	if (!s)
		return;
	for (i = 0; i <= s->mask; i++) {
		for (it = s->bucket[i]; it; it = next) {
			next = it->next;
			free(it);
		}
	}
	for (i = 0; i < STORE_STRIPES; i++)
		pthread_mutex_destroy(&s->lock[i]);
	free(s->bucket);
	free(s);
}

/* The link that points at @key's item, or the NULL ending its bucket. */
static struct kv_item **find(struct rpc_store *s, uint64_t h, const void *key,
			     size_t klen)
{
	struct kv_item **pp = &s->bucket[h & s->mask];

	for (; *pp; pp = &(*pp)->next)
		if ((*pp)->hash == h && (*pp)->klen == klen &&
		    !memcmp((*pp)->data, key, klen))
			break;
	return pp;
}

static pthread_mutex_t *lock_of(struct rpc_store *s, uint64_t h)
{
	pthread_mutex_t *l = &s->lock[h & s->mask & (STORE_STRIPES - 1)];

	pthread_mutex_lock(l);
	return l;
}

ssize_t rpc_store_get(struct rpc_store *s, const void *key, size_t klen,
		      void *out, size_t cap)
{
	uint64_t h = hash_bytes(key, klen);
	pthread_mutex_t *l = lock_of(s, h);
	struct kv_item *it = *find(s, h, key, klen);
	ssize_t r = -ENOENT;

	if (it) {
		memcpy(out, it->data + it->klen,
		       it->vlen < cap ? it->vlen : cap);
		r = it->vlen;
	}
	pthread_mutex_unlock(l);
	return r;
}

int rpc_store_put(struct rpc_store *s, const void *key, size_t klen,
		  const void *val, size_t vlen)
{
	uint64_t h = hash_bytes(key, klen);
	pthread_mutex_t *l = lock_of(s, h);
	struct kv_item **pp = find(s, h, key, klen), *it = *pp;
	int err = 0;

	if (klen > RPC_MAX_KEY || vlen > RPC_MAX_MSG) {
		err = -EINVAL;
	} else if (it && it->vcap < vlen) {
		/* Grow in place in the chain: *pp is the only link to it. */
		it = realloc(it, sizeof(*it) + klen + vlen);
		if (it) {
			*pp = it;
			it->vcap = (uint16_t)vlen;
		} else {
			err = -ENOMEM;
		}
	} else if (!it) {
		if (atomic_fetch_add(&s->count, 1) >= s->capacity) {
			atomic_fetch_sub(&s->count, 1);
			err = -ENOSPC;
		} else if (!(it = malloc(sizeof(*it) + klen + vlen))) {
			atomic_fetch_sub(&s->count, 1);
			err = -ENOMEM;
		} else {
			it->hash = h;
			it->klen = (uint16_t)klen;
			it->vcap = (uint16_t)vlen;
			memcpy(it->data, key, klen);
			it->next = *pp;
			*pp = it;
		}
	}
	if (!err) {
		memcpy(it->data + klen, val, vlen);
		it->vlen = (uint16_t)vlen;
	}
	pthread_mutex_unlock(l);
	return err;
}

int rpc_store_delete(struct rpc_store *s, const void *key, size_t klen)
{
	uint64_t h = hash_bytes(key, klen);
	pthread_mutex_t *l = lock_of(s, h);
	struct kv_item **pp = find(s, h, key, klen), *it = *pp;

	if (it) {
		*pp = it->next;
		free(it);
		atomic_fetch_sub(&s->count, 1);
	}
	pthread_mutex_unlock(l);
	return it ? 0 : -ENOENT;
}

size_t rpc_store_count(struct rpc_store *s)
{
	return atomic_load(&s->count);
}

size_t rpc_store_capacity(struct rpc_store *s)
{
	return s->capacity;
}

/* ---- reply cache --------------------------------------------------------- */

struct rc_entry {
	struct rpc_cache_key k;
	uint64_t hash;
	int next;		/* next entry in the bucket, -1: none */
	uint16_t len;		/* reply bytes; 0: unused entry */
	uint8_t reply[RPC_MAX_MSG];
};

struct rc_stripe {
	pthread_mutex_t lock;
	unsigned int n;		/* entries in the ring */
	unsigned int head;	/* the next one to (re)use */
	unsigned int mask;	/* buckets - 1 */
	int *bucket;		/* first entry of each chain, -1: none */
	struct rc_entry *ent;
};

struct rpc_cache {
	struct rc_stripe stripe[CACHE_STRIPES];
};

static uint64_t key_hash(const struct rpc_cache_key *k)
{
	uint64_t from = (uint64_t)k->addr << 32 | (uint64_t)k->port << 16;

	return app_mix64(app_mix64(from ^ k->client_id) ^ k->req_id);
}

static bool key_eq(const struct rpc_cache_key *a, const struct rpc_cache_key *b)
{
	return a->req_id == b->req_id && a->client_id == b->client_id &&
	       a->addr == b->addr && a->port == b->port;
}

struct rpc_cache *rpc_cache_new(unsigned int entries)
{
	struct rpc_cache *c = calloc(1, sizeof(*c));
	unsigned int i, nb, per = (entries + CACHE_STRIPES - 1) / CACHE_STRIPES;

	if (!c)
		return NULL;
	for (nb = 1; nb < 2 * per; nb <<= 1)
		;
	for (i = 0; i < CACHE_STRIPES; i++) {
		struct rc_stripe *st = &c->stripe[i];

		pthread_mutex_init(&st->lock, NULL);
		st->n = per;
		st->mask = nb - 1;
		st->ent = calloc(per, sizeof(*st->ent));
		st->bucket = malloc(nb * sizeof(*st->bucket));
		if (!st->ent || !st->bucket) {
			rpc_cache_free(c);
			return NULL;
		}
		memset(st->bucket, -1, nb * sizeof(*st->bucket));
	}
	return c;
}

void rpc_cache_free(struct rpc_cache *c)
{
	unsigned int i;

	if (!c)
		return;
	for (i = 0; i < CACHE_STRIPES; i++) {
		pthread_mutex_destroy(&c->stripe[i].lock);
		free(c->stripe[i].ent);
		free(c->stripe[i].bucket);
	}
	free(c);
}

/* Take the oldest entry of the ring out of its chain for reuse. */
static struct rc_entry *rc_evict(struct rc_stripe *st, int *idx)
{
	struct rc_entry *e = &st->ent[st->head];
	int *link;

	*idx = (int)st->head;
	st->head = (st->head + 1) % st->n;
	if (e->len) {
		link = &st->bucket[(e->hash / CACHE_STRIPES) & st->mask];
		while (*link != *idx)
			link = &st->ent[*link].next;
		*link = e->next;
		e->len = 0;
	}
	return e;
}

ssize_t rpc_cache_reply(struct rpc_cache *c, const struct rpc_cache_key *k,
			ssize_t (*exec)(void *ctx, void *out, size_t cap),
			void *ctx, void *out, size_t cap, bool *hit)
{
	uint64_t h = key_hash(k);
	struct rc_stripe *st = &c->stripe[h % CACHE_STRIPES];
	int *head = &st->bucket[(h / CACHE_STRIPES) & st->mask];
	struct rc_entry *e;
	ssize_t r;
	int i;

	*hit = false;
	if (cap < RPC_MAX_MSG)
		return -EINVAL;
	pthread_mutex_lock(&st->lock);
	for (i = *head; i >= 0; i = st->ent[i].next) {
		e = &st->ent[i];
		if (e->hash == h && key_eq(&e->k, k)) {
			memcpy(out, e->reply, e->len);
			*hit = true;
			r = e->len;
			goto out;
		}
	}
	r = exec(ctx, out, cap);
	if (r > 0 && r <= RPC_MAX_MSG) {
		/* The oldest entry of the stripe makes room. */
		e = rc_evict(st, &i);
		e->k = *k;
		e->hash = h;
		e->len = (uint16_t)r;
		memcpy(e->reply, out, (size_t)r);
		e->next = *head;
		*head = i;
	}
out:
	pthread_mutex_unlock(&st->lock);
	return r;
}
