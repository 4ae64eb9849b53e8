/* The unit suites, one per lib module, run by check_main.c. */
#ifndef CHECK_NX_H
#define CHECK_NX_H

#include <check.h>

Suite *buf_suite(void);
Suite *reader_suite(void);
Suite *jarray_suite(void);
Suite *text_suite(void);
Suite *record_suite(void);
Suite *format_suite(void);
Suite *reject_suite(void);
Suite *output_suite(void);
Suite *scan_suite(void);
Suite *template_suite(void);
Suite *dedup_suite(void);
Suite *lang_suite(void);
Suite *safety_suite(void);
Suite *conv_suite(void);
Suite *alloc_suite(void);
Suite *paraphrase_suite(void);
Suite *tokenizer_suite(void);
Suite *schema_suite(void);
Suite *run_suite(void);
Suite *split_suite(void);
Suite *chunks_suite(void);

/* Write len bytes to a new temporary file; returns its path (static). */
const char *check_tmpfile(const char *data, size_t len);

#endif
