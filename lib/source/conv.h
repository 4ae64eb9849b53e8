/*
 * conv: the conversations of a saved-chat file, whatever program wrote it.
 *
 *   nova       {"session_id","timestamp","messages":[{"role","content"}]}
 *   openai     {"messages":[…]}, or a bare array of messages
 *   sharegpt   {"conversations":[{"from","value"}]}
 *   chatgpt    the ChatGPT export: [{"mapping":{…},"current_node":…}]
 *   claude     the Claude.ai export: [{"chat_messages":[{"sender","text"}]}]
 *   openwebui  the Open WebUI export: [{"chat":{"messages":[…]}}]
 *   alpaca     {"instruction","input","output","system","history"}, as in
 *              LLaMA-Factory's data files (a JSON array of them)
 *   librechat  {"conversationId","messages"|"messagesTree":[{"messageId",
 *              "parentMessageId","isCreatedByUser","text"}]}
 *   sillytavern  a chat file's lines as one array: a header
 *              {"user_name","character_name"}, then {"mes","is_user",
 *              "swipes","swipe_id"}
 *   lmstudio   {"messages":[{"versions":[…],"currentlySelected":n}]}
 *
 * A file holds one conversation (an object) or many (an array of them).
 * Ownership: a struct nx_conv owns its text; nx_str pointers borrow from it
 * or from the JSON value it was read from, valid until nx_conv_clear.
 */
#ifndef NX_CONV_H
#define NX_CONV_H

#include <jansson.h>

#include "buf.h"
#include "record.h"

enum nx_conv_shape {
	NX_CONV_NOVA,
	NX_CONV_OPENAI,
	NX_CONV_SHAREGPT,
	NX_CONV_CHATGPT,
	NX_CONV_CLAUDE,
	NX_CONV_OPENWEBUI,
	NX_CONV_ALPACA,
	NX_CONV_LIBRECHAT,
	NX_CONV_SILLYTAVERN,
	NX_CONV_LMSTUDIO
};

struct nx_conv {
	enum nx_conv_shape shape;
	struct nx_str id;	  /* the export's conversation id, or absent */
	struct nx_str session_id; /* Nova's session id, or absent */
	struct nx_str timestamp;  /* as saved, or absent */
	size_t skipped;		  /* non-text parts and hidden turns left out */
	size_t cites;		  /* citation markers taken out of replies */
	/* The turns, oldest first, in turns.context; a leading system
	 * message in turns.system.  Empty turns are left out, but a turn
	 * that held only media (an image, a file without its text) stays,
	 * with empty text and its media counted, so that no reader of the
	 * turns joins the replies on either side of it. */
	struct nx_record turns;
	char stamp[32]; /* a numeric time, written out */
	/* With marks set (room for marks_cap), a read of a path of messages
	 * (ChatGPT, Claude, LibreChat, Open WebUI and OpenAI-style lists)
	 * notes before each message, in the order read, the turns so far
	 * times 2, plus 1 when thinking waits for the reply it leads to;
	 * nmarks says how many.  The caller owns marks; clearing keeps it. */
	size_t *marks, marks_cap, nmarks;
	/* private */
	struct nx_buf tbuf; /* a message's text as it is put together */
	struct nx_buf rbuf; /* and its thinking */
	struct nx_str pending; /* thinking read, its reply not yet */
};

void nx_conv_init(struct nx_conv *c);
void nx_conv_clear(struct nx_conv *c);
void nx_conv_free(struct nx_conv *c);

/* The name of a shape ("chatgpt", …). */
const char *nx_conv_shape_name(enum nx_conv_shape shape);

/*
 * The fast path for the commonest file, one Nova or OpenAI-style object
 * whose messages are {role, content} with string content: read text
 * without building a JSON tree.  Returns 1 when it did (c holds the
 * conversation, borrowing from text), 0 when nx_conv_read must decide.
 */
int nx_conv_scan(struct nx_conv *c, const char *text, size_t len);

/*
 * How many conversations root holds: 1 for an object, the length of an
 * array of conversations.  -1 with err filled when root is no shape above.
 */
long nx_conv_count(const json_t *root, struct nx_error *err);

/*
 * Read conversation i (< nx_conv_count) of root into c, clearing it first.
 * Returns 0, or -1 with err filled when that conversation is malformed
 * (a message without role or content, a role we do not know, …).
 */
int nx_conv_read(
    struct nx_conv *c, const json_t *root, long i, struct nx_error *err);

/*
 * Read one conversation object into c, clearing it first: an element of a
 * list of conversations, read alone (nx_conv_read's conversation i of a
 * list is read so).  0, or -1 with err filled.
 */
int nx_conv_read_one(
    struct nx_conv *c, const json_t *conv, struct nx_error *err);

/*
 * Conversation i of root (as nx_conv_count counts them) as JSON: an
 * object, or the lines of a chat file; its shape in *shape.  Borrowed
 * from root; NULL when root holds no such conversation.
 */
const json_t *nx_conv_json(
    const json_t *root, long i, enum nx_conv_shape *shape);

/* Whether v is the first line of a SillyTavern chat file: the lines
 * after it are one conversation, read as an array of all the lines. */
int nx_conv_is_chat_header(const json_t *v);

/* Whether v is a chat message ({"role",…}): a list that begins with one
 * is one conversation, not a list of them. */
int nx_conv_is_message(const json_t *v);

/*
 * The start of the ids of conversation c's records, appended to b:
 * "conv:NAME" (its file as records name it), then ":" and the
 * conversation's own id, else ":" and its place (a line, or its index in
 * a file of many; place < 0: none), so that ids stay unique.  0, or -1
 * (memory).
 */
int nx_conv_id(
    struct nx_buf *b, const char *name, const struct nx_conv *c, long place);

/*
 * Turns t[0..n) as runs: consecutive turns of one role joined by a blank
 * line (so that no message is lost) into runs[] (room for n), how many in
 * *nruns.  A tool turn stands alone with its own fields; a run counts the
 * media of its turns and keeps the thinking of the last that had some.
 * The text is appended to b, all its room taken at once, so that it stays
 * where it is until b next grows.  0, or -1 (memory).
 */
int nx_conv_runs(struct nx_turn *runs, size_t *nruns, struct nx_buf *b,
    const struct nx_turn *t, size_t n);

/*
 * A conversation as bytes appended to b, for keeping it aside (a spool)
 * and reading it back with nx_conv_unpack.  0, or -1 (memory).
 */
int nx_conv_pack(struct nx_buf *b, const struct nx_conv *c);

/*
 * Conversation c from what nx_conv_pack wrote; its strings borrow from
 * data.  0, or -1 when data is not such bytes or memory runs out.
 */
int nx_conv_unpack(struct nx_conv *c, const char *data, size_t len);

#endif
