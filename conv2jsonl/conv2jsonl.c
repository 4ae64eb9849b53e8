/*
 * conv2jsonl: user→assistant pairs out of saved conversations — Nova's
 * session files and the common chat exports — as neutral records.
 *
 * Files are read in sorted order, each once.  By default conversations are
 * kept aside in a temporary file until all are read, so that snapshots (the
 * same session saved again, or a conversation that another one continues)
 * give every pair once, from the latest save; then the pairs are written.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "conv.h"
#include "diag.h"
#include "err.h"
#include "files.h"
#include "format.h"
#include "jarray.h"
#include "output.h"
#include "progress.h"
#include "reader.h"
#include "reject.h"
#include "run.h"
#include "snapshot.h"
#include "spool.h"
#include "stats.h"
#include "text.h"
#include "zip.h"

#define DEFAULT_DIR "data/conversations"
/* The seed's conversation export's system prompt (the cache's is shorter). */
#define DEFAULT_SYSTEM                                                         \
	"You are NOVA, a helpful AI assistant created by Cezar (Grădinarul) " \
	"and Sora."
/* The seed's default: answers under 50 characters teach little. */
#define DEFAULT_MIN_LENGTH 50
#define MAX_FILE ((size_t)1 << 30)

struct conv2 {
	int dialog, snapshots, lenient, stats, keep_media;
	size_t context;	 /* earlier turns to attach in pairs mode */
	size_t max_line; /* of a JSON Lines file */
	const char *system;
	unsigned long long min_length;
	struct nx_run judge; /* the length stage */
	enum nx_format fmt;
	enum nx_reasoning reasoning;
	struct nx_files files;
	struct nx_snapshots snaps; /* by conversation, in reading order */
	struct nx_spool *spool;	   /* the conversations, kept aside */
	struct nx_buf packed;
	struct nx_output *out;
	struct nx_rejects rejects;
	struct nx_stats st;
	unsigned long long convs, empty, unanswered, skipped, dropped, cites;
	unsigned long long tool_turns; /* left out by the format */
	struct nx_buf line, meta, id, runs;
	struct nx_conv conv; /* the fast path's */
	int status;
};

static const struct nx_cli_choice modes[] = {
    {"pairs", 0}, {"dialog", 1}, {NULL, 0}};

static const struct nx_cli_option options[] = {
    {"conversations-dir", 'D', "DIR", NULL,
        "the conversations (default " DEFAULT_DIR ")"},
    {"mode", 'M', NULL, modes,
        "a record a reply (default) or a conversation"},
    {"context", 'C', "N", NULL, "attach up to N earlier turns to each pair"},
    {"system", 'y', "TEXT", NULL,
        "the system prompt where a conversation has none"},
    {"no-system", 'Y', NULL, NULL, "none where a conversation has none"},
    {"keep-snapshots", 'K', NULL, NULL, "keep pairs of earlier saves too"},
    {"keep-media", 'I', NULL, NULL,
        "keep pairs whose prompt came with an image or file,\n"
        "or after one (metadata.media, after_media)"},
    {"min-length", 'm', "N", NULL,
        "drop replies under N characters (50; 0 keeps all)"},
    NX_CLI_MAX_LINE,
    NX_CLI_FORMAT,
    NX_CLI_REASONING,
    NX_CLI_OUTPUT,
    NX_CLI_REJECTS,
    NX_CLI_STRICT,
    {"lenient", 'l', NULL, NULL, "exit 0 even when some files were bad"},
    NX_CLI_STATS,
    NX_CLI_LAST,
};

static const char synopsis[] =
    "usage: conv2jsonl [-o file] [--mode pairs | dialog] [--context n]\n"
    "                  [--system text] [--no-system] [--keep-snapshots]\n"
    "                  [--keep-media] [--min-length n] [--format name]\n"
    "                  [--reasoning drop | think | field] [--rejects file]\n"
    "                  [--strict] [--lenient] [--stats] [--max-line-bytes n]\n"
    "                  [--progress | --no-progress] [path ...]\n";

static _Noreturn void
usage(void)
{
	nx_cli_usage(synopsis);
}

/* --- reading a file ---------------------------------------------------------
 */

/* A bad file, line or conversation: say so, count it, keep it. */
static int
reject(struct conv2 *cv, const char *reason, const char *file, long line,
    const char *msg, const char *raw, size_t rawlen, int print)
{
	struct nx_reject r = {reason, file, line, msg, NULL};
	struct nx_error err;

	cv->status = NX_EXIT_DATA;
	cv->st.read++;
	if (!print && cv->rejects.strict)
		return -1;
	if (nx_rejects_add(&cv->rejects, &r, NULL, raw, rawlen, print, &err) <
	    0) {
		if (cv->rejects.strict)
			return -1;
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	}
	return 0;
}

/* Where a conversation is: its file, line (JSON Lines) and place. */
struct where {
	const struct nx_file *f;
	long line;  /* 0 for a whole-file document */
	long index; /* in the file's list of conversations */
	int many;   /* that document holds more than one */
};

typedef int (*conv_fn)(
    struct conv2 *cv, const struct where *w, const struct nx_conv *c);

/* The common single conversation, read without a JSON tree; 1 if it was. */
static int
fast(struct conv2 *cv, const struct nx_file *f, long line, const char *text,
    size_t len, conv_fn fn, int *rc)
{
	struct where w = {f, line, 0, 0};

	if (!nx_conv_scan(&cv->conv, text, len))
		return 0;
	*rc = fn(cv, &w, &cv->conv);
	return 1;
}

/* Every conversation of one JSON value (a file, or a line of one). */
static int
each_in(struct conv2 *cv, const struct nx_file *f, long line, json_t *root,
    const char *raw, size_t rawlen, conv_fn fn)
{
	struct nx_error err;
	struct nx_conv c;
	long n = nx_conv_count(root, &err);
	int rc = 0;

	if (n < 0)
		return reject(
		    cv, "shape", f->name, line, err.msg, raw, rawlen, 1);
	nx_conv_init(&c);
	for (long i = 0; i < n && rc == 0; i++) {
		if (nx_conv_read(&c, root, i, &err) == 0) {
			struct where w = {f, line, i, n > 1};

			rc = fn(cv, &w, &c);
			continue;
		}
		char msg[640];

		if (n > 1)
			snprintf(msg, sizeof(msg), "conversation %ld: %s", i,
			    err.msg);
		else
			snprintf(msg, sizeof(msg), "%s", err.msg);
		rc = reject(
		    cv, "conversation", f->name, line, msg, raw, rawlen, 1);
	}
	nx_conv_free(&c);
	return rc;
}

static int
is_jsonl(const char *path)
{
	size_t n = strlen(path);

	return n > 6 && strcmp(path + n - 6, ".jsonl") == 0;
}

/*
 * Every conversation of file f, in order: a whole JSON document, or JSON
 * Lines (by name, or when the document is several values, one a line).
 * Bad input is rejected.
 */
static int
each_conversation(struct conv2 *cv, const struct nx_file *f, const char *text,
    size_t len, conv_fn fn)
{
	json_error_t jerr;
	json_t *root = NULL;
	json_t *chat = NULL; /* the lines of a chat file, kept together */
	const char *p, *end = text + len;
	long lineno = 0;
	int rc = 0, first = 1, broken = 0;

	if (!is_jsonl(f->path)) {
		if (fast(cv, f, 0, text, len, fn, &rc))
			return rc;
		root = nx_json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
		if (root != NULL) {
			rc = each_in(cv, f, 0, root, NULL, 0, fn);
			json_decref(root);
			return rc;
		}
		/* Several values, one a line, are JSON Lines too. */
		p = memchr(text, '\n', len);
		if (strstr(jerr.text, "end of file expected") == NULL ||
		    p == NULL) {
			struct nx_error err;

			nx_json_error(&err, &jerr);
			return reject(cv, "json", f->name,
			    jerr.line > 0 ? jerr.line : 1, err.msg, NULL, 0, 1);
		}
	}
	for (p = text; p < end && rc == 0;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		const char *q = p;

		lineno++;
		p += n + 1;
		if (n > cv->max_line) {
			char msg[128];

			snprintf(msg, sizeof(msg),
			    "line of %zu bytes is over the limit of %zu", n,
			    cv->max_line);
			rc = reject(
			    cv, "long", f->name, lineno, msg, NULL, 0, 1);
			if ((broken = chat != NULL))
				break; /* a chat without that line would glue */
			continue;
		}
		while (n > 0 && (q[n - 1] == '\r' || q[n - 1] == ' '))
			n--;
		if (n == 0 || (chat == NULL && fast(cv, f, lineno, q, n, fn, &rc)))
			continue;
		if ((root = nx_json_loadb(
			 q, n, JSON_REJECT_DUPLICATES, &jerr)) == NULL) {
			struct nx_error err;
			char msg[700];

			nx_json_error(&err, &jerr);
			snprintf(msg, sizeof(msg), "%s%s", err.msg,
			    chat != NULL ? " (the chat is left out)" : "");
			rc = reject(cv, "json", f->name, lineno, msg, q, n, 1);
			if ((broken = chat != NULL))
				break;
			continue;
		}
		if (chat == NULL && first && nx_conv_is_chat_header(root))
			chat = json_array(); /* SillyTavern: one chat a file */
		first = 0;
		if (chat != NULL) {
			if (json_array_append_new(chat, root) < 0)
				nx_die(NX_EXIT_DATA, "out of memory");
			continue;
		}
		rc = each_in(cv, f, lineno, root, q, n, fn);
		json_decref(root);
	}
	if (chat != NULL && !broken && rc == 0)
		rc = each_in(cv, f, 0, chat, NULL, 0, fn);
	json_decref(chat);
	return rc;
}

/* A system error reading file f: "prog: read PATH: why". */
static int
read_failed(struct conv2 *cv, const struct nx_file *f, const struct nx_error *err)
{
	nx_progress_end(&cv->rejects.progress);
	nx_warnx("%s", err->msg);
	return reject(cv, "open", f->name, 0, err->msg, NULL, 0, 0);
}

/* Every conversation of file f read whole: an object, or JSON Lines. */
static int
each_whole(
    struct conv2 *cv, const struct nx_file *f, struct nx_jarray *a, conv_fn fn)
{
	struct nx_error err;
	const char *text;
	size_t len;

	if (nx_jarray_whole(a, &text, &len, MAX_FILE, f->path, &err) < 0)
		return read_failed(cv, f, &err);
	return each_conversation(cv, f, text, len, fn);
}

/* A JSON error in an element that begins at line, column of its file. */
static int
element_json_error(struct conv2 *cv, const struct nx_file *f,
    const struct nx_jarray_elem *e, const json_error_t *jerr)
{
	json_error_t at = *jerr;
	struct nx_error err;

	if (at.line <= 1)
		at.column += (int)e->column - 1;
	nx_json_error(&err, &at);
	return reject(cv, "json", f->name,
	    e->line + (at.line > 1 ? at.line - 1 : 0), err.msg, e->data, e->len,
	    1);
}

/*
 * Every conversation of a file that is a JSON array, one element at a
 * time, so that a large export is never in memory whole.  A list that
 * begins with a message is one conversation: read whole.
 */
static int
each_element(struct conv2 *cv, const struct nx_file *f, struct nx_jarray *a,
    conv_fn fn)
{
	struct nx_jarray_elem e;
	struct nx_error err;
	json_error_t jerr;
	long i, line;
	int got, many = 0, rc = 0;

	for (i = 0; rc == 0 && (got = nx_jarray_next(a, &e, &err)) > 0; i++) {
		json_t *v = nx_json_loadb(
		    e.data, e.len, JSON_REJECT_DUPLICATES, &jerr);
		struct where w = {f, 0, i, 0};
		char msg[640];

		if (i == 0 && nx_conv_is_message(v)) {
			json_decref(v);
			return each_whole(cv, f, a, fn);
		}
		if (i == 0)
			many = !e.last;
		w.many = many;
		if (v == NULL) {
			rc = element_json_error(cv, f, &e, &jerr);
			continue;
		}
		if (nx_conv_read_one(&cv->conv, v, &err) == 0)
			rc = fn(cv, &w, &cv->conv);
		else {
			if (many)
				snprintf(msg, sizeof(msg), "conversation %ld: %s",
				    i, err.msg);
			else
				snprintf(msg, sizeof(msg), "%s", err.msg);
			rc = reject(cv, "conversation", f->name, e.line, msg,
			    e.data, e.len, 1);
		}
		json_decref(v);
	}
	if (rc != 0)
		return rc;
	if (got == 0 && (got = nx_jarray_trailing(a, &line, &err)) > 0)
		return reject(cv, "json", f->name, line,
		    "invalid JSON: end of file expected after the array (JSON "
		    "Lines are read from files named *.jsonl)",
		    NULL, 0, 1);
	if (got < 0 && e.line > 0)
		return reject(cv, "json", f->name, e.line, err.msg, NULL, 0, 1);
	if (got < 0)
		return read_failed(cv, f, &err);
	return 0;
}

/* File f: an array of conversations one at a time, else whole. */
static int
read_file(struct conv2 *cv, const struct nx_file *f, conv_fn fn)
{
	struct nx_jarray_fd fd = {-1, f->path};
	struct nx_zip_file *z = NULL;
	struct nx_jarray *a = NULL;
	struct nx_error err;
	int first, rc;

	if (f->entry != NULL) {
		if (nx_zip_open(&z, f->path, f->entry, &err) < 0)
			return read_failed(cv, f, &err);
	} else if (strcmp(f->path, "-") == 0)
		fd.fd = STDIN_FILENO;
	else if ((fd.fd = open(f->path, O_RDONLY | O_CLOEXEC)) < 0) {
		nx_error_sys(&err, "open %s", f->path);
		return read_failed(cv, f, &err);
	}
	if (nx_jarray_open(&a, z != NULL ? nx_zip_read_some : nx_jarray_read_fd,
		z != NULL ? (void *)z : (void *)&fd, &err) < 0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	if ((first = nx_jarray_first(a, &err)) < 0)
		rc = read_failed(cv, f, &err);
	else if (first == '[' && !is_jsonl(f->path))
		rc = each_element(cv, f, a, fn);
	else
		rc = each_whole(cv, f, a, fn);
	nx_jarray_close(a);
	nx_zip_close(z);
	if (fd.fd > STDIN_FILENO)
		close(fd.fd);
	return rc;
}

/* --- pairs -------------------------------------------------------------------
 */

/*
 * The turns with consecutive turns of one role joined by a blank line (so
 * no message is lost), into runs[]; their text lives in cv->runs.  A run
 * counts the media of its turns and keeps the thinking of its last.
 */
static size_t
join_runs(struct conv2 *cv, const struct nx_record *t, struct nx_turn *runs)
{
	size_t total = 0, n = 0;

	for (size_t i = 0; i < t->ncontext; i++)
		total += t->context[i].text.len + 2;
	nx_buf_reset(&cv->runs);
	if (nx_buf_reserve(&cv->runs, total) < 0) /* no pointer moves later */
		nx_die(NX_EXIT_DATA, "out of memory");
	for (size_t i = 0; i < t->ncontext; i++) {
		const struct nx_turn *u = &t->context[i];
		int same = n > 0 && runs[n - 1].role == u->role &&
		    !nx_turn_is_tool(u) && !nx_turn_is_tool(&runs[n - 1]);

		if (!same) {
			/* a tool turn stands alone, with its own fields */
			runs[n] = nx_turn_is_tool(u) ? *u
						     : (struct nx_turn){
							   .role = u->role,
							   .weight = u->weight};
			runs[n].text.len = 0;
			runs[n].media = 0;
			runs[n].reasoning = (struct nx_str){NULL, 0};
			runs[n].text.s = cv->runs.data + cv->runs.len;
			n++;
		} else if (u->text.len > 0 && runs[n - 1].text.len > 0) {
			nx_buf_add(&cv->runs, "\n\n", 2);
			runs[n - 1].text.len += 2;
		}
		nx_buf_add(&cv->runs, u->text.s, u->text.len);
		runs[n - 1].text.len += u->text.len;
		runs[n - 1].media += u->media;
		if (u->reasoning.s != NULL)
			runs[n - 1].reasoning = u->reasoning;
	}
	return n;
}

static void
add_meta_str(struct nx_buf *m, const char *key, struct nx_str v)
{
	if (v.s == NULL)
		return;
	nx_buf_addc(m, ',');
	nx_format_json_string(m, key, strlen(key));
	nx_buf_addc(m, ':');
	nx_format_json_string(m, v.s, v.len);
}

/*
 * Why the pair of runs[u] and runs[u+1] cannot be written, or NULL: a
 * prompt or reply that was only media, or (unless --keep-media) a prompt
 * that came with media the record cannot hold.
 */
static const char *
media_problem(const struct conv2 *cv, const struct nx_turn *runs, size_t u,
    size_t v, unsigned long after)
{
	if (runs[u].media > 0 && runs[u].text.len == 0)
		return "the user turn is only an image or a file, which the "
		       "record cannot hold";
	if (runs[v].media > 0 && runs[v].text.len == 0)
		return "the reply is only an image or a file, which the "
		       "record cannot hold";
	if (runs[u].media > 0 && !cv->keep_media)
		return "the prompt came with an image or a file that the "
		       "record cannot hold (--keep-media keeps it, marked)";
	if (after > 0 && !cv->keep_media)
		return "it follows an image or a file in the conversation "
		       "that the record cannot hold, and may speak of it "
		       "(--keep-media keeps it, marked)";
	return NULL;
}

/*
 * Write one pair: runs[u] the prompt, runs[v] the completion, the tool
 * turns between them its steps; after is how many exchanges back the
 * conversation last had media (0: never).
 */
static int
write_pair(struct conv2 *cv, const struct where *w, const struct nx_conv *c,
    const struct nx_turn *runs, size_t first, size_t u, size_t v,
    unsigned long n, unsigned long after)
{
	const struct nx_file *f = w->f;
	long line = w->line;
	struct nx_where at = {f->name, line, NULL, 0};
	struct nx_drop d = {NULL, "", NULL};
	struct nx_record rec;
	struct nx_error err;
	const char *why;
	struct nx_str session;
	size_t session_len;

	nx_record_init(&rec);
	rec.source = (struct nx_str){"conversation", 12};
	rec.system = c->turns.system;
	if (rec.system.s == NULL && cv->system != NULL)
		rec.system = (struct nx_str){cv->system, strlen(cv->system)};
	rec.prompt = runs[u].text;
	rec.completion = runs[v].text;
	rec.reasoning = runs[v].reasoning;
	rec.context = (struct nx_turn *)runs + first;
	rec.ncontext = u - first;
	rec.steps = (struct nx_turn *)runs + u + 1;
	rec.nsteps = v - u - 1;
	switch (nx_run_judge(&cv->judge, &rec, &at, &d, &err)) {
	case -1:
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	case NX_DROP: {
		struct nx_reject r = {
		    d.reason, f->name, line, d.msg[0] ? d.msg : NULL, NULL};

		json_decref(d.extra);
		cv->st.read++;
		if (nx_rejects_add(&cv->rejects, &r, NULL, NULL, 0, 0, &err) <
		    0)
			nx_die(NX_EXIT_DATA, "%s", err.msg);
		return 0;
	}
	}
	nx_buf_reset(&cv->id);
	nx_buf_adds(&cv->id, "conv:");
	nx_buf_adds(&cv->id, f->name);
	/* Which conversation of the file: its own id, else its line or
	 * place, so that ids stay unique. */
	if (c->id.s != NULL) {
		nx_buf_addc(&cv->id, ':');
		nx_buf_add(&cv->id, c->id.s, c->id.len);
	} else if (line > 0 || w->many) {
		nx_buf_addc(&cv->id, ':');
		nx_buf_addu(
		    &cv->id, (unsigned long)(line > 0 ? line : w->index));
	}
	/* The conversation, for keeping it on one side of a split
	 * (--by group:session_id): Nova's session, else the export's own
	 * id, else where it was. */
	session = c->session_id.s != NULL ? c->session_id
	    : c->id.s != NULL		  ? c->id
					  : (struct nx_str){cv->id.data + 5,
						cv->id.len - 5};
	session_len = session.len;
	nx_buf_addc(&cv->id, '#');
	nx_buf_addu(&cv->id, n);
	rec.id = (struct nx_str){cv->id.data, cv->id.len};
	if (session.s == cv->id.data + 5)
		session.s = rec.id.s + 5; /* the buffer may have moved */
	session.len = session_len;
	nx_buf_reset(&cv->meta);
	nx_buf_adds(&cv->meta, "{\"source_file\":");
	nx_format_json_string(&cv->meta, f->name, strlen(f->name));
	add_meta_str(&cv->meta, "session_id", session);
	add_meta_str(&cv->meta, "timestamp", c->timestamp);
	nx_buf_adds(&cv->meta, ",\"turn\":");
	nx_buf_addu(&cv->meta, n);
	if (runs[u].media > 0) {
		nx_buf_adds(&cv->meta, ",\"media\":");
		nx_buf_addu(&cv->meta, runs[u].media);
	}
	if (after > 0) {
		nx_buf_adds(&cv->meta, ",\"after_media\":");
		nx_buf_addu(&cv->meta, after);
	}
	if (nx_buf_addc(&cv->meta, '}') < 0)
		nx_die(NX_EXIT_DATA, "out of memory");
	rec.metadata_raw = (struct nx_str){cv->meta.data, cv->meta.len};
	if ((why = media_problem(cv, runs, u, v, after)) != NULL) {
		struct nx_reject r = {"media", f->name, line, why, NULL};

		/* The pair as it would read, so that --rejects shows it. */
		nx_buf_reset(&cv->line);
		if (nx_format_write(&cv->line, NX_FORMAT_NEUTRAL, &rec, &err) <
			0 ||
		    nx_rejects_add(&cv->rejects, &r, &rec, cv->line.data,
			cv->line.len - 1, 0, &err) < 0)
			nx_die(NX_EXIT_DATA, "%s", err.msg);
		cv->st.read++;
		return 0;
	}
	nx_buf_reset(&cv->line);
	if (nx_format_write_reasoning(
		&cv->line, cv->fmt, cv->reasoning, &rec, &err) < 0) {
		struct nx_reject r = {"format", f->name, line, err.msg, NULL};

		cv->st.read++;
		cv->status = NX_EXIT_DATA;
		if (nx_rejects_add(&cv->rejects, &r, NULL, NULL, 0, 1, &err) <
		    0)
			nx_die(NX_EXIT_DATA, "%s", err.msg);
		return 0;
	}
	nx_output_put(cv->out, cv->line.data, cv->line.len);
	if (!nx_format_holds_tools(cv->fmt))
		cv->tool_turns += nx_record_tool_turns(&rec);
	cv->st.read++;
	if (cv->stats)
		nx_stats_written(&cv->st, &rec);
	else
		cv->st.written++;
	return 0;
}

/*
 * The reply to the user turn runs[u]: the next assistant turn that is no
 * tool call, with only tool turns before it; n when there is none.
 */
static size_t
reply_to(const struct nx_turn *runs, size_t n, size_t u)
{
	size_t v = u + 1;

	while (v < n && nx_turn_is_tool(&runs[v]))
		v++;
	return v < n && runs[v].role == NX_ROLE_ASSISTANT ? v : n;
}

/*
 * The pairs of one conversation.  An exchange with media (an image in the
 * prompt, a reply that was only one) cuts the context of the pairs after
 * it, and those pairs are marked after_media (how many exchanges later):
 * their question may well be about what the record cannot show.
 */
static int
pairs(struct conv2 *cv, const struct where *w, const struct nx_conv *c)
{
	struct nx_turn *runs;
	size_t n, last = 0, start = 0, lastv = 0;
	unsigned long count = 0, after = 0, last_after = 0;
	int found = 0, seen = 0;

	if (c->turns.ncontext == 0) {
		cv->empty++;
		return 0;
	}
	if ((runs = malloc(c->turns.ncontext * sizeof(*runs))) == NULL)
		nx_die(NX_EXIT_DATA, "out of memory");
	n = join_runs(cv, &c->turns, runs);
	for (size_t u = 0; u + 1 < n; u++) {
		size_t first, v;

		if (runs[u].role != NX_ROLE_USER ||
		    (v = reply_to(runs, n, u)) == n)
			continue;
		found = 1;
		last = u;
		lastv = v;
		if (seen)
			after++; /* exchanges since the last one with media */
		last_after = after;
		if (runs[u].media > 0 || runs[v].media > 0) {
			seen = 1;
			after = 0;
		}
		if (cv->dialog)
			continue;
		/* Up to N earlier turns, starting with a user's, and none
		 * from before a turn with media (its text is not whole). */
		first = u > cv->context ? u - cv->context : 0;
		if (first < start)
			first = start;
		while (first < u && runs[first].role != NX_ROLE_USER)
			first++;
		write_pair(cv, w, c, runs, first, u, v, count++, last_after);
		if (runs[u].media > 0 || runs[v].media > 0)
			start = v + 1;
	}
	if (cv->dialog && found) {
		for (size_t u = 0; u + 1 < last; u++)
			if (runs[u].media > 0)
				start = u + 1;
		while (start < last && runs[start].role != NX_ROLE_USER)
			start++;
		write_pair(cv, w, c, runs, start, last, lastv, 0, last_after);
	}
	if (!found || lastv != n - 1)
		cv->unanswered++;
	free(runs);
	return 0;
}

/* A conversation as read: its pairs now. */
static int
emit(struct conv2 *cv, const struct where *w, const struct nx_conv *c)
{
	cv->convs++;
	cv->skipped += c->skipped;
	cv->cites += c->cites;
	return pairs(cv, w, c);
}

/*
 * Where a conversation kept aside was: its file by number, its line and
 * place, packed ahead of the conversation.
 */
struct kept {
	size_t file;
	long line, index, many; /* no padding: the bytes go to a file */
};

/*
 * A conversation as read, with snapshots: remembered for the decision and
 * kept aside in the spool, so that every file is read and parsed once.
 */
static int
keep(struct conv2 *cv, const struct where *w, const struct nx_conv *c)
{
	struct kept k = {
	    (size_t)(w->f - cv->files.v), w->line, w->index, w->many};
	struct nx_error err;

	cv->convs++;
	cv->skipped += c->skipped;
	cv->cites += c->cites;
	nx_buf_reset(&cv->packed);
	if (nx_snapshots_add(&cv->snaps, c) < 0 ||
	    nx_buf_add(&cv->packed, (const char *)&k, sizeof(k)) < 0 ||
	    nx_conv_pack(&cv->packed, c) < 0)
		nx_die(NX_EXIT_DATA, "out of memory");
	if (nx_spool_add(cv->spool, cv->packed.data, cv->packed.len, 0, &err) <
	    0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	return 0;
}

/* The pairs of the conversations kept aside that are latest saves. */
static void
emit_kept(struct conv2 *cv)
{
	struct nx_error err;

	if (nx_snapshots_decide(&cv->snaps) < 0)
		nx_die(NX_EXIT_DATA, "out of memory");
	if (nx_spool_seal(cv->spool, &err) < 0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	for (size_t i = 0; i < nx_spool_count(cv->spool); i++) {
		const char *data;
		size_t len;
		struct kept k;
		struct where w;

		if (nx_snapshots_superseded(&cv->snaps, i)) {
			cv->dropped++;
			continue;
		}
		if (nx_spool_get(cv->spool, i, &data, &len, &err) < 0)
			nx_die(NX_EXIT_DATA, "%s", err.msg);
		if (len < sizeof(k) ||
		    nx_conv_unpack(
			&cv->conv, data + sizeof(k), len - sizeof(k)) < 0)
			nx_die(NX_EXIT_DATA, "temporary file: corrupt");
		memcpy(&k, data, sizeof(k));
		w = (struct where){
		    &cv->files.v[k.file], k.line, k.index, k.many};
		pairs(cv, &w, &cv->conv);
	}
}

/* --- archives ------------------------------------------------------------- */

/* The conversations of an app's export: conversations.json, or its parts
 * (conversations-000.json, …), at any depth of the archive. */
static int
conversations_file(const char *entry)
{
	const char *base = strrchr(entry, '/');
	size_t n;

	base = base != NULL ? base + 1 : entry;
	n = strlen(base);
	return strncmp(base, "conversations", 13) == 0 && n > 5 &&
	    strcmp(base + n - 5, ".json") == 0;
}

/*
 * The .zip files[i]: its conversation files become files of their own,
 * read after the others ("export.zip/conversations.json"); the rest of the
 * archive (users, projects, images) is not conversations.
 */
static int
expand_zip(struct conv2 *cv, size_t i)
{
	char **names, *path = cv->files.v[i].path, *name = cv->files.v[i].name;
	size_t n, found = 0;
	struct nx_error err;
	struct nx_buf b = NX_BUF_INIT;
	int rc = 0;

	if (nx_zip_names(&names, &n, path, &err) < 0) {
		nx_progress_end(&cv->rejects.progress);
		nx_warnx("%s", err.msg);
		return reject(cv, "open", name, 0, err.msg, NULL, 0, 0);
	}
	for (size_t k = 0; k < n; k++) {
		if (!conversations_file(names[k]))
			continue;
		nx_buf_reset(&b);
		nx_buf_adds(&b, cv->files.v[i].name);
		nx_buf_addc(&b, '/');
		if (nx_buf_adds(&b, names[k]) < 0 || nx_buf_addc(&b, '\0') < 0)
			nx_die(NX_EXIT_DATA, "out of memory");
		/* may move files */
		nx_files_add(&cv->files, cv->files.v[i].path, b.data);
		cv->files.v[cv->files.n - 1].entry = names[k];
		names[k] = NULL;
		found++;
	}
	if (found == 0) {
		name = cv->files.v[i].name;
		rc = reject(cv, "shape", name, 0,
		    "no conversations.json in the archive", NULL, 0, 1);
	}
	nx_zip_names_free(names, n);
	nx_buf_free(&b);
	return rc;
}

/* --- the run ---------------------------------------------------------------
 */

static int
run(struct conv2 *cv)
{
	int rc = 0;

	if (cv->snapshots) {
		struct nx_error err;

		if (nx_spool_open(&cv->spool, &err) < 0)
			nx_die(NX_EXIT_DATA, "%s", err.msg);
	}
	for (size_t i = 0; i < cv->files.n && rc == 0; i++) {
		nx_progress_show(
		    &cv->rejects.progress, i, cv->files.n, "files", 0, 0);
		if (cv->files.v[i].entry == NULL &&
		    nx_zip_is(cv->files.v[i].path))
			rc = expand_zip(cv, i);
		else
			rc = read_file(
			    cv, &cv->files.v[i], cv->snapshots ? keep : emit);
	}
	if (cv->snapshots) /* what was read, also when --strict stopped */
		emit_kept(cv);
	nx_spool_close(cv->spool);
	return rc;
}

static void
print_stats(const struct conv2 *cv)
{
	nx_stats_print(&cv->st, nx_progname(), stderr);
	fprintf(stderr,
	    "%s: %llu conversations: %llu earlier saves left out, %llu empty, "
	    "%llu ending without a reply; %llu non-text parts or turns "
	    "skipped; %llu citation markers removed\n",
	    nx_progname(), cv->convs, cv->dropped, cv->empty, cv->unanswered,
	    cv->skipped, cv->cites);
	if (cv->tool_turns > 0)
		fprintf(stderr,
		    "%s: %llu tool calls and results left out of the records "
		    "(the %s format has no place for them)\n",
		    nx_progname(), cv->tool_turns, nx_format_name(cv->fmt));
}

int
main(int argc, char *argv[])
{
	struct nx_cli_common opt = {.fmt = NX_FORMAT_NEUTRAL};
	struct conv2 cv = {
	    .snapshots = 1,
	    .system = DEFAULT_SYSTEM,
	    .min_length = DEFAULT_MIN_LENGTH,
	    .line = NX_BUF_INIT,
	};
	char *dirs[64], *defaults[] = {NULL};
	int ndirs = 0, ch, rc;
	struct nx_output *rjout = NULL;
	struct nx_error err;
	unsigned long long v;
	char defdir[] = DEFAULT_DIR;

	nx_setprogname(argv);
	while ((ch = nx_cli_getopt(argc, argv, "o:", options)) != -1) {
		if (nx_cli_common(&opt, ch, synopsis))
			continue;
		switch (ch) {
		case 'D':
			if (ndirs == 64)
				nx_cli_bad(synopsis, "--conversations-dir",
				    "at most 64 times", optarg);
			dirs[ndirs++] = optarg;
			break;
		case 'M':
			cv.dialog = nx_cli_choose(options, ch, synopsis);
			break;
		case 'C':
			if (nx_cli_number(&v, optarg, 1000000) < 0)
				nx_cli_bad(
				    synopsis, "--context", "a number", optarg);
			cv.context = (size_t)v;
			break;
		case 'y':
			cv.system = optarg;
			break;
		case 'Y':
			cv.system = NULL;
			break;
		case 'K':
			cv.snapshots = 0;
			break;
		case 'I':
			cv.keep_media = 1;
			break;
		case 'm':
			if (nx_cli_number(&cv.min_length, optarg, UINT32_MAX) <
			    0)
				nx_cli_bad(synopsis, "--min-length", "a number",
				    optarg);
			break;
		case 'l':
			cv.lenient = 1;
			break;
		case 'h':
			return nx_cli_help(
			    synopsis, "o:", options, "conv2jsonl(1)");
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	cv.fmt = opt.fmt;
	cv.reasoning = opt.reasoning;
	nx_cli_check_reasoning(&opt, opt.fmt, synopsis);
	cv.stats = opt.stats;
	cv.rejects.strict = opt.strict;
	cv.max_line = opt.max_line ? opt.max_line : NX_READER_MAX_LINE_DEFAULT;
	if (cv.min_length > 0 &&
	    nx_run_add(&cv.judge,
		nx_stage_length(cv.min_length, NX_NO_LIMIT, 0, NX_NO_LIMIT),
		&err) < 0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);

	nx_files_find(&cv.files, dirs, ndirs, &cv.status);
	if (argc > 0)
		nx_files_find(&cv.files, argv, argc, &cv.status);
	if (ndirs == 0 && argc == 0) {
		defaults[0] = defdir;
		nx_files_find(&cv.files, defaults, 1, &cv.status);
	}
	nx_files_distinct(&cv.files, &opt);
	nx_output_catch_signals();
	nx_stats_init(&cv.st);
	nx_conv_init(&cv.conv);
	cv.rejects.stats = &cv.st;
	nx_progress_start(&cv.rejects.progress, opt.progress);
	if (nx_output_open(&cv.out, opt.output, &err) < 0 ||
	    (opt.rejects != NULL &&
		nx_output_open_private(&rjout, opt.rejects, &err) < 0))
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	cv.rejects.out = rjout;

	rc = run(&cv);

	nx_rejects_finish(&cv.rejects);
	if (rc < 0) {
		nx_output_abort(cv.out);
		nx_output_abort(rjout);
		nx_die(NX_EXIT_DATA,
		    "stopping at the first bad input "
		    "(--strict)");
	}
	{
		struct nx_output *outs[] = {cv.out, rjout};

		cv.status = nx_output_end(outs, 2, cv.status, cv.status, &err);
	}
	if (cv.stats)
		print_stats(&cv);
	if (cv.st.written == 0 && cv.status == NX_EXIT_OK && cv.convs > 0) {
		/* Conversations that give nothing: a shape read wrongly, or
		 * nothing to train on; never a quiet success. */
		nx_warnx("%llu conversations but no pair: %llu empty, %llu "
			 "without a reply, %llu pairs rejected",
		    cv.convs, cv.empty, cv.unanswered, cv.st.rejected);
		cv.status = NX_EXIT_DATA;
	} else if (cv.st.written == 0 && cv.status == NX_EXIT_OK)
		nx_warnx("no pairs found in %zu files; try synthgen for "
			 "synthetic pairs",
		    cv.files.n);
	nx_files_free(&cv.files);
	nx_snapshots_free(&cv.snaps);
	nx_run_free(&cv.judge);
	nx_buf_free(&cv.packed);
	nx_buf_free(&cv.line);
	nx_buf_free(&cv.meta);
	nx_buf_free(&cv.id);
	nx_buf_free(&cv.runs);
	nx_conv_free(&cv.conv);
	nx_stats_free(&cv.st);
	return cv.lenient ? NX_EXIT_OK : cv.status;
}
