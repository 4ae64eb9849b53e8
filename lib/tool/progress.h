/*
 * progress: a status line on stderr for long runs — what is done, the rate,
 * and the time left when the total is known:
 *
 *   jsonl-filter: 45.2 MB of 88.0 MB (51%), 102345 records, 31.0 MB/s, 2 s left
 *
 * Only when stderr is a terminal (never in a pipeline's log, never on
 * stdout).  By default it appears once a run has taken a second; --progress
 * shows it from the start, --no-progress never.
 */
#ifndef NX_PROGRESS_H
#define NX_PROGRESS_H

#include <getopt.h>

enum nx_progress_mode { NX_PROGRESS_AUTO, NX_PROGRESS_ON, NX_PROGRESS_OFF };

struct nx_progress {
	int on;
	unsigned calls;
	double start, next; /* seconds: the start, the next line due */
	int shown;
};

/* The long options every tool takes, and what getopt returns for them. */
#define NX_OPT_PROGRESS 0x300
#define NX_OPT_NO_PROGRESS 0x301
#define NX_PROGRESS_OPTIONS                                                    \
	{"progress", no_argument, NULL, NX_OPT_PROGRESS},                      \
	{                                                                      \
		"no-progress", no_argument, NULL, NX_OPT_NO_PROGRESS           \
	}

/* The mode an option (NX_OPT_PROGRESS or NX_OPT_NO_PROGRESS) asks for. */
enum nx_progress_mode nx_progress_option(int opt);

void nx_progress_start(struct nx_progress *p, enum nx_progress_mode mode);

/* Whether to look at the clock: every 1024th call of a run that shows. */
static inline int
nx_progress_due(struct nx_progress *p)
{
	return p->on && (++p->calls & 1023) == 0;
}

/*
 * The line, if it is time: n of total (0: unknown) things called unit,
 * and bytes of bytes_total (0 and 0: not counted in bytes).
 */
void nx_progress_show(struct nx_progress *p, unsigned long long n,
    unsigned long long total, const char *unit, unsigned long long bytes,
    unsigned long long bytes_total);

/* Clear the line, if one was shown. */
void nx_progress_end(struct nx_progress *p);

#endif
