/* The normaliser (its table path must agree with utf8proc), language,
 * quality and PII on any valid UTF-8; citation markers out of any bytes
 * (the result never longer, and with none found, the same bytes), and
 * the thinking that leads a reply. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "quality.h"
#include "safety.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct nx_buf fast = NX_BUF_INIT, slow = NX_BUF_INIT, b = NX_BUF_INIT;
	struct nx_quality q = {0};
	struct nx_record rec;
	char code[8];

	{
		size_t n = 0;

		if (nx_text_uncite(&b, &n, s, size) == 0 &&
		    (b.len > size ||
			(n == 0 && (b.len != size ||
				       (size > 0 && memcmp(b.data, s, size))))))
			abort();
		nx_buf_reset(&b);
	}
	{
		/* the answer is the tail of s, the thinking no longer */
		struct nx_str a;

		if (nx_text_reasoning(&b, &a, s, size) == 1 &&
		    (a.s < s || a.s + a.len != s + size || b.len > size))
			abort();
		nx_buf_reset(&b);
	}
	if (!nx_text_utf8_valid(s, size)) {
		nx_buf_free(&b);
		return 0;
	}
	if (nx_text_normalize(&fast, s, size, NX_NORM_PUNCT, NULL) == 0 &&
	    nx_text_normalize(
		&slow, s, size, NX_NORM_PUNCT | NX_NORM_SLOW, NULL) == 0 &&
	    (fast.len != slow.len ||
		(fast.len > 0 && memcmp(fast.data, slow.data, fast.len) != 0)))
		abort(); /* the two paths disagree */
	nx_lang_detect(code, s, size, &b);
	nx_pii_scan(s, size, &b);
	nx_record_init(&rec);
	rec.prompt = (struct nx_str){s, size / 2};
	rec.completion = (struct nx_str){s + size / 2, size - size / 2};
	if (nx_text_utf8_valid(s, size / 2))
		nx_quality_score(&q, &rec);
	nx_quality_free(&q);
	nx_buf_free(&fast);
	nx_buf_free(&slow);
	nx_buf_free(&b);
	return 0;
}
