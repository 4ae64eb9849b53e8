#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "paraphrase.h"
#include "text.h"

/* Words that change nothing a question asks (folded, no diacritics). */
static const char *const fillers[] = {"a", "actually", "an", "basically",
    "just", "kindly", "oare", "please", "pls", "plz", "really", "the", NULL};

/* The same before the question only: "Well, what is…", not "how well". */
static const char *const openers[] = {"buna", "deci", "hello", "hey", "hi",
    "ok", "okay", "salut", "so", "well", NULL};

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
is(const struct span *w, const char *t)
{
	return w->len == strlen(t) && memcmp(w->s, t, w->len) == 0;
}

/* English contractions: the words they stand for. */
static const char *const contractions[][3] = {{"can't", "can", "not"},
    {"won't", "will", "not"}, {"shan't", "shall", "not"},
    {"let's", "let", "us"}, {"whats", "what", "is"}, {"i'm", "i", "am"}};

/* Endings of a contraction and the word they stand for. */
static const char *const contracted[][2] = {{"n't", "not"}, {"'re", "are"},
    {"'ve", "have"}, {"'ll", "will"}, {"'d", "would"}};

/* Words whose "'s" is "is" (elsewhere it is a possessive, kept). */
static const char *const is_words[] = {"he", "here", "how", "it", "she", "that",
    "there", "what", "when", "where", "who", "why", NULL};

/*
 * The word w[0..n) into words (a contraction as its words): how many
 * spans it took, 0 when there was no room.
 */
static size_t
split_word(struct span *words, size_t room, const char *w, size_t n)
{
	char t[16];
	size_t k = 0;

	if (room < 2)
		return 0;
	words[0] = (struct span){w, n};
	if (n >= sizeof(t))
		return 1; /* no contraction is that long */
	/* The word with ’ written ', for the lists. */
	for (size_t i = 0; i < n; i++) {
		if (i + 2 < n && memcmp(w + i, "\xe2\x80\x99", 3) == 0) {
			t[k++] = '\'';
			i += 2;
		} else
			t[k++] = w[i];
	}
	t[k] = '\0';
	for (size_t i = 0; i < sizeof(contractions) / sizeof(contractions[0]);
	     i++)
		if (strcmp(t, contractions[i][0]) == 0) {
			words[0] = (struct span){
			    contractions[i][1], strlen(contractions[i][1])};
			words[1] = (struct span){
			    contractions[i][2], strlen(contractions[i][2])};
			return 2;
		}
	/* The stem before the ending is as written (its ' is the ending's). */
	if (memchr(t, '\'', k) != strrchr(t, '\''))
		return 1;
	for (size_t i = 0; i < sizeof(contracted) / sizeof(contracted[0]);
	     i++) {
		size_t e = strlen(contracted[i][0]);

		if (k > e && strcmp(t + k - e, contracted[i][0]) == 0) {
			words[0].len = k - e;
			words[1] = (struct span){
			    contracted[i][1], strlen(contracted[i][1])};
			return 2;
		}
	}
	if (k > 2 && strcmp(t + k - 2, "'s") == 0 &&
	    in_list(t, k - 2, is_words)) {
		words[0].len = k - 2;
		words[1] = (struct span){"is", 2};
		return 2;
	}
	return 1;
}

/* Words whose neighbours' order is the question: "English to French". */
static const char *const direction[] = {"after", "before", "decat", "from",
    "into", "over", "than", "to", "versus", "vs", NULL};

/* Asking someone to do it, at the start: "can you", "could you", … */
static const char *const asking[] = {"can", "could", "would", "will", NULL};

/* "how do i", "how can you", "how should one": "how to". */
static const char *const modal[] = {
    "can", "could", "do", "does", "should", "would", NULL};
static const char *const person[] = {"i", "one", "u", "we", "you", NULL};

/* The phrases that ask the same thing, written one way, in place. */
static size_t
phrases(struct span *words, size_t nw)
{
	size_t i = 0, o = 0;

	if (nw > 2 && in_list(words[0].s, words[0].len, asking) &&
	    (is(&words[1], "you") || is(&words[1], "u")))
		i = 2;
	for (; i < nw; i++) {
		words[o++] = words[i];
		if (is(&words[i], "how") && i + 2 < nw &&
		    in_list(words[i + 1].s, words[i + 1].len, modal) &&
		    in_list(words[i + 2].s, words[i + 2].len, person)) {
			words[o++] = (struct span){"to", 2};
			i += 2;
		}
	}
	return o;
}

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
	struct span words[256], pairs[256];
	size_t nw = 0, npairs = 0;
	const char *p, *end;
	struct nx_buf mapped = NX_BUF_INIT, order = NX_BUF_INIT;
	int rc = -1;

	nx_buf_reset(out);
	nx_buf_reset(scratch);
	if (nx_text_normalize(scratch, s, n, 0, err) < 0)
		return -1;
	p = scratch->data ? scratch->data : "";
	end = p + scratch->len;
	/* The words, trimmed of punctuation at either end, American. */
	while (p < end) {
		const char *w = p, *e, *start = p;
		utf8proc_int32_t c;
		utf8proc_ssize_t k;

		while (p < end && *p != ' ')
			p++;
		e = p++;
		while (w < e &&
		    (k = utf8proc_iterate((const utf8proc_uint8_t *)w,
			 (utf8proc_ssize_t)(e - w), &c)) > 0 &&
		    punct(c)) {
			/* one dot before a letter makes a name: ".net" */
			if (c == '.' && w == start && w + 1 < e &&
			    ((w[1] >= 'a' && w[1] <= 'z') ||
				(w[1] >= '0' && w[1] <= '9')))
				break;
			w += k;
		}
		while (e > w) {
			const char *q = before(w, e, &c);

			if (!punct(c))
				break;
			e = q;
		}
		if (e == w || in_list(w, (size_t)(e - w), fillers) ||
		    (nw == 0 && in_list(w, (size_t)(e - w), openers)))
			continue;
		/* "te rog", "vă rog": please */
		if ((size_t)(e - w) == 3 && memcmp(w, "rog", 3) == 0) {
			if (nw > 0 && words[nw - 1].len == 2 &&
			    (memcmp(words[nw - 1].s, "te", 2) == 0 ||
				memcmp(words[nw - 1].s, "va", 2) == 0))
				nw--;
			continue;
		}
		if ((k = (utf8proc_ssize_t)split_word(words + nw,
			 sizeof(words) / sizeof(words[0]) - nw, w,
			 (size_t)(e - w))) == 0)
			break;
		nw += (size_t)k;
	}
	nw = phrases(words, nw);
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
	/* Where order matters, the words around: "english>to>french". */
	if (nx_buf_reserve(&order, 3 * mapped.len + 3 * nw + 1) < 0)
		goto nomem;
	for (size_t i = 1; i + 1 < nw; i++) {
		size_t at = order.len;

		if (!in_list(words[i].s, words[i].len, direction))
			continue;
		for (size_t j = i - 1; j <= i + 1; j++)
			if ((j > i - 1 && nx_buf_addc(&order, '>') < 0) ||
			    nx_buf_add(&order, words[j].s, words[j].len) < 0)
				goto nomem;
		pairs[npairs].s = order.data + at; /* reserved: never moves */
		pairs[npairs++].len = order.len - at;
	}
	qsort(words, nw, sizeof(words[0]), by_bytes);
	qsort(pairs, npairs, sizeof(pairs[0]), by_bytes);
	for (size_t i = 0; i < nw; i++)
		if ((i > 0 && nx_buf_addc(out, ' ') < 0) ||
		    nx_buf_add(out, words[i].s, words[i].len) < 0)
			goto nomem;
	for (size_t i = 0; i < npairs; i++)
		if (nx_buf_addc(out, ';') < 0 ||
		    nx_buf_add(out, pairs[i].s, pairs[i].len) < 0)
			goto nomem;
	rc = 0;
	goto done;
nomem:
	rc = nx_error_set(err, "out of memory");
done:
	nx_buf_free(&mapped);
	nx_buf_free(&order);
	return rc;
}
