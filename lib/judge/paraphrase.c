#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "paraphrase.h"
#include "text.h"

/* Words that change nothing a question asks (folded, no diacritics). */
static const char *const fillers[] = {"a", "actually", "an", "basically",
    "buna", "deci", "hello", "hey", "hi", "just", "kindly", "oare", "ok",
    "okay", "please", "pls", "plz", "really", "salut", "so", "the", "well",
    NULL};

/* Whole words spelled apart in British and American English. */
static const char *const words_uk_us[][2] = {{"ageing", "aging"},
    {"aluminium", "aluminum"}, {"cheque", "check"}, {"defence", "defense"},
    {"enrol", "enroll"}, {"fulfil", "fulfill"}, {"grey", "gray"},
    {"judgement", "judgment"}, {"kerb", "curb"}, {"licence", "license"},
    {"mould", "mold"}, {"offence", "offense"}, {"plough", "plow"},
    {"practise", "practice"}, {"pretence", "pretense"},
    {"programme", "program"}, {"programmes", "programs"},
    {"skilful", "skillful"}, {"storey", "story"}, {"tyre", "tire"}};

/* Words ending so that are no British spelling. */
static const char *const not_uk[] = {"advertise", "advise", "amour", "anise",
    "apprise", "arise", "bruise", "chastise", "clockwise", "compromise",
    "comprise", "concise", "contour", "cruise", "demise", "despise", "detour",
    "devise", "devour", "disguise", "enterprise", "excise", "exercise",
    "expertise", "flour", "franchise", "guise", "improvise", "incise",
    "likewise", "macabre", "merchandise", "noise", "otherwise", "paradise",
    "paramour", "poise", "porpoise", "praise", "precise", "premise", "promise",
    "raise", "reprise", "revise", "rise", "supervise", "surmise", "surprise",
    "televise", "timbre", "tortoise", "treatise", "troubadour", "turquoise",
    "valise", "velour", "vogue", "wise", NULL};

/* British endings and their American forms, tried in order. */
static const char *const endings_uk_us[][2] = {{"isations", "izations"},
    {"isation", "ization"}, {"ising", "izing"}, {"ised", "ized"},
    {"ises", "izes"}, {"ise", "ize"}, {"ysing", "yzing"}, {"ysed", "yzed"},
    {"yses", "yzes"}, {"yse", "yze"}, {"ours", "ors"}, {"our", "or"},
    {"ogues", "ogs"}, {"ogue", "og"}, {"elled", "eled"}, {"elling", "eling"},
    {"eller", "eler"}, {"tres", "ters"}, {"tre", "ter"}, {"bres", "bers"},
    {"bre", "ber"}};

static int
in_list(const char *w, size_t n, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strlen(*list) == n && memcmp(*list, w, n) == 0)
			return 1;
	return 0;
}

/* The root of w[0..n) an ending's rule leaves: "organ" of "organised". */
static int
uk_exception(const char *w, size_t n, const char *ending)
{
	char root[64];
	size_t k = strlen(ending), e;

	/* the word as its plain "-ise"/"-our"/… form, for the list */
	if (n >= sizeof(root) || n < k)
		return 0;
	memcpy(root, w, n - k);
	e = n - k;
	if (ending[0] == 'i' || ending[0] == 'y')
		e += (size_t)snprintf(
		    root + e, sizeof(root) - e, "%cse", ending[0]);
	else if (strncmp(ending, "our", 3) == 0)
		e += (size_t)snprintf(root + e, sizeof(root) - e, "our");
	else if (strncmp(ending, "ogue", 4) == 0)
		e += (size_t)snprintf(root + e, sizeof(root) - e, "ogue");
	else if (ending[1] == 'r')
		e += (size_t)snprintf(
		    root + e, sizeof(root) - e, "%cre", ending[0]);
	else
		return 0;
	return in_list(root, e, not_uk);
}

/*
 * Append w[0..n) to out as American English spells it (other words as
 * they are).  0, or -1 (no memory).
 */
static int
add_word(struct nx_buf *out, const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof(words_uk_us) / sizeof(words_uk_us[0]);
	     i++)
		if (strlen(words_uk_us[i][0]) == n &&
		    memcmp(words_uk_us[i][0], w, n) == 0)
			return nx_buf_adds(out, words_uk_us[i][1]);
	for (size_t i = 0; i < sizeof(endings_uk_us) / sizeof(endings_uk_us[0]);
	     i++) {
		const char *uk = endings_uk_us[i][0];
		size_t k = strlen(uk);

		/* a stem of three letters at least: not "rise", "four" */
		if (n >= k + 3 && memcmp(w + n - k, uk, k) == 0) {
			if (uk_exception(w, n, uk))
				break;
			return nx_buf_add(out, w, n - k) < 0
			    ? -1
			    : nx_buf_adds(out, endings_uk_us[i][1]);
		}
	}
	return nx_buf_add(out, w, n);
}

/* Punctuation, by Unicode category; '#' stays ("c#"), symbols too ("g++"). */
static int
punct(utf8proc_int32_t c)
{
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_PC:
	case UTF8PROC_CATEGORY_PD:
	case UTF8PROC_CATEGORY_PS:
	case UTF8PROC_CATEGORY_PE:
	case UTF8PROC_CATEGORY_PI:
	case UTF8PROC_CATEGORY_PF:
		return 1;
	case UTF8PROC_CATEGORY_PO:
		return c != '#';
	default:
		return 0;
	}
}

/* The code point before p (p > s), and where it starts. */
static const char *
before(const char *s, const char *p, utf8proc_int32_t *c)
{
	const char *q = p - 1;

	while (q > s && ((unsigned char)*q & 0xC0) == 0x80)
		q--;
	utf8proc_iterate(
	    (const utf8proc_uint8_t *)q, (utf8proc_ssize_t)(p - q), c);
	return q;
}

struct span {
	const char *s;
	size_t len;
};

static int
by_bytes(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	int c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);

	return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

int
nx_para_canon(struct nx_buf *out, const char *s, size_t n,
    struct nx_buf *scratch, struct nx_error *err)
{
	struct span words[256];
	size_t nw = 0;
	const char *p, *end;
	struct nx_buf mapped = NX_BUF_INIT;
	int rc = -1;

	nx_buf_reset(out);
	nx_buf_reset(scratch);
	if (nx_text_normalize(scratch, s, n, 0, err) < 0)
		return -1;
	p = scratch->data ? scratch->data : "";
	end = p + scratch->len;
	/* The words, trimmed of punctuation at either end, American. */
	while (p < end) {
		const char *w = p, *e;
		utf8proc_int32_t c;
		utf8proc_ssize_t k;

		while (p < end && *p != ' ')
			p++;
		e = p++;
		while (w < e &&
		    (k = utf8proc_iterate((const utf8proc_uint8_t *)w,
			 (utf8proc_ssize_t)(e - w), &c)) > 0 &&
		    punct(c))
			w += k;
		while (e > w) {
			const char *q = before(w, e, &c);

			if (!punct(c))
				break;
			e = q;
		}
		if (e == w || in_list(w, (size_t)(e - w), fillers))
			continue;
		/* "te rog", "vă rog": please */
		if ((size_t)(e - w) == 3 && memcmp(w, "rog", 3) == 0) {
			if (nw > 0 && words[nw - 1].len == 2 &&
			    (memcmp(words[nw - 1].s, "te", 2) == 0 ||
				memcmp(words[nw - 1].s, "va", 2) == 0))
				nw--;
			continue;
		}
		if (nw == sizeof(words) / sizeof(words[0]))
			break;
		words[nw].s = w;
		words[nw++].len = (size_t)(e - w);
	}
	/* Spelled the American way into one buffer, then sorted. */
	if (nx_buf_reserve(&mapped, scratch->len + 16 * nw + 1) < 0)
		goto nomem;
	for (size_t i = 0; i < nw; i++) {
		size_t at = mapped.len;

		if (add_word(&mapped, words[i].s, words[i].len) < 0)
			goto nomem;
		words[i].s = mapped.data + at; /* reserved: never moves */
		words[i].len = mapped.len - at;
	}
	qsort(words, nw, sizeof(words[0]), by_bytes);
	for (size_t i = 0; i < nw; i++)
		if ((i > 0 && nx_buf_addc(out, ' ') < 0) ||
		    nx_buf_add(out, words[i].s, words[i].len) < 0)
			goto nomem;
	rc = 0;
	goto done;
nomem:
	rc = nx_error_set(err, "out of memory");
done:
	nx_buf_free(&mapped);
	return rc;
}
