-- name: find_duplicate_article
-- An article already stored in this story with the same url, or the same outlet and text.
SELECT id FROM articles
WHERE story = %(story)s
  AND ((%(url)s::text IS NOT NULL AND url = %(url)s) OR (outlet = %(outlet)s AND content_hash = %(content_hash)s))
ORDER BY id LIMIT 1;

-- name: lock_story
-- Serialises ingestion within one story (clustering reads then writes the story's clusters).
SELECT pg_advisory_xact_lock(hashtextextended('reconcile.story:' || %(story)s, 0));

-- name: insert_article
INSERT INTO articles (story, outlet, title, url, published_at, text, content_hash)
VALUES (%(story)s, %(outlet)s, %(title)s, %(url)s, %(published_at)s, %(text)s, %(content_hash)s)
RETURNING id, story, outlet, title, url, published_at, text, created_at;

-- name: get_article
SELECT id, story, outlet, title, url, published_at, text, created_at FROM articles WHERE id = %(id)s;

-- name: touch_clusters
UPDATE clusters SET updated_at = now() WHERE id = ANY(%(ids)s);

-- name: insert_claim
INSERT INTO claims (article_id, cluster_id, story, outlet, position, text, start_char, end_char,
                    "values", source, citations, time_span, quote, embedding, seed, head)
VALUES (%(article_id)s, %(cluster_id)s, %(story)s, %(outlet)s, %(position)s, %(text)s,
        %(start_char)s, %(end_char)s, %(values)s, %(source)s, %(citations)s, %(time_span)s,
        %(quote)s, %(embedding)s, %(seed)s, %(head)s)
RETURNING id;

-- name: claims_of_article
SELECT c.* FROM claim_rows c
WHERE c.article_id = %(article_id)s ORDER BY c.position, c.id;

-- name: claims_of_clusters
SELECT c.* FROM claim_rows c
WHERE c.cluster_id = ANY(%(ids)s) ORDER BY c.cluster_id, c.id;

-- name: claims_by_ids
SELECT c.* FROM claim_rows c
WHERE c.id = ANY(%(ids)s) ORDER BY c.id;

-- name: set_ef_search
-- How many candidates an HNSW scan keeps (recall against speed), for this transaction only.
SELECT set_config('hnsw.ef_search', %(ef_search)s, true);

-- name: similar_claims
-- The k claims nearest to a vector across every story. The global HNSW index holds the seeds of
-- the clusters (006): the `seeds` seeds nearest to the vector name the clusters to look in
-- (approximate: set_ef_search first; the ORDER BY ... LIMIT over seeds is what the index
-- serves), and every claim of those clusters is ranked exactly, by the claims_cluster btree.
WITH near_seeds AS MATERIALIZED (
    SELECT cluster_id
    FROM claims
    WHERE seed
    ORDER BY embedding <=> %(embedding)s
    LIMIT %(seeds)s
), nearest AS (
    SELECT c.id, c.embedding <=> %(embedding)s AS distance
    FROM claims c
    WHERE c.cluster_id IN (SELECT cluster_id FROM near_seeds)
    ORDER BY distance, c.id
    LIMIT %(k)s
)
SELECT c.*, 1 - n.distance AS similarity
FROM nearest n
JOIN claim_rows c ON c.id = n.id
ORDER BY n.distance, c.id;

-- name: list_clusters
-- Clusters of a story (or all), newest first, keyset-paginated by id.
SELECT cl.id, cl.story, cl.created_at, cl.updated_at,
       (SELECT count(*) FROM claims c WHERE c.cluster_id = cl.id) AS size,
       EXISTS (SELECT 1 FROM conflicts f WHERE f.cluster_id = cl.id AND f.active) AS has_conflict
FROM clusters cl
WHERE (%(story)s::text IS NULL OR cl.story = %(story)s)
  AND (%(before_id)s::bigint IS NULL OR cl.id < %(before_id)s)
  AND (%(has_conflict)s::boolean IS NULL OR
       EXISTS (SELECT 1 FROM conflicts f WHERE f.cluster_id = cl.id AND f.active) = %(has_conflict)s)
ORDER BY cl.id DESC
LIMIT %(limit)s;

-- name: get_cluster
SELECT cl.id, cl.story, cl.created_at, cl.updated_at,
       (SELECT count(*) FROM claims c WHERE c.cluster_id = cl.id) AS size,
       EXISTS (SELECT 1 FROM conflicts f WHERE f.cluster_id = cl.id AND f.active) AS has_conflict
FROM clusters cl WHERE cl.id = %(id)s;

-- name: active_conflict_ids
SELECT cluster_id, id FROM conflicts WHERE active AND cluster_id = ANY(%(ids)s) ORDER BY id;

-- name: conflicts_of_cluster
SELECT * FROM conflicts WHERE cluster_id = %(cluster_id)s ORDER BY id;

-- name: insert_conflict
INSERT INTO conflicts (story, cluster_id, key, kind, severity, explanation, measure, positions,
                       claim_ids, frame)
VALUES (%(story)s, %(cluster_id)s, %(key)s, %(kind)s, %(severity)s, %(explanation)s, %(measure)s,
        %(positions)s, %(claim_ids)s, %(frame)s)
RETURNING id;

-- name: refresh_conflict
-- The evidence changed; a reviewer's status and note stay as they were.
UPDATE conflicts SET severity = %(severity)s, explanation = %(explanation)s,
       measure = %(measure)s, positions = %(positions)s, claim_ids = %(claim_ids)s,
       frame = %(frame)s, cluster_id = %(cluster_id)s, active = true, updated_at = now()
WHERE id = %(id)s;

-- name: delete_conflict
DELETE FROM conflicts WHERE id = %(id)s;

-- name: deactivate_conflict
UPDATE conflicts SET active = false, updated_at = now() WHERE id = %(id)s;

-- name: list_conflicts
-- Active conflicts by severity (highest first), keyset-paginated on (severity, id).
SELECT * FROM conflicts
WHERE active
  AND (%(story)s::text IS NULL OR story = %(story)s)
  AND (%(status)s::text IS NULL OR status = %(status)s)
  AND (%(kind)s::text IS NULL OR kind = %(kind)s)
  AND (%(after_severity)s::real IS NULL OR (severity, -id) < (%(after_severity)s::real, -%(after_id)s::bigint))
ORDER BY severity DESC, id ASC
LIMIT %(limit)s;

-- name: get_conflict
SELECT * FROM conflicts WHERE id = %(id)s;

-- name: get_conflict_for_update
SELECT * FROM conflicts WHERE id = %(id)s FOR UPDATE;

-- name: update_conflict_review
UPDATE conflicts SET status = %(status)s, note = %(note)s, assignee = %(assignee)s,
       accepted_value = %(accepted_value)s, updated_at = now()
WHERE id = %(id)s
RETURNING *;

-- name: insert_conflict_event
INSERT INTO conflict_events (conflict_id, actor, action, before, after)
VALUES (%(conflict_id)s, %(actor)s, %(action)s, %(before)s, %(after)s);

-- name: conflict_events
SELECT id, conflict_id, actor, action, before, after, created_at
FROM conflict_events WHERE conflict_id = %(id)s ORDER BY id;

-- name: move_claims
UPDATE claims SET cluster_id = %(into)s WHERE cluster_id = ANY(%(others)s);

-- name: conflicts_of_clusters
SELECT * FROM conflicts WHERE cluster_id = ANY(%(ids)s) ORDER BY id;

-- name: move_conflict
UPDATE conflicts SET cluster_id = %(cluster_id)s, key = %(key)s, active = %(active)s,
       updated_at = now()
WHERE id = %(id)s;

-- name: delete_clusters
DELETE FROM clusters WHERE id = ANY(%(ids)s);

-- name: insert_figure_key
INSERT INTO figure_keys (claim_id, story, key) VALUES (%(claim_id)s, %(story)s, %(key)s)
ON CONFLICT DO NOTHING;

-- name: figure_claims
-- The claims of a story a new article's figures are compared with: those with a figure indexed
-- under any of the keys (schemas/007), and those in the given sentence clusters that state a
-- figure; one row a distinct sentence (the earliest claim saying it), with every claim saying
-- it: a story of wire copy holds one sentence many times over, and is read once a wording.
WITH hits AS (
    SELECT c.id, c.article_id, c.cluster_id, c.outlet, c.text, c.published_at
    FROM claim_rows c
    WHERE c.story = %(story)s
      AND (c.id IN (SELECT claim_id FROM figure_keys
                    WHERE story = %(story)s AND key = ANY(%(keys)s))
           OR (c.cluster_id = ANY(%(clusters)s) AND c."values" <> '[]'::jsonb))
), wordings AS (
    SELECT min(id) AS id, array_agg(id ORDER BY id) AS ids,
           array_agg(article_id ORDER BY id) AS article_ids,
           array_agg(cluster_id ORDER BY id) AS cluster_ids,
           array_agg(outlet ORDER BY id) AS outlets,
           array_agg(published_at ORDER BY id) AS published
    FROM hits GROUP BY text
)
SELECT c.*, w.ids, w.article_ids, w.cluster_ids, w.outlets, w.published
FROM wordings w JOIN claim_rows c ON c.id = w.id
ORDER BY c.id;

-- name: credited_claims_of_clusters
-- The claims of the clusters that credit a source in their own words: all an attribution
-- conflict is made of (conflicts.attribution_conflicts). One row a wording and source (the
-- earliest claim), with every claim repeating it, as in figure_claims.
WITH credited AS (
    SELECT c.id, c.article_id, c.cluster_id, c.outlet, c.text, c.source ->> 'key' AS source_key,
           c.published_at
    FROM claim_rows c
    WHERE c.cluster_id = ANY(%(ids)s) AND c.source ->> 'start' IS NOT NULL
), wordings AS (
    SELECT min(id) AS id, array_agg(id ORDER BY id) AS ids,
           array_agg(article_id ORDER BY id) AS article_ids,
           array_agg(cluster_id ORDER BY id) AS cluster_ids,
           array_agg(outlet ORDER BY id) AS outlets,
           array_agg(published_at ORDER BY id) AS published
    FROM credited GROUP BY cluster_id, text, source_key
)
SELECT c.*, w.ids, w.article_ids, w.cluster_ids, w.outlets, w.published
FROM wordings w JOIN claim_rows c ON c.id = w.id
ORDER BY c.cluster_id, c.id;

-- name: conflicts_by_keys
SELECT * FROM conflicts WHERE story = %(story)s AND key = ANY(%(keys)s) ORDER BY id;
