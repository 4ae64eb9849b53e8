/*
 * chroma: a read-only reader of a ChromaDB persistent store (Chroma 0.4.15
 * and later: DIR/chroma.sqlite3), safe while Chroma itself is writing.
 *
 * The store is opened read-only with a busy timeout and read in short
 * transactions of a few thousand records each, copied out before any
 * processing (Chroma's writer waits while a reader holds the lock).  Each
 * record is read whole, from one state of the store; the export as a whole
 * is not one snapshot: a record written while it runs is in it when it
 * lands after the part already read, and one deleted before its part is
 * read is not.  Writes Chroma has logged but not applied yet are waited
 * for briefly.
 *
 * Ownership: a struct nx_chroma_list owns its records and their strings;
 * metadata objects are new references held by the list.
 */
#ifndef NX_CHROMA_H
#define NX_CHROMA_H

#include <jansson.h>
#include <stddef.h>

#include "err.h"

/* The newest schema versions read and checked. */
#define NX_CHROMA_SYSDB_KNOWN 10
#define NX_CHROMA_METADB_KNOWN 6

struct nx_chroma;

struct nx_chroma_record {
	char *id;	/* Chroma's id */
	char *document; /* or NULL */
	size_t document_len;
	json_t *metadata; /* an object, or NULL when the record has none */
	const char *bad;  /* why its text cannot be used (a NUL byte, bytes
			     that are not UTF-8), or NULL; a literal */
};

struct nx_chroma_list {
	struct nx_chroma_record *records; /* in insertion order */
	size_t n, cap;
	size_t batch;	/* records the last read transaction added */
	size_t total;	/* records read in all */
	long pending;	/* writes logged but still not applied */
	double locked;	/* seconds the read lock was held, all tries */
	double longest; /* seconds of the longest read transaction */
};

struct nx_chroma_collection {
	char *name;
	long count;
};

/*
 * Open the store in dir.  Fails, with a message meant for users, for a
 * missing directory, a pre-0.4 (DuckDB/Parquet) store, a file that is not a
 * Chroma store, an unfinished write (hot journal) and a schema older than
 * Chroma 0.4.15.  A newer schema than known is accepted when the columns
 * read are there; *warning then says so (else it is empty).
 */
int nx_chroma_open(struct nx_chroma **out, const char *dir, char *warning,
    size_t wsize, struct nx_error *err);

/* The schema versions: sysdb, metadb, embeddings_queue. */
void nx_chroma_versions(
    const struct nx_chroma *c, int *sysdb, int *metadb, int *queue);

/* The collections of the default database, by name (caller frees with
 * nx_chroma_collections_free). */
int nx_chroma_collections(const struct nx_chroma *c,
    struct nx_chroma_collection **out, size_t *n, struct nx_error *err);
void nx_chroma_collections_free(struct nx_chroma_collection *list, size_t n);

/*
 * Every record of collection name into out (initialised to zeros), with
 * document and metadata (every value type kept; lists on metadb 6).  A
 * missing collection is an error that lists those that exist.
 */
int nx_chroma_read(struct nx_chroma *c, const char *name,
    struct nx_chroma_list *out, struct nx_error *err);

/*
 * As nx_chroma_read, handing the records over a read transaction's worth
 * at a time: each(ctx, out) gets them in insertion order, may take a
 * record over (copy it, then zero it in out), returns 0 or -1 to stop;
 * out is emptied after each call (its counts stay).  0, or -1.
 */
int nx_chroma_each(struct nx_chroma *c, const char *name,
    struct nx_chroma_list *out,
    int (*each)(void *ctx, struct nx_chroma_list *batch), void *ctx,
    struct nx_error *err);

void nx_chroma_list_free(struct nx_chroma_list *list);
void nx_chroma_close(struct nx_chroma *c);

#endif
