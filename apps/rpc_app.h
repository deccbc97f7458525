/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the parts of the afudp-rpc program share: afudp-rpc.c (main, usage,
 * the one-shot call), rpc_server.c and rpc_client.c. The wire format is in
 * rpc_proto.h, the server's store and reply cache in rpc_store.h.
 */
#ifndef AFUDP_APPS_RPC_APP_H
#define AFUDP_APPS_RPC_APP_H

#include <getopt.h>

#include "common.h"

/* Datagrams per afudp_recvmmsg()/afudp_sendmmsg() call. */
#define RPC_BATCH 64

/* getopt_long codes of the modes' long-only options. */
enum {
	OPT_THREADS = APP_OPT_APP_FIRST,
	OPT_KEYS,
	OPT_CACHE,
	OPT_VALUE_SIZE,
	OPT_GET_RATIO,
	OPT_WINDOW,
	OPT_DURATION,
	OPT_COUNT,
	OPT_TIMEOUT,
	OPT_RETRIES,
	OPT_PREFIX,
};

/*
 * getopt_long() until an option that is not a common one (those go into
 * @co, and -h or a bad option exit).
 * @return that option, or -1 at the end of the options.
 */
int rpc_next_opt(int argc, char **argv, const char *shortopts,
		 const struct option *longopts, struct app_common *co);

/* afudp_socket(), printing why it failed. */
struct afudp_socket *rpc_open_socket(struct afudp_stack *st, int family,
				     const struct afudp_socket_opts *o);

/*
 * The modes, from main(): @argv[0] is the program's name, the mode's
 * arguments follow. @return the exit status.
 */
int rpc_server_main(int argc, char **argv);
int rpc_client_main(int argc, char **argv);

#endif /* AFUDP_APPS_RPC_APP_H */
