/*
 * tokenizer: how many tokens a model's own tokenizer makes of a text.
 *
 * Reads a Hugging Face tokenizer.json (or the model folder that holds one):
 * BPE models, byte-level (Llama 3, Qwen 3, GPT-2) and SentencePiece-style
 * with byte fallback (Llama 2, Mistral, Gemma 3); Unicode (NFC, NFD, NFKC,
 * NFKD), Replace, Prepend, Strip and Lowercase normalizers; Split (PCRE2),
 * ByteLevel, Metaspace, Whitespace and WhitespaceSplit pre-tokenizers; and
 * the added tokens, which are cut out of the text first (longest match
 * wins) and count one token each.  Anything else in the file (a Unigram or
 * WordPiece model, another normalizer) is refused when the file is opened,
 * never approximated.
 *
 * Counts are of the text alone: no BOS/EOS or other special tokens are
 * added (the post-processor is not run).
 */
#ifndef NX_TOKENIZER_H
#define NX_TOKENIZER_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct nx_tokenizer;

/*
 * Open path: a tokenizer.json, or a folder with one.  On success *out is a
 * new tokenizer the caller frees with nx_tokenizer_free; -1 with err
 * filled (unreadable file, bad JSON, a part of the pipeline not supported).
 */
int nx_tokenizer_open(struct nx_tokenizer **out, const char *path,
    struct nx_error *err);

/*
 * The tokens of s[0..n) (valid UTF-8).  If ids is not NULL, *ids is set to
 * the token ids (borrowed, valid until the next call on tok).  Returns the
 * count, or -1 when memory runs out.  A tokenizer is not thread-safe.
 */
long nx_tokenizer_encode(struct nx_tokenizer *tok, const char *s, size_t n,
    const int32_t **ids);

/* Same, the count only. */
long nx_tokenizer_count(struct nx_tokenizer *tok, const char *s, size_t n);

void nx_tokenizer_free(struct nx_tokenizer *tok);

#endif
