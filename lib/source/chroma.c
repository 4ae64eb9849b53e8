#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "buf.h"
#include "chroma.h"
#include "text.h"

#define BUSY_TIMEOUT_MS 5000
#define LAG_TRIES 40 /* × 50 ms: how long to wait for Chroma to apply */
#define BATCH 500    /* records one read transaction copies */
#define MIN_SYSDB 4  /* Chroma 0.4.15 */
#define MIN_METADB 2

struct nx_chroma {
	sqlite3 *db;
	char *path;
	int sysdb, metadb, queue;
	int immutable; /* a WAL store with no -wal file, read as it is */
};

static int
db_error(struct nx_error *err, sqlite3 *db, const char *path, const char *what)
{
	return nx_error_set(err, "%s: %s: %s", path, what, sqlite3_errmsg(db));
}

static int
exists(const char *dir, const char *name)
{
	char path[4096];
	struct stat sb;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return stat(path, &sb) == 0;
}

/* Whether path is an SQLite file in WAL mode (header bytes 18 and 19). */
static int
wal_mode(const char *path)
{
	unsigned char h[20];
	FILE *fp = fopen(path, "rb");
	int wal;

	if (fp == NULL)
		return 0;
	wal =
	    fread(h, 1, sizeof(h), fp) == sizeof(h) && h[18] == 2 && h[19] == 2;
	fclose(fp);
	return wal;
}

/* Whether path's -wal file is there. */
static int
has_wal(const char *path)
{
	char wal[4096];
	struct stat sb;

	snprintf(wal, sizeof(wal), "%s-wal", path);
	return stat(wal, &sb) == 0;
}

/*
 * Open the file.  A WAL-mode store with no -wal file has every write in the
 * file itself and no writer (a writer keeps a -wal): it is opened immutable,
 * which needs no -shm, so a read-only folder or mount reads and nothing is
 * left behind.  Should a writer start meanwhile, nx_chroma_read sees its
 * -wal and reads again the usual way.  Otherwise read-only, never nolock.
 */
static int
open_db(struct nx_chroma *c, int immutable)
{
	char *uri;
	int rc;

	/* A path with characters a URI reserves is opened the usual way. */
	c->immutable = immutable && strpbrk(c->path, "?#%") == NULL;
	if (!c->immutable)
		return sqlite3_open_v2(
		    c->path, &c->db, SQLITE_OPEN_READONLY, NULL);
	if ((uri = sqlite3_mprintf("file:%s?immutable=1", c->path)) == NULL)
		return SQLITE_NOMEM;
	rc = sqlite3_open_v2(
	    uri, &c->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
	sqlite3_free(uri);
	return rc;
}

/* One integer from a query without parameters; -1 if there is no row. */
static long
query_long(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int
read_versions(struct nx_chroma *c, struct nx_error *err)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(c->db,
	    "SELECT dir, MAX(version) FROM migrations GROUP BY dir", -1, &st,
	    NULL);
	if (rc != SQLITE_OK) {
		int code = sqlite3_extended_errcode(c->db);

		if (code == SQLITE_READONLY_ROLLBACK)
			return nx_error_set(err,
			    "%s: the store has an unfinished write (a hot "
			    "journal); start the app once so that Chroma "
			    "finishes it, then try again",
			    c->path);
		if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
			return nx_error_set(err,
			    "%s: not an SQLite database, or a damaged one",
			    c->path);
		if (strstr(sqlite3_errmsg(c->db), "no such table") != NULL)
			return nx_error_set(err,
			    "%s: not a Chroma store (no migrations table)",
			    c->path);
		return db_error(err, c->db, c->path, "read");
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *dir = (const char *)sqlite3_column_text(st, 0);
		int v = sqlite3_column_int(st, 1);

		if (dir == NULL)
			continue;
		if (strcmp(dir, "sysdb") == 0)
			c->sysdb = v;
		else if (strcmp(dir, "metadb") == 0)
			c->metadb = v;
		else if (strcmp(dir, "embeddings_queue") == 0)
			c->queue = v;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(err, c->db, c->path, "read");
	return 0;
}

/* The columns this reader uses, for schemas newer than it knows. */
static int
check_columns(struct nx_chroma *c, struct nx_error *err)
{
	static const struct {
		const char *table;
		const char *cols;
		long n;
	} need[] = {
	    {"embedding_metadata",
		"'id','key','string_value','int_value',"
		"'float_value','bool_value'",
		6},
	    {"embeddings", "'id','segment_id','embedding_id'", 3},
	    {"segments", "'id','scope','collection'", 3},
	    {"collections", "'id','name','database_id'", 3},
	};
	char sql[512];

	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		snprintf(sql, sizeof(sql),
		    "SELECT COUNT(*) FROM pragma_table_info('%s') WHERE name "
		    "IN (%s)",
		    need[i].table, need[i].cols);
		if (query_long(c->db, sql) != need[i].n)
			return nx_error_set(err,
			    "%s: unsupported Chroma schema sysdb=%d metadb=%d "
			    "(table %s has changed)",
			    c->path, c->sysdb, c->metadb, need[i].table);
	}
	return 0;
}

int
nx_chroma_open(struct nx_chroma **out, const char *dir, char *warning,
    size_t wsize, struct nx_error *err)
{
	struct nx_chroma *c;
	struct stat sb;
	size_t n = strlen(dir) + 32;

	*out = NULL;
	warning[0] = '\0';
	if (stat(dir, &sb) == -1)
		return nx_error_sys(err, "open %s", dir);
	if (!S_ISDIR(sb.st_mode))
		return nx_error_set(err, "%s: not a directory", dir);
	if (!exists(dir, "chroma.sqlite3")) {
		if (exists(dir, "chroma-embeddings.parquet") ||
		    exists(dir, "chroma-collections.parquet"))
			return nx_error_set(err,
			    "%s: a Chroma store from before 0.4 (DuckDB and "
			    "Parquet) is not supported; convert it with "
			    "Chroma's chroma-migrate first",
			    dir);
		return nx_error_set(
		    err, "%s: no chroma.sqlite3 here: not a Chroma store", dir);
	}
	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->path = malloc(n)) == NULL) {
		free(c);
		return nx_error_set(err, "out of memory");
	}
	snprintf(c->path, n, "%s/chroma.sqlite3", dir);
	if (stat(c->path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		nx_error_set(err, "%s: not a file", c->path);
		nx_chroma_close(c);
		return -1;
	}
	/* Read-only, never nolock: the app may be writing. */
	if (open_db(c, wal_mode(c->path) && !has_wal(c->path)) != SQLITE_OK) {
		db_error(err, c->db, c->path, "open");
		nx_chroma_close(c);
		return -1;
	}
	sqlite3_extended_result_codes(c->db, 1);
	sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
	if (read_versions(c, err) < 0) {
		nx_chroma_close(c);
		return -1;
	}
	if (c->sysdb < MIN_SYSDB || c->metadb < MIN_METADB) {
		nx_error_set(err,
		    "%s: Chroma schema sysdb=%d metadb=%d is older than Chroma "
		    "0.4.15: not supported",
		    c->path, c->sysdb, c->metadb);
		nx_chroma_close(c);
		return -1;
	}
	if (c->sysdb > NX_CHROMA_SYSDB_KNOWN ||
	    c->metadb > NX_CHROMA_METADB_KNOWN) {
		if (check_columns(c, err) < 0) {
			nx_chroma_close(c);
			return -1;
		}
		snprintf(warning, wsize,
		    "%s: newer Chroma schema (sysdb=%d metadb=%d) than tested "
		    "(%d, %d); the columns read are all there",
		    c->path, c->sysdb, c->metadb, NX_CHROMA_SYSDB_KNOWN,
		    NX_CHROMA_METADB_KNOWN);
	}
	*out = c;
	return 0;
}

void
nx_chroma_versions(
    const struct nx_chroma *c, int *sysdb, int *metadb, int *queue)
{
	*sysdb = c->sysdb;
	*metadb = c->metadb;
	*queue = c->queue;
}

int
nx_chroma_collections(const struct nx_chroma *c,
    struct nx_chroma_collection **out, size_t *n, struct nx_error *err)
{
	sqlite3_stmt *st;
	struct nx_chroma_collection *list = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	rc = sqlite3_prepare_v2(c->db,
	    "SELECT c.name, (SELECT COUNT(*) FROM embeddings e JOIN segments s "
	    "ON s.id = e.segment_id WHERE s.collection = c.id AND s.scope = "
	    "'METADATA') FROM collections c JOIN databases d ON d.id = "
	    "c.database_id WHERE d.name = 'default_database' AND d.tenant_id "
	    "= 'default_tenant' ORDER BY c.name",
	    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_error(err, c->db, c->path, "list collections");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);

		if (*n == cap) {
			struct nx_chroma_collection *p;

			cap = cap ? cap * 2 : 8;
			if ((p = realloc(list, cap * sizeof(*p))) == NULL)
				break;
			list = p;
		}
		list[*n].name = strdup(name != NULL ? name : "");
		list[*n].count = (long)sqlite3_column_int64(st, 1);
		if (list[*n].name == NULL)
			break;
		(*n)++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		nx_chroma_collections_free(list, *n);
		*n = 0;
		return rc == SQLITE_ROW
		    ? nx_error_set(err, "out of memory")
		    : db_error(err, c->db, c->path, "list collections");
	}
	*out = list;
	return 0;
}

void
nx_chroma_collections_free(struct nx_chroma_collection *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i].name);
	free(list);
}

/* The collection's id and metadata segment; 0, or -1 (err: not found). */
static int
find_collection(struct nx_chroma *c, const char *name, char **coll, char **seg,
    struct nx_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*coll = *seg = NULL;
	rc = sqlite3_prepare_v2(c->db,
	    "SELECT c.id, s.id FROM collections c JOIN databases d ON d.id = "
	    "c.database_id JOIN segments s ON s.collection = c.id AND s.scope "
	    "= 'METADATA' WHERE c.name = ?1 AND d.name = 'default_database' "
	    "AND d.tenant_id = 'default_tenant'",
	    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_error(err, c->db, c->path, "find collection");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *cid = (const char *)sqlite3_column_text(st, 0);
		const char *sid = (const char *)sqlite3_column_text(st, 1);

		/* A damaged store: a NULL id would match nothing. */
		if (cid == NULL || sid == NULL) {
			sqlite3_finalize(st);
			return nx_error_set(err,
			    "%s: collection %s has no %s id: a damaged store",
			    c->path, name,
			    cid == NULL ? "collection" : "segment");
		}
		*coll = strdup(cid);
		*seg = strdup(sid);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW && (*coll == NULL || *seg == NULL))
		return nx_error_set(err, "out of memory");
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return db_error(err, c->db, c->path, "find collection");
	{
		struct nx_chroma_collection *list;
		size_t n;
		struct nx_buf b = NX_BUF_INIT;

		if (nx_chroma_collections(c, &list, &n, err) < 0)
			return -1;
		for (size_t i = 0; i < n; i++) {
			if (i > 0)
				nx_buf_adds(&b, ", ");
			nx_buf_adds(&b, list[i].name);
		}
		nx_buf_addc(&b, '\0');
		nx_error_set(err, "%s: no collection named %s; %s%s", c->path,
		    name, n > 0 ? "the store has: " : "the store has none",
		    n > 0 && b.data != NULL ? b.data : "");
		nx_buf_free(&b);
		nx_chroma_collections_free(list, n);
		return -1;
	}
}

/* Writes Chroma has logged for the collection but not yet applied. */
static long
lag(struct nx_chroma *c, const char *coll, const char *seg)
{
	sqlite3_stmt *st;
	long n = 0;

	/* Before metadb 5, max_seq_id held big-endian blobs: Python-era
	 * Chroma applied the log in the same transaction anyway. */
	if (c->metadb < 5)
		return 0;
	if (sqlite3_prepare_v2(c->db,
		"SELECT COUNT(*) FROM embeddings_queue WHERE substr(topic, "
		"-length(?1)) = ?1 AND seq_id > COALESCE((SELECT seq_id FROM "
		"max_seq_id WHERE segment_id = ?2), 0)",
		-1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, coll, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, seg, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/*
 * Rows are copied while the read lock is held and turned into records
 * after it is released.  A copied value: its record, its key and value as
 * offsets into the arena, its type, and its place (array elements keep
 * their order).
 */
enum { V_NULL, V_TEXT, V_INT, V_REAL, V_BOOL };

struct row {
	size_t rec;
	size_t seq;
	size_t key, keylen;
	const char *keyp; /* set once the arena is complete */
	size_t str, strlen;
	sqlite3_int64 i;
	double d;
	unsigned char type;
	unsigned char array;
};

struct copy {
	struct nx_buf arena;
	sqlite3_int64 *rowid; /* of each record, ascending */
	size_t *idoff;	      /* each record's id in the arena */
	size_t nrec, reccap;
	struct row *rows;
	size_t nrows, rowcap;
};

static int
keep(struct copy *cp, size_t *off, const void *p, size_t n)
{
	*off = cp->arena.len;
	return nx_buf_add(&cp->arena, p, n) < 0 ||
		nx_buf_addc(&cp->arena, 0) < 0
	    ? -1
	    : 0;
}

/* The record with this rowid, or -1 (another collection's). */
static long
find_rec(const struct copy *cp, sqlite3_int64 rowid)
{
	size_t lo = 0, hi = cp->nrec;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp->rowid[mid] < rowid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < cp->nrec && cp->rowid[lo] == rowid ? (long)lo : -1;
}

/* Query 4, split in two range scans: the next BATCH records after rowid
 * after... */
static int
copy_records(struct nx_chroma *c, const char *seg, sqlite3_int64 after,
    struct copy *cp, struct nx_error *err)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(c->db,
	    "SELECT id, embedding_id FROM embeddings NOT INDEXED WHERE "
	    "segment_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3",
	    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_error(err, c->db, c->path, "read");
	sqlite3_bind_text(st, 1, seg, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, after);
	sqlite3_bind_int(st, 3, BATCH);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (cp->nrec == cp->reccap) {
			size_t cap = cp->reccap ? cp->reccap * 2 : 1024;
			sqlite3_int64 *r = realloc(cp->rowid, cap * sizeof(*r));
			size_t *o;

			if (r == NULL)
				break;
			cp->rowid = r;
			if ((o = realloc(cp->idoff, cap * sizeof(*o))) == NULL)
				break;
			cp->idoff = o;
			cp->reccap = cap;
		}
		cp->rowid[cp->nrec] = sqlite3_column_int64(st, 0);
		if (keep(cp, &cp->idoff[cp->nrec], sqlite3_column_text(st, 1),
			(size_t)sqlite3_column_bytes(st, 1)) < 0)
			break;
		cp->nrec++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc == SQLITE_ROW ? nx_error_set(err, "out of memory")
					: db_error(err, c->db, c->path, "read");
	return 0;
}

/* ...and every metadata row (or list element) that belongs to them, from
 * the rows with their rowids (sql binds the first and the last). */
static int
copy_values(struct nx_chroma *c, const char *sql, int array, struct copy *cp,
    struct nx_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (cp->nrec == 0)
		return 0;
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(err, c->db, c->path, "read");
	sqlite3_bind_int64(st, 1, cp->rowid[0]);
	sqlite3_bind_int64(st, 2, cp->rowid[cp->nrec - 1]);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long rec = find_rec(cp, sqlite3_column_int64(st, 0));
		struct row *r;

		if (rec < 0 || sqlite3_column_type(st, 1) == SQLITE_NULL)
			continue;
		if (cp->nrows == cp->rowcap) {
			size_t cap = cp->rowcap ? cp->rowcap * 2 : 4096;

			if ((r = realloc(cp->rows, cap * sizeof(*r))) == NULL)
				break;
			cp->rows = r;
			cp->rowcap = cap;
		}
		r = &cp->rows[cp->nrows];
		memset(r, 0, sizeof(*r));
		r->rec = (size_t)rec;
		r->seq = cp->nrows;
		r->array = (unsigned char)array;
		r->keylen = (size_t)sqlite3_column_bytes(st, 1);
		if (keep(cp, &r->key, sqlite3_column_text(st, 1), r->keylen) <
		    0)
			break;
		/* The first non-NULL value column, as Chroma reads them. */
		for (int i = 2; i < 6 && r->type == V_NULL; i++) {
			switch (sqlite3_column_type(st, i)) {
			case SQLITE_TEXT:
				r->type = V_TEXT;
				r->strlen = (size_t)sqlite3_column_bytes(st, i);
				if (keep(cp, &r->str,
					sqlite3_column_text(st, i),
					r->strlen) < 0)
					goto nomem;
				break;
			case SQLITE_INTEGER:
				r->type = i == 5 ? V_BOOL : V_INT;
				r->i = sqlite3_column_int64(st, i);
				break;
			case SQLITE_FLOAT:
				r->type = V_REAL;
				r->d = sqlite3_column_double(st, i);
				break;
			default:
				break;
			}
		}
		cp->nrows++;
	}
nomem:
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc == SQLITE_ROW ? nx_error_set(err, "out of memory")
					: db_error(err, c->db, c->path, "read");
	return 0;
}

static int
by_rec_key_seq(const void *x, const void *y)
{
	const struct row *a = x, *b = y;
	int d;

	if (a->rec != b->rec)
		return (a->rec > b->rec) - (a->rec < b->rec);
	d = strcmp(a->keyp, b->keyp);
	if (d != 0)
		return d;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

static json_t *
json_of(const struct copy *cp, const struct row *r)
{
	switch (r->type) {
	case V_TEXT:
		return json_stringn(cp->arena.data + r->str, r->strlen);
	case V_INT:
		return json_integer(r->i);
	case V_REAL:
		return json_real(r->d);
	case V_BOOL:
		return json_boolean(r->i != 0);
	default:
		return json_null();
	}
}

static int
by_id(const void *x, const void *y)
{
	const struct nx_chroma_record *const *a = x, *const *b = y;

	return strcmp((*a)->id, (*b)->id);
}

/*
 * Records of one read transaction, out->records[base..n), that share an
 * id (a damaged store: Chroma keeps one a collection) are all bad: which
 * one is right cannot be told.  Twins read in two transactions are not
 * seen (the reader keeps one transaction's records at a time).
 */
static int
mark_twins(struct nx_chroma_list *out, size_t base)
{
	struct nx_chroma_record **p;
	size_t n = out->n - base;

	if (n < 2)
		return 0;
	if ((p = malloc(n * sizeof(*p))) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		p[i] = &out->records[base + i];
	qsort(p, n, sizeof(*p), by_id);
	for (size_t i = 1; i < n; i++)
		if (strcmp(p[i - 1]->id, p[i]->id) == 0)
			p[i - 1]->bad = p[i]->bad =
			    "another record of the store has the same id";
	free(p);
	return 0;
}

/* After the lock: the copied rows as records, keys in order, appended to
 * out. */
static int
build(struct copy *cp, struct nx_chroma_list *out, struct nx_error *err)
{
	size_t base = out->n;

	for (size_t k = 0; k < cp->nrows; k++)
		cp->rows[k].keyp = cp->arena.data + cp->rows[k].key;
	if (cp->nrows > 0)
		qsort(cp->rows, cp->nrows, sizeof(*cp->rows), by_rec_key_seq);
	if (out->n + cp->nrec > out->cap) {
		size_t cap = out->cap ? out->cap : 1024;
		struct nx_chroma_record *p;

		while (cap < out->n + cp->nrec)
			cap *= 2;
		if ((p = realloc(out->records, cap * sizeof(*p))) == NULL)
			return nx_error_set(err, "out of memory");
		memset(p + out->cap, 0, (cap - out->cap) * sizeof(*p));
		out->records = p;
		out->cap = cap;
	}
	out->batch = 0;
	for (size_t i = 0; i < cp->nrec; i++) {
		if ((out->records[base + i].id =
			    strdup(cp->arena.data + cp->idoff[i])) == NULL)
			return nx_error_set(err, "out of memory");
		out->n++;
		out->batch++;
		out->total++;
	}
	if (mark_twins(out, base) < 0)
		return nx_error_set(err, "out of memory");
	for (size_t k = 0; k < cp->nrows; k++) {
		const struct row *r = &cp->rows[k];
		struct nx_chroma_record *rec = &out->records[base + r->rec];
		const char *key = cp->arena.data + r->key;
		json_t *list;

		int document = !r->array && strcmp(key, "chroma:document") == 0;

		/* What JSON cannot hold, or the next stage would refuse, makes
		 * the record bad: never dropped without a word. */
		if (strlen(key) != r->keylen ||
		    !nx_text_utf8_valid(key, r->keylen)) {
			rec->bad = "a metadata key is not valid UTF-8 or holds "
				   "a NUL byte";
			continue;
		}
		if (r->type == V_REAL && !isfinite(r->d))
			rec->bad = "a metadata value is not a finite number";
		if (r->type == V_TEXT && !document &&
		    memchr(cp->arena.data + r->str, '\0', r->strlen) != NULL)
			rec->bad = "a metadata value holds a NUL byte";
		if (r->type == V_TEXT &&
		    !nx_text_utf8_valid(cp->arena.data + r->str, r->strlen))
			rec->bad = document
			    ? "the document is not valid UTF-8"
			    : "a metadata value is not valid UTF-8";
		if (document) {
			const char *text = cp->arena.data + r->str;

			if (r->type != V_TEXT)
				continue;
			if ((rec->document = malloc(r->strlen + 1)) == NULL)
				return nx_error_set(err, "out of memory");
			memcpy(rec->document, text, r->strlen);
			rec->document[r->strlen] = '\0';
			rec->document_len = r->strlen;
			if (memchr(text, '\0', r->strlen) != NULL)
				rec->bad = "the document holds a NUL byte";
			continue;
		}
		if (rec->metadata == NULL &&
		    (rec->metadata = json_object()) == NULL)
			return nx_error_set(err, "out of memory");
		if (!r->array) {
			json_object_set_new(rec->metadata, key, json_of(cp, r));
			continue;
		}
		if (strcmp(key, "chroma:document") == 0) {
			rec->bad = "the document is stored as a list";
			continue;
		}
		if ((list = json_object_get(rec->metadata, key)) != NULL &&
		    !json_is_array(list)) {
			rec->bad = "a metadata key is both a value and a list";
			continue;
		}
		if (list == NULL) {
			list = json_array();
			json_object_set_new(rec->metadata, key, list);
		}
		json_array_append_new(list, json_of(cp, r));
	}
	return 0;
}

static void
copy_free(struct copy *cp)
{
	nx_buf_free(&cp->arena);
	free(cp->rowid);
	free(cp->idoff);
	free(cp->rows);
	memset(cp, 0, sizeof(*cp));
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void free_record(struct nx_chroma_record *r);

/*
 * One read transaction: the next BATCH records after rowid *after, whole
 * (their metadata rows in the same transaction), appended to out; *after
 * moves to the last.  1 when there were records, 0 at the end, -1.
 */
static int
read_batch(struct nx_chroma *c, const char *seg, sqlite3_int64 *after,
    struct nx_chroma_list *out, struct nx_error *err)
{
	struct copy cp;
	double start = now();
	int rc;

	memset(&cp, 0, sizeof(cp));
	if (sqlite3_exec(c->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return db_error(err, c->db, c->path, "begin");
	rc = copy_records(c, seg, *after, &cp, err) < 0 ||
		copy_values(c,
		    "SELECT id, key, string_value, int_value, float_value, "
		    "bool_value FROM embedding_metadata WHERE id BETWEEN ?1 "
		    "AND ?2",
		    0, &cp, err) < 0 ||
		(c->metadb >= 6 &&
		    copy_values(c,
			"SELECT id, key, string_value, int_value, "
			"float_value, bool_value FROM "
			"embedding_metadata_array WHERE id BETWEEN ?1 AND ?2",
			1, &cp, err) < 0)
	    ? -1
	    : 0;
	sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
	if (now() - start > out->longest)
		out->longest = now() - start;
	out->locked += now() - start;
	if (rc == 0 && cp.nrec > 0) {
		*after = cp.rowid[cp.nrec - 1];
		rc = build(&cp, out, err) < 0 ? -1 : 1;
	}
	copy_free(&cp);
	return rc;
}

int
nx_chroma_each(struct nx_chroma *c, const char *name,
    struct nx_chroma_list *out,
    int (*each)(void *ctx, struct nx_chroma_list *batch), void *ctx,
    struct nx_error *err)
{
	char *coll = NULL, *seg = NULL;
	sqlite3_int64 after = -1;
	int rc = -1;

	for (int try = 0;; try++) {
		double start = now();

		if (sqlite3_exec(c->db, "BEGIN", NULL, NULL, NULL) !=
		    SQLITE_OK) {
			db_error(err, c->db, c->path, "begin");
			goto out;
		}
		free(coll);
		free(seg);
		if (find_collection(c, name, &coll, &seg, err) < 0) {
			sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
			goto out;
		}
		out->pending = lag(c, coll, seg);
		sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
		out->locked += now() - start;
		if (out->pending == 0 || try >= LAG_TRIES)
			break;
		/* Chroma has logged writes it has not applied: let it finish
		 * rather than read half of them. */
		nanosleep(&(struct timespec){0, 50000000}, NULL);
	}
	/* Short transactions, so that the app's writer never waits long;
	 * each holds whole records (see chroma.h for what that gives). */
	nx_chroma_list_free(out);
	for (;;) {
		sqlite3_int64 from = after;

		if ((rc = read_batch(c, seg, &after, out, err)) != 1)
			break;
		if (c->immutable && has_wal(c->path)) {
			/* A writer started while the file was read as
			 * immutable: its checkpoints may change pages under
			 * the reader.  This batch again, the usual way. */
			sqlite3_close(c->db);
			c->db = NULL;
			if (open_db(c, 0) != SQLITE_OK) {
				rc = db_error(err, c->db, c->path, "open");
				break;
			}
			sqlite3_extended_result_codes(c->db, 1);
			sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
			for (size_t i = out->n - out->batch; i < out->n; i++)
				free_record(&out->records[i]);
			out->n -= out->batch;
			out->total -= out->batch;
			after = from;
			continue;
		}
		if (each != NULL) {
			rc = each(ctx, out);
			nx_chroma_list_free(out);
			if (rc < 0)
				break;
		}
	}
out:
	free(coll);
	free(seg);
	return rc;
}

int
nx_chroma_read(struct nx_chroma *c, const char *name,
    struct nx_chroma_list *out, struct nx_error *err)
{
	return nx_chroma_each(c, name, out, NULL, NULL, err);
}

static void
free_record(struct nx_chroma_record *r)
{
	free(r->id);
	free(r->document);
	json_decref(r->metadata);
	memset(r, 0, sizeof(*r));
}

void
nx_chroma_list_free(struct nx_chroma_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		free_record(&list->records[i]);
	free(list->records);
	list->records = NULL;
	list->n = list->cap = 0;
}

void
nx_chroma_close(struct nx_chroma *c)
{
	if (c == NULL)
		return;
	sqlite3_close(c->db);
	free(c->path);
	free(c);
}
