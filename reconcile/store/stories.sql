-- Stories: placing an article that names none, the stories' rows, moves and merges
-- (reconcile/store/stories.py; schemas/011).

-- name: lock_new_stories
-- Starting a story takes turns across every server process: the second of two posts about one
-- new event waits here, then finds the first one's lead and joins its story.
SELECT pg_advisory_xact_lock(hashtextextended('reconcile.new-story', 0));

-- name: nearest_leads
-- The k stored leads nearest to a vector, with their articles' stories: the nearest through
-- HNSW (approximate, pgvector's default candidates), and, read exactly, the nearest of the
-- `recent` newest leads. A new event's few leads are a small island that the graph search can miss
-- among many older ones, and they are the ones its follow-ups come for; `recent` rows cost the
-- same however many leads are stored.
-- MATERIALIZED: the index serves the first ORDER BY ... LIMIT, the primary key the newest
-- rows, and the join runs on at most 2 x k rows.
WITH near AS MATERIALIZED (
    (SELECT article_id, names, figures, at, embedding <=> %(embedding)s AS distance
     FROM article_leads
     ORDER BY embedding <=> %(embedding)s
     LIMIT %(k)s)
    UNION
    (SELECT article_id, names, figures, at, embedding <=> %(embedding)s AS distance
     FROM (SELECT * FROM article_leads ORDER BY article_id DESC LIMIT %(recent)s) newest
     ORDER BY distance
     LIMIT %(k)s)
)
SELECT a.story, n.names, n.figures, n.at, 1 - n.distance AS similarity
FROM near n JOIN articles a ON a.id = n.article_id
ORDER BY n.distance, n.article_id
LIMIT %(k)s;

-- name: insert_lead
INSERT INTO article_leads (article_id, embedding, names, figures, at)
VALUES (%(article_id)s, %(embedding)s, %(names)s, %(figures)s, %(at)s);

-- name: create_story
-- A story the service starts; nothing when the id is taken (the caller tries the next one).
INSERT INTO stories (id, title, found) VALUES (%(id)s, %(title)s, true)
ON CONFLICT (id) DO NOTHING
RETURNING id;

-- name: touch_story
-- An article arrived in the story: it is the newest activity now. A story named by a client
-- gets its row with its first article, titled by the first headline it gets.
INSERT INTO stories (id, title) VALUES (%(id)s, %(title)s)
ON CONFLICT (id) DO UPDATE
SET activity = nextval('story_activity'), title = coalesce(stories.title, excluded.title);

-- name: list_stories
-- Stories newest activity first, keyset-paginated by activity (one unique number a story);
-- `pattern` (ILIKE, wildcards escaped) searches ids and titles. Merged stories are left out.
SELECT s.id, s.title, s.activity, s.merged_into, s.created_at, s.articles, s.outlets,
       s.first_seen, s.last_seen, s.open_conflicts
FROM story_rows s
WHERE s.merged_into IS NULL
  AND (%(pattern)s::text IS NULL OR s.id ILIKE %(pattern)s OR s.title ILIKE %(pattern)s)
  AND (%(before)s::bigint IS NULL OR s.activity < %(before)s)
ORDER BY s.activity DESC
LIMIT %(limit)s;

-- name: get_story
SELECT s.id, s.title, s.activity, s.merged_into, s.created_at, s.articles, s.outlets,
       s.first_seen, s.last_seen, s.open_conflicts
FROM story_rows s
WHERE s.id = %(id)s;

-- name: story_events
SELECT id, actor, action, before, after, created_at FROM story_events
WHERE story = %(story)s ORDER BY id;

-- name: insert_story_event
INSERT INTO story_events (story, actor, action, before, after)
VALUES (%(story)s, %(actor)s, %(action)s, %(before)s, %(after)s);

-- name: articles_of_story
SELECT id FROM articles WHERE story = %(story)s ORDER BY id;

-- name: claims_of_article_ids
SELECT id, cluster_id, start_char, end_char, text, head FROM claims
WHERE article_id = %(article_id)s ORDER BY id;

-- name: numeric_conflicts_with_claims
-- The numeric conflicts of a story that hold any of these claims: they go with the claims.
SELECT * FROM conflicts
WHERE story = %(story)s AND kind = 'numeric' AND claim_ids && %(ids)s::bigint[]
ORDER BY id;

-- name: figure_keys_of_claims
SELECT DISTINCT key FROM figure_keys WHERE claim_id = ANY(%(ids)s) ORDER BY key;

-- name: delete_claims_of_article
DELETE FROM claims WHERE article_id = %(article_id)s;

-- name: restore_heads
-- The sentences whose head (schemas/012) just left the story: the earliest remaining copy of
-- each is its head now, so the next reprint still finds it.
UPDATE claims SET head = true
WHERE id IN (SELECT min(id) FROM claims
             WHERE story = %(story)s AND text = ANY(%(texts)s)
             GROUP BY text HAVING NOT bool_or(head));

-- name: delete_empty_clusters
-- Clusters left with no claim, unless a reviewed conflict still refers to them.
DELETE FROM clusters cl
WHERE cl.id = ANY(%(ids)s)
  AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.cluster_id = cl.id)
  AND NOT EXISTS (SELECT 1 FROM conflicts f WHERE f.cluster_id = cl.id);

-- name: set_article_story
UPDATE articles SET story = %(story)s WHERE id = %(id)s;

-- name: mark_merged
UPDATE stories SET merged_into = %(into)s WHERE id = %(id)s;

-- name: conflicts_by_ids_for_update
SELECT * FROM conflicts WHERE id = ANY(%(ids)s) ORDER BY id FOR UPDATE;

-- name: numeric_conflicts_holding
-- The active numeric conflicts of a story that hold every one of these claims.
SELECT * FROM conflicts
WHERE story = %(story)s AND kind = 'numeric' AND active AND claim_ids @> %(ids)s::bigint[]
ORDER BY id;

-- name: take_place_of_conflict
-- A reviewed conflict found again in another story takes the place of the one found there
-- (deleted just before): its id, review and audit trail stay; the evidence is the new one's.
UPDATE conflicts SET story = %(story)s, cluster_id = %(cluster_id)s, key = %(key)s,
       severity = %(severity)s, explanation = %(explanation)s, measure = %(measure)s,
       positions = %(positions)s, claim_ids = %(claim_ids)s, frame = %(frame)s, active = true,
       updated_at = now()
WHERE id = %(id)s;
