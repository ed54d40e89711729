/* watch.c: watch lists (see query.h): named queries, and the runs that
 * report what is new for them exactly once.
 *
 * A run claims, in one write transaction, the new matches of each watch
 * (articles with ids above its seen_upto, up to the newest stored) and any
 * item an earlier run claimed but could not deliver, marking them with its
 * token (pid << 32 | a random part). SQLite serialises write transactions,
 * so a second run at the same time sees the first one's claims and
 * seen_upto and takes none of the same. After the caller has delivered the
 * rows, a second transaction marks them reported; on failure it releases
 * them. Claims left by a run that died are released by the next run (its
 * pid is gone). */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/internal.h"
#include "store/query.h"
#include "util/date.h"

static int check_row(void *ctx, const struct article_row *r)
{
	(void)ctx, (void)r;
	return 1;
}

int watch_add(struct store *s, const char *name, const char *query, struct err *e)
{
	if (!*name)
		return err_set(e, "a watch needs a name");
	/* the query must parse and its fields resolve */
	struct search_opts o = {.query = query, .limit = 1};
	long r = query_search(s, &o, check_row, NULL, e);
	if (r < 0)
		return (int)r;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(store_db(s), "INSERT INTO watch(name, query) VALUES (?1, ?2)", -1, &st, NULL) !=
	    SQLITE_OK)
		return store_qerr(s, e);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, query, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_CONSTRAINT) {
		err_set(e, "a watch named '%s' exists already (watch rm it first)", name);
		return 1;
	}
	return rc == SQLITE_DONE ? 0 : store_qerr(s, e);
}

int watch_rm(struct store *s, const char *name, struct err *e)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(store_db(s), "DELETE FROM watch WHERE name = ?1", -1, &st, NULL) != SQLITE_OK)
		return store_qerr(s, e);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_qerr(s, e);
	return sqlite3_changes(store_db(s)) ? 0 : 1;
}

long watch_list(struct store *s, const char *name, watch_cb cb, void *ctx, struct err *e)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(store_db(s),
			       "SELECT name, query, created, last_run, (SELECT count(*) FROM watch_item i "
			       "WHERE i.watch_id = w.id AND i.reported IS NOT NULL) FROM watch w "
			       "WHERE ?1 IS NULL OR name = ?1 ORDER BY name",
			       -1, &st, NULL) != SQLITE_OK)
		return store_qerr(s, e);
	if (name)
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	long n = 0;
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct watch_row w = {
			(const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
			(const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3),
			sqlite3_column_int(st, 4),
		};
		n++;
		if (cb(ctx, &w))
			break;
	}
	sqlite3_finalize(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return store_qerr(s, e);
	return n;
}

/* The watches to run: id, name, query, seen_upto. */
struct watch_def {
	int64_t id, seen_upto;
	char *name, *query;
	int bad; /* its query does not compile now */
};

static void defs_free(struct watch_def *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(w[i].name), free(w[i].query);
	free(w);
}

static long load_defs(struct store *s, const char *name, struct watch_def **out, size_t *n, struct err *e)
{
	*out = NULL, *n = 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(store_db(s),
			       "SELECT id, name, query, seen_upto FROM watch WHERE ?1 IS NULL OR name = ?1 ORDER BY name",
			       -1, &st, NULL) != SQLITE_OK)
		return store_qerr(s, e);
	if (name)
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	size_t cap = 0;
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			struct watch_def *v = realloc(*out, cap * sizeof *v);
			if (!v) {
				sqlite3_finalize(st);
				return err_set(e, "out of memory");
			}
			*out = v;
		}
		struct watch_def *w = &(*out)[(*n)++];
		memset(w, 0, sizeof *w);
		w->id = sqlite3_column_int64(st, 0);
		w->name = strdup((const char *)sqlite3_column_text(st, 1));
		w->query = strdup((const char *)sqlite3_column_text(st, 2));
		w->seen_upto = sqlite3_column_int64(st, 3);
		if (!w->name || !w->query) {
			sqlite3_finalize(st);
			return err_set(e, "out of memory");
		}
	}
	sqlite3_finalize(st);
	if (r != SQLITE_DONE)
		return store_qerr(s, e);
	return 0;
}

/* Run SQL with up to two integer arguments. 0 or -1. */
static int exec2(struct store *s, const char *sql, int64_t a, int64_t b, struct err *e)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK)
		return store_qerr(s, e);
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_int64(st, 1, a);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, b);
	int r = sqlite3_step(st);
	sqlite3_finalize(st);
	return r == SQLITE_DONE || r == SQLITE_ROW ? 0 : store_qerr(s, e);
}

/* Release the claims of runs whose process is gone. 0 or -1. */
static int release_dead(struct store *s, struct err *e)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(store_db(s),
			       "SELECT DISTINCT claimed FROM watch_item WHERE claimed IS NOT NULL AND reported IS NULL",
			       -1, &st, NULL) != SQLITE_OK)
		return store_qerr(s, e);
	int64_t dead[64];
	int nd = 0, r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW && nd < 64) {
		int64_t token = sqlite3_column_int64(st, 0);
		pid_t pid = (pid_t)(token >> 32);
		if (pid <= 0 || (kill(pid, 0) != 0 && errno == ESRCH))
			dead[nd++] = token;
	}
	sqlite3_finalize(st);
	for (int i = 0; i < nd; i++)
		if (exec2(s, "UPDATE watch_item SET claimed = NULL WHERE claimed = ?1", dead[i], 0, e))
			return -1;
	return 0;
}

struct claim_ctx {
	struct store *s;
	sqlite3_stmt *ins;
	int64_t watch, token;
	int failed;
};

static int claim_row(void *ctx, const struct article_row *r)
{
	struct claim_ctx *c = ctx;
	sqlite3_bind_int64(c->ins, 1, c->watch);
	sqlite3_bind_int64(c->ins, 2, r->id);
	sqlite3_bind_int64(c->ins, 3, c->token);
	if (sqlite3_step(c->ins) != SQLITE_DONE)
		c->failed = 1;
	sqlite3_reset(c->ins);
	return c->failed;
}

struct emit_ctx {
	watch_article_cb cb;
	void *ctx;
	const char *watch;
	long n;
};

static int emit_row(void *ctx, const struct article_row *r)
{
	struct emit_ctx *x = ctx;
	x->n++;
	return x->cb(x->ctx, x->watch, r);
}

/* The re-reading of the past: no state. */
static long run_since(struct store *s, struct watch_def *w, size_t nw, const char *since, watch_article_cb cb,
		      void *ctx, int *bad, struct err *e)
{
	long total = 0;
	struct err e2;
	for (size_t i = 0; i < nw; i++) {
		struct emit_ctx x = {cb, ctx, w[i].name, 0};
		if (cb(ctx, w[i].name, NULL))
			break;
		struct search_opts o = {.query = w[i].query, .limit = -1, .stored_order = 1};
		o.filter.ingested_since = since;
		long r = query_search(s, &o, emit_row, &x, &e2);
		if (r == -1) {
			err_set(e, "%s", e2.msg);
			return -1;
		}
		if (r < 0) {
			if (!(*bad)++)
				err_set(e, "watch %s: %s", w[i].name, e2.msg);
			continue;
		}
		total += x.n;
	}
	return total;
}

long watch_run(struct store *s, const char *name, const char *since, watch_article_cb cb,
	       int (*deliver)(void *ctx), void *ctx, int *bad, struct err *e)
{
	struct watch_def *w;
	size_t nw;
	*bad = 0;
	if (load_defs(s, name, &w, &nw, e))
		return -1;
	if (nw == 0) {
		defs_free(w, nw);
		if (name) {
			err_set(e, "no watch named '%s' (see 'secnews watch list')", name);
			return WATCH_NONE;
		}
		return 0;
	}
	if (since) {
		long n = run_since(s, w, nw, since, cb, ctx, bad, e);
		if (n >= 0 && deliver(ctx))
			n = err_set(e, "cannot write the report");
		defs_free(w, nw);
		return n;
	}
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	int64_t token = ((int64_t)getpid() << 32) | (int64_t)((uint32_t)(ts.tv_nsec ^ (ts.tv_sec << 20)) & 0x7fffffff);
	struct rowload rl = {0};
	sqlite3_stmt *st = NULL;
	long total = -1;
	struct err e2;
	/* 1: claim */
	if (store_begin(s, e))
		goto out;
	if (release_dead(s, e))
		goto rollback;
	int64_t hi = 0;
	if (sqlite3_prepare_v2(store_db(s), "SELECT coalesce(max(id), 0) FROM article", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		store_qerr(s, e);
		goto rollback;
	}
	hi = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(store_db(s),
			       "INSERT OR IGNORE INTO watch_item(watch_id, article_id, claimed) VALUES (?1, ?2, ?3)", -1,
			       &st, NULL) != SQLITE_OK) {
		st = NULL;
		store_qerr(s, e);
		goto rollback;
	}
	for (size_t i = 0; i < nw; i++) {
		struct claim_ctx c = {s, st, w[i].id, token, 0};
		if (hi > w[i].seen_upto) {
			struct search_opts o = {.query = w[i].query, .limit = -1, .stored_order = 1};
			o.filter.id_above = w[i].seen_upto;
			o.filter.id_upto = hi;
			long r = query_search(s, &o, claim_row, &c, &e2);
			if (r == -1 || c.failed) {
				err_set(e, "%s", c.failed ? sqlite3_errmsg(store_db(s)) : e2.msg);
				goto rollback;
			}
			if (r < 0) { /* the query no longer compiles: leave this watch as it is */
				w[i].bad = 1;
				if (!(*bad)++)
					err_set(e, "watch %s: %s", w[i].name, e2.msg);
				continue;
			}
		}
		/* and what earlier runs could not deliver */
		if (exec2(s, "UPDATE watch_item SET claimed = ?2 WHERE watch_id = ?1 AND claimed IS NULL "
			     "AND reported IS NULL",
			  w[i].id, token, e) ||
		    exec2(s, "UPDATE watch SET seen_upto = ?2 WHERE id = ?1", w[i].id, hi, e))
			goto rollback;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (store_commit(s, e))
		goto out;
	/* 2: hand the claimed articles over, newest stored first */
	if (rowload_open(s, &rl, 0, NULL, NULL, NULL, NULL, e) ||
	    sqlite3_prepare_v2(store_db(s),
			       "SELECT i.article_id, a.story FROM watch_item i JOIN article a ON a.id = i.article_id "
			       "WHERE i.watch_id = ?1 AND i.claimed = ?2 ORDER BY i.article_id DESC",
			       -1, &st, NULL) != SQLITE_OK) {
		if (!st)
			store_qerr(s, e);
		goto release;
	}
	long n = 0;
	int stopped = 0;
	for (size_t i = 0; i < nw && !stopped; i++) {
		if (w[i].bad)
			continue;
		if (cb(ctx, w[i].name, NULL)) {
			stopped = 1;
			break;
		}
		sqlite3_bind_int64(st, 1, w[i].id);
		sqlite3_bind_int64(st, 2, token);
		int r;
		while ((r = sqlite3_step(st)) == SQLITE_ROW) {
			struct emit_ctx x = {cb, ctx, w[i].name, 0};
			int stop = rowload_emit(s, &rl, sqlite3_column_int64(st, 0), 0, sqlite3_column_int64(st, 1),
						emit_row, &x, e);
			if (stop < 0)
				goto release;
			n += x.n;
			if (stop) {
				stopped = 1;
				break;
			}
		}
		sqlite3_reset(st);
		if (r != SQLITE_ROW && r != SQLITE_DONE) {
			store_qerr(s, e);
			goto release;
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	rowload_close(&rl);
	/* 3: delivered, or given back */
	int delivered = !stopped && deliver(ctx) == 0;
	if (store_begin(s, e))
		goto out;
	char now[32];
	date_iso(time(NULL), 1, now);
	if (delivered) {
		sqlite3_stmt *u;
		if (sqlite3_prepare_v2(store_db(s),
				       "UPDATE watch_item SET reported = ?2, claimed = NULL WHERE claimed = ?1", -1, &u,
				       NULL) != SQLITE_OK) {
			store_qerr(s, e);
			goto rollback;
		}
		sqlite3_bind_int64(u, 1, token);
		sqlite3_bind_text(u, 2, now, -1, SQLITE_STATIC);
		int r = sqlite3_step(u);
		sqlite3_finalize(u);
		if (r != SQLITE_DONE) {
			store_qerr(s, e);
			goto rollback;
		}
		for (size_t i = 0; i < nw; i++) {
			if (w[i].bad)
				continue;
			if (sqlite3_prepare_v2(store_db(s), "UPDATE watch SET last_run = ?2 WHERE id = ?1", -1, &u,
					       NULL) != SQLITE_OK) {
				store_qerr(s, e);
				goto rollback;
			}
			sqlite3_bind_int64(u, 1, w[i].id);
			sqlite3_bind_text(u, 2, now, -1, SQLITE_STATIC);
			r = sqlite3_step(u);
			sqlite3_finalize(u);
			if (r != SQLITE_DONE) {
				store_qerr(s, e);
				goto rollback;
			}
		}
	} else if (exec2(s, "UPDATE watch_item SET claimed = NULL WHERE claimed = ?1", token, 0, e)) {
		goto rollback;
	}
	if (store_commit(s, e))
		goto out;
	total = delivered ? n : err_set(e, "the report could not be written: its articles stay new");
	goto out;
release:
	sqlite3_finalize(st);
	st = NULL;
	rowload_close(&rl);
	if (store_begin(s, &e2) == 0) {
		if (exec2(s, "UPDATE watch_item SET claimed = NULL WHERE claimed = ?1", token, 0, &e2) ||
		    store_commit(s, &e2))
			store_rollback(s);
	}
	goto out;
rollback:
	store_rollback(s);
out:
	sqlite3_finalize(st);
	rowload_close(&rl);
	defs_free(w, nw);
	return total;
}
