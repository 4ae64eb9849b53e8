#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_nx.h"
#include "reader.h"

/* Read every line of data; returns them joined with '|', status in *last. */
static char *
read_all(
    const char *data, size_t len, size_t max_line, long *nlines, int *longs)
{
	struct nx_reader *r;
	struct nx_error err;
	struct nx_line line;
	const char *path = check_tmpfile(data, len);
	static char out[1 << 20];
	size_t o = 0;
	int rc;

	*nlines = 0;
	*longs = 0;
	ck_assert_int_eq(nx_reader_open(&r, path, max_line, &err), 0);
	while ((rc = nx_reader_next(r, &line, &err)) > 0) {
		ck_assert_int_eq(line.lineno, *nlines + 1);
		(*nlines)++;
		if (rc == NX_READ_LONG) {
			(*longs)++;
			ck_assert_ptr_null(line.data);
			continue;
		}
		if (o > 0)
			out[o++] = '|';
		ck_assert_uint_lt(o + line.len, sizeof(out));
		memcpy(out + o, line.data, line.len);
		o += line.len;
	}
	ck_assert_int_eq(rc, NX_READ_EOF);
	out[o] = '\0';
	nx_reader_close(r);
	unlink(path);
	return out;
}

START_TEST(test_reader_splits_lf_and_crlf)
{
	long n;
	int longs;
	const char *s = read_all("a\r\nbb\n\nccc\r\n", 12, 0, &n, &longs);

	ck_assert_str_eq(s, "a|bb||ccc");
	ck_assert_int_eq(n, 4);
}
END_TEST

START_TEST(test_reader_keeps_last_line_without_newline)
{
	long n;
	int longs;

	ck_assert_str_eq(read_all("x\ny", 3, 0, &n, &longs), "x|y");
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(read_all("", 0, 0, &n, &longs), "");
	ck_assert_int_eq(n, 0);
}
END_TEST

START_TEST(test_reader_strips_bom_of_first_line_only)
{
	long n;
	int longs;

	ck_assert_str_eq(
	    read_all("\xEF\xBB\xBFx\n\xEF\xBB\xBFy\n", 10, 0, &n, &longs),
	    "x|\xEF\xBB\xBFy");
}
END_TEST

START_TEST(test_reader_reads_lines_longer_than_its_buffer)
{
	size_t len = 3 * 100000 + 3;
	char *data = malloc(len);
	long n;
	int longs;
	const char *s;

	memset(data, 'q', len);
	data[100000] = data[200001] = data[300002] = '\n';
	s = read_all(data, len, 0, &n, &longs);
	ck_assert_int_eq(n, 3);
	ck_assert_uint_eq(strlen(s), 300002);
	free(data);
}
END_TEST

START_TEST(test_reader_skips_line_over_limit_and_goes_on)
{
	size_t len = 500000;
	char *data = malloc(len);
	long n;
	int longs;
	const char *s;

	memset(data, 'z', len);
	memcpy(data, "ok\n", 3);
	data[len - 4] = '\n';
	memcpy(data + len - 3, "end", 3);
	s = read_all(data, len, 1000, &n, &longs);
	ck_assert_str_eq(s, "ok|end");
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(longs, 1);
	free(data);
}
END_TEST

START_TEST(test_reader_reports_missing_file)
{
	struct nx_reader *r;
	struct nx_error err;

	ck_assert_int_eq(
	    nx_reader_open(&r, "/nonexistent/x.jsonl", 0, &err), -1);
	ck_assert_ptr_null(r);
	ck_assert_str_eq(
	    err.msg, "open /nonexistent/x.jsonl: No such file or directory");
}
END_TEST

Suite *
reader_suite(void)
{
	Suite *s = suite_create("reader");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_reader_splits_lf_and_crlf);
	tcase_add_test(tc, test_reader_keeps_last_line_without_newline);
	tcase_add_test(tc, test_reader_strips_bom_of_first_line_only);
	tcase_add_test(tc, test_reader_reads_lines_longer_than_its_buffer);
	tcase_add_test(tc, test_reader_skips_line_over_limit_and_goes_on);
	tcase_add_test(tc, test_reader_reports_missing_file);
	suite_add_tcase(s, tc);
	return s;
}
