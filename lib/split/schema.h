/*
 * schema: one JSON type a field, across every row a trainer loads.
 *
 * Hugging Face datasets reads JSONL with Arrow, which gives each column and
 * each nested field one type for the whole dataset and stops at the first
 * row that disagrees ("Column(/metadata/ts) changed from string to
 * number").  Its rules, which we follow: null goes with any type; integers
 * and reals are one type (number); objects are structs whose fields are
 * checked one by one; a list's elements must share one type.  A schema
 * learns the types of every column of the rows it is shown (metadata,
 * messages, tools, …: each top-level field and what it holds), and
 * rewrites a row so that every field seen with two types is a string (the
 * value's JSON text; strings stay as they are).  A column can be kept as
 * written: its types are learned and reported, never rewritten.
 */
#ifndef NX_SCHEMA_H
#define NX_SCHEMA_H

#include <jansson.h>

#include "buf.h"
#include "err.h"

struct nx_schema;

/* A new, empty schema; NULL when memory runs out.  Free with
 * nx_schema_free (NULL is fine). */
struct nx_schema *nx_schema_new(void);
void nx_schema_free(struct nx_schema *sc);

/* Keep column (a top-level field name, borrowed) as written.  0, or -1
 * when memory runs out. */
int nx_schema_keep(struct nx_schema *sc, const char *column);

/* Learn the types in row, a line's top-level object (borrowed; NULL or
 * not an object: nothing).  0, or -1 when memory runs out. */
int nx_schema_add(struct nx_schema *sc, const json_t *row);

/*
 * The same from the JSON text line[0..len): exactly what nx_schema_add
 * learns from the tree jansson (JSON_ALLOW_NUL) makes of it (nothing when
 * it is not a JSON object), without building one when our scanner can
 * read the text, which it can for every line our writers make.  0, or -1
 * when memory runs out.
 */
int nx_schema_add_text(struct nx_schema *sc, const char *line, size_t len);

/*
 * The fields with more than one type, as "metadata.ts (string, number)",
 * comma-separated, into names (reset first; NUL-terminated): those that
 * nx_schema_fix rewrites (kept 0) or those of kept columns (kept 1).
 * Returns how many.
 */
size_t nx_schema_conflicts(const struct nx_schema *sc, struct nx_buf *names,
    int kept);

/* Every field learned, in the order first seen, as nx_schema_conflicts
 * writes them.  Returns how many. */
size_t nx_schema_fields(const struct nx_schema *sc, struct nx_buf *names);

/*
 * line[0..len) (a JSON object) into out (reset first) with each of its
 * fields that has several types (outside the kept columns) written as a
 * string.  Returns 1 when it changed the line, 0 when out holds it as it
 * was, -1 (bad JSON, no memory) with err.
 */
int nx_schema_fix(const struct nx_schema *sc, struct nx_buf *out,
    const char *line, size_t len, struct nx_error *err);

#endif
