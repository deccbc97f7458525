/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the bench programs share: option parsing helpers, CPU pinning, a
 * monotonic clock, the once-a-second progress lines bench/run parses, and
 * finding and loading bench.bpf.o.
 *
 * Output protocol (stdout, one line each, parsed by bench/run):
 *   tick t=SECONDS n=COUNT [k=v ...]   cumulative counts, every tick
 *                                      ($BENCH_TICK_MS, default 1000 ms)
 *   total t=SECONDS n=COUNT [k=v ...]  at the end
 * SECONDS since the program's measuring phase began.
 */
#ifndef AFUDP_BENCH_UTIL_H
#define AFUDP_BENCH_UTIL_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <netinet/in.h>

#define BU_MAX_THREADS 16

extern volatile sig_atomic_t bu_stop;

/* SIGINT/SIGTERM set bu_stop (no SA_RESTART: sleeps return EINTR). */
void bu_catch_signals(void);
uint64_t bu_now_ns(void);
/* Pin the calling thread to @cpu (< 0: no-op). Exits on failure. */
void bu_pin(int cpu);
/* "0,1" or "1" -> cpus[]; returns the count. Exits on a bad list. */
int bu_cpu_list(const char *s, int *cpus, int max);
long long bu_int(const char *opt, const char *s, long long min, long long max);
struct sockaddr_in bu_addr(const char *opt, const char *s);
void bu_mac(const char *opt, const char *s, uint8_t mac[6]);
/* The interface's MAC, or exit. */
void bu_if_mac(const char *ifname, uint8_t mac[6]);
__attribute__((format(printf, 1, 2), noreturn)) void bu_die(const char *fmt,
							    ...);

/* Tick interval: $BENCH_TICK_MS (default 1000) in nanoseconds. */
uint64_t bu_tick_ns(void);

/* Path of bench.bpf.o: $BENCH_BPF_OBJ, else next to /proc/self/exe. */
const char *bu_bpf_obj_path(void);

/* Internet checksum of @len bytes, folded, not inverted (add to @sum). */
uint32_t bu_csum_add(uint32_t sum, const void *buf, size_t len);
uint16_t bu_csum_fold(uint32_t sum);

/*
 * Build an Ethernet/IPv4/UDP frame with @payload_len bytes of payload
 * (a byte pattern) and correct IP and UDP checksums into @buf.
 * @return the frame length.
 */
size_t bu_build_udp(uint8_t *buf, const uint8_t dmac[6], const uint8_t smac[6],
		    const struct sockaddr_in *src,
		    const struct sockaddr_in *dst, size_t payload_len);

#endif
