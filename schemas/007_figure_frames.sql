-- reconcile schema, version 7: figures compared by what they measure, across a story.
--
-- A numeric conflict used to be looked for only among the claims of one sentence cluster, but
-- outlets word one quantity in sentences that are not alike, and repeat a sentence's template
-- for different quantities. Each figure now has a frame (what is counted or measured, whose,
-- when: reconcile/extract/frames.py) and is indexed here under its frame's keys; a new
-- article's figures are compared with the story's figures that share a key, found through this
-- index, and never with the rest.
CREATE TABLE figure_keys (
    claim_id bigint NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    story    text   NOT NULL,
    key      text   NOT NULL,
    PRIMARY KEY (story, key, claim_id)
);
CREATE INDEX figure_keys_claim ON figure_keys (claim_id);
-- A numeric conflict is found again by its key within its story (repo.save_numeric_conflicts).
CREATE INDEX conflicts_story_key ON conflicts (story, key);

-- What aligned a numeric conflict's figures ("athletes taking part: 2,500 vs 2,000"), for the
-- reviewer; null for attribution conflicts and for conflicts found before this version.
ALTER TABLE conflicts ADD COLUMN frame text;

-- Conflicts found by the sentence-cluster rule that nobody has acted on are the false alarms
-- this version exists to stop: drop them. Reviewed ones stay, inactive, with their decisions.
DELETE FROM conflicts
WHERE kind = 'numeric' AND status = 'open' AND note IS NULL AND assignee IS NULL;
UPDATE conflicts SET active = false, updated_at = now() WHERE kind = 'numeric';
