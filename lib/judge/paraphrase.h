/*
 * paraphrase: the word-level judgement of short questions, for near dedup.
 *
 * Character shingles judge long texts well and short ones badly: "How do I
 * install g++?" and "…git?" share most of their 5-grams, "What colour is
 * it?" and "What color is it?" too few.  On short texts the words decide:
 * two questions are the same when their canonical forms are equal.
 *
 * The canonical form of a text: its words in lower case without
 * diacritics, sorted; filler words dropped ("please", "just", "the", "te
 * rog", …, and before the question "hi", "well", "so", …); British spellings written the American way ("colour" →
 * "color", "organise" → "organize", "centre" → "center", "travelled" →
 * "traveled"); contractions written out ("what's" → "what is"); "how do
 * I", "how can you", … read as "how to", a leading "can you", "could
 * you", … dropped; punctuation dropped, except where it makes a name:
 * "g++", "c#", "node.js", "wi-fi", ".net" are words of their own.  After
 * the sorted words, for each of "to", "than", "from", … its neighbours
 * in order (";english>to>french"), so a reversed question is another.
 *
 * Nothing here prints or allocates beyond the caller's buffers.
 */
#ifndef NX_PARAPHRASE_H
#define NX_PARAPHRASE_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/* Keys of fewer code points than this are judged by their words. */
#define NX_PARA_SHORT 50

/*
 * The canonical form of s[0..n) (valid UTF-8) into out: its words, sorted,
 * one space apart.  scratch is the caller's.  0, or -1 with err filled.
 */
int nx_para_canon(struct nx_buf *out, const char *s, size_t n,
    struct nx_buf *scratch, struct nx_error *err);

#endif
