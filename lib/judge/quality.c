#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "quality.h"
#include "text.h"

const char *const nx_quality_names[NX_QUALITY_RULES] = {"empty", "echo",
    "refusal", "error", "truncated", "repetition", "symbols", "short",
    "mojibake"};

enum {
	EMPTY,
	ECHO,
	REFUSAL,
	ERROR,
	TRUNCATED,
	REPETITION,
	SYMBOLS,
	SHORT,
	MOJIBAKE
};

static int
any(const char *lower, const char *const *list)
{
	for (size_t i = 0; list[i] != NULL; i++)
		if (strstr(lower, list[i]) != NULL)
			return 1;
	return 0;
}

static int
letter(const unsigned char *p)
{
	return (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    *p >= 0xC0; /* the lead byte of a non-ASCII character */
}

/* Whether the answer stops mid-sentence: a letter or a comma at its end. */
static int
cut_short(const char *s, size_t n)
{
	while (n > 0 &&
	    (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r' ||
		s[n - 1] == '\t'))
		n--;
	if (n < 80)
		return 0;
	return s[n - 1] == ',' || (s[n - 1] >= 'a' && s[n - 1] <= 'z');
}

static int
fences(const char *s, size_t n)
{
	int count = 0;

	for (size_t i = 0; i + 3 <= n; i++)
		if (memcmp(s + i, "```", 3) == 0) {
			count++;
			i += 2;
		}
	return count;
}

/* Share of lines that repeat an earlier line (non-empty lines). */
static double
duplicate_lines(const char *s, size_t n)
{
	const char *starts[256];
	size_t lens[256], lines = 0, dup = 0;

	for (size_t i = 0; i < n && lines < 256;) {
		size_t j = i;

		while (j < n && s[j] != '\n')
			j++;
		if (j > i) {
			for (size_t k = 0; k < lines; k++)
				if (lens[k] == j - i &&
				    memcmp(starts[k], s + i, j - i) == 0) {
					dup++;
					break;
				}
			starts[lines] = s + i;
			lens[lines++] = j - i;
		}
		i = j + 1;
	}
	return lines >= 3 ? (double)dup / (double)lines : 0;
}

struct gram {
	uint64_t hash;
	size_t chars;
};

/* Share of characters covered by the commonest word n-gram (Gopher),
 * counted by the n-grams' hashes. */
static double
top_ngram(const char *s, size_t len, int n)
{
	uint64_t wh[256];
	size_t wl[256], nw = 0, best = 0, total = 0, ng;
	struct gram g[256];

	for (size_t i = 0; i < len && nw < 256;) {
		const char *w;

		while (i < len && (s[i] == ' ' || s[i] == '\n'))
			i++;
		if (i == len)
			break;
		w = s + i;
		while (i < len && s[i] != ' ' && s[i] != '\n')
			i++;
		wl[nw] = (size_t)(s + i - w);
		wh[nw] = XXH3_64bits(w, wl[nw]);
		total += wl[nw];
		nw++;
	}
	if (nw < 20)
		return 0; /* too short to say */
	ng = nw + 1 - (size_t)n;
	for (size_t a = 0; a < ng; a++) {
		g[a].hash = 0;
		g[a].chars = 0;
		for (int k = 0; k < n; k++) {
			g[a].hash =
			    g[a].hash * 0x9E3779B97F4A7C15ULL + wh[a + k];
			g[a].chars += wl[a + k];
		}
	}
	/* Count equal n-grams in a small open-addressing table. */
	{
		struct {
			uint64_t hash;
			size_t count;
		} t[512];

		memset(t, 0, sizeof(t));
		for (size_t a = 0; a < ng; a++) {
			uint64_t h = g[a].hash | 1;
			size_t j = (size_t)h & 511;

			while (t[j].hash != 0 && t[j].hash != h)
				j = (j + 1) & 511;
			t[j].hash = h;
			if (++t[j].count > 1 && g[a].chars * t[j].count > best)
				best = g[a].chars * t[j].count;
		}
	}
	return total > 0 ? (double)best / (double)total : 0;
}

/* Letters over non-space characters, code blocks left out. */
static double
letters_share(const char *s, size_t n)
{
	size_t letters = 0, all = 0;
	int code = 0;

	for (size_t i = 0; i < n; i++) {
		const unsigned char *p = (const unsigned char *)s + i;

		if (i + 3 <= n && memcmp(p, "```", 3) == 0) {
			code = !code;
			i += 2;
			continue;
		}
		if (code || *p == ' ' || *p == '\n' || *p == '\t' ||
		    (*p & 0xC0) == 0x80)
			continue;
		all++;
		letters += letter(p);
	}
	return all > 0 ? (double)letters / (double)all : 1;
}

/*
 * A refusal declines the request.  These phrases decline wherever they
 * stand (read in lower case; "Î" and "Ă" are lowered by hand below).
 */
static const char *const declines[] = {"i cannot help", "i can't help",
    "i can not help", "i'm sorry, but i can", "i am sorry, but i can",
    "i am unable to", "i'm unable to", "i cannot assist", "i can't assist",
    "as an ai, i cannot", "as an ai, i can't", "as a language model, i can",
    "as an ai language model", "nu pot să te ajut", "nu pot sa te ajut",
    "ca model de limbaj", "ca asistent ai, nu pot", "îmi pare rău, dar nu pot",
    "imi pare rau, dar nu pot", NULL};

/*
 * Admitting a limit is no refusal ("Lots! I don't know what it's like to
 * taste coffee…"), unless it is the whole answer: these count only at the
 * start of a short one ("I don't know.", "Nu știu, scuze.").
 */
static const char *const unknowing[] = {"i don't know", "i do not know",
    "i'm not sure", "i am not sure", "nu știu", "nu stiu", "nu sunt sigur",
    NULL};
#define UNKNOWING_MAX_CHARS 80

static int
starts_any(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strncmp(s, *list, strlen(*list)) == 0)
			return 1;
	return 0;
}

static const char *const errors[] = {"traceback (most recent call last)",
    "exception in thread", "segmentation fault", "internal server error",
    "rate limit exceeded",
    "typeerror:", "valueerror:", "keyerror:", "undefined is not a function",
    "nullpointerexception", "connection refused", "request failed with status",
    NULL};

/* Compared with the lowered answer: ASCII letters in lower case. */
static const char *const mojibake[] = {"\xEF\xBF\xBD", "Ã©", "Ã¨", "Ã¢", "Ã®",
    "Äƒ", "È™", "È›", "Ã¼", "â€™", "â€œ", NULL};

void
nx_quality_free(struct nx_quality *q)
{
	nx_buf_free(&q->lower);
}

void
nx_quality_score(struct nx_quality *q, const struct nx_record *rec)
{
	const char *a = rec->completion.s ? rec->completion.s : "";
	size_t an = rec->completion.len, pn = rec->prompt.len;
	size_t achars = nx_text_length(a, an);
	size_t pchars = nx_text_length(rec->prompt.s, pn);
	double *r = q->rule;

	for (int i = 0; i < NX_QUALITY_RULES; i++)
		r[i] = 1;
	if (nx_text_blank(a, an))
		r[EMPTY] = 0;
	else {
		struct nx_buf pa = NX_BUF_INIT, aa = NX_BUF_INIT;

		/* The same words, or the question and a few more. */
		if (nx_text_normalize(
			&pa, rec->prompt.s, pn, NX_NORM_PUNCT, NULL) == 0 &&
		    nx_text_normalize(&aa, a, an, NX_NORM_PUNCT, NULL) == 0 &&
		    pa.len > 0 && aa.len >= pa.len &&
		    memcmp(aa.data, pa.data, pa.len) == 0 &&
		    aa.len * 10 < pa.len * 12)
			r[ECHO] = 0.1;
		nx_buf_free(&pa);
		nx_buf_free(&aa);
	}
	/* The phrase rules read the answer in lower case: ASCII, and the
	 * capitals that start Romanian sentences (Î Â: second byte + 0x20;
	 * Ă Ș Ț: + 1). */
	nx_buf_reset(&q->lower);
	for (size_t i = 0; i < an; i++) {
		unsigned char c = (unsigned char)a[i];
		unsigned char n = i + 1 < an ? (unsigned char)a[i + 1] : 0;

		nx_buf_addc(
		    &q->lower, (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c));
		if (c == 0xC3 && (n == 0x8E || n == 0x82)) {
			nx_buf_addc(&q->lower, (char)(n + 0x20));
			i++;
		} else if ((c == 0xC4 && n == 0x82) ||
		    (c == 0xC8 && (n == 0x98 || n == 0x9A))) {
			nx_buf_addc(&q->lower, (char)(n + 1));
			i++;
		}
	}
	nx_buf_addc(&q->lower, '\0');
	if (q->lower.data != NULL &&
	    (any(q->lower.data, declines) ||
		(achars <= UNKNOWING_MAX_CHARS &&
		    starts_any(q->lower.data + strspn(q->lower.data, " \n\t"),
			unknowing))))
		r[REFUSAL] = achars < 200 ? 0.2 : 0.6;
	/* An error where the answer should be: a known message, or an
	 * answer that starts "Error". */
	if (q->lower.data != NULL &&
	    (any(q->lower.data, errors) ||
		strncmp(q->lower.data, "error", 5) == 0) &&
	    fences(a, an) == 0)
		r[ERROR] = 0.1;
	if (fences(a, an) % 2 != 0)
		r[TRUNCATED] = 0.3;
	else if (cut_short(a, an))
		r[TRUNCATED] = 0.5;
	if (duplicate_lines(a, an) > 0.30 || top_ngram(a, an, 2) > 0.20 ||
	    top_ngram(a, an, 3) > 0.18 || top_ngram(a, an, 4) > 0.16)
		r[REPETITION] = 0.3;
	if (achars >= 10 && letters_share(a, an) < 0.35)
		r[SYMBOLS] = 0.3;
	if (achars < 20 && pchars >= 5 * (achars ? achars : 1) && r[EMPTY] > 0)
		r[SHORT] = 0.4;
	if (q->lower.data != NULL && any(q->lower.data, mojibake))
		r[MOJIBAKE] = 0.2;
	q->score = 1;
	q->reason = NULL;
	for (int i = 0; i < NX_QUALITY_RULES; i++)
		if (r[i] < q->score) {
			q->score = r[i];
			q->reason = nx_quality_names[i];
		}
}
