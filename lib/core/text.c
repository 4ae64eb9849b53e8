#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text.h"

/* The Romanian letters as UTF-8 pairs, upper case first, and their base. */
static const struct {
	unsigned char lead, trail, base;
} letters[] = {
    {0xC3, 0x82, 'A'}, {0xC3, 0xA2, 'a'}, /* Â â */
    {0xC3, 0x8E, 'I'}, {0xC3, 0xAE, 'i'}, /* Î î */
    {0xC4, 0x82, 'A'}, {0xC4, 0x83, 'a'}, /* Ă ă */
    {0xC8, 0x98, 'S'}, {0xC8, 0x99, 's'}, /* Ș ș */
    {0xC8, 0x9A, 'T'}, {0xC8, 0x9B, 't'}, /* Ț ț */
    {0xC5, 0x9E, 'S'}, {0xC5, 0x9F, 's'}, /* Ş ş (cedilla) */
    {0xC5, 0xA2, 'T'}, {0xC5, 0xA3, 't'}, /* Ţ ţ (cedilla) */
};
#define NLETTERS (sizeof(letters) / sizeof(letters[0]))

/* The index in letters[] of the pair at s[0..n), or NLETTERS. */
static size_t
letter_at(const unsigned char *s, size_t n)
{
	size_t k;

	for (k = 0; k < NLETTERS; k++)
		if (n >= 2 && letters[k].lead == s[0] &&
		    letters[k].trail == s[1])
			break;
	return k;
}

int
nx_text_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		unsigned c = *p;
		size_t need;
		uint32_t cp, min;

		if (c < 0x80) {
			uint64_t w;

			/* Skip ASCII eight bytes at a time. */
			while (end - p >= 8) {
				memcpy(&w, p, 8);
				if (w & 0x8080808080808080ULL)
					break;
				p += 8;
			}
			while (p < end && *p < 0x80)
				p++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			need = 1, cp = c & 0x1F, min = 0x80;
		else if (c >= 0xE0 && c <= 0xEF)
			need = 2, cp = c & 0x0F, min = 0x800;
		else if (c >= 0xF0 && c <= 0xF4)
			need = 3, cp = c & 0x07, min = 0x10000;
		else
			return 0;
		if ((size_t)(end - p) <= need)
			return 0;
		for (size_t i = 1; i <= need; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		p += need + 1;
	}
	return 1;
}

int
nx_text_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return 0;
	return 1;
}

/* U+E200–U+E2FF in UTF-8: EE 88 80 to EE 8B BF. */
static int
private_mark(const unsigned char *p, const unsigned char *end)
{
	return end - p >= 3 && p[0] == 0xEE && p[1] >= 0x88 && p[1] <= 0x8B &&
	    (p[2] & 0xC0) == 0x80;
}

/* The code point of the private-use mark at p, less 0xE200. */
static unsigned
mark_of(const unsigned char *p)
{
	return (unsigned)(p[1] - 0x88) << 6 | (p[2] & 0x3F);
}

#define LENTICULAR_OPEN "\xE3\x80\x90"  /* 【 */
#define LENTICULAR_CLOSE "\xE3\x80\x91" /* 】 */
#define DAGGER "\xE2\x80\xA0"		 /* † */

int
nx_text_has_citations(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while ((p = memchr(p, 0xEE, (size_t)(end - p))) != NULL) {
		if (private_mark(p, end))
			return 1;
		p++;
	}
	for (p = (const unsigned char *)s;
	     (p = memchr(p, 0xE3, (size_t)(end - p))) != NULL; p++)
		if (end - p >= 3 && memcmp(p, LENTICULAR_OPEN, 3) == 0)
			return 1;
	return 0;
}

/*
 * The length of a bracketed source at p (【4†source】, 【cite】,
 * 【turn1view3】), or 0: short, on one line, holding a dagger or
 * naming a citation.
 */
static size_t
bracketed(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *q = p + 3, *close, *dagger;
	size_t len;

	for (close = q; end - close >= 3 && close - q <= 80; close++) {
		if (*close == '\n')
			return 0;
		if (memcmp(close, LENTICULAR_CLOSE, 3) == 0)
			break;
	}
	if (end - close < 3 || close - q > 80)
		return 0;
	len = (size_t)(close - q);
	for (dagger = q; close - dagger >= 3; dagger++)
		if (memcmp(dagger, DAGGER, 3) == 0)
			break;
	if (close - dagger >= 3 ||
	    (len == 4 && memcmp(q, "cite", 4) == 0) ||
	    (len > 4 && memcmp(q, "turn", 4) == 0 && q[4] >= '0' &&
		q[4] <= '9'))
		return (size_t)(close + 3 - p);
	return 0;
}

/*
 * An entity span's shown name: the second string of its JSON list
 * ["kind","name",…], appended to b.  0 when there is none to keep.
 */
static int
entity_name(struct nx_buf *b, const unsigned char *p, size_t n)
{
	const unsigned char *q = p, *end = p + n;
	int field = 0;

	/* A small scan: strings of the list, escapes kept as they are. */
	while (q < end && *q != '[')
		q++;
	for (q++; q < end; q++) {
		const unsigned char *from;

		if (*q != '"')
			continue;
		from = ++q;
		while (q < end && *q != '"')
			q += *q == '\\' ? 2 : 1;
		if (q >= end)
			return 0;
		if (field++ == 1)
			return nx_buf_add(b, from, (size_t)(q - from)) < 0 ? -1 : 1;
	}
	return 0;
}

int
nx_text_uncite(struct nx_buf *b, size_t *removed, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		size_t k;

		if (private_mark(p, end) && mark_of(p) == 0) {
			/* A span: kind, U+E202, references, U+E201. */
			const unsigned char *q = p + 3, *stop = q;
			int entity = end - q >= 6 && memcmp(q, "entity", 6) == 0;

			while (stop < end &&
			    !(private_mark(stop, end) && mark_of(stop) == 1) &&
			    *stop != '\n')
				stop++;
			if (stop == end || *stop == '\n') {
				p += 3; /* no end: the lone mark goes */
			} else {
				int kept = entity ? entity_name(b, q,
							(size_t)(stop - q))
						  : 0;

				if (kept < 0)
					return -1;
				while (kept == 0 && b->len > 0 &&
				    (b->data[b->len - 1] == ' ' ||
					b->data[b->len - 1] == '\t'))
					b->len--;
				p = stop + 3;
			}
			++*removed;
			continue;
		}
		if (private_mark(p, end)) {
			p += 3;
			++*removed;
			continue;
		}
		if (end - p >= 3 && memcmp(p, LENTICULAR_OPEN, 3) == 0 &&
		    (k = bracketed(p, end)) > 0) {
			while (b->len > 0 && (b->data[b->len - 1] == ' ' ||
						 b->data[b->len - 1] == '\t'))
				b->len--;
			p += k;
			++*removed;
			continue;
		}
		if (nx_buf_addc(b, (char)*p++) < 0)
			return -1;
	}
	return 0;
}

/* The first occurrence of the NUL-terminated needle in s[0..n), or NULL. */
static const char *
find(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (const char *p = s; (size_t)(s + n - p) >= k; p++) {
		p = memchr(p, needle[0], (size_t)(s + n - p) - k + 1);
		if (p == NULL)
			return NULL;
		if (memcmp(p, needle, k) == 0)
			return p;
	}
	return NULL;
}

static int
space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Append s[0..n) less the white space at both ends. */
static int
add_trimmed(struct nx_buf *b, const char *s, size_t n)
{
	while (n > 0 && space(*s))
		s++, n--;
	while (n > 0 && space(s[n - 1]))
		n--;
	return n > 0 ? nx_buf_add(b, s, n) : 0;
}

int
nx_text_reasoning(
    struct nx_buf *b, struct nx_str *answer, const char *s, size_t n)
{
	static const char think[] = "<think>", endthink[] = "</think>";
	static const char details[] = "<details type=\"reasoning\"",
			  enddetails[] = "</details>";
	const char *p = s, *end = s + n, *body, *close;

	while (p < end && space(*p))
		p++;
	if ((size_t)(end - p) >= sizeof(think) - 1 &&
	    memcmp(p, think, sizeof(think) - 1) == 0) {
		body = p + sizeof(think) - 1;
		if ((close = find(body, (size_t)(end - body), endthink)) ==
		    NULL)
			return 0;
		if (add_trimmed(b, body, (size_t)(close - body)) < 0)
			return -1;
		p = close + sizeof(endthink) - 1;
	} else if ((size_t)(end - p) >= sizeof(details) - 1 &&
	    memcmp(p, details, sizeof(details) - 1) == 0) {
		const char *q, *sum;
		struct nx_buf t = NX_BUF_INIT;
		int rc;

		if ((body = memchr(p, '>', (size_t)(end - p))) == NULL ||
		    (close = find(body, (size_t)(end - body), enddetails)) ==
			NULL)
			return 0;
		body++;
		/* the <summary> line says how long it thought: no thinking */
		sum = find(body, (size_t)(close - body), "</summary>");
		if (sum != NULL)
			body = sum + strlen("</summary>");
		/* each line quoted as "> …" (or a bare ">" when blank) */
		for (q = body; q < close;) {
			const char *nl = memchr(q, '\n', (size_t)(close - q));
			const char *e = nl != NULL ? nl : close;

			if (e - q >= 2 && q[0] == '>' && q[1] == ' ')
				q += 2;
			else if (e - q >= 1 && q[0] == '>')
				q++;
			if (nx_buf_add(&t, q, (size_t)(e - q)) < 0 ||
			    (nl != NULL && nx_buf_addc(&t, '\n') < 0)) {
				nx_buf_free(&t);
				return -1;
			}
			q = nl != NULL ? nl + 1 : close;
		}
		rc = add_trimmed(b, t.data, t.len);
		nx_buf_free(&t);
		if (rc < 0)
			return -1;
		p = close + sizeof(enddetails) - 1;
	} else
		return 0;
	while (p < end && space(*p))
		p++;
	answer->s = p;
	answer->len = (size_t)(end - p);
	return 1;
}

size_t
nx_text_length(const char *s, size_t n)
{
	size_t len = 0;

	for (size_t i = 0; i < n; i++)
		len += ((unsigned char)s[i] & 0xC0) != 0x80;
	return len;
}

static int
is_space(utf8proc_int32_t c, utf8proc_category_t cat)
{
	return c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' ||
	    cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
	    cat == UTF8PROC_CATEGORY_ZP;
}

static int
is_punct(utf8proc_category_t cat)
{
	return cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_SO;
}

/*
 * nx_text_normalize for text of ASCII and Romanian letters, where the
 * whole of NFKC, case folding and mark stripping is a table lookup.
 * Returns 0, 1 when s holds anything else, -1 when memory runs out.
 */
static int
normalize_romanian(
    struct nx_buf *b, const unsigned char *s, size_t n, int flags)
{
	size_t start = b->len, len;
	int pending = 0;
	char *o;

	if (n == 0)
		return 0;
	if (nx_buf_reserve(b, n) < 0)
		return -1;
	o = b->data + start;
	len = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c >= 0x80) {
			size_t k = letter_at(s + i, n - i);

			if (k == NLETTERS)
				return 1;
			c = letters[k].base | 0x20;
			i++;
		} else if (c == ' ' || (c >= '\t' && c <= '\r') ||
		    ((flags & NX_NORM_PUNCT) && c > ' ' && c < 0x7F &&
			!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z') &&
			!(c >= 'A' && c <= 'Z'))) {
			pending = len > 0;
			continue;
		} else if (c >= 'A' && c <= 'Z')
			c |= 0x20;
		if (pending)
			o[len++] = ' ';
		pending = 0;
		o[len++] = (char)c;
	}
	b->len = start + len;
	return 0;
}

int
nx_text_normalize(struct nx_buf *out, const char *s, size_t n, int flags,
    struct nx_error *err)
{
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t len, i = 0;
	size_t start = out->len;
	int pending = 0, rc = 0;

	if ((flags & NX_NORM_SLOW) == 0) {
		rc =
		    normalize_romanian(out, (const unsigned char *)s, n, flags);
		if (rc < 0)
			return nx_error_set(err, "out of memory");
		if (rc == 0)
			return 0;
		rc = 0; /* not ASCII or Romanian: utf8proc */
	}
	len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
	    &mapped,
	    UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
		UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE |
		UTF8PROC_LUMP);
	if (len < 0) {
		if (len == UTF8PROC_ERROR_NOMEM) {
			errno = ENOMEM;
			return nx_error_sys(err, "normalise");
		}
		return nx_error_set(err, "normalise: %s", utf8proc_errmsg(len));
	}
	/* White space (and punctuation) runs become one space; ends trimmed. */
	while (i < len && rc == 0) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k;
		utf8proc_category_t cat;

		k = utf8proc_iterate(mapped + i, len - i, &c);
		if (k <= 0)
			break;
		cat = utf8proc_category(c);
		if (is_space(c, cat) ||
		    ((flags & NX_NORM_PUNCT) != 0 && is_punct(cat))) {
			pending = 1;
		} else {
			if (pending && out->len > start &&
			    nx_buf_addc(out, ' ') < 0)
				rc = -1;
			pending = 0;
			if (nx_buf_add(out, mapped + i, (size_t)k) < 0)
				rc = -1;
		}
		i += k;
	}
	free(mapped);
	return rc < 0 ? nx_error_set(err, "out of memory") : 0;
}

/*
 * The common case without utf8proc: ASCII and the Romanian letters.
 * Returns 0, 1 when s holds something else, -1 when memory runs out.
 */
static int
map_romanian(struct nx_buf *b, const unsigned char *s, size_t n, int flags)
{
	size_t start = b->len;

	if (nx_buf_reserve(b, n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		size_t k;

		if (c < 0x80) {
			if ((flags & NX_MAP_LOWER) && c >= 'A' && c <= 'Z')
				c |= 0x20;
			b->data[b->len++] = (char)c;
			continue;
		}
		if ((k = letter_at(s + i, n - i)) == NLETTERS) {
			b->len = start;
			return 1;
		}
		if (flags & NX_MAP_STRIP_MARKS) {
			c = letters[k].base;
			if ((flags & NX_MAP_LOWER) && c <= 'Z')
				c |= 0x20;
			b->data[b->len++] = (char)c;
		} else {
			/* lower case is the odd trail byte of the pair;
			 * the cedilla pairs differ by one as well */
			unsigned char t = s[i + 1];

			if ((flags & NX_MAP_LOWER) && (k % 2) == 0)
				t = letters[k + 1].trail;
			b->data[b->len++] = (char)c;
			b->data[b->len++] = (char)t;
		}
		i++;
	}
	return 0;
}

int
nx_text_map(
    struct nx_buf *b, const char *s, size_t n, int flags, struct nx_error *err)
{
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t len, i = 0;
	int options = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
	int rc = map_romanian(b, (const unsigned char *)s, n, flags);

	if (rc < 0)
		return nx_error_set(err, "out of memory");
	if (rc == 0)
		return 0;
	if (flags & NX_MAP_STRIP_MARKS)
		options |= UTF8PROC_STRIPMARK;
	len = utf8proc_map(
	    (const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &mapped, options);
	if (len < 0)
		return nx_error_set(err, "map: %s", utf8proc_errmsg(len));
	rc = 0;
	while (i < len && rc == 0) {
		utf8proc_int32_t c;
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t k = utf8proc_iterate(mapped + i, len - i, &c);

		if (k <= 0)
			break;
		if (flags & NX_MAP_LOWER)
			c = utf8proc_tolower(c);
		rc = nx_buf_add(b, enc, (size_t)utf8proc_encode_char(c, enc));
		i += k;
	}
	free(mapped);
	return rc < 0 ? nx_error_set(err, "out of memory") : 0;
}
