/*
 * The cache's documents: chunks (split at 0x1E) joined again, then Q: and
 * A: split, with the metadata's question after the first NUL, if any.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *question, *chunk, *next;
	struct nx_buf doc = NX_BUF_INIT, q = NX_BUF_INIT, a = NX_BUF_INIT;
	const char *why;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	question = strlen(s) < size ? s + strlen(s) + 1 : NULL;
	for (chunk = s; chunk != NULL; chunk = next) {
		if ((next = strchr(chunk, 0x1E)) != NULL)
			*next++ = '\0';
		nx_qa_join(&doc, chunk);
	}
	nx_buf_addc(&doc, '\0');
	if (nx_qa_split(&q, &a, doc.data, question, &why) == 0 &&
	    (q.len == 0 || a.len == 0))
		abort(); /* a pair is never empty on either side */
	nx_buf_free(&doc);
	nx_buf_free(&q);
	nx_buf_free(&a);
	free(s);
	return 0;
}
