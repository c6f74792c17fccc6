-- name: list_articles
-- Articles of a story and/or an outlet (or all), most recently stored first, keyset-paginated
-- by id.
SELECT id, story, outlet, title, url, published_at, text, created_at
FROM articles
WHERE (%(story)s::text IS NULL OR story = %(story)s)
  AND (%(outlet)s::text IS NULL OR outlet = %(outlet)s)
  AND (%(before_id)s::bigint IS NULL OR id < %(before_id)s)
ORDER BY id DESC
LIMIT %(limit)s;

-- name: claims_of_articles
SELECT c.* FROM claim_rows c
WHERE c.article_id = ANY(%(ids)s) ORDER BY c.article_id, c.position, c.id;

-- name: article_refs
-- Where each article appeared: what an export cites for its claims.
SELECT id, outlet, title, url, published_at FROM articles WHERE id = ANY(%(ids)s);

-- name: reviewed_conflicts_of_story
-- A story's conflicts a reviewer has decided (confirmed, dismissed or resolved), by id.
SELECT id FROM conflicts WHERE story = %(story)s AND status <> 'open' ORDER BY id;

-- name: story_has_articles
SELECT EXISTS (SELECT 1 FROM articles WHERE story = %(story)s) AS found;
