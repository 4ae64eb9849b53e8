/*
 * lang: which language a text is in, for short Romanian and English Q&A.
 *
 * CLD2 (through the C++ shim cld2.cc), called best effort without hints,
 * with comma-below ș ț rewritten to the cedilla forms it knows, plus a
 * Romanian diacritics prior (one ă ș ț ş ţ per 8 words: Romanian; â and î
 * are not evidence, French and Portuguese use them) and a stopword vote
 * over seven languages for Romanian typed without diacritics.  Texts
 * shorter than NX_LANG_MIN_CHARS characters are "und", never a guess.
 * Codes are ISO 639-1 ("ro", "en", …) or "und".
 */
#ifndef NX_LANG_H
#define NX_LANG_H

#include <stddef.h>

#include "buf.h"

#define NX_LANG_MIN_CHARS 20

/*
 * Once, at start-up: CLD2 allocates and frees ~200 KB a call, which
 * glibc's default trim threshold turns into a page-fault storm.
 */
void nx_lang_init(void);

/*
 * The language of s[0..n) (valid UTF-8) into code (at least 8 bytes).
 * scratch is a caller's buffer the call may use.  0, or -1 (no memory).
 */
int nx_lang_detect(char *code, const char *s, size_t n, struct nx_buf *scratch);

/* For the tests: 1 if the stopword table is in order, with no repeats. */
int nx_lang_table_ok(void);

#endif
