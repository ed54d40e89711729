-- 002_feeds.sql: the state of polling a feed, and the items already seen.

ALTER TABLE source ADD COLUMN category TEXT;         -- news | vendor-advisory | government | research
ALTER TABLE source ADD COLUMN etag TEXT;
ALTER TABLE source ADD COLUMN last_modified TEXT;
ALTER TABLE source ADD COLUMN last_checked TEXT;
ALTER TABLE source ADD COLUMN last_status INTEGER;   -- HTTP status, 0 when no response came
ALTER TABLE source ADD COLUMN last_error TEXT;       -- NULL after a good poll
ALTER TABLE source ADD COLUMN retry_after TEXT;      -- do not poll before this time
ALTER TABLE source ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;  -- polls failed in a row

CREATE TABLE feed_item (
    source_id  INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
    guid       TEXT NOT NULL,                          -- guid/id, else the link
    url        TEXT,
    article_id INTEGER REFERENCES article(id) ON DELETE SET NULL,
    seen       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (source_id, guid)
) WITHOUT ROWID;
CREATE INDEX feed_item_url ON feed_item(url);
