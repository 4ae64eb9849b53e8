/*
 * choice: a table of names for values — the one place an option's values
 * (--format, --pii, --dedup…) are spelled.  The parser, its message,
 * --help, the man page check and the bash completion all read the table.
 */
#ifndef NX_CHOICE_H
#define NX_CHOICE_H

/* One entry; a table ends with {NULL, 0}. */
struct nx_cli_choice {
	const char *name;
	int value;
};

/* The entry of t called name, or NULL. */
const struct nx_cli_choice *nx_cli_choice_find(
    const struct nx_cli_choice *t, const char *name);

/* The name of value in t, or NULL. */
const char *nx_cli_choice_name(const struct nx_cli_choice *t, int value);

#endif
