/*
 * err: exit statuses, the error detail that library calls fill in, and the
 * tool-side diagnostics that print it.
 *
 * Library functions never print or exit: they return 0 or -1 and describe the
 * failure in a caller's struct nx_error.  Only tools call nx_warn/nx_die,
 * which print "prog: message" on stderr, OpenBSD err(3) style.
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

/* Set the program name from argv[0] (its basename), and make argv[0] that
 * name, so that getopt says it the same way; borrowed for the run. */
void nx_setprogname(char **argv);
const char *nx_progname(void);

/* "prog: message" on stderr. */
void nx_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "prog: message: strerror(errno)" on stderr. */
void nx_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* nx_warnx, then exit with status. */
_Noreturn void nx_die(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
