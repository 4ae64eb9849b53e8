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

#include "cli.h"
#include "diag.h"
#include "err.h"
#include "input.h"
#include "output.h"
#include "splitter.h"

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

/* --- what is said at the end ------------------------------------------- */

/* The near twins across train and the other files, named; how many. */
static unsigned long long
near_leaks(const struct nx_splitter *s)
{
	unsigned long long n = 0;

	for (size_t i = 0; i < s->nleaks; i++) {
		const struct nx_split_leak *l = &s->leaks[i];

		nx_warnx("leakage: %s:%llu is a near twin of %s:%llu (%s, "
			 "similarity %.2f)",
		    s->side[NX_SPLITTER_SIDE(l->record)].path,
		    (unsigned long long)NX_SPLITTER_LINE(l->record),
		    s->side[0].path, (unsigned long long)NX_SPLITTER_LINE(l->train),
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

static void
print_table(const struct nx_splitter *s)
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
	if (s->kind > (int)NX_KIND_REPLY) /* pairs, labelled completions */
		fprintf(stderr, "%s: the files hold %s\n", nx_progname(),
		    nx_target_kind_name((enum nx_kind)s->kind));
	fprintf(stderr, "%s: read %llu, rejected %llu", nx_progname(),
	    s->st.read, s->st.rejected);
	for (size_t i = 0; i < s->st.nreasons; i++)
		fprintf(stderr, "%s%s %llu", i ? ", " : " (",
		    s->st.reasons[i].reason, s->st.reasons[i].count);
	fprintf(stderr, "%s\n", s->st.nreasons ? ")" : "");
}

/* --target: the fields of two JSON types, before they are made one. */
static void
warn_types(const struct nx_splitter *s)
{
	struct nx_buf names = NX_BUF_INIT;

	if (nx_schema_conflicts(s->schema, &names, 1) > 0)
		nx_warnx("%s: several JSON types across the records; kept as "
			 "they are (the trainer reads each line as JSON)",
		    names.data);
	if (nx_schema_conflicts(s->schema, &names, 0) > 0)
		nx_warnx("%s: several JSON types across the records; written as "
			 "strings in every file", names.data);
	nx_buf_free(&names);
}

/*
 * The files beside the data: the dataset card in an -d folder, and for
 * LLaMA-Factory its dataset_info.json.
 */
static int
write_card(struct nx_splitter *s, int argc, char **argv, struct nx_error *err)
{
	int rc = 0;

	if (nx_splitter_card(s, argc, argv, err) < 0)
		return -1;
	if (s->dir_given && (rc = nx_card_write(&s->card, err)) == 0)
		nx_warnx("%s/README.md is not a nova-export dataset card: "
			 "left as it is", s->dir);
	if (rc >= 0 && s->target != NULL && s->target->fmt == NX_FORMAT_SHAREGPT)
		rc = nx_card_llamafactory(&s->card, err);
	return rc < 0 ? -1 : 0;
}

/* --- the run --------------------------------------------------------------- */

/* The options into s and opt; a bad call ends in usage().  Returns optind. */
static int
parse(struct nx_splitter *s, struct nx_cli_common *opt, int argc, char **argv)
{
	struct nx_error err;
	unsigned long long v;
	double ratio;
	int ch;

	while ((ch = nx_cli_getopt(argc, argv, "d:", options)) != -1) {
		if (nx_cli_common(opt, ch, synopsis))
			continue;
		switch (ch) {
		case 'd':
			s->dir = optarg;
			s->dir_given = 1;
			break;
		case 'k' + 256:
			s->no_card = 1;
			break;
		case '0':
		case '1':
		case '2':
			s->paths[ch - '0'] = optarg;
			break;
		case 'r':
			if (nx_cli_real(&ratio, optarg, 0, 1) < 0 ||
			    !(ratio > 0 && ratio < 1))
				nx_cli_bad(synopsis, "--ratio",
				    "a share between 0 and 1", optarg);
			s->sp.nsides = 2;
			s->sp.cut[0] = ratio;
			s->sp.cut[1] = 1.0;
			break;
		case 'R':
			if (nx_split_ratios(&s->sp, optarg) < 0)
				nx_cli_bad(synopsis, "--ratios",
				    "2 or 3 positive shares", optarg);
			break;
		case 'n':
			s->namelist = optarg;
			break;
		case 'b':
			if (strcmp(optarg, "prompt") == 0)
				s->sp.by = NX_SPLIT_PROMPT;
			else if (strcmp(optarg, "pair") == 0)
				s->sp.by = NX_SPLIT_PAIR;
			else if (strcmp(optarg, "cluster") == 0)
				s->sp.by = NX_SPLIT_CLUSTER;
			else if (strncmp(optarg, "group:", 6) == 0 &&
			    optarg[6] != '\0') {
				s->sp.by = NX_SPLIT_GROUP;
				s->sp.group = optarg + 6;
			} else
				nx_cli_bad(synopsis, "--by",
				    "prompt, pair, group:FIELD or cluster",
				    optarg);
			break;
		case 'C':
			s->clusters = optarg;
			break;
		case 'x' + 256:
			if (nx_shares_add(&s->shares, optarg) < 0)
				nx_cli_bad(synopsis, "--max-share",
				    "FIELD=VALUE:SHARE (at most 4)", optarg);
			break;
		case 's':
			if (nx_cli_number(&v, optarg, UINT64_MAX) < 0)
				nx_cli_bad(
				    synopsis, "--seed", "a number", optarg);
			s->sp.seed = v;
			break;
		case 'S':
			s->shuffle = 1;
			break;
		case 'y':
			if (nx_strata_parse(&s->strata, optarg) < 0)
				nx_cli_bad(synopsis, "--stratify",
				    "lang, source or "
				    "metadata.FIELD",
				    optarg);
			break;
		case 'm':
			if (nx_cli_number(&s->min_valid, optarg, UINT32_MAX) < 0)
				nx_cli_bad(synopsis, "--min-valid", "a number",
				    optarg);
			break;
		case 't':
			s->target = nx_target_get(
			    nx_cli_choose(options, ch, synopsis));
			break;
		case 'c':
			s->check_leakage = 1;
			break;
		case 'J':
			s->report = optarg;
			break;
		case 'N':
			if (nx_cli_number(&v, optarg, NX_SHARDS_MAX) < 0 || v < 2)
				nx_cli_bad(synopsis, "--shards",
				    "a number from 2 to 256", optarg);
			s->shards = (int)v;
			break;
		case 'T':
			s->tokenizer = optarg;
			break;
		case 'A':
			s->annotate = 1;
			break;
		case 'W':
			if (nx_cli_number(&v, optarg, 1000) < 0)
				nx_cli_bad(synopsis, "--turn-tokens",
				    "a number up to 1000", optarg);
			s->turn_tokens = (unsigned)v;
			break;
		case 'h':
			exit(nx_cli_help(
			    synopsis, "d:", options, "jsonl-split(1)"));
		default:
			usage();
		}
	}
	s->fmt = opt->fmt;
	s->reformat = opt->reformat;
	s->reasoning = opt->reasoning;
	s->stats = opt->stats;
	s->rejects.strict = opt->strict;
	if (nx_splitter_check(s, &err) < 0) {
		nx_warnx("%s", err.msg);
		usage();
	}
	if (nx_splitter_setup(s, &err) < 0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	nx_cli_check_reasoning(opt, s->fmt, synopsis);
	if (nx_splitter_names(s, &err) < 0) {
		nx_warnx("%s", err.msg);
		usage();
	}
	return optind;
}

/* Outputs that are distinct and a folder for them, the tokenizer. */
static void
prepare(struct nx_splitter *s, const struct nx_cli_common *opt, char **argv,
    int argc)
{
	struct nx_tokenizer *tok = NULL;
	struct nx_error err;

	if (s->clusters != NULL &&
	    nx_split_clusters_load(&s->sp, s->clusters, &err) < 0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	/* The folder itself is made if missing (not its parents). */
	if (mkdir(s->dir, 0777) < 0 && errno != EEXIST)
		nx_die(NX_EXIT_DATA, "mkdir %s: %s", s->dir, strerror(errno));
	if (nx_splitter_distinct(s, opt->rejects, argv, argc, &err) < 0)
		nx_die(err.errnum == ENOMEM ? NX_EXIT_DATA : NX_EXIT_USAGE, "%s",
		    err.msg);
	nx_output_catch_signals();
	if (s->tokenizer != NULL &&
	    nx_tokenizer_open(&tok, s->tokenizer, &err) < 0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	nx_splitter_start(s, tok);
	nx_progress_start(&s->rejects.progress, opt->progress);
}

/* --shards: the input into the shards; the exit status. */
static int
shard(struct nx_splitter *s, struct nx_input *in, struct nx_output *rjout,
    int status)
{
	struct nx_shards *sh;
	struct nx_output **outs;
	struct nx_error err;
	size_t n;
	int rc;

	if (nx_shards_open(&sh, s->dir, s->shards, &err) < 0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	rc = nx_splitter_shard(s, sh, in, &status, &err);
	nx_input_close(in);
	nx_rejects_finish(&s->rejects);
	outs = nx_shards_outputs(sh, rjout, &n);
	status = nx_output_end(outs, n, rc < 0 ? -1 : status, status, &err);
	nx_shards_free(sh);
	if (s->stats)
		nx_stats_print(&s->st, nx_progname(), stderr);
	return status;
}

/* The files of the split, from the input; kept only if all went well. */
static void
split(struct nx_splitter *s, struct nx_input *in, struct nx_output *rjout,
    int *status)
{
	struct nx_output *outs[NX_SPLIT_MAX_SIDES + 1] = {NULL};
	struct nx_error err;
	int rc = nx_splitter_place(s, in, status, &err);

	if (rc == 0 && s->schema != NULL) {
		warn_types(s);
		rc = nx_splitter_unify(s, &err);
	}
	if (rc == 0)
		rc = nx_splitter_check_sizes(s, &err);
	nx_input_close(in);
	nx_rejects_finish(&s->rejects);
	for (int i = 0; i < s->sp.nsides; i++)
		outs[i] = s->side[i].out;
	outs[s->sp.nsides] = rjout;
	if (rc < 0) {
		for (int i = 0; i <= s->sp.nsides; i++)
			nx_output_abort(outs[i]);
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	}
	if (nx_output_commit_all(outs, (size_t)s->sp.nsides + 1, &err) < 0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
}

/* What the split says at the end: warnings, the card, the table, the
 * report, leakage.  Returns the exit status. */
static int
conclude(struct nx_splitter *s, int status, int argc, char **argv)
{
	struct nx_error err;

	if (s->fallbacks > 0)
		nx_warnx("%llu records had no %s%s and were placed by their "
			 "prompt",
		    s->fallbacks,
		    s->sp.by == NX_SPLIT_CLUSTER ? "cluster" : "metadata.",
		    s->sp.by == NX_SPLIT_CLUSTER ? "" : s->sp.group);
	if (s->converted > 0)
		nx_warnx("mixed input: %llu records not in the first record's "
			 "shape were written as %s, one shape a file",
		    s->converted, nx_splitter_shape_format(s->shape));
	/* A split drops nothing on purpose: what it could not write is
	 * said, and a run that wrote nothing failed. */
	if (s->st.written == 0 && s->st.rejected > 0) {
		nx_warnx("nothing written: all %llu records read were rejected "
			 "(--stats counts why, --rejects keeps them)",
		    s->st.rejected);
		status = NX_EXIT_DATA;
	} else if (s->st.rejected > 0 && !s->stats)
		nx_warnx("%llu records not written (--stats counts why, "
			 "--rejects keeps them)",
		    s->st.rejected);
	if (s->side[1].st.written == 0 && s->min_valid > 0 &&
	    (s->st.written > 0 || s->st.rejected == 0))
		nx_warnx("%s is empty: %llu records are too few to split",
		    s->side[1].path, s->st.written);
	if (!s->no_card && (s->dir_given || (s->target != NULL &&
				     s->target->fmt == NX_FORMAT_SHAREGPT)) &&
	    write_card(s, argc, argv, &err) < 0) {
		nx_warnx("%s", err.msg);
		status = NX_EXIT_DATA;
	}
	if (s->stats)
		print_table(s);
	if (s->report != NULL && nx_splitter_report(s, s->report, &err) < 0) {
		nx_warnx("%s", err.msg);
		status = NX_EXIT_DATA;
	}
	if (s->check_leakage) {
		unsigned long long n = nx_splitter_leaked(s);

		if (n > 0) {
			nx_warnx("leakage: %llu prompts are in %s and in "
				 "another file",
			    n, s->side[0].path);
			status = NX_EXIT_DATA;
		}
		if (near_leaks(s) > 0)
			status = NX_EXIT_DATA;
	}
	return status;
}

int
main(int argc, char *argv[])
{
	struct nx_cli_common opt = {.fmt = NX_FORMAT_NEUTRAL};
	struct nx_splitter s;
	struct nx_output *rjout = NULL;
	struct nx_input *in = NULL;
	struct nx_error err;
	int status = NX_EXIT_OK, nargs;
	char **args;

	nx_setprogname(argv);
	nx_splitter_init(&s);
	nargs = parse(&s, &opt, argc, argv);
	args = argv + nargs;
	nargs = argc - nargs;
	prepare(&s, &opt, args, nargs);
	if (s.shards == 0 && nx_splitter_open(&s, &err) < 0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	if (nx_input_open(&in, args, nargs, opt.max_line, NX_INPUT_SCAN, &err) <
		0 ||
	    (opt.rejects != NULL &&
		nx_output_open_private(&rjout, opt.rejects, &err) < 0))
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	s.rejects.out = rjout;
	if (s.shards > 0)
		status = shard(&s, in, rjout, status);
	else {
		split(&s, in, rjout, &status);
		status = conclude(&s, status, argc, argv);
	}
	nx_tokenizer_free(s.tok);
	nx_splitter_free(&s);
	return status;
}
