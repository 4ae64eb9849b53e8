#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "scan.h"
#include "text.h"

const struct nx_cli_choice nx_formats[] = {
    {"neutral", NX_FORMAT_NEUTRAL},
    {"instruction", NX_FORMAT_INSTRUCTION},
    {"chat", NX_FORMAT_CHAT},
    {"completion", NX_FORMAT_COMPLETION},
    {"alpaca", NX_FORMAT_ALPACA},
    {"sharegpt", NX_FORMAT_SHAREGPT},
    {"completion-system", NX_FORMAT_COMPLETION_SYSTEM},
    {"openai-preference", NX_FORMAT_OPENAI_PREFERENCE},
    {"mlx-preference", NX_FORMAT_MLX_PREFERENCE},
    {NULL, 0},
};

const struct nx_cli_choice nx_reasonings[] = {
    {"drop", NX_REASONING_DROP},
    {"think", NX_REASONING_THINK},
    {"field", NX_REASONING_FIELD},
    {NULL, 0},
};

int
nx_format_parse(enum nx_format *out, const char *name)
{
	const struct nx_cli_choice *c = nx_cli_choice_find(nx_formats, name);

	if (c == NULL)
		return -1;
	*out = (enum nx_format)c->value;
	return 0;
}

const char *
nx_format_name(enum nx_format fmt)
{
	return nx_cli_choice_name(nx_formats, (int)fmt);
}

/* Bytes that cannot stand for themselves inside a JSON string. */
static const unsigned char special[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x00 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x10 */
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* '"' */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0,
    0, /* '\\' */
};

static int
escape(struct nx_buf *b, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char esc[6] = {'\\', 0, '0', '0', 0, 0};
	size_t elen = 2;

	switch (c) {
	case '"':
		esc[1] = '"';
		break;
	case '\\':
		esc[1] = '\\';
		break;
	case '\n':
		esc[1] = 'n';
		break;
	case '\r':
		esc[1] = 'r';
		break;
	case '\t':
		esc[1] = 't';
		break;
	case '\b':
		esc[1] = 'b';
		break;
	case '\f':
		esc[1] = 'f';
		break;
	default:
		esc[1] = 'u';
		esc[4] = hex[c >> 4];
		esc[5] = hex[c & 0xF];
		elen = 6;
	}
	return nx_buf_add(b, esc, elen);
}

/* The body of a string known to be valid UTF-8: escapes only. */
static int
escape_valid(struct nx_buf *b, const unsigned char *p, const unsigned char *end)
{
	while (p < end) {
		const unsigned char *run = p;

		p = nx_scan_special(p, end);
		if (p > run && nx_buf_add(b, run, (size_t)(p - run)) < 0)
			return -1;
		if (p < end && escape(b, *p++) < 0)
			return -1;
	}
	return 0;
}

/* Length of the valid UTF-8 sequence at p (at most n bytes), or 0. */
static size_t
utf8_seq(const unsigned char *p, size_t n)
{
	size_t k = *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;

	if (*p < 0xC2 || *p > 0xF4 || k > n)
		return 0;
	return nx_text_utf8_valid((const char *)p, k) ? k : 0;
}

int
nx_format_json_field(struct nx_buf *b, const char *key, struct nx_str v)
{
	if (v.s == NULL)
		return 0;
	return nx_buf_addc(b, ',') < 0 ||
		nx_format_json_string(b, key, strlen(key)) < 0 ||
		nx_buf_addc(b, ':') < 0 || nx_format_json_string(b, v.s, v.len) < 0
	    ? -1
	    : 0;
}

int
nx_format_json_string(struct nx_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	if (nx_buf_reserve(b, n + 2) < 0 || nx_buf_addc(b, '"') < 0)
		return -1;
	if (nx_text_utf8_valid(s, n)) {
		if (escape_valid(b, p, end) < 0)
			return -1;
		return nx_buf_addc(b, '"');
	}
	/* Not UTF-8: each bad byte becomes U+FFFD. */
	while (p < end) {
		size_t k;

		if (*p < 0x80) {
			if ((special[*p] ? escape(b, *p)
					 : nx_buf_addc(b, (char)*p)) < 0)
				return -1;
			p++;
		} else if ((k = utf8_seq(p, (size_t)(end - p))) == 0) {
			if (nx_buf_add(b, "\xEF\xBF\xBD", 3) < 0)
				return -1;
			p++;
		} else {
			if (nx_buf_add(b, p, k) < 0)
				return -1;
			p += k;
		}
	}
	return nx_buf_addc(b, '"');
}

static int
dump_cb(const char *buffer, size_t size, void *data)
{
	return nx_buf_add(data, buffer, size);
}

int
nx_format_json_value(struct nx_buf *b, const json_t *v)
{
	return json_dump_callback(
	    v, dump_cb, b, JSON_COMPACT | JSON_ENCODE_ANY);
}

/* A record's string: valid UTF-8 by the contract of struct nx_record. */
static int
str_valid(struct nx_buf *b, struct nx_str v)
{
	const unsigned char *p = (const unsigned char *)v.s;

	return nx_buf_reserve(b, v.len + 2) < 0 || nx_buf_addc(b, '"') < 0 ||
		escape_valid(b, p, p + v.len) < 0 || nx_buf_addc(b, '"') < 0
	    ? -1
	    : 0;
}

/* ,"key":"value" — or "key":"value" when first. */
static int
field_str(struct nx_buf *b, int *first, const char *key, struct nx_str v)
{
	if (v.s == NULL)
		return 0;
	if ((!*first && nx_buf_addc(b, ',') < 0) || nx_buf_addc(b, '"') < 0 ||
	    nx_buf_adds(b, key) < 0 || nx_buf_adds(b, "\":") < 0 ||
	    str_valid(b, v) < 0)
		return -1;
	*first = 0;
	return 0;
}

/* ,"metadata":… from the tree or, failing that, the raw text. */
static int
field_metadata(struct nx_buf *b, int *first, const struct nx_record *rec)
{
	if (rec->metadata == NULL && rec->metadata_raw.s == NULL)
		return 0;
	if ((!*first && nx_buf_addc(b, ',') < 0) ||
	    nx_buf_adds(b, "\"metadata\":") < 0)
		return -1;
	*first = 0;
	if (rec->metadata != NULL)
		return nx_format_json_value(b, rec->metadata);
	return nx_buf_add(b, rec->metadata_raw.s, rec->metadata_raw.len);
}

/* One {"<rolekey>":"<role>","<textkey>":"…"} message. */
static int
message(struct nx_buf *b, const char *rolekey, const char *role,
    const char *textkey, struct nx_str text)
{
	int first = 1;
	struct nx_str r = {role, strlen(role)};

	return nx_buf_addc(b, '{') < 0 ||
		field_str(b, &first, rolekey, r) < 0 ||
		field_str(b, &first, textkey, text) < 0 ||
		nx_buf_addc(b, '}') < 0
	    ? -1
	    : 0;
}

/* ,"key":raw — raw JSON text, when present. */
static int
field_raw(struct nx_buf *b, const char *key, struct nx_str raw)
{
	if (raw.s == NULL)
		return 0;
	return nx_buf_addc(b, ',') < 0 || nx_buf_addc(b, '"') < 0 ||
		nx_buf_adds(b, key) < 0 || nx_buf_adds(b, "\":") < 0 ||
		nx_buf_add(b, raw.s, raw.len) < 0
	    ? -1
	    : 0;
}

/*
 * One turn as a chat message, in OpenAI's shape: an assistant's calls as
 * {"role":"assistant","content":null,"tool_calls":[…]} (content its text
 * when it said something), a tool's result as {"role":"tool",
 * "tool_call_id","name","content"}; "weight" when the turn had one.
 */
static int
chat_message(struct nx_buf *b, const char *role, const struct nx_turn *t)
{
	int first = 1;
	struct nx_str r = {role, strlen(role)};

	if (nx_buf_addc(b, '{') < 0 || field_str(b, &first, "role", r) < 0)
		return -1;
	if (t->role == NX_ROLE_TOOL &&
	    (field_str(b, &first, "tool_call_id", t->call_id) < 0 ||
		field_str(b, &first, "name", t->name) < 0))
		return -1;
	if (t->calls.s != NULL && t->text.len == 0) {
		if (nx_buf_adds(b, ",\"content\":null") < 0)
			return -1;
	} else if (field_str(b, &first, "content", t->text) < 0)
		return -1;
	return field_raw(b, "tool_calls", t->calls) < 0 ||
		field_raw(b, "weight", t->weight) < 0 || nx_buf_addc(b, '}') < 0
	    ? -1
	    : 0;
}

/*
 * An assistant's calls as ShareGPT's function_call value: the JSON of
 * {"name","arguments"} (arguments as the object they spell, when they are
 * JSON), a list of them for several calls.
 */
static int
sharegpt_calls(struct nx_buf *b, struct nx_str calls)
{
	json_t *v = json_loadb(calls.s, calls.len, 0, &(json_error_t){0});
	json_t *out = json_array(), *c;
	size_t i;
	char *text = NULL;
	int rc = v != NULL && out != NULL ? 0 : -1;

	json_array_foreach(v, i, c)
	{
		json_t *fn = json_object_get(c, "function");
		json_t *args = json_object_get(fn, "arguments"), *parsed = NULL;

		if (json_is_string(args))
			parsed = json_loadb(json_string_value(args),
			    json_string_length(args), JSON_DECODE_ANY,
			    &(json_error_t){0});
		if (json_array_append_new(out,
			json_pack("{s:O,s:O}", "name",
			    json_object_get(fn, "name"), "arguments",
			    parsed != NULL ? parsed
			    : args != NULL ? args
					   : json_object())) < 0)
			rc = -1;
		json_decref(parsed);
	}
	if (rc == 0)
		text = json_dumps(json_array_size(out) == 1
			? json_array_get(out, 0)
			: out,
		    JSON_COMPACT | JSON_ENCODE_ANY);
	if (text == NULL || str_valid(b, (struct nx_str){text, strlen(text)}) < 0)
		rc = -1;
	free(text);
	json_decref(out);
	json_decref(v);
	return rc;
}

/* One turn as a ShareGPT message: calls as function_call, a result as
 * observation.  An assistant's text beside its calls has no place. */
static int
sharegpt_message(struct nx_buf *b, const char *role, const struct nx_turn *t)
{
	if (t->role == NX_ROLE_TOOL)
		role = "observation";
	else if (t->calls.s != NULL) {
		if (t->text.len > 0)
			return -2;
		return nx_buf_adds(b, "{\"from\":\"function_call\",\"value\":") <
			    0 ||
			sharegpt_calls(b, t->calls) < 0 ||
			nx_buf_addc(b, '}') < 0
		    ? -1
		    : 0;
	}
	return message(b, "from", role, "value", t->text);
}

/* One turn in the list of messages of fmt (chat, neutral or ShareGPT). */
static int
turn(struct nx_buf *b, enum nx_format fmt, const char *const roles[4],
    const struct nx_turn *t)
{
	if (fmt == NX_FORMAT_SHAREGPT)
		return sharegpt_message(b, roles[t->role], t);
	return chat_message(b, roles[t->role], t);
}

/* The turns t[0..n), comma separated (after one when comma). */
static int
turns(struct nx_buf *b, enum nx_format fmt, const char *const roles[4],
    const struct nx_turn *t, size_t n, int comma)
{
	int rc;

	for (size_t i = 0; i < n; i++)
		if (((comma || i > 0) && nx_buf_addc(b, ',') < 0) ||
		    (rc = turn(b, fmt, roles, &t[i])) < 0)
			return rc < 0 ? rc : -1;
	return 0;
}

/*
 * The turns of rec up to its prompt as a list of messages left open
 * ("[system?, context…, user"), with role names from roles[].  -2 when a
 * turn cannot be written in fmt.
 */
static int
prompt_turns(struct nx_buf *b, const struct nx_record *rec,
    enum nx_format fmt, const char *const roles[4])
{
	const char *rolekey = fmt == NX_FORMAT_SHAREGPT ? "from" : "role";
	const char *textkey = fmt == NX_FORMAT_SHAREGPT ? "value" : "content";
	int n = 0, rc;

	if (nx_buf_addc(b, '[') < 0)
		return -1;
	if (rec->system.s != NULL) {
		if (message(b, rolekey, roles[NX_ROLE_SYSTEM], textkey,
			rec->system) < 0)
			return -1;
		n++;
	}
	if ((rc = turns(b, fmt, roles, rec->context, rec->ncontext, n > 0)) <
	    0)
		return rc;
	n += (int)rec->ncontext;
	return (n > 0 && nx_buf_addc(b, ',') < 0) ||
		message(b, rolekey, roles[NX_ROLE_USER], textkey,
		    rec->prompt) < 0
	    ? -1
	    : 0;
}

/*
 * All turns of rec as a list of messages, with role names from roles[];
 * the reply with "reasoning_content" when reasoning is given.  -2 when a
 * turn cannot be written in fmt.
 */
static int
messages(struct nx_buf *b, const struct nx_record *rec, enum nx_format fmt,
    const char *const roles[4], struct nx_str reasoning)
{
	const char *rolekey = fmt == NX_FORMAT_SHAREGPT ? "from" : "role";
	const char *textkey = fmt == NX_FORMAT_SHAREGPT ? "value" : "content";
	int rc;

	if ((rc = prompt_turns(b, rec, fmt, roles)) < 0 ||
	    (rc = turns(b, fmt, roles, rec->steps, rec->nsteps, 1)) < 0 ||
	    nx_buf_addc(b, ',') < 0 ||
	    message(b, rolekey, roles[NX_ROLE_ASSISTANT], textkey,
		rec->completion) < 0)
		return rc < 0 ? rc : -1;
	if (reasoning.s != NULL) {
		int first = 0;

		b->len--; /* the reply's closing brace */
		if (field_str(b, &first, "reasoning_content", reasoning) < 0 ||
		    nx_buf_addc(b, '}') < 0)
			return -1;
	}
	return nx_buf_addc(b, ']');
}

static const char *const chat_roles[] = {
    "system", "user", "assistant", "tool"};

/* ,"key":[turns] when there are any. */
static int
field_turns(struct nx_buf *b, int *first, const char *key,
    const struct nx_turn *t, size_t n)
{
	if (n == 0)
		return 0;
	if ((!*first && nx_buf_addc(b, ',') < 0) || nx_buf_addc(b, '"') < 0 ||
	    nx_buf_adds(b, key) < 0 || nx_buf_adds(b, "\":[") < 0 ||
	    turns(b, NX_FORMAT_CHAT, chat_roles, t, n, 0) < 0)
		return -1;
	*first = 0;
	return nx_buf_addc(b, ']');
}

/* The reply of each kind: completion; chosen and rejected; completion and
 * label. */
static int
reply(struct nx_buf *b, int *first, const struct nx_record *rec)
{
	if (rec->kind == NX_KIND_PAIR)
		return field_str(b, first, "chosen", rec->completion) < 0 ||
			field_str(b, first, "rejected", rec->rejected) < 0
		    ? -1
		    : 0;
	if (field_str(b, first, "completion", rec->completion) < 0)
		return -1;
	if (rec->kind == NX_KIND_LABELED)
		return nx_buf_adds(b, rec->label ? ",\"label\":true"
						 : ",\"label\":false");
	return 0;
}

static int
neutral(struct nx_buf *b, const struct nx_record *rec)
{
	int first = 1;

	return nx_buf_addc(b, '{') < 0 ||
		field_str(b, &first, "id", rec->id) < 0 ||
		field_str(b, &first, "source", rec->source) < 0 ||
		field_str(b, &first, "system", rec->system) < 0 ||
		field_turns(b, &first, "context", rec->context, rec->ncontext) <
		    0 ||
		field_str(b, &first, "prompt", rec->prompt) < 0 ||
		field_turns(b, &first, "steps", rec->steps, rec->nsteps) < 0 ||
		field_str(b, &first, "reasoning", rec->reasoning) < 0 ||
		reply(b, &first, rec) < 0 || field_metadata(b, &first, rec) < 0
	    ? -1
	    : 0;
}

static int
instruction(struct nx_buf *b, const struct nx_record *rec)
{
	int first = 1;

	return nx_buf_addc(b, '{') < 0 ||
		field_str(b, &first, "prompt", rec->prompt) < 0 ||
		reply(b, &first, rec) < 0 || field_metadata(b, &first, rec) < 0
	    ? -1
	    : 0;
}

static int
chat(struct nx_buf *b, const struct nx_record *rec, struct nx_str reasoning)
{
	int first = 0, rc;

	if (nx_buf_adds(b, "{\"messages\":") < 0)
		return -1;
	if ((rc = messages(b, rec, NX_FORMAT_CHAT, chat_roles, reasoning)) < 0)
		return rc;
	return field_metadata(b, &first, rec);
}

static int
sharegpt(struct nx_buf *b, const struct nx_record *rec)
{
	static const char *const roles[] = {
	    "system", "human", "gpt", "observation"};

	if (nx_buf_adds(b, "{\"conversations\":") < 0)
		return -1;
	return messages(
	    b, rec, NX_FORMAT_SHAREGPT, roles, (struct nx_str){NULL, 0});
}

/* [{"role":"assistant","content":…}], the reply alone as a list, with
 * "reasoning_content" when reasoning is given. */
static int
assistant_list(struct nx_buf *b, struct nx_str text, struct nx_str reasoning)
{
	int first = 1;
	struct nx_str role = {"assistant", 9};

	return nx_buf_adds(b, "[{") < 0 ||
		field_str(b, &first, "role", role) < 0 ||
		field_str(b, &first, "content", text) < 0 ||
		field_str(b, &first, "reasoning_content", reasoning) < 0 ||
		nx_buf_adds(b, "}]") < 0
	    ? -1
	    : 0;
}

/*
 * TRL's conversational preference and KTO rows: "prompt" the turns up to
 * the user's, then "chosen" and "rejected", or "completion" and "label",
 * each reply a list of one assistant message.
 */
static int
chat_preference(struct nx_buf *b, const struct nx_record *rec,
    struct nx_str reasoning)
{
	struct nx_str none = {NULL, 0};
	int first = 0, rc = -1;

	if (nx_buf_adds(b, "{\"prompt\":") < 0 ||
	    (rc = prompt_turns(b, rec, NX_FORMAT_CHAT, chat_roles)) < 0 ||
	    nx_buf_addc(b, ']') < 0)
		return rc < 0 ? rc : -1;
	if (rec->kind == NX_KIND_PAIR
		? nx_buf_adds(b, ",\"chosen\":") < 0 ||
		    assistant_list(b, rec->completion, reasoning) < 0 ||
		    nx_buf_adds(b, ",\"rejected\":") < 0 ||
		    assistant_list(b, rec->rejected, none) < 0
		: nx_buf_adds(b, ",\"completion\":") < 0 ||
		    assistant_list(b, rec->completion, reasoning) < 0 ||
		    nx_buf_adds(b, rec->label ? ",\"label\":true"
					      : ",\"label\":false") < 0)
		return -1;
	return field_metadata(b, &first, rec);
}

/*
 * LLaMA-Factory's sharegpt ranking row: "conversations" up to the human
 * turn, "chosen" and "rejected" one gpt message each; a KTO row: the whole
 * conversation and "kto_tag".
 */
static int
sharegpt_preference(struct nx_buf *b, const struct nx_record *rec)
{
	static const char *const roles[] = {
	    "system", "human", "gpt", "observation"};
	int rc;

	if (nx_buf_adds(b, "{\"conversations\":") < 0)
		return -1;
	if (rec->kind == NX_KIND_LABELED) {
		if ((rc = messages(b, rec, NX_FORMAT_SHAREGPT, roles,
			 (struct nx_str){NULL, 0})) < 0)
			return rc;
		return nx_buf_adds(b, rec->label ? ",\"kto_tag\":true"
						 : ",\"kto_tag\":false");
	}
	if ((rc = prompt_turns(b, rec, NX_FORMAT_SHAREGPT, roles)) < 0)
		return rc;
	return nx_buf_adds(b, "],\"chosen\":") < 0 ||
		message(b, "from", "gpt", "value", rec->completion) < 0 ||
		nx_buf_adds(b, ",\"rejected\":") < 0 ||
		message(b, "from", "gpt", "value", rec->rejected) < 0
	    ? -1
	    : 0;
}

/*
 * The OpenAI-style preference row (OpenAI, Together, Fireworks, Azure):
 * {"input":{"messages":[…, user]},"preferred_output":[assistant],
 * "non_preferred_output":[assistant]}, and nothing else: Together's file
 * check refuses any other key, and OpenAI documents none.
 */
static int
openai_preference(struct nx_buf *b, const struct nx_record *rec)
{
	struct nx_str none = {NULL, 0};
	int rc = -1;

	if (nx_buf_adds(b, "{\"input\":{\"messages\":") < 0 ||
	    (rc = prompt_turns(b, rec, NX_FORMAT_CHAT, chat_roles)) < 0)
		return rc < 0 ? rc : -1;
	return nx_buf_adds(b, "]},\"preferred_output\":") < 0 ||
		assistant_list(b, rec->completion, none) < 0 ||
		nx_buf_adds(b, ",\"non_preferred_output\":") < 0 ||
		assistant_list(b, rec->rejected, none) < 0
	    ? -1
	    : 0;
}

/*
 * mlx-lm-lora's DPO, CPO and ORPO row: {"system"?,"prompt","chosen",
 * "rejected","metadata"}, every reply a string; it makes the conversation
 * [system?, user, assistant] of them, so there is no place for context.
 */
static int
mlx_preference(struct nx_buf *b, const struct nx_record *rec)
{
	int first = 1;

	return nx_buf_addc(b, '{') < 0 ||
		field_str(b, &first, "system", rec->system) < 0 ||
		field_str(b, &first, "prompt", rec->prompt) < 0 ||
		reply(b, &first, rec) < 0 || field_metadata(b, &first, rec) < 0
	    ? -1
	    : 0;
}

/* Whether fmt holds preference pairs and nothing else. */
static int
pairs_only(enum nx_format fmt)
{
	return fmt == NX_FORMAT_OPENAI_PREFERENCE ||
	    fmt == NX_FORMAT_MLX_PREFERENCE;
}

/*
 * Whether fmt holds rec's kind: 0, or -1 with err saying why not.  A
 * preference goes where its trainer reads it (instruction, chat, sharegpt,
 * alpaca; a pair also openai-preference and mlx-preference); a plain row
 * has no place for a system prompt or context, mlx's none for context, and
 * tool steps would belong to one reply alone.
 */
static int
kind_fits(enum nx_format fmt, const struct nx_record *rec,
    struct nx_error *err)
{
	if (rec->kind == NX_KIND_REPLY)
		return pairs_only(fmt)
		    ? nx_error_set(err, "%s holds preference pairs only",
			  nx_format_name(fmt))
		    : 0;
	if (fmt == NX_FORMAT_NEUTRAL)
		return 0;
	if (fmt != NX_FORMAT_INSTRUCTION && fmt != NX_FORMAT_CHAT &&
	    fmt != NX_FORMAT_SHAREGPT && fmt != NX_FORMAT_ALPACA &&
	    (!pairs_only(fmt) || rec->kind != NX_KIND_PAIR))
		return nx_error_set(err, "%s has no place for a %s",
		    nx_format_name(fmt),
		    rec->kind == NX_KIND_PAIR ? "preference pair"
					      : "labelled completion");
	if (fmt == NX_FORMAT_INSTRUCTION &&
	    (rec->system.s != NULL || rec->ncontext > 0))
		return nx_error_set(err, "instruction has no place for a "
					 "system prompt or context (chat has)");
	if (fmt == NX_FORMAT_MLX_PREFERENCE && rec->ncontext > 0)
		return nx_error_set(err, "mlx-preference has no place for "
					 "context (a system prompt and one user "
					 "turn)");
	if (rec->nsteps > 0)
		return nx_error_set(err, "a preference with tool steps: they "
					 "belong to one reply alone");
	return 0;
}

/*
 * The seed's text: "<|user|>\n…\n<|assistant|>\n…", with no system block,
 * as Nova's own training files and its inference prompt have it; with_system
 * (the completion-system format) puts "<|system|>\n…\n" first.
 */
static int
completion(struct nx_buf *b, const struct nx_record *rec, int with_system)
{
	static const char *const tags[] = {
	    "<|system|>\n", "<|user|>\n", "<|assistant|>\n"};
	struct nx_buf t = NX_BUF_INIT;
	int rc = -1;

	if (with_system && rec->system.s != NULL &&
	    (nx_buf_adds(&t, tags[NX_ROLE_SYSTEM]) < 0 ||
		nx_buf_add(&t, rec->system.s, rec->system.len) < 0 ||
		nx_buf_addc(&t, '\n') < 0))
		goto out;
	for (size_t i = 0; i < rec->ncontext; i++)
		if (nx_buf_adds(&t, tags[rec->context[i].role]) < 0 ||
		    nx_buf_add(&t, rec->context[i].text.s,
			rec->context[i].text.len) < 0 ||
		    nx_buf_addc(&t, '\n') < 0)
			goto out;
	if (nx_buf_adds(&t, tags[NX_ROLE_USER]) < 0 ||
	    nx_buf_add(&t, rec->prompt.s, rec->prompt.len) < 0 ||
	    nx_buf_addc(&t, '\n') < 0 ||
	    nx_buf_adds(&t, tags[NX_ROLE_ASSISTANT]) < 0 ||
	    nx_buf_add(&t, rec->completion.s, rec->completion.len) < 0)
		goto out;
	rc = nx_buf_adds(b, "{\"text\":") < 0 ||
		str_valid(b, (struct nx_str){t.data, t.len}) < 0
	    ? -1
	    : 0;
out:
	nx_buf_free(&t);
	return rc;
}

static int
context_is_pairs(const struct nx_record *rec)
{
	if (rec->ncontext % 2 != 0)
		return 0;
	for (size_t i = 0; i < rec->ncontext; i++)
		if (rec->context[i].role !=
		    (i % 2 == 0 ? NX_ROLE_USER : NX_ROLE_ASSISTANT))
			return 0;
	return 1;
}

/*
 * Alpaca's reply: "output" (a KTO record's with a boolean "label", the
 * kto_tag column LLaMA-Factory is told of), or LLaMA-Factory's ranking
 * "chosen" and "rejected".
 */
static int
alpaca_reply(struct nx_buf *b, int *first, const struct nx_record *rec)
{
	if (rec->kind == NX_KIND_PAIR)
		return reply(b, first, rec);
	if (field_str(b, first, "output", rec->completion) < 0)
		return -1;
	if (rec->kind == NX_KIND_LABELED)
		return nx_buf_adds(b, rec->label ? ",\"label\":true"
						 : ",\"label\":false");
	return 0;
}

static int
alpaca(struct nx_buf *b, const struct nx_record *rec)
{
	struct nx_str empty = {"", 0};
	int first = 1;

	if (nx_buf_addc(b, '{') < 0 ||
	    field_str(b, &first, "instruction", rec->prompt) < 0 ||
	    field_str(b, &first, "input", empty) < 0 ||
	    alpaca_reply(b, &first, rec) < 0 ||
	    field_str(b, &first, "system", rec->system) < 0)
		return -1;
	if (rec->ncontext == 0)
		return 0;
	if (nx_buf_adds(b, ",\"history\":[") < 0)
		return -1;
	for (size_t i = 0; i + 1 < rec->ncontext; i += 2) {
		const struct nx_turn *q = &rec->context[i], *a = q + 1;

		if ((i > 0 && nx_buf_addc(b, ',') < 0) ||
		    nx_buf_addc(b, '[') < 0 || str_valid(b, q->text) < 0 ||
		    nx_buf_addc(b, ',') < 0 || str_valid(b, a->text) < 0 ||
		    nx_buf_addc(b, ']') < 0)
			return -1;
	}
	return nx_buf_addc(b, ']');
}

int
nx_reasoning_parse(enum nx_reasoning *out, const char *name)
{
	const struct nx_cli_choice *c = nx_cli_choice_find(nx_reasonings, name);

	if (c == NULL)
		return -1;
	*out = (enum nx_reasoning)c->value;
	return 0;
}

int
nx_format_holds_tools(enum nx_format fmt)
{
	return fmt == NX_FORMAT_NEUTRAL || fmt == NX_FORMAT_CHAT ||
	    fmt == NX_FORMAT_SHAREGPT || fmt == NX_FORMAT_OPENAI_PREFERENCE;
}

static int
write_one(struct nx_buf *b, enum nx_format fmt, const struct nx_record *rec,
    struct nx_str reasoning, struct nx_error *err)
{
	struct nx_record plain;
	struct nx_turn *kept = NULL;
	int rc;

	if (kind_fits(fmt, rec, err) < 0)
		return -1;
	/* A format without tool turns: the record without them (an
	 * assistant's calls go with what it said beside them). */
	if (!nx_format_holds_tools(fmt) && nx_record_tool_turns(rec) > 0) {
		size_t n = 0;

		if (rec->ncontext > 0 &&
		    (kept = malloc(rec->ncontext * sizeof(*kept))) == NULL)
			return nx_error_set(err, "out of memory");
		for (size_t i = 0; i < rec->ncontext; i++)
			if (!nx_turn_is_tool(&rec->context[i]))
				kept[n++] = rec->context[i];
		plain = *rec;
		plain.context = kept;
		plain.ncontext = n;
		plain.steps = NULL;
		plain.nsteps = 0;
		rec = &plain;
	}
	if (fmt == NX_FORMAT_ALPACA && !context_is_pairs(rec)) {
		free(kept);
		return nx_error_set(err,
		    "alpaca history needs user/assistant pairs in context");
	}

	switch (fmt) {
	case NX_FORMAT_NEUTRAL:
		rc = neutral(b, rec);
		break;
	case NX_FORMAT_INSTRUCTION:
		rc = instruction(b, rec);
		break;
	case NX_FORMAT_CHAT:
		rc = rec->kind != NX_KIND_REPLY ? chat_preference(b, rec, reasoning)
						: chat(b, rec, reasoning);
		break;
	case NX_FORMAT_OPENAI_PREFERENCE:
		rc = openai_preference(b, rec);
		break;
	case NX_FORMAT_MLX_PREFERENCE:
		rc = mlx_preference(b, rec);
		break;
	case NX_FORMAT_COMPLETION:
	case NX_FORMAT_COMPLETION_SYSTEM:
		rc = completion(b, rec, fmt == NX_FORMAT_COMPLETION_SYSTEM);
		break;
	case NX_FORMAT_ALPACA:
		rc = alpaca(b, rec);
		break;
	case NX_FORMAT_SHAREGPT:
	default:
		rc = rec->kind != NX_KIND_REPLY ? sharegpt_preference(b, rec)
						: sharegpt(b, rec);
		break;
	}
	free(kept);
	if (rc == -2)
		return nx_error_set(err,
		    "sharegpt has no place for an assistant's text beside its "
		    "tool calls");
	if (rc < 0 || nx_buf_adds(b, "}\n") < 0)
		return nx_error_set(err, "out of memory");
	return 0;
}

int
nx_format_write(struct nx_buf *b, enum nx_format fmt,
    const struct nx_record *rec, struct nx_error *err)
{
	return nx_format_write_reasoning(b, fmt, NX_REASONING_DROP, rec, err);
}

int
nx_format_write_reasoning(struct nx_buf *b, enum nx_format fmt,
    enum nx_reasoning how, const struct nx_record *rec,
    struct nx_error *err)
{
	struct nx_str none = {NULL, 0};
	struct nx_record inline_rec;
	struct nx_buf t = NX_BUF_INIT;
	int rc;

	if (fmt == NX_FORMAT_NEUTRAL || rec->reasoning.s == NULL ||
	    how == NX_REASONING_DROP)
		return write_one(b, fmt, rec, none, err);
	/* The rejected reply's thinking is not kept: thinking on one side
	 * only would be learned as the preference. */
	if (rec->kind == NX_KIND_PAIR)
		return nx_error_set(err, "a pair keeps the chosen reply's "
					 "thinking only: --reasoning drop");
	if (how == NX_REASONING_FIELD) {
		if (fmt != NX_FORMAT_CHAT)
			return nx_error_set(err,
			    "a reasoning_content field needs the chat format");
		return write_one(b, fmt, rec, rec->reasoning, err);
	}
	/* The thinking inline, ahead of the answer, as LLaMA-Factory and
	 * the Qwen and DeepSeek templates write it. */
	if (nx_buf_adds(&t, "<think>\n") < 0 ||
	    nx_buf_add(&t, rec->reasoning.s, rec->reasoning.len) < 0 ||
	    nx_buf_adds(&t, "\n</think>\n\n") < 0 ||
	    nx_buf_add(&t, rec->completion.s, rec->completion.len) < 0) {
		nx_buf_free(&t);
		return nx_error_set(err, "out of memory");
	}
	inline_rec = *rec;
	inline_rec.completion = (struct nx_str){t.data, t.len};
	rc = write_one(b, fmt, &inline_rec, none, err);
	nx_buf_free(&t);
	return rc;
}
