/*
 * qa: the semantic cache's documents, "Q: question\nA: answer", stored
 * whole or as chunks that may repeat the end of the chunk before them.
 */
#ifndef NX_QA_H
#define NX_QA_H

#include "buf.h"

/*
 * Split doc into question q and answer a (CRLF as LF, ends trimmed).
 * question, the metadata's copy when there is one (else NULL), says where
 * the question ends, so that it may hold line breaks; otherwise the first
 * line starting "A:" does.  Returns 0, or -1 with *why when doc is not a
 * Q&A pair.
 */
int nx_qa_split(struct nx_buf *q, struct nx_buf *a, const char *doc,
    const char *question, const char **why);

/* Append chunk next to doc, less what it repeats of doc's end (8 to 1000
 * bytes; shorter matches are taken as chance). */
void nx_qa_join(struct nx_buf *doc, const char *next);

#endif
