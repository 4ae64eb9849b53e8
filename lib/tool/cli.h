/*
 * cli: small pieces every tool's command line shares.
 */
#ifndef NX_CLI_H
#define NX_CLI_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#include "choice.h"
#include "format.h"
#include "progress.h"

#ifndef NX_VERSION
#define NX_VERSION "0.0.0"
#endif

/*
 * One option of a tool, in the table (ended by {NULL}) from which getopt's
 * table, --help, the values' parser and message, and (through --help) the
 * bash completion are all made.  code is what getopt_long returns (a
 * letter that is also in the tool's short options gives "-o, --output");
 * arg names the argument in --help (FILE, DIR, PATH: the completion
 * offers files; NULL: none), or choices lists the values it takes; help
 * is one line, or more split by "\n", printed under one another.
 */
struct nx_cli_option {
	const char *name;
	int code;
	const char *arg;
	const struct nx_cli_choice *choices;
	const char *help;
};

/* getopt_long over the options of table t, with short options shortopts. */
int nx_cli_getopt(int argc, char **argv, const char *shortopts,
    const struct nx_cli_option *t);

/*
 * The value of optarg among the choices of the option of t whose code is
 * code; a usage error naming every value ("--pii: drop, redact or keep,
 * not x") otherwise.
 */
int nx_cli_choose(
    const struct nx_cli_option *t, int code, const char *synopsis);

/* --help: the synopsis, then every option of t, then "See page."; the exit
 * status. */
int nx_cli_help(const char *synopsis, const char *shortopts,
    const struct nx_cli_option *t, const char *page);

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

/* The shared options' entries, for the tools' tables; every table ends
 * with NX_CLI_LAST (--progress, --no-progress, --help, --version). */
#define NX_CLI_OUTPUT                                                          \
	{"output", 'o', "FILE", NULL,                                          \
	    "write here (atomically) instead of stdout"}
#define NX_CLI_FORMAT                                                          \
	{"format", 'f', NULL, nx_formats, "convert every record to this format"}
#define NX_CLI_REASONING                                                       \
	{"reasoning", NX_OPT_REASONING, NULL, nx_reasonings,                   \
	    "the thinking in final formats: dropped (default),\n"   \
	    "inline <think>, or chat's reasoning_content field"}
#define NX_CLI_REJECTS                                                         \
	{"rejects", NX_OPT_REJECTS, "FILE", NULL,                              \
	    "write every rejected line here, with its reason"}
#define NX_CLI_STRICT                                                          \
	{"strict", NX_OPT_STRICT, NULL, NULL, "stop at the first bad line"}
#define NX_CLI_STATS                                                           \
	{"stats", NX_OPT_STATS, NULL, NULL, "print a summary on stderr"}
#define NX_CLI_MAX_LINE                                                        \
	{"max-line-bytes", NX_OPT_MAX_LINE, "N", NULL,                         \
	    "the longest line accepted (default 64 MiB)"}
#define NX_CLI_PROGRESS                                                        \
	{"progress", NX_OPT_PROGRESS, NULL, NULL,                              \
	    "progress on a terminal at once (default: after a\n"    \
	    "second)"},                                                        \
	{                                                                      \
		"no-progress", NX_OPT_NO_PROGRESS, NULL, NULL,                 \
		    "no progress line, even on a terminal"                     \
	}
#define NX_CLI_HELP_VERSION                                                    \
	{"help", 'h', NULL, NULL, "this help"},                                \
	{                                                                      \
		"version", NX_OPT_VERSION, NULL, NULL,                         \
		    "the version of nova-export"                               \
	}

#define NX_CLI_LAST                                                            \
	NX_CLI_PROGRESS, NX_CLI_HELP_VERSION,                                  \
	{                                                                      \
		NULL, 0, NULL, NULL, NULL                                      \
	}

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
