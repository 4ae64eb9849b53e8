#define _DEFAULT_SOURCE /* d_type: a directory walk without a stat a file */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "files.h"
#include "output.h"
#include "zip.h"

void
nx_files_add(struct nx_files *fs, const char *path, const char *name)
{
	struct nx_file *f;

	if (fs->n == fs->cap) {
		size_t cap = fs->cap ? fs->cap * 2 : 64;

		if ((f = realloc(fs->v, cap * sizeof(*f))) == NULL)
			nx_die(NX_EXIT_DATA, "out of memory");
		fs->v = f;
		fs->cap = cap;
	}
	f = &fs->v[fs->n];
	if ((f->path = strdup(path)) == NULL ||
	    (f->name = strdup(name)) == NULL)
		nx_die(NX_EXIT_DATA, "out of memory");
	f->entry = NULL;
	fs->n++;
}

void
nx_files_distinct(const struct nx_files *fs, const struct nx_cli_common *opt)
{
	struct nx_path outs[] = {
	    {"-o", opt->output}, {"--rejects", opt->rejects}};
	struct nx_path *ins = calloc(fs->n + 1, sizeof(*ins));
	struct nx_error err;

	if (ins == NULL)
		nx_die(NX_EXIT_DATA, "out of memory");
	for (size_t i = 0; i < fs->n; i++)
		ins[i] = (struct nx_path){"input", fs->v[i].path};
	if (nx_output_distinct(outs, 2, ins, fs->n, &err) < 0)
		nx_die(NX_EXIT_USAGE, "%s", err.msg);
	free(ins);
}

static int
wanted(const char *name)
{
	size_t n = strlen(name);

	return (n > 5 && strcmp(name + n - 5, ".json") == 0) ||
	    (n > 6 && strcmp(name + n - 6, ".jsonl") == 0) || nx_zip_is(name);
}

/* Every *.json and *.jsonl below dir; names relative to top. */
static void
walk(struct nx_files *fs, const char *dir, size_t top, int depth, int *status)
{
	DIR *d;
	struct dirent *e;

	if (depth > 64 || (d = opendir(dir)) == NULL) {
		nx_warn("open %s", dir);
		*status = NX_EXIT_DATA;
		return;
	}
	while ((e = readdir(d)) != NULL) {
		char *path;
		struct stat sb;
		size_t n;

		if (e->d_name[0] == '.')
			continue;
		n = strlen(dir) + strlen(e->d_name) + 2;
		if ((path = malloc(n)) == NULL)
			nx_die(NX_EXIT_DATA, "out of memory");
		snprintf(path, n, "%s/%s", dir, e->d_name);
		/* The entry's type when the file system gives it. */
		if (e->d_type == DT_DIR ||
		    ((e->d_type == DT_UNKNOWN || e->d_type == DT_LNK) &&
			stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)))
			walk(fs, path, top, depth + 1, status);
		else if (wanted(e->d_name))
			nx_files_add(fs, path, path + top);
		free(path);
	}
	closedir(d);
}

static int
by_path(const void *a, const void *b)
{
	return strcmp(((const struct nx_file *)a)->path,
	    ((const struct nx_file *)b)->path);
}

void
nx_files_find(struct nx_files *fs, char **paths, int n, int *status)
{
	for (int i = 0; i < n; i++) {
		struct stat sb;
		size_t len = strlen(paths[i]);

		while (len > 1 && paths[i][len - 1] == '/')
			paths[i][--len] = '\0';
		if (strcmp(paths[i], "-") != 0 && stat(paths[i], &sb) == 0 &&
		    S_ISDIR(sb.st_mode)) {
			size_t from = fs->n;

			walk(fs, paths[i], len + 1, 0, status);
			if (fs->n > from)
				qsort(fs->v + from, fs->n - from,
				    sizeof(*fs->v), by_path);
		} else {
			const char *slash = strrchr(paths[i], '/');

			nx_files_add(fs, paths[i],
			    strcmp(paths[i], "-") == 0 ? "<stdin>"
				: slash != NULL	       ? slash + 1
						       : paths[i]);
		}
	}
}

void
nx_files_free(struct nx_files *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		free(fs->v[i].path);
		free(fs->v[i].name);
		free(fs->v[i].entry);
	}
	free(fs->v);
	*fs = (struct nx_files){NULL, 0, 0};
}
