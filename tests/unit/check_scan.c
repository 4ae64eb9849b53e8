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
	int accepted = 0, rounds = check_rounds(200000);

	for (int iter = 0; iter < rounds; iter++) {
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
			if (!jansson_accepts(buf, n))
				ck_abort_msg("scan accepted what jansson "
					     "refuses: %.*s",
				    (int)n, buf);
		}
	}
	ck_assert_int_gt(accepted, rounds / 2000);
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

/* Scan and parse line; the two views must be the same. */
static void
assert_same_view(const char *line)
{
	struct nx_record a, b;
	struct nx_error err;

	nx_record_init(&a);
	nx_record_init(&b);
	ck_assert_msg(nx_record_scan(&a, line, strlen(line)) == 1,
	    "not scanned: %s", line);
	ck_assert_int_eq(nx_record_parse(&b, line, strlen(line), &err), 0);
	ck_assert_int_eq(a.shape, b.shape);
	ck_assert_mem_eq(a.prompt.s, b.prompt.s, a.prompt.len);
	ck_assert_uint_eq(a.prompt.len, b.prompt.len);
	ck_assert_uint_eq(a.completion.len, b.completion.len);
	ck_assert_mem_eq(a.completion.s, b.completion.s, a.completion.len);
	ck_assert_int_eq(a.system.s == NULL, b.system.s == NULL);
	if (a.system.s != NULL) {
		ck_assert_uint_eq(a.system.len, b.system.len);
		ck_assert_mem_eq(a.system.s, b.system.s, a.system.len);
	}
	ck_assert_int_eq(a.kind, b.kind);
	ck_assert_int_eq(a.label, b.label);
	ck_assert_uint_eq(a.rejected.len, b.rejected.len);
	if (a.rejected.len > 0)
		ck_assert_mem_eq(a.rejected.s, b.rejected.s, a.rejected.len);
	ck_assert_uint_eq(a.ncontext, b.ncontext);
	for (size_t i = 0; i < a.ncontext; i++) {
		ck_assert_int_eq(a.context[i].role, b.context[i].role);
		ck_assert_uint_eq(a.context[i].text.len, b.context[i].text.len);
		ck_assert_mem_eq(a.context[i].text.s, b.context[i].text.s,
		    a.context[i].text.len);
	}
	nx_record_free(&a);
	nx_record_free(&b);
}

/* Chat lines of plain messages take the fast path, with the parser's view. */
START_TEST(test_scan_reads_chat_as_the_parser_does)
{
	static const char *const lines[] = {
	    "{\"messages\":[{\"role\":\"user\",\"content\":\"Cine ești?\"},"
	    "{\"role\":\"assistant\",\"content\":\"Sunt NOVA.\"}]}",
	    "{\"messages\": [{\"role\": \"system\", \"content\": \"Fii "
	    "scurt.\"}, {\"role\": \"user\", \"content\": \"a\\nb \\u0219\"}, "
	    "{\"role\": \"assistant\", \"content\": \"c \\\"d\\\"\"}, "
	    "{\"role\": \"user\", \"content\": \"\\ud83d\\ude42?\"}, "
	    "{\"content\": \"Da.\", \"role\": \"assistant\"}], "
	    "\"metadata\": {\"k\": [1, 2]}}",
	};

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		assert_same_view(lines[i]);
}
END_TEST

/* Alpaca and ShareGPT lines take the fast path, with the parser's view:
 * compact, as json.dumps writes them, escapes and all. */
START_TEST(test_scan_reads_alpaca_and_sharegpt_as_the_parser_does)
{
	static const char *const lines[] = {
	    "{\"instruction\":\"Cine ești?\",\"input\":\"\",\"output\":"
	    "\"Sunt NOVA.\"}",
	    "{\"instruction\": \"Tradu:\", \"input\": \"bun\\u0103 "
	    "ziua\\n\", \"output\": \"good \\\"day\\\"\", \"system\": \"Fii "
	    "scurt.\", \"history\": [[\"a\", \"b\\tc\"], [\"\\ud83d\\ude42\", "
	    "\"d\"]], \"metadata\": {\"k\": [1, 2.5, null]}}",
	    "{ \"output\" : \"o\" , \"instruction\" : \"\" , \"input\" : "
	    "\"doar input\" , \"history\" : [ ] , \"id\" : \"x/1\" }",
	    "{\"instruction\":\"i\",\"input\":null,\"output\":\"o\","
	    "\"history\":null}",
	    "{\"conversations\":[{\"from\":\"human\",\"value\":\"Salut\"},"
	    "{\"from\":\"gpt\",\"value\":\"Bună!\"}]}",
	    "{\"conversations\": [{\"from\": \"system\", \"value\": \"s\"}, "
	    "{\"from\": \"human\", \"value\": \"a\\nb \\u0219\"}, {\"value\": "
	    "\"c \\\"d\\\"\", \"from\": \"gpt\"}, {\"from\": \"user\", "
	    "\"value\": \"q2\"}, {\"from\": \"assistant\", \"value\": "
	    "\"r2\"}], \"metadata\": {\"src\": \"x\"}, \"id\": \"7\"}",
	};

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		assert_same_view(lines[i]);
}
END_TEST

/* Neutral pairs and KTO lines, compact and as json.dumps spaces them. */
START_TEST(test_scan_reads_pairs_and_kto_as_the_parser_does)
{
	static const char *const lines[] = {
	    "{\"id\":\"p1\",\"prompt\":\"Cine ești?\",\"chosen\":\"Sunt "
	    "NOVA.\",\"rejected\":\"Nu știu.\",\"metadata\":{\"preference\":"
	    "\"regenerated\",\"chosen_id\":\"a\",\"rejected_id\":\"b\"}}",
	    "{\"id\": \"p2\", \"system\": \"s\", \"prompt\": \"q \\u0219\", "
	    "\"chosen\": \"c \\\"d\\\"\", \"rejected\": \"r\\nr\", "
	    "\"metadata\": {\"preference\": \"swipe\"}}",
	    "{\"prompt\":\"q\",\"completion\":\"c\",\"label\":true}",
	    "{\"prompt\": \"q\", \"completion\": \"c\\u0103\", \"label\": "
	    "false, \"metadata\": {\"preference\": \"rating\", "
	    "\"message_id\": \"m\"}}",
	};

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		assert_same_view(lines[i]);
}
END_TEST

/* 1 when line is left to the parser or read as the parser reads it. */
static int
scan_agrees(const char *line, size_t n)
{
	struct nx_record a, b;
	struct nx_error err;
	int ok = 1;

	nx_record_init(&a);
	nx_record_init(&b);
	if (nx_record_scan(&a, line, n) == 1) {
		ok = nx_record_parse(&b, line, n, &err) == 0 &&
		    a.shape == b.shape && a.prompt.len == b.prompt.len &&
		    memcmp(a.prompt.s, b.prompt.s, a.prompt.len) == 0 &&
		    a.completion.len == b.completion.len &&
		    memcmp(a.completion.s, b.completion.s, a.completion.len) ==
			0 &&
		    (a.system.s == NULL) == (b.system.s == NULL) &&
		    a.system.len == b.system.len &&
		    (a.system.len == 0 ||
			memcmp(a.system.s, b.system.s, a.system.len) == 0) &&
		    a.id.len == b.id.len &&
		    (a.id.len == 0 || memcmp(a.id.s, b.id.s, a.id.len) == 0) &&
		    b.reasoning.s == NULL && a.ncontext == b.ncontext &&
		    b.nsteps == 0 && a.kind == b.kind && a.label == b.label &&
		    a.rejected.len == b.rejected.len &&
		    (a.rejected.len == 0 ||
			memcmp(a.rejected.s, b.rejected.s, a.rejected.len) ==
			    0);
		for (size_t i = 0; ok && i < a.ncontext; i++)
			ok = a.context[i].role == b.context[i].role &&
			    a.context[i].text.len == b.context[i].text.len &&
			    memcmp(a.context[i].text.s, b.context[i].text.s,
				a.context[i].text.len) == 0;
		/* the same value, its numbers as written */
		if (ok && b.metadata != NULL) {
			json_t *m = json_loadb(a.metadata_raw.s,
			    a.metadata_raw.len, JSON_DECODE_ANY, NULL);

			ok = m != NULL && json_equal(m, b.metadata);
			json_decref(m);
		} else if (ok)
			ok = a.metadata_raw.s == NULL;
	}
	nx_record_free(&a);
	nx_record_free(&b);
	return ok;
}

/*
 * Mutate a line of every shape the fast path reads (compact and spaced,
 * with escapes), fixed seed: whatever the scanner takes, the parser takes
 * too and reads alike.
 */
START_TEST(test_scan_view_survives_mutations_of_every_shape)
{
	static const char *const bases[] = {
	    "{\"id\": \"x\", \"prompt\": \"Ce e RAG? \\u0103\", "
	    "\"completion\": "
	    "\"Bun\\\"a\\\" zi\\n\", \"metadata\": {\"n\": [1, 2.5, null], "
	    "\"t\": true}}",
	    "{\"messages\": [{\"role\": \"system\", \"content\": \"s\"}, "
	    "{\"role\": \"user\", \"content\": \"q\\u0219\"}, {\"role\": "
	    "\"assistant\", \"content\": \"a\\\"b\"}], \"metadata\": {\"k\": "
	    "1}}",
	    "{\"instruction\": \"i\\tx\", \"input\": \"in\", \"output\": "
	    "\"o\\u0103\", \"system\": \"s\", \"history\": [[\"a\", \"b\"]], "
	    "\"metadata\": {\"k\": [1]}}",
	    "{\"conversations\": [{\"from\": \"human\", \"value\": \"h\\n\"}, "
	    "{\"from\": \"gpt\", \"value\": \"g\\\\\"}], \"id\": \"c\"}",
	    "{\"id\": \"p\", \"prompt\": \"q\\u0103\", \"chosen\": \"c\\\"x\", "
	    "\"rejected\": \"r\\n\", \"metadata\": {\"preference\": "
	    "\"swipe\"}}",
	    "{\"id\":\"k-1\",\"source\":\"conversation\",\"prompt\":"
	    "\"Ce e RAG?\",\"completion\":\"Un fel de c\\u0103utare.\\t\","
	    "\"label\":false,\"metadata\":{\"preference\":\"rating\"}}",
	};
	static const char alphabet[] = "{}[]\",:\\u0123456789eE.-+ tfnrl<\x01"
				       "\xC3\xA9\xED\xA0\xFF";
	char buf[256];
	unsigned long long state = 7;
	enum { NB = sizeof(bases) / sizeof(bases[0]) };
	int accepted[NB] = {0}, rounds = check_rounds(160000);

	for (int iter = 0; iter < rounds; iter++) {
		const char *base = bases[iter % NB];
		size_t n = strlen(base);
		struct nx_record rec;

		check_assert(n < sizeof(buf));
		memcpy(buf, base, n);
		for (int k = 0; k < 1 + (iter / NB) % 3; k++) {
			state = state * 6364136223846793005ULL +
			    1442695040888963407ULL;
			size_t pos = (size_t)(state >> 33) % n;

			buf[pos] =
			    alphabet[(state >> 20) % (sizeof(alphabet) - 1)];
		}
		if (!scan_agrees(buf, n))
			ck_abort_msg(
			    "the scanner reads what the parser does not: %.*s",
			    (int)n, buf);
		nx_record_init(&rec);
		accepted[iter % NB] += nx_record_scan(&rec, buf, n);
		nx_record_free(&rec);
	}
	for (int i = 0; i < NB; i++)
		ck_assert_msg(accepted[i] > rounds / 400, "base %d: %d", i,
		    accepted[i]);
}
END_TEST

START_TEST(test_scan_leaves_other_shapes_to_the_parser)
{
	static const char *const lines[] = {
	    "{\"messages\":[]}",
	    "{\"prompt\":\"p\",\"completion\":\"c\",\"context\":[]}",
	    "{\"prompt\":1,\"completion\":\"c\"}",
	    "{\"prompt\":\"p\",\"completion\":\"c\",\"id\":7}",
	    /* chat the fast path does not read: tool turns, content parts,
	     * other keys, reasoning, escaped roles, a refused pairing */
	    "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":"
	    "\"tool\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":"
	    "\"a\"}]}",
	    "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
	    "\"text\",\"text\":\"q\"}]},{\"role\":\"assistant\",\"content\":"
	    "\"a\"}]}",
	    "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":"
	    "\"assistant\",\"content\":\"a\",\"weight\":0}]}",
	    "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":"
	    "\"assistant\",\"content\":\"<think>hm</think>a\"}]}",
	    "{\"messages\":[{\"role\":\"\\u0075ser\",\"content\":\"q\"},"
	    "{\"role\":\"assistant\",\"content\":\"a\"}]}",
	    "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}",
	    "{\"system\":\"s\",\"messages\":[{\"role\":\"system\",\"content\":"
	    "\"t\"},{\"role\":\"user\",\"content\":\"q\"},{\"role\":"
	    "\"assistant\",\"content\":\"a\"}]}",
	    /* an escaped reasoning block: the parser takes it apart */
	    "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":"
	    "\"assistant\",\"content\":\"\\u003cthink>r\\u003c/think>a\"}]}",
	    /* Alpaca and ShareGPT the fast path does not read */
	    "{\"instruction\":\"q\",\"output\":\"<think>r</think>a\"}",
	    "{\"instruction\":\"q\",\"output\":\"\\u003cthink>r</think>a\"}",
	    "{\"instruction\":\"q\",\"input\":1,\"output\":\"a\"}",
	    "{\"instruction\":\"q\",\"output\":\"a\",\"history\":[[\"x\"]]}",
	    "{\"instruction\":\"q\",\"output\":\"a\",\"history\":[[\"x\","
	    "\"y\",\"z\"]]}",
	    "{\"instruction\":\"q\"}",
	    "{\"output\":\"a\"}",
	    "{\"conversations\":[{\"from\":\"human\",\"value\":\"q\"},"
	    "{\"from\":\"function_call\",\"value\":\"{}\"},{\"from\":"
	    "\"gpt\",\"value\":\"a\"}]}",
	    "{\"conversations\":[{\"from\":\"human\",\"value\":\"q\"},"
	    "{\"from\":\"gpt\",\"value\":\"a\",\"weight\":1}]}",
	    "{\"conversations\":{}}",
	    /* preferences the fast path does not read: a reasoning block,
	     * labels that are not true or false, mixed or missing replies,
	     * the other layouts */
	    "{\"prompt\":\"q\",\"chosen\":\"c\",\"rejected\":"
	    "\"<think>r</think>x\"}",
	    "{\"prompt\":\"q\",\"completion\":\"c\",\"label\":1}",
	    "{\"prompt\":\"q\",\"completion\":\"c\",\"label\":\"yes\"}",
	    "{\"prompt\":\"q\",\"chosen\":\"c\",\"rejected\":\"r\","
	    "\"completion\":\"x\"}",
	    "{\"prompt\":\"q\",\"chosen\":\"c\"}",
	    "{\"prompt\":\"q\",\"chosen\":\"c\",\"rejected\":\"r\","
	    "\"label\":true}",
	    "{\"chosen\":\"c\",\"rejected\":\"r\"}",
	    "{\"instruction\":\"q\",\"chosen\":\"c\",\"rejected\":\"r\"}",
	    "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":"
	    "\"assistant\",\"content\":\"a\"}],\"label\":true}",
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
	tcase_add_test(tc, test_scan_reads_pairs_and_kto_as_the_parser_does);
	tcase_add_test(tc, test_scan_minifies_spaced_metadata);
	tcase_add_test(tc, test_scan_reads_chat_as_the_parser_does);
	tcase_add_test(tc, test_scan_leaves_other_shapes_to_the_parser);
	tcase_add_test(
	    tc, test_scan_reads_alpaca_and_sharegpt_as_the_parser_does);
	tcase_add_test(tc, test_scan_view_survives_mutations_of_every_shape);
	tcase_add_test(tc, test_scan_decodes_escapes);
	suite_add_tcase(s, tc);
	return s;
}
