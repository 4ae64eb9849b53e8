/*
 * chunks: the semantic cache's entries as Chroma records, and the pairs
 * made of them.  Long answers are stored as several records (chunk_index
 * of total_chunks, sharing the question and cached_at): the chunks of an
 * entry are held, in the order their first chunk came, until all are in;
 * then the entry is put back together as one Q&A pair, or found
 * incomplete.  Selecting records (--where), the record a pair is written
 * as, and a record as Chroma holds it (--raw) are here too.
 *
 * Ownership: a struct nx_chunks owns the groups it holds and the records
 * taken over into them; a group is valid until nx_chunks_drop.
 */
#ifndef NX_CHUNKS_H
#define NX_CHUNKS_H

#include <jansson.h>
#include <stddef.h>

#include "buf.h"
#include "record.h"
#include "chroma.h"
#include "err.h"

/* The chunks of one entry read so far (they share its key). */
struct nx_chunk_group {
	char *key;		       /* owned: question \x1f cached_at */
	struct nx_chroma_record *recs; /* owned, in the order read */
	size_t n, cap;
	struct nx_chunk_group *next; /* the next in the order of first chunks */
	struct nx_chunk_group **prev;
};

struct nx_chunks {
	struct nx_chunk_group **table; /* open addressing, by key */
	size_t tsize, tused;
	struct nx_chunk_group *first, **last; /* open groups, oldest first */
	struct nx_buf doc;		      /* private */
	char msg[160];			      /* private: a why */
};

/* The metadata value of key as text (numbers and booleans written into
 * buf), or NULL when absent or of another type. */
const char *nx_chunks_meta_text(
    const json_t *m, const char *key, char *buf, size_t size);

/* The metadata value of key when an integer, else none. */
long nx_chunks_meta_int(const json_t *m, const char *key, long none);

/* --where KEY=VALUE: borrowed strings. */
struct nx_chunks_where {
	const char *key, *value;
};

/* Whether r's metadata has every where[i].key with its value (as text). */
int nx_chunks_match(const struct nx_chroma_record *r,
    const struct nx_chunks_where *where, size_t n);

/*
 * Split r's document, a whole entry, into question q and answer a.
 * Returns 0, or -1 with *reason ("text", "not_qa") and *why (borrowed).
 */
int nx_chunks_split(struct nx_buf *q, struct nx_buf *a, const char **reason,
    const char **why, const struct nx_chroma_record *r);

/*
 * The record of the pair q, a from r: id "cache:ID" (written into id),
 * source "cache", system (or NULL), and r's metadata in *meta, a new copy
 * without the chunk fields when whole (the caller decrefs it; NULL when r
 * has none).  rec borrows q, a, id, system and *meta.
 */
void nx_chunks_record(struct nx_record *rec, json_t **meta, struct nx_buf *id,
    const struct nx_chroma_record *r, const char *system,
    const struct nx_buf *q, const struct nx_buf *a, int whole);

/* r as Chroma holds it, {"id","document","metadata"}, a line appended to
 * b.  0, or -1 (no memory). */
int nx_chunks_raw(struct nx_buf *b, const struct nx_chroma_record *r);

/*
 * The fields a reject of r carries: chroma_id, its document (when text),
 * metadata, and chunks (stolen; may be NULL).  A new reference.
 */
json_t *nx_chunks_reject_extra(
    const struct nx_chroma_record *r, json_t *chunks);

/* An empty set. */
void nx_chunks_init(struct nx_chunks *c);

/*
 * The key that groups the chunks of r's entry, its question and cached_at
 * (or timestamp), in *key (new, the caller's), or NULL when r is not a
 * chunk (total_chunks absent or 1).  Returns 0, or -1 with err (no memory).
 */
int nx_chunks_key(
    char **key, const struct nx_chroma_record *r, struct nx_error *err);

/*
 * Take r over (r is zeroed) into the group of key (stolen).  Returns the
 * group, borrowed, or NULL with err filled (no memory).
 */
struct nx_chunk_group *nx_chunks_hold(struct nx_chunks *c,
    struct nx_chroma_record *r, char *key, struct nx_error *err);

/* Whether every chunk of g is in (as many as its first says). */
int nx_chunks_complete(const struct nx_chunk_group *g);

enum nx_chunks_verdict {
	NX_CHUNKS_PAIR,	      /* q and a hold the entry */
	NX_CHUNKS_NOT_QA,     /* put together, it is no Q&A pair */
	NX_CHUNKS_INCOMPLETE, /* a chunk is missing, repeated or bad */
};

/*
 * Put g back together: the chunks in order, each less what it repeats of
 * the one before (nx_qa_join), split into question q and answer a, the
 * answer's length checked against answer_length.  *head is the record the
 * entry is named by (the first chunk, or the first read when chunks are
 * missing) and *why, borrowed until the next call, what is wrong.  Returns
 * the verdict, or -1 with err filled (no memory).
 */
int nx_chunks_assemble(struct nx_buf *q, struct nx_buf *a,
    const struct nx_chroma_record **head, const char **why, struct nx_chunks *c,
    const struct nx_chunk_group *g, struct nx_error *err);

/* Forget g (put back together or rejected), and the records it holds. */
void nx_chunks_drop(struct nx_chunks *c, struct nx_chunk_group *g);

/* Free what c holds (groups still open included). */
void nx_chunks_free(struct nx_chunks *c);

#endif
