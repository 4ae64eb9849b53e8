#include <string.h>

#include "diag.h"
#include "err.h"
#include "format.h"
#include "input.h"
#include "output.h"
#include "reject.h"
#include "stats.h"
#include "text.h"

static int
key(struct nx_buf *b, const char *k)
{
	return nx_buf_addc(b, ',') < 0 ||
		nx_format_json_string(b, k, strlen(k)) < 0 ||
		nx_buf_addc(b, ':') < 0
	    ? -1
	    : 0;
}

static int
base64(struct nx_buf *b, const unsigned char *p, size_t n)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	if (nx_buf_addc(b, '"') < 0)
		return -1;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		char q[4];

		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		q[0] = tab[v >> 18 & 63];
		q[1] = tab[v >> 12 & 63];
		q[2] = i + 1 < n ? tab[v >> 6 & 63] : '=';
		q[3] = i + 2 < n ? tab[v & 63] : '=';
		if (nx_buf_add(b, q, 4) < 0)
			return -1;
	}
	return nx_buf_addc(b, '"');
}

int
nx_reject_write(struct nx_buf *b, const struct nx_reject *r,
    const struct nx_record *rec, const char *raw, size_t rawlen)
{
	char num[32];
	const char *k;
	json_t *v, *parsed;
	json_error_t jerr;

	if (nx_buf_adds(b, "{\"reason\":") < 0 ||
	    nx_format_json_string(b, r->reason, strlen(r->reason)) < 0 ||
	    key(b, "file") < 0 ||
	    nx_format_json_string(b, r->file, strlen(r->file)) < 0)
		return -1;
	if (r->line > 0) {
		snprintf(num, sizeof(num), "%ld", r->line);
		if (key(b, "line") < 0 || nx_buf_adds(b, num) < 0)
			return -1;
	}
	if (rec != NULL && rec->id.s != NULL &&
	    (key(b, "id") < 0 ||
		nx_format_json_string(b, rec->id.s, rec->id.len) < 0))
		return -1;
	if (r->message != NULL &&
	    (key(b, "message") < 0 ||
		nx_format_json_string(b, r->message, strlen(r->message)) < 0))
		return -1;
	if (r->extra != NULL)
		json_object_foreach((json_t *)r->extra, k, v)
		{
			if (key(b, k) < 0 || nx_format_json_value(b, v) < 0)
				return -1;
		}
	if (rec != NULL && rec->root != NULL) {
		if (key(b, "record") < 0 ||
		    nx_format_json_value(b, rec->root) < 0)
			return -1;
	} else if (rec != NULL && rec->scanned && raw != NULL) {
		/* Read on the fast path: the line is valid JSON as it is. */
		if (key(b, "record") < 0 || nx_buf_add(b, raw, rawlen) < 0)
			return -1;
	} else if (rec != NULL && raw != NULL &&
	    (parsed = nx_json_loadb(raw, rawlen, 0, &jerr)) != NULL) {
		/* A record built without a tree: make one. */
		int rc =
		    key(b, "record") < 0 || nx_format_json_value(b, parsed) < 0
		    ? -1
		    : 0;

		json_decref(parsed);
		if (rc < 0)
			return -1;
	} else if (raw != NULL) {
		if (key(b, "raw") < 0 ||
		    nx_format_json_string(b, raw, rawlen) < 0)
			return -1;
		if (!nx_text_utf8_valid(raw, rawlen) &&
		    (key(b, "raw_base64") < 0 ||
			base64(b, (const unsigned char *)raw, rawlen) < 0))
			return -1;
	}
	return nx_buf_adds(b, "}\n");
}

int
nx_rejects_add(struct nx_rejects *rj, const struct nx_reject *r,
    const struct nx_record *rec, const char *raw, size_t rawlen, int bad,
    struct nx_error *err)
{
	FILE *fp;

	nx_stats_rejected(rj->stats, r->reason);
	if (bad && rj->bad++ < NX_REJECTS_SHOWN) {
		nx_progress_end(
		    &rj->progress); /* the message on a clean line */
		const char *msg = r->message != NULL ? r->message : r->reason;

		if (r->line > 0)
			nx_warnx("%s:%ld: %s", r->file, r->line, msg);
		else
			nx_warnx("%s: %s", r->file, msg);
	}
	if (rj->out != NULL) {
		fp = nx_output_stream(rj->out);
		nx_buf_reset(&rj->buf);
		if (nx_reject_write(&rj->buf, r, rec, raw, rawlen) < 0)
			return nx_error_set(err, "out of memory");
		if (fwrite(rj->buf.data, 1, rj->buf.len, fp) != rj->buf.len)
			return nx_error_sys(
			    err, "write %s", nx_output_name(rj->out));
	}
	if (bad && rj->strict)
		return nx_error_set(err,
		    "stopping at the first bad input "
		    "(--strict)");
	return 0;
}

int
nx_rejects_next(struct nx_rejects *rj, struct nx_input *in,
    struct nx_record *rec, struct nx_where *w, int *status,
    struct nx_error *err)
{
	const char *reason;

	for (;;) {
		enum nx_input_status s =
		    nx_input_next(in, rec, w, &reason, err);

		if (s == NX_INPUT_END)
			return 0;
		if (s == NX_INPUT_ERROR) {
			nx_warnx("%s", err->msg);
			*status = NX_EXIT_DATA;
			continue;
		}
		rj->stats->read++;
		if (nx_progress_due(&rj->progress)) {
			unsigned long long done, total;

			nx_input_bytes(in, &done, &total);
			nx_progress_show(&rj->progress, rj->stats->read, 0,
			    "records", done, total);
		}
		if (s == NX_INPUT_RECORD)
			return 1;
		{
			struct nx_reject r = {
			    reason, w->file, w->line, err->msg, NULL};

			*status = NX_EXIT_DATA;
			if (nx_rejects_add(
				rj, &r, rec, w->raw, w->rawlen, 1, err) < 0)
				return -1;
		}
	}
}

void
nx_rejects_finish(struct nx_rejects *rj)
{
	nx_progress_end(&rj->progress);
	if (rj->bad > NX_REJECTS_SHOWN)
		nx_warnx("%lu more bad lines not shown%s",
		    rj->bad - NX_REJECTS_SHOWN,
		    rj->out != NULL ? " (all are in the rejects file)" : "");
	nx_buf_free(&rj->buf);
}
