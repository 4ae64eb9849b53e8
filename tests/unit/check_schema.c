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

/* --- learning from the text, as from the tree ----------------------------- */

/* Feed line to a (the tree jansson makes of it) and b (the text); both
 * must then hold the same fields with the same types in the same order. */
static void
learn_both(struct nx_schema *a, struct nx_schema *b, const char *line,
    size_t len)
{
	struct nx_buf fa = NX_BUF_INIT, fb = NX_BUF_INIT;
	json_t *root = json_loadb(line, len, JSON_ALLOW_NUL, NULL);

	ck_assert_int_eq(nx_schema_add(a, root), 0);
	json_decref(root);
	ck_assert_int_eq(nx_schema_add_text(b, line, len), 0);
	ck_assert_uint_eq(nx_schema_fields(a, &fa), nx_schema_fields(b, &fb));
	ck_assert_msg(strcmp(fa.data, fb.data) == 0,
	    "after %.*s\ntree: %s\ntext: %s", (int)len, line, fa.data, fb.data);
	nx_buf_free(&fa);
	nx_buf_free(&fb);
}

START_TEST(test_schema_text_takes_back_a_row_jansson_refuses)
{
	/* Each row after the first is one the scanner cannot vouch for
	 * after it has walked part of it: jansson decides, and what the walk
	 * noted on the way (new fields, new types of old ones) is gone. */
	static const char *const lines[] = {
	    "{\"metadata\":{\"ts\":1,\"l\":[1]},\"prompt\":\"p\"}",
	    "{\"metadata\":{\"ts\":\"x\",\"new\":[true]},\"prompt\":tru}",
	    "{\"metadata\":{\"ts\":\"x\",\"n2\":{}},\"big\":123456789012345678901}",
	    "{\"metadata\":{\"ts\":[],\"huge\":1e400}}",
	    "{\"metadata\":{\"ts\":{},\"ts\":2},\"k\":1}",
	    "{\"metadata\":{\"l\":[\"s\"],\"k\\u00e9\":1},\"k\u00e9\":\"2\"}",
	    "{\"metadata\":{\"nul\":\"a\\u0000b\",\"ts\":false}}",
	    "{\"metadata\":{\"ts\":\"\xff\"}}",
	    "[{\"metadata\":1}]",
	    "{\"metadata\":{\"ts\":\"late\"}} x",
	    /* the same steps as the row before, under another parent */
	    "{\"metadata\":{\"a\":{\"x\":1}}}",
	    "{\"metadata\":{\"b\":{\"x\":\"s\"}}}",
	};
	struct nx_schema *a = nx_schema_new(), *b = nx_schema_new();
	struct nx_buf names = NX_BUF_INIT;

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		learn_both(a, b, lines[i], strlen(lines[i]));
	/* jansson's verdicts, row by row: "tru", the long integer, the
	 * overflowing real, the stray text and the top-level list teach
	 * nothing, a duplicate key its last value, the escaped key its
	 * decoded name, the NUL its string, the bad UTF-8 nothing. */
	ck_assert_uint_eq(nx_schema_fields(b, &names), 13);
	ck_assert_str_eq(names.data,
	    "metadata (object), metadata.ts (number, boolean), metadata.l "
	    "(array), metadata.l[] (string, number), prompt (string), k "
	    "(number), metadata.k\xc3\xa9 (number), k\xc3\xa9 (string), "
	    "metadata.nul (string), metadata.a (object), metadata.a.x "
	    "(number), metadata.b (object), metadata.b.x (string)");
	nx_schema_free(a);
	nx_schema_free(b);
	nx_buf_free(&names);
}
END_TEST

static unsigned long rng_state;

static unsigned
rng(unsigned n)
{
	rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(rng_state >> 33) % n;
}

static void
add(struct nx_buf *b, const char *s)
{
	ck_assert_int_eq(nx_buf_adds(b, s), 0);
}

/* Somewhere white space goes: mostly none, as our writers write. */
static void
space(struct nx_buf *b, int spaced)
{
	if (spaced && rng(3) == 0)
		add(b, rng(2) ? " " : "\n\t ");
}

static void random_value(struct nx_buf *b, int depth, int spaced);

static void
random_object(struct nx_buf *b, int depth, int spaced)
{
	/* a few names, so that paths meet again; some escaped, one empty,
	 * one the escaped one's decoded text; repeats make duplicates */
	static const char *const keys[] = {"a", "b", "ts", "list", "o", "",
	    "k\\u00e9", "k\xc3\xa9", "role", "content"};
	unsigned n = rng(5), used = 0;

	add(b, "{");
	for (unsigned i = 0; i < n; i++) {
		unsigned k = rng(10);

		if (rng(8) != 0) /* mostly no duplicates */
			while (used & (1u << k))
				k = (k + 1) % 10;
		used |= 1u << k;
		if (i > 0)
			add(b, ",");
		space(b, spaced);
		add(b, "\"");
		add(b, keys[k]);
		add(b, "\"");
		space(b, spaced);
		add(b, ":");
		space(b, spaced);
		random_value(b, depth + 1, spaced);
		space(b, spaced);
	}
	add(b, "}");
}

static void
random_value(struct nx_buf *b, int depth, int spaced)
{
	static const char *const scalars[] = {"\"text\"", "\"\"",
	    "\"caf\xc3\xa9 \\\"q\\\" \\n\"", "\"\\u0000\"", "\"\\ud83d\\ude00\"",
	    "0", "-12", "3.25", "1e5", "-0.5E-3", "12345678901234",
	    "123456789012345678901", "1e400", "true", "false", "null", "null"};
	unsigned r = depth > 4 ? 1 : rng(8);

	if (r == 0) {
		unsigned n = rng(4);

		add(b, "[");
		for (unsigned i = 0; i < n; i++) {
			if (i > 0)
				add(b, ",");
			space(b, spaced);
			random_value(b, depth + 1, spaced);
		}
		add(b, "]");
	} else if (r == 2)
		random_object(b, depth, spaced);
	else
		add(b, scalars[rng(sizeof(scalars) / sizeof(scalars[0]))]);
}

/* A row shaped like our writers' (messages, metadata, tools), with
 * random metadata and tools; now and then spaced, nested past the
 * scanner's depth, or cut short. */
static void
random_row(struct nx_buf *b)
{
	int spaced = rng(10) == 0;

	nx_buf_reset(b);
	add(b, "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"}");
	if (rng(4) == 0)
		add(b, ",{\"role\":\"assistant\",\"content\":null,\"tool_calls\":"
		       "[{\"id\":\"c1\",\"function\":{\"name\":\"f\",\"arguments\":"
		       "\"{}\"}}]}");
	add(b, "]");
	if (rng(3) == 0) {
		add(b, ",\"tools\":[");
		random_value(b, 2, spaced);
		add(b, "]");
	}
	if (rng(5) != 0) {
		add(b, ",\"metadata\":");
		random_object(b, 1, spaced);
	}
	if (rng(40) == 0) {
		add(b, ",\"deep\":");
		for (int i = 0; i < 70; i++)
			add(b, "[");
		for (int i = 0; i < 70; i++)
			add(b, "]");
	}
	if (rng(8) == 0)
		add(b, ",\"label\":true");
	add(b, "}\n");
	if (rng(50) == 0)
		b->len = rng((unsigned)b->len);
}

START_TEST(test_schema_text_learns_as_the_tree)
{
	struct nx_schema *a = nx_schema_new(), *b = nx_schema_new();
	struct nx_buf row = NX_BUF_INIT, names = NX_BUF_INIT,
		      other = NX_BUF_INIT;

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(nx_schema_keep(a, "tools"), 0);
	ck_assert_int_eq(nx_schema_keep(b, "tools"), 0);
	rng_state = 22;
	for (int i = 0; i < 2000; i++) {
		random_row(&row);
		learn_both(a, b, row.data, row.len);
	}
	/* the rows were varied enough to learn many fields and conflicts,
	 * which both tell alike */
	ck_assert_uint_gt(nx_schema_fields(b, &names), 40);
	ck_assert_uint_gt(nx_schema_conflicts(b, &names, 0), 10);
	ck_assert_uint_gt(nx_schema_conflicts(b, &names, 1), 3);
	ck_assert_uint_eq(nx_schema_conflicts(a, &other, 0),
	    nx_schema_conflicts(b, &names, 0));
	ck_assert_str_eq(other.data, names.data);
	ck_assert_uint_eq(nx_schema_conflicts(a, &other, 1),
	    nx_schema_conflicts(b, &names, 1));
	ck_assert_str_eq(other.data, names.data);
	nx_schema_free(a);
	nx_schema_free(b);
	nx_buf_free(&row);
	nx_buf_free(&names);
	nx_buf_free(&other);
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
	tcase_add_test(tc, test_schema_text_takes_back_a_row_jansson_refuses);
	tcase_add_test(tc, test_schema_text_learns_as_the_tree);
	suite_add_tcase(s, tc);
	return s;
}
