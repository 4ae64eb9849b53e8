/*
 * text: UTF-8 validation, length in code points, and the normal form used to
 * compare texts (dedup keys, split keys).
 */
#ifndef NX_TEXT_H
#define NX_TEXT_H

#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "record.h"

/* 1 if s[0..n) holds only spaces, tabs, CR and LF (or nothing). */
int nx_text_blank(const char *s, size_t n);

/* 1 if s[0..n) is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF).
 */
int nx_text_utf8_valid(const char *s, size_t n);

/*
 * Length of well-formed UTF-8 in code points: what Python's len() returns
 * for the same string, and what --min-length measures.
 */
size_t nx_text_length(const char *s, size_t n);

enum {
	NX_NORM_PUNCT = 1 << 0, /* punctuation and symbols count as spaces */
	NX_NORM_SLOW = 1 << 1	/* always through utf8proc (tests compare the
				   fast path of ASCII and Romanian with it) */
};

/*
 * Append the matching form of s[0..n) to out: NFKC, case folded, marks
 * stripped (so "Îți" and "Iti" agree, as do comma-below and cedilla ș),
 * default-ignorable code points removed, runs of white space (and with
 * NX_NORM_PUNCT, punctuation and symbols) collapsed to one space, ends
 * trimmed.  ASCII and Romanian text take a table path; anything else goes
 * through utf8proc.  Returns 0, or -1 with err filled (invalid UTF-8, no
 * memory); out may then hold part of the text.
 */
int nx_text_normalize(struct nx_buf *out, const char *s, size_t n, int flags,
    struct nx_error *err);

/*
 * Whether s[0..n) may hold the citation markers of chat exports (a quick
 * look for their first bytes; nx_text_uncite decides).
 */
int nx_text_has_citations(const char *s, size_t n);

/*
 * Append s[0..n) to b without citation markers, keeping the cited text:
 * ChatGPT's private-use spans (U+E200 kind U+E202 ref… U+E201, with the
 * white space before them; an "entity" span keeps the name it shows) and
 * the marks around cited text (U+E203, U+E204, any other code point of
 * U+E200–U+E2FF), and the older bracketed sources such as 【4†source】.
 * *removed counts the markers taken out.  0, or -1 (no memory).
 */
int nx_text_uncite(
    struct nx_buf *b, size_t *removed, const char *s, size_t n);

/*
 * The thinking that leads a reply s[0..n): a <think>…</think> block
 * (Ollama, DeepSeek, Qwen) or Open WebUI's <details type="reasoning">
 * block, whose <summary> goes and whose "> " quoting is undone.  Returns 1
 * with the thinking appended to b (trimmed; nothing when it was empty) and
 * *answer borrowing the rest of s with the white space before it
 * skipped; 0 when s does not begin with such a block (or never closes
 * it); -1 (no memory).
 */
int nx_text_reasoning(
    struct nx_buf *b, struct nx_str *answer, const char *s, size_t n);

enum {
	NX_MAP_LOWER = 1 << 0,	    /* lower case */
	NX_MAP_STRIP_MARKS = 1 << 1 /* "Îți" → "Iti": diacritics dropped */
};

/*
 * Append s[0..n) (valid UTF-8) to b, mapped as flags say, in NFC.
 * Returns 0, or -1 with err filled.
 */
int nx_text_map(
    struct nx_buf *b, const char *s, size_t n, int flags, struct nx_error *err);

#endif
