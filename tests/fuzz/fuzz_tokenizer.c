/* The tokenizer on any valid UTF-8: the test's byte-level BPE file, a
 * SentencePiece-style one (Prepend and Replace normalizers, Metaspace,
 * byte fallback) and a Unigram one (a Precompiled rule x → yy, Strip,
 * Replace by a pattern, Metaspace, byte fallback) made here.  Every byte
 * becomes part of one token at most once, so a text never has more tokens
 * than bytes (plus the prepended "▁", and what the rules add), and a text
 * that is not empty has at least one (but for Unigram's, which strips). */
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

/* A file made here: json[0..n) written and opened. */
static struct nx_tokenizer *
open_text(const struct nx_buf *b)
{
	struct nx_tokenizer *t = NULL;
	struct nx_error err;
	char path[] = "/tmp/fuzz_tokenizer.XXXXXX";
	int fd;

	if ((fd = mkstemp(path)) == -1)
		abort();
	if (write(fd, b->data, b->len) != (ssize_t)b->len || close(fd) == -1 ||
	    nx_tokenizer_open(&t, path, &err) < 0)
		abort();
	unlink(path);
	return t;
}

static struct nx_tokenizer *
unigram(void)
{
	static const char d[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	/* darts-clone: the root's children at 0 ^ byte; unit 120 is 'x'
	 * with a leaf (value 0) at 121; then the pool "yy". */
	unsigned char blob[4 + 122 * 4 + 3] = {122 * 4 & 0xFF, 122 * 4 >> 8};
	struct nx_buf b = NX_BUF_INIT;
	struct nx_tokenizer *t;
	char num[48];
	size_t i;
	int k;

	blob[4 + 120 * 4] = 'x';
	blob[4 + 120 * 4 + 1] = 1 | 1 << 2; /* has a leaf; offset 1 */
	memcpy(blob + 4 + 122 * 4, "yy", 3);
	nx_buf_adds(&b, "{\"normalizer\":{\"type\":\"Sequence\",\"normalizers\":["
			"{\"type\":\"Precompiled\",\"precompiled_charsmap\":\"");
	for (i = 0; i < sizeof(blob); i += 3) {
		unsigned v = (unsigned)blob[i] << 16 |
		    (i + 1 < sizeof(blob) ? (unsigned)blob[i + 1] << 8 : 0) |
		    (i + 2 < sizeof(blob) ? blob[i + 2] : 0);

		nx_buf_addc(&b, d[v >> 18]);
		nx_buf_addc(&b, d[(v >> 12) & 63]);
		nx_buf_addc(&b, i + 1 < sizeof(blob) ? d[(v >> 6) & 63] : '=');
		nx_buf_addc(&b, i + 2 < sizeof(blob) ? d[v & 63] : '=');
	}
	nx_buf_adds(&b, "\"},{\"type\":\"Strip\",\"strip_left\":false,"
			"\"strip_right\":true},{\"type\":\"Replace\",\"pattern\":"
			"{\"Regex\":\" {2,}\"},\"content\":\"\\u2581\"}]},"
			"\"pre_tokenizer\":{\"type\":\"Metaspace\",\"replacement\":"
			"\"\\u2581\",\"prepend_scheme\":\"always\",\"split\":true},"
			"\"model\":{\"type\":\"Unigram\",\"unk_id\":0,"
			"\"byte_fallback\":true,\"vocab\":[[\"<unk>\",0],"
			"[\"\\u2581\",-2],[\"a\",-1],[\"b\",-1.5],[\"ab\",-2],"
			"[\"\\u2581a\",-1],[\"yy\",-3]");
	for (k = 0; k < 256; k++) {
		snprintf(num, sizeof(num), ",[\"<0x%02X>\",-8]", k);
		nx_buf_adds(&b, num);
	}
	nx_buf_adds(&b, "]}}");
	t = open_text(&b);
	nx_buf_free(&b);
	return t;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct nx_tokenizer *bl, *sp, *un;
	const char *s = (const char *)data;
	struct nx_error err;
	long n, m;

	if (bl == NULL) {
		if (nx_tokenizer_open(&bl, NX_TOKENIZER_FIXTURE, &err) < 0)
			abort();
		sp = spm();
		un = unigram();
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
	/* x → yy at most doubles a text; each space becomes 3 bytes. */
	m = nx_tokenizer_count(un, s, size);
	if (m < 0 || (size_t)m > 3 + 6 * size)
		abort();
	return 0;
}
