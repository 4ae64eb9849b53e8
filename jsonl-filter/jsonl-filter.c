/*
 * jsonl-filter: keep the records of a JSONL stream that pass every filter,
 * optionally converting them to another format.  The filters are the
 * stages of one run (lib/tool/stage.h), built from the options in the
 * order a record meets them: pair, length, lang, quality, safety, dedup.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annotate.h"
#include "cli.h"
#include "diag.h"
#include "dupes.h"
#include "err.h"
#include "format.h"
#include "input.h"
#include "output.h"
#include "reject.h"
#include "run.h"
#include "safety.h"
#include "stage.h"
#include "stats.h"
#include "tokenizer.h"

enum pii_policy { PII_KEEP, PII_DROP, PII_REDACT };

/* What the command line asks for. */
struct options {
	struct nx_cli_common c;
	struct nx_judges j; /* the stages' own */
	const char *tokenizer;
	int annotate;
	const char *blocklist;
	enum pii_policy pii;
	int mode; /* an nx_dedup_mode, or -1: no dedup */
	enum nx_dupes_key key;
	enum nx_dupes_keep keep;
	double threshold;
	const char *clusters, *seen;
	char *against[16];
	size_t nagainst;
};

/* What a kept record becomes, and where it goes. */
struct filter {
	int reformat, stats;
	enum nx_format fmt;
	enum nx_reasoning reasoning;
	struct nx_annotate an;	       /* its tok: --tokenizer, or NULL */
	unsigned long long tool_turns; /* left out of records written anew */
	struct nx_buf line;
	struct nx_output *out;
	struct nx_rejects rejects;
	struct nx_stats st;
};

static const struct nx_cli_choice dedup_modes[] = {
    {"exact", NX_DEDUP_EXACT}, {"near", NX_DEDUP_NEAR}, {"off", -1},
    {NULL, 0}};
static const struct nx_cli_choice dedup_keys[] = {{"prompt", NX_DUPES_PROMPT},
    {"completion", NX_DUPES_COMPLETION}, {"pair", NX_DUPES_PAIR},
    {NULL, 0}};
static const struct nx_cli_choice keeps[] = {{"first", NX_KEEP_FIRST},
    {"longest", NX_KEEP_LONGEST}, {"newest", NX_KEEP_NEWEST}, {NULL, 0}};
static const struct nx_cli_choice lang_fields[] = {{"pair", NX_LANG_PAIR},
    {"prompt", NX_LANG_PROMPT}, {"completion", NX_LANG_COMPLETION}, {NULL, 0}};
static const struct nx_cli_choice pii_policies[] = {{"drop", PII_DROP},
    {"redact", PII_REDACT}, {"keep", PII_KEEP}, {NULL, 0}};

static const struct nx_cli_option options[] = {
    NX_CLI_OUTPUT,
    NX_CLI_FORMAT,
    NX_CLI_REASONING,
    {"min-length", 'm', "N", NULL, "drop completions under N characters"},
    {"max-length", 'M', "N", NULL, "drop completions over N characters"},
    {"min-prompt-length", 'p', "N", NULL, "drop prompts under N characters"},
    {"max-prompt-length", 'P', "N", NULL, "drop prompts over N characters"},
    NX_CLI_REJECTS,
    NX_CLI_STRICT,
    NX_CLI_STATS,
    NX_CLI_MAX_LINE,
    {"dedup", 'd', NULL, dedup_modes, "drop duplicates (default off)"},
    {"dedup-key", 'k', NULL, dedup_keys,
        "what makes two records the same (default prompt)"},
    {"threshold", 't', "J", NULL,
        "near dedup: texts this similar are the same\n"
        "(default 0.8)"},
    {"clusters", 'c', "FILE", NULL, "write each record's near-duplicate group"},
    {"against", 'a', "FILE", NULL,
        "drop records whose key is in FILE (up to 16\n"
        "times)"},
    {"seen", 'n', "FILE", NULL,
        "the dedup index of earlier runs: read, then\n"
        "saved anew"},
    {"keep", 'K', NULL, keeps, "which of the duplicates stays (default first)"},
    {"lang", 'l', "LIST", NULL, "keep these languages only (ro,en)"},
    {"keep-und", 'u', NULL, NULL, "with --lang: keep texts of no known language"},
    {"annotate", 'A', NULL, NULL, "write metadata.lang (and tokens, quality)"},
    {"lang-field", 'F', NULL, lang_fields,
        "the text whose language counts (default pair)"},
    {"min-quality", 'q', "Q", NULL, "drop pairs scoring under Q (0 to 1)"},
    {"explain", 'E', NULL, NULL, "write each record's quality scores"},
    {"blocklist", 'b', "FILE", NULL, "drop pairs holding a word of FILE"},
    {"pii", 'I', NULL, pii_policies, "personal data (default keep)"},
    {"tokenizer", 'T', "PATH", NULL,
        "count tokens with this tokenizer.json or .model\n"
        "(or their folder)"},
    {"max-tokens", 'x', "N", NULL, "drop records over N tokens (needs --tokenizer)"},
    {"turn-tokens", 'W', "N", NULL,
        "a chat template's tokens a message (default 5)"},
    NX_CLI_LAST,
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

static unsigned long long
number(const char *arg, const char *opt)
{
	unsigned long long v;

	if (nx_cli_number(&v, arg, NX_NO_LIMIT - 1) < 0)
		nx_cli_bad(synopsis, opt, "a number", arg);
	return v;
}

/* The options into o; returns the index of the first operand. */
static int
parse(struct options *o, int argc, char *argv[])
{
	int ch;

	while ((ch = nx_cli_getopt(argc, argv, "o:", options)) != -1) {
		if (nx_cli_common(&o->c, ch, synopsis))
			continue;
		switch (ch) {
		case 'm':
			o->j.cmin = number(optarg, "--min-length");
			break;
		case 'M':
			o->j.cmax = number(optarg, "--max-length");
			break;
		case 'p':
			o->j.pmin = number(optarg, "--min-prompt-length");
			break;
		case 'P':
			o->j.pmax = number(optarg, "--max-prompt-length");
			break;
		case 'd':
			o->mode = nx_cli_choose(options, ch, synopsis);
			break;
		case 'k':
			o->key = (enum nx_dupes_key)nx_cli_choose(
			    options, ch, synopsis);
			break;
		case 't':
			if (nx_cli_real(&o->threshold, optarg, 0.01, 1) < 0)
				nx_cli_bad(synopsis, "--threshold",
				    "a similarity from 0.01 to 1", optarg);
			break;
		case 'c':
			o->clusters = optarg;
			break;
		case 'l': {
			char *save = NULL, *tok;

			for (tok = strtok_r(optarg, ",", &save); tok != NULL;
			     tok = strtok_r(NULL, ",", &save)) {
				if (o->j.nlangs == 16 || strlen(tok) < 2 ||
				    strlen(tok) > 3)
					nx_cli_bad(synopsis, "--lang",
					    "ISO 639-1 codes such as ro,en",
					    tok);
				strcpy(o->j.langs[o->j.nlangs++], tok);
			}
			o->j.lang = 1;
			break;
		}
		case 'u':
			o->j.keep_und = 1;
			break;
		case 'A':
			o->annotate = o->j.lang = 1;
			break;
		case 'F':
			o->j.lang_field = (enum nx_lang_field)nx_cli_choose(
			    options, ch, synopsis);
			break;
		case 'q':
			if (nx_cli_real(&o->j.min_quality, optarg, 0, 1) < 0)
				nx_cli_bad(synopsis, "--min-quality",
				    "a score from 0 to 1", optarg);
			break;
		case 'E':
			o->j.explain = 1;
			break;
		case 'b':
			o->blocklist = optarg;
			break;
		case 'I':
			o->pii = (enum pii_policy)nx_cli_choose(
			    options, ch, synopsis);
			o->j.pii_drop = o->pii == PII_DROP;
			break;
		case 'K':
			o->keep = (enum nx_dupes_keep)nx_cli_choose(
			    options, ch, synopsis);
			break;
		case 'n':
			o->seen = optarg;
			break;
		case 'a':
			if (o->nagainst == 16)
				nx_cli_bad(synopsis, "--against",
				    "at most 16 times", optarg);
			o->against[o->nagainst++] = optarg;
			break;
		case 'T':
			o->tokenizer = optarg;
			break;
		case 'x':
			o->j.max_tokens = number(optarg, "--max-tokens");
			break;
		case 'W':
			o->j.turn_tokens =
			    (unsigned)number(optarg, "--turn-tokens");
			if (o->j.turn_tokens > 1000)
				nx_cli_bad(synopsis, "--turn-tokens",
				    "a number up to 1000", optarg);
			break;
		case 'h':
			exit(nx_cli_help(
			    synopsis, "o:", options, "jsonl-filter(1)"));
		default:
			usage();
		}
	}
	if (o->j.max_tokens != NX_NO_LIMIT && o->tokenizer == NULL) {
		nx_warnx("--max-tokens counts with the model's tokenizer: give "
			 "--tokenizer");
		usage();
	}
	nx_cli_check_reasoning(&o->c, o->c.fmt, synopsis);
	if (o->mode < 0 &&
	    (o->clusters != NULL || o->nagainst > 0 || o->seen != NULL)) {
		nx_warnx("--clusters, --against and --seen need --dedup");
		usage();
	}
	return optind;
}

/* A record the writer cannot write as asked: bad input, "format". */
static int
unwritable(struct filter *f, const struct nx_record *rec,
    const struct nx_where *w, struct nx_error *err)
{
	struct nx_reject r = {"format", w->file, w->line, err->msg, NULL};

	return nx_rejects_add(&f->rejects, &r, rec, w->raw, w->rawlen, 1, err);
}

/* The run's writer: rec as read, or as prepare makes it. */
static int
emit(void *ctx, const struct nx_record *rec, const struct nx_facts *facts,
    const struct nx_where *w, struct nx_error *err)
{
	struct filter *f = ctx;
	FILE *fp = nx_output_stream(f->out);
	struct nx_record copy;
	json_t *meta, *lang = NULL;
	int changed = nx_annotate_record(&f->an, rec, facts, &copy, &meta, err);
	int rc = 0;

	if (changed < 0)
		return -1;
	if (changed == NX_ANNOTATE_CANNOT)
		return unwritable(f, rec, w, err);
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
			json_decref(meta);
			return unwritable(f, rec, w, err);
		}
		if (fwrite(f->line.data, 1, f->line.len, fp) != f->line.len)
			rc = nx_error_sys(
			    err, "write %s", nx_output_name(f->out));
	} else if (fwrite(w->raw, 1, w->rawlen, fp) != w->rawlen ||
	    putc('\n', fp) == EOF)
		rc = nx_error_sys(err, "write %s", nx_output_name(f->out));
	/* --stats: the language mix, from what was detected. */
	if (rc == 0 && facts->lang[0] != '\0' && meta == NULL) {
		lang = json_pack("{s:s}", "lang", facts->lang);
		copy.metadata = lang;
	}
	if (rc == 0 && f->stats)
		nx_stats_written(&f->st, &copy);
	else if (rc == 0)
		f->st.written++;
	json_decref(lang);
	json_decref(meta);
	return rc;
}

/* The dedup index, with what --seen and --against put in it first. */
static int
open_dupes(struct nx_dupes *dup, const struct options *o, int labelled,
    size_t max_line, struct nx_error *err)
{
	if (nx_dupes_open(dup, (enum nx_dedup_mode)o->mode, o->threshold,
		o->key, o->keep, labelled, o->clusters, err) < 0 ||
	    (o->seen != NULL && nx_dupes_load_seen(dup, o->seen, err) < 0))
		return -1;
	for (size_t i = 0; i < o->nagainst; i++)
		if (nx_dupes_against(dup, o->against[i], max_line, err) < 0)
			return -1;
	return 0;
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

/* The filter's state from the options: what a kept record becomes. */
static void
filter_init(struct filter *f, const struct options *o)
{
	*f = (struct filter){.reformat = o->c.reformat,
	    .stats = o->c.stats,
	    .fmt = o->c.fmt,
	    .reasoning = o->c.reasoning,
	    .an = {.annotate = o->annotate,
		.explain = o->j.explain,
		.redact = o->pii == PII_REDACT,
		.turn_tokens = o->j.turn_tokens},
	    .line = NX_BUF_INIT};
	f->rejects.strict = o->c.strict;
}

/* Everything the stages need, and the stages; exits on failure. */
static void
build(struct nx_run *run, struct filter *f, const struct options *o,
    struct nx_dupes *dup, struct nx_blocklist **bl)
{
	struct nx_error err;

	if ((o->seen != NULL && nx_output_lock(o->seen, &err) < 0) ||
	    (o->blocklist != NULL &&
		nx_blocklist_load(bl, o->blocklist, &err) < 0) ||
	    (o->mode >= 0 &&
		open_dupes(dup, o,
		    o->c.rejects != NULL || o->clusters || o->seen,
		    o->c.max_line, &err) < 0) ||
	    (o->tokenizer != NULL &&
		nx_tokenizer_open(&f->an.tok, o->tokenizer, &err) < 0) ||
	    nx_stages_add(run, &o->j, f->an.tok, *bl, o->mode >= 0 ? dup : NULL,
		&err) < 0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	nx_stats_init(&f->st);
	f->st.tok = f->an.tok;
	f->st.turn_tokens = o->j.turn_tokens;
	f->rejects.stats = &f->st;
}

/* --stats: the summary, and the tool turns left out. */
static void
report(const struct filter *f)
{
	if (!f->stats)
		return;
	nx_stats_print(&f->st, nx_progname(), stderr);
	if (f->tool_turns > 0)
		fprintf(stderr,
		    "%s: %llu tool calls and results left out of the records "
		    "written anew\n",
		    nx_progname(), f->tool_turns);
}

int
main(int argc, char *argv[])
{
	struct options o = {.c = {.fmt = NX_FORMAT_NEUTRAL},
	    .j = {.cmax = NX_NO_LIMIT,
		.pmax = NX_NO_LIMIT,
		.max_tokens = NX_NO_LIMIT,
		.turn_tokens = NX_TOKENS_TURN_DEFAULT,
		.min_quality = -1},
	    .mode = -1,
	    .threshold = 0.8};
	struct filter f;
	struct nx_run run = {.rejects = &f.rejects, .write = emit, .ctx = &f};
	struct nx_dupes dup;
	struct nx_blocklist *bl = NULL;
	struct nx_output *outs[4] = {NULL}; /* -o, --rejects, clusters, seen */
	struct nx_input *in = NULL;
	struct nx_error err;
	int ops, status;

	nx_setprogname(argv);
	ops = parse(&o, argc, argv);
	filter_init(&f, &o);
	distinct(&o.c, o.clusters, o.seen, o.blocklist, o.against, o.nagainst,
	    argv + ops, argc - ops);
	nx_output_catch_signals();
	build(&run, &f, &o, &dup, &bl);
	nx_progress_start(&f.rejects.progress, o.c.progress);
	if (nx_input_open(&in, argv + ops, argc - ops, o.c.max_line,
		NX_INPUT_SCAN, &err) < 0 ||
	    nx_output_open(&outs[0], o.c.output, &err) < 0 ||
	    (o.c.rejects != NULL &&
		nx_output_open_private(&outs[1], o.c.rejects, &err) < 0))
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	f.out = outs[0];
	f.rejects.out = outs[1];

	status = nx_run_input(&run, in, &err);
	if (status >= 0 && o.mode >= 0 &&
	    ((o.seen != NULL &&
		 nx_output_open_private(&outs[3], o.seen, &err) < 0) ||
		nx_dupes_finish(&dup, outs[3], &outs[2], &err) < 0))
		status = -1;
	nx_input_close(in);
	nx_rejects_finish(&f.rejects);
	nx_run_free(&run);
	if (o.mode >= 0)
		nx_dupes_close(&dup);
	nx_blocklist_free(bl);
	nx_buf_free(&f.line);
	nx_annotate_free(&f.an);
	status = nx_output_end(outs, 4, status, run.status, &err);
	report(&f);
	nx_stats_free(&f.st);
	nx_tokenizer_free(f.an.tok);
	return status;
}
