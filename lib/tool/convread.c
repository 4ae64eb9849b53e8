#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "convread.h"
#include "diag.h"
#include "jarray.h"
#include "stats.h"
#include "zip.h"

#define MAX_FILE ((size_t)1 << 30)

int
nx_convread_reject(struct nx_convread *r, const char *reason, const char *file, long line,
    const char *msg, const char *raw, size_t rawlen, int print)
{
	struct nx_reject rj = {reason, file, line, msg, NULL};
	struct nx_error err;

	*r->status = NX_EXIT_DATA;
	r->rejects->stats->read++;
	if (!print && r->rejects->strict)
		return -1;
	if (nx_rejects_add(r->rejects, &rj, NULL, raw, rawlen, print, &err) <
	    0) {
		if (r->rejects->strict)
			return -1;
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	}
	return 0;
}

/* The common single conversation, read without a JSON tree; 1 if it was. */
static int
fast(struct nx_convread *r, const struct nx_file *f, long line,
    const char *text, size_t len, int *rc)
{
	struct nx_conv_where w = {f, line, 0, 0, NULL};

	if (!nx_conv_scan(&r->conv, text, len))
		return 0;
	*rc = r->fn(r->ctx, &w, &r->conv);
	return 1;
}

/* Every conversation of one JSON value (a file, or a line of one). */
static int
each_in(struct nx_convread *r, const struct nx_file *f, long line, json_t *root,
    const char *raw, size_t rawlen)
{
	struct nx_error err;
	struct nx_conv c;
	long n = nx_conv_count(root, &err);
	int rc = 0;

	if (n < 0)
		return nx_convread_reject(
		    r, "shape", f->name, line, err.msg, raw, rawlen, 1);
	nx_conv_init(&c);
	for (long i = 0; i < n && rc == 0; i++) {
		if (nx_conv_read(&c, root, i, &err) == 0) {
			struct nx_conv_where w = {f, line, i, n > 1, root};

			rc = r->fn(r->ctx, &w, &c);
			continue;
		}
		char msg[640];

		if (n > 1)
			snprintf(msg, sizeof(msg), "conversation %ld: %s", i,
			    err.msg);
		else
			snprintf(msg, sizeof(msg), "%s", err.msg);
		rc = nx_convread_reject(
		    r, "conversation", f->name, line, msg, raw, rawlen, 1);
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
each_conversation(struct nx_convread *r, const struct nx_file *f,
    const char *text, size_t len)
{
	json_error_t jerr;
	json_t *root = NULL;
	json_t *chat = NULL; /* the lines of a chat file, kept together */
	const char *p, *end = text + len;
	long lineno = 0;
	int rc = 0, first = 1, broken = 0;

	if (!is_jsonl(f->path)) {
		if (fast(r, f, 0, text, len, &rc))
			return rc;
		root = nx_json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
		if (root != NULL) {
			rc = each_in(r, f, 0, root, NULL, 0);
			json_decref(root);
			return rc;
		}
		/* Several values, one a line, are JSON Lines too. */
		p = memchr(text, '\n', len);
		if (strstr(jerr.text, "end of file expected") == NULL ||
		    p == NULL) {
			struct nx_error err;

			nx_json_error(&err, &jerr);
			return nx_convread_reject(r, "json", f->name,
			    jerr.line > 0 ? jerr.line : 1, err.msg, NULL, 0, 1);
		}
	}
	for (p = text; p < end && rc == 0;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		const char *q = p;

		lineno++;
		p += n + 1;
		if (n > r->max_line) {
			char msg[128];

			snprintf(msg, sizeof(msg),
			    "line of %zu bytes is over the limit of %zu", n,
			    r->max_line);
			rc =
			    nx_convread_reject(r, "long", f->name, lineno, msg, NULL, 0, 1);
			if ((broken = chat != NULL))
				break; /* a chat without that line would glue */
			continue;
		}
		while (n > 0 && (q[n - 1] == '\r' || q[n - 1] == ' '))
			n--;
		if (n == 0 || (chat == NULL && fast(r, f, lineno, q, n, &rc)))
			continue;
		if ((root = nx_json_loadb(
			 q, n, JSON_REJECT_DUPLICATES, &jerr)) == NULL) {
			struct nx_error err;
			char msg[700];

			nx_json_error(&err, &jerr);
			snprintf(msg, sizeof(msg), "%s%s", err.msg,
			    chat != NULL ? " (the chat is left out)" : "");
			rc = nx_convread_reject(r, "json", f->name, lineno, msg, q, n, 1);
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
		rc = each_in(r, f, lineno, root, q, n);
		json_decref(root);
	}
	if (chat != NULL && !broken && rc == 0)
		rc = each_in(r, f, 0, chat, NULL, 0);
	json_decref(chat);
	return rc;
}

/* A system error reading file f: "prog: read PATH: why". */
static int
read_failed(
    struct nx_convread *r, const struct nx_file *f, const struct nx_error *err)
{
	nx_progress_end(&r->rejects->progress);
	nx_warnx("%s", err->msg);
	return nx_convread_reject(r, "open", f->name, 0, err->msg, NULL, 0, 0);
}

/* Every conversation of file f read whole: an object, or JSON Lines. */
static int
each_whole(struct nx_convread *r, const struct nx_file *f, struct nx_jarray *a)
{
	struct nx_error err;
	const char *text;
	size_t len;

	if (nx_jarray_whole(a, &text, &len, MAX_FILE, f->path, &err) < 0)
		return read_failed(r, f, &err);
	return each_conversation(r, f, text, len);
}

/* A JSON error in an element that begins at line, column of its file. */
static int
element_json_error(struct nx_convread *r, const struct nx_file *f,
    const struct nx_jarray_elem *e, const json_error_t *jerr)
{
	json_error_t at = *jerr;
	struct nx_error err;

	if (at.line <= 1)
		at.column += (int)e->column - 1;
	nx_json_error(&err, &at);
	return nx_convread_reject(r, "json", f->name,
	    e->line + (at.line > 1 ? at.line - 1 : 0), err.msg, e->data, e->len,
	    1);
}

/*
 * Every conversation of a file that is a JSON array, one element at a
 * time, so that a large export is never in memory whole.  A list that
 * begins with a message is one conversation: read whole.
 */
static int
each_element(
    struct nx_convread *r, const struct nx_file *f, struct nx_jarray *a)
{
	struct nx_jarray_elem e;
	struct nx_error err;
	json_error_t jerr;
	long i, line;
	int got, many = 0, rc = 0;

	for (i = 0; rc == 0 && (got = nx_jarray_next(a, &e, &err)) > 0; i++) {
		json_t *v =
		    nx_json_loadb(e.data, e.len, JSON_REJECT_DUPLICATES, &jerr);
		struct nx_conv_where w = {f, 0, i, 0, NULL};
		char msg[640];

		if (i == 0 && nx_conv_is_message(v)) {
			json_decref(v);
			return each_whole(r, f, a);
		}
		if (i == 0)
			many = !e.last;
		w.many = many;
		if (v == NULL) {
			rc = element_json_error(r, f, &e, &jerr);
			continue;
		}
		w.root = v; /* conversation 0 of it */
		if (nx_conv_read_one(&r->conv, v, &err) == 0)
			rc = r->fn(r->ctx, &w, &r->conv);
		else {
			if (many)
				snprintf(msg, sizeof(msg),
				    "conversation %ld: %s", i, err.msg);
			else
				snprintf(msg, sizeof(msg), "%s", err.msg);
			rc = nx_convread_reject(r, "conversation", f->name, e.line, msg,
			    e.data, e.len, 1);
		}
		json_decref(v);
	}
	if (rc != 0)
		return rc;
	if (got == 0 && (got = nx_jarray_trailing(a, &line, &err)) > 0)
		return nx_convread_reject(r, "json", f->name, line,
		    "invalid JSON: end of file expected after the array (JSON "
		    "Lines are read from files named *.jsonl)",
		    NULL, 0, 1);
	if (got < 0 && e.line > 0)
		return nx_convread_reject(r, "json", f->name, e.line, err.msg, NULL, 0, 1);
	if (got < 0)
		return read_failed(r, f, &err);
	return 0;
}

int
nx_convread_file(struct nx_convread *r, const struct nx_file *f)
{
	struct nx_jarray_fd fd = {-1, f->path};
	struct nx_zip_file *z = NULL;
	struct nx_jarray *a = NULL;
	struct nx_error err;
	int first, rc;

	if (f->entry != NULL) {
		if (nx_zip_open(&z, f->path, f->entry, &err) < 0)
			return read_failed(r, f, &err);
	} else if (strcmp(f->path, "-") == 0)
		fd.fd = STDIN_FILENO;
	else if ((fd.fd = open(f->path, O_RDONLY | O_CLOEXEC)) < 0) {
		nx_error_sys(&err, "open %s", f->path);
		return read_failed(r, f, &err);
	}
	if (nx_jarray_open(&a, z != NULL ? nx_zip_read_some : nx_jarray_read_fd,
		z != NULL ? (void *)z : (void *)&fd, &err) < 0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	if ((first = nx_jarray_first(a, &err)) < 0)
		rc = read_failed(r, f, &err);
	else if (first == '[' && !is_jsonl(f->path))
		rc = each_element(r, f, a);
	else
		rc = each_whole(r, f, a);
	nx_jarray_close(a);
	nx_zip_close(z);
	if (fd.fd > STDIN_FILENO)
		close(fd.fd);
	return rc;
}

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
int
nx_convread_zip(struct nx_convread *r, struct nx_files *fs, size_t i)
{
	char **names, *path = fs->v[i].path, *name = fs->v[i].name;
	size_t n, found = 0;
	struct nx_error err;
	struct nx_buf b = NX_BUF_INIT;
	int rc = 0;

	if (nx_zip_names(&names, &n, path, &err) < 0) {
		nx_progress_end(&r->rejects->progress);
		nx_warnx("%s", err.msg);
		return nx_convread_reject(r, "open", name, 0, err.msg, NULL, 0, 0);
	}
	for (size_t k = 0; k < n; k++) {
		if (!conversations_file(names[k]))
			continue;
		nx_buf_reset(&b);
		nx_buf_adds(&b, fs->v[i].name);
		nx_buf_addc(&b, '/');
		if (nx_buf_adds(&b, names[k]) < 0 || nx_buf_addc(&b, '\0') < 0)
			nx_die(NX_EXIT_DATA, "out of memory");
		/* may move files */
		nx_files_add(fs, fs->v[i].path, b.data);
		fs->v[fs->n - 1].entry = names[k];
		names[k] = NULL;
		found++;
	}
	if (found == 0) {
		name = fs->v[i].name;
		rc = nx_convread_reject(r, "shape", name, 0,
		    "no conversations.json in the archive", NULL, 0, 1);
	}
	nx_zip_names_free(names, n);
	nx_buf_free(&b);
	return rc;
}

void
nx_convread_init(struct nx_convread *r, size_t max_line,
    struct nx_rejects *rejects, int *status, nx_convread_fn fn, void *ctx)
{
	*r = (struct nx_convread){max_line, rejects, status, fn, ctx, {0}};
	nx_conv_init(&r->conv);
}

void
nx_convread_free(struct nx_convread *r)
{
	nx_conv_free(&r->conv);
}
