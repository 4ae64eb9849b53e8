/*
 * Allocation failure: every lib operation below is run again and again,
 * the k-th allocation failing on run k (k = 0, 1, …, until one run needs
 * no failing), and must return its error or, where a library copes with
 * the failure itself (jansson does in places), the same result as with
 * memory to spare — never a wrong one, never a crash, never a leak (ASan
 * and valgrind watch).
 *
 * check_nx links with -Wl,--wrap for malloc, calloc and realloc, so every
 * call from lib/ comes here.  jansson keeps its own allocator: given this
 * one (json_set_alloc_funcs), it was seen to drop a character of a string
 * and report success when a buffer could not grow (its lexer ignores that
 * failure), which no caller can notice — a jansson matter, not lib's.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check_nx.h"
#include "conv.h"
#include "dedup.h"
#include "format.h"
#include "record.h"
#include "snapshot.h"
#include "template.h"
#include "text.h"
#include "tokenizer.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);

static long countdown = -1; /* allocations left before one fails; -1: none */
static int failed;
long nx_alloc_k; /* the run's k: a breakpoint's condition when debugging */

static int
fail_now(void)
{
	if (countdown < 0)
		return 0;
	if (countdown-- == 0) {
		failed = 1; /* break here if nx_alloc_k == … */
		return 1;
	}
	return 0;
}

void *
__wrap_malloc(size_t n)
{
	return fail_now() ? NULL : __real_malloc(n);
}

void *
__wrap_calloc(size_t n, size_t size)
{
	return fail_now() ? NULL : __real_calloc(n, size);
}

void *
__wrap_realloc(void *p, size_t n)
{
	return fail_now() ? NULL : __real_realloc(p, n);
}

/*
 * One operation: 0 with its result described in *out (allocated without
 * failures), or -1 on its error; it frees everything else it made.
 */
typedef int (*op_fn)(struct nx_buf *out);

/* Run op with the k-th allocation failing, for every k it reaches. */
static void
exhaust(const char *name, op_fn op)
{
	struct nx_buf want = NX_BUF_INIT, got = NX_BUF_INIT;
	long k, errors = 0;

	ck_assert_msg(op(&want) == 0, "%s: failed with memory to spare", name);
	for (k = 0;; k++) {
		int rc;

		nx_buf_reset(&got);
		failed = 0;
		countdown = nx_alloc_k = k;
		rc = op(&got);
		countdown = -1;
		if (!failed)
			break;
		ck_assert_msg(rc == -1 || rc == 0, "%s: returned %d", name, rc);
		if (rc == 0)
			ck_assert_msg(got.len == want.len &&
				memcmp(got.data, want.data, want.len) == 0,
			    "%s: allocation %ld failed, and the result is "
			    "wrong",
			    name, k);
		errors += rc == -1;
	}
	printf("alloc: %s: %ld allocations, each failed in turn: %ld errors "
	       "returned, %ld runs right all the same\n",
	    name, k, errors, k - errors);
	ck_assert_msg(errors > 0, "%s: no failure was reported", name);
	nx_buf_free(&want);
	nx_buf_free(&got);
}

/* Keep s in out, with memory that never fails. */
static void
note(struct nx_buf *out, const void *s, size_t n)
{
	long saved = countdown;

	countdown = -1;
	ck_assert_int_eq(nx_buf_add(out, s, n), 0);
	countdown = saved;
}

static const char chat[] =
    "{\"messages\":[{\"role\":\"system\",\"content\":\"Ești Nova.\"},"
    "{\"role\":\"user\",\"content\":\"Salut\"},{\"role\":\"assistant\","
    "\"content\":\"Bună!\"},{\"role\":\"user\",\"content\":\"Ce e un "
    "vector?\"},{\"role\":\"assistant\",\"content\":\"O listă de "
    "numere.\"}],\"metadata\":{\"lang\":\"ro\",\"n\":[1,2.5,null]}}";

static const char pair[] =
    "{\"prompt\":\"Ce e un vector?\",\"chosen\":\"O listă de numere.\","
    "\"rejected\":\"Nu știu.\",\"metadata\":{\"preference\":\"swipe\"}}";

static int
parse_and_write(struct nx_buf *out)
{
	static const enum nx_format pair_formats[] = {NX_FORMAT_NEUTRAL,
	    NX_FORMAT_INSTRUCTION, NX_FORMAT_CHAT, NX_FORMAT_SHAREGPT,
	    NX_FORMAT_OPENAI_PREFERENCE, NX_FORMAT_MLX_PREFERENCE};
	struct nx_record rec;
	struct nx_buf b = NX_BUF_INIT;
	struct nx_error err;
	int rc;

	nx_record_init(&rec);
	rc = nx_record_parse(&rec, chat, strlen(chat), &err);
	for (int f = NX_FORMAT_NEUTRAL; rc == 0 && f <= NX_FORMAT_LAST; f++)
		if (f != NX_FORMAT_OPENAI_PREFERENCE &&
		    f != NX_FORMAT_MLX_PREFERENCE) /* pairs only */
			rc = nx_format_write(&b, (enum nx_format)f, &rec, &err);
	if (rc == 0)
		rc = nx_record_parse(&rec, pair, strlen(pair), &err);
	for (size_t i = 0;
	     rc == 0 && i < sizeof(pair_formats) / sizeof(pair_formats[0]); i++)
		rc = nx_format_write(&b, pair_formats[i], &rec, &err);
	if (rc == 0)
		note(out, b.data, b.len);
	nx_record_free(&rec);
	nx_buf_free(&b);
	return rc < 0 ? -1 : 0;
}

static const char export_[] =
    "[{\"title\":\"t\",\"current_node\":\"c\",\"mapping\":{"
    "\"r\":{\"id\":\"r\",\"message\":null,\"parent\":null,\"children\":[\"a\"]}"
    ","
    "\"a\":{\"id\":\"a\",\"parent\":\"r\",\"children\":[\"b\"],\"message\":{"
    "\"author\":{\"role\":\"user\"},\"content\":{\"parts\":[\"Salut\"]}}},"
    "\"b\":{\"id\":\"b\",\"parent\":\"a\",\"children\":[\"c\"],\"message\":{"
    "\"author\":{\"role\":\"assistant\"},\"content\":{\"parts\":[\"Bună\"]}}},"
    "\"c\":{\"id\":\"c\",\"parent\":\"b\",\"children\":[],\"message\":{"
    "\"author\":{\"role\":\"user\"},\"content\":{\"parts\":[\"Mersi\"]}}}}}]";

static int
conversations(struct nx_buf *out)
{
	struct nx_conv c, d;
	struct nx_snapshots s;
	struct nx_buf b = NX_BUF_INIT;
	struct nx_error err;
	json_t *root = json_loads(export_, 0, NULL);
	int rc = root == NULL ? -1 : 0;

	nx_conv_init(&c);
	nx_conv_init(&d);
	nx_snapshots_init(&s);
	if (rc == 0)
		rc = nx_conv_read(&c, root, 0, &err);
	if (rc == 0)
		rc = nx_conv_pack(&b, &c);
	if (rc == 0)
		rc = nx_conv_unpack(&d, b.data, b.len);
	if (rc == 0)
		rc = nx_snapshots_add(&s, &d);
	/* The fast path says "not sure" when memory runs out: then jansson
	 * and nx_conv_read decide, as in conv2jsonl. */
	if (rc == 0 && nx_conv_scan(&c, chat, strlen(chat)) != 1) {
		json_decref(root);
		root = json_loads(chat, 0, NULL);
		rc = root == NULL ? -1 : nx_conv_read(&c, root, 0, &err);
	}
	if (rc == 0)
		rc = nx_snapshots_add(&s, &c);
	if (rc == 0)
		rc = nx_snapshots_decide(&s);
	if (rc == 0) {
		char v[2] = {(char)('0' + nx_snapshots_superseded(&s, 0)),
		    (char)('0' + nx_snapshots_superseded(&s, 1))};

		note(out, b.data, b.len);
		note(out, v, 2);
	}
	nx_snapshots_free(&s);
	nx_conv_free(&c);
	nx_conv_free(&d);
	nx_buf_free(&b);
	json_decref(root);
	return rc < 0 ? -1 : 0;
}

static const char yaml[] =
    "version: 1\nslots:\n  color: [roșu, verde]\ntemplates:\n"
    "  - name: t\n    lang: ro\n    topic: x\n"
    "    prompts: [\"Ce culoare are {thing}?\", \"{thing}: ce culoare?\"]\n"
    "    completion: \"{thing} e {thing.color}, nu {color}.\"\n"
    "    slots:\n      thing:\n        - {name: cerul, color: albastru}\n"
    "        - {name: iarba, color: verde}\n";

static int
templates(struct nx_buf *out)
{
	struct nx_templates *t = NULL;
	struct nx_error err;
	int rc = nx_templates_new(&t, &err);

	if (rc == 0)
		rc = nx_templates_load(t, yaml, strlen(yaml), "t.yaml", &err);
	if (rc == 0) {
		char n = (char)('0' + nx_templates_count(t));

		note(out, &n, 1);
	}
	nx_templates_free(t);
	return rc < 0 ? -1 : 0;
}

static int
dedup(int mode, struct nx_buf *out)
{
	static const char *const keys[] = {"Ce este un vector de numere?",
	    "ce este un vector de numere", "What is a vector of numbers?",
	    "Ce este un vector de numere reale?"};
	struct nx_dedup *d = NULL;
	struct nx_buf b = NX_BUF_INIT;
	struct nx_error err;
	int rc = nx_dedup_new(&d, (enum nx_dedup_mode)mode, 0.5, &err);

	for (size_t i = 0; rc >= 0 && i < 4; i++) {
		uint64_t payload = i;
		double sim;

		nx_buf_reset(&b);
		rc = nx_text_normalize(&b, keys[i], strlen(keys[i]), 0, &err);
		if (rc == 0)
			rc = nx_dedup_check(
			    d, b.data, b.len, 1, &payload, &sim, &err);
		if (rc >= 0) {
			char v = (char)('0' + rc + (int)payload);

			note(out, &v, 1);
		}
	}
	nx_dedup_free(d);
	nx_buf_free(&b);
	return rc < 0 ? -1 : 0;
}

static int
dedup_exact(struct nx_buf *out)
{
	return dedup(NX_DEDUP_EXACT, out);
}

static int
dedup_near(struct nx_buf *out)
{
	return dedup(NX_DEDUP_NEAR, out);
}

/* A tokenizer with a bit of everything: normalizers, a regex split, byte
 * level, added tokens, merges; opened, then used on a text. */
static const char tokenizer_json[] =
    "{\"normalizer\":{\"type\":\"Sequence\",\"normalizers\":[{\"type\":"
    "\"NFC\"},{\"type\":\"Replace\",\"pattern\":{\"Regex\":\"\\\\d\"},"
    "\"content\":\"0\"}]},\"pre_tokenizer\":{\"type\":\"Sequence\","
    "\"pretokenizers\":[{\"type\":\"Split\",\"pattern\":{\"Regex\":"
    "\" ?\\\\p{L}+|\\\\s+\"},\"behavior\":\"Isolated\",\"invert\":false},"
    "{\"type\":\"ByteLevel\",\"add_prefix_space\":true,\"use_regex\":"
    "false}]},\"added_tokens\":[{\"id\":9,\"content\":\"<e>\"}],"
    "\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0,\"b\":1,\"ab\":2,"
    "\"\\u0120\":3,\"\\u0120ab\":4,\"0\":5},\"merges\":[\"a b\","
    "\"\\u0120 ab\"]}}";

static int
tokenize(struct nx_buf *out)
{
	static const char *path;
	static const char text[] = "ab ab<e>ab  12 ăb";
	struct nx_tokenizer *t;
	struct nx_error err;
	const int32_t *ids;
	long n;

	if (path == NULL) {
		long saved = countdown;

		countdown = -1;
		path = strdup(check_tmpfile(tokenizer_json, strlen(tokenizer_json)));
		countdown = saved;
	}
	if (nx_tokenizer_open(&t, path, &err) < 0)
		return -1;
	n = nx_tokenizer_encode(t, text, strlen(text), &ids);
	if (n >= 0)
		note(out, ids, (size_t)n * sizeof(*ids));
	nx_tokenizer_free(t);
	return n < 0 ? -1 : 0;
}

START_TEST(test_alloc_tokenizer)
{
	exhaust("tokenizer open and encode", tokenize);
}
END_TEST

START_TEST(test_alloc_records_and_formats)
{
	exhaust("parse and write every format", parse_and_write);
}
END_TEST

START_TEST(test_alloc_conversations)
{
	exhaust("conversations, packing, snapshots", conversations);
}
END_TEST

START_TEST(test_alloc_templates)
{
	exhaust("templates", templates);
}
END_TEST

START_TEST(test_alloc_dedup)
{
	exhaust("exact dedup", dedup_exact);
	exhaust("near dedup", dedup_near);
}
END_TEST

Suite *
alloc_suite(void)
{
	Suite *s = suite_create("alloc");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_alloc_records_and_formats);
	tcase_add_test(tc, test_alloc_conversations);
	tcase_add_test(tc, test_alloc_templates);
	tcase_add_test(tc, test_alloc_dedup);
	tcase_add_test(tc, test_alloc_tokenizer);
	suite_add_tcase(s, tc);
	return s;
}
