#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "check_nx.h"
#include "dedup.h"
#include "rand.h"
#include "text.h"

/* Text none of us wrote: the sentences of the GPL, on every Debian. */
#define CORPUS "/usr/share/common-licenses/GPL-3"
#define MAX_SENTENCES 4000

static char *sentences[MAX_SENTENCES];
static size_t nsentences;

static void
load_corpus(void)
{
	FILE *fp = fopen(CORPUS, "r");
	static char text[1 << 16];
	size_t n;
	char *p, *start;

	ck_assert_msg(fp != NULL, "cannot open %s", CORPUS);
	n = fread(text, 1, sizeof(text) - 1, fp);
	fclose(fp);
	text[n] = '\0';
	for (p = start = text; *p != '\0'; p++) {
		if (*p != '.' && *p != ';' && *p != ':')
			continue;
		*p = '\0';
		{
			struct nx_buf norm = NX_BUF_INIT;
			struct nx_error err;

			ck_assert_int_eq(
			    nx_text_normalize(&norm, start, strlen(start),
				NX_NORM_PUNCT, &err),
			    0);
			ck_assert_int_eq(nx_buf_addc(&norm, '\0'), 0);
			if (norm.len > 40 && nsentences < MAX_SENTENCES)
				sentences[nsentences++] = norm.data;
			else
				nx_buf_free(&norm);
		}
		start = p + 1;
	}
}

/* A shingle of the reference: 5 bytes. */
typedef char window[5];

static int
window_cmp(const void *a, const void *b)
{
	return memcmp(a, b, 5);
}

/* The distinct windows of s, sorted, in a new array; their count into *n. */
static window *
windows(const char *s, size_t *n)
{
	size_t len = strlen(s), k = 0;
	window *w = malloc((len < 5 ? 1 : len - 4) * sizeof(*w));

	check_assert(w != NULL);
	*n = 0;
	for (size_t i = 0; i + 5 <= len; i++)
		memcpy(w[k++], s + i, 5);
	qsort(w, k, sizeof(*w), window_cmp);
	for (size_t i = 0; i < k; i++)
		if (*n == 0 || memcmp(w[*n - 1], w[i], 5) != 0)
			memcpy(w[(*n)++], w[i], 5);
	return w;
}

/* Jaccard similarity of the 5-character shingle sets, computed plainly:
 * both sets listed in order, and the windows they share counted in one
 * pass over the two lists.  Texts here are ASCII (the GPL), so
 * characters are bytes. */
static double
reference_jaccard(const char *a, const char *b)
{
	size_t na, nb, i = 0, j = 0, both = 0;
	window *wa = windows(a, &na), *wb = windows(b, &nb);

	while (i < na && j < nb) {
		int c = memcmp(wa[i], wb[j], 5);

		both += c == 0;
		i += c <= 0;
		j += c >= 0;
	}
	free(wa);
	free(wb);
	return (double)both / (double)(na + nb - both);
}

/* A copy of s with `edits` letters changed at random places. */
static char *
edit(const char *s, int edits, struct nx_rand *r)
{
	char *t = strdup(s);
	size_t n = strlen(t);

	for (int e = 0; e < edits; e++) {
		size_t i = (size_t)nx_rand_below(r, n);

		if (t[i] >= 'a' && t[i] <= 'z')
			t[i] = (char)('a' +
			    (t[i] - 'a' + 1 + (int)nx_rand_below(r, 25)) % 26);
	}
	return t;
}

START_TEST(test_dedup_near_precision_and_recall_on_real_text)
{
	struct nx_dedup *d;
	struct nx_error err;
	struct nx_rand r;
	size_t found = 0, correct = 0, positives = 0, recalled = 0;

	load_corpus();
	ck_assert_uint_gt(nsentences, 150);
	ck_assert_int_eq(nx_dedup_new(&d, NX_DEDUP_NEAR, 0.8, &err), 0);
	for (size_t i = 0; i < nsentences; i++) {
		uint64_t payload = i;
		double sim;

		check_assert(
		    nx_dedup_check(d, sentences[i], strlen(sentences[i]), 1,
			&payload, &sim, &err) >= 0);
	}
	nx_rand_init(&r, 7, 0);
	for (size_t i = 0; i < nsentences; i++) {
		for (int edits = 0; edits <= 6; edits++) {
			char *v = edit(sentences[i], edits, &r);
			double truth = reference_jaccard(v, sentences[i]), sim;
			uint64_t payload = UINT64_MAX;
			int hit = nx_dedup_check(
			    d, v, strlen(v), 0, &payload, &sim, &err);

			check_assert(hit >= 0);
			if (hit) {
				found++;
				correct += reference_jaccard(
					       v, sentences[payload]) >= 0.8;
			}
			if (truth >= 0.9) {
				positives++;
				recalled += hit == 1;
			}
			free(v);
		}
	}
	printf("dedup near: %zu sentences, precision %.4f (%zu/%zu), recall "
	       "at J >= 0.9 %.4f (%zu/%zu)\n",
	    nsentences, (double)correct / (double)found, correct, found,
	    (double)recalled / (double)positives, recalled, positives);
	ck_assert_uint_gt(positives, 500);
	ck_assert_msg(
	    correct * 100 >= found * 99, "precision %zu/%zu", correct, found);
	ck_assert_msg(recalled * 100 >= positives * 95, "recall %zu/%zu",
	    recalled, positives);
	nx_dedup_free(d);
	for (size_t i = 0; i < nsentences; i++)
		free(sentences[i]);
	nsentences = 0;
}
END_TEST

/*
 * Confirmation skips pairs that cannot share enough shingles, and stops a
 * comparison once they cannot: neither may change an answer.  For pairs
 * of GPL sentences, edited or cut short (so that sizes differ), the
 * threshold is set to the true similarity: the pair is a duplicate with
 * exactly that similarity, and at the next number above it is not.
 */
START_TEST(test_dedup_near_confirms_exactly_at_the_threshold)
{
	struct nx_error err;
	struct nx_rand r;
	size_t hits = 0, tried = 0;

	load_corpus();
	nx_rand_init(&r, 11, 0);
	for (size_t i = 0; i < nsentences && tried < 400; i++) {
		size_t n = strlen(sentences[i]);
		char *v = i % 2 ? edit(sentences[i], 1 + (int)(i % 4), &r)
				: strndup(sentences[i], n - 1 - i % 9);
		double truth = reference_jaccard(sentences[i], v);

		if (truth >= 0.7 && truth < 1) {
			double at[2] = {truth, nextafter(truth, 2)};

			tried++;
			for (int k = 0; k < 2; k++) {
				struct nx_dedup *d;
				uint64_t payload = 1;
				double sim = -1;
				int hit;

				check_assert(nx_dedup_new(&d, NX_DEDUP_NEAR,
						 at[k], &err) == 0);
				check_assert(nx_dedup_check(d, sentences[i], n,
						 1, &payload, &sim, &err) == 0);
				hit = nx_dedup_check(
				    d, v, strlen(v), 0, &payload, &sim, &err);
				if (k == 0 && hit == 1) {
					hits++;
					ck_assert_msg(sim == truth,
					    "%s: %.17g, not %.17g", v, sim,
					    truth);
				}
				if (k == 1)
					ck_assert_msg(hit == 0,
					    "%s: taken above its similarity",
					    v);
				nx_dedup_free(d);
			}
		}
		free(v);
	}
	ck_assert_uint_gt(tried, 100);
	ck_assert_uint_gt(hits * 10, tried * 8);
	for (size_t i = 0; i < nsentences; i++)
		free(sentences[i]);
	nsentences = 0;
}
END_TEST

/* Random letters: keys that share no shingle by chance. */
static char *
random_key(size_t n, struct nx_rand *r)
{
	char *t = malloc(n + 1);

	check_assert(t != NULL);
	for (size_t i = 0; i < n; i++)
		t[i] = (char)('a' + nx_rand_below(r, 26));
	t[n] = '\0';
	return t;
}

/* The shingle sets kept in memory at first and later in the temporary
 * file, and a set larger than the memory kept for them: each found
 * again, whole.  700 keys of 400 letters are more shingles than the
 * memory holds (2^18), so the file is written before the large set comes;
 * the deep run's 3,000 write it four times. */
START_TEST(test_dedup_near_finds_sets_in_memory_and_in_the_file)
{
	enum { MAXKEYS = 3000, LONG = 400 };
	static char *keys[MAXKEYS + 1];
	const size_t nkeys = 700 + (size_t)check_rounds(MAXKEYS - 700);
	struct nx_dedup *d;
	struct nx_error err;
	struct nx_rand r;
	uint64_t payload;
	double sim;

	nx_rand_init(&r, 3, 0);
	ck_assert_int_eq(nx_dedup_new(&d, NX_DEDUP_NEAR, 0.8, &err), 0);
	for (size_t i = 0; i <= nkeys; i++) {
		/* the last key: 300,000 shingles, more than 1 MiB of them */
		keys[i] = random_key(i == nkeys ? 300000 : LONG, &r);
		payload = i;
		check_assert(nx_dedup_check(d, keys[i], strlen(keys[i]), 1,
				 &payload, &sim, &err) == 0);
	}
	for (size_t i = nkeys + 1; i-- > 0;) {
		payload = UINT64_MAX;
		check_assert(nx_dedup_check(d, keys[i], strlen(keys[i]), 0,
				 &payload, &sim, &err) == 1);
		check_assert(payload == i);
		check_assert(sim == 1.0);
		free(keys[i]);
	}
	ck_assert_uint_eq(nx_dedup_count(d), nkeys + 1);
	nx_dedup_free(d);
}
END_TEST

/* The similarity of two keys: 1 for equal ones, the true Jaccard of their
 * shingle sets otherwise, and nothing added to the index. */
START_TEST(test_dedup_similarity_of_two_keys)
{
	struct nx_dedup *d;
	struct nx_error err;
	double sim;
	const char *a = "abcdefgh", *b = "abcdefgx";

	ck_assert_int_eq(nx_dedup_new(&d, NX_DEDUP_EXACT, 1, &err), 0);
	ck_assert_int_eq(nx_dedup_similarity(d, &sim, 0, a, 8, a, 8, &err), 0);
	ck_assert(sim == 1);
	/* shingles abcde bcdef cdefg defgh against ... cdefg defgx: 3 of 5 */
	ck_assert_int_eq(nx_dedup_similarity(d, &sim, 0, a, 8, b, 8, &err), 0);
	ck_assert_double_eq_tol(sim, 3.0 / 5.0, 1e-9);
	ck_assert_int_eq(
	    nx_dedup_similarity(d, &sim, 0, "xyz", 3, "uvw", 3, &err), 0);
	ck_assert(sim == 0);
	/* asked for 0.9 at least: stops early, with a value below it */
	ck_assert_int_eq(nx_dedup_similarity(d, &sim, 0.9, "abcdefghijklmnop",
			     16, "zyxwvutsrqponmlk", 16, &err),
	    0);
	ck_assert(sim < 0.9);
	ck_assert_uint_eq(nx_dedup_count(d), 0);
	nx_dedup_free(d);
}
END_TEST

/* Words for made-up replies: ASCII, accents and CJK, some sharing
 * letters so that windows across them repeat. */
static const char *const pair_words[] = {"the", "model", "answer",
    "Answer", "reply", "tokens", "a", "an", "țară", "întreaga", "größe",
    "日本語", "モデル", "data", "dat", "at", "ta", "42", "x", "réponse"};
static const char *const pair_gaps[] = {" ", " ", " ", ", ", ". ", "  ",
    "\n", "-", ""};

/* A made-up reply of about n words into out (NUL-terminated). */
static void
pair_text(struct nx_rand *r, size_t n, struct nx_buf *out)
{
	size_t nw = sizeof(pair_words) / sizeof(*pair_words);
	size_t ng = sizeof(pair_gaps) / sizeof(*pair_gaps);

	nx_buf_reset(out);
	for (size_t i = 0; i < n; i++) {
		const char *w = pair_words[nx_rand_below(r, nw)];
		const char *g = pair_gaps[nx_rand_below(r, ng)];

		check_assert(nx_buf_add(out, w, strlen(w)) == 0);
		check_assert(nx_buf_add(out, g, strlen(g)) == 0);
	}
	check_assert(nx_buf_addc(out, '\0') == 0);
	out->len--;
}

/* b: a with k edits (a byte changed, a word put in, a span cut), each at
 * a random place; may cut a character in two, as bad input does. */
static void
pair_edit(struct nx_rand *r, const struct nx_buf *a, size_t k,
    struct nx_buf *b)
{
	size_t nw = sizeof(pair_words) / sizeof(*pair_words);

	nx_buf_reset(b);
	check_assert(nx_buf_add(b, a->data ? a->data : "", a->len) == 0);
	for (size_t e = 0; e < k && b->len > 0; e++) {
		size_t at = nx_rand_below(r, b->len);

		switch (nx_rand_below(r, 3)) {
		case 0:
			b->data[at] = (char)('a' + nx_rand_below(r, 26));
			break;
		case 1: {
			const char *w = pair_words[nx_rand_below(r, nw)];
			struct nx_buf t = NX_BUF_INIT;

			check_assert(nx_buf_add(&t, b->data, at) == 0);
			check_assert(nx_buf_add(&t, w, strlen(w)) == 0);
			check_assert(
			    nx_buf_add(&t, b->data + at, b->len - at) == 0);
			nx_buf_reset(b);
			check_assert(nx_buf_add(b, t.data, t.len) == 0);
			nx_buf_free(&t);
			break;
		}
		default: {
			size_t cut = 1 + nx_rand_below(r, 8);

			if (cut > b->len - at)
				cut = b->len - at;
			memmove(b->data + at, b->data + at + cut,
			    b->len - at - cut);
			b->len -= cut;
		}
		}
	}
	check_assert(nx_buf_addc(b, '\0') == 0);
	b->len--;
}

/*
 * Asked for a least similarity, nx_dedup_similarity may stop early, but
 * its verdict is the exact one's: a pair reaching the threshold gets the
 * very similarity computed in full (at_least 0), and no other pair
 * reaches it.  Unrelated replies, edited copies (a few edits to many),
 * repeated text and short keys, each pair both ways round.
 */
START_TEST(test_dedup_similarity_early_stop_keeps_verdict)
{
	static const double at_least[] = {0.8, 0.5, 0.95, 0.3};
	struct nx_dedup *d;
	struct nx_error err;
	struct nx_rand r;
	struct nx_buf a = NX_BUF_INIT, b = NX_BUF_INIT;
	size_t above = 0, below = 0, close = 0;
	int rounds = check_rounds(6000);

	nx_rand_init(&r, 22, 1);
	ck_assert_int_eq(nx_dedup_new(&d, NX_DEDUP_EXACT, 1, &err), 0);
	for (int i = 0; i < rounds; i++) {
		size_t n = nx_rand_below(&r, 4) == 0 ? nx_rand_below(&r, 4)
						       : nx_rand_below(&r, 120);

		pair_text(&r, n, &a);
		switch (i % 4) {
		case 0: /* unrelated */
			pair_text(&r, nx_rand_below(&r, 120), &b);
			break;
		case 1: /* a few edits: mostly similar */
			pair_edit(&r, &a, nx_rand_below(&r, 6), &b);
			break;
		case 2: /* more edits: around the threshold */
			pair_edit(&r, &a, nx_rand_below(&r, 1 + n / 2), &b);
			break;
		default: /* repeated text: few distinct windows */
			pair_text(&r, 1 + nx_rand_below(&r, 3), &a);
			nx_buf_reset(&b);
			for (size_t k = 1 + nx_rand_below(&r, 40); k > 0; k--)
				check_assert(
				    nx_buf_add(&b, a.data, a.len) == 0);
			check_assert(nx_buf_addc(&b, '\0') == 0);
			b.len--;
			pair_edit(&r, &b, nx_rand_below(&r, 3), &a);
		}
		for (int swap = 0; swap < 2; swap++) {
			const struct nx_buf *x = swap ? &b : &a,
					    *y = swap ? &a : &b;
			double exact, fast;

			check_assert(
			    nx_dedup_similarity(d, &exact, 0,
				x->data ? x->data : "", x->len,
				y->data ? y->data : "", y->len, &err) == 0);
			above += exact >= 0.8;
			below += exact < 0.8;
			close += fabs(exact - 0.8) < 0.1;
			for (size_t t = 0;
			     t < sizeof(at_least) / sizeof(*at_least); t++) {
				check_assert(
				    nx_dedup_similarity(d, &fast, at_least[t],
					x->data ? x->data : "", x->len,
					y->data ? y->data : "", y->len,
					&err) == 0);
				if (exact >= at_least[t] ? fast != exact
							 : fast >= at_least[t])
					ck_abort_msg(
					    "pair %d: %.17g at least %g, "
					    "exactly %.17g",
					    i, fast, at_least[t], exact);
			}
		}
	}
	/* the pairs cover both verdicts and the threshold's neighbourhood */
	printf("dedup similarity: %d pairs both ways, %zu at least 0.8, %zu "
	       "below, %zu within 0.1 of it\n",
	    rounds, above, below, close);
	ck_assert_uint_gt(above, (size_t)rounds / 6);
	ck_assert_uint_gt(below, (size_t)rounds / 6);
	ck_assert_uint_gt(close, (size_t)rounds / 12);
	nx_buf_free(&a);
	nx_buf_free(&b);
	nx_dedup_free(d);
}
END_TEST

START_TEST(test_dedup_exact_finds_equal_keys_only)
{
	struct nx_dedup *d;
	struct nx_error err;
	uint64_t payload;
	double sim;
	char key[32];

	ck_assert_int_eq(nx_dedup_new(&d, NX_DEDUP_EXACT, 0, &err), 0);
	for (int i = 0; i < 100000; i++) {
		snprintf(key, sizeof(key), "key %d", i);
		payload = (uint64_t)i;
		check_assert(nx_dedup_check(d, key, strlen(key), 1, &payload,
				 &sim, &err) == 0);
	}
	ck_assert_uint_eq(nx_dedup_count(d), 100000);
	snprintf(key, sizeof(key), "key %d", 4242);
	payload = 0;
	ck_assert_int_eq(
	    nx_dedup_check(d, key, strlen(key), 1, &payload, &sim, &err), 1);
	ck_assert_uint_eq(payload, 4242);
	ck_assert_int_eq(
	    nx_dedup_check(d, "key 100000", 10, 0, &payload, &sim, &err), 0);
	ck_assert_uint_eq(nx_dedup_count(d), 100000);
	nx_dedup_free(d);
}
END_TEST

/* Labels for saving: the payload's decimal digits; loading reads them
 * back. */
static int
label_of(void *ctx, uint64_t payload, struct nx_buf *out)
{
	char t[24];

	(void)ctx;
	snprintf(t, sizeof(t), "%llu", (unsigned long long)payload);
	return nx_buf_add(out, t, strlen(t));
}

static int
payload_of(void *ctx, const char *label, size_t len, uint64_t *payload)
{
	char t[24];

	(void)ctx;
	ck_assert_uint_lt(len, sizeof(t));
	memcpy(t, label, len);
	t[len] = '\0';
	*payload = strtoull(t, NULL, 10);
	return 0;
}

/* An exact index saved and loaded again finds the same keys with the same
 * payloads, and no others. */
START_TEST(test_dedup_exact_saved_and_loaded)
{
	struct nx_dedup *d, *e;
	struct nx_error err;
	uint64_t payload;
	double sim;
	char key[32];
	FILE *fp = tmpfile();

	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(nx_dedup_new(&d, NX_DEDUP_EXACT, 0, &err), 0);
	for (int i = 0; i < 20000; i++) {
		snprintf(key, sizeof(key), "key %d", i);
		payload = (uint64_t)i * 3;
		check_assert(nx_dedup_check(d, key, strlen(key), 1, &payload,
				 &sim, &err) == 0);
	}
	ck_assert_int_eq(nx_dedup_save(d, fp, label_of, NULL, &err), 0);
	nx_dedup_free(d);
	rewind(fp);
	ck_assert_int_eq(nx_dedup_new(&e, NX_DEDUP_EXACT, 0, &err), 0);
	ck_assert_int_eq(
	    nx_dedup_load(e, fp, "saved", payload_of, NULL, &err), 0);
	fclose(fp);
	ck_assert_uint_eq(nx_dedup_count(e), 20000);
	for (int i = 0; i < 20000; i += 7) {
		snprintf(key, sizeof(key), "key %d", i);
		check_assert(nx_dedup_check(e, key, strlen(key), 0, &payload,
				 &sim, &err) == 1);
		check_assert(payload == (uint64_t)i * 3);
	}
	ck_assert_int_eq(
	    nx_dedup_check(e, "key 20000", 9, 0, &payload, &sim, &err), 0);
	nx_dedup_free(e);
}
END_TEST

/* An index of version 1 (128-bit hashes) is still read; one of a later
 * version is refused by name, not taken for a broken file. */
START_TEST(test_dedup_exact_reads_version_1_and_names_later_ones)
{
	static const char v1[] = "nova-export dedup index 1\n";
	static const char v9[] = "nova-export dedup index 9\n";
	struct nx_dedup *d;
	struct nx_error err;
	XXH128_hash_t h = XXH3_128bits("ce este un vector", 17);
	uint64_t n = 1, payload = 0;
	uint32_t len = 2;
	uint8_t mode = NX_DEDUP_EXACT;
	double threshold = 0, sim;
	FILE *fp = tmpfile();

	ck_assert_ptr_nonnull(fp);
	fwrite(v1, 1, sizeof(v1) - 1, fp);
	fwrite(&mode, 1, 1, fp);
	fwrite(&threshold, sizeof(threshold), 1, fp);
	fwrite(&n, sizeof(n), 1, fp);
	fwrite(&h.low64, 8, 1, fp);
	fwrite(&h.high64, 8, 1, fp);
	fwrite(&len, sizeof(len), 1, fp);
	fwrite("42", 1, 2, fp);
	rewind(fp);
	ck_assert_int_eq(nx_dedup_new(&d, NX_DEDUP_EXACT, 0, &err), 0);
	ck_assert_int_eq(
	    nx_dedup_load(d, fp, "old.idx", payload_of, NULL, &err), 0);
	ck_assert_int_eq(
	    nx_dedup_check(d, "ce este un vector", 17, 0, &payload, &sim, &err),
	    1);
	ck_assert_uint_eq(payload, 42);
	rewind(fp);
	fwrite(v9, 1, sizeof(v9) - 1, fp);
	rewind(fp);
	ck_assert_int_eq(
	    nx_dedup_load(d, fp, "new.idx", payload_of, NULL, &err), -1);
	ck_assert_str_eq(err.msg,
	    "new.idx: a dedup index of a later version of nova-export (9)");
	fclose(fp);
	nx_dedup_free(d);
}
END_TEST

START_TEST(test_dedup_near_keeps_distinct_short_texts)
{
	static const char *const keys[] = {
	    "cine esti", "ce esti", "hi", "ho", "cine", "cina", "a", "b"};
	struct nx_dedup *d;
	struct nx_error err;
	uint64_t payload;
	double sim;

	ck_assert_int_eq(nx_dedup_new(&d, NX_DEDUP_NEAR, 0.8, &err), 0);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		payload = i;
		ck_assert_msg(nx_dedup_check(d, keys[i], strlen(keys[i]), 1,
				  &payload, &sim, &err) == 0,
		    "%s taken for %s", keys[i], keys[payload]);
	}
	payload = 99;
	ck_assert_int_eq(
	    nx_dedup_check(d, "cine esti", 9, 1, &payload, &sim, &err), 1);
	ck_assert_uint_eq(payload, 0);
	nx_dedup_free(d);
}
END_TEST

Suite *
dedup_suite(void)
{
	Suite *s = suite_create("dedup");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_dedup_exact_finds_equal_keys_only);
	tcase_add_test(tc, test_dedup_similarity_of_two_keys);
	tcase_add_test(tc, test_dedup_similarity_early_stop_keeps_verdict);
	tcase_add_test(tc, test_dedup_exact_saved_and_loaded);
	tcase_add_test(
	    tc, test_dedup_exact_reads_version_1_and_names_later_ones);
	tcase_add_test(tc, test_dedup_near_keeps_distinct_short_texts);
	tcase_add_test(tc, test_dedup_near_precision_and_recall_on_real_text);
	tcase_add_test(tc, test_dedup_near_confirms_exactly_at_the_threshold);
	tcase_add_test(
	    tc, test_dedup_near_finds_sets_in_memory_and_in_the_file);
	suite_add_tcase(s, tc);
	return s;
}
