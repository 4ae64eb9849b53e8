/*
 * noise: a prompt made to look typed by a person (synthgen --add-noise).
 * Each kind is applied with the same chance, from a seeded nx_rand, so a
 * run repeats byte for byte:
 *
 *   greeting          "Salut! " / "Hey, " before a prompt that does not
 *                     greet already (after a comma the next letter is
 *                     lowered, unless it starts a name)
 *   lowercase         the prompt in lower case
 *   no-diacritics     Romanian without its marks ("ș" → "s")
 *   no-question-mark  the final "?" left out
 *   typo              one lower-case ASCII letter swapped for a key beside
 *                     it on a QWERTY keyboard
 */
#ifndef NX_NOISE_H
#define NX_NOISE_H

#include "buf.h"
#include "err.h"
#include "rand.h"

enum nx_noise {
	NX_NOISE_GREETING = 1 << 0,
	NX_NOISE_LOWER = 1 << 1,
	NX_NOISE_NODIACRITICS = 1 << 2,
	NX_NOISE_NOQUESTION = 1 << 3,
	NX_NOISE_TYPO = 1 << 4
};
#define NX_NOISE_KINDS 5

/* The kinds' names, bit i of a kinds mask by name i. */
extern const char *const nx_noise_names[NX_NOISE_KINDS];

/*
 * Apply each kind of noise with chance rate to the prompt in p (t is
 * scratch); lang ("ro", "en", else no greeting) picks the greetings.
 * Returns the kinds used (a mask of enum nx_noise), or -1 with err.
 */
int nx_noise_add(struct nx_buf *p, struct nx_buf *t, const char *lang,
    double rate, struct nx_rand *r, struct nx_error *err);

#endif
