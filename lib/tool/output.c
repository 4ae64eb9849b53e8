/* realpath(3) and flock(2) are beyond POSIX.1-2008 base. */
#define _DEFAULT_SOURCE

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "err.h"
#include "output.h"

#define MAX_PENDING 272 /* jsonl-split --shards 256, and a few */
#define STDOUT_BUFSIZE ((size_t)1 << 20)
#define FILE_BUFSIZE ((size_t)1 << 18)
/* path.nxtmp-PID-XXXXXX: the new file; path.nxold-PID: the old one, kept
 * while a set of files is renamed, to put back if a later rename fails. */
#define TMP_TAG ".nxtmp-"
#define OLD_TAG ".nxold-"

struct nx_output {
	FILE *fp;
	char *name; /* as given, for messages; NULL for stdout */
	char *path; /* what is renamed over (a symlink's target); NULL when
		       written in place */
	char *tmp;
	char *old;   /* the backup link while committing, or NULL */
	int existed; /* path was there at open */
	int slot;    /* index in pending[], or -1 */
	char *buf;   /* the stream's buffer (glibc sizes its own by
			st_blksize, 4 KiB: a write(2) every 4 KiB) */
};

/* Temporary files to remove if a signal or exit ends the run first. */
static char *volatile pending[MAX_PENDING];

static void
remove_pending(void)
{
	for (int i = 0; i < MAX_PENDING; i++)
		if (pending[i] != NULL)
			unlink(pending[i]);
}

static void
on_signal(int sig)
{
	remove_pending();
	signal(sig, SIG_DFL);
	raise(sig);
}

static const int fatal_sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
#define NFATAL (sizeof(fatal_sigs) / sizeof(fatal_sigs[0]))

void
nx_output_catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NFATAL; i++)
		sigaddset(&sa.sa_mask, fatal_sigs[i]);
	for (size_t i = 0; i < NFATAL; i++) {
		struct sigaction was;

		/* A signal ignored by whoever started us stays ignored. */
		if (sigaction(fatal_sigs[i], NULL, &was) == 0 &&
		    was.sa_handler == SIG_IGN)
			continue;
		sigaction(fatal_sigs[i], &sa, NULL);
	}
	/* Over a file size limit, let write fail (EFBIG) and clean up. */
	signal(SIGXFSZ, SIG_IGN);
	/* nx_die and every other exit: what was not committed goes. */
	atexit(remove_pending);
}

/* Hold off the signals above while files are renamed, so that a set of
 * files is never left half renamed by them. */
static void
block_signals(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < NFATAL; i++)
		sigaddset(&set, fatal_sigs[i]);
	sigprocmask(SIG_BLOCK, &set, old);
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
	free(o->name);
	free(o->path);
	free(o->tmp);
	free(o->old);
	free(o->buf);
	free(o);
}

static char *
concat(const char *a, const char *b, const char *c)
{
	size_t na = strlen(a), nb = strlen(b), nc = strlen(c);
	char *p = malloc(na + nb + nc + 1);

	if (p != NULL) {
		memcpy(p, a, na);
		memcpy(p + na, b, nb);
		memcpy(p + na + nb, c, nc + 1);
	}
	return p;
}

/*
 * Remove path's temporary files left by runs that died (their pid is gone),
 * saying so: a killed run cannot remove its own.  Its links to old files
 * are only named.
 */
static void
remove_stale(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash == NULL ? strdup(".")
				  : strndup(path, (size_t)(slash - path) + 1);
	const char *base = slash == NULL ? path : slash + 1;
	size_t nb = strlen(base);
	struct dirent *e;
	DIR *d;

	if (dir == NULL || (d = opendir(dir)) == NULL) {
		free(dir);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		const char *rest = e->d_name + nb;
		char *end, *full;
		long pid;

		if (strncmp(e->d_name, base, nb) != 0 ||
		    (strncmp(rest, TMP_TAG, 7) != 0 &&
			strncmp(rest, OLD_TAG, 7) != 0))
			continue;
		errno = 0;
		pid = strtol(rest + 7, &end, 10);
		if (errno != 0 || end == rest + 7 || pid <= 0 ||
		    pid == (long)getpid() || (*end != '-' && *end != '\0') ||
		    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		if ((full = concat(slash == NULL ? "" : dir, e->d_name, "")) ==
		    NULL)
			continue;
		/* A link aside is the old file a run could not put back:
		 * named, never removed. */
		if (strncmp(rest, OLD_TAG, 7) == 0)
			nx_warnx("%s holds the old %s, kept by run %ld that "
				 "did not finish",
			    full, base, pid);
		else if (unlink(full) == 0)
			nx_warnx("removed %s, left by run %ld that did not "
				 "finish",
			    full, pid);
		free(full);
	}
	closedir(d);
	free(dir);
}

/* A new file gets what creat(2) would give it, or 0600 when private; a
 * rewritten one keeps its mode, and its owner and group where we may. */
static void
set_mode(int fd, const struct stat *old, int private)
{
	if (old == NULL) {
		mode_t mask = umask(0);

		umask(mask);
		fchmod(fd, private ? 0600 : 0666 & ~mask);
		return;
	}
	if (fchown(fd, old->st_uid, old->st_gid) < 0)
		(void)!fchown(fd, (uid_t)-1, old->st_gid);
	fchmod(fd, old->st_mode & 07777);
}

static void
add_pending(struct nx_output *o)
{
	for (int i = 0; i < MAX_PENDING; i++)
		if (pending[i] == NULL) {
			pending[i] = o->tmp;
			o->slot = i;
			break;
		}
}

/* Open o->name where it is: a device, a FIFO, a pipe or a terminal. */
static int
open_in_place(struct nx_output *o, struct nx_error *err)
{
	int fd = open(o->name, O_WRONLY | O_CLOEXEC);

	if (fd == -1)
		return nx_error_sys(err, "open %s", o->name);
	if ((o->fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		return nx_error_sys(err, "open %s", o->name);
	}
	return 0;
}

static int
open_temp(struct nx_output *o, const struct stat *old, int private,
    struct nx_error *err)
{
	char tag[32];
	int fd;

	snprintf(tag, sizeof(tag), "%s%ld-XXXXXX", TMP_TAG, (long)getpid());
	if ((o->tmp = concat(o->path, tag, "")) == NULL)
		return nx_error_nomem(err);
	if ((fd = mkstemp(o->tmp)) == -1)
		return nx_error_sys(err, "open %s", o->name);
	add_pending(o);
	set_mode(fd, old, private);
	if ((o->fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		return nx_error_sys(err, "open %s", o->name);
	}
	return 0;
}

static int
open_output(
    struct nx_output **out, const char *path, int private, struct nx_error *err)
{
	struct nx_output *o;
	struct stat sb, lsb;
	int rc;

	*out = NULL;
	if ((o = calloc(1, sizeof(*o))) == NULL)
		return nx_error_nomem(err);
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
	if ((o->name = strdup(path)) == NULL) {
		release(o);
		return nx_error_nomem(err);
	}
	if (stat(path, &sb) == 0) {
		o->existed = 1;
		if (S_ISDIR(sb.st_mode)) {
			errno = EISDIR;
			rc = nx_error_sys(err, "open %s", path);
		} else if (!S_ISREG(sb.st_mode))
			rc = open_in_place(o, err);
		else if (lstat(path, &lsb) == 0 && S_ISLNK(lsb.st_mode) &&
		    (o->path = realpath(path, NULL)) == NULL)
			rc = nx_error_sys(err, "open %s", path);
		else if (o->path == NULL && (o->path = strdup(path)) == NULL)
			rc = nx_error_nomem(err);
		else if ((rc = open_temp(o, &sb, private, err)) == 0 &&
		    sb.st_nlink > 1)
			nx_warnx("%s has %lu links: the others will keep the "
				 "old content",
			    path, (unsigned long)sb.st_nlink);
	} else if (errno != ENOENT)
		rc = nx_error_sys(err, "open %s", path);
	else if (lstat(path, &lsb) == 0) {
		errno = ENOENT; /* a symbolic link to nowhere */
		rc = nx_error_sys(err, "open %s", path);
	} else if ((o->path = strdup(path)) == NULL)
		rc = nx_error_nomem(err);
	else
		rc = open_temp(o, NULL, private, err);
	if (rc < 0) {
		if (o->fp != NULL)
			fclose(o->fp);
		if (o->tmp != NULL && o->slot >= 0)
			unlink(o->tmp);
		release(o);
		return -1;
	}
	if (o->path != NULL)
		remove_stale(o->path);
	if ((o->buf = malloc(FILE_BUFSIZE)) != NULL)
		setvbuf(o->fp, o->buf, _IOFBF, FILE_BUFSIZE);
	*out = o;
	return 0;
}

int
nx_output_open(struct nx_output **out, const char *path, struct nx_error *err)
{
	return open_output(out, path, 0, err);
}

int
nx_output_open_private(
    struct nx_output **out, const char *path, struct nx_error *err)
{
	return open_output(out, path, 1, err);
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
	return o->name != NULL ? o->name : "<stdout>";
}

/* Flush, sync and close o's stream, checking each; o stays allocated. */
static int
finish(struct nx_output *o, struct nx_error *err)
{
	const char *name = nx_output_name(o);
	int rc = 0;

	if (fflush(o->fp) == EOF || ferror(o->fp))
		rc = nx_error_sys(err, "write %s", name);
	if (o->name == NULL)
		return rc; /* stdout: closed with the process */
	if (rc == 0 && o->tmp != NULL && fsync(fileno(o->fp)) == -1)
		rc = nx_error_sys(err, "write %s", name);
	if (fclose(o->fp) == EOF && rc == 0)
		rc = nx_error_sys(err, "close %s", name);
	o->fp = NULL;
	return rc;
}

/* Make the renames in path's folder durable. */
static void
sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash == NULL ? strdup(".")
				  : strndup(path, (size_t)(slash - path) + 1);
	int fd;

	if (dir != NULL && (fd = open(dir, O_RDONLY | O_DIRECTORY)) != -1) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

/* Keep a link to o's old file as path.nxold-PID, to put back. */
static int
keep_old(struct nx_output *o, struct nx_error *err)
{
	char tag[32];

	struct stat sb;

	/* Never rename over what is not a regular file, whatever it became
	 * since open. */
	if (lstat(o->path, &sb) == 0 && !S_ISREG(sb.st_mode))
		return nx_error_set(
		    err, "%s is no longer a regular file", o->path);
	if (!o->existed)
		return 0;
	snprintf(tag, sizeof(tag), "%s%ld", OLD_TAG, (long)getpid());
	if ((o->old = concat(o->path, tag, "")) == NULL)
		return nx_error_nomem(err);
	unlink(o->old);
	if (link(o->path, o->old) == 0)
		return 0;
	if (errno == ENOENT) { /* gone since: nothing to put back */
		o->existed = 0;
		free(o->old);
		o->old = NULL;
		return 0;
	}
	nx_error_sys(err, "link %s", o->path);
	free(o->old);
	o->old = NULL;
	return -1;
}

/* Put back what outs[0..n) replaced; -1 when some could not be. */
static int
roll_back(struct nx_output **outs, size_t n)
{
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		struct nx_output *o = outs[i];

		if (o == NULL || o->tmp == NULL)
			continue;
		if (o->old != NULL ? rename(o->old, o->path) == -1
				   : unlink(o->path) == -1)
			rc = -1;
		else if (o->old != NULL) {
			free(o->old);
			o->old = NULL;
		}
	}
	return rc;
}

/*
 * Rename every temporary file of outs[0..n) into place, or none: the old
 * files are linked aside first, and if a rename fails the ones done are put
 * back.
 */
static int
rename_all(struct nx_output **outs, size_t n, struct nx_error *err)
{
	size_t done = 0;
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++)
		if (outs[i] != NULL && outs[i]->tmp != NULL)
			rc = keep_old(outs[i], err);
	for (; rc == 0 && done < n; done++) {
		struct nx_output *o = outs[done];

		if (o == NULL || o->tmp == NULL)
			continue;
		if (rename(o->tmp, o->path) == -1) {
			rc = nx_error_sys(err, "rename %s", o->name);
			break;
		}
		forget(o);
	}
	if (rc < 0 && roll_back(outs, done) < 0) {
		struct nx_error why = *err;

		nx_error_set(err,
		    "%s; putting back the files renamed before it failed too: "
		    "some of this run's files are new, the others old (the "
		    "old ones kept as *.nxold-PID)",
		    why.msg);
	}
	/* The links aside go, but for a file that could not be put back:
	 * its link is then the one copy of the old file. */
	for (size_t i = 0; i < n; i++)
		if (outs[i] != NULL && outs[i]->old != NULL) {
			if (rc == 0 || i >= done)
				unlink(outs[i]->old);
			free(outs[i]->old);
			outs[i]->old = NULL;
		}
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (outs[i] != NULL && outs[i]->tmp != NULL)
			sync_dir(outs[i]->path);
	return rc;
}

int
nx_output_commit_all(struct nx_output **outs, size_t n, struct nx_error *err)
{
	sigset_t old;
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		if (outs[i] != NULL &&
		    finish(outs[i], rc == 0 ? err : NULL) < 0)
			rc = -1;
	block_signals(&old);
	if (rc == 0)
		rc = rename_all(outs, n, err);
	for (size_t i = 0; i < n; i++) {
		if (outs[i] == NULL)
			continue;
		if (outs[i]->slot >= 0)
			unlink(outs[i]->tmp);
		release(outs[i]);
		outs[i] = NULL;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
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
	if (o->name != NULL) {
		if (o->fp != NULL)
			fclose(o->fp);
		if (o->tmp != NULL)
			unlink(o->tmp);
	} else
		fflush(o->fp);
	release(o);
}

/* --- the files of one run --------------------------------------------- */

/* Who path is: its device and inode if it exists, else the real path of its
 * folder and its name in *canon (new memory).  0, or -1 with errno. */
static int
identify(const char *path, struct stat *sb, char **canon)
{
	const char *slash = strrchr(path, '/');
	char *dir, *real;

	*canon = NULL;
	if (stat(path, sb) == 0)
		return 0;
	if (errno != ENOENT)
		return -1;
	memset(sb, 0, sizeof(*sb));
	dir = slash == NULL ? strdup(".")
			    : strndup(path, (size_t)(slash - path) + 1);
	if (dir == NULL)
		return -1;
	real = realpath(dir, NULL);
	free(dir);
	if (real == NULL)
		return 0; /* its folder is missing: open will say so */
	*canon = concat(real, "/", slash == NULL ? path : slash + 1);
	free(real);
	return *canon == NULL ? -1 : 0;
}

static int
is_stdio(const char *path)
{
	return path == NULL || strcmp(path, "-") == 0;
}

int
nx_output_distinct(const struct nx_path *outs, size_t nout,
    const struct nx_path *ins, size_t nin, struct nx_error *err)
{
	size_t n = nout + nin;
	struct stat *sb = calloc(n ? n : 1, sizeof(*sb));
	char **canon = calloc(n ? n : 1, sizeof(*canon));
	int rc = 0;

	if (sb == NULL || canon == NULL) {
		free(sb);
		free(canon);
		return nx_error_nomem(err);
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct nx_path *p = i < nout ? &outs[i] : &ins[i - nout];

		if (!is_stdio(p->path) &&
		    identify(p->path, &sb[i], &canon[i]) < 0)
			rc = nx_error_sys(err, "%s", p->path);
	}
	/* Each output against every later output, then every input. */
	for (size_t i = 0; i < nout && rc == 0; i++) {
		if (is_stdio(outs[i].path))
			continue;
		for (size_t j = i + 1; j < n && rc == 0; j++) {
			const struct nx_path *q =
			    j < nout ? &outs[j] : &ins[j - nout];
			int same;

			if (is_stdio(q->path))
				continue;
			if (canon[i] != NULL || canon[j] != NULL)
				same = canon[i] != NULL && canon[j] != NULL &&
				    strcmp(canon[i], canon[j]) == 0;
			else
				same = sb[i].st_dev == sb[j].st_dev &&
				    sb[i].st_ino == sb[j].st_ino &&
				    S_ISREG(sb[i].st_mode);
			if (same)
				rc = nx_error_set(err,
				    "%s %s is the same file as %s %s",
				    outs[i].what, outs[i].path, q->what,
				    q->path);
		}
	}
	for (size_t i = 0; i < n; i++)
		free(canon[i]);
	free(canon);
	free(sb);
	return rc;
}

int
nx_output_lock(const char *path, struct nx_error *err)
{
	for (;;) {
		struct stat a, b;
		int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

		if (fd == -1)
			return nx_error_sys(err, "open %s", path);
		if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
			int busy = errno == EWOULDBLOCK;

			nx_error_sys(err, "lock %s", path);
			if (busy)
				nx_error_set(err,
				    "%s is in use by another run; try again "
				    "when it has finished",
				    path);
			close(fd);
			return -1;
		}
		/* Another run may have renamed a new file over the one
		 * opened: then lock that one. */
		if (fstat(fd, &a) == 0 && stat(path, &b) == 0 &&
		    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			return fd;
		close(fd);
	}
}

int
nx_output_end(struct nx_output **outs, size_t n, int status, int sofar,
    struct nx_error *err)
{
	if (status < 0) {
		for (size_t i = 0; i < n; i++)
			nx_output_abort(outs[i]);
		if (err->errnum == EPIPE) /* the reader left: quietly */
			exit(sofar);
		nx_die(NX_EXIT_DATA, "%s", err->msg);
	}
	if (nx_output_commit_all(outs, n, err) < 0) {
		if (err->errnum == EPIPE)
			exit(status);
		nx_warnx("%s", err->msg);
		status = NX_EXIT_DATA;
	}
	return status;
}
