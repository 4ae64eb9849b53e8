#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zip.h"

int
nx_zip_is(const char *path)
{
	size_t n = strlen(path);

	return n > 4 && strcmp(path + n - 4, ".zip") == 0;
}

/* An archive reader on path, or NULL with err filled. */
static struct archive *
open_zip(const char *path, struct nx_error *err)
{
	struct archive *a = archive_read_new();

	if (a == NULL) {
		nx_error_nomem(err);
		return NULL;
	}
	archive_read_support_format_zip(a);
	if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK) {
		nx_error_set(err, "open %s: %s", path, archive_error_string(a));
		archive_read_free(a);
		return NULL;
	}
	return a;
}

void
nx_zip_names_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int
nx_zip_names(char ***names, size_t *n, const char *path, struct nx_error *err)
{
	struct archive *a = open_zip(path, err);
	struct archive_entry *e;
	size_t cap = 0;
	int r, rc = 0;

	*names = NULL;
	*n = 0;
	if (a == NULL)
		return -1;
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		char **p;

		if (archive_entry_filetype(e) != AE_IFREG)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((p = realloc(*names, cap * sizeof(*p))) == NULL) {
				rc = nx_error_nomem(err);
				break;
			}
			*names = p;
		}
		if (((*names)[*n] = strdup(archive_entry_pathname(e))) ==
		    NULL) {
			rc = nx_error_nomem(err);
			break;
		}
		(*n)++;
	}
	if (rc == 0 && r != ARCHIVE_EOF)
		rc = nx_error_set(err, "%s: %s", path, archive_error_string(a));
	archive_read_free(a);
	if (rc < 0) {
		nx_zip_names_free(*names, *n);
		*names = NULL;
		*n = 0;
	}
	return rc;
}

struct nx_zip_file {
	struct archive *a;
	char *what; /* "path/name", for messages */
};

int
nx_zip_open(struct nx_zip_file **out, const char *path, const char *name,
    struct nx_error *err)
{
	struct nx_zip_file *f;
	struct archive_entry *e;
	size_t n = strlen(path) + strlen(name) + 2;
	int r;

	*out = NULL;
	if ((f = calloc(1, sizeof(*f))) == NULL || (f->what = malloc(n)) == NULL) {
		free(f);
		return nx_error_nomem(err);
	}
	snprintf(f->what, n, "%s/%s", path, name);
	if ((f->a = open_zip(path, err)) == NULL) {
		nx_zip_close(f);
		return -1;
	}
	while ((r = archive_read_next_header(f->a, &e)) == ARCHIVE_OK)
		if (strcmp(archive_entry_pathname(e), name) == 0)
			break;
	if (r != ARCHIVE_OK) {
		nx_error_set(err, "%s: %s", path,
		    r == ARCHIVE_EOF ? "no such file in the archive"
				     : archive_error_string(f->a));
		nx_zip_close(f);
		return -1;
	}
	*out = f;
	return 0;
}

long
nx_zip_read_some(void *src, char *buf, size_t n, struct nx_error *err)
{
	struct nx_zip_file *f = src;
	la_ssize_t got = archive_read_data(f->a, buf, n);

	if (got < 0)
		return nx_error_set(
		    err, "%s: %s", f->what, archive_error_string(f->a));
	return (long)got;
}

void
nx_zip_close(struct nx_zip_file *f)
{
	if (f == NULL)
		return;
	if (f->a != NULL)
		archive_read_free(f->a);
	free(f->what);
	free(f);
}
