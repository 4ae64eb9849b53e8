/*
 * tokenizer: a Hugging Face tokenizer.json read in C, to count tokens.
 *
 * The pipeline is the one of the tokenizers library: added tokens are cut
 * out of the text first; every other section is normalized, split into
 * pre-tokens, and each pre-token goes through the model.  Where the Rust
 * library and transformers.js differ on a detail, the comment says which
 * one we follow and why.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <errno.h>
#include <jansson.h>
#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>
#include <xxhash.h>

#include "buf.h"
#include "record.h"
#include "spm.h"
#include "text.h"
#include "tokenizer.h"

/* A string → id table, open addressing; the strings live in one arena. */
struct strtab {
	struct slot {
		uint64_t hash;
		size_t off;
		uint32_t len;
		int32_t id; /* -1: empty */
	} *slots;
	size_t cap, n;
	struct nx_buf arena;
};

/* (left id, right id) → the merge's rank and the merged token's id. */
struct mergetab {
	struct merge {
		uint64_t key; /* UINT64_MAX: empty */
		uint32_t rank;
		int32_t id; /* -1: the merged string is not in the vocabulary */
	} *slots;
	size_t cap, n;
};

/* The added tokens as a byte trie: children are a sibling list. */
struct trie {
	struct tnode {
		int32_t child, sibling;
		int32_t token; /* index into added[], or -1 */
		unsigned char byte;
	} *nodes;
	size_t n, cap;
};

struct added {
	int32_t id;
	unsigned lstrip : 1, rstrip : 1;
};

enum norm_kind { N_NFC, N_NFD, N_NFKC, N_NFKD, N_PREPEND, N_REPLACE, N_LOWER,
    N_STRIP, N_PRECOMPILED };

struct norm {
	enum norm_kind kind;
	char *a, *b; /* Prepend: a; Replace: a → b (a literal); Precompiled:
			a the rules as read, b their string pool */
	size_t alen, blen;
	pcre2_code *re; /* Replace with a regex */
	int left, right; /* Strip */
	uint32_t *units; /* Precompiled: the double-array trie */
	size_t nunits;
};

enum pre_kind { P_SPLIT, P_BYTELEVEL, P_METASPACE };

/* How a Split keeps what the pattern matched (the tokenizers names). */
enum behavior { B_REMOVED, B_ISOLATED, B_PREVIOUS, B_NEXT, B_CONTIGUOUS };

struct pre {
	enum pre_kind kind;
	pcre2_code *re; /* Split with a regex; ByteLevel with use_regex */
	char *lit;	/* Split with a string, Metaspace's replacement */
	size_t litlen;
	enum behavior behavior;
	int invert;
	int prefix_space;	    /* ByteLevel */
	int prepend;		    /* Metaspace: 0 never, 1 first, 2 always */
	int split;		    /* Metaspace */
};

/* A pre-token: bytes [off, off + len) of the piece arena. */
struct piece {
	size_t off, len;
};

struct bytechar {
	char s[3];
	unsigned char len;
};

struct nx_tokenizer {
	struct bytechar bytelevel[256];
	struct strtab vocab;
	struct mergetab merges;
	struct trie trie;
	struct added *added;
	size_t nadded;
	struct norm *norms;
	size_t nnorms;
	struct pre *pres;
	size_t npres;
	int32_t unk_id;
	int32_t byte_id[256]; /* <0xXX>, or -1 */
	int byte_fallback, fuse_unk, ignore_merges;
	pcre2_match_data *md;

	struct nx_spm *spm; /* a tokenizer.model: SentencePiece does it all */

	/* A Unigram model: each piece's score, and the pieces as a byte trie
	 * whose edges (node, byte) → node are a mergetab. */
	int unigram;
	double *scores, unk_score;
	size_t nscores;
	struct mergetab utrie;
	int32_t *utok; /* a trie node's piece, or -1 */
	size_t nunodes;

	/* Scratch, reused from call to call. */
	struct nx_buf norm_a, norm_b, arena;
	struct piece *pieces, *pieces2;
	size_t npieces, npieces2, cappieces, cappieces2;
	int32_t *ids;
	size_t nids, capids;
	struct sym {
		int32_t id, prev, next;
		uint32_t off, len; /* bytes of the word; len 0: merged away */
	} *syms;
	size_t capsyms;
	struct hent {
		uint32_t rank, left, right;
		int32_t lid, rid;
	} *heap;
	size_t nheap, capheap;
	int last_unk;
	struct best {
		double score;
		int32_t start, id; /* start -1: not reached */
	} *best;
	size_t capbest;
};

/* GPT-2's pre-tokenizer pattern, ByteLevel's use_regex. */
static const char gpt2_pattern[] =
    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|"
    "\\s+(?!\\S)|\\s+";

/*
 * JavaScript's \s: the reference counts come from transformers.js, and the
 * files' patterns are written for it and for Oniguruma, which agree on
 * every white-space character except U+0085 and U+FEFF.  PCRE2 10.42's
 * \s differs more (it has no U+FEFF nor U+180E rules of its own), so the
 * patterns are given JavaScript's set spelled out.
 */
#define JS_SPACE                                                               \
	"\\t\\n\\x0B\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}"      \
	"\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}"

/* ------------------------------------------------------------------ */
/* Tables */

static uint64_t
hash_bytes(const void *s, size_t n)
{
	return XXH3_64bits(s, n);
}

static int
strtab_grow(struct strtab *t)
{
	size_t ncap = t->cap != 0 ? t->cap * 2 : 1024, i;
	struct slot *ns = malloc(ncap * sizeof(*ns));

	if (ns == NULL)
		return -1;
	for (i = 0; i < ncap; i++)
		ns[i].id = -1;
	for (i = 0; i < t->cap; i++) {
		size_t j;

		if (t->slots[i].id < 0)
			continue;
		j = t->slots[i].hash & (ncap - 1);
		while (ns[j].id >= 0)
			j = (j + 1) & (ncap - 1);
		ns[j] = t->slots[i];
	}
	free(t->slots);
	t->slots = ns;
	t->cap = ncap;
	return 0;
}

static int32_t
strtab_get(const struct strtab *t, const char *s, size_t n)
{
	uint64_t h;
	size_t j;

	if (t->cap == 0)
		return -1;
	h = hash_bytes(s, n);
	for (j = h & (t->cap - 1); t->slots[j].id >= 0;
	     j = (j + 1) & (t->cap - 1))
		if (t->slots[j].hash == h && t->slots[j].len == n &&
		    memcmp(t->arena.data + t->slots[j].off, s, n) == 0)
			return t->slots[j].id;
	return -1;
}

/* Add s → id unless s is there; 0 or -1 (no memory). */
static int
strtab_put(struct strtab *t, const char *s, size_t n, int32_t id)
{
	uint64_t h;
	size_t j;

	if (strtab_get(t, s, n) >= 0)
		return 0;
	if ((t->n + 1) * 2 > t->cap && strtab_grow(t) < 0)
		return -1;
	if (n > UINT32_MAX || nx_buf_add(&t->arena, s, n) < 0)
		return -1;
	h = hash_bytes(s, n);
	for (j = h & (t->cap - 1); t->slots[j].id >= 0;
	     j = (j + 1) & (t->cap - 1))
		;
	t->slots[j].hash = h;
	t->slots[j].off = t->arena.len - n;
	t->slots[j].len = (uint32_t)n;
	t->slots[j].id = id;
	t->n++;
	return 0;
}

static uint64_t
merge_key(int32_t a, int32_t b)
{
	return (uint64_t)(uint32_t)a << 32 | (uint32_t)b;
}

static size_t
merge_slot(uint64_t key, size_t cap)
{
	return (size_t)(XXH3_64bits(&key, sizeof(key)) & (cap - 1));
}

static int
mergetab_init(struct mergetab *t, size_t n)
{
	size_t i;

	t->cap = 1024;
	while (t->cap < n * 2)
		t->cap *= 2;
	if ((t->slots = malloc(t->cap * sizeof(*t->slots))) == NULL)
		return -1;
	for (i = 0; i < t->cap; i++)
		t->slots[i].key = UINT64_MAX;
	return 0;
}

static const struct merge *
mergetab_get(const struct mergetab *t, int32_t a, int32_t b)
{
	uint64_t key = merge_key(a, b);
	size_t j;

	for (j = merge_slot(key, t->cap); t->slots[j].key != UINT64_MAX;
	     j = (j + 1) & (t->cap - 1))
		if (t->slots[j].key == key)
			return &t->slots[j];
	return NULL;
}

/* The first rank of a pair wins, as a map built in order keeps the last:
 * the tokenizers library keeps the first, and so do we. */
static void
mergetab_put(struct mergetab *t, int32_t a, int32_t b, uint32_t rank,
    int32_t id)
{
	uint64_t key = merge_key(a, b);
	size_t j;

	for (j = merge_slot(key, t->cap); t->slots[j].key != UINT64_MAX;
	     j = (j + 1) & (t->cap - 1))
		if (t->slots[j].key == key)
			return;
	t->slots[j].key = key;
	t->slots[j].rank = rank;
	t->slots[j].id = id;
	t->n++;
}

static int
trie_node(struct trie *t, unsigned char byte)
{
	if (t->n == t->cap) {
		size_t ncap = t->cap != 0 ? t->cap * 2 : 256;
		struct tnode *p = realloc(t->nodes, ncap * sizeof(*p));

		if (p == NULL)
			return -1;
		t->nodes = p;
		t->cap = ncap;
	}
	t->nodes[t->n].child = t->nodes[t->n].sibling = -1;
	t->nodes[t->n].token = -1;
	t->nodes[t->n].byte = byte;
	return (int)t->n++;
}

static int
trie_add(struct trie *t, const char *s, size_t n, int32_t token)
{
	int32_t at = 0;
	size_t i;

	if (t->n == 0 && trie_node(t, 0) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int32_t k;

		for (k = t->nodes[at].child; k >= 0 && t->nodes[k].byte != c;
		     k = t->nodes[k].sibling)
			;
		if (k < 0) {
			if ((k = trie_node(t, c)) < 0)
				return -1;
			t->nodes[k].sibling = t->nodes[at].child;
			t->nodes[at].child = k;
		}
		at = k;
	}
	if (t->nodes[at].token < 0)
		t->nodes[at].token = token;
	return 0;
}

/* The longest added token at s[0..n): its index and *len, or -1. */
static int32_t
trie_match(const struct trie *t, const char *s, size_t n, size_t *len)
{
	int32_t at = 0, found = -1;
	size_t i;

	if (t->n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int32_t k;

		for (k = t->nodes[at].child; k >= 0 && t->nodes[k].byte != c;
		     k = t->nodes[k].sibling)
			;
		if (k < 0)
			break;
		at = k;
		if (t->nodes[at].token >= 0) {
			found = t->nodes[at].token;
			*len = i + 1;
		}
	}
	return found;
}

/* ------------------------------------------------------------------ */
/* Loading */

/* JavaScript's \s and \S written out, so PCRE2 means what the file means;
 * and the case-insensitive contractions group spelled as transformers.js
 * spells it (so 'ſ' is not taken for 's).  A new string, or NULL. */
static char *
js_pattern(const char *re)
{
	static const char ci[] = "(?i:'s|'t|'re|'ve|'m|'ll|'d)";
	static const char cs[] =
	    "(?:'([sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD]))";
	struct nx_buf b = NX_BUF_INIT;
	int inclass = 0;
	const char *p;

	for (p = re; *p != '\0'; p++) {
		int rc = 0;

		if (!inclass && strncmp(p, ci, sizeof(ci) - 1) == 0) {
			rc = nx_buf_adds(&b, cs);
			p += sizeof(ci) - 2;
		} else if (p[0] == '\\' && (p[1] == 's' || p[1] == 'S')) {
			if (inclass && p[1] == 'S') {
				/* [\S...] has no spelled-out form here. */
				nx_buf_free(&b);
				return NULL;
			}
			if (inclass)
				rc = nx_buf_adds(&b, JS_SPACE);
			else
				rc = nx_buf_adds(&b, p[1] == 's' ? "[" JS_SPACE "]"
							   : "[^" JS_SPACE "]");
			p++;
		} else if (p[0] == '\\' && p[1] != '\0') {
			rc = nx_buf_add(&b, p, 2);
			p++;
		} else {
			if (*p == '[' && !inclass)
				inclass = 1;
			else if (*p == ']' && inclass)
				inclass = 0;
			rc = nx_buf_addc(&b, *p);
		}
		if (rc < 0) {
			nx_buf_free(&b);
			return NULL;
		}
	}
	if (nx_buf_addc(&b, '\0') < 0) {
		nx_buf_free(&b);
		return NULL;
	}
	return b.data;
}

static pcre2_code *
compile(const char *pattern, struct nx_error *err)
{
	char *js = js_pattern(pattern);
	pcre2_code *re;
	int code;
	PCRE2_SIZE at;

	if (js == NULL) {
		nx_error_set(err, "pattern not supported: %s", pattern);
		return NULL;
	}
	re = pcre2_compile((PCRE2_SPTR)js, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK, &code, &at, NULL);
	free(js);
	if (re == NULL) {
		PCRE2_UCHAR msg[128];

		pcre2_get_error_message(code, msg, sizeof(msg));
		nx_error_set(err, "pattern %s: %s", pattern, (char *)msg);
		return NULL;
	}
	/* Without JIT (some platforms) pcre2_match interprets: slower, same. */
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

static char *
dup_bytes(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p != NULL) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/* Standard base64 (padding optional) into out; -1 on a bad character. */
static int
base64_decode(struct nx_buf *out, const char *s, size_t n)
{
	static const char digits[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	uint32_t acc = 0;
	int bits = 0;
	size_t i;

	for (i = 0; i < n && s[i] != '='; i++) {
		const char *d = s[i] != '\0' ? strchr(digits, s[i]) : NULL;

		if (d == NULL)
			return -1;
		acc = (acc << 6) | (uint32_t)(d - digits);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (nx_buf_addc(out, (char)((acc >> bits) & 0xFF)) < 0)
				return -1;
		}
	}
	return 0;
}

/*
 * A Precompiled normalizer: SentencePiece's rules, base64 of a 4-byte
 * little-endian size, a darts-clone double-array trie of that many bytes
 * (keys: UTF-8 sequences; values: offsets into the pool) and the pool of
 * NUL-ended replacements.
 */
static int
load_precompiled(struct norm *nm, json_t *o, struct nx_error *err)
{
	json_t *map = json_object_get(o, "precompiled_charsmap");
	struct nx_buf raw = NX_BUF_INIT;
	const unsigned char *p;
	size_t size, i;

	nm->kind = N_PRECOMPILED;
	if (!json_is_string(map))
		return nx_error_set(err, "Precompiled without a precompiled_charsmap");
	if (base64_decode(&raw, json_string_value(map), json_string_length(map)) < 0) {
		nx_buf_free(&raw);
		return nx_error_set(err, "Precompiled: precompiled_charsmap is not base64");
	}
	p = (const unsigned char *)raw.data;
	size = raw.len >= 4 ? (size_t)p[0] | (size_t)p[1] << 8 |
		(size_t)p[2] << 16 | (size_t)p[3] << 24 : 0;
	if (raw.len < 4 || size % 4 != 0 || size == 0 || size > raw.len - 4) {
		nx_buf_free(&raw);
		return nx_error_set(err, "Precompiled: precompiled_charsmap is not a trie and its strings");
	}
	nm->nunits = size / 4;
	nm->blen = raw.len - 4 - size;
	nm->units = malloc(nm->nunits * sizeof(*nm->units));
	nm->b = dup_bytes(raw.data + 4 + size, nm->blen);
	if (nm->units == NULL || nm->b == NULL) {
		nx_buf_free(&raw);
		return nx_error_nomem(err);
	}
	for (i = 0; i < nm->nunits; i++) {
		const unsigned char *u = p + 4 + i * 4;

		nm->units[i] = (uint32_t)u[0] | (uint32_t)u[1] << 8 |
		    (uint32_t)u[2] << 16 | (uint32_t)u[3] << 24;
	}
	nx_buf_free(&raw);
	return 0;
}

static const char *
type_of(json_t *o)
{
	return json_string_value(json_object_get(o, "type"));
}

static int
add_norm(struct nx_tokenizer *t, json_t *o, struct nx_error *err)
{
	const char *type = type_of(o);
	struct norm nm;
	struct norm *p;

	memset(&nm, 0, sizeof(nm));
	if (type == NULL)
		return nx_error_set(err, "normalizer without a type");
	if (strcmp(type, "Sequence") == 0) {
		json_t *list = json_object_get(o, "normalizers"), *v;
		size_t i;

		json_array_foreach(list, i, v) if (add_norm(t, v, err) < 0) return -1;
		return 0;
	}
	if (strcmp(type, "NFC") == 0)
		nm.kind = N_NFC;
	else if (strcmp(type, "NFD") == 0)
		nm.kind = N_NFD;
	else if (strcmp(type, "NFKC") == 0)
		nm.kind = N_NFKC;
	else if (strcmp(type, "NFKD") == 0)
		nm.kind = N_NFKD;
	else if (strcmp(type, "Lowercase") == 0)
		nm.kind = N_LOWER;
	else if (strcmp(type, "Strip") == 0) {
		nm.kind = N_STRIP;
		nm.left = json_is_true(json_object_get(o, "strip_left"));
		nm.right = json_is_true(json_object_get(o, "strip_right"));
	} else if (strcmp(type, "Prepend") == 0) {
		json_t *s = json_object_get(o, "prepend");

		if (!json_is_string(s))
			return nx_error_set(err, "Prepend without a string");
		nm.kind = N_PREPEND;
		nm.alen = json_string_length(s);
		if ((nm.a = dup_bytes(json_string_value(s), nm.alen)) == NULL)
			return nx_error_nomem(err);
	} else if (strcmp(type, "Replace") == 0) {
		json_t *pat = json_object_get(o, "pattern");
		json_t *lit = json_object_get(pat, "String");
		json_t *re = json_object_get(pat, "Regex");
		json_t *c = json_object_get(o, "content");

		if (!json_is_string(c) || (!json_is_string(lit) && !json_is_string(re)))
			return nx_error_set(err, "Replace without a pattern and content");
		nm.kind = N_REPLACE;
		nm.blen = json_string_length(c);
		if ((nm.b = dup_bytes(json_string_value(c), nm.blen)) == NULL)
			return nx_error_nomem(err);
		if (json_is_string(lit)) {
			nm.alen = json_string_length(lit);
			if (nm.alen == 0) {
				free(nm.b);
				return nx_error_set(err, "Replace of an empty string");
			}
			if ((nm.a = dup_bytes(json_string_value(lit), nm.alen)) == NULL) {
				free(nm.b);
				return nx_error_nomem(err);
			}
		} else if ((nm.re = compile(json_string_value(re), err)) == NULL) {
			free(nm.b);
			return -1;
		}
	} else if (strcmp(type, "Precompiled") == 0) {
		if (load_precompiled(&nm, o, err) < 0) {
			free(nm.units);
			free(nm.b);
			return -1;
		}
	} else
		return nx_error_set(err, "normalizer %s not supported", type);
	if ((p = realloc(t->norms, (t->nnorms + 1) * sizeof(*p))) == NULL) {
		free(nm.a);
		free(nm.b);
		free(nm.units);
		pcre2_code_free(nm.re);
		return nx_error_nomem(err);
	}
	t->norms = p;
	t->norms[t->nnorms++] = nm;
	return 0;
}

static int
behavior_of(const char *s, enum behavior *b)
{
	static const char *const names[] = {"Removed", "Isolated",
	    "MergedWithPrevious", "MergedWithNext", "Contiguous"};
	size_t i;

	for (i = 0; s != NULL && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0) {
			*b = (enum behavior)i;
			return 0;
		}
	return -1;
}

static int
add_pre(struct nx_tokenizer *t, json_t *o, struct nx_error *err)
{
	const char *type = type_of(o);
	struct pre pr;
	struct pre *p;

	memset(&pr, 0, sizeof(pr));
	if (type == NULL)
		return nx_error_set(err, "pre-tokenizer without a type");
	if (strcmp(type, "Sequence") == 0) {
		json_t *list = json_object_get(o, "pretokenizers"), *v;
		size_t i;

		json_array_foreach(list, i, v) if (add_pre(t, v, err) < 0) return -1;
		return 0;
	}
	if (strcmp(type, "Split") == 0) {
		json_t *pat = json_object_get(o, "pattern");
		json_t *lit = json_object_get(pat, "String");
		json_t *re = json_object_get(pat, "Regex");

		pr.kind = P_SPLIT;
		pr.invert = json_is_true(json_object_get(o, "invert"));
		if (behavior_of(json_string_value(json_object_get(o, "behavior")),
			&pr.behavior) < 0)
			return nx_error_set(err, "Split behavior not supported");
		if (json_is_string(lit)) {
			pr.litlen = json_string_length(lit);
			if (pr.litlen == 0)
				return nx_error_set(err, "Split on an empty string");
			if ((pr.lit = dup_bytes(json_string_value(lit), pr.litlen)) == NULL)
				return nx_error_nomem(err);
		} else if (json_is_string(re)) {
			if ((pr.re = compile(json_string_value(re), err)) == NULL)
				return -1;
		} else
			return nx_error_set(err, "Split without a pattern");
	} else if (strcmp(type, "ByteLevel") == 0) {
		json_t *ur = json_object_get(o, "use_regex");

		pr.kind = P_BYTELEVEL;
		pr.prefix_space = json_is_true(json_object_get(o, "add_prefix_space"));
		if ((ur == NULL || json_is_true(ur)) &&
		    (pr.re = compile(gpt2_pattern, err)) == NULL)
			return -1;
	} else if (strcmp(type, "Metaspace") == 0) {
		json_t *r = json_object_get(o, "replacement");
		const char *scheme = json_string_value(json_object_get(o, "prepend_scheme"));
		json_t *aps = json_object_get(o, "add_prefix_space");
		json_t *split = json_object_get(o, "split");

		pr.kind = P_METASPACE;
		if (!json_is_string(r) || json_string_length(r) == 0)
			return nx_error_set(err, "Metaspace without a replacement");
		if (scheme == NULL || strcmp(scheme, "always") == 0)
			pr.prepend = 2;
		else if (strcmp(scheme, "first") == 0)
			pr.prepend = 1;
		else if (strcmp(scheme, "never") == 0)
			pr.prepend = 0;
		else
			return nx_error_set(err, "Metaspace prepend_scheme %s not supported", scheme);
		/* Older files say add_prefix_space instead of a scheme. */
		if (aps != NULL && !json_is_true(aps))
			pr.prepend = 0;
		pr.split = split == NULL || json_is_true(split);
		pr.litlen = json_string_length(r);
		if ((pr.lit = dup_bytes(json_string_value(r), pr.litlen)) == NULL)
			return nx_error_nomem(err);
	} else
		return nx_error_set(err, "pre-tokenizer %s not supported", type);
	if ((p = realloc(t->pres, (t->npres + 1) * sizeof(*p))) == NULL) {
		free(pr.lit);
		pcre2_code_free(pr.re);
		return nx_error_nomem(err);
	}
	t->pres = p;
	t->pres[t->npres++] = pr;
	return 0;
}

/* The pair of a merges entry: "a b" (older files) or ["a", "b"]. */
static int
merge_pair(json_t *m, const char **a, size_t *alen, const char **b,
    size_t *blen)
{
	if (json_is_string(m)) {
		const char *s = json_string_value(m);
		const char *sp = strchr(s, ' ');

		if (sp == NULL)
			return -1;
		*a = s;
		*alen = (size_t)(sp - s);
		*b = sp + 1;
		*blen = json_string_length(m) - *alen - 1;
		return 0;
	}
	if (json_is_array(m) && json_array_size(m) == 2 &&
	    json_is_string(json_array_get(m, 0)) &&
	    json_is_string(json_array_get(m, 1))) {
		*a = json_string_value(json_array_get(m, 0));
		*alen = json_string_length(json_array_get(m, 0));
		*b = json_string_value(json_array_get(m, 1));
		*blen = json_string_length(json_array_get(m, 1));
		return 0;
	}
	return -1;
}

/* The <0xXX> byte pieces of the vocabulary. */
static void
load_byte_ids(struct nx_tokenizer *t)
{
	int b;

	for (b = 0; b < 256; b++) {
		char name[8];

		snprintf(name, sizeof(name), "<0x%02X>", b);
		t->byte_id[b] = strtab_get(&t->vocab, name, 6);
	}
}

/*
 * A Unigram model: "vocab" a list of [piece, score], the id a piece's
 * place; "unk_id"; "byte_fallback".  The pieces go into a byte trie; a
 * piece listed twice is known by its last id, as in the tokenizers
 * library (the table keeps the first one put, so they go in backwards).
 */
static int
load_unigram(struct nx_tokenizer *t, json_t *m, struct nx_error *err)
{
	json_t *vocab = json_object_get(m, "vocab");
	json_t *unk = json_object_get(m, "unk_id");
	size_t i, n = json_array_size(vocab), bytes = 0;
	double min = 0;

	if (!json_is_array(vocab) || n == 0 || n > INT32_MAX)
		return nx_error_set(err, "Unigram model without a vocab");
	if (!json_is_integer(unk) || json_integer_value(unk) < 0 ||
	    (size_t)json_integer_value(unk) >= n)
		return nx_error_set(err, "Unigram model without an unk_id in its vocab");
	t->unigram = 1;
	t->unk_id = (int32_t)json_integer_value(unk);
	t->byte_fallback = json_is_true(json_object_get(m, "byte_fallback"));
	if ((t->scores = malloc(n * sizeof(*t->scores))) == NULL)
		return nx_error_nomem(err);
	t->nscores = n;
	for (i = 0; i < n; i++) {
		json_t *e = json_array_get(vocab, i);
		json_t *piece = json_array_get(e, 0), *score = json_array_get(e, 1);

		if (json_array_size(e) != 2 || !json_is_string(piece) || !json_is_number(score))
			return nx_error_set(err, "vocab: entry %zu is not [piece, score]", i);
		t->scores[i] = json_number_value(score);
		if (i == 0 || t->scores[i] < min)
			min = t->scores[i];
		bytes += json_string_length(piece);
	}
	/* The score of an unknown character, as the library sets it. */
	t->unk_score = min - 10.0;
	if (mergetab_init(&t->utrie, bytes + 1) < 0 ||
	    (t->utok = malloc((bytes + 1) * sizeof(*t->utok))) == NULL)
		return nx_error_nomem(err);
	t->utok[0] = -1;
	t->nunodes = 1;
	for (i = n; i-- > 0;) {
		json_t *piece = json_array_get(json_array_get(vocab, i), 0);
		const char *p = json_string_value(piece);
		size_t len = json_string_length(piece), j;
		int32_t at = 0;

		if (strtab_put(&t->vocab, p, len, (int32_t)i) < 0)
			return nx_error_nomem(err);
		for (j = 0; j < len; j++) {
			const struct merge *e = mergetab_get(&t->utrie, at, (unsigned char)p[j]);

			if (e != NULL) {
				at = e->id;
				continue;
			}
			t->utok[t->nunodes] = -1;
			mergetab_put(&t->utrie, at, (unsigned char)p[j], 0, (int32_t)t->nunodes);
			at = (int32_t)t->nunodes++;
		}
		if (len > 0 && t->utok[at] < 0)
			t->utok[at] = (int32_t)i;
	}
	load_byte_ids(t);
	return 0;
}

static int
load_model(struct nx_tokenizer *t, json_t *m, struct nx_error *err)
{
	const char *type = type_of(m), *key, *s;
	json_t *vocab = json_object_get(m, "vocab");
	json_t *merges = json_object_get(m, "merges");
	json_t *v;
	struct nx_buf cat = NX_BUF_INIT;
	size_t i;

	if (type != NULL && strcmp(type, "Unigram") == 0)
		return load_unigram(t, m, err);
	if (type != NULL && strcmp(type, "BPE") != 0)
		return nx_error_set(err, "model %s not supported (BPE and Unigram only)", type);
	if (!json_is_object(vocab) || !json_is_array(merges))
		return nx_error_set(err, "model without a vocab and merges");
	if ((s = json_string_value(json_object_get(m, "continuing_subword_prefix"))) != NULL &&
	    *s != '\0')
		return nx_error_set(err, "BPE continuing_subword_prefix not supported");
	if ((s = json_string_value(json_object_get(m, "end_of_word_suffix"))) != NULL &&
	    *s != '\0')
		return nx_error_set(err, "BPE end_of_word_suffix not supported");
	if (json_is_number(json_object_get(m, "dropout")) &&
	    json_number_value(json_object_get(m, "dropout")) > 0)
		return nx_error_set(err, "BPE dropout not supported");
	t->byte_fallback = json_is_true(json_object_get(m, "byte_fallback"));
	t->fuse_unk = json_is_true(json_object_get(m, "fuse_unk"));
	t->ignore_merges = json_is_true(json_object_get(m, "ignore_merges"));
	json_object_foreach(vocab, key, v)
	{
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > INT32_MAX)
			return nx_error_set(err, "vocab: id of %s is not a token id", key);
		/* Keys come back NUL-terminated: a NUL inside is cut. */
		if (strtab_put(&t->vocab, key, strlen(key),
			(int32_t)json_integer_value(v)) < 0)
			return nx_error_nomem(err);
	}
	if (mergetab_init(&t->merges, json_array_size(merges)) < 0)
		return nx_error_nomem(err);
	json_array_foreach(merges, i, v)
	{
		const char *a, *bs;
		size_t alen, blen;
		int32_t ia, ib;

		if (merge_pair(v, &a, &alen, &bs, &blen) < 0) {
			nx_buf_free(&cat);
			return nx_error_set(err, "merges: entry %zu is not a pair", i);
		}
		ia = strtab_get(&t->vocab, a, alen);
		ib = strtab_get(&t->vocab, bs, blen);
		if (ia < 0 || ib < 0) {
			nx_buf_free(&cat);
			return nx_error_set(err, "merges: entry %zu names a token not in the vocab", i);
		}
		nx_buf_reset(&cat);
		if (nx_buf_add(&cat, a, alen) < 0 || nx_buf_add(&cat, bs, blen) < 0) {
			nx_buf_free(&cat);
			return nx_error_nomem(err);
		}
		mergetab_put(&t->merges, ia, ib, (uint32_t)i,
		    strtab_get(&t->vocab, cat.data, cat.len));
	}
	nx_buf_free(&cat);
	load_byte_ids(t);
	return 0;
}

static int
load_added(struct nx_tokenizer *t, json_t *list, struct nx_error *err)
{
	json_t *v;
	size_t i;

	if (list == NULL || json_is_null(list))
		return 0;
	if (!json_is_array(list))
		return nx_error_set(err, "added_tokens is not a list");
	if ((t->added = calloc(json_array_size(list) + 1, sizeof(*t->added))) == NULL)
		return nx_error_nomem(err);
	json_array_foreach(list, i, v)
	{
		json_t *c = json_object_get(v, "content");
		json_t *id = json_object_get(v, "id");
		struct added *a = &t->added[t->nadded];

		if (!json_is_string(c) || !json_is_integer(id) ||
		    json_integer_value(id) < 0 || json_integer_value(id) > INT32_MAX)
			return nx_error_set(err, "added token %zu without content and id", i);
		if (json_is_true(json_object_get(v, "single_word")))
			return nx_error_set(err, "added token %s: single_word not supported",
			    json_string_value(c));
		if (json_string_length(c) == 0)
			continue;
		a->id = (int32_t)json_integer_value(id);
		a->lstrip = json_is_true(json_object_get(v, "lstrip"));
		a->rstrip = json_is_true(json_object_get(v, "rstrip"));
		if (trie_add(&t->trie, json_string_value(c), json_string_length(c),
			(int32_t)t->nadded) < 0 ||
		    strtab_put(&t->vocab, json_string_value(c), json_string_length(c),
			a->id) < 0)
			return nx_error_nomem(err);
		t->nadded++;
	}
	return 0;
}

static int
load(struct nx_tokenizer *t, json_t *root, struct nx_error *err)
{
	json_t *m = json_object_get(root, "model");
	json_t *n = json_object_get(root, "normalizer");
	json_t *p = json_object_get(root, "pre_tokenizer");
	const char *unk;

	if (!json_is_object(m))
		return nx_error_set(err, "no model");
	if (load_model(t, m, err) < 0 || load_added(t, json_object_get(root, "added_tokens"), err) < 0)
		return -1;
	if (json_is_object(n) && add_norm(t, n, err) < 0)
		return -1;
	if (json_is_object(p) && add_pre(t, p, err) < 0)
		return -1;
	unk = json_string_value(json_object_get(m, "unk_token"));
	if (!t->unigram)
		t->unk_id = unk != NULL ? strtab_get(&t->vocab, unk, strlen(unk)) : -1;
	if ((t->md = pcre2_match_data_create(4, NULL)) == NULL)
		return nx_error_nomem(err);
	return 0;
}

/* GPT-2's table of byte → printable code point: the bytes that print
 * stand for themselves, the others get 256, 257, … in byte order. */
static void
bytelevel_init(struct bytechar *table)
{
	unsigned b, next = 256;

	for (b = 0; b < 256; b++) {
		int prints = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) ||
		    (b >= 0xAE && b <= 0xFF);
		unsigned cp = prints ? b : next++;

		if (cp < 0x80) {
			table[b].s[0] = (char)cp;
			table[b].len = 1;
		} else {
			table[b].s[0] = (char)(0xC0 | (cp >> 6));
			table[b].s[1] = (char)(0x80 | (cp & 0x3F));
			table[b].len = 2;
		}
	}
}

/* A SentencePiece tokenizer.model, through the library itself. */
static int
open_model(struct nx_tokenizer **out, const char *name, struct nx_error *err)
{
#ifdef NX_HAVE_SENTENCEPIECE
	struct nx_tokenizer *t;
	char msg[256];

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return nx_error_nomem(err);
	if ((t->spm = nx_spm_open(name, msg, sizeof(msg))) == NULL) {
		free(t);
		return nx_error_set(err, "%s: %s", name, msg);
	}
	*out = t;
	return 0;
#else
	(void)out;
	return nx_error_set(err, "%s: a SentencePiece model, which this build "
	    "cannot read (it was built without libsentencepiece); give the "
	    "tokenizer.json that ships beside it", name);
#endif
}

int
nx_tokenizer_open(struct nx_tokenizer **out, const char *path,
    struct nx_error *err)
{
	struct nx_tokenizer *t;
	json_error_t jerr;
	json_t *root;
	struct stat st;
	char *file = NULL;
	const char *name = path;
	size_t n = strlen(path);

	*out = NULL;
	if (stat(path, &st) == -1)
		return nx_error_sys(err, "%s", path);
	if (S_ISDIR(st.st_mode)) {
		/* A folder: its tokenizer.json, else its tokenizer.model. */
		if ((file = malloc(n + sizeof("/tokenizer.model"))) == NULL)
			return nx_error_nomem(err);
		snprintf(file, n + sizeof("/tokenizer.json"), "%s/tokenizer.json", path);
		name = file;
		if (stat(name, &st) == -1) {
			snprintf(file, n + sizeof("/tokenizer.model"), "%s/tokenizer.model", path);
			if (stat(name, &st) == -1) {
				nx_error_set(err, "%s: neither tokenizer.json nor tokenizer.model", path);
				free(file);
				return -1;
			}
		}
	}
	n = strlen(name);
	if (n > 6 && strcmp(name + n - 6, ".model") == 0) {
		int rc = open_model(out, name, err);

		free(file);
		return rc;
	}
	root = json_load_file(name, JSON_ALLOW_NUL, &jerr);
	if (root == NULL) {
		nx_error_set(err, "%s:%d: %s", name, jerr.line, jerr.text);
		free(file);
		return -1;
	}
	if ((t = calloc(1, sizeof(*t))) == NULL) {
		json_decref(root);
		free(file);
		return nx_error_nomem(err);
	}
	bytelevel_init(t->bytelevel);
	if (load(t, root, err) < 0) {
		if (err != NULL) {
			char msg[sizeof(err->msg)];

			memcpy(msg, err->msg, sizeof(msg));
			nx_error_set(err, "%s: %.400s", name, msg);
		}
		json_decref(root);
		free(file);
		nx_tokenizer_free(t);
		return -1;
	}
	json_decref(root);
	free(file);
	*out = t;
	return 0;
}

void
nx_tokenizer_free(struct nx_tokenizer *t)
{
	size_t i;

	if (t == NULL)
		return;
#ifdef NX_HAVE_SENTENCEPIECE
	nx_spm_free(t->spm);
#endif
	free(t->vocab.slots);
	nx_buf_free(&t->vocab.arena);
	free(t->merges.slots);
	free(t->trie.nodes);
	free(t->added);
	for (i = 0; i < t->nnorms; i++) {
		free(t->norms[i].a);
		free(t->norms[i].b);
		free(t->norms[i].units);
		pcre2_code_free(t->norms[i].re);
	}
	free(t->norms);
	for (i = 0; i < t->npres; i++) {
		free(t->pres[i].lit);
		pcre2_code_free(t->pres[i].re);
	}
	free(t->pres);
	pcre2_match_data_free(t->md);
	nx_buf_free(&t->norm_a);
	nx_buf_free(&t->norm_b);
	nx_buf_free(&t->arena);
	free(t->pieces);
	free(t->pieces2);
	free(t->ids);
	free(t->syms);
	free(t->heap);
	free(t->scores);
	free(t->utrie.slots);
	free(t->utok);
	free(t->best);
	free(t);
}

/* ------------------------------------------------------------------ */
/* Normalizers */

/* Is the code point at s (n bytes left) JavaScript white space?  Its
 * length in *len. */
static int
js_space(const char *s, size_t n, size_t *len)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s,
	    (utf8proc_ssize_t)n, &c);

	if (k <= 0) {
		*len = 1;
		return 0;
	}
	*len = (size_t)k;
	return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0xA0 ||
	    c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
	    c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 ||
	    c == 0xFEFF;
}

static int
replace_literal(struct nx_buf *out, const char *s, size_t n,
    const struct norm *nm)
{
	size_t i = 0, from = 0;

	while (i + nm->alen <= n) {
		if (s[i] == nm->a[0] && memcmp(s + i, nm->a, nm->alen) == 0) {
			if (nx_buf_add(out, s + from, i - from) < 0 ||
			    nx_buf_add(out, nm->b, nm->blen) < 0)
				return -1;
			i += nm->alen;
			from = i;
		} else
			i++;
	}
	return nx_buf_add(out, s + from, n - from);
}

static int
replace_regex(struct nx_tokenizer *t, struct nx_buf *out, const char *s,
    size_t n, const struct norm *nm)
{
	size_t at = 0, from = 0;

	while (at <= n) {
		PCRE2_SIZE *ov;
		int rc = pcre2_match(nm->re, (PCRE2_SPTR)s, n, at,
		    PCRE2_NO_UTF_CHECK, t->md, NULL);

		if (rc < 0)
			break;
		ov = pcre2_get_ovector_pointer(t->md);
		if (nx_buf_add(out, s + from, ov[0] - from) < 0 ||
		    nx_buf_add(out, nm->b, nm->blen) < 0)
			return -1;
		from = ov[1];
		if (ov[1] > ov[0])
			at = ov[1];
		else {
			/* An empty match: step over one character. */
			at = ov[1] + 1;
			while (at < n && ((unsigned char)s[at] & 0xC0) == 0x80)
				at++;
			if (nx_buf_add(out, s + from, at - from) < 0)
				return -1;
			from = at;
		}
	}
	if (from < n)
		return nx_buf_add(out, s + from, n - from);
	return 0;
}

static int
unicode_map(struct nx_buf *out, const char *s, size_t n, int options)
{
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t len;
	int rc;

	if (n == 0)
		return 0;
	len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
	    &dst, (utf8proc_option_t)options);
	if (len < 0)
		return len == UTF8PROC_ERROR_NOMEM ? -1 : nx_buf_add(out, s, n);
	rc = nx_buf_add(out, dst, (size_t)len);
	free(dst);
	return rc;
}

static int
lowercase(struct nx_buf *out, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		utf8proc_int32_t c;
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t k = utf8proc_iterate(
		    (const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &c);

		if (k <= 0) {
			if (nx_buf_addc(out, s[i]) < 0)
				return -1;
			i++;
			continue;
		}
		if (nx_buf_add(out, enc, (size_t)utf8proc_encode_char(utf8proc_tolower(c), enc)) < 0)
			return -1;
		i += (size_t)k;
	}
	return 0;
}

/* Is the code point at s (n bytes left) Unicode White_Space (Rust's
 * char::is_whitespace)?  Its length in *len.  It differs from
 * JavaScript's \s on U+0085 (white space) and U+FEFF (not). */
static int
uni_space(const char *s, size_t n, size_t *len)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s,
	    (utf8proc_ssize_t)n, &c);

	if (k <= 0) {
		*len = 1;
		return 0;
	}
	*len = (size_t)k;
	return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 ||
	    c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
	    c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* Strip, as the tokenizers library strips (Unicode white space):
 * transformers.js trims JavaScript's, but the files that strip (those
 * converted from SentencePiece) are the library's, and none of the
 * reference files of transformers.js strips. */
static int
strip(struct nx_buf *out, const char *s, size_t n, const struct norm *nm)
{
	size_t b = 0, e = n, len;

	while (nm->left && b < e && uni_space(s + b, e - b, &len))
		b += len;
	if (nm->right)
		for (;;) {
			size_t k = e;

			/* Back to the start of the last character. */
			while (k > b && ((unsigned char)s[k - 1] & 0xC0) == 0x80)
				k--;
			if (k == b || !uni_space(s + k - 1, e - k + 1, &len))
				break;
			e = k - 1;
		}
	return nx_buf_add(out, s + b, e - b);
}

/* The replacement of the shortest rule that is a prefix of s[0..n) (as
 * the tokenizers library takes it: the first one the trie finds), its
 * length in *len; NULL if none.  A NUL byte ends the search. */
static const char *
precompiled_rule(const struct norm *nm, const char *s, size_t n, size_t *len)
{
	const uint32_t *u = nm->units;
	size_t pos, i, v;

	/* darts-clone's unit: offset, label and has-leaf bits. */
#define DA_OFFSET(x) ((size_t)((x) >> 10) << (((x) & (1U << 9)) >> 6))
	pos = DA_OFFSET(u[0]);
	for (i = 0; i < n && s[i] != '\0'; i++) {
		unsigned char c = (unsigned char)s[i];
		uint32_t unit;

		pos ^= c;
		if (pos >= nm->nunits)
			return NULL;
		unit = u[pos];
		if ((unit & (0x80000000U | 0xFF)) != c)
			return NULL;
		pos ^= DA_OFFSET(unit);
		if (pos >= nm->nunits)
			return NULL;
		if ((unit >> 8) & 1) {
			v = u[pos] & 0x7FFFFFFFU;
			if (v >= nm->blen)
				return NULL;
			*len = strnlen(nm->b + v, nm->blen - v);
			return nm->b + v;
		}
	}
#undef DA_OFFSET
	return NULL;
}

/*
 * The tokenizers library's Precompiled: text in grapheme clusters; a
 * cluster under 6 bytes that starts with a rule is replaced whole by the
 * rule's replacement; otherwise each code point that starts with one is
 * replaced.  (SentencePiece itself takes the longest rule at each byte;
 * the two agree but on rare clusters, and the tokenizer.json is the
 * library's.)
 */
static int
precompiled(struct nx_buf *out, const char *s, size_t n, const struct norm *nm)
{
	size_t i = 0;

	while (i < n) {
		utf8proc_int32_t prev = -1, c;
		utf8proc_int32_t state = 0;
		size_t end = i, k, rlen;
		const char *r;

		/* The cluster [i, end). */
		while (end < n) {
			utf8proc_ssize_t len = utf8proc_iterate(
			    (const utf8proc_uint8_t *)s + end, (utf8proc_ssize_t)(n - end), &c);

			if (len <= 0) {
				if (end == i)
					end++;
				break;
			}
			if (prev >= 0 && utf8proc_grapheme_break_stateful(prev, c, &state))
				break;
			prev = c;
			end += (size_t)len;
		}
		if (end - i < 6 && (r = precompiled_rule(nm, s + i, end - i, &rlen)) != NULL) {
			if (nx_buf_add(out, r, rlen) < 0)
				return -1;
			i = end;
			continue;
		}
		for (k = i; k < end;) {
			size_t clen = 1;

			while (k + clen < end && ((unsigned char)s[k + clen] & 0xC0) == 0x80)
				clen++;
			r = precompiled_rule(nm, s + k, clen, &rlen);
			if ((r != NULL ? nx_buf_add(out, r, rlen) : nx_buf_add(out, s + k, clen)) < 0)
				return -1;
			k += clen;
		}
		i = end;
	}
	return 0;
}

/* Normalize s[0..n) into t->norm_a or t->norm_b; *res points at it. */
static int
normalize(struct nx_tokenizer *t, const char *s, size_t n, struct nx_buf **res)
{
	struct nx_buf *in = NULL, *out = &t->norm_a;
	size_t i;

	for (i = 0; i < t->nnorms; i++) {
		const struct norm *nm = &t->norms[i];
		const char *src = in != NULL ? in->data : s;
		size_t len = in != NULL ? in->len : n;
		int rc = 0;

		nx_buf_reset(out);
		switch (nm->kind) {
		case N_NFC:
			rc = unicode_map(out, src, len, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
			break;
		case N_NFD:
			rc = unicode_map(out, src, len, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE);
			break;
		case N_NFKC:
			rc = unicode_map(out, src, len,
			    UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
			break;
		case N_NFKD:
			rc = unicode_map(out, src, len,
			    UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT);
			break;
		case N_PREPEND:
			/* transformers.js prepends to a section even when it
			 * is all the text there is; sections are never empty. */
			rc = nx_buf_add(out, nm->a, nm->alen) < 0 ? -1
				: nx_buf_add(out, src, len);
			break;
		case N_REPLACE:
			rc = nm->re != NULL ? replace_regex(t, out, src, len, nm)
					    : replace_literal(out, src, len, nm);
			break;
		case N_LOWER:
			rc = lowercase(out, src, len);
			break;
		case N_STRIP:
			rc = strip(out, src, len, nm);
			break;
		case N_PRECOMPILED:
			rc = precompiled(out, src, len, nm);
			break;
		}
		if (rc < 0)
			return -1;
		in = out;
		out = out == &t->norm_a ? &t->norm_b : &t->norm_a;
	}
	if (in == NULL) {
		nx_buf_reset(&t->norm_a);
		if (nx_buf_add(&t->norm_a, s, n) < 0)
			return -1;
		in = &t->norm_a;
	}
	*res = in;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Pre-tokenizers */

static int
push_piece(struct piece **v, size_t *n, size_t *cap, size_t off, size_t len)
{
	if (len == 0)
		return 0;
	if (*n == *cap) {
		size_t ncap = *cap != 0 ? *cap * 2 : 64;
		struct piece *p = realloc(*v, ncap * sizeof(*p));

		if (p == NULL)
			return -1;
		*v = p;
		*cap = ncap;
	}
	(*v)[*n].off = off;
	(*v)[(*n)++].len = len;
	return 0;
}

/* Append to the output list, merging per behavior.  prev_match carries
 * the state of MergedWithPrevious/Contiguous across one piece's parts. */
struct splitter {
	struct nx_tokenizer *t;
	enum behavior behavior;
	size_t first;	 /* the output index this piece started at */
	int prev_match;	 /* the previous part was a match */
	int pending;	 /* MergedWithNext: a match waits for the next part */
	size_t pend_off; /* its start */
};

static int
split_part(struct splitter *sp, size_t off, size_t len, int match)
{
	struct nx_tokenizer *t = sp->t;
	struct piece *last = t->npieces2 > sp->first ? &t->pieces2[t->npieces2 - 1]
						     : NULL;
	int rc = 0;

	if (len == 0)
		return 0;
	switch (sp->behavior) {
	case B_REMOVED:
		if (!match)
			rc = push_piece(&t->pieces2, &t->npieces2, &t->cappieces2, off, len);
		break;
	case B_ISOLATED:
		rc = push_piece(&t->pieces2, &t->npieces2, &t->cappieces2, off, len);
		break;
	case B_PREVIOUS:
		if (match && !sp->prev_match && last != NULL)
			last->len = off + len - last->off;
		else
			rc = push_piece(&t->pieces2, &t->npieces2, &t->cappieces2, off, len);
		break;
	case B_CONTIGUOUS:
		if (match && sp->prev_match && last != NULL)
			last->len = off + len - last->off;
		else
			rc = push_piece(&t->pieces2, &t->npieces2, &t->cappieces2, off, len);
		break;
	case B_NEXT:
		if (match && !sp->prev_match) {
			if (sp->pending)
				rc = push_piece(&t->pieces2, &t->npieces2,
				    &t->cappieces2, sp->pend_off, off - sp->pend_off);
			sp->pending = 1;
			sp->pend_off = off;
		} else if (sp->pending) {
			rc = push_piece(&t->pieces2, &t->npieces2, &t->cappieces2,
			    sp->pend_off, off + len - sp->pend_off);
			sp->pending = 0;
		} else
			rc = push_piece(&t->pieces2, &t->npieces2, &t->cappieces2, off, len);
		break;
	}
	sp->prev_match = match;
	return rc;
}

static int
split_end(struct splitter *sp, size_t end)
{
	struct nx_tokenizer *t = sp->t;

	if (sp->behavior == B_NEXT && sp->pending)
		return push_piece(&t->pieces2, &t->npieces2, &t->cappieces2,
		    sp->pend_off, end - sp->pend_off);
	return 0;
}

/* Split one piece of the arena by re or lit into t->pieces2. */
static int
split_piece(struct nx_tokenizer *t, const struct piece *pc, pcre2_code *re,
    const char *lit, size_t litlen, enum behavior behavior, int invert)
{
	struct splitter sp = {t, behavior, t->npieces2, 0, 0, 0};
	size_t at = 0, from = 0, n = pc->len;

	while (at < n) {
		const char *s = t->arena.data + pc->off;
		size_t mb, me;

		if (re != NULL) {
			PCRE2_SIZE *ov;

			if (pcre2_match(re, (PCRE2_SPTR)s, n, at, PCRE2_NO_UTF_CHECK,
				t->md, NULL) < 0)
				break;
			ov = pcre2_get_ovector_pointer(t->md);
			mb = ov[0];
			me = ov[1];
		} else {
			size_t i;

			for (i = at; i + litlen <= n; i++)
				if (memcmp(s + i, lit, litlen) == 0)
					break;
			if (i + litlen > n)
				break;
			mb = i;
			me = i + litlen;
		}
		if (split_part(&sp, pc->off + from, mb - from, invert) < 0 ||
		    split_part(&sp, pc->off + mb, me - mb, !invert) < 0)
			return -1;
		from = me;
		at = me;
		if (me == mb) {
			/* An empty match: go on one character later. */
			at++;
			while (at < n && ((unsigned char)s[at] & 0xC0) == 0x80)
				at++;
		}
	}
	if (split_part(&sp, pc->off + from, n - from, invert) < 0)
		return -1;
	return split_end(&sp, pc->off + n);
}

static void
swap_pieces(struct nx_tokenizer *t)
{
	struct piece *p = t->pieces;
	size_t c = t->cappieces;

	t->pieces = t->pieces2;
	t->npieces = t->npieces2;
	t->cappieces = t->cappieces2;
	t->pieces2 = p;
	t->cappieces2 = c;
	t->npieces2 = 0;
}

static int
pre_apply(struct nx_tokenizer *t, const struct pre *pr, int first_section)
{
	size_t i;

	t->npieces2 = 0;
	for (i = 0; i < t->npieces; i++) {
		struct piece pc = t->pieces[i];

		if (pr->kind == P_SPLIT) {
			if (split_piece(t, &pc, pr->re, pr->lit, pr->litlen,
				pr->behavior, pr->invert) < 0)
				return -1;
		} else if (pr->kind == P_BYTELEVEL) {
			/* A leading space if asked, then the GPT-2 split, then
			 * each byte as its printable stand-in. */
			size_t from = t->npieces2, k;

			if (pr->prefix_space && t->arena.data[pc.off] != ' ') {
				size_t off = t->arena.len;

				if (nx_buf_addc(&t->arena, ' ') < 0 ||
				    nx_buf_reserve(&t->arena, pc.len) < 0)
					return -1;
				memcpy(t->arena.data + t->arena.len, t->arena.data + pc.off, pc.len);
				t->arena.len += pc.len;
				pc.off = off;
				pc.len++;
			}
			if (pr->re != NULL) {
				if (split_piece(t, &pc, pr->re, NULL, 0, B_ISOLATED, 0) < 0)
					return -1;
			} else if (push_piece(&t->pieces2, &t->npieces2,
				       &t->cappieces2, pc.off, pc.len) < 0)
				return -1;
			for (k = from; k < t->npieces2; k++) {
				struct piece *q = &t->pieces2[k];
				size_t off = t->arena.len, j;
				const struct bytechar *bt = t->bytelevel;

				if (nx_buf_reserve(&t->arena, q->len * 2) < 0)
					return -1;
				for (j = 0; j < q->len; j++) {
					unsigned char c = (unsigned char)t->arena.data[q->off + j];

					memcpy(t->arena.data + t->arena.len, bt[c].s, bt[c].len);
					t->arena.len += bt[c].len;
				}
				q->off = off;
				q->len = t->arena.len - off;
			}
		} else {
			/* Metaspace: spaces become the replacement, which leads
			 * the piece if the scheme says so; then split before
			 * each replacement. */
			struct piece mp;
			size_t off = t->arena.len, j;
			int lead = pr->prepend == 2 || (pr->prepend == 1 && first_section && i == 0);
			struct nx_buf *a = &t->arena;

			if (nx_buf_reserve(a, pc.len * pr->litlen + pr->litlen) < 0)
				return -1;
			if (lead && !(pc.len >= pr->litlen &&
					memcmp(a->data + pc.off, pr->lit, pr->litlen) == 0) &&
			    !(pc.len > 0 && a->data[pc.off] == ' ')) {
				memcpy(a->data + a->len, pr->lit, pr->litlen);
				a->len += pr->litlen;
			}
			for (j = 0; j < pc.len; j++) {
				if (a->data[pc.off + j] == ' ') {
					memcpy(a->data + a->len, pr->lit, pr->litlen);
					a->len += pr->litlen;
				} else
					a->data[a->len++] = a->data[pc.off + j];
			}
			mp.off = off;
			mp.len = a->len - off;
			if (pr->split) {
				if (split_piece(t, &mp, NULL, pr->lit, pr->litlen, B_NEXT, 0) < 0)
					return -1;
			} else if (push_piece(&t->pieces2, &t->npieces2,
				       &t->cappieces2, mp.off, mp.len) < 0)
				return -1;
		}
	}
	swap_pieces(t);
	return 0;
}

/* ------------------------------------------------------------------ */
/* The BPE model */

static int
emit(struct nx_tokenizer *t, int32_t id)
{
	if (t->nids == t->capids) {
		size_t ncap = t->capids != 0 ? t->capids * 2 : 256;
		int32_t *p = realloc(t->ids, ncap * sizeof(*p));

		if (p == NULL)
			return -1;
		t->ids = p;
		t->capids = ncap;
	}
	t->ids[t->nids++] = id;
	return 0;
}

static int
emit_unk(struct nx_tokenizer *t)
{
	if (t->fuse_unk && t->last_unk)
		return 0;
	t->last_unk = 1;
	return emit(t, t->unk_id);
}

/* A vocabulary token; the unknown token itself fuses like any unknown. */
static int
emit_known(struct nx_tokenizer *t, int32_t id)
{
	if (id == t->unk_id)
		return emit_unk(t);
	t->last_unk = 0;
	return emit(t, id);
}

static int
heap_less(const struct hent *a, const struct hent *b)
{
	return a->rank < b->rank || (a->rank == b->rank && a->left < b->left);
}

static int
heap_push(struct nx_tokenizer *t, uint32_t left, uint32_t right)
{
	const struct merge *m = mergetab_get(&t->merges, t->syms[left].id,
	    t->syms[right].id);
	size_t i;

	if (t->syms[left].id < 0 || t->syms[right].id < 0 || m == NULL)
		return 0;
	if (t->nheap == t->capheap) {
		size_t ncap = t->capheap != 0 ? t->capheap * 2 : 256;
		struct hent *p = realloc(t->heap, ncap * sizeof(*p));

		if (p == NULL)
			return -1;
		t->heap = p;
		t->capheap = ncap;
	}
	i = t->nheap++;
	t->heap[i].rank = m->rank;
	t->heap[i].left = left;
	t->heap[i].right = right;
	t->heap[i].lid = t->syms[left].id;
	t->heap[i].rid = t->syms[right].id;
	while (i > 0 && heap_less(&t->heap[i], &t->heap[(i - 1) / 2])) {
		struct hent x = t->heap[i];

		t->heap[i] = t->heap[(i - 1) / 2];
		t->heap[(i - 1) / 2] = x;
		i = (i - 1) / 2;
	}
	return 0;
}

static struct hent
heap_pop(struct nx_tokenizer *t)
{
	struct hent top = t->heap[0];
	size_t i = 0;

	t->heap[0] = t->heap[--t->nheap];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		struct hent x;

		if (l < t->nheap && heap_less(&t->heap[l], &t->heap[m]))
			m = l;
		if (r < t->nheap && heap_less(&t->heap[r], &t->heap[m]))
			m = r;
		if (m == i)
			break;
		x = t->heap[i];
		t->heap[i] = t->heap[m];
		t->heap[m] = x;
		i = m;
	}
	return top;
}

/* The tokens of one pre-token w[0..n). */
static int
bpe(struct nx_tokenizer *t, const char *w, size_t n)
{
	size_t nsyms = 0, i;
	int32_t id, k;

	if (n == 0)
		return 0;
	if (t->ignore_merges && (id = strtab_get(&t->vocab, w, n)) >= 0)
		return emit_known(t, id);
	if (n > UINT32_MAX)
		return -1;
	if (t->capsyms < n) {
		struct sym *p = realloc(t->syms, n * sizeof(*p));

		if (p == NULL)
			return -1;
		t->syms = p;
		t->capsyms = n;
	}
	for (i = 0; i < n;) {
		size_t len = 1;

		while (i + len < n && ((unsigned char)w[i + len] & 0xC0) == 0x80)
			len++;
		t->syms[nsyms].id = strtab_get(&t->vocab, w + i, len);
		t->syms[nsyms].off = (uint32_t)i;
		t->syms[nsyms].len = (uint32_t)len;
		t->syms[nsyms].prev = (int32_t)nsyms - 1;
		t->syms[nsyms].next = i + len < n ? (int32_t)nsyms + 1 : -1;
		nsyms++;
		i += len;
	}
	t->nheap = 0;
	for (i = 0; i + 1 < nsyms; i++)
		if (heap_push(t, (uint32_t)i, (uint32_t)i + 1) < 0)
			return -1;
	while (t->nheap > 0) {
		struct hent h = heap_pop(t);
		struct sym *l = &t->syms[h.left], *r = &t->syms[h.right];
		const struct merge *m;

		if (l->len == 0 || r->len == 0 || l->next != (int32_t)h.right ||
		    l->id != h.lid || r->id != h.rid)
			continue;
		m = mergetab_get(&t->merges, l->id, r->id);
		l->id = m->id;
		l->len += r->len;
		l->next = r->next;
		r->len = 0;
		if (r->next >= 0)
			t->syms[r->next].prev = (int32_t)h.left;
		if (l->prev >= 0 && heap_push(t, (uint32_t)l->prev, h.left) < 0)
			return -1;
		if (l->next >= 0 && heap_push(t, h.left, (uint32_t)l->next) < 0)
			return -1;
	}
	for (k = 0; k >= 0; k = t->syms[k].next) {
		const struct sym *s = &t->syms[k];
		size_t j;
		int all = 1;

		if (s->id >= 0) {
			if (emit_known(t, s->id) < 0)
				return -1;
			continue;
		}
		for (j = 0; t->byte_fallback && j < s->len; j++)
			if (t->byte_id[(unsigned char)w[s->off + j]] < 0)
				all = 0;
		if (!t->byte_fallback || !all) {
			if (emit_unk(t) < 0)
				return -1;
			continue;
		}
		for (j = 0; j < s->len; j++)
			if (emit(t, t->byte_id[(unsigned char)w[s->off + j]]) < 0)
				return -1;
		t->last_unk = 0;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The Unigram model */

/* A run w[0..n) of unknown characters, as one string: its piece if there
 * is one, else its bytes' pieces with byte fallback (all of them, or
 * none), else the unknown token. */
static int
unigram_unknown(struct nx_tokenizer *t, const char *w, size_t n)
{
	int32_t id = strtab_get(&t->vocab, w, n);
	size_t j;

	if (id >= 0 && (size_t)id < t->nscores)
		return emit(t, id);
	for (j = 0; t->byte_fallback && j < n; j++)
		if (t->byte_id[(unsigned char)w[j]] < 0)
			break;
	if (!t->byte_fallback || j < n)
		return emit(t, t->unk_id);
	for (j = 0; j < n; j++)
		if (emit(t, t->byte_id[(unsigned char)w[j]]) < 0)
			return -1;
	return 0;
}

/*
 * The tokens of one pre-token w[0..n): the best-scoring split into pieces
 * (Viterbi, as the tokenizers library's encode_optimized: a path reaching
 * a place keeps the first best, in order of start), a character no piece
 * of its own length covers being the unknown token at the unknown score.
 * Unknown characters next to each other make one run.
 */
static int
unigram(struct nx_tokenizer *t, const char *w, size_t n)
{
	struct best *b;
	size_t i, end, nids0 = t->nids;

	if (n == 0)
		return 0;
	if (n >= INT32_MAX)
		return -1;
	if (t->capbest < n + 1) {
		struct best *p = realloc(t->best, (n + 1) * sizeof(*p));

		if (p == NULL)
			return -1;
		t->best = p;
		t->capbest = n + 1;
	}
	b = t->best;
	for (i = 0; i <= n; i++) {
		b[i].start = -1;
		b[i].score = 0;
	}
	for (i = 0; i < n;) {
		size_t mblen = 1, j;
		int32_t at = 0;
		int single = 0;
		double here = b[i].score;

		while (i + mblen < n && ((unsigned char)w[i + mblen] & 0xC0) == 0x80)
			mblen++;
		for (j = i; j < n; j++) {
			const struct merge *e = mergetab_get(&t->utrie, at, (unsigned char)w[j]);
			int32_t id;
			double sc;

			if (e == NULL)
				break;
			at = e->id;
			if ((id = t->utok[at]) < 0)
				continue;
			sc = here + t->scores[id];
			if (b[j + 1].start < 0 || sc > b[j + 1].score) {
				b[j + 1].score = sc;
				b[j + 1].start = (int32_t)i;
				b[j + 1].id = id;
			}
			if (j + 1 - i == mblen)
				single = 1;
		}
		if (!single && (b[i + mblen].start < 0 ||
				   here + t->unk_score > b[i + mblen].score)) {
			b[i + mblen].score = here + t->unk_score;
			b[i + mblen].start = (int32_t)i;
			b[i + mblen].id = t->unk_id;
		}
		i += mblen;
	}
	/* Back from the end, the ids land reversed; then turned round. */
	for (end = n; end > 0;) {
		size_t start = (size_t)b[end].start;

		if (b[end].id != t->unk_id) {
			if (emit(t, b[end].id) < 0)
				return -1;
			end = start;
			continue;
		}
		while (start > 0 && b[start].id == t->unk_id)
			start = (size_t)b[start].start;
		/* A run's bytes may become several ids: emitted in order
		 * here, they are reversed twice. */
		{
			size_t from = t->nids, a, z;

			if (unigram_unknown(t, w + start, end - start) < 0)
				return -1;
			for (a = from, z = t->nids; a + 1 < z; a++, z--) {
				int32_t x = t->ids[a];

				t->ids[a] = t->ids[z - 1];
				t->ids[z - 1] = x;
			}
		}
		end = start;
	}
	for (i = nids0, end = t->nids; i + 1 < end; i++, end--) {
		int32_t x = t->ids[i];

		t->ids[i] = t->ids[end - 1];
		t->ids[end - 1] = x;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Encoding */

static int
section(struct nx_tokenizer *t, const char *s, size_t n, int first)
{
	struct nx_buf *norm;
	size_t i;

	if (n == 0)
		return 0;
	if (normalize(t, s, n, &norm) < 0)
		return -1;
	if (norm->len == 0)
		return 0;
	nx_buf_reset(&t->arena);
	if (nx_buf_add(&t->arena, norm->data, norm->len) < 0)
		return -1;
	t->npieces = 0;
	if (push_piece(&t->pieces, &t->npieces, &t->cappieces, 0, norm->len) < 0)
		return -1;
	for (i = 0; i < t->npres; i++)
		if (pre_apply(t, &t->pres[i], first) < 0)
			return -1;
	t->last_unk = 0;
	for (i = 0; i < t->npieces; i++)
		if ((t->unigram ? unigram : bpe)(t, t->arena.data + t->pieces[i].off,
			t->pieces[i].len) < 0)
			return -1;
	return 0;
}

/* Trailing JavaScript white space of s[0..n) cut: the new length. */
static size_t
trim_end(const char *s, size_t n)
{
	for (;;) {
		size_t k = n, len;

		while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80)
			k--;
		if (k == 0 || !js_space(s + k - 1, n - k + 1, &len))
			return n;
		n = k - 1;
	}
}

long
nx_tokenizer_encode(struct nx_tokenizer *t, const char *s, size_t n,
    const int32_t **ids)
{
	size_t i = 0, start = 0, nsections = 0;

	t->nids = 0;
#ifdef NX_HAVE_SENTENCEPIECE
	if (t->spm != NULL) {
		const int *sids;
		long k = nx_spm_encode(t->spm, s, n, &sids);

		if (k < 0)
			return -1;
		for (i = 0; i < (size_t)k; i++)
			if (emit(t, (int32_t)sids[i]) < 0)
				return -1;
		if (ids != NULL)
			*ids = t->ids;
		return k;
	}
#endif
	while (i < n) {
		size_t len = 0, end;
		int32_t a = trie_match(&t->trie, s + i, n - i, &len);

		if (a < 0) {
			i++;
			continue;
		}
		end = t->added[a].lstrip ? trim_end(s + start, i - start) + start : i;
		if (end > start && section(t, s + start, end - start, nsections == 0) < 0)
			return -1;
		if (i > start)
			nsections++;
		if (emit(t, t->added[a].id) < 0)
			return -1;
		nsections++;
		i += len;
		if (t->added[a].rstrip) {
			size_t sl;

			while (i < n && js_space(s + i, n - i, &sl))
				i += sl;
		}
		start = i;
	}
	if (n > start && section(t, s + start, n - start, nsections == 0) < 0)
		return -1;
	if (ids != NULL)
		*ids = t->ids;
	return (long)t->nids;
}

long
nx_tokenizer_count(struct nx_tokenizer *t, const char *s, size_t n)
{
	return nx_tokenizer_encode(t, s, n, NULL);
}

/* The tokens of one text, exact or estimated; -1 when memory runs out. */
static long
text_tokens(struct nx_tokenizer *tok, struct nx_str t)
{
	if (t.s == NULL || t.len == 0)
		return 0;
	if (tok != NULL)
		return nx_tokenizer_count(tok, t.s, t.len);
	return (long)((nx_text_length(t.s, t.len) + 3) / 4);
}

int
nx_tokens_measure(struct nx_tokens *out, struct nx_tokenizer *tok,
    const struct nx_record *rec, unsigned turn)
{
	long p = text_tokens(tok, rec->prompt);
	long c = text_tokens(tok, rec->completion);
	long sys = text_tokens(tok, rec->system);
	unsigned long total, messages = 0;
	size_t i;

	if (p < 0 || c < 0 || sys < 0)
		return -1;
	total = (unsigned long)(p + c + sys);
	messages += rec->prompt.s != NULL;
	messages += rec->completion.s != NULL;
	messages += rec->system.s != NULL;
	for (i = 0; i < rec->ncontext; i++) {
		long k = text_tokens(tok, rec->context[i].text);

		if (k < 0)
			return -1;
		total += (unsigned long)k;
		messages++;
	}
	out->prompt = (unsigned long)p;
	out->completion = (unsigned long)c;
	out->record = total + messages * turn;
	return 0;
}
