/*
 * snapshot: which saved conversations are earlier saves of another, so
 * that each pair is exported once, from the latest save.
 *
 * A conversation is an earlier save when another one has the same session
 * id and a later timestamp (or, with equal or missing timestamps, more
 * turns, or comes later in reading order); when another continues it (its
 * turns are a proper prefix of the other's); or when a later one has the
 * very same turns.  Conversations are added in reading order and numbered
 * from 0; nx_snapshots_decide marks the earlier saves once all are in.
 */
#ifndef NX_SNAPSHOT_H
#define NX_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "conv.h"

struct nx_snapshot; /* private: one conversation */

struct nx_snapshots {
	/* private */
	struct nx_snapshot *v;
	size_t n, cap;
	uint64_t *prefixes; /* hashes of every proper prefix */
	size_t nprefixes, prefixes_cap;
};

void nx_snapshots_init(struct nx_snapshots *s);

/* Remember conversation number s->n.  0, or -1 (memory). */
int nx_snapshots_add(struct nx_snapshots *s, const struct nx_conv *c);

/* Mark the earlier saves among all that were added.  0, or -1 (memory). */
int nx_snapshots_decide(struct nx_snapshots *s);

/* Whether conversation i is an earlier save (after decide). */
int nx_snapshots_superseded(const struct nx_snapshots *s, size_t i);

void nx_snapshots_free(struct nx_snapshots *s);

#endif
