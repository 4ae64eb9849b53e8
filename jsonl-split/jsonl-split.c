/*
 * jsonl-split: train, validation (and test) files without leakage.
 *
 * By default a record's side is a pure function of a key (its normalised
 * prompt, its pair, or a metadata group) and the seed, so a split never
 * moves an old record when data is appended, is the same however the input
 * was sharded, and keeps duplicates together.  --shuffle trades that for
 * exact counts: a seeded permutation of all records, cut at the ratio.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "err.h"
#include "format.h"
#include "input.h"
#include "minvalid.h"
#include "output.h"
#include "progress.h"
#include "rand.h"
#include "reject.h"
#include "split.h"
#include "spool.h"
#include "card.h"
#include "dupes.h"
#include "schema.h"
#include "share.h"
#include "shards.h"
#include "stats.h"
#include "strata.h"
#include "target.h"
#include "text.h"
#include "tokenizer.h"

#define DEFAULT_SEED 42

struct side {
	const char *name;
	char *path;
	struct nx_output *out;
	unsigned long long bytes;
	struct nx_stats st;
	struct nx_keys prompts; /* for --check-leakage */
	unsigned char *twinned;	/* per line: has a near twin in train */
	size_t twincap;
	unsigned long long ntwinned;
};

/* --check-leakage: the first near twins found, named at the end. */
#define LEAK_EXAMPLES 5
struct leak {
	uint64_t record, train; /* side << 48 | line */
	int by;			/* 0 prompt, 1 pair */
	double sim;
};

struct splitter {
	struct nx_split sp;
	struct side side[NX_SPLIT_MAX_SIDES];
	int shuffle, check_leakage, stats;
	int measure; /* lengths and languages too (--stats, --report) */
	struct nx_strata strata; /* --stratify */
	unsigned long long min_valid;
	int reformat;
	enum nx_format fmt;
	enum nx_reasoning reasoning; /* --reasoning */
	const struct nx_target *target;
	struct nx_rejects rejects;
	struct nx_stats st;
	struct nx_buf line;
	struct nx_minvalid cand;	/* --min-valid: train groups to move */
	struct nx_shares shares;	/* --max-share */
	unsigned long long fallbacks; /* records without their group */
	struct nx_tokenizer *tok;     /* --tokenizer, or NULL */
	unsigned turn_tokens;	      /* --turn-tokens */
	int annotate;		      /* --annotate: metadata.tokens */
	struct nx_schema *schema;     /* --target: metadata field types */
	struct nx_card card;	      /* the dataset card's figures */
	int shape;		      /* no --format: the first record's */
	unsigned long long converted; /* records written in that shape */
	struct nx_twins *twins;	      /* --check-leakage: near twins */
	struct leak leaks[LEAK_EXAMPLES];
	size_t nleaks;
};

/* The format that writes each shape as it is read. */
static const enum nx_format shape_format[] = {
    [NX_SHAPE_NEUTRAL] = NX_FORMAT_NEUTRAL,
    [NX_SHAPE_CHAT] = NX_FORMAT_CHAT,
    [NX_SHAPE_TEXT] = NX_FORMAT_COMPLETION,
    [NX_SHAPE_ALPACA] = NX_FORMAT_ALPACA,
    [NX_SHAPE_SHAREGPT] = NX_FORMAT_SHAREGPT,
};
static const char *const shape_names[] = {"neutral", "chat", "completion",
    "alpaca", "sharegpt"};

static const struct nx_cli_option options[] = {
    {"dir", 'd', "DIR", NULL,
        "write train.jsonl, validation.jsonl here (default .)"},
    {"train", '0', "FILE", NULL, "the train file, instead of -d"},
    {"validation", '1', "FILE", NULL, "the validation file"},
    {"test", '2', "FILE", NULL, "the test file"},
    {"ratio", 'r', "R", NULL, "train share of a two-way split (0.8)"},
    {"ratios", 'R', "LIST", NULL, "shares such as 80,10,10 (adds test)"},
    {"names", 'n', "LIST", NULL, "file names, e.g. train,valid,test"},
    {"by", 'b', "prompt|pair|cluster|group:FIELD", NULL,
        "what keeps records together (default prompt)"},
    {"seed", 's', "S", NULL, "the split's seed (default 42)"},
    {"shuffle", 'S', NULL, NULL, "exact counts from a seeded shuffle"},
    {"stratify", 'y', "lang|source|metadata.FIELD", NULL,
        "the same mix on every side (with --shuffle)"},
    {"min-valid", 'm', "N", NULL, "at least N validation records (default 1)"},
    NX_CLI_FORMAT,
    NX_CLI_REASONING,
    {"target", 't', NULL, nx_target_names,
        "the trainer: its files, format and rules"},
    {"check-leakage", 'c', NULL, NULL,
        "fail if a prompt or a near twin is on two sides"},
    {"clusters", 'C', "FILE", NULL,
        "with --by cluster: jsonl-filter's --clusters file"},
    {"max-share", 'x' + 256, "F=V:S", NULL,
        "records whose F (source or a metadata field) is V\n"
        "make at most share S of each file"},
    {"report", 'J', "FILE", NULL, "the statistics as JSON"},
    NX_CLI_REJECTS,
    NX_CLI_STRICT,
    NX_CLI_STATS,
    NX_CLI_MAX_LINE,
    {"shards", 'N', "N", NULL,
        "instead: shard-000.jsonl … by key hash, for one\n"
        "dedup job a shard"},
    {"no-card", 'k' + 256, NULL, NULL,
        "no dataset card README.md in -d DIR (nor\n"
        "dataset_info.json)"},
    {"tokenizer", 'T', "PATH", NULL,
        "exact token counts with this tokenizer.json or\n"
        ".model (or their folder)"},
    {"annotate", 'A', NULL, NULL,
        "with --tokenizer: metadata.tokens on each record"},
    {"turn-tokens", 'W', "N", NULL,
        "a chat template's tokens a message (default 5)"},
    NX_CLI_LAST,
};

static const char synopsis[] =
    "usage: jsonl-split [-d dir] [--train file] [--validation file]\n"
    "                   [--test file] [--ratio r] [--ratios list]\n"
    "                   [--names list] [--by key] [--clusters file]\n"
    "                   [--seed s] [--shuffle] [--max-share rule]\n"
    "                   [--stratify key] [--min-valid n] [--format name]\n"
    "                   [--reasoning drop | think | field] [--target name]\n"
    "                   [--check-leakage] [--report file]\n"
    "                   [--rejects file] [--strict] [--stats]\n"
    "                   [--tokenizer path] [--annotate] [--turn-tokens n]\n"
    "                   [--no-card]\n"
    "                   [--max-line-bytes n] [--progress | --no-progress]\n"
    "                   [file ...]\n"
    "       jsonl-split --shards n [-d dir] [--by key] [--clusters file]\n"
    "                   [--seed s] [--format name] [--rejects file]\n"
    "                   [--strict] [--stats] [--max-line-bytes n]\n"
    "                   [--progress | --no-progress] [file ...]\n";

static _Noreturn void
usage(void)
{
	nx_cli_usage(synopsis);
}

/* --- per-side accounting ---------------------------------------------- */

#define SIDE_OF(p) ((int)((p) >> 48))
#define LINE_OF(p) ((p) & (((uint64_t)1 << 48) - 1))

/* A near twin across train and another file: the other's record leaks. */
static int
leak_found(void *ctx, uint64_t self, uint64_t other, int by, double sim)
{
	struct splitter *s = ctx;
	uint64_t v = SIDE_OF(self) != 0 ? self : other;
	struct side *sd = &s->side[SIDE_OF(v)];
	size_t line = (size_t)LINE_OF(v);

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
	if (s->nleaks < LEAK_EXAMPLES)
		s->leaks[s->nleaks++] =
		    (struct leak){v, v == self ? other : self, by, sim};
	return 0;
}

/* Whether a record already counted as leaking is the one to look at. */
static int
leak_known(void *ctx, uint64_t self, uint64_t other)
{
	const struct splitter *s = ctx;
	uint64_t v = SIDE_OF(self) != 0 ? self : other;
	const struct side *sd = &s->side[SIDE_OF(v)];

	return LINE_OF(v) < sd->twincap && sd->twinned[LINE_OF(v)];
}

static int
remember_prompt(struct splitter *s, struct side *sd,
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
annotate(struct splitter *s, const struct nx_record *rec,
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

/* --target: the types of the columns of the line about to be written. */
static int
learn_types(struct splitter *s, struct nx_error *err)
{
	json_t *root = json_loadb(s->line.data, s->line.len, JSON_ALLOW_NUL, NULL);
	int rc = nx_schema_add(s->schema, root);

	json_decref(root);
	return rc < 0 ? nx_error_nomem(err) : 0;
}

/*
 * --target: a field (of any column, at any depth) seen with two types in
 * the files (Arrow would stop on it when loading them as one dataset)
 * becomes a string in every line of every file, and standard error says
 * which; in a column kept as written (a tools list) it is only said.  Each
 * file is copied aside and written again through its output.
 */
static int
unify_types(struct splitter *s, struct nx_error *err)
{
	struct nx_buf names = NX_BUF_INIT, fixed = NX_BUF_INIT;
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;

	if (nx_schema_conflicts(s->schema, &names, 1) > 0)
		nx_warnx("%s: several JSON types across the records; kept as "
			 "they are (the trainer reads each line as JSON)",
		    names.data);
	if (nx_schema_conflicts(s->schema, &names, 0) == 0) {
		nx_buf_free(&names);
		return 0;
	}
	nx_warnx("%s: several JSON types across the records; written as "
		 "strings in every file", names.data);
	for (int i = 0; rc == 0 && i < s->sp.nsides; i++) {
		struct side *sd = &s->side[i];
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
		if (rc == 0 && (fflush(copy) != 0 || fseek(copy, 0, SEEK_SET) != 0 ||
				   ftruncate(fileno(fp), 0) != 0 ||
				   fseek(fp, 0, SEEK_SET) != 0))
			rc = nx_error_sys(err, "rewrite %s", sd->path);
		sd->bytes = 0;
		while (rc == 0 && (len = getline(&line, &cap, copy)) > 0) {
			size_t n = (size_t)len - (line[len - 1] == '\n');

			if (nx_schema_fix(s->schema, &fixed, line, n, err) < 0 ||
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
put_tools(struct splitter *s, const struct nx_record *rec,
    const struct nx_where *w, struct nx_error *err)
{
	json_t *root = rec->root, *parsed = NULL;
	const char *why;
	int rc;

	/* A record read on the fast path has no tree: the line, if it may
	 * hold some. */
	if (root == NULL && mentions_tools(w->raw, w->rawlen))
		root = parsed = json_loadb(w->raw, w->rawlen, 0, NULL);
	rc = nx_target_tools(s->target, &s->line, json_object_get(root, "tools"), &why);
	json_decref(parsed);
	if (rc >= 0) {
		s->card.tools |= rc;
		return 0;
	}
	if (why == NULL)
		return nx_error_set(err, "out of memory");
	{
		struct nx_reject r = {"target", w->file, w->line, why, NULL};

		return nx_rejects_add(&s->rejects, &r, rec, w->raw, w->rawlen, 0, err) < 0
			   ? -1
			   : 1;
	}
}

/* Write rec (raw[0..rawlen) as read) to side i. */
static int
put(struct splitter *s, int i, const struct nx_record *rec,
    const struct nx_where *w, struct nx_error *err)
{
	struct side *sd = &s->side[i];
	FILE *fp = nx_output_stream(sd->out);
	const char *why;
	size_t n;

	if (s->target != NULL &&
	    (why = nx_target_violation(s->target, rec)) != NULL) {
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
		if (nx_format_write_reasoning(
			&s->line, s->fmt, s->reasoning, rec, err) < 0) {
			struct nx_reject r = {
			    "format", w->file, w->line, err->msg, NULL};

			return nx_rejects_add(
			    &s->rejects, &r, rec, w->raw, w->rawlen, 1, err);
		}
	} else if (s->shape >= 0 && (int)rec->shape != s->shape) {
		/* One shape a file: trainers guess the format from the first
		 * line, or refuse a file that mixes them. */
		if (nx_format_write_reasoning(&s->line,
			shape_format[s->shape], s->reasoning, rec, err) < 0) {
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
	if (s->schema != NULL && learn_types(s, err) < 0)
		return -1;
	if (fwrite(s->line.data, 1, n, fp) != n)
		return nx_error_sys(err, "write %s", sd->path);
	sd->bytes += n;
	s->st.written++;
	nx_card_note(&s->card, rec);
	if (s->measure)
		nx_stats_written(&sd->st, rec);
	else
		sd->st.written++;
	return s->check_leakage ? remember_prompt(s, sd, rec, err) : 0;
}

/* --- hash mode ---------------------------------------------------------- */

static int
hash_split(
    struct splitter *s, struct nx_input *in, int *status, struct nx_error *err)
{
	struct nx_record rec;
	struct nx_where w;
	int rc;

	nx_record_init(&rec);
	while ((rc = nx_rejects_next(&s->rejects, in, &rec, &w, status, err)) >
	    0) {
		uint64_t key;
		int fallback, i;

		if ((rc = nx_split_key(&key, &fallback, &s->sp, &rec, err)) < 0)
			break;
		s->fallbacks += fallback;
		i = nx_split_side(&s->sp, key);
		if ((i == 0 &&
			(rc = nx_minvalid_note(&s->cand, key,
			     (long)s->side[0].st.written, err)) < 0) ||
		    (rc = put(s, i, &rec, &w, err)) < 0)
			break;
	}
	nx_record_free(&rec);
	return rc < 0 ? -1 : 0;
}

/* --- mixing --------------------------------------------------------------- */

/*
 * Hash mode with --max-share: the records are spooled with their side and
 * rule memberships as the tag, the cuts computed, then written.
 */
static int
mix_split(
    struct splitter *s, struct nx_input *in, int *status, struct nx_error *err)
{
	struct nx_spool *sp;
	struct nx_record rec;
	struct nx_where w;
	unsigned long long total[NX_SPLIT_MAX_SIDES] = {0};
	int rc;

	if (nx_spool_open(&sp, err) < 0)
		return -1;
	nx_record_init(&rec);
	while ((rc = nx_rejects_next(&s->rejects, in, &rec, &w, status, err)) >
	    0) {
		uint64_t key;
		int fallback, side;
		uint16_t tag;

		if ((rc = nx_split_key(&key, &fallback, &s->sp, &rec, err)) < 0)
			break;
		s->fallbacks += fallback;
		side = nx_split_side(&s->sp, key);
		tag = (uint16_t)side;
		total[side]++;
		if ((rc = nx_shares_note(&s->shares, s->sp.seed, side, &rec,
			 w.raw, w.rawlen, &tag, err)) < 0)
			break;
		if ((rc = nx_spool_add(sp, w.raw, w.rawlen, tag, err)) < 0)
			break;
	}
	if (rc == 0 && (rc = nx_spool_seal(sp, err)) == 0)
		nx_shares_cut(&s->shares, total, s->sp.nsides);
	for (size_t i = 0; rc == 0 && i < nx_spool_count(sp); i++) {
		uint16_t tag = nx_spool_tag(sp, i);
		int side = tag & 3;
		const char *over;
		uint64_t key;
		int fallback;

		if ((rc = nx_spool_get(sp, i, &w.raw, &w.rawlen, err)) < 0)
			break;
		w.file = "<spooled>";
		w.line = (long)i + 1;
		if (!nx_record_scan(&rec, w.raw, w.rawlen) &&
		    (rc = nx_record_parse(&rec, w.raw, w.rawlen, err)) < 0)
			break;
		if ((over = nx_shares_over(&s->shares, s->sp.seed, tag, side,
			 w.raw, w.rawlen)) != NULL) {
			struct nx_reject rj = {"mix", w.file, w.line,
			    "over its --max-share", NULL};

			rc = nx_rejects_add(
			    &s->rejects, &rj, &rec, w.raw, w.rawlen, 0, err);
			continue;
		}
		if (side == 0 &&
		    ((rc = nx_split_key(&key, &fallback, &s->sp, &rec, err)) <
			    0 ||
			(rc = nx_minvalid_note(&s->cand, key,
			     (long)s->side[0].st.written, err)) < 0))
			break;
		rc = put(s, side, &rec, &w, err);
	}
	nx_record_free(&rec);
	nx_spool_close(sp);
	return rc < 0 ? -1 : 0;
}

/*
 * Too few validation records: move the train groups nearest the cut into
 * validation, whole groups only, never the last train record.  The train
 * file is read back and written anew without them.
 */
static int
fill_validation(struct splitter *s, struct nx_error *err)
{
	struct side *train = &s->side[0], *valid = &s->side[1];
	unsigned long long need, have = valid->st.written;
	unsigned long long left = train->st.written;
	long *move = NULL;
	size_t nmove = 0;
	struct nx_output *fresh = NULL;
	struct nx_reader *r = NULL;
	struct nx_line line;
	struct nx_record rec;
	long idx = 0;
	size_t j = 0;
	int rc = -1, got;

	nx_record_init(&rec);
	if (have >= s->min_valid)
		return 0;
	need = s->min_valid - have;
	if (nx_minvalid_lines(&move, &nmove, &s->cand, need, left, err) < 0)
		goto out;
	if (nmove == 0) {
		rc = 0;
		goto out;
	}
	if (fflush(nx_output_stream(train->out)) == EOF) {
		nx_error_sys(err, "write %s", train->path);
		goto out;
	}
	if (nx_output_temp_path(train->out) == NULL) {
		nx_error_set(err,
		    "%s: not a regular file, so records cannot be moved from "
		    "it to %s (--min-valid)",
		    train->path, valid->path);
		goto out;
	}
	/* Every line written is read back, however long. */
	if (nx_reader_open(&r, nx_output_temp_path(train->out), SIZE_MAX, err) <
		0 ||
	    nx_output_open(&fresh, train->path, err) < 0)
		goto out;
	while ((got = nx_reader_next(r, &line, err)) == NX_READ_LINE) {
		struct side *to = j < nmove && move[j] == idx ? valid : train;
		FILE *fp = to == valid ? nx_output_stream(valid->out)
				       : nx_output_stream(fresh);

		j += to == valid;
		idx++;
		if (fwrite(line.data, 1, line.len, fp) != line.len ||
		    putc('\n', fp) == EOF) {
			nx_error_sys(err, "write %s", to->path);
			goto out;
		}
		if (to == valid) {
			valid->bytes += line.len + 1;
			train->bytes -= line.len + 1;
			/* Lines we wrote parse in any format we write. */
			if (nx_record_parse(&rec, line.data, line.len, err) ==
			    0) {
				if (s->measure) {
					nx_stats_unwritten(&train->st, &rec);
					nx_stats_written(&valid->st, &rec);
				} else {
					train->st.written--;
					valid->st.written++;
				}
			}
		}
	}
	if (got == NX_READ_LONG)
		nx_error_set(err, "%s: line %ld could not be read back",
		    train->path, line.lineno);
	if (got != NX_READ_EOF)
		goto out;
	nx_output_abort(train->out);
	train->out = fresh;
	fresh = NULL;
	rc = 0;
out:
	nx_record_free(&rec);
	if (rc < 0 && err->msg[0] == '\0')
		nx_error_set(err, "out of memory");
	nx_reader_close(r);
	nx_output_abort(fresh);
	free(move);
	return rc;
}

/* --- shuffle mode ------------------------------------------------------- */

/* Spool every good record, with its stratum as the tag. */
static int
spool_input(struct splitter *s, struct nx_input *in, struct nx_spool *sp,
    int *status, struct nx_error *err)
{
	struct nx_record rec;
	struct nx_where w;
	uint16_t tag = 0;
	int rc;

	nx_record_init(&rec);
	while (
	    (rc = nx_rejects_next(&s->rejects, in, &rec, &w, status, err)) > 0)
		if (nx_strata_of(&s->strata, &rec, &tag, err) < 0 ||
		    nx_spool_add(sp, w.raw, w.rawlen, tag, err) < 0) {
			rc = -1;
			break;
		}
	nx_record_free(&rec);
	return rc < 0 || nx_spool_seal(sp, err) < 0 ? -1 : 0;
}

/*
 * Records in the order of a seeded permutation; each stratum's first ones
 * go to train, the next to validation, and so on.
 */
static int
shuffle_split(
    struct splitter *s, struct nx_input *in, int *status, struct nx_error *err)
{
	struct nx_spool *sp;
	struct nx_record rec;
	struct nx_where w = {"<shuffled>", 0, NULL, 0};
	struct nx_perm perm;
	unsigned long long *q = NULL, *used = NULL, *size = NULL;
	size_t n;
	int rc = -1, nsides = s->sp.nsides;

	if (nx_spool_open(&sp, err) < 0)
		return -1;
	nx_record_init(&rec);
	if (spool_input(s, in, sp, status, err) < 0)
		goto out;
	if ((n = nx_spool_count(sp)) == 0) {
		rc = 0;
		goto out;
	}
	if ((used = calloc(s->strata.n ? s->strata.n : 1, sizeof(*used))) ==
		NULL ||
	    (size = calloc(s->strata.n ? s->strata.n : 1, sizeof(*size))) ==
		NULL) {
		nx_error_set(err, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		size[nx_spool_tag(sp, i)]++;
	if ((q = nx_strata_quotas(&s->strata, &s->sp, size, s->min_valid,
		 err)) == NULL)
		goto out;
	nx_perm_init(&perm, n, s->sp.seed);
	for (size_t j = 0; j < n; j++) {
		size_t i = (size_t)nx_perm_apply(&perm, j);
		uint16_t k = nx_spool_tag(sp, i);
		unsigned long long rank = used[k]++;
		int side = 0;

		while (side < nsides - 1 && rank >= q[k * nsides + side])
			rank -= q[k * nsides + side++];
		if (nx_spool_get(sp, i, &w.raw, &w.rawlen, err) < 0)
			goto out;
		/* The line was good when spooled. */
		if (!nx_record_scan(&rec, w.raw, w.rawlen) &&
		    nx_record_parse(&rec, w.raw, w.rawlen, err) < 0)
			goto out;
		w.line = (long)i + 1;
		if (put(s, side, &rec, &w, err) < 0)
			goto out;
	}
	rc = 0;
out:
	free(q);
	free(used);
	free(size);
	nx_record_free(&rec);
	nx_spool_close(sp);
	return rc;
}

/* --- the end ------------------------------------------------------------ */

/* Prompts (normalised) found in train and in another file. */
static unsigned long long
leaks(struct splitter *s)
{
	unsigned long long n = 0;

	for (int i = 1; i < s->sp.nsides; i++)
		n += nx_keys_shared(&s->side[0].prompts, &s->side[i].prompts);
	return n;
}

/* The near twins across train and the other files, named; how many. */
static unsigned long long
near_leaks(const struct splitter *s)
{
	unsigned long long n = 0;

	for (size_t i = 0; i < s->nleaks; i++) {
		const struct leak *l = &s->leaks[i];

		nx_warnx("leakage: %s:%llu is a near twin of %s:%llu (%s, "
			 "similarity %.2f)",
		    s->side[SIDE_OF(l->record)].path,
		    (unsigned long long)LINE_OF(l->record),
		    s->side[0].path, (unsigned long long)LINE_OF(l->train),
		    l->by == 0 ? "prompt" : "prompt and completion", l->sim);
	}
	for (int i = 1; i < s->sp.nsides; i++)
		if (s->side[i].ntwinned > 0) {
			nx_warnx("leakage: %llu records of %s have a near twin "
				 "in %s (prompt, or prompt and completion, "
				 "similarity >= 0.8)",
			    s->side[i].ntwinned, s->side[i].path,
			    s->side[0].path);
			n += s->side[i].ntwinned;
		}
	return n;
}

/* The trainer's own size rules for each file. */
static int
check_sizes(const struct splitter *s, struct nx_error *err)
{
	for (int i = 0; s->target != NULL && i < s->sp.nsides; i++)
		if (nx_target_check_file(s->target, s->side[i].path,
			s->side[i].st.written, s->side[i].bytes, err) < 0)
			return -1;
	return 0;
}

static void
print_table(const struct splitter *s)
{
	fprintf(stderr, "%-12s %9s %12s %16s  %s\n", "file", "records",
	    "mean prompt", "mean completion", "languages");
	for (int i = 0; i < s->sp.nsides; i++) {
		const struct nx_stats *st = &s->side[i].st;
		unsigned long long n = st->written ? st->written : 1;
		char langs[128];

		nx_stats_langs(st, langs, sizeof(langs));
		fprintf(stderr, "%-12s %9llu %12.1f %16.1f  %s\n",
		    s->side[i].name, st->written,
		    (double)st->prompt_chars / (double)n,
		    (double)st->completion_chars / (double)n, langs);
	}
	for (int i = 0; i < s->sp.nsides; i++) {
		char who[128];

		snprintf(who, sizeof(who), "%s: %s", nx_progname(),
		    s->side[i].name);
		nx_stats_print_lengths(&s->side[i].st, who, stderr);
	}
	fprintf(stderr, "%s: read %llu, rejected %llu", nx_progname(),
	    s->st.read, s->st.rejected);
	for (size_t i = 0; i < s->st.nreasons; i++)
		fprintf(stderr, "%s%s %llu", i ? ", " : " (",
		    s->st.reasons[i].reason, s->st.reasons[i].count);
	fprintf(stderr, "%s\n", s->st.nreasons ? ")" : "");
}

/* The report as one JSON object: the input's figures, then each file's. */
static int
report_json(struct nx_buf *b, const struct splitter *s)
{
	if (nx_buf_adds(b, "{\"input\":") < 0 || nx_stats_json(b, &s->st) < 0 ||
	    nx_buf_adds(b, ",\"files\":[") < 0)
		return -1;
	for (int i = 0; i < s->sp.nsides; i++) {
		const struct side *sd = &s->side[i];

		if ((i > 0 && nx_buf_addc(b, ',') < 0) ||
		    nx_buf_adds(b, "{\"name\":") < 0 ||
		    nx_format_json_string(b, sd->name, strlen(sd->name)) < 0 ||
		    nx_buf_adds(b, ",\"path\":") < 0 ||
		    nx_format_json_string(b, sd->path, strlen(sd->path)) < 0 ||
		    nx_buf_adds(b, ",\"stats\":") < 0 ||
		    nx_stats_json(b, &sd->st) < 0 || nx_buf_addc(b, '}') < 0)
			return -1;
	}
	return nx_buf_adds(b, "]}\n");
}

static int
write_report(const struct splitter *s, const char *path, struct nx_error *err)
{
	struct nx_output *o;
	struct nx_buf b = NX_BUF_INIT;
	int rc;

	if (report_json(&b, s) < 0) {
		nx_buf_free(&b);
		return nx_error_set(err, "out of memory");
	}
	if ((rc = nx_output_open(&o, path, err)) == 0) {
		if (fwrite(b.data, 1, b.len, nx_output_stream(o)) != b.len) {
			rc = nx_error_sys(err, "write %s", path);
			nx_output_abort(o);
		} else
			rc = nx_output_commit(o, err);
	}
	nx_buf_free(&b);
	return rc;
}

/* The command line as one string, for the card; NULL (no memory). */
static char *
command_line(int argc, char **argv)
{
	struct nx_buf b = NX_BUF_INIT;

	for (int i = 0; i < argc; i++) {
		int quote = strpbrk(argv[i], " \t'\"$") != NULL;

		if ((i > 0 && nx_buf_addc(&b, ' ') < 0) ||
		    (quote && nx_buf_addc(&b, '\'') < 0) ||
		    nx_buf_adds(&b, argv[i]) < 0 ||
		    (quote && nx_buf_addc(&b, '\'') < 0))
			goto fail;
	}
	if (nx_buf_addc(&b, '\0') == 0)
		return b.data;
fail:
	nx_buf_free(&b);
	return NULL;
}

/*
 * The files beside the data: the dataset card in an -d folder, and for
 * LLaMA-Factory its dataset_info.json.
 */
static int
write_card(struct splitter *s, const char *dir, int dir_given, int argc,
    char **argv, const char *tokenizer, struct nx_error *err)
{
	struct nx_card *c = &s->card;
	char *command = command_line(argc, argv);
	int rc = 0;

	if (command == NULL)
		return nx_error_nomem(err);
	c->dir = dir;
	c->command = command;
	c->format = s->reformat ? nx_format_name(s->fmt) : NULL;
	c->target = s->target != NULL ? s->target->name : NULL;
	c->tokenizer = tokenizer;
	c->input = &s->st;
	c->nfiles = 0;
	for (int i = 0; i < s->sp.nsides && i < NX_CARD_MAX_FILES; i++) {
		c->files[i].split = s->side[i].name;
		c->files[i].path = s->side[i].path;
		c->files[i].st = &s->side[i].st;
		c->nfiles++;
	}
	if (dir_given && (rc = nx_card_write(c, err)) == 0)
		nx_warnx("%s/README.md is not a nova-export dataset card: "
			 "left as it is", dir);
	if (rc >= 0 && s->target != NULL && s->target->fmt == NX_FORMAT_SHAREGPT)
		rc = nx_card_llamafactory(c, err);
	free(command);
	return rc < 0 ? -1 : 0;
}

/* --- options -------------------------------------------------------------- */

/* Split list (changed in place) into at most max names. */
static int
names(char *list, const char **out, int max)
{
	char *p, *save = NULL;
	int n = 0;

	for (p = strtok_r(list, ",", &save); p != NULL;
	     p = strtok_r(NULL, ",", &save)) {
		if (n == max || *p == '\0' || strchr(p, '/') != NULL)
			return -1;
		out[n++] = p;
	}
	return n;
}

static char *
join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 8;
	char *p = malloc(n);

	if (p == NULL)
		nx_die(NX_EXIT_DATA, "out of memory");
	snprintf(p, n, "%s/%s.jsonl", dir, name);
	return p;
}

/*
 * Refuse, before anything is read, outputs (the files of the split, or the
 * shards, --rejects, --report) that name an input or each other.
 */
static void
distinct(const struct splitter *s, const char *dir, int shards,
    const char *const *paths, const char *const *sidenames,
    const struct nx_cli_common *opt, const char *report, const char *clusters,
    char **argv, int argc)
{
	int nfiles = shards > 0 ? shards : s->sp.nsides;
	struct nx_path *outs = calloc((size_t)nfiles + 2, sizeof(*outs));
	struct nx_path *ins = calloc((size_t)argc + 1, sizeof(*ins));
	char **made = calloc((size_t)nfiles, sizeof(*made));
	size_t nin = 0;
	struct nx_error err;
	int rc;

	if (outs == NULL || ins == NULL || made == NULL)
		nx_die(NX_EXIT_DATA, "out of memory");
	for (int i = 0; i < nfiles; i++) {
		static const char *opts[] = {
		    "--train", "--validation", "--test"};

		outs[i].what = shards > 0 ? "shard" : "-d";
		if (shards == 0 && paths[i] != NULL) {
			outs[i].path = paths[i];
			outs[i].what = opts[i];
		} else if ((outs[i].path = made[i] = shards > 0
				   ? nx_shards_path(dir, i)
				   : join(dir, sidenames[i])) == NULL)
			nx_die(NX_EXIT_DATA, "out of memory");
	}
	outs[nfiles] = (struct nx_path){"--rejects", opt->rejects};
	outs[nfiles + 1] = (struct nx_path){"--report", report};
	for (int i = 0; i < argc; i++)
		ins[nin++] = (struct nx_path){"input", argv[i]};
	if (clusters != NULL)
		ins[nin++] = (struct nx_path){"--clusters", clusters};
	rc = nx_output_distinct(outs, (size_t)nfiles + 2, ins, nin, &err);
	for (int i = 0; i < nfiles; i++)
		free(made[i]);
	free(made);
	free(outs);
	free(ins);
	if (rc < 0)
		nx_die(NX_EXIT_USAGE, "%s", err.msg);
}

/* --- shards ------------------------------------------------------------ */

/*
 * --shards n: each record, as read (or reformatted), to its key's shard
 * (nx_shards_of).  Nothing else of the split applies.  Returns 0, or -1
 * with err filled.
 */
static int
shard_split(struct splitter *s, struct nx_shards *sh, int n,
    struct nx_input *in, int *status, struct nx_error *err)
{
	struct nx_record rec;
	struct nx_where w;
	int rc = 0;

	nx_record_init(&rec);
	while ((rc = nx_rejects_next(&s->rejects, in, &rec, &w, status, err)) >
	    0) {
		uint64_t key;
		int fallback;

		if ((rc = nx_split_key(&key, &fallback, &s->sp, &rec, err)) < 0)
			break;
		s->fallbacks += fallback;
		nx_buf_reset(&s->line);
		if (s->reformat &&
		    nx_format_write_reasoning(
			&s->line, s->fmt, s->reasoning, &rec, err) < 0) {
			struct nx_reject r = {
			    "format", w.file, w.line, err->msg, NULL};

			if ((rc = nx_rejects_add(&s->rejects, &r, &rec, w.raw,
				 w.rawlen, 1, err)) < 0)
				break;
			continue;
		}
		if (!s->reformat &&
		    (nx_buf_add(&s->line, w.raw, w.rawlen) < 0 ||
			nx_buf_addc(&s->line, '\n') < 0)) {
			rc = nx_error_nomem(err);
			break;
		}
		if ((rc = nx_shards_put(sh, nx_shards_of(key, n), s->line.data,
			 s->line.len, err)) < 0)
			break;
		if (s->stats)
			nx_stats_written(&s->st, &rec);
		else
			s->st.written++;
	}
	nx_record_free(&rec);
	return rc < 0 ? -1 : 0;
}

int
main(int argc, char *argv[])
{
	struct nx_cli_common opt = {.fmt = NX_FORMAT_NEUTRAL};
	struct splitter s = {
	    .sp = {.by = NX_SPLIT_PROMPT,
		.seed = DEFAULT_SEED,
		.nsides = 2,
		.cut = {0.8, 1.0}},
	    .min_valid = 1,
	    .line = NX_BUF_INIT,
	    .turn_tokens = NX_TOKENS_TURN_DEFAULT,
	    .shape = -1,
	};
	const char *dir = ".", *paths[NX_SPLIT_MAX_SIDES] = {NULL};
	const char *sidenames[NX_SPLIT_MAX_SIDES] = {
	    "train", "validation", "test"};
	const char *report = NULL, *clusters = NULL, *tokenizer = NULL;
	char **all_argv;
	int all_argc, dir_given = 0, no_card = 0;
	char *namelist = NULL;
	struct nx_output *rjout = NULL, *outs[NX_SPLIT_MAX_SIDES + 1] = {NULL};
	struct nx_input *in = NULL;
	struct nx_error err;
	unsigned long long v;
	double ratio;
	int ch, status = NX_EXIT_OK, rc, shards = 0;

	nx_setprogname(argv);
	all_argc = argc;
	all_argv = argv;
	while ((ch = nx_cli_getopt(argc, argv, "d:", options)) != -1) {
		if (nx_cli_common(&opt, ch, synopsis))
			continue;
		switch (ch) {
		case 'd':
			dir = optarg;
			dir_given = 1;
			break;
		case 'k' + 256:
			no_card = 1;
			break;
		case '0':
		case '1':
		case '2':
			paths[ch - '0'] = optarg;
			break;
		case 'r':
			if (nx_cli_real(&ratio, optarg, 0, 1) < 0 ||
			    !(ratio > 0 && ratio < 1))
				nx_cli_bad(synopsis, "--ratio",
				    "a share between 0 and 1", optarg);
			s.sp.nsides = 2;
			s.sp.cut[0] = ratio;
			s.sp.cut[1] = 1.0;
			break;
		case 'R':
			if (nx_split_ratios(&s.sp, optarg) < 0)
				nx_cli_bad(synopsis, "--ratios",
				    "2 or 3 positive shares", optarg);
			break;
		case 'n':
			namelist = optarg;
			break;
		case 'b':
			if (strcmp(optarg, "prompt") == 0)
				s.sp.by = NX_SPLIT_PROMPT;
			else if (strcmp(optarg, "pair") == 0)
				s.sp.by = NX_SPLIT_PAIR;
			else if (strcmp(optarg, "cluster") == 0)
				s.sp.by = NX_SPLIT_CLUSTER;
			else if (strncmp(optarg, "group:", 6) == 0 &&
			    optarg[6] != '\0') {
				s.sp.by = NX_SPLIT_GROUP;
				s.sp.group = optarg + 6;
			} else
				nx_cli_bad(synopsis, "--by",
				    "prompt, pair, group:FIELD or cluster",
				    optarg);
			break;
		case 'C':
			clusters = optarg;
			break;
		case 'x' + 256:
			if (nx_shares_add(&s.shares, optarg) < 0)
				nx_cli_bad(synopsis, "--max-share",
				    "FIELD=VALUE:SHARE (at most 4)", optarg);
			break;
		case 's':
			if (nx_cli_number(&v, optarg, UINT64_MAX) < 0)
				nx_cli_bad(
				    synopsis, "--seed", "a number", optarg);
			s.sp.seed = v;
			break;
		case 'S':
			s.shuffle = 1;
			break;
		case 'y':
			if (nx_strata_parse(&s.strata, optarg) < 0)
				nx_cli_bad(synopsis, "--stratify",
				    "lang, source or "
				    "metadata.FIELD",
				    optarg);
			break;
		case 'm':
			if (nx_cli_number(&s.min_valid, optarg, UINT32_MAX) < 0)
				nx_cli_bad(synopsis, "--min-valid", "a number",
				    optarg);
			break;
		case 't':
			s.target = nx_target_get(
			    nx_cli_choose(options, ch, synopsis));
			break;
		case 'c':
			s.check_leakage = 1;
			break;
		case 'J':
			report = optarg;
			break;
		case 'N':
			if (nx_cli_number(&v, optarg, NX_SHARDS_MAX) < 0 || v < 2)
				nx_cli_bad(synopsis, "--shards",
				    "a number from 2 to 256", optarg);
			shards = (int)v;
			break;
		case 'T':
			tokenizer = optarg;
			break;
		case 'A':
			s.annotate = 1;
			break;
		case 'W':
			if (nx_cli_number(&v, optarg, 1000) < 0)
				nx_cli_bad(synopsis, "--turn-tokens",
				    "a number up to 1000", optarg);
			s.turn_tokens = (unsigned)v;
			break;
		case 'h':
			return nx_cli_help(
			    synopsis, "d:", options, "jsonl-split(1)");
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (s.annotate && tokenizer == NULL) {
		nx_warnx("--annotate counts tokens: give --tokenizer");
		usage();
	}
	s.fmt = opt.fmt;
	s.reformat = opt.reformat;
	s.reasoning = opt.reasoning;
	s.stats = opt.stats;
	s.rejects.strict = opt.strict;
	if (shards > 0 &&
	    (s.shuffle || s.shares.n > 0 || s.target != NULL ||
		s.check_leakage || report != NULL || namelist != NULL)) {
		nx_warnx("--shards partitions: it takes -d, --by, --seed, "
			 "--format and the common options only");
		usage();
	}
	if ((s.sp.by == NX_SPLIT_CLUSTER) != (clusters != NULL)) {
		nx_warnx("--by cluster and --clusters go together");
		usage();
	}
	if (s.sp.by == NX_SPLIT_CLUSTER)
		s.check_leakage = 1;
	if (s.check_leakage && nx_twins_new(&s.twins, 0.8, &err) < 0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	s.measure = s.stats || report != NULL || (dir_given && !no_card);
	if (s.strata.by != NX_STRATA_NONE && !s.shuffle) {
		nx_warnx("--stratify needs --shuffle");
		usage();
	}
	if (s.shuffle && s.shares.n > 0) {
		nx_warnx(
		    "--max-share works with hash placement, not --shuffle");
		usage();
	}
	if (s.shuffle && s.sp.by != NX_SPLIT_PROMPT) {
		nx_warnx("--shuffle places records, not keys: drop --by");
		usage();
	}
	if (paths[2] != NULL && s.sp.nsides < 3) {
		nx_warnx("--test needs three --ratios");
		usage();
	}
	if (s.target != NULL) {
		/* A tools list is the function schemas the trainer reads
		 * line by line, never through Arrow: kept as given. */
		if ((s.schema = nx_schema_new()) == NULL ||
		    (!s.target->tools_string && nx_schema_keep(s.schema, "tools") < 0))
			nx_die(NX_EXIT_DATA, "out of memory");
		for (int i = 0; i < NX_SPLIT_MAX_SIDES; i++)
			sidenames[i] = s.target->names[i];
		if (!s.reformat) {
			s.fmt = s.target->fmt;
			s.reformat = 1;
		}
	}
	nx_cli_check_reasoning(&opt, s.fmt, synopsis);
	if (namelist != NULL &&
	    names(namelist, sidenames, NX_SPLIT_MAX_SIDES) != s.sp.nsides) {
		nx_warnx(
		    "--names: one name for each of the %d files", s.sp.nsides);
		usage();
	}

	if (clusters != NULL &&
	    nx_split_clusters_load(&s.sp, clusters, &err) < 0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	/* The folder itself is made if missing (not its parents). */
	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		nx_die(NX_EXIT_DATA, "mkdir %s: %s", dir, strerror(errno));
	distinct(&s, dir, shards, paths, sidenames, &opt, report, clusters,
	    argv, argc);
	nx_output_catch_signals();
	if (tokenizer != NULL && nx_tokenizer_open(&s.tok, tokenizer, &err) < 0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	nx_stats_init(&s.st);
	s.st.tok = s.tok;
	s.st.turn_tokens = s.turn_tokens;
	s.rejects.stats = &s.st;
	nx_progress_start(&s.rejects.progress, opt.progress);
	if (shards > 0) {
		struct nx_shards *sh;
		struct nx_output **souts;
		size_t nouts;

		if (nx_input_open(&in, argv, argc, opt.max_line, NX_INPUT_SCAN,
			&err) < 0 ||
		    (opt.rejects != NULL &&
			nx_output_open_private(&rjout, opt.rejects, &err) < 0) ||
		    nx_shards_open(&sh, dir, shards, &err) < 0)
			nx_die(NX_EXIT_DATA, "%s", err.msg);
		s.rejects.out = rjout;
		rc = shard_split(&s, sh, shards, in, &status, &err);
		nx_input_close(in);
		nx_rejects_finish(&s.rejects);
		souts = nx_shards_outputs(sh, rjout, &nouts);
		status = nx_output_end(souts, nouts, rc < 0 ? -1 : status, status,
		    &err);
		nx_shards_free(sh);
		if (s.stats)
			nx_stats_print(&s.st, nx_progname(), stderr);
		nx_split_clusters_free(&s.sp);
		nx_stats_free(&s.st);
		nx_buf_free(&s.line);
		nx_tokenizer_free(s.tok);
		return status;
	}
	for (int i = 0; i < s.sp.nsides; i++) {
		struct side *sd = &s.side[i];

		nx_stats_init(&sd->st);
		sd->st.tok = s.tok;
		sd->st.turn_tokens = s.turn_tokens;
		sd->st.per_file = 1;
		sd->name = sidenames[i];
		sd->path = paths[i] != NULL ? strdup(paths[i])
					    : join(dir, sidenames[i]);
		if (sd->path == NULL ||
		    nx_output_open(&sd->out, sd->path, &err) < 0)
			nx_die(NX_EXIT_DATA, "%s", err.msg);
	}
	if (nx_input_open(&in, argv, argc, opt.max_line, NX_INPUT_SCAN, &err) <
		0 ||
	    (opt.rejects != NULL &&
		nx_output_open_private(&rjout, opt.rejects, &err) < 0))
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	s.rejects.out = rjout;

	if (nx_minvalid_init(&s.cand, s.shuffle ? 0 : s.min_valid, &err) < 0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	rc = s.shuffle	    ? shuffle_split(&s, in, &status, &err)
	    : s.shares.n > 0 ? mix_split(&s, in, &status, &err)
			    : hash_split(&s, in, &status, &err);
	if (rc == 0 && !s.shuffle)
		rc = fill_validation(&s, &err);
	if (rc == 0 && s.schema != NULL)
		rc = unify_types(&s, &err);
	if (rc == 0)
		rc = check_sizes(&s, &err);
	nx_input_close(in);
	nx_rejects_finish(&s.rejects);

	for (int i = 0; i < s.sp.nsides; i++)
		outs[i] = s.side[i].out;
	outs[s.sp.nsides] = rjout;
	if (rc < 0) {
		for (int i = 0; i <= s.sp.nsides; i++)
			nx_output_abort(outs[i]);
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	}
	if (nx_output_commit_all(outs, (size_t)s.sp.nsides + 1, &err) < 0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	if (s.fallbacks > 0)
		nx_warnx("%llu records had no %s%s and were placed by their "
			 "prompt",
		    s.fallbacks,
		    s.sp.by == NX_SPLIT_CLUSTER ? "cluster" : "metadata.",
		    s.sp.by == NX_SPLIT_CLUSTER ? "" : s.sp.group);
	if (s.converted > 0)
		nx_warnx("mixed input: %llu records not in the first record's "
			 "shape were written as %s, one shape a file",
		    s.converted, shape_names[s.shape]);
	if (s.side[1].st.written == 0 && s.min_valid > 0)
		nx_warnx("%s is empty: %llu records are too few to split",
		    s.side[1].path, s.st.written);
	if (!no_card && (dir_given || (s.target != NULL &&
				     s.target->fmt == NX_FORMAT_SHAREGPT)) &&
	    write_card(&s, dir, dir_given, all_argc, all_argv, tokenizer,
		&err) < 0) {
		nx_warnx("%s", err.msg);
		status = NX_EXIT_DATA;
	}
	if (s.stats)
		print_table(&s);
	if (report != NULL && write_report(&s, report, &err) < 0) {
		nx_warnx("%s", err.msg);
		status = NX_EXIT_DATA;
	}
	if (s.check_leakage) {
		unsigned long long n = leaks(&s);

		if (n > 0) {
			nx_warnx("leakage: %llu prompts are in %s and in "
				 "another file",
			    n, s.side[0].path);
			status = NX_EXIT_DATA;
		}
		if (near_leaks(&s) > 0)
			status = NX_EXIT_DATA;
	}
	nx_twins_free(s.twins);
	for (int i = 0; i < s.sp.nsides; i++) {
		free(s.side[i].path);
		nx_keys_free(&s.side[i].prompts);
		free(s.side[i].twinned);
		nx_stats_free(&s.side[i].st);
	}
	nx_minvalid_free(&s.cand);
	nx_strata_free(&s.strata);
	nx_shares_free(&s.shares);
	nx_split_clusters_free(&s.sp);
	nx_stats_free(&s.st);
	nx_tokenizer_free(s.tok);
	nx_schema_free(s.schema);
	nx_buf_free(&s.line);
	return status;
}
