/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Run an app's data path on several threads, one per queue shard, each
 * pinned to its own CPU, and stop them all on SIGINT/SIGTERM: the calling
 * thread alone takes those signals, sets app_stop, and interrupts the
 * workers' sleeps (a no-op SIGUSR1) until each has seen it and returned.
 */
#ifndef APP_WORKERS_H
#define APP_WORKERS_H

/*
 * Start fn(args[i]) on @n threads and wait for them. Worker i is pinned
 * to CPU @first_cpu + i, or to i modulo the CPU count if @first_cpu < 0.
 * Call app_catch_signals() first. Returns 0 or a negative errno.
 */
int app_workers_run(unsigned int n, void *(*fn)(void *), void **args,
		    int first_cpu);

/* The CPU worker @i runs on (for messages). */
int app_worker_cpu(unsigned int i, int first_cpu);

#endif /* APP_WORKERS_H */
