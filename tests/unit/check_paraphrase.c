#include <string.h>

#include "check_nx.h"
#include "paraphrase.h"

/* Pairs of short questions, judged by hand: the same question or not. */
static const struct {
	const char *a, *b;
	int same;
} pairs[] = {
    /* the same: spelling, fillers, case, punctuation, order */
    {"What colour is the sky?", "What color is the sky?", 1},
    {"How do I organise my notes?", "How do I organize my notes", 1},
    {"Where is the city centre?", "where is the city center?", 1},
    {"Can you analyse this log?", "Can you analyze this log?", 1},
    {"Please explain RAG.", "Explain RAG", 1},
    {"Just tell me what a transformer is",
	"Tell me what a transformer is, please", 1},
    {"Ce este RAG, te rog?", "Ce este RAG?", 1},
    {"Oare ce este un cache semantic?", "Ce este un cache semantic", 1},
    {"Îți aduci aminte ce am vorbit?", "Iti aduci aminte ce am vorbit", 1},
    {"Why was the flight cancelled?", "Why was the flight canceled?", 1},
    {"What is the catalogue of models?", "What is the catalog of models?", 1},
    {"How do I install git on Ubuntu?", "On Ubuntu, how do I install git?", 1},
    {"Hey, what's a LoRA adapter?", "What's a LoRA adapter?", 1},
    /* not the same: another name, package, number or word */
    {"How do I install g++?", "How do I install git?", 0},
    {"How do I install make?", "How do I install cmake?", 0},
    {"What is clangd?", "What is clang?", 0},
    {"What is C#?", "What is C?", 0},
    {"What is C++?", "What is C?", 0},
    {"How do I learn node.js?", "How do I learn node?", 0},
    {"Is Python 3.11 faster?", "Is Python 3.12 faster?", 0},
    {"Who is Cezar?", "Who is Sora?", 0},
    {"What rises in the morning?", "What rizes in the morning?", 0},
    {"Is the flour fresh?", "Is the flor fresh?", 0},
    {"Can I install git?", "Should I install git?", 0},
    {"How do I filter rejects?", "How do I filter duplicates?", 0},
};

START_TEST(test_para_judges_short_questions_by_their_words)
{
	struct nx_buf a = NX_BUF_INIT, b = NX_BUF_INIT, s = NX_BUF_INIT;
	struct nx_error err;

	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		int same;

		ck_assert_int_eq(
		    nx_para_canon(&a, pairs[i].a, strlen(pairs[i].a), &s, &err),
		    0);
		ck_assert_int_eq(
		    nx_para_canon(&b, pairs[i].b, strlen(pairs[i].b), &s, &err),
		    0);
		same = a.len == b.len && memcmp(a.data, b.data, a.len) == 0;
		ck_assert_msg(same == pairs[i].same,
		    "\"%s\" [%.*s] vs \"%s\" [%.*s]: want %s", pairs[i].a,
		    (int)a.len, a.data, pairs[i].b, (int)b.len, b.data,
		    pairs[i].same ? "same" : "different");
	}
	nx_buf_free(&a);
	nx_buf_free(&b);
	nx_buf_free(&s);
}
END_TEST

START_TEST(test_para_canon_keeps_names_and_sorts)
{
	struct nx_buf a = NX_BUF_INIT, s = NX_BUF_INIT;
	struct nx_error err;
	static const char text[] = "Please, how do I use g++ and C# (the "
				   "Wi-Fi)?";

	ck_assert_int_eq(nx_para_canon(&a, text, strlen(text), &s, &err), 0);
	ck_assert_uint_eq(a.len, strlen("and c# do g++ how i use wi-fi"));
	ck_assert_mem_eq(a.data, "and c# do g++ how i use wi-fi", a.len);
	ck_assert_int_eq(nx_para_canon(&a, "", 0, &s, &err), 0);
	ck_assert_uint_eq(a.len, 0);
	nx_buf_free(&a);
	nx_buf_free(&s);
}
END_TEST

Suite *
paraphrase_suite(void)
{
	Suite *s = suite_create("paraphrase");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_para_judges_short_questions_by_their_words);
	tcase_add_test(tc, test_para_canon_keeps_names_and_sorts);
	suite_add_tcase(s, tc);
	return s;
}
