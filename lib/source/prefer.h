/*
 * prefer: preferences between the replies of a saved conversation, as the
 * user showed them — the reply kept over one regenerated, retried, swiped
 * away or branched from, and replies rated up or down.  This module owns
 * the rules: which two replies make a pair, which pairs are too weak to
 * use (counted, never written), and which ratings become labelled (KTO)
 * records.  The text of every reply is read by conv, through the path
 * from the start of the conversation to that reply, so a reply reads the
 * same here as in a pair.
 *
 *   chatgpt      sibling replies in mapping (current_node marks the shown
 *                path) and message_feedback.json beside the export
 *   claude       sibling replies under one parent_message_uuid (the path
 *                to the newest leaf is the shown one)
 *   openwebui    sibling replies in chat.history (currentId), and each
 *                message's annotation.rating (-1 or 1)
 *   librechat    sibling replies under one parentMessageId (the newest
 *                at each fork is the shown one), and feedback.rating
 *                (thumbsUp or thumbsDown)
 *   sillytavern  swipes[] of a reply, swipes[swipe_id] the one kept
 *   lmstudio     versions[] of a reply, currentlySelected the one kept
 *
 * Other shapes hold one path and no ratings: nothing to prefer.
 *
 * Ownership: a record given to the callback borrows from p and is valid
 * only during the call.
 */
#ifndef NX_PREFER_H
#define NX_PREFER_H

#include <jansson.h>

#include "buf.h"
#include "conv.h"
#include "err.h"
#include "record.h"

/* What --preferences writes: pairs (DPO), or rated replies (KTO). */
enum nx_prefer_mode { NX_PREFER_PAIRS, NX_PREFER_KTO };

/* Why a preference found gave no record. */
enum nx_prefer_weak {
	NX_PREFER_ABANDONED,  /* siblings none of which was kept or liked */
	NX_PREFER_EDIT,	      /* an edit of the prompt, not of the answer */
	NX_PREFER_ALONE,      /* a rated reply without a sibling (kto) */
	NX_PREFER_EMPTY,      /* a reply empty, only media or tool calls */
	NX_PREFER_ERROR,      /* an error shown in place of a reply */
	NX_PREFER_UNFINISHED, /* a reply cut off: stopped, out of tokens */
	NX_PREFER_SAME,	      /* the two replies are the same text */
	NX_PREFER_MEDIA,      /* media in the prompt the record cannot hold */
	NX_PREFER_NO_PROMPT,  /* replies with no user turn before them */
	NX_PREFER_NO_TEXT,    /* a comparison naming its replies by id only */
	NX_PREFER_UNDECIDED,  /* a comparison where neither was picked */
	NX_PREFER_GOING_ON,   /* a comparison of how a reply went on */
	NX_PREFER_WEAK_N
};

/* Where a conversation is, for its records' ids and metadata. */
struct nx_prefer_where {
	const char *name;  /* the file as records name it */
	const char *path;  /* the file on disk (a .zip for an entry) */
	const char *entry; /* the file inside the .zip, or NULL */
	long place;	   /* its line or place in the file, or -1 */
};

struct nx_prefer {
	enum nx_prefer_mode mode;
	const char *system; /* where a conversation has none, or NULL */
	/* --context: at most context earlier turns, when cut (else the
	 * whole path before the prompt) */
	int cut;
	size_t context;
	unsigned long long weak[NX_PREFER_WEAK_N];
	unsigned long long rated; /* messages rated in feedback files */
	unsigned long long found; /* of them, replies in what was read */
	unsigned long long torn;  /* rated both up and down: neither kept */
	/* The feedback file last looked for, named as the conversations
	 * beside it are (NUL-terminated): what its errors are about. */
	struct nx_buf feedback;
	/* private */
	json_t *ratings; /* "conversation\nmessage" → 1 or -1 */
	json_t *loaded;	 /* feedback files looked for, by path */
	const char *kind; /* a kept reply's preference, or NULL: the shape's */
	struct nx_conv conv[2];
	json_t *view[2];
	/* the two sides' turns, and whose id, time and system they have */
	const struct nx_turn *turns[2];
	size_t nturns[2];
	const struct nx_conv *from;
	struct nx_prefer_path *path; /* while a conversation is read */
	struct nx_turn *ctx;
	size_t ctx_cap;
	struct nx_buf text[2], meta, id;
	struct nx_record rec;
};

void nx_prefer_init(struct nx_prefer *p, enum nx_prefer_mode mode);
void nx_prefer_free(struct nx_prefer *p);

/* What weak reason w means, in a few words. */
const char *nx_prefer_weak_name(enum nx_prefer_weak w);

/* Whether name is a file of ratings (message_feedback.json) or of
 * comparisons (model_comparisons.json), read beside the conversations
 * rather than as one. */
int nx_prefer_is_feedback(const char *name);

/*
 * The ratings of a ChatGPT export: message_feedback.json in the folder of
 * w->path, or beside w->entry in its archive, read once.  0 (also when
 * there is none), or -1 with err filled when p->feedback is there but
 * unreadable or not a list of {conversation_id, message_id or id, rating}.
 */
int nx_prefer_feedback(
    struct nx_prefer *p, const struct nx_prefer_where *w, struct nx_error *err);

typedef int (*nx_prefer_fn)(void *arg, const struct nx_record *rec);

/*
 * The side-by-side comparisons of a ChatGPT export, model_comparisons.json
 * beside the conversations at w (as nx_prefer_feedback finds it), read
 * once, with --preferences pairs only: each where the user picked one of
 * two replies, a pair (preference "comparison") given to fn, the rules of
 * nx_prefer_read applied.  0, what fn returned, or -1 with err filled
 * (the file unreadable or malformed; p->feedback names it).
 */
int nx_prefer_comparisons(struct nx_prefer *p, const struct nx_prefer_where *w,
    nx_prefer_fn fn, void *arg, struct nx_error *err);

/*
 * The preferences of conversation i of root (as nx_conv_read counts
 * them): each record, a pair or a labelled reply with its context, system
 * prompt and metadata, given to fn, which returns 0 to go on.  Weak pairs
 * are counted in p->weak.  Returns 0, what fn returned when not 0, or -1
 * with err filled (a malformed conversation, memory).
 */
int nx_prefer_read(struct nx_prefer *p, const json_t *root, long i,
    const struct nx_prefer_where *w, nx_prefer_fn fn, void *arg,
    struct nx_error *err);

#endif
