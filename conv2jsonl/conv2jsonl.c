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

struct conv2 {
	int dialog, snapshots, lenient, stats, keep_media;
	size_t context;	 /* earlier turns to attach in pairs mode */
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
	struct nx_conv conv; /* the kept conversations' */
	struct nx_convread rd;
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
write_pair(struct conv2 *cv, const struct nx_conv_where *w, const struct nx_conv *c,
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
pairs(struct conv2 *cv, const struct nx_conv_where *w, const struct nx_conv *c)
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
emit(void *ctx, const struct nx_conv_where *w, const struct nx_conv *c)
{
	struct conv2 *cv = ctx;

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
		    &cv->files.v[k.file], k.line, k.index, k.many};
		pairs(cv, &w, &cv->conv);
	}
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
		else
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
	nx_convread_init(&cv.rd,
	    opt.max_line ? opt.max_line : NX_READER_MAX_LINE_DEFAULT,
	    &cv.rejects, &cv.status, cv.snapshots ? keep : emit, &cv);
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
	nx_convread_free(&cv.rd);
	nx_stats_free(&cv.st);
	return cv.lenient ? NX_EXIT_OK : cv.status;
}
