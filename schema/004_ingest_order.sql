-- 004_ingest_order.sql: articles in the order they were stored, for `serve`'s
-- TAXII collection (objects added after a time, paged).

CREATE INDEX article_fetched ON article(fetched, id);
