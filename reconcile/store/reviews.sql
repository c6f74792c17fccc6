-- name: dashboard_queue
-- The review queue: open conflicts first, then the most severe; filters as in QueueFilter.
-- The search matches claim text literally (ILIKE with backslash escapes, see like_pattern).
SELECT f.* FROM conflicts f
WHERE f.active
  AND (%(story)s::text IS NULL OR f.story = %(story)s)
  AND (%(kind)s::text IS NULL OR f.kind = %(kind)s)
  AND (%(status)s::text IS NULL OR f.status = %(status)s)
  AND (%(outlet)s::text IS NULL OR EXISTS (
        SELECT 1 FROM claims c WHERE c.id = ANY(f.claim_ids) AND c.outlet = %(outlet)s))
  AND (%(pattern)s::text IS NULL OR EXISTS (
        SELECT 1 FROM claims c WHERE c.id = ANY(f.claim_ids) AND c.text ILIKE %(pattern)s))
ORDER BY (f.status = 'open') DESC, f.severity DESC, f.id
LIMIT %(limit)s OFFSET %(offset)s;

-- name: dashboard_status_counts
-- Conflicts per status under the queue's other filters (the status tabs' numbers).
SELECT f.status, count(*) AS n FROM conflicts f
WHERE f.active
  AND (%(story)s::text IS NULL OR f.story = %(story)s)
  AND (%(kind)s::text IS NULL OR f.kind = %(kind)s)
  AND (%(outlet)s::text IS NULL OR EXISTS (
        SELECT 1 FROM claims c WHERE c.id = ANY(f.claim_ids) AND c.outlet = %(outlet)s))
  AND (%(pattern)s::text IS NULL OR EXISTS (
        SELECT 1 FROM claims c WHERE c.id = ANY(f.claim_ids) AND c.text ILIKE %(pattern)s))
GROUP BY f.status;

-- name: dashboard_neighbours
-- The open conflicts just after and just before one conflict in severity order (j / k).
SELECT
  (SELECT n.id FROM conflicts n
   WHERE n.active AND n.status = 'open' AND n.id <> c.id
     AND (n.severity < c.severity OR (n.severity = c.severity AND n.id > c.id))
   ORDER BY n.severity DESC, n.id LIMIT 1) AS next_id,
  (SELECT p.id FROM conflicts p
   WHERE p.active AND p.status = 'open' AND p.id <> c.id
     AND (p.severity > c.severity OR (p.severity = c.severity AND p.id < c.id))
   ORDER BY p.severity ASC, p.id DESC LIMIT 1) AS prev_id
FROM conflicts c WHERE c.id = %(id)s;

-- name: dashboard_stories
-- The stories holding articles, for the story filters: newest activity first, with titles
-- (a story written without its row, as tests and tools may, comes last, by name).
SELECT a.story, s.title
FROM (SELECT DISTINCT story FROM articles) a LEFT JOIN stories s ON s.id = a.story
ORDER BY s.activity DESC NULLS LAST, a.story
LIMIT 500;

-- name: dashboard_story_list
-- A page of the Stories page: newest activity first, merged stories left out, `pattern`
-- (ILIKE, wildcards escaped) searching ids and titles; counts as GET /api/stories gives them,
-- counted for the page's stories only.
WITH page AS (
    SELECT s.id FROM stories s
    WHERE s.merged_into IS NULL
      AND (%(pattern)s::text IS NULL OR s.id ILIKE %(pattern)s OR s.title ILIKE %(pattern)s)
    ORDER BY s.activity DESC
    LIMIT %(limit)s OFFSET %(offset)s
)
SELECT s.id, s.title, s.merged_into, s.created_at, s.articles, s.outlets, s.first_seen,
       s.last_seen, s.open_conflicts
FROM page JOIN story_rows s ON s.id = page.id
ORDER BY s.activity DESC;

-- name: dashboard_story_count
SELECT count(*) AS n FROM stories s
WHERE s.merged_into IS NULL
  AND (%(pattern)s::text IS NULL OR s.id ILIKE %(pattern)s OR s.title ILIKE %(pattern)s);

-- name: dashboard_outlet_names
SELECT DISTINCT outlet FROM articles ORDER BY outlet LIMIT 500;

-- name: dashboard_articles_by_ids
-- Article texts for showing claims in context.
SELECT id, story, outlet, title, url, published_at, text FROM articles WHERE id = ANY(%(ids)s);

-- name: dashboard_articles
-- Articles newest first, with how many of their claims sit in an active conflict.
SELECT a.id, a.story, a.outlet, a.title, a.url, a.published_at, a.created_at,
       (SELECT count(*) FROM claims c WHERE c.article_id = a.id) AS claims,
       (SELECT count(*) FROM claims c WHERE c.article_id = a.id AND EXISTS (
            SELECT 1 FROM conflicts f WHERE f.active AND c.id = ANY(f.claim_ids))) AS disputed
FROM articles a
WHERE (%(story)s::text IS NULL OR a.story = %(story)s)
  AND (%(outlet)s::text IS NULL OR a.outlet = %(outlet)s)
ORDER BY a.published_at DESC NULLS LAST, a.id DESC
LIMIT %(limit)s;

-- name: dashboard_conflicts_of_claims
-- Active conflicts that involve any of the given claims.
SELECT * FROM conflicts WHERE active AND claim_ids && %(ids)s::bigint[]
ORDER BY severity DESC, id;

-- name: dashboard_conflicts_by_ids
SELECT * FROM conflicts WHERE id = ANY(%(ids)s);

-- name: dashboard_outlet_stats
-- Per outlet: articles, claims, claims with figures, claims crediting a source.
SELECT a.outlet,
       count(DISTINCT a.id) AS articles,
       count(c.id) AS claims,
       count(c.id) FILTER (WHERE jsonb_array_length(c."values") > 0) AS numeric_claims,
       count(c.id) FILTER (WHERE c.source IS NOT NULL) AS credited_claims
FROM articles a LEFT JOIN claims c ON c.article_id = a.id
GROUP BY a.outlet ORDER BY a.outlet;

-- name: dashboard_source_stats
-- Per credited source (by normalised key): its longest spelling, every spelling (truth
-- discovery scores sources by spelling), claims, figures, outlets.
SELECT c.source->>'key' AS key,
       (array_agg(c.source->>'name' ORDER BY length(c.source->>'name') DESC, c.id))[1] AS name,
       array_agg(DISTINCT c.source->>'name' ORDER BY c.source->>'name') AS spellings,
       min(c.source->>'kind') AS kind,
       count(*) AS claims,
       count(*) FILTER (WHERE jsonb_array_length(c."values") > 0) AS numeric_claims,
       array_agg(DISTINCT c.outlet ORDER BY c.outlet) AS outlet_names
FROM claims c WHERE c.source IS NOT NULL
GROUP BY c.source->>'key' ORDER BY count(*) DESC, 1;

-- name: dashboard_claims_of_outlet
SELECT c.* FROM claim_rows c
WHERE c.outlet = %(outlet)s
ORDER BY c.published_at DESC NULLS LAST, c.article_id DESC, c.position
LIMIT %(limit)s;

-- name: dashboard_claims_of_sources
SELECT c.* FROM claim_rows c
WHERE c.source->>'key' = ANY(%(keys)s)
ORDER BY c.published_at DESC NULLS LAST, c.article_id DESC, c.position
LIMIT %(limit)s;
