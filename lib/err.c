#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

static const char *progname = "nova-export";

static int
vset(struct nx_error *err, int errnum, const char *fmt, va_list ap)
{
	int n;

	if (err == NULL)
		return -1;
	n = vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	if (n < 0)
		err->msg[0] = '\0';
	else if (errnum != 0 && (size_t)n < sizeof(err->msg))
		snprintf(err->msg + n, sizeof(err->msg) - n, ": %s",
		    strerror(errnum));
	err->errnum = errnum;
	return -1;
}

int
nx_error_set(struct nx_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(err, 0, fmt, ap);
	va_end(ap);
	return -1;
}

int
nx_error_nomem(struct nx_error *err)
{
	nx_error_set(err, "out of memory");
	if (err != NULL)
		err->errnum = ENOMEM;
	return -1;
}

int
nx_error_sys(struct nx_error *err, const char *fmt, ...)
{
	va_list ap;
	int errnum = errno;

	va_start(ap, fmt);
	vset(err, errnum, fmt, ap);
	va_end(ap);
	return -1;
}

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
