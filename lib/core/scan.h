/*
 * scan: validate one JSON text and locate top-level fields without building
 * a tree — the fast path for records that only need their strings read.
 *
 * The scanner is deliberately conservative: it answers "valid" only for a
 * text that jansson (with JSON_REJECT_DUPLICATES) would accept too, and
 * answers "not sure" for anything unusual (a syntax error, an escaped key,
 * deep nesting, a long number, many keys), leaving the verdict and the
 * message to jansson.  It never allocates.
 */
#ifndef NX_SCAN_H
#define NX_SCAN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/*
 * Whether any of the eight bytes of w may be a quote, a backslash or a
 * control character — the bytes a JSON string cannot hold as they are.
 * A hint: it may say yes for none, never no for one.
 */
static inline int
nx_scan_special8(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL, high = ones << 7;
	uint64_t q = w ^ (ones * '"'), bs = w ^ (ones * '\\');

	return ((((w - ones * 0x20) & ~w) | ((q - ones) & ~q) |
		    ((bs - ones) & ~bs)) &
		   high) != 0;
}

/*
 * The first byte of [p, end) that is a quote, a backslash or a control
 * character, or end: sixteen bytes a step with SSE2 (every x86-64 has
 * it), eight elsewhere.
 */
static inline const unsigned char *
nx_scan_special(const unsigned char *p, const unsigned char *end)
{
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'),
		      ctl = _mm_set1_epi8(0x1F);

	for (; end - p >= 16; p += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i hit = _mm_or_si128(
		    _mm_or_si128(
			_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bslash)),
		    _mm_cmpeq_epi8(_mm_min_epu8(x, ctl), x)); /* x <= 0x1F */
		unsigned m = (unsigned)_mm_movemask_epi8(hit);

		if (m != 0)
			return p + __builtin_ctz(m);
	}
#endif
	for (; end - p >= 8; p += 8) {
		uint64_t w;

		memcpy(&w, p, 8);
		if (nx_scan_special8(w))
			break;
	}
	for (; p < end; p++)
		if (*p < 0x20 || *p == '"' || *p == '\\')
			break;
	return p;
}

enum nx_scan_type {
	NX_SCAN_ABSENT,
	NX_SCAN_STRING,
	NX_SCAN_NULL,
	NX_SCAN_OTHER /* number, boolean, array or object */
};

struct nx_scan_field {
	const char *key;	/* in: a top-level key (plain, no escapes) */
	enum nx_scan_type type; /* out */
	const char *s;		/* out: borrowed from the text; for a string,
				   its bytes between the quotes, escapes and
				   all */
	size_t len;		/* out: bytes at s */
	int escaped;		/* out: the string holds escapes */
	int compact;		/* out: no white space between its tokens */
};

/*
 * Scan s[0..n) as one JSON object and fill fields[0..nfields).  Returns 1
 * when the text is valid, 0 when a real parser must decide.
 */
int nx_scan_object(
    const char *s, size_t n, struct nx_scan_field *fields, size_t nfields);

/*
 * A value nx_scan_walk meets, before it reads what the value holds: depth
 * 0 for a field of the top-level object, one more each level down; key
 * (key[0..keylen), borrowed from the text, never escaped) the field's name,
 * NULL (keylen 0) for an element of a list; first the value's first byte
 * ('"', '{', '[', 't', 'f', 'n', '-' or a digit).
 */
struct nx_scan_node {
	int depth;
	const char *key;
	size_t keylen;
	char first;
};

/* Called for each value; nonzero stops the walk. */
typedef int nx_scan_visit(void *ctx, const struct nx_scan_node *node);

/*
 * Scan s[0..n) as nx_scan_object does, calling visit(ctx, node) for every
 * value inside the top-level object in the order of the text, a value
 * before what it holds.  Returns 1 when the text is valid, 0 when a real
 * parser must decide or visit stopped the walk; visit may have been called
 * for part of the text either way.
 */
int nx_scan_walk(const char *s, size_t n, nx_scan_visit *visit, void *ctx);

/*
 * The elements of an array value found by nx_scan_object (its text must
 * have been scanned as valid): init with the array's field, then next
 * gives each element's type and span (and for strings, escaped)
 * — 1 for an element, 0 at the end.
 */
struct nx_scan_iter {
	const char *p, *end;
	size_t nkeys; /* out: keys of the object nx_scan_iter_object read */
};

void nx_scan_iter_init(
    struct nx_scan_iter *it, const struct nx_scan_field *array);
int nx_scan_iter_next(struct nx_scan_iter *it, struct nx_scan_field *elem);

/*
 * The next element as an object whose fields[0..nfields) are filled as
 * nx_scan_object does: 1 when it is one, 0 at the end, -1 when the element
 * is something else.
 */
int nx_scan_iter_object(
    struct nx_scan_iter *it, struct nx_scan_field *fields, size_t nfields);

/*
 * Decode the escapes of a string scanned as valid into out, which has room
 * for f->len bytes (decoding never grows a string).  Returns the bytes
 * written.
 */
size_t nx_scan_decode(char *out, const struct nx_scan_field *f);

/*
 * Copy a value scanned as valid, s[0..n), into out (room for n bytes)
 * without the white space between its tokens: what a compact writer would
 * have written, strings byte for byte.  Returns the bytes written.
 */
size_t nx_scan_minify(char *out, const char *s, size_t n);

#endif
