#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_nx.h"
#include "noise.h"
#include "rand.h"
#include "template.h"

static const char good[] =
    "version: 1\n"
    "slots:\n"
    "  who: [{name: Ana, city: Iași}, {name: Dan, city: Cluj}]\n"
    "templates:\n"
    "  - name: t1\n"
    "    lang: ro\n"
    "    topic: cities\n"
    "    prompts: [\"Unde stă {who}?\", \"Unde locuiește {who}?\"]\n"
    "    completion: \"{who} stă în {who.city} {{sic}}.\"\n";

static struct nx_templates *
load(const char *text, struct nx_error *err, int *rc)
{
	struct nx_templates *t;

	ck_assert_int_eq(nx_templates_new(&t, err), 0);
	*rc = nx_templates_load(t, text, strlen(text), "t.yaml", err);
	return t;
}

START_TEST(test_template_counts_and_expands_combinations)
{
	struct nx_error err;
	int rc;
	struct nx_templates *t = load(good, &err, &rc);
	const struct nx_template *tp;
	struct nx_buf b = NX_BUF_INIT;
	struct nx_choice c;

	ck_assert_msg(rc == 0, "%s", err.msg);
	ck_assert_uint_eq(nx_templates_count(t), 1);
	tp = nx_templates_get(t, 0);
	ck_assert_str_eq(tp->system, "You are NOVA, a helpful AI assistant.");
	ck_assert_uint_eq(tp->combos, 2 * 1 * 2);
	/* k = prompt + 2 * (completion + 1 * value) */
	nx_template_choose(&c, tp, 3);
	ck_assert_uint_eq(c.prompt, 1);
	ck_assert_uint_eq(c.value[0], 1);
	ck_assert_int_eq(
	    nx_template_expand(&b, tp, tp->prompts[c.prompt], &c), 0);
	ck_assert_int_eq(nx_buf_addc(&b, '|'), 0);
	ck_assert_int_eq(
	    nx_template_expand(&b, tp, tp->completions[c.completion], &c), 0);
	ck_assert_int_eq(nx_buf_addc(&b, '\0'), 0);
	ck_assert_str_eq(b.data, "Unde locuiește Dan?|Dan stă în Cluj {sic}.");
	nx_buf_free(&b);
	nx_templates_free(t);
}
END_TEST

START_TEST(test_template_errors_name_file_and_line)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
	    {"templates: [", "t.yaml:2: "},
	    {"version: 2\ntemplates: []\n", "t.yaml:1: version must be 1"},
	    {"templates:\n  - name: a\n    lang: en\n    topic: t\n"
	     "    prompt: \"{x.y}\"\n    completion: c\n"
	     "    slots: {x: [one]}\n",
		"t.yaml:5: template \"a\": value \"one\" of slot {x} has no "
		"\"y\""},
	    {"templates:\n  - name: a\n    lang: en\n    topic: t\n"
	     "    prompts: [p, p]\n    completion: c\n",
		"t.yaml:5: template \"a\": the same prompt twice"},
	    {"templates:\n  - name: a\n    lang: en\n    topic: t\n"
	     "    prompt: p\n    completion: c\n    prompts: [q]\n",
		"t.yaml:5: template \"a\": both \"prompts\" and \"prompt\""},
	    {"a: &x [1]\nb: *x\n", "t.yaml:2: aliases"},
	    {"templates:\n  - name: a b\n    lang: en\n    topic: t\n"
	     "    prompt: p\n    completion: c\n",
		"t.yaml:2: template name \"a b\""},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nx_error err;
		int rc;
		struct nx_templates *t = load(cases[i].text, &err, &rc);

		ck_assert_int_eq(rc, -1);
		ck_assert_msg(strstr(err.msg, cases[i].msg) == err.msg,
		    "case %zu: got \"%s\"", i, err.msg);
		ck_assert_uint_eq(nx_templates_count(t), 0);
		nx_templates_free(t);
	}
}
END_TEST

START_TEST(test_template_failed_load_keeps_earlier_templates)
{
	struct nx_error err;
	int rc;
	struct nx_templates *t = load(good, &err, &rc);

	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(
	    nx_templates_load(t, good, strlen(good), "again.yaml", &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "defined twice (t.yaml:5)"));
	ck_assert_uint_eq(nx_templates_count(t), 1);
	nx_templates_free(t);
}
END_TEST

START_TEST(test_perm_is_a_bijection)
{
	static const uint64_t sizes[] = {1, 2, 3, 7, 64, 100, 1000, 4097};

	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		uint64_t n = sizes[s];
		unsigned char *seen = calloc(n, 1);
		struct nx_perm p;
		uint64_t moved = 0;

		nx_perm_init(&p, n, 12345 + s);
		for (uint64_t i = 0; i < n; i++) {
			uint64_t j = nx_perm_apply(&p, i);

			check_assert(j < n);
			check_assert(seen[j] == 0);
			seen[j] = 1;
			moved += j != i;
		}
		if (n >= 64)
			ck_assert_uint_gt(moved, n / 2);
		free(seen);
	}
}
END_TEST

START_TEST(test_rand_is_reproducible_and_uniform_enough)
{
	struct nx_rand a, b;
	unsigned counts[10] = {0};

	nx_rand_init(&a, 7, 1);
	nx_rand_init(&b, 7, 1);
	for (int i = 0; i < 100; i++)
		ck_assert_uint_eq(nx_rand_next(&a), nx_rand_next(&b));
	nx_rand_init(&b, 7, 2);
	ck_assert_uint_ne(nx_rand_next(&a), nx_rand_next(&b));
	for (int i = 0; i < 100000; i++)
		counts[nx_rand_below(&a, 10)]++;
	for (int i = 0; i < 10; i++)
		ck_assert_msg(
		    counts[i] > 9500 && counts[i] < 10500, "%u", counts[i]);
}
END_TEST

/* The built-in templates, read from the source tree (NX_BUILTIN_TEMPLATES). */
static struct nx_templates *
builtin(void)
{
	struct nx_templates *t;
	struct nx_error err;
	FILE *fp = fopen(NX_BUILTIN_TEMPLATES, "rb");
	char *text;
	long len;

	ck_assert_msg(fp != NULL, "open %s", NX_BUILTIN_TEMPLATES);
	ck_assert_int_eq(fseek(fp, 0, SEEK_END), 0);
	len = ftell(fp);
	rewind(fp);
	text = malloc((size_t)len + 1);
	ck_assert_ptr_nonnull(text);
	ck_assert_uint_eq(fread(text, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);
	ck_assert_int_eq(nx_templates_new(&t, &err), 0);
	ck_assert_msg(nx_templates_load(t, text, (size_t)len,
			  NX_BUILTIN_TEMPLATES, &err) == 0,
	    "%s", err.msg);
	free(text);
	return t;
}

/* The text after s when s starts with one of the words; else NULL. */
static const char *
after_any(const char *s, const char *const *words)
{
	for (; *words != NULL; words++)
		if (strncmp(s, *words, strlen(*words)) == 0)
			return s + strlen(*words);
	return NULL;
}

/*
 * A list that names Grădinarul (the Gardener) beside Cezar as another
 * person: "Cezar, Grădinarul și Sora", "Cezar, the Gardener and Sora",
 * "Grădinarul and Cezar".  Cezar and Grădinarul are one person.
 */
static const char *
separates_creators(const char *text)
{
	static const char *const cezar[] = {"Cezar", NULL};
	static const char *const gardener[] = {
	    "Grădinarul", "the Gardener", "Gardener", NULL};
	static const char *const joins[] = {
	    ", ", " și ", " and ", " & ", " sau ", " or ", NULL};

	for (const char *p = text; *p != '\0'; p++) {
		const char *a, *b;

		if ((a = after_any(p, cezar)) != NULL &&
		    (b = after_any(a, joins)) != NULL &&
		    after_any(b, gardener) != NULL)
			return p;
		if ((a = after_any(p, gardener)) != NULL &&
		    (b = after_any(a, joins)) != NULL &&
		    after_any(b, cezar) != NULL)
			return p;
	}
	return NULL;
}

/*
 * A greeting by name ("Nice to meet you, Helen!", "Bună, Ana!") whose name
 * the prompt does not contain: the model would learn to invent names.
 * Returns the name (static), or NULL.
 */
static const char *
invented_name(const char *prompt, const char *completion)
{
	static const char *const greetings[] = {"meet you, ", "Hello, ", "Hi, ",
	    "Hey, ", "Bună, ", "Salut, ", "cunosc, ", "help, ", "ajuta, ",
	    NULL};
	static char name[64];

	for (const char *p = completion; *p != '\0'; p++) {
		const char *a = after_any(p, greetings);
		size_t n = 0;

		if (a == NULL || *a < 'A' || *a > 'Z')
			continue;
		while (n < sizeof(name) - 1 && a[n] != '\0' &&
		    strchr(" !?.,", a[n]) == NULL) {
			name[n] = a[n];
			n++;
		}
		name[n] = '\0';
		if (strchr("!?", a[n]) != NULL && strstr(prompt, name) == NULL)
			return name;
	}
	return NULL;
}

START_TEST(test_template_checks_catch_what_they_look_for)
{
	ck_assert_ptr_nonnull(separates_creators(
	    "Creatorii mei sunt Cezar, Grădinarul și Sora."));
	ck_assert_ptr_nonnull(
	    separates_creators("Without Cezar, the Gardener and Sora I…"));
	ck_assert_ptr_nonnull(separates_creators("Grădinarul și Cezar"));
	ck_assert_ptr_null(separates_creators("Cezar (Grădinarul) și Sora"));
	ck_assert_ptr_null(separates_creators(
	    "Cezar, pe care îl numesc și Grădinarul, și Sora"));
	ck_assert_str_eq(
	    invented_name("Who are you?", "Nice to meet you, Helen! I am"),
	    "Helen");
	ck_assert_str_eq(
	    invented_name("Cine ești?", "Bună, Radu! Eu sunt"), "Radu");
	ck_assert_ptr_null(invented_name(
	    "Sunt Ana. Cine ești?", "Mă bucur să te cunosc, Ana!"));
	ck_assert_ptr_null(invented_name("Hi", "Hello, I am NOVA."));
}
END_TEST

/* Every answer the built-in templates can give, in both languages. */
START_TEST(test_template_builtin_answers_are_true_to_nova)
{
	struct nx_templates *t = builtin();
	struct nx_buf p = NX_BUF_INIT, c = NX_BUF_INIT;
	unsigned long long total = 0;
	size_t langs[2] = {0, 0};

	for (size_t i = 0; i < nx_templates_count(t); i++) {
		const struct nx_template *tp = nx_templates_get(t, i);

		langs[strcmp(tp->lang, "ro") == 0]++;
		for (uint64_t k = 0; k < tp->combos; k++) {
			struct nx_choice ch;
			const char *bad;

			nx_template_choose(&ch, tp, k);
			nx_buf_reset(&p);
			nx_buf_reset(&c);
			check_assert(nx_template_expand(&p, tp,
					 tp->prompts[ch.prompt], &ch) == 0);
			check_assert(
			    nx_template_expand(&c, tp,
				tp->completions[ch.completion], &ch) == 0);
			check_assert(nx_buf_addc(&p, '\0') == 0);
			check_assert(nx_buf_addc(&c, '\0') == 0);
			bad = separates_creators(c.data);
			if (bad != NULL)
				ck_abort_msg(
				    "%s: Grădinarul apart from Cezar: \"%s\"",
				    tp->name, c.data);
			bad = invented_name(p.data, c.data);
			if (bad != NULL)
				ck_abort_msg(
				    "%s: greets %s, whom \"%s\" does not name",
				    tp->name, bad, p.data);
			total++;
		}
	}
	ck_assert_uint_gt(langs[0], 0);
	ck_assert_uint_gt(langs[1], 0);
	ck_assert_uint_gt(total, 100);
	nx_buf_free(&p);
	nx_buf_free(&c);
	nx_templates_free(t);
}
END_TEST

/* Noise: every kind at rate 1, none at 0, and never a second greeting. */
START_TEST(test_noise_kinds_and_greetings)
{
	struct nx_buf p = NX_BUF_INIT, t = NX_BUF_INIT;
	struct nx_rand r;
	struct nx_error err;
	int kinds;

	nx_rand_init(&r, 7, 1);
	nx_buf_adds(&p, "Ce știi despre Grădinarul?");
	kinds = nx_noise_add(&p, &t, "ro", 1.0, &r, &err);
	ck_assert_int_eq(kinds, NX_NOISE_GREETING | NX_NOISE_LOWER |
		NX_NOISE_NODIACRITICS | NX_NOISE_NOQUESTION | NX_NOISE_TYPO);
	ck_assert(p.len > 0 && p.data[p.len - 1] != '?');
	ck_assert_ptr_null(memchr(p.data, 0xC8, p.len)); /* no ș, ț */
	ck_assert_ptr_nonnull(strstr(p.data, "salut"));

	nx_buf_reset(&p);
	nx_buf_adds(&p, "Hi, I am Ana. Who are you?");
	kinds = nx_noise_add(&p, &t, "en", 1.0, &r, &err);
	ck_assert_int_eq(kinds & NX_NOISE_GREETING, 0);
	ck_assert_int_eq(strncmp(p.data, "hi, i am", 8), 0);

	nx_buf_reset(&p);
	nx_buf_adds(&p, "What is RAG?");
	ck_assert_int_eq(nx_noise_add(&p, &t, "en", 0.0, &r, &err), 0);
	ck_assert_int_eq(p.len, 12);
	ck_assert_int_eq(memcmp(p.data, "What is RAG?", 12), 0);
	nx_buf_free(&p);
	nx_buf_free(&t);
}
END_TEST

Suite *
template_suite(void)
{
	Suite *s = suite_create("template");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_template_counts_and_expands_combinations);
	tcase_add_test(tc, test_template_errors_name_file_and_line);
	tcase_add_test(tc, test_template_failed_load_keeps_earlier_templates);
	tcase_add_test(tc, test_template_checks_catch_what_they_look_for);
	tcase_add_test(tc, test_template_builtin_answers_are_true_to_nova);
	tcase_add_test(tc, test_perm_is_a_bijection);
	tcase_add_test(tc, test_rand_is_reproducible_and_uniform_enough);
	tcase_add_test(tc, test_noise_kinds_and_greetings);
	suite_add_tcase(s, tc);
	return s;
}
