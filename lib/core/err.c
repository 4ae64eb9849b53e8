#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

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
