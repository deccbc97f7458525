/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * malloc-count.so: an LD_PRELOAD shim that counts heap allocations, to
 * check that a program's measured phase allocates nothing.
 *
 * malloc/calloc/realloc/posix_memalign/aligned_alloc/free are counted and
 * passed on to glibc's __libc_* functions. SIGUSR2 marks the start of the
 * measured phase and a second SIGUSR2 its end (counts are snapshotted
 * then; the signal is otherwise ignored, so send it only to a program that
 * does not use SIGUSR2). At exit one line goes to stderr, or is appended to
 * $MALLOC_COUNT_OUT if set:
 *   malloc-count: marked=2 measured: malloc N calloc N realloc N
 *     memalign N free N; total: ...; callers lib(symbol)+0xOFF ...
 * "measured" counts the calls between the two marks (or from the first
 * mark to exit if there was only one), whatever thread made them. The
 * first few allocations after the mark have their caller printed
 * (MALLOC_COUNT_TRACE=N, default 4) as library(symbol)+offset.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

enum { C_MALLOC, C_CALLOC, C_REALLOC, C_MEMALIGN, C_FREE, C_NR };
static const char *names[C_NR] = { "malloc", "calloc", "realloc", "memalign",
				   "free" };
static uint64_t cnt[C_NR], at_mark[C_NR], at_end[C_NR];
static volatile int marked;
static void *trace[16];
static int ntrace, max_trace = 4;

static void count(int k, void *caller)
{
	int i;

	__atomic_fetch_add(&cnt[k], 1, __ATOMIC_RELAXED);
	if (marked == 1 && k != C_FREE) {
		i = __atomic_fetch_add(&ntrace, 1, __ATOMIC_RELAXED);
		if (i < max_trace && i < 16)
			trace[i] = caller;
	}
}

static void on_mark(int sig)
{
	int k;

	(void)sig;
	if (marked >= 2)
		return;
	for (k = 0; k < C_NR; k++)
		(marked ? at_end : at_mark)[k] =
			__atomic_load_n(&cnt[k], __ATOMIC_RELAXED);
	marked++;
}

__attribute__((constructor)) static void init(void)
{
	struct sigaction sa = { .sa_handler = on_mark, .sa_flags = SA_RESTART };
	const char *t = getenv("MALLOC_COUNT_TRACE");

	if (t)
		max_trace = atoi(t);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR2, &sa, NULL);
}

__attribute__((destructor)) static void report(void)
{
	const char *path = getenv("MALLOC_COUNT_OUT");
	char line[2048];
	int k, len = 0, fd = 2;

	len += snprintf(line + len, sizeof(line) - len,
			"malloc-count: marked=%d measured:", marked);
	for (k = 0; k < C_NR; k++)
		len += snprintf(
			line + len, sizeof(line) - len, " %s %llu", names[k],
			(unsigned long long)(!marked ? 0 :
					     marked == 1 ?
						       cnt[k] - at_mark[k] :
						       at_end[k] - at_mark[k]));
	len += snprintf(line + len, sizeof(line) - len, "; total:");
	for (k = 0; k < C_NR; k++)
		len += snprintf(line + len, sizeof(line) - len, " %s %llu",
				names[k], (unsigned long long)cnt[k]);
	for (k = 0; k < ntrace && k < max_trace && k < 16; k++) {
		Dl_info di;

		if (dladdr(trace[k], &di) && di.dli_fname) {
			const char *lib = strrchr(di.dli_fname, '/');
			char *base = di.dli_saddr ? di.dli_saddr : di.dli_fbase;

			len += snprintf(line + len, sizeof(line) - len,
					"%s%s(%s)+0x%lx", k ? " " : "; callers ",
					lib ? lib + 1 : di.dli_fname,
					di.dli_sname ? di.dli_sname : "?",
					(unsigned long)((char *)trace[k] - base));
		} else {
			len += snprintf(line + len, sizeof(line) - len, "%s%p",
					k ? " " : "; callers ", trace[k]);
		}
	}
	len += snprintf(line + len, sizeof(line) - len, "\n");
	if (path) {
		FILE *f = fopen(path, "a");

		if (f) {
			fputs(line, f);
			fclose(f);
			return;
		}
	}
	if (write(fd, line, (size_t)len) < 0)
		return;
}

void *malloc(size_t n)
{
	count(C_MALLOC, __builtin_return_address(0));
	return __libc_malloc(n);
}

void *calloc(size_t a, size_t b)
{
	count(C_CALLOC, __builtin_return_address(0));
	return __libc_calloc(a, b);
}

void *realloc(void *p, size_t n)
{
	count(C_REALLOC, __builtin_return_address(0));
	return __libc_realloc(p, n);
}

int posix_memalign(void **out, size_t align, size_t n)
{
	void *p;

	count(C_MEMALIGN, __builtin_return_address(0));
	p = __libc_memalign(align, n);
	if (!p)
		return 12; /* ENOMEM */
	*out = p;
	return 0;
}

void *aligned_alloc(size_t align, size_t n)
{
	count(C_MEMALIGN, __builtin_return_address(0));
	return __libc_memalign(align, n);
}

void *memalign(size_t align, size_t n)
{
	count(C_MEMALIGN, __builtin_return_address(0));
	return __libc_memalign(align, n);
}

void free(void *p)
{
	if (p)
		count(C_FREE, __builtin_return_address(0));
	__libc_free(p);
}
