#include <stdint.h>
#include <string.h>

#include "check_nx.h"
#include "split.h"

/* The side of a key is a pure function of key and seed: shares hold. */
START_TEST(test_split_side_is_a_function_of_the_key)
{
	struct nx_split s = {.seed = 42};
	unsigned n[3] = {0};

	ck_assert_int_eq(nx_split_ratios(&s, "80,10,10"), 0);
	ck_assert_int_eq(s.nsides, 3);
	for (uint64_t k = 0; k < 100000; k++) {
		int side = nx_split_side(&s, k * 0x9E3779B97F4A7C15ull);

		ck_assert_int_eq(side, nx_split_side(&s, k * 0x9E3779B97F4A7C15ull));
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

Suite *
split_suite(void)
{
	Suite *s = suite_create("split");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_split_side_is_a_function_of_the_key);
	tcase_add_test(tc, test_split_quota_rounds_half_up);
	tcase_add_test(tc, test_split_share_cut_keeps_the_smallest_draws);
	tcase_add_test(tc, test_split_min_valid_moves_whole_groups_nearest_first);
	suite_add_tcase(s, tc);
	return s;
}
