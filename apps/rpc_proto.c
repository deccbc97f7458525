/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Encoder and decoder of the afudp-rpc wire format (rpc_proto.h). Byte
 * order is converted here and nowhere else; every length is checked against
 * the buffer before anything is read from or written to it.
 */
#include <endian.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "rpc_proto.h"

ssize_t rpc_encode(void *buf, size_t cap, const struct rpc_msg *m)
{
	size_t len = RPC_HDR_LEN + (size_t)m->key_len + m->val_len;
	struct rpc_hdr h = {
		.magic = htobe32(RPC_MAGIC),
		.version = RPC_VERSION,
		.opcode = m->opcode,
		.status = htobe16(m->status),
		.req_id = htobe64(m->req_id),
		.client_id = htobe32(m->client_id),
		.key_len = htobe16(m->key_len),
		.val_len = htobe16(m->val_len),
	};
	uint8_t *p = buf;

	if (len > cap || len > RPC_MAX_MSG || m->key_len > RPC_MAX_KEY)
		return -EMSGSIZE;
	memcpy(p, &h, RPC_HDR_LEN);
	/* memmove: the key and value may be in place already. */
	if (m->key_len)
		memmove(p + RPC_HDR_LEN, m->key, m->key_len);
	if (m->val_len)
		memmove(p + RPC_HDR_LEN + m->key_len, m->val, m->val_len);
	return (ssize_t)len;
}

int rpc_decode(const void *buf, size_t len, struct rpc_msg *m)
{
	const uint8_t *p = buf;
	struct rpc_hdr h;

	memset(m, 0, sizeof(*m));
	if (len < RPC_HDR_LEN)
		return -EBADMSG;
	memcpy(&h, p, RPC_HDR_LEN);
	if (be32toh(h.magic) != RPC_MAGIC)
		return -EBADMSG;
	m->version = h.version;
	m->opcode = h.opcode;
	m->status = be16toh(h.status);
	m->req_id = be64toh(h.req_id);
	m->client_id = be32toh(h.client_id);
	m->key_len = be16toh(h.key_len);
	m->val_len = be16toh(h.val_len);
	if (m->version != RPC_VERSION)
		return RPC_ST_BAD_VERSION;
	if (len > RPC_MAX_MSG || m->key_len > RPC_MAX_KEY)
		return RPC_ST_TOO_BIG;
	if (len != RPC_HDR_LEN + (size_t)m->key_len + m->val_len)
		return RPC_ST_BAD_REQUEST;
	m->key = p + RPC_HDR_LEN;
	m->val = m->key + m->key_len;
	return RPC_ST_OK;
}

int rpc_check_request(const struct rpc_msg *m)
{
	bool kv = m->opcode == RPC_OP_GET || m->opcode == RPC_OP_PUT ||
		  m->opcode == RPC_OP_DELETE;

	if (m->opcode & RPC_OP_REPLY)
		return -EBADMSG;
	if (m->status || (!kv && m->opcode != RPC_OP_STATS))
		return RPC_ST_BAD_REQUEST;
	if (kv != (m->key_len > 0))
		return RPC_ST_BAD_REQUEST;
	if (m->opcode != RPC_OP_PUT && m->val_len)
		return RPC_ST_BAD_REQUEST;
	return RPC_ST_OK;
}

const char *rpc_op_name(unsigned int opcode)
{
	static const char *const names[] = {
		[RPC_OP_GET] = "GET",
		[RPC_OP_PUT] = "PUT",
		[RPC_OP_DELETE] = "DELETE",
		[RPC_OP_STATS] = "STATS",
	};

	opcode &= ~RPC_OP_REPLY;
	return opcode < sizeof(names) / sizeof(names[0]) && names[opcode] ?
		       names[opcode] :
		       "?";
}

const char *rpc_status_name(unsigned int status)
{
	static const char *const names[] = {
		[RPC_ST_OK] = "OK",
		[RPC_ST_NOT_FOUND] = "NOT_FOUND",
		[RPC_ST_BAD_REQUEST] = "BAD_REQUEST",
		[RPC_ST_TOO_BIG] = "TOO_BIG",
		[RPC_ST_BAD_VERSION] = "BAD_VERSION",
		[RPC_ST_NO_SPACE] = "NO_SPACE",
	};

	return status < sizeof(names) / sizeof(names[0]) ? names[status] : "?";
}
