/* The unit suites, one per lib module, run by check_main.c. */
#ifndef CHECK_NX_H
#define CHECK_NX_H

#include <check.h>

Suite *buf_suite(void);
Suite *reader_suite(void);
Suite *jarray_suite(void);
Suite *text_suite(void);
Suite *record_suite(void);
Suite *format_suite(void);
Suite *reject_suite(void);
Suite *output_suite(void);
Suite *files_suite(void);
Suite *convread_suite(void);
Suite *scan_suite(void);
Suite *template_suite(void);
Suite *dedup_suite(void);
Suite *lang_suite(void);
Suite *safety_suite(void);
Suite *conv_suite(void);
Suite *alloc_suite(void);
Suite *paraphrase_suite(void);
Suite *tokenizer_suite(void);
Suite *schema_suite(void);
Suite *run_suite(void);
Suite *split_suite(void);
Suite *prefer_suite(void);
Suite *chunks_suite(void);

/*
 * How many rounds a randomised test runs: n under NX_TEST_DEEP=1 (the deep
 * label's run), an eighth of it in the quick run.
 */
int check_rounds(int n);

/*
 * ck_assert's test, for loops of many rounds: Check writes the place of
 * every passing ck_assert to its log (a system call and an allocation
 * each), which in such a loop is most of a suite's time.  check_assert
 * costs nothing while expr holds and fails the test as ck_assert does,
 * naming the expression, when it does not.
 */
#define check_assert(expr)                                                     \
	do {                                                                   \
		if (!(expr))                                                   \
			ck_abort_msg("Assertion '%s' failed", #expr);          \
	} while (0)

/* Write len bytes to a new temporary file; returns its path (static). */
const char *check_tmpfile(const char *data, size_t len);

/* A new empty directory; its path (static: one at a time), removed with
 * everything in it by check_tmpdir_remove (a test's fixture). */
const char *check_tmpdir(void);
void check_tmpdir_remove(void);

#endif
