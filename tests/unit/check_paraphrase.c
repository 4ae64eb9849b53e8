#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_nx.h"
#include "dupes.h"
#include "paraphrase.h"
#include "text.h"

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
	ck_assert_uint_eq(
	    a.len, strlen("and c# g++ how to use wi-fi;how>to>use"));
	ck_assert_mem_eq(
	    a.data, "and c# g++ how to use wi-fi;how>to>use", a.len);
	ck_assert_int_eq(nx_para_canon(&a, "", 0, &s, &err), 0);
	ck_assert_uint_eq(a.len, 0);
	nx_buf_free(&a);
	nx_buf_free(&s);
}
END_TEST

/*
 * The labelled pairs of tests/fixtures/paraphrase (its README says how they
 * were made): each pair through jsonl-filter's near dedup of prompts (the
 * key, its words when short, the index) at the default threshold.
 */
struct tally {
	size_t same, diff, found, wrong; /* wrong: a "diff" pair found */
	size_t chars_found, chars_wrong; /* the same by characters alone */
};

/* Whether b is a duplicate of a, through a new filter like the tool's. */
static int
filtered_as_one(const char *a, const char *b)
{
	struct nx_dupes d;
	struct nx_error err;
	struct nx_record rec;
	struct nx_where w = {"pairs", 1, NULL, 0};
	const char *t[2] = {a, b};
	json_t *extra = NULL;
	int rc = 0;

	ck_assert_int_eq(nx_dupes_open(&d, NX_DEDUP_NEAR, 0.8, NX_DUPES_PROMPT,
			     NX_KEEP_FIRST, 0, NULL, &err),
	    0);
	nx_record_init(&rec);
	for (int i = 0; i < 2; i++) {
		rec.prompt = (struct nx_str){t[i], strlen(t[i])};
		rec.completion = (struct nx_str){"x", 1};
		rc = nx_dupes_check(&d, &rec, &w, &extra, &err);
		ck_assert_int_ge(rc, 0);
		json_decref(extra);
	}
	nx_record_free(&rec);
	nx_dupes_close(&d);
	return rc;
}

/* Whether the normalised keys of a and b are near by characters alone. */
static int
chars_as_one(const char *a, const char *b)
{
	struct nx_dedup *d;
	struct nx_error err;
	struct nx_buf k = NX_BUF_INIT;
	const char *t[2] = {a, b};
	uint64_t payload = 0;
	double sim;
	int rc = 0;

	ck_assert_int_eq(nx_dedup_new(&d, NX_DEDUP_NEAR, 0.8, &err), 0);
	for (int i = 0; i < 2; i++) {
		nx_buf_reset(&k);
		ck_assert_int_eq(nx_text_normalize(&k, t[i], strlen(t[i]),
				     NX_NORM_PUNCT, &err),
		    0);
		rc = nx_dedup_check(
		    d, k.data ? k.data : "", k.len, 1, &payload, &sim, &err);
	}
	nx_buf_free(&k);
	nx_dedup_free(d);
	return rc;
}

static struct tally
judge_pairs(const char *name)
{
	char path[512], line[1024];
	struct tally t = {0};
	const char *misses = getenv("NX_PARA_MISSES");
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", NX_PARA_PAIRS, name);
	ck_assert_msg((fp = fopen(path, "r")) != NULL, "open %s", path);
	while (fgets(line, sizeof(line), fp) != NULL) {
		char *a = strchr(line, '\t'), *b;
		int same, one;

		ck_assert_msg(a != NULL && (b = strchr(a + 1, '\t')) != NULL,
		    "%s: %s", name, line);
		*a++ = '\0';
		*b++ = '\0';
		b[strcspn(b, "\n")] = '\0';
		same = strcmp(line, "same") == 0;
		ck_assert_msg(same || strcmp(line, "diff") == 0, "%s", line);
		one = filtered_as_one(a, b);
		/* NX_PARA_MISSES=tune.tsv: the misses of that set */
		if (misses != NULL && strcmp(misses, name) == 0 && one != same)
			printf("  %s: %s | %s\n", same ? "missed" : "merged", a,
			    b);
		t.same += same;
		t.diff += !same;
		t.found += one;
		t.wrong += one && !same;
		one = chars_as_one(a, b);
		t.chars_found += one;
		t.chars_wrong += one && !same;
	}
	fclose(fp);
	printf("paraphrase pairs %s: %zu same, %zu different; precision "
	       "%.3f, recall %.3f (characters alone: precision %.3f, recall "
	       "%.3f)\n",
	    name, t.same, t.diff,
	    t.found ? (double)(t.found - t.wrong) / (double)t.found : 1.0,
	    (double)(t.found - t.wrong) / (double)t.same,
	    t.chars_found ? (double)(t.chars_found - t.chars_wrong) /
		    (double)t.chars_found
			  : 1.0,
	    (double)(t.chars_found - t.chars_wrong) / (double)t.same);
	fflush(stdout);
	return t;
}

START_TEST(test_para_pairs_tuning_set)
{
	struct tally t = judge_pairs("tune.tsv");

	ck_assert_uint_ge(t.same, 40);
	ck_assert_uint_ge(t.diff, 40);
	/* figures of the last tuning, as lower bounds */
	ck_assert_msg(t.wrong == 0, "%zu different pairs merged", t.wrong);
	ck_assert_msg((t.found - t.wrong) * 100 >= t.same * 90,
	    "recall %zu/%zu", t.found - t.wrong, t.same);
}
END_TEST

/* Never tuned on: the bounds, precision >= 0.99, recall >= 0.90. */
START_TEST(test_para_pairs_held_out)
{
	struct tally t = judge_pairs("heldout.tsv");

	ck_assert_uint_ge(t.same, 40);
	ck_assert_uint_ge(t.diff, 40);
	ck_assert_msg((t.found - t.wrong) * 100 >= t.found * 99,
	    "precision %zu/%zu", t.found - t.wrong, t.found);
	ck_assert_msg((t.found - t.wrong) * 100 >= t.same * 90,
	    "recall %zu/%zu", t.found - t.wrong, t.same);
}
END_TEST

/* The same questions about different subjects, one filter a template. */
START_TEST(test_para_boilerplate_kept_apart)
{
	static const char *const templates[] = {"How do I install %s?",
	    "What is %s?", "How do I uninstall %s on Ubuntu?",
	    "Is %s free to use?", "How do I update %s?", "Ce este %s?"};
	char path[512], subject[128], q[256];
	size_t total = 0, collapsed = 0;

	snprintf(path, sizeof(path), "%s/boilerplate.txt", NX_PARA_PAIRS);
	for (size_t i = 0; i < sizeof(templates) / sizeof(templates[0]); i++) {
		struct nx_dupes d;
		struct nx_error err;
		struct nx_record rec;
		struct nx_where w = {"boilerplate", 0, NULL, 0};
		FILE *fp = fopen(path, "r");

		ck_assert_msg(fp != NULL, "open %s", path);
		ck_assert_int_eq(
		    nx_dupes_open(&d, NX_DEDUP_NEAR, 0.8, NX_DUPES_PROMPT,
			NX_KEEP_FIRST, 1, NULL, &err),
		    0);
		nx_record_init(&rec);
		while (fgets(subject, sizeof(subject), fp) != NULL) {
			json_t *extra = NULL;
			int rc;

			subject[strcspn(subject, "\n")] = '\0';
			snprintf(q, sizeof(q), templates[i], subject);
			rec.prompt = (struct nx_str){q, strlen(q)};
			rec.completion = (struct nx_str){"x", 1};
			w.line++;
			rc = nx_dupes_check(&d, &rec, &w, &extra, &err);
			ck_assert_int_ge(rc, 0);
			if (rc == 1 && getenv("NX_PARA_MISSES") != NULL &&
			    strcmp(getenv("NX_PARA_MISSES"), "boilerplate") ==
				0)
				printf("  collapsed: %s (into line %s)\n", q,
				    json_string_value(
					json_object_get(extra, "dup_of")));
			total++;
			collapsed += rc == 1;
			json_decref(extra);
		}
		fclose(fp);
		nx_record_free(&rec);
		nx_dupes_close(&d);
	}
	printf("paraphrase boilerplate: %zu of %zu questions collapsed\n",
	    collapsed, total);
	ck_assert_uint_ge(total, 600);
	ck_assert_msg(
	    collapsed * 100 <= total, "%zu of %zu collapsed", collapsed, total);
}
END_TEST

Suite *
paraphrase_suite(void)
{
	Suite *s = suite_create("paraphrase");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_para_judges_short_questions_by_their_words);
	tcase_add_test(tc, test_para_canon_keeps_names_and_sorts);
	tcase_add_test(tc, test_para_pairs_tuning_set);
	tcase_add_test(tc, test_para_pairs_held_out);
	tcase_add_test(tc, test_para_boilerplate_kept_apart);
	suite_add_tcase(s, tc);
	return s;
}
