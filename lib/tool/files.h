/*
 * files: the input files of a tool that takes folders (tool side: it warns
 * and dies) — every *.json, *.jsonl and .zip below each folder operand in
 * sorted order, other operands as given, and the files a .zip holds.
 *
 * Ownership: the list owns its paths and names (nx_files_free).
 */
#ifndef NX_FILES_H
#define NX_FILES_H

#include <stddef.h>

#include "cli.h"

/* One input file: its path and the name records give it. */
struct nx_file {
	char *path;
	char *name;  /* relative to the folder operand, or as given */
	char *entry; /* the file inside the .zip at path, or NULL */
};

struct nx_files {
	struct nx_file *v; /* owned */
	size_t n, cap;
};

/* Add path, named name in records (copies of both; no entry).  Out of
 * memory ends the run.  Pointers into fs->v may move. */
void nx_files_add(struct nx_files *fs, const char *path, const char *name);

/*
 * Each of the n operands in paths (trailing slashes cut off in place): a
 * folder gives every wanted file below it, named relative to it and
 * sorted by path; anything else, "-" included, is added as it is.  A
 * folder that cannot be opened is warned about and sets *status to 1.
 */
void nx_files_find(struct nx_files *fs, char **paths, int n, int *status);

/* Refuse, before anything is read, outputs that name an input file or
 * each other (exit 2). */
void nx_files_distinct(
    const struct nx_files *fs, const struct nx_cli_common *opt);

/* Free the list's files; fs is empty again. */
void nx_files_free(struct nx_files *fs);

#endif
