// SPDX-License-Identifier: BSD-2-Clause
/* Memory and locks shared with forked children; see shared.h. */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "shared.h"

/* Each block is its own mapping; its length sits in front, a line apart. */
#define SH_HEAD 64

void *afudp_shcalloc(size_t n, size_t size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), len;
	void *m;

	if (size && n > (SIZE_MAX - SH_HEAD - page) / size) {
		errno = ENOMEM;
		return NULL;
	}
	len = (n * size + SH_HEAD + page - 1) & ~(page - 1);
	m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		 -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	*(size_t *)m = len;
	return (char *)m + SH_HEAD;
}

void afudp_shfree(void *p)
{
	char *m;

	if (!p)
		return;
	m = (char *)p - SH_HEAD;
	munmap(m, *(size_t *)m);
}

void afudp_mutex_init_shared(pthread_mutex_t *m)
{
	pthread_mutexattr_t a;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(m, &a);
	pthread_mutexattr_destroy(&a);
}

void afudp_spin_init_shared(pthread_spinlock_t *l)
{
	pthread_spin_init(l, PTHREAD_PROCESS_SHARED);
}

/* ---- the arena ----------------------------------------------------------- */

/* A block's class, in front of it (a line, so blocks stay line-aligned). */
#define AR_HEAD 64
#define AR_MIN_SHIFT 6

int afudp_arena_init(struct afudp_arena *a, size_t size)
{
	memset(a, 0, sizeof(*a));
	a->base = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (a->base == MAP_FAILED) {
		a->base = NULL;
		return -errno;
	}
	a->size = size;
	afudp_mutex_init_shared(&a->lock);
	return 0;
}

void afudp_arena_fini(struct afudp_arena *a)
{
	if (a->base)
		munmap(a->base, a->size);
	a->base = NULL;
	pthread_mutex_destroy(&a->lock);
}

void *afudp_arena_calloc(struct afudp_arena *a, size_t n, size_t size)
{
	unsigned int c = AR_MIN_SHIFT;
	size_t want, len;
	char *b;

	if (size && n > (a->size - AR_HEAD) / size)
		goto full;
	want = n * size + AR_HEAD;
	while (c < AR_MIN_SHIFT + AFUDP_ARENA_CLASSES &&
	       ((size_t)1 << c) < want)
		c++;
	if (c == AR_MIN_SHIFT + AFUDP_ARENA_CLASSES)
		goto full;
	len = (size_t)1 << c;
	pthread_mutex_lock(&a->lock);
	b = a->free[c - AR_MIN_SHIFT];
	if (b) {
		a->free[c - AR_MIN_SHIFT] = *(void **)(b + AR_HEAD);
	} else if (a->size - a->used >= len) {
		b = a->base + a->used;
		a->used += len;
	}
	pthread_mutex_unlock(&a->lock);
	if (!b)
		goto full;
	*(unsigned int *)b = c;
	memset(b + AR_HEAD, 0, len - AR_HEAD);
	return b + AR_HEAD;
full:
	errno = ENOMEM;
	return NULL;
}

void afudp_arena_free(struct afudp_arena *a, void *p)
{
	char *b;
	unsigned int c;

	if (!p)
		return;
	b = (char *)p - AR_HEAD;
	c = *(unsigned int *)b;
	pthread_mutex_lock(&a->lock);
	*(void **)p = a->free[c - AR_MIN_SHIFT];
	a->free[c - AR_MIN_SHIFT] = b;
	pthread_mutex_unlock(&a->lock);
}
