#include <string.h>

#include "stats.h"
#include "text.h"

void
nx_stats_init(struct nx_stats *st)
{
	memset(st, 0, sizeof(*st));
}

void
nx_stats_written(struct nx_stats *st, const struct nx_record *rec)
{
	st->written++;
	st->prompt_chars += nx_text_length(rec->prompt.s, rec->prompt.len);
	st->completion_chars +=
	    nx_text_length(rec->completion.s, rec->completion.len);
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
}

void
nx_stats_progress(const struct nx_stats *st, const char *progname, FILE *fp,
    int done)
{
	if (done)
		fprintf(fp, "\r\033[K");
	else
		fprintf(fp, "\r%s: %llu records read, %llu written", progname,
		    st->read, st->written);
	fflush(fp);
}
