#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_nx.h"
#include "format.h"
#include "prefer.h"

/* What a run gave: each record's id, kind and replies, one a line. */
struct seen {
	char text[4096];
	size_t len;
	int n;
};

static int
collect(void *arg, const struct nx_record *rec)
{
	struct seen *s = arg;

	s->len += (size_t)snprintf(s->text + s->len, sizeof(s->text) - s->len,
	    "%.*s %s %.*s|%.*s\n", (int)rec->id.len, rec->id.s,
	    rec->kind == NX_KIND_PAIR ? "pair"
		: rec->label	      ? "good"
				      : "bad",
	    (int)rec->completion.len, rec->completion.s, (int)rec->rejected.len,
	    rec->rejected.s ? rec->rejected.s : "");
	s->n++;
	return 0;
}

/* The records of one conversation text, in mode m; the weak counts in p. */
static void
run(struct nx_prefer *p, struct seen *s, enum nx_prefer_mode m,
    const char *json)
{
	struct nx_prefer_where w = {"t.json", "t.json", NULL, -1};
	struct nx_error err;
	json_error_t jerr;
	json_t *root = json_loads(json, 0, &jerr);

	ck_assert_ptr_nonnull(root);
	memset(s, 0, sizeof(*s));
	nx_prefer_init(p, m);
	ck_assert_int_eq(nx_prefer_read(p, root, 0, &w, collect, s, &err), 0);
	json_decref(root);
}

/* A Claude conversation: question q, replies a (older) and b (newer). */
static const char claude[] =
    "{\"uuid\":\"c\",\"chat_messages\":["
    "{\"uuid\":\"q\",\"sender\":\"human\",\"text\":\"Q?\","
    "\"parent_message_uuid\":\"0\",\"created_at\":\"2026-01-01T00:00:01Z\"},"
    "{\"uuid\":\"a\",\"sender\":\"assistant\",\"text\":\"first try\","
    "\"parent_message_uuid\":\"q\",\"created_at\":\"2026-01-01T00:00:02Z\"},"
    "{\"uuid\":\"b\",\"sender\":\"assistant\",\"text\":\"the retry\","
    "\"parent_message_uuid\":\"q\",\"created_at\":\"2026-01-01T00:00:03Z\"}"
    "]}";

START_TEST(test_prefer_kept_reply_beats_abandoned_sibling)
{
	struct nx_prefer p;
	struct seen s;

	run(&p, &s, NX_PREFER_PAIRS, claude);
	ck_assert_int_eq(s.n, 1);
	ck_assert_str_eq(s.text, "conv:t.json:c#b/a pair the retry|first try\n");
	nx_prefer_free(&p);
}
END_TEST

START_TEST(test_prefer_kto_writes_no_unrated_reply)
{
	struct nx_prefer p;
	struct seen s;

	run(&p, &s, NX_PREFER_KTO, claude);
	ck_assert_int_eq(s.n, 0);
	nx_prefer_free(&p);
}
END_TEST

START_TEST(test_prefer_flat_list_has_no_branch)
{
	struct nx_prefer p;
	struct seen s;

	run(&p, &s, NX_PREFER_PAIRS,
	    "{\"uuid\":\"c\",\"chat_messages\":["
	    "{\"uuid\":\"q\",\"sender\":\"human\",\"text\":\"Q?\"},"
	    "{\"uuid\":\"a\",\"sender\":\"assistant\",\"text\":\"A.\"},"
	    "{\"uuid\":\"r\",\"sender\":\"human\",\"text\":\"R?\"},"
	    "{\"uuid\":\"b\",\"sender\":\"assistant\",\"text\":\"B.\"}]}");
	ck_assert_int_eq(s.n, 0);
	for (int w = 0; w < NX_PREFER_WEAK_N; w++)
		ck_assert_uint_eq(p.weak[w], 0);
	nx_prefer_free(&p);
}
END_TEST

/* Open WebUI: q with replies x (shown, rated r1) and y (rated r2). */
static void
webui(char *buf, size_t n, int r1, int r2)
{
	snprintf(buf, n,
	    "{\"id\":\"w\",\"chat\":{\"history\":{\"currentId\":\"x\","
	    "\"messages\":{"
	    "\"q\":{\"id\":\"q\",\"parentId\":null,\"role\":\"user\","
	    "\"content\":\"Q?\"},"
	    "\"x\":{\"id\":\"x\",\"parentId\":\"q\",\"role\":\"assistant\","
	    "\"content\":\"shown\",\"annotation\":{\"rating\":%d}},"
	    "\"y\":{\"id\":\"y\",\"parentId\":\"q\",\"role\":\"assistant\","
	    "\"content\":\"other\",\"annotation\":{\"rating\":%d}}}}}}",
	    r1, r2);
}

START_TEST(test_prefer_liked_beats_disliked_shown_reply)
{
	struct nx_prefer p;
	struct seen s;
	char json[1024];

	webui(json, sizeof(json), -1, 1);
	run(&p, &s, NX_PREFER_PAIRS, json);
	ck_assert_str_eq(s.text, "conv:t.json:w#y/x pair other|shown\n");
	nx_prefer_free(&p);
}
END_TEST

START_TEST(test_prefer_disliked_shown_and_abandoned_give_no_pair)
{
	struct nx_prefer p;
	struct seen s;
	char json[1024];

	webui(json, sizeof(json), -1, 0);
	run(&p, &s, NX_PREFER_PAIRS, json);
	ck_assert_int_eq(s.n, 0);
	ck_assert_uint_eq(p.weak[NX_PREFER_ABANDONED], 1);
	nx_prefer_free(&p);
}
END_TEST

START_TEST(test_prefer_kto_labels_each_rated_reply)
{
	struct nx_prefer p;
	struct seen s;
	char json[1024];

	webui(json, sizeof(json), 1, -1);
	run(&p, &s, NX_PREFER_KTO, json);
	ck_assert_str_eq(s.text,
	    "conv:t.json:w#x good shown|\nconv:t.json:w#y bad other|\n");
	nx_prefer_free(&p);
}
END_TEST

START_TEST(test_prefer_same_text_is_weak)
{
	struct nx_prefer p;
	struct seen s;
	char json[1024];

	webui(json, sizeof(json), 0, 0);
	*strstr(json, "other") = 's'; /* "sther": still different */
	run(&p, &s, NX_PREFER_PAIRS, json);
	ck_assert_int_eq(s.n, 1);
	nx_prefer_free(&p);
	memcpy(strstr(json, "sther"), "shown", 5);
	run(&p, &s, NX_PREFER_PAIRS, json);
	ck_assert_int_eq(s.n, 0);
	ck_assert_uint_eq(p.weak[NX_PREFER_SAME], 1);
	nx_prefer_free(&p);
}
END_TEST

START_TEST(test_prefer_feedback_must_be_a_list_of_ratings)
{
	char dir[] = "/tmp/check_prefer.XXXXXX", path[64], conv[64];
	struct nx_prefer p;
	struct nx_prefer_where w = {"conversations.json", conv, NULL, -1};
	struct nx_error err;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(conv, sizeof(conv), "%s/conversations.json", dir);
	snprintf(path, sizeof(path), "%s/message_feedback.json", dir);
	nx_prefer_init(&p, NX_PREFER_PAIRS);
	/* none there: no ratings, no error */
	ck_assert_int_eq(nx_prefer_feedback(&p, &w, &err), 0);
	ck_assert_uint_eq(p.rated, 0);
	nx_prefer_free(&p);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs("[{\"conversation_id\":\"c\",\"message_id\":\"m\","
	      "\"rating\":\"thumbsUp\"},{\"conversation_id\":\"c\","
	      "\"message_id\":\"n\",\"rating\":\"meh\"}]",
	    f);
	fclose(f);
	nx_prefer_init(&p, NX_PREFER_PAIRS);
	ck_assert_int_eq(nx_prefer_feedback(&p, &w, &err), -1);
	ck_assert_str_eq(err.msg,
	    "rating 1 has no conversation_id, no message_id or id, or a "
	    "rating other than thumbs up or down");
	ck_assert_str_eq(p.feedback.data, "message_feedback.json");
	/* read once a folder */
	ck_assert_int_eq(nx_prefer_feedback(&p, &w, &err), 0);
	nx_prefer_free(&p);
	unlink(path);
	rmdir(dir);
}
END_TEST

/* Real exports name the rated message message_id or (older and newer
 * ones) id, write the conversation id with or without its dashes, and
 * spell the thumbs two ways; one message may be rated twice. */
START_TEST(test_prefer_feedback_shapes_of_real_exports)
{
	char dir[] = "/tmp/check_prefer.XXXXXX", path[64], conv[64];
	struct nx_prefer p;
	struct nx_prefer_where w = {"conversations.json", conv, NULL, -1};
	struct nx_error err;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(conv, sizeof(conv), "%s/conversations.json", dir);
	snprintf(path, sizeof(path), "%s/message_feedback.json", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs("[{\"id\":\"m\",\"conversation_id\":\"ab-cd\","
	      "\"rating\":\"thumbs_up\"},"
	      "{\"message_id\":\"m\",\"conversation_id\":\"abcd\","
	      "\"rating\":\"thumbsUp\"},"
	      "{\"id\":\"n\",\"conversation_id\":\"ab-cd\","
	      "\"rating\":\"thumbs_down\"},"
	      "{\"message_id\":\"n\",\"conversation_id\":\"abcd\","
	      "\"rating\":\"thumbsUp\"},"
	      "{\"id\":\"n\",\"conversation_id\":\"abcd\","
	      "\"rating\":\"thumbsDown\"},"
	      "{\"id\":\"o\",\"conversation_id\":\"abcd\","
	      "\"rating\":\"thumbsDown\"}]",
	    f);
	fclose(f);
	nx_prefer_init(&p, NX_PREFER_PAIRS);
	ck_assert_int_eq(nx_prefer_feedback(&p, &w, &err), 0);
	/* m twice alike, n up and down (neither kept), o down */
	ck_assert_uint_eq(p.rated, 2);
	ck_assert_uint_eq(p.torn, 1);
	ck_assert_int_eq(json_integer_value(json_object_get(p.ratings,
			     "abcd\nm")),
	    1);
	ck_assert_int_eq(json_integer_value(json_object_get(p.ratings,
			     "abcd\nn")),
	    0);
	ck_assert_int_eq(json_integer_value(json_object_get(p.ratings,
			     "abcd\no")),
	    -1);
	nx_prefer_free(&p);
	unlink(path);
	rmdir(dir);
}
END_TEST

/* model_comparisons.json: not a list, or an entry without the prompt's
 * messages and both turns, is an error naming the entry. */
START_TEST(test_prefer_comparisons_must_hold_both_turns)
{
	char dir[] = "/tmp/check_prefer.XXXXXX", path[64], conv[64];
	struct nx_prefer p;
	struct nx_prefer_where w = {"conversations.json", conv, NULL, -1};
	struct nx_error err;
	struct seen s = {0};
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(conv, sizeof(conv), "%s/conversations.json", dir);
	snprintf(path, sizeof(path), "%s/model_comparisons.json", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs("{\"id\":\"x\"}", f);
	fclose(f);
	nx_prefer_init(&p, NX_PREFER_PAIRS);
	ck_assert_int_eq(nx_prefer_comparisons(&p, &w, collect, &s, &err), -1);
	ck_assert_str_eq(err.msg, "not a list of comparisons");
	ck_assert_str_eq(p.feedback.data, "model_comparisons.json");
	nx_prefer_free(&p);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs("[{\"id\":\"x\",\"conversation_id\":\"c\",\"content\":"
	      "{\"input\":{\"prompt_convo\":{\"messages\":[]}},"
	      "\"output\":{}}}]",
	    f);
	fclose(f);
	nx_prefer_init(&p, NX_PREFER_PAIRS);
	ck_assert_int_eq(nx_prefer_comparisons(&p, &w, collect, &s, &err), -1);
	ck_assert_str_eq(err.msg,
	    "comparison 0 has no conversation_id, input.prompt_convo.messages "
	    "or output.feedback_step_2 with original_turn and new_turn");
	/* read once a folder; with kto not at all */
	ck_assert_int_eq(nx_prefer_comparisons(&p, &w, collect, &s, &err), 0);
	nx_prefer_free(&p);
	nx_prefer_init(&p, NX_PREFER_KTO);
	ck_assert_int_eq(nx_prefer_comparisons(&p, &w, collect, &s, &err), 0);
	nx_prefer_free(&p);
	ck_assert_int_eq(s.n, 0);
	unlink(path);
	rmdir(dir);
}
END_TEST

Suite *
prefer_suite(void)
{
	Suite *s = suite_create("prefer");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_prefer_kept_reply_beats_abandoned_sibling);
	tcase_add_test(tc, test_prefer_kto_writes_no_unrated_reply);
	tcase_add_test(tc, test_prefer_flat_list_has_no_branch);
	tcase_add_test(tc, test_prefer_liked_beats_disliked_shown_reply);
	tcase_add_test(tc, test_prefer_disliked_shown_and_abandoned_give_no_pair);
	tcase_add_test(tc, test_prefer_kto_labels_each_rated_reply);
	tcase_add_test(tc, test_prefer_same_text_is_weak);
	tcase_add_test(tc, test_prefer_feedback_must_be_a_list_of_ratings);
	tcase_add_test(tc, test_prefer_feedback_shapes_of_real_exports);
	tcase_add_test(tc, test_prefer_comparisons_must_hold_both_turns);
	suite_add_tcase(s, tc);
	return s;
}
