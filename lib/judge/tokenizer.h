/*
 * tokenizer: how many tokens a model's own tokenizer makes of a text.
 *
 * Reads a Hugging Face tokenizer.json (or the model folder that holds one):
 * BPE models, byte-level (Llama 3, Qwen 3, GPT-2) and SentencePiece-style
 * with byte fallback (Llama 2, Mistral, Gemma 3); Unigram models (T5,
 * ALBERT, XLM-R and other SentencePiece conversions; unknown runs fused,
 * byte fallback); Unicode (NFC, NFD, NFKC, NFKD), Replace, Prepend, Strip,
 * Lowercase and Precompiled (SentencePiece's rules) normalizers; Split
 * (PCRE2), ByteLevel and Metaspace pre-tokenizers; and the added tokens,
 * which are cut out of the text first (longest match wins) and count one
 * token each.  Anything else in the file (a WordPiece model, another
 * normalizer or pre-tokenizer) is refused when the file is opened, never
 * approximated.
 *
 * A SentencePiece tokenizer.model goes to SentencePiece's own library
 * (lib/spm.cc) where the build has it, and is refused, saying so, where
 * not; a folder's tokenizer.json is taken before its tokenizer.model.
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
 * Open path: a tokenizer.json or tokenizer.model, or a folder with one.  On success *out is a
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

/*
 * The tokens a chat template adds for each message around its text, by
 * default: Llama 3 (<|start_header_id|>, the role, <|end_header_id|>,
 * "\n\n", <|eot_id|>), Qwen 3 (<|im_start|>, the role, "\n", <|im_end|>,
 * "\n") and Gemma 3 (<start_of_turn>, the role, "\n", <end_of_turn>,
 * "\n") all add 5, as their own tokenizers count them.
 */
#define NX_TOKENS_TURN_DEFAULT 5

struct nx_record;

/* A record's lengths in tokens. */
struct nx_tokens {
	unsigned long prompt;	  /* the prompt's text alone */
	unsigned long completion; /* the completion's text alone */
	unsigned long record;	  /* every text (system, earlier turns,
				     prompt, completion) + turn tokens a
				     message */
};

/*
 * Measure rec: with tok, exactly; with tok NULL, an estimate of one token
 * per 4 characters (code points, rounded up) of each text.  turn is the
 * template's tokens a message.  0, or -1 when memory runs out.
 */
int nx_tokens_measure(struct nx_tokens *out, struct nx_tokenizer *tok,
    const struct nx_record *rec, unsigned turn);

#endif
