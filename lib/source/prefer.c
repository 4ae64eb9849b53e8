#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "format.h"
#include "jarray.h"
#include "prefer.h"
#include "reader.h"
#include "text.h"
#include "zip.h"

#define MAX_FEEDBACK ((size_t)1 << 30)
#define NONE ((size_t)-1)

static const char *const weak_names[NX_PREFER_WEAK_N] = {
    [NX_PREFER_ABANDONED] = "siblings none of which was kept or liked",
    [NX_PREFER_EDIT] = "edits of a prompt (no preference between answers)",
    [NX_PREFER_ALONE] = "rated replies without a sibling (--preferences kto "
			"writes them)",
    [NX_PREFER_EMPTY] = "a reply empty, only media or only tool calls",
    [NX_PREFER_ERROR] = "an error in place of a reply",
    [NX_PREFER_UNFINISHED] = "a reply cut off unfinished",
    [NX_PREFER_SAME] = "two replies of the same text",
    [NX_PREFER_MEDIA] = "media in the prompt or before it",
    [NX_PREFER_NO_PROMPT] = "replies without a user turn before them",
    [NX_PREFER_NO_TEXT] = "comparisons naming their replies only by id "
			  "(model_comparisons.json holds no text)",
    [NX_PREFER_UNDECIDED] = "comparisons where neither reply was picked "
			    "(skipped, or one did not load)",
    [NX_PREFER_GOING_ON] = "comparisons of two ways a reply went on after "
			   "its first steps, not of two replies",
};

const char *
nx_prefer_weak_name(enum nx_prefer_weak w)
{
	return weak_names[w];
}

void
nx_prefer_init(struct nx_prefer *p, enum nx_prefer_mode mode)
{
	memset(p, 0, sizeof(*p));
	p->mode = mode;
	nx_conv_init(&p->conv[0]);
	nx_conv_init(&p->conv[1]);
	nx_record_init(&p->rec);
}

void
nx_prefer_free(struct nx_prefer *p)
{
	json_decref(p->ratings);
	json_decref(p->loaded);
	json_decref(p->view[0]);
	json_decref(p->view[1]);
	nx_conv_free(&p->conv[0]);
	nx_conv_free(&p->conv[1]);
	free(p->ctx);
	nx_buf_free(&p->text[0]);
	nx_buf_free(&p->text[1]);
	nx_buf_free(&p->meta);
	nx_buf_free(&p->id);
	nx_buf_free(&p->feedback);
	nx_record_free(&p->rec);
	memset(p, 0, sizeof(*p));
}

/* --- ratings from message_feedback.json ------------------------------------
 */

static const char feedback_name[] = "message_feedback.json";
static const char comparisons_name[] = "model_comparisons.json";

int
nx_prefer_is_feedback(const char *name)
{
	const char *base = strrchr(name, '/');

	base = base != NULL ? base + 1 : name;
	return strcmp(base, feedback_name) == 0 ||
	    strcmp(base, comparisons_name) == 0;
}

/* The key of a rating: conversation id without its dashes (some exports
 * write it as 32 hex digits, others in the 8-4-4-4-12 groups of
 * conversations.json), a newline, message id. */
static int
rating_key(struct nx_buf *b, const char *conv, const char *msg)
{
	nx_buf_reset(b);
	for (; *conv != '\0'; conv++)
		if (*conv != '-' && nx_buf_addc(b, *conv) < 0)
			return -1;
	return nx_buf_addc(b, '\n') < 0 || nx_buf_adds(b, msg) < 0 ||
		nx_buf_addc(b, '\0') < 0
	    ? -1
	    : 0;
}

/* A rating's value: 1 up, -1 down, 0 neither.  Exports spell it
 * thumbsUp/thumbsDown until late 2024, thumbs_up/thumbs_down since. */
static int
rating_value(const char *r)
{
	if (r == NULL)
		return 0;
	if (strcmp(r, "thumbsUp") == 0 || strcmp(r, "thumbs_up") == 0)
		return 1;
	if (strcmp(r, "thumbsDown") == 0 || strcmp(r, "thumbs_down") == 0)
		return -1;
	return 0;
}

/* A rating of the message at key: once per message, counted in p->rated;
 * a message rated both up and down keeps neither (p->torn). */
static int
set_rating(struct nx_prefer *p, const char *key, int v)
{
	const json_t *had = json_object_get(p->ratings, key);

	if (had != NULL) {
		if (json_integer_value(had) == v ||
		    json_integer_value(had) == 0)
			return 0;
		p->rated--;
		p->torn++;
		v = 0;
	} else
		p->rated++;
	return json_object_set_new(p->ratings, key, json_integer(v));
}

/* A file beside the conversations, text[0..len): a list of what (ratings,
 * comparisons), or NULL with err. */
static json_t *
load_list(const char *text, size_t len, const char *what, struct nx_error *err)
{
	json_error_t jerr;
	json_t *root = nx_json_loadb(text, len, 0, &jerr);

	if (root == NULL) {
		struct nx_error je;

		nx_json_error(&je, &jerr);
		nx_error_set(err, "%s", je.msg);
		return NULL;
	}
	if (!json_is_array(root)) {
		json_decref(root);
		nx_error_set(err, "not a list of %s", what);
		return NULL;
	}
	return root;
}

/* The ratings in text, a message_feedback.json.  The rated message is
 * message_id where an entry has one, else its id (both shapes are in real
 * exports, sometimes in one file). */
static int
add_ratings(
    struct nx_prefer *p, const char *text, size_t len, struct nx_error *err)
{
	json_t *root = load_list(text, len, "ratings", err), *e;
	size_t i;
	int rc = 0;

	if (root == NULL)
		return -1;
	json_array_foreach(root, i, e)
	{
		const char *conv = json_string_value(
		    json_object_get(e, "conversation_id"));
		const json_t *m = json_object_get(e, "message_id");
		const char *msg = json_string_value(
		    m != NULL ? m : json_object_get(e, "id"));
		int v = rating_value(
		    json_string_value(json_object_get(e, "rating")));

		if (conv == NULL || msg == NULL || v == 0) {
			rc = nx_error_set(err,
			    "rating %zu has no conversation_id, no message_id "
			    "or id, or a rating other than thumbs up or down",
			    i);
			break;
		}
		if (rating_key(&p->id, conv, msg) < 0 ||
		    set_rating(p, p->id.data, v) < 0) {
			rc = nx_error_nomem(err);
			break;
		}
	}
	json_decref(root);
	return rc;
}

/* What to do with the text of a file read beside the conversations. */
typedef int (*use_fn)(struct nx_prefer *p, const char *text, size_t len,
    const struct nx_prefer_where *w, nx_prefer_fn fn, void *arg,
    struct nx_error *err);

static int
use_ratings(struct nx_prefer *p, const char *text, size_t len,
    const struct nx_prefer_where *w, nx_prefer_fn fn, void *arg,
    struct nx_error *err)
{
	(void)w, (void)fn, (void)arg;
	return add_ratings(p, text, len, err);
}

/* File fname inside archive path, beside entry, given to use: 0 when
 * there is none. */
static int
use_in_zip(struct nx_prefer *p, struct nx_buf *name, const char *fname,
    const struct nx_prefer_where *w, use_fn use, nx_prefer_fn fn, void *arg,
    struct nx_error *err)
{
	const char *slash = strrchr(w->entry, '/');
	char **names;
	size_t n, found = NONE;
	struct nx_zip_file *z = NULL;
	struct nx_jarray *a = NULL;
	const char *text;
	size_t len;
	int rc = 0;

	nx_buf_reset(name);
	if ((slash != NULL &&
		nx_buf_add(name, w->entry, (size_t)(slash - w->entry) + 1) <
		    0) ||
	    nx_buf_adds(name, fname) < 0 || nx_buf_addc(name, '\0') < 0)
		return nx_error_nomem(err);
	if (nx_zip_names(&names, &n, w->path, err) < 0)
		return -1;
	for (size_t k = 0; k < n; k++)
		if (strcmp(names[k], name->data) == 0)
			found = k;
	nx_zip_names_free(names, n);
	if (found == NONE)
		return 0;
	if (nx_zip_open(&z, w->path, name->data, err) < 0)
		return -1;
	if (nx_jarray_open(&a, nx_zip_read_some, z, err) < 0 ||
	    nx_jarray_first(a, err) < 0 ||
	    nx_jarray_whole(a, &text, &len, MAX_FEEDBACK, name->data, err) < 0)
		rc = -1;
	else
		rc = use(p, text, len, w, fn, arg, err);
	nx_jarray_close(a);
	nx_zip_close(z);
	return rc;
}

/* File fname beside the conversations at w (in their folder, or beside
 * them in their archive), given to use once a folder or archive. */
static int
use_beside(struct nx_prefer *p, const struct nx_prefer_where *w,
    const char *fname, use_fn use, nx_prefer_fn fn, void *arg,
    struct nx_error *err)
{
	struct nx_buf name = NX_BUF_INIT, text = NX_BUF_INIT;
	const char *slash;
	int rc = 0;

	if ((p->loaded == NULL && (p->loaded = json_object()) == NULL) ||
	    (p->ratings == NULL && (p->ratings = json_object()) == NULL))
		return nx_error_nomem(err);
	/* its name beside the conversations' */
	slash = strrchr(w->name, '/');
	nx_buf_reset(&p->feedback);
	if ((slash != NULL && nx_buf_add(&p->feedback, w->name,
				  (size_t)(slash - w->name) + 1) < 0) ||
	    nx_buf_adds(&p->feedback, fname) < 0 ||
	    nx_buf_addc(&p->feedback, '\0') < 0)
		return nx_error_nomem(err);
	/* once an archive or folder: the key is its path and fname */
	slash = w->entry != NULL ? NULL : strrchr(w->path, '/');
	if ((w->entry != NULL ? nx_buf_adds(&name, w->path) < 0
			      : (slash != NULL &&
				    nx_buf_add(&name, w->path,
					(size_t)(slash - w->path) + 1) < 0)) ||
	    nx_buf_addc(&name, '\n') < 0 || nx_buf_adds(&name, fname) < 0 ||
	    nx_buf_addc(&name, '\0') < 0)
		return nx_error_nomem(err);
	if (json_object_get(p->loaded, name.data) != NULL) {
		nx_buf_free(&name);
		return 0;
	}
	if (json_object_set_new(p->loaded, name.data, json_true()) < 0) {
		nx_buf_free(&name);
		return nx_error_nomem(err);
	}
	if (w->entry != NULL)
		rc = use_in_zip(p, &name, fname, w, use, fn, arg, err);
	else {
		nx_buf_reset(&name);
		if ((slash != NULL &&
			nx_buf_add(&name, w->path,
			    (size_t)(slash - w->path) + 1) < 0) ||
		    nx_buf_adds(&name, fname) < 0 ||
		    nx_buf_addc(&name, '\0') < 0)
			rc = nx_error_nomem(err);
		else if (access(name.data, F_OK) == 0) {
			if (nx_read_file(&text, name.data, MAX_FEEDBACK, err) < 0)
				rc = -1;
			else
				rc = use(p, text.data, text.len, w, fn, arg, err);
		}
	}
	nx_buf_free(&name);
	nx_buf_free(&text);
	return rc;
}

int
nx_prefer_feedback(
    struct nx_prefer *p, const struct nx_prefer_where *w, struct nx_error *err)
{
	return use_beside(p, w, feedback_name, use_ratings, NULL, NULL, err);
}

/* --- side-by-side comparisons from model_comparisons.json ------------------
 */

static int str_is(const json_t *v, const char *s);

/* The message of a comparison's conversation: m under parent, or 1 when
 * m has no id or one already there. */
static int
add_node(json_t *map, const json_t *m, const char **last)
{
	const char *id = json_string_value(json_object_get(m, "id"));
	json_t *n;

	if (id == NULL || json_object_get(map, id) != NULL)
		return 1;
	n = json_pack("{s:O,s:s?}", "message", m, "parent", *last);
	if (n == NULL || json_object_set_new(map, id, n) < 0)
		return -1;
	*last = id;
	return 0;
}

/* The messages of a turn after parent; a system message in a turn (the
 * app's note to the model, not part of the answer) is left out. */
static int
add_turn(json_t *map, const json_t *turn, const char *parent,
    const char **last)
{
	const json_t *m;
	size_t i;
	int rc = 0;

	*last = parent;
	json_array_foreach(turn, i, m)
	{
		if (str_is(json_object_get(json_object_get(m, "author"), "role"),
			"system"))
			continue;
		if ((rc = add_node(map, m, last)) != 0)
			return rc;
	}
	return *last == parent ? 1 : 0;
}

/*
 * Comparison e as a ChatGPT conversation of one fork: the prompt's
 * messages, then the two turns side by side, the one picked shown.  NULL
 * with *why a weak reason (or -1 and err filled: malformed, memory).
 */
static json_t *
compared(const json_t *e, size_t i, int *why, struct nx_error *err)
{
	const json_t *c = json_is_object(json_object_get(e, "content"))
	    ? json_object_get(e, "content")
	    : e;
	const json_t *in = json_object_get(c, "input");
	const json_t *convo = json_object_get(in, "prompt_convo");
	const json_t *msgs = json_object_get(convo, "messages");
	const json_t *s2 = json_object_get(
	    json_object_get(json_object_get(c, "output"), "feedback_step_2"),
	    "original_turn") != NULL
	    ? json_object_get(json_object_get(c, "output"), "feedback_step_2")
	    : NULL;
	const json_t *pick =
	    json_object_get(s2, "completion_comparison_rating"), *m;
	const json_t *cid = json_object_get(e, "conversation_id");
	const char *last = NULL, *ends[2];
	json_t *map, *conv;
	size_t k;
	int rc = 0;

	*why = -1;
	if (cid == NULL)
		cid = json_object_get(in, "conversation_id");
	if (convo == NULL && json_is_string(json_object_get(e, "new_message_id"))) {
		*why = NX_PREFER_NO_TEXT; /* ids only: the texts are elsewhere */
		return NULL;
	}
	if (!json_is_array(msgs) || s2 == NULL ||
	    !json_is_array(json_object_get(s2, "original_turn")) ||
	    !json_is_array(json_object_get(s2, "new_turn")) ||
	    !json_is_string(cid)) {
		nx_error_set(err,
		    "comparison %zu has no conversation_id, "
		    "input.prompt_convo.messages or output.feedback_step_2 "
		    "with original_turn and new_turn",
		    i);
		return NULL;
	}
	if (!str_is(pick, "new") && !str_is(pick, "original")) {
		*why = NX_PREFER_UNDECIDED; /* skipped, or one did not load */
		return NULL;
	}
	m = json_array_get(msgs, json_array_size(msgs) - 1);
	if (!str_is(json_object_get(json_object_get(m, "author"), "role"),
		"user")) {
		*why = NX_PREFER_GOING_ON; /* two ways a reply went on */
		return NULL;
	}
	if ((map = json_object()) == NULL) {
		nx_error_nomem(err);
		return NULL;
	}
	/* The prompt's copy holds the app's own system prompt ("You are
	 * ChatGPT…", the date), which the conversation's export leaves empty
	 * or hidden: not the user's, left out as in a turn. */
	json_array_foreach(msgs, k, m)
	{
		if (str_is(json_object_get(json_object_get(m, "author"), "role"),
			"system"))
			continue;
		if ((rc = add_node(map, m, &last)) != 0)
			break;
	}
	if (rc == 0) {
		const char *fork = last;

		rc = add_turn(map, json_object_get(s2, "original_turn"), fork,
		    &ends[0]);
		if (rc == 0)
			rc = add_turn(map, json_object_get(s2, "new_turn"),
			    fork, &ends[1]);
	}
	if (rc != 0) {
		json_decref(map);
		if (rc < 0)
			nx_error_nomem(err);
		else
			nx_error_set(err,
			    "comparison %zu: a message without an id, one id "
			    "twice, or a turn without a message",
			    i);
		return NULL;
	}
	conv = json_pack("{s:O,s:O,s:o,s:s}", "id", cid, "conversation_id",
	    cid, "mapping", map, "current_node",
	    ends[str_is(pick, "new") ? 1 : 0]);
	if (conv == NULL)
		nx_error_nomem(err);
	return conv;
}

static int
use_comparisons(struct nx_prefer *p, const char *text, size_t len,
    const struct nx_prefer_where *w, nx_prefer_fn fn, void *arg,
    struct nx_error *err)
{
	json_t *root = load_list(text, len, "comparisons", err), *e;
	struct nx_prefer_where at = {p->feedback.data, w->path, w->entry, -1};
	size_t i;
	int rc = 0;

	if (root == NULL)
		return -1;
	p->kind = "comparison";
	json_array_foreach(root, i, e)
	{
		int why;
		json_t *one = json_array(), *conv = compared(e, i, &why, err);

		if (conv == NULL || one == NULL) {
			json_decref(one);
			if (conv == NULL && why >= 0) {
				p->weak[why]++;
				continue;
			}
			json_decref(conv);
			rc = conv == NULL ? -1 : nx_error_nomem(err);
			break;
		}
		json_array_append_new(one, conv);
		at.place = (long)i;
		rc = nx_prefer_read(p, one, 0, &at, fn, arg, err);
		json_decref(one);
		if (rc != 0)
			break;
	}
	p->kind = NULL;
	json_decref(root);
	return rc;
}

int
nx_prefer_comparisons(struct nx_prefer *p, const struct nx_prefer_where *w,
    nx_prefer_fn fn, void *arg, struct nx_error *err)
{
	if (p->mode != NX_PREFER_PAIRS)
		return 0;
	return use_beside(
	    p, w, comparisons_name, use_comparisons, fn, arg, err);
}

/* --- the messages of a conversation as a tree ------------------------------
 */

enum { OTHER, USER, ASSISTANT };

struct node {
	const json_t *msg; /* as the conversation holds it */
	const char *id;
	const char *time; /* for the newest leaf, or NULL */
	size_t parent;	  /* or NONE */
	size_t first, next; /* its first child, its next sibling, or NONE */
	int role, shown, rating, leaf;
};

struct tree {
	struct node *n;
	size_t len;
	json_t *byid; /* id → index */
};

static void
tree_free(struct tree *t)
{
	free(t->n);
	json_decref(t->byid);
}

/* Parents by id, once every node is in, and the children of each in the
 * file's order: how many nodes have a parent. */
static size_t
link_parents(struct tree *t, const char *const *up)
{
	size_t linked = 0;

	for (size_t i = 0; i < t->len; i++)
		t->n[i].first = t->n[i].next = NONE;
	for (size_t i = t->len; i-- > 0;) {
		const json_t *at =
		    up[i] != NULL ? json_object_get(t->byid, up[i]) : NULL;

		t->n[i].parent =
		    json_is_integer(at) ? (size_t)json_integer_value(at) : NONE;
		if (t->n[i].parent != NONE) {
			struct node *pa = &t->n[t->n[i].parent];

			pa->leaf = 0;
			t->n[i].next = pa->first;
			pa->first = i;
			linked++;
		}
	}
	return linked;
}

/* Mark the path from node i up to its root as shown. */
static void
mark_shown(struct tree *t, size_t i)
{
	for (size_t steps = 0; i != NONE && steps <= t->len; steps++) {
		t->n[i].shown = 1;
		i = t->n[i].parent;
	}
}

/* The rating of a ChatGPT message, from the feedback read. */
static int
feedback_rating(struct nx_prefer *p, const char *conv, const char *msg)
{
	json_t *v;
	json_int_t r;

	if (p->ratings == NULL || conv == NULL || msg == NULL ||
	    rating_key(&p->id, conv, msg) < 0)
		return 0;
	v = json_object_get(p->ratings, p->id.data);
	r = json_integer_value(v);
	if (r == 1 || r == -1) { /* its first reply: marked found (2, -2) */
		json_integer_set(v, 2 * r);
		p->found++;
	}
	return (r > 0) - (r < 0);
}

static int
role_of(const char *name)
{
	enum nx_role r;

	if (name == NULL || nx_role_parse(&r, name) < 0)
		return OTHER;
	return r == NX_ROLE_USER ? USER
	    : r == NX_ROLE_ASSISTANT ? ASSISTANT
				     : OTHER;
}

/*
 * The messages of conversation conv, of shape shape, into t; which path
 * the app shows marked.  0 when the shape has no branches (t empty), -1
 * with err filled.
 */
static int
build(struct nx_prefer *p, struct tree *t, const json_t *conv,
    enum nx_conv_shape shape, struct nx_error *err)
{
	const json_t *list = NULL, *chat = json_object_get(conv, "chat");
	const char **up = NULL;
	json_t *all = NULL, *m;
	const char *key, *cid = NULL, *shown = NULL;
	size_t i, n = 0, newest = NONE;
	int rc = 0, linked = 1;

	memset(t, 0, sizeof(*t));
	if (chat == NULL)
		chat = conv; /* one Open WebUI chat, as its own export */
	switch (shape) {
	case NX_CONV_CHATGPT:
		list = json_object_get(conv, "mapping");
		n = json_object_size(list);
		cid = json_string_value(json_object_get(conv, "conversation_id"));
		if (cid == NULL)
			cid = json_string_value(json_object_get(conv, "id"));
		shown = json_string_value(json_object_get(conv, "current_node"));
		break;
	case NX_CONV_CLAUDE:
		list = json_object_get(conv, "chat_messages");
		n = json_array_size(list);
		break;
	case NX_CONV_OPENWEBUI:
		list = json_object_get(
		    json_object_get(chat, "history"), "messages");
		n = json_object_size(list);
		shown = json_string_value(json_object_get(
		    json_object_get(chat, "history"), "currentId"));
		break;
	case NX_CONV_LIBRECHAT:
		/* flat, or a tree of children: flattened */
		if ((all = json_array()) == NULL)
			return nx_error_nomem(err);
		list = json_object_get(conv, "messagesTree");
		if (list == NULL)
			list = json_object_get(conv, "messages");
		json_array_foreach(list, i, m)
		{
			if (json_array_append(all, m) < 0)
				rc = -1;
		}
		for (size_t k = 0; k < json_array_size(all) && rc == 0; k++)
			json_array_foreach(json_object_get(
			    json_array_get(all, k), "children"), i, m)
			{
				if (json_array_append(all, m) < 0)
					rc = -1;
			}
		if (rc < 0) {
			json_decref(all);
			return nx_error_nomem(err);
		}
		list = all;
		n = json_array_size(all);
		break;
	default:
		return 0;
	}
	if (n == 0)
		goto out;
	t->n = calloc(n, sizeof(*t->n));
	up = calloc(n, sizeof(*up));
	if (t->n == NULL || up == NULL || (t->byid = json_object()) == NULL) {
		rc = nx_error_nomem(err);
		goto out;
	}
	if (json_is_object(list)) {
		json_object_foreach((json_t *)list, key, m)
		{
			struct node *nd = &t->n[t->len];
			const json_t *msg = shape == NX_CONV_CHATGPT
			    ? json_object_get(m, "message")
			    : m;

			nd->id = key;
			nd->msg = m;
			nd->leaf = 1;
			if (shape == NX_CONV_CHATGPT) {
				up[t->len] = json_string_value(
				    json_object_get(m, "parent"));
				nd->role = role_of(json_string_value(
				    json_object_get(json_object_get(msg,
							"author"),
					"role")));
				nd->rating = nd->role == ASSISTANT
				    ? feedback_rating(p, cid, key)
				    : 0;
			} else {
				up[t->len] = json_string_value(
				    json_object_get(m, "parentId"));
				nd->role = role_of(json_string_value(
				    json_object_get(m, "role")));
				json_t *r = json_object_get(
				    json_object_get(m, "annotation"), "rating");
				nd->rating = json_is_number(r)
				    ? (json_number_value(r) > 0) -
					(json_number_value(r) < 0)
				    : 0;
			}
			t->len++;
		}
	} else {
		json_array_foreach(list, i, m)
		{
			struct node *nd = &t->n[t->len];
			int claude = shape == NX_CONV_CLAUDE;

			nd->msg = m;
			nd->leaf = 1;
			nd->id = json_string_value(
			    json_object_get(m, claude ? "uuid" : "messageId"));
			if (nd->id == NULL) {
				rc = nx_error_set(err,
				    "message %zu has no \"%s\"", i,
				    claude ? "uuid" : "messageId");
				goto out;
			}
			up[t->len] = json_string_value(json_object_get(
			    m, claude ? "parent_message_uuid"
				      : "parentMessageId"));
			if (claude) {
				nd->role = role_of(json_string_value(
				    json_object_get(m, "sender")));
				nd->time = json_string_value(
				    json_object_get(m, "created_at"));
			} else {
				const char *r = json_string_value(
				    json_object_get(json_object_get(
							m, "feedback"),
					"rating"));

				nd->role = json_is_true(json_object_get(
					       m, "isCreatedByUser"))
				    ? USER
				    : ASSISTANT;
				nd->rating = r == NULL ? 0
				    : strcmp(r, "thumbsUp") == 0   ? 1
				    : strcmp(r, "thumbsDown") == 0 ? -1
								   : 0;
			}
			t->len++;
		}
	}
	for (i = 0; i < t->len; i++)
		if (t->n[i].id != NULL &&
		    json_object_set_new(
			t->byid, t->n[i].id, json_integer((json_int_t)i)) < 0) {
			rc = nx_error_nomem(err);
			goto out;
		}
	if ((linked = link_parents(t, up) > 0) == 0)
		goto out; /* a flat list: one path, no branch */
	if (shown != NULL) {
		const json_t *at = json_object_get(t->byid, shown);

		if (json_is_integer(at))
			mark_shown(t, (size_t)json_integer_value(at));
		goto out;
	}
	/* Claude: the newest leaf (a tie to the later in the list);
	 * LibreChat: the newest (last) child at each fork from the last
	 * root, as the apps show them */
	if (shape == NX_CONV_CLAUDE) {
		for (i = 0; i < t->len; i++) {
			const char *at = t->n[i].time;

			if (!t->n[i].leaf)
				continue;
			if (newest == NONE ||
			    (at != NULL && (t->n[newest].time == NULL ||
					       strcmp(at, t->n[newest].time) >= 0)))
				newest = i;
		}
		if (newest != NONE)
			mark_shown(t, newest);
		goto out;
	}
	for (i = 0; i < t->len; i++)
		if (t->n[i].parent == NONE)
			newest = i; /* the last root */
	for (size_t steps = 0; newest != NONE && steps <= t->len; steps++) {
		size_t next = NONE;

		t->n[newest].shown = 1;
		for (i = t->n[newest].first; i != NONE; i = t->n[i].next)
			next = i;
		newest = next;
	}
out:
	free(up);
	if (rc < 0 || !linked) {
		tree_free(t);
		memset(t, 0, sizeof(*t));
	}
	json_decref(all);
	return rc;
}

/* --- replies and their pairs ------------------------------------------------
 */

/* One reply to a user turn: from its first message to its last. */
struct reply {
	size_t start, end;
	int shown, rating;
};

/*
 * The last message of the reply that begins at node s: down through
 * messages that are no user's (thinking, tool calls), by the shown child,
 * else the last.  Its rating: the last one given on the way.
 */
static struct reply
reply_from(const struct tree *t, size_t s)
{
	struct reply r = {s, s, t->n[s].shown, t->n[s].rating};

	for (size_t steps = 0; steps < t->len; steps++) {
		size_t next = NONE;

		for (size_t i = t->n[r.end].first; i != NONE; i = t->n[i].next)
			if (t->n[i].role != USER &&
			    (next == NONE || !t->n[next].shown))
				next = i;
		if (next == NONE)
			break;
		r.end = next;
		if (t->n[next].rating != 0)
			r.rating = t->n[next].rating;
	}
	return r;
}

static int
str_is(const json_t *v, const char *s)
{
	return json_is_string(v) && strcmp(json_string_value(v), s) == 0;
}

/* What is wrong with the last message of a reply, as the app saved it:
 * NX_PREFER_ERROR, NX_PREFER_UNFINISHED, or -1 for nothing. */
static int
flaw(enum nx_conv_shape shape, const json_t *m)
{
	const json_t *msg = json_object_get(m, "message");
	const json_t *fin = json_object_get(
	    json_object_get(json_object_get(msg, "metadata"), "finish_details"),
	    "type");
	const json_t *e = json_object_get(m, "error");

	switch (shape) {
	case NX_CONV_CHATGPT:
		return str_is(json_object_get(msg, "status"), "in_progress") ||
			str_is(fin, "interrupted") || str_is(fin, "max_tokens")
		    ? NX_PREFER_UNFINISHED
		    : -1;
	case NX_CONV_CLAUDE:
		return json_is_true(json_object_get(m, "truncated")) ||
			str_is(json_object_get(m, "stop_reason"), "max_tokens")
		    ? NX_PREFER_UNFINISHED
		    : -1;
	case NX_CONV_OPENWEBUI:
		if (e != NULL && !json_is_null(e) && !json_is_false(e))
			return NX_PREFER_ERROR;
		return json_is_false(json_object_get(m, "done"))
		    ? NX_PREFER_UNFINISHED
		    : -1;
	case NX_CONV_LIBRECHAT:
		if (json_is_true(e))
			return NX_PREFER_ERROR;
		return json_is_true(json_object_get(m, "unfinished")) ||
			str_is(json_object_get(m, "finish_reason"),
			    "incomplete") ||
			str_is(json_object_get(m, "finish_reason"), "length")
		    ? NX_PREFER_UNFINISHED
		    : -1;
	default:
		return -1;
	}
}

/* What a preference of the shape is called when no rating decided it. */
static const char *
kind_of(enum nx_conv_shape shape)
{
	return shape == NX_CONV_LIBRECHAT ? "branch"
	    : shape == NX_CONV_SILLYTAVERN ? "swipe"
					   : "regenerated";
}

/* A copy of message m without its children (a LibreChat tree's). */
static json_t *
alone(const json_t *m)
{
	json_t *c = json_copy((json_t *)m);

	if (c != NULL)
		json_object_del(c, "children");
	return c;
}

/*
 * Conversation conv as if the app showed the path from node from (NONE:
 * from its start) to node end: the same conversation, which conv reads
 * as it reads any.  A new reference, or NULL (memory).
 */
static json_t *
view(const json_t *conv, enum nx_conv_shape shape, const struct tree *t,
    size_t from, size_t end)
{
	json_t *v = json_copy((json_t *)conv), *path = json_array(), *chat;
	json_t *map = NULL;
	size_t len = 0, i = end, *at = NULL;
	int rc = v == NULL || path == NULL ? -1 : 0;

	/* ChatGPT's path goes up from current_node: the whole mapping, or
	 * the nodes from from on, from's without its parent */
	if (shape != NX_CONV_CHATGPT || from != NONE) {
		if (rc == 0 && (at = malloc((t->len + 1) * sizeof(*at))) == NULL)
			rc = -1;
		for (; rc == 0 && i != NONE && len <= t->len; len++) {
			at[len] = i;
			if (i == from) {
				len++;
				break;
			}
			i = t->n[i].parent;
		}
		if (shape == NX_CONV_CHATGPT && rc == 0 &&
		    (map = json_object()) == NULL)
			rc = -1;
		while (rc == 0 && len-- > 0) {
			json_t *m = (json_t *)t->n[at[len]].msg;

			if (shape == NX_CONV_CHATGPT && at[len] == from) {
				rc = json_object_set_new(map, t->n[from].id,
				    m = json_copy(m));
				rc |= json_object_set_new(
				    m, "parent", json_null());
			} else if (shape == NX_CONV_CHATGPT)
				rc = json_object_set(map, t->n[at[len]].id, m);
			else
				rc = shape == NX_CONV_LIBRECHAT
				    ? json_array_append_new(path, alone(m))
				    : json_array_append(path, m);
		}
		free(at);
	}
	switch (shape) {
	case NX_CONV_CHATGPT:
		rc |= json_object_set_new(
		    v, "current_node", json_string(t->n[end].id));
		if (map != NULL)
			rc |= json_object_set_new(v, "mapping", map);
		break;
	case NX_CONV_CLAUDE:
		rc |= json_object_set(v, "chat_messages", path);
		break;
	case NX_CONV_OPENWEBUI:
		if ((chat = json_object_get(conv, "chat")) == NULL) {
			rc |= json_object_set(v, "messages", path);
			break;
		}
		chat = json_copy(chat);
		rc |= json_object_set(chat, "messages", path);
		rc |= json_object_set_new(v, "chat", chat);
		break;
	default: /* LibreChat */
		json_object_del(v, "messages");
		rc |= json_object_set(v, "messagesTree", path);
		break;
	}
	json_decref(path);
	if (rc != 0) {
		json_decref(v);
		return NULL;
	}
	return v;
}

/* The end of what conv[k] read: the reply, its prompt, and the context
 * before them (runs[first..first + nctx)), joined by role. */
struct side {
	struct nx_str prompt, reply, reasoning;
	size_t first, nctx;
};

static int
plain(const struct nx_turn *t, enum nx_role role)
{
	return t->role == role && !nx_turn_is_tool(t);
}

/* conv[k] as runs of one role into runs (room for its turns): 0, a weak
 * reason + 1, or -1 (memory). */
static int
side(struct nx_prefer *p, int k, struct nx_turn *runs, struct side *s)
{
	size_t n;

	memset(s, 0, sizeof(*s));
	nx_buf_reset(&p->text[k]);
	if (nx_conv_runs(runs, &n, &p->text[k], p->turns[k], p->nturns[k]) < 0)
		return -1;
	/* the reply: the last run, an assistant's; its prompt the user's
	 * run before it */
	if (n == 0 || !plain(&runs[n - 1], NX_ROLE_ASSISTANT))
		return NX_PREFER_EMPTY + 1; /* left out as empty */
	if (n < 2 || !plain(&runs[n - 2], NX_ROLE_USER))
		return (n > 1 ? NX_PREFER_EMPTY : NX_PREFER_NO_PROMPT) + 1;
	for (size_t i = 0; i + 1 < n; i++)
		if (runs[i].media > 0)
			return NX_PREFER_MEDIA + 1;
	s->reply = runs[n - 1].text;
	s->reasoning = runs[n - 1].reasoning;
	s->prompt = runs[n - 2].text;
	if (nx_text_blank(s->reply.s, s->reply.len))
		return NX_PREFER_EMPTY + 1;
	/* As for ordinary pairs: up to --context earlier turns, starting
	 * with a user's (never a character's greeting: chat templates and
	 * trainers that want user, assistant in turn refuse it) */
	n -= 2;
	s->first = p->cut && n > p->context ? n - p->context : 0;
	while (s->first < n && runs[s->first].role != NX_ROLE_USER)
		s->first++;
	s->nctx = n - s->first;
	return 0;
}

static struct nx_str
cstr(const char *s)
{
	return (struct nx_str){s, s != NULL ? strlen(s) : 0};
}

/* What is asked of one record. */
struct want {
	const char *pref;	  /* regenerated, rating, swipe, branch */
	const char *ids[2];	  /* the chosen (or rated) reply, the other */
	int pair, label;
};

/*
 * The record of views conv[0] (chosen, or rated) and conv[1] (rejected),
 * given to fn; a weak one counted.
 */
static int
emit(struct nx_prefer *p, const struct nx_prefer_where *w,
    const struct want *a, nx_prefer_fn fn, void *arg, struct nx_error *err)
{
	struct side s[2];
	struct nx_record rec;
	const struct nx_conv *c = p->from;
	struct nx_str session;
	size_t n0 = p->nturns[0];
	size_t room = n0 + (a->pair ? p->nturns[1] : 0);
	int got;

	if (room > p->ctx_cap) { /* the runs of both sides, one array */
		struct nx_turn *m = realloc(p->ctx, room * sizeof(*m));

		if (m == NULL)
			return nx_error_nomem(err);
		p->ctx = m;
		p->ctx_cap = room;
	}
	for (int k = 0; k < 1 + a->pair; k++) {
		/* (no runs at all: no array yet, and no offset into none) */
		struct nx_turn *runs =
		    p->ctx != NULL ? p->ctx + (k == 0 ? 0 : n0) : NULL;

		if ((got = side(p, k, runs, &s[k])) < 0)
			return nx_error_nomem(err);
		if (got > 0) {
			p->weak[got - 1]++;
			return 0;
		}
	}
	if (a->pair && s[0].reply.len == s[1].reply.len &&
	    memcmp(s[0].reply.s, s[1].reply.s, s[0].reply.len) == 0) {
		p->weak[NX_PREFER_SAME]++;
		return 0;
	}
	nx_record_init(&rec);
	rec.kind = a->pair ? NX_KIND_PAIR : NX_KIND_LABELED;
	rec.label = a->label;
	rec.source = cstr("conversation");
	rec.system = c->turns.system.s != NULL ? c->turns.system
					       : cstr(p->system);
	rec.context = p->ctx + s[0].first;
	rec.ncontext = s[0].nctx;
	rec.prompt = s[0].prompt;
	rec.completion = s[0].reply;
	rec.reasoning = s[0].reasoning;
	if (a->pair)
		rec.rejected = s[1].reply;
	/* conv:FILE:CONVERSATION#CHOSEN/REJECTED */
	nx_buf_reset(&p->id);
	nx_conv_id(&p->id, w->name, c, w->place);
	session = c->id.s != NULL ? c->id
				  : (struct nx_str){NULL, p->id.len - 5};
	nx_buf_addc(&p->id, '#');
	nx_buf_adds(&p->id, a->ids[0]);
	if (a->pair) {
		nx_buf_addc(&p->id, '/');
		nx_buf_adds(&p->id, a->ids[1]);
	}
	if (nx_buf_addc(&p->id, '\0') < 0)
		return nx_error_nomem(err);
	rec.id = (struct nx_str){p->id.data, p->id.len - 1};
	if (session.s == NULL)
		session.s = p->id.data + 5;
	nx_buf_reset(&p->meta);
	nx_buf_adds(&p->meta, "{\"source_file\":");
	nx_format_json_string(&p->meta, w->name, strlen(w->name));
	nx_format_json_field(&p->meta, "session_id", session);
	nx_format_json_field(&p->meta, "timestamp", c->timestamp);
	nx_format_json_field(&p->meta, "preference", cstr(a->pref));
	nx_format_json_field(&p->meta, a->pair ? "chosen_id" : "message_id",
	    cstr(a->ids[0]));
	if (a->pair)
		nx_format_json_field(&p->meta, "rejected_id", cstr(a->ids[1]));
	if (nx_buf_addc(&p->meta, '}') < 0)
		return nx_error_nomem(err);
	rec.metadata_raw = (struct nx_str){p->meta.data, p->meta.len};
	return fn(arg, &rec);
}

/* View v read into conv[k], whose turns side k is; v is kept until the
 * next. */
static int
read_view(struct nx_prefer *p, int k, json_t *v, struct nx_error *err)
{
	json_decref(p->view[k]);
	p->view[k] = v;
	if (v == NULL)
		return nx_error_nomem(err);
	if (nx_conv_read(&p->conv[k], v, 0, err) < 0)
		return -1;
	p->turns[k] = p->conv[k].turns.context;
	p->nturns[k] = p->conv[k].turns.ncontext;
	if (k == 0)
		p->from = &p->conv[0];
	return 0;
}

/*
 * A long path read once: the turns before each user message that forks
 * on it are the start of its turns (marks say where), and each reply
 * after such a message is read from that message on.  A reader's turns
 * depend on what came before only through thinking left waiting for its
 * reply, so a path cut where none waits reads the same in two parts.
 */
struct nx_prefer_path {
	struct nx_conv conv;
	json_t *view;
	size_t leaf; /* the node it ends at, or NONE */
	struct nx_turn *both[2];
	size_t cap[2];
};

/* The leaf below node i: down by the shown child, else the last. */
static size_t
leaf_of(const struct tree *t, size_t i)
{
	for (size_t steps = 0; t->n[i].first != NONE && steps < t->len;
	     steps++) {
		size_t next = NONE;

		for (size_t c = t->n[i].first; c != NONE; c = t->n[c].next)
			if (next == NONE || !t->n[next].shown)
				next = c;
		i = next;
	}
	return i;
}

/*
 * Side k as the view to node end would read it, the fork's user message
 * u on the way: the long path through u's turns before u, then the view
 * from u to end.  Where that cannot be said so (thinking waits at u, a
 * read fails), the whole view is read.  0, or -1 with err filled.
 */
static int
read_side(struct nx_prefer *p, int k, const json_t *conv,
    enum nx_conv_shape shape, const struct tree *t, size_t u, size_t end,
    struct nx_error *err)
{
	struct nx_prefer_path *l = p->path;
	size_t leaf = leaf_of(t, u), depth = 0, before;
	struct nx_turn *m;

	for (size_t i = t->n[u].parent; i != NONE && depth <= t->len;
	     i = t->n[i].parent)
		depth++;
	if (l->leaf != leaf) {
		json_decref(l->view);
		l->leaf = NONE;
		if ((l->view = view(conv, shape, t, NONE, leaf)) == NULL)
			return nx_error_nomem(err);
		if (nx_conv_read(&l->conv, l->view, 0, err) == 0)
			l->leaf = leaf;
	}
	if (l->leaf != leaf || l->conv.nmarks <= depth ||
	    l->conv.marks[depth] % 2 != 0 ||
	    read_view(p, k, view(conv, shape, t, u, end), err) < 0)
		return read_view(p, k, view(conv, shape, t, NONE, end), err);
	before = l->conv.marks[depth] / 2;
	if (before + p->nturns[k] > l->cap[k]) {
		if ((m = realloc(l->both[k], (before + p->nturns[k]) *
			 sizeof(*m))) == NULL)
			return nx_error_nomem(err);
		l->both[k] = m;
		l->cap[k] = before + p->nturns[k];
	}
	if (before > 0) /* (none: l->both[k] may be NULL yet) */
		memcpy(l->both[k], l->conv.turns.context, before * sizeof(*m));
	if (p->nturns[k] > 0)
		memcpy(l->both[k] + before, p->turns[k],
		    p->nturns[k] * sizeof(*m));
	p->turns[k] = l->both[k];
	p->nturns[k] += before;
	if (k == 0)
		p->from = &l->conv;
	return 0;
}

/* One record of replies x (chosen, or rated) and y (rejected, if a
 * pair) to user message u of tree t. */
static int
one(struct nx_prefer *p, const json_t *conv, enum nx_conv_shape shape,
    const struct tree *t, size_t u, const struct reply *x,
    const struct reply *y,
    const struct nx_prefer_where *w, nx_prefer_fn fn, void *arg,
    struct nx_error *err)
{
	struct want a = {"rating", {t->n[x->end].id, NULL}, y != NULL,
	    x->rating > 0};
	int bad = flaw(shape, t->n[x->end].msg);

	if (y != NULL) {
		if (bad < 0)
			bad = flaw(shape, t->n[y->end].msg);
		a.ids[1] = t->n[y->end].id;
		if (x->rating <= 0 && y->rating >= 0)
			a.pref = p->kind != NULL ? p->kind : kind_of(shape);
	}
	if (bad >= 0) {
		p->weak[bad]++;
		return 0;
	}
	if (read_side(p, 0, conv, shape, t, u, x->end, err) < 0 ||
	    (y != NULL &&
		read_side(p, 1, conv, shape, t, u, y->end, err) < 0))
		return -1;
	return emit(p, w, &a, fn, arg, err);
}

/*
 * The replies to user turn u: with --preferences kto each rated one;
 * else each reply kept or liked over each sibling abandoned or disliked.
 */
static int
fork_at(struct nx_prefer *p, const json_t *conv, enum nx_conv_shape shape,
    const struct tree *t, size_t u, struct reply *r,
    const struct nx_prefer_where *w, nx_prefer_fn fn, void *arg,
    struct nx_error *err)
{
	size_t n = 0, good = 0;
	int rc = 0;

	for (size_t i = t->n[u].first; i != NONE; i = t->n[i].next)
		if (t->n[i].role != USER)
			r[n++] = reply_from(t, i);
	for (size_t i = 0; i < n; i++)
		good += r[i].rating > 0 || (r[i].shown && r[i].rating == 0);
	if (p->mode == NX_PREFER_KTO) {
		for (size_t i = 0; i < n && rc == 0; i++)
			if (r[i].rating != 0)
				rc = one(p, conv, shape, t, u, &r[i], NULL, w, fn,
				    arg, err);
		return rc;
	}
	if (n == 1 && r[0].rating != 0)
		p->weak[NX_PREFER_ALONE]++;
	if (n < 2)
		return 0;
	if (good == 0) {
		p->weak[NX_PREFER_ABANDONED]++;
		return 0;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!(r[i].rating > 0 || (r[i].shown && r[i].rating == 0)))
			continue;
		for (size_t j = 0; j < n && rc == 0; j++)
			if (r[j].rating < 0 || (!r[j].shown && r[j].rating == 0))
				rc = one(p, conv, shape, t, u, &r[i], &r[j], w,
				    fn, arg, err);
	}
	return rc;
}

/* Elements 0 to i of list, the last a copy with key set to value: a new
 * reference, or NULL (memory). */
static json_t *
upto(const json_t *list, size_t i, const char *key, json_int_t value)
{
	json_t *v = json_array(), *last = json_copy(json_array_get(list, i));
	int rc = v == NULL || last == NULL ? -1 : 0;

	for (size_t l = 0; l < i && rc == 0; l++)
		rc = json_array_append(v, json_array_get(list, l));
	if (rc == 0)
		rc = json_object_set_new(last, key, json_integer(value));
	if (rc == 0) {
		rc = json_array_append_new(v, last);
		last = NULL;
	}
	json_decref(last);
	if (rc != 0) {
		json_decref(v);
		return NULL;
	}
	return v;
}

/*
 * A reply saved with its alternatives, one of them kept: SillyTavern's
 * swipes (swipe_id the one kept), LM Studio's versions (currentlySelected).
 * Each alternative passed over loses to the kept one; conv as it would
 * read with message i showing alternative k, and nothing after it.
 */
static int
alternatives(struct nx_prefer *p, const json_t *conv, enum nx_conv_shape shape,
    const struct nx_prefer_where *w, nx_prefer_fn fn, void *arg,
    struct nx_error *err)
{
	int st = shape == NX_CONV_SILLYTAVERN;
	const json_t *list = st ? conv : json_object_get(conv, "messages");
	const char *key = st ? "swipe_id" : "currentlySelected";
	const char *what = st ? "swipe" : "version";
	char ids[2][64];
	size_t i, edited = 0;
	json_t *m;
	int rc = 0;

	json_array_foreach(list, i, m)
	{
		const json_t *alts = json_object_get(m, st ? "swipes" : "versions");
		const json_t *pick = json_object_get(m, key);
		json_int_t k = pick != NULL ? json_integer_value(pick) : 0;
		size_t n = json_array_size(alts), prior = edited;
		const char *role = json_string_value(json_object_get(
		    json_array_get(alts, (size_t)k), "role"));

		edited = 0;
		if ((st && (i == 0 || json_is_true(json_object_get(m, "is_user")) ||
			       json_is_true(json_object_get(m, "is_system")))) ||
		    n < 2 || (pick != NULL && !json_is_integer(pick)) || k < 0 ||
		    (size_t)k >= n)
			continue;
		if (!st && (role == NULL || strcmp(role, "assistant") != 0)) {
			/* versions of a user message: edits of the prompt; the
			 * replies after them may answer either */
			if (role != NULL && strcmp(role, "user") == 0) {
				p->weak[NX_PREFER_EDIT] += n - 1;
				edited = 1;
			}
			continue;
		}
		if (prior || p->mode == NX_PREFER_KTO)
			continue; /* no ratings; or the prompt was edited */
		for (size_t j = 0; j < n && rc == 0; j++) {
			struct want a = {st ? "swipe" : "regenerated",
			    {ids[0], ids[1]}, 1, 0};

			if (j == (size_t)k)
				continue;
			snprintf(ids[0], sizeof(ids[0]), "%s%zu.%s%lld",
			    st ? "line" : "message", i + (size_t)st, what,
			    (long long)k);
			snprintf(ids[1], sizeof(ids[1]), "%s%zu.%s%zu",
			    st ? "line" : "message", i + (size_t)st, what, j);
			for (int e = 0; e < 2 && rc == 0; e++) {
				json_t *v = upto(
				    list, i, key, e == 0 ? k : (json_int_t)j);

				if (!st && v != NULL) {
					json_t *c = json_copy((json_t *)conv);

					if (c == NULL || json_object_set_new(
							     c, "messages", v) < 0) {
						json_decref(c);
						c = NULL;
					}
					v = c;
				}
				rc = read_view(p, e, v, err);
			}
			if (rc == 0)
				rc = emit(p, w, &a, fn, arg, err);
		}
	}
	return rc;
}

int
nx_prefer_read(struct nx_prefer *p, const json_t *root, long i,
    const struct nx_prefer_where *w, nx_prefer_fn fn, void *arg,
    struct nx_error *err)
{
	enum nx_conv_shape shape;
	const json_t *conv = nx_conv_json(root, i, &shape);
	struct tree t;
	struct reply *r;
	size_t roots = 0, *marks;
	int rc = 0;

	if (conv == NULL)
		return 0;
	if (shape == NX_CONV_SILLYTAVERN || shape == NX_CONV_LMSTUDIO)
		return alternatives(p, conv, shape, w, fn, arg, err);
	if (shape == NX_CONV_OPENAI && json_is_object(json_object_get(
					   json_object_get(conv, "history"),
					   "messages")))
		shape = NX_CONV_OPENWEBUI; /* a chat of Open WebUI's, alone */
	if (build(p, &t, conv, shape, err) < 0)
		return -1;
	if (t.len == 0)
		return 0;
	r = malloc(t.len * sizeof(*r));
	if (r == NULL || (p->path = calloc(1, sizeof(*p->path))) == NULL ||
	    (marks = malloc((t.len + 1) * sizeof(*marks))) == NULL) {
		free(r);
		free(p->path);
		p->path = NULL;
		tree_free(&t);
		return nx_error_nomem(err);
	}
	nx_conv_init(&p->path->conv);
	p->path->conv.marks = marks;
	p->path->conv.marks_cap = t.len + 1;
	p->path->leaf = NONE;
	for (size_t u = 0; u < t.len && rc == 0; u++) {
		size_t users = 0;

		/* user turns under one message: edits of the prompt */
		for (size_t c = t.n[u].first; c != NONE; c = t.n[c].next)
			users += t.n[c].role == USER;
		if (users > 1)
			p->weak[NX_PREFER_EDIT] += users - 1;
		roots += t.n[u].parent == NONE && t.n[u].role == USER;
		if (t.n[u].role == USER)
			rc = fork_at(p, conv, shape, &t, u, r, w, fn, arg, err);
	}
	if (roots > 1)
		p->weak[NX_PREFER_EDIT] += roots - 1;
	nx_conv_free(&p->path->conv);
	json_decref(p->path->view);
	free(p->path->both[0]);
	free(p->path->both[1]);
	free(p->path);
	p->path = NULL;
	free(marks);
	free(r);
	tree_free(&t);
	return rc;
}
