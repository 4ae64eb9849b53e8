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

struct where {
	const char *key, *value;
};

/* The chunks of one entry read so far (they share its key). */
struct group {
	char *key; /* question \x1f cached_at */
	struct nx_chroma_record *recs;
	size_t n, cap;
	struct group *next; /* the next in the order of first chunks */
	struct group **prev;
};

struct cache {
	const char *dir, *collection, *system;
	struct where where[MAX_WHERE];
	size_t nwhere;
	int reassemble, list, stats, raw;
	unsigned long long min_length;
	double min_quality; /* < 0: off */
	struct nx_run judge; /* the length and quality stages */
	enum nx_format fmt;
	struct nx_chroma_list recs;
	struct group **table; /* open addressing, by key */
	size_t tsize, tused;
	struct group *first, **last; /* open groups, oldest first */
	unsigned long long matched, reassembled;
	struct nx_output *out;
	struct nx_rejects rejects;
	struct nx_stats st;
	struct nx_buf doc, q, a, line, id;
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

/* The metadata value as text, for --where; NULL when absent. */
static const char *
as_text(const json_t *v, char *buf, size_t size)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		snprintf(
		    buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, size, "%.17g", json_real_value(v));
	else if (json_is_boolean(v))
		snprintf(buf, size, "%s", json_is_true(v) ? "true" : "false");
	else
		return NULL;
	return buf;
}

static int
selected(const struct cache *c, const struct nx_chroma_record *r)
{
	char buf[64];

	for (size_t i = 0; i < c->nwhere; i++) {
		const char *v =
		    as_text(json_object_get(r->metadata, c->where[i].key), buf,
			sizeof(buf));

		if (v == NULL || strcmp(v, c->where[i].value) != 0)
			return 0;
	}
	return 1;
}

static long
meta_int(const json_t *m, const char *key, long none)
{
	json_t *v = json_object_get(m, key);

	return json_is_integer(v) ? (long)json_integer_value(v) : none;
}

/* --- chunks ----------------------------------------------------------------
 */

/* The key that groups the chunks of one entry: question and cached_at
 * (or timestamp); NULL when rec is not a chunk to put back together. */
static char *
chunk_key(const struct cache *c, const struct nx_chroma_record *r)
{
	const json_t *m = r->metadata;
	const char *q = json_string_value(json_object_get(m, "question"));
	char buf[64];
	const char *when;
	size_t len;
	char *key;

	if (!c->reassemble || m == NULL || meta_int(m, "total_chunks", 1) <= 1)
		return NULL;
	when = as_text(json_object_get(m, "cached_at"), buf, sizeof(buf));
	if (when == NULL)
		when =
		    as_text(json_object_get(m, "timestamp"), buf, sizeof(buf));
	if (q == NULL)
		q = "";
	if (when == NULL)
		when = "";
	len = strlen(q) + strlen(when) + 2;
	if ((key = malloc(len)) == NULL)
		nx_die(NX_EXIT_DATA, "out of memory");
	snprintf(key, len, "%s\x1f%s", q, when);
	return key;
}

static size_t
hash(const char *s)
{
	size_t h = 14695981039346656037ULL;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* The slot of key's group in the table (empty when there is none). */
static struct group **
slot(struct cache *c, const char *key)
{
	size_t j = hash(key) & (c->tsize - 1);

	while (c->table[j] != NULL && strcmp(c->table[j]->key, key) != 0)
		j = (j + 1) & (c->tsize - 1);
	return &c->table[j];
}

/* Take record r over into the group of its key; that group, or NULL. */
static struct group *
hold(struct cache *c, struct nx_chroma_record *r, char *key)
{
	struct group **at, *g;

	if ((c->tused + 1) * 2 > c->tsize) {
		struct group **old = c->table;
		size_t n = c->tsize;

		c->tsize = n ? n * 2 : 64;
		if ((c->table = calloc(c->tsize, sizeof(*c->table))) == NULL)
			nx_die(NX_EXIT_DATA, "out of memory");
		for (size_t i = 0; i < n; i++)
			if (old[i] != NULL)
				*slot(c, old[i]->key) = old[i];
		free(old);
	}
	if ((g = *(at = slot(c, key))) == NULL) {
		if ((g = calloc(1, sizeof(*g))) == NULL)
			nx_die(NX_EXIT_DATA, "out of memory");
		g->key = key;
		*at = g;
		c->tused++;
		g->prev = c->last;
		*c->last = g;
		c->last = &g->next;
	} else
		free(key);
	if (g->n == g->cap) {
		struct nx_chroma_record *p;

		g->cap = g->cap ? g->cap * 2 : 4;
		if ((p = realloc(g->recs, g->cap * sizeof(*p))) == NULL)
			nx_die(NX_EXIT_DATA, "out of memory");
		g->recs = p;
	}
	g->recs[g->n++] = *r;
	memset(r, 0, sizeof(*r));
	return g;
}

/* Forget group g (put back together or rejected). */
static void
drop(struct cache *c, struct group *g)
{
	size_t j = hash(g->key) & (c->tsize - 1);
	struct nx_chroma_list gone = {.records = g->recs, .n = g->n};

	/* Out of the table: the cluster after it is put in again. */
	while (c->table[j] != g)
		j = (j + 1) & (c->tsize - 1);
	c->table[j] = NULL;
	c->tused--;
	for (j = (j + 1) & (c->tsize - 1); c->table[j] != NULL;
	     j = (j + 1) & (c->tsize - 1)) {
		struct group *m = c->table[j];

		c->table[j] = NULL;
		*slot(c, m->key) = m;
	}
	/* Out of the list. */
	*g->prev = g->next;
	if (g->next != NULL)
		g->next->prev = g->prev;
	else
		c->last = g->prev;
	nx_chroma_list_free(&gone);
	free(g->key);
	free(g);
}

/* --- output ------------------------------------------------------------------
 */

static void
reject(struct cache *c, const char *reason, const char *why,
    const struct nx_chroma_record *r, json_t *chunks)
{
	json_t *extra = json_object();
	int bad =
	    strcmp(reason, "too-short") != 0 && strcmp(reason, "quality") != 0;
	char msg[640];
	struct nx_reject rj = {reason, c->dir, 0, msg, extra};
	struct nx_error err;

	/* Bad data is named on stderr too: "prog: DIR: ID: why". */
	snprintf(msg, sizeof(msg), bad ? "%s: %s" : "%.0s%s", r->id, why);

	json_object_set_new(extra, "chroma_id", json_string(r->id));
	if (r->document != NULL && r->bad == NULL)
		json_object_set_new(
		    extra, "document", json_string(r->document));
	if (r->metadata != NULL)
		json_object_set(extra, "metadata", r->metadata);
	if (chunks != NULL)
		json_object_set_new(extra, "chunks", chunks);
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
	nx_buf_reset(&c->id);
	nx_buf_adds(&c->id, "cache:");
	nx_buf_adds(&c->id, r->id);
	rec.id = (struct nx_str){c->id.data, c->id.len};
	rec.source = (struct nx_str){"cache", 5};
	if (c->system != NULL)
		rec.system = (struct nx_str){c->system, strlen(c->system)};
	rec.prompt = (struct nx_str){c->q.data, c->q.len};
	rec.completion = (struct nx_str){c->a.data, c->a.len};
	if (r->metadata != NULL) {
		meta = json_copy(r->metadata);
		if (whole) {
			json_object_del(meta, "chunk_index");
			json_object_del(meta, "total_chunks");
			json_object_del(meta, "chunk_strategy");
		}
		rec.metadata = meta;
	}
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
	const char *why;
	const char *question =
	    json_string_value(json_object_get(r->metadata, "question"));

	if (r->bad != NULL) {
		reject(c, "text", r->bad, r, NULL);
		return;
	}
	if (r->document == NULL) {
		reject(c, "not_qa", "the record has no document", r, NULL);
		return;
	}
	if (nx_qa_split(&c->q, &c->a, r->document, question, &why) < 0) {
		reject(c, "not_qa", why, r, NULL);
		return;
	}
	emit(c, r, 1);
}

/* The chunks of one entry put back together. */
static void
reassemble(struct cache *c, const struct group *g)
{
	size_t total;
	const struct nx_chroma_record *first = &g->recs[0];
	const struct nx_chroma_record *part[1024];
	json_t *ids = json_array();
	const char *why = NULL;
	char msg[160];
	long want;

	total = (size_t)meta_int(first->metadata, "total_chunks", 1);
	memset(part, 0, sizeof(part));
	for (size_t i = 0; i < g->n; i++) {
		const struct nx_chroma_record *r = &g->recs[i];
		long k = meta_int(r->metadata, "chunk_index", -1);

		json_array_append_new(ids, json_string(r->id));
		if (total > sizeof(part) / sizeof(part[0]))
			why = "too many chunks";
		else if (r->bad != NULL)
			why = r->bad;
		else if (k < 0 || (size_t)k >= total || part[k] != NULL ||
		    r->document == NULL)
			why = "a chunk index is missing, out of range or "
			      "repeated";
		else
			part[k] = r;
	}
	for (size_t k = 0; why == NULL && k < total; k++)
		if (part[k] == NULL) {
			snprintf(msg, sizeof(msg),
			    "chunk %zu of %zu is missing", k, total);
			why = msg;
		}
	if (why == NULL) {
		nx_buf_reset(&c->doc);
		nx_buf_adds(&c->doc, part[0]->document);
		for (size_t k = 1; k < total; k++)
			nx_qa_join(&c->doc, part[k]->document);
		nx_buf_addc(&c->doc, '\0');
		if (nx_qa_split(&c->q, &c->a, c->doc.data,
			json_string_value(
			    json_object_get(part[0]->metadata, "question")),
			&why) < 0) {
			json_decref(ids);
			reject(c, "not_qa", why, part[0], NULL);
			return;
		}
		want = meta_int(part[0]->metadata, "answer_length", -1);
		if (want >= 0 &&
		    (long)nx_text_length(c->a.data, c->a.len) != want) {
			snprintf(msg, sizeof(msg),
			    "the answer put back together has %zu characters; "
			    "answer_length says %ld",
			    nx_text_length(c->a.data, c->a.len), want);
			why = msg;
		}
	}
	if (why != NULL) {
		reject(c, "incomplete_chunks", why, first, ids);
		return;
	}
	json_decref(ids);
	c->reassembled++;
	emit(c, part[0], 1);
}

/* A record as Chroma holds it: {"id","document","metadata"}. */
static void
emit_raw(struct cache *c, const struct nx_chroma_record *r)
{
	json_t *o;

	if (r->bad != NULL) {
		reject(c, "text", r->bad, r, NULL);
		return;
	}
	o = json_pack("{s:s}", "id", r->id);
	json_object_set_new(o, "document",
	    r->document != NULL ? json_string(r->document) : json_null());
	json_object_set(
	    o, "metadata", r->metadata != NULL ? r->metadata : json_null());
	nx_buf_reset(&c->line);
	if (nx_format_json_value(&c->line, o) < 0 ||
	    nx_buf_addc(&c->line, '\n') < 0)
		nx_die(NX_EXIT_DATA, "out of memory");
	json_decref(o);
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
		struct group *g;
		char *key;

		if (nx_progress_due(&c->rejects.progress))
			nx_progress_show(&c->rejects.progress,
			    batch->total - batch->n + i, 0, "entries", 0, 0);
		if (!selected(c, r))
			continue;
		c->matched++;
		if (c->raw) {
			emit_raw(c, r);
			continue;
		}
		if ((key = chunk_key(c, r)) == NULL) {
			single(c, r);
			continue;
		}
		g = hold(c, r, key);
		if (g->n ==
		    (size_t)meta_int(g->recs[0].metadata, "total_chunks", 1)) {
			reassemble(c, g);
			drop(c, g);
		}
	}
	return 0;
}

/* The entries still missing chunks at the end, oldest first. */
static void
export_finish(struct cache *c)
{
	while (c->first != NULL) {
		reassemble(c, c->first);
		drop(c, c->first);
	}
	free(c->table);
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

/* --min-length and --min-quality: jsonl-filter's stages. */
static void
judges(struct cache *c)
{
	struct nx_error err;

	if ((c->min_length > 0 &&
		nx_run_add(&c->judge,
		    nx_stage_length(c->min_length, NX_NO_LIMIT, 0, NX_NO_LIMIT),
		    &err) < 0) ||
	    (c->min_quality >= 0 &&
		nx_run_add(&c->judge, nx_stage_quality(c->min_quality), &err) <
		    0))
		nx_die(NX_EXIT_DATA, "%s", err.msg);
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
	judges(&c);
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
	c.last = &c.first;
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
	nx_buf_free(&c.doc);
	nx_buf_free(&c.q);
	nx_buf_free(&c.a);
	nx_buf_free(&c.line);
	nx_buf_free(&c.id);
	return c.status;
}
