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
#include "dedup.h"
#include "err.h"
#include "format.h"
#include "input.h"
#include "output.h"
#include "reject.h"
#include "stats.h"
#include "text.h"

#define PROGRESS_EVERY ((unsigned long long)1 << 18)
#define NO_LIMIT ((unsigned long long)-1)

struct limits {
	unsigned long long min, max; /* code points, inclusive */
};

enum key { KEY_PROMPT, KEY_COMPLETION, KEY_PAIR };

/* The duplicate filter: its index, and where the records it kept are
 * described (a temporary file: the index holds only offsets into it). */
struct dupes {
	struct nx_dedup *index; /* NULL: off */
	enum key key;
	FILE *labels;
	uint64_t end, flushed;
	int labelled; /* dup_of is wanted (--rejects, --clusters, --seen) */
	int against;  /* loading --against: entries not to save */
	struct nx_output *clusters; /* --clusters, or NULL */
	struct nx_buf norm, label;
};

struct filter {
	struct dupes dup;
	struct limits completion, prompt;
	int reformat; /* write fmt rather than the line as read */
	enum nx_format fmt;
	int stats, progress;
	size_t max_line;
	struct nx_output *out;
	struct nx_rejects rejects;
	struct nx_stats st;
	struct nx_buf line;
};

static const struct option longopts[] = {
    {"output", required_argument, NULL, 'o'},
    {"format", required_argument, NULL, 'f'},
    {"min-length", required_argument, NULL, 'm'},
    {"max-length", required_argument, NULL, 'M'},
    {"min-prompt-length", required_argument, NULL, 'p'},
    {"max-prompt-length", required_argument, NULL, 'P'},
    {"rejects", required_argument, NULL, 'r'},
    {"strict", no_argument, NULL, 's'},
    {"stats", no_argument, NULL, 'S'},
    {"max-line-bytes", required_argument, NULL, 'L'},
    {"dedup", required_argument, NULL, 'd'},
    {"dedup-key", required_argument, NULL, 'k'},
    {"threshold", required_argument, NULL, 't'},
    {"clusters", required_argument, NULL, 'c'},
    {"against", required_argument, NULL, 'a'},
    {"seen", required_argument, NULL, 'n'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

static const char synopsis[] =
    "usage: jsonl-filter [-o file] [--format name] [--min-length n]\n"
    "                    [--max-length n] [--min-prompt-length n]\n"
    "                    [--max-prompt-length n] [--rejects file] [--strict]\n"
    "                    [--stats] [--max-line-bytes n] [--dedup mode]\n"
    "                    [--dedup-key key] [--threshold j] [--clusters file]\n"
    "                    [--against file] [--seen file] [file ...]\n";

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
	    "      --min-length N       drop completions under N characters\n"
	    "      --max-length N       drop completions over N characters\n"
	    "      --min-prompt-length N, --max-prompt-length N\n"
	    "                           the same for prompts\n"
	    "      --rejects FILE       write every rejected line here, with "
	    "its reason\n"
	    "      --strict             stop at the first bad line\n"
	    "      --stats              print a summary on stderr\n"
	    "      --max-line-bytes N   longest line accepted (default %zu)\n"
	    "\nSee jsonl-filter(1).\n",
	    nx_format_names(), NX_READER_MAX_LINE_DEFAULT);
	return nx_cli_done();
}

static unsigned long long
number(const char *arg, const char *opt)
{
	unsigned long long v;

	if (nx_cli_number(&v, arg, NO_LIMIT - 1) < 0) {
		nx_warnx("%s: not a number: %s", opt, arg);
		usage();
	}
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

/* --- duplicates ---------------------------------------------------------- */

/* The normalised dedup key of rec into d->norm. */
static int
dedup_key(struct dupes *d, const struct nx_record *rec, struct nx_error *err)
{
	struct nx_str parts[2] = {rec->prompt, rec->completion};
	int from = d->key == KEY_COMPLETION ? 1 : 0;
	int to = d->key == KEY_PROMPT ? 1 : 2;

	nx_buf_reset(&d->norm);
	for (int i = from; i < to; i++) {
		if (i > from && nx_buf_addc(&d->norm, '\x1f') < 0)
			return nx_error_set(err, "out of memory");
		if (nx_text_normalize(&d->norm, parts[i].s, parts[i].len,
			NX_NORM_PUNCT, err) < 0)
			return -1;
	}
	return 0;
}

/* Who a record is, for dup_of and --clusters: its id, else file:line. */
static void
describe(struct nx_buf *b, const struct nx_record *rec,
    const struct nx_where *w)
{
	char num[32];

	nx_buf_reset(b);
	if (rec->id.s != NULL) {
		nx_buf_add(b, rec->id.s, rec->id.len);
		return;
	}
	snprintf(num, sizeof(num), ":%ld", w->line);
	nx_buf_adds(b, w->file);
	nx_buf_adds(b, num);
}

/* Payloads of --against entries carry this bit: never saved to --seen. */
#define AGAINST ((uint64_t)1 << 63)

/* The label written at offset off of the labels file, into d->label. */
static int
read_label(struct dupes *d, uint64_t off, struct nx_error *err)
{
	uint32_t len;
	ssize_t got;

	off &= ~AGAINST;
	if (d->end > d->flushed) {
		if (fflush(d->labels) == EOF)
			return nx_error_sys(err, "write temporary file");
		d->flushed = d->end;
	}
	/* Labels are short: one read usually brings length and text. */
	if (nx_buf_reserve(&d->label, 256) < 0)
		return nx_error_set(err, "out of memory");
	got = pread(fileno(d->labels), d->label.data, 256, (off_t)off);
	if (got < (ssize_t)sizeof(len))
		return nx_error_sys(err, "read temporary file");
	memcpy(&len, d->label.data, sizeof(len));
	if (len + sizeof(len) > (size_t)got) {
		if (nx_buf_reserve(&d->label, len + sizeof(len)) < 0)
			return nx_error_set(err, "out of memory");
		if (pread(fileno(d->labels), d->label.data, len + sizeof(len),
			(off_t)off) != (ssize_t)(len + sizeof(len)))
			return nx_error_sys(err, "read temporary file");
	}
	memmove(d->label.data, d->label.data + sizeof(len), len);
	d->label.len = len;
	return 0;
}

/*
 * Whether rec duplicates a record kept before; if not, it is kept in the
 * index (add).  On a duplicate, *extra gets {dup_of, similarity}.
 */
static int
duplicate(struct dupes *d, const struct nx_record *rec,
    const struct nx_where *w, int add, json_t **extra, struct nx_error *err)
{
	uint64_t payload = d->end | (d->against ? AGAINST : 0);
	double sim;
	int rc;
	uint32_t len;

	*extra = NULL;
	if (dedup_key(d, rec, err) < 0)
		return -1;
	rc = nx_dedup_check(d->index, d->norm.data ? d->norm.data : "",
	    d->norm.len, add, &payload, &sim, err);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		if (!add || !d->labelled)
			return 0;
		/* Kept: note who it is, where the index's payload points. */
		describe(&d->label, rec, w);
		len = (uint32_t)d->label.len;
		if (fwrite(&len, sizeof(len), 1, d->labels) != 1 ||
		    fwrite(d->label.data, 1, len, d->labels) != len)
			return nx_error_sys(err, "write temporary file");
		d->end += sizeof(len) + len;
		return 0;
	}
	if (!d->labelled) {
		*extra = json_pack("{s:f}", "similarity", sim);
		return 1;
	}
	if (read_label(d, payload, err) < 0)
		return -1;
	*extra = json_pack("{s:s%,s:f}", "dup_of", d->label.data,
	    d->label.len, "similarity", sim);
	return 1;
}

/* One line of --clusters: this record and the one that stands for it. */
static int
cluster_line(struct dupes *d, const struct nx_record *rec,
    const struct nx_where *w, const json_t *extra, struct nx_error *err)
{
	struct nx_buf line = NX_BUF_INIT;
	FILE *fp;
	int rc = 0;

	if (d->clusters == NULL)
		return 0;
	fp = nx_output_stream(d->clusters);
	describe(&d->label, rec, w);
	nx_buf_adds(&line, "{\"id\":");
	nx_format_json_string(&line, d->label.data, d->label.len);
	nx_buf_adds(&line, ",\"cluster\":");
	if (extra != NULL)
		nx_format_json_value(&line, json_object_get(extra, "dup_of"));
	else
		nx_format_json_string(&line, d->label.data, d->label.len);
	if (nx_buf_adds(&line, "}\n") < 0)
		rc = nx_error_set(err, "out of memory");
	else if (fwrite(line.data, 1, line.len, fp) != line.len)
		rc = nx_error_sys(err, "write %s", nx_output_name(d->clusters));
	nx_buf_free(&line);
	return rc;
}

/* --against: put another set's records in the index, writing nothing. */
static int
load_against(struct filter *f, char *path, struct nx_error *err)
{
	struct nx_input *in;
	struct nx_record rec;
	struct nx_where w;
	const char *reason;
	json_t *extra;
	enum nx_input_status s;
	int rc = 0;

	if (nx_input_open(&in, &path, 1, f->max_line, NX_INPUT_SCAN, err) < 0)
		return -1;
	f->dup.against = 1;
	nx_record_init(&rec);
	while (rc == 0 &&
	    (s = nx_input_next(in, &rec, &w, &reason, err)) != NX_INPUT_END) {
		if (s == NX_INPUT_ERROR)
			rc = -1;
		else if (s == NX_INPUT_RECORD) {
			rc = duplicate(&f->dup, &rec, &w, 1, &extra, err) < 0
			    ? -1
			    : 0;
			json_decref(extra);
		}
	}
	f->dup.against = 0;
	nx_record_free(&rec);
	nx_input_close(in);
	return rc;
}

/* A label, into the labels file: the payload is its offset. */
static int
store_label(void *ctx, const char *label, size_t len, uint64_t *payload)
{
	struct dupes *d = ctx;
	uint32_t n = (uint32_t)len;

	*payload = d->end;
	if (fwrite(&n, sizeof(n), 1, d->labels) != 1 ||
	    fwrite(label, 1, n, d->labels) != n)
		return -1;
	d->end += sizeof(n) + n;
	return 0;
}

/* The label of a payload, for saving; 1 leaves --against entries out. */
static int
save_label(void *ctx, uint64_t payload, struct nx_buf *out)
{
	struct dupes *d = ctx;
	struct nx_error err;

	if (payload & AGAINST)
		return 1;
	if (read_label(d, payload, &err) < 0)
		return -1;
	nx_buf_reset(out);
	return nx_buf_add(out, d->label.data, d->label.len);
}

/* --seen: what earlier runs kept, so that this one writes only new pairs. */
static int
load_seen(struct dupes *d, const char *path, struct nx_error *err)
{
	FILE *fp = fopen(path, "rb");
	int rc;

	if (fp == NULL)
		return errno == ENOENT ? 0 : nx_error_sys(err, "open %s", path);
	rc = nx_dedup_load(d->index, fp, path, store_label, d, err);
	fclose(fp);
	return rc;
}

static int
save_seen(struct dupes *d, const char *path, struct nx_error *err)
{
	struct nx_output *o;

	if (nx_output_open(&o, path, err) < 0)
		return -1;
	if (nx_dedup_save(d->index, nx_output_stream(o), save_label, d, err) <
	    0) {
		nx_output_abort(o);
		return -1;
	}
	return nx_output_commit(o, err);
}

static int
emit(struct filter *f, const struct nx_record *rec, const struct nx_where *w,
    struct nx_error *err)
{
	FILE *fp = nx_output_stream(f->out);

	if (f->reformat) {
		nx_buf_reset(&f->line);
		if (nx_format_write(&f->line, f->fmt, rec, err) < 0) {
			struct nx_reject r = {
			    "format", w->file, w->line, err->msg, NULL};

			return nx_rejects_add(
			    &f->rejects, &r, rec, w->raw, w->rawlen, 1, err);
		}
		if (fwrite(f->line.data, 1, f->line.len, fp) != f->line.len)
			return nx_error_sys(
			    err, "write %s", nx_output_name(f->out));
	} else if (fwrite(w->raw, 1, w->rawlen, fp) != w->rawlen ||
	    putc('\n', fp) == EOF)
		return nx_error_sys(err, "write %s", nx_output_name(f->out));
	if (f->stats)
		nx_stats_written(&f->st, rec);
	else
		f->st.written++;
	return 0;
}

/* A record that passed the filters: written, unless a duplicate. */
static int
keep_or_drop(struct filter *f, const struct nx_record *rec,
    const struct nx_where *w, struct nx_error *err)
{
	json_t *extra;
	int rc;

	if (f->dup.index == NULL)
		return emit(f, rec, w, err);
	if ((rc = duplicate(&f->dup, rec, w, 1, &extra, err)) < 0)
		return -1;
	if (rc == 0)
		return cluster_line(&f->dup, rec, w, NULL, err) < 0
		    ? -1
		    : emit(f, rec, w, err);
	{
		struct nx_reject r = {"duplicate", w->file, w->line, NULL,
		    extra};

		rc = cluster_line(&f->dup, rec, w, extra, err) < 0 ||
			nx_rejects_add(&f->rejects, &r, rec, w->raw, w->rawlen,
			    0, err) < 0
		    ? -1
		    : 0;
	}
	json_decref(extra);
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

	nx_record_init(&rec);
	while ((rc = nx_rejects_next(&f->rejects, in, &rec, &w, &status, err)) >
	    0) {
		if (f->progress && f->st.read % PROGRESS_EVERY == 0)
			nx_stats_progress(&f->st, nx_progname(), stderr, 0);
		if ((reason = check_lengths(f, &rec)) != NULL) {
			struct nx_reject r = {
			    reason, w.file, w.line, NULL, NULL};

			rc = nx_rejects_add(
			    &f->rejects, &r, &rec, w.raw, w.rawlen, 0, err);
		} else
			rc = keep_or_drop(f, &rec, &w, err);
		if (rc < 0)
			break;
	}
	if (f->progress)
		nx_stats_progress(&f->st, nx_progname(), stderr, 1);
	nx_record_free(&rec);
	return rc < 0 ? -1 : status;
}

int
main(int argc, char *argv[])
{
	struct filter f = {
	    .completion = {0, NO_LIMIT},
	    .prompt = {0, NO_LIMIT},
	    .line = NX_BUF_INIT,
	};
	const char *output = NULL, *rejects = NULL, *clusters = NULL;
	const char *seen = NULL;
	char *against[16];
	size_t nagainst = 0;
	int mode = -1;
	double threshold = 0.8;
	struct nx_output *rjout = NULL;
	struct nx_input *in = NULL;
	struct nx_error err;
	int ch, status;

	nx_setprogname(argv[0]);
	while ((ch = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			output = optarg;
			break;
		case 'f':
			if (nx_format_parse(&f.fmt, optarg) < 0) {
				nx_warnx("unknown format: %s (use one of %s)",
				    optarg, nx_format_names());
				usage();
			}
			f.reformat = 1;
			break;
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
		case 'r':
			rejects = optarg;
			break;
		case 's':
			f.rejects.strict = 1;
			break;
		case 'S':
			f.stats = 1;
			break;
		case 'L':
			f.max_line = number(optarg, "--max-line-bytes");
			if (f.max_line == 0)
				usage();
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
				f.dup.key = KEY_PROMPT;
			else if (strcmp(optarg, "completion") == 0)
				f.dup.key = KEY_COMPLETION;
			else if (strcmp(optarg, "pair") == 0)
				f.dup.key = KEY_PAIR;
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
		case 'n':
			seen = optarg;
			break;
		case 'a':
			if (nagainst == sizeof(against) / sizeof(against[0]))
				nx_cli_bad(synopsis, "--against",
				    "at most 16 times", optarg);
			against[nagainst++] = optarg;
			break;
		case 'h':
			return help();
		case 'V':
			nx_cli_version();
			return nx_cli_done();
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (mode < 0 && (clusters != NULL || nagainst > 0 || seen != NULL)) {
		nx_warnx("--clusters, --against and --seen need --dedup");
		usage();
	}

	nx_output_catch_signals();
	if (mode >= 0 &&
	    (nx_dedup_new(&f.dup.index, (enum nx_dedup_mode)mode, threshold,
		 &err) < 0 ||
		(f.dup.labels = tmpfile()) == NULL ||
		(clusters != NULL &&
		    nx_output_open(&f.dup.clusters, clusters, &err) < 0)))
		nx_die(NX_EXIT_DATA, "%s",
		    f.dup.labels == NULL ? strerror(errno) : err.msg);
	f.dup.labelled = rejects != NULL || clusters != NULL || seen != NULL;
	if (seen != NULL && load_seen(&f.dup, seen, &err) < 0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	for (size_t i = 0; i < nagainst; i++)
		if (load_against(&f, against[i], &err) < 0)
			nx_die(NX_EXIT_DATA, "%s", err.msg);
	nx_stats_init(&f.st);
	f.rejects.stats = &f.st;
	f.progress = isatty(STDERR_FILENO);
	if (nx_input_open(&in, argv, argc, f.max_line, NX_INPUT_SCAN, &err) <
		0 ||
	    nx_output_open(&f.out, output, &err) < 0 ||
	    (rejects != NULL && nx_output_open(&rjout, rejects, &err) < 0))
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	f.rejects.out = rjout;

	status = filter(&f, in, &err);
	if (status >= 0 && seen != NULL && save_seen(&f.dup, seen, &err) < 0)
		status = -1;

	nx_input_close(in);
	nx_rejects_finish(&f.rejects);
	nx_buf_free(&f.line);
	nx_dedup_free(f.dup.index);
	if (f.dup.labels != NULL)
		fclose(f.dup.labels);
	nx_buf_free(&f.dup.norm);
	nx_buf_free(&f.dup.label);
	if (status < 0) {
		nx_output_abort(f.out);
		nx_output_abort(rjout);
		nx_output_abort(f.dup.clusters);
		if (err.errnum == EPIPE)
			return NX_EXIT_OK;
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	}
	if (rjout != NULL && nx_output_commit(rjout, &err) < 0) {
		nx_warnx("%s", err.msg);
		status = NX_EXIT_DATA;
	}
	if (f.dup.clusters != NULL &&
	    nx_output_commit(f.dup.clusters, &err) < 0) {
		nx_warnx("%s", err.msg);
		status = NX_EXIT_DATA;
	}

	if (nx_output_commit(f.out, &err) < 0) {
		if (err.errnum == EPIPE)
			return status;
		nx_warnx("%s", err.msg);
		status = NX_EXIT_DATA;
	}
	if (f.stats)
		nx_stats_print(&f.st, nx_progname(), stderr);
	return status;
}
