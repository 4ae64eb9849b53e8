/*
 * conv2jsonl: user→assistant pairs out of saved conversations — Nova's
 * session files and the common chat exports — as neutral records.
 *
 * Files are read in sorted order, each once.  By default conversations are
 * kept aside in a temporary file until all are read, so that snapshots (the
 * same session saved again, or a conversation that another one continues)
 * give every pair once, from the latest save; then the pairs are written.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "conv.h"
#include "convread.h"
#include "diag.h"
#include "err.h"
#include "files.h"
#include "format.h"
#include "output.h"
#include "pairs.h"
#include "prefer.h"
#include "progress.h"
#include "reader.h"
#include "reject.h"
#include "run.h"
#include "snapshot.h"
#include "spool.h"
#include "stats.h"
#include "zip.h"

#define DEFAULT_DIR "data/conversations"
/* The seed's conversation export's system prompt (the cache's is shorter). */
#define DEFAULT_SYSTEM                                                         \
	"You are NOVA, a helpful AI assistant created by Cezar (Grădinarul) " \
	"and Sora."
/* The seed's default: answers under 50 characters teach little. */
#define DEFAULT_MIN_LENGTH 50

struct conv2 {
	int snapshots, lenient, preferences;
	char *dirs[64]; /* of -D */
	int ndirs;
	unsigned long long min_length;
	struct nx_pairs pairs; /* the options of the records, their sinks */
	struct nx_files files;
	struct nx_snapshots snaps; /* by conversation, in reading order */
	struct nx_spool *spool;	   /* the conversations, kept aside */
	struct nx_buf packed;
	struct nx_output *out, *rjout;
	struct nx_rejects rejects;
	struct nx_stats st;
	unsigned long long convs, skipped, dropped, cites;
	struct nx_conv conv; /* the kept conversations' */
	struct nx_convread rd;
	struct nx_prefer prefer;
	const struct nx_conv_where *at; /* the conversation being read */
	int status;
};

static const struct nx_cli_choice modes[] = {
    {"pairs", 0}, {"dialog", 1}, {NULL, 0}};
static const struct nx_cli_choice preferences[] = {
    {"pairs", NX_PREFER_PAIRS}, {"kto", NX_PREFER_KTO}, {NULL, 0}};

static const struct nx_cli_option options[] = {
    {"conversations-dir", 'D', "DIR", NULL,
        "the conversations (default " DEFAULT_DIR ")"},
    {"mode", 'M', NULL, modes,
        "a record a reply (default) or a conversation"},
    {"context", 'C', "N", NULL, "attach up to N earlier turns to each pair"},
    {"preferences", 'P', NULL, preferences,
        "the replies a user preferred, as pairs (DPO), or\n"
        "the replies rated, labelled (KTO)"},
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
    "                  [--preferences pairs | kto]\n"
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

/* A conversation as read: its pairs now. */
static int
emit(void *ctx, const struct nx_conv_where *w, const struct nx_conv *c)
{
	struct conv2 *cv = ctx;

	cv->convs++;
	cv->skipped += c->skipped;
	cv->cites += c->cites;
	return nx_pairs_write(&cv->pairs, w, c);
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
keep(void *ctx, const struct nx_conv_where *w, const struct nx_conv *c)
{
	struct conv2 *cv = ctx;
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
		struct nx_conv_where w;

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
		w = (struct nx_conv_where){
		    &cv->files.v[k.file], k.line, k.index, k.many, NULL};
		nx_pairs_write(&cv->pairs, &w, &cv->conv);
	}
}

/* A preference record of the conversation at cv->at: judged, written. */
static int
put_preference(void *arg, const struct nx_record *rec)
{
	struct conv2 *cv = arg;

	nx_pairs_put(&cv->pairs, rec, cv->at->f->name, cv->at->line);
	return 0;
}

/* A conversation as read: its preferences (nx_prefer says which). */
static int
prefer(void *ctx, const struct nx_conv_where *w, const struct nx_conv *c)
{
	struct conv2 *cv = ctx;
	const struct nx_file *f = w->f;
	struct nx_prefer_where pw = {f->name, f->path, f->entry,
	    w->line > 0 ? w->line : w->many ? w->index : -1};
	struct nx_error err;

	cv->convs++;
	cv->skipped += c->skipped;
	cv->cites += c->cites;
	cv->at = w;
	if (c->turns.ncontext == 0)
		cv->pairs.empty++;
	if (strcmp(f->path, "-") != 0 &&
	    nx_prefer_feedback(&cv->prefer, &pw, &err) < 0 &&
	    nx_convread_reject(&cv->rd, "feedback", cv->prefer.feedback.data,
		0, err.msg, NULL, 0, 1) < 0)
		return -1;
	if (strcmp(f->path, "-") != 0 &&
	    nx_prefer_comparisons(&cv->prefer, &pw, put_preference, cv, &err) <
		0 &&
	    nx_convread_reject(&cv->rd, "feedback", cv->prefer.feedback.data,
		0, err.msg, NULL, 0, 1) < 0)
		return -1;
	if (w->root == NULL) /* one path, as the fast path reads */
		return 0;
	if (nx_prefer_read(&cv->prefer, w->root, w->index, &pw, put_preference,
		cv, &err) < 0)
		return nx_convread_reject(&cv->rd, "conversation", f->name,
		    w->line, err.msg, NULL, 0, 1);
	return 0;
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
			rc = nx_convread_zip(&cv->rd, &cv->files, i);
		else if (!cv->preferences ||
		    !nx_prefer_is_feedback(cv->files.v[i].name)) /* beside */
			rc = nx_convread_file(&cv->rd, &cv->files.v[i]);
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
	if (cv->preferences) /* pairs' counts of the shown paths */
		fprintf(stderr,
		    "%s: %llu conversations: %llu empty; on their shown "
		    "paths %llu non-text parts or turns skipped, %llu "
		    "citation markers removed\n",
		    nx_progname(), cv->convs, cv->pairs.empty, cv->skipped,
		    cv->cites);
	else
		fprintf(stderr,
		    "%s: %llu conversations: %llu earlier saves left out, "
		    "%llu empty, %llu ending without a reply; %llu non-text "
		    "parts or turns skipped; %llu citation markers removed\n",
		    nx_progname(), cv->convs, cv->dropped, cv->pairs.empty,
		    cv->pairs.unanswered, cv->skipped, cv->cites);
	for (int w = 0; cv->preferences && w < NX_PREFER_WEAK_N; w++)
		if (cv->prefer.weak[w] > 0)
			fprintf(stderr, "%s: %llu not written: %s\n",
			    nx_progname(), cv->prefer.weak[w],
			    nx_prefer_weak_name((enum nx_prefer_weak)w));
	if (cv->preferences && cv->prefer.rated > 0)
		fprintf(stderr, "%s: %llu ratings read from feedback files\n",
		    nx_progname(), cv->prefer.rated);
	if (cv->preferences && cv->prefer.rated > cv->prefer.found)
		fprintf(stderr,
		    "%s: %llu ratings name no reply in the conversations read "
		    "(a user's turn, or a message or conversation not there): "
		    "not used\n",
		    nx_progname(), cv->prefer.rated - cv->prefer.found);
	if (cv->preferences && cv->prefer.torn > 0)
		fprintf(stderr,
		    "%s: %llu messages rated both up and down in feedback "
		    "files: neither rating used\n",
		    nx_progname(), cv->prefer.torn);
	if (cv->pairs.tool_turns > 0)
		fprintf(stderr,
		    "%s: %llu tool calls and results left out of the records "
		    "(the %s format has no place for them)\n",
		    nx_progname(), cv->pairs.tool_turns,
		    nx_format_name(cv->pairs.fmt));
}

/*
 * The options into cv and opt (the folders of -D into cv->dirs), and the
 * parts of the run made from them; a bad one ends with the usage.
 */
static void
get_options(
    struct conv2 *cv, struct nx_cli_common *opt, int argc, char *argv[])
{
	unsigned long long v;
	struct nx_error err;
	int ch;

	while ((ch = nx_cli_getopt(argc, argv, "o:", options)) != -1) {
		if (nx_cli_common(opt, ch, synopsis))
			continue;
		switch (ch) {
		case 'D':
			if (cv->ndirs == 64)
				nx_cli_bad(synopsis, "--conversations-dir",
				    "at most 64 times", optarg);
			cv->dirs[cv->ndirs++] = optarg;
			break;
		case 'M':
			cv->pairs.dialog = nx_cli_choose(options, ch, synopsis);
			break;
		case 'P':
			cv->preferences = 1;
			cv->snapshots = 0; /* every conversation on its own */
			cv->prefer.mode = (enum nx_prefer_mode)nx_cli_choose(
			    options, ch, synopsis);
			break;
		case 'C':
			if (nx_cli_number(&v, optarg, 1000000) < 0)
				nx_cli_bad(
				    synopsis, "--context", "a number", optarg);
			cv->pairs.context = cv->prefer.context = (size_t)v;
			cv->prefer.cut = 1;
			break;
		case 'y':
			cv->pairs.system = optarg;
			break;
		case 'Y':
			cv->pairs.system = NULL;
			break;
		case 'K':
			cv->snapshots = 0;
			break;
		case 'I':
			cv->pairs.keep_media = 1;
			break;
		case 'm':
			if (nx_cli_number(&cv->min_length, optarg, UINT32_MAX) <
			    0)
				nx_cli_bad(synopsis, "--min-length", "a number",
				    optarg);
			break;
		case 'l':
			cv->lenient = 1;
			break;
		case 'h':
			exit(nx_cli_help(
			    synopsis, "o:", options, "conv2jsonl(1)"));
		default:
			usage();
		}
	}
	if (cv->preferences && cv->pairs.dialog) {
		nx_warnx("--preferences and --mode dialog: one or the other");
		usage();
	}
	cv->prefer.system = cv->pairs.system;
	cv->pairs.fmt = opt->fmt;
	cv->pairs.reasoning = opt->reasoning;
	nx_cli_check_reasoning(opt, opt->fmt, synopsis);
	cv->pairs.stats = opt->stats;
	cv->rejects.strict = opt->strict;
	nx_convread_init(&cv->rd,
	    opt->max_line ? opt->max_line : NX_READER_MAX_LINE_DEFAULT,
	    &cv->rejects, &cv->status,
	    cv->preferences ? prefer
	    : cv->snapshots ? keep
			    : emit,
	    cv);
	if (nx_run_judges(&cv->pairs.judge, cv->min_length, -1, &err) < 0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
}

/*
 * The end of the run: the outputs committed (or, after --strict stopped
 * it, removed), --stats, and a run that gave no pair said so.
 */
static void
finish(struct conv2 *cv, int rc)
{
	struct nx_output *outs[] = {cv->out, cv->rjout};
	struct nx_error err;

	nx_rejects_finish(&cv->rejects);
	if (rc < 0) {
		nx_output_abort(cv->out);
		nx_output_abort(cv->rjout);
		nx_die(NX_EXIT_DATA,
		    "stopping at the first bad input "
		    "(--strict)");
	}
	cv->status = nx_output_end(outs, 2, cv->status, cv->status, &err);
	if (cv->pairs.stats)
		print_stats(cv);
	if (cv->st.written == 0 && cv->status == NX_EXIT_OK && cv->preferences &&
	    cv->convs > 0) {
		nx_warnx("%llu conversations but no preference to write (see "
			 "--stats for the weak ones)",
		    cv->convs);
		cv->status = NX_EXIT_DATA;
	} else if (cv->st.written == 0 && cv->status == NX_EXIT_OK &&
	    cv->convs > 0) {
		/* Conversations that give nothing: a shape read wrongly, or
		 * nothing to train on; never a quiet success. */
		nx_warnx("%llu conversations but no pair: %llu empty, %llu "
			 "without a reply, %llu pairs rejected",
		    cv->convs, cv->pairs.empty, cv->pairs.unanswered,
		    cv->st.rejected);
		cv->status = NX_EXIT_DATA;
	} else if (cv->st.written == 0 && cv->status == NX_EXIT_OK)
		nx_warnx("no pairs found in %zu files; try synthgen for "
			 "synthetic pairs",
		    cv->files.n);
}

int
main(int argc, char *argv[])
{
	struct nx_cli_common opt = {.fmt = NX_FORMAT_NEUTRAL};
	struct conv2 cv = {
	    .snapshots = 1,
	    .min_length = DEFAULT_MIN_LENGTH,
	    .pairs = {.system = DEFAULT_SYSTEM},
	};
	char defdir[] = DEFAULT_DIR, *defaults[] = {defdir};
	struct nx_error err;

	nx_setprogname(argv);
	nx_prefer_init(&cv.prefer, NX_PREFER_PAIRS);
	get_options(&cv, &opt, argc, argv);
	argc -= optind;
	argv += optind;

	nx_files_find(&cv.files, cv.dirs, cv.ndirs, &cv.status);
	nx_files_find(&cv.files, argv, argc, &cv.status);
	if (cv.ndirs == 0 && argc == 0)
		nx_files_find(&cv.files, defaults, 1, &cv.status);
	nx_files_distinct(&cv.files, &opt);
	nx_output_catch_signals();
	nx_stats_init(&cv.st);
	nx_conv_init(&cv.conv);
	cv.rejects.stats = &cv.st;
	nx_progress_start(&cv.rejects.progress, opt.progress);
	if (nx_output_open(&cv.out, opt.output, &err) < 0 ||
	    (opt.rejects != NULL &&
		nx_output_open_private(&cv.rjout, opt.rejects, &err) < 0))
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	cv.rejects.out = cv.rjout;
	cv.pairs.out = cv.out;
	cv.pairs.rejects = &cv.rejects;
	cv.pairs.st = &cv.st;
	cv.pairs.status = &cv.status;

	finish(&cv, run(&cv));

	nx_files_free(&cv.files);
	nx_snapshots_free(&cv.snaps);
	nx_pairs_free(&cv.pairs);
	nx_buf_free(&cv.packed);
	nx_conv_free(&cv.conv);
	nx_convread_free(&cv.rd);
	nx_prefer_free(&cv.prefer);
	nx_stats_free(&cv.st);
	return cv.lenient ? NX_EXIT_OK : cv.status;
}
