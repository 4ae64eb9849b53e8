/*
 * err: exit statuses and the error detail that library calls fill in.
 *
 * Library functions never print or exit: they return 0 or -1 and describe the
 * failure in a caller's struct nx_error.  Only the tool side (lib/tool/,
 * diag.h) prints it.
 */
#ifndef NX_ERR_H
#define NX_ERR_H

#include <stdarg.h>
#include <stddef.h>

enum {
	NX_EXIT_OK = 0,	  /* success */
	NX_EXIT_DATA = 1, /* bad data or an I/O error */
	NX_EXIT_USAGE = 2 /* bad command line */
};

/* Error detail: a one-line lowercase message and, when known, the errno. */
struct nx_error {
	char msg[512];
	int errnum;
};

/* "out of memory", with errnum ENOMEM so that callers can tell; -1. */
int nx_error_nomem(struct nx_error *err);

/* Fill err (which may be NULL) with a printf-style message; returns -1. */
int nx_error_set(struct nx_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Same, with the message of errno appended as ": strerror". */
int nx_error_sys(struct nx_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
