#include <string.h>

#include "scan.h"

#define MAX_DEPTH 64 /* deeper texts go to the real parser */
#define MAX_KEYS 256 /* keys of all open objects, for duplicate checks */
#define MAX_DIGITS 15

struct key {
	const char *s;
	size_t len;
};

struct scanner {
	const unsigned char *p, *end;
	unsigned long spaced; /* times white space was skipped */
	int trusted; /* the text was scanned as valid before: find, count */
	struct key keys[MAX_KEYS];
	size_t nkeys;
	nx_scan_visit *visit; /* nx_scan_walk's, or NULL */
	void *ctx;
	const char *key; /* of the value about to be scanned; NULL in a list */
	size_t keylen;
};

static void
scanner_init(struct scanner *sc, const char *s, size_t n, int trusted)
{
	sc->p = (const unsigned char *)s;
	sc->end = sc->p + n;
	sc->spaced = 0;
	sc->trusted = trusted;
	sc->nkeys = 0;
	sc->visit = NULL;
	sc->ctx = NULL;
	sc->key = NULL;
	sc->keylen = 0;
}

static void
skip_ws(struct scanner *sc)
{
	const unsigned char *p = sc->p;

	while (sc->p < sc->end &&
	    (*sc->p == ' ' || *sc->p == '\n' || *sc->p == '\t' ||
		*sc->p == '\r'))
		sc->p++;
	sc->spaced += sc->p != p;
}

static int
hex4(const unsigned char *p, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		unsigned c = p[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			d = (c | 0x20) - 'a' + 10;
		else
			return -1;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

/* Length of the valid multi-byte UTF-8 sequence at p, or 0. */
static size_t
utf8_seq(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0];
	size_t avail = (size_t)(end - p);

	if (c >= 0xC2 && c <= 0xDF)
		return avail >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		unsigned lo = c == 0xE0 ? 0xA0 : 0x80,
			 hi = c == 0xED ? 0x9F : 0xBF;

		return avail >= 3 && p[1] >= lo && p[1] <= hi &&
			(p[2] & 0xC0) == 0x80
		    ? 3
		    : 0;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		unsigned lo = c == 0xF0 ? 0x90 : 0x80,
			 hi = c == 0xF4 ? 0x8F : 0xBF;

		return avail >= 4 && p[1] >= lo && p[1] <= hi &&
			(p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80
		    ? 4
		    : 0;
	}
	return 0;
}

/*
 * Whether [p, end) is valid UTF-8: ASCII sixteen or eight bytes at a time,
 * each multi-byte sequence on its own.
 */
static int
utf8_run(const unsigned char *p, const unsigned char *end)
{
	const uint64_t high = 0x8080808080808080ULL;

	while (p < end) {
		size_t k;
		uint64_t w;

#ifdef __SSE2__
		if (end - p >= 16) {
			unsigned m = (unsigned)_mm_movemask_epi8(
			    _mm_loadu_si128((const __m128i *)(const void *)p));

			if (m == 0) {
				p += 16;
				continue;
			}
			p += __builtin_ctz(m); /* the first high byte */
		} else
#endif
		    if (end - p >= 8) {
			memcpy(&w, p, 8);
			if ((w & high) == 0) {
				p += 8;
				continue;
			}
			/* Skip to the first byte with its high bit set. */
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
			p += (unsigned)__builtin_clzll(w & high) >> 3;
#else
			p += (unsigned)__builtin_ctzll(w & high) >> 3;
#endif
		} else if (*p < 0x80) {
			p++;
			continue;
		}
		/* Two bytes (Latin letters with diacritics) inline. */
		if (p[0] >= 0xC2 && p[0] <= 0xDF && end - p >= 2 &&
		    (p[1] & 0xC0) == 0x80)
			k = 2;
		else if ((k = utf8_seq(p, end)) == 0)
			return -1;
		p += k;
	}
	return 0;
}

/* The escape at *p (a backslash): step past it, or -1 if it is bad. */
static int
escape_seq(const unsigned char **pp, const unsigned char *end)
{
	const unsigned char *p = *pp;
	unsigned u, lo;

	if (end - p < 2)
		return -1;
	switch (p[1]) {
	case '"':
	case '\\':
	case '/':
	case 'b':
	case 'f':
	case 'n':
	case 'r':
	case 't':
		*pp = p + 2;
		return 0;
	case 'u':
		if (end - p < 6 || hex4(p + 2, &u) < 0 || u == 0)
			return -1;
		p += 6;
		if (u >= 0xDC00 && u <= 0xDFFF)
			return -1;
		if (u >= 0xD800 && u <= 0xDBFF) {
			if (end - p < 6 || p[0] != '\\' || p[1] != 'u' ||
			    hex4(p + 2, &lo) < 0 || lo < 0xDC00 || lo > 0xDFFF)
				return -1;
			p += 6;
		}
		*pp = p;
		return 0;
	default:
		return -1;
	}
}

/*
 * A string whose opening quote is at sc->p.  On success sc->p is past the
 * closing quote and *f describes it (f may be NULL).
 */
static int
scan_string(struct scanner *sc, struct nx_scan_field *f)
{
	const unsigned char *p = sc->p + 1, *end = sc->end, *start = p;
	int escaped = 0;

	/* From one special byte to the next; the text between them is
	 * checked unless it was scanned as valid before. */
	for (;;) {
		const unsigned char *run = p;

		p = nx_scan_special(p, end);
		if (!sc->trusted && utf8_run(run, p) < 0)
			return -1;
		if (p == end || *p < 0x20)
			return -1;
		if (*p == '"')
			break;
		if (escape_seq(&p, end) < 0)
			return -1;
		escaped = 1;
	}
	if (f != NULL) {
		f->compact = 1;
		f->type = NX_SCAN_STRING;
		f->s = (const char *)start;
		f->len = (size_t)(p - start);
		f->escaped = escaped;
	}
	sc->p = p + 1;
	return 0;
}

static int
scan_number(struct scanner *sc)
{
	const unsigned char *p = sc->p, *end = sc->end, *start = p;

	if (p < end && *p == '-')
		p++;
	if (p == end || *p < '0' || *p > '9')
		return -1;
	if (*p == '0')
		p++;
	else
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	if (p < end && *p == '.') {
		if (++p == end || *p < '0' || *p > '9')
			return -1;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p == end || *p < '0' || *p > '9')
			return -1;
		/* A large exponent may overflow: the real parser decides. */
		if (end - p > 2 && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' &&
		    p[2] <= '9')
			return -1;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p - start > MAX_DIGITS)
		return -1;
	sc->p = p;
	return 0;
}

static int
scan_literal(struct scanner *sc, const char *lit, size_t n)
{
	if ((size_t)(sc->end - sc->p) < n || memcmp(sc->p, lit, n) != 0)
		return -1;
	sc->p += n;
	return 0;
}

/* Record key k of the object whose keys start at keys[first]. */
static int
add_key(struct scanner *sc, size_t first, const char *s, size_t len)
{
	if (memchr(s, '\\', len) != NULL || sc->nkeys == MAX_KEYS)
		return -1;
	for (size_t i = first; i < sc->nkeys; i++)
		if (sc->keys[i].len == len &&
		    memcmp(sc->keys[i].s, s, len) == 0)
			return -1; /* a duplicate: jansson rejects it */
	sc->keys[sc->nkeys].s = s;
	sc->keys[sc->nkeys].len = len;
	sc->nkeys++;
	return 0;
}

static int scan_value(struct scanner *sc, int depth, struct nx_scan_field *f);

static int
scan_object(struct scanner *sc, int depth, struct nx_scan_field *fields,
    size_t nfields, size_t *nkeys)
{
	size_t first = sc->nkeys;
	struct nx_scan_field key;

	sc->p++; /* '{' */
	skip_ws(sc);
	if (sc->p < sc->end && *sc->p == '}') {
		sc->p++;
		return 0;
	}
	for (;;) {
		struct nx_scan_field *want = NULL;

		if (sc->p == sc->end || *sc->p != '"' ||
		    scan_string(sc, &key) < 0 ||
		    add_key(sc, first, key.s, key.len) < 0)
			return -1;
		for (size_t i = 0; i < nfields; i++)
			if (key.len > 0 && fields[i].key[0] == key.s[0] &&
			    strncmp(fields[i].key, key.s, key.len) == 0 &&
			    fields[i].key[key.len] == '\0')
				want = &fields[i];
		skip_ws(sc);
		if (sc->p == sc->end || *sc->p != ':')
			return -1;
		sc->p++;
		skip_ws(sc);
		sc->key = key.s;
		sc->keylen = key.len;
		if (scan_value(sc, depth + 1, want) < 0)
			return -1;
		skip_ws(sc);
		if (sc->p == sc->end)
			return -1;
		if (*sc->p == '}') {
			sc->p++;
			if (nkeys != NULL)
				*nkeys = sc->nkeys - first;
			sc->nkeys = first;
			return 0;
		}
		if (*sc->p != ',')
			return -1;
		sc->p++;
		skip_ws(sc);
	}
}

static int
scan_array(struct scanner *sc, int depth)
{
	sc->p++; /* '[' */
	skip_ws(sc);
	if (sc->p < sc->end && *sc->p == ']') {
		sc->p++;
		return 0;
	}
	for (;;) {
		sc->key = NULL;
		sc->keylen = 0;
		if (scan_value(sc, depth + 1, NULL) < 0)
			return -1;
		skip_ws(sc);
		if (sc->p == sc->end)
			return -1;
		if (*sc->p == ']') {
			sc->p++;
			return 0;
		}
		if (*sc->p != ',')
			return -1;
		sc->p++;
		skip_ws(sc);
	}
}

/* Any value at sc->p; f (may be NULL) receives its type and span. */
static int
scan_value(struct scanner *sc, int depth, struct nx_scan_field *f)
{
	const unsigned char *start = sc->p;
	enum nx_scan_type type = NX_SCAN_OTHER;
	unsigned long spaced = sc->spaced;
	int rc;

	if (sc->p == sc->end || depth > MAX_DEPTH)
		return -1;
	if (sc->visit != NULL) {
		/* depth 1 is the top-level object, 2 its fields */
		struct nx_scan_node node = {
		    depth - 2, sc->key, sc->keylen, (char)*sc->p};

		if (sc->visit(sc->ctx, &node) != 0)
			return -1;
	}
	switch (*sc->p) {
	case '"':
		return scan_string(sc, f);
	case '{':
		rc = scan_object(sc, depth, NULL, 0, NULL);
		break;
	case '[':
		rc = scan_array(sc, depth);
		break;
	case 't':
		rc = scan_literal(sc, "true", 4);
		break;
	case 'f':
		rc = scan_literal(sc, "false", 5);
		break;
	case 'n':
		rc = scan_literal(sc, "null", 4);
		type = NX_SCAN_NULL;
		break;
	default:
		rc = scan_number(sc);
		break;
	}
	if (rc == 0 && f != NULL) {
		f->type = type;
		f->s = (const char *)start;
		f->len = (size_t)(sc->p - start);
		f->escaped = 0;
		f->compact = sc->spaced == spaced;
	}
	return rc;
}

int
nx_scan_object(
    const char *s, size_t n, struct nx_scan_field *fields, size_t nfields)
{
	struct scanner sc;

	for (size_t i = 0; i < nfields; i++) {
		fields[i].type = NX_SCAN_ABSENT;
		fields[i].s = NULL;
		fields[i].len = 0;
		fields[i].escaped = 0;
		fields[i].compact = 0;
	}
	scanner_init(&sc, s, n, 0);
	skip_ws(&sc);
	if (sc.p == sc.end || *sc.p != '{' ||
	    scan_object(&sc, 1, fields, nfields, NULL) < 0)
		return 0;
	skip_ws(&sc);
	return sc.p == sc.end;
}

int
nx_scan_walk(const char *s, size_t n, nx_scan_visit *visit, void *ctx)
{
	struct scanner sc;

	scanner_init(&sc, s, n, 0);
	sc.visit = visit;
	sc.ctx = ctx;
	skip_ws(&sc);
	if (sc.p == sc.end || *sc.p != '{' ||
	    scan_object(&sc, 1, NULL, 0, NULL) < 0)
		return 0;
	skip_ws(&sc);
	return sc.p == sc.end;
}

void
nx_scan_iter_init(struct nx_scan_iter *it, const struct nx_scan_field *array)
{
	it->p = array->s + 1;		     /* past '[' */
	it->end = array->s + array->len - 1; /* at ']' */
}

/* Position sc at the iterator's next element; 0 at the end. */
static int
iter_start(struct nx_scan_iter *it, struct scanner *sc)
{
	scanner_init(sc, it->p, (size_t)(it->end - it->p), 1);
	skip_ws(sc);
	if (sc->p < sc->end && *sc->p == ',')
		sc->p++;
	skip_ws(sc);
	return sc->p < sc->end;
}

int
nx_scan_iter_next(struct nx_scan_iter *it, struct nx_scan_field *elem)
{
	struct scanner sc;

	/* The text was valid when scanned whole: scan_value cannot fail. */
	if (!iter_start(it, &sc) || scan_value(&sc, 1, elem) < 0)
		return 0;
	it->p = (const char *)sc.p;
	return 1;
}

int
nx_scan_iter_object(
    struct nx_scan_iter *it, struct nx_scan_field *fields, size_t nfields)
{
	struct scanner sc;

	for (size_t i = 0; i < nfields; i++) {
		fields[i].type = NX_SCAN_ABSENT;
		fields[i].s = NULL;
		fields[i].len = 0;
		fields[i].escaped = 0;
	}
	if (!iter_start(it, &sc))
		return 0;
	it->nkeys = 0;
	if (*sc.p != '{' ||
	    scan_object(&sc, 1, fields, nfields, &it->nkeys) < 0)
		return -1;
	it->p = (const char *)sc.p;
	return 1;
}

static void
put_utf8(char **o, unsigned cp)
{
	unsigned char *q = (unsigned char *)*o;

	if (cp < 0x80) {
		*q++ = (unsigned char)cp;
	} else if (cp < 0x800) {
		*q++ = (unsigned char)(0xC0 | cp >> 6);
		*q++ = (unsigned char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*q++ = (unsigned char)(0xE0 | cp >> 12);
		*q++ = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		*q++ = (unsigned char)(0x80 | (cp & 0x3F));
	} else {
		*q++ = (unsigned char)(0xF0 | cp >> 18);
		*q++ = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
		*q++ = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		*q++ = (unsigned char)(0x80 | (cp & 0x3F));
	}
	*o = (char *)q;
}

size_t
nx_scan_decode(char *out, const struct nx_scan_field *f)
{
	const unsigned char *p = (const unsigned char *)f->s, *end = p + f->len;
	char *o = out;

	while (p < end) {
		const unsigned char *bs = memchr(p, '\\', (size_t)(end - p));
		unsigned cp = 0, lo = 0;

		if (bs == NULL)
			bs = end;
		memcpy(o, p, (size_t)(bs - p));
		o += bs - p;
		p = bs;
		if (p == end)
			break;
		switch (p[1]) {
		case 'b':
			*o++ = '\b';
			break;
		case 'f':
			*o++ = '\f';
			break;
		case 'n':
			*o++ = '\n';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 't':
			*o++ = '\t';
			break;
		case 'u':
			hex4(p + 2, &cp);
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				hex4(p + 8, &lo);
				cp = 0x10000 + ((cp - 0xD800) << 10) +
				    (lo - 0xDC00);
				p += 6;
			}
			put_utf8(&o, cp);
			p += 4;
			break;
		default: /* " \ / */
			*o++ = (char)p[1];
			break;
		}
		p += 2;
	}
	return (size_t)(o - out);
}

size_t
nx_scan_minify(char *out, const char *s, size_t n)
{
	char *o = out;
	int in_string = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (in_string) {
			*o++ = c;
			if (c == '\\' && i + 1 < n)
				*o++ = s[++i];
			else if (c == '"')
				in_string = 0;
		} else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
			*o++ = c;
			in_string = c == '"';
		}
	}
	return (size_t)(o - out);
}
