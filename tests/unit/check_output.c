#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_nx.h"
#include "output.h"

static const char *dir;

static void
setup(void)
{
	dir = check_tmpdir();
}

static void
teardown(void)
{
	check_tmpdir_remove();
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

static void
put_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
}

static void
assert_file(const char *path, const char *text)
{
	char got[64] = "";
	FILE *fp = fopen(path, "r");

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_ge(fread(got, 1, sizeof(got) - 1, fp), 0);
	fclose(fp);
	ck_assert_str_eq(got, text);
}

/* A rename that fails after another succeeded: the first is put back. */
START_TEST(test_output_commit_all_puts_back_on_a_failed_rename)
{
	char a[128], b[128], c[128];
	struct nx_output *outs[3];
	struct nx_error err;
	struct stat sb;

	snprintf(a, sizeof(a), "%s/a.jsonl", dir);
	snprintf(b, sizeof(b), "%s/b.jsonl", dir);
	snprintf(c, sizeof(c), "%s/c.jsonl", dir);
	put_file(a, "old a\n");
	put_file(b, "old b\n");
	ck_assert_int_eq(nx_output_open(&outs[0], a, &err), 0);
	ck_assert_int_eq(nx_output_open(&outs[1], c, &err), 0);
	ck_assert_int_eq(nx_output_open(&outs[2], b, &err), 0);
	for (int i = 0; i < 3; i++)
		fputs("new\n", nx_output_stream(outs[i]));
	/* b's temporary file vanishes: its rename fails, after a's and c's. */
	ck_assert_int_eq(unlink(nx_output_temp_path(outs[2])), 0);
	ck_assert_int_eq(nx_output_commit_all(outs, 3, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "rename"));
	assert_file(a, "old a\n");
	assert_file(b, "old b\n");
	ck_assert_int_eq(stat(c, &sb), -1);
	ck_assert_int_eq(count_files(), 2);
}
END_TEST

/* A rewritten file keeps its mode; a new private one is 0600. */
START_TEST(test_output_keeps_mode_and_makes_private_files_0600)
{
	char a[128], p[128];
	struct nx_output *o;
	struct nx_error err;
	struct stat sb;

	snprintf(a, sizeof(a), "%s/a.jsonl", dir);
	snprintf(p, sizeof(p), "%s/p.jsonl", dir);
	put_file(a, "old\n");
	ck_assert_int_eq(chmod(a, 0640), 0);
	ck_assert_int_eq(nx_output_open(&o, a, &err), 0);
	ck_assert_int_eq(nx_output_commit(o, &err), 0);
	ck_assert_int_eq(stat(a, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 07777, 0640);
	ck_assert_int_eq(nx_output_open_private(&o, p, &err), 0);
	ck_assert_int_eq(nx_output_commit(o, &err), 0);
	ck_assert_int_eq(stat(p, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 07777, 0600);
}
END_TEST

/* An output naming an input, or another output not yet made: refused. */
START_TEST(test_output_distinct_refuses_the_same_file)
{
	char a[128], link[128], n1[128], n2[128];
	struct nx_error err;

	snprintf(a, sizeof(a), "%s/a.jsonl", dir);
	snprintf(link, sizeof(link), "%s/l.jsonl", dir);
	snprintf(n1, sizeof(n1), "%s/new.jsonl", dir);
	snprintf(n2, sizeof(n2), "%s/./new.jsonl", dir);
	put_file(a, "x\n");
	ck_assert_int_eq(symlink("a.jsonl", link), 0);
	{
		struct nx_path outs[] = {{"-o", link}, {"--rejects", NULL}};
		struct nx_path ins[] = {{"input", "-"}, {"input", a}};

		ck_assert_int_eq(nx_output_distinct(outs, 2, ins, 2, &err), -1);
		ck_assert_ptr_nonnull(strstr(err.msg, "is the same file as"));
	}
	{
		struct nx_path outs[] = {{"-o", n1}, {"--rejects", n2}};

		ck_assert_int_eq(
		    nx_output_distinct(outs, 2, NULL, 0, &err), -1);
	}
	{
		struct nx_path outs[] = {{"-o", n1}, {"--rejects", "-"}};
		struct nx_path ins[] = {{"input", a}};

		ck_assert_int_eq(nx_output_distinct(outs, 2, ins, 1, &err), 0);
	}
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
	tcase_add_test(tc, test_output_commit_all_puts_back_on_a_failed_rename);
	tcase_add_test(tc, test_output_keeps_mode_and_makes_private_files_0600);
	tcase_add_test(tc, test_output_distinct_refuses_the_same_file);
	suite_add_tcase(s, tc);
	return s;
}
