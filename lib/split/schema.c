#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "schema.h"

enum { T_STRING = 1, T_NUMBER = 2, T_BOOL = 4, T_OBJECT = 8, T_ARRAY = 16 };

static const char *const type_names[] = {"string", "number", "boolean",
    "object", "array"};

struct nx_schema {
	struct field {
		char *path; /* "metadata.a.b", "metadata.list[]" */
		unsigned types;
	} *f;
	size_t n, cap;
	const char **keep; /* columns kept as written */
	size_t nkeep;
};

struct nx_schema *
nx_schema_new(void)
{
	return calloc(1, sizeof(struct nx_schema));
}

void
nx_schema_free(struct nx_schema *sc)
{
	if (sc == NULL)
		return;
	for (size_t i = 0; i < sc->n; i++)
		free(sc->f[i].path);
	free(sc->f);
	free(sc->keep);
	free(sc);
}

int
nx_schema_keep(struct nx_schema *sc, const char *column)
{
	const char **p = realloc(sc->keep, (sc->nkeep + 1) * sizeof(*p));

	if (p == NULL)
		return -1;
	sc->keep = p;
	sc->keep[sc->nkeep++] = column;
	return 0;
}

/* Whether path lies in a kept column. */
static int
kept(const struct nx_schema *sc, const char *path)
{
	for (size_t i = 0; i < sc->nkeep; i++) {
		size_t n = strlen(sc->keep[i]);

		if (strncmp(path, sc->keep[i], n) == 0 &&
		    (path[n] == '\0' || path[n] == '.' || path[n] == '['))
			return 1;
	}
	return 0;
}

static unsigned
type_of(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		return T_STRING;
	case JSON_INTEGER:
	case JSON_REAL:
		return T_NUMBER;
	case JSON_TRUE:
	case JSON_FALSE:
		return T_BOOL;
	case JSON_OBJECT:
		return T_OBJECT;
	case JSON_ARRAY:
		return T_ARRAY;
	default:
		return 0; /* null: goes with anything */
	}
}

static struct field *
find(const struct nx_schema *sc, const char *path)
{
	for (size_t i = 0; i < sc->n; i++)
		if (strcmp(sc->f[i].path, path) == 0)
			return &sc->f[i];
	return NULL;
}

static int
note(struct nx_schema *sc, const char *path, unsigned type)
{
	struct field *f = find(sc, path);

	if (f == NULL) {
		if (sc->n == sc->cap) {
			size_t ncap = sc->cap ? sc->cap * 2 : 16;
			struct field *p = realloc(sc->f, ncap * sizeof(*p));

			if (p == NULL)
				return -1;
			sc->f = p;
			sc->cap = ncap;
		}
		if ((sc->f[sc->n].path = strdup(path)) == NULL)
			return -1;
		sc->f[sc->n].types = 0;
		f = &sc->f[sc->n++];
	}
	f->types |= type;
	return 0;
}

/* path, sep and key into b, NUL-terminated; 0 or -1. */
static int
child_path(struct nx_buf *b, const char *path, const char *sep,
    const char *key)
{
	nx_buf_reset(b);
	return nx_buf_adds(b, path) < 0 || nx_buf_adds(b, sep) < 0 ||
		nx_buf_adds(b, key) < 0 || nx_buf_addc(b, '\0') < 0
	    ? -1
	    : 0;
}

static int
learn(struct nx_schema *sc, json_t *v, const char *path)
{
	struct nx_buf b = NX_BUF_INIT;
	unsigned type = type_of(v);
	int rc = 0;

	if (type == 0)
		return 0;
	if (note(sc, path, type) < 0)
		return -1;
	if (type == T_OBJECT) {
		const char *key;
		json_t *c;

		json_object_foreach(v, key, c)
		{
			if ((rc = child_path(&b, path, ".", key)) < 0 ||
			    (rc = learn(sc, c, b.data)) < 0)
				break;
		}
	} else if (type == T_ARRAY) {
		size_t i;
		json_t *c;

		rc = child_path(&b, path, "[]", "");
		for (i = 0; rc == 0 && i < json_array_size(v); i++) {
			c = json_array_get(v, i);
			rc = learn(sc, c, b.data);
		}
	}
	nx_buf_free(&b);
	return rc;
}

int
nx_schema_add(struct nx_schema *sc, const json_t *row)
{
	const char *key;
	json_t *v;

	if (!json_is_object(row))
		return 0;
	json_object_foreach((json_t *)row, key, v) if (learn(sc, v, key) < 0) return -1;
	return 0;
}

static int
mixed(unsigned types)
{
	return (types & (types - 1)) != 0;
}

size_t
nx_schema_conflicts(const struct nx_schema *sc, struct nx_buf *names,
    int want_kept)
{
	size_t n = 0;
	int rc = 0;

	nx_buf_reset(names);
	for (size_t i = 0; i < sc->n; i++) {
		int first = 1;

		if (!mixed(sc->f[i].types) || kept(sc, sc->f[i].path) != want_kept)
			continue;
		if (n > 0)
			rc |= nx_buf_adds(names, ", ");
		rc |= nx_buf_adds(names, sc->f[i].path);
		rc |= nx_buf_adds(names, " (");
		for (unsigned k = 0; k < 5; k++)
			if (sc->f[i].types & (1u << k)) {
				if (!first)
					rc |= nx_buf_adds(names, ", ");
				rc |= nx_buf_adds(names, type_names[k]);
				first = 0;
			}
		rc |= nx_buf_addc(names, ')');
		n++;
	}
	if (nx_buf_addc(names, '\0') == 0)
		names->len--;
	(void)rc; /* a short list of names is still the right count */
	return n;
}

/* v with every mixed field under path a string: a new reference, or NULL
 * when memory runs out; *changed set when anything was. */
static json_t *
fix(const struct nx_schema *sc, json_t *v, const char *path, int *changed)
{
	const struct field *f = find(sc, path);
	unsigned type = type_of(v);
	struct nx_buf b = NX_BUF_INIT;
	json_t *out = NULL;

	if (type == 0 || type == T_STRING)
		return json_incref(v);
	if (f != NULL && mixed(f->types)) {
		struct nx_buf text = NX_BUF_INIT;

		if (nx_format_json_value(&text, v) == 0)
			out = json_stringn(text.data, text.len);
		nx_buf_free(&text);
		*changed = 1;
		return out;
	}
	if (type == T_OBJECT) {
		const char *key;
		json_t *c;

		out = json_object();
		json_object_foreach(v, key, c)
		{
			json_t *x;

			if (out == NULL || child_path(&b, path, ".", key) < 0 ||
			    (x = fix(sc, c, b.data, changed)) == NULL ||
			    json_object_set_new(out, key, x) < 0) {
				json_decref(out);
				out = NULL;
				break;
			}
		}
	} else if (type == T_ARRAY) {
		size_t i;

		out = json_array();
		if (child_path(&b, path, "[]", "") < 0) {
			json_decref(out);
			out = NULL;
		}
		for (i = 0; out != NULL && i < json_array_size(v); i++) {
			json_t *x = fix(sc, json_array_get(v, i), b.data, changed);

			if (x == NULL || json_array_append_new(out, x) < 0) {
				json_decref(out);
				out = NULL;
			}
		}
	} else
		out = json_incref(v);
	nx_buf_free(&b);
	return out;
}

int
nx_schema_fix(const struct nx_schema *sc, struct nx_buf *out,
    const char *line, size_t len, struct nx_error *err)
{
	json_error_t jerr;
	json_t *root = json_loadb(line, len, JSON_ALLOW_NUL, &jerr);
	json_t *v;
	const char *key;
	int changed = 0;

	nx_buf_reset(out);
	if (root == NULL)
		return nx_error_set(err, "%s", jerr.text);
	json_object_foreach(root, key, v)
	{
		int c = 0;
		json_t *fixed;

		if (kept(sc, key))
			continue;
		if ((fixed = fix(sc, v, key, &c)) == NULL) {
			json_decref(root);
			return nx_error_nomem(err);
		}
		/* Replacing a key's value keeps the keys' order. */
		if (c && json_object_set_new(root, key, fixed) < 0) {
			json_decref(root);
			return nx_error_nomem(err);
		}
		if (!c)
			json_decref(fixed);
		changed |= c;
	}
	if (!changed) {
		json_decref(root);
		return nx_buf_add(out, line, len) < 0 ? nx_error_nomem(err) : 0;
	}
	/* Our own writer, so the line is as it was but for the strings. */
	if (nx_format_json_value(out, root) < 0) {
		json_decref(root);
		return nx_error_nomem(err);
	}
	json_decref(root);
	return 1;
}
