/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Logging for lib/: every message goes through the application's callback
 * (or, by default, warnings and errors to stderr). Nothing in lib/ prints
 * otherwise. Levels are syslog's.
 */
#ifndef AFUDP_LOG_H
#define AFUDP_LOG_H

#include <syslog.h>

#include "afudp.h"

struct afudp_logger {
	afudp_log_fn fn;
	void *ctx;
	int level;	/* most verbose level passed on */
};

void afudp_logger_init(struct afudp_logger *lg, afudp_log_fn fn, void *ctx,
		       int level);

__attribute__((format(printf, 3, 4)))
void afudp_log(const struct afudp_logger *lg, int level, const char *fmt, ...);

/*
 * Non-zero on a thread while it runs the application's log callback, which
 * must not call back into afudp (it may run with afudp's locks held, or on
 * the control thread a close would wait for): such calls get -EDEADLK.
 */
extern __thread int afudp_in_log_fn __attribute__((tls_model("initial-exec")));

/* Plain callback form, for modules that take (fn, ctx) pairs. */
void afudp_log_cb(void *logger, int level, const char *msg);

/*
 * libbpf and libxdp print through process-wide hooks; route them to the
 * logger of the stack being opened (at LOG_DEBUG, their fallbacks are
 * normal here) while @lg is set, and silence them otherwise.
 */
void afudp_log_capture_libs(const struct afudp_logger *lg);

#endif /* AFUDP_LOG_H */
