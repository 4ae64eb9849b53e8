/*
 * safety: personal data and blocked words in a Q&A pair.
 *
 * PII is found with checksums where they exist, so that a number that
 * merely looks like one is left alone:
 *   EMAIL   local@domain.tld
 *   PHONE   Romanian (+40 / 0040 / 0, then 7xx or 2xx/3xx and 8 digits)
 *           and international (+ and 8 to 15 digits), separators allowed
 *   IBAN    two letters, two digits, 11–30 letters/digits, mod 97 = 1
 *   CNP     Romanian personal numeric code: 13 digits, a plausible date,
 *           the control digit (weights 279146358279)
 *   CARD    13–19 digits passing Luhn
 *   IP      IPv4 (four numbers to 255) and IPv6 (hex groups with colons)
 *   SECRET  API keys and tokens: sk-…, ghp_/gho_/github_pat_…, AKIA…,
 *           xoxb-/xoxp-…, "Bearer …"
 */
#ifndef NX_SAFETY_H
#define NX_SAFETY_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

enum nx_pii {
	NX_PII_EMAIL,
	NX_PII_PHONE,
	NX_PII_IBAN,
	NX_PII_CNP,
	NX_PII_CARD,
	NX_PII_IP,
	NX_PII_SECRET,
	NX_PII_KINDS
};

/* "EMAIL", "PHONE", … */
const char *nx_pii_name(enum nx_pii kind);

/*
 * Find PII in s[0..n): each kind found sets its bit in the result (1 <<
 * kind).  With redact non-NULL, the text with every span replaced by
 * "[KIND]" is appended to it.  -1 on no memory.
 */
int nx_pii_scan(const char *s, size_t n, struct nx_buf *redact);

struct nx_blocklist;

/*
 * Load a blocklist: one word or phrase a line (blank lines and lines
 * starting with # are skipped), matched as whole words with case and
 * diacritics folded.  0, or -1 with err filled.
 */
int nx_blocklist_load(
    struct nx_blocklist **out, const char *path, struct nx_error *err);

/* The first entry of bl found in s[0..n) (borrowed), or NULL. */
const char *nx_blocklist_match(const struct nx_blocklist *bl, const char *s,
    size_t n, struct nx_buf *scratch);

void nx_blocklist_free(struct nx_blocklist *bl);

#endif
