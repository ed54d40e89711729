/* store.c: opening, migrating and writing the SQLite store (see store.h). */
#include "store/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/internal.h"
#include "store/neardup.h"
#include "util/date.h"
#include "util/embedded.h"

enum {
	ST_FIND_URL,
	ST_FIND_HASH,
	ST_INSERT,
	ST_UPDATE,
	ST_DEL_BANDS,
	ST_CANDIDATES,
	ST_ADD_BAND,
	ST_SET_STORY,
	ST__COUNT
};

/* Statements prepared once per handle, for the per-article path. */
static const char *const stmt_sql[ST__COUNT] = {
	[ST_FIND_URL] = "SELECT id, hash FROM article WHERE url = ?1 OR url = ?2 OR canonical = ?2 "
			"OR canonical = ?1 LIMIT 1",
	[ST_FIND_HASH] = "SELECT id, coalesce(story, id) FROM article WHERE hash = ?1 ORDER BY id LIMIT 1",
	[ST_INSERT] = "INSERT INTO article(url, canonical, source_id, title, author, site, published, "
		      "fetched, lang, description, body, hash, full_text) "
		      "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
	[ST_UPDATE] = "UPDATE article SET canonical=?2, source_id=coalesce(?3, source_id), title=?4, "
		      "author=?5, site=?6, published=?7, fetched=?8, lang=?9, description=?10, "
		      "body=?11, hash=?12, full_text=?13 WHERE id=?1",
	[ST_DEL_BANDS] = "DELETE FROM story_band WHERE article_id = ?1",
	[ST_CANDIDATES] = "SELECT DISTINCT a.id, a.minhash, a.story FROM story_band b JOIN article a "
			  "ON a.id = b.article_id WHERE b.band IN (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) AND a.id <> ?9 "
			  "ORDER BY a.id LIMIT 500",
	[ST_ADD_BAND] = "INSERT OR IGNORE INTO story_band(band, article_id) VALUES (?1, ?2)",
	[ST_SET_STORY] = "UPDATE article SET story = ?1, minhash = ?2 WHERE id = ?3",
};

struct store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *find_entity, *add_entity, *add_alias, *add_mention;
	sqlite3_stmt *st[ST__COUNT];
};

sqlite3 *store_db(struct store *s)
{
	return s->db;
}

static int db_error(sqlite3 *db, struct err *e, const char *what)
{
	int code = sqlite3_errcode(db);
	if (code == SQLITE_FULL)
		return err_set(e, "%s: the disk or the database is full; free space and try again", what);
	if (code == SQLITE_READONLY)
		return err_set(e, "%s: the database is read-only; check its permissions", what);
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return err_set(e, "%s: the database stayed locked by another secnews; try again", what);
	if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
		return err_set(e, "%s: the database file is damaged or not a secnews database", what);
	return err_set(e, "%s: %s", what, sqlite3_errmsg(db));
}

int store_exec(struct store *s, const char *sql, struct err *e)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_error(s->db, e, "database");
	return 0;
}

/* Migrations are the embedded schema/NNN_*.sql files; NNN is the version. */
static int migration_version(const char *path)
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	return atoi(b);
}

int store_schema_version(void)
{
	int v = 0;
	for (const struct embedded_file *f = embedded_files; f->path; f++)
		if (strncmp(f->path, "schema/", 7) == 0 && migration_version(f->path) > v)
			v = migration_version(f->path);
	return v;
}

static int user_version(sqlite3 *db, int *v)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		*v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return r == SQLITE_ROW ? 0 : -1;
}

int store_migrate(sqlite3 *db, int upto, struct err *e)
{
	int have;
	if (user_version(db, &have))
		return db_error(db, e, "reading the schema version");
	int want = store_schema_version();
	if (upto && upto < want)
		want = upto;
	if (have > store_schema_version())
		return err_set(e, "the database has schema version %d, newer than this secnews knows (%d); "
			       "use a newer secnews", have, store_schema_version());
	for (int v = have + 1; v <= want; v++) {
		const struct embedded_file *m = NULL;
		for (const struct embedded_file *f = embedded_files; f->path; f++)
			if (strncmp(f->path, "schema/", 7) == 0 && migration_version(f->path) == v)
				m = f;
		if (!m)
			return err_set(e, "internal error: migration %03d is missing", v);
		char *msg = NULL;
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d;", v);
		if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
			return db_error(db, e, "upgrading the database");
		if (sqlite3_exec(db, m->data, NULL, NULL, &msg) != SQLITE_OK ||
		    sqlite3_exec(db, pragma, NULL, NULL, &msg) != SQLITE_OK) {
			err_set(e, "upgrading the database with %s: %s", m->path, msg ? msg : "failed");
			sqlite3_free(msg);
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
		/* Another process may have migrated meanwhile: BEGIN IMMEDIATE serialises,
		 * so re-check before committing would be too late; check before instead. */
		if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
			db_error(db, e, "upgrading the database");
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
	}
	return 0;
}

static int prepare(struct store *s, sqlite3_stmt **st, const char *sql, struct err *e)
{
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
		return db_error(s->db, e, "preparing a query");
	return 0;
}

int store_open(const char *path, struct store **out, struct err *e)
{
	*out = NULL;
	struct store *s = calloc(1, sizeof *s);
	if (!s || !(s->path = strdup(path))) {
		free(s);
		return err_set(e, "out of memory");
	}
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		store_close(s);
		return err_set(e, "%s: is a directory, not a database file", path);
	}
	int rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		/* say why in the user's terms: the folder is missing or not writable */
		char dir[4096];
		snprintf(dir, sizeof dir, "%s", path);
		char *slash = strrchr(dir, '/');
		if (slash)
			*(slash == dir ? slash + 1 : slash) = 0;
		else
			snprintf(dir, sizeof dir, ".");
		struct stat ds;
		if (stat(dir, &ds) != 0)
			err_set(e, "%s: cannot create the database: the folder %s does not exist", path, dir);
		else if (access(dir, W_OK) != 0)
			err_set(e, "%s: cannot create the database: the folder %s is not writable", path, dir);
		else
			err_set(e, "%s: cannot open the database: %s", path,
				s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		store_close(s);
		return -1;
	}
	sqlite3_busy_timeout(s->db, 10000);
	sqlite3_extended_result_codes(s->db, 0);
	int v = 0;
	if (user_version(s->db, &v) != 0) {
		int code = sqlite3_errcode(s->db), sys = sqlite3_system_errno(s->db);
		if (sys == EMFILE || sys == ENFILE)
			err_set(e, "%s: cannot open the database: too many open files; raise the limit (ulimit -n)",
				path);
		else if (code == SQLITE_READONLY || code == SQLITE_PERM || (code == SQLITE_CANTOPEN && sys == EACCES))
			err_set(e, "%s: cannot use the database: it or its folder is read-only for this user "
				   "(secnews needs to write beside it); check the permissions", path);
		else if (code == SQLITE_NOTADB)
			err_set(e, "%s: not a SQLite database; name another file with --db", path);
		else if (code == SQLITE_CORRUPT)
			err_set(e, "%s: the database is damaged (truncated or overwritten); restore it from a backup",
				path);
		else
			err_set(e, "%s: cannot read the database (%s)", path, sqlite3_errmsg(s->db));
		store_close(s);
		return -1;
	}
	if (sqlite3_exec(s->db, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
				"PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768;", NULL, NULL, NULL) != SQLITE_OK) {
		char what[600];
		snprintf(what, sizeof what, "%s", path);
		db_error(s->db, e, what);
		store_close(s);
		return -1;
	}
	/* Test hook (tests/e2e/harden_exhaustion.sh): $SECNEWS_MAX_PAGES caps the
	 * database at that many pages (PRAGMA max_page_count), to simulate a full
	 * disk. Not a user option; unset in normal use. */
	const char *maxp = getenv("SECNEWS_MAX_PAGES");
	if (maxp && *maxp) {
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA max_page_count = %ld", strtol(maxp, NULL, 10));
		sqlite3_exec(s->db, pragma, NULL, NULL, NULL);
	}
	if (store_migrate(s->db, 0, e) != 0) {
		char msg[sizeof e->msg];
		snprintf(msg, sizeof msg, "%s", e ? e->msg : "");
		err_set(e, "%s: %s", path, msg);
		store_close(s);
		return -1;
	}
	if (search_register(s->db)) {
		err_set(e, "%s: cannot register the search functions (SQLite without FTS5?)", path);
		store_close(s);
		return -1;
	}
	if (prepare(s, &s->find_entity, "SELECT id FROM entity WHERE kind = ?1 AND name = ?2", e) ||
	    prepare(s, &s->add_entity,
		    "INSERT INTO entity(kind, name, vendor) VALUES (?1, ?2, ?3) "
		    "ON CONFLICT(kind, name) DO UPDATE SET vendor = coalesce(entity.vendor, excluded.vendor) "
		    "RETURNING id",
		    e) ||
	    prepare(s, &s->add_alias, "INSERT OR IGNORE INTO alias(norm, entity_id, name) VALUES (?1, ?2, ?3)", e) ||
	    prepare(s, &s->add_mention,
		    "INSERT INTO mention(article_id, entity_id, count, first_field, first_offset, text) "
		    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO UPDATE SET count = count + excluded.count",
		    e)) {
		store_close(s);
		return -1;
	}
	for (int i = 0; i < ST__COUNT; i++)
		if (prepare(s, &s->st[i], stmt_sql[i], e)) {
			store_close(s);
			return -1;
		}
	*out = s;
	return 0;
}

int store_open_readonly(const char *path, struct store **out, struct err *e)
{
	*out = NULL;
	struct store *s = calloc(1, sizeof *s);
	if (!s || !(s->path = strdup(path))) {
		free(s);
		return err_set(e, "out of memory");
	}
	int rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK) {
		err_set(e, "%s: cannot open the database: %s", path, s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		store_close(s);
		return -1;
	}
	sqlite3_busy_timeout(s->db, 10000);
	sqlite3_extended_result_codes(s->db, 0);
	int v = 0;
	if (user_version(s->db, &v) != 0) {
		db_error(s->db, e, path);
		store_close(s);
		return -1;
	}
	if (v != store_schema_version()) {
		err_set(e, "%s: the database has schema version %d, this secnews reads %d; run 'secnews init' first",
			path, v, store_schema_version());
		store_close(s);
		return -1;
	}
	if (sqlite3_exec(s->db, "PRAGMA query_only=1; PRAGMA cache_size=-16384;", NULL, NULL, NULL) != SQLITE_OK ||
	    search_register(s->db)) {
		db_error(s->db, e, path);
		store_close(s);
		return -1;
	}
	*out = s;
	return 0;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->find_entity);
	sqlite3_finalize(s->add_entity);
	sqlite3_finalize(s->add_alias);
	sqlite3_finalize(s->add_mention);
	for (int i = 0; i < ST__COUNT; i++)
		sqlite3_finalize(s->st[i]);
	if (s->db)
		sqlite3_close(s->db);
	free(s->path);
	free(s);
}

int store_begin(struct store *s, struct err *e)
{
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return db_error(s->db, e, "starting a transaction");
	return 0;
}

int store_commit(struct store *s, struct err *e)
{
	if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		db_error(s->db, e, "saving to the database");
		store_rollback(s);
		return -1;
	}
	return 0;
}

void store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ---- entities and dictionaries ------------------------------------------ */

/* The id of entity (KIND, NAME), created if new. 0 or -1. */
static int entity_id(struct store *s, int kind, const char *name, const char *vendor, int64_t *id,
		     struct err *e)
{
	sqlite3_stmt *st = s->find_entity;
	sqlite3_bind_text(st, 1, kind_name(kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);
	if (r != SQLITE_DONE)
		return db_error(s->db, e, "finding an entity");
	st = s->add_entity;
	sqlite3_bind_text(st, 1, kind_name(kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	if (vendor)
		sqlite3_bind_text(st, 3, vendor, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 3);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (r != SQLITE_ROW)
		return db_error(s->db, e, "adding an entity");
	/* its own name is an alias, so that lookups need only the alias index */
	struct buf norm = BUF_INIT;
	if (dict_norm(name, &norm)) {
		buf_free(&norm);
		return err_set(e, "out of memory");
	}
	st = s->add_alias;
	sqlite3_bind_text(st, 1, buf_str(&norm), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, *id);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
	r = sqlite3_step(st);
	sqlite3_reset(st);
	buf_free(&norm);
	if (r != SQLITE_DONE)
		return db_error(s->db, e, "adding an entity");
	return 0;
}

static int meta_get(struct store *s, const char *key, char *out, size_t n)
{
	sqlite3_stmt *st;
	out[0] = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return 0;
}

int store_sync_dict(struct store *s, const struct dict *d, struct err *e)
{
	char want[32], have[32];
	snprintf(want, sizeof want, "%016llx", dict_fingerprint(d));
	meta_get(s, "dict_fingerprint", have, sizeof have);
	if (strcmp(want, have) == 0)
		return 0;
	if (store_begin(s, e))
		return -1;
	sqlite3_stmt *up = NULL, *al = NULL, *meta = NULL;
	struct buf norm = BUF_INIT;
	int rc = -1;
	/* Aliases are rebuilt from the dictionary; entities are kept (mentions
	 * point at them) and their attributes refreshed. */
	if (sqlite3_exec(s->db, "DELETE FROM alias", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db,
			       "INSERT INTO entity(kind, name, vendor, country, ids) VALUES (?1, ?2, ?3, ?4, ?5) "
			       "ON CONFLICT(kind, name) DO UPDATE SET vendor = excluded.vendor, "
			       "country = excluded.country, ids = excluded.ids RETURNING id",
			       -1, &up, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO alias(norm, entity_id, name) VALUES (?1, ?2, ?3)",
			       -1, &al, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO meta(key, value) VALUES ('dict_fingerprint', ?1)",
			       -1, &meta, NULL) != SQLITE_OK) {
		db_error(s->db, e, "updating the dictionary tables");
		goto out;
	}
	for (size_t i = 0, n = dict_size(d); i < n; i++) {
		const struct dict_entity *en = dict_get(d, i);
		sqlite3_bind_text(up, 1, kind_name(en->kind), -1, SQLITE_STATIC);
		sqlite3_bind_text(up, 2, en->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(up, 3, en->vendor, -1, SQLITE_STATIC);
		sqlite3_bind_text(up, 4, en->country, -1, SQLITE_STATIC);
		sqlite3_bind_text(up, 5, en->ids, -1, SQLITE_STATIC);
		if (sqlite3_step(up) != SQLITE_ROW) {
			db_error(s->db, e, "updating the dictionary tables");
			goto out;
		}
		int64_t id = sqlite3_column_int64(up, 0);
		sqlite3_reset(up);
		for (size_t k = 0; k < en->naliases; k++) {
			buf_reset(&norm);
			if (dict_norm(en->aliases[k], &norm)) {
				err_set(e, "out of memory");
				goto out;
			}
			sqlite3_bind_text(al, 1, buf_str(&norm), -1, SQLITE_STATIC);
			sqlite3_bind_int64(al, 2, id);
			sqlite3_bind_text(al, 3, en->aliases[k], -1, SQLITE_STATIC);
			if (sqlite3_step(al) != SQLITE_DONE) {
				db_error(s->db, e, "updating the dictionary tables");
				goto out;
			}
			sqlite3_reset(al);
		}
	}
	sqlite3_bind_text(meta, 1, want, -1, SQLITE_STATIC);
	if (sqlite3_step(meta) != SQLITE_DONE) {
		db_error(s->db, e, "updating the dictionary tables");
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(up);
	sqlite3_finalize(al);
	sqlite3_finalize(meta);
	buf_free(&norm);
	if (rc == 0)
		return store_commit(s, e);
	store_rollback(s);
	return -1;
}

int store_dict_lines(struct store *s, struct buf *out, struct err *e)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "SELECT line FROM dict_line ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return db_error(s->db, e, "reading imported dictionaries");
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *l = (const char *)sqlite3_column_text(st, 0);
		if (buf_puts(out, l ? l : "") || buf_putc(out, '\n')) {
			sqlite3_finalize(st);
			return err_set(e, "out of memory");
		}
	}
	sqlite3_finalize(st);
	if (r != SQLITE_DONE)
		return db_error(s->db, e, "reading imported dictionaries");
	return 0;
}

int store_dict_add(struct store *s, const char *lines, const char *origin, struct err *e)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "INSERT INTO dict_line(origin, line) VALUES (?1, ?2)", -1, &st, NULL) !=
	    SQLITE_OK)
		return db_error(s->db, e, "storing dictionary entries");
	int own = sqlite3_get_autocommit(s->db);
	if (own && store_begin(s, e)) {
		sqlite3_finalize(st);
		return -1;
	}
	const char *p = lines;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n && p[0] != '#') {
			sqlite3_bind_text(st, 1, origin, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, p, (int)n, SQLITE_STATIC);
			if (sqlite3_step(st) != SQLITE_DONE) {
				db_error(s->db, e, "storing dictionary entries");
				sqlite3_finalize(st);
				if (own)
					store_rollback(s);
				return -1;
			}
			sqlite3_reset(st);
		}
		p += n + (nl != NULL);
	}
	sqlite3_finalize(st);
	return own ? store_commit(s, e) : 0;
}

/* ---- articles ------------------------------------------------------------ */

/* FNV-1a 64 over the body with whitespace runs folded, as 16 hex digits. */
static void body_hash(const char *body, char out[17])
{
	unsigned long long h = 0xcbf29ce484222325ULL;
	int space = 0;
	for (const unsigned char *p = (const unsigned char *)body; *p; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
			space = 1;
			continue;
		}
		if (space) {
			h = (h ^ ' ') * 0x100000001b3ULL;
			space = 0;
		}
		h = (h ^ *p) * 0x100000001b3ULL;
	}
	snprintf(out, 17, "%016llx", h);
}

static void now_iso(char out[32])
{
	date_iso(time(NULL), 1, out);
}

struct agg {
	int kind;
	const char *name, *vendor, *text;
	int field;
	size_t offset;
	int count;
};

static int agg_cmp(const void *a, const void *b)
{
	const struct agg *x = a, *y = b;
	if (x->kind != y->kind)
		return x->kind - y->kind;
	return strcmp(x->name, y->name);
}

int store_set_mentions(struct store *s, int64_t id, const struct mention_list *m, struct err *e)
{
	sqlite3_stmt *del;
	if (sqlite3_prepare_v2(s->db, "DELETE FROM mention WHERE article_id = ?1", -1, &del, NULL) != SQLITE_OK)
		return db_error(s->db, e, "replacing mentions");
	sqlite3_bind_int64(del, 1, id);
	int r = sqlite3_step(del);
	sqlite3_finalize(del);
	if (r != SQLITE_DONE)
		return db_error(s->db, e, "replacing mentions");
	if (!m || !m->n)
		return 0;
	/* One row per entity: count, and the first place it was named. */
	struct agg *a = malloc(m->n * sizeof *a);
	if (!a)
		return err_set(e, "out of memory");
	for (size_t i = 0; i < m->n; i++)
		a[i] = (struct agg){m->v[i].kind, m->v[i].name, m->v[i].vendor, m->v[i].text,
				    m->v[i].field, m->v[i].offset, 1};
	qsort(a, m->n, sizeof *a, agg_cmp); /* not stable: pick the first by field/offset below */
	int rc = 0;
	for (size_t i = 0; i < m->n && rc == 0;) {
		size_t j = i + 1;
		struct agg first = a[i];
		while (j < m->n && agg_cmp(&a[i], &a[j]) == 0) {
			if (a[j].field < first.field || (a[j].field == first.field && a[j].offset < first.offset))
				first = a[j];
			j++;
		}
		int64_t eid = 0;
		if (entity_id(s, first.kind, first.name, first.vendor, &eid, e)) {
			rc = -1;
			break;
		}
		sqlite3_stmt *st = s->add_mention;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, eid);
		sqlite3_bind_int(st, 3, (int)(j - i));
		sqlite3_bind_text(st, 4, field_name(first.field), -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, (int64_t)first.offset);
		sqlite3_bind_text(st, 6, first.text, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_error(s->db, e, "storing mentions");
		sqlite3_reset(st);
		i = j;
	}
	free(a);
	return rc;
}

static void bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Step ST once (a row or done), leave it reset. 1 row, 0 done, -1 error. */
static int step_once(sqlite3_stmt *st)
{
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		return 1;
	sqlite3_reset(st);
	return r == SQLITE_DONE ? 0 : -1;
}

/* Group article ID with a stored near-duplicate (same story): set its story
 * (STORY when the caller knows it already, else 0) and fingerprint, index
 * its bands. *OUT gets the story. 0 or -1. */
static int set_story(struct store *s, int64_t id, int64_t story, const struct neardup *d, int64_t *out,
		     struct err *e)
{
	int known = story != 0;
	if (!known)
		story = id;
	sqlite3_stmt *st = s->st[ST_DEL_BANDS];
	sqlite3_bind_int64(st, 1, id);
	if (step_once(st) < 0)
		return db_error(s->db, e, "grouping stories");
	if (!known && d->words >= NEARDUP_MIN_WORDS) {
		st = s->st[ST_CANDIDATES];
		for (int i = 0; i < NEARDUP_BANDS; i++)
			sqlite3_bind_int64(st, i + 1, neardup_band(d, i));
		sqlite3_bind_int64(st, NEARDUP_BANDS + 1, id);
		int r;
		while ((r = sqlite3_step(st)) == SQLITE_ROW) {
			const void *blob = sqlite3_column_blob(st, 1);
			if (blob && sqlite3_column_bytes(st, 1) == (int)sizeof d->h) {
				uint64_t other[NEARDUP_HASHES];
				memcpy(other, blob, sizeof other);
				if (neardup_similarity(d->h, other) >= NEARDUP_MIN_SIMILARITY) {
					story = sqlite3_column_int64(st, 2);
					break;
				}
			}
		}
		sqlite3_reset(st);
		if (r != SQLITE_ROW && r != SQLITE_DONE)
			return db_error(s->db, e, "grouping stories");
	}
	/* Only a story's first article is indexed: a copy is compared with one
	 * article per story, however many copies there are. */
	if (d->words >= NEARDUP_MIN_WORDS && story == id) {
		st = s->st[ST_ADD_BAND];
		for (int i = 0; i < NEARDUP_BANDS; i++) {
			sqlite3_bind_int64(st, 1, neardup_band(d, i));
			sqlite3_bind_int64(st, 2, id);
			if (step_once(st) < 0)
				return db_error(s->db, e, "grouping stories");
		}
	}
	st = s->st[ST_SET_STORY];
	sqlite3_bind_int64(st, 1, story);
	sqlite3_bind_blob(st, 2, d->h, (int)sizeof d->h, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, id);
	if (step_once(st) < 0)
		return db_error(s->db, e, "grouping stories");
	*out = story;
	return 0;
}

/* PUBLISHED in the one stored form (YYYY-MM-DDTHH:MM:SSZ) into OUT, or ""
 * when it is not a date. */
static void norm_published(const char *published, char out[32])
{
	time_t t;
	out[0] = 0;
	if (published && *published && date_parse(published, &t, NULL) == 0)
		date_iso(t, 1, out);
}

int store_copy_of(struct store *s, int64_t id, int64_t *first, struct buf *site, struct buf *url, struct err *e)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT f.id, f.site, f.url FROM article a JOIN article f ON f.id = a.story "
			       "WHERE a.id = ?1 AND a.story <> a.id",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(s->db, e, "reading a story");
	sqlite3_bind_int64(st, 1, id);
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		*first = sqlite3_column_int64(st, 0);
		const char *t = (const char *)sqlite3_column_text(st, 1);
		buf_puts(site, t ? t : "");
		t = (const char *)sqlite3_column_text(st, 2);
		buf_puts(url, t ? t : "");
	}
	sqlite3_finalize(st);
	if (r == SQLITE_ROW)
		return 0;
	return r == SQLITE_DONE ? 1 : db_error(s->db, e, "reading a story");
}

int store_put_article(struct store *s, const struct article *a, const struct mention_list *m,
		      int64_t source_id, int64_t *id, struct err *e)
{
	if (!a->url || !a->body)
		return err_set(e, "internal error: an article needs a URL and a body");
	char hash[17], now[32], published[32];
	body_hash(a->body, hash);
	now_iso(now);
	norm_published(a->published, published);
	int own = sqlite3_get_autocommit(s->db);
	if (own && store_begin(s, e))
		return -1;
	int status = -1, r;
	int64_t found = 0, story = 0;
	char old_hash[17] = "";
	/* The same page: its URL, or its canonical URL, already stored. */
	sqlite3_stmt *st = s->st[ST_FIND_URL];
	sqlite3_bind_text(st, 1, a->url, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, a->canonical ? a->canonical : a->url, -1, SQLITE_STATIC);
	if ((r = step_once(st)) < 0)
		goto dberr;
	if (r) {
		found = sqlite3_column_int64(st, 0);
		snprintf(old_hash, sizeof old_hash, "%s", (const char *)sqlite3_column_text(st, 1));
		sqlite3_reset(st);
	}
	if (!found) { /* the same text under another URL: a copy of that story */
		st = s->st[ST_FIND_HASH];
		sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
		if ((r = step_once(st)) < 0)
			goto dberr;
		if (r) {
			story = sqlite3_column_int64(st, 1);
			sqlite3_reset(st);
		}
	} else if (strcmp(old_hash, hash) == 0) {
		*id = found;
		status = STORE_UNCHANGED;
		goto done;
	}
	st = s->st[found ? ST_UPDATE : ST_INSERT];
	if (found)
		sqlite3_bind_int64(st, 1, found);
	else
		sqlite3_bind_text(st, 1, a->url, -1, SQLITE_STATIC);
	bind_opt(st, 2, a->canonical);
	if (source_id > 0)
		sqlite3_bind_int64(st, 3, source_id);
	else
		sqlite3_bind_null(st, 3);
	bind_opt(st, 4, a->title);
	bind_opt(st, 5, a->author);
	bind_opt(st, 6, a->site);
	bind_opt(st, 7, published);
	sqlite3_bind_text(st, 8, now, -1, SQLITE_STATIC);
	bind_opt(st, 9, a->lang);
	bind_opt(st, 10, a->description);
	sqlite3_bind_text(st, 11, a->body, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 13, !a->summary_only);
	if (step_once(st) < 0)
		goto dberr;
	*id = found ? found : sqlite3_last_insert_rowid(s->db);
	struct neardup d;
	neardup_sign(a->body, strlen(a->body), &d);
	int64_t grouped = 0;
	if (set_story(s, *id, story, &d, &grouped, e) || store_set_mentions(s, *id, m, e))
		goto fail;
	status = found ? STORE_UPDATED : grouped != *id ? STORE_COPY : STORE_NEW;
done:
	if (own && store_commit(s, e))
		return -1;
	return status;
dberr:
	db_error(s->db, e, "storing the article");
fail:
	if (own)
		store_rollback(s);
	return -1;
}
