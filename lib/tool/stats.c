#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "stats.h"
#include "text.h"

void
nx_stats_init(struct nx_stats *st)
{
	memset(st, 0, sizeof(*st));
}

void
nx_stats_free(struct nx_stats *st)
{
	nx_buf_free(&st->scratch);
	free(st->tokens);
	st->tokens = NULL;
}

const unsigned nx_stats_limits[NX_STATS_LIMITS] = {1024, 2048, 4096};

/* Add (delta 1) or take off (-1) rec's lengths in tokens. */
static void
count_tokens(struct nx_stats *st, const struct nx_record *rec, int delta)
{
	struct nx_tokens t;
	uint32_t v[3];
	size_t i;

	if (st->tokens_lost)
		return;
	if (nx_tokens_measure(&t, st->tok, rec, st->turn_tokens) < 0) {
		st->tokens_lost = 1;
		return;
	}
	v[0] = t.prompt > UINT32_MAX ? UINT32_MAX : (uint32_t)t.prompt;
	v[1] = t.completion > UINT32_MAX ? UINT32_MAX : (uint32_t)t.completion;
	v[2] = t.record > UINT32_MAX ? UINT32_MAX : (uint32_t)t.record;
	if (delta < 0) {
		/* The same record measures the same: take one such off. */
		for (i = st->ntokens; i-- > 0;)
			if (memcmp(st->tokens + 3 * i, v, sizeof(v)) == 0) {
				memmove(st->tokens + 3 * i, st->tokens + 3 * i + 3,
				    (st->ntokens - i - 1) * sizeof(v));
				st->ntokens--;
				break;
			}
		return;
	}
	if (st->ntokens == st->captokens) {
		size_t ncap = st->captokens ? st->captokens * 2 : 1024;
		uint32_t *p = realloc(st->tokens, ncap * sizeof(v));

		if (p == NULL) {
			st->tokens_lost = 1;
			return;
		}
		st->tokens = p;
		st->captokens = ncap;
	}
	memcpy(st->tokens + 3 * st->ntokens++, v, sizeof(v));
}

/*
 * Sort v[0..n) ascending through tmp (room for n): a least-significant
 * digit radix sort, 11 bits a pass: qsort's calls to a comparison were a
 * fifth of the instructions of a --target split of short records.
 */
static void
sort_u32(uint32_t *v, uint32_t *tmp, size_t n)
{
	uint32_t *from = v, *to = tmp;

	for (unsigned shift = 0; shift < 32; shift += 11) {
		size_t count[2048] = {0}, sum = 0;

		for (size_t i = 0; i < n; i++)
			count[from[i] >> shift & 2047]++;
		if (count[from[0] >> shift & 2047] == n)
			continue; /* one digit everywhere: nothing moves */
		for (size_t d = 0; d < 2048; d++) {
			size_t c = count[d];

			count[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			to[count[from[i] >> shift & 2047]++] = from[i];
		from = to;
		to = from == v ? tmp : v;
	}
	if (from != v)
		memcpy(v, from, n * sizeof(*v));
}

/* The nearest-rank p-th percentile of sorted v[0..n). */
static unsigned long
rank(const uint32_t *v, size_t n, unsigned p)
{
	size_t k = (n * p + 99) / 100;

	return v[k > 0 ? k - 1 : 0];
}

int
nx_stats_lengths(const struct nx_stats *st, struct nx_lengths *out)
{
	uint32_t *col;
	size_t n = st->ntokens, i;
	int f;

	memset(out, 0, sizeof(*out));
	if (n == 0 || st->tokens_lost ||
	    (col = malloc(2 * n * sizeof(*col))) == NULL)
		return -1;
	out->exact = st->tok != NULL;
	for (f = 0; f < 3; f++) {
		for (i = 0; i < n; i++)
			col[i] = st->tokens[3 * i + (size_t)f];
		sort_u32(col, col + n, n);
		out->p50[f] = rank(col, n, 50);
		out->p90[f] = rank(col, n, 90);
		out->p99[f] = rank(col, n, 99);
		out->max[f] = col[n - 1];
		if (f == 2)
			for (int k = 0; k < NX_STATS_LIMITS; k++)
				for (i = 0; i < n; i++)
					out->over[k] += col[i] > nx_stats_limits[k];
	}
	free(col);
	return 0;
}

static void
count_lang(struct nx_stats *st, const char *code, size_t len, int delta)
{
	size_t i;

	if (len >= sizeof(st->langs[0].code))
		len = sizeof(st->langs[0].code) - 1;
	for (i = 0; i < st->nlangs; i++)
		if (strlen(st->langs[i].code) == len &&
		    memcmp(st->langs[i].code, code, len) == 0)
			break;
	if (i == st->nlangs) {
		if (i == NX_STATS_MAX_LANGS) {
			memcpy(st->langs[i].code, "other", 6);
		} else {
			memcpy(st->langs[i].code, code, len);
			st->langs[i].code[len] = '\0';
			st->nlangs++;
		}
	}
	st->langs[i].count += (unsigned long long)(long long)delta;
}

static void
count(struct nx_stats *st, const struct nx_record *rec, int delta)
{
	unsigned long long d = (unsigned long long)(long long)delta;

	st->written += d;
	st->prompt_chars += d * nx_text_length(rec->prompt.s, rec->prompt.len);
	st->completion_chars +=
	    d * nx_text_length(rec->completion.s, rec->completion.len);
	if (rec->kind == NX_KIND_PAIR) {
		st->pairs += d;
		st->rejected_chars +=
		    d * nx_text_length(rec->rejected.s, rec->rejected.len);
	} else if (rec->kind == NX_KIND_LABELED)
		st->labelled[rec->label != 0] += d;
	if (nx_record_metadata_string(&st->scratch, rec, "lang") == 0)
		count_lang(st, st->scratch.data, st->scratch.len, delta);
	else
		count_lang(st, "-", 1, delta);
	count_tokens(st, rec, delta);
}

/* Is any written record's language known? */
static int
langs_known(const struct nx_stats *st)
{
	for (size_t i = 0; i <= NX_STATS_MAX_LANGS; i++) {
		if (i == st->nlangs && i < NX_STATS_MAX_LANGS)
			break;
		if (st->langs[i].count > 0 && strcmp(st->langs[i].code, "-") != 0)
			return 1;
	}
	return 0;
}

void
nx_stats_written(struct nx_stats *st, const struct nx_record *rec)
{
	count(st, rec, 1);
}

void
nx_stats_unwritten(struct nx_stats *st, const struct nx_record *rec)
{
	count(st, rec, -1);
}

void
nx_stats_langs(const struct nx_stats *st, char *buf, size_t size)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i <= NX_STATS_MAX_LANGS && o < size; i++) {
		int n;

		if (i == st->nlangs && i < NX_STATS_MAX_LANGS)
			break;
		if (st->langs[i].count == 0)
			continue;
		n = snprintf(buf + o, size - o, "%s%s %.0f%%", o ? ", " : "",
		    strcmp(st->langs[i].code, "-") == 0 ? "unknown"
							: st->langs[i].code,
		    100.0 * (double)st->langs[i].count /
			(double)(st->written ? st->written : 1));
		if (n < 0)
			break;
		o += (size_t)n;
	}
}

void
nx_stats_rejected(struct nx_stats *st, const char *reason)
{
	size_t i;

	st->rejected++;
	for (i = 0; i < st->nreasons; i++)
		if (strcmp(st->reasons[i].reason, reason) == 0)
			break;
	if (i == st->nreasons) {
		if (i == NX_STATS_MAX_REASONS)
			i--; /* the last slot collects any overflow */
		else {
			st->reasons[i].reason = reason;
			st->nreasons++;
		}
	}
	st->reasons[i].count++;
}

static double
mean(unsigned long long sum, unsigned long long n)
{
	return n > 0 ? (double)sum / (double)n : 0.0;
}

void
nx_stats_print_lengths(const struct nx_stats *st, const char *progname,
    FILE *fp)
{
	static const char *const names[3] = {"prompt", "completion", "record"};
	struct nx_lengths l;

	if (nx_stats_lengths(st, &l) < 0)
		return;
	fprintf(fp, "%s: tokens%s:", progname,
	    l.exact ? "" : " (estimate: 4 characters a token)");
	for (int f = 0; f < 3; f++)
		fprintf(fp, "%s %s p50 %lu p90 %lu p99 %lu max %lu", f ? ";" : "",
		    names[f], l.p50[f], l.p90[f], l.p99[f], l.max[f]);
	fprintf(fp, "\n%s: records over", progname);
	for (int k = 0; k < NX_STATS_LIMITS; k++)
		fprintf(fp, "%s %u tokens: %llu", k ? "," : "", nx_stats_limits[k],
		    l.over[k]);
	fputc('\n', fp);
}

void
nx_stats_print(const struct nx_stats *st, const char *progname, FILE *fp)
{
	fprintf(fp, "%s: read %llu, written %llu, rejected %llu\n", progname,
	    st->read, st->written, st->rejected);
	for (size_t i = 0; i < st->nreasons; i++)
		fprintf(fp, "%s:   rejected %-14s %llu\n", progname,
		    st->reasons[i].reason, st->reasons[i].count);
	if (st->written == 0)
		return;
	fprintf(fp, "%s: mean prompt %.1f chars, mean completion %.1f chars\n",
	    progname, mean(st->prompt_chars, st->written),
	    mean(st->completion_chars, st->written));
	if (st->pairs > 0)
		fprintf(fp,
		    "%s: preference pairs %llu, mean rejected reply %.1f "
		    "chars\n",
		    progname, st->pairs, mean(st->rejected_chars, st->pairs));
	if (st->labelled[0] + st->labelled[1] > 0)
		fprintf(fp, "%s: labelled completions %llu good, %llu bad\n",
		    progname, st->labelled[1], st->labelled[0]);
	nx_stats_print_lengths(st, progname, fp);
	if (langs_known(st)) {
		char langs[256];

		nx_stats_langs(st, langs, sizeof(langs));
		fprintf(fp, "%s: languages: %s\n", progname, langs);
	} else
		fprintf(fp, "%s: languages: not known (no metadata.lang; "
		    "jsonl-filter --annotate adds it)\n", progname);
}

/* The lengths as JSON: "tokens":{"exact":…,"prompt":{…},…,"over":{…}}. */
static int
lengths_json(struct nx_buf *b, const struct nx_stats *st)
{
	static const char *const names[3] = {"prompt", "completion", "record"};
	struct nx_lengths l;
	char num[200];

	if (nx_stats_lengths(st, &l) < 0)
		return 0;
	if (nx_buf_adds(b, l.exact ? ",\"tokens\":{\"exact\":true"
				   : ",\"tokens\":{\"exact\":false") < 0)
		return -1;
	for (int f = 0; f < 3; f++) {
		snprintf(num, sizeof(num),
		    ",\"%s\":{\"p50\":%lu,\"p90\":%lu,\"p99\":%lu,\"max\":%lu}",
		    names[f], l.p50[f], l.p90[f], l.p99[f], l.max[f]);
		if (nx_buf_adds(b, num) < 0)
			return -1;
	}
	snprintf(num, sizeof(num), ",\"over\":{\"%u\":%llu,\"%u\":%llu,\"%u\":%llu}}",
	    nx_stats_limits[0], l.over[0], nx_stats_limits[1], l.over[1],
	    nx_stats_limits[2], l.over[2]);
	return nx_buf_adds(b, num);
}

int
nx_stats_json(struct nx_buf *b, const struct nx_stats *st)
{
	char num[160];
	int first = 1;

	/* Only what was measured: a file's figures have no read or
	 * rejected of their own, and no records have no means. */
	if (st->per_file)
		snprintf(num, sizeof(num), "{\"written\":%llu", st->written);
	else
		snprintf(num, sizeof(num),
		    "{\"read\":%llu,\"written\":%llu,\"rejected\":%llu",
		    st->read, st->written, st->rejected);
	if (nx_buf_adds(b, num) < 0)
		return -1;
	if (st->written > 0) {
		snprintf(num, sizeof(num),
		    ",\"mean_prompt_chars\":%.1f,\"mean_completion_chars\":%.1f",
		    mean(st->prompt_chars, st->written),
		    mean(st->completion_chars, st->written));
		if (nx_buf_adds(b, num) < 0 || lengths_json(b, st) < 0)
			return -1;
	}
	if (langs_known(st)) {
		if (nx_buf_adds(b, ",\"languages\":{") < 0)
			return -1;
		for (size_t i = 0; i <= NX_STATS_MAX_LANGS; i++) {
			if (i == st->nlangs && i < NX_STATS_MAX_LANGS)
				break;
			if (st->langs[i].count == 0)
				continue;
			snprintf(num, sizeof(num), ":%llu", st->langs[i].count);
			if ((!first && nx_buf_addc(b, ',') < 0) ||
			    nx_format_json_string(b,
				strcmp(st->langs[i].code, "-") == 0 ? "unknown"
								    : st->langs[i].code,
				strcmp(st->langs[i].code, "-") == 0
				    ? 7
				    : strlen(st->langs[i].code)) < 0 ||
			    nx_buf_adds(b, num) < 0)
				return -1;
			first = 0;
		}
		if (nx_buf_addc(b, '}') < 0)
			return -1;
	}
	if (st->per_file)
		return nx_buf_addc(b, '}');
	if (nx_buf_adds(b, ",\"rejected_by\":{") < 0)
		return -1;
	for (size_t i = 0; i < st->nreasons; i++) {
		snprintf(num, sizeof(num), "%s\"%s\":%llu", i ? "," : "",
		    st->reasons[i].reason, st->reasons[i].count);
		if (nx_buf_adds(b, num) < 0)
			return -1;
	}
	return nx_buf_adds(b, "}}");
}
