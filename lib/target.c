#include <string.h>

#include "target.h"
#include "text.h"

/*
 * mlx-lm picks the format from the first line and reads train/valid/test;
 * OpenAI needs non-empty content; mistral-finetune wants the last turn an
 * assistant's, one system message, 10+ lines and 1,000+ bytes a file;
 * LLaMA-Factory drops rows whose turns do not alternate.
 */
static const struct nx_target targets[] = {
    {"mlx", {"train", "valid", "test"}, NX_FORMAT_CHAT, 0, 0, 0},
    {"openai", {"train", "validation", "test"}, NX_FORMAT_CHAT, 0, 0, 0},
    {"trl", {"train", "validation", "test"}, NX_FORMAT_CHAT, 0, 0, 0},
    {"mistral", {"train", "validation", "test"}, NX_FORMAT_CHAT, 1, 10, 1000},
    {"llamafactory", {"train", "validation", "test"}, NX_FORMAT_SHAREGPT, 1, 0,
	0},
};

const struct nx_target *
nx_target_find(const char *name)
{
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++)
		if (strcmp(name, targets[i].name) == 0)
			return &targets[i];
	return NULL;
}

const char *
nx_target_list(void)
{
	return "mlx, openai, trl, mistral or llamafactory";
}

const char *
nx_target_violation(const struct nx_target *t, const struct nx_record *rec)
{
	if (nx_text_blank(rec->prompt.s, rec->prompt.len))
		return "empty prompt";
	if (nx_text_blank(rec->completion.s, rec->completion.len))
		return "empty completion";
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
