/*
 * synthgen: reproducible synthetic Q&A pairs from YAML templates.
 *
 * Every template spans a number of combinations (prompt × completion × slot
 * values).  All combinations of the chosen templates form one index space;
 * record n takes index perm(n) of a seeded permutation of that space, so a
 * run never repeats a pair until it has used them all, and the same seed
 * gives the same bytes.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "diag.h"
#include "err.h"
#include "format.h"
#include "output.h"
#include "progress.h"
#include "noise.h"
#include "rand.h"
#include "reader.h"
#include "stats.h"
#include "template.h"
#include "text.h"

#define DEFAULT_SEED 42
#define MAX_TEMPLATE_FILE ((size_t)16 << 20)
#define BATCH ((size_t)1 << 20) /* bytes of lines written at once */

/* The built-in templates (templates.yaml), embedded at build time. */
extern const unsigned char nx_embedded_templates[];
extern const size_t nx_embedded_templates_len;

/* What every record of a template shares, made once. */
struct shared {
	struct nx_buf id;   /* synth:<name># */
	struct nx_buf meta; /* {"type":…,"index": */
	struct nx_str system;
};

struct gen {
	struct nx_progress progress;
	const struct nx_template **use; /* the templates chosen */
	struct shared *shared;		/* one for each */
	uint64_t *start;		/* first index of each in the space */
	size_t nuse;
	uint64_t total; /* combinations of all of them */
	unsigned long long count, seed;
	int unique, noise, timestamp, stats;
	double noise_rate;
	enum nx_format fmt;
	struct nx_output *out;
	struct nx_stats st;
	struct nx_buf prompt, completion, tmp, meta, id, line;
	char now[32];
};

static const char *const langs[] = {"ro", "en", NULL};
static const struct nx_cli_choice lang_choices[] = {
    {"ro", 0}, {"en", 1}, {"all", 2}, {NULL, 0}};

static const struct nx_cli_option options[] = {
    {"count", 'n', "N", NULL, "records to write (default 100)"},
    {"seed", 's', "S", NULL, "same seed, same bytes (default 42)"},
    {"lang", 'l', NULL, lang_choices, "the templates' language (default all)"},
    {"topic", 't', "T", NULL, "only templates of topic T (repeatable)"},
    {"templates", 'T', "FILE", NULL, "add the templates of FILE (repeatable)"},
    {"no-builtin", 'B', NULL, NULL, "leave out the built-in templates"},
    {"add-noise", 'N', NULL, NULL, "make prompts look typed by people"},
    {"noise-rate", 'R', "R", NULL,
        "chance of each kind of noise (default 0.5)"},
    {"unique", 'u', NULL, NULL, "never repeat a pair; stop when all are used"},
    {"timestamp", 'Z', NULL, NULL, "add metadata.generated_at"},
    NX_CLI_FORMAT,
    NX_CLI_OUTPUT,
    NX_CLI_STATS,
    {"dump-templates", 'D', NULL, NULL, "print the built-in templates (YAML)"},
    {"list-templates", 'L', NULL, NULL,
        "print each template and its combinations"},
    NX_CLI_LAST,
};

static const char synopsis[] =
    "usage: synthgen [-o file] [--count n] [--seed s] [--lang ro | en | all]\n"
    "                [--topic t] [--templates file] [--no-builtin] "
    "[--add-noise]\n"
    "                [--noise-rate r] [--unique] [--timestamp] [--format "
    "name]\n"
    "                [--stats] [--progress | --no-progress]\n"
    "                [--dump-templates] [--list-templates]\n";

static _Noreturn void
usage(void)
{
	nx_cli_usage(synopsis);
}

static int
matches(const char *value, char *const *list, size_t n)
{
	if (n == 0)
		return 1;
	for (size_t i = 0; i < n; i++)
		if (strcmp(value, list[i]) == 0)
			return 1;
	return 0;
}

static int
share(struct shared *sh, const struct nx_template *tp)
{
	struct nx_buf *m = &sh->meta;

	sh->system.s = tp->system;
	sh->system.len = strlen(tp->system);
	return nx_buf_adds(&sh->id, "synth:") < 0 ||
		nx_buf_adds(&sh->id, tp->name) < 0 ||
		nx_buf_addc(&sh->id, '#') < 0 ||
		nx_buf_adds(m, "{\"type\":\"synthetic\",\"template\":") < 0 ||
		nx_format_json_string(m, tp->name, strlen(tp->name)) < 0 ||
		nx_buf_adds(m, ",\"topic\":") < 0 ||
		nx_format_json_string(m, tp->topic, strlen(tp->topic)) < 0 ||
		nx_buf_adds(m, ",\"lang\":") < 0 ||
		nx_format_json_string(m, tp->lang, strlen(tp->lang)) < 0 ||
		nx_buf_adds(m, ",\"index\":") < 0
	    ? -1
	    : 0;
}

/* Choose the templates of lang and topics; lay out their index space. */
static int
choose(struct gen *g, const struct nx_templates *t, const char *lang,
    char *const *topics, size_t ntopics)
{
	size_t n = nx_templates_count(t);

	g->use = calloc(n ? n : 1, sizeof(*g->use));
	g->start = calloc(n ? n : 1, sizeof(*g->start));
	g->shared = calloc(n ? n : 1, sizeof(*g->shared));
	if (g->use == NULL || g->start == NULL || g->shared == NULL)
		nx_die(NX_EXIT_DATA, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const struct nx_template *tp = nx_templates_get(t, i);

		if ((lang != NULL && strcmp(tp->lang, lang) != 0) ||
		    !matches(tp->topic, topics, ntopics))
			continue;
		if (g->total > UINT64_MAX / 2 - tp->combos)
			nx_die(NX_EXIT_DATA, "too many combinations");
		if (share(&g->shared[g->nuse], tp) < 0)
			nx_die(NX_EXIT_DATA, "out of memory");
		g->use[g->nuse] = tp;
		g->start[g->nuse++] = g->total;
		g->total += tp->combos;
	}
	return g->nuse > 0 ? 0 : -1;
}

/* The template holding index k, by binary search over the starts. */
static size_t
template_of(const struct gen *g, uint64_t k)
{
	size_t lo = 0, hi = g->nuse;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (g->start[mid] <= k)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static int
metadata(
    struct gen *g, const struct shared *sh, unsigned long long n, int kinds)
{
	struct nx_buf *m = &g->meta;
	int first = 1;

	nx_buf_reset(m);
	if (nx_buf_add(m, sh->meta.data, sh->meta.len) < 0 ||
	    nx_buf_addu(m, n) < 0)
		return -1;
	if (g->noise) {
		if (nx_buf_adds(m, ",\"noise\":[") < 0)
			return -1;
		for (size_t i = 0; i < NX_NOISE_KINDS; i++)
			if (kinds & (1 << i)) {
				if ((!first && nx_buf_addc(m, ',') < 0) ||
				    nx_buf_addc(m, '"') < 0 ||
				    nx_buf_adds(m, nx_noise_names[i]) < 0 ||
				    nx_buf_addc(m, '"') < 0)
					return -1;
				first = 0;
			}
		if (nx_buf_addc(m, ']') < 0)
			return -1;
	}
	if (g->timestamp &&
	    (nx_buf_adds(m, ",\"generated_at\":\"") < 0 ||
		nx_buf_adds(m, g->now) < 0 || nx_buf_addc(m, '"') < 0))
		return -1;
	return nx_buf_addc(m, '}');
}

/* Write the batch of lines: one large fwrite goes straight to the file. */
static int
flush(struct gen *g, struct nx_error *err)
{
	FILE *fp = nx_output_stream(g->out);

	if (g->line.len > 0 &&
	    fwrite(g->line.data, 1, g->line.len, fp) != g->line.len)
		return nx_error_sys(err, "write %s", nx_output_name(g->out));
	nx_buf_reset(&g->line);
	return 0;
}

/* Record n: fill and add it to the batch. */
static int
generate_one(struct gen *g, unsigned long long n, struct nx_error *err)
{
	const struct nx_template *tp;
	struct nx_choice c;
	struct nx_record rec;
	struct nx_perm perm;
	struct nx_rand r;
	uint64_t k;
	size_t ti;
	int kinds = 0;

	/* Each pass over the space has its own permutation. */
	nx_perm_init(&perm, g->total,
	    nx_rand_mix(g->seed ^ nx_rand_mix(n / g->total + 1)));
	k = nx_perm_apply(&perm, n % g->total);
	ti = template_of(g, k);
	tp = g->use[ti];
	nx_template_choose(&c, tp, k - g->start[ti]);
	nx_buf_reset(&g->prompt);
	nx_buf_reset(&g->completion);
	if (nx_template_expand(&g->prompt, tp, tp->prompts[c.prompt], &c) < 0 ||
	    nx_template_expand(
		&g->completion, tp, tp->completions[c.completion], &c) < 0)
		return nx_error_set(err, "out of memory");
	if (g->noise) {
		nx_rand_init(&r, g->seed, n);
		if ((kinds = nx_noise_add(&g->prompt, &g->tmp, tp->lang,
			 g->noise_rate, &r, err)) < 0)
			return -1;
	}
	nx_buf_reset(&g->id);
	if (nx_buf_add(&g->id, g->shared[ti].id.data, g->shared[ti].id.len) <
		0 ||
	    nx_buf_addu(&g->id, n) < 0 ||
	    metadata(g, &g->shared[ti], n, kinds) < 0)
		return nx_error_set(err, "out of memory");
	nx_record_init(&rec);
	rec.id = (struct nx_str){g->id.data, g->id.len};
	rec.source = (struct nx_str){"synthetic", 9};
	rec.system = g->shared[ti].system;
	rec.prompt = (struct nx_str){
	    g->prompt.data ? g->prompt.data : "", g->prompt.len};
	rec.completion = (struct nx_str){
	    g->completion.data ? g->completion.data : "", g->completion.len};
	rec.metadata_raw = (struct nx_str){g->meta.data, g->meta.len};
	if (nx_format_write(&g->line, g->fmt, &rec, err) < 0)
		return -1;
	if (g->line.len >= BATCH && flush(g, err) < 0)
		return -1;
	g->st.read++;
	if (g->stats)
		nx_stats_written(&g->st, &rec);
	else
		g->st.written++;
	return 0;
}

static int
generate(struct gen *g, struct nx_error *err)
{
	unsigned long long count = g->count;

	if (g->unique && count > g->total) {
		nx_warnx("only %llu distinct pairs exist; writing those",
		    (unsigned long long)g->total);
		count = g->total;
	}
	for (unsigned long long n = 0; n < count; n++) {
		if (nx_progress_due(&g->progress))
			nx_progress_show(
			    &g->progress, n, count, "records", 0, 0);
		if (generate_one(g, n, err) < 0)
			return -1;
	}
	nx_progress_end(&g->progress);
	return flush(g, err);
}

/* Free what the run holds. */
static void
release(struct gen *g, struct nx_templates *t)
{
	nx_templates_free(t);
	for (size_t i = 0; i < g->nuse; i++) {
		nx_buf_free(&g->shared[i].id);
		nx_buf_free(&g->shared[i].meta);
	}
	free(g->shared);
	free(g->use);
	free(g->start);
	nx_buf_free(&g->prompt);
	nx_buf_free(&g->completion);
	nx_buf_free(&g->tmp);
	nx_buf_free(&g->meta);
	nx_buf_free(&g->id);
	nx_buf_free(&g->line);
	nx_stats_free(&g->st);
}

static int
list_templates(const struct gen *g)
{
	for (size_t i = 0; i < g->nuse; i++)
		printf("%s\t%s\t%s\t%llu\n", g->use[i]->name, g->use[i]->lang,
		    g->use[i]->topic, (unsigned long long)g->use[i]->combos);
	printf("total\t\t\t%llu\n", (unsigned long long)g->total);
	return nx_cli_done();
}

/* What the command line asks for, beside what goes into gen. */
struct options {
	struct nx_cli_common c;
	char *files[64], *topics[64];
	size_t nfiles, ntopics;
	const char *lang; /* NULL: all */
	int builtin, dump, list;
};

/* The options into o and g. */
static void
parse(struct options *o, struct gen *g, int argc, char *argv[])
{
	unsigned long long v;
	int ch;

	while ((ch = nx_cli_getopt(argc, argv, "o:", options)) != -1) {
		if (nx_cli_common(&o->c, ch, synopsis))
			continue;
		switch (ch) {
		case 'n':
			if (nx_cli_number(&g->count, optarg, UINT64_MAX / 4) < 0)
				nx_cli_bad(
				    synopsis, "--count", "a number", optarg);
			break;
		case 's':
			if (nx_cli_number(&v, optarg, UINT64_MAX) < 0)
				nx_cli_bad(
				    synopsis, "--seed", "a number", optarg);
			g->seed = v;
			break;
		case 'l':
			o->lang = langs[nx_cli_choose(options, ch, synopsis)];
			break;
		case 't':
		case 'T':
			if ((ch == 't' ? o->ntopics : o->nfiles) == 64)
				nx_cli_bad(synopsis,
				    ch == 't' ? "--topic" : "--templates",
				    "at most 64 times", optarg);
			if (ch == 't')
				o->topics[o->ntopics++] = optarg;
			else
				o->files[o->nfiles++] = optarg;
			break;
		case 'B':
			o->builtin = 0;
			break;
		case 'N':
			g->noise = 1;
			break;
		case 'R':
			if (nx_cli_real(&g->noise_rate, optarg, 0, 1) < 0)
				nx_cli_bad(synopsis, "--noise-rate",
				    "a number from 0 to 1", optarg);
			break;
		case 'u':
			g->unique = 1;
			break;
		case 'Z':
			g->timestamp = 1;
			break;
		case 'D':
			o->dump = 1;
			break;
		case 'L':
			o->list = 1;
			break;
		case 'h':
			exit(nx_cli_help(
			    synopsis, "o:", options, "synthgen(1)"));
		default:
			usage();
		}
	}
	if (optind < argc || (!o->builtin && o->nfiles == 0))
		usage();
	g->fmt = o->c.fmt;
	g->stats = o->c.stats;
}

/* The templates asked for, every one checked before a byte is written. */
static struct nx_templates *
load(const struct options *o)
{
	struct nx_templates *t;
	struct nx_path out = {"-o", o->c.output}, ins[64];
	struct nx_error err;

	/* -o naming a template file: refused before it is read. */
	for (size_t i = 0; i < o->nfiles; i++)
		ins[i] = (struct nx_path){"--templates", o->files[i]};
	if (nx_output_distinct(&out, 1, ins, o->nfiles, &err) < 0)
		nx_die(NX_EXIT_USAGE, "%s", err.msg);
	if (nx_templates_new(&t, &err) < 0 ||
	    (o->builtin &&
		nx_templates_load(t, (const char *)nx_embedded_templates,
		    nx_embedded_templates_len, "<built-in>", &err) < 0))
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	for (size_t i = 0; i < o->nfiles; i++) {
		struct nx_buf text = NX_BUF_INIT;

		if (nx_read_file(&text, o->files[i], MAX_TEMPLATE_FILE, &err) <
			0 ||
		    nx_templates_load(t, text.data ? text.data : "", text.len,
			o->files[i], &err) < 0)
			nx_die(NX_EXIT_DATA, "%s", err.msg);
		nx_buf_free(&text);
	}
	return t;
}

int
main(int argc, char *argv[])
{
	struct options o = {.c = {.fmt = NX_FORMAT_NEUTRAL}, .builtin = 1};
	struct gen g = {.count = 100, .seed = DEFAULT_SEED, .noise_rate = 0.5};
	struct nx_templates *t;
	struct nx_error err;
	int status;

	nx_setprogname(argv);
	parse(&o, &g, argc, argv);
	if (o.dump) {
		fwrite(nx_embedded_templates, 1, nx_embedded_templates_len,
		    stdout);
		return nx_cli_done();
	}
	t = load(&o);
	if (choose(&g, t, o.lang, o.topics, o.ntopics) < 0)
		nx_die(NX_EXIT_DATA, "no template has that language and topic");
	if (o.list) {
		status = list_templates(&g);
		release(&g, t);
		return status;
	}
	if (g.timestamp) {
		time_t now = time(NULL);
		struct tm tm;

		strftime(g.now, sizeof(g.now), "%Y-%m-%dT%H:%M:%SZ",
		    gmtime_r(&now, &tm));
	}
	nx_output_catch_signals();
	nx_stats_init(&g.st);
	if (nx_output_open(&g.out, o.c.output, &err) < 0)
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	nx_progress_start(&g.progress, o.c.progress);
	status = nx_output_end(&g.out, 1, generate(&g, &err), NX_EXIT_OK, &err);
	if (g.stats)
		nx_stats_print(&g.st, nx_progname(), stderr);
	release(&g, t);
	return status;
}
