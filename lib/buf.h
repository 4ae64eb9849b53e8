/*
 * buf: a growable byte buffer for building output lines.
 *
 * The buffer owns its bytes; nx_buf_free releases them.  Appends return 0,
 * or -1 when memory runs out (the buffer is then unchanged).
 */
#ifndef NX_BUF_H
#define NX_BUF_H

#include <stddef.h>

struct nx_buf {
	char *data; /* owned; not NUL-terminated */
	size_t len;
	size_t cap;
};

#define NX_BUF_INIT {NULL, 0, 0}

int nx_buf_reserve(struct nx_buf *b, size_t extra);
int nx_buf_add(struct nx_buf *b, const void *p, size_t n);
int nx_buf_adds(struct nx_buf *b, const char *s);
int nx_buf_addc(struct nx_buf *b, char c);
void nx_buf_reset(struct nx_buf *b); /* keeps the memory */
void nx_buf_free(struct nx_buf *b);  /* releases it; b may be reused */

#endif
