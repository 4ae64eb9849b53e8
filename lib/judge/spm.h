/*
 * spm: SentencePiece's own processor (libsentencepiece, C++) for a
 * tokenizer.model, where the build has it (NX_HAVE_SENTENCEPIECE).
 */
#ifndef NX_SPM_H
#define NX_SPM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct nx_spm;

/* The model at path, or NULL with the library's message in msg. */
struct nx_spm *nx_spm_open(const char *path, char *msg, size_t size);

/* The ids of s[0..n) as the model encodes it (no BOS/EOS): the count,
 * *ids borrowed until the next call; -1 on failure. */
long nx_spm_encode(struct nx_spm *p, const char *s, size_t n, const int **ids);

void nx_spm_free(struct nx_spm *p);

#ifdef __cplusplus
}
#endif

#endif
