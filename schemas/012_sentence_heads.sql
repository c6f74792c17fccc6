-- reconcile schema, version 12: a story's sentence printed many times is read once when a new
-- claim looks for its nearest claims.
--
-- Outlets reprint wire copy: a story can hold one sentence hundreds of times, each copy with
-- the same vector, figures and cluster (a reprint scores 1 against the first and joins it).
-- Placing a claim scans its story's vectors exactly (queries.sql, nearest_claims_many), so
-- every copy cost a distance, and the copies crowded the nearest k. A claim is the `head` of
-- its sentence when no earlier claim of its story has the same text; the scan reads heads
-- only. Ingest marks a copy (reconcile/ingest.py); when an article's claims leave a story, the
-- earliest remaining copy of each sentence they headed becomes its head (store/stories.sql,
-- restore_heads). Rows written by other tools are heads unless told otherwise: an extra head
-- costs a distance, a missing one would hide a sentence.

ALTER TABLE claims ADD COLUMN head boolean NOT NULL DEFAULT true;

UPDATE claims SET head = false
WHERE id NOT IN (SELECT min(id) FROM claims GROUP BY story, text);

CREATE INDEX claims_story_heads ON claims (story, id) WHERE head;
