/*
 * The unit test runner: "check_nx" runs every suite, "check_nx NAME" one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_nx.h"

static const struct {
	const char *name;
	Suite *(*make)(void);
} suites[] = {
    {"buf", buf_suite},
    {"reader", reader_suite},
    {"jarray", jarray_suite},
    {"text", text_suite},
    {"record", record_suite},
    {"format", format_suite},
    {"reject", reject_suite},
    {"output", output_suite},
    {"files", files_suite},
    {"convread", convread_suite},
    {"scan", scan_suite},
    {"paraphrase", paraphrase_suite},
    {"template", template_suite},
    {"dedup", dedup_suite},
    {"lang", lang_suite},
    {"safety", safety_suite},
    {"conv", conv_suite},
    {"alloc", alloc_suite},
    {"tokenizer", tokenizer_suite},
    {"schema", schema_suite},
    {"run", run_suite},
    {"split", split_suite},
    {"prefer", prefer_suite},
    {"chunks", chunks_suite},
};

int
check_rounds(int n)
{
	const char *deep = getenv("NX_TEST_DEEP");

	return deep != NULL && strcmp(deep, "1") == 0 ? n : n / 8;
}

const char *
check_tmpfile(const char *data, size_t len)
{
	static char path[64];
	int fd;

	snprintf(path, sizeof(path), "/tmp/check_nx.XXXXXX");
	if ((fd = mkstemp(path)) == -1 ||
	    write(fd, data, len) != (ssize_t)len || close(fd) == -1) {
		perror("check_tmpfile");
		exit(2);
	}
	return path;
}

static char tmpdir[64];

const char *
check_tmpdir(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/check_nx.XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		perror("check_tmpdir");
		exit(2);
	}
	return tmpdir;
}

void
check_tmpdir_remove(void)
{
	char cmd[96];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	if (system(cmd) != 0) {
		fprintf(stderr, "check_tmpdir_remove: %s failed\n", cmd);
		exit(2);
	}
}

int
main(int argc, char *argv[])
{
	SRunner *sr = NULL;
	int failed, found = 0;

	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		if (argc > 1 && strcmp(argv[1], suites[i].name) != 0)
			continue;
		found++;
		if (sr == NULL)
			sr = srunner_create(suites[i].make());
		else
			srunner_add_suite(sr, suites[i].make());
	}
	if (found == 0) {
		fprintf(stderr, "check_nx: no suite %s\n", argv[1]);
		return 2;
	}
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
