/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The afudp-rpc server's state: the key-value store and the reply cache.
 * Both may be used by any number of threads at once: each is split into
 * stripes with a mutex apiece, so threads serving different keys (or
 * different clients) rarely meet on a lock.
 */
#ifndef AFUDP_APPS_RPC_STORE_H
#define AFUDP_APPS_RPC_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct rpc_store;

/* A store for at most @capacity keys. @return it, or NULL (ENOMEM). */
struct rpc_store *rpc_store_new(size_t capacity);
void rpc_store_free(struct rpc_store *s);

/*
 * Copy the value of @key into @out (at most @cap bytes).
 * @return the value's full length, or -ENOENT.
 */
ssize_t rpc_store_get(struct rpc_store *s, const void *key, size_t klen,
		      void *out, size_t cap);

/*
 * Set @key to @val. @return 0, -ENOSPC (capacity reached), -ENOMEM, or
 * -EINVAL (key longer than RPC_MAX_KEY, value than RPC_MAX_MSG).
 */
int rpc_store_put(struct rpc_store *s, const void *key, size_t klen,
		  const void *val, size_t vlen);

/* Remove @key. @return 0 or -ENOENT. */
int rpc_store_delete(struct rpc_store *s, const void *key, size_t klen);

/* Keys stored now; the capacity. */
size_t rpc_store_count(struct rpc_store *s);
size_t rpc_store_capacity(struct rpc_store *s);

/* What identifies a request: where it came from and its two ids. */
struct rpc_cache_key {
	uint32_t addr;		/* network byte order, as in sockaddr_in */
	uint16_t port;		/* network byte order */
	uint32_t client_id;
	uint64_t req_id;
};

struct rpc_cache;

/*
 * A cache of @entries replies (rounded up to a multiple of 16), split into
 * 16 stripes that each evict their oldest entry first.
 * @return it, or NULL (ENOMEM).
 */
struct rpc_cache *rpc_cache_new(unsigned int entries);
void rpc_cache_free(struct rpc_cache *c);

/*
 * Answer request @k into @out (@cap >= RPC_MAX_MSG bytes, else -EINVAL):
 * with the cached reply if there is one (*@hit = true), else with what
 * @exec(@ctx, @out, @cap) writes there, which is then cached if @exec
 * returns a length (a negative result is passed on, not cached). @exec
 * runs with @k's stripe locked, so a copy of the request that another
 * thread received meanwhile waits for it and then finds its reply: a
 * request is executed at most once while its reply is cached.
 * @return the reply's length, or @exec's negative result.
 */
ssize_t rpc_cache_reply(struct rpc_cache *c, const struct rpc_cache_key *k,
			ssize_t (*exec)(void *ctx, void *out, size_t cap),
			void *ctx, void *out, size_t cap, bool *hit);

#endif /* AFUDP_APPS_RPC_STORE_H */
