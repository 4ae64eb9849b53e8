/*
 * annotate: a kept record as jsonl-filter writes it — personal data
 * redacted (--pii redact), metadata.lang and .tokens (--annotate) and
 * metadata.quality (--explain) added from the facts its stages found.  A
 * preference pair's rejected reply is redacted and counted too.
 *
 * Ownership: struct nx_annotate owns its buffers; a record it makes
 * borrows them (and the metadata object it returns) until the next call.
 */
#ifndef NX_ANNOTATE_H
#define NX_ANNOTATE_H

#include <jansson.h>

#include "buf.h"
#include "err.h"
#include "record.h"
#include "stage.h"
#include "tokenizer.h"

struct nx_annotate {
	int annotate, explain, redact;
	struct nx_tokenizer *tok; /* borrowed, or NULL */
	unsigned turn_tokens;
	/* private: the redacted prompt and replies */
	struct nx_buf red[3];
};

/* The record cannot be so written (its metadata is no object). */
#define NX_ANNOTATE_CANNOT 2

/*
 * rec as it will be written, in *copy (borrowing rec, a's buffers and
 * *meta, a new reference the caller releases, or NULL).  Returns 1 when
 * it differs from the line as read, 0 when not, NX_ANNOTATE_CANNOT with
 * err saying why, -1 with err on failure.
 */
int nx_annotate_record(struct nx_annotate *a, const struct nx_record *rec,
    const struct nx_facts *facts, struct nx_record *copy, json_t **meta,
    struct nx_error *err);

/* Release a's buffers (a itself is the caller's). */
void nx_annotate_free(struct nx_annotate *a);

#endif
