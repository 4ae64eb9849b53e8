/*
 * record: the neutral view of one JSONL line, whatever its shape.
 *
 * Ownership: a struct nx_record owns the parsed JSON in root and any text it
 * had to build (joined content parts, turns cut out of a "text" field).  All
 * nx_str and nx_turn pointers are borrowed from the record and stay valid
 * until nx_record_clear or nx_record_free.  Tools that build a record by hand
 * (the sources) leave root NULL and point the strings at their own storage.
 */
#ifndef NX_RECORD_H
#define NX_RECORD_H

#include <jansson.h>
#include <stddef.h>

#include "buf.h"
#include "err.h"

enum nx_shape {
	NX_SHAPE_NEUTRAL, /* prompt + completion (also the instruction format)
			   */
	NX_SHAPE_CHAT,	  /* messages: [{role, content}] */
	NX_SHAPE_TEXT,	 /* text with <|user|>/<|assistant|> or User:/Assistant:
			  */
	NX_SHAPE_ALPACA, /* instruction, input, output */
	NX_SHAPE_SHAREGPT /* conversations: [{from, value}] */
};

/* NX_ROLE_TOOL: a tool's result (OpenAI's tool, ShareGPT's observation). */
enum nx_role { NX_ROLE_SYSTEM, NX_ROLE_USER, NX_ROLE_ASSISTANT, NX_ROLE_TOOL };

struct nx_str {
	const char *s; /* NULL when absent; not always NUL-terminated */
	size_t len;    /* bytes */
};

struct nx_turn {
	enum nx_role role;
	struct nx_str text;
	struct nx_str reasoning; /* the thinking that came with it, or absent */
	unsigned media; /* images, audio or files it had that text cannot hold */
	/* Tool turns.  An assistant's calls: calls holds them as compact
	 * JSON in OpenAI's shape, [{"id"?,"type":"function","function":
	 * {"name","arguments":"…"}}], and text what it said beside them
	 * (often empty).  A tool's result: role NX_ROLE_TOOL, text its
	 * output, call_id the call it answers and name the tool, when given.
	 * weight: OpenAI's per-message "0" or "1", as written, or absent. */
	struct nx_str calls, call_id, name, weight;
};

/* What a record teaches: a reply to learn (supervised fine-tuning), a
 * preference between two replies (DPO), or one reply marked good or bad
 * (KTO). */
enum nx_kind { NX_KIND_REPLY, NX_KIND_PAIR, NX_KIND_LABELED };

struct nx_record {
	json_t *root; /* owned, or NULL */
	enum nx_shape shape;
	/* A pair: completion holds the chosen reply and rejected the other;
	 * a labelled record: completion, with label 1 (good) or 0 (bad). */
	enum nx_kind kind;
	struct nx_str rejected;
	int label;
	int scanned; /* read by nx_record_scan: the line is valid JSON */
	struct nx_str id, source, system, prompt, completion;
	struct nx_str reasoning; /* the completion's thinking, or absent */
	struct nx_turn *context; /* earlier turns, oldest first */
	size_t ncontext;
	/* The tool calls and results between the prompt and the completion,
	 * in order (they live in context's array, after its turns). */
	struct nx_turn *steps;
	size_t nsteps;
	json_t *metadata; /* borrowed from root (or the builder), or NULL */
	struct nx_str metadata_raw; /* compact JSON text, written when
				       metadata is NULL (builders' fast way) */
	/* private */
	struct nx_buf scratch; /* decoded strings of a scanned record */
	size_t context_cap;
	char **owned;
	size_t nowned, owned_cap;
};

/* An empty record: every field absent. */
void nx_record_init(struct nx_record *rec);

/*
 * Parse line[0..len) and fill rec with its neutral view, detecting the shape.
 * rec must be initialised; its previous contents are cleared first.
 * Returns 0, or -1 with err filled: then rec->root is NULL when the line is
 * not a JSON object (reason "json") and set when the JSON is fine but the
 * shape is not one we read (reason "shape").
 */
int nx_record_parse(
    struct nx_record *rec, const char *line, size_t len, struct nx_error *err);

/*
 * The fast path: fill rec from line[0..len) without building a JSON tree,
 * when the line is a plain neutral record (prompt and completion strings, no
 * context; metadata of any layout).  The view then has no root, and
 * metadata only as metadata_raw: borrowed from line when the line wrote it
 * compact, else a compact copy in rec's scratch.  Returns 1 when it
 * did, 0 when the line needs nx_record_parse (any other shape, or anything
 * the scanner leaves to jansson — including every invalid line).
 */
int nx_record_scan(struct nx_record *rec, const char *line, size_t len);

/* Same, from an already parsed value; steals the reference to root. */
int nx_record_from_json(
    struct nx_record *rec, json_t *root, struct nx_error *err);

/*
 * Replace the contents of out with the string in metadata field name of
 * rec (from the tree or the raw text).  Returns 0, or -1 when there is no
 * such string or memory runs out.
 */
int nx_record_metadata_string(
    struct nx_buf *out, const struct nx_record *rec, const char *name);

/* Append a turn to rec->context; the text is borrowed.  0, or -1 (memory). */
int nx_record_add_context(
    struct nx_record *rec, enum nx_role role, struct nx_str text);

/*
 * A copy of b's bytes that rec owns until it is cleared, as *out (NUL-
 * terminated past out->len).  0, or -1 (memory).
 */
int nx_record_keep(
    struct nx_record *rec, struct nx_str *out, const struct nx_buf *b);

/*
 * "invalid JSON at column N: why" from jansson's error into err (its words,
 * less the names of its flags).  Returns -1.
 */
int nx_json_error(struct nx_error *err, const json_error_t *jerr);

/*
 * json_loadb for every JSON text we read: the same, but a raw NUL byte
 * anywhere is an error (jansson ends a literal or a number at one and
 * reads on, so "null\0}" passes).  A new reference, or NULL with jerr.
 */
json_t *nx_json_loadb(
    const char *s, size_t n, size_t flags, json_error_t *jerr);

/* Release what rec owns and make it empty again, keeping its arrays. */
void nx_record_clear(struct nx_record *rec);

/* Release everything; rec may be initialised again. */
void nx_record_free(struct nx_record *rec);

/*
 * Read message m (its role under rolekey, its text under textkey) into *t
 * when it is a tool turn: a tool's output (role tool, function,
 * observation, ipython), a ShareGPT function_call (its value the JSON of
 * {name, arguments}, or a list of them), or an assistant's calls
 * (tool_calls, function_call, or LLaMA-Factory's tool_call content parts),
 * with any text beside them.  Text built from parts is owned by rec.
 * Returns 1 when it is one (t filled), 0 when m is no tool turn (t is then
 * left alone, weight aside), -1 with err filled when it is a malformed one
 * or memory runs out.  A message's "weight" (0 or 1) is read into t->weight
 * for every message.
 */
int nx_record_tool_turn(struct nx_record *rec, struct nx_turn *t,
    const json_t *m, const char *rolekey, const char *textkey,
    struct nx_error *err);

/* Whether t is a tool turn: a tool's result, or an assistant's calls. */
int nx_turn_is_tool(const struct nx_turn *t);

/* The tool turns of rec: in its context and its steps. */
size_t nx_record_tool_turns(const struct nx_record *rec);

/* "system", "user", "assistant" or "tool". */
const char *nx_role_name(enum nx_role role);

/* The role called name (user/human, assistant/gpt/model/bot, system and
 * OpenAI's developer): 0, or -1 for any other name. */
int nx_role_parse(enum nx_role *out, const char *name);

/*
 * Message content v: a string, or a list of parts whose text ones
 * ({"type":"text","text":…}, LLaMA-Factory's {"type":"text","value":…}
 * or bare strings) are joined with newlines
 * into storage rec owns; other parts are skipped and added to *skipped
 * (may be NULL).  key names v in messages.  0, or -1 with err filled.
 */
int nx_record_content(struct nx_record *rec, struct nx_str *out,
    const json_t *v, const char *key, size_t *skipped, struct nx_error *err);

#endif
