#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
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

/* "--opt: a, b or c, not optarg", then the usage. */
static _Noreturn void
bad_choice(const char *synopsis, const char *opt, const struct nx_cli_choice *c)
{
	char want[512];
	size_t n = 0;

	want[0] = '\0';
	for (const struct nx_cli_choice *p = c; p->name != NULL; p++)
		n += (size_t)snprintf(want + n, n < sizeof(want) ? sizeof(want) - n : 0,
		    "%s%s", p == c ? "" : p[1].name == NULL ? " or " : ", ",
		    p->name);
	nx_cli_bad(synopsis, opt, want, optarg);
}

int
nx_cli_getopt(int argc, char **argv, const char *shortopts,
    const struct nx_cli_option *t)
{
	static struct option longopts[80];
	static const struct nx_cli_option *made;

	if (made != t) {
		size_t i;

		for (i = 0; t[i].name != NULL &&
		     i < sizeof(longopts) / sizeof(longopts[0]) - 1;
		     i++)
			longopts[i] = (struct option){t[i].name,
			    t[i].arg != NULL || t[i].choices != NULL
				? required_argument
				: no_argument,
			    NULL, t[i].code};
		longopts[i] = (struct option){NULL, 0, NULL, 0};
		made = t;
	}
	return getopt_long(argc, argv, shortopts, longopts, NULL);
}

static const struct nx_cli_option *
by_code(const struct nx_cli_option *t, int code)
{
	for (; t->name != NULL; t++)
		if (t->code == code)
			return t;
	abort(); /* a tool's table lacks its own option */
}

int
nx_cli_choose(const struct nx_cli_option *t, int code, const char *synopsis)
{
	const struct nx_cli_option *o = by_code(t, code);
	const struct nx_cli_choice *c = nx_cli_choice_find(o->choices, optarg);
	char opt[64];

	if (c != NULL)
		return c->value;
	snprintf(opt, sizeof(opt), "--%s", o->name);
	bad_choice(synopsis, opt, o->choices);
}

enum { HELP_COLUMN = 28 };

int
nx_cli_help(const char *synopsis, const char *shortopts,
    const struct nx_cli_option *t, const char *page)
{
	fputs(synopsis, stdout);
	putchar('\n');
	for (; t->name != NULL; t++) {
		const char *h = t->help, *nl;
		int n;

		if (t->code < 128 && t->code != 'h' &&
		    strchr(shortopts, t->code) != NULL)
			n = printf("  -%c, --%s", t->code, t->name);
		else
			n = printf("      --%s", t->name);
		if (t->arg != NULL)
			n += printf(" %s", t->arg);
		for (const struct nx_cli_choice *c = t->choices;
		     c != NULL && c->name != NULL; c++)
			n += printf("%c%s", c == t->choices ? ' ' : '|',
			    c->name);
		if (n + 1 >= HELP_COLUMN) {
			putchar('\n');
			n = 0;
		}
		for (;;) {
			nl = strchr(h, '\n');
			printf("%*s%.*s\n", HELP_COLUMN - n, "",
			    nl != NULL ? (int)(nl - h) : (int)strlen(h), h);
			if (nl == NULL)
				break;
			h = nl + 1;
			n = 0;
		}
	}
	printf("\nSee %s.\n", page);
	return nx_cli_done();
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

void
nx_cli_check_reasoning(
    const struct nx_cli_common *c, enum nx_format fmt, const char *synopsis)
{
	if (c->reasoning == NX_REASONING_FIELD && fmt != NX_FORMAT_CHAT)
		nx_cli_bad(synopsis, "--reasoning",
		    "drop or think unless the format is chat", "field");
}

int
nx_cli_common(struct nx_cli_common *c, int ch, const char *synopsis)
{
	unsigned long long v;

	switch (ch) {
	case 'o':
		c->output = optarg;
		return 1;
	case 'f':
		if (nx_format_parse(&c->fmt, optarg) < 0)
			bad_choice(synopsis, "--format", nx_formats);
		c->reformat = 1;
		return 1;
	case NX_OPT_REJECTS:
		c->rejects = optarg;
		return 1;
	case NX_OPT_REASONING:
		if (nx_reasoning_parse(&c->reasoning, optarg) < 0)
			bad_choice(synopsis, "--reasoning", nx_reasonings);
		return 1;
	case NX_OPT_STRICT:
		c->strict = 1;
		return 1;
	case NX_OPT_STATS:
		c->stats = 1;
		return 1;
	case NX_OPT_MAX_LINE:
		if (nx_cli_number(&v, optarg, SIZE_MAX) < 0 || v == 0)
			nx_cli_bad(synopsis, "--max-line-bytes",
			    "a positive number", optarg);
		c->max_line = (size_t)v;
		return 1;
	case NX_OPT_PROGRESS:
	case NX_OPT_NO_PROGRESS:
		c->progress = nx_progress_option(ch);
		return 1;
	case NX_OPT_VERSION:
		nx_cli_version();
		exit(nx_cli_done());
	default:
		return 0;
	}
}
