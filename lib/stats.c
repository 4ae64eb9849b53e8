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
	if (nx_record_metadata_string(&st->scratch, rec, "lang") == 0)
		count_lang(st, st->scratch.data, st->scratch.len, delta);
	else
		count_lang(st, "-", 1, delta);
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
		    st->langs[i].code,
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
nx_stats_print(const struct nx_stats *st, const char *progname, FILE *fp)
{
	/* ~4 characters a token: the seed's estimate for English and
	 * Romanian text alike. */
	unsigned long long chars = st->prompt_chars + st->completion_chars;

	fprintf(fp, "%s: read %llu, written %llu, rejected %llu\n", progname,
	    st->read, st->written, st->rejected);
	for (size_t i = 0; i < st->nreasons; i++)
		fprintf(fp, "%s:   rejected %-14s %llu\n", progname,
		    st->reasons[i].reason, st->reasons[i].count);
	fprintf(fp,
	    "%s: mean prompt %.1f chars, mean completion %.1f chars, "
	    "~%llu tokens\n",
	    progname, mean(st->prompt_chars, st->written),
	    mean(st->completion_chars, st->written), (chars + 3) / 4);
	if (st->written > 0) {
		char langs[256];

		nx_stats_langs(st, langs, sizeof(langs));
		fprintf(fp, "%s: languages: %s\n", progname, langs);
	}
}

int
nx_stats_json(struct nx_buf *b, const struct nx_stats *st)
{
	char num[160];
	unsigned long long chars = st->prompt_chars + st->completion_chars;
	int first = 1;

	snprintf(num, sizeof(num),
	    "{\"read\":%llu,\"written\":%llu,\"rejected\":%llu,"
	    "\"mean_prompt_chars\":%.1f,\"mean_completion_chars\":%.1f,"
	    "\"tokens\":%llu,",
	    st->read, st->written, st->rejected,
	    mean(st->prompt_chars, st->written),
	    mean(st->completion_chars, st->written), (chars + 3) / 4);
	if (nx_buf_adds(b, num) < 0 || nx_buf_adds(b, "\"languages\":{") < 0)
		return -1;
	for (size_t i = 0; i <= NX_STATS_MAX_LANGS; i++) {
		if (i == st->nlangs && i < NX_STATS_MAX_LANGS)
			break;
		if (st->langs[i].count == 0)
			continue;
		snprintf(num, sizeof(num), ":%llu", st->langs[i].count);
		if ((!first && nx_buf_addc(b, ',') < 0) ||
		    nx_format_json_string(
			b, st->langs[i].code, strlen(st->langs[i].code)) < 0 ||
		    nx_buf_adds(b, num) < 0)
			return -1;
		first = 0;
	}
	if (nx_buf_adds(b, "},\"rejected_by\":{") < 0)
		return -1;
	for (size_t i = 0; i < st->nreasons; i++) {
		snprintf(num, sizeof(num), "%s\"%s\":%llu", i ? "," : "",
		    st->reasons[i].reason, st->reasons[i].count);
		if (nx_buf_adds(b, num) < 0)
			return -1;
	}
	return nx_buf_adds(b, "}}");
}
