/*
 * zip: the files inside a .zip archive, as the chat apps deliver their
 * exports (ChatGPT's and Claude's conversations.json), read in place with
 * libarchive.
 *
 * Ownership: names are the caller's (nx_zip_names_free); a file opened is
 * closed with nx_zip_close.
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

/* A file inside an archive, read as it is unpacked. */
struct nx_zip_file;

/*
 * Open file name in archive path for reading with nx_zip_read_some.  0,
 * or -1 with err filled (cannot open, no such file, damaged, no memory).
 */
int nx_zip_open(struct nx_zip_file **out, const char *path, const char *name,
    struct nx_error *err);

/* Up to n bytes of file src (a struct nx_zip_file) into buf: the bytes
 * read, 0 at its end, -1 with err filled.  An nx_jarray_read_fn. */
long nx_zip_read_some(void *src, char *buf, size_t n, struct nx_error *err);

void nx_zip_close(struct nx_zip_file *f);

#endif
