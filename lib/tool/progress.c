#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "err.h"
#include "progress.h"

#define FIRST_AUTO 1.0 /* seconds before the line appears by default */
#define EVERY 0.5      /* seconds between lines */

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum nx_progress_mode
nx_progress_option(int opt)
{
	return opt == NX_OPT_PROGRESS ? NX_PROGRESS_ON : NX_PROGRESS_OFF;
}

void
nx_progress_start(struct nx_progress *p, enum nx_progress_mode mode)
{
	p->on = mode != NX_PROGRESS_OFF && isatty(STDERR_FILENO);
	p->calls = 0;
	p->shown = 0;
	p->start = p->on ? now() : 0;
	p->next = p->start + (mode == NX_PROGRESS_ON ? 0 : FIRST_AUTO);
}

/* n bytes as "45.2 MB" (powers of 1000). */
static void
size(char *buf, size_t len, double n)
{
	static const char *units[] = {"B", "kB", "MB", "GB", "TB"};
	int u = 0;

	while (n >= 1000 && u < 4) {
		n /= 1000;
		u++;
	}
	snprintf(buf, len, u == 0 ? "%.0f %s" : "%.1f %s", n, units[u]);
}

void
nx_progress_show(struct nx_progress *p, unsigned long long n,
    unsigned long long total, const char *unit, unsigned long long bytes,
    unsigned long long bytes_total)
{
	double t = now(), spent = t - p->start, left = -1;
	char line[256], a[32], b[32];
	int o;

	if (!p->on || t < p->next)
		return;
	p->next = t + EVERY;
	if (bytes_total > 0) {
		size(a, sizeof(a), (double)bytes);
		size(b, sizeof(b), (double)bytes_total);
		o = snprintf(line, sizeof(line), "%s of %s (%.0f%%), %llu %s",
		    a, b, 100.0 * (double)bytes / (double)bytes_total, n, unit);
		if (bytes > 0 && bytes <= bytes_total)
			left = spent * (double)(bytes_total - bytes) /
			    (double)bytes;
	} else if (total > 0) {
		o = snprintf(line, sizeof(line), "%llu of %llu %s (%.0f%%)", n,
		    total, unit, 100.0 * (double)n / (double)total);
		if (n > 0 && n <= total)
			left = spent * (double)(total - n) / (double)n;
	} else if (bytes > 0) {
		size(a, sizeof(a), (double)bytes);
		o = snprintf(line, sizeof(line), "%s, %llu %s", a, n, unit);
	} else
		o = snprintf(line, sizeof(line), "%llu %s", n, unit);
	if (spent > 0 && o > 0 && (size_t)o < sizeof(line)) {
		if (bytes > 0) {
			size(a, sizeof(a), (double)bytes / spent);
			o += snprintf(
			    line + o, sizeof(line) - (size_t)o, ", %s/s", a);
		} else
			o += snprintf(line + o, sizeof(line) - (size_t)o,
			    ", %.0f %s/s", (double)n / spent, unit);
	}
	if (left >= 0 && o > 0 && (size_t)o < sizeof(line))
		snprintf(
		    line + o, sizeof(line) - (size_t)o, ", %.0f s left", left);
	fprintf(stderr, "\r%s: %s\033[K", nx_progname(), line);
	fflush(stderr);
	p->shown = 1;
}

void
nx_progress_end(struct nx_progress *p)
{
	if (p->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		p->shown = 0;
	}
}
