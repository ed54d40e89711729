-- 005_search.sql: a stemmed full-text index beside the exact one, dates that
-- can be trusted, and watch lists.

-- The Porter-stemmed index: exploit, exploits, exploited and exploiting are
-- one term here, while article_fts keeps the exact forms so that they can
-- rank first. Kept in sync by triggers, like article_fts.
CREATE VIRTUAL TABLE article_stem USING fts5(
    title, body, content='article', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);
INSERT INTO article_stem(article_stem) VALUES ('rebuild');
CREATE TRIGGER article_stem_ai AFTER INSERT ON article BEGIN
    INSERT INTO article_stem(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER article_stem_ad AFTER DELETE ON article BEGIN
    INSERT INTO article_stem(article_stem, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER article_stem_au AFTER UPDATE OF title, body ON article BEGIN
    INSERT INTO article_stem(article_stem, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO article_stem(rowid, title, body) VALUES (new.id, new.title, new.body);
END;

-- published: NULL when unknown (never the fetch date), else one form,
-- YYYY-MM-DDTHH:MM:SSZ (a date without a time of day is midnight UTC).
-- fetched is when the article was stored (shown as "ingested").
UPDATE article SET published = NULL WHERE trim(published) = '';
UPDATE article SET published = published || 'T00:00:00Z'
    WHERE length(published) = 10 AND published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]';
DROP INDEX article_date;
CREATE INDEX article_published ON article(published);
-- what ranking reads for each candidate, without the article's row (whose
-- body makes it large: story sits after it, on overflow pages)
CREATE INDEX article_rank ON article(id, published, fetched, story);

-- Watch lists: a named query; `watch run` reports the articles stored since
-- the last run that match it. seen_upto: every article id up to it has been
-- considered. A watch_item is an article found for a watch: claimed by the
-- run that will print it (its token), then marked reported.
CREATE TABLE watch (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE,
    query     TEXT NOT NULL,
    created   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    last_run  TEXT,
    seen_upto INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE watch_item (
    watch_id   INTEGER NOT NULL REFERENCES watch(id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    claimed    INTEGER,                     -- the run printing it (pid << 32 | random); NULL: free
    reported   TEXT,                        -- when a run printed it; NULL: not yet
    PRIMARY KEY (watch_id, article_id)
) WITHOUT ROWID;
CREATE INDEX watch_item_claimed ON watch_item(claimed) WHERE claimed IS NOT NULL;
