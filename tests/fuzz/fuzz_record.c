/* The record reader: every shape, the scanner, and writing it back. */
#include <stdint.h>

#include "format.h"
#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nx_record rec;
	struct nx_error err;
	struct nx_buf b = NX_BUF_INIT;

	nx_record_init(&rec);
	if (nx_record_scan(&rec, (const char *)data, size) ||
	    nx_record_parse(&rec, (const char *)data, size, &err) == 0)
		for (int f = NX_FORMAT_NEUTRAL; f <= NX_FORMAT_LAST; f++) {
			nx_buf_reset(&b);
			nx_format_write(&b, (enum nx_format)f, &rec, &err);
		}
	nx_record_free(&rec);
	nx_buf_free(&b);
	return 0;
}
