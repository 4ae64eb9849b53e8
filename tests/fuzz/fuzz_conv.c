/* The conversation exports: every shape, and the scanner's fast path. */
#include <stdint.h>

#include "conv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nx_conv c;
	struct nx_error err;
	json_t *root;
	long n;

	nx_conv_init(&c);
	nx_conv_scan(&c, (const char *)data, size);
	root = json_loadb((const char *)data, size, 0, NULL);
	if (root != NULL && (n = nx_conv_count(root, &err)) > 0)
		for (long i = 0; i < n && i < 64; i++)
			nx_conv_read(&c, root, i, &err);
	json_decref(root);
	nx_conv_free(&c);
	return 0;
}
