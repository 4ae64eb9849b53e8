/*
 * diag: the tool side's diagnostics, "prog: message" on stderr, OpenBSD
 * err(3) style.  Only tools and lib/tool/ call them.
 */
#ifndef NX_DIAG_H
#define NX_DIAG_H

#include "err.h"

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
