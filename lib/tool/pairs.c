#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "pairs.h"

/*
 * Why the pair of runs[u] and runs[u+1] cannot be written, or NULL: a
 * prompt or reply that was only media, or (unless --keep-media) a prompt
 * that came with media the record cannot hold.
 */
static const char *
media_problem(const struct nx_pairs *p, const struct nx_turn *runs, size_t u,
    size_t v, unsigned long after)
{
	if (runs[u].media > 0 && runs[u].text.len == 0)
		return "the user turn is only an image or a file, which the "
		       "record cannot hold";
	if (runs[v].media > 0 && runs[v].text.len == 0)
		return "the reply is only an image or a file, which the "
		       "record cannot hold";
	if (runs[u].media > 0 && !p->keep_media)
		return "the prompt came with an image or a file that the "
		       "record cannot hold (--keep-media keeps it, marked)";
	if (after > 0 && !p->keep_media)
		return "it follows an image or a file in the conversation "
		       "that the record cannot hold, and may speak of it "
		       "(--keep-media keeps it, marked)";
	return NULL;
}

/* Whether the judge drops rec (then rejected, counted). */
static int
dropped(struct nx_pairs *p, const struct nx_record *rec, const char *file,
    long line)
{
	struct nx_where at = {file, line, NULL, 0};
	struct nx_drop d = {NULL, "", NULL};
	struct nx_error err;
	struct nx_reject r = {NULL, file, line, NULL, NULL};

	switch (nx_run_judge(&p->judge, rec, &at, &d, &err)) {
	case -1:
		nx_die(NX_EXIT_DATA, "%s", err.msg);
	case NX_DROP:
		r.reason = d.reason;
		r.message = d.msg[0] ? d.msg : NULL;
		json_decref(d.extra);
		p->st->read++;
		if (nx_rejects_add(p->rejects, &r, NULL, NULL, 0, 0, &err) < 0)
			nx_die(NX_EXIT_DATA, "%s", err.msg);
		return 1;
	}
	return 0;
}

/* Write rec in the format asked for, or reject it when it has no place
 * there; counted either way. */
static void
put(struct nx_pairs *p, const struct nx_record *rec, const char *file,
    long line)
{
	struct nx_error err;

	nx_buf_reset(&p->line);
	p->st->read++;
	if (nx_format_write_reasoning(
		&p->line, p->fmt, p->reasoning, rec, &err) < 0) {
		struct nx_reject r = {"format", file, line, err.msg, NULL};

		*p->status = NX_EXIT_DATA;
		if (nx_rejects_add(p->rejects, &r, NULL, NULL, 0, 1, &err) < 0)
			nx_die(NX_EXIT_DATA, "%s", err.msg);
		return;
	}
	nx_output_put(p->out, p->line.data, p->line.len);
	if (!nx_format_holds_tools(p->fmt))
		p->tool_turns += nx_record_tool_turns(rec);
	if (p->stats)
		nx_stats_written(p->st, rec);
	else
		p->st->written++;
}

void
nx_pairs_put(struct nx_pairs *p, const struct nx_record *rec,
    const char *file, long line)
{
	if (!dropped(p, rec, file, line))
		put(p, rec, file, line);
}

/*
 * Write one pair: runs[u] the prompt, runs[v] the completion, the tool
 * turns between them its steps; after is how many exchanges back the
 * conversation last had media (0: never).
 */
static int
write_pair(struct nx_pairs *p, const struct nx_conv_where *w,
    const struct nx_conv *c, const struct nx_turn *runs, size_t first, size_t u,
    size_t v, unsigned long n, unsigned long after)
{
	const struct nx_file *f = w->f;
	long line = w->line;
	struct nx_record rec;
	struct nx_error err;
	const char *why;
	struct nx_str session;
	size_t session_len;

	nx_record_init(&rec);
	rec.source = (struct nx_str){"conversation", 12};
	rec.system = c->turns.system;
	if (rec.system.s == NULL && p->system != NULL)
		rec.system = (struct nx_str){p->system, strlen(p->system)};
	rec.prompt = runs[u].text;
	rec.completion = runs[v].text;
	rec.reasoning = runs[v].reasoning;
	rec.context = (struct nx_turn *)runs + first;
	rec.ncontext = u - first;
	rec.steps = (struct nx_turn *)runs + u + 1;
	rec.nsteps = v - u - 1;
	if (dropped(p, &rec, f->name, line))
		return 0;
	nx_buf_reset(&p->id);
	nx_conv_id(&p->id, f->name, c,
	    line > 0 ? line : w->many ? w->index : -1);
	/* The conversation, for keeping it on one side of a split
	 * (--by group:session_id): Nova's session, else the export's own
	 * id, else where it was. */
	session = c->session_id.s != NULL ? c->session_id
	    : c->id.s != NULL		  ? c->id
			      : (struct nx_str){p->id.data + 5, p->id.len - 5};
	session_len = session.len;
	nx_buf_addc(&p->id, '#');
	nx_buf_addu(&p->id, n);
	rec.id = (struct nx_str){p->id.data, p->id.len};
	if (session.s == p->id.data + 5)
		session.s = rec.id.s + 5; /* the buffer may have moved */
	session.len = session_len;
	nx_buf_reset(&p->meta);
	nx_buf_adds(&p->meta, "{\"source_file\":");
	nx_format_json_string(&p->meta, f->name, strlen(f->name));
	nx_format_json_field(&p->meta, "session_id", session);
	nx_format_json_field(&p->meta, "timestamp", c->timestamp);
	nx_buf_adds(&p->meta, ",\"turn\":");
	nx_buf_addu(&p->meta, n);
	if (runs[u].media > 0) {
		nx_buf_adds(&p->meta, ",\"media\":");
		nx_buf_addu(&p->meta, runs[u].media);
	}
	if (after > 0) {
		nx_buf_adds(&p->meta, ",\"after_media\":");
		nx_buf_addu(&p->meta, after);
	}
	if (nx_buf_addc(&p->meta, '}') < 0)
		nx_die(NX_EXIT_DATA, "out of memory");
	rec.metadata_raw = (struct nx_str){p->meta.data, p->meta.len};
	if ((why = media_problem(p, runs, u, v, after)) != NULL) {
		struct nx_reject r = {"media", f->name, line, why, NULL};

		/* The pair as it would read, so that --rejects shows it. */
		nx_buf_reset(&p->line);
		if (nx_format_write(&p->line, NX_FORMAT_NEUTRAL, &rec, &err) <
			0 ||
		    nx_rejects_add(p->rejects, &r, &rec, p->line.data,
			p->line.len - 1, 0, &err) < 0)
			nx_die(NX_EXIT_DATA, "%s", err.msg);
		p->st->read++;
		return 0;
	}
	put(p, &rec, f->name, line);
	return 0;
}

/*
 * The reply to the user turn runs[u]: the next assistant turn that is no
 * tool call, with only tool turns before it; n when there is none.
 */
static size_t
reply_to(const struct nx_turn *runs, size_t n, size_t u)
{
	size_t v = u + 1;

	while (v < n && nx_turn_is_tool(&runs[v]))
		v++;
	return v < n && runs[v].role == NX_ROLE_ASSISTANT ? v : n;
}

/*
 * The pairs of one conversation.  An exchange with media (an image in the
 * prompt, a reply that was only one) cuts the context of the pairs after
 * it, and those pairs are marked after_media (how many exchanges later):
 * their question may well be about what the record cannot show.
 */
int
nx_pairs_write(
    struct nx_pairs *p, const struct nx_conv_where *w, const struct nx_conv *c)
{
	struct nx_turn *runs;
	size_t n, last = 0, start = 0, lastv = 0;
	unsigned long count = 0, after = 0, last_after = 0;
	int found = 0, seen = 0;

	if (c->turns.ncontext == 0) {
		p->empty++;
		return 0;
	}
	if ((runs = malloc(c->turns.ncontext * sizeof(*runs))) == NULL)
		nx_die(NX_EXIT_DATA, "out of memory");
	nx_buf_reset(&p->runs);
	if (nx_conv_runs(runs, &n, &p->runs, c->turns.context,
		c->turns.ncontext) < 0)
		nx_die(NX_EXIT_DATA, "out of memory");
	for (size_t u = 0; u + 1 < n; u++) {
		size_t first, v;

		if (runs[u].role != NX_ROLE_USER ||
		    (v = reply_to(runs, n, u)) == n)
			continue;
		found = 1;
		last = u;
		lastv = v;
		if (seen)
			after++; /* exchanges since the last one with media */
		last_after = after;
		if (runs[u].media > 0 || runs[v].media > 0) {
			seen = 1;
			after = 0;
		}
		if (p->dialog)
			continue;
		/* Up to N earlier turns, starting with a user's, and none
		 * from before a turn with media (its text is not whole). */
		first = u > p->context ? u - p->context : 0;
		if (first < start)
			first = start;
		while (first < u && runs[first].role != NX_ROLE_USER)
			first++;
		write_pair(p, w, c, runs, first, u, v, count++, last_after);
		if (runs[u].media > 0 || runs[v].media > 0)
			start = v + 1;
	}
	if (p->dialog && found) {
		for (size_t u = 0; u + 1 < last; u++)
			if (runs[u].media > 0)
				start = u + 1;
		while (start < last && runs[start].role != NX_ROLE_USER)
			start++;
		write_pair(p, w, c, runs, start, last, lastv, 0, last_after);
	}
	if (!found || lastv != n - 1)
		p->unanswered++;
	free(runs);
	return 0;
}

void
nx_pairs_free(struct nx_pairs *p)
{
	nx_run_free(&p->judge);
	nx_buf_free(&p->line);
	nx_buf_free(&p->meta);
	nx_buf_free(&p->id);
	nx_buf_free(&p->runs);
}
