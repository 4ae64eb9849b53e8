/*
 * The conversation exports: every shape, and the scanner's fast path; each
 * conversation read is packed and unpacked again (conv2jsonl keeps them so)
 * and must come back the same.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
same(struct nx_str a, struct nx_str b)
{
	if (a.s == NULL || b.s == NULL)
		return a.s == b.s;
	return a.len == b.len && (a.len == 0 || memcmp(a.s, b.s, a.len) == 0);
}

static void
round_trip(const struct nx_conv *c)
{
	struct nx_buf b = NX_BUF_INIT;
	struct nx_conv d;

	nx_conv_init(&d);
	if (nx_conv_pack(&b, c) < 0 || nx_conv_unpack(&d, b.data, b.len) < 0 ||
	    !same(c->id, d.id) || !same(c->session_id, d.session_id) ||
	    !same(c->timestamp, d.timestamp) ||
	    !same(c->turns.system, d.turns.system) ||
	    c->turns.ncontext != d.turns.ncontext)
		abort();
	for (size_t i = 0; i < c->turns.ncontext; i++)
		if (c->turns.context[i].role != d.turns.context[i].role ||
		    !same(c->turns.context[i].text, d.turns.context[i].text))
			abort();
	nx_conv_free(&d);
	nx_buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nx_conv c;
	struct nx_error err;
	json_t *root;
	long n;

	nx_conv_init(&c);
	if (nx_conv_scan(&c, (const char *)data, size))
		round_trip(&c);
	root = json_loadb((const char *)data, size, 0, NULL);
	if (root != NULL && (n = nx_conv_count(root, &err)) > 0)
		for (long i = 0; i < n && i < 64; i++)
			if (nx_conv_read(&c, root, i, &err) == 0)
				round_trip(&c);
	json_decref(root);
	nx_conv_free(&c);
	return 0;
}
