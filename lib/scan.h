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

enum nx_scan_type {
	NX_SCAN_ABSENT,
	NX_SCAN_STRING,
	NX_SCAN_NULL,
	NX_SCAN_OTHER /* number, boolean, array or object */
};

struct nx_scan_field {
	const char *key;        /* in: a top-level key (plain, no escapes) */
	enum nx_scan_type type; /* out */
	const char *s;          /* out: borrowed from the text; for a string,
				   its bytes between the quotes, escapes and
				   all */
	size_t len;             /* out: bytes at s */
	size_t chars;           /* out: a string's decoded code points */
	int escaped;            /* out: the string holds escapes */
	int compact;            /* out: no white space between its tokens */
};

/*
 * Scan s[0..n) as one JSON object and fill fields[0..nfields).  Returns 1
 * when the text is valid, 0 when a real parser must decide.
 */
int nx_scan_object(const char *s, size_t n, struct nx_scan_field *fields,
    size_t nfields);

/*
 * Decode the escapes of a string scanned as valid into out, which has room
 * for f->len bytes (decoding never grows a string).  Returns the bytes
 * written.
 */
size_t nx_scan_decode(char *out, const struct nx_scan_field *f);

#endif
