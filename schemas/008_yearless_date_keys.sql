-- Dates written without a year ("on April 14") are indexed with dated ones ("April 16, 2015"):
-- outlets date one event either way, and frames.frame_keys now gives both the kind "date".
INSERT INTO figure_keys (claim_id, story, key)
SELECT claim_id, story, 'date:' || substr(key, length('monthday:') + 1)
FROM figure_keys
WHERE key LIKE 'monthday:%'
ON CONFLICT DO NOTHING;
DELETE FROM figure_keys WHERE key LIKE 'monthday:%';
