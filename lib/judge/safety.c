#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reader.h"
#include "safety.h"
#include "text.h"

static const char *const names[NX_PII_KINDS] = {
    "EMAIL", "PHONE", "IBAN", "CNP", "CARD", "IP", "SECRET"};

const char *
nx_pii_name(enum nx_pii kind)
{
	return names[kind];
}

static int
digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
alnum(int c)
{
	return digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
hex(int c)
{
	return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Whether a match may start at s[i]: not inside a word. */
static int
boundary(const char *s, size_t i)
{
	return i == 0 || !alnum((unsigned char)s[i - 1]);
}

/*
 * The digits from s[i], allowing single separators (space, dash, dot)
 * between them; their count into *nd, the digits into d (at most max),
 * the end into *end.  The count stops at max + 1: no pattern takes more
 * than max digits, and a run of digits is never read to its end from each
 * of its starts (that made "1 1 1 …" quadratic).
 */
static void
digits(const char *s, size_t n, size_t i, char *d, size_t max, size_t *nd,
    size_t *end)
{
	size_t k = 0, last = i;

	while (i < n && k <= max) {
		if (digit((unsigned char)s[i])) {
			if (k < max)
				d[k] = s[i];
			k++;
			last = ++i;
		} else if ((s[i] == ' ' || s[i] == '-' || s[i] == '.') &&
		    i + 1 < n && digit((unsigned char)s[i + 1]) && k > 0)
			i++;
		else
			break;
	}
	*nd = k;
	*end = last;
}

static int
luhn(const char *d, size_t n)
{
	int sum = 0;

	for (size_t i = 0; i < n; i++) {
		int v = d[n - 1 - i] - '0';

		if (i % 2 == 1 && (v *= 2) > 9)
			v -= 9;
		sum += v;
	}
	return sum % 10 == 0;
}

static int
cnp_valid(const char *d)
{
	static const int w[12] = {2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9};
	int sum = 0, month = (d[3] - '0') * 10 + d[4] - '0',
	    day = (d[5] - '0') * 10 + d[6] - '0', control;

	if (d[0] < '1' || d[0] > '8' || month < 1 || month > 12 || day < 1 ||
	    day > 31)
		return 0;
	for (int i = 0; i < 12; i++)
		sum += (d[i] - '0') * w[i];
	control = sum % 11 == 10 ? 1 : sum % 11;
	return control == d[12] - '0';
}

/* An IBAN at s[i]: its end, or 0. */
static size_t
iban(const char *s, size_t n, size_t i)
{
	char v[40];
	size_t k = 0, j = i, rem = 0;

	if (i + 4 > n || !(s[i] >= 'A' && s[i] <= 'Z') ||
	    !(s[i + 1] >= 'A' && s[i + 1] <= 'Z') || !digit(s[i + 2]) ||
	    !digit(s[i + 3]))
		return 0;
	while (j < n && k < sizeof(v)) {
		if (alnum((unsigned char)s[j]))
			v[k++] = s[j] >= 'a' && s[j] <= 'z' ? (char)(s[j] - 32)
							    : s[j];
		else if (!(s[j] == ' ' && j + 1 < n &&
			     alnum((unsigned char)s[j + 1])))
			break;
		j++;
	}
	if (k < 15 || k > 34)
		return 0;
	/* mod 97 of the digits, the first four moved to the end, letters
	 * as two digits (A = 10). */
	for (size_t t = 0; t < k; t++) {
		char c = v[(t + 4) % k];

		if (digit(c))
			rem = (rem * 10 + (size_t)(c - '0')) % 97;
		else if (c >= 'A' && c <= 'Z')
			rem = (rem * 100 + (size_t)(c - 'A' + 10)) % 97;
		else
			return 0;
	}
	while (j > i && s[j - 1] == ' ')
		j--;
	return rem == 1 ? j : 0;
}

static size_t
email(const char *s, size_t n, size_t at)
{
	size_t j = at + 1, dots = 0;

	/* s[at] == '@'; the local part is checked by the caller */
	while (j < n &&
	    (alnum((unsigned char)s[j]) || s[j] == '-' ||
		(s[j] == '.' && j + 1 < n && alnum((unsigned char)s[j + 1]))))
		dots += s[j++] == '.';
	return dots > 0 && j > at + 3 ? j : 0;
}

/* s[0..n) ends with suffix, case aside. */
static int
ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && strncasecmp(s + n - k, suffix, k) == 0;
}

/*
 * A domain kept for examples and tests, which names nobody: example.com,
 * .net and .org and their subdomains (RFC 2606), and the .test, .example,
 * .invalid and .localhost names (RFC 6761).
 */
static int
reserved_domain(const char *d, size_t n)
{
	static const char *const domains[] = {
	    "example.com", "example.net", "example.org", "localhost"};
	static const char *const tlds[] = {
	    ".test", ".example", ".invalid", ".localhost"};

	for (size_t i = 0; i < sizeof(domains) / sizeof(domains[0]); i++) {
		size_t k = strlen(domains[i]);

		if (ends_with(d, n, domains[i]) &&
		    (n == k || d[n - k - 1] == '.'))
			return 1;
	}
	for (size_t i = 0; i < sizeof(tlds) / sizeof(tlds[0]); i++)
		if (ends_with(d, n, tlds[i]))
			return 1;
	return 0;
}

/*
 * An IPv4 address of nobody: loopback 127/8, "any" 0.0.0.0, and the
 * documentation networks 192.0.2/24, 198.51.100/24, 203.0.113/24 (RFC
 * 5737).  s[i..end) is a dotted quad.
 */
static int
reserved_ipv4(const char *s, size_t i, size_t end)
{
	static const char *const prefixes[] = {
	    "127.", "0.0.0.0", "192.0.2.", "198.51.100.", "203.0.113."};

	for (size_t k = 0; k < sizeof(prefixes) / sizeof(prefixes[0]); k++) {
		size_t len = strlen(prefixes[k]);

		if (end - i >= len && memcmp(s + i, prefixes[k], len) == 0)
			return 1;
	}
	return 0;
}

/* IPv6 documentation, 2001:db8::/32 (RFC 3849). */
static int
reserved_ipv6(const char *s, size_t i, size_t end)
{
	return end - i > 9 && strncasecmp(s + i, "2001:db8:", 9) == 0;
}

static size_t
ipv4(const char *s, size_t n, size_t i)
{
	size_t j = i;

	for (int part = 0; part < 4; part++) {
		int v = 0, nd = 0;

		while (j < n && digit((unsigned char)s[j]) && nd < 4)
			v = v * 10 + s[j++] - '0', nd++;
		if (nd == 0 || nd > 3 || v > 255)
			return 0;
		if (part < 3) {
			if (j >= n || s[j] != '.')
				return 0;
			j++;
		}
	}
	return j < n && (alnum((unsigned char)s[j]) || s[j] == '.') ? 0 : j;
}

static size_t
ipv6(const char *s, size_t n, size_t i)
{
	size_t j = i, groups = 0, colons = 0;

	while (j < n && (hex((unsigned char)s[j]) || s[j] == ':')) {
		if (s[j] == ':')
			colons++;
		else if (j == i || s[j - 1] == ':')
			groups++;
		j++;
	}
	return colons >= 4 && groups >= 3 && j - i >= 10 ? j : 0;
}

/* A token after a prefix: at least min characters of [A-Za-z0-9_-]. */
static size_t
token(const char *s, size_t n, size_t i, size_t min)
{
	size_t j = i;

	while (
	    j < n && (alnum((unsigned char)s[j]) || s[j] == '_' || s[j] == '-'))
		j++;
	return j - i >= min ? j : 0;
}

static size_t
secret(const char *s, size_t n, size_t i)
{
	static const struct {
		const char *prefix;
		size_t min;
	} keys[] = {{"sk-", 20}, {"ghp_", 30}, {"gho_", 30},
	    {"github_pat_", 30}, {"xoxb-", 20}, {"xoxp-", 20}, {"AKIA", 16},
	    {"Bearer ", 20}};

	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		size_t len = strlen(keys[k].prefix);

		if (i + len <= n && memcmp(s + i, keys[k].prefix, len) == 0) {
			size_t end = token(s, n, i + len, keys[k].min);

			if (end != 0)
				return end;
		}
	}
	return 0;
}

/* A phone number at s[i] ('+' or a digit): its end, or 0. */
static size_t
phone(const char *s, size_t n, size_t i)
{
	char d[20];
	size_t nd, end, from = i + (s[i] == '+');

	digits(s, n, from, d, sizeof(d), &nd, &end);
	if (s[i] == '+')
		return nd >= 8 && nd <= 15 ? end : 0;
	/* Romanian: 07xx xxx xxx, 02x/03x…, or 0040… */
	if (nd == 10 && d[0] == '0' &&
	    (d[1] == '7' || d[1] == '2' || d[1] == '3'))
		return end;
	if (nd == 13 && memcmp(d, "0040", 4) == 0)
		return end;
	return 0;
}

int
nx_pii_scan(const char *s, size_t n, struct nx_buf *redact)
{
	int found = 0;
	size_t copied = 0;

	for (size_t i = 0; i < n; i++) {
		size_t end = 0;
		int kind = -1;
		unsigned char c = (unsigned char)s[i];

		if (c == '@' && i > 0 && alnum((unsigned char)s[i - 1])) {
			size_t start = i;

			while (start > copied &&
			    (alnum((unsigned char)s[start - 1]) ||
				strchr("._%+-", s[start - 1]) != NULL))
				start--;
			if ((end = email(s, n, i)) != 0 &&
			    !reserved_domain(s + i + 1, end - i - 1)) {
				kind = NX_PII_EMAIL;
				i = start;
			} else if (end != 0) {
				i = end - 1; /* past the reserved address */
				continue;
			}
		} else if (boundary(s, i)) {
			if ((end = secret(s, n, i)) != 0)
				kind = NX_PII_SECRET;
			else if ((end = iban(s, n, i)) != 0)
				kind = NX_PII_IBAN;
			else if (digit(c) || c == '+') {
				char d[24];
				size_t nd, dend;

				digits(s, n, i + (c == '+'), d, sizeof(d), &nd,
				    &dend);
				if ((end = ipv4(s, n, i)) != 0) {
					if (reserved_ipv4(s, i, end)) {
						i = end - 1;
						continue;
					}
					kind = NX_PII_IP;
				} else if (c != '+' && nd == 13 &&
				    cnp_valid(d) && dend - i == 13)
					kind = NX_PII_CNP, end = dend;
				else if (c != '+' && nd >= 13 && nd <= 19 &&
				    luhn(d, nd))
					kind = NX_PII_CARD, end = dend;
				else if ((end = phone(s, n, i)) != 0)
					kind = NX_PII_PHONE;
				else if ((end = ipv6(s, n, i)) != 0)
					kind = NX_PII_IP;
			} else if (hex(c) && (end = ipv6(s, n, i)) != 0)
				kind = NX_PII_IP;
			if (kind == NX_PII_IP && reserved_ipv6(s, i, end)) {
				i = end - 1;
				continue;
			}
		}
		if (kind < 0)
			continue;
		found |= 1 << kind;
		if (redact != NULL &&
		    (nx_buf_add(redact, s + copied, i - copied) < 0 ||
			nx_buf_addc(redact, '[') < 0 ||
			nx_buf_adds(redact, names[kind]) < 0 ||
			nx_buf_addc(redact, ']') < 0))
			return -1;
		copied = end;
		i = end - 1;
	}
	if (redact != NULL && nx_buf_add(redact, s + copied, n - copied) < 0)
		return -1;
	return found;
}

/* --- blocklist -------------------------------------------------------------
 */

struct nx_blocklist {
	char **entries; /* normalised, with a space at each end */
	char **originals;
	size_t n;
};

int
nx_blocklist_load(
    struct nx_blocklist **out, const char *path, struct nx_error *err)
{
	struct nx_blocklist *bl = calloc(1, sizeof(*bl));
	struct nx_reader *r;
	struct nx_line line;
	struct nx_buf b = NX_BUF_INIT;
	size_t cap = 0;
	int got, rc = -1;

	*out = NULL;
	if (bl == NULL)
		return nx_error_set(err, "out of memory");
	if (nx_reader_open(&r, path, 0, err) < 0) {
		free(bl);
		return -1;
	}
	while ((got = nx_reader_next(r, &line, err)) == NX_READ_LINE) {
		if (nx_text_blank(line.data, line.len) || line.data[0] == '#')
			continue;
		nx_buf_reset(&b);
		nx_buf_addc(&b, ' ');
		if (nx_text_normalize(
			&b, line.data, line.len, NX_NORM_PUNCT, err) < 0) {
			nx_error_set(
			    err, "%s:%ld: %s", path, line.lineno, err->msg);
			goto out;
		}
		if (b.len == 1)
			continue;
		nx_buf_addc(&b, ' ');
		if (bl->n == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			char **e = realloc(bl->entries, ncap * sizeof(*e));
			char **o;

			if (e == NULL)
				goto nomem;
			bl->entries = e;
			if ((o = realloc(bl->originals, ncap * sizeof(*o))) ==
			    NULL)
				goto nomem;
			bl->originals = o;
			cap = ncap;
		}
		bl->entries[bl->n] = strndup(b.data, b.len);
		bl->originals[bl->n] = strndup(line.data, line.len);
		if (bl->entries[bl->n] == NULL || bl->originals[bl->n] == NULL)
			goto nomem;
		bl->n++;
	}
	if (got < 0)
		goto out;
	rc = 0;
	goto out;
nomem:
	nx_error_set(err, "out of memory");
out:
	nx_reader_close(r);
	nx_buf_free(&b);
	if (rc < 0) {
		nx_blocklist_free(bl);
		return -1;
	}
	*out = bl;
	return 0;
}

const char *
nx_blocklist_match(const struct nx_blocklist *bl, const char *s, size_t n,
    struct nx_buf *scratch)
{
	nx_buf_reset(scratch);
	nx_buf_addc(scratch, ' ');
	if (nx_text_normalize(scratch, s, n, NX_NORM_PUNCT, NULL) < 0 ||
	    nx_buf_adds(scratch, " ") < 0 || nx_buf_addc(scratch, '\0') < 0)
		return NULL;
	for (size_t i = 0; i < bl->n; i++)
		if (strstr(scratch->data, bl->entries[i]) != NULL)
			return bl->originals[i];
	return NULL;
}

void
nx_blocklist_free(struct nx_blocklist *bl)
{
	if (bl == NULL)
		return;
	for (size_t i = 0; i < bl->n; i++) {
		free(bl->entries[i]);
		free(bl->originals[i]);
	}
	free(bl->entries);
	free(bl->originals);
	free(bl);
}
