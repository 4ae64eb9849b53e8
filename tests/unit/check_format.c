#include <string.h>

#include "check_nx.h"
#include "format.h"

/* Records that every format must carry without loss of what it can hold. */
static const char *const samples[] = {
    "{\"prompt\":\"Explică ce este RAG în română\",\"completion\":\"RAG "
    "(Retrieval-Augmented Generation) este o tehnică… Își amintește, "
    "știința, țara.\",\"metadata\":{\"type\":\"synthetic\",\"index\":3}}",
    "{\"system\":\"You are NOVA, a helpful AI assistant.\",\"context\":[{"
    "\"role\":\"user\",\"content\":\"Salut 🙂\"},{\"role\":\"assistant\","
    "\"content\":\"Bună! Cu ce te pot ajuta?\"}],\"prompt\":\"Say \\\"hi\\\""
    "\\n\\tand a backslash \\\\ please\",\"completion\":\"\\\"hi\\\"\\n\\\\"
    "\\nline three\\n\",\"metadata\":{\"session_id\":\"20260102_110901\"}}",
    "{\"prompt\":\"\",\"completion\":\"\\u0001 control and 𝄞 clef\"}",
};

static const enum nx_format all[] = {NX_FORMAT_NEUTRAL, NX_FORMAT_INSTRUCTION,
    NX_FORMAT_CHAT, NX_FORMAT_COMPLETION, NX_FORMAT_ALPACA, NX_FORMAT_SHAREGPT,
    NX_FORMAT_COMPLETION_SYSTEM};
#define NALL (sizeof(all) / sizeof(all[0]))

static int
str_eq(struct nx_str a, struct nx_str b)
{
	if (a.s == NULL || b.s == NULL)
		return a.s == b.s;
	return a.len == b.len && memcmp(a.s, b.s, a.len) == 0;
}

/* What fmt can hold of a record: context, system, metadata. */
static int
holds_turns(enum nx_format fmt)
{
	return fmt != NX_FORMAT_INSTRUCTION;
}

static int
holds_system(enum nx_format fmt)
{
	return holds_turns(fmt) && fmt != NX_FORMAT_COMPLETION;
}

static int
holds_metadata(enum nx_format fmt)
{
	return fmt == NX_FORMAT_NEUTRAL || fmt == NX_FORMAT_INSTRUCTION ||
	    fmt == NX_FORMAT_CHAT;
}

static void
assert_same(const struct nx_record *a, const struct nx_record *b, int turns,
    int system, int metadata, const char *what)
{
	ck_assert_msg(str_eq(a->prompt, b->prompt), "%s: prompt", what);
	ck_assert_msg(
	    str_eq(a->completion, b->completion), "%s: completion", what);
	if (system)
		ck_assert_msg(str_eq(a->system, b->system), "%s: system", what);
	if (turns) {
		ck_assert_msg(a->ncontext == b->ncontext, "%s: context", what);
		for (size_t i = 0; i < a->ncontext; i++) {
			ck_assert(a->context[i].role == b->context[i].role);
			ck_assert(
			    str_eq(a->context[i].text, b->context[i].text));
		}
	}
	if (metadata)
		ck_assert_msg(json_equal(a->metadata, b->metadata) ||
			(a->metadata == NULL && b->metadata == NULL),
		    "%s: metadata", what);
}

static void
convert(struct nx_record *out, const struct nx_record *in, enum nx_format fmt)
{
	struct nx_buf b = NX_BUF_INIT;
	struct nx_error err;

	ck_assert_int_eq(nx_format_write(&b, fmt, in, &err), 0);
	ck_assert_int_eq(b.data[b.len - 1], '\n');
	ck_assert_ptr_null(memchr(b.data, '\n', b.len - 1));
	ck_assert_msg(nx_record_parse(out, b.data, b.len - 1, &err) == 0,
	    "%.*s: %s", (int)b.len, b.data, err.msg);
	nx_buf_free(&b);
}

/* Every pair in one test, not one forked test a pair: a fork of the
 * sanitized runner costs more than the 147 round trips together. */
START_TEST(test_format_round_trips_every_pair_of_formats)
{
	struct nx_record orig, mid, back;
	struct nx_error err;
	char what[64];

	nx_record_init(&orig);
	nx_record_init(&mid);
	nx_record_init(&back);
	for (size_t i = 0; i < NALL * NALL; i++) {
		enum nx_format f1 = all[i / NALL], f2 = all[i % NALL];

		for (size_t k = 0; k < sizeof(samples) / sizeof(samples[0]);
		     k++) {
			ck_assert_int_eq(nx_record_parse(&orig, samples[k],
					     strlen(samples[k]), &err),
			    0);
			snprintf(what, sizeof(what), "sample %zu: %d -> %d", k,
			    f1, f2);
			convert(&mid, &orig, f1);
			convert(&back, &mid, f2);
			assert_same(&orig, &back,
			    holds_turns(f1) && holds_turns(f2),
			    holds_system(f1) && holds_system(f2),
			    holds_metadata(f1) && holds_metadata(f2), what);
		}
	}
	nx_record_free(&orig);
	nx_record_free(&mid);
	nx_record_free(&back);
}
END_TEST

START_TEST(test_format_writes_design_shapes_exactly)
{
	static const char line[] =
	    "{\"id\":\"x#1\",\"system\":\"S\",\"prompt\":\"Cine ești?\","
	    "\"completion\":\"Sunt NOVA\",\"metadata\":{\"a\":1}}";
	static const char *const want[] = {
	    "{\"id\":\"x#1\",\"system\":\"S\",\"prompt\":\"Cine ești?\","
	    "\"completion\":\"Sunt NOVA\",\"metadata\":{\"a\":1}}\n",
	    "{\"prompt\":\"Cine ești?\",\"completion\":\"Sunt NOVA\","
	    "\"metadata\":{\"a\":1}}\n",
	    "{\"messages\":[{\"role\":\"system\",\"content\":\"S\"},{\"role\":"
	    "\"user\",\"content\":\"Cine ești?\"},{\"role\":\"assistant\","
	    "\"content\":\"Sunt NOVA\"}],\"metadata\":{\"a\":1}}\n",
	    "{\"text\":\"<|user|>\\nCine ești?\\n<|assistant|>\\nSunt "
	    "NOVA\"}\n",
	    "{\"instruction\":\"Cine ești?\",\"input\":\"\",\"output\":\"Sunt "
	    "NOVA\",\"system\":\"S\"}\n",
	    "{\"conversations\":[{\"from\":\"system\",\"value\":\"S\"},{"
	    "\"from\":"
	    "\"human\",\"value\":\"Cine ești?\"},{\"from\":\"gpt\",\"value\":"
	    "\"Sunt NOVA\"}]}\n",
	    "{\"text\":\"<|system|>\\nS\\n<|user|>\\nCine ești?\\n"
	    "<|assistant|>\\nSunt NOVA\"}\n",
	};
	struct nx_record rec;
	struct nx_error err;
	struct nx_buf b = NX_BUF_INIT;

	nx_record_init(&rec);
	ck_assert_int_eq(nx_record_parse(&rec, line, strlen(line), &err), 0);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		nx_buf_reset(&b);
		ck_assert_int_eq(nx_format_write(&b, all[i], &rec, &err), 0);
		ck_assert_uint_eq(b.len, strlen(want[i]));
		ck_assert_int_eq(memcmp(b.data, want[i], b.len), 0);
	}
	nx_buf_free(&b);
	nx_record_free(&rec);
}
END_TEST

/* One record with tool turns before its prompt and between the prompt
 * and its reply, as OpenAI's fine-tuning files write them. */
static const char tool_chat[] =
    "{\"messages\":[{\"role\":\"user\",\"content\":\"Ce oră e?\"},"
    "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\","
    "\"type\":\"function\",\"function\":{\"name\":\"clock\",\"arguments\":"
    "\"{\\\"tz\\\":\\\"EET\\\"}\"}}],\"weight\":0},"
    "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"10:04\"},"
    "{\"role\":\"assistant\",\"content\":\"E 10:04.\"},"
    "{\"role\":\"user\",\"content\":\"Și vremea?\"},"
    "{\"role\":\"assistant\",\"content\":\"Mă uit.\",\"tool_calls\":[{"
    "\"id\":\"c2\",\"type\":\"function\",\"function\":{\"name\":\"sky\","
    "\"arguments\":\"{}\"}},{\"id\":\"c3\",\"type\":\"function\","
    "\"function\":{\"name\":\"wind\",\"arguments\":\"{}\"}}]},"
    "{\"role\":\"tool\",\"tool_call_id\":\"c2\",\"content\":\"senin\"},"
    "{\"role\":\"tool\",\"tool_call_id\":\"c3\",\"content\":\"calm\"},"
    "{\"role\":\"assistant\",\"content\":\"Senin și calm.\"}]}";

START_TEST(test_format_keeps_tool_turns_where_it_can)
{
	static const struct {
		enum nx_format fmt;
		const char *want;
	} cases[] = {
	    {NX_FORMAT_CHAT, NULL}, /* the line as read */
	    {NX_FORMAT_NEUTRAL,
		"{\"context\":[{\"role\":\"user\",\"content\":\"Ce oră e?\"},"
		"{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{"
		"\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":"
		"\"clock\",\"arguments\":\"{\\\"tz\\\":\\\"EET\\\"}\"}}],"
		"\"weight\":0},{\"role\":\"tool\",\"tool_call_id\":\"c1\","
		"\"content\":\"10:04\"},{\"role\":\"assistant\",\"content\":"
		"\"E 10:04.\"}],\"prompt\":\"Și vremea?\",\"steps\":[{\"role\":"
		"\"assistant\",\"content\":\"Mă uit.\",\"tool_calls\":[{\"id\":"
		"\"c2\",\"type\":\"function\",\"function\":{\"name\":\"sky\","
		"\"arguments\":\"{}\"}},{\"id\":\"c3\",\"type\":\"function\","
		"\"function\":{\"name\":\"wind\",\"arguments\":\"{}\"}}]},{"
		"\"role\":\"tool\",\"tool_call_id\":\"c2\",\"content\":\"senin\"},"
		"{\"role\":\"tool\",\"tool_call_id\":\"c3\",\"content\":\"calm\"}"
		"],\"completion\":\"Senin și calm.\"}\n"},
	    {NX_FORMAT_COMPLETION,
		"{\"text\":\"<|user|>\\nCe oră e?\\n<|assistant|>\\nE 10:04.\\n"
		"<|user|>\\nȘi vremea?\\n<|assistant|>\\nSenin și calm.\"}\n"},
	    {NX_FORMAT_ALPACA,
		"{\"instruction\":\"Și vremea?\",\"input\":\"\",\"output\":"
		"\"Senin și calm.\",\"history\":[[\"Ce oră e?\",\"E 10:04.\"]]}"
		"\n"},
	    {NX_FORMAT_INSTRUCTION,
		"{\"prompt\":\"Și vremea?\",\"completion\":\"Senin și calm.\"}\n"},
	};
	struct nx_record rec, back;
	struct nx_buf b = NX_BUF_INIT, b2 = NX_BUF_INIT;
	struct nx_error err;

	nx_record_init(&rec);
	nx_record_init(&back);
	ck_assert_int_eq(
	    nx_record_parse(&rec, tool_chat, strlen(tool_chat), &err), 0);
	ck_assert_uint_eq(rec.ncontext, 4);
	ck_assert_uint_eq(rec.nsteps, 3);
	ck_assert_uint_eq(nx_record_tool_turns(&rec), 5);
	ck_assert_int_eq(rec.steps[2].role, NX_ROLE_TOOL);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *want = cases[i].want;

		if (want == NULL)
			want = tool_chat;
		nx_buf_reset(&b);
		ck_assert_int_eq(nx_format_write(&b, cases[i].fmt, &rec, &err), 0);
		ck_assert_msg(b.len == strlen(want) + (cases[i].want == NULL) &&
			memcmp(b.data, want, strlen(want)) == 0,
		    "format %d: %.*s", cases[i].fmt, (int)b.len, b.data);
		ck_assert_int_eq(nx_format_holds_tools(cases[i].fmt),
		    cases[i].fmt == NX_FORMAT_CHAT ||
			cases[i].fmt == NX_FORMAT_NEUTRAL);
		/* what holds them reads back to the same line */
		if (!nx_format_holds_tools(cases[i].fmt))
			continue;
		ck_assert_int_eq(
		    nx_record_parse(&back, b.data, b.len - 1, &err), 0);
		nx_buf_reset(&b2);
		ck_assert_int_eq(
		    nx_format_write(&b2, NX_FORMAT_CHAT, &back, &err), 0);
		ck_assert_int_eq(b2.len, strlen(tool_chat) + 1);
		ck_assert_int_eq(memcmp(b2.data, tool_chat, b2.len - 1), 0);
	}
	/* ShareGPT has no place for "Mă uit." beside the calls */
	nx_buf_reset(&b);
	ck_assert_int_eq(nx_format_write(&b, NX_FORMAT_SHAREGPT, &rec, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "beside its tool calls"));
	nx_buf_free(&b);
	nx_buf_free(&b2);
	nx_record_free(&rec);
	nx_record_free(&back);
}
END_TEST

/* ShareGPT's function_call and observation, to chat and back. */
START_TEST(test_format_sharegpt_calls_as_openai_and_back)
{
	static const char sg[] =
	    "{\"conversations\":[{\"from\":\"human\",\"value\":\"Cât fac 2 "
	    "euro?\"},{\"from\":\"function_call\",\"value\":\"{\\\"name\\\": "
	    "\\\"convert\\\", \\\"arguments\\\": {\\\"amount\\\": 2}}\"},"
	    "{\"from\":\"observation\",\"value\":\"9.95\"},{\"from\":\"gpt\","
	    "\"value\":\"Aproape 10 lei.\"}]}";
	static const char chat[] =
	    "{\"messages\":[{\"role\":\"user\",\"content\":\"Cât fac 2 euro?\"},"
	    "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"type\":"
	    "\"function\",\"function\":{\"name\":\"convert\",\"arguments\":"
	    "\"{\\\"amount\\\":2}\"}}]},{\"role\":\"tool\",\"content\":\"9.95\"},"
	    "{\"role\":\"assistant\",\"content\":\"Aproape 10 lei.\"}]}\n";
	static const char back[] =
	    "{\"conversations\":[{\"from\":\"human\",\"value\":\"Cât fac 2 "
	    "euro?\"},{\"from\":\"function_call\",\"value\":\"{\\\"name\\\":"
	    "\\\"convert\\\",\\\"arguments\\\":{\\\"amount\\\":2}}\"},"
	    "{\"from\":\"observation\",\"value\":\"9.95\"},{\"from\":\"gpt\","
	    "\"value\":\"Aproape 10 lei.\"}]}\n";
	struct nx_record rec;
	struct nx_buf b = NX_BUF_INIT;
	struct nx_error err;

	nx_record_init(&rec);
	ck_assert_int_eq(nx_record_parse(&rec, sg, strlen(sg), &err), 0);
	ck_assert_int_eq(nx_format_write(&b, NX_FORMAT_CHAT, &rec, &err), 0);
	ck_assert_msg(b.len == strlen(chat) && memcmp(b.data, chat, b.len) == 0,
	    "%.*s", (int)b.len, b.data);
	ck_assert_int_eq(nx_record_parse(&rec, b.data, b.len - 1, &err), 0);
	nx_buf_reset(&b);
	ck_assert_int_eq(nx_format_write(&b, NX_FORMAT_SHAREGPT, &rec, &err), 0);
	ck_assert_msg(b.len == strlen(back) && memcmp(b.data, back, b.len) == 0,
	    "%.*s", (int)b.len, b.data);
	nx_buf_free(&b);
	nx_record_free(&rec);
}
END_TEST

START_TEST(test_format_json_string_escapes_and_repairs)
{
	struct nx_buf b = NX_BUF_INIT;

	ck_assert_int_eq(nx_format_json_string(&b, "a\"\\\n\x01ă\xFFz", 9), 0);
	ck_assert_uint_eq(
	    b.len, strlen("\"a\\\"\\\\\\n\\u0001ă\xEF\xBF\xBDz\""));
	ck_assert_int_eq(
	    memcmp(b.data, "\"a\\\"\\\\\\n\\u0001ă\xEF\xBF\xBDz\"", b.len), 0);
	nx_buf_free(&b);
}
END_TEST

START_TEST(test_format_refuses_alpaca_for_odd_context)
{
	static const char line[] =
	    "{\"context\":[{\"role\":\"assistant\",\"content\":\"hello\"}],"
	    "\"prompt\":\"p\",\"completion\":\"c\"}";
	struct nx_record rec;
	struct nx_error err;
	struct nx_buf b = NX_BUF_INIT;

	nx_record_init(&rec);
	ck_assert_int_eq(nx_record_parse(&rec, line, strlen(line), &err), 0);
	ck_assert_int_eq(nx_format_write(&b, NX_FORMAT_ALPACA, &rec, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "alpaca"));
	nx_buf_free(&b);
	nx_record_free(&rec);
}
END_TEST

START_TEST(test_format_parses_names)
{
	enum nx_format f;

	ck_assert_int_eq(nx_format_parse(&f, "chat"), 0);
	ck_assert_int_eq(f, NX_FORMAT_CHAT);
	ck_assert_int_eq(nx_format_parse(&f, "sharegpt"), 0);
	ck_assert_int_eq(f, NX_FORMAT_SHAREGPT);
	ck_assert_int_eq(nx_format_parse(&f, "Chat"), -1);
}
END_TEST

/* rec in fmt with reasoning kept as how says, into want */
static void
written(enum nx_format fmt, enum nx_reasoning how, const char *want)
{
	struct nx_record rec;
	struct nx_buf b = NX_BUF_INIT;
	struct nx_error err;

	nx_record_init(&rec);
	rec.prompt = (struct nx_str){"q", 1};
	rec.completion = (struct nx_str){"a", 1};
	rec.reasoning = (struct nx_str){"r", 1};
	ck_assert_int_eq(
	    nx_format_write_reasoning(&b, fmt, how, &rec, &err), 0);
	ck_assert_uint_eq(b.len, strlen(want));
	ck_assert_mem_eq(b.data, want, b.len);
	nx_buf_free(&b);
}

START_TEST(test_format_reasoning_dropped_inline_or_a_field)
{
	struct nx_record rec;
	struct nx_buf b = NX_BUF_INIT;
	struct nx_error err;
	enum nx_reasoning how;

	written(NX_FORMAT_NEUTRAL, NX_REASONING_DROP,
	    "{\"prompt\":\"q\",\"reasoning\":\"r\",\"completion\":\"a\"}\n");
	written(NX_FORMAT_INSTRUCTION, NX_REASONING_DROP,
	    "{\"prompt\":\"q\",\"completion\":\"a\"}\n");
	written(NX_FORMAT_INSTRUCTION, NX_REASONING_THINK,
	    "{\"prompt\":\"q\",\"completion\":\"<think>\\nr\\n</think>\\n\\na\"}\n");
	written(NX_FORMAT_CHAT, NX_REASONING_FIELD,
	    "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},"
	    "{\"role\":\"assistant\",\"content\":\"a\","
	    "\"reasoning_content\":\"r\"}]}\n");
	/* a field only the chat format has */
	nx_record_init(&rec);
	rec.prompt = rec.completion = rec.reasoning = (struct nx_str){"x", 1};
	ck_assert_int_eq(nx_format_write_reasoning(&b, NX_FORMAT_SHAREGPT,
			     NX_REASONING_FIELD, &rec, &err),
	    -1);
	nx_buf_free(&b);
	ck_assert_int_eq(nx_reasoning_parse(&how, "think"), 0);
	ck_assert_int_eq(how, NX_REASONING_THINK);
	ck_assert_int_eq(nx_reasoning_parse(&how, "inline"), -1);
}
END_TEST

START_TEST(test_record_reads_reasoning_apart_from_the_completion)
{
	static const char *const lines[] = {
	    "{\"prompt\":\"q\",\"completion\":\"<think>r</think>a\"}",
	    "{\"prompt\":\"q\",\"reasoning\":\"r\",\"completion\":\"a\"}",
	    ("{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":"
		"\"assistant\",\"content\":\"a\",\"reasoning_content\":\"r\"}]}"),
	    "{\"instruction\":\"q\",\"output\":\"<think>\\nr\\n</think>\\n\\na\"}",
	};
	struct nx_record rec;
	struct nx_error err;

	nx_record_init(&rec);
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		/* the fast path leaves such lines to the tree */
		ck_assert_int_eq(
		    nx_record_scan(&rec, lines[i], strlen(lines[i])), 0);
		ck_assert_int_eq(
		    nx_record_parse(&rec, lines[i], strlen(lines[i]), &err), 0);
		ck_assert_uint_eq(rec.completion.len, 1);
		ck_assert_mem_eq(rec.completion.s, "a", 1);
		ck_assert_uint_eq(rec.reasoning.len, 1);
		ck_assert_mem_eq(rec.reasoning.s, "r", 1);
	}
	nx_record_free(&rec);
}
END_TEST

/* Write line in fmt: 0 with the line in b, or -1 with err. */
static int
write_line(struct nx_buf *b, enum nx_format fmt, enum nx_reasoning how,
    const char *line, struct nx_error *err)
{
	struct nx_record rec;
	int rc;

	nx_record_init(&rec);
	nx_buf_reset(b);
	ck_assert_int_eq(nx_record_parse(&rec, line, strlen(line), err), 0);
	rc = nx_format_write_reasoning(b, fmt, how, &rec, err);
	nx_record_free(&rec);
	return rc;
}

static const char pref_pair[] =
    "{\"system\":\"S\",\"context\":[{\"role\":\"user\",\"content\":\"Bună\"},"
    "{\"role\":\"assistant\",\"content\":\"Salut\"}],\"prompt\":\"Cât e "
    "2+2?\",\"chosen\":\"4\",\"rejected\":\"5\",\"metadata\":{\"preference\":"
    "\"swipe\"}}";
static const char pref_pair_system[] =
    "{\"system\":\"S\",\"prompt\":\"Cât e 2+2?\",\"chosen\":\"4\","
    "\"rejected\":\"5\",\"metadata\":{\"preference\":\"swipe\"}}";
static const char pref_kto[] =
    "{\"prompt\":\"Cât e 2+2?\",\"reasoning\":\"r\",\"completion\":\"4\","
    "\"label\":false}";

START_TEST(test_format_writes_preferences_as_trainers_read_them)
{
	static const struct {
		enum nx_format fmt;
		enum nx_reasoning how;
		const char *line, *want;
	} cases[] = {
	    {NX_FORMAT_CHAT, NX_REASONING_DROP, pref_pair,
		"{\"prompt\":[{\"role\":\"system\",\"content\":\"S\"},{\"role\":"
		"\"user\",\"content\":\"Bună\"},{\"role\":\"assistant\","
		"\"content\":\"Salut\"},{\"role\":\"user\",\"content\":\"Cât e "
		"2+2?\"}],\"chosen\":[{\"role\":\"assistant\",\"content\":\"4\"}],"
		"\"rejected\":[{\"role\":\"assistant\",\"content\":\"5\"}],"
		"\"metadata\":{\"preference\":\"swipe\"}}\n"},
	    {NX_FORMAT_SHAREGPT, NX_REASONING_DROP, pref_pair,
		"{\"conversations\":[{\"from\":\"system\",\"value\":\"S\"},{"
		"\"from\":\"human\",\"value\":\"Bună\"},{\"from\":\"gpt\","
		"\"value\":\"Salut\"},{\"from\":\"human\",\"value\":\"Cât e "
		"2+2?\"}],\"chosen\":{\"from\":\"gpt\",\"value\":\"4\"},"
		"\"rejected\":{\"from\":\"gpt\",\"value\":\"5\"}}\n"},
	    {NX_FORMAT_OPENAI_PREFERENCE, NX_REASONING_DROP, pref_pair,
		"{\"input\":{\"messages\":[{\"role\":\"system\",\"content\":\"S\"}"
		",{\"role\":\"user\",\"content\":\"Bună\"},{\"role\":\"assistant\","
		"\"content\":\"Salut\"},{\"role\":\"user\",\"content\":\"Cât e "
		"2+2?\"}]},\"preferred_output\":[{\"role\":\"assistant\","
		"\"content\":\"4\"}],\"non_preferred_output\":[{\"role\":"
		"\"assistant\",\"content\":\"5\"}]}\n"},
	    {NX_FORMAT_INSTRUCTION, NX_REASONING_DROP, pref_kto,
		"{\"prompt\":\"Cât e 2+2?\",\"completion\":\"4\",\"label\":false}"
		"\n"},
	    {NX_FORMAT_ALPACA, NX_REASONING_DROP, pref_pair,
		"{\"instruction\":\"Cât e 2+2?\",\"input\":\"\",\"chosen\":\"4\","
		"\"rejected\":\"5\",\"system\":\"S\",\"history\":[[\"Bună\","
		"\"Salut\"]]}\n"},
	    {NX_FORMAT_ALPACA, NX_REASONING_THINK, pref_kto,
		"{\"instruction\":\"Cât e 2+2?\",\"input\":\"\",\"output\":"
		"\"<think>\\nr\\n</think>\\n\\n4\",\"label\":false}\n"},
	    {NX_FORMAT_MLX_PREFERENCE, NX_REASONING_DROP, pref_pair_system,
		"{\"system\":\"S\",\"prompt\":\"Cât e 2+2?\",\"chosen\":\"4\","
		"\"rejected\":\"5\",\"metadata\":{\"preference\":\"swipe\"}}\n"},
	    {NX_FORMAT_CHAT, NX_REASONING_FIELD, pref_kto,
		"{\"prompt\":[{\"role\":\"user\",\"content\":\"Cât e 2+2?\"}],"
		"\"completion\":[{\"role\":\"assistant\",\"content\":\"4\","
		"\"reasoning_content\":\"r\"}],\"label\":false}\n"},
	    {NX_FORMAT_SHAREGPT, NX_REASONING_THINK, pref_kto,
		"{\"conversations\":[{\"from\":\"human\",\"value\":\"Cât e "
		"2+2?\"},{\"from\":\"gpt\",\"value\":\"<think>\\nr\\n</think>"
		"\\n\\n4\"}],\"kto_tag\":false}\n"},
	    {NX_FORMAT_NEUTRAL, NX_REASONING_DROP, pref_kto,
		"{\"prompt\":\"Cât e 2+2?\",\"reasoning\":\"r\",\"completion\":"
		"\"4\",\"label\":false}\n"},
	};
	struct nx_error err;
	struct nx_buf b = NX_BUF_INIT;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(write_line(&b, cases[i].fmt, cases[i].how,
				     cases[i].line, &err),
		    0);
		ck_assert_msg(b.len == strlen(cases[i].want) &&
			memcmp(b.data, cases[i].want, b.len) == 0,
		    "case %zu: %.*s", i, (int)b.len, b.data);
	}
	nx_buf_free(&b);
}
END_TEST

START_TEST(test_format_refuses_preferences_it_cannot_hold)
{
	static const struct {
		enum nx_format fmt;
		enum nx_reasoning how;
		const char *line, *why;
	} cases[] = {
	    {NX_FORMAT_ALPACA, NX_REASONING_DROP,
		"{\"context\":[{\"role\":\"assistant\",\"content\":\"Salut\"}],"
		"\"prompt\":\"a\",\"chosen\":\"b\",\"rejected\":\"c\"}",
		"alpaca history needs user/assistant pairs in context"},
	    {NX_FORMAT_COMPLETION, NX_REASONING_DROP, pref_kto,
		"completion has no place for a labelled completion"},
	    {NX_FORMAT_INSTRUCTION, NX_REASONING_DROP, pref_pair,
		"instruction has no place for a system prompt or context "
		"(chat has)"},
	    {NX_FORMAT_OPENAI_PREFERENCE, NX_REASONING_DROP, pref_kto,
		"openai-preference has no place for a labelled completion"},
	    {NX_FORMAT_OPENAI_PREFERENCE, NX_REASONING_DROP,
		"{\"prompt\":\"a\",\"completion\":\"b\"}",
		"openai-preference holds preference pairs only"},
	    {NX_FORMAT_MLX_PREFERENCE, NX_REASONING_DROP, pref_pair,
		"mlx-preference has no place for context (a system prompt and "
		"one user turn)"},
	    {NX_FORMAT_MLX_PREFERENCE, NX_REASONING_DROP, pref_kto,
		"mlx-preference has no place for a labelled completion"},
	    {NX_FORMAT_MLX_PREFERENCE, NX_REASONING_DROP,
		"{\"prompt\":\"a\",\"completion\":\"b\"}",
		"mlx-preference holds preference pairs only"},
	    {NX_FORMAT_CHAT, NX_REASONING_THINK,
		"{\"prompt\":\"a\",\"reasoning\":\"r\",\"chosen\":\"b\","
		"\"rejected\":\"c\"}",
		"a pair keeps the chosen reply's thinking only: --reasoning "
		"drop"},
	};
	struct nx_error err;
	struct nx_buf b = NX_BUF_INIT;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(write_line(&b, cases[i].fmt, cases[i].how,
				     cases[i].line, &err),
		    -1);
		ck_assert_str_eq(err.msg, cases[i].why);
	}
	nx_buf_free(&b);
}
END_TEST

Suite *
format_suite(void)
{
	Suite *s = suite_create("format");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_format_round_trips_every_pair_of_formats);
	tcase_add_test(tc, test_format_writes_design_shapes_exactly);
	tcase_add_test(tc, test_format_json_string_escapes_and_repairs);
	tcase_add_test(tc, test_format_keeps_tool_turns_where_it_can);
	tcase_add_test(tc, test_format_sharegpt_calls_as_openai_and_back);
	tcase_add_test(tc, test_format_refuses_alpaca_for_odd_context);
	tcase_add_test(tc, test_format_parses_names);
	tcase_add_test(tc, test_format_reasoning_dropped_inline_or_a_field);
	tcase_add_test(tc, test_record_reads_reasoning_apart_from_the_completion);
	tcase_add_test(tc, test_format_writes_preferences_as_trainers_read_them);
	tcase_add_test(tc, test_format_refuses_preferences_it_cannot_hold);
	suite_add_tcase(s, tc);
	return s;
}
