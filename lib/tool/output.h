/*
 * output: where records go, and the one commit policy of every tool.
 *
 * - stdout, or a file that is not a regular one (a device, a FIFO, a pipe
 *   such as /dev/stdout or a process substitution) is written in place;
 * - a regular file (or a symbolic link's target) is written under a
 *   temporary name beside it, "path.nxtmp-PID-XXXXXX", synced, and renamed
 *   into place only when complete, so that an interrupted or failed run
 *   never leaves half a file nor destroys the old one.  The new file keeps
 *   the old one's mode, and its owner and group where the caller may; a
 *   new file is created as creat(2) would, or 0600 when private.
 * - the files of one run are renamed together (nx_output_commit_all): the
 *   old ones are linked aside first and put back if a rename fails.
 * - opening a file removes its temporary files left by runs that died
 *   (their pid is gone), and says so on stderr (a link to an old file that
 *   such a run could not put back is named, not removed).
 *
 * Tool side: nx_output_catch_signals makes SIGINT, SIGTERM, SIGHUP, SIGPIPE
 * and every exit remove the temporary files not committed.  That list of
 * open temporary files is the one global state of this module.
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

/* The same for a file that may hold personal data (rejects, an index):
 * created 0600 when new. */
int nx_output_open_private(
    struct nx_output **out, const char *path, struct nx_error *err);

/* The stream to write to; borrowed, valid until commit or abort. */
FILE *nx_output_stream(struct nx_output *o);

/*
 * Write b[0..n) to o, for tools that stop at a write error: a reader that
 * went away ends the run quietly (status 0), any other failure with
 * "prog: write NAME: why" (status 1).
 */
void nx_output_put(struct nx_output *o, const char *b, size_t n);

/* The temporary file being written (NULL for stdout and any file written
 * in place): after fflush, it can be read back.  Borrowed, valid until commit
 * or abort. */
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
 * Commit outs[0..n) together: all are flushed, synced and closed first, and
 * only when every one succeeded are the files renamed into place, in order,
 * with the fatal signals held off; otherwise all temporary files are
 * removed and no old file is touched.  If a rename fails (a folder put in
 * the way, a full disk), the files renamed before it are put back, so that
 * either every file is new or every file is old; only if putting back fails
 * too does err say that some files are new and the others old.  Files
 * written in place were written as the run went.  NULL entries are
 * skipped.  Frees every output.  Returns 0, or -1 with err filled.
 */
int nx_output_commit_all(
    struct nx_output **outs, size_t n, struct nx_error *err);

/*
 * The end of a run, alike in every tool.  status < 0: the run stopped (err
 * says why); every output is thrown away and the tool exits, quietly with
 * sofar (the status of what was read until then) when the reader of a
 * pipe left, else with the message and 1.  Otherwise outs[0..n) are
 * committed together (NULL entries skipped); a reader that left ends the
 * tool with status, any other failure is said and makes the status 1.
 * Returns the exit status.
 */
int nx_output_end(struct nx_output **outs, size_t n, int status, int sofar,
    struct nx_error *err);

/* Throw the output away: a temporary file is removed.  Frees o; NULL ok. */
void nx_output_abort(struct nx_output *o);

/* Remove open temporary files on SIGINT, SIGTERM, SIGHUP, SIGPIPE and at
 * exit; make a file size limit (SIGXFSZ) an ordinary write error. */
void nx_output_catch_signals(void);

/* A file a run names, and the option that named it ("-o", "input"). */
struct nx_path {
	const char *what;
	const char *path; /* NULL or "-": stdin or stdout, never compared */
};

/*
 * Refuse a run whose outputs name one of its inputs or one another: the
 * same regular file (device and inode), or for files not there yet the
 * same path once symbolic links are resolved.  To be called before
 * anything is read.  0, or -1 with err ("-o x is the same file as input x").
 */
int nx_output_distinct(const struct nx_path *outs, size_t nout,
    const struct nx_path *ins, size_t nin, struct nx_error *err);

/*
 * Hold an exclusive lock on path (created 0600, empty, when missing) for
 * the rest of the run, so that two runs never both read and rewrite it.
 * Returns the descriptor that holds the lock (closed with the process), or
 * -1 with err ("PATH is in use by another run") when another run holds it.
 */
int nx_output_lock(const char *path, struct nx_error *err);

#endif
