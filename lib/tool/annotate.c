#include "annotate.h"
#include "quality.h"
#include "safety.h"

/* The metadata of rec as a new object, to add annotations to; NULL when
 * it is something else than an object or null (never replaced). */
static json_t *
metadata_copy(const struct nx_record *rec)
{
	json_t *meta = NULL;
	json_error_t jerr;

	if (rec->metadata != NULL)
		meta = json_copy(rec->metadata);
	else if (rec->metadata_raw.s != NULL)
		meta = nx_json_loadb(rec->metadata_raw.s, rec->metadata_raw.len,
		    JSON_DECODE_ANY, &jerr);
	if (json_is_object(meta))
		return meta;
	if (meta != NULL && !json_is_null(meta)) {
		json_decref(meta);
		return NULL;
	}
	json_decref(meta);
	return json_object();
}

/* --pii redact: prompt, completion and a pair's rejected reply.  1 when
 * any changed, 0 when none, -1 (memory). */
static int
redact(
    struct nx_annotate *a, const struct nx_record *rec, struct nx_record *copy)
{
	struct nx_str *t[3] = {
	    &copy->prompt, &copy->completion, &copy->rejected};
	int n = rec->kind == NX_KIND_PAIR ? 3 : 2, any = 0;

	for (int i = 0; i < n; i++) {
		int k;

		nx_buf_reset(&a->red[i]);
		if ((k = nx_pii_scan(t[i]->s, t[i]->len, &a->red[i])) < 0)
			return -1;
		any |= k;
	}
	if (!any)
		return 0;
	for (int i = 0; i < n; i++)
		*t[i] = (struct nx_str){
		    a->red[i].data ? a->red[i].data : "", a->red[i].len};
	return 1;
}

/* metadata.tokens: the texts alone, after any redaction, as a reader can
 * count them again with the same tokenizer; a pair's rejected reply too. */
static int
tokens(struct nx_annotate *a, const struct nx_record *copy, json_t *meta)
{
	struct nx_tokens t;
	struct nx_record other = *copy;
	json_t *o;

	if (nx_tokens_measure(&t, a->tok, copy, a->turn_tokens) < 0)
		return -1;
	o = json_pack("{s:I,s:I}", "prompt", (json_int_t)t.prompt, "completion",
	    (json_int_t)t.completion);
	if (copy->kind == NX_KIND_PAIR) {
		other.completion = copy->rejected;
		if (nx_tokens_measure(&t, a->tok, &other, a->turn_tokens) < 0) {
			json_decref(o);
			return -1;
		}
		json_object_set_new(
		    o, "rejected", json_integer((json_int_t)t.completion));
	}
	json_object_set_new(meta, "tokens", o);
	return 0;
}

int
nx_annotate_record(struct nx_annotate *a, const struct nx_record *rec,
    const struct nx_facts *facts, struct nx_record *copy, json_t **meta,
    struct nx_error *err)
{
	int changed = 0;

	*copy = *rec;
	*meta = NULL;
	if (a->redact && (changed = redact(a, rec, copy)) < 0)
		return nx_error_set(err, "out of memory");
	if (!a->annotate && !a->explain)
		return changed;
	if ((*meta = metadata_copy(rec)) == NULL) {
		nx_error_set(err,
		    "metadata is not an object: %s cannot add to it",
		    a->annotate ? "--annotate" : "--explain");
		return NX_ANNOTATE_CANNOT;
	}
	if (a->annotate)
		json_object_set_new(*meta, "lang", json_string(facts->lang));
	if (a->annotate && a->tok != NULL && tokens(a, copy, *meta) < 0)
		return nx_error_set(err, "out of memory");
	if (a->explain) {
		json_t *q = json_object();

		for (int i = 0; i < NX_QUALITY_RULES; i++)
			json_object_set_new(
			    q, nx_quality_names[i], json_real(facts->rule[i]));
		json_object_set_new(q, "score", json_real(facts->score));
		if (rec->kind == NX_KIND_PAIR)
			json_object_set_new(q, "rejected_score",
			    json_real(facts->rejected_score));
		json_object_set_new(*meta, "quality", q);
	}
	copy->metadata = *meta;
	copy->metadata_raw.s = NULL;
	return 1;
}

void
nx_annotate_free(struct nx_annotate *a)
{
	for (int i = 0; i < 3; i++)
		nx_buf_free(&a->red[i]);
}
