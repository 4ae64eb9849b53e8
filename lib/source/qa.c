/* The semantic cache's documents: Q: and A:, and chunks joined again. */
#include <string.h>

#include "qa.h"

#define MAX_OVERLAP 1000 /* bytes two chunks may share */
#define MIN_OVERLAP 8	 /* shorter matches are taken as chance */

void
nx_qa_join(struct nx_buf *doc, const char *next)
{
	size_t n = strlen(next), k = doc->len < n ? doc->len : n;

	if (k > MAX_OVERLAP)
		k = MAX_OVERLAP;
	for (; k >= MIN_OVERLAP; k--)
		if (memcmp(doc->data + doc->len - k, next, k) == 0)
			break;
	if (k < MIN_OVERLAP)
		k = 0;
	nx_buf_add(doc, next + k, n - k);
}

static int
space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* s[0..n) with CRLF as LF and the ends trimmed, into b. */
static void
clean(struct nx_buf *b, const char *s, size_t n)
{
	nx_buf_reset(b);
	while (n > 0 && space(*s))
		s++, n--;
	while (n > 0 && space(s[n - 1]))
		n--;
	for (size_t i = 0; i < n; i++)
		if (!(s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'))
			nx_buf_addc(b, s[i]);
}

int
nx_qa_split(struct nx_buf *q, struct nx_buf *a, const char *doc,
    const char *question, const char **why)
{
	const char *p = doc, *at = NULL;
	struct nx_buf hint = NX_BUF_INIT;

	while (space(*p))
		p++;
	if (strncmp(p, "Q:", 2) != 0) {
		*why = "the document does not start with \"Q:\"";
		return -1;
	}
	p += 2;
	if (question != NULL) {
		const char *s = p;

		clean(&hint, question, strlen(question));
		while (*s == ' ' || *s == '\t')
			s++;
		/* Compare with CR dropped before LF on the document's side. */
		for (size_t i = 0; i < hint.len && *s != '\0'; i++, s++) {
			if (*s == '\r' && s[1] == '\n')
				s++;
			if (*s != hint.data[i])
				break;
			if (i + 1 == hint.len) {
				const char *r = s + 1;

				while (space(*r))
					r++;
				if (strncmp(r, "A:", 2) == 0)
					at = r;
			}
		}
		nx_buf_free(&hint);
	}
	for (const char *s = p; at == NULL && *s != '\0'; s++)
		if (*s == '\n' && strncmp(s + 1, "A:", 2) == 0)
			at = s + 1;
	if (at == NULL) {
		*why = "no line starts with \"A:\"";
		return -1;
	}
	clean(q, p, (size_t)(at - p));
	clean(a, at + 2, strlen(at + 2));
	if (q->len == 0 || a->len == 0) {
		*why = q->len == 0 ? "the question is empty"
				   : "the answer is empty";
		return -1;
	}
	return 0;
}
