/*
 * cli: small pieces every tool's command line shares.
 */
#ifndef NX_CLI_H
#define NX_CLI_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#include "format.h"
#include "progress.h"

#ifndef NX_VERSION
#define NX_VERSION "0.0.0"
#endif

/*
 * The options the tools share, read in one place.  Each tool's getopt
 * table names those it takes with these codes (--output and --format keep
 * -o and 'f') and hands every code to nx_cli_common before its own switch.
 */
enum {
	NX_OPT_REJECTS = 0x310,
	NX_OPT_STRICT,
	NX_OPT_STATS,
	NX_OPT_MAX_LINE,
	NX_OPT_VERSION,
	NX_OPT_REASONING
};

struct nx_cli_common {
	const char *output;  /* -o, --output; NULL: stdout */
	const char *rejects; /* --rejects, or NULL */
	int strict, stats;
	int reformat; /* --format was given */
	enum nx_format fmt;
	size_t max_line; /* --max-line-bytes; 0: the default */
	enum nx_reasoning reasoning; /* --reasoning drop | think | field */
	enum nx_progress_mode progress;
};

/*
 * If ch (from getopt_long, its value in optarg) is a shared option, take it
 * into c and return 1; a bad value ends the run with the usage, --version
 * with the version.  0 for the tool's own options.
 */
int nx_cli_common(struct nx_cli_common *c, int ch, const char *synopsis);

/*
 * A usage error for --reasoning field with a final format other than
 * chat (fmt, the one the tool will write); nothing otherwise.
 */
void nx_cli_check_reasoning(
    const struct nx_cli_common *c, enum nx_format fmt, const char *synopsis);

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
