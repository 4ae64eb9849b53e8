/*
 * splitter: a run of jsonl-split from its options to its figures — the
 * defaults, the options that do not go together and what they imply, the
 * files' names, each side's file, and at the end the leakage count, the
 * size rules, the report and the card's figures.
 */
#include <stdlib.h>
#include <string.h>

#include "dupes.h"
#include "output.h"
#include "splitter.h"

void
nx_splitter_init(struct nx_splitter *s)
{
	memset(s, 0, sizeof(*s));
	s->sp.by = NX_SPLIT_PROMPT;
	s->sp.seed = NX_SPLITTER_SEED;
	s->sp.nsides = 2;
	s->sp.cut[0] = 0.8;
	s->sp.cut[1] = 1.0;
	s->dir = ".";
	s->names[0] = "train";
	s->names[1] = "validation";
	s->names[2] = "test";
	s->min_valid = 1;
	s->turn_tokens = NX_TOKENS_TURN_DEFAULT;
	s->shape = -1;
	s->kind = -1;
}

int
nx_splitter_check(const struct nx_splitter *s, struct nx_error *err)
{
	if (s->annotate && s->tokenizer == NULL)
		return nx_error_set(
		    err, "--annotate counts tokens: give --tokenizer");
	if (s->shards > 0 &&
	    (s->shuffle || s->shares.n > 0 || s->target != NULL ||
		s->check_leakage || s->report != NULL || s->namelist != NULL))
		return nx_error_set(err,
		    "--shards partitions: it takes -d, --by, --seed, "
		    "--format and the common options only");
	/* LLaMA-Factory reads the two layouts its dataset_info.json can
	 * describe. */
	if (s->target != NULL && s->target->fmt == NX_FORMAT_SHAREGPT &&
	    s->reformat && s->fmt != NX_FORMAT_SHAREGPT &&
	    s->fmt != NX_FORMAT_ALPACA)
		return nx_error_set(err, "--target llamafactory writes "
					 "--format sharegpt or alpaca");
	if ((s->sp.by == NX_SPLIT_CLUSTER) != (s->clusters != NULL))
		return nx_error_set(
		    err, "--by cluster and --clusters go together");
	if (s->strata.by != NX_STRATA_NONE && !s->shuffle)
		return nx_error_set(err, "--stratify needs --shuffle");
	if (s->shuffle && s->shares.n > 0)
		return nx_error_set(err,
		    "--max-share works with hash placement, not --shuffle");
	if (s->shuffle && s->sp.by != NX_SPLIT_PROMPT)
		return nx_error_set(
		    err, "--shuffle places records, not keys: drop --by");
	if (s->paths[2] != NULL && s->sp.nsides < 3)
		return nx_error_set(err, "--test needs three --ratios");
	return 0;
}

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

int
nx_splitter_setup(struct nx_splitter *s, struct nx_error *err)
{
	if (s->sp.by == NX_SPLIT_CLUSTER)
		s->check_leakage = 1;
	if (s->check_leakage && nx_twins_new(&s->twins, 0.8, err) < 0)
		return -1;
	s->measure =
	    s->stats || s->report != NULL || (s->dir_given && !s->no_card);
	if (s->target != NULL) {
		/* A tools list is the function schemas the trainer reads
		 * line by line, never through Arrow: kept as given. */
		if ((s->schema = nx_schema_new()) == NULL ||
		    (!s->target->tools_string &&
			nx_schema_keep(s->schema, "tools") < 0))
			return nx_error_nomem(err);
		for (int i = 0; i < NX_SPLIT_MAX_SIDES; i++)
			s->names[i] = s->target->names[i];
		if (!s->reformat) {
			s->fmt = s->target->fmt;
			s->reformat = 1;
			s->target_fmt = 1;
		}
	}
	return 0;
}

/* --names, after the target's: one for each of the files. */
int
nx_splitter_names(struct nx_splitter *s, struct nx_error *err)
{
	if (s->namelist != NULL &&
	    names(s->namelist, s->names, NX_SPLIT_MAX_SIDES) != s->sp.nsides)
		return nx_error_set(err,
		    "--names: one name for each of the %d files", s->sp.nsides);
	return 0;
}

/* "DIR/NAME.jsonl": a new string, or NULL (no memory). */
static char *
join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 8;
	char *p = malloc(n);

	if (p != NULL)
		snprintf(p, n, "%s/%s.jsonl", dir, name);
	return p;
}

int
nx_splitter_distinct(const struct nx_splitter *s, const char *rejects,
    char **argv, int argc, struct nx_error *err)
{
	int nfiles = s->shards > 0 ? s->shards : s->sp.nsides;
	struct nx_path *outs = calloc((size_t)nfiles + 2, sizeof(*outs));
	struct nx_path *ins = calloc((size_t)argc + 1, sizeof(*ins));
	char **made = calloc((size_t)nfiles, sizeof(*made));
	size_t nin = 0;
	int rc = -1;

	if (outs == NULL || ins == NULL || made == NULL) {
		nx_error_nomem(err);
		goto out;
	}
	for (int i = 0; i < nfiles; i++) {
		static const char *opts[] = {
		    "--train", "--validation", "--test"};

		outs[i].what = s->shards > 0 ? "shard" : "-d";
		if (s->shards == 0 && s->paths[i] != NULL) {
			outs[i].path = s->paths[i];
			outs[i].what = opts[i];
		} else if ((outs[i].path = made[i] = s->shards > 0
				   ? nx_shards_path(s->dir, i)
				   : join(s->dir, s->names[i])) == NULL) {
			nx_error_nomem(err);
			goto out;
		}
	}
	outs[nfiles] = (struct nx_path){"--rejects", rejects};
	outs[nfiles + 1] = (struct nx_path){"--report", s->report};
	for (int i = 0; i < argc; i++)
		ins[nin++] = (struct nx_path){"input", argv[i]};
	if (s->clusters != NULL)
		ins[nin++] = (struct nx_path){"--clusters", s->clusters};
	rc = nx_output_distinct(outs, (size_t)nfiles + 2, ins, nin, err);
out:
	for (int i = 0; made != NULL && i < nfiles; i++)
		free(made[i]);
	free(made);
	free(outs);
	free(ins);
	return rc;
}

void
nx_splitter_start(struct nx_splitter *s, struct nx_tokenizer *tok)
{
	s->tok = tok;
	nx_stats_init(&s->st);
	s->st.tok = s->tok;
	s->st.turn_tokens = s->turn_tokens;
	s->rejects.stats = &s->st;
}

int
nx_splitter_open(struct nx_splitter *s, struct nx_error *err)
{
	for (int i = 0; i < s->sp.nsides; i++) {
		struct nx_split_side *sd = &s->side[i];

		nx_stats_init(&sd->st);
		sd->st.tok = s->tok;
		sd->st.turn_tokens = s->turn_tokens;
		sd->st.per_file = 1;
		sd->name = s->names[i];
		sd->path = s->paths[i] != NULL ? strdup(s->paths[i])
					       : join(s->dir, s->names[i]);
		if (sd->path == NULL)
			return nx_error_nomem(err);
		if (nx_output_open(&sd->out, sd->path, err) < 0)
			return -1;
	}
	if (nx_minvalid_init(&s->cand, s->shuffle ? 0 : s->min_valid, err) < 0)
		return -1;
	return 0;
}

/* Prompts (normalised) found in train and in another file. */
unsigned long long
nx_splitter_leaked(struct nx_splitter *s)
{
	unsigned long long n = 0;

	for (int i = 1; i < s->sp.nsides; i++)
		n += nx_keys_shared(&s->side[0].prompts, &s->side[i].prompts);
	return n;
}

/* The trainer's own size rules for each file. */
int
nx_splitter_check_sizes(const struct nx_splitter *s, struct nx_error *err)
{
	for (int i = 0; s->target != NULL && i < s->sp.nsides; i++)
		if (nx_target_check_file(s->target, s->side[i].path,
			s->side[i].st.written, s->side[i].bytes, err) < 0)
			return -1;
	return 0;
}

/* The report as one JSON object: the input's figures, then each file's. */
static int
report_json(struct nx_buf *b, const struct nx_splitter *s)
{
	if (nx_buf_adds(b, "{\"input\":") < 0 || nx_stats_json(b, &s->st) < 0 ||
	    nx_buf_adds(b, ",\"files\":[") < 0)
		return -1;
	for (int i = 0; i < s->sp.nsides; i++) {
		const struct nx_split_side *sd = &s->side[i];

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

int
nx_splitter_report(
    const struct nx_splitter *s, const char *path, struct nx_error *err)
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

int
nx_splitter_card(
    struct nx_splitter *s, int argc, char **argv, struct nx_error *err)
{
	struct nx_card *c = &s->card;

	free(s->command);
	if ((s->command = command_line(argc, argv)) == NULL)
		return nx_error_nomem(err);
	c->dir = s->dir;
	c->command = s->command;
	c->format = s->reformat ? nx_format_name(s->fmt) : NULL;
	c->target = s->target != NULL ? s->target->name : NULL;
	c->tokenizer = s->tokenizer;
	c->input = &s->st;
	c->nfiles = 0;
	for (int i = 0; i < s->sp.nsides && i < NX_CARD_MAX_FILES; i++) {
		c->files[i].split = s->side[i].name;
		c->files[i].path = s->side[i].path;
		c->files[i].st = &s->side[i].st;
		c->nfiles++;
	}
	return 0;
}

void
nx_splitter_free(struct nx_splitter *s)
{
	nx_twins_free(s->twins);
	for (int i = 0; i < s->sp.nsides; i++) {
		free(s->side[i].path);
		nx_keys_free(&s->side[i].prompts);
		free(s->side[i].twinned);
		nx_stats_free(&s->side[i].st);
	}
	nx_minvalid_free(&s->cand);
	nx_strata_free(&s->strata);
	nx_shares_free(&s->shares);
	nx_split_clusters_free(&s->sp);
	nx_stats_free(&s->st);
	nx_schema_free(s->schema);
	nx_buf_free(&s->line);
	free(s->command);
}
