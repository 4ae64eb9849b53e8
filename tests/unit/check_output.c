#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_nx.h"
#include "output.h"

static char dir[] = "/tmp/check_output.XXXXXX";

static void
setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
	memcpy(dir + strlen(dir) - 6, "XXXXXX", 6);
}

static int
count_files(void)
{
	char cmd[96];
	FILE *p;
	int n;

	snprintf(cmd, sizeof(cmd), "ls -A %s | wc -l", dir);
	p = popen(cmd, "r");
	ck_assert_int_eq(fscanf(p, "%d", &n), 1);
	pclose(p);
	return n;
}

START_TEST(test_output_appears_only_when_committed)
{
	char path[128];
	struct nx_output *o;
	struct nx_error err;
	struct stat sb;

	snprintf(path, sizeof(path), "%s/out.jsonl", dir);
	ck_assert_int_eq(nx_output_open(&o, path, &err), 0);
	fputs("{}\n", nx_output_stream(o));
	ck_assert_int_eq(stat(path, &sb), -1);
	ck_assert_int_eq(count_files(), 1); /* the temporary */
	ck_assert_int_eq(nx_output_commit(o, &err), 0);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_size, 3);
	ck_assert_int_eq(count_files(), 1);
}
END_TEST

START_TEST(test_output_abort_keeps_the_old_file)
{
	char path[128];
	struct nx_output *o;
	struct nx_error err;
	struct stat sb;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/keep.jsonl", dir);
	fp = fopen(path, "w");
	fputs("old\n", fp);
	fclose(fp);
	ck_assert_int_eq(nx_output_open(&o, path, &err), 0);
	fputs("new, longer content\n", nx_output_stream(o));
	nx_output_abort(o);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_size, 4);
	ck_assert_int_eq(count_files(), 1);
}
END_TEST

START_TEST(test_output_reports_unwritable_directory)
{
	struct nx_output *o;
	struct nx_error err;

	ck_assert_int_eq(
	    nx_output_open(&o, "/nonexistent/dir/x.jsonl", &err), -1);
	ck_assert_ptr_null(o);
	ck_assert_str_eq(err.msg,
	    "open /nonexistent/dir/x.jsonl: No such file or directory");
}
END_TEST

Suite *
output_suite(void)
{
	Suite *s = suite_create("output");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_output_appears_only_when_committed);
	tcase_add_test(tc, test_output_abort_keeps_the_old_file);
	tcase_add_test(tc, test_output_reports_unwritable_directory);
	suite_add_tcase(s, tc);
	return s;
}
