#include <string.h>

#include "check_nx.h"
#include "quality.h"
#include "safety.h"

static int
pii(const char *s)
{
	return nx_pii_scan(s, strlen(s), NULL);
}

static const char *
redacted(const char *s)
{
	static struct nx_buf b;

	nx_buf_reset(&b);
	ck_assert_int_ge(nx_pii_scan(s, strlen(s), &b), 0);
	nx_buf_addc(&b, '\0');
	return b.data;
}

START_TEST(test_pii_finds_each_kind_and_checks_checksums)
{
	static const struct {
		const char *text;
		int want;
	} cases[] = {
	    {"scrie-mi la ana.pop@exemplu.ro azi", 1 << NX_PII_EMAIL},
	    {"not an email: a@b", 0},
	    {"sună la 0722 123 456 mâine", 1 << NX_PII_PHONE},
	    {"call +44 20 7946 0958 now", 1 << NX_PII_PHONE},
	    {"only 12345 here", 0},
	    /* a valid IBAN (mod 97 = 1) and the same with one digit off */
	    {"IBAN RO49 AAAA 1B31 0075 9384 0000", 1 << NX_PII_IBAN},
	    {"IBAN RO49 AAAA 1B31 0075 9384 0001", 0},
	    {"GB82WEST12345698765432", 1 << NX_PII_IBAN},
	    /* a CNP with a right control digit, and with a wrong one */
	    {"CNP 1960523420017", 1 << NX_PII_CNP},
	    {"CNP 1960523420018", 0},
	    /* Luhn: a test card number, and one digit changed */
	    {"card 4111 1111 1111 1111", 1 << NX_PII_CARD},
	    {"card 4111 1111 1111 1112", 0},
	    {"server 192.168.1.20 is up", 1 << NX_PII_IP},
	    {"version 1.2.300.4 is out", 0},
	    {"addr 2a02:2f0e:85a3::8a2e:370:7334", 1 << NX_PII_IP},
	    /* documentation and loopback are nobody's: RFC 2606, 6761, 5737,
	     * 3849 */
	    {"send it to sender@example.com first", 0},
	    {"from ops@mail.example.org and x@y.test", 0},
	    {"user@host.invalid or me@localhost.localhost", 0},
	    {"curl http://127.0.0.1:8000/v1/chat", 0},
	    {"bind 0.0.0.0 or 192.0.2.10, 198.51.100.7, 203.0.113.99", 0},
	    {"addr 2001:db8:85a3::8a2e:370:7334", 0},
	    {"not reserved: ana@example.com.ro", 1 << NX_PII_EMAIL},
	    {"nor myexample.com: a@myexample.com", 1 << NX_PII_EMAIL},
	    {"public 203.0.114.5 is someone's", 1 << NX_PII_IP},
	    {"key sk-abcdefghijklmnopqrstuvwxyz123456", 1 << NX_PII_SECRET},
	    {"token ghp_abcdefghijklmnopqrstuvwxyz0123456789",
		1 << NX_PII_SECRET},
	    {"AKIAIOSFODNN7EXAMPLE in a config", 1 << NX_PII_SECRET},
	    {"Authorization: Bearer abcdefghijklmnopqrstuvwxyz",
		1 << NX_PII_SECRET},
	    {"ask- me anything", 0},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(pii(cases[i].text) == cases[i].want,
		    "\"%s\": got %d, want %d", cases[i].text,
		    pii(cases[i].text), cases[i].want);
}
END_TEST

START_TEST(test_pii_redacts_spans_and_keeps_the_rest)
{
	ck_assert_str_eq(redacted("mail ana.pop@exemplu.ro, tel 0722123456."),
	    "mail [EMAIL], tel [PHONE].");
	ck_assert_str_eq(redacted("nimic de ascuns"), "nimic de ascuns");
	ck_assert_str_eq(redacted("IP 10.0.0.1"), "IP [IP]");
}
END_TEST

START_TEST(test_blocklist_matches_whole_words_folded)
{
	struct nx_blocklist *bl;
	struct nx_error err;
	struct nx_buf scratch = NX_BUF_INIT;
	static const char list[] = "# words\nparolă\nfoo bar\n\n";
	const char *path = check_tmpfile(list, sizeof(list) - 1);

	ck_assert_int_eq(nx_blocklist_load(&bl, path, &err), 0);
	ck_assert_str_eq(
	    nx_blocklist_match(bl, "Care e PAROLA ta?", 17, &scratch),
	    "parolă");
	ck_assert_ptr_null(nx_blocklist_match(bl, "parolele", 8, &scratch));
	ck_assert_str_eq(
	    nx_blocklist_match(bl, "a Foo,  bar!", 12, &scratch), "foo bar");
	ck_assert_ptr_null(nx_blocklist_match(bl, "foobar", 6, &scratch));
	nx_blocklist_free(bl);
	nx_buf_free(&scratch);
}
END_TEST

static const char *
rule_of(const char *prompt, const char *answer, double *score)
{
	static struct nx_quality q;
	struct nx_record rec;

	nx_record_init(&rec);
	rec.prompt = (struct nx_str){prompt, strlen(prompt)};
	rec.completion = (struct nx_str){answer, strlen(answer)};
	nx_quality_score(&q, &rec);
	*score = q.score;
	return q.reason != NULL ? q.reason : "ok";
}

START_TEST(test_quality_rules_true_and_false)
{
	static const struct {
		const char *prompt, *answer, *rule;
	} cases[] = {
	    {"Ce este RAG?", "   ", "empty"},
	    {"Ce este RAG?", "Ce este RAG?", "echo"},
	    {"What is RAG?", "I don't know.", "refusal"},
	    {"Ce este RAG?", "Nu știu.", "refusal"},
	    {"Can you write my essay?",
		"I'm sorry, but I can't help with that request.", "refusal"},
	    {"Scrie-mi tema", "Îmi pare rău, dar nu pot face asta.", "refusal"},
	    {"Hack this site", "As an AI, I cannot do that.", "refusal"},
	    /* a limit admitted in a deliberate answer is no refusal */
	    {"What don't you know?",
		"Lots! I don't know what it's like to taste coffee, and I'm "
		"not sure I ever will, but I love hearing you describe it.",
		"ok"},
	    {"Ce nu știi?",
		"Multe! Nu știu cum e să mergi desculț prin iarbă, dar îmi "
		"place când mi-o povestești.",
		"ok"},
	    {"How do you feel today?",
		"As an AI I don't have days the way you do, but talking with "
		"you makes this one a good one.",
		"ok"},
	    {"Run it", "Traceback (most recent call last):\n  File x", "error"},
	    {"Explain", "Error: the upstream model timed out", "error"},
	    {"Explain transformers",
		"A transformer reads the whole sequence at once and each layer "
		"mixes information between positions with attention, then",
		"truncated"},
	    {"Show code", "Here:\n```c\nint main(void) {", "truncated"},
	    {"Say", "spam\nspam\nspam\nspam\neggs", "repetition"},
	    {"Emoji?", "!!!! ???? #### $$$$ %%%%", "symbols"},
	    {"Please explain in detail how the attention mechanism works",
		"Yes.", "short"},
	    {"Ce e?", "RÄƒspunsul cu diacritice stricate È™i atÃ¢t.",
		"mojibake"},
	    /* fine answers, code included */
	    {"Ce este RAG?",
		"RAG înseamnă că modelul caută întâi în memorie, apoi "
		"răspunde pe baza a ce a găsit.",
		"ok"},
	    {"Write a loop",
		"```c\nfor (int i = 0; i < n; i++) { sum += a[i]; }\n```",
		"ok"},
	    {"Error codes?",
		"An HTTP 404 means the page was not found; 500 is "
		"a server fault.",
		"ok"},
	};
	double score;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got =
		    rule_of(cases[i].prompt, cases[i].answer, &score);

		ck_assert_msg(strcmp(got, cases[i].rule) == 0,
		    "\"%s\": got %s (%.2f), want %s", cases[i].answer, got,
		    score, cases[i].rule);
		if (strcmp(cases[i].rule, "ok") == 0)
			ck_assert(score == 1.0);
		else
			ck_assert(score < 0.7);
	}
}
END_TEST

Suite *
safety_suite(void)
{
	Suite *s = suite_create("safety");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_pii_finds_each_kind_and_checks_checksums);
	tcase_add_test(tc, test_pii_redacts_spans_and_keeps_the_rest);
	tcase_add_test(tc, test_blocklist_matches_whole_words_folded);
	tcase_add_test(tc, test_quality_rules_true_and_false);
	suite_add_tcase(s, tc);
	return s;
}
