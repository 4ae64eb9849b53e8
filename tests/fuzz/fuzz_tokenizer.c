/* The tokenizer on any valid UTF-8: the test's byte-level BPE file, and a
 * SentencePiece-style one (Prepend and Replace normalizers, Metaspace,
 * byte fallback) made here.  Every byte becomes part of one token at most
 * once, so a text never has more tokens than bytes (plus the prepended
 * "▁"), and a text that is not empty has at least one. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "text.h"
#include "tokenizer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct nx_tokenizer *
spm(void)
{
	struct nx_buf b = NX_BUF_INIT;
	struct nx_tokenizer *t = NULL;
	struct nx_error err;
	char path[] = "/tmp/fuzz_tokenizer.XXXXXX", num[32];
	int fd, i;

	nx_buf_adds(&b, "{\"normalizer\":{\"type\":\"Sequence\",\"normalizers\":["
			"{\"type\":\"NFKC\"},{\"type\":\"Prepend\",\"prepend\":\"\\u2581\"},"
			"{\"type\":\"Replace\",\"pattern\":{\"String\":\" \"},"
			"\"content\":\"\\u2581\"}]},\"pre_tokenizer\":{\"type\":"
			"\"Metaspace\",\"replacement\":\"\\u2581\",\"prepend_scheme\":"
			"\"first\",\"split\":true},\"added_tokens\":[{\"id\":300,"
			"\"content\":\"<s>\",\"special\":true}],\"model\":{\"type\":"
			"\"BPE\",\"unk_token\":\"<unk>\",\"fuse_unk\":true,"
			"\"byte_fallback\":true,\"vocab\":{\"<unk>\":0,\"\\u2581\":1,"
			"\"a\":2,\"b\":3,\"ab\":4,\"\\u2581a\":5");
	for (i = 0; i < 256; i++) {
		snprintf(num, sizeof(num), ",\"<0x%02X>\":%d", i, 10 + i);
		nx_buf_adds(&b, num);
	}
	nx_buf_adds(&b, "},\"merges\":[\"a b\",\"\\u2581 a\"]}}");
	if ((fd = mkstemp(path)) == -1)
		abort();
	if (write(fd, b.data, b.len) != (ssize_t)b.len || close(fd) == -1 ||
	    nx_tokenizer_open(&t, path, &err) < 0)
		abort();
	unlink(path);
	nx_buf_free(&b);
	return t;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct nx_tokenizer *bl, *sp;
	const char *s = (const char *)data;
	struct nx_error err;
	long n, m;

	if (bl == NULL) {
		if (nx_tokenizer_open(&bl, NX_TOKENIZER_FIXTURE, &err) < 0)
			abort();
		sp = spm();
	}
	if (!nx_text_utf8_valid(s, size))
		return 0;
	n = nx_tokenizer_count(bl, s, size);
	if (n < 0 || (size_t)n > size || (size > 0 && n == 0))
		abort();
	/* NFKC may lengthen a character up to 18 times (U+FDFA). */
	m = nx_tokenizer_count(sp, s, size);
	if (m < 0 || (size_t)m > 3 + 18 * size * 4 || (size > 0 && m == 0))
		abort();
	return 0;
}
