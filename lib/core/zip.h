/*
 * zip: the files inside a .zip archive, as the chat apps deliver their
 * exports (ChatGPT's and Claude's conversations.json), read in place with
 * libarchive.
 *
 * Ownership: names and data are the caller's (nx_zip_names_free, and the
 * caller's buffer).
 */
#ifndef NX_ZIP_H
#define NX_ZIP_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/* Whether path names a .zip file (by its name). */
int nx_zip_is(const char *path);

/*
 * The names of the regular files in archive path, in the archive's order,
 * as a new array of *n new strings in *names.  0, or -1 with err filled
 * (cannot open, not an archive, damaged, no memory).
 */
int nx_zip_names(
    char ***names, size_t *n, const char *path, struct nx_error *err);

void nx_zip_names_free(char **names, size_t n);

/*
 * The whole of file name in archive path into out (replacing its bytes,
 * NUL-terminated past out->len), when it is at most max bytes.  0, or -1
 * with err filled (no such file, too big, damaged, no memory).
 */
int nx_zip_read(struct nx_buf *out, const char *path, const char *name,
    size_t max, struct nx_error *err);

#endif
