/*
 * spool: lines kept in an unnamed temporary file for reading back in any
 * order, with 14 bytes of memory a line (offset, length, a 16-bit tag).
 * This is what lets --shuffle read stdin, which cannot seek.
 */
#ifndef NX_SPOOL_H
#define NX_SPOOL_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct nx_spool;

int nx_spool_open(struct nx_spool **out, struct nx_error *err);

/* Keep line[0..len) with tag.  0, or -1 with err filled. */
int nx_spool_add(struct nx_spool *sp, const char *line, size_t len,
    uint16_t tag, struct nx_error *err);

/* Make what was added readable; call once, before the first get. */
int nx_spool_seal(struct nx_spool *sp, struct nx_error *err);

size_t nx_spool_count(const struct nx_spool *sp);
uint16_t nx_spool_tag(const struct nx_spool *sp, size_t i);

/*
 * Line i into *line (borrowed, valid until the next get) and *len.
 * 0, or -1 with err filled.
 */
int nx_spool_get(struct nx_spool *sp, size_t i, const char **line, size_t *len,
    struct nx_error *err);

/* Remove the file and free sp; NULL is accepted. */
void nx_spool_close(struct nx_spool *sp);

#endif
