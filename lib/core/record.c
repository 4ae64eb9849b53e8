#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "record.h"
#include "scan.h"
#include "text.h"

#define NOMEM(err) nx_error_nomem(err)

void
nx_record_init(struct nx_record *rec)
{
	memset(rec, 0, sizeof(*rec));
}

void
nx_record_clear(struct nx_record *rec)
{
	struct nx_turn *context = rec->context;
	size_t context_cap = rec->context_cap;
	char **owned = rec->owned;
	size_t owned_cap = rec->owned_cap;
	struct nx_buf scratch = rec->scratch;

	json_decref(rec->root);
	for (size_t i = 0; i < rec->nowned; i++)
		free(rec->owned[i]);
	memset(rec, 0, sizeof(*rec));
	rec->context = context;
	rec->context_cap = context_cap;
	rec->owned = owned;
	rec->owned_cap = owned_cap;
	rec->scratch = scratch;
	nx_buf_reset(&rec->scratch);
}

void
nx_record_free(struct nx_record *rec)
{
	nx_record_clear(rec);
	free(rec->context);
	free(rec->owned);
	nx_buf_free(&rec->scratch);
	memset(rec, 0, sizeof(*rec));
}

const char *
nx_role_name(enum nx_role role)
{
	switch (role) {
	case NX_ROLE_SYSTEM:
		return "system";
	case NX_ROLE_USER:
		return "user";
	case NX_ROLE_TOOL:
		return "tool";
	default:
		return "assistant";
	}
}

int
nx_record_add_context(
    struct nx_record *rec, enum nx_role role, struct nx_str text)
{
	if (rec->ncontext == rec->context_cap) {
		size_t ncap = rec->context_cap != 0 ? rec->context_cap * 2 : 8;
		struct nx_turn *p;

		p = realloc(rec->context, ncap * sizeof(*p));
		if (p == NULL)
			return -1;
		rec->context = p;
		rec->context_cap = ncap;
	}
	rec->context[rec->ncontext++] =
	    (struct nx_turn){.role = role, .text = text};
	return 0;
}

/* Keep p (malloc'd) until the record is cleared; frees it on failure. */
static int
own(struct nx_record *rec, char *p)
{
	if (rec->nowned == rec->owned_cap) {
		size_t ncap = rec->owned_cap != 0 ? rec->owned_cap * 2 : 4;
		char **q = realloc(rec->owned, ncap * sizeof(*q));

		if (q == NULL) {
			free(p);
			return -1;
		}
		rec->owned = q;
		rec->owned_cap = ncap;
	}
	rec->owned[rec->nowned++] = p;
	return 0;
}

/* A copy of b's bytes that the record owns, as an nx_str. */
static int
own_buf(struct nx_record *rec, struct nx_str *out, const struct nx_buf *b)
{
	char *p = malloc(b->len + 1);

	if (p == NULL || own(rec, p) < 0)
		return -1;
	if (b->len > 0)
		memcpy(p, b->data, b->len);
	p[b->len] = '\0';
	out->s = p;
	out->len = b->len;
	return 0;
}

int
nx_record_keep(
    struct nx_record *rec, struct nx_str *out, const struct nx_buf *b)
{
	return own_buf(rec, out, b);
}

static struct nx_str
str_of(const json_t *v)
{
	struct nx_str s = {json_string_value(v), json_string_length(v)};

	return s;
}

/*
 * Read the optional string field key of obj into *out.  A present value that
 * is not a string is a shape error.
 */
static int
opt_string(struct nx_str *out, const json_t *obj, const char *key,
    struct nx_error *err)
{
	json_t *v = json_object_get(obj, key);

	out->s = NULL;
	out->len = 0;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return nx_error_set(err, "\"%s\" is not a string", key);
	*out = str_of(v);
	return 0;
}

static int
req_string(struct nx_str *out, const json_t *obj, const char *key,
    struct nx_error *err)
{
	if (opt_string(out, obj, key, err) < 0)
		return -1;
	if (out->s == NULL)
		return nx_error_set(err, "no \"%s\" string", key);
	return 0;
}

int
nx_role_parse(enum nx_role *out, const char *name)
{
	static const struct {
		const char *name;
		enum nx_role role;
	} roles[] = {
	    {"user", NX_ROLE_USER},
	    {"human", NX_ROLE_USER},
	    {"assistant", NX_ROLE_ASSISTANT},
	    {"gpt", NX_ROLE_ASSISTANT},
	    {"model", NX_ROLE_ASSISTANT},
	    {"bot", NX_ROLE_ASSISTANT},
	    {"system", NX_ROLE_SYSTEM},
	    {"developer", NX_ROLE_SYSTEM},
	};

	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strcmp(name, roles[i].name) == 0) {
			*out = roles[i].role;
			return 0;
		}
	return -1;
}

int
nx_record_content(struct nx_record *rec, struct nx_str *out, const json_t *v,
    const char *key, size_t *skipped, struct nx_error *err)
{
	struct nx_buf b = NX_BUF_INIT;
	size_t i, nparts = 0, ignored = 0;
	json_t *part;
	int rc = 0;

	if (skipped == NULL)
		skipped = &ignored;
	if (json_is_string(v)) {
		*out = str_of(v);
		return 0;
	}
	if (!json_is_array(v))
		return nx_error_set(err, "\"%s\" is not a string", key);
	json_array_foreach(v, i, part)
	{
		json_t *text = part;

		if (json_is_object(part)) {
			json_t *type = json_object_get(part, "type");

			if (type != NULL &&
			    !(json_is_string(type) &&
				strcmp(json_string_value(type), "text") == 0)) {
				*skipped += 1;
				continue;
			}
			text = json_object_get(part, "text");
			if (text == NULL) /* LLaMA-Factory's v1 parts */
				text = json_object_get(part, "value");
		}
		if (!json_is_string(text)) {
			*skipped += 1;
			continue;
		}
		if ((nparts++ > 0 && nx_buf_addc(&b, '\n') < 0) ||
		    nx_buf_add(&b, json_string_value(text),
			json_string_length(text)) < 0) {
			rc = NOMEM(err);
			break;
		}
	}
	if (rc == 0 && nparts == 0)
		rc = nx_error_set(err, "\"%s\" has no text part", key);
	if (rc == 0 && own_buf(rec, out, &b) < 0)
		rc = NOMEM(err);
	nx_buf_free(&b);
	return rc;
}

/*
 * Turn a list of turns into the view: leading system turn → system, the last
 * turn (an assistant's reply) → completion, the tool calls and results
 * before it → steps, the user turn before them → prompt, the rest →
 * context.  The turns are in rec->context on entry.
 */
static int
pair_turns(struct nx_record *rec, struct nx_error *err)
{
	struct nx_turn *t = rec->context;
	size_t n = rec->ncontext, first = 0, u;

	if (n > 0 && t[0].role == NX_ROLE_SYSTEM) {
		if (rec->system.s != NULL)
			return nx_error_set(err, "two system prompts");
		rec->system = t[0].text;
		first = 1;
	}
	for (size_t i = first; i < n; i++)
		if (t[i].role == NX_ROLE_SYSTEM)
			return nx_error_set(
			    err, "system message after the first turn");
	if (n - first < 2)
		return nx_error_set(
		    err, "fewer than two turns: no user turn and reply");
	if (t[n - 1].role != NX_ROLE_ASSISTANT)
		return nx_error_set(err, "last turn is not an assistant reply");
	if (t[n - 1].calls.s != NULL)
		return nx_error_set(
		    err, "last turn is a tool call, not an assistant reply");
	for (u = n - 1; u > first && nx_turn_is_tool(&t[u - 1]); u--)
		;
	if (u == first || t[u - 1].role != NX_ROLE_USER)
		return nx_error_set(
		    err, "assistant reply without a user turn before it");
	u--;
	rec->prompt = t[u].text;
	rec->completion = t[n - 1].text;
	/* context t[first..u), steps t[u+1..n-1): context moves to the
	 * front, steps stay where they are */
	if (first > 0)
		memmove(t, t + 1, (u - 1) * sizeof(*t));
	rec->ncontext = u - first;
	rec->steps = t + u + 1;
	rec->nsteps = n - 1 - (u + 1);
	return 0;
}

static int read_neutral_turns(struct nx_record *rec, const json_t *list,
    const char *key, int steps, struct nx_error *err);

/*
 * A neutral record's turns: "context", then "steps" (the tool turns
 * between the prompt and the completion, kept after the context in the
 * same array).
 */
static int
read_neutral(struct nx_record *rec, const json_t *root, struct nx_error *err)
{
	size_t n;

	if (read_neutral_turns(
		rec, json_object_get(root, "context"), "context", 0, err) < 0)
		return -1;
	n = rec->ncontext;
	if (read_neutral_turns(
		rec, json_object_get(root, "steps"), "steps", 1, err) < 0)
		return -1;
	if (rec->ncontext > n) {
		rec->steps = rec->context + n;
		rec->nsteps = rec->ncontext - n;
	}
	rec->ncontext = n;
	return 0;
}

/* Keep v as compact JSON text that rec owns, in *out. */
static int
keep_json(struct nx_record *rec, struct nx_str *out, const json_t *v)
{
	char *p = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

	if (p == NULL || own(rec, p) < 0)
		return -1;
	out->s = p;
	out->len = strlen(p);
	return 0;
}

/*
 * One {"name", "arguments"} call (ShareGPT's function_call value, a
 * LLaMA-Factory tool_call part) appended to calls in OpenAI's shape: the
 * arguments as a JSON text, as OpenAI writes them.
 */
static int
add_named_call(json_t *calls, const json_t *c)
{
	const json_t *name = json_object_get(c, "name");
	const json_t *args = json_object_get(c, "arguments");
	json_t *fn, *call;
	char *text = NULL;

	if (!json_is_object(c) || !json_is_string(name) || args == NULL)
		return -1;
	if (!json_is_string(args) &&
	    (text = json_dumps(args, JSON_COMPACT | JSON_ENCODE_ANY)) == NULL)
		return -1;
	fn = json_pack("{s:O,s:s}", "name", name, "arguments",
	    text != NULL ? text : json_string_value(args));
	free(text);
	call = json_pack("{s:s,s:o}", "type", "function", "function", fn);
	return call == NULL ? -1 : json_array_append_new(calls, call);
}

/* The calls written as the JSON text s: one {name, arguments} or a list. */
static int
add_call_text(json_t *calls, const char *s, size_t n)
{
	json_t *v = nx_json_loadb(s, n, JSON_DECODE_ANY, &(json_error_t){0});
	int rc = v != NULL ? 0 : -1;

	if (json_is_array(v)) {
		size_t i;
		json_t *c;

		json_array_foreach(v, i, c) rc |= add_named_call(calls, c);
		if (json_array_size(v) == 0)
			rc = -1;
	} else if (v != NULL)
		rc = add_named_call(calls, v);
	json_decref(v);
	return rc;
}

/* A message's "weight", as written: "0" or "1". */
static int
read_weight(struct nx_turn *t, const json_t *m, struct nx_error *err)
{
	const json_t *w = json_object_get(m, "weight");

	if (w == NULL)
		return 0;
	if (!json_is_integer(w) ||
	    (json_integer_value(w) != 0 && json_integer_value(w) != 1))
		return nx_error_set(err, "\"weight\" is not 0 or 1");
	t->weight = json_integer_value(w) != 0 ? (struct nx_str){"1", 1}
					       : (struct nx_str){"0", 1};
	return 0;
}

int
nx_record_tool_turn(struct nx_record *rec, struct nx_turn *t,
    const json_t *m, const char *rolekey, const char *textkey,
    struct nx_error *err)
{
	static const char *const results[] = {
	    "tool", "function", "observation", "ipython"};
	const char *role = json_string_value(json_object_get(m, rolekey));
	const json_t *text = json_object_get(m, textkey);
	const json_t *tc = json_object_get(m, "tool_calls");
	const json_t *fc = json_object_get(m, "function_call");
	json_t *calls, *part;
	size_t i;
	int rc = 0, parts = 0;

	if (read_weight(t, m, err) < 0)
		return -1;
	if (role == NULL)
		return 0;
	for (i = 0; i < sizeof(results) / sizeof(results[0]); i++)
		if (strcmp(role, results[i]) == 0) {
			struct nx_turn r = {.role = NX_ROLE_TOOL,
			    .weight = t->weight};

			if (text == NULL || json_is_null(text))
				r.text = (struct nx_str){"", 0};
			else if (nx_record_content(
				     rec, &r.text, text, textkey, NULL, err) < 0)
				return -1;
			if (opt_string(&r.call_id, m, "tool_call_id", err) < 0 ||
			    opt_string(&r.name, m, "name", err) < 0)
				return -1;
			*t = r;
			return 1;
		}
	if (strcmp(role, "function_call") != 0) {
		if (strcmp(role, "assistant") != 0)
			return 0;
		json_array_foreach(text, i, part)
		{
			const char *type =
			    json_string_value(json_object_get(part, "type"));

			parts += type != NULL && strcmp(type, "tool_call") == 0;
		}
		if (json_array_size(tc) == 0 && !json_is_object(fc) &&
		    parts == 0)
			return 0;
	}
	if ((calls = json_array()) == NULL)
		return NOMEM(err);
	*t = (struct nx_turn){.role = NX_ROLE_ASSISTANT, .text = {"", 0},
	    .weight = t->weight};
	if (strcmp(role, "function_call") == 0) {
		if (!json_is_string(text) ||
		    add_call_text(calls, json_string_value(text),
			json_string_length(text)) < 0)
			rc = nx_error_set(err,
			    "a function_call %s is not the JSON of "
			    "{\"name\", \"arguments\"} or a list of them",
			    textkey);
	} else if (json_array_size(tc) > 0) {
		json_array_foreach(tc, i, part)
		{
			const json_t *fn = json_object_get(part, "function");

			if (!json_is_object(part) || !json_is_object(fn) ||
			    !json_is_string(json_object_get(fn, "name")))
				rc = nx_error_set(err,
				    "tool_calls[%zu] has no function name", i);
		}
		if (rc == 0 && json_array_extend(calls, (json_t *)tc) < 0)
			rc = NOMEM(err);
	} else if (json_is_object(fc)) {
		json_t *call = json_pack(
		    "{s:s,s:O}", "type", "function", "function", fc);

		if (!json_is_string(json_object_get(fc, "name")))
			rc = nx_error_set(err, "function_call has no name");
		else if (call == NULL || json_array_append_new(calls, call) < 0)
			rc = NOMEM(err);
	} else {
		/* LLaMA-Factory v1: {"type":"tool_call","value":"{…}"} */
		json_array_foreach(text, i, part)
		{
			const char *type =
			    json_string_value(json_object_get(part, "type"));
			const json_t *v = json_object_get(part, "value");

			if (type == NULL || strcmp(type, "tool_call") != 0)
				continue;
			if (!json_is_string(v) ||
			    add_call_text(calls, json_string_value(v),
				json_string_length(v)) < 0)
				rc = nx_error_set(err,
				    "%s: a tool_call part is not the JSON of "
				    "{\"name\", \"arguments\"}",
				    textkey);
		}
	}
	/* What the assistant said beside its calls (parts: the text ones). */
	if (rc == 0 && strcmp(role, "function_call") != 0 && text != NULL &&
	    !json_is_null(text)) {
		size_t skipped = 0;
		struct nx_error e2;

		if (json_is_string(text))
			t->text = str_of(text);
		else if (json_is_array(text) &&
		    nx_record_content(rec, &t->text, text, textkey, &skipped,
			&e2) < 0 &&
		    strstr(e2.msg, "no text part") == NULL)
			rc = nx_error_set(err, "%s", e2.msg);
		else if (!json_is_array(text) && !json_is_string(text))
			rc = nx_error_set(err, "\"%s\" is not a string", textkey);
	}
	if (rc == 0 && keep_json(rec, &t->calls, calls) < 0)
		rc = NOMEM(err);
	json_decref(calls);
	return rc < 0 ? -1 : 1;
}

int
nx_turn_is_tool(const struct nx_turn *t)
{
	return t->role == NX_ROLE_TOOL || t->calls.s != NULL;
}

size_t
nx_record_tool_turns(const struct nx_record *rec)
{
	size_t n = 0;

	for (size_t i = 0; i < rec->ncontext; i++)
		n += nx_turn_is_tool(&rec->context[i]);
	for (size_t i = 0; i < rec->nsteps; i++)
		n += nx_turn_is_tool(&rec->steps[i]);
	return n;
}

/*
 * One message of a list (chat messages, ShareGPT conversations, a neutral
 * record's context) appended to rec->context.  system says whether a
 * system turn may be one.
 */
static int
read_message(struct nx_record *rec, const json_t *m, const char *listkey,
    size_t i, const char *rolekey, const char *textkey, int system,
    struct nx_error *err)
{
	json_t *role = json_object_get(m, rolekey);
	struct nx_turn t = {0};
	enum nx_role r;
	int tool;

	if (!json_is_object(m))
		return nx_error_set(err, "%s[%zu] is not an object", listkey, i);
	if (!json_is_string(role))
		return nx_error_set(
		    err, "%s[%zu]: no \"%s\" string", listkey, i, rolekey);
	if ((tool = nx_record_tool_turn(rec, &t, m, rolekey, textkey, err)) <
	    0) {
		struct nx_error e = *err;

		return nx_error_set(err, "%s[%zu]: %s", listkey, i, e.msg);
	}
	if (!tool) {
		struct nx_str weight = t.weight;

		if (nx_role_parse(&r, json_string_value(role)) < 0)
			return nx_error_set(err, "%s[%zu]: unknown %s \"%s\"",
			    listkey, i, rolekey, json_string_value(role));
		if (r == NX_ROLE_SYSTEM && !system)
			return nx_error_set(err,
			    "%s[%zu] is not a user or assistant turn", listkey,
			    i);
		t = (struct nx_turn){.role = r, .weight = weight};
		if (nx_record_content(rec, &t.text,
			json_object_get(m, textkey), textkey, NULL, err) < 0)
			return -1;
	}
	if (nx_record_add_context(rec, t.role, t.text) < 0)
		return NOMEM(err);
	rec->context[rec->ncontext - 1] = t;
	return 0;
}

/* A list of turns (chat messages or ShareGPT conversations) into the view. */
static int
read_turns(struct nx_record *rec, const json_t *list, const char *listkey,
    const char *rolekey, const char *textkey, struct nx_error *err)
{
	size_t i;
	json_t *m;

	if (!json_is_array(list))
		return nx_error_set(err, "\"%s\" is not an array", listkey);
	json_array_foreach(list, i, m)
	{
		if (read_message(
			rec, m, listkey, i, rolekey, textkey, 1, err) < 0)
			return -1;
	}
	return pair_turns(rec, err);
}

/*
 * A neutral record's "context" (user and assistant turns, tool turns with
 * their own fields) or "steps" (tool turns only) into rec->context.
 */
static int
read_neutral_turns(struct nx_record *rec, const json_t *list,
    const char *key, int steps, struct nx_error *err)
{
	size_t i;
	json_t *m;

	if (list == NULL || json_is_null(list))
		return 0;
	if (!json_is_array(list))
		return nx_error_set(err, "\"%s\" is not an array", key);
	json_array_foreach(list, i, m)
	{
		json_t *role = json_object_get(m, "role");
		json_t *content = json_object_get(m, "content");
		struct nx_turn t = {0};
		enum nx_role r;
		int tool = json_is_object(m)
		    ? nx_record_tool_turn(rec, &t, m, "role", "content", err)
		    : 0;

		if (tool < 0) {
			struct nx_error e = *err;

			return nx_error_set(err, "%s[%zu]: %s", key, i, e.msg);
		}
		if (!tool) {
			if (steps || !json_is_string(role) ||
			    !json_is_string(content) ||
			    nx_role_parse(&r, json_string_value(role)) < 0 ||
			    r == NX_ROLE_SYSTEM)
				return nx_error_set(err,
				    steps ? "%s[%zu] is not a tool call or "
					    "result"
					  : "%s[%zu] is not a user or "
					    "assistant turn",
				    key, i);
			t = (struct nx_turn){
			    .role = r, .text = str_of(content), .weight = t.weight};
		}
		if (nx_record_add_context(rec, t.role, t.text) < 0)
			return NOMEM(err);
		rec->context[rec->ncontext - 1] = t;
	}
	return 0;
}

/* Whether root has a chosen or a rejected reply. */
static int
has_pair(const json_t *root)
{
	return json_object_get(root, "chosen") != NULL ||
	    json_object_get(root, "rejected") != NULL;
}

/* Alpaca history: [[user, assistant], …]. */
static int
read_history(struct nx_record *rec, const json_t *hist, struct nx_error *err)
{
	size_t i;
	json_t *h;

	if (hist == NULL || json_is_null(hist))
		return 0;
	if (!json_is_array(hist))
		return nx_error_set(err, "\"history\" is not an array");
	json_array_foreach(hist, i, h)
	{
		json_t *q = json_array_get(h, 0), *a = json_array_get(h, 1);

		if (json_array_size(h) != 2 || !json_is_string(q) ||
		    !json_is_string(a))
			return nx_error_set(err,
			    "history[%zu] is not a [user, assistant] pair", i);
		if (nx_record_add_context(rec, NX_ROLE_USER, str_of(q)) < 0 ||
		    nx_record_add_context(rec, NX_ROLE_ASSISTANT, str_of(a)) <
			0)
			return NOMEM(err);
	}
	return 0;
}

static int read_label(
    struct nx_record *rec, const json_t *root, struct nx_error *err);

/* An Alpaca reply: "output" (a KTO record with a boolean "label"), or
 * LLaMA-Factory's ranking "chosen" and "rejected". */
static int
read_alpaca_reply(
    struct nx_record *rec, const json_t *root, struct nx_error *err)
{
	if (!has_pair(root))
		return req_string(&rec->completion, root, "output", err) < 0 ||
			read_label(rec, root, err) < 0
		    ? -1
		    : 0;
	if (json_object_get(root, "output") != NULL)
		return nx_error_set(
		    err, "both \"output\" and \"chosen\"/\"rejected\"");
	rec->kind = NX_KIND_PAIR;
	return req_string(&rec->completion, root, "chosen", err) < 0 ||
		req_string(&rec->rejected, root, "rejected", err) < 0
	    ? -1
	    : 0;
}

static int
read_alpaca(struct nx_record *rec, const json_t *root, struct nx_error *err)
{
	struct nx_str instr, input;
	struct nx_buf b = NX_BUF_INIT;

	if (req_string(&instr, root, "instruction", err) < 0 ||
	    opt_string(&input, root, "input", err) < 0 ||
	    read_alpaca_reply(rec, root, err) < 0 ||
	    read_history(rec, json_object_get(root, "history"), err) < 0)
		return -1;
	if (input.len == 0) {
		rec->prompt = instr;
		return 0;
	}
	if (instr.len == 0) {
		rec->prompt = input;
		return 0;
	}
	if (nx_buf_add(&b, instr.s, instr.len) < 0 ||
	    nx_buf_add(&b, "\n\n", 2) < 0 ||
	    nx_buf_add(&b, input.s, input.len) < 0 ||
	    own_buf(rec, &rec->prompt, &b) < 0) {
		nx_buf_free(&b);
		return NOMEM(err);
	}
	nx_buf_free(&b);
	return 0;
}

struct marker {
	const char *tag;
	size_t len;
	enum nx_role role;
};

static const struct marker angle[] = {
    {"<|system|>", 10, NX_ROLE_SYSTEM},
    {"<|user|>", 8, NX_ROLE_USER},
    {"<|assistant|>", 13, NX_ROLE_ASSISTANT},
};

static const struct marker colon[] = {
    {"System:", 7, NX_ROLE_SYSTEM},
    {"User:", 5, NX_ROLE_USER},
    {"Human:", 6, NX_ROLE_USER},
    {"Assistant:", 10, NX_ROLE_ASSISTANT},
};

static const struct marker *
marker_at(const char *p, const char *end, const struct marker *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((size_t)(end - p) >= set[i].len &&
		    memcmp(p, set[i].tag, set[i].len) == 0)
			return &set[i];
	return NULL;
}

static int
has_marker(const char *s, size_t len, const struct marker *set, size_t n)
{
	const char *end = s + len;

	for (const char *p = s; p < end; p++)
		if ((p == s || p[-1] == '\n') && marker_at(p, end, set, n))
			return 1;
	return 0;
}

/*
 * A "text" field: turns start with a marker at the start of a line; the
 * marker's own line break (or space, for "User: …") is not content, nor is
 * the line break before the next marker.
 */
static int
read_text(struct nx_record *rec, const json_t *root, struct nx_error *err)
{
	const struct marker *set = angle, *m, *cur = NULL;
	size_t nset = sizeof(angle) / sizeof(angle[0]);
	struct nx_str text;
	const char *p, *end, *body = NULL;
	char *copy;

	if (req_string(&text, root, "text", err) < 0)
		return -1;
	if (!has_marker(text.s, text.len, angle, nset)) {
		set = colon;
		nset = sizeof(colon) / sizeof(colon[0]);
		if (!has_marker(text.s, text.len, colon, nset))
			return nx_error_set(err,
			    "\"text\" has no "
			    "<|user|>/<|assistant|> "
			    "markers");
	}
	if ((copy = malloc(text.len + 1)) == NULL || own(rec, copy) < 0)
		return NOMEM(err);
	memcpy(copy, text.s, text.len);
	copy[text.len] = '\0';
	end = copy + text.len;
	for (p = copy;; p++) {
		m = p < end && (p == copy || p[-1] == '\n')
		    ? marker_at(p, end, set, nset)
		    : NULL;
		if (m == NULL && p < end)
			continue;
		if (cur == NULL) {
			/* Only white space may precede the first marker. */
			for (const char *q = copy; q < p; q++)
				if (*q != ' ' && *q != '\n' && *q != '\t' &&
				    *q != '\r')
					return nx_error_set(err,
					    "\"text\" has text before the "
					    "first marker");
		} else {
			struct nx_str t = {body, (size_t)(p - body)};

			if (p < end && t.len > 0 && p[-1] == '\n')
				t.len--;
			if (nx_record_add_context(rec, cur->role, t) < 0)
				return NOMEM(err);
		}
		if (p == end)
			break;
		cur = m;
		body = p + m->len;
		if (body < end &&
		    (*body == '\n' || (set == colon && *body == ' ')))
			body++;
		p = body - 1;
	}
	return pair_turns(rec, err);
}

/*
 * The completion's thinking: a neutral record's "reasoning", the
 * reasoning_content (thinking, reasoning) of a chat's last message, else a
 * <think> or Open WebUI reasoning block that leads the completion, which
 * then holds only the answer.
 */
static int
read_reasoning(struct nx_record *rec, const json_t *root, const json_t *last,
    struct nx_error *err)
{
	static const char *const keys[] = {
	    "reasoning_content", "thinking", "reasoning"};
	struct nx_buf b = NX_BUF_INIT;
	struct nx_str answer;
	int got;

	if (rec->shape == NX_SHAPE_NEUTRAL &&
	    opt_string(&rec->reasoning, root, "reasoning", err) < 0)
		return -1;
	for (size_t k = 0;
	     k < 3 && rec->reasoning.s == NULL && json_is_object(last); k++)
		if (opt_string(&rec->reasoning, last, keys[k], err) < 0)
			return -1;
	if (json_is_object(last) && rec->reasoning.s == NULL) {
		/* Claude's thinking, LLaMA-Factory's reasoning parts */
		const json_t *parts = json_object_get(last, "content"), *p;
		size_t i;

		json_array_foreach(parts, i, p)
		{
			const char *type =
			    json_string_value(json_object_get(p, "type"));
			const json_t *t = json_object_get(p, "thinking");

			if (type == NULL || (strcmp(type, "reasoning") != 0 &&
						strcmp(type, "thinking") != 0))
				continue;
			if (!json_is_string(t))
				t = json_object_get(p, "value");
			if (!json_is_string(t))
				t = json_object_get(p, "text");
			if (json_is_string(t) &&
			    ((b.len > 0 && nx_buf_adds(&b, "\n\n") < 0) ||
				nx_buf_add(&b, json_string_value(t),
				    json_string_length(t)) < 0)) {
				nx_buf_free(&b);
				return NOMEM(err);
			}
		}
		if (b.len > 0 && own_buf(rec, &rec->reasoning, &b) < 0) {
			nx_buf_free(&b);
			return NOMEM(err);
		}
		nx_buf_reset(&b);
	}
	if ((got = nx_text_reasoning(&b, &answer, rec->completion.s,
		 rec->completion.len)) < 0)
		return NOMEM(err);
	if (got > 0) {
		rec->completion = answer;
		if (rec->reasoning.s == NULL && b.len > 0 &&
		    own_buf(rec, &rec->reasoning, &b) < 0)
			got = -1;
	}
	/* The rejected reply's thinking is not kept: its answer alone. */
	if (got >= 0 && rec->kind == NX_KIND_PAIR) {
		nx_buf_reset(&b);
		if ((got = nx_text_reasoning(
			 &b, &answer, rec->rejected.s, rec->rejected.len)) > 0)
			rec->rejected = answer;
	}
	nx_buf_free(&b);
	return got < 0 ? NOMEM(err) : 0;
}

/*
 * A neutral record's reply: "completion" (with a boolean "label", a KTO
 * record; a label of another type is someone else's field), or "chosen"
 * and "rejected" (a preference pair), never both.
 */
static int
read_kind(struct nx_record *rec, const json_t *root, struct nx_error *err)
{
	const json_t *label = json_object_get(root, "label");

	if (json_object_get(root, "chosen") != NULL ||
	    json_object_get(root, "rejected") != NULL) {
		if (json_is_array(json_object_get(root, "chosen")) ||
		    json_is_array(json_object_get(root, "rejected")))
			return nx_error_set(err,
			    "\"prompt\" is text but \"chosen\" and "
			    "\"rejected\" are lists of messages");
		if (json_object_get(root, "completion") != NULL)
			return nx_error_set(err,
			    "both \"completion\" and \"chosen\"/\"rejected\"");
		if (label != NULL)
			return nx_error_set(
			    err, "\"label\" belongs to a single completion");
		rec->kind = NX_KIND_PAIR;
		return req_string(&rec->completion, root, "chosen", err) < 0 ||
			req_string(&rec->rejected, root, "rejected", err) < 0
		    ? -1
		    : 0;
	}
	return req_string(&rec->completion, root, "completion", err) < 0 ||
		read_label(rec, root, err) < 0
	    ? -1
	    : 0;
}

/*
 * A KTO label, when root has one: true or false, under "label" (TRL's
 * name) or "kto_tag" (the column LLaMA-Factory's dataset_info.json maps,
 * as jsonl-split writes it); both must then agree.  A number would be a
 * label written 0/1, too close to call; a value of another type is
 * someone else's field.
 */
static int
read_label(struct nx_record *rec, const json_t *root, struct nx_error *err)
{
	static const char *const keys[] = {"label", "kto_tag"};
	int seen = 0;

	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
		const json_t *label = json_object_get(root, keys[i]);

		if (json_is_number(label))
			return nx_error_set(
			    err, "\"%s\" is not true or false", keys[i]);
		if (!json_is_boolean(label))
			continue;
		if (seen && rec->label != json_is_true(label))
			return nx_error_set(err,
			    "\"label\" and \"kto_tag\" say different things");
		rec->kind = NX_KIND_LABELED;
		rec->label = json_is_true(label);
		seen = 1;
	}
	return 0;
}

/* Whether t is a reply a preference can be about: an assistant's text. */
static int
is_reply(const struct nx_turn *t)
{
	return t->role == NX_ROLE_ASSISTANT && t->calls.s == NULL;
}

/*
 * A pair from its shared turns (in rec->context on entry) and the two
 * replies: message objects c (chosen, named ckey) and r (rejected, rkey),
 * read with rolekey and textkey.  Each must be an assistant's text.
 */
static int
pair_of(struct nx_record *rec, const json_t *c, const char *ckey,
    const json_t *r, const char *rkey, const char *rolekey, const char *textkey,
    struct nx_error *err)
{
	struct nx_turn rej;

	if (read_message(rec, r, rkey, 0, rolekey, textkey, 0, err) < 0)
		return -1;
	rej = rec->context[--rec->ncontext];
	if (!is_reply(&rej))
		return nx_error_set(
		    err, "\"%s\" is not an assistant's reply", rkey);
	if (read_message(rec, c, ckey, 0, rolekey, textkey, 0, err) < 0)
		return -1;
	if (!is_reply(&rec->context[rec->ncontext - 1]))
		return nx_error_set(
		    err, "\"%s\" is not an assistant's reply", ckey);
	rec->kind = NX_KIND_PAIR;
	rec->rejected = rej.text;
	return pair_turns(rec, err);
}

/* Messages list[from..to) into rec->context (role and content). */
static int
read_messages(struct nx_record *rec, const json_t *list, size_t from, size_t to,
    const char *key, struct nx_error *err)
{
	for (size_t i = from; i < to; i++)
		if (read_message(rec, json_array_get(list, i), key, i, "role",
			"content", 1, err) < 0)
			return -1;
	return 0;
}

/* The one message of list key (a reply written as a list), or NULL. */
static const json_t *
only_message(const json_t *list, const char *key, struct nx_error *err)
{
	if (!json_is_array(list) || json_array_size(list) != 1) {
		nx_error_set(err, "\"%s\" is not a list of one message", key);
		return NULL;
	}
	return json_array_get(list, 0);
}

/*
 * TRL's conversational records: "prompt" a list of messages and "chosen"
 * and "rejected" (or "completion", with a KTO "label") each a list of one
 * assistant message; or, the prompt implicit, "chosen" and "rejected"
 * whole conversations that differ in their last message only.  *reply is
 * the chosen or labelled message, for its reasoning.
 */
static int
read_conversational(struct nx_record *rec, const json_t *root,
    const json_t **reply, struct nx_error *err)
{
	const json_t *prompt = json_object_get(root, "prompt");
	const json_t *c = json_object_get(root, "chosen");
	const json_t *r = json_object_get(root, "rejected");
	const json_t *done = json_object_get(root, "completion");
	size_t n = 0;

	if (c == NULL && r == NULL) {
		if (!json_is_array(prompt))
			return nx_error_set(err,
			    "\"prompt\" is not a list of "
			    "messages like \"completion\"");
		if ((*reply = only_message(done, "completion", err)) == NULL ||
		    read_messages(rec, prompt, 0, json_array_size(prompt),
			"prompt", err) < 0 ||
		    read_message(rec, *reply, "completion", 0, "role",
			"content", 0, err) < 0)
			return -1;
		if (!is_reply(&rec->context[rec->ncontext - 1]))
			return nx_error_set(
			    err, "\"completion\" is not an assistant's reply");
		return pair_turns(rec, err) < 0 ||
			read_label(rec, root, err) < 0
		    ? -1
		    : 0;
	}
	if (done != NULL)
		return nx_error_set(
		    err, "both \"completion\" and \"chosen\"/\"rejected\"");
	if (!json_is_array(c) || !json_is_array(r))
		return nx_error_set(
		    err, "\"chosen\" and \"rejected\" are not both lists");
	if (prompt == NULL) {
		/* The implicit prompt: the turns both conversations share. */
		while (n < json_array_size(c) && n < json_array_size(r) &&
		    json_equal(json_array_get(c, n), json_array_get(r, n)))
			n++;
		if (json_array_size(c) != n + 1 || json_array_size(r) != n + 1)
			return nx_error_set(err,
			    "\"chosen\" and \"rejected\" differ in more than "
			    "their last message");
		*reply = json_array_get(c, n);
		return read_messages(rec, c, 0, n, "chosen", err) < 0 ||
			pair_of(rec, *reply, "chosen", json_array_get(r, n),
			    "rejected", "role", "content", err) < 0
		    ? -1
		    : 0;
	}
	if ((*reply = only_message(c, "chosen", err)) == NULL ||
	    only_message(r, "rejected", err) == NULL)
		return -1;
	return read_messages(rec, prompt, 0, json_array_size(prompt), "prompt",
		   err) < 0 ||
		pair_of(rec, *reply, "chosen", json_array_get(r, 0), "rejected",
		    "role", "content", err) < 0
	    ? -1
	    : 0;
}

/*
 * LLaMA-Factory's ranking records in the ShareGPT layout: the conversation
 * (conversations of {from, value}, or messages of {role, content}) and
 * "chosen" and "rejected" each one message of the same layout.
 */
static int
read_ranking(struct nx_record *rec, const json_t *root, const char *listkey,
    const char *rolekey, const char *textkey, const json_t **reply,
    struct nx_error *err)
{
	const json_t *list = json_object_get(root, listkey), *m;
	size_t i;

	if (!json_is_array(list))
		return nx_error_set(err, "\"%s\" is not an array", listkey);
	json_array_foreach(list, i, m)
	{
		if (read_message(rec, m, listkey, i, rolekey, textkey, 1, err) <
		    0)
			return -1;
	}
	*reply = json_object_get(root, "chosen");
	return pair_of(rec, *reply, "chosen", json_object_get(root, "rejected"),
	    "rejected", rolekey, textkey, err);
}

/*
 * OpenAI's preference line: {"input": {"messages": […]}, "preferred_output":
 * [reply], "non_preferred_output": [reply]}.
 */
static int
read_openai_pair(struct nx_record *rec, const json_t *root,
    const json_t **reply, struct nx_error *err)
{
	const json_t *msgs =
	    json_object_get(json_object_get(root, "input"), "messages");
	const json_t *r;

	if (!json_is_array(msgs))
		return nx_error_set(
		    err, "no \"input\" with a \"messages\" list");
	if ((*reply = only_message(json_object_get(root, "preferred_output"),
		 "preferred_output", err)) == NULL ||
	    (r = only_message(json_object_get(root, "non_preferred_output"),
		 "non_preferred_output", err)) == NULL)
		return -1;
	return read_messages(rec, msgs, 0, json_array_size(msgs),
		   "input.messages", err) < 0 ||
		pair_of(rec, *reply, "preferred_output", r,
		    "non_preferred_output", "role", "content", err) < 0
	    ? -1
	    : 0;
}

/* Whether root's prompt or replies are lists of messages (TRL's
 * conversational records). */
static int
is_conversational(const json_t *root)
{
	static const char *const keys[] = {
	    "prompt", "completion", "chosen", "rejected"};

	for (size_t i = 0; i < 4; i++)
		if (json_is_array(json_object_get(root, keys[i])))
			return 1;
	return 0;
}

/* Whether root is a neutral record: a prompt or a completion, neither a
 * list (the fast path's test, too). */
static int
is_neutral(const json_t *root)
{
	const json_t *p = json_object_get(root, "prompt");
	const json_t *c = json_object_get(root, "completion");

	return (p != NULL || c != NULL) && !json_is_array(p) &&
	    !json_is_array(c);
}

int
nx_record_from_json(struct nx_record *rec, json_t *root, struct nx_error *err)
{
	const json_t *reply = NULL; /* the reply's message, for its thinking */
	json_t *v;
	int rc;

	nx_record_clear(rec);
	rec->root = root;
	if (!json_is_object(root))
		return nx_error_set(err, "not a JSON object");
	if (opt_string(&rec->id, root, "id", err) < 0 ||
	    opt_string(&rec->source, root, "source", err) < 0 ||
	    opt_string(&rec->system, root, "system", err) < 0)
		return -1;
	rec->metadata = json_object_get(root, "metadata");
	if (is_neutral(root)) {
		rec->shape = NX_SHAPE_NEUTRAL;
		rc = req_string(&rec->prompt, root, "prompt", err) < 0 ||
			read_kind(rec, root, err) < 0 ||
			read_neutral(rec, root, err) < 0
		    ? -1
		    : 0;
	} else if (json_object_get(root, "preferred_output") != NULL ||
	    json_object_get(root, "non_preferred_output") != NULL) {
		rec->shape = NX_SHAPE_CHAT;
		rc = read_openai_pair(rec, root, &reply, err);
	} else if (has_pair(root) &&
	    json_object_get(root, "conversations") != NULL) {
		rec->shape = NX_SHAPE_SHAREGPT;
		rc = read_ranking(
		    rec, root, "conversations", "from", "value", &reply, err);
	} else if (has_pair(root) &&
	    json_object_get(root, "messages") != NULL) {
		rec->shape = NX_SHAPE_SHAREGPT;
		rc = read_ranking(
		    rec, root, "messages", "role", "content", &reply, err);
	} else if (is_conversational(root)) {
		rec->shape = NX_SHAPE_NEUTRAL;
		rc = read_conversational(rec, root, &reply, err);
	} else if (has_pair(root) &&
	    json_object_get(root, "instruction") == NULL)
		rc = nx_error_set(err,
		    "\"chosen\" and \"rejected\" without a prompt: where "
		    "the prompt ends in them cannot be told");
	else if ((v = json_object_get(root, "messages")) != NULL) {
		rec->shape = NX_SHAPE_CHAT;
		reply = json_array_get(v, json_array_size(v) - 1);
		rc = read_turns(rec, v, "messages", "role", "content", err) <
			    0 ||
			read_label(rec, root, err) < 0
		    ? -1
		    : 0;
	} else if ((v = json_object_get(root, "conversations")) != NULL) {
		rec->shape = NX_SHAPE_SHAREGPT;
		rc = read_turns(rec, v, "conversations", "from", "value", err) <
			    0 ||
			read_label(rec, root, err) < 0
		    ? -1
		    : 0;
	} else if (json_object_get(root, "instruction") != NULL ||
	    json_object_get(root, "output") != NULL) {
		rec->shape = NX_SHAPE_ALPACA;
		rc = read_alpaca(rec, root, err);
	} else if (json_object_get(root, "text") != NULL) {
		rec->shape = NX_SHAPE_TEXT;
		rc = read_text(rec, root, err);
	} else
		rc = nx_error_set(err,
		    "unknown shape: no prompt/completion, chosen/rejected, "
		    "messages, conversations, instruction/output or text");
	return rc < 0 ? -1 : read_reasoning(rec, root, reply, err);
}

int
nx_json_error(struct nx_error *err, const json_error_t *jerr)
{
	static const char nul[] =
	    "\\u0000 is not allowed without JSON_ALLOW_NUL";
	const char *why = jerr->text;

	if (strncmp(why, nul, sizeof(nul) - 1) == 0)
		return nx_error_set(err,
		    "invalid JSON at column %d: \\u0000 (NUL) is not allowed%s",
		    jerr->column, why + sizeof(nul) - 1);
	return nx_error_set(
	    err, "invalid JSON at column %d: %s", jerr->column, why);
}

json_t *
nx_json_loadb(const char *s, size_t n, size_t flags, json_error_t *jerr)
{
	const char *nul = memchr(s, '\0', n);

	if (nul == NULL)
		return json_loadb(s, n, flags, jerr);
	memset(jerr, 0, sizeof(*jerr));
	jerr->line = 1;
	jerr->position = (int)(nul - s);
	jerr->column = jerr->position + 1;
	snprintf(jerr->text, sizeof(jerr->text),
	    "a raw NUL byte (write it \\u0000 in a string)");
	return NULL;
}

int
nx_record_parse(
    struct nx_record *rec, const char *line, size_t len, struct nx_error *err)
{
	json_error_t jerr;
	json_t *root;

	nx_record_clear(rec);
	root = nx_json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		return nx_json_error(err, &jerr);
	if (!json_is_object(root)) {
		json_decref(root);
		return nx_error_set(err, "not a JSON object");
	}
	return nx_record_from_json(rec, root, err);
}

/* The fields the fast path reads, in this order. */
enum {
	F_PROMPT,
	F_COMPLETION,
	F_ID,
	F_SOURCE,
	F_SYSTEM,
	F_CONTEXT,
	F_METADATA,
	F_MESSAGES,
	F_REASONING,
	F_INSTRUCTION,
	F_INPUT,
	F_OUTPUT,
	F_HISTORY,
	F_CONVERSATIONS,
	F_CHOSEN,
	F_REJECTED,
	F_LABEL,
	F_KTO_TAG,
	NF
};

/* A chat message's fields: role and content, and none other. */
enum { M_ROLE, M_CONTENT, NM };

/* Keep f's string in *out: as it stands in the line, or decoded into the
 * scratch, which has room (reserved by the caller). */
static void
take(struct nx_record *rec, struct nx_str *out, const struct nx_scan_field *f)
{
	if (!f->escaped) {
		out->s = f->s;
		out->len = f->len;
		return;
	}
	out->s = rec->scratch.data + rec->scratch.len;
	out->len = nx_scan_decode(rec->scratch.data + rec->scratch.len, f);
	rec->scratch.len += out->len;
}

/* f's bytes hold lit. */
static int
has(const struct nx_scan_field *f, const char *lit)
{
	size_t n = strlen(lit);

	for (const char *p = f->s; (size_t)(f->s + f->len - p) >= n; p++) {
		p = memchr(p, lit[0], (size_t)(f->s + f->len - p));
		if (p == NULL || (size_t)(f->s + f->len - p) < n)
			return 0;
		if (memcmp(p, lit, n) == 0)
			return 1;
	}
	return 0;
}

/* Whether a scanned string begins with "<" after white space. */
static int
leads_with_tag(const struct nx_scan_field *f)
{
	size_t i = 0;

	while (i < f->len && (f->s[i] == ' ' || f->s[i] == '\n' ||
				 f->s[i] == '\t' || f->s[i] == '\r'))
		i++;
	/* an escaped string may begin "\n": the tree path decides */
	return i < f->len && (f->s[i] == '<' || f->s[i] == '\\');
}

/*
 * The messages of a chat line (or a ShareGPT line's conversations), when
 * each is {rolekey, textkey} with a plain role (system, user, assistant and
 * the other names nx_role_parse reads) and string content that holds no
 * reasoning block: their bytes of escapes into *need (pass 1, add 0), or
 * their turns into rec (pass 2).  Returns 1, or 0 to leave the line to the
 * parser (any other message, tool turns and content parts included).
 */
static int
chat_turns(struct nx_record *rec, const struct nx_scan_field *messages,
    const char *rolekey, const char *textkey, size_t *need, int add)
{
	static const struct {
		const char *name;
		size_t len;
		enum nx_role role;
	} roles[] = {{"system", 6, NX_ROLE_SYSTEM}, {"user", 4, NX_ROLE_USER},
	    {"assistant", 9, NX_ROLE_ASSISTANT}, {"human", 5, NX_ROLE_USER},
	    {"gpt", 3, NX_ROLE_ASSISTANT}, {"model", 5, NX_ROLE_ASSISTANT},
	    {"bot", 3, NX_ROLE_ASSISTANT}, {"developer", 9, NX_ROLE_SYSTEM}};
	enum { NROLES = sizeof(roles) / sizeof(roles[0]) };
	struct nx_scan_iter it;
	struct nx_scan_field m[NM] = {
	    [M_ROLE] = {.key = rolekey}, [M_CONTENT] = {.key = textkey}};
	struct nx_scan_field last = {.type = NX_SCAN_ABSENT};
	int rc;

	if (messages->s[0] != '[')
		return 0;
	nx_scan_iter_init(&it, messages);
	while ((rc = nx_scan_iter_object(&it, m, NM)) == 1) {
		size_t r = 0;
		struct nx_str text;

		if (it.nkeys != NM || m[M_ROLE].type != NX_SCAN_STRING ||
		    m[M_ROLE].escaped || m[M_CONTENT].type != NX_SCAN_STRING ||
		    has(&m[M_CONTENT], "<think") ||
		    has(&m[M_CONTENT], "<details"))
			return 0;
		while (r < NROLES &&
		    (roles[r].len != m[M_ROLE].len ||
			memcmp(roles[r].name, m[M_ROLE].s, m[M_ROLE].len) != 0))
			r++;
		if (r == NROLES)
			return 0;
		if (!add) {
			*need += m[M_CONTENT].escaped ? m[M_CONTENT].len : 0;
			last = m[M_CONTENT];
			continue;
		}
		take(rec, &text, &m[M_CONTENT]);
		if (nx_record_add_context(rec, roles[r].role, text) < 0)
			return 0;
	}
	/* The reply may open with an escaped block (\u003cthink>): the
	 * parser takes it apart. */
	return rc == 0 &&
	    (add || last.type == NX_SCAN_ABSENT || !leads_with_tag(&last));
}

/*
 * An Alpaca history, [[user, assistant], …] of strings: their bytes of
 * escapes into *need (add 0), or their turns into rec.  1, or 0 for the
 * parser.
 */
static int
history_turns(struct nx_record *rec, const struct nx_scan_field *hist,
    size_t *need, int add)
{
	struct nx_scan_iter it, pair;
	struct nx_scan_field h, q, a, end;
	int rc;

	if (hist->type == NX_SCAN_ABSENT || hist->type == NX_SCAN_NULL)
		return 1;
	if (hist->type != NX_SCAN_OTHER || hist->s[0] != '[')
		return 0;
	nx_scan_iter_init(&it, hist);
	while ((rc = nx_scan_iter_next(&it, &h)) == 1) {
		struct nx_str qs, as;

		if (h.type != NX_SCAN_OTHER || h.s[0] != '[')
			return 0;
		nx_scan_iter_init(&pair, &h);
		if (nx_scan_iter_next(&pair, &q) != 1 ||
		    nx_scan_iter_next(&pair, &a) != 1 ||
		    nx_scan_iter_next(&pair, &end) != 0 ||
		    q.type != NX_SCAN_STRING || a.type != NX_SCAN_STRING)
			return 0;
		if (!add) {
			*need += (q.escaped ? q.len : 0) + (a.escaped ? a.len : 0);
			continue;
		}
		take(rec, &qs, &q);
		take(rec, &as, &a);
		if (nx_record_add_context(rec, NX_ROLE_USER, qs) < 0 ||
		    nx_record_add_context(rec, NX_ROLE_ASSISTANT, as) < 0)
			return 0;
	}
	return rc == 0;
}

/* f's bytes are lit. */
static int
is(const struct nx_scan_field *f, const char *lit)
{
	return f->len == strlen(lit) && memcmp(f->s, lit, f->len) == 0;
}

/*
 * What a scanned neutral line teaches, as read_kind would read it: a reply
 * (completion), a pair (chosen and rejected strings) or a labelled reply
 * (completion and a label true or false, into *label).  -1 leaves the line
 * to the parser: any other mix, and replies that open with a tag (the
 * parser takes a reasoning block apart).
 */
static int
scanned_kind(const struct nx_scan_field *f, int *label)
{
	const struct nx_scan_field *l = &f[F_LABEL];

	if (f[F_CHOSEN].type == NX_SCAN_ABSENT &&
	    f[F_REJECTED].type == NX_SCAN_ABSENT) {
		if (f[F_COMPLETION].type != NX_SCAN_STRING ||
		    leads_with_tag(&f[F_COMPLETION]))
			return -1;
		if (l->type == NX_SCAN_ABSENT)
			return NX_KIND_REPLY;
		if (l->type != NX_SCAN_OTHER ||
		    !(is(l, "true") || is(l, "false")))
			return -1;
		*label = l->s[0] == 't';
		return NX_KIND_LABELED;
	}
	if (f[F_COMPLETION].type != NX_SCAN_ABSENT ||
	    l->type != NX_SCAN_ABSENT || f[F_CHOSEN].type != NX_SCAN_STRING ||
	    f[F_REJECTED].type != NX_SCAN_STRING ||
	    leads_with_tag(&f[F_CHOSEN]) || leads_with_tag(&f[F_REJECTED]))
		return -1;
	return NX_KIND_PAIR;
}

/* The shape a scanned line has, as nx_record_from_json would see it. */
static int
scanned_shape(const struct nx_scan_field *f)
{
	int neutral = f[F_PROMPT].type != NX_SCAN_ABSENT ||
	    f[F_COMPLETION].type != NX_SCAN_ABSENT;

	if (neutral)
		return NX_SHAPE_NEUTRAL;
	if (f[F_MESSAGES].type != NX_SCAN_ABSENT)
		return NX_SHAPE_CHAT;
	if (f[F_CONVERSATIONS].type != NX_SCAN_ABSENT)
		return NX_SHAPE_SHAREGPT;
	if (f[F_INSTRUCTION].type != NX_SCAN_ABSENT ||
	    f[F_OUTPUT].type != NX_SCAN_ABSENT)
		return NX_SHAPE_ALPACA;
	return -1;
}

int
nx_record_scan(struct nx_record *rec, const char *line, size_t len)
{
	struct nx_scan_field f[NF] = {
	    [F_PROMPT] = {.key = "prompt"},
	    [F_COMPLETION] = {.key = "completion"},
	    [F_ID] = {.key = "id"},
	    [F_SOURCE] = {.key = "source"},
	    [F_SYSTEM] = {.key = "system"},
	    [F_CONTEXT] = {.key = "context"},
	    [F_METADATA] = {.key = "metadata"},
	    [F_MESSAGES] = {.key = "messages"},
	    [F_REASONING] = {.key = "reasoning"},
	    [F_INSTRUCTION] = {.key = "instruction"},
	    [F_INPUT] = {.key = "input"},
	    [F_OUTPUT] = {.key = "output"},
	    [F_HISTORY] = {.key = "history"},
	    [F_CONVERSATIONS] = {.key = "conversations"},
	    [F_CHOSEN] = {.key = "chosen"},
	    [F_REJECTED] = {.key = "rejected"},
	    [F_LABEL] = {.key = "label"},
	    [F_KTO_TAG] = {.key = "kto_tag"},
	};
	struct nx_str *dst[F_CONTEXT] = {&rec->prompt, &rec->completion,
	    &rec->id, &rec->source, &rec->system};
	struct nx_str instr = {NULL, 0}, input = {NULL, 0};
	const struct nx_scan_field *turns = NULL;
	const char *rolekey = "role", *textkey = "content";
	struct nx_error err;
	size_t need = 0;
	int shape, kind = NX_KIND_REPLY, label = 0;

	nx_record_clear(rec);
	if (!nx_scan_object(line, len, f, NF) ||
	    (f[F_CONTEXT].type != NX_SCAN_ABSENT &&
		f[F_CONTEXT].type != NX_SCAN_NULL) ||
	    f[F_REASONING].type != NX_SCAN_ABSENT ||
	    (shape = scanned_shape(f)) < 0 ||
	    (shape != NX_SHAPE_NEUTRAL &&
		(f[F_CHOSEN].type != NX_SCAN_ABSENT ||
		    f[F_REJECTED].type != NX_SCAN_ABSENT ||
		    f[F_LABEL].type != NX_SCAN_ABSENT)) ||
	    f[F_KTO_TAG].type != NX_SCAN_ABSENT)
		return 0; /* reasoning, other preferences: the tree path */
	for (int i = F_ID; i <= F_SYSTEM; i++)
		if (f[i].type == NX_SCAN_OTHER)
			return 0;
	/* Each shape's strings, or the parser (which says why). */
	switch (shape) {
	case NX_SHAPE_NEUTRAL:
		if (f[F_PROMPT].type != NX_SCAN_STRING ||
		    (kind = scanned_kind(f, &label)) < 0)
			return 0;
		break;
	case NX_SHAPE_CHAT:
		turns = &f[F_MESSAGES];
		break;
	case NX_SHAPE_SHAREGPT:
		turns = &f[F_CONVERSATIONS];
		rolekey = "from";
		textkey = "value";
		break;
	default: /* Alpaca */
		if (f[F_INSTRUCTION].type != NX_SCAN_STRING ||
		    f[F_OUTPUT].type != NX_SCAN_STRING ||
		    leads_with_tag(&f[F_OUTPUT]) ||
		    (f[F_INPUT].type != NX_SCAN_ABSENT &&
			f[F_INPUT].type != NX_SCAN_NULL &&
			f[F_INPUT].type != NX_SCAN_STRING) ||
		    !history_turns(rec, &f[F_HISTORY], &need, 0))
			return 0;
		for (int i = F_INSTRUCTION; i <= F_OUTPUT; i++)
			if (f[i].escaped)
				need += f[i].len;
		/* instruction, a blank line, input: put together */
		if (f[F_INSTRUCTION].len > 0 && f[F_INPUT].len > 0)
			need += f[F_INSTRUCTION].len + 2 + f[F_INPUT].len;
	}
	if (turns != NULL &&
	    (turns->type != NX_SCAN_OTHER ||
		!chat_turns(rec, turns, rolekey, textkey, &need, 0)))
		return 0;
	/* Metadata is passed on as its text, compact: as it is, or as the
	 * scanner copies it without white space (json.dumps writes ", "). */
	if (f[F_METADATA].type != NX_SCAN_ABSENT) {
		rec->metadata_raw.s = f[F_METADATA].s;
		rec->metadata_raw.len = f[F_METADATA].len;
		/* A string's span is between its quotes: take them too. */
		if (f[F_METADATA].type == NX_SCAN_STRING) {
			rec->metadata_raw.s--;
			rec->metadata_raw.len += 2;
		}
		if (!f[F_METADATA].compact)
			need += f[F_METADATA].len;
	}
	for (int i = 0; i < F_CONTEXT; i++)
		if (f[i].escaped)
			need += f[i].len;
	for (int i = F_CHOSEN; i <= F_REJECTED; i++)
		if (f[i].escaped)
			need += f[i].len;
	/* Decoded strings share one buffer, reserved once so that no
	 * pointer into it moves. */
	if (need > 0 && nx_buf_reserve(&rec->scratch, need) < 0)
		return 0;
	for (int i = 0; i < F_CONTEXT; i++)
		if (f[i].type == NX_SCAN_STRING)
			take(rec, dst[i], &f[i]);
	if (kind == NX_KIND_PAIR) {
		take(rec, &rec->completion, &f[F_CHOSEN]);
		take(rec, &rec->rejected, &f[F_REJECTED]);
	}
	rec->kind = (enum nx_kind)kind;
	rec->label = label;
	if (f[F_METADATA].type != NX_SCAN_ABSENT && !f[F_METADATA].compact) {
		rec->metadata_raw.s = rec->scratch.data + rec->scratch.len;
		rec->metadata_raw.len =
		    nx_scan_minify(rec->scratch.data + rec->scratch.len,
			f[F_METADATA].s, f[F_METADATA].len);
		rec->scratch.len += rec->metadata_raw.len;
	}
	if (shape == NX_SHAPE_ALPACA) {
		if (!history_turns(rec, &f[F_HISTORY], NULL, 1))
			goto parser;
		take(rec, &instr, &f[F_INSTRUCTION]);
		take(rec, &rec->completion, &f[F_OUTPUT]);
		if (f[F_INPUT].type == NX_SCAN_STRING)
			take(rec, &input, &f[F_INPUT]);
		if (input.len == 0)
			rec->prompt = instr;
		else if (instr.len == 0)
			rec->prompt = input;
		else {
			char *p = rec->scratch.data + rec->scratch.len;

			memcpy(p, instr.s, instr.len);
			memcpy(p + instr.len, "\n\n", 2);
			memcpy(p + instr.len + 2, input.s, input.len);
			rec->prompt = (struct nx_str){p, instr.len + 2 + input.len};
			rec->scratch.len += rec->prompt.len;
		}
	}
	/* The turns as the parser pairs them; where it would refuse the
	 * record, it is left to the parser, which says why. */
	if (turns != NULL &&
	    (!chat_turns(rec, turns, rolekey, textkey, NULL, 1) ||
		pair_turns(rec, &err) < 0))
		goto parser;
	rec->shape = (enum nx_shape)shape;
	rec->scanned = 1;
	return 1;
parser:
	nx_record_clear(rec);
	return 0;
}

int
nx_record_metadata_string(
    struct nx_buf *out, const struct nx_record *rec, const char *name)
{
	nx_buf_reset(out);
	if (rec->metadata != NULL) {
		json_t *v = json_object_get(rec->metadata, name);

		if (!json_is_string(v))
			return -1;
		return nx_buf_add(
		    out, json_string_value(v), json_string_length(v));
	}
	if (rec->metadata_raw.s != NULL) {
		struct nx_scan_field f = {.key = name};

		if (!nx_scan_object(
			rec->metadata_raw.s, rec->metadata_raw.len, &f, 1) ||
		    f.type != NX_SCAN_STRING || nx_buf_reserve(out, f.len) < 0)
			return -1;
		out->len = nx_scan_decode(out->data, &f);
		return 0;
	}
	return -1;
}
