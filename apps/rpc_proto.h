/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The afudp-rpc wire format: a key-value request or its reply, one per UDP
 * datagram. Every integer is big-endian; the header is 24 bytes:
 *
 *   offset size field
 *    0      4   magic      'A' 'F' 'R' 'P' (0x41465250)
 *    4      1   version    RPC_VERSION
 *    5      1   opcode     RPC_OP_*, with RPC_OP_REPLY (0x80) set in replies
 *    6      2   status     RPC_ST_*: 0 in requests, the outcome in replies
 *    8      8   request id chosen by the client, echoed by the reply
 *   16      4   client id  random per client process
 *   20      2   key length
 *   22      2   value length
 *   24          key bytes, then value bytes
 *
 * A message is exactly header + key + value bytes: nothing may follow. It
 * fits one unfragmented IPv4 datagram at MTU 1500 (RPC_MAX_MSG = 1472 UDP
 * payload bytes), so a value holds at most 1448 bytes minus the key's.
 *
 *   op      request          reply (status OK)     other statuses
 *   GET     key              value                 NOT_FOUND
 *   PUT     key, value (0+)  -                     NO_SPACE (store full)
 *   DELETE  key              -                     NOT_FOUND
 *   STATS   -                "name value\n" lines  -
 *
 * Any request may get BAD_REQUEST (lengths inconsistent with the datagram,
 * unknown opcode, missing key, unexpected value, non-zero status), TOO_BIG
 * (datagram > RPC_MAX_MSG or key > RPC_MAX_KEY) or BAD_VERSION; error
 * replies carry neither key nor value. A server retransmits its reply to a
 * retried request (same source address, client id and request id) without
 * executing it again, as long as that reply is in its reply cache.
 *
 * The first 24 bytes keep their meaning in every version, so a server can
 * answer BAD_VERSION to a client of another version.
 */
#ifndef AFUDP_APPS_RPC_PROTO_H
#define AFUDP_APPS_RPC_PROTO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define RPC_MAGIC 0x41465250u	/* "AFRP" */
#define RPC_VERSION 1
#define RPC_HDR_LEN 24
#define RPC_MAX_MSG 1472	/* 1500 - 20 (IPv4) - 8 (UDP) */
#define RPC_MAX_KEY 64
/* Largest value next to a key of @klen bytes. */
#define RPC_MAX_VALUE(klen) (RPC_MAX_MSG - RPC_HDR_LEN - (klen))

/* The header as it is on the wire. */
struct rpc_hdr {
	uint32_t magic;
	uint8_t version;
	uint8_t opcode;
	uint16_t status;
	uint64_t req_id;
	uint32_t client_id;
	uint16_t key_len;
	uint16_t val_len;
} __attribute__((packed));

_Static_assert(sizeof(struct rpc_hdr) == RPC_HDR_LEN, "rpc_hdr size");

enum rpc_op {
	RPC_OP_GET = 1,
	RPC_OP_PUT = 2,
	RPC_OP_DELETE = 3,
	RPC_OP_STATS = 4,
	RPC_OP_REPLY = 0x80,	/* flag: this is a reply */
};

enum rpc_status {
	RPC_ST_OK = 0,
	RPC_ST_NOT_FOUND = 1,
	RPC_ST_BAD_REQUEST = 2,
	RPC_ST_TOO_BIG = 3,
	RPC_ST_BAD_VERSION = 4,
	RPC_ST_NO_SPACE = 5,
};

/* A decoded message, host byte order; @key and @val point into the buffer. */
struct rpc_msg {
	uint8_t version;
	uint8_t opcode;
	uint16_t status;
	uint64_t req_id;
	uint32_t client_id;
	uint16_t key_len;
	uint16_t val_len;
	const uint8_t *key;
	const uint8_t *val;
};

/*
 * Write @m (version RPC_VERSION whatever @m->version says) into @buf. The
 * key and value may already be where they go in @buf (a reply's value can
 * be written at @buf + RPC_HDR_LEN first, then the header around it).
 * @return its length, or -EMSGSIZE if it is larger than @cap or than
 *   RPC_MAX_MSG, or its key larger than RPC_MAX_KEY.
 */
ssize_t rpc_encode(void *buf, size_t cap, const struct rpc_msg *m);

/*
 * Parse the @len-byte datagram at @buf into @m, reading nothing past it.
 * @return -EBADMSG if it is no RPC message (shorter than a header, wrong
 *   magic): nothing to answer. Otherwise every header field of @m is set,
 *   and the result is RPC_ST_OK (key and value valid too), or the status
 *   to answer with: BAD_VERSION, TOO_BIG (@len > RPC_MAX_MSG, key longer
 *   than RPC_MAX_KEY) or BAD_REQUEST (@len is not header + key + value).
 */
int rpc_decode(const void *buf, size_t len, struct rpc_msg *m);

/*
 * Is decoded @m a request a server can execute?
 * @return RPC_ST_OK, RPC_ST_BAD_REQUEST (unknown opcode, status set, key or
 *   value missing or unexpected), or -EBADMSG for a reply (never answer
 *   one: two servers would answer each other forever).
 */
int rpc_check_request(const struct rpc_msg *m);

/* "GET", ..., "?" (the reply flag ignored); "OK", "NOT_FOUND", ..., "?". */
const char *rpc_op_name(unsigned int opcode);
const char *rpc_status_name(unsigned int status);

#endif /* AFUDP_APPS_RPC_PROTO_H */
