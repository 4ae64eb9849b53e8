/*
 * place: where each record goes — by its key (and --max-share's cuts),
 * by a seeded shuffle (and --stratify's quotas), or into --shards — and
 * --min-valid's moves from train to validation once all is placed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "output.h"
#include "rand.h"
#include "reader.h"
#include "splitter.h"
#include "spool.h"

static int
hash_split(struct nx_splitter *s, struct nx_input *in, int *status,
    struct nx_error *err)
{
	struct nx_record rec;
	struct nx_where w;
	int rc;

	nx_record_init(&rec);
	while ((rc = nx_rejects_next(&s->rejects, in, &rec, &w, status, err)) >
	    0) {
		uint64_t key;
		int fallback, i;

		if ((rc = nx_split_key(&key, &fallback, &s->sp, &rec, err)) < 0)
			break;
		s->fallbacks += fallback;
		i = nx_split_side(&s->sp, key);
		if ((i == 0 &&
			(rc = nx_minvalid_note(&s->cand, key,
			     (long)s->side[0].st.written, err)) < 0) ||
		    (rc = nx_splitter_put(s, i, &rec, &w, err)) < 0)
			break;
	}
	nx_record_free(&rec);
	return rc < 0 ? -1 : 0;
}

/* --- mixing --------------------------------------------------------------- */

/*
 * Hash mode with --max-share: the records are spooled with their side and
 * rule memberships as the tag, the cuts computed, then written.
 */
static int
mix_split(struct nx_splitter *s, struct nx_input *in, int *status,
    struct nx_error *err)
{
	struct nx_spool *sp;
	struct nx_record rec;
	struct nx_where w;
	unsigned long long total[NX_SPLIT_MAX_SIDES] = {0};
	int rc;

	if (nx_spool_open(&sp, err) < 0)
		return -1;
	nx_record_init(&rec);
	while ((rc = nx_rejects_next(&s->rejects, in, &rec, &w, status, err)) >
	    0) {
		uint64_t key;
		int fallback, side;
		uint16_t tag;

		if ((rc = nx_split_key(&key, &fallback, &s->sp, &rec, err)) < 0)
			break;
		s->fallbacks += fallback;
		side = nx_split_side(&s->sp, key);
		tag = (uint16_t)side;
		total[side]++;
		if ((rc = nx_shares_note(&s->shares, s->sp.seed, side, &rec,
			 w.raw, w.rawlen, &tag, err)) < 0)
			break;
		if ((rc = nx_spool_add(sp, w.raw, w.rawlen, tag, err)) < 0)
			break;
	}
	if (rc == 0 && (rc = nx_spool_seal(sp, err)) == 0)
		nx_shares_cut(&s->shares, total, s->sp.nsides);
	for (size_t i = 0; rc == 0 && i < nx_spool_count(sp); i++) {
		uint16_t tag = nx_spool_tag(sp, i);
		int side = tag & 3;
		const char *over;
		uint64_t key;
		int fallback;

		if ((rc = nx_spool_get(sp, i, &w.raw, &w.rawlen, err)) < 0)
			break;
		w.file = "<spooled>";
		w.line = (long)i + 1;
		if (!nx_record_scan(&rec, w.raw, w.rawlen) &&
		    (rc = nx_record_parse(&rec, w.raw, w.rawlen, err)) < 0)
			break;
		if ((over = nx_shares_over(&s->shares, s->sp.seed, tag, side,
			 w.raw, w.rawlen)) != NULL) {
			struct nx_reject rj = {"mix", w.file, w.line,
			    "over its --max-share", NULL};

			rc = nx_rejects_add(
			    &s->rejects, &rj, &rec, w.raw, w.rawlen, 0, err);
			continue;
		}
		if (side == 0 &&
		    ((rc = nx_split_key(&key, &fallback, &s->sp, &rec, err)) <
			    0 ||
			(rc = nx_minvalid_note(&s->cand, key,
			     (long)s->side[0].st.written, err)) < 0))
			break;
		rc = nx_splitter_put(s, side, &rec, &w, err);
	}
	nx_record_free(&rec);
	nx_spool_close(sp);
	return rc < 0 ? -1 : 0;
}

/*
 * Too few validation records: move the train groups nearest the cut into
 * validation, whole groups only, never the last train record.  The train
 * file is read back and written anew without them.
 */
static int
fill_validation(struct nx_splitter *s, struct nx_error *err)
{
	struct nx_split_side *train = &s->side[0], *valid = &s->side[1];
	unsigned long long need, have = valid->st.written;
	unsigned long long left = train->st.written;
	long *move = NULL;
	size_t nmove = 0;
	struct nx_output *fresh = NULL;
	struct nx_reader *r = NULL;
	struct nx_line line;
	struct nx_record rec;
	long idx = 0;
	size_t j = 0;
	int rc = -1, got;

	nx_record_init(&rec);
	if (have >= s->min_valid)
		return 0;
	need = s->min_valid - have;
	if (nx_minvalid_lines(&move, &nmove, &s->cand, need, left, err) < 0)
		goto out;
	if (nmove == 0) {
		rc = 0;
		goto out;
	}
	if (fflush(nx_output_stream(train->out)) == EOF) {
		nx_error_sys(err, "write %s", train->path);
		goto out;
	}
	if (nx_output_temp_path(train->out) == NULL) {
		nx_error_set(err,
		    "%s: not a regular file, so records cannot be moved from "
		    "it to %s (--min-valid)",
		    train->path, valid->path);
		goto out;
	}
	/* Every line written is read back, however long. */
	if (nx_reader_open(&r, nx_output_temp_path(train->out), SIZE_MAX, err) <
		0 ||
	    nx_output_open(&fresh, train->path, err) < 0)
		goto out;
	while ((got = nx_reader_next(r, &line, err)) == NX_READ_LINE) {
		struct nx_split_side *to =
		    j < nmove && move[j] == idx ? valid : train;
		FILE *fp = to == valid ? nx_output_stream(valid->out)
				       : nx_output_stream(fresh);

		j += to == valid;
		idx++;
		if (fwrite(line.data, 1, line.len, fp) != line.len ||
		    putc('\n', fp) == EOF) {
			nx_error_sys(err, "write %s", to->path);
			goto out;
		}
		if (to == valid) {
			valid->bytes += line.len + 1;
			train->bytes -= line.len + 1;
			/* Lines we wrote parse in any format we write. */
			if (nx_record_parse(&rec, line.data, line.len, err) ==
			    0) {
				if (s->measure) {
					nx_stats_unwritten(&train->st, &rec);
					nx_stats_written(&valid->st, &rec);
				} else {
					train->st.written--;
					valid->st.written++;
				}
			}
		}
	}
	if (got == NX_READ_LONG)
		nx_error_set(err, "%s: line %ld could not be read back",
		    train->path, line.lineno);
	if (got != NX_READ_EOF)
		goto out;
	nx_output_abort(train->out);
	train->out = fresh;
	fresh = NULL;
	rc = 0;
out:
	nx_record_free(&rec);
	if (rc < 0 && err->msg[0] == '\0')
		nx_error_set(err, "out of memory");
	nx_reader_close(r);
	nx_output_abort(fresh);
	free(move);
	return rc;
}

/* Spool every good record, with its stratum as the tag. */
static int
spool_input(struct nx_splitter *s, struct nx_input *in, struct nx_spool *sp,
    int *status, struct nx_error *err)
{
	struct nx_record rec;
	struct nx_where w;
	uint16_t tag = 0;
	int rc;

	nx_record_init(&rec);
	while (
	    (rc = nx_rejects_next(&s->rejects, in, &rec, &w, status, err)) > 0)
		if ((rec.kind != NX_KIND_REPLY &&
			nx_error_set(err,
			    "%s:%ld: --shuffle places records one by one and "
			    "would part the preferences of one prompt: drop "
			    "--shuffle",
			    w.file, (long)w.line) < 0) ||
		    nx_strata_of(&s->strata, &rec, &tag, err) < 0 ||
		    nx_spool_add(sp, w.raw, w.rawlen, tag, err) < 0) {
			rc = -1;
			break;
		}
	nx_record_free(&rec);
	return rc < 0 || nx_spool_seal(sp, err) < 0 ? -1 : 0;
}

/*
 * Records in the order of a seeded permutation; each stratum's first ones
 * go to train, the next to validation, and so on.
 */
static int
shuffle_split(struct nx_splitter *s, struct nx_input *in, int *status,
    struct nx_error *err)
{
	struct nx_spool *sp;
	struct nx_record rec;
	struct nx_where w = {"<shuffled>", 0, NULL, 0};
	struct nx_perm perm;
	unsigned long long *q = NULL, *used = NULL, *size = NULL;
	size_t n;
	int rc = -1, nsides = s->sp.nsides;

	if (nx_spool_open(&sp, err) < 0)
		return -1;
	nx_record_init(&rec);
	if (spool_input(s, in, sp, status, err) < 0)
		goto out;
	if ((n = nx_spool_count(sp)) == 0) {
		rc = 0;
		goto out;
	}
	if ((used = calloc(s->strata.n ? s->strata.n : 1, sizeof(*used))) ==
		NULL ||
	    (size = calloc(s->strata.n ? s->strata.n : 1, sizeof(*size))) ==
		NULL) {
		nx_error_set(err, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		size[nx_spool_tag(sp, i)]++;
	if ((q = nx_strata_quotas(
		 &s->strata, &s->sp, size, s->min_valid, err)) == NULL)
		goto out;
	nx_perm_init(&perm, n, s->sp.seed);
	for (size_t j = 0; j < n; j++) {
		size_t i = (size_t)nx_perm_apply(&perm, j);
		uint16_t k = nx_spool_tag(sp, i);
		unsigned long long rank = used[k]++;
		int side = 0;

		while (side < nsides - 1 && rank >= q[k * nsides + side])
			rank -= q[k * nsides + side++];
		if (nx_spool_get(sp, i, &w.raw, &w.rawlen, err) < 0)
			goto out;
		/* The line was good when spooled. */
		if (!nx_record_scan(&rec, w.raw, w.rawlen) &&
		    nx_record_parse(&rec, w.raw, w.rawlen, err) < 0)
			goto out;
		w.line = (long)i + 1;
		if (nx_splitter_put(s, side, &rec, &w, err) < 0)
			goto out;
	}
	rc = 0;
out:
	free(q);
	free(used);
	free(size);
	nx_record_free(&rec);
	nx_spool_close(sp);
	return rc;
}

/*
 * --shards n: each record, as read (or reformatted), to its key's shard
 * (nx_shards_of); records of another kind than the first's are rejected
 * (kind).  Nothing else of the split applies.  Returns 0, or -1
 * with err filled.
 */
int
nx_splitter_shard(struct nx_splitter *s, struct nx_shards *sh,
    struct nx_input *in, int *status, struct nx_error *err)
{
	struct nx_record rec;
	struct nx_where w;
	int rc = 0;

	nx_record_init(&rec);
	while ((rc = nx_rejects_next(&s->rejects, in, &rec, &w, status, err)) >
	    0) {
		const char *why;
		uint64_t key;
		int fallback;

		/* One kind a run, as a split writes: a trainer takes one a
		 * file, and a shard is a file one job reads. */
		if ((why = nx_target_kind(&s->kind, &rec)) != NULL) {
			struct nx_reject r = {"kind", w.file, w.line, why, NULL};

			if ((rc = nx_rejects_add(&s->rejects, &r, &rec, w.raw,
				 w.rawlen, 0, err)) < 0)
				break;
			continue;
		}
		if ((rc = nx_split_key(&key, &fallback, &s->sp, &rec, err)) < 0)
			break;
		s->fallbacks += fallback;
		nx_buf_reset(&s->line);
		if (s->reformat &&
		    nx_format_write_reasoning(
			&s->line, s->fmt, s->reasoning, &rec, err) < 0) {
			struct nx_reject r = {
			    "format", w.file, w.line, err->msg, NULL};

			if ((rc = nx_rejects_add(&s->rejects, &r, &rec, w.raw,
				 w.rawlen, 1, err)) < 0)
				break;
			continue;
		}
		if (!s->reformat &&
		    (nx_buf_add(&s->line, w.raw, w.rawlen) < 0 ||
			nx_buf_addc(&s->line, '\n') < 0)) {
			rc = nx_error_nomem(err);
			break;
		}
		if ((rc = nx_shards_put(sh, nx_shards_of(key, s->shards),
			 s->line.data, s->line.len, err)) < 0)
			break;
		if (s->stats)
			nx_stats_written(&s->st, &rec);
		else
			s->st.written++;
	}
	nx_record_free(&rec);
	return rc < 0 ? -1 : 0;
}

int
nx_splitter_place(struct nx_splitter *s, struct nx_input *in, int *status,
    struct nx_error *err)
{
	if (s->shuffle)
		return shuffle_split(s, in, status, err);
	if ((s->shares.n > 0 ? mix_split(s, in, status, err)
			     : hash_split(s, in, status, err)) < 0)
		return -1;
	return fill_validation(s, err);
}
