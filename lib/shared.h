/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Memory and locks a forked child shares with its parent.
 *
 * A stack's data-path state lives in MAP_SHARED memory: the UMEM the
 * kernel writes datagrams into, the queues (fill and completion rings'
 * cached indices, frame pools), the sockets (their XSK rings' indices,
 * TX caches, counters) and the bookkeeping around them. After fork() the
 * child sees the same bytes at the same addresses, so either process can
 * take the next datagram off a ring, and the locks guarding them are
 * process-shared. What stays private to each process is only what can't
 * be shared: the route mirror's thread and netlink sockets (reopened in a
 * child, stack.c), and file descriptors, which fork() already duplicates.
 * docs/ARCHITECTURE.md, "Processes", tells the whole story.
 */
#ifndef AFUDP_SHARED_H
#define AFUDP_SHARED_H

#include <pthread.h>
#include <stddef.h>

/* Zeroed, in memory a forked child shares; NULL and errno on failure. */
void *afudp_shcalloc(size_t n, size_t size);
/* Frees what afudp_shcalloc() gave (NULL: nothing). */
void afudp_shfree(void *p);

/*
 * An arena for what a stack allocates at any time (sockets, their XSK
 * arrays, ports, memberships): one mapping made when the stack opens, so
 * a block allocated after fork() by one process is there in all the
 * others. Power-of-two size classes, each with a free list; untouched
 * pages cost nothing (MAP_NORESERVE). Any process, any thread.
 */
#define AFUDP_ARENA_CLASSES 28
struct afudp_arena {
	pthread_mutex_t lock;		/* process-shared */
	char *base;
	size_t size;
	size_t used;
	void *free[AFUDP_ARENA_CLASSES];
};

int afudp_arena_init(struct afudp_arena *a, size_t size);
void afudp_arena_fini(struct afudp_arena *a);
/* Zeroed; NULL and errno ENOMEM when the arena is full. */
void *afudp_arena_calloc(struct afudp_arena *a, size_t n, size_t size);
void afudp_arena_free(struct afudp_arena *a, void *p);

/* A mutex and a spinlock that work across processes. */
void afudp_mutex_init_shared(pthread_mutex_t *m);
void afudp_spin_init_shared(pthread_spinlock_t *l);

#endif /* AFUDP_SHARED_H */
