#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input.h"
#include "text.h"

struct nx_input {
	char *const *paths;
	int npaths, next;
	size_t max_line;
	int flags;
	struct nx_reader *r;
	int seen; /* a line of the open operand that was not blank */
	unsigned long long done;  /* bytes of the operands closed */
	unsigned long long total; /* of all operands, 0 if one is no file */
};

static char dash[] = "-";
static char *const stdin_only[] = {dash};

int
nx_input_open(struct nx_input **out, char *const *paths, int npaths,
    size_t max_line, int flags, struct nx_error *err)
{
	struct nx_input *in;

	*out = NULL;
	if ((in = calloc(1, sizeof(*in))) == NULL)
		return nx_error_sys(err, "out of memory");
	in->paths = npaths > 0 ? paths : stdin_only;
	in->npaths = npaths > 0 ? npaths : 1;
	in->max_line = max_line;
	in->flags = flags;
	for (int i = 0; i < in->npaths; i++) {
		struct stat sb;
		int ok = strcmp(in->paths[i], "-") == 0
		    ? fstat(STDIN_FILENO, &sb) == 0
		    : stat(in->paths[i], &sb) == 0;

		if (!ok || !S_ISREG(sb.st_mode)) {
			in->total = 0;
			break;
		}
		in->total += (unsigned long long)sb.st_size;
	}
	*out = in;
	return 0;
}

void
nx_input_bytes(const struct nx_input *in, unsigned long long *done,
    unsigned long long *total)
{
	*done = in->done + (in->r != NULL ? nx_reader_bytes(in->r) : 0);
	*total = in->total;
}

static const char *
display_name(const char *path)
{
	return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

/* Whether a line begins a JSON array: '[' after any white space. */
static int
starts_array(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	if (n - i >= 3 && memcmp(s + i, "\xEF\xBB\xBF", 3) == 0)
		i += 3; /* a byte order mark */
	return i < n && s[i] == '[';
}

enum nx_input_status
nx_input_next(struct nx_input *in, struct nx_record *rec,
    struct nx_where *where, const char **reason, struct nx_error *err)
{
	struct nx_line line;
	int rc;

	for (;;) {
		if (in->r == NULL) {
			if (in->next == in->npaths)
				return NX_INPUT_END;
			where->file = display_name(in->paths[in->next]);
			where->line = 0;
			where->raw = NULL;
			where->rawlen = 0;
			if (nx_reader_open(&in->r, in->paths[in->next++],
				in->max_line, err) < 0)
				return NX_INPUT_ERROR;
			in->seen = 0;
		}
		where->file = nx_reader_name(in->r);
		rc = nx_reader_next(in->r, &line, err);
		if (rc == NX_READ_EOF || rc < 0) {
			/* The reader's name dies with it. */
			where->file = display_name(in->paths[in->next - 1]);
			in->done += nx_reader_bytes(in->r);
			nx_reader_close(in->r);
			in->r = NULL;
			if (rc < 0)
				return NX_INPUT_ERROR;
			continue;
		}
		where->line = line.lineno;
		where->raw = line.data;
		where->rawlen = line.len;
		if (rc == NX_READ_LONG) {
			nx_record_clear(rec);
			*reason = "long";
			nx_error_set(err,
			    "line of %zu bytes is over the limit "
			    "of %zu",
			    line.len,
			    in->max_line ? in->max_line
					 : NX_READER_MAX_LINE_DEFAULT);
			return NX_INPUT_BAD;
		}
		if (nx_text_blank(line.data, line.len))
			continue;
		if (!in->seen++ && starts_array(line.data, line.len)) {
			/* A JSON document (LLaMA-Factory's data files, app
			 * exports), not JSON Lines: one message, not one for
			 * each of its lines. */
			nx_error_set(err,
			    "%s: a JSON array, not JSON Lines (one record a "
			    "line); jq -c '.[]' turns it into them",
			    where->file);
			in->done += nx_reader_bytes(in->r);
			nx_reader_close(in->r);
			in->r = NULL;
			return NX_INPUT_ERROR;
		}
		if ((in->flags & NX_INPUT_SCAN) != 0 &&
		    nx_record_scan(rec, line.data, line.len))
			return NX_INPUT_RECORD;
		if (nx_record_parse(rec, line.data, line.len, err) < 0) {
			*reason = rec->root == NULL ? "json" : "shape";
			return NX_INPUT_BAD;
		}
		return NX_INPUT_RECORD;
	}
}

void
nx_input_close(struct nx_input *in)
{
	if (in == NULL)
		return;
	nx_reader_close(in->r);
	free(in);
}
