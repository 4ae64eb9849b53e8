#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "check_nx.h"
#include "record.h"
#include "scan.h"

static int
jansson_accepts(const char *s, size_t n)
{
	json_t *v = json_loadb(s, n, JSON_REJECT_DUPLICATES, NULL);
	int ok = json_is_object(v);

	json_decref(v);
	return ok;
}

START_TEST(test_scan_accepts_only_what_jansson_accepts)
{
	static const char *const texts[] = {
	    "{}",
	    " {\"a\" : [1, -2.5e3, true, false, null, {\"b\":{}}]} ",
	    "{\"s\":\"\\u00e9\\ud83d\\ude42\\n\\\"\"}",
	    "{\"a\":1,\"a\":2}",
	    "{\"a\":{\"k\":1,\"k\":2}}",
	    "{\"a\":{\"k\":1},\"b\":{\"k\":1}}",
	    "{\"a\":\"\\ud800\"}",
	    "{\"a\":\"\\udc00\"}",
	    "{\"a\":\"\\u0000\"}",
	    "{\"a\":\"\x01\"}",
	    "{\"a\":\"\xC3\x28\"}",
	    "{\"a\":\"\xE0\x80\xAF\"}",
	    "{\"a\":\"\xED\xA0\x80\"}",
	    "{\"a\":01}",
	    "{\"a\":1.}",
	    "{\"a\":.5}",
	    "{\"a\":1e400}",
	    "{\"a\":123456789012345678901234}",
	    "{\"a\":-}",
	    "{\"a\":1} x",
	    "{\"a\":1}{}",
	    "[1]",
	    "\"s\"",
	    "{\"a\":tru}",
	    "{\"a\" 1}",
	    "{\"a\":1,}",
	    "{\"a\":[1,]}",
	    "{,}",
	    "{\"a\":\"\\x\"}",
	    "{\"\\u0061\":1,\"a\":2}",
	    "{\"a\":\"unterminated}",
	    "",
	    "{\"a\":1e5,\"b\":-0,\"c\":0.25E-2}",
	};

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		size_t n = strlen(texts[i]);

		if (nx_scan_object(texts[i], n, NULL, 0))
			ck_assert_msg(jansson_accepts(texts[i], n),
			    "scan accepted what jansson refuses: %s", texts[i]);
	}
	ck_assert_int_eq(nx_scan_object("{}", 2, NULL, 0), 1);
	ck_assert_int_eq(nx_scan_object("{\"a\":1,\"a\":2}", 13, NULL, 0), 0);
}
END_TEST

/* Mutate valid lines at random (fixed seed): never more lenient. */
START_TEST(test_scan_is_never_more_lenient_than_jansson_on_mutations)
{
	static const char base[] =
	    "{\"id\":\"x\",\"prompt\":\"Ce e RAG? \\u0103\",\"completion\":"
	    "\"Bun\xC4\x83 "
	    "\\\"ziua\\\"\\n\",\"metadata\":{\"n\":[1,2.5,null]}}";
	static const char alphabet[] = "{}[]\",:\\u0123456789eE.-+ tfnrl\x01"
				       "\xC3\xA9\xED\xA0\xFF";
	char buf[sizeof(base) + 8];
	unsigned long long state = 42;
	int accepted = 0;

	for (int iter = 0; iter < 200000; iter++) {
		size_t n = sizeof(base) - 1;

		memcpy(buf, base, n);
		for (int k = 0; k < 1 + iter % 3; k++) {
			state = state * 6364136223846793005ULL +
			    1442695040888963407ULL;
			size_t pos = (size_t)(state >> 33) % n;
			char c =
			    alphabet[(state >> 20) % (sizeof(alphabet) - 1)];

			buf[pos] = c;
		}
		if (nx_scan_object(buf, n, NULL, 0)) {
			accepted++;
			ck_assert_msg(jansson_accepts(buf, n),
			    "scan accepted what jansson refuses: %.*s", (int)n,
			    buf);
		}
	}
	ck_assert_int_gt(accepted, 100);
}
END_TEST

START_TEST(test_scan_view_equals_parsed_view)
{
	static const char line[] = "{\"id\":\"a\\/b\",\"prompt\":\"Îți "
				   "\\\"place\\\"?\\t\\ud83d\\ude42\","
				   "\"completion\":\"Da.\\nLinia \\u0219i "
				   "\\u021b\\\\\",\"system\":null,"
				   "\"metadata\":{\"x\":1}}";
	struct nx_record a, b;
	struct nx_error err;

	nx_record_init(&a);
	nx_record_init(&b);
	ck_assert_int_eq(nx_record_scan(&a, line, strlen(line)), 1);
	ck_assert_int_eq(nx_record_parse(&b, line, strlen(line), &err), 0);
	ck_assert_uint_eq(a.prompt.len, b.prompt.len);
	ck_assert_int_eq(memcmp(a.prompt.s, b.prompt.s, a.prompt.len), 0);
	ck_assert_uint_eq(a.completion.len, b.completion.len);
	ck_assert_int_eq(
	    memcmp(a.completion.s, b.completion.s, a.completion.len), 0);
	ck_assert_uint_eq(a.id.len, 3);
	ck_assert_int_eq(memcmp(a.id.s, "a/b", 3), 0);
	ck_assert_ptr_null(a.system.s);
	ck_assert_ptr_null(a.root);
	nx_record_free(&a);
	nx_record_free(&b);
}
END_TEST

/*
 * A line as Python's json.dumps writes it (", " and ": ", nested metadata)
 * takes the fast path, and its metadata is what a compact writer writes:
 * jansson's compact dump of the parsed tree, strings untouched.
 */
START_TEST(test_scan_minifies_spaced_metadata)
{
	static const char line[] =
	    "{\"prompt\": \"Ce este RAG?\", \"completion\": \"Regăsire.\", "
	    "\"metadata\": {\"source\": {\"tool\": \"x\", \"n\": [1, 2.5, "
	    "null]}, \"note\": \"a \\\" b, c: d \", \"ok\": true}}";
	struct nx_record a, b;
	struct nx_error err;
	char *want;

	nx_record_init(&a);
	nx_record_init(&b);
	ck_assert_int_eq(nx_record_scan(&a, line, strlen(line)), 1);
	ck_assert_int_eq(nx_record_parse(&b, line, strlen(line), &err), 0);
	want = json_dumps(b.metadata, JSON_COMPACT | JSON_PRESERVE_ORDER);
	ck_assert_ptr_nonnull(want);
	ck_assert_uint_eq(a.metadata_raw.len, strlen(want));
	ck_assert_mem_eq(a.metadata_raw.s, want, strlen(want));
	free(want);
	nx_record_free(&a);
	nx_record_free(&b);
}
END_TEST

START_TEST(test_scan_leaves_other_shapes_to_the_parser)
{
	static const char *const lines[] = {
	    "{\"messages\":[]}",
	    "{\"prompt\":\"p\",\"completion\":\"c\",\"context\":[]}",
	    "{\"prompt\":1,\"completion\":\"c\"}",
	    "{\"prompt\":\"p\",\"completion\":\"c\",\"id\":7}",
	};
	struct nx_record rec;

	nx_record_init(&rec);
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		ck_assert_int_eq(
		    nx_record_scan(&rec, lines[i], strlen(lines[i])), 0);
	nx_record_free(&rec);
}
END_TEST

START_TEST(test_scan_decodes_escapes)
{
	static const char text[] =
	    "{\"s\":\"a\\u0103\xC8\x99\\ud83d\\ude42\\n\"}";
	struct nx_scan_field f = {.key = "s"};
	char out[sizeof(text)];
	size_t n;

	ck_assert_int_eq(nx_scan_object(text, strlen(text), &f, 1), 1);
	ck_assert_int_eq(f.type, NX_SCAN_STRING);
	ck_assert_int_eq(f.escaped, 1);
	n = nx_scan_decode(out, &f); /* a ă ș 🙂 \n */
	ck_assert_uint_eq(n, 10);
	ck_assert_mem_eq(out, "a\xC4\x83\xC8\x99\xF0\x9F\x99\x82\n", 10);
}
END_TEST

Suite *
scan_suite(void)
{
	Suite *s = suite_create("scan");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_scan_accepts_only_what_jansson_accepts);
	tcase_add_test(
	    tc, test_scan_is_never_more_lenient_than_jansson_on_mutations);
	tcase_add_test(tc, test_scan_view_equals_parsed_view);
	tcase_add_test(tc, test_scan_minifies_spaced_metadata);
	tcase_add_test(tc, test_scan_leaves_other_shapes_to_the_parser);
	tcase_add_test(tc, test_scan_decodes_escapes);
	suite_add_tcase(s, tc);
	return s;
}
