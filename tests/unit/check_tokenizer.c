#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_nx.h"
#include "tokenizer.h"

/* A small tokenizer.json: vocab a b c ab abc ▁ <0x..> for a few bytes,
 * merges "a b" then "ab c"; PRE and NORM are spliced in. */
static struct nx_tokenizer *
open_json(const char *norm, const char *pre, const char *model_extra,
    const char *added)
{
	char json[4096];
	struct nx_tokenizer *t;
	struct nx_error err;

	snprintf(json, sizeof(json),
	    "{\"normalizer\": %s, \"pre_tokenizer\": %s, \"added_tokens\": [%s],"
	    " \"model\": {\"type\": \"BPE\", \"unk_token\": \"<unk>\" %s,"
	    " \"vocab\": {\"<unk>\": 0, \"a\": 1, \"b\": 2, \"c\": 3, \"ab\": 4,"
	    " \"abc\": 5, \"\\u2581\": 6, \"<0x21>\": 7, \"<0xC8>\": 8,"
	    " \"<0x99>\": 9, \"\\u2581a\": 10},"
	    " \"merges\": [\"a b\", [\"ab\", \"c\"], \"\\u2581 a\"]}}",
	    norm, pre, added, model_extra);
	ck_assert_int_eq(nx_tokenizer_open(&t, check_tmpfile(json, strlen(json)), &err), 0);
	return t;
}

static long
count(struct nx_tokenizer *t, const char *s)
{
	return nx_tokenizer_count(t, s, strlen(s));
}

START_TEST(test_tokenizer_merges_by_rank)
{
	struct nx_tokenizer *t = open_json("null", "null", "", "");
	const int32_t *ids;

	ck_assert_int_eq(nx_tokenizer_encode(t, "abcab", 5, &ids), 2);
	ck_assert_int_eq(ids[0], 5);
	ck_assert_int_eq(ids[1], 4);
	ck_assert_int_eq(count(t, ""), 0);
	nx_tokenizer_free(t);
}
END_TEST

START_TEST(test_tokenizer_unknown_fuses_or_falls_back_to_bytes)
{
	struct nx_tokenizer *t = open_json("null", "null", "", "");
	struct nx_tokenizer *fuse = open_json("null", "null", ", \"fuse_unk\": true", "");
	struct nx_tokenizer *bytes = open_json("null", "null",
	    ", \"byte_fallback\": true, \"fuse_unk\": true", "");
	const int32_t *ids;

	ck_assert_int_eq(count(t, "xya"), 3);	  /* unk unk a */
	ck_assert_int_eq(count(fuse, "xya"), 2);  /* unk a */
	ck_assert_int_eq(count(fuse, "xyaz"), 3); /* unk a unk */
	/* ș is C8 99: both bytes are in the vocab; "?" (3F) is not. */
	ck_assert_int_eq(nx_tokenizer_encode(bytes, "ș!", 3, &ids), 3);
	ck_assert_int_eq(ids[0], 8);
	ck_assert_int_eq(ids[1], 9);
	ck_assert_int_eq(ids[2], 7);
	ck_assert_int_eq(count(bytes, "??a"), 2);
	nx_tokenizer_free(t);
	nx_tokenizer_free(fuse);
	nx_tokenizer_free(bytes);
}
END_TEST

START_TEST(test_tokenizer_added_tokens_longest_match_first)
{
	struct nx_tokenizer *t = open_json("null", "null", "",
	    "{\"id\": 20, \"content\": \"<x>\", \"special\": true},"
	    "{\"id\": 21, \"content\": \"<x>>\", \"special\": true},"
	    "{\"id\": 22, \"content\": \"cc\", \"rstrip\": true, \"lstrip\": true}");
	const int32_t *ids;

	ck_assert_int_eq(nx_tokenizer_encode(t, "ab<x>>abc<x>", 12, &ids), 4);
	ck_assert_int_eq(ids[0], 4);
	ck_assert_int_eq(ids[1], 21);
	ck_assert_int_eq(ids[2], 5);
	ck_assert_int_eq(ids[3], 20);
	/* lstrip and rstrip eat the spaces next to the token. */
	ck_assert_int_eq(count(t, "ab  cc  ab"), 3);
	nx_tokenizer_free(t);
}
END_TEST

START_TEST(test_tokenizer_split_behaviors)
{
	static const struct {
		const char *behavior;
		long want; /* tokens of "abab" split on "b" */
	} cases[] = {
	    {"Isolated", 4},	       /* a, b, a, b */
	    {"Removed", 2},	       /* a, a */
	    {"MergedWithPrevious", 2}, /* ab, ab */
	    {"MergedWithNext", 4},     /* a, ba (no merge: 2), b */
	    {"Contiguous", 4},	       /* a, b, a, b */
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char pre[256];
		struct nx_tokenizer *t;

		snprintf(pre, sizeof(pre),
		    "{\"type\": \"Split\", \"pattern\": {\"String\": \"b\"},"
		    " \"behavior\": \"%s\", \"invert\": false}",
		    cases[i].behavior);
		t = open_json("null", pre, "", "");
		ck_assert_msg(count(t, "abab") == cases[i].want, "%s: %ld",
		    cases[i].behavior, count(t, "abab"));
		nx_tokenizer_free(t);
	}
}
END_TEST

START_TEST(test_tokenizer_normalizers_in_order)
{
	/* Prepend ▁, then spaces → ▁: " a" is ▁▁a = ▁ + ▁a. */
	struct nx_tokenizer *t = open_json(
	    "{\"type\": \"Sequence\", \"normalizers\": ["
	    "{\"type\": \"Prepend\", \"prepend\": \"\\u2581\"},"
	    "{\"type\": \"Replace\", \"pattern\": {\"String\": \" \"},"
	    " \"content\": \"\\u2581\"}]}",
	    "null", "", "");
	struct nx_tokenizer *nfd = open_json("{\"type\": \"NFKC\"}", "null", "", "");
	const int32_t *ids;

	ck_assert_int_eq(nx_tokenizer_encode(t, " a", 2, &ids), 2);
	ck_assert_int_eq(ids[0], 6);
	ck_assert_int_eq(ids[1], 10);
	/* Fullwidth ａｂ becomes ab under NFKC. */
	ck_assert_int_eq(count(nfd, "\xef\xbd\x81\xef\xbd\x82"), 1);
	nx_tokenizer_free(t);
	nx_tokenizer_free(nfd);
}
END_TEST

START_TEST(test_tokenizer_regex_split_and_bytelevel)
{
	/* Digits one by one, as Qwen's pattern does; then ByteLevel maps
	 * bytes (a b c print as themselves). */
	struct nx_tokenizer *t = open_json("null",
	    "{\"type\": \"Sequence\", \"pretokenizers\": ["
	    "{\"type\": \"Split\", \"pattern\": {\"Regex\": \"\\\\p{N}|\\\\s+\"},"
	    " \"behavior\": \"Isolated\", \"invert\": false},"
	    "{\"type\": \"ByteLevel\", \"add_prefix_space\": false,"
	    " \"use_regex\": false}]}",
	    "", "");

	ck_assert_int_eq(count(t, "abc"), 1);
	ck_assert_int_eq(count(t, "ab12c"), 4); /* ab 1 2 c (1 and 2 unk) */
	nx_tokenizer_free(t);
}
END_TEST

/* A Unigram tokenizer.json: <unk> a b ab c y <0x78> <0x7A>, the scores
 * given; NORM spliced in. */
static struct nx_tokenizer *
open_unigram(const char *norm, int byte_fallback)
{
	char json[4096];
	struct nx_tokenizer *t;
	struct nx_error err;

	snprintf(json, sizeof(json),
	    "{\"normalizer\": %s, \"model\": {\"type\": \"Unigram\", \"unk_id\": 0,"
	    " \"byte_fallback\": %s, \"vocab\": [[\"<unk>\", 0], [\"a\", -1],"
	    " [\"b\", -1], [\"ab\", -1.5], [\"c\", -3], [\"y\", -2],"
	    " [\"<0x78>\", -5], [\"<0x7A>\", -5], [\"bc\", -4]]}}",
	    norm, byte_fallback ? "true" : "false");
	ck_assert_int_eq(nx_tokenizer_open(&t, check_tmpfile(json, strlen(json)), &err), 0);
	return t;
}

START_TEST(test_tokenizer_unigram_best_path_and_unknown_runs)
{
	struct nx_tokenizer *t = open_unigram("null", 0);
	struct nx_tokenizer *bytes = open_unigram("null", 1);
	const int32_t *ids;

	/* ab (-1.5) beats a b (-2); abc: ab c (-4.5) beats a bc (-5). */
	ck_assert_int_eq(nx_tokenizer_encode(t, "abc", 3, &ids), 2);
	ck_assert_int_eq(ids[0], 3);
	ck_assert_int_eq(ids[1], 4);
	/* Unknown characters next to each other are one unknown token. */
	ck_assert_int_eq(nx_tokenizer_encode(t, "xzaqș", 7, &ids), 3);
	ck_assert_int_eq(ids[0], 0);
	ck_assert_int_eq(ids[1], 1);
	ck_assert_int_eq(ids[2], 0);
	/* With byte fallback, a run whose every byte has a piece is its
	 * bytes; another stays unknown. */
	ck_assert_int_eq(nx_tokenizer_encode(bytes, "xzaqx", 5, &ids), 4);
	ck_assert_int_eq(ids[0], 6);
	ck_assert_int_eq(ids[1], 7);
	ck_assert_int_eq(ids[2], 1);
	ck_assert_int_eq(ids[3], 0);
	ck_assert_int_eq(count(t, ""), 0);
	nx_tokenizer_free(t);
	nx_tokenizer_free(bytes);
}
END_TEST

static void
base64(char *out, const unsigned char *p, size_t n)
{
	static const char d[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;

	for (i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) |
		    (i + 2 < n ? p[i + 2] : 0);

		*out++ = d[v >> 18];
		*out++ = d[(v >> 12) & 63];
		*out++ = i + 1 < n ? d[(v >> 6) & 63] : '=';
		*out++ = i + 2 < n ? d[v & 63] : '=';
	}
	*out = '\0';
}

START_TEST(test_tokenizer_precompiled_rules)
{
	/* A darts-clone trie of one key, "x", whose value is 0: the root's
	 * children sit at 0 ^ byte; unit 120 is 'x' with a leaf at 120 ^ 1;
	 * then the pool "yy". */
	unsigned char blob[4 + 122 * 4 + 3];
	uint32_t units[122] = {0};
	char b64[sizeof(blob) * 2], norm[sizeof(b64) + 128];
	struct nx_tokenizer *t;
	size_t i;

	units[120] = 'x' | 1U << 8 | 1U << 10;
	units[121] = 0;
	blob[0] = (unsigned char)(sizeof(units) & 0xFF);
	blob[1] = (unsigned char)(sizeof(units) >> 8);
	blob[2] = blob[3] = 0;
	for (i = 0; i < 122; i++) {
		blob[4 + i * 4] = (unsigned char)(units[i] & 0xFF);
		blob[5 + i * 4] = (unsigned char)((units[i] >> 8) & 0xFF);
		blob[6 + i * 4] = (unsigned char)((units[i] >> 16) & 0xFF);
		blob[7 + i * 4] = (unsigned char)(units[i] >> 24);
	}
	memcpy(blob + 4 + sizeof(units), "yy", 3);
	base64(b64, blob, sizeof(blob));
	snprintf(norm, sizeof(norm),
	    "{\"type\": \"Precompiled\", \"precompiled_charsmap\": \"%s\"}", b64);
	t = open_unigram(norm, 0);
	ck_assert_int_eq(count(t, "axb"), 4);	     /* a y y b */
	ck_assert_int_eq(count(t, "azb"), 3);	     /* a <unk> b */
	/* A cluster under 6 bytes that starts with a rule is replaced
	 * whole (the accent goes), as the tokenizers library does. */
	ck_assert_int_eq(count(t, "ax\xCC\x81" "b"), 4);
	nx_tokenizer_free(t);
}
END_TEST

START_TEST(test_tokenizer_refuses_what_it_cannot_count)
{
	static const char *const files[] = {
	    "{\"model\": {\"type\": \"Unigram\", \"vocab\": [[\"a\", 0]]}}",
	    "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {}}}",
	    "{\"normalizer\": {\"type\": \"Precompiled\", \"precompiled_charsmap\": \"AAAA\"},"
	    " \"model\": {\"type\": \"BPE\", \"vocab\": {}, \"merges\": []}}",
	    "{\"normalizer\": {\"type\": \"BertNormalizer\"}, \"model\": {"
	    "\"type\": \"BPE\", \"vocab\": {}, \"merges\": []}}",
	    "{\"pre_tokenizer\": {\"type\": \"Digits\"}, \"model\": {"
	    "\"type\": \"BPE\", \"vocab\": {}, \"merges\": []}}",
	    "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": [\"a z\"]}}",
	    "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": [],"
	    " \"continuing_subword_prefix\": \"##\"}}",
	    "not json",
	};
	static const char *const want[] = {
	    "Unigram model without an unk_id", "model WordPiece not supported",
	    "precompiled_charsmap is not a trie", "normalizer BertNormalizer not supported",
	    "pre-tokenizer Digits not supported", "names a token not in the vocab",
	    "continuing_subword_prefix not supported", ":1:",
	};
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct nx_tokenizer *t = (void *)1;
		struct nx_error err;

		ck_assert_int_eq(nx_tokenizer_open(&t, check_tmpfile(files[i], strlen(files[i])),
				     &err), -1);
		ck_assert_ptr_null(t);
		ck_assert_msg(strstr(err.msg, want[i]) != NULL, "%s", err.msg);
	}
}
END_TEST

START_TEST(test_tokenizer_opens_a_folder_json_first)
{
	char dir[] = "/tmp/check_tok.XXXXXX";
	char file[64], model[64];
	const char json[] = "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": []}}";
	struct nx_tokenizer *t;
	struct nx_error err;
	FILE *fp;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(nx_tokenizer_open(&t, dir, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "neither tokenizer.json nor tokenizer.model"));
	/* A folder with a tokenizer.model alone: that file is the one
	 * read (not a model: refused, by the library or by a build without
	 * it). */
	snprintf(model, sizeof(model), "%s/tokenizer.model", dir);
	fp = fopen(model, "w");
	ck_assert_ptr_nonnull(fp);
	fputs("not a model", fp);
	fclose(fp);
	ck_assert_int_eq(nx_tokenizer_open(&t, dir, &err), -1);
	ck_assert_msg(strstr(err.msg, "tokenizer.model: ") != NULL, "%s", err.msg);
	/* Both: the tokenizer.json. */
	snprintf(file, sizeof(file), "%s/tokenizer.json", dir);
	fp = fopen(file, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(json, fp);
	fclose(fp);
	ck_assert_int_eq(nx_tokenizer_open(&t, dir, &err), 0);
	ck_assert_int_eq(count(t, "aaa"), 3);
	nx_tokenizer_free(t);
	unlink(file);
	unlink(model);
	rmdir(dir);
}
END_TEST

Suite *
tokenizer_suite(void)
{
	Suite *s = suite_create("tokenizer");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_tokenizer_merges_by_rank);
	tcase_add_test(tc, test_tokenizer_unknown_fuses_or_falls_back_to_bytes);
	tcase_add_test(tc, test_tokenizer_added_tokens_longest_match_first);
	tcase_add_test(tc, test_tokenizer_split_behaviors);
	tcase_add_test(tc, test_tokenizer_normalizers_in_order);
	tcase_add_test(tc, test_tokenizer_regex_split_and_bytelevel);
	tcase_add_test(tc, test_tokenizer_unigram_best_path_and_unknown_runs);
	tcase_add_test(tc, test_tokenizer_precompiled_rules);
	tcase_add_test(tc, test_tokenizer_refuses_what_it_cannot_count);
	tcase_add_test(tc, test_tokenizer_opens_a_folder_json_first);
	suite_add_tcase(s, tc);
	return s;
}
