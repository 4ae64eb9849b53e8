/*
 * buf: a growable byte buffer for building output lines.
 *
 * The buffer owns its bytes; nx_buf_free releases them.  Appends return 0,
 * or -1 when memory runs out (the buffer is then unchanged).
 */
#ifndef NX_BUF_H
#define NX_BUF_H

#include <stddef.h>
#include <string.h>

struct nx_buf {
	char *data; /* owned; not NUL-terminated */
	size_t len;
	size_t cap;
};

#define NX_BUF_INIT                                                            \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

int nx_buf_reserve(struct nx_buf *b, size_t extra);

/* The appends are inline: they sit in every writer's inner loop. */
static inline int
nx_buf_add(struct nx_buf *b, const void *p, size_t n)
{
	if (b->cap - b->len < n && nx_buf_reserve(b, n) < 0)
		return -1;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	return 0;
}

static inline int
nx_buf_adds(struct nx_buf *b, const char *s)
{
	return nx_buf_add(b, s, strlen(s));
}

static inline int
nx_buf_addc(struct nx_buf *b, char c)
{
	if (b->len == b->cap && nx_buf_reserve(b, 1) < 0)
		return -1;
	b->data[b->len++] = c;
	return 0;
}

/* v in decimal (no printf in the inner loops). */
int nx_buf_addu(struct nx_buf *b, unsigned long long v);

void nx_buf_reset(struct nx_buf *b); /* keeps the memory */
void nx_buf_free(struct nx_buf *b);  /* releases it; b may be reused */

#endif
