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

/* What the reader gave: each conversation's place and first turn. */
struct seen {
	int n;
	long line[8], index[8], many[8];
	char first[8][16];
	int stop_at; /* fn returns -1 at this call (1-based); 0: never */
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

/* Read text as a file with r set up around s; the reader's result. */
static int
read_text(const char *text, struct seen *s, struct nx_stats *st, int strict,
    int *status)
{
	struct nx_rejects rj = {.stats = st, .strict = strict};
	struct nx_convread r;
	const char *path = check_tmpfile(text, strlen(text));
	char name[] = "t.json";
	struct nx_file f = {(char *)path, name, NULL};
	int rc;

	nx_stats_init(st);
	nx_convread_init(&r, 1 << 20, &rj, status, record, s);
	rc = nx_convread_file(&r, &f);
	nx_convread_free(&r);
	nx_rejects_finish(&rj);
	unlink(path);
	return rc;
}

START_TEST(test_convread_lines_go_on_past_a_bad_one)
{
	struct seen s = {0};
	struct nx_stats st;
	int status = 0;

	ck_assert_int_eq(read_text(three_lines, &s, &st, 0, &status), 0);
	ck_assert_int_eq(s.n, 2);
	ck_assert_str_eq(s.first[0], "one");
	ck_assert_int_eq(s.line[0], 1);
	ck_assert_str_eq(s.first[1], "three");
	ck_assert_int_eq(s.line[1], 3);
	/* The bad line is counted as read and rejected; the run is bad. */
	ck_assert_int_eq(status, 1);
	ck_assert_uint_eq(st.read, 1);
	ck_assert_uint_eq(st.rejected, 1);
	nx_stats_free(&st);
}
END_TEST

START_TEST(test_convread_strict_stops_at_the_bad_line)
{
	struct seen s = {0};
	struct nx_stats st;
	int status = 0;

	ck_assert_int_eq(read_text(three_lines, &s, &st, 1, &status), -1);
	ck_assert_int_eq(s.n, 1);
	ck_assert_int_eq(status, 1);
	nx_stats_free(&st);
}
END_TEST

START_TEST(test_convread_array_gives_each_element_its_place)
{
	struct seen s = {0};
	struct nx_stats st;
	int status = 0;

	ck_assert_int_eq(read_text(two_elements, &s, &st, 0, &status), 0);
	ck_assert_int_eq(s.n, 2);
	ck_assert_str_eq(s.first[1], "two");
	ck_assert_int_eq(s.line[1], 0);
	ck_assert_int_eq(s.index[0], 0);
	ck_assert_int_eq(s.index[1], 1);
	ck_assert_int_eq(s.many[0], 1);
	ck_assert_int_eq(status, 0);
	ck_assert_uint_eq(st.read, 0);
	nx_stats_free(&st);
}
END_TEST

START_TEST(test_convread_callback_stops_the_file)
{
	struct seen s = {.stop_at = 1};
	struct nx_stats st;
	int status = 0;

	ck_assert_int_eq(read_text(two_elements, &s, &st, 0, &status), -1);
	ck_assert_int_eq(s.n, 1);
	ck_assert_int_eq(status, 0);
	nx_stats_free(&st);
}
END_TEST

Suite *
convread_suite(void)
{
	Suite *s = suite_create("convread");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_convread_lines_go_on_past_a_bad_one);
	tcase_add_test(tc, test_convread_strict_stops_at_the_bad_line);
	tcase_add_test(tc, test_convread_array_gives_each_element_its_place);
	tcase_add_test(tc, test_convread_callback_stops_the_file);
	suite_add_tcase(s, tc);
	return s;
}
