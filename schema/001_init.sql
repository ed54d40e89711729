-- 001_init.sql: sources, articles, entities, aliases, mentions, full-text index.
-- Dates are ISO 8601 UTC text. Every article row has its FTS row (triggers).

CREATE TABLE source (
    id       INTEGER PRIMARY KEY,
    url      TEXT NOT NULL UNIQUE,
    name     TEXT,
    kind     TEXT NOT NULL DEFAULT 'feed',     -- feed | site
    added    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE article (
    id          INTEGER PRIMARY KEY,
    url         TEXT NOT NULL UNIQUE,          -- where it was read from (URL or file:// path)
    canonical   TEXT,                          -- rel=canonical / og:url
    source_id   INTEGER REFERENCES source(id) ON DELETE SET NULL,
    title       TEXT,
    author      TEXT,
    site        TEXT,
    published   TEXT,
    fetched     TEXT NOT NULL,
    lang        TEXT,
    description TEXT,
    body        TEXT NOT NULL,
    hash        TEXT NOT NULL,                 -- digest of the body, for de-duplication
    full_text   INTEGER NOT NULL DEFAULT 1     -- 0: body is a feed summary only
);
CREATE INDEX article_canonical ON article(canonical);
CREATE INDEX article_hash ON article(hash);
CREATE INDEX article_date ON article(coalesce(published, fetched));
CREATE INDEX article_source ON article(source_id);

CREATE TABLE entity (
    id      INTEGER PRIMARY KEY,
    kind    TEXT NOT NULL,                     -- actor | vendor | product | cve | ...
    name    TEXT NOT NULL,                     -- canonical name
    vendor  TEXT,                              -- products: vendor's canonical name
    country TEXT,                              -- actors: ISO 3166-1 alpha-2
    ids     TEXT,                              -- external ids, space-separated
    UNIQUE (kind, name)
);
CREATE INDEX entity_vendor ON entity(vendor);

CREATE TABLE alias (
    norm      TEXT NOT NULL,                   -- compared form (lowercase, '-' '_' as space)
    entity_id INTEGER NOT NULL REFERENCES entity(id) ON DELETE CASCADE,
    name      TEXT NOT NULL,                   -- as written in the dictionary
    PRIMARY KEY (norm, entity_id)
) WITHOUT ROWID;
CREATE INDEX alias_entity ON alias(entity_id);

CREATE TABLE mention (
    article_id   INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    entity_id    INTEGER NOT NULL REFERENCES entity(id) ON DELETE CASCADE,
    count        INTEGER NOT NULL,
    first_field  TEXT NOT NULL,                -- title | body
    first_offset INTEGER NOT NULL,             -- bytes into that field
    text         TEXT NOT NULL,                -- first mention as written
    PRIMARY KEY (article_id, entity_id)
) WITHOUT ROWID;
CREATE INDEX mention_entity ON mention(entity_id, article_id);

CREATE VIRTUAL TABLE article_fts USING fts5(
    title, body, content='article', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER article_fts_ai AFTER INSERT ON article BEGIN
    INSERT INTO article_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER article_fts_ad AFTER DELETE ON article BEGIN
    INSERT INTO article_fts(article_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER article_fts_au AFTER UPDATE OF title, body ON article BEGIN
    INSERT INTO article_fts(article_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO article_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;

CREATE TABLE dict_line (                        -- entries added by `dict import`
    id     INTEGER PRIMARY KEY,
    origin TEXT NOT NULL,
    line   TEXT NOT NULL,
    added  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT
) WITHOUT ROWID;
