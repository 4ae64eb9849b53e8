/*
 * cli: small pieces every tool's command line shares.
 */
#ifndef NX_CLI_H
#define NX_CLI_H

#include <stdio.h>

#ifndef NX_VERSION
#define NX_VERSION "0.0.0"
#endif

/* Parse a whole decimal number in [0, max]; 0, or -1 if s is not one. */
int nx_cli_number(
    unsigned long long *out, const char *s, unsigned long long max);

/* Parse a decimal fraction in [lo, hi]; 0 or -1. */
int nx_cli_real(double *out, const char *s, double lo, double hi);

/* A usage error: synopsis on stderr, exit 2. */
_Noreturn void nx_cli_usage(const char *synopsis);

/* A bad option value: "prog: OPT: WANT, not ARG", then nx_cli_usage. */
_Noreturn void nx_cli_bad(
    const char *synopsis, const char *opt, const char *want, const char *arg);

/* "prog (nova-export) VERSION" on stdout. */
void nx_cli_version(void);

/* Flush and check stdout after --help or --version; the exit status. */
int nx_cli_done(void);

#endif
