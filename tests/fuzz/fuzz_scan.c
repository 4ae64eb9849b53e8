/*
 * The scanner against jansson: a line the fast path (nx_record_scan)
 * accepts must be one jansson accepts, of the same shape, with the same
 * strings, the same turns (chat, ShareGPT, Alpaca history), the same
 * preference (pair or label), no tool steps and equal metadata.  A
 * difference aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
same(struct nx_str a, struct nx_str b)
{
	if ((a.s == NULL) != (b.s == NULL) || a.len != b.len ||
	    (a.len > 0 && memcmp(a.s, b.s, a.len) != 0))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nx_record fast, slow;
	struct nx_error err;
	json_error_t jerr;
	json_t *meta = NULL;

	nx_record_init(&fast);
	nx_record_init(&slow);
	if (nx_record_scan(&fast, (const char *)data, size)) {
		if (nx_record_parse(&slow, (const char *)data, size, &err) < 0)
			abort();
		same(fast.prompt, slow.prompt);
		same(fast.completion, slow.completion);
		same(fast.id, slow.id);
		same(fast.source, slow.source);
		same(fast.system, slow.system);
		same(fast.reasoning, slow.reasoning);
		same(fast.rejected, slow.rejected);
		if (fast.shape != slow.shape || fast.kind != slow.kind ||
		    fast.label != slow.label ||
		    fast.ncontext != slow.ncontext || slow.nsteps != 0)
			abort();
		for (size_t i = 0; i < fast.ncontext; i++) {
			if (fast.context[i].role != slow.context[i].role)
				abort();
			same(fast.context[i].text, slow.context[i].text);
		}
		if (fast.metadata_raw.s != NULL &&
		    (meta = nx_json_loadb(fast.metadata_raw.s,
			 fast.metadata_raw.len, JSON_DECODE_ANY, &jerr)) ==
			NULL)
			abort();
		if ((meta == NULL) != (slow.metadata == NULL) ||
		    (meta != NULL && !json_equal(meta, slow.metadata)))
			abort();
		json_decref(meta);
	}
	nx_record_free(&fast);
	nx_record_free(&slow);
	return 0;
}
