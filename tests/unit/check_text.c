#include <stdlib.h>
#include <string.h>

#include "check_nx.h"
#include "text.h"

START_TEST(test_text_length_counts_code_points_like_python)
{
	/* Python: len("Bună ziua, ești?") == 16, len("🙂a") == 2 */
	const char *ro = "Bună ziua, ești?",
		   *emoji = "\xF0\x9F\x99\x82"
			    "a";

	ck_assert_uint_eq(nx_text_length(ro, strlen(ro)), 16);
	ck_assert_uint_eq(nx_text_length(emoji, strlen(emoji)), 2);
	ck_assert_uint_eq(nx_text_length("", 0), 0);
}
END_TEST

START_TEST(test_text_utf8_rejects_overlong_surrogate_and_truncated)
{
	ck_assert_int_eq(nx_text_utf8_valid("ăîșț", strlen("ăîșț")), 1);
	ck_assert_int_eq(nx_text_utf8_valid("\xC0\xAF", 2), 0); /* overlong / */
	ck_assert_int_eq(nx_text_utf8_valid("\xED\xA0\x80", 3), 0); /* U+D800 */
	ck_assert_int_eq(nx_text_utf8_valid("\xE2\x82", 2), 0);	    /* cut */
	ck_assert_int_eq(nx_text_utf8_valid("\xF4\x90\x80\x80", 4), 0);
	ck_assert_int_eq(nx_text_utf8_valid("\xFF", 1), 0);
}
END_TEST

/* The normal form of s, NUL-terminated; the caller frees it. */
static char *
norm(const char *s, int flags)
{
	struct nx_error err;
	struct nx_buf b = NX_BUF_INIT;

	ck_assert_int_eq(nx_text_normalize(&b, s, strlen(s), flags, &err), 0);
	ck_assert_int_eq(nx_buf_addc(&b, '\0'), 0);
	return b.data;
}

START_TEST(test_text_normalize_folds_case_and_romanian_diacritics)
{
	char *a = norm("Îți  place\tȘTIINȚA?", 0);
	/* cedilla forms (ş ţ) fold the same as comma-below (ș ț) */
	char *b = norm("iti place ştiinţa?", 0);

	ck_assert_str_eq(a, "iti place stiinta?");
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_text_normalize_nfkc_and_punctuation)
{
	char *a = norm("  ﬁne  ＡＢＣ\n", 0);
	char *b = norm("Hello, world!!  How are you?", NX_NORM_PUNCT);

	ck_assert_str_eq(a, "fine abc");
	ck_assert_str_eq(b, "hello world how are you");
	free(a);
	free(b);
}
END_TEST

START_TEST(test_text_normalize_rejects_invalid_utf8)
{
	struct nx_error err;
	struct nx_buf b = NX_BUF_INIT;

	ck_assert_int_eq(nx_text_normalize(&b, "a\xFF", 2, 0, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "normalise"));
	nx_buf_free(&b);
}
END_TEST

/* The fast path for ASCII and Romanian must agree with utf8proc. */
START_TEST(test_text_normalize_fast_path_equals_utf8proc)
{
	static const char *const alphabet[] = {"a", "Z", " ", "\t", "\n", "?",
	    "!", ",", "-", "_", "$", "~", "0", "9", "ă", "Ă", "â", "Â", "î",
	    "Î", "ș", "Ș", "ț", "Ț", "ş", "Ţ", "\x01", "\x1f", "\x7f", "'"};
	size_t na = sizeof(alphabet) / sizeof(alphabet[0]);
	unsigned long long state = 1;
	char s[128];

	for (int iter = 0; iter < 20000; iter++) {
		size_t len = 0, words = (size_t)(iter % 12);

		for (size_t w = 0; w < words; w++) {
			const char *a;

			state = state * 6364136223846793005ULL + 1;
			a = alphabet[(state >> 33) % na];
			memcpy(s + len, a, strlen(a));
			len += strlen(a);
		}
		for (int flags = 0; flags <= NX_NORM_PUNCT; flags++) {
			struct nx_error err;
			struct nx_buf fast = NX_BUF_INIT, slow = NX_BUF_INIT;

			check_assert(
			    nx_text_normalize(&fast, s, len, flags, &err) == 0);
			check_assert(nx_text_normalize(&slow, s, len,
					 flags | NX_NORM_SLOW, &err) == 0);
			if (fast.len != slow.len ||
			    (fast.len != 0 &&
				memcmp(fast.data, slow.data, fast.len) != 0))
				ck_abort_msg(
				    "\"%.*s\": fast \"%.*s\", slow \"%.*s\"",
				    (int)len, s, (int)fast.len,
				    fast.data ? fast.data : "", (int)slow.len,
				    slow.data ? slow.data : "");
			nx_buf_free(&fast);
			nx_buf_free(&slow);
		}
	}
}
END_TEST

/* in without its citation markers, and how many there were */
static void
uncite(const char *in, const char *want, size_t nwant)
{
	struct nx_buf b = NX_BUF_INIT;
	size_t n = 0;

	/* the quick look may say maybe, never miss one */
	if (nwant > 0)
		ck_assert(nx_text_has_citations(in, strlen(in)));
	ck_assert_int_eq(nx_text_uncite(&b, &n, in, strlen(in)), 0);
	ck_assert_uint_eq(n, nwant);
	ck_assert_uint_eq(b.len, strlen(want));
	ck_assert_mem_eq(b.data, want, b.len);
	nx_buf_free(&b);
}

START_TEST(test_text_uncite_private_use_spans)
{
	/* U+E203 cited text U+E204, a space, U+E200 cite U+E202 ref U+E201 */
	uncite("Paris is the capital\xEE\x88\x83 of France\xEE\x88\x84 "
	       "\xEE\x88\x80" "cite\xEE\x88\x82turn0search3\xEE\x88\x81.",
	    "Paris is the capital of France.", 3);
	/* two references in one span, then a new paragraph */
	uncite("Use WAL. \xEE\x88\x80" "cite\xEE\x88\x82turn0search1"
	       "\xEE\x88\x82turn1view0\xEE\x88\x81\n\nNext",
	    "Use WAL.\n\nNext", 1);
	/* an entity span shows its name */
	uncite("Visit \xEE\x88\x80" "entity\xEE\x88\x82[\"city\",\"Cluj\","
	       "\"Romania\"]\xEE\x88\x81 in May.",
	    "Visit Cluj in May.", 1);
	/* a span without its end: only the mark goes */
	uncite("a \xEE\x88\x80" "cite\nb", "a cite\nb", 1);
	/* other private-use text is no marker */
	uncite("\xEE\x80\x80 stays", "\xEE\x80\x80 stays", 0);
}
END_TEST

START_TEST(test_text_uncite_bracketed_sources)
{
	uncite("Rust 1.80 added LazyLock\xE3\x80\x90" "4\xE2\x80\xA0source"
	       "\xE3\x80\x91.",
	    "Rust 1.80 added LazyLock.", 1);
	uncite("See the notes \xE3\x80\x90" "12:3\xE2\x80\xA0notes.pdf"
	       "\xE3\x80\x91 and \xE3\x80\x90turn1view3\xE3\x80\x91!",
	    "See the notes and!", 2);
	/* brackets that cite nothing are text */
	uncite("\xE3\x80\x90Note\xE3\x80\x91 read this",
	    "\xE3\x80\x90Note\xE3\x80\x91 read this", 0);
}
END_TEST

/* s split: want the thinking and the answer, or got 0 */
static void
split(const char *s, int got, const char *think, const char *answer)
{
	struct nx_buf b = NX_BUF_INIT;
	struct nx_str a = {NULL, 0};

	ck_assert_int_eq(nx_text_reasoning(&b, &a, s, strlen(s)), got);
	if (got == 1) {
		ck_assert_uint_eq(b.len, strlen(think));
		if (b.len > 0)
			ck_assert_mem_eq(b.data, think, b.len);
		ck_assert_uint_eq(a.len, strlen(answer));
		ck_assert_mem_eq(a.s, answer, a.len);
	}
	nx_buf_free(&b);
}

START_TEST(test_text_reasoning_think_and_open_webui_blocks)
{
	split("<think>\nstep one\n</think>\n\nAnswer.", 1, "step one",
	    "Answer.");
	split("  <think></think>Answer.", 1, "", "Answer.");
	split("<details type=\"reasoning\" done=\"true\" duration=\"2\">\n"
	      "<summary>Thought for 2 seconds</summary>\n> a\n>\n> b\n"
	      "</details>\nAnswer.",
	    1, "a\n\nb", "Answer.");
	/* not leading, not closed, or another details block: no split */
	split("Answer <think>x</think>", 0, NULL, NULL);
	split("<think>never closed", 0, NULL, NULL);
	split("<details type=\"tool_calls\">x</details>y", 0, NULL, NULL);
}
END_TEST

Suite *
text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_text_length_counts_code_points_like_python);
	tcase_add_test(
	    tc, test_text_utf8_rejects_overlong_surrogate_and_truncated);
	tcase_add_test(
	    tc, test_text_normalize_folds_case_and_romanian_diacritics);
	tcase_add_test(tc, test_text_normalize_nfkc_and_punctuation);
	tcase_add_test(tc, test_text_normalize_rejects_invalid_utf8);
	tcase_add_test(tc, test_text_uncite_private_use_spans);
	tcase_add_test(tc, test_text_uncite_bracketed_sources);
	tcase_add_test(tc, test_text_reasoning_think_and_open_webui_blocks);
	tcase_add_test(tc, test_text_normalize_fast_path_equals_utf8proc);
	suite_add_tcase(s, tc);
	return s;
}
