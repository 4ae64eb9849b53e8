#include <string.h>

#include "check_nx.h"
#include "record.h"

static struct nx_record rec;
static struct nx_error err;

static void
setup(void)
{
	nx_record_init(&rec);
}

static void
teardown(void)
{
	nx_record_free(&rec);
}

static int
parse(const char *line)
{
	return nx_record_parse(&rec, line, strlen(line), &err);
}

static void
assert_str(struct nx_str s, const char *want)
{
	ck_assert_ptr_nonnull(s.s);
	ck_assert_uint_eq(s.len, strlen(want));
	ck_assert_int_eq(memcmp(s.s, want, s.len), 0);
}

START_TEST(test_record_reads_neutral_with_context)
{
	ck_assert_int_eq(
	    parse("{\"id\":\"conv:a.json#0\",\"source\":\"conversation\","
		  "\"system\":\"S\",\"context\":[{\"role\":\"user\","
		  "\"content\":\"u0\"},{\"role\":\"assistant\","
		  "\"content\":\"a0\"}],\"prompt\":\"Cine ești?\","
		  "\"completion\":\"Sunt NOVA.\",\"metadata\":{\"k\":1}}"),
	    0);
	ck_assert_int_eq(rec.shape, NX_SHAPE_NEUTRAL);
	assert_str(rec.id, "conv:a.json#0");
	assert_str(rec.source, "conversation");
	assert_str(rec.system, "S");
	assert_str(rec.prompt, "Cine ești?");
	assert_str(rec.completion, "Sunt NOVA.");
	ck_assert_uint_eq(rec.ncontext, 2);
	ck_assert_int_eq(rec.context[0].role, NX_ROLE_USER);
	assert_str(rec.context[1].text, "a0");
	ck_assert(json_is_object(rec.metadata));
}
END_TEST

START_TEST(test_record_reads_chat_last_exchange)
{
	ck_assert_int_eq(
	    parse("{\"messages\":[{\"role\":\"system\",\"content\":"
		  "\"S\"},{\"role\":\"user\",\"content\":\"q1\"},"
		  "{\"role\":\"assistant\",\"content\":\"a1\"},"
		  "{\"role\":\"user\",\"content\":[{\"type\":"
		  "\"text\",\"text\":\"q2\"},{\"type\":\"image_url\"}"
		  ",{\"type\":\"text\",\"text\":\"more\"}]},"
		  "{\"role\":\"assistant\",\"content\":\"a2\"}]}"),
	    0);
	ck_assert_int_eq(rec.shape, NX_SHAPE_CHAT);
	assert_str(rec.system, "S");
	assert_str(rec.prompt, "q2\nmore");
	assert_str(rec.completion, "a2");
	ck_assert_uint_eq(rec.ncontext, 2);
	assert_str(rec.context[0].text, "q1");
	ck_assert_int_eq(rec.context[1].role, NX_ROLE_ASSISTANT);
}
END_TEST

START_TEST(test_record_reads_text_markers)
{
	ck_assert_int_eq(parse("{\"text\":\"<|user|>\\nCe e RAG?\\n\\n"
			       "<|assistant|>\\nRAG este…\\nlinia 2\"}"),
	    0);
	ck_assert_int_eq(rec.shape, NX_SHAPE_TEXT);
	assert_str(rec.prompt, "Ce e RAG?\n");
	assert_str(rec.completion, "RAG este…\nlinia 2");
	ck_assert_int_eq(
	    parse("{\"text\":\"User: hi\\nAssistant: hello\"}"), 0);
	assert_str(rec.prompt, "hi");
	assert_str(rec.completion, "hello");
}
END_TEST

START_TEST(test_record_reads_alpaca_and_sharegpt)
{
	ck_assert_int_eq(
	    parse("{\"instruction\":\"Traduce\",\"input\":\"hello\","
		  "\"output\":\"salut\"}"),
	    0);
	ck_assert_int_eq(rec.shape, NX_SHAPE_ALPACA);
	assert_str(rec.prompt, "Traduce\n\nhello");
	assert_str(rec.completion, "salut");
	ck_assert_int_eq(parse("{\"conversations\":[{\"from\":\"system\","
			       "\"value\":\"S\"},{\"from\":\"human\",\"value\":"
			       "\"h\"},{\"from\":\"gpt\",\"value\":\"g\"}]}"),
	    0);
	ck_assert_int_eq(rec.shape, NX_SHAPE_SHAREGPT);
	assert_str(rec.system, "S");
	assert_str(rec.prompt, "h");
	assert_str(rec.completion, "g");
}
END_TEST

START_TEST(test_record_rejects_bad_json_with_null_root)
{
	ck_assert_int_eq(parse("{\"prompt\":\"a\","), -1);
	ck_assert_ptr_null(rec.root);
	ck_assert_ptr_nonnull(strstr(err.msg, "invalid JSON"));
	ck_assert_int_eq(parse("[1,2]"), -1);
	ck_assert_str_eq(err.msg, "not a JSON object");
	ck_assert_int_eq(parse("{\"prompt\":\"a\",\"prompt\":\"b\","
			       "\"completion\":\"c\"}"),
	    -1);
	ck_assert_ptr_null(rec.root);
	ck_assert_int_eq(
	    parse("{\"prompt\":\"\\ud800\",\"completion\":\"c\"}"), -1);
	ck_assert_ptr_null(rec.root);
}
END_TEST

/* jansson alone takes "null\0}": a raw NUL is refused wherever it is. */
START_TEST(test_record_rejects_raw_nul_after_a_literal_or_number)
{
	static const char lit[] = "{\"prompt\":\"p\",\"completion\":\"c\","
				  "\"context\":null\0}";
	static const char num[] = "{\"prompt\":\"p\",\"completion\":\"c\","
				  "\"metadata\":{\"n\":1\0}}";

	ck_assert_int_eq(nx_record_scan(&rec, lit, sizeof(lit) - 1), 0);
	ck_assert_int_eq(nx_record_parse(&rec, lit, sizeof(lit) - 1, &err), -1);
	ck_assert_str_eq(err.msg,
	    "invalid JSON at column 46: a raw NUL byte "
	    "(write it \\u0000 in a string)");
	ck_assert_int_eq(nx_record_parse(&rec, num, sizeof(num) - 1, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "raw NUL"));
}
END_TEST

/* A string metadata is passed on with its quotes: it stays JSON. */
START_TEST(test_record_scan_keeps_string_metadata_json)
{
	static const char line[] = "{\"prompt\":\"p\",\"completion\":\"c\","
				   "\"metadata\":\"hello\"}";

	ck_assert_int_eq(nx_record_scan(&rec, line, sizeof(line) - 1), 1);
	assert_str(rec.metadata_raw, "\"hello\"");
}
END_TEST

START_TEST(test_record_rejects_wrong_shapes_with_root_kept)
{
	static const struct {
		const char *line, *msg;
	} cases[] = {
	    {"{\"foo\":1}", "unknown shape"},
	    {"{\"prompt\":42,\"completion\":\"x\"}",
		"\"prompt\" is not a string"},
	    {"{\"prompt\":\"p\"}", "no \"completion\" string"},
	    {"{\"messages\":{}}", "\"messages\" is not an array"},
	    {"{\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}",
		"fewer than two turns"},
	    {"{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":"
	     "\"assistant\",\"content\":\"a\"},{\"role\":\"user\",\"content\":"
	     "\"q2\"}]}",
		"last turn is not an assistant reply"},
	    {"{\"messages\":[{\"role\":\"narrator\",\"content\":\"q\"},"
	     "{\"role\":\"assistant\",\"content\":\"a\"}]}",
		"unknown role \"narrator\""},
	    /* a tool's output is a step, not the user's turn */
	    {"{\"messages\":[{\"role\":\"tool\",\"content\":\"q\"},{\"role\":"
	     "\"assistant\",\"content\":\"a\"}]}",
		"assistant reply without a user turn before it"},
	    /* a call is no reply */
	    {"{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":"
	     "\"assistant\",\"content\":null,\"tool_calls\":[{\"type\":"
	     "\"function\",\"function\":{\"name\":\"f\",\"arguments\":"
	     "\"{}\"}}]}]}",
		"last turn is a tool call"},
	    {"{\"conversations\":[{\"from\":\"human\",\"value\":\"q\"},"
	     "{\"from\":\"function_call\",\"value\":\"not json\"},"
	     "{\"from\":\"gpt\",\"value\":\"a\"}]}",
		"conversations[1]: a function_call value is not the JSON"},
	    {"{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":"
	     "\"assistant\",\"content\":null,\"tool_calls\":[{\"type\":"
	     "\"function\"}]},{\"role\":\"assistant\",\"content\":\"a\"}]}",
		"messages[1]: tool_calls[0] has no function name"},
	    {"{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":"
	     "\"assistant\",\"content\":\"a\",\"weight\":2}]}",
		"messages[1]: \"weight\" is not 0 or 1"},
	    {"{\"prompt\":\"p\",\"completion\":\"c\",\"steps\":[{\"role\":"
	     "\"user\",\"content\":\"x\"}]}",
		"steps[0] is not a tool call or result"},
	    {"{\"text\":\"just some text\"}", "no <|user|>"},
	    {"{\"text\":\"junk<|user|> q <|assistant|> a\"}", "no <|user|>"},
	    {"{\"text\":\"junk\\n<|user|>\\nq\\n<|assistant|>\\na\"}",
		"text before the first marker"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(parse(cases[i].line), -1);
		ck_assert_ptr_nonnull(rec.root);
		ck_assert_msg(strstr(err.msg, cases[i].msg) != NULL,
		    "%s: got \"%s\"", cases[i].line, err.msg);
	}
}
END_TEST

/* line with ' for " (our fixtures hold no apostrophes). */
static int
parse_q(const char *line)
{
	static char buf[2048];
	size_t n = strlen(line);

	ck_assert_uint_lt(n, sizeof(buf));
	for (size_t i = 0; i <= n; i++)
		buf[i] = line[i] == '\'' ? '"' : line[i];
	return parse(buf);
}

static void
assert_pair(const char *prompt, const char *chosen, const char *rejected)
{
	ck_assert_int_eq(rec.kind, NX_KIND_PAIR);
	assert_str(rec.prompt, prompt);
	assert_str(rec.completion, chosen);
	assert_str(rec.rejected, rejected);
}

START_TEST(test_record_reads_neutral_pair_and_kto)
{
	ck_assert_int_eq(parse_q("{'prompt':'P','chosen':'C','rejected':'R',"
				 "'metadata':{'preference':'swipe'}}"),
	    0);
	ck_assert_int_eq(rec.shape, NX_SHAPE_NEUTRAL);
	assert_pair("P", "C", "R");
	ck_assert_int_eq(
	    parse_q("{'prompt':'P','completion':'C','label':false}"), 0);
	ck_assert_int_eq(rec.kind, NX_KIND_LABELED);
	ck_assert_int_eq(rec.label, 0);
	ck_assert_int_eq(
	    parse_q("{'prompt':'P','completion':'C','label':'x'}"), 0);
	ck_assert_int_eq(rec.kind, NX_KIND_REPLY);
}
END_TEST

START_TEST(test_record_reads_trl_conversational_preferences)
{
	/* explicit prompt, one assistant message each */
	ck_assert_int_eq(
	    parse_q("{'prompt':[{'role':'system','content':'S'},"
		    "{'role':'user','content':'u0'},"
		    "{'role':'assistant','content':'a0'},"
		    "{'role':'user','content':'P'}],"
		    "'chosen':[{'role':'assistant','content':'C'}],"
		    "'rejected':[{'role':'assistant','content':'R'}]}"),
	    0);
	assert_pair("P", "C", "R");
	assert_str(rec.system, "S");
	ck_assert_uint_eq(rec.ncontext, 2);
	assert_str(rec.context[1].text, "a0");
	/* implicit prompt: whole conversations sharing their beginning */
	ck_assert_int_eq(
	    parse_q("{'chosen':[{'role':'user','content':'P'},"
		    "{'role':'assistant','content':'C'}],"
		    "'rejected':[{'role':'user','content':'P'},"
		    "{'role':'assistant','content':'R'}]}"),
	    0);
	assert_pair("P", "C", "R");
	ck_assert_uint_eq(rec.ncontext, 0);
	/* unpaired (KTO), conversational */
	ck_assert_int_eq(parse_q("{'prompt':[{'role':'user','content':'P'}],"
				 "'completion':[{'role':'assistant',"
				 "'content':'C'}],'label':true}"),
	    0);
	ck_assert_int_eq(rec.kind, NX_KIND_LABELED);
	ck_assert_int_eq(rec.label, 1);
	assert_str(rec.completion, "C");
	/* the rejected reply's thinking goes, the chosen one's is kept */
	ck_assert_int_eq(parse_q("{'prompt':[{'role':'user','content':'P'}],"
				 "'chosen':[{'role':'assistant','content':'C',"
				 "'reasoning_content':'T'}],"
				 "'rejected':[{'role':'assistant','content':"
				 "'<think>t</think>R'}]}"),
	    0);
	assert_pair("P", "C", "R");
	assert_str(rec.reasoning, "T");
}
END_TEST

START_TEST(test_record_reads_llama_factory_ranking_and_kto)
{
	ck_assert_int_eq(parse_q("{'instruction':'I','input':'X',"
				 "'chosen':'C','rejected':'R'}"),
	    0);
	ck_assert_int_eq(rec.shape, NX_SHAPE_ALPACA);
	assert_pair("I\n\nX", "C", "R");
	ck_assert_int_eq(
	    parse_q("{'conversations':[{'from':'human','value':'P'}],"
		    "'chosen':{'from':'gpt','value':'C'},"
		    "'rejected':{'from':'gpt','value':'R'}}"),
	    0);
	ck_assert_int_eq(rec.shape, NX_SHAPE_SHAREGPT);
	assert_pair("P", "C", "R");
	ck_assert_int_eq(
	    parse_q("{'messages':[{'role':'user','content':'P'},"
		    "{'role':'assistant','content':'C'}],'label':false}"),
	    0);
	ck_assert_int_eq(rec.shape, NX_SHAPE_CHAT);
	ck_assert_int_eq(rec.kind, NX_KIND_LABELED);
	ck_assert_int_eq(rec.label, 0);
	ck_assert_int_eq(
	    parse_q("{'instruction':'I','output':'C','label':true}"), 0);
	ck_assert_int_eq(rec.kind, NX_KIND_LABELED);
}
END_TEST

START_TEST(test_record_reads_openai_preference_line)
{
	ck_assert_int_eq(
	    parse_q("{'input':{'messages':[{'role':'user','content':'P'}],"
		    "'tools':[],'parallel_tool_calls':true},"
		    "'preferred_output':[{'role':'assistant','content':'C'}],"
		    "'non_preferred_output':[{'role':'assistant',"
		    "'content':'R'}]}"),
	    0);
	assert_pair("P", "C", "R");
}
END_TEST

START_TEST(test_record_rejects_preferences_it_cannot_read_faithfully)
{
	static const struct {
		const char *line, *msg;
	} cases[] = {
	    {"{'chosen':'The sky is blue.','rejected':'The sky is green.'}",
		"without a prompt"},
	    {"{'prompt':'P','chosen':'C','rejected':'R','completion':'X'}",
		"both"},
	    {"{'prompt':'P','chosen':'C'}", "no \"rejected\" string"},
	    {"{'prompt':'P','completion':'C','label':1}",
		"not true or false"},
	    {"{'messages':[{'role':'user','content':'P'},{'role':"
	     "'assistant','content':'C'}],'label':0}",
		"not true or false"},
	    {"{'prompt':'P','chosen':[{'role':'assistant','content':'C'}],"
	     "'rejected':[{'role':'assistant','content':'R'}]}",
		"\"prompt\" is text"},
	    {"{'chosen':[{'role':'user','content':'P'},{'role':'assistant',"
	     "'content':'C'}],'rejected':[{'role':'user','content':'Q'},"
	     "{'role':'assistant','content':'R'}]}",
		"differ in more than their last message"},
	    {"{'prompt':[{'role':'user','content':'P'}],'chosen':[{'role':"
	     "'assistant','content':'C'},{'role':'user','content':'more'}],"
	     "'rejected':[{'role':'assistant','content':'R'}]}",
		"\"chosen\" is not a list of one message"},
	    {"{'prompt':[{'role':'user','content':'P'}],'chosen':[{'role':"
	     "'user','content':'C'}],'rejected':[{'role':'assistant',"
	     "'content':'R'}]}",
		"\"chosen\" is not an assistant's reply"},
	    {"{'conversations':[{'from':'human','value':'P'}],'chosen':"
	     "{'from':'gpt','value':'C'}}",
		"rejected"},
	    {"{'instruction':'I','output':'O','chosen':'C','rejected':'R'}",
		"both \"output\""},
	    {"{'input':{'messages':[{'role':'user','content':'P'}]},"
	     "'preferred_output':[{'role':'assistant','content':'C'}]}",
		"non_preferred_output"},
	    {"{'input':{'messages':[{'role':'assistant','content':'P'}]},"
	     "'preferred_output':[{'role':'assistant','content':'C'}],"
	     "'non_preferred_output':[{'role':'assistant','content':'R'}]}",
		"without a user turn"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(parse_q(cases[i].line), -1);
		ck_assert_msg(strstr(err.msg, cases[i].msg) != NULL,
		    "%s: got \"%s\"", cases[i].line, err.msg);
	}
}
END_TEST

Suite *
record_suite(void)
{
	Suite *s = suite_create("record");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_record_reads_neutral_with_context);
	tcase_add_test(tc, test_record_reads_chat_last_exchange);
	tcase_add_test(tc, test_record_reads_text_markers);
	tcase_add_test(tc, test_record_reads_alpaca_and_sharegpt);
	tcase_add_test(tc, test_record_rejects_bad_json_with_null_root);
	tcase_add_test(
	    tc, test_record_rejects_raw_nul_after_a_literal_or_number);
	tcase_add_test(tc, test_record_scan_keeps_string_metadata_json);
	tcase_add_test(tc, test_record_rejects_wrong_shapes_with_root_kept);
	tcase_add_test(tc, test_record_reads_neutral_pair_and_kto);
	tcase_add_test(tc, test_record_reads_trl_conversational_preferences);
	tcase_add_test(tc, test_record_reads_llama_factory_ranking_and_kto);
	tcase_add_test(tc, test_record_reads_openai_preference_line);
	tcase_add_test(
	    tc, test_record_rejects_preferences_it_cannot_read_faithfully);
	suite_add_tcase(s, tc);
	return s;
}
