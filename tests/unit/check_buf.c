#include <string.h>

#include "buf.h"
#include "check_nx.h"

START_TEST(test_buf_grows_and_keeps_bytes)
{
	struct nx_buf b = NX_BUF_INIT;

	for (int i = 0; i < 10000; i++)
		check_assert(nx_buf_addc(&b, (char)('a' + i % 26)) == 0);
	ck_assert_uint_eq(b.len, 10000);
	ck_assert_int_eq(b.data[9999], 'a' + 9999 % 26);
	ck_assert_int_eq(nx_buf_adds(&b, "xyz"), 0);
	ck_assert_int_eq(memcmp(b.data + 10000, "xyz", 3), 0);
	nx_buf_reset(&b);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_uint_ge(b.cap, 10003);
	nx_buf_free(&b);
	ck_assert_ptr_null(b.data);
}
END_TEST

START_TEST(test_buf_refuses_impossible_size)
{
	struct nx_buf b = NX_BUF_INIT;

	ck_assert_int_eq(nx_buf_reserve(&b, (size_t)-1), -1);
	ck_assert_uint_eq(b.len, 0);
	nx_buf_free(&b);
}
END_TEST

Suite *
buf_suite(void)
{
	Suite *s = suite_create("buf");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_buf_grows_and_keeps_bytes);
	tcase_add_test(tc, test_buf_refuses_impossible_size);
	suite_add_tcase(s, tc);
	return s;
}
