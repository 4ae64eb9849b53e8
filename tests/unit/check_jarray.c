#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "check_nx.h"
#include "jarray.h"

/* Bytes from memory, at most step of them a read: every boundary of an
 * element, a string or an escape falls between two reads somewhere. */
struct mem {
	const char *s;
	size_t len, at, step;
};

static long
mem_read(void *src, char *buf, size_t n, struct nx_error *err)
{
	struct mem *m = src;

	(void)err;
	if (n > m->step)
		n = m->step;
	if (n > m->len - m->at)
		n = m->len - m->at;
	memcpy(buf, m->s + m->at, n);
	m->at += n;
	return (long)n;
}

/* The elements of s read step bytes at a time, as "LINE:COL:TEXT" joined
 * by '|' (a '$' after the last); the last result of next in *rc. */
static const char *
elements(const char *s, size_t step, int *rc)
{
	static char out[4096];
	struct mem m = {s, strlen(s), 0, step};
	struct nx_jarray *a;
	struct nx_jarray_elem e;
	struct nx_error err;
	size_t o = 0;

	out[0] = '\0';
	ck_assert_int_eq(nx_jarray_open(&a, mem_read, &m, &err), 0);
	ck_assert_int_eq(nx_jarray_first(a, &err), '[');
	while ((*rc = nx_jarray_next(a, &e, &err)) > 0) {
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%ld:%ld:%.*s%s",
		    o > 0 ? "|" : "", e.line, e.column, (int)e.len, e.data,
		    e.last ? "$" : "");
		check_assert(o < sizeof(out));
	}
	if (*rc < 0)
		snprintf(out + o, sizeof(out) - o, "|error %ld:%ld %s", e.line,
		    e.column, err.msg);
	nx_jarray_close(a);
	return out;
}

static const char pretty[] =
    "[\n"
    "  {\"t\": \"a ] } [ {\", \"q\": \"say \\\"]\\\" \\\\\"},\n"
    "  [1, [2, {\"x\": []}]],\n"
    "  \"s,]\" , 42 ,true,\n"
    "  {}\n"
    "]\n";

START_TEST(test_jarray_walks_elements_at_any_read_size)
{
	static const size_t steps[] = {1, 2, 3, 7, 64, 100000};
	const char *want =
	    "2:3:{\"t\": \"a ] } [ {\", \"q\": \"say \\\"]\\\" \\\\\"}"
	    "|3:3:[1, [2, {\"x\": []}]]|4:3:\"s,]\"|4:11:42|4:15:true"
	    "|5:3:{}$";

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		int rc;

		ck_assert_str_eq(elements(pretty, steps[i], &rc), want);
		ck_assert_int_eq(rc, 0);
	}
}
END_TEST

START_TEST(test_jarray_empty_array_has_no_element)
{
	int rc;

	ck_assert_str_eq(elements("[]", 1, &rc), "");
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(elements(" \n[ \n ]", 1, &rc), "");
	ck_assert_int_eq(rc, 0);
}
END_TEST

START_TEST(test_jarray_says_where_a_separator_is_missing)
{
	int rc;

	ck_assert_str_eq(elements("[{\"a\":1}\n {\"b\":2}]", 3, &rc),
	    "1:2:{\"a\":1}|error 2:2 invalid JSON at column 2: ',' or ']' "
	    "expected");
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(elements("[1,,2]", 3, &rc),
	    "1:2:1|error 1:4 invalid JSON at column 4: ',' or ']' expected");
}
END_TEST

START_TEST(test_jarray_input_ending_early)
{
	int rc;

	/* inside an element: given as it is, for its parser to judge */
	ck_assert_str_eq(
	    elements("[{\"a\":1},\n{\"b\":\"x", 2, &rc), "1:2:{\"a\":1}|2:1:{\"b\":\"x$");
	ck_assert_int_eq(rc, 0);
	/* between elements: said once */
	ck_assert_str_eq(elements("[1,\n2", 2, &rc),
	    "1:2:1|2:1:2|error 2:2 invalid JSON at column 2: premature end of "
	    "input");
	ck_assert_str_eq(elements("[1,\n", 2, &rc),
	    "1:2:1|error 2:1 invalid JSON at column 1: premature end of "
	    "input");
}
END_TEST

START_TEST(test_jarray_whole_after_the_first_element)
{
	const char *s = "\xEF\xBB\xBF[{\"role\":\"user\"},\n{\"x\":1}]\n";
	struct mem m = {s, strlen(s), 0, 5};
	struct nx_jarray *a;
	struct nx_jarray_elem e;
	struct nx_error err;
	const char *data;
	size_t len;

	ck_assert_int_eq(nx_jarray_open(&a, mem_read, &m, &err), 0);
	ck_assert_int_eq(nx_jarray_first(a, &err), '[');
	ck_assert_int_eq(nx_jarray_next(a, &e, &err), 1);
	ck_assert_int_eq(nx_jarray_whole(a, &data, &len, 1000, "f", &err), 0);
	ck_assert_str_eq(data, s + 3);
	ck_assert_uint_eq(len, strlen(s) - 3);
	nx_jarray_close(a);

	m.at = 0;
	ck_assert_int_eq(nx_jarray_open(&a, mem_read, &m, &err), 0);
	ck_assert_int_eq(nx_jarray_first(a, &err), '[');
	ck_assert_int_eq(nx_jarray_whole(a, &data, &len, 10, "f", &err), -1);
	ck_assert_str_eq(err.msg, "f: larger than 10 bytes");
	nx_jarray_close(a);
}
END_TEST

START_TEST(test_jarray_trailing_values)
{
	const char *s = "[1]\n[2]\n";
	struct mem m = {s, strlen(s), 0, 1};
	struct nx_jarray *a;
	struct nx_jarray_elem e;
	struct nx_error err;
	long line = 0;

	ck_assert_int_eq(nx_jarray_open(&a, mem_read, &m, &err), 0);
	ck_assert_int_eq(nx_jarray_first(a, &err), '[');
	ck_assert_int_eq(nx_jarray_next(a, &e, &err), 1);
	ck_assert(e.last);
	ck_assert_int_eq(nx_jarray_next(a, &e, &err), 0);
	ck_assert_int_eq(nx_jarray_trailing(a, &line, &err), 1);
	ck_assert_int_eq(line, 2);
	nx_jarray_close(a);

	m = (struct mem){"[1] \n", 5, 0, 2};
	ck_assert_int_eq(nx_jarray_open(&a, mem_read, &m, &err), 0);
	ck_assert_int_eq(nx_jarray_first(a, &err), '[');
	ck_assert_int_eq(nx_jarray_next(a, &e, &err), 1);
	ck_assert_int_eq(nx_jarray_next(a, &e, &err), 0);
	ck_assert_int_eq(nx_jarray_trailing(a, &line, &err), 0);
	nx_jarray_close(a);
}
END_TEST

START_TEST(test_jarray_first_byte)
{
	struct mem m = {"  {\"a\":1}", 9, 0, 1};
	struct nx_jarray *a;
	struct nx_error err;

	ck_assert_int_eq(nx_jarray_open(&a, mem_read, &m, &err), 0);
	ck_assert_int_eq(nx_jarray_first(a, &err), '{');
	nx_jarray_close(a);
	m = (struct mem){"\xEF\xBB\xBF \n", 5, 0, 1};
	ck_assert_int_eq(nx_jarray_open(&a, mem_read, &m, &err), 0);
	ck_assert_int_eq(nx_jarray_first(a, &err), 0);
	nx_jarray_close(a);
}
END_TEST

static unsigned long long rng = 16;

static unsigned
next_rand(unsigned n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(rng >> 33) % n;
}

/* A random JSON value, strings full of the bytes a walker could trip on. */
static json_t *
random_value(int depth)
{
	static const char *const bits[] = {"]", "[", "}", "{", "\"", "\\",
	    ",", "\n", "\t", "a", "\xC8\x9B", "\xF0\x9F\x99\x82", "\\\"", " "};
	unsigned kind = depth > 3 ? next_rand(4) : next_rand(7);
	char text[64];
	size_t n = 0;
	json_t *v;

	switch (kind) {
	case 0:
		for (unsigned k = next_rand(8); k > 0; k--) {
			const char *b = bits[next_rand(sizeof(bits) / sizeof(bits[0]))];

			if (n + strlen(b) < sizeof(text)) {
				memcpy(text + n, b, strlen(b));
				n += strlen(b);
			}
		}
		return json_stringn(text, n);
	case 1:
		return json_integer((json_int_t)next_rand(100000) - 50000);
	case 2:
		return next_rand(2) ? json_true() : json_null();
	case 3:
		return json_real(next_rand(1000) / 8.0);
	case 4:
	case 5:
		v = json_array();
		for (unsigned k = next_rand(4); k > 0; k--)
			json_array_append_new(v, random_value(depth + 1));
		return v;
	default:
		v = json_object();
		for (unsigned k = next_rand(4); k > 0; k--) {
			snprintf(text, sizeof(text), "k]\"%u", next_rand(50));
			json_object_set_new(v, text, random_value(depth + 1));
		}
		return v;
	}
}

/* Arrays of random values, dumped compact, indented, ASCII-only, read
 * at random read sizes: each element alone parses to the same value. */
START_TEST(test_jarray_elements_equal_the_parsed_array)
{
	static const size_t flags[] = {JSON_COMPACT, JSON_INDENT(2),
	    JSON_INDENT(1) | JSON_ENSURE_ASCII, 0};

	for (int iter = 0; iter < 3000; iter++) {
		json_t *arr = json_array();
		size_t nel = next_rand(6), got = 0;
		char *text;
		struct mem m;
		struct nx_jarray *a;
		struct nx_jarray_elem e;
		struct nx_error err;
		int rc;

		for (size_t k = 0; k < nel; k++)
			json_array_append_new(arr, random_value(0));
		text = json_dumps(arr, flags[iter % 4] | JSON_ENCODE_ANY);
		check_assert(text != NULL);
		m = (struct mem){text, strlen(text), 0, 1 + next_rand(40)};
		check_assert(nx_jarray_open(&a, mem_read, &m, &err) == 0);
		check_assert(nx_jarray_first(a, &err) == '[');
		while ((rc = nx_jarray_next(a, &e, &err)) > 0) {
			json_t *v = json_loadb(e.data, e.len, JSON_DECODE_ANY, NULL);

			if (v == NULL || got >= nel ||
			    !json_equal(v, json_array_get(arr, got)))
				ck_abort_msg("element %zu of %s: %.*s", got,
				    text, (int)e.len, e.data);
			check_assert(e.last == (got + 1 == nel));
			json_decref(v);
			got++;
		}
		check_assert(rc == 0);
		check_assert(got == nel);
		nx_jarray_close(a);
		free(text);
		json_decref(arr);
	}
}
END_TEST

Suite *
jarray_suite(void)
{
	Suite *s = suite_create("jarray");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_jarray_walks_elements_at_any_read_size);
	tcase_add_test(tc, test_jarray_empty_array_has_no_element);
	tcase_add_test(tc, test_jarray_says_where_a_separator_is_missing);
	tcase_add_test(tc, test_jarray_input_ending_early);
	tcase_add_test(tc, test_jarray_whole_after_the_first_element);
	tcase_add_test(tc, test_jarray_trailing_values);
	tcase_add_test(tc, test_jarray_first_byte);
	tcase_add_test(tc, test_jarray_elements_equal_the_parsed_array);
	suite_add_tcase(s, tc);
	return s;
}
