/*
 * The conversation exports: every shape, and the scanner's fast path; each
 * conversation read is packed and unpacked again (conv2jsonl keeps them so)
 * and must come back the same; its preferences are read in both modes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conv.h"
#include "prefer.h"

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

static int
any(void *arg, const struct nx_record *rec)
{
	if (rec->completion.s == NULL || rec->prompt.s == NULL ||
	    (rec->kind == NX_KIND_PAIR && rec->rejected.s == NULL))
		abort();
	(*(size_t *)arg)++;
	return 0;
}

static void
preferences(const json_t *root, long i)
{
	struct nx_prefer_where w = {"f.json", "f.json", NULL, i};
	struct nx_prefer p;
	struct nx_error err;
	size_t n = 0;

	for (int m = NX_PREFER_PAIRS; m <= NX_PREFER_KTO; m++) {
		nx_prefer_init(&p, (enum nx_prefer_mode)m);
		nx_prefer_read(&p, root, i, &w, any, &n, &err);
		nx_prefer_free(&p);
	}
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
			if (nx_conv_read(&c, root, i, &err) == 0) {
				round_trip(&c);
				preferences(root, i);
			}
	json_decref(root);
	nx_conv_free(&c);
	return 0;
}
