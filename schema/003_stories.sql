-- 003_stories.sql: syndicated stories. A wire story reappears on many sites
-- with small changes; near-duplicate bodies (most word 3-shingles shared) are
-- grouped under the id of the first copy stored.

ALTER TABLE article ADD COLUMN minhash BLOB;      -- MinHash fingerprint of the body (neardup.h)
ALTER TABLE article ADD COLUMN story INTEGER;     -- id of the story's first article
CREATE INDEX article_story ON article(story);

CREATE TABLE story_band (                         -- LSH bands of the fingerprint, to find candidates
    band       INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    PRIMARY KEY (band, article_id)
) WITHOUT ROWID;
CREATE INDEX story_band_article ON story_band(article_id);
