#include <string.h>

#include "check_nx.h"
#include "schema.h"

/* Learn each line, then fix line k into out. */
static size_t
run(const char *const *lines, size_t n, struct nx_buf *names,
    struct nx_buf *out, size_t k)
{
	struct nx_schema *sc = nx_schema_new();
	struct nx_error err;
	size_t conflicts;

	ck_assert_ptr_nonnull(sc);
	for (size_t i = 0; i < n; i++) {
		json_t *root = json_loads(lines[i], 0, NULL);

		ck_assert_int_eq(nx_schema_add(sc, root), 0);
		json_decref(root);
	}
	conflicts = nx_schema_conflicts(sc, names, 0);
	ck_assert_int_ge(nx_schema_fix(sc, out, lines[k], strlen(lines[k]), &err), 0);
	nx_schema_free(sc);
	return conflicts;
}

START_TEST(test_schema_follows_arrow_rules)
{
	/* null goes with anything, integers with reals, objects field by
	 * field: nothing to change. */
	static const char *const ok[] = {
	    "{\"metadata\":{\"ts\":1,\"o\":{\"a\":\"x\"},\"l\":[1,2]}}",
	    "{\"metadata\":{\"ts\":1.5,\"o\":{\"b\":true},\"l\":[]}}",
	    "{\"metadata\":{\"ts\":null,\"o\":null,\"l\":[null,3.0]}}",
	    "{\"prompt\":\"no metadata\"}",
	};
	struct nx_buf names = NX_BUF_INIT, out = NX_BUF_INIT;

	ck_assert_uint_eq(run(ok, 4, &names, &out, 0), 0);
	ck_assert_uint_eq(out.len, strlen(ok[0]));
	ck_assert_int_eq(memcmp(out.data, ok[0], out.len), 0);
	nx_buf_free(&names);
	nx_buf_free(&out);
}
END_TEST

START_TEST(test_schema_makes_mixed_fields_strings)
{
	static const char *const mixed[] = {
	    "{\"metadata\":{\"ts\":\"2026-01-02\",\"o\":{\"a\":1},\"l\":[1]}}",
	    "{\"prompt\":\"p\",\"metadata\":{\"ts\":1767348300.5,\"o\":{\"a\":[2]},"
	    "\"l\":[\"x\",2],\"k\":true}}",
	};
	struct nx_buf names = NX_BUF_INIT, out = NX_BUF_INIT;

	ck_assert_uint_eq(run(mixed, 2, &names, &out, 1), 3);
	ck_assert_str_eq(names.data, "metadata.ts (string, number), metadata.o.a "
				     "(number, array), metadata.l[] (string, number)");
	ck_assert_uint_eq(out.len,
	    strlen("{\"prompt\":\"p\",\"metadata\":{\"ts\":\"1767348300.5\","
		   "\"o\":{\"a\":\"[2]\"},\"l\":[\"x\",\"2\"],\"k\":true}}"));
	ck_assert_int_eq(memcmp(out.data,
			     "{\"prompt\":\"p\",\"metadata\":{\"ts\":\"1767348300.5\","
			     "\"o\":{\"a\":\"[2]\"},\"l\":[\"x\",\"2\"],\"k\":true}}",
			     out.len),
	    0);
	nx_buf_free(&names);
	nx_buf_free(&out);
}
END_TEST

START_TEST(test_schema_every_column_and_kept_ones)
{
	/* A top-level column whose type varies is made a string like a
	 * metadata field; a kept column is only reported. */
	static const char *const lines[] = {
	    "{\"id\":7,\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],"
	    "\"tools\":[{\"enum\":[1]}]}",
	    "{\"id\":\"x-8\",\"messages\":[{\"role\":\"user\",\"content\":\"b\","
	    "\"n\":[1]}],\"tools\":[{\"enum\":[\"a\"]}],\"n\":{\"k\":1}}",
	    "{\"messages\":[{\"role\":\"user\",\"content\":\"c\",\"n\":2}],\"n\":[]}",
	};
	struct nx_schema *sc = nx_schema_new();
	struct nx_buf names = NX_BUF_INIT, out = NX_BUF_INIT;
	struct nx_error err;
	const char *want = "{\"id\":\"7\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],"
			   "\"tools\":[{\"enum\":[1]}]}";

	ck_assert_ptr_nonnull(sc);
	ck_assert_int_eq(nx_schema_keep(sc, "tools"), 0);
	for (size_t i = 0; i < 3; i++) {
		json_t *root = json_loads(lines[i], 0, NULL);

		ck_assert_int_eq(nx_schema_add(sc, root), 0);
		json_decref(root);
	}
	ck_assert_uint_eq(nx_schema_conflicts(sc, &names, 0), 3);
	ck_assert_str_eq(names.data, "id (string, number), messages[].n (number, "
				     "array), n (object, array)");
	ck_assert_uint_eq(nx_schema_conflicts(sc, &names, 1), 1);
	ck_assert_str_eq(names.data, "tools[].enum[] (string, number)");
	ck_assert_int_eq(nx_schema_fix(sc, &out, lines[0], strlen(lines[0]), &err), 1);
	ck_assert_uint_eq(out.len, strlen(want));
	ck_assert_int_eq(memcmp(out.data, want, out.len), 0);
	nx_schema_free(sc);
	nx_buf_free(&names);
	nx_buf_free(&out);
}
END_TEST

Suite *
schema_suite(void)
{
	Suite *s = suite_create("schema");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_schema_follows_arrow_rules);
	tcase_add_test(tc, test_schema_makes_mixed_fields_strings);
	tcase_add_test(tc, test_schema_every_column_and_kept_ones);
	suite_add_tcase(s, tc);
	return s;
}
