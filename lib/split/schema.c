#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "format.h"
#include "scan.h"
#include "schema.h"

enum { T_STRING = 1, T_NUMBER = 2, T_BOOL = 4, T_OBJECT = 8, T_ARRAY = 16 };

static const char *const type_names[] = {"string", "number", "boolean",
    "object", "array"};

#define WALK_DEPTH 64 /* deeper rows go to jansson (the scanner does too) */
#define NONE ((size_t)-1)

struct nx_schema {
	struct field {
		char *path; /* "metadata.a.b", "metadata.list[]" */
		size_t len;
		uint64_t hash;
		unsigned types;
		/* As a walk last met it: the field whose path is this one's
		 * first plen bytes (NONE: none known), the rest its own. */
		size_t parent, plen;
	} *f; /* in the order first seen */
	size_t n, cap;
	size_t *slot; /* open addressing: index in f + 1, 0 empty */
	size_t nslot; /* a power of two, at least twice n */
	const char **keep; /* columns kept as written */
	size_t nkeep;
	/* nx_schema_add_text's, kept between rows */
	struct nx_buf path;
	size_t up[WALK_DEPTH + 1]; /* the field of depth d's parent */
	size_t *seq; /* the fields the last row met, in order: the guesses */
	size_t nseq, iseq, seqcap;
	struct undo {
		size_t field;
		unsigned types; /* before the row */
	} *undo;
	size_t nundo, undocap;
	size_t nbefore; /* fields before the row */
	int nomem;
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
	free(sc->slot);
	free(sc->keep);
	nx_buf_free(&sc->path);
	free(sc->seq);
	free(sc->undo);
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

/* The slot that holds path[0..len) (hash h), or the empty one where it
 * would go. */
static size_t *
slot_of(const struct nx_schema *sc, const char *path, size_t len, uint64_t h)
{
	size_t mask = sc->nslot - 1, i = (size_t)h & mask;

	for (;; i = (i + 1) & mask) {
		const struct field *f;

		if (sc->slot[i] == 0)
			return &sc->slot[i];
		f = &sc->f[sc->slot[i] - 1];
		if (f->hash == h && f->len == len &&
		    memcmp(f->path, path, len) == 0)
			return &sc->slot[i];
	}
}

/* Index the first n fields afresh in nslot slots; 0 or -1. */
static int
reindex(struct nx_schema *sc, size_t nslot)
{
	size_t *slot = calloc(nslot, sizeof(*slot));

	if (slot == NULL)
		return -1;
	free(sc->slot);
	sc->slot = slot;
	sc->nslot = nslot;
	for (size_t i = 0; i < sc->n; i++)
		*slot_of(sc, sc->f[i].path, sc->f[i].len, sc->f[i].hash) = i + 1;
	return 0;
}

static struct field *
find(const struct nx_schema *sc, const char *path)
{
	size_t len = strlen(path), *slot;

	if (sc->n == 0)
		return NULL;
	slot = slot_of(sc, path, len, XXH3_64bits(path, len));
	return *slot ? &sc->f[*slot - 1] : NULL;
}

/* The field of path[0..len) (no NUL inside), made when new (no types);
 * NULL when memory runs out. */
static struct field *
field_of(struct nx_schema *sc, const char *path, size_t len)
{
	uint64_t h = XXH3_64bits(path, len);
	size_t *slot;
	struct field *f;

	if (2 * (sc->n + 1) > sc->nslot &&
	    reindex(sc, sc->nslot ? 2 * sc->nslot : 64) < 0)
		return NULL;
	slot = slot_of(sc, path, len, h);
	if (*slot != 0)
		return &sc->f[*slot - 1];
	if (sc->n == sc->cap) {
		size_t ncap = sc->cap ? sc->cap * 2 : 16;
		struct field *p = realloc(sc->f, ncap * sizeof(*p));

		if (p == NULL)
			return NULL;
		sc->f = p;
		sc->cap = ncap;
	}
	f = &sc->f[sc->n];
	if ((f->path = malloc(len + 1)) == NULL)
		return NULL;
	memcpy(f->path, path, len);
	f->path[len] = '\0';
	f->len = len;
	f->hash = h;
	f->types = 0;
	f->parent = NONE;
	f->plen = 0;
	*slot = ++sc->n;
	return f;
}

static int
note(struct nx_schema *sc, const char *path, unsigned type)
{
	struct field *f = field_of(sc, path, strlen(path));

	if (f == NULL)
		return -1;
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
	json_object_foreach((json_t *)row, key, v)
	{
		if (learn(sc, v, key) < 0)
			return -1;
	}
	return 0;
}

/* The type of a value that starts with c; 0 for null. */
static unsigned
type_at(char c)
{
	switch (c) {
	case '"':
		return T_STRING;
	case '{':
		return T_OBJECT;
	case '[':
		return T_ARRAY;
	case 't':
	case 'f':
		return T_BOOL;
	case 'n':
		return 0;
	default:
		return T_NUMBER;
	}
}

/* Whether f is the field of parent's path (plen bytes), then sep[0..seplen)
 * and key[0..keylen), as a walk met it before. */
static int
same_field(const struct field *f, size_t parent, size_t plen, const char *sep,
    size_t seplen, const char *key, size_t keylen)
{
	return f->parent == parent && f->plen == plen &&
	    f->len == plen + seplen + keylen &&
	    memcmp(f->path + plen, sep, seplen) == 0 &&
	    memcmp(f->path + plen + seplen, key, keylen) == 0;
}

/*
 * nx_scan_walk's visitor: the value's field, the one its path names as
 * learn makes it (the parent's, then ".key", or "[]" in a list), its type
 * noted at once; a field's types before the row are kept aside the first
 * time the row adds to them, so that a row the scanner cannot vouch for
 * is taken back whole.  Rows mostly repeat the last one's fields in the
 * same order: the field met at the same step last time is tried first.
 */
static int
walk_value(void *ctx, const struct nx_scan_node *node)
{
	struct nx_schema *sc = ctx;
	unsigned type = type_at(node->first);
	size_t parent, plen, seplen, i = NONE;
	const char *sep, *key = node->key ? node->key : "";
	size_t keylen = node->keylen;
	struct field *f;

	if (type == 0)
		return 0;
	if (node->depth >= WALK_DEPTH)
		return 1;
	parent = node->depth == 0 ? NONE : sc->up[node->depth];
	plen = parent == NONE ? 0 : sc->f[parent].len;
	sep = node->depth == 0 ? "" : node->key ? "." : "[]";
	seplen = strlen(sep);
	if (sc->iseq < sc->nseq && sc->seq[sc->iseq] < sc->n &&
	    same_field(&sc->f[sc->seq[sc->iseq]], parent, plen, sep, seplen,
		key, keylen))
		i = sc->seq[sc->iseq];
	else {
		nx_buf_reset(&sc->path);
		if ((parent != NONE &&
			nx_buf_add(&sc->path, sc->f[parent].path, plen) < 0) ||
		    nx_buf_add(&sc->path, sep, seplen) < 0 ||
		    nx_buf_add(&sc->path, key, keylen) < 0 ||
		    (f = field_of(sc, sc->path.data, sc->path.len)) == NULL)
			goto nomem;
		i = (size_t)(f - sc->f);
		f->parent = parent;
		f->plen = plen;
	}
	if (sc->iseq == sc->seqcap) {
		size_t ncap = sc->seqcap ? 2 * sc->seqcap : 64;
		size_t *p = realloc(sc->seq, ncap * sizeof(*p));

		if (p == NULL)
			goto nomem;
		sc->seq = p;
		sc->seqcap = ncap;
	}
	sc->seq[sc->iseq++] = i;
	sc->up[node->depth + 1] = i;
	f = &sc->f[i];
	if ((f->types | type) == f->types)
		return 0;
	if (i < sc->nbefore) {
		if (sc->nundo == sc->undocap) {
			size_t ncap = sc->undocap ? 2 * sc->undocap : 16;
			struct undo *p = realloc(sc->undo, ncap * sizeof(*p));

			if (p == NULL)
				goto nomem;
			sc->undo = p;
			sc->undocap = ncap;
		}
		sc->undo[sc->nundo++] = (struct undo){i, f->types};
	}
	f->types |= type;
	return 0;
nomem:
	sc->nomem = 1;
	return 1;
}

/* Forget what the walk of a row learned. */
static int
take_back(struct nx_schema *sc)
{
	while (sc->nundo > 0) {
		struct undo *u = &sc->undo[--sc->nundo];

		sc->f[u->field].types = u->types;
	}
	/* A field's parent may be one about to go, whose index comes back
	 * for another path: no guesses from this row or before. */
	sc->nseq = 0;
	for (size_t i = 0; i < sc->n; i++)
		sc->f[i].parent = NONE;
	if (sc->n == sc->nbefore)
		return 0;
	while (sc->n > sc->nbefore)
		free(sc->f[--sc->n].path);
	return reindex(sc, sc->nslot);
}

int
nx_schema_add_text(struct nx_schema *sc, const char *line, size_t len)
{
	json_t *root;
	int rc;

	sc->nbefore = sc->n;
	sc->nundo = 0;
	sc->nomem = 0;
	sc->iseq = 0;
	if (nx_buf_reserve(&sc->path, 64) < 0)
		return -1;
	if (nx_scan_walk(line, len, walk_value, sc) == 1) {
		sc->nseq = sc->iseq;
		return 0;
	}
	if (take_back(sc) < 0 || sc->nomem)
		return -1;
	/* Escaped keys, \u0000, long numbers, deep nesting, bad JSON: what
	 * jansson makes of it, as it was before. */
	root = json_loadb(line, len, JSON_ALLOW_NUL, NULL);
	rc = nx_schema_add(sc, root);
	json_decref(root);
	return rc;
}

static int
mixed(unsigned types)
{
	return (types & (types - 1)) != 0;
}

/* ", " unless first, then "path (type, type)" into names; 0 or -1. */
static int
describe(const struct field *f, int first, struct nx_buf *names)
{
	int rc = first ? 0 : nx_buf_adds(names, ", ");
	const char *sep = "";

	rc |= nx_buf_adds(names, f->path);
	rc |= nx_buf_adds(names, " (");
	for (unsigned k = 0; k < 5; k++)
		if (f->types & (1u << k)) {
			rc |= nx_buf_adds(names, sep);
			rc |= nx_buf_adds(names, type_names[k]);
			sep = ", ";
		}
	return rc | nx_buf_addc(names, ')');
}

/* names (reset) NUL-terminated; the count of fields told. */
static size_t
finish(struct nx_buf *names, size_t n)
{
	if (nx_buf_addc(names, '\0') == 0)
		names->len--;
	return n;
}

size_t
nx_schema_conflicts(const struct nx_schema *sc, struct nx_buf *names,
    int want_kept)
{
	size_t n = 0;

	nx_buf_reset(names);
	for (size_t i = 0; i < sc->n; i++) {
		if (!mixed(sc->f[i].types) || kept(sc, sc->f[i].path) != want_kept)
			continue;
		/* a short list of names is still the right count */
		(void)describe(&sc->f[i], n == 0, names);
		n++;
	}
	return finish(names, n);
}

size_t
nx_schema_fields(const struct nx_schema *sc, struct nx_buf *names)
{
	nx_buf_reset(names);
	for (size_t i = 0; i < sc->n; i++)
		(void)describe(&sc->f[i], i == 0, names);
	return finish(names, sc->n);
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
