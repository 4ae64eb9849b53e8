#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chunks.h"
#include "format.h"
#include "qa.h"
#include "text.h"

#define MAX_CHUNKS 1024 /* an entry's chunks, at the most */

const char *
nx_chunks_meta_text(const json_t *m, const char *key, char *buf, size_t size)
{
	const json_t *v = json_object_get(m, key);

	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		snprintf(
		    buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, size, "%.17g", json_real_value(v));
	else if (json_is_boolean(v))
		snprintf(buf, size, "%s", json_is_true(v) ? "true" : "false");
	else
		return NULL;
	return buf;
}

long
nx_chunks_meta_int(const json_t *m, const char *key, long none)
{
	json_t *v = json_object_get(m, key);

	return json_is_integer(v) ? (long)json_integer_value(v) : none;
}

int
nx_chunks_match(const struct nx_chroma_record *r,
    const struct nx_chunks_where *where, size_t n)
{
	char buf[64];

	for (size_t i = 0; i < n; i++) {
		const char *v = nx_chunks_meta_text(
		    r->metadata, where[i].key, buf, sizeof(buf));

		if (v == NULL || strcmp(v, where[i].value) != 0)
			return 0;
	}
	return 1;
}

int
nx_chunks_split(struct nx_buf *q, struct nx_buf *a, const char **reason,
    const char **why, const struct nx_chroma_record *r)
{
	*reason = "not_qa";
	if (r->bad != NULL) {
		*reason = "text";
		*why = r->bad;
		return -1;
	}
	if (r->document == NULL) {
		*why = "the record has no document";
		return -1;
	}
	return nx_qa_split(q, a, r->document,
	    json_string_value(json_object_get(r->metadata, "question")), why);
}

void
nx_chunks_record(struct nx_record *rec, json_t **meta, struct nx_buf *id,
    const struct nx_chroma_record *r, const char *system,
    const struct nx_buf *q, const struct nx_buf *a, int whole)
{
	nx_buf_reset(id);
	nx_buf_adds(id, "cache:");
	nx_buf_adds(id, r->id);
	rec->id = (struct nx_str){id->data, id->len};
	rec->source = (struct nx_str){"cache", 5};
	if (system != NULL)
		rec->system = (struct nx_str){system, strlen(system)};
	rec->prompt = (struct nx_str){q->data, q->len};
	rec->completion = (struct nx_str){a->data, a->len};
	*meta = NULL;
	if (r->metadata != NULL) {
		*meta = json_copy(r->metadata);
		if (whole) {
			json_object_del(*meta, "chunk_index");
			json_object_del(*meta, "total_chunks");
			json_object_del(*meta, "chunk_strategy");
		}
		rec->metadata = *meta;
	}
}

int
nx_chunks_raw(struct nx_buf *b, const struct nx_chroma_record *r)
{
	json_t *o = json_pack("{s:s}", "id", r->id);
	int rc;

	json_object_set_new(o, "document",
	    r->document != NULL ? json_string(r->document) : json_null());
	json_object_set(
	    o, "metadata", r->metadata != NULL ? r->metadata : json_null());
	rc =
	    nx_format_json_value(b, o) < 0 || nx_buf_addc(b, '\n') < 0 ? -1 : 0;
	json_decref(o);
	return rc;
}

json_t *
nx_chunks_reject_extra(const struct nx_chroma_record *r, json_t *chunks)
{
	json_t *extra = json_object();

	json_object_set_new(extra, "chroma_id", json_string(r->id));
	if (r->document != NULL && r->bad == NULL)
		json_object_set_new(
		    extra, "document", json_string(r->document));
	if (r->metadata != NULL)
		json_object_set(extra, "metadata", r->metadata);
	if (chunks != NULL)
		json_object_set_new(extra, "chunks", chunks);
	return extra;
}

void
nx_chunks_init(struct nx_chunks *c)
{
	memset(c, 0, sizeof(*c));
	c->last = &c->first;
}

int
nx_chunks_key(
    char **key, const struct nx_chroma_record *r, struct nx_error *err)
{
	const json_t *m = r->metadata;
	const char *q = json_string_value(json_object_get(m, "question"));
	char buf[64];
	const char *when;
	size_t len;

	*key = NULL;
	if (m == NULL || nx_chunks_meta_int(m, "total_chunks", 1) <= 1)
		return 0;
	when = nx_chunks_meta_text(m, "cached_at", buf, sizeof(buf));
	if (when == NULL)
		when = nx_chunks_meta_text(m, "timestamp", buf, sizeof(buf));
	if (q == NULL)
		q = "";
	if (when == NULL)
		when = "";
	len = strlen(q) + strlen(when) + 2;
	if ((*key = malloc(len)) == NULL)
		return nx_error_nomem(err);
	snprintf(*key, len, "%s\x1f%s", q, when);
	return 0;
}

static size_t
hash(const char *s)
{
	size_t h = 14695981039346656037ULL;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* The slot of key's group in the table (empty when there is none). */
static struct nx_chunk_group **
slot(struct nx_chunks *c, const char *key)
{
	size_t j = hash(key) & (c->tsize - 1);

	while (c->table[j] != NULL && strcmp(c->table[j]->key, key) != 0)
		j = (j + 1) & (c->tsize - 1);
	return &c->table[j];
}

struct nx_chunk_group *
nx_chunks_hold(struct nx_chunks *c, struct nx_chroma_record *r, char *key,
    struct nx_error *err)
{
	struct nx_chunk_group **at, *g;

	if ((c->tused + 1) * 2 > c->tsize) {
		struct nx_chunk_group **old = c->table;
		size_t n = c->tsize;

		c->tsize = n ? n * 2 : 64;
		if ((c->table = calloc(c->tsize, sizeof(*c->table))) == NULL) {
			c->table = old;
			c->tsize = n;
			free(key);
			nx_error_nomem(err);
			return NULL;
		}
		for (size_t i = 0; i < n; i++)
			if (old[i] != NULL)
				*slot(c, old[i]->key) = old[i];
		free(old);
	}
	if ((g = *(at = slot(c, key))) == NULL) {
		if ((g = calloc(1, sizeof(*g))) == NULL) {
			free(key);
			nx_error_nomem(err);
			return NULL;
		}
		g->key = key;
		*at = g;
		c->tused++;
		g->prev = c->last;
		*c->last = g;
		c->last = &g->next;
	} else
		free(key);
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 4;
		struct nx_chroma_record *p = realloc(g->recs, cap * sizeof(*p));

		if (p == NULL) {
			nx_error_nomem(err);
			return NULL;
		}
		g->recs = p;
		g->cap = cap;
	}
	g->recs[g->n++] = *r;
	memset(r, 0, sizeof(*r));
	return g;
}

int
nx_chunks_complete(const struct nx_chunk_group *g)
{
	return g->n ==
	    (size_t)nx_chunks_meta_int(g->recs[0].metadata, "total_chunks", 1);
}

int
nx_chunks_assemble(struct nx_buf *q, struct nx_buf *a,
    const struct nx_chroma_record **head, const char **why, struct nx_chunks *c,
    const struct nx_chunk_group *g, struct nx_error *err)
{
	const struct nx_chroma_record *part[MAX_CHUNKS] = {NULL};
	size_t total =
	    (size_t)nx_chunks_meta_int(g->recs[0].metadata, "total_chunks", 1);
	long want;

	*head = &g->recs[0];
	*why = NULL;
	for (size_t i = 0; i < g->n; i++) {
		const struct nx_chroma_record *r = &g->recs[i];
		long k = nx_chunks_meta_int(r->metadata, "chunk_index", -1);

		if (total > MAX_CHUNKS)
			*why = "too many chunks";
		else if (r->bad != NULL)
			*why = r->bad;
		else if (k < 0 || (size_t)k >= total || part[k] != NULL ||
		    r->document == NULL)
			*why = "a chunk index is missing, out of range or "
			       "repeated";
		else
			part[k] = r;
	}
	for (size_t k = 0; *why == NULL && k < total; k++)
		if (part[k] == NULL) {
			snprintf(c->msg, sizeof(c->msg),
			    "chunk %zu of %zu is missing", k, total);
			*why = c->msg;
		}
	if (*why != NULL)
		return NX_CHUNKS_INCOMPLETE;
	nx_buf_reset(&c->doc);
	nx_buf_adds(&c->doc, part[0]->document);
	for (size_t k = 1; k < total; k++)
		nx_qa_join(&c->doc, part[k]->document);
	if (nx_buf_addc(&c->doc, '\0') < 0)
		return nx_error_nomem(err);
	if (nx_qa_split(q, a, c->doc.data,
		json_string_value(
		    json_object_get(part[0]->metadata, "question")),
		why) < 0) {
		*head = part[0];
		return NX_CHUNKS_NOT_QA;
	}
	want = nx_chunks_meta_int(part[0]->metadata, "answer_length", -1);
	if (want >= 0 && (long)nx_text_length(a->data, a->len) != want) {
		snprintf(c->msg, sizeof(c->msg),
		    "the answer put back together has %zu characters; "
		    "answer_length says %ld",
		    nx_text_length(a->data, a->len), want);
		*why = c->msg;
		return NX_CHUNKS_INCOMPLETE;
	}
	*head = part[0];
	return NX_CHUNKS_PAIR;
}

void
nx_chunks_drop(struct nx_chunks *c, struct nx_chunk_group *g)
{
	size_t j = hash(g->key) & (c->tsize - 1);
	struct nx_chroma_list gone = {.records = g->recs, .n = g->n};

	/* Out of the table: the cluster after it is put in again. */
	while (c->table[j] != g)
		j = (j + 1) & (c->tsize - 1);
	c->table[j] = NULL;
	c->tused--;
	for (j = (j + 1) & (c->tsize - 1); c->table[j] != NULL;
	     j = (j + 1) & (c->tsize - 1)) {
		struct nx_chunk_group *m = c->table[j];

		c->table[j] = NULL;
		*slot(c, m->key) = m;
	}
	/* Out of the list. */
	*g->prev = g->next;
	if (g->next != NULL)
		g->next->prev = g->prev;
	else
		c->last = g->prev;
	nx_chroma_list_free(&gone);
	free(g->key);
	free(g);
}

void
nx_chunks_free(struct nx_chunks *c)
{
	while (c->first != NULL)
		nx_chunks_drop(c, c->first);
	free(c->table);
	nx_buf_free(&c->doc);
	nx_chunks_init(c);
}
