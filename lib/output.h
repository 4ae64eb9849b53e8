/*
 * output: where records go — stdout, or a named file written under a
 * temporary name and renamed into place only when complete, so that an
 * interrupted or failed run never leaves half a file (nor destroys the old
 * one).
 *
 * Tool side: nx_output_catch_signals installs SIGINT/SIGTERM/SIGHUP handlers
 * that remove every temporary file still open, then die of the signal.  That
 * list of open temporary files is the one global state of this module.
 */
#ifndef NX_OUTPUT_H
#define NX_OUTPUT_H

#include <stdio.h>

#include "err.h"

struct nx_output;

/*
 * Open path for writing (NULL or "-": stdout, fully buffered).  A named file
 * is created as "path.XXXXXX" beside it.  Returns 0 and a new output in *out,
 * or -1 with err filled.
 */
int nx_output_open(
    struct nx_output **out, const char *path, struct nx_error *err);

/* The stream to write to; borrowed, valid until commit or abort. */
FILE *nx_output_stream(struct nx_output *o);

/*
 * Write b[0..n) to o, for tools that stop at a write error: a reader that
 * went away ends the run quietly (status 0), any other failure with
 * "prog: write NAME: why" (status 1).
 */
void nx_output_put(struct nx_output *o, const char *b, size_t n);

/* The temporary file being written (NULL for stdout): after fflush, it can
 * be read back.  Borrowed, valid until commit or abort. */
const char *nx_output_temp_path(const struct nx_output *o);

/* The name for diagnostics ("<stdout>" or the path); borrowed likewise. */
const char *nx_output_name(const struct nx_output *o);

/*
 * Flush and close, checking every step, then rename a named file into place.
 * Frees o whatever happens.  Returns 0, or -1 with err filled (err->errnum
 * is EPIPE when the reader of a pipe went away).
 */
int nx_output_commit(struct nx_output *o, struct nx_error *err);

/*
 * Commit outs[0..n) together: all are flushed and closed first, and only
 * when every one succeeded are the files renamed into place; otherwise all
 * temporary files are removed and no old file is touched.  NULL entries are
 * skipped.  Frees every output.  Returns 0, or -1 with err filled.
 */
int nx_output_commit_all(
    struct nx_output **outs, size_t n, struct nx_error *err);

/* Throw the output away: a temporary file is removed.  Frees o; NULL ok. */
void nx_output_abort(struct nx_output *o);

/* Remove open temporary files on SIGINT, SIGTERM and SIGHUP; make a file
 * size limit (SIGXFSZ) an ordinary write error. */
void nx_output_catch_signals(void);

#endif
