#include <stdlib.h>
#include <string.h>

#include "check_nx.h"
#include "chunks.h"

/* A chunk of an entry: its own copy of every string, as Chroma gives. */
static struct nx_chroma_record
chunk(const char *id, const char *doc, const char *meta)
{
	struct nx_chroma_record r = {0};

	r.id = strdup(id);
	r.document = strdup(doc);
	r.document_len = strlen(doc);
	r.metadata = json_loads(meta, 0, NULL);
	ck_assert_ptr_nonnull(r.metadata);
	return r;
}

#define META(i, n)                                                             \
	"{\"question\":\"Why?\",\"cached_at\":7,\"chunk_index\":" #i           \
	",\"total_chunks\":" #n "}"

/* Two entries' chunks interleaved and out of order: each is held under its
 * own key until complete, then put back together without the overlap. */
START_TEST(test_chunks_put_entries_back_together_in_order)
{
	struct nx_chunks c;
	struct nx_chroma_record r;
	struct nx_chunk_group *g;
	struct nx_buf q = NX_BUF_INIT, a = NX_BUF_INIT;
	const struct nx_chroma_record *head;
	const char *why;
	struct nx_error err;
	char *key;

	nx_chunks_init(&c);
	r = chunk("b", "the second half of it.", META(1, 2));
	ck_assert_int_eq(nx_chunks_key(&key, &r, &err), 0);
	ck_assert_str_eq(key,
	    "Why?\x1f"
	    "7");
	g = nx_chunks_hold(&c, &r, key, &err);
	ck_assert_ptr_nonnull(g);
	ck_assert_ptr_null(r.id); /* taken over */
	ck_assert(!nx_chunks_complete(g));
	r = chunk("x", "Q: Other\nA: one",
	    "{\"question\":\"Other\","
	    "\"cached_at\":8,\"chunk_index\":0,"
	    "\"total_chunks\":2}");
	ck_assert_int_eq(nx_chunks_key(&key, &r, &err), 0);
	ck_assert_ptr_nonnull(nx_chunks_hold(&c, &r, key, &err));
	r = chunk("a", "Q: Why?\nA: Because of the second half", META(0, 2));
	ck_assert_int_eq(nx_chunks_key(&key, &r, &err), 0);
	ck_assert_ptr_eq(nx_chunks_hold(&c, &r, key, &err), g);
	ck_assert(nx_chunks_complete(g));
	ck_assert_int_eq(nx_chunks_assemble(&q, &a, &head, &why, &c, g, &err),
	    NX_CHUNKS_PAIR);
	ck_assert_str_eq(head->id, "a");
	ck_assert_mem_eq(q.data, "Why?", q.len);
	ck_assert_uint_eq(a.len, strlen("Because of the second half of it."));
	ck_assert_mem_eq(a.data, "Because of the second half of it.", a.len);
	nx_chunks_drop(&c, g);
	/* the other entry is still open, and the oldest */
	ck_assert_ptr_nonnull(c.first);
	ck_assert_str_eq(c.first->recs[0].id, "x");
	ck_assert_int_eq(
	    nx_chunks_assemble(&q, &a, &head, &why, &c, c.first, &err),
	    NX_CHUNKS_INCOMPLETE);
	ck_assert_str_eq(why, "chunk 1 of 2 is missing");
	nx_chunks_free(&c);
	nx_buf_free(&q);
	nx_buf_free(&a);
}
END_TEST

/* A record that is no chunk has no key; a repeated index is incomplete. */
START_TEST(test_chunks_refuse_repeated_index)
{
	struct nx_chunks c;
	struct nx_chroma_record r;
	struct nx_chunk_group *g;
	struct nx_buf q = NX_BUF_INIT, a = NX_BUF_INIT;
	const struct nx_chroma_record *head;
	const char *why;
	struct nx_error err;
	char *key;

	nx_chunks_init(&c);
	r = chunk("s", "Q: a\nA: b", "{\"total_chunks\":1}");
	ck_assert_int_eq(nx_chunks_key(&key, &r, &err), 0);
	ck_assert_ptr_null(key);
	free(r.id);
	free(r.document);
	json_decref(r.metadata);
	for (int i = 0; i < 2; i++) {
		r = chunk("a", "Q: Why?\nA: x", META(0, 2));
		ck_assert_int_eq(nx_chunks_key(&key, &r, &err), 0);
		g = nx_chunks_hold(&c, &r, key, &err);
	}
	ck_assert(nx_chunks_complete(g));
	ck_assert_int_eq(nx_chunks_assemble(&q, &a, &head, &why, &c, g, &err),
	    NX_CHUNKS_INCOMPLETE);
	ck_assert_str_eq(why,
	    "a chunk index is missing, out of range or "
	    "repeated");
	ck_assert_ptr_eq(head, &g->recs[0]);
	nx_chunks_free(&c);
	nx_buf_free(&q);
	nx_buf_free(&a);
}
END_TEST

Suite *
chunks_suite(void)
{
	Suite *s = suite_create("chunks");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_chunks_put_entries_back_together_in_order);
	tcase_add_test(tc, test_chunks_refuse_repeated_index);
	suite_add_tcase(s, tc);
	return s;
}
