#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conv.h"
#include "text.h"
#include "scan.h"

static const char *const shape_names[] = {
    [NX_CONV_NOVA] = "nova",
    [NX_CONV_OPENAI] = "openai",
    [NX_CONV_SHAREGPT] = "sharegpt",
    [NX_CONV_CHATGPT] = "chatgpt",
    [NX_CONV_CLAUDE] = "claude",
    [NX_CONV_OPENWEBUI] = "openwebui",
    [NX_CONV_ALPACA] = "alpaca",
    [NX_CONV_LIBRECHAT] = "librechat",
    [NX_CONV_SILLYTAVERN] = "sillytavern",
    [NX_CONV_LMSTUDIO] = "lmstudio",
};

const char *
nx_conv_shape_name(enum nx_conv_shape shape)
{
	return shape_names[shape];
}

void
nx_conv_init(struct nx_conv *c)
{
	memset(c, 0, sizeof(*c));
	nx_record_init(&c->turns);
}

void
nx_conv_clear(struct nx_conv *c)
{
	struct nx_record turns = c->turns;
	struct nx_buf tbuf = c->tbuf, rbuf = c->rbuf;
	size_t *marks = c->marks, cap = c->marks_cap;

	nx_record_clear(&turns);
	memset(c, 0, sizeof(*c));
	c->turns = turns;
	c->tbuf = tbuf;
	c->rbuf = rbuf;
	c->marks = marks;
	c->marks_cap = cap;
}

/* Where the read is, before its next message (see marks in conv.h). */
static void
mark(struct nx_conv *c)
{
	if (c->marks != NULL && c->nmarks < c->marks_cap)
		c->marks[c->nmarks++] =
		    c->turns.ncontext * 2 + (c->pending.s != NULL);
}

void
nx_conv_free(struct nx_conv *c)
{
	nx_record_free(&c->turns);
	nx_buf_free(&c->tbuf);
	nx_buf_free(&c->rbuf);
	memset(c, 0, sizeof(*c));
}

/* The shape of one conversation object, or -1. */
static int
shape_of(const json_t *v)
{
	if (!json_is_object(v))
		return -1;
	if (json_object_get(v, "mapping") != NULL)
		return NX_CONV_CHATGPT;
	if (json_object_get(v, "chat_messages") != NULL)
		return NX_CONV_CLAUDE;
	if (json_object_get(v, "conversationId") != NULL &&
	    (json_object_get(v, "messagesTree") != NULL ||
		json_object_get(json_array_get(json_object_get(v, "messages"), 0),
		    "isCreatedByUser") != NULL))
		return NX_CONV_LIBRECHAT;
	if (json_object_get(json_array_get(json_object_get(v, "messages"), 0),
		"versions") != NULL)
		return NX_CONV_LMSTUDIO;
	if (json_is_object(json_object_get(v, "chat")))
		return NX_CONV_OPENWEBUI;
	if (json_object_get(v, "conversations") != NULL)
		return NX_CONV_SHAREGPT;
	if (json_object_get(v, "instruction") != NULL &&
	    json_object_get(v, "output") != NULL)
		return NX_CONV_ALPACA;
	if (json_object_get(v, "messages") != NULL)
		return json_object_get(v, "session_id") != NULL
		    ? NX_CONV_NOVA
		    : NX_CONV_OPENAI;
	return -1;
}

int
nx_conv_is_chat_header(const json_t *v)
{
	return json_is_object(v) && json_object_get(v, "user_name") != NULL &&
	    json_object_get(v, "character_name") != NULL &&
	    json_object_get(v, "mes") == NULL;
}

/* A SillyTavern chat file's lines, header first. */
static int
is_chat_file(const json_t *root)
{
	return json_is_array(root) &&
	    nx_conv_is_chat_header(json_array_get(root, 0));
}

int
nx_conv_is_message(const json_t *v)
{
	return json_is_object(v) && json_object_get(v, "role") != NULL;
}

/* A bare array of messages: its first element has a role. */
static int
is_message_list(const json_t *root)
{
	return nx_conv_is_message(json_array_get(root, 0));
}

/*
 * A list of conversations wrapped in an object, as some ChatGPT exports
 * are ({"conversations":[{"mapping":…}]}), as the list; else root.
 */
static const json_t *
unwrap(const json_t *root)
{
	const json_t *list = json_object_get(root, "conversations");
	const json_t *first = json_array_get(list, 0);

	if (json_is_object(root) && json_is_object(first) &&
	    (json_object_get(first, "mapping") != NULL ||
		json_object_get(first, "chat_messages") != NULL))
		return list;
	return root;
}

long
nx_conv_count(const json_t *root, struct nx_error *err)
{
	root = unwrap(root);
	if (json_is_object(root)) {
		if (shape_of(root) < 0)
			return nx_error_set(err,
			    "unknown shape: no messages, conversations, "
			    "mapping, chat_messages, chat or instruction");
		return 1;
	}
	if (!json_is_array(root))
		return nx_error_set(
		    err, "not a conversation or a list of them");
	if (is_message_list(root) || is_chat_file(root))
		return 1;
	return (long)json_array_size(root);
}

static struct nx_str
str(const json_t *v)
{
	struct nx_str s = {NULL, 0};

	if (json_is_string(v)) {
		s.s = json_string_value(v);
		s.len = json_string_length(v);
	}
	return s;
}

/* A time: a string as it is, a number of seconds since 1970 in ISO 8601. */
static struct nx_str
stamp(struct nx_conv *c, const json_t *v)
{
	struct nx_str s = str(v);

	if (s.s == NULL && json_is_number(v)) {
		double t = json_number_value(v);
		time_t secs;
		struct tm tm;

		if (t > 1e11) /* milliseconds */
			t /= 1000;
		if (!(t >= 0 && t < 253402300800.0)) /* not 1970 to 9999 */
			return s;
		secs = (time_t)t;
		if (gmtime_r(&secs, &tm) != NULL &&
		    strftime(c->stamp, sizeof(c->stamp), "%Y-%m-%dT%H:%M:%SZ",
			&tm) > 0) {
			s.s = c->stamp;
			s.len = strlen(c->stamp);
		}
	}
	return s;
}

/* One message as read: its text, its thinking, its media. */
struct msg {
	struct nx_str text, reasoning;
	unsigned media;
};

/*
 * Add a turn.  A system message before any other turn is the system
 * prompt; a later one is left out (counted).  Empty turns are left out,
 * unless they held media: such a turn stays, empty, so that the replies
 * before and after it are never read as one.
 */
static int
add(struct nx_conv *c, enum nx_role role, const struct msg *m,
    struct nx_error *err)
{
	struct nx_str text = m->text, reasoning = m->reasoning;
	struct nx_turn *t;

	if (reasoning.s == NULL && role == NX_ROLE_ASSISTANT)
		reasoning = c->pending;
	if (role != NX_ROLE_SYSTEM)
		c->pending = (struct nx_str){NULL, 0};
	if (nx_text_blank(m->text.s, m->text.len) && m->media == 0) {
		if (role == NX_ROLE_ASSISTANT)
			c->pending = reasoning; /* for the reply it leads to */
		return 0;
	}
	if (role == NX_ROLE_SYSTEM) {
		if (c->turns.ncontext == 0 && c->turns.system.s == NULL &&
		    m->media == 0)
			c->turns.system = m->text;
		else
			c->skipped++;
		return 0;
	}
	if (role == NX_ROLE_ASSISTANT) {
		/* <think>…</think> or Open WebUI's reasoning block ahead of
		 * the answer: thinking, never part of the reply */
		struct nx_str answer;
		int got;

		nx_buf_reset(&c->rbuf);
		if ((got = nx_text_reasoning(
			 &c->rbuf, &answer, text.s, text.len)) < 0)
			return nx_error_nomem(err);
		if (got > 0) {
			text = answer;
			if (reasoning.s == NULL && c->rbuf.len > 0 &&
			    nx_record_keep(&c->turns, &reasoning, &c->rbuf) < 0)
				return nx_error_nomem(err);
		}
		if (nx_text_blank(text.s, text.len) && m->media == 0) {
			c->pending = reasoning; /* thinking before a tool call */
			return 0;
		}
	}
	if (role == NX_ROLE_ASSISTANT &&
	    nx_text_has_citations(text.s, text.len)) {
		nx_buf_reset(&c->tbuf);
		if (nx_text_uncite(&c->tbuf, &c->cites, text.s, text.len) < 0 ||
		    nx_record_keep(&c->turns, &text, &c->tbuf) < 0)
			return nx_error_nomem(err);
	}
	if (nx_record_add_context(&c->turns, role,
		nx_text_blank(text.s, text.len) ? (struct nx_str){"", 0}
						: text) < 0)
		return nx_error_set(err, "out of memory");
	t = &c->turns.context[c->turns.ncontext - 1];
	t->media = m->media;
	if (role == NX_ROLE_ASSISTANT &&
	    !nx_text_blank(reasoning.s, reasoning.len))
		t->reasoning = reasoning;
	return 0;
}

/* Part types that hold an image, a sound, a video or a file. */
static int
is_media(const char *type)
{
	static const char *const media[] = {"image", "image_url",
	    "input_image", "image_file", "audio", "input_audio", "file",
	    "input_file", "video", "video_url", "document"};
	size_t n = strlen(type), k = strlen("_asset_pointer");

	/* ChatGPT: image_asset_pointer, audio_asset_pointer, … */
	if (n > k && strcmp(type + n - k, "_asset_pointer") == 0)
		return 1;
	for (size_t i = 0; i < sizeof(media) / sizeof(media[0]); i++)
		if (strcmp(type, media[i]) == 0)
			return 1;
	return 0;
}

/* Append s to b after a separator when b holds text already. */
static int
join(struct nx_buf *b, const char *sep, const json_t *s)
{
	if (!json_is_string(s) || json_string_length(s) == 0)
		return 0;
	if (b->len > 0 && nx_buf_adds(b, sep) < 0)
		return -1;
	return nx_buf_add(b, json_string_value(s), json_string_length(s));
}

/*
 * Content parts: text parts ({"type":"text","text"}, LLaMA-Factory's
 * "value", bare strings) joined by newlines, media parts counted, other
 * parts (tool calls and their results) left out and counted.
 */
static int
read_parts(struct nx_conv *c, struct msg *m, const json_t *v,
    struct nx_error *err)
{
	size_t i;
	json_t *part;
	int rc = 0;

	nx_buf_reset(&c->tbuf);
	nx_buf_reset(&c->rbuf);
	json_array_foreach(v, i, part)
	{
		const json_t *t = part;
		const char *type = NULL;

		if (json_is_object(part)) {
			type = json_string_value(json_object_get(part, "type"));
			if (type == NULL)
				type = json_string_value(
				    json_object_get(part, "content_type"));
			t = json_object_get(part, "text");
			if (t == NULL)
				t = json_object_get(part, "value");
			if (json_is_object(t)) /* LibreChat's {"value"} */
				t = json_object_get(t, "value");
		}
		if (type != NULL && is_media(type))
			m->media++;
		else if ((type == NULL || strcmp(type, "text") == 0) &&
		    json_is_string(t))
			rc |= join(&c->tbuf, "\n", t);
		else if (type != NULL && (strcmp(type, "thinking") == 0 ||
					     strcmp(type, "reasoning") == 0 ||
					     strcmp(type, "think") == 0)) {
			/* Claude's thinking, LLaMA-Factory's reasoning,
			 * LibreChat's think */
			const json_t *r = json_object_get(part, "thinking");

			if (r == NULL)
				r = json_object_get(part, "think");
			if (json_is_object(r))
				r = json_object_get(r, "value");

			rc |= join(&c->rbuf, "\n\n", json_is_string(r) ? r : t);
		} else
			c->skipped++;
	}
	if (rc < 0 || nx_record_keep(&c->turns, &m->text, &c->tbuf) < 0 ||
	    (c->rbuf.len > 0 &&
		nx_record_keep(&c->turns, &m->reasoning, &c->rbuf) < 0))
		return nx_error_nomem(err);
	return 0;
}

/*
 * Content that may be a string or parts.  A message with no text at all
 * (only tool calls, say) reads as empty text: it is left out.
 */
static int
content(struct nx_conv *c, struct msg *m, const json_t *v, const char *key,
    long i, struct nx_error *err)
{
	*m = (struct msg){{NULL, 0}, {NULL, 0}, 0};
	if (json_is_array(v))
		return read_parts(c, m, v, err);
	if (!json_is_string(v))
		return nx_error_set(err, "message %ld: no \"%s\" text", i, key);
	m->text = str(v);
	return 0;
}

/*
 * Open WebUI keeps some replies (Responses API models) with empty content
 * and the text in "output" items: {"type":"message","content":[
 * {"type":"output_text","text"}]}; "reasoning" items hold the thinking
 * (summary_text or reasoning_text parts); tool calls and their output are
 * left out, counted.
 */
static int
output_items(struct nx_conv *c, struct msg *m, const json_t *items,
    struct nx_error *err)
{
	size_t i, k;
	json_t *item, *part;
	int rc = 0;

	nx_buf_reset(&c->tbuf);
	nx_buf_reset(&c->rbuf);
	json_array_foreach(items, i, item)
	{
		const char *type =
		    json_string_value(json_object_get(item, "type"));
		int reasoning = type != NULL && strcmp(type, "reasoning") == 0;

		if (type == NULL || (!reasoning && strcmp(type, "message") != 0)) {
			c->skipped++;
			continue;
		}
		json_array_foreach(json_object_get(item, "content"), k, part)
			rc |= join(reasoning ? &c->rbuf : &c->tbuf,
			    reasoning ? "\n\n" : "\n", json_object_get(part, "text"));
		if (reasoning && json_array_size(json_object_get(item, "content")) == 0)
			json_array_foreach(json_object_get(item, "summary"), k, part)
				rc |= join(&c->rbuf, "\n\n",
				    json_object_get(part, "text"));
	}
	if (rc < 0 || nx_record_keep(&c->turns, &m->text, &c->tbuf) < 0 ||
	    (c->rbuf.len > 0 &&
		nx_record_keep(&c->turns, &m->reasoning, &c->rbuf) < 0))
		return nx_error_nomem(err);
	return 0;
}

/* Where a chat message keeps the thinking of its reply. */
static const char *const reasoning_keys[] = {
    "reasoning_content", "thinking", "reasoning"};

/*
 * Message i as a tool turn (an assistant's calls, a tool's result), kept
 * in the turns as it is: 1 when it is one, 0 when not, -1 with err filled
 * when it is a malformed one.  Thinking that came with the calls waits for
 * the reply, as it does before an empty turn.
 */
static int
tool_turn(struct nx_conv *c, const json_t *m, size_t i, const char *rolekey,
    const char *textkey, struct nx_error *err)
{
	struct nx_turn t = {0};
	struct msg parts = {{NULL, 0}, {NULL, 0}, 0};
	size_t skipped = c->skipped;
	int tool = nx_record_tool_turn(&c->turns, &t, m, rolekey, textkey, err);

	if (tool < 0) {
		struct nx_error e = *err;

		return nx_error_set(err, "message %zu: %s", i, e.msg);
	}
	if (tool == 0)
		return 0;
	if (t.calls.s != NULL &&
	    json_is_array(json_object_get(m, textkey)) &&
	    read_parts(c, &parts, json_object_get(m, textkey), err) == 0 &&
	    parts.reasoning.s != NULL && c->pending.s == NULL)
		c->pending = parts.reasoning;
	c->skipped = skipped; /* its tool_call parts are the calls */
	if (nx_record_add_context(&c->turns, t.role, t.text) < 0)
		return nx_error_nomem(err);
	c->turns.context[c->turns.ncontext - 1] = t;
	return 1;
}

/* A list of {role, content} (or {from, value}) messages. */
static int
read_messages(struct nx_conv *c, const json_t *list, const char *rolekey,
    const char *textkey, struct nx_error *err)
{
	size_t i;
	json_t *m;

	if (!json_is_array(list))
		return nx_error_set(err, "messages are not a list");
	json_array_foreach(list, i, m)
	{
		json_t *role = json_object_get(m, rolekey);
		enum nx_role r;
		struct msg text;
		size_t before = c->turns.ncontext;
		int tool;

		mark(c);
		if (!json_is_object(m))
			return nx_error_set(
			    err, "message %zu is not an object", i);
		if (!json_is_string(role))
			return nx_error_set(
			    err, "message %zu has no \"%s\"", i, rolekey);
		if ((tool = tool_turn(c, m, i, rolekey, textkey, err)) != 0) {
			if (tool < 0)
				return -1;
			continue;
		}
		if (nx_role_parse(&r, json_string_value(role)) < 0) {
			c->skipped++; /* a role we do not know */
			continue;
		}
		if (json_object_get(m, textkey) == NULL)
			return nx_error_set(
			    err, "message %zu has no \"%s\"", i, textkey);
		if (content(c, &text, json_object_get(m, textkey), textkey,
			(long)i, err) < 0)
			return -1;
		if (nx_text_blank(text.text.s, text.text.len) && text.media == 0 &&
		    json_array_size(json_object_get(m, "output")) > 0 &&
		    output_items(c, &text, json_object_get(m, "output"), err) < 0)
			return -1;
		/* DeepSeek's and Qwen's reasoning_content, Harmony's
		 * thinking, OpenRouter's reasoning */
		for (size_t k = 0; k < 3 && text.reasoning.s == NULL; k++)
			text.reasoning = str(json_object_get(m, reasoning_keys[k]));
		if (add(c, r, &text, err) < 0)
			return -1;
		if (c->turns.ncontext > before) /* OpenAI's weight, if any */
			nx_record_tool_turn(&c->turns,
			    &c->turns.context[c->turns.ncontext - 1], m,
			    rolekey, textkey, err);
	}
	return 0;
}

/*
 * ChatGPT's thoughts node: {"thoughts":[{"summary","content"}]}, the
 * thinking of the reply that follows (a summary stands in for empty
 * content).  The reasoning_recap node after it only says how long it took.
 */
static int
thoughts(struct nx_conv *c, const json_t *cont, struct nx_error *err)
{
	struct msg m = {{"", 0}, {NULL, 0}, 0};
	size_t i;
	json_t *t;
	int rc = 0;

	nx_buf_reset(&c->rbuf);
	json_array_foreach(json_object_get(cont, "thoughts"), i, t)
	{
		const json_t *body = json_object_get(t, "content");

		if (!json_is_string(body) || json_string_length(body) == 0)
			body = json_object_get(t, "summary");
		rc |= join(&c->rbuf, "\n\n", body);
	}
	if (rc < 0 || (c->rbuf.len > 0 &&
			  nx_record_keep(&c->turns, &m.reasoning, &c->rbuf) < 0))
		return nx_error_nomem(err);
	if (m.reasoning.s == NULL)
		return 0;
	if (c->pending.s != NULL) { /* several nodes of thoughts: all */
		nx_buf_reset(&c->rbuf);
		if (nx_buf_add(&c->rbuf, c->pending.s, c->pending.len) < 0 ||
		    nx_buf_adds(&c->rbuf, "\n\n") < 0 ||
		    nx_buf_add(&c->rbuf, m.reasoning.s, m.reasoning.len) < 0 ||
		    nx_record_keep(&c->turns, &m.reasoning, &c->rbuf) < 0)
			return nx_error_nomem(err);
	}
	c->pending = m.reasoning;
	return 0;
}

/* ChatGPT: follow current_node up to the root, then read it forwards. */
static int
read_chatgpt(struct nx_conv *c, const json_t *conv, struct nx_error *err)
{
	const json_t *mapping = json_object_get(conv, "mapping");
	const char *node =
	    json_string_value(json_object_get(conv, "current_node"));
	const json_t *path[4096];
	size_t n = 0;

	if (!json_is_object(mapping))
		return nx_error_set(err, "\"mapping\" is not an object");
	if (node == NULL) {
		/* No current node: the last leaf in the file's order. */
		const char *k;
		json_t *v;

		json_object_foreach((json_t *)mapping, k, v)
		{
			if (json_array_size(json_object_get(v, "children")) ==
			    0)
				node = k;
		}
	}
	while (node != NULL) {
		const json_t *nd = json_object_get(mapping, node);

		if (!json_is_object(nd))
			return nx_error_set(err, "node %s is missing", node);
		if (n == sizeof(path) / sizeof(path[0]))
			return nx_error_set(err,
			    "conversation deeper than %zu "
			    "messages",
			    n);
		path[n++] = nd;
		node = json_string_value(json_object_get(nd, "parent"));
	}
	while (n-- > 0) {
		const json_t *msg = json_object_get(path[n], "message");
		const json_t *meta = json_object_get(msg, "metadata");
		const json_t *cont = json_object_get(msg, "content");
		const char *role = json_string_value(
		    json_object_get(json_object_get(msg, "author"), "role"));
		const char *type =
		    json_string_value(json_object_get(cont, "content_type"));
		const char *recipient =
		    json_string_value(json_object_get(msg, "recipient"));
		enum nx_role r;
		struct msg text;

		mark(c);
		if (!json_is_object(msg))
			continue; /* the root holds no message */
		if (type != NULL && strcmp(type, "thoughts") == 0 &&
		    role != NULL && strcmp(role, "assistant") == 0) {
			if (thoughts(c, cont, err) < 0)
				return -1;
			continue;
		}
		if (role == NULL || nx_role_parse(&r, role) < 0 ||
		    json_is_true(json_object_get(
			meta, "is_visually_hidden_from_conversation")) ||
		    (recipient != NULL && strcmp(recipient, "all") != 0) ||
		    (type != NULL && strcmp(type, "text") != 0 &&
			strcmp(type, "multimodal_text") != 0)) {
			c->skipped++;
			continue;
		}
		if (content(c, &text, json_object_get(cont, "parts"), "parts",
			(long)n, err) < 0 ||
		    add(c, r, &text, err) < 0)
			return -1;
	}
	return 0;
}

/* The name of a Claude attachment or file entry, or "". */
static const char *
file_name(const json_t *f)
{
	const char *name = json_is_string(f)
	    ? json_string_value(f)
	    : json_string_value(json_object_get(f, "file_name"));

	return name != NULL ? name : "";
}

/* Whether attachment list atts gives the text of the file called name. */
static int
has_text(const json_t *atts, const char *name)
{
	size_t i;
	json_t *a;

	json_array_foreach(atts, i, a)
	{
		const json_t *x = json_object_get(a, "extracted_content");

		if (strcmp(file_name(a), name) == 0 && json_is_string(x) &&
		    !nx_text_blank(json_string_value(x), json_string_length(x)))
			return 1;
	}
	return 0;
}

/*
 * Claude's attachments: the text the export holds of each file goes
 * before the message, each as "[name]" on a line of its own, then the
 * text, then a blank line.  Files without their text are media.
 */
static int
attachments(struct nx_conv *c, struct msg *m, const json_t *msg,
    struct nx_error *err)
{
	const json_t *atts = json_object_get(msg, "attachments");
	size_t i;
	json_t *a;
	int rc = 0;

	nx_buf_reset(&c->tbuf);
	json_array_foreach(atts, i, a)
	{
		const json_t *x = json_object_get(a, "extracted_content");
		const char *name = file_name(a);

		if (!json_is_string(x) ||
		    nx_text_blank(json_string_value(x), json_string_length(x))) {
			m->media++;
			continue;
		}
		rc |= nx_buf_addc(&c->tbuf, '[');
		rc |= nx_buf_adds(&c->tbuf, *name != '\0' ? name : "attachment");
		rc |= nx_buf_adds(&c->tbuf, "]\n");
		rc |= nx_buf_add(&c->tbuf, json_string_value(x),
		    json_string_length(x));
		rc |= nx_buf_adds(&c->tbuf, "\n\n");
	}
	json_array_foreach(json_object_get(msg, "files"), i, a)
	{
		if (!has_text(atts, file_name(a)))
			m->media++;
	}
	if (c->tbuf.len == 0)
		return 0;
	if (m->text.s != NULL)
		rc |= nx_buf_add(&c->tbuf, m->text.s, m->text.len);
	while (c->tbuf.len > 0 && c->tbuf.data[c->tbuf.len - 1] == '\n')
		c->tbuf.len--;
	if (rc < 0 || nx_record_keep(&c->turns, &m->text, &c->tbuf) < 0)
		return nx_error_nomem(err);
	return 0;
}

/* One Claude message: sender, then content blocks or text, attachments. */
static int
claude_message(
    struct nx_conv *c, const json_t *m, size_t i, struct nx_error *err)
{
	const char *sender = json_string_value(json_object_get(m, "sender"));
	const json_t *blocks = json_object_get(m, "content");
	enum nx_role r;
	struct msg text;

	if (sender == NULL)
		return nx_error_set(err, "message %zu has no \"sender\"", i);
	if (nx_role_parse(&r, sender) < 0) {
		c->skipped++;
		return 0;
	}
	if (json_array_size(blocks) > 0) {
		if (content(c, &text, blocks, "content", (long)i, err) < 0)
			return -1;
	} else if (content(c, &text, json_object_get(m, "text"), "text",
		       (long)i, err) < 0)
		return -1;
	return attachments(c, &text, m, err) < 0 || add(c, r, &text, err) < 0
	    ? -1
	    : 0;
}

/*
 * The branch Claude.ai shows: its export keeps every edit and retry in
 * one flat list, linked by parent_message_uuid.  From the newest message
 * that no other follows, back to the root; the indexes, newest first, in
 * path.  Returns their number, 0 when the list has no links (older
 * exports: the list is the conversation), -1 on no memory.
 */
static long
claude_branch(const json_t *list, size_t *path, struct nx_error *err)
{
	json_t *byid = json_object(), *parents = json_object();
	size_t i, n = json_array_size(list), leaf = n, len = 0;
	const char *newest = NULL;
	json_t *m;
	long rc = 0;

	if (byid == NULL || parents == NULL) {
		rc = nx_error_nomem(err);
		goto out;
	}
	json_array_foreach(list, i, m)
	{
		const char *id = json_string_value(json_object_get(m, "uuid"));
		const char *up = json_string_value(
		    json_object_get(m, "parent_message_uuid"));

		if (id != NULL &&
		    json_object_set_new(byid, id, json_integer((json_int_t)i)) <
			0)
			rc = -1;
		if (up != NULL && json_object_set_new(parents, up, json_true()) < 0)
			rc = -1;
	}
	if (rc < 0) {
		rc = nx_error_nomem(err);
		goto out;
	}
	if (json_object_size(parents) == 0)
		goto out;
	json_array_foreach(list, i, m)
	{
		const char *id = json_string_value(json_object_get(m, "uuid"));
		const char *at =
		    json_string_value(json_object_get(m, "created_at"));

		if (id == NULL || json_object_get(parents, id) != NULL)
			continue; /* followed by another message */
		/* ISO 8601 times of one export compare as text; a tie goes
		 * to the later in the list */
		if (leaf == n || (at != NULL && newest != NULL &&
				     strcmp(at, newest) >= 0) ||
		    (at != NULL && newest == NULL)) {
			leaf = i;
			newest = at;
		}
	}
	/* back to the root, never round a loop more than n steps */
	for (i = leaf; i < n && len < n;) {
		const char *up = json_string_value(json_object_get(
		    json_array_get(list, i), "parent_message_uuid"));
		const json_t *at = up != NULL ? json_object_get(byid, up) : NULL;

		path[len++] = i;
		i = json_is_integer(at) ? (size_t)json_integer_value(at) : n;
	}
	rc = (long)len;
out:
	json_decref(byid);
	json_decref(parents);
	return rc;
}

/* Claude.ai: chat_messages with sender and text, or content blocks. */
static int
read_claude(struct nx_conv *c, const json_t *conv, struct nx_error *err)
{
	const json_t *list = json_object_get(conv, "chat_messages");
	size_t i, *path;
	json_t *m;
	long len;
	int rc = 0;

	if (!json_is_array(list))
		return nx_error_set(err, "\"chat_messages\" is not a list");
	if (json_array_size(list) == 0)
		return 0;
	if ((path = malloc(json_array_size(list) * sizeof(*path))) == NULL)
		return nx_error_nomem(err);
	if ((len = claude_branch(list, path, err)) < 0) {
		free(path);
		return -1;
	}
	if (len > 0) {
		/* the messages of other branches are left out, counted */
		c->skipped += json_array_size(list) - (size_t)len;
		while (len-- > 0 && rc == 0) {
			mark(c);
			rc = claude_message(
			    c, json_array_get(list, path[len]), path[len], err);
		}
		free(path);
		return rc;
	}
	free(path);
	json_array_foreach(list, i, m)
	{
		if (claude_message(c, m, i, err) < 0)
			return -1;
	}
	return 0;
}

/* One turn of plain text (an Alpaca field), if it is a string. */
static int
plain(struct nx_conv *c, enum nx_role role, const json_t *v, const char *key,
    struct nx_error *err)
{
	struct msg m = {str(v), {NULL, 0}, 0};

	if (v != NULL && !json_is_null(v) && !json_is_string(v))
		return nx_error_set(err, "\"%s\" is not a string", key);
	return add(c, role, &m, err);
}

/*
 * Alpaca: system, history ([[user, assistant], …]), then the instruction
 * and its input (joined by a blank line) and the output.
 */
static int
read_alpaca(struct nx_conv *c, const json_t *conv, struct nx_error *err)
{
	const json_t *input = json_object_get(conv, "input");
	const json_t *hist = json_object_get(conv, "history");
	struct msg m = {str(json_object_get(conv, "instruction")),
	    {NULL, 0}, 0};
	size_t i;
	json_t *h;

	if (plain(c, NX_ROLE_SYSTEM, json_object_get(conv, "system"), "system",
		err) < 0)
		return -1;
	if (hist != NULL && !json_is_null(hist) && !json_is_array(hist))
		return nx_error_set(err, "\"history\" is not a list");
	json_array_foreach(hist, i, h)
	{
		if (json_array_size(h) != 2 || !json_is_string(json_array_get(h, 0)) ||
		    !json_is_string(json_array_get(h, 1)))
			return nx_error_set(err,
			    "history[%zu] is not a [user, assistant] pair", i);
		if (plain(c, NX_ROLE_USER, json_array_get(h, 0), "history",
			err) < 0 ||
		    plain(c, NX_ROLE_ASSISTANT, json_array_get(h, 1), "history",
			err) < 0)
			return -1;
	}
	if (m.text.s == NULL)
		return nx_error_set(err, "\"instruction\" is not a string");
	if (json_is_string(input) && json_string_length(input) > 0) {
		nx_buf_reset(&c->tbuf);
		if ((m.text.len > 0 &&
			(nx_buf_add(&c->tbuf, m.text.s, m.text.len) < 0 ||
			    nx_buf_adds(&c->tbuf, "\n\n") < 0)) ||
		    nx_buf_add(&c->tbuf, json_string_value(input),
			json_string_length(input)) < 0 ||
		    nx_record_keep(&c->turns, &m.text, &c->tbuf) < 0)
			return nx_error_nomem(err);
	}
	if (add(c, NX_ROLE_USER, &m, err) < 0)
		return -1;
	if (!json_is_string(json_object_get(conv, "output")))
		return nx_error_set(err, "\"output\" is not a string");
	return plain(c, NX_ROLE_ASSISTANT, json_object_get(conv, "output"),
	    "output", err);
}

/* The LibreChat messages of list, nested "children" too, in the order
 * of the file, appended to all. */
static int
librechat_flatten(json_t *all, const json_t *list, int depth)
{
	size_t i;
	json_t *m;

	if (depth > 100000)
		return -1;
	json_array_foreach(list, i, m)
	{
		if (json_array_append(all, m) < 0 ||
		    librechat_flatten(
			all, json_object_get(m, "children"), depth + 1) < 0)
			return -1;
	}
	return 0;
}

/* One LibreChat message: parts in content, else text. */
static int
librechat_message(
    struct nx_conv *c, const json_t *m, size_t i, struct nx_error *err)
{
	const json_t *parts = json_object_get(m, "content");
	enum nx_role r = json_is_true(json_object_get(m, "isCreatedByUser"))
	    ? NX_ROLE_USER
	    : NX_ROLE_ASSISTANT;
	struct msg text;

	const char *finish =
	    json_string_value(json_object_get(m, "finish_reason"));

	/* an error shown in place of a reply, or a reply cut short (stopped,
	 * or out of tokens): not an answer to learn from */
	if (json_is_true(json_object_get(m, "error")) ||
	    (r == NX_ROLE_ASSISTANT &&
		(json_is_true(json_object_get(m, "unfinished")) ||
		    (finish != NULL && (strcmp(finish, "incomplete") == 0 ||
					   strcmp(finish, "length") == 0))))) {
		c->skipped++;
		return 0;
	}
	if (json_array_size(parts) > 0) {
		if (content(c, &text, parts, "content", (long)i, err) < 0)
			return -1;
	} else if (content(c, &text, json_object_get(m, "text"), "text",
		       (long)i, err) < 0)
		return -1;
	text.media += (unsigned)json_array_size(json_object_get(m, "files"));
	return add(c, r, &text, err);
}

/*
 * LibreChat: every branch is in the export, as a flat list linked by
 * parentMessageId or as a tree of children.  The branch the app shows
 * takes the newest (last) reply or edit at each fork: from the last
 * root, the last message whose parent is the one before.
 */
static int
read_librechat(struct nx_conv *c, const json_t *conv, struct nx_error *err)
{
	const json_t *list = json_object_get(conv, "messagesTree");
	json_t *all = json_array(), *ids = json_object(), *last = json_object();
	const char *prefix = json_string_value(
	    json_object_get(json_object_get(conv, "options"), "promptPrefix"));
	size_t i, n, shown = 0, at;
	json_t *m;
	int rc = 0;

	if (list == NULL)
		list = json_object_get(conv, "messages");
	if (all == NULL || ids == NULL || last == NULL) {
		rc = nx_error_nomem(err);
		goto out;
	}
	if (!json_is_array(list)) {
		rc = nx_error_set(err, "messages are not a list");
		goto out;
	}
	if (librechat_flatten(all, list, 0) < 0) {
		rc = nx_error_nomem(err);
		goto out;
	}
	if (prefix != NULL && *prefix != '\0')
		c->turns.system = str(json_object_get(
		    json_object_get(conv, "options"), "promptPrefix"));
	n = json_array_size(all);
	json_array_foreach(all, i, m)
	{
		const char *id =
		    json_string_value(json_object_get(m, "messageId"));

		if (!json_is_object(m) || id == NULL) {
			rc = nx_error_set(err, "message %zu has no \"messageId\"", i);
			goto out;
		}
		if (json_object_set_new(ids, id, json_integer((json_int_t)i)) < 0) {
			rc = nx_error_nomem(err);
			goto out;
		}
	}
	/* the last child of each message, and the last root ("") */
	at = n;
	json_array_foreach(all, i, m)
	{
		const char *up =
		    json_string_value(json_object_get(m, "parentMessageId"));

		if (up == NULL || json_object_get(ids, up) == NULL)
			up = "";
		if (json_object_set_new(last, up, json_integer((json_int_t)i)) < 0) {
			rc = nx_error_nomem(err);
			goto out;
		}
	}
	for (const json_t *next = json_object_get(last, "");
	     json_is_integer(next) && shown < n && rc == 0; shown++) {
		at = (size_t)json_integer_value(next);
		m = json_array_get(all, at);
		mark(c);
		rc = librechat_message(c, m, at, err);
		next = json_object_get(last,
		    json_string_value(json_object_get(m, "messageId")));
	}
	c->skipped += n - shown; /* other branches */
out:
	json_decref(all);
	json_decref(ids);
	json_decref(last);
	return rc;
}

/*
 * SillyTavern: a chat file's lines, the header first.  The reply is the
 * swipe chosen (swipes[swipe_id]); system and narrator lines are left
 * out; extra.reasoning is the thinking; an attached image is media.
 */
static int
read_sillytavern(struct nx_conv *c, const json_t *lines, struct nx_error *err)
{
	size_t i;
	json_t *m;

	c->timestamp = stamp(
	    c, json_object_get(json_array_get(lines, 0), "create_date"));
	json_array_foreach(lines, i, m)
	{
		const json_t *extra = json_object_get(m, "extra");
		const json_t *swipes = json_object_get(m, "swipes");
		const json_t *pick = json_object_get(m, "swipe_id");
		const char *type = json_string_value(json_object_get(extra, "type"));
		struct msg text = {{NULL, 0}, {NULL, 0}, 0};

		if (i == 0)
			continue; /* the header */
		if (!json_is_object(m))
			return nx_error_set(err, "line %zu is not an object", i + 1);
		if (json_is_true(json_object_get(m, "is_system")) ||
		    (type != NULL && strcmp(type, "narrator") == 0)) {
			c->skipped++;
			continue;
		}
		text.text = str(json_object_get(m, "mes"));
		if (json_is_integer(pick) && json_is_array(swipes)) {
			json_int_t k = json_integer_value(pick);

			if (k < 0 || (size_t)k >= json_array_size(swipes) ||
			    !json_is_string(json_array_get(swipes, (size_t)k)))
				return nx_error_set(err,
				    "line %zu: swipe_id %lld names no swipe",
				    i + 1, (long long)k);
			text.text = str(json_array_get(swipes, (size_t)k));
		}
		if (text.text.s == NULL)
			return nx_error_set(err, "line %zu has no \"mes\"", i + 1);
		text.reasoning = str(json_object_get(extra, "reasoning"));
		if (json_object_get(extra, "image") != NULL)
			text.media++;
		if (add(c,
			json_is_true(json_object_get(m, "is_user"))
			    ? NX_ROLE_USER
			    : NX_ROLE_ASSISTANT,
			&text, err) < 0)
			return -1;
	}
	return 0;
}

/*
 * LM Studio: each message keeps its versions (edits, regenerations) and
 * which one is shown.  A user version holds content parts; an assistant
 * version steps, whose content blocks hold the text, or the thinking
 * when styled so (tool calls and their results are left out, counted).
 */
static int
read_lmstudio(struct nx_conv *c, const json_t *conv, struct nx_error *err)
{
	size_t i, k;
	json_t *m, *step;

	json_array_foreach(json_object_get(conv, "messages"), i, m)
	{
		const json_t *vs = json_object_get(m, "versions");
		const json_t *pick = json_object_get(m, "currentlySelected");
		json_int_t sel = json_is_integer(pick) ? json_integer_value(pick) : 0;
		const json_t *v = json_array_get(vs, (size_t)sel);
		const char *role = json_string_value(json_object_get(v, "role"));
		enum nx_role r;
		struct msg text = {{NULL, 0}, {NULL, 0}, 0};

		if (sel < 0 || !json_is_object(v))
			return nx_error_set(err,
			    "message %zu: currentlySelected names no version", i);
		c->skipped += json_array_size(vs) - 1; /* versions not shown */
		if (role == NULL || nx_role_parse(&r, role) < 0) {
			c->skipped++;
			continue;
		}
		if (json_object_get(v, "steps") == NULL) {
			if (content(c, &text, json_object_get(v, "content"),
				"content", (long)i, err) < 0)
				return -1;
			if (add(c, r, &text, err) < 0)
				return -1;
			continue;
		}
		/* the text of every content block, in order */
		json_t *joined = json_array();

		if (joined == NULL)
			return nx_error_nomem(err);
		json_array_foreach(json_object_get(v, "steps"), k, step)
		{
			const char *t =
			    json_string_value(json_object_get(step, "type"));
			size_t j;
			json_t *part;

			const char *style = json_string_value(json_object_get(
			    json_object_get(step, "style"), "type"));

			if (t == NULL || strcmp(t, "contentBlock") != 0)
				continue;
			json_array_foreach(json_object_get(step, "content"), j, part)
			{
				/* a block styled as thinking is the reasoning */
				if (style != NULL && strcmp(style, "thinking") == 0)
					json_array_append_new(joined,
					    json_pack("{s:s, s:O?}", "type",
						"thinking", "thinking",
						json_object_get(part, "text")));
				else
					json_array_append(joined, part);
			}
		}
		if (content(c, &text, joined, "content", (long)i, err) < 0 ||
		    add(c, r, &text, err) < 0) {
			json_decref(joined);
			return -1;
		}
		json_decref(joined);
	}
	return 0;
}

static int read_shape(
    struct nx_conv *c, const json_t *conv, struct nx_error *err);

/* How many times the NUL-terminated needle occurs in s. */
static unsigned
occurrences(struct nx_str s, const char *needle)
{
	size_t k = strlen(needle);
	unsigned n = 0;

	for (size_t i = 0; i + k <= s.len; i++)
		if (s.s[i] == needle[0] && memcmp(s.s + i, needle, k) == 0)
			n++;
	return n;
}

/*
 * LLaMA-Factory's multimodal files list their images, videos and sounds
 * beside the messages, marked in the text by <image>, <video>, <audio>:
 * media the record cannot hold, on the turns that mark them (on the
 * first user turn when none does).
 */
static void
listed_media(struct nx_conv *c, const json_t *conv)
{
	static const char *const lists[] = {"images", "videos", "audios"};
	static const char *const marks[] = {"<image>", "<video>", "<audio>"};
	struct nx_record *t = &c->turns;

	for (size_t k = 0; k < 3; k++) {
		size_t listed = json_array_size(json_object_get(conv, lists[k]));
		unsigned marked = 0;

		if (listed == 0)
			continue;
		for (size_t i = 0; i < t->ncontext; i++) {
			unsigned n = occurrences(t->context[i].text, marks[k]);

			t->context[i].media += n;
			marked += n;
		}
		for (size_t i = 0; marked == 0 && i < t->ncontext; i++)
			if (t->context[i].role == NX_ROLE_USER) {
				t->context[i].media += (unsigned)listed;
				break;
			}
	}
}

int
nx_conv_read(
    struct nx_conv *c, const json_t *root, long i, struct nx_error *err)
{
	const json_t *conv = root;

	nx_conv_clear(c);
	root = conv = unwrap(root);
	if (json_is_array(root) && is_message_list(root)) {
		c->shape = NX_CONV_OPENAI;
		return read_messages(c, root, "role", "content", err);
	}
	if (is_chat_file(root)) {
		c->shape = NX_CONV_SILLYTAVERN;
		return read_sillytavern(c, root, err);
	}
	if (json_is_array(root))
		conv = json_array_get(root, (size_t)i);
	return nx_conv_read_one(c, conv, err);
}

const json_t *
nx_conv_json(const json_t *root, long i, enum nx_conv_shape *shape)
{
	int got;

	root = unwrap(root);
	if (json_is_array(root) && is_message_list(root)) {
		*shape = NX_CONV_OPENAI;
		return root;
	}
	if (is_chat_file(root)) {
		*shape = NX_CONV_SILLYTAVERN;
		return root;
	}
	if (json_is_array(root))
		root = json_array_get(root, (size_t)i);
	if ((got = shape_of(root)) < 0)
		return NULL;
	*shape = (enum nx_conv_shape)got;
	return root;
}

int
nx_conv_read_one(struct nx_conv *c, const json_t *conv, struct nx_error *err)
{
	int shape;

	nx_conv_clear(c);
	if ((shape = shape_of(conv)) < 0)
		return nx_error_set(err, "unknown shape");
	c->shape = (enum nx_conv_shape)shape;
	if (read_shape(c, conv, err) < 0)
		return -1;
	listed_media(c, conv);
	return 0;
}

/* Conversation conv, of shape c->shape, into c. */
static int
read_shape(struct nx_conv *c, const json_t *conv, struct nx_error *err)
{
	switch (c->shape) {
	case NX_CONV_NOVA:
	case NX_CONV_OPENAI:
		c->session_id = str(json_object_get(conv, "session_id"));
		c->timestamp = stamp(c, json_object_get(conv, "timestamp"));
		c->id = str(json_object_get(conv, "id"));
		return read_messages(c, json_object_get(conv, "messages"),
		    "role", "content", err);
	case NX_CONV_SHAREGPT:
		c->id = str(json_object_get(conv, "id"));
		return read_messages(c, json_object_get(conv, "conversations"),
		    "from", "value", err);
	case NX_CONV_CHATGPT:
		c->id = str(json_object_get(conv, "conversation_id"));
		if (c->id.s == NULL)
			c->id = str(json_object_get(conv, "id"));
		c->timestamp = stamp(c, json_object_get(conv, "create_time"));
		return read_chatgpt(c, conv, err);
	case NX_CONV_CLAUDE:
		c->id = str(json_object_get(conv, "uuid"));
		c->timestamp = stamp(c, json_object_get(conv, "created_at"));
		return read_claude(c, conv, err);
	case NX_CONV_ALPACA:
		c->id = str(json_object_get(conv, "id"));
		return read_alpaca(c, conv, err);
	case NX_CONV_LIBRECHAT:
		c->id = str(json_object_get(conv, "conversationId"));
		return read_librechat(c, conv, err);
	case NX_CONV_LMSTUDIO:
		c->timestamp = stamp(c, json_object_get(conv, "createdAt"));
		return read_lmstudio(c, conv, err);
	case NX_CONV_SILLYTAVERN:
		return read_sillytavern(c, conv, err);
	case NX_CONV_OPENWEBUI:
		c->id = str(json_object_get(conv, "id"));
		c->timestamp = stamp(c, json_object_get(conv, "created_at"));
		return read_messages(c,
		    json_object_get(json_object_get(conv, "chat"), "messages"),
		    "role", "content", err);
	}
	return 0;
}

/* A scanned string: in place, or decoded into the record's scratch
 * (reserved beforehand for the whole text, so nothing moves). */
static struct nx_str
scanned(struct nx_conv *c, const struct nx_scan_field *f)
{
	struct nx_str s = {f->s, f->len};
	struct nx_buf *b = &c->turns.scratch;

	if (f->escaped) {
		s.s = b->data + b->len;
		s.len = nx_scan_decode(b->data + b->len, f);
		b->len += s.len;
	}
	return s;
}

enum {
	F_MESSAGES,
	F_SESSION,
	F_TIMESTAMP,
	F_ID,
	F_MAPPING,
	F_CHAT_MESSAGES,
	F_CHAT,
	F_CONVERSATIONS,
	F_IMAGES,
	F_VIDEOS,
	F_AUDIOS,
	NF
};

int
nx_conv_scan(struct nx_conv *c, const char *text, size_t len)
{
	struct nx_scan_field f[NF] = {
	    [F_MESSAGES] = {.key = "messages"},
	    [F_SESSION] = {.key = "session_id"},
	    [F_TIMESTAMP] = {.key = "timestamp"},
	    [F_ID] = {.key = "id"},
	    [F_MAPPING] = {.key = "mapping"},
	    [F_CHAT_MESSAGES] = {.key = "chat_messages"},
	    [F_CHAT] = {.key = "chat"},
	    [F_CONVERSATIONS] = {.key = "conversations"},
	    [F_IMAGES] = {.key = "images"},
	    [F_VIDEOS] = {.key = "videos"},
	    [F_AUDIOS] = {.key = "audios"},
	};
	struct nx_scan_iter it;
	struct nx_scan_field mf[5] = {{.key = "role"}, {.key = "content"},
	    {.key = "reasoning_content"}, {.key = "thinking"},
	    {.key = "reasoning"}};
	int got;

	nx_conv_clear(c);
	if (!nx_scan_object(text, len, f, NF) ||
	    f[F_MESSAGES].type != NX_SCAN_OTHER || f[F_MESSAGES].s[0] != '[')
		return 0;
	for (int i = F_MAPPING; i < NF; i++)
		if (f[i].type != NX_SCAN_ABSENT)
			return 0;
	for (int i = F_SESSION; i <= F_ID; i++)
		if (f[i].type != NX_SCAN_ABSENT && f[i].type != NX_SCAN_STRING)
			return 0;
	if (nx_buf_reserve(&c->turns.scratch, len) < 0)
		return 0;
	c->shape =
	    f[F_SESSION].type == NX_SCAN_STRING ? NX_CONV_NOVA : NX_CONV_OPENAI;
	if (f[F_SESSION].type == NX_SCAN_STRING)
		c->session_id = scanned(c, &f[F_SESSION]);
	if (f[F_TIMESTAMP].type == NX_SCAN_STRING)
		c->timestamp = scanned(c, &f[F_TIMESTAMP]);
	if (f[F_ID].type == NX_SCAN_STRING)
		c->id = scanned(c, &f[F_ID]);
	nx_scan_iter_init(&it, &f[F_MESSAGES]);
	while ((got = nx_scan_iter_object(&it, mf, 5)) != 0) {
		struct nx_str role, content, reasoning = {NULL, 0};
		enum nx_role r;
		char name[16];

		size_t known = 2;

		if (got < 0 || mf[0].type != NX_SCAN_STRING ||
		    mf[1].type != NX_SCAN_STRING || mf[0].len >= sizeof(name))
			return 0; /* parts, or something to report */
		for (int k = 2; k < 5; k++)
			known += mf[k].type != NX_SCAN_ABSENT;
		if (it.nkeys != known)
			return 0; /* tool calls, weight: the parser's */
		for (int k = 2; k < 5; k++) {
			if (mf[k].type == NX_SCAN_ABSENT)
				continue;
			if (mf[k].type != NX_SCAN_STRING)
				return 0;
			if (reasoning.s == NULL)
				reasoning = scanned(c, &mf[k]);
		}
		role = scanned(c, &mf[0]);
		memcpy(name, role.s, role.len);
		name[role.len] = '\0';
		if (nx_role_parse(&r, name) < 0)
			return 0; /* a tool's result, or a role to count */
		content = scanned(c, &mf[1]);
		if (add(c, r, &(struct msg){content, reasoning, 0}, NULL) < 0)
			return 0;
	}
	return 1;
}

/* --- turns as runs of one role ---------------------------------------------
 */

int
nx_conv_id(
    struct nx_buf *b, const char *name, const struct nx_conv *c, long place)
{
	if (nx_buf_adds(b, "conv:") < 0 || nx_buf_adds(b, name) < 0)
		return -1;
	if (c->id.s != NULL)
		return nx_buf_addc(b, ':') < 0 ||
			nx_buf_add(b, c->id.s, c->id.len) < 0
		    ? -1
		    : 0;
	if (place >= 0)
		return nx_buf_addc(b, ':') < 0 ||
			nx_buf_addu(b, (unsigned long long)place) < 0
		    ? -1
		    : 0;
	return 0;
}

int
nx_conv_runs(struct nx_turn *runs, size_t *nruns, struct nx_buf *b,
    const struct nx_turn *t, size_t n)
{
	size_t total = 0, k = 0;

	for (size_t i = 0; i < n; i++)
		total += t[i].text.len + 2;
	if (nx_buf_reserve(b, total) < 0) /* no pointer moves later */
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct nx_turn *u = &t[i];
		int same = k > 0 && runs[k - 1].role == u->role &&
		    !nx_turn_is_tool(u) && !nx_turn_is_tool(&runs[k - 1]);

		if (!same) {
			/* a tool turn stands alone, with its own fields */
			runs[k] = nx_turn_is_tool(u)
			    ? *u
			    : (struct nx_turn){
				  .role = u->role, .weight = u->weight};
			runs[k].text = (struct nx_str){b->data + b->len, 0};
			runs[k].media = 0;
			runs[k].reasoning = (struct nx_str){NULL, 0};
			k++;
		} else if (u->text.len > 0 && runs[k - 1].text.len > 0) {
			nx_buf_add(b, "\n\n", 2);
			runs[k - 1].text.len += 2;
		}
		nx_buf_add(b, u->text.s, u->text.len);
		runs[k - 1].text.len += u->text.len;
		runs[k - 1].media += u->media;
		if (u->reasoning.s != NULL)
			runs[k - 1].reasoning = u->reasoning;
	}
	*nruns = k;
	return 0;
}

/* --- keeping a conversation aside ------------------------------------------
 */

#define ABSENT UINT64_MAX

static int
pack_u64(struct nx_buf *b, uint64_t v)
{
	return nx_buf_add(b, (const char *)&v, sizeof(v));
}

static int
pack_str(struct nx_buf *b, struct nx_str s)
{
	if (s.s == NULL)
		return pack_u64(b, ABSENT);
	if (pack_u64(b, s.len) < 0)
		return -1;
	return nx_buf_add(b, s.s, s.len);
}

int
nx_conv_pack(struct nx_buf *b, const struct nx_conv *c)
{
	const struct nx_record *t = &c->turns;
	int rc = 0;

	rc |= pack_u64(b, (uint64_t)c->shape);
	rc |= pack_u64(b, c->skipped);
	rc |= pack_str(b, c->id);
	rc |= pack_str(b, c->session_id);
	rc |= pack_str(b, c->timestamp);
	rc |= pack_str(b, t->system);
	rc |= pack_u64(b, t->ncontext);
	for (size_t i = 0; i < t->ncontext; i++) {
		rc |= pack_u64(b, (uint64_t)t->context[i].role);
		rc |= pack_str(b, t->context[i].text);
		rc |= pack_str(b, t->context[i].reasoning);
		rc |= pack_u64(b, t->context[i].media);
		rc |= pack_str(b, t->context[i].calls);
		rc |= pack_str(b, t->context[i].call_id);
		rc |= pack_str(b, t->context[i].name);
		rc |= pack_str(b, t->context[i].weight);
	}
	return rc < 0 ? -1 : 0;
}

struct unpacker {
	const char *p, *end;
};

static int
unpack_u64(struct unpacker *u, uint64_t *v)
{
	if ((size_t)(u->end - u->p) < sizeof(*v))
		return -1;
	memcpy(v, u->p, sizeof(*v));
	u->p += sizeof(*v);
	return 0;
}

static int
unpack_str(struct unpacker *u, struct nx_str *s)
{
	uint64_t n;

	if (unpack_u64(u, &n) < 0)
		return -1;
	if (n == ABSENT) {
		*s = (struct nx_str){NULL, 0};
		return 0;
	}
	if (n > (uint64_t)(u->end - u->p))
		return -1;
	*s = (struct nx_str){u->p, (size_t)n};
	u->p += n;
	return 0;
}

int
nx_conv_unpack(struct nx_conv *c, const char *data, size_t len)
{
	struct unpacker u = {data, data + len};
	uint64_t shape, skipped, n, role;

	nx_conv_clear(c);
	if (unpack_u64(&u, &shape) < 0 || shape > NX_CONV_LMSTUDIO ||
	    unpack_u64(&u, &skipped) < 0 || unpack_str(&u, &c->id) < 0 ||
	    unpack_str(&u, &c->session_id) < 0 ||
	    unpack_str(&u, &c->timestamp) < 0 ||
	    unpack_str(&u, &c->turns.system) < 0 || unpack_u64(&u, &n) < 0)
		return -1;
	c->shape = (enum nx_conv_shape)shape;
	c->skipped = (size_t)skipped;
	for (uint64_t i = 0; i < n; i++) {
		struct nx_str text, reasoning, calls, call_id, name, weight;
		uint64_t media;
		struct nx_turn *t;

		if (unpack_u64(&u, &role) < 0 || role > NX_ROLE_TOOL ||
		    unpack_str(&u, &text) < 0 ||
		    unpack_str(&u, &reasoning) < 0 ||
		    unpack_u64(&u, &media) < 0 || media > UINT_MAX ||
		    unpack_str(&u, &calls) < 0 || unpack_str(&u, &call_id) < 0 ||
		    unpack_str(&u, &name) < 0 || unpack_str(&u, &weight) < 0 ||
		    nx_record_add_context(&c->turns, (enum nx_role)role, text) <
			0)
			return -1;
		t = &c->turns.context[c->turns.ncontext - 1];
		t->reasoning = reasoning;
		t->media = (unsigned)media;
		t->calls = calls;
		t->call_id = call_id;
		t->name = name;
		t->weight = weight;
	}
	return u.p == u.end ? 0 : -1;
}
