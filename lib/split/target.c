#include <string.h>

#include "format.h"
#include "target.h"
#include "text.h"

/*
 * mlx-lm picks the format from the first line and reads train/valid/test;
 * OpenAI needs non-empty content; mistral-finetune wants the last turn an
 * assistant's, one system message, 10+ lines and 1,000+ bytes a file;
 * LLaMA-Factory drops rows whose turns do not alternate.  Tool
 * definitions: mlx-lm hands "tools" to the chat template as it is, OpenAI
 * and Mistral read a list; TRL's Arrow columns need one type whatever the
 * schemas (a string), and LLaMA-Factory json.loads its "tools" string.
 *
 * Preferences: TRL's DPOTrainer and KTOTrainer read the conversational
 * rows (chat); LLaMA-Factory its sharegpt ranking and kto_tag rows; OpenAI's
 * DPO (and Together's, Fireworks', Azure's) input/preferred_output pairs
 * and no labelled completions, no key but those it documents (Together's
 * file check refuses "metadata"); mlx-lm-lora (mlx-lm's DPO, CPO and ORPO
 * trainer, same folder layout) system/prompt/chosen/rejected strings and
 * no labelled completions (it has no KTO); mistral-finetune trains on
 * replies.
 */
static const struct nx_target targets[] = {
    {"mlx", {"train", "valid", "test"}, NX_FORMAT_CHAT, 0, 0, 0, 0, 0,
	NX_FORMAT_MLX_PREFERENCE, -1},
    {"openai", {"train", "validation", "test"}, NX_FORMAT_CHAT, 0, 0, 0, 0, 1,
	NX_FORMAT_OPENAI_PREFERENCE, -1},
    {"trl", {"train", "validation", "test"}, NX_FORMAT_CHAT, 0, 0, 0, 1, 0,
	NX_FORMAT_CHAT, NX_FORMAT_CHAT},
    {"mistral", {"train", "validation", "test"}, NX_FORMAT_CHAT, 1, 10, 1000, 0,
	0, -1, -1},
    {"llamafactory", {"train", "validation", "test"}, NX_FORMAT_SHAREGPT, 1, 0,
	0, 1, 0, NX_FORMAT_SHAREGPT, NX_FORMAT_SHAREGPT},
};

const struct nx_cli_choice nx_target_names[] = {
    {"mlx", 0}, {"openai", 1}, {"trl", 2}, {"mistral", 3},
    {"llamafactory", 4}, {NULL, 0}};

const struct nx_target *
nx_target_get(int i)
{
	return &targets[i];
}

const struct nx_record *
nx_target_record(const struct nx_target *t, const struct nx_record *rec,
    struct nx_record *bare)
{
	if (t == NULL || !t->no_metadata ||
	    (rec->metadata == NULL && rec->metadata_raw.s == NULL))
		return rec;
	*bare = *rec;
	bare->metadata = NULL;
	bare->metadata_raw = (struct nx_str){NULL, 0};
	return bare;
}

const char *
nx_target_violation(const struct nx_target *t, const struct nx_record *rec)
{
	if (nx_text_blank(rec->prompt.s, rec->prompt.len))
		return "empty prompt";
	if (nx_text_blank(rec->completion.s, rec->completion.len))
		return "empty completion";
	if (rec->kind == NX_KIND_PAIR &&
	    nx_text_blank(rec->rejected.s, rec->rejected.len))
		return "empty rejected reply";
	if (rec->system.s != NULL &&
	    nx_text_blank(rec->system.s, rec->system.len))
		return "empty system prompt";
	for (size_t i = 0; i < rec->ncontext; i++) {
		if (rec->context[i].calls.s == NULL &&
		    nx_text_blank(
			rec->context[i].text.s, rec->context[i].text.len))
			return "empty turn in context";
		if (t->alternate &&
		    rec->context[i].role !=
			(i % 2 == 0 ? NX_ROLE_USER : NX_ROLE_ASSISTANT))
			return "turns do not alternate user, assistant";
	}
	return NULL;
}

int
nx_target_format(enum nx_format *out, const struct nx_target *t,
    enum nx_kind kind, const char **why)
{
	int f = kind == NX_KIND_PAIR  ? t->pair_fmt
	    : kind == NX_KIND_LABELED ? t->kto_fmt
				      : (int)t->fmt;

	if (f < 0) {
		*why = kind == NX_KIND_PAIR
		    ? "the trainer takes no preference pairs"
		    : "the trainer takes no labelled completions";
		return -1;
	}
	*out = (enum nx_format)f;
	return 0;
}

const char *
nx_target_kind(int *kind, const struct nx_record *rec)
{
	static const char *const why[] = {
	    "a reply in a run of preferences (the first record's kind)",
	    "a preference pair in a run of another kind (the first "
	    "record's)",
	    "a labelled completion in a run of another kind (the first "
	    "record's)"};

	if (*kind < 0)
		*kind = (int)rec->kind;
	return (int)rec->kind == *kind ? NULL : why[rec->kind];
}

const char *
nx_target_kind_name(enum nx_kind kind)
{
	return kind == NX_KIND_PAIR ? "preference pairs (prompt, chosen, "
				      "rejected) for DPO"
	    : kind == NX_KIND_LABELED
	    ? "labelled completions (prompt, completion, label) for KTO"
	    : "replies (prompt, completion) for supervised fine-tuning";
}

int
nx_target_check_file(const struct nx_target *t, const char *path,
    unsigned long long records, unsigned long long bytes, struct nx_error *err)
{
	if (records >= t->min_lines && bytes >= t->min_bytes)
		return 0;
	return nx_error_set(err,
	    "%s: %s needs at least %lu records and %lu bytes a file; this one "
	    "would have %llu and %llu",
	    path, t->name, t->min_lines, t->min_bytes, records, bytes);
}

/* Where OpenAI's preference row (format.c's openai_preference) closes
 * its "input" object: the tools go in there. */
static const char input_end[] = "]},\"preferred_output\":";

int
nx_target_tools(const struct nx_target *t, struct nx_buf *line,
    const json_t *tools, int in_input, const char **why)
{
	struct nx_buf v = NX_BUF_INIT, row = NX_BUF_INIT;
	json_t *list = NULL, *e;
	size_t i;
	int rc = -1;

	*why = NULL;
	if (tools == NULL || json_is_null(tools))
		return 0;
	if (json_is_string(tools)) {
		list = json_loadb(json_string_value(tools), json_string_length(tools),
		    0, NULL);
		tools = list;
	}
	if (!json_is_array(tools)) {
		*why = "tools is not a list (nor a list as a JSON string)";
		goto out;
	}
	json_array_foreach(tools, i, e) if (!json_is_object(e))
	{
		*why = "tools is not a list of objects";
		goto out;
	}
	if (line->len < 2 || line->data[line->len - 2] != '}' ||
	    line->data[line->len - 1] != '\n') {
		*why = "tools: the record written is not a JSON object";
		goto out;
	}
	if (nx_format_json_value(&v, tools) < 0)
		goto out;
	if (in_input) {
		size_t n = sizeof(input_end) - 1, after;
		char *at = line->data, *end = line->data + line->len;

		while ((at = memchr(at, ']', (size_t)(end - at))) != NULL &&
		    ((size_t)(end - at) < n || memcmp(at, input_end, n) != 0))
			at++;

		if (at == NULL) {
			*why = "tools: the row written has no input object";
			goto out;
		}
		/* (a string's quotes are escaped: that text is the key's) */
		after = (size_t)(at - line->data) + 1;
		if (nx_buf_add(&row, line->data, after) < 0 ||
		    nx_buf_adds(&row, ",\"tools\":") < 0 ||
		    nx_buf_add(&row, v.data, v.len) < 0 ||
		    nx_buf_add(&row, at + 1, line->len - after) < 0)
			goto out;
		nx_buf_reset(line);
		if (nx_buf_add(line, row.data, row.len) < 0)
			goto out;
		rc = 1;
		goto out;
	}
	line->len -= 2;
	if (nx_buf_adds(line, line->len > 1 ? ",\"tools\":" : "\"tools\":") < 0 ||
	    (t->tools_string ? nx_format_json_string(line, v.data, v.len)
			     : nx_buf_add(line, v.data, v.len)) < 0 ||
	    nx_buf_adds(line, "}\n") < 0)
		goto out;
	rc = 1;
out:
	json_decref(list);
	nx_buf_free(&v);
	nx_buf_free(&row);
	return rc;
}
