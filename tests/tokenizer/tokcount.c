/*
 * tokcount: the token count of each text, one JSON string a line, with a
 * tokenizer.json; for the comparison with the reference (compare.sh) and
 * the benchmark.
 *
 *   tokcount [-i] [-r ROUNDS] TOKENIZER < TEXTS
 *
 * -i prints the ids after each count; -r encodes everything ROUNDS times
 * and prints the time and the rate instead of the counts.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tokenizer.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct nx_tokenizer *tok;
	struct nx_error err;
	json_t **texts = NULL;
	size_t ntexts = 0, cap = 0, i, bytes = 0;
	char *line = NULL;
	size_t linecap = 0;
	ssize_t len;
	int c, show_ids = 0, rounds = 0, r;

	while ((c = getopt(argc, argv, "ir:")) != -1) {
		if (c == 'i')
			show_ids = 1;
		else if (c == 'r')
			rounds = atoi(optarg);
		else
			return 2;
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: tokcount [-i] [-r ROUNDS] TOKENIZER < TEXTS\n");
		return 2;
	}
	if (nx_tokenizer_open(&tok, argv[optind], &err) < 0) {
		fprintf(stderr, "tokcount: %s\n", err.msg);
		return 1;
	}
	while ((len = getline(&line, &linecap, stdin)) > 0) {
		json_error_t jerr;
		json_t *s = json_loadb(line, (size_t)len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);

		if (!json_is_string(s)) {
			fprintf(stderr, "tokcount: line %zu: not a JSON string\n", ntexts + 1);
			return 1;
		}
		if (ntexts == cap) {
			cap = cap != 0 ? cap * 2 : 1024;
			texts = realloc(texts, cap * sizeof(*texts));
			if (texts == NULL)
				return 1;
		}
		bytes += json_string_length(s);
		texts[ntexts++] = s;
	}
	free(line);
	if (rounds > 0) {
		double t0 = now(), secs;
		long total = 0;

		for (r = 0; r < rounds; r++)
			for (i = 0; i < ntexts; i++)
				total += nx_tokenizer_count(tok, json_string_value(texts[i]),
				    json_string_length(texts[i]));
		secs = now() - t0;
		printf("%zu bytes x %d in %.3f s CPU: %.2f MB/s, %ld tokens\n", bytes,
		    rounds, secs, (double)bytes * rounds / secs / 1e6, total);
	} else
		for (i = 0; i < ntexts; i++) {
			const int32_t *ids;
			long n = nx_tokenizer_encode(tok, json_string_value(texts[i]),
			    json_string_length(texts[i]), &ids);
			long k;

			printf("%ld", n);
			for (k = 0; show_ids && k < n; k++)
				printf(" %d", ids[k]);
			putchar('\n');
		}
	for (i = 0; i < ntexts; i++)
		json_decref(texts[i]);
	free(texts);
	nx_tokenizer_free(tok);
	return fflush(stdout) == 0 ? 0 : 1;
}
