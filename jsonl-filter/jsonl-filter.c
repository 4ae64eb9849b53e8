/*
 * jsonl-filter: keep the records of a JSONL stream that pass every filter,
 * optionally converting them to another format.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "dupes.h"
#include "err.h"
#include "format.h"
#include "input.h"
#include "lang.h"
#include "quality.h"
#include "safety.h"
#include "output.h"
#include "progress.h"
#include "reject.h"
#include "spool.h"
#include "stats.h"
#include "text.h"
#include "tokenizer.h"

#define NO_LIMIT ((unsigned long long)-1)

struct limits {
	unsigned long long min, max; /* code points, inclusive */
};

enum field { FIELD_PAIR, FIELD_PROMPT, FIELD_COMPLETION };

/* The language filter: which languages pass, and the last answer. */
struct langs {
	char list[16][8]; /* --lang codes; none: any */
	size_t n;
	int keep_und, annotate, on;
	enum field field;
	char code[8]; /* the record's language, when known */
	int known;
	struct nx_buf text, scratch;
};

enum pii_policy { PII_KEEP, PII_DROP, PII_REDACT };

struct filter {
	struct nx_dupes dup;
	int dedup; /* dup is open */
	struct langs lang;
	double min_quality; /* < 0: no quality filter */
	int explain;
	struct nx_quality q; /* the record's, when scored */
	struct nx_blocklist *blocklist;
	enum pii_policy pii;
	struct nx_buf scratch, redp, redc;
	struct limits completion, prompt;
	struct nx_tokenizer *tok; /* --tokenizer, or NULL */
	unsigned long long max_tokens; /* --max-tokens; NO_LIMIT: none */
	unsigned turn_tokens;	       /* --turn-tokens */
	struct nx_tokens tokens;       /* the record's, when measured */
	int measured;
	int reformat; /* write fmt rather than the line as read */
	enum nx_format fmt;
	enum nx_reasoning reasoning; /* --reasoning */
	int stats;
	unsigned long long tool_turns; /* left out of records written anew */
	size_t max_line;
	struct nx_output *out;
	struct nx_rejects rejects;
	struct nx_stats st;
	struct nx_buf line;
};

static const struct option longopts[] = {
    {"output", required_argument, NULL, 'o'},
    {"format", required_argument, NULL, 'f'},
    {"reasoning", required_argument, NULL, NX_OPT_REASONING},
    {"min-length", required_argument, NULL, 'm'},
    {"max-length", required_argument, NULL, 'M'},
    {"min-prompt-length", required_argument, NULL, 'p'},
    {"max-prompt-length", required_argument, NULL, 'P'},
    {"rejects", required_argument, NULL, NX_OPT_REJECTS},
    {"strict", no_argument, NULL, NX_OPT_STRICT},
    {"stats", no_argument, NULL, NX_OPT_STATS},
    {"max-line-bytes", required_argument, NULL, NX_OPT_MAX_LINE},
    {"dedup", required_argument, NULL, 'd'},
    {"dedup-key", required_argument, NULL, 'k'},
    {"threshold", required_argument, NULL, 't'},
    {"clusters", required_argument, NULL, 'c'},
    {"against", required_argument, NULL, 'a'},
    {"seen", required_argument, NULL, 'n'},
    {"keep", required_argument, NULL, 'K'},
    {"lang", required_argument, NULL, 'l'},
    {"keep-und", no_argument, NULL, 'u'},
    {"annotate", no_argument, NULL, 'A'},
    {"lang-field", required_argument, NULL, 'F'},
    {"min-quality", required_argument, NULL, 'q'},
    {"explain", no_argument, NULL, 'E'},
    {"blocklist", required_argument, NULL, 'b'},
    {"pii", required_argument, NULL, 'I'},
    {"tokenizer", required_argument, NULL, 'T'},
    {"max-tokens", required_argument, NULL, 'x'},
    {"turn-tokens", required_argument, NULL, 'W'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, NX_OPT_VERSION},
    NX_PROGRESS_OPTIONS,
    {NULL, 0, NULL, 0},
};

static const char synopsis[] =
    "usage: jsonl-filter [-o file] [--format name] [--min-length n]\n"
    "                    [--reasoning drop | think | field]\n"
    "                    [--max-length n] [--min-prompt-length n]\n"
    "                    [--max-prompt-length n] [--rejects file] [--strict]\n"
    "                    [--stats] [--max-line-bytes n] [--dedup mode]\n"
    "                    [--dedup-key key] [--threshold j] [--clusters file]\n"
    "                    [--against file] [--seen file] [--keep policy]\n"
    "                    [--lang list] [--keep-und] [--annotate]\n"
    "                    [--lang-field field] [--min-quality q] [--explain]\n"
    "                    [--blocklist file] [--pii policy]\n"
    "                    [--tokenizer path] [--max-tokens n]\n"
    "                    [--turn-tokens n] [--progress | --no-progress]\n"
    "                    [file ...]\n";

static _Noreturn void
usage(void)
{
	nx_cli_usage(synopsis);
}

static int
help(void)
{
	fputs(synopsis, stdout);
	printf(
	    "\n"
	    "  -o, --output FILE        write here (atomically) instead of "
	    "stdout\n"
	    "      --format NAME        convert to: %s\n"
	    "      --reasoning MODE     the thinking in final formats: drop "
	    "(default),\n"
	    "                           think (inline) or field (chat "
	    "reasoning_content)\n"
	    "      --min-length N       drop completions under N characters\n"
	    "      --max-length N       drop completions over N characters\n"
	    "      --min-prompt-length N, --max-prompt-length N\n"
	    "                           the same for prompts\n"
	    "      --rejects FILE       write every rejected line here, with "
	    "its reason\n"
	    "      --strict             stop at the first bad line\n"
	    "      --stats              print a summary on stderr\n"
	    "      --progress           progress on a terminal from the start "
	    "(default:\n"
	    "                           after a second); --no-progress: never\n"
	    "      --max-line-bytes N   longest line accepted (default %zu)\n"
	    "      --tokenizer PATH     count tokens with this tokenizer.json "
	    "(or its folder)\n"
	    "      --max-tokens N       drop records over N tokens (needs "
	    "--tokenizer)\n"
	    "      --turn-tokens N      a chat template's tokens a message "
	    "(default %d)\n"
	    "\nSee jsonl-filter(1).\n",
	    nx_format_names(), NX_READER_MAX_LINE_DEFAULT,
	    NX_TOKENS_TURN_DEFAULT);
	return nx_cli_done();
}

static unsigned long long
number(const char *arg, const char *opt)
{
	unsigned long long v;

	if (nx_cli_number(&v, arg, NO_LIMIT - 1) < 0)
		nx_cli_bad(synopsis, opt, "a number", arg);
	return v;
}

/* The reason a record fails the length limits, or NULL. */
static const char *
check_lengths(const struct filter *f, const struct nx_record *rec)
{
	size_t n;

	if (f->completion.min > 0 || f->completion.max != NO_LIMIT) {
		n = nx_text_length(rec->completion.s, rec->completion.len);
		if (n < f->completion.min)
			return "too-short";
		if (n > f->completion.max)
			return "too-long";
	}
	if (f->prompt.min > 0 || f->prompt.max != NO_LIMIT) {
		n = nx_text_length(rec->prompt.s, rec->prompt.len);
		if (n < f->prompt.min)
			return "prompt-too-short";
		if (n > f->prompt.max)
			return "prompt-too-long";
	}
	return NULL;
}

/* rec's lengths in tokens into f->tokens, once a record.  0, or -1. */
static int
measure(struct filter *f, const struct nx_record *rec, struct nx_error *err)
{
	if (f->measured)
		return 0;
	if (nx_tokens_measure(&f->tokens, f->tok, rec, f->turn_tokens) < 0)
		return nx_error_set(err, "out of memory");
	f->measured = 1;
	return 0;
}

/*
 * --max-tokens: "too-long" when the whole record, as a chat template puts
 * it (every text plus the turn tokens of each message), is over the limit;
 * the message says when the prompt alone reaches it, so that a trainer
 * cutting at max_length would keep no answer token at all.
 */
static int
check_tokens(struct filter *f, const struct nx_record *rec,
    const char **reason, char *msg, size_t size, struct nx_error *err)
{
	const struct nx_tokens *t = &f->tokens;

	*reason = NULL;
	if (f->max_tokens == NO_LIMIT)
		return 0;
	if (measure(f, rec, err) < 0)
		return -1;
	if (t->record <= f->max_tokens)
		return 0;
	*reason = "too-long";
	if (t->record - t->completion - (rec->completion.s ? f->turn_tokens : 0) >=
	    f->max_tokens)
		snprintf(msg, size,
		    "%lu tokens, over %llu; the prompt alone reaches the limit "
		    "(%lu tokens): no answer token would be trained",
		    t->record, f->max_tokens, t->prompt);
	else
		snprintf(msg, size, "%lu tokens, over %llu (prompt %lu, "
		    "completion %lu)", t->record, f->max_tokens, t->prompt,
		    t->completion);
	return 0;
}

/* The language of rec's --lang-field into f->lang.code.  0, or -1. */
static int
detect(struct filter *f, const struct nx_record *rec, struct nx_error *err)
{
	struct langs *l = &f->lang;
	struct nx_str s =
	    l->field == FIELD_COMPLETION ? rec->completion : rec->prompt;

	if (l->field == FIELD_PAIR) {
		/* Prompt and answer decide together: ~25 characters of
		 * prompt alone are too few to call. */
		nx_buf_reset(&l->text);
		if (nx_buf_add(&l->text, rec->prompt.s, rec->prompt.len) < 0 ||
		    nx_buf_addc(&l->text, '\n') < 0 ||
		    nx_buf_add(
			&l->text, rec->completion.s, rec->completion.len) < 0)
			return nx_error_set(err, "out of memory");
		s.s = l->text.data;
		s.len = l->text.len;
	}
	if (nx_lang_detect(l->code, s.s ? s.s : "", s.len, &l->scratch) < 0)
		return nx_error_set(err, "out of memory");
	l->known = 1;
	return 0;
}

/* The reason rec fails --lang ("lang"), or NULL; *code set either way. */
static int
check_lang(struct filter *f, const struct nx_record *rec, const char **reason,
    struct nx_error *err)
{
	struct langs *l = &f->lang;

	*reason = NULL;
	l->known = 0;
	if (!l->on)
		return 0;
	if (detect(f, rec, err) < 0)
		return -1;
	if (l->n == 0)
		return 0;
	if (strcmp(l->code, "und") == 0) {
		*reason = l->keep_und ? NULL : "lang";
		return 0;
	}
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->code, l->list[i]) == 0)
			return 0;
	*reason = "lang";
	return 0;
}

/* The metadata of rec as a new object, to add annotations to; NULL when
 * it is something else than an object or null (never replaced). */
static json_t *
metadata_copy(const struct nx_record *rec)
{
	json_t *meta = NULL;
	json_error_t jerr;

	if (rec->metadata != NULL)
		meta = json_copy(rec->metadata);
	else if (rec->metadata_raw.s != NULL)
		meta = nx_json_loadb(rec->metadata_raw.s, rec->metadata_raw.len,
		    JSON_DECODE_ANY, &jerr);
	if (json_is_object(meta))
		return meta;
	if (meta != NULL && !json_is_null(meta)) {
		json_decref(meta);
		return NULL;
	}
	json_decref(meta);
	return json_object();
}

/*
 * rec as it will be written, in *copy: PII redacted (--pii redact),
 * metadata.lang (--annotate) and metadata.quality (--explain) added.
 * Returns 1 when it differs from the line as read, 0 when not, CANNOT
 * (err says why) when rec cannot be so written, -1 on failure.
 */
#define CANNOT 2
static int
prepare(struct filter *f, const struct nx_record *rec, struct nx_record *copy,
    json_t **meta, struct nx_error *err)
{
	int changed = 0;

	*copy = *rec;
	*meta = NULL;
	if (f->pii == PII_REDACT) {
		int a, b;

		nx_buf_reset(&f->redp);
		nx_buf_reset(&f->redc);
		a = nx_pii_scan(rec->prompt.s, rec->prompt.len, &f->redp);
		b = nx_pii_scan(
		    rec->completion.s, rec->completion.len, &f->redc);
		if (a < 0 || b < 0)
			return nx_error_set(err, "out of memory");
		if (a | b) {
			copy->prompt = (struct nx_str){
			    f->redp.data ? f->redp.data : "", f->redp.len};
			copy->completion = (struct nx_str){
			    f->redc.data ? f->redc.data : "", f->redc.len};
			changed = 1;
		}
	}
	if (f->lang.annotate || f->explain) {
		if ((*meta = metadata_copy(rec)) == NULL) {
			nx_error_set(err,
			    "metadata is not an object: %s cannot add to it",
			    f->lang.annotate ? "--annotate" : "--explain");
			return CANNOT;
		}
		if (f->lang.annotate) {
			if (!f->lang.known && detect(f, rec, err) < 0)
				return -1;
			json_object_set_new(
			    *meta, "lang", json_string(f->lang.code));
		}
		if (f->lang.annotate && f->tok != NULL) {
			/* The texts alone, after any redaction: what a
			 * reader can count again with the same tokenizer. */
			f->measured = 0;
			if (measure(f, copy, err) < 0)
				return -1;
			json_object_set_new(*meta, "tokens",
			    json_pack("{s:I,s:I}", "prompt",
				(json_int_t)f->tokens.prompt, "completion",
				(json_int_t)f->tokens.completion));
		}
		if (f->explain) {
			json_t *q = json_object();

			for (int i = 0; i < NX_QUALITY_RULES; i++)
				json_object_set_new(q, nx_quality_names[i],
				    json_real(f->q.rule[i]));
			json_object_set_new(q, "score", json_real(f->q.score));
			json_object_set_new(*meta, "quality", q);
		}
		copy->metadata = *meta;
		copy->metadata_raw.s = NULL;
		changed = 1;
	}
	return changed;
}

static int
emit(struct filter *f, const struct nx_record *rec, const struct nx_where *w,
    struct nx_error *err)
{
	FILE *fp = nx_output_stream(f->out);
	struct nx_record copy;
	json_t *meta;
	int changed = prepare(f, rec, &copy, &meta, err), rc = 0;

	if (changed < 0)
		return -1;
	if (changed == CANNOT) {
		struct nx_reject r = {
		    "format", w->file, w->line, err->msg, NULL};

		return nx_rejects_add(
		    &f->rejects, &r, rec, w->raw, w->rawlen, 1, err);
	}
	if (changed || f->reformat) {
		/* A changed record cannot be the line as read: --format, or
		 * neutral; some formats have no place for tool turns. */
		if (!nx_format_holds_tools(
			f->reformat ? f->fmt : NX_FORMAT_NEUTRAL))
			f->tool_turns += nx_record_tool_turns(&copy);
		nx_buf_reset(&f->line);
		if (nx_format_write_reasoning(&f->line,
			f->reformat ? f->fmt : NX_FORMAT_NEUTRAL, f->reasoning,
			&copy, err) < 0) {
			struct nx_reject r = {
			    "format", w->file, w->line, err->msg, NULL};

			json_decref(meta);
			return nx_rejects_add(
			    &f->rejects, &r, rec, w->raw, w->rawlen, 1, err);
		}
		if (fwrite(f->line.data, 1, f->line.len, fp) != f->line.len)
			rc = nx_error_sys(
			    err, "write %s", nx_output_name(f->out));
	} else if (fwrite(w->raw, 1, w->rawlen, fp) != w->rawlen ||
	    putc('\n', fp) == EOF)
		rc = nx_error_sys(err, "write %s", nx_output_name(f->out));
	if (rc == 0 && f->stats) {
		/* The language mix of --stats, from what was detected. */
		json_t *lang = NULL;

		if (f->lang.known && meta == NULL) {
			lang = json_pack("{s:s}", "lang", f->lang.code);
			copy.metadata = lang;
		}
		nx_stats_written(&f->st, &copy);
		json_decref(lang);
	} else if (rc == 0)
		f->st.written++;
	json_decref(meta);
	f->lang.known = 0;
	f->measured = 0;
	return rc;
}

/*
 * The first check rec fails after its lengths and language — quality,
 * the blocklist, PII with --pii drop — as a reason and a message; reason
 * NULL when it passes.
 */
static int
check_content(struct filter *f, const struct nx_record *rec,
    const char **reason, char *msg, size_t size, struct nx_error *err)
{
	*reason = NULL;
	if (f->min_quality >= 0 || f->explain) {
		nx_quality_score(&f->q, rec);
		if (f->q.score < f->min_quality) {
			*reason = "quality";
			snprintf(msg, size, "%s: score %.2f", f->q.reason,
			    f->q.score);
			return 0;
		}
	}
	if (f->blocklist != NULL) {
		const char *hit = nx_blocklist_match(
		    f->blocklist, rec->prompt.s, rec->prompt.len, &f->scratch);

		if (hit == NULL)
			hit =
			    nx_blocklist_match(f->blocklist, rec->completion.s,
				rec->completion.len, &f->scratch);
		if (hit != NULL) {
			*reason = "blocklist";
			snprintf(msg, size, "\"%s\"", hit);
			return 0;
		}
	}
	if (f->pii == PII_DROP) {
		int kinds = nx_pii_scan(rec->prompt.s, rec->prompt.len, NULL) |
		    nx_pii_scan(rec->completion.s, rec->completion.len, NULL);
		size_t o = 0;

		if (kinds < 0)
			return nx_error_set(err, "out of memory");
		msg[0] = '\0';
		for (int k = 0; k < NX_PII_KINDS; k++)
			if ((kinds & (1 << k)) && o < size)
				o += (size_t)snprintf(msg + o, size - o, "%s%s",
				    o ? ", " : "", nx_pii_name((enum nx_pii)k));
		if (kinds != 0)
			*reason = "pii";
	}
	return 0;
}

/* A duplicate: to --rejects, with whom it duplicates. */
static int
drop(struct filter *f, const struct nx_record *rec, const struct nx_where *w,
    json_t *extra, struct nx_error *err)
{
	struct nx_reject r = {"duplicate", w->file, w->line, NULL, extra};
	int rc =
	    nx_rejects_add(&f->rejects, &r, rec, w->raw, w->rawlen, 0, err);

	json_decref(extra);
	return rc;
}

/* A record that passed the filters: written, unless a duplicate. */
static int
keep_or_drop(struct filter *f, const struct nx_record *rec,
    const struct nx_where *w, struct nx_error *err)
{
	json_t *extra;
	int rc;

	if (!f->dedup)
		return emit(f, rec, w, err);
	if ((rc = nx_dupes_check(&f->dup, rec, w, &extra, err)) < 0)
		return -1;
	return rc == 0 ? emit(f, rec, w, err) : drop(f, rec, w, extra, err);
}

/*
 * The facts the filters found about rec (its language, its quality
 * score), found again: f holds only the last record's, and a replayed
 * record is written with its own.
 */
static int
refind_facts(struct filter *f, const struct nx_record *rec,
    struct nx_error *err)
{
	f->lang.known = 0;
	if (f->lang.on && detect(f, rec, err) < 0)
		return -1;
	if (f->min_quality >= 0 || f->explain)
		nx_quality_score(&f->q, rec);
	return 0;
}

/*
 * --keep longest or newest: every record that passed the other filters is
 * spooled and offered; then each is written or dropped as its group's
 * winner says.
 */
static int
keep_best(struct filter *f, struct nx_spool *sp, struct nx_error *err)
{
	struct nx_record rec;
	struct nx_where w = {"<spooled>", 0, NULL, 0};
	int rc = 0;

	nx_record_init(&rec);
	for (size_t i = 0; rc == 0 && i < nx_spool_count(sp); i++) {
		json_t *extra;

		if ((rc = nx_spool_get(sp, i, &w.raw, &w.rawlen, err)) < 0)
			break;
		w.line = (long)i + 1;
		if (!nx_record_scan(&rec, w.raw, w.rawlen) &&
		    (rc = nx_record_parse(&rec, w.raw, w.rawlen, err)) < 0)
			break;
		if ((rc = nx_dupes_verdict(
			 &f->dup, i, &rec, &w, &extra, err)) == 0)
			rc = refind_facts(f, &rec, err) < 0
			    ? -1
			    : emit(f, &rec, &w, err);
		else if (rc > 0)
			rc = drop(f, &rec, &w, extra, err);
	}
	nx_record_free(&rec);
	return rc;
}

/*
 * Filter every record of in to f->out.  Returns the exit status: 0, or 1
 * when an input was bad or unreadable; -1 when the run must stop (err).
 */
static int
filter(struct filter *f, struct nx_input *in, struct nx_error *err)
{
	struct nx_record rec;
	struct nx_where w;
	const char *reason;
	int status = NX_EXIT_OK, rc;

	struct nx_spool *sp = NULL;

	if (f->dedup && f->dup.keep != NX_KEEP_FIRST &&
	    nx_spool_open(&sp, err) < 0)
		return -1;
	nx_record_init(&rec);
	while ((rc = nx_rejects_next(&f->rejects, in, &rec, &w, &status, err)) >
	    0) {
		char msg[160] = "";
		const char *stage = "length";

		f->measured = 0;
		if ((reason = check_lengths(f, &rec)) == NULL &&
		    (rc = check_tokens(f, &rec, &reason, msg, sizeof(msg), err)) < 0)
			break;
		if (reason == NULL) {
			stage = "lang";
			if ((rc = check_lang(f, &rec, &reason, err)) < 0)
				break;
			if (reason != NULL)
				snprintf(msg, sizeof(msg), "language %s",
				    f->lang.code);
		}
		if (reason == NULL) {
			if ((rc = check_content(
				 f, &rec, &reason, msg, sizeof(msg), err)) < 0)
				break;
			stage = reason != NULL && strcmp(reason, "quality") == 0
			    ? "quality"
			    : "safety";
		}
		if (reason != NULL) {
			json_t *extra = json_pack("{s:s}", "stage", stage);
			struct nx_reject r = {
			    reason, w.file, w.line, msg[0] ? msg : NULL, extra};

			rc = nx_rejects_add(
			    &f->rejects, &r, &rec, w.raw, w.rawlen, 0, err);
			json_decref(extra);
		} else if (sp != NULL)
			rc = nx_dupes_offer(&f->dup, &rec, &w, err) < 0 ||
				nx_spool_add(sp, w.raw, w.rawlen, 0, err) < 0
			    ? -1
			    : 0;
		else
			rc = keep_or_drop(f, &rec, &w, err);
		if (rc < 0)
			break;
	}
	nx_record_free(&rec);
	if (rc == 0 && sp != NULL &&
	    (nx_spool_seal(sp, err) < 0 || keep_best(f, sp, err) < 0))
		rc = -1;
	nx_spool_close(sp);
	return rc < 0 ? -1 : status;
}

/* Refuse, before anything is read, outputs that name an input or each
 * other. */
static void
distinct(const struct nx_cli_common *opt, const char *clusters,
    const char *seen, const char *blocklist, char **against, size_t nagainst,
    char **argv, int argc)
{
	struct nx_path outs[] = {{"-o", opt->output},
	    {"--rejects", opt->rejects}, {"--clusters", clusters},
	    {"--seen", seen}};
	struct nx_path *ins = calloc((size_t)argc + nagainst + 1, sizeof(*ins));
	size_t nin = 0;
	struct nx_error err;

	if (ins == NULL)
		nx_die(NX_EXIT_DATA, "out of memory");
	for (int i = 0; i < argc; i++)
		ins[nin++] = (struct nx_path){"input", argv[i]};
	for (size_t i = 0; i < nagainst; i++)
		ins[nin++] = (struct nx_path){"--against", against[i]};
	if (blocklist != NULL)
		ins[nin++] = (struct nx_path){"--blocklist", blocklist};
	if (nx_output_distinct(outs, 4, ins, nin, &err) < 0)
		nx_die(NX_EXIT_USAGE, "%s", err.msg);
	free(ins);
}

int
main(int argc, char *argv[])
{
	struct nx_cli_common opt = {.fmt = NX_FORMAT_NEUTRAL};
	struct filter f = {
	    .completion = {0, NO_LIMIT},
	    .prompt = {0, NO_LIMIT},
	    .line = NX_BUF_INIT,
	    .min_quality = -1,
	    .max_tokens = NO_LIMIT,
	    .turn_tokens = NX_TOKENS_TURN_DEFAULT,
	};
	const char *tokenizer = NULL;
	const char *clusters = NULL;
	const char *seen = NULL, *blocklist = NULL;
	enum nx_dupes_key key = NX_DUPES_PROMPT;
	enum nx_dupes_keep keep = NX_KEEP_FIRST;
	char *against[16];
	size_t nagainst = 0;
	int mode = -1;
	double threshold = 0.8;
	struct nx_output *rjout = NULL, *clout = NULL, *seenout = NULL;
	struct nx_output *outs[4];
	struct nx_input *in = NULL;
	struct nx_error err;
	int ch, status;

	nx_setprogname(argv);
	while ((ch = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		if (nx_cli_common(&opt, ch, synopsis))
			continue;
		switch (ch) {
		case 'm':
			f.completion.min = number(optarg, "--min-length");
			break;
		case 'M':
			f.completion.max = number(optarg, "--max-length");
			break;
		case 'p':
			f.prompt.min = number(optarg, "--min-prompt-length");
			break;
		case 'P':
			f.prompt.max = number(optarg, "--max-prompt-length");
			break;
		case 'd':
			if (strcmp(optarg, "exact") == 0)
				mode = NX_DEDUP_EXACT;
			else if (strcmp(optarg, "near") == 0)
				mode = NX_DEDUP_NEAR;
			else if (strcmp(optarg, "off") == 0)
				mode = -1;
			else
				nx_cli_bad(synopsis, "--dedup",
				    "exact, near or off", optarg);
			break;
		case 'k':
			if (strcmp(optarg, "prompt") == 0)
				key = NX_DUPES_PROMPT;
			else if (strcmp(optarg, "completion") == 0)
				key = NX_DUPES_COMPLETION;
			else if (strcmp(optarg, "pair") == 0)
				key = NX_DUPES_PAIR;
			else
				nx_cli_bad(synopsis, "--dedup-key",
				    "prompt, completion or pair", optarg);
			break;
		case 't':
			if (nx_cli_real(&threshold, optarg, 0.01, 1) < 0)
				nx_cli_bad(synopsis, "--threshold",
				    "a similarity from 0.01 to 1", optarg);
			break;
		case 'c':
			clusters = optarg;
			break;
		case 'l': {
			char *save = NULL, *tok;

			for (tok = strtok_r(optarg, ",", &save); tok != NULL;
			     tok = strtok_r(NULL, ",", &save)) {
				if (f.lang.n == 16 || strlen(tok) < 2 ||
				    strlen(tok) > 3)
					nx_cli_bad(synopsis, "--lang",
					    "ISO 639-1 codes such as ro,en",
					    tok);
				strcpy(f.lang.list[f.lang.n++], tok);
			}
			f.lang.on = 1;
			break;
		}
		case 'u':
			f.lang.keep_und = 1;
			break;
		case 'A':
			f.lang.annotate = f.lang.on = 1;
			break;
		case 'F':
			if (strcmp(optarg, "pair") == 0)
				f.lang.field = FIELD_PAIR;
			else if (strcmp(optarg, "prompt") == 0)
				f.lang.field = FIELD_PROMPT;
			else if (strcmp(optarg, "completion") == 0)
				f.lang.field = FIELD_COMPLETION;
			else
				nx_cli_bad(synopsis, "--lang-field",
				    "prompt, completion or pair", optarg);
			break;
		case 'q':
			if (nx_cli_real(&f.min_quality, optarg, 0, 1) < 0)
				nx_cli_bad(synopsis, "--min-quality",
				    "a score from 0 to 1", optarg);
			break;
		case 'E':
			f.explain = 1;
			break;
		case 'b':
			blocklist = optarg;
			break;
		case 'I':
			if (strcmp(optarg, "keep") == 0)
				f.pii = PII_KEEP;
			else if (strcmp(optarg, "drop") == 0)
				f.pii = PII_DROP;
			else if (strcmp(optarg, "redact") == 0)
				f.pii = PII_REDACT;
			else
				nx_cli_bad(synopsis, "--pii",
				    "drop, redact or keep", optarg);
			break;
		case 'K':
			if (strcmp(optarg, "first") == 0)
				keep = NX_KEEP_FIRST;
			else if (strcmp(optarg, "longest") == 0)
				keep = NX_KEEP_LONGEST;
			else if (strcmp(optarg, "newest") == 0)
				keep = NX_KEEP_NEWEST;
			else
				nx_cli_bad(synopsis, "--keep",
				    "first, longest or newest", optarg);
			break;
		case 'n':
			seen = optarg;
			break;
		case 'a':
			if (nagainst == sizeof(against) / sizeof(against[0]))
				nx_cli_bad(synopsis, "--against",
				    "at most 16 times", optarg);
			against[nagainst++] = optarg;
			break;
		case 'T':
			tokenizer = optarg;
			break;
		case 'x':
			f.max_tokens = number(optarg, "--max-tokens");
			break;
		case 'W':
			f.turn_tokens = (unsigned)number(optarg, "--turn-tokens");
			if (f.turn_tokens > 1000)
				nx_cli_bad(synopsis, "--turn-tokens",
				    "a number up to 1000", optarg);
			break;
		case 'h':
			return help();
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (f.max_tokens != NO_LIMIT && tokenizer == NULL) {
		nx_warnx("--max-tokens counts with the model's tokenizer: give "
			 "--tokenizer");
		usage();
	}
	f.fmt = opt.fmt;
	f.reformat = opt.reformat;
	f.reasoning = opt.reasoning;
	nx_cli_check_reasoning(&opt, opt.fmt, synopsis);
	f.stats = opt.stats;
	f.max_line = opt.max_line;
	f.rejects.strict = opt.strict;
	if (mode < 0 && (clusters != NULL || nagainst > 0 || seen != NULL)) {
		nx_warnx("--clusters, --against and --seen need --dedup");
		usage();
	}

	distinct(
	    &opt, clusters, seen, blocklist, against, nagainst, argv, argc);
	nx_output_catch_signals();
	if (seen != NULL && nx_output_lock(seen, &err) < 0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	if (f.lang.on)
		nx_lang_init();
	if (blocklist != NULL &&
	    nx_blocklist_load(&f.blocklist, blocklist, &err) < 0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	if (mode >= 0) {
		if (nx_dupes_open(&f.dup, (enum nx_dedup_mode)mode, threshold,
			key, keep,
			opt.rejects != NULL || clusters != NULL || seen != NULL,
			clusters, &err) < 0 ||
		    (seen != NULL &&
			nx_dupes_load_seen(&f.dup, seen, &err) < 0))
			nx_die(NX_EXIT_DATA, "%s", err.msg);
		for (size_t i = 0; i < nagainst; i++)
			if (nx_dupes_against(
				&f.dup, against[i], f.max_line, &err) < 0)
				nx_die(NX_EXIT_DATA, "%s", err.msg);
		f.dedup = 1;
	}
	if (tokenizer != NULL && nx_tokenizer_open(&f.tok, tokenizer, &err) < 0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	nx_stats_init(&f.st);
	f.st.tok = f.tok;
	f.st.turn_tokens = f.turn_tokens;
	f.rejects.stats = &f.st;
	nx_progress_start(&f.rejects.progress, opt.progress);
	if (nx_input_open(&in, argv, argc, f.max_line, NX_INPUT_SCAN, &err) <
		0 ||
	    nx_output_open(&f.out, opt.output, &err) < 0 ||
	    (opt.rejects != NULL &&
		nx_output_open_private(&rjout, opt.rejects, &err) < 0))
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	f.rejects.out = rjout;

	status = filter(&f, in, &err);
	if (status >= 0 && f.dedup &&
	    ((seen != NULL &&
		 nx_output_open_private(&seenout, seen, &err) < 0) ||
		nx_dupes_finish(&f.dup, seenout, &clout, &err) < 0))
		status = -1;

	nx_input_close(in);
	nx_rejects_finish(&f.rejects);
	nx_buf_free(&f.line);
	nx_buf_free(&f.lang.text);
	nx_buf_free(&f.lang.scratch);
	nx_buf_free(&f.scratch);
	nx_buf_free(&f.redp);
	nx_buf_free(&f.redc);
	nx_blocklist_free(f.blocklist);
	nx_quality_free(&f.q);
	if (f.dedup)
		nx_dupes_close(&f.dup);
	if (status < 0) {
		nx_output_abort(f.out);
		nx_output_abort(rjout);
		nx_output_abort(clout);
		nx_output_abort(seenout);
		if (err.errnum == EPIPE) /* the reader left: quietly */
			exit(NX_EXIT_OK);
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	}
	/* The index last: it is committed only with every output. */
	outs[0] = f.out;
	outs[1] = rjout;
	outs[2] = clout;
	outs[3] = seenout;
	if (nx_output_commit_all(outs, 4, &err) < 0) {
		if (err.errnum == EPIPE)
			exit(status);
		nx_warnx("%s", err.msg);
		status = NX_EXIT_DATA;
	}
	if (f.stats)
		nx_stats_print(&f.st, nx_progname(), stderr);
	if (f.stats && f.tool_turns > 0)
		fprintf(stderr,
		    "%s: %llu tool calls and results left out of the records "
		    "written anew\n",
		    nx_progname(), f.tool_turns);
	nx_stats_free(&f.st);
	nx_tokenizer_free(f.tok);
	return status;
}
