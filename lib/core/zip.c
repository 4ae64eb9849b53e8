#include <archive.h>
#include <archive_entry.h>
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

int
nx_zip_read(struct nx_buf *out, const char *path, const char *name,
    size_t max, struct nx_error *err)
{
	struct archive *a = open_zip(path, err);
	struct archive_entry *e;
	int r, rc = -1;

	nx_buf_reset(out);
	if (a == NULL)
		return -1;
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK)
		if (strcmp(archive_entry_pathname(e), name) == 0)
			break;
	if (r != ARCHIVE_OK) {
		nx_error_set(err, "%s: %s", path,
		    r == ARCHIVE_EOF ? "no such file in the archive"
				     : archive_error_string(a));
		goto out;
	}
	for (;;) {
		la_ssize_t got;

		if (out->cap - out->len < 2 && nx_buf_reserve(out, 65536) < 0) {
			nx_error_nomem(err);
			goto out;
		}
		got = archive_read_data(a, out->data + out->len,
		    out->cap - out->len - 1);
		if (got == 0)
			break;
		if (got < 0) {
			nx_error_set(err, "%s/%s: %s", path, name,
			    archive_error_string(a));
			goto out;
		}
		if ((out->len += (size_t)got) > max) {
			nx_error_set(
			    err, "%s/%s: larger than %zu bytes", path, name, max);
			goto out;
		}
	}
	out->data[out->len] = '\0';
	rc = 0;
out:
	archive_read_free(a);
	return rc;
}
