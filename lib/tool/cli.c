#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "cli.h"
#include "diag.h"
#include "err.h"

int
nx_cli_number(unsigned long long *out, const char *s, unsigned long long max)
{
	char *end;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return -1;
	*out = v;
	return 0;
}

int
nx_cli_real(double *out, const char *s, double lo, double hi)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0' || errno != 0 || isnan(v) || v < lo ||
	    v > hi)
		return -1;
	*out = v;
	return 0;
}

void
nx_cli_usage(const char *synopsis)
{
	fputs(synopsis, stderr);
	exit(NX_EXIT_USAGE);
}

void
nx_cli_bad(
    const char *synopsis, const char *opt, const char *want, const char *arg)
{
	nx_warnx("%s: %s, not %s", opt, want, arg);
	nx_cli_usage(synopsis);
}

void
nx_cli_version(void)
{
	printf("%s (nova-export) %s\n", nx_progname(), NX_VERSION);
}

int
nx_cli_done(void)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		nx_warn("write <stdout>");
		return NX_EXIT_DATA;
	}
	return NX_EXIT_OK;
}

void
nx_cli_check_reasoning(
    const struct nx_cli_common *c, enum nx_format fmt, const char *synopsis)
{
	if (c->reasoning == NX_REASONING_FIELD && fmt != NX_FORMAT_CHAT)
		nx_cli_bad(synopsis, "--reasoning",
		    "drop or think unless the format is chat", "field");
}

int
nx_cli_common(struct nx_cli_common *c, int ch, const char *synopsis)
{
	unsigned long long v;

	switch (ch) {
	case 'o':
		c->output = optarg;
		return 1;
	case 'f':
		if (nx_format_parse(&c->fmt, optarg) < 0)
			nx_cli_bad(
			    synopsis, "--format", nx_format_names(), optarg);
		c->reformat = 1;
		return 1;
	case NX_OPT_REJECTS:
		c->rejects = optarg;
		return 1;
	case NX_OPT_REASONING:
		if (nx_reasoning_parse(&c->reasoning, optarg) < 0)
			nx_cli_bad(synopsis, "--reasoning",
			    "drop, think or field", optarg);
		return 1;
	case NX_OPT_STRICT:
		c->strict = 1;
		return 1;
	case NX_OPT_STATS:
		c->stats = 1;
		return 1;
	case NX_OPT_MAX_LINE:
		if (nx_cli_number(&v, optarg, SIZE_MAX) < 0 || v == 0)
			nx_cli_bad(synopsis, "--max-line-bytes",
			    "a positive number", optarg);
		c->max_line = (size_t)v;
		return 1;
	case NX_OPT_PROGRESS:
	case NX_OPT_NO_PROGRESS:
		c->progress = nx_progress_option(ch);
		return 1;
	case NX_OPT_VERSION:
		nx_cli_version();
		exit(nx_cli_done());
	default:
		return 0;
	}
}
