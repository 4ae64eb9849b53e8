/*
 * sides: a record written to its side's file — as read, in the first
 * record's shape, or in the target's format with its rules, its tools and
 * (--annotate) its token counts — and what --check-leakage and the card
 * note of it; at the end, the columns' JSON types made one across files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dupes.h"
#include "output.h"
#include "splitter.h"

/* The format that writes each shape as it is read. */
static const enum nx_format shape_format[] = {
    [NX_SHAPE_NEUTRAL] = NX_FORMAT_NEUTRAL,
    [NX_SHAPE_CHAT] = NX_FORMAT_CHAT,
    [NX_SHAPE_TEXT] = NX_FORMAT_COMPLETION,
    [NX_SHAPE_ALPACA] = NX_FORMAT_ALPACA,
    [NX_SHAPE_SHAREGPT] = NX_FORMAT_SHAREGPT,
};
const char *
nx_splitter_shape_format(int shape)
{
	return nx_format_name(shape_format[shape]);
}

/* A near twin across train and another file: the other's record leaks. */
static int
leak_found(void *ctx, uint64_t self, uint64_t other, int by, double sim)
{
	struct nx_splitter *s = ctx;
	uint64_t v = NX_SPLITTER_SIDE(self) != 0 ? self : other;
	struct nx_split_side *sd = &s->side[NX_SPLITTER_SIDE(v)];
	size_t line = (size_t)NX_SPLITTER_LINE(v);

	if (line >= sd->twincap) {
		size_t cap = sd->twincap ? sd->twincap : 1024;
		unsigned char *p;

		while (cap <= line)
			cap *= 2;
		if ((p = realloc(sd->twinned, cap)) == NULL)
			return -1;
		memset(p + sd->twincap, 0, cap - sd->twincap);
		sd->twinned = p;
		sd->twincap = cap;
	}
	if (sd->twinned[line])
		return 0;
	sd->twinned[line] = 1;
	sd->ntwinned++;
	if (s->nleaks < NX_SPLITTER_LEAKS)
		s->leaks[s->nleaks++] = (struct nx_split_leak){
		    v, v == self ? other : self, by, sim};
	return 0;
}

/* Whether a record already counted as leaking is the one to look at. */
static int
leak_known(void *ctx, uint64_t self, uint64_t other)
{
	const struct nx_splitter *s = ctx;
	uint64_t v = NX_SPLITTER_SIDE(self) != 0 ? self : other;
	const struct nx_split_side *sd = &s->side[NX_SPLITTER_SIDE(v)];

	return NX_SPLITTER_LINE(v) < sd->twincap &&
	    sd->twinned[NX_SPLITTER_LINE(v)];
}

static int
remember_prompt(struct nx_splitter *s, struct nx_split_side *sd,
    const struct nx_record *rec, struct nx_error *err)
{
	uint64_t self = (uint64_t)(sd - s->side) << 48 | sd->st.written;

	/* near twins: this record against the other kind's so far */
	if (nx_twins_add(s->twins, rec, (int)(sd - s->side), self, leak_known,
		leak_found, s, err) < 0)
		return err->msg[0] ? -1 : nx_error_set(err, "out of memory");
	enum nx_split_by by = s->sp.by;
	uint64_t key;
	int fallback, rc;

	s->sp.by = NX_SPLIT_PROMPT;
	rc = nx_split_key(&key, &fallback, &s->sp, rec, err);
	s->sp.by = by;
	if (rc < 0)
		return -1;
	if (nx_keys_add(&sd->prompts, key) < 0)
		return nx_error_set(err, "out of memory");
	return 0;
}

/* --- writing ----------------------------------------------------------- */

/*
 * --annotate: rec with metadata.tokens (the prompt's and the completion's
 * texts alone) in *copy, its new metadata in *meta (the caller's to free).
 */
static int
annotate(struct nx_splitter *s, const struct nx_record *rec,
    struct nx_record *copy, json_t **meta, struct nx_error *err)
{
	struct nx_tokens t;

	*copy = *rec;
	*meta = NULL;
	if (nx_tokens_measure(&t, s->tok, rec, s->turn_tokens) < 0)
		return nx_error_set(err, "out of memory");
	if (rec->metadata != NULL)
		*meta = json_copy(rec->metadata);
	else if (rec->metadata_raw.s != NULL)
		*meta = json_loadb(
		    rec->metadata_raw.s, rec->metadata_raw.len, 0, NULL);
	if (!json_is_object(*meta)) {
		json_decref(*meta);
		*meta = json_object();
	}
	if (*meta == NULL ||
	    json_object_set_new(*meta, "tokens",
		json_pack("{s:I,s:I}", "prompt", (json_int_t)t.prompt,
		    "completion", (json_int_t)t.completion)) < 0)
		return nx_error_set(err, "out of memory");
	copy->metadata = *meta;
	copy->metadata_raw.s = NULL;
	return 0;
}

/*
 * --target: a field (of any column, at any depth) seen with two types in
 * the files (Arrow would stop on it when loading them as one dataset)
 * becomes a string in every line of every file.  Each file is copied aside
 * and written again through its output.
 */
int
nx_splitter_unify(struct nx_splitter *s, struct nx_error *err)
{
	struct nx_buf names = NX_BUF_INIT, fixed = NX_BUF_INIT;
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;

	if (nx_schema_conflicts(s->schema, &names, 0) == 0) {
		nx_buf_free(&names);
		return 0;
	}
	for (int i = 0; rc == 0 && i < s->sp.nsides; i++) {
		struct nx_split_side *sd = &s->side[i];
		FILE *fp = nx_output_stream(sd->out), *copy = tmpfile();
		const char *tmp = nx_output_temp_path(sd->out);
		FILE *in;
		ssize_t len;

		if (copy == NULL || fflush(fp) != 0 || tmp == NULL ||
		    (in = fopen(tmp, "r")) == NULL) {
			if (copy != NULL)
				fclose(copy);
			rc = nx_error_sys(err, "rewrite %s", sd->path);
			break;
		}
		while ((len = getline(&line, &cap, in)) > 0)
			if (fwrite(line, 1, (size_t)len, copy) != (size_t)len)
				rc = nx_error_sys(err, "rewrite %s", sd->path);
		fclose(in);
		if (rc == 0 &&
		    (fflush(copy) != 0 || fseek(copy, 0, SEEK_SET) != 0 ||
			ftruncate(fileno(fp), 0) != 0 ||
			fseek(fp, 0, SEEK_SET) != 0))
			rc = nx_error_sys(err, "rewrite %s", sd->path);
		sd->bytes = 0;
		while (rc == 0 && (len = getline(&line, &cap, copy)) > 0) {
			size_t n = (size_t)len - (line[len - 1] == '\n');

			if (nx_schema_fix(s->schema, &fixed, line, n, err) <
				0 ||
			    nx_buf_addc(&fixed, '\n') < 0) {
				rc = -1;
				break;
			}
			if (fwrite(fixed.data, 1, fixed.len, fp) != fixed.len)
				rc = nx_error_sys(err, "write %s", sd->path);
			sd->bytes += fixed.len;
		}
		fclose(copy);
	}
	free(line);
	nx_buf_free(&names);
	nx_buf_free(&fixed);
	return rc;
}

/* Whether s[0..n) holds the key "tools" (or that text anywhere). */
static int
mentions_tools(const char *s, size_t n)
{
	const char *p = s, *end = s + n;

	while ((p = memchr(p, '"', (size_t)(end - p))) != NULL) {
		if ((size_t)(end - p) >= 7 && memcmp(p, "\"tools\"", 7) == 0)
			return 1;
		p++;
	}
	return 0;
}

/*
 * --target: the record's tool definitions, its top-level "tools" (the
 * view leaves them out), written as the target's trainer reads them.  0,
 * 1 when rejected (then in --rejects), -1 with err.
 */
static int
put_tools(struct nx_splitter *s, const struct nx_record *rec,
    const struct nx_where *w, struct nx_error *err)
{
	json_t *root = rec->root, *parsed = NULL;
	const char *why;
	int rc;

	/* A record read on the fast path has no tree: the line, if it may
	 * hold some. */
	if (root == NULL && mentions_tools(w->raw, w->rawlen))
		root = parsed = json_loadb(w->raw, w->rawlen, 0, NULL);
	rc = nx_target_tools(s->target, &s->line,
	    json_object_get(root, "tools"),
	    s->reformat && s->fmt == NX_FORMAT_OPENAI_PREFERENCE, &why);
	json_decref(parsed);
	if (rc >= 0) {
		s->card.tools |= rc;
		return 0;
	}
	if (why == NULL)
		return nx_error_set(err, "out of memory");
	{
		struct nx_reject r = {"target", w->file, w->line, why, NULL};

		return nx_rejects_add(
			   &s->rejects, &r, rec, w->raw, w->rawlen, 0, err) < 0
		    ? -1
		    : 1;
	}
}

/* Write rec (raw[0..rawlen) as read) to side i. */
int
nx_splitter_put(struct nx_splitter *s, int i, const struct nx_record *rec,
    const struct nx_where *w, struct nx_error *err)
{
	struct nx_split_side *sd = &s->side[i];
	FILE *fp = nx_output_stream(sd->out);
	const char *why;
	size_t n;

	if ((why = nx_target_kind(&s->kind, rec)) != NULL) {
		struct nx_reject r = {"kind", w->file, w->line, why, NULL};

		return nx_rejects_add(
		    &s->rejects, &r, rec, w->raw, w->rawlen, 0, err);
	}
	if (s->target != NULL &&
	    ((why = nx_target_violation(s->target, rec)) != NULL ||
		(s->target_fmt && nx_target_format(&s->fmt, s->target,
				      rec->kind, &why) < 0))) {
		struct nx_reject r = {"target", w->file, w->line, why, NULL};

		return nx_rejects_add(
		    &s->rejects, &r, rec, w->raw, w->rawlen, 0, err);
	}
	nx_buf_reset(&s->line);
	if (s->annotate) {
		struct nx_record copy;
		json_t *meta;
		int rc = annotate(s, rec, &copy, &meta, err);

		if (rc == 0 &&
		    nx_format_write_reasoning(&s->line,
			s->reformat ? s->fmt : NX_FORMAT_NEUTRAL, s->reasoning,
			&copy, err) < 0) {
			struct nx_reject r = {
			    "format", w->file, w->line, err->msg, NULL};

			json_decref(meta);
			return nx_rejects_add(
			    &s->rejects, &r, rec, w->raw, w->rawlen, 1, err);
		}
		json_decref(meta);
		if (rc < 0)
			return -1;
	} else if (s->reformat) {
		struct nx_record bare;

		if (nx_format_write_reasoning(&s->line, s->fmt, s->reasoning,
			nx_target_record(s->target, rec, &bare), err) < 0) {
			struct nx_reject r = {
			    "format", w->file, w->line, err->msg, NULL};

			return nx_rejects_add(
			    &s->rejects, &r, rec, w->raw, w->rawlen, 1, err);
		}
	} else if (s->shape >= 0 && (int)rec->shape != s->shape) {
		/* One shape a file: trainers guess the format from the first
		 * line, or refuse a file that mixes them. */
		if (nx_format_write_reasoning(&s->line, shape_format[s->shape],
			s->reasoning, rec, err) < 0) {
			struct nx_reject r = {
			    "format", w->file, w->line, err->msg, NULL};

			return nx_rejects_add(
			    &s->rejects, &r, rec, w->raw, w->rawlen, 1, err);
		}
		s->converted++;
	} else if (nx_buf_add(&s->line, w->raw, w->rawlen) < 0 ||
	    nx_buf_addc(&s->line, '\n') < 0)
		return nx_error_set(err, "out of memory");
	if (s->target != NULL) {
		int rc = put_tools(s, rec, w, err);

		if (rc != 0)
			return rc < 0 ? -1 : 0;
	}
	if (s->shape < 0)
		s->shape = (int)rec->shape;
	n = s->line.len;
	if (s->schema != NULL &&
	    nx_schema_add_text(s->schema, s->line.data, s->line.len) < 0)
		return nx_error_nomem(err);
	if (fwrite(s->line.data, 1, n, fp) != n)
		return nx_error_sys(err, "write %s", sd->path);
	sd->bytes += n;
	s->st.written++;
	nx_card_note(&s->card, i, rec);
	if (s->measure)
		nx_stats_written(&sd->st, rec);
	else
		sd->st.written++;
	return s->check_leakage ? remember_prompt(s, sd, rec, err) : 0;
}
