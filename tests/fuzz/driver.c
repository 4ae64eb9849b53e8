/*
 * The standalone driver: runs a fuzz target over files and folders of
 * inputs, so that ctest replays every corpus in every build, sanitizers
 * included, without libFuzzer.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (fp == NULL) {
		perror(path);
		return 1;
	}
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		fclose(fp);
		free(buf);
		return 1;
	}
	fclose(fp);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	return 0;
}

static int
run(const char *path, int *count)
{
	struct stat sb;
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (stat(path, &sb) == -1) {
		perror(path);
		return 1;
	}
	if (!S_ISDIR(sb.st_mode)) {
		(*count)++;
		return run_file(path);
	}
	if ((d = opendir(path)) == NULL)
		return 1;
	while ((e = readdir(d)) != NULL) {
		char sub[4096];

		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		rc |= run(sub, count);
	}
	closedir(d);
	return rc;
}

int
main(int argc, char *argv[])
{
	int rc = 0, count = 0;

	for (int i = 1; i < argc; i++)
		rc |= run(argv[i], &count);
	printf("%s: %d inputs replayed\n", argv[0], count);
	return rc != 0 || count == 0;
}
