#include <string.h>

#include "check_nx.h"
#include "reject.h"

static json_t *
write_reject(const struct nx_reject *r, const struct nx_record *rec,
    const char *raw, size_t rawlen)
{
	struct nx_buf b = NX_BUF_INIT;
	json_error_t jerr;
	json_t *v;

	ck_assert_int_eq(nx_reject_write(&b, r, rec, raw, rawlen), 0);
	ck_assert_int_eq(b.data[b.len - 1], '\n');
	v = json_loadb(b.data, b.len, 0, &jerr);
	ck_assert_msg(v != NULL, "%s", jerr.text);
	nx_buf_free(&b);
	return v;
}

START_TEST(test_reject_keeps_parsed_record_and_id)
{
	static const char line[] =
	    "{\"id\":\"cache:7\",\"prompt\":\"p\",\"completion\":\"c\"}";
	struct nx_reject r = {"too-short", "in.jsonl", 12, NULL, NULL};
	struct nx_record rec;
	struct nx_error err;
	json_t *v;

	nx_record_init(&rec);
	ck_assert_int_eq(nx_record_parse(&rec, line, strlen(line), &err), 0);
	v = write_reject(&r, &rec, line, strlen(line));
	ck_assert_str_eq(
	    json_string_value(json_object_get(v, "reason")), "too-short");
	ck_assert_str_eq(
	    json_string_value(json_object_get(v, "file")), "in.jsonl");
	ck_assert_int_eq(json_integer_value(json_object_get(v, "line")), 12);
	ck_assert_str_eq(
	    json_string_value(json_object_get(v, "id")), "cache:7");
	ck_assert(json_equal(json_object_get(v, "record"), rec.root));
	ck_assert_ptr_null(json_object_get(v, "raw"));
	json_decref(v);
	nx_record_free(&rec);
}
END_TEST

START_TEST(test_reject_keeps_exact_bytes_of_invalid_utf8)
{
	static const char raw[] = "{\"prompt\":\"\xC3\x28\"}";
	struct nx_reject r = {"json", "<stdin>", 3, "invalid JSON", NULL};
	json_t *v = write_reject(&r, NULL, raw, sizeof(raw) - 1);

	ck_assert_str_eq(json_string_value(json_object_get(v, "raw")),
	    "{\"prompt\":\"\xEF\xBF\xBD(\"}");
	/* base64 of the 15 bytes as read */
	ck_assert_str_eq(json_string_value(json_object_get(v, "raw_base64")),
	    "eyJwcm9tcHQiOiLDKCJ9");
	ck_assert_str_eq(
	    json_string_value(json_object_get(v, "message")), "invalid JSON");
	json_decref(v);
}
END_TEST

Suite *
reject_suite(void)
{
	Suite *s = suite_create("reject");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_reject_keeps_parsed_record_and_id);
	tcase_add_test(tc, test_reject_keeps_exact_bytes_of_invalid_utf8);
	suite_add_tcase(s, tc);
	return s;
}
