/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copying between a datagram and an iovec, for the library's copying calls
 * (rx.c, tx.c) and the preload library's peek slot (preload/io.c). Knows
 * nothing but memory.
 */
#ifndef AFUDP_IOV_H
#define AFUDP_IOV_H

#include <stdint.h>
#include <string.h>
#include <sys/uio.h>

/* Bytes @iov holds. */
static inline size_t afudp_iov_len(const struct iovec *iov, size_t iovlen)
{
	size_t i, t = 0;

	for (i = 0; i < iovlen; i++)
		t += iov[i].iov_len;
	return t;
}

/* Copy @len bytes of @src into @iov, as far as it holds; bytes copied. */
static inline size_t afudp_iov_scatter(const struct iovec *iov, size_t iovlen,
				       const void *src, size_t len)
{
	size_t i, done = 0, c;

	for (i = 0; i < iovlen && done < len; i++) {
		c = iov[i].iov_len < len - done ? iov[i].iov_len : len - done;
		memcpy(iov[i].iov_base, (const uint8_t *)src + done, c);
		done += c;
	}
	return done;
}

/* Copy all of @iov to @dst (afudp_iov_len() bytes of room). */
static inline void afudp_iov_gather(void *dst, const struct iovec *iov,
				    size_t iovlen)
{
	size_t i, off = 0;

	for (i = 0; i < iovlen; i++) {
		memcpy((uint8_t *)dst + off, iov[i].iov_base, iov[i].iov_len);
		off += iov[i].iov_len;
	}
}

/*
 * Copy @len bytes of @iov, from byte @off on, to @dst (a segment of a
 * UDP_SEGMENT send); @iov holds at least @off + @len bytes.
 */
static inline void afudp_iov_gather_at(void *dst, const struct iovec *iov,
				       size_t iovlen, size_t off, size_t len)
{
	size_t i, c;

	for (i = 0; i < iovlen && len; i++) {
		if (off >= iov[i].iov_len) {
			off -= iov[i].iov_len;
			continue;
		}
		c = iov[i].iov_len - off < len ? iov[i].iov_len - off : len;
		memcpy(dst, (const uint8_t *)iov[i].iov_base + off, c);
		dst = (uint8_t *)dst + c;
		len -= c;
		off = 0;
	}
}

/*
 * Copy @len bytes of @src into @iov from byte @off on (a datagram of a
 * UDP_GRO train), as far as it holds; bytes copied.
 */
static inline size_t afudp_iov_scatter_at(const struct iovec *iov,
					  size_t iovlen, size_t off,
					  const void *src, size_t len)
{
	size_t i, done = 0, c;

	for (i = 0; i < iovlen && done < len; i++) {
		if (off >= iov[i].iov_len) {
			off -= iov[i].iov_len;
			continue;
		}
		c = iov[i].iov_len - off < len - done ? iov[i].iov_len - off :
							len - done;
		memcpy((uint8_t *)iov[i].iov_base + off,
		       (const uint8_t *)src + done, c);
		done += c;
		off = 0;
	}
	return done;
}

#endif /* AFUDP_IOV_H */
