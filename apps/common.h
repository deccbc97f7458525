/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What every afudp program in apps/ shares: the options they all take
 * (-i, --kernel, --busy-poll, --cpu, -v), argument parsing that names the
 * bad argument, opening a stack with an error message that says what to do
 * about it, CPU pinning, signal handling, latency percentiles and counter
 * dumps. The apps use only the public <afudp.h> and this file.
 *
 * Exit statuses: APP_EXIT_USAGE (2) for bad arguments and setup failures;
 * each app documents what 0 and 1 mean for it.
 */
#ifndef AFUDP_APPS_COMMON_H
#define AFUDP_APPS_COMMON_H

#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <net/if.h>
#include <netinet/in.h>

#include "afudp.h"

#define APP_EXIT_USAGE 2

/* Options common to all apps, filled by app_common_opt(). */
struct app_common {
	const char *ifname;	/* -i, required */
	bool kernel;		/* --kernel: kernel backend, no XDP */
	bool busy_poll;		/* --busy-poll: spin, don't sleep */
	int cpu;		/* --cpu: pin the data-path thread; -1 = no */
	int verbose;		/* -v, repeatable */
};

#define APP_COMMON_INIT { .cpu = -1 }

/* getopt_long codes of the long-only common options; apps start after. */
enum {
	APP_OPT_BUSY_POLL = 256,
	APP_OPT_KERNEL,
	APP_OPT_CPU,
	APP_OPT_APP_FIRST,	/* first code free for an app's own options */
};

/* The common short options, to paste into an app's optstring. */
#define APP_COMMON_SHORTOPTS "i:vh"

/* The common long options, to paste into an app's struct option table. */
#define APP_COMMON_LONGOPTS                                                    \
	{ "interface", required_argument, NULL, 'i' },                        \
	{ "busy-poll", no_argument, NULL, APP_OPT_BUSY_POLL },                \
	{ "kernel", no_argument, NULL, APP_OPT_KERNEL },                      \
	{ "cpu", required_argument, NULL, APP_OPT_CPU },                      \
	{ "verbose", no_argument, NULL, 'v' },                                \
	{ "help", no_argument, NULL, 'h' }

/* Help text for the common options, in the apps' --help layout. */
#define APP_COMMON_HELP                                                        \
	"  -i, --interface IFACE  network interface to run on (required)\n"  \
	"      --kernel           kernel UDP sockets only: no XDP, no privileges\n" \
	"      --busy-poll        spin on the rings instead of sleeping\n"    \
	"      --cpu N            pin the data-path thread to CPU N\n"         \
	"  -v, --verbose          more library messages (-vv: debug)\n"       \
	"  -h, --help             this help\n"

/*
 * Register the app's usage printer; app_usage_error() and --help use it.
 * Call first thing in main().
 */
void app_set_usage(void (*usage)(FILE *out));

/* Print "prog: <message>", the usage, and exit(APP_EXIT_USAGE). */
__attribute__((format(printf, 1, 2), noreturn))
void app_usage_error(const char *fmt, ...);

/* Print "prog: <message>" and exit(@status). */
__attribute__((format(printf, 2, 3), noreturn))
void app_die(int status, const char *fmt, ...);

/*
 * Handle @c if it is a common option (-h prints the usage and exits 0).
 * @return true if it was one; false: the app must handle @c itself.
 */
bool app_common_opt(struct app_common *co, int c, const char *arg);

/*
 * After getopt: -i was given and no argument is left over (pass optind as
 * @argc where positional arguments follow). Exits on error.
 */
void app_common_check(const struct app_common *co, int argc, char **argv);

/*
 * Parse "A.B.C.D:PORT" (@with_port) or "A.B.C.D" (port left 0).
 * @return 0, or -1 with *@why set to a static description of the problem.
 */
int app_parse_addr(const char *s, bool with_port, struct sockaddr_in *out,
		   const char **why);

/*
 * app_parse_addr() for either family: "A.B.C.D" or an IPv6 address, with
 * @with_port "A.B.C.D:PORT" or "[IPV6]:PORT" (the brackets optional
 * without a port); an IPv6 address may end in "%IFNAME" (its scope id).
 * *@len: sizeof the sockaddr_in or sockaddr_in6 written in *@out.
 * @return 0, or -1 with *@why set.
 */
int app_parse_addr46(const char *s, bool with_port,
		     struct sockaddr_storage *out, socklen_t *len,
		     const char **why);

/*
 * Parse a decimal integer in [@min, @max].
 * @return 0, or -1 with *@why set to a static description of the problem.
 */
int app_parse_int(const char *s, long long min, long long max,
		  long long *out, const char **why);

/* Option wrappers: on a bad value, app_usage_error() naming option @opt. */
struct sockaddr_in app_opt_addr(const char *opt, const char *arg,
				bool with_port);
long long app_opt_int(const char *opt, const char *arg, long long min,
		      long long max);

/* app_parse_addr46() of option @opt, or app_usage_error(). */
struct sockaddr_storage app_opt_addr46(const char *opt, const char *arg,
				       bool with_port, socklen_t *len);
/* "A.B.C.D:PORT" or "[IPV6]:PORT" of @sa (at least APP_ADDR46STRLEN bytes). */
#define APP_ADDR46STRLEN (INET6_ADDRSTRLEN + IF_NAMESIZE + 9)
const char *app_addr46_str(const struct sockaddr *sa, char *buf);

/* "A.B.C.D:PORT" of @sa into @buf (at least APP_ADDRSTRLEN bytes). */
#define APP_ADDRSTRLEN (INET_ADDRSTRLEN + 6)
const char *app_addr_str(const struct sockaddr_in *sa, char *buf);

/*
 * Open a stack on @co->ifname with the XDP backend (the kernel one with
 * --kernel), library messages printed as "afudp: ..." lines on stderr, and
 * print what it runs on (backend, XDP and copy mode, queues) in one line.
 * On failure explain the cause and what to try, and exit(APP_EXIT_USAGE).
 */
struct afudp_stack *app_open_stack(const struct app_common *co);

/*
 * Pin the calling thread to @cpu (nothing if @cpu < 0).
 * Only the caller moves: call it from the data-path thread after the stack
 * is open, so the stack's control thread is not confined to that CPU.
 * @return 0, or -1 after printing why (the caller closes what it opened).
 */
int app_pin_cpu(int cpu);

/* Set by SIGINT and SIGTERM once app_catch_signals() has run. */
extern volatile sig_atomic_t app_stop;

/*
 * Catch SIGINT and SIGTERM into app_stop. Without SA_RESTART, so a blocking
 * afudp receive (or poll) returns -EINTR and the app can close the stack,
 * which detaches the XDP program.
 */
void app_catch_signals(void);

/*
 * Count a per-datagram error the app goes on after; the first of each kind
 * is printed as "prog: @what: strerror(-@err)", the rest only counted.
 */
void app_count_error(uint64_t *counter, const char *what, int err);

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t app_now_ns(void);

/*
 * Sort @n RTT samples (ns) in place and print, in microseconds, one line
 * "min X p50 X p90 X p99 X p99.9 X max X us" (nearest-rank percentiles), or
 * "no samples".
 */
void app_print_latency(FILE *out, uint64_t *ns, size_t n);

/* Dump the socket's counters, prefixed "socket:", over a few lines. */
void app_print_socket_stats(FILE *out, struct afudp_socket *sock);

/* Dump the XDP program's counters (nothing on the kernel backend). */
void app_print_stack_stats(FILE *out, struct afudp_stack *st);

/*
 * sockperf's message header, as sockperf 3.7 puts it on the wire (checked
 * with tcpdump against `sockperf server` / `ping-pong` / `under-load`, and
 * its IoHandler::warmup); every field big-endian:
 *   0  u64 sequence number
 *   8  u16 flags (APP_SP_F_*)
 *  10  u32 length of the whole message, header included
 * A server answers a message flagged CLIENT|PONG_REQUEST by sending it back
 * with CLIENT cleared and nothing else changed; others get no reply.
 */
/*
 * Server residence (afudp-ping --residence, afudp-echo --residence): a
 * request of APP_RES_LEN bytes or more carries APP_RES_MAGIC at
 * APP_RES_OFF_MAGIC and all ones at APP_RES_OFF_NS; an afudp-echo that
 * measures writes there, big-endian, the ns from the request's receive
 * timestamp to its reply's send (one host's CLOCK_REALTIME). Any other
 * echo server sends it back as it came: all ones, "not measured".
 */
#define APP_RES_MAGIC "afudpRES"
#define APP_RES_OFF_MAGIC 8
#define APP_RES_OFF_NS 16
#define APP_RES_LEN 24

#define APP_SP_OFF_FLAGS 8
#define APP_SP_OFF_LEN 10
#define APP_SP_HDR_LEN 14
#define APP_SP_F_CLIENT 0x1		/* sent by a client */
#define APP_SP_F_PONG_REQUEST 0x2	/* the client wants it back */
#define APP_SP_F_WARMUP 0x4		/* not to be measured */

/*
 * Parse a decimal number (e.g. "0.25", "3") in [@min, @max].
 * @return 0, or -1 with *@why set to a static description of the problem.
 */
int app_parse_double(const char *s, double min, double max, double *out,
		     const char **why);

/* Option wrapper: on a bad value, app_usage_error() naming option @opt. */
double app_opt_double(const char *opt, const char *arg, double min,
		      double max);

/*
 * SplitMix64's finalizer: a fast bijective mix of 64 bits, for hashing and
 * for reproducible pseudo-random data (not for anything secret).
 */
static inline uint64_t app_mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

#endif /* AFUDP_APPS_COMMON_H */
