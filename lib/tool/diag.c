#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

static const char *progname = "nova-export";

void
nx_setprogname(char **argv)
{
	const char *slash;

	if (argv[0] == NULL || *argv[0] == '\0')
		return;
	slash = strrchr(argv[0], '/');
	progname = slash != NULL ? slash + 1 : argv[0];
	argv[0] = (char *)progname; /* getopt's messages name it so too */
}

const char *
nx_progname(void)
{
	return progname;
}

static void
vwarn(int errnum, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, fmt, ap);
	if (errnum != 0)
		fprintf(stderr, ": %s", strerror(errnum));
	fputc('\n', stderr);
}

void
nx_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(0, fmt, ap);
	va_end(ap);
}

void
nx_warn(const char *fmt, ...)
{
	va_list ap;
	int errnum = errno;

	va_start(ap, fmt);
	vwarn(errnum, fmt, ap);
	va_end(ap);
}

void
nx_die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(0, fmt, ap);
	va_end(ap);
	exit(status);
}
