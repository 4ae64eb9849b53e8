#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "output.h"

#define MAX_PENDING 272 /* jsonl-split --shards 256, and a few */
#define STDOUT_BUFSIZE ((size_t)1 << 20)
#define FILE_BUFSIZE ((size_t)1 << 18)

struct nx_output {
	FILE *fp;
	char *path; /* NULL for stdout */
	char *tmp;
	int slot;  /* index in pending[], or -1 */
	char *buf; /* the stream's buffer (glibc sizes its own by st_blksize,
		      4 KiB: a write(2) every 4 KiB) */
};

/* Temporary files to remove if a signal ends the run. */
static char *volatile pending[MAX_PENDING];

static void
on_signal(int sig)
{
	for (int i = 0; i < MAX_PENDING; i++)
		if (pending[i] != NULL)
			unlink(pending[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

void
nx_output_catch_signals(void)
{
	struct sigaction sa;
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	/* Over a file size limit, let write fail (EFBIG) and clean up. */
	signal(SIGXFSZ, SIG_IGN);
}

static void
forget(struct nx_output *o)
{
	if (o->slot >= 0)
		pending[o->slot] = NULL;
	o->slot = -1;
}

static void
release(struct nx_output *o)
{
	forget(o);
	free(o->path);
	free(o->tmp);
	free(o->buf);
	free(o);
}

int
nx_output_open(struct nx_output **out, const char *path, struct nx_error *err)
{
	struct nx_output *o;
	size_t n;
	int fd;

	*out = NULL;
	if ((o = calloc(1, sizeof(*o))) == NULL)
		return nx_error_sys(err, "out of memory");
	o->slot = -1;
	if (path == NULL || strcmp(path, "-") == 0) {
		static char buf[STDOUT_BUFSIZE];
		static int once;

		o->fp = stdout;
		if (!once++)
			setvbuf(stdout, buf, _IOFBF, sizeof(buf));
		*out = o;
		return 0;
	}
	n = strlen(path);
	if ((o->path = strdup(path)) == NULL ||
	    (o->tmp = malloc(n + 8)) == NULL) {
		release(o);
		return nx_error_sys(err, "out of memory");
	}
	memcpy(o->tmp, path, n);
	memcpy(o->tmp + n, ".XXXXXX", 8);
	if ((fd = mkstemp(o->tmp)) == -1) {
		nx_error_sys(err, "open %s", path);
		release(o);
		return -1;
	}
	/* mkstemp makes the file 0600; give it what a plain creat would. */
	{
		mode_t mask = umask(0);

		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	for (int i = 0; i < MAX_PENDING; i++)
		if (pending[i] == NULL) {
			pending[i] = o->tmp;
			o->slot = i;
			break;
		}
	if ((o->fp = fdopen(fd, "w")) == NULL) {
		nx_error_sys(err, "open %s", path);
		close(fd);
		unlink(o->tmp);
		release(o);
		return -1;
	}
	if ((o->buf = malloc(FILE_BUFSIZE)) != NULL)
		setvbuf(o->fp, o->buf, _IOFBF, FILE_BUFSIZE);
	*out = o;
	return 0;
}

FILE *
nx_output_stream(struct nx_output *o)
{
	return o->fp;
}

void
nx_output_put(struct nx_output *o, const char *b, size_t n)
{
	if (fwrite(b, 1, n, o->fp) == n)
		return;
	if (errno == EPIPE)
		exit(NX_EXIT_OK);
	nx_die(
	    NX_EXIT_DATA, "write %s: %s", nx_output_name(o), strerror(errno));
}

const char *
nx_output_temp_path(const struct nx_output *o)
{
	return o->tmp;
}

const char *
nx_output_name(const struct nx_output *o)
{
	return o->path != NULL ? o->path : "<stdout>";
}

/* Flush and close o's stream, checking both; o stays allocated. */
static int
finish(struct nx_output *o, struct nx_error *err)
{
	const char *name = nx_output_name(o);
	int rc = 0;

	if (fflush(o->fp) == EOF || ferror(o->fp))
		rc = nx_error_sys(err, "write %s", name);
	if (o->path == NULL)
		return rc; /* stdout: closed with the process */
	if (fclose(o->fp) == EOF && rc == 0)
		rc = nx_error_sys(err, "close %s", name);
	o->fp = NULL;
	return rc;
}

int
nx_output_commit_all(struct nx_output **outs, size_t n, struct nx_error *err)
{
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		if (outs[i] != NULL &&
		    finish(outs[i], rc == 0 ? err : NULL) < 0)
			rc = -1;
	for (size_t i = 0; i < n; i++) {
		struct nx_output *o = outs[i];

		if (o == NULL || o->path == NULL)
			continue;
		if (rc == 0 && rename(o->tmp, o->path) == -1)
			rc = nx_error_sys(err, "rename %s", o->path);
	}
	for (size_t i = 0; i < n; i++) {
		if (outs[i] == NULL)
			continue;
		if (rc < 0 && outs[i]->path != NULL)
			unlink(outs[i]->tmp);
		release(outs[i]);
		outs[i] = NULL;
	}
	return rc;
}

int
nx_output_commit(struct nx_output *o, struct nx_error *err)
{
	return nx_output_commit_all(&o, 1, err);
}

void
nx_output_abort(struct nx_output *o)
{
	if (o == NULL)
		return;
	if (o->path != NULL) {
		if (o->fp != NULL)
			fclose(o->fp);
		unlink(o->tmp);
	} else
		fflush(o->fp);
	release(o);
}
