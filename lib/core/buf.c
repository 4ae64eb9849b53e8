#include <stdlib.h>
#include <string.h>

#include "buf.h"

int
nx_buf_reserve(struct nx_buf *b, size_t extra)
{
	size_t ncap;
	char *p;

	if (b->cap - b->len >= extra)
		return 0;
	if (extra > (size_t)-1 / 2 - b->len)
		return -1;
	ncap = b->cap != 0 ? b->cap : 256;
	while (ncap - b->len < extra)
		ncap *= 2;
	if ((p = realloc(b->data, ncap)) == NULL)
		return -1;
	b->data = p;
	b->cap = ncap;
	return 0;
}

void
nx_buf_reset(struct nx_buf *b)
{
	b->len = 0;
}

void
nx_buf_free(struct nx_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

int
nx_buf_addu(struct nx_buf *b, unsigned long long v)
{
	char d[20], *p = d + sizeof(d);

	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	return nx_buf_add(b, p, (size_t)(d + sizeof(d) - p));
}
