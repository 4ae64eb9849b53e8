#include <string.h>
#include <unistd.h>

#include "check_nx.h"
#include "input.h"
#include "run.h"
#include "stats.h"

/* What the writer saw: each written record's prompt and facts. */
struct seen {
	char prompt[64][64];
	struct nx_facts facts[64];
	size_t n;
	struct nx_stats *st;
};

static int
keep(void *ctx, const struct nx_record *rec, const struct nx_facts *facts,
    const struct nx_where *w, struct nx_error *err)
{
	struct seen *s = ctx;

	(void)w, (void)err;
	ck_assert_uint_lt(s->n, 64);
	snprintf(s->prompt[s->n], sizeof(s->prompt[0]), "%.*s",
	    (int)rec->prompt.len, rec->prompt.s);
	s->facts[s->n++] = *facts;
	s->st->written++;
	return 0;
}

/* Run lines through r's stages (added by the caller); the exit status. */
static int
run(struct nx_run *r, struct seen *s, struct nx_stats *st, const char *lines)
{
	struct nx_rejects rj = {0};
	struct nx_input *in;
	struct nx_error err;
	char *paths[] = {(char *)check_tmpfile(lines, strlen(lines))};
	int status;

	nx_stats_init(st);
	s->st = st;
	rj.stats = st;
	nx_progress_start(&rj.progress, NX_PROGRESS_OFF);
	r->rejects = &rj;
	r->write = keep;
	r->ctx = s;
	ck_assert_int_eq(
	    nx_input_open(&in, paths, 1, 0, NX_INPUT_SCAN, &err), 0);
	status = nx_run_input(r, in, &err);
	nx_input_close(in);
	nx_rejects_finish(&rj);
	unlink(paths[0]);
	return status;
}

#define EN_LONG                                                                \
	"{\"prompt\":\"What is the capital of France?\",\"completion\":"       \
	"\"Paris is the capital of France, and it has been for centuries.\"}\n"
#define RO_SHORT                                                               \
	"{\"prompt\":\"What is the capital of France?\",\"completion\":"       \
	"\"Capitala Franței este Parisul, desigur.\"}\n"
#define RO_OTHER                                                               \
	"{\"prompt\":\"Care este cel mai lung râu din România?\","             \
	"\"completion\":\"Cel mai lung râu care curge prin țară este "         \
	"Dunărea, urmat de Mureș.\"}\n"

START_TEST(test_run_counts_every_record_once)
{
	struct nx_run r = {0};
	struct nx_stats st;
	struct seen s = {0};
	struct nx_error err;

	ck_assert_int_eq(nx_run_add(&r,
			     nx_stage_length(20, NX_NO_LIMIT, 0, NX_NO_LIMIT),
			     &err),
	    0);
	ck_assert_int_eq(run(&r, &s, &st,
			     EN_LONG "not json\n"
				     "{\"prompt\":\"Hi\",\"completion\":\"Hey\"}\n" RO_OTHER),
	    1);
	ck_assert_uint_eq(st.read, 4);
	ck_assert_uint_eq(st.written, 2);
	ck_assert_uint_eq(st.rejected, 2);
	ck_assert_uint_eq(st.read, st.written + st.rejected);
	ck_assert_str_eq(s.prompt[0], "What is the capital of France?");
	nx_run_free(&r);
	nx_stats_free(&st);
}
END_TEST

/*
 * --keep longest: the English answer is held, then a shorter Romanian one
 * of the same prompt comes; the English one is written when the input
 * ends, with its own language and score, not the last record's.
 */
START_TEST(test_held_record_keeps_its_facts)
{
	struct nx_run r = {0};
	struct nx_stats st;
	struct seen s = {0};
	struct nx_dupes dup;
	struct nx_error err;
	static const char langs[2][8] = {"ro", "en"};

	ck_assert_int_eq(nx_dupes_open(&dup, NX_DEDUP_EXACT, 0.8,
			     NX_DUPES_PROMPT, NX_KEEP_LONGEST, 0, NULL, &err),
	    0);
	ck_assert_int_eq(
	    nx_run_add(&r, nx_stage_lang(langs, 2, 0, NX_LANG_PAIR), &err), 0);
	ck_assert_int_eq(nx_run_add(&r, nx_stage_quality(0.0), &err), 0);
	ck_assert_int_eq(nx_run_add(&r, nx_stage_dedup(&dup), &err), 0);
	ck_assert_int_eq(run(&r, &s, &st, EN_LONG RO_SHORT RO_OTHER), 0);
	ck_assert_uint_eq(s.n, 2);
	ck_assert_uint_eq(st.rejected, 1);
	ck_assert_str_eq(s.prompt[0], "What is the capital of France?");
	ck_assert_str_eq(s.facts[0].lang, "en");
	ck_assert_str_eq(s.facts[1].lang, "ro");
	ck_assert_int_eq(s.facts[0].scored, 1);
	nx_run_free(&r);
	nx_dupes_close(&dup);
	nx_stats_free(&st);
}
END_TEST

/* A stage's drop names its reason; the stages after it never see it. */
START_TEST(test_drop_stops_the_record)
{
	struct nx_stage *len = nx_stage_length(0, 10, 0, NX_NO_LIMIT);
	struct nx_stage *q = nx_stage_quality(0.5);
	struct nx_record rec;
	struct nx_facts facts = {0};
	struct nx_drop d = {NULL, "", NULL};
	struct nx_where w = {"x", 1, NULL, 0};
	struct nx_error err;

	nx_record_init(&rec);
	rec.prompt = (struct nx_str){"Why?", 4};
	rec.completion = (struct nx_str){"Because it is so, and so on.", 28};
	ck_assert_int_eq(len->apply(len, &rec, &facts, &w, &d, &err), NX_DROP);
	ck_assert_str_eq(d.reason, "too-long");
	ck_assert_int_eq(q->apply(q, &rec, &facts, &w, &d, &err), NX_KEEP);
	ck_assert_int_eq(facts.scored, 1);
	len->free(len);
	q->free(q);
}
END_TEST

/* Pairs: the rejected reply is judged too, and named; replies alike are
 * "same-replies"; other records never meet the pair stage's rule. */
START_TEST(test_pair_replies_are_both_judged)
{
	struct nx_stage *len = nx_stage_length(10, NX_NO_LIMIT, 0, NX_NO_LIMIT);
	struct nx_stage *pair = nx_stage_pair();
	struct nx_record rec;
	struct nx_facts facts = {0};
	struct nx_drop d = {NULL, "", NULL};
	struct nx_where w = {"x", 1, NULL, 0};
	struct nx_error err;

	nx_record_init(&rec);
	rec.kind = NX_KIND_PAIR;
	rec.prompt = (struct nx_str){"Why?", 4};
	rec.completion = (struct nx_str){"Because it is so, and so on.", 28};
	rec.rejected = (struct nx_str){"No.", 3};
	ck_assert_int_eq(len->apply(len, &rec, &facts, &w, &d, &err), NX_DROP);
	ck_assert_str_eq(d.reason, "too-short");
	ck_assert_str_eq(d.msg, "rejected reply: 3 characters");
	ck_assert_int_eq(
	    pair->apply(pair, &rec, &facts, &w, &d, &err), NX_KEEP);
	rec.rejected = (struct nx_str){"because it is so and so on!", 27};
	ck_assert_int_eq(
	    pair->apply(pair, &rec, &facts, &w, &d, &err), NX_DROP);
	ck_assert_str_eq(d.reason, "same-replies");
	rec.rejected = (struct nx_str){"Because it is so, and so on..", 29};
	rec.kind = NX_KIND_REPLY;
	ck_assert_int_eq(
	    pair->apply(pair, &rec, &facts, &w, &d, &err), NX_KEEP);
	len->free(len);
	pair->free(pair);
}
END_TEST

Suite *
run_suite(void)
{
	Suite *s = suite_create("run");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_run_counts_every_record_once);
	tcase_add_test(tc, test_held_record_keeps_its_facts);
	tcase_add_test(tc, test_drop_stops_the_record);
	tcase_add_test(tc, test_pair_replies_are_both_judged);
	suite_add_tcase(s, tc);
	return s;
}
