#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_nx.h"
#include "files.h"

static const char *dir;

static void
touch(const char *rel)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fclose(f);
}

static void
setup(void)
{
	char path[256];

	dir = check_tmpdir();
	snprintf(path, sizeof(path), "%s/sub", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	touch("sub/b.json");
	touch("a.jsonl");
	touch("z.zip");
	touch("notes.txt");
	touch(".hidden.json");
	touch("sub/c.json.bak");
}

static void
teardown(void)
{
	check_tmpdir_remove();
}

/* nx_files_find on one operand: the folder, then suffix; its status. */
static int
find_in(struct nx_files *fs, const char *suffix)
{
	char operand[128];
	char *ops[] = {operand};
	int status = 0;

	snprintf(operand, sizeof(operand), "%s%s", dir, suffix);
	nx_files_find(fs, ops, 1, &status);
	return status;
}

START_TEST(test_files_walk_sorts_and_names_below_the_folder)
{
	struct nx_files fs = {NULL, 0, 0};
	char path[128];

	/* A trailing slash does not change the names. */
	ck_assert_int_eq(find_in(&fs, "//"), 0);
	ck_assert_uint_eq(fs.n, 3); /* no .txt, no hidden file, no .bak */
	ck_assert_str_eq(fs.v[0].name, "a.jsonl");
	ck_assert_str_eq(fs.v[1].name, "sub/b.json");
	ck_assert_str_eq(fs.v[2].name, "z.zip");
	snprintf(path, sizeof(path), "%s/sub/b.json", dir);
	ck_assert_str_eq(fs.v[1].path, path);
	for (size_t i = 0; i < fs.n; i++)
		ck_assert_ptr_null(fs.v[i].entry);
	nx_files_free(&fs);
	ck_assert_uint_eq(fs.n, 0);
}
END_TEST

START_TEST(test_files_other_operands_are_kept_as_given)
{
	struct nx_files fs = {NULL, 0, 0};
	char a[] = "-", b[] = "some/where/x.txt", c[] = "plain.json";
	char *ops[] = {a, b, c};
	int status = 0;

	nx_files_find(&fs, ops, 3, &status);
	ck_assert_int_eq(status, 0);
	ck_assert_uint_eq(fs.n, 3);
	ck_assert_str_eq(fs.v[0].path, "-");
	ck_assert_str_eq(fs.v[0].name, "<stdin>");
	ck_assert_str_eq(fs.v[1].path, "some/where/x.txt");
	ck_assert_str_eq(fs.v[1].name, "x.txt");
	ck_assert_str_eq(fs.v[2].name, "plain.json");
	nx_files_free(&fs);
}
END_TEST

START_TEST(test_files_link_loop_stops_and_sets_the_status)
{
	struct nx_files fs = {NULL, 0, 0};
	char link[128];

	/* sub/up is the folder again: the walk stops at its depth limit,
	 * says so and marks the run bad, never loops forever. */
	snprintf(link, sizeof(link), "%s/sub/up", dir);
	ck_assert_int_eq(symlink("..", link), 0);
	ck_assert_int_eq(find_in(&fs, ""), 1);
	ck_assert_uint_gt(fs.n, 3);
	ck_assert_str_eq(fs.v[0].name, "a.jsonl");
	nx_files_free(&fs);
}
END_TEST

Suite *
files_suite(void)
{
	Suite *s = suite_create("files");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_files_walk_sorts_and_names_below_the_folder);
	tcase_add_test(tc, test_files_other_operands_are_kept_as_given);
	tcase_add_test(tc, test_files_link_loop_stops_and_sets_the_status);
	suite_add_tcase(s, tc);
	return s;
}
