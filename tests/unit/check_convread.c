#include <string.h>
#include <unistd.h>

#include "check_nx.h"
#include "convread.h"
#include "stats.h"

#define CONV(u, a)                                                             \
	"{\"messages\":[{\"role\":\"user\",\"content\":\"" u "\"},"            \
	"{\"role\":\"assistant\",\"content\":\"" a "\"}]}"

/* Three lines, the second cut short; an array of two. */
static const char three_lines[] =
    CONV("one", "1") "\n{\"messages\": [\n" CONV("three", "3") "\n";
static const char two_elements[] =
    "[" CONV("one", "1") ",\n" CONV("two", "2") "]\n";

/* What the reader gave: each conversation's place and first turn, the
 * status and counts of the rejects. */
struct seen {
	int strict;  /* --strict */
	int stop_at; /* fn returns -1 at this call (1-based); 0: never */
	int n, status;
	long line[8], index[8], many[8];
	char first[8][16];
	unsigned long long read, rejected;
};

static int
record(void *ctx, const struct nx_conv_where *w, const struct nx_conv *c)
{
	struct seen *s = ctx;
	const struct nx_str *t = &c->turns.context[0].text;

	ck_assert_int_lt(s->n, 8);
	s->line[s->n] = w->line;
	s->index[s->n] = w->index;
	s->many[s->n] = w->many;
	ck_assert_uint_lt(t->len, sizeof(s->first[0]));
	memcpy(s->first[s->n], t->s, t->len);
	s->first[s->n][t->len] = '\0';
	s->n++;
	return s->n == s->stop_at ? -1 : 0;
}

/* Read text as the file "t.json" into s; the reader's result. */
static int
read_text(const char *text, struct seen *s)
{
	struct nx_stats st;
	struct nx_rejects rj = {.stats = &st, .strict = s->strict};
	struct nx_convread r;
	const char *path = check_tmpfile(text, strlen(text));
	char name[] = "t.json";
	struct nx_file f = {(char *)path, name, NULL};
	int rc;

	nx_stats_init(&st);
	nx_convread_init(&r, 1 << 20, &rj, &s->status, record, s);
	rc = nx_convread_file(&r, &f);
	nx_convread_free(&r);
	nx_rejects_finish(&rj);
	s->read = st.read;
	s->rejected = st.rejected;
	nx_stats_free(&st);
	unlink(path);
	return rc;
}

/* The i-th conversation given began with first, at line and index. */
static void
expect(const struct seen *s, int i, const char *first, long line, long index)
{
	ck_assert_int_gt(s->n, i);
	ck_assert_str_eq(s->first[i], first);
	ck_assert_int_eq(s->line[i], line);
	ck_assert_int_eq(s->index[i], index);
}

START_TEST(test_convread_lines_go_on_past_a_bad_one)
{
	struct seen s = {0};

	ck_assert_int_eq(read_text(three_lines, &s), 0);
	expect(&s, 0, "one", 1, 0);
	expect(&s, 1, "three", 3, 0);
	/* The bad line is counted as read and rejected; the run is bad. */
	ck_assert_int_eq(s.n, 2);
	ck_assert_int_eq(s.status, 1);
	ck_assert_uint_eq(s.read, 1);
	ck_assert_uint_eq(s.rejected, 1);
}
END_TEST

START_TEST(test_convread_array_gives_each_element_its_place)
{
	struct seen s = {0};

	ck_assert_int_eq(read_text(two_elements, &s), 0);
	expect(&s, 0, "one", 0, 0);
	expect(&s, 1, "two", 0, 1);
	ck_assert(s.many[0] && s.many[1]);
	/* Nothing bad: no status, nothing counted by the reader. */
	ck_assert_int_eq(s.status, 0);
	ck_assert_uint_eq(s.read, 0);
	ck_assert_int_eq(s.n, 2);
}
END_TEST

START_TEST(test_convread_stops_at_strict_or_the_callback)
{
	struct seen strict = {.strict = 1}, stop = {.stop_at = 1};

	ck_assert_int_eq(read_text(three_lines, &strict), -1);
	ck_assert_int_eq(read_text(two_elements, &stop), -1);
	ck_assert_int_eq(strict.n, 1); /* the line before the bad one */
	ck_assert_int_eq(stop.n, 1);
	ck_assert_int_eq(strict.status, 1);
	ck_assert_int_eq(stop.status, 0); /* no bad input */
}
END_TEST

Suite *
convread_suite(void)
{
	Suite *s = suite_create("convread");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_convread_lines_go_on_past_a_bad_one);
	tcase_add_test(tc, test_convread_array_gives_each_element_its_place);
	tcase_add_test(tc, test_convread_stops_at_strict_or_the_callback);
	suite_add_tcase(s, tc);
	return s;
}
