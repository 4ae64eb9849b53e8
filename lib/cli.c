#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "cli.h"
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
