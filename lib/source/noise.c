#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "noise.h"
#include "text.h"

const char *const nx_noise_names[NX_NOISE_KINDS] = {
    "greeting", "lowercase", "no-diacritics", "no-question-mark", "typo"};

/*
 * A greeting typed before the question: it stands on its own, so it reads
 * well before any question (the seed's "Tell me " + "who are you?" did not).
 * After a comma the question's first letter is lowered.
 */
#define S(lit)                                                                 \
	{                                                                      \
		lit, sizeof(lit) - 1                                           \
	}
static const struct nx_str greetings_ro[] = {
    S("Salut! "), S("Bună! "), S("Salut, ")};
static const struct nx_str greetings_en[] = {
    S("Hi! "), S("Hello! "), S("Hey, ")};
#define NGREETINGS 3
#undef S

/* An adjacent key on a QWERTY keyboard, for the typo noise. */
static char
neighbour(char c, struct nx_rand *r)
{
	static const char *const rows[] = {
	    "qwertyuiop", "asdfghjkl", "zxcvbnm"};

	for (size_t i = 0; i < 3; i++) {
		const char *p = strchr(rows[i], c);
		size_t len = strlen(rows[i]);

		if (p != NULL && c != '\0') {
			size_t at = (size_t)(p - rows[i]);

			if (at == 0)
				return rows[i][1];
			if (at == len - 1)
				return rows[i][len - 2];
			return rows[i][nx_rand_below(r, 2) ? at + 1 : at - 1];
		}
	}
	return c;
}

/* Does the prompt start with a greeting of its own ("Hi, I'm Anna…")? */
static int
greeted(const char *s, size_t len)
{
	static const char *const words[] = {
	    "salut", "bună", "buna", "hi", "hello", "hey"};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t n = strlen(words[i]);

		if (len > n && strncasecmp(s, words[i], n) == 0 &&
		    strchr(" ,!.", s[n]) != NULL)
			return 1;
	}
	return 0;
}

/*
 * t = greeting + prompt.  After a comma the first letter is lowered
 * ("Hey, what is RAG?"), unless the prompt starts with a name such as
 * "RAG" or with the pronoun "I".
 */
static int
greet(struct nx_buf *t, const struct nx_str *gr, const char *p, size_t len)
{
	utf8proc_int32_t c;
	utf8proc_uint8_t enc[4];
	utf8proc_ssize_t k = utf8proc_iterate(
	    (const utf8proc_uint8_t *)p, (utf8proc_ssize_t)len, &c);
	int comma = gr->len >= 2 && gr->s[gr->len - 2] == ',';
	int keep = len > 1 &&
	    ((p[1] >= 'A' && p[1] <= 'Z') ||
		(p[0] == 'I' && !isalpha((unsigned char)p[1])));

	nx_buf_reset(t);
	if (nx_buf_add(t, gr->s, gr->len) < 0)
		return -1;
	if (k <= 0 || !comma || keep)
		return nx_buf_add(t, p, len);
	return nx_buf_add(t, enc,
		   (size_t)utf8proc_encode_char(utf8proc_tolower(c), enc)) < 0
	    ? -1
	    : nx_buf_add(t, p + k, len - (size_t)k);
}

int
nx_noise_add(struct nx_buf *p, struct nx_buf *t, const char *lang,
    double rate, struct nx_rand *r, struct nx_error *err)
{
	const struct nx_str *greetings = strcmp(lang, "ro") == 0 ? greetings_ro
	    : strcmp(lang, "en") == 0			     ? greetings_en
							     : NULL;
	int kinds = 0;

	if (greetings != NULL && nx_rand_unit(r) < rate) {
		const struct nx_str *gr =
		    &greetings[nx_rand_below(r, NGREETINGS)];

		if (!greeted(p->data, p->len)) {
			if (greet(t, gr, p->data, p->len) < 0)
				return nx_error_set(err, "out of memory");
			nx_buf_reset(p);
			if (nx_buf_add(p, t->data, t->len) < 0)
				return nx_error_set(err, "out of memory");
			kinds |= NX_NOISE_GREETING;
		}
	}
	if (nx_rand_unit(r) < rate)
		kinds |= NX_NOISE_LOWER;
	if (strcmp(lang, "ro") == 0 && nx_rand_unit(r) < rate)
		kinds |= NX_NOISE_NODIACRITICS;
	if (kinds & (NX_NOISE_LOWER | NX_NOISE_NODIACRITICS)) {
		nx_buf_reset(t);
		if (nx_text_map(t, p->data, p->len,
			(kinds & NX_NOISE_LOWER ? NX_MAP_LOWER : 0) |
			    (kinds & NX_NOISE_NODIACRITICS ? NX_MAP_STRIP_MARKS
							: 0),
			err) < 0)
			return -1;
		nx_buf_reset(p);
		if (nx_buf_add(p, t->data, t->len) < 0)
			return nx_error_set(err, "out of memory");
	}
	if (p->len > 1 && p->data[p->len - 1] == '?' &&
	    nx_rand_unit(r) < rate) {
		p->len--;
		kinds |= NX_NOISE_NOQUESTION;
	}
	if (nx_rand_unit(r) < rate) {
		/* Replace one lower-case ASCII letter with a neighbour. */
		size_t letters = 0, pick;

		for (size_t i = 0; i < p->len; i++)
			letters += p->data[i] >= 'a' && p->data[i] <= 'z';
		if (letters > 0) {
			pick = (size_t)nx_rand_below(r, letters);
			for (size_t i = 0; i < p->len; i++)
				if (p->data[i] >= 'a' && p->data[i] <= 'z' &&
				    pick-- == 0) {
					p->data[i] = neighbour(p->data[i], r);
					break;
				}
			kinds |= NX_NOISE_TYPO;
		}
	}
	return kinds;
}
