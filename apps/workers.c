// SPDX-License-Identifier: BSD-2-Clause
/* Pinned worker threads with a clean stop; see workers.h. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "workers.h"

struct worker {
	pthread_t tid;
	void *(*fn)(void *);
	void *arg;
	int cpu;
};

static void on_wake(int sig)
{
	(void)sig;
}

int app_worker_cpu(unsigned int i, int first_cpu)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	if (first_cpu >= 0)
		return first_cpu + (int)i;
	return (int)(i % (ncpu > 0 ? ncpu : 1));
}

static void *trampoline(void *p)
{
	struct worker *w = p;

	if (app_pin_cpu(w->cpu)) {
		app_stop = 1;
		return NULL;
	}
	return w->fn(w->arg);
}

static void nap(long ms)
{
	struct timespec ts = { 0, ms * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

int app_workers_run(unsigned int n, void *(*fn)(void *), void **args,
		    int first_cpu)
{
	struct sigaction sa = { .sa_handler = on_wake };
	struct worker *w = calloc(n, sizeof(*w));
	sigset_t stop, old;
	unsigned int i, started = 0;
	int err = 0;

	if (!w)
		return -ENOMEM;
	/* No SA_RESTART: a worker's blocking receive returns -EINTR. */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	/* Workers inherit a mask without SIGINT/SIGTERM: only we get them. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	for (i = 0; i < n; i++) {
		w[i] = (struct worker){ .fn = fn, .arg = args[i],
					.cpu = app_worker_cpu(i, first_cpu) };
		err = -pthread_create(&w[i].tid, NULL, trampoline, &w[i]);
		if (err)
			break;
		started++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err)
		app_stop = 1;
	while (!app_stop) {
		for (i = 0; i < started; i++)
			if (pthread_tryjoin_np(w[i].tid, NULL) != EBUSY)
				break;
		if (i < started) {	/* one ended by itself: stop all */
			w[i].tid = 0;
			app_stop = 1;
			break;
		}
		nap(50);
	}
	for (i = 0; i < started; i++) {
		if (!w[i].tid)
			continue;
		/* Repeat: a wake-up may land before the worker sleeps. */
		while (pthread_tryjoin_np(w[i].tid, NULL) == EBUSY) {
			pthread_kill(w[i].tid, SIGUSR1);
			nap(20);
		}
	}
	free(w);
	return err;
}
