#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "dupes.h"
#include "format.h"
#include "paraphrase.h"
#include "text.h"

/* Payload bits: a group of this run (keep longest/newest), and an entry of
 * --against (never saved to --seen).  Other payloads are label offsets. */
#define GROUP ((uint64_t)1 << 62)
#define AGAINST ((uint64_t)1 << 63)
#define OFFSET(p) ((p) & ~(GROUP | AGAINST))

static void keys_free(struct nx_dupes_keys *k);

struct nx_dupes_group {
	size_t first, winner;
	unsigned long long length; /* longest */
	char *stamp;		   /* newest; NULL: none */
};

int
nx_dupes_open(struct nx_dupes *d, enum nx_dedup_mode mode, double threshold,
    enum nx_dupes_key key, enum nx_dupes_keep keep, int labelled,
    const char *clusters, struct nx_error *err)
{
	memset(d, 0, sizeof(*d));
	d->key = key;
	d->keep = keep;
	d->labelled = labelled || keep != NX_KEEP_FIRST;
	if (nx_dedup_new(&d->index, mode, threshold, err) < 0)
		return -1;
	if ((d->labels = tmpfile()) == NULL)
		return nx_error_sys(err, "temporary file");
	if (clusters != NULL && nx_output_open(&d->clusters, clusters, err) < 0)
		return -1;
	/* The twins a record has by the key the index compares are found
	 * there, unless a group stands between (keep longest, newest). */
	for (int k = 0; clusters != NULL && k < 2; k++)
		if ((keep != NX_KEEP_FIRST ||
			key != (k == 0 ? NX_DUPES_PROMPT : NX_DUPES_PAIR)) &&
		    nx_dedup_new(&d->twins[k], mode,
			threshold < 0.8 ? threshold : 0.8, err) < 0)
			return -1;
	return 0;
}

void
nx_dupes_close(struct nx_dupes *d)
{
	nx_dedup_free(d->index);
	nx_dedup_free(d->twins[0]);
	nx_dedup_free(d->twins[1]);
	free(d->node_label);
	free(d->node_outer);
	free(d->node_up);
	if (d->labels != NULL)
		fclose(d->labels);
	nx_output_abort(d->clusters);
	keys_free(&d->k);
	nx_buf_free(&d->label);
	for (size_t g = 0; g < d->ngroups; g++)
		free(d->groups[g].stamp);
	free(d->groups);
	free(d->link);
	free(d->sim);
	free(d->off);
	memset(d, 0, sizeof(*d));
}

/*
 * The normalised key of rec into d->norm; when it is short (fewer than
 * NX_PARA_SHORT code points), its words too (the canonical form of each
 * part, nx_para_canon), else d->words is empty.
 */
static int
key_of(struct nx_dupes_keys *d, enum nx_dupes_key key,
    const struct nx_record *rec, struct nx_error *err)
{
	struct nx_str parts[2] = {rec->prompt, rec->completion};
	int from = key == NX_DUPES_COMPLETION ? 1 : 0;
	int to = key == NX_DUPES_PROMPT ? 1 : 2;
	int any = 0;

	nx_buf_reset(&d->norm);
	nx_buf_reset(&d->words);
	for (int i = from; i < to; i++) {
		if (i > from && nx_buf_addc(&d->norm, '\x1f') < 0)
			return nx_error_set(err, "out of memory");
		if (nx_text_normalize(&d->norm, parts[i].s, parts[i].len,
			NX_NORM_PUNCT, err) < 0)
			return -1;
	}
	if (nx_text_length(d->norm.data, d->norm.len) >= NX_PARA_SHORT)
		return 0;
	for (int i = from; i < to; i++) {
		if (nx_para_canon(&d->canon, parts[i].s, parts[i].len,
			&d->scratch, err) < 0)
			return -1;
		any |= d->canon.len > 0;
		if ((i > from && nx_buf_addc(&d->words, '\x1f') < 0) ||
		    nx_buf_add(&d->words, d->canon.data, d->canon.len) < 0)
			return nx_error_set(err, "out of memory");
	}
	if (!any) /* fillers only ("hi!"): judged by characters */
		nx_buf_reset(&d->words);
	return 0;
}

static void
keys_free(struct nx_dupes_keys *k)
{
	nx_buf_free(&k->norm);
	nx_buf_free(&k->words);
	nx_buf_free(&k->canon);
	nx_buf_free(&k->scratch);
}

/* Every near twin of rec by prompt (k 0) or pair (k 1) in index d. */
static int
twin_each(struct nx_dupes_keys *kb, struct nx_dedup *d, int k,
    const struct nx_record *rec, int add, uint64_t payload,
    int (*skip)(void *ctx, uint64_t payload),
    int (*each)(void *ctx, uint64_t payload, double sim), void *ctx,
    struct nx_error *err)
{
	if (key_of(kb, k == 0 ? NX_DUPES_PROMPT : NX_DUPES_PAIR, rec, err) < 0)
		return -1;
	return nx_dedup_each(d, kb->norm.data ? kb->norm.data : "",
	    kb->norm.len, kb->words.len > 0 ? kb->words.data : NULL,
	    kb->words.len, add, payload, skip, each, ctx, err);
}

/* Who a record is, for dup_of and --clusters: its id, else file:line. */
static void
describe(
    struct nx_buf *b, const struct nx_record *rec, const struct nx_where *w)
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

/* Append a label to the labels file; its offset into *off. */
static int
write_label(struct nx_dupes *d, const char *s, size_t n, uint64_t *off)
{
	uint32_t len = (uint32_t)n;

	*off = d->end;
	if (fwrite(&len, sizeof(len), 1, d->labels) != 1 ||
	    fwrite(s, 1, len, d->labels) != len)
		return -1;
	d->end += sizeof(len) + len;
	return 0;
}

/* The label at offset off into d->label. */
static int
read_label(struct nx_dupes *d, uint64_t off, struct nx_error *err)
{
	uint32_t len;
	ssize_t got;

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

/* The {dup_of, similarity} of a duplicate of the record labelled at off. */
static int
extra_of(struct nx_dupes *d, int labelled, uint64_t off, double sim,
    json_t **extra, struct nx_error *err)
{
	if (!labelled) {
		*extra = json_pack("{s:f}", "similarity", sim);
		return 0;
	}
	if (read_label(d, off, err) < 0)
		return -1;
	*extra = json_pack("{s:s%,s:f}", "dup_of", d->label.data, d->label.len,
	    "similarity", sim);
	return 0;
}

/* --- clusters ------------------------------------------------------------ */

/* The root of node n's component (halving the path). */
static size_t
root_of(struct nx_dupes *d, size_t n)
{
	while (d->node_up[n] != n) {
		d->node_up[n] = d->node_up[d->node_up[n]];
		n = d->node_up[n];
	}
	return n;
}

/* Join the components of nodes a and b; the earlier root stands for both. */
static void
join(struct nx_dupes *d, size_t a, size_t b)
{
	a = root_of(d, a);
	b = root_of(d, b);
	if (a < b)
		d->node_up[b] = (uint32_t)a;
	else if (b < a)
		d->node_up[a] = (uint32_t)b;
}

/* A new node for the record labelled at off; its number is d->nnodes - 1. */
static int
add_node(struct nx_dupes *d, uint64_t off)
{
	if (d->nnodes == d->nodecap) {
		size_t cap = d->nodecap ? d->nodecap * 2 : 1024;
		uint64_t *l = realloc(d->node_label, cap * sizeof(*l)), *o;
		uint32_t *u;

		if (l == NULL)
			return -1;
		d->node_label = l;
		if ((o = realloc(d->node_outer, cap * sizeof(*o))) == NULL)
			return -1;
		d->node_outer = o;
		if ((u = realloc(d->node_up, cap * sizeof(*u))) == NULL)
			return -1;
		d->node_up = u;
		d->nodecap = cap;
	}
	if (d->nnodes >= UINT32_MAX)
		return -1;
	d->node_label[d->nnodes] = off;
	d->node_outer[d->nnodes] = UINT64_MAX;
	d->node_up[d->nnodes] = (uint32_t)d->nnodes;
	d->nnodes++;
	return 0;
}

/*
 * The newest node duplicates the entry whose payload is payload: join it
 * to that record of this run, or note the --seen/--against record.
 */
static void
join_payload(struct nx_dupes *d, uint64_t payload)
{
	size_t n = d->nnodes - 1, lo = 0, hi = n;
	uint64_t off = OFFSET(payload);

	if (payload & GROUP) {
		join(d, n, d->groups[off].first);
		return;
	}
	/* Labels are written in order: this run's come after the others. */
	while (!(payload & AGAINST) && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->node_label[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!(payload & AGAINST) && lo < n && d->node_label[lo] == off)
		join(d, n, lo);
	else
		d->node_outer[n] = off;
}

/* A twin already in the newest node's cluster adds nothing. */
static int
joined_already(void *ctx, uint64_t payload)
{
	struct nx_dupes *d = ctx;

	return root_of(d, (size_t)payload) == root_of(d, d->nnodes - 1);
}

static int
join_twin(void *ctx, uint64_t payload, double sim)
{
	struct nx_dupes *d = ctx;

	(void)sim;
	join(d, d->nnodes - 1, (size_t)payload);
	return 0;
}

/* Join the newest node, rec, to every near twin by prompt and by pair. */
static int
join_twins(
    struct nx_dupes *d, const struct nx_record *rec, struct nx_error *err)
{
	for (int k = 0; k < 2; k++)
		if (d->twins[k] != NULL &&
		    twin_each(&d->k, d->twins[k], k, rec, 1, d->nnodes - 1,
			joined_already, join_twin, d, err) < 0)
			return -1;
	return 0;
}

/*
 * The --clusters lines, one a node in order: its label, and the label of
 * the record that stands for its component — a --seen or --against record
 * it reaches, else the first kept record (the component's first record,
 * or with keep longest/newest, its group's winner).
 */
static int
write_clusters(struct nx_dupes *d, struct nx_error *err)
{
	struct nx_buf line = NX_BUF_INIT;
	FILE *fp = nx_output_stream(d->clusters);
	int rc = 0;

	for (size_t n = 0; n < d->nnodes; n++) {
		size_t r = root_of(d, n);

		if (d->node_outer[n] != UINT64_MAX &&
		    d->node_outer[r] == UINT64_MAX)
			d->node_outer[r] = d->node_outer[n];
	}
	for (size_t n = 0; rc == 0 && n < d->nnodes; n++) {
		size_t r = root_of(d, n);
		uint64_t name = d->node_outer[r];

		if (name == UINT64_MAX)
			name = d->keep == NX_KEEP_FIRST
			    ? d->node_label[r]
			    : d->off[d->groups[OFFSET(d->link[r])].winner];
		nx_buf_reset(&line);
		if (read_label(d, d->node_label[n], err) < 0) {
			rc = -1;
			break;
		}
		nx_buf_adds(&line, "{\"id\":");
		nx_format_json_string(&line, d->label.data, d->label.len);
		nx_buf_adds(&line, ",\"cluster\":");
		if (read_label(d, name, err) < 0) {
			rc = -1;
			break;
		}
		nx_format_json_string(&line, d->label.data, d->label.len);
		if (nx_buf_adds(&line, "}\n") < 0)
			rc = nx_error_set(err, "out of memory");
		else if (fwrite(line.data, 1, line.len, fp) != line.len)
			rc = nx_error_sys(
			    err, "write %s", nx_output_name(d->clusters));
	}
	nx_buf_free(&line);
	return rc;
}

/*
 * Look rec up, adding it when new with the payload *payload (which is
 * replaced by the entry's on a duplicate).  1 duplicate, 0 new, -1.
 */
static int
lookup(struct nx_dupes *d, const struct nx_record *rec, uint64_t *payload,
    double *sim, struct nx_error *err)
{
	struct nx_dupes_keys *k = &d->k;

	if (key_of(k, d->key, rec, err) < 0)
		return -1;
	return nx_dedup_check_words(d->index, k->norm.data ? k->norm.data : "",
	    k->norm.len, k->words.len > 0 ? k->words.data : NULL, k->words.len,
	    1, payload, sim, err);
}

/*
 * --clusters: the record just looked up (1 a duplicate of the entry whose
 * payload is payload, 0 new), labelled at off, becomes a node, joined to
 * what it matched.
 */
static int
cluster_node(struct nx_dupes *d, const struct nx_record *rec, int dup,
    uint64_t payload, uint64_t off, struct nx_error *err)
{
	if (d->clusters == NULL || d->against)
		return 0;
	if (add_node(d, off) < 0)
		return nx_error_set(err, "out of memory");
	if (dup)
		join_payload(d, payload);
	return join_twins(d, rec, err);
}

int
nx_dupes_check(struct nx_dupes *d, const struct nx_record *rec,
    const struct nx_where *w, json_t **extra, struct nx_error *err)
{
	uint64_t payload = d->end | (d->against ? AGAINST : 0), off = 0;
	double sim;
	int rc;

	*extra = NULL;
	if ((rc = lookup(d, rec, &payload, &sim, err)) < 0)
		return -1;
	if (rc == 1 &&
	    extra_of(d, d->labelled, OFFSET(payload), sim, extra, err) < 0)
		return -1;
	/* Note who it is: where the index's payload points when kept; a
	 * duplicate too when it is to be in --clusters. */
	if (d->labelled && (rc == 0 || (d->clusters != NULL && !d->against))) {
		describe(&d->label, rec, w);
		if (write_label(d, d->label.data, d->label.len, &off) < 0)
			return nx_error_sys(err, "write temporary file");
	}
	return cluster_node(d, rec, rc, payload, off, err) < 0 ? -1 : rc;
}

int
nx_dupes_against(
    struct nx_dupes *d, char *path, size_t max_line, struct nx_error *err)
{
	struct nx_input *in;
	struct nx_record rec;
	struct nx_where w;
	const char *reason;
	json_t *extra;
	enum nx_input_status s;
	int rc = 0;

	if (nx_input_open(&in, &path, 1, max_line, NX_INPUT_SCAN, err) < 0)
		return -1;
	d->against = 1;
	nx_record_init(&rec);
	while (rc == 0 &&
	    (s = nx_input_next(in, &rec, &w, &reason, err)) != NX_INPUT_END) {
		if (s == NX_INPUT_ERROR)
			rc = -1;
		else if (s == NX_INPUT_RECORD) {
			rc = nx_dupes_check(d, &rec, &w, &extra, err) < 0 ? -1
									  : 0;
			json_decref(extra);
		}
	}
	d->against = 0;
	nx_record_free(&rec);
	nx_input_close(in);
	return rc;
}

/* --- keep longest, newest ------------------------------------------------ */

/* The newest record's mark: the first of these metadata strings. */
static char *
stamp_of(struct nx_dupes *d, const struct nx_record *rec)
{
	static const char *const keys[] = {
	    "timestamp", "cached_at", "created_at"};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (nx_record_metadata_string(&d->label, rec, keys[i]) == 0)
			return strndup(
			    d->label.data ? d->label.data : "", d->label.len);
	return NULL;
}

/* Whether rec beats group g's winner: strictly longer, or newer. */
static int
beats(struct nx_dupes *d, struct nx_dupes_group *g, const struct nx_record *rec,
    char **stamp)
{
	if (d->keep == NX_KEEP_LONGEST)
		return nx_text_length(rec->completion.s, rec->completion.len) >
		    g->length;
	*stamp = stamp_of(d, rec);
	return *stamp != NULL &&
	    (g->stamp == NULL || strcmp(*stamp, g->stamp) > 0);
}

static int
grow_offered(struct nx_dupes *d)
{
	size_t cap = d->offcap ? d->offcap * 2 : 4096;
	uint64_t *link = realloc(d->link, cap * sizeof(*link)), *off;
	float *sim;

	if (link == NULL)
		return -1;
	d->link = link;
	if ((sim = realloc(d->sim, cap * sizeof(*sim))) == NULL)
		return -1;
	d->sim = sim;
	if ((off = realloc(d->off, cap * sizeof(*off))) == NULL)
		return -1;
	d->off = off;
	d->offcap = cap;
	return 0;
}

int
nx_dupes_offer(struct nx_dupes *d, const struct nx_record *rec,
    const struct nx_where *w, struct nx_error *err)
{
	size_t n = d->noffered;
	uint64_t payload = GROUP | d->ngroups;
	double sim = 1;
	int rc;

	if (n == d->offcap && grow_offered(d) < 0)
		return nx_error_set(err, "out of memory");
	describe(&d->label, rec, w);
	if (write_label(d, d->label.data, d->label.len, &d->off[n]) < 0)
		return nx_error_sys(err, "write temporary file");
	if ((rc = lookup(d, rec, &payload, &sim, err)) < 0)
		return -1;
	d->link[n] = payload;
	d->sim[n] = (float)sim;
	d->noffered++;
	if (rc == 0) {
		struct nx_dupes_group *g;

		if (d->ngroups == d->groupcap) {
			size_t cap = d->groupcap ? d->groupcap * 2 : 1024;

			if ((g = realloc(d->groups, cap * sizeof(*g))) == NULL)
				return nx_error_set(err, "out of memory");
			d->groups = g;
			d->groupcap = cap;
		}
		g = &d->groups[d->ngroups++];
		g->first = g->winner = n;
		g->length =
		    nx_text_length(rec->completion.s, rec->completion.len);
		g->stamp = d->keep == NX_KEEP_NEWEST ? stamp_of(d, rec) : NULL;
	} else if (payload & GROUP) {
		struct nx_dupes_group *g = &d->groups[OFFSET(payload)];
		char *stamp = NULL;

		if (beats(d, g, rec, &stamp)) {
			g->winner = n;
			g->length = nx_text_length(
			    rec->completion.s, rec->completion.len);
			free(g->stamp);
			g->stamp = stamp;
		} else
			free(stamp);
	}
	/* the group made or joined above is what the node joins */
	return cluster_node(d, rec, 1, payload, d->off[n], err);
}

int
nx_dupes_verdict(struct nx_dupes *d, size_t n, const struct nx_record *rec,
    const struct nx_where *w, json_t **extra, struct nx_error *err)
{
	uint64_t link = d->link[n], off;

	(void)rec;
	(void)w;
	*extra = NULL;
	if (link & GROUP) {
		size_t winner = d->groups[OFFSET(link)].winner;

		off = d->off[winner];
		if (winner == n)
			off = UINT64_MAX;
	} else
		off = OFFSET(link); /* a --seen or --against record */
	if (off != UINT64_MAX && extra_of(d, 1, off, d->sim[n], extra, err) < 0)
		return -1;
	return off != UINT64_MAX;
}

/* --- --seen ------------------------------------------------------------------
 */

/* A saved label, into the labels file: the payload is its offset. */
static int
store_label(void *ctx, const char *label, size_t len, uint64_t *payload)
{
	return write_label(ctx, label, len, payload);
}

/* The label of a payload, for saving; 1 leaves --against entries out. */
static int
save_label(void *ctx, uint64_t payload, struct nx_buf *out)
{
	struct nx_dupes *d = ctx;
	struct nx_error err;
	uint64_t off = OFFSET(payload);

	if (payload & AGAINST)
		return 1;
	if (payload & GROUP)
		off = d->off[d->groups[off].winner];
	if (read_label(d, off, &err) < 0)
		return -1;
	nx_buf_reset(out);
	return nx_buf_add(out, d->label.data, d->label.len);
}

int
nx_dupes_load_seen(struct nx_dupes *d, const char *path, struct nx_error *err)
{
	FILE *fp = fopen(path, "rb");
	int rc, c;

	if (fp == NULL)
		return errno == ENOENT ? 0 : nx_error_sys(err, "open %s", path);
	/* Empty: made by the lock of a first run (nx_output_lock). */
	if ((c = getc(fp)) == EOF && !ferror(fp)) {
		fclose(fp);
		return 0;
	}
	ungetc(c, fp);
	rc = nx_dedup_load(d->index, fp, path, store_label, d, err);
	fclose(fp);
	return rc;
}

int
nx_dupes_finish(struct nx_dupes *d, struct nx_output *seen,
    struct nx_output **clusters, struct nx_error *err)
{
	if (d->clusters != NULL && write_clusters(d, err) < 0)
		return -1;
	*clusters = d->clusters;
	d->clusters = NULL;
	if (seen != NULL &&
	    nx_dedup_save(
		d->index, nx_output_stream(seen), save_label, d, err) < 0)
		return -1;
	return 0;
}

/* --- near twins across files ---------------------------------------------- */

struct nx_twins {
	struct nx_dedup *idx[2][2]; /* [train, others][prompt, pair] */
	struct nx_dupes_keys k;
	/* the record being added, for found */
	uint64_t self;
	int by;
	int (*found)(void *, uint64_t, uint64_t, int, double);
	int (*skip)(void *, uint64_t, uint64_t);
	void *ctx;
};

int
nx_twins_new(struct nx_twins **out, double threshold, struct nx_error *err)
{
	struct nx_twins *t = calloc(1, sizeof(*t));

	*out = t;
	if (t == NULL)
		return nx_error_set(err, "out of memory");
	for (int s = 0; s < 2; s++)
		for (int k = 0; k < 2; k++)
			if (nx_dedup_new(&t->idx[s][k], NX_DEDUP_NEAR,
				threshold, err) < 0)
				return -1;
	return 0;
}

static int
twin_skip(void *ctx, uint64_t payload)
{
	struct nx_twins *t = ctx;

	return t->skip(t->ctx, t->self, payload);
}

static int
twin_found(void *ctx, uint64_t payload, double sim)
{
	struct nx_twins *t = ctx;

	return t->found(t->ctx, t->self, payload, t->by, sim);
}

/* Added whether a twin of its own side or not. */
static int
twin_none(void *ctx, uint64_t payload, double sim)
{
	(void)ctx;
	(void)payload;
	(void)sim;
	return 0;
}

int
nx_twins_add(struct nx_twins *t, const struct nx_record *rec, int side,
    uint64_t payload, int (*skip)(void *ctx, uint64_t self, uint64_t other),
    int (*found)(void *ctx, uint64_t self, uint64_t other, int by, double sim),
    void *ctx, struct nx_error *err)
{
	int s = side == 0 ? 0 : 1;

	t->self = payload;
	t->skip = skip;
	t->found = found;
	t->ctx = ctx;
	for (int k = 0; k < 2; k++) {
		t->by = k;
		/* the other kind's twins first, then this one added */
		if (twin_each(&t->k, t->idx[!s][k], k, rec, 0, payload,
			t->skip != NULL ? twin_skip : NULL, twin_found, t,
			err) < 0 ||
		    twin_each(&t->k, t->idx[s][k], k, rec, 1, payload, NULL,
			twin_none, NULL, err) < 0)
			return -1;
	}
	return 0;
}

void
nx_twins_free(struct nx_twins *t)
{
	if (t == NULL)
		return;
	for (int s = 0; s < 2; s++)
		for (int k = 0; k < 2; k++)
			nx_dedup_free(t->idx[s][k]);
	keys_free(&t->k);
	free(t);
}
