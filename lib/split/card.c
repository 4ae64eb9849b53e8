#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card.h"
#include "format.h"
#include "output.h"
#include "target.h"

/* The mark a card of ours carries, so that a user's README.md is never
 * written over. */
static const char mark[] = "# written by nova-export";

void
nx_card_note(struct nx_card *c, int file, const struct nx_record *rec)
{
	const char *s = rec->source.s != NULL ? rec->source.s : "unknown";
	size_t n = rec->source.s != NULL ? rec->source.len : 7, i;

	c->kind = (int)rec->kind;
	c->files[file].system |= rec->system.s != NULL;
	for (i = 0; !c->files[file].history && i < rec->ncontext; i++)
		c->files[file].history = !nx_turn_is_tool(&rec->context[i]);
	if (n >= sizeof(c->sources[0].name))
		n = sizeof(c->sources[0].name) - 1;
	for (i = 0; i < c->nsources; i++)
		if (strlen(c->sources[i].name) == n &&
		    memcmp(c->sources[i].name, s, n) == 0)
			break;
	if (i == c->nsources) {
		if (i == NX_CARD_MAX_SOURCES) {
			memcpy(c->sources[i].name, "other", 6);
		} else {
			memcpy(c->sources[i].name, s, n);
			c->sources[i].name[n] = '\0';
			c->nsources++;
		}
	}
	c->sources[i].count++;
}

/* A file's path as the folder sees it: relative when it is inside. */
static const char *
relative(const struct nx_card *c, const char *path)
{
	size_t n = strlen(c->dir);

	if (strncmp(path, c->dir, n) == 0 && path[n] == '/')
		path += n + 1;
	while (strncmp(path, "./", 2) == 0)
		path += 2;
	return path;
}

static const char *
size_category(unsigned long long n)
{
	static const char *const cats[] = {"n<1K", "1K<n<10K", "10K<n<100K",
	    "100K<n<1M", "1M<n<10M", "10M<n<100M", "100M<n<1B"};
	unsigned long long lim = 1000;
	size_t i;

	for (i = 0; i < sizeof(cats) / sizeof(cats[0]) - 1 && n >= lim; i++)
		lim *= 10;
	return cats[i];
}

/* Is code a language (ISO 639) rather than "-", "und" or "other"? */
static int
is_language(const char *code)
{
	size_t n = strlen(code);

	return n >= 2 && n <= 3 && strcmp(code, "und") != 0;
}

static void
languages_yaml(FILE *fp, const struct nx_card *c)
{
	char seen[32][8];
	size_t nseen = 0;

	for (size_t f = 0; f < c->nfiles; f++) {
		const struct nx_stats *st = c->files[f].st;

		for (size_t i = 0; i < st->nlangs; i++) {
			size_t k;

			if (st->langs[i].count == 0 || !is_language(st->langs[i].code))
				continue;
			for (k = 0; k < nseen; k++)
				if (strcmp(seen[k], st->langs[i].code) == 0)
					break;
			if (k == nseen && nseen < 32)
				strcpy(seen[nseen++], st->langs[i].code);
		}
	}
	if (nseen == 0)
		return;
	fputs("language:\n", fp);
	for (size_t k = 0; k < nseen; k++)
		fprintf(fp, "- %s\n", seen[k]);
}

/* A figure or "—" when nothing was measured. */
static void
lengths_row(FILE *fp, const char *split, const struct nx_stats *st)
{
	struct nx_lengths l;

	if (nx_stats_lengths(st, &l) < 0) {
		fprintf(fp, "| %s | — | — | — | — |\n", split);
		return;
	}
	fprintf(fp, "| %s | %lu / %lu / %lu / %lu | %lu / %lu / %lu / %lu | "
		    "%lu / %lu / %lu / %lu | %llu / %llu / %llu |\n",
	    split, l.p50[0], l.p90[0], l.p99[0], l.max[0], l.p50[1], l.p90[1],
	    l.p99[1], l.max[1], l.p50[2], l.p90[2], l.p99[2], l.max[2],
	    l.over[0], l.over[1], l.over[2]);
}

static void
card_text(FILE *fp, const struct nx_card *c)
{
	unsigned long long total = 0;
	const char *title = strrchr(c->dir, '/');

	title = title != NULL && title[1] != '\0' ? title + 1 : c->dir;
	for (size_t f = 0; f < c->nfiles; f++)
		total += c->files[f].st->written;
	fprintf(fp, "---\n%s jsonl-split; edits are lost when it runs "
		    "again (--no-card keeps them)\nconfigs:\n- config_name: "
		    "default\n  data_files:\n",
	    mark);
	for (size_t f = 0; f < c->nfiles; f++)
		fprintf(fp, "  - split: %s\n    path: %s\n", c->files[f].split,
		    relative(c, c->files[f].path));
	languages_yaml(fp, c);
	fprintf(fp, "size_categories:\n- %s\ntask_categories:\n- "
		    "text-generation\n---\n\n",
	    size_category(total));
	fprintf(fp, "# %s\n\nFine-tuning data written by nova-export's "
		    "jsonl-split%s%s, in the %s format: %s.\n\n",
	    title, c->target != NULL ? " for " : "",
	    c->target != NULL ? c->target : "",
	    c->format != NULL ? c->format : "records' own (one shape a file)",
	    nx_target_kind_name((enum nx_kind)c->kind));
	fprintf(fp, "```\n%s\n```\n\n## Files\n\n"
		    "| split | file | records | mean prompt chars | mean "
		    "completion chars |\n|---|---|---|---|---|\n",
	    c->command);
	for (size_t f = 0; f < c->nfiles; f++) {
		const struct nx_stats *st = c->files[f].st;
		double n = st->written > 0 ? (double)st->written : 1;

		fprintf(fp, "| %s | %s | %llu | %.1f | %.1f |\n",
		    c->files[f].split, relative(c, c->files[f].path),
		    st->written, (double)st->prompt_chars / n,
		    (double)st->completion_chars / n);
	}
	fprintf(fp, "\n## Lengths in tokens\n\n%s\n\n"
		    "| split | prompt p50 / p90 / p99 / max | completion | "
		    "record | records over 1024 / 2048 / 4096 |\n"
		    "|---|---|---|---|---|\n",
	    c->tokenizer != NULL
		? "Counted with the model's own tokenizer; a record is every "
		  "text plus a chat template's tokens a message."
		: "An estimate: four characters a token (give jsonl-split "
		  "--tokenizer for exact counts); a record is every text plus "
		  "a chat template's tokens a message.");
	for (size_t f = 0; f < c->nfiles; f++)
		lengths_row(fp, c->files[f].split, c->files[f].st);
	fputs("\n## Sources\n\n| source | records |\n|---|---|\n", fp);
	for (size_t i = 0; i <= NX_CARD_MAX_SOURCES; i++) {
		if (i == c->nsources && i < NX_CARD_MAX_SOURCES)
			break;
		if (c->sources[i].count > 0)
			fprintf(fp, "| %s | %llu |\n", c->sources[i].name,
			    c->sources[i].count);
	}
	if (c->input != NULL) {
		fprintf(fp, "\n## Rejects\n\n%llu records read, %llu rejected "
			    "by jsonl-split",
		    c->input->read, c->input->rejected);
		if (c->input->nreasons > 0)
			fputs(":\n\n| reason | records |\n|---|---|\n", fp);
		else
			fputs(".\n", fp);
		for (size_t i = 0; i < c->input->nreasons; i++)
			fprintf(fp, "| %s | %llu |\n", c->input->reasons[i].reason,
			    c->input->reasons[i].count);
		fputs("\nFilters run before the split (jsonl-filter) report "
		      "their own rejects with --stats and --rejects.\n",
		    fp);
	}
}

/* Does path hold something other than a card of ours? */
static int
foreign(const char *path)
{
	char head[256];
	size_t n;
	FILE *fp = fopen(path, "r");

	if (fp == NULL)
		return 0;
	n = fread(head, 1, sizeof(head) - 1, fp);
	fclose(fp);
	head[n] = '\0';
	return strstr(head, mark) == NULL;
}

static int
write_file(const char *dir, const char *name, const struct nx_card *c,
    void (*body)(FILE *, const struct nx_card *), struct nx_error *err)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *path = malloc(n);
	struct nx_output *o;
	int rc;

	if (path == NULL)
		return nx_error_nomem(err);
	snprintf(path, n, "%s/%s", dir, name);
	if ((rc = nx_output_open(&o, path, err)) == 0) {
		body(nx_output_stream(o), c);
		rc = nx_output_commit(o, err);
	}
	free(path);
	return rc;
}

int
nx_card_write(const struct nx_card *c, struct nx_error *err)
{
	size_t n = strlen(c->dir) + sizeof("/README.md");
	char *path = malloc(n);
	int is_foreign;

	if (path == NULL)
		return nx_error_nomem(err);
	snprintf(path, n, "%s/README.md", c->dir);
	is_foreign = foreign(path);
	free(path);
	if (is_foreign)
		return 0;
	return write_file(c->dir, "README.md", c, card_text, err) < 0 ? -1 : 1;
}

/*
 * An alpaca entry's columns: LLaMA-Factory's prompt, query and response
 * (or the ranking's chosen and rejected; a KTO record's label as kto_tag),
 * and system and history when a record of file f had them (LLaMA-Factory
 * looks a named column up in every row of the file).
 */
static void
alpaca_columns(FILE *fp, const struct nx_card *c, size_t f)
{
	static const char *const reply[] = {
	    [NX_KIND_REPLY] = "\"response\": \"output\"",
	    [NX_KIND_PAIR] = "\"chosen\": \"chosen\", \"rejected\": "
			     "\"rejected\"",
	    [NX_KIND_LABELED] = "\"response\": \"output\", \"kto_tag\": "
				"\"label\""};

	fprintf(fp,
	    "    \"formatting\": \"alpaca\",\n%s"
	    "    \"columns\": {\"prompt\": \"instruction\", \"query\": "
	    "\"input\", %s%s%s%s}\n",
	    c->kind == NX_KIND_PAIR ? "    \"ranking\": true,\n" : "",
	    reply[c->kind],
	    c->files[f].system ? ", \"system\": \"system\"" : "",
	    c->files[f].history ? ", \"history\": \"history\"" : "",
	    c->tools ? ", \"tools\": \"tools\"" : "");
}

static void
sharegpt_columns(FILE *fp, const struct nx_card *c)
{
	static const char *const columns[] = {
	    [NX_KIND_REPLY] = "",
	    [NX_KIND_PAIR] = ", \"chosen\": \"chosen\", \"rejected\": \"rejected\"",
	    [NX_KIND_LABELED] = ", \"kto_tag\": \"kto_tag\""};

	fprintf(fp,
	    "    \"formatting\": \"sharegpt\",\n%s"
	    "    \"columns\": {\"messages\": \"conversations\"%s%s},\n"
	    "    \"tags\": {\"role_tag\": \"from\", \"content_tag\": "
	    "\"value\", \"user_tag\": \"human\", \"assistant_tag\": "
	    "\"gpt\", \"system_tag\": \"system\"}\n",
	    c->kind == NX_KIND_PAIR ? "    \"ranking\": true,\n" : "",
	    columns[c->kind], c->tools ? ", \"tools\": \"tools\"" : "");
}

static void
info_text(FILE *fp, const struct nx_card *c)
{
	int alpaca = c->format != NULL && strcmp(c->format, "alpaca") == 0;
	struct nx_buf b = NX_BUF_INIT;

	fputs("{\n", fp);
	for (size_t f = 0; f < c->nfiles; f++) {
		const char *file = relative(c, c->files[f].path);

		nx_buf_reset(&b);
		if (nx_format_json_string(&b, file, strlen(file)) < 0)
			break;
		fprintf(fp, "  \"nova_%s\": {\n    \"file_name\": %.*s,\n",
		    c->files[f].split, (int)b.len, b.data);
		if (alpaca)
			alpaca_columns(fp, c, f);
		else
			sharegpt_columns(fp, c);
		fprintf(fp, "  }%s\n", f + 1 < c->nfiles ? "," : "");
	}
	fputs("}\n", fp);
	nx_buf_free(&b);
}

int
nx_card_llamafactory(const struct nx_card *c, struct nx_error *err)
{
	return write_file(c->dir, "dataset_info.json", c, info_text, err);
}
