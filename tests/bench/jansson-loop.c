/*
 * The ceiling for jsonl-filter: read lines with getline and parse each with
 * jansson, doing nothing else.  Prints the number of objects parsed.
 */
#define _POSIX_C_SOURCE 200809L
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

int
main(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long n = 0;
	json_error_t err;

	while ((len = getline(&line, &cap, stdin)) != -1) {
		json_t *v = json_loadb(line, (size_t)len, 0, &err);

		n += v != NULL;
		json_decref(v);
	}
	free(line);
	printf("%lu\n", n);
	return 0;
}
