#include <string.h>

#include "buf.h"
#include "check_nx.h"
#include "conv.h"
#include "snapshot.h"

/* A Nova session file with turns "Pu1 Pa1 Pu2 Pa2 …", n of them. */
static void
session(struct nx_conv *c, char *text, size_t size, const char *id,
    const char *stamp, int n, const char *p)
{
	size_t o = (size_t)snprintf(text, size,
	    "{\"session_id\":\"%s\",\"timestamp\":\"%s\",\"messages\":[", id,
	    stamp);

	for (int i = 0; i < n; i++)
		o += (size_t)snprintf(text + o, size - o,
		    "%s{\"role\":\"%s\",\"content\":\"%s%c%d \\u0219\"}",
		    i ? "," : "", i % 2 ? "assistant" : "user", p,
		    i % 2 ? 'a' : 'u', i / 2 + 1);
	snprintf(text + o, size - o, "]}");
	ck_assert_int_eq(nx_conv_scan(c, text, strlen(text)), 1);
}

static int
str_eq(struct nx_str a, struct nx_str b)
{
	if (a.s == NULL || b.s == NULL)
		return a.s == b.s;
	return a.len == b.len && memcmp(a.s, b.s, a.len) == 0;
}

START_TEST(test_pack_round_trip)
{
	struct nx_conv c, d;
	struct nx_buf b = NX_BUF_INIT;
	char text[4096];

	nx_conv_init(&c);
	nx_conv_init(&d);
	session(&c, text, sizeof(text), "s1", "2026-01-02T03:04:05", 5, "");
	ck_assert_int_eq(nx_conv_pack(&b, &c), 0);
	ck_assert_int_eq(nx_conv_unpack(&d, b.data, b.len), 0);
	ck_assert_int_eq(d.shape, NX_CONV_NOVA);
	ck_assert(str_eq(d.session_id, c.session_id));
	ck_assert(str_eq(d.timestamp, c.timestamp));
	ck_assert_ptr_null(d.id.s);
	ck_assert_ptr_null(d.turns.system.s);
	ck_assert_uint_eq(d.turns.ncontext, 5);
	for (size_t i = 0; i < 5; i++) {
		ck_assert_int_eq(
		    d.turns.context[i].role, c.turns.context[i].role);
		ck_assert(
		    str_eq(d.turns.context[i].text, c.turns.context[i].text));
	}
	ck_assert_mem_eq(d.turns.context[4].text.s, "u3 \xC8\x99", 5);
	/* Anything short of the whole is refused, never read past. */
	for (size_t n = 0; n < b.len; n++)
		ck_assert_int_eq(nx_conv_unpack(&d, b.data, n), -1);
	nx_buf_free(&b);
	nx_conv_free(&c);
	nx_conv_free(&d);
}
END_TEST

/*
 * Add sessions (id, stamp, turns; their text starts with the id, or with
 * id and stamp when own) in order; which were superseded, as 0s and 1s.
 */
static void
decide(const char *ids[], const char *stamps[], const int turns[], int n,
    int own, char *out)
{
	struct nx_snapshots s;
	struct nx_conv c;
	char text[4096];

	nx_snapshots_init(&s);
	nx_conv_init(&c);
	for (int i = 0; i < n; i++) {
		char p[64];

		snprintf(p, sizeof(p), "%s%s ", ids[i], own ? stamps[i] : "");
		session(&c, text, sizeof(text), ids[i], stamps[i], turns[i], p);
		ck_assert_int_eq(nx_snapshots_add(&s, &c), 0);
	}
	ck_assert_int_eq(nx_snapshots_decide(&s), 0);
	for (int i = 0; i < n; i++)
		out[i] = nx_snapshots_superseded(&s, (size_t)i) ? '1' : '0';
	out[n] = '\0';
	nx_snapshots_free(&s);
	nx_conv_free(&c);
}

START_TEST(test_media_only_turn_stays_as_an_empty_turn)
{
	/* user text, reply, an image alone, reply: four turns, never three */
	static const char text[] =
	    "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},"
	    "{\"role\":\"assistant\",\"content\":\"a1\"},"
	    "{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
	    "\"image_url\":{\"url\":\"x\"}}]},"
	    "{\"role\":\"assistant\",\"content\":\"a2\"}]}";
	struct nx_conv c, d;
	struct nx_buf b = NX_BUF_INIT;
	struct nx_error err;
	json_t *root = json_loads(text, 0, NULL);

	nx_conv_init(&c);
	nx_conv_init(&d);
	ck_assert_int_eq(nx_conv_read(&c, root, 0, &err), 0);
	ck_assert_uint_eq(c.turns.ncontext, 4);
	ck_assert_uint_eq(c.turns.context[2].text.len, 0);
	ck_assert_uint_eq(c.turns.context[2].media, 1);
	ck_assert_uint_eq(c.turns.context[1].media, 0);
	/* kept aside and read back, the media count stays */
	ck_assert_int_eq(nx_conv_pack(&b, &c), 0);
	ck_assert_int_eq(nx_conv_unpack(&d, b.data, b.len), 0);
	ck_assert_uint_eq(d.turns.context[2].media, 1);
	nx_buf_free(&b);
	nx_conv_free(&c);
	nx_conv_free(&d);
	json_decref(root);
}
END_TEST

START_TEST(test_claude_attachment_text_goes_before_the_question)
{
	static const char text[] =
	    "[{\"uuid\":\"u\",\"chat_messages\":[{\"sender\":\"human\","
	    "\"text\":\"Why?\",\"content\":[],\"attachments\":[{"
	    "\"file_name\":\"n.txt\",\"extracted_content\":\"body\"}],"
	    "\"files\":[{\"file_name\":\"n.txt\"},{\"file_name\":\"p.png\"}]"
	    "}]}]";
	struct nx_conv c;
	struct nx_error err;
	json_t *root = json_loads(text, 0, NULL);

	nx_conv_init(&c);
	ck_assert_int_eq(nx_conv_read(&c, root, 0, &err), 0);
	ck_assert_uint_eq(c.turns.ncontext, 1);
	ck_assert_str_eq(c.turns.context[0].text.s, "[n.txt]\nbody\n\nWhy?");
	/* the picture has no text in the export: media */
	ck_assert_uint_eq(c.turns.context[0].media, 1);
	nx_conv_free(&c);
	json_decref(root);
}
END_TEST

START_TEST(test_snapshots_latest_save_of_a_session)
{
	/* Saves of "a" with different texts: the latest stamp stays, read
	 * first and shorter though it is; with equal stamps, the longer. */
	const char *ids[] = {"a", "a", "b", "c", "c"};
	const char *stamps[] = {"2026-03", "2026-02", "2026-01", "x", "x"};
	const int turns[] = {2, 4, 2, 4, 2};
	char got[8];

	decide(ids, stamps, turns, 5, 1, got);
	ck_assert_str_eq(got, "01001");
}
END_TEST

START_TEST(test_snapshots_prefix_and_identical)
{
	/* Files without one session id between them ("" for none: the
	 * texts start alike): 0 is continued by 2, read later; 1 and 3 are
	 * the same (the last read stays); 4 is another conversation; 5 is
	 * empty and stays. */
	const char *ids[] = {"", "", "", "", "o", ""};
	const char *stamps[] = {"x", "x", "x", "x", "x", "x"};
	const int turns[] = {2, 6, 4, 6, 2, 0};
	char got[8];

	decide(ids, stamps, turns, 6, 0, got);
	/* 2 (four turns) is a prefix of 1 and 3 too. */
	ck_assert_str_eq(got, "111000");
}
END_TEST

Suite *
conv_suite(void)
{
	Suite *s = suite_create("conv");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_pack_round_trip);
	tcase_add_test(tc, test_media_only_turn_stays_as_an_empty_turn);
	tcase_add_test(tc, test_claude_attachment_text_goes_before_the_question);
	tcase_add_test(tc, test_snapshots_latest_save_of_a_session);
	tcase_add_test(tc, test_snapshots_prefix_and_identical);
	suite_add_tcase(s, tc);
	return s;
}
