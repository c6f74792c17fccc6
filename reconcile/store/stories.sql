-- Stories: placing an article that names none, the stories' rows, moves and merges
-- (reconcile/store/stories.py; schemas/011).

-- name: lock_new_stories
-- Starting a story takes turns across every server process: the second of two posts about one
-- new event waits here, then finds the first one's lead and joins its story.
SELECT pg_advisory_xact_lock(hashtextextended('reconcile.new-story', 0));

-- name: nearest_leads
-- The k stored leads nearest to a vector (HNSW: approximate), with their articles' stories.
-- MATERIALIZED: the index serves the ORDER BY ... LIMIT, and the join runs on k rows only.
WITH near AS MATERIALIZED (
    SELECT article_id, names, figures, at, embedding <=> %(embedding)s AS distance
    FROM article_leads
    ORDER BY embedding <=> %(embedding)s
    LIMIT %(k)s
)
SELECT a.story, n.names, n.figures, n.at, 1 - n.distance AS similarity
FROM near n JOIN articles a ON a.id = n.article_id
ORDER BY n.distance, n.article_id;

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
