#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_nx.h"
#include "minvalid.h"
#include "share.h"
#include "shards.h"
#include "split.h"
#include "strata.h"

/* The side of a key is a pure function of key and seed: shares hold. */
START_TEST(test_split_side_is_a_function_of_the_key)
{
	struct nx_split s = {.seed = 42};
	unsigned n[3] = {0};

	ck_assert_int_eq(nx_split_ratios(&s, "80,10,10"), 0);
	ck_assert_int_eq(s.nsides, 3);
	for (uint64_t k = 0; k < 100000; k++) {
		int side = nx_split_side(&s, k * 0x9E3779B97F4A7C15ull);

		check_assert(
		    side == nx_split_side(&s, k * 0x9E3779B97F4A7C15ull));
		n[side]++;
	}
	ck_assert_uint_gt(n[0], 79000);
	ck_assert_uint_lt(n[0], 81000);
	ck_assert_uint_gt(n[1], 9500);
	ck_assert_uint_lt(n[2], 10500);
	ck_assert_int_eq(nx_split_ratios(&s, "80,-10"), -1);
}
END_TEST

START_TEST(test_split_quota_rounds_half_up)
{
	struct nx_split s = {.seed = 1};
	unsigned long long q[3];

	ck_assert_int_eq(nx_split_ratios(&s, "80,10,10"), 0);
	nx_split_quota(q, &s, 10);
	ck_assert_uint_eq(q[0], 8);
	ck_assert_uint_eq(q[1], 1);
	ck_assert_uint_eq(q[2], 1);
	ck_assert_int_eq(nx_split_ratios(&s, "0.8,0.2"), 0);
	nx_split_quota(q, &s, 7);
	ck_assert_uint_eq(q[0], 6); /* 5.6 */
	ck_assert_uint_eq(q[1], 1);
}
END_TEST

/* --max-share: k kept members make at most cap of the side, whatever
 * order the draws came in. */
START_TEST(test_split_share_cut_keeps_the_smallest_draws)
{
	uint64_t a[] = {90, 10, 70, 30, 50, 20};
	uint64_t b[] = {20, 50, 30, 70, 10, 90};
	uint64_t cut = nx_split_share_cut(a, 6, 10, 0.25);
	size_t kept = 0;

	/* t − n = 4 others: k = floor(0.25 × 4 / 0.75) = 1 member. */
	ck_assert_uint_eq(cut, 20);
	ck_assert_uint_eq(nx_split_share_cut(b, 6, 10, 0.25), cut);
	for (size_t i = 0; i < 6; i++)
		kept += a[i] < cut;
	ck_assert_uint_eq(kept, 1);
	ck_assert(kept / (double)(10 - 6 + kept) <= 0.25);
	ck_assert_uint_eq(nx_split_share_cut(a, 6, 10, 1.0), UINT64_MAX);
	ck_assert_uint_eq(nx_split_share_cut(a, 2, 100, 0.5), UINT64_MAX);
}
END_TEST

static unsigned long long
moved_keys(struct nx_split_group *g, size_t n, unsigned long long need,
    unsigned long long train, uint64_t *keys, size_t *nkeys)
{
	unsigned long long moved = nx_split_min_valid(g, n, need, train);

	*nkeys = 0;
	for (size_t i = 0; i < n; i++)
		if (g[i].move)
			keys[(*nkeys)++] = g[i].key;
	return moved;
}

/*
 * --min-valid: whole groups, nearest the cut first, never the last train
 * record, the same choice whatever order the groups came in.
 */
START_TEST(test_split_min_valid_moves_whole_groups_nearest_first)
{
	struct nx_split_group g[] = {{0.70, 1, 2, 0, 0}, {0.79, 2, 3, 1, 0},
	    {0.75, 3, 1, 2, 0}, {0.75, 4, 2, 3, 0}};
	struct nx_split_group h[] = {g[3], g[1], g[0], g[2]};
	uint64_t k1[4], k2[4];
	size_t n1, n2;

	/* need 4: 0.79 (3 records), then 0.75 key 3 (1 record). */
	ck_assert_uint_eq(moved_keys(g, 4, 4, 100, k1, &n1), 4);
	ck_assert_uint_eq(n1, 2);
	ck_assert_uint_eq(k1[0], 2);
	ck_assert_uint_eq(k1[1], 3);
	ck_assert_uint_eq(moved_keys(h, 4, 4, 100, k2, &n2), 4);
	ck_assert_uint_eq(n2, n1);
	ck_assert_mem_eq(k1, k2, n1 * sizeof(k1[0]));
	/* train has 3 records: the 3-record group would empty it. */
	ck_assert_uint_eq(moved_keys(g, 4, 1, 3, k1, &n1), 1);
	ck_assert_uint_eq(k1[0], 3);
	/* nothing needed, nothing moved */
	ck_assert_uint_eq(moved_keys(g, 4, 0, 100, k1, &n1), 0);
}
END_TEST

static void
parse(struct nx_record *rec, const char *line)
{
	struct nx_error err;

	ck_assert_int_eq(nx_record_parse(rec, line, strlen(line), &err), 0);
}

/* --stratify: one number a value, in the order first seen; "-" for none. */
START_TEST(test_strata_number_values_in_order_seen)
{
	struct nx_strata st = {0};
	struct nx_record rec;
	struct nx_error err;
	uint16_t k;

	nx_record_init(&rec);
	ck_assert_int_eq(nx_strata_parse(&st, "metadata."), -1);
	ck_assert_int_eq(nx_strata_parse(&st, "langs"), -1);
	ck_assert_int_eq(nx_strata_parse(&st, "metadata.topic"), 0);
	ck_assert_int_eq(st.by, NX_STRATA_FIELD);
	parse(&rec, "{\"prompt\":\"a\",\"completion\":\"b\","
		    "\"metadata\":{\"topic\":\"cats\"}}");
	ck_assert_int_eq(nx_strata_of(&st, &rec, &k, &err), 0);
	ck_assert_uint_eq(k, 0);
	parse(&rec, "{\"prompt\":\"a\",\"completion\":\"b\"}");
	ck_assert_int_eq(nx_strata_of(&st, &rec, &k, &err), 0);
	ck_assert_uint_eq(k, 1);
	ck_assert_str_eq(st.values[1], "-");
	parse(&rec, "{\"prompt\":\"c\",\"completion\":\"d\","
		    "\"metadata\":{\"topic\":\"cats\"}}");
	ck_assert_int_eq(nx_strata_of(&st, &rec, &k, &err), 0);
	ck_assert_uint_eq(k, 0);
	ck_assert_uint_eq(st.n, 2);
	nx_strata_free(&st);
	nx_record_free(&rec);
}
END_TEST

/* Each stratum holds the ratio; --min-valid takes from the largest train
 * count, never a stratum's last train record. */
START_TEST(test_strata_quotas_hold_the_ratio_then_min_valid)
{
	struct nx_strata st = {.n = 2};
	struct nx_split s = {.seed = 1};
	unsigned long long size[] = {10, 2}, *q;
	struct nx_error err;

	ck_assert_int_eq(nx_split_ratios(&s, "0.8,0.2"), 0);
	q = nx_strata_quotas(&st, &s, size, 0, &err);
	ck_assert_ptr_nonnull(q);
	ck_assert_uint_eq(q[0], 8);
	ck_assert_uint_eq(q[1], 2);
	ck_assert_uint_eq(q[2], 2); /* 1.6 rounds half up to 2 */
	ck_assert_uint_eq(q[3], 0);
	free(q);
	q = nx_strata_quotas(&st, &s, size, 5, &err);
	/* three more: all from stratum 0 (8, then 7, then 6 > 2) */
	ck_assert_uint_eq(q[0], 5);
	ck_assert_uint_eq(q[1], 5);
	ck_assert_uint_eq(q[2], 2);
	ck_assert_uint_eq(q[3], 0);
	free(q);
	/* asking for more than can move stops at one train record each */
	q = nx_strata_quotas(&st, &s, size, 100, &err);
	ck_assert_uint_eq(q[0], 1);
	ck_assert_uint_eq(q[2], 1);
	free(q);
}
END_TEST

/* --max-share: members are tagged by rule, their draws depend on the seed
 * and the line alone, and the cut keeps the share. */
START_TEST(test_shares_tag_members_and_cut_to_the_share)
{
	struct nx_shares sh = {0};
	struct nx_record rec;
	struct nx_error err;
	unsigned long long total[2] = {0};
	char line[128];
	size_t kept = 0, members = 0;

	nx_record_init(&rec);
	ck_assert_int_eq(nx_shares_add(&sh, "source"), -1);
	ck_assert_int_eq(nx_shares_add(&sh, "=x:0.5"), -1);
	ck_assert_int_eq(nx_shares_add(&sh, "source=x:1.5"), -1);
	ck_assert_int_eq(nx_shares_add(&sh, "source=web:0.25"), 0);
	ck_assert_int_eq(nx_shares_add(&sh, "metadata=a:b:0.5"), 0);
	ck_assert_str_eq(sh.rule[1].value, "a:b");
	ck_assert_int_eq(nx_shares_add(&sh, "lang=en:0.5"), 0);
	ck_assert_int_eq(nx_shares_add(&sh, "lang=de:0.5"), 0);
	ck_assert_int_eq(nx_shares_add(&sh, "lang=fr:0.5"), -1);
	for (int i = 0; i < 100; i++) {
		uint16_t tag = 0;
		int web = i % 2 == 0;

		snprintf(line, sizeof(line),
		    "{\"prompt\":\"q%d\",\"completion\":\"a\","
		    "\"source\":\"%s\"}", i, web ? "web" : "chat");
		parse(&rec, line);
		ck_assert_int_eq(nx_shares_note(&sh, 7, 0, &rec, line,
				     strlen(line), &tag, &err), 0);
		ck_assert_uint_eq(tag, web ? 4 : 0);
		total[0]++;
	}
	ck_assert_uint_eq(sh.rule[0].n[0], 50);
	nx_shares_cut(&sh, total, 2);
	for (int i = 0; i < 100; i++) {
		int web = i % 2 == 0;
		const char *over;

		snprintf(line, sizeof(line),
		    "{\"prompt\":\"q%d\",\"completion\":\"a\","
		    "\"source\":\"%s\"}", i, web ? "web" : "chat");
		over = nx_shares_over(
		    &sh, 7, web ? 4 : 0, 0, line, strlen(line));
		members += web;
		kept += web && over == NULL;
		if (over != NULL)
			ck_assert_str_eq(over, "source");
	}
	/* 50 others: at most floor(0.25 × 50 / 0.75) = 16 members */
	ck_assert_uint_eq(members, 50);
	ck_assert_uint_eq(kept, 16);
	nx_shares_free(&sh);
	nx_record_free(&rec);
}
END_TEST

/* --min-valid in hash placement: only the groups nearest the cut are kept,
 * and the lines to move come whole groups at a time, ascending. */
START_TEST(test_minvalid_keeps_nearest_groups_and_moves_their_lines)
{
	struct nx_minvalid mv;
	struct nx_error err;
	uint64_t key[4];
	double u[4];
	long *move;
	size_t n;

	/* four keys, sorted by their place */
	for (int i = 0; i < 4; i++) {
		key[i] = (uint64_t)(i + 1) * 0x9E3779B97F4A7C15ull;
		u[i] = nx_split_unit(key[i]);
	}
	for (int i = 0; i < 4; i++)
		for (int j = i + 1; j < 4; j++)
			if (u[j] < u[i]) {
				double t = u[i];
				uint64_t k = key[i];

				u[i] = u[j], u[j] = t;
				key[i] = key[j], key[j] = k;
			}
	ck_assert_int_eq(nx_minvalid_init(&mv, 0, &err), 0);
	ck_assert_int_eq(nx_minvalid_note(&mv, key[0], 0, &err), 0);
	ck_assert_uint_eq(mv.n, 0);
	nx_minvalid_free(&mv);
	ck_assert_int_eq(nx_minvalid_init(&mv, 2, &err), 0);
	/* lines 0..6: key3 key0 key3 key1 key2 key0 key2 */
	ck_assert_int_eq(nx_minvalid_note(&mv, key[3], 0, &err), 0);
	ck_assert_int_eq(nx_minvalid_note(&mv, key[0], 1, &err), 0);
	ck_assert_int_eq(nx_minvalid_note(&mv, key[3], 2, &err), 0);
	ck_assert_int_eq(nx_minvalid_note(&mv, key[1], 3, &err), 0);
	ck_assert_int_eq(nx_minvalid_note(&mv, key[2], 4, &err), 0);
	ck_assert_int_eq(nx_minvalid_note(&mv, key[0], 5, &err), 0);
	ck_assert_int_eq(nx_minvalid_note(&mv, key[2], 6, &err), 0);
	ck_assert_uint_eq(mv.n, 2); /* key3 and key2 */
	/* need 1: the nearest group, key3, moves whole */
	ck_assert_int_eq(nx_minvalid_lines(&move, &n, &mv, 1, 7, &err), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(move[0], 0);
	ck_assert_int_eq(move[1], 2);
	free(move);
	/* need 3: both, ascending */
	ck_assert_int_eq(nx_minvalid_lines(&move, &n, &mv, 3, 7, &err), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(move[0], 0);
	ck_assert_int_eq(move[1], 2);
	ck_assert_int_eq(move[2], 4);
	ck_assert_int_eq(move[3], 6);
	free(move);
	nx_minvalid_free(&mv);
}
END_TEST

/* --shards: a key's shard is its place scaled, never n; names of three
 * digits in the folder. */
START_TEST(test_shards_place_keys_by_their_unit)
{
	unsigned seen[4] = {0};
	char *p = nx_shards_path("out", 7);

	ck_assert_str_eq(p, "out/shard-007.jsonl");
	free(p);
	ck_assert_int_eq(nx_shards_of(UINT64_MAX, 4), 3);
	for (uint64_t k = 0; k < 4000; k++) {
		uint64_t key = k * 0x9E3779B97F4A7C15ull;
		int i = nx_shards_of(key, 4);

		check_assert(i == (int)(nx_split_unit(key) * 4));
		seen[i]++;
	}
	for (int i = 0; i < 4; i++)
		ck_assert_uint_gt(seen[i], 900);
}
END_TEST

Suite *
split_suite(void)
{
	Suite *s = suite_create("split");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_split_side_is_a_function_of_the_key);
	tcase_add_test(tc, test_split_quota_rounds_half_up);
	tcase_add_test(tc, test_split_share_cut_keeps_the_smallest_draws);
	tcase_add_test(tc, test_split_min_valid_moves_whole_groups_nearest_first);
	tcase_add_test(tc, test_strata_number_values_in_order_seen);
	tcase_add_test(tc, test_strata_quotas_hold_the_ratio_then_min_valid);
	tcase_add_test(tc, test_shares_tag_members_and_cut_to_the_share);
	tcase_add_test(tc, test_minvalid_keeps_nearest_groups_and_moves_their_lines);
	tcase_add_test(tc, test_shards_place_keys_by_their_unit);
	suite_add_tcase(s, tc);
	return s;
}
