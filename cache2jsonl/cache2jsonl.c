/*
 * cache2jsonl: the Q&A pairs of Nova's semantic cache, read straight from
 * its ChromaDB store (read-only, safe while the app runs), with long
 * answers that the chunker split put back together.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "chroma.h"
#include "chunks.h"
#include "cli.h"
#include "diag.h"
#include "err.h"
#include "format.h"
#include "output.h"
#include "progress.h"
#include "qa.h"
#include "reader.h"
#include "reject.h"
#include "run.h"
#include "stats.h"
#include "text.h"

#define DEFAULT_DIR "data/chroma_db"
#define DEFAULT_COLLECTION "nova_knowledge"
#define DEFAULT_SYSTEM "You are NOVA, a helpful AI assistant."
/* The seed's default: answers under 50 characters teach little. */
#define DEFAULT_MIN_LENGTH 50
#define MAX_WHERE 32

struct cache {
	const char *dir, *collection, *system;
	struct nx_chunks_where where[MAX_WHERE];
	size_t nwhere;
	int reassemble, list, stats, raw;
	unsigned long long min_length;
	double min_quality; /* < 0: off */
	struct nx_run judge; /* the length and quality stages */
	enum nx_format fmt;
	struct nx_chroma_list recs;
	struct nx_chunks chunks; /* entries still missing chunks */
	unsigned long long matched, reassembled;
	struct nx_output *out;
	struct nx_rejects rejects;
	struct nx_stats st;
	struct nx_buf q, a, line, id;
	size_t max_line; /* the longest line written */
	int status;
};

static const struct nx_cli_option options[] = {
    {"persist-dir", 'p', "DIR", NULL,
        "the Chroma store (default " DEFAULT_DIR ")"},
    {"collection", 'c', "NAME", NULL,
        "the collection (default " DEFAULT_COLLECTION ")"},
    {"where", 'w', "KEY=VALUE", NULL,
        "keep records whose metadata match (repeatable;\n"
        "default type=cached_qa)"},
    {"all", 'A', NULL, NULL, "keep every record"},
    {"list-collections", 'L', NULL, NULL, "name and size of each collection"},
    {"system", 'y', "TEXT", NULL, "the system prompt (default: NOVA's)"},
    {"no-system", 'Y', NULL, NULL, "no system prompt"},
    {"no-reassemble", 'N', NULL, NULL, "leave chunked answers in pieces"},
    {"raw", 'R', NULL, NULL, "the records as Chroma holds them"},
    {"min-length", 'm', "N", NULL,
        "drop answers under N characters (50; 0 keeps all)"},
    {"min-quality", 'Q', "Q", NULL,
        "drop pairs scoring under Q (see jsonl-filter(1))"},
    NX_CLI_FORMAT,
    NX_CLI_OUTPUT,
    NX_CLI_REJECTS,
    NX_CLI_STRICT,
    NX_CLI_STATS,
    NX_CLI_LAST,
};

static const char synopsis[] =
    "usage: cache2jsonl [-o file] [--persist-dir dir] [--collection name]\n"
    "                   [--where key=value] [--all] [--list-collections]\n"
    "                   [--system text] [--no-system] [--no-reassemble] "
    "[--raw]\n"
    "                   [--min-length n] [--min-quality q] [--format name]\n"
    "                   [--rejects file] [--strict] [--stats]\n"
    "                   [--progress | --no-progress]\n";

static _Noreturn void
usage(void)
{
	nx_cli_usage(synopsis);
}

/* --- selecting ------------------------------------------------------------ */

/* --- output ------------------------------------------------------------------
 */

static void
reject(struct cache *c, const char *reason, const char *why,
    const struct nx_chroma_record *r, json_t *chunks)
{
	json_t *extra = nx_chunks_reject_extra(r, chunks);
	int bad =
	    strcmp(reason, "too-short") != 0 && strcmp(reason, "quality") != 0;
	char msg[640];
	struct nx_reject rj = {reason, c->dir, 0, msg, extra};
	struct nx_error err;

	/* Bad data is named on stderr too: "prog: DIR: ID: why". */
	snprintf(msg, sizeof(msg), bad ? "%s: %s" : "%.0s%s", r->id, why);

	c->st.read++;
	if (bad)
		c->status = NX_EXIT_DATA;
	/* A document that JSON cannot hold goes in as raw bytes (the
	 * rejects file keeps them exactly, in raw_base64). */
	if (nx_rejects_add(&c->rejects, &rj, NULL,
		r->bad != NULL ? r->document : NULL,
		r->bad != NULL ? r->document_len : 0, bad, &err) < 0 &&
	    !c->rejects.strict)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	if (bad && c->rejects.strict)
		nx_die(
		    NX_EXIT_DATA, "%s: %s: %s (--strict)", c->dir, r->id, why);
	json_decref(extra);
}

/* A line the next stage would refuse (over its --max-line-bytes) is
 * rejected here instead.  1 when it was. */
static int
too_long(struct cache *c, const struct nx_chroma_record *r)
{
	char msg[96];

	if (c->line.len - 1 <= c->max_line)
		return 0;
	snprintf(msg, sizeof(msg), "line of %zu bytes is over the limit of %zu",
	    c->line.len - 1, c->max_line);
	reject(c, "long", msg, r, NULL);
	return 1;
}

static void
emit(struct cache *c, const struct nx_chroma_record *r, int whole)
{
	struct nx_record rec;
	struct nx_where w = {c->dir, 0, NULL, 0};
	struct nx_drop d = {NULL, "", NULL};
	struct nx_error err;
	json_t *meta = NULL;

	nx_record_init(&rec);
	rec.prompt = (struct nx_str){c->q.data, c->q.len};
	rec.completion = (struct nx_str){c->a.data, c->a.len};
	switch (nx_run_judge(&c->judge, &rec, &w, &d, &err)) {
	case NX_DROP:
		reject(c, d.reason,
		    d.msg[0] ? d.msg : "the answer is shorter than --min-length",
		    r, NULL);
		json_decref(d.extra);
		return;
	case -1:
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	}
	nx_chunks_record(&rec, &meta, &c->id, r, c->system, &c->q, &c->a, whole);
	nx_buf_reset(&c->line);
	if (nx_format_write(&c->line, c->fmt, &rec, &err) < 0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	if (too_long(c, r)) {
		json_decref(meta);
		return;
	}
	nx_output_put(c->out, c->line.data, c->line.len);
	c->st.read++;
	if (c->stats)
		nx_stats_written(&c->st, &rec);
	else
		c->st.written++;
	json_decref(meta);
}

/* One record on its own. */
static void
single(struct cache *c, const struct nx_chroma_record *r)
{
	const char *reason, *why;

	if (nx_chunks_split(&c->q, &c->a, &reason, &why, r) < 0)
		reject(c, reason, why, r, NULL);
	else
		emit(c, r, 1);
}

/* The chunks of one entry put back together. */
static void
reassemble(struct cache *c, const struct nx_chunk_group *g)
{
	const struct nx_chroma_record *head;
	const char *why;
	json_t *ids;
	struct nx_error err;

	switch (nx_chunks_assemble(&c->q, &c->a, &head, &why, &c->chunks, g,
	    &err)) {
	case NX_CHUNKS_PAIR:
		c->reassembled++;
		emit(c, head, 1);
		break;
	case NX_CHUNKS_NOT_QA:
		reject(c, "not_qa", why, head, NULL);
		break;
	case NX_CHUNKS_INCOMPLETE:
		ids = json_array();
		for (size_t i = 0; i < g->n; i++)
			json_array_append_new(ids, json_string(g->recs[i].id));
		reject(c, "incomplete_chunks", why, head, ids);
		break;
	default:
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	}
}

/* A record as Chroma holds it: {"id","document","metadata"}. */
static void
emit_raw(struct cache *c, const struct nx_chroma_record *r)
{
	if (r->bad != NULL) {
		reject(c, "text", r->bad, r, NULL);
		return;
	}
	nx_buf_reset(&c->line);
	if (nx_chunks_raw(&c->line, r) < 0)
		nx_die(NX_EXIT_DATA, "out of memory");
	if (too_long(c, r))
		return;
	nx_output_put(c->out, c->line.data, c->line.len);
	c->st.read++;
	c->st.written++;
}

/* A read transaction's records: each selected one in insertion order; a
 * chunked entry once all its chunks are in (where its last chunk was
 * stored: chunks Chroma adds together are stored together). */
static int
export_batch(void *ctx, struct nx_chroma_list *batch)
{
	struct cache *c = ctx;

	for (size_t i = 0; i < batch->n; i++) {
		struct nx_chroma_record *r = &batch->records[i];
		struct nx_chunk_group *g;
		struct nx_error err;
		char *key = NULL;

		if (nx_progress_due(&c->rejects.progress))
			nx_progress_show(&c->rejects.progress,
			    batch->total - batch->n + i, 0, "entries", 0, 0);
		if (!nx_chunks_match(r, c->where, c->nwhere))
			continue;
		c->matched++;
		if (c->raw) {
			emit_raw(c, r);
			continue;
		}
		if (c->reassemble && nx_chunks_key(&key, r, &err) < 0)
			nx_die(NX_EXIT_DATA, "%s", err.msg);
		if (key == NULL) {
			single(c, r);
			continue;
		}
		if ((g = nx_chunks_hold(&c->chunks, r, key, &err)) == NULL)
			nx_die(NX_EXIT_DATA, "%s", err.msg);
		if (nx_chunks_complete(g)) {
			reassemble(c, g);
			nx_chunks_drop(&c->chunks, g);
		}
	}
	return 0;
}

/* The entries still missing chunks at the end, oldest first. */
static void
export_finish(struct cache *c)
{
	while (c->chunks.first != NULL) {
		reassemble(c, c->chunks.first);
		nx_chunks_drop(&c->chunks, c->chunks.first);
	}
	nx_chunks_free(&c->chunks);
}

static int
list_collections(struct nx_chroma *store)
{
	struct nx_chroma_collection *list;
	size_t n;
	struct nx_error err;
	int sysdb, metadb, queue;

	if (nx_chroma_collections(store, &list, &n, &err) < 0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	nx_chroma_versions(store, &sysdb, &metadb, &queue);
	for (size_t i = 0; i < n; i++)
		printf("%s\t%ld\tsysdb %d, metadb %d\n", list[i].name,
		    list[i].count, sysdb, metadb);
	nx_chroma_collections_free(list, n);
	return nx_cli_done();
}

/* The options into c and opt. */
static void
parse(struct cache *c, struct nx_cli_common *opt, int argc, char *argv[])
{
	int all = 0, ch;

	while ((ch = nx_cli_getopt(argc, argv, "o:", options)) != -1) {
		if (nx_cli_common(opt, ch, synopsis))
			continue;
		switch (ch) {
		case 'p':
			c->dir = optarg;
			break;
		case 'c':
			c->collection = optarg;
			break;
		case 'w': {
			char *eq = strchr(optarg, '=');

			if (eq == NULL || eq == optarg || c->nwhere == MAX_WHERE)
				nx_cli_bad(
				    synopsis, "--where", "KEY=VALUE", optarg);
			*eq = '\0';
			c->where[c->nwhere].key = optarg;
			c->where[c->nwhere++].value = eq + 1;
			break;
		}
		case 'A':
			all = 1;
			break;
		case 'L':
			c->list = 1;
			break;
		case 'y':
			c->system = optarg;
			break;
		case 'Y':
			c->system = NULL;
			break;
		case 'N':
			c->reassemble = 0;
			break;
		case 'R':
			c->raw = 1;
			break;
		case 'm':
			if (nx_cli_number(&c->min_length, optarg, UINT32_MAX) <
			    0)
				nx_cli_bad(synopsis, "--min-length", "a number",
				    optarg);
			break;
		case 'Q':
			if (nx_cli_real(&c->min_quality, optarg, 0, 1) < 0)
				nx_cli_bad(synopsis, "--min-quality",
				    "a score from 0 to 1", optarg);
			break;
		case 'h':
			exit(nx_cli_help(
			    synopsis, "o:", options, "cache2jsonl(1)"));
		default:
			usage();
		}
	}
	if (optind < argc)
		usage();
	c->fmt = opt->fmt;
	c->stats = opt->stats;
	c->rejects.strict = opt->strict;
	c->max_line =
	    opt->max_line ? opt->max_line : NX_READER_MAX_LINE_DEFAULT;
	if (all)
		c->nwhere = 0;
	else if (c->nwhere == 0) {
		c->where[0].key = "type";
		c->where[0].value = "cached_qa";
		c->nwhere = 1;
	}
}

/* Refused before anything is read: outputs that name the store or each
 * other. */
static void
distinct(const struct cache *c, const struct nx_cli_common *opt)
{
	char db[4096];
	struct nx_path outs[] = {{"-o", opt->output}, {"--rejects", opt->rejects}};
	struct nx_path ins[] = {{"--persist-dir", db}};
	struct nx_error err;

	snprintf(db, sizeof(db), "%s/chroma.sqlite3", c->dir);
	if (nx_output_distinct(outs, 2, ins, 1, &err) < 0)
		nx_die(NX_EXIT_USAGE, "%s", err.msg);
}

static void
print_stats(const struct cache *c)
{
	nx_stats_print(&c->st, nx_progname(), stderr);
	fprintf(stderr,
	    "%s: %zu Chroma records, %llu matched, %llu chunked entries put "
	    "back together; read lock held %.1f ms, at most %.1f ms at a "
	    "time\n",
	    nx_progname(), c->recs.total, c->matched, c->reassembled,
	    c->recs.locked * 1000, c->recs.longest * 1000);
}

int
main(int argc, char *argv[])
{
	struct nx_cli_common opt = {.fmt = NX_FORMAT_NEUTRAL};
	struct cache c = {
	    .dir = DEFAULT_DIR,
	    .collection = DEFAULT_COLLECTION,
	    .system = DEFAULT_SYSTEM,
	    .min_length = DEFAULT_MIN_LENGTH,
	    .reassemble = 1,
	    .min_quality = -1,
	};
	struct nx_output *rjout = NULL;
	struct nx_chroma *store;
	struct nx_error err;
	char warning[256];

	nx_setprogname(argv);
	parse(&c, &opt, argc, argv);

	distinct(&c, &opt);
	if (nx_chroma_open(&store, c.dir, warning, sizeof(warning), &err) < 0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	if (warning[0] != '\0')
		nx_warnx("%s", warning);
	if (c.list) {
		int status = list_collections(store);

		nx_chroma_close(store);
		return status;
	}
	if (nx_run_judges(&c.judge, c.min_length, c.min_quality, &err) < 0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	nx_output_catch_signals();
	nx_stats_init(&c.st);
	c.rejects.stats = &c.st;
	nx_progress_start(&c.rejects.progress, opt.progress);
	if (nx_output_open(&c.out, opt.output, &err) < 0 ||
	    (opt.rejects != NULL &&
		nx_output_open_private(&rjout, opt.rejects, &err) < 0))
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	c.rejects.out = rjout;

	/* Written as read, a read transaction's worth at a time. */
	nx_chunks_init(&c.chunks);
	if (nx_chroma_each(
		store, c.collection, &c.recs, export_batch, &c, &err) < 0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	nx_chroma_close(store);
	export_finish(&c);
	if (c.recs.pending > 0)
		nx_warnx("%ld writes Chroma has logged are not applied yet "
			 "and are not in this export",
		    c.recs.pending);

	nx_rejects_finish(&c.rejects);
	{
		struct nx_output *outs[] = {c.out, rjout};

		c.status = nx_output_end(outs, 2, c.status, c.status, &err);
	}
	if (c.st.written == 0)
		nx_warnx("no cached Q&A pairs found in collection %s of %s; "
			 "try conv2jsonl for conversations or synthgen for "
			 "synthetic pairs",
		    c.collection, c.dir);
	if (c.stats)
		print_stats(&c);
	nx_chroma_list_free(&c.recs);
	nx_run_free(&c.judge);
	nx_stats_free(&c.st);
	nx_buf_free(&c.q);
	nx_buf_free(&c.a);
	nx_buf_free(&c.line);
	nx_buf_free(&c.id);
	return c.status;
}
