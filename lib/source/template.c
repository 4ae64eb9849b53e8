#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "template.h"

#define MAX_DEPTH 16	  /* YAML nesting that any valid file stays within */
#define MAX_NODES 1000000 /* bounds memory for hostile input */

/* Everything a struct nx_templates owns comes from its pool. */
struct block {
	struct block *next;
	size_t used, cap;
	_Alignas(max_align_t) unsigned char data[];
};

struct value {
	const char *name;
	size_t namelen;
	size_t nkeys;
	const char **keys, **vals;
	size_t *vallens;
};

struct nx_slot {
	const char *name;
	size_t nvalues;
	struct value *values;
};

struct piece {
	const char *lit; /* literal text, or NULL for a slot reference */
	size_t len;
	size_t slot;	 /* index in the template's slots */
	const char *key; /* NULL: the value's name */
};

struct nx_text {
	size_t npieces;
	struct piece *pieces;
};

struct nx_templates {
	struct block *pool;
	struct nx_template **items;
	size_t n, cap;
};

/* A YAML node, as read. */
enum kind { SCALAR, SEQ, MAP };
struct node {
	enum kind kind;
	long line;
	const char *text; /* SCALAR */
	size_t n, cap;	  /* SEQ items; MAP keys and values, interleaved */
	struct node **items;
};

/* State of one load: where messages point, where memory comes from. */
struct load {
	struct nx_templates *t;
	struct block *pool; /* this load's blocks, merged on success */
	const char *file;
	const char *text; /* the YAML, for error lines */
	size_t len;
	struct nx_error *err;
	size_t nodes;
	/* the file's shared slots and default system prompt */
	const struct node *slots;
	const char *system;
};

static void *
alloc(struct load *ld, size_t size)
{
	struct block *b = ld->pool;

	size = (size + 15) & ~(size_t)15;
	if (b == NULL || b->cap - b->used < size) {
		size_t cap = size > 65536 ? size : 65536;

		if ((b = malloc(sizeof(*b) + cap)) == NULL)
			return NULL;
		b->next = ld->pool;
		b->used = 0;
		b->cap = cap;
		ld->pool = b;
	}
	b->used += size;
	return memset(b->data + b->used - size, 0, size);
}

static void
free_pool(struct block *b)
{
	while (b != NULL) {
		struct block *next = b->next;

		free(b);
		b = next;
	}
}

static int
fail(struct load *ld, long line, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return nx_error_set(ld->err, "%s:%ld: %s", ld->file, line, msg);
}

static int
nomem(struct load *ld)
{
	return nx_error_set(ld->err, "%s: out of memory", ld->file);
}

/* --- YAML events into a tree ------------------------------------------ */

static int
add_item(struct load *ld, struct node *parent, struct node *child)
{
	if (parent->n == parent->cap) {
		size_t cap = parent->cap != 0 ? parent->cap * 2 : 4;
		struct node **items = alloc(ld, cap * sizeof(*items));

		if (items == NULL)
			return nomem(ld);
		if (parent->n > 0)
			memcpy(
			    items, parent->items, parent->n * sizeof(*items));
		parent->items = items;
		parent->cap = cap;
	}
	parent->items[parent->n++] = child;
	return 0;
}

/* The line of a parser error; reader errors (bad UTF-8) only know the
 * byte offset. */
static long
error_line(const struct load *ld, const yaml_parser_t *p)
{
	long line = 1;

	if (p->error != YAML_READER_ERROR)
		return (long)p->problem_mark.line + 1;
	for (size_t i = 0; i < p->problem_offset && i < ld->len; i++)
		line += ld->text[i] == '\n';
	return line;
}

static int
read_tree(struct load *ld, yaml_parser_t *p, struct node **root)
{
	struct node *stack[MAX_DEPTH + 1];
	int depth = 0;
	yaml_event_t ev;

	*root = NULL;
	for (;;) {
		struct node *nd = NULL;
		long line;

		if (!yaml_parser_parse(p, &ev))
			return fail(ld, error_line(ld, p), "%s%s%s",
			    p->context != NULL ? p->context : "",
			    p->context != NULL ? ": " : "",
			    p->problem != NULL ? p->problem : "YAML error");
		line = (long)ev.start_mark.line + 1;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			yaml_event_delete(&ev);
			return *root != NULL ? 0 : fail(ld, line, "empty file");
		case YAML_ALIAS_EVENT:
			yaml_event_delete(&ev);
			return fail(ld, line,
			    "aliases (*name) are not "
			    "supported in templates");
		case YAML_DOCUMENT_START_EVENT:
			if (*root != NULL) {
				yaml_event_delete(&ev);
				return fail(ld, line, "more than one document");
			}
			break;
		case YAML_SCALAR_EVENT:
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (++ld->nodes > MAX_NODES ||
			    (nd = alloc(ld, sizeof(*nd))) == NULL) {
				yaml_event_delete(&ev);
				return ld->nodes > MAX_NODES
				    ? fail(ld, line, "too many nodes")
				    : nomem(ld);
			}
			nd->line = line;
			if (ev.type == YAML_SCALAR_EVENT) {
				char *s = alloc(ld, ev.data.scalar.length + 1);

				if (s == NULL) {
					yaml_event_delete(&ev);
					return nomem(ld);
				}
				memcpy(s, ev.data.scalar.value,
				    ev.data.scalar.length);
				if (memchr(s, '\0', ev.data.scalar.length)) {
					yaml_event_delete(&ev);
					return fail(
					    ld, line, "NUL in a string");
				}
				nd->kind = SCALAR;
				nd->text = s;
			} else
				nd->kind = ev.type == YAML_SEQUENCE_START_EVENT
				    ? SEQ
				    : MAP;
			if (depth == 0)
				*root = nd;
			else if (add_item(ld, stack[depth - 1], nd) < 0) {
				yaml_event_delete(&ev);
				return -1;
			}
			if (nd->kind != SCALAR) {
				if (depth == MAX_DEPTH) {
					yaml_event_delete(&ev);
					return fail(
					    ld, line, "nesting too deep");
				}
				stack[depth++] = nd;
			}
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
}

/* --- the tree into templates ------------------------------------------ */

static const struct node *
map_get(const struct node *map, const char *key)
{
	for (size_t i = 0; i + 1 < map->n; i += 2)
		if (map->items[i]->kind == SCALAR &&
		    strcmp(map->items[i]->text, key) == 0)
			return map->items[i + 1];
	return NULL;
}

/* Every key of map is one of allowed[], a plain scalar, and unique. */
static int
check_keys(struct load *ld, const struct node *map, const char *what,
    const char *const *allowed)
{
	for (size_t i = 0; i + 1 < map->n; i += 2) {
		const struct node *k = map->items[i];
		size_t j;

		if (k->kind != SCALAR)
			return fail(ld, k->line,
			    "%s: keys must be plain "
			    "strings",
			    what);
		for (j = 0; allowed[j] != NULL; j++)
			if (strcmp(k->text, allowed[j]) == 0)
				break;
		if (allowed[j] == NULL)
			return fail(ld, k->line, "%s: unknown field \"%s\"",
			    what, k->text);
		for (size_t m = 0; m < i; m += 2)
			if (strcmp(map->items[m]->text, k->text) == 0)
				return fail(ld, k->line,
				    "%s: field \"%s\" given twice", what,
				    k->text);
	}
	return 0;
}

static int
want(struct load *ld, const struct node *nd, enum kind kind, const char *what)
{
	static const char *const names[] = {"a string", "a list", "a mapping"};

	if (nd->kind != kind)
		return fail(ld, nd->line, "%s must be %s", what, names[kind]);
	return 0;
}

/* A required or optional scalar field. */
static int
scalar(struct load *ld, const struct node *map, const char *key,
    const char *what, int required, const char **out)
{
	const struct node *v = map_get(map, key);

	*out = NULL;
	if (v == NULL)
		return required
		    ? fail(ld, map->line, "%s: no \"%s\"", what, key)
		    : 0;
	if (want(ld, v, SCALAR, key) < 0)
		return -1;
	*out = v->text;
	return 0;
}

static int
ident_char(int c, int first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	    (!first && c >= '0' && c <= '9') || (!first && c == '-');
}

/* Length of the identifier at s, or 0. */
static size_t
ident(const char *s)
{
	size_t n = 0;

	while (ident_char((unsigned char)s[n], n == 0))
		n++;
	return n;
}

static int
build_slot(struct load *ld, struct nx_slot *slot, const char *name,
    const struct node *list)
{
	char what[128];

	snprintf(what, sizeof(what), "slot \"%s\"", name);
	if (want(ld, list, SEQ, what) < 0)
		return -1;
	if (list->n == 0)
		return fail(ld, list->line, "%s has no values", what);
	slot->name = name;
	slot->nvalues = list->n;
	if ((slot->values = alloc(ld, list->n * sizeof(*slot->values))) == NULL)
		return nomem(ld);
	for (size_t i = 0; i < list->n; i++) {
		const struct node *v = list->items[i];
		struct value *val = &slot->values[i];

		if (v->kind == SEQ)
			return fail(ld, v->line,
			    "%s: a value must be a string "
			    "or a mapping",
			    what);
		if (v->kind == SCALAR) {
			val->name = v->text;
		} else {
			val->nkeys = v->n / 2;
			val->keys = alloc(ld, val->nkeys * sizeof(char *));
			val->vals = alloc(ld, val->nkeys * sizeof(char *));
			val->vallens = alloc(ld, val->nkeys * sizeof(size_t));
			if (val->keys == NULL || val->vals == NULL ||
			    val->vallens == NULL)
				return nomem(ld);
			for (size_t k = 0; k < val->nkeys; k++) {
				const struct node *kn = v->items[2 * k],
						  *vn = v->items[2 * k + 1];

				if (kn->kind != SCALAR || vn->kind != SCALAR)
					return fail(ld, kn->line,
					    "%s: map values hold strings only",
					    what);
				val->keys[k] = kn->text;
				val->vals[k] = vn->text;
				val->vallens[k] = strlen(vn->text);
				for (size_t m = 0; m < k; m++)
					if (strcmp(val->keys[m], kn->text) == 0)
						return fail(ld, kn->line,
						    "%s: key \"%s\" given "
						    "twice",
						    what, kn->text);
				if (strcmp(kn->text, "name") == 0)
					val->name = vn->text;
			}
			if (val->name == NULL)
				return fail(ld, v->line,
				    "%s: a mapping value "
				    "needs a \"name\"",
				    what);
		}
		val->namelen = strlen(val->name);
		for (size_t m = 0; m < i; m++)
			if (strcmp(slot->values[m].name, val->name) == 0)
				return fail(ld, v->line,
				    "%s: value \"%s\" given twice", what,
				    val->name);
	}
	return 0;
}

/* The text of v for key (NULL: its name), with its length; NULL if none. */
static const char *
value_key(const struct value *v, const char *key, size_t *len)
{
	if (key == NULL) {
		*len = v->namelen;
		return v->name;
	}
	for (size_t i = 0; i < v->nkeys; i++)
		if (strcmp(v->keys[i], key) == 0) {
			*len = v->vallens[i];
			return v->vals[i];
		}
	return NULL;
}

/* The slot called name[0..n): the template's own list, else the file's. */
static int
find_slot(struct load *ld, struct nx_template *tp, const struct node *local,
    const char *name, size_t n, long line, size_t *index)
{
	const struct node *list = NULL;
	char *key;
	struct nx_slot *slot;

	for (size_t i = 0; i < tp->nslots; i++)
		if (strlen(tp->slots[i]->name) == n &&
		    memcmp(tp->slots[i]->name, name, n) == 0) {
			*index = i;
			return 0;
		}
	if ((key = alloc(ld, n + 1)) == NULL)
		return nomem(ld);
	memcpy(key, name, n);
	if (local != NULL)
		list = map_get(local, key);
	if (list == NULL && ld->slots != NULL)
		list = map_get(ld->slots, key);
	if (list == NULL)
		return fail(ld, line, "template \"%s\": unknown slot {%s}",
		    tp->name, key);
	if (tp->nslots == NX_TEMPLATE_MAX_SLOTS)
		return fail(ld, line, "template \"%s\": more than %d slots",
		    tp->name, NX_TEMPLATE_MAX_SLOTS);
	if ((slot = alloc(ld, sizeof(*slot))) == NULL)
		return nomem(ld);
	if (build_slot(ld, slot, key, list) < 0)
		return -1;
	tp->slots[tp->nslots] = slot;
	*index = tp->nslots++;
	return 0;
}

/* Cut s into literal pieces and {slot} / {slot.key} references. */
static int
compile(struct load *ld, struct nx_template *tp, const struct node *local,
    const struct node *nd, const struct nx_text **out)
{
	struct nx_text *t;
	size_t cap = 1;
	const char *s = nd->text;

	for (const char *p = s; *p != '\0'; p++)
		cap += *p == '{' || *p == '}' ? 2 : 0;
	if ((t = alloc(ld, sizeof(*t))) == NULL ||
	    (t->pieces = alloc(ld, cap * sizeof(*t->pieces))) == NULL)
		return nomem(ld);
	for (const char *p = s, *lit = s;; p++) {
		size_t n = 0, k = 0;
		struct piece *pc;

		if (*p == '}' && p[1] == '}') {
			/* "}}": one literal brace, as "{{" is */
			if (p > lit) {
				pc = &t->pieces[t->npieces++];
				pc->lit = lit;
				pc->len = (size_t)(p - lit);
			}
			lit = p + 1;
			p++;
			continue;
		}
		if (*p != '\0' && *p != '{')
			continue;
		if (*p == '{' && p[1] != '{') {
			n = ident(p + 1);
			if (n > 0 && p[1 + n] == '.')
				k = ident(p + 2 + n);
			if (n == 0 || p[1 + n + (k ? k + 1 : 0)] != '}')
				continue; /* not a reference: literal */
		}
		if (p > lit) {
			pc = &t->pieces[t->npieces++];
			pc->lit = lit;
			pc->len = (size_t)(p - lit);
		}
		if (*p == '\0')
			break;
		if (p[1] == '{') { /* "{{": one literal brace */
			lit = p + 1;
			p++;
			continue;
		}
		pc = &t->pieces[t->npieces++];
		if (find_slot(ld, tp, local, p + 1, n, nd->line, &pc->slot) < 0)
			return -1;
		if (k > 0) {
			char *key = alloc(ld, k + 1);
			const struct nx_slot *slot = tp->slots[pc->slot];
			size_t vlen;

			if (key == NULL)
				return nomem(ld);
			memcpy(key, p + 2 + n, k);
			for (size_t v = 0; v < slot->nvalues; v++)
				if (value_key(&slot->values[v], key, &vlen) ==
				    NULL)
					return fail(ld, nd->line,
					    "template \"%s\": value \"%s\" of "
					    "slot {%s} has no \"%s\"",
					    tp->name, slot->values[v].name,
					    slot->name, key);
			pc->key = key;
		}
		p += n + (k ? k + 1 : 0) + 1;
		lit = p + 1;
	}
	*out = t;
	return 0;
}

static int
compile_list(struct load *ld, struct nx_template *tp, const struct node *tmap,
    const char *plural, const char *singular, const struct nx_text ***out,
    size_t *n)
{
	const struct node *list = map_get(tmap, plural),
			  *one = map_get(tmap, singular);
	const struct node *const *items;
	const struct node *local = map_get(tmap, "slots");

	if (list != NULL && one != NULL)
		return fail(ld, one->line,
		    "template \"%s\": both \"%s\" and "
		    "\"%s\"",
		    tp->name, plural, singular);
	if (one != NULL) {
		if (want(ld, one, SCALAR, singular) < 0)
			return -1;
		items = &one;
		*n = 1;
	} else if (list != NULL) {
		if (want(ld, list, SEQ, plural) < 0)
			return -1;
		items = (const struct node *const *)list->items;
		*n = list->n;
	} else
		*n = 0;
	if (*n == 0)
		return fail(
		    ld, tp->line, "template \"%s\": no %s", tp->name, plural);
	if ((*out = alloc(ld, *n * sizeof(**out))) == NULL)
		return nomem(ld);
	for (size_t i = 0; i < *n; i++) {
		if (want(ld, items[i], SCALAR, plural) < 0 ||
		    compile(ld, tp, local, items[i], &(*out)[i]) < 0)
			return -1;
		for (size_t m = 0; m < i; m++)
			if (strcmp(items[m]->text, items[i]->text) == 0)
				return fail(ld, items[i]->line,
				    "template \"%s\": the same %s twice",
				    tp->name, singular);
	}
	return 0;
}

static int
build_template(
    struct load *ld, const struct node *tmap, struct nx_template **out)
{
	static const char *const fields[] = {"name", "lang", "topic", "system",
	    "slots", "prompts", "prompt", "completions", "completion", NULL};
	struct nx_template *tp;
	const struct node *local;
	uint64_t combos;

	if (want(ld, tmap, MAP, "a template") < 0 ||
	    check_keys(ld, tmap, "template", fields) < 0)
		return -1;
	if ((tp = alloc(ld, sizeof(*tp))) == NULL ||
	    (tp->slots = alloc(
		 ld, NX_TEMPLATE_MAX_SLOTS * sizeof(*tp->slots))) == NULL)
		return nomem(ld);
	tp->file = ld->file;
	tp->line = tmap->line;
	if (scalar(ld, tmap, "name", "template", 1, &tp->name) < 0 ||
	    scalar(ld, tmap, "lang", "template", 1, &tp->lang) < 0 ||
	    scalar(ld, tmap, "topic", "template", 1, &tp->topic) < 0 ||
	    scalar(ld, tmap, "system", "template", 0, &tp->system) < 0)
		return -1;
	if (ident(tp->name) != strlen(tp->name))
		return fail(ld, tmap->line,
		    "template name \"%s\": use letters, "
		    "digits, '-' and '_'",
		    tp->name);
	if (tp->system == NULL)
		tp->system = ld->system;
	local = map_get(tmap, "slots");
	if (local != NULL && want(ld, local, MAP, "slots") < 0)
		return -1;
	if (compile_list(ld, tp, tmap, "prompts", "prompt", &tp->prompts,
		&tp->nprompts) < 0 ||
	    compile_list(ld, tp, tmap, "completions", "completion",
		&tp->completions, &tp->ncompletions) < 0)
		return -1;
	combos = (uint64_t)tp->nprompts * tp->ncompletions;
	for (size_t i = 0; i < tp->nslots; i++) {
		if (combos > NX_TEMPLATE_MAX_COMBOS / tp->slots[i]->nvalues)
			return fail(ld, tmap->line,
			    "template \"%s\": more than 2^40 combinations",
			    tp->name);
		combos *= tp->slots[i]->nvalues;
	}
	tp->combos = combos;
	*out = tp;
	return 0;
}

static int
build(struct load *ld, const struct node *root)
{
	static const char *const fields[] = {
	    "version", "defaults", "slots", "templates", NULL};
	static const char *const dfields[] = {"system", NULL};
	const struct node *v, *list;

	if (want(ld, root, MAP, "the file") < 0 ||
	    check_keys(ld, root, "file", fields) < 0)
		return -1;
	if ((v = map_get(root, "version")) != NULL &&
	    (v->kind != SCALAR || strcmp(v->text, "1") != 0))
		return fail(ld, v->line, "version must be 1");
	ld->system = "You are NOVA, a helpful AI assistant.";
	if ((v = map_get(root, "defaults")) != NULL) {
		if (want(ld, v, MAP, "defaults") < 0 ||
		    check_keys(ld, v, "defaults", dfields) < 0 ||
		    scalar(ld, v, "system", "defaults", 0, &ld->system) < 0)
			return -1;
		if (ld->system == NULL)
			ld->system = "You are NOVA, a helpful AI assistant.";
	}
	if ((ld->slots = map_get(root, "slots")) != NULL &&
	    want(ld, ld->slots, MAP, "slots") < 0)
		return -1;
	if ((list = map_get(root, "templates")) == NULL)
		return fail(ld, root->line, "no \"templates\"");
	if (want(ld, list, SEQ, "templates") < 0)
		return -1;
	for (size_t i = 0; i < list->n; i++) {
		struct nx_template *tp = NULL;

		if (build_template(ld, list->items[i], &tp) < 0)
			return -1;
		for (size_t m = 0; m < ld->t->n; m++)
			if (strcmp(ld->t->items[m]->name, tp->name) == 0)
				return fail(ld, list->items[i]->line,
				    "template \"%s\" defined twice (%s:%ld)",
				    tp->name, ld->t->items[m]->file,
				    ld->t->items[m]->line);
		if (ld->t->n == ld->t->cap) {
			size_t cap = ld->t->cap ? ld->t->cap * 2 : 16;
			struct nx_template **items =
			    realloc(ld->t->items, cap * sizeof(*items));

			if (items == NULL)
				return nomem(ld);
			ld->t->items = items;
			ld->t->cap = cap;
		}
		ld->t->items[ld->t->n++] = tp;
	}
	return 0;
}

int
nx_templates_new(struct nx_templates **out, struct nx_error *err)
{
	if ((*out = calloc(1, sizeof(**out))) == NULL)
		return nx_error_sys(err, "out of memory");
	return 0;
}

int
nx_templates_load(struct nx_templates *t, const char *text, size_t len,
    const char *file, struct nx_error *err)
{
	struct load ld;
	yaml_parser_t parser;
	struct node *root;
	size_t before = t->n;
	int rc;

	/* A UTF-8 byte order mark is no part of the YAML. */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	ld = (struct load){
	    .t = t, .file = file, .text = text, .len = len, .err = err};
	if (!yaml_parser_initialize(&parser))
		return nx_error_set(err, "%s: out of memory", file);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	rc = read_tree(&ld, &parser, &root);
	yaml_parser_delete(&parser);
	if (rc == 0)
		rc = build(&ld, root);
	if (rc < 0) {
		t->n = before;
		free_pool(ld.pool);
		return -1;
	}
	/* Keep this load's memory with the set. */
	if (ld.pool != NULL) {
		struct block *last = ld.pool;

		while (last->next != NULL)
			last = last->next;
		last->next = t->pool;
		t->pool = ld.pool;
	}
	return 0;
}

size_t
nx_templates_count(const struct nx_templates *t)
{
	return t->n;
}

const struct nx_template *
nx_templates_get(const struct nx_templates *t, size_t i)
{
	return t->items[i];
}

void
nx_template_choose(
    struct nx_choice *c, const struct nx_template *tp, uint64_t k)
{
	c->prompt = (size_t)(k % tp->nprompts);
	k /= tp->nprompts;
	c->completion = (size_t)(k % tp->ncompletions);
	k /= tp->ncompletions;
	for (size_t i = 0; i < tp->nslots; i++) {
		c->value[i] = (size_t)(k % tp->slots[i]->nvalues);
		k /= tp->slots[i]->nvalues;
	}
}

int
nx_template_expand(struct nx_buf *b, const struct nx_template *tp,
    const struct nx_text *text, const struct nx_choice *c)
{
	for (size_t i = 0; i < text->npieces; i++) {
		const struct piece *pc = &text->pieces[i];
		const char *s;
		size_t len = 0;

		if (pc->lit != NULL) {
			if (nx_buf_add(b, pc->lit, pc->len) < 0)
				return -1;
			continue;
		}
		s = value_key(&tp->slots[pc->slot]->values[c->value[pc->slot]],
		    pc->key, &len);
		if (nx_buf_add(b, s, len) < 0)
			return -1;
	}
	return 0;
}

void
nx_templates_free(struct nx_templates *t)
{
	if (t == NULL)
		return;
	free_pool(t->pool);
	free(t->items);
	free(t);
}
